"""Turn the bytes of a citation file into text.

UTF-8 (with or without a byte-order mark) and UTF-16/UTF-32 with a BOM are
read as such.  Anything else that is not valid UTF-8 is read as Windows-1252
(a superset of Latin-1's printable characters), and the result says so, with
the line of the first byte that was not UTF-8, so the user can check accents.
Binary data (images, PDFs, archives ...) raises :class:`FormatError`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from refdesk.errors import FormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that never occur in a text file.
_BINARY_CONTROLS = frozenset(range(0x09)) | frozenset(range(0x0E, 0x1B)) | {
    0x0B, 0x1C, 0x1D, 0x1E, 0x1F, 0x7F,
}
# Bytes that Windows-1252 leaves undefined.
_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_SAMPLE = 8192


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text read from bytes, the encoding used and, for a fallback, why."""

    text: str
    encoding: str
    note: str = ""
    note_line: int | None = None


def decode_bytes(data: bytes, source: str = "") -> DecodedText:
    """Decode ``data`` (named ``source`` in messages) to text.

    Raises :class:`FormatError` for binary data or a BOM-marked file that
    does not decode.  Empty input gives empty text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(encoding).lstrip("\ufeff"), encoding)
            except UnicodeDecodeError as exc:
                raise FormatError(
                    f"the file starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (byte {exc.start})",
                    source=source,
                    line=_line_of(data, exc.start),
                ) from None
    if looks_binary(data):
        raise FormatError(
            "this is a binary file, not a text file of references", source=source
        )
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    line = _line_of(data, bad)
    if any(byte in _CP1252_UNDEFINED for byte in data):
        text, encoding, name = data.decode("latin-1"), "latin-1", "Latin-1"
    else:
        text, encoding, name = data.decode("cp1252"), "cp1252", "Windows-1252 (Latin-1)"
    note = (
        f"the file is not UTF-8 (first non-UTF-8 byte on line {line}); it was read as "
        f"{name}: check accented characters"
    )
    return DecodedText(text, encoding, note, line)


def looks_binary(data: bytes) -> bool:
    """True when the start of ``data`` holds NUL bytes or many control characters."""
    sample = data[:_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _BINARY_CONTROLS)
    return controls > max(2, len(sample) // 100)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def first_content_line(text: str) -> int | None:
    """The number of the first line that is not blank (None for a blank text)."""
    return next((n for n, line in enumerate(text.splitlines(), 1) if line.strip()), None)
