"""Imports run in the background: progress, Cancel, a summary, and closing mid-import."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from dnd import drop, text_mime
from refdesk.model import LinkKind, Outcome
from refdesk.ui.palette import Tone
from replay_server import Fault

BATCH = 20
PMIDS = [30000000 + 7 * k for k in range(200)]


def _slow(server, services, delay=0.15):
    server.delay = delay
    services.importer.pubmed.batch_size = BATCH


def test_two_hundred_ids_on_a_slow_server_keep_the_window_responsive_and_cancel_within_a_batch(
    qtbot, make_window, net_services, eutils_server
):
    _slow(eutils_server, net_services)
    window = make_window(net_services)
    ticks = []
    timer = QTimer(window, interval=20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    drop(window.table.viewport(), text_mime("\n".join(map(str, PMIDS))))
    assert window.progress.isVisible()
    assert window.progress.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: window.progress.bar.maximum() == 200 and window.progress.bar.value() >= BATCH, timeout=20000)
    ticks_before = len(ticks)
    qtbot.wait(300)
    assert len(ticks) > ticks_before + 5, "the event loop stalled during the import"
    done_at_cancel = window.progress.bar.value()
    with qtbot.waitSignal(window.import_finished, timeout=20000) as blocker:
        qtbot.mouseClick(window.progress.cancel_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report.cancelled
    stored = net_services.library.count()
    assert stored <= done_at_cancel + BATCH, "the import went on for more than one batch after Cancel"
    assert stored < len(PMIDS)
    assert stored % BATCH == 0, "a batch was stored only in part"
    assert "cancelled" in window.message_bar.text
    assert not window.progress.isVisible()


def test_the_summary_lists_what_was_not_found_and_selects_new_papers(qtbot, make_window, net_services, eutils_server):
    eutils_server.unknown_pmids.update({39999991, 39999992})
    window = make_window(net_services)
    with qtbot.waitSignal(window.import_finished, timeout=20000) as blocker:
        drop(window.table.viewport(), text_mime("11751408 22416214 39999991 39999992"))
    report = blocker.args[0]
    assert report.count(Outcome.ADDED) == 2 and report.count(Outcome.NOT_FOUND) == 2
    text = window.message_bar.text
    assert "2 added" in text and "2 not found" in text
    assert "PMID 39999991" in text and "PMID 39999992" in text
    assert window.message_bar.tone == Tone.WARNING
    assert sorted(window.selected_ids()) == sorted(i.paper_id for i in report.items if i.outcome == Outcome.ADDED)


def test_failures_are_listed_with_reasons_and_can_be_retried(qtbot, make_window, net_services, eutils_server):
    eutils_server.inject(*[Fault.http_status(503, endpoint="efetch") for _ in range(4)])
    window = make_window(net_services)
    with qtbot.waitSignal(window.import_finished, timeout=20000) as blocker:
        window.add_field.setText("11751408")
        window.add_from_field()
    report = blocker.args[0]
    assert report.count(Outcome.FAILED) == 1
    assert "Failed: PMID 11751408 (" in window.message_bar.text
    assert window.message_bar.action_text == "Retry"
    with qtbot.waitSignal(window.import_finished, timeout=20000) as blocker:
        window.message_bar.trigger_action()
    assert blocker.args[0].count(Outcome.ADDED) == 1
    assert net_services.library.find_pmid(11751408) is not None


def test_no_network_is_a_short_message_with_retry(qtbot, make_window, services):
    window = make_window(services)  # PubMed refuses connections
    with qtbot.waitSignal(window.import_finished, timeout=20000):
        window.add_field.setText("11751408")
        window.add_from_field()
    assert window.message_bar.isVisible()
    assert window.message_bar.tone == Tone.ERROR
    assert window.message_bar.action_text == "Retry"
    assert services.library.count() == 0


def test_the_rate_limit_is_explained(qtbot, make_window, net_services, eutils_server):
    eutils_server.inject(*[Fault.http_429(retry_after="0") for _ in range(8)])
    window = make_window(net_services)
    with qtbot.waitSignal(window.import_finished, timeout=20000):
        window.add_field.setText("11751408")
        window.add_from_field()
    assert window.message_bar.isVisible()
    assert window.message_bar.action_text == "Retry"


def test_the_add_field_explains_what_it_takes(qtbot, make_window, services):
    window = make_window(services)
    window.add_field.setText("hello")
    window.add_from_field()
    assert "No PubMed ID" in window.message_bar.text
    assert window.add_field.text() == "hello"


def test_closing_during_an_import_cancels_it_and_stores_no_partial_paper(qtbot, make_window, net_services, eutils_server):
    _slow(eutils_server, net_services, delay=0.2)
    window = make_window(net_services)
    drop(window.table.viewport(), text_mime("\n".join(map(str, PMIDS))))
    qtbot.waitUntil(lambda: window.progress.bar.value() >= BATCH, timeout=20000)
    task = window.progress.tasks[0]
    window.close()
    assert task.cancelled
    assert not window.runner.active or all(t.cancelled for t in window.runner.active)
    stored = net_services.library.count()
    assert 0 < stored < len(PMIDS)
    assert stored % BATCH == 0
    for paper in net_services.library.get_many(net_services.library.ids()):
        assert paper.title and paper.pmid
        assert paper.links_of(LinkKind.SIMILAR), "a paper was stored without the links of its batch"
