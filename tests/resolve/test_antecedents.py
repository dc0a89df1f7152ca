"""Who "he" and "she" are: the learned ranker over the persons of earlier sentences
(resolve/antecedents.py), on real articles of the shared corpus, and the gender that names and
honorifics give."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimgraph.resolve.antecedents import MODEL_FILE, first_names, load_antecedent_model, name_gender

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT.parent / "shared" / "corpora" / "polnear-articles" / "text"
needs_shared = pytest.mark.skipif(not ARTICLES.is_dir(), reason="the shared corpora are not there")


def resolved_at(extractor, text: str, sentence: str, word: str, rules: bool = False) -> list[str]:
    """The names ``word`` (its first occurrence in ``sentence``) resolves to, reading the
    document block by block as extraction does (``rules``: without the learned ranker)."""
    from claimgraph.resolve.references import References

    at = text.index(sentence) + re.search(rf"\b{word}\b", sentence).start()  # type: ignore[union-attr]
    history: list = []
    for block, start, _ in extractor.blocks(text):
        doc = extractor.nlp(block)
        refs = References(extractor.resolver, doc, extractor.lex.cue_verbs, history)
        if rules:
            refs.antecedents = None
        tok = next((t for t in doc if start + t.idx == at), None)
        if tok is not None:
            # the reference, then the mention that names its antecedent elsewhere: one actor
            return list(dict.fromkeys(e.name for e in refs.resolve(tok)))
        history += extractor.resolver.find_mentions(doc).mentions
    raise AssertionError(f"{word!r} not found")


@needs_shared
@pytest.mark.parametrize("article, sentence, word, learned, by_rules", [
    # Calderon is "the former Mexican president" in the sentence before; Trump was named last
    # (a surname met alone is linked to the full name when the document is done)
    ("breitbart_2016-02-08_former-mexico-leader-calderon-ca",
     "“The first loser of such a policy would be the United States,” he continued.", "he",
     "Calderon", "Donald Trump’s"),
    # the paragraph before ends with "committed to defeating Donald Trump"; the article is about Sanders
    ("politico_2016-06-14_sanders-scripts-his-primary-seas",
     "He continues to insist that he will fight on to the July Democratic convention", "He",
     "Sanders", "Donald Trump"),
], ids=["a speaker named by description before", "the topic of the paragraph"])
def test_the_ranker_finds_the_person_the_rules_missed(extractor, article, sentence, word, learned, by_rules):
    text = (ARTICLES / f"{article}.txt").read_text(encoding="utf-8")
    assert resolved_at(extractor, text, sentence, word) == [learned]
    assert resolved_at(extractor, text, sentence, word, rules=True) == [by_rules]


@needs_shared
def test_a_dateline_is_never_what_a_pronoun_refers_to(extractor):
    # "MANCHESTER, N.H. (AP) — The Latest ..." opens the article; the towns come much later
    text = (ARTICLES / "breitbart_2016-02-08_the-latest-nh-towns-cast-first-v.txt").read_text(encoding="utf-8")
    assert text.index("MANCHESTER, N.H. (AP)") < text.index("They all qualify")
    for sentence, word in (("They all qualify", "They"), ("It shouldn’t take long.", "It")):
        for rules in (False, True):
            assert "MANCHESTER" not in resolved_at(extractor, text, sentence, word, rules=rules)


@needs_shared
def test_a_pronoun_party_lists_the_mention_that_names_it_even_paragraphs_before(extractor):
    from claimgraph.model import Document

    name = "politico_2016-06-14_sanders-scripts-his-primary-seas"
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    paragraph = [start for _, start, _ in extractor.blocks(text)]

    def block(offset: int) -> int:
        return sum(start <= offset for start in paragraph)

    (result,) = extractor.extract_documents([Document(name, text)])
    pairs = [(c, ref, named) for c in result.claims for party in (c.actor, c.recipient)
             for ref, named in zip(party, party[1:], strict=False)
             if ref.text.lower() in ("he", "his", "him", "she", "they") and named.id == ref.id
             and named.start < c.evidence.start]
    assert len(pairs) >= 5
    for c, ref, named in pairs:
        assert text[ref.start:ref.end] == ref.text and c.evidence.start <= ref.start < c.evidence.end
        assert text[named.start:named.end] == named.text  # where the document names it
    # the paragraph before named him: offsets of another parse, placed in the document
    assert any(block(named.start) < block(ref.start) and "Sanders" in named.text for _, ref, named in pairs)


def test_the_reporting_verbs_subject_still_resolves_a_pronoun_in_its_clause(extractor):
    # the ranker reads earlier sentences only; "X said he ..." is settled in the sentence
    text = "Angela Merkel met Emmanuel Macron in Paris. Macron said he would support new sanctions."
    assert resolved_at(extractor, text, "Macron said he", "he") == ["Emmanuel Macron"]


def test_gender_from_honorifics_and_first_names(extractor):
    doc = extractor.nlp("Ms. Clinton met Mr. Sanders, and Angela Merkel spoke with Bernie Sanders and Hillary Clinton.")
    spans = {e.text: (e.start, e.end) for e in doc.ents if e.label_ == "PERSON"}
    assert name_gender(doc, *spans["Clinton"]) == "f"
    assert name_gender(doc, *spans["Sanders"]) == "m"
    assert name_gender(doc, *spans["Angela Merkel"]) == "f"
    assert name_gender(doc, *spans["Bernie Sanders"]) == "m"
    # the lists disagree on Hillary: no gender rather than a guess
    assert name_gender(doc, *spans["Hillary Clinton"]) is None
    assert len(first_names()) > 10_000


def test_the_shipped_rankers_are_plain_json_and_learned_what_agreement_matters():
    from claimgraph.lexicons import model_weights

    data = model_weights(MODEL_FILE)
    assert data is not None and load_antecedent_model() is not None
    json.dumps(data)
    person, body = data["person"]["weights"], data["body"]["weights"]
    assert person["gender=clash"] < 0 < person["gender=agree"]
    # news calls an armed group "they" far more often than "it"
    assert body["number=plural|type=armed_group"] > 0 > body["number=singular|type=armed_group"]
    for kind in ("person", "body"):
        training = data[kind]["training"]
        assert training["heldout_accuracy"] > training["heldout_accuracy_rules"], kind
