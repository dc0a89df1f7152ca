"""Polarity, certainty and tense: first ``modality_of`` on the trigger of a parsed sentence,
then the same words seen through whole claims."""

from __future__ import annotations

import pytest

from claimgraph.extraction.modality import modality_of
from claimgraph.lexicons import load_lexicons


def modality(extractor, text: str, trigger: str, stop_word: str | None = None):
    """The modality of the first token ``trigger`` in ``text``; ``stop_word``: a reporting
    verb treated as an attribution cue, as the pipeline does."""
    doc = extractor.nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    stop = {t.i for t in doc if t.text == stop_word} if stop_word else set()
    return modality_of(tok, load_lexicons(), stop)


def only(claims, event: str):
    found = [c for c in claims if c.event == event]
    assert len(found) == 1, f"one {event} claim expected, got {[c.event for c in claims]}"
    return found[0]


# ---------------------------------------------------------------------- modality_of
@pytest.mark.parametrize("text, trigger", [
    ("Al-Shabaab has never attacked Ethiopia.", "attacked"),
    ("Israel did not attack Iran.", "attack"),
    ("Pakistan has not trained the militants.", "trained"),
])
def test_negation_of_the_trigger(extractor, text, trigger):
    m = modality(extractor, text, trigger)
    assert m.polarity == "negated"
    assert m.certainty == "certain"
    assert m.tense == "past"


def test_double_negation_affirms(extractor):
    m = modality(extractor, "Iran has never failed to support Hezbollah.", "support")
    assert m.polarity == "affirmed"


@pytest.mark.parametrize("text, trigger, certainty", [
    ("Iran is likely to send weapons to the Houthis.", "send", "probable"),
    ("Pakistan most likely trained the militants.", "trained", "probable"),
    ("Iran is believed to have supplied missiles to the Houthis.", "supplied", "probable"),
    ("Russia may invade Ukraine.", "invade", "possible"),
    ("Russia could invade Ukraine.", "invade", "possible"),
    ("Russia invaded Ukraine.", "invaded", "certain"),
])
def test_hedges_weaken_certainty(extractor, text, trigger, certainty):
    assert modality(extractor, text, trigger).certainty == certainty


def test_a_hedge_in_another_clause_frames_nothing(extractor):
    m = modality(extractor, "Iran attacked the tanker, and analysts say Russia may respond.", "attacked")
    assert (m.certainty, m.tense, m.polarity) == ("certain", "past", "affirmed")


@pytest.mark.parametrize("text, trigger, tense", [
    ("China will impose sanctions on Russia.", "impose", "future"),
    ("Turkey is going to send troops to Libya.", "send", "future"),
    ("Turkey plans to send troops to Libya.", "send", "future"),
    ("Iran attacks Saudi oil tankers.", "attacks", "present"),
    ("Iran is attacking Saudi oil tankers.", "attacking", "present"),
    ("Iran attacked Saudi oil tankers.", "attacked", "past"),
    ("Iran has attacked Saudi oil tankers.", "attacked", "past"),
    ("If Turkey attacks Syria, Russia will respond.", "attacks", "hypothetical"),
    ("Iran would have attacked the tanker.", "attacked", "hypothetical"),
])
def test_tense(extractor, text, trigger, tense):
    assert modality(extractor, text, trigger).tense == tense


def test_the_walk_stops_at_the_attribution_cue(extractor):
    # the hedge governs the reporting verb, not what is reported
    text = "Officials may have said that Iran attacked the tanker."
    assert modality(extractor, text, "attacked", stop_word="said").certainty == "certain"


# ---------------------------------------------------------------------- through claims
def test_has_never_attacked_is_a_negated_assault(extractor):
    claims = extractor.extract("Al-Shabaab has never attacked Ethiopia.").claims
    c = only(claims, "ASSAULT")
    assert c.polarity == "negated"
    assert [a.id for a in c.actor] == ["al-shabaab"]
    assert [r.id for r in c.recipient] == ["ethiopia"]


@pytest.mark.xfail(strict=True, reason="the event classifier types the bare verb 'attack' after 'did not' as "
                   "ACCUSE (verbal attack) instead of ASSAULT")
def test_did_not_attack_is_a_negated_assault(extractor):
    claims = extractor.extract("Israel did not attack Iran.").claims
    c = only(claims, "ASSAULT")
    assert c.polarity == "negated"
    assert [a.id for a in c.actor] == ["israel"]


def test_is_likely_to_is_probable(extractor):
    claims = extractor.extract("Iran is likely to send weapons to the Houthis.").claims
    c = only(claims, "AID")
    assert c.mode == "arms"
    assert c.certainty == "probable"
    assert [a.id for a in c.actor] == ["iran"]
    assert [r.id for r in c.recipient] == ["houthis"]


def test_may_is_possible(extractor):
    claims = extractor.extract("Russia may impose sanctions on Georgia.").claims
    c = only(claims, "SANCTION")
    assert c.certainty == "possible"
    assert [a.id for a in c.actor] == ["russia"]
    assert [r.id for r in c.recipient] == ["georgia"]


def test_is_believed_to_is_probable_and_keeps_its_roles(extractor):
    claims = extractor.extract("Iran is believed to have supplied missiles to the Houthis.").claims
    c = only(claims, "AID")
    assert c.certainty == "probable"
    assert [a.id for a in c.actor] == ["iran"]
    assert [r.id for r in c.recipient] == ["houthis"]


def test_will_is_future(extractor):
    claims = extractor.extract("Turkey will send troops to Libya.").claims
    assert len(claims) == 1, [c.event for c in claims]
    assert claims[0].tense == "future"
    assert [a.id for a in claims[0].actor] == ["turkey"]
