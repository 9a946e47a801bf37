"""The status bar's progress indicator for background imports, with Cancel."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from ..model import Progress
from .tasks import Task


class TaskProgress(QWidget):
    """Shows done/total of the running import(s); Cancel stops them all."""

    cancel_requested = Signal()
    busy_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(220)
        self.bar.setTextVisible(True)
        self.bar.setFormat("%v / %m")
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop the import; papers already stored are kept (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._tasks: list[Task] = []
        self.hide()

    @property
    def tasks(self) -> list[Task]:
        return list(self._tasks)

    def start(self, task: Task, text: str) -> None:
        self._tasks.append(task)
        task.finished.connect(lambda t=task: self._finished(t))
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the first report
        self.cancel_button.setEnabled(True)
        self.show()
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)

    def update_progress(self, progress: Progress) -> None:
        if progress.total > 0:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))
        if progress.message and self.cancel_button.isEnabled():
            self.label.setText(progress.message)

    def cancel(self) -> None:
        for task in self._tasks:
            task.cancel()
        self.label.setText("Cancelling\u2026")
        self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()

    def _finished(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        if not self._tasks:
            self.hide()
            self.bar.reset()
            self.busy_changed.emit(False)
