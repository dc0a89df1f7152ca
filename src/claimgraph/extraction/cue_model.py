"""The learned attribution-cue classifier: is this verb (or predicate adjective) a cue that
reports someone's statement, belief or stance here?  "The governor likened the tax to
robbery" and "the Kremlin is dismissive of the threat" are; "the video shows soldiers
marching", "he wants a sandwich" and "the army attacked the town" are not.

A binary logistic model over sparse features of the word and its parse (lemma, tag,
dependency, complements, subject, quotation marks nearby, neighbouring words, lexicon
membership), trained by ``training/train_cues.py`` on hand-annotated sentences.  The
weights ship as JSON in ``data/models/``; prediction is a sum of weights and a sigmoid, no
library needed at run time.  Without the file, ``load_cue_model`` returns None and the
attribution rules use the lexicon alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimgraph.lexicons import Lexicons, model_weights

MODEL_FILE = "cue_classifier.json"
PREDICATE_DEPS = {"acomp", "ROOT", "conj", "ccomp", "advcl", "xcomp", "amod"}
OPEN_MARKS = {"“", "‘‘", "``"}
CLOSE_MARKS = {"”", "’’"}
STRAIGHT_MARKS = {'"', "''"}
PERSONAL_PRONOUNS = {"i", "you", "we", "he", "she", "they", "it", "who", "that", "which"}
CONTENT_PREPS = {"of", "about", "on", "over", "to", "at", "for", "against", "with", "as", "in", "from"}


def is_candidate(tok: Token, lex: Lexicons) -> bool:
    """Words the model judges: full verbs, predicate adjectives, and lexicon cues tagged AUX."""
    if tok.pos_ == "VERB":
        return tok.dep_ not in ("aux", "auxpass")
    if tok.pos_ == "ADJ":
        return tok.dep_ in PREDICATE_DEPS and tok.dep_ != "amod"
    if tok.pos_ == "AUX":
        lemma = tok.lemma_.lower()
        return tok.dep_ not in ("aux", "auxpass") and (lemma in lex.cue_verbs or lemma in lex.stance_verbs)
    return False


def quoted_tokens(doc: Doc) -> list[bool]:
    """For each token of the parsed block, whether it lies inside a quotation (cached)."""
    cached = doc.user_data.get("claimgraph.cue_model.inside")
    if isinstance(cached, list) and len(cached) == len(doc):
        return cached
    inside: list[bool] = []
    curly = 0
    straight = False
    for tok in doc:
        text = tok.text
        if text in CLOSE_MARKS:
            curly = max(0, curly - 1)
        elif text in STRAIGHT_MARKS and straight:
            straight = False
            inside.append(False)
            continue
        inside.append(curly > 0 or straight)
        if text in OPEN_MARKS:
            curly += 1
        elif text in STRAIGHT_MARKS:
            straight = True
    doc.user_data["claimgraph.cue_model.inside"] = inside
    return inside


def _is_quote(tok: Token) -> bool:
    return tok.text in OPEN_MARKS or tok.text in CLOSE_MARKS or tok.text in STRAIGHT_MARKS


def _subject(tok: Token) -> Token | None:
    node = tok
    # a predicate adjective's subject belongs to its copula ("the report was critical of")
    if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
        node = tok.head
    subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
    if subj is None and node.dep_ in ("conj", "xcomp", "advcl") and node.head != node:
        subj = next((c for c in node.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj


def features(tok: Token, lex: Lexicons) -> list[str]:
    """Sparse binary features of a candidate word (names are stable: the model is keyed by
    them)."""
    doc = tok.doc
    lemma = tok.lemma_.lower()
    pos = tok.pos_
    f = [f"lemma={lemma}", f"pos={pos}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"lemma_dep={lemma}/{tok.dep_}",
         f"lemma_tag={lemma}/{tok.tag_}"]
    in_verbs = lemma in lex.cue_verbs
    in_stance = lemma in lex.stance_verbs
    if in_verbs:
        f.append("lex_verb")
    if in_stance:
        f.append("lex_stance")
    if lemma in lex.passive_cues:
        f.append("lex_passive")
    if not (in_verbs or in_stance):
        f.append(f"unlisted_pos={pos}")
    kinds = set()
    for ch in tok.children:
        d = ch.dep_
        if d == "ccomp":
            kinds.add("ccomp")
            mark = next((g.lower_ for g in ch.children if g.dep_ == "mark"), "")
            f.append(f"ccomp_mark={mark}")
            if ch.i < tok.i:
                f.append("ccomp_before")
        elif d == "xcomp":
            kinds.add("xcomp")
            f.append(f"xcomp_tag={ch.tag_}")
        elif d in ("dobj", "oprd", "attr", "dative"):
            kinds.add(d)
            f.append(f"{d}={ch.lemma_.lower()}")
            f.append(f"{d}_pos={ch.pos_}")
            if ch.ent_type_:
                f.append(f"{d}_ent={ch.ent_type_}")
            if any(g.dep_ in ("prep", "acl", "relcl") for g in ch.children):
                f.append(f"{d}_modified")
        elif d == "prep":
            kinds.add("prep")
            f.append(f"prep={ch.lower_}")
            f.append(f"lemma_prep={lemma}/{ch.lower_}")
            if ch.lower_ in CONTENT_PREPS:
                f.append("content_prep")
        elif d == "prt":
            f.append(f"prt={ch.lower_}")
            f.append(f"lemma_prt={lemma}/{ch.lower_}")
        elif d in ("agent", "auxpass", "neg"):
            kinds.add(d)
        elif d == "aux":
            if ch.lower_ == "to":
                f.append("infinitive")
            else:
                f.append(f"aux={ch.lemma_.lower()}")
        elif d == "advmod":
            f.append(f"advmod={ch.lower_}")
        elif d == "punct" and ch.text == ":":
            f.append("colon_child")
    for k in sorted(kinds):
        f.append(f"has={k}")
    f.append(f"frame={'+'.join(sorted(kinds)) or 'none'}")
    subj = _subject(tok)
    if subj is None:
        f.append("subj=none")
    else:
        f.append(f"subj_dep={subj.dep_}")
        f.append(f"subj_pos={subj.pos_}")
        f.append(f"subj_ent={subj.ent_type_ or '-'}")
        slem = subj.lemma_.lower()
        if subj.pos_ == "PRON" or subj.lower_ in PERSONAL_PRONOUNS:
            f.append(f"subj_pron={subj.lower_}")
        if slem in lex.source_nouns:
            f.append("subj_source_noun")
        f.append(f"subj_lemma={slem}")
        if subj.i > tok.i:
            f.append("subj_after")
    head = tok.head
    if head != tok:
        hl = head.lemma_.lower()
        f.append(f"head={hl}")
        f.append(f"head_dep={tok.dep_}/{head.pos_}")
        if hl in lex.cue_verbs or hl in lex.stance_verbs:
            f.append(f"under_cue={tok.dep_}")
    # quotation marks: inside one, or one just before or after the word
    inside = quoted_tokens(doc)
    if inside[tok.i]:
        f.append("in_quote")
    lo, hi = max(0, tok.i - 4), min(len(doc), tok.i + 5)
    if any(_is_quote(doc[k]) for k in range(lo, tok.i)):
        f.append("quote_before")
    if any(_is_quote(doc[k]) for k in range(tok.i + 1, hi)):
        f.append("quote_after")
    if any(doc[k].text == ":" for k in range(tok.i + 1, hi)):
        f.append("colon_after")
    if tok.ent_type_:
        f.append(f"ent={tok.ent_type_}")
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    nxt2 = doc[tok.i + 2].lower_ if tok.i + 2 < len(doc) else "</s>"
    f += [f"prev={prev}", f"next={nxt}", f"lemma_next={lemma}/{nxt}", f"next2={nxt}_{nxt2}"]
    return f


@dataclass
class CueModel:
    weights: dict[str, float]
    bias: float

    def probability(self, tok: Token, lex: Lexicons) -> float:
        """The model's probability that ``tok`` is an attribution cue in its sentence."""
        z = self.bias
        w = self.weights
        for name in features(tok, lex):
            z += w.get(name, 0.0)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def cues(self, sent: Span, lex: Lexicons, threshold: float = 0.5) -> list[Token]:
        """The candidate words of ``sent`` that the model takes for cues."""
        return [t for t in sent if is_candidate(t, lex) and self.probability(t, lex) >= threshold]


@lru_cache(maxsize=1)
def load_cue_model() -> CueModel | None:
    data = model_weights(MODEL_FILE)
    if not data:
        return None
    return CueModel({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]))
