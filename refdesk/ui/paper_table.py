"""The library table: a lazily paged model over ``Library.rows``.

Only the rows the view has scrolled to are loaded, ``PAGE_SIZE`` at a time
(``canFetchMore``/``fetchMore``), so a library of 100,000 papers opens at
once.  Sorting and searching happen in the database through ``Query``.
Columns are declared as data in ``COLUMNS``.
"""

from __future__ import annotations

import dataclasses
import logging
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

from ..errors import RefDeskError
from ..library import Library
from ..model import PaperRow, Query, SortField, View

log = logging.getLogger(__name__)

PAGE_SIZE = 200
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


def _tooltip(column: Column, row: PaperRow) -> str | None:
    """The full text of a cell that may be cut short, and how to edit it where it can be."""
    if column.key == "added":
        if row.added is None:
            return None
        stamp = row.added.astimezone() if row.added.tzinfo else row.added
        return stamp.strftime("Added %Y-%m-%d %H:%M")
    text = column.text(row) if column.key in ("title", "authors", "journal", "citekey") else ""
    lines = [line for line in (text, column.tooltip) if line]
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
        self._rows: list[PaperRow] = []
        self._total = self._count()
        self._rows = self._read(0, min(page_size, self._total)) if self._total else []

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
            self.reload(keep_loaded=False)

    def set_view(self, view: View) -> None:
        self.set_query(dataclasses.replace(self._query, view=view))

    def set_search(self, text: str) -> None:
        self.set_query(dataclasses.replace(self._query, search=text.strip()))

    def reload(self, *, keep_loaded: bool = True) -> None:
        """Re-read from the library, keeping as many rows loaded as before."""
        wanted = max(len(self._rows), self._page_size) if keep_loaded else self._page_size
        self.beginResetModel()
        self._total = self._count()
        self._rows = self._read(0, min(wanted, self._total)) if self._total else []
        self.endResetModel()

    # --- rows -------------------------------------------------------------------------

    def row_at(self, row: int) -> PaperRow:
        return self._rows[row]

    def paper_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of(self, paper_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == paper_id:
                return number
        return None

    def load_until(self, paper_ids: Sequence[int], limit: int = 5_000) -> None:
        """Fetch pages until every id is loaded (or ``limit`` rows are)."""
        wanted = set(paper_ids)
        while wanted - {r.id for r in self._rows} and self.canFetchMore(QModelIndex()) and len(self._rows) < limit:
            self.fetchMore(QModelIndex())

    def column_of(self, key: str) -> int:
        return COLUMN_KEYS.index(key)

    def _count(self) -> int:
        try:
            return self._library.count(self._query)
        except RefDeskError as exc:
            log.warning("Could not count papers: %s", exc)
            self.failed.emit(str(exc))
            return 0

    def _read(self, offset: int, limit: int) -> list[PaperRow]:
        try:
            return self._library.rows(self._query, offset, limit)
        except RefDeskError as exc:
            log.warning("Could not read papers: %s", exc)
            self.failed.emit(str(exc))
            return []

    # --- Qt overrides -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        page = self._read(start, min(self._page_size, self._total - start))
        if not page:
            self._total = start  # the library shrank under us; stop asking
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(column, row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not COLUMNS[index.column()].editable:
            return False
        row = self._rows[index.row()]
        key = str(value).strip()
        if key == row.citekey or self._edit_citekey is None:
            return False
        if not self._edit_citekey(row.id, key):
            return False
        self._rows[index.row()] = dataclasses.replace(row, citekey=key)
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
        ids: list[int] = []
        for index in sorted(indexes, key=lambda i: i.row()):
            paper_id = self._rows[index.row()].id
            if paper_id not in ids:
                ids.append(paper_id)
        if not ids or self._mime_for is None:
            return None
        return self._mime_for(ids)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction
