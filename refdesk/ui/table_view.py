"""The view of the library table: multi-select, drag out, Enter opens, empty state."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from .palette import muted_text
from .paper_table import COLUMNS, ID_ROLE

EMPTY_LIBRARY = (
    "Your library is empty.\n\n"
    "Drop PubMed IDs, DOIs, PubMed or doi.org links, or .nbib, .ris and .bib files here,\n"
    "paste them with Ctrl+V, or type an ID in the box above (Ctrl+L)."
)
NO_MATCHES = "No papers match this search."
EMPTY_TRASH = "The trash is empty."


class PaperTableView(QTableView):
    open_requested = Signal()  # Enter on a row

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
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
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        self.empty_text = EMPTY_LIBRARY

    def apply_default_widths(self) -> None:
        for number, column in enumerate(COLUMNS):
            self.setColumnWidth(number, column.width)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def selected_ids(self) -> list[int]:
        model = self.selectionModel()
        if model is None:
            return []
        rows = sorted({index.row() for index in model.selectedRows()})
        return [self.model().index(row, 0).data(ID_ROLE) for row in rows]

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    # --- Qt overrides ------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            if self.selected_ids():
                self.open_requested.emit()
                event.accept()
                return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(muted_text(self.palette()))
            area = QRect(self.viewport().rect()).adjusted(24, 24, -24, -24)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.empty_text)
            painter.end()
