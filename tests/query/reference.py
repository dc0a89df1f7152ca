"""The contradictions and pair timelines as they were computed before their summaries
(denials found among all the claims and attributions, a pair's timeline sorted out of all
its claims): the reference that the summaries' answers are compared with."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import and_, func, or_, select

from claimgraph.model import Actor
from claimgraph.query import Graph
from claimgraph.query.graph import timeline_entries
from claimgraph.query.results import Contradiction, Edge, StoredClaim, Timeline
from claimgraph.query.strength import build_edges
from claimgraph.store.schema import (
    attributions,
    claim_entities,
    claims,
    edge_claims,
    edge_summaries,
    mentions,
    words,
)
from claimgraph.store.summaries import DENIAL_WINDOW, denial_stems, edge_filter


class ReferenceGraph(Graph):
    """``Graph`` with the contradictions and pair timelines read from all the claims."""

    def timeline(self, a: str | Actor, b: str | Actor | None = None, by: str = "refers",  # type: ignore[override]
                 event: str | None = None, limit: int | None = 50, offset: int = 0,
                 order: str = "oldest") -> Timeline:
        """A timeline sorted out of all its claims (a pair's edge claims, or every claim that
        names the actor as actor or recipient), counted from them."""
        x = self.find(a)
        if b is None:
            pks = self.actor_claims(x.id, event)
        else:
            y = self.find(b)
            e = edge_claims.c
            where = [edge_filter(edge_claims, x.id, y.id)] + ([e.event == event] if event else [])
            with self.engine.connect() as conn:
                pks = sorted(set(conn.execute(select(e.claim_id).where(*where)).scalars()))
        entries = timeline_entries(self.load(pks), by, order)
        return Timeline(entries[offset:None if limit is None else offset + limit], total=len(entries), offset=offset)

    def all_claims(self, event: str) -> list[int]:
        """Every claim of an event type that is not rejected."""
        c = claims.c
        with self.engine.connect() as conn:
            return sorted(conn.execute(select(c.id).where(c.event == event,
                                                          func.coalesce(c.review, "") != "rejected")).scalars())

    def edge_of(self, edge: Edge) -> Edge:
        """The same edge built from all the claims of its two actors, its evidence whole (in
        the order of ``strength``: certain affirmed claims first, each certainty newest first)."""
        pks = set(self.actor_claims(edge.source.id, edge.event)) & set(self.actor_claims(edge.target.id, edge.event))
        return next(e for e in build_edges(self.load(sorted(pks))) if (e.source.id, e.target.id, e.event, e.mutual)
                    == (edge.source.id, edge.target.id, edge.event, edge.mutual))

    def actor_claims(self, actor_id: str, event: str | None = None) -> list[int]:
        """Every claim that is not rejected naming the actor as actor or recipient."""
        c, ce, m = claims.c, claim_entities.c, mentions.c
        with self.engine.connect() as conn:
            return sorted(set(conn.execute(
                select(c.id).join(claim_entities, ce.claim_id == c.id).join(mentions, m.id == ce.mention_id)
                .where(m.entity_id == actor_id, ce.role.in_(("actor", "recipient")),
                       func.coalesce(c.review, "") != "rejected", *([c.event == event] if event else []))).scalars()))

    def _negated_edges(self, who: set[str] | None, them: set[str] | None, event: str | None, offset: int,
                       limit: int | None, after: tuple[str, str, str] | None = None) -> tuple[int, list[Any]]:
        """How many edges have claims both affirmed and negated, and the summaries of those
        from ``offset`` on, or after the edge ``after`` (at most ``limit``): all of them read
        and sorted, then paged."""
        s = edge_summaries.c
        where = [s.mutual.is_(False), s.negated > 0, s.negated < s.claims, s.source_id != s.target_id]
        if event:
            where.append(s.event == event)
        for ids in (who, them):
            if ids:
                where.append(or_(s.source_id.in_(ids), s.target_id.in_(ids)))
        with self.engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(edge_summaries).where(*where)).scalar_one())
            rows = conn.execute(select(edge_summaries).where(*where)).all()
        ordered = sorted(rows, key=lambda r: (r.event, r.source_id, r.target_id))
        if after is not None:
            ordered = [r for r in ordered if (r.event, r.source_id, r.target_id) > after]
        return total, ordered[offset:offset + limit if limit else None]

    def _denied_pairs(self, wanted: Any, who: set[str] | None = None,  # type: ignore[override]
                      them: set[str] | None = None) -> list[tuple[str, str]]:
        found = self._denied_refs(wanted, who, them)
        self._refs = dict(found)
        return [pair for pair, _ in found]

    def _denied(self, pair: tuple[str, str], event: str | None, evidence: int) -> Contradiction | None:
        return self._denied_from(pair, *self._refs[pair], event, evidence)

    def _denied_refs(self, wanted: Any, who: set[str] | None = None,
                     them: set[str] | None = None) -> list[tuple[tuple[str, str], tuple[list[int], list[Any]]]]:
        """Pairs (speaker, other) with a denial: claims whose trigger is one, and reported
        denials (attribution rows) naming the other near their cue."""
        stems = denial_stems()
        c, m = claims.c, mentions.c
        ce1, ce2 = claim_entities.alias("ce1"), claim_entities.alias("ce2")
        m1, m2 = mentions.alias("m1"), mentions.alias("m2")
        pairs: dict[tuple[str, str], tuple[list[int], list[Any]]] = {}
        with self.engine.connect() as conn:
            # the words in use that are denials, then their claims and attributions by index
            found: dict[str, list[str]] = {"trigger": [], "cue": []}
            for kind, text in conn.execute(select(words.c.kind, words.c.text).where(words.c.uses > 0)):
                if any(st in text.lower() for st in stems):
                    found[kind].append(text)
            for pk, a, t in [] if not found["trigger"] else conn.execute(
                    select(c.id, m1.c.entity_id, m2.c.entity_id)
                    .select_from(claims.join(ce1, ce1.c.claim_id == c.id).join(m1, m1.c.id == ce1.c.mention_id)
                                 .join(ce2, ce2.c.claim_id == c.id).join(m2, m2.c.id == ce2.c.mention_id))
                    .where(c.trigger_text.in_(found["trigger"]), func.coalesce(c.review, "") != "rejected",
                           ce1.c.role == "actor", ce2.c.role == "recipient",
                           m1.c.entity_id != m2.c.entity_id,
                           *[or_(m1.c.entity_id.in_(ids), m2.c.entity_id.in_(ids)) for ids in (who, them) if ids])
                    .order_by(c.id)):
                if pk not in pairs.setdefault((a, t), ([], []))[0]:
                    pairs[(a, t)][0].append(pk)
            a_ = attributions.c
            named = mentions.alias("named")
            for r in [] if not found["cue"] else conn.execute(
                    select(a_.id, a_.document_id, a_.cue_start, m.entity_id.label("speaker"),
                           named.c.entity_id.label("named"))
                    .select_from(attributions.join(mentions, m.id == a_.source_mention_id)
                                 .join(named, named.c.document_id == a_.document_id))
                    .where(a_.cue_text.in_(found["cue"]), named.c.start >= a_.cue_start - DENIAL_WINDOW,
                           named.c.end <= a_.cue_end + DENIAL_WINDOW)
                    .distinct().order_by(a_.id)):
                for speaker in [r.speaker, *self.actors.ancestors(r.speaker)]:
                    if r.named not in (speaker, r.speaker):
                        denials = pairs.setdefault((speaker, r.named), ([], []))[1]
                        if r.id not in denials:
                            denials.append(r.id)
            kept = [pair for pair in sorted(pairs) if wanted(*pair)]
            # only pairs with affirmed claims between them contradict anything
            s = edge_summaries.c
            affirmed: set[frozenset[str]] = set()
            anchor = who or them
            if anchor:
                # the partners of the actor asked about: two index searches, not one a pair
                for a in anchor:
                    for mine, other in ((s.source_id, s.target_id), (s.target_id, s.source_id)):
                        affirmed |= {frozenset((a, x)) for x in conn.execute(
                            select(other).distinct().where(mine == a, s.claims > s.negated)).scalars()}
            else:
                ends = kept + [(t, a) for a, t in kept]
                for i in range(0, len(ends), 200):
                    affirmed |= {frozenset((a, t)) for a, t in conn.execute(
                        select(s.source_id, s.target_id).where(
                            or_(*[and_(s.source_id == a, s.target_id == t) for a, t in ends[i:i + 200]]),
                            s.claims > s.negated).distinct())}
        return [(pair, pairs[pair]) for pair in kept if frozenset(pair) in affirmed]

    def _denied_from(self, pair: tuple[str, str], against_pks: list[int], denial_ids: list[int], event: str | None,
                     evidence: int) -> Contradiction | None:
        s, t = pair
        c = claims.c
        cue_at, denials = self._reported_denials(denial_ids)
        with self.engine.connect() as conn:
            # denial claims between the two are on the other side, whatever their polarity
            affirmed_denials = int(conn.execute(select(func.count()).where(
                c.id.in_(against_pks), c.polarity != "negated")).scalar_one()) if against_pks else 0
        edges = self.edges_between(s, t, "both", event, evidence=0, reporters_too=False)
        affirmed_count = sum(e.count - round(e.negated_share * e.count) for e in edges) - affirmed_denials
        if affirmed_count <= 0:
            return None
        skip = set(against_pks)
        affirmed: dict[int, StoredClaim] = {}
        for e in edges:
            # a little more than a page: claims of the denials' own sentences are dropped below
            page = self._evidence_page((e.source.id, e.target.id, e.event, e.mutual), False,
                                       evidence + len(skip) + len(cue_at))
            for cl in self.load(page):
                if cl.pk not in skip and not any(doc == cl.document and cl.evidence.start <= at < cl.evidence.end
                                                 for doc, at in cue_at):
                    affirmed.setdefault(cl.pk, cl)
        if not affirmed:
            return None
        shown = sorted(affirmed.values(), key=lambda cl: (cl.published or "", cl.pk))[:evidence]
        return Contradiction("denied", self.actors.actor(s), self.actors.actor(t), event, shown,
                             self.load(against_pks[:evidence]), denials, affirmed_count=affirmed_count,
                             against_count=len(against_pks))


def routes_from_every_counterpart(graph, a, b, via, fanout, max_degree):
    """The routes the path search must find, from every counterpart of every actor (what
    the search read before it bounded its reads): ``fanout`` strongest followed, hubs
    (more than ``max_degree`` counterparts) never intermediaries."""
    adjacency = {}

    def counterparts(n):
        if n not in adjacency:
            adjacency[n] = Counter(graph.neighbours([n])[n])
            for other in graph._structural(n):
                adjacency[n][other] += 1
        return adjacency[n]

    x, y = graph.find(a).id, graph.find(b).id
    partial, found = [[x]], []
    for depth in range(via):
        nxt = [[*p, n] for p in partial
               for n in [n for n, _ in sorted(counterparts(p[-1]).items(), key=lambda kv: (-kv[1], kv[0]))
                         if n != y and n not in p][:fanout]]
        partial = []
        for p in nxt:
            if len(counterparts(p[-1])) <= max_degree:
                found += [[*p, y]] if y in counterparts(p[-1]) else []
                partial += [p] if depth + 1 < via else []
    return sorted(found)
