"""Plain, immutable snapshots of RefDesk's data.

These objects cross every layer and thread: parsers produce them, the library
service stores and returns them, the CLI and the GUI display them.  They carry
no I/O and no database state.

Inline markup (italics, superscripts ...) in titles and abstracts is kept in a
small HTML subset -- ``<i> <b> <u> <sup> <sub>`` with all other text
HTML-escaped -- in the ``*_markup`` fields; the matching plain fields hold the
readable text with the tags removed.
"""

from __future__ import annotations

import enum
import html
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


class LinkKind(enum.StrEnum):
    """How a linked paper relates to the paper that lists it."""

    SIMILAR = "similar"
    CITED_BY = "cited_by"
    REFERENCES = "references"


class PaperKind(enum.StrEnum):
    """What sort of work a paper is.

    The values are BibTeX's entry type names (stored in ``papers.kind``), but
    for ``chapter``: a part of a book with its own title and authors, written
    as ``@incollection``.
    """

    ARTICLE = "article"
    BOOK = "book"
    CHAPTER = "chapter"
    INPROCEEDINGS = "inproceedings"
    PROCEEDINGS = "proceedings"
    TECHREPORT = "techreport"
    PHDTHESIS = "phdthesis"
    MASTERSTHESIS = "mastersthesis"
    MANUAL = "manual"
    BOOKLET = "booklet"
    UNPUBLISHED = "unpublished"
    MISC = "misc"

    @property
    def label(self) -> str:
        """A name for people: ``Conference paper``, ``PhD thesis`` ..."""
        return _KIND_LABELS[self]

    @property
    def is_thesis(self) -> bool:
        return self in (PaperKind.PHDTHESIS, PaperKind.MASTERSTHESIS)


_KIND_LABELS = {
    PaperKind.ARTICLE: "Journal article",
    PaperKind.BOOK: "Book",
    PaperKind.CHAPTER: "Book chapter",
    PaperKind.INPROCEEDINGS: "Conference paper",
    PaperKind.PROCEEDINGS: "Conference proceedings",
    PaperKind.TECHREPORT: "Technical report",
    PaperKind.PHDTHESIS: "PhD thesis",
    PaperKind.MASTERSTHESIS: "Master's thesis",
    PaperKind.MANUAL: "Manual",
    PaperKind.BOOKLET: "Booklet",
    PaperKind.UNPUBLISHED: "Unpublished work",
    PaperKind.MISC: "Other work",
}


@dataclass(frozen=True, slots=True)
class Author:
    """A personal author (``last``/``fore``) or a collective one (``collective``)."""

    last: str = ""
    fore: str = ""
    initials: str = ""
    suffix: str = ""
    collective: str = ""
    affiliations: tuple[str, ...] = ()
    orcid: str = ""

    @property
    def is_collective(self) -> bool:
        return bool(self.collective)

    @property
    def display_name(self) -> str:
        """``Conze D`` style, as PubMed lists authors."""
        if self.collective:
            return self.collective
        given = self.initials or "".join(part[:1] for part in self.fore.split())
        name = f"{self.last} {given}".strip()
        return f"{name} {self.suffix}".strip()

    @property
    def full_name(self) -> str:
        """``Dan Conze`` style."""
        if self.collective:
            return self.collective
        return " ".join(p for p in (self.fore, self.last, self.suffix) if p)


@dataclass(frozen=True, slots=True)
class AbstractSection:
    """One paragraph of an abstract; structured abstracts carry a ``label``."""

    text: str
    label: str = ""
    markup: str = ""

    @property
    def html(self) -> str:
        return self.markup or _escape_html(self.text)


@dataclass(frozen=True, slots=True)
class MeshQualifier:
    name: str
    major: bool = False


@dataclass(frozen=True, slots=True)
class MeshHeading:
    descriptor: str
    major: bool = False
    qualifiers: tuple[MeshQualifier, ...] = ()

    @property
    def is_major(self) -> bool:
        return self.major or any(q.major for q in self.qualifiers)

    def __str__(self) -> str:
        parts = [self.descriptor + ("*" if self.major else "")]
        parts += [q.name + ("*" if q.major else "") for q in self.qualifiers]
        return "/".join(parts)


@dataclass(frozen=True, slots=True)
class Notice:
    """A comment/correction link: errata, retractions, comments, updates.

    ``kind`` is PubMed's ``RefType`` (``ErratumIn``, ``RetractionIn``,
    ``CommentOn`` ...); ``text`` is the citation text PubMed gives.
    """

    kind: str
    text: str = ""
    pmid: int | None = None

    @property
    def is_warning(self) -> bool:
        """Retractions, expressions of concern and errata deserve attention."""
        return self.kind.startswith(("Retraction", "ExpressionOfConcern", "Erratum"))


@dataclass(frozen=True, slots=True)
class Link:
    """A paper listed on another paper's page (similar, cited by, references).

    Whatever is known about the listed paper is kept, so that panes render
    offline.  ``in_library`` is the library id of that paper, when the
    library holds it (filled in by the service when reading).
    """

    kind: LinkKind
    pmid: int
    rank: int = 0
    score: float | None = None
    title: str = ""
    journal: str = ""
    citation: str = ""
    year: int | None = None
    doi: str = ""
    authors: str = ""
    publication_types: tuple[str, ...] = ()
    in_library: int | None = None

    @property
    def has_summary(self) -> bool:
        return bool(self.title)


@dataclass(frozen=True, slots=True)
class Paper:
    """Everything RefDesk knows about one paper."""

    title: str = ""
    pmid: int | None = None
    doi: str = ""
    pmcid: str = ""
    title_markup: str = ""
    vernacular_title: str = ""
    kind: PaperKind = PaperKind.ARTICLE
    abstract: tuple[AbstractSection, ...] = ()
    authors: tuple[Author, ...] = ()
    editors: tuple[Author, ...] = ()
    journal: str = ""
    journal_iso: str = ""
    book_title: str = ""
    publisher: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    date_text: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    issn: str = ""
    language: str = ""
    publication_types: tuple[str, ...] = ()
    mesh: tuple[MeshHeading, ...] = ()
    keywords: tuple[str, ...] = ()
    substances: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()
    links: tuple[Link, ...] = ()
    url: str = ""
    note: str = ""
    extra_fields: tuple[tuple[str, str], ...] = ()
    citekey: str = ""
    citekey_pinned: bool = False
    source: str = ""
    id: int | None = None
    added: datetime | None = None
    updated: datetime | None = None
    trashed: bool = False

    @property
    def title_html(self) -> str:
        return self.title_markup or _escape_html(self.title)

    @property
    def abstract_text(self) -> str:
        return "\n".join(
            f"{s.label}: {s.text}" if s.label else s.text for s in self.abstract
        )

    @property
    def authors_short(self) -> str:
        """``Conze D, Weiss L, Regen PS, et al.`` -- at most three names."""
        names = [a.display_name for a in self.authors]
        if len(names) > 3:
            return ", ".join(names[:3]) + ", et al."
        return ", ".join(names)

    @property
    def citation(self) -> str:
        """PubMed's journal citation: ``Cancer Res. 2001;61(24):8851-8.``

        Works without a journal or book name it where one would be: a thesis
        its degree and school (``PhD thesis, MIT. 2010.``), a report its
        number and institution, a manual its organization, other works how
        they were published.
        """
        journal = self.journal_iso or self.journal or self.book_title or _venue(self)
        date = self.date_text or (str(self.year) if self.year else "")
        text = f"{journal}. {date}" if journal else date
        if self.volume:
            text += f";{self.volume}"
            if self.issue and self.kind is not PaperKind.TECHREPORT:  # a report's number is in its venue
                text += f"({self.issue})"
        if self.pages:
            text += f":{self.pages}"
        return (text + ".") if text else ""

    @property
    def label(self) -> str:
        """How an import report names the record: its PMID, else its citation
        key (what a .bib user knows it by), else its DOI, else its title."""
        if self.pmid:
            return f"PMID {self.pmid}"
        if self.citekey:
            return self.citekey
        if self.doi:
            return f"doi:{self.doi}"
        return (self.title[:60] + "...") if len(self.title) > 60 else self.title or "untitled record"

    def links_of(self, kind: LinkKind) -> tuple[Link, ...]:
        return tuple(sorted((l for l in self.links if l.kind == kind), key=lambda l: l.rank))


@dataclass(frozen=True, slots=True)
class PaperRow:
    """One row of the library table: just what the table shows."""

    id: int
    title: str
    authors: str
    journal: str  # the journal, else the book or proceedings it is in
    year: int | None
    pmid: int | None
    citekey: str
    added: datetime | None
    #: PubMed marks it retracted (a retraction notice, or the publication type).
    retracted: bool = False


class SortField(enum.StrEnum):
    TITLE = "title"
    AUTHORS = "authors"
    JOURNAL = "journal"
    YEAR = "year"
    PMID = "pmid"
    CITEKEY = "citekey"
    ADDED = "added"


class View(enum.StrEnum):
    """The sidebar's collections."""

    ALL = "all"
    RECENT = "recent"
    TRASH = "trash"


@dataclass(frozen=True, slots=True)
class Query:
    """What the table asks for: a view, an optional search and a sort."""

    view: View = View.ALL
    search: str = ""
    sort: SortField = SortField.ADDED
    descending: bool = True


class Outcome(enum.StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    NOT_FOUND = "not found"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class ItemResult:
    """What happened to one requested identifier or one file record."""

    item: str
    outcome: Outcome
    reason: str = ""
    paper_id: int | None = None

    def line(self) -> str:
        text = f"{self.outcome.value}: {self.item}"
        return f"{text} ({self.reason})" if self.reason else text


@dataclass(frozen=True, slots=True)
class ImportReport:
    items: tuple[ItemResult, ...] = ()
    cancelled: bool = False
    #: Things worth knowing that are not failures ("file read as Latin-1").
    warnings: tuple[str, ...] = ()

    def count(self, outcome: Outcome) -> int:
        return sum(1 for i in self.items if i.outcome == outcome)

    @property
    def ok(self) -> bool:
        return not any(i.outcome in (Outcome.FAILED, Outcome.NOT_FOUND) for i in self.items)

    @property
    def paper_ids(self) -> tuple[int, ...]:
        return tuple(i.paper_id for i in self.items if i.paper_id is not None)

    def merged(self, other: ImportReport) -> ImportReport:
        return ImportReport(
            self.items + other.items, self.cancelled or other.cancelled, self.warnings + other.warnings
        )

    def summary(self) -> str:
        parts = [f"{self.count(o)} {o.value}" for o in Outcome if self.count(o)]
        text = ", ".join(parts) or "nothing to import"
        return text + (" (cancelled)" if self.cancelled else "")


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """A record of a file that could not be read, with where it starts."""

    message: str
    line: int | None = None
    source: str = ""
    #: A warning (e.g. "read as Latin-1") rather than a record that failed.
    warning: bool = False

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """The result of reading a file: the records that parsed, and those that didn't."""

    records: tuple[Paper, ...] = ()
    problems: tuple[ParseProblem, ...] = ()
    format: str = ""


class ExportFormat(enum.StrEnum):
    BIBTEX = "bibtex"
    BIBLATEX = "biblatex"
    RIS = "ris"


@dataclass(frozen=True, slots=True)
class ExportTarget:
    """An auto-export target: a file kept up to date with (part of) the library."""

    path: str
    format: ExportFormat = ExportFormat.BIBTEX
    search: str = ""
    id: int | None = None


class CancelToken:
    """Checked between batches by long operations; set from any thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int
    message: str = ""


def unique_links(links: Iterable[Link]) -> tuple[Link, ...]:
    """The links without repeats of the same (kind, PMID); the first one stays."""
    seen: set[tuple[LinkKind, int]] = set()
    unique = []
    for link in links:
        if (link.kind, link.pmid) not in seen:
            seen.add((link.kind, link.pmid))
            unique.append(link)
    return tuple(unique)


def _extra(paper: Paper, *names: str) -> str:
    """The first of the ``extra_fields`` ``names`` that the paper has."""
    fields = dict(paper.extra_fields)
    return next((fields[n].strip() for n in names if fields.get(n, "").strip()), "")


def _venue(paper: Paper) -> str:
    """Where a work without a journal or book title comes from, for :attr:`Paper.citation`."""
    kind = paper.kind
    if kind.is_thesis:
        school = _extra(paper, "school", "institution") or paper.publisher
        return ", ".join(p for p in (_extra(paper, "type") or kind.label, school) if p)
    if kind is PaperKind.TECHREPORT:
        report = " ".join(p for p in (_extra(paper, "type") or kind.label, paper.issue) if p)
        return ", ".join(p for p in (report, _extra(paper, "institution") or paper.publisher) if p)
    if kind is PaperKind.MANUAL:
        return _extra(paper, "organization") or paper.publisher
    if kind in (PaperKind.MISC, PaperKind.BOOKLET):
        return _extra(paper, "howpublished", "organization") or paper.publisher
    if kind is PaperKind.UNPUBLISHED:
        return _extra(paper, "howpublished") or "Unpublished"
    if kind in (PaperKind.BOOK, PaperKind.PROCEEDINGS):
        return paper.publisher or _extra(paper, "organization")
    return ""


def _escape_html(text: str) -> str:
    return html.escape(text, quote=False)


def strip_markup(markup: str) -> str:
    """Plain text of a ``*_markup`` string."""
    return html.unescape(re.sub(r"</?(?:i|b|u|sup|sub)>", "", markup))


escape_html = _escape_html

