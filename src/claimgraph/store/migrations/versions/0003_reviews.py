"""Reviews of claims: the ``reviews`` table, keyed by the document's text hash and the
claim's evidence, trigger and parties, and each claim's verdict (``claims.review``).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("reviews",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("content_hash", sa.String(length=64), nullable=False),
    sa.Column("doc_id", sa.Text(), nullable=False),
    sa.Column("evidence_start", sa.Integer(), nullable=False),
    sa.Column("evidence_end", sa.Integer(), nullable=False),
    sa.Column("trigger_start", sa.Integer(), nullable=False),
    sa.Column("trigger_end", sa.Integer(), nullable=False),
    sa.Column("parties", sa.Text(), nullable=False),
    sa.Column("verdict", sa.String(length=16), nullable=False),
    sa.Column("changes", sa.JSON(), nullable=False),
    sa.Column("original", sa.JSON(), nullable=False),
    sa.Column("reviewer", sa.Text(), nullable=False),
    sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    sa.UniqueConstraint("content_hash", "evidence_start", "evidence_end", "trigger_start", "trigger_end", "parties",
                        name="uq_reviews_key")
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviews_content_hash"), ["content_hash"], unique=False)

    # nullable columns without a foreign key: added in place on SQLite, no copy of the table
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("review_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_claims_review", ["review"], unique=False)


def downgrade() -> None:
    # dropped in place (SQLite 3.35+ can): a copy of the claims table would drop the old one,
    # and the foreign keys' ON DELETE CASCADE would empty claim_entities and edge_claims with it
    op.drop_index("ix_claims_review", table_name="claims")
    op.drop_column("claims", "review_id")
    op.drop_column("claims", "review")

    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_content_hash"))

    op.drop_table("reviews")
