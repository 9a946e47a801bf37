"""Changes the user makes to papers: citation keys, trash and restore, with undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ..errors import DuplicateKeyError, RefDeskError
from ..model import Query, View
from .palette import Tone
from .task_failures import report_failure
from .tasks import Task
from .undo import LibraryCommand, papers

if TYPE_CHECKING:
    from .main_window import MainWindow

STATUS_MS = 4000
TITLE_SHOWN = 70  # characters of a title quoted in a message


class LibraryEdits(QObject):
    """Citation-key edits and moving papers to and from the trash, through the write lane."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window

    # --- citation keys ---------------------------------------------------------------

    def set_citekey(self, paper_id: int, key: str) -> bool:
        """Called by the table when a key was edited in place; False keeps the old key."""
        window = self._window
        owner = window.library.find_citekey(key)
        if owner is not None and owner.id != paper_id:
            title = owner.title if len(owner.title) < TITLE_SHOWN else owner.title[:TITLE_SHOWN - 3] + "\u2026"
            window.show_message(f"The citation key \u201c{key}\u201d is already used by \u201c{title}\u201d. "
                                "Choose another key.", Tone.WARNING)
            return False
        try:
            window.library.set_citekey(paper_id, key)
        except DuplicateKeyError as exc:
            window.show_message(str(exc), Tone.WARNING)
            return False
        except RefDeskError as exc:
            window.show_message(f"Not a valid citation key: {exc}", Tone.WARNING)
            return False
        window.statusBar().showMessage(f"Citation key set to {key}", STATUS_MS)
        return True

    def edit_citekey(self) -> None:
        """Open the key of the current paper for editing (F2)."""
        window = self._window
        current = window.table.currentIndex()
        if current.isValid():
            window.table.edit(current.siblingAtColumn(window.model.column_of("citekey")))

    def regenerate_citekeys(self) -> Task | None:
        window = self._window
        ids = window.selected_ids()
        if not ids:
            return None
        return window.runner.submit(
            lambda _context: window.library.regenerate_citekeys(ids),
            on_done=lambda changed: window.show_message(
                f"New citation keys for {papers(len(changed))}." if changed else "The citation keys already follow the pattern.",
                Tone.SUCCESS),
            on_error=lambda exc: report_failure(window.show_message, exc),
            writes=True,
            name="regenerate keys",
        )

    # --- trash ------------------------------------------------------------------------

    def delete_selected(self) -> None:
        """Move to the trash (undoable); in the trash, delete for good after asking."""
        window = self._window
        ids = window.selected_ids()
        if not ids:
            return
        if window.sidebar.view == View.TRASH:
            if window.confirm("Delete permanently?", f"Delete {papers(len(ids))} for good? This cannot be undone."):
                self.write(lambda: window.library.purge(ids))
                window.undo_stack.clear()
            return
        window.undo_stack.push(LibraryCommand(f"Move {papers(len(ids))} to Trash", ids,
                                              lambda chosen: self.write(lambda: window.library.trash(chosen)),
                                              lambda chosen: self.write(lambda: window.library.restore(chosen))))
        window.statusBar().showMessage(f"Moved {papers(len(ids))} to the trash. Undo with Ctrl+Z.", 5000)

    def restore_selected(self) -> None:
        window = self._window
        ids = window.selected_ids()
        if ids and window.sidebar.view == View.TRASH:
            window.undo_stack.push(LibraryCommand(f"Restore {papers(len(ids))}", ids,
                                                  lambda chosen: self.write(lambda: window.library.restore(chosen)),
                                                  lambda chosen: self.write(lambda: window.library.trash(chosen))))

    def empty_trash(self) -> None:
        window = self._window
        count = window.library.count(Query(view=View.TRASH))
        if count and window.confirm("Empty the trash?", f"Delete the {papers(count)} in the trash for good? This cannot be undone."):
            self.write(window.library.empty_trash)
            window.undo_stack.clear()

    def write(self, change: Callable[[], object]) -> Task:
        """Run ``change`` on the write lane, then re-read the window."""
        window = self._window
        return window.runner.submit(lambda _context: change(), on_done=lambda _r: window.refresh_from_library(),
                                    on_error=lambda exc: report_failure(window.show_message, exc), writes=True, name="write")
