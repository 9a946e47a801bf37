"""BibTeX/BibLaTeX text -> Papers.

bibtexparser v2 splits the file into blocks; everything after that is done
here, because BibTeX's own rules are needed:

* ``@string`` macros are expanded in file order, case-insensitively, also
  inside ``#`` concatenations and inside other macros; the month macros
  ``jan`` ... ``dec`` are predefined; an unknown macro is kept as its name.
* ``crossref`` and ``xdata`` inherit missing fields from the parent entry (a
  parent's ``title`` becomes the child's ``booktitle``, as biblatex does).
  ``@xdata`` and ``@set`` entries are containers, not papers, and are not
  imported.
* Title, names, journal, abstract and other text fields are decoded from
  LaTeX to Unicode; ``\\textit{}`` and friends become ``title_markup``.
* An abstract's paragraphs (separated by blank lines) become its sections.
* Names are split with bibtexparser's BibTeX name splitting (``von Last, Jr,
  First``); a name written as one braced group (``{World Health
  Organization}``) is a collective author.
* The entry type gives the :class:`PaperKind`, aliases included:
  ``@conference`` is an inproceedings, biblatex's ``@report`` a techreport,
  ``@thesis`` a phdthesis unless its ``type`` names a master's thesis
  (``mathesis``, "Master's thesis", "Diplomarbeit" ...), ``@online``,
  ``@www`` and ``@electronic`` are misc (their ``url`` kept); every part of
  a book (``@incollection``, ``@inbook`` ...) is a chapter and every whole
  book or collection a book.  A ``type`` that only names the kind (biblatex's
  ``type = {phdthesis}``) is not kept; any other ``type`` is.
* The entry key is kept and pinned (``citekey_pinned=True``).
* Fields RefDesk has no place for go to ``extra_fields`` (sorted), decoded
  to Unicode -- except verbatim ones such as ``file`` or ``url``-like fields,
  which are kept as written.
* Blocks bibtexparser cannot read, duplicate keys and entries with a field
  given twice are reported as :class:`ParseProblem` with their line; the
  other entries are imported.

The function takes ``str``; decoding bytes (BOM, Latin-1 ...) is the caller's
job, but a leading BOM in the string is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ParsingFailedBlock

from refdesk.dates import MONTH_ABBREVIATIONS, month_number
from refdesk.formats.latex import latex_to_markup, latex_to_unicode
from refdesk.model import AbstractSection, Author, ParsedFile, ParseProblem, Paper, PaperKind

__all__ = ["parse_bibtex", "FORMAT"]

FORMAT = "bibtex"

_MONTHS = tuple(name.lower() for name in MONTH_ABBREVIATIONS)  # BibTeX's month macros
_MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)

_BOOK_TYPES = frozenset({"book", "mvbook", "collection", "mvcollection", "reference", "mvreference"})
_CHAPTER_TYPES = frozenset({"incollection", "inbook", "bookinbook", "suppbook", "suppcollection", "inreference"})
#: Entry types (BibTeX's, biblatex's and their aliases) with a kind of their own.
_TYPE_KINDS = {
    "article": PaperKind.ARTICLE,
    "suppperiodical": PaperKind.ARTICLE,
    "inproceedings": PaperKind.INPROCEEDINGS,
    "conference": PaperKind.INPROCEEDINGS,
    "proceedings": PaperKind.PROCEEDINGS,
    "mvproceedings": PaperKind.PROCEEDINGS,
    "techreport": PaperKind.TECHREPORT,
    "report": PaperKind.TECHREPORT,
    "phdthesis": PaperKind.PHDTHESIS,
    "thesis": PaperKind.PHDTHESIS,  # unless its type says otherwise
    "mastersthesis": PaperKind.MASTERSTHESIS,
    "manual": PaperKind.MANUAL,
    "booklet": PaperKind.BOOKLET,
    "unpublished": PaperKind.UNPUBLISHED,
    "misc": PaperKind.MISC,
    "online": PaperKind.MISC,
    "electronic": PaperKind.MISC,
    "www": PaperKind.MISC,
}
#: ``type`` values that only name the kind (biblatex's keys, as in ``@thesis{.., type = {phdthesis}}``);
#: they are read into the kind, not kept.
_TYPE_KEYS = {
    PaperKind.PHDTHESIS: frozenset({"phdthesis"}),
    PaperKind.MASTERSTHESIS: frozenset({"mathesis", "mastersthesis", "masterthesis"}),
    PaperKind.TECHREPORT: frozenset({"techreport"}),
}
#: A ``type`` of an ``@thesis`` in words that names a master's degree (``Diplomarbeit``, ``MSc thesis``).
_MASTERS_WORDS = re.compile(r"master|diplom|magist|\bm\.?\s?sc\b|\bm\.?\s?a\b", re.IGNORECASE)
_NOT_PAPERS = frozenset({"xdata", "set"})

#: Fields kept exactly as written (paths, URLs, identifiers).
_VERBATIM = re.compile(r"^(?:url|doi|eprint|file|pdf|urldate|bdsk-url-\d+|bdsk-file-\d+|local-url)$")
#: Fields consumed into Paper attributes (never copied to extra_fields).
_CONSUMED = frozenset(
    """author editor title booktitle journal journaltitle shortjournal publisher year month day date
    volume number pages doi pmid pmcid issn abstract keywords url note crossref xdata""".split()
)
_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_YEAR = re.compile(r"\d{4}")
_PMID = re.compile(r"\d{1,9}")
_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.:+-]*")


# -- values ------------------------------------------------------------------


def _read_braced(value: str, start: int) -> int:
    """Index just after the brace group opening at ``start``."""
    depth = 0
    i = start
    while i < len(value):
        char = value[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(value)


def _read_quoted(value: str, start: int) -> int:
    """Index just after the quoted string opening at ``start`` (quotes in braces don't count)."""
    depth = 0
    i = start + 1
    while i < len(value):
        char = value[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth <= 0:
            return i + 1
        i += 1
    return len(value)


def _evaluate(raw: str, strings: dict[str, str]) -> str:
    """The value of a raw BibTeX value expression: ``{..}``, ``".."``, numbers,
    macros, joined with ``#``."""
    raw = raw.strip()
    parts: list[str] = []
    i = 0
    while i < len(raw):
        char = raw[i]
        if char.isspace() or char == "#":
            i += 1
        elif char == "{":
            end = _read_braced(raw, i)
            parts.append(raw[i + 1 : end - 1])
            i = end
        elif char == '"':
            end = _read_quoted(raw, i)
            parts.append(raw[i + 1 : end - 1])
            i = end
        else:
            end = i
            while end < len(raw) and not raw[end].isspace() and raw[end] != "#":
                end += 1
            word = raw[i:end]
            parts.append(strings.get(word.lower(), word))
            i = end
    return "".join(parts)


# -- names -------------------------------------------------------------------


def _is_one_group(name: str) -> bool:
    return name.startswith("{") and name.endswith("}") and _read_braced(name, 0) == len(name)


def _extended_name(name: str) -> Author | None:
    """biblatex's ``family=..., given=...`` name syntax."""
    if "=" not in name:
        return None
    parts: dict[str, str] = {}
    for item in re.split(r",\s*(?=[a-z-]+\s*=)", name):
        key, sep, value = item.partition("=")
        if not sep:
            return None
        value = value.strip()
        if value.startswith('"') and value.endswith('"'):
            value = value[1:-1]
        parts[key.strip().lower()] = latex_to_unicode(value)
    if "family" not in parts and "given" not in parts:
        return None
    last = " ".join(p for p in (parts.get("prefix", ""), parts.get("family", "")) if p)
    return Author(last=last, fore=parts.get("given", ""), suffix=parts.get("suffix", ""))


def _author(name: str) -> Author | None:
    name = " ".join(name.split())
    if not name or name.lower() == "others":
        return None
    if _is_one_group(name):
        return Author(collective=latex_to_unicode(name[1:-1]))
    extended = _extended_name(name)
    if extended is not None:
        return extended
    parts = parse_single_name_into_parts(name, strict=False)
    last = latex_to_unicode(" ".join(parts.von + parts.last))
    fore = latex_to_unicode(" ".join(parts.first))
    suffix = latex_to_unicode(" ".join(parts.jr))
    if not last and fore:
        last, fore = fore, ""
    return Author(last=last, fore=fore, suffix=suffix)


def _authors(value: str) -> tuple[Author, ...]:
    authors = (_author(n) for n in split_multiple_persons_names(value))
    return tuple(a for a in authors if a is not None)


# -- fields --------------------------------------------------------------------


def _month(value: str) -> int | None:
    text = latex_to_unicode(value).strip().lower()
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return month_number(text[:3])  # "jan", "January", "janv." ...


def _int(value: str, pattern: re.Pattern[str]) -> int | None:
    match = pattern.search(value)
    return int(match.group()) if match else None


def _split_top_level(value: str, separators: str) -> list[str]:
    """Split at separators outside braces."""
    items, depth, start = [], 0, 0
    for i, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char in separators and depth == 0:
            items.append(value[start:i])
            start = i + 1
    items.append(value[start:])
    return items


def _keywords(value: str) -> tuple[str, ...]:
    separators = ";" if ";" in value and "," not in value else ","
    words = (latex_to_unicode(w) for w in _split_top_level(value, separators))
    return tuple(dict.fromkeys(w for w in words if w))


def _abstract(value: str) -> tuple[AbstractSection, ...]:
    sections = []
    for paragraph in re.split(r"\n[ \t]*\n\s*", value.strip()):
        text, markup = latex_to_markup(paragraph)
        if text:
            sections.append(AbstractSection(text=text, markup=markup))
    return tuple(sections)


def _doi(value: str) -> str:
    value = value.replace("\\_", "_").replace("\\%", "%").replace("\\&", "&").replace("\\#", "#")
    return _DOI_PREFIX.sub("", value).strip().lower()


def _pages(value: str) -> str:
    text = latex_to_unicode(value.replace("---", "-").replace("--", "-"))
    return re.sub(r"\s*[\u2013\u2014]\s*", "-", text)


def _kind(entry_type: str, fields: dict[str, str]) -> tuple[PaperKind, bool]:
    """The kind of an entry, and whether its ``type`` field only named that kind.

    Types RefDesk has no kind for (``@patent``, ``@software``, ``@dataset``,
    ``@periodical`` ...) are articles when they name a journal, else misc.
    """
    if entry_type in _BOOK_TYPES:
        return PaperKind.BOOK, False
    if entry_type in _CHAPTER_TYPES:
        return PaperKind.CHAPTER, False
    kind = _TYPE_KINDS.get(entry_type)
    if kind is None:
        kind = PaperKind.ARTICLE if fields.get("journal", fields.get("journaltitle", "")).strip() else PaperKind.MISC
    type_value = latex_to_unicode(fields.get("type", "")).strip()
    masters = type_value.lower() in _TYPE_KEYS[PaperKind.MASTERSTHESIS] or _MASTERS_WORDS.search(type_value)
    if entry_type == "thesis" and masters:
        kind = PaperKind.MASTERSTHESIS
    return kind, type_value.lower() in _TYPE_KEYS.get(kind, ())


def _paper(entry_type: str, key: str, fields: dict[str, str]) -> Paper:
    get = fields.get
    kind, type_is_kind = _kind(entry_type, fields)
    title, title_markup = latex_to_markup(get("title", ""))
    year = month = day = None
    date = get("date", "")
    match = _DATE.match(date) if date else None
    if match:
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
    if "year" in fields:
        year = _int(fields["year"], _YEAR) or year
    if "month" in fields:
        month = _month(fields["month"]) or month
    if "day" in fields and (day_value := _int(fields["day"], re.compile(r"\d{1,2}"))):
        day = day_value if 1 <= day_value <= 31 else day
    if month is not None and not 1 <= month <= 12:
        month = None

    extra: dict[str, str] = {}
    pmid = _int(get("pmid", ""), _PMID)
    pmcid = latex_to_unicode(get("pmcid", ""))
    eprinttype = get("eprinttype", get("archiveprefix", "")).strip().lower()
    if "eprint" in fields and eprinttype == "pubmed" and pmid is None:
        pmid = _int(fields["eprint"], _PMID)
    elif "eprint" in fields and eprinttype == "pmc" and not pmcid:
        pmcid = fields["eprint"].strip()
    else:
        for name in ("eprint", "eprinttype", "archiveprefix"):
            if name in fields:
                extra[name] = fields[name].strip()
    consumed = _CONSUMED | {"eprint", "eprinttype", "archiveprefix"} | ({"type"} if type_is_kind else set())
    for name, value in fields.items():
        if name in consumed or not _FIELD_NAME.fullmatch(name):
            continue
        extra[name] = value.strip() if _VERBATIM.match(name) else latex_to_unicode(value)

    journal = get("journal", get("journaltitle", ""))
    return Paper(
        title=title,
        title_markup=title_markup,
        pmid=pmid,
        doi=_doi(get("doi", "")),
        pmcid=pmcid,
        kind=kind,
        abstract=_abstract(get("abstract", "")),
        authors=_authors(get("author", "")),
        editors=_authors(get("editor", "")),
        journal=latex_to_unicode(journal),
        journal_iso=latex_to_unicode(get("shortjournal", "")),
        book_title=latex_to_unicode(get("booktitle", "")),
        publisher=latex_to_unicode(get("publisher", "")),
        year=year,
        month=month,
        day=day,
        volume=latex_to_unicode(get("volume", "")),
        issue=latex_to_unicode(get("number", "")),
        pages=_pages(get("pages", "")),
        issn=latex_to_unicode(get("issn", "")),
        keywords=_keywords(get("keywords", "")),
        url=get("url", "").strip(),
        note=latex_to_unicode(get("note", "")),
        extra_fields=tuple(sorted((k, v) for k, v in extra.items() if v)),
        citekey=key,
        citekey_pinned=True,
        source=FORMAT,
    )


# -- inheritance ---------------------------------------------------------------


def _inherit(child: dict[str, str], parent: dict[str, str], *, crossref: bool) -> None:
    for name, value in parent.items():
        if name in ("crossref", "xdata", "ids", "entryset", "related"):
            continue
        if crossref and name == "title":
            child.setdefault("booktitle", value)
        elif crossref and name in ("shorttitle", "subtitle", "titleaddon"):
            continue
        else:
            child.setdefault(name, value)


def _resolve(entries: dict[str, tuple[str, dict[str, str]]]) -> None:
    """Fill inherited fields from ``xdata`` and ``crossref`` parents (one level,
    then the parent's own parents, guarding against cycles)."""
    by_folded = {key.casefold(): key for key in entries}
    for key, (_type, fields) in entries.items():  # biblatex's "ids" aliases
        for alias in _split_top_level(fields.get("ids", ""), ","):
            by_folded.setdefault(alias.strip().casefold(), key)

    def parent_fields(ref: str) -> dict[str, str] | None:
        key = ref.strip()
        key = key if key in entries else by_folded.get(key.casefold(), "")
        return entries[key][1] if key else None

    for _ in range(3):  # chains: child -> parent -> grandparent
        for _type, fields in entries.values():
            for ref in _split_top_level(fields.get("xdata", ""), ","):
                parent = parent_fields(ref) if ref.strip() else None
                if parent is not None and parent is not fields:
                    _inherit(fields, parent, crossref=False)
            ref = fields.get("crossref", "")
            parent = parent_fields(ref) if ref.strip() else None
            if parent is not None and parent is not fields:
                _inherit(fields, parent, crossref=True)


# -- entry point ---------------------------------------------------------------


def _line(block: object) -> int | None:
    start = getattr(block, "start_line", None)
    return start + 1 if isinstance(start, int) else None


def _problem(block: ParsingFailedBlock, source: str) -> ParseProblem:
    if isinstance(block, DuplicateBlockKeyBlock):
        message = f"the key {block.key!r} is used by an earlier entry; this entry was not imported"
    elif isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        message = f"an entry gives the field(s) {fields} twice; it was not imported"
    else:
        raw = (block.raw or "").strip().splitlines()
        start = raw[0][:60] if raw else ""
        message = f"could not read this block ({block.error}): {start}"
    return ParseProblem(message, _line(block), source)


def _strings(blocks: Iterable[object]) -> dict[str, str]:
    strings = {m: name for m, name in zip(_MONTHS, _MONTH_NAMES)}
    for block in blocks:
        if isinstance(block, bibtexparser.model.String):
            strings[block.key.lower()] = _evaluate(block.value, strings)
    return strings


def _blank_comment_lines(text: str) -> str:
    """Blank ``%`` lines outside entries (biber's comments), keeping line numbers.

    Plain BibTeX ignores ``%`` but also everything outside entries, so the
    only difference is for commented-out entries such as ``%@book{x, ...``,
    which are meant to be skipped.
    """
    if "%" not in text:
        return text
    lines = text.split("\n")
    depth = 0
    for number, line in enumerate(lines):
        if depth == 0 and line.lstrip().startswith("%"):
            lines[number] = ""
            continue
        previous = ""
        for char in line:
            if previous != "\\":
                if char == "{":
                    depth += 1
                elif char == "}":
                    depth = max(depth - 1, 0)
            previous = char
    return "\n".join(lines)


def parse_bibtex(text: str, source: str = "") -> ParsedFile:
    """Read every entry of BibTeX/BibLaTeX ``text``; ``source`` names the file in problems."""
    text = _blank_comment_lines(text.lstrip("\ufeff"))
    library = bibtexparser.parse_string(text, parse_stack=[])
    strings = _strings(library.blocks)
    problems: list[ParseProblem] = []
    entries: dict[str, tuple[str, dict[str, str]]] = {}
    order: list[str] = []
    lines: dict[str, int | None] = {}
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            problems.append(_problem(block, source))
            continue
        if not isinstance(block, Entry):
            continue
        fields: dict[str, str] = {}
        for field in block.fields:
            name = field.key.strip().lower()
            if name in fields:
                problems.append(ParseProblem(f"entry {block.key!r} gives the field {name} twice; the first is used", _line(block), source))
                continue
            fields[name] = _evaluate(field.value, strings)
        entries[block.key] = (block.entry_type.lower(), fields)
        order.append(block.key)
        lines[block.key] = _line(block)
    _resolve(entries)
    records = []
    for key in order:
        entry_type, fields = entries[key]
        if entry_type in _NOT_PAPERS:
            continue
        try:
            records.append(_paper(entry_type, key, fields))
        except Exception as exc:  # noqa: BLE001 - one bad entry must not stop the import
            problems.append(ParseProblem(f"entry {key!r} could not be read: {exc}", lines[key], source))
    problems.sort(key=lambda p: p.line or 0)
    return ParsedFile(records=tuple(records), problems=tuple(problems), format=FORMAT)
