"""One ``PubmedArticle`` or ``PubmedBookArticle`` element to a :class:`~refdesk.model.Paper`.

Each reader walks its record's children once and dispatches on the tag, so
every element RefDesk keeps is visited once from Python (reference lists are
read by XPath, see :mod:`.pubmed_links`).

Field choices worth knowing:

* ``pages`` is ``MedlinePgn`` exactly as given (``8851-8``); see
  :func:`refdesk.pages.full_page_range` for the expanded form.
* dates: see :mod:`.pubmed_dates`; authors: :mod:`.pubmed_authors`.
* ``doi`` keeps the case PubMed gives; compare DOIs with
  :func:`refdesk.sources.identifiers.normalize_doi`.
* references and comments/corrections: see :mod:`.pubmed_links`.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from refdesk.model import (
    AbstractSection,
    MeshHeading,
    MeshQualifier,
    Notice,
    Paper,
    PaperKind,
)
from refdesk.sources.pubmed_authors import authors
from refdesk.sources.pubmed_dates import pub_date
from refdesk.sources.pubmed_links import (
    Cite,
    article_ids,
    comments_and_cites,
    merge_references,
    positive_int,
    reference_links,
)
from refdesk.sources.pubmed_text import rich_text, text_of

__all__ = ["read_article", "read_book_article"]


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
                fields["editors"] = authors(child)
            else:
                fields["authors"] = authors(child)
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
                        fields["editors"] = authors(child)
                    else:
                        fields["authors"] = authors(child)
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
                fields["editors"] = authors(child)
            else:
                fields.setdefault("authors", authors(child))
        elif tag == "Volume":
            fields["volume"] = text_of(child)
    return title, markup


def _texts_of(parent: etree._Element, tag: str) -> list[str]:
    """Readable text of each ``tag`` child (keywords, publication types)."""
    return [text_of(child) for child in parent if child.tag == tag]


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _set_date(fields: dict[str, object], el: etree._Element) -> None:
    fields["year"], fields["month"], fields["day"], fields["date_text"] = pub_date(el)


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

