"""An archive of the classes Spark's JVM loads, for the local mode ``claimgraph spark extract``
starts: the JVM maps it instead of reading, parsing and verifying about 10,000 classes from
Spark's jars at every start (Java's class data sharing, JDK 13 and later; Spark 4 needs 17).

The first local-mode run on a machine makes it: its JVM is started with
``-XX:ArchiveClassesAtExit`` and dumps the classes it loaded when it exits (about 120 MB,
10 seconds once). The command then stops the JVM itself and waits (``finish``), and only when
the JVM's log says the archive was written whole is it renamed into place: a JVM given a cut
archive crashes, one given an archive of another Java or Spark ignores it. Later runs start
with ``-XX:SharedArchiveFile``. The archive lives in the user's cache folder
(``$XDG_CACHE_HOME/claimgraph``, else ``~/.cache/claimgraph``), one for each pyspark release,
java binary and set of JVM options; ``CLAIMGRAPH_SPARK_CLASS_ARCHIVE=0`` turns it off.
Measured: docs/spark.md."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.spark import switched_on
from claimgraph.workers import process_alive

SWITCH = "CLAIMGRAPH_SPARK_CLASS_ARCHIVE"
FREE_BYTES = 1 << 30  # the space an archive needs, and some to spare
WRITTEN = "Written dynamic archive"  # what the JVM logs once the archive is whole
QUIET = "-Xlog:cds=off -Xlog:cds+dynamic=off"  # warnings of the JVM's sharing stay off stdout


@dataclass
class Making:
    """An archive this process's JVM will write when it exits."""
    path: Path  # where it goes once written whole
    part: Path  # where the JVM writes it
    log: Path  # the JVM's log of writing it


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimgraph"


def wanted() -> bool:
    return switched_on(SWITCH)


def java_binary() -> Path | None:
    """The java that Spark's launcher runs: $JAVA_HOME/bin/java, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and Path(home, "bin", "java").is_file():
        return Path(home, "bin", "java").resolve()
    found = shutil.which("java")
    return Path(found).resolve() if found else None


def archive_path(jvm_options: str) -> Path | None:
    """Where the archive for this pyspark, java and JVM options is kept (None: off, no java)."""
    java = java_binary()
    if not wanted() or java is None:
        return None
    import pyspark

    stat = java.stat()
    key = "\n".join((pyspark.__version__, str(java), str(stat.st_size), str(stat.st_mtime_ns), jvm_options))
    return cache_dir() / f"spark-classes-{hashlib.sha256(key.encode()).hexdigest()[:16]}.jsa"


def options(jvm_options: str, make: bool) -> tuple[str, Making | None]:
    """The JVM options to add for local mode: use the archive when there is one, else, with
    ``make``, make it (where the cache folder can take it); what is being made, for ``finish``."""
    path = archive_path(jvm_options)
    if path is None or any(c.isspace() or c in "\"'" for c in str(path)):
        return "", None  # Spark splits the options on spaces
    if path.is_file():
        return f"-XX:SharedArchiveFile={path} {QUIET}", None
    if not make:
        return "", None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(path.parent)
        if shutil.disk_usage(path.parent).free < FREE_BYTES:
            return "", None
    except OSError:
        return "", None
    making = Making(path, path.with_name(f"{path.name}.{os.getpid()}.part"),
                    path.with_name(f"{path.name}.{os.getpid()}.log"))
    return (f"-XX:ArchiveClassesAtExit={making.part} {QUIET} "
            f"-Xlog:cds=info,cds+dynamic=info:file={making.log}"), making


def finish(making: Making | None, timeout: float = 120.0) -> bool:
    """After the session stopped: stops this process's JVM, waits for it to write the archive,
    and puts the archive in place if the JVM logged it whole. Whether it did."""
    if making is None:
        return False
    try:
        _stop_jvm(timeout)
        log = making.log.read_text(encoding="utf-8", errors="replace") if making.log.is_file() else ""
        if WRITTEN in log and making.part.is_file():
            os.replace(making.part, making.path)
            return True
        return False
    finally:
        for leftover in (making.part, making.log):
            leftover.unlink(missing_ok=True)


def _stop_jvm(timeout: float) -> None:
    """Ends the JVM PySpark started for this process (it exits when its input closes) and
    waits for it; a later session starts a new one."""
    from pyspark import SparkContext

    gateway: Any = SparkContext._gateway
    proc = getattr(gateway, "proc", None)
    if gateway is None or proc is None:
        return
    try:
        gateway.shutdown()
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout)
        finally:
            SparkContext._gateway = None
            SparkContext._jvm = None


def _remove_abandoned(folder: Path) -> None:
    """Parts and logs of archives whose maker is gone (killed before it could finish)."""
    for leftover in [*folder.glob("spark-classes-*.part"), *folder.glob("spark-classes-*.log")]:
        try:
            pid = int(leftover.name.rsplit(".", 2)[1])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not process_alive(pid):
            leftover.unlink(missing_ok=True)

