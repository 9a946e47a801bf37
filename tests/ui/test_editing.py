"""Editing: citation keys in place, regenerating keys, trash with undo, restore, empty trash."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from paper_factory import make_paper
from refdesk.model import Query, View
from refdesk.ui.palette import Tone


def _window(make_window, services, count=3):
    services.library.add_papers([make_paper(n, links=(), notices=()) for n in range(1, count + 1)])
    return make_window(services)


def _wait_idle(qtbot, window):
    qtbot.waitUntil(lambda: not window.runner.active, timeout=10000)
    window.refresh_from_library()


def test_edit_a_citation_key_in_place(qtbot, make_window, services):
    window = _window(make_window, services, 1)
    paper_id = services.library.ids()[0]
    window.select_ids([paper_id])
    index = window.model.index(0, window.model.column_of("citekey"))
    window.table.setCurrentIndex(index)
    qtbot.keyClick(window.table, Qt.Key.Key_F2)
    editor = window.table.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, "conze2001il6")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: services.library.get(paper_id).citekey == "conze2001il6", timeout=5000)  # commits queued
    paper = services.library.get(paper_id)
    assert paper.citekey == "conze2001il6" and paper.citekey_pinned
    assert window.model.index(0, window.model.column_of("citekey")).data() == "conze2001il6"


def test_a_clashing_key_is_refused_with_a_clear_message(make_window, services):
    window = _window(make_window, services, 2)
    first, second = services.library.get_many(services.library.ids())
    row = window.model.rows_of([second.id])[second.id]
    index = window.model.index(row, window.model.column_of("citekey"))
    assert not window.model.setData(index, first.citekey)
    assert services.library.get(second.id).citekey == second.citekey
    assert window.message_bar.isVisible() and window.message_bar.tone == Tone.WARNING
    assert f"\u201c{first.citekey}\u201d is already used" in window.message_bar.text


def test_an_invalid_key_is_refused(make_window, services):
    window = _window(make_window, services, 1)
    index = window.model.index(0, window.model.column_of("citekey"))
    assert not window.model.setData(index, "has spaces, and {braces}")
    assert window.message_bar.isVisible()


def test_regenerate_keys_for_the_selection(qtbot, make_window, services):
    window = _window(make_window, services, 2)
    paper_id = services.library.ids()[0]
    services.library.set_citekey(paper_id, "mine")
    window.refresh_from_library()
    window.select_ids([paper_id])
    window.regenerate_action.trigger()
    _wait_idle(qtbot, window)
    paper = services.library.get(paper_id)
    assert paper.citekey != "mine" and not paper.citekey_pinned
    assert "New citation keys for 1 paper" in window.message_bar.text


def test_delete_moves_to_trash_and_ctrl_z_brings_it_back(qtbot, make_window, services):
    window = _window(make_window, services, 3)
    victim = services.library.ids()[0]
    window.select_ids([victim])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    _wait_idle(qtbot, window)
    assert services.library.count() == 2
    assert services.library.ids(Query(view=View.TRASH)) == [victim]
    assert window.model.total == 2
    assert window.sidebar.counts[View.TRASH] == 1
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    _wait_idle(qtbot, window)
    assert services.library.count() == 3
    assert window.sidebar.counts[View.TRASH] == 0


def test_delete_in_a_text_box_edits_the_text(qtbot, make_window, services):
    window = _window(make_window, services, 1)
    window.select_ids(services.library.ids())
    window.search_field.setText("ab")
    window.search_field.setFocus()
    window.search_field.setCursorPosition(0)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Delete)
    assert window.search_field.text() == "b"
    assert services.library.count() == 1


def test_restore_from_the_trash(qtbot, make_window, services):
    window = _window(make_window, services, 2)
    services.library.trash(services.library.ids())
    window.refresh_from_library()
    window.sidebar.set_view(View.TRASH)
    assert window.model.total == 2
    window.table.selectAll()
    assert window.restore_action.isEnabled()
    window.restore_action.trigger()
    _wait_idle(qtbot, window)
    assert services.library.count() == 2
    assert window.model.total == 0


def test_empty_trash_asks_first(qtbot, make_window, services):
    window = _window(make_window, services, 2)
    services.library.trash(services.library.ids())
    window.refresh_from_library()
    questions = []
    window.confirm = lambda title, text: questions.append(text) or False
    window.empty_trash()
    assert services.library.count(Query(view=View.TRASH)) == 2
    window.confirm = lambda title, text: questions.append(text) or True
    window.empty_trash()
    _wait_idle(qtbot, window)
    assert services.library.count(Query(view=View.TRASH)) == 0
    assert len(questions) == 2 and "2 papers" in questions[0]
