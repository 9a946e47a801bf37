"""One ``PubmedArticle`` or ``PubmedBookArticle`` element to a :class:`~refdesk.model.Paper`.

Each reader walks its record's children once and dispatches on the tag, so
every element RefDesk keeps is visited once from Python and nothing else is.

Field choices worth knowing:

* ``pages`` is ``MedlinePgn`` exactly as given (``8851-8``); see
  :func:`refdesk.pages.full_page_range` for the expanded form.
* ``date_text`` follows PubMed's citation (``2001 Dec 15``, ``1990 Spring``,
  ``2014 May-Jun``); ``year``/``month``/``day`` are the parsed parts, for a
  ``MedlineDate`` the first year and month named.
* ``doi`` keeps the case PubMed gives; compare DOIs with
  :func:`refdesk.sources.identifiers.normalize_doi`.
* references and comments/corrections: see :mod:`.pubmed_links`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from refdesk.dates import month_abbreviation, month_number
from refdesk.model import AbstractSection, Author, MeshHeading, MeshQualifier, Notice, Paper, PaperKind
from refdesk.sources.pubmed_links import (
    Cite,
    article_ids,
    comments_and_cites,
    merge_references,
    positive_int,
    reference_links,
)
from refdesk.sources.pubmed_text import clean, rich_text, text_of

__all__ = ["read_article", "read_book_article", "normalize_orcid"]

_ORCID = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")
_YEAR = re.compile(r"\b(1[5-9]\d\d|2\d\d\d)\b")
_WORD = re.compile(r"[A-Za-z]+")


def normalize_orcid(text: str) -> str:
    """``https://orcid.org/0000-0002-4590-7461`` or ``000000024590746X`` -> dashed form."""
    match = _ORCID.search(text.replace(" ", ""))
    if not match:
        return ""
    return "-".join(match.groups()).upper()


# -- records ---------------------------------------------------------------------


def read_article(record: etree._Element) -> Paper:
    """A ``PubmedArticle``: ``MedlineCitation`` (the citation) and ``PubmedData`` (ids, references)."""
    fields: dict[str, object] = {"source": "pubmed", "kind": PaperKind.ARTICLE}
    notices: list[Notice] = []
    cites: list[Cite] = []
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
                    fields["pmid"] = positive_int(child.text)
                elif tag == "Article":
                    elocation_doi = _read_article(child, fields)
                elif tag == "MedlineJournalInfo":
                    for info in child:
                        if info.tag == "MedlineTA":
                            medline_ta = text_of(info)
                        elif info.tag == "ISSNLinking" and not fields.get("issn"):
                            fields["issn"] = text_of(info)
                elif tag == "ChemicalList":
                    substances.extend(text_of(c.find("NameOfSubstance")) for c in child if c.tag == "Chemical")
                elif tag == "MeshHeadingList":
                    fields["mesh"] = _mesh(child)
                elif tag == "KeywordList":
                    keywords.extend(_texts_of(child, "Keyword"))
                elif tag == "CommentsCorrectionsList":
                    found_notices, found_cites = comments_and_cites(child)
                    notices.extend(found_notices)
                    cites.extend(found_cites)
        elif part.tag == "PubmedData":
            for child in part:
                if child.tag == "ArticleIdList":
                    ids = article_ids(child)
                elif child.tag == "ReferenceList":
                    reference_parent = part
    if not fields.get("journal_iso") and medline_ta:
        fields["journal_iso"] = medline_ta
    if fields.get("pmid") is None:
        fields["pmid"] = positive_int(ids.get("pubmed"))
    fields["doi"] = elocation_doi or ids.get("doi", "")
    fields["pmcid"] = ids.get("pmc", "")
    fields["keywords"] = _unique(keywords)
    fields["substances"] = _unique(substances)
    fields["notices"] = tuple(notices)
    references = reference_links(reference_parent) if reference_parent is not None else []
    fields["links"] = merge_references(references, cites)
    return Paper(**fields)  # type: ignore[arg-type]


def _read_article(article: etree._Element, fields: dict[str, object]) -> str:
    """Fill ``fields`` from ``<Article>``; return the ELocationID DOI."""
    doi = ""
    start_page = end_page = ""
    languages: list[str] = []
    for child in article:
        tag = child.tag
        if tag == "AuthorList":
            if child.get("Type") == "editors":
                fields["editors"] = _authors(child)
            else:
                fields["authors"] = _authors(child)
        elif tag == "Journal":
            _read_journal(child, fields)
        elif tag == "ArticleTitle":
            fields["title"], fields["title_markup"] = rich_text(child)
        elif tag == "Abstract":
            fields["abstract"] = _abstract(child)
        elif tag == "Pagination":
            for p in child:
                if p.tag == "MedlinePgn":
                    fields["pages"] = text_of(p)
                elif p.tag == "StartPage":
                    start_page = text_of(p)
                elif p.tag == "EndPage":
                    end_page = text_of(p)
        elif tag == "ELocationID":
            if child.get("EIdType") == "doi" and child.get("ValidYN", "Y") == "Y" and not doi:
                doi = text_of(child)
        elif tag == "Language":
            languages.append(text_of(child))
        elif tag == "PublicationTypeList":
            fields["publication_types"] = _unique(_texts_of(child, "PublicationType"))
        elif tag == "VernacularTitle":
            fields["vernacular_title"] = text_of(child)
    if not fields.get("pages") and start_page:
        fields["pages"] = f"{start_page}-{end_page}" if end_page and end_page != start_page else start_page
    if languages:
        fields["language"] = languages[0]
    return doi


def _read_journal(journal: etree._Element, fields: dict[str, object]) -> None:
    for j in journal:
        tag = j.tag
        if tag == "ISSN":
            fields.setdefault("issn", text_of(j))
        elif tag == "JournalIssue":
            for issue in j:
                if issue.tag == "Volume":
                    fields["volume"] = text_of(issue)
                elif issue.tag == "Issue":
                    fields["issue"] = text_of(issue)
                elif issue.tag == "PubDate":
                    _set_date(fields, issue)
        elif tag == "Title":
            fields["journal"] = text_of(j)
        elif tag == "ISOAbbreviation":
            fields["journal_iso"] = text_of(j)


def read_book_article(record: etree._Element) -> Paper:
    """A ``PubmedBookArticle``: a chapter (it has an ``ArticleTitle``) or a whole book."""
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
                    fields["pmid"] = positive_int(child.text)
                elif tag == "ArticleIdList":
                    ids.update(article_ids(child))
                elif tag == "Book":
                    book_title, book_markup = _read_book(child, fields)
                elif tag == "ArticleTitle":
                    fields["title"], fields["title_markup"] = rich_text(child)
                elif tag == "VernacularTitle":
                    fields["vernacular_title"] = text_of(child)
                elif tag == "Language":
                    languages.append(text_of(child))
                elif tag == "AuthorList":
                    if child.get("Type") == "editors":
                        fields["editors"] = _authors(child)
                    else:
                        fields["authors"] = _authors(child)
                elif tag == "PublicationType":
                    publication_types.append(text_of(child))
                elif tag == "Abstract":
                    fields["abstract"] = _abstract(child)
                elif tag == "KeywordList":
                    keywords.extend(_texts_of(child, "Keyword"))
                elif tag == "ReferenceList":
                    reference_parent = part
                elif tag == "ELocationID" and child.get("EIdType") == "doi":
                    ids.setdefault("doi", text_of(child))
        elif part.tag == "PubmedBookData":
            for child in part:
                if child.tag == "ArticleIdList":
                    for key, value in article_ids(child).items():
                        ids.setdefault(key, value)
    if fields.get("title"):
        fields["kind"] = PaperKind.CHAPTER
    else:
        fields["kind"] = PaperKind.BOOK
        fields["title"], fields["title_markup"] = book_title, book_markup
    fields["book_title"] = book_title
    if fields.get("pmid") is None:
        fields["pmid"] = positive_int(ids.get("pubmed"))
    fields["doi"] = ids.get("doi", "")
    fields["pmcid"] = ids.get("pmc", "")
    if ids.get("bookaccession"):
        fields["url"] = f"https://www.ncbi.nlm.nih.gov/books/{ids['bookaccession']}/"
    if languages:
        fields["language"] = languages[0]
    fields["publication_types"] = _unique(publication_types)
    fields["keywords"] = _unique(keywords)
    fields["links"] = tuple(reference_links(reference_parent)) if reference_parent is not None else ()
    return Paper(**fields)  # type: ignore[arg-type]


def _read_book(book: etree._Element, fields: dict[str, object]) -> tuple[str, str]:
    title = markup = ""
    for child in book:
        tag = child.tag
        if tag == "Publisher":
            for p in child:
                if p.tag == "PublisherName":
                    fields["publisher"] = text_of(p)
        elif tag == "BookTitle":
            title, markup = rich_text(child)
        elif tag == "PubDate":
            _set_date(fields, child)
        elif tag == "AuthorList":
            if child.get("Type") == "editors":
                fields["editors"] = _authors(child)
            else:
                fields.setdefault("authors", _authors(child))
        elif tag == "Volume":
            fields["volume"] = text_of(child)
    return title, markup


# -- parts -----------------------------------------------------------------------


def _texts_of(parent: etree._Element, tag: str) -> list[str]:
    """Readable text of each ``tag`` child (keywords, publication types)."""
    texts = []
    for child in parent:
        if child.tag == tag:
            if len(child):
                texts.append(rich_text(child)[0])
            else:
                text = child.text
                texts.append(clean(text) if text else "")
    return texts


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _authors(author_list: etree._Element) -> tuple[Author, ...]:
    authors = []
    for child in author_list:
        if child.tag == "Author" and child.get("ValidYN") != "N":
            author = _author(child)
            if author is not None:
                authors.append(author)
    return tuple(authors)


def _author(el: etree._Element) -> Author | None:
    last = fore = initials = suffix = collective = orcid = ""
    affiliations: list[str] = []
    for child in el:
        tag = child.tag
        if tag == "AffiliationInfo":
            for part in child:
                if part.tag == "Affiliation":
                    text = text_of(part)
                    if text:
                        affiliations.append(text)
            continue
        if tag == "Identifier":
            if (child.get("Source") or "").upper() == "ORCID":
                orcid = normalize_orcid(child.text or "")
            continue
        if len(child):
            text = rich_text(child)[0]
        else:
            text = child.text
            text = clean(text) if text else ""
        if tag == "LastName":
            last = text
        elif tag == "ForeName":
            fore = text
        elif tag == "Initials":
            initials = text
        elif tag == "Suffix":
            suffix = text
        elif tag == "CollectiveName":
            collective = text
    if not (last or fore or collective):
        return None
    return Author(last, fore, initials, suffix, collective, tuple(affiliations), orcid)


def _month(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        value = int(text)
        return value if 1 <= value <= 12 else None
    return month_number(text) or month_number(text[:3])


def _set_date(fields: dict[str, object], el: etree._Element) -> None:
    fields["year"], fields["month"], fields["day"], fields["date_text"] = _pub_date(el)


def _pub_date(el: etree._Element) -> tuple[int | None, int | None, int | None, str]:
    """``(year, month, day, date_text)`` of a PubDate (Year/Month/Day, Season, MedlineDate)."""
    year_text = month_text = day_text = season = medline = ""
    for child in el:
        tag = child.tag
        if tag == "Year":
            year_text = text_of(child)
        elif tag == "Month":
            month_text = text_of(child)
        elif tag == "Day":
            day_text = text_of(child)
        elif tag == "Season":
            season = text_of(child)
        elif tag == "MedlineDate":
            medline = text_of(child)
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
            text, markup = rich_text(child)
            if text:
                sections.append(AbstractSection(text, (child.get("Label") or "").strip(), markup))
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
            tag = part.tag
            if tag == "DescriptorName":
                descriptor = text_of(part)
                major = part.get("MajorTopicYN") == "Y"
            elif tag == "QualifierName":
                qualifiers.append(MeshQualifier(text_of(part), part.get("MajorTopicYN") == "Y"))
        if descriptor:
            headings.append(MeshHeading(descriptor, major, tuple(qualifiers)))
    return tuple(headings)

