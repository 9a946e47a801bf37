"""EFetch XML -> Paper, checked field by field on NCBI's recorded answers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from replay_server import EUTILS, EUTILS_DOCS, cassette_body

from refdesk.errors import FormatError
from refdesk.model import LinkKind, PaperKind, strip_markup
from refdesk.sources.pubmed_xml import normalize_orcid, parse_pubmed_xml

EFETCH = EUTILS / "efetch"


def one(name: str):
    papers = parse_pubmed_xml((EFETCH / name).read_bytes())
    assert len(papers) == 1
    return papers[0]


@pytest.mark.parametrize("path", sorted(EFETCH.glob("*.xml")), ids=lambda p: p.name)
def test_every_recorded_efetch_parses(path: Path):
    papers = parse_pubmed_xml(path.read_bytes())
    assert papers
    for paper in papers:
        assert paper.pmid and paper.title and paper.source == "pubmed" and paper.year
        assert paper.authors
        if paper.title_markup:
            assert strip_markup(paper.title_markup) == paper.title
        for section in paper.abstract:
            if section.markup:
                assert strip_markup(section.markup) == section.text


def test_cassette_body_parses():
    paper, = parse_pubmed_xml(cassette_body(EFETCH / "biocommons_test_efetch"))
    assert paper.pmid == 1234567
    assert paper.title == "The effect of castration and peroral estrogen therapy on some psychological functions."
    assert paper.abstract == ()
    assert paper.doi == "10.1159/000398269"
    assert paper.citation == "Front Horm Res. 1975;3:94-104."
    estradiol = next(m for m in paper.mesh if m.descriptor == "Estradiol")
    assert [(q.name, q.major) for q in estradiol.qualifiers] == [("analogs & derivatives", True), ("therapeutic use", False)]
    assert paper.substances == ("Estradiol",)


def test_two_compact_articles_season_and_plain_dates():
    first, second = parse_pubmed_xml((EFETCH / "biopython_pubmed1.xml").read_bytes())
    assert first.pmid == 12091962
    assert (first.year, first.month, first.day, first.date_text) == (1990, None, None, "1990 Spring")
    assert first.abstract == ()
    assert first.citation == "Soc Justice. 1990 Spring;17(1):113-25."
    assert second.pmid == 9997
    assert (second.year, second.month, second.day, second.date_text) == (1976, 9, 28, "1976 Sep 28")
    assert second.doi == "10.1016/0005-2795(76)90109-4"


def test_character_reference_in_affiliation_and_mesh_qualifiers():
    first, second = parse_pubmed_xml((EFETCH / "biopython_pubmed2.xml").read_bytes())
    assert (first.pmid, second.pmid) == (11748933, 11700088)
    affiliations = [a for author in first.authors + second.authors for a in author.affiliations]
    assert any("\u00e0" in a for a in affiliations)  # &#xe0;
    assert any(m.qualifiers for m in first.mesh)


def test_structured_abstract_markup_and_references():
    paper = one("biopython_pubmed4.xml")
    assert paper.title == ("Leucocyte telomere length, genetic variants at the TERT gene region "
                           "and risk of pancreatic cancer.")
    assert paper.title_markup == ("Leucocyte telomere length, genetic variants at the <i>TERT</i> gene region "
                                  "and risk of pancreatic cancer.")
    assert [s.label for s in paper.abstract] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert any("<i>" in s.markup or "<sup>" in s.markup for s in paper.abstract)
    assert paper.doi == "10.1136/gutjnl-2016-312510" and paper.pmcid == "PMC5442267"
    assert len(paper.authors) == 22
    assert (paper.volume, paper.issue, paper.pages, paper.date_text) == ("66", "6", "1116-1122", "2017 Jun")
    assert paper.notices[0].kind == "CommentIn" and paper.notices[0].pmid == 27920200
    refs = paper.links_of(LinkKind.REFERENCES)
    assert refs[0].pmid == 2657958 and refs[0].rank == 1
    assert refs[0].citation.startswith("Stat Med. 1989")
    assert [l.rank for l in refs] == list(range(1, len(refs) + 1))
    assert len({l.pmid for l in refs}) == len(refs)
    adeno = next(m for m in paper.mesh if m.descriptor == "Adenocarcinoma")
    assert adeno.is_major and str(adeno) == "Adenocarcinoma/epidemiology*/genetics*"


def test_structured_abstract_in_data_review():
    paper = one("biopython_pubmed5.xml")
    assert [s.label for s in paper.abstract] == ["OBJECTIVES", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert paper.doi == "10.1136/oemed-2017-104431"


def test_mathml_and_overlapping_quote_markup():
    paper = one("biopython_pubmed6.xml")
    assert paper.title.startswith('A "Blood Relationship" Between the Overlooked Minimum Lactate Equivalent')
    assert paper.title_markup.startswith('A "<i>Blood Relationship"</i> Between')
    text = paper.abstract[0].text
    assert "V\u0307O2max" in text  # MathML: V with a dot above, O, subscript 2max
    assert "<mml" not in text and "  " not in text
    assert "V\u0307O<sub>2max</sub>" in paper.abstract[0].markup
    assert "\u00b1" in text and "km\u00b7h-1" in text
    assert "LE<sub>min</sub>" in paper.abstract[0].markup
    assert paper.pages == "1034" and paper.date_text == "2018"


def test_collective_author_and_orcid_urls():
    paper = one("biopython_pubmed7.xml")
    collective = [a for a in paper.authors if a.is_collective]
    assert [a.collective for a in collective] == ["Canadian Respiratory Research Network"]
    capaldi = next(a for a in paper.authors if a.last == "Capaldi")
    assert capaldi.orcid == "0000-0002-4590-7461"
    assert paper.doi == "10.1117/1.JMI.5.2.026002"


def test_book_chapter():
    paper = one("metapub_sample_article_20301577.xml")
    assert paper.kind == PaperKind.CHAPTER
    assert paper.pmid == 20301577
    assert paper.title == "CACNA1C-Related Disorders"
    assert paper.title_markup == "<i>CACNA1C</i>-Related Disorders"
    assert paper.book_title == "GeneReviews\u00ae"
    assert paper.publisher == "University of Washington, Seattle"
    assert [e.full_name for e in paper.editors][:2] == ["Margaret P Adam", "Jerry Feldman"]
    assert [a.full_name for a in paper.authors] == ["Carlo Napolitano", "Silvia G Priori"]
    assert len(paper.authors[0].affiliations) == 2
    assert paper.abstract[0].label == "CLINICAL CHARACTERISTICS"
    assert paper.year == 1993 and paper.journal == ""
    assert paper.url == "https://www.ncbi.nlm.nih.gov/books/NBK1403/"
    assert paper.keywords.count("Timothy Syndrome") == 1
    assert paper.publication_types == ("Review",)
    assert paper.links_of(LinkKind.REFERENCES)[0].pmid == 29097296


def test_norwegian_vernacular_title_and_names():
    paper = one("metapub_36987902.xml")
    assert paper.vernacular_title == (
        "Pasienter over 75\u00a0\u00e5r innlagt ved Brannskadeavdelinga, Haukeland universitetssjukehus 2000\u201319.")
    assert paper.authors[0].full_name == "\u00d8yvind Bruserud"
    assert paper.authors[2].full_name == "Camilla Rygg Kj\u00f8rsvik"
    assert paper.authors[0].orcid == "0000-0001-7093-6988"
    assert paper.date_text == "2023 Mar 28"


def test_turkish_names_from_character_references():
    paper = one("metapub_38909159.xml")
    names = [a.full_name for a in paper.authors]
    assert names[:4] == ["G\u00f6kmen Akg\u00fcn", "Bet\u00fcl S\u00f6zeri", "Evi\u00e7 Zeynep Ba\u015far",
                         "Nihal \u015eahin"]
    assert "Mustafa Do\u011fan" in names
    assert paper.publication_types == ("Journal Article", "Systematic Review")
    assert [s.label for s in paper.abstract] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSION", "IMPACT"]
    assert paper.pmcid == "PMC11798830"


def test_collective_name_with_orcids_and_seven_sections():
    paper = one("metapub_38534005.xml")
    assert paper.authors[-1].collective.startswith("Task and Finish Group for Urinalysis (TFG-U)")
    assert paper.authors[0].orcid == "0000-0002-3282-232X"
    assert len(paper.abstract) == 7
    assert paper.citation == "Clin Chem Lab Med. 2024 Aug 27;62(9):1653-1786."


def test_erratum_notice():
    paper = one("metapub_38833988.xml")
    assert paper.title.startswith('Corrigendum to "MageC2 protein')
    assert paper.publication_types == ("Published Erratum",)
    notice, = paper.notices
    assert (notice.kind, notice.pmid) == ("ErratumFor", 33279609)
    assert notice.text.startswith("Biochim Biophys Acta Mol Cell Res. 2021 Mar")
    assert notice.is_warning
    assert [a.full_name for a in paper.authors if "Andr\u00e9s" in a.full_name]


def test_large_review_diacritics_and_reference_list():
    paper = one("metapub_32935693.xml")
    names = [a.full_name for a in paper.authors]
    assert len(names) == 36
    assert "Manuel Montalb\u00e1n-L\u00f3pez" in names
    assert any("S\u00fcssmuth" in n for n in names) and any("J\u00f6rn" in n for n in names)
    refs = paper.links_of(LinkKind.REFERENCES)
    assert len(refs) == 571
    assert refs[-1].pmid == 31003555 and refs[-1].citation == "Luo S and Dong S-H, Molecules, 2019, 24, 1541."
    assert paper.date_text == "2021 Jan 1" and paper.pages == "130-239"


def test_journal_club_record_matches_its_esummary_facts():
    paper = one("journal-club_practice.xml")
    assert paper.pmid == 28806736
    assert paper.title.startswith("Unravelling the interplay of sphingolipids and TGF-\u03b2 signaling")
    assert paper.journal_iso == "PLoS ONE" and paper.pages == "e0182390"
    assert [s.label for s in paper.abstract] == ["PURPOSE", "METHODS", "RESULTS", "CONCLUSION"]


def test_historical_article_without_abstract():
    paper = one("metapub_11618220.xml")
    assert paper.abstract == () and paper.year == 1987 and "Historical Article" in paper.publication_types


def test_empty_article_set_is_no_papers():
    assert parse_pubmed_xml((EUTILS / "errors" / "metapub_37909814.xml").read_bytes()) == []


def test_medline_date_documented_shape():
    paper, = parse_pubmed_xml((EUTILS_DOCS / "medline_date.xml").read_bytes())
    assert (paper.year, paper.month, paper.day, paper.date_text) == (2014, 5, None, "2014 May-Jun")
    assert paper.citation == "J Doc Shapes. 2014 May-Jun;12(3):101-9."


def test_retraction_documented_shape():
    paper, = parse_pubmed_xml((EUTILS_DOCS / "retraction_in.xml").read_bytes())
    notice, = paper.notices
    assert (notice.kind, notice.pmid, notice.is_warning) == ("RetractionIn", 90000003, True)
    assert "Retracted Publication" in paper.publication_types
    assert (paper.month, paper.day, paper.date_text) == (2, 5, "2019 Feb 5")


@pytest.mark.parametrize("name", ["xxe.xml", "billion_laughs.xml"])
def test_entity_attacks_are_refused(name):
    start = time.perf_counter()
    with pytest.raises(FormatError, match="entities"):
        parse_pubmed_xml((EUTILS_DOCS / name).read_bytes())
    assert time.perf_counter() - start < 1.0


def test_internal_subset_in_utf16_is_refused():
    data = (EUTILS_DOCS / "xxe.xml").read_text().replace('<?xml version="1.0" ?>', '<?xml version="1.0" encoding="UTF-16"?>')
    with pytest.raises(FormatError, match="entities"):
        parse_pubmed_xml(data.encode("utf-16"))


@pytest.mark.parametrize(
    "data",
    [b"", b"<PubmedArticleSet><PubmedArticle>", b"not xml at all", b"<eLinkResult/>",
     (EFETCH / "biopython_pubmed4.xml").read_bytes()[:20000]],
    ids=["empty", "unclosed", "text", "wrong-root", "truncated"],
)
def test_malformed_or_truncated_is_a_format_error(data):
    with pytest.raises(FormatError):
        parse_pubmed_xml(data)


def test_undeclared_entity_is_a_format_error():
    with pytest.raises(FormatError):
        parse_pubmed_xml(b"<PubmedArticleSet><PubmedArticle>&foo;</PubmedArticle></PubmedArticleSet>")


def test_normalize_orcid():
    assert normalize_orcid("https://orcid.org/0000-0002-4590-7461") == "0000-0002-4590-7461"
    assert normalize_orcid("000000021825009x") == "0000-0002-1825-009X"
    assert normalize_orcid("nonsense") == ""
