"""Read the text of a PubMed article page, as a user copies it from the browser.

The page text starts with the title and a ``- PMID: n`` line, then the
abstract, then headed lists: "Similar articles", "Cited by", "Publication
types", "MeSH terms", "Substances" ...  In the lists of papers each item
glues the title to its journal citation with no space, and repeats a short
``<journal>. <year>. PMID: n`` form after the citation::

    New silicon compounds ... cancer cells.Anticancer Res. 2004 Mar-Apr;24(2B):865-71.
    Anticancer Res. 2004. PMID: 15161039 Review.

The repeated short journal name is what tells where the title ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refdesk.dates import parse_pubmed_date
from refdesk.errors import FormatError
from refdesk.model import (
    AbstractSection,
    Link,
    LinkKind,
    MeshHeading,
    MeshQualifier,
    Notice,
    Paper,
    ParsedFile,
    ParseProblem,
)

FORMAT = "pubmed_page"
SOURCE = "pubmed-page"

_LINK_SECTIONS = {"Similar articles": LinkKind.SIMILAR, "Cited by": LinkKind.CITED_BY}
_NOTICE_SECTIONS = {
    "Comment in": "CommentIn",
    "Comment on": "CommentOn",
    "Erratum in": "ErratumIn",
    "Erratum for": "ErratumFor",
    "Retraction in": "RetractionIn",
    "Retraction of": "RetractionOf",
    "Expression of concern in": "ExpressionOfConcernIn",
    "Expression of concern for": "ExpressionOfConcernFor",
    "Update in": "UpdateIn",
    "Update of": "UpdateOf",
}
_LIST_SECTIONS = ("Publication types", "MeSH terms", "Substances", "Keywords")
# Headings that end the section before them; their content is not read.
_OTHER_SECTIONS = (
    "Abstract",
    "LinkOut - more resources",
    "Other Literature Sources",
    "Medical",
    "Molecular Biology Databases",
    "Full Text Sources",
    "Research Materials",
    "Miscellaneous",
    "Related information",
    "Full text links",
    "Grants and funding",
    "Conflict of interest statement",
    "Figures",
    "References",
    "Associated data",
    "Supplementary info",
    "Cite",
    "Actions",
    "Share",
    "Page navigation",
)
_HEADINGS = frozenset(
    [*_LINK_SECTIONS, *_NOTICE_SECTIONS, *_LIST_SECTIONS, *_OTHER_SECTIONS]
)
_NOISE = re.compile(
    r"^(?:-|•|See all (?:similar articles|\"Cited by\" articles)|Show (?:more|less|details)"
    r"|Item in Clipboard|Cite|Display options)$",
    re.IGNORECASE,
)
_PMID_LINE = re.compile(r"^\s*(?:-\s*)?PMID:\s*(\d+)\b(.*)$")
_DOI = re.compile(r"\bDOI:\s*(10\.\S+?)\.?(?=\s|$)", re.IGNORECASE)
_PMCID = re.compile(r"\bPMCID:\s*(PMC\d+)", re.IGNORECASE)
_ITEM_TAIL = re.compile(r"\s*PMID:\s*(\d+)\.?(.*)$")
_SHORT_FORM = re.compile(
    r"(?:^|\.\s|\.)\s*(?:(?P<authors>[^.]*?,? et al)\.\s)?"
    r"(?P<journal>[^.]+?)\.\s(?P<year>\d{4})\.$"
)
_BULLETS = frozenset({"-", "•", "*"})
_CITATION_LINE = re.compile(r"^[^.]+\.\s\d{4}\b[^;]*;.*:")
_STRUCTURED_LABEL = re.compile(r"^([A-Z][A-Za-z ,&/\-]{1,48}[a-zA-Z]):\s+(\S.*)$")
_NOT_TYPES = frozenset({"No abstract available", "Free article"})


@dataclass(frozen=True, slots=True)
class CitationParts:
    """The parts of a PubMed journal citation such as
    ``Breast Cancer Res Treat. 2006 Dec;100(3):301-8. doi: 10.1007/x. Epub 2006 Jun 14.``
    """

    journal: str = ""
    date_text: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    epub: str = ""


_CITATION = re.compile(
    r"^(?P<journal>.+?)\.\s(?P<date>\d{4}(?:\s[^;:]*?)?)"
    r"(?:;(?P<volume>[^(:.;]*)(?:\((?P<issue>[^)]*)\))?)?"
    r"(?::(?P<pages>[^\s;]+?))?"
    r"(?:\.|;|$)(?P<rest>.*)$"
)
_CITATION_DOI = re.compile(r"\bdoi:\s*(\S+?)\.?(?=\s|$)")
_CITATION_EPUB = re.compile(r"\bEpub\s+(\d{4}(?:\s[A-Z][a-z]{2})?(?:\s\d{1,2})?)\b")


def parse_citation(citation: str) -> CitationParts:
    """Split a PubMed citation into journal, date, volume, issue, pages, DOI and epub date.

    Parts that are absent are empty; a citation of another shape gives what
    can be found (at least the year, when there is one).
    """
    citation = citation.strip()
    match = _CITATION.match(citation)
    if not match:
        year = re.search(r"\b(\d{4})\b", citation)
        return CitationParts(year=int(year.group(1)) if year else None)
    rest = match.group("rest")
    doi = _CITATION_DOI.search(rest)
    epub = _CITATION_EPUB.search(rest)
    date_text = match.group("date").strip()
    return CitationParts(
        journal=match.group("journal").strip(),
        date_text=date_text,
        year=parse_pubmed_date(date_text).year,
        volume=(match.group("volume") or "").strip(),
        issue=(match.group("issue") or "").strip(),
        pages=(match.group("pages") or "").strip(),
        doi=doi.group(1) if doi else "",
        epub=epub.group(1) if epub else "",
    )


def parse_link_item(text: str, kind: LinkKind, rank: int) -> Link:
    """One "Similar articles" / "Cited by" item -> :class:`Link`.

    Raises :class:`FormatError` when the item has no ``PMID:`` or no
    recognisable ``<journal>. <year>.`` short form before it.
    """
    tail = _last_match(_ITEM_TAIL, text)
    if tail is None:
        raise FormatError("the item has no 'PMID: n' (the text may be cut off)")
    pmid = int(tail.group(1))
    publication_types = tuple(
        part.strip()
        for part in tail.group(2).split(".")
        if part.strip() and part.strip() not in _NOT_TYPES
    )
    head = text[: tail.start()].rstrip()
    short = _SHORT_FORM.search(head)
    if short is None:
        raise FormatError(f"cannot find the '<journal>. <year>.' form before PMID {pmid}")
    journal = short.group("journal").strip()
    authors = (short.group("authors") or "").strip()
    body = head[: short.start("authors") if authors else short.start("journal")].rstrip()
    start = re.search(re.escape(journal) + r"\.\s\d{4}", body)
    if start is None or start.start() == 0:
        raise FormatError(f"cannot find where the title ends and the citation begins (PMID {pmid})")
    title = body[: start.start()].strip()
    citation = body[start.start() :].strip()
    parts = parse_citation(citation)
    return Link(
        kind=kind,
        pmid=pmid,
        rank=rank,
        title=title,
        journal=journal,
        citation=citation,
        year=parts.year or int(short.group("year")),
        doi=parts.doi,
        authors=authors,
        publication_types=publication_types,
    )


def parse_pubmed_page(text: str, source: str = "") -> ParsedFile:
    """Read the copied text of a PubMed article page into one :class:`Paper`.

    ``source`` names the file in messages.  Items of the linked-paper lists
    that cannot be read become :class:`ParseProblem` entries with their line;
    text that is not a PubMed page raises :class:`FormatError`.
    """
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1)]
    content = [(n, line) for n, line in lines if line]
    if not content:
        raise FormatError("the file is empty", source=source)
    pmid_at = next(
        (i for i, (_, line) in enumerate(content[:20]) if _PMID_LINE.match(line)), None
    )
    if pmid_at is None:
        raise FormatError(
            "not the text of a PubMed page: no 'PMID: n' line near the top",
            source=source,
            line=content[0][0],
        )
    pmid_line = content[pmid_at][1]
    pmid_match = _PMID_LINE.match(pmid_line)
    assert pmid_match is not None
    before = [line for _, line in content[:pmid_at] if line not in _HEADINGS]
    # The page may open with the paper's own citation ("Cancer Res. 2001 Dec 15;61(24):...").
    citations = [line for line in before if _CITATION_LINE.match(line)]
    title = next((line for line in before if line not in citations), "")
    own = parse_citation(citations[0]) if citations else CitationParts()
    if not title:
        raise FormatError(
            "the page text has no title before its PMID line", source=source, line=content[0][0]
        )
    sections = _sections(content[pmid_at + 1 :])
    problems: list[ParseProblem] = []
    links: list[Link] = []
    for heading, kind in _LINK_SECTIONS.items():
        for rank, (number, item) in enumerate(_bulleted(sections.get(heading, [])), 1):
            try:
                links.append(parse_link_item(item, kind, rank))
            except FormatError as exc:
                problems.append(
                    ParseProblem(f"{heading}, item {rank}: {exc.reason}", number, source)
                )
    notices = [
        _notice(kind, line)
        for heading, kind in _NOTICE_SECTIONS.items()
        for _, line in _items(sections.get(heading, []))
    ]
    doi = _DOI.search(pmid_line)
    pmcid = _PMCID.search(pmid_line)
    paper = Paper(
        title=title,
        pmid=int(pmid_match.group(1)),
        doi=doi.group(1) if doi else own.doi,
        pmcid=pmcid.group(1).upper() if pmcid else "",
        abstract=_abstract(sections.get("Abstract", [])),
        journal_iso=own.journal,
        year=own.year,
        date_text=own.date_text,
        volume=own.volume,
        issue=own.issue,
        pages=own.pages,
        publication_types=tuple(line for _, line in _items(sections.get("Publication types", []))),
        mesh=tuple(_mesh(line) for _, line in _items(sections.get("MeSH terms", []))),
        substances=tuple(line for _, line in _items(sections.get("Substances", []))),
        keywords=tuple(line for _, line in _items(sections.get("Keywords", []))),
        notices=tuple(notices),
        links=tuple(links),
        source=SOURCE,
    )
    return ParsedFile((paper,), tuple(problems), FORMAT)


# -- helpers -------------------------------------------------------------------


def _sections(content: list[tuple[int, str]]) -> dict[str, list[tuple[int, str]]]:
    """Group the lines after the PMID line under the heading they follow."""
    sections: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    for number, line in content:
        if line in _HEADINGS:
            current = sections.setdefault(line, [])
        elif current is not None:
            current.append((number, line))
    return sections


def _items(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The items of a list section: bullet lines and navigation noise removed."""
    return [(n, line) for n, line in lines if not _NOISE.match(line)]


def _bulleted(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Items of a list of papers: one per bullet (its lines joined), else one per line."""
    if not any(line in _BULLETS for _, line in lines):
        return _items(lines)
    items: list[tuple[int, str]] = []
    current: list[tuple[int, str]] = []
    for number, line in [*lines, (0, "-")]:
        if line in _BULLETS:
            if current:
                items.append((current[0][0], " ".join(text for _, text in current)))
            current = []
        elif not _NOISE.match(line):
            current.append((number, line))
    return items


def _abstract(lines: list[tuple[int, str]]) -> tuple[AbstractSection, ...]:
    sections: list[AbstractSection] = []
    for _, line in lines:
        if line in ("No abstract available", "No abstract available."):
            continue
        labelled = _STRUCTURED_LABEL.match(line)
        if labelled and len(labelled.group(1).split()) <= 5:
            sections.append(AbstractSection(labelled.group(2).strip(), labelled.group(1).strip()))
        else:
            sections.append(AbstractSection(line))
    return tuple(sections)


def _mesh(line: str) -> MeshHeading:
    """``"Breast Neoplasms / drug therapy*"`` (the page's form) -> :class:`MeshHeading`."""
    descriptor, *qualifiers = (part.strip() for part in line.split(" / "))
    return MeshHeading(
        descriptor=descriptor.rstrip("*"),
        major=descriptor.endswith("*"),
        qualifiers=tuple(MeshQualifier(q.rstrip("*"), q.endswith("*")) for q in qualifiers if q),
    )


def _notice(kind: str, line: str) -> Notice:
    match = _last_match(_ITEM_TAIL, line)
    if match is None:
        return Notice(kind, line)
    return Notice(kind, line[: match.start()].strip().rstrip("."), int(match.group(1)))


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last non-overlapping match of ``pattern`` in ``text``."""
    found = None
    position = 0
    while (match := pattern.search(text, position)) is not None:
        found = match
        position = match.start() + 1
    return found
