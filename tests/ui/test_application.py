"""Starting the app: --self-test, command-line items, one instance per library, the crash dialog."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from paper_factory import make_paper
from refdesk.services import data_dir, open_services
from refdesk.ui.application import run_application
from refdesk.ui.crash import CrashDialog, CrashHandler
from refdesk.ui.log_setup import configure_logging
from refdesk.ui.main_window import MainWindow
from refdesk.ui.single_instance import InstanceServer, absolute_items, hand_off, server_name

ROOT = Path(__file__).resolve().parents[2]
NBIB = ROOT / "tests" / "data" / "medline" / "asian_study_citations.nbib"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_self_test_passes_offscreen():
    result = subprocess.run([sys.executable, "-m", "refdesk", "--self-test"], capture_output=True, text=True,
                            env=_env(), timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for check in ("seed", "linked papers", "main window", "BibTeX export"):
        assert f"ok    {check}" in result.stdout
    assert "self-test passed" in result.stdout


def test_command_line_items_open_the_window_and_import(qtbot, tmp_path):
    location = tmp_path / "cli.sqlite"
    args = argparse.Namespace(db=str(location), eutils_url=None, no_demo=True, self_test=False, items=[str(NBIB)])
    from refdesk.app import settings_from

    seen: dict[str, int] = {}

    def close_when_done() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        for window in windows:
            if window.last_report is not None and "total" not in seen:
                timer.stop()
                seen["total"] = window.model.total
                window.close()
                QApplication.exit(0)

    timer = QTimer(interval=100)
    timer.timeout.connect(close_when_done)
    timer.start()
    root = logging.getLogger()
    handlers = list(root.handlers)
    # Closing the last window would post a Quit event that outlives this test's event loop.
    QApplication.setQuitOnLastWindowClosed(False)
    try:
        assert run_application(args, settings_from(args)) == 0
    finally:
        QApplication.setQuitOnLastWindowClosed(True)
        timer.stop()
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
    assert seen["total"] >= 1
    reopened = open_services(location, settings_from(args), demo=False)
    try:
        assert reopened.library.count() == seen["total"]
    finally:
        reopened.close()
    assert (data_dir() / "refdesk.log").is_file()


def test_a_second_start_hands_its_items_to_the_running_window(qtbot, tmp_path):
    location = tmp_path / "shared.sqlite"
    server = InstanceServer(server_name(str(location)))
    assert server.listen()
    try:
        with qtbot.waitSignal(server.items_received, timeout=60000) as blocker:
            second = subprocess.Popen([sys.executable, "-m", "refdesk", "--db", str(location), "nbib-copy.nbib", "11751408"],
                                      cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            (tmp_path / "nbib-copy.nbib").write_bytes(NBIB.read_bytes())
        out, err = second.communicate(timeout=60)
    finally:
        server.close()
    assert second.returncode == 0, err
    assert "handed over 2 item(s)" in out
    assert blocker.args[0] == [str((tmp_path / "nbib-copy.nbib").resolve()), "11751408"]
    assert not location.exists(), "the second start never opened the library"


def test_handed_over_items_are_imported_by_the_window(qtbot, make_window, services):
    window = make_window(services)
    with qtbot.waitSignal(window.import_finished, timeout=20000):
        window.import_items([str(NBIB)])
    assert services.library.count() >= 1


def test_hand_off_without_a_running_instance_is_refused(tmp_path):
    assert hand_off(server_name(str(tmp_path / "nobody.sqlite")), ["1"], timeout_ms=500) is False


def test_server_names_differ_per_library(tmp_path):
    assert server_name(str(tmp_path / "a.sqlite")) != server_name(str(tmp_path / "b.sqlite"))
    assert server_name(str(tmp_path / "a.sqlite")) == server_name(str(tmp_path / "x" / ".." / "a.sqlite"))


def test_relative_files_are_made_absolute(tmp_path):
    (tmp_path / "r.ris").write_text("TY  - JOUR\nER  - \n")
    assert absolute_items(["r.ris", "11751408"], cwd=tmp_path) == [str((tmp_path / "r.ris").resolve()), "11751408"]


def test_an_unexpected_error_opens_the_crash_dialog_and_is_logged(qtbot, tmp_path, make_window, services, monkeypatch):
    services.library.add_papers([make_paper(1, links=())])
    window = make_window(services)
    log_path = configure_logging(tmp_path / "logs")
    handler = CrashHandler(log_path, lambda: window)
    monkeypatch.setattr(sys, "excepthook", handler)
    try:
        def broken(_context):
            raise ValueError("something nobody expected")

        task = window.runner.submit(broken, writes=True)
        qtbot.waitUntil(lambda: task.done, timeout=5000)
        assert len(handler.dialogs) == 1
        dialog = handler.dialogs[0]
        assert isinstance(dialog, CrashDialog) and dialog.isVisible()
        assert "something nobody expected" in dialog.details.toPlainText()
        assert "Your library is safe" in dialog.message.text()
        dialog.accept()
        for h in logging.getLogger().handlers:
            h.flush()
        assert "something nobody expected" in log_path.read_text(encoding="utf-8")
        assert services.library.count() == 1, "the library is left intact"
    finally:
        root = logging.getLogger()
        for h in root.handlers[:]:
            if getattr(h, "baseFilename", "") == str(log_path):
                root.removeHandler(h)
                h.close()
