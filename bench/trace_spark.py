"""Where the time of ``claimgraph spark extract`` goes, from Spark's own event log.

    python bench/trace_spark.py [DIR] [--limit 30] [--master local[2]] [--partitions N] [--conf K=V]

Runs the job (``spark.job.run_extract``) in this process on the first --limit articles of
DIR (default ../shared/corpora/polnear-articles/text) with Spark's event log on, then reads
the log and prints, for every job and stage: what started it (the call site), its tasks with
their start and end (seconds from the first job's start), executor run time, and which
cached RDDs the stage read.  At the end: how many documents the extraction ran on and how
many extractors the Python workers loaded (the job's own counts), the extraction tasks
that ran at the same moment, and the CPU seconds this process and its children (the JVM and
the Python workers) used.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "corpora" / "polnear-articles" / "text"
TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(root: int) -> float:
    """CPU seconds of a process and all its living descendants (with what each has reaped)."""
    parent, used = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry)] = int(fields[1])
        used[int(entry)] = sum(int(x) for x in fields[11:15]) / TICK
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += used.get(pid, 0.0)
        todo += [p for p, pp in parent.items() if pp == pid]
    return total


def processes(root: int) -> list[tuple[int, str, float, int, int]]:
    """(pid, command, CPU seconds, peak resident MB, proportional MB) of a process's
    descendants; the proportional size counts a page shared by N processes as 1/N of a page
    in each (so forked workers sharing their daemon's extractor show what they add)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    out, todo = [], [p for p, pp in parent.items() if pp == root]
    while todo:
        pid = todo.pop()
        todo += [p for p, pp in parent.items() if pp == pid]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            peak = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                        if line.startswith("VmHWM"))
            pss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
                       if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
        name = "JVM" if "java" in cmd.split(" ")[0] else " ".join(cmd.split()[1:3]) or cmd[:40]
        out.append((pid, name, sum(int(x) for x in fields[11:13]) / TICK, peak // 1024, pss // 1024))
    return out


def show_profiles(sc, folder: Path, top: int) -> None:
    """The costliest calls in the Python workers, RDD by RDD (cumulative time)."""
    import pstats

    sc.dump_profiles(str(folder))
    for path in sorted(folder.glob("*.pstats")):
        stats = pstats.Stats(str(path))
        print(f"profile of {path.stem}: {stats.total_tt:.1f} s in the Python workers")  # type: ignore[attr-defined]
        stats.sort_stats("cumulative").print_stats(top)


def read_log(folder: Path) -> list[dict]:
    logs = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")
                  and not p.name.startswith("appstatus"))
    return [json.loads(line) for p in logs for line in p.read_text().splitlines() if line.strip()]


def report(events: list[dict], show: bool = True) -> list[tuple[int, float, float]]:
    """Prints jobs, stages and tasks (``show``); returns (stage, start, end) of the tasks of
    the extraction: the stage whose tasks ran longest in all."""
    def out(line: str) -> None:
        if show:
            print(line)

    jobs = [e for e in events if e["Event"] == "SparkListenerJobStart"]
    t0 = min(e["Submission Time"] for e in jobs) if jobs else 0
    stages = {e["Stage Info"]["Stage ID"]: e["Stage Info"] for e in events
              if e["Event"] == "SparkListenerStageCompleted"}
    tasks: dict[int, list[dict]] = {}
    for e in events:
        if e["Event"] == "SparkListenerTaskEnd":
            tasks.setdefault(e["Stage ID"], []).append(e)
    spans: dict[int, list[tuple[int, float, float]]] = {}
    for job in jobs:
        site = job.get("Properties", {}).get("callSite.short", "")
        out(f"job {job['Job ID']} ({site}) at {(job['Submission Time'] - t0) / 1000:.1f} s")
        for sid in job["Stage IDs"]:
            if sid not in stages or sid not in tasks:
                continue  # skipped: its output was there already
            info = stages[sid]
            rdds = info.get("RDD Info", [])
            cached = [f"{r['Name']}#{r['RDD ID']} ({r['Number of Cached Partitions']}/{r['Number of Partitions']} "
                      f"cached)" for r in rdds
                      if r["Storage Level"].get("Use Memory") or r["Storage Level"].get("Use Disk")]
            out(f"  stage {sid} {info['Stage Name']}: {len(tasks[sid])} tasks; "
                  f"persisted RDDs in its lineage: {', '.join(cached) or 'none'}")
            for t in sorted(tasks[sid], key=lambda t: t["Task Info"]["Launch Time"]):
                ti, tm = t["Task Info"], t.get("Task Metrics") or {}
                start, end = (ti["Launch Time"] - t0) / 1000, (ti["Finish Time"] - t0) / 1000
                out(f"    task {ti['Index']}: {start:7.2f} s to {end:7.2f} s, "
                      f"run {tm.get('Executor Run Time', 0) / 1000:.2f} s, "
                      f"JVM CPU {tm.get('Executor CPU Time', 0) / 1e9:.2f} s, "
                      f"{tm.get('Input Metrics', {}).get('Records Read', 0)} records in, "
                      f"{tm.get('Output Metrics', {}).get('Records Written', 0)} rows written")
                spans.setdefault(sid, []).append((sid, start, end))
    if not spans:
        return []
    return max(spans.values(), key=lambda s: sum(e - b for _, b, e in s))


def overlap(spans: list[tuple[int, float, float]]) -> float:
    """Seconds during which two or more of the spans ran at once."""
    points = sorted([(s, 1) for _, s, _ in spans] + [(e, -1) for _, _, e in spans])
    running, last, both = 0, 0.0, 0.0
    for at, step in points:
        if running >= 2:
            both += at - last
        running += step
        last = at
    return both


def describe(spans: list[tuple[int, float, float]]) -> str:
    """The extraction stage in a line: its tasks, their time in all, and their overlap."""
    busy = sum(e - s for _, s, e in spans)
    return (f"extraction (stage {spans[0][0] if spans else '-'}): {len(spans)} tasks, {busy:.1f} task-seconds, "
            f"{overlap(spans):.1f} s with two or more running at once")


def setting(value: str) -> tuple[str, str]:
    """A --conf KEY=VALUE as (key, value); argparse reports anything else in one line."""
    key, sep, val = value.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"{value!r} is not KEY=VALUE")
    return key, val


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--limit", type=int, default=30)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="profile the Python workers (spark.python.profile) and print each RDD's N costliest calls")
    ap.add_argument("--conf", action="append", default=[], type=setting, metavar="KEY=VALUE",
                    help="a Spark setting to try (repeatable)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from claimgraph.spark.job import local_session, run_extract

    work = Path(tempfile.mkdtemp(prefix="trace-spark-"))
    corpus, logs = work / "articles", work / "events"
    corpus.mkdir()
    logs.mkdir()
    for f in sorted(args.dir.glob("*.txt"))[:args.limit]:
        shutil.copy(f, corpus / f.name)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    try:
        spark = local_session(args.master, "claimgraph trace", {  # as ``claimgraph spark extract`` makes it
            "spark.eventLog.enabled": "true", "spark.eventLog.dir": logs.as_uri(), "spark.eventLog.compress": "false",
            "spark.python.profile": "true" if args.profile else "false",
            **dict(args.conf)})
        spark.sparkContext.setLogLevel("ERROR")
        cpu0, wall0 = tree_cpu(os.getpid()), time.perf_counter()
        summary = run_extract(spark, [str(corpus)], str(work / "claims"), partitions=args.partitions)
        wall = time.perf_counter() - wall0
        cpu = tree_cpu(os.getpid()) - cpu0
        procs = processes(os.getpid())
        if args.profile:
            show_profiles(spark.sparkContext, work / "profiles", args.profile)
        spark.stop()
        print(f"{args.limit} articles, {args.master}, {summary.to_dict()}")
        events = read_log(logs)
        if os.environ.get("TRACE_KEEP"):
            Path(os.environ["TRACE_KEEP"]).write_text("\n".join(json.dumps(e) for e in events))
        spans = report(events)
        for pid, name, used, peak, pss in procs:
            print(f"process {pid} {name}: {used:.1f} CPU s (since it started), peak {peak} MB resident, "
                  f"{pss} MB proportional at the end")
        print(f"{describe(spans)}; the job took {wall:.1f} s and {cpu:.1f} CPU s (JVM and Python workers, "
              "start-up of the session not included)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
