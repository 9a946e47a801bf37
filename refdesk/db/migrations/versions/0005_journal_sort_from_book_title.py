"""Papers without a journal sort (and show) by their book or proceedings title

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _sort_key(text: str) -> str:
    # refdesk.db.paper_writer.sort_key as of this revision (frozen here).
    return text.strip().lstrip("[(\"'").casefold()[:255]


def upgrade() -> None:
    bind = op.get_bind()
    # Found by a scan of the (trashed_at, journal_sort) index, a few MB: a scan
    # of the table would read every abstract (seconds for a large library).
    rows = bind.execute(sa.text(
        "SELECT id, book_title FROM papers INDEXED BY ix_papers_view_journal_sort "
        "WHERE journal_sort = '' AND journal = '' AND journal_iso = '' AND book_title != ''"
    )).all()
    if rows:
        bind.execute(sa.text("UPDATE papers SET journal_sort = :key WHERE id = :id"),
                     [{"id": pid, "key": _sort_key(title)} for pid, title in rows])


def downgrade() -> None:
    op.get_bind().execute(sa.text(
        "UPDATE papers SET journal_sort = '' WHERE journal = '' AND journal_iso = '' AND book_title != ''"
    ))  # a full scan, but only when going back
