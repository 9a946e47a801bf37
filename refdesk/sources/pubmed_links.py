"""The papers a PubMed record points to: its reference list and comments/corrections.

``ReferenceList`` entries with a PMID become ``Link(kind=REFERENCES)``, ranked
in order; ``CommentsCorrections`` become :class:`~refdesk.model.Notice`
objects, except ``Cites``, which are references too: they are appended to
the reference list's links unless it already names the same PMID.

Reference lists are the bulk of an EFetch answer (a review cites hundreds of
papers; more than half the elements of a typical answer are references), so
their PMIDs and citations are gathered by two XPath expressions compiled
once, and their links built all at once.
"""

from __future__ import annotations

from itertools import repeat

from lxml import etree

from refdesk.model import Link, LinkKind, Notice
from refdesk.sources.pubmed_text import text_of, texts_of

__all__ = ["article_ids", "comments_and_cites", "merge_references", "positive_int", "reference_links"]

_REFERENCES = LinkKind.REFERENCES

#: A reference cited by a ``CommentsCorrections RefType="Cites"``: ``(pmid, citation)``.
Cite = tuple[int, str]


def positive_int(text: str | None) -> int | None:
    """``" 123 "`` -> ``123``; ``None`` for empty, zero or non-digit text."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def reference_links(parent: etree._Element) -> list[Link]:
    """``ReferenceList`` entries under ``parent`` that carry a PMID, ranked in order.

    The PMIDs are the text of the PubMed ``ArticleId`` of the references in a
    ``ReferenceList`` of ``parent`` (or in one nested list), the citations the
    ``<Citation>`` of the references that have such an id; when there are as
    many of one as of the other they are paired in order, otherwise every
    ``Reference`` below ``parent`` is read one by one.
    """
    pmid_texts = _REFERENCE_PMIDS(parent)
    if not pmid_texts:
        return []
    citations = _REFERENCE_CITATIONS(parent)
    if len(citations) != len(pmid_texts):  # a reference with two PMIDs or none
        return _walked_one_by_one(parent)
    if "".join(pmid_texts).isdigit():  # the usual case: positive_int() of each, all at once
        pmids: list[int | None] = list(map(int, pmid_texts))
    else:
        pmids = list(map(positive_int, pmid_texts))
    if 0 in pmids or None in pmids:
        kept = [(pmid, citation) for pmid, citation in zip(pmids, citations) if pmid]
        pmids = [pmid for pmid, _ in kept]
        citations = [citation for _, citation in kept]
    texts = texts_of(citations)
    ranks = range(1, len(pmids) + 1)
    return list(map(Link, repeat(_REFERENCES), pmids, ranks, repeat(None), repeat(""), repeat(""), texts))


# Explicit child steps (one nested ReferenceList level, as the DTD allows)
# are several times faster in libxml2 than a descendant "//" search.
_REFERENCE_PMIDS = etree.XPath(
    "(ReferenceList|ReferenceList/ReferenceList)/Reference/ArticleIdList/ArticleId[@IdType='pubmed']/text()",
    smart_strings=False,
)
_REFERENCE_CITATIONS = etree.XPath(
    "(ReferenceList|ReferenceList/ReferenceList)/Reference[ArticleIdList/ArticleId/@IdType='pubmed']/Citation"
)


def _walked_one_by_one(parent: etree._Element) -> list[Link]:
    links: list[Link] = []
    for reference in parent.iterfind(".//Reference"):
        id_list = reference.find("ArticleIdList")
        pmid = positive_int(article_ids(id_list).get("pubmed") if id_list is not None else None)
        if pmid is not None:
            links.append(Link(_REFERENCES, pmid, len(links) + 1, None, "", "", text_of(reference.find("Citation"))))
    return links


def article_ids(id_list: etree._Element) -> dict[str, str]:
    """The first non-empty id of each type in an ``ArticleIdList``, stripped."""
    ids: dict[str, str] = {}
    for child in id_list:
        if child.tag == "ArticleId":
            kind = child.get("IdType") or ""
            if kind and kind not in ids and child.text:
                ids[kind] = child.text.strip()
    return ids


def comments_and_cites(comments: etree._Element) -> tuple[list[Notice], list[Cite]]:
    """The notices and the ``Cites`` of a ``CommentsCorrectionsList``."""
    notices: list[Notice] = []
    cites: list[Cite] = []
    for item in comments:
        if item.tag != "CommentsCorrections":
            continue
        kind = item.get("RefType") or ""
        text = ""
        pmid = None
        for part in item:
            tag = part.tag
            if tag == "RefSource":
                text = text_of(part)
            elif tag == "PMID":
                pmid = positive_int(part.text)
        if kind == "Cites":
            if pmid is not None:
                cites.append((pmid, text))
        elif kind:
            notices.append(Notice(kind, text, pmid))
    return notices, cites


def merge_references(reference_list: list[Link], cites: list[Cite]) -> tuple[Link, ...]:
    """ReferenceList first (it has citations), then ``Cites`` not already listed."""
    if not cites:
        return tuple(reference_list)
    seen = {link.pmid for link in reference_list}
    merged = list(reference_list)
    for pmid, citation in cites:
        if pmid not in seen:
            seen.add(pmid)
            merged.append(Link(_REFERENCES, pmid, len(merged) + 1, None, "", "", citation))
    return tuple(merged)
