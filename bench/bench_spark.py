"""Extraction on Spark's local mode against ``claimgraph extract --workers``, on the same
articles, and the rate of ``claimgraph load`` into PostgreSQL (and SQLite).

    python bench/bench_spark.py [DIR] [--limit 200] [--cores 1 2]

DIR defaults to ../shared/corpora/polnear-articles/text (the first --limit articles are
copied to a temp folder).  Each run is a fresh process timed from start to end, models and
Spark's start included, as a user would run it:

- ``claimgraph extract --workers N DIR`` (its JSON lines to a temp file);
- ``python -m claimgraph.spark extract DIR --output OUT --master local[N]`` (its default
  partitions: 2N);

and it prints docs/s for each: the articles over the wall time of the whole command, from
its start to its exit (Python's start, Spark's JVM and session, model loading, reading,
extraction, the writes, the session's stop), which is what a user waits for; with the CPU
seconds the run used and documents per CPU-hour, and the machine's load averages after
each run (on a machine shared with other work, wall time says more about the others).
At the end it prints the figures the issue's targets are stated in: local[2] over
local[1], and Spark's overhead over ``--workers`` on the same cores.  Each Spark run keeps
Spark's event log, from which it prints the extraction stage's tasks: how many, their
time in all, and how long two of them ran at once (``trace_spark.py`` prints the whole
timeline), with the documents the extractors ran on and how many processes loaded an
extractor (the job's counts: each document once; one load an executor, in the daemon that
forks its Python workers).  Then it loads the last Spark output into a throwaway
PostgreSQL server and into a SQLite file, and prints the Parquet rows read per second
(documents, claims, attributions, affiliations, failures and duplicates) and documents
per second.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import trace_spark  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "corpora" / "polnear-articles" / "text"
PY = sys.executable
CLAIMGRAPH = [str(Path(PY).parent / "claimgraph")]


CPU = {"last": 0.0}


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    """Wall seconds of a command, and what it printed; its CPU seconds (user + system, its
    descendants' included, sampled while it runs) are left in CPU["last"]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    seen = 0.0
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        with subprocess.Popen(cmd, stdout=out, stderr=err, text=True) as proc:
            while proc.poll() is None:
                seen = max(seen, trace_spark.tree_cpu(proc.pid))
                time.sleep(0.5)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(cmd, proc.returncode, out.read(), err.read())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU["last"] = max(seen, reaped)
    return wall, done


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes), as uptime prints them: on a shared
    machine, what the wall-clock figures next to them are worth."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def per_cpu(n: int) -> str:
    return f"{CPU['last']:.0f} CPU s, {n / CPU['last'] * 3600:.0f} docs per CPU-hour" if CPU["last"] else "?"


def class_archive(corpus: Path, work: Path) -> str:
    """Makes the archive of Spark's classes (``spark/classes.py``) if it is missing, as a user's
    first local-mode run would, untimed: the runs below are a user's later runs."""
    from claimgraph.spark import classes
    from claimgraph.spark.job import LOCAL_JVM_OPTIONS

    path = classes.archive_path(LOCAL_JVM_OPTIONS)
    if path is None:
        return "the archive of Spark's classes: off"
    if path.is_file():
        return f"the archive of Spark's classes: {path} ({path.stat().st_size / 1e6:.0f} MB)"
    few = work / "few"
    few.mkdir()
    for f in sorted(corpus.glob("*.txt"))[:2]:
        shutil.copy(f, few / f.name)
    secs, _ = timed([PY, "-m", "claimgraph.spark", "extract", str(few), "--output", str(work / "few-out"),
                     "--master", "local[1]", "--format", "json"])
    made = f"made by a run on 2 articles ({secs:.1f} s)" if path.is_file() else "could not be made"
    return f"the archive of Spark's classes: {path} {made}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    corpus = work / "articles"
    corpus.mkdir()
    files = sorted(args.dir.glob("*.txt"))[:args.limit]
    for f in files:
        shutil.copy(f, corpus / f.name)
    n = len(files)
    print(f"{n} articles from {args.dir} ({sum(f.stat().st_size for f in files) / 1e6:.2f} MB), "
          f"{os.cpu_count()} cores on this machine; {load()}")
    rates: dict[tuple[str, int], float] = {}
    out = work / "claims"
    try:
        print(class_archive(corpus, work))
        for cores in args.cores:
            secs, done = timed([*CLAIMGRAPH, "extract", "--workers", str(cores), str(corpus)])
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            rates[("extract", cores)] = n / secs
            print(f"extract --workers {cores}: {secs:.1f} s, {n / secs:.2f} docs/s ({per_cpu(n)}); {load()}")
            events = work / f"events-{cores}"
            events.mkdir()
            os.environ["PYSPARK_SUBMIT_ARGS"] = ("--conf spark.eventLog.enabled=true --conf spark.eventLog.compress="
                                                 f"false --conf spark.eventLog.dir={events.as_uri()} pyspark-shell")
            secs, done = timed([PY, "-m", "claimgraph.spark", "extract", str(corpus), "--output", str(out),
                                "--master", f"local[{cores}]", "--format", "json"])
            del os.environ["PYSPARK_SUBMIT_ARGS"]
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                return 1
            summary = json.loads(done.stdout)
            rows = summary["rows"]
            rates[("spark", cores)] = n / secs
            print(f"spark local[{cores}]: {secs:.1f} s, {n / secs:.2f} docs/s "
                  f"({rows['documents']} documents, {rows['claims']} claims; {per_cpu(n)}); "
                  f"over extract --workers {cores}: {rates[('spark', cores)] / rates[('extract', cores)]:.2f}; "
                  f"{load()}")
            spans = trace_spark.report(trace_spark.read_log(events), show=False)
            print(f"  {trace_spark.describe(spans)}; {summary['extracted']} documents extracted, "
                  f"{summary['extractor_loads']} extractor loads (processes that loaded one)")
        print(f"figures ({load()} at the end; docs/s: articles over the wall time of the whole command, "
              "from its start to its exit, Spark's start and model loading included):")
        for kind, cores in sorted(rates):
            name = f"extract --workers {cores}" if kind == "extract" else f"spark extract local[{cores}]"
            print(f"  {name}: {rates[(kind, cores)]:.2f} docs/s")
        if ("spark", 1) in rates and ("spark", 2) in rates:
            print(f"  local[2] over local[1]: {rates[('spark', 2)] / rates[('spark', 1)]:.2f} (target 1.7 or more); "
                  f"--workers 2 over --workers 1: {rates[('extract', 2)] / rates[('extract', 1)]:.2f}")
        for cores in args.cores:
            if ("spark", cores) in rates:
                overhead = rates[("extract", cores)] / rates[("spark", cores)] - 1
                print(f"  Spark's overhead over --workers {cores}: {overhead:+.0%} of the time (target 25% or less)")
        sys.path.insert(0, str(ROOT / "tests"))
        from pg import throwaway_server

        with throwaway_server() as server:
            targets = [("sqlite", str(work / "load.db"))]
            if server is None:
                print("PostgreSQL is not installed: load measured on SQLite only")
            else:
                targets.insert(0, ("postgresql", server + "/postgres"))
            for name, db in targets:
                secs, done = timed([*CLAIMGRAPH, "--db", db, "load", str(out), "--format", "json"])
                report = json.loads(done.stdout)
                print(f"load into {name}: {secs:.1f} s with the command's start; {report['rows']} Parquet rows in "
                      f"{report['seconds']:.1f} s: {report['rows_per_second']:.0f} rows/s, "
                      f"{report['run']['documents'] / report['seconds']:.1f} documents/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
