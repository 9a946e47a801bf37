"""Cache of rendered BibTeX/BibLaTeX entries

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_cache",
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("variant", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["paper_id"], ["papers.id"], name=op.f("fk_entry_cache_paper_id_papers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("paper_id", "variant", name=op.f("pk_entry_cache")),
    )


def downgrade() -> None:
    op.drop_table("entry_cache")
