"""The benchmarks run end to end at a tiny size and produce results (nothing is timed here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEASURES = {"open_gui", "scroll_sort", "search", "export", "auto_export", "memory", "xml_parse", "batch_import"}


@pytest.mark.slow
def test_every_benchmark_runs_at_a_tiny_size(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "bench", "--sizes", "200", "--runs", "1", "--queries", "3",
               "--xml-articles", "40", "--import-pmids", "30", "--out", str(tmp_path),
               "--cache", str(tmp_path / "cache"), "--timeout", "120"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr

    results = json.loads((tmp_path / "results.json").read_text())
    assert results["failures"] == []
    assert {m["measure"] for m in results["metrics"]} == MEASURES
    for metric in results["metrics"]:
        if "skipped" not in metric["details"]:
            assert metric["value"] == metric["value"], metric  # not NaN
    first_paints = [m for m in results["metrics"] if m["name"].startswith("start to first paint")]
    assert len(first_paints) == 2
    # An existing library paints its first rows before SQLAlchemy is imported.
    assert [m["details"]["sqlalchemy_loaded_at_first_paint"] for m in first_paints] == [False, False]
    assert results["machine"]["cores"] >= 1
    assert [g["size"] for g in results["generation"]] == [200]
    assert {t["key"] for t in results["targets"] if t["measured"] is not None} >= {
        "empty_start", "xml_ratio", "import_requests"}
    table = (tmp_path / "RESULTS.md").read_text()
    assert "## Targets" in table and "| CPU |" in table
