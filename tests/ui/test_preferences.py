"""Preferences: validation, persistence with QSettings, reaching the core; window state restored."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from paper_factory import make_paper
from refdesk.model import ExportFormat, Query, SortField
from refdesk.settings import Settings
from refdesk.ui.preferences import Preferences, validate
from refdesk.ui.paper_table import COLUMNS

KEY = "0123456789abcdef0123456789abcdef0123"


def test_validation_explains_problems():
    assert validate(KEY, "me@example.org", "[auth][year]") == []
    problems = validate("short", "not-an-email", "plain")
    assert len(problems) == 3
    assert "36" in problems[0]


def test_settings_round_trip_through_qsettings(qsettings_path):
    store = QSettings(str(qsettings_path), QSettings.Format.IniFormat)
    chosen = Settings(api_key=KEY, email="me@example.org", citekey_pattern="[auth][year]", biblatex=True,
                      export_abstract=True, demo_library=False)
    Preferences(store).save_settings(chosen)
    again = Preferences(QSettings(str(qsettings_path), QSettings.Format.IniFormat)).settings(Settings(eutils_url="http://x/"))
    assert again.api_key == KEY and again.email == "me@example.org"
    assert again.citekey_pattern == "[auth][year]" and again.biblatex and again.export_abstract
    assert not again.demo_library
    assert again.eutils_url == "http://x/", "the command line's choices stay"


def test_empty_stored_key_keeps_the_environment(preferences):
    preferences.save_settings(Settings())
    assert preferences.settings(Settings(api_key=KEY)).api_key == KEY


def test_dialog_validates_saves_and_reaches_the_core(qtbot, make_window, services, preferences, tmp_path):
    window = make_window(services)
    dialog = window.show_preferences()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.api_key.setText("nope")
    assert not ok.isEnabled() and dialog.problems.isVisible()
    dialog.api_key.setText(KEY)
    dialog.email.setText("me@example.org")
    dialog.pattern.setText("[auth:lower][year]")
    dialog.biblatex.setCurrentIndex(dialog.biblatex.findData(ExportFormat.BIBLATEX))
    dialog.demo.setChecked(False)
    target = tmp_path / "auto" / "library.bib"
    dialog.add_target(str(target))
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert services.settings.api_key == KEY
    assert services.library.settings.citekey_pattern == "[auth:lower][year]"
    assert services.exporter.settings.biblatex
    assert services.importer.pubmed.client.settings.api_key == KEY
    stored = preferences.settings(Settings())
    assert stored.api_key == KEY and not stored.demo_library
    qtbot.waitUntil(lambda: [t.path for t in services.exporter.targets()] == [str(target)], timeout=10000)
    qtbot.waitUntil(target.is_file, timeout=10000)


def test_removing_an_auto_export_target(qtbot, make_window, services, tmp_path):
    from refdesk.model import ExportTarget

    services.exporter.add_target(ExportTarget(str(tmp_path / "a.bib")))
    window = make_window(services)
    dialog = window.show_preferences()
    assert dialog.targets.count() == 1
    dialog.targets.setCurrentRow(0)
    dialog.remove_target_button.click()
    dialog.accept()
    qtbot.waitUntil(lambda: services.exporter.targets() == [], timeout=10000)


def test_window_layout_is_restored_on_next_start(qtbot, make_window, services, qsettings_path):
    services.library.add_papers([make_paper(n, links=(), notices=()) for n in range(1, 4)])
    window = make_window(services)
    window.resize(760, 620)  # the offscreen screen is 800x800
    window.splitter.setSizes([150, 400, 200])
    header = window.table.horizontalHeader()
    header.resizeSection(window.model.column_of("authors"), 222)
    header.moveSection(header.visualIndex(window.model.column_of("pmid")), 1)
    header.setSortIndicator(window.model.column_of("year"), Qt.SortOrder.AscendingOrder)
    sizes = window.splitter.sizes()
    window.close()

    again = make_window(services, Preferences(QSettings(str(qsettings_path), QSettings.Format.IniFormat)))
    assert (again.size().width(), again.size().height()) == (760, 620)
    assert again.splitter.sizes() == sizes
    header = again.table.horizontalHeader()
    assert header.sectionSize(again.model.column_of("authors")) == 222
    assert header.visualIndex(again.model.column_of("pmid")) == 1
    assert again.model.query.sort == SortField.YEAR and not again.model.query.descending
    assert again.model.query == Query(sort=SortField.YEAR, descending=False)


def test_columns_hidden_from_the_header_menu_stay_hidden(qtbot, make_window, services, qsettings_path):
    services.library.add_papers([make_paper(n, links=(), notices=()) for n in range(1, 4)])
    window = make_window(services)
    window.resize(790, 600)  # the offscreen screen is 800x800
    window.detail.hide()  # room for the table
    qtbot.waitUntil(lambda: window.table.viewport().width() > 500)
    menu = window.table.column_menu()
    entries = {action.text(): action for action in menu.actions()}
    assert not entries["Title"].isEnabled() and entries["Title"].isChecked()
    title_before = window.table.columnWidth(window.model.column_of("title"))
    for name in ("Authors", "Journal", "Citation key", "Added"):
        entries[name].setChecked(False)  # as a click in the menu does
    header = window.table.horizontalHeader()
    assert header.isSectionHidden(window.model.column_of("journal"))
    assert window.table.columnWidth(window.model.column_of("title")) > title_before  # the title takes the room
    window.close()

    again = make_window(services, Preferences(QSettings(str(qsettings_path), QSettings.Format.IniFormat)))
    header = again.table.horizontalHeader()
    hidden = [c.key for n, c in enumerate(COLUMNS) if header.isSectionHidden(n)]
    assert hidden == ["authors", "journal", "citekey", "added"]
    entries = {action.text(): action for action in again.table.column_menu().actions()}
    assert not entries["Journal"].isChecked() and entries["Year"].isChecked()
    entries["Journal"].setChecked(True)
    assert not header.isSectionHidden(again.model.column_of("journal"))
