"""From documents to claims, attributions and affiliations: the one place where the stages
meet.  ``Extractor`` parses the prose of each document with spaCy (batched), then runs the
extract stages over each parsed block; ``extract_documents`` does the same in N processes."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span, Token

from claimgraph.extraction.affiliations import find_affiliations
from claimgraph.extraction.attribution import FoundAttribution, find_attributions, in_quotation
from claimgraph.extraction.classifier import EventClassifier, load_classifier
from claimgraph.extraction.encoder import Encoder, pool
from claimgraph.extraction.events import Candidate, EventFinder, is_purpose
from claimgraph.extraction.headline import HEADLINE_CONTEXT, truecase
from claimgraph.extraction.modality import modality_of
from claimgraph.extraction.news_model import (
    NewsFeatures,
    NewsModel,
    SentenceInputs,
    dateline_tokens,
    datelines,
    load_news_model,
)
from claimgraph.extraction.text import prose_blocks
from claimgraph.extraction.timex import parse_date, resolve_time
from claimgraph.extraction.tuned import load_tuned
from claimgraph.lexicons import TriggerSense, load_lexicons
from claimgraph.limits import extraction_failure, limits
from claimgraph.model import (
    Affiliation,
    Attribution,
    AttributionRef,
    Claim,
    Document,
    Entity,
    Extraction,
    TimeRef,
)
from claimgraph.model import (
    Span as TextSpan,
)
from claimgraph.nlp import load_pipeline, parse_blocks, sentence_entities
from claimgraph.resolve.gazetteer import extra_actor_files, load_gazetteer
from claimgraph.resolve.mentions import ActorResolver, Mention, slug
from claimgraph.resolve.references import References

LOCATION_PREPS = {"in", "at", "near", "inside", "outside", "across", "throughout"}
PLACE_EVENTS = {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT", "SANCTION"}
ENCODE_CHUNK = 256  # sentences encoded at once in the accurate mode


def _shift_entity(e: Entity | None, off: int) -> Entity | None:
    if e is None or off == 0:
        return e
    return replace(e, start=e.start + off, end=e.end + off)


def _shift_span(s: TextSpan | None, off: int) -> TextSpan | None:
    if s is None or off == 0:
        return s
    return TextSpan(s.text, s.start + off, s.end + off)


def _text_span(span: Span) -> TextSpan:
    return TextSpan(span.text, span.start_char, span.end_char)


# How the parse rules' claims and the learned extractor's meet in a sentence:
COMBINE = {
    "fill": "the rules' claims; the learned claims where the rules find none (the default)",
    "union": "the rules' claims, and the learned claims of another type or other actors",
    "learned": "the learned claims only",
    "rules": "the rules' claims only",
}


class Extractor:
    """Holds the loaded pipeline, gazetteer, lexicons and models; extracts from documents."""

    def __init__(self, model: str | None = None, actor_files: Iterable[str] = (),
                 use_classifier: bool = True, use_news_model: bool = True, accurate: bool | None = None,
                 combine: str | None = None) -> None:
        """``accurate``: the learned extractor reads contextual vectors of a transformer encoder
        (slower; default: the CLAIMGRAPH_ACCURATE environment variable, which ``--accurate`` sets);
        ``use_news_model=False`` types and fills events by the parse rules alone; ``combine``:
        how the rules' claims and the learned extractor's meet (see ``COMBINE``; default: the
        CLAIMGRAPH_COMBINE environment variable, which ``--combine`` sets, else ``fill``)."""
        if combine is None:
            combine = combine_mode()
        if combine not in COMBINE:
            raise ValueError(f"combine must be one of {', '.join(COMBINE)}")
        if accurate is None:
            accurate = accurate_mode()
        self.nlp = load_pipeline(model)
        self.lex = load_lexicons()
        self.gaz = load_gazetteer(tuple(actor_files) or extra_actor_files())
        self.resolver = ActorResolver(self.gaz, self.lex, self.nlp.vocab)
        self.finder = EventFinder(self.lex, self.resolver)
        self.classifier: EventClassifier | None = load_classifier() if use_classifier else None
        self.news_features = NewsFeatures(self.lex, self.resolver)
        self.news: NewsModel | None = load_news_model() if use_news_model else None
        self.encoder: Encoder | None = None
        if accurate and use_news_model:
            tuned = load_tuned()
            if tuned is None:
                raise RuntimeError("the accurate mode's model (data/models/news_model_tuned.json) is missing")
            self.news, self.encoder = tuned
        self._common = self._common_words()
        self.combine = combine if use_news_model else "rules"

    def _common_words(self) -> set[str]:
        """Words that are not names: lemmas of the event lexicon, and the verbs, adjectives and
        adverbs of the pipeline's lemmatizer index (for reading title-case headlines)."""
        words = {lemma for lemma, _ in self.lex.triggers}
        if "lemmatizer" in self.nlp.pipe_names:
            try:
                lemmatizer: Any = self.nlp.get_pipe("lemmatizer")
                index = lemmatizer.lookups.get_table("lemma_index")
                for pos in ("verb", "adj", "adv"):
                    words.update(index.get(pos, []))
            except (KeyError, ValueError, AttributeError):
                pass
        return words

    def blocks(self, text: str) -> list[tuple[str, int, bool]]:
        """The prose blocks of a document as they are parsed: (text, offset, recased), the
        opening headline in sentence case when it is written in title case."""
        out = []
        for n, b in enumerate(prose_blocks(text)):
            block = text[b.start:b.end]
            changed = False
            if n == 0 and not text[:b.start].strip():
                cased = truecase(block, self._common.__contains__, self._is_name, text[b.end:b.end + HEADLINE_CONTEXT])
                changed, block = cased != block, cased
            out.append((block, b.start, changed))
        return out

    def _is_name(self, word: str) -> bool:
        return word.lower() in self.resolver.entry_of_lower or word in self.resolver.entry_of_exact

    # ------------------------------------------------------------------ documents
    def extract(self, text: str, published: str | None = None, doc_id: str = "doc") -> Extraction:
        return next(self.extract_documents([Document(doc_id, text, published=published)]))

    def extract_documents(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[Extraction]:
        """Extractions in the order of ``docs``; parsing is batched across documents."""
        buffered: list[Document] = []
        for doc in docs:
            buffered.append(doc)
            if len(buffered) >= batch_size:
                yield from self._extract_guarded(buffered)
                buffered = []
        if buffered:
            yield from self._extract_guarded(buffered)

    def _extract_guarded(self, docs: list[Document]) -> list[Extraction]:
        """A batch's extractions; when the batch fails (its parse, a MemoryError), each
        document again alone, so that only the one that fails alone is marked failed."""
        try:
            return list(self._extract_batch(docs))
        except Exception as err:  # one document's failure must not stop a corpus
            if len(docs) == 1:
                return [Extraction(docs[0], error=extraction_failure(err))]
            return [r for d in docs for r in self._extract_guarded([d])]

    def _extract_batch(self, docs: list[Document]) -> Iterator[Extraction]:
        recased: set[int] = set()
        results = [Extraction(d) for d in docs]
        budget = limits().max_seconds
        started: dict[int, float] = {}

        def jobs() -> Iterator[tuple[str, tuple[int, int]]]:
            # lazy: the blocks of a document over its time budget are not parsed
            for k, d in enumerate(docs):
                for text, start, changed in self.blocks(d.text):
                    if results[k].error is not None:
                        break
                    if changed:
                        recased.add(k)
                    yield text, (k, start)

        earlier: dict[int, list[Mention]] = {}
        parsed_blocks: Iterable[tuple[Doc, tuple[int, int]]] = parse_blocks(self.nlp, jobs())
        vectors: list[dict[int, np.ndarray]] | None = None
        if self.encoder is not None:
            # the encoder runs over the sentences of the whole batch at once
            parsed_blocks = list(parsed_blocks)
            vectors = self.sentence_vectors([p for p, _ in parsed_blocks], [k for _, (k, _) in parsed_blocks])
        for n, (parsed, (k, offset)) in enumerate(parsed_blocks):
            if results[k].error is not None:
                continue
            if time.monotonic() - started.setdefault(k, time.monotonic()) > budget:
                results[k] = Extraction(docs[k], error=f"extraction took longer than {budget:g} s, the limit per "
                                                       "document (CLAIMGRAPH_MAX_SECONDS): not finished")
                continue
            first = k not in earlier
            history = earlier.setdefault(k, [])
            try:
                self._extract_block(parsed, offset, results[k], history, first,
                                    vectors[n] if vectors is not None else None)
            except Exception as err:  # one document's failure must not stop a corpus
                results[k] = Extraction(docs[k], error=extraction_failure(err))
                continue
            history += self.resolver.find_mentions(parsed).mentions
        for k, r in enumerate(results):
            if k in recased:
                _restore_texts(r)
            _link_people(r)
            yield r

    # ------------------------------------------------------------------ one parsed block
    def _extract_block(self, doc: Doc, offset: int, out: Extraction, earlier: list[Mention] | None = None,
                       first_block: bool = False, vectors: dict[int, np.ndarray] | None = None) -> None:
        """``first_block``: the document's first prose block, whose first sentence is read as a
        headline where it is one; ``vectors``: the encoder's, by sentence (accurate mode)."""
        document = out.document
        published = parse_date(document.published)
        refs = References(self.resolver, doc, self.lex.cue_verbs, earlier, offset)
        prev: Span | None = None
        block: list[FoundAttribution] = []
        if vectors is None:
            vectors = self.sentence_vectors([doc])[0] if self.encoder is not None else {}
        dateline_ranges = refs.datelines
        sents = list(doc.sents)
        own = [find_attributions(sent, self.lex) for sent in sents]
        for k, sent in enumerate(sents):
            block += own[k]
            # and the reports of other sentences whose content runs from their own sentence into
            # this one: a quotation of several sentences closed by "she said" is hers from its
            # first sentence on
            found = own[k] + [fa for j, reports in enumerate(own) if j != k for fa in reports
                              if _overlaps(fa, sent) and _overlaps(fa, sents[j])]
            for aff in find_affiliations(doc, sent, document.id, self.resolver, self.lex):
                out.affiliations.append(_shift_affiliation(aff, offset))
            claims = self._claims(sent, prev, found, refs, document.id, published, first_block and k == 0,
                                  dateline_ranges) if self.combine != "learned" else []
            if claims and dateline_ranges:
                claims = _without_datelines(claims, dateline_ranges)
            # in the default mode the learned extractor reads only the sentences the rules leave empty
            if self.news is not None and self.combine != "rules" and not (self.combine == "fill" and claims):
                learned = self._learned_claims(sent, found, refs, document.id, published, first_block and k == 0,
                                               vectors.get(sent.start), dateline_ranges)
                if learned and dateline_ranges:
                    learned = _without_datelines(learned, dateline_ranges)
                claims = self._merge(claims, learned)
            for claim in claims:
                out.claims.append(_shift_claim(claim, offset))
            prev = sent
        for fa in block:
            if not self._inner_report(fa, block):
                out.attributions.append(self._attribution_record(fa, document.id, refs, offset))

    @staticmethod
    def _inner_report(fa: FoundAttribution, block: list[FoundAttribution]) -> bool:
        """A report inside what someone else is reported to say ("Clinton said she thinks …",
        "he said the commission announced that …", or anything inside quotation marks): part
        of that report's content, not a record of its own; PolNeAR marks no cue inside
        another's content.  It still gives a claim inside it its nearest speaker.  Reports
        that continue the other's clause ("…, saying …", "… and warned …") were split off
        when they were found, and a claim named by a noun with its own source ("questioned
        the senator's claim that …") stays."""
        k = fa.cue.start
        if fa.cue[-1].pos_ == "NOUN" and fa.source is not None:
            return False
        if in_quotation(fa.cue.doc, k):
            return True
        return any(other is not fa and other.content_start <= k < other.content_end for other in block)

    def _attribution_record(self, fa: FoundAttribution, doc_id: str, refs: References, off: int) -> Attribution:
        doc = fa.cue.doc
        content = doc[fa.content_start:fa.content_end]
        source_entity = self._source_entity(fa, refs)
        return Attribution(doc_id, _shift_span(_text_span(fa.source), off) if fa.source is not None else None,
                           _shift_span(_text_span(fa.cue), off) or _text_span(fa.cue),
                           _shift_span(_text_span(content), off) or _text_span(content),
                           _shift_entity(source_entity, off))

    def _source_entity(self, fa: FoundAttribution, refs: References) -> Entity | None:
        if fa.source is None or fa.source_head is None:
            return None
        ents = self.resolver.entities_for(fa.source_head, refs)
        span = fa.source
        if ents:
            e = ents[0]
            if fa.source_head.pos_ == "PRON":
                return e
            return Entity(span.text, span.start_char, span.end_char, e.id, e.name, e.type, e.country, e.sector)
        # sources that are not actors ("the documents", "sound evidence") are kept as found
        return Entity(span.text, span.start_char, span.end_char, slug(span.text), span.text, "group", None, None)

    # ------------------------------------------------------------------ claims of a sentence
    def _claims(self, sent: Span, prev: Span | None, found: list[FoundAttribution], refs: References,
                doc_id: str, published, headline: bool = False,
                dateline_ranges: list[tuple[int, int]] | None = None) -> list[Claim]:
        """The parse rules' claims of a sentence (``headline``: the document's first sentence). A
        word the learned model's veto holds unlikely to say an event says none, unless the
        structure around it does (a frame, a forced reading, a movement complement)."""
        cue_tokens, sources = self._report_words(found)
        cands = self.finder.candidates(sent, skip=sources) + self._demands(
            [fa for fa in found if sent.start <= fa.cue.start < sent.end])
        if not cands:
            return []
        unlikely = self._unlikely(sent, headline, dateline_ranges or [], cue_tokens, sources)
        for c in cands:
            self._type(c, refs)
        cands = [c for c in cands if c.event]
        # "shunned work to protest the settlements", "marched to protest": an act done in
        # protest is the protest
        protesting = {c.token.head.i for c in cands if c.event == "PROTEST" and is_purpose(c.token)}
        cands = [c for c in cands if c.token.i not in protesting or c.event == "PROTEST"]
        # "returned to Geneva for talks": the journey is the way to the talks, not an event
        journeys = {c.frame.i for c in cands if c.frame is not None and c.frame_kind == "participation"
                    and c.frame.pos_ == "VERB" and c.frame.i != c.token.i}
        cands = [c for c in cands if c.token.i not in journeys or c.pos != "VERB"
                 or c.token.lemma_.lower() not in self.lex.gram("travel_verbs")]
        self.finder.link_embedding(cands)
        claims: list[Claim] = []
        secondary: list[bool] = []
        seen: set[tuple] = set()
        for c in cands:
            if c.embedded_in is not None:
                continue
            movement = self.finder.movement_complement(c.token) if c.pos == "VERB" else None
            if unlikely is not None and not c.forced and c.frame is None and movement is None \
                    and unlikely(c.token):
                continue
            if movement is not None:
                c.event, c.mode = "AID", "safe_haven"
            roles = self.finder.roles(c, refs)
            if movement is not None:
                obj = next((ch for ch in c.token.children if ch.dep_ in ("dobj", "dative")), None)
                roles.recipient = self.finder.ents(obj, refs) or roles.recipient
            if not roles.actor and c.event == "ASSAULT":
                roles.actor = self.finder.unidentified_attacker(c)
            if roles.actor and not roles.recipient:
                roles.recipient = self.finder.affected_party(c, roles.actor, refs)
            # "…, police said": who reports the event is not a party to it
            speakers = [(fa.source.start_char, fa.source.end_char) for fa in found
                        if fa.source is not None and fa.contains(c.token.i)]
            roles.recipient = [e for e in roles.recipient
                               if not any(a <= e.start and e.end <= b for a, b in speakers)]
            location = self._location(c, roles, refs)
            if not roles.recipient and location is not None and c.event in PLACE_EVENTS:
                # "shelled Juba", "imposed a curfew in Cizre": the place is what is acted upon
                roles.recipient = [location]
            if not roles.actor or (c.event in self.lex.gram("recipient_required") and not roles.recipient):
                continue
            if {e.id for e in roles.actor} == {e.id for e in roles.recipient}:
                continue
            extra = [prev.root] if roles.fragment and prev is not None else None
            mod = modality_of(c.token, self.lex, cue_tokens, extra)
            if c.frame is not None and c.frame_kind in ("light", "participation", "receive"):
                fmod = modality_of(c.frame, self.lex, cue_tokens, extra)
                mod = fmod if mod.polarity == "affirmed" and mod.certainty == "certain" else mod
                if fmod.polarity == "negated":
                    mod.polarity = "negated"
            self._refine(c, roles)
            if c.event == "SUPPORT" and any(e.type == "armed_group" for e in roles.recipient) \
                    and any(s.event == "AID" for s in c.senses):
                # support for an armed group is material, not words, unless the words are said
                c.event = "AID"
            event, polarity = self._intent(c.event, mod.tense, mod.certainty, mod.polarity)
            key = (event, tuple(sorted(e.id for e in roles.actor)), tuple(sorted(e.id for e in roles.recipient)))
            if key in seen:
                continue
            seen.add(key)
            first = prev.start if roles.fragment and prev is not None else sent.start
            att = self._claim_attribution(c.token, found, refs)
            report = self._nearest_attribution(c.token, found)
            if report is not None and report.cue[-1].lemma_.lower() in self.lex.words("negating_verbs"):
                # "X denied any links with Y", "dismissed claims that Y …": what is denied is negated
                polarity = "negated" if polarity == "affirmed" else "affirmed"
            claims.append(Claim(
                doc_id=doc_id, event=event, actor=roles.actor, recipient=roles.recipient,
                trigger=_text_span(c.span), evidence=_evidence(sent.doc[first:sent.end]),
                mode=c.mode if event == c.event else None, context=list(c.context), attribution=att,
                polarity=polarity, certainty=mod.certainty,  # type: ignore[arg-type]
                tense=mod.tense,  # type: ignore[arg-type]
                time=self._time(c.token, sent, published), location=location,
                confidence=c.score))
            secondary.append(self.finder.is_secondary(c))
        if not all(secondary):
            claims = [cl for cl, sec in zip(claims, secondary, strict=True) if not sec]
        return claims

    def sentence_vectors(self, docs: list[Doc], owners: list[int] | None = None) -> list[dict[int, np.ndarray]]:
        """Accurate mode: encoder vectors for the tokens of each sentence of each parsed block
        (by the sentence's first token), encoded together in length-sorted batches, each with
        the sentence before it in its document as context where the encoder reads one
        (``owners``: the document of each block, in order; by default each block is its own).
        A sentence with no word that may say a claim is not encoded: the learned extractor
        reads nothing of it."""
        assert self.encoder is not None
        news, nf = self.news, self.news_features
        sents: list[tuple[int, Span]] = []
        contexts: list[str] = []
        before: dict[int, str] = {}
        for k, (doc, owner) in enumerate(zip(docs, owners if owners is not None else range(len(docs)), strict=True)):
            for s in doc.sents:
                if news is None or any(news.may_trigger(t, nf) for t in s):
                    sents.append((k, s))
                    contexts.append(before.get(owner, ""))
                before[owner] = s.text
        out: list[dict[int, np.ndarray]] = [{} for _ in docs]
        # in chunks: the word pieces' vectors of a chunk are dropped once pooled into tokens
        for a in range(0, len(sents), ENCODE_CHUNK):
            chunk = sents[a:a + ENCODE_CHUNK]
            encoded = self.encoder.encode([s.text for _, s in chunk], batch=32, contexts=contexts[a:a + ENCODE_CHUNK])
            for (k, s), (vecs, offs) in zip(chunk, encoded, strict=True):
                spans = [(t.idx - s.start_char, t.idx - s.start_char + len(t)) for t in s]
                out[k][s.start] = pool(vecs, offs, spans, self.encoder.dim)
        return out

    def news_inputs(self, sent: Span, found: list[FoundAttribution], refs: References, first: bool,
                    vectors: np.ndarray | None = None,
                    dateline_ranges: list[tuple[int, int]] | None = None) -> SentenceInputs:
        """The learned models' view of a sentence (shared with training/train_news.py);
        ``dateline_ranges``: those of the sentence's block, when already found."""
        nf = self.news_features
        nf.begin()
        if dateline_ranges is None:
            dateline_ranges = datelines(sent.doc.text)
        dateline = dateline_tokens(sent, dateline_ranges)
        cue_tokens, sources = self._report_words(found)
        words = nf.triggers(sent, dateline | sources)
        if self.news is not None:
            # at extraction time, only words the lexicon reads as an event or that training saw
            # say one; training itself reads them all
            words = [t for t in words if self.news.may_trigger(t, nf)]
        parties = nf.parties(sent, refs, dateline) if words else []
        triggers = []
        if parties:
            for t in words:
                triggers.append((t, nf.trigger_features(t, sent, first, cue_tokens, in_quotation(t.doc, t.i))))
        speakers: dict[int, list[tuple[int, int, str]]] = {}
        for fa in found:
            if fa.source_head is not None:
                speakers.setdefault(fa.source_head.i, []).append(
                    (fa.content_start, fa.content_end, fa.cue[-1].lemma_.lower()))
        rule_cands: dict[int, Candidate] | None = None
        cache: dict[tuple[int, str], tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {}

        def rule_roles(t: Token, event: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
            nonlocal rule_cands
            if (t.i, event) in cache:
                return cache[(t.i, event)]
            if rule_cands is None:
                rule_cands = {c.token.i: c for c in self.finder.candidates(sent, skip=sources)}
            c = rule_cands.get(t.i)
            if c is None:
                pos = t.pos_ if t.pos_ in ("VERB", "NOUN", "ADJ") else "NOUN"
                c = Candidate(t, sent.doc[t.i:t.i + 1], [TriggerSense(event, None, ())], pos)
            c.event = event
            try:
                roles = self.finder.roles(c, refs)
                out = ([(e.start, e.end) for e in roles.actor], [(e.start, e.end) for e in roles.recipient])
            except (IndexError, ValueError, AttributeError):
                out = ([], [])
            cache[(t.i, event)] = out
            return out

        return SentenceInputs(sent, triggers, parties, speakers, cue_tokens, rule_roles, vectors)

    def _report_words(self, found: list[FoundAttribution]) -> tuple[set[int], set[int]]:
        """The tokens of the reports' cues, which bound the words that frame an event (not a
        source-less raising passive, "is believed to", which is itself the hedge, nor a verb of
        intent, "vowed to", which puts its event in the future), and of their sources, which say
        no event ("according to a statement by the rebels' spokesman")."""
        intent = self.lex.gram("intent")
        cues = {t.i for fa in found if fa.source is not None and fa.cue[-1].lemma_.lower() not in intent
                for t in fa.cue}
        sources = {t.i for fa in found if fa.source is not None for t in fa.source}
        return cues, sources

    def _unlikely(self, sent: Span, first: bool, dateline_ranges: list[tuple[int, int]], cue_tokens: set[int],
                  sources: set[int]) -> Callable[[Token], bool] | None:
        """The default mode's veto on the rules: whether the learned trigger model, trained on
        coded news, holds a word unlikely to say any event in its sentence ("pledged delegates",
        "begged the question"); None where there is no veto. A word the model does not read is
        never unlikely."""
        news, nf = self.news, self.news_features
        if self.combine != "fill" or news is None or news.veto_threshold <= 0:
            return None
        nf.begin()
        skip = dateline_tokens(sent, dateline_ranges) | sources

        def unlikely(t: Token) -> bool:
            if t.i in skip or not nf.may_say(t) or not news.may_trigger(t, nf):
                return False
            feats = nf.trigger_features(t, sent, first, cue_tokens, in_quotation(t.doc, t.i))
            return news.event_probability(feats) < news.veto_threshold

        return unlikely

    def _learned_claims(self, sent: Span, found: list[FoundAttribution], refs: References, doc_id: str,
                        published, first: bool, vectors: np.ndarray | None,
                        dateline_ranges: list[tuple[int, int]]) -> list[Claim]:
        """Claims of a sentence by the learned trigger and role models (extraction/news_model.py);
        attribution, modality and time are read as on the rule path."""
        assert self.news is not None
        inp = self.news_inputs(sent, found, refs, first, vectors, dateline_ranges)
        claims = []
        for d in self.news.decode(self.news_features, inp):
            t = d.trigger
            subj = next((ch for ch in t.children if ch.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ == "PRON" and not self.resolver.entities_for(subj, refs):
                continue  # "They attacked …" with no one named before: the actor is unknown
            mod = modality_of(t, self.lex, inp.cue_tokens, None)
            polarity = mod.polarity
            report = self._nearest_attribution(t, found)
            if report is not None and report.cue[-1].lemma_.lower() in self.lex.words("negating_verbs"):
                # "X denied any links with Y": what is denied is negated
                polarity = "negated" if polarity == "affirmed" else "affirmed"
            # a headline's present tense reports what has happened
            tense = "past" if first and mod.tense == "present" else mod.tense
            sense = next((s for s in self.lex.senses(t.lemma_.lower(), t.pos_) if s.event == d.event), None)
            actor, recipient = [e for p in d.actor for e in p.entities], [e for p in d.recipient for e in p.entities]
            modifier = self.finder.modifier_roles(t, refs)
            if modifier is not None:
                # "US-backed militias": the words say who backs whom; the candidate parties
                # hold the whole phrase, not the actor inside it
                actor, recipient = modifier.actor, modifier.recipient
            claims.append(Claim(
                doc_id=doc_id, event=d.event, actor=actor,
                recipient=recipient, trigger=_text_span(sent.doc[t.i:t.i + 1]),
                evidence=_evidence(sent),
                mode=sense.mode if sense else None, context=list(sense.context) if sense else [],
                attribution=self._claim_attribution(t, found, refs), polarity=polarity,  # type: ignore[arg-type]
                certainty=mod.certainty, tense=tense,  # type: ignore[arg-type]
                time=self._time(t, sent, published), location=None, confidence=round(d.score, 3)))
        return claims

    def _merge(self, rules: list[Claim], learned: list[Claim]) -> list[Claim]:
        """The rules' claims of a sentence, and the learned claims that say something they do
        not (another event type, or other actors for it)."""
        out = list(rules)
        if self.combine == "fill":
            if rules or self.news is None:
                return out
            learned = [c for c in learned if c.confidence >= self.news.fill_threshold]
        for c in learned:
            ids = {e.id for e in c.actor}
            if any(r.event == c.event and ids & {e.id for e in r.actor} for r in rules):
                continue
            out.append(c)
        return out

    def _demands(self, found: list[FoundAttribution]) -> list[Candidate]:
        """"X said Y must do Z": a demand by X on Y (the reporting verb is the trigger)."""
        deontic = self.lex.words("deontic_modals")
        out = []
        for fa in found:
            verb = fa.cue[-1]
            if verb.pos_ != "VERB" or fa.source_head is None:
                continue
            content = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if content is None:
                continue
            if any(a.dep_ == "aux" and a.lower_ in deontic for a in content.children) or (
                    content.lemma_ in ("have", "need") and any(x.dep_ == "xcomp" for x in content.children)):
                out.append(Candidate(verb, fa.cue, [TriggerSense("REQUEST", None, ())], "VERB", forced=True,
                                     frame_kind="demand"))
        return out

    def _type(self, c: Candidate, refs: References | None = None) -> None:
        if c.frame_kind == "copula" and any(s.event == "AID" for s in c.senses):
            # "Iran was the main artery for funds … for the group": a provider named by a copula
            # (a construction the training sentences lack) gives material aid
            c.senses = [s for s in c.senses if s.event == "AID"]
            c.forced = True
        if self.classifier is not None and not c.forced:
            event, mode, score = self.classifier.predict(c, self.resolver, refs)
            c.event, c.mode, c.score = event, mode, score
            sense = next((s for s in c.senses if s.event == event), None)
            c.context = sense.context if sense else ()
            if sense and not c.mode:
                c.mode = sense.mode
        else:
            s = c.senses[0]
            c.event, c.mode, c.context = s.event, s.mode, s.context
        material = self.lex.gram("material_verbs")
        if c.frame is not None and c.frame_kind == "light" and c.frame.lemma_.lower() in material \
                and c.event != "AID" and any(s.event == "AID" for s in c.senses):
            # "provided material support": what is handed over is material help
            c.event = "AID"
            c.score = max(c.score, 0.6)
            c.mode = next((s.mode for s in c.senses if s.event == "AID" and s.mode), None)
        if c.event == "AID" and c.pos == "VERB" and not c.mode:
            # "supplied weapons", "provided training": the object names the kind of aid
            for child in c.token.children:
                if child.dep_ in ("dobj", "pobj", "dative"):
                    for s in self.lex.senses(child.lemma_.lower(), "NOUN"):
                        if s.event == "AID" and s.mode:
                            c.mode = s.mode
                            break

    def _refine(self, c: Candidate, roles) -> None:
        """Types that the parties decide (docs/ontology.md): force used by a crowd is a riot
        (PROTEST, mode riot); seizing a town or a base is taking territory by force (ASSAULT);
        people seized by an armed group are abducted (ASSAULT, mode abduct); seizing goods or
        weapons, and arrests by the state, stay COERCE."""
        if c.event == "ASSAULT" and roles.actor:
            crowd = self.lex.gram("crowd_actors")
            subj, _ = self.finder.subject_of(c.frame if c.frame is not None else c.token)
            if subj is not None and subj.lemma_.lower() in crowd:
                c.event, c.mode = "PROTEST", "riot"
        elif c.event == "COERCE" and c.mode in ("seize", "arrest") and c.pos == "VERB":
            obj = next((ch for ch in c.token.children if ch.dep_ == "dobj"), None)
            if obj is not None and (obj.lemma_.lower() in self.lex.gram("territory_nouns")
                                    or obj.ent_type_ in ("GPE", "LOC", "FAC")):
                c.event, c.mode = "ASSAULT", None
            elif roles.actor and all(e.type == "armed_group" for e in roles.actor) and \
                    any(e.type in ("group", "person") for e in roles.recipient):
                # people seized by gunmen or rebels are abducted, not arrested
                c.event, c.mode = "ASSAULT", "abduct"

    def _intent(self, event: str, tense: str, certainty: str, polarity: str) -> tuple[str, str]:
        """PLOVER codes a stated future action as a promise or a threat."""
        if tense != "future" or certainty != "certain":
            return event, polarity
        if event in self.lex.gram("cooperative"):
            return ("REJECT", "affirmed") if polarity == "negated" else ("AGREE", polarity)
        if event in self.lex.gram("conflictual"):
            return "THREATEN", polarity
        return event, polarity

    @staticmethod
    def _nearest_attribution(trigger, found: list[FoundAttribution]) -> FoundAttribution | None:
        """The innermost report whose content holds the trigger (the nearest speaker)."""
        best: FoundAttribution | None = None
        for fa in found:
            if fa.contains(trigger.i) and trigger.i not in {t.i for t in fa.cue}:
                if best is None or (fa.content_end - fa.content_start) < (best.content_end - best.content_start):
                    best = fa
        return best

    def _claim_attribution(self, trigger, found: list[FoundAttribution], refs: References) -> AttributionRef | None:
        best = self._nearest_attribution(trigger, found)
        if best is None or best.source_head is None:
            return None
        # a claim is asserted by someone who can assert: an actor, a person, documents, officials
        head = best.source_head
        lemma = head.lemma_.lower()
        if head.pos_ != "PRON" and lemma not in self.lex.source_nouns and lemma not in self.lex.roles \
                and not self.resolver.entities_for(head, refs):
            return None
        source = self._source_entity(best, refs)
        if source is None:
            return None
        return AttributionRef(source, _text_span(best.cue))

    def _time(self, trigger, sent: Span, published) -> TimeRef | None:
        dates = [e for e in sentence_entities(sent) if e.label_ in ("DATE", "TIME")]
        if not dates:
            return None
        clause = trigger
        while clause.head != clause and clause.pos_ not in ("VERB", "AUX"):
            clause = clause.head
        inside = [e for e in dates if clause.left_edge.i <= e.start and e.end <= clause.right_edge.i + 1]
        pick = min(inside or dates, key=lambda e: abs(e.start - trigger.i))
        period = resolve_time(pick.text, published)
        return TimeRef(pick.text, period[0].isoformat() if period else None,
                       period[1].isoformat() if period else None, pick.start_char, pick.end_char)

    def _location(self, c: Candidate, roles, refs) -> Entity | None:
        taken = {e.id for e in roles.actor} | {e.id for e in roles.recipient}
        for head in (c.token, c.frame):
            if head is None:
                continue
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in LOCATION_PREPS:
                    pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if pobj is not None and pobj.ent_type_ not in ("GPE", "LOC", "FAC"):
                        # "in the town of Cizre"
                        of = next((g for g in pobj.children if g.dep_ == "prep" and g.lower_ == "of"), None)
                        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
                    if pobj is None or pobj.ent_type_ not in ("GPE", "LOC", "FAC"):
                        continue
                    for e in self.resolver.entities_for(pobj, refs):
                        if e.id not in taken:
                            return replace(e, type="location")
        return None


def _shift_claim(c: Claim, off: int) -> Claim:
    if off == 0:
        return c
    c.actor = [e for e in (_shift_entity(a, off) for a in c.actor) if e is not None]
    c.recipient = [e for e in (_shift_entity(a, off) for a in c.recipient) if e is not None]
    c.trigger = _shift_span(c.trigger, off) or c.trigger
    c.evidence = _shift_span(c.evidence, off) or c.evidence
    c.location = _shift_entity(c.location, off)
    if c.time is not None and c.time.offset_start is not None and c.time.offset_end is not None:
        c.time = replace(c.time, offset_start=c.time.offset_start + off, offset_end=c.time.offset_end + off)
    if c.attribution is not None:
        c.attribution = AttributionRef(_shift_entity(c.attribution.source, off) or c.attribution.source,
                                       _shift_span(c.attribution.cue, off) or c.attribution.cue)
    return c


def _overlaps(report: FoundAttribution, sent: Span) -> bool:
    return report.content_start < sent.end and sent.start < report.content_end


def _shift_affiliation(a: Affiliation, off: int) -> Affiliation:
    if off == 0:
        return a
    a.person = _shift_entity(a.person, off) or a.person
    a.organization = _shift_entity(a.organization, off) or a.organization
    a.evidence = _shift_span(a.evidence, off) or a.evidence
    return a


def _evidence(span: Span) -> TextSpan:
    """The evidence span of a claim: the sentence (or two) without surrounding white space.
    (Read from the span, not the block's text: ``Doc.text`` joins every token of the block,
    once per claim.)"""
    raw, start = span.text, span.start_char
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    return TextSpan(body, start + lead, start + lead + len(body))


def _without_datelines(claims: list[Claim], ranges: list[tuple[int, int]]) -> list[Claim]:
    """Dateline words ("MOSCOW (Reuters) -") are never a party: they leave the rule path's
    claims, and a claim left without an actor goes."""
    def outside(e: Entity) -> bool:
        return not any(s <= e.start < t for s, t in ranges)

    out = []
    for c in claims:
        c.actor = [e for e in c.actor if outside(e)]
        c.recipient = [e for e in c.recipient if outside(e)]
        if c.actor:
            out.append(c)
    return out


def _restore_texts(r: Extraction) -> None:
    """Record texts from the document as written (a headline was parsed in sentence case)."""
    text = r.document.text

    def span(x: TextSpan) -> TextSpan:
        return TextSpan(text[x.start:x.end], x.start, x.end)

    def ent(e: Entity) -> Entity:
        return replace(e, text=text[e.start:e.end])

    for c in r.claims:
        c.actor = [ent(e) for e in c.actor]
        c.recipient = [ent(e) for e in c.recipient]
        c.trigger, c.evidence = span(c.trigger), span(c.evidence)
        c.location = ent(c.location) if c.location is not None else None
        if c.attribution is not None:
            c.attribution = AttributionRef(ent(c.attribution.source), span(c.attribution.cue))
    for i, a in enumerate(r.attributions):
        r.attributions[i] = replace(a, source=span(a.source) if a.source is not None else None, cue=span(a.cue),
                                    content=span(a.content),
                                    source_entity=ent(a.source_entity) if a.source_entity is not None else None)
    for f in r.affiliations:
        f.person, f.organization, f.evidence = ent(f.person), ent(f.organization), span(f.evidence)


def _link_people(r: Extraction) -> None:
    """A surname met alone names the person met earlier in full in the same document."""
    full: dict[str, Entity] = {}
    for a in r.affiliations:
        words = a.person.name.split()
        if len(words) > 1:
            full.setdefault(slug(words[-1]), a.person)

    def fix(e: Entity) -> Entity:
        if e.type == "person" and e.id in full and full[e.id].id != e.id:
            p = full[e.id]
            return replace(e, id=p.id, name=p.name)
        return e

    for c in r.claims:
        c.actor = [fix(e) for e in c.actor]
        c.recipient = [fix(e) for e in c.recipient]
        if c.attribution is not None:
            c.attribution = AttributionRef(fix(c.attribution.source), c.attribution.cue)


# ---------------------------------------------------------------------- processes
_WORKER: Extractor | None = None


def _init_worker(model: str | None, actor_files: tuple[str, ...]) -> None:
    global _WORKER
    from claimgraph.workers import bind_to_parent

    bind_to_parent()
    _WORKER = Extractor(model, actor_files)


def _work(docs: list[Document]) -> list[Extraction]:
    assert _WORKER is not None
    return list(_WORKER.extract_documents(docs))


def extract_documents(docs: Iterable[Document], workers: int = 1, model: str | None = None,
                      actor_files: Iterable[str] = (), chunk: int = 16) -> Iterator[Extraction]:
    """Extractions in input order, in ``workers`` processes (each loads the model once)."""
    files = tuple(actor_files)
    if workers <= 1:
        yield from Extractor(model, files).extract_documents(docs)
        return
    ctx = multiprocessing.get_context("fork" if hasattr(multiprocessing, "get_context") else None)

    def chunks() -> Iterator[list[Document]]:
        buf: list[Document] = []
        for d in docs:
            buf.append(d)
            if len(buf) >= chunk:
                yield buf
                buf = []
        if buf:
            yield buf

    with ctx.Pool(workers, initializer=_init_worker, initargs=(model, files)) as pool:
        for batch in pool.imap(_work, chunks()):
            yield from batch


_DEFAULT: dict[Any, Extractor] = {}


def accurate_mode() -> bool:
    return os.environ.get("CLAIMGRAPH_ACCURATE", "").strip().lower() in ("1", "true", "yes")


def combine_mode() -> str:
    return os.environ.get("CLAIMGRAPH_COMBINE", "").strip().lower() or "fill"


def default_extractor(model: str | None = None) -> Extractor:
    key = (model, extra_actor_files(), accurate_mode(), combine_mode())
    if key not in _DEFAULT:
        _DEFAULT[key] = Extractor(model)
    return _DEFAULT[key]
