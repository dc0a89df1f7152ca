"""Edge and actor summaries, kept in step with the claims.

An edge gathers the claims of one event type in which one actor acts on another (or two
act together: a mutual edge, stored once with ``source_id < target_id``).  Queries need
its figures (counts, sources, certainty, negated share, first and last report, strength)
and the first page of its evidence, not its thousands of claims.  So each document's
claims are added to (or, when it is deleted, taken from) these tables in the transaction
that writes (or deletes) the document:

- ``edge_summaries``: one row an edge, its figures and strength;
- ``edge_claims``: one row per claim per edge, with what orders evidence and timelines;
- ``edge_reporters``: claims per publisher, speaker and story publisher of an edge (the
  distinct counts: independent sources, who reported, according to whom);
- ``actor_claims`` and ``actor_publishers``: claims per actor, role and event type, and
  documents per actor and publisher (profiles);
- ``actor_pairs``: claims between two actors by direction (counterparts, paths), and the
  affirmed ones (what a denial contradicts);
- ``actor_timeline``: one row per actor, role and claim, with the claim's dates (a page of
  an actor's timeline or claims is an index range); ``actor_months``: its claims by month;
- ``words``: the trigger and cue texts in use;
- ``denials`` and ``denial_pairs``: claims whose trigger is a denial and reported denials
  naming another actor near their cue (``query/denials.yaml``), one row each and counted by
  pair; ``edge_summaries.contradicted`` marks the edges both affirmed and negated.  With
  them the contradictions of an actor are read from summaries, a page at a time.

``rebuild`` computes them all from the claims (the migration that introduced them, and
bulk loaders).  The strength formula is that of ``query/strength.py``."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
import yaml
from sqlalchemy import Connection, and_, bindparam, delete, func, literal, or_, select

from claimgraph.store.schema import (
    EDGE_KEY,
    actor_claims,
    actor_months,
    actor_pairs,
    actor_publishers,
    actor_timeline,
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
    metadata,
    words,
)

EdgeKey = tuple[str, str, str, bool]
CERTAINTY_RANK = {"certain": 0, "probable": 1, "possible": 2}
CERTAINTY_WEIGHT = (1.0, 0.6, 0.3)
_CHUNK = 100
# how far (in characters) from a denial's cue the denied party may be named
DENIAL_WINDOW = 250


@lru_cache(maxsize=1)
def denial_stems() -> tuple[str, ...]:
    text = (resources.files("claimgraph.query") / "denials.yaml").read_text(encoding="utf-8")
    return tuple(yaml.safe_load(text)["stems"])


def is_denial(text: str | None) -> bool:
    """Whether a trigger or cue text is a denial ("denied", "dismissed", …)."""
    return bool(text) and any(st in text.lower() for st in denial_stems())  # type: ignore[union-attr]


def publisher_of(site: str | None, url: str | None, doc_id: str) -> str:
    """Who published a document: its site, else its URL's host, else its id."""
    if site:
        return site
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return doc_id


def strength_of(claims_n: int, negated: int, certain: int, probable: int, possible: int,
                sources: int) -> tuple[float, float, float, float]:
    """(score, corroboration, certainty, negated share) of an edge from its counts."""
    affirmed = certain + probable + possible
    corroboration = 1 - 0.5 ** sources
    certainty = (certain * 1.0 + probable * 0.6 + possible * 0.3) / affirmed if affirmed else 0.0
    neg = negated / claims_n if claims_n else 0.0
    return round(corroboration * certainty * (1 - neg), 3), round(corroboration, 3), round(certainty, 3), round(neg, 3)


def contradicted(key: EdgeKey, claims_n: int, negated: int) -> bool:
    """Whether an edge's claims are both affirmed and negated (a 'negated' contradiction)."""
    return not key[3] and key[0] != key[1] and 0 < negated < claims_n


@dataclass
class _ClaimFacts:
    pk: int
    event: str
    negated: bool
    rank: int
    time_start: str | None
    trigger: str
    roles: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    def edges(self) -> set[EdgeKey]:
        """The edges this claim belongs to, as ``query.strength.build_edges`` forms them."""
        out: set[EdgeKey] = set()
        actors = [i for i, _ in self.roles.get("actor", [])]
        recipients = [i for i, _ in self.roles.get("recipient", [])]
        for a in actors:
            out |= {(a, r, self.event, False) for r in recipients if r != a}
            out |= {(a, o, self.event, True) for o in actors if a < o}
        return out


@dataclass
class _Document:
    pk: int
    publisher: str
    story_publisher: str
    published: str | None


@dataclass
class _EdgeDelta:
    claims: int = 0
    documents: int = 0
    negated: int = 0
    hedged: int = 0
    certain: int = 0
    probable: int = 0
    possible: int = 0
    earliest: str | None = None
    latest: str | None = None


@dataclass
class Tally:
    """What some documents' claims add to the summaries (or take from them)."""

    edges: dict[EdgeKey, _EdgeDelta] = field(default_factory=lambda: defaultdict(_EdgeDelta))
    edge_claims: list[dict[str, Any]] = field(default_factory=list)
    reporters: Counter[tuple[str, str, str, bool, str, str]] = field(default_factory=Counter)
    actor_claims: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    actor_publishers: Counter[tuple[str, str]] = field(default_factory=Counter)
    actor_pairs: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    actor_timeline: list[dict[str, Any]] = field(default_factory=list)
    actor_months: Counter[tuple[str, str]] = field(default_factory=Counter)
    words: Counter[tuple[str, str]] = field(default_factory=Counter)
    denials: list[dict[str, Any]] = field(default_factory=list)
    denial_pairs: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def _denial(self, denier: str, other: str, kind: str, ref: int, affirmed: bool = False) -> None:
        self.denials.append({"denier_id": denier, "other_id": other, "kind": kind, "ref_id": ref})
        self.denial_pairs[(denier, other, kind)] += 1
        if affirmed:
            self.denial_pairs[(denier, other, "affirmed")] += 1

    def add(self, doc: _Document, facts: Iterable[_ClaimFacts], cues: Iterable[str] = (),
            statements: Iterable[tuple[int, str, str]] = ()) -> None:
        """Adds a document's claims, the cue texts of its attributions, and its reported
        denials: (attribution row id, speaker, actor named near the cue)."""
        in_doc: set[EdgeKey] = set()
        named: set[str] = set()
        published = doc.published or None
        for c in facts:
            for role, ents in c.roles.items():
                ids = {i for i, _ in ents}
                named |= ids
                for i in ids:
                    self.actor_claims[(i, role, c.event)] += 1
            # 'either': actor or recipient, each claim once (the actors most often in claims)
            actors = {i for i, _ in c.roles.get("actor", [])}
            recipients = {i for i, _ in c.roles.get("recipient", [])}
            for i in actors | recipients:
                self.actor_claims[(i, "either", c.event)] += 1
            date = c.time_start or published
            if date:
                for i in actors | recipients:
                    self.actor_months[(i, date[:7])] += 1
            for role, ids in (("actor", actors), ("recipient", recipients), ("either", actors | recipients)):
                self.actor_timeline += [{"claim_id": c.pk, "role": role, "entity_id": i, "event": c.event,
                                         "undated": date is None, "date": date, "unpublished": not published,
                                         "published": published or ""} for i in sorted(ids)]
            self.words[("trigger", c.trigger)] += 1
            if is_denial(c.trigger):
                for a in sorted(actors):
                    for t in sorted(recipients - {a}):
                        self._denial(a, t, "claim", c.pk, affirmed=not c.negated)
            sources = c.roles.get("source")
            speaker = sources[0][1] if sources else f"{doc.publisher} (own voice)"
            pairs: set[tuple[str, str, str]] = set()
            for key in c.edges():
                a, b, _, mutual = key
                pairs |= {(a, "both", b), (b, "both", a)}
                if not mutual:
                    pairs |= {(a, "out", b), (b, "in", a)}
                d = self.edges[key]
                d.claims += 1
                d.negated += c.negated
                d.hedged += c.rank != 0
                if not c.negated:
                    setattr(d, ("certain", "probable", "possible")[c.rank],
                            getattr(d, ("certain", "probable", "possible")[c.rank]) + 1)
                    self.reporters[(*key, "affirmed_story", doc.story_publisher)] += 1
                self.reporters[(*key, "story", doc.story_publisher)] += 1
                if published:
                    d.earliest = min(d.earliest or published, published)
                    d.latest = max(d.latest or published, published)
                self.reporters[(*key, "publisher", doc.publisher)] += 1
                self.reporters[(*key, "speaker", speaker)] += 1
                in_doc.add(key)
                self.edge_claims.append({"source_id": key[0], "target_id": key[1], "event": key[2],
                                         "mutual": key[3], "claim_id": c.pk, "negated": c.negated,
                                         "rank": c.rank, "published": doc.published or "",
                                         "date": c.time_start or doc.published or None})
            for pair in pairs:
                self.actor_pairs[pair] += 1
                if not c.negated and pair[1] == "both":
                    self.actor_pairs[(pair[0], "affirmed", pair[2])] += 1
        for cue in cues:
            self.words[("cue", cue)] += 1
        for ref, speaker, other in statements:
            self._denial(speaker, other, "said", ref)
        for key in in_doc:
            self.edges[key].documents += 1
        for i in named:
            self.actor_publishers[(i, doc.publisher)] += 1


# Statements built once: a document is stored in a few milliseconds, and building
# SQLAlchemy expressions anew for each would cost as much as running them.
_PKS: Any = bindparam("pks", expanding=True)
_root = documents.alias("root")
_DOCUMENT_COLUMNS = select(
    documents.c.id, documents.c.site, documents.c.url, documents.c.doc_id, documents.c.published,
    documents.c.near_duplicate_of, _root.c.site.label("root_site"), _root.c.url.label("root_url"),
    _root.c.doc_id.label("root_doc_id")).outerjoin(_root, _root.c.id == documents.c.near_duplicate_of)
_DOCUMENTS = _DOCUMENT_COLUMNS.where(documents.c.id.in_(_PKS))
_FACT_COLUMNS = (
    select(claims.c.id, claims.c.document_id, claims.c.event, claims.c.polarity, claims.c.certainty,
           claims.c.time_start, claims.c.trigger_text, claim_entities.c.role, mentions.c.entity_id, entities.c.name)
    .select_from(claims.join(claim_entities, claim_entities.c.claim_id == claims.c.id)
                 .join(mentions, mentions.c.id == claim_entities.c.mention_id)
                 .join(entities, entities.c.id == mentions.c.entity_id)))
_FACT_ORDER = (claims.c.document_id, claims.c.id, claim_entities.c.role, claim_entities.c.position)
_ALL_FACTS = _FACT_COLUMNS.where(claims.c.document_id.in_(_PKS)).order_by(*_FACT_ORDER)
# the facts of chosen claims, whatever their review (edges built from the claims a filter passes)
_CLAIM_FACTS = _FACT_COLUMNS.where(claims.c.id.in_(_PKS)).order_by(*_FACT_ORDER)
# a rejected claim (store/reviews.py) is in no summary; a store older than reviews (migration
# 0002 runs before 0003 adds the column) reads them all
_FACTS = _ALL_FACTS.where(func.coalesce(claims.c.review, "") != "rejected")
_CUES = (select(attributions.c.document_id, attributions.c.cue_text, attributions.c.id, attributions.c.cue_start,
                attributions.c.cue_end, mentions.c.entity_id)
         # an attribution may have no speaker's mention: its cue still counts among the words
         .outerjoin(mentions, mentions.c.id == attributions.c.source_mention_id)
         .where(attributions.c.document_id.in_(_PKS)))
_MENTIONS = select(mentions.c.document_id, mentions.c.entity_id, mentions.c.start, mentions.c.end).where(
    mentions.c.document_id.in_(_PKS))
# the summaries of edges between some sources and targets, in some event types: a superset
# of the edges wanted, picked in Python (one cached statement, searched by the key's prefix)
_EDGES = select(edge_summaries).where(edge_summaries.c.source_id.in_(bindparam("sources", expanding=True)),
                                      edge_summaries.c.target_id.in_(bindparam("targets", expanding=True)),
                                      edge_summaries.c.event.in_(bindparam("events", expanding=True)))
_COUNTERS = {  # table: its key, the counted column
    "edge_reporters": ((*EDGE_KEY, "kind", "name"), "claims"),
    "actor_claims": (("entity_id", "role", "event"), "claims"),
    "actor_publishers": (("entity_id", "publisher"), "documents"),
    "actor_pairs": (("entity_id", "direction", "other_id"), "claims"),
    "actor_months": (("entity_id", "month"), "claims"),
    "words": (("kind", "text"), "uses"),
    "denial_pairs": (("denier_id", "other_id", "kind"), "refs"),
}
_statements: dict[tuple[str, str], Any] = {}


def _documents(conn: Connection, doc_pks: list[int] | None = None) -> dict[int, _Document]:
    """Publisher, story publisher and date of these documents (None: of every extracted one)."""
    rows = conn.execute(_DOCUMENT_COLUMNS.where(documents.c.status == "extracted")) if doc_pks is None else \
        conn.execute(_DOCUMENTS, {"pks": doc_pks})
    out = {}
    for r in rows:
        publisher = publisher_of(r.site, r.url, r.doc_id)
        story = publisher_of(r.root_site, r.root_url, r.root_doc_id) if r.near_duplicate_of is not None else publisher
        out[r.id] = _Document(r.id, publisher, story, r.published)
    return out


def _facts(conn: Connection, doc_pks: list[int], reviews: bool = True) -> Iterator[tuple[int, list[_ClaimFacts]]]:
    """The claims of these documents with their actors, recipients, location and source
    (``reviews=False``: rejected ones too, for a store made before reviews)."""
    by_doc: dict[int, dict[int, _ClaimFacts]] = defaultdict(dict)
    for i in range(0, len(doc_pks), _CHUNK):
        chunk = doc_pks[i:i + _CHUNK]
        _gather(conn.execute(_FACTS if reviews else _ALL_FACTS, {"pks": chunk}), by_doc)
        for pk in chunk:
            yield pk, list(by_doc.pop(pk, {}).values())


def _gather(rows: Iterable[Any], by_doc: dict[int, dict[int, _ClaimFacts]]) -> None:
    """Claims' facts from rows of ``_FACT_COLUMNS`` (a row per claim and party), by document."""
    for r in rows:
        f = by_doc[r.document_id].get(r.id)
        if f is None:
            f = by_doc[r.document_id][r.id] = _ClaimFacts(
                r.id, r.event, r.polarity == "negated", CERTAINTY_RANK.get(r.certainty, 2), r.time_start,
                r.trigger_text)
        f.roles[r.role].append((r.entity_id, r.name))


def tally_claims(conn: Connection, claim_pks: list[int]) -> Tally:
    """What these claims alone would contribute to the summaries, whatever their review:
    the edges of the claims that pass a filter (the link explorer's), figured as the
    summaries figure every edge (their denials and cues are left out)."""
    by_doc: dict[int, dict[int, _ClaimFacts]] = defaultdict(dict)
    for i in range(0, len(claim_pks), _CHUNK):
        _gather(conn.execute(_CLAIM_FACTS, {"pks": claim_pks[i:i + _CHUNK]}), by_doc)
    docs = _documents(conn, sorted(by_doc)) if by_doc else {}
    tally = Tally()
    for pk, found in by_doc.items():
        tally.add(docs[pk], found.values())
    return tally


def _denial_statements(conn: Connection, said: list[Any]) -> dict[int, list[tuple[int, str, str]]]:
    """The reported denials among these attribution rows (document, cue, its span, speaker),
    by document: (attribution, speaker, each other actor named within ``DENIAL_WINDOW``
    characters of the cue)."""
    said = [r for r in said if r.entity_id is not None and is_denial(r.cue_text)]
    named: dict[int, list[Any]] = defaultdict(list)
    doc_pks = sorted({r.document_id for r in said})
    for i in range(0, len(doc_pks), _CHUNK):
        for m in conn.execute(_MENTIONS, {"pks": doc_pks[i:i + _CHUNK]}):
            named[m.document_id].append(m)
    out: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for r in said:
        near = {m.entity_id for m in named[r.document_id]
                if m.start >= r.cue_start - DENIAL_WINDOW and m.end <= r.cue_end + DENIAL_WINDOW}
        out[r.document_id] += [(r.id, r.entity_id, other) for other in sorted(near - {r.entity_id})]
    return out


def tally_documents(conn: Connection, doc_pks: list[int]) -> Tally:
    """What the claims of these documents contribute to the summaries."""
    tally = Tally()
    docs = _documents(conn, doc_pks) if doc_pks else {}
    cues: dict[int, list[str]] = defaultdict(list)
    said = []
    for i in range(0, len(doc_pks), _CHUNK):
        for r in conn.execute(_CUES, {"pks": doc_pks[i:i + _CHUNK]}):
            cues[r.document_id].append(r.cue_text)
            said.append(r)
    statements = _denial_statements(conn, said)
    for pk, facts in _facts(conn, doc_pks):
        tally.add(docs[pk], facts, cues.get(pk, ()), statements.get(pk, ()))
    return tally


def _statement(conn: Connection, name: str) -> Any:
    """The cached upsert of a counter table (adding to its count) or of ``edge_summaries``
    (replacing the row), for the connection's backend."""
    key = (conn.dialect.name, name)
    if key not in _statements:
        from claimgraph.store.claim_store import _upsert

        table = metadata.tables[name]
        stmt = _upsert(conn, table)
        if name == "edge_summaries":
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c[k] for k in EDGE_KEY],
                set_={c.name: stmt.excluded[c.name] for c in table.c if c.name not in EDGE_KEY})
        else:
            names, value = _COUNTERS[name]
            stmt = stmt.on_conflict_do_update(index_elements=[table.c[n] for n in names],
                                              set_={value: table.c[value] + stmt.excluded[value]})
            if name == "edge_reporters":
                # the counts after the change tell which stories are new to an edge, or gone
                stmt = stmt.returning(*[table.c[k] for k in EDGE_KEY], table.c.kind, table.c.name, table.c.claims)
        _statements[key] = stmt
    return _statements[key]


def key_in(table: Any, keys: Iterable[EdgeKey]) -> Any:
    """Rows of these edges.  Spelled as OR of ANDs: SQLite searches its index for each
    (a row-value IN list makes it scan the table)."""
    return or_(*[and_(*[table.c[k] == v for k, v in zip(EDGE_KEY, key, strict=True)]) for key in keys])


def apply(conn: Connection, tally: Tally, sign: int = 1) -> None:
    """Adds (``sign`` 1) or takes away (-1) ``tally`` from the stored summaries.  Run in
    the transaction that writes or deletes the documents it was made from."""
    if not tally.edges and not tally.actor_claims and not tally.words and not tally.actor_timeline \
            and not tally.denials:
        return
    if sign > 0 and tally.edge_claims:
        conn.execute(edge_claims.insert(), tally.edge_claims)
    if sign > 0 and tally.actor_timeline:
        conn.execute(actor_timeline.insert(), tally.actor_timeline)
    if tally.denials:
        if sign > 0:
            conn.execute(denials.insert(), tally.denials)
        else:
            d = denials.c
            conn.execute(delete(denials).where(d.denier_id == bindparam("a"), d.other_id == bindparam("b"),
                                               d.kind == bindparam("k"), d.ref_id == bindparam("r")),
                         [{"a": r["denier_id"], "b": r["other_id"], "k": r["kind"], "r": r["ref_id"]}
                          for r in tally.denials])
    # independent sources gained (a story publisher new to an edge) or lost, by kind
    sources: dict[EdgeKey, Counter[str]] = defaultdict(Counter)
    for name, counter in (("edge_reporters", tally.reporters), ("actor_claims", tally.actor_claims),
                          ("actor_publishers", tally.actor_publishers), ("actor_pairs", tally.actor_pairs),
                          ("actor_months", tally.actor_months), ("words", tally.words),
                          ("denial_pairs", tally.denial_pairs)):
        if not counter:
            continue
        names, value = _COUNTERS[name]
        changes = [{**dict(zip(names, k, strict=True)), value: sign * n} for k, n in sorted(counter.items())]
        result = conn.execute(_statement(conn, name), changes)
        if name == "edge_reporters":
            for a, b, ev, mu, kind, who, n in result:
                if kind in ("story", "affirmed_story"):
                    key = (a, b, ev, bool(mu))
                    if sign > 0 and n == tally.reporters[(*key, kind, who)]:  # it was not there before
                        sources[key][kind] += 1
                    elif sign < 0 and n <= 0:
                        sources[key][kind] -= 1
        if sign < 0:
            table = metadata.tables[name]
            conn.execute(delete(table).where(table.c[value] <= 0))
    keys = sorted(tally.edges)
    for i in range(0, len(keys), _CHUNK):
        _write_edges(conn, tally, keys[i:i + _CHUNK], sign, sources)


def _write_edges(conn: Connection, tally: Tally, keys: list[EdgeKey], sign: int,
                 sources: dict[EdgeKey, Counter[str]]) -> None:
    wanted = set(keys)
    stored = {}
    for r in conn.execute(_EDGES, {"sources": sorted({k[0] for k in keys}), "targets": sorted({k[1] for k in keys}),
                                   "events": sorted({k[2] for k in keys})}):
        key = (r.source_id, r.target_id, r.event, bool(r.mutual))
        if key in wanted:
            stored[key] = r
    dates: dict[EdgeKey, tuple[str | None, str | None]] = {}
    if sign < 0:
        # a deleted document may have held the first or last report: read them again
        e = edge_claims.c
        dates = {(k[0], k[1], k[2], bool(k[3])): (lo or None, hi or None) for *k, lo, hi in conn.execute(
            select(e.source_id, e.target_id, e.event, e.mutual, func.min(func.nullif(e.published, "")),
                   func.max(func.nullif(e.published, "")))
            .where(key_in(edge_claims, keys)).group_by(e.source_id, e.target_id, e.event, e.mutual))}
    rows, gone = [], []
    for key in keys:
        d, old = tally.edges[key], stored.get(key)
        counts = {n: (old._mapping[n] if old is not None else 0) + sign * getattr(d, n)
                  for n in ("claims", "documents", "negated", "hedged", "certain", "probable", "possible")}
        if counts["claims"] <= 0:
            gone.append(key)
            continue
        if sign < 0:
            earliest, latest = dates.get(key, (None, None))
        else:
            found = [x for x in (old.earliest if old is not None else None, d.earliest) if x]
            earliest = min(found) if found else None
            found = [x for x in (old.latest if old is not None else None, d.latest) if x]
            latest = max(found) if found else None
        n_sources = (old.sources if old is not None else 0) + sources[key]["story"]
        n_affirmed = (old.affirmed_sources if old is not None else 0) + sources[key]["affirmed_story"]
        score = strength_of(counts["claims"], counts["negated"], counts["certain"], counts["probable"],
                            counts["possible"], n_affirmed)[0]
        rows.append({**dict(zip(EDGE_KEY, key, strict=True)), **counts, "sources": n_sources,
                     "affirmed_sources": n_affirmed, "earliest": earliest, "latest": latest, "strength": score,
                     "contradicted": contradicted(key, counts["claims"], counts["negated"])})
    if gone:
        conn.execute(delete(edge_summaries).where(key_in(edge_summaries, gone)))
    if rows:
        conn.execute(_statement(conn, "edge_summaries"), rows)


def add_documents(conn: Connection, doc_pks: list[int]) -> None:
    """Adds the claims of newly stored documents to the summaries."""
    apply(conn, tally_documents(conn, doc_pks), 1)


def remove_documents(conn: Connection, doc_pks: list[int]) -> None:
    """Takes the claims of documents about to be deleted from the summaries (their
    ``edge_claims`` and ``actor_timeline`` rows go with the claims, ``ON DELETE CASCADE``,
    or here)."""
    tally = tally_documents(conn, doc_pks)
    for table, rows in ((edge_claims, tally.edge_claims), (actor_timeline, tally.actor_timeline)):
        claim_pks = sorted({row["claim_id"] for row in rows})
        for i in range(0, len(claim_pks), _CHUNK):
            conn.execute(delete(table).where(table.c.claim_id.in_(claim_pks[i:i + _CHUNK])))
    apply(conn, tally, -1)


def rebuild(conn: Connection, batch: int = 2000, reviews: bool = True) -> None:
    """Computes every summary again from the claims (after a bulk load, or to build them
    for a store that had none; ``reviews=False`` for a store at revision 0002, made before
    reviews, and so before ``actor_timeline``, ``actor_months`` and the contradiction
    summaries, which their own migrations build)."""
    for table in (edge_claims, edge_reporters, edge_summaries, actor_claims, actor_publishers, actor_pairs, words):
        conn.execute(delete(table))
    if reviews:
        for table in (actor_months, denials, denial_pairs):
            conn.execute(delete(table))
        rebuild_actor_timeline(conn)
    tally = Tally()
    docs = _documents(conn)
    pks = sorted(docs)
    statements = rebuild_statements(conn) if reviews else {}
    for i in range(0, len(pks), batch):
        chunk = pks[i:i + batch]
        for pk, facts in _facts(conn, chunk, reviews):
            tally.add(docs[pk], facts, (), statements.get(pk, ()))
        if tally.edge_claims:
            conn.execute(edge_claims.insert(), tally.edge_claims)
            tally.edge_claims = []
        if reviews and tally.denials:
            conn.execute(denials.insert(), tally.denials)
        tally.actor_timeline = []  # written by one statement in the database
        tally.denials = []
    if not reviews:
        tally.actor_pairs = Counter({k: n for k, n in tally.actor_pairs.items() if k[1] != "affirmed"})
    _insert_totals(conn, tally, reviews)
    if reviews:
        _insert_many(conn, actor_months, [{"entity_id": i, "month": m, "claims": n}
                                          for (i, m), n in tally.actor_months.items()])
        _insert_many(conn, denial_pairs, [{"denier_id": a, "other_id": b, "kind": k, "refs": n}
                                          for (a, b, k), n in tally.denial_pairs.items()])


def rebuild_statements(conn: Connection) -> dict[int, list[tuple[int, str, str]]]:
    """The reported denials of every document (``Tally.add``'s ``statements``): the
    attributions whose cue is a denial word, found by the cue's index."""
    cues = [t for t in conn.execute(select(attributions.c.cue_text).distinct()).scalars() if is_denial(t)]
    a_ = attributions.c
    said = [] if not cues else conn.execute(
        select(a_.document_id, a_.cue_text, a_.id, a_.cue_start, a_.cue_end, mentions.c.entity_id)
        .join(mentions, mentions.c.id == a_.source_mention_id).where(a_.cue_text.in_(cues))).all()
    return _denial_statements(conn, list(said))


def rebuild_actor_timeline(conn: Connection) -> None:
    """Fills ``actor_timeline`` from the claims that are not rejected, in the database (two
    INSERT ... SELECT statements: the rows are what ``Tally.add`` makes of each claim)."""
    conn.execute(delete(actor_timeline))
    c, d, ce, m = claims.c, documents.c, claim_entities.c, mentions.c
    published = func.coalesce(d.published, "")
    date = func.coalesce(func.nullif(c.time_start, ""), func.nullif(d.published, ""))
    columns = ["claim_id", "role", "entity_id", "event", "undated", "date", "unpublished", "published"]
    joined = (claims.join(documents, d.id == c.document_id).join(claim_entities, ce.claim_id == c.id)
              .join(mentions, m.id == ce.mention_id))
    where = [ce.role.in_(("actor", "recipient")), func.coalesce(c.review, "") != "rejected"]
    for role in (ce.role, literal("either")):
        rows = (select(c.id, role, m.entity_id, c.event, date.is_(None), date, published == "", published)
                .select_from(joined).where(*where).distinct())
        conn.execute(actor_timeline.insert().from_select(columns, rows))


def _insert_totals(conn: Connection, tally: Tally, current: bool = True) -> None:
    sources: dict[EdgeKey, Counter[str]] = defaultdict(Counter)
    rows: list[dict[str, Any]] = []
    for (a, b, ev, mu, kind, name), n in tally.reporters.items():
        rows.append({"source_id": a, "target_id": b, "event": ev, "mutual": mu, "kind": kind, "name": name,
                     "claims": n})
        sources[(a, b, ev, mu)][kind] += 1
    _insert_many(conn, edge_reporters, rows)
    rows = []
    for key, d in tally.edges.items():
        found = sources[key]
        score = strength_of(d.claims, d.negated, d.certain, d.probable, d.possible, found["affirmed_story"])[0]
        rows.append({**dict(zip(EDGE_KEY, key, strict=True)), "claims": d.claims, "documents": d.documents,
                     "negated": d.negated, "hedged": d.hedged, "certain": d.certain, "probable": d.probable,
                     "possible": d.possible, "sources": found["story"], "affirmed_sources": found["affirmed_story"],
                     "earliest": d.earliest, "latest": d.latest, "strength": score,
                     **({"contradicted": contradicted(key, d.claims, d.negated)} if current else {})})
    # a store at revision 0002 has no 'contradicted' column yet (and so no default to fill)
    _insert_many(conn, edge_summaries if current else sa.table(
        "edge_summaries", *[sa.column(c.name) for c in edge_summaries.c if c.name != "contradicted"]), rows)
    _insert_many(conn, actor_claims, [{"entity_id": i, "role": r, "event": e, "claims": n}
                                      for (i, r, e), n in tally.actor_claims.items()])
    _insert_many(conn, actor_publishers, [{"entity_id": i, "publisher": p, "documents": n}
                                          for (i, p), n in tally.actor_publishers.items()])
    _insert_many(conn, actor_pairs, [{"entity_id": i, "direction": d, "other_id": o, "claims": n}
                                     for (i, d, o), n in tally.actor_pairs.items()])
    for (cue,) in conn.execute(select(attributions.c.cue_text)):
        tally.words[("cue", cue)] += 1
    _insert_many(conn, words, [{"kind": k, "text": t, "uses": n} for (k, t), n in tally.words.items()])


def _insert_many(conn: Connection, table: Any, rows: list[dict[str, Any]], batch: int = 20000) -> None:
    for i in range(0, len(rows), batch):
        conn.execute(table.insert(), rows[i:i + batch])


def edge_filter(table: Any, a: str, b: str) -> Any:
    """Rows of the edges joining ``a`` and ``b``, either way, mutual ones included."""
    return or_(and_(table.c.source_id == a, table.c.target_id == b),
               and_(table.c.source_id == b, table.c.target_id == a))


__all__ = ["CERTAINTY_RANK", "CERTAINTY_WEIGHT", "DENIAL_WINDOW", "Tally", "add_documents", "apply", "contradicted",
           "denial_stems", "edge_filter", "is_denial", "key_in", "publisher_of", "rebuild", "rebuild_actor_timeline",
           "rebuild_statements", "remove_documents", "strength_of", "tally_claims", "tally_documents"]
