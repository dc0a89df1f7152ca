"""Polarity, certainty and tense of an event, read from the words that govern its trigger.

From the trigger the walk climbs the dependency tree through the words whose meaning frames
it (auxiliaries, adverbs, control verbs and adjectives, clausal heads), and stops at the
reporting verb of an attribution: "officials denied that X attacked" negates, but "X has
never attacked" is negated by its own adverb, and a hedge elsewhere in the sentence
frames nothing.  The word lists live in ``data/modality.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from claimgraph.lexicons import Lexicons

CLIMB_DEPS = {"xcomp", "ccomp", "advcl", "conj", "acl", "pcomp", "pobj", "prep", "dobj", "attr", "acomp",
              "nsubj", "nsubjpass", "dative", "appos", "relcl", "oprd", "npadvmod", "compound", "amod"}
RANK = {"certain": 2, "probable": 1, "possible": 0}


@dataclass
class Modality:
    polarity: str = "affirmed"
    certainty: str = "certain"
    tense: str = "past"


def governing_chain(trigger: Token, stop: set[int], limit: int = 8) -> list[Token]:
    """The trigger and the words above it, up to (not including) an attribution cue."""
    chain = [trigger]
    node = trigger
    while len(chain) < limit and node.head != node and node.dep_ in CLIMB_DEPS:
        node = node.head
        if node.i in stop:
            break
        chain.append(node)
        if node.dep_ == "relcl":
            break
    return chain


def _weaker(a: str, b: str) -> str:
    return a if RANK[a] <= RANK[b] else b


def modality_of(trigger: Token, lex: Lexicons, stop: set[int], extra: list[Token] | None = None) -> Modality:
    """``stop``: token indices of attribution cues; ``extra``: further governors (a sentence
    that a fragment continues)."""
    chain = governing_chain(trigger, stop) + (extra or [])
    neg = lex.words("negation")
    negating = lex.words("negating_verbs")
    prob_adv, prob_verb, prob_adj = lex.words("probable_adverbs"), lex.words("probable_verbs"), \
        lex.words("probable_adjectives")
    poss_mod, poss_adv, poss_adj = lex.words("possible_modals"), lex.words("possible_adverbs"), \
        lex.words("possible_adjectives")
    fut_mod, fut_verb = lex.words("future_modals"), lex.words("future_verbs")
    cond, hyp_mod = lex.words("conditional_marks"), lex.words("hypothetical_modals")
    intent = lex.gram("intent")

    m = Modality()
    negations = 0
    future = conditional = False
    finite: Token | None = None
    for depth, node in enumerate(chain):
        lemma = node.lemma_.lower()
        if depth > 0 and lemma in negating and node.pos_ == "VERB":
            negations += 1
        verb_like = node.pos_ in ("VERB", "ADJ") or any(c.dep_ == "xcomp" for c in node.children)
        if depth > 0 and verb_like and node.dep_ != "amod":
            if lemma in prob_verb and (any(c.dep_ == "auxpass" for c in node.children) or lemma in ("seem", "appear")):
                m.certainty = _weaker(m.certainty, "probable")
            if lemma in prob_adj and node.pos_ == "ADJ":
                m.certainty = _weaker(m.certainty, "probable")
                future = future or any(c.dep_ == "xcomp" for c in node.children)
            if lemma in poss_adj and node.pos_ == "ADJ":
                m.certainty = _weaker(m.certainty, "possible")
            if lemma in intent or lemma in fut_verb or node.lower_ in intent:
                future = True
        for child in node.children:
            cl = child.lower_
            clem = child.lemma_.lower()
            if child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "neg") and cl in neg):
                negations += 1
            elif child.dep_ in ("aux", "auxpass"):
                if cl in poss_mod or clem in poss_mod:
                    m.certainty = _weaker(m.certainty, "possible")
                    future = True
                elif cl in fut_mod or clem in fut_mod:
                    future = True
                elif cl in hyp_mod:
                    conditional = conditional or any(c.lower_ == "have" for c in node.children if c.dep_ == "aux")
                    future = True
            elif child.dep_ in ("advmod", "npadvmod"):
                if cl in prob_adv or clem in prob_adv:
                    m.certainty = _weaker(m.certainty, "probable")
                elif cl in poss_adv or clem in poss_adv:
                    m.certainty = _weaker(m.certainty, "possible")
                # "most likely" as a sentence adverb
                for grand in child.children:
                    if grand.lower_ in prob_adv:
                        m.certainty = _weaker(m.certainty, "probable")
            elif child.dep_ == "amod" and node.pos_ in ("NOUN", "PROPN"):
                if cl in prob_adj:
                    m.certainty = _weaker(m.certainty, "probable")
                elif cl in poss_adj:
                    m.certainty = _weaker(m.certainty, "possible")
            elif child.dep_ == "mark" and cl in cond:
                conditional = True
        if finite is None and node.pos_ in ("VERB", "AUX") and node.tag_ != "VB" and node.tag_ != "TO":
            finite = node
        if node.lower_ == "going" and any(c.dep_ == "xcomp" for c in node.children):
            future = True
    if negations % 2 == 1:
        m.polarity = "negated"
    if conditional:
        m.tense = "hypothetical"
    elif future:
        m.tense = "future"
    else:
        m.tense = _tense(finite) if finite is not None else "past"
    return m


def _tense(verb: Token) -> str:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    for aux in auxes:
        if aux.lemma_ == "have":
            return "past"
    tags = [a.tag_ for a in auxes] + [verb.tag_]
    if "VBD" in tags:
        return "past"
    if any(t in ("VBZ", "VBP") for t in tags):
        return "present"
    if verb.tag_ == "VBN":
        return "past"
    return "past"
