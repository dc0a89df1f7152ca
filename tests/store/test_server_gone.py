"""PostgreSQL going away in the middle of ``claimgraph ingest`` (a shutdown that ends the
sessions, and a crash of the server), with one and two workers: the run stops with one line
saying what happened, exit status 2, no traceback and no worker left; nothing half-written is
left (each document stored is stored whole, the summaries equal a recount); after the server
is back, a rerun stores the rest, each document once, with the records of a run never
stopped."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from claimgraph.ingest.run import run_ingest
from claimgraph.store import ClaimStore, database_url
from pg import controlled_server, new_pg_database

from .kills import (
    NEWS,
    alive,
    descendants,
    finish,
    ingest,
    run_counters,
    store_problems,
    stored_count,
    stored_records,
    write_corpus,
)

DOCUMENTS = 60

pytestmark = pytest.mark.skipif(not NEWS.is_file(), reason=f"{NEWS} is not there (shared development material)")


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, extractor) -> tuple[Path, tuple[dict, dict]]:
    """The corpus, and the record counts and records of a run never stopped."""
    folder = tmp_path_factory.mktemp("gone")
    path = folder / "news.jsonl"
    write_corpus(path, DOCUMENTS, skip=400)  # other texts than the kill tests'
    with ClaimStore.open(str(folder / "reference.db")) as store:
        assert run_ingest(store, [str(path)], extract=extractor.extract_documents).ok
    return path, stored_records(str(folder / "reference.db"))


@pytest.mark.parametrize(("mode", "workers"), [("fast", 1), ("immediate", 2)])
def test_postgresql_going_away_mid_run_stops_it_cleanly_and_a_rerun_completes(mode: str, workers: int,
                                                                             news) -> None:
    corpus, (expected, records) = news
    with controlled_server() as server:
        if server is None:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        db = new_pg_database(server.url)
        with ClaimStore.open(db):
            pass
        engine = create_engine(database_url(db))
        child = ingest(db, corpus, workers)
        family: list[int] = []
        try:
            while child.poll() is None and stored_count(engine) < 3:
                family = descendants(child.pid)
            engine.dispose()
            assert child.poll() is None, "the run ended before the server could be stopped"
            server.stop(mode)
            _, raw = child.communicate(timeout=120)
        finally:
            if child.poll() is None:
                child.kill()
        err = raw.decode("utf-8", "replace")
        assert child.returncode == 2 and "Traceback" not in err, err
        (message,) = [line for line in err.splitlines() if line.startswith("claimgraph: ")]
        assert message.startswith("claimgraph: the connection to the claim store's database server failed: "), message
        assert message.endswith("; what was stored before is kept, and a rerun continues from there")
        assert len(family) == (workers if workers > 1 else 0)
        assert not any(alive(p) for p in family), "workers outlived the run"

        server.start()
        assert store_problems(db, expected) == []  # nothing half-written
        engine = create_engine(database_url(db))
        stopped_at = stored_count(engine)
        engine.dispose()
        assert 3 <= stopped_at < DOCUMENTS
        status, err = finish(db, corpus, workers)
        assert status == 0 and "Traceback" not in err, err
        assert store_problems(db, expected) == []
        assert stored_records(db) == (expected, records)
        # the run the server left is marked interrupted by the rerun, which stored the rest
        assert run_counters(db) == [("interrupted", stopped_at), ("finished", DOCUMENTS - stopped_at)]


def test_a_server_shutdown_behind_a_later_error_is_named_as_a_lost_connection() -> None:
    """A shutdown in the middle of a batch can surface as a vaguer error raised while rolling
    back: the message names the lost server, found in the errors that led to it."""
    from claimgraph.store.claim_store import store_problem

    try:
        try:
            raise RuntimeError("terminating connection due to administrator command")
        except RuntimeError:
            raise RuntimeError("sending query failed: cannot exit pipeline mode while busy")  # noqa: B904
    except RuntimeError as err:
        chained = err
    assert store_problem(chained).startswith("the connection to the claim store's database server failed: "
                                             "sending query failed")
    assert store_problem(RuntimeError("cannot exit pipeline mode while busy")).startswith("claim store error: ")
