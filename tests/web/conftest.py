"""A claim store built from the query corpus through the real pipeline, once per backend,
and the web app on it, reached through the framework's test client as a loopback client."""

from __future__ import annotations

import pytest

from claimgraph.store import ClaimStore
from claimgraph.web.app import WebConfig, create_app
from pg import new_pg_database
from query.corpus import build_corpus_store

TOKEN = "a-test-token-of-some-length"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LOOPBACK = ("127.0.0.1", 50123)


def make_db(request: pytest.FixtureRequest, extractor, tmp_path_factory, backend: str) -> str:
    if backend == "sqlite":
        return build_corpus_store(extractor, str(tmp_path_factory.mktemp("web") / "claims.db"))
    return build_corpus_store(extractor, new_pg_database(request.getfixturevalue("postgres_server")))


@pytest.fixture(params=["sqlite", "postgresql"])
def web_db(request, extractor, tmp_path_factory) -> str:
    """A store of its own for each test (reviews change it), on each backend."""
    return make_db(request, extractor, tmp_path_factory, request.param)


@pytest.fixture
def client(web_db):
    from fastapi.testclient import TestClient

    with ClaimStore.open(web_db) as store:
        with TestClient(create_app(store, WebConfig(token=TOKEN)), client=LOOPBACK) as c:
            yield c
