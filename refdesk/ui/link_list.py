"""A pane listing linked papers: similar articles, cited by, references.

Papers already in the library are marked and open on double-click; others
are imported by double-click, with the Import button or a multi-selection.
The pane always says what it shows: the list, "Loading ...", an error with
Retry, or "not fetched yet" with a Fetch button -- never a blank area.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..model import Link, LinkKind
from .palette import muted_text

Index = QModelIndex | QPersistentModelIndex
LINK_ROLE = Qt.ItemDataRole.UserRole + 1
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2

KIND_NAMES = {
    LinkKind.SIMILAR: "similar articles",
    LinkKind.CITED_BY: "citing articles",
    LinkKind.REFERENCES: "references",
}


class LinkListModel(QAbstractTableModel):
    """Linked papers in PubMed's order, with whether the library holds them."""

    HEADERS = ("", "Title", "Source", "Relevance")

    def __init__(self, kind: LinkKind, in_library_icon: QIcon | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self._icon = in_library_icon or QIcon()
        self._links: list[Link] = []
        self._best = 0.0

    @property
    def links(self) -> list[Link]:
        return list(self._links)

    def set_links(self, links: Sequence[Link]) -> None:
        self.beginResetModel()
        self._links = list(links)
        scores = [l.score for l in self._links if l.score is not None]
        self._best = max(scores) if scores else 0.0
        self.endResetModel()

    def link(self, row: int) -> Link:
        return self._links[row]

    def relative_score(self, link: Link) -> float | None:
        if link.score is None or self._best <= 0:
            return None
        return link.score / self._best

    # --- Qt overrides -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._links)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._links):
            return None
        link = self._links[index.row()]
        column = index.column()
        if role == LINK_ROLE:
            return link
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 1:
                return link.title or f"PMID {link.pmid}"
            if column == 2:
                return _source(link)
            if column == 3:
                return f"#{link.rank}" if link.rank else ""
            return None
        if role == SCORE_ROLE and column == 3:
            return self.relative_score(link)
        if role == Qt.ItemDataRole.DecorationRole and column == 0 and link.in_library is not None:
            return self._icon
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return "In your library (double-click to open)" if link.in_library else "Not in your library (double-click to import)"
            if column == 1:
                return link.title or "Title not fetched yet"
            if column == 3 and link.score is not None:
                return f"Rank {link.rank} in PubMed's similar articles (score {link.score:g})"
            if column == 3:
                return f"Rank {link.rank} in PubMed's list" if link.rank else None
            return link.citation or None
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and not link.title:
            return QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            return "in library" if link.in_library else "not in library"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            if section == 3 and self.kind != LinkKind.SIMILAR:
                return "Rank"
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _source(link: Link) -> str:
    parts = [p for p in (link.journal, str(link.year) if link.year else "") if p]
    text = ", ".join(parts)
    if link.authors:
        text = f"{link.authors} \u2014 {text}" if text else link.authors
    return text


class _ScoreDelegate(QStyledItemDelegate):
    """Draws the relevance of a similar article as a small bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        share = index.data(SCORE_ROLE)
        if share is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        rect = option.rect.adjusted(6, option.rect.height() // 2 - 3, -6, 0)
        rect.setHeight(6)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(rect, 3, 3)
        filled = QRect(rect)
        filled.setWidth(max(6, round(rect.width() * float(share))))
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(filled, 3, 3)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(80, super().sizeHint(option, index).height())


class LinkListPane(QWidget):
    """One tab of the detail area."""

    open_requested = Signal(int)       # a library paper id
    import_requested = Signal(list)    # PMIDs
    fetch_requested = Signal()         # fetch this paper's links from PubMed
    retry_titles_requested = Signal()  # fetch the titles of listed papers again

    def __init__(self, kind: LinkKind, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        self.model = LinkListModel(kind, icon, self)
        self.table = QTableView(self)
        self.table.setObjectName(f"links_{kind.value}")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(3, _ScoreDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 26)
        header.resizeSection(2, 125)
        header.resizeSection(3, 64)
        header.setHighlightSections(False)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = QPushButton("Retry", self)
        self.retry_button.setToolTip("Fetch the titles of these papers from PubMed again")
        self.retry_button.clicked.connect(self.retry_titles_requested)
        self.import_button = QPushButton("Import selected", self)
        self.import_button.setToolTip("Add the selected papers to your library (or double-click a paper)")
        self.import_button.clicked.connect(self.import_selected)
        self.open_button = QPushButton("Open", self)
        self.open_button.setToolTip("Show the selected paper, which is in your library")
        self.open_button.clicked.connect(self._open_selected)

        list_page = QWidget(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.retry_button)
        bar.addWidget(self.open_button)
        bar.addWidget(self.import_button)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 4, 0, 0)
        list_layout.addLayout(bar)
        list_layout.addWidget(self.table, 1)

        empty_page = QWidget(self)
        self.placeholder = QLabel(empty_page)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder_palette = self.placeholder.palette()
        placeholder_palette.setColor(QPalette.ColorRole.WindowText, muted_text(placeholder_palette))
        self.placeholder.setPalette(placeholder_palette)
        self.fetch_button = QPushButton("Fetch from PubMed", empty_page)
        self.fetch_button.setToolTip("Ask PubMed for this paper's linked papers")
        self.fetch_button.clicked.connect(self.fetch_requested)
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.placeholder)
        empty_layout.addWidget(self.fetch_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(list_page)
        self.stack.addWidget(empty_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_links((), can_fetch=False)

    # --- states ---------------------------------------------------------------------------

    def show_links(self, links: Sequence[Link], *, can_fetch: bool, loading_titles: bool = False) -> None:
        self.model.set_links(links)
        self.table.setColumnHidden(3, not any(l.rank for l in links))
        if not links:
            name = KIND_NAMES[self.kind]
            if can_fetch:
                self.placeholder.setText(f"No {name} stored for this paper. PubMed may list some.")
            else:
                self.placeholder.setText(f"No {name}: this paper has no PubMed ID to look them up by.")
            self.fetch_button.setText("Fetch from PubMed")
            self.fetch_button.setEnabled(can_fetch)
            self.fetch_button.setVisible(can_fetch)
            self.stack.setCurrentIndex(1)
            return
        self.stack.setCurrentIndex(0)
        if loading_titles:
            self.set_status("Loading titles from PubMed\u2026")
        else:
            self.set_status(self._summary())
        self._update_buttons()

    def show_loading(self, text: str) -> None:
        """The pane's list itself is being fetched."""
        self.placeholder.setText(text)
        self.fetch_button.setEnabled(False)
        self.fetch_button.setText("Fetching\u2026")
        self.fetch_button.show()
        self.stack.setCurrentIndex(1)

    def show_fetch_error(self, message: str) -> None:
        """Fetching the list failed: say why and offer to try again."""
        self.placeholder.setText(f"Could not fetch {KIND_NAMES[self.kind]}: {message}")
        self.fetch_button.setText("Retry")
        self.fetch_button.setEnabled(True)
        self.fetch_button.show()
        self.stack.setCurrentIndex(1)

    def set_status(self, text: str, *, retry: bool = False) -> None:
        self.status.setText(text)
        self.retry_button.setVisible(retry)

    def show_titles_error(self, message: str) -> None:
        self.set_status(f"Could not load titles: {message}", retry=True)

    # --- selection and actions ----------------------------------------------------------

    def selected_links(self) -> list[Link]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.link(r) for r in rows]

    def import_selected(self) -> None:
        pmids = [l.pmid for l in self.selected_links() if l.in_library is None]
        if pmids:
            self.import_requested.emit(pmids)

    def _open_selected(self) -> None:
        chosen = [l for l in self.selected_links() if l.in_library is not None]
        if chosen:
            self.open_requested.emit(chosen[0].in_library)

    def _on_double_click(self, index: QModelIndex) -> None:
        link = self.model.link(index.row())
        if link.in_library is not None:
            self.open_requested.emit(link.in_library)
        else:
            self.import_requested.emit([link.pmid])

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected_links()
        missing = [l for l in chosen if l.in_library is None]
        self.import_button.setEnabled(bool(missing))
        self.import_button.setText(f"Import selected ({len(missing)})" if len(missing) > 1 else "Import selected")
        self.open_button.setEnabled(any(l.in_library is not None for l in chosen))

    def _summary(self) -> str:
        links = self.model.links
        held = sum(1 for l in links if l.in_library is not None)
        name = KIND_NAMES[self.kind]
        text = f"{len(links)} {name}" if len(links) != 1 else f"1 of the {name}"
        if len(links) == 1:
            text = {LinkKind.SIMILAR: "1 similar article", LinkKind.CITED_BY: "1 citing article",
                    LinkKind.REFERENCES: "1 reference"}[self.kind]
        if held:
            text += f", {held} in your library"
        return text + ". Double-click to open or import."
