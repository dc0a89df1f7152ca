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

import base64
import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Engine, Select, and_, case, distinct, false, func, or_, select, true, tuple_

from claimgraph.model import Actor, Entity, Span, TimeRef
from claimgraph.query.actors import ActorIndex
from claimgraph.query.results import (
    HOP_EVIDENCE,
    AffiliationView,
    ClaimList,
    Contradiction,
    Contradictions,
    Denial,
    Edge,
    Hop,
    Links,
    Path,
    Profile,
    StoredClaim,
    Strength,
    Timeline,
    TimelineEntry,
)
from claimgraph.query.strength import build_edges
from claimgraph.resolve.gazetteer import Gazetteer
from claimgraph.store.schema import (
    actor_claims,
    actor_pairs,
    actor_publishers,
    actor_timeline,
    affiliations,
    attributions,
    claim_entities,
    claims,
    denial_pairs,
    denials,
    documents,
    edge_claims,
    edge_reporters,
    edge_summaries,
    entities,
    mentions,
)
from claimgraph.store.summaries import (
    DENIAL_WINDOW,
    EdgeKey,
    Tally,
    denial_stems,
    edge_filter,
    key_in,
    publisher_of,
    strength_of,
    tally_claims,
)

ROLES = ("actor", "recipient")
DIRECTIONS = ("both", "out", "in")
MAX_VIA = 3
# which claims by their review: ``ClaimFilter.review`` (None: all but the rejected)
REVIEW_FILTERS = ("all", "unreviewed", "reviewed", "confirmed", "corrected", "rejected")
# the review filters that the summaries (which hold no rejected claim) can answer
SUMMARY_REVIEWS = (None, "unreviewed", "confirmed", "corrected")
# how many claims of an edge past a page are read to replace the denials dropped from it
DENIAL_SLACK = 20
# links under filters the summaries cannot answer are built from at most this many claims a pair
MAX_FILTERED_CLAIMS = 5000
# the review filters that take in rejected claims (which no summary holds)
WITH_REJECTED = ("all", "reviewed", "rejected")
CERTAINTIES = ("certain", "probable", "possible")
_CHUNK = 500
# the orders of a list by date (claims, timelines): oldest first, or newest first (undated last in both)
ORDERS = ("oldest", "newest")
# the orders of an edge's evidence: certain affirmed claims first (each certainty newest
# first, negated last), or by date as ORDERS
EVIDENCE_ORDERS = ("strongest", *ORDERS)
__all__ = ["DENIAL_WINDOW", "EVIDENCE_ORDERS", "ORDERS", "BadCursor", "ClaimFilter", "Graph", "decode_cursor",
           "denial_stems", "encode_cursor"]


class BadCursor(ValueError):
    """A cursor that is not one of this list's (made for another order, or mangled)."""


def encode_cursor(order: str, key: Sequence[Any]) -> str:
    """An opaque token for the entry after ``key`` in a list ordered by ``order``."""
    return base64.urlsafe_b64encode(json.dumps([order, *key], separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(token: str, order: str, size: int) -> list[Any]:
    """The key that ``encode_cursor`` put in ``token``; ``BadCursor`` when it is not a
    cursor of a list in ``order``."""
    try:
        found = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (ValueError, TypeError) as e:
        raise BadCursor(f"not a cursor: {token!r}") from e
    if not isinstance(found, list) or len(found) != size + 1 or found[0] != order:
        raise BadCursor(f"not a cursor of this list (ordered by {order}): {token!r}")
    return found[1:]


def timeline_entries(found: Iterable[StoredClaim], by: str, order: str = "oldest") -> list[TimelineEntry]:
    """Claims placed on a timeline (``by``: refers or published), in its ``order`` (ORDERS:
    the undated come last either way)."""
    entries = [TimelineEntry(c.refers_to, "refers", c) if by == "refers" and c.refers_to else
               TimelineEntry(c.published, "published", c) for c in found]
    entries.sort(key=lambda e: (e.date is None, e.date or "", e.claim.published or "", e.claim.pk))
    if order == "newest":
        dated = [e for e in entries if e.date is not None]
        entries = dated[::-1] + [e for e in entries if e.date is None][::-1]
    return entries


def _check_order(order: str, orders: Sequence[str] = ORDERS) -> bool:
    """True for newest first; a ValueError naming the orders for one that is not one of them."""
    if order not in orders:
        raise ValueError(f"unknown order {order!r}: one of {', '.join(orders)}")
    return order == "newest"


def _after_edge(after: tuple[str, str, str], anchor: str, as_source: bool, event: Any, theirs: Any) -> Any:
    """The edges of ``anchor`` (its source, or its target) after the edge ``after`` in the
    order (event, source, target), as a range of the index (anchor, event, other end)."""
    e0, s0, t0 = after
    mine, other = (s0, t0) if as_source else (t0, s0)
    if as_source and anchor != mine:
        return event >= e0 if anchor > mine else event > e0
    if as_source:
        return tuple_(event, theirs) > tuple_(e0, other)
    # (event, source, anchor) > (e0, s0, t0)
    return tuple_(event, theirs) >= tuple_(e0, other) if anchor > mine else tuple_(event, theirs) > tuple_(e0, other)


@dataclass(frozen=True)
class _Part:
    """One part of a list in date order (the dated claims, then the undated): the rows that
    ``where`` selects, ordered by the last ``width`` columns of a row (the columns before
    them are the same for all its rows)."""

    where: tuple[Any, ...]
    width: int


def _upper_date(until: str) -> str:
    # "2018" and "2018-06" are inclusive upper bounds: "~" sorts after any date or time
    return until + "~"


def _event_and_dates(q: Select[Any], t: Any, f: ClaimFilter) -> Select[Any]:
    """``q`` narrowed to ``f``'s event type and dates, read from the ``event`` and ``date``
    columns ``t`` of a summary table (``edge_claims``, ``actor_timeline``)."""
    if f.event:
        q = q.where(t.event == f.event)
    if f.since:
        q = q.where(t.date >= f.since)
    if f.until:
        q = q.where(t.date <= _upper_date(f.until))
    return q


def _count(*when: Any) -> Any:
    return func.sum(case((and_(*when), 1), else_=0))


# What filtered pairs read (``Graph._filtered_pairs``), built once: an edge's figures from the
# ``edge_claims`` rows of its claims that pass, and its claims by story publisher, publisher
# and speaker.  A document without a site is named by its URL's host, else by its id: those
# are read only then, so that the rows group by site.
_EC = edge_claims.c
_KEY = (_EC.source_id, _EC.target_id, _EC.event, _EC.mutual)
_CLAIMED = edge_claims.join(claims, claims.c.id == _EC.claim_id)
_FIGURES = (*_KEY, func.count().label("claims"), func.count(distinct(claims.c.document_id)).label("documents"),
            _count(_EC.negated == true()).label("negated"), _count(_EC.rank != 0).label("hedged"),
            *[_count(_EC.negated == false(), _EC.rank == i).label(name) for i, name in enumerate(CERTAINTIES)],
            func.min(func.nullif(_EC.published, "")).label("earliest"),
            func.max(func.nullif(_EC.published, "")).label("latest"))
_root, _sce, _sm, _se = documents.alias("root"), claim_entities.alias("sce"), mentions.alias("sm"), entities.alias("se")
_near = documents.c.near_duplicate_of.is_not(None)
_story_site = case((_near, _root.c.site), else_=documents.c.site)
_STORIES = (*_KEY, _EC.negated, _story_site,
            case((_story_site.is_(None), case((_near, _root.c.url), else_=documents.c.url))),
            case((_story_site.is_(None), case((_near, _root.c.doc_id), else_=documents.c.doc_id))))
_STORIED = (_CLAIMED.join(documents, documents.c.id == claims.c.document_id)
            .outerjoin(_root, _root.c.id == documents.c.near_duplicate_of))
# and publishers and speakers, for the pairs whose edges are shown with their evidence
_REPORTERS = (*_STORIES, documents.c.site, case((documents.c.site.is_(None), documents.c.url)),
              case((documents.c.site.is_(None), documents.c.doc_id)), _se.c.name)
_REPORTING = (_STORIED.outerjoin(_sce, and_(_sce.c.claim_id == claims.c.id, _sce.c.role == "source",
                                            _sce.c.position == 0))
              .outerjoin(_sm, _sm.c.id == _sce.c.mention_id).outerjoin(_se, _se.c.id == _sm.c.entity_id))


def _strongest(e: Edge) -> tuple[float, int, str, str, str]:
    return (-e.strength.score, -e.count, e.event, e.source.id, e.target.id)


def _joins(key: EdgeKey, a: str, b: str, direction: str) -> bool:
    """Whether the edge ``key`` joins ``a`` and ``b`` in ``direction`` (as ``edges_between``)."""
    if direction == "out":
        return key[:2] == (a, b) and not key[3]
    if direction == "in":
        return key[:2] == (b, a) and not key[3]
    return {key[0], key[1]} == {a, b}


def _ranked(counts: Counter[str]) -> list[str]:
    return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


@dataclass
class _FilteredEdge:
    """An edge's figures from the claims that pass a filter: what ``edge_summaries`` holds
    for all of them."""

    source_id: str
    target_id: str
    event: str
    mutual: bool
    claims: int
    documents: int
    negated: int
    hedged: int
    certain: int
    probable: int
    possible: int
    sources: int
    affirmed_sources: int
    earliest: str | None
    latest: str | None


@dataclass
class _FilteredPair:
    """The edges joining two actors built from the claims that pass a filter: their figures,
    and the claims each edge has by story publisher (``story``, ``affirmed_story``: the
    independent sources), publisher and speaker.  ``tally`` holds the claims when they were
    tallied one by one (filters taking in rejected claims), None when the figures were
    summed in the database; ``truncated`` when more than ``MAX_FILTERED_CLAIMS`` passed and
    the first by row id were tallied."""

    figures: dict[EdgeKey, _FilteredEdge]
    reporters: dict[EdgeKey, dict[str, Counter[str]]]
    tally: Tally | None = None
    truncated: bool = False
    # whether ``reporters`` counts publishers and speakers too (not only story publishers)
    reported: bool = True


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
    # None: every claim but the rejected ones; or one of REVIEW_FILTERS
    review: str | None = None
    limit: int | None = None
    offset: int = 0
    # a page after this one's ``next_cursor`` (claims of a named actor; instead of offset)
    cursor: str | None = None
    # ORDERS: by date, oldest or newest first
    order: str = "oldest"


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
                       c.time_offset_start, c.time_offset_end, c.review, evidence.label("evidence"), d.doc_id,
                       d.site, d.url,
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
                if r.near_duplicate_of is not None else publisher, review=r.review)
        return out

    # ------------------------------------------------------------------ pages in date order
    @staticmethod
    def _page_in_order(conn: Any, reads: Sequence[Select[Any]], row: Sequence[Any], parts: Sequence[_Part], name: str,
                       newest: bool, limit: int | None, offset: int,
                       cursor: str | None) -> tuple[list[tuple[Any, ...]], str | None]:
        """A page of a list in date order, read part by part (the dated rows, then the
        undated) from index ranges, and the cursor of the next page (None after the last).
        ``reads`` select the columns ``row``, each from one range (a pair's two directions:
        merged, a row once); each part is ordered by the last ``width`` columns of the row,
        backwards for ``newest``, so that an index serves either order.  After ``cursor``,
        the part it names is read from the row after it; a single range skips ``offset``
        rows in the database, several merged ranges in Python."""
        after = decode_cursor(cursor, name, len(row) + 1) if cursor else None
        start = 0
        if after is not None:
            if not isinstance(after[0], int) or not 0 <= after[0] < len(parts):
                raise BadCursor(f"not a cursor of this list (ordered by {name}): {cursor!r}")
            start = after[0]
        single = len(reads) == 1
        need = None if not limit else limit + 1 if single else offset + limit + 1
        skip = offset if single else 0
        found: list[tuple[Any, ...]] = []
        for i, part in enumerate(parts[start:], start):
            key = list(row[len(row) - part.width:])
            where = list(part.where)
            if after is not None and i == start:
                at = tuple_(*after[1 + len(row) - part.width:])
                where.append(tuple_(*key) < at if newest else tuple_(*key) > at)
            n = None if need is None else need - len(found)
            while True:
                sides = [conn.execute(q.where(*where).order_by(*[k.desc() for k in key] if newest else key)
                                      .limit(n).offset(skip or None)).all() for q in reads]
                width = part.width
                merged = heapq.merge(*[[tuple(r) for r in side] for side in sides],
                                     key=lambda r: r[-width:], reverse=newest)
                rows = list(dict.fromkeys(merged))
                if n is None or len(rows) >= n or all(len(side) < n for side in sides):
                    break
                n *= 2  # rows in two ranges (the same claim in two edges of a pair) are read once
            if skip and not rows:
                # this part holds fewer rows than are skipped: the next skips the rest
                skip -= int(conn.execute(select(func.count()).select_from(
                    reads[0].where(*where).subquery())).scalar_one())
            elif rows:
                skip = 0
            found += [(i, *r) for r in rows]
            if need is not None and len(found) >= need:
                break
        page = found[0 if single else offset:None if need is None else need - 1]
        more = need is not None and len(found) >= need and bool(page)
        return [r[1:] for r in page], encode_cursor(name, list(page[-1])) if more else None

    # ------------------------------------------------------------------ links
    def _edges(self, rows: Sequence[Any], evidence: int, offset: int = 0, pair: tuple[str, str] | None = None,
               reporters_too: bool = True, order: str = "strongest") -> list[Edge]:
        """Edges from their ``edge_summaries`` rows, each with a page of its evidence in
        ``order`` (EVIDENCE_ORDERS) and, with ``reporters_too``, its publishers and speakers
        (``pair``: all rows join these two)."""
        newest = _check_order(order, EVIDENCE_ORDERS)
        if not rows:
            return []
        keys = [(r.source_id, r.target_id, r.event, bool(r.mutual)) for r in rows]
        ec, er = edge_claims.c, edge_reporters.c
        reporters: dict[tuple[str, str, str, bool], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        page: dict[tuple[str, str, str, bool], list[int]] = {}
        wanted = set(keys)
        with self.engine.connect() as conn:
            # 200 edges a query: SQLite limits the depth of an expression (an OR of ANDs) to 1000
            chunks = [] if not reporters_too else [edge_filter(edge_reporters, *pair)] if pair else [
                key_in(edge_reporters, keys[i:i + 200]) for i in range(0, len(keys), 200)]
            for where in chunks:
                for a, b, ev, mu, kind, name in conn.execute(
                        select(er.source_id, er.target_id, er.event, er.mutual, er.kind, er.name)
                        .where(where, er.kind.in_(("publisher", "speaker")))
                        .order_by(er.claims.desc(), er.name)):
                    if (a, b, ev, bool(mu)) in wanted:
                        reporters[(a, b, ev, bool(mu))][kind].append(name)
            if evidence > 0 and order == "strongest":
                for key in keys:
                    # the evidence index serves this order: no sort of the edge's claims
                    page[key] = list(conn.execute(
                        select(ec.claim_id).where(ec.source_id == key[0], ec.target_id == key[1],
                                                  ec.event == key[2], ec.mutual == key[3])
                        .order_by(ec.negated, ec.rank, ec.published.desc(), ec.claim_id)
                        .limit(evidence).offset(offset)).scalars())
            elif evidence > 0:
                # by date, either way: a range of ix_edge_claims_edge_date
                row = (ec.date, ec.published, ec.claim_id)
                parts = [_Part((ec.date.is_not(None),), 3), _Part((ec.date.is_(None),), 2)]
                for key in keys:
                    read = select(*row).where(ec.source_id == key[0], ec.target_id == key[1], ec.event == key[2],
                                              ec.mutual == key[3])
                    found, _ = self._page_in_order(conn, [read], row, parts, f"evidence-{order}", newest, evidence,
                                                   offset, None)
                    page[key] = [r[-1] for r in found]
        loaded = {c.pk: c for c in self.load(pk for pks in page.values() for pk in pks)}
        out = [self._edge(r, [loaded[pk] for pk in page.get(key, []) if pk in loaded], reporters[key]["publisher"],
                          reporters[key]["speaker"], offset) for r, key in zip(rows, keys, strict=True)]
        out.sort(key=_strongest)
        return out

    def _edge(self, r: Any, evidence: list[StoredClaim], publishers: list[str], speakers: list[str],
              offset: int) -> Edge:
        """An edge from its figures (a row of ``edge_summaries``, or ``_FilteredEdge``)."""
        score, corroboration, certainty, negated = strength_of(r.claims, r.negated, r.certain, r.probable,
                                                               r.possible, r.affirmed_sources)
        return Edge(
            source=self.actors.actor(r.source_id), target=self.actors.actor(r.target_id), event=r.event,
            mutual=bool(r.mutual), claims=evidence, sources=r.sources, publishers=publishers, earliest=r.earliest,
            latest=r.latest, speakers=speakers, hedged_share=round(r.hedged / r.claims, 3), negated_share=negated,
            strength=Strength(score, r.affirmed_sources, corroboration, certainty, negated), count=r.claims,
            documents=r.documents, offset=offset)

    def edges_between(self, a: str | Actor, b: str | Actor, direction: str = "both",
                      event: str | None = None, evidence: int = 10, offset: int = 0,
                      reporters_too: bool = True, order: str = "strongest") -> list[Edge]:
        """The edges joining two actors, strongest first, each with ``evidence`` claims of
        its evidence from ``offset`` on, in ``order`` (EVIDENCE_ORDERS).  ``direction``:
        ``out`` keeps ``a`` acting on ``b``, ``in`` the reverse, ``both`` all (mutual edges
        too).  ``reporters_too=False`` leaves out the lists of publishers and speakers
        (figures only)."""
        x, y = self.find(a), self.find(b)
        s = edge_summaries.c
        q = select(edge_summaries)
        if direction == "out":
            q = q.where(s.source_id == x.id, s.target_id == y.id, s.mutual.is_(False))
        elif direction == "in":
            q = q.where(s.source_id == y.id, s.target_id == x.id, s.mutual.is_(False))
        else:
            q = q.where(edge_filter(edge_summaries, x.id, y.id))
        if event:
            q = q.where(s.event == event)
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return self._edges(rows, evidence, offset, pair=(x.id, y.id), reporters_too=reporters_too, order=order)

    # ------------------------------------------------------------------ links under filters
    def _filtered_pairs(self, wanted: Iterable[tuple[str, str]], f: ClaimFilter, reported: bool = False
                        ) -> dict[tuple[str, str], _FilteredPair]:
        """For each pair of actors (ids), the edges joining them built from their claims that
        pass ``f`` (its event type, certainty, polarity, mode, dates, publisher and review; not
        its actors or page), by the pair sorted.  Under a review filter the summaries answer,
        the pairs' ``edge_claims`` rows (index ranges) joined to their claims are summed up in
        the database, whatever their number, 50 pairs a statement (with ``reported``, their
        publishers and speakers too); otherwise the claims of each pair are tallied one by one."""
        todo = sorted({(min(a, b), max(a, b)) for a, b in wanted})
        if f.review in WITH_REJECTED:
            return {pair: self._tallied_pair(*pair, f) for pair in todo}
        figures: dict[EdgeKey, _FilteredEdge] = {}
        reporters: dict[EdgeKey, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        with self.engine.connect() as conn:
            for i in range(0, len(todo), 50):
                chunk = todo[i:i + 50]
                found = conn.execute(self._filtered_select(f, chunk, _CLAIMED, *_FIGURES).group_by(*_KEY)).all()
                for r in found:
                    figures[(r.source_id, r.target_id, r.event, bool(r.mutual))] = _FilteredEdge(
                        r.source_id, r.target_id, r.event, bool(r.mutual), r.claims, r.documents, int(r.negated),
                        int(r.hedged), int(r.certain), int(r.probable), int(r.possible), 0, 0, r.earliest, r.latest)
                if not found:
                    continue
                columns, joined = (_REPORTERS, _REPORTING) if reported else (_STORIES, _STORIED)
                for row in conn.execute(self._filtered_select(f, chunk, joined, *columns, func.count(),
                                                              has_documents=True).group_by(*columns)):
                    self._count_reporters(reporters[(row[0], row[1], row[2], bool(row[3]))], row)
        out = {pair: _FilteredPair({}, reporters, reported=reported) for pair in todo}
        for k, e in figures.items():
            e.sources, e.affirmed_sources = len(reporters[k]["story"]), len(reporters[k]["affirmed_story"])
            out[(min(k[0], k[1]), max(k[0], k[1]))].figures[k] = e
        return out

    @staticmethod
    def _count_reporters(named: dict[str, Counter[str]], row: Sequence[Any], sources: bool = True) -> None:
        """Adds a row of ``_STORIES`` or ``_REPORTERS`` and its count (last) to an edge's counts
        (``sources=False``: its publisher and speaker only)."""
        story, n = publisher_of(row[5], row[6], row[7]), row[-1]
        if sources:
            named["story"][story] += n
            if not row[4]:
                named["affirmed_story"][story] += n
        if len(row) > 9:
            by = publisher_of(row[8], row[9], row[10])
            named["publisher"][by] += n
            named["speaker"][row[11] or f"{by} (own voice)"] += n

    def _filtered_select(self, f: ClaimFilter, pairs: Sequence[tuple[str, str]], joined: Any, *what: Any,
                         has_documents: bool = False) -> Select[Any]:
        """``what`` of the ``edge_claims`` rows of the edges joining these pairs of actors whose
        claims pass ``f`` (a review filter the summaries answer), from ``joined``:
        ``edge_claims`` joined to ``claims``, and to ``documents`` when ``has_documents``
        (else the publisher filter joins it)."""
        if f.publisher and not has_documents:
            joined = joined.join(documents, documents.c.id == claims.c.document_id)
        q = select(*what).select_from(joined).where(or_(*[edge_filter(edge_claims, a, b) for a, b in pairs]))
        return self._claim_filters(_event_and_dates(q, edge_claims.c, f), replace(f, event=None), ())

    def _tallied_pair(self, a: str, b: str, f: ClaimFilter) -> _FilteredPair:
        """``_filtered_pairs`` under a review filter that takes in rejected claims, which no
        summary holds: the claims of the pair that pass (those the summaries hold from the
        pair's ``edge_claims`` rows, the rejected ones by the review index), at most
        ``MAX_FILTERED_CLAIMS`` by row id, tallied one by one."""
        ec, c = edge_claims.c, claims.c
        found: list[int] = []
        with self.engine.connect() as conn:
            if f.review != "rejected":
                q = self._filtered_select(replace(f, review=None), [(a, b)], _CLAIMED, ec.claim_id).distinct()
                if f.review == "reviewed":
                    q = q.where(c.review.is_not(None))
                found += conn.execute(q.order_by(ec.claim_id).limit(MAX_FILTERED_CLAIMS + 1)).scalars()
            q = self._claim_query(ClaimFilter(event=f.event, involving=a, since=f.since, until=f.until,
                                              certainty=f.certainty, polarity=f.polarity, mode=f.mode,
                                              publisher=f.publisher, review="rejected"))
            q = self._claim_filters(q, ClaimFilter(), ((b, ROLES),))
            found += conn.execute(q.order_by(c.id).limit(MAX_FILTERED_CLAIMS + 1)).scalars()
            pks = sorted(set(found))
            t = tally_claims(conn, pks[:MAX_FILTERED_CLAIMS])
        reporters: dict[EdgeKey, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        for r, n in t.reporters.items():
            reporters[r[:4]][r[4]][r[5]] += n
        figures = {k: _FilteredEdge(*k, claims=e.claims, documents=e.documents, negated=e.negated, hedged=e.hedged,
                                    certain=e.certain, probable=e.probable, possible=e.possible,
                                    sources=len(reporters[k]["story"]),
                                    affirmed_sources=len(reporters[k]["affirmed_story"]),
                                    earliest=e.earliest, latest=e.latest) for k, e in t.edges.items()}
        return _FilteredPair(figures, reporters, t, len(pks) > MAX_FILTERED_CLAIMS)

    def _tally_edges(self, pair: _FilteredPair, a: str, b: str, direction: str, f: ClaimFilter,
                     evidence: int = 0, offset: int = 0, only: set[EdgeKey] | None = None,
                     order: str = "strongest") -> list[Edge]:
        """The edges of a filtered pair joining ``a`` and ``b`` in ``direction`` (of the
        keys ``only`` when given), strongest first, each with a page of ``evidence`` claims
        that pass ``f``, in ``order`` as the summaries' evidence is (EVIDENCE_ORDERS)."""
        newest = _check_order(order, EVIDENCE_ORDERS)
        keys = [k for k in pair.figures if _joins(k, a, b, direction) and (f.event is None or k[2] == f.event)
                and (only is None or k in only)]
        page: dict[EdgeKey, list[int]] = {}
        if evidence > 0 and pair.tally is not None:
            rows: dict[EdgeKey, list[dict[str, Any]]] = defaultdict(list)
            shown = set(keys)
            for r in pair.tally.edge_claims:
                key = (r["source_id"], r["target_id"], r["event"], r["mutual"])
                if key in shown:
                    rows[key].append(r)
            for key, found in rows.items():
                if order == "strongest":
                    # negated last, then by certainty, newest first, by row id: stable sorts, last key first
                    found.sort(key=lambda r: r["claim_id"])
                    found.sort(key=lambda r: r["published"], reverse=True)
                    found.sort(key=lambda r: (r["negated"], r["rank"]))
                else:
                    # by date either way, the undated last (as ix_edge_claims_edge_date reads them)
                    found.sort(key=lambda r: (r["date"] or "", r["published"], r["claim_id"]), reverse=newest)
                    found.sort(key=lambda r: r["date"] is None)
                page[key] = [r["claim_id"] for r in found[offset:offset + evidence]]
        elif evidence > 0:
            ec = edge_claims.c
            with self.engine.connect() as conn:
                # a pair read for its figures only (a hop): the publishers and speakers of the edges shown
                missing = [k for k in keys if not pair.reported and "publisher" not in pair.reporters[k]]
                if missing:
                    for row in conn.execute(self._filtered_select(f, [(a, b)], _REPORTING, *_REPORTERS, func.count(),
                                                                  has_documents=True)
                                            .where(key_in(edge_claims, missing)).group_by(*_REPORTERS)):
                        self._count_reporters(pair.reporters[(row[0], row[1], row[2], bool(row[3]))], row, False)
                    for k in missing:
                        pair.reporters[k].setdefault("publisher", Counter())
                if order == "strongest":
                    ranked: tuple[Any, ...] = (ec.negated, ec.rank, ec.published.desc(), ec.claim_id)
                else:
                    ranked = (ec.date.is_(None), *((x.desc() if newest else x) for x in (ec.date, ec.published,
                                                                                           ec.claim_id)))
                for key in keys:
                    page[key] = list(conn.execute(self._filtered_select(f, [(a, b)], _CLAIMED, ec.claim_id)
                        .where(ec.source_id == key[0], ec.target_id == key[1], ec.event == key[2],
                               ec.mutual == key[3])
                        .order_by(*ranked).limit(evidence).offset(offset)).scalars())
        loaded = {c.pk: c for c in self.load(pk for pks in page.values() for pk in pks)}
        out = [self._edge(pair.figures[key], [loaded[pk] for pk in page.get(key, []) if pk in loaded],
                          _ranked(pair.reporters[key].get("publisher", Counter())),
                          _ranked(pair.reporters[key].get("speaker", Counter())), offset)
               for key in keys]
        out.sort(key=_strongest)
        return out

    def filtered_links(self, a: str | Actor, b: str | Actor, f: ClaimFilter, via: int = 0, direction: str = "both",
                       fanout: int = 20, max_degree: int = 100, limit: int = 10, evidence: int = 10,
                       offset: int = 0, order: str = "strongest") -> tuple[Links, bool]:
        """``links`` built from the claims that pass ``f`` (its event type, certainty,
        polarity, mode, dates, publisher and review), direct edges and paths alike: an
        edge's figures and evidence count only those claims, and a path is kept only when
        each of its hops has such claims (or is a part-of relation).  Paths are searched on
        the summaries as ``paths`` searches them, and the claims of the few candidate hops
        are then read and filtered.  The second value says whether a pair had more claims
        passing than are tallied (``MAX_FILTERED_CLAIMS``, under the review filters that take
        in rejected claims; the others sum up every claim that passes)."""
        x, y = self.find(a), self.find(b)
        pairs = self._filtered_pairs([(x.id, y.id)], f, reported=evidence > 0)
        edges = self._tally_edges(self._pair(pairs, x.id, y.id, f), x.id, y.id, direction, f, evidence, offset,
                                  order=order)
        paths = self._paths(x, y, via, direction, f.event, fanout, max_degree, limit, evidence, f, pairs, order) \
            if via > 0 else []
        return Links(x, y, edges, paths), any(p.truncated for p in pairs.values())

    def _pair(self, pairs: dict[tuple[str, str], _FilteredPair], a: str, b: str, f: ClaimFilter) -> _FilteredPair:
        """The filtered pair ``a``, ``b`` from ``pairs``, read (and kept there) if missing."""
        key = (min(a, b), max(a, b))
        if key not in pairs:
            pairs.update(self._filtered_pairs([key], f))
        return pairs[key]

    def _rejected_counterparts(self, direction: str) -> dict[str, Counter[str]]:
        """For each actor, its counterparts in rejected claims (the first ``MAX_FILTERED_CLAIMS``
        by row id), counted as ``neighbours`` counts: the paths that a filter taking in
        rejected claims may add to those the summaries know."""
        c = claims.c
        with self.engine.connect() as conn:
            pks = list(conn.execute(select(c.id).where(c.review == "rejected").order_by(c.id)
                                    .limit(MAX_FILTERED_CLAIMS)).scalars())
            pairs = tally_claims(conn, pks).actor_pairs if pks else Counter()
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for (who, way, other), n in pairs.items():
            if way == direction:
                out[who][other] += n
        return out

    def links(self, a: str | Actor, b: str | Actor, via: int = 0, direction: str = "both",
              event: str | None = None, fanout: int = 20, max_degree: int = 100, limit: int = 10,
              evidence: int = 10, offset: int = 0, order: str = "strongest") -> Links:
        """What links ``a`` and ``b``: their direct edges, strongest first, each with a page
        of ``evidence`` claims from ``offset`` on in ``order`` (EVIDENCE_ORDERS: certain
        affirmed claims first, or by date, newest or oldest first), and with ``via`` > 0
        paths through up to ``via`` intermediaries (see ``paths``)."""
        x, y = self.find(a), self.find(b)
        edges = self.edges_between(x, y, direction, event, evidence, offset, order=order)
        paths = self.paths(x, y, via, direction, event, fanout, max_degree, limit, evidence, order) if via > 0 else []
        return Links(x, y, edges, paths)

    def neighbours(self, ids: Sequence[str], direction: str = "both") -> dict[str, Counter[str]]:
        """For each actor of ``ids``, its counterparts with the number of claims they share:
        ``out`` counts the actors it acts on, ``in`` those acting on it, ``both`` all (co-actors
        too).  Read from ``actor_pairs``."""
        p = actor_pairs.c
        out: dict[str, Counter[str]] = {i: Counter() for i in ids}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), _CHUNK):
                for x, y, n in conn.execute(select(p.entity_id, p.other_id, p.claims)
                                            .where(p.entity_id.in_(list(ids[i:i + _CHUNK])),
                                                   p.direction == direction)):
                    out[x][y] = int(n)
        return out

    def top_counterparts(self, actor_id: str, direction: str = "both", top: int = 10) -> Counter[str]:
        """The ``top`` counterparts of an actor with most claims (ties by id), counted as in
        ``neighbours``: the first rows of ``ix_actor_pairs_strongest``, however many the
        actor has."""
        p = actor_pairs.c
        with self.engine.connect() as conn:
            return Counter({y: int(n) for y, n in conn.execute(
                select(p.other_id, p.claims).where(p.entity_id == actor_id, p.direction == direction)
                .order_by(p.claims.desc(), p.other_id).limit(top))})

    def counterpart_events(self, actor_id: str, others: Sequence[str]) -> dict[str, Counter[str]]:
        """For each of ``others``, the claims of the edges joining it to the actor, by event
        type (either way, mutual edges too): two index ranges of ``edge_summaries``."""
        s = edge_summaries.c
        out: dict[str, Counter[str]] = {o: Counter() for o in others}
        if not others:
            return out
        with self.engine.connect() as conn:
            for mine, theirs in ((s.source_id, s.target_id), (s.target_id, s.source_id)):
                for other, event, n in conn.execute(select(theirs, s.event, s.claims)
                                                    .where(mine == actor_id, theirs.in_(list(others)))):
                    out[other][event] += int(n)
        return out

    def _intermediaries(self, ids: Sequence[str], direction: str, most: int, top: int,
                        also: Sequence[str]) -> dict[str, Counter[str] | None]:
        """For each actor of ``ids``, None when it has more than ``most`` counterparts (a hub,
        never an intermediary; parts and wholes count), else its ``top`` counterparts with
        most claims and, of ``also`` and the stored actors it is part of or that are part of
        it, those it shares claims with; a part or whole counts one claim more.  Each actor
        costs its count (at most ``most`` + 1 index entries), a page of
        ``ix_actor_pairs_strongest`` and a few rows by key, not its counterparts."""
        p = actor_pairs.c
        out: dict[str, Counter[str] | None] = {}
        with self.engine.connect() as conn:
            for i in ids:
                mine = (p.entity_id == i, p.direction == direction)
                degree = int(conn.execute(select(func.count()).select_from(
                    select(p.other_id).where(*mine).limit(most + 1).subquery())).scalar_one())
                structural = self._structural(i)
                known = Counter({y: int(n) for y, n in conn.execute(
                    select(p.other_id, p.claims).where(*mine, p.other_id.in_([*also, *structural])))})
                degree += sum(1 for other in set(structural) if other not in known)
                if degree > most:
                    out[i] = None
                    continue
                for other, n in conn.execute(select(p.other_id, p.claims).where(*mine)
                                             .order_by(p.claims.desc(), p.other_id).limit(top)):
                    known[other] = int(n)
                for other in structural:
                    known[other] += 1
                out[i] = known
        return out

    def _pair_claims(self, a: str, b: str, direction: str) -> int:
        p = actor_pairs.c
        with self.engine.connect() as conn:
            return int(conn.execute(select(p.claims).where(p.entity_id == a, p.direction == direction,
                                                           p.other_id == b)).scalar() or 0)

    def paths(self, a: str | Actor, b: str | Actor, via: int = 1, direction: str = "both",
              event: str | None = None, fanout: int = 20, max_degree: int = 100, limit: int = 10,
              evidence: int = 10, order: str = "strongest") -> list[Path]:
        """Paths from ``a`` to ``b`` through 1 to ``via`` (at most 3) intermediaries,
        strongest first, at most ``limit``.  Bounded so that hubs cannot explode the answer:
        each actor on a path is continued only through its ``fanout`` counterparts with the
        most claims, and an actor with more than ``max_degree`` counterparts (a super-node
        such as the United States) is never an intermediary."""
        return self._paths(self.find(a), self.find(b), via, direction, event, fanout, max_degree, limit, evidence,
                           None, {}, order)

    def _paths(self, x: Actor, y: Actor, via: int, direction: str, event: str | None, fanout: int, max_degree: int,
               limit: int, evidence: int, claim_filter: ClaimFilter | None,
               pairs: dict[tuple[str, str], _FilteredPair], order: str = "strongest") -> list[Path]:
        """``paths``; with ``claim_filter``, each hop's edges are built from the claims that
        pass it (``pairs`` keeps them, by pair), their evidence in the summaries' order."""
        via = max(0, min(via, MAX_VIA))
        # counterparts in rejected claims, when the filter takes them in: the summaries hold none
        extra = self._rejected_counterparts(direction) if claim_filter is not None and \
            claim_filter.review in WITH_REJECTED else {}
        # an intermediary's strongest counterparts (enough for fanout once those on the path
        # and the last actor are left out) and the last actor, or None when it has more than
        # max_degree (a hub is never one)
        adjacency: dict[str, Counter[str] | None] = {}

        def expand(nodes: Iterable[str]) -> None:
            missing = [n for n in dict.fromkeys(nodes) if n not in adjacency]
            adjacency.update(self._intermediaries(missing, direction, max_degree, fanout + via + 2, [y.id]))
            for n in missing:
                known = adjacency[n]
                if known is not None:
                    known.update(extra.get(n, {}))

        # the first actor may be a hub: only its fanout strongest counterparts are followed
        start = self.top_counterparts(x.id, direction, fanout + 1)
        for other in self._structural(x.id):
            start[other] = (start[other] or self._pair_claims(x.id, other, direction)) + 1
        start.update(extra.get(x.id, {}))
        adjacency[x.id] = start
        partial: list[list[str]] = [[x.id]]
        found: list[list[str]] = []
        for depth in range(via):
            nxt: list[list[str]] = []
            for p in partial:
                # most claims first, ties by id (the same order on both backends)
                ranked = [n for n, _ in sorted((adjacency[p[-1]] or Counter()).items(), key=lambda kv: (-kv[1], kv[0]))
                          if n != y.id and n not in p]
                for n in ranked[:fanout]:
                    nxt.append([*p, n])
            expand(p[-1] for p in nxt)
            partial = []
            for p in nxt:
                counterparts = adjacency[p[-1]]
                if counterparts is None:
                    continue
                if y.id in counterparts:
                    found.append([*p, y.id])
                if depth + 1 < via:
                    partial.append(p)
        # rank by the weakest hop's claim count, then load the evidence of the best ones
        found.sort(key=lambda p: (-min((adjacency[u] or Counter())[v] for u, v in zip(p, p[1:], strict=False)),
                                  len(p), p))
        # hops are ranked on their summaries; evidence is loaded for the paths returned only
        edges_of: dict[tuple[str, str], list[Edge]] = {}
        out: list[Path] = []
        if claim_filter is not None:
            # the hops of the candidates, read under the filter together
            hops_wanted = {(u, v) for p in found[:limit * 3] for u, v in zip(p, p[1:], strict=False)}
            pairs.update(self._filtered_pairs([(min(u, v), max(u, v)) for u, v in hops_wanted
                                               if (min(u, v), max(u, v)) not in pairs], claim_filter))
        for p in found[:limit * 3]:
            hops = []
            for u, v in zip(p, p[1:], strict=False):
                if (u, v) not in edges_of:
                    edges_of[(u, v)] = self.edges_between(
                        u, v, direction, event, evidence=0, reporters_too=False) if claim_filter is None else \
                        self._tally_edges(self._pair(pairs, u, v, claim_filter), u, v, direction, claim_filter)
                hops.append(Hop(self.actors.actor(u), self.actors.actor(v), edges_of[(u, v)],
                                self._relation(u, v)))
            if all(h.edges or h.relation for h in hops):
                out.append(Path([self.actors.actor(n) for n in p], hops))
        out.sort(key=lambda p: (-p.strength, len(p.actors)))
        out = out[:limit]
        if evidence > 0:
            # the strongest edges of each hop get their evidence, publishers and speakers (the
            # others keep their figures): between two hubs a hop has an edge for most event types
            with_evidence: dict[tuple[str, str], list[Edge]] = {}
            for path in out:
                for h in path.hops:
                    if (h.a.id, h.b.id) not in with_evidence:
                        keys = [(e.source.id, e.target.id, e.event, e.mutual) for e in h.edges[:HOP_EVIDENCE]]
                        shown = self.edges_by_key(keys, evidence, order) if claim_filter is None else \
                            self._tally_edges(self._pair(pairs, h.a.id, h.b.id, claim_filter), h.a.id, h.b.id,
                                              direction, claim_filter, evidence, only=set(keys), order=order)
                        with_evidence[(h.a.id, h.b.id)] = shown + h.edges[HOP_EVIDENCE:]
                    h.edges = with_evidence[(h.a.id, h.b.id)]
        return out

    def edges_by_key(self, keys: Sequence[tuple[str, str, str, bool]], evidence: int = 10,
                     order: str = "strongest") -> list[Edge]:
        """These edges (source, target, event, mutual), strongest first, each with a page of
        ``evidence`` claims in ``order``, its publishers and its speakers."""
        if not keys:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(select(edge_summaries).where(key_in(edge_summaries, keys))).all()
        return self._edges(rows, evidence, order=order)

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
    def _claim_query(self, f: ClaimFilter) -> Select[Any]:
        c, d = claims.c, documents.c
        date = func.coalesce(c.time_start, d.published)
        q = select(c.id).select_from(claims.join(documents, d.id == c.document_id))
        q = self._claim_filters(q, f, ((f.actor, ("actor",)), (f.recipient, ("recipient",)), (f.involving, ROLES)))
        if f.review is None:
            q = q.where(func.coalesce(c.review, "") != "rejected")
        elif f.review == "reviewed":
            q = q.where(c.review.is_not(None))
        elif f.review == "rejected":
            q = q.where(c.review == "rejected")
        if f.since:
            q = q.where(date >= f.since)
        if f.until:
            q = q.where(date <= _upper_date(f.until))
        return q

    def _claim_filters(self, q: Select[Any], f: ClaimFilter, names: Iterable[tuple[str | None, Sequence[str]]]
                       ) -> Select[Any]:
        """``q`` (a select over ``claims``, and ``documents`` when a publisher is asked)
        narrowed by the filter's fields, actors and review status but its dates and its
        ``None`` review."""
        c, d = claims.c, documents.c
        for value, column in ((f.event, c.event), (f.certainty, c.certainty), (f.polarity, c.polarity),
                              (f.mode, c.mode)):
            if value:
                q = q.where(column == value)
        for name, roles in names:
            if name:
                who = self.find(name)
                q = q.where(c.id.in_(select(claim_entities.c.claim_id)
                                     .join(mentions, mentions.c.id == claim_entities.c.mention_id)
                                     .where(mentions.c.entity_id == who.id, claim_entities.c.role.in_(roles))))
        if f.review == "unreviewed":
            q = q.where(c.review.is_(None))
        elif f.review in ("confirmed", "corrected"):
            q = q.where(c.review == f.review)
        if f.publisher:
            q = q.where(or_(d.site == f.publisher, d.url.like(f"%://{f.publisher}/%"),
                            d.url.like(f"%://www.{f.publisher}/%")))
        return q

    def _actor_range(self, f: ClaimFilter) -> tuple[str, str, int] | None:
        """The ``actor_timeline`` range that holds every claim ``f`` selects: (actor id, role,
        its claims), the smallest of the actors named; None when no actor is named or the
        claims asked for include rejected ones (the summaries hold none)."""
        if f.review not in SUMMARY_REVIEWS:
            return None
        named = [(self.find(name).id, role) for name, role in
                 ((f.actor, "actor"), (f.recipient, "recipient"), (f.involving, "either")) if name]
        if not named:
            return None
        ac = actor_claims.c
        with self.engine.connect() as conn:
            sizes = {(i, r): int(n) for i, r, n in conn.execute(
                select(ac.entity_id, ac.role, func.sum(ac.claims))
                .where(or_(*[and_(ac.entity_id == i, ac.role == r) for i, r in named]),
                       *([ac.event == f.event] if f.event else []))
                .group_by(ac.entity_id, ac.role))}
        return min(((i, r, sizes.get((i, r), 0)) for i, r in named), key=lambda x: x[2])

    def _timeline_query(self, f: ClaimFilter, entity_id: str, role: str, *what: Any) -> Select[Any]:
        """``what`` of the claims ``f`` selects, read from the actor's ``actor_timeline`` range
        (claims and documents joined only for the filters that need them)."""
        t, c, d = actor_timeline.c, claims.c, documents.c
        q = _event_and_dates(select(*what).where(t.entity_id == entity_id, t.role == role), t, f)
        rest = ClaimFilter(certainty=f.certainty, polarity=f.polarity, mode=f.mode, publisher=f.publisher,
                           review=f.review)
        names = [(n, roles) for n, roles, r in ((f.actor, ("actor",), "actor"), (f.recipient, ("recipient",),
                                                "recipient"), (f.involving, ROLES, "either"))
                 if n and not (r == role and self.find(n).id == entity_id)]
        if any((f.certainty, f.polarity, f.mode, f.publisher, f.review, names)):
            q = q.join(claims, c.id == t.claim_id)
            if f.publisher:
                q = q.join(documents, d.id == c.document_id)
            q = self._claim_filters(q, rest, names)
        return q

    def claim_ids(self, f: ClaimFilter, by: str = "refers") -> list[int]:
        """Row ids of the claims that ``f`` selects, by date (``refers``: the date referred
        to, else published; ``published``), from ``f.offset`` on (after ``f.cursor``), at
        most ``f.limit``.  With an actor named, a page is read in index order from
        ``actor_timeline``."""
        return self._claim_page(f, by)[0]

    def _claim_page(self, f: ClaimFilter, by: str) -> tuple[list[int], str | None]:
        """``claim_ids`` and the cursor of the page after it (None when it is the last)."""
        newest = _check_order(f.order)
        found = self._actor_range(f)
        if found is None:
            if f.cursor:
                raise BadCursor("a cursor pages the claims of a named actor (actor, recipient or involving); "
                                "use the offset")
            c, d = claims.c, documents.c
            published = func.coalesce(d.published, "")
            date = func.coalesce(c.time_start, d.published) if by == "refers" else d.published
            key = (date, published, c.id)
            q = self._claim_query(f).order_by(date.is_(None), *[k.desc() for k in key] if newest else key)
            if f.limit:
                q = q.limit(f.limit)
            if f.offset:
                q = q.offset(f.offset)
            with self.engine.connect() as conn:
                return list(conn.execute(q).scalars()), None
        t = actor_timeline.c
        # the actor's index in either direction: (un)dated or (un)published, then the rest of its key
        flag, row = (t.undated, (t.undated, t.date, t.published, t.claim_id)) if by == "refers" else \
            (t.unpublished, (t.unpublished, t.published, t.claim_id))
        parts = [_Part((flag == false(),), len(row) - 1), _Part((flag == true(),), len(row) - 2)]
        with self.engine.connect() as conn:
            rows, cursor = self._page_in_order(conn, [self._timeline_query(f, found[0], found[1], *row)], row, parts,
                                               f"actor-{by}-{f.order}", newest, f.limit, f.offset, f.cursor)
        return [r[-1] for r in rows], cursor

    def count_claims(self, f: ClaimFilter) -> int:
        """How many claims ``f`` selects (limit and offset aside): an actor's claims of an
        event type are counted in ``actor_claims``."""
        found = self._actor_range(f)
        if found is not None:
            entity_id, role, n = found
            named = sum(1 for x in (f.actor, f.recipient, f.involving) if x)
            if named == 1 and not any((f.since, f.until, f.certainty, f.polarity, f.mode, f.publisher, f.review)):
                return n
            q = self._timeline_query(f, entity_id, role, func.count())
            with self.engine.connect() as conn:
                return int(conn.execute(q).scalar_one())
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(self._claim_query(f).subquery())).scalar_one())

    def claims(self, f: ClaimFilter | None = None, **fields: Any) -> ClaimList:
        """A page of the claims a filter selects (``ClaimFilter`` or its fields as keywords),
        with the number of all of them."""
        f = f or ClaimFilter(**fields)
        pks, cursor = self._claim_page(f, "refers")
        found = self.load(pks)
        total = len(found) + f.offset if not f.cursor and (not f.limit or len(found) < f.limit) else \
            self.count_claims(f)
        return ClaimList(found, total=total, offset=f.offset, next_cursor=cursor, cursor=f.cursor)

    def iter_claims(self, f: ClaimFilter | None = None, batch: int = 2000) -> Iterator[StoredClaim]:
        """The claims a filter selects, loaded a batch at a time (for exports)."""
        pks = self.claim_ids(f or ClaimFilter())
        for i in range(0, len(pks), batch):
            yield from self.load(pks[i:i + batch])

    def edges(self, f: ClaimFilter | None = None, evidence: int = 5) -> list[Edge]:
        """Every edge of the claims a filter selects, strongest first.  Without a filter, or
        with one only on the event type and the actors, the edges are read from their
        summaries, with ``evidence`` claims each; otherwise they are built from the claims."""
        f = f or ClaimFilter()
        if any((f.since, f.until, f.certainty, f.polarity, f.mode, f.publisher, f.review, f.limit, f.offset)):
            return build_edges(self.iter_claims(f))
        s = edge_summaries.c
        q = select(edge_summaries)
        if f.event:
            q = q.where(s.event == f.event)
        if f.actor:
            # its edges as actor: acting on others, and acting with others (a mutual edge
            # names the smaller id first)
            who = self.find(f.actor).id
            q = q.where(or_(s.source_id == who, and_(s.mutual.is_(True), s.target_id == who)))
        if f.recipient:
            q = q.where(s.target_id == self.find(f.recipient).id, s.mutual.is_(False))
        if f.involving:
            involved = self.find(f.involving).id
            q = q.where(or_(s.source_id == involved, s.target_id == involved))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return self._edges(rows, evidence)

    # ------------------------------------------------------------------ timelines
    def timeline(self, a: str | Actor, b: str | Actor | None = None, by: str = "refers",
                 event: str | None = None, limit: int | None = 50, offset: int = 0,
                 cursor: str | None = None, order: str = "oldest") -> Timeline:
        """A page of the claims between ``a`` and ``b`` (or all of ``a``'s) in date order,
        ``limit`` entries from ``offset`` on (or after ``cursor``, a page's ``next_cursor``),
        with the number of all: ``by="refers"`` places a claim at the date it refers to,
        when it names one, else at its publication date; ``by="published"`` always at the
        publication date.  ``order``: ``oldest`` or ``newest`` first (the undated last)."""
        x = self.find(a)
        _check_order(order)
        if b is not None:
            y = self.find(b)
            pks, next_cursor = self._pair_page(x.id, y.id, by, event, limit, offset, cursor, order)
            found = self.load(pks)
            total = self._pair_total(x.id, y.id, event)
        else:
            f = ClaimFilter(involving=x.id, event=event, limit=limit, offset=offset, cursor=cursor, order=order)
            pks, next_cursor = self._claim_page(f, by)
            found = self.load(pks)
            total = self.count_claims(f)
        return Timeline(timeline_entries(found, by, order), total=total, offset=offset, next_cursor=next_cursor,
                        cursor=cursor)

    def _pair_page(self, a: str, b: str, by: str, event: str | None, limit: int | None, offset: int,
                   cursor: str | None, order: str = "oldest") -> tuple[list[int], str | None]:
        """A page of the claims between ``a`` and ``b`` by the date they refer to (else
        published) or by publication date, the undated last, and the cursor of the next.
        Each direction's claims are a range of ``ix_edge_claims_pair_date`` (or
        ``ix_edge_claims_pair_published``) in that order, either way (a mutual edge is stored
        with its smaller id first): the page is merged from the first rows of each, however
        many claims the pair has."""
        e = edge_claims.c
        row: tuple[Any, ...]
        if by == "refers":
            row = (e.date, e.published, e.claim_id)
            parts = [_Part((e.date.is_not(None),), 3), _Part((e.date.is_(None),), 2)]
        else:
            # the publication date is '' when unknown
            row = (e.published, e.claim_id)
            parts = [_Part((e.published > "",), 2), _Part((e.published == "",), 1)]
        where = [e.event == event] if event else []
        reads = [select(*row).where(e.source_id == s, e.target_id == t, *where) for s, t in ((a, b), (b, a))]
        with self.engine.connect() as conn:
            rows, next_cursor = self._page_in_order(conn, reads, row, parts, f"pair-{by}-{order}", order == "newest",
                                                    limit, offset, cursor)
        return [r[-1] for r in rows], next_cursor

    def _pair_total(self, a: str, b: str, event: str | None) -> int:
        """The claims between two actors: one row of ``actor_pairs``, or with an event type
        those of the pair's edges of that type."""
        with self.engine.connect() as conn:
            if event is None:
                p = actor_pairs.c
                return int(conn.execute(select(p.claims).where(p.entity_id == a, p.direction == "both",
                                                               p.other_id == b)).scalar() or 0)
            e = edge_claims.c
            return int(conn.execute(select(func.count(distinct(e.claim_id)))
                                    .where(edge_filter(edge_claims, a, b), e.event == event)).scalar_one())

    # ------------------------------------------------------------------ actor profiles
    def actor(self, name: str | Actor, top: int = 10) -> Profile:
        """Aliases, type, country, sector, affiliations, claims in and out by event type,
        the counterparts with most claims, and the publishers that report on the actor
        (read from the summaries)."""
        x = self.find(name)
        ac, ap = actor_claims.c, actor_publishers.c
        with self.engine.connect() as conn:
            by_role: dict[str, dict[str, int]] = {"actor": {}, "recipient": {}, "source": {}}
            for role, event, n in conn.execute(
                    select(ac.role, ac.event, ac.claims).where(ac.entity_id == x.id, ac.role.in_(by_role))
                    .order_by(ac.claims.desc(), ac.event)):
                by_role[role][event] = int(n)
            as_speaker = sum(by_role["source"].values())
            pubs = [(p, int(n)) for p, n in conn.execute(
                select(ap.publisher, ap.documents).where(ap.entity_id == x.id)
                .order_by(ap.documents.desc(), ap.publisher).limit(top))]
            d = documents.c
            pm, om = mentions.alias("pm"), mentions.alias("om")
            f = affiliations.c
            # the affiliations first, their documents' texts after: joined in one statement,
            # SQLite may read the documents table whole to find the few affiliations
            found = conn.execute(
                select(f.id, pm.c.entity_id.label("person"), om.c.entity_id.label("org"), f.role, f.former,
                       f.document_id, f.evidence_start, f.evidence_end)
                .select_from(affiliations.join(pm, pm.c.id == f.person_mention_id)
                             .join(om, om.c.id == f.organization_mention_id))
                .where(or_(pm.c.entity_id == x.id, om.c.entity_id == x.id)).order_by(f.id)).all()
            texts = {r.id: (r.doc_id, r.ev) for r in conn.execute(
                select(f.id, d.doc_id, func.substr(d.text, f.evidence_start + 1,
                                                   f.evidence_end - f.evidence_start).label("ev"))
                .join(documents, d.id == f.document_id).where(f.id.in_([r.id for r in found])))} if found else {}
            affs = []
            for r in found:
                doc_id, ev = texts[r.id]
                view = AffiliationView(self.actors.actor(r.person), self.actors.actor(r.org), r.role,
                                       bool(r.former), doc_id, ev)
                if view not in affs:
                    affs.append(view)
        counterparts = self.top_counterparts(x.id, "both", top).most_common(top)
        parents = self.actors.ancestors(x.id)
        return Profile(actor=x, aliases=self.actors.all_aliases(x.id),
                       part_of=self.actors.actor(parents[0]) if parents else None, affiliations=affs,
                       claims_out=by_role["actor"], claims_in=by_role["recipient"], as_speaker=as_speaker,
                       counterparts=[(self.actors.actor(i), n) for i, n in counterparts],
                       publishers=pubs)

    # ------------------------------------------------------------------ contradictions
    def contradictions(self, actor: str | Actor | None = None, other: str | Actor | None = None,
                       event: str | None = None, limit: int | None = 20, offset: int = 0,
                       evidence: int = 5, cursor: str | None = None) -> Contradictions:
        """Pairs of actors with claims that cannot all hold, listed side by side: the same
        event type both affirmed and negated between them (``negated``), and affirmed claims
        against a denial by one of the two (``denied``): a claim whose trigger is a denial
        ("Iran denied funding al-Qaeda"), or a reported denial whose speaker is one of them
        (or part of one, as a ministry of its state) naming the other within
        ``DENIAL_WINDOW`` characters of its cue.  ``actor`` and ``other`` narrow the pairs.
        A page: ``limit`` contradictions from ``offset`` on, or after ``cursor`` (a page's
        ``next_cursor``), negated ones first, each with the first ``evidence`` claims of
        either side, and the number of all.  Everything is
        read from summaries (``edge_summaries.contradicted``, ``denial_pairs``, ``denials``):
        an actor's page costs the same however many claims the store holds."""
        who = {self.find(actor).id} if actor is not None else None
        them = {self.find(other).id} if other is not None else None

        def wanted(p: str, q: str) -> bool:
            pair = {p, q}
            return (who is None or bool(pair & who)) and (them is None or bool(pair & them))

        # a cursor names the last pair of a page: (0, event, source, target) of a negated
        # edge, or (1, denier, other, '') of a denied pair
        after = decode_cursor(cursor, "contradictions", 4) if cursor else None
        if after is not None and (after[0] not in (0, 1) or not all(isinstance(x, str) for x in after[1:])):
            raise BadCursor(f"not a cursor of this list (ordered by contradictions): {cursor!r}")
        fetch = limit + 1 if limit else None
        negated: list[Any]
        if after is not None and after[0] == 1:
            n_negated, negated = self._negated_edges(who, them, event, 0, 1)[0], []
        else:
            n_negated, negated = self._negated_edges(who, them, event, 0 if after else offset, fetch,
                                                     tuple(after[1:]) if after else None)
        denied = self._denied_pairs(wanted, who, them)
        total = n_negated + len(denied)
        if after is not None:
            denied = [pair for pair in denied if after[0] == 0 or pair > (after[1], after[2])]
        else:
            denied = denied[max(0, offset - n_negated):]
        keys = [(0, r.event, r.source_id, r.target_id) for r in negated] + [(1, a, b, "") for a, b in denied]
        shown = keys[:limit] if limit else keys
        out = self._negated(negated[:len(shown)], evidence)
        page = [(a, b) for kind, a, b, _ in shown if kind == 1]
        out += [x for x in (self._denied(pair, event, evidence) for pair in page) if x is not None]
        more = bool(limit) and len(keys) > len(shown) and bool(shown)
        return Contradictions(out, total=total, offset=0 if after else offset,
                              next_cursor=encode_cursor("contradictions", list(shown[-1])) if more else None,
                              cursor=cursor)

    def _negated_edges(self, who: set[str] | None, them: set[str] | None, event: str | None, offset: int,
                       limit: int | None, after: tuple[str, str, str] | None = None) -> tuple[int, list[Any]]:
        """How many edges have claims both affirmed and negated, and the summaries of those
        from ``offset`` on, or after the edge ``after`` (event, source, target), at most
        ``limit``, in the order (event, source, target).  For one actor, its edges as source
        and as target are two ranges of their indexes, counted there and merged a page long
        (from ``after``, each range starts there)."""
        s = edge_summaries.c
        anchor = next(iter(who or them or ()), None)
        with self.engine.connect() as conn:
            if anchor is None:
                where = [s.contradicted == true()] + ([s.event == event] if event else [])
                total = int(conn.execute(select(func.count()).select_from(edge_summaries).where(*where)).scalar_one())
                if after is not None:
                    where.append(tuple_(s.event, s.source_id, s.target_id) > tuple_(*after))
                q = select(edge_summaries).where(*where).order_by(s.event, s.source_id, s.target_id).offset(offset)
                return total, list(conn.execute(q.limit(limit) if limit else q).all()) if offset < total else []
            # with both actors named, the other end must be the second (unless they are one)
            second = them if who and them and them != who else None
            total, sides = 0, []
            for mine, theirs in ((s.source_id, s.target_id), (s.target_id, s.source_id)):
                where = [mine == anchor, s.contradicted == true()] + ([s.event == event] if event else []) + \
                    ([theirs.in_(second)] if second else [])
                total += int(conn.execute(select(func.count()).select_from(edge_summaries).where(*where))
                             .scalar_one())
                if after is not None:
                    where.append(_after_edge(after, anchor, mine is s.source_id, s.event, theirs))
                q = select(edge_summaries).where(*where).order_by(s.event, theirs)
                sides.append(conn.execute(q.limit(offset + limit) if limit else q).all())
        merged = list(heapq.merge(*sides, key=lambda r: (r.event, r.source_id, r.target_id)))
        return total, merged[offset:offset + limit if limit else None]

    def _evidence_page(self, key: tuple[str, str, str, bool], negated: bool, n: int) -> list[int]:
        e = edge_claims.c
        with self.engine.connect() as conn:
            return list(conn.execute(
                select(e.claim_id).where(e.source_id == key[0], e.target_id == key[1], e.event == key[2],
                                         e.mutual == key[3], e.negated == negated)
                .order_by(e.rank, e.published.desc(), e.claim_id).limit(n)).scalars())

    def _negated(self, rows: list[Any], evidence: int) -> list[Contradiction]:
        """The contradictions of these edges, the claims of all their pages loaded at once."""
        pages = []
        for r in rows:
            key = (r.source_id, r.target_id, r.event, bool(r.mutual))
            pages.append((self._evidence_page(key, False, evidence), self._evidence_page(key, True, evidence)))
        loaded = {c.pk: c for c in self.load(pk for affirmed, against in pages for pk in affirmed + against)}
        return [Contradiction("negated", self.actors.actor(r.source_id), self.actors.actor(r.target_id), r.event,
                              [loaded[pk] for pk in affirmed if pk in loaded],
                              [loaded[pk] for pk in against if pk in loaded],
                              affirmed_count=r.claims - r.negated, against_count=r.negated)
                for r, (affirmed, against) in zip(rows, pages, strict=True)]

    def _family(self, actor_id: str) -> list[str]:
        """The actor and the stored actors that are part of it (whose denials are its own)."""
        self._structural(actor_id)  # builds the map of parts
        assert self._children is not None
        return [actor_id, *self._children.get(actor_id, [])]

    def _denied_pairs(self, wanted: Any, who: set[str] | None = None,
                      them: set[str] | None = None) -> list[tuple[str, str]]:
        """Pairs (denier, other), sorted, with a denial between them (a claim whose trigger is
        one, or a reported denial by the denier or a part of it naming the other) and
        affirmed claims between them: read from ``denial_pairs`` (an actor's rows are its
        counterparts, not its claims) and ``actor_pairs``."""
        dp, p = denial_pairs.c, actor_pairs.c
        anchor = next(iter(who or them or ()), None)
        pairs: set[tuple[str, str]] = set()
        with self.engine.connect() as conn:
            q = select(dp.denier_id, dp.other_id, dp.kind).where(dp.kind.in_(("claim", "said")))
            found = list(conn.execute(q).all()) if anchor is None else [
                *conn.execute(q.where(dp.denier_id.in_(self._family(anchor)))),
                *conn.execute(q.where(dp.other_id == anchor))]
            for denier, other, kind in found:
                for speaker in [denier] if kind == "claim" else [denier, *self.actors.ancestors(denier)]:
                    if other != speaker:
                        pairs.add((speaker, other))
            kept = [pair for pair in sorted(pairs) if wanted(*pair)]
            # only pairs with affirmed claims between them contradict anything
            if anchor is not None:
                affirmed = {frozenset((anchor, x)) for x in conn.execute(
                    select(p.other_id).where(p.entity_id == anchor, p.direction == "affirmed")).scalars()}
            else:
                affirmed = set()
                for i in range(0, len(kept), 200):
                    affirmed |= {frozenset((a, t)) for a, t in conn.execute(
                        select(p.entity_id, p.other_id).where(
                            p.direction == "affirmed",
                            or_(*[and_(p.entity_id == a, p.other_id == t) for a, t in kept[i:i + 200]])))}
        return [pair for pair in kept if frozenset(pair) in affirmed]

    def _reported_denials(self, ids: list[int]) -> tuple[set[tuple[int, int]], list[Denial]]:
        """The reported denials of these attribution row ids, and where their cues are
        (document, offset): claims read from a denial's own sentence are not denied by it."""
        d, m, a_ = documents.c, mentions.c, attributions.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(a_.document_id, a_.cue_text, a_.cue_start, a_.cue_end, a_.content_start, a_.content_end,
                       m.entity_id, d.doc_id, d.site, d.url, d.published,
                       func.substr(d.text, a_.content_start + 1, a_.content_end - a_.content_start).label("content"))
                .join(mentions, m.id == a_.source_mention_id).join(documents, d.id == a_.document_id)
                .where(a_.id.in_(ids)).order_by(a_.id)).all() if ids else []
        return {(r.document_id, r.cue_start) for r in rows}, [
            Denial(r.doc_id, self.actors.actor(r.entity_id), Span(r.cue_text, r.cue_start, r.cue_end),
                   Span(r.content, r.content_start, r.content_end), publisher_of(r.site, r.url, r.doc_id), r.published)
            for r in rows]

    def _denied(self, pair: tuple[str, str], event: str | None, evidence: int) -> Contradiction | None:
        """The contradiction of a pair with a denial: a page of its affirmed claims that are
        not the denials themselves, the first denial claims and the reported denials."""
        s, t = pair
        dn, dp = denials.c, denial_pairs.c
        with self.engine.connect() as conn:
            counts = dict(conn.execute(select(dp.kind, dp.refs).where(dp.denier_id == s, dp.other_id == t)).all())
            against_page = list(conn.execute(select(dn.ref_id).where(dn.denier_id == s, dn.other_id == t,
                                                                     dn.kind == "claim")
                                             .order_by(dn.ref_id).limit(evidence)).scalars())
            # reported denials by the denier or a part of it
            said = sorted(set(conn.execute(select(dn.ref_id).where(
                dn.denier_id.in_(self._family(s)), dn.other_id == t, dn.kind == "said")).scalars()))
        cue_at, denials_ = self._reported_denials(said)
        n_against = int(counts.get("claim", 0))
        # denial claims between the two are on the other side, whatever their polarity
        edges = self.edges_between(s, t, "both", event, evidence=0, reporters_too=False)
        affirmed_count = sum(e.count - round(e.negated_share * e.count) for e in edges) - int(counts.get("affirmed", 0))
        if affirmed_count <= 0:
            return None

        # a little more than a page of each edge: the pair's denial claims, and claims read from
        # a reported denial's sentence, are dropped; the oldest of the rest are shown
        e_, c, dn = edge_claims.c, claims.c, denials.c
        candidates: dict[int, str] = {}
        with self.engine.connect() as conn:
            for e in edges:
                candidates.update((pk, published) for pk, published in conn.execute(
                    select(e_.claim_id, e_.published).where(
                        e_.source_id == e.source.id, e_.target_id == e.target.id, e_.event == e.event,
                        e_.mutual == e.mutual, e_.negated == false())
                    .order_by(e_.rank, e_.published.desc(), e_.claim_id)
                    .limit(evidence + min(n_against + len(cue_at), DENIAL_SLACK))))
            pks = sorted(candidates)
            dropped = set(conn.execute(select(dn.ref_id).where(dn.denier_id == s, dn.other_id == t, dn.kind == "claim",
                                                               dn.ref_id.in_(pks))).scalars()) if pks else set()
            if cue_at and pks:
                dropped |= {pk for pk, doc, start, end in conn.execute(
                    select(c.id, c.document_id, c.evidence_start, c.evidence_end).where(c.id.in_(pks)))
                    if any(doc == d and start <= at < end for d, at in cue_at)}
        kept = sorted((published, pk) for pk, published in candidates.items() if pk not in dropped)
        if not kept:
            return None
        shown = self.load(pk for _, pk in kept[:evidence])
        return Contradiction("denied", self.actors.actor(s), self.actors.actor(t), event, shown,
                             self.load(against_page), denials_, affirmed_count=affirmed_count,
                             against_count=n_against)
