"""Events from sentences: who did what to whom, one construction at a time.

Each test feeds a news sentence to the extractor and checks the claim field by field:
the PLOVER type (docs/ontology.md), the actors and recipients it resolves to, and the
parts of the claim that the construction decides."""

from __future__ import annotations

import pytest

from claimgraph.model import EVENT_TYPES


def describe(claims) -> str:
    return "; ".join(f"{c.event}({','.join(a.id for a in c.actor)} -> {','.join(r.id for r in c.recipient)})"
                     for c in claims) or "no claims"


def only(claims, event: str):
    """The one claim of type ``event`` (the test fails if there is none or more than one)."""
    found = [c for c in claims if c.event == event]
    assert len(found) == 1, f"one {event} claim expected, got: {describe(claims)}"
    return found[0]


def ids(entities) -> list[str]:
    return [e.id for e in entities]


def parties(extractor, text: str, event: str) -> tuple[list[str], list[str]]:
    """Actor and recipient ids of the one ``event`` claim of ``text``."""
    c = only(extractor.extract(text).claims, event)
    return ids(c.actor), ids(c.recipient)


# ---------------------------------------------------------------------- the public API
def test_extract_from_python():
    import claimgraph

    text = "Tehran has never attacked Riyadh, officials said."
    claims = claimgraph.extract(text, published="2019-05-12")
    c = only(claims, "ASSAULT")
    assert isinstance(c, claimgraph.Claim)
    assert (c.polarity, c.certainty) == ("negated", "certain")
    assert [(a.id, a.text) for a in c.actor] == [("iran", "Tehran")]
    assert [(r.id, r.text) for r in c.recipient] == [("saudi-arabia", "Riyadh")]
    assert c.attribution is not None
    assert (c.attribution.source.text, c.attribution.cue.text) == ("officials", "said")
    assert (c.evidence.text, c.evidence.start) == (text, 0)

    extraction = claimgraph.extract_document(claimgraph.Document("doc-1", text))
    assert [a.cue.text for a in extraction.attributions] == ["said"]
    assert {r["doc_id"] for r in extraction.records("all")} == {"doc-1"}


# ---------------------------------------------------------------------- active and passive
def test_active_voice_subject_is_actor_object_is_recipient(extractor):
    text = "Syrian government forces shelled the rebel-held town of Douma on Sunday."
    claims = extractor.extract(text, published="2018-04-10").claims
    c = only(claims, "ASSAULT")
    assert len(claims) == 1, describe(claims)
    assert c.trigger.text == "shelled"
    assert c.mode == "heavy-weapons"
    (actor,) = c.actor
    assert actor.text == "Syrian government forces"
    assert (actor.country, actor.sector) == ("SYR", "MIL")
    assert [r.text for r in c.recipient] == ["Douma"]
    assert (c.polarity, c.certainty, c.tense) == ("affirmed", "certain", "past")
    assert c.attribution is None
    assert c.time is not None and (c.time.text, c.time.start) == ("Sunday", "2018-04-08")


def test_passive_with_agent_makes_the_agent_the_actor(extractor):
    claims = extractor.extract("Kenyan soldiers were attacked by al-Shabaab militants near the Somali border.").claims
    c = only(claims, "ASSAULT")
    (actor,) = c.actor
    assert (actor.id, actor.text) == ("al-shabaab", "al-Shabaab militants")
    (recipient,) = c.recipient
    assert recipient.text == "Kenyan soldiers"
    assert (recipient.country, recipient.sector) == ("KEN", "MIL")


def test_passive_of_a_light_verb_with_agent(extractor):
    claims = extractor.extract("Sanctions were imposed on Hizbollah by the United States.").claims
    c = only(claims, "SANCTION")
    assert ids(c.actor) == ["united-states"]
    assert ids(c.recipient) == ["hezbollah"]
    assert c.recipient[0].text == "Hizbollah"


def test_agentless_passive_designation_names_the_designating_state(extractor):
    text = "Last month, the Quds Force was sanctioned as a US terrorist organization."
    claims = extractor.extract(text, published="2019-05-12").claims
    c = only(claims, "SANCTION")
    assert len(claims) == 1, describe(claims)
    (actor,) = c.actor
    assert (actor.id, actor.text, actor.type, actor.sector) == ("united-states", "US", "state", "GOV")
    assert ids(c.recipient) == ["quds-force"]
    assert c.trigger.text == "sanctioned"


# ---------------------------------------------------------------------- light verbs
def test_light_verb_provided_funds_to_is_economic_aid(extractor):
    claims = extractor.extract("Qatar provided funds to Hamas.").claims
    assert len(claims) == 1, describe(claims)
    c = only(claims, "AID")
    assert c.mode == "economic"
    assert c.trigger.text == "funds"
    assert ids(c.actor) == ["qatar"]
    assert ids(c.recipient) == ["hamas"]


@pytest.mark.xfail(strict=True, reason="'fighter', the modifier of 'fighter jets', is a trigger of its own (AID "
                   "personnel, framed by 'sent' through its head) and, coming first, wins the de-duplication over "
                   "'fighter jets' (AID arms)")
def test_light_verb_sent_fighter_jets_is_arms(extractor):
    claims = extractor.extract("Russia sent fighter jets to Venezuela.").claims
    c = only(claims, "AID")
    assert (c.mode, c.trigger.text) == ("arms", "fighter jets")
    assert ids(c.actor) == ["russia"]
    assert ids(c.recipient) == ["venezuela"]


def test_light_verb_imposed_sanctions_on(extractor):
    claims = extractor.extract("The European Union imposed sanctions on Russia.").claims
    assert len(claims) == 1, describe(claims)
    c = only(claims, "SANCTION")
    assert c.trigger.text == "sanctions"
    assert ids(c.actor) == ["eu"]
    assert ids(c.recipient) == ["russia"]


def test_light_verb_launched_an_air_strike_on(extractor):
    claims = extractor.extract("Israel launched an air strike on Hamas positions in Gaza.").claims
    c = only(claims, "ASSAULT")
    assert c.mode == "aerial"
    assert ids(c.actor) == ["israel"]
    assert ids(c.recipient) == ["hamas"]


@pytest.mark.parametrize("text, trigger", [
    ("The FBI reopened its investigation into the senator.", "investigation"),
    ("Prosecutors relaunched their inquiry into the senator.", "inquiry"),
])
def test_reopening_an_investigation_is_the_investigation(extractor, text, trigger):
    c = only(extractor.extract(text).claims, "ACCUSE")
    assert (c.trigger.text, c.mode) == (trigger, "investigate")
    assert [e.text for e in c.recipient] == ["senator"]


def test_reopening_a_place_is_still_an_event_of_its_own(extractor):
    c = only(extractor.extract("Israel reopened the Kerem Shalom crossing into Gaza.").claims, "RETREAT")
    assert c.trigger.text == "reopened"


@pytest.mark.parametrize("text, trigger, recipients", [
    # a corpus sentence (a PolNeAR article outside the dev set)
    ("Trump also offered his congratulations to rivals Marco Rubio and Ted Cruz, who are in a tight race "
     "for second place, drawing boos from the crowd.", "congratulations", ["marco-rubio", "ted-cruz"]),
    ("Merkel offered praise for Macron's reforms.", "praise", ["macron"]),
    # words of praise: a corpus sentence, coded SUPPORT by the guide's coders
    ("Trump even offered some kind words about Mr. Bush, whom he attacked viciously during the campaign.",
     "kind words", ["bush"]),
    ("Obama offered warm words about Merkel during the visit.", "warm words", ["merkel"]),
])
def test_offering_praise_is_giving_it(extractor, text, trigger, recipients):
    claims = extractor.extract(text).claims
    assert "AGREE" not in [c.event for c in claims], describe(claims)
    c = only(claims, "SUPPORT")
    assert c.trigger.text == trigger
    assert ids(c.recipient) == recipients


def test_offering_help_is_still_a_promise(extractor):
    c = only(extractor.extract("Japan offered help to the Philippines after the typhoon.").claims, "AGREE")
    assert c.trigger.text == "offered"


# ---------------------------------------------------------------------- control and embedding
def test_agreed_to_is_one_agree_claim_that_takes_the_recipient_of_its_content(extractor):
    claims = extractor.extract("Egypt agreed to supply natural gas to Jordan.").claims
    assert [c.event for c in claims] == ["AGREE"], describe(claims)
    c = claims[0]
    assert ids(c.actor) == ["egypt"]
    assert ids(c.recipient) == ["jordan"]
    assert c.trigger.text == "agreed"


@pytest.mark.xfail(strict=True, reason="the AGREE takes the actor's own 'its troops' as recipient; the embedded "
                   "withdrawal's 'from Syria' is not lent to it (RETREAT's 'from' is not among AGREE's prepositions)")
def test_agreed_to_withdraw_from_a_country_names_that_country(extractor):
    claims = extractor.extract("Turkey agreed to withdraw its troops from Syria.").claims
    assert [c.event for c in claims] == ["AGREE"], describe(claims)
    assert ids(claims[0].actor) == ["turkey"]
    assert ids(claims[0].recipient) == ["syria"]


def test_threatened_to_shell_is_a_threat_not_an_assault(extractor):
    claims = extractor.extract("North Korea threatened to shell South Korea.").claims
    assert [c.event for c in claims] == ["THREATEN"], describe(claims)
    c = claims[0]
    assert c.trigger.text == "threatened"
    assert ids(c.actor) == ["north-korea"]
    assert ids(c.recipient) == ["south-korea"]


def test_object_control_allowed_fighters_to_pass_is_safe_haven(extractor):
    claims = extractor.extract("Syria allowed Hezbollah fighters to cross its territory.").claims
    c = only(claims, "AID")
    assert c.mode == "safe_haven"
    assert ids(c.actor) == ["syria"]
    assert ids(c.recipient) == ["hezbollah"]
    assert c.recipient[0].text == "Hezbollah fighters"


# ---------------------------------------------------------------------- coordination, relative clauses
def test_coordinated_actors_make_one_claim_with_two_actors(extractor):
    claims = extractor.extract("Iran and Syria condemned the Israeli air strikes.").claims
    c = only(claims, "ACCUSE")
    assert len(claims) == 1, describe(claims)
    assert ids(c.actor) == ["iran", "syria"]
    assert [a.text for a in c.actor] == ["Iran", "Syria"]
    assert ids(c.recipient) == ["israel"]


def test_coordinated_verb_phrases_share_their_subject(extractor):
    claims = extractor.extract("Saudi Arabia condemned Qatar and cut ties with Doha.").claims
    accuse, sanction = only(claims, "ACCUSE"), only(claims, "SANCTION")
    assert ids(accuse.actor) == ids(sanction.actor) == ["saudi-arabia"]
    assert ids(accuse.recipient) == ["qatar"]
    assert [(r.id, r.text) for r in sanction.recipient] == [("qatar", "Doha")]
    assert sanction.mode == "discontinue"


def test_relative_pronoun_takes_its_antecedent_as_actor(extractor):
    text = "Al-Shabaab, which attacked Kenyan troops in January, is based in Somalia."
    claims = extractor.extract(text).claims
    c = only(claims, "ASSAULT")
    assert c.trigger.text == "attacked"
    assert ids(c.actor) == ["al-shabaab"]
    (recipient,) = c.recipient
    assert (recipient.country, recipient.sector) == ("KEN", "MIL")


# ---------------------------------------------------------------------- cessation and intent
def test_halting_aid_is_a_sanction_not_aid(extractor):
    claims = extractor.extract("The United States halted aid to Pakistan in January.").claims
    assert [c.event for c in claims] == ["SANCTION"], describe(claims)
    c = claims[0]
    assert c.mode == "discontinue"
    assert c.trigger.text == "halted"
    assert ids(c.actor) == ["united-states"]
    assert ids(c.recipient) == ["pakistan"]


def test_suspending_arms_sales_is_a_sanction(extractor):
    claims = extractor.extract("Germany suspended arms sales to Saudi Arabia.").claims
    c = only(claims, "SANCTION")
    assert ids(c.actor) == ["germany"]
    assert ids(c.recipient) == ["saudi-arabia"]


def test_lifting_a_blockade_is_a_retreat(extractor):
    claims = extractor.extract("Israel lifted the blockade on Gaza.").claims
    assert [c.event for c in claims] == ["RETREAT"], describe(claims)
    assert ids(claims[0].actor) == ["israel"]
    assert [r.text for r in claims[0].recipient] == ["Gaza"]


def test_stated_future_release_is_a_promise(extractor):
    # PLOVER codes "X said it will <cooperative action>" as AGREE
    text = "Iran said it will release the British tanker."
    claims = extractor.extract(text).claims
    assert [c.event for c in claims] == ["AGREE"], describe(claims)
    c = claims[0]
    assert c.trigger.text == "release"
    assert ids(c.actor) == ["iran"]
    assert [r.country for r in c.recipient] == ["GBR"]
    assert c.tense == "future"
    assert c.attribution is not None
    assert c.attribution.source.id == "iran"
    assert c.attribution.cue.text == "said"


def test_stated_future_refusal_is_a_rejection(extractor):
    claims = extractor.extract("Iran said it will not release the British tanker.").claims
    c = only(claims, "REJECT")
    assert ids(c.actor) == ["iran"]
    assert c.polarity == "affirmed"
    assert not [x for x in claims if x.event in ("AGREE", "RETREAT")], describe(claims)


def test_stated_future_force_is_a_threat(extractor):
    claims = extractor.extract("Russia said it would expel British diplomats.").claims
    c = only(claims, "THREATEN")
    assert ids(c.actor) == ["russia"]
    assert [r.country for r in c.recipient] == ["GBR"]


def test_will_with_a_coercive_action_is_a_future_threat(extractor):
    claims = extractor.extract("China will impose sanctions on American defense companies.").claims
    c = only(claims, "THREATEN")
    assert (c.tense, c.certainty, c.polarity) == ("future", "certain", "affirmed")
    assert ids(c.actor) == ["china"]
    assert [r.country for r in c.recipient] == ["USA"]


# ---------------------------------------------------------------------- typing
def test_expelling_diplomats_is_a_sanction(extractor):
    # PLOVER: expulsions of diplomats reduce relations (SANCTION, mode expel); COERCE/deport
    # is for deporting people
    claims = extractor.extract("Moscow expelled two British diplomats.").claims
    assert [c.event for c in claims] == ["SANCTION"], describe(claims)
    assert claims[0].mode == "expel"
    assert ids(claims[0].actor) == ["russia"]


def test_sentences_without_political_events_yield_no_claims(extractor):
    for text in ("The weather in Nairobi was pleasant on Sunday.", "Oil prices hit a record high on Monday."):
        claims = extractor.extract(text).claims
        assert claims == [], f"{text!r}: {describe(claims)}"


@pytest.mark.xfail(strict=True, reason="the classifier keeps the ASSAULT reading of 'attacked the goal' and "
                   "'striker' resolves as a group noun (LAB), so sports prose yields an ASSAULT claim")
def test_sports_attacks_are_no_assault(extractor):
    claims = extractor.extract("The striker attacked the goal in the second half.").claims
    assert claims == [], describe(claims)


def test_every_claim_uses_the_ontology_vocabularies(extractor):
    text = ("Qatar provided funds to Hamas. North Korea threatened to shell South Korea. "
            "Syria allowed Hezbollah fighters to cross its territory. Israel lifted the blockade on Gaza.")
    claims = extractor.extract(text).claims
    assert len(claims) >= 4, describe(claims)
    for c in claims:
        assert c.event in EVENT_TYPES
        assert c.polarity in ("affirmed", "negated")
        assert c.certainty in ("certain", "probable", "possible")
        assert c.tense in ("past", "present", "future", "hypothetical")
        for e in c.actor + c.recipient:
            assert e.type in ("state", "organization", "armed_group", "person", "group", "location")


# ---------------------------------------------------------------------- roles around the event
def parsed(extractor, words, heads, deps, pos, tags=None):
    """A sentence with the parse the small model gives it in longer, noisier text (built by
    hand, so that the test holds whatever the parser does with this exact sentence)."""
    from spacy.tokens import Doc

    return Doc(extractor.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags)


def test_subject_hung_on_an_opening_phrase_is_still_the_actor(extractor):
    # "With the signing of a memorandum, the government and the rebels have agreed to …"
    # where the parser made "government" a conjunct of "memorandum"
    words = ["With", "the", "signing", "of", "a", "memorandum", ",", "the", "government", "and", "the",
             "rebels", "have", "agreed", "to", "talks", "."]
    heads = [13, 2, 0, 2, 5, 3, 5, 8, 5, 8, 11, 8, 13, 13, 13, 14, 13]
    deps = ["prep", "det", "pobj", "prep", "det", "pobj", "punct", "det", "conj", "cc", "det", "conj", "aux",
            "ROOT", "prep", "pobj", "punct"]
    pos = ["ADP", "DET", "NOUN", "ADP", "DET", "NOUN", "PUNCT", "DET", "NOUN", "CCONJ", "DET", "NOUN", "AUX",
           "VERB", "ADP", "NOUN", "PUNCT"]
    tags = ["IN", "DT", "NN", "IN", "DT", "NN", ",", "DT", "NN", "CC", "DT", "NNS", "VBP", "VBN", "IN", "NNS", "."]
    doc = parsed(extractor, words, heads, deps, pos, tags)
    subj, passive = extractor.finder.subject_of(doc[13])
    assert (subj.text, passive) == ("government", False)
    # a verb whose subject is missing for another reason gets none
    doc = parsed(extractor, ["Agreed", "to", "talks", "."], [0, 0, 1, 0], ["ROOT", "prep", "pobj", "punct"],
                 ["VERB", "ADP", "NOUN", "PUNCT"], ["VBN", "IN", "NNS", "."])
    assert extractor.finder.subject_of(doc[0]) == (None, False)


def test_stance_participle_makes_its_subject_the_actor(extractor):
    # "Turkey is opposed to Swedish membership", parsed as a passive with no agent
    words = ["Turkey", "is", "opposed", "to", "Swedish", "membership", "."]
    doc = parsed(extractor, words, [2, 2, 2, 2, 5, 3, 2], ["nsubjpass", "auxpass", "ROOT", "prep", "amod", "pobj",
                                                          "punct"],
                 ["PROPN", "AUX", "VERB", "ADP", "ADJ", "NOUN", "PUNCT"], ["NNP", "VBZ", "VBN", "IN", "JJ", "NN", "."])
    subj, passive = extractor.finder.subject_of(doc[2])
    assert (subj.text, passive) == ("Turkey", False)
    # a true passive keeps its patient: "Israel is attacked"
    doc = parsed(extractor, ["Israel", "is", "attacked", "."], [2, 2, 2, 2], ["nsubjpass", "auxpass", "ROOT", "punct"],
                 ["PROPN", "AUX", "VERB", "PUNCT"], ["NNP", "VBZ", "VBN", "."])
    assert extractor.finder.subject_of(doc[2]) == (None, True)


def test_the_speaker_of_a_report_is_not_a_party_to_the_event(extractor):
    text = ("Gunmen killed five people as well as themselves when they stormed a hotel in Mogadishu, police "
            "said.")
    c = only(extractor.extract(text).claims, "ASSAULT")
    assert [r.text for r in c.recipient] == ["five people"]
    assert c.attribution is not None and c.attribution.source.text == "police"


def test_a_circumstance_phrase_gives_no_recipient(extractor):
    text = ("Despite appeals by the Red Cross, the Ethiopian government refused to lift the blockade on "
            "Tigray.")
    c = only(extractor.extract(text).claims, "REJECT")
    assert ids(c.actor) == ["ethiopia"]
    assert "icrc" not in ids(c.recipient)


def test_a_complaint_is_about_its_topic_not_its_audience(extractor):
    text = "Lebanon complained to the Security Council over Israeli drone flights above Beirut."
    assert parties(extractor, text, "ACCUSE") == (["lebanon"], ["israel"])


def test_an_act_done_to_protest_is_a_protest(extractor):
    text = "Shopkeepers in Srinagar closed their shops on Friday to protest the killing of a student."
    claims = extractor.extract(text).claims
    c = only(claims, "PROTEST")
    assert [a.text for a in c.actor] == ["Shopkeepers"]
    assert [cl.event for cl in claims] == ["PROTEST"]


def test_a_renewed_demand_asks_the_subject_of_its_clause(extractor):
    text = ("The International Atomic Energy Agency (IAEA) reiterated its demand today that Iran allow "
            "inspectors into the Fordow site.")
    claims = extractor.extract(text).claims
    c = only(claims, "REQUEST")
    assert ids(c.actor) == ["iaea"]
    assert ids(c.recipient) == ["iran"]
    assert len(claims) == 1, describe(claims)  # what is demanded is the demand's content


def test_a_statement_demanding_something_is_its_issuers_demand(extractor):
    text = "Hamas issued a statement demanding that Egypt open the Rafah crossing."
    assert parties(extractor, text, "REQUEST") == (["hamas"], ["egypt"])


def test_a_threat_targets_the_object_of_the_threatened_act(extractor):
    text = "Turkey warned that its army would not tolerate attacks by Kurdish militias."
    c = only(extractor.extract(text).claims, "THREATEN")
    assert ids(c.actor) == ["turkey"]
    assert "army" not in " ".join(r.text for r in c.recipient)
    assert "Kurdish militias" in [r.text for r in c.recipient]


def test_who_helps_is_not_the_recipient(extractor):
    text = "NATO said it would tighten the naval blockade of Libya with Malta's help."
    c = only(extractor.extract(text).claims, "THREATEN")
    assert ids(c.recipient) == ["libya"]


def test_the_people_a_place_is_for_are_the_recipient(extractor):
    text = "A camp for Sudanese refugees was attacked by gunmen on motorbikes, the UN said."
    c = only(extractor.extract(text).claims, "ASSAULT")
    assert [r.text for r in c.recipient] == ["Sudanese refugees"]


def test_the_name_of_a_source_document_is_not_an_event(extractor):
    text = "The army shelled the town of Kilinochchi, according to a press release by the Tamil Tigers."
    claims = extractor.extract(text).claims
    assert [c.event for c in claims] == ["ASSAULT"], describe(claims)


def test_opening_the_border_to_people_is_safe_haven(extractor):
    text = "Chad opened its border to refugees fleeing the fighting in Darfur."
    c = only(extractor.extract(text).claims, "AID")
    assert ids(c.actor) == ["chad"]
    assert c.mode == "safe_haven"


# ---------------------------------------------------------------------- types the parties decide
def test_force_used_by_a_crowd_is_a_riot(extractor):
    c = only(extractor.extract("Demonstrators threw stones at police officers in Nairobi.").claims, "PROTEST")
    assert c.mode == "riot"
    assert [a.text for a in c.actor] == ["Demonstrators"]
    # the same act by soldiers is an assault
    assert only(extractor.extract("Soldiers threw stones at demonstrators in Nairobi.").claims, "ASSAULT")


def test_seizing_a_town_is_taking_territory_by_force(extractor):
    assert only(extractor.extract("Rebels seized the town of Kalehe on Sunday.").claims, "ASSAULT")
    c = only(extractor.extract("Customs officers seized three tons of cocaine in Antwerp.").claims, "COERCE")
    assert c.mode == "seize"


def test_a_weapon_that_strikes_is_an_attack_by_an_unidentified_actor(extractor):
    c = only(extractor.extract("Two mortar shells hit a crowded market in Mogadishu.").claims, "ASSAULT")
    assert [(a.id, a.sector) for a in c.actor] == [("unidentified-armed-actor", "UAF")]


def test_clashes_that_broke_out_between_two_sides(extractor):
    text = "Heavy clashes broke out between Sudanese soldiers and Janjaweed fighters near Nyala."
    actor, recipient = parties(extractor, text, "ASSAULT")
    assert actor == ["sudan"] and recipient == ["janjaweed"]


def test_armed_men_are_an_armed_group(extractor):
    c = only(extractor.extract("Masked men abducted a priest in Enugu state.").claims, "ASSAULT")
    assert [(a.type, a.sector) for a in c.actor] == [("armed_group", "UAF")]


def test_a_verb_with_a_particle_and_an_object(extractor):
    c = only(extractor.extract("The army set up a checkpoint at the entrance of Goma.").claims, "MOBILIZE")
    assert c.trigger.text == "set"


def test_a_date_is_no_particle_of_the_verb(extractor):
    """"fire on" a village is an attack, "fired ... on Sunday" is a day: the trigger stays the
    verb, and "calls an election on Oct. 9" (a corpus headline) calls on no one."""
    c = only(extractor.extract("Houthi rebels fired missiles at Saudi Arabia on Sunday.").claims, "ASSAULT")
    assert c.trigger.text == "fired"
    assert not [c for c in extractor.extract("Australian PM calls election on Oct. 9.").claims if c.event == "REQUEST"]


def test_people_seized_by_an_armed_group_are_abducted(extractor):
    c = only(extractor.extract("Bandits seized 14 farmers from their fields in Katsina state.").claims, "ASSAULT")
    assert c.mode == "abduct"
    # seized by the police, they are arrested
    c = only(extractor.extract("Police seized 14 smugglers at the port of Mombasa.").claims, "COERCE")


def test_a_thrown_weapon_with_nobody_named_is_an_unidentified_attack(extractor):
    c = only(extractor.extract("A grenade was hurled into a crowded bar in Bujumbura.").claims, "ASSAULT")
    assert [a.sector for a in c.actor] == ["UAF"]


def test_members_of_a_group_named_by_a_modifier(extractor):
    c = only(extractor.extract("Two militia members shot dead a trader in Beni.").claims, "ASSAULT")
    assert [(a.type, a.sector) for a in c.actor] == [("armed_group", "UAF")]


def test_a_sit_in_and_clashes_reported_between_two_sides(extractor):
    c = only(extractor.extract("Nurses staged a sit-in outside the health ministry in Nairobi.").claims, "PROTEST")
    assert c.mode == "demo"
    text = "Fierce clashes were reported between Ethiopian troops and Fano militiamen near Gondar."
    actor, recipient = parties(extractor, text, "ASSAULT")
    assert actor == ["endf"] and recipient and recipient != actor


def test_a_journey_for_talks_is_the_talks(extractor):
    text = "The Iranian foreign minister flew to Muscat on Sunday for talks with Omani officials."
    claims = extractor.extract(text).claims
    c = only(claims, "CONSULT")
    assert ids(c.actor) == ["iran"] and ids(c.recipient) == ["oman"]
    assert [cl.event for cl in claims] == ["CONSULT"], describe(claims)
