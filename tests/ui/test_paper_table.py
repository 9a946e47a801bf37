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


def _counting_reads(library, monkeypatch) -> list[tuple[int, int]]:
    reads: list[tuple[int, int]] = []
    original = library.rows
    monkeypatch.setattr(library, "rows", lambda query, offset=0, limit=100: reads.append((offset, limit))
                        or original(query, offset, limit))
    return reads


def test_every_row_is_there_but_only_shown_pages_are_read(library, monkeypatch):
    _fill(library, 450)
    reads = _counting_reads(library, monkeypatch)
    model = PaperTableModel(library, page_size=200)
    assert model.total == model.rowCount() == 450
    assert reads == [(0, 200)]  # the first screen
    expected = library.rows(model.query, 0, 450)
    assert model.index(449, 0).data() == expected[449].title
    assert model.index(401, 0).data() == expected[401].title
    assert reads[1:] == [(0, 450), (400, 200)]  # the test's own read, then one for the last page
    assert model.index(450, 0).data() is None
    assert [model.paper_id(r) for r in (0, 199, 200, 449)] == [expected[r].id for r in (0, 199, 200, 449)]


def test_only_a_bounded_number_of_pages_is_kept(library, monkeypatch):
    from refdesk.ui import paper_table

    monkeypatch.setattr(paper_table, "CACHED_PAGES", 2)
    _fill(library, 50)
    reads = _counting_reads(library, monkeypatch)
    model = PaperTableModel(library, page_size=10)
    for row in (0, 15, 25, 35, 5):  # pages 0, 1, 2, 3, then 0 again (dropped by then)
        assert model.index(row, 0).data()
    assert [offset for offset, _ in reads] == [0, 10, 20, 30, 0]


def test_rows_of_finds_papers_outside_the_loaded_pages(library):
    _fill(library, 450)
    model = PaperTableModel(library, page_size=50)
    model.sort(model.column_of("pmid"), Qt.SortOrder.AscendingOrder)
    order = library.ids(model.query)
    wanted = [order[420], order[3], order[199]]
    assert model.rows_of(wanted + [10**9]) == {order[420]: 420, order[3]: 3, order[199]: 199}
    assert model.ids_at([420, 3]) == [order[420], order[3]]
    assert model.ids_at(list(range(450))) == order  # a large selection: all ids in one read


def test_a_large_library_opens_without_reading_every_row(library):
    _fill(library, 5000)
    started = time.perf_counter()
    model = PaperTableModel(library)
    elapsed = time.perf_counter() - started
    assert model.total == 5000 == model.rowCount()
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


def test_select_all_selects_every_paper_not_only_the_loaded_pages(qtbot, make_window, services):
    _fill(services.library, 1000)
    window = make_window(services)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.selected_ids() == services.library.ids(window.model.query)
    assert len(window.selected_ids()) == 1000


def test_selecting_a_paper_far_down_scrolls_to_it(qtbot, make_window, services):
    _fill(services.library, 1000)
    window = make_window(services)
    far = services.library.ids(window.model.query)[870]
    window.select_ids([far])
    assert window.table.current_id() == far
    assert window.selected_ids() == [far]
    assert window.table.rowAt(window.table.viewport().height() // 2) > 800  # scrolled there


def test_retracted_papers_are_marked_in_the_title_column(library):
    from refdesk.model import Notice

    library.add_papers([
        make_paper(1, links=(), notices=(Notice("RetractionIn", "Retraction in: J Test. 2020.", 31000001),)),
        make_paper(2, links=(), notices=(), publication_types=("Journal Article", "Retracted Publication")),
        make_paper(3, links=(), notices=(Notice("ErratumIn", "Erratum in: J Test. 2020.", 31000002),)),
    ])
    model = PaperTableModel(library)
    model.sort(model.column_of("pmid"), Qt.SortOrder.AscendingOrder)
    title = model.column_of("title")
    assert [model.row_at(r).retracted for r in range(3)] == [True, True, False]
    for row, marked in ((0, True), (1, True), (2, False)):
        index = model.index(row, title)
        assert (index.data(Qt.ItemDataRole.DecorationRole) is not None) == marked
        assert (index.data(Qt.ItemDataRole.ForegroundRole) is not None) == marked
        assert ("Retracted" in index.data(Qt.ItemDataRole.ToolTipRole)) == marked
    assert model.index(0, model.column_of("journal")).data(Qt.ItemDataRole.DecorationRole) is None
