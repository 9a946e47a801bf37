"""PubMed EFetch XML (``db=pubmed&retmode=xml``) to :class:`~refdesk.model.Paper`.

Pure: bytes in, frozen model objects out.  The parts:

* :mod:`.safe_xml` parses without entity expansion, DTDs or network;
* :mod:`.xml_slices` cuts a large answer into documents of whole records,
  parsed and read one after the other in memory that stays warm;
* :mod:`.pubmed_records` reads one record, :mod:`.pubmed_links` its
  references and comments/corrections, :mod:`.pubmed_text` text and markup.

Speed matters here: a batch import reads answers of thousands of records,
each with hundreds of elements (more than half of them references).  See
``bench/README.md`` for the profile.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

from refdesk.errors import FormatError
from refdesk.model import Paper
from refdesk.sources.pubmed_authors import normalize_orcid
from refdesk.sources.pubmed_records import read_article, read_book_article
from refdesk.sources.safe_xml import localname, parse_xml
from refdesk.sources.xml_slices import sliced

__all__ = ["normalize_orcid", "parse_pubmed_xml"]

_ROOT = "PubmedArticleSet"
_READERS = {"PubmedArticle": read_article, "PubmedBookArticle": read_book_article}
#: Bytes per slice of a large answer: about ten records, a tree that stays in the CPU cache.
_SLICE_BYTES = 1 << 18


def parse_pubmed_xml(data: bytes, source: str = "efetch") -> list[Paper]:
    """All ``PubmedArticle``/``PubmedBookArticle`` records in an EFetch answer.

    An empty ``PubmedArticleSet`` (unknown PMIDs) gives ``[]``.  Malformed,
    truncated or unsafe XML, or a document that is not a PubMed article set,
    raises :class:`FormatError`.
    """
    with _collector_paused():
        slices = sliced(data, _ROOT, "PubmedArticle", _SLICE_BYTES, source) if isinstance(data, bytes) else None
        if slices is not None:
            try:
                return [paper for piece in slices for paper in _read_records(parse_xml(piece, source), source)]
            except FormatError:
                pass  # read again whole: the error then names the line of the whole document
        root = parse_xml(data, source)
        if root.tag != _ROOT:
            raise FormatError(f"expected a PubmedArticleSet, got <{localname(root.tag)}>", source=source)
        return list(_read_records(root, source))


def _read_records(root: etree._Element, source: str) -> Iterator[Paper]:
    for record in root:
        reader = _READERS.get(record.tag)  # type: ignore[call-overload]
        if reader is None:
            continue
        try:
            yield reader(record)
        except (ValueError, TypeError) as exc:  # a record whose shape breaks an assumption
            raise FormatError(f"unreadable record: {exc}", source=source, line=record.sourceline) from exc


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while the papers are built.

    Reading creates hundreds of thousands of small objects (element proxies,
    links, authors), none of them in a reference cycle; with the collector
    on, each generation-2 pass rescans everything built so far, ~15 % of the
    time of a large answer.  The objects that survive are tracked as usual
    afterwards (the next collection sees them once).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
