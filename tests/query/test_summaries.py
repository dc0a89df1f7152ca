"""Edge and actor summaries stay what the claims say: after ingest, after the same texts
are ingested again, and after documents are deleted (a first copy of a story included);
pages of evidence, timelines, claims and contradictions cover everything exactly once."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from claimgraph.query import ClaimFilter, Graph
from claimgraph.query.strength import build_edges
from claimgraph.store import ClaimStore, Provenance
from claimgraph.store.schema import (
    actor_claims,
    actor_months,
    actor_pairs,
    actor_publishers,
    actor_timeline,
    denial_pairs,
    denials,
    edge_claims,
    edge_reporters,
    edge_summaries,
    words,
)
from claimgraph.store.summaries import rebuild
from pg import new_pg_database

from .corpus import CORPUS, build_corpus_store

SUMMARY_TABLES = (edge_summaries, edge_claims, edge_reporters, actor_claims, actor_publishers, actor_pairs,
                  actor_timeline, actor_months, words, denials, denial_pairs)


def _tables(store: ClaimStore) -> dict[str, set[tuple]]:
    with store.engine.connect() as conn:
        return {t.name: {tuple(r) for r in conn.execute(select(t))} for t in SUMMARY_TABLES}


def _rebuilt(store: ClaimStore) -> dict[str, set[tuple]]:
    """The summaries computed from scratch, leaving the store as it was."""
    with store.engine.connect() as conn:
        tx = conn.begin()
        rebuild(conn)
        out = {t.name: {tuple(r) for r in conn.execute(select(t))} for t in SUMMARY_TABLES}
        tx.rollback()
    return out


def _edges_from_claims(g: Graph) -> dict[tuple, tuple]:
    """Every edge's figures computed from its claims, the way queries did before summaries."""
    return {(e.source.id, e.target.id, e.event, e.mutual): (
        e.count, e.documents, e.sources, e.strength, e.negated_share, e.hedged_share, e.earliest, e.latest,
        set(e.speakers), set(e.publishers)) for e in build_edges(g.iter_claims())}


def _edges_from_summaries(g: Graph) -> dict[tuple, tuple]:
    return {(e.source.id, e.target.id, e.event, e.mutual): (
        e.count, e.documents, e.sources, e.strength, e.negated_share, e.hedged_share, e.earliest, e.latest,
        set(e.speakers), set(e.publishers)) for e in g.edges(evidence=0)}


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_db(request, extractor, tmp_path) -> str:
    """The query corpus in a new database of its own (these tests change it)."""
    if request.param == "sqlite":
        db = str(tmp_path / "claims.db")
    else:
        db = new_pg_database(request.getfixturevalue("postgres_server"))
    return build_corpus_store(extractor, db)


def test_summaries_after_ingest_are_the_claims_figures(fresh_db):
    with ClaimStore.open(fresh_db) as store, Graph.open(fresh_db) as g:
        assert _tables(store) == _rebuilt(store)
        from_claims = _edges_from_claims(g)
        assert from_claims and _edges_from_summaries(g) == from_claims
        aid = from_claims[("iran", "al-qaeda", "AID", False)]
        # five claims from four independent sources, three of them for the affirmed claims
        assert aid[0] == 5 and aid[2] == 4 and aid[3].sources == 3


def test_ingesting_the_same_texts_again_changes_nothing(fresh_db, extractor):
    with ClaimStore.open(fresh_db) as store:
        before = _tables(store)
        run = store.start_run(["again"])
        for ex in extractor.extract_documents(CORPUS[:3]):
            assert store.add_extraction(ex, Provenance(source="again"), run) is None
        store.finish_run(run)
        assert _tables(store) == before


def test_deleting_documents_takes_their_claims_out(fresh_db):
    with ClaimStore.open(fresh_db) as store:
        # gulf-1 is the first copy of the court story; wire-copy becomes its first copy
        assert store.delete_document("gulf-1") == 1
        assert store.delete_document("hedge") == 1
        assert store.delete_document("no-such-document") == 0
        assert _tables(store) == _rebuilt(store)
        with Graph.open(fresh_db) as g:
            assert _edges_from_summaries(g) == _edges_from_claims(g)
            aid = next(e for e in g.links("Iran", "al-Qaeda").edges if e.event == "AID" and not e.mutual)
            # the court story (now only wire-copy), theledger; the denial is negated
            assert aid.count == 3 and aid.sources == 3 and aid.strength.sources == 2
            assert "hedge" not in {c.doc_id for c in aid.claims}
            assert (aid.earliest, aid.latest) == ("2020-01-15", "2021-03-04")
        # deleting every document leaves no summary behind
        for doc in CORPUS:
            store.delete_document(doc.id)
        assert all(not rows for rows in _tables(store).values())


def test_evidence_pages_cover_an_edge_once(graph):
    def aid(**kw):
        return next(e for e in graph.links("Iran", "al-Qaeda", **kw).edges if e.event == "AID")

    everything = [c.pk for c in aid(evidence=100).claims]
    assert len(everything) == 5 == aid(evidence=2).count
    pages = [[c.pk for c in aid(evidence=2, offset=o).claims] for o in (0, 2, 4)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sum(pages, []) == everything
    # certain affirmed claims first, newest first; the negated one last
    first = aid(evidence=100).claims
    assert first[0].doc_id == "wire-copy" and first[-1].doc_id == "denial"


def test_timeline_and_claim_pages(graph):
    whole = graph.timeline("Iran", "al-Qaeda", limit=None)
    assert whole.total == len(whole.entries) >= 6
    pages = [graph.timeline("Iran", "al-Qaeda", limit=2, offset=o) for o in range(0, whole.total, 2)]
    assert all(p.total == whole.total for p in pages)
    assert [e.claim.pk for p in pages for e in p.entries] == [e.claim.pk for e in whole.entries]
    claims = graph.claims(ClaimFilter(involving="Iran"))
    page = graph.claims(ClaimFilter(involving="Iran", limit=2, offset=1))
    assert page.total == claims.total == len(claims.claims)
    assert [c.pk for c in page.claims] == [c.pk for c in claims.claims][1:3]


def _in_date_order(found, by):
    def key(c):
        date = (c.refers_to or c.published) if by == "refers" else c.published
        return (date is None, date or "", c.published or "", c.pk)
    return [c.pk for c in sorted(found, key=key)]


def test_an_actors_pages_are_its_claims_in_date_order(graph):
    # read without an actor, the claims come from the claims table; with one, from actor_timeline
    every = list(graph.iter_claims())
    for name in ("Iran", "al-Qaeda", "IRGC", "Hezbollah"):
        who = graph.find(name).id
        for field, roles in (("actor", ("actor",)), ("recipient", ("recipient",)),
                             ("involving", ("actor", "recipient"))):
            mine = [c for c in every if any(e.id == who for role in roles for e in getattr(c, role))]
            for by in ("refers", "published"):
                expected = _in_date_order(mine, by)
                assert graph.claim_ids(ClaimFilter(**{field: name}), by) == expected, (name, field, by)
                page = graph.claim_ids(ClaimFilter(**{field: name}, limit=2, offset=1), by)
                assert page == expected[1:3]
            assert graph.count_claims(ClaimFilter(**{field: name})) == len(mine)
    iran = [c for c in every if any(e.id == "iran" for e in c.actor + c.recipient)]
    assert graph.timeline("Iran").total == len(iran) >= 5
    assert [e.claim.pk for e in graph.timeline("Iran", limit=3, offset=2).entries] == \
        _in_date_order(iran, "refers")[2:5]
    # filters beside the actor: read in the actor's order, the claims joined
    certain = [c for c in iran if c.certainty == "certain" and (c.refers_to or c.published or "") >= "2019"]
    f = ClaimFilter(involving="Iran", certainty="certain", since="2019")
    assert graph.claim_ids(f) == _in_date_order(certain, "refers") and graph.count_claims(f) == len(certain)
    aid = [c for c in iran if c.event == "AID" and any(e.id == "al-qaeda" for e in c.recipient)]
    f = ClaimFilter(involving="Iran", recipient="al-Qaeda", event="AID")
    assert graph.claim_ids(f) == _in_date_order(aid, "refers") and graph.count_claims(f) == len(aid) >= 4


def test_contradiction_pages(graph):
    everything = graph.contradictions(actor="Iran")
    assert everything.total == len(everything) == 2
    first = graph.contradictions(actor="Iran", limit=1)
    second = graph.contradictions(actor="Iran", limit=1, offset=1)
    assert first.total == second.total == 2
    assert [x.kind for x in first] + [x.kind for x in second] == ["negated", "denied"]
    negated = first.items[0]
    assert (negated.affirmed_count, negated.against_count) == (4, 1)
    assert len(graph.contradictions(actor="Iran", evidence=1).items[0].affirmed) == 1


def test_the_migration_builds_the_summaries_of_an_older_store(fresh_db):
    from alembic import command

    from claimgraph.store.migrations import alembic_config, current_revision

    with ClaimStore.open(fresh_db) as store:
        before = _tables(store)
        with store.engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0001")
        with store.engine.connect() as conn:
            assert current_revision(conn) == "0001"
    # opening the store migrates it, and migration 0002 computes the summaries from its claims
    with ClaimStore.open(fresh_db) as store:
        assert _tables(store) == before


def test_graph_exports_read_the_summaries(graph):
    def figures(edges):
        return {(e.source.id, e.target.id, e.event, e.mutual): (e.count, e.sources, e.strength) for e in edges}

    aid = ClaimFilter(event="AID")
    from_summaries = graph.edges(aid)
    assert figures(from_summaries) == figures(build_edges(graph.iter_claims(aid)))
    # each with the first page of its evidence only
    assert all(len(e.claims) == min(e.count, 5) for e in from_summaries)
    # a filter the summaries cannot answer (a date) is computed from the claims
    since = graph.edges(ClaimFilter(event="AID", since="2020"))
    assert figures(since) == figures(build_edges(graph.iter_claims(ClaimFilter(event="AID", since="2020"))))
    assert {k[:2] for k in figures(graph.edges(ClaimFilter(actor="IRGC")))} == {("irgc", "al-qaeda")}


def test_filtered_links_figure_edges_as_their_claims_do(graph):
    """Under filters the summaries cannot answer, an edge's figures (summed up in the
    database) equal those computed from the claims that pass, one by one."""
    def figures(edges):
        return {(e.source.id, e.target.id, e.event, e.mutual): (
            e.count, e.documents, e.sources, e.strength, e.negated_share, e.hedged_share, e.earliest, e.latest,
            set(e.speakers), set(e.publishers)) for e in edges}

    for a, b in (("iran", "al-qaeda"), ("irgc", "al-qaeda"), ("iran", "hezbollah")):
        for f in (ClaimFilter(certainty="certain"), ClaimFilter(since="2020"), ClaimFilter(until="2020-06"),
                  ClaimFilter(polarity="affirmed", event="AID"), ClaimFilter(publisher="theledger.example"),
                  ClaimFilter(review="all"), ClaimFilter(review="unreviewed")):
            found, truncated = graph.filtered_links(a, b, f, evidence=3)
            claims = graph.iter_claims(replace(f, involving=a))
            assert not truncated and figures(found.edges) == figures(build_edges(claims, between=(a, b))), (a, b, f)
    # the figures are not those of all the claims: the hedged claim is left out
    certain, _ = graph.filtered_links("iran", "al-qaeda", ClaimFilter(certainty="certain", event="AID"), evidence=0)
    assert [e.count for e in certain.edges] == [4]
