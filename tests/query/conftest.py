from __future__ import annotations

import pytest

from claimgraph.query import Graph
from pg import new_pg_database

from .corpus import build_corpus_store


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def corpus_db(request: pytest.FixtureRequest, extractor, tmp_path_factory) -> str:
    """The query corpus stored once per backend: every query test runs on SQLite and on
    PostgreSQL."""
    if request.param == "sqlite":
        return build_corpus_store(extractor, str(tmp_path_factory.mktemp("query") / "claims.db"))
    return build_corpus_store(extractor, new_pg_database(request.getfixturevalue("postgres_server")))


@pytest.fixture(scope="session")
def graph(corpus_db):
    with Graph.open(corpus_db) as g:
        yield g
