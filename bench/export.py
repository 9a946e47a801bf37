"""Exporting the whole library to BibTeX and BibLaTeX, against bibtexparser.

RefDesk: ``services.exporter.export_text`` (ids, loading every paper,
rendering), timed whole and by phase.  Peer: bibtexparser v2's default
``write_string`` over the same entries; its ``Library`` is built once, outside
the timing, by parsing RefDesk's own BibTeX export with ``parse_string``.
"""

from __future__ import annotations

from collections.abc import Sequence

import bibtexparser

from refdesk.exporting import Exporter
from refdesk.library import Library, open_database
from refdesk.model import ExportFormat
from refdesk.settings import Settings

from .common import Config, Metric, main, repeat
from .generate import generate_library

MEASURE = "export"


def run(config: Config) -> Sequence[Metric]:
    generated = generate_library(config.size, config.seed, config.cache_dir)
    database, _ = open_database(generated.path)
    settings = Settings(demo_library=False)
    exporter = Exporter(Library(database, settings), settings)
    runs = config.capped(3, 2)
    metrics: list[Metric] = []
    try:
        for fmt in (ExportFormat.BIBTEX, ExportFormat.BIBLATEX):
            text = ""

            def export(fmt: ExportFormat = fmt) -> None:
                nonlocal text
                text = exporter.export_text(fmt)

            stats = repeat(export, runs if fmt == ExportFormat.BIBTEX else config.capped(3, 1))
            metrics.append(Metric.timing(MEASURE, f"RefDesk {fmt.value} export (export_text)", config.size,
                                         stats, unit="s", bytes=len(text.encode()),
                                         target_key="export_bibtex" if fmt == ExportFormat.BIBTEX else ""))
            if fmt == ExportFormat.BIBTEX:
                bibtex_text = text
        papers: list = []
        load = repeat(lambda: papers.extend(exporter.papers()) or None, 1)
        render = repeat(lambda: exporter.render(papers, ExportFormat.BIBTEX), 1)
        metrics.append(Metric.timing(MEASURE, "RefDesk bibtex phase: load papers (ids + get_many)",
                                     config.size, load, unit="s"))
        metrics.append(Metric.timing(MEASURE, "RefDesk bibtex phase: render (export_bibtex)",
                                     config.size, render, unit="s"))
        del papers
        parsed = bibtexparser.parse_string(bibtex_text)
        entries = len(parsed.entries)
        peer = repeat(lambda: bibtexparser.write_string(parsed), runs)
        metrics.append(Metric.timing(MEASURE, "bibtexparser v2 write_string (default)", config.size, peer,
                                     unit="s", entries=entries))
        refdesk_bibtex = metrics[0].value
        metrics.append(Metric(MEASURE, "speed-up vs bibtexparser write_string", config.size, "x",
                              peer.median / refdesk_bibtex if refdesk_bibtex else float("nan"),
                              runs=runs, details={"target_key": "export_ratio",
                                                  "note": "bibtexparser median / RefDesk BibTeX median"}))
    finally:
        database.close()
    return metrics


if __name__ == "__main__":
    main(run)
