"""Affiliations: a person's role in an organisation, read from the titles news puts around
names: "IRGC ex-spokesman Said Qasemi", "US President Donald Trump", "the Iranian official,
Hussein Allahkaram", "Hamas leader X", "X, Iran's foreign minister,".

The reading is by word order around the name rather than by the parse, because titles are
where small parsers fail most ("Said" in "Said Qasemi" parsed as a verb).  Role words and
markers of former office are in ``data/roles.yaml``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from claimgraph.lexicons import Lexicons
from claimgraph.model import Actor, Affiliation, Entity
from claimgraph.resolve.mentions import ActorResolver, Mention

WINDOW = 9
TITLE_POS = {"PROPN", "NOUN", "ADJ", "DET", "PART", "PUNCT", "ADP", "NUM", "VERB", "CCONJ"}


def _entity(doc: Doc, m: Mention, actor: Actor | None = None) -> Entity:
    span = doc[m.start:m.end]
    a = actor or m.actor
    return Entity(span.text, span.start_char, span.end_char, a.id, a.name, a.type, a.country, a.sector)


def _role_at(doc: Doc, i: int, lex: Lexicons, lo: int) -> tuple[int, str, str | None] | None:
    """A role word ending at token i (longest match): (first token, role, sector)."""
    for n in (3, 2, 1):
        s = i - n + 1
        if s < lo:
            continue
        words = " ".join(t.lower_ for t in doc[s:i + 1] if t.text != "-")
        lemmas = " ".join(t.lemma_.lower() for t in doc[s:i + 1] if t.text != "-")
        for key in (words, lemmas):
            if key in lex.roles:
                role, sector = lex.roles[key]
                return s, role, sector
    return None


def find_affiliations(doc: Doc, sent: Span, doc_id: str, resolver: ActorResolver,
                      lex: Lexicons) -> list[Affiliation]:
    every = resolver.find_mentions(doc).mentions
    mentions = [m for m in every if sent.start <= m.start < sent.end]
    by_start = {m.start: m for m in every}
    out: list[Affiliation] = []
    evidence = (sent.text, sent.start_char, sent.end_char)
    for m in mentions:
        if m.actor.type != "person":
            continue
        found = _left_title(doc, sent, m, every, lex) or _right_title(doc, sent, m, by_start, lex)
        if found is None:
            continue
        org_m, role, former = found
        org_actor = org_m.actor
        if org_m.kind in ("demonym", "capital", "metonym") and org_actor.type == "state":
            org_actor = Actor(org_actor.id, org_actor.name, org_actor.type, org_actor.country, "GOV")
        person = _entity(doc, m)
        from claimgraph.model import Span as TextSpan

        out.append(Affiliation(doc_id, person, _entity(doc, org_m, org_actor), role, former,
                               TextSpan(*evidence)))
    return out


def _left_title(doc, sent, m: Mention, mentions: list[Mention], lex: Lexicons):
    # the sentence may have been cut inside the title by a misparse ("Said Qasemi" read as a
    # verb), so the window is bounded by sentence punctuation rather than by the sentence
    lo = max(0, m.start - WINDOW)
    for k in range(m.start - 1, lo - 1, -1):
        if doc[k].text in (".", "!", "?", ";"):
            lo = k + 1
            break
    i = m.start - 1
    commas = 0
    # "the Iranian official, Hussein Allahkaram": one comma between title and name
    if i >= lo and doc[i].text == ",":
        commas += 1
        i -= 1
    role = None
    former = False
    j = i
    while j >= lo:
        tok = doc[j]
        if tok.pos_ not in TITLE_POS or (tok.text == "," and commas) or tok.lower_ in ("and", "by", "with", "said"):
            break
        if role is None:
            r = _role_at(doc, j, lex, lo)
            if r is not None:
                role = r
                j = r[0] - 1
                continue
        if tok.lower_ in lex.former_markers or tok.lower_.startswith("ex-") or tok.lower_ == "ex":
            former = True
        j -= 1
    if role is None:
        return None
    start = j + 1
    orgs = [x for x in mentions if x is not m and start <= x.start and x.end <= role[0] + 1
            and x.actor.type != "person"]
    if not orgs:
        return None
    return orgs[-1], role[1], former


def _right_title(doc, sent, m: Mention, by_start: dict[int, Mention], lex: Lexicons):
    """"X, Iran's foreign minister," / "X, the leader of Hamas,"."""
    i = m.end
    if i >= sent.end or doc[i].text != ",":
        return None
    end = min(sent.end, i + 1 + WINDOW)
    role = None
    org = None
    former = False
    for j in range(i + 1, end):
        tok = doc[j]
        if tok.text in (",", ".", ";") or tok.pos_ in ("VERB", "AUX"):
            break
        if j in by_start and by_start[j].actor.type != "person":
            org = org or by_start[j]
        if tok.lower_ in lex.former_markers:
            former = True
        r = _role_at(doc, j, lex, i + 1)
        if r is not None:
            role = r
    if role is None or org is None:
        return None
    return org, role[1], former
