"""Export BibTeX, copy keys and \\cite{...}, and dragging rows out of the table."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from paper_factory import make_paper
from refdesk.model import ExportFormat
from refdesk.ui.drag import BIBTEX_MIME
from refdesk.ui.export_dialog import ExportDialog


def _window_with_papers(make_window, services, count=3):
    services.library.add_papers([make_paper(n, links=(), notices=()) for n in range(1, count + 1)])
    return make_window(services)


def test_copy_cite_for_the_selection_with_ctrl_shift_c(qtbot, make_window, services):
    window = _window_with_papers(make_window, services)
    window.table.selectAll()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    keys = [p.citekey for p in services.library.get_many(window.selected_ids())]
    assert QGuiApplication.clipboard().text() == "\\cite{" + ",".join(keys) + "}"


def test_copy_citation_keys(make_window, services):
    window = _window_with_papers(make_window, services, 2)
    window.table.selectAll()
    window.copy_key_action.trigger()
    keys = [p.citekey for p in services.library.get_many(window.selected_ids())]
    assert QGuiApplication.clipboard().text() == ",".join(keys)


def test_dragging_rows_out_gives_cite_text_and_a_bib_file(make_window, services):
    window = _window_with_papers(make_window, services, 2)
    window.table.selectAll()
    indexes = window.table.selectionModel().selectedIndexes()
    mime = window.model.mimeData(indexes)
    ids = window.selected_ids()
    keys = [p.citekey for p in services.library.get_many(ids)]
    assert mime.text() == "\\cite{" + ",".join(keys) + "}"
    bib = Path(mime.urls()[0].toLocalFile())
    assert bib.suffix == ".bib" and bib.is_file()
    text = bib.read_text(encoding="utf-8")
    assert all(f"{{{k}," in text for k in keys)
    assert bytes(mime.data(BIBTEX_MIME).data()).decode("utf-8") == text
    assert set(window.model.mimeTypes()) >= {"text/plain", "text/uri-list", BIBTEX_MIME}
    window.close()
    assert not bib.exists(), "the temporary .bib files are removed on close"


def test_export_dialog_exports_the_selection_as_biblatex(qtbot, make_window, services, tmp_path):
    window = _window_with_papers(make_window, services, 3)
    window.select_ids(services.library.ids()[:2])
    dialog = window.show_export_dialog()
    assert dialog.selection_choice.isChecked()
    target = tmp_path / "out" / "refs.bib"
    dialog.path.setText(str(target))
    dialog.format.setCurrentIndex(dialog.format.findData(ExportFormat.BIBLATEX))
    dialog.accept()
    qtbot.waitUntil(target.is_file, timeout=10000)
    text = target.read_text(encoding="utf-8")
    assert text.count("@") == 2
    assert "eprinttype" in text
    qtbot.waitUntil(lambda: "Exported 2 papers" in window.message_bar.text, timeout=5000)


def test_export_everything_as_bibtex(qtbot, make_window, services, tmp_path):
    window = _window_with_papers(make_window, services, 3)
    target = tmp_path / "all.bib"
    with qtbot.waitSignal(window.export_to(target, ExportFormat.BIBTEX).finished, timeout=10000):
        pass
    text = target.read_text(encoding="utf-8")
    assert text.count("@article") + text.count("@Article") == 3
    assert "pmid" in text


def test_an_unwritable_export_target_is_a_message(qtbot, make_window, services, tmp_path):
    window = _window_with_papers(make_window, services, 1)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with qtbot.waitSignal(window.export_to(blocker / "refs.bib", ExportFormat.BIBTEX).finished, timeout=10000):
        pass
    assert window.message_bar.isVisible()
    assert "Could not write" in window.message_bar.text


def test_ctrl_e_opens_the_export_dialog(qtbot, make_window, services):
    window = _window_with_papers(make_window, services, 1)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(ExportDialog) is not None)
