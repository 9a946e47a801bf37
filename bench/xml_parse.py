"""PubMed EFetch XML parsing: RefDesk against Biopython (and metapub).

A large EFetch answer is built once (``bench/.cache/efetch-N.xml``) from the
recorded ``PubmedArticle``/``PubmedBookArticle`` elements of
``tests/data/eutils/efetch/``, each copy with a new PMID.  Every parser reads
every field:

* RefDesk: ``parse_pubmed_xml(bytes)`` -> ``Paper`` snapshots.
* Biopython: ``Bio.Entrez.read`` -> nested dicts of everything, shaped by
  the DTD it ships.  ``validate=False`` because the recorded records span
  DTD versions (older ones carry ``DateCreated``, which the 2025 DTD no
  longer declares); every element is still read.  The network is blocked in
  this process, so a missing DTD fails instead of being downloaded.
* metapub (when installed): ``PubMedArticle(xml)`` per article; it reads the first
  article of the set it is given, so the file is split into one-article sets
  outside the timing.
"""

from __future__ import annotations

import io
import re
import socket
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from refdesk.sources.pubmed_xml import parse_pubmed_xml

from .common import Config, Metric, main, repeat
from .generate import FIXTURES, PMID_BASE

MEASURE = "xml_parse"
HEADER = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January '
          b'2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n')
FOOTER = b"</PubmedArticleSet>\n"
_FIRST_PMID = re.compile(rb"<PMID Version=\"(\d+)\">\d+</PMID>")


def recorded_articles(fixtures: Path = FIXTURES) -> list[bytes]:
    """The serialised article elements of the recorded EFetch answers."""
    articles = []
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    for path in sorted(fixtures.glob("*.xml")):
        root = etree.fromstring(path.read_bytes(), parser)
        for element in root:
            if element.tag in ("PubmedArticle", "PubmedBookArticle"):
                element.tail = None
                articles.append(etree.tostring(element, encoding="utf-8"))
    return articles


def build_efetch_file(count: int, cache: Path) -> Path:
    """An EFetch answer with ``count`` articles, each with its own PMID."""
    path = cache / f"efetch-{count}.xml"
    if path.exists():
        return path
    articles = recorded_articles()
    parts = [HEADER]
    for number in range(count):
        article = articles[number % len(articles)]
        parts.append(_FIRST_PMID.sub(lambda m: b'<PMID Version="%s">%d</PMID>' % (m.group(1), PMID_BASE + number),
                                     article, count=1))
        parts.append(b"\n")
    parts.append(FOOTER)
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(b"".join(parts))
    partial.replace(path)
    return path


def block_network() -> None:
    """Make any connection attempt in this process fail loudly."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("network access is blocked in the XML benchmark")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]


def split_articles(data: bytes) -> list[bytes]:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True))
    return [b"<PubmedArticleSet>" + etree.tostring(element, encoding="utf-8") + b"</PubmedArticleSet>"
            for element in root]


def run(config: Config) -> Sequence[Metric]:
    block_network()
    path = build_efetch_file(config.xml_articles, config.cache_dir)
    data = path.read_bytes()
    count = config.xml_articles
    runs = max(1, min(config.runs, 3))
    metrics: list[Metric] = []

    parsed: list = []
    stats = repeat(lambda: parsed.append(len(parse_pubmed_xml(data))), runs)
    assert parsed[-1] == count, f"RefDesk read {parsed[-1]} of {count} articles"
    metrics.append(_parser_metric("RefDesk parse_pubmed_xml", stats, count, len(data)))
    refdesk_rate = count / stats.median

    from Bio import Entrez

    Entrez.email = "bench@example.org"
    records: list = []
    stats = repeat(lambda: records.append(Entrez.read(io.BytesIO(data), validate=False)), runs)
    found = len(records[-1]["PubmedArticle"]) + len(records[-1]["PubmedBookArticle"])
    assert found == count, f"Biopython read {found} of {count} articles"
    metrics.append(_parser_metric("Biopython Bio.Entrez.read (validate=False)", stats, count, len(data)))
    metrics.append(Metric(MEASURE, "RefDesk speed-up vs Biopython", count, "x", refdesk_rate / (count / stats.median),
                          runs=runs, details={"target_key": "xml_ratio"}))
    del records

    try:
        from metapub import PubMedArticle
    except ImportError as exc:
        metrics.append(Metric(MEASURE, "metapub PubMedArticle", count, "n/a", float("nan"),
                              details={"skipped": f"metapub not installed: {exc}"}))
        return metrics
    pieces = split_articles(data)
    stats = repeat(lambda: [PubMedArticle(piece) for piece in pieces], runs)
    metrics.append(_parser_metric("metapub PubMedArticle (per article, pre-split)", stats, count, len(data)))
    metrics.append(Metric(MEASURE, "RefDesk speed-up vs metapub", count, "x", refdesk_rate / (count / stats.median),
                          runs=runs))
    return metrics


def _parser_metric(name: str, stats, count: int, size: int) -> Metric:
    metric = Metric.timing(MEASURE, name, count, stats, unit="s", bytes=size)
    metric.details["articles_per_s"] = round(count / stats.median)
    metric.details["articles_per_s_range"] = [round(count / stats.maximum), round(count / stats.minimum)]
    return metric


if __name__ == "__main__":
    main(run)
