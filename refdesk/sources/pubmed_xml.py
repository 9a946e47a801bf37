"""PubMed EFetch XML (``db=pubmed&retmode=xml``) to :class:`~refdesk.model.Paper`.

Pure: bytes in, frozen model objects out.  The parser walks each record's
children once and dispatches on the tag, so a 200-record EFetch answer is read
in one pass of lxml's C parser plus one Python visit per element that RefDesk
keeps; no XPath is compiled per record.

Field choices worth knowing:

* ``pages`` is ``MedlinePgn`` exactly as given (``8851-8``); see
  :func:`refdesk.pages.full_page_range` for the expanded form.
* ``date_text`` follows PubMed's citation (``2001 Dec 15``, ``1990 Spring``,
  ``2014 May-Jun``); ``year``/``month``/``day`` are the parsed parts, for a
  ``MedlineDate`` the first year and month named.
* ``doi`` keeps the case PubMed gives; compare DOIs with
  :func:`refdesk.identifiers.normalize_doi`.
* ``CommentsCorrections`` become :class:`~refdesk.model.Notice` objects,
  except ``Cites`` which, like ``ReferenceList`` entries with a PMID, become
  ``Link(kind=REFERENCES)``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from lxml import etree

from refdesk.dates import month_abbreviation, month_number
from refdesk.errors import FormatError
from refdesk.model import (
    AbstractSection,
    Author,
    Link,
    LinkKind,
    MeshHeading,
    MeshQualifier,
    Notice,
    Paper,
    PaperKind,
)
from refdesk.sources.safe_xml import localname, parse_xml

__all__ = ["parse_pubmed_xml", "normalize_orcid"]

_INLINE = frozenset(("i", "b", "u", "sup", "sub"))
_MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_SPACES = re.compile(r"[ \t\r\n]+")
_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")
_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_WORD = re.compile(r"[A-Za-z]+")
_ACCENTS = {".": "\u0307", "\u02d9": "\u0307", "\u00a8": "\u0308", "..": "\u0308",
            "^": "\u0302", "\u02c6": "\u0302", "~": "\u0303", "\u02dc": "\u0303",
            "\u00af": "\u0304", "\u203e": "\u0304", "-": "\u0304", "_": "\u0332",
            "\u2192": "\u20d7"}


def parse_pubmed_xml(data: bytes, source: str = "efetch") -> list[Paper]:
    """All ``PubmedArticle``/``PubmedBookArticle`` records in an EFetch answer.

    An empty ``PubmedArticleSet`` (unknown PMIDs) gives ``[]``.  Malformed,
    truncated or unsafe XML, or a document that is not a PubMed article set,
    raises :class:`FormatError`.
    """
    root = parse_xml(data, source)
    if root.tag != "PubmedArticleSet":
        raise FormatError(f"expected a PubmedArticleSet, got <{localname(root.tag)}>", source=source)
    papers: list[Paper] = []
    for record in root:
        tag = record.tag
        try:
            if tag == "PubmedArticle":
                papers.append(_article(record))
            elif tag == "PubmedBookArticle":
                papers.append(_book_article(record))
        except (ValueError, TypeError) as exc:  # a record whose shape breaks an assumption
            raise FormatError(f"unreadable record: {exc}", source=source, line=record.sourceline) from exc
    return papers


# -- text with inline markup -------------------------------------------------


def _clean(text: str) -> str:
    """Collapse layout whitespace (newlines, indentation); keep no-break spaces."""
    if "\n" in text or "  " in text or "\t" in text or "\r" in text:
        return _SPACES.sub(" ", text).strip()
    return text.strip()


def _text(el: etree._Element | None) -> str:
    """Readable text of an element, markup dropped (for names, journals ...)."""
    if el is None:
        return ""
    if len(el) == 0:
        return _clean(el.text or "")
    return _rich(el)[0]


def _rich(el: etree._Element) -> tuple[str, str]:
    """``(plain, markup)`` of a mixed-content element; markup is ``""`` if none.

    Markup is RefDesk's HTML subset (``<i> <b> <u> <sup> <sub>``, everything
    else escaped); MathML becomes readable text with sub/superscripts.
    """
    if len(el) == 0:
        return _clean(el.text or ""), ""
    plain: list[str] = []
    markup: list[str] = []
    _walk(el, plain, markup)
    return _clean("".join(plain)), _clean("".join(markup))


def _walk(el: etree._Element, plain: list[str], markup: list[str]) -> None:
    if el.text:
        plain.append(el.text)
        markup.append(html.escape(el.text, quote=False))
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            if tag in _INLINE:
                markup.append(f"<{tag}>")
                _walk(child, plain, markup)
                markup.append(f"</{tag}>")
            elif tag.startswith("{" + _MATHML_NS) or tag == "math":
                text, mark = _math(child)
                plain.append(text)
                markup.append(mark)
            else:
                _walk(child, plain, markup)
        if child.tail:
            plain.append(child.tail)
            markup.append(html.escape(child.tail, quote=False))


def _math(el: etree._Element) -> tuple[str, str]:
    """MathML to ``(text, markup)``; layout whitespace inside MathML is dropped."""
    name = localname(el.tag)
    if name in ("mi", "mn", "mo", "mtext", "ms"):
        text = "".join(el.itertext()).strip()
        return text, html.escape(text, quote=False)
    if name in ("annotation", "annotation-xml", "none", "mprescripts"):
        return "", ""
    kids = [_math(child) for child in el if isinstance(child.tag, str)]
    if name == "semantics":
        return kids[0] if kids else ("", "")
    if name == "msub" and len(kids) >= 2:
        return kids[0][0] + kids[1][0], f"{kids[0][1]}<sub>{kids[1][1]}</sub>"
    if name == "msup" and len(kids) >= 2:
        return kids[0][0] + kids[1][0], f"{kids[0][1]}<sup>{kids[1][1]}</sup>"
    if name == "msubsup" and len(kids) >= 3:
        return (kids[0][0] + kids[1][0] + kids[2][0],
                f"{kids[0][1]}<sub>{kids[1][1]}</sub><sup>{kids[2][1]}</sup>")
    if name in ("mover", "munder") and len(kids) >= 2:
        accent = _ACCENTS.get(kids[1][0])
        if accent:
            return kids[0][0] + accent, kids[0][1] + accent
        return kids[0][0] + kids[1][0], kids[0][1] + kids[1][1]
    if name == "mfrac" and len(kids) >= 2:
        return f"{kids[0][0]}/{kids[1][0]}", f"{kids[0][1]}/{kids[1][1]}"
    if name == "msqrt":
        text = "".join(k[0] for k in kids)
        mark = "".join(k[1] for k in kids)
        return f"\u221a({text})", f"\u221a({mark})"
    if name == "mfenced":
        open_, close = el.get("open", "("), el.get("close", ")")
        sep = el.get("separators", ",")[:1]
        return (open_ + sep.join(k[0] for k in kids) + close,
                html.escape(open_, quote=False) + sep.join(k[1] for k in kids) + html.escape(close, quote=False))
    return "".join(k[0] for k in kids), "".join(k[1] for k in kids)


# -- small parts ---------------------------------------------------------------


def normalize_orcid(text: str) -> str:
    """``https://orcid.org/0000-0002-4590-7461`` or ``000000024590746X`` -> dashed form."""
    match = _ORCID.search(text.replace(" ", ""))
    if not match:
        return ""
    return "-".join(match.groups()).upper()


def _author(el: etree._Element) -> Author | None:
    if el.get("ValidYN") == "N":
        return None
    last = fore = initials = suffix = collective = orcid = ""
    affiliations: list[str] = []
    for child in el:
        tag = child.tag
        if tag == "LastName":
            last = _text(child)
        elif tag == "ForeName":
            fore = _text(child)
        elif tag == "Initials":
            initials = _text(child)
        elif tag == "Suffix":
            suffix = _text(child)
        elif tag == "CollectiveName":
            collective = _text(child)
        elif tag == "AffiliationInfo":
            for part in child:
                if part.tag == "Affiliation":
                    text = _text(part)
                    if text:
                        affiliations.append(text)
        elif tag == "Identifier" and (child.get("Source") or "").upper() == "ORCID":
            orcid = normalize_orcid(child.text or "")
    if not (last or fore or collective):
        return None
    return Author(last=last, fore=fore, initials=initials, suffix=suffix, collective=collective,
                  affiliations=tuple(affiliations), orcid=orcid)


def _authors(el: etree._Element) -> tuple[Author, ...]:
    authors = []
    for child in el:
        if child.tag == "Author":
            author = _author(child)
            if author is not None:
                authors.append(author)
    return tuple(authors)


def _month(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        value = int(text)
        return value if 1 <= value <= 12 else None
    return month_number(text) or month_number(text[:3])


def _pub_date(el: etree._Element | None) -> tuple[int | None, int | None, int | None, str]:
    """``(year, month, day, date_text)`` of a PubDate (Year/Month/Day, Season, MedlineDate)."""
    if el is None:
        return None, None, None, ""
    year_text = month_text = day_text = season = medline = ""
    for child in el:
        tag = child.tag
        if tag == "Year":
            year_text = _text(child)
        elif tag == "Month":
            month_text = _text(child)
        elif tag == "Day":
            day_text = _text(child)
        elif tag == "Season":
            season = _text(child)
        elif tag == "MedlineDate":
            medline = _text(child)
    if medline and not year_text:
        found = _YEAR.search(medline)
        year = int(found.group(1)) if found else None
        month = None
        for word in _WORD.findall(medline):
            month = month_number(word)
            if month:
                break
        return year, month, None, medline
    year = int(year_text) if year_text.isdigit() else None
    month = _month(month_text) if month_text else None
    day = int(day_text) if day_text.isdigit() and 1 <= int(day_text) <= 31 else None
    parts = [year_text] if year_text else []
    if month:
        parts.append(month_abbreviation(month))
        if day:
            parts.append(str(day))
    elif month_text:
        parts.append(month_text)
    if season:
        parts.append(season)  # a season is not a month: keep it in date_text only
    return year, month, (day if month else None), " ".join(parts)


def _abstract(el: etree._Element) -> tuple[AbstractSection, ...]:
    sections = []
    for child in el:
        if child.tag == "AbstractText":
            text, markup = _rich(child)
            if text:
                sections.append(AbstractSection(text=text, label=(child.get("Label") or "").strip(), markup=markup))
    return tuple(sections)


def _mesh(el: etree._Element) -> tuple[MeshHeading, ...]:
    headings = []
    for heading in el:
        if heading.tag != "MeshHeading":
            continue
        descriptor = ""
        major = False
        qualifiers = []
        for part in heading:
            if part.tag == "DescriptorName":
                descriptor = _text(part)
                major = part.get("MajorTopicYN") == "Y"
            elif part.tag == "QualifierName":
                qualifiers.append(MeshQualifier(_text(part), part.get("MajorTopicYN") == "Y"))
        if descriptor:
            headings.append(MeshHeading(descriptor, major, tuple(qualifiers)))
    return tuple(headings)


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


def _article_ids(el: etree._Element | None) -> dict[str, str]:
    ids: dict[str, str] = {}
    if el is None:
        return ids
    for child in el:
        if child.tag == "ArticleId":
            kind = child.get("IdType") or ""
            if kind and kind not in ids and child.text:
                ids[kind] = child.text.strip()
    return ids


# Reference lists are the bulk of a record (reviews cite hundreds of papers),
# so they are read with two XPath expressions compiled once at import: one
# gives the PMIDs as plain strings, the other the matching <Citation> elements.
# Explicit child steps (one nested ReferenceList level, as the DTD allows) are
# several times faster in libxml2 than a descendant "//" search.
_REFERENCE_PMIDS = etree.XPath(
    "(ReferenceList|ReferenceList/ReferenceList)/Reference/ArticleIdList/ArticleId[@IdType='pubmed']/text()",
    smart_strings=False,
)
_REFERENCE_CITATIONS = etree.XPath(
    "(ReferenceList|ReferenceList/ReferenceList)/Reference[ArticleIdList/ArticleId/@IdType='pubmed']/Citation"
)


def _references(parent: etree._Element) -> list[Link]:
    """``ReferenceList`` entries under ``parent`` that carry a PMID, ranked in order."""
    pmids = _REFERENCE_PMIDS(parent)
    if not pmids:
        return []
    citations = _REFERENCE_CITATIONS(parent)
    if len(citations) != len(pmids):  # a reference with two PMIDs or none: walk them one by one
        return _references_slow(parent)
    references = LinkKind.REFERENCES
    links = []
    rank = 0
    for pmid_text, citation in zip(pmids, citations):
        pmid = _int(pmid_text)
        if pmid is not None:
            rank += 1
            text = _clean(citation.text or "") if len(citation) == 0 else _text(citation)
            links.append(Link(references, pmid, rank, None, "", "", text))
    return links


def _references_slow(parent: etree._Element) -> list[Link]:
    links: list[Link] = []
    for ref in parent.iterfind(".//Reference"):
        ids = _article_ids(ref.find("ArticleIdList"))
        pmid = _int(ids.get("pubmed"))
        if pmid is not None:
            links.append(Link(LinkKind.REFERENCES, pmid, len(links) + 1, None, "", "", _text(ref.find("Citation"))))
    return links


def _comments(el: etree._Element) -> tuple[list[Notice], list[Link]]:
    notices: list[Notice] = []
    cites: list[Link] = []
    for item in el:
        if item.tag != "CommentsCorrections":
            continue
        kind = item.get("RefType") or ""
        text = ""
        pmid = None
        for part in item:
            if part.tag == "RefSource":
                text = _text(part)
            elif part.tag == "PMID":
                pmid = _int(part.text)
        if kind == "Cites":
            if pmid is not None:
                cites.append(Link(kind=LinkKind.REFERENCES, pmid=pmid, rank=len(cites) + 1, citation=text))
        elif kind:
            notices.append(Notice(kind=kind, text=text, pmid=pmid))
    return notices, cites


def _merge_references(reference_list: list[Link], cites: list[Link]) -> tuple[Link, ...]:
    """ReferenceList first (it has citations), then ``Cites`` not already listed."""
    seen = {link.pmid for link in reference_list}
    merged = list(reference_list)
    for link in cites:
        if link.pmid not in seen:
            seen.add(link.pmid)
            merged.append(Link(kind=link.kind, pmid=link.pmid, rank=len(merged) + 1, citation=link.citation))
    return tuple(merged)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


# -- records ---------------------------------------------------------------------


def _article(record: etree._Element) -> Paper:
    fields: dict[str, object] = {"source": "pubmed", "kind": PaperKind.ARTICLE}
    notices: list[Notice] = []
    cites: list[Link] = []
    keywords: list[str] = []
    substances: list[str] = []
    ids: dict[str, str] = {}
    reference_parent: etree._Element | None = None
    elocation_doi = ""
    medline_ta = ""
    for part in record:
        if part.tag == "MedlineCitation":
            for child in part:
                tag = child.tag
                if tag == "PMID":
                    fields["pmid"] = _int(child.text)
                elif tag == "Article":
                    elocation_doi = _read_article(child, fields)
                elif tag == "MedlineJournalInfo":
                    for info in child:
                        if info.tag == "MedlineTA":
                            medline_ta = _text(info)
                        elif info.tag == "ISSNLinking" and not fields.get("issn"):
                            fields["issn"] = _text(info)
                elif tag == "ChemicalList":
                    substances.extend(_text(c.find("NameOfSubstance")) for c in child if c.tag == "Chemical")
                elif tag == "MeshHeadingList":
                    fields["mesh"] = _mesh(child)
                elif tag == "KeywordList":
                    keywords.extend(_text(k) for k in child if k.tag == "Keyword")
                elif tag == "CommentsCorrectionsList":
                    found_notices, found_cites = _comments(child)
                    notices.extend(found_notices)
                    cites.extend(found_cites)
        elif part.tag == "PubmedData":
            for child in part:
                if child.tag == "ArticleIdList":
                    ids = _article_ids(child)
                elif child.tag == "ReferenceList":
                    reference_parent = part
    if not fields.get("journal_iso") and medline_ta:
        fields["journal_iso"] = medline_ta
    if fields.get("pmid") is None:
        fields["pmid"] = _int(ids.get("pubmed"))
    fields["doi"] = elocation_doi or ids.get("doi", "")
    fields["pmcid"] = ids.get("pmc", "")
    fields["keywords"] = _unique(keywords)
    fields["substances"] = _unique(substances)
    fields["notices"] = tuple(notices)
    reference_list = _references(reference_parent) if reference_parent is not None else []
    fields["links"] = _merge_references(reference_list, cites)
    return Paper(**fields)  # type: ignore[arg-type]


def _read_article(article: etree._Element, fields: dict[str, object]) -> str:
    """Fill ``fields`` from ``<Article>``; return the ELocationID DOI."""
    doi = ""
    start_page = end_page = ""
    languages: list[str] = []
    for child in article:
        tag = child.tag
        if tag == "Journal":
            for j in child:
                if j.tag == "ISSN":
                    fields.setdefault("issn", _text(j))
                elif j.tag == "JournalIssue":
                    for issue in j:
                        if issue.tag == "Volume":
                            fields["volume"] = _text(issue)
                        elif issue.tag == "Issue":
                            fields["issue"] = _text(issue)
                        elif issue.tag == "PubDate":
                            _set_date(fields, issue)
                elif j.tag == "Title":
                    fields["journal"] = _text(j)
                elif j.tag == "ISOAbbreviation":
                    fields["journal_iso"] = _text(j)
        elif tag == "ArticleTitle":
            fields["title"], fields["title_markup"] = _rich(child)
        elif tag == "VernacularTitle":
            fields["vernacular_title"] = _text(child)
        elif tag == "Pagination":
            for p in child:
                if p.tag == "MedlinePgn":
                    fields["pages"] = _text(p)
                elif p.tag == "StartPage":
                    start_page = _text(p)
                elif p.tag == "EndPage":
                    end_page = _text(p)
        elif tag == "ELocationID":
            if child.get("EIdType") == "doi" and child.get("ValidYN", "Y") == "Y" and not doi:
                doi = _text(child)
        elif tag == "Abstract":
            fields["abstract"] = _abstract(child)
        elif tag == "AuthorList":
            if child.get("Type") == "editors":
                fields["editors"] = _authors(child)
            else:
                fields["authors"] = _authors(child)
        elif tag == "Language":
            languages.append(_text(child))
        elif tag == "PublicationTypeList":
            fields["publication_types"] = _unique(_text(p) for p in child if p.tag == "PublicationType")
    if not fields.get("pages") and start_page:
        fields["pages"] = f"{start_page}-{end_page}" if end_page and end_page != start_page else start_page
    if languages:
        fields["language"] = languages[0]
    return doi


def _set_date(fields: dict[str, object], el: etree._Element) -> None:
    year, month, day, text = _pub_date(el)
    fields["year"], fields["month"], fields["day"], fields["date_text"] = year, month, day, text


def _book_article(record: etree._Element) -> Paper:
    fields: dict[str, object] = {"source": "pubmed"}
    keywords: list[str] = []
    publication_types: list[str] = []
    ids: dict[str, str] = {}
    languages: list[str] = []
    reference_parent: etree._Element | None = None
    book_title = book_markup = ""
    for part in record:
        if part.tag == "BookDocument":
            for child in part:
                tag = child.tag
                if tag == "PMID":
                    fields["pmid"] = _int(child.text)
                elif tag == "ArticleIdList":
                    ids.update(_article_ids(child))
                elif tag == "Book":
                    book_title, book_markup = _read_book(child, fields)
                elif tag == "ArticleTitle":
                    fields["title"], fields["title_markup"] = _rich(child)
                elif tag == "VernacularTitle":
                    fields["vernacular_title"] = _text(child)
                elif tag == "Language":
                    languages.append(_text(child))
                elif tag == "AuthorList":
                    if child.get("Type") == "editors":
                        fields["editors"] = _authors(child)
                    else:
                        fields["authors"] = _authors(child)
                elif tag == "PublicationType":
                    publication_types.append(_text(child))
                elif tag == "Abstract":
                    fields["abstract"] = _abstract(child)
                elif tag == "KeywordList":
                    keywords.extend(_text(k) for k in child if k.tag == "Keyword")
                elif tag == "ReferenceList":
                    reference_parent = part
                elif tag == "ELocationID" and child.get("EIdType") == "doi":
                    ids.setdefault("doi", _text(child))
        elif part.tag == "PubmedBookData":
            for child in part:
                if child.tag == "ArticleIdList":
                    for key, value in _article_ids(child).items():
                        ids.setdefault(key, value)
    if fields.get("title"):
        fields["kind"] = PaperKind.CHAPTER
    else:
        fields["kind"] = PaperKind.BOOK
        fields["title"], fields["title_markup"] = book_title, book_markup
    fields["book_title"] = book_title
    if fields.get("pmid") is None:
        fields["pmid"] = _int(ids.get("pubmed"))
    fields["doi"] = ids.get("doi", "")
    fields["pmcid"] = ids.get("pmc", "")
    if ids.get("bookaccession"):
        fields["url"] = f"https://www.ncbi.nlm.nih.gov/books/{ids['bookaccession']}/"
    if languages:
        fields["language"] = languages[0]
    fields["publication_types"] = _unique(publication_types)
    fields["keywords"] = _unique(keywords)
    fields["links"] = tuple(_references(reference_parent)) if reference_parent is not None else ()
    return Paper(**fields)  # type: ignore[arg-type]


def _read_book(book: etree._Element, fields: dict[str, object]) -> tuple[str, str]:
    title = markup = ""
    for child in book:
        tag = child.tag
        if tag == "Publisher":
            for p in child:
                if p.tag == "PublisherName":
                    fields["publisher"] = _text(p)
        elif tag == "BookTitle":
            title, markup = _rich(child)
        elif tag == "PubDate":
            _set_date(fields, child)
        elif tag == "AuthorList":
            if child.get("Type") == "editors":
                fields["editors"] = _authors(child)
            else:
                fields.setdefault("authors", _authors(child))
        elif tag == "Volume":
            fields["volume"] = _text(child)
    return title, markup
