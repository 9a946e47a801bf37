"""Cache of linked papers' summaries, and auto-export targets

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('export_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('search', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_targets')),
    sa.UniqueConstraint('path', name=op.f('uq_export_targets_path'))
    )
    op.create_table('linked_papers',
    sa.Column('pmid', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('journal', sa.Text(), nullable=False),
    sa.Column('citation', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('doi', sa.String(length=255), nullable=False),
    sa.Column('authors', sa.Text(), nullable=False),
    sa.Column('publication_types', sa.JSON(), nullable=False),
    sa.Column('fetched', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('pmid', name=op.f('pk_linked_papers'))
    )


def downgrade() -> None:
    op.drop_table("linked_papers")
    op.drop_table("export_targets")
