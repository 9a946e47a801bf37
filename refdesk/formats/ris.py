"""Read and write RIS, the tagged format most reference managers exchange.

A record runs from ``TY  - `` to ``ER  - ``; every line in between is
``XX  - value``.  Lines without a tag continue the previous value.  A record
that is cut off (no ``ER``) or otherwise unreadable becomes a
:class:`ParseProblem` naming the line where it starts; the others are read.

Reference types: ``JOUR`` (and every type RefDesk has no kind for) is an
article, ``BOOK`` a book, ``CHAP`` a chapter, ``CPAPER`` and ``CONF`` a
conference paper (a ``CONF`` that names no proceedings in ``BT``/``T2`` is
the proceedings itself), ``RPRT`` a technical report, ``THES`` a PhD thesis
(a master's thesis when ``M3``, the type of work, says so), ``GEN``, ``ELEC``
and ``WEB`` misc (a manual when ``M3`` says "Manual"), ``UNPB`` unpublished
and ``PAMP`` a booklet.  ``PB`` is the institution of a report, the school of
a thesis and the organization of a manual.  Each kind is written back with
the type (and ``M3``) it is read from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from refdesk.dates import DateParts, format_pubmed_date, parse_slash_date
from refdesk.errors import FormatError
from refdesk.formats.medline import split_abstract
from refdesk.formats.text_decoding import first_content_line
from refdesk.identifiers import normalize_doi
from refdesk.model import (
    AbstractSection,
    Author,
    Paper,
    PaperKind,
    ParsedFile,
    ParseProblem,
)

FORMAT = "ris"

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$")
_PMID_VALUE = re.compile(r"^(\d+)\s*\[pmid\]$", re.IGNORECASE)
_PMCID_VALUE = re.compile(r"^(PMC\d+)(?:\s*\[pmcid\])?$", re.IGNORECASE)

_KINDS = {
    "BOOK": PaperKind.BOOK,
    "EBOOK": PaperKind.BOOK,
    "EDBOOK": PaperKind.BOOK,
    "CHAP": PaperKind.CHAPTER,
    "ECHAP": PaperKind.CHAPTER,
    "CONF": PaperKind.INPROCEEDINGS,  # a proceedings when it names no proceedings (BT/T2)
    "CPAPER": PaperKind.INPROCEEDINGS,
    "RPRT": PaperKind.TECHREPORT,
    "THES": PaperKind.PHDTHESIS,  # a master's thesis when M3 says so
    "GEN": PaperKind.MISC,  # a manual when M3 says so
    "ELEC": PaperKind.MISC,
    "WEB": PaperKind.MISC,
    "UNPB": PaperKind.UNPUBLISHED,
    "PAMP": PaperKind.BOOKLET,
}
_TYPES = {
    PaperKind.ARTICLE: "JOUR",
    PaperKind.BOOK: "BOOK",
    PaperKind.CHAPTER: "CHAP",
    PaperKind.INPROCEEDINGS: "CPAPER",
    PaperKind.PROCEEDINGS: "CONF",
    PaperKind.TECHREPORT: "RPRT",
    PaperKind.PHDTHESIS: "THES",
    PaperKind.MASTERSTHESIS: "THES",
    PaperKind.MANUAL: "GEN",
    PaperKind.BOOKLET: "PAMP",
    PaperKind.UNPUBLISHED: "UNPB",
    PaperKind.MISC: "GEN",
}
#: ``M3`` ("type of work") written for kinds that share a RIS type, read back into the kind.
_WORK_TYPES = {
    PaperKind.PHDTHESIS: "PhD thesis",
    PaperKind.MASTERSTHESIS: "Master's thesis",
    PaperKind.MANUAL: "Manual",
}
_STANDARD_WORK_TYPES = frozenset(
    {"phd thesis", "phdthesis", "master's thesis", "masters thesis", "mathesis", "manual", "technical report", "techreport"}
)
#: An ``M3`` thesis type that names a master's degree (``Diplomarbeit``, ``MSc thesis``).
_MASTERS_WORDS = re.compile(r"master|diplom|magist|\bm\.?\s?sc\b|\bm\.?\s?a\b|mathesis", re.IGNORECASE)
#: Kinds whose ``type`` (``Doctoral dissertation``, ``White paper`` ...) is RIS's ``M3``.
_TYPED_KINDS = (PaperKind.TECHREPORT, PaperKind.PHDTHESIS, PaperKind.MASTERSTHESIS)
#: Where the publisher (``PB``) of a kind goes among the ``extra_fields``: the
#: institution of a report, the school of a thesis, the organization of a manual.
_PUBLISHER_FIELDS = {
    PaperKind.TECHREPORT: ("institution",),
    PaperKind.PHDTHESIS: ("school", "institution"),
    PaperKind.MASTERSTHESIS: ("school", "institution"),
    PaperKind.MANUAL: ("organization",),
}
_KNOWN_TYPES = frozenset(
    ["ABST", "ADVS", "AGGR", "ANCIENT", "ART", "BILL", "BLOG", "BOOK", "CASE", "CHAP", "CHART", "CLSWK", "COMP", "CONF", "CPAPER", "CTLG", "DATA", "DBASE", "DICT", "EBOOK", "ECHAP", "EDBOOK", "EJOUR", "ELEC", "ENCYC", "EQUA", "FIGURE", "GEN", "GOVDOC", "GRANT", "HEAR", "ICOMM", "INPR", "JFULL", "JOUR", "LEGAL", "MANSCPT", "MAP", "MGZN", "MPCT", "MULTI", "MUSIC", "NEWS", "PAMP", "PAT", "PCOMM", "RPRT", "SER", "SLIDE", "SOUND", "STAND", "STAT", "THES", "UNBILL", "UNPB", "VIDEO", "WEB"]
)
_HISTORY_QUALIFIERS = frozenset({"received", "revised", "accepted", "aheadofprint", "epublish"})


@dataclass(slots=True)
class _Record:
    line: int
    fields: list[tuple[str, str]] = field(default_factory=list)
    closed: bool = False


def parse_ris(text: str, source: str = "") -> ParsedFile:
    """Read every record of RIS ``text``; ``source`` names the file in messages.

    Raises :class:`FormatError` when the text holds no RIS record at all.
    """
    records, problems = _split_records(text, source)
    papers: list[Paper] = []
    for record in records:
        if not record.closed:
            problems.append(
                ParseProblem(
                    "the record has no 'ER  - ' end line: the file looks truncated"
                    + _title_hint(record),
                    record.line,
                    source,
                )
            )
            continue
        try:
            papers.append(_build_paper(record))
        except FormatError as exc:
            problems.append(ParseProblem(exc.reason, record.line, source))
    problems.sort(key=lambda p: p.line or 0)
    return ParsedFile(tuple(papers), tuple(problems), FORMAT)


def parse_ris_name(value: str) -> Author:
    """``"Family, Given, Suffix"`` (spaces optional) -> :class:`Author`.

    A name without a comma is taken as a collective (corporate) author;
    ``"Family,"`` is a person known by family name only.
    """
    value = value.strip()
    if "," not in value:
        return Author(collective=value)
    parts = [p.strip() for p in value.split(",")]
    last, fore = parts[0], parts[1] if len(parts) > 1 else ""
    suffix = ", ".join(p for p in parts[2:] if p)
    return Author(last=last, fore=fore, initials=initials_of(fore), suffix=suffix)


def initials_of(fore: str) -> str:
    """``"Sang In"`` -> ``"SI"``, ``"J. J."`` -> ``"JJ"``, ``"Ji-Hei"`` -> ``"JH"``, ``"CR"`` -> ``"CR"``."""
    initials = []
    for token in re.split(r"[\s.]+", fore):
        if not token:
            continue
        if token.isupper() and len(token) <= 3 and token.isalpha():
            initials.append(token)
        else:
            initials.extend(part[0].upper() for part in token.split("-") if part)
    return "".join(initials)


def write_ris(papers: Iterable[Paper]) -> str:
    """RIS text for ``papers``, one record each, readable by :func:`parse_ris`."""
    return "".join(_write_record(paper) for paper in papers)


# -- reading -------------------------------------------------------------------


def _split_records(text: str, source: str) -> tuple[list[_Record], list[ParseProblem]]:
    records: list[_Record] = []
    problems: list[ParseProblem] = []
    current: _Record | None = None
    saw_type = False
    stray_line: int | None = None
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        tagged = _TAG_LINE.match(line)
        tag, value = (tagged.group(1), (tagged.group(2) or "").strip()) if tagged else ("", "")
        if tag == "TY":
            saw_type = True
            current = _Record(number)
            records.append(current)
            current.fields.append((tag, value))
        elif current is None:
            if stray_line is None:
                stray_line = number
                if saw_type:
                    problems.append(
                        ParseProblem(
                            f"text outside a record (no 'TY  - ' line before it): "
                            f"{line.strip()[:60]!r}",
                            number,
                            source,
                        )
                    )
        elif tag == "ER":
            current.closed = True
            current = None
            stray_line = None
        elif tagged:
            current.fields.append((tag, value))
        elif current.fields:
            last_tag, last_value = current.fields[-1]
            current.fields[-1] = (last_tag, f"{last_value} {line.strip()}".strip())
    if not saw_type:
        first = first_content_line(text)
        message = (
            "the file is empty"
            if first is None
            else "not a RIS file: no 'TY  - ' line starts a record"
        )
        raise FormatError(message, source=source, line=first)
    return records, problems


def _title_hint(record: _Record) -> str:
    title = next((v for t, v in record.fields if t in ("TI", "T1") and v), "")
    return f" ({title[:60]})" if title else ""


def _build_paper(record: _Record) -> Paper:
    values: dict[str, list[str]] = {}
    for tag, value in record.fields:
        if value:
            values.setdefault(tag, []).append(value)

    def first(*tags: str) -> str:
        for tag in tags:
            if tag in values:
                return values[tag][0]
        return ""

    ris_type = first("TY").upper()
    if ris_type not in _KNOWN_TYPES:
        raise FormatError(f"unknown RIS reference type {ris_type!r}")
    kind = _KINDS.get(ris_type, PaperKind.ARTICLE)
    title = first("TI", "T1", "CT")
    secondary = first("T2")
    work_type = first("M3") if not normalize_doi(first("M3")) else ""
    if ris_type == "CONF" and not first("BT", "T2"):
        kind = PaperKind.PROCEEDINGS
    elif kind is PaperKind.PHDTHESIS and _MASTERS_WORDS.search(work_type):
        kind = PaperKind.MASTERSTHESIS
    elif kind is PaperKind.MISC and work_type.lower() == "manual":
        kind = PaperKind.MANUAL
    extra: list[tuple[str, str]] = []
    if kind in _TYPED_KINDS and work_type and work_type.lower() not in _STANDARD_WORK_TYPES:
        extra.append(("type", work_type))
    publisher = first("PB")
    if kind in _PUBLISHER_FIELDS and publisher:
        extra.append((_PUBLISHER_FIELDS[kind][0], publisher))
        publisher = ""
    if kind is PaperKind.ARTICLE:
        full, abbreviated = first("JF", "T2"), first("J2", "JA", "JO", "J1")
        # Some exporters put the full name in JO: with no JF/T2 it is the journal.
        journal, journal_iso = (full, abbreviated) if full else (abbreviated, "")
        book_title = ""
    else:
        journal = journal_iso = ""
        in_book = kind in (PaperKind.CHAPTER, PaperKind.INPROCEEDINGS)
        book_title = first("BT", "T2") if in_book else ""
    if kind in (PaperKind.BOOK, PaperKind.PROCEEDINGS) and not title:
        title = first("BT", "T2")
    if not title and not secondary and not values.get("AU") and not values.get("A1"):
        raise FormatError("the record has no title and no authors")
    date = _publication_date(values)
    pages = _pages(first("SP"), first("EP"))
    pmid, pmcid = _identifiers(values)
    abstract: list[AbstractSection] = []
    for paragraph in values.get("AB", []) or values.get("N2", []):
        abstract.extend(split_abstract(paragraph))
    doi = normalize_doi(first("DO"))
    if not doi:
        doi = next(
            (normalize_doi(v) for t in ("M3", "N1") for v in values.get(t, []) if normalize_doi(v)),
            "",
        )
    url = first("UR")
    if url.startswith("//"):
        url = "https:" + url
    return Paper(
        title=title,
        pmid=pmid,
        doi=doi,
        pmcid=pmcid,
        kind=kind,
        abstract=tuple(abstract),
        authors=tuple(parse_ris_name(v) for t in ("AU", "A1") for v in values.get(t, [])),
        editors=tuple(parse_ris_name(v) for t in ("A2", "ED") for v in values.get(t, []))
        if kind is not PaperKind.ARTICLE
        else (),
        journal=journal,
        journal_iso=journal_iso,
        book_title=book_title,
        publisher=publisher,
        year=date.year,
        month=date.month,
        day=date.day,
        date_text=format_pubmed_date(date),
        volume=first("VL"),
        issue=first("IS"),
        pages=pages,
        issn=first("SN").split("(")[0].strip(),
        language=first("LA"),
        keywords=tuple(values.get("KW", [])),
        url=url,
        note="\n".join(values.get("N1", [])),
        extra_fields=tuple(sorted(extra)),
        source=FORMAT,
    )


def _publication_date(values: dict[str, list[str]]) -> DateParts:
    """The publication date: PY, then Y1, then DA; history dates (``/received``) last."""
    plain: list[DateParts] = []
    history: list[DateParts] = []
    for tag in ("PY", "Y1", "DA"):
        for value in values.get(tag, []):
            parts = parse_slash_date(value)
            if parts is None:
                continue
            qualifier = value.split("/")[3].strip().lower() if value.count("/") >= 3 else ""
            (history if qualifier in _HISTORY_QUALIFIERS else plain).append(parts)
    candidates = plain or history
    if not candidates:
        return DateParts()
    best = candidates[0]
    if best.month is None:
        # "PY - 2005" with "DA - 2005/07/15": take the month and day from the same year.
        for other in candidates[1:]:
            if other.year == best.year and other.month:
                return other
    return best


def _pages(start: str, end: str) -> str:
    if start and end and end != start and "-" not in start:
        return f"{start}-{end}"
    return start or end


def _identifiers(values: dict[str, list[str]]) -> tuple[int | None, str]:
    pmid: int | None = None
    pmcid = ""
    database = " ".join(values.get("DB", [])).lower()
    for tag in ("U1", "U2", "C2", "AN", "M2"):
        for value in values.get(tag, []):
            if match := _PMID_VALUE.match(value):
                pmid = pmid or int(match.group(1))
            elif match := _PMCID_VALUE.match(value):
                pmcid = pmcid or match.group(1).upper()
            elif tag == "AN" and value.isdigit() and "pubmed" in database:
                pmid = pmid or int(value)
    return pmid, pmcid


# -- writing -------------------------------------------------------------------


def _write_record(paper: Paper) -> str:
    lines: list[tuple[str, str]] = [("TY", _TYPES.get(paper.kind, "JOUR"))]
    proceedings = paper.kind is PaperKind.PROCEEDINGS  # a CONF record with a T2 is a paper in one
    lines.append(("TI", (paper.title or paper.book_title) if proceedings else paper.title))
    lines += [("AU", _ris_name(a)) for a in paper.authors]
    lines += [("A2", _ris_name(a)) for a in paper.editors]
    if paper.year:
        month = f"{paper.month:02d}" if paper.month else ""
        day = f"{paper.day:02d}" if paper.month and paper.day else ""
        lines.append(("PY", f"{paper.year:04d}/{month}/{day}/"))
    if paper.kind is PaperKind.ARTICLE:
        lines.append(("T2", paper.journal or paper.journal_iso))
        if paper.journal:
            lines.append(("J2", paper.journal_iso))
    else:
        lines.append(("T2", "" if proceedings else paper.book_title))
    extra = dict(paper.extra_fields)
    work_type = extra.get("type", "") if paper.kind in _TYPED_KINDS else ""
    lines.append(("M3", work_type or _WORK_TYPES.get(paper.kind, "")))
    publisher = next((extra[n] for n in _PUBLISHER_FIELDS.get(paper.kind, ()) if extra.get(n, "").strip()), "")
    start, _, end = paper.pages.partition("-")
    lines += [("VL", paper.volume), ("IS", paper.issue), ("SP", start), ("EP", end)]
    lines += [("SN", paper.issn), ("PB", publisher or paper.publisher), ("LA", paper.language)]
    lines += [("DO", paper.doi), ("UR", paper.url)]
    if paper.pmid:
        lines.append(("U1", f"{paper.pmid}[pmid]"))
    if paper.pmcid:
        lines.append(("U2", f"{paper.pmcid}[pmcid]"))
    lines += [("KW", k) for k in paper.keywords]
    lines += [
        ("AB", f"{s.label}: {s.text}" if s.label else s.text) for s in paper.abstract
    ]
    lines += [("N1", n) for n in paper.note.splitlines()]
    body = "".join(
        f"{tag}  - {_one_line(value)}\n" for tag, value in lines if _one_line(value)
    )
    return body + "ER  - \n\n"


def _ris_name(author: Author) -> str:
    if author.collective:
        return author.collective
    given = author.fore or author.initials
    if not given and not author.suffix:
        return f"{author.last},"
    return ", ".join((author.last, given, author.suffix)).rstrip(", ")


def _one_line(value: str) -> str:
    return " ".join(value.split())
