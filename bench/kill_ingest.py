"""``claimgraph ingest`` killed with SIGKILL at many seeded random moments, and run again after
each kill, with one and two workers, on SQLite and PostgreSQL (a throwaway server), with
figures.

    python bench/kill_ingest.py [--kills 30] [--documents 400] [--seed 1]
                                [--backends sqlite,postgresql] [--workers 1,2]

The corpus is real world-news snippets from ../shared (corpora/agnews-world).  The moments
and the checks are those of tests/store/test_kills.py (tests/store/kills.py): after each
kill, every document stored at most once and with all its records, the summaries equal to a
recount, no failure recorded, the SQLite file intact, no process of the killed run left;
after the last run, the corpus stored once with the records of a run never killed.  Prints,
per configuration: kills during start-up and during the writing, documents stored by the
killed runs, problems found (must be 0), whether the end state equals the reference, and
the time taken.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import create_engine  # noqa: E402

from claimgraph.ingest.run import run_ingest  # noqa: E402
from claimgraph.store import ClaimStore, database_url  # noqa: E402
from pg import new_pg_database, throwaway_server  # noqa: E402
from store.kills import (  # noqa: E402
    NEWS,
    finish,
    kill_at,
    moments,
    run_counters,
    store_problems,
    stored_records,
    write_corpus,
)


def one_configuration(db: str, corpus: Path, workers: int, kills: int, seed: str, documents_n: int,
                      reference: tuple[dict, dict]) -> str:
    expected, records = reference
    with ClaimStore.open(db):
        pass
    engine = create_engine(database_url(db))
    started = time.perf_counter()
    problems: list[str] = []
    done = []
    for moment in moments(seed, kills, documents_n):
        kill = kill_at(db, corpus, workers, moment, engine)
        found = kill.problems + store_problems(db, expected)
        problems += [f"{moment}: {p}" for p in found]
        if not kill.killed:
            break
        done.append(kill)
    engine.dispose()
    status, err = finish(db, corpus, workers)
    if status != 0:
        problems.append(f"the last run exited with {status}: {err.strip()[-300:]}")
    problems += store_problems(db, expected)
    runs = run_counters(db)
    if sum(n for _, n in runs) != documents_n or any(s != "interrupted" for s, _ in runs[:-1]):
        problems.append(f"the runs' counters do not add up to the corpus: {runs}")
    same = stored_records(db) == (expected, records)
    at_start = sum(1 for k in done if k.moment.stored is None)
    in_writing = sum(1 for k in done if k.stored_after > k.stored_before)
    stored = done[-1].stored_after if done else 0
    for p in problems:
        print(f"    problem: {p}", file=sys.stderr)
    processes = max((k.processes for k in done), default=0)
    return (f"{len(done):>5} {at_start:>9} {in_writing:>10} {stored:>15} {processes:>9} "
            f"{len(problems):>8} {'yes' if same else 'NO':>14} {time.perf_counter() - started:>8.0f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=30, help="kills per configuration")
    ap.add_argument("--documents", type=int, default=400)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args(argv)
    if not NEWS.is_file():
        print(f"{NEWS} is not there (shared development material)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="claimgraph-kills-") as tmp, throwaway_server() as server:
        folder = Path(tmp)
        corpus = folder / "news.jsonl"
        write_corpus(corpus, args.documents)
        reference_db = str(folder / "reference.db")
        with ClaimStore.open(reference_db) as store:
            run_ingest(store, [str(corpus)])
        reference = stored_records(reference_db)
        print(f"{args.documents} documents, {args.kills} kills per configuration, seed {args.seed}")
        print(f"{'backend':<11} {'workers':>7} {'kills':>5} {'start-up':>9} {'in writing':>10} "
              f"{'stored by kills':>15} {'processes':>9} {'problems':>8} {'end = reference':>14} {'seconds':>8}")
        for backend in args.backends.split(","):
            for workers in (int(w) for w in args.workers.split(",")):
                if backend == "postgresql":
                    if server is None:
                        print(f"{backend:<11} {workers:>7} skipped: PostgreSQL is not installed")
                        continue
                    db = new_pg_database(server)
                else:
                    db = str(folder / f"claims-{workers}.db")
                line = one_configuration(db, corpus, workers, args.kills, f"{args.seed}-{backend}-{workers}",
                                         args.documents, reference)
                print(f"{backend:<11} {workers:>7} {line}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
