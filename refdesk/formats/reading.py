"""One entry point for reading a reference file of any supported format.

:func:`read_file` and :func:`read_text` decode the bytes, detect the format
from the content (the file name's extension only breaks ties) and hand the
text to the matching parser.  When the bytes were not UTF-8 and had to be
read as Windows-1252/Latin-1, the result's first problem says so (with the
line of the first such byte): the records are still read, but accented
characters deserve a look.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from refdesk.errors import FormatError
from refdesk.formats.bibtex import parse_bibtex
from refdesk.formats.detect import BIBTEX, MEDLINE, PUBMED_PAGE, RIS, detect_format
from refdesk.formats.medline import parse_medline
from refdesk.formats.pubmed_page import parse_pubmed_page
from refdesk.formats.ris import parse_ris
from refdesk.formats.text_decoding import decode_bytes
from refdesk.model import ParsedFile, ParseProblem

Parser = Callable[[str, str], ParsedFile]

PARSERS: dict[str, Parser] = {
    MEDLINE: parse_medline,
    PUBMED_PAGE: parse_pubmed_page,
    RIS: parse_ris,
    BIBTEX: parse_bibtex,
}


def read_file(path: str | Path) -> ParsedFile:
    """Read the reference file at ``path``.

    Raises :class:`FormatError` (naming the file) when it cannot be opened,
    is empty, binary or in no supported format.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read the file: {exc.strerror or exc}", source=str(path)) from None
    return read_text(data, str(path))


def read_text(text_or_bytes: str | bytes, name: str = "") -> ParsedFile:
    """Read references from text or raw bytes; ``name`` names them in messages."""
    note: ParseProblem | None = None
    if isinstance(text_or_bytes, bytes):
        decoded = decode_bytes(text_or_bytes, name)
        text = decoded.text
        if decoded.note:
            note = ParseProblem(decoded.note, decoded.note_line, name, warning=True)
    else:
        text = text_or_bytes.lstrip("\ufeff")
    format_name = detect_format(text, name)
    parsed = PARSERS[format_name](text, name)
    if note is None:
        return parsed
    return ParsedFile(parsed.records, (note, *parsed.problems), parsed.format)
