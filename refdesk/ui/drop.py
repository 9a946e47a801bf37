"""What a drop, a paste or the command line asks to import.

A browser drop carries ``text/html``, ``text/uri-list`` and ``text/plain``;
a file manager drop carries file URLs; a paste carries whatever was copied.
``payload_from_mime`` turns any of these into files to read, text in a file
format (a MEDLINE record copied from PubMed, a BibTeX entry ...) and
identifiers to fetch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData

from ..errors import FormatError
from ..formats.detect import PUBMED_PAGE, detect_format
from ..identifiers import (
    Identifier,
    extract_from_html,
    extract_from_uri_list,
    extract_identifiers,
)

URI_LIST = "text/uri-list"
PAGE_MIN_LINES = 4


@dataclass(frozen=True, slots=True)
class ImportPayload:
    files: tuple[Path, ...] = ()
    text: str = ""
    identifiers: tuple[Identifier, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.files or self.text or self.identifiers)

    def describe(self) -> str:
        parts = []
        if self.files:
            parts.append(f"{len(self.files)} file" + ("s" if len(self.files) != 1 else ""))
        if self.text:
            parts.append("pasted records")
        if self.identifiers:
            parts.append(f"{len(self.identifiers)} identifier" + ("s" if len(self.identifiers) != 1 else ""))
        return " and ".join(parts)


def may_hold_references(mime: QMimeData) -> bool:
    """Cheap check for ``dragEnterEvent``: is there anything worth parsing?"""
    return mime.hasUrls() or mime.hasText() or mime.hasHtml() or mime.hasFormat(URI_LIST)


def payload_from_mime(mime: QMimeData) -> ImportPayload:
    files = tuple(Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile())
    identifiers: list[Identifier] = []
    remote = [url.toString() for url in mime.urls() if not url.isLocalFile()]
    if remote:
        identifiers += extract_from_uri_list("\r\n".join(remote))
    elif mime.hasFormat(URI_LIST) and not files:
        raw = bytes(mime.data(URI_LIST).data()).decode("utf-8", "replace")
        identifiers += extract_from_uri_list(raw)
    if mime.hasHtml():
        identifiers += extract_from_html(mime.html())
    text = ""
    if mime.hasText() and not files:
        plain = mime.text()
        if is_file_format(plain):
            text = plain
        else:
            identifiers += extract_identifiers(plain)
    return ImportPayload(files, text, _unique(identifiers))


def payload_from_items(items: list[str]) -> ImportPayload:
    """Command-line arguments: paths of existing files, or IDs and URLs."""
    files = tuple(Path(item) for item in items if Path(item).is_file())
    rest = [item for item in items if not Path(item).is_file()]
    identifiers = extract_identifiers("\n".join(rest)) if rest else []
    return ImportPayload(tuple(p.resolve() for p in files), "", tuple(identifiers))


def is_file_format(text: str) -> bool:
    """Whether ``text`` is a citation file's content rather than a list of IDs."""
    try:
        found = detect_format(text)
    except FormatError:
        return False
    if found == PUBMED_PAGE:
        # "PMID: 123" alone is an identifier; a page has a title, authors, an abstract ...
        return sum(1 for line in text.splitlines() if line.strip()) >= PAGE_MIN_LINES
    return True


def _unique(identifiers: list[Identifier]) -> tuple[Identifier, ...]:
    return tuple(dict.fromkeys(identifiers))
