"""Which person "he" or "she", and which state or body "it" or "they", refers to: small linear
rankers over the actors met before it.

The nearest person named is often wrong in news: "Sanders ... Trump ... But he also said"
continues the subject of the paragraph, a pronoun object is rarely the subject of its own
clause, and "she" is not "Bernie Sanders". Each candidate person (the last mention of each of
the eight persons named most recently in the document) is read by what is known of it where
it was last met (subject of its sentence, speaker of a reported statement, how many times the
document names it, how far back) and by whether its gender, from an honorific or a first name
(``data/first_names.json``), agrees with the pronoun's. The weights are trained by
``training/train_antecedents.py`` on the coded real news: a pronoun whose claim was coded with
a name that is not in its sentence points at the person of that name. "It" and "they" have a
ranker of their own, over the states, bodies and groups met before, read the same way and by
whether the pronoun's number suits the kind of actor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from claimgraph.lexicons import model_weights

MODEL_FILE = "antecedents.json"
MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
NEUTER_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
HONORIFICS = {"mr": "m", "mister": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
              "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "lady": "f", "dame": "f", "queen": "f",
              "princess": "f"}
MAX_PERSONS = 8
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
OBJECT_DEPS = {"dobj", "dative", "pobj", "iobj"}


@lru_cache(maxsize=1)
def first_names() -> dict[str, float]:
    """First names and the share of their bearers who are men (0 to 1)."""
    text = (resources.files("claimgraph") / "data" / "first_names.json").read_text(encoding="utf-8")
    return dict(json.loads(text)["male_share"])


def pronoun_gender(word: str) -> str | None:
    w = word.lower()
    return "m" if w in MALE_PRONOUNS else "f" if w in FEMALE_PRONOUNS else None


def pronoun_kind(word: str) -> str | None:
    """Which ranker reads a pronoun: ``person`` (he, she), ``body`` (it, they), or None."""
    w = word.lower()
    if w in MALE_PRONOUNS or w in FEMALE_PRONOUNS:
        return "person"
    return "body" if w in NEUTER_PRONOUNS or w in PLURAL_PRONOUNS else None


def name_gender(doc: Doc, start: int, end: int) -> str | None:
    """A person's gender where the text says it: an honorific before the name ("Mr. Effron",
    "Ms. Clinton"), or a first name nearly always given to one gender."""
    if start > 0:
        before = doc[start - 1].lower_.rstrip(".")
        if before in HONORIFICS:
            return HONORIFICS[before]
    table = first_names()
    words = [t for t in doc[start:end] if t.is_alpha and t.is_title]
    for t in words[:-1] if len(words) > 1 else []:
        share = table.get(t.lower_)
        if share is not None:
            return "m" if share >= 0.85 else "f" if share <= 0.15 else None
    return None


@dataclass
class MentionFacts:
    """What a mention was where it was met: read when its block is resolved, kept with the
    mention so that later blocks of the document can weigh it."""
    block: int
    sent: int  # the sentence's index in its block
    subject: bool
    root_subject: bool
    speaker: bool  # the subject of a reporting verb
    gender: str | None
    text: str  # the mention as written
    at: tuple[int, int]  # where it is written in the document (character offsets)


def mention_facts(doc: Doc, start: int, end: int, block: int, sent_index: dict[int, int],
                  cue_verbs: set[str], offset: int = 0) -> MentionFacts:
    """``offset``: where the block ``doc`` holds starts in the document."""
    span = doc[start:end]
    head = next((t for t in span if not (start <= t.head.i < end)), span[-1])
    subject = head.dep_ in SUBJECT_DEPS
    return MentionFacts(block=block, sent=sent_index.get(head.sent.start, 0), subject=subject,
                        root_subject=subject and head.head.dep_ == "ROOT",
                        speaker=subject and head.head.lemma_.lower() in cue_verbs,
                        gender=name_gender(doc, start, end), text=span.text,
                        at=(offset + span.start_char, offset + span.end_char))


@dataclass
class Candidate:
    """An actor met before a pronoun: its last mention and what the document says of it."""
    actor_id: str
    last: Any  # the Mention
    facts: MentionFacts
    count: int
    ever_subject: bool
    gender: str | None
    rank: int  # 0: the person named most recently


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-4" if n < 5 else "5+"


def candidate_features(tok: Token, c: Candidate, block: int, sent: int, speaker_head: Token | None,
                       in_quote: bool, here: Span | None) -> list[str]:
    """Features of the pair (pronoun, candidate actor); ``here``: the candidate's last mention
    when it lies in the pronoun's block (its tokens can be read)."""
    f = c.facts
    if f.block == block:
        d = sent - f.sent
        dist = "0" if d <= 0 else "1" if d == 1 else "2" if d == 2 else "3+"
    else:
        dist = "block"
    p = tok.dep_ if tok.dep_ in SUBJECT_DEPS | OBJECT_DEPS | {"poss"} else "other"
    g = pronoun_gender(tok.lower_)
    agree = "unknown" if c.gender is None or g is None else "agree" if c.gender == g else "clash"
    out = [f"rank={min(c.rank, 5)}", f"dist={dist}", f"count={_bucket(c.count)}", f"gender={agree}",
           f"p={p}", f"p={p}|dist={dist}", f"p={p}|rank={min(c.rank, 3)}"]
    if f.subject:
        out += ["subject", f"subject|dist={dist}", f"subject|p={p}"]
    if f.root_subject:
        out += ["root_subject", f"root_subject|dist={dist}"]
    if f.speaker:
        out += ["speaker", f"speaker|dist={dist}"]
    if c.ever_subject:
        out.append("ever_subject")
    if g is not None:
        if c.last.actor.type != "person":
            out.append("named_as_organization")
    else:
        number = "plural" if tok.lower_ in PLURAL_PRONOUNS else "singular"
        out += [f"type={c.last.actor.type}", f"number={number}|type={c.last.actor.type}",
                f"number={number}|sector={c.last.actor.sector or '-'}"]
    if in_quote:
        out += ["in_quote", f"in_quote|dist={dist}"]
        if f.speaker:
            out.append("in_quote|speaker")
    if here is not None:
        if speaker_head is not None and here.start <= speaker_head.i < here.end:
            out.append("says_the_pronoun's_clause")
        # "Trump praised him": an object pronoun is not the subject of its own verb
        if p in OBJECT_DEPS | {"poss"} and any(t.dep_ in SUBJECT_DEPS and t.head.i == tok.head.i for t in here):
            out.append(f"subject_of_same_verb|p={p}")
    return out


class AntecedentModel:
    """The rankers' weights: ``person`` for he/she, ``body`` for it/they."""

    def __init__(self, data: dict) -> None:
        self.weights: dict[str, dict[str, float]] = {kind: data[kind]["weights"] for kind in ("person", "body")}

    def score(self, kind: str, feats: list[str]) -> float:
        w = self.weights[kind]
        return sum(w.get(x, 0.0) for x in feats)


@lru_cache(maxsize=1)
def load_antecedent_model() -> AntecedentModel | None:
    data = model_weights(MODEL_FILE)
    return AntecedentModel(data) if data else None
