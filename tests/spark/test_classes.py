"""The archive of Spark's classes (``claimgraph.spark.classes``): made by the first local-mode
run, put in place only when the JVM wrote it whole, and mapped by the JVM of later runs.

Each Spark run here is a fresh Python process (a JVM already running in this one would be
reused, and started with no archive), with its own cache folder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed")

from claimgraph.spark import classes  # noqa: E402
from claimgraph.spark.job import LOCAL_JVM_OPTIONS, spark_missing  # noqa: E402

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "polnear-articles" / "text"

# A session as ``claimgraph spark extract`` makes it; prints what the JVM mapped and whether
# the archive was there when the session started and after it stopped.
RUN = """
import json, sys
from pathlib import Path
from pyspark import SparkContext
from claimgraph.spark import classes, job

path = classes.archive_path(job.LOCAL_JVM_OPTIONS)
before = path.is_file()
session = job.local_session("local[1]", app="claimgraph tests", extract=None, make_class_archive=True)
assert session.sparkContext.parallelize(range(4), 2).map(lambda x: x * x).sum() == 14
pid = SparkContext._gateway.proc.pid
mapped = str(path) in Path(f"/proc/{pid}/maps").read_text()
if sys.argv[1] == "kill":  # the JVM dies before it can write the archive
    import os, signal
    os.kill(pid, signal.SIGKILL)
    try:
        job.stop_session(session)
    except Exception:  # PySpark's stop meets the dead JVM
        pass
else:
    job.stop_session(session)
print(json.dumps({"before": before, "after": path.is_file(), "mapped": mapped}))
"""


def run(cache: Path, how: str = "stop") -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop(classes.SWITCH, None)
    done = subprocess.run([sys.executable, "-c", RUN, how], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def java() -> None:
    missing = spark_missing()
    if missing:
        pytest.skip(f"Spark cannot run here: {missing}")


def leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in (cache / "claimgraph").glob("*") if not p.name.endswith(".jsa"))


def test_the_first_run_makes_the_archive_and_the_next_maps_it(java, tmp_path):
    first = run(tmp_path)
    assert first == {"before": False, "after": True, "mapped": False}
    assert leftovers(tmp_path) == []  # the part written and the JVM's log are gone
    second = run(tmp_path)
    assert second == {"before": True, "after": True, "mapped": True}


def test_a_jvm_that_dies_before_writing_leaves_no_archive(java, tmp_path):
    assert run(tmp_path, "kill") == {"before": False, "after": False, "mapped": False}
    assert leftovers(tmp_path) == []


def test_cli_runs_give_the_same_tables_with_the_archive(java, tmp_path):
    """``claimgraph spark extract`` makes the archive on its first run and maps it on the
    next; the tables are the same."""
    if not CORPUS.is_dir():
        pytest.skip("../shared is not here")
    import pyarrow.parquet as pq

    articles = tmp_path / "articles"
    articles.mkdir()
    for f in sorted(CORPUS.glob("*.txt"))[:6]:
        (articles / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop(classes.SWITCH, None)
    tables = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        done = subprocess.run([sys.executable, "-m", "claimgraph.spark", "extract", str(articles), "--output",
                               str(out), "--master", "local[1]", "--format", "json"],
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        assert json.loads(done.stdout)["rows"]["documents"] == 6
        assert len(list((tmp_path / "cache" / "claimgraph").glob("*.jsa"))) == 1
        tables.append({t: pq.read_table(out / t).to_pylist() for t in ("documents", "claims", "attributions")})
    assert tables[0]["claims"] and tables[0] == tables[1]


def test_parts_of_dead_makers_are_removed(tmp_path, monkeypatch):
    """A maker killed before it could finish leaves a part and a log; the next run removes
    them (and those of a living maker stay)."""
    if classes.java_binary() is None:
        pytest.skip("Java is not installed")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv(classes.SWITCH, raising=False)
    folder = tmp_path / "claimgraph"
    folder.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for pid in (dead.pid, living.pid):
            for suffix in ("part", "log"):
                (folder / f"spark-classes-0123456789abcdef.jsa.{pid}.{suffix}").write_text("cut")
        assert classes.options(LOCAL_JVM_OPTIONS, make=False) == ("", None)  # only a maker removes them
        assert len(list(folder.iterdir())) == 4
        options, making = classes.options(LOCAL_JVM_OPTIONS, make=True)
        assert making is not None and f"-XX:ArchiveClassesAtExit={making.part}" in options
        assert sorted(p.name.split(".")[-2] for p in folder.iterdir()) == [str(living.pid)] * 2
    finally:
        living.send_signal(signal.SIGKILL)
        living.wait()


def test_switched_off(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv(classes.SWITCH, "0")
    assert classes.archive_path(LOCAL_JVM_OPTIONS) is None
    assert classes.options(LOCAL_JVM_OPTIONS, make=True) == ("", None)
