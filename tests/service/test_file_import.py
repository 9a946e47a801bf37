"""Importing files through the service: matching, merging, reports, cancel."""

from __future__ import annotations

from pathlib import Path

from refdesk.model import CancelToken, Outcome, Query

DATA = Path(__file__).parent.parent / "data"


def test_the_200_record_nbib_imports_in_one_transaction(services):
    library, importer = services.library, services.importer
    changes = []
    library.on_change(lambda ids: changes.append(1))
    report = importer.import_files([DATA / "medline" / "qs-global-ortho_citations.nbib"])
    assert report.count(Outcome.ADDED) == 200
    assert library.count() == 200
    assert changes == [1]  # one commit, one notification


def test_reimporting_merges_instead_of_duplicating(services):
    importer = services.importer
    path = DATA / "medline" / "biopython_pubmed_result2.txt"
    first = importer.import_files([path])
    again = importer.import_files([path])
    assert first.count(Outcome.ADDED) == 4
    assert again.count(Outcome.UNCHANGED) == 4
    assert services.library.count() == 4


def test_a_ris_record_merges_with_the_medline_record_by_doi_or_pmid(services, tmp_path):
    importer = services.importer
    importer.import_files([DATA / "medline" / "biopython_pubmed_result3.txt"])
    ris = tmp_path / "same.ris"
    ris.write_text("TY  - JOUR\nTI  - Effects of different parameters\nDO  - https://doi.org/10.1118/1.4748329\nER  - \n")
    report = importer.import_files([ris])
    assert [i.outcome for i in report.items] == [Outcome.UPDATED]
    assert services.library.count() == 1


def test_bad_files_are_reported_by_name_and_good_ones_imported(services, tmp_path):
    binary = tmp_path / "picture.nbib"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.ris"
    empty.write_bytes(b"")
    missing = tmp_path / "gone.bib"
    report = services.importer.import_files(
        [binary, empty, missing, DATA / "medline" / "biopython_pubmed_result1.txt"]
    )
    failed = {i.item: i.reason for i in report.items if i.outcome == Outcome.FAILED}
    assert set(failed) == {str(binary), str(empty), str(missing)}
    assert all(reason for reason in failed.values())
    assert report.count(Outcome.ADDED) == 1


def test_nothing_is_written_when_the_user_cancels(services):
    token = CancelToken()
    token.cancel()
    report = services.importer.import_files([DATA / "medline" / "qs-global-ortho_citations.nbib"], cancel=token)
    assert report.cancelled
    assert services.library.count(Query()) == 0


def test_a_latin1_file_is_imported_with_a_warning_not_a_failure(services):
    report = services.importer.import_files([DATA / "bibtex" / "biber_encoding3.bib"])
    assert report.ok and report.count(Outcome.ADDED) >= 1
    assert any("Latin-1" in w or "1252" in w for w in report.warnings), report.warnings
    titles = [row.title for row in services.library.rows(Query(), 0, 10)]
    assert any("ö" in t for t in titles), titles
