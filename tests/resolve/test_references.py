"""Pronouns and definite descriptions resolved to earlier actors: the reference keeps its
own words where the antecedent is in another sentence, and takes the antecedent's actor."""

from __future__ import annotations


def only(claims, event: str):
    found = [c for c in claims if c.event == event]
    assert len(found) == 1, f"one {event} claim expected, got {[c.event for c in claims]}"
    return found[0]


def test_it_after_a_reporting_verb_is_the_speaker(extractor):
    text = "Japan said it had imposed sanctions on North Korea."
    c = only(extractor.extract(text).claims, "SANCTION")
    assert [a.id for a in c.actor] == ["japan"]
    assert [r.id for r in c.recipient] == ["north-korea"]
    assert c.attribution is not None and c.attribution.source.id == "japan"


def test_they_in_the_next_sentence_keeps_its_own_text(extractor):
    text = "The Houthis seized a ship in the Red Sea. They fired missiles at Riyadh on Sunday."
    c = only(extractor.extract(text).claims, "ASSAULT")
    actor, named = c.actor
    assert actor.id == named.id == "houthis"
    assert (actor.text, actor.start, actor.end) == ("They", text.index("They"), text.index("They") + 4)
    # then the mention that names them, where the text names them
    assert named.text == text[named.start:named.end] == "Houthis" and named.start < actor.start
    assert [r.id for r in c.recipient] == ["saudi-arabia"]


def test_he_is_the_person_named_before(extractor):
    text = "Vladimir Putin arrived in Ankara on Monday. He praised Turkey."
    c = only(extractor.extract(text).claims, "SUPPORT")
    assert [(a.id, a.text) for a in c.actor] == [("vladimir-putin", "He"), ("vladimir-putin", "Vladimir Putin")]
    assert [r.id for r in c.recipient] == ["turkey"]


def test_he_opening_a_sentence_continues_its_subject_not_the_nearest_person(extractor):
    text = "Donald Trump praised Vladimir Putin on Tuesday. He also called for a ban on Muslims entering the country."
    c = only(extractor.extract(text).claims, "REQUEST")
    assert [(a.name, a.text) for a in c.actor] == [("Donald Trump", "He"), ("Donald Trump", "Donald Trump")]


def test_she_takes_up_the_subject_before_even_when_ner_typed_it_an_organization(extractor):
    # the small model's NER reads "Carly Fiorina" as an organization; "she" says it is a person
    text = "Carly Fiorina spoke in Iowa on Monday. She accused Hillary Clinton of lying about Benghazi."
    c = only(extractor.extract(text).claims, "ACCUSE")
    assert [(a.name, a.text, a.type) for a in c.actor] == [("Carly Fiorina", "She", "person"),
                                                            ("Carly Fiorina", "Carly Fiorina", "person")]
    assert [r.name for r in c.recipient] == ["Hillary Clinton"]


def test_a_definite_group_noun_is_the_armed_group_named_before(extractor):
    text = "Al-Shabaab is based in Somalia. The militants attacked Kenyan troops on Friday."
    c = only(extractor.extract(text).claims, "ASSAULT")
    assert [(a.id, a.text) for a in c.actor] == [("al-shabaab", "militants")]


def test_the_group_is_the_armed_group_named_before(extractor):
    text = "Al-Shabaab is based in Somalia. The group attacked Kenyan troops on Friday."
    c = only(extractor.extract(text).claims, "ASSAULT")
    assert [a.id for a in c.actor] == ["al-shabaab"]


def test_it_continues_the_subject_of_the_previous_sentence(extractor):
    text = "Al-Shabaab is based in Somalia. It attacked Kenyan troops on Friday."
    c = only(extractor.extract(text).claims, "ASSAULT")
    assert [(a.id, a.text) for a in c.actor] == [("al-shabaab", "It"), ("al-shabaab", "Al-Shabaab")]


def test_an_unresolvable_pronoun_gives_no_actor(extractor):
    # nothing before "They" names an actor: no claim rather than a guess
    assert extractor.extract("They attacked Kenyan troops on Friday.").claims == []


def _resolved(extractor, text: str, word: str, nth: int = 0) -> list:
    from claimgraph.resolve.references import References

    doc = extractor.nlp(text)
    refs = References(extractor.resolver, doc, extractor.lex.cue_verbs)
    tok = [t for t in doc if t.text == word][nth]
    return refs.resolve(tok)


def test_we_in_a_quotation_is_its_speaker(extractor):
    text = "“We will never accept these sanctions,” the Iranian foreign ministry said on Monday."
    (e,) = _resolved(extractor, text, "We")
    assert e.id == "iranian-foreign-ministry" and e.country == "IRN"
    assert text[e.start:e.end] == e.text


def test_i_in_a_quotation_of_its_own_is_the_speaker_of_the_sentence_before(extractor):
    text = ("Turkish President Recep Tayyip Erdogan told reporters on Friday that the talks had failed. "
            "“I will not meet them again.”")
    e, speaker = _resolved(extractor, text, "I")
    assert "Erdogan" in e.name and speaker.id == e.id
    assert e.text == "I" and text[e.start:e.end] == "I"  # it keeps its own words in its own sentence
    assert "Erdogan" in speaker.text and text[speaker.start:speaker.end] == speaker.text  # then its name


def test_a_first_person_pronoun_outside_a_quotation_names_no_one(extractor):
    assert _resolved(extractor, "Officials said we should expect more attacks in Iraq.", "we") == []
