"""SQLite is opened properly, and foreign or damaged files are refused untouched."""

from __future__ import annotations

import sqlite3

import pytest

from refdesk.errors import StorageError
from refdesk.library import open_database
from refdesk.services import default_location


def test_pragmas(services):
    with services.library.database.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000


def test_default_location_is_in_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_location({}).startswith(str(tmp_path))
    assert default_location({"REFDESK_DB": "/x/y.sqlite"}) == "/x/y.sqlite"


def test_a_text_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("my precious notes\n")
    with pytest.raises(StorageError, match="not a RefDesk library"):
        open_database(path)
    assert path.read_text() == "my precious notes\n"


def test_another_programs_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER)")
    before = path.read_bytes()
    with pytest.raises(StorageError, match="not a RefDesk library"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_corrupt_library_gives_a_clear_error_and_is_left_untouched(tmp_path):
    path = tmp_path / "corrupt.sqlite"
    database, _ = open_database(path)
    database.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page after the header
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError):
        open_database(path)
    assert path.read_bytes() == bytes(data)


def test_a_sqlalchemy_url_is_accepted(tmp_path):
    database, created = open_database(f"sqlite:///{tmp_path / 'via-url.sqlite'}")
    assert created and (tmp_path / "via-url.sqlite").exists()
    database.close()


def test_a_url_of_another_database_engine_is_refused(tmp_path):
    with pytest.raises(StorageError, match="SQLite"):
        open_database("postgresql://user@localhost/refdesk")


def test_a_library_from_a_newer_refdesk_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newer.sqlite"
    open_database(path)[0].close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="newer RefDesk.*0099"):
        open_database(path)
    assert path.read_bytes() == before
