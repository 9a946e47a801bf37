"""What every benchmark shares: timing statistics, memory readings, results.

A benchmark module exposes ``run(config) -> list[Metric]``.  The runner
(``python -m bench``) starts each module in a fresh interpreter
(``python -m bench.<module> --config JSON``) so that peak memory belongs to
one measure and nothing is warm from a previous one; the child prints its
metrics as JSON on the last line of its output.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULT_MARKER = "BENCH-RESULT "


@dataclass(frozen=True)
class Config:
    """What the runner passes to every benchmark."""

    size: int
    runs: int = 5
    seed: int = 20240601
    cache: str = str(BENCH_DIR / ".cache")
    #: Articles in the large EFetch file for the XML benchmark.
    xml_articles: int = 5000
    #: PMIDs for the batch-import benchmark.
    import_pmids: int = 1000
    #: Queries typed for the search-as-you-type benchmark.
    queries: int = 50

    @property
    def cache_dir(self) -> Path:
        return Path(self.cache)

    def capped(self, small: int, large: int = 1, large_size: int = 50_000) -> int:
        """Runs for a measure that is slow: at most ``small``, or ``large`` from ``large_size`` papers on."""
        return max(1, min(self.runs, large if self.size >= large_size else small))


@dataclass(frozen=True)
class Stats:
    """Several timings of one thing, in seconds."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def minimum(self) -> float:
        return min(self.samples)

    @property
    def maximum(self) -> float:
        return max(self.samples)

    def quantile(self, q: float) -> float:
        """Linear-interpolated quantile (``q`` in 0..1)."""
        ordered = sorted(self.samples)
        if len(ordered) == 1:
            return ordered[0]
        position = q * (len(ordered) - 1)
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Metric:
    """One reported number, with its spread and the memory it took."""

    measure: str
    name: str
    size: int
    unit: str
    value: float
    low: float | None = None
    high: float | None = None
    spread: str = "min-max"
    runs: int = 1
    peak_rss_mb: float | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def timing(cls, measure: str, name: str, size: int, stats: Stats, unit: str = "ms",
               **details: Any) -> Metric:
        scale = 1000.0 if unit == "ms" else 1.0
        return cls(measure, name, size, unit, stats.median * scale, stats.minimum * scale,
                   stats.maximum * scale, "min-max", len(stats.samples), details=dict(details))

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def repeat(action: Callable[[], object], runs: int, warmup: int = 0) -> Stats:
    """Time ``action`` ``runs`` times (after ``warmup`` untimed calls)."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        samples.append(time.perf_counter() - began)
    return Stats(tuple(samples))


def proc_status() -> dict[str, float]:
    """This process's ``VmRSS``/``VmHWM`` from ``/proc/self/status``, in MB."""
    values: dict[str, float] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0]) / 1024.0
    except OSError:
        pass
    return values


def peak_rss_mb() -> float | None:
    return proc_status().get("VmHWM")


def main(run: Callable[[Config], Sequence[Metric]]) -> None:
    """Entry point of a benchmark module run as ``python -m bench.<module>``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True, help="the Config as JSON")
    args = parser.parse_args()
    config = Config(**json.loads(args.config))
    metrics = list(run(config))
    peak = peak_rss_mb()
    for metric in metrics:
        if metric.peak_rss_mb is None:
            metric.peak_rss_mb = peak
    sys.stdout.flush()
    print(RESULT_MARKER + json.dumps([m.to_json() for m in metrics]), flush=True)
