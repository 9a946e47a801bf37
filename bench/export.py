"""Exporting the whole library to BibTeX and BibLaTeX, against bibtexparser.

RefDesk keeps each paper's rendered entry in the library's entry cache until
the paper changes, and renders the entries of the default format (BibTeX) as
papers are stored.  So each format is timed twice on a throwaway copy of the
generated library: the first export (rendering whatever the cache lacks: for
BibTeX nothing, the library was built through the service; for BibLaTeX every
entry) and then repeated exports -- both through
``services.exporter.export_text``.  Rendering without the cache
(``Exporter.papers`` + ``Exporter.render``) is timed once, by phase.

Peer: bibtexparser v2's default ``write_string`` over the same entries; its
``Library`` is built once, outside the timing, by parsing RefDesk's own
BibTeX export with ``parse_string``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import bibtexparser

from refdesk.exporting import Exporter
from refdesk.library import Library, open_database
from refdesk.model import ExportFormat
from refdesk.settings import Settings

from .common import Config, Metric, main, repeat
from .generate import generate_library, working_copy

MEASURE = "export"


def run(config: Config) -> Sequence[Metric]:
    generated = generate_library(config.size, config.seed, config.cache_dir)
    with tempfile.TemporaryDirectory(prefix="refdesk-export-") as scratch:
        database, _ = open_database(working_copy(generated, Path(scratch)))
        try:
            return _measure(database, config)
        finally:
            database.close()


def _measure(database, config: Config) -> list[Metric]:  # database: refdesk.db.engine.Database
    settings = Settings(demo_library=False)
    exporter = Exporter(Library(database, settings), settings)
    runs = config.capped(3, 3)
    metrics: list[Metric] = []
    texts: dict[ExportFormat, str] = {}
    for fmt in (ExportFormat.BIBTEX, ExportFormat.BIBLATEX):
        bibtex = fmt == ExportFormat.BIBTEX

        def export(fmt: ExportFormat = fmt) -> None:
            texts[fmt] = exporter.export_text(fmt)

        cold = repeat(export, 1)
        warm = repeat(export, runs)
        size = len(texts[fmt].encode())
        metrics.append(Metric.timing(MEASURE, f"RefDesk {fmt.value}, first export (renders what the entry cache lacks)", config.size,
                                     cold, unit="s", bytes=size,
                                     **({"target_key": "export_bibtex_cold"} if bibtex else {})))
        metrics.append(Metric.timing(MEASURE, f"RefDesk {fmt.value}, export again (entry cache filled)", config.size,
                                     warm, unit="s", bytes=size,
                                     **({"target_key": "export_bibtex"} if bibtex else {})))
    papers: list = []
    load = repeat(lambda: papers.extend(exporter.papers()) or None, 1)
    render = repeat(lambda: exporter.render(papers, ExportFormat.BIBTEX), 1)
    metrics.append(Metric.timing(MEASURE, "without the cache: load papers (Exporter.papers)", config.size, load,
                                 unit="s"))
    metrics.append(Metric.timing(MEASURE, "without the cache: render BibTeX (Exporter.render)", config.size, render,
                                 unit="s"))
    del papers
    parsed = bibtexparser.parse_string(texts[ExportFormat.BIBTEX])
    peer = repeat(lambda: bibtexparser.write_string(parsed), runs)
    metrics.append(Metric.timing(MEASURE, "bibtexparser v2 write_string (default)", config.size, peer, unit="s",
                                 entries=len(parsed.entries)))
    for label, own, key in (("export again", metrics[1], "export_ratio"),
                            ("first export", metrics[0], "export_ratio_cold")):
        metrics.append(Metric(MEASURE, f"speed-up vs bibtexparser write_string ({label})", config.size, "x",
                              peer.median / own.value if own.value else float("nan"), runs=runs,
                              details={"target_key": key, "note": "bibtexparser median / RefDesk BibTeX median"}))
    return metrics


if __name__ == "__main__":
    main(run)
