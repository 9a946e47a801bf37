"""An opened library, and opening one.

A library already at the current schema revision opens with the standard
library alone: :class:`Database` builds its SQLAlchemy engine on the first
read or write that needs one, while the list queries of
:mod:`refdesk.db.listing` run on a plain ``sqlite3`` connection until then.
So the main window can paint its first page of rows before SQLAlchemy (about
a third of RefDesk's start-up when measured) has been imported.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import RefDeskError, StorageError
from .library_file import HEAD, inspect_library_file

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

#: Runs one SQL statement with named parameters and gives its rows.
Execute = Callable[[str, Mapping[str, object]], Iterable[Sequence]]
LISTING_BUSY_TIMEOUT_MS = 30_000


class Database:
    """An opened library: hands out read and write sessions, and list reads."""

    def __init__(self, url: str, engine: Engine | None = None, *, path: Path | None = None):
        self.url = url
        #: The SQLite file (None for an in-memory database).
        self.path = path
        self._engine = engine
        self._lock = threading.Lock()
        self._plain: sqlite3.Connection | None = None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, built (and SQLAlchemy imported) on first use."""
        if self._engine is None:
            # Imported and built outside the lock: list reads go on meanwhile.
            from .engine import make_engine  # noqa: PLC0415 - deferred, see the module doc

            engine = make_engine(self.url)
            with self._lock:
                if self._engine is None:
                    self._engine = engine
                    self._close_plain()
                else:
                    engine.dispose()
        return self._engine

    @property
    def engine_ready(self) -> bool:
        return self._engine is not None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction."""
        from .engine import read_session  # noqa: PLC0415 - deferred, see the module doc

        with read_session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on error."""
        from .engine import write_session  # noqa: PLC0415 - deferred, see the module doc

        with write_session(self.engine) as session:
            yield session

    @contextmanager
    def listing(self) -> Iterator[Execute]:
        """Run the queries of :mod:`refdesk.db.listing`, in one read transaction
        once the engine exists, else on a plain read-only ``sqlite3`` connection."""
        if self._engine is None and self.path is not None:
            with self._lock:
                if self._engine is None:
                    try:
                        yield self._plain_connection().execute
                    except sqlite3.Error as exc:
                        raise StorageError(f"Could not read the library: {exc}") from exc
                    return
        with self.read() as session:
            yield session.connection().exec_driver_sql

    def integrity_ok(self) -> bool:
        from .engine import integrity_ok  # noqa: PLC0415 - deferred, see the module doc

        return integrity_ok(self.engine)

    def close(self) -> None:
        with self._lock:
            self._close_plain()
            if self._engine is not None:
                self._engine.dispose()

    def _plain_connection(self) -> sqlite3.Connection:
        if self._plain is None:
            assert self.path is not None
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            connection.execute(f"PRAGMA busy_timeout = {LISTING_BUSY_TIMEOUT_MS}")
            connection.execute("PRAGMA query_only = ON")
            self._plain = connection
        return self._plain

    def _close_plain(self) -> None:
        if self._plain is not None:
            self._plain.close()
            self._plain = None


def open_database(location: str | Path) -> tuple[Database, bool]:
    """Open (creating and migrating as needed) the library at ``location``.

    Returns the database and whether it was newly created.  A file that is
    not a RefDesk library raises ``StorageError`` and is never modified.
    """
    text = str(location)
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        if inspect_library_file(path) == HEAD:
            return Database(f"sqlite:///{path}", path=path), False
        return _create_or_migrate(text, file_checked=True)
    return _create_or_migrate(text)


def _create_or_migrate(location: str, *, file_checked: bool = False) -> tuple[Database, bool]:
    from .engine import database_url, make_engine, sqlite_path  # noqa: PLC0415 - deferred, see the module doc
    from .migrate import current_revision, upgrade  # noqa: PLC0415

    url = database_url(location)
    path = sqlite_path(url)
    created = False
    if path is not None:
        if not file_checked:  # a URL: its file is seen here for the first time
            inspect_library_file(path)
        created = not path.exists() or path.stat().st_size == 0
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        if path is None:
            created = current_revision(engine) is None
        upgrade(engine)
    except RefDeskError:
        engine.dispose()
        raise
    return Database(url, engine, path=path), created
