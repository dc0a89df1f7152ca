"""``ClaimStore``: the one place that writes the claim store.

A document is written in one transaction together with everything extracted from it, so a
process killed at any moment leaves each document either complete or absent.  Documents are
identified by the hash of their text: adding the same text again stores nothing.  A text
that nearly repeats a stored one (a syndicated copy) is stored and linked to the first copy
(``documents.near_duplicate_of``), so that later counts of sources can count stories.

The same code runs on SQLite (a file, the default) and PostgreSQL (a ``postgresql://`` URL)."""

from __future__ import annotations

import os
import socket
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, StatementError

from claimgraph import __version__
from claimgraph.model import PRONOUNS, Entity, Extraction, Span
from claimgraph.store import reviews, summaries
from claimgraph.store.migrations import is_current, upgrade
from claimgraph.store.schema import (
    affiliations,
    attributions,
    claim_entities,
    claims,
    document_bands,
    documents,
    entities,
    entity_aliases,
    failures,
    fetched_pages,
    ingest_runs,
    mentions,
)
from claimgraph.workers import process_alive

if TYPE_CHECKING:
    from claimgraph.ingest.fetch import FetchedPage

DEFAULT_DB = "claimgraph.db"
SCHEMA_LOCK = 0x636C61696D  # the key of the PostgreSQL advisory lock held while the schema is made
RUN_COUNTERS = ("documents", "duplicates", "near_duplicates", "not_extracted", "failures", "claims",
                "attributions", "affiliations")


# what a database server that has gone away (or is going) answers, as PostgreSQL words it
LOST_CONNECTION = ("connection failed", "connection refused", "server closed the connection",
                   "terminating connection", "the database system is shutting down", "could not connect")


class StoreError(RuntimeError):
    """An extraction that cannot be stored as it is (its offsets do not index its text)."""


def is_document_error(err: Exception) -> bool:
    """Whether a store error is about the one document being stored (a value the database
    refuses) rather than about the store (disk full, read-only, locked, connection lost)."""
    if isinstance(err, StoreError):
        return True
    return isinstance(err, DataError | IntegrityError) or (isinstance(err, StatementError)
                                                           and not isinstance(err, DBAPIError))


def store_problem(err: Exception) -> str:
    """A one-line account of a store that failed, with what to do about it."""
    message = str(getattr(err, "orig", None) or err).splitlines()[0] if str(err) else type(err).__name__
    low = message.lower()
    if "locked" in low or "lock timeout" in low:
        return (f"the claim store is locked by another writer (waited {lock_timeout():g} s; "
                f"CLAIMGRAPH_LOCK_TIMEOUT sets the wait): {message}")
    if "readonly" in low or "read-only" in low or "read only" in low:
        return f"the claim store is read-only: {message}"
    if "disk is full" in low or "no space" in low or "disk i/o" in low or "file too large" in low \
            or "quota" in low:
        return f"no room to write the claim store (disk full or file size limit): {message}"
    if getattr(err, "connection_invalidated", False) or _lost_connection(err):
        return f"the connection to the claim store's database server failed: {message}"
    return f"claim store error: {message}"


def _lost_connection(err: BaseException) -> bool:
    """Whether the server went away, here or in the errors that led to this one (a shutdown
    in the middle of a batch surfaces as a later, vaguer error while rolling back)."""
    seen: set[int] = set()
    e: BaseException | None = err
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        low = str(getattr(e, "orig", None) or e).lower()
        if any(w in low for w in LOST_CONNECTION):
            return True
        e = e.__cause__ or e.__context__
    return False


def lock_timeout() -> float:
    """Seconds a writer waits for another writer's lock (CLAIMGRAPH_LOCK_TIMEOUT, default 60)."""
    try:
        return float(os.environ.get("CLAIMGRAPH_LOCK_TIMEOUT", "") or 60)
    except ValueError:
        return 60.0


@dataclass(frozen=True)
class Provenance:
    """Where a document came from, beyond what ``Document`` says: the input it was read
    from (a path or URL, and the line of a JSON lines file), the page as fetched when it
    came over HTTP, and how sure language identification was."""

    source: str
    line: int | None = None
    page: FetchedPage | None = None
    language_score: float | None = None


@dataclass(frozen=True)
class StoredDocument:
    """What ``add_extraction`` stored: the row id, and the first copy when the text nearly
    repeats a stored one."""

    id: int
    near_duplicate_of: int | None
    similarity: float | None
    claims: int
    attributions: int
    affiliations: int


def database_url(db: str) -> URL:
    """The SQLAlchemy URL for ``db``: a file path (SQLite) or a database URL.
    ``postgresql://`` and ``postgres://`` use psycopg 3."""
    if "://" not in db:
        return URL.create("sqlite", database=str(Path(db).expanduser()))
    url = make_url(db)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _now() -> datetime:
    return datetime.now(UTC)


def aware(row: Any) -> dict[str, Any]:
    """A row as a dict, its times in UTC (SQLite hands them back without a zone)."""
    return {k: v.replace(tzinfo=UTC) if isinstance(v, datetime) and v.tzinfo is None else v
            for k, v in dict(row).items()}


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Transactions are begun explicitly below, so that schema changes are transactional
        # and a writer takes the write lock when it begins (no lock upgrade half-way).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {int(lock_timeout() * 1000)}")
        # WAL: readers do not block the writer; NORMAL sync: a commit survives a killed
        # process (only an OS crash can lose the last commits), at a fraction of FULL's cost.
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("claimgraph_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _upsert(conn: Connection, table: Table) -> Any:
    """The backend's INSERT, which can say what to do when a row's key exists (ON CONFLICT)."""
    # imported here: loading both dialects (and asyncio with them) slows every command's start
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def _check_span(text: str, span: Span, what: str) -> None:
    if text[span.start:span.end] != span.text:
        raise StoreError(f"{what} offsets {span.start}-{span.end} do not hold {span.text[:40]!r}")


def _span(text: str, start: int | None, end: int | None) -> dict[str, Any] | None:
    if start is None or end is None:
        return None
    return {"text": text[start:end], "start": start, "end": end}


class ClaimStore:
    """Documents, what was extracted from them, the runs that ingested them and the inputs
    that failed, in one SQL database.  Safe to share between threads: every call takes its
    own connection."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._pending: dict[int, Counter[str]] = {}

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, db: str = DEFAULT_DB) -> ClaimStore:
        """The store at ``db`` (a path or URL), created or migrated to the current schema."""
        url = database_url(db)
        if url.get_backend_name() == "sqlite" and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)
        store = cls(engine)
        # readers do not wait for the write lock when the schema is current
        with engine.connect() as conn:
            current = is_current(conn)
        if not current:
            with store._write() as conn:
                if conn.dialect.name == "postgresql":
                    # two first runs on an empty database: one creates the schema, the other waits
                    # for it and finds it made (SQLite's write lock does the same)
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
                upgrade(conn)
        return store

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ClaimStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(claimgraph_write=True)
            with conn.begin():
                yield conn

    # ------------------------------------------------------------------ runs
    def start_run(self, inputs: list[str], workers: int = 1) -> int:
        """Records a new ingest run and returns its id.  Runs of this host whose process is
        gone are marked interrupted first."""
        host, pid = socket.gethostname(), os.getpid()
        with self._write() as conn:
            for run_id, run_pid in conn.execute(
                    select(ingest_runs.c.id, ingest_runs.c.pid)
                    .where(ingest_runs.c.status == "running", ingest_runs.c.host == host)):
                if not process_alive(run_pid):
                    conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id)
                                 .values(status="interrupted"))
            return int(conn.execute(insert(ingest_runs).values(
                started_at=_now(), status="running", inputs=list(inputs), workers=workers,
                version=__version__, host=host, pid=pid,
                **{c: 0 for c in RUN_COUNTERS}).returning(ingest_runs.c.id)).scalar_one())

    def count(self, run_id: int, what: str, n: int = 1) -> None:
        """Adds to a run's counter; written with the run's next write or at its end."""
        self._pending.setdefault(run_id, Counter())[what] += n

    @contextmanager
    def _write_for_run(self, run_id: int) -> Iterator[tuple[Connection, Counter[str]]]:
        """A write transaction that also adds to the run's counters: those counted before
        (``count``) and those the caller adds to the Counter it is handed."""
        counts = Counter(self._pending.get(run_id, Counter()))
        with self._write() as conn:
            yield conn, counts
            if +counts:
                conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(
                    {getattr(ingest_runs.c, k): getattr(ingest_runs.c, k) + v for k, v in counts.items() if v}))
        # committed: the counts written are no longer pending
        self._pending.pop(run_id, None)

    def finish_run(self, run_id: int, status: str = "finished", error: str | None = None) -> dict[str, Any]:
        """Closes a run and returns its row (counters included)."""
        with self._write_for_run(run_id) as (conn, _counts):
            conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id)
                         .values(status=status, finished_at=_now(), error=error))
        return self.run(run_id)

    def run(self, run_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(ingest_runs).where(ingest_runs.c.id == run_id)).mappings().one()
        return aware(row)

    # ------------------------------------------------------------------ what is stored
    def has_content(self, content_hash: str) -> bool:
        """Whether a document with this text (by its SHA-256) is stored."""
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.id).where(documents.c.content_hash == content_hash)
                                ).first() is not None

    def has_url(self, url: str) -> bool:
        """Whether a document read from this URL is stored (so it need not be fetched again):
        one with this URL, or fetched from it (the id of a fetched page is the URL asked)."""
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.id).where(or_(documents.c.url == url, documents.c.doc_id == url))
                                .limit(1)).first() is not None

    # ------------------------------------------------------------------ writing
    def add_extraction(self, extraction: Extraction, provenance: Provenance, run_id: int,
                       skip_reason: str | None = None) -> StoredDocument | None:
        """Stores a document with all its records in one transaction.  Returns None, storing
        nothing, when a document with the same text is already stored.  ``skip_reason``
        marks a document stored without extraction (its extraction is then empty)."""
        from claimgraph.store import near_duplicates as nd  # numpy: only writers need it

        doc = extraction.document
        self._check_offsets(extraction)
        sig = nd.signature(doc.text)
        try:
            with self._write_for_run(run_id) as (conn, counts):
                stored = self._insert_document(conn, extraction, provenance, run_id, sig, skip_reason)
                counts.update(documents=1, near_duplicates=int(stored.near_duplicate_of is not None),
                              not_extracted=int(skip_reason is not None), claims=stored.claims,
                              attributions=stored.attributions, affiliations=stored.affiliations)
                conn.execute(update(failures).where(failures.c.source == provenance.source,
                                                    failures.c.line == (provenance.line or 0),
                                                    failures.c.resolved_at.is_(None))
                             .values(resolved_at=_now()))
        except IntegrityError:
            # another writer stored the same text between our check and our insert
            if self.has_content(doc.content_hash):
                self.count(run_id, "duplicates")
                return None
            raise
        return stored

    def delete_document(self, doc_id: str) -> int:
        """Deletes the stored documents with this id and everything extracted from them, and
        takes their claims from the summaries, in one transaction; returns how many were
        deleted.  Copies of a deleted first copy are linked to the earliest remaining copy,
        which becomes the story's first copy."""
        d = documents.c
        with self._write() as conn:
            pks = list(conn.execute(select(d.id).where(d.doc_id == doc_id).order_by(d.id)).scalars())
            for pk in pks:
                copies = list(conn.execute(select(d.id).where(d.near_duplicate_of == pk).order_by(d.id)).scalars())
                # the copies' sources change with their first copy: out of the summaries, and back in below
                summaries.remove_documents(conn, [pk, *copies])
                if copies:
                    conn.execute(update(documents).where(d.id == copies[0])
                                 .values(near_duplicate_of=None, similarity=None))
                    conn.execute(update(documents).where(d.id.in_(copies[1:])).values(near_duplicate_of=copies[0]))
                conn.execute(delete(documents).where(d.id == pk))
                summaries.add_documents(conn, copies)
        return len(pks)

    def review(self, claim_pk: int, verdict: str, reviewer: str, changes: dict[str, Any] | None = None,
               note: str | None = None) -> dict[str, Any]:
        """Confirms, rejects or corrects the claim with this row id (``store/reviews.py``),
        in one transaction with the summaries it changes; returns the review.  Raises
        ``ReviewError`` with a one-line reason when it cannot be applied."""
        with self._write() as conn:
            return reviews.review(conn, claim_pk, verdict, reviewer, changes, note)

    def undo_review(self, claim_pk: int) -> dict[str, Any]:
        """Takes back the review of the claim with this row id (``reviews.undo``), in one
        transaction with the summaries it changes; returns the review as it was."""
        with self._write() as conn:
            return reviews.undo(conn, claim_pk)

    def claim_pk(self, doc_id: str, claim_id: str) -> int:
        """The row id of a document's claim, by the document's id and the claim's id (the
        first stored document with that id that has it)."""
        with self.engine.connect() as conn:
            found = conn.execute(select(claims.c.id).join(documents, documents.c.id == claims.c.document_id)
                                 .where(documents.c.doc_id == doc_id, claims.c.claim_id == claim_id)
                                 .order_by(claims.c.id).limit(1)).scalar()
        if found is None:
            raise reviews.ReviewError(f"no claim {claim_id} in a document {doc_id!r}")
        return int(found)

    def reviews(self, verdict: str | None = None, doc_id: str | None = None, limit: int | None = None,
                offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Stored reviews, newest first, and how many match."""
        with self.engine.connect() as conn:
            return reviews.list_reviews(conn, verdict, doc_id, limit, offset)

    def reviewed_documents(self) -> list[dict[str, Any]]:
        """Documents with confirmed or corrected claims, those claims in the annotation
        guide's format (training data)."""
        with self.engine.connect() as conn:
            return reviews.reviewed_documents(conn)

    def add_failure(self, source: str, reason: str, run_id: int, line: int | None = None) -> None:
        """Records an input that yielded no document; the same input failing again updates
        its row (reason, last seen, times) instead of adding one."""
        now = _now()
        values = {"source": source, "line": line or 0, "reason": reason, "first_seen": now, "last_seen": now,
                  "times": 1, "run_id": run_id, "resolved_at": None}
        with self._write_for_run(run_id) as (conn, counts):
            stmt = _upsert(conn, failures).values(values)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[failures.c.source, failures.c.line],
                set_={"reason": stmt.excluded.reason, "last_seen": stmt.excluded.last_seen,
                      "times": failures.c.times + 1, "run_id": stmt.excluded.run_id, "resolved_at": None}))
            counts["failures"] += 1

    @staticmethod
    def _check_offsets(ex: Extraction) -> None:
        text = ex.document.text
        if "\x00" in text:
            # PostgreSQL cannot store NUL in text, and no article contains one
            raise StoreError("text contains NUL characters")
        for c in ex.claims:
            _check_span(text, c.evidence, "claim evidence")
        for a in ex.attributions:
            _check_span(text, a.content, "attribution content")
        for f in ex.affiliations:
            _check_span(text, f.evidence, "affiliation evidence")

    def _insert_document(self, conn: Connection, ex: Extraction, prov: Provenance, run_id: int,
                         sig: bytes | None, skip_reason: str | None) -> StoredDocument:
        from claimgraph.store import near_duplicates as nd

        doc = ex.document
        doc_pk = int(conn.execute(insert(documents).values(
            doc_id=doc.id, content_hash=doc.content_hash, text=doc.text, title=doc.title, url=doc.url,
            site=doc.site, author=doc.author, published=doc.published, language=doc.language,
            language_score=prov.language_score,
            status="not_extracted" if skip_reason else "extracted", skip_reason=skip_reason,
            source=prov.source, source_line=prov.line,
            fetched_page_id=self._page_id(conn, prov.page) if prov.page is not None else None,
            minhash=sig, extractor_version=None if skip_reason else __version__, run_id=run_id,
            ingested_at=_now()).returning(documents.c.id)).scalar_one())
        first, sim = (None, None)
        if sig is not None:
            first, sim = self._near_duplicate(conn, sig, doc_pk)
            if first is not None:
                conn.execute(update(documents).where(documents.c.id == doc_pk)
                             .values(near_duplicate_of=first, similarity=sim))
            conn.execute(insert(document_bands),
                         [{"band": b, "bucket": k, "document_id": doc_pk} for b, k in nd.bands(sig)])
        n_claims = self._insert_records(conn, ex, doc_pk)
        if n_claims:
            # a text stored again finds the reviews of its claims
            reviews.apply_stored(conn, doc_pk, doc.content_hash)
        if n_claims or ex.attributions:
            summaries.add_documents(conn, [doc_pk])
        return StoredDocument(doc_pk, first, sim, n_claims, len(ex.attributions), len(ex.affiliations))

    def _page_id(self, conn: Connection, page: FetchedPage) -> int:
        body_hash = sha256(page.body).hexdigest()
        found = conn.execute(select(fetched_pages.c.id).where(fetched_pages.c.url == page.url,
                                                              fetched_pages.c.body_hash == body_hash)).scalar()
        if found is not None:
            return int(found)
        return int(conn.execute(insert(fetched_pages).values(
            url=page.url, final_url=page.final_url, status=page.status, headers=dict(page.headers),
            redirects=list(page.redirects), body=page.body, body_hash=body_hash, fetched_at=page.fetched_at,
        ).returning(fetched_pages.c.id)).scalar_one())

    def _near_duplicate(self, conn: Connection, sig: bytes, doc_pk: int) -> tuple[int | None, float | None]:
        """The first stored copy of the story ``sig`` tells, with the similarity, if any."""
        from claimgraph.store import near_duplicates as nd

        shared = func.count().label("shared")
        candidates = conn.execute(
            select(document_bands.c.document_id, shared)
            .where(tuple_(document_bands.c.band, document_bands.c.bucket).in_(nd.bands(sig)),
                   document_bands.c.document_id != doc_pk)
            .group_by(document_bands.c.document_id).order_by(shared.desc()).limit(50)).all()
        if not candidates:
            return None, None
        best: tuple[float, int] | None = None
        for pk, first, other in conn.execute(
                select(documents.c.id, documents.c.near_duplicate_of, documents.c.minhash)
                .where(documents.c.id.in_([c[0] for c in candidates]))):
            sim = nd.similarity(sig, other)
            root = first if first is not None else pk
            if sim >= nd.THRESHOLD and (best is None or (sim, -root) > (best[0], -best[1])):
                best = (sim, root)
        return (best[1], round(best[0], 3)) if best else (None, None)

    def _insert_records(self, conn: Connection, ex: Extraction, doc_pk: int) -> int:
        """Mentions, entities, claims, attributions and affiliations of one document;
        returns the number of claims stored."""
        rows = RecordRows(ex)
        if not rows.found:
            return 0
        rows.upsert_entities(conn)
        ids = conn.execute(insert(mentions).returning(mentions.c.id, sort_by_parameter_order=True),
                           rows.mentions(doc_pk)).scalars().all()
        rows.mention_ids(ids)
        if rows.claims:
            claim_ids = conn.execute(insert(claims).returning(claims.c.id, sort_by_parameter_order=True),
                                     rows.claim_rows(doc_pk)).scalars().all()
            conn.execute(insert(claim_entities), rows.role_rows(claim_ids))
        if ex.attributions:
            conn.execute(insert(attributions), rows.attribution_rows(doc_pk))
        if ex.affiliations:
            conn.execute(insert(affiliations), rows.affiliation_rows(doc_pk))
        return len(rows.claims)

    # ------------------------------------------------------------------ reading back
    def records(self, doc_id: str) -> list[dict[str, Any]]:
        """The claims contract records of the stored documents with this id (claims, then
        attributions, then affiliations, as ``Extraction.records('all')`` orders them)."""
        out: list[dict[str, Any]] = []
        with self.engine.connect() as conn:
            for doc_pk, text in conn.execute(select(documents.c.id, documents.c.text)
                                             .where(documents.c.doc_id == doc_id).order_by(documents.c.id)):
                out += _DocumentRecords(conn, doc_pk, doc_id, text).all()
        return out

    def stats(self, top: int = 10) -> dict[str, Any]:
        """Counts for people and scripts: documents (languages, near-duplicates), claims by
        event type, actors most often in claims, sources, failures, runs."""
        from claimgraph.store.stats import store_stats

        with self.engine.connect() as conn:
            return {"database": self.url, **store_stats(conn, top)}

    def failures(self, run_id: int | None = None, include_resolved: bool = False,
                 limit: int | None = None) -> list[dict[str, Any]]:
        """Inputs that could not be read, newest first: source, line, reason, when, how often."""
        q = select(failures.c.source, failures.c.line, failures.c.reason, failures.c.first_seen,
                   failures.c.last_seen, failures.c.times, failures.c.run_id, failures.c.resolved_at)
        if run_id is not None:
            q = q.where(failures.c.run_id == run_id)
        if not include_resolved:
            q = q.where(failures.c.resolved_at.is_(None))
        q = q.order_by(failures.c.last_seen.desc(), failures.c.id.desc())
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [{**aware(row), "line": row["line"] or None} for row in conn.execute(q).mappings()]


class RecordRows:
    """The rows of one document's records (mentions, claims, their roles, attributions,
    affiliations), built once for the writer that inserts them one document at a time and
    for the bulk loader; ``mention_ids`` gives the mentions their row ids."""

    def __init__(self, ex: Extraction) -> None:
        self.extraction = ex
        self.found: dict[tuple[int, int, str, str], Entity] = {}
        for c in ex.claims:
            for e in (*c.actor, *c.recipient, c.location, c.attribution.source if c.attribution else None):
                self._note(e)
        for a in ex.attributions:
            self._note(a.source_entity)
        for f in ex.affiliations:
            self._note(f.person)
            self._note(f.organization)
        self.keys = list(self.found)
        self.claims = list({c.claim_id: c for c in reversed(ex.claims)}.values())[::-1]
        self._mention_of: dict[tuple[int, int, str, str], int] = {}

    def _note(self, e: Entity | None) -> None:
        if e is not None:
            self.found.setdefault((e.start, e.end, e.id, e.type), e)

    def entity_rows(self) -> list[dict[str, Any]]:
        actors: dict[str, Entity] = {}
        for e in self.found.values():
            actors.setdefault(e.id, e)
        # sorted keys: concurrent writers on PostgreSQL lock shared rows in one order
        return [{"id": e.id, "name": e.name, "type": e.type, "country": e.country, "sector": e.sector}
                for _, e in sorted(actors.items())]

    def alias_rows(self) -> list[dict[str, Any]]:
        """The mentions' texts as the actors' aliases, but for pronouns ("he", "they")."""
        aliases = sorted({(e.id, " ".join(e.text.split())) for e in self.found.values()})
        return [{"entity_id": i, "alias": a} for i, a in aliases if a and a.lower() not in PRONOUNS]

    def upsert_entities(self, conn: Connection) -> None:
        conn.execute(_upsert(conn, entities).on_conflict_do_nothing(), self.entity_rows())
        aliases = self.alias_rows()
        if aliases:
            conn.execute(_upsert(conn, entity_aliases).on_conflict_do_nothing(), aliases)

    def mentions(self, doc_pk: int) -> list[dict[str, Any]]:
        return [{"document_id": doc_pk, "entity_id": self.found[k].id, "text": self.found[k].text, "start": k[0],
                 "end": k[1], "type": k[3]} for k in self.keys]

    def mention_ids(self, ids: Iterable[int]) -> None:
        self._mention_of = dict(zip(self.keys, ids, strict=True))

    def _mention(self, e: Entity) -> int:
        return self._mention_of[(e.start, e.end, e.id, e.type)]

    def claim_rows(self, doc_pk: int) -> list[dict[str, Any]]:
        return [{"document_id": doc_pk, "claim_id": c.claim_id, "event": c.event, "mode": c.mode,
                 "context": list(c.context), "polarity": c.polarity, "certainty": c.certainty, "tense": c.tense,
                 "confidence": c.confidence, "trigger_text": c.trigger.text, "trigger_start": c.trigger.start,
                 "trigger_end": c.trigger.end, "evidence_start": c.evidence.start, "evidence_end": c.evidence.end,
                 "cue_text": c.attribution.cue.text if c.attribution else None,
                 "cue_start": c.attribution.cue.start if c.attribution else None,
                 "cue_end": c.attribution.cue.end if c.attribution else None,
                 "time_text": c.time.text if c.time else None, "time_start": c.time.start if c.time else None,
                 "time_end": c.time.end if c.time else None,
                 "time_offset_start": c.time.offset_start if c.time else None,
                 "time_offset_end": c.time.offset_end if c.time else None}
                for c in self.claims]

    def role_rows(self, claim_ids: Iterable[int]) -> list[dict[str, Any]]:
        roles: list[dict[str, Any]] = []
        for pk, c in zip(claim_ids, self.claims, strict=True):
            for role, ents in (("actor", c.actor), ("recipient", c.recipient),
                               ("location", [c.location] if c.location else []),
                               ("source", [c.attribution.source] if c.attribution else [])):
                roles += [{"claim_id": pk, "role": role, "position": i, "mention_id": self._mention(e)}
                          for i, e in enumerate(ents)]
        return roles

    def attribution_rows(self, doc_pk: int) -> list[dict[str, Any]]:
        return [{"document_id": doc_pk,
                 "source_mention_id": self._mention(a.source_entity) if a.source_entity else None,
                 "source_text": a.source.text if a.source else None,
                 "source_start": a.source.start if a.source else None,
                 "source_end": a.source.end if a.source else None,
                 "cue_text": a.cue.text, "cue_start": a.cue.start, "cue_end": a.cue.end,
                 "content_start": a.content.start, "content_end": a.content.end}
                for a in self.extraction.attributions]

    def affiliation_rows(self, doc_pk: int) -> list[dict[str, Any]]:
        return [{"document_id": doc_pk, "person_mention_id": self._mention(f.person),
                 "organization_mention_id": self._mention(f.organization), "role": f.role, "former": f.former,
                 "evidence_start": f.evidence.start, "evidence_end": f.evidence.end}
                for f in self.extraction.affiliations]


class _DocumentRecords:
    """Rebuilds the contract records of one stored document from its rows."""

    def __init__(self, conn: Connection, doc_pk: int, doc_id: str, text: str) -> None:
        self.conn, self.doc_pk, self.doc_id, self.text = conn, doc_pk, doc_id, text
        rows = conn.execute(
            select(mentions.c.id, mentions.c.text, mentions.c.start, mentions.c.end, mentions.c.type,
                   entities.c.id.label("entity_id"), entities.c.name, entities.c.country, entities.c.sector)
            .join(entities, entities.c.id == mentions.c.entity_id)
            .where(mentions.c.document_id == doc_pk)).mappings()
        self.entity = {r["id"]: {"text": r["text"], "start": r["start"], "end": r["end"], "id": r["entity_id"],
                                 "name": r["name"], "type": r["type"], "country": r["country"],
                                 "sector": r["sector"]} for r in rows}

    def all(self) -> list[dict[str, Any]]:
        return self.claims() + self.attributions() + self.affiliations()

    def claims(self) -> list[dict[str, Any]]:
        roles: dict[int, dict[str, list[dict[str, Any]]]] = {}
        for claim_pk, role, mention_id in self.conn.execute(
                select(claim_entities.c.claim_id, claim_entities.c.role, claim_entities.c.mention_id)
                .join(claims, claims.c.id == claim_entities.c.claim_id)
                .where(claims.c.document_id == self.doc_pk).order_by(claim_entities.c.position)):
            roles.setdefault(claim_pk, {}).setdefault(role, []).append(self.entity[mention_id])
        out = []
        for c in self.conn.execute(select(claims).where(claims.c.document_id == self.doc_pk)
                                   .order_by(claims.c.id)).mappings():
            r = roles.get(c["id"], {})
            source = r.get("source")
            out.append({
                "kind": "claim", "doc_id": self.doc_id, "claim_id": c["claim_id"], "event": c["event"],
                "mode": c["mode"], "context": list(c["context"]), "actor": r.get("actor", []),
                "recipient": r.get("recipient", []),
                "attribution": {"source": source[0], "cue": {"text": c["cue_text"], "start": c["cue_start"],
                                                             "end": c["cue_end"]}} if source else None,
                "polarity": c["polarity"], "certainty": c["certainty"], "tense": c["tense"],
                "time": {"text": c["time_text"], "start": c["time_start"], "end": c["time_end"]}
                if c["time_text"] is not None else None,
                "location": r["location"][0] if "location" in r else None,
                "trigger": {"text": c["trigger_text"], "start": c["trigger_start"], "end": c["trigger_end"]},
                "evidence": _span(self.text, c["evidence_start"], c["evidence_end"]),
                "confidence": round(c["confidence"], 3)})
        return out

    def attributions(self) -> list[dict[str, Any]]:
        out = []
        for a in self.conn.execute(select(attributions).where(attributions.c.document_id == self.doc_pk)
                                   .order_by(attributions.c.id)).mappings():
            source: dict[str, Any] | None = None
            if a["source_mention_id"] is not None:
                source = self.entity[a["source_mention_id"]]
            elif a["source_text"] is not None:
                source = {"text": a["source_text"], "start": a["source_start"], "end": a["source_end"]}
            out.append({"kind": "attribution", "doc_id": self.doc_id, "source": source,
                        "cue": {"text": a["cue_text"], "start": a["cue_start"], "end": a["cue_end"]},
                        "content": _span(self.text, a["content_start"], a["content_end"])})
        return out

    def affiliations(self) -> list[dict[str, Any]]:
        return [{"kind": "affiliation", "doc_id": self.doc_id, "person": self.entity[f["person_mention_id"]],
                 "organization": self.entity[f["organization_mention_id"]], "role": f["role"],
                 "former": bool(f["former"]), "evidence": _span(self.text, f["evidence_start"], f["evidence_end"])}
                for f in self.conn.execute(select(affiliations).where(affiliations.c.document_id == self.doc_pk)
                                           .order_by(affiliations.c.id)).mappings()]

