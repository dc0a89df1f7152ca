"""Alembic's entry point: runs revisions on the connection that ``upgrade`` hands over."""

from __future__ import annotations

from alembic import context

from claimgraph.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("claimgraph migrations run through claimgraph.store.migrations.upgrade, "
                       "which passes an open connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite alters tables by copying them; Alembic's batch mode does that for us
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
