"""The main window's actions, and the toolbar, menus and context menu that show them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenu, QSizePolicy, QStyle, QToolBar, QWidget

if TYPE_CHECKING:
    from .main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | str
TOOLBAR_ICON = QSize(18, 18)


def make_action(parent: QObject, style: QStyle, text: str, tip: str, slot: Callable[[], object],
                shortcut: Shortcut | None = None, icon: QStyle.StandardPixmap | None = None) -> QAction:
    """An action whose tooltip and status tip name its shortcut."""
    action = QAction(text, parent)
    if shortcut is not None:
        sequence = QKeySequence(shortcut)
        action.setShortcut(sequence)
        tip = f"{tip} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"
    action.setToolTip(tip)
    action.setStatusTip(tip)
    if icon is not None:
        action.setIcon(style.standardIcon(icon))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def create_actions(window: MainWindow) -> None:
    """Create the window's ``*_action`` attributes and register their shortcuts."""
    S = QStyle.StandardPixmap
    K = QKeySequence.StandardKey
    style = window.style()

    def act(text: str, tip: str, slot: Callable[[], object], shortcut: Shortcut | None = None,
            icon: QStyle.StandardPixmap | None = None) -> QAction:
        return make_action(window, style, text, tip, slot, shortcut, icon)

    importing, citing, edits = window.importing, window.citing, window.edits
    window.add_action = act("&Add by ID\u2026", "Type or paste PMIDs, DOIs, PMC IDs or links", window.focus_add, "Ctrl+L")
    window.import_action = act("&Import\u2026", "Import .nbib, MEDLINE, RIS, BibTeX or PubMed page files",
                               importing.choose_files, K.Open, S.SP_DialogOpenButton)
    window.refresh_action = act("&Refresh from PubMed", "Fetch the selected papers (and their links) from PubMed again",
                                importing.refresh_selected, "Ctrl+R", S.SP_BrowserReload)
    window.export_action = act("&Export BibTeX\u2026", "Export the selection or the whole library as BibTeX or BibLaTeX",
                               citing.show_export_dialog, "Ctrl+E", S.SP_DialogSaveButton)
    window.copy_key_action = act("Copy Citation &Key", "Copy the citation keys of the selected papers",
                                 citing.copy_citekeys, "Ctrl+K")
    window.copy_cite_action = act("Copy \\&cite{\u2026}", "Copy a \\cite{\u2026} command for the selected papers",
                                  citing.copy_cite, "Ctrl+Shift+C")
    window.paste_action = act("&Paste to Import", "Import the PMIDs, DOIs, links or records on the clipboard",
                              importing.paste, K.Paste)
    window.edit_key_action = act("Edit Citation Key", "Edit the citation key of the current paper", edits.edit_citekey, "F2")
    window.regenerate_action = act("Re&generate Citation Keys", "Recompute the keys of the selected papers from the key pattern",
                                   edits.regenerate_citekeys)
    window.delete_action = act("&Move to Trash", "Move the selected papers to the trash", edits.delete_selected,
                               K.Delete, S.SP_TrashIcon)
    window.restore_action = act("Restore from Trash", "Put the selected papers back into the library", edits.restore_selected)
    window.empty_trash_action = act("Empty Trash\u2026", "Delete the papers in the trash for good", edits.empty_trash)
    window.open_action = act("&Open in Browser", "Open the paper's PubMed (or DOI) page (Enter)", window.open_selected)
    window.find_action = act("&Find", "Search the library", window.focus_search, K.Find)
    window.preferences_action = act("Pre&ferences\u2026", "NCBI account, key pattern, export defaults, auto-export",
                                    window.show_preferences, K.Preferences)
    if window.preferences_action.shortcut().isEmpty():
        window.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
    window.quit_action = act("&Quit", "Quit RefDesk", window.close, K.Quit)
    window.about_action = act("&About RefDesk", "About RefDesk", window.show_about)
    window.undo_action = window.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(K.Undo)
    window.undo_action.setToolTip("Undo the last change (Ctrl+Z)")
    window.redo_action = window.undo_stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcut(K.Redo)
    window.cancel_action = act("Cancel Import", "Stop the running import", window.progress.cancel, "Esc")
    window.cancel_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    window.cancel_action.setEnabled(False)
    window.addAction(window.cancel_action)
    # Keys that mean something else in a text box act on the table only.
    for action in (window.delete_action, window.paste_action, window.copy_key_action, window.edit_key_action):
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.table.addAction(action)
    for action in (window.add_action, window.import_action, window.refresh_action, window.export_action,
                   window.copy_cite_action, window.find_action, window.preferences_action, window.quit_action,
                   window.undo_action, window.redo_action):
        window.addAction(action)


def _line_edit(parent: QWidget, name: str, placeholder: str, tip: str, widths: tuple[int, int]) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    field.setToolTip(tip)
    field.setClearButtonEnabled(True)
    field.setMinimumWidth(widths[0])
    field.setMaximumWidth(widths[1])
    return field


def build_toolbar(window: MainWindow) -> QToolBar:
    """The toolbar: the add box, import/refresh/export, and the search box on the right."""
    toolbar = QToolBar("Main", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setIconSize(TOOLBAR_ICON)
    window.add_field = _line_edit(toolbar, "addField", "Add by PMID, DOI, PMC ID or link\u2026",
                                  "Type or paste identifiers and press Enter (Ctrl+L)", (180, 420))
    window.add_field.returnPressed.connect(window.add_from_field)
    window.search_field = _line_edit(toolbar, "searchField", "Search titles, authors, abstracts\u2026",
                                     "Search the library as you type (Ctrl+F)", (160, 360))
    window.search_field.addAction(window.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
                                  QLineEdit.ActionPosition.LeadingPosition)
    toolbar.addWidget(window.add_field)
    toolbar.addSeparator()
    for action in (window.import_action, window.refresh_action, window.export_action):
        toolbar.addAction(action)
    spacer = QWidget(toolbar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    toolbar.addWidget(window.search_field)
    window.addToolBar(toolbar)
    return toolbar


def _fill(menu: QMenu, items: tuple[QAction | None, ...]) -> None:
    for item in items:
        if item is None:
            menu.addSeparator()
        else:
            menu.addAction(item)


def build_menus(window: MainWindow) -> None:
    """The menu bar and the table's context menu."""
    bar = window.menuBar()
    w = window
    _fill(bar.addMenu("&File"), (w.add_action, w.import_action, None, w.export_action, None, w.preferences_action,
                                 None, w.quit_action))
    _fill(bar.addMenu("&Edit"), (w.undo_action, w.redo_action, None, w.copy_key_action, w.copy_cite_action,
                                 w.paste_action, None, w.edit_key_action, w.regenerate_action, None, w.delete_action,
                                 w.restore_action, w.empty_trash_action, None, w.find_action))
    _fill(bar.addMenu("&Paper"), (w.open_action, w.refresh_action))
    _fill(bar.addMenu("&Help"), (w.about_action,))
    w.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    for item in (w.open_action, w.refresh_action, w.copy_cite_action, w.copy_key_action,
                 w.edit_key_action, w.regenerate_action, w.export_action, w.restore_action):
        w.table.addAction(item)
