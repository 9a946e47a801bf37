"""A library at the current schema opens and lists its rows before SQLAlchemy loads.

The main window's first paint needs only a page of rows and the counts; these
come from ``refdesk.db.listing`` on a plain sqlite3 connection, and the engine
is built on the first read or write that needs it (or by ``Library.prepare``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta

import pytest
from paper_factory import make_paper

from refdesk.db.database import open_database
from refdesk.library import Library
from refdesk.model import Query, SortField, View

QUERIES = [
    Query(),
    Query(sort=SortField.TITLE, descending=False),
    Query(sort=SortField.YEAR),
    Query(search="interleukin 3"),
    Query(search="ørsted şahin"),
    Query(view=View.TRASH),
    Query(view=View.RECENT, search="autocrine"),
]


def _listing(library: Library) -> list:
    return [(library.count(q), library.rows(q, 0, 50), library.ids(q)) for q in QUERIES]


@pytest.fixture
def filled_library(tmp_path):
    path = tmp_path / "filled.sqlite"
    database, created = open_database(path)
    assert created and database.engine_ready
    library = Library(database)
    report = library.add_papers([make_paper(n, year=1990 + n % 30) for n in range(60)])
    library.trash(report.paper_ids[:7])
    database.close()
    return path


def test_listing_before_and_after_the_engine_gives_the_same_rows(filled_library):
    database, created = open_database(filled_library)
    assert not created
    assert not database.engine_ready
    library = Library(database)
    before = _listing(library)
    assert not database.engine_ready  # the list reads did not need it
    assert before[0][0] == 53 and before[5][0] == 7 and before[3][0] == 10  # 30-39 (3 is in the trash)
    assert before[0][1][0].added is not None and before[0][1][0].added > datetime.now() - timedelta(minutes=5)

    library.prepare()
    assert database.engine_ready
    assert _listing(library) == before
    database.close()


def test_the_plain_connection_sees_other_writers_and_cannot_write(filled_library):
    reader = Library(open_database(filled_library)[0])
    assert reader.count() == 53
    writer = Library(open_database(filled_library)[0])
    writer.prepare()
    writer.add_papers([make_paper(500)])
    assert reader.count() == 54  # committed elsewhere, seen by the next list read
    with reader.database.listing() as execute, pytest.raises(Exception, match="readonly|read-only|query_only"):
        list(execute("DELETE FROM papers", {}))
    assert not reader.database.engine_ready
    assert writer.count() == 54
    reader.database.close()
    writer.database.close()


def test_opening_and_listing_an_existing_library_does_not_import_sqlalchemy(filled_library, tmp_path):
    script = textwrap.dedent(f"""
        import json, sys
        from refdesk.services import open_services
        from refdesk.settings import Settings
        services = open_services({str(filled_library)!r}, Settings(), demo=False)
        rows = services.library.rows()
        result = {{"count": services.library.count(), "rows": len(rows),
                   "sqlalchemy_before": "sqlalchemy" in sys.modules}}
        services.library.get(rows[0].id)
        result["sqlalchemy_after_get"] = "sqlalchemy" in sys.modules
        services.close()
        print(json.dumps(result))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == {"count": 53, "rows": 53, "sqlalchemy_before": False,
                                       "sqlalchemy_after_get": True}


def test_a_library_needing_a_migration_is_opened_with_the_engine(tmp_path):
    from refdesk.db.engine import database_url, make_engine
    from refdesk.db.library_file import HEAD
    from refdesk.db.migrate import current_revision, upgrade

    path = tmp_path / "old.sqlite"
    engine = make_engine(database_url(path))
    upgrade(engine, "0003")
    engine.dispose()
    database, created = open_database(path)
    assert not created and database.engine_ready
    assert current_revision(database.engine) == HEAD
    database.close()


def test_a_failing_list_read_is_a_storage_error(filled_library):
    from refdesk.errors import StorageError

    library = Library(open_database(filled_library)[0])
    with library.database.listing() as execute:
        list(execute("SELECT 1", {}))
    with pytest.raises(StorageError, match="Could not read the library"), library.database.listing() as execute:
        list(execute("SELECT no_such_column FROM papers", {}))
    assert library.count() == 53  # and the next read works
    library.database.close()
