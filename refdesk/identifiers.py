"""Find PubMed IDs, DOIs and PMC IDs in pasted or dropped text.

Users paste anything: a PMID list from a spreadsheet, a citation copied from
a paper, a PubMed or doi.org link, a ``text/uri-list`` or ``text/html`` drop
from a browser.  :func:`extract_identifiers` is pure and never raises; when it
finds nothing the caller shows :data:`NO_IDENTIFIER_MESSAGE`.

Bare numbers are the risky part: citations are full of years, volumes and page
numbers.  A bare number therefore counts as a PMID only

* on a line that holds nothing but numbers and separators (a pasted PMID
  list), or
* in running text when it has 7 or 8 digits (every PMID since 1997) and stands
  alone between spaces -- not glued to ``-``, ``/``, ``.``, ``:`` or brackets
  as dates, page ranges, DOIs and URLs are.

Numbers labelled ``PMID: 123`` and PubMed URLs are always taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal
from urllib.parse import unquote

__all__ = [
    "NO_IDENTIFIER_MESSAGE",
    "Identifier",
    "extract_from_html",
    "extract_from_uri_list",
    "extract_identifiers",
    "normalize_doi",
    "normalize_pmcid",
    "strip_doi_prefix",
]

IdentifierKind = Literal["pmid", "doi", "pmcid"]

NO_IDENTIFIER_MESSAGE = (
    "No PubMed ID, DOI or PMC ID found. Paste a PMID (such as 11751408), a DOI "
    "(10.xxxx/...), a PMC ID (PMC123456) or a PubMed, PMC or doi.org link."
)


@dataclass(frozen=True, slots=True)
class Identifier:
    """One identifier, normalised: DOI lower-case without prefix, PMCID ``PMC123``."""

    kind: IdentifierKind
    value: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


# A DOI: directory indicator 10., a registrant code, "/", then a suffix that
# stops at whitespace, markup delimiters, or a second DOI glued on by , or ;.
_DOI = re.compile(r"10\.\d{4,9}/(?:(?![,;]\s*10\.\d{4,9}/)[^\s\"<>\u201c\u201d])+")
_URL = re.compile(r"(?:https?://|www\.|(?:dx\.)?doi\.org/|pubmed\.ncbi|pmc\.ncbi)[^\s\"<>]+", re.I)
_PUBMED_URL = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,8})(?!\d)", re.I
)
_PMCID = re.compile(r"(?<![A-Za-z0-9])PMC(\d{1,9})(?!\d)", re.I)
_LABELLED_PMID = re.compile(r"\bPMID\s*[:=#]?\s*(\d{1,8})(?!\d)", re.I)
_LIST_LINE = re.compile(r"[\s,;|]*\d{1,8}(?:[\s,;|]+\d{1,8})*[\s,;|]*")
_NUMBER = re.compile(r"\d{1,8}")
_LONE_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{7,8})(?=[\s,;]|$)")
_DOI_PREFIX = re.compile(
    r"^(?:doi\s*:\s*|(?:https?://)?(?:dx\.)?doi\.org/|https?://[^/]+/(?=10\.))", re.I
)
_TRAILING = ".,;:'\"!?\u2019\u201d>"
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def _strip_doi_tail(doi: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from a DOI's end.

    ``10.1002/(SICI)1097-0258(19980815)17:15<...>`` keeps its balanced
    parentheses, while ``(doi:10.1000/xyz).`` loses ``).``.
    """
    while doi:
        last = doi[-1]
        if last in _TRAILING:
            doi = doi[:-1]
        elif last in _CLOSERS and doi.count(_CLOSERS[last]) < doi.count(last):
            doi = doi[:-1]
        else:
            break
    return doi


def strip_doi_prefix(text: str) -> str:
    """``doi: 10.1000/X``, ``https://doi.org/10.1000%2FX`` -> ``10.1000/X``; other text as given.

    Only the prefix goes (a resolver URL is percent-decoded, without its query
    and fragment); nothing is checked, so no character of the DOI is lost.
    """
    text = text.strip()
    prefix = _DOI_PREFIX.match(text)
    if prefix:
        text = text[prefix.end():]
        if "://" in prefix.group(0) or "doi.org" in prefix.group(0).lower():
            text = unquote(text.split("?", 1)[0].split("#", 1)[0])
    return text.strip()


def normalize_doi(text: str) -> str:
    """``https://doi.org/10.1000%2FABC.`` -> ``10.1000/abc``; ``""`` if no DOI.

    URL forms are percent-decoded (a DOI in a link is URL-encoded); plain text
    is not, so the function is idempotent.  DOIs are case-insensitive, so the
    lower-case form is the key RefDesk compares and stores.
    """
    match = _DOI.match(strip_doi_prefix(text))
    if not match:
        return ""
    doi = _strip_doi_tail(match.group(0)).lower()
    return doi if "/" in doi and not doi.endswith("/") else ""


def normalize_pmcid(text: str) -> str:
    """``pmc 123`` / ``PMC123`` / ``123`` -> ``PMC123``; ``""`` if not a PMC ID."""
    match = re.fullmatch(r"\s*(?:PMC\s*)?(\d{1,9})\s*", text, re.I)
    return f"PMC{int(match.group(1))}" if match else ""


def _pmid(digits: str) -> str | None:
    value = int(digits)
    return str(value) if value > 0 else None


def _scan(text: str, offset: int, found: list[tuple[int, Identifier]]) -> None:
    """Collect identifiers of one line, with their positions for ordering."""
    masked = list(text)

    def mask(start: int, end: int) -> None:
        masked[start:end] = " " * (end - start)

    for url in _URL.finditer(text):
        link = url.group(0)
        start = url.start()
        for m in _PUBMED_URL.finditer(link):
            pmid = _pmid(m.group(1))
            if pmid:
                found.append((offset + start + m.start(), Identifier("pmid", pmid)))
        # A DOI in a link is percent-encoded (``10.1000%2Fabc``) and ends at the query.
        for m in _DOI.finditer(unquote(link.split("?", 1)[0].split("#", 1)[0])):
            doi = normalize_doi(m.group(0))
            if doi:
                found.append((offset + start + m.start(), Identifier("doi", doi)))
        for m in _PMCID.finditer(link):
            found.append((offset + start + m.start(), Identifier("pmcid", f"PMC{int(m.group(1))}")))
        mask(start, url.end())

    rest = "".join(masked)
    for m in _DOI.finditer(rest):
        doi = normalize_doi(m.group(0))
        if doi:
            found.append((offset + m.start(), Identifier("doi", doi)))
        mask(m.start(), m.end())
    rest = "".join(masked)
    for m in _PMCID.finditer(rest):
        found.append((offset + m.start(), Identifier("pmcid", f"PMC{int(m.group(1))}")))
        mask(m.start(), m.end())
    rest = "".join(masked)
    for m in _LABELLED_PMID.finditer(rest):
        pmid = _pmid(m.group(1))
        if pmid:
            found.append((offset + m.start(), Identifier("pmid", pmid)))
        mask(m.start(), m.end())
    rest = "".join(masked)
    if _LIST_LINE.fullmatch(rest):
        numbers = _NUMBER.finditer(rest)
    else:
        numbers = _LONE_NUMBER.finditer(rest)
    for m in numbers:
        pmid = _pmid(m.group(0))
        if pmid:
            found.append((offset + m.start(), Identifier("pmid", pmid)))


def extract_identifiers(text: str) -> list[Identifier]:
    """All PMIDs, DOIs and PMCIDs in ``text``, de-duplicated, in order of appearance."""
    found: list[tuple[int, Identifier]] = []
    offset = 0
    for line in str(text).splitlines(keepends=True):
        _scan(line, offset, found)
        offset += len(line)
    found.sort(key=lambda item: item[0])
    seen: set[Identifier] = set()
    result: list[Identifier] = []
    for _, ident in found:
        if ident not in seen:
            seen.add(ident)
            result.append(ident)
    return result


def extract_from_uri_list(text: str) -> list[Identifier]:
    """Identifiers in ``text/uri-list`` content (RFC 2483: ``#`` lines are comments)."""
    lines = [line for line in str(text).splitlines() if not line.lstrip().startswith("#")]
    return extract_identifiers("\n".join(lines))


class _HtmlText(HTMLParser):
    """Collects link targets and visible text of an HTML fragment, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("href", "src", "cite") and value:
                self.parts.append("\n" + value + "\n")
        if tag in ("br", "p", "div", "li", "tr", "td"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag in ("p", "div", "li", "tr", "td", "a"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def extract_from_html(html: str) -> list[Identifier]:
    """Identifiers in a ``text/html`` drop: link targets and visible text."""
    parser = _HtmlText()
    try:
        parser.feed(str(html))
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser copes with nearly anything; never fail a drop
        pass
    return extract_identifiers("".join(parser.parts))
