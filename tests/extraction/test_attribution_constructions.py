"""Attribution constructions, one test each: a sentence in, source, cue and content out,
with every span's offsets pointing at its text in the document."""

from __future__ import annotations

from claimgraph.pipeline import Extractor

from .spans import attributions, by_cue


def test_quotation_of_several_sentences_closed_by_said(extractor: Extractor) -> None:
    text = ("“The bridge will open in May. The contractor has finished the deck,” the mayor said. "
            "“Nobody expected it this early.”")
    a = by_cue(attributions(extractor, text), "said")
    assert a.source is not None and a.source.text == "the mayor"
    assert a.content.text.startswith("“The bridge will open in May.")
    assert a.content.text.endswith("Nobody expected it this early.”")


def test_inverted_said_after_quotation(extractor: Extractor) -> None:
    text = "“Our members are tired of waiting,” said Maria Lopez, a union organizer."
    a = by_cue(attributions(extractor, text), "said")
    assert a.source is not None and a.source.text == "Maria Lopez"
    assert "Our members are tired of waiting" in a.content.text


def test_parenthetical_said_in_mid_sentence(extractor: Extractor) -> None:
    text = "The new rules, the commissioner said, would take effect next year."
    a = by_cue(attributions(extractor, text), "said")
    assert a.source is not None and a.source.text == "the commissioner"
    assert a.content.text.startswith("The new rules")
    assert a.content.text.endswith("would take effect next year")


def test_said_colon_before_quotation(extractor: Extractor) -> None:
    text = "The governor said: “We will rebuild every school that the flood destroyed.”"
    a = by_cue(attributions(extractor, text), "said")
    assert a.source is not None and a.source.text == "The governor"
    assert a.content.text == "“We will rebuild every school that the flood destroyed.”"


def test_dash_after_quotation_names_the_speaker(extractor: Extractor) -> None:
    text = "“The lines at the polls were longer than I have ever seen.” ― Dana Whitfield"
    a = by_cue(attributions(extractor, text), "―")
    assert a.source is not None and a.source.text == "Dana Whitfield"
    assert a.content.text == "“The lines at the polls were longer than I have ever seen.”"


def test_headline_colon(extractor: Extractor) -> None:
    text = ("Warren: Banks Should Pay for the Damage They Caused.\n\n"
            "The senator questioned three bank executives on Tuesday.")
    a = by_cue(attributions(extractor, text), ":")
    assert a.source is not None and a.source.text == "Warren"
    assert a.content.text == "Banks Should Pay for the Damage They Caused"


def test_transcript_speaker_turn(extractor: Extractor) -> None:
    text = "HARRIS: Let me be clear. The budget does not cut pensions."
    a = by_cue(attributions(extractor, text), ":")
    assert a.source is not None and a.source.text == "HARRIS"
    assert a.content.text == "Let me be clear. The budget does not cut pensions"


def test_label_colon_is_not_a_speaker(extractor: Extractor) -> None:
    text = "Correction: An earlier version of this story misstated the date of the vote."
    assert all(a.cue.text != ":" for a in attributions(extractor, text))


def test_according_to(extractor: Extractor) -> None:
    text = "The factory will close in June, according to two managers at the plant."
    a = by_cue(attributions(extractor, text), "according to")
    assert a.source is not None and a.source.text == "two managers at the plant"
    assert a.content.text == "The factory will close in June"


def test_poll_as_source_of_a_preposition(extractor: Extractor) -> None:
    text = "In the latest county poll, the incumbent leads her challenger by six points."
    a = by_cue(attributions(extractor, text), "In")
    assert a.source is not None and a.source.text == "the latest county poll"
    assert a.content.text == "the incumbent leads her challenger by six points"


def test_noun_cue_with_possessive_source(extractor: Extractor) -> None:
    text = "Reporters questioned the senator's claim that the tariffs had created jobs."
    a = by_cue(attributions(extractor, text), "claim")
    assert a.source is not None and a.source.text == "the senator's"
    assert a.content.text == "that the tariffs had created jobs"


def test_speech_verb_with_infinitive_content(extractor: Extractor) -> None:
    text = "The city council agreed to repair the damaged seawall before winter."
    a = by_cue(attributions(extractor, text), "agreed")
    assert a.source is not None and a.source.text == "The city council"
    assert a.content.text == "to repair the damaged seawall before winter"


def test_accuse_with_object_content(extractor: Extractor) -> None:
    text = "The opposition accused the minister of hiding the audit from parliament."
    a = by_cue(attributions(extractor, text), "accused")
    assert a.source is not None and a.source.text == "The opposition"
    assert a.content.text == "the minister of hiding the audit from parliament"


def test_gerund_takes_the_governing_subject(extractor: Extractor) -> None:
    text = "The chairman opened the hearing by saying that the agency had ignored the warnings."
    a = by_cue(attributions(extractor, text), "saying")
    assert a.source is not None and a.source.text == "The chairman"
    assert a.content.text == "that the agency had ignored the warnings"


def test_passive_report_has_no_source(extractor: Extractor) -> None:
    text = "It was reported that the ferry had left the harbor without a license."
    a = by_cue(attributions(extractor, text), "was reported")
    assert a.source is None
    assert a.content.text == "that the ferry had left the harbor without a license"


def test_imperative_and_infinitive_are_not_reports(extractor: Extractor) -> None:
    text = "Tell me what the plan costs. The board wants to say more next week."
    cues = {a.cue.text for a in attributions(extractor, text)}
    assert "Tell" not in cues
    assert "to say" not in cues


def test_passive_with_agent_names_the_source_and_ascribes_the_subject(extractor: Extractor) -> None:
    text = "The senator's bill has been endorsed by the largest teachers' union in the state."
    a = by_cue(attributions(extractor, text), "has been endorsed by")
    assert a.source is not None and a.source.text == "the largest teachers' union in the state"
    assert a.content.text == "The senator's bill"


def test_relative_clause_ascribes_the_noun_it_describes(extractor: Extractor) -> None:
    text = "The tax cuts that the senator has promised would cost billions."
    a = by_cue(attributions(extractor, text), "has promised")
    assert a.source is not None and a.source.text == "the senator"
    assert a.content.text == "The tax cuts"


def test_wh_clause_is_the_content(extractor: Extractor) -> None:
    text = "Officials have not said when the border crossing will reopen."
    a = by_cue(attributions(extractor, text), "have not said")
    assert a.source is not None and a.source.text == "Officials"
    assert a.content.text == "when the border crossing will reopen"


def test_what_is_said_can_be_a_noun_phrase(extractor: Extractor) -> None:
    text = "Several governors have said the same thing about the budget."
    a = by_cue(attributions(extractor, text), "have said")
    assert a.content.text == "the same thing about the budget"
    # an audience is not what is said
    assert all(a.content.text != "reporters" for a in attributions(extractor, "She told reporters."))


def test_colon_that_ends_the_sentence_introduces_the_next_quotation(extractor: Extractor) -> None:
    text = 'The pollster continued:  "The numbers are soft. Nobody trusts them."'
    a = by_cue(attributions(extractor, text), "continued")
    assert a.source is not None and a.source.text == "The pollster"
    assert a.content.text == '"The numbers are soft. Nobody trusts them."'


def test_a_present_tense_verb_is_not_taken_for_an_imperative(extractor: Extractor) -> None:
    text = "But in recent days, aides to the governor say, the campaign has lost its footing."
    a = by_cue(attributions(extractor, text), "say")
    assert a.source is not None and a.source.text == "aides to the governor"
    assert "the campaign has lost its footing" in a.content.text
    # an imperative still reports nothing
    assert all(a.cue.text != "Tell" for a in attributions(extractor, "Tell me what happened at the rally."))


def test_a_belief_inside_a_report_is_part_of_its_content(extractor: Extractor) -> None:
    text = "The governor said she thinks the storm will miss the coast."
    found = attributions(extractor, text)
    said = by_cue(found, "said")
    assert said.content.text == "she thinks the storm will miss the coast"
    assert [a.cue.text for a in found] == ["said"]
    # the claim inside still has its nearest speaker
    claims = extractor.extract("Officials said the minister believes Iran attacked the tanker.").claims
    assert claims and claims[0].attribution is not None
    assert claims[0].attribution.source.text == "the minister"


def test_the_subject_of_a_passive_report_is_not_its_source(extractor: Extractor) -> None:
    text = "The mayor was accused of lying about the budget."
    a = by_cue(attributions(extractor, text), "was accused")
    assert a.source is None
    text = "The talks appear to have collapsed over the question of prisoners."
    assert all(a.source is None for a in attributions(extractor, text))


def test_a_writer_in_the_first_person_is_a_source(extractor: Extractor) -> None:
    text = "I think the governor has mishandled the flood response."
    a = by_cue(attributions(extractor, text), "think")
    assert a.source is not None and a.source.text == "I"
    assert a.content.text == "the governor has mishandled the flood response"
    # inside a quotation it is the quoted speaker's own voice
    text = "“I think the governor has mishandled the flood response,” the senator said."
    assert [a.cue.text for a in attributions(extractor, text)] == ["said"]


def test_an_as_aside_reports_the_clause_it_sits_in(extractor: Extractor) -> None:
    text = "The plan failed within a year, as critics had predicted."
    a = by_cue(attributions(extractor, text), "had predicted")
    assert a.source is not None and a.source.text == "critics"
    assert a.content.text == "The plan failed within a year"


def test_audience_and_venue_are_not_what_is_said(extractor: Extractor) -> None:
    for text in ("The governor spoke to reporters after the vote.", "The governor spoke at a rally in Dayton."):
        assert all(a.content.text not in ("reporters after the vote", "a rally in Dayton")
                   for a in attributions(extractor, text)), text
    a = by_cue(attributions(extractor, "The governor spoke about the flood response."), "spoke about")
    assert a.content.text == "the flood response"
