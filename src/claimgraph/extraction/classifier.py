"""The learned event-type classifier: for a trigger candidate in its parsed context, which of
its lexicon readings it expresses, or none ("the striker scored", "sales hit a record").

A multinomial logistic model over sparse features of the trigger and its syntactic
neighbourhood, trained by ``training/train_events.py`` on hand-written annotated sentences.
The weights ship as JSON in ``data/models/``; prediction is a dot product, no library
needed at run time.  Without the file, the lexicon's first reading is used.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

from claimgraph.lexicons import model_weights

if TYPE_CHECKING:
    from claimgraph.extraction.events import Candidate

MODEL_FILE = "event_classifier.json"
NONE = "NONE"
NONE_THRESHOLD = 0.9


def _party(tok, resolver, refs=None) -> str | None:
    """What kind of party a noun phrase names: actor type and sector ("state/GOV",
    "armed_group/REB", "person/-"), from its head or a named modifier."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    ents = resolver.entities_for(tok, refs)
    if ents:
        return f"{ents[0].type}/{ents[0].sector or '-'}"
    return "thing/-"


def features(c: Candidate, resolver=None, refs=None) -> list[str]:
    """Sparse binary features of a candidate (names are stable: the model is keyed by them).
    With a resolver, also the kinds of parties in subject and object position."""
    t = c.token
    lemma = t.lemma_.lower()
    f = [f"lemma={lemma}", f"pos={c.pos}", f"lp={lemma}/{c.pos}", f"dep={t.dep_}", f"tag={t.tag_}",
         f"head={t.head.lemma_.lower()}", f"head_dep={t.head.dep_}/{t.dep_}", f"span={c.span.text.lower()}"]
    for s in c.senses:
        f.append(f"sense={s.event}")
        if s.mode:
            f.append(f"sense_mode={s.event}/{s.mode}")
    if c.frame is not None:
        f.append(f"frame={c.frame.lemma_.lower()}")
        f.append(f"frame_kind={c.frame_kind}")
    for ch in t.children:
        d = ch.dep_
        if d in ("dobj", "attr", "dative", "nsubjpass", "oprd"):
            f.append(f"{d}={ch.lemma_.lower()}")
            if ch.ent_type_:
                f.append(f"{d}_ent={ch.ent_type_}")
        elif d in ("prep", "prt", "agent"):
            f.append(f"{d}={ch.lower_}")
            pobj = next((g for g in ch.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                f.append(f"{d}_{ch.lower_}={pobj.lemma_.lower()}")
                if pobj.ent_type_:
                    f.append(f"{d}_{ch.lower_}_ent={pobj.ent_type_}")
        elif d in ("nsubj", "poss"):
            f.append(f"{d}_ent={ch.ent_type_ or ch.pos_}")
            f.append(f"{d}={ch.lemma_.lower()}")
        elif d in ("aux", "neg", "compound", "amod", "xcomp", "ccomp", "advmod"):
            f.append(f"{d}={ch.lemma_.lower()}")
    if t.i > 0:
        f.append(f"prev={t.doc[t.i - 1].lower_}")
    if t.i + 1 < len(t.doc):
        f.append(f"next={t.doc[t.i + 1].lower_}")
    if t.head != t:
        f.append(f"gov={t.head.lemma_.lower()}/{t.dep_}")
    if resolver is not None:
        anchor = c.frame if c.frame is not None else t
        for ch in anchor.children:
            role = {"nsubj": "subj", "nsubjpass": "obj", "dobj": "obj", "dative": "obj"}.get(ch.dep_)
            if ch.dep_ == "agent":
                ch = next((g for g in ch.children if g.dep_ == "pobj"), ch)
                role = "subj"
            if role:
                kind = _party(ch, resolver, refs)
                if kind:
                    f.append(f"{role}_party={kind}")
                    f.append(f"{role}_party_type={kind.split('/')[0]}")
    return f


def logits(weights: dict[str, list[float]], bias: list[float], feats: list[str]) -> list[float]:
    """A linear model's scores over sparse binary features: the bias plus each feature's row."""
    z = list(bias)
    for name in feats:
        w = weights.get(name)
        if w is not None:
            for k, v in enumerate(w):
                z[k] += v
    return z


def softmax(z: list[float]) -> list[float]:
    m = max(z)
    exp = [math.exp(v - m) for v in z]
    total = sum(exp)
    return [v / total for v in exp]


class EventClassifier:
    def __init__(self, labels: list[str], weights: dict[str, list[float]], bias: list[float]) -> None:
        self.labels = labels
        self.index = {lab: k for k, lab in enumerate(labels)}
        self.weights = weights
        self.bias = bias

    def scores(self, feats: list[str]) -> list[float]:
        return softmax(logits(self.weights, self.bias, feats))

    def predict(self, c: Candidate, resolver=None, refs=None) -> tuple[str, str | None, float]:
        """The event type among the candidate's readings (or "" for none), its mode, and the
        probability the model gives it."""
        probs = self.scores(features(c, resolver, refs))
        best, best_p = NONE, -1.0
        for lab in {s.event for s in c.senses}:
            k = self.index.get(lab)
            if k is not None and probs[k] > best_p:
                best, best_p = lab, probs[k]
        k_none = self.index.get(NONE)
        p_none = probs[k_none] if k_none is not None else 0.0
        # a reading is dropped only when the model is clearly sure the word is no event here
        if best == NONE or p_none >= NONE_THRESHOLD:
            return "", None, p_none
        # confidence: the reading's share among the word's possible readings and "no event"
        allowed = {s.event for s in c.senses}
        total = p_none + sum(probs[self.index[lab]] for lab in allowed if lab in self.index)
        best_p = best_p / total if total > 0 else best_p
        mode = next((s.mode for s in c.senses if s.event == best and s.mode), None)
        return best, mode, best_p


@lru_cache(maxsize=1)
def load_classifier() -> EventClassifier | None:
    data = model_weights(MODEL_FILE)
    return EventClassifier(data["labels"], data["weights"], data["bias"]) if data else None
