"""Shared fixtures: one ``Extractor`` for the whole session (the spaCy model loads once),
the invented example article with its actor file, the seed article from the shared
development material beside the project (``../shared``), skipped when that is absent, and a
throwaway PostgreSQL server (initdb into a temp dir, a free loopback port, torn down after
the session; skipped only when PostgreSQL is not installed, see pg.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pg import postgres_server  # noqa: F401  (the fixture, for every test folder)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED_TEXT = SHARED / "examples" / "seed-article.txt"


@pytest.fixture(scope="session")
def extractor():
    """The default extractor: packaged actors, learned event classifier."""
    from claimgraph.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def example_extractor():
    """An extractor that also knows the fictional actors of examples/example-actors.yaml."""
    from claimgraph.pipeline import Extractor

    return Extractor(actor_files=(str(EXAMPLES / "example-actors.yaml"),))


@pytest.fixture(scope="session")
def example_text() -> str:
    return (EXAMPLES / "example-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_TEXT.is_file():
        pytest.skip(f"{SEED_TEXT} is not there (shared development material)")
    # newline="" keeps the text byte for byte, as the reference scorer reads it
    with open(SEED_TEXT, encoding="utf-8", newline="") as fh:
        return fh.read()


@pytest.fixture(scope="session")
def seed_extraction(extractor, seed_text):
    """The seed article extracted once for all the tests that look at it."""
    return extractor.extract(seed_text, doc_id="seed-article")

