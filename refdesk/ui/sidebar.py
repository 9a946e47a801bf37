"""The sidebar: All papers, Recently added and Trash, with their counts."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QWidget

from ..errors import RefDeskError
from ..library import Library
from ..model import Query, View

ENTRIES: tuple[tuple[View, str, QStyle.StandardPixmap, str], ...] = (
    (View.ALL, "All papers", QStyle.StandardPixmap.SP_DirHomeIcon, "Every paper in the library"),
    (View.RECENT, "Recently added", QStyle.StandardPixmap.SP_FileDialogContentsView, "Papers added recently"),
    (View.TRASH, "Trash", QStyle.StandardPixmap.SP_TrashIcon, "Deleted papers; restore them or empty the trash"),
)
VIEW_ROLE = Qt.ItemDataRole.UserRole + 1
MIN_WIDTH = 160
#: Icon spacing, item margins and the frame, around the text.
ITEM_PADDING = 36


class Sidebar(QListWidget):
    view_changed = Signal(object)  # View

    def __init__(self, library: Library, parent: QWidget | None = None):
        super().__init__(parent)
        self._library = library
        self.setObjectName("sidebar")
        self.setIconSize(QSize(18, 18))
        self.setSpacing(1)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.setAccessibleName("Collections")
        for view, label, icon, tip in ENTRIES:
            item = QListWidgetItem(self.style().standardIcon(icon), label, self)
            item.setData(VIEW_ROLE, view)
            item.setToolTip(tip)
        self.setCurrentRow(0)
        self.currentItemChanged.connect(self._on_current)
        self.counts: dict[View, int] = {}
        self.refresh_counts()

    @property
    def view(self) -> View:
        item = self.currentItem()
        return View(item.data(VIEW_ROLE)) if item is not None else View.ALL

    def set_view(self, view: View) -> None:
        for row in range(self.count()):
            if View(self.item(row).data(VIEW_ROLE)) == view:
                self.setCurrentRow(row)
                return

    def refresh_counts(self) -> None:
        for row, (view, label, _icon, _tip) in enumerate(ENTRIES):
            try:
                count = self._library.count(Query(view=view))
            except RefDeskError:
                continue
            self.counts[view] = count
            self.item(row).setText(f"{label}  ({count:,})")

    def label_of(self, view: View) -> str:
        for row in range(self.count()):
            if self.item(row).data(VIEW_ROLE) == view:
                return self.item(row).text()
        return ""

    def _on_current(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.view_changed.emit(View(current.data(VIEW_ROLE)))

    def sizeHint(self) -> QSize:
        """Wide enough for the longest label with a six-digit count."""
        widest = max(self.fontMetrics().horizontalAdvance(f"{label}  (000,000)") for _v, label, _i, _t in ENTRIES)
        return QSize(max(MIN_WIDTH, widest + self.iconSize().width() + ITEM_PADDING), 300)
