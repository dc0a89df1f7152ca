"""Learned claim extraction, trained on real news coded by the annotation guide.

Three small logistic models read the spaCy parse of a sentence:

- the **trigger model** decides whether a content word (verb, noun, adjective, and the
  participle of a modifier such as "US-backed") says a claim;
- the **type model** decides which of the 16 PLOVER types it says;
- the **role model** labels each candidate party of the sentence (actors the gazetteer, NER,
  group nouns or reference resolution find, and other noun phrases) as the ACTOR, the
  RECIPIENT, or neither, of a given trigger, from the dependency path between them and the
  kind of party.

All are trained by ``training/train_news.py`` on the standoff data in ``training/news/``; the
weights ship as JSON in ``data/models/`` and prediction is a dot product. Feature names are
the contract between training and run time: change one and the model must be retrained.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from spacy.tokens import Span, Token

from claimgraph.extraction.classifier import logits, softmax
from claimgraph.lexicons import Lexicons, model_weights
from claimgraph.model import Entity
from claimgraph.resolve.mentions import unlisted_party

MODEL_FILE = "news_model.json"
TRIGGER_POS = {"VERB", "NOUN", "ADJ"}
PARTY_POS = {"NOUN", "PROPN", "PRON"}

# "NAJAF, Iraq (Reuters) -", "Reuters -", "WASHINGTON -": the place and the agency that open a
# wire story name no party to it.
_DATELINE = re.compile(
    r"\s*(?:[A-Z][\w.'’-]*(?:[ ,]+[A-Z0-9][\w.'’-]*){0,5}\s*)?(?:\([^()]{1,40}\)\s*)?(?:-{1,2}|–|—|:)(?:\s+|$)")
# the periods of a dateline's date, which end no sentence: "MOSCOW, Sept. 17, 2004 -",
# "NEW DELHI, Aug. 25. -"
_DATE_PERIODS = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|\.(?=\s*(?:-{1,2}|–|—)\s*$)")


def _dateline_at(text: str, pos: int) -> int:
    """Where a dateline that starts at ``pos`` ends (after its dash), or ``pos`` when none does
    ("Canadian Press - OTTAWA (CP) -" is two)."""
    start = pos
    while True:
        m = _DATELINE.match(text, pos)
        if not m or m.end() - pos > 80:
            break
        head = text[pos:m.end()]
        if re.search(r"[.!?]\s", _DATE_PERIODS.sub("", head)):
            break  # a sentence ends inside: a headline, not a dateline
        words = re.findall(r"[A-Za-z][\w'’-]*", head)
        if head.rstrip().endswith(":") and not all(w.isupper() and len(w) > 1 for w in words):
            break  # "US Envoy: Iran must stop" names a speaker
        # a dateline is capitals or a parenthesised agency, not the start of a sentence
        if words and not ("(" in head or any(w.isupper() and len(w) > 1 for w in words) or len(words) == 1
                          or (len(words) <= 3 and all(w[0].isupper() for w in words) and head.rstrip().endswith("-"))):
            break
        pos = m.end()
    return pos if pos > start else start


def datelines(text: str) -> list[tuple[int, int]]:
    """Character ranges of datelines: at the start of a line, or after a wire headline (the
    text before the first ". ")."""
    out = []
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    first = text.find(". ")
    if 0 < first < 300:
        starts.append(first + 2)
        # the agency that closes a wire headline: "Talks Resume (Reuters)."
        agency = re.search(r"\([A-Z][\w .&-]{0,30}\)\s*$", text[:first])
        if agency:
            out.append((agency.start(), first))
    for s in sorted(set(starts)):
        while s < len(text) and text[s] in " \t":
            s += 1
        e = _dateline_at(text, s)
        if e > s:
            out.append((s, e))
    return sorted(out)


def dateline_tokens(sent: Span, ranges: list[tuple[int, int]]) -> set[int]:
    return {t.i for t in sent if any(s <= t.idx < e for s, e in ranges)}


@dataclass
class Party:
    head: Token
    entities: list[Entity]
    known: bool = True  # resolved by the gazetteer, NER or a reference, not only a noun phrase


def _path(a: Token, b: Token) -> tuple[list[str], list[str]]:
    """Dependency labels from ``a`` up to the lowest common ancestor, and from it down to ``b``."""
    up_a = [a] + list(a.ancestors)
    up_b = [b] + list(b.ancestors)
    index_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in index_b:
            return [x.dep_ for x in up_a[:k]], [x.dep_ for x in up_b[:index_b[t.i]]][::-1]
    return ["?"], ["?"]


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-12" if n < 13 else "13+"


class NewsFeatures:
    """Feature extraction shared by training and run time."""

    def __init__(self, lex: Lexicons, resolver) -> None:
        self.lex = lex
        self.resolver = resolver
        self._kinds: dict[int, str | None] = {}

    def begin(self) -> None:
        """A new sentence: forget the kinds of party found for the last one's tokens."""
        self._kinds = {}

    # ---------------------------------------------------------------- candidates
    def triggers(self, sent: Span, skip: set[int]) -> list[Token]:
        return [t for t in sent if t.i not in skip and self.may_say(t)]

    def may_say(self, t: Token) -> bool:
        """Whether a word is a trigger candidate at all: a content word of a trigger's part of
        speech (or a title-case word the lexicon knows as a verb)."""
        if t.is_stop or not t.is_alpha or len(t) < 3:
            return False
        return t.pos_ in TRIGGER_POS or (t.pos_ == "PROPN" and bool(self.lex.senses(t.lower_, "VERB")))

    def parties(self, sent: Span, refs, skip: set[int]) -> list[Party]:
        """Heads of the noun phrases in the sentence that name an actor, one per mention
        (``skip``: dateline tokens, never part of a mention)."""
        out: list[Party] = []
        covered: set[int] = set()
        for t in sent:
            if t.i in skip or t.pos_ not in PARTY_POS or t.i in covered or self.resolver.place_modifier(t):
                continue
            m = self.resolver.mention_at(t.doc, t.i)
            if m is not None:
                # the head of a multiword name: the token whose head lies outside it
                head = next((x for x in t.doc[m.start:m.end] if not (m.start <= x.head.i < m.end)), t)
                if head.i != t.i and head.pos_ in PARTY_POS:
                    t = head
                covered.update(range(m.start, m.end))
            try:
                ents = self.resolver._entities_single(t, refs, 0)
            except (IndexError, ValueError):
                ents = []
            if not ents and t.pos_ in ("NOUN", "PROPN") and (t.head.i == t.i or t.head.i < sent.start
                                                              or t.dep_ not in ("compound", "amod")):
                # a noun phrase no list knows ("a man", "key witnesses", a name NER missed): a
                # party of unknown kind, for the role model to weigh
                span = self.resolver.np_span(t)
                if any(x.i in skip for x in span) or self.resolver.hazard(span, t):
                    continue
                ents = [unlisted_party(span, t)]
                out.append(Party(t, ents, known=False))
                covered.add(t.i)
                continue
            if ents:
                if skip:
                    # "Reuters - China": a mention stops where the dateline ends
                    edge = max(sent.doc[i].idx + len(sent.doc[i]) for i in skip)
                    ents = [e if e.start >= edge or e.end <= edge else
                            replace(e, text=e.text[edge - e.start:].lstrip(" -–—"),
                                    start=e.end - len(e.text[edge - e.start:].lstrip(" -–—")))
                            for e in ents]
                out.append(Party(t, ents))
                covered.add(t.i)
        return out

    def readings(self, t: Token) -> set[str]:
        """The event types the lexicon reads a word as (a title-case word also as verb and noun)."""
        out: set[str] = set()
        lemma = t.lemma_.lower()
        if t.pos_ == "PROPN":
            forms = [(w, p) for w in {lemma, t.lower_, t.lower_.rstrip("s")} for p in ("VERB", "NOUN")]
        else:
            forms = [(lemma, t.pos_)]
        for w, p in forms:
            out.update(s.event for s in self.lex.senses(w, p))
        return out

    # ---------------------------------------------------------------- features
    def trigger_features(self, t: Token, sent: Span, first: bool, cue_tokens: set[int],
                         quoted: bool) -> list[str]:
        lemma = t.lemma_.lower()
        pos = t.pos_
        f = [f"l={lemma}", f"lp={lemma}/{pos}", f"pos={pos}", f"dep={t.dep_}", f"tag={t.tag_}",
             f"w={t.lower_}", f"hd={t.head.lemma_.lower()}/{t.dep_}", f"hp={t.head.pos_}/{t.dep_}"]
        if first:
            f.append("headline")
            f.append(f"headline_l={lemma}")
        if quoted:
            f.append("quoted")
        for s in self.lex.senses(lemma, "VERB" if pos == "PROPN" else pos):
            f.append(f"s={s.event}")
            f.append(f"sl={s.event}/{lemma}")
            if s.mode:
                f.append(f"sm={s.event}/{s.mode}")
        for ch in t.children:
            d = ch.dep_
            cl = ch.lemma_.lower()
            if d in ("dobj", "attr", "dative", "nsubjpass", "oprd", "acomp", "xcomp", "ccomp", "compound",
                     "amod", "neg", "aux", "auxpass", "prt", "advmod"):
                f.append(f"c_{d}={cl}")
            elif d in ("prep", "agent"):
                f.append(f"c_{d}={ch.lower_}")
                pobj = next((g for g in ch.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    f.append(f"c_{ch.lower_}={pobj.lemma_.lower()}")
            elif d in ("nsubj", "poss"):
                f.append(f"c_{d}={cl}")
            if d in ("nsubj", "nsubjpass", "dobj", "poss", "agent", "dative", "compound", "amod") or d == "prep":
                tok = ch
                if d in ("agent", "prep"):
                    tok = next((g for g in ch.children if g.dep_ == "pobj"), ch)
                kind = self._kind(tok)
                if kind:
                    f.append(f"party_{d}={kind}")
                    f.append(f"party_{d}_l={kind}/{lemma}")
        if t.i > sent.start:
            f.append(f"prev={t.doc[t.i - 1].lower_}")
        if t.i + 1 < sent.end:
            f.append(f"next={t.doc[t.i + 1].lower_}")
        if t.head.i in cue_tokens:
            f.append("under_cue")
        # governed by a word of the lexicon ("agreed to cooperate", "called for talks")
        for s in self.lex.senses(t.head.lemma_.lower(), t.head.pos_)[:2]:
            f.append(f"hs={s.event}/{t.dep_}")
        if pos == "VERB" and t.dep_ == "amod":
            f.append(f"modifier_participle={lemma}")
        return f

    def _kind(self, tok: Token) -> str | None:
        if tok.pos_ not in PARTY_POS:
            return None
        if tok.i not in self._kinds:
            try:
                ents = self.resolver.entities_for(tok)
            except (IndexError, ValueError):
                ents = []
            self._kinds[tok.i] = ents[0].type if ents else None
        return self._kinds[tok.i]

    def role_features(self, trig: Token, event: str, p: Party, sent: Span, speakers: dict[int, list[tuple]],
                      rules: tuple[list[tuple[int, int]], list[tuple[int, int]]] | None = None) -> list[str]:
        up, down = _path(p.head, trig)
        path = "^".join(up[:4]) + "|" + "v".join(down[:4])
        short = (up[0] if up else "") + "|" + (down[-1] if down else "")
        e = p.entities[0]
        kind = e.type if p.known else f"np/{p.head.pos_}"
        side = "before" if p.head.i < trig.i else "after"
        dist = _bucket(abs(p.head.i - trig.i))
        f = [f"path={path}", f"epath={event}/{path}", f"short={short}", f"eshort={event}/{short}",
             f"len={_bucket(len(up) + len(down))}", f"side={side}", f"eside={event}/{side}",
             f"dist={dist}", f"kind={kind}", f"ekind={event}/{kind}", f"sector={e.sector or '-'}",
             f"dep={p.head.dep_}", f"edep={event}/{p.head.dep_}", f"tpos={trig.pos_}",
             f"pdep={event}/{trig.pos_}/{p.head.dep_}/{side}"]
        if p.head.dep_ == "pobj":
            prep = p.head.head.lower_
            f.append(f"prep={prep}")
            f.append(f"eprep={event}/{prep}")
            f.append(f"eprep_h={event}/{prep}/{'trig' if p.head.head.head.i == trig.i else 'other'}")
        if p.head.head.i == trig.i:
            f.append(f"direct={p.head.dep_}")
            f.append(f"edirect={event}/{p.head.dep_}")
        if p.head.i in speakers:
            f.append("speaker")
            f.append(f"espeaker={event}")
            for start, end, cue in speakers[p.head.i]:
                if start <= trig.i < end:
                    # the trigger is in what this party is reported to say
                    f.append("speaker_of")
                    f.append(f"espeaker_of={event}")
                    f.append(f"speaker_cue={cue}")
                elif trig.lemma_.lower() == cue:
                    f.append("speaker_by_cue")
                    f.append(f"espeaker_by_cue={event}")
        if p.head.pos_ == "PRON":
            f.append("pronoun")
        if not p.known:
            f.append(f"np_lemma={p.head.lemma_.lower()}")
            f.append(f"np_ent={p.head.ent_type_ or '-'}")
        if not up:
            f.append("is_trigger")
        if len(down) == 0 and up:
            f.append(f"dominates_trigger={up[-1] if up else ''}")
        if trig.pos_ == "NOUN" and p.head.dep_ == "poss" and p.head.head.i == trig.i:
            f.append("possessor")
        if rules is not None:
            a, r = rules
            mine = [(e.start, e.end) for e in p.entities] + [(p.head.idx, p.head.idx + len(p.head))]
            for name, spans in (("rule_actor", a), ("rule_recipient", r)):
                if any(s < e2 and s2 < e for s, e in mine for s2, e2 in spans):
                    f.append(name)
                    f.append(f"{event}/{name}")
            if not a:
                f.append("rule_no_actor")
        return f


class _Softmax:
    """A multinomial logistic model over sparse binary features and, in the accurate mode, a
    dense vector (standardised with the training mean and scale)."""

    def __init__(self, data: dict) -> None:
        self.labels: list[str] = data["labels"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.bias: list[float] = data["bias"]
        dense = data.get("dense")
        self.dense = None
        if dense:
            self.dense = np.asarray(dense["weights"], dtype=np.float32)  # classes x dims
            self.mean = np.asarray(dense["mean"], dtype=np.float32)
            self.scale = np.asarray(dense["scale"], dtype=np.float32)

    def probs(self, feats: list[str], vec: np.ndarray | None = None) -> list[float]:
        z = logits(self.weights, self.bias, feats)
        if self.dense is not None and vec is not None:
            dz = self.dense @ ((vec - self.mean) / self.scale)
            z = [a + float(b) for a, b in zip(z, dz, strict=True)]
        return softmax(z)


@dataclass
class SentenceInputs:
    """What both models read of one sentence: trigger candidates with their features, the
    parties that may fill a role, and the roles the parse rules give a trigger read as a type
    (character ranges of actor and recipient mentions), a feature of the role model."""
    sent: Span
    triggers: list[tuple[Token, list[str]]]
    parties: list[Party]
    speakers: dict[int, list[tuple[int, int, str]]]  # source head -> (content start, end, cue lemma)
    cue_tokens: set[int]
    rule_roles: Callable[[Token, str], tuple[list[tuple[int, int]], list[tuple[int, int]]]] | None = None
    vectors: np.ndarray | None = None  # accurate mode: one encoder vector per token of the sentence

    def vec(self, t: Token) -> np.ndarray | None:
        return None if self.vectors is None else self.vectors[t.i - self.sent.start]

    def pair(self, party: Party, t: Token) -> np.ndarray | None:
        if self.vectors is None:
            return None
        a, b = self.vectors[party.head.i - self.sent.start], self.vectors[t.i - self.sent.start]
        return np.concatenate([a, b, a * b])


def _in_apposition(a: Token, b: Token) -> bool:
    return (a.dep_ == "appos" and a.head.i == b.i) or (b.dep_ == "appos" and b.head.i == a.i)


def _with_appositions(chosen: list[Party], parties: list[Party]) -> list[Party]:
    """The chosen parties with the parties in apposition to them, which name the same actor
    ("the main super PAC supporting her, Priorities USA Action"); a known actor comes first, then
    a name, before a description ("the main super PAC")."""
    heads = {p.head.i for p in chosen}
    linked = [p for p in parties if p.head.i not in heads and any(_in_apposition(p.head, c.head) for c in chosen)]
    if not linked:
        return chosen
    return sorted(chosen + linked, key=lambda p: (not p.known, not p.head.ent_type_,
                                                  any(ch.dep_ == "det" for ch in p.head.children)))


def _with_joined(chosen: Party, scored: list[Party], parties: list[Party]) -> list[Party]:
    """A chosen actor or recipient with its conjuncts among the scored parties ("Iran and
    Syria") and the parties in apposition to them."""
    conj = {c.i for c in chosen.head.conjuncts}
    return _with_appositions([chosen] + [p for p in scored if p.head.i in conj], parties)


def _modified(party: Party) -> Token | None:
    """The participle a party names the doer of inside another noun phrase ("US" in
    "US-backed militias", "Kremlin" in "Kremlin-allied militias"): the party is the actor of
    that word alone; the militias capture the town, not the United States. (A name that takes
    in the whole phrase, "the US-led coalition", is that phrase's party.)"""
    h = party.head
    m = h.head
    if (h.dep_ in ("npadvmod", "compound") and m.dep_ == "amod" and m.tag_ in ("VBN", "VBG")
            and h.i < m.i and any(c.dep_ == "punct" and c.text == "-" for c in m.children)
            and all(e.end <= m.idx for e in party.entities)):
        return m
    return None


@dataclass
class Decoded:
    trigger: Token
    event: str
    prob: float
    actor: list[Party]
    recipient: list[Party]
    score: float


class NewsModel:
    def __init__(self, data: dict) -> None:
        self.trigger = _Softmax(data["trigger"])
        self.type = _Softmax(data["type"])
        self.role = _Softmax(data["role"])
        self.accurate = self.trigger.dense is not None
        # lemmas whose own weight leans towards saying a claim
        yes = self.trigger.labels.index("YES")
        self.trigger_lemmas = {name[2:] for name, w in self.trigger.weights.items()
                               if name.startswith("l=") and w[yes] > 0}

        th = data.get("thresholds", {})
        self.trigger_threshold = float(th.get("trigger", 0.5))
        self.actor_threshold = float(th.get("actor", 0.3))
        self.recipient_threshold = float(th.get("recipient", 0.3))
        # the least confidence of a learned claim that fills a sentence the rules leave empty
        self.fill_threshold = float(th.get("fill", 0.0))
        # the least P(event) of the word a rules' claim stands on, for the claim to be kept
        # (training/choose_veto.py); 0: every claim of the rules is kept
        self.veto_threshold = float(th.get("veto", 0.0))

    def may_trigger(self, t: Token, nf: NewsFeatures) -> bool:
        """Whether a word can say a claim at all: a lexicon reading, or a lemma training saw as
        one (a cheap filter before the features are read)."""
        return t.lemma_.lower() in self.trigger_lemmas or bool(nf.readings(t))

    def event_probability(self, feats: list[str], vec: np.ndarray | None = None) -> float:
        """P(the word says an event of any type), from the trigger model."""
        return self.trigger.probs(feats, vec)[self.trigger.labels.index("YES")]

    def events(self, feats: list[str], vec: np.ndarray | None = None) -> tuple[str, float]:
        """The most likely type of a word and the probability that it says an event of that
        type: P(event) from the trigger model times P(type | event) from the type model."""
        p = self.event_probability(feats, vec)
        if p < self.trigger_threshold:
            return "", p
        probs = self.type.probs(feats, vec)
        k = max(range(len(probs)), key=lambda i: probs[i])
        return self.type.labels[k], p * probs[k]

    def roles(self, feats: list[str], vec: np.ndarray | None = None) -> tuple[float, float]:
        probs = self.role.probs(feats, vec)
        return probs[self.role.labels.index("ACTOR")], probs[self.role.labels.index("RECIPIENT")]

    def decode(self, nf: NewsFeatures, inp: SentenceInputs) -> list[Decoded]:
        """The claims of a sentence: each trigger the model is sure of, its most likely actor (with
        the actor's conjuncts) and recipient; one claim per event type and actor, preferring one
        with a recipient."""
        best: dict[tuple, Decoded] = {}
        for t, feats in inp.triggers:
            event, p = self.events(feats, inp.vec(t))
            if p < self.trigger_threshold:
                continue
            rules = inp.rule_roles(t, event) if inp.rule_roles is not None else None
            scored = [(*self.roles(nf.role_features(t, event, party, inp.sent, inp.speakers, rules),
                                   inp.pair(party, t)), party)
                      for party in inp.parties if party.head.i != t.i and _modified(party) in (None, t)]
            if not scored:
                continue
            pa, _, actor_party = max(scored, key=lambda x: x[0])
            if pa < self.actor_threshold:
                continue
            actor = _with_joined(actor_party, [x[2] for x in scored], inp.parties)
            actor_ids = {e.id for a in actor for e in a.entities}
            rest = [x for x in scored if x[2] not in actor and not {e.id for e in x[2].entities} & actor_ids]
            recipient: list[Party] = []
            if rest:
                _, pr, rec_party = max(rest, key=lambda x: x[1])
                if pr >= self.recipient_threshold:
                    recipient = _with_joined(rec_party, [x[2] for x in rest], inp.parties)
            d = Decoded(t, event, p, actor, recipient, p * pa)
            key = (event, tuple(sorted(actor_ids)))
            have = best.get(key)
            if have is None or (bool(d.recipient), d.score) > (bool(have.recipient), have.score):
                best[key] = d
        return list(best.values())


@lru_cache(maxsize=1)
def load_news_model() -> NewsModel | None:
    """The default mode's model (sparse features); a model with dense weights reads vectors that
    the caller supplies (a comparison in bench/bench_representations.py)."""
    data = model_weights(MODEL_FILE)
    return NewsModel(data) if data else None
