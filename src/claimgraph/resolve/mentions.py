"""Actor mentions in a parsed document, and the actor a noun phrase refers to.

Mentions come from the gazetteer (names, capitals, demonyms, initialisms) and, for names the
gazetteer does not know, from spaCy's NER, kept as found and typed by their NER label.
``ActorResolver.entities_for`` turns the head token of a noun phrase (a subject, an object)
into the entities it names: a named actor, a group noun made specific by a demonym
("Iranian troops" -> Iran, sector MIL), members of a named actor ("members of al-Qaeda"),
coordinated actors, or a pronoun resolved to an earlier actor (see ``references``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claimgraph.lexicons import GroupNoun, Lexicons
from claimgraph.model import Actor, Entity
from claimgraph.resolve.gazetteer import Gazetteer, NameEntry, normalize_name

NER_TYPES = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "location",
             "LOC": "location", "FAC": "location"}
NP_LEFT_DEPS = {"compound", "amod", "nmod", "poss", "nummod", "quantmod", "det", "predet", "npadvmod"}
ARTICLES = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
            "some", "any", "each", "every", "such"}


@dataclass
class Mention:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    actor: Actor
    kind: str  # name | capital | metonym | demonym | ner
    # what the mention was where it was met (resolve.antecedents.MentionFacts), set when its
    # block is resolved
    facts: Any = field(default=None, compare=False, repr=False)


@dataclass
class DocMentions:
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)


if not Doc.has_extension("cg_mentions"):
    Doc.set_extension("cg_mentions", default=None)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize_name(text)).strip("-") or "unknown"


def unlisted_party(span: Span, head: Token) -> Entity:
    """A noun phrase no list knows ("a man", "key witnesses", a name NER missed) as an entity
    of its own, its kind read from its head."""
    kind = "person" if head.ent_type_ == "PERSON" else "organization" if head.pos_ == "PROPN" else "group"
    return Entity(span.text, span.start_char, span.end_char, slug(span.text), span.text, kind)


class ActorResolver:
    """Finds actor mentions in a Doc and resolves noun phrases to entities."""

    def __init__(self, gazetteer: Gazetteer, lexicons: Lexicons, vocab) -> None:
        self.gaz = gazetteer
        self.lex = lexicons
        self.insensitive = PhraseMatcher(vocab, attr="LOWER")
        self.sensitive = PhraseMatcher(vocab, attr="ORTH")
        from spacy.lang.en import English

        tok = English().tokenizer
        lower_forms: dict[str, NameEntry] = {}
        for form, entry in gazetteer.names.items():
            if entry.case_sensitive:
                self.sensitive.add(form, [tok(form)])
            else:
                lower_forms.setdefault(form.lower(), entry)
        self.entry_of_lower = lower_forms
        self.entry_of_exact = {f: e for f, e in gazetteer.names.items() if e.case_sensitive}
        for form in lower_forms:
            self.insensitive.add(form, [tok(form)])
        # fuzzy lookups compare a name with the keys of the same initial only
        self._keys_by_initial: dict[str, list[str]] = {}
        for key in gazetteer.keys:
            self._keys_by_initial.setdefault(key[:1], []).append(key)
        self._fuzzy_cache: dict[str, Actor | None] = {}

    # ------------------------------------------------------------------ mentions
    def find_mentions(self, doc: Doc) -> DocMentions:
        if doc._.cg_mentions is not None:
            return doc._.cg_mentions
        spans: list[Span] = []
        entries: dict[tuple[int, int], NameEntry] = {}
        for _, start, end in self.insensitive(doc):
            span = doc[start:end]
            if end - start == 1 and not (span[0].is_title or span[0].is_upper) and span.text.lower() == span.text:
                # lowercase single words ("chad", "turkey") are ordinary words, not names
                continue
            entry = self.entry_of_lower.get(span.text.lower())
            if entry:
                spans.append(span)
                entries[(start, end)] = entry
        for _, start, end in self.sensitive(doc):
            span = doc[start:end]
            entry = self.entry_of_exact.get(span.text)
            if entry:
                spans.append(span)
                entries[(start, end)] = entry
        persons = [e for e in doc.ents if e.label_ == "PERSON"]
        kept = []
        for span in filter_spans(spans):
            # "Jordan" in "Michael Jordan" is a name part; "al-Qaeda" in a misread "Son al-Qaeda" is not
            place = self.gaz.actors[entries[(span.start, span.end)].actor_id].type in ("state", "location")
            inside_person = place and any(p.start <= span.start and span.end <= p.end and len(p) > len(span)
                                          for p in persons)
            if not inside_person:
                kept.append(span)
        result = DocMentions()
        for span in kept:
            entry = entries[(span.start, span.end)]
            actor = self.gaz.actors[entry.actor_id]
            if entry.kind in ("capital", "metonym") and actor.type == "state":
                actor = Actor(actor.id, actor.name, actor.type, actor.country, "GOV")
            result.mentions.append(Mention(span.start, span.end, actor, entry.kind))
        taken = {i for m in result.mentions for i in range(m.start, m.end)}
        for ent in doc.ents:
            if ent.label_ not in NER_TYPES or any(i in taken for i in range(ent.start, ent.end)):
                continue
            start = ent.start + (1 if ent[0].lower_ == "the" and len(ent) > 1 else 0)
            span = doc[start:ent.end]
            label = "PERSON" if ent.label_ != "PERSON" and self._after_title(doc, start) else ent.label_
            found = self.actor_for_name(span.text, label)
            if label != ent.label_ and found is not None and found.type != "person":
                found = self.actor_for_name(span.text, ent.label_)  # a known body after all
            if found is None:
                continue
            actor = found
            result.mentions.append(Mention(start, ent.end, actor, "ner"))
        result.mentions.sort(key=lambda m: m.start)
        self._link_within_document(doc, result)
        for m in result.mentions:
            for i in range(m.start, m.end):
                result.by_token[i] = m
        doc._.cg_mentions = result
        return result

    def _after_title(self, doc: Doc, start: int) -> bool:
        """Whether a title of office ends right before token ``start`` ("DES commander Ilan
        Marosk", "spokeswoman Dana Velt"): the name after it is a person's, whatever NER's label
        (small models often read an unfamiliar name as an organisation)."""
        for n in (1, 2, 3):
            if start - n < 0 or not doc[start - n].is_alpha and doc[start - n].text != "-":
                break
            words = doc[start - n:start]
            if " ".join(t.lower_ for t in words) in self.lex.roles \
                    or " ".join(t.lemma_.lower() for t in words) in self.lex.roles:
                return doc[start].is_title
        return False

    def actor_for_name(self, text: str, label: str) -> Actor | None:
        """A name found by NER: the gazetteer's actor when it knows the name (also fuzzily),
        else an actor kept as found and typed by the NER label."""
        text = text.strip(" ,.;:'\"“”‘’()")
        if not text or not any(ch.isalpha() for ch in text):
            return None
        known = self.lookup_fuzzy(text) if label != "PERSON" else self.gaz.lookup(text)
        if known:
            return known
        if label == "ORG":
            # "the Zorgan Liberation Army": the head noun says what kind of body it is
            group = self.lex.group_nouns.get(text.split()[-1].lower().rstrip("s"))
            if group is not None and group.sector in ("MIL", "REB", "UAF"):
                return Actor(slug(text), text, "armed_group", None, group.sector)
            if group is not None:
                return Actor(slug(text), text, "organization", None, group.sector)
        return Actor(slug(text), text, NER_TYPES[label], None, None)

    def lookup_fuzzy(self, text: str) -> Actor | None:
        """The gazetteer's actor for a name, allowing small misspellings ("Ethopia")."""
        key = normalize_name(text)
        if key in self._fuzzy_cache:
            return self._fuzzy_cache[key]
        actor_id = self.gaz.keys.get(key)
        if actor_id is None and len(key) >= 6:
            pool = [k for k in self._keys_by_initial.get(key[:1], []) if abs(len(k) - len(key)) <= 2]
            close = difflib.get_close_matches(key, pool, n=1, cutoff=0.9)
            actor_id = self.gaz.keys.get(close[0]) if close else None
        actor = self.gaz.actors.get(actor_id) if actor_id else None
        if len(self._fuzzy_cache) < 50_000:
            self._fuzzy_cache[key] = actor
        return actor

    def _link_within_document(self, doc: Doc, result: DocMentions) -> None:
        """Surnames and abbreviations met again later name the actor met first in full:
        "Said Qasemi … Qasemi"; "Movement for … Biafra (MASSOB) … MASSOB"."""
        persons: dict[str, Actor] = {}
        local: dict[str, Actor] = {}
        for m in result.mentions:
            span = doc[m.start:m.end]
            if m.kind == "ner" and m.actor.type == "person":
                words = span.text.split()
                if len(words) == 1 and words[0] in persons:
                    m.actor = persons[words[0]]
                    continue
                if len(words) > 1 and words[-1][:1].isupper():
                    persons.setdefault(words[-1], m.actor)
            elif m.kind == "ner" and m.actor.id in local:
                m.actor = local[m.actor.id]
            # "Name (ABBR)": the abbreviation names the same actor
            if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
                abbr = doc[m.end + 1]
                if abbr.is_upper and len(abbr.text) >= 2:
                    local[slug(abbr.text)] = m.actor
        for m in result.mentions:
            if m.kind == "ner" and m.actor.id in local and m.actor is not local[m.actor.id]:
                m.actor = local[m.actor.id]

    # ------------------------------------------------------------------ noun phrases
    def np_span(self, tok: Token) -> Span:
        """The noun phrase core around ``tok``: its left modifiers and the head, no articles,
        no relative clauses or trailing prepositional phrases."""
        doc = tok.doc
        start = tok.i
        for child in tok.lefts:
            if child.dep_ in NP_LEFT_DEPS or (child.dep_ == "punct" and child.text == "-"):
                start = min(start, child.left_edge.i)
        end = tok.i + 1
        # names split by the parser across flat tokens to the right ("bin Laden")
        m = self.mention_at(doc, tok.i)
        if m is not None:
            start, end = min(start, m.start), max(end, m.end)
        while start < end - 1 and (doc[start].lower_ in ARTICLES or doc[start].is_punct):
            start += 1
        return doc[start:end]

    def hazard(self, span: Span, head: Token) -> bool:
        """Whether a noun phrase names a natural hazard or an accident, which is no actor
        ("Panama flooding kills nine", "Tropical Storm Jeanne killed 250", "Greek School Bus
        Crash Kills 7"): its head is such a noun, or a name is titled by one ("Typhoon Chaba")."""
        hazards = self.lex.gram("hazards")
        if head.lemma_.lower() in hazards or head.lower_ in hazards:
            return True
        return any(t.dep_ == "compound" and t.is_title and t.lemma_.lower() in hazards
                   for t in span if t.i < head.i)

    def place_modifier(self, tok: Token) -> bool:
        """Whether a capital names a place, not its government: a modifier (not a possessive) of
        a noun that names no body of people ("the Madrid train bombings", "Moscow talks"), where
        "the Tehran regime", "Beijing authorities" and "Moscow's crackdown" are the state."""
        m = self.mention_at(tok.doc, tok.i)
        if m is None or m.kind != "capital":
            return False
        last = tok.doc[m.end - 1]
        if last.dep_ not in ("compound", "nmod") or last.head.pos_ not in ("NOUN", "PROPN"):
            return False
        noun = last.head
        while noun.dep_ == "compound" and noun.head.pos_ in ("NOUN", "PROPN") and noun.head.i > noun.i:
            noun = noun.head
        return self.group_of(noun) is None and noun.lemma_.lower() not in self.lex.roles

    def mention_at(self, doc: Doc, i: int) -> Mention | None:
        dm = self.find_mentions(doc)
        return dm.by_token.get(i)

    def group_of(self, tok: Token) -> GroupNoun | None:
        """The group-noun entry of a noun: a multiword entry with one of its modifiers first
        ("armed men", "riot police"), then the noun alone."""
        lemma = tok.lemma_.lower()
        # "militia members": a member noun that is no group noun itself takes the group it
        # belongs to ("government forces" stays forces)
        partitive = lemma in self.lex.gram("partitive") and lemma not in self.lex.group_nouns
        for child in tok.lefts:
            if child.dep_ in ("amod", "compound"):
                group = self.lex.group_nouns.get(f"{child.lemma_.lower()} {lemma}") or \
                    self.lex.group_nouns.get(f"{child.lower_} {lemma}")
                if group is None and partitive and child.dep_ == "compound":
                    group = self.lex.group_nouns.get(child.lemma_.lower())
                if group is not None:
                    return group
        return self.lex.group_nouns.get(lemma)

    def entities_for(self, tok: Token, references=None, depth: int = 0) -> list[Entity]:
        """The entities the noun phrase headed by ``tok`` names, with its conjuncts."""
        out: list[Entity] = []
        ents = self._entities_single(tok, references, depth)
        out += ents
        if not ents:
            # "the removal of X and his party": the conjunct of a non-actor is no recipient
            return []
        for conj in tok.conjuncts:
            if conj.i > tok.i and conj.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
                out += self._entities_single(conj, references, depth)
        seen: set[tuple[str, int]] = set()
        unique = []
        for e in out:
            if (e.id, e.start) not in seen:
                seen.add((e.id, e.start))
                unique.append(e)
        return unique

    def _entities_single(self, tok: Token, references, depth: int) -> list[Entity]:
        doc = tok.doc
        if depth > 3:
            return []
        if tok.pos_ == "VERB" and tok.tag_ in ("VBG", "VBN"):
            # a reduced relative the parser made the subject: "The aid agency working in Yemen said"
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return self._entities_single(subj, references, depth + 1) if subj is not None else []
        if tok.pos_ == "PRON" or tok.lower_ in ("latter", "former"):
            if references is not None:
                return references.resolve(tok)
            return []
        span = self.np_span(tok)
        if self.hazard(span, tok):
            return []
        lemma = tok.lemma_.lower()
        head_mention = self.mention_at(doc, tok.i)
        if head_mention is None and lemma in self.lex.roles:
            # "Qatar's emir, Sheikh Hamad bin Khalifa al-Thani, launched": the person, named
            # with the title the sentence gives
            appos = next((c for c in tok.rights if c.dep_ == "appos"), None)
            m = self.mention_at(doc, appos.i) if appos is not None else None
            if m is not None and m.actor.type == "person":
                return [self._entity(doc[span.start:m.end], m.actor)]
        # "members of al-Qaeda", "thousands of Nigerians": the actor follows "of"
        if (head_mention is None or head_mention.actor.type == "person") and lemma in self.lex.gram("partitive"):
            for child in tok.rights:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            inner = self.entities_for(pobj, references, depth + 1)
                            if inner:
                                full = doc[span.start:pobj.right_edge.i + 1]
                                return [self._with_span(inner[0], full)] + inner[1:]
        if head_mention is not None:
            actor = head_mention.actor
            if head_mention.kind == "demonym":
                group = self.group_of(tok)
                if group is None and _people_counted(tok):
                    # "two Americans", "a Briton", "Britons voted": people of the state, not its
                    # government ("the Americans proposed" stays the state)
                    actor = Actor(f"{actor.id}-nationals", f"{actor.name} nationals", "group", actor.country, "CVL")
                else:
                    actor = self._specific(actor, group.sector if group else None, group.type if group else None,
                                           tok, doc[head_mention.start:tok.i + 1].text)
            return [self._entity(span, actor)]
        modifiers = [self.mention_at(doc, i) for i in range(span.start, span.end)]
        named = []
        for m in modifiers:
            if m is not None and m not in named:
                named.append(m)
        group = self.group_of(tok)
        if named:
            # "Hungarian and Romanian officials": one entity per named modifier
            ents = []
            sector = group.sector if group else None
            for m in named:
                actor = self._specific(m.actor, sector, group.type if group else None, tok,
                                       doc[m.start:tok.i + 1].text)
                if len(named) == 1:
                    ents.append(self._entity(span, actor))
                else:
                    last = m.end if m is not named[-1] else span.end
                    ents.append(self._entity(doc[m.start:last], actor))
            return ents
        placed = self._placed_group(tok, span, group)
        if placed:
            return placed
        if group is not None:
            if tok.pos_ == "PROPN":
                return []
            if references is not None and any(c.lower_ == "the" for c in tok.lefts) and group.type != "group":
                ref = references.resolve_definite(tok, group)
                if ref:
                    return [self._with_span(ref[0], span)]
            actor = Actor(slug(lemma_plural(tok)), span.text if tok.pos_ == "PROPN" else lemma_plural(tok),
                          group.type, None, group.sector)
            return [self._entity(span, actor)]
        if tok.ent_type_ in NER_TYPES:
            named_actor = self.actor_for_name(span.text, tok.ent_type_)
            if named_actor:
                return [self._entity(span, named_actor)]
        if tok.pos_ == "PROPN" and not tok.ent_type_ and tok.is_title and \
                tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"):
            # a name NER missed ("Ethopia"): the gazetteer, fuzzily, else kept as found
            actor = self.lookup_fuzzy(span.text) or Actor(slug(span.text), span.text, "organization", None, None)
            return [self._entity(span, actor)]
        return []

    def _placed_group(self, tok: Token, span: Span, group) -> list[Entity]:
        """"opposition groups in Zimbabwe", "Palestinians of the West Bank": a group noun
        placed by a named state."""
        doc = tok.doc
        lemma = tok.lemma_.lower()
        head_group = group or self.lex.group_nouns.get(next((c.lemma_.lower() for c in tok.lefts
                                                              if c.dep_ == "compound"), ""))
        if head_group is None and lemma not in self.lex.gram("partitive"):
            return []
        for prep in tok.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "of"):
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                m = self.mention_at(doc, pobj.i) if pobj is not None else None
                if m is not None and m.actor.type in ("organization", "armed_group") and pobj is not None \
                        and prep.lower_ in ("from", "of"):
                    # "activists from the Fatah Party": the party's people
                    return [self._entity(doc[span.start:pobj.right_edge.i + 1], m.actor)]
                if m is not None and m.actor.type == "state" and pobj is not None:
                    full = doc[span.start:pobj.right_edge.i + 1]
                    sector = head_group.sector if head_group else None
                    actor = self._specific(m.actor, sector, head_group.type if head_group else None, tok, full.text)
                    return [self._entity(full, actor)]
        return []

    def _specific(self, actor: Actor, sector: str | None, gtype: str | None, tok: Token,
                  written: str | None = None) -> Actor:
        """A state named by a modifier, made specific by the head noun: "Iranian troops" is
        Iran with sector MIL; "Afghan rebels" are a group of their own, from Afghanistan."""
        if actor.type != "state" or sector is None:
            return actor
        if sector in ("GOV", "MIL", "COP", "JUD", "LEG", "SPY"):
            return Actor(actor.id, actor.name, actor.type, actor.country, sector)
        noun = lemma_plural(tok)
        name = written if written and len(written) < 60 else f"{actor.name} {noun}"
        return Actor(f"{actor.id}-{slug(noun)}", name, gtype or "group", actor.country, sector)

    @staticmethod
    def _entity(span: Span, actor: Actor) -> Entity:
        return Entity(span.text, span.start_char, span.end_char, actor.id, actor.name, actor.type,
                      actor.country, actor.sector)

    @staticmethod
    def _with_span(entity: Entity, span: Span) -> Entity:
        return Entity(span.text, span.start_char, span.end_char, entity.id, entity.name, entity.type,
                      entity.country, entity.sector)


def _people_counted(tok: Token) -> bool:
    """Whether a demonym standing as a noun counts people: a number or "a" before it, or a
    plural with no determiner at all."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    dets = [c for c in tok.children if c.dep_ in ("det", "predet", "poss")]
    if any(c.dep_ == "nummod" for c in tok.children) or any(d.lower_ in ("a", "an") for d in dets):
        return True
    return tok.tag_ in ("NNS", "NNPS") and not dets


def lemma_plural(tok: Token) -> str:
    return tok.lower_ if tok.tag_ in ("NNS", "NNPS") else tok.lemma_.lower()
