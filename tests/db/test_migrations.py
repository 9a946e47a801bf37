"""Alembic migrations run when a library is opened, and match the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from paper_factory import make_paper
from refdesk.db.database import Database
from refdesk.db.engine import database_url, make_engine
from refdesk.db.migrate import current_revision, head_revision, upgrade
from refdesk.db.schema import Base
from refdesk.library import Library, open_database
from refdesk.model import Link, LinkKind


def test_upgrade_from_the_first_revision_keeps_every_paper(tmp_path):
    url = database_url(tmp_path / "old.sqlite")
    engine = make_engine(url)
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "export_targets" not in inspect(engine).get_table_names()
    old = Library(Database(url, engine))
    papers = [make_paper(n, links=(Link(LinkKind.SIMILAR, 123, 1),)) for n in range(25)]
    report = old.add_papers(papers)
    assert len(report.paper_ids) == 25
    engine.dispose()

    database, created = open_database(tmp_path / "old.sqlite")
    assert not created
    assert current_revision(database.engine) == head_revision()
    library = Library(database)
    assert library.count() == 25
    assert sorted(p.pmid for p in library.get_many(report.paper_ids)) == sorted(p.pmid for p in papers)
    assert library.get(report.paper_ids[0]).links[0].pmid == 123
    # Keys survive the upgrade unchanged.
    assert [p.citekey for p in library.get_many(report.paper_ids)] == [
        p.citekey for p in Library(database).get_many(report.paper_ids)
    ]
    database.close()


def test_upgrade_head_on_an_empty_file_matches_the_models(tmp_path):
    database, created = open_database(tmp_path / "new.sqlite")
    assert created
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    # The full-text index (FTS5 virtual table and its shadow tables) is not a model.
    differences = [d for d in differences if not (d[0] == "remove_table" and d[1].name.startswith("papers_fts"))]
    assert differences == []
    database.close()


def test_the_head_constant_matches_the_migration_scripts():
    from refdesk.db.migrate import HEAD

    assert HEAD == head_revision()


def test_upgrade_to_0005_sorts_papers_without_a_journal_by_their_book_title(tmp_path):
    from sqlalchemy import text

    from refdesk.model import PaperKind, Query, SortField

    url = database_url(tmp_path / "books.sqlite")
    engine = make_engine(url)
    upgrade(engine, "0004")
    library = Library(Database(url, engine))
    library.add_papers([make_paper(1, journal="Cancer Res", journal_iso="Cancer Res"),
                        make_paper(2, journal="", journal_iso="", kind=PaperKind.INPROCEEDINGS,
                                   book_title="Zebrafish: Methods and Protocols")])
    with engine.begin() as connection:  # as revision 0004 stored it
        connection.execute(text("UPDATE papers SET journal_sort = '' WHERE journal = ''"))
    engine.dispose()

    database, _ = open_database(tmp_path / "books.sqlite")
    library = Library(database)
    rows = library.rows(Query(sort=SortField.JOURNAL, descending=False))
    assert [r.journal for r in rows] == ["Cancer Res", "Zebrafish: Methods and Protocols"]
    database.close()
