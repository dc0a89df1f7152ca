"""Migrations build exactly the schema that store/schema.py declares, on both backends, and
opening a store twice (or an older one) brings it to the newest revision without loss."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from claimgraph.store import ClaimStore, database_url
from claimgraph.store.migrations import current_revision, head_revision, upgrade
from claimgraph.store.schema import metadata


def test_migrations_build_the_declared_schema(db: str) -> None:
    with ClaimStore.open(db) as store, store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        assert diff == []
        assert current_revision(conn) == head_revision() is not None


def test_a_database_is_migrated_from_empty_and_reopened(db: str) -> None:
    engine = create_engine(database_url(db))
    with engine.begin() as conn:
        assert current_revision(conn) is None
        upgrade(conn)
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    engine.dispose()
    assert {"documents", "entities", "entity_aliases", "mentions", "claims", "claim_entities", "attributions",
            "affiliations", "ingest_runs", "failures", "fetched_pages", "document_bands",
            "edge_summaries", "edge_claims", "edge_reporters", "actor_claims", "actor_publishers",
            "actor_pairs", "actor_timeline", "actor_months", "words", "reviews", "denials", "denial_pairs",
            "alembic_version"} == tables
    with ClaimStore.open(db) as store:
        run = store.start_run(["x"])
    with ClaimStore.open(db) as store:
        assert store.run(run)["inputs"] == ["x"]
