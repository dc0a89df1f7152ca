"""Ingest throughput against extraction alone, on a folder of real articles.

    python bench/bench_ingest.py [DIR] [--limit N] [--workers 1 2]

DIR defaults to ../shared/corpora/polnear-articles/text.  For each number of workers it
times what ``claimgraph extract DIR > /dev/null`` does (read, extract, write JSON lines to
nothing) and what ``claimgraph ingest DIR`` does into a new SQLite file (read, identify the
language, extract, store each document in its own transaction), on the same texts, and
prints docs/s for both, the ratio of the two (the storage overhead), peak resident memory,
and the database size per 1,000 documents.  It also times storing the extractions alone
(``ClaimStore.add_extraction``, no NLP), which isolates what the store costs: run with
another claimgraph on PYTHONPATH to compare two versions of the store.

``--rounds N`` then times the store alone N times with the summaries kept and N times
without them (``store.summaries.add_documents`` made a no-op), alternating, in this
process, and prints the medians of wall and CPU time: what keeping the summaries costs a
document, and (from CPU times, which other work on the machine does not inflate) what that
takes from the rate of ingest with one worker.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "corpora" / "polnear-articles" / "text"


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N files")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=0, help="store-alone runs with and without the summaries")
    args = ap.parse_args(argv)
    if not args.dir.is_dir():
        print(f"bench_ingest: no such folder: {args.dir}", file=sys.stderr)
        return 2

    from claimgraph.ingest.readers import InputFailure, read_paths
    from claimgraph.ingest.run import run_ingest
    from claimgraph.model import Document, Extraction
    from claimgraph.pipeline import default_extractor, extract_documents
    from claimgraph.store import ClaimStore, Provenance

    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    files = sorted(args.dir.glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    corpus = work / "corpus"
    corpus.mkdir()
    for f in files:
        shutil.copy(f, corpus / f.name)
    mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"corpus: {len(files)} documents, {mb:.1f} MB, from {args.dir}")
    # other work on the machine skews both timings: say how busy it was
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")

    extractor = default_extractor()
    list(extractor.extract_documents([Document(str(f), f.read_text()) for f in files[:5]]))  # warm-up

    def extraction(workers: int) -> Callable[[Iterable[Document]], Iterator[Extraction]]:
        if workers <= 1:
            return extractor.extract_documents
        return lambda docs: extract_documents(docs, workers=workers)

    extract_cpu: list[float] = []  # CPU ms a document of extraction in this process (one worker)
    try:
        for workers in args.workers:
            # what `claimgraph extract DIR > /dev/null` does
            t0, c0 = time.perf_counter(), time.process_time()
            n = 0
            extracted: list[Extraction] = []
            with open(os.devnull, "w") as out:
                docs = (d for d in read_paths([str(corpus)]) if not isinstance(d, InputFailure))
                for r in extraction(workers)(docs):
                    n += 1
                    extracted.append(r)
                    for rec in r.records("claims"):
                        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            alone = time.perf_counter() - t0
            if workers == 1:
                extract_cpu.append((time.process_time() - c0) * 1000 / max(1, n))

            # the store alone: the same extractions written one transaction each
            with ClaimStore.open(str(work / f"store-{workers}.db")) as store:
                run = store.start_run(["bench"])
                t0 = time.perf_counter()
                for r in extracted:
                    if r.error is None:
                        store.add_extraction(r, Provenance(r.document.id), run)
                storing = time.perf_counter() - t0

            db = work / f"ingest-{workers}.db"
            t0 = time.perf_counter()
            with ClaimStore.open(str(db)) as store:
                report = run_ingest(store, [str(corpus)], workers=workers, extract=extraction(workers))
                with store.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            ingest = time.perf_counter() - t0
            stored = report.run["documents"]
            size = db.stat().st_size
            print(f"workers {workers}: extract alone {n / alone:6.2f} docs/s   ingest {stored / ingest:6.2f} docs/s"
                  f"   ratio {ingest / alone:4.2f} (overhead {100 * (ingest / alone - 1):+.1f}%)"
                  f"   {report.run['claims']} claims, {report.run['failures']} failures")
            per_doc = storing * 1000 / len(extracted)
            print(f"           store alone {len(extracted) / storing:8.1f} docs/s ({per_doc:.1f} ms a document)")
            print(f"           database {size / 1e6:.1f} MB, {size / 1e6 / stored * 1000:.1f} MB per 1,000 documents"
                  f"   ({report.run['attributions']} attributions, {report.run['affiliations']} affiliations)")
        if args.rounds:
            summaries_cost(extracted, work, args.rounds, extract_cpu[0] if extract_cpu else None)
        print(f"peak memory: this process {peak_mb():.0f} MB, largest worker "
              f"{peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def summaries_cost(extracted: list[Any], work: Path, rounds: int, extract_ms: float | None) -> None:
    """Times storing ``extracted`` with the summaries kept and without, ``rounds`` times
    each, alternating (so that the machine's load falls on both alike)."""
    from unittest import mock

    from claimgraph.store import ClaimStore, Provenance, summaries

    def store_alone(path: Path, keep: bool) -> tuple[float, float]:
        with ClaimStore.open(str(path)) as store:
            run = store.start_run(["bench"])
            with mock.patch.object(summaries, "add_documents", summaries.add_documents if keep else
                                   lambda conn, pks: None):
                t0, c0 = time.perf_counter(), time.process_time()
                for r in extracted:
                    if r.error is None:
                        store.add_extraction(r, Provenance(r.document.id), run)
                took = time.perf_counter() - t0, time.process_time() - c0
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return took

    times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    for i in range(rounds):
        for keep in ((True, False) if i % 2 else (False, True)):
            times[keep].append(store_alone(work / f"summaries-{keep}-{i}.db", keep))
    for what, k in (("wall", 0), ("CPU", 1)):
        with_ms, without_ms = (statistics.median(t[k] for t in times[keep]) * 1000 / len(extracted)
                               for keep in (True, False))
        print(f"summaries ({rounds} rounds of {len(extracted)} documents, medians of {what} time): store alone "
              f"{without_ms:.2f} ms a document without them, {with_ms:.2f} ms with them "
              f"({with_ms - without_ms:+.2f} ms, {1000 / without_ms:.1f} -> {1000 / with_ms:.1f} docs/s)")
    if extract_ms:
        # a document ingested costs its extraction and its storing (CPU time, one worker)
        with_rate, without_rate = (1000 / (extract_ms + ms) for ms in (with_ms, without_ms))
        print(f"           ingest with 1 worker, from CPU times (extraction {extract_ms:.1f} ms a document): "
              f"{without_rate:.2f} docs/s without the summaries, {with_rate:.2f} with them "
              f"({100 * (with_rate / without_rate - 1):+.1f}%)")


if __name__ == "__main__":
    sys.exit(main())
