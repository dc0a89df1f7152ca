"""What queries return: typed results over the domain model (``Entity``, ``Span``,
``TimeRef``, ``Actor``), each with ``to_dict`` for JSON and, where a table fits,
``to_pandas`` (pandas is optional: it is imported only when that method is called)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimgraph.model import Actor, Entity, Span, TimeRef

if TYPE_CHECKING:
    import pandas


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as err:  # pandas is optional
        raise ImportError("to_pandas() needs pandas: pip install pandas") from err
    return pandas


def actor_dict(actor: Actor) -> dict[str, Any]:
    return {"id": actor.id, "name": actor.name, "type": actor.type, "country": actor.country,
            "sector": actor.sector}


@dataclass(frozen=True)
class StoredClaim:
    """One stored claim with the document facts queries need: publisher, publication date,
    and the story it belongs to (near-duplicate copies share the first copy's story)."""

    pk: int
    claim_id: str
    doc_id: str
    document: int
    event: str
    mode: str | None
    context: list[str]
    actor: list[Entity]
    recipient: list[Entity]
    location: Entity | None
    source: Entity | None
    cue: Span | None
    polarity: str
    certainty: str
    tense: str
    time: TimeRef | None
    trigger: Span
    evidence: Span
    confidence: float
    publisher: str
    published: str | None
    url: str | None
    title: str | None
    story: int
    story_publisher: str
    # the verdict of its review (confirmed, rejected, corrected), None when unreviewed
    review: str | None = None

    @property
    def speaker(self) -> str:
        """Who asserts the claim: the attribution source, or the publisher's own voice."""
        return self.source.name if self.source is not None else f"{self.publisher} (own voice)"

    @property
    def hedged(self) -> bool:
        return self.certainty != "certain"

    @property
    def negated(self) -> bool:
        return self.polarity == "negated"

    @property
    def refers_to(self) -> str | None:
        """The date the claim refers to (the start of its period), when known."""
        return self.time.start if self.time is not None and self.time.start else None

    def to_record(self) -> dict[str, Any]:
        """The claims contract record, plus the document's publisher, date and URL."""
        return {
            "kind": "claim", "doc_id": self.doc_id, "claim_id": self.claim_id, "event": self.event,
            "mode": self.mode, "context": list(self.context),
            "actor": [a.to_record() for a in self.actor],
            "recipient": [r.to_record() for r in self.recipient],
            "attribution": {"source": self.source.to_record(), "cue": self.cue.to_record()}
            if self.source is not None and self.cue is not None else None,
            "polarity": self.polarity, "certainty": self.certainty, "tense": self.tense,
            "time": self.time.to_record() if self.time is not None else None,
            "location": self.location.to_record() if self.location is not None else None,
            "trigger": self.trigger.to_record(), "evidence": self.evidence.to_record(),
            "confidence": round(self.confidence, 3),
            "publisher": self.publisher, "published": self.published, "url": self.url,
            **({"review": self.review} if self.review else {}),
        }

    def to_row(self) -> dict[str, Any]:
        """A flat row for tables (CSV, pandas)."""
        return {
            "claim_id": self.claim_id, "doc_id": self.doc_id, "event": self.event, "mode": self.mode,
            "actor": "; ".join(a.name for a in self.actor), "actor_id": "; ".join(a.id for a in self.actor),
            "recipient": "; ".join(r.name for r in self.recipient),
            "recipient_id": "; ".join(r.id for r in self.recipient),
            "polarity": self.polarity, "certainty": self.certainty, "tense": self.tense,
            "time_start": self.time.start if self.time else None, "time_end": self.time.end if self.time else None,
            "time_text": self.time.text if self.time else None,
            "source": self.source.name if self.source else None, "cue": self.cue.text if self.cue else None,
            "trigger": self.trigger.text, "evidence": self.evidence.text,
            "evidence_start": self.evidence.start, "evidence_end": self.evidence.end,
            "publisher": self.publisher, "published": self.published, "url": self.url,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class Strength:
    """The strength of an edge and its parts (docs/query.md defines it):
    ``score = corroboration * certainty * (1 - negated)``."""

    score: float
    sources: int
    corroboration: float
    certainty: float
    negated: float

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "sources": self.sources, "corroboration": self.corroboration,
                "certainty": self.certainty, "negated": self.negated}


@dataclass
class Edge:
    """The claims of one event type between two actors in one direction: ``source`` acts
    on ``target`` (``mutual``: both are actors of the claims, as in "X and Y cooperated").
    ``count`` and ``documents`` count all its claims; ``claims`` is a page of its evidence
    (certain affirmed claims first, then the most recent), starting at ``offset``."""

    source: Actor
    target: Actor
    event: str
    mutual: bool
    claims: list[StoredClaim]
    sources: int
    publishers: list[str]
    earliest: str | None
    latest: str | None
    speakers: list[str]
    hedged_share: float
    negated_share: float
    strength: Strength
    count: int
    documents: int
    offset: int = 0

    def to_dict(self, evidence: int | None = None) -> dict[str, Any]:
        shown = self.claims if evidence is None else self.claims[:evidence]
        return {
            "source": actor_dict(self.source), "target": actor_dict(self.target), "event": self.event,
            "mutual": self.mutual, "claims": self.count, "documents": self.documents,
            "sources": self.sources, "publishers": self.publishers, "earliest": self.earliest,
            "latest": self.latest, "speakers": self.speakers, "hedged_share": self.hedged_share,
            "negated_share": self.negated_share, "strength": self.strength.to_dict(),
            "evidence_offset": self.offset, "evidence": [c.to_record() for c in shown],
        }

    def to_row(self) -> dict[str, Any]:
        return {"source": self.source.name, "target": self.target.name, "event": self.event,
                "mutual": self.mutual, "claims": self.count, "sources": self.sources,
                "strength": self.strength.score, "corroboration": self.strength.corroboration,
                "certainty": self.strength.certainty, "negated_share": self.negated_share,
                "hedged_share": self.hedged_share, "earliest": self.earliest, "latest": self.latest,
                "speakers": "; ".join(self.speakers), "publishers": "; ".join(self.publishers)}


# the edges of a path's hop, strongest first, that come with their evidence (and are shown)
HOP_EVIDENCE = 3


@dataclass
class Hop:
    """One step of a path: the edges between two consecutive actors, and ``relation``
    when one is part of the other in the gazetteer ("part of", "includes"), which makes
    the hop as strong as it gets (1.0)."""

    a: Actor
    b: Actor
    edges: list[Edge]
    relation: str | None = None

    @property
    def strength(self) -> float:
        if self.relation:
            return 1.0
        return max((e.strength.score for e in self.edges), default=0.0)


@dataclass
class Path:
    """A chain of actors from the first to the last, each hop with its evidence.  Its
    strength is that of its weakest hop (the best edge of each hop)."""

    actors: list[Actor]
    hops: list[Hop]

    @property
    def strength(self) -> float:
        return min((h.strength for h in self.hops), default=0.0)

    def to_dict(self, evidence: int | None = None) -> dict[str, Any]:
        return {"actors": [actor_dict(a) for a in self.actors], "strength": self.strength,
                "hops": [{"a": actor_dict(h.a), "b": actor_dict(h.b), "strength": h.strength,
                          "relation": h.relation,
                          "edges": [e.to_dict(evidence) for e in h.edges]} for h in self.hops]}


@dataclass
class Links:
    """What links ``a`` and ``b``: the direct edges, strongest first, and paths through
    intermediaries when asked for."""

    a: Actor
    b: Actor
    edges: list[Edge]
    paths: list[Path] = field(default_factory=list)

    def to_dict(self, evidence: int | None = None) -> dict[str, Any]:
        return {"a": actor_dict(self.a), "b": actor_dict(self.b),
                "edges": [e.to_dict(evidence) for e in self.edges],
                "paths": [p.to_dict(evidence) for p in self.paths]}

    def to_pandas(self) -> pandas.DataFrame:
        """One row per direct edge."""
        return _pandas().DataFrame([e.to_row() for e in self.edges])


@dataclass(frozen=True)
class AffiliationView:
    person: Actor
    organization: Actor
    role: str
    former: bool
    doc_id: str
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"person": actor_dict(self.person), "organization": actor_dict(self.organization),
                "role": self.role, "former": self.former, "doc_id": self.doc_id, "evidence": self.evidence}


@dataclass
class Profile:
    """What the store says about one actor."""

    actor: Actor
    aliases: list[str]
    part_of: Actor | None
    affiliations: list[AffiliationView]
    claims_out: dict[str, int]
    claims_in: dict[str, int]
    as_speaker: int
    counterparts: list[tuple[Actor, int]]
    publishers: list[tuple[str, int]]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": actor_dict(self.actor), "aliases": self.aliases,
                "part_of": actor_dict(self.part_of) if self.part_of else None,
                "affiliations": [a.to_dict() for a in self.affiliations],
                "claims_out": self.claims_out, "claims_in": self.claims_in, "as_speaker": self.as_speaker,
                "counterparts": [{**actor_dict(a), "claims": n} for a, n in self.counterparts],
                "publishers": [{"publisher": p, "documents": n} for p, n in self.publishers]}


@dataclass(frozen=True)
class TimelineEntry:
    """A claim placed on the timeline by ``date``: the date it refers to, or, when it
    names none (or ``by="published"``), the date its document was published."""

    date: str | None
    dated_by: str  # refers | published
    claim: StoredClaim

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "dated_by": self.dated_by, "claim": self.claim.to_record()}


@dataclass
class Timeline:
    """A page of a timeline: ``entries`` from ``offset`` on (or after a cursor), of ``total``
    in all; ``next_cursor`` reads the next page (None after the last)."""

    entries: list[TimelineEntry]
    total: int = 0
    offset: int = 0
    next_cursor: str | None = None
    # the cursor this page was read after
    cursor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "offset": self.offset, "cursor": self.cursor, "next_cursor": self.next_cursor,
                "entries": [e.to_dict() for e in self.entries]}

    def to_pandas(self) -> pandas.DataFrame:
        return _pandas().DataFrame([{"date": e.date, "dated_by": e.dated_by, **e.claim.to_row()}
                                    for e in self.entries])


@dataclass(frozen=True)
class Denial:
    """A reported denial ("Tehran has always denied any links to the group"): an
    attribution whose cue is a denial, its speaker one of the two actors."""

    doc_id: str
    speaker: Actor
    cue: Span
    content: Span
    publisher: str
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "speaker": actor_dict(self.speaker), "cue": self.cue.to_record(),
                "content": self.content.to_record(), "publisher": self.publisher, "published": self.published}


@dataclass
class Contradiction:
    """Claims between two actors that cannot all hold: ``kind`` is ``negated`` (the same
    event type both affirmed and negated) or ``denied`` (affirmed claims, and a denial of
    them by one of the two actors).  ``event`` is None for a denial of any link."""

    kind: str
    actor: Actor
    recipient: Actor
    event: str | None
    affirmed: list[StoredClaim]
    against: list[StoredClaim]
    denials: list[Denial] = field(default_factory=list)
    # all the affirmed and negated claims; ``affirmed`` and ``against`` are their first pages
    affirmed_count: int = 0
    against_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "actor": actor_dict(self.actor), "recipient": actor_dict(self.recipient),
                "event": self.event, "affirmed_count": self.affirmed_count, "against_count": self.against_count,
                "affirmed": [c.to_record() for c in self.affirmed],
                "against": [c.to_record() for c in self.against],
                "denials": [d.to_dict() for d in self.denials]}

    def to_row(self) -> dict[str, Any]:
        return {"kind": self.kind, "actor": self.actor.name, "recipient": self.recipient.name,
                "event": self.event, "affirmed": self.affirmed_count,
                "against": self.against_count + len(self.denials)}


@dataclass
class Contradictions:
    """A page of contradictions: ``items`` from ``offset`` on (or after a cursor), of
    ``total`` in all; ``next_cursor`` reads the next page (None after the last)."""

    items: list[Contradiction]
    total: int = 0
    offset: int = 0
    next_cursor: str | None = None
    # the cursor this page was read after
    cursor: str | None = None

    def __iter__(self) -> Iterator[Contradiction]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return self.items == other
        return isinstance(other, Contradictions) and (self.items, self.total, self.offset) == (
            other.items, other.total, other.offset)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "offset": self.offset, "cursor": self.cursor, "next_cursor": self.next_cursor,
                "items": [x.to_dict() for x in self.items]}


@dataclass
class ClaimList:
    """A page of claims: ``claims`` from ``offset`` on (or after a cursor), of ``total`` in
    all; ``next_cursor`` reads the next page (None after the last)."""

    claims: list[StoredClaim]
    total: int = 0
    offset: int = 0
    next_cursor: str | None = None
    # the cursor this page was read after
    cursor: str | None = None

    def to_records(self) -> list[dict[str, Any]]:
        return [c.to_record() for c in self.claims]

    def to_pandas(self) -> pandas.DataFrame:
        return _pandas().DataFrame([c.to_row() for c in self.claims])
