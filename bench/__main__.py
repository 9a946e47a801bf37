"""``python -m bench``: run every benchmark and write results.json and RESULTS.md.

Libraries are generated (or taken from ``bench/.cache``) first; then each
benchmark runs in its own fresh interpreter, once per library size for the
library measures and once for the size-independent ones (XML parsing, batch
import).  A benchmark that fails is reported as failed; the others still run.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .common import BENCH_DIR, RESULT_MARKER, ROOT, Config
from refdesk.library import open_database

from .generate import DEFAULT_SEED, generate_library
from .machine import machine_info
from .report import write_markdown
from .targets import judge_all

LIBRARY_MEASURES = ("open_gui", "scroll_sort", "search", "export", "auto_export", "memory")
ONCE_MEASURES = ("xml_parse", "batch_import")


def run_module(module: str, config: Config, timeout: float) -> tuple[list[dict[str, Any]], str]:
    """Run ``bench.<module>`` in a fresh interpreter; its metrics, or an error text."""
    command = [sys.executable, "-m", f"bench.{module}", "--config", json.dumps(dataclasses.asdict(config))]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [], f"timed out after {timeout:.0f} s"
    lines = [l for l in done.stdout.splitlines() if l.startswith(RESULT_MARKER)]
    if done.returncode != 0 or not lines:
        return [], f"exit {done.returncode}: {done.stderr.strip()[-1500:]}"
    return json.loads(lines[-1][len(RESULT_MARKER):]), ""


def code_version() -> dict[str, Any]:
    """The commit measured, and whether the package had uncommitted changes."""
    def git(*command: str) -> str:
        done = subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    return {"commit": git("rev-parse", "--short", "HEAD"),
            "refdesk_changes": git("status", "--porcelain", "--", "refdesk").splitlines()}


def merge_previous(results: dict[str, Any], previous: dict[str, Any], ran: set[tuple[str, int]]) -> None:
    """Add what ``previous`` measured and this run did not (other sizes, other measures)."""
    def job(metric: dict[str, Any]) -> tuple[str, int]:
        size = 0 if metric["measure"] in ONCE_MEASURES else metric["size"]
        return metric["measure"], size

    kept = [m for m in previous["metrics"] if job(m) not in ran]
    if not kept:
        return
    results["metrics"] = kept + results["metrics"]
    sizes = {g["size"] for g in results["generation"]}
    results["generation"] = [g for g in previous["generation"] if g["size"] not in sizes] + results["generation"]
    results["generation"].sort(key=lambda g: g["size"])
    results["sizes"] = sorted(set(results["sizes"]) | set(previous["sizes"]))
    results["merged_from"] = {"date": previous["date"], "duration_s": previous["duration_s"],
                              "code": previous.get("code", {}),
                              "load_average_at_start": previous["machine"]["load_average_at_start"],
                              "jobs": sorted({f"{m}@{s}" for m, s in map(job, kept)})}
    results["duration_s"] += previous["duration_s"]
    results["targets"] = judge_all(results["metrics"])
    order = {m: i for i, m in enumerate(LIBRARY_MEASURES + ONCE_MEASURES)}
    results["metrics"].sort(key=lambda m: (order[m["measure"]], m["size"] if m["measure"] != "open_gui" else 0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure (some cap it lower)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--only", nargs="+", choices=LIBRARY_MEASURES + ONCE_MEASURES,
                        help="run just these benchmarks")
    parser.add_argument("--out", type=Path, default=BENCH_DIR, help="where results.json and RESULTS.md go")
    parser.add_argument("--cache", type=Path, default=BENCH_DIR / ".cache")
    parser.add_argument("--xml-articles", type=int, default=5000)
    parser.add_argument("--import-pmids", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds allowed per benchmark process")
    parser.add_argument("--merge", action="store_true",
                        help="keep the results of OUT/results.json for measures and sizes not run now")
    args = parser.parse_args(argv)
    wanted = set(args.only or LIBRARY_MEASURES + ONCE_MEASURES)
    started = time.time()
    machine = machine_info()
    code = code_version()

    generation = []
    for size in args.sizes:
        print(f"library of {size:,} papers ...", flush=True)
        library = generate_library(size, args.seed, args.cache, progress=False)
        generation.append({"size": size, "seed": args.seed, "insert_seconds": round(library.insert_seconds, 2),
                           "papers_per_second": round(library.papers_per_second),
                           "slowest_batch_s": round(max(library.batch_seconds), 2),
                           "first_batch_s": round(library.batch_seconds[0], 2),
                           "last_batch_s": round(library.batch_seconds[-1], 2),
                           "cached": library.cached, "bytes": library.path.stat().st_size})
        # Bring a cached library up to the current schema now, so no benchmark times a migration.
        database, _ = open_database(library.path)
        database.close()

    metrics: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    jobs = [(m, size) for size in args.sizes for m in LIBRARY_MEASURES if m in wanted]
    jobs += [(m, 0) for m in ONCE_MEASURES if m in wanted]
    for module, size in jobs:
        config = Config(size=size, runs=args.runs, seed=args.seed, cache=str(args.cache),
                        xml_articles=args.xml_articles, import_pmids=args.import_pmids, queries=args.queries)
        began = time.time()
        print(f"{module} at {size:,} ...", end=" ", flush=True)
        found, error = run_module(module, config, args.timeout)
        print(f"{time.time() - began:.0f} s" + (f" FAILED: {error[:300]}" if error else ""), flush=True)
        metrics += found
        if error:
            failures.append({"measure": module, "size": str(size), "error": error})

    results = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "machine": machine,
        "code": dict(code, refdesk_changes_at_end=code_version()["refdesk_changes"]),
        "sizes": args.sizes,
        "runs": args.runs,
        "seed": args.seed,
        "duration_s": round(time.time() - started),
        "generation": generation,
        "targets": judge_all(metrics),
        "metrics": metrics,
        "failures": failures,
    }
    if args.merge and (args.out / "results.json").exists():
        merge_previous(results, json.loads((args.out / "results.json").read_text()), set(jobs))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    write_markdown(results, args.out / "RESULTS.md")
    print(f"wrote {args.out / 'results.json'} and {args.out / 'RESULTS.md'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
