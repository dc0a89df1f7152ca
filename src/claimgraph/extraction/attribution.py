"""Attributions: who says what (PolNeAR's source, cue and content).

Three constructions carry nearly all reported speech in news:

- a reporting verb whose clausal complement is the content: "X said (that) Y",
  "Y, X said", "“Y,” X told reporters"; the subject (or the "by" agent) is the source;
- a prepositional cue: "according to X, Y" / "Y, according to X";
- a raising passive with no named source: "X is believed/said to Y".

The cue words are in ``data/cues.yaml``.  A cue inside a person's name ("Said Qasemi") is
not a cue.  Content keeps its own offsets; claims inside it take its source (nearest first).

The learned cue classifier (``cue_model``) widens and narrows the word list: a verb or
predicate adjective outside it ("likened", "pointed to", "is critical of") is a cue when the
model is confident and the word has content of its own (a clause, a quotation, an
infinitive or an object); a listed verb is dropped when the model is confident it reports
nothing here ("the video shows soldiers marching", "he wants a sandwich").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimgraph.extraction.cue_model import CueModel, load_cue_model, quoted_tokens
from claimgraph.lexicons import Lexicons, _yaml

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
SPEAKER_PRONOUNS = {"i", "you", "we"}
NOMINAL_DEPS = {"pcomp", "pobj", "nsubj", "nsubjpass", "csubj", "dobj", "compound", "amod"}
SPEAKER_ENTS = {"PERSON", "ORG", "NORP"}
CHAIN_DEPS = {"conj", "advcl", "xcomp", "pcomp", "prep", "pobj", "acl"}
OBJECT_PREPS = {"for", "on", "about", "of", "with", "to", "against", "over", "at", "into"}
DASHES = {"—", "―", "–", "--"}
OPEN_QUOTES = {"“", "‘‘", "``"}
CLOSE_QUOTES = {"”", "’’"}
STRAIGHT_QUOTES = {'"', "''"}
QUOTE_MARKS = OPEN_QUOTES | CLOSE_QUOTES | STRAIGHT_QUOTES
QUOTE_CHARS = "“”\""
DASH_CHARS = "—―–-"
# the model's probability above which an unlisted word is a cue, and below which a listed
# verb is not one: both far from 0.5, so that the word list decides whenever the model hesitates
ACCEPT_UNLISTED = 0.7
REJECT_LISTED = 0.3
# ... and above which it overrules the rules that keep infinitives and gerunds out
SURE = 0.85
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "oprd", "prep"}
RELATIVE_WORDS = {"which", "that", "who", "whom", "whose"}
WH_WORDS = {"when", "whether", "how", "why", "what", "where", "who", "which", "if"}
SETTING_PREPS = {"in", "at", "during", "on", "after", "before"}
BARE_INFINITIVE_HEADS = {"let", "make", "help", "have", "see", "watch", "hear", "do"}


@dataclass
class FoundAttribution:
    cue: Span
    source: Span | None  # the source noun phrase
    source_head: Token | None
    content_start: int  # token indices, end exclusive
    content_end: int

    def contains(self, i: int) -> bool:
        return self.content_start <= i < self.content_end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].is_punct or doc[start].is_space) and doc[start].text not in "“\"'‘":
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in "”\"'’":
        end -= 1
    # drop unbalanced quote marks at either edge
    if end > start and doc[start].text in "“\"‘" and not any(t.text in "”\"’" for t in doc[start + 1:end]):
        start += 1
    if end > start and doc[end - 1].text in "”\"’" and not any(t.text in "“\"‘" for t in doc[start:end - 1]):
        end -= 1
    return start, end


def _source_span(head: Token) -> Span:
    """The source noun phrase: the head's subtree without relative clauses or appositions
    that run past a comma; members named after it ("officials, including the defense
    minister," "evidence, such as the court's decision,") stay, they say who speaks."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    rights = list(head.rights)
    for n, child in enumerate(rights):
        if child.dep_ == "punct" and child.text == "," and n + 1 < len(rights) and _names_members(rights[n + 1]):
            continue
        if child.dep_ in ("relcl", "acl") or (child.dep_ == "punct" and child.text == ","):
            end = min(end, child.left_edge.i)
            break
    start, end = _trim(doc, start, end)
    return doc[start:max(end, head.i + 1)]


def _names_members(tok: Token) -> bool:
    """"including X", "such as X", "among them X": a modifier that names members of a group."""
    if tok.dep_ != "prep":
        return False
    if tok.lower_ == "including":
        return True
    return tok.lower_ == "as" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "such"


def _cue_span(verb: Token) -> Span:
    doc = verb.doc
    start = verb.i
    for child in verb.lefts:
        if child.dep_ in ("aux", "auxpass", "neg") and child.i >= start - 3:
            start = min(start, child.i)
    for child in verb.rights:
        if child.dep_ == "prt":
            return doc[start:child.i + 1]
    return doc[start:verb.i + 1]


def _in_person_name(tok: Token) -> bool:
    """"Said" in "Said Qasemi": the small parser may call it a verb, NER knows better."""
    if tok.ent_type_ != "PERSON":
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and len(ent) > 1 and tok.is_title


def find_attributions(sent: Span, lex: Lexicons) -> list[FoundAttribution]:
    """Attributions whose cue is in ``sent``.  Token indices are into ``sent.doc`` (the parsed
    block), so content may reach into other sentences of the block: a quotation of several
    sentences closed by "she said", or a speaker's turn after "PENCE:"."""
    quotes = _quotes(sent.doc)
    extra = _extra_cues()
    model = load_cue_model()
    found: list[FoundAttribution] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        att: FoundAttribution | None = None
        if lemma in extra.effort_verbs or _supposed_to(tok):
            continue
        listed = lemma in lex.cue_verbs or lemma in lex.stance_verbs or _phrasal_cue(tok, lex)
        if tok.pos_ in ("VERB", "AUX") and listed and not _in_person_name(tok):
            p = model.probability(tok, lex) if model is not None else 0.5
            if p >= REJECT_LISTED:
                att = _verb_attribution(tok, lex, quotes, sure=p >= SURE)
        elif tok.lower_ == "according":
            att = _according_to(tok)
        elif tok.pos_ == "NOUN" and lemma in lex.cue_nouns:
            att = _noun_attribution(tok)
        elif tok.pos_ == "NOUN" and tok.dep_ == "attr" and lemma in extra.stance_nouns:
            att = _side_attribution(tok)
        elif tok.dep_ == "prep" and tok.lower_ in extra.source_preps:
            att = _prep_source(tok, lex, extra)
        elif _is_dash(tok):
            att = _dash_attribution(tok, quotes)
        elif tok.pos_ == "ADJ" and tok.dep_ == "acomp" and lemma in extra.epistemic_adjectives \
                and (epistemic := _epistemic_attribution(tok)) is not None:
            att = epistemic
        elif model is not None and not listed and tok.pos_ in ("VERB", "ADJ"):
            att = _learned_attribution(tok, lex, quotes, model)
        if att is None and not listed and tok.pos_ == "VERB":
            att = _message_attribution(tok, lex, extra)
        if att is not None:
            found.append(att)
    colon = _speaker_colon(sent, lex)
    if colon is not None:
        found.append(colon)
    phrases = [p for p in lex.cue_phrases if p[:2] != ("according", "to")]
    if phrases:
        found += _phrase_attributions(sent, phrases, found)
    _separate_continuations(found)
    return found


def _separate_continuations(found: list[FoundAttribution]) -> None:
    """"She complained about the microphone, even suggesting it was sabotaged", "he said he
    would order a review and warned against hackers": a report that continues the clause of
    another (a participle or a coordinate verb hung on its cue or on its content's head) is an
    attribution of its own, and the other's content ends before it, as PolNeAR marks them."""
    for outer in found:
        for inner in found:
            if inner is outer or not outer.contains(inner.cue.start) or inner.cue.start <= outer.cue.start:
                continue
            verb = inner.cue[0]
            if verb.dep_ not in ("conj", "advcl") or verb.pos_ not in ("VERB", "AUX"):
                continue
            head = verb.head
            if not (head in outer.cue or (outer.contains(head.i) and not outer.contains(head.head.i))
                    or head.head == head):
                continue
            doc = verb.doc
            end = verb.left_edge.i  # the verb's own subject, if it has one, is in its subtree
            while end > outer.content_start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"
                                                or doc[end - 1].is_space):
                end -= 1
            if end - outer.content_start >= 2:
                outer.content_end = min(outer.content_end, end)


def _phrasal_cue(verb: Token, lex: Lexicons) -> bool:
    """"pointed out", "spoke up": a verb listed with the particle it has here."""
    rests = lex.cue_particles.get(verb.lemma_.lower()) or set()
    return any(c.dep_ in ("prt", "prep") and c.lower_ in rests for c in verb.children)


def _learned_attribution(tok: Token, lex: Lexicons, quotes: _Quotes, model: CueModel) -> FoundAttribution | None:
    """The attribution of a word outside the cue lists that the model takes for a cue; only
    words with content of their own are asked (the model is the costlier test)."""
    if tok.dep_ in ("aux", "auxpass", "amod") or _in_person_name(tok):
        return None
    if not any(c.dep_ in CONTENT_DEPS for c in tok.children) and not _next_to_quote(tok, quotes) \
            and not _as_aside(tok):
        return None
    p = model.probability(tok, lex)
    if p < ACCEPT_UNLISTED:
        return None
    if tok.pos_ == "ADJ":
        return _adjective_attribution(tok)
    att = _verb_attribution(tok, lex, quotes, learned=True, sure=p >= SURE)
    if att is not None:
        _prep_into_cue(att)
    return att


def _message_attribution(verb: Token, lex: Lexicons, extra: _ExtraCues) -> FoundAttribution | None:
    """"The city sent a cease-and-desist letter", "the campaign released an ad showing …": a
    verb whose direct object is made of words conveys its subject's words."""
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None or verb.dep_ in ("aux", "auxpass", "amod") or _in_person_name(verb):
        return None
    # a report is a finite verb: "to send a letter", "designing a plan" name an act not done;
    # "made a statement", "saw the ad": the noun is the cue, or the subject is not the author
    if verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or verb.lemma_.lower() in extra.non_author_verbs:
        return None
    lemma = obj.lemma_.lower()
    if lemma not in lex.cue_nouns and lemma not in extra.message_nouns:
        return None
    subj = _subject(verb) or _governing_source(verb)
    if subj is None or subj.dep_ == "nsubjpass":
        return None
    start, end = _trim(verb.doc, obj.left_edge.i, obj.right_edge.i + 1)
    return FoundAttribution(_cue_span(verb), _source_span(subj), subj, start, end) if end > start else None


def _supposed_to(tok: Token) -> bool:
    """"The van was supposed to be escorted": an idiom of plan or duty, not a report."""
    return tok.lemma_.lower() == "suppose" and any(c.dep_ == "auxpass" for c in tok.children) \
        and any(c.dep_ == "xcomp" for c in tok.children)


def _as_aside(verb: Token) -> bool:
    """"…, as his advisers pointed out, …": a report set in the sentence it is about."""
    return _as_word(verb) is not None


def _as_word(verb: Token) -> Token | None:
    """The "as" that opens an aside, as a conjunction or (misparsed) a bare preposition."""
    for c in verb.lefts:
        if c.lower_ != "as" or c.dep_ not in ("mark", "prep"):
            continue
        pobj = _as_object(c)
        # "as one of his advisers pointed out": the speaker read as the preposition's object
        if c.dep_ == "mark" or pobj is None or pobj.right_edge.i + 1 == verb.i:
            return c
    return None


def _as_object(as_: Token) -> Token | None:
    return next((g for g in as_.children if g.dep_ == "pobj"), None) if as_.dep_ == "prep" else None


def _aside_attribution(verb: Token) -> FoundAttribution | None:
    """"Hawaii, as one of his advisers pointed out, rarely gets hurricanes": the aside's
    subject is the source, the sentence around it the content, however the parser hung the
    main clause on the aside's verb."""
    as_ = _as_word(verb)
    if as_ is None:
        return None
    subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and as_.i < c.i < verb.i), None) \
        or _as_object(as_)
    doc = verb.doc
    sent = verb.sent
    lo, hi = as_.i, _cue_span(verb).end
    if lo > sent.start and doc[lo - 1].text not in ",—–(":
        return None
    content = _around(doc, sent, lo, hi, before_min=1)
    if content is None:
        return None
    source = _source_span(subj) if subj is not None else None
    return FoundAttribution(_cue_span(verb), source, subj, *content)


def _next_to_quote(tok: Token, quotes: _Quotes) -> bool:
    doc = tok.doc
    lo, hi = max(0, tok.i - 4), min(len(doc), tok.i + 4)
    return any(k in quotes.by_close or k in quotes.by_open for k in range(lo, hi))


def _prep_into_cue(att: FoundAttribution) -> None:
    """"pointed to | rising prices", "spoke of | a new era": a preposition right after the
    verb (or its particle) belongs to the cue, its object is the content."""
    doc = att.cue.doc
    k = att.content_start
    verb = att.cue[-1] if att.cue[-1].dep_ != "prt" else att.cue[-1].head
    if k == att.cue.end and k < att.content_end - 1 and doc[k].dep_ == "prep" and doc[k].head == verb:
        att.cue = doc[att.cue.start:k + 1]
        att.content_start = k + 1


def _epistemic_attribution(adj: Token) -> FoundAttribution | None:
    """"It was unclear whether the judges would rule …", "she was sure Trump would win": the
    clause the adjective grades is the content; the copula's subject, unless it is the
    placeholder "it", is the source."""
    cop = adj.head
    clause = next((c for c in list(adj.children) + list(cop.children)
                   if c.dep_ == "ccomp" and c.i > adj.i), None)
    if clause is None:
        return None
    doc = adj.doc
    start, end = _trim(doc, clause.left_edge.i, clause.right_edge.i + 1)
    if end - start < 2:
        return None
    subj = _subject(cop)
    if subj is not None and (subj.lower_ in ("it", "this", "that", "what") or subj.i > end):
        subj = None
    return FoundAttribution(doc[adj.i:adj.i + 1], _source_span(subj) if subj is not None else None, subj, start, end)


def _side_attribution(noun: Token) -> FoundAttribution | None:
    """"Kaine is a staunch opponent of the death penalty": who takes a side, and on what."""
    cop = noun.head
    of = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((g for g in of.children if g.dep_ in ("pobj", "pcomp")), None) if of is not None else None
    subj = _subject(cop)
    if of is None or obj is None or subj is None or cop.pos_ != "AUX":
        return None
    doc = noun.doc
    start, end = _trim(doc, obj.left_edge.i, obj.right_edge.i + 1)
    if end <= start:
        return None
    if subj.lower_ in RELATIVE_WORDS and cop.dep_ == "relcl":
        subj = cop.head  # "a lawyer who is an opponent of …": the lawyer
    return FoundAttribution(doc[noun.i:of.i + 1], _source_span(subj), subj, start, end)


def _adjective_attribution(adj: Token) -> FoundAttribution | None:
    """"The mayor is critical of the plan", "economists are skeptical that tariffs work": the
    copula's subject is the source, the adjective's clause or prepositional object the content."""
    doc = adj.doc
    pred = adj.head if adj.dep_ == "acomp" else adj
    subj = _subject(pred)
    if subj is None or subj.lower_ in SPEAKER_PRONOUNS:
        return None
    cue = doc[adj.i:adj.i + 1]
    content = next((c for c in adj.children if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i), None)
    if content is not None:
        start, end = _trim(doc, content.left_edge.i, content.right_edge.i + 1)
    else:
        prep = next((c for c in adj.children if c.dep_ == "prep" and c.i > adj.i), None)
        pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        if prep is None or pobj is None:
            return None
        if prep.i == adj.i + 1:
            cue = doc[adj.i:prep.i + 1]
        start, end = _trim(doc, prep.i + 1, pobj.right_edge.i + 1)
    if end - start < 1:
        return None
    source = _source_span(subj)
    if source.start < end and source.end > start:
        return None
    return FoundAttribution(cue, source, subj, start, end)


def _verb_attribution(verb: Token, lex: Lexicons, quotes: _Quotes, learned: bool = False,
                      sure: bool = False) -> FoundAttribution | None:
    """The attribution whose cue is ``verb``; ``learned``: a verb off the lists that the
    model takes for a cue, treated as a stance and speech verb but never as a bare aside;
    ``sure``: the model is confident that the word is a cue here, which overrules the
    rules that keep infinitives and gerunds out ("went on to discuss", "before asking her")."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    speech = lemma in lex.cue_verbs or learned or _phrasal_cue(verb, lex)
    subj = _subject(verb)
    if verb.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in verb.children) \
            and not _finite_with_subject(verb, subj) and not (sure and verb.dep_ in ("xcomp", "advcl")):
        # "tell me", "let editorials tell them", "to say": an imperative or a bare infinitive
        # asks for or names an act, it does not report one
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # a reduced passive: "a penalty imposed by the bureau" has an agent; with none, "a
        # group called Lashkar-e-Taiba" is a name, not a report
        return _agent_attribution(verb)
    if not sure and (any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) or (
            verb.tag_ == "VBG" and verb.dep_ in NOMINAL_DEPS and not any(c.dep_ == "ccomp" for c in verb.children))):
        # "plans to defend", "wants to say", "by determining": an infinitive or a gerund names
        # an act that has not been reported, not a report ("for saying that ..." still is)
        return None
    by_agent = _agent_attribution(verb)
    if by_agent is not None:
        return by_agent
    if speech and _as_aside(verb) and not any(c.dep_ == "ccomp" for c in verb.children):
        aside = _aside_attribution(verb)
        if aside is not None:
            return aside
    relative = (verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBZ", "VBP"))) \
        and lemma not in _extra_cues().raising_verbs
    if relative and subj is not None and subj.lower_ not in RELATIVE_WORDS \
            and not any(c.dep_ in ("ccomp", "dobj") and c.lower_ not in RELATIVE_WORDS for c in verb.children):
        # "the affection that many feel for Mr. Obama", "which RT pointed to": the noun the
        # clause describes is what is ascribed
        head = verb.head
        start, end = _trim(doc, head.left_edge.i, min(verb.left_edge.i, head.right_edge.i + 1))
        if end > start:
            return FoundAttribution(_cue_span(verb), _source_span(subj), subj, start, end)
    # a clause before the verb is its content only for a verb of saying ("…, he said"):
    # "X continues to insist …, that he wants …" is a parse gone wrong
    content = next((c for c in verb.children if c.dep_ == "ccomp" and c.i != verb.i
                    and (c.i > verb.i or speech)), None) or _wh_clause(verb)
    quoted = _quote_content(verb, subj, quotes) if speech or lemma in lex.stance_verbs else None
    if content is not None:
        start, end = content.left_edge.i, content.right_edge.i + 1
        if content.i > verb.i and start <= verb.i:
            start = verb.i + 1
        start, end = _trim(doc, start, end)
        if quoted is not None and quoted[0] <= start < quoted[1] + 1:
            # “It is bad. It is sad,” he said: the clause is the tail of a longer quotation
            return _with_source(verb, min(start, quoted[0]), max(end, quoted[1]), around=True)
        if end - start < 2:
            return None
        return _with_source(verb, start, end)
    if quoted is not None:
        return _with_source(verb, *quoted, around=True)
    span = _object_content(verb, lex, learned or sure)
    if span is None and speech:
        span = _colon_content(verb, quotes) or _said_object(verb, lex)
    if span is not None:
        return _with_source(verb, *span)
    if speech and (not learned or _as_aside(verb)):
        around = _parenthetical_content(verb, subj)
        if around is not None:
            return _with_source(verb, *around, around=True)
    # "X is believed/said/reported to have ...": the infinitive is the content, no source
    if any(c.dep_ == "auxpass" for c in verb.children) and lemma in lex.passive_cues:
        for child in verb.children:
            if child.dep_ == "xcomp":
                subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
                start = subj.left_edge.i if subj is not None else child.left_edge.i
                s, e = _trim(doc, min(start, child.left_edge.i), child.right_edge.i + 1)
                return FoundAttribution(_cue_span(verb), None, None, s, e)
    return None


def _agent_attribution(verb: Token) -> FoundAttribution | None:
    """"The nominee has been endorsed by dozens of papers", "the story was first reported by
    The Post": the "by" phrase is the source, the passive's subject the content.  A reduced
    passive ("a penalty imposed by the bureau", "a view echoed by everyone I interviewed")
    has the noun it describes for content."""
    agent = next((c for c in verb.rights if c.dep_ == "agent" and c.lower_ == "by"), None)
    source = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    if agent is None or source is None:
        return None
    doc = verb.doc
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        start, end = _trim(doc, verb.head.left_edge.i, verb.left_edge.i)
    else:
        patient = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
        if not any(c.dep_ == "auxpass" for c in verb.children) or patient is None \
                or patient.lower_ in RELATIVE_WORDS | {"it"}:
            return None
        start, end = _trim(doc, patient.left_edge.i, patient.right_edge.i + 1)
    cue = _cue_span(verb)
    if agent.i <= verb.i + 2:
        cue = doc[cue.start:agent.i + 1]
    return FoundAttribution(cue, _source_span(source), source, start, end) if end > start else None


def _finite_with_subject(verb: Token, subj: Token | None) -> bool:
    """"advisers to Mr. Obama say, …": a present tense the tagger took for a base form; a
    subject of its own, and no "let"/"make" above it, makes it finite."""
    return subj is not None and subj.dep_ == "nsubj" and subj.i < verb.i and \
        verb.head.lemma_.lower() not in BARE_INFINITIVE_HEADS


def _wh_clause(verb: Token) -> Token | None:
    """"have not said when they would vote", "asked whether it was true": a clause opened by
    a wh-word, or a finite clause with no conjunction, which the parser may attach as an
    adverbial clause."""
    for child in verb.rights:
        if child.dep_ in ("advcl", "xcomp") and child.pos_ in ("VERB", "AUX"):
            first = child.left_edge
            if first.lower_ in WH_WORDS and first.i > verb.i:
                return child
            # "said after the convention he would not accept …": a finite clause with a
            # subject of its own and no conjunction, taken for an adverbial
            if child.dep_ == "advcl" and not any(g.dep_ == "mark" for g in child.children) \
                    and any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children) and child.tag_ != "VBG":
                return child
    return None


def _said_object(verb: Token, lex: Lexicons) -> tuple[int, int] | None:
    """"has said the same thing", "repeated the claim": the thing said, when the object is not
    a person or an audience."""
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None or obj.pos_ != "NOUN" or obj.ent_type_ or obj.lemma_.lower() in lex.source_nouns \
            or obj.lemma_.lower() in lex.roles or verb.lemma_.lower() in _extra_cues().addressee_verbs:
        return None
    s, e = _trim(verb.doc, obj.left_edge.i, obj.right_edge.i + 1)
    return (s, e) if e > s else None


def _subject(verb: Token) -> Token | None:
    """The verb's subject; of two ("… panic mode,” said Leslie Wimes", where the parser also
    made the quotation's last noun a subject), the one after the verb."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1:
        return next((c for c in subjects if c.i > verb.i), subjects[0])
    return subjects[0] if subjects else None


def _with_source(verb: Token, start: int, end: int, around: bool = False) -> FoundAttribution | None:
    """The attribution of ``verb`` with content ``start:end``; ``around``: the content is the
    sentence around a parenthetical "he said", so its span may enclose the source."""
    subj = _subject(verb)
    if subj is not None and subj.lower_ in SPEAKER_PRONOUNS and quoted_tokens(verb.doc)[verb.i]:
        # "I think", "you know": the speaker's own voice inside a quotation, not a report
        return None
    if subj is not None and subj.dep_ == "nsubjpass" and subj.lower_ == "it":
        # "it was reported that ...": a report with no named source
        return FoundAttribution(_cue_span(verb), None, None, start, end)
    if subj is not None and (subj.dep_ == "nsubjpass" or verb.lemma_.lower() in _extra_cues().raising_verbs):
        # "he was accused of …", "the plan seems doomed": the subject is what the report is
        # about; the source is the "by" phrase, or nobody named
        subj = None
        if not any(c.dep_ == "agent" for c in verb.children):
            return FoundAttribution(_cue_span(verb), None, None, start, end)
    if subj is None:
        for child in verb.children:
            if child.dep_ == "agent":
                subj = next((g for g in child.children if g.dep_ == "pobj"), None)
    if subj is None:
        subj = _governing_source(verb)
    source = _source_span(subj) if subj is not None else None
    if source is not None and source.start < end and source.end > start and not around:
        return None
    return FoundAttribution(_cue_span(verb), source, subj, start, end)


def _governing_source(verb: Token) -> Token | None:
    """The source of a verb with no subject of its own: "… and noted that", "revealing that",
    "began by saying that" take the subject of the clause that governs them; "a paper
    welcoming the plan" takes the noun it describes."""
    cur = verb
    for _ in range(4):
        if cur.dep_ not in CHAIN_DEPS or cur.head == cur:
            return None
        if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN") and cur.tag_ == "VBG":
            return cur.head
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            subj = _subject(cur)
            if subj is not None:
                return subj
    return None


def _object_content(verb: Token, lex: Lexicons, stance: bool = False) -> tuple[int, int] | None:
    """Content that is not a clause: an infinitive ("wants to win", "asked him to leave"), a
    quoted or described object ("called them “deplorables”", "criticized the plan"), or a
    prepositional object ("called for sanctions")."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    if not stance and lemma not in lex.stance_verbs:
        return None
    for child in verb.children:
        if child.dep_ == "xcomp":
            s, e = _trim(doc, child.left_edge.i, child.right_edge.i + 1)
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < child.i), None)
            if obj is not None:
                s = min(s, obj.left_edge.i)
            return (s, e) if e - s >= 2 else None
    for child in verb.rights:
        if child.dep_ == "dobj" and lemma in _extra_cues().addressee_verbs:
            continue  # "told reporters", "warned the council": whom the words are for
        if child.dep_ == "prep" and _audience(child, lex):
            continue  # "spoke to reporters", "speaking at a rally": audience and venue
        if child.dep_ == "prep" and child.lower_ == "to" and lemma in _extra_cues().answer_verbs:
            continue  # "did not respond to requests for comment": what was answered
        if child.dep_ == "prep" and any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in child.children):
            continue  # "said on Tuesday": when, not what
        if child.dep_ in ("dobj", "oprd") or (child.dep_ == "prep" and child.lower_ in OBJECT_PREPS):
            last = max((c.right_edge.i for c in verb.rights if c.dep_ in ("dobj", "oprd", "prep", "advcl")
                        and c.i >= child.i), default=child.right_edge.i)
            s, e = _trim(doc, child.left_edge.i, last + 1)
            if e - s >= 1:
                return s, e
    return None


def _audience(prep: Token, lex: Lexicons) -> bool:
    """"at a rally", "to reporters", "to the crowd": where or to whom words are said."""
    if prep.lower_ == "at":
        return True
    if prep.lower_ != "to":
        return False
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
    return pobj is not None and (pobj.pos_ == "PRON" or pobj.ent_type_ in SPEAKER_ENTS
                                 or pobj.lemma_.lower() in lex.source_nouns or pobj.lemma_.lower() in lex.roles
                                 or pobj.lemma_.lower() in _extra_cues().audience_nouns)


def _according_to(tok: Token) -> FoundAttribution | None:
    doc = tok.doc
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    # "according to show insiders": the parser may take the source for a verb phrase (pcomp)
    pobj = next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None)
    if pobj is None:
        return None
    source = _source_span(pobj)
    pp_end = max(tok.right_edge.i, pobj.right_edge.i) + 1
    if tok.head == tok and tok.i == tok.sent.start:
        # "According to X, the move reeks …" parsed with "According" as the root: the rest
        # of the sentence after the source is the content
        pp_end = next((t.i + 1 for t in doc[pobj.i:tok.sent.end] if t.text == ","), pp_end)
        start, end = _trim(doc, pp_end, tok.sent.end)
        content = (start, end) if end - start >= 2 else None
    else:
        content = _clause_without(tok.head, tok.left_edge.i, pp_end)
    if content is None:
        return None
    if source.end > content[0] and source.start < content[1]:
        source = doc[source.start:content[0] - 1] if content[0] - 1 > source.start else source
    return FoundAttribution(doc[tok.i:to.i + 1], source, pobj, *content)


def _clause_without(clause: Token, pp_start: int, pp_end: int) -> tuple[int, int] | None:
    """The content of a prepositional cue: its clause on the other side of the cue phrase
    ("According to X, CONTENT" / "CONTENT, according to X"), trimmed."""
    cl_start, cl_end = clause.left_edge.i, clause.right_edge.i + 1
    if pp_start <= cl_start:
        start, end = pp_end, cl_end
    elif pp_end >= cl_end - 1:
        start, end = cl_start, pp_start
    else:
        start, end = cl_start, cl_end
    start, end = _trim(clause.doc, start, end)
    return (start, end) if end - start >= 2 else None


def _noun_attribution(noun: Token) -> FoundAttribution | None:
    """"the allegation that …", "a statement that …" with a possessive or "by" source."""
    doc = noun.doc
    content = next((c for c in noun.children if c.dep_ in ("acl", "ccomp")
                    and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    if content is None:
        return None
    # "Tulsa police's claim", "Trump claims that" (a verb misread as a noun with a compound)
    src = next((c for c in noun.children if c.dep_ == "poss"), None) or next(
        (c for c in noun.children if c.dep_ == "compound" and c.pos_ in ("PROPN", "PRON")), None)
    if src is None:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
                src = next((g for g in prep.children if g.dep_ == "pobj"), None)
    start, end = _trim(doc, content.left_edge.i, content.right_edge.i + 1)
    if end - start < 2:
        return None
    return FoundAttribution(doc[noun.i:noun.i + 1], _source_span(src) if src is not None else None, src,
                            start, end)


def _phrase_attributions(sent: Span, phrases: list[tuple[str, ...]],
                         found: list[FoundAttribution]) -> list[FoundAttribution]:
    """Multiword prepositional cues other than "according to" ("in the words of X")."""
    doc = sent.doc
    words = [t.lower_ for t in sent]
    out = []
    taken = {t.i for f in found for t in f.cue}
    for p in phrases:
        n = len(p)
        for k in range(len(words) - n + 1):
            if tuple(words[k:k + n]) != p:
                continue
            first = sent[k]
            if first.i in taken:
                continue
            last = sent[k + n - 1]
            pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            clause = first.head if first.head.pos_ in ("VERB", "AUX") else sent.root
            pp_start, pp_end = first.i, pobj.right_edge.i + 1
            cl_start, cl_end = clause.left_edge.i, clause.right_edge.i + 1
            start, end = (pp_end, cl_end) if pp_start <= cl_start else (cl_start, pp_start)
            start, end = _trim(doc, start, end)
            if end - start >= 2:
                out.append(FoundAttribution(doc[first.i:last.i + 1], _source_span(pobj), pobj, start, end))
    return out


# ---------------------------------------------------------------------- block-level pieces
@dataclass
class _Quotes:
    """Quotations of a parsed block, paired once: ``region_of[i]`` is the (open, close) token
    indices of the quotation whose mark is token ``i``."""
    by_open: dict[int, int] = field(default_factory=dict)
    by_close: dict[int, int] = field(default_factory=dict)


def in_quotation(doc: Doc, i: int) -> bool:
    """Whether token ``i`` lies between a pair of quotation marks (paired as the content
    rules pair them, so that a straight mark closed by a curly one still closes).  Unlike
    ``cue_model.quoted_tokens``, an opening mark never closed in the block quotes nothing:
    that reading suits the records (a stray mark must not hide a paragraph's reports),
    the other suits a speaker's "I think" in a quotation that runs over paragraphs."""
    return any(o < i < c for o, c in _quotes(doc).by_open.items())


def _quotes(doc: Doc) -> _Quotes:
    cached = doc.user_data.get("claimgraph.quotes")
    if isinstance(cached, _Quotes):
        return cached
    q = _Quotes()
    stack: list[int] = []  # open marks; nested quotations with the same marks pair inside out
    for tok in doc:
        text = _quote_mark(tok)
        if not text:
            continue
        i = tok.i
        # direction from spacing: an opening mark is glued to the word after it, a closing mark
        # to the word before it ("”Fear." opens a quotation with the wrong mark)
        glued_left = i > 0 and not doc[i - 1].whitespace_ and not doc[i - 1].is_space
        glued_right = not tok.whitespace_ and i + 1 < len(doc) and not doc[i + 1].is_space
        if text in OPEN_QUOTES:
            opening = True
        elif text in CLOSE_QUOTES:
            opening = glued_right and not glued_left and not stack
        else:
            opening = not stack if glued_left == glued_right else glued_right
        if opening:
            stack.append(i)
        elif stack:
            opened = stack.pop()
            q.by_open[opened] = i
            q.by_close[i] = opened
    doc.user_data["claimgraph.quotes"] = q
    return q


def _quote_mark(tok: Token) -> str:
    """The quotation mark that ``tok`` is, also when glued to a dash ("”―")."""
    text = tok.text
    if text in QUOTE_MARKS:
        return text
    if len(text) > 1 and text[0] in QUOTE_CHARS and all(c in DASH_CHARS for c in text[1:]):
        return text[0]
    return ""


def _is_dash(tok: Token) -> bool:
    return tok.text in DASHES or (len(tok.text) > 1 and tok.text[-1] in DASH_CHARS and bool(_quote_mark(tok)))


@dataclass(frozen=True)
class _ExtraCues:
    source_preps: frozenset[str]
    prep_source_nouns: frozenset[str]
    colon_labels: frozenset[str]
    addressee_verbs: frozenset[str]
    audience_nouns: frozenset[str]
    raising_verbs: frozenset[str]
    message_nouns: frozenset[str]
    epistemic_adjectives: frozenset[str]
    effort_verbs: frozenset[str]
    answer_verbs: frozenset[str]
    stance_nouns: frozenset[str]
    non_author_verbs: frozenset[str]


@lru_cache(maxsize=1)
def _extra_cues() -> _ExtraCues:
    data = _yaml("cues.yaml")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(v).lower().strip() for v in data.get(key) or [] if str(v).strip())

    return _ExtraCues(words("source_preps"), words("prep_source_nouns"), words("colon_labels"),
                      words("addressee_verbs"), words("audience_nouns"), words("raising_verbs"),
                      words("message_nouns"), words("epistemic_adjectives"), words("effort_verbs"),
                      words("answer_verbs"), words("stance_nouns"), words("non_author_verbs"))


def _quote_content(verb: Token, subj: Token | None, quotes: _Quotes) -> tuple[int, int] | None:
    """The quotation that the speech verb closes (“…,” she said / “…,” said the mayor) or opens
    (he said: “…”), with the continuation that starts the next sentence (“…,” she said. “…”)."""
    doc = verb.doc
    left = _cue_span(verb).start
    if subj is not None and subj.i < verb.i:
        left = min(left, subj.left_edge.i)
    k = left - 1
    while k >= 0 and left - k <= 3 and (doc[k].text in ",—―–-" or doc[k].is_space):
        k -= 1
    if k >= 0 and k in quotes.by_close:
        start, end = quotes.by_close[k], k + 1
        sent_end = verb.sent.end
        if sent_end < len(doc) and sent_end in quotes.by_open and sent_end - verb.i <= 12:
            end = quotes.by_open[sent_end] + 1
        return start, end
    for k in range(verb.i + 1, min(verb.i + 6, len(doc))):
        tok = doc[k]
        if k in quotes.by_open:
            s, e = _trim(doc, k, quotes.by_open[k] + 1)
            return (s, e) if e - s >= 2 else None
        if tok.pos_ in ("VERB", "AUX") or tok.text in CLOSE_QUOTES or tok.sent != verb.sent:
            break
    return None


def _colon_content(verb: Token, quotes: _Quotes) -> tuple[int, int] | None:
    """"She added: the plan will fail.": what follows the colon, to the end of the sentence;
    when the sentence ends at the colon ("Caddell continued:  “The health issue …”"), the
    quotation or the sentence that follows it in the block."""
    doc = verb.doc
    end = verb.sent.end
    for k in range(verb.i + 1, min(verb.i + 5, end)):
        if doc[k].text == ":":
            s, e = _trim(doc, k + 1, end)
            if e - s >= 2:
                return s, e
            nxt = k + 1
            while nxt < len(doc) and doc[nxt].is_space:
                nxt += 1
            if nxt >= len(doc):
                return None
            if nxt in quotes.by_open:
                s, e = _trim(doc, nxt, quotes.by_open[nxt] + 1)
            else:
                s, e = _trim(doc, nxt, doc[nxt].sent.end)
            return (s, e) if e - s >= 2 else None
        if doc[k].pos_ in ("VERB", "AUX") or doc[k].text in ",;":
            break
    return None


def _parenthetical_content(verb: Token, subj: Token | None) -> tuple[int, int] | None:
    """"The new rules, the commissioner said, take effect in May" / "…, he said." with no
    complement: the rest of the sentence is the content (its hull encloses the aside)."""
    if subj is None or verb.dep_ not in ("parataxis", "ROOT", "advcl", "conj", "ccomp"):
        return None
    # "…, the senator said then, …", "…,” he said in a statement.": when and where it was said
    setting = [c for c in verb.rights if c.dep_ in ("advmod", "npadvmod")
               or (c.dep_ == "prep" and c.lower_ in SETTING_PREPS)]
    if any(c.dep_ in ("dobj", "xcomp", "prep", "advcl") and c.i > verb.i and c not in setting for c in verb.children):
        return None
    doc = verb.doc
    sent = verb.sent
    lo = min(subj.left_edge.i, _cue_span(verb).start)
    # "Hawaii, as one of his advisers pointed out, rarely gets …": the aside opens with "as"
    lo = min([lo] + [c.i for c in verb.lefts if c.dep_ == "mark" and c.lower_ == "as"])
    hi = max([subj.right_edge.i, verb.i] + [c.right_edge.i for c in setting]) + 1
    if lo > sent.start and doc[lo - 1].text not in ",—–":
        return None
    if hi < sent.end and doc[hi].text not in (",", ".", "!", "?", "—", "–", ";"):
        return None
    return _around(doc, sent, lo, hi)


def _around(doc: Doc, sent: Span, lo: int, hi: int, before_min: int = 2) -> tuple[int, int] | None:
    """The sentence around an aside at ``lo:hi``: the hull of what stands before it (at
    least ``before_min`` tokens) and after it (at least two)."""
    before = _trim(doc, sent.start, lo)
    after = _trim(doc, hi, sent.end)
    has_before, has_after = before[1] - before[0] >= before_min, after[1] - after[0] >= 2
    if not (has_before or has_after):
        return None
    return (before[0] if has_before else after[0]), (after[1] if has_after else before[1])


def _name_after(doc: Doc, i: int, limit: int) -> tuple[int, int] | None:
    """A run of proper nouns starting at token ``i`` (at most ``limit`` tokens)."""
    j = i
    while j < len(doc) and j - i < limit and (doc[j].pos_ == "PROPN" or (doc[j].is_title and doc[j].is_alpha)
                                              or _initial(doc[j].text)):
        j += 1
    return (i, j) if j > i else None


def _initial(text: str) -> bool:
    """"A." in "Julie A. Diaz"."""
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def _dash_attribution(dash: Token, quotes: _Quotes) -> FoundAttribution | None:
    """“…” ― Sonya Herridge: a dash between a quotation and a name attributes the quotation."""
    doc = dash.doc
    k = dash.i if dash.i in quotes.by_close else dash.i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or k not in quotes.by_close:
        return None
    first = dash.i + 1
    while first < len(doc) and doc[first].is_space:
        first += 1
    name = _name_after(doc, first, 5)
    if name is None:
        return None
    nxt = doc[name[1]] if name[1] < len(doc) else None
    if nxt is not None and (nxt.pos_ in ("VERB", "AUX") or nxt.is_alpha):
        return None  # "” — Clinton said": the verb is the cue
    start, end = quotes.by_close[k], k + 1
    return FoundAttribution(doc[dash.i:dash.i + 1], doc[name[0]:name[1]], doc[name[1] - 1], start, end)


def _speaker_colon(sent: Span, lex: Lexicons) -> FoundAttribution | None:
    """"Poll: Clinton leads", "Sanders: Clinton must …", "PENCE: Well, look …": a short name
    and a colon at the start of a block give the source; the rest of the block is the content."""
    if sent.start != 0:
        return None
    doc = sent.doc
    first = sent.start
    while first < sent.end and (doc[first].text in QUOTE_MARKS or doc[first].is_space):
        first += 1
    colon = next((t.i for t in doc[first:min(first + 7, sent.end)] if t.text == ":"), None)
    if colon is None or colon == first:
        return None
    head = doc[first:colon]
    if len(head) > 4 or any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in head):
        return None
    # a speaker is a named person or body, a transcript's capitalised name, or a poll;
    # a title-cased headline phrase ("Stealth Over Health:") or a label ("Editor's note:") is not
    if any(t.lower_ in _extra_cues().colon_labels for t in head):
        return None
    named = any(t.ent_type_ in SPEAKER_ENTS for t in head) or (len(head) <= 2 and all(
        t.pos_ == "PROPN" and (t.is_title or t.is_upper) for t in head)) or (
        # "Sanders: Clinton needs to …": a lone capitalised name the tagger took for a noun,
        # before a clause of its own
        len(head) == 1 and head[0].is_title and head[0].is_alpha and head[0].pos_ in ("NOUN", "PROPN")
        and any(t.pos_ in ("VERB", "AUX") and t.dep_ == "ROOT" for t in doc[colon + 1:sent.end]))
    if not named and head.root.lemma_.lower() not in lex.source_nouns:
        return None
    s, e = _trim(doc, colon + 1, len(doc))
    if e - s < 3:
        return None
    return FoundAttribution(doc[colon:colon + 1], head, head.root, s, e)


def _prep_source(prep: Token, lex: Lexicons, extra: _ExtraCues) -> FoundAttribution | None:
    """"In this poll, Trump rose …", "safe in his eyes": a preposition whose object names a
    source (a poll, a statement, someone's eyes) marks the clause as that source's content."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in extra.prep_source_nouns:
        return None
    clause = prep.head
    if clause.lemma_.lower() in lex.cue_verbs or clause.lemma_.lower() in lex.cue_nouns:
        return None  # "said in a statement": the verb is the cue
    while clause.pos_ not in ("VERB", "AUX") and clause.dep_ != "ROOT" and clause.head != clause:
        clause = clause.head
    doc = prep.doc
    pp_end = prep.right_edge.i + 1
    content = _clause_without(clause, prep.i, pp_end)
    if content is None:
        return None
    s, e = _trim(doc, prep.i + 1, pp_end)
    return FoundAttribution(doc[prep.i:prep.i + 1], doc[s:e], pobj, *content)
