"""Imports and refreshes run in the background, with progress, a summary and Retry."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..model import ImportReport, Outcome, Query, View
from ..identifiers import NO_IDENTIFIER_MESSAGE, extract_identifiers
from .drop import ImportPayload, payload_from_items, payload_from_mime
from .import_jobs import run_import, summarize
from .palette import Tone
from .task_failures import report_failure
from .tasks import Task
from .undo import papers

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

FILE_FILTER = "Reference files (*.nbib *.txt *.medline *.ris *.bib);;All files (*)"


class ImportController(QObject):
    """Starts imports and refreshes for the window and reports how they went."""

    #: An import or refresh finished and its papers were selected.
    finished = Signal(object)  # ImportReport

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self._window = window
        self.last_report: ImportReport | None = None

    def import_payload(self, payload: ImportPayload, *, verb: str = "Import") -> Task | None:
        window = self._window
        if payload.empty:
            window.show_message(NO_IDENTIFIER_MESSAGE, Tone.WARNING)
            return None
        task = window.runner.submit(
            lambda context: run_import(window.importer, payload, context),
            on_done=lambda report: self._import_done(report, verb),
            on_error=lambda exc: report_failure(window.show_message, exc, lambda: self.import_payload(payload, verb=verb)),
            on_progress=window.progress.update_progress,
            writes=True,
            name="import",
        )
        window.progress.start(task, f"Importing {payload.describe()}\u2026")
        return task

    def import_items(self, items: list[str]) -> Task | None:
        """Command-line items (files, IDs, URLs), e.g. handed over by a second start."""
        return self.import_payload(payload_from_items(items)) if items else None

    def import_mime(self, mime: QMimeData) -> Task | None:
        return self.import_payload(payload_from_mime(mime))

    def import_files(self, paths: Sequence[Path | str]) -> Task | None:
        return self.import_payload(ImportPayload(files=tuple(Path(p) for p in paths)))

    def import_pmids(self, pmids: Sequence[int]) -> Task | None:
        return self.import_payload(ImportPayload(identifiers=tuple(extract_identifiers(" ".join(f"PMID:{p}" for p in pmids)))))

    def import_text(self, text: str) -> bool:
        """Import the identifiers in ``text``; False (and a hint) when there are none."""
        identifiers = extract_identifiers(text)
        if not identifiers:
            self._window.show_message(NO_IDENTIFIER_MESSAGE, Tone.WARNING)
            return False
        self.import_payload(ImportPayload(identifiers=tuple(identifiers)))
        return True

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None:
            self.import_mime(mime)

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self._window, "Import references", str(Path.home()), FILE_FILTER)
        if paths:
            self.import_files(paths)

    def refresh_selected(self) -> None:
        ids = self._window.selected_ids() or self._window.library.ids(Query())
        if ids:
            self.refresh(ids)

    def refresh(self, ids: Sequence[int]) -> Task:
        window = self._window
        ids = list(ids)
        if len(ids) == 1:
            window.detail.set_fetching_links(ids[0], True)
        task = window.runner.submit(
            lambda context: window.importer.refresh(ids, context.progress, context.cancel),
            on_done=lambda report: self._refresh_done(report, ids),
            on_error=lambda exc: self._refresh_failed(exc, ids),
            on_progress=window.progress.update_progress,
            writes=True,
            name="refresh",
        )
        window.progress.start(task, f"Refreshing {papers(len(ids))} from PubMed\u2026")
        return task

    def show_report_details(self, report: ImportReport) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, "Import details", report.summary(),
                          QMessageBox.StandardButton.Close, self._window)
        box.setDetailedText("\n".join(i.line() for i in report.items if i.outcome in (Outcome.NOT_FOUND, Outcome.FAILED)))
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        return box

    def _import_done(self, report: ImportReport, verb: str) -> None:
        window = self._window
        self.last_report = report
        summary = summarize(report, verb)
        action = None
        if summary.retryable:
            retry = ImportPayload(identifiers=tuple(extract_identifiers("\n".join(summary.retryable))))
            action = ("Retry", lambda: self.import_payload(retry, verb=verb))
        elif summary.has_more:
            action = ("Details", lambda: self.show_report_details(report))
        window.show_message(summary.text, summary.tone, action=action, detail=summary.detail,
                            keep_after_action=action is not None and action[0] == "Details")
        log.info("%s: %s", verb, report.summary())
        window.refresh_from_library()
        new = [i.paper_id for i in report.items if i.paper_id is not None and i.outcome in (Outcome.ADDED, Outcome.UPDATED)]
        if not new:
            new = [i.paper_id for i in report.items if i.paper_id is not None]
        if new:
            if window.sidebar.view == View.TRASH:
                window.sidebar.set_view(View.ALL)
            window.select_ids(new)
        self.finished.emit(report)

    def _refresh_done(self, report: ImportReport, ids: list[int]) -> None:
        window = self._window
        if len(ids) == 1:
            failed = [i for i in report.items if i.outcome == Outcome.FAILED]
            window.detail.set_fetching_links(ids[0], False, failed[0].reason if failed else "")
        self.last_report = report
        summary = summarize(report, "Refresh")
        retry = ("Retry", lambda: self.refresh(ids)) if summary.retryable else None
        window.show_message(summary.text, summary.tone, action=retry)
        window.refresh_from_library()
        self.finished.emit(report)

    def _refresh_failed(self, exc: BaseException, ids: list[int]) -> None:
        if len(ids) == 1:
            self._window.detail.set_fetching_links(ids[0], False, str(exc))
        report_failure(self._window.show_message, exc, lambda: self.refresh(ids))
