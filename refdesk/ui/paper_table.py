"""The library table: a lazily paged model over ``Library.rows``.

The model has a row for every paper of its query from the start, so the
scroll bar spans the whole library, but only the pages the view shows are
read, ``PAGE_SIZE`` rows at a time, and at most ``CACHED_PAGES`` are kept.
Jumping to row 50,000 of 100,000 reads one page.  Sorting and searching
happen in the database through ``Query``.  Columns are declared as data in
``COLUMNS``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QStyle

from ..errors import RefDeskError
from ..library import Library
from ..model import PaperRow, Query, SortField, View
from .palette import Tone, accent

log = logging.getLogger(__name__)

PAGE_SIZE = 200
#: Pages kept in memory (least recently shown dropped first).
CACHED_PAGES = 64
#: A selection of more rows than this reads all ids of the query in one go.
IDS_AT_ONCE = 4 * PAGE_SIZE
ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    sort: SortField
    text: Callable[[PaperRow], str]
    width: int
    tooltip: str = ""
    align_right: bool = False
    editable: bool = False
    #: Where long text is cut: the end for titles and names, the middle for keys.
    elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight


def _added(row: PaperRow) -> str:
    if row.added is None:
        return ""
    stamp = row.added.astimezone() if row.added.tzinfo else row.added
    return stamp.strftime("%Y-%m-%d")


#: The title's width is only where it starts: the view gives it the spare width.
COLUMNS: tuple[Column, ...] = (
    Column("title", "Title", SortField.TITLE, lambda r: r.title, 300),
    Column("authors", "Authors", SortField.AUTHORS, lambda r: r.authors, 160),
    Column("journal", "Journal", SortField.JOURNAL, lambda r: r.journal, 120),
    Column("year", "Year", SortField.YEAR, lambda r: str(r.year or ""), 50, align_right=True),
    Column("pmid", "PMID", SortField.PMID, lambda r: str(r.pmid or ""), 80, align_right=True),
    Column("citekey", "Citation key", SortField.CITEKEY, lambda r: r.citekey, 150,
           tooltip="Double-click or press F2 to edit", editable=True, elide=Qt.TextElideMode.ElideMiddle),
    Column("added", "Added", SortField.ADDED, _added, 90),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


RETRACTED_TIP = "Retracted: see the notice under Details"


def _retracted_colour() -> QColor:
    return accent(QGuiApplication.palette(), Tone.ERROR)


def _tooltip(column: Column, row: PaperRow) -> str | None:
    """The full text of a cell that may be cut short, and how to edit it where it can be."""
    if column.key == "added":
        if row.added is None:
            return None
        stamp = row.added.astimezone() if row.added.tzinfo else row.added
        return stamp.strftime("Added %Y-%m-%d %H:%M")
    text = column.text(row) if column.key in ("title", "authors", "journal", "citekey") else ""
    warning = RETRACTED_TIP if row.retracted and column.key == "title" else ""
    lines = [line for line in (warning, text, column.tooltip) if line]
    return "\n".join(lines) or None


CitekeyEditor = Callable[[int, str], bool]
MimeBuilder = Callable[[list[int]], QMimeData | None]


class PaperTableModel(QAbstractTableModel):
    """Rows of the library for one ``Query``, loaded page by page."""

    #: Emitted when the library could not be read (a short, plain message).
    failed = Signal(str)

    def __init__(
        self,
        library: Library,
        *,
        edit_citekey: CitekeyEditor | None = None,
        mime_for: MimeBuilder | None = None,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._library = library
        self._edit_citekey = edit_citekey
        self._mime_for = mime_for
        self._page_size = page_size
        self._query = Query()
        self._pages: OrderedDict[int, list[PaperRow]] = OrderedDict()
        self._all_ids: list[int] | None = None
        self._total = self._count()
        if self._total:
            self._page(0)  # the first screen, read now rather than at first paint

    # --- the query ------------------------------------------------------------------

    @property
    def query(self) -> Query:
        return self._query

    @property
    def total(self) -> int:
        """How many papers match the query (loaded or not)."""
        return self._total

    def set_query(self, query: Query) -> None:
        if query != self._query:
            self._query = query
            self.reload()

    def set_view(self, view: View) -> None:
        self.set_query(dataclasses.replace(self._query, view=view))

    def set_search(self, text: str) -> None:
        self.set_query(dataclasses.replace(self._query, search=text.strip()))

    def reload(self) -> None:
        """Re-read from the library: recount, and read pages again as they are shown."""
        self.beginResetModel()
        self._pages.clear()
        self._all_ids = None
        self._total = self._count()
        if self._total:
            self._page(0)
        self.endResetModel()

    # --- rows -------------------------------------------------------------------------

    def row_at(self, row: int) -> PaperRow | None:
        """The paper on ``row``, reading its page if needed; None past the end."""
        if not 0 <= row < self._total:
            return None
        number, offset = divmod(row, self._page_size)
        page = self._page(number)
        return page[offset] if offset < len(page) else None

    def paper_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found else None

    def ids_at(self, rows: Sequence[int]) -> list[int]:
        """The ids on ``rows``; a large selection reads all ids at once, not page by page."""
        if len(rows) > IDS_AT_ONCE:
            if self._all_ids is None:
                self._all_ids = self._library.ids(self._query)
            return [self._all_ids[r] for r in rows if 0 <= r < len(self._all_ids)]
        return [pid for pid in (self.paper_id(r) for r in rows) if pid is not None]

    def rows_of(self, paper_ids: Sequence[int]) -> dict[int, int]:
        """``{id: row}`` for the papers the query holds (the others are left out)."""
        found: dict[int, int] = {}
        wanted = set(paper_ids)
        for number, page in self._pages.items():
            for offset, row in enumerate(page):
                if row.id in wanted:
                    found[row.id] = number * self._page_size + offset
        missing = [pid for pid in paper_ids if pid not in found]
        if missing:
            try:
                found.update(self._library.positions(self._query, missing))
            except RefDeskError as exc:
                log.warning("Could not locate papers: %s", exc)
        return found

    def column_of(self, key: str) -> int:
        return COLUMN_KEYS.index(key)

    def _count(self) -> int:
        try:
            return self._library.count(self._query)
        except RefDeskError as exc:
            log.warning("Could not count papers: %s", exc)
            self.failed.emit(str(exc))
            return 0

    def _page(self, number: int) -> list[PaperRow]:
        page = self._pages.get(number)
        if page is None:
            page = self._read(number * self._page_size, self._page_size)
            self._pages[number] = page
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def _read(self, offset: int, limit: int) -> list[PaperRow]:
        try:
            return self._library.rows(self._query, offset, limit)
        except RefDeskError as exc:
            log.warning("Could not read papers: %s", exc)
            self.failed.emit(str(exc))
            return []

    # --- Qt overrides -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(column, row)
        if row.retracted and column.key == "title":
            if role == Qt.ItemDataRole.ForegroundRole:
                return _retracted_colour()
            if role == Qt.ItemDataRole.DecorationRole:
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not COLUMNS[index.column()].editable:
            return False
        row = self.row_at(index.row())
        key = str(value).strip()
        if row is None or key == row.citekey or self._edit_citekey is None:
            return False
        if not self._edit_citekey(row.id, key):
            return False
        number, offset = divmod(index.row(), self._page_size)
        if number in self._pages:
            self._pages[number][offset] = dataclasses.replace(row, citekey=key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if COLUMNS[index.column()].editable and self._edit_citekey is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {COLUMNS[section].title.lower()}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(dataclasses.replace(self._query, sort=COLUMNS[column].sort, descending=descending))

    def mimeTypes(self) -> list[str]:
        return ["text/plain", "text/uri-list", "application/x-bibtex"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:
        ids = self.ids_at(sorted({index.row() for index in indexes}))
        if not ids or self._mime_for is None:
            return None
        return self._mime_for(ids)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction
