"""Affiliations: a person's role in an organisation, read from the title around the name."""

from __future__ import annotations


def affiliation_of(extraction, person_id: str):
    found = [a for a in extraction.affiliations if a.person.id == person_id]
    got = [(a.person.id, a.role, a.organization.id) for a in extraction.affiliations]
    assert len(found) == 1, f"one affiliation of {person_id} expected, got {got}"
    return found[0]


def test_title_before_the_name(extractor):
    text = "US President Donald Trump praised Saudi Arabia."
    r = extractor.extract(text, doc_id="doc-3")
    a = affiliation_of(r, "donald-trump")
    assert (a.person.text, a.person.type) == ("Donald Trump", "person")
    assert text[a.person.start:a.person.end] == "Donald Trump"
    assert a.role == "president"
    assert (a.organization.id, a.organization.text) == ("united-states", "US")
    assert a.former is False
    assert (a.evidence.start, a.evidence.end) == (0, len(text))
    rec = a.to_record()
    assert rec["kind"] == "affiliation" and rec["doc_id"] == "doc-3"


def test_title_after_the_name_between_commas(extractor):
    r = extractor.extract("Javad Zarif, Iran's foreign minister, criticised the United States.")
    a = affiliation_of(r, "javad-zarif")
    assert a.role == "foreign minister"
    assert a.organization.id == "iran"
    assert a.former is False


def test_organisation_named_before_its_leader(extractor):
    a = affiliation_of(extractor.extract("Hamas leader Ismail Haniyeh visited Cairo."), "ismail-haniyeh")
    assert (a.role, a.organization.id, a.former) == ("leader", "hamas", False)


def test_former_office(extractor):
    r = extractor.extract("Former Israeli prime minister Ehud Olmert criticised Hamas.")
    a = affiliation_of(r, "ehud-olmert")
    assert a.role == "prime minister"
    assert a.organization.id == "israel"
    # a demonym in a title names the state's government
    assert a.organization.sector == "GOV"
    assert a.former is True


def test_ex_prefix_marks_former_office(extractor):
    r = extractor.extract("IRGC ex-spokesman Said Qasemi said Tehran sends agents to Bosnia.")
    a = affiliation_of(r, "said-qasemi")
    assert a.person.text == "Said Qasemi"
    assert (a.role, a.organization.id, a.former) == ("spokesman", "irgc", True)


def test_a_name_without_a_title_has_no_affiliation(extractor):
    assert extractor.extract("Donald Trump praised Saudi Arabia.").affiliations == []


def test_a_name_after_a_title_is_a_person_whatever_ner_says(example_extractor, example_text):
    # the small model reads the invented "Ilan Marosk" as an organisation; the title before it
    # ("DES commander") says it is a person, and gives the affiliation the example promises
    r = example_extractor.extract(example_text, doc_id="example")
    a = affiliation_of(r, "ilan-marosk")
    assert (a.person.text, a.person.type, a.role, a.former) == ("Ilan Marosk", "person", "commander", True)
    assert (a.organization.id, a.organization.text) == ("valdoria-des", "DES")
    assert example_text[a.person.start:a.person.end] == "Ilan Marosk"

