"""The seed article (shared/examples/seed-article.txt): a machine-translated web page with a
menu, a caption and a comment form around an argument that Iran and al-Qaeda cooperate.
Skipped when the shared material is not beside the project."""

from __future__ import annotations


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """The breadcrumb and caption lines at the top, and everything from "Check Also" on."""
    lines = text.splitlines(keepends=True)
    spans = []
    pos = 0
    for i, line in enumerate(lines):
        if i < 2:
            spans.append((pos, pos + len(line)))
        pos += len(line)
    tail = text.index("Check Also")
    spans.append((tail, len(text)))
    return spans


def overlaps(span: dict, spans: list[tuple[int, int]]) -> bool:
    return any(max(a, span["start"]) < min(b, span["end"]) for a, b in spans)


def test_boilerplate_lines_yield_no_records(seed_text, seed_extraction):
    furniture = boilerplate_spans(seed_text)
    assert seed_text[furniture[0][0]:furniture[0][1]].startswith("Home / ")
    assert "Image credit" in seed_text[furniture[1][0]:furniture[1][1]]
    assert "Leave a Reply" in seed_text[furniture[2][0]:]
    for rec in seed_extraction.records("all"):
        where = rec.get("evidence") or rec.get("content")
        assert not overlaps(where, furniture), rec
        if rec["kind"] == "attribution":
            assert not overlaps(rec["cue"], furniture), rec


def test_trump_is_president_of_the_united_states(seed_extraction):
    found = [a for a in seed_extraction.affiliations if a.person.id == "donald-trump"]
    assert found, [(a.person.id, a.role, a.organization.id) for a in seed_extraction.affiliations]
    for a in found:
        assert a.role == "president"
        assert a.organization.id == "united-states"
        assert a.former is False


def test_qasemi_is_former_spokesman_of_the_irgc(seed_extraction):
    found = [a for a in seed_extraction.affiliations if "Qasemi" in a.person.name]
    assert len(found) == 1, [(a.person.name, a.role, a.organization.id) for a in seed_extraction.affiliations]
    a = found[0]
    assert a.person.name == "Said Qasemi"
    assert (a.role, a.organization.id, a.former) == ("spokesman", "irgc", True)


def test_al_qaeda_has_never_attacked_iran(seed_text, seed_extraction):
    found = [c for c in seed_extraction.claims if c.event == "ASSAULT"
             and [a.id for a in c.actor] == ["al-qaeda"] and [r.id for r in c.recipient] == ["iran"]]
    assert len(found) == 1, [(c.event, [a.id for a in c.actor]) for c in seed_extraction.claims]
    c = found[0]
    assert c.polarity == "negated"
    assert c.trigger.text == "attacked"
    assert c.evidence.text.endswith("why Al Qaeda has never attacked Iran.")
    assert seed_text[c.evidence.start:c.evidence.end] == c.evidence.text


def test_qasemi_asserts_that_tehran_trains_al_qaeda(seed_text, seed_extraction):
    found = [c for c in seed_extraction.claims if c.event == "AID" and c.mode == "training"
             and [r.id for r in c.recipient] == ["al-qaeda"]]
    assert len(found) == 1, [(c.event, c.mode, [r.id for r in c.recipient]) for c in seed_extraction.claims]
    c = found[0]
    assert [(a.id, a.text, a.sector) for a in c.actor] == [("iran", "Tehran", "GOV")]
    assert c.polarity == "affirmed"
    assert c.attribution is not None
    source, cue = c.attribution.source, c.attribution.cue
    assert "Qasemi" in source.name and source.type == "person"
    assert seed_text[source.start:source.end] == source.text
    assert "announced" in cue.text
    assert seed_text[cue.start:cue.end] == cue.text
    assert cue.start < seed_text.index("that Tehran sends agents")
