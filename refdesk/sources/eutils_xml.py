"""Pure parsers for the small E-utilities answers: ELink, ESummary, ESearch, errors.

Each takes the bytes the client returned and gives model objects or plain
values.  They never touch the network, so they are tested on NCBI's recorded
answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import NamedTuple

from lxml import etree

from refdesk.errors import FormatError
from refdesk.model import Link, LinkKind
from refdesk.sources.safe_xml import parse_xml

__all__ = [
    "LINKNAME_KINDS",
    "SELF_LINK_SCORE",
    "error_messages",
    "parse_elink",
    "parse_esearch",
    "parse_esummary",
    "parse_esummary_ids",
]

#: The self-link ``cmd=neighbor_score`` puts first: INT32_MAX.
SELF_LINK_SCORE = 2147483647

#: ELink link names RefDesk shows, and the pane each one fills.
LINKNAME_KINDS: dict[str, LinkKind] = {
    "pubmed_pubmed": LinkKind.SIMILAR,
    "pubmed_pubmed_citedin": LinkKind.CITED_BY,
    "pubmed_pubmed_refs": LinkKind.REFERENCES,
}

_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_SOURCE_IDS = etree.XPath("IdList/Id/text()", smart_strings=False)


# -- errors ------------------------------------------------------------------------


def error_messages(data: bytes) -> list[str]:
    """NCBI's error messages in an answer that failed as a whole; ``[]`` otherwise.

    E-utilities report failures with HTTP 200 and ``<ERROR>`` elements directly
    under the result root (possibly several), or -- for some errors and for
    HTTP 429 -- a JSON object ``{"error": "..."}``.  An ``<ERROR>`` nested
    deeper (inside one ``LinkSet``) concerns one ID only and is not reported
    here; neither is ESearch's ``<ErrorList>``, which just means "no hits".
    """
    head = data.lstrip()[:1]
    if head == b"{":
        try:
            value = json.loads(data.decode("utf-8", "replace"))
        except ValueError:
            return []
        if isinstance(value, dict):
            error = value.get("error") or value.get("esearchresult", {}).get("ERROR")
            if isinstance(error, str) and error:
                return [error]
        return []
    if b"<ERROR>" not in data and b"<ERROR " not in data:
        return []
    try:
        root = parse_xml(data, "error check")
    except FormatError:
        return []
    return [" ".join((el.text or "").split()) or "unspecified error" for el in root if el.tag == "ERROR"]


# -- elink -----------------------------------------------------------------------------


def parse_elink(data: bytes, kinds: dict[str, LinkKind] | None = None) -> dict[int, list[Link]]:
    """ELink answer -> links per source PMID, in NCBI's order (``rank`` from 1).

    Ask with one ``id=`` parameter per PMID so that NCBI answers with one
    ``LinkSet`` per paper.  A comma list merges all papers into a single
    ``LinkSet`` whose ``IdList`` holds several IDs: those links cannot be told
    apart, so each source PMID gets the whole merged list (the best available,
    and honest: it is what NCBI answered).  The paper itself, which
    ``neighbor_score`` lists first with score 2147483647, is dropped.  Link
    names not in ``kinds`` (``_combined``, ``_five``, ``_reviews`` ...) are
    ignored.
    """
    kinds = LINKNAME_KINDS if kinds is None else kinds
    root = parse_xml(data, "elink")
    if root.tag != "eLinkResult":
        raise FormatError(f"expected an eLinkResult, got <{root.tag}>", source="elink")
    result: dict[int, list[Link]] = {}
    for link_set in root:
        if link_set.tag != "LinkSet":
            continue
        sources = [int(t) for t in _SOURCE_IDS(link_set) if t.strip().isdigit()]
        per_kind: list[Link] = []
        for db in link_set:
            if db.tag != "LinkSetDb":
                continue
            kind = kinds.get((db.findtext("LinkName") or "").strip())
            if kind is None:
                continue
            rank = 0
            for link in db:
                if link.tag != "Link":
                    continue
                id_text = (link.findtext("Id") or "").strip()
                if not id_text.isdigit():
                    continue
                pmid = int(id_text)
                score_text = (link.findtext("Score") or "").strip()
                score = float(score_text) if score_text.isdigit() else None
                if pmid in sources or score == SELF_LINK_SCORE:
                    continue
                rank += 1
                per_kind.append(Link(kind=kind, pmid=pmid, rank=rank, score=score))
        for source in sources:
            result.setdefault(source, []).extend(per_kind)
    return result


# -- esummary ------------------------------------------------------------------------------


def _year(text: str) -> int | None:
    match = _YEAR.search(text or "")
    return int(match.group(1)) if match else None


def _short_authors(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) > 3:
        return ", ".join(names[:3]) + ", et al."
    return ", ".join(names)


def _citation(source: str, pubdate: str, volume: str, issue: str, pages: str, so: str = "") -> str:
    """PubMed's short citation: ``Cancer Res. 2001 Dec 15;61(24):8851-8.``"""
    if not so:
        so = pubdate
        if volume:
            so += f";{volume}"
            if issue:
                so += f"({issue})"
        if pages:
            so += f":{pages}"
    text = f"{source}. {so}" if source and so else source or so
    return (text.rstrip(".") + ".") if text else ""


def _doi(article_ids: Iterable[tuple[str, str]], elocation: str) -> str:
    for kind, value in article_ids:
        if kind == "doi" and value:
            return value.strip()
    match = re.search(r"doi:\s*(\S+)", elocation or "")
    return match.group(1).rstrip(".") if match else ""


class _DocSum(NamedTuple):
    """One summarised paper, as read from any ESummary format."""

    pmid: int
    values: dict[str, str]
    authors: list[str]
    pubtypes: list[str]
    ids: list[tuple[str, str]]


def _summary_link(kind: LinkKind, doc: _DocSum) -> Link:
    values = doc.values
    source = values.get("source", "")
    return Link(
        kind=kind,
        pmid=doc.pmid,
        title=values.get("title", ""),
        journal=source,
        year=_year(values.get("pubdate", "")) or _year(values.get("epubdate", "")),
        authors=_short_authors(doc.authors),
        citation=_citation(source, values.get("pubdate", ""), values.get("volume", ""),
                           values.get("issue", ""), values.get("pages", ""), values.get("so", "")),
        doi=_doi(doc.ids, values.get("elocationid", "")),
        publication_types=tuple(dict.fromkeys(p for p in doc.pubtypes if p)),
    )


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def parse_esummary(data: bytes, kind: LinkKind = LinkKind.SIMILAR) -> list[Link]:
    """ESummary (XML v1, XML ``version=2.0`` or JSON) -> one summary ``Link`` per paper.

    ``kind`` is the pane the summaries are for; callers merge the fields into
    the links they already hold.  Documents NCBI could not summarise (a
    per-document ``<error>``) are left out, so callers diff asked against got.
    """
    return [_summary_link(kind, doc) for doc in _esummary_docs(data)]


def parse_esummary_ids(data: bytes) -> dict[int, dict[str, str]]:
    """ESummary -> the article IDs of each summarised paper, by ID type.

    ``{22144687: {"pubmed": "22144687", "doi": "10.1093/nar/gkr1202",
    "pmc": "PMC3245039", "pmcid": "pmc-id: PMC3245039;", ...}}``: the type
    names are NCBI's (``ArticleIds`` in XML v2 and JSON, ``Item Name`` in
    v1), the first non-empty value of a type counts, and ``doi`` is the DOI
    :func:`parse_esummary` gives (falling back to ``ELocationID``).  Documents
    NCBI could not summarise are left out.
    """
    result: dict[int, dict[str, str]] = {}
    for doc in _esummary_docs(data):
        ids: dict[str, str] = {}
        for kind, value in doc.ids:
            if kind and value:
                ids.setdefault(kind, value)
        doi = _doi(doc.ids, doc.values.get("elocationid", ""))
        if doi:
            ids["doi"] = doi
        result[doc.pmid] = ids
    return result


def _esummary_docs(data: bytes) -> list[_DocSum]:
    if data.lstrip()[:1] == b"{":
        return _esummary_json(data)
    root = parse_xml(data, "esummary")
    if root.tag != "eSummaryResult":
        raise FormatError(f"expected an eSummaryResult, got <{root.tag}>", source="esummary")
    docs: list[_DocSum] = []
    for child in root:
        if child.tag == "DocSum":
            doc = _docsum_v1(child)
            if doc:
                docs.append(doc)
        elif child.tag == "DocumentSummarySet":
            for element in child:
                if element.tag == "DocumentSummary":
                    doc = _docsum_v2(element)
                    if doc:
                        docs.append(doc)
    return docs


def _docsum_v1(doc: etree._Element) -> _DocSum | None:
    pmid_text = (doc.findtext("Id") or "").strip()
    if not pmid_text.isdigit():
        return None
    values: dict[str, str] = {}
    authors: list[str] = []
    pubtypes: list[str] = []
    ids: list[tuple[str, str]] = []
    for item in doc:
        if item.tag != "Item":
            continue
        name = item.get("Name") or ""
        if name == "AuthorList":
            authors = [_clean(a.text) for a in item if a.get("Name") == "Author"]
        elif name == "PubTypeList":
            pubtypes = [_clean(p.text) for p in item]
        elif name == "ArticleIds":
            ids = [(a.get("Name") or "", _clean(a.text)) for a in item]
        elif name == "DOI":
            ids.insert(0, ("doi", _clean(item.text)))
        elif len(item) == 0:
            values[name.lower()] = _clean(item.text)
    return _DocSum(int(pmid_text), values, authors, pubtypes, ids)


def _docsum_v2(doc: etree._Element) -> _DocSum | None:
    uid = (doc.get("uid") or "").strip()
    if not uid.isdigit() or doc.find("error") is not None:
        return None
    values: dict[str, str] = {}
    authors: list[str] = []
    pubtypes: list[str] = []
    ids: list[tuple[str, str]] = []
    for item in doc:
        tag = item.tag
        if tag == "Authors":
            authors = [_clean(a.findtext("Name")) for a in item if a.tag == "Author"]
        elif tag == "PubType":
            pubtypes = [_clean(f.text) for f in item]
        elif tag == "ArticleIds":
            ids = [(_clean(a.findtext("IdType")), _clean(a.findtext("Value"))) for a in item]
        elif len(item) == 0:
            values[tag.lower()] = _clean(item.text)
    return _DocSum(int(uid), values, authors, pubtypes, ids)


def _esummary_json(data: bytes) -> list[_DocSum]:
    try:
        result = json.loads(data.decode("utf-8"))["result"]
        uids = result["uids"]
    except (ValueError, KeyError, TypeError) as exc:
        raise FormatError(f"unreadable ESummary JSON: {exc}", source="esummary") from exc
    docs = []
    for uid in uids:
        doc = result.get(str(uid))
        if not isinstance(doc, dict) or doc.get("error") or not str(uid).isdigit():
            continue
        values = {k: _clean(v) for k, v in doc.items() if isinstance(v, str)}
        authors = [_clean(a.get("name")) for a in doc.get("authors") or [] if isinstance(a, dict)]
        pubtypes = [_clean(p) for p in doc.get("pubtype") or [] if isinstance(p, str)]
        ids = [(_clean(a.get("idtype")), _clean(a.get("value")))
               for a in doc.get("articleids") or [] if isinstance(a, dict)]
        docs.append(_DocSum(int(uid), values, authors, pubtypes, ids))
    return docs


# -- esearch ----------------------------------------------------------------------------


def parse_esearch(data: bytes) -> list[int]:
    """ESearch answer -> the IDs found, in NCBI's order.

    Zero hits come as ``<ErrorList><PhraseNotFound>`` with HTTP 200: that is
    an empty result, not a failure.
    """
    if data.lstrip()[:1] == b"{":
        try:
            ids = json.loads(data.decode("utf-8"))["esearchresult"]["idlist"]
        except (ValueError, KeyError, TypeError) as exc:
            raise FormatError(f"unreadable ESearch JSON: {exc}", source="esearch") from exc
        return [int(i) for i in ids if str(i).isdigit()]
    root = parse_xml(data, "esearch")
    if root.tag != "eSearchResult":
        raise FormatError(f"expected an eSearchResult, got <{root.tag}>", source="esearch")
    id_list = root.find("IdList")
    if id_list is None:
        return []
    return [int(t) for t in (i.text or "" for i in id_list) if t.strip().isdigit()]
