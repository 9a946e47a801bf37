"""BibTeX/BibLaTeX export: fields, order, determinism, verbatim fields, round trip."""

from __future__ import annotations

import random
from dataclasses import replace

import bibtexparser
import pytest

from latex.sample_papers import injection_papers, kind_papers, sample_papers
from refdesk.formats.bibtex import parse_bibtex
from refdesk.formats.bibtex_export import cite_command, export_bibtex
from refdesk.model import AbstractSection, Author, MeshHeading, MeshQualifier, Paper, PaperKind

CONZE = Paper(
    citekey="conze2001autocrine",
    title="Autocrine production of interleukin 6 causes multidrug resistance in breast cancer cells",
    authors=(Author(last="Conze", fore="Dan", initials="D"), Author(last="Weiss", fore="Linda")),
    journal="Cancer research",
    journal_iso="Cancer Res",
    year=2001,
    month=12,
    day=15,
    volume="61",
    issue="24",
    pages="8851-8",
    doi="10.1158/0008-5472.CAN-01-1234",
    pmid=11751408,
    pmcid="PMC1234567",
    issn="0008-5472",
    abstract=(AbstractSection("Serum IL-6 is high.", "BACKGROUND"), AbstractSection("It causes resistance.")),
    mesh=(MeshHeading("Breast Neoplasms", qualifiers=(MeshQualifier("drug therapy"),)), MeshHeading("Humans")),
    keywords=("multidrug resistance",),
)


def test_bibtex_entry_exactly():
    assert export_bibtex([CONZE]) == (
        "@article{conze2001autocrine,\n"
        "  author = {Conze, Dan and Weiss, Linda},\n"
        "  title = {Autocrine production of interleukin 6 causes multidrug resistance in breast cancer cells},\n"
        "  journal = {Cancer research},\n"
        "  year = {2001},\n"
        "  month = dec,\n"
        "  volume = {61},\n"
        "  number = {24},\n"
        "  pages = {8851--8858},\n"
        "  doi = {10.1158/0008-5472.can-01-1234},\n"
        "  pmid = {11751408},\n"
        "  pmcid = {PMC1234567},\n"
        "  issn = {0008-5472}\n"
        "}\n"
    )


def test_biblatex_entry_exactly():
    assert export_bibtex([CONZE], biblatex=True, abstract=True, keywords=True) == (
        "@article{conze2001autocrine,\n"
        "  author = {Conze, Dan and Weiss, Linda},\n"
        "  title = {Autocrine production of interleukin 6 causes multidrug resistance in breast cancer cells},\n"
        "  journaltitle = {Cancer research},\n"
        "  date = {2001-12-15},\n"
        "  volume = {61},\n"
        "  number = {24},\n"
        "  pages = {8851--8858},\n"
        "  doi = {10.1158/0008-5472.can-01-1234},\n"
        "  eprint = {11751408},\n"
        "  eprinttype = {pubmed},\n"
        "  pmcid = {PMC1234567},\n"
        "  issn = {0008-5472},\n"
        "  abstract = {BACKGROUND: Serum IL-6 is high.\n"
        "\n"
        "It causes resistance.},\n"
        "  keywords = {Breast Neoplasms/drug therapy, Humans, multidrug resistance}\n"
        "}\n"
    )


@pytest.mark.parametrize(("year", "month", "day", "date"), [(2001, 12, 15, "2001-12-15"), (2001, 12, None, "2001-12"), (2001, None, 3, "2001")])
def test_biblatex_date_precision(year, month, day, date):
    paper = replace(CONZE, year=year, month=month, day=day)
    assert f"  date = {{{date}}},\n" in export_bibtex([paper], biblatex=True)


def test_abstract_and_keywords_only_when_asked():
    plain = export_bibtex([CONZE])
    assert "abstract" not in plain and "keywords" not in plain
    full = export_bibtex([CONZE], abstract=True, keywords=True)
    assert "abstract = {BACKGROUND: Serum IL-6 is high.\n\nIt causes resistance.}" in full
    assert "keywords = {Breast Neoplasms/drug therapy, Humans, multidrug resistance}" in full


def test_keywords_with_commas_are_braced():
    paper = replace(CONZE, mesh=(MeshHeading("Carcinoma, Ductal, Breast"),), keywords=())
    assert "keywords = {{Carcinoma, Ductal, Breast}}" in export_bibtex([paper], keywords=True)


def test_names():
    paper = replace(
        CONZE,
        authors=(
            Author(last="Müller", fore="Hans", suffix="Jr"),
            Author(collective="Australian Ovarian Cancer Study Group"),
            Author(last="Smith", initials="JA"),
            Author(last="Plato"),
            Author(last="Brown, Jones", fore="Ann"),
        ),
    )
    authors = export_bibtex([paper]).splitlines()[1]
    assert authors == (
        '  author = {M{\\"u}ller, Jr, Hans and {Australian Ovarian Cancer Study Group} and '
        "Smith, JA and Plato and {Brown, Jones}, Ann},"
    )


def test_books_and_chapters():
    book = Paper(citekey="b", kind=PaperKind.BOOK, title="GeneReviews", publisher="UW", year=1993, editors=(Author(last="Adam", fore="M"),))
    chapter = Paper(citekey="c", kind=PaperKind.CHAPTER, title="Overview", book_title="GeneReviews", year=1993)
    text = export_bibtex([chapter, book])
    assert text.startswith("@book{b,\n  editor = {Adam, M},\n  title = {{GeneReviews}},\n  publisher = {UW},")
    assert "@incollection{c,\n  title = {Overview},\n  booktitle = {{GeneReviews}}," in text
    assert "@incollection{c," in export_bibtex([chapter], biblatex=True)


@pytest.mark.parametrize(
    ("kind", "bibtex_type", "biblatex_type", "biblatex_type_field"),
    [
        (PaperKind.ARTICLE, "article", "article", None),
        (PaperKind.BOOK, "book", "book", None),
        (PaperKind.CHAPTER, "incollection", "incollection", None),
        (PaperKind.INPROCEEDINGS, "inproceedings", "inproceedings", None),
        (PaperKind.PROCEEDINGS, "proceedings", "proceedings", None),
        (PaperKind.TECHREPORT, "techreport", "report", "techreport"),
        (PaperKind.PHDTHESIS, "phdthesis", "thesis", "phdthesis"),
        (PaperKind.MASTERSTHESIS, "mastersthesis", "thesis", "mathesis"),
        (PaperKind.MANUAL, "manual", "manual", None),
        (PaperKind.BOOKLET, "booklet", "booklet", None),
        (PaperKind.UNPUBLISHED, "unpublished", "unpublished", None),
        (PaperKind.MISC, "misc", "misc", None),
    ],
)
def test_entry_type_of_every_kind(kind, bibtex_type, biblatex_type, biblatex_type_field):
    paper = Paper(citekey="k", kind=kind, title="T", authors=(Author(last="Doe", fore="Jane"),), year=2000)
    assert export_bibtex([paper]).startswith(f"@{bibtex_type}{{k,\n")
    assert "type = " not in export_bibtex([paper])
    biblatex = export_bibtex([paper], biblatex=True)
    assert biblatex.startswith(f"@{biblatex_type}{{k,\n")
    if biblatex_type_field:
        assert biblatex.endswith(f"  type = {{{biblatex_type_field}}}\n}}\n")
    else:
        assert "type = " not in biblatex


def test_thesis_exactly_in_both_dialects():
    thesis = Paper(
        citekey="lefevre2015",
        kind=PaperKind.PHDTHESIS,
        title="Régulation de l'interleukine 6",
        authors=(Author(last="Lefèvre", fore="Amélie"),),
        year=2015,
        extra_fields=(("address", "Montréal"), ("school", "Université de Montréal")),
    )
    assert export_bibtex([thesis]) == (
        "@phdthesis{lefevre2015,\n"
        "  author = {Lef{\\`e}vre, Am{\\'e}lie},\n"
        "  title = {R{\\'e}gulation de l'interleukine 6},\n"
        "  year = {2015},\n"
        "  address = {Montr{\\'e}al},\n"
        "  school = {Universit{\\'e} de Montr{\\'e}al}\n"
        "}\n"
    )
    # biblatex's names: school is institution, address is location; the type says PhD
    assert export_bibtex([thesis], biblatex=True) == (
        "@thesis{lefevre2015,\n"
        "  author = {Lefèvre, Amélie},\n"
        "  title = {Régulation de l'interleukine 6},\n"
        "  date = {2015},\n"
        "  institution = {Université de Montréal},\n"
        "  location = {Montréal},\n"
        "  type = {phdthesis}\n"
        "}\n"
    )


def test_report_and_inproceedings_exactly():
    report = Paper(
        citekey="okafor2020",
        kind=PaperKind.TECHREPORT,
        title="CRS after CAR-T",
        authors=(Author(last="Okafor", fore="Chidi"),),
        year=2020,
        issue="TR-7",
        extra_fields=(("institution", "MPI"), ("location", "Freiburg")),
    )
    assert export_bibtex([report]) == (
        "@techreport{okafor2020,\n  author = {Okafor, Chidi},\n  title = {{CRS} after {CAR}-{T}},\n"
        "  year = {2020},\n  number = {TR-7},\n  address = {Freiburg},\n  institution = {MPI}\n}\n"
    )
    assert export_bibtex([report], biblatex=True) == (
        "@report{okafor2020,\n  author = {Okafor, Chidi},\n  title = {{CRS} after {CAR}-{T}},\n"
        "  date = {2020},\n  number = {TR-7},\n  institution = {MPI},\n  location = {Freiburg},\n"
        "  type = {techreport}\n}\n"
    )
    paper = Paper(
        citekey="lovelace2019",
        kind=PaperKind.INPROCEEDINGS,
        title="Counting cells",
        authors=(Author(last="Lovelace", fore="Ada"),),
        book_title="Proc. ICCI",
        year=2019,
        pages="112-20",
        extra_fields=(("organization", "ISCI"),),
    )
    assert export_bibtex([paper]) == (
        "@inproceedings{lovelace2019,\n  author = {Lovelace, Ada},\n  title = {Counting cells},\n"
        "  booktitle = {Proc. {ICCI}},\n  year = {2019},\n  pages = {112--120},\n  organization = {ISCI}\n}\n"
    )


def test_masters_thesis_institution_is_school_in_bibtex():
    thesis = Paper(citekey="t", kind=PaperKind.MASTERSTHESIS, title="T", extra_fields=(("institution", "KI"),))
    assert "  school = {KI}\n" in export_bibtex([thesis])
    assert "institution" not in export_bibtex([thesis])
    assert "  institution = {KI},\n  type = {mathesis}\n" in export_bibtex([thesis], biblatex=True)
    # a report keeps its institution in BibTeX (the styles read it there)
    report = replace(thesis, kind=PaperKind.TECHREPORT)
    assert "  institution = {KI}\n" in export_bibtex([report])


def test_a_type_of_its_own_is_kept_and_biblatex_keys_are_words_in_bibtex():
    thesis = Paper(citekey="t", kind=PaperKind.PHDTHESIS, title="T", extra_fields=(("type", "Doctoral dissertation"),))
    assert "  type = {Doctoral dissertation}\n" in export_bibtex([thesis])
    assert "  type = {Doctoral dissertation}\n" in export_bibtex([thesis], biblatex=True)
    report = Paper(citekey="r", kind=PaperKind.TECHREPORT, title="T", extra_fields=(("type", "resreport"),))
    assert "  type = {Research report}\n" in export_bibtex([report])
    assert "  type = {resreport}\n" in export_bibtex([report], biblatex=True)


def test_misc_with_a_url_is_online_in_biblatex():
    page = Paper(citekey="w", kind=PaperKind.MISC, title="PubMed User Guide", url="https://pubmed.ncbi.nlm.nih.gov/help/")
    assert export_bibtex([page]).startswith("@misc{w,")
    assert export_bibtex([page], biblatex=True).startswith("@online{w,")
    leaflet = replace(page, extra_fields=(("howpublished", "Leaflet"),))
    assert export_bibtex([leaflet], biblatex=True).startswith("@misc{w,")
    assert export_bibtex([replace(page, url="")], biblatex=True).startswith("@misc{w,")


def test_proceedings_without_title_use_the_booktitle():
    proceedings = Paper(citekey="p", kind=PaperKind.PROCEEDINGS, book_title="Proc. X", year=2019)
    assert "  title = {Proc. {X}},\n" in export_bibtex([proceedings])
    assert "booktitle" not in export_bibtex([proceedings])


@pytest.mark.parametrize(("source", "target"), [(False, True), (True, False)], ids=["bibtex-to-biblatex", "biblatex-to-bibtex"])
def test_every_kind_goes_from_one_dialect_to_the_other(source, target):
    papers = kind_papers()
    again = parse_bibtex(export_bibtex(papers, biblatex=source)).records
    assert [p.kind for p in sorted(again, key=lambda p: p.citekey)] == [p.kind for p in sorted(papers, key=lambda p: p.citekey)]
    assert export_bibtex(again, biblatex=target) == export_bibtex(papers, biblatex=target)


def test_verbatim_fields_are_not_escaped():
    paper = replace(CONZE, doi="https://doi.org/10.1000/A_B%20C", url="http://x.org/a_b?q=1&r=%41#frag")
    text = export_bibtex([paper])
    assert "  doi = {10.1000/a_b%20c},\n" in text
    assert "  url = {http://x.org/a_b?q=1&r=%41#frag}\n" in text


def test_verbatim_fields_cannot_break_out():
    text = export_bibtex(injection_papers("/tmp/x"))
    assert "doi = {10.1000/%7d%5cinput%7b/etc/passwd%7d}" in text
    assert "url = {http://example.org/a%20b%7D%5Cinput%7B/etc/passwd%7D}" in text
    assert "title = {\\textbackslash{}input\\{/etc/passwd\\}}" in text
    assert "journal = {Journal of \\textbraceright{} Unbalanced \\textbraceleft{} Braces}" in text


def test_entries_are_sorted_and_output_is_deterministic():
    papers = sample_papers()
    shuffled = papers[:]
    random.Random(4).shuffle(shuffled)
    text = export_bibtex(papers, abstract=True, keywords=True)
    assert export_bibtex(shuffled, abstract=True, keywords=True) == text
    keys = [line[line.index("{") + 1 : -1] for line in text.splitlines() if line.startswith("@")]
    assert keys == sorted(keys)
    assert "\r" not in text
    assert text.endswith("}\n")


def test_bibtex_is_ascii_and_biblatex_utf8_by_default():
    papers = sample_papers()
    assert export_bibtex(papers).isascii()
    assert not export_bibtex(papers, biblatex=True).isascii()
    assert export_bibtex(papers, biblatex=True, ascii=True).isascii()
    assert "Akgün" in export_bibtex(papers, biblatex=True)


def test_missing_or_duplicate_keys_raise():
    with pytest.raises(ValueError, match="citation key"):
        export_bibtex([replace(CONZE, citekey="")])
    with pytest.raises(ValueError, match="conze2001autocrine"):
        export_bibtex([CONZE, CONZE])
    with pytest.raises(ValueError, match="cannot be written"):
        export_bibtex([replace(CONZE, citekey="a b")])


def test_empty_export():
    assert export_bibtex([]) == ""


def test_output_parses_with_bibtexparser_default_stack():
    library = bibtexparser.parse_string(export_bibtex(sample_papers(), abstract=True, keywords=True))
    assert not library.failed_blocks
    assert len(library.entries) == len(sample_papers())
    assert library.entries_dict["akgun2019"]["pmid"] == "30000001"


def test_cite_command():
    assert cite_command(["a", "b", "a"]) == "\\cite{a,b}"
    assert cite_command(["x"], "citep") == "\\citep{x}"


def _rich_papers() -> list[Paper]:
    greek_name = Paper(citekey="greek", title="Test", authors=(Author(last="Papadopoulos", fore="Νίκος"),), year=2000)
    return sample_papers() + injection_papers("/tmp/pwned") + [CONZE, greek_name]


@pytest.mark.parametrize("biblatex", [False, True], ids=["bibtex", "biblatex"])
@pytest.mark.parametrize("ascii_only", [None, True, False], ids=["default", "ascii", "utf8"])
def test_round_trip_gives_identical_bytes(biblatex, ascii_only):
    options = {"biblatex": biblatex, "ascii": ascii_only, "abstract": True, "keywords": True}
    first = export_bibtex(_rich_papers(), **options)
    parsed = parse_bibtex(first, "export.bib")
    assert parsed.problems == ()
    assert len(parsed.records) == len(_rich_papers())
    assert export_bibtex(parsed.records, **options) == first


def test_round_trip_keeps_the_data():
    parsed = {p.citekey: p for p in parse_bibtex(export_bibtex(_rich_papers(), abstract=True, keywords=True)).records}
    akgun = parsed["akgun2019"]
    assert [a.last for a in akgun.authors] == ["Akgün", "Şahin", "Doğan", "Başar"]
    assert akgun.title_markup.endswith("knockout <i>mice</i>: a 50% reduction")
    assert akgun.title.startswith("IL-6 and TNF-α signalling")
    assert (akgun.year, akgun.month, akgun.pages, akgun.pmid) == (2019, 3, "101-109", 30000001)
    assert parsed["ostergaard2020"].authors[2].collective == "Australian Ovarian Cancer Study Group"
    assert parsed["muller2018"].authors[0].suffix == "Jr"
    assert parsed["muller2018"].title.startswith("Straße, Größe und Maß: R&D costs of $5 million, ranked #1 for snake_case")
    assert parsed["inject2020input"].title == "\\input{/etc/passwd}"
    assert parsed["bird2023"].kind == PaperKind.CHAPTER
    assert parsed["bird2023"].book_title == "GeneReviews®"
    assert parsed["genereviews2023"].kind == PaperKind.BOOK
    for paper in kind_papers():
        again = parsed[paper.citekey]
        assert again.kind == paper.kind
        # under BibTeX's names (location is address, a thesis's institution its school)
        assert sorted(dict(again.extra_fields).values()) == sorted(dict(paper.extra_fields).values())
    assert ("school", "Karolinska Institutet") in parsed["lindqvist2017"].extra_fields
    assert parsed["lovelace2019"].book_title.startswith("Proceedings of the 12th International Conference")
    assert parsed["okafor2020"].issue == "MPI-IB-2020-07"


@pytest.mark.parametrize("biblatex", [False, True], ids=["bibtex", "biblatex"])
def test_round_trip_keeps_every_kind(biblatex):
    papers = sample_papers()
    parsed = parse_bibtex(export_bibtex(papers, biblatex=biblatex)).records
    assert {p.citekey: p.kind for p in parsed} == {p.citekey: p.kind for p in papers}
    assert {p.kind for p in parsed} == set(PaperKind)


ARXIV_BIB = """@misc{vaswani2017attention,
  author = {Vaswani, Ashish and Shazeer, Noam},
  title = {Attention Is All You Need},
  year = {2017},
  eprint = {1706.03762},
  archiveprefix = {arXiv},
  primaryclass = {cs.CL}
}
"""


@pytest.mark.parametrize("biblatex", [False, True])
def test_an_arxiv_eprint_survives_import_and_export(biblatex):
    paper, = parse_bibtex(ARXIV_BIB).records
    text = export_bibtex([paper], biblatex=biblatex)
    assert "  eprint = {1706.03762},\n" in text
    assert "archiveprefix = {arXiv}" in text and "primaryclass = {cs.CL}" in text
    again, = parse_bibtex(text).records
    assert export_bibtex([again], biblatex=biblatex) == text


def test_with_a_pmid_biblatex_eprint_is_the_pmid():
    paper, = parse_bibtex(ARXIV_BIB).records
    text = export_bibtex([replace(paper, pmid=28000001)], biblatex=True)
    assert "  eprint = {28000001},\n  eprinttype = {pubmed}\n" in text
    assert "1706.03762" not in text and "archiveprefix" not in text
    assert "eprint = {1706.03762}" in export_bibtex([replace(paper, pmid=28000001)], biblatex=False)
