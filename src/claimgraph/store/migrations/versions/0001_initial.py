"""The claim store: documents, entities, mentions, claims, attributions, affiliations,
ingest runs and failures.

Revision ID: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("sector", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
    )
    op.create_table(
        "fetched_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=False),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("redirects", sa.JSON(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetched_pages")),
        sa.UniqueConstraint("url", "body_hash", name=op.f("uq_fetched_pages_url_body_hash")),
    )
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("host", sa.Text(), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("near_duplicates", sa.Integer(), nullable=False),
        sa.Column("not_extracted", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("attributions", sa.Integer(), nullable=False),
        sa.Column("affiliations", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_runs")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("site", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("published", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("language_score", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("skip_reason", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("fetched_page_id", sa.Integer(), nullable=True),
        sa.Column("near_duplicate_of", sa.Integer(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("extractor_version", sa.String(length=32), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fetched_page_id"], ["fetched_pages.id"], name=op.f("fk_documents_fetched_page_id_fetched_pages")
        ),
        sa.ForeignKeyConstraint(
            ["near_duplicate_of"], ["documents.id"], name=op.f("fk_documents_near_duplicate_of_documents")
        ),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], name=op.f("fk_documents_run_id_ingest_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_doc_id"), ["doc_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_near_duplicate_of"), ["near_duplicate_of"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_site"), ["site"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_source"), ["source"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_url"), ["url"], unique=False)

    op.create_table(
        "entity_aliases",
        sa.Column("entity_id", sa.Text(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_entity_aliases_entity_id_entities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("entity_id", "alias", name=op.f("pk_entity_aliases")),
    )
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["ingest_runs.id"], name=op.f("fk_failures_run_id_ingest_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
        sa.UniqueConstraint("source", "line", name=op.f("uq_failures_source_line")),
    )
    with op.batch_alter_table("failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_failures_run_id"), ["run_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=32), nullable=True),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("polarity", sa.String(length=16), nullable=False),
        sa.Column("certainty", sa.String(length=16), nullable=False),
        sa.Column("tense", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("trigger_text", sa.Text(), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=False),
        sa.Column("trigger_end", sa.Integer(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("cue_text", sa.Text(), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("time_text", sa.Text(), nullable=True),
        sa.Column("time_start", sa.String(length=32), nullable=True),
        sa.Column("time_end", sa.String(length=32), nullable=True),
        sa.Column("time_offset_start", sa.Integer(), nullable=True),
        sa.Column("time_offset_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_claims_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("document_id", "claim_id", name=op.f("uq_claims_document_id_claim_id")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_document_id", ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_event"), ["event"], unique=False)

    op.create_table(
        "document_bands",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_document_bands_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("band", "bucket", "document_id", name=op.f("pk_document_bands")),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_mentions_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name=op.f("fk_mentions_entity_id_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
        sa.UniqueConstraint(
            "document_id",
            "start",
            "end",
            "entity_id",
            "type",
            name=op.f("uq_mentions_document_id_start_end_entity_id_type"),
        ),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index("ix_mentions_document_id", ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentions_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "affiliations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("person_mention_id", sa.Integer(), nullable=False),
        sa.Column("organization_mention_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("former", sa.Boolean(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_affiliations_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_mention_id"], ["mentions.id"], name=op.f("fk_affiliations_organization_mention_id_mentions")
        ),
        sa.ForeignKeyConstraint(
            ["person_mention_id"], ["mentions.id"], name=op.f("fk_affiliations_person_mention_id_mentions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliations")),
    )
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_affiliations_document_id"), ["document_id"], unique=False)

    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("source_mention_id", sa.Integer(), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=True),
        sa.Column("source_start", sa.Integer(), nullable=True),
        sa.Column("source_end", sa.Integer(), nullable=True),
        sa.Column("cue_text", sa.Text(), nullable=False),
        sa.Column("cue_start", sa.Integer(), nullable=False),
        sa.Column("cue_end", sa.Integer(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_attributions_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_mention_id"], ["mentions.id"], name=op.f("fk_attributions_source_mention_id_mentions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attributions")),
    )
    with op.batch_alter_table("attributions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attributions_document_id"), ["document_id"], unique=False)

    op.create_table(
        "claim_entities",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_entities_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["mention_id"], ["mentions.id"], name=op.f("fk_claim_entities_mention_id_mentions")),
        sa.PrimaryKeyConstraint("claim_id", "role", "position", name=op.f("pk_claim_entities")),
    )
    with op.batch_alter_table("claim_entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_entities_mention_id"), ["mention_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_entities_mention_id"))

    op.drop_table("claim_entities")
    with op.batch_alter_table("attributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attributions_document_id"))

    op.drop_table("attributions")
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_affiliations_document_id"))

    op.drop_table("affiliations")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentions_entity_id"))
        batch_op.drop_index("ix_mentions_document_id")

    op.drop_table("mentions")
    op.drop_table("document_bands")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_event"))
        batch_op.drop_index("ix_claims_document_id")

    op.drop_table("claims")
    with op.batch_alter_table("failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_failures_run_id"))

    op.drop_table("failures")
    op.drop_table("entity_aliases")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_url"))
        batch_op.drop_index(batch_op.f("ix_documents_source"))
        batch_op.drop_index(batch_op.f("ix_documents_site"))
        batch_op.drop_index(batch_op.f("ix_documents_run_id"))
        batch_op.drop_index(batch_op.f("ix_documents_near_duplicate_of"))
        batch_op.drop_index(batch_op.f("ix_documents_doc_id"))

    op.drop_table("documents")
    op.drop_table("ingest_runs")
    op.drop_table("fetched_pages")
    op.drop_table("entities")
