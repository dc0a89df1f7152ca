"""``claimgraph load DIR``: the Parquet tables of ``claimgraph spark extract`` into the claim
store, as ``claimgraph ingest`` would have stored the same inputs.

The tables are read with pyarrow, part by part: part N of ``documents`` and part N of
each record table hold the same documents (the job writes them from the same partitions),
in input order.  Documents go in batches, each in one transaction (``store/bulk.py``); the
failures and duplicates the job found are recorded as ingest records them.  A text stored
already is skipped, so loading the same folder again adds nothing, and a load stopped
half-way continues where it stopped."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimgraph.spark.tables import RECORD_TABLES, document_of, extraction_of
from claimgraph.store.bulk import BatchResult, Stored, add_batch
from claimgraph.store.claim_store import ClaimStore

PART = re.compile(r"part-(\d+)")


class LoadError(ValueError):
    """A folder that is not the output of ``claimgraph spark extract``."""


@dataclass
class LoadReport:
    """The run as stored (its counters), the Parquet rows read, and how long it took."""

    run: dict[str, Any]
    rows: int = 0
    failures: list[tuple[str, int, str]] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        run = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in self.run.items()}
        return {"run": run, "rows": self.rows, "seconds": round(self.seconds, 3),
                "rows_per_second": round(self.rows / self.seconds, 1) if self.seconds else None,
                "failures": [{"source": s, "line": line or None, "reason": r} for s, line, r in self.failures]}


def _parts(folder: Path, table: str) -> dict[int, list[Path]]:
    """The Parquet files of a table by part number."""
    out: dict[int, list[Path]] = defaultdict(list)
    base = folder / table
    if not base.is_dir():
        return out
    for f in sorted(base.glob("*.parquet")):
        m = PART.search(f.name)
        out[int(m.group(1)) if m else 0].append(f)
    return out


def _rows(files: list[Path], batch: int = 4096) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    for f in files:
        for b in pq.ParquetFile(f).iter_batches(batch_size=batch):
            yield from b.to_pylist()


def check_folder(folder: str) -> None:
    """Raises LoadError, with the reason, unless ``folder`` holds the complete output of
    ``claimgraph spark extract`` (and pyarrow is there to read it)."""
    root = Path(folder)
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise LoadError("reading Parquet needs pyarrow: pip install 'claimgraph[spark]'") from None
    if not (root / "documents").is_dir():
        raise LoadError(f"{folder}: no documents table (expected the output folder of claimgraph spark extract)")
    unfinished = [t for t in ("documents", *RECORD_TABLES, "failures", "duplicates")
                  if not (root / t / "_SUCCESS").is_file()]
    if unfinished:
        raise LoadError(f"{folder}: the tables {', '.join(unfinished)} were not completely written "
                        f"(no _SUCCESS file): run claimgraph spark extract again")


def load_folder(store: ClaimStore, folder: str, batch: int = 500,
                progress: Callable[[BatchResult], None] | None = None) -> LoadReport:
    """Loads the tables under ``folder`` into ``store``, ``batch`` documents a transaction."""
    started = time.perf_counter()
    root = Path(folder)
    check_folder(folder)
    run_id = store.start_run([folder], workers=0)
    report = LoadReport(run={})
    status, error = "failed", None
    try:
        for row in _rows(sorted((root / "failures").glob("*.parquet"))):
            store.add_failure(row["source"], row["reason"], run_id, row["line"] or None)
            report.failures.append((row["source"], row["line"], row["reason"]))
            report.rows += 1
        for _dup in _rows(sorted((root / "duplicates").glob("*.parquet"))):
            store.count(run_id, "duplicates")
            report.rows += 1
        records = {t: _parts(root, t) for t in RECORD_TABLES}
        for part, files in sorted(_parts(root, "documents").items()):
            by_doc: dict[str, dict[int, list[dict[str, Any]]]] = {t: defaultdict(list) for t in RECORD_TABLES}
            for t in RECORD_TABLES:
                for row in _rows(records[t].get(part, [])):
                    by_doc[t][row["seq"]].append(row)
            pending: list[Stored] = []
            for row in _rows(files):
                seq = row["seq"]
                found = {t: sorted(by_doc[t].pop(seq, []), key=lambda r: r["item"]) for t in RECORD_TABLES}
                report.rows += 1 + sum(len(v) for v in found.values())
                pending.append(Stored(extraction_of(document_of(row), found["claims"], found["attributions"],
                                                    found["affiliations"]), row))
                if len(pending) >= batch:
                    _store(store, pending, run_id, report, progress)
                    pending = []
            if pending:
                _store(store, pending, run_id, report, progress)
            stray = [t for t in RECORD_TABLES if by_doc[t]]
            if stray:
                raise LoadError(f"{folder}: part {part} of {', '.join(stray)} holds records of documents that its "
                                f"documents part lacks (tables not written together by claimgraph spark extract)")
        status = "finished"
    except Exception as err:
        error = f"{type(err).__name__}: {err}"
        raise
    finally:
        report.run = store.finish_run(run_id, status, error)
        report.seconds = time.perf_counter() - started
    return report


def _store(store: ClaimStore, pending: list[Stored], run_id: int, report: LoadReport,
           progress: Callable[[BatchResult], None] | None) -> None:
    result = add_batch(store, pending, run_id)
    for item, reason in result.refused:
        why = f"cannot store {item.extraction.document.id!r}: {reason}"
        store.add_failure(item.row["source"], why, run_id, item.row["source_line"])
        report.failures.append((item.row["source"], item.row["source_line"] or 0, why))
    if progress is not None:
        progress(result)
