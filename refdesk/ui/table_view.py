"""The view of the library table: multi-select, drag out, Enter opens, empty state,
and a header menu to show or hide columns."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from .palette import muted_text
from .paper_table import COLUMNS, ID_ROLE

EMPTY_LIBRARY = (
    "Your library is empty.\n\n"
    "Drop PubMed IDs, DOIs, PubMed or doi.org links, or .nbib, .ris and .bib files here,\n"
    "paste them with Ctrl+V, or type an ID in the box above (Ctrl+L)."
)
NO_MATCHES = "No papers match this search."
EMPTY_TRASH = "The trash is empty."

TITLE_COLUMN = 0
TITLE_MIN_WIDTH = 240  # below this the table scrolls sideways instead
ROW_PADDING = 12       # px above and below the text, together


class ColumnDelegate(QStyledItemDelegate):
    """Cuts long text where each column says (the middle of citation keys, the end of titles)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if 0 <= index.column() < len(COLUMNS):
            option.textElideMode = COLUMNS[index.column()].elide


class PaperTableView(QTableView):
    open_requested = Signal()  # Enter on a row
    #: Once, after the table's first paint (queued, so the paint is on screen).
    first_painted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._painted = False
        self.setObjectName("paperTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + ROW_PADDING)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setItemDelegate(ColumnDelegate(self))
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.sectionResized.connect(self._on_section_resized)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
        self.empty_text = EMPTY_LIBRARY
        #: The title takes the spare width until the user sizes it by hand.
        self.title_follows = True
        self._fitting = False

    def apply_default_widths(self) -> None:
        self._fitting = True
        try:
            for number, column in enumerate(COLUMNS):
                self.setColumnWidth(number, column.width)
        finally:
            self._fitting = False
        self.title_follows = True
        self.fit_title()

    def restore_columns(self, state: QByteArray | bytes, title_follows: bool) -> bool:
        """Widths, order and sort from a saved header state; they win over the defaults."""
        header = self.horizontalHeader()
        self._fitting = True
        try:
            restored = header.restoreState(state)
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        finally:
            self._fitting = False
        if restored:
            self.title_follows = title_follows
            self.fit_title()
        return restored

    def column_menu(self) -> QMenu:
        """One checkable entry per column; the title always stays."""
        menu = QMenu(self)
        header = self.horizontalHeader()
        for number, column in enumerate(COLUMNS):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.setEnabled(number != TITLE_COLUMN)
            action.toggled.connect(lambda shown, key=column.key: self.set_column_shown(key, shown))
        return menu

    def set_column_shown(self, key: str, shown: bool) -> None:
        number = next(i for i, column in enumerate(COLUMNS) if column.key == key)
        if number == TITLE_COLUMN:
            return
        self.horizontalHeader().setSectionHidden(number, not shown)
        self.fit_title()

    def _show_column_menu(self, position: QPoint) -> None:
        self.column_menu().popup(self.horizontalHeader().mapToGlobal(position))

    def fit_title(self) -> None:
        """Give the title column the width the other columns leave (at least ``TITLE_MIN_WIDTH``)."""
        if not self.title_follows or self.model() is None:
            return
        header = self.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count())
                     if i != TITLE_COLUMN and not header.isSectionHidden(i))
        width = max(TITLE_MIN_WIDTH, self.viewport().width() - others)
        if width != header.sectionSize(TITLE_COLUMN):
            self._fitting = True
            try:
                header.resizeSection(TITLE_COLUMN, width)
            finally:
                self._fitting = False

    def _on_section_resized(self, logical: int, _old: int, _new: int) -> None:
        if self._fitting:
            return
        if logical == TITLE_COLUMN:
            self.title_follows = False  # sized by hand: keep it
        else:
            self.fit_title()

    def selected_ids(self) -> list[int]:
        model = self.selectionModel()
        if model is None:
            return []
        # From the selection's ranges: Ctrl+A on 100,000 rows is one range, not 100,000 indexes.
        rows = sorted({row for part in model.selection() for row in range(part.top(), part.bottom() + 1)})
        return self.model().ids_at(rows)

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    # --- Qt overrides ------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize:
            self.fit_title()
        return handled

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            if self.selected_ids():
                self.open_requested.emit()
                event.accept()
                return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(muted_text(self.palette()))
            area = QRect(self.viewport().rect()).adjusted(24, 24, -24, -24)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.empty_text)
            painter.end()
