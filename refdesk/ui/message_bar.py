"""A short, non-modal message above the table, with an optional action.

Failures the user can do something about -- no network, the rate limit, a
file that is not a reference file -- are shown here, not in a dialog.  The
technical detail goes to the log file.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QStyle, QToolButton, QWidget

from .palette import Tone, banner_style

_ICONS = {
    Tone.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
    Tone.SUCCESS: QStyle.StandardPixmap.SP_DialogApplyButton,
    Tone.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Tone.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


class MessageBar(QFrame):
    """One message at a time; a new message replaces the old one."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self._action: Callable[[], None] | None = None
        self._keep = False
        self.tone = Tone.INFO
        self._icon = QLabel(self)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self.action_button = QPushButton(self)
        self.action_button.clicked.connect(self._run_action)
        self.close_button = QToolButton(self)
        self.close_button.setAutoRaise(True)
        self.close_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.setToolTip("Dismiss")
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self._icon)
        layout.addWidget(self._text, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self.hide()

    @property
    def text(self) -> str:
        return self._text.text()

    @property
    def action_text(self) -> str:
        return self.action_button.text() if self.action_button.isVisibleTo(self) else ""

    def show_message(
        self,
        text: str,
        tone: Tone = Tone.INFO,
        *,
        action: tuple[str, Callable[[], None]] | None = None,
        detail: str = "",
        keep_after_action: bool = False,
    ) -> None:
        """Show ``text``; ``action`` is a button (label, callback) such as Retry.

        The bar closes when the action runs, unless ``keep_after_action``.
        """
        self.tone = tone
        self._keep = keep_after_action
        self._text.setText(text)
        self._text.setToolTip(detail)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self._icon.setPixmap(self.style().standardIcon(_ICONS[tone]).pixmap(size, size))
        self.apply_palette()
        if action is None:
            self._action = None
            self.action_button.hide()
        else:
            self.action_button.setText(action[0])
            self._action = action[1]
            self.action_button.show()
        self.show()

    def dismiss(self) -> None:
        self.hide()
        self._action = None
        self.dismissed.emit()

    def trigger_action(self) -> None:
        """Press the action button (Retry, Details ...)."""
        self._run_action()

    def _run_action(self) -> None:
        action = self._action
        if action is not None:
            if not self._keep:
                self.hide()
            action()

    def apply_palette(self) -> None:
        """Tint the bar from the application's palette (its own is changed by the tint).

        A widget with a style sheet gets no palette events: the window calls this when the colours change.
        """
        sheet = f"#messageBar {{ {banner_style(QApplication.palette(self), self.tone)} }}"
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)
