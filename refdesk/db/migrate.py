"""Alembic migrations, run from the application on the library's own connection.

The migration scripts live inside the package (``refdesk/db/migrations``), so
they ship in the wheel and in the frozen app; the Alembic ``Config`` is built
here in code, with no ``alembic.ini``.

Opening a library that is already at ``HEAD`` costs one query: Alembic is
imported only when there is something to migrate (importing it measured
about a quarter of a second of RefDesk's start-up).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError

from ..errors import StorageError
from .library_file import HEAD

MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the library's schema to ``revision``, refusing foreign databases."""
    try:
        tables = set(inspect(engine).get_table_names())
        if revision in ("head", HEAD) and "alembic_version" in tables and current_revision(engine) == HEAD:
            return
    except DatabaseError as exc:
        raise StorageError(f"The library file is damaged or not a database: {exc.orig}") from exc
    if tables and "alembic_version" not in tables:
        raise StorageError(
            "This database is not a RefDesk library (it has other tables); it was left untouched"
        )
    current = current_revision(engine) if "alembic_version" in tables else None
    if current is not None and not _known_revision(current):
        raise StorageError(
            f"This library was written by a newer RefDesk (schema revision {current}; this version "
            f"knows up to {HEAD}). Update RefDesk to open it; it was left untouched."
        )
    _run_alembic_upgrade(engine, revision)


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - see module doc
    from alembic.util import CommandError  # noqa: PLC0415

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def _run_alembic_upgrade(engine: Engine, revision: str) -> None:
    from alembic import command  # noqa: PLC0415 - only when a migration is due (see module doc)

    config = alembic_config()
    with engine.connect() as connection:
        connection.execution_options(refdesk_write=True)
        with connection.begin():
            config.attributes["connection"] = connection
            try:
                command.upgrade(config, revision)
            except DatabaseError as exc:
                raise StorageError(f"Could not upgrade the library: {exc.orig}") from exc


def alembic_config():  # -> alembic.config.Config
    from alembic.config import Config  # noqa: PLC0415 - see module doc

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The head according to the migration scripts themselves."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - see module doc

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
