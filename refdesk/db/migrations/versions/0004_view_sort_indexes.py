"""Sort indexes led by trashed_at, so a page of a view is read in index order

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SORTED = ("title_sort", "authors_sort", "journal_sort", "year", "pmid", "citekey", "added")
REPLACED = ("added", "title_sort", "authors_sort", "journal_sort", "trashed_at", "year")


def upgrade() -> None:
    with op.batch_alter_table("papers") as batch_op:
        for name in REPLACED:
            batch_op.drop_index(f"ix_papers_{name}")
        for name in SORTED:
            batch_op.create_index(f"ix_papers_view_{name}", ["trashed_at", name], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("papers") as batch_op:
        for name in SORTED:
            batch_op.drop_index(f"ix_papers_view_{name}")
        for name in REPLACED:
            batch_op.create_index(f"ix_papers_{name}", [name], unique=False)
