"""The model behind a linked-papers pane: one row per listed paper, in PubMed's order."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from ..model import Link, LinkKind

Index = QModelIndex | QPersistentModelIndex
LINK_ROLE = Qt.ItemDataRole.UserRole + 1
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2


def meta_line(link: Link) -> str:
    """The grey line under a title: ``Authors. Journal citation.`` (what is known of it)."""
    source = link.citation or ", ".join(p for p in (link.journal, str(link.year) if link.year else "") if p)
    authors = link.authors.rstrip(".")
    if authors and source:
        return f"{authors}. {source}"
    return authors or source


class LinkListModel(QAbstractListModel):
    """Linked papers with whether the library holds them and how relevant they are."""

    def __init__(self, kind: LinkKind, in_library_icon: QIcon | None = None, parent: QObject | None = None):
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

    def _tooltip(self, link: Link) -> str:
        lines = [link.title or f"PMID {link.pmid} \u2014 title not fetched yet"]
        if meta := meta_line(link):
            lines.append(meta)
        if link.score is not None:
            lines.append(f"Rank {link.rank} in PubMed's similar articles (score {link.score:g})")
        elif link.rank:
            lines.append(f"Rank {link.rank} in PubMed's list")
        lines.append("In your library (double-click to open)" if link.in_library is not None
                     else "Not in your library (double-click to import)")
        return "\n".join(lines)

    def _accessible_text(self, link: Link) -> str:
        parts = [link.title or f"PMID {link.pmid}", meta_line(link), f"PMID {link.pmid}", *link.publication_types,
                 "in library" if link.in_library is not None else "not in library"]
        return ". ".join(p.rstrip(".") for p in parts if p)

    # --- Qt overrides -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._links)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._links):
            return None
        link = self._links[index.row()]
        if role == LINK_ROLE:
            return link
        if role == SCORE_ROLE:
            return self.relative_score(link)
        if role == Qt.ItemDataRole.DisplayRole:
            return link.title or f"PMID {link.pmid}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon if link.in_library is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(link)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible_text(link)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
