"""The detail area: header, notices banner, and the Abstract/linked/Details tabs.

Titles of listed papers are fetched (``Importer.fetch_link_summaries``) the
first time a list pane is opened for a paper, in the background.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from ..errors import RefDeskError
from ..library import Library
from ..model import LinkKind, Paper, PaperKind
from .link_list import LinkListPane
from .muted_label import MutedLabel
from .palette import Tone, secondary_text, tinted_style
from .tasks import TaskRunner, report_unexpected

if TYPE_CHECKING:  # the import stack loads on first use (see refdesk/services.py)
    from ..importing import Importer

log = logging.getLogger(__name__)

PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{}/"
PMC_URL = "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/"
DOI_URL = "https://doi.org/{}"

TAB_TITLES = {
    LinkKind.SIMILAR: "Similar",
    LinkKind.CITED_BY: "Cited by",
    LinkKind.REFERENCES: "References",
}
MAX_AUTHORS = 6          # names shown before "... Last A, show all N"
PAGE_SOURCE = "pubmed-page"
SHOW_ALL = "refdesk:authors/all"
SHOW_FEWER = "refdesk:authors/fewer"
REFRESH_LINK = "refdesk:refresh"

UrlOpener = Callable[[QUrl], object]


def paper_url(paper: Paper) -> str:
    """Where "open" takes the user: the PubMed page, else the DOI, else the URL."""
    if paper.pmid:
        return PUBMED_URL.format(paper.pmid)
    if paper.doi:
        return DOI_URL.format(paper.doi)
    return paper.url


def needs_refresh_hint(paper: Paper) -> bool:
    """A paper read from PubMed page text, which carries no authors or journal."""
    return paper.source == PAGE_SOURCE and paper.pmid is not None and not (paper.authors and paper.citation)


def authors_html(paper: Paper, *, expanded: bool = False) -> str:
    """The author list, PubMed style; long lists end "... Last A" with a link to show all."""
    names = [html.escape(a.display_name) for a in paper.authors]
    if len(names) <= MAX_AUTHORS or expanded:
        text = ", ".join(names)
        if len(names) > MAX_AUTHORS:
            text += f' &nbsp;<a href="{SHOW_FEWER}">show fewer</a>'
        return text
    shown = names[: MAX_AUTHORS - 1] + ["\u2026 " + names[-1]]
    return ", ".join(shown) + f' &nbsp;<a href="{SHOW_ALL}">show all {len(names)}</a>'


def header_html(paper: Paper, *, expanded: bool = False, muted: QColor | None = None, refreshing: bool = False) -> str:
    """Title, authors, journal citation and identifier links; a hint when authors are missing."""
    links = []
    if paper.pmid:
        links.append(f'PMID: <a href="{PUBMED_URL.format(paper.pmid)}">{paper.pmid}</a>')
    if paper.pmcid:
        links.append(f'PMCID: <a href="{PMC_URL.format(paper.pmcid)}">{html.escape(paper.pmcid)}</a>')
    if paper.doi:
        links.append(f'DOI: <a href="{html.escape(DOI_URL.format(paper.doi))}">{html.escape(paper.doi)}</a>')
    grey = f" color: {muted.name()};" if muted is not None else ""
    parts = [f'<p style="font-size: 13pt; font-weight: 600; margin: 0 0 6px 0;">{paper.title_html or "Untitled"}</p>']
    if paper.authors:
        parts.append(f'<p style="margin: 0 0 3px 0;">{authors_html(paper, expanded=expanded)}</p>')
    if paper.citation:
        parts.append(f'<p style="margin: 0 0 4px 0;{grey}"><i>{html.escape(paper.citation)}</i></p>')
    if links:
        separator = " &nbsp;\u00b7&nbsp; "
        parts.append(f'<p style="margin: 0;">{separator.join(links)}</p>')
    if needs_refresh_hint(paper):
        if refreshing:
            hint = "Refreshing from PubMed\u2026"
        else:
            hint = (f"Imported from the PubMed page text \u2014 <a href=\"{REFRESH_LINK}\">Refresh from PubMed</a>"
                    " to add authors and journal.")
        parts.append(f'<p style="margin: 6px 0 0 0;{grey}">{hint}</p>')
    return "".join(parts)


def abstract_html(paper: Paper) -> str:
    if not paper.abstract:
        return "<p><i>No abstract available.</i></p>"
    paragraphs = []
    for section in paper.abstract:
        label = f"<b>{html.escape(section.label.upper())}:</b> " if section.label else ""
        paragraphs.append(f"<p>{label}{section.html}</p>")
    return "".join(paragraphs)


def details_html(paper: Paper) -> str:
    rows: list[tuple[str, str]] = []
    if paper.kind is not PaperKind.ARTICLE:
        rows.append(("Type", html.escape(paper.kind.label)))
    if paper.notices:
        items = "".join(
            f"<li><b>{html.escape(_notice_kind(n.kind))}</b>: {html.escape(n.text)}</li>" for n in paper.notices
        )
        rows.append(("Comments and corrections", f"<ul>{items}</ul>"))
    if paper.publication_types:
        rows.append(("Publication types", html.escape(", ".join(paper.publication_types))))
    if paper.mesh:
        items = "".join(
            f"<li>{'<b>' if m.is_major else ''}{html.escape(str(m))}{'</b>' if m.is_major else ''}</li>"
            for m in paper.mesh
        )
        rows.append(("MeSH terms", f"<ul>{items}</ul><p><small>Major topics are in bold and marked *.</small></p>"))
    if paper.keywords:
        rows.append(("Keywords", html.escape("; ".join(paper.keywords))))
    if paper.substances:
        rows.append(("Substances", "<br>".join(html.escape(s) for s in paper.substances)))
    if paper.language:
        rows.append(("Language", html.escape(paper.language)))
    if paper.vernacular_title:
        rows.append(("Original title", html.escape(paper.vernacular_title)))
    rows.append(("Citation key", html.escape(paper.citekey or "\u2014") + (" (set by you)" if paper.citekey_pinned else "")))
    if paper.added:
        rows.append(("Added", paper.added.astimezone().strftime("%Y-%m-%d %H:%M")))
    if paper.source:
        rows.append(("Imported from", html.escape(paper.source)))
    return "".join(f"<h4 style='margin: 8px 0 2px 0;'>{title}</h4><div>{body}</div>" for title, body in rows)


def _notice_kind(kind: str) -> str:
    spaced = "".join(f" {c}" if c.isupper() else c for c in kind).strip()
    return spaced.replace(" In", " in").replace(" On", " on").replace(" For", " for")


class DetailView(QWidget):
    """Everything about the selected paper."""

    open_requested = Signal(int)      # show this library paper
    import_requested = Signal(list)   # import these PMIDs
    refresh_requested = Signal(int)   # fetch this paper (and its links) from PubMed again

    def __init__(
        self,
        library: Library,
        importer: Callable[[], Importer],
        runner: TaskRunner,
        *,
        open_url: UrlOpener = QDesktopServices.openUrl,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._library = library
        self._importer = importer  # built on first use: see refdesk/services.py
        self._runner = runner
        self._open_url = open_url
        self.paper: Paper | None = None
        self._titles: dict[int, str] = {}  # paper id -> "loading" | "done" | error message
        self._fetching_links: set[int] = set()
        self._authors_expanded = False

        self.placeholder = MutedLabel("Select a paper to see its abstract, similar articles and citations.", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        self.header = QLabel(self)
        self.header.setObjectName("detailHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.header.setOpenExternalLinks(False)
        self.header.linkActivated.connect(self.open_link)
        self.header.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.notice_banner = QLabel(self)
        self.notice_banner.setObjectName("noticeBanner")
        self.notice_banner.setWordWrap(True)
        self.notice_banner.setTextFormat(Qt.TextFormat.RichText)
        self.notice_banner.setMargin(6)
        self.notice_banner.hide()

        self.abstract = QTextBrowser(self)
        self.abstract.setOpenLinks(False)
        self.abstract.setObjectName("abstract")
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.setObjectName("details")
        for browser in (self.abstract, self.details):
            browser.setAcceptDrops(False)  # drops import, wherever they land
        self.panes: dict[LinkKind, LinkListPane] = {}
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.addTab(self.abstract, "Abstract")
        for kind, title in TAB_TITLES.items():
            pane = LinkListPane(kind, self)
            pane.open_requested.connect(self.open_requested)
            pane.import_requested.connect(self.import_requested)
            pane.fetch_requested.connect(self._fetch_links)
            pane.retry_titles_requested.connect(self._retry_titles)
            self.panes[kind] = pane
            self.tabs.addTab(pane, title)
        self.tabs.addTab(self.details, "Details")
        self.tabs.currentChanged.connect(self._on_tab_changed)

        paper_page = QWidget(self)
        paper_layout = QVBoxLayout(paper_page)
        paper_layout.setContentsMargins(10, 8, 6, 4)
        paper_layout.setSpacing(8)
        paper_layout.addWidget(self.header)
        paper_layout.addWidget(self.notice_banner)
        paper_layout.addWidget(self.tabs, 1)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(paper_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # --- what is shown ----------------------------------------------------------------

    def show_paper(self, paper: Paper | None) -> None:
        if paper is None or self.paper is None or paper.id != self.paper.id:
            self._authors_expanded = False
        self.paper = paper
        if paper is None:
            self.show_placeholder("Select a paper to see its abstract, similar articles and citations.")
            return
        self.stack.setCurrentIndex(1)
        self._render_header()
        self._show_notices(paper)
        self.abstract.setHtml(abstract_html(paper))
        self.details.setHtml(details_html(paper))
        for index, (kind, pane) in enumerate(self.panes.items(), start=1):
            links = paper.links_of(kind)
            title = TAB_TITLES[kind] + (f" ({len(links)})" if links else "")
            self.tabs.setTabText(index, title)
            self._fill_pane(pane, paper)
        self._maybe_fetch_titles()

    def show_placeholder(self, text: str) -> None:
        self.paper = None
        self.placeholder.setText(text)
        self.stack.setCurrentIndex(0)

    def reload(self) -> None:
        """Read the shown paper again (after the library changed)."""
        if self.paper is None or self.paper.id is None:
            return
        try:
            self.show_paper(self._library.get(self.paper.id))
        except RefDeskError:
            self.show_paper(None)

    def open_tab(self, kind: LinkKind | str) -> None:
        if kind == "abstract":
            self.tabs.setCurrentIndex(0)
        elif kind == "details":
            self.tabs.setCurrentIndex(self.tabs.count() - 1)
        else:
            self.tabs.setCurrentWidget(self.panes[LinkKind(kind)])

    def open_link(self, url: str) -> None:
        """Open a web link; ``refdesk:`` links act in place (show all authors, refresh)."""
        if url in (SHOW_ALL, SHOW_FEWER):
            self._authors_expanded = url == SHOW_ALL
            self._render_header()
        elif url == REFRESH_LINK:
            self._fetch_links()
        else:
            self._open_url(QUrl(url))

    def set_fetching_links(self, paper_id: int, fetching: bool, error: str = "") -> None:
        """The main window fetches a paper's links; the panes show how it goes."""
        if fetching:
            self._fetching_links.add(paper_id)
        else:
            self._fetching_links.discard(paper_id)
        if self.paper is None or self.paper.id != paper_id:
            return
        self._render_header()
        for kind, pane in self.panes.items():
            if self.paper.links_of(kind):
                continue
            if fetching:
                pane.show_loading("Fetching from PubMed\u2026")
            elif error:
                pane.show_fetch_error(error)
            else:
                self._fill_pane(pane, self.paper)

    # --- internals ----------------------------------------------------------------------

    def _render_header(self) -> None:
        paper = self.paper
        if paper is None:
            return
        muted = secondary_text(self.palette(), QPalette.ColorRole.Window)
        self.header.setText(header_html(paper, expanded=self._authors_expanded, muted=muted,
                                        refreshing=paper.id in self._fetching_links))

    def _fill_pane(self, pane: LinkListPane, paper: Paper) -> None:
        links = paper.links_of(pane.kind)
        if not links and paper.id in self._fetching_links:
            pane.show_loading("Fetching from PubMed\u2026")
            return
        state = self._titles.get(paper.id or 0, "")
        missing = any(not l.has_summary for l in links)
        pane.show_links(links, can_fetch=paper.pmid is not None, loading_titles=missing and state == "loading")
        if missing and state not in ("", "loading", "done"):
            pane.show_titles_error(state)

    def _show_notices(self, paper: Paper) -> None:
        warnings = [n for n in paper.notices if n.is_warning]
        if not warnings:
            self.notice_banner.hide()
            return
        lines = "<br>".join(
            f"<b>{html.escape(_notice_kind(n.kind))}</b>: {html.escape(n.text)}" for n in warnings
        )
        tone = Tone.ERROR if any(n.kind.startswith(("Retraction", "ExpressionOfConcern")) for n in warnings) else Tone.WARNING
        self.notice_banner.setStyleSheet(f"#noticeBanner {{ {tinted_style(self, tone)} }}")
        self.notice_banner.setText(lines)
        self.notice_banner.show()

    def _on_tab_changed(self, _index: int) -> None:
        self._maybe_fetch_titles()

    def _current_pane(self) -> LinkListPane | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, LinkListPane) else None

    def _maybe_fetch_titles(self) -> None:
        pane = self._current_pane()
        paper = self.paper
        if pane is None or paper is None or paper.id is None:
            return
        if self._titles.get(paper.id):
            return
        if not any(not l.has_summary for l in paper.links):
            return
        self._start_title_fetch(paper.id)

    def _start_title_fetch(self, paper_id: int) -> None:
        self._titles[paper_id] = "loading"
        for pane in self.panes.values():
            if self.paper is not None and any(not l.has_summary for l in self.paper.links_of(pane.kind)):
                pane.set_status("Loading titles from PubMed\u2026")
        self._runner.submit(
            lambda _ctx: self._importer().fetch_link_summaries(paper_id),
            on_done=lambda paper: self._titles_fetched(paper_id, paper),
            on_error=lambda exc: self._titles_failed(paper_id, exc),
            # Not on the write lane: titles must not wait for a long import.
            # Their one short write queues behind SQLite's busy timeout.
            writes=False,
            name="fetch titles",
        )

    def _titles_fetched(self, paper_id: int, paper: Paper) -> None:
        self._titles[paper_id] = "done"
        if self.paper is not None and self.paper.id == paper_id:
            self.show_paper(paper)

    def _titles_failed(self, paper_id: int, exc: BaseException) -> None:
        if not isinstance(exc, RefDeskError):
            self._titles.pop(paper_id, None)
            report_unexpected(exc)
            return
        log.warning("Could not fetch titles of linked papers: %s", exc)
        self._titles[paper_id] = str(exc)
        if self.paper is not None and self.paper.id == paper_id:
            for pane in self.panes.values():
                if any(not l.has_summary for l in self.paper.links_of(pane.kind)):
                    pane.show_titles_error(str(exc))

    def _retry_titles(self) -> None:
        if self.paper is not None and self.paper.id is not None:
            self._start_title_fetch(self.paper.id)

    def _fetch_links(self) -> None:
        if self.paper is not None and self.paper.id is not None:
            self.refresh_requested.emit(self.paper.id)

    # --- Qt overrides -----------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.paper is not None:
            self._render_header()
            self._show_notices(self.paper)
