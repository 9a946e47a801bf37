"""What a library file is, checked with the standard library alone.

A RefDesk library is an SQLite file whose ``alembic_version`` table names
its schema revision.  :func:`inspect_library_file` looks inside read-only,
so a file that is not a library is refused without being modified (opening
it for writing, with WAL mode, would rewrite its header), and a library
already at :data:`HEAD` can be opened without loading SQLAlchemy or Alembic.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import StorageError

#: The newest schema revision; a test checks it against the migration scripts.
HEAD = "0005"
SQLITE_MAGIC = b"SQLite format 3\x00"


def inspect_library_file(path: Path) -> str | None:
    """The schema revision of the library at ``path``; None for a new (absent or empty) file.

    Raises :class:`StorageError`, leaving the file untouched, for anything that
    is not a RefDesk library: a folder, another kind of file, a damaged
    database, or another program's database.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a RefDesk library")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise StorageError(f"{path} is not a RefDesk library (not an SQLite database); it was left untouched")
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = (
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables else None
            )
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is damaged or not a database ({exc}); it was left untouched") from exc
    if tables and "alembic_version" not in tables:
        raise StorageError(f"{path} is not a RefDesk library (it has other tables); it was left untouched")
    return revision[0] if revision else None
