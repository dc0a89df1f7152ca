"""Tens of thousands of generated hostile inputs through ``claimgraph ingest`` and
``claimgraph extract``, as a user would run them, with figures.

    python bench/fuzz_inputs.py [--n 20000] [--seed 13] [--workers 2] [--keep DIR]

The inputs come from the seeded generator of the fuzz tests (tests/fuzz/hostile.py): text,
HTML, JSON lines and feeds, good, bad and damaged, read under the small paragraph and
sentence limits of the fuzz tests so that the long ones are split.  Prints, for each command: wall time,
exit status, tracebacks on stderr (must be 0), peak resident memory of the largest process,
and for ingest: documents stored, failures listed by ``claimgraph failures``, good inputs
not stored (must be 0), and the store's integrity check.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from claimgraph.ingest.sources import Found, Sources  # noqa: E402
from fuzz.hostile import FUZZ_LIMITS, write  # noqa: E402


def _command(args: list[str], cwd: Path, out: Path) -> tuple[float, int, str]:
    started = time.perf_counter()
    with out.open("wb") as stdout:
        done = subprocess.run([sys.executable, "-c", "from claimgraph.cli import main; main()", *args], cwd=cwd,
                              stdout=stdout, stderr=subprocess.PIPE,
                              env={**os.environ, "COLUMNS": "200", **FUZZ_LIMITS})
    return time.perf_counter() - started, done.returncode, done.stderr.decode("utf-8", "replace")


def _peak_children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", default=None, help="Folder to write the inputs and the store to (default: a temp one).")
    args = ap.parse_args(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="claimgraph-fuzz-"))
    folder = work / "inputs"
    cases = write(folder, args.seed, args.n)
    kinds: dict[str, int] = {}
    for c in cases:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    print(f"{len(cases):,} inputs in {folder} ({sum(len(c.data) for c in cases) / 1e6:.1f} MB): "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))

    # what ingest must store: the documents of the inputs made good, as ingest reads them
    must = {}
    for item in Sources().read([str(folder)]):
        if isinstance(item, Found):
            must[item.document.content_hash] = item.source
    good_files = {str(folder / c.name) for c in cases if c.good}
    must = {h: s for h, s in must.items() if s in good_files}

    db = work / "claims.db"
    seconds, status, err = _command(["--db", str(db), "ingest", "--workers", str(args.workers), "--format", "json",
                                     str(folder)], work, work / "ingest.json")
    report = json.loads((work / "ingest.json").read_text() or "{}")
    run = report.get("run", {})
    print(f"ingest: {seconds:.0f} s, exit {status}, tracebacks {err.count('Traceback')}, peak "
          f"{_peak_children_mb():.0f} MB; run {run.get('status')}: {run.get('documents')} stored, "
          f"{run.get('duplicates')} duplicates, {run.get('failures')} failures, {run.get('claims')} claims")
    with sqlite3.connect(db) as conn:
        stored = {h for (h,) in conn.execute("SELECT content_hash FROM documents")}
        listed = conn.execute("SELECT count(*) FROM failures WHERE resolved_at IS NULL").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    missing = [s for h, s in must.items() if h not in stored]
    print(f"ingest: good documents {len(must)}, not stored {len(missing)} {missing[:3]}; failures listed {listed} "
          f"(report {len(report.get('failures', []))}); integrity {integrity}")

    seconds, status, err = _command(["extract", "--workers", str(args.workers), str(folder)], work,
                                    work / "extract.jsonl")
    reported = sum(1 for line in err.splitlines() if line.startswith("claimgraph: "))
    claims = sum(1 for _ in (work / "extract.jsonl").open("rb"))
    print(f"extract: {seconds:.0f} s, exit {status}, tracebacks {err.count('Traceback')}, {claims} claims, "
          f"{reported} lines on stderr, peak {_peak_children_mb():.0f} MB")
    print(f"work folder: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
