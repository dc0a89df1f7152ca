"""The claim store: documents and everything extracted from them, in SQLite (a file, the
default) or PostgreSQL, behind one class, ``ClaimStore``.  ``schema`` declares the tables
(docs/schema.md describes them), ``migrations`` keeps a database in step with the schema,
``near_duplicates`` finds copies of one story, ``stats`` counts what is stored."""

from __future__ import annotations

from claimgraph.store.claim_store import (
    DEFAULT_DB,
    ClaimStore,
    Provenance,
    StoredDocument,
    StoreError,
    database_url,
)
from claimgraph.store.reviews import ReviewError

__all__ = ["ClaimStore", "DEFAULT_DB", "Provenance", "ReviewError", "StoreError", "StoredDocument", "database_url"]
