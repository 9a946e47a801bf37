"""The crash dialog: an unexpected exception is logged and shown, never lost.

The library needs no rescue: every write is one transaction, so an exception
rolls back what was in flight and leaves what was committed intact.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger("refdesk.crash")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashDialog(QDialog):
    def __init__(self, summary: str, details: str, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("RefDesk ran into a problem")
        self.setMinimumWidth(560)
        where = f" The details are also in the log file:<br><code>{log_path}</code>" if log_path else ""
        self.message = QLabel(
            "<p><b>Something went wrong that RefDesk did not expect.</b></p>"
            "<p>Your library is safe: changes are saved one whole action at a time, so nothing "
            "half-written was stored. You can keep working, or quit and start RefDesk again."
            f"{where}</p><p><i>{summary}</i></p>",
            self,
        )
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details, self)
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(160)
        buttons = QDialogButtonBox(self)
        copy = QPushButton("Copy details", self)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        self.quit_button = buttons.addButton("Quit RefDesk", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.quit_button.clicked.connect(self._quit)
        keep = buttons.addButton("Keep working", QDialogButtonBox.ButtonRole.AcceptRole)
        keep.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def _quit(self) -> None:
        self.reject()
        app = QApplication.instance()
        if app is not None:
            app.quit()  # closes windows normally: tasks are cancelled, the library closed


class CrashHandler:
    """``sys.excepthook`` replacement: log the traceback, then show a dialog."""

    def __init__(self, log_path: Path | None = None, parent: Callable[[], QWidget | None] = lambda: None):
        self.log_path = log_path
        self._parent = parent
        self.dialogs: list[CrashDialog] = []
        self._previous: ExceptHook | None = None
        self._showing = False

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self and self._previous is not None:
            sys.excepthook = self._previous

    def __call__(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, exc, tb))
        log.critical("Unexpected error:\n%s", details)
        if issubclass(kind, KeyboardInterrupt):
            app = QApplication.instance()
            if app is not None:
                app.quit()
            return
        if QApplication.instance() is None or self._showing:
            sys.__excepthook__(kind, exc, tb)
            return
        self._showing = True
        try:
            summary = f"{kind.__name__}: {exc}"
            dialog = CrashDialog(summary, details, self.log_path, self._parent())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
            self.dialogs.append(dialog)
            dialog.show()
        finally:
            self._showing = False

    def _forget(self, dialog: CrashDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
