"""Undoable library actions (Edit > Undo, Ctrl+Z)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

Step = Callable[[list[int]], None]


class LibraryCommand(QUndoCommand):
    """An action on some papers with its inverse, e.g. trash / restore.

    ``forward`` and ``backward`` submit the work (to the write lane); the
    command itself holds only paper ids.
    """

    def __init__(self, text: str, ids: Sequence[int], forward: Step, backward: Step):
        super().__init__(text)
        self.ids = list(ids)
        self._forward = forward
        self._backward = backward

    def redo(self) -> None:
        self._forward(self.ids)

    def undo(self) -> None:
        self._backward(self.ids)


def papers(count: int) -> str:
    return "1 paper" if count == 1 else f"{count:,} papers"
