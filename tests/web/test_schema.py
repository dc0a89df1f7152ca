"""schemathesis against the API's OpenAPI schema on a real store (SQLite, PostgreSQL): generated
requests to every operation (reads, and reviews with the token) never meet a server
error.  Bounded: a few examples per operation, so that it runs in seconds."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from claimgraph.store import ClaimStore  # noqa: E402
from claimgraph.web.app import WebConfig, create_app  # noqa: E402
from pg import new_pg_database  # noqa: E402
from query.corpus import build_corpus_store  # noqa: E402

from .conftest import AUTH, TOKEN  # noqa: E402

EXAMPLES = 8


def _checker(operation, seen: dict[str, set[int]]):
    """A hypothesis test of one operation: generated requests, none answered with a 5xx."""

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call(headers=AUTH, timeout=120)
        seen.setdefault(operation.label, set()).add(response.status_code)
        assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])

    return check


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_no_server_error_on_generated_requests(request, backend, extractor, tmp_path):
    db = build_corpus_store(extractor, str(tmp_path / "claims.db") if backend == "sqlite"
                            else new_pg_database(request.getfixturevalue("postgres_server")))
    with ClaimStore.open(db) as store:
        schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(store, WebConfig(token=TOKEN)),
                                                headers=AUTH)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 12
        seen: dict[str, set[int]] = {}
        for operation in operations:
            _checker(operation, seen)()
        # the generated requests reached the store, not only the validation
        assert sum(200 in codes for codes in seen.values()) >= 6, seen
