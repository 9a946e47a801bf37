"""Tell which citation format a file holds, from its content first.

The extension is only a tie-breaker for content that looks like none of the
formats, so that a ``.nbib`` file with a damaged start still reaches the
MEDLINE parser (which then says what is wrong, and where).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from refdesk.errors import FormatError
from refdesk.formats.text_decoding import decode_bytes

MEDLINE = "medline"
PUBMED_PAGE = "pubmed_page"
RIS = "ris"
BIBTEX = "bibtex"

FORMATS = (MEDLINE, PUBMED_PAGE, RIS, BIBTEX)

_EXTENSIONS = {
    ".nbib": MEDLINE,
    ".medline": MEDLINE,
    ".ris": RIS,
    ".bib": BIBTEX,
    ".bibtex": BIBTEX,
    ".biblatex": BIBTEX,
}

_LOOK_AT = 200  # lines: enough to get past headers, comments and blank lines

_MEDLINE_START = re.compile(r"^PMID- ?\d+\s*$")
_MEDLINE_TAG = re.compile(r"^[A-Z][A-Z0-9]{1,3} {0,2}- ")
_RIS_TYPE = re.compile(r"^TY {1,2}- ?\S")
_RIS_END = re.compile(r"^ER {1,2}-")
_BIBTEX_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")
_PAGE_PMID = re.compile(r"^\s*(?:-\s*)?PMID:\s*\d+\b")


def detect_format(data: bytes | str, filename: str = "") -> str:
    """Return ``"medline"``, ``"pubmed_page"``, ``"ris"`` or ``"bibtex"``.

    Raises :class:`FormatError` naming ``filename`` for empty, binary or
    unrecognised content.
    """
    text = decode_bytes(data, filename).text if isinstance(data, bytes) else data
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise FormatError("this is a binary file, not a text file of references", source=filename)
    if not text.strip():
        raise FormatError("the file is empty", source=filename)
    found = detect_from_content(text)
    if found:
        return found
    by_extension = _EXTENSIONS.get(PurePath(filename).suffix.lower()) if filename else None
    if by_extension:
        return by_extension
    first = _first_text_line(text)
    raise FormatError(
        "not a recognised reference file (expected MEDLINE/.nbib, RIS, BibTeX or the text "
        f"of a PubMed page); it starts with {first!r}",
        source=filename,
    )


def detect_from_content(text: str) -> str | None:
    """The format ``text`` looks like, or ``None``."""
    lines = text.lstrip("\ufeff").splitlines()[:_LOOK_AT]
    content = [line for line in lines if line.strip()]
    if not content:
        return None
    first = content[0]
    if _MEDLINE_START.match(first):
        return MEDLINE
    if _RIS_TYPE.match(first):
        return RIS
    if _BIBTEX_ENTRY.match(first):
        return BIBTEX
    if any(_RIS_TYPE.match(line) for line in content) and any(
        _RIS_END.match(line) for line in lines
    ):
        return RIS
    if any(_MEDLINE_START.match(line) for line in content) and sum(
        1 for line in content if _MEDLINE_TAG.match(line)
    ) >= 2:
        return MEDLINE
    if any(_BIBTEX_ENTRY.match(line) for line in content):
        return BIBTEX
    if any(_PAGE_PMID.match(line) for line in content[:20]):
        return PUBMED_PAGE
    return None


def _first_text_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:60]
    return ""
