"""Drag-and-drop and paste import: every MIME kind, onto any part of the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication

from dnd import drag_enter, drag_leave, drop, file_mime, html_mime, text_mime, uri_mime
from refdesk.model import Outcome
from refdesk.identifiers import NO_IDENTIFIER_MESSAGE, Identifier
from refdesk.ui.drop import payload_from_items, payload_from_mime
from refdesk.ui.palette import Tone

DATA = Path(__file__).parent.parent / "data"
SEED = Path(__file__).parent.parent.parent / "seeds" / "pubmed-11751408.txt"
DOI_PMID, DOI = 38534005, "10.1515/cclm-2024-0070"


def finished(qtbot, window, timeout=20000):
    return qtbot.waitSignal(window.import_finished, timeout=timeout)


# --- what a MIME payload holds -------------------------------------------------------------


def test_plain_text_with_mixed_identifiers():
    payload = payload_from_mime(text_mime(f"PMID: 11751408, doi:{DOI}\nsee PMC5442267 and https://pubmed.ncbi.nlm.nih.gov/22416214/"))
    assert payload.identifiers == (
        Identifier("pmid", "11751408"), Identifier("doi", DOI), Identifier("pmcid", "PMC5442267"), Identifier("pmid", "22416214"),
    )
    assert not payload.files and not payload.text


def test_uri_list_of_pubmed_and_doi_links():
    payload = payload_from_mime(uri_mime(["https://pubmed.ncbi.nlm.nih.gov/11751408/", f"https://doi.org/{DOI}"]))
    assert payload.identifiers == (Identifier("pmid", "11751408"), Identifier("doi", DOI))


def test_html_from_a_browser():
    html = '<ul><li><a href="https://pubmed.ncbi.nlm.nih.gov/11751408/">Autocrine IL-6</a></li><li>PMID: 22416214</li></ul>'
    payload = payload_from_mime(html_mime(html, "Autocrine IL-6\nPMID: 22416214"))
    assert payload.identifiers == (Identifier("pmid", "11751408"), Identifier("pmid", "22416214"))


def test_file_urls_become_files_and_their_text_is_ignored(tmp_path):
    path = tmp_path / "refs 2024.nbib"
    path.write_text("PMID- 1\n")
    payload = payload_from_mime(file_mime([path]))
    assert payload.files == (path,)
    assert payload.identifiers == () and payload.text == ""


def test_pasted_records_are_read_as_a_file_format():
    medline = (DATA / "medline" / "biopython_pubmed_result1.txt").read_text(encoding="utf-8")
    payload = payload_from_mime(text_mime(medline))
    assert payload.text == medline and payload.identifiers == ()


def test_command_line_items_mix_files_and_identifiers(tmp_path):
    path = tmp_path / "a.ris"
    path.write_text("TY  - JOUR\nER  - \n")
    payload = payload_from_items([str(path), "11751408", f"https://doi.org/{DOI}"])
    assert payload.files == (path.resolve(),)
    assert payload.identifiers == (Identifier("pmid", "11751408"), Identifier("doi", DOI))


# --- real drops on the window ----------------------------------------------------------------


def test_dropping_pmids_on_an_empty_library_imports_and_selects_them(qtbot, make_window, net_services):
    window = make_window(net_services)
    with finished(qtbot, window) as blocker:
        drop(window.table.viewport(), text_mime("11751408\n22416214"))
    report = blocker.args[0]
    assert report.count(Outcome.ADDED) == 2
    assert window.model.total == 2
    assert sorted(window.selected_ids()) == sorted(report.paper_ids)
    assert window.message_bar.tone == Tone.SUCCESS and "2 added" in window.message_bar.text


def test_dropping_links_as_a_uri_list(qtbot, make_window, net_services):
    window = make_window(net_services)
    with finished(qtbot, window) as blocker:
        drop(window.sidebar.viewport(), uri_mime(["https://pubmed.ncbi.nlm.nih.gov/11751408/", f"https://doi.org/{DOI}"]))
    assert blocker.args[0].count(Outcome.ADDED) == 2
    assert net_services.library.find_pmid(DOI_PMID) is not None


def test_dropping_html_onto_the_detail_area(qtbot, make_window, net_services):
    window = make_window(net_services)
    html = f'<p>See <a href="https://pubmed.ncbi.nlm.nih.gov/22416214/">this</a> and doi: <b>{DOI}</b></p>'
    with finished(qtbot, window) as blocker:
        drop(window.detail, html_mime(html))
    assert blocker.args[0].count(Outcome.ADDED) == 2


def test_dropping_files_of_every_format(qtbot, make_window, net_services):
    window = make_window(net_services)
    files = [SEED, DATA / "medline" / "biopython_pubmed_result1.txt", DATA / "ris" / "jabref_RisImporterTest6.ris",
             DATA / "bibtex" / "biber_examples.bib"]
    with finished(qtbot, window) as blocker:
        drop(window.table.viewport(), file_mime(files))
    report = blocker.args[0]
    assert report.count(Outcome.ADDED) > 5
    assert net_services.library.find_pmid(11751408) is not None
    assert window.model.total == net_services.library.count()


def test_files_need_no_network(qtbot, make_window, services):
    window = make_window(services)
    with finished(qtbot, window) as blocker:
        drop(window.table.viewport(), file_mime([DATA / "medline" / "asian_study_citations.nbib"]))
    assert blocker.args[0].count(Outcome.ADDED) >= 1


def test_the_window_is_highlighted_while_a_drag_hovers(qtbot, make_window, services):
    window = make_window(services)
    event = drag_enter(window.table.viewport(), text_mime("11751408"))
    assert event.isAccepted()
    assert window.drop_overlay.isVisible()
    drag_leave(window)
    assert not window.drop_overlay.isVisible()


def test_a_drop_without_identifiers_says_what_is_expected(qtbot, make_window, services):
    window = make_window(services)
    drop(window.table.viewport(), text_mime("just some words, 2024, vol 3"))
    assert window.message_bar.isVisible()
    assert window.message_bar.text == NO_IDENTIFIER_MESSAGE
    assert not window.progress.tasks


def test_a_malformed_file_is_reported_not_crashed(qtbot, make_window, services, tmp_path):
    bad = tmp_path / "notes.bib"
    bad.write_bytes(b"\x00\x01binary\x00")
    window = make_window(services)
    with finished(qtbot, window) as blocker:
        drop(window.table.viewport(), file_mime([bad]))
    assert blocker.args[0].count(Outcome.FAILED) == 1
    assert window.message_bar.tone == Tone.ERROR
    assert "notes.bib" in window.message_bar.text


def test_ctrl_v_in_the_table_imports_the_clipboard(qtbot, make_window, net_services):
    window = make_window(net_services)
    mime = QMimeData()
    mime.setText("PMID: 11751408")
    QGuiApplication.clipboard().setMimeData(mime)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    with finished(qtbot, window) as blocker:
        qtbot.keyClick(window.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].count(Outcome.ADDED) == 1


def test_ctrl_v_in_the_search_box_pastes_text_instead(qtbot, make_window, services):
    window = make_window(services)
    QGuiApplication.clipboard().setText("interleukin")
    window.search_field.setFocus()
    qtbot.waitUntil(window.search_field.hasFocus)
    qtbot.keyClick(window.search_field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.text() == "interleukin"
    assert not window.progress.tasks
