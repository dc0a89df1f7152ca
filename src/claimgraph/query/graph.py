"""``Graph``: read queries over the claim store.

Actors are nodes; an edge gathers the claims of one event type in which one actor acts
on another (``strength`` defines edges and their score).  Every query reads the tables
of ``store/schema.py`` with SQLAlchemy Core, on SQLite or PostgreSQL, and returns the
typed results of ``results``::

    with Graph.open("claims.db") as g:
        links = g.links("Iran", "al-Qaeda", via=2)
        links.to_pandas()
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlalchemy import Engine, Select, and_, distinct, func, or_, select

from claimgraph.model import Actor, Entity, Span, TimeRef
from claimgraph.query.actors import ActorIndex
from claimgraph.query.results import (
    AffiliationView,
    ClaimList,
    Contradiction,
    Denial,
    Edge,
    Hop,
    Links,
    Path,
    Profile,
    StoredClaim,
    Timeline,
    TimelineEntry,
)
from claimgraph.query.strength import build_edges
from claimgraph.resolve.gazetteer import Gazetteer
from claimgraph.store.schema import (
    affiliations,
    attributions,
    claim_entities,
    claims,
    documents,
    mentions,
)

ROLES = ("actor", "recipient")
DIRECTIONS = ("both", "out", "in")
MAX_VIA = 3
# how far (in characters) from a denial's cue the denied party may be named
DENIAL_WINDOW = 250
_CHUNK = 500


@lru_cache(maxsize=1)
def denial_stems() -> tuple[str, ...]:
    text = (resources.files("claimgraph.query") / "denials.yaml").read_text(encoding="utf-8")
    return tuple(yaml.safe_load(text)["stems"])


def publisher_of(site: str | None, url: str | None, doc_id: str) -> str:
    """Who published a document: its site, else its URL's host, else its id."""
    if site:
        return site
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return doc_id


def _upper_date(until: str) -> str:
    # "2018" and "2018-06" are inclusive upper bounds: "~" sorts after any date or time
    return until + "~"


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims: every field left None matches all.  ``actor`` and ``recipient``
    match the role, ``involving`` either role; ``since`` and ``until`` (YYYY, YYYY-MM or
    YYYY-MM-DD, inclusive) compare the date a claim refers to, or its publication date."""

    event: str | None = None
    actor: str | None = None
    recipient: str | None = None
    involving: str | None = None
    since: str | None = None
    until: str | None = None
    certainty: str | None = None
    polarity: str | None = None
    mode: str | None = None
    publisher: str | None = None
    limit: int | None = None


class Graph:
    """The evidence graph of one claim store (SQLite file or PostgreSQL URL)."""

    def __init__(self, engine: Engine, gazetteer: Gazetteer | None = None, owns_engine: bool = False) -> None:
        self.engine = engine
        self._gazetteer = gazetteer
        self._actors: ActorIndex | None = None
        self._owns_engine = owns_engine
        self._children: dict[str, list[str]] | None = None

    @classmethod
    def open(cls, db: str, gazetteer: Gazetteer | None = None) -> Graph:
        """The graph of the store at ``db`` (created or migrated like ``ClaimStore.open``)."""
        from claimgraph.store import ClaimStore

        return cls(ClaimStore.open(db).engine, gazetteer, owns_engine=True)

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ actors
    @property
    def actors(self) -> ActorIndex:
        if self._actors is None:
            with self.engine.connect() as conn:
                self._actors = ActorIndex(conn, self._gazetteer)
        return self._actors

    def find(self, name: str | Actor) -> Actor:
        """The actor called ``name`` by any alias; raises ``UnknownActor`` with suggestions."""
        return name if isinstance(name, Actor) else self.actors.find(name)

    # ------------------------------------------------------------------ loading claims
    def load(self, pks: Iterable[int]) -> list[StoredClaim]:
        """The stored claims with these row ids, in the order given."""
        order = list(dict.fromkeys(pks))
        found: dict[int, StoredClaim] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(order), _CHUNK):
                found.update(self._load_chunk(conn, order[i:i + _CHUNK]))
        return [found[pk] for pk in order if pk in found]

    def _load_chunk(self, conn: Any, pks: list[int]) -> dict[int, StoredClaim]:
        roles: dict[int, dict[str, list[Entity]]] = defaultdict(lambda: defaultdict(list))
        for row in conn.execute(
                select(claim_entities.c.claim_id, claim_entities.c.role, mentions.c.text, mentions.c.start,
                       mentions.c.end, mentions.c.type, mentions.c.entity_id)
                .join(mentions, mentions.c.id == claim_entities.c.mention_id)
                .where(claim_entities.c.claim_id.in_(pks))
                .order_by(claim_entities.c.claim_id, claim_entities.c.role, claim_entities.c.position)):
            a = self.actors.actor(row.entity_id)
            roles[row.claim_id][row.role].append(
                Entity(row.text, row.start, row.end, a.id, a.name, row.type, a.country, a.sector))
        root = documents.alias("root")
        c, d = claims.c, documents.c
        evidence = func.substr(d.text, c.evidence_start + 1, c.evidence_end - c.evidence_start)
        out: dict[int, StoredClaim] = {}
        for r in conn.execute(
                select(c.id, c.claim_id, c.document_id, c.event, c.mode, c.context, c.polarity, c.certainty,
                       c.tense, c.confidence, c.trigger_text, c.trigger_start, c.trigger_end, c.evidence_start,
                       c.evidence_end, c.cue_text, c.cue_start, c.cue_end, c.time_text, c.time_start, c.time_end,
                       c.time_offset_start, c.time_offset_end, evidence.label("evidence"), d.doc_id, d.site, d.url,
                       d.published, d.title, d.near_duplicate_of, root.c.site.label("root_site"),
                       root.c.url.label("root_url"), root.c.doc_id.label("root_doc_id"))
                .join(documents, d.id == c.document_id)
                .outerjoin(root, root.c.id == d.near_duplicate_of)
                .where(c.id.in_(pks))):
            r_roles = roles.get(r.id, {})
            source = r_roles.get("source", [])
            publisher = publisher_of(r.site, r.url, r.doc_id)
            out[r.id] = StoredClaim(
                pk=r.id, claim_id=r.claim_id, doc_id=r.doc_id, document=r.document_id, event=r.event,
                mode=r.mode, context=list(r.context or []), actor=list(r_roles.get("actor", [])),
                recipient=list(r_roles.get("recipient", [])),
                location=r_roles["location"][0] if r_roles.get("location") else None,
                source=source[0] if source else None,
                cue=Span(r.cue_text, r.cue_start, r.cue_end) if r.cue_text is not None else None,
                polarity=r.polarity, certainty=r.certainty, tense=r.tense,
                time=TimeRef(r.time_text, r.time_start, r.time_end, r.time_offset_start, r.time_offset_end)
                if r.time_text is not None else None,
                trigger=Span(r.trigger_text, r.trigger_start, r.trigger_end),
                evidence=Span(r.evidence, r.evidence_start, r.evidence_end), confidence=r.confidence,
                publisher=publisher, published=r.published, url=r.url, title=r.title,
                story=r.near_duplicate_of if r.near_duplicate_of is not None else r.document_id,
                story_publisher=publisher_of(r.root_site, r.root_url, r.root_doc_id)
                if r.near_duplicate_of is not None else publisher)
        return out

    # ------------------------------------------------------------------ links
    def _pair_query(self, a: str, b: str) -> Select[Any]:
        """Row ids of claims in which ``a`` and ``b`` take part as actor and recipient (either
        way) or as two actors."""
        ce1, ce2 = claim_entities.alias("ce1"), claim_entities.alias("ce2")
        m1, m2 = mentions.alias("m1"), mentions.alias("m2")
        return (select(ce1.c.claim_id).distinct()
                .select_from(m1.join(ce1, ce1.c.mention_id == m1.c.id)
                             .join(ce2, ce2.c.claim_id == ce1.c.claim_id)
                             .join(m2, m2.c.id == ce2.c.mention_id))
                .where(m1.c.entity_id == a, m2.c.entity_id == b, ce1.c.role.in_(ROLES), ce2.c.role.in_(ROLES),
                       or_(ce1.c.role == "actor", ce2.c.role == "actor")))

    def edges_between(self, a: str | Actor, b: str | Actor, direction: str = "both",
                      event: str | None = None) -> list[Edge]:
        """The edges joining two actors, strongest first.  ``direction``: ``out`` keeps
        ``a`` acting on ``b``, ``in`` the reverse, ``both`` all (mutual edges too)."""
        x, y = self.find(a), self.find(b)
        with self.engine.connect() as conn:
            pks = list(conn.execute(self._pair_query(x.id, y.id)).scalars())
        found = self.load(pks)
        if event:
            found = [c for c in found if c.event == event]
        edges = build_edges(found, between=(x.id, y.id))
        if direction == "out":
            edges = [e for e in edges if e.source.id == x.id and not e.mutual]
        elif direction == "in":
            edges = [e for e in edges if e.source.id == y.id and not e.mutual]
        return edges

    def links(self, a: str | Actor, b: str | Actor, via: int = 0, direction: str = "both",
              event: str | None = None, fanout: int = 20, max_degree: int = 100, limit: int = 10) -> Links:
        """What links ``a`` and ``b``: their direct edges, strongest first, and with
        ``via`` > 0 paths through up to ``via`` intermediaries (see ``paths``)."""
        x, y = self.find(a), self.find(b)
        edges = self.edges_between(x, y, direction, event)
        paths = self.paths(x, y, via, direction, event, fanout, max_degree, limit) if via > 0 else []
        return Links(x, y, edges, paths)

    def neighbours(self, ids: Sequence[str], direction: str = "both") -> dict[str, Counter[str]]:
        """For each actor of ``ids``, its counterparts with the number of claims they share:
        ``out`` counts the actors it acts on, ``in`` those acting on it, ``both`` all."""
        ce1, ce2 = claim_entities.alias("ce1"), claim_entities.alias("ce2")
        m1, m2 = mentions.alias("m1"), mentions.alias("m2")
        if direction == "out":
            roles = and_(ce1.c.role == "actor", ce2.c.role == "recipient")
        elif direction == "in":
            roles = and_(ce1.c.role == "recipient", ce2.c.role == "actor")
        else:
            roles = and_(ce1.c.role.in_(ROLES), ce2.c.role.in_(ROLES), or_(ce1.c.role == "actor",
                                                                          ce2.c.role == "actor"))
        out: dict[str, Counter[str]] = {i: Counter() for i in ids}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), _CHUNK):
                chunk = list(ids[i:i + _CHUNK])
                for x, y, n in conn.execute(
                        select(m1.c.entity_id, m2.c.entity_id, func.count(distinct(ce1.c.claim_id)))
                        .select_from(m1.join(ce1, ce1.c.mention_id == m1.c.id)
                                     .join(ce2, ce2.c.claim_id == ce1.c.claim_id)
                                     .join(m2, m2.c.id == ce2.c.mention_id))
                        .where(m1.c.entity_id.in_(chunk), roles, m1.c.entity_id != m2.c.entity_id)
                        .group_by(m1.c.entity_id, m2.c.entity_id)):
                    out[x][y] += n
        return out

    def paths(self, a: str | Actor, b: str | Actor, via: int = 1, direction: str = "both",
              event: str | None = None, fanout: int = 20, max_degree: int = 100, limit: int = 10) -> list[Path]:
        """Paths from ``a`` to ``b`` through 1 to ``via`` (at most 3) intermediaries,
        strongest first, at most ``limit``.  Bounded so that hubs cannot explode the answer:
        each actor on a path is continued only through its ``fanout`` counterparts with the
        most claims, and an actor with more than ``max_degree`` counterparts (a super-node
        such as the United States) is never an intermediary."""
        x, y = self.find(a), self.find(b)
        via = max(0, min(via, MAX_VIA))
        adjacency: dict[str, Counter[str]] = {}

        def expand(nodes: Iterable[str]) -> None:
            missing = [n for n in dict.fromkeys(nodes) if n not in adjacency]
            if missing:
                adjacency.update(self.neighbours(missing, direction))
                for n in missing:
                    for other in self._structural(n):
                        adjacency[n][other] += 1

        expand([x.id])
        partial: list[list[str]] = [[x.id]]
        found: list[list[str]] = []
        for depth in range(via):
            nxt: list[list[str]] = []
            for p in partial:
                ranked = [n for n, _ in adjacency[p[-1]].most_common() if n != y.id and n not in p]
                for n in ranked[:fanout]:
                    nxt.append([*p, n])
            expand(p[-1] for p in nxt)
            partial = []
            for p in nxt:
                counterparts = adjacency[p[-1]]
                if len(counterparts) > max_degree:
                    continue
                if y.id in counterparts:
                    found.append([*p, y.id])
                if depth + 1 < via:
                    partial.append(p)
        # rank by the weakest hop's claim count, then load the evidence of the best ones
        found.sort(key=lambda p: (-min(adjacency[u][v] for u, v in zip(p, p[1:], strict=False)), len(p), p))
        edges_of: dict[tuple[str, str], list[Edge]] = {}
        out: list[Path] = []
        for p in found[:limit * 3]:
            hops = []
            for u, v in zip(p, p[1:], strict=False):
                if (u, v) not in edges_of:
                    edges_of[(u, v)] = self.edges_between(u, v, direction, event)
                hops.append(Hop(self.actors.actor(u), self.actors.actor(v), edges_of[(u, v)],
                                self._relation(u, v)))
            if all(h.edges or h.relation for h in hops):
                out.append(Path([self.actors.actor(n) for n in p], hops))
        out.sort(key=lambda p: (-p.strength, len(p.actors)))
        return out[:limit]

    def _structural(self, actor_id: str) -> list[str]:
        """Stored actors that ``actor_id`` is part of, or that are part of it (the gazetteer's
        ``part_of``, followed up the chain): IRGC and Iran are linked whatever the claims say."""
        if self._children is None:
            self._children = defaultdict(list)
            for child in self.actors.stored:
                for ancestor in self.actors.ancestors(child):
                    self._children[ancestor].append(child)
        up = [a for a in self.actors.ancestors(actor_id) if a in self.actors.stored]
        return up + self._children.get(actor_id, [])

    def _relation(self, u: str, v: str) -> str | None:
        if v in self.actors.ancestors(u):
            return "part of"
        if u in self.actors.ancestors(v):
            return "includes"
        return None

    # ------------------------------------------------------------------ claims
    def claim_ids(self, f: ClaimFilter) -> list[int]:
        """Row ids of the claims that ``f`` selects, by date (referred to, else published)."""
        c, d = claims.c, documents.c
        date = func.coalesce(c.time_start, d.published)
        q = select(c.id).select_from(claims.join(documents, d.id == c.document_id))
        for value, column in ((f.event, c.event), (f.certainty, c.certainty), (f.polarity, c.polarity),
                              (f.mode, c.mode)):
            if value:
                q = q.where(column == value)
        for name, roles in ((f.actor, ("actor",)), (f.recipient, ("recipient",)), (f.involving, ROLES)):
            if name:
                who = self.find(name)
                q = q.where(c.id.in_(select(claim_entities.c.claim_id)
                                     .join(mentions, mentions.c.id == claim_entities.c.mention_id)
                                     .where(mentions.c.entity_id == who.id, claim_entities.c.role.in_(roles))))
        if f.since:
            q = q.where(date >= f.since)
        if f.until:
            q = q.where(date <= _upper_date(f.until))
        if f.publisher:
            q = q.where(or_(d.site == f.publisher, d.url.like(f"%://{f.publisher}/%"),
                            d.url.like(f"%://www.{f.publisher}/%")))
        q = q.order_by(date, c.id)
        if f.limit:
            q = q.limit(f.limit)
        with self.engine.connect() as conn:
            return list(conn.execute(q).scalars())

    def claims(self, f: ClaimFilter | None = None, **fields: Any) -> ClaimList:
        """The claims a filter selects (``ClaimFilter`` or its fields as keywords)."""
        f = f or ClaimFilter(**fields)
        return ClaimList(self.load(self.claim_ids(f)))

    def iter_claims(self, f: ClaimFilter | None = None, batch: int = 2000) -> Iterator[StoredClaim]:
        """The claims a filter selects, loaded a batch at a time (for exports)."""
        pks = self.claim_ids(f or ClaimFilter())
        for i in range(0, len(pks), batch):
            yield from self.load(pks[i:i + batch])

    def edges(self, f: ClaimFilter | None = None) -> list[Edge]:
        """Every edge of the claims a filter selects, strongest first."""
        return build_edges(self.iter_claims(f))

    # ------------------------------------------------------------------ timelines
    def timeline(self, a: str | Actor, b: str | Actor | None = None, by: str = "refers",
                 event: str | None = None, limit: int | None = None) -> Timeline:
        """Claims between ``a`` and ``b`` (or all of ``a``'s) in date order: ``by="refers"``
        places a claim at the date it refers to, when it names one, else at its publication
        date; ``by="published"`` always at the publication date."""
        x = self.find(a)
        if b is not None:
            y = self.find(b)
            with self.engine.connect() as conn:
                pks = list(conn.execute(self._pair_query(x.id, y.id)).scalars())
            found = [c for c in self.load(pks) if not event or c.event == event]
        else:
            found = self.claims(ClaimFilter(involving=x.id, event=event)).claims
        entries = []
        for c in found:
            if by == "refers" and c.refers_to:
                entries.append(TimelineEntry(c.refers_to, "refers", c))
            else:
                entries.append(TimelineEntry(c.published, "published", c))
        entries.sort(key=lambda e: (e.date is None, e.date or "", e.claim.published or "", e.claim.pk))
        return Timeline(entries[:limit] if limit else entries)

    # ------------------------------------------------------------------ actor profiles
    def actor(self, name: str | Actor, top: int = 10) -> Profile:
        """Aliases, type, country, sector, affiliations, claims in and out by event type,
        the counterparts with most claims, and the publishers that report on the actor."""
        x = self.find(name)
        ce, m = claim_entities.c, mentions.c
        with self.engine.connect() as conn:
            by_role: dict[str, dict[str, int]] = {"actor": {}, "recipient": {}}
            for role, event, n in conn.execute(
                    select(ce.role, claims.c.event, func.count(distinct(claims.c.id)))
                    .select_from(mentions.join(claim_entities, ce.mention_id == m.id)
                                 .join(claims, claims.c.id == ce.claim_id))
                    .where(m.entity_id == x.id, ce.role.in_(ROLES))
                    .group_by(ce.role, claims.c.event).order_by(func.count(distinct(claims.c.id)).desc())):
                by_role[role][event] = n
            as_speaker = int(conn.execute(
                select(func.count(distinct(ce.claim_id))).select_from(
                    mentions.join(claim_entities, ce.mention_id == m.id))
                .where(m.entity_id == x.id, ce.role == "source")).scalar_one())
            d = documents.c
            pubs: Counter[str] = Counter()
            for site, url, doc_id in conn.execute(
                    select(d.site, d.url, d.doc_id).where(d.id.in_(
                        select(m.document_id).join(claim_entities, ce.mention_id == m.id)
                        .where(m.entity_id == x.id)))):
                pubs[publisher_of(site, url, doc_id)] += 1
            pm, om = mentions.alias("pm"), mentions.alias("om")
            affs = []
            for r in conn.execute(
                    select(pm.c.entity_id.label("person"), om.c.entity_id.label("org"), affiliations.c.role,
                           affiliations.c.former, d.doc_id,
                           func.substr(d.text, affiliations.c.evidence_start + 1,
                                       affiliations.c.evidence_end - affiliations.c.evidence_start).label("ev"))
                    .select_from(affiliations.join(pm, pm.c.id == affiliations.c.person_mention_id)
                                 .join(om, om.c.id == affiliations.c.organization_mention_id)
                                 .join(documents, d.id == affiliations.c.document_id))
                    .where(or_(pm.c.entity_id == x.id, om.c.entity_id == x.id)).order_by(affiliations.c.id)):
                view = AffiliationView(self.actors.actor(r.person), self.actors.actor(r.org), r.role,
                                       bool(r.former), r.doc_id, r.ev)
                if view not in affs:
                    affs.append(view)
        counterparts = self.neighbours([x.id])[x.id].most_common(top)
        parents = self.actors.ancestors(x.id)
        return Profile(actor=x, aliases=self.actors.all_aliases(x.id),
                       part_of=self.actors.actor(parents[0]) if parents else None, affiliations=affs,
                       claims_out=by_role["actor"], claims_in=by_role["recipient"], as_speaker=as_speaker,
                       counterparts=[(self.actors.actor(i), n) for i, n in counterparts],
                       publishers=pubs.most_common(top))

    # ------------------------------------------------------------------ contradictions
    def contradictions(self, actor: str | Actor | None = None, other: str | Actor | None = None,
                       event: str | None = None) -> list[Contradiction]:
        """Pairs of actors with claims that cannot all hold, listed side by side: the same
        event type both affirmed and negated between them (``negated``), and affirmed claims
        against a denial by one of the two (``denied``): a claim whose trigger is a denial
        ("Iran denied funding al-Qaeda"), or a reported denial whose speaker is one of them
        (or part of one, as a ministry of its state) naming the other within
        ``DENIAL_WINDOW`` characters of its cue.  ``actor`` and ``other`` narrow the pairs."""
        who = {self.find(actor).id} if actor is not None else None
        them = {self.find(other).id} if other is not None else None

        def wanted(p: str, q: str) -> bool:
            pair = {p, q}
            return (who is None or bool(pair & who)) and (them is None or bool(pair & them))

        return self._negated(wanted, event) + self._denied(wanted, event)

    def _negated(self, wanted: Any, event: str | None) -> list[Contradiction]:
        ce1, ce2 = claim_entities.alias("ce1"), claim_entities.alias("ce2")
        m1, m2 = mentions.alias("m1"), mentions.alias("m2")
        q = (select(m1.c.entity_id, m2.c.entity_id, claims.c.event)
             .select_from(claims.join(ce1, ce1.c.claim_id == claims.c.id).join(m1, m1.c.id == ce1.c.mention_id)
                          .join(ce2, ce2.c.claim_id == claims.c.id).join(m2, m2.c.id == ce2.c.mention_id))
             .where(ce1.c.role == "actor", ce2.c.role == "recipient", m1.c.entity_id != m2.c.entity_id)
             .group_by(m1.c.entity_id, m2.c.entity_id, claims.c.event)
             .having(func.min(claims.c.polarity) != func.max(claims.c.polarity)))
        if event:
            q = q.where(claims.c.event == event)
        with self.engine.connect() as conn:
            triples = {tuple(t) for t in conn.execute(q).all() if wanted(t[0], t[1])}
            # one pass for the claims of every pair found, instead of one query a pair
            rows = conn.execute(
                select(claims.c.id, m1.c.entity_id, m2.c.entity_id, claims.c.event)
                .select_from(claims.join(ce1, ce1.c.claim_id == claims.c.id)
                             .join(m1, m1.c.id == ce1.c.mention_id)
                             .join(ce2, ce2.c.claim_id == claims.c.id).join(m2, m2.c.id == ce2.c.mention_id))
                .where(ce1.c.role == "actor", ce2.c.role == "recipient",
                       m1.c.entity_id.in_({t[0] for t in triples}), m2.c.entity_id.in_({t[1] for t in triples}))
            ).all() if triples else []
        members: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for pk, a, b, ev in rows:
            if (a, b, ev) in triples:
                members[(a, b, ev)].append(pk)
        loaded = {c.pk: c for c in self.load(pk for pks in members.values() for pk in pks)}
        out = []
        for a, b, ev in sorted(members, key=lambda t: (t[2], t[0], t[1])):
            for e in build_edges([loaded[pk] for pk in members[(a, b, ev)]], between=(a, b)):
                if e.mutual or e.source.id != a or e.event != ev:
                    continue
                affirmed = [c for c in e.claims if not c.negated]
                against = [c for c in e.claims if c.negated]
                if affirmed and against:
                    out.append(Contradiction("negated", e.source, e.target, ev, affirmed, against))
        return out

    def _denied(self, wanted: Any, event: str | None) -> list[Contradiction]:
        stems = denial_stems()
        c, d, m = claims.c, documents.c, mentions.c
        pairs: dict[tuple[str, str], tuple[list[int], list[Denial]]] = {}
        # where each reported denial stands: claims read from its own sentence are not denied by it
        cue_at: set[tuple[int, int]] = set()
        with self.engine.connect() as conn:
            denial_claims = list(conn.execute(
                select(c.id).where(or_(*[func.lower(c.trigger_text).like(f"%{s}%") for s in stems]))).scalars())
            cues = conn.execute(
                select(attributions.c.document_id, attributions.c.cue_text, attributions.c.cue_start,
                       attributions.c.cue_end, attributions.c.content_start, attributions.c.content_end,
                       m.entity_id, d.doc_id, d.site, d.url, d.published,
                       func.substr(d.text, attributions.c.content_start + 1,
                                   attributions.c.content_end - attributions.c.content_start).label("content"))
                .join(mentions, m.id == attributions.c.source_mention_id)
                .join(documents, d.id == attributions.c.document_id)
                .where(or_(*[func.lower(attributions.c.cue_text).like(f"%{s}%") for s in stems]))).all()
            for r in cues:
                named = conn.execute(select(m.entity_id).distinct().where(
                    m.document_id == r.document_id, m.start >= r.cue_start - DENIAL_WINDOW,
                    m.end <= r.cue_end + DENIAL_WINDOW)).scalars().all()
                cue_at.add((r.document_id, r.cue_start))
                denial = Denial(r.doc_id, self.actors.actor(r.entity_id), Span(r.cue_text, r.cue_start, r.cue_end),
                                Span(r.content, r.content_start, r.content_end),
                                publisher_of(r.site, r.url, r.doc_id), r.published)
                for speaker in [r.entity_id, *self.actors.ancestors(r.entity_id)]:
                    for t in named:
                        if t != speaker and t != r.entity_id:
                            pairs.setdefault((speaker, t), ([], []))[1].append(denial)
        for claim in self.load(denial_claims):
            for a in claim.actor:
                for t in claim.recipient:
                    if a.id != t.id:
                        pairs.setdefault((a.id, t.id), ([], []))[0].append(claim.pk)
        denial_set = set(denial_claims)
        out = []
        for (s, t), (against_pks, denials) in sorted(pairs.items()):
            if not wanted(s, t):
                continue
            edges = self.edges_between(s, t, "both", event)
            affirmed = {cl.pk: cl for e in edges for cl in e.claims
                        if not cl.negated and cl.pk not in denial_set
                        and not any(doc == cl.document and cl.evidence.start <= at < cl.evidence.end
                                    for doc, at in cue_at)}
            if not affirmed:
                continue
            out.append(Contradiction("denied", self.actors.actor(s), self.actors.actor(t), event,
                                     sorted(affirmed.values(), key=lambda cl: (cl.published or "", cl.pk)),
                                     self.load(against_pks), denials))
        return out
