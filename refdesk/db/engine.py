"""Opening a library: the engine, SQLite pragmas, and transactions.

Writes run in ``BEGIN IMMEDIATE`` transactions on SQLite, so that two
processes adding to one library queue behind the busy timeout instead of
failing when a read transaction tries to upgrade to a write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session

from ..errors import StorageError

BUSY_TIMEOUT_MS = 30_000
SQLITE_MAGIC = b"SQLite format 3\x00"


def database_url(location: str | Path) -> str:
    """A SQLAlchemy URL for a path or URL given by the user."""
    text = str(location)
    if "://" in text:
        try:
            make_url(text)
        except ArgumentError as exc:
            raise StorageError(f"Not a valid database URL: {text}") from exc
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def check_sqlite_file(path: Path) -> None:
    """Refuse, without touching it, a file that is not an SQLite database."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a RefDesk library")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise StorageError(f"{path} is not a RefDesk library (not an SQLite database); it was left untouched")
    # Look inside read-only: opening it for writing (WAL mode) would change the file.
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is damaged or not a database ({exc}); it was left untouched") from exc
    if tables and "alembic_version" not in tables:
        raise StorageError(f"{path} is not a RefDesk library (it has other tables); it was left untouched")


def make_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event below issue BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        if connection.get_execution_options().get("refdesk_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


class Database:
    """An opened library: hands out read and write sessions."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.engine.connect() as connection, Session(bind=connection) as session:
            try:
                with session.begin():
                    yield session
            except OperationalError as exc:
                raise StorageError(f"Could not read the library: {exc.orig}") from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on error."""
        with self.engine.connect() as connection:
            connection.execution_options(refdesk_write=True)
            with Session(bind=connection, expire_on_commit=False) as session:
                try:
                    with session.begin():
                        yield session
                except OperationalError as exc:
                    raise StorageError(f"Could not write to the library: {exc.orig}") from exc

    def integrity_ok(self) -> bool:
        if self.engine.dialect.name != "sqlite":
            return True
        with self.engine.connect() as connection:
            try:
                return connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            except DatabaseError:
                return False

    def close(self) -> None:
        self.engine.dispose()
