"""Read MEDLINE text: PubMed's ``.nbib`` "send to citation manager" format.

A record is a run of ``TAG - value`` lines (the tag padded to four
characters), values wrapped onto continuation lines indented by six spaces.
Records are separated by blank lines and always start with ``PMID-``.
A record that cannot be read becomes a :class:`ParseProblem` carrying the
line where it starts; the other records are still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refdesk.dates import parse_pubmed_date
from refdesk.errors import FormatError
from refdesk.formats.text_decoding import first_content_line
from refdesk.model import (
    AbstractSection,
    Author,
    MeshHeading,
    MeshQualifier,
    Notice,
    Paper,
    PaperKind,
    ParsedFile,
    ParseProblem,
)

FORMAT = "medline"

# PubMed's CommentsCorrections RefType for each MEDLINE tag.
NOTICE_KINDS = {
    "CIN": "CommentIn",
    "CON": "CommentOn",
    "CRI": "CorrectedandRepublishedIn",
    "CRF": "CorrectedandRepublishedFrom",
    "ECI": "ExpressionOfConcernIn",
    "ECF": "ExpressionOfConcernFor",
    "EIN": "ErratumIn",
    "EFR": "ErratumFor",
    "RIN": "RetractionIn",
    "ROF": "RetractionOf",
    "RRI": "RetractedandRepublishedIn",
    "RRF": "RetractedandRepublishedFrom",
    "RPI": "RepublishedIn",
    "RPF": "RepublishedFrom",
    "UIN": "UpdateIn",
    "UOF": "UpdateOf",
    "SPIN": "SummaryForPatientsIn",
    "ORI": "OriginalReportIn",
}

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3}) {0,3}-(?: (.*)|\s*)$")
_CONTINUATION = re.compile(r"^\s+\S")
_NOTICE_PMID = re.compile(r"\.?\s*PMID:\s*(\d+)\s*\.?\s*$")
_SUBSTANCE = re.compile(r"^(?:EC [\d.n\-]+|\S+) \((.+)\)$")
_SUFFIXES = frozenset({"Jr", "Sr", "2nd", "3rd", "4th", "II", "III", "IV", "V", "VI"})

# Structured-abstract labels: ALL-CAPS words followed by ": ", at the start of
# the text or of a sentence.
_ABSTRACT_LABEL = re.compile(
    r"(?:^|(?<=[.?!)\]] ))([A-Z][A-Z'&/\-]*(?: (?:[A-Z][A-Z'&/\-]*|and|of|or))*): (?=\S)"
)
_UNLABELLED = frozenset({"UNLABELLED", "UNLABELED"})


@dataclass(slots=True)
class _Field:
    tag: str
    value: str
    line: int


@dataclass(slots=True)
class _Record:
    line: int
    fields: list[_Field] = field(default_factory=list)
    error: str = ""


def parse_medline(text: str, source: str = "") -> ParsedFile:
    """Read every record of MEDLINE ``text``; ``source`` names the file in messages.

    Raises :class:`FormatError` when the text is not MEDLINE at all.
    """
    records = _split_records(text, source)
    papers: list[Paper] = []
    problems: list[ParseProblem] = []
    for index, record in enumerate(records):
        is_last = index == len(records) - 1
        try:
            if record.error:
                raise FormatError(record.error)
            if is_last and _looks_truncated(record, records, text):
                raise FormatError(
                    "the file ends inside this record (no SO line): it looks truncated"
                    + _pmid_hint(record)
                )
            papers.append(_build_paper(record))
        except FormatError as exc:
            problems.append(ParseProblem(exc.reason, record.line, source))
    return ParsedFile(tuple(papers), tuple(problems), FORMAT)


def split_abstract(text: str) -> tuple[AbstractSection, ...]:
    """Split ``"PURPOSE: ... METHODS: ..."`` into labelled sections.

    Text before the first label becomes an unlabelled section; PubMed's
    ``UNLABELLED`` label becomes no label.
    """
    text = text.strip()
    if not text:
        return ()
    matches = list(_ABSTRACT_LABEL.finditer(text))
    matches = [m for m in matches if sum(ch.isalpha() for ch in m.group(1)) >= 3]
    if not matches:
        return (AbstractSection(text),)
    sections: list[AbstractSection] = []
    head = text[: matches[0].start()].strip()
    if head:
        sections.append(AbstractSection(head))
    for match, following in zip(matches, [*matches[1:], None]):
        end = following.start() if following else len(text)
        body = text[match.end() : end].strip()
        label = match.group(1)
        sections.append(AbstractSection(body, "" if label in _UNLABELLED else label))
    return tuple(sections)


def parse_mesh_heading(value: str) -> MeshHeading:
    """``"Brain/*physiology"`` -> descriptor ``Brain`` with a major qualifier."""
    descriptor, *qualifiers = (part.strip() for part in value.split("/"))
    return MeshHeading(
        descriptor=descriptor.lstrip("*"),
        major=descriptor.startswith("*"),
        qualifiers=tuple(
            MeshQualifier(q.lstrip("*"), major=q.startswith("*")) for q in qualifiers if q
        ),
    )


def substance_name(value: str) -> str:
    """``"0 (Interleukin-6)"`` or ``"EC 3.4.21.- (Serine Endopeptidases)"`` -> the name."""
    match = _SUBSTANCE.match(value.strip())
    return match.group(1).strip() if match else value.strip()


def parse_notice(tag: str, value: str) -> Notice:
    """A CIN/EIN/RIN ... line -> :class:`Notice`, with the PMID when one is given."""
    match = _NOTICE_PMID.search(value)
    pmid = int(match.group(1)) if match else None
    text = value[: match.start()].rstrip(" .") if match else value.strip()
    return Notice(NOTICE_KINDS[tag], text, pmid)


# -- splitting ---------------------------------------------------------------


def _split_records(text: str, source: str) -> list[_Record]:
    records: list[_Record] = []
    current: _Record | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            current = None
            continue
        tagged = _TAG_LINE.match(line)
        if tagged and not line.startswith(" "):
            tag, value = tagged.group(1), (tagged.group(2) or "").strip()
            if current is None or tag == "PMID" and current.fields:
                current = _Record(number)
                records.append(current)
            current.fields.append(_Field(tag, value, number))
        elif current is not None and _CONTINUATION.match(line) and current.fields:
            last = current.fields[-1]
            last.value = f"{last.value} {line.strip()}".strip() if last.value else line.strip()
        else:
            if current is None:
                current = _Record(number)
                records.append(current)
            if not current.error:
                current.error = f"line {number} is not a MEDLINE field: {line.strip()[:60]!r}"
    if not any(f.tag == "PMID" for record in records for f in record.fields):
        first = first_content_line(text)
        message = (
            "the file is empty"
            if first is None
            else "not a MEDLINE file: no record starts with a 'PMID- ' line"
        )
        raise FormatError(message, source=source, line=first)
    return records


def _looks_truncated(record: _Record, records: list[_Record], text: str) -> bool:
    """PubMed ends every record with ``SO``; a last record without one was cut off."""
    if any(f.tag == "SO" for f in record.fields):
        return False
    others_complete = len(records) > 1 and all(
        any(f.tag == "SO" for f in r.fields) for r in records[:-1]
    )
    return others_complete or not text.endswith(("\n", "\r"))


def _pmid_hint(record: _Record) -> str:
    pmid = next((f.value for f in record.fields if f.tag == "PMID"), "")
    return f" (PMID {pmid})" if pmid else ""


# -- building a paper ----------------------------------------------------------


@dataclass(slots=True)
class _PersonBuilder:
    last: str = ""
    fore: str = ""
    initials: str = ""
    suffix: str = ""
    collective: str = ""
    affiliations: list[str] = field(default_factory=list)
    orcid: str = ""
    has_au: bool = False
    has_fau: bool = False

    def build(self) -> Author:
        return Author(
            last=self.last,
            fore=self.fore,
            initials=self.initials,
            suffix=self.suffix,
            collective=self.collective,
            affiliations=tuple(self.affiliations),
            orcid=self.orcid,
        )


class _People:
    """Authors (or editors) as FAU/AU/CN/AD/AUID lines build them up."""

    def __init__(self) -> None:
        self.people: list[_PersonBuilder] = []
        self.pending_affiliations: list[str] = []

    @property
    def last(self) -> _PersonBuilder | None:
        return self.people[-1] if self.people else None

    def full_name(self, value: str) -> None:
        last, _, fore = value.partition(",")
        person = _PersonBuilder(last=last.strip(), fore=fore.strip(), has_fau=True)
        self._add(person)

    def short_name(self, value: str) -> None:
        current = self.last
        if current and current.has_fau and not current.has_au and not current.collective:
            current.has_au = True
            rest = value[len(current.last) :].split() if value.startswith(current.last) else []
            if rest:
                current.initials = rest[0]
                suffix = " ".join(rest[1:])
                if suffix:
                    current.suffix = suffix
                    if current.fore.endswith(" " + suffix):
                        current.fore = current.fore[: -len(suffix) - 1].strip()
            return
        tokens = value.split()
        suffix = ""
        if len(tokens) > 2 and tokens[-1] in _SUFFIXES:
            suffix = tokens.pop()
        initials = tokens.pop() if len(tokens) > 1 else ""
        self._add(_PersonBuilder(last=" ".join(tokens), initials=initials, suffix=suffix, has_au=True))

    def collective(self, value: str) -> None:
        self._add(_PersonBuilder(collective=value))

    def affiliation(self, value: str) -> None:
        if self.last is None:
            self.pending_affiliations.append(value)
        else:
            self.last.affiliations.append(value)

    def identifier(self, value: str) -> None:
        kind, _, ident = value.partition(":")
        if self.last is not None and kind.strip().upper() == "ORCID":
            ident = ident.strip().rstrip("/").rsplit("/", 1)[-1]
            self.last.orcid = ident

    def _add(self, person: _PersonBuilder) -> None:
        if not self.people and self.pending_affiliations:
            person.affiliations.extend(self.pending_affiliations)
            self.pending_affiliations.clear()
        self.people.append(person)

    def build(self) -> tuple[Author, ...]:
        return tuple(p.build() for p in self.people)


def _build_paper(record: _Record) -> Paper:
    values: dict[str, list[str]] = {}
    authors, editors = _People(), _People()
    people = authors
    notices: list[Notice] = []
    for item in record.fields:
        tag, value = item.tag, item.value
        values.setdefault(tag, []).append(value)
        if tag in ("FAU", "AU", "CN"):
            people = authors
        elif tag in ("FED", "ED"):
            people = editors
        if tag in ("FAU", "FED"):
            people.full_name(value)
        elif tag in ("AU", "ED"):
            people.short_name(value)
        elif tag == "CN":
            people.collective(value)
        elif tag == "AD":
            people.affiliation(value)
        elif tag == "AUID":
            people.identifier(value)
        elif tag in NOTICE_KINDS:
            notices.append(parse_notice(tag, value))

    def first(tag: str) -> str:
        return values.get(tag, [""])[0]

    pmid_text = first("PMID")
    if pmid_text and not pmid_text.isdigit():
        raise FormatError(f"the PMID is not a number: {pmid_text!r}")
    title, translated = _title(first("TI"))
    book_title = first("BTI")
    if not pmid_text and not (title or book_title):
        raise FormatError("the record has neither a PMID nor a title")
    kind = PaperKind.ARTICLE
    if book_title:
        kind = PaperKind.CHAPTER if title else PaperKind.BOOK
    date = first("DP")
    parts = parse_pubmed_date(date)
    extra = (("title_translated", "true"),) if translated else ()
    return Paper(
        title=title or book_title,
        pmid=int(pmid_text) if pmid_text else None,
        doi=_article_id(values, "doi"),
        pmcid=first("PMC"),
        vernacular_title=first("TT"),
        kind=kind,
        abstract=split_abstract(" ".join(values.get("AB", []))),
        authors=authors.build(),
        editors=editors.build(),
        journal=first("JT"),
        journal_iso=first("TA"),
        book_title=book_title if title else "",
        publisher=first("PB"),
        year=parts.year,
        month=parts.month,
        day=parts.day,
        date_text=date,
        volume=first("VI"),
        issue=first("IP"),
        pages=first("PG"),
        issn=_issn(first("IS")),
        language=first("LA"),
        publication_types=tuple(values.get("PT", [])),
        mesh=tuple(parse_mesh_heading(v) for v in values.get("MH", [])),
        keywords=tuple(v.lstrip("*").strip() for v in values.get("OT", []) if v.strip("* ")),
        substances=tuple(substance_name(v) for v in values.get("RN", [])),
        notices=tuple(notices),
        extra_fields=extra,
        source=FORMAT,
    )


def _title(value: str) -> tuple[str, bool]:
    """Strip the brackets PubMed puts around titles translated into English."""
    match = re.fullmatch(r"\[+(.*?)\]+(\.?)", value.strip())
    if match and match.group(1).count("[") == match.group(1).count("]"):
        return match.group(1).strip() + match.group(2), True
    return value.strip(), False


def _article_id(values: dict[str, list[str]], kind: str) -> str:
    for tag in ("LID", "AID"):
        for value in values.get(tag, []):
            ident, _, rest = value.rpartition(" ")
            if rest.lower() == f"[{kind}]":
                return ident.strip()
    return ""


def _issn(value: str) -> str:
    """``"1467-5463 (Print)"`` -> ``"1467-5463"``."""
    return value.split("(")[0].strip()
