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
from claimgraph.query.graph import BadCursor, timeline_entries
from claimgraph.store import ClaimStore, Provenance
from claimgraph.store.schema import actor_claims, actor_pairs, denial_pairs
from pg import new_pg_database

from .corpus import CORPUS
from .reference import ReferenceGraph, routes_from_every_counterpart

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
        # page by page after each page's cursor, the same as the whole list
        pages, cursor = [], None
        while True:
            page = g.contradictions(actor=a, limit=2, cursor=cursor)
            assert page.total == whole.total and page.items == ref.contradictions(actor=a, limit=2,
                                                                                  cursor=cursor).items
            pages += page.items
            cursor = page.next_cursor
            if cursor is None:
                break
        assert pages == whole.items, a
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


def _same_pages(read, whole: list[int], total: int) -> None:
    """``read(limit, offset, cursor)`` (a page's claim row ids, its total and next cursor)
    gives ``whole`` page by page: by offset, and following the cursor."""
    for offset in range(0, len(whole) + 1, 2):
        pks, n, _ = read(2, offset, None)
        assert (pks, n) == (whole[offset:offset + 2], total), offset

    def page(cursor):
        pks, n, nxt = read(2, 0, cursor)
        assert n == total
        return pks, nxt

    assert _walk(page) == whole


def test_pair_timelines_are_those_of_the_claims(news_db):
    with Graph.open(news_db) as g, ReferenceGraph.open(news_db) as ref:
        pairs = _top_pairs(news_db, 12)
        assert len(pairs) == 12
        for a, b in pairs:
            whole = ref.timeline(a, b, limit=None)
            assert g.timeline(a, b, limit=None) == whole and whole.total >= 1
            assert g.timeline(b, a, limit=None).total == whole.total
            for by in ("refers", "published"):
                for order in ("oldest", "newest"):
                    ref_whole = ref.timeline(a, b, by=by, limit=None, order=order)
                    assert g.timeline(a, b, by=by, limit=None, order=order) == ref_whole, (a, b, by, order)

                    def read(limit, offset, cursor, a=a, b=b, by=by, order=order):
                        t = g.timeline(a, b, by=by, limit=limit, offset=offset, cursor=cursor, order=order)
                        return [e.claim.pk for e in t.entries], t.total, t.next_cursor

                    _same_pages(read, [e.claim.pk for e in ref_whole.entries], whole.total)
            for event in {e.claim.event for e in whole.entries}:
                assert g.timeline(a, b, event=event, limit=None) == ref.timeline(a, b, event=event, limit=None)
                assert g.timeline(a, b, event=event, limit=None, order="newest") == \
                    ref.timeline(a, b, event=event, limit=None, order="newest")


def test_newest_first_reverses_the_dated_and_keeps_the_undated_last(news_db):
    with Graph.open(news_db) as g:
        a, b = _top_pairs(news_db, 1)[0]
        for other in (None, b):
            oldest = g.timeline(a, other, by="published", limit=None).entries
            newest = g.timeline(a, other, by="published", limit=None, order="newest").entries
            dates = [e.date for e in newest]
            # some snippets have no publication date (one in seven)
            assert dates[0] is not None and (other is not None or None in dates)
            known = [d for d in dates if d is not None]
            assert known == sorted(known, reverse=True) and dates[len(known):] == [None] * (len(dates) - len(known))
            assert sorted(e.claim.pk for e in newest) == sorted(e.claim.pk for e in oldest)


def test_pages_of_an_actor_in_either_order(news_db):
    with Graph.open(news_db) as g, ReferenceGraph.open(news_db) as ref:
        # four actors of the busiest pairs with more than a page of five in each timeline
        named = list(dict.fromkeys(x for pair in _top_pairs(news_db, 10) for x in pair))
        busy = [a for a in named if all(len(ref.timeline(a, by=by, limit=None).entries) > 5
                                        for by in ("refers", "published"))][:4]
        assert len(busy) == 4
        for a in busy:
            for by in ("refers", "published"):
                for order in ("oldest", "newest"):
                    whole = ref.timeline(a, by=by, limit=None, order=order)
                    assert len(whole.entries) > 5
                    assert g.timeline(a, by=by, limit=None, order=order) == whole

                    def read(limit, offset, cursor, a=a, by=by, order=order):
                        t = g.timeline(a, by=by, limit=limit, offset=offset, cursor=cursor, order=order)
                        return [e.claim.pk for e in t.entries], t.total, t.next_cursor

                    _same_pages(read, [e.claim.pk for e in whole.entries], whole.total)
            # the claims of an actor with another filter, read in its order and checked row by row
            for order in ("oldest", "newest"):
                certain = [c.pk for c in (e.claim for e in ref.timeline(a, limit=None, order=order).entries)
                           if c.certainty == "certain"]
                assert certain

                def claims_page(limit, offset, cursor, a=a, order=order):
                    page = g.claims(ClaimFilter(involving=a, certainty="certain", limit=limit, offset=offset,
                                                cursor=cursor, order=order))
                    return [c.pk for c in page.claims], page.total, page.next_cursor

                _same_pages(claims_page, certain, len(certain))
        # without an actor named the page is sorted (by offset only), in either order
        event = g.timeline(a, limit=1).entries[0].claim.event
        for order in ("oldest", "newest"):
            every = timeline_entries(g.load(ref.all_claims(event)), "refers", order)
            assert len(every) > 5
            assert [c.pk for c in g.claims(ClaimFilter(event=event, order=order)).claims] == \
                [e.claim.pk for e in every]
        # a cursor of another list, or of no list, is refused with a reason
        cursor = g.timeline(a, limit=1).next_cursor
        assert cursor is not None
        for other in ({"by": "published"}, {"order": "newest"}):
            with pytest.raises(BadCursor, match="ordered by"):
                g.timeline(a, cursor=cursor, **other)
        with pytest.raises(BadCursor, match="ordered by"):
            g.timeline(a, b=_top_pairs(news_db, 1)[0][1], cursor=cursor)
        with pytest.raises(BadCursor, match="not a cursor"):
            g.timeline(a, cursor="%%%")
        with pytest.raises(BadCursor, match="named actor"):
            g.claims(ClaimFilter(certainty="certain", cursor=cursor))
        with pytest.raises(ValueError, match="unknown order 'latest'"):
            g.timeline(a, order="latest")


def _same_edge(edges, edge):
    return next(e for e in edges if (e.source.id, e.target.id, e.event, e.mutual) ==
                (edge.source.id, edge.target.id, edge.event, edge.mutual))


def test_evidence_in_each_order(news_db):
    with Graph.open(news_db) as g, ReferenceGraph.open(news_db) as ref:
        checked = 0
        for a, b in _top_pairs(news_db, 6):
            for edge in g.edges_between(a, b, evidence=0):
                claims = ref.edge_of(edge).claims
                assert len(claims) == edge.count
                for order in ("newest", "oldest"):
                    ranked = [e.claim.pk for e in timeline_entries(claims, "refers", order)]
                    for offset in range(0, edge.count + 1, 2):
                        shown = g.edges_between(a, b, event=edge.event, evidence=2, offset=offset, order=order)
                        same = _same_edge(shown, edge)
                        assert [c.pk for c in same.claims] == ranked[offset:offset + 2], (edge.event, order, offset)
                        checked += 1
                # the default stays: certain affirmed claims first
                strongest = _same_edge(g.edges_between(a, b, event=edge.event, evidence=edge.count), edge).claims
                assert [c.pk for c in strongest] == [c.pk for c in claims]
        assert checked > 20


def test_paths_follow_the_strongest_counterparts_as_reading_them_all_does(news_db):
    with Graph.open(news_db) as g:
        found_any = 0
        for a, b in _top_pairs(news_db, 5):
            # three intermediaries: the second and third are the next steps of an intermediary
            for via, fanout, max_degree in ((2, 1, 100), (2, 3, 100), (3, 1, 1000), (3, 2, 40), (3, 3, 1000),
                                            (2, 20, 6), (2, 20, 1000)):
                expected = routes_from_every_counterpart(g, a, b, via, fanout, max_degree)
                found = g.paths(a, b, via=via, fanout=fanout, max_degree=max_degree, limit=1000, evidence=0)
                assert sorted([x.id for x in p.actors] for p in found) == expected, (a, b, via, fanout, max_degree)
                found_any += len(expected)
        assert found_any > 10


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
