"""``claimgraph ingest`` killed with SIGKILL at seeded random moments, and run again on the same
store after each kill, until a run finishes.  Used by tests/store/test_kills.py (a few kills
per configuration, in CI) and by bench/kill_ingest.py (as many as asked, with figures).

A moment is either a time after the process starts (while it loads the model, makes the
schema, starts the run) or a number of documents stored by that run, plus a short random
wait (so that the kill falls inside a document's transaction as often as between two).
After each kill, ``store_problems`` must find nothing: every document stored at most once
and each with all its claims, attributions and affiliations, the summaries equal to a
recount, no failure recorded, the SQLite file intact; and no process of the killed run
may be left."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Connection, Engine

from claimgraph.store import ClaimStore, database_url
from claimgraph.store.schema import (
    actor_claims,
    actor_pairs,
    actor_publishers,
    affiliations,
    attributions,
    claims,
    denial_pairs,
    denials,
    documents,
    edge_claims,
    edge_reporters,
    edge_summaries,
    failures,
    ingest_runs,
    words,
)
from claimgraph.store.summaries import rebuild

NEWS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "agnews-world" / "docs.jsonl"
SUMMARY_TABLES = (edge_summaries, edge_claims, edge_reporters, actor_claims, actor_publishers, actor_pairs, words,
                  denials, denial_pairs)


def write_corpus(path: Path, n: int, skip: int = 0) -> dict[str, str]:
    """``n`` real world-news snippets (headline and lead) as JSON lines at ``path``: id -> text."""
    texts: dict[str, str] = {}
    seen: set[str] = set()
    with NEWS.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["text"] in seen:
                continue
            seen.add(record["text"])
            if len(seen) > skip:
                texts[record["id"]] = record["text"]
            if len(texts) == n:
                break
    path.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in texts.items()), encoding="utf-8")
    return texts


@dataclass(frozen=True)
class Moment:
    """Kill ``wait`` seconds after the run has stored ``stored`` documents, or, when
    ``stored`` is None, ``wait`` seconds after the process starts or at its first document
    stored, whichever comes first (start-up takes longer on a loaded machine)."""

    stored: int | None
    wait: float

    def __str__(self) -> str:
        return f"{self.wait:.2f} s after start" if self.stored is None else \
            f"{self.wait:.3f} s after its document {self.stored}"


def moments(seed: int | str, kills: int, documents_n: int) -> list[Moment]:
    """Seeded kill moments: about one in four during start-up, the others spread over the
    writing so that together they use about a quarter of the corpus (with two workers the
    writer stores a batch at once, so a kill may come some documents late; the last run
    finishes the corpus)."""
    rng = random.Random(seed)
    most = max(1, documents_n // (2 * (kills + 1)))
    return [Moment(None, rng.uniform(0.0, 4.0)) if rng.random() < 0.25 else Moment(rng.randint(1, most),
                                                                                     rng.uniform(0.0, 0.15))
            for _ in range(kills)]


@dataclass
class Kill:
    moment: Moment
    seconds: float  # from the start of the run to the kill
    stored_before: int  # documents in the store when the run started
    stored_after: int  # and when it had been killed
    processes: int  # the killed process and its descendants
    killed: bool = True  # False: the run ended first
    problems: list[str] = field(default_factory=list)


def ingest(db: str, corpus: Path, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "from claimgraph.cli import main; main()", "--db", db,
                             "ingest", "--workers", str(workers), "--format", "json", str(corpus)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "COLUMNS": "200"})


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, and theirs (from /proc)."""
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            out += kids
            todo += kids
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def stored_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())


def kill_at(db: str, corpus: Path, workers: int, moment: Moment, engine: Engine,
            timeout: float = 300.0) -> Kill:
    """Runs ingest and kills it at ``moment`` (``killed`` is False when it ended first)."""
    before = stored_count(engine)
    started = time.monotonic()
    child = ingest(db, corpus, workers)
    deadline = started + timeout
    reached: float | None = None
    while time.monotonic() < deadline and child.poll() is None:
        now = time.monotonic()
        if moment.stored is None:
            if now >= started + moment.wait or stored_count(engine) > before:
                break
        elif reached is None and stored_count(engine) >= before + moment.stored:
            reached = now
        if reached is not None and now >= reached + moment.wait:
            break
        time.sleep(0.02)
    if child.poll() is not None:
        _, err = child.communicate()
        kill = Kill(moment, time.monotonic() - started, before, stored_count(engine), 1, killed=False)
        kill.problems.append(f"the run ended before its kill, with status {child.returncode}: "
                             f"{err.decode('utf-8', 'replace')[-300:]!r}")
        return kill
    family = [child.pid, *descendants(child.pid)]
    os.kill(child.pid, signal.SIGKILL)
    seconds = time.monotonic() - started
    _, err = child.communicate()
    kill = Kill(moment, seconds, before, stored_count(engine), len(family))
    if child.returncode != -signal.SIGKILL:
        kill.problems.append(f"the run exited with {child.returncode}, not by the kill")
    text = err.decode("utf-8", "replace")
    if "Traceback" in text or "BrokenPipeError" in text:
        kill.problems.append(f"a traceback on stderr: {text[-300:]!r}")
    gone_by = time.monotonic() + 5
    while time.monotonic() < gone_by and any(alive(p) for p in family):
        time.sleep(0.02)
    left = [p for p in family if alive(p)]
    if left:
        kill.problems.append(f"processes left 5 s after the kill: {left}")
    return kill


def record_counts(conn: Connection) -> dict[str, tuple[int, int, int]]:
    """doc_id -> (claims, attributions, affiliations) of each stored document."""
    counts = {}
    for table in (claims, attributions, affiliations):
        counts[table.name] = dict(conn.execute(
            select(documents.c.doc_id, func.count(table.c.id))
            .join(table, table.c.document_id == documents.c.id, isouter=True)
            .group_by(documents.c.doc_id)).all())
    return {d: (n, counts["attributions"][d], counts["affiliations"][d]) for d, n in counts["claims"].items()}


def stored_records(db: str) -> tuple[dict[str, tuple[int, int, int]], dict[str, list[dict[str, Any]]]]:
    """The record counts and the records of each document of a store."""
    with ClaimStore.open(db) as store, store.engine.connect() as conn:
        counts = record_counts(conn)
        return counts, {d: store.records(d) for d in counts}


def store_problems(db: str, expected: dict[str, tuple[int, int, int]]) -> list[str]:
    """What is wrong with a store after a kill (nothing, if all is well)."""
    problems: list[str] = []
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            ids = list(conn.execute(select(documents.c.doc_id)).scalars())
            twice = sorted({i for i in ids if ids.count(i) > 1})
            if twice:
                problems.append(f"stored twice: {twice}")
            unknown = sorted(set(ids) - set(expected))
            if unknown:
                problems.append(f"documents not in the corpus: {unknown}")
            counts = record_counts(conn)
            for doc_id in sorted(set(ids) & set(expected)):
                if counts[doc_id] != expected[doc_id]:
                    problems.append(f"{doc_id} half stored: (claims, attributions, affiliations) {counts[doc_id]}, "
                                    f"a run never killed stores {expected[doc_id]}")
            failed = conn.execute(select(failures.c.source, failures.c.reason)).all()
            if failed:
                problems.append(f"failures recorded: {failed}")
            summaries = {t.name: {tuple(r) for r in conn.execute(select(t))} for t in SUMMARY_TABLES}
        with engine.connect() as conn:
            tx = conn.begin()
            rebuild(conn)
            recount = {t.name: {tuple(r) for r in conn.execute(select(t))} for t in SUMMARY_TABLES}
            tx.rollback()
        for name in summaries:
            if summaries[name] != recount[name]:
                problems.append(f"summary table {name} differs from a recount of the claims "
                                f"({len(summaries[name] ^ recount[name])} rows)")
    finally:
        engine.dispose()
    if engine.dialect.name == "sqlite":
        with sqlite3.connect(engine.url.database or "") as conn:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                problems.append(f"integrity check: {check}")
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                problems.append(f"foreign keys: {broken[:5]}")
    return problems


def finish(db: str, corpus: Path, workers: int, timeout: float = 600.0) -> tuple[int, str]:
    """A last run, not killed: its exit status and stderr."""
    child = ingest(db, corpus, workers)
    _, err = child.communicate(timeout=timeout)
    return child.returncode, err.decode("utf-8", "replace")


def run_counters(db: str) -> list[tuple[str, int]]:
    """(status, documents) of each run, oldest first."""
    engine = create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            return [(s, int(n)) for s, n in conn.execute(select(ingest_runs.c.status, ingest_runs.c.documents)
                                                         .order_by(ingest_runs.c.id))]
    finally:
        engine.dispose()
