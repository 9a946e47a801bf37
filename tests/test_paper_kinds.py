"""Paper kinds: their stored values, how a paper of each kind is cited, and
that every kind survives the library (``papers.kind`` is a String(16))."""

from __future__ import annotations

import pytest
from latex.sample_papers import kind_papers, sample_papers

from refdesk.formats.bibtex import parse_bibtex
from refdesk.formats.bibtex_export import export_bibtex
from refdesk.model import Author, Paper, PaperKind

#: What BibTeX calls each kind's entry type (biblatex may use another).
BIBTEX_TYPES = {kind: kind.value for kind in PaperKind} | {PaperKind.CHAPTER: "incollection"}


def test_values_are_bibtex_type_names_that_fit_the_column():
    assert [k.value for k in PaperKind][:3] == ["article", "book", "chapter"]  # stored before kinds were added
    for kind in PaperKind:
        assert kind.value.isascii() and kind.value.islower() and len(kind.value) <= 16
        assert kind.label
        assert export_bibtex([Paper(citekey="k", kind=kind, title="T")]).startswith(f"@{BIBTEX_TYPES[kind]}{{k,")


@pytest.mark.parametrize(
    ("paper", "citation"),
    [
        (Paper(kind=PaperKind.PHDTHESIS, year=2015, extra_fields=(("school", "Université de Montréal"),)),
         "PhD thesis, Université de Montréal. 2015."),
        (Paper(kind=PaperKind.MASTERSTHESIS, year=2017, extra_fields=(("institution", "Karolinska Institutet"),)),
         "Master's thesis, Karolinska Institutet. 2017."),
        (Paper(kind=PaperKind.PHDTHESIS, year=2015, extra_fields=(("school", "MIT"), ("type", "Doctoral dissertation"))),
         "Doctoral dissertation, MIT. 2015."),
        (Paper(kind=PaperKind.TECHREPORT, year=1978, issue="RC-6947", extra_fields=(("institution", "IBM"),)),
         "Technical report RC-6947, IBM. 1978."),
        (Paper(kind=PaperKind.INPROCEEDINGS, book_title="Proc. ICCI", year=2019, pages="112-20"),
         "Proc. ICCI. 2019:112-20."),
        (Paper(kind=PaperKind.PROCEEDINGS, publisher="Springer", year=2019), "Springer. 2019."),
        (Paper(kind=PaperKind.MANUAL, year=2023, extra_fields=(("organization", "R Foundation"),)), "R Foundation. 2023."),
        (Paper(kind=PaperKind.MISC, year=2021, extra_fields=(("howpublished", "WHO fact sheet"),)), "WHO fact sheet. 2021."),
        (Paper(kind=PaperKind.BOOKLET, year=2018, extra_fields=(("howpublished", "Leaflet"),)), "Leaflet. 2018."),
        (Paper(kind=PaperKind.UNPUBLISHED, year=2023), "Unpublished. 2023."),
        (Paper(kind=PaperKind.MISC, year=2022), "2022."),
        (Paper(kind=PaperKind.ARTICLE, journal_iso="Cancer Res", year=2001, volume="61", issue="24", pages="8851-8"),
         "Cancer Res. 2001;61(24):8851-8."),
    ],
)
def test_citation_of_works_without_a_journal(paper, citation):
    assert paper.citation == citation


def test_every_kind_is_stored_and_read_back(library):
    papers = sample_papers()
    report = library.add_papers(papers)
    assert report.ok
    stored = {p.citekey: p for p in (library.get(i) for i in report.paper_ids)}
    for paper in papers:
        again = stored[paper.citekey]
        assert (again.kind, again.extra_fields, again.book_title) == (paper.kind, paper.extra_fields, paper.book_title)
    assert {p.kind for p in stored.values()} == set(PaperKind)


@pytest.mark.parametrize("biblatex", [False, True], ids=["bibtex", "biblatex"])
def test_a_bib_file_of_every_kind_comes_back_from_the_library_as_it_went_in(library, biblatex):
    text = export_bibtex(kind_papers(), biblatex=biblatex)
    report = library.add_papers(parse_bibtex(text).records)
    assert report.ok and len(report.paper_ids) == len(kind_papers())
    assert export_bibtex([library.get(i) for i in library.ids()], biblatex=biblatex) == text


def test_details_name_the_kind():
    from refdesk.ui.detail_view import details_html

    thesis = Paper(title="T", kind=PaperKind.MASTERSTHESIS, authors=(Author(last="Doe"),))
    assert "<h4 style='margin: 8px 0 2px 0;'>Type</h4><div>Master&#x27;s thesis</div>" in details_html(thesis)
    assert ">Type<" not in details_html(Paper(title="T"))
