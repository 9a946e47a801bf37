"""Read a long document of records as a series of small documents.

An EFetch answer is one root element holding thousands of records.  Parsed
whole, it becomes a tree many times the size of the text, far larger than
the CPU caches, that is built, read and freed in three passes over cold
memory.  Cut into slices of whole records, each parsed, read and freed
before the next, the same work runs in memory that stays warm.

Each slice is made a document of its own: the original prolog (XML
declaration, DOCTYPE), the root's start tag as written (with its namespace
declarations), a run of records, and a closing tag.  Cuts are placed just
before a record's start tag, found as bytes.  A cut can land somewhere that
only looks like one (inside a comment or a CDATA section, say); then a slice
is not well-formed on its own, and the caller reads the whole document
instead.  When every slice and the bare prolog-and-root document are
well-formed, the slices hold exactly the records of the whole document, in
order: each slice's body is the root's content from one cut to the next.
"""

from __future__ import annotations

from collections.abc import Iterator

from refdesk.errors import FormatError
from refdesk.sources.safe_xml import parse_xml

__all__ = ["sliced"]


def sliced(data: bytes, root: str, record: str, size: int, source: str = "") -> Iterator[bytes] | None:
    """``data`` as documents of at least ``size`` bytes of whole records, or ``None``.

    Cuts go just before ``<record>`` start tags (records of other kinds
    stay inside a slice).  ``None`` when ``data`` is small enough to read
    whole, or when its ``<root>`` start tag cannot be found and checked; the
    caller then reads it whole, which also reports any error at its true
    line.  Every slice still goes through the checks of
    :func:`~refdesk.sources.safe_xml.parse_xml` when the caller parses it.
    """
    if len(data) < 2 * size:
        return None
    start = data.find(b"<" + root.encode())
    if start < 0:
        return None
    end = data.find(b">", start) + 1
    if end <= 0:
        return None
    head = data[:end]
    close = b"</" + root.encode() + b">"
    try:
        bare = parse_xml(head + close, source)
    except FormatError:
        return None
    if bare.tag != root or len(bare) or bare.text is not None:
        return None
    return _slices(data, head, close, b"<" + record.encode() + b">", size)


def _slices(data: bytes, head: bytes, close: bytes, record_start: bytes, size: int) -> Iterator[bytes]:
    view = memoryview(data)  # slices of it are not copies
    begin = len(head)
    while (cut := data.find(record_start, begin + size)) >= 0:
        yield b"".join((head, view[begin:cut], close))
        begin = cut
    yield b"".join((head, view[begin:]))
