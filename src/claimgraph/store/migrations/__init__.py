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

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at this folder, bound to ``connection``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _newest_file() -> str | None:
    # revisions are numbered (0001, 0002, …) and their files start with the number
    found = [m.group(1) for p in (HERE / "versions").glob("*.py") if (m := re.match(r"(\d{4})_", p.name))]
    return max(found, default=None)


def is_current(connection: Connection) -> bool:
    """Whether the database is at the newest revision, read without importing Alembic (which
    takes a tenth of a second: every command opens a store)."""
    newest = _newest_file()
    if newest is None or not inspect(connection).has_table("alembic_version"):
        return False
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [newest]


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Brings the database behind ``connection`` to ``revision`` (default: the newest)."""
    if revision == "head" and is_current(connection):
        return
    from alembic import command

    if revision == "head" and current_revision(connection) == head_revision():
        return
    command.upgrade(alembic_config(connection), revision)
