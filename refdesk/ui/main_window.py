"""The main window: toolbar, sidebar, paper table, detail area and status bar.

The window composes its parts and wires them to the services it is given:
``window_actions`` builds the actions, toolbar and menus; ``ImportController``
runs imports and refreshes; ``CitingController`` copies, drags and exports;
``LibraryEdits`` changes keys and moves papers to and from the trash.  Slow
work goes through the ``TaskRunner``; results come back as queued signals.
The library tells the window about changes (``Library.on_change``, from
whichever thread wrote); the window re-reads what it shows shortly after,
keeping the selection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QUndoStack,
)
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from .. import __version__
from ..errors import RefDeskError
from ..model import ExportFormat, ImportReport, View
from ..services import Services
from ..settings import Settings
from .citing import CitingController
from .detail_view import DetailView, paper_url
from .drop import ImportPayload, may_hold_references
from .drop_overlay import DropOverlay
from .export_dialog import ExportDialog
from .icons import app_icon
from .import_controller import ImportController
from .library_edits import LibraryEdits
from .message_bar import MessageBar
from .palette import Tone
from .paper_table import PaperTableModel
from .preferences import Preferences, PreferencesDialog, TargetChanges
from .progress import TaskProgress
from .sidebar import Sidebar
from .table_view import EMPTY_LIBRARY, EMPTY_TRASH, NO_MATCHES, PaperTableView
from .task_failures import report_failure
from .tasks import Task, TaskRunner
from .undo import papers
from .window_actions import build_menus, build_toolbar, create_actions
from .window_state import restore_window_state, save_window_state

if TYPE_CHECKING:  # built on first use (see refdesk/services.py)
    from ..exporting import Exporter
    from ..importing import Importer

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150
CHANGE_DELAY_MS = 120
DEFAULT_SIZE = QSize(1560, 940)
SCREEN_MARGIN = QSize(40, 60)  # room left for panels and the title bar on small screens
#: Table and detail widths at first start; the sidebar takes its own size hint.
SPLITTER_SIZES = (930, 470)

UrlOpener = Callable[[QUrl], object]
Confirm = Callable[[str, str], bool]


class MainWindow(QMainWindow):
    #: Emitted after an import finished and its papers were selected.
    import_finished = Signal(object)  # ImportReport

    # Made by window_actions.create_actions and build_toolbar.
    add_action: QAction
    import_action: QAction
    refresh_action: QAction
    export_action: QAction
    copy_key_action: QAction
    copy_cite_action: QAction
    paste_action: QAction
    edit_key_action: QAction
    regenerate_action: QAction
    delete_action: QAction
    restore_action: QAction
    empty_trash_action: QAction
    open_action: QAction
    find_action: QAction
    preferences_action: QAction
    quit_action: QAction
    about_action: QAction
    undo_action: QAction
    redo_action: QAction
    cancel_action: QAction
    add_field: QLineEdit
    search_field: QLineEdit

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
        self.preferences = preferences
        self.runner = runner or TaskRunner(self)
        self.open_url = open_url
        self.confirm: Confirm = self._ask
        self.undo_stack = QUndoStack(self)
        self._listening = True

        self.setWindowTitle("RefDesk")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setObjectName("mainWindow")

        self.importing = ImportController(self)
        self.citing = CitingController(self)
        self.edits = LibraryEdits(self)
        self.model = PaperTableModel(self.library, edit_citekey=self.edits.set_citekey, mime_for=self.citing.drag_mime,
                                     parent=self)
        self.table = PaperTableView(self)
        self.table.setModel(self.model)
        self.table.apply_default_widths()
        self.sidebar = Sidebar(self.library, self)
        self.detail = DetailView(self.library, lambda: services.importer, self.runner, open_url=open_url, parent=self)
        self.message_bar = MessageBar(self)
        self.progress = TaskProgress(self)
        self.status_label = QLabel(self)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._change_timer = QTimer(self, singleShot=True, interval=CHANGE_DELAY_MS)
        self._change_timer.timeout.connect(self.refresh_from_library)

        create_actions(self)
        self.toolbar = build_toolbar(self)
        build_menus(self)
        self._build_layout()
        self._connect()
        self.library.on_change(self._library_changed_elsewhere)
        self.restore_window_state()
        self._update_status()
        self._update_actions()

    @property
    def importer(self) -> Importer:
        return self.services.importer

    @property
    def exporter(self) -> Exporter:
        return self.services.exporter

    # --- building ----------------------------------------------------------------------

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
        self.splitter.setSizes([self.sidebar.sizeHint().width(), *SPLITTER_SIZES])
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
        self.search_field.textChanged.connect(lambda _text: self._search_timer.start())
        self.sidebar.view_changed.connect(self._on_view_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.open_requested.connect(self.open_selected)
        self.table.doubleClicked.connect(self._on_double_click)
        self.model.modelReset.connect(self._update_status)
        self.model.rowsInserted.connect(self._update_status)
        self.model.failed.connect(lambda message: self.show_message(message, Tone.ERROR))
        self.detail.open_requested.connect(self.open_paper)
        self.detail.import_requested.connect(self.importing.import_pmids)
        self.detail.refresh_requested.connect(lambda paper_id: self.importing.refresh([paper_id]))
        self.importing.finished.connect(self.import_finished)
        self._library_changed.connect(self._schedule_refresh, Qt.ConnectionType.QueuedConnection)
        self.progress.busy_changed.connect(self.cancel_action.setEnabled)

    # --- window state --------------------------------------------------------------------

    def restore_window_state(self) -> None:
        restore_window_state(self, self.preferences)

    def save_window_state(self) -> None:
        save_window_state(self, self.preferences)

    # --- selection and showing -------------------------------------------------------

    def selected_ids(self) -> list[int]:
        return self.table.selected_ids()

    def select_ids(self, ids: Sequence[int]) -> list[int]:
        """Select these papers (those the current view holds), the first made current;
        returns the ids selected."""
        found = self.model.rows_of(ids)
        selection = QItemSelection()
        rows = [found[i] for i in ids if i in found]
        last = self.model.columnCount() - 1
        for row in rows:
            selection.select(self.model.index(row, 0), self.model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        if rows:
            self.table.selectionModel().setCurrentIndex(self.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.model.index(rows[0], 0))
        self.table.selectionModel().select(selection, flags)
        return [i for i in ids if i in found]

    def open_paper(self, paper_id: int) -> None:
        """Show a library paper (from a list pane): switch to All papers if needed."""
        if self.sidebar.view == View.TRASH or self.model.query.search:
            self.search_field.clear()
            self._apply_search()
            self.sidebar.set_view(View.ALL)
        if not self.select_ids([paper_id]):  # not in the table (nothing to select): show it anyway
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

    def _library_changed_elsewhere(self, _ids: frozenset[int]) -> None:
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

    # --- importing (ImportController) ------------------------------------------------------

    @property
    def last_report(self) -> ImportReport | None:
        return self.importing.last_report

    def import_payload(self, payload: ImportPayload, *, verb: str = "Import") -> Task | None:
        return self.importing.import_payload(payload, verb=verb)

    def import_items(self, items: list[str]) -> Task | None:
        return self.importing.import_items(items)

    def receive_items(self, items: list[str]) -> Task | None:
        """A later start of RefDesk on this library handed its items over."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        return self.import_items(items)

    def import_mime(self, mime: QMimeData) -> Task | None:
        return self.importing.import_mime(mime)

    def import_files(self, paths: Sequence[Path | str]) -> Task | None:
        return self.importing.import_files(paths)

    def import_pmids(self, pmids: Sequence[int]) -> Task | None:
        return self.importing.import_pmids(pmids)

    def add_from_field(self) -> None:
        if self.importing.import_text(self.add_field.text()):
            self.add_field.clear()

    def refresh(self, ids: Sequence[int]) -> Task:
        return self.importing.refresh(ids)

    # --- messages ---------------------------------------------------------------------------

    def show_message(self, text: str, tone: Tone = Tone.INFO, *, action: tuple[str, Callable[[], object]] | None = None,
                     detail: str = "", keep_after_action: bool = False) -> None:
        self.message_bar.show_message(text, tone, action=action, detail=detail, keep_after_action=keep_after_action)

    # --- citing and exporting (CitingController), trash (LibraryEdits) ----------------------

    def default_format(self) -> ExportFormat:
        return self.citing.default_format()

    def show_export_dialog(self) -> ExportDialog:
        return self.citing.show_export_dialog()

    def export_to(self, path: Path, fmt: ExportFormat, ids: Sequence[int] | None = None) -> Task:
        return self.citing.export_to(path, fmt, ids)

    def delete_selected(self) -> None:
        self.edits.delete_selected()

    def empty_trash(self) -> None:
        self.edits.empty_trash()

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
            self.runner.submit(work, on_error=lambda exc: report_failure(self.show_message, exc), writes=True, name="export targets",
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

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.message_bar.apply_palette()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        self._listening = False
        self.runner.shutdown()
        self.citing.clean_up()
        super().closeEvent(event)
