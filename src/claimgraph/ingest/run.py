"""``claimgraph ingest``: inputs read, documents extracted, everything written to the
claim store, each document in its own transaction.

Reading (files, feeds, fetching) happens on the way into extraction; extraction runs in
``workers`` processes (``pipeline.extract_documents``); this process is the one writer.
Inputs that need no extraction (failures, duplicates, texts in other languages) travel
through extraction as empty placeholders, so that everything reaches the writer in input
order and no queue grows without bound.  A text already stored is skipped before
extraction, which is what makes a rerun after an interruption continue where it stopped."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy.exc import StatementError

from claimgraph.limits import oversize_note
from claimgraph.model import Document, Extraction
from claimgraph.store import ClaimStore, Provenance, StoreError
from claimgraph.store.claim_store import is_document_error

if TYPE_CHECKING:
    # imported where they are used: the readers bring trafilatura and numpy, which the
    # commands that only print a report (stats, failures) need not load
    from claimgraph.ingest.fetch import FetchPolicy
    from claimgraph.ingest.readers import InputFailure
    from claimgraph.ingest.sources import Found, Known

Extract = Callable[[Iterable[Document]], Iterator[Extraction]]
# documents read ahead of the writer when extraction runs in other processes
LOOKAHEAD = 256
# documents parsed together when extraction runs in this process
BATCH = 16
_PLACEHOLDER = Document("", "")


class IngestListener:
    """What a run tells as it goes; this one tells nothing.  ``expect`` adds to the number
    of documents expected, ``handled`` reports one input done (``what`` is stored,
    not_extracted, duplicate or failed), ``note`` a line for the person watching."""

    def expect(self, n: int) -> None:
        pass

    def handled(self, what: str, claims: int = 0) -> None:
        pass

    def note(self, message: str) -> None:
        pass


@dataclass
class IngestReport:
    """The run as stored (its counters), the failures and the documents stored without
    extraction, and how long it took."""

    run: dict[str, Any]
    failures: list[InputFailure] = field(default_factory=list)
    not_extracted: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures and self.run.get("status") == "finished"

    def to_dict(self) -> dict[str, Any]:
        run = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in self.run.items()}
        return {"run": run, "seconds": round(self.seconds, 3),
                "docs_per_second": round(self.run["documents"] / self.seconds, 2) if self.seconds else None,
                "failures": [{"source": f.path, "line": f.line, "reason": f.reason} for f in self.failures],
                "not_extracted": [{"doc_id": d, "reason": r} for d, r in self.not_extracted]}


@dataclass
class _Pending:
    action: Literal["extract", "store", "duplicate", "fail"]
    document: Document | None = None
    provenance: Provenance | None = None
    failure: InputFailure | None = None
    reason: str | None = None


def default_extract(workers: int = 1, model: str | None = None, actor_files: tuple[str, ...] = ()) -> Extract:
    """Extraction as ``claimgraph extract`` does it: in this process (the extractor is kept
    for the next run), or in ``workers`` processes."""
    if workers <= 1 and not actor_files:
        from claimgraph.pipeline import default_extractor

        extractor = default_extractor(model)
        # small batches: progress moves steadily, and an interruption loses little work
        return lambda docs: extractor.extract_documents(docs, batch_size=BATCH)

    def extract(docs: Iterable[Document]) -> Iterator[Extraction]:
        from claimgraph.pipeline import extract_documents

        return extract_documents(docs, workers=workers, model=model, actor_files=actor_files)

    return extract


def run_ingest(store: ClaimStore, inputs: list[str], *, workers: int = 1, model: str | None = None,
               actor_files: tuple[str, ...] = (), encoding: str | None = None, published: str | None = None,
               policy: FetchPolicy | None = None, extract: Extract | None = None,
               listener: IngestListener | None = None, follow_symlinks: bool = False) -> IngestReport:
    """Reads ``inputs``, extracts what is new and English, and stores it all in ``store``.
    Returns the run's report; its ``failures`` are the inputs that yielded no document."""
    from claimgraph.ingest.sources import Sources

    listener = listener or IngestListener()
    extract = extract or default_extract(workers, model, actor_files)
    started = time.perf_counter()
    run_id = store.start_run(inputs, workers)
    sources = Sources(policy, encoding, known_url=store.has_url, on_more=listener.expect,
                      follow_symlinks=follow_symlinks)
    report = IngestReport(run={})
    pending: deque[_Pending] = deque()
    in_flight: set[str] = set()
    gate = threading.Semaphore(LOOKAHEAD) if workers > 1 else None
    stopping = threading.Event()

    def documents() -> Iterator[Document]:
        # with workers > 1 this runs in the pool's feeder thread: it reads the store, never writes
        for item in sources.read(inputs):
            if gate is not None:
                gate.acquire()
            if stopping.is_set():
                return
            p = _prepare(item, store, in_flight, published)
            if p.action == "extract" and p.document is not None:
                note = oversize_note(p.document.text)
                if note:
                    listener.note(f"{p.document.id}: {note}")
            pending.append(p)
            yield p.document if p.action == "extract" and p.document is not None else _PLACEHOLDER

    status, error = "failed", None
    try:
        listener.expect(sources.estimate(inputs))
        for extraction in extract(documents()):
            p = pending.popleft()
            _write(p, extraction, store, run_id, report, listener)
            if p.document is not None:
                in_flight.discard(p.document.content_hash)
            if gate is not None:
                gate.release()
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    except Exception as err:
        error = f"{type(err).__name__}: {err}"
        raise
    finally:
        stopping.set()
        if gate is not None:
            for _ in range(LOOKAHEAD):
                gate.release()  # a feeder waiting for room wakes up and stops
        sources.close()
        try:
            report.run = store.finish_run(run_id, status, error)
        except Exception:
            if status == "finished":
                raise
            # the store failed with the run (its server gone): the error that stopped the run is
            # the one to tell, and the next run marks this one interrupted
        report.seconds = time.perf_counter() - started
    return report


def _prepare(item: Found | Known | InputFailure, store: ClaimStore, in_flight: set[str],
             published: str | None) -> _Pending:
    """What to do with an input: extract it, store it as it is, skip it, or record why not."""
    from claimgraph.ingest.language import identify
    from claimgraph.ingest.readers import InputFailure
    from claimgraph.ingest.sources import Known

    if isinstance(item, InputFailure):
        return _Pending("fail", failure=item)
    if isinstance(item, Known):
        return _Pending("duplicate")
    doc = item.document
    if "\x00" in doc.text:
        return _Pending("fail", failure=InputFailure(item.source, "text contains NUL characters", item.line))
    digest = doc.content_hash
    if digest in in_flight or store.has_content(digest):
        return _Pending("duplicate")
    in_flight.add(digest)
    if published and not doc.published:
        doc.published = published
    lang = identify(doc.text)
    doc.language = lang.code
    prov = Provenance(item.source, item.line, item.page, lang.score)
    if not lang.extractable:
        reason = f"language {lang.code} ({lang.score:.2f}); extraction reads English"
        return _Pending("store", doc, prov, reason=reason)
    return _Pending("extract", doc, prov)


def _write(p: _Pending, extraction: Extraction, store: ClaimStore, run_id: int, report: IngestReport,
           listener: IngestListener) -> None:
    from claimgraph.ingest.readers import InputFailure

    if p.action == "duplicate":
        store.count(run_id, "duplicates")
        listener.handled("duplicate")
        return
    failure = p.failure
    if p.action in ("extract", "store"):
        assert p.document is not None and p.provenance is not None
        if p.action == "store":
            extraction = Extraction(p.document)
        elif extraction.document.id != p.document.id:
            raise RuntimeError(f"extraction out of order: got {extraction.document.id!r}, "
                               f"expected {p.document.id!r}")
        if extraction.error is not None:
            # recorded, noted and counted like every other failure (below)
            # the document's id names it when it is not the input's own name (a JSON line, a feed item)
            named = "" if p.document.id == p.provenance.source else f"{p.document.id}: "
            failure = InputFailure(p.provenance.source, f"{named}{extraction.error}", p.provenance.line)
        else:
            try:
                stored = store.add_extraction(extraction, p.provenance, run_id, skip_reason=p.reason)
            except (StoreError, StatementError) as err:
                if not is_document_error(err):
                    raise  # the store itself failed (disk full, read-only, locked, gone): the run stops
                reason = (str(err) if isinstance(err, StoreError) else str(err.orig)).splitlines()[0]
                failure = InputFailure(p.provenance.source, f"cannot store {p.document.id!r}: {reason}",
                                       p.provenance.line)
            else:
                if stored is None:
                    listener.handled("duplicate")
                elif p.reason is not None:
                    report.not_extracted.append((p.document.id, p.reason))
                    listener.note(f"{p.document.id}: stored without extraction: {p.reason}")
                    listener.handled("not_extracted")
                else:
                    listener.handled("stored", stored.claims)
                return
    assert failure is not None
    store.add_failure(failure.path, failure.reason, run_id, failure.line)
    report.failures.append(failure)
    listener.note(str(failure))
    listener.handled("failed")
