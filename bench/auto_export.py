"""Auto-export: one edit in the library until the ``.bib`` on disk shows it.

A throwaway copy of the generated library gets a BibTeX export target
(``exporter.add_target``) and the background updater (``exporter.start()``,
with its default gathering delay).  Each run changes one paper's citation
key (``library.set_citekey``) and polls the file until the new key is in it.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from refdesk.exporting import Exporter
from refdesk.library import Library, open_database
from refdesk.model import ExportFormat, ExportTarget, Query
from refdesk.settings import Settings

from .common import Config, Metric, Stats, main
from .generate import generate_library, working_copy

MEASURE = "auto_export"
POLL_SECONDS = 0.002
#: The updater checks the entry cache once when it starts; edits are timed after that.
START_PASS_SECONDS = 5.0
TIMEOUT_SECONDS = 600.0


def wait_for(path: Path, needle: bytes, since_mtime: int, timeout: float = TIMEOUT_SECONDS) -> None:
    """Poll ``path`` until it was replaced and holds ``needle``."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if path.stat().st_mtime_ns != since_mtime and needle in path.read_bytes():
                return
        except OSError:
            pass
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{path} did not show the edit within {timeout:.0f} s")


def run(config: Config) -> Sequence[Metric]:
    generated = generate_library(config.size, config.seed, config.cache_dir)
    with tempfile.TemporaryDirectory(prefix="refdesk-bench-") as scratch:
        database, _ = open_database(working_copy(generated, Path(scratch)))
        settings = Settings(demo_library=False)
        library = Library(database, settings)
        exporter = Exporter(library, settings)
        bib = Path(scratch) / "library.bib"
        try:
            began = time.perf_counter()
            exporter.add_target(ExportTarget(str(bib), ExportFormat.BIBTEX))
            first_write = time.perf_counter() - began
            exporter.start()
            time.sleep(START_PASS_SECONDS)  # the updater's start pass (cache warm-up) runs first
            rows = library.rows(Query(), 0, max(1, config.runs))
            samples = []
            for number in range(config.capped(5, 5)):
                row = rows[number % len(rows)]
                key = f"benchedit{number}x{row.id}"
                mtime = bib.stat().st_mtime_ns
                began = time.perf_counter()
                library.set_citekey(row.id, key)
                wait_for(bib, ("{" + key + ",").encode(), mtime)
                samples.append(time.perf_counter() - began)
                time.sleep(0.3)  # let the updater go idle before the next edit
        finally:
            exporter.stop()
            database.close()
    return [
        Metric.timing(MEASURE, "one edit until the .bib on disk is updated", config.size,
                      Stats(tuple(samples)), target_key="auto_export",
                      note="includes the exporter's default gathering delay"),
        Metric.timing(MEASURE, "first write of a new target (add_target)", config.size,
                      Stats((first_write,)), unit="s"),
    ]


if __name__ == "__main__":
    main(run)
