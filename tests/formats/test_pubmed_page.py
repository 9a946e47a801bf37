"""The PubMed page text of the seed paper (PMID 11751408) and its lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from refdesk.errors import FormatError
from refdesk.formats.pubmed_page import (
    CitationParts,
    parse_citation,
    parse_link_item,
    parse_pubmed_page,
)
from refdesk.model import LinkKind, MeshHeading, MeshQualifier

SEED = Path(__file__).parents[2] / "seeds" / "pubmed-11751408.txt"

# kind, rank, pmid, title, journal, citation, year, volume, issue, pages, doi, publication types
EXPECTED_LINKS = [
    (
        LinkKind.SIMILAR, 1, 11501838,
        (
            "Cyclooxygenase-2, P-glycoprotein-170 and drug resistance; is chemoprevention against "
            "multidrug resistance possible?"
        ),
        "Anticancer Res",
        "Anticancer Res. 2001 May-Jun;21(3C):2141-7.",
        2001, "21", "3C", "2141-7", "", (),
    ),
    (
        LinkKind.SIMILAR, 2, 16773437,
        (
            "Interleukin-6, multidrug resistance protein-1 expression and response to paclitaxel in "
            "women with metastatic breast cancer: results of cancer and leukemia group B trial 159806."
        ),
        "Breast Cancer Res Treat",
        (
            "Breast Cancer Res Treat. 2006 Dec;100(3):301-8. doi: 10.1007/s10549-006-9251-7. "
            "Epub 2006 Jun 14."
        ),
        2006, "100", "3", "301-8", "10.1007/s10549-006-9251-7", ("Clinical Trial",),
    ),
    (
        LinkKind.SIMILAR, 3, 15161039,
        "New silicon compounds as resistance modifiers against multidrug-resistant cancer cells.",
        "Anticancer Res",
        "Anticancer Res. 2004 Mar-Apr;24(2B):865-71.",
        2004, "24", "2B", "865-71", "", (),
    ),
    (
        LinkKind.SIMILAR, 4, 9099453,
        "The use of chemotherapy resistance in cancer treatment.",
        "Cancer J Sci Am",
        "Cancer J Sci Am. 1997 Mar-Apr;3(2):60-9.",
        1997, "3", "2", "60-9", "", ("Review",),
    ),
    (
        LinkKind.SIMILAR, 5, 11029783,
        (
            "Regulation of interleukin-6 secretion from breast cancer cells and its clinical "
            "implications."
        ),
        "Breast Cancer",
        "Breast Cancer. 2000;7(2):124-9. doi: 10.1007/BF02967443.",
        2000, "7", "2", "124-9", "10.1007/BF02967443", ("Review",),
    ),
    (
        LinkKind.CITED_BY, 1, 38339245,
        "Exploring Novel Frontiers: Leveraging STAT3 Signaling for Advanced Cancer Therapeutics.",
        "Cancers (Basel)",
        "Cancers (Basel). 2024 Jan 24;16(3):492. doi: 10.3390/cancers16030492.",
        2024, "16", "3", "492", "10.3390/cancers16030492", ("Free PMC article", "Review"),
    ),
    (
        LinkKind.CITED_BY, 2, 22416214,
        (
            "Effect of 5-FU and MTX on the Expression of Drug-resistance Related Cancer Stem Cell "
            "Markers in Non-small Cell Lung Cancer Cells."
        ),
        "Korean J Physiol Pharmacol",
        (
            "Korean J Physiol Pharmacol. 2012 Feb;16(1):11-6. doi: 10.4196/kjpp.2012.16.1.11. "
            "Epub 2012 Feb 28."
        ),
        2012, "16", "1", "11-6", "10.4196/kjpp.2012.16.1.11", ("Free PMC article",),
    ),
    (
        LinkKind.CITED_BY, 3, 30619088,
        (
            "Chemoresistance: Intricate Interplay Between Breast Tumor Cells and Adipocytes in the "
            "Tumor Microenvironment."
        ),
        "Front Endocrinol (Lausanne)",
        (
            "Front Endocrinol (Lausanne). 2018 Dec 11;9:758. doi: 10.3389/fendo.2018.00758. "
            "eCollection 2018."
        ),
        2018, "9", "", "758", "10.3389/fendo.2018.00758", ("Free PMC article", "Review"),
    ),
    (
        LinkKind.CITED_BY, 4, 29789426,
        (
            "JAK1-mediated Sirt1 phosphorylation functions as a negative feedback of the JAK1-STAT3 "
            "pathway."
        ),
        "J Biol Chem",
        (
            "J Biol Chem. 2018 Jul 13;293(28):11067-11075. doi: 10.1074/jbc.RA117.001387. "
            "Epub 2018 May 22."
        ),
        2018, "293", "28", "11067-11075", "10.1074/jbc.RA117.001387", ("Free PMC article",),
    ),
    (
        LinkKind.CITED_BY, 5, 33052041,
        "Molecular and cellular paradigms of multidrug resistance in cancer.",
        "Cancer Rep (Hoboken)",
        "Cancer Rep (Hoboken). 2022 Dec;5(12):e1291. doi: 10.1002/cnr2.1291. Epub 2020 Oct 13.",
        2022, "5", "12", "e1291", "10.1002/cnr2.1291", ("Free PMC article", "Review"),
    ),
]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text):
    parsed = parse_pubmed_page(seed_text, str(SEED))
    assert parsed.problems == ()
    assert parsed.format == "pubmed_page"
    (paper,) = parsed.records
    return paper


def test_main_paper(seed):
    assert seed.pmid == 11751408
    assert seed.title == (
        "Autocrine production of interleukin 6 causes multidrug resistance in breast cancer cells"
    )
    assert seed.source == "pubmed-page"
    assert seed.journal == "" and seed.journal_iso == ""
    assert seed.doi == "" and seed.year is None
    assert len(seed.abstract) == 1
    assert seed.abstract[0].label == ""
    assert seed.abstract[0].text.startswith("It has been shown that serum levels of interleukin (IL)-6")
    assert seed.abstract[0].text.endswith("prognostic factor for chemotherapy resistance.")
    # The seed's "Publication types", "MeSH terms" and "Substances" headings are empty.
    assert seed.publication_types == () and seed.mesh == () and seed.substances == ()


def test_link_counts_and_order(seed):
    assert len(seed.links_of(LinkKind.SIMILAR)) == 5
    assert len(seed.links_of(LinkKind.CITED_BY)) == 5
    assert [link.rank for link in seed.links] == [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]


@pytest.mark.parametrize("index", range(len(EXPECTED_LINKS)))
def test_every_field_of_every_link(seed, index):
    (kind, rank, pmid, title, journal, citation, year, volume, issue, pages, doi, types) = (
        EXPECTED_LINKS[index]
    )
    link = seed.links[index]
    assert (link.kind, link.rank, link.pmid) == (kind, rank, pmid)
    assert link.title == title
    assert link.journal == journal
    assert link.citation == citation
    assert link.year == year
    assert link.doi == doi
    assert link.publication_types == types
    assert link.authors == "" and link.score is None and link.in_library is None
    parts = parse_citation(link.citation)
    assert (parts.journal, parts.year, parts.volume, parts.issue, parts.pages, parts.doi) == (
        journal, year, volume, issue, pages, doi,
    )


def test_parse_citation_dates_and_epub():
    parts = parse_citation(
        "Breast Cancer Res Treat. 2006 Dec;100(3):301-8. doi: 10.1007/s10549-006-9251-7. "
        "Epub 2006 Jun 14."
    )
    assert parts == CitationParts(
        journal="Breast Cancer Res Treat",
        date_text="2006 Dec",
        year=2006,
        volume="100",
        issue="3",
        pages="301-8",
        doi="10.1007/s10549-006-9251-7",
        epub="2006 Jun 14",
    )
    # Online-first paper: epub year differs from the issue year.
    assert parse_citation("Cancer Rep (Hoboken). 2022 Dec;5(12):e1291. Epub 2020 Oct 13.").epub == (
        "2020 Oct 13"
    )


def test_item_with_authors_before_short_form():
    link = parse_link_item(
        "A title ending in a period.Cancer Res. 2001 Dec 15;61(24):8851-8. "
        "Conze D, et al. Cancer Res. 2001. PMID: 11751408 Review. No abstract available.",
        LinkKind.SIMILAR,
        3,
    )
    assert link.title == "A title ending in a period."
    assert link.authors == "Conze D, et al"
    assert link.citation == "Cancer Res. 2001 Dec 15;61(24):8851-8."
    assert link.publication_types == ("Review",)


def test_title_containing_the_journal_name():
    link = parse_link_item(
        "Breast cancer in Breast Cancer clinics.Breast Cancer. 2000;7(2):124-9. "
        "Breast Cancer. 2000. PMID: 11029783",
        LinkKind.CITED_BY,
        1,
    )
    assert link.title == "Breast cancer in Breast Cancer clinics."
    assert link.citation == "Breast Cancer. 2000;7(2):124-9."


def test_filled_sections_are_read(seed_text):
    text = seed_text.replace(
        "Publication types\nMeSH terms\nSubstances\n",
        "Publication types\n-\nResearch Support, Non-U.S. Gov't\n"
        "MeSH terms\n-\nBreast Neoplasms / drug therapy*\n-\nHumans\n-\nInterleukin-6 / genetics\n"
        "Substances\n-\nInterleukin-6\n",
    )
    assert text != seed_text
    (paper,) = parse_pubmed_page(text).records
    assert paper.publication_types == ("Research Support, Non-U.S. Gov't",)
    assert paper.mesh == (
        MeshHeading("Breast Neoplasms", False, (MeshQualifier("drug therapy", True),)),
        MeshHeading("Humans"),
        MeshHeading("Interleukin-6", False, (MeshQualifier("genetics"),)),
    )
    assert paper.substances == ("Interleukin-6",)
    assert len(paper.links) == 10


def test_structured_abstract_and_doi_on_pmid_line(seed_text):
    text = seed_text.replace(
        "- PMID: 11751408", "PMID: 11751408 DOI: 10.1158/0008-5472.CAN-01-1234"
    ).replace("It has been shown", "Background: It has been shown", 1)
    (paper,) = parse_pubmed_page(text).records
    assert paper.doi == "10.1158/0008-5472.CAN-01-1234"
    assert paper.abstract[0].label == "Background"
    assert paper.abstract[0].text.startswith("It has been shown")


def test_bad_item_is_reported_with_its_line_and_others_kept(seed_text):
    text = seed_text.replace("Anticancer Res. 2004. PMID: 15161039", "Anticancer Res. 2004.")
    parsed = parse_pubmed_page(text, "page.txt")
    assert len(parsed.records[0].links) == 9
    (problem,) = parsed.problems
    assert problem.line == 12
    assert problem.source == "page.txt"
    assert "Similar articles, item 3" in problem.message and "PMID" in problem.message


@pytest.mark.parametrize(
    "text",
    ["", "  \n\n", "TY  - JOUR\nTI  - Something\nER  - \n", "@article{key,\n  title={X}\n}\n"],
)
def test_not_a_pubmed_page(text):
    with pytest.raises(FormatError) as caught:
        parse_pubmed_page(text, "page.txt")
    assert caught.value.source == "page.txt"
    assert "page.txt" in str(caught.value)


def test_page_opening_with_its_own_citation_and_multi_line_items():
    text = "\n".join(
        [
            "Cancer Res. 2001 Dec 15;61(24):8851-8.",
            "Autocrine production of interleukin 6 causes multidrug resistance in breast cancer cells",
            "D Conze, L Weiss, P S Regen",
            "PMID: 11751408",
            "Abstract",
            "It has been shown that serum levels of interleukin (IL)-6 are elevated.",
            "Similar articles",
            "-",
            "New silicon compounds as resistance modifiers against multidrug-resistant cancer cells.",
            "Anticancer Res. 2004 Mar-Apr;24(2B):865-71.",
            "Anticancer Res. 2004.",
            "PMID: 15161039",
            "-",
            "The use of chemotherapy resistance in cancer treatment.",
            "Cancer J Sci Am. 1997 Mar-Apr;3(2):60-9. Cancer J Sci Am. 1997. PMID: 9099453 Review.",
            "See all similar articles",
        ]
    )
    parsed = parse_pubmed_page(text, "page.txt")
    assert parsed.problems == ()
    (paper,) = parsed.records
    assert paper.title.startswith("Autocrine production")
    assert (paper.journal, paper.journal_iso, paper.year, paper.volume, paper.issue, paper.pages) == (
        "", "Cancer Res", 2001, "61", "24", "8851-8",
    )
    first, second = paper.links
    assert (first.pmid, first.rank, first.journal) == (15161039, 1, "Anticancer Res")
    assert first.title == (
        "New silicon compounds as resistance modifiers against multidrug-resistant cancer cells."
    )
    assert first.citation == "Anticancer Res. 2004 Mar-Apr;24(2B):865-71."
    assert (second.pmid, second.rank, second.publication_types) == (9099453, 2, ("Review",))
