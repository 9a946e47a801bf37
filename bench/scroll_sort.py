"""Scrolling deep into the table and sorting it.

* ``library.rows`` with offset 50,000 (or the middle row of a smaller
  library), 50 rows: what the table needs to show rows 50,000-50,050.
* The first page (200 rows, plus the count the table asks for) sorted by year
  and by title, both directions, through ``library.rows``.
* The same through the GUI's ``PaperTableModel`` when ``refdesk.ui`` is
  available: ``sort()`` on the year and title columns, and a jump to row
  50,000 (as when the scroll bar is dragged there): every cell of rows
  50,000-50,050 asked for, which reads the pages they are on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from refdesk.library import Library, open_database
from refdesk.model import Query, SortField
from refdesk.settings import Settings

from .common import Config, Metric, Stats, main, repeat
from .generate import generate_library

MEASURE = "scroll_sort"
DEEP_ROW = 50_000
SHOWN = 50
FIRST_PAGE = 200
#: Paging through the Qt model to row 50,000 stops after this many seconds.


def deep_offset(size: int) -> int:
    """Row 50,000, or the middle of a library too small to have it."""
    return DEEP_ROW if size > DEEP_ROW + SHOWN else max(0, size // 2 - SHOWN)


def run(config: Config) -> Sequence[Metric]:
    generated = generate_library(config.size, config.seed, config.cache_dir)
    database, _ = open_database(generated.path)
    library = Library(database, Settings(demo_library=False))
    metrics: list[Metric] = []
    try:
        offset = deep_offset(config.size)
        stats = repeat(lambda: library.rows(Query(), offset, SHOWN), config.runs, warmup=1)
        metrics.append(Metric.timing(MEASURE, f"rows {offset:,}-{offset + SHOWN:,} (library.rows)",
                                     config.size, stats, offset=offset))
        for field, descending in ((SortField.YEAR, True), (SortField.YEAR, False),
                                  (SortField.TITLE, False), (SortField.TITLE, True)):
            query = Query(sort=field, descending=descending)

            def first_page(query: Query = query) -> None:
                library.count(query)
                library.rows(query, 0, FIRST_PAGE)

            stats = repeat(first_page, config.runs, warmup=1)
            direction = "desc" if descending else "asc"
            metrics.append(Metric.timing(MEASURE, f"sort by {field.value} {direction}: first page + count",
                                         config.size, stats, sort=field.value, descending=descending,
                                         target_key="sort"))
        metrics += _through_qt_model(library, config, offset)
    finally:
        database.close()
    return metrics


def _through_qt_model(library: Library, config: Config, offset: int) -> list[Metric]:
    """The same through the table model of the GUI, when it is available."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from refdesk.ui.paper_table import COLUMN_KEYS, PaperTableModel
    except ImportError as exc:
        return [Metric(MEASURE, "Qt table model", config.size, "n/a", float("nan"),
                       details={"skipped": f"refdesk.ui not importable: {exc}"})]
    app = QApplication.instance() or QApplication([])
    metrics: list[Metric] = []
    model = PaperTableModel(library)
    for key, order in (("year", Qt.SortOrder.DescendingOrder), ("title", Qt.SortOrder.AscendingOrder)):
        column = COLUMN_KEYS.index(key)
        samples = []
        for _ in range(config.runs + 1):
            model.sort(COLUMN_KEYS.index("added"), Qt.SortOrder.DescendingOrder)  # untimed: back to the default
            began = time.perf_counter()
            model.sort(column, order)
            samples.append(time.perf_counter() - began)
        direction = "desc" if order == Qt.SortOrder.DescendingOrder else "asc"
        metrics.append(Metric.timing(MEASURE, f"Qt model: sort by {key} {direction} (model.sort)", config.size,
                                     Stats(tuple(samples[1:])), target_key="sort",
                                     note="model reset: count + first page of 200"))

    model = PaperTableModel(library)

    def jump_in_model() -> None:
        model.reload()  # a fresh model state: only the first page is read
        for row in range(offset, offset + SHOWN):
            for column in range(model.columnCount()):
                model.data(model.index(row, column))

    stats = repeat(jump_in_model, config.capped(5, 5))
    metrics.append(Metric.timing(MEASURE, f"Qt model: jump to rows {offset:,}-{offset + SHOWN:,} (every cell)",
                                 config.size, stats, offset=offset,
                                 note="model reset (count + first page), then the pages of those rows"))
    del app
    return metrics


if __name__ == "__main__":
    main(run)
