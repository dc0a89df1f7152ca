"""Edges and their strength.

An edge gathers the claims of one event type in which one actor acts on another.  Its
strength rises with independent corroboration and certainty and falls with hedging and
negation (docs/query.md gives the definition with examples)::

    sources       = publishers of the stories the affirmed claims appear in, each story
                    counted once: a near-duplicate copy counts as its first copy's publisher
    corroboration = 1 - 0.5 ** sources          (one source 0.5, two 0.75, three 0.875)
    certainty     = mean over affirmed claims of  certain 1.0, probable 0.6, possible 0.3
    negated       = share of the edge's claims that are negated
    score         = corroboration * certainty * (1 - negated)
"""

from __future__ import annotations

from collections.abc import Iterable

from claimgraph.model import Actor, Entity
from claimgraph.query.results import Edge, StoredClaim, Strength

CERTAINTY_WEIGHT = {"certain": 1.0, "probable": 0.6, "possible": 0.3}


def independent_sources(claims: Iterable[StoredClaim]) -> int:
    """Distinct publishers of the stories behind ``claims``: a story (a document and its
    near-duplicate copies) counts once, under the publisher of its first copy."""
    return len({c.story_publisher for c in {c.story: c for c in claims}.values()})


def strength(claims: list[StoredClaim]) -> Strength:
    affirmed = [c for c in claims if not c.negated]
    sources = independent_sources(affirmed)
    corroboration = 1 - 0.5 ** sources
    certainty = sum(CERTAINTY_WEIGHT.get(c.certainty, 0.3) for c in affirmed) / len(affirmed) if affirmed else 0.0
    negated = (len(claims) - len(affirmed)) / len(claims) if claims else 0.0
    return Strength(score=round(corroboration * certainty * (1 - negated), 3), sources=sources,
                    corroboration=round(corroboration, 3), certainty=round(certainty, 3),
                    negated=round(negated, 3))


def _actor(e: Entity) -> Actor:
    return Actor(e.id, e.name, e.type, e.country, e.sector)


def _order(claims: list[StoredClaim]) -> list[StoredClaim]:
    # evidence order: certain affirmed claims first, then the most recent report
    return sorted(claims, key=lambda c: (c.negated, -CERTAINTY_WEIGHT.get(c.certainty, 0.3),
                                         _neg_date(c.published), c.pk))


def _neg_date(date: str | None) -> str:
    return "".join(chr(0x10FFFF - ord(ch)) for ch in date) if date else "\U0010ffff"


def edge_of(source: Actor, target: Actor, event: str, mutual: bool, claims: list[StoredClaim]) -> Edge:
    claims = _order(claims)
    dates = sorted(c.published for c in claims if c.published)
    speakers: list[str] = []
    for c in claims:
        if c.speaker not in speakers:
            speakers.append(c.speaker)
    publishers: list[str] = []
    for c in claims:
        if c.publisher not in publishers:
            publishers.append(c.publisher)
    n = len(claims)
    return Edge(source=source, target=target, event=event, mutual=mutual, claims=claims,
                sources=independent_sources(claims), publishers=publishers,
                earliest=dates[0] if dates else None, latest=dates[-1] if dates else None,
                speakers=speakers, hedged_share=round(sum(c.hedged for c in claims) / n, 3),
                negated_share=round(sum(c.negated for c in claims) / n, 3), strength=strength(claims),
                count=n, documents=len({c.document for c in claims}))


def build_edges(claims: Iterable[StoredClaim], between: tuple[str, str] | None = None) -> list[Edge]:
    """The edges of ``claims``, strongest first: actor -> recipient for each pair, and a
    mutual edge between co-actors.  ``between`` keeps only the edges joining two actors."""
    groups: dict[tuple[str, str, str, bool], list[StoredClaim]] = {}
    actors: dict[str, Actor] = {}
    pair = set(between) if between else None
    for c in claims:
        pairs: set[tuple[str, str, bool]] = set()
        for a in c.actor:
            actors.setdefault(a.id, _actor(a))
            for r in c.recipient:
                actors.setdefault(r.id, _actor(r))
                if a.id != r.id:
                    pairs.add((a.id, r.id, False))
            for other in c.actor:
                if a.id < other.id:
                    pairs.add((a.id, other.id, True))
        for x, y, mutual in pairs:
            if pair is not None and {x, y} != pair:
                continue
            groups.setdefault((x, y, c.event, mutual), []).append(c)
    edges = [edge_of(actors[x], actors[y], event, mutual, cs) for (x, y, event, mutual), cs in groups.items()]
    edges.sort(key=lambda e: (-e.strength.score, -len(e.claims), e.event, e.source.id, e.target.id))
    return edges
