"""Getting papers out of RefDesk: copy keys and \\cite{...}, drag citations, export files."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QGuiApplication

from ..errors import RefDeskError
from ..model import ExportFormat, Query
from .drag import citation_mime
from .export_dialog import ExportDialog
from .palette import Tone
from .task_failures import report_failure
from .tasks import Task
from .undo import papers

if TYPE_CHECKING:
    from .main_window import MainWindow

STATUS_MS = 4000


class CitingController(QObject):
    """Copying, dragging and exporting the selected papers."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self._drag_dir = Path(tempfile.mkdtemp(prefix="refdesk-drag-"))

    def copy_citekeys(self) -> None:
        keys = [p.citekey for p in self._window.library.get_many(self._window.selected_ids()) if p.citekey]
        if keys:
            QGuiApplication.clipboard().setText(",".join(keys))
            self._window.statusBar().showMessage(f"Copied {', '.join(keys)}", STATUS_MS)

    def copy_cite(self) -> None:
        text = self._window.library.cite_text(self._window.selected_ids())
        if text:
            QGuiApplication.clipboard().setText(text)
            self._window.statusBar().showMessage(f"Copied {text}", STATUS_MS)

    def default_format(self) -> ExportFormat:
        return ExportFormat.BIBLATEX if self._window.services.settings.biblatex else ExportFormat.BIBTEX

    def drag_mime(self, ids: list[int]) -> QMimeData | None:
        """What dragging rows out of the table carries: \\cite{...}, BibTeX and a .bib file."""
        window = self._window
        try:
            cite = window.library.cite_text(ids)
            bibtex = window.exporter.export_text(self.default_format(), ids=ids)
            first = window.library.get(ids[0]).citekey or "references"
            return citation_mime(cite, bibtex, self._drag_dir, first if len(ids) == 1 else "references")
        except (RefDeskError, OSError) as exc:
            window.show_message(f"Could not prepare the dragged papers: {exc}", Tone.ERROR)
            return None

    def show_export_dialog(self) -> ExportDialog:
        window = self._window
        ids = window.selected_ids()
        dialog = ExportDialog(len(ids), window.library.count(Query()), biblatex=window.services.settings.biblatex,
                              folder=window.preferences.text("export/folder"), parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.export_to(dialog.target, dialog.export_format, ids if dialog.only_selection else None))
        dialog.open()
        return dialog

    def export_to(self, path: Path, fmt: ExportFormat, ids: Sequence[int] | None = None) -> Task:
        window = self._window
        window.preferences.set_text("export/folder", str(path.parent))
        chosen = list(ids) if ids is not None else None
        exporter = window.exporter

        def work(_context: object) -> int:
            chosen_papers = [p for p in exporter.papers(chosen) if p.citekey]
            exporter.write_file(path, exporter.render(chosen_papers, fmt))
            return len(chosen_papers)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OSError):
                exc = RefDeskError(f"Could not write {path}: {getattr(exc, 'strerror', None) or exc}")
            report_failure(window.show_message, exc)

        return window.runner.submit(
            work,
            on_done=lambda count: window.show_message(f"Exported {papers(count)} to {path}.", Tone.SUCCESS),
            on_error=failed,
            name="export",
        )

    def clean_up(self) -> None:
        """Remove the files made for drags (the window is closing)."""
        shutil.rmtree(self._drag_dir, ignore_errors=True)
