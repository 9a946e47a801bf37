"""The main window: toolbar, sidebar, paper table, detail area and status bar.

The window wires the widgets to the services it is given.  Slow work --
imports, refreshes, exports, writes -- goes through the ``TaskRunner``;
results come back as queued signals.  The library tells the window about
changes (``Library.on_change``, from whichever thread wrote); the window
re-reads what it shows shortly after, keeping the selection.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QMimeData, QModelIndex, QSize, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..errors import DuplicateKeyError, RateLimitedError, RefDeskError, SourceError
from ..model import ExportFormat, ImportReport, Outcome, Query, View
from ..services import Services
from ..settings import Settings
from ..sources.identifiers import NO_IDENTIFIER_MESSAGE, extract_identifiers
from .detail_view import DetailView, paper_url
from .drag import citation_mime
from .drop import ImportPayload, may_hold_references, payload_from_items, payload_from_mime
from .drop_overlay import DropOverlay
from .export_dialog import ExportDialog
from .icons import app_icon
from .import_jobs import run_import, summarize
from .message_bar import MessageBar
from .palette import Tone
from .paper_table import PaperTableModel
from .preferences import Preferences, PreferencesDialog, TargetChanges
from .progress import TaskProgress
from .sidebar import Sidebar
from .table_view import EMPTY_LIBRARY, EMPTY_TRASH, NO_MATCHES, PaperTableView
from .tasks import Task, TaskRunner, report_unexpected
from .undo import LibraryCommand, papers

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150
CHANGE_DELAY_MS = 120
DEFAULT_SIZE = QSize(1560, 940)
SCREEN_MARGIN = QSize(40, 60)  # room left for panels and the title bar on small screens
SPLITTER_SIZES = [160, 930, 470]

UrlOpener = Callable[[QUrl], object]
Confirm = Callable[[str, str], bool]


class MainWindow(QMainWindow):
    #: Emitted after an import finished and its papers were selected.
    import_finished = Signal(object)  # ImportReport

    def __init__(
        self,
        services: Services,
        preferences: Preferences,
        runner: TaskRunner | None = None,
        *,
        open_url: UrlOpener = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.services = services
        self.library = services.library
        self.importer = services.importer
        self.exporter = services.exporter
        self.preferences = preferences
        self.runner = runner or TaskRunner(self)
        self.open_url = open_url
        self.confirm: Confirm = self._ask
        self.undo_stack = QUndoStack(self)
        self._listening = True
        self._drag_dir = Path(tempfile.mkdtemp(prefix="refdesk-drag-"))
        self._dialogs: list[QWidget] = []
        self.last_report: ImportReport | None = None

        self.setWindowTitle("RefDesk")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setObjectName("mainWindow")

        self.model = PaperTableModel(self.library, edit_citekey=self._edit_citekey, mime_for=self._drag_mime, parent=self)
        self.table = PaperTableView(self)
        self.table.setModel(self.model)
        self.table.apply_default_widths()
        self.sidebar = Sidebar(self.library, self)
        self.detail = DetailView(self.library, self.importer, self.runner, open_url=open_url, parent=self)
        self.message_bar = MessageBar(self)
        self.progress = TaskProgress(self)
        self.status_label = QLabel(self)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._change_timer = QTimer(self, singleShot=True, interval=CHANGE_DELAY_MS)
        self._change_timer.timeout.connect(self.refresh_from_library)

        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self._build_layout()
        self._connect()
        self.library.on_change(self._library_changed_elsewhere)
        self.restore_window_state()
        self._update_status()
        self._update_actions()

    # --- building ----------------------------------------------------------------------

    def _action(self, text: str, tip: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None,
                icon: QStyle.StandardPixmap | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            tip = f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        S = QStyle.StandardPixmap
        self.add_action = self._action("&Add by ID\u2026", "Type or paste PMIDs, DOIs, PMC IDs or links", self.focus_add, "Ctrl+L")
        self.import_action = self._action("&Import\u2026", "Import .nbib, MEDLINE, RIS, BibTeX or PubMed page files",
                                          self.choose_files, QKeySequence.StandardKey.Open, S.SP_DialogOpenButton)
        self.refresh_action = self._action("&Refresh from PubMed", "Fetch the selected papers (and their links) from PubMed again",
                                           self.refresh_selected, "Ctrl+R", S.SP_BrowserReload)
        self.export_action = self._action("&Export BibTeX\u2026", "Export the selection or the whole library as BibTeX or BibLaTeX",
                                          self.show_export_dialog, "Ctrl+E", S.SP_DialogSaveButton)
        self.copy_key_action = self._action("Copy Citation &Key", "Copy the citation keys of the selected papers",
                                            self.copy_citekeys, "Ctrl+K")
        self.copy_cite_action = self._action("Copy \\&cite{\u2026}", "Copy a \\cite{\u2026} command for the selected papers",
                                             self.copy_cite, "Ctrl+Shift+C")
        self.paste_action = self._action("&Paste to Import", "Import the PMIDs, DOIs, links or records on the clipboard",
                                         self.paste, QKeySequence.StandardKey.Paste)
        self.edit_key_action = self._action("Edit Citation Key", "Edit the citation key of the current paper", self.edit_citekey, "F2")
        self.regenerate_action = self._action("Re&generate Citation Keys", "Recompute the keys of the selected papers from the key pattern",
                                              self.regenerate_citekeys)
        self.delete_action = self._action("&Move to Trash", "Move the selected papers to the trash", self.delete_selected,
                                          QKeySequence.StandardKey.Delete, S.SP_TrashIcon)
        self.restore_action = self._action("Restore from Trash", "Put the selected papers back into the library", self.restore_selected)
        self.empty_trash_action = self._action("Empty Trash\u2026", "Delete the papers in the trash for good", self.empty_trash)
        self.open_action = self._action("&Open in Browser", "Open the paper's PubMed (or DOI) page (Enter)", self.open_selected)
        self.find_action = self._action("&Find", "Search the library", self.focus_search, QKeySequence.StandardKey.Find)
        self.preferences_action = self._action("Pre&ferences\u2026", "NCBI account, key pattern, export defaults, auto-export",
                                               self.show_preferences, QKeySequence.StandardKey.Preferences)
        if self.preferences_action.shortcut().isEmpty():
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action = self._action("&Quit", "Quit RefDesk", self.close, QKeySequence.StandardKey.Quit)
        self.about_action = self._action("&About RefDesk", "About RefDesk", self.show_about)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setToolTip("Undo the last change (Ctrl+Z)")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.cancel_action = self._action("Cancel Import", "Stop the running import", self.progress.cancel, "Esc")
        self.cancel_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.cancel_action.setEnabled(False)
        self.addAction(self.cancel_action)
        # Keys that mean something else in a text box act on the table only.
        for action in (self.delete_action, self.paste_action, self.copy_key_action, self.edit_key_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(action)
        for action in (self.add_action, self.import_action, self.refresh_action, self.export_action,
                       self.copy_cite_action, self.find_action, self.preferences_action, self.quit_action,
                       self.undo_action, self.redo_action):
            self.addAction(action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(18, 18))
        self.add_field = QLineEdit(toolbar)
        self.add_field.setObjectName("addField")
        self.add_field.setPlaceholderText("Add by PMID, DOI, PMC ID or link\u2026")
        self.add_field.setToolTip("Type or paste identifiers and press Enter (Ctrl+L)")
        self.add_field.setClearButtonEnabled(True)
        self.add_field.setMinimumWidth(180)
        self.add_field.setMaximumWidth(420)
        self.add_field.returnPressed.connect(self.add_from_field)
        self.search_field = QLineEdit(toolbar)
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText("Search titles, authors, abstracts\u2026")
        self.search_field.setToolTip("Search the library as you type (Ctrl+F)")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(160)
        self.search_field.setMaximumWidth(360)
        self.search_field.addAction(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
                                    QLineEdit.ActionPosition.LeadingPosition)
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        toolbar.addWidget(self.add_field)
        toolbar.addSeparator()
        toolbar.addAction(self.import_action)
        toolbar.addAction(self.refresh_action)
        toolbar.addAction(self.export_action)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search_field)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for item in (self.add_action, self.import_action, None, self.export_action, None, self.preferences_action, None, self.quit_action):
            file_menu.addSeparator() if item is None else file_menu.addAction(item)
        edit_menu = bar.addMenu("&Edit")
        for item in (self.undo_action, self.redo_action, None, self.copy_key_action, self.copy_cite_action, self.paste_action,
                     None, self.edit_key_action, self.regenerate_action, None, self.delete_action, self.restore_action,
                     self.empty_trash_action, None, self.find_action):
            edit_menu.addSeparator() if item is None else edit_menu.addAction(item)
        paper_menu = bar.addMenu("&Paper")
        paper_menu.addAction(self.open_action)
        paper_menu.addAction(self.refresh_action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for item in (self.open_action, self.refresh_action, self.copy_cite_action, self.copy_key_action,
                     self.edit_key_action, self.regenerate_action, self.export_action, self.restore_action):
            self.table.addAction(item)

    def _build_layout(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes(SPLITTER_SIZES)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.drop_overlay = DropOverlay(self)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        screen = self.screen()
        available = screen.availableSize() - SCREEN_MARGIN if screen is not None else DEFAULT_SIZE
        self.resize(DEFAULT_SIZE.boundedTo(available))

    def _connect(self) -> None:
        self.sidebar.view_changed.connect(self._on_view_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.open_requested.connect(self.open_selected)
        self.table.doubleClicked.connect(self._on_double_click)
        self.model.modelReset.connect(self._update_status)
        self.model.rowsInserted.connect(self._update_status)
        self.model.failed.connect(lambda message: self.show_message(message, Tone.ERROR))
        self.detail.open_requested.connect(self.open_paper)
        self.detail.import_requested.connect(self.import_pmids)
        self.detail.refresh_requested.connect(lambda paper_id: self.refresh([paper_id]))
        self._library_changed.connect(self._schedule_refresh, Qt.ConnectionType.QueuedConnection)
        self.progress.busy_changed.connect(self.cancel_action.setEnabled)

    # --- window state --------------------------------------------------------------------

    def restore_window_state(self) -> None:
        prefs = self.preferences
        if (geometry := prefs.state("geometry")) is not None:
            self.restoreGeometry(geometry)
        if (splitter := prefs.state("splitter")) is not None:
            self.splitter.restoreState(splitter)
        title_follows = prefs.text("window/title_follows", "true") == "true"
        if (header := prefs.state("columns")) is not None and self.table.restore_columns(header, title_follows):
            header_view = self.table.horizontalHeader()
            self.model.sort(header_view.sortIndicatorSection(), header_view.sortIndicatorOrder())
        else:
            self.table.horizontalHeader().setSortIndicator(self.model.column_of("added"), Qt.SortOrder.DescendingOrder)
        view = prefs.text("window/view", View.ALL.value)
        if view in {v.value for v in View} and view != View.ALL.value:
            self.sidebar.set_view(View(view))

    def save_window_state(self) -> None:
        prefs = self.preferences
        prefs.set_state("geometry", self.saveGeometry())
        prefs.set_state("splitter", self.splitter.saveState())
        prefs.set_state("columns", self.table.horizontalHeader().saveState())
        prefs.set_text("window/title_follows", "true" if self.table.title_follows else "false")
        prefs.set_text("window/view", self.sidebar.view.value)
        prefs.sync()

    # --- selection and showing -------------------------------------------------------

    def selected_ids(self) -> list[int]:
        return self.table.selected_ids()

    def select_ids(self, ids: Sequence[int]) -> None:
        """Select these papers (those the current view holds), the first made current."""
        self.model.load_until(ids)
        selection = QItemSelection()
        rows = [r for r in (self.model.row_of(i) for i in ids) if r is not None]
        last = self.model.columnCount() - 1
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        if rows:
            self.table.selectionModel().setCurrentIndex(self.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.model.index(rows[0], 0))
        self.table.selectionModel().select(selection, flags)

    def open_paper(self, paper_id: int) -> None:
        """Show a library paper (from a list pane): switch to All papers if needed."""
        if self.sidebar.view == View.TRASH or self.model.query.search:
            self.search_field.clear()
            self._apply_search()
            self.sidebar.set_view(View.ALL)
        self.select_ids([paper_id])
        if self.model.row_of(paper_id) is None:
            try:
                self.detail.show_paper(self.library.get(paper_id))
            except RefDeskError as exc:
                self.show_message(str(exc), Tone.WARNING)

    def _on_selection_changed(self, *_args: object) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            try:
                self.detail.show_paper(self.library.get(ids[0]))
            except RefDeskError as exc:
                self.detail.show_placeholder(str(exc))
        elif ids:
            self.detail.show_placeholder(f"{papers(len(ids))} selected.\n\nCopy \\cite{{\u2026}} with Ctrl+Shift+C, "
                                         "export them with Ctrl+E, or drag them into your editor.")
        else:
            self.detail.show_paper(None)
        self._update_actions()
        self._update_status()

    def _on_view_changed(self, view: View) -> None:
        self.model.set_view(view)
        if view == View.TRASH:
            self.table.empty_text = EMPTY_TRASH
        self._update_empty_text()
        self._on_selection_changed()

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search_field.text())
        self._update_empty_text()
        self._on_selection_changed()

    def _update_empty_text(self) -> None:
        if self.model.query.search:
            self.table.empty_text = NO_MATCHES
        elif self.model.query.view == View.TRASH:
            self.table.empty_text = EMPTY_TRASH
        else:
            self.table.empty_text = EMPTY_LIBRARY
        self.table.viewport().update()

    def _update_actions(self) -> None:
        chosen = bool(self.selected_ids())
        in_trash = self.sidebar.view == View.TRASH
        for action in (self.copy_key_action, self.copy_cite_action, self.regenerate_action, self.open_action,
                       self.edit_key_action):
            action.setEnabled(chosen)
        self.delete_action.setEnabled(chosen)
        self.delete_action.setText("&Delete Permanently\u2026" if in_trash else "&Move to Trash")
        self.restore_action.setEnabled(chosen and in_trash)
        self.restore_action.setVisible(in_trash)
        self.empty_trash_action.setEnabled(self.sidebar.counts.get(View.TRASH, 0) > 0)

    def _update_status(self, *_args: object) -> None:
        query = self.model.query
        total = self.model.total
        where = {View.ALL: "", View.RECENT: " added recently", View.TRASH: " in the trash"}[query.view]
        text = f"{papers(total)}{where}"
        if query.search:
            text = f"{papers(total)}{where} match \u201c{query.search}\u201d"
        chosen = len(self.selected_ids())
        if chosen > 1:
            text += f" \u2014 {chosen:,} selected"
        self.status_label.setText(text)

    # --- library changes ---------------------------------------------------------------

    def _library_changed_elsewhere(self) -> None:
        """Called by the library from the writing thread; hop to the GUI thread."""
        if self._listening:
            self._library_changed.emit()

    _library_changed = Signal()

    @Slot()
    def _schedule_refresh(self) -> None:
        self._change_timer.start()

    def refresh_from_library(self) -> None:
        """Re-read the table, counts and detail, keeping the selection."""
        self._change_timer.stop()
        chosen = self.selected_ids()
        current = self.table.current_id()
        self.model.reload()
        if chosen:
            self.select_ids(([current] if current in chosen else []) + [i for i in chosen if i != current])
        self.sidebar.refresh_counts()
        self.detail.reload()
        self._update_actions()
        self._update_status()

    # --- importing -------------------------------------------------------------------------

    def import_payload(self, payload: ImportPayload, *, verb: str = "Import") -> Task | None:
        if payload.empty:
            self.show_message(NO_IDENTIFIER_MESSAGE, Tone.WARNING)
            return None
        task = self.runner.submit(
            lambda context: run_import(self.importer, payload, context),
            on_done=lambda report: self._import_done(report, payload, verb),
            on_error=lambda exc: self._task_failed(exc, lambda: self.import_payload(payload, verb=verb)),
            on_progress=self.progress.update_progress,
            writes=True,
            name="import",
        )
        self.progress.start(task, f"Importing {payload.describe()}\u2026")
        return task

    def import_items(self, items: list[str]) -> Task | None:
        """Command-line items (files, IDs, URLs), e.g. handed over by a second start."""
        if not items:
            return None
        return self.import_payload(payload_from_items(items))

    def receive_items(self, items: list[str]) -> Task | None:
        """A later start of RefDesk on this library handed its items over."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        return self.import_items(items)

    def import_mime(self, mime: QMimeData) -> Task | None:
        return self.import_payload(payload_from_mime(mime))

    def import_files(self, paths: Sequence[Path | str]) -> Task | None:
        return self.import_payload(ImportPayload(files=tuple(Path(p) for p in paths)))

    def import_pmids(self, pmids: Sequence[int]) -> Task | None:
        return self.import_payload(ImportPayload(identifiers=tuple(extract_identifiers(" ".join(f"PMID:{p}" for p in pmids)))))

    def add_from_field(self) -> None:
        text = self.add_field.text()
        identifiers = extract_identifiers(text)
        if not identifiers:
            self.show_message(NO_IDENTIFIER_MESSAGE, Tone.WARNING)
            return
        self.add_field.clear()
        self.import_payload(ImportPayload(identifiers=tuple(identifiers)))

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return
        self.import_mime(mime)

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import references", str(Path.home()),
            "Reference files (*.nbib *.txt *.medline *.ris *.bib);;All files (*)",
        )
        if paths:
            self.import_files(paths)

    def refresh_selected(self) -> None:
        ids = self.selected_ids() or self.library.ids(Query())
        if ids:
            self.refresh(ids)

    def refresh(self, ids: Sequence[int]) -> Task:
        ids = list(ids)
        if len(ids) == 1:
            self.detail.set_fetching_links(ids[0], True)
        task = self.runner.submit(
            lambda context: self.importer.refresh(ids, context.progress, context.cancel),
            on_done=lambda report: self._refresh_done(report, ids),
            on_error=lambda exc: self._refresh_failed(exc, ids),
            on_progress=self.progress.update_progress,
            writes=True,
            name="refresh",
        )
        self.progress.start(task, f"Refreshing {papers(len(ids))} from PubMed\u2026")
        return task

    def _import_done(self, report: ImportReport, payload: ImportPayload, verb: str) -> None:
        self.last_report = report
        summary = summarize(report, verb)
        action = None
        if summary.retryable:
            retry = ImportPayload(identifiers=tuple(extract_identifiers("\n".join(summary.retryable))))
            action = ("Retry", lambda: self.import_payload(retry, verb=verb))
        elif summary.has_more:
            action = ("Details", lambda: self.show_report_details(report))
        self.show_message(summary.text, summary.tone, action=action, detail=summary.detail,
                          keep_after_action=action is not None and action[0] == "Details")
        log.info("%s: %s", verb, report.summary())
        self.refresh_from_library()
        new = [i.paper_id for i in report.items if i.paper_id is not None and i.outcome in (Outcome.ADDED, Outcome.UPDATED)]
        if not new:
            new = [i.paper_id for i in report.items if i.paper_id is not None]
        if new:
            if self.sidebar.view == View.TRASH:
                self.sidebar.set_view(View.ALL)
            self.select_ids(new)
        self.import_finished.emit(report)

    def _refresh_done(self, report: ImportReport, ids: list[int]) -> None:
        if len(ids) == 1:
            failed = [i for i in report.items if i.outcome == Outcome.FAILED]
            self.detail.set_fetching_links(ids[0], False, failed[0].reason if failed else "")
        self.last_report = report
        summary = summarize(report, "Refresh")
        retry = ("Retry", lambda: self.refresh(ids)) if summary.retryable else None
        self.show_message(summary.text, summary.tone, action=retry)
        self.refresh_from_library()
        self.import_finished.emit(report)

    def _refresh_failed(self, exc: BaseException, ids: list[int]) -> None:
        if len(ids) == 1:
            self.detail.set_fetching_links(ids[0], False, str(exc))
        self._task_failed(exc, lambda: self.refresh(ids))

    def _task_failed(self, exc: BaseException, retry: Callable[[], object] | None = None) -> None:
        """Known failures become a short message (with Retry); the rest a crash report."""
        if not isinstance(exc, RefDeskError):
            report_unexpected(exc)
            return
        log.warning("%s", exc, exc_info=exc)
        if isinstance(exc, RateLimitedError):
            self.show_message("PubMed asks RefDesk to slow down (rate limit). Wait a minute, then retry; "
                              "an NCBI API key in Preferences raises the limit.", Tone.WARNING,
                              action=("Retry", retry) if retry else None)
        elif isinstance(exc, SourceError):
            self.show_message(str(exc), Tone.ERROR, action=("Retry", retry) if retry else None)
        else:
            self.show_message(str(exc), Tone.ERROR)

    def show_report_details(self, report: ImportReport) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, "Import details", report.summary(), QMessageBox.StandardButton.Close, self)
        box.setDetailedText("\n".join(i.line() for i in report.items if i.outcome in (Outcome.NOT_FOUND, Outcome.FAILED)))
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        return box

    # --- messages --------------------------------------------------------------------------

    def show_message(self, text: str, tone: Tone = Tone.INFO, *, action: tuple[str, Callable[[], object]] | None = None,
                     detail: str = "", keep_after_action: bool = False) -> None:
        self.message_bar.show_message(text, tone, action=action, detail=detail, keep_after_action=keep_after_action)

    # --- citing and exporting ------------------------------------------------------------

    def copy_citekeys(self) -> None:
        keys = [p.citekey for p in self.library.get_many(self.selected_ids()) if p.citekey]
        if keys:
            QGuiApplication.clipboard().setText(",".join(keys))
            self.statusBar().showMessage(f"Copied {', '.join(keys)}", 4000)

    def copy_cite(self) -> None:
        text = self.library.cite_text(self.selected_ids())
        if text:
            QGuiApplication.clipboard().setText(text)
            self.statusBar().showMessage(f"Copied {text}", 4000)

    def default_format(self) -> ExportFormat:
        return ExportFormat.BIBLATEX if self.services.settings.biblatex else ExportFormat.BIBTEX

    def _drag_mime(self, ids: list[int]) -> QMimeData | None:
        try:
            cite = self.library.cite_text(ids)
            bibtex = self.exporter.export_text(self.default_format(), ids=ids)
            first = self.library.get(ids[0]).citekey or "references"
            return citation_mime(cite, bibtex, self._drag_dir, first if len(ids) == 1 else "references")
        except (RefDeskError, OSError) as exc:
            self.show_message(f"Could not prepare the dragged papers: {exc}", Tone.ERROR)
            return None

    def show_export_dialog(self) -> ExportDialog:
        dialog = ExportDialog(len(self.selected_ids()), self.library.count(Query()), biblatex=self.services.settings.biblatex,
                              folder=self.preferences.text("export/folder"), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ids = self.selected_ids()
        dialog.accepted.connect(lambda: self.export_to(dialog.target, dialog.export_format, ids if dialog.only_selection else None))
        dialog.open()
        return dialog

    def export_to(self, path: Path, fmt: ExportFormat, ids: Sequence[int] | None = None) -> Task:
        self.preferences.set_text("export/folder", str(path.parent))
        chosen = list(ids) if ids is not None else None

        def work(_context: object) -> int:
            chosen_papers = [p for p in self.exporter.papers(chosen) if p.citekey]
            self.exporter.write_file(path, self.exporter.render(chosen_papers, fmt))
            return len(chosen_papers)

        return self.runner.submit(
            work,
            on_done=lambda count: self.show_message(f"Exported {papers(count)} to {path}.", Tone.SUCCESS),
            on_error=lambda exc: self._task_failed(
                RefDeskError(f"Could not write {path}: {getattr(exc, 'strerror', None) or exc}") if isinstance(exc, OSError) else exc),
            name="export",
        )

    # --- editing ----------------------------------------------------------------------------

    def _edit_citekey(self, paper_id: int, key: str) -> bool:
        """Called by the table when a key was edited in place."""
        owner = self.library.find_citekey(key)
        if owner is not None and owner.id != paper_id:
            title = owner.title if len(owner.title) < 70 else owner.title[:67] + "\u2026"
            self.show_message(f"The citation key \u201c{key}\u201d is already used by \u201c{title}\u201d. Choose another key.", Tone.WARNING)
            return False
        try:
            self.library.set_citekey(paper_id, key)
        except DuplicateKeyError as exc:
            self.show_message(str(exc), Tone.WARNING)
            return False
        except RefDeskError as exc:
            self.show_message(f"Not a valid citation key: {exc}", Tone.WARNING)
            return False
        self.statusBar().showMessage(f"Citation key set to {key}", 4000)
        return True

    def edit_citekey(self) -> None:
        row = self.model.row_of(self.table.current_id() or -1)
        if row is not None:
            self.table.edit(self.model.index(row, self.model.column_of("citekey")))

    def regenerate_citekeys(self) -> Task | None:
        ids = self.selected_ids()
        if not ids:
            return None
        return self.runner.submit(
            lambda _context: self.library.regenerate_citekeys(ids),
            on_done=lambda changed: self.show_message(
                f"New citation keys for {papers(len(changed))}." if changed else "The citation keys already follow the pattern.",
                Tone.SUCCESS),
            on_error=self._task_failed,
            writes=True,
            name="regenerate keys",
        )

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if self.sidebar.view == View.TRASH:
            if self.confirm("Delete permanently?", f"Delete {papers(len(ids))} for good? This cannot be undone."):
                self._write(lambda: self.library.purge(ids))
                self.undo_stack.clear()
            return
        self.undo_stack.push(LibraryCommand(f"Move {papers(len(ids))} to Trash", ids,
                                            lambda chosen: self._write(lambda: self.library.trash(chosen)),
                                            lambda chosen: self._write(lambda: self.library.restore(chosen))))
        self.statusBar().showMessage(f"Moved {papers(len(ids))} to the trash. Undo with Ctrl+Z.", 5000)

    def restore_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.sidebar.view == View.TRASH:
            self.undo_stack.push(LibraryCommand(f"Restore {papers(len(ids))}", ids,
                                                lambda chosen: self._write(lambda: self.library.restore(chosen)),
                                                lambda chosen: self._write(lambda: self.library.trash(chosen))))

    def empty_trash(self) -> None:
        count = self.library.count(Query(view=View.TRASH))
        if count and self.confirm("Empty the trash?", f"Delete the {papers(count)} in the trash for good? This cannot be undone."):
            self._write(self.library.empty_trash)
            self.undo_stack.clear()

    def _write(self, change: Callable[[], object]) -> Task:
        return self.runner.submit(lambda _context: change(), on_done=lambda _r: self.refresh_from_library(),
                                  on_error=self._task_failed, writes=True, name="write")

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    # --- opening, finding ----------------------------------------------------------------------

    def open_selected(self) -> None:
        for paper in self.library.get_many(self.selected_ids()[:10]):
            url = paper_url(paper)
            if url:
                self.open_url(QUrl(url))

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_selected()

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def focus_add(self) -> None:
        self.add_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.add_field.selectAll()

    # --- preferences ----------------------------------------------------------------------------

    def show_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.services.settings, self.exporter.targets(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_preferences(dialog.result_settings(), dialog.target_changes))
        dialog.open()
        return dialog

    def apply_preferences(self, settings: Settings, changes: TargetChanges | None = None) -> None:
        self.preferences.save_settings(settings)
        self.services.use_settings(settings)
        if changes is not None and (changes.added or changes.removed):
            def work(_context: object) -> None:
                for path in changes.removed:
                    self.exporter.remove_target(path)
                for target in changes.added:
                    self.exporter.add_target(target)
            self.runner.submit(work, on_error=self._task_failed, writes=True, name="export targets",
                               on_done=lambda _r: self.statusBar().showMessage("Automatic export updated", 4000))
        self.statusBar().showMessage("Preferences saved", 3000)

    def show_about(self) -> None:
        QMessageBox.about(self, "About RefDesk", f"<b>RefDesk {__version__}</b><p>A reference manager for biomedical research: "
                          "PubMed import, similar and cited-by papers, BibTeX for LaTeX.</p>")

    # --- drag and drop -------------------------------------------------------------------------

    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        if event.source() is not None and (event.source() is self.table or self.table.isAncestorOf(event.source())):
            return False  # dragging rows out of our own table
        return may_hold_references(event.mimeData())

    # --- Qt overrides -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.drop_overlay.cover(self.centralWidget())
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.drop_overlay.hide()
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop_overlay.hide()
        if not self._accepts(event):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.import_mime(event.mimeData())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        self._listening = False
        self.runner.shutdown()
        shutil.rmtree(self._drag_dir, ignore_errors=True)
        super().closeEvent(event)
