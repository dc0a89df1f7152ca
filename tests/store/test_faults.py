"""Faults of the store and of the processes around it, each met by ``claimgraph ingest`` with
a one-line message, and nothing already stored lost: a disk that fills up (a file size limit
in the child), a read-only store, a store locked by another writer, two first runs at once
on an empty PostgreSQL database, a killed run whose worker processes must die with it, and a
document that needs more memory than a worker may have."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from claimgraph.ingest.run import run_ingest
from claimgraph.store import ClaimStore, database_url
from claimgraph.store.schema import documents

from .kills import NEWS, alive, descendants, write_corpus

ACTORS = ["Iran", "Russia", "Turkey", "Israel", "Hamas", "Syria", "Egypt", "China", "Iraq", "Saudi Arabia"]
VERBS = ["attacked", "criticized", "threatened", "accused", "sanctioned"]


def _corpus(path: Path, n: int) -> list[str]:
    texts = [f"{a} {v} {t} on Monday, officials said." for a in ACTORS for v in VERBS for t in ACTORS if a != t][:n]
    path.write_text("".join(json.dumps({"id": f"k{i:03d}", "text": t}) + "\n" for i, t in enumerate(texts)))
    return texts


def _ingest(db: str, *inputs: str, env: dict[str, str] | None = None, preexec=None,
            workers: int = 1) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", "from claimgraph.cli import main; main()", "--db", db,
                             "ingest", "--workers", str(workers), "--format", "json", *inputs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=preexec,
                            env={**os.environ, "COLUMNS": "200", **(env or {})})


def _stored(db: str) -> list[str]:
    engine = create_engine(database_url(db))
    with engine.connect() as conn:
        ids = list(conn.execute(select(documents.c.doc_id).order_by(documents.c.doc_id)).scalars())
    engine.dispose()
    return ids


def _intact(path: str) -> None:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def _seed(db: str, tmp_path: Path, extractor) -> list[str]:
    """A store holding three documents; their ids."""
    first = tmp_path / "first.jsonl"
    _corpus(first, 3)
    with ClaimStore.open(db) as store:
        assert run_ingest(store, [str(first)], extract=extractor.extract_documents).ok
    return _stored(db)


def test_a_full_disk_stops_the_run_with_a_message_and_keeps_what_was_stored(tmp_path: Path, extractor) -> None:
    db = str(tmp_path / "claims.db")
    before = _seed(db, tmp_path, extractor)
    corpus = tmp_path / "more.jsonl"
    _corpus(corpus, 150)
    child = _ingest(db, str(corpus))
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and child.poll() is None and len(_stored(db)) <= len(before):
        time.sleep(0.05)
    assert child.poll() is None, "the run ended before the disk could fill"
    # the disk fills: the child's files may grow no further than 64 KB past the largest now
    room = max(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) + 64 * 1024
    resource.prlimit(child.pid, resource.RLIMIT_FSIZE, (room, room))
    out, err = child.communicate(timeout=300)
    assert child.returncode == 2, err
    assert "Traceback" not in err
    (message,) = [line for line in err.splitlines() if line.startswith("claimgraph: ")]
    assert message.startswith("claimgraph: no room to write the claim store (disk full or file size limit): ")
    assert message.endswith("what was stored before is kept, and a rerun continues from there")
    _intact(db)
    stored = _stored(db)
    assert set(before) <= set(stored) and len(stored) < 150
    # with room again, the rerun stores the rest, each document once
    with ClaimStore.open(db) as store:
        assert run_ingest(store, [str(corpus)], extract=extractor.extract_documents).ok
    assert _stored(db) == sorted({f"k{i:03d}" for i in range(150)})
    _intact(db)


def test_a_read_only_store_is_refused_with_a_message(tmp_path: Path, extractor) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    db = str(folder / "claims.db")
    before = _seed(db, tmp_path, extractor)
    corpus = tmp_path / "more.jsonl"
    _corpus(corpus, 5)
    if os.geteuid() == 0:  # root writes through file modes: make the store immutable instead
        made = subprocess.run(["chattr", "+i", db, str(folder)], capture_output=True)
        if made.returncode != 0:
            pytest.skip(f"cannot make the store read-only as root (chattr: {made.stderr.decode().strip()})")
    else:
        os.chmod(db, 0o444)
        os.chmod(folder, 0o555)
    try:
        child = _ingest(db, str(corpus))
        out, err = child.communicate(timeout=300)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", db, str(folder)], check=True)
        else:
            os.chmod(folder, 0o755)
            os.chmod(db, 0o644)
    assert child.returncode == 2 and "Traceback" not in err
    (message,) = [line for line in err.splitlines() if line.startswith("claimgraph: ")]
    assert "read-only" in message or "cannot open the claim store" in message, message
    assert _stored(db) == before
    _intact(db)


def test_a_locked_store_is_waited_for_then_refused_with_a_message(tmp_path: Path, extractor) -> None:
    db = str(tmp_path / "claims.db")
    before = _seed(db, tmp_path, extractor)
    corpus = tmp_path / "more.jsonl"
    _corpus(corpus, 5)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the write lock
    try:
        started = time.monotonic()
        child = _ingest(db, str(corpus), env={"CLAIMGRAPH_LOCK_TIMEOUT": "2"})
        out, err = child.communicate(timeout=300)
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert child.returncode == 2 and "Traceback" not in err
    (message,) = [line for line in err.splitlines() if line.startswith("claimgraph: ")]
    assert message.startswith("claimgraph: the claim store is locked by another writer (waited 2 s; "
                              "CLAIMGRAPH_LOCK_TIMEOUT sets the wait)"), message
    assert waited >= 2
    assert _stored(db) == before
    _intact(db)


def test_two_first_runs_at_once_on_an_empty_postgresql_database(postgres_server: str, tmp_path: Path) -> None:
    from pg import new_pg_database

    db = new_pg_database(postgres_server)
    corpus = tmp_path / "c.jsonl"
    _corpus(corpus, 6)
    children = [_ingest(db, str(corpus)) for _ in range(2)]
    results = [c.communicate(timeout=300) for c in children]
    assert [c.returncode for c in children] == [0, 0], [err for _, err in results]
    reports = [json.loads(out) for out, _ in results]
    assert sum(r["run"]["documents"] for r in reports) == 6
    assert _stored(db) == [f"k{i:03d}" for i in range(6)]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the worker processes")
def test_workers_die_with_their_parent_and_the_run_resumes(tmp_path: Path, extractor) -> None:
    db = str(tmp_path / "claims.db")
    corpus = tmp_path / "c.jsonl"
    texts = _corpus(corpus, 150)
    with ClaimStore.open(db):
        pass
    child = _ingest(db, str(corpus), workers=2)
    deadline = time.monotonic() + 600
    workers: list[int] = []
    while time.monotonic() < deadline and child.poll() is None:
        workers = descendants(child.pid)
        if len(workers) >= 2 and len(_stored(db)) >= 1:
            break
        time.sleep(0.05)
    assert child.poll() is None, "the run ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()
    gone_by = time.monotonic() + 2
    while time.monotonic() < gone_by and any(alive(w) for w in workers):
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "worker processes outlived their parent"
    _, err = child.communicate()
    assert "BrokenPipeError" not in err and "Traceback" not in err
    stored_at_kill = len(_stored(db))
    assert stored_at_kill < len(texts)
    with ClaimStore.open(db) as store:
        report = run_ingest(store, [str(corpus)], extract=extractor.extract_documents)
        assert report.ok and report.run["documents"] == len(texts) - stored_at_kill
    assert _stored(db) == [f"k{i:03d}" for i in range(len(texts))]
    _intact(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(texts)


def _peak_mb(pids: list[int]) -> int:
    """The largest address space any of the processes has had (VmPeak), in MB."""
    peak = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmPeak:")), 0)
        peak = max(peak, kb // 1024)
    return peak


def _ingest_watching_workers(db: str, *inputs: str, env: dict[str, str]) -> tuple[int, dict, str, int]:
    """An ingest with two workers: its status, report, stderr, and its workers' peak address space."""
    child = _ingest(db, *inputs, env=env, workers=2)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _peak_mb(descendants(child.pid)))
        time.sleep(0.05)
    out, err = child.communicate()
    return child.returncode, json.loads(out) if out.strip() else {}, err, peak


@pytest.mark.skipif(not NEWS.is_file(), reason=f"{NEWS} is not there (shared development material)")
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to see the workers' memory")
def test_a_document_over_the_memory_limit_per_worker_fails_alone(tmp_path: Path) -> None:
    good = tmp_path / "news.jsonl"
    texts = write_corpus(good, 10, skip=700)
    # first, the workers' address space on these documents with no limit
    status, report, err, peak = _ingest_watching_workers(str(tmp_path / "free.db"), str(good),
                                                         env={"CLAIMGRAPH_MAX_MEMORY_MB": "0"})
    assert status == 0 and report["run"]["documents"] == len(texts) and peak > 0, err
    # 15 MB of the same news on one line: splitting it into words alone takes more than 100 MB
    # beyond that, while each of the other documents needs no more than it did
    big = tmp_path / "wire-dump.txt"
    one_line = " ".join(texts.values())
    big.write_text(" ".join([one_line] * (15_000_000 // len(one_line))), encoding="utf-8")
    capped = str(tmp_path / "capped.db")
    status, report, err, _ = _ingest_watching_workers(capped, str(good), str(big),
                                                      env={"CLAIMGRAPH_MAX_MEMORY_MB": str(peak + 100)})
    assert status == 1 and "Traceback" not in err, err
    reason = "extraction failed: out of memory (MemoryError; the limit per worker is CLAIMGRAPH_MAX_MEMORY_MB)"
    assert report["failures"] == [{"source": str(big), "line": None, "reason": reason}]
    assert f"{big}: {reason}" in err.splitlines()
    assert report["run"]["documents"] == len(texts) and report["run"]["status"] == "finished"
    with ClaimStore.open(capped) as store, ClaimStore.open(str(tmp_path / "free.db")) as free:
        assert [(f["source"], f["reason"]) for f in store.failures()] == [(str(big), reason)]
        for doc_id in texts:
            assert store.records(doc_id) == free.records(doc_id)
    _intact(capped)
