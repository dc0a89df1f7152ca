"""Fixtures of the store tests: ``db``, a fresh database on each backend (SQLite, and the
session's throwaway PostgreSQL server from tests/conftest.py), so that every test using it
runs on both."""

from __future__ import annotations

from pathlib import Path

import pytest

from pg import new_pg_database


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database: a SQLite file, or a database on the session's PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "claims.db")
    return new_pg_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def store(db: str):
    from claimgraph.store import ClaimStore

    with ClaimStore.open(db) as s:
        yield s
