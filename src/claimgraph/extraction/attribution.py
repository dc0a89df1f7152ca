"""Attributions: who says what (PolNeAR's source, cue and content).

Three constructions carry nearly all reported speech in news:

- a reporting verb whose clausal complement is the content: "X said (that) Y",
  "Y, X said", "“Y,” X told reporters"; the subject (or the "by" agent) is the source;
- a prepositional cue: "according to X, Y" / "Y, according to X";
- a raising passive with no named source: "X is believed/said to Y".

The cue words are in ``data/cues.yaml``.  A cue inside a person's name ("Said Qasemi") is
not a cue.  Content keeps its own offsets; claims inside it take its source (nearest first).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimgraph.lexicons import Lexicons

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
SPEAKER_PRONOUNS = {"i", "you", "we"}


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
    that run past a comma."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    for child in head.rights:
        if child.dep_ in ("relcl", "acl") or (child.dep_ == "punct" and child.text == ","):
            end = min(end, child.left_edge.i)
            break
    start, end = _trim(doc, start, end)
    return doc[start:max(end, head.i + 1)]


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
    found: list[FoundAttribution] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and (lemma in lex.cue_verbs or lemma in lex.stance_verbs) \
                and not _in_person_name(tok):
            att = _verb_attribution(tok, lex)
            if att:
                found.append(att)
        elif tok.lower_ == "according":
            att = _according_to(tok)
            if att:
                found.append(att)
        elif tok.pos_ == "NOUN" and lemma in lex.cue_nouns:
            att = _noun_attribution(tok)
            if att:
                found.append(att)
    phrases = [p for p in lex.cue_phrases if p[:2] != ("according", "to")]
    if phrases:
        found += _phrase_attributions(sent, phrases, found)
    return found


def _verb_attribution(verb: Token, lex: Lexicons) -> FoundAttribution | None:
    doc = verb.doc
    content = None
    for child in verb.children:
        if child.dep_ in ("ccomp",) and child.i != verb.i:
            content = child
            break
    if content is None:
        span = _object_content(verb, lex) or _adjacent_quote(verb)
        if span is not None:
            return _with_source(verb, *span)
        # "X is believed/said/reported to have ...": the infinitive is the content, no source
        if any(c.dep_ == "auxpass" for c in verb.children) and verb.lemma_.lower() in lex.passive_cues:
            for child in verb.children:
                if child.dep_ == "xcomp":
                    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
                    start = subj.left_edge.i if subj is not None else child.left_edge.i
                    s, e = _trim(doc, min(start, child.left_edge.i), child.right_edge.i + 1)
                    return FoundAttribution(_cue_span(verb), None, None, s, e)
        return None
    start, end = content.left_edge.i, content.right_edge.i + 1
    if content.i > verb.i and start <= verb.i:
        start = verb.i + 1
    start, end = _trim(doc, start, end)
    if end - start < 2:
        return None
    return _with_source(verb, start, end)


def _with_source(verb: Token, start: int, end: int) -> FoundAttribution | None:
    subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subj is not None and subj.lower_ in SPEAKER_PRONOUNS:
        # "I think", "you know": the speaker's own voice inside a quotation, not a report
        return None
    if subj is None:
        for child in verb.children:
            if child.dep_ == "agent":
                subj = next((g for g in child.children if g.dep_ == "pobj"), None)
    if subj is None and verb.dep_ in ("conj", "advcl", "xcomp"):
        # "… and noted that", "revealing that": the source is the governing verb's subject
        subj = next((c for c in verb.head.children if c.dep_ in SUBJECT_DEPS), None)
    source = _source_span(subj) if subj is not None else None
    if source is not None and source.start < end and source.end > start:
        return None
    return FoundAttribution(_cue_span(verb), source, subj, start, end)


def _object_content(verb: Token, lex: Lexicons) -> tuple[int, int] | None:
    """Content that is not a clause: an infinitive ("wants to win", "asked him to leave"), a
    quoted or described object ("called them “deplorables”", "criticized the plan"), or a
    prepositional object ("called for sanctions")."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    if lemma not in lex.stance_verbs:
        return None
    for child in verb.children:
        if child.dep_ == "xcomp":
            s, e = _trim(doc, child.left_edge.i, child.right_edge.i + 1)
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < child.i), None)
            if obj is not None:
                s = min(s, obj.left_edge.i)
            return (s, e) if e - s >= 2 else None
    for child in verb.children:
        if child.dep_ in ("dobj", "oprd") or (child.dep_ == "prep" and child.lower_ in ("for", "on", "about")):
            last = max((c.right_edge.i for c in verb.rights if c.dep_ in ("dobj", "oprd", "prep", "advcl")
                        and c.i >= child.i), default=child.right_edge.i)
            s, e = _trim(doc, child.left_edge.i, last + 1)
            if e - s >= 1:
                return s, e
    return None


def _adjacent_quote(verb: Token) -> tuple[int, int] | None:
    """“…,” he said / he said: “…”: the quotation next to the cue is the content."""
    doc = verb.doc
    sent = verb.sent
    marks = [t.i for t in sent if t.text in "“”\""]
    if len(marks) < 2:
        return None
    before = [i for i in marks if i < verb.i]
    after = [i for i in marks if i > verb.i]
    if len(before) >= 2 and verb.i - before[-1] <= 5:
        s, e = _trim(doc, before[-2] + 1, before[-1])
        return (s, e) if e - s >= 2 else None
    if len(after) >= 2 and after[0] - verb.i <= 3:
        s, e = _trim(doc, after[0] + 1, after[1])
        return (s, e) if e - s >= 2 else None
    return None


def _according_to(tok: Token) -> FoundAttribution | None:
    doc = tok.doc
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    clause = tok.head
    source = _source_span(pobj)
    pp_start, pp_end = tok.left_edge.i, max(tok.right_edge.i, pobj.right_edge.i) + 1
    cl_start, cl_end = clause.left_edge.i, clause.right_edge.i + 1
    if pp_start <= cl_start:
        start, end = pp_end, cl_end
    elif pp_end >= cl_end - 1:
        start, end = cl_start, pp_start
    else:
        start, end = cl_start, cl_end
    start, end = _trim(doc, start, end)
    if end - start < 2:
        return None
    return FoundAttribution(doc[tok.i:to.i + 1], source, pobj, start, end)


def _noun_attribution(noun: Token) -> FoundAttribution | None:
    """"the allegation that …", "a statement that …" with a possessive or "by" source."""
    doc = noun.doc
    content = next((c for c in noun.children if c.dep_ in ("acl", "ccomp")
                    and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    if content is None:
        return None
    src = next((c for c in noun.children if c.dep_ == "poss"), None)
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
