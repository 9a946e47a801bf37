"""BibTeX/BibLaTeX import: every fixture file, macros, crossref, names, fields, problems."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from refdesk.formats.bibtex import parse_bibtex
from refdesk.model import PaperKind

BIBTEX = Path(__file__).parent.parent / "data" / "bibtex"


def _read(name: str):
    data = (BIBTEX / name).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # biber_encoding3.bib; decoding is the caller's job
    return parse_bibtex(text, name)


def _by_key(name: str):
    return {p.citekey: p for p in _read(name).records}


# Entries counted by reading each file: every "@type{" / "@type(" block except
# @string, @preamble and @comment.  @xdata and @set blocks are containers, not
# papers.  biber_examples.bib: 140 blocks - 8 @string - 3 @set = 129 entries,
# of which the second "tmn4" repeats a key.  biber_names.bib: 40 "@BOOK{"
# lines, of which two are commented out with "%" (L27, L28).  biber_tool.bib:
# 23 blocks - 3 @comment - 2 @string - 6 @xdata.  bibtexparser_book_bom.bib:
# one @BOOK right after the byte-order mark.
EXPECTED = {
    "bbt_BibTeX import; preamble with def create problems #732.bib": (1, 0),
    "bbt_Issues with round instead of curly braces do not import correctly #871.bib": (1, 0),
    "bbt_Literal names.bib": (1, 0),
    "bbt_Math markup to unicode not always imported correctly #472.bib": (2, 0),
    "bbt_Problem when importing BibTeX entries with percent sign #95 or preamble #96.bib": (1, 0),
    "bbt_Wrong ring-above import #1115.bib": (1, 0),
    "bbt_zbb (quietly) chokes on this .bib #664.bib": (1, 0),
    "biber_encoding3.bib": (1, 0),
    "biber_examples.bib": (128, 1),
    "biber_names.bib": (38, 0),
    "biber_tool.bib": (12, 0),
    "bibtexparser_book_bom.bib": (1, 0),
    "bibtexparser_features.bib": (1, 0),
    "bibtexparser_features2.bib": (1, 0),
    "jabref_bibWithUserComments.bib": (2, 0),
}


#: The kinds each fixture's entries get: their entry types, aliases mapped
#: (@online -> misc, @report -> techreport, @thesis -> phdthesis or
#: mastersthesis by its type) and types without a kind (@patent,
#: @conversation) misc.
EXPECTED_KINDS = {
    "bbt_BibTeX import; preamble with def create problems #732.bib": {"chapter": 1},
    "bbt_Issues with round instead of curly braces do not import correctly #871.bib": {"techreport": 1},
    "bbt_Literal names.bib": {"article": 1},
    "bbt_Math markup to unicode not always imported correctly #472.bib": {"inproceedings": 2},
    "bbt_Problem when importing BibTeX entries with percent sign #95 or preamble #96.bib": {"article": 1},
    "bbt_Wrong ring-above import #1115.bib": {"inproceedings": 1},
    "bbt_zbb (quietly) chokes on this .bib #664.bib": {"article": 1},
    "biber_encoding3.bib": {"book": 1},
    "biber_examples.bib": {
        "article": 18, "book": 54, "chapter": 7, "inproceedings": 2, "manual": 1, "mastersthesis": 1,
        "misc": 33, "phdthesis": 2, "techreport": 5, "unpublished": 5,
    },
    "biber_names.bib": {"book": 38},
    "biber_tool.bib": {"article": 1, "book": 9, "misc": 1, "unpublished": 1},
    "bibtexparser_book_bom.bib": {"book": 1},
    "bibtexparser_features.bib": {"inproceedings": 1},
    "bibtexparser_features2.bib": {"inproceedings": 1},
    "jabref_bibWithUserComments.bib": {"article": 1, "inproceedings": 1},
}


def test_every_fixture_is_listed():
    assert sorted(p.name for p in BIBTEX.iterdir()) == sorted(EXPECTED) == sorted(EXPECTED_KINDS)


@pytest.mark.parametrize("name", sorted(EXPECTED_KINDS))
def test_fixture_entry_types_become_kinds(name):
    kinds = Counter(paper.kind.value for paper in _read(name).records)
    assert dict(kinds) == EXPECTED_KINDS[name]


def test_fixture_theses_and_reports():
    papers = _by_key("biber_examples.bib")
    assert (papers["geer"].kind, dict(papers["geer"].extra_fields)["institution"]) == (PaperKind.PHDTHESIS, "Uppsala Universitet")
    assert papers["loh"].kind == PaperKind.MASTERSTHESIS  # @thesis, type = {mathesis}
    assert "type" not in dict(papers["loh"].extra_fields)  # it only named the kind
    assert papers["chiu"].kind == PaperKind.TECHREPORT
    assert dict(papers["chiu"].extra_fields)["type"] == "resreport"  # a report of another type
    assert "type" not in dict(papers["padhye"].extra_fields)  # type = {techreport}
    assert (papers["ctan"].kind, papers["ctan"].url) == (PaperKind.MISC, "http://www.ctan.org")
    assert papers["almendro"].kind == PaperKind.MISC  # @patent


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_imports_with_exact_counts(name):
    parsed = _read(name)
    records, problems = EXPECTED[name]
    assert (len(parsed.records), len(parsed.problems)) == (records, problems)
    assert parsed.format == "bibtex"
    for paper in parsed.records:
        assert paper.citekey and paper.citekey_pinned
        assert paper.source == "bibtex"


def test_duplicate_key_is_a_problem_with_its_line():
    parsed = _read("biber_examples.bib")
    (problem,) = parsed.problems
    assert problem.line == 1547
    assert "tmn4" in problem.message
    assert str(problem).startswith("biber_examples.bib:1547: ")
    assert sum(1 for p in parsed.records if p.citekey == "tmn4") == 1


def test_string_macros_and_concatenation():
    paper = _by_key("bibtexparser_features2.bib")["mykey"]
    assert paper.title == "Cool Stuff"
    assert [a.full_name for a in paper.authors] == ["John Doe"]
    assert paper.book_title == "My International Conference"
    assert paper.pages == "1-10"
    assert paper.note == "Email: John.Doe@example.com"
    assert paper.year == 2014


def test_parenthesised_entry_with_macro_author_and_month():
    paper = _by_key("bbt_Issues with round instead of curly braces do not import correctly #871.bib")["McDermott:72"]
    assert [(a.last, a.fore) for a in paper.authors] == [("McDermott", "Drew V."), ("Sussman", "Gerald J.")]
    assert paper.title == "The CONNIVER Reference Manual"
    assert (paper.year, paper.month) == (1972, 5)
    assert dict(paper.extra_fields)["institution"] == "MIT Artificial Intelligence Laboratory"


def test_literal_names_are_collective_authors():
    paper = _by_key("bbt_Literal names.bib")["sasson_increasing_2013"]
    collective = [a.collective for a in paper.authors if a.is_collective]
    assert collective == [
        "American Heart Association Council on Quality of Care and Outcomes Research",
        "Emergency Cardiovascular Care Committee",
        "Council on Cardiopulmonary, Critical Care, Perioperative and Resuscitation",
        "Council on Clinical Cardiology",
        "Council on Cardiovascular Surgery and Anesthesia",
    ]
    assert (paper.authors[0].last, paper.authors[0].fore) == ("Sasson", "Comilla")
    assert paper.doi == "10.1161/cir.0b013e318288b4dd"
    assert (paper.journal, paper.year, paper.month, paper.pages) == ("Circulation", 2013, 3, "1342-1350")
    assert paper.issn == "1524-4539"
    assert "Cardiopulmonary Resuscitation" in paper.keywords
    assert paper.note == "PMID: 23439512"


def test_accents_are_decoded():
    paper = _by_key("bbt_Wrong ring-above import #1115.bib")["rehurek_lrec"]
    assert paper.authors[0].last == "Řehůřek"
    assert paper.title == "Software Framework for Topic Modelling with Large Corpora"
    krejci = _by_key("bbt_BibTeX import; preamble with def create problems #732.bib")["MR1870153"]
    assert krejci.authors[1].last == "Krejčí"
    assert krejci.kind == PaperKind.CHAPTER


def test_math_and_spacing_are_decoded():
    papers = _by_key("bbt_Math markup to unicode not always imported correctly #472.bib")
    title = papers["test_citation1"].title
    assert "100\u00a0μJ" in title and "±0.1% Accuracy" in title  # 100~$\mu$J
    assert papers["test_citation1"].book_title == "IEEE_J_PROC"  # an undefined macro stays its name


def test_percent_sign_and_preamble():
    paper = _by_key("bbt_Problem when importing BibTeX entries with percent sign #95 or preamble #96.bib")["Akhavan_2009"]
    assert "of about 50% in a narrow wavelength range" in paper.abstract_text
    assert len(paper.abstract) == 1  # wrapped lines are one paragraph
    assert paper.journal == "Thin Solid Films"


def test_bibdesk_fields_go_to_extra_fields_sorted_and_verbatim():
    paper = _by_key("bbt_zbb (quietly) chokes on this .bib #664.bib")["Acemoglu2003Whynotpolitical"]
    names = [name for name, _ in paper.extra_fields]
    assert names == sorted(names)
    assert dict(paper.extra_fields)["bdsk-url-2"] == "http://dx.doi.org/10.1016/j.jce.2003.09.003"


def test_latin1_file_decoded_by_the_caller():
    paper = _by_key("biber_encoding3.bib")["test1"]
    assert paper.title == "Söme title"
    assert paper.kind == PaperKind.BOOK


def test_bom_is_ignored():
    text = (BIBTEX / "bibtexparser_book_bom.bib").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    assert len(parse_bibtex(text).records) == 1


def test_crossref_fields_are_inherited():
    papers = _by_key("biber_examples.bib")
    child = papers["westfahl:space"]
    assert child.kind == PaperKind.CHAPTER
    assert child.title == "The True Frontier"
    assert child.book_title == "Space and Beyond"  # the parent's title
    assert child.publisher == "Greenwood"
    assert child.year == 2000
    assert [a.last for a in child.editors] == ["Westfahl"]
    assert child.pages == "55-65"
    assert ("subtitle", "Confronting and Avoiding the Realities of Space in American Science Fiction Films") in child.extra_fields


def test_string_macros_in_biblatex_fields():
    papers = _by_key("biber_examples.bib")
    journal_papers = [p for p in papers.values() if p.journal == "J.\u00a0Amer. Math. Soc."]
    assert journal_papers  # journaltitle = jams


def test_xdata_is_inherited_and_not_a_paper():
    papers = _by_key("biber_tool.bib")
    assert "macmillan" not in papers and "gxd2" not in papers
    paper = papers["xd1"]  # xdata = {macmillanalias, ...}: an "ids" alias, itself with xdata
    assert (paper.year, paper.publisher, paper.note) == (2001, "Macmillan", "A Note")
    assert ("location", "New York and London") in paper.extra_fields


def test_name_forms():
    papers = _by_key("biber_names.bib")
    assert (papers["L10"].authors[0].last, papers["L10"].authors[0].suffix, papers["L10"].authors[0].fore) == ("Jolly", "III", "James")
    assert (papers["L11"].authors[0].last, papers["L11"].authors[0].suffix) == ("van Kluster", "Jr.")
    assert papers["L12"].authors[0].last == "de la Vallée Poussin"
    assert papers["L26"].authors[0].collective == "Sci-Art Publishers"
    assert "L27" not in papers and "L28" not in papers


def test_field_mapping():
    text = r"""
@Article{k1,
  Author = {Doe, Jane and {World Health Organization}},
  Title = {\textit{In vivo} {IL}-6 in {HeLa} cells},
  JournalTitle = {Nature},
  Date = {2020-05-17},
  Pages = {10--19},
  Number = {3},
  DOI = {https://doi.org/10.1000/ABC\_1},
  Eprint = {12345678},
  EprintType = {PubMed},
  PMCID = {PMC7654321},
  Keywords = {a, {b, c}; d},
  Langid = {english},
}
@book{k2, title = {A Book}, publisher = {Springer}, year = 1999, month = 11}
"""
    parsed = parse_bibtex(text, "x.bib")
    one, two = parsed.records
    assert one.title == "In vivo IL-6 in HeLa cells"
    assert one.title_markup == "<i>In vivo</i> IL-6 in HeLa cells"
    assert one.authors[0].last == "Doe" and one.authors[1].collective == "World Health Organization"
    assert (one.journal, one.year, one.month, one.day) == ("Nature", 2020, 5, 17)
    assert (one.pages, one.issue) == ("10-19", "3")
    assert one.doi == "10.1000/abc_1"
    assert (one.pmid, one.pmcid) == (12345678, "PMC7654321")
    assert one.keywords == ("a", "b, c; d")
    assert one.extra_fields == (("langid", "english"),)
    assert (two.kind, two.publisher, two.year, two.month) == (PaperKind.BOOK, "Springer", 1999, 11)


@pytest.mark.parametrize(
    ("entry", "kind", "extra"),
    [
        ("@article{k, title={T}, journal={J}}", PaperKind.ARTICLE, {}),
        ("@inproceedings{k, title={T}, booktitle={Proc}}", PaperKind.INPROCEEDINGS, {}),
        ("@conference{k, title={T}, booktitle={Proc}}", PaperKind.INPROCEEDINGS, {}),
        ("@proceedings{k, title={Proc}}", PaperKind.PROCEEDINGS, {}),
        ("@mvproceedings{k, title={Proc}}", PaperKind.PROCEEDINGS, {}),
        ("@techreport{k, title={T}, institution={MIT}}", PaperKind.TECHREPORT, {"institution": "MIT"}),
        ("@techreport{k, title={T}, type={Technical Memo}}", PaperKind.TECHREPORT, {"type": "Technical Memo"}),
        ("@report{k, title={T}, type={techreport}, institution={MIT}}", PaperKind.TECHREPORT, {"institution": "MIT"}),
        ("@report{k, title={T}, type={resreport}}", PaperKind.TECHREPORT, {"type": "resreport"}),
        ("@phdthesis{k, title={T}, school={MIT}}", PaperKind.PHDTHESIS, {"school": "MIT"}),
        ("@phdthesis{k, title={T}, type={Habilitationsschrift}}", PaperKind.PHDTHESIS, {"type": "Habilitationsschrift"}),
        ("@mastersthesis{k, title={T}, school={MIT}}", PaperKind.MASTERSTHESIS, {"school": "MIT"}),
        ("@thesis{k, title={T}, institution={MIT}}", PaperKind.PHDTHESIS, {"institution": "MIT"}),
        ("@thesis{k, title={T}, type={phdthesis}}", PaperKind.PHDTHESIS, {}),
        ("@thesis{k, title={T}, type={mathesis}}", PaperKind.MASTERSTHESIS, {}),
        ("@thesis{k, title={T}, type={mastersthesis}}", PaperKind.MASTERSTHESIS, {}),
        ("@thesis{k, title={T}, type={Master's thesis}}", PaperKind.MASTERSTHESIS, {"type": "Master's thesis"}),
        ("@thesis{k, title={T}, type={Diplomarbeit}}", PaperKind.MASTERSTHESIS, {"type": "Diplomarbeit"}),
        ("@thesis{k, title={T}, type={Doctoral dissertation}}", PaperKind.PHDTHESIS, {"type": "Doctoral dissertation"}),
        ("@misc{k, title={T}, howpublished={Poster}}", PaperKind.MISC, {"howpublished": "Poster"}),
        ("@online{k, title={T}, url={https://x.org/a_b}}", PaperKind.MISC, {}),
        ("@www{k, title={T}, url={https://x.org/a_b}}", PaperKind.MISC, {}),
        ("@electronic{k, title={T}, url={https://x.org/a_b}}", PaperKind.MISC, {}),
        ("@unpublished{k, title={T}, note={Draft}}", PaperKind.UNPUBLISHED, {}),
        ("@manual{k, title={T}, organization={R Core}}", PaperKind.MANUAL, {"organization": "R Core"}),
        ("@booklet{k, title={T}, howpublished={Leaflet}}", PaperKind.BOOKLET, {"howpublished": "Leaflet"}),
        ("@book{k, title={T}}", PaperKind.BOOK, {}),
        ("@collection{k, title={T}}", PaperKind.BOOK, {}),
        ("@incollection{k, title={T}, booktitle={B}}", PaperKind.CHAPTER, {}),
        ("@inbook{k, title={T}, booktitle={B}}", PaperKind.CHAPTER, {}),
        ("@patent{k, title={T}, number={EP1}}", PaperKind.MISC, {}),
        ("@software{k, title={T}}", PaperKind.MISC, {}),
        ("@suppperiodical{k, title={T}, journaltitle={J}}", PaperKind.ARTICLE, {}),
        ("@letter{k, title={T}, journal={J}}", PaperKind.ARTICLE, {}),
    ],
)
def test_entry_types_and_aliases_give_kinds(entry, kind, extra):
    (paper,) = parse_bibtex(entry).records
    assert paper.kind == kind
    assert dict(paper.extra_fields) == extra
    if "url" in entry:
        assert paper.url == "https://x.org/a_b"


def test_broken_blocks_are_problems_and_the_rest_imports():
    text = "@article{good1, title = {One}}\n\n@article{bad, title = {Unclosed\n\n@article{good2, title={Two}, title={Again}}\n@article{good1, title = {Dup}}\n"
    parsed = parse_bibtex(text, "broken.bib")
    assert [p.citekey for p in parsed.records][:1] == ["good1"]
    assert parsed.problems
    assert all(p.source == "broken.bib" and p.line for p in parsed.problems)
    assert any("good1" in p.message for p in parsed.problems)


@pytest.mark.parametrize("text", ["", "   ", "% only a comment", "@comment{x}", "@string{a = {b}}", "not bibtex at all"])
def test_files_without_entries(text):
    parsed = parse_bibtex(text)
    assert parsed.records == ()
