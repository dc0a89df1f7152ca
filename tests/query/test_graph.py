"""Queries over a store built from real text: links, direction, corroboration with a
near-duplicate copy, strength, paths and their caps, aliases, suggestions, profiles,
timelines, claim filters and contradictions."""

from __future__ import annotations

import pytest

from claimgraph.query import ClaimFilter, UnknownActor

from .reference import routes_from_every_counterpart


def _edge(edges, source, target, event):
    found = [e for e in edges if e.source.id == source and e.target.id == target and e.event == event]
    assert len(found) == 1, [(e.source.id, e.target.id, e.event) for e in edges]
    return found[0]


def test_lookup_by_any_alias_case_and_accent_insensitive(graph):
    assert graph.find("Iran").id == "iran"
    assert graph.find("tehran").id == "iran"
    assert graph.find("AL QAIDA").id == "al-qaeda"
    assert graph.find("al-Qáeda").id == "al-qaeda"
    assert graph.find("Revolutionary Guards").id == "irgc"
    assert graph.find("IRGC").id == "irgc"


def test_unknown_names_get_suggestions(graph):
    with pytest.raises(UnknownActor) as err:
        graph.find("Hizbolah")
    assert err.value.suggestions[0] == "Hezbollah"
    assert "did you mean" in str(err.value)
    with pytest.raises(UnknownActor) as err:
        graph.find("Irann")
    assert "Iran" in err.value.suggestions


def test_links_group_claims_by_event_and_direction(graph):
    links = graph.links("Iran", "al-Qaeda")
    aid = _edge(links.edges, "iran", "al-qaeda", "AID")
    assert sorted(c.doc_id for c in aid.claims) == ["denial", "gulf-1", "hedge", "ledger-2", "wire-copy"]
    assert "court" in aid.speakers and "analysts" in aid.speakers and "the investigators" in aid.speakers
    assert aid.negated_share == pytest.approx(0.2)
    assert aid.hedged_share == pytest.approx(0.2)
    assert (aid.earliest, aid.latest) == ("2018-05-01", "2021-03-04")
    evidence = {c.doc_id: c.evidence for c in aid.claims}["ledger-2"]
    assert evidence.text == "Iran funded al-Qaeda for a decade, the investigators said."
    assert all(e.source.id == "iran" for e in links.edges)


def test_direction(graph):
    # AID, and the denied links (a COOPERATE claim, negated), both from Iran to al-Qaeda
    assert sorted(e.event for e in graph.links("Iran", "al-Qaeda", direction="out").edges) == ["AID", "COOPERATE"]
    assert graph.links("Iran", "al-Qaeda", direction="in").edges == []
    reverse = graph.links("al-Qaeda", "Iran", direction="in")
    assert {(e.source.id, e.target.id) for e in reverse.edges} == {("iran", "al-qaeda")}


def test_near_duplicate_copy_counts_once_and_publisher_once(graph):
    aid = _edge(graph.links("Iran", "al-Qaeda").edges, "iran", "al-qaeda", "AID")
    # affirmed: the court story (two sites, one story), theledger, analysis.example
    assert aid.strength.sources == 3
    assert aid.strength.corroboration == pytest.approx(0.875)
    # the copy is on another site, but it is the same story
    assert {"gulfdispatch.example", "coastalherald.example"} <= set(aid.publishers)
    irgc = _edge(graph.links("IRGC", "al-Qaeda").edges, "irgc", "al-qaeda", "AID")
    assert irgc.strength.sources == 2  # gulfdispatch and theledger


def test_strength_parts(graph):
    aid = _edge(graph.links("Iran", "al-Qaeda").edges, "iran", "al-qaeda", "AID")
    s = aid.strength
    # certain 1.0 x 3 and possible 0.3 over four affirmed claims
    assert s.certainty == pytest.approx((1 + 1 + 1 + 0.3) / 4)
    assert s.negated == pytest.approx(0.2)
    assert s.score == pytest.approx(round(0.875 * s.certainty * 0.8, 3))
    single = _edge(graph.links("Iran", "Hezbollah").edges, "iran", "hezbollah", "AID")
    assert single.strength.score == pytest.approx(0.5)  # one source, certain
    assert s.score > single.strength.score


def test_paths_through_intermediaries(graph):
    links = graph.links("Iran", "al-Qaeda", via=2)
    routes = [[a.id for a in p.actors] for p in links.paths]
    assert ["iran", "hezbollah", "al-qaeda"] in routes
    assert ["iran", "irgc", "al-qaeda"] in routes
    via_irgc = links.paths[routes.index(["iran", "irgc", "al-qaeda"])]
    assert via_irgc.hops[0].relation == "includes"
    assert via_irgc.hops[1].edges[0].event == "AID"
    via_hezbollah = links.paths[routes.index(["iran", "hezbollah", "al-qaeda"])]
    assert [h.edges[0].claims[0].doc_id for h in via_hezbollah.hops] == ["hezbollah", "hezbollah"]


def test_path_caps(graph):
    assert len(graph.links("Iran", "al-Qaeda", via=2, limit=1).paths) == 1
    # a fan-out of one follows only one of Iran's counterparts (three tie with one claim)
    assert len(graph.paths("Iran", "al-Qaeda", via=2, fanout=1)) <= 1
    assert len(graph.paths("Iran", "al-Qaeda", via=2, fanout=20)) == 2
    # hubs with more counterparts than max_degree are never intermediaries
    assert graph.paths("Iran", "al-Qaeda", via=2, max_degree=1) == []
    assert graph.links("Iran", "al-Qaeda", via=0).paths == []


@pytest.mark.parametrize("a, b", [("Iran", "al-Qaeda"), ("al-Qaeda", "Iran"), ("IRGC", "Hezbollah"),
                                  ("Hezbollah", "Iran")])
def test_bounded_path_search_finds_what_reading_everything_finds(graph, a, b):
    for via, fanout, max_degree in ((1, 20, 100), (2, 20, 100), (2, 1, 100), (3, 2, 3), (2, 20, 1)):
        expected = routes_from_every_counterpart(graph, a, b, via, fanout, max_degree)
        found = graph.paths(a, b, via=via, fanout=fanout, max_degree=max_degree, limit=100, evidence=0)
        assert sorted([x.id for x in p.actors] for p in found) == expected, (via, fanout, max_degree)


def test_actor_profile(graph):
    p = graph.actor("Revolutionary Guards")
    assert p.actor.id == "irgc" and p.actor.country == "IRN" and p.actor.sector == "MIL"
    assert "IRGC" in p.aliases
    [aff] = p.affiliations
    assert (aff.person.id, aff.role, aff.former) == ("said-qasemi", "spokesman", True)
    assert p.claims_out == {"AID": 2}
    assert p.counterparts[0][0].id == "al-qaeda"
    iran = graph.actor("Iran")
    assert iran.claims_out["AID"] >= 6


def test_claim_filters(graph):
    found = graph.claims(ClaimFilter(event="AID", actor="Iran", since="2019", certainty="certain")).claims
    # the court stories refer to 2010; the denial and ledger-2 name no date and were published later
    assert sorted(c.doc_id for c in found) == ["denial", "ledger-2"]
    negated = graph.claims(polarity="negated").claims
    # "did not fund" and "has always denied any links": both claims of the denial are negated
    assert sorted((c.doc_id, c.event) for c in negated) == [("denial", "AID"), ("denial", "COOPERATE")]
    rec = next(c for c in negated if c.event == "AID").to_record()
    assert rec["kind"] == "claim" and rec["polarity"] == "negated" and rec["actor"][0]["id"] == "iran"
    assert rec["evidence"]["text"] == "Iran did not fund al-Qaeda, the Iranian foreign ministry said."
    df = graph.claims(involving="Hezbollah").to_pandas()
    assert len(df) == 2


def test_timeline(graph):
    t = graph.timeline("Iran", "al-Qaeda")
    dates = [(e.date, e.dated_by, e.claim.doc_id) for e in t.entries]
    assert dates[0][:2] == ("2010-01-01", "refers")
    assert [d for d in dates if d[2] == "hedge"] == [("2018-05-01", "published", "hedge")]
    by_pub = graph.timeline("Iran", "al-Qaeda", by="published")
    assert [e.claim.doc_id for e in by_pub.entries][:2] == ["hedge", "ledger-2"]


def test_contradictions(graph):
    found = graph.contradictions(actor="Tehran")
    kinds = {(c.kind, c.actor.id, c.recipient.id, c.event) for c in found}
    assert ("negated", "iran", "al-qaeda", "AID") in kinds
    assert ("denied", "iran", "al-qaeda", None) in kinds
    negated = next(c for c in found if c.kind == "negated")
    assert [c.doc_id for c in negated.against] == ["denial"]
    assert "hedge" in {c.doc_id for c in negated.affirmed}
    denied = next(c for c in found if c.kind == "denied")
    assert denied.denials[0].speaker.id == "iran" and "denied" in denied.denials[0].cue.text
    # the denial's own sentence is not contradicted by it
    assert all(c.doc_id != "denial" for c in denied.affirmed)
    assert graph.contradictions(actor="Hezbollah") == []
