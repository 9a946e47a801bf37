"""Opening the GUI on a library until the table has painted its first rows.

Each run starts ``bench/gui_child.py`` in a fresh interpreter, offscreen
(``QT_QPA_PLATFORM=offscreen``), with its own empty home, config and data
directories.  The clock starts just before the process is spawned, so the
time includes the interpreter's start and the imports -- what the user
waits for -- and these parts are reported separately too.  The same is done
for an empty (already created) library.  The GUI runs on a throwaway copy
of the generated library, since it writes to it (the export entry cache is
filled in the background).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from refdesk.library import open_database

from .common import BENCH_DIR, Config, Metric, Stats, main
from .generate import generate_library, working_copy

MEASURE = "open_gui"
CHILD = BENCH_DIR / "gui_child.py"
MARKER = "GUI-CHILD "
PHASES = (
    ("interpreter start", "spawn", "script_start"),
    ("imports (refdesk.app, refdesk.ui, Qt)", "script_start", "imported"),
    ("open_services (open + check the library)", "open_services_start", "open_services_end"),
    ("MainWindow() (model: count + first page)", "window_start", "window_built"),
    ("show until first paint done", "window_built", "painted"),
)


@dataclass(frozen=True)
class Launch:
    """The timestamps and memory one child reported."""

    stamps: dict[str, float]

    def span(self, start: str, end: str) -> float:
        return self.stamps[end] - self.stamps[start]

    @property
    def total(self) -> float:
        return self.span("spawn", "painted")


def launch(library: Path, timeout: float = 300.0) -> Launch:
    """Start the GUI on ``library`` in a fresh, isolated process; wait for first paint."""
    with tempfile.TemporaryDirectory(prefix="refdesk-gui-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=home,
                   XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data",
                   XDG_CACHE_HOME=f"{home}/cache", XDG_RUNTIME_DIR=home)
        for name in ("REFDESK_DB", "NCBI_API_KEY", "NCBI_EMAIL", "REFDESK_EUTILS_URL"):
            env.pop(name, None)
        spawn = time.time()
        done = subprocess.run([sys.executable, str(CHILD), str(library)], env=env, capture_output=True,
                              text=True, timeout=timeout)
    lines = [l for l in done.stdout.splitlines() if l.startswith(MARKER)]
    if not lines:
        raise RuntimeError(f"The GUI did not report a first paint (exit {done.returncode}):\n"
                           f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    stamps = json.loads(lines[-1][len(MARKER):])
    stamps["spawn"] = spawn
    return Launch(stamps)


def empty_library(directory: Path) -> Path:
    """A created, migrated library without papers."""
    path = directory / "empty.sqlite"
    if not path.exists():
        database, _ = open_database(path)
        database.close()
    return path


def launches(library: Path, runs: int) -> list[Launch]:
    launch(library)  # warm the OS file cache once, as a second start would be
    return [launch(library) for _ in range(runs)]


def run(config: Config) -> Sequence[Metric]:
    generated = generate_library(config.size, config.seed, config.cache_dir)
    metrics: list[Metric] = []
    with tempfile.TemporaryDirectory(prefix="refdesk-open-") as scratch:
        # The GUI fills the export entry cache in the background: work on a copy.
        library = working_copy(generated, Path(scratch))
        for label, path, target in ((f"{config.size:,} papers", library, "open"),
                                    ("empty library", empty_library(Path(scratch)), "empty_start")):
            results = launches(path, config.runs)
            size = config.size if target == "open" else 0
            metric = Metric.timing(MEASURE, f"start to first paint, {label}", size,
                                   Stats(tuple(r.total for r in results)), target_key=target,
                                   rows_loaded=results[-1].stamps.get("rows_loaded"),
                                   sqlalchemy_loaded_at_first_paint=any(r.stamps.get("sqlalchemy_loaded")
                                                                        for r in results))
            metric.peak_rss_mb = max(r.stamps.get("VmHWM", 0.0) for r in results)
            metrics.append(metric)
            for phase, start, end in PHASES:
                part = Metric.timing(MEASURE, f"  {phase}, {label}", size,
                                     Stats(tuple(r.span(start, end) for r in results)))
                part.peak_rss_mb = metric.peak_rss_mb
                metrics.append(part)
    return metrics


if __name__ == "__main__":
    main(run)
