"""Contradictions from summaries: ``edge_summaries.contradicted`` with an index at either
end, the denials by pair (``denials``, ``denial_pairs``), the affirmed claims between two
actors (``actor_pairs`` rows of direction 'affirmed'), and the index that reads a page of a
pair's timeline in date order; all built from what is already stored.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimgraph.store.summaries import _Document

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from claimgraph.store.summaries import Tally, rebuild_statements
    from claimgraph.store.summaries import _facts as facts_of

    with op.batch_alter_table("edge_summaries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contradicted", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table("denials",
    sa.Column("denier_id", sa.Text(), nullable=False),
    sa.Column("other_id", sa.Text(), nullable=False),
    sa.Column("kind", sa.String(length=8), nullable=False),
    sa.Column("ref_id", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("denier_id", "other_id", "kind", "ref_id", name=op.f("pk_denials"))
    )
    op.create_table("denial_pairs",
    sa.Column("denier_id", sa.Text(), nullable=False),
    sa.Column("other_id", sa.Text(), nullable=False),
    sa.Column("kind", sa.String(length=8), nullable=False),
    sa.Column("refs", sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint("denier_id", "other_id", "kind", name=op.f("pk_denial_pairs"))
    )
    conn = op.get_bind()
    op.execute("UPDATE edge_summaries SET contradicted = (mutual = false AND source_id <> target_id "
               "AND negated > 0 AND negated < claims)")
    # the affirmed claims between two actors, each claim once a pair, both ways
    op.execute("DELETE FROM actor_pairs WHERE direction = 'affirmed'")
    pair = ("SELECT DISTINCT claim_id, CASE WHEN source_id < target_id THEN source_id ELSE target_id END AS lo, "
            "CASE WHEN source_id < target_id THEN target_id ELSE source_id END AS hi "
            "FROM edge_claims WHERE negated = false AND source_id <> target_id")
    for a, b in (("lo", "hi"), ("hi", "lo")):
        op.execute(f"INSERT INTO actor_pairs (entity_id, direction, other_id, claims) "  # noqa: S608
                   f"SELECT {a}, 'affirmed', {b}, count(*) FROM ({pair}) AS p GROUP BY {a}, {b}")
    # denial claims (found by their trigger's index) and reported denials
    from claimgraph.store.schema import claims, denial_pairs, denials
    from claimgraph.store.summaries import is_denial

    triggers = [t for t in conn.execute(sa.select(claims.c.trigger_text).distinct()).scalars() if is_denial(t)]
    doc_pks = sorted(conn.execute(sa.select(claims.c.document_id).distinct()
                                  .where(claims.c.trigger_text.in_(triggers))).scalars()) if triggers else []
    statements = rebuild_statements(conn)
    tally = Tally()
    for pk, found in facts_of(conn, doc_pks):
        tally.add(_no_document(pk), [f for f in found if is_denial(f.trigger)])
    for pk, said in statements.items():
        tally.add(_no_document(pk), [], (), said)
    for i in range(0, len(tally.denials), 20000):
        conn.execute(denials.insert(), tally.denials[i:i + 20000])
    rows = [{"denier_id": a, "other_id": b, "kind": k, "refs": n} for (a, b, k), n in tally.denial_pairs.items()]
    for i in range(0, len(rows), 20000):
        conn.execute(denial_pairs.insert(), rows[i:i + 20000])
    with op.batch_alter_table("denial_pairs", schema=None) as batch_op:
        batch_op.create_index("ix_denial_pairs_other_id", ["other_id"], unique=False)
    with op.batch_alter_table("edge_summaries", schema=None) as batch_op:
        batch_op.drop_index("ix_edge_summaries_target_id")
        batch_op.create_index("ix_edge_summaries_source_contradicted",
                              ["source_id", "contradicted", "event", "target_id"], unique=False)
        batch_op.create_index("ix_edge_summaries_target_contradicted",
                              ["target_id", "contradicted", "event", "source_id"], unique=False)
    with op.batch_alter_table("edge_claims", schema=None) as batch_op:
        batch_op.drop_index("ix_edge_claims_date")
        batch_op.create_index("ix_edge_claims_pair_date", ["source_id", "target_id", "date", "published", "claim_id"],
                              unique=False)


def _no_document(pk: int) -> _Document:
    """A document as ``Tally.add`` needs it when only its denials are counted."""

    return _Document(pk, "", "", None)


def downgrade() -> None:
    with op.batch_alter_table("edge_claims", schema=None) as batch_op:
        batch_op.drop_index("ix_edge_claims_pair_date")
        batch_op.create_index("ix_edge_claims_date", ["source_id", "target_id", "date", "claim_id"], unique=False)
    with op.batch_alter_table("edge_summaries", schema=None) as batch_op:
        batch_op.drop_index("ix_edge_summaries_target_contradicted")
        batch_op.drop_index("ix_edge_summaries_source_contradicted")
        batch_op.create_index("ix_edge_summaries_target_id", ["target_id"], unique=False)
    op.execute("DELETE FROM actor_pairs WHERE direction = 'affirmed'")
    with op.batch_alter_table("denial_pairs", schema=None) as batch_op:
        batch_op.drop_index("ix_denial_pairs_other_id")
    op.drop_table("denial_pairs")
    op.drop_table("denials")
    with op.batch_alter_table("edge_summaries", schema=None) as batch_op:
        batch_op.drop_column("contradicted")
