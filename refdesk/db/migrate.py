"""Alembic migrations, run from the application on the library's own connection.

The migration scripts live inside the package (``refdesk/db/migrations``), so
they ship in the wheel and in the frozen app; the Alembic ``Config`` is built
here in code, with no ``alembic.ini``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError

from ..errors import StorageError

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the library's schema to ``revision``, refusing foreign databases."""
    try:
        tables = set(inspect(engine).get_table_names())
    except DatabaseError as exc:
        raise StorageError(f"The library file is damaged or not a database: {exc.orig}") from exc
    if tables and "alembic_version" not in tables:
        raise StorageError(
            "This database is not a RefDesk library (it has other tables); it was left untouched"
        )
    config = alembic_config()
    with engine.connect() as connection:
        connection.execution_options(refdesk_write=True)
        with connection.begin():
            config.attributes["connection"] = connection
            try:
                command.upgrade(config, revision)
            except DatabaseError as exc:
                raise StorageError(f"Could not upgrade the library: {exc.orig}") from exc
