"""The domain model shared by every stage: documents in, claims, attributions and
affiliations out.  Field names follow the claims contract (docs/claims-format.md);
``to_record`` gives the JSON object of that contract."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
# the modes of each type (docs/ontology.md); AID's are the project's extension
MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (), "CONSULT": ("visit", "third-party", "multilateral", "phone"), "SUPPORT": (), "CONCEDE": (),
    "COOPERATE": (),
    "AID": ("economic", "arms", "training", "personnel", "logistics", "safe_haven", "intelligence", "humanitarian",
            "asylum"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
                "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional"),
}
ENTITY_TYPES = ("state", "organization", "armed_group", "person", "group", "location")
# words that stand for an actor without naming it: a mention so written is no alias of the actor
PRONOUNS = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your",
                      "yours", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its",
                      "itself", "they", "them", "their", "theirs", "themselves", "who", "whom", "whose", "which",
                      "that", "latter", "former"})
Polarity = Literal["affirmed", "negated"]
Certainty = Literal["certain", "probable", "possible"]
Tense = Literal["past", "present", "future", "hypothetical"]


@dataclass(frozen=True)
class Span:
    """A stretch of the document text: ``text == document_text[start:end]``."""

    text: str
    start: int
    end: int

    def to_record(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Actor:
    """A resolved actor: the same real-world party has the same ``id`` everywhere."""

    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Entity:
    """A mention in the text together with the actor it resolves to."""

    text: str
    start: int
    end: int
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None

    @classmethod
    def of(cls, span: Span, actor: Actor) -> Entity:
        return cls(span.text, span.start, span.end, actor.id, actor.name, actor.type,
                   actor.country, actor.sector)

    @property
    def span(self) -> Span:
        return Span(self.text, self.start, self.end)

    def to_record(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "id": self.id,
                "name": self.name, "type": self.type, "country": self.country, "sector": self.sector}


@dataclass(frozen=True)
class TimeRef:
    """The date or period a claim refers to, resolved to ISO dates where possible."""

    text: str
    start: str | None
    end: str | None
    offset_start: int | None = None
    offset_end: int | None = None

    def to_record(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class AttributionRef:
    """Who asserts a claim, and by which cue."""

    source: Entity
    cue: Span

    def to_record(self) -> dict[str, Any]:
        return {"source": self.source.to_record(), "cue": self.cue.to_record()}


@dataclass
class Claim:
    doc_id: str
    event: str
    actor: list[Entity]
    recipient: list[Entity]
    trigger: Span
    evidence: Span
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    attribution: AttributionRef | None = None
    polarity: Polarity = "affirmed"
    certainty: Certainty = "certain"
    tense: Tense = "past"
    time: TimeRef | None = None
    location: Entity | None = None
    confidence: float = 1.0

    @property
    def claim_id(self) -> str:
        """Stable: the same document, event, trigger and roles give the same id."""
        key = "|".join([
            self.doc_id, self.event, str(self.trigger.start), str(self.trigger.end),
            ",".join(a.id for a in self.actor), ",".join(r.id for r in self.recipient),
        ])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_record(self) -> dict[str, Any]:
        return {
            "kind": "claim",
            "doc_id": self.doc_id,
            "claim_id": self.claim_id,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "actor": [a.to_record() for a in self.actor],
            "recipient": [r.to_record() for r in self.recipient],
            "attribution": self.attribution.to_record() if self.attribution else None,
            "polarity": self.polarity,
            "certainty": self.certainty,
            "tense": self.tense,
            "time": self.time.to_record() if self.time else None,
            "location": self.location.to_record() if self.location else None,
            "trigger": self.trigger.to_record(),
            "evidence": self.evidence.to_record(),
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Attribution:
    """A reported statement (PolNeAR's notion): source, cue and content spans."""

    doc_id: str
    source: Span | None
    cue: Span
    content: Span
    source_entity: Entity | None = None

    def to_record(self) -> dict[str, Any]:
        src: dict[str, Any] | None = None
        if self.source_entity is not None:
            src = self.source_entity.to_record()
        elif self.source is not None:
            src = self.source.to_record()
        return {"kind": "attribution", "doc_id": self.doc_id, "source": src,
                "cue": self.cue.to_record(), "content": self.content.to_record()}


@dataclass
class Affiliation:
    """A person's role in an organisation ("IRGC ex-spokesman Said Qasemi")."""

    doc_id: str
    person: Entity
    organization: Entity
    role: str
    former: bool
    evidence: Span

    def to_record(self) -> dict[str, Any]:
        return {"kind": "affiliation", "doc_id": self.doc_id, "person": self.person.to_record(),
                "organization": self.organization.to_record(), "role": self.role,
                "former": self.former, "evidence": self.evidence.to_record()}


@dataclass
class Document:
    """One input text with what is known about where it came from."""

    id: str
    text: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    site: str | None = None
    author: str | None = None
    language: str | None = None

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document: Document
    claims: list[Claim] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    # set when extraction failed on this document; its records are then empty
    error: str | None = None

    def records(self, what: str = "claims") -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if what in ("claims", "all"):
            out += [c.to_record() for c in self.claims]
        if what in ("attributions", "all"):
            out += [a.to_record() for a in self.attributions]
        if what in ("affiliations", "all"):
            out += [a.to_record() for a in self.affiliations]
        return out
