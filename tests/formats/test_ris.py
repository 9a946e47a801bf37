"""RIS import and export."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from refdesk.errors import FormatError
from refdesk.formats.medline import parse_medline
from refdesk.formats.ris import (
    initials_of,
    parse_ris,
    parse_ris_name,
    write_ris,
)
from refdesk.identifiers import normalize_doi
from refdesk.model import AbstractSection, Author, Paper, PaperKind

DATA = Path(__file__).parents[1] / "data"
RIS_FILES = sorted((DATA / "ris").glob("*.ris"))
MEDLINE_FILES = sorted((DATA / "medline").iterdir())

# The fields RIS carries, compared after a write/read round trip.
ROUND_TRIP_FIELDS = (
    "title", "pmid", "doi", "pmcid", "kind", "abstract", "authors", "editors", "journal",
    "journal_iso", "book_title", "publisher", "year", "month", "day", "date_text", "volume",
    "issue", "pages", "issn", "language", "keywords", "url", "note", "source",
)


def read(name: str):
    return parse_ris((DATA / "ris" / name).read_text(encoding="utf-8"), name)


def fields(paper: Paper, names=ROUND_TRIP_FIELDS) -> dict:
    return {name: getattr(paper, name) for name in names}


def test_pmc_export_with_history_dates():
    parsed = read("jabref_RisImporterTest6.ris")
    assert parsed.problems == () and parsed.format == "ris"
    (paper,) = parsed.records
    assert paper.title == "Chelation: Harnessing and Enhancing Heavy Metal Detoxification\u2014A Review"
    assert paper.authors == (Author(last="Sears", fore="Margaret E", initials="ME"),)
    # PY 2013/04/18 wins over the /received and /accepted history dates.
    assert (paper.year, paper.month, paper.day, paper.date_text) == (2013, 4, 18, "2013 Apr 18")
    assert paper.pmid == 23690738
    assert paper.pmcid == "PMC3654245"
    assert paper.doi == "10.1155/2013/219840"
    assert paper.journal == "The Scientific World Journal"
    assert paper.journal_iso == "ScientificWorldJournal"
    assert (paper.volume, paper.pages, paper.issn) == ("2013", "219840", "1537-744X")
    assert paper.publisher == "Hindawi Publishing Corporation"
    assert paper.kind is PaperKind.ARTICLE and paper.source == "ris"


def test_aip_export_names_without_space_and_dates():
    (paper,) = read("jabref_RisImporterTest8_date.ris").records
    assert [(a.last, a.fore, a.initials) for a in paper.authors] == [
        ("Valle-Delgado", "J. J.", "JJ"),
        ("Molina-Bol\u00edvar", "J. A.", "JA"),
        ("Galisteo-Gonz\u00e1lez", "F.", "F"),
        ("G\u00e1lvez-Ruiz", "M. J.", "MJ"),
        ("Feiler", "A.", "A"),
        ("Rutland", "M. W.", "MW"),
    ]
    # PY 2005 is the year; Y1/DA of the same year give month and day; Y2 (access date) is ignored.
    assert (paper.year, paper.month, paper.day) == (2005, 7, 15)
    assert paper.journal == "The Journal of Chemical Physics"
    assert paper.journal_iso == "J. Chem. Phys."
    assert (paper.volume, paper.issue, paper.pages) == ("123", "3", "034708")
    assert paper.doi == "10.1063/1.1954747"
    assert paper.issn == "0021-9606"
    assert paper.note == "doi: 10.1063/1.1954747"


def test_ncbi_style_export_with_pmid_and_pmcid():
    (paper,) = read("jabref_RisImporterTestDOI.ris").records
    assert paper.pmid == 26957754
    assert paper.pmcid == "PMC4756000"
    assert paper.issn == "0915-5287"  # the first of two SN lines
    assert (paper.year, paper.month, paper.day, paper.date_text) == (2016, 1, None, "2016 Jan")
    assert paper.pages == "186-189"
    assert paper.journal == "Journal of physical therapy science"
    assert paper.journal_iso == "J Phys Ther Sci"
    assert paper.keywords == ("Posture", "Respiratory function", "Smartphone")
    assert paper.language == "eng"
    assert paper.url == "https://pubmed.ncbi.nlm.nih.gov/26957754"
    assert [a.display_name for a in paper.authors] == ["Jung SI", "Lee NK", "Kang KW", "Kim K", "Lee DY"]


def test_sciencedirect_export_empty_tags_and_doi_url():
    (paper,) = read("jabref_RisImporterTestScience.ris").records
    assert paper.title == "Phase separation and \u03c9 transformation in binary V-Ti and ternary V-Ti-Cr alloys"
    assert paper.issue == ""  # "IS  - " is empty
    assert paper.journal == "Acta Materialia" and paper.journal_iso == ""
    assert (paper.year, paper.month, paper.day) == (2016, 12, None)
    assert paper.doi == "10.1016/j.actamat.2016.09.028"
    assert paper.url == "https://www.sciencedirect.com/science/article/pii/S1359645416307273"
    assert paper.pages == "310-324"
    assert paper.keywords[2] == "\u03c9 phase transformation"
    assert paper.abstract == (AbstractSection("Abstract"),)
    assert paper.authors[-1] == Author(last="Mohandas", fore="E.", initials="E")


def test_scopus_export_notes():
    (paper,) = read("jabref_RisImporterTestScopus.ris").records
    assert paper.title.startswith("A transversely isotropic composite")
    assert paper.journal == "Journal of the Mechanics and Physics of Solids"
    assert (paper.year, paper.month, paper.volume, paper.issue, paper.pages) == (
        2004, None, "52", "10", "2309-2327",
    )
    assert paper.note == "Cited By :44\nExport Date: 1 April 2016"
    assert paper.doi == "10.1016/j.jmps.2004.03.010"
    assert len(paper.keywords) == 4


@pytest.mark.parametrize("path", RIS_FILES, ids=lambda p: p.name)
def test_round_trip_of_every_fixture(path):
    original = parse_ris(path.read_text(encoding="utf-8"))
    assert len(original.records) == 1
    again = parse_ris(write_ris(original.records))
    assert again.problems == ()
    assert [fields(p) for p in again.records] == [fields(p) for p in original.records]


@pytest.mark.parametrize("path", MEDLINE_FILES, ids=lambda p: p.name)
def test_medline_records_survive_ris(path):
    """What RIS can carry of a MEDLINE record comes back unchanged."""
    papers = parse_medline(path.read_text(encoding="utf-8")).records
    again = parse_ris(write_ris(papers)).records
    assert len(again) == len(papers)
    carried = ("title", "pmid", "pmcid", "journal", "journal_iso", "year", "month", "day",
               "volume", "issue", "pages", "issn", "language", "keywords", "abstract")
    for before, after in zip(papers, again):
        assert fields(after, carried) == fields(before, carried)
        assert after.doi == before.doi.lower()  # RIS import normalises DOIs to lower case
        assert [(a.last, a.fore, a.suffix, a.collective) for a in after.authors] == [
            (a.last, a.fore, a.suffix, a.collective) for a in before.authors
        ]


RICH = Paper(
    title="Autocrine production of interleukin 6 causes multidrug resistance in breast cancer cells",
    pmid=11751408,
    doi="10.1158/0008-5472.can-01-1234",
    pmcid="PMC1234567",
    abstract=(
        AbstractSection("Serum IL-6 is elevated.", "BACKGROUND"),
        AbstractSection("Cells were treated; 50% died.", "METHODS"),
        AbstractSection("IL-6 causes resistance.", "CONCLUSIONS"),
    ),
    authors=(
        Author(last="Conze", fore="Dan", initials="D"),
        Author(last="M\u00fcller-\u00d8stergaard", fore="S\u00f8ren \u00c9mile", initials="S\u00c9"),
        Author(last="Montalb\u00e1n-L\u00f3pez", fore="Manuel", initials="M"),
        Author(last="King", fore="Martin Luther", initials="ML", suffix="Jr"),
        Author(collective="Australian Ovarian Cancer Study Group"),
        Author(last="\u015eahin", fore="", initials=""),
    ),
    journal="Cancer research",
    journal_iso="Cancer Res",
    publisher="AACR",
    year=2001,
    month=12,
    day=15,
    date_text="2001 Dec 15",
    volume="61",
    issue="24",
    pages="8851-8",
    issn="0008-5472",
    language="eng",
    keywords=("interleukin-6", "multidrug resistance", "TGF-\u03b2"),
    url="https://pubmed.ncbi.nlm.nih.gov/11751408/",
    note="First line\nSecond line",
    source="ris",
)


def test_round_trip_of_a_rich_paper():
    text = write_ris([RICH, replace(RICH, title="Second", pmid=2, kind=PaperKind.ARTICLE)])
    assert text.count("TY  - JOUR\n") == 2 and text.count("ER  - \n") == 2
    assert "AU  - Australian Ovarian Cancer Study Group\n" in text
    assert "AU  - King, Martin Luther, Jr\n" in text
    assert "U1  - 11751408[pmid]\n" in text
    parsed = parse_ris(text)
    assert parsed.problems == ()
    first, second = parsed.records
    assert fields(first) == fields(RICH)
    assert (second.title, second.pmid) == ("Second", 2)


def test_round_trip_of_a_chapter_with_editors():
    chapter = Paper(
        title="Interleukin-6 signalling",
        kind=PaperKind.CHAPTER,
        book_title="Cytokines in Cancer",
        authors=(Author(last="Conze", fore="Dan", initials="D"),),
        editors=(Author(last="Weiss", fore="Linda", initials="L"),),
        publisher="Springer",
        year=2003,
        date_text="2003",
        pages="10-20",
        source="ris",
    )
    text = write_ris([chapter])
    assert text.startswith("TY  - CHAP\n")
    (again,) = parse_ris(text).records
    assert fields(again) == fields(chapter)


def test_book_type_and_unknown_record_type():
    text = "TY  - BOOK\nTI  - A Book\nAU  - Doe, Jane\nPY  - 1999\nER  - \n\nTY  - XYZ\nTI  - Odd\nER  - \n"
    parsed = parse_ris(text, "x.ris")
    (book,) = parsed.records
    assert book.kind is PaperKind.BOOK and book.year == 1999
    (problem,) = parsed.problems
    assert problem.line == 7 and "XYZ" in problem.message


def test_continuation_lines_and_crlf():
    text = "\r\n".join(["TY  - JOUR", "AB  - First part", "  continued here.", "TI  - T", "ER  - ", ""])
    (paper,) = parse_ris(text).records
    assert paper.abstract == (AbstractSection("First part continued here."),)


def test_record_without_er_at_end_of_file_is_reported():
    text = (DATA / "ris" / "jabref_RisImporterTestDOI.ris").read_text(encoding="utf-8")
    two = text + "\n" + text.split("KW  - Posture")[0]
    parsed = parse_ris(two, "cut.ris")
    assert len(parsed.records) == 1
    (problem,) = parsed.problems
    assert problem.line == 33
    assert "no 'ER  - ' end line" in problem.message and "truncated" in problem.message
    assert "The effect of smartphone usage" in problem.message
    assert str(problem).startswith("cut.ris:33: ")


def test_helpers():
    assert normalize_doi("https://doi.org/10.1000/ABC") == "10.1000/abc"
    assert normalize_doi("http://dx.doi.org/10.1016/j.x") == "10.1016/j.x"
    assert normalize_doi("doi: 10.1063/1.1954747") == "10.1063/1.1954747"
    assert normalize_doi("not a doi") == ""
    assert parse_ris_name("Valle-Delgado,J. J. ") == Author(last="Valle-Delgado", fore="J. J.", initials="JJ")
    assert parse_ris_name("World Health Organization") == Author(collective="World Health Organization")
    assert parse_ris_name("Plato,") == Author(last="Plato")
    assert initials_of("Ji-Hei") == "JH"
    assert initials_of("C R") == "CR"


@pytest.mark.parametrize(
    "text, line",
    [("", None), ("\n\n", None), ("Hello\nworld\n", 1), ("\nPMID- 12345\nTI  - A title\n", 2)],
)
def test_not_ris(text, line):
    with pytest.raises(FormatError) as caught:
        parse_ris(text, "refs.ris")
    assert caught.value.source == "refs.ris"
    assert caught.value.line == line
    assert "refs.ris" in str(caught.value)


def test_history_dates_lose_to_the_publication_date_whatever_the_order():
    text = (
        "TY  - JOUR\nTI  - T\nPY  - 2012/11/02/received\nPY  - 2013/03/14/accepted\n"
        "PY  - 2013/04/18\nER  - \n"
    )
    (paper,) = parse_ris(text).records
    assert (paper.year, paper.month, paper.day) == (2013, 4, 18)
    (only_history,) = parse_ris("TY  - JOUR\nTI  - T\nPY  - 2012/11/02/received\nER  - \n").records
    assert only_history.year == 2012


@pytest.mark.parametrize(
    ("ris_type", "kind"),
    [
        ("JOUR", PaperKind.ARTICLE),
        ("CONF", PaperKind.INPROCEEDINGS),
        ("CPAPER", PaperKind.INPROCEEDINGS),
        ("RPRT", PaperKind.TECHREPORT),
        ("THES", PaperKind.PHDTHESIS),
        ("GEN", PaperKind.MISC),
        ("ELEC", PaperKind.MISC),
        ("WEB", PaperKind.MISC),
        ("UNPB", PaperKind.UNPUBLISHED),
        ("PAMP", PaperKind.BOOKLET),
        ("MGZN", PaperKind.ARTICLE),
    ],
)
def test_reference_types_give_kinds(ris_type, kind):
    text = f"TY  - {ris_type}\nTI  - A Title\nAU  - Doe, Jane\nT2  - Proceedings of X\nPY  - 2019\nER  - \n"
    (paper,) = parse_ris(text).records
    assert paper.kind is kind
    if kind is PaperKind.INPROCEEDINGS:
        assert (paper.book_title, paper.journal) == ("Proceedings of X", "")


def test_conference_record_without_proceedings_is_the_proceedings():
    text = "TY  - CONF\nTI  - Proceedings of X\nA2  - Smith, Jane\nPY  - 2019\nPB  - Springer\nER  - \n"
    (paper,) = parse_ris(text).records
    assert paper.kind is PaperKind.PROCEEDINGS
    assert (paper.title, paper.publisher, paper.editors[0].last) == ("Proceedings of X", "Springer", "Smith")
    # written back without a T2, so that it stays the proceedings
    again = write_ris([replace(paper, book_title="Proceedings of X")])
    assert "T2  - " not in again
    assert parse_ris(again).records[0].kind is PaperKind.PROCEEDINGS


def test_thesis_and_report_publishers_are_school_and_institution():
    thesis = "TY  - THES\nTI  - T\nAU  - Doe, Jane\nPB  - MIT\nM3  - Master's thesis\nER  - \n"
    (paper,) = parse_ris(thesis).records
    assert (paper.kind, paper.publisher, paper.extra_fields) == (PaperKind.MASTERSTHESIS, "", (("school", "MIT"),))
    dissertation = thesis.replace("Master's thesis", "Doctoral dissertation")
    (paper,) = parse_ris(dissertation).records
    assert paper.kind is PaperKind.PHDTHESIS
    assert paper.extra_fields == (("school", "MIT"), ("type", "Doctoral dissertation"))
    report = "TY  - RPRT\nTI  - T\nAU  - Doe, Jane\nPB  - IBM\nIS  - RC-6947\nM3  - 10.1000/xyz\nER  - \n"
    (paper,) = parse_ris(report).records
    assert (paper.kind, paper.extra_fields, paper.issue, paper.doi) == (PaperKind.TECHREPORT, (("institution", "IBM"),), "RC-6947", "10.1000/xyz")
    manual = "TY  - GEN\nTI  - R\nPB  - R Foundation\nM3  - Manual\nER  - \n"
    (paper,) = parse_ris(manual).records
    assert (paper.kind, paper.extra_fields) == (PaperKind.MANUAL, (("organization", "R Foundation"),))


_EXPORTED_TYPES = {
    PaperKind.ARTICLE: ("JOUR", ""),
    PaperKind.BOOK: ("BOOK", ""),
    PaperKind.CHAPTER: ("CHAP", ""),
    PaperKind.INPROCEEDINGS: ("CPAPER", ""),
    PaperKind.PROCEEDINGS: ("CONF", ""),
    PaperKind.TECHREPORT: ("RPRT", ""),
    PaperKind.PHDTHESIS: ("THES", "PhD thesis"),
    PaperKind.MASTERSTHESIS: ("THES", "Master's thesis"),
    PaperKind.MANUAL: ("GEN", "Manual"),
    PaperKind.BOOKLET: ("PAMP", ""),
    PaperKind.UNPUBLISHED: ("UNPB", ""),
    PaperKind.MISC: ("GEN", ""),
}


@pytest.mark.parametrize("kind", list(PaperKind))
def test_every_kind_is_written_and_read_back(kind):
    publisher_field = {
        PaperKind.TECHREPORT: "institution",
        PaperKind.PHDTHESIS: "school",
        PaperKind.MASTERSTHESIS: "school",
        PaperKind.MANUAL: "organization",
    }.get(kind)
    paper = Paper(
        title="A Title",
        kind=kind,
        authors=(Author(last="Doe", fore="Jane", initials="J"),),
        journal="J Test" if kind is PaperKind.ARTICLE else "",
        book_title="Proceedings of X" if kind in (PaperKind.INPROCEEDINGS, PaperKind.CHAPTER) else "",
        publisher="" if publisher_field else "Springer",
        extra_fields=((publisher_field, "MIT"),) if publisher_field else (),
        year=2019,
        date_text="2019",
        source="ris",
    )
    text = write_ris([paper])
    ris_type, work_type = _EXPORTED_TYPES[kind]
    assert text.startswith(f"TY  - {ris_type}\n")
    assert ("M3  - " + work_type + "\n" in text) if work_type else ("M3  - " not in text)
    assert ("PB  - MIT\n" if publisher_field else "PB  - Springer\n") in text
    (again,) = parse_ris(text).records
    assert fields(again) == fields(paper)
    assert again.extra_fields == paper.extra_fields
    assert write_ris([again]) == text


def test_a_thesis_type_of_its_own_is_m3():
    paper = Paper(title="T", kind=PaperKind.PHDTHESIS, extra_fields=(("school", "MIT"), ("type", "Doctoral dissertation")))
    text = write_ris([paper])
    assert "M3  - Doctoral dissertation\n" in text
    (again,) = parse_ris(text).records
    assert (again.kind, again.extra_fields) == (PaperKind.PHDTHESIS, paper.extra_fields)
