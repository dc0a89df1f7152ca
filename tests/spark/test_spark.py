"""claimgraph spark extract (Spark's local mode) then load, against claimgraph ingest, on the
same 50 real documents: the same claims (ids, fields, offsets), the same documents and
near-duplicates, the same ``links``; bad inputs land in the failures table; a second load
adds nothing; the load into PostgreSQL stores the same.

One SparkSession serves the module (local[1]: one executor process, which loads the
extractor once).  Skipped, saying why, where Java or pyspark is missing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimgraph.cli import main
from pg import new_pg_database

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
AGNEWS = SHARED / "corpora" / "agnews-world" / "docs.jsonl"
ARTICLES = SHARED / "corpora" / "polnear-articles" / "text"


ZYGOTES: list[int] = []  # pids of the zygotes the session's start began (``spark/zygote.py``)


# pyspark's import warns about pandas 3, whose features the job does not use
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")


def _articles() -> list[str]:
    """Ten PolNeAR articles of 1.5 to 3 KB (short ones keep the test quick)."""
    return sorted(p.name for p in ARTICLES.glob("*.txt") if 1500 <= p.stat().st_size <= 3000)[:10]


@pytest.fixture(scope="module")
def spark():
    from claimgraph.spark.job import spark_missing

    missing = spark_missing()
    if missing:
        pytest.skip(f"Spark cannot run here: {missing}")
    from claimgraph.spark import job

    session = job.local_session("local[1]", app="claimgraph tests")
    zygotes = list(job._ZYGOTES)  # the one loading the extractor while the JVM started
    ZYGOTES[:] = [z.process.pid for z in zygotes]
    session.conf.set("spark.sql.shuffle.partitions", "2")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    for z in zygotes:  # the daemon it took over stops with the session, and it with the daemon
        z.process.wait(60)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """50 real documents: 38 AG News world snippets in a JSON lines file (one of them twice,
    under another id), 10 PolNeAR articles, and a copy of one of them without its last
    paragraph (a near-duplicate); and two bad inputs: a malformed line, a binary file."""
    if not AGNEWS.is_file() or not ARTICLES.is_dir():
        pytest.skip(f"{SHARED / 'corpora'} is not there (shared development material)")
    root = tmp_path_factory.mktemp("corpus")
    lines = AGNEWS.read_text(encoding="utf-8").splitlines()[:38]
    twin = dict(json.loads(lines[5]), id="agnews-twin")
    lines[20:20] = ['{"id": "broken", "text": "unterminated', json.dumps(twin)]
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = root / "articles"
    articles.mkdir()
    names = _articles()
    for name in names:
        shutil.copy(ARTICLES / name, articles / name)
    text = (ARTICLES / names[3]).read_text(encoding="utf-8")
    (articles / "zz-copy.txt").write_text(text[:text.rstrip().rfind("\n")], encoding="utf-8")
    (articles / "scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02 not text")
    return root


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory) -> str:
    """The corpus through claimgraph ingest (SQLite)."""
    from claimgraph.ingest.run import run_ingest
    from claimgraph.store import ClaimStore

    db = str(tmp_path_factory.mktemp("ingest") / "ingest.db")
    with ClaimStore.open(db) as store:
        run_ingest(store, [str(corpus)])
    return db


@pytest.fixture(scope="module")
def extracted(spark, corpus, tmp_path_factory) -> tuple[Path, dict[str, int], Any]:
    """The corpus through spark extract: the output folder, the rows of each table, and the
    job's summary."""
    from claimgraph.spark.job import run_extract

    out = tmp_path_factory.mktemp("spark") / "claims"
    summary = run_extract(spark, [str(corpus)], str(out), partitions=3)
    return out, summary.rows, summary


@pytest.fixture(scope="module")
def loaded(extracted, tmp_path_factory) -> str:
    out = extracted[0]
    db = str(tmp_path_factory.mktemp("load") / "load.db")
    result = CliRunner().invoke(main, ["--db", db, "load", str(out), "--batch", "7", "--format", "json"])
    assert result.exit_code == 1, result.output  # the two bad inputs are reported
    return db


def _documents(db: str) -> list[tuple]:
    """Each stored document as ingest would describe it, its first copy named by doc_id."""
    from sqlalchemy import select

    from claimgraph.store import ClaimStore
    from claimgraph.store.schema import documents as d

    with ClaimStore.open(db) as store, store.engine.connect() as conn:
        ids = dict(conn.execute(select(d.c.id, d.c.doc_id)).all())
        rows = conn.execute(select(d.c.doc_id, d.c.content_hash, d.c.status, d.c.language, d.c.source,
                                   d.c.source_line, d.c.near_duplicate_of, d.c.similarity, d.c.minhash)
                            .order_by(d.c.doc_id)).all()
    return [(*r[:6], ids.get(r[6]), r[7], r[8]) for r in rows]


def _records(db: str) -> dict[str, list[dict]]:
    from claimgraph.store import ClaimStore

    with ClaimStore.open(db) as store:
        return {doc_id: store.records(doc_id) for doc_id, *_ in _documents(db)}


def _top_pairs(db: str, n: int = 6) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from claimgraph.store import ClaimStore
    from claimgraph.store.schema import edge_summaries as e

    with ClaimStore.open(db) as store, store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(e.c.source_id, e.c.target_id)
                                               .order_by(e.c.claims.desc(), e.c.source_id, e.c.target_id)
                                               .limit(n))]


def _links(db: str, a: str, b: str) -> dict:
    result = CliRunner().invoke(main, ["--db", db, "links", a, b, "--via", "2", "--evidence", "5",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_tables_hold_the_corpus_and_its_bad_inputs(extracted, corpus):
    import pyarrow.parquet as pq

    out, rows, _ = extracted
    assert rows["documents"] == 49 and rows["duplicates"] == 1 and rows["failures"] == 2
    assert rows["claims"] > 100 and rows["attributions"] > 100
    failures = {(f["source"], f["line"]): f["reason"] for f in pq.read_table(out / "failures").to_pylist()}
    assert failures == {(str(corpus / "articles" / "scan.txt"), 0): "binary file (NUL bytes), not text",
                        (str(corpus / "wire.jsonl"), 21): "malformed JSON (Unterminated string starting at)"}
    [dup] = pq.read_table(out / "duplicates").to_pylist()
    assert dup["doc_id"] == "agnews-twin" and dup["line"] == 22
    claims = pq.read_table(out / "claims")
    # nested fields are structs: an actor is a list of entities with their offsets
    actor = claims.schema.field("actor").type.value_type
    assert [actor.field(i).name for i in range(actor.num_fields)] == ["text", "start", "end", "id", "name", "type",
                                                                      "country", "sector"]
    # part N of every table holds the same documents
    docs = {p.name.split("-")[1]: set(pq.read_table(p).column("seq").to_pylist())
            for p in (out / "documents").glob("part-*.parquet")}
    for p in (out / "claims").glob("part-*.parquet"):
        assert set(pq.read_table(p).column("seq").to_pylist()) <= docs[p.name.split("-")[1]]


def test_each_document_is_extracted_once_by_one_extractor_a_worker(extracted):
    """Every table is written from the extractions made once: a write that extracted again
    would count its documents again.  The one Python worker of local[1] loads one extractor
    for the three partitions."""
    import pyarrow.parquet as pq

    out, rows, summary = extracted
    statuses = pq.read_table(out / "documents").column("status").to_pylist()
    failed = [f for f in pq.read_table(out / "failures").to_pylist() if f["doc_id"] is not None]
    assert summary.extracted == statuses.count("extracted") + len(failed) == 49
    assert summary.extractor_loads == 1


def _worker_extractor(spark: Any) -> tuple[str, int, int, int]:
    """Who loaded the extractor of a Spark Python worker, the worker's pid and its parent's,
    and whether its string hashes are randomised (PySpark's workers run with a fixed seed)."""
    def probe(_: int) -> tuple[str, int, int, int]:  # nested: pickled by value, for workers that cannot import tests
        import os
        import sys

        from claimgraph.spark import job

        [(_extractor, loader)] = job._EXTRACTORS.values()
        return loader, os.getpid(), os.getppid(), sys.flags.hash_randomization

    [found] = set(spark.sparkContext.parallelize([0], 1).map(probe).collect())
    return found


def test_workers_inherit_the_extractor_the_zygote_loaded(spark, extracted):
    """In the local mode ``local_session`` starts, a zygote loaded the job's extractor while
    the JVM started, and took the executor's daemon's place: the Python workers are its
    children, and hold its extractor without having loaded it themselves."""
    import socket

    loader, pid, parent, randomised = _worker_extractor(spark)
    assert loader == f"{socket.gethostname()}:{parent}" and parent != pid
    assert ZYGOTES == [parent] and not randomised


def test_a_daemon_with_no_zygote_left_loads_the_extractor_itself(spark, corpus, extracted, tmp_path, monkeypatch):
    """A zygote serves one daemon start.  Another environment for the executors makes Spark
    start another daemon, which finds no zygote and loads the extractor itself, as without
    one: its workers are its children, and the job's tables are the same."""
    import socket

    import pyarrow.parquet as pq

    from claimgraph.spark import job

    monkeypatch.setitem(spark.sparkContext.environment, "CLAIMGRAPH_TEST_DAEMON", "another")
    out = tmp_path / "claims"
    summary = job.run_extract(spark, [str(corpus)], str(out), partitions=3)
    loader, _pid, parent, _ = _worker_extractor(spark)
    assert loader == f"{socket.gethostname()}:{parent}" and parent not in ZYGOTES
    assert summary.rows == extracted[1] and summary.extractor_loads == 1

    def claims(folder: Path) -> list[dict]:
        return sorted(pq.read_table(folder / "claims").to_pylist(), key=lambda r: (r["seq"], r["item"]))

    assert claims(out) == claims(extracted[0])


def test_inputs_read_by_the_executors_give_the_same_tables(spark, corpus, extracted, tmp_path, monkeypatch):
    """Inputs past DRIVER_READ_MB are read, their duplicates removed and their ranges cut
    by Spark jobs (one to collect lengths, failures and duplicates, one shuffle) instead of
    the driver: the tables hold the same rows, in the same parts."""
    import pyarrow.parquet as pq

    from claimgraph.spark import job

    monkeypatch.setattr(job, "DRIVER_READ_MB", 0)
    out = tmp_path / "claims"
    summary = job.run_extract(spark, [str(corpus)], str(out), partitions=3)
    assert summary.rows == extracted[1] and summary.extracted == 49

    def table(folder: Path, name: str) -> list[list[dict]]:
        parts = sorted((folder / name).glob("part-*.parquet"))
        return [sorted(pq.read_table(p).to_pylist(), key=lambda r: (r["seq"], r.get("item", 0))) for p in parts]

    for name in ("documents", "claims", "attributions", "affiliations"):
        assert table(out, name) == table(extracted[0], name), name
    for name in ("failures", "duplicates"):
        assert sum(table(out, name), []) == sum(table(extracted[0], name), []), name


def test_partitions_are_ranges_of_input_of_about_equal_work(extracted):
    """Part N holds documents read before those of part N+1, and no part holds more than its
    share of the work (text length and a fixed cost a document) by more than one document."""
    import pyarrow.parquet as pq

    from claimgraph.spark.job import DOCUMENT_COST

    out = extracted[0]
    parts = [pq.read_table(p).to_pylist() for p in sorted((out / "documents").glob("part-*.parquet"))]
    assert len(parts) == 3
    seqs = [[d["seq"] for d in part] for part in parts]
    assert all(max(a) < min(b) for a, b in zip(seqs, seqs[1:], strict=False))
    work = [sum(len(d["text"]) + DOCUMENT_COST for d in part) for part in parts]
    largest = max(len(d["text"]) + DOCUMENT_COST for part in parts for d in part)
    assert max(work) <= sum(work) / 3 + largest


def test_spark_then_load_stores_what_ingest_stores(ingested, loaded):
    assert _documents(loaded) == _documents(ingested)
    near = [r for r in _documents(loaded) if r[6] is not None]
    assert [(Path(r[0]).name, Path(r[6]).name) for r in near] == [("zz-copy.txt", _articles()[3])]
    spark_records, ingest_records = _records(loaded), _records(ingested)
    assert sum(len(v) for v in spark_records.values()) > 200
    assert spark_records == ingest_records


def test_links_answer_alike(ingested, loaded):
    pairs = _top_pairs(ingested)
    assert pairs == _top_pairs(loaded) and len(pairs) == 6
    for a, b in pairs:
        assert _links(loaded, a, b) == _links(ingested, a, b)


def test_failures_are_recorded_as_ingest_records_them(ingested, loaded):
    from claimgraph.store import ClaimStore

    def failures(db: str) -> set[tuple]:
        with ClaimStore.open(db) as store:
            return {(f["source"], f["line"], f["reason"]) for f in store.failures()}

    assert failures(loaded) == failures(ingested) and len(failures(loaded)) == 2


def test_a_second_load_adds_nothing(extracted, loaded):
    from sqlalchemy import func, select

    from claimgraph.store import ClaimStore
    from claimgraph.store.schema import claims, edge_summaries, mentions

    def state() -> tuple:
        with ClaimStore.open(loaded) as store, store.engine.connect() as conn:
            return (conn.execute(select(func.count()).select_from(claims)).scalar(),
                    conn.execute(select(func.count()).select_from(mentions)).scalar(),
                    conn.execute(select(edge_summaries).order_by(*edge_summaries.primary_key.columns)).all())

    before = state()
    result = CliRunner().invoke(main, ["--db", loaded, "load", str(extracted[0]), "--format", "json"])
    run = json.loads(result.output)["run"]
    assert (run["documents"], run["duplicates"], run["claims"]) == (0, 50, 0)
    assert state() == before


def test_load_into_postgresql_stores_the_same(postgres_server, extracted, ingested):
    db = new_pg_database(postgres_server)
    result = CliRunner().invoke(main, ["--db", db, "load", str(extracted[0]), "--batch", "10"])
    assert result.exit_code == 1 and "load run 1 (finished)" in result.output
    assert _documents(db) == _documents(ingested)
    assert _records(db) == _records(ingested)
    a, b = _top_pairs(ingested)[0]
    assert _links(db, a, b) == _links(ingested, a, b)


def test_a_folder_that_is_no_spark_output_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "load", str(tmp_path)])
    assert result.exit_code == 2
    assert "no documents table (expected the output folder of claimgraph spark extract)" in result.output

def test_tables_a_job_did_not_finish_are_refused(tmp_path):
    """A job that stopped while writing leaves a table without its _SUCCESS file: nothing is
    loaded, and no store is created."""
    out = tmp_path / "claims"
    for table in ("documents", "claims", "attributions", "affiliations", "failures", "duplicates"):
        (out / table).mkdir(parents=True)
        if table != "claims":
            (out / table / "_SUCCESS").write_text("")
    db = tmp_path / "x.db"
    result = CliRunner().invoke(main, ["--db", str(db), "load", str(out)])
    assert result.exit_code == 2 and not db.exists()
    assert "the tables claims were not completely written (no _SUCCESS file)" in result.output
