"""The background-task helper: results on the GUI thread, one writer at a time, a synchronous twin."""

from __future__ import annotations

import sys
import threading
import time

from PySide6.QtCore import QThread

from refdesk.errors import RefDeskError
from refdesk.model import Progress
from refdesk.ui.tasks import SyncTaskRunner, TaskRunner


def test_results_arrive_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    seen = {}

    def work(context):
        seen["worker"] = threading.get_ident()
        context.progress(Progress(1, 2, "half"))
        return 42

    progress = []
    with qtbot.waitSignal(runner.submit(work, on_done=lambda r: seen.update(result=r, thread=QThread.currentThread()),
                                        on_progress=progress.append).finished, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["thread"] is QThread.currentThread()
    assert seen["worker"] != threading.get_ident()
    assert progress and progress[0].done == 1
    runner.shutdown()


def test_errors_reach_the_error_callback(qtbot):
    runner = TaskRunner()
    errors = []

    def work(_context):
        raise RefDeskError("no network")

    task = runner.submit(work, on_error=errors.append)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert [str(e) for e in errors] == ["no network"]
    runner.shutdown()


def test_writes_run_one_at_a_time(qtbot):
    runner = TaskRunner()
    running, overlap, finished = [0], [False], []
    lock = threading.Lock()

    def write(_context):
        with lock:
            running[0] += 1
            overlap[0] = overlap[0] or running[0] > 1
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return True

    tasks = [runner.submit(write, writes=True, on_done=finished.append) for _ in range(4)]
    qtbot.waitUntil(lambda: len(finished) == 4, timeout=5000)
    assert not overlap[0]
    assert all(t.done for t in tasks)
    runner.shutdown()


def test_cancel_reaches_the_work(qtbot):
    runner = TaskRunner()
    started = threading.Event()

    def work(context):
        started.set()
        while not context.cancel.cancelled:
            time.sleep(0.01)
        return "stopped"

    results = []
    task = runner.submit(work, on_done=results.append)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: results == ["stopped"], timeout=5000)
    runner.shutdown()


def test_the_synchronous_twin_delivers_before_submit_returns():
    runner = SyncTaskRunner()
    results, progress = [], []

    def work(context):
        context.progress(Progress(1, 1))
        return threading.get_ident()

    task = runner.submit(work, on_done=results.append, on_progress=progress.append)
    assert task.done
    assert results == [threading.get_ident()]
    assert len(progress) == 1


def test_many_signal_emissions_leave_the_booleans_alive():
    from refdesk.ui.pyside_fixes import _Probe

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(10_000):
        probe.ping.emit()
    assert sys.getrefcount(True) > 1_000, "True would be deallocated at exit"
    assert before > 0
