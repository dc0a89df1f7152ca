"""``python -m claimgraph.store.migrations revision "what changed"``: writes the next
revision into ``versions/`` with the changes Alembic finds between ``store/schema.py`` and
a scratch SQLite database migrated to the current head.  Review what it wrote."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from claimgraph.store.migrations import alembic_config


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "revision":
        print(__doc__, file=sys.stderr)
        return 2
    number = len(list(ScriptDirectory.from_config(alembic_config()).walk_revisions())) + 1
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'head.db'}")
        with engine.begin() as conn:
            cfg = alembic_config(conn)
            command.upgrade(cfg, "head")
            command.revision(cfg, message=argv[1], autogenerate=True, rev_id=f"{number:04d}")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
