"""Fixtures of the ingest tests: a local web server (``web``) and a fetch policy that keeps
its pauses short (``quick``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimgraph.ingest.fetch import FetchPolicy

from .web import LocalWeb


@pytest.fixture
def web() -> Iterator[LocalWeb]:
    server = LocalWeb()
    yield server
    server.close()


@pytest.fixture
def quick() -> FetchPolicy:
    # the test servers are on loopback, which claimgraph refuses to fetch unless allowed
    return FetchPolicy(host_interval=0.0, timeout=1.0, deadline=3.0, retries=2, backoff=0.05, max_bytes=200_000,
                       allow_private=True)
