"""A real local HTTP server that answers like NCBI E-utilities, from recordings.

Tests talk to it over TCP exactly as RefDesk talks to NCBI, so the client's
rate limiting, retries and timeouts are exercised for real.  The server

* replays the recorded responses in ``tests/data/eutils`` by endpoint and
  parameters (GET query strings and POST form bodies, repeated ``id=``);
* synthesises answers for any other PMID by re-using a recorded record with
  its PMID rewritten -- in memory, never by editing a fixture -- so imports of
  thousands of PMIDs can be tested; :meth:`EutilsReplayServer.publish` gives
  such a record a DOI and PMC ID of the test's choosing;
* answers ESearch ``[doi]`` and ``[pmcid]`` searches, OR'ed ones too (hits
  for any of the terms, at most ``retmax`` of them, as NCBI does), from the
  records it knows;
* records every request (endpoint, method, parameters, arrival time);
* injects faults on demand: HTTP 429 (with and without ``Retry-After``),
  5xx, connection resets, answers slower than the client's timeout,
  truncated bodies, ``<ERROR>`` bodies, empty ``PubmedArticleSet`` answers;
* can delay every answer (``server.delay``) for cancellation tests.

Use the ``eutils_server`` and ``eutils_settings`` pytest fixtures.
"""

from __future__ import annotations

import ast
import re
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from lxml import etree

from refdesk.settings import Settings

__all__ = [
    "DATA",
    "EUTILS",
    "EUTILS_DOCS",
    "EutilsReplayServer",
    "Fault",
    "RecordedRequest",
    "cassette_body",
    "eutils_server",
    "eutils_settings",
]

DATA = Path(__file__).parent / "data"
EUTILS = DATA / "eutils"
EUTILS_DOCS = DATA / "eutils_docs"
BASE_PATH = "/entrez/eutils/"

_EFETCH_HEAD = (
    b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    b'1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    b"<PubmedArticleSet>\n"
)
_EFETCH_TAIL = b"</PubmedArticleSet>\n"
_ELINK_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eLinkResult PUBLIC "-//NLM//DTD elink '
    b'20101123//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20101123/elink.dtd">\n<eLinkResult>\n'
)
_ESUMMARY_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSummaryResult PUBLIC "-//NLM//DTD '
    b'esummary v1 20041029//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20041029/esummary-v1.dtd">\n'
    b"<eSummaryResult>\n"
)
_RECORD = re.compile(rb"<(PubmedArticle|PubmedBookArticle)>.*?</\1>", re.S)
_FIRST_PMID = re.compile(rb'<PMID Version="(\d+)">(\d+)</PMID>')


# -- recorded material ----------------------------------------------------------------


def cassette_body(path: Path) -> bytes:
    """The response body of the first interaction in a VCR.py YAML cassette.

    Only the scalar forms VCR writes for ``body: string:`` are handled:
    single-quoted (``''`` escapes, folded lines) and double-quoted (backslash
    escapes, folded lines, ``\\`` line continuations).
    """
    text = path.read_text(encoding="utf-8")
    marker = re.search(r"\n    body:\n      string: ", text)
    if marker is None:
        raise ValueError(f"{path}: no response body found")
    start = marker.end()
    quote = text[start]
    if quote not in "'\"":
        raise ValueError(f"{path}: unsupported YAML scalar style")
    i = start + 1
    raw = []
    while i < len(text):
        ch = text[i]
        if quote == "'" and ch == "'":
            if text[i + 1:i + 2] == "'":
                raw.append("'")
                i += 2
                continue
            break
        if quote == '"' and ch == "\\":
            raw.append(text[i:i + 2])
            i += 2
            continue
        if quote == '"' and ch == '"':
            break
        raw.append(ch)
        i += 1
    value = "".join(raw)
    value = _fold(value, double=quote == '"')
    return value.encode("utf-8")


def _fold(value: str, *, double: bool) -> str:
    """YAML flow-scalar line folding, then (double-quoted) escape decoding."""
    lines = value.split("\n")
    out = lines[0]
    blank = 0
    for line in lines[1:]:
        stripped = line.lstrip(" \t")
        if not stripped:
            blank += 1
            continue
        if double and out.endswith("\\") and not out.endswith("\\\\"):
            out = out[:-1] + ("\n" * blank)
        else:
            out = out.rstrip(" \t") + ("\n" * blank if blank else " ")
        out += stripped
        blank = 0
    if blank:
        out += "\n" * blank
    if not double:
        return out
    # JSON-like escapes; "\ " is an escaped space in YAML.
    out = out.replace("\\ ", " ")
    return ast.literal_eval('"""' + out.replace('"""', '\\"\\"\\"') + '"""') if "\\" in out else out


def _load_records() -> dict[int, bytes]:
    records: dict[int, bytes] = {}
    sources = [p.read_bytes() for p in sorted((EUTILS / "efetch").glob("*.xml"))]
    sources.append(cassette_body(EUTILS / "efetch" / "biocommons_test_efetch"))
    for data in sources:
        for match in _RECORD.finditer(data):
            record = match.group(0)
            pmid = _FIRST_PMID.search(record)
            if pmid:
                records[int(pmid.group(2))] = record
    return records


def _load_summaries() -> dict[tuple[str, int], bytes]:
    """("1.0"|"2.0", pmid) -> the recorded DocSum / DocumentSummary element."""
    found: dict[tuple[str, int], bytes] = {}
    for path in sorted((EUTILS / "esummary").glob("*.xml")):
        data = path.read_bytes()
        for m in re.finditer(rb'<DocumentSummary uid="(\d+)">.*?</DocumentSummary>', data, re.S):
            found[("2.0", int(m.group(1)))] = m.group(0) + b"\n"
        for m in re.finditer(rb"<DocSum>\s*<Id>(\d+)</Id>.*?</DocSum>", data, re.S):
            found[("1.0", int(m.group(1)))] = m.group(0) + b"\n"
    return found


def _load_links() -> dict[tuple[int, str], list[tuple[int, str | None]]]:
    """(source pmid, linkname) -> [(linked pmid, score)] from the recorded ELink answers."""
    links: dict[tuple[int, str], list[tuple[int, str | None]]] = {}
    sources = [p.read_bytes() for p in sorted((EUTILS / "elink").glob("*.xml"))]
    sources.append(cassette_body(EUTILS / "elink" / "biocommons_test_elink"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for data in sources:
        root = etree.fromstring(data, parser)
        for link_set in root.iter("LinkSet"):
            ids = [int(i) for i in link_set.xpath("IdList/Id/text()")]
            if len(ids) != 1 or link_set.findtext("DbFrom") != "pubmed":
                continue
            for db in link_set.iter("LinkSetDb"):
                name = db.findtext("LinkName") or ""
                entries = [(int(l.findtext("Id")), l.findtext("Score")) for l in db.iter("Link")]
                key = (ids[0], name)
                # Prefer a recording with scores (the 2008 neighbor_score one).
                if key not in links or any(s for _, s in entries):
                    links[key] = entries
    return links


# -- faults -------------------------------------------------------------------------------


@dataclass
class Fault:
    """One misbehaviour, used for the next matching request (then discarded)."""

    kind: str  # "status", "reset", "slow", "truncate", "body"
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    endpoint: str | None = None
    keep_length: bool = True

    @classmethod
    def http_429(cls, retry_after: str | float | None = None, endpoint: str | None = None) -> Fault:
        """HTTP 429 with the JSON body NCBI documents (see tests/data/eutils_docs)."""
        headers = {"Content-Type": "application/json"}
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        body = (EUTILS_DOCS / "rate_limit_429.json").read_bytes()
        return cls("status", status=429, body=body, headers=headers, endpoint=endpoint)

    @classmethod
    def http_status(cls, status: int, endpoint: str | None = None) -> Fault:
        body = f"<html><body><h1>{status}</h1></body></html>".encode()
        return cls("status", status=status, body=body, headers={"Content-Type": "text/html"}, endpoint=endpoint)

    @classmethod
    def reset(cls, endpoint: str | None = None) -> Fault:
        """Close the connection with a TCP RST before answering."""
        return cls("reset", endpoint=endpoint)

    @classmethod
    def slow(cls, seconds: float, endpoint: str | None = None) -> Fault:
        """Answer normally, but only after ``seconds``."""
        return cls("slow", seconds=seconds, endpoint=endpoint)

    @classmethod
    def truncated(cls, *, keep_length: bool = True, endpoint: str | None = None) -> Fault:
        """Send half of the real answer; with ``keep_length`` the header announces it all."""
        return cls("truncate", keep_length=keep_length, endpoint=endpoint)

    @classmethod
    def error_body(cls, message: str = "Search Backend failed: unable to complete request",
                   *, endpoint: str | None = None) -> Fault:
        """HTTP 200 with an E-utilities ``<ERROR>`` body."""
        body = (EUTILS_DOCS / "efetch_error.xml").read_bytes().replace(
            b"Search Backend failed: unable to complete request", message.encode())
        return cls("body", body=body, headers={"Content-Type": "text/xml; charset=UTF-8"}, endpoint=endpoint)

    @classmethod
    def empty_set(cls, endpoint: str | None = "efetch") -> Fault:
        """HTTP 200 with an empty ``PubmedArticleSet`` (the recorded shape)."""
        body = (EUTILS / "errors" / "metapub_37909814.xml").read_bytes()
        return cls("body", body=body, headers={"Content-Type": "text/xml; charset=UTF-8"}, endpoint=endpoint)


@dataclass(frozen=True)
class RecordedRequest:
    endpoint: str
    method: str
    params: tuple[tuple[str, str], ...]
    time: float
    headers: dict[str, str]

    def get(self, name: str) -> str | None:
        for key, value in self.params:
            if key == name:
                return value
        return None

    def getall(self, name: str) -> list[str]:
        return [value for key, value in self.params if key == name]

    @property
    def ids(self) -> list[int]:
        """Every PMID asked for, whether as repeated ``id=`` or a comma list."""
        return [int(i) for value in self.getall("id") for i in value.split(",") if i.strip()]


# -- the server -------------------------------------------------------------------------------


class EutilsReplayServer:
    """E-utilities on 127.0.0.1 at a free port; see the module docstring."""

    def __init__(self) -> None:
        self.records = _load_records()
        self.recorded_links = _load_links()
        self.recorded_summaries = _load_summaries()
        self._templates = sorted(p for p, r in self.records.items() if r.startswith(b"<PubmedArticle>"))
        self.requests: list[RecordedRequest] = []
        self.faults: deque[Fault] = deque()
        self.faults_used: list[Fault] = []
        #: PMIDs the server pretends not to know (left out of EFetch answers).
        self.unknown_pmids: set[int] = set()
        #: When False only recorded PMIDs exist.
        self.synthesize = True
        #: ESearch term -> PMIDs, overriding the built-in DOI/PMCID lookup (whole
        #: terms, and each term of an OR).
        self.search_results: dict[str, list[int]] = {}
        #: PMID -> (DOI, PMC ID) its record carries instead of its template's; see publish().
        self.published: dict[int, tuple[str, str]] = {}
        #: Seconds every answer waits (for cancellation tests).
        self.delay = 0.0
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="eutils-replay", daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{BASE_PATH}"

    def publish(self, pmid: int, *, doi: str = "", pmcid: str = "") -> None:
        """Let ``pmid``'s record carry ``doi`` and/or ``pmcid`` (replacing the ones it had).

        The record (recorded or synthesised) is rewritten in memory, so EFetch,
        ESummary and ESearch's ``[doi]``/``[pmcid]`` fields all agree on the new IDs.
        """
        with self._lock:
            self.published[pmid] = (doi, pmcid)

    def inject(self, *faults: Fault) -> None:
        """Queue faults; each is used once, by the next request it matches."""
        with self._lock:
            self.faults.extend(faults)

    def count(self, endpoint: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if endpoint is None or r.endpoint == endpoint)

    def requests_to(self, endpoint: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.endpoint == endpoint]

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def close(self) -> None:
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> EutilsReplayServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- bookkeeping used by the handler --------------------------------------------------

    def _record(self, request: RecordedRequest) -> Fault | None:
        with self._lock:
            self.requests.append(request)
            for index, fault in enumerate(self.faults):
                if fault.endpoint in (None, request.endpoint):
                    del self.faults[index]
                    self.faults_used.append(fault)
                    return fault
        return None

    def _sleep(self, seconds: float) -> None:
        self._closing.wait(seconds)

    # -- answers ----------------------------------------------------------------------------------

    def record_for(self, pmid: int) -> bytes | None:
        """The recorded record of ``pmid``, or a recorded one rewritten to carry ``pmid``."""
        record = self._record_of(pmid)
        if record is not None and pmid in self.published:
            record = _with_ids(record, *self.published[pmid])
        return record

    def _record_of(self, pmid: int) -> bytes | None:
        if pmid in self.unknown_pmids:
            return None
        if pmid in self.records:
            return self.records[pmid]
        if not self.synthesize or pmid <= 0:
            return None
        template_pmid = self._templates[pmid % len(self._templates)]
        template = self.records[template_pmid]
        old = str(template_pmid).encode()
        new = str(pmid).encode()
        record = _FIRST_PMID.sub(lambda m: b'<PMID Version="%s">%s</PMID>' % (m.group(1), new), template, count=1)
        return record.replace(b'<ArticleId IdType="pubmed">' + old + b"</ArticleId>",
                              b'<ArticleId IdType="pubmed">' + new + b"</ArticleId>", 1)

    def efetch(self, request: RecordedRequest) -> bytes:
        parts = [_EFETCH_HEAD]
        for pmid in request.ids:
            record = self.record_for(pmid)
            if record is not None:
                parts.append(record + b"\n")
        parts.append(_EFETCH_TAIL)
        return b"".join(parts)

    def _links(self, pmid: int, name: str) -> list[tuple[int, str | None]]:
        recorded = self.recorded_links.get((pmid, name))
        if recorded is not None:
            return recorded
        if not self.synthesize or pmid in self.unknown_pmids:
            return []
        offset = {"pubmed_pubmed": 1, "pubmed_pubmed_citedin": 100, "pubmed_pubmed_refs": 200}.get(name, 300)
        linked = [(pmid, "2147483647")] if name == "pubmed_pubmed" else []
        linked += [(pmid + offset + k, str(90000000 - k * 1000)) for k in range(5)]
        return linked

    def elink(self, request: RecordedRequest) -> bytes:
        cmd = request.get("cmd") or "neighbor"
        names = [n for v in request.getall("linkname") for n in v.split(",") if n] or [
            "pubmed_pubmed", "pubmed_pubmed_citedin", "pubmed_pubmed_refs"]
        scores = cmd == "neighbor_score"
        groups = [[int(i) for i in value.split(",") if i.strip()] for value in request.getall("id")]
        out = [_ELINK_HEAD]
        for group in groups:
            out.append(b"<LinkSet>\n\t<DbFrom>pubmed</DbFrom>\n\t<IdList>\n")
            out += [b"\t\t<Id>%d</Id>\n" % pmid for pmid in group]
            out.append(b"\t</IdList>\n")
            for name in names:
                entries: list[tuple[int, str | None]] = []
                seen: set[int] = set()
                for pmid in group:  # a comma list merges, as NCBI does
                    for linked, score in self._links(pmid, name):
                        if linked not in seen:
                            seen.add(linked)
                            entries.append((linked, score))
                if not entries:
                    continue
                out.append(b"\t<LinkSetDb>\n\t\t<DbTo>pubmed</DbTo>\n\t\t<LinkName>%s</LinkName>\n" % name.encode())
                for linked, score in entries:
                    out.append(b"\t\t<Link>\n\t\t\t<Id>%d</Id>\n" % linked)
                    if scores and score:
                        out.append(b"\t\t\t<Score>%s</Score>\n" % score.encode())
                    out.append(b"\t\t</Link>\n")
                out.append(b"\t</LinkSetDb>\n")
            out.append(b"</LinkSet>\n")
        out.append(b"</eLinkResult>\n")
        return b"".join(out)

    def esummary(self, request: RecordedRequest) -> bytes:
        v2 = request.get("version") == "2.0"
        out = [_ESUMMARY_HEAD]
        if v2:
            out.append(b'<DocumentSummarySet status="OK">\n')
        for pmid in request.ids:
            recorded = self.recorded_summaries.get(("2.0" if v2 else "1.0", pmid))
            if recorded is not None and pmid not in self.unknown_pmids:
                out.append(recorded)
                continue
            record = self.record_for(pmid)
            if record is None:
                if v2:
                    out.append(b'<DocumentSummary uid="%d"><error>cannot get document summary</error>'
                               b"</DocumentSummary>\n" % pmid)
                continue
            out.append(_summary(pmid, record, v2))
        if v2:
            out.append(b"</DocumentSummarySet>\n")
        out.append(b"</eSummaryResult>\n")
        return b"".join(out)

    def esearch(self, request: RecordedRequest) -> bytes:
        term = request.get("term") or ""
        retmax = int(request.get("retmax") or 20)
        if term in self.search_results:
            ids = self.search_results[term]
        else:
            ids = []
            heads = self._searchable()
            for part in _or_terms(term):  # hits for any of the terms, each PMID once
                found = self.search_results[part] if part in self.search_results else _lookup(part, heads)
                ids += [pmid for pmid in found if pmid not in ids]
        if not ids:
            return (EUTILS / "errors" / "biopython_esearch8.xml").read_bytes().replace(
                b"abcXYZ", _xml_escape(term).encode())
        shown = ids[:retmax]
        id_list = b"".join(b"<Id>%d</Id>" % i for i in shown)
        return (b'<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult><Count>%d</Count><RetMax>%d</RetMax>'
                b"<RetStart>0</RetStart><IdList>%s</IdList><TranslationSet/>"
                b"<QueryTranslation>%s</QueryTranslation></eSearchResult>\n"
                % (len(ids), len(shown), id_list, _xml_escape(term).encode()))

    def _searchable(self) -> dict[int, bytes]:
        """PMID -> the lower-cased part of its record before the references, for every record
        ESearch can find: the recorded ones and the published ones."""
        heads: dict[int, bytes] = {}
        for pmid in [*self.records, *self.published]:
            record = self.record_for(pmid)
            if record is not None and pmid not in heads:
                heads[pmid] = record.split(b"<ReferenceList>", 1)[0].lower()
        return heads


def _lookup(term: str, heads: dict[int, bytes]) -> list[int]:
    """The PMIDs whose record matches one ``"10.1000/x"[doi]`` or ``PMC123[pmcid]`` term."""
    match = re.fullmatch(r'"?(.+?)"?\[(doi|pmcid)\]', term.strip(), re.I)
    if not match:
        return []
    value, field_name = _xml_escape(match.group(1).lower()).encode(), match.group(2).lower()
    if field_name == "doi":
        needles = (b">" + value + b"</elocationid>", b'"doi">' + value + b"</articleid>")
    else:
        needles = (b'"pmc">' + value + b"</articleid>",)
    return [pmid for pmid, head in heads.items() if any(n in head for n in needles)]


def _or_terms(term: str) -> list[str]:
    """``a[doi] OR b[doi]`` -> ``["a[doi]", "b[doi]"]`` (DOIs in quotes hold no spaces)."""
    return [part.strip("() ") for part in re.split(r"\s+OR\s+", term.strip()) if part.strip("() ")]


def _with_ids(record: bytes, doi: str, pmcid: str) -> bytes:
    """``record`` carrying ``doi`` and/or ``pmcid`` in place of its own (before its references)."""
    head, sep, tail = record.partition(b"<ReferenceList>")
    added = b""
    if doi:
        head = re.sub(rb'\s*<ELocationID EIdType="doi"[^>]*>[^<]*</ELocationID>', b"", head)
        head = re.sub(rb'\s*<ArticleId IdType="doi">[^<]*</ArticleId>', b"", head)
        added += b'<ArticleId IdType="doi">%s</ArticleId>' % _xml_escape(doi).encode()
    if pmcid:
        head = re.sub(rb'\s*<ArticleId IdType="pmc">[^<]*</ArticleId>', b"", head)
        added += b'<ArticleId IdType="pmc">%s</ArticleId>' % _xml_escape(pmcid).encode()
    at = head.find(b"<ArticleIdList>", head.find(b"<PubmedData>"))
    if added and at >= 0:
        at += len(b"<ArticleIdList>")
        head = head[:at] + added + head[at:]
    return head + sep + tail


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _summary(pmid: int, record: bytes, v2: bool) -> bytes:
    """An ESummary document built from an EFetch record (title, journal, date, authors, DOI, PMC ID)."""
    root = etree.fromstring(record, etree.XMLParser(resolve_entities=False, no_network=True))
    title = "".join(root.find(".//ArticleTitle").itertext()) if root.find(".//ArticleTitle") is not None else ""
    source = root.findtext(".//ISOAbbreviation") or root.findtext(".//MedlineTA") or ""
    year = root.findtext(".//PubDate/Year") or ""
    month = root.findtext(".//PubDate/Month") or ""
    pubdate = f"{year} {month}".strip()
    volume = root.findtext(".//JournalIssue/Volume") or ""
    issue = root.findtext(".//JournalIssue/Issue") or ""
    pages = root.findtext(".//MedlinePgn") or ""
    authors = [f"{a.findtext('LastName') or ''} {a.findtext('Initials') or ''}".strip() or
               (a.findtext("CollectiveName") or "") for a in root.iterfind(".//AuthorList/Author")]
    doi = ""
    for el in root.iterfind(".//ELocationID[@EIdType='doi']"):
        doi = el.text or ""
        break
    if not doi:
        for el in root.iterfind("PubmedData/ArticleIdList/ArticleId[@IdType='doi']"):
            doi = el.text or ""
    pmcid = root.findtext("PubmedData/ArticleIdList/ArticleId[@IdType='pmc']") or ""
    pubtypes = [p.text or "" for p in root.iterfind(".//PublicationType")]
    e = _xml_escape
    if v2:
        parts = [f'<DocumentSummary uid="{pmid}">', f"<PubDate>{e(pubdate)}</PubDate>",
                 f"<Source>{e(source)}</Source>", "<Authors>"]
        parts += [f"<Author><Name>{e(a)}</Name><AuthType>Author</AuthType></Author>" for a in authors]
        parts += ["</Authors>", f"<Title>{e(title)}</Title>", f"<Volume>{e(volume)}</Volume>",
                  f"<Issue>{e(issue)}</Issue>", f"<Pages>{e(pages)}</Pages>", "<PubType>"]
        parts += [f"<flag>{e(p)}</flag>" for p in pubtypes]
        parts += ["</PubType>", "<ArticleIds>",
                  f"<ArticleId><IdType>pubmed</IdType><Value>{pmid}</Value></ArticleId>"]
        if doi:
            parts.append(f"<ArticleId><IdType>doi</IdType><Value>{e(doi)}</Value></ArticleId>")
        if pmcid:
            parts.append(f"<ArticleId><IdType>pmc</IdType><Value>{e(pmcid)}</Value></ArticleId>")
            parts.append(f"<ArticleId><IdType>pmcid</IdType><Value>pmc-id: {e(pmcid)};</Value></ArticleId>")
        parts += ["</ArticleIds>", "</DocumentSummary>\n"]
    else:
        parts = [f"<DocSum><Id>{pmid}</Id>", f'<Item Name="PubDate" Type="Date">{e(pubdate)}</Item>',
                 f'<Item Name="Source" Type="String">{e(source)}</Item>', '<Item Name="AuthorList" Type="List">']
        parts += [f'<Item Name="Author" Type="String">{e(a)}</Item>' for a in authors]
        parts += ["</Item>", f'<Item Name="Title" Type="String">{e(title)}</Item>',
                  f'<Item Name="Volume" Type="String">{e(volume)}</Item>',
                  f'<Item Name="Issue" Type="String">{e(issue)}</Item>',
                  f'<Item Name="Pages" Type="String">{e(pages)}</Item>',
                  '<Item Name="PubTypeList" Type="List">']
        parts += [f'<Item Name="PubType" Type="String">{e(p)}</Item>' for p in pubtypes]
        parts += ["</Item>", '<Item Name="ArticleIds" Type="List">',
                  f'<Item Name="pubmed" Type="String">{pmid}</Item>']
        if doi:
            parts.append(f'<Item Name="doi" Type="String">{e(doi)}</Item>')
        if pmcid:
            parts.append(f'<Item Name="pmc" Type="String">{e(pmcid)}</Item>')
            parts.append(f'<Item Name="pmcid" Type="String">pmc-id: {e(pmcid)};</Item>')
        parts += ["</Item>", f'<Item Name="DOI" Type="String">{e(doi)}</Item>', "</DocSum>\n"]
    return "".join(parts).encode("utf-8")


def _handler_for(server: EutilsReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
            pass

        def do_GET(self) -> None:  # noqa: N802
            self._serve("GET", urlsplit(self.path).query)

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            query = urlsplit(self.path).query
            self._serve("POST", "&".join(p for p in (query, body) if p))

        def _serve(self, method: str, query: str) -> None:
            path = urlsplit(self.path).path
            endpoint = path[len(BASE_PATH):].removesuffix(".fcgi") if path.startswith(BASE_PATH) else ""
            request = RecordedRequest(
                endpoint=endpoint,
                method=method,
                params=tuple(parse_qsl(query, keep_blank_values=True)),
                time=time.monotonic(),
                headers={k.lower(): v for k, v in self.headers.items()},
            )
            fault = server._record(request)
            if server.delay:
                server._sleep(server.delay)
            if fault is not None and fault.kind == "reset":
                self._reset()
                return
            if fault is not None and fault.kind == "slow":
                server._sleep(fault.seconds)
            if fault is not None and fault.kind in ("status", "body"):
                self._send(fault.status, fault.body, fault.headers)
                return
            answer = {"efetch": server.efetch, "elink": server.elink,
                      "esummary": server.esummary, "esearch": server.esearch}.get(endpoint)
            if answer is None:
                self._send(404, b"<html><body>Not Found</body></html>", {"Content-Type": "text/html"})
                return
            body = answer(request)
            if fault is not None and fault.kind == "truncate":
                self._send_truncated(body, keep_length=fault.keep_length)
                return
            self._send(200, body, {"Content-Type": "text/xml; charset=UTF-8"})

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up (timeout): nothing to answer
                self.close_connection = True

        def _send_truncated(self, body: bytes, *, keep_length: bool) -> None:
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=UTF-8")
                if keep_length:
                    self.send_header("Content-Length", str(len(body)))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True

        def _reset(self) -> None:
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            except OSError:
                pass
            self.close_connection = True

        def finish(self) -> None:
            try:
                super().finish()
            except OSError:
                pass

    return Handler


# -- pytest fixtures --------------------------------------------------------------------------


@pytest.fixture
def eutils_server():
    """A fresh replay server per test: ``.url``, ``.requests``, ``.inject(...)``."""
    server = EutilsReplayServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def eutils_settings(eutils_server) -> Settings:
    """Settings aimed at the replay server, with a high rate limit and tiny backoff."""
    return Settings(
        eutils_url=eutils_server.url,
        email="test@example.org",
        rate_limit=1000.0,
        backoff=0.01,
        timeout=2.0,
        max_retries=3,
    )
