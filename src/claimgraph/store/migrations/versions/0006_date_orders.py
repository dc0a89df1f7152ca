"""The indexes that read an edge's evidence by date (newest or oldest first) and a pair's
timeline by publication date a page at a time, either way, instead of sorting all the
claims of the edge or the pair; and an actor's counterparts with most claims first
(profiles, the next steps of a path) without reading them all.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("edge_claims", schema=None) as batch_op:
        batch_op.create_index("ix_edge_claims_edge_date",
                              ["source_id", "target_id", "event", "mutual", "date", "published", "claim_id"],
                              unique=False)
        batch_op.create_index("ix_edge_claims_pair_published", ["source_id", "target_id", "published", "claim_id"],
                              unique=False)
    with op.batch_alter_table("actor_pairs", schema=None) as batch_op:
        batch_op.create_index("ix_actor_pairs_strongest", ["entity_id", "direction", sa.literal_column("claims DESC"),
                                                           "other_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("actor_pairs", schema=None) as batch_op:
        batch_op.drop_index("ix_actor_pairs_strongest")
    with op.batch_alter_table("edge_claims", schema=None) as batch_op:
        batch_op.drop_index("ix_edge_claims_pair_published")
        batch_op.drop_index("ix_edge_claims_edge_date")
