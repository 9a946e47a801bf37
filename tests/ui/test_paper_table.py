"""The library table: model contract, lazy paging, DB sorting, search, in-place key edits."""

from __future__ import annotations

import time

from PySide6.QtCore import QModelIndex, Qt

from paper_factory import make_paper
from refdesk.model import SortField, View
from refdesk.ui.paper_table import COLUMNS, ID_ROLE, PaperTableModel


def _fill(library, count: int, start: int = 1) -> None:
    library.add_papers([make_paper(n, links=(), notices=()) for n in range(start, start + count)])


def test_model_passes_qtmodeltester(qtmodeltester, library):
    _fill(library, 30)
    model = PaperTableModel(library, page_size=7, edit_citekey=lambda _i, _k: True)
    qtmodeltester.check(model, force_py=True)


def test_empty_model_passes_qtmodeltester(qtmodeltester, library):
    qtmodeltester.check(PaperTableModel(library), force_py=True)


def test_rows_load_a_page_at_a_time(library):
    _fill(library, 450)
    model = PaperTableModel(library, page_size=200)
    assert model.total == 450
    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())


def test_a_large_library_opens_without_reading_every_row(library):
    _fill(library, 5000)
    started = time.perf_counter()
    model = PaperTableModel(library)
    elapsed = time.perf_counter() - started
    assert model.total == 5000 and model.rowCount() == 200
    assert elapsed < 1.0


def test_columns_are_declared_as_data(library):
    _fill(library, 1)
    model = PaperTableModel(library)
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == ["Title", "Authors", "Journal", "Year", "PMID", "Citation key", "Added"]
    row = library.rows()[0]
    assert model.index(0, model.column_of("pmid")).data() == str(row.pmid)
    assert model.index(0, model.column_of("authors")).data() == row.authors
    assert model.index(0, 0).data(ID_ROLE) == row.id


def test_sorting_happens_in_the_database(library, monkeypatch):
    _fill(library, 5)
    model = PaperTableModel(library)
    asked = []
    original = library.rows
    monkeypatch.setattr(library, "rows", lambda query, offset=0, limit=100: asked.append(query) or original(query, offset, limit))
    model.sort(model.column_of("year"), Qt.SortOrder.AscendingOrder)
    assert asked[-1].sort == SortField.YEAR and not asked[-1].descending
    years = [int(model.index(r, model.column_of("year")).data()) for r in range(model.rowCount())]
    assert years == sorted(years)
    model.sort(model.column_of("pmid"), Qt.SortOrder.DescendingOrder)
    pmids = [int(model.index(r, model.column_of("pmid")).data()) for r in range(model.rowCount())]
    assert pmids == sorted(pmids, reverse=True)


def test_every_column_sorts(library):
    _fill(library, 3)
    model = PaperTableModel(library)
    for number, column in enumerate(COLUMNS):
        model.sort(number, Qt.SortOrder.AscendingOrder)
        assert model.query.sort == column.sort
        assert model.rowCount() == 3


def test_search_filters_through_the_index(library):
    _fill(library, 3)
    library.add_papers([make_paper(99, title="Zebrafish fin regeneration", title_markup="", links=(), notices=())])
    model = PaperTableModel(library)
    model.set_search("zebrafish")
    assert model.total == 1
    assert "Zebrafish" in model.index(0, 0).data()
    model.set_search("")
    assert model.total == 4


def test_views_show_trash_separately(library):
    _fill(library, 3)
    ids = library.ids()
    library.trash(ids[:1])
    model = PaperTableModel(library)
    assert model.total == 2
    model.set_view(View.TRASH)
    assert model.total == 1


def test_only_the_citekey_column_is_editable(library):
    _fill(library, 1)
    model = PaperTableModel(library, edit_citekey=lambda _i, _k: True)
    editable = [bool(model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable) for c in range(model.columnCount())]
    assert editable == [c.key == "citekey" for c in COLUMNS]


def test_set_data_calls_the_editor_and_updates_the_row(library):
    _fill(library, 1)
    calls = []
    model = PaperTableModel(library, edit_citekey=lambda i, k: calls.append((i, k)) or True)
    index = model.index(0, model.column_of("citekey"))
    assert model.setData(index, "  newkey2001 ")
    assert calls == [(model.paper_id(0), "newkey2001")]
    assert index.data() == "newkey2001"


def test_a_refused_edit_keeps_the_old_key(library):
    _fill(library, 1)
    model = PaperTableModel(library, edit_citekey=lambda _i, _k: False)
    index = model.index(0, model.column_of("citekey"))
    old = index.data()
    assert not model.setData(index, "other")
    assert index.data() == old


def test_default_widths_give_the_title_the_spare_width(qtbot, library):
    from refdesk.ui.table_view import TITLE_MIN_WIDTH, PaperTableView

    _fill(library, 2)
    view = PaperTableView()
    qtbot.addWidget(view)
    view.setModel(PaperTableModel(library))
    view.resize(1100, 400)
    view.show()
    view.apply_default_widths()
    header = view.horizontalHeader()
    widths = {c.key: header.sectionSize(n) for n, c in enumerate(COLUMNS)}
    assert widths["authors"] == 160 and widths["citekey"] == 150 and widths["year"] == 50
    assert sum(widths.values()) == view.viewport().width()
    view.resize(1300, 400)
    assert header.sectionSize(0) == 200 + widths["title"], "the title grows with the window"
    header.resizeSection(0, 333)  # by hand: the title keeps it
    assert not view.title_follows
    view.resize(1000, 400)
    assert header.sectionSize(0) == 333
    view.apply_default_widths()
    view.resize(500, 400)
    assert header.sectionSize(0) == TITLE_MIN_WIDTH, "never uselessly narrow; the table scrolls instead"


def test_long_cells_are_elided_with_the_full_text_in_the_tooltip(library):
    _fill(library, 1)
    model = PaperTableModel(library)
    row = library.rows()[0]
    for key in ("title", "authors", "journal"):
        assert model.index(0, model.column_of(key)).data(Qt.ItemDataRole.ToolTipRole) == getattr(row, key)
    tip = model.index(0, model.column_of("citekey")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(row.citekey) and "F2" in tip
    modes = {c.key: c.elide for c in COLUMNS}
    assert modes["citekey"] == Qt.TextElideMode.ElideMiddle and modes["title"] == Qt.TextElideMode.ElideRight


def test_the_table_announces_its_first_paint_once(qtbot, library):
    from refdesk.ui.table_view import PaperTableView

    _fill(library, 3)
    view = PaperTableView()
    view.setModel(PaperTableModel(library))
    qtbot.addWidget(view)
    announced: list[int] = []
    view.first_painted.connect(lambda: announced.append(view.model().rowCount()))
    with qtbot.waitSignal(view.first_painted, timeout=5000):
        view.show()
    view.viewport().repaint()
    view.resize(view.width() + 40, view.height() + 40)
    view.viewport().repaint()
    qtbot.wait(50)
    assert announced == [3]
