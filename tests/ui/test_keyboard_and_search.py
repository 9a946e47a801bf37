"""Keyboard shortcuts, tooltips, and search as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt

from paper_factory import make_paper


def _window(make_window, services, count=3):
    services.library.add_papers([make_paper(n, links=(), notices=()) for n in range(1, count + 1)])
    services.library.add_papers([make_paper(50, title="Zebrafish fin regeneration", title_markup="", doi="10.1/z",
                                            links=(), notices=())])
    return make_window(services)


def test_ctrl_f_and_ctrl_l_focus_the_search_and_add_boxes(qtbot, make_window, services):
    window = _window(make_window, services)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    qtbot.keyClick(window.search_field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.add_field.hasFocus()


def test_search_as_you_type_is_debounced(qtbot, make_window, services):
    window = _window(make_window, services)
    assert window.model.total == 4
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "zebra")
    assert window.model.total == 4, "filtering waits until typing pauses"
    qtbot.waitUntil(lambda: window.model.total == 1, timeout=2000)
    assert "Zebrafish" in window.model.index(0, 0).data()
    assert "match" in window.status_label.text()
    window.search_field.clear()
    qtbot.waitUntil(lambda: window.model.total == 4, timeout=2000)


def test_enter_opens_the_selected_paper_in_the_browser(qtbot, make_window, services, opened_urls):
    window = _window(make_window, services, 1)
    paper = services.library.find_pmid(30000001)
    window.select_ids([paper.id])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert opened_urls == ["https://pubmed.ncbi.nlm.nih.gov/30000001/"]


def test_multi_select_with_shift_click(qtbot, make_window, services):
    window = _window(make_window, services, 3)
    first = window.table.visualRect(window.model.index(0, 0)).center()
    last = window.table.visualRect(window.model.index(2, 0)).center()
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=last)
    assert len(window.selected_ids()) == 3
    assert "3 selected" in window.status_label.text()


def test_main_actions_have_shortcuts_and_tooltips(make_window, services):
    window = make_window(services)
    expected = {
        window.find_action: "Ctrl+F", window.add_action: "Ctrl+L", window.export_action: "Ctrl+E",
        window.undo_action: "Ctrl+Z", window.delete_action: "Del", window.copy_cite_action: "Ctrl+Shift+C",
        window.paste_action: "Ctrl+V", window.import_action: "Ctrl+O",
    }
    for action, keys in expected.items():
        assert action.shortcut().toString() == keys, action.text()
    for action in (window.import_action, window.refresh_action, window.export_action, window.copy_cite_action,
                   window.delete_action, window.regenerate_action, window.open_action):
        assert action.toolTip() and action.toolTip() != action.text().replace("&", "")
    assert window.add_field.toolTip() and window.search_field.toolTip()


def test_the_empty_library_says_how_to_add_papers(make_window, services):
    window = make_window(services)
    assert window.model.rowCount() == 0
    assert "Drop PubMed IDs" in window.table.empty_text
    assert window.status_label.text() == "0 papers"
