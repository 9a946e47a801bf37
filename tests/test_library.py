"""The library service on a real SQLite file: add, merge, list, search, trash, keys."""

from __future__ import annotations

import dataclasses

import pytest

from paper_factory import make_paper
from refdesk.errors import DuplicateKeyError, NotFoundError
from refdesk.model import Author, LinkKind, Outcome, Paper, Query, SortField, View


def test_added_paper_comes_back_whole(library):
    original = make_paper(1)
    report = library.add_papers([original])
    assert [i.outcome for i in report.items] == [Outcome.ADDED]
    stored = library.get(report.items[0].paper_id)
    for name in ("pmid", "doi", "pmcid", "title", "title_markup", "abstract", "authors", "journal",
                 "journal_iso", "year", "month", "day", "volume", "issue", "pages", "issn", "language",
                 "publication_types", "mesh", "keywords", "substances", "notices"):
        assert getattr(stored, name) == getattr(original, name), name
    assert stored.authors[0].orcid == "0000-0002-1825-0097"
    assert stored.authors[2].is_collective
    assert stored.added is not None and stored.updated is not None
    assert stored.source == "test"
    similar = stored.links_of(LinkKind.SIMILAR)
    assert [(l.pmid, l.rank, l.score, l.title) for l in similar] == [(11501838, 1, 45.5, "Cyclooxygenase-2 and drug resistance")]
    assert stored.links_of(LinkKind.CITED_BY)[0].journal == "Cancers (Basel)"
    assert stored.citekey  # a key is given on add


def test_merge_by_pmid_keeps_fields_the_new_record_lacks(library):
    first = library.add_papers([make_paper(1)]).items[0]
    sparse = Paper(pmid=30000001, title="A corrected title", source="pubmed")
    report = library.add_papers([sparse])
    assert report.items[0].outcome == Outcome.UPDATED
    assert report.items[0].paper_id == first.paper_id
    merged = library.get(first.paper_id)
    assert merged.title == "A corrected title"
    assert merged.abstract == make_paper(1).abstract
    assert merged.journal == "Cancer Research"
    assert library.count() == 1


def test_merge_by_doi_when_the_record_has_no_pmid(library):
    first = library.add_papers([make_paper(2, pmid=None)]).items[0]
    again = library.add_papers([Paper(doi="10.1000/test.2", pmid=30000002, title="t")]).items[0]
    assert again.paper_id == first.paper_id
    assert library.get(first.paper_id).pmid == 30000002
    assert library.count() == 1


def test_identical_record_is_unchanged(library):
    library.add_papers([make_paper(3)])
    assert library.add_papers([make_paper(3)]).items[0].outcome == Outcome.UNCHANGED


def test_duplicates_within_one_batch_are_merged(library):
    report = library.add_papers([make_paper(4), make_paper(4, title="Second copy")])
    assert [i.outcome for i in report.items] == [Outcome.ADDED, Outcome.UPDATED]
    assert library.count() == 1


def test_distinct_pmids_may_share_a_doi_but_a_record_without_pmid_merges(library):
    # PubMed holds distinct records with one DOI (e.g. a paper and its duplicate entry).
    first = library.add_papers([make_paper(5)]).items[0]
    second = library.add_papers([make_paper(6, doi="10.1000/test.5")]).items[0]
    assert second.outcome == Outcome.ADDED and second.paper_id != first.paper_id
    no_pmid = library.add_papers([Paper(doi="10.1000/TEST.5", title="From a .bib file")]).items[0]
    assert no_pmid.outcome == Outcome.UPDATED and no_pmid.paper_id == first.paper_id
    assert library.count() == 2


def test_rows_sort_and_page_in_the_database(library):
    library.add_papers([make_paper(n, year=1990 + n, title=f"Title {chr(90 - n)}") for n in range(10)])
    by_year = library.rows(Query(sort=SortField.YEAR, descending=False), 0, 100)
    assert [r.year for r in by_year] == list(range(1990, 2000))
    page = library.rows(Query(sort=SortField.YEAR, descending=True), 3, 4)
    assert [r.year for r in page] == [1996, 1995, 1994, 1993]
    by_title = library.rows(Query(sort=SortField.TITLE, descending=False), 0, 3)
    assert [r.title for r in by_title] == ["Title Q", "Title R", "Title S"]
    assert library.count() == 10


def test_search_matches_prefixes_across_fields(library):
    library.add_papers([make_paper(1), make_paper(2, title="Telomere length and pancreatic cancer",
                                                     title_markup="", mesh=(), keywords=(), substances=(),
                                                     authors=(Author("Rincón", "Ana", "A"),))])
    assert [r.pmid for r in library.search("telom")] == [30000002]
    assert [r.pmid for r in library.search("rincon")] == [30000002]  # diacritics folded
    assert [r.pmid for r in library.search("interleu")] == [30000001]  # MeSH and title
    assert {r.pmid for r in library.search("cancer")} == {30000001, 30000002}  # journal "Cancer Research"
    assert library.search("nothingmatches") == []
    assert library.search('"unbalanced (quote') == []  # never an FTS syntax error


def test_search_index_follows_updates_and_deletes(library):
    paper_id = library.add_papers([make_paper(1)]).items[0].paper_id
    library.add_papers([Paper(pmid=30000001, title="Completely different wording")])
    assert library.search("autocrine") == []
    assert [r.id for r in library.search("wording")] == [paper_id]
    library.trash([paper_id])
    library.purge([paper_id])
    assert library.search("wording") == []


def test_trash_restore_and_purge(library):
    ids = library.add_papers([make_paper(n) for n in range(3)]).paper_ids
    assert library.trash(ids[:2]) == 2
    assert library.count() == 1
    assert library.count(Query(view=View.TRASH)) == 2
    assert library.purge([ids[2]]) == 0  # not in the trash: never purged
    assert library.restore([ids[0]]) == 1
    assert library.empty_trash() == 1
    assert library.count() == 2
    with pytest.raises(NotFoundError):
        library.get(ids[1])


def test_recent_view_lists_new_papers(library):
    library.add_papers([make_paper(1)])
    assert library.count(Query(view=View.RECENT)) == 1


def test_set_citekey_enforces_uniqueness(library):
    a, b = library.add_papers([make_paper(1), make_paper(2)]).paper_ids
    assert library.set_citekey(a, "mykey2001").citekey == "mykey2001"
    with pytest.raises(DuplicateKeyError):
        library.set_citekey(b, "mykey2001")
    assert library.get(b).citekey != "mykey2001"


def test_changes_notify_listeners_with_the_changed_ids(library):
    calls = []
    library.on_change(lambda ids: calls.append(set(ids)))
    first = library.add_papers([make_paper(1)]).paper_ids[0]
    library.add_papers([make_paper(1)])  # unchanged: no notification
    assert calls == [{first}]
    second = library.add_papers([make_paper(2)]).paper_ids[0]
    library.trash([second])
    library.set_citekey(first, "k2001")
    assert calls[1:] == [{second}, {second}, {first}]


def test_nothing_is_written_when_cancelled(library):
    from refdesk.model import CancelToken

    token = CancelToken()
    token.cancel()
    report = library.add_papers([make_paper(1)], cancel=token)
    assert report.cancelled and library.count() == 0


def test_dois_are_stored_normalised_and_matched_ignoring_case(library):
    first = library.add_papers([make_paper(7, doi="https://doi.org/10.1000/ABC.7", pmid=None)]).items[0]
    assert library.get(first.paper_id).doi == "10.1000/abc.7"
    again = library.add_papers([Paper(doi="10.1000/Abc.7", title="Same paper")]).items[0]
    assert again.paper_id == first.paper_id and library.count() == 1


def test_search_counts_leave_out_the_trash(library):
    ids = library.add_papers([make_paper(n) for n in range(4)]).paper_ids
    assert library.count(Query(search="autocrine")) == 4
    library.trash(ids[:1])
    assert library.count(Query(search="autocrine")) == 3
    assert library.count(Query(view=View.TRASH, search="autocrine")) == 1
    assert library.count(Query(search="autocrine c")) == 3  # a lone last letter waits for the next one


def test_report_lines_name_records_by_pmid_then_key_then_doi_then_title(library):
    report = library.add_papers([
        Paper(title="With a PMID", pmid=40000001, doi="10.1000/p", citekey="keyp"),
        Paper(title="With a key", doi="10.1000/k", citekey="only2020key"),
        Paper(title="With a DOI", doi="10.1000/d"),
        Paper(title="A title of more than sixty characters, which is cut in the report line"),
    ])
    assert [result.item for result in report.items] == [
        "PMID 40000001", "only2020key", "doi:10.1000/d",
        "A title of more than sixty characters, which is cut in the r...",
    ]


def test_a_paper_without_a_journal_is_listed_and_sorted_by_its_book_title(library):
    from refdesk.model import PaperKind

    library.add_papers([make_paper(1, journal="Cancer Res", journal_iso="Cancer Res"),
                        make_paper(2, journal="", journal_iso="", kind=PaperKind.CHAPTER, book_title="GeneReviews"),
                        make_paper(3, journal="", journal_iso="", kind=PaperKind.INPROCEEDINGS,
                                   book_title="Advances in Neural Information Processing Systems")])
    rows = library.rows(Query(sort=SortField.JOURNAL, descending=False))
    assert [r.journal for r in rows] == ["Advances in Neural Information Processing Systems", "Cancer Res",
                                         "GeneReviews"]
