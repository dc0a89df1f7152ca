"""Contradictions and timelines read from summaries answer what the claims themselves say:
on real world-news snippets (``../shared``), every actor's contradictions and the timelines
of the pairs with most claims are compared with the reference that reads all the claims
(``reference.py``: the queries as they were before these summaries), whole and a page at a
time, by offset and by cursor; and after a document is deleted and a claim rejected.  The
query corpus (``corpus.py``) is stored with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from claimgraph.model import Document
from claimgraph.query import ClaimFilter, Graph
from claimgraph.query.graph import BadCursor
from claimgraph.store import ClaimStore, Provenance
from claimgraph.store.schema import actor_claims, actor_pairs, denial_pairs
from pg import new_pg_database

from .corpus import CORPUS
from .reference import ReferenceGraph

NEWS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "agnews-world" / "docs.jsonl"
pytestmark = pytest.mark.skipif(not NEWS.is_file(), reason=f"{NEWS} is not there (shared development material)")
DENIAL_WORDS = ("denie", "deny", "refut", "dismiss", "disown")


def _news(n: int) -> list[Document]:
    """The snippets that use a denial word, and the first others, up to ``n``."""
    records = [json.loads(line) for line in NEWS.read_text(encoding="utf-8").splitlines()]
    denying = [r for r in records if any(w in r["text"].lower() for w in DENIAL_WORDS)]
    rest = [r for r in records if r not in denying]
    chosen = denying + rest[:n - len(denying)]
    return [Document(r["id"], r["text"], published=f"2004-{1 + i % 12:02d}-{1 + i % 28:02d}" if i % 7 else None,
                     site=f"site{i % 9}.example") for i, r in enumerate(chosen)]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def news_db(request, extractor, tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("news") / "news.db") if request.param == "sqlite" else \
        new_pg_database(request.getfixturevalue("postgres_server"))
    with ClaimStore.open(db) as store:
        run = store.start_run(["news"])
        # the query corpus adds claims both affirmed and negated, rare among snippets
        for ex in extractor.extract_documents(_news(300) + CORPUS):
            store.add_extraction(ex, Provenance(source=f"news:{ex.document.id}"), run)
        store.finish_run(run)
    return db


def _actors(db: str) -> list[str]:
    with ClaimStore.open(db) as store, store.engine.connect() as conn:
        return sorted(set(conn.execute(select(actor_claims.c.entity_id)
                                       .where(actor_claims.c.role.in_(("actor", "recipient")))).scalars()))


def _top_pairs(db: str, n: int) -> list[tuple[str, str]]:
    p = actor_pairs.c
    with ClaimStore.open(db) as store, store.engine.connect() as conn:
        rows = conn.execute(select(p.entity_id, p.other_id).where(p.direction == "both", p.entity_id < p.other_id)
                            .order_by(p.claims.desc(), p.entity_id, p.other_id).limit(n)).all()
    return [(a, b) for a, b in rows]


def _same_contradictions(g: Graph, ref: ReferenceGraph, actors: list[str]) -> int:
    """Compares every actor's contradictions, whole and by pages of two; the number found."""
    found = 0
    assert g.contradictions(limit=None) == ref.contradictions(limit=None)
    for a in actors:
        whole = g.contradictions(actor=a, limit=None)
        assert whole == ref.contradictions(actor=a, limit=None), a
        found += len(whole)
        for offset in range(0, whole.total, 2):
            assert g.contradictions(actor=a, limit=2, offset=offset) == \
                ref.contradictions(actor=a, limit=2, offset=offset), (a, offset)
    return found


def test_contradictions_are_those_of_the_claims(news_db):
    with Graph.open(news_db) as g, ReferenceGraph.open(news_db) as ref:
        actors = _actors(news_db)
        assert len(actors) > 50
        assert _same_contradictions(g, ref, actors) > 0
        # both kinds occur in these snippets
        kinds = {x.kind for x in g.contradictions(limit=None)}
        with g.engine.connect() as conn:
            denials = conn.execute(select(denial_pairs)).all()
        assert kinds == {"negated", "denied"} and denials
        # with the other actor named too, and with an event type
        for x in g.contradictions(limit=None):
            assert g.contradictions(x.actor.id, x.recipient.id, limit=None) == \
                ref.contradictions(x.actor.id, x.recipient.id, limit=None)
            if x.event:
                assert g.contradictions(x.actor.id, event=x.event, limit=None) == \
                    ref.contradictions(x.actor.id, event=x.event, limit=None)


def _walk(read) -> list[int]:
    """Every claim of a list read page by page, following ``next_cursor``."""
    out, cursor = [], None
    while True:
        page = read(cursor)
        out += page[0]
        cursor = page[1]
        if cursor is None:
            return out


def _shown(t) -> tuple:
    return t.entries, t.total, t.offset


def test_pair_timelines_are_those_of_the_claims(news_db):
    with Graph.open(news_db) as g, ReferenceGraph.open(news_db) as ref:
        pairs = _top_pairs(news_db, 12)
        assert len(pairs) == 12
        for a, b in pairs:
            whole = ref.timeline(a, b, limit=None)
            assert g.timeline(a, b, limit=None) == whole and whole.total >= 1
            assert g.timeline(b, a, limit=None).total == whole.total
            pks = [e.claim.pk for e in whole.entries]
            for offset in range(0, len(pks), 2):
                assert _shown(g.timeline(a, b, limit=2, offset=offset)) == \
                    _shown(ref.timeline(a, b, limit=2, offset=offset))

            def page(cursor, a=a, b=b, total=whole.total):
                t = g.timeline(a, b, limit=2, cursor=cursor)
                assert t.total == total
                return [e.claim.pk for e in t.entries], t.next_cursor

            assert _walk(page) == pks
            by_pub = ref.timeline(a, b, by="published", limit=None)
            assert g.timeline(a, b, by="published", limit=None) == by_pub
            for event in {e.claim.event for e in whole.entries}:
                assert g.timeline(a, b, event=event, limit=None) == ref.timeline(a, b, event=event, limit=None)


def test_cursor_pages_of_an_actor(news_db):
    with Graph.open(news_db) as g:
        a = _top_pairs(news_db, 1)[0][0]
        for by in ("refers", "published"):
            whole = [e.claim.pk for e in g.timeline(a, by=by, limit=None).entries]
            assert len(whole) > 5

            def page(cursor, by=by):
                t = g.timeline(a, by=by, limit=3, cursor=cursor)
                return [e.claim.pk for e in t.entries], t.next_cursor

            assert _walk(page) == whole
        f = ClaimFilter(involving=a, certainty="certain")
        certain = g.claim_ids(f)

        def claims_page(cursor):
            page = g.claims(ClaimFilter(involving=a, certainty="certain", limit=2, cursor=cursor))
            assert page.total == len(certain)
            return [c.pk for c in page.claims], page.next_cursor

        assert _walk(claims_page) == certain
        # a cursor of another list, or of no list, is refused with a reason
        cursor = g.timeline(a, limit=1).next_cursor
        assert cursor is not None
        with pytest.raises(BadCursor, match="ordered by"):
            g.timeline(a, by="published", cursor=cursor)
        with pytest.raises(BadCursor, match="not a cursor"):
            g.timeline(a, cursor="%%%")
        with pytest.raises(BadCursor, match="named actor"):
            g.claims(ClaimFilter(certainty="certain", cursor=cursor))


def test_after_a_deletion_and_a_rejection(news_db, tmp_path):
    if not news_db.startswith("postgresql"):
        import shutil

        copy = str(tmp_path / "copy.db")
        shutil.copy(news_db, copy)
        news_db = copy
    with ClaimStore.open(news_db) as store, Graph.open(news_db) as g:
        denied = next(x for x in g.contradictions(limit=None) if x.kind == "denied")
        # the first document with a denial of that pair goes, and an affirmed claim of it is rejected
        doc = (denied.against[0] if denied.against else denied.affirmed[0]).doc_id
        store.delete_document(doc)
        rejected = next((x for x in g.contradictions(limit=None) if x.kind == "negated"), None)
        if rejected is not None:
            store.review(rejected.affirmed[0].pk, "rejected", "tester")
    with Graph.open(news_db) as g, ReferenceGraph.open(news_db) as ref:
        _same_contradictions(g, ref, _actors(news_db))
        for a, b in _top_pairs(news_db, 5):
            assert g.timeline(a, b, limit=None) == ref.timeline(a, b, limit=None)
