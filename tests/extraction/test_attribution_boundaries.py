"""Where one report ends and another begins, and which words report at all: reports
inside another's content or inside quotation marks are part of it, reports that continue
a clause are their own, and verbs of effort, answering or plans are not reports.  Each
sentence is written for the test; spans are checked against their offsets."""

from __future__ import annotations

from claimgraph.extraction.text import prose_blocks
from claimgraph.model import Attribution
from claimgraph.pipeline import Extractor

from .spans import attributions


def cues(found: list[Attribution]) -> list[str]:
    return [a.cue.text for a in found]


def by_cue(found: list[Attribution], cue: str) -> Attribution:
    matches = [a for a in found if a.cue.text == cue]
    assert matches, f"no attribution with cue {cue!r} in {cues(found)}"
    return matches[0]


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


def test_a_report_inside_quotation_marks_is_no_record(extractor: Extractor) -> None:
    text = "“I think the deal is dead, and everybody knows it,” the senator said."
    found = attributions(extractor, text)
    assert cues(found) == ["said"]
    assert found[0].source is not None and found[0].source.text == "the senator"


def test_a_claim_named_by_a_noun_with_its_own_source_stays(extractor: Extractor) -> None:
    text = "Reporters questioned the senator's claim that the tariffs had created jobs."
    assert "claim" in cues(attributions(extractor, text))


# ---------------------------------------------------------------- speakers and asides


def test_the_speaker_after_the_verb_when_a_quotation_word_is_parsed_as_a_subject(extractor: Extractor) -> None:
    text = "“The treaty is finished. Completely finished,” said Ana Ruiz, a senator from the coast."
    a = by_cue(attributions(extractor, text), "said")
    assert a.source is not None and a.source.text == "Ana Ruiz"
    assert a.content.text.startswith("“The treaty is finished.")


def test_an_aside_with_its_time(extractor: Extractor) -> None:
    text = "The reform, the minister said on Tuesday, will cut waiting times in half."
    a = by_cue(attributions(extractor, text), "said")
    assert a.source is not None and a.source.text == "the minister"
    assert a.content.text.startswith("The reform")
    assert a.content.text.endswith("will cut waiting times in half")


def test_an_as_aside(extractor: Extractor) -> None:
    text = "The river, as one of the engineers pointed out, rarely floods in spring."
    a = by_cue(attributions(extractor, text), "pointed out")
    assert a.source is not None and a.source.text == "one of the engineers"
    assert a.content.text.endswith("rarely floods in spring")


def test_a_dash_before_a_name_with_an_initial(extractor: Extractor) -> None:
    text = "“The new road is a disaster for the valley.” ―\u00a0Maria T. Lopez"
    a = by_cue(attributions(extractor, text), "―")
    assert a.source is not None and a.source.text == "Maria T. Lopez"
    assert a.content.text == "“The new road is a disaster for the valley.”"


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


def test_a_verb_whose_object_is_made_of_words(extractor: Extractor) -> None:
    text = "The city council sent a sharply worded letter to the mining company."
    a = by_cue(attributions(extractor, text), "sent")
    assert a.source is not None and a.source.text == "The city council"
    assert a.content.text.startswith("a sharply worded letter")


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


def test_one_who_takes_a_side(extractor: Extractor) -> None:
    a = by_cue(attributions(extractor, "The mayor is a staunch opponent of the new highway."), "opponent of")
    assert a.source is not None and a.source.text == "The mayor"
    assert a.content.text == "the new highway"


def test_a_reduced_passive_with_its_agent(extractor: Extractor) -> None:
    text = "The bank paid a record penalty imposed by the regulator last year."
    a = by_cue(attributions(extractor, text), "imposed by")
    assert a.source is not None and a.source.text.startswith("the regulator")
    assert a.content.text == "a record penalty"


def test_a_finite_clause_parsed_as_an_adverbial(extractor: Extractor) -> None:
    text = "The minister said after the meeting he would not resign."
    a = by_cue(attributions(extractor, text), "said")
    assert a.source is not None and a.source.text == "The minister"
    assert a.content.text.endswith("he would not resign")


def test_praise_in_words(extractor: Extractor) -> None:
    a = by_cue(attributions(extractor, "The opposition leader hailed the ceasefire agreement."), "hailed")
    assert a.source is not None and a.source.text == "The opposition leader"
    assert a.content.text == "the ceasefire agreement"
