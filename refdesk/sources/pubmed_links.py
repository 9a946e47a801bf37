"""The papers a PubMed record points to: its reference list and comments/corrections.

``ReferenceList`` entries with a PMID become ``Link(kind=REFERENCES)``, ranked
in order; ``CommentsCorrections`` become :class:`~refdesk.model.Notice`
objects, except ``Cites``, which are references too: they are appended to
the reference list's links unless it already names the same PMID.

Reference lists are the bulk of an EFetch answer (a review cites hundreds of
papers; more than half the elements of a typical answer are references), so
the usual shape -- each ``Reference`` with one ``Citation`` and one PubMed
``ArticleId`` -- is read in one pass over the elements.  Any other shape is
read by the general rules below (:func:`_paired_by_xpath`,
:func:`_walked_one_by_one`), which define the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat

from lxml import etree

from refdesk.model import Link, LinkKind, Notice
from refdesk.sources.pubmed_text import clean, has_layout, rich_text, text_of

__all__ = ["article_ids", "comments_and_cites", "merge_references", "positive_int", "reference_links"]

_REFERENCES = LinkKind.REFERENCES

#: A reference cited by a ``CommentsCorrections RefType="Cites"``: ``(pmid, citation)``.
Cite = tuple[int, str]


def positive_int(text: str | None) -> int | None:
    """``" 123 "`` -> ``123``; ``None`` for empty, zero or non-digit text."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def reference_links(parent: etree._Element) -> list[Link]:
    """``ReferenceList`` entries under ``parent`` that carry a PMID, ranked in order."""
    usual = _usual_references(parent)
    if usual is not None:
        pmid_texts, citations = usual
        if not pmid_texts:
            return []
    else:
        pairs = _paired_by_xpath(parent)
        if pairs is None:
            return _walked_one_by_one(parent)
        pmid_texts = [pmid for pmid, _ in pairs]
        citations = [text_of(citation) for _, citation in pairs]
    if "".join(pmid_texts).isdigit():  # the usual case: positive_int() of each, all at once
        pmids: list[int | None] = list(map(int, pmid_texts))
    else:
        pmids = list(map(positive_int, pmid_texts))
    if 0 in pmids or None in pmids:
        kept = [(pmid, citation) for pmid, citation in zip(pmids, citations) if pmid]
        pmids = [pmid for pmid, _ in kept]
        citations = [citation for _, citation in kept]
    return list(map(Link, repeat(_REFERENCES), pmids, range(1, len(pmids) + 1),
                    repeat(None), repeat(""), repeat(""), citations))


def _usual_references(parent: etree._Element) -> tuple[list[str], list[str]] | None:
    """PMID texts and citation texts of the references with a PMID, or ``None`` for an unusual shape.

    Looks at the references :func:`_paired_by_xpath` looks at (those in a
    ``ReferenceList`` of ``parent`` or in one nested list) and gives the same
    pairs when every reference with a PubMed ``ArticleId`` has exactly one
    ``Citation`` and exactly one such id, holding text and no elements.
    Anything else (two PMIDs, no citation, an empty id ...) gives ``None``.
    """
    pmids: list[str] = []
    citations: list[str] = []
    for reference_list in parent.iterchildren("ReferenceList"):
        for entry in reference_list:
            tag = entry.tag
            if tag == "Reference":
                references: Iterable[etree._Element] = (entry,)
            elif tag == "ReferenceList":
                references = entry.iterchildren("Reference")
            else:
                continue
            for reference in references:
                if len(reference) == 2:  # the usual <Citation/><ArticleIdList/>
                    citation, id_list = reference
                    if citation.tag != "Citation" or id_list.tag != "ArticleIdList":
                        citation, id_list = _citation_and_ids(reference)
                else:
                    citation, id_list = _citation_and_ids(reference)
                pmid = None
                for article_id in id_list:
                    if article_id.get("IdType") == "pubmed" and article_id.tag == "ArticleId":
                        if pmid is not None or article_id.text is None or len(article_id):
                            return None
                        pmid = article_id.text
                if pmid is None:
                    continue
                if citation is None:
                    return None
                pmids.append(pmid)
                citations.append(rich_text(citation)[0] if len(citation) else citation.text or "")
    if has_layout("".join(citations)):
        return pmids, list(map(clean, citations))
    return pmids, list(map(str.strip, citations))  # what clean() does to each of them


def _citation_and_ids(reference: etree._Element) -> tuple[etree._Element | None, list[etree._Element]]:
    """The only ``Citation`` (``None`` if there are none or several) and all ArticleIds of a reference."""
    citations = []
    article_ids: list[etree._Element] = []
    for part in reference:
        if part.tag == "Citation":
            citations.append(part)
        elif part.tag == "ArticleIdList":
            article_ids.extend(part)
    return (citations[0] if len(citations) == 1 else None), article_ids


# The general rules.  The PMIDs are the text of the PubMed ArticleIds of the
# references in a ReferenceList (or one nested list), the citations are the
# <Citation>s of the references that have such an id; when there are as many
# of one as of the other they are paired in order, otherwise every Reference
# below ``parent`` is read one by one.
_REFERENCE_PMIDS = etree.XPath(
    "(ReferenceList|ReferenceList/ReferenceList)/Reference/ArticleIdList/ArticleId[@IdType='pubmed']/text()",
    smart_strings=False,
)
_REFERENCE_CITATIONS = etree.XPath(
    "(ReferenceList|ReferenceList/ReferenceList)/Reference[ArticleIdList/ArticleId/@IdType='pubmed']/Citation"
)


def _paired_by_xpath(parent: etree._Element) -> list[tuple[str, etree._Element]] | None:
    pmids = _REFERENCE_PMIDS(parent)
    if not pmids:
        return []
    citations = _REFERENCE_CITATIONS(parent)
    if len(citations) != len(pmids):
        return None
    return list(zip(pmids, citations))


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
