"""``claimgraph spark extract``: extraction as an Apache Spark job, with the results of
``claimgraph ingest`` written as Parquet tables (``spark/tables.py``) for ``claimgraph load``.

The stages, and where each runs:

1. The driver lists the input files in the order ingest reads them (a folder recursively,
   by name; a glob sorted), and reads them with ingest's own readers, so documents get the
   same ids and bad inputs the same one-line reasons: itself when they are small (up to
   ``DRIVER_READ_MB``), else on the executors.  A Parquet input's rows, and files named by
   URI, are read by the executors; a Parquet row is a record like a JSON lines file's
   (``id``, ``text`` or ``html``, ``url``, ``published``…).
2. Exact duplicates (the same text, by SHA-256) are reduced to the copy ingest would keep:
   the first in input order (``seq``); the others go to the ``duplicates`` table.
3. The documents are cut, in input order, into ranges of about equal work (their lengths,
   known exactly on the driver), one task a range, and extracted partition by partition
   (``mapPartitions``): each executor's Python daemon (``spark/daemon.py``) loads one
   ``Extractor`` (spaCy and the learned models) before it forks the Python workers, which
   share it; documents are parsed in batches.  Language is identified as ingest does; a
   text in another language is kept without extraction.  A document whose extraction
   raises becomes a row of ``failures``: the task goes on.
4. The extractions are made once, by one job that counts the rows of each table and
   collects the failures, and kept (in memory, on disk where memory is short); each table
   is then written from them, the writes at the same time, so part N of ``documents`` and
   part N of ``claims`` hold the same documents, in input order: ``claimgraph load`` reads
   them together, and finds near-duplicates in the order ingest would have.  The failures
   and duplicates, which the driver holds, are written from there."""

from __future__ import annotations

import glob
import json
import os
import socket
import sys
import threading
import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimgraph.ingest.readers import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, InputFailure
from claimgraph.model import Document, Extraction
from claimgraph.spark.daemon import PRELOAD
from claimgraph.spark.tables import RECORD_TABLES, TABLES, as_tuple, document_row, record_rows, spark_schema

if TYPE_CHECKING:
    from claimgraph.spark.classes import Making
    from claimgraph.spark.zygote import Zygote

FILE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
PARQUET_SUFFIX = ".parquet"
LINE_BITS = 32  # seq = file number << LINE_BITS | line
DOCUMENT_COST = 1000  # the work of a document besides its length, in characters (``work_of``)
DRIVER_READ_MB = 64  # local inputs up to this size are read by the driver (``_read_on_driver``)


@dataclass(frozen=True)
class ExtractOptions:
    """What every executor needs to extract as ``claimgraph ingest`` would."""

    model: str | None = None
    actor_files: tuple[str, ...] = ()
    accurate: bool = False
    encoding: str | None = None
    published: str | None = None
    batch_size: int = 32


@dataclass
class ExtractSummary:
    """Rows written to each table, and how long the job took."""

    output: str
    rows: dict[str, int]
    seconds: float
    extracted: int = 0  # documents handed to an extractor (each once, unless a task was retried)
    extractor_loads: int = 0  # processes that loaded an extractor the tasks used (a daemon, or a worker)

    def to_dict(self) -> dict[str, Any]:
        return {"output": self.output, "rows": self.rows, "seconds": round(self.seconds, 3),
                "extracted": self.extracted, "extractor_loads": self.extractor_loads}


@dataclass(frozen=True)
class Counters:
    """Spark accumulators the executors add to: documents extracted, extractors loaded."""

    documents: Any
    loads: Any


class InputError(ValueError):
    """Inputs that cannot make a job (nothing to read, or files and Parquet mixed)."""


# ---------------------------------------------------------------------- the driver
def has_scheme(value: str) -> bool:
    return "://" in value and len(value.split("://", 1)[0]) > 1


def is_parquet(inputs: list[str]) -> bool:
    """Whether the inputs are Parquet: files or globs ending in .parquet, or folders of them."""
    def parquet(value: str) -> bool:
        if value.rstrip("/").endswith(PARQUET_SUFFIX):
            return True
        path = Path(value)
        return not has_scheme(value) and path.is_dir() and any(path.rglob(f"*{PARQUET_SUFFIX}")) \
            and not any(f.suffix.lower() in FILE_SUFFIXES for f in path.rglob("*"))

    kinds = {parquet(v) for v in inputs}
    if len(kinds) > 1:
        raise InputError("inputs mix Parquet and text files: run them as two jobs")
    return kinds == {True}


def local_files(inputs: list[str]) -> tuple[list[str], list[dict[str, Any]]]:
    """The files of local inputs in the order ingest reads them (folders recursively, by
    name, hidden files left out; globs sorted), named as ingest names them; and the failures
    of inputs that hold nothing."""
    files: list[str] = []
    failed: list[dict[str, Any]] = []
    for value in inputs:
        path = Path(value)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.suffix.lower() in FILE_SUFFIXES
                           and not f.name.startswith(".") and f.is_file())
            if not found:
                failed.append(_failure(InputFailure(value, "folder holds no .txt, .html or .jsonl files"), 0))
            files += [str(f) for f in found]
        elif glob.has_magic(value):
            matched = sorted(f for f in glob.glob(value, recursive=True) if Path(f).is_file())
            if not matched:
                failed.append(_failure(InputFailure(value, "no file matches"), 0))
            files += matched
        else:
            files.append(str(path))  # a missing file fails on an executor, as ingest says it
    return files, failed


def run_extract(spark: Any, inputs: list[str], output: str, options: ExtractOptions | None = None,
                partitions: int | None = None) -> ExtractSummary:
    """Runs the job on ``spark`` (a SparkSession) and writes the tables under ``output``.
    ``partitions``: how many ranges of documents to extract (default: twice the session's
    parallelism, so that a core that finishes early takes another; more, smaller ones when
    documents are long or executors many)."""
    try:
        return _run_extract(spark, inputs, output, options or ExtractOptions(), partitions)
    finally:
        _release_zygotes()  # the job is over: a zygote no daemon took over has no use left


def _run_extract(spark: Any, inputs: list[str], output: str, options: ExtractOptions,
                 partitions: int | None) -> ExtractSummary:
    started = time.perf_counter()
    sc = spark.sparkContext
    partitions = partitions or 2 * sc.defaultParallelism
    if not inputs:
        raise InputError("no input given")
    # the executors' daemon (``spark/daemon.py``) loads this extractor before it forks workers
    sc.environment[PRELOAD] = preload_spec(options)
    # a task on every slot starts the executors' daemons now, so they load the extractor
    # while the driver reads and plans the inputs instead of after
    warm = threading.Thread(target=_start_daemons, args=(sc,), name="claimgraph-warm-up", daemon=True)
    warm.start()
    kept: list[Any] = []
    if is_parquet(inputs):
        ordered, failures, duplicates = _spread(spark, _parquet_items(spark, inputs, options), partitions, kept)
    elif all(has_scheme(v) for v in inputs):
        ordered, failures, duplicates = _spread(spark, _remote_items(spark, inputs, options, partitions),
                                                partitions, kept)
    elif any(has_scheme(v) for v in inputs):
        raise InputError("inputs mix local paths and URIs: run them as two jobs")
    else:
        files, failures = local_files(inputs)
        if sum(_size(f) for f in files) <= DRIVER_READ_MB * 1e6:
            ordered, read_failures, duplicates = _read_on_driver(sc, files, options, partitions)
            failures += read_failures
        else:
            numbered = sc.parallelize(list(enumerate(files)), max(1, min(len(files), partitions * 4)))
            items = numbered.flatMap(lambda nf: _file_items(nf[0], nf[1], None, options))
            ordered, more, duplicates = _spread(spark, items, partitions, kept)
            failures += more
    loaders = sc.accumulator(set(), LoaderSet())
    counters = Counters(sc.accumulator(0), loaders)
    # extracted once (the job below), kept (spilled to disk when memory is short), and read
    # by every table's write: no write extracts again
    extracted = ordered.mapPartitions(lambda docs: extract_partition(docs, options, counters)).persist(_kept())
    kept.append(extracted)
    try:
        with ThreadPoolExecutor(len(TABLES)) as pool:
            # written while the extraction runs: Spark's SQL side starts meanwhile
            early = pool.submit(_write_rows, spark, duplicates, "duplicates", output)
            rows: dict[str, int] = {}
            for counts, failed in extracted.mapPartitions(_tally).collect():
                for table, n in counts.items():
                    rows[table] = rows.get(table, 0) + n
                failures += failed
            rows = {table: rows.get(table, 0) for table in ("documents", *RECORD_TABLES)}
            rows["failures"], rows["duplicates"] = len(failures), len(duplicates)
            writes = [pool.submit(_write, spark, extracted.filter(lambda kv, t=table: kv[0] == t).map(lambda kv: kv[1]),
                                  table, output) for table in ("documents", *RECORD_TABLES)]
            writes += [early, pool.submit(_write_rows, spark, sorted(failures, key=lambda f: f["seq"]), "failures",
                                          output)]
            for done in writes:
                done.result()
    finally:
        for rdd in kept:
            rdd.unpersist()
        warm.join()  # long done: its job ran before the extraction's
    return ExtractSummary(output, rows, time.perf_counter() - started, counters.documents.value,
                          len(loaders.value))


def preload_spec(options: ExtractOptions) -> str:
    """The extractor of ``options``, as the executors' daemon (``spark/daemon.py``) reads it."""
    return json.dumps({"model": options.model, "actor_files": list(options.actor_files),
                       "accurate": options.accurate})


class LoaderSet:
    """A Spark accumulator's parameter: the set of processes (``host:pid``) whose extractor
    the tasks used, so a daemon's extractor shared by its workers counts once."""

    def zero(self, value: set[str]) -> set[str]:
        return set()

    def addInPlace(self, a: set[str], b: set[str]) -> set[str]:
        a |= b
        return a


def _size(name: str) -> int:
    try:
        return os.path.getsize(name)
    except OSError:
        return 0  # it fails when read, with ingest's reason


def _duplicate(first_seq: int, item: tuple[int, str, int | None, Document]) -> dict[str, Any]:
    seq, source, line, doc = item
    return {"seq": seq, "source": source, "line": line or 0, "doc_id": doc.id,
            "content_hash": doc.content_hash, "first_seq": first_seq}


def _read_on_driver(sc: Any, files: list[str], options: ExtractOptions,
                    partitions: int) -> tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]:
    """Local inputs small enough to pass through the driver: read here with ingest's readers,
    exact duplicates set aside, and the first copies cut into ranges of equal work, one
    partition a range, without a job or a shuffle."""
    first: dict[str, int] = {}
    docs: list[tuple[int, str, int | None, Document]] = []
    failures: list[dict[str, Any]] = []
    duplicates: list[dict[str, Any]] = []
    for number, name in enumerate(files):
        for kind, item in _file_items(number, name, None, options):
            if kind == "failures":
                failures.append(item)
            elif item[3].content_hash in first:
                duplicates.append(_duplicate(first[item[3].content_hash], item))
            else:
                first[item[3].content_hash] = item[0]
                docs.append(item)
    bounds = range_bounds([(d[0], work_of(d[3])) for d in docs], partitions)
    ranges: list[list[tuple[int, str, int | None, Document]]] = [[] for _ in range(len(bounds) + 1)]
    for d in docs:
        ranges[bisect_right(bounds, d[0])].append(d)
    return sc.parallelize(ranges, len(ranges)).flatMap(lambda r: r), failures, duplicates


def _spread(spark: Any, items: Any, partitions: int,
            kept: list[Any]) -> tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]:
    """Inputs read by the executors: exact duplicates reduced to the first copy, the first
    copies cut into ranges of equal work (their lengths, and the failures and duplicates,
    collected by one job), and sorted into those ranges by one shuffle."""
    items = items.persist(_kept())
    firsts = (items.filter(lambda kv: kv[0] == "document")
              .map(lambda kv: (kv[1][3].content_hash, (kv[1], [])))
              .reduceByKey(_earlier)).persist(_kept())
    kept += [items, firsts]
    facts = (firsts.flatMap(lambda kv: [("work", (kv[1][0][0], work_of(kv[1][0][3])))]
                            + [("duplicates", d) for d in kv[1][1]])
             .union(items.filter(lambda kv: kv[0] == "failures")).collect())
    work = [v for k, v in facts if k == "work"]
    bounds = range_bounds(work, partitions)
    ordered = (firsts.map(lambda kv: (kv[1][0][0], kv[1][0]))
               .repartitionAndSortWithinPartitions(len(bounds) + 1, lambda seq: bisect_right(bounds, seq))
               .values())
    return (ordered, [v for k, v in facts if k == "failures"],
            sorted((v for k, v in facts if k == "duplicates"), key=lambda d: d["seq"]))


def _start_daemons(sc: Any) -> None:
    """Runs an empty task on each of the session's slots (the Python daemons start, and load
    the extractor, for it). A failure here is the extraction job's to report."""
    try:
        n = sc.defaultParallelism
        sc.parallelize(range(n), n).foreach(_nothing)
    except Exception:  # noqa: BLE001, S110 - the job's own tasks meet the same cause and name it
        pass


def _nothing(_: Any) -> None:
    return None


def _tally(rows: Iterable[tuple[str, dict[str, Any]]]) -> Iterator[tuple[dict[str, int], list[dict[str, Any]]]]:
    """A partition's rows counted by table, and its failures (collected: they are few)."""
    counts: dict[str, int] = {}
    failed = []
    for table, row in rows:
        counts[table] = counts.get(table, 0) + 1
        if table == "failures":
            failed.append(row)
    yield counts, failed


def _kept() -> Any:
    """How the job keeps what it reads again: in memory, on disk when memory is short (an
    RDD kept in memory only is computed again where its partitions do not fit)."""
    from pyspark import StorageLevel

    return StorageLevel.MEMORY_AND_DISK


def work_of(doc: Document) -> int:
    """A document's share of the extraction's work: its length, and a fixed cost a document."""
    return len(doc.text) + DOCUMENT_COST


def range_bounds(work: list[tuple[int, int]], partitions: int) -> list[int]:
    """Where to cut the documents, in input order (``seq``), into at most ``partitions``
    ranges of about the same work (``work_of``): the first ``seq`` of each range but the
    first.  Exact, from every document's length (a few bytes a document reach the driver),
    where Spark's sortBy samples and counts in two more passes and can make one range much
    longer than the others."""
    work = sorted(work)
    total = sum(w for _, w in work)
    bounds: list[int] = []
    done = 0
    for seq, w in work:
        if len(bounds) + 1 < partitions and done >= total * (len(bounds) + 1) / partitions:
            bounds.append(seq)
        done += w
    return bounds


def _write(spark: Any, rdd: Any, table: str, output: str) -> None:
    fields = TABLES[table]
    frame = spark.createDataFrame(rdd.map(lambda row: as_tuple(fields, row)), spark_schema(fields))
    frame.write.mode("overwrite").parquet(f"{output.rstrip('/')}/{table}")


def _write_rows(spark: Any, rows: list[dict[str, Any]], table: str, output: str) -> None:
    """A table the driver holds (failures, duplicates: a few rows), in one file, without a
    Python worker."""
    fields = TABLES[table]
    frame = spark.createDataFrame([as_tuple(fields, row) for row in rows], spark_schema(fields))
    frame.coalesce(1).write.mode("overwrite").parquet(f"{output.rstrip('/')}/{table}")


def _earlier(a: tuple, b: tuple) -> tuple:
    """Of two copies of a text, the one read first, with the others as duplicates rows."""
    (first, dups), (other, more) = (a, b) if a[0][0] <= b[0][0] else (b, a)
    return first, [*dups, *more, _duplicate(first[0], other)]


# ---------------------------------------------------------------------- reading (executors)
def _failure(f: InputFailure, seq: int, doc_id: str | None = None) -> dict[str, Any]:
    return {"seq": seq, "source": f.path, "line": f.line or 0, "doc_id": doc_id, "reason": f.reason}


def _items(read: Iterable[tuple[int | None, Document | InputFailure]], number: int, source: str,
           options: ExtractOptions) -> Iterator[tuple[str, Any]]:
    """("document", (seq, source, line, Document)) and ("failures", row) of one input, as
    ingest reads it (a text with NUL characters fails before anything else)."""
    for line, item in read:
        seq = (number << LINE_BITS) | (line or 0)
        if isinstance(item, InputFailure):
            yield "failures", _failure(item, seq)
        elif "\x00" in item.text:
            yield "failures", _failure(InputFailure(source, "text contains NUL characters", line), seq)
        else:
            if options.published and not item.published:
                item.published = options.published
            yield "document", (seq, source, line, item)


def _file_items(number: int, name: str, data: bytes | None, options: ExtractOptions) -> Iterator[tuple[str, Any]]:
    from claimgraph.ingest.readers import read_bytes, read_numbered

    read = read_numbered(Path(name), options.encoding, guess=False) if data is None else \
        read_bytes(name, data, options.encoding, guess=False)
    yield from _items(read, number, name, options)


def _remote_items(spark: Any, inputs: list[str], options: ExtractOptions, partitions: int) -> Any:
    """Files on storage every executor reaches (s3a://, hdfs://, file://): listed by Spark,
    numbered by name, their bytes read by Spark."""
    suffixes = ",".join(sorted(s.lstrip(".") for s in FILE_SUFFIXES))
    reader = spark.read.format("binaryFile").option("pathGlobFilter", f"*.{{{suffixes}}}") \
        .option("recursiveFileLookup", "true")
    frame = reader.load(inputs)
    names = sorted(r.path for r in frame.select("path").collect())
    if not names:
        raise InputError(f"no .txt, .html or .jsonl file in {', '.join(inputs)}")
    number = spark.sparkContext.broadcast({n: k for k, n in enumerate(names)})
    return frame.select("path", "content").rdd.repartition(partitions).flatMap(
        lambda r: _file_items(number.value[r.path], r.path, bytes(r.content), options))


def _parquet_items(spark: Any, inputs: list[str], options: ExtractOptions) -> Any:
    """Rows of Parquet inputs as corpus records: ``id`` (else ``INPUT:row``), ``text`` or
    ``html``, and the metadata columns that are there."""
    from claimgraph.ingest.readers import document_of_record

    frame = spark.read.parquet(*inputs)
    wanted = [c for c in ("id", "text", "html", "url", "published", "date", "title", "site", "author")
              if c in frame.columns]
    if "text" not in wanted and "html" not in wanted:
        raise InputError(f"{', '.join(inputs)}: Parquet input needs a 'text' or an 'html' column "
                         f"(it has {', '.join(frame.columns)})")
    name = inputs[0] if len(inputs) == 1 else ",".join(inputs)

    def items(indexed: tuple[Any, int]) -> Iterator[tuple[str, Any]]:
        row, k = indexed
        rec = {c: (str(v) if c in ("id", "published", "date") and v is not None else v)
               for c, v in row.asDict().items()}
        yield from _items([(k + 1, document_of_record(name, rec, k + 1))], 0, name, options)

    return frame.select(*wanted).rdd.zipWithIndex().flatMap(items)


# ---------------------------------------------------------------------- extraction (executors)
_EXTRACTORS: dict[tuple, Any] = {}


def executor_extractor(options: ExtractOptions, counters: Counters | None = None) -> Any:
    """The extractor of this Python process: inherited from the daemon that forked it
    (``spark/daemon.py``), else loaded the first time a partition needs it; then kept for
    every later partition the process runs (Spark reuses its workers)."""
    key = (options.model, options.actor_files, options.accurate)
    if key not in _EXTRACTORS:
        from claimgraph.pipeline import Extractor

        _EXTRACTORS[key] = (Extractor(options.model, options.actor_files, accurate=options.accurate),
                            f"{socket.gethostname()}:{os.getpid()}")
    extractor, loader = _EXTRACTORS[key]
    if counters is not None:  # the process that loaded it: this worker, or the daemon it was forked from
        counters.loads.add({loader})
    return extractor


def import_task_modules() -> None:
    """Imports what the tasks use besides the extractor (the daemon does, before it forks)."""
    import claimgraph.ingest.language  # noqa: F401
    import claimgraph.ingest.readers  # noqa: F401
    import claimgraph.spark.tables  # noqa: F401
    import claimgraph.store.near_duplicates  # noqa: F401


def extract_partition(docs: Iterable[tuple[int, str, int | None, Document]], options: ExtractOptions,
                      counters: Counters | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) for a partition's documents, read in batches of ``options.batch_size``."""
    batch: list[tuple[int, str, int | None, Document]] = []
    for d in docs:
        batch.append(d)
        if len(batch) >= options.batch_size:
            yield from _extract_batch(batch, options, counters)
            batch = []
    if batch:
        yield from _extract_batch(batch, options, counters)


def _extract_batch(batch: list[tuple[int, str, int | None, Document]], options: ExtractOptions,
                   counters: Counters | None) -> Iterator[tuple[str, dict[str, Any]]]:
    from claimgraph import __version__
    from claimgraph.ingest.language import identify
    from claimgraph.store import near_duplicates as nd

    extractor = executor_extractor(options, counters)
    skip: dict[int, tuple[float, str | None]] = {}
    for seq, _source, _line, doc in batch:
        lang = identify(doc.text)
        doc.language = lang.code
        reason = None if lang.extractable else f"language {lang.code} ({lang.score:.2f}); extraction reads English"
        skip[seq] = (lang.score, reason)
    wanted = [doc for seq, _s, _l, doc in batch if skip[seq][1] is None]
    if counters is not None:
        counters.documents.add(len(wanted))
    results = iter(_extract_each(extractor, wanted, options.batch_size))
    for seq, source, line, doc in batch:
        score, reason = skip[seq]
        ex = next(results) if reason is None else Extraction(doc)
        if ex.error is not None:
            yield "failures", _failure(InputFailure(source, f"{doc.id}: {ex.error}", line), seq, doc.id)
            continue
        yield "documents", document_row(doc, seq, source, line, score, nd.signature(doc.text), reason, __version__)
        for table, rows in record_rows(ex, seq).items():
            for row in rows:
                yield table, row


def _extract_each(extractor: Any, docs: list[Document], batch_size: int) -> list[Extraction]:
    """Extractions of a batch; when the batch fails as a whole, document by document, so
    that the one that fails is the one reported."""
    try:
        return list(extractor.extract_documents(docs, batch_size=batch_size))
    except Exception:  # one bad document must not fail the task: find it below
        out = []
        for doc in docs:
            try:
                out += list(extractor.extract_documents([doc]))
            except Exception as err:
                out.append(Extraction(doc, error=f"extraction failed: {type(err).__name__}: {err}"))
        return out


# ---------------------------------------------------------------------- the session
# What the job needs of a session that ``local_session`` makes (spark-submit's --conf, given
# for the same key, wins: see docs/spark.md).
SESSION_DEFAULTS = {
    "spark.python.daemon.module": "claimgraph.spark.daemon",  # workers forked with the extractor loaded
    "spark.ui.enabled": "false",  # no web server, no progress bar: a batch job
    "spark.ui.showConsoleProgress": "false",
}
# The JVM of local mode, which this process starts, only moves rows between the Python
# workers and Parquet: the first tier of its just-in-time compiler and the serial collector
# serve it as well, and halve its CPU time (measured: docs/spark.md).
LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
EXECUTOR_ENV = "spark.executorEnv."


def local_session(master: str | None = None, app: str = "claimgraph extract",
                  config: dict[str, str] | None = None, extract: ExtractOptions | None = ExtractOptions(),
                  make_class_archive: bool = False) -> Any:
    """A SparkSession: the one spark-submit configured, else Spark's local mode on this
    machine's cores (executors run this very Python); ``config``: more settings.  In the
    local mode it starts, the extractor of ``extract`` (the job's options; None: none) is
    loaded while the JVM starts, by a zygote (``spark/zygote.py``) that the executor's daemon
    hands over to, and the JVM maps the archive of Spark's classes (``spark/classes.py``)
    when there is one; with ``make_class_archive``, where there is none, the JVM makes it,
    and the caller ends the session with ``stop_session``."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    from claimgraph.spark import classes

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    elif "PYSPARK_GATEWAY_PORT" not in os.environ:  # not started by spark-submit
        builder = builder.master("local[*]")
    local = "PYSPARK_GATEWAY_PORT" not in os.environ and (master or "local").startswith("local")
    if local:
        jvm = LOCAL_JVM_OPTIONS
        if SparkContext._gateway is None:  # this session starts the JVM
            more, making = classes.options(LOCAL_JVM_OPTIONS, make_class_archive)
            jvm = f"{jvm} {more}".strip()
            _MAKING[:] = [making] if making else []
        builder = builder.config("spark.driver.extraJavaOptions", jvm)
    given: set[str] = set()
    if "PYSPARK_GATEWAY_PORT" in os.environ:  # spark-submit's JVM runs already: its settings stand
        from pyspark import SparkConf

        SparkContext._ensure_initialized()
        given = {key for key in SESSION_DEFAULTS if SparkConf().contains(key)}
    settings = {key: value for key, value in SESSION_DEFAULTS.items() if key not in given}
    settings.update(config or {})
    if local and extract is not None and SparkContext._active_spark_context is None:
        settings.update(_start_zygote(extract, settings))
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except BaseException:
        _release_zygotes()
        raise


_ZYGOTES: list[Zygote] = []  # zygotes this process started: closed when their job ends
_MAKING: list[Making] = []  # the class archive this process's JVM writes when it ends


def stop_session(session: Any) -> None:
    """Stops a session; when its JVM writes the archive of Spark's classes, ends the JVM and
    puts the archive in place (``spark/classes.py``)."""
    from claimgraph.spark import classes

    try:
        session.stop()
    finally:
        if _MAKING:
            classes.finish(_MAKING.pop())


def _start_zygote(extract: ExtractOptions, settings: dict[str, str]) -> dict[str, str]:
    """Starts a zygote (unless switched off) with the environment of the executor's daemon as
    far as starting Python and loading depend on it (the hash seed, which every worker must
    share, and the thread settings); the settings that name it to the executors."""
    from claimgraph.spark import zygote

    if os.environ.get("PYSPARK_PYTHON") != sys.executable or not zygote.wanted():
        return {}  # the executors run another Python, or the zygote is switched off
    env = dict(os.environ)
    env.update({key[len(EXECUTOR_ENV):]: value for key, value in settings.items() if key.startswith(EXECUTOR_ENV)})
    if f"{EXECUTOR_ENV}OMP_NUM_THREADS" not in settings:  # as Spark sets it for Python workers
        env["OMP_NUM_THREADS"] = settings.get("spark.task.cpus", "1")
    env["PYTHONHASHSEED"] = os.environ.get("PYTHONHASHSEED", "0")  # as PySpark's SparkContext sets it
    env.update({PRELOAD: preload_spec(extract), "PYTHONUNBUFFERED": "YES"})  # as the daemon has them
    started = zygote.start(env)
    if started is None:
        return {}
    if not _ZYGOTES:
        import atexit

        atexit.register(_release_zygotes)
    _ZYGOTES.append(started)
    return {f"{EXECUTOR_ENV}{zygote.SOCKET}": started.path}


def _release_zygotes() -> None:
    """Ends the zygotes that no daemon took over, and removes their folders (one that took a
    daemon's place ends with it, when the session stops)."""
    while _ZYGOTES:
        _ZYGOTES.pop().close()


def spark_missing() -> str | None:
    """Why Spark cannot run here (pyspark not installed, or no Java), or None."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'claimgraph[spark]'; it needs Python 3.11 or later)"
    if os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java").is_file():
        return None
    if shutil.which("java"):
        return None
    return "Java is not installed (Spark needs Java 17 or later: install a JDK, or set JAVA_HOME)"
