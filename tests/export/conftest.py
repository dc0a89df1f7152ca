from __future__ import annotations

import pytest

from claimgraph.query import Graph
from query.corpus import build_corpus_store


@pytest.fixture(scope="session")
def export_graph(extractor, tmp_path_factory):
    db = build_corpus_store(extractor, str(tmp_path_factory.mktemp("export") / "claims.db"))
    with Graph.open(db) as g:
        yield g
