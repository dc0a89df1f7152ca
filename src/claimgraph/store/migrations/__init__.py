"""Schema migrations, kept inside the package so that an installed claimgraph can bring any
older database up to date.  They are Alembic revisions (``versions/``); ``upgrade`` runs
them on an open connection, and a database opened by ``ClaimStore.open`` is always
brought to the newest revision first.

To add one after changing ``store/schema.py``::

    python -m claimgraph.store.migrations revision "what changed"

writes a new revision with the differences Alembic finds between the schema and a database
migrated to the current head (a temporary SQLite file); review it, and make sure it also
holds on PostgreSQL (the store tests run every revision on both)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at this folder, bound to ``connection``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Brings the database behind ``connection`` to ``revision`` (default: the newest)."""
    if revision == "head" and current_revision(connection) == head_revision():
        return
    command.upgrade(alembic_config(connection), revision)
