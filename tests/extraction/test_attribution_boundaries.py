"""Where one report ends and another begins, and which words report at all: reports
inside another's content or inside quotation marks are part of it, reports that continue
a clause are their own, and verbs of effort, answering or plans are not reports.  Each
sentence is written for the test; spans are checked against their offsets."""

from __future__ import annotations

import pytest

from claimgraph.extraction.text import prose_blocks
from claimgraph.model import Attribution
from claimgraph.pipeline import Extractor

from .spans import attributions, by_cue


def cues(found: list[Attribution]) -> list[str]:
    return [a.cue.text for a in found]


# ---------------------------------------------------------------- nesting


def test_a_participle_that_continues_a_complaint_is_its_own_report(extractor: Extractor) -> None:
    text = "The minister complained about the new tariffs, even suggesting that the vote had been rigged."
    found = attributions(extractor, text)
    complained = by_cue(found, "complained")
    assert complained.content.text == "about the new tariffs"
    suggesting = by_cue(found, "suggesting")
    assert suggesting.content.text == "that the vote had been rigged"


def test_a_coordinate_report_ends_the_first_ones_content(extractor: Extractor) -> None:
    text = "The governor said he would order a review of the dams and warned against building on the floodplain."
    found = attributions(extractor, text)
    said = by_cue(found, "said")
    assert said.content.text == "he would order a review of the dams"
    assert by_cue(found, "warned").content.text.startswith("against building")


def test_a_report_inside_another_reports_content_is_no_record(extractor: Extractor) -> None:
    text = "Officials said the commission announced that the border would reopen on Monday."
    found = attributions(extractor, text)
    assert cues(found) == ["said"]
    assert found[0].content.text == "the commission announced that the border would reopen on Monday"
    # a claim inside the inner report still takes the inner, nearest speaker
    claims = extractor.extract("Officials said the Pentagon announced that Iran funds Hezbollah.").claims
    assert claims and claims[0].attribution is not None
    assert claims[0].attribution.source.text == "the Pentagon"


def test_a_report_inside_quotation_marks_is_no_record(extractor: Extractor) -> None:
    text = "“I think the deal is dead, and everybody knows it,” the senator said."
    found = attributions(extractor, text)
    assert cues(found) == ["said"]
    assert found[0].source is not None and found[0].source.text == "the senator"


def test_a_claim_named_by_a_noun_with_its_own_source_stays(extractor: Extractor) -> None:
    text = "Reporters questioned the senator's claim that the tariffs had created jobs."
    assert "claim" in cues(attributions(extractor, text))


# ---------------------------------------------------------------- speakers and asides


SPEAKERS = [
    # text, cue, source, content starts with, content ends with
    ("“The treaty is finished. Completely finished,” said Ana Ruiz, a senator from the coast.",
     "said", "Ana Ruiz", "“The treaty is finished.", "Completely finished,”"),
    ("The reform, the minister said on Tuesday, will cut waiting times in half.",
     "said", "the minister", "The reform", "will cut waiting times in half"),
    ("The river, as one of the engineers pointed out, rarely floods in spring.",
     "pointed out", "one of the engineers", "The river", "rarely floods in spring"),
    ("“The new road is a disaster for the valley.” ―\u00a0Maria T. Lopez",
     "―", "Maria T. Lopez", "“The new road", "for the valley.”"),
    ("The mayor is a staunch opponent of the new highway.",
     "opponent of", "The mayor", "the new highway", "the new highway"),
    ("The opposition leader hailed the ceasefire agreement.",
     "hailed", "The opposition leader", "the ceasefire agreement", "the ceasefire agreement"),
    ("The city council sent a sharply worded letter to the mining company.",
     "sent", "The city council", "a sharply worded letter", "letter"),
    ("The minister said after the meeting he would not resign.",
     "said", "The minister", "", "he would not resign"),
    ("Ramirez: The new dam will flood three villages in the valley.",
     ":", "Ramirez", "The new dam", "three villages in the valley"),
]


@pytest.mark.parametrize(("text", "cue", "source", "starts", "ends"), SPEAKERS, ids=[s[1] for s in SPEAKERS])
def test_speaker_cue_and_content(extractor: Extractor, text: str, cue: str, source: str, starts: str,
                                 ends: str) -> None:
    """A quotation's last word parsed as a subject, asides with their time or an "as", a
    dash before a name with an initial, side-taking nouns, praise in words, a verb whose
    object is made of words, a clause the parser hung on the verb as an adverbial."""
    a = by_cue(attributions(extractor, text), cue)
    assert a.source is not None and a.source.text == source
    assert a.content.text.startswith(starts) and a.content.text.endswith(ends)


def test_a_line_ending_in_a_colon_introduces_the_next_paragraph() -> None:
    text = "The governor added:\n\nThe bridge will reopen in May, and the tolls will be cut by half.\n"
    blocks = prose_blocks(text)
    assert len(blocks) == 1
    assert text[blocks[0].start:blocks[0].end].startswith("The governor added:")


def test_what_an_added_line_introduces_is_its_content(extractor: Extractor) -> None:
    text = "The governor added:\n\nThe bridge will reopen in May, and the tolls will be cut by half.\n"
    a = by_cue(attributions(extractor, text), "added")
    assert a.content.text.startswith("The bridge will reopen in May")


# ---------------------------------------------------------------- what reports, and what does not


def test_a_label_before_a_colon_is_no_speaker(extractor: Extractor) -> None:
    assert attributions(extractor, "Analysis: The economy is slowing down fast.") == []


def test_receiving_a_letter_reports_nothing(extractor: Extractor) -> None:
    assert attributions(extractor, "The mining company received a letter from the council.") == []


def test_an_adjective_that_grades_a_clause(extractor: Extractor) -> None:
    found = attributions(extractor, "It was unclear whether the talks would resume before the winter.")
    a = by_cue(found, "unclear")
    assert a.source is None
    assert a.content.text == "whether the talks would resume before the winter"
    sure = by_cue(attributions(extractor, "The minister was sure the vote would pass."), "sure")
    assert sure.source is not None and sure.source.text == "The minister"


def test_verbs_of_effort_and_plans_are_not_reports(extractor: Extractor) -> None:
    assert attributions(extractor, "The rebels tried to reach the capital before dawn.") == []
    assert attributions(extractor, "The convoy was supposed to arrive at noon.") == []


def test_what_was_not_answered_is_not_content(extractor: Extractor) -> None:
    assert attributions(extractor, "The ministry did not respond to requests for comment.") == []


def test_a_reduced_passive_with_its_agent(extractor: Extractor) -> None:
    text = "The bank paid a record penalty imposed by the regulator last year."
    a = by_cue(attributions(extractor, text), "imposed by")
    assert a.source is not None and a.source.text.startswith("the regulator")
    assert a.content.text == "a record penalty"


