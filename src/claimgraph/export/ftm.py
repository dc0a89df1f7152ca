"""The graph as FollowTheMoney entities (the data model of Aleph and OpenSanctions),
built and validated by the ``followthemoney`` library.

Actors become Person, PublicBody (states and government bodies) or Organization;
each document behind an edge an Article (title, publisher, date, URL); each edge an
UnknownLink from the acting actor to the other whose ``role`` is the event type, whose
``summary`` is the strength and its parts, whose ``description`` holds the evidence
sentences and whose ``proof`` points at the Articles; an affiliation of a person becomes
a Membership.  Entity ids are stable: the same store gives the same ids."""

from __future__ import annotations

import json
from collections.abc import Iterable
from hashlib import sha1
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from followthemoney import model
from followthemoney.proxy import EntityProxy

from claimgraph.model import Actor
from claimgraph.query.results import Edge, StoredClaim

if TYPE_CHECKING:
    from claimgraph.query.graph import Graph

EVIDENCE_PER_EDGE = 10


def _id(*parts: str) -> str:
    return "cg-" + sha1("|".join(parts).encode("utf-8")).hexdigest()[:20]


def schema_of(a: Actor) -> str:
    if a.type == "person":
        return "Person"
    if a.type == "state" or a.sector == "GOV":
        return "PublicBody"
    if a.type == "location":
        return "Address"
    return "Organization"


def actor_entity(a: Actor, aliases: Iterable[str] = ()) -> EntityProxy:
    e = model.make_entity(schema_of(a))
    e.id = _id("actor", a.id)
    e.add("name", a.name)
    if a.type != "location":
        e.add("alias", [x for x in aliases if x != a.name])
        if a.sector:
            e.add("classification", a.sector)
    if a.country:
        e.add("country", a.country)
    return e


def article_entity(c: StoredClaim) -> EntityProxy:
    e = model.make_entity("Article")
    e.id = _id("document", str(c.document))
    e.add("title", c.title or c.doc_id)
    e.add("publisher", c.publisher)
    if c.published:
        e.add("publishedAt", c.published[:10])
    if c.url:
        e.add("sourceUrl", c.url)
    return e


def edge_entity(e: Edge, articles: list[EntityProxy]) -> EntityProxy:
    link = model.make_entity("UnknownLink")
    link.id = _id("edge", e.source.id, e.target.id, e.event, str(e.mutual))
    link.add("subject", _id("actor", e.source.id))
    link.add("object", _id("actor", e.target.id))
    link.add("role", e.event + (" (mutual)" if e.mutual else ""))
    s = e.strength
    link.add("summary", f"{e.count} claims, {s.sources} independent sources, strength {s.score} "
                        f"(corroboration {s.corroboration}, certainty {s.certainty}, negated {s.negated})")
    link.add("description", "\n".join(
        f"{c.evidence.text} [{c.doc_id} {c.evidence.start}-{c.evidence.end}; {c.publisher}; "
        f"{c.polarity}, {c.certainty}; according to {c.speaker}]" for c in e.claims[:EVIDENCE_PER_EDGE]))
    if e.earliest:
        link.add("startDate", e.earliest[:10])
    if e.latest:
        link.add("endDate", e.latest[:10])
    link.add("publisher", e.publishers)
    link.add("sourceUrl", [c.url for c in e.claims if c.url])
    link.add("proof", [a.id for a in articles])
    return link


def ftm_entities(edges: Iterable[Edge], graph: Graph | None = None) -> list[EntityProxy]:
    """Actors, articles, links (and, with ``graph``, the affiliations of the actors),
    each validated against its FollowTheMoney schema."""
    actors: dict[str, Actor] = {}
    articles: dict[str, EntityProxy] = {}
    out: list[EntityProxy] = []
    for e in edges:
        actors.setdefault(e.source.id, e.source)
        actors.setdefault(e.target.id, e.target)
        proofs = []
        for c in e.claims:
            art = article_entity(c)
            articles.setdefault(str(art.id), art)
            proofs.append(articles[str(art.id)])
        out.append(edge_entity(e, list({str(p.id): p for p in proofs}.values())))
    memberships: list[EntityProxy] = []
    if graph is not None:
        seen: set[str] = set()
        for actor_id in list(actors):
            for aff in graph.actor(actor_id, top=0).affiliations:
                m = model.make_entity("Membership")
                m.id = _id("membership", aff.person.id, aff.organization.id, aff.role)
                if m.id in seen:
                    continue
                seen.add(str(m.id))
                actors.setdefault(aff.person.id, aff.person)
                actors.setdefault(aff.organization.id, aff.organization)
                m.add("member", _id("actor", aff.person.id))
                m.add("organization", _id("actor", aff.organization.id))
                m.add("role", f"former {aff.role}" if aff.former else aff.role)
                m.add("description", aff.evidence)
                memberships.append(m)
    aliases = graph.actors.all_aliases if graph is not None else (lambda _i: [])
    entities = [actor_entity(a, aliases(a.id)) for a in actors.values()]
    # Membership needs a LegalEntity member and an Organization: skip those whose ends are not
    entities_by_id = {str(x.id): x for x in entities}
    for m in memberships:
        org = entities_by_id.get(m.first("organization") or "")
        member = entities_by_id.get(m.first("member") or "")
        if org is not None and member is not None and org.schema.is_a("Organization"):
            out.append(m)
    result = entities + list(articles.values()) + out
    for x in result:
        validate(x)
    return result


def validate(entity: EntityProxy) -> None:
    """Raises ``followthemoney.exc.InvalidData`` when ``entity`` breaks its schema."""
    entity.schema.validate(cast(Any, entity.to_dict()))


def write_ftm(entities: Iterable[EntityProxy], path: str | Path) -> int:
    """Entities as JSON lines, the format of ``ftm`` tools and Aleph imports."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for e in entities:
            fh.write(json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n


def read_ftm(path: str | Path) -> list[Any]:
    """Entities read back from a JSON lines file (for checks and tests)."""
    with open(path, encoding="utf-8") as fh:
        return [model.get_proxy(json.loads(line)) for line in fh if line.strip()]
