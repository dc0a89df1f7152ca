"""Every span in every record points into the document: ``text[start:end] == span text``,
for claims (actors, recipients, location, trigger, evidence, attribution source and cue),
attribution records (source, cue, content) and affiliations (person, organisation,
evidence), and for the offsets of a claim's time expression (kept on the object, not in the record)."""

from __future__ import annotations

from typing import Any

import pytest

WIRE = """Home / World / Africa

Kenyan soldiers were attacked by al-Shabaab militants near the Somali border on Tuesday, the army said.
Ethiopia condemned the attack. “We will not allow these groups to cross our territory,” Prime Minister
Abiy Ahmed told reporters in Addis Ababa.

According to Western diplomats, Qatar has provided funds to Hamas, and Egypt agreed to supply natural gas to Jordan.
Iran and Syria condemned the Israeli air strikes on Damascus. Tehran said it will release the British tanker.

Leave a Reply
"""

ACCENTS = ("Le Monde — Paris\r\n"
           "Turkish President Recep Tayyip Erdoğan said on Monday that Türkiye had shelled Kurdish militants "
           "in northern Iraq. 🇹🇷 The Kremlin condemned the strikes.\r\n"
           "\r\n"
           "   Japan said it had imposed sanctions on North Korea last month, Japanese officials said.\r\n")

REPORTS = ("The IRGC was sanctioned as a US terrorist organization last year. Al-Shabaab has never attacked "
           "Ethiopia, officials in Nairobi said. Russia may impose sanctions on Georgia, according to the "
           "United Nations.\n\n"
           "Former Israeli prime minister Ehud Olmert criticised Hamas. The United States halted aid to "
           "Pakistan in January. Syria allowed Hezbollah fighters to cross its territory.\n")


def spans(record: Any, path: str = "") -> list[tuple[str, dict]]:
    """Every {text, start, end} object with integer offsets inside a record, with its path."""
    out: list[tuple[str, dict]] = []
    if isinstance(record, dict):
        if isinstance(record.get("start"), int) and isinstance(record.get("end"), int) and "text" in record:
            out.append((path, record))
        for k, v in record.items():
            out += spans(v, f"{path}.{k}")
    elif isinstance(record, list):
        for i, v in enumerate(record):
            out += spans(v, f"{path}[{i}]")
    return out


def check_offsets(text: str, extraction) -> int:
    """Asserts every span of every record against ``text``; returns how many were checked."""
    checked = 0
    for rec in extraction.records("all"):
        for path, span in spans(rec):
            assert text[span["start"]:span["end"]] == span["text"], f"{rec['kind']}{path}: {span}"
            assert 0 <= span["start"] <= span["end"] <= len(text)
            checked += 1
    return checked


@pytest.mark.parametrize("text", [WIRE, ACCENTS, REPORTS], ids=["wire", "accents-crlf", "reports"])
def test_offsets_of_written_texts(extractor, text):
    r = extractor.extract(text, published="2019-05-16")
    assert len(r.claims) >= 3, [c.event for c in r.claims]
    assert r.attributions
    assert check_offsets(text, r) > 20


def test_offsets_of_the_example_article(example_extractor, example_text):
    r = example_extractor.extract(example_text, published="2024-03-12")
    assert len(r.claims) >= 4
    assert check_offsets(example_text, r) > 30


def test_offsets_of_the_seed_article(seed_text, seed_extraction):
    assert len(seed_extraction.claims) >= 5
    assert check_offsets(seed_text, seed_extraction) > 50


def test_records_of_a_batch_point_into_their_own_documents(extractor):
    from claimgraph.model import Document

    texts = [WIRE, REPORTS, ACCENTS]
    docs = [Document(f"doc-{i}", t) for i, t in enumerate(texts)]
    results = list(extractor.extract_documents(docs, batch_size=2))
    assert [r.document.id for r in results] == ["doc-0", "doc-1", "doc-2"]
    for text, r in zip(texts, results, strict=True):
        assert {rec["doc_id"] for rec in r.records("all")} == {r.document.id}
        assert check_offsets(text, r) > 10


def test_time_offsets_point_into_the_document(extractor):
    r = extractor.extract(WIRE, published="2019-05-16")
    times = [c.time for c in r.claims if c.time is not None and c.time.offset_start is not None]
    assert times
    for t in times:
        assert WIRE[t.offset_start:t.offset_end] == t.text
