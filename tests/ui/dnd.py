"""Sending real drag-and-drop events to widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def text_mime(text: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(text)
    return mime


def uri_mime(urls: list[str]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl(u) for u in urls])
    return mime


def html_mime(html: str, text: str = "") -> QMimeData:
    mime = QMimeData()
    mime.setHtml(html)
    if text:
        mime.setText(text)
    return mime


def file_mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    mime.setText("\n".join(str(p) for p in paths))  # file managers add the paths as text
    return mime


def drag_enter(widget: QWidget, mime: QMimeData) -> QDragEnterEvent:
    pos = QPointF(widget.rect().center())
    event = QDragEnterEvent(pos, Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    move = QDragMoveEvent(pos, Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                          Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, move)
    return event


def drag_leave(widget: QWidget) -> None:
    QApplication.sendEvent(widget, QDragLeaveEvent())


def drop(widget: QWidget, mime: QMimeData) -> QDropEvent:
    """A whole drag: enter, move, drop, onto the middle of ``widget``."""
    enter = drag_enter(widget, mime)
    assert enter.isAccepted(), "the drag was refused"
    event = QDropEvent(QPointF(widget.rect().center()), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


__all__ = ["QPoint", "drag_enter", "drag_leave", "drop", "file_mime", "html_mime", "text_mime", "uri_mime"]
