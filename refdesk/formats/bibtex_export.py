"""Papers -> BibTeX or BibLaTeX text.

The output is deterministic: entries sorted by citation key, fields in one
fixed order, ``\\n`` line endings -- the same papers always give the same
bytes, so auto-exported files diff cleanly under version control.

BibTeX (``biblatex=False``)
    The entry type is the kind's name (``@article``, ``@book``,
    ``@inproceedings``, ``@proceedings``, ``@techreport``, ``@phdthesis``,
    ``@mastersthesis``, ``@manual``, ``@booklet``, ``@unpublished``,
    ``@misc``), ``@incollection`` for chapters.  ``journal``, ``year``,
    ``month`` as the standard macro (``month = dec``, defined by every
    standard style), ``pmid``/``pmcid`` as plain fields.  A thesis's
    ``institution`` (biblatex's name) is written as ``school`` and a
    ``location`` as ``address``, the names the standard styles read; a
    ``type`` that is a biblatex key (``resreport`` ...) is written in words.
    Non-ASCII text is written as LaTeX macros by default.
BibLaTeX (``biblatex=True``)
    ``journaltitle``, ``date`` (``yyyy-mm-dd``, ``yyyy-mm`` or ``yyyy``),
    ``eprint = PMID`` with ``eprinttype = {pubmed}``, ``pmcid`` as its own
    field.  Reports are ``@report`` with ``type = {techreport}`` and theses
    ``@thesis`` with ``type = {phdthesis}`` or ``{mathesis}`` (a ``type`` of
    the paper's own is kept instead); misc works with a URL and no
    ``howpublished`` are ``@online``.  BibTeX's field names that biblatex
    only knows as aliases are written as biblatex's: ``school`` as
    ``institution``, ``address`` as ``location``, ``annote`` as
    ``annotation``, ``hyphenation`` as ``langid``.  Text stays UTF-8 unless
    ``ascii=True``.

Chapters are ``@incollection`` in both dialects: PubMed chapters have their
own authors and a book with editors, which is what ``@incollection`` (not
``@inbook``) describes.  Fields kept in ``extra_fields`` (``institution``,
``school``, ``organization``, ``howpublished`` ...) follow the generated ones,
sorted by name.

``doi``, ``url`` and ``eprint`` are verbatim fields: they are never
LaTeX-escaped.  Characters that cannot appear in a verbatim field (braces,
backslashes, spaces, non-ASCII) are percent-encoded, so no field value can
unbalance the file or smuggle TeX in.  DOIs are written in lower case (DOIs
are case-insensitive; the importer lower-cases them too, so that export ->
import -> export is byte-identical).

Performance: the entries are built directly in their final, enclosed form
and written by ``bibtexparser.write_string`` with an empty unparse stack;
bibtexparser's default stack deep-copies every block before writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from refdesk.formats.latex import escape_latex, escape_names, markup_to_latex
from refdesk.identifiers import strip_doi_prefix
from refdesk.model import Author, Paper, PaperKind
from refdesk.pages import full_page_range

__all__ = ["export_bibtex", "cite_command", "MONTH_MACROS", "VERBATIM_FIELDS"]

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

#: The version of how entries are written.  It names the export entry cache,
#: so raising it whenever an entry's text changes makes entries cached by an
#: older RefDesk be rendered again.
ENTRY_FORMAT = 2

#: Fields whose values are written as they are (URLs, identifiers).
VERBATIM_FIELDS = frozenset({"doi", "url", "eprint", "file", "pdf", "urldate"})

#: Fields RefDesk writes itself; extra fields with these names are not repeated.
GENERATED_FIELDS = frozenset(
    """author editor title booktitle journal journaltitle publisher year month date
    volume number pages doi pmid pmcid issn url note abstract
    keywords crossref xdata""".split()
)
#: A paper's own eprint (arXiv, say): written unless BibLaTeX's eprint holds the PMID.
EPRINT_FIELDS = frozenset({"eprint", "eprinttype", "archiveprefix", "eprintclass", "primaryclass"})

_FORMAT = BibtexFormat()
_FORMAT.indent = "  "
_FORMAT.value_column = 0
_FORMAT.block_separator = "\n"
_FORMAT.trailing_comma = False

_BAD_KEY = re.compile(r"[\s,{}()\"#%'=\\~]")
_VERBATIM_UNSAFE = re.compile(r"[{}\\\s\x00-\x1f\x7f\u0080-\U0010ffff]")
_AND = re.compile(r"(?i)(?:^|\s)and(?:\s|$)")
_MESSY_SPACE = re.compile(r"\s\s|[\t\n\r\f\v]|^\s|\s$")


def _messy_space(text: str) -> bool:
    """Whether ``text`` has whitespace other than single inner spaces (fast test first)."""
    if text.isascii() and " " not in text[:1] + text[-1:] and "  " not in text and text.isprintable():
        return False
    return bool(_MESSY_SPACE.search(text))


def _has_and(text: str) -> bool:
    return "and" in text.lower() and bool(_AND.search(text))
_SIMPLE_PAGES = re.compile(r"[A-Za-z0-9.]+(?:-[A-Za-z0-9.]+)?")
_HYPHENS = re.compile(r"\s*[-\u2010-\u2015]+\s*")


def cite_command(keys: Iterable[str], command: str = "cite") -> str:
    """``\\cite{a,b}`` for ``keys`` (order kept, duplicates dropped)."""
    unique = list(dict.fromkeys(keys))
    return f"\\{command}{{{','.join(unique)}}}"


def _verbatim(value: str) -> str:
    """A URL or identifier, percent-encoding what a verbatim field cannot hold."""
    value = value.strip()
    if not _VERBATIM_UNSAFE.search(value):
        return value
    return _VERBATIM_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), value)


def _plain_name(author: Author) -> str | None:
    """``Last, First`` / ``Last, Jr., First`` as raw text, or ``None`` when a
    part holds a comma, an "and" or odd spacing and must be protected alone."""
    parts = [p for p in (author.last, author.suffix, author.fore or author.initials) if p]
    raw = ", ".join(parts)
    if raw.count(",") != len(parts) - 1 or _has_and(raw) or _messy_space(raw):
        return None
    return raw


def _protected_name(author: Author, ascii_only: bool) -> str:
    parts = [" ".join(p.split()) for p in (author.last, author.suffix, author.fore or author.initials)]
    latex = []
    for part in parts:
        if part:
            escaped = escape_latex(part, ascii_only=ascii_only)
            latex.append("{" + escaped + "}" if "," in part or _AND.search(part) else escaped)
    return ", ".join(latex)


def _names(authors: Sequence[Author], ascii_only: bool) -> str:
    """The ``author``/``editor`` value; collective names brace-protected."""
    names: list[tuple[str, bool]] = []
    for author in authors:
        if author.collective:
            names.append((" ".join(author.collective.split()), True))
        elif author.last or author.fore or author.initials:
            raw = _plain_name(author)
            if raw is None:
                return _names_slowly(authors, ascii_only)
            names.append((raw, False))
    return escape_names(names, ascii_only=ascii_only)


def _names_slowly(authors: Sequence[Author], ascii_only: bool) -> str:
    latex = []
    for author in authors:
        if author.collective:
            latex.append("{" + escape_latex(" ".join(author.collective.split()), ascii_only=ascii_only) + "}")
        elif author.last or author.fore or author.initials:
            latex.append(_protected_name(author, ascii_only))
    return " and ".join(latex)


def _keyword_list(paper: Paper) -> list[str]:
    words = ["/".join([m.descriptor, *(q.name for q in m.qualifiers)]) for m in paper.mesh]
    words += paper.keywords
    return list(dict.fromkeys(w.strip() for w in words if w.strip()))


def _keywords(paper: Paper, ascii_only: bool) -> str:
    items = []
    for word in _keyword_list(paper):
        latex = escape_latex(" ".join(word.split()), ascii_only=ascii_only)
        items.append("{" + latex + "}" if "," in word else latex)
    return ", ".join(items)


def _abstract(paper: Paper, ascii_only: bool) -> str:
    sections = []
    for section in paper.abstract:
        text = markup_to_latex(section.html, ascii_only=ascii_only)
        if section.label:
            text = escape_latex(section.label, ascii_only=ascii_only) + ": " + text
        if text:
            sections.append(text)
    return "\n\n".join(sections)  # paragraphs, as in LaTeX


def _pages(pages: str, ascii_only: bool) -> str:
    full = full_page_range(" ".join(pages.split()))
    if _SIMPLE_PAGES.fullmatch(full):
        return full.replace("-", "--")
    return "--".join(escape_latex(p, ascii_only=ascii_only) for p in _HYPHENS.split(full))


_BIBTEX_TYPES = {kind: kind.value for kind in PaperKind} | {PaperKind.CHAPTER: "incollection"}
_BIBLATEX_TYPES = _BIBTEX_TYPES | {
    PaperKind.TECHREPORT: "report",
    PaperKind.PHDTHESIS: "thesis",
    PaperKind.MASTERSTHESIS: "thesis",
}
#: biblatex's ``type`` for the kinds that share one biblatex entry type.
_BIBLATEX_TYPE_KEYS = {
    PaperKind.TECHREPORT: "techreport",
    PaperKind.PHDTHESIS: "phdthesis",
    PaperKind.MASTERSTHESIS: "mathesis",
}
#: biblatex's ``type`` keys in words, for BibTeX styles, which print ``type`` as it is.
_TYPE_WORDS = {
    "techreport": "Technical report",
    "resreport": "Research report",
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "candthesis": "Candidate thesis",
}
#: Field names (alias -> name) written under the name the dialect's styles read.
_BIBLATEX_NAMES = {"address": "location", "school": "institution", "annote": "annotation", "hyphenation": "langid"}
_BIBTEX_NAMES = {"location": "address", "annotation": "annote"}
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_.:+-]*")
_PROCEEDINGS_OR_BOOK = (PaperKind.BOOK, PaperKind.PROCEEDINGS)


def _entry_type(paper: Paper, biblatex: bool, extras: dict[str, str]) -> str:
    if biblatex:
        if paper.kind == PaperKind.MISC and paper.url and "howpublished" not in extras:
            return "online"
        return _BIBLATEX_TYPES[paper.kind]
    return _BIBTEX_TYPES[paper.kind]


def _extra_fields(paper: Paper, biblatex: bool) -> dict[str, str]:
    """The paper's own further fields, under the names the dialect uses, with
    biblatex's ``type`` for reports and theses."""
    if not paper.extra_fields and not (biblatex and paper.kind in _BIBLATEX_TYPE_KEYS):
        return {}  # most papers (PubMed's): nothing to do
    extras: dict[str, str] = {}
    pmid_is_eprint = biblatex and paper.pmid is not None
    for name, value in paper.extra_fields:
        name = name.lower()
        if name in GENERATED_FIELDS or (pmid_is_eprint and name in EPRINT_FIELDS):
            continue
        if _FIELD_NAME.fullmatch(name):
            extras.setdefault(name, value)
    renames = dict(_BIBLATEX_NAMES if biblatex else _BIBTEX_NAMES)
    if paper.kind.is_thesis and not biblatex:
        renames["institution"] = "school"
    for alias, name in renames.items():
        if alias in extras and name not in extras:
            extras[name] = extras.pop(alias)
    if biblatex and paper.kind in _BIBLATEX_TYPE_KEYS:
        extras.setdefault("type", _BIBLATEX_TYPE_KEYS[paper.kind])
    elif not biblatex and extras.get("type", "").strip().lower() in _TYPE_WORDS:
        extras["type"] = _TYPE_WORDS[extras["type"].strip().lower()]
    return extras


def _title_and_booktitle(paper: Paper) -> tuple[str, str]:
    title = paper.title_markup or paper.title
    book = paper.book_title
    if paper.kind in _PROCEEDINGS_OR_BOOK:
        if not title:
            title, book = paper.book_title, ""
        elif book.strip() == paper.title.strip():
            book = ""
    return title, book


def _text(value: str, ascii_only: bool) -> str:
    if _messy_space(value):
        value = " ".join(value.split())
    return escape_latex(value, ascii_only=ascii_only)


def _date(paper: Paper) -> str:
    if not paper.year:
        return ""
    date = f"{paper.year:04d}"
    if paper.month and 1 <= paper.month <= 12:
        date += f"-{paper.month:02d}"
        if paper.day and 1 <= paper.day <= 31:
            date += f"-{paper.day:02d}"
    return date


def _fields(
    paper: Paper, extras: dict[str, str], biblatex: bool, ascii_only: bool, abstract: bool, keywords: bool
) -> list[Field]:
    """The fields of one entry, in RefDesk's fixed order, already enclosed."""
    pairs: list[tuple[str, str]] = []
    add = pairs.append
    if paper.authors:
        add(("author", _names(paper.authors, ascii_only)))
    if paper.editors:
        add(("editor", _names(paper.editors, ascii_only)))
    title, book = _title_and_booktitle(paper)
    if title:
        add(("title", markup_to_latex(title if paper.title_markup else _html(title), ascii_only=ascii_only, protect=True)))
    if book:
        add(("booktitle", markup_to_latex(_html(book), ascii_only=ascii_only, protect=True)))
    if paper.journal:
        add(("journaltitle" if biblatex else "journal", _text(paper.journal, ascii_only)))
    if paper.publisher:
        add(("publisher", _text(paper.publisher, ascii_only)))
    month_macro = ""
    if biblatex:
        date = _date(paper)
        if date:
            add(("date", date))
    elif paper.year:
        add(("year", str(paper.year)))
        if paper.month and 1 <= paper.month <= 12:
            month_macro = MONTH_MACROS[paper.month - 1]
    if paper.volume:
        add(("volume", _text(paper.volume, ascii_only)))
    if paper.issue:
        add(("number", _text(paper.issue, ascii_only)))
    if paper.pages:
        add(("pages", _pages(paper.pages, ascii_only)))
    if paper.doi:
        # As stored, less a doi:/resolver prefix: the export never drops a character.
        add(("doi", _verbatim(strip_doi_prefix(paper.doi)).lower()))
    if paper.pmid:
        if biblatex:
            add(("eprint", str(paper.pmid)))
            add(("eprinttype", "pubmed"))
        else:
            add(("pmid", str(paper.pmid)))
    if paper.pmcid:
        add(("pmcid", _text(paper.pmcid, ascii_only)))
    if paper.issn:
        add(("issn", _text(paper.issn, ascii_only)))
    if paper.url:
        add(("url", _verbatim(paper.url)))
    if paper.note:
        add(("note", _text(paper.note, ascii_only)))
    if abstract and paper.abstract:
        text = _abstract(paper, ascii_only)
        if text:
            add(("abstract", text))
    if keywords:
        text = _keywords(paper, ascii_only)
        if text:
            add(("keywords", text))
    for name, value in sorted(extras.items()):
        add((name, _verbatim(value) if name in VERBATIM_FIELDS else _text(value, ascii_only)))

    fields = [Field(name, "{" + value + "}") for name, value in pairs]
    if month_macro:
        # after year, where the standard styles expect it
        position = next(i for i, f in enumerate(fields) if f.key == "year") + 1
        fields.insert(position, Field("month", month_macro))
    return fields


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _check_key(key: str) -> str:
    if not key:
        raise ValueError("every exported paper needs a citation key; this one has none")
    if _BAD_KEY.search(key):
        raise ValueError(f"citation key {key!r} cannot be written to a .bib file")
    return key


def build_library(
    papers: Iterable[Paper],
    *,
    biblatex: bool = False,
    ascii: bool | None = None,
    abstract: bool = False,
    keywords: bool = False,
) -> Library:
    """A bibtexparser ``Library`` holding the papers' entries in final, written form."""
    ascii_only = (not biblatex) if ascii is None else ascii
    entries = []
    for paper in papers:
        key = _check_key(paper.citekey)
        extras = _extra_fields(paper, biblatex)
        fields = _fields(paper, extras, biblatex, ascii_only, abstract, keywords)
        entries.append(Entry(_entry_type(paper, biblatex, extras), key, fields))
    entries.sort(key=lambda e: e.key)
    try:
        return Library(entries)
    except ValueError:
        seen: set[str] = set()
        dupes = sorted({e.key for e in entries if e.key in seen or seen.add(e.key)})
        raise ValueError(f"citation keys used more than once: {', '.join(dupes)}") from None


def export_bibtex(
    papers: Iterable[Paper],
    *,
    biblatex: bool = False,
    ascii: bool | None = None,
    abstract: bool = False,
    keywords: bool = False,
) -> str:
    """BibTeX (or BibLaTeX) text for ``papers``.

    ``ascii`` chooses LaTeX macros (``True``) or UTF-8 (``False``) for
    non-ASCII text; ``None`` means macros for BibTeX and UTF-8 for BibLaTeX.
    ``abstract`` and ``keywords`` (MeSH headings + keywords) add those fields.
    Every paper must have a citation key; empty or duplicate keys raise
    ``ValueError``.
    """
    library = build_library(papers, biblatex=biblatex, ascii=ascii, abstract=abstract, keywords=keywords)
    if not library.blocks:
        return ""
    return bibtexparser.write_string(library, unparse_stack=[], bibtex_format=_FORMAT)
