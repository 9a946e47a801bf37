"""Parse untrusted XML from the network without entity tricks.

NCBI's responses start with a public DOCTYPE line that must be accepted, but
an answer coming through a hostile proxy (or a file a user drops) could carry
an internal DTD subset declaring entities: external ones read local files
(XXE), nested ones expand to gigabytes (billion laughs).  lxml is told never
to resolve entities, load DTDs or touch the network, and documents whose
internal subset declares entities are refused outright with a
:class:`~refdesk.errors.FormatError`, so no partial result leaks through.
"""

from __future__ import annotations

import re

from lxml import etree

from refdesk.errors import FormatError

__all__ = ["parse_xml", "localname"]

# DOCTYPE name, optional external id, then "[" if an internal subset follows.
_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+[^\s\[>]+"
    rb"(?:\s+(?:PUBLIC\s*(?:\"[^\"]*\"|'[^']*')\s*(?:\"[^\"]*\"|'[^']*')?|SYSTEM\s*(?:\"[^\"]*\"|'[^']*')))?"
    rb"\s*(\[)?",
    re.IGNORECASE,
)


#: How far into a document a lower-case ``<!doctype`` is looked for; anything
#: later is still caught after parsing (``iterentities``).
_HEAD = 8192


def _utf8(data: bytes) -> bytes:
    """Bytes to scan for a DOCTYPE: UTF-16 documents are transcoded first."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data


def _refuse_entity_declarations(data: bytes, source: str) -> None:
    scan = _utf8(data)
    start = scan.find(b"<!DOCTYPE")
    if start < 0:  # a lower-case doctype can only be near the top
        start = scan[:_HEAD].lower().find(b"<!doctype")
    if start < 0:
        return
    match = _DOCTYPE.match(scan, start)
    if match is None or match.group(1) is None:
        return
    if scan.find(b"<!ENTITY", match.end()) >= 0:  # no copy of a large document
        raise FormatError(
            "refused: the XML declares entities in its DOCTYPE (possible XXE or "
            "entity-expansion attack); NCBI never sends such documents",
            source=source,
        )


def _make_parser() -> etree.XMLParser:
    # A parser per call: lxml parser objects must not be shared across threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, source: str = "response") -> etree._Element:
    """The root element of ``data``; :class:`FormatError` if unsafe or malformed."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("parse_xml expects bytes")
    data = bytes(data)
    if not data or data.isspace():
        raise FormatError("empty response, expected XML", source=source)
    _refuse_entity_declarations(data, source)
    try:
        root = etree.fromstring(data, _make_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if getattr(exc, "lineno", None) else None
        reason = exc.msg if getattr(exc, "msg", None) else str(exc)
        raise FormatError(f"malformed or truncated XML: {reason}", source=source, line=line) from exc
    if root is None:
        raise FormatError("no XML document found", source=source)
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FormatError("refused: the XML declares entities in its DOCTYPE", source=source)
    return root


def localname(tag: object) -> str:
    """``{ns}name`` -> ``name``; ``""`` for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]
