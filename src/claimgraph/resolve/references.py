"""Pronouns and definite descriptions ("it", "they", "the latter", "the group", "the regime")
resolved to an earlier actor that fits: for he/she a person, for it/they a state or a body:
the speaker of the reporting verb, or one named before in the sentence, else the actor of an
earlier sentence that the learned ranker of ``antecedents`` chooses; for "the group", groups
(the nearest that fits).  The reference keeps its own text and offsets; only the actor
(id, name, type, country, sector) comes from the antecedent."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from claimgraph.lexicons import GroupNoun
from claimgraph.model import Entity
from claimgraph.resolve.antecedents import (
    MAX_PERSONS,
    AntecedentModel,
    Candidate,
    candidate_features,
    load_antecedent_model,
    mention_facts,
    pronoun_kind,
)
from claimgraph.resolve.mentions import ActorResolver, Mention

RELATIVE = {"who", "which", "that", "whom", "whose"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"}
CUE_DEPS = {"ccomp", "parataxis"}


def person(m: Mention) -> bool:
    return m.actor.type == "person"


def may_be_person(m: Mention) -> bool:
    """A person, or a name the NER model typed as an organization: taken up by "he" or "she",
    the pronoun says it is a person."""
    return person(m) or (m.kind == "ner" and m.actor.type == "organization")


def body(m: Mention) -> bool:
    """What "it" or "they" can name: a state, a body or a group (not a demonym)."""
    return m.actor.type in ("state", "organization", "armed_group", "group") and m.kind != "demonym"


class References:
    def __init__(self, resolver: ActorResolver, doc: Doc, cue_verbs: set[str],
                 earlier: list[Mention] | None = None, offset: int = 0) -> None:
        """``earlier``: mentions of the same document's previous paragraphs, oldest first
        (their token offsets belong to other parses and are not used; their facts keep their
        character offsets in the document); ``offset``: where this block starts in the
        document."""
        from claimgraph.extraction.news_model import datelines

        self.resolver = resolver
        self.doc = doc
        self.mentions: list[Mention] = resolver.find_mentions(doc).mentions
        # the block's datelines (character ranges), read once for extraction too
        self.datelines = datelines(doc.text)
        if self.datelines:
            # "MANCHESTER, N.H. (AP) —" names where the story was filed, never whom "they" are;
            # left without facts, these mentions are no antecedent in later blocks either
            self.mentions = [m for m in self.mentions
                             if not any(a <= doc[m.start].idx < b for a, b in self.datelines)]
        self.earlier = earlier or []
        self.cue_verbs = cue_verbs
        self.block = 1 + max((m.facts.block for m in self.earlier if m.facts is not None), default=-1)
        self.sent_index = {s.start: k for k, s in enumerate(doc.sents)}
        self.offset = offset
        for m in self.mentions:
            if m.facts is None:
                m.facts = mention_facts(doc, m.start, m.end, self.block, self.sent_index, cue_verbs, offset)
        self.antecedents: AntecedentModel | None = load_antecedent_model()

    def _entities(self, tok: Token, m: Mention) -> list[Entity]:
        """The antecedent's mention when it is in the same sentence (what a reader of the
        evidence sees), else the reference itself, then the antecedent's mention where the
        document names it (offsets relative to this block, as every entity of a block is
        until its claims are placed in the document)."""
        if m in self.mentions and self.doc[m.start].sent.start == tok.sent.start:
            return [self.resolver._entity(self.doc[m.start:m.end], m.actor)]
        here = self.resolver._entity(self.doc[tok.i:tok.i + 1], m.actor)
        if m.facts is None:
            return [here]
        start, end = m.facts.at
        return [here, replace(here, text=m.facts.text, start=start - self.offset, end=end - self.offset)]

    def _before(self, i: int, fits) -> Mention | None:
        for m in reversed(self.mentions):
            if m.end <= i and fits(m):
                return m
        for m in reversed(self.earlier[-40:]):
            if m.facts is not None and fits(m):  # none: a dateline's (see __init__)
                return m
        return None

    def _previous_subject(self, tok: Token, fits) -> Mention | None:
        """The subject of the previous sentence, when the pronoun opens its own: "Al-Shabaab
        is based in Somalia. It attacked ..." (the topic continues, not the nearest name)."""
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ROOT":
            return None
        sent = tok.sent
        if sent.start == 0:
            return None
        prev = self.doc[sent.start - 1].sent
        subj = next((t for t in prev if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"), None)
        if subj is None:
            return None
        m = self.resolver.mention_at(self.doc, subj.i)
        return m if m is not None and fits(m) else None

    @staticmethod
    def _opens_sentence(tok: Token) -> bool:
        return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT"

    def _before_in_sentence(self, tok: Token, fits) -> Mention | None:
        start = tok.sent.start
        return next((m for m in reversed(self.mentions) if start <= m.start and m.end <= tok.i and fits(m)), None)

    def _speaker_head(self, tok: Token) -> Token | None:
        """The subject of the reporting verb that governs ``tok`` ("Japan said it had ...")."""
        node = tok
        while node.head != node:
            if node.dep_ in CUE_DEPS and node.head.lemma_.lower() in self.cue_verbs:
                return next((c for c in node.head.children if c.dep_ == "nsubj" and c.i != tok.i
                             and c.pos_ != "PRON"), None)
            node = node.head
        return None

    def _speaker(self, tok: Token) -> list[Entity]:
        """The actor of the reporting verb that governs ``tok``: "Japan said it had ..." -> Japan."""
        head = self._speaker_head(tok)
        return self.resolver.entities_for(head) if head is not None else []

    def candidates(self, tok: Token, fits) -> list[Candidate]:
        """The actors ``fits`` accepts met in the document before the sentence of ``tok``, the most
        recent first: one per actor (a surname met alone is the person met in full), with the last
        mention of each."""
        start = tok.sent.start
        seq = [m for m in self.earlier[-80:] if m.facts is not None] + [m for m in self.mentions if m.end <= start]
        people: dict[str, Candidate] = {}
        for m in seq:
            if not fits(m):
                continue
            key = m.actor.name.split()[-1].lower() if m.actor.type == "person" and m.actor.name.split() else m.actor.id
            have = people.pop(key, None)
            people[key] = Candidate(m.actor.id, m, m.facts, 1 + (have.count if have else 0),
                                    m.facts.subject or bool(have and have.ever_subject),
                                    m.facts.gender or (have.gender if have else None), 0)
        out = list(people.values())[::-1][:MAX_PERSONS]
        for k, c in enumerate(out):
            c.rank = k
        return out

    def choices(self, tok: Token, fits) -> list[tuple[Candidate, list[str]]]:
        """Each candidate actor for ``tok`` with the antecedent model's features of the pair."""
        speaker = self._speaker_head(tok)
        quoted = self._in_quotation(tok)
        sent = self.sent_index.get(tok.sent.start, 0)
        out = []
        for c in self.candidates(tok, fits):
            here = self.doc[c.last.start:c.last.end] if any(c.last is m for m in self.mentions) else None
            out.append((c, candidate_features(tok, c, self.block, sent, speaker, quoted, here)))
        return out

    def _learned(self, tok: Token, own, fits, kind: str, model: AntecedentModel) -> Mention | None:
        """An actor ``own`` accepts named before ``tok`` in its sentence, unless ``tok`` opens the
        sentence as its subject; else the earlier actor ``fits`` accepts that the ``kind``
        ranker (person or body) puts first."""
        m = None if self._opens_sentence(tok) else self._before_in_sentence(tok, own)
        if m is not None:
            return m
        choices = self.choices(tok, fits)
        if not choices:
            return None
        return max(choices, key=lambda cf: model.score(kind, cf[1]))[0].last

    def _in_quotation(self, tok: Token) -> bool:
        from claimgraph.extraction.attribution import in_quotation

        return in_quotation(self.doc, tok.i)

    def _quote_speaker(self, tok: Token) -> list[Entity]:
        """Who says the quotation that holds a first-person pronoun: the subject of a reporting
        verb outside the quotation, in the pronoun's sentence ("'We will,' the minister said")
        or the sentences around it in the paragraph ("Trump said: ... 'I will work on it.'")."""
        from claimgraph.extraction.attribution import in_quotation

        if not in_quotation(self.doc, tok.i):
            return []
        here = tok.sent
        before = self.doc[here.start - 1].sent if here.start > 0 else None
        after = self.doc[here.end].sent if here.end < len(self.doc) else None
        for sent in (here, before, after):
            if sent is None:
                continue
            for cue in sent:
                if cue.pos_ != "VERB" or cue.lemma_.lower() not in self.cue_verbs or in_quotation(self.doc, cue.i):
                    continue
                subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
                if subj is None or subj.lower_ in FIRST_PERSON:
                    continue
                found = self.resolve(subj) if subj.pos_ == "PRON" else self.resolver.entities_for(subj, self)
                if found:
                    e = found[0]
                    if sent.start == here.start:
                        return [e]
                    # the speaker's name, from a sentence around the quotation, after the pronoun
                    named = found if subj.pos_ != "PRON" else found[1:]
                    return [replace(e, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text)), *named[:1]]
        return []

    def resolve(self, tok: Token) -> list[Entity]:
        word = tok.lower_
        if word in FIRST_PERSON:
            return self._quote_speaker(tok)
        if word in RELATIVE:
            noun = tok.head.head if tok.head.dep_ == "relcl" else None
            if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
                return self.resolver.entities_for(noun, self)
            return []
        if word in ("latter", "former"):
            first = self._before(tok.i, lambda m: True)
            if first is None:
                return []
            if word == "former":
                second = self._before(first.start, lambda m: m.actor.id != first.actor.id)
                first = second or first
            return self._entities(tok, first)
        kind = pronoun_kind(word)
        if kind == "person":
            speaker = [e for e in self._speaker(tok) if e.type == "person"]
            if speaker:
                return speaker[:1]
            if self.antecedents is not None:
                m = self._learned(tok, person, may_be_person, kind, self.antecedents)
            else:
                # "Trump praised Putin. He also called for ...": the topic continues
                m = self._previous_subject(tok, may_be_person) or self._before(tok.i, person)
            return [replace(e, type="person") for e in self._entities(tok, m)] if m else []
        if kind == "body":
            speaker = [e for e in self._speaker(tok) if e.type != "person"]
            if speaker:
                return speaker
            if self.antecedents is not None:
                m = self._learned(tok, body, body, kind, self.antecedents)
            else:
                m = self._previous_subject(tok, body) or self._before(tok.i, body)
            return self._entities(tok, m) if m else []
        return []

    def resolve_definite(self, tok: Token, group: GroupNoun) -> list[Entity]:
        """"the directorate": the nearest earlier actor whose name has that word; else ("the
        group", "the regime") the nearest earlier actor of a fitting type."""
        word = tok.lemma_.lower()
        named = self._before(tok.i, lambda m: word in m.actor.name.lower().split())
        if named is not None:
            return self._entities(tok, named)
        state_organ = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
        if group.type == "state":
            types = {"state"}
        elif group.type == "armed_group":
            types = {"armed_group"}
        else:
            types = {"organization", "armed_group"}
        # "the group" is a body of its own, not a ministry or an army of a state
        m = self._before(tok.i, lambda m: m.actor.type in types
                         and (group.type == "state" or m.actor.sector not in state_organ))
        if m is None or (m in self.mentions and tok.i - m.end > 120):
            return []
        return self._entities(tok, m)
