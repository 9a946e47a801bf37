"""Alembic environment: runs on the connection handed over by ``refdesk.db.migrate``.

It leaves the application's logging alone (no ``fileConfig``).
"""

from alembic import context

from refdesk.db.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - migrations only ever run from the app
    raise RuntimeError("RefDesk migrations run from refdesk.db.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
