from __future__ import annotations

import pytest

from claimgraph.query import Graph

from .corpus import build_corpus_store


@pytest.fixture(scope="session")
def corpus_db(extractor, tmp_path_factory) -> str:
    return build_corpus_store(extractor, tmp_path_factory.mktemp("query") / "claims.db")


@pytest.fixture(scope="session")
def graph(corpus_db):
    with Graph.open(corpus_db) as g:
        yield g
