"""Opening a library: the engine, SQLite pragmas, and transactions.

Writes run in ``BEGIN IMMEDIATE`` transactions on SQLite, so that two
processes adding to one library queue behind the busy timeout instead of
failing when a read transaction tries to upgrade to a write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session

from ..errors import StorageError

BUSY_TIMEOUT_MS = 30_000


def database_url(location: str | Path) -> str:
    """A SQLAlchemy URL for a path or URL given by the user."""
    text = str(location)
    if "://" in text:
        try:
            url = make_url(text)
        except ArgumentError as exc:
            raise StorageError(f"Not a valid database URL: {text}") from exc
        if url.get_backend_name() != "sqlite":
            raise StorageError(f"A RefDesk library is an SQLite database, not {url.get_backend_name()}: {text}")
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL; None for an in-memory database."""
    parsed = make_url(url)
    if parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
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


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """One read transaction."""
    with engine.connect() as connection, Session(bind=connection) as session:
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            raise StorageError(f"Could not read the library: {exc.orig}") from exc


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One write transaction: committed when the block ends, rolled back on error."""
    with engine.connect() as connection:
        connection.execution_options(refdesk_write=True)
        with Session(bind=connection, expire_on_commit=False) as session:
            try:
                with session.begin():
                    yield session
            except OperationalError as exc:
                raise StorageError(f"Could not write to the library: {exc.orig}") from exc


def integrity_ok(engine: Engine) -> bool:
    with engine.connect() as connection:
        try:
            return connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        except DatabaseError:
            return False
