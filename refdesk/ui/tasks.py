"""Background work for the GUI: one helper, two lanes, results by queued signals.

``TaskRunner.submit(work, ...)`` runs ``work(context)`` on a worker thread and
delivers its result (or exception, or progress reports) to callbacks on the
GUI thread through queued signals.  Work that writes to the library goes to
the *write lane*, a pool with a single thread, so writes never race each
other; other work (exporting, reading) runs in parallel.

``SyncTaskRunner`` has the same interface and runs everything at once in the
calling thread, for tests that want to step through a flow deterministically.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

from ..model import CancelToken, Progress

log = logging.getLogger(__name__)

Work = Callable[["TaskContext"], Any]
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
ProgressCallback = Callable[[Progress], None]

KEEP_FINISHED = 64


@dataclass
class TaskContext:
    """What a piece of work may use: a cancel token and a progress reporter."""

    cancel: CancelToken = field(default_factory=CancelToken)
    report: Callable[[Progress], None] = lambda _progress: None

    def progress(self, progress: Progress) -> None:
        self.report(progress)


class Task(QObject):
    """A submitted piece of work; lives on the GUI thread, relays results there.

    ``finished`` is emitted once, after the done or error callback ran,
    whether the work succeeded, failed or was cancelled.
    """

    _result = Signal(object)
    _error = Signal(object)
    _progress = Signal(object)
    finished = Signal()

    def __init__(
        self,
        name: str,
        on_done: DoneCallback | None,
        on_error: ErrorCallback | None,
        on_progress: ProgressCallback | None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.name = name
        self.context = TaskContext(report=self._progress.emit)
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self.done = False
        self._result.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self._error.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)

    @property
    def cancel_token(self) -> CancelToken:
        return self.context.cancel

    def cancel(self) -> None:
        self.context.cancel.cancel()

    @property
    def cancelled(self) -> bool:
        return self.context.cancel.cancelled

    def forget_callbacks(self) -> None:
        """Drop the callbacks: the widgets they would update are going away."""
        self._on_done = self._on_error = self._on_progress = None

    def run_here(self, work: Work) -> None:
        """Run ``work`` in the current thread and emit its outcome (called by runners)."""
        try:
            result = work(self.context)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._error.emit(exc)
        else:
            self._result.emit(result)

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        self.done = True
        if self._on_done is not None:
            self._on_done(result)
        self.finished.emit()

    @Slot(object)
    def _deliver_error(self, exc: BaseException) -> None:
        self.done = True
        try:
            if self._on_error is not None:
                self._on_error(exc)
            else:
                report_unexpected(exc)
        finally:
            self.finished.emit()

    @Slot(object)
    def _deliver_progress(self, progress: Progress) -> None:
        if self._on_progress is not None and not self.done:
            self._on_progress(progress)


def report_unexpected(exc: BaseException) -> None:
    """Hand an exception nobody expected to the global exception hook."""
    log.error("Background task failed:\n%s", "".join(traceback.format_exception(exc)))
    sys.excepthook(type(exc), exc, exc.__traceback__)


class TaskRunner(QObject):
    """Runs work on worker threads; ``writes=True`` work runs one at a time."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 4):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._write_lane = QThreadPool(self)
        self._write_lane.setMaxThreadCount(1)
        self._active: set[Task] = set()
        self._finished: list[Task] = []

    def submit(
        self,
        work: Work,
        *,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        on_progress: ProgressCallback | None = None,
        writes: bool = False,
        name: str = "",
    ) -> Task:
        task = Task(name or getattr(work, "__name__", "task"), on_done, on_error, on_progress, self)
        self._active.add(task)
        task.finished.connect(lambda: self._forget(task))
        self._start(task, work, writes)
        return task

    @property
    def active(self) -> list[Task]:
        return [t for t in self._active if not t.done]

    def cancel_all(self) -> None:
        for task in list(self._active):
            task.cancel()

    def shutdown(self, timeout_ms: int = 60_000) -> bool:
        """Cancel everything, wait for the workers, and drop pending callbacks."""
        self.cancel_all()
        for task in list(self._active):
            task.forget_callbacks()
        ok = self._write_lane.waitForDone(timeout_ms) and self._pool.waitForDone(timeout_ms)
        return ok

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the workers are idle (queued results still need the event loop)."""
        return self._write_lane.waitForDone(timeout_ms) and self._pool.waitForDone(timeout_ms)

    def _start(self, task: Task, work: Work, writes: bool) -> None:
        (self._write_lane if writes else self._pool).start(lambda: task.run_here(work))

    def _forget(self, task: Task) -> None:
        # Finished tasks stay alive a while: callers may still hold them or
        # wait on their signals.  Older ones are released in batches.
        self._active.discard(task)
        self._finished.append(task)
        if len(self._finished) > KEEP_FINISHED:
            for old in self._finished[:-KEEP_FINISHED]:
                old.deleteLater()
            del self._finished[:-KEEP_FINISHED]


class SyncTaskRunner(TaskRunner):
    """The synchronous twin: work runs at once in the calling thread.

    Progress, results and errors reach the callbacks before ``submit``
    returns, so a test can step through a flow without waiting.
    """

    def _start(self, task: Task, work: Work, writes: bool) -> None:
        task.context.report = task._deliver_progress
        try:
            result = work(task.context)
        except BaseException as exc:
            task._deliver_error(exc)
        else:
            task._deliver_result(result)
