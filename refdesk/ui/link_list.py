"""A pane listing linked papers: similar articles, cited by, references.

Papers already in the library are marked and open on double-click; others
are imported by double-click, with the Import button or a multi-selection.
The pane always says what it shows: the list, "Loading ...", an error with
Retry, or "not fetched yet" with a Fetch button -- never a blank area.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ..model import Link, LinkKind
from .link_delegate import LinkItemDelegate
from .link_list_model import LinkListModel
from .muted_label import MutedLabel

__all__ = ["KIND_NAMES", "LinkListModel", "LinkListPane"]

KIND_NAMES = {
    LinkKind.SIMILAR: "similar articles",
    LinkKind.CITED_BY: "citing articles",
    LinkKind.REFERENCES: "references",
}


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
        self.list_view = QListView(self)
        self.list_view.setObjectName(f"links_{kind.value}")
        self.list_view.setModel(self.model)
        self.list_view.setItemDelegate(LinkItemDelegate(self.list_view))
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.list_view.setUniformItemSizes(False)
        self.list_view.setMouseTracking(True)
        self.list_view.setAccessibleName(KIND_NAMES[kind].capitalize())
        self.list_view.doubleClicked.connect(self._on_double_click)
        self.list_view.selectionModel().selectionChanged.connect(self._update_buttons)

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
        list_layout.addWidget(self.list_view, 1)

        empty_page = QWidget(self)
        self.placeholder = MutedLabel("", empty_page)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        rows = sorted({i.row() for i in self.list_view.selectionModel().selectedIndexes()})
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
