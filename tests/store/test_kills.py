"""``claimgraph ingest`` killed with SIGKILL at seeded random moments (start-up, between
documents, inside a document's transaction), with one and two worker processes, on SQLite
and PostgreSQL, and run again after each kill on the same store: after each kill nothing is
stored twice or in part, the summaries equal a recount, the store is intact and no process
of the killed run is left; the last run stores the rest, and the corpus ends stored once,
each document with the records a run never killed gives it.  30 kills in all here, seven
or eight per configuration (each costs a start of the command, the model loaded);
``python bench/kill_ingest.py --kills 30`` runs 30 per configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from claimgraph.ingest.run import run_ingest
from claimgraph.store import ClaimStore, database_url
from pg import new_pg_database

from .kills import NEWS, finish, kill_at, moments, run_counters, store_problems, stored_records, write_corpus

# kills per configuration (backend, workers): 30 in all
KILLS = {("sqlite", 1): 8, ("sqlite", 2): 7, ("postgresql", 1): 7, ("postgresql", 2): 8}
DOCUMENTS = 160

pytestmark = [pytest.mark.skipif(not NEWS.is_file(), reason=f"{NEWS} is not there (shared development material)"),
              pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the workers")]


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory, extractor) -> tuple[Path, dict[str, str], dict, dict]:
    """The corpus file, its texts, and the record counts and records of each document as a
    run that is never killed stores them."""
    folder = tmp_path_factory.mktemp("kills")
    path = folder / "news.jsonl"
    texts = write_corpus(path, DOCUMENTS)
    reference = str(folder / "reference.db")
    with ClaimStore.open(reference) as store:
        assert run_ingest(store, [str(path)], extract=extractor.extract_documents).ok
    counts, records = stored_records(reference)
    assert sorted(counts) == sorted(texts) and sum(n for n, _, _ in counts.values()) > len(texts) // 2
    return path, texts, counts, records


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_ingest_killed_at_random_moments_resumes_with_each_document_stored_once(
        backend: str, workers: int, news, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    corpus, texts, expected, records = news
    db = str(tmp_path / "claims.db") if backend == "sqlite" else new_pg_database(
        request.getfixturevalue("postgres_server"))
    with ClaimStore.open(db):
        pass  # the schema exists before the first run, so that the test can count what is stored
    engine = create_engine(database_url(db))
    kills = KILLS[(backend, workers)]
    plan = moments(seed=f"{backend}-{workers}", kills=kills, documents_n=len(texts))
    done = []
    for moment in plan:
        kill = kill_at(db, corpus, workers, moment, engine)
        assert kill.problems == [], (str(moment), kill.problems)
        assert store_problems(db, expected) == [], str(moment)
        done.append(kill)
    engine.dispose()
    # the kills fell in start-up and in the writing, with workers to kill when there were two
    assert any(k.moment.stored is None for k in done) and any(k.stored_after > k.stored_before for k in done)
    assert all(k.processes == 1 for k in done) if workers == 1 else \
        any(k.processes >= 1 + workers for k in done)
    stored_by_kills = done[-1].stored_after
    assert 0 < stored_by_kills < len(texts)

    status, err = finish(db, corpus, workers)
    assert status == 0 and "Traceback" not in err, err
    assert store_problems(db, expected) == []
    runs = run_counters(db)
    # each killed run (that had started its row) is marked interrupted by the next; their
    # counters were written with their documents, so together the runs stored the corpus once
    assert [s for s, _ in runs] == ["interrupted"] * (len(runs) - 1) + ["finished"]
    assert len(runs) > kills // 2
    assert sum(n for _, n in runs) == len(texts)
    assert runs[-1][1] == len(texts) - stored_by_kills
    assert stored_records(db) == (expected, records)
