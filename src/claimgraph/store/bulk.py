"""Writing many extracted documents at once (``claimgraph load``): one transaction a batch,
rows sent with COPY on PostgreSQL and in multi-row inserts on SQLite, row ids reserved
ahead (a sequence's values, or past the table's largest id under SQLite's write lock) so
that mentions, claims and their roles are written without a round trip a row.

What is stored is what ``ClaimStore.add_extraction`` stores for each document, in order:
a text already stored is skipped (so a second load adds nothing), a text that nearly
repeats an earlier one is linked to its first copy, a failure recorded for the same input
is marked resolved, and the summaries take the batch's claims in the same transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Connection, Table, insert, select, text, update

from claimgraph.model import Extraction
from claimgraph.store import summaries
from claimgraph.store.claim_store import RecordRows, StoreError, _upsert
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
    mentions,
)

if TYPE_CHECKING:
    from claimgraph.store.claim_store import ClaimStore


@dataclass
class Stored:
    """A document as read from bulk input: its extraction and its ``documents`` row as
    extraction left it (source, line, language, status, MinHash signature...)."""

    extraction: Extraction
    row: dict[str, Any]


@dataclass
class BatchResult:
    """What one batch stored, and the documents that could not be stored, with why."""

    documents: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    claims: int = 0
    attributions: int = 0
    affiliations: int = 0
    rows: int = 0
    refused: list[tuple[Stored, str]] = field(default_factory=list)


def reserve_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """``n`` unused ids of ``table``: from its sequence on PostgreSQL; past its largest id
    on SQLite, whose write lock the transaction holds."""
    if n == 0:
        return []
    if conn.dialect.name == "postgresql":
        return list(conn.execute(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                                 {"t": table.name, "n": n}).scalars())
    top = conn.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar() or 0
    return list(range(top + 1, top + 1 + n))


def write_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> int:
    """Inserts ``rows`` (all with the same keys): COPY on PostgreSQL, else a multi-row insert."""
    if not rows:
        return 0
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return len(rows)
    from psycopg import sql

    names = list(rows[0])
    as_json = {n for n in names if isinstance(table.c[n].type, JSON)}
    copy = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table.name),
                                                      sql.SQL(", ").join(map(sql.Identifier, names)))
    raw: Any = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(copy) as out:
        for r in rows:
            out.write_row([json.dumps(r[n]) if n in as_json else r[n] for n in names])
    return len(rows)


def add_batch(store: ClaimStore, batch: list[Stored], run_id: int) -> BatchResult:
    """Stores a batch of documents with their records in one transaction."""
    from claimgraph.store import near_duplicates as nd

    result = BatchResult()
    todo: list[Stored] = []
    for item in batch:
        try:
            store._check_offsets(item.extraction)
        except StoreError as err:
            result.refused.append((item, str(err)))
        else:
            todo.append(item)
    with store._write_for_run(run_id) as (conn, counts):
        hashes = [s.extraction.document.content_hash for s in todo]
        stored = set(conn.execute(select(documents.c.content_hash)
                                  .where(documents.c.content_hash.in_(hashes))).scalars()) if hashes else set()
        fresh: list[Stored] = []
        for s in todo:
            h = s.extraction.document.content_hash
            if h in stored:
                result.duplicates += 1
            else:
                stored.add(h)  # a text twice in one batch is stored once
                fresh.append(s)
        pks = reserve_ids(conn, documents, len(fresh))
        now = datetime.now(UTC)
        result.rows += write_rows(conn, documents, [_document_row(s, pk, run_id, now) for s, pk in zip(fresh, pks,
                                                                                                       strict=True)])
        # near-duplicates in input order, each against everything stored before it, as ingest finds them
        for s, pk in zip(fresh, pks, strict=True):
            sig = s.row["minhash"]
            if sig is None:
                continue
            first, sim = store._near_duplicate(conn, sig, pk)
            if first is not None:
                conn.execute(update(documents).where(documents.c.id == pk).values(near_duplicate_of=first,
                                                                                  similarity=sim))
                result.near_duplicates += 1
            result.rows += write_rows(conn, document_bands, [{"band": b, "bucket": k, "document_id": pk}
                                                             for b, k in nd.bands(sig)])
        records = [RecordRows(s.extraction) for s in fresh]
        result.rows += _write_records(conn, records, pks)
        resolve = {(s.row["source"], s.row["source_line"] or 0) for s in fresh}
        for source, line in sorted(resolve):
            conn.execute(update(failures).where(failures.c.source == source, failures.c.line == line,
                                                failures.c.resolved_at.is_(None)).values(resolved_at=now))
        summaries.add_documents(conn, [pk for r, pk in zip(records, pks, strict=True)
                                       if r.claims or r.extraction.attributions])
        result.documents = len(fresh)
        result.claims = sum(len(r.claims) for r in records)
        result.attributions = sum(len(r.extraction.attributions) for r in records)
        result.affiliations = sum(len(r.extraction.affiliations) for r in records)
        counts.update(documents=result.documents, duplicates=result.duplicates,
                      near_duplicates=result.near_duplicates,
                      not_extracted=sum(s.row["status"] == "not_extracted" for s in fresh), claims=result.claims,
                      attributions=result.attributions, affiliations=result.affiliations)
    return result


def _document_row(s: Stored, pk: int, run_id: int, now: datetime) -> dict[str, Any]:
    doc, row = s.extraction.document, s.row
    return {"id": pk, "doc_id": doc.id, "content_hash": doc.content_hash, "text": doc.text, "title": doc.title,
            "url": doc.url, "site": doc.site, "author": doc.author, "published": doc.published,
            "language": doc.language, "language_score": row["language_score"], "status": row["status"],
            "skip_reason": row["skip_reason"], "source": row["source"], "source_line": row["source_line"],
            "fetched_page_id": None, "near_duplicate_of": None, "similarity": None, "minhash": row["minhash"],
            "extractor_version": row["extractor_version"], "run_id": run_id, "ingested_at": now}


def _write_records(conn: Connection, records: list[RecordRows], doc_pks: Iterable[int]) -> int:
    """Entities, aliases, mentions, claims with their roles, attributions and affiliations
    of the batch; returns the rows written."""
    pairs = [(r, pk) for r, pk in zip(records, doc_pks, strict=True) if r.found]
    if not pairs:
        return 0
    # an actor's row is the one its first mention gives, as when documents are stored one by one
    entity_rows: dict[str, dict[str, Any]] = {}
    alias_rows: dict[tuple[str, str], dict[str, Any]] = {}
    for r, _ in pairs:
        for e in r.entity_rows():
            entity_rows.setdefault(e["id"], e)
        for a in r.alias_rows():
            alias_rows.setdefault((a["entity_id"], a["alias"]), a)
    # sorted keys: concurrent writers on PostgreSQL lock shared rows in one order
    conn.execute(_upsert(conn, entities).on_conflict_do_nothing(), [entity_rows[k] for k in sorted(entity_rows)])
    if alias_rows:
        conn.execute(_upsert(conn, entity_aliases).on_conflict_do_nothing(),
                     [alias_rows[k] for k in sorted(alias_rows)])
    mention_ids = iter(reserve_ids(conn, mentions, sum(len(r.keys) for r, _ in pairs)))
    claim_ids = iter(reserve_ids(conn, claims, sum(len(r.claims) for r, _ in pairs)))
    rows: dict[Table, list[dict[str, Any]]] = {t: [] for t in (mentions, claims, claim_entities, attributions,
                                                                  affiliations)}
    for r, pk in pairs:
        ids = [next(mention_ids) for _ in r.keys]
        r.mention_ids(ids)
        rows[mentions] += [{"id": i, **m} for i, m in zip(ids, r.mentions(pk), strict=True)]
        cids = [next(claim_ids) for _ in r.claims]
        rows[claims] += [{"id": i, **c} for i, c in zip(cids, r.claim_rows(pk), strict=True)]
        rows[claim_entities] += r.role_rows(cids)
        rows[attributions] += r.attribution_rows(pk)
        rows[affiliations] += r.affiliation_rows(pk)
    # mentions and claims before the rows that point at them
    return sum(write_rows(conn, t, rows[t]) for t in (mentions, claims, claim_entities, attributions, affiliations))
