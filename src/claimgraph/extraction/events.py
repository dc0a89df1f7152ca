"""Events: trigger words found by lexicon, typed (by the learned classifier where one is
shipped, else by the lexicon's first reading), and given their actor and recipient from the
dependency parse.

The mechanisms, each one general:

- verb triggers take their subject as actor and object or prepositional object as recipient;
  passives swap them ("X was attacked by Y"); subjectless verbs inherit the subject of the
  verb they depend on (control "agreed to", coordination "funds, trains and arms", purpose
  and participle clauses), or the object of an object-control verb ("allowed X to pass");
- noun triggers take their roles from a light verb ("provided funds to", "imposed sanctions
  on"), a participation predicate ("was involved in the attacks"), a copula ("was the main
  artery for funds"), or their own possessor, modifier and prepositions ("Israeli air raids
  on", "the provision of weapons to X by Y", "ties between X and Y");
- an event embedded as the content of a verbal event is not a separate event ("threatened to
  shell" is THREATEN), but lends it its recipient and mode;
- a future statement of intent turns a cooperative event into AGREE and a coercive one into
  THREATEN (PLOVER's convention), a refused one into REJECT.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from claimgraph.lexicons import Lexicons, TriggerSense
from claimgraph.model import Entity
from claimgraph.nlp import lemma_keys
from claimgraph.resolve.mentions import ActorResolver, unlisted_party

SUBJ = ("nsubj", "csubj")
DEFAULT_PREPS = {"to", "against", "on", "at", "with", "into", "upon", "toward", "towards", "onto", "over"}
EXTRA_PREPS = {"AID": {"for"}, "REQUEST": {"from", "for"}, "RETREAT": {"from"}, "CONSULT": {"between"},
               "COOPERATE": {"between"}, "SANCTION": {"for"}, "ACCUSE": {"for"}, "REJECT": {"from", "by"},
               "CONCEDE": {"from", "by"}}
# events of words whose "to" phrase is the audience and whose topic phrase is the target
TOPIC_FIRST = {"ACCUSE", "PROTEST"}
TOPIC_PREPS = {"over", "about", "against"}
# prepositions of circumstance: what they introduce is neither the content nor a party of an event
ADJUNCT_PREPS = {"despite", "after", "before", "amid", "following", "during", "since", "until", "notwithstanding"}


@dataclass
class Candidate:
    token: Token
    span: Span
    senses: list[TriggerSense]
    pos: str
    frame: Token | None = None  # light verb, participation predicate or copula of a noun trigger
    frame_kind: str = ""
    event: str = ""
    mode: str | None = None
    context: tuple[str, ...] = ()
    score: float = 0.6
    forced: bool = False  # the type follows from structure ("halted aid"), not for the classifier
    embedded_in: Candidate | None = None
    embeds: list[Candidate] = field(default_factory=list)


@dataclass
class Roles:
    actor: list[Entity]
    recipient: list[Entity]
    passive: bool = False
    fragment: bool = False


def is_purpose(tok: Token) -> bool:
    """An adverbial infinitive of purpose: "(shunned work) to protest", "in order to"."""
    return tok.dep_ == "advcl" and tok.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                              for c in tok.children)


def _names_a_time(prep: Token) -> bool:
    """A preposition whose object is a date or a time ("fired on Sunday", "met over the
    weekend"): it is no particle of the verb's phrase ("fire on" the village)."""
    return prep.dep_ == "prep" and any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


class EventFinder:
    def __init__(self, lex: Lexicons, resolver: ActorResolver) -> None:
        self.lex = lex
        self.resolver = resolver
        self.light = lex.gram("light_verbs")
        self.receive = lex.gram("receive_verbs")
        self.participation = lex.gram("participation")
        self.object_control = lex.gram("object_control")
        self.movement = lex.gram("movement")
        self.embedding = lex.gram("embedding_events")
        self.designation = lex.gram("designation")
        self.cessation = lex.gram("cessation_verbs")
        self.material = lex.gram("material_verbs")

    # ------------------------------------------------------------------ candidates
    def candidates(self, sent: Span, skip: set[int]) -> list[Candidate]:
        """Trigger words of the sentence; ``skip``: tokens that are attribution cues only."""
        out: list[Candidate] = []
        for tok in sent:
            if tok.i in skip or tok.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL", "MONEY"):
                continue
            pos = {"VERB": "VERB", "NOUN": "NOUN", "ADJ": "ADJ", "PROPN": "NOUN"}.get(tok.pos_)
            if pos is None:
                continue
            if pos == "NOUN" and tok.pos_ == "PROPN" and not tok.is_lower:
                continue
            keys = lemma_keys(tok) if pos == "VERB" else (tok.lemma_.lower(),)
            lemma = next((k for k in keys if self.lex.senses(k, pos)), keys[0])
            span = sent.doc[tok.i:tok.i + 1]
            senses = list(self.lex.senses(lemma, pos))
            phrasal = self.lex.phrasal_heads.get(f"{lemma}/{pos}")
            longer = self._longer_phrasal(tok, lemma, phrasal) if phrasal and pos == "VERB" else None
            if longer is not None:
                # "set up a post", "handed over control": the verb with two words of its own
                senses = list(self.lex.senses(f"{lemma} {longer}", pos)) + senses
                phrasal = None
            if phrasal:
                for child in tok.children:
                    word = child.lower_ if child.lower_ in phrasal else child.lemma_.lower()
                    if word not in phrasal or _names_a_time(child):
                        continue
                    if pos == "VERB" and child.dep_ in ("prt", "prep", "dobj", "advmod", "acomp", "oprd", "nsubjpass"):
                        senses = list(self.lex.senses(f"{lemma} {word}", pos)) + senses
                        if child.dep_ in ("prt", "prep", "advmod"):
                            span = sent.doc[min(tok.i, child.i):max(tok.i, child.i) + 1]
                        break
                    if pos == "NOUN" and child.dep_ in ("compound", "amod"):
                        senses = list(self.lex.senses(f"{word} {lemma}", pos)) + senses
                        span = sent.doc[child.i:tok.i + 1]
                        break
            if senses:
                out.append(Candidate(tok, span, senses, pos))
        for tok in self._weapon_impacts(sent, skip):
            existing = next((c for c in out if c.token.i == tok.i), None)
            if existing is None:
                existing = Candidate(tok, sent.doc[tok.i:tok.i + 1], [], "VERB")
                out.append(existing)
            existing.senses, existing.forced = [TriggerSense("ASSAULT", None, ())], True
        by_token = {c.token.i: c for c in out}
        # a light verb whose object is an event noun yields to the noun, unless the verb frames
        # the noun as the content of its own event ("sought assistance": REQUEST)
        kept = []
        for c in out:
            lemma = c.token.lemma_.lower()
            if c.pos == "VERB" and lemma in self.light | self.receive:
                objs = [ch for ch in c.token.children if ch.dep_ in ("dobj", "nsubjpass") and ch.i in by_token]
                if objs and lemma not in self.lex.frame_events:
                    continue
                if objs and self.lex.frame_events[lemma] == "AGREE" and all(
                        {s.event for s in by_token[o.i].senses} <= self.lex.gram("expressions") for o in objs):
                    # "offered his condolences", "offered praise for X": offering words of
                    # support or blame is saying them, not promising a future act
                    continue
                if objs:
                    c.senses = [TriggerSense(self.lex.frame_events[lemma], None, ())]
                    c.forced = True
            kept.append(c)
        kept += self._cessations(sent, {c.token.i: c for c in kept})
        for c in kept:
            if c.pos == "NOUN":
                self._find_frame(c)
        return kept

    def _cessations(self, sent: Span, by_token: dict[int, Candidate]) -> list[Candidate]:
        """A verb that stops what its object names: "halted aid" (SANCTION), "lifted the
        blockade" (RETREAT).  The verb becomes the trigger; the noun is its content."""
        out = []
        help_types = {"AID", "COOPERATE", "CONSULT", "AGREE", "SUPPORT"}
        force_types = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "THREATEN"}
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in self.cessation:
                continue
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if obj is None:
                continue
            noun_types = {s.event for s in self.lex.senses(obj.lemma_.lower(), "NOUN")}
            if noun_types & help_types and not noun_types & force_types:
                sense = TriggerSense("SANCTION", "discontinue", ())
            elif noun_types & force_types:
                sense = TriggerSense("RETREAT", None, ())
            else:
                continue
            verb = by_token.get(tok.i)
            if verb is not None:
                verb.senses = [sense]
                verb.forced = True
            else:
                verb = Candidate(tok, sent.doc[tok.i:tok.i + 1], [sense], "VERB", forced=True)
                out.append(verb)
            noun = by_token.get(obj.i)
            if noun is not None:
                noun.embedded_in = verb
                verb.embeds.append(noun)
        return out

    def _weapon_impacts(self, sent: Span, skip: set[int]) -> list[Token]:
        """"Several rockets landed near the embassy", "a drone strike hit a car": verbs of
        impact whose subject is a weapon; each is an attack, whoever fired the weapon."""
        weapons = self.lex.gram("weapons")
        impact = self.lex.gram("impact_verbs")
        out = []
        for tok in sent:
            if tok.pos_ != "VERB" or tok.i in skip or not any(k in impact for k in lemma_keys(tok)):
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and (subj.lemma_.lower() in weapons or any(
                    g.dep_ == "compound" and g.lemma_.lower() in weapons for g in subj.children)):
                out.append(tok)
        return out

    @staticmethod
    def _longer_phrasal(tok: Token, lemma: str, phrasal: set[str]) -> str | None:
        """The longest multiword entry of more than two words whose later words are all
        children of the verb (particle, preposition or object)."""
        words = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "dobj", "advmod")}
        words |= {c.lemma_.lower() for c in tok.children if c.dep_ in ("prt", "prep", "dobj", "advmod")}
        for rest in sorted((r for r in phrasal if " " in r), key=len, reverse=True):
            if all(w in words for w in rest.split()):
                return rest
        return None

    def _find_frame(self, c: Candidate) -> None:
        tok = c.token
        node = tok
        while node.dep_ == "conj" and node.head.pos_ in ("NOUN", "PROPN"):
            node = node.head
        # "a mediation effort", "10 days of war games": the frame governs the phrase's head
        if node.dep_ == "compound" and node.head.pos_ == "NOUN":
            node = node.head
        elif node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ == "NOUN" \
                and node.head.head.dep_ in ("dobj", "nsubjpass") and not self.lex.senses(node.head.head.lemma_, "NOUN"):
            node = node.head.head
        head = node.head
        if node.dep_ in ("dobj", "nsubjpass", "dative") and head.pos_ in ("VERB", "AUX"):
            keys = lemma_keys(head)
            lemma = next((k for k in keys if k in self.light or k in self.receive), keys[0])
            if lemma in self.receive:
                c.frame, c.frame_kind = head, "receive"
            elif lemma in self.light:
                c.frame, c.frame_kind = head, "light"
            return
        if node.dep_ == "pobj" and head.dep_ == "prep":
            gov = head.head
            if head.lower_ == "for" and gov.pos_ == "VERB" and any(k in self.lex.gram("travel_verbs")
                                                                     for k in lemma_keys(gov)):
                # "negotiators return to Geneva for talks": they hold the talks
                c.frame, c.frame_kind = gov, "participation"
                return
            if gov.lemma_.lower() in self.participation or (gov.lower_ == "part" and gov.head.lemma_ == "take"):
                c.frame, c.frame_kind = (gov.head if gov.lower_ == "part" else gov), "participation"
                return
        # copular predicate: "Iran was the main artery for funds"
        steps = 0
        while steps < 4 and node.dep_ in ("pobj", "prep", "attr", "conj", "compound") and node.head != node:
            node = node.head
            steps += 1
            if node.dep_ == "attr" and node.head.lemma_ == "be":
                c.frame, c.frame_kind = node.head, "copula"
                return

    # ------------------------------------------------------------------ embedding
    def link_embedding(self, cands: list[Candidate]) -> None:
        """Mark events that are the content of a verbal event (AGREE, REQUEST, THREATEN, …)."""
        by_token = {c.token.i: c for c in cands}
        # "reiterated its demand that Israel ease …": the clause hangs on the light verb
        by_frame = {c.frame.i: c for c in cands if c.frame is not None and c.frame_kind == "light"}
        for c in cands:
            node = c.token
            for _ in range(4):
                if node.head == node or node.dep_ not in ("xcomp", "ccomp", "advcl", "pcomp", "pobj", "prep",
                                                          "dobj", "conj", "acl", "relcl", "nsubj", "attr"):
                    break
                if node.dep_ == "conj" and node.head.i in by_token:
                    break  # coordinated events stand on their own
                if node.dep_ == "prep" and node.lower_ in ADJUNCT_PREPS:
                    break  # "despite warnings by X, Y refused …": a circumstance, not the content
                if is_purpose(node):
                    break  # "shunned work to protest the settlements": a purpose, not the content
                node = node.head
                outer = by_token.get(node.i) or by_frame.get(node.i)
                if outer is not None and outer is not c:
                    if outer.event in self.embedding or outer.event == "":
                        if outer.event in self.embedding:
                            c.embedded_in = outer
                            outer.embeds.append(c)
                    break

    # ------------------------------------------------------------------ roles
    def subject_of(self, v: Token, depth: int = 0) -> tuple[Token | None, bool]:
        """The token naming who does ``v``, and whether ``v`` is passive."""
        subjects = [c for c in v.children if c.dep_ in SUBJ]
        if subjects:
            # "MOSCOW (Reuters) - Russia accused …" parses with two subjects: the dateline's
            # and the clause's own, the one nearest the verb
            before = [c for c in subjects if c.i < v.i]
            return (before[-1] if before else subjects[0]), False
        for c in v.children:
            if c.dep_ == "nsubjpass":
                agent = self._agent(v)
                if agent is None and v.lower_ in self.lex.gram("stative_participles"):
                    return c, False
                return agent, True
        if v.head == v:
            return self._stranded_subject(v), False
        if depth > 4:
            return None, False
        head = v.head
        if v.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in head.children):
            # raising: "Iran is believed to have supplied …": the passive's subject does it
            raised = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
            if raised is not None:
                return raised, False
        if v.dep_ in ("xcomp", "advcl", "ccomp") and head.lemma_.lower() in self.object_control:
            obj = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
            if obj is not None:
                return obj, False
        if v.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acomp", "oprd"):
            if v.dep_ == "pcomp":
                head = head.head
            subj, passive = self.subject_of(head, depth + 1)
            if v.dep_ == "conj" and passive:
                return subj, passive
            return subj, False
        if v.dep_ == "acl":
            if v.tag_ == "VBN":
                return self._agent(v), True
            if head.lemma_.lower() in self.lex.cue_nouns and head.dep_ == "dobj" and head.head.pos_ == "VERB":
                # "issued a statement demanding that …": who issued the statement demands
                return self.subject_of(head.head, depth + 1)
            return head, False
        if v.dep_ == "relcl":
            return head, False
        return None, False

    @staticmethod
    def _stranded_subject(v: Token) -> Token | None:
        """A main verb whose subject the parser hung on an opening phrase: "With the signing
        of a memorandum, the government and the rebels have agreed …" parses "the government
        and the rebels" as conjuncts of "memorandum".  The noun phrase right before the verb
        (its auxiliaries and adverbs aside) is the subject when it sits inside a phrase
        that opens the sentence and is cut from it by a comma."""
        if v.pos_ not in ("VERB", "AUX") or v.tag_ in ("VB", "VBG"):
            return None
        k = v.i - 1
        doc = v.doc
        while k >= 0 and doc[k].head == v and doc[k].dep_ in ("aux", "auxpass", "neg", "advmod"):
            k -= 1
        if k < 1 or doc[k].pos_ not in ("NOUN", "PROPN") or doc[k].head == v:
            return None
        node = doc[k]
        while node.dep_ in ("compound", "flat", "punct") and node.head.i > node.i:
            node = node.head
        while node.dep_ == "conj" and node.head.i < node.i and node.head.dep_ not in ("pobj", "dobj"):
            node = node.head
        if node.dep_ != "conj" or node.head.dep_ not in ("pobj", "dobj", "appos", "conj"):
            return None
        comma = next((t for t in doc[node.head.i:node.i] if t.text == ","), None)
        opening = node.head
        while opening.head != v and opening.head != opening:
            opening = opening.head
        if comma is None or opening.head != v or opening.i > v.i:
            return None
        return node

    @staticmethod
    def _agent(v: Token) -> Token | None:
        for c in v.children:
            if c.dep_ == "agent":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
        return None

    def _patient(self, v: Token) -> Token | None:
        for c in v.children:
            if c.dep_ == "nsubjpass":
                return c
        if v.dep_ == "acl" and v.tag_ == "VBN":
            return v.head
        if v.dep_ == "conj":
            return self._patient(v.head)
        return None

    def ents(self, tok: Token | None, refs) -> list[Entity]:
        if tok is None:
            return []
        return self.resolver.entities_for(tok, refs)

    def _companion(self, prep: Token, pobj: Token) -> bool:
        """"with Albania's help", "with the backing of X": who helps the actor, not a recipient."""
        return prep.lower_ == "with" and pobj.lemma_.lower() in self.lex.gram("companion_nouns")

    def _prep_recipients(self, tok: Token, event: str, refs, exclude: set[int]) -> list[Entity]:
        preps = DEFAULT_PREPS | EXTRA_PREPS.get(event, set())
        children = list(tok.children)
        if event in TOPIC_FIRST:
            # "complained to the UN over Israeli air raids": "to" names the audience, the
            # topic phrase whom the words are about
            topics = [c for c in children if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS]
            for prep in topics:
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                found = self.ents(pobj, refs) or self._modified_by_actor(pobj, refs) if pobj is not None else []
                if found:
                    return found
        for child in children:
            if child.dep_ in ("prep", "dative") and child.lower_ in preps and child.i not in exclude:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and not self._companion(child, pobj):
                        found = self.ents(pobj, refs) or self._nested(pobj, event, refs, 1)
                        if found:
                            return found
        return []

    def _nested(self, tok: Token, event: str, refs, depth: int) -> list[Entity]:
        """An actor inside a phrase that is not one: "a demand from the US President", "the
        town of Cizre", "power lines leading into Kabul", "lorries of Palestinians"."""
        if depth > 4:
            return []
        preps = DEFAULT_PREPS | EXTRA_PREPS.get(event, set()) | {"of", "from", "by", "in", "for"}
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and not self._companion(child, pobj):
                    own = self._is_theme(pobj)  # "a call for its peacekeepers to be deployed in X"
                    found = ([] if own else self.ents(pobj, refs)) or self._nested(pobj, event, refs, depth + 1)
                    if found:
                        return found
            elif child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
                found = self._nested(child, event, refs, depth + 1)
                if found:
                    return found
        return []

    def _modifier_actor(self, modifier: Token, refs) -> list[Entity]:
        """The actor a noun's modifier names ("Israeli" air raids, "Hamas" rockets), if any."""
        m = self.resolver.mention_at(modifier.doc, modifier.i)
        if m is None or (m.kind == "ner" and modifier.pos_ != "PROPN"):
            return []  # "Fierce clashes": NER's guess at a capitalised adjective is no actor
        if self.resolver.place_modifier(modifier):
            return []  # "the Madrid train bombings": where they happened
        if m.actor.type in ("state", "organization", "armed_group", "person"):
            return self.resolver.entities_for(modifier, refs)
        return []

    def _modified_by_actor(self, noun: Token, refs) -> list[Entity]:
        """The actor one of a noun's modifiers names: "Israeli air raids", "Hamas rockets"."""
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "nmod", "poss"):
                found = self._modifier_actor(child, refs)
                if found:
                    return found
        return []

    def _of_patient(self, noun: Token, refs) -> list[Entity]:
        of = next((ch for ch in noun.children if ch.dep_ == "prep" and ch.lower_ == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        return self.ents(pobj, refs) if pobj is not None else []

    @staticmethod
    def _is_theme(obj: Token) -> bool:
        """"withdraw its troops", "opened their borders": the actor's own belongings are what
        the event moves, not who it affects."""
        return any(c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her", "our", "my")
                   for c in obj.children)

    def _object_recipients(self, v: Token, event: str, refs, skip: Token | None) -> list[Entity]:
        for child in v.children:
            if child.dep_ in ("dative", "iobj") and child.pos_ != "ADP":
                found = self.ents(child, refs)
                if found:
                    return found
        material = lemma_keys(v)[0] in self.material and not any(
            c.dep_ == "prep" and c.lower_ == "with" for c in v.children)
        if material:
            # "provided photographs and intelligence to Macedonia": the object is what is given
            found = self._prep_recipients(v, event, refs, set())
            if found:
                return found
        for child in v.children:
            if child.dep_ in ("dobj", "attr") and child != skip:
                found = [] if self._is_theme(child) else self.ents(child, refs)
                if found:
                    return found
                # "opened its borders to X", "provided funds for X", "rejected calls by X"
                found = self._prep_recipients(child, event, refs, set()) or self._nested(child, event, refs, 1)
                if found:
                    return found
        return self._prep_recipients(v, event, refs, set())

    def roles(self, c: Candidate, refs) -> Roles:
        tok = c.token
        event = c.event
        if c.pos in ("VERB", "ADJ"):
            return self._verb_roles(c, refs)
        if c.frame is not None:
            frame = c.frame
            if c.frame_kind == "participation":
                subj = next((ch for ch in frame.children if ch.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is None and frame.head.lemma_ == "be":
                    subj = next((ch for ch in frame.head.children if ch.dep_ == "nsubj"), None)
                if subj is None and frame.dep_ in ("acomp", "xcomp", "conj", "advcl"):
                    subj, _ = self.subject_of(frame.head)
                actor = self.ents(subj, refs)
                rec = self._prep_recipients(tok, event, refs, set())
                return Roles(actor, rec)
            if c.frame_kind == "receive":
                subj, _ = self.subject_of(frame)
                rec = self.ents(subj, refs)
                actor = []
                for ch in list(frame.children) + list(tok.children):
                    if ch.dep_ == "prep" and ch.lower_ == "from":
                        pobj = next((g for g in ch.children if g.dep_ == "pobj"), None)
                        actor = self.ents(pobj, refs)
                        if actor:
                            break
                return Roles(actor, rec)
            subj, passive = self.subject_of(frame)
            if c.frame_kind == "copula":
                subj = next((ch for ch in frame.children if ch.dep_ == "nsubj"), subj)
                passive = False
            actor = self.ents(subj, refs)
            rec = self._prep_recipients(tok, event, refs, set()) or self._of_patient(tok, refs)
            if c.frame_kind == "copula":
                # "the main artery for funds, staff and communication for the group": the
                # recipient may hang on a coordinated noun or on the predicate noun; the
                # predicate noun itself names the actor's role, not a recipient
                for conj in tok.conjuncts:
                    rec = rec or self._prep_recipients(conj, event, refs, set())
                node = tok
                while not rec and node.head != node and node != frame:
                    node = node.head
                    rec = self._prep_recipients(node, event, refs, set())
                return Roles(actor, rec)
            if not rec and event == "REQUEST":
                # "reiterated its demand that Israel ease …": who is asked is the clause's subject
                clause = next((ch for ch in list(frame.children) + list(tok.children)
                               if ch.dep_ in ("ccomp", "acl") and ch.pos_ in ("VERB", "AUX")), None)
                inner = next((g for g in clause.children if g.dep_ in SUBJ), None) if clause is not None else None
                rec = [e for e in self.ents(inner, refs) if e.id not in {a.id for a in actor}]
            if not rec:
                rec = self._object_recipients(frame, event, refs, skip=tok)
            if not rec and passive:
                rec = self.ents(self._patient(frame), refs) if self._patient(frame) != tok else []
            return Roles(actor, rec, passive)
        # a bare nominal: possessor, modifiers, "by" agent; prepositions for the recipient
        actor = []
        for child in tok.children:
            if child.dep_ == "poss":
                actor = self.ents(child, refs)
            elif child.dep_ in ("amod", "compound", "nmod") and not actor:
                actor = self._modifier_actor(child, refs)
            elif child.dep_ == "prep" and child.lower_ == "by":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                actor = self.ents(pobj, refs) or actor
        rec = []
        between = next((ch for ch in tok.children if ch.dep_ == "prep" and ch.lower_ == "between"), None)
        if between is None and tok.dep_ in ("nsubj", "nsubjpass") and any(k in self.lex.gram("occurrence_verbs")
                                                            for k in lemma_keys(tok.head)):
            # "clashes erupted between the army and the rebels"
            between = next((ch for ch in tok.head.children if ch.dep_ in ("prep", "agent") and ch.lower_ == "between"),
                           None)
        if between is not None:
            pobj = next((g for g in between.children if g.dep_ == "pobj"), None)
            both = self.ents(pobj, refs)
            if len(both) >= 2 and not actor:
                return Roles(both[:1], both[1:])
            if len(both) == 1 and not actor:
                return Roles(both, [])  # "fighting between rival militias": one side each way
            if both and actor:
                rec = both
        if not rec:
            rec = self._prep_recipients(tok, event, refs, set())
        if not rec and actor:
            of = next((ch for ch in tok.children if ch.dep_ == "prep" and ch.lower_ == "of"), None)
            if of is not None:
                rec = self.ents(next((g for g in of.children if g.dep_ == "pobj"), None), refs)
        return Roles(actor, rec)

    def modifier_roles(self, v: Token, refs) -> Roles | None:
        """A participle that modifies a noun and is joined by a hyphen to an actor ("US-backed
        militias", "the Iran-funded group", "U.S.-trained forces"): the actor is the word before
        the hyphen, the recipient the noun modified. None for any other word."""
        if v.dep_ != "amod" or v.head.i == v.i or v.head.pos_ not in ("NOUN", "PROPN"):
            return None
        doc = v.doc
        # the tokenizer splits "US-backed" and "U.S.-backed" at the hyphen (claimgraph.nlp)
        if v.tag_ != "VBN" or v.i < 2 or doc[v.i - 1].text not in ("-", "–"):
            return None
        before = doc[v.i - 2]
        if before.head.i != v.i:
            return None
        actor = [e for e in self.ents(before, refs) if e.type != "location"]
        if not actor:
            return None
        head = v.head
        while head.dep_ == "compound" and head.head.i != head.i:  # "US-backed interim leader Hamid Karzai"
            head = head.head
        recipient = [e for e in self.ents(head, refs) if e.start >= v.idx + len(v.text) or e.end <= v.idx]
        if not recipient:
            # the noun phrase the participle modifies, without the modifier: "militias"
            span = self.resolver.np_span(head)
            words = doc[max(span.start, v.i + 1):span.end]
            if len(words) and head.i < words.end:
                recipient = [unlisted_party(words, head)]
        return Roles(actor, recipient)

    def _verb_roles(self, c: Candidate, refs) -> Roles:
        v = c.token
        event = c.event
        modifier = self.modifier_roles(v, refs)
        if modifier is not None:
            return modifier
        subj, passive = self.subject_of(v)
        actor = self.ents(subj, refs)
        if passive:
            patient = self._patient(v)
            # "a camp for Congolese refugees was attacked": the people inside the phrase
            rec = self.ents(patient, refs) or (self._nested(patient, event, refs, 1) if patient is not None else [])
            if not actor and v.lemma_.lower() in self.designation:
                actor = self._designating_state(v, refs)
            if not rec:
                rec = self._prep_recipients(v, event, refs, set())
            return Roles(actor, rec, passive=True)
        rec = []
        if c.frame_kind == "demand":
            content = next((ch for ch in v.children if ch.dep_ == "ccomp"), None)
            subj = next((g for g in content.children if g.dep_ in SUBJ), None) if content is not None else None
            rec = self.ents(subj, refs)
        if not rec and event == "REQUEST":
            # "demanded that the government release …": who is asked is the clause's subject
            content = next((ch for ch in v.children if ch.dep_ == "ccomp"), None)
            inner_subj = next((g for g in content.children if g.dep_ in SUBJ), None) if content is not None else None
            cand = self.ents(inner_subj, refs)
            if cand and {e.id for e in cand} != {e.id for e in actor}:
                rec = cand
        if not rec:
            rec = self._object_recipients(v, event, refs, skip=None)
        if not rec and c.embeds:
            # "demanded that Pyongyang abandon …", "threatened to shell Iraqi towns"
            for inner in c.embeds:
                if event == "THREATEN" and inner.pos == "VERB":
                    # "warned that its army would not tolerate attacks by the militia": the
                    # threatened act's subject is the actor's own arm, its object the target
                    rec = self._object_recipients(inner.token, event, refs, skip=None)
                    if rec:
                        break
                inner_subj = next((g for g in inner.token.children if g.dep_ in ("nsubj", "nsubjpass")), None)
                cand = self.ents(inner_subj, refs) if inner_subj is not None else []
                if cand and {e.id for e in cand} != {e.id for e in actor}:
                    rec = cand
                elif inner.pos == "VERB":
                    rec = self._object_recipients(inner.token, event, refs, skip=None)
                else:
                    rec = self._prep_recipients(inner.token, event, refs, set())
                if rec:
                    break
        if not rec:
            for child in v.children:
                if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
                    if event == "THREATEN":
                        rec = self._object_recipients(child, event, refs, skip=None)
                        if rec:
                            break
                    inner_subj = next((g for g in child.children if g.dep_ in ("nsubj", "nsubjpass")), None)
                    cand = self.ents(inner_subj, refs) if inner_subj is not None else []
                    if cand and {e.id for e in cand} != {e.id for e in actor}:
                        rec = cand
                    else:
                        rec = self._object_recipients(child, event, refs, skip=None)
                    if rec:
                        break
        fragment = False
        if not actor and subj is None:
            actor = self._fragment_actors(v, refs)
            fragment = bool(actor)
        return Roles(actor, rec, fragment=fragment)

    def affected_party(self, c: Candidate, actor: list[Entity], refs) -> list[Entity]:
        """When no recipient stands in a recipient's place, the nearest other actor named in
        the event's own phrase: "a hunger strike to protest President Assad's failure",
        "rallies against the party's leader"."""
        root = c.frame if c.frame is not None and c.frame_kind == "light" else c.token
        taken = {e.id for e in actor}
        queue = [(ch, 1) for ch in root.children if ch.dep_ not in SUBJ + ("nsubjpass", "agent", "punct")]
        while queue:
            node, depth = queue.pop(0)
            if node.dep_ == "relcl" or depth > 7 or (node.dep_ == "prep" and node.lower_ in ADJUNCT_PREPS):
                continue
            if node.pos_ in ("NOUN", "PROPN") and node.dep_ not in ("compound", "npadvmod"):
                found = [e for e in self.ents(node, refs) if e.id not in taken and e.type != "location"]
                if found:
                    return found
            queue += [(ch, depth + 1) for ch in node.children]
        return []

    def unidentified_attacker(self, c: Candidate) -> list[Entity]:
        """"Three servicemen were killed by an improvised explosive device": the attacker is
        unidentified; the weapon's mention stands for it."""
        v = c.frame if c.frame is not None else c.token
        weapons = self.lex.gram("weapons")
        places = [ch for ch in v.children if ch.dep_ in ("nsubj", "agent", "prep")]
        if not any(ch.dep_ in ("nsubj", "agent") for ch in v.children):
            # "a grenade was hurled into the compound": the weapon itself, with nobody named
            places += [ch for ch in v.children if ch.dep_ in ("nsubjpass", "dobj")]
        for ch in places:
            node = ch
            if ch.dep_ in ("agent", "prep"):
                if ch.dep_ == "prep" and ch.lower_ not in ("in", "by"):
                    continue
                node = next((g for g in ch.children if g.dep_ == "pobj"), ch)
            if node.lemma_.lower() in weapons or any(g.dep_ == "compound" and g.lemma_.lower() in weapons
                                                    for g in node.children):
                span = self.resolver.np_span(node)
                return [Entity(span.text, span.start_char, span.end_char, "unidentified-armed-actor",
                               "unidentified armed actor", "group", None, "UAF")]
        return []

    def _designating_state(self, v: Token, refs) -> list[Entity]:
        """"X was designated as a US terrorist organization": the state in the "as" phrase."""
        for child in v.children:
            if child.dep_ == "prep" and child.lower_ == "as":
                for tok in child.subtree:
                    m = self.resolver.mention_at(tok.doc, tok.i)
                    if m is not None and m.actor.type == "state":
                        span = tok.doc[m.start:m.end]
                        a = m.actor
                        return [Entity(span.text, span.start_char, span.end_char, a.id, a.name, a.type,
                                       a.country, "GOV")]
        return []

    def _fragment_actors(self, v: Token, refs) -> list[Entity]:
        """A verbless heading before a colon list: "Helping al-Qaeda: the IRGC, the Quds Force"."""
        sent = v.sent
        colon = next((t for t in sent if t.text == ":" and t.i > v.i), None)
        if colon is None:
            return []
        out: list[Entity] = []
        seen: set[str] = set()
        for tok in sent.doc[colon.i + 1:sent.end]:
            if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound", "amod", "nmod", "poss"):
                for e in self.resolver.entities_for(tok, refs):
                    if e.id not in seen:
                        seen.add(e.id)
                        out.append(e)
        return out

    def is_secondary(self, c: Candidate) -> bool:
        """Whether the event is background to the sentence: a bare nominal ("in retaliation for
        an air raid"), or a trigger inside a relative clause, a participial modifier or a
        non-purpose adverbial clause ("whom they had taken hostage", "killing 20 people", "as
        the opposition threatened").  PLOVER codes the sentence's main events."""
        if c.pos == "NOUN" and c.frame is None:
            return True
        node = c.frame if c.frame is not None else c.token
        for _ in range(8):
            if node.head == node:
                return False
            dep = node.dep_
            if dep in ("relcl", "acl", "pcomp", "csubj"):
                return True
            if dep == "advcl" and not any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in node.children):
                return True
            node = node.head
        return False

    def movement_complement(self, v: Token) -> Token | None:
        """"allowed X to pass": the infinitive of passage under an object-control verb."""
        if v.lemma_.lower() not in self.object_control:
            return None
        has_obj = any(c.dep_ in ("dobj", "dative") for c in v.children)
        for c in v.children:
            if c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in self.movement:
                if has_obj or any(g.dep_ == "nsubj" for g in c.children):
                    return c
        return None
