"""An actor's claims in date order (``actor_timeline``) and by month (``actor_months``),
built from the claims already stored, and the indexes that read a page of them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("actor_timeline",
    sa.Column("claim_id", sa.Integer(), nullable=False),
    sa.Column("role", sa.String(length=16), nullable=False),
    sa.Column("entity_id", sa.Text(), nullable=False),
    sa.Column("event", sa.String(length=16), nullable=False),
    sa.Column("undated", sa.Boolean(), nullable=False),
    sa.Column("date", sa.Text(), nullable=True),
    sa.Column("unpublished", sa.Boolean(), nullable=False),
    sa.Column("published", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_actor_timeline_claim_id_claims"),
                            ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("claim_id", "role", "entity_id", name=op.f("pk_actor_timeline"))
    )
    op.create_table("actor_months",
    sa.Column("entity_id", sa.Text(), nullable=False),
    sa.Column("month", sa.String(length=7), nullable=False),
    sa.Column("claims", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("entity_id", "month", name=op.f("pk_actor_months"))
    )
    # the rows first, the indexes after: building an index once is cheaper than keeping it
    # up to date through a million inserts
    from claimgraph.store.summaries import rebuild_actor_timeline

    rebuild_actor_timeline(op.get_bind())
    op.execute("INSERT INTO actor_months (entity_id, month, claims) SELECT entity_id, substr(date, 1, 7), count(*) "
               "FROM actor_timeline WHERE role = 'either' AND date IS NOT NULL GROUP BY entity_id, substr(date, 1, 7)")
    with op.batch_alter_table("actor_timeline", schema=None) as batch_op:
        batch_op.create_index("ix_actor_timeline_published",
                              ["entity_id", "role", "unpublished", "published", "claim_id"], unique=False)
        batch_op.create_index("ix_actor_timeline_refers",
                              ["entity_id", "role", "undated", "date", "published", "claim_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("actor_timeline", schema=None) as batch_op:
        batch_op.drop_index("ix_actor_timeline_refers")
        batch_op.drop_index("ix_actor_timeline_published")

    op.drop_table("actor_timeline")
    op.drop_table("actor_months")
