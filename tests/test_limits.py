"""The limits that are checked inside extraction: a long paragraph is parsed in parts cut at
sentence ends, a run without a sentence end is cut at spaces, a note says so, and a document
over its time budget is a failure of its own while the next is extracted."""

from __future__ import annotations

from claimgraph.extraction.text import prose_blocks
from claimgraph.limits import oversize_note
from claimgraph.model import Document

SENTENCE = "Iran has supplied rifles to the Houthi rebels in Yemen, officials in Riyadh said on Monday. "


def test_a_long_line_is_parsed_in_parts_cut_at_sentence_ends(monkeypatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_MAX_PARAGRAPH", "1000")
    monkeypatch.setenv("CLAIMGRAPH_MAX_SENTENCE", "300")
    run = "word " * 200  # 1,000 characters without a sentence end
    text = SENTENCE * 40 + run + SENTENCE * 2
    blocks = prose_blocks(text)
    assert all(b.end - b.start <= 1000 for b in blocks)
    # every part but the cut run ends at a sentence end; together they cover the line
    assert "".join(text[b.start:b.end] for b in blocks).replace(" ", "") == text.replace(" ", "")
    cut = [text[b.start:b.end] for b in blocks if "word" in text[b.start:b.end]]
    assert all(len(part) <= 300 for part in cut) and len(cut) >= 4
    assert oversize_note(text) == (f"a line of {len(text):,} characters is parsed in parts of at most 1,000 "
                                   "(sentences of at most 300; CLAIMGRAPH_MAX_PARAGRAPH, CLAIMGRAPH_MAX_SENTENCE)")
    assert oversize_note(SENTENCE * 3) is None


def test_a_document_over_its_time_budget_fails_alone(extractor, monkeypatch) -> None:
    slow = Document("slow", "\n\n".join([SENTENCE] * 3))
    quick = Document("quick", "Russia attacked Ukrainian forces in Donetsk, the ministry said.")
    monkeypatch.setenv("CLAIMGRAPH_MAX_SECONDS", "0")
    first, second = extractor.extract_documents([slow, quick])
    assert first.error == ("extraction took longer than 0 s, the limit per document (CLAIMGRAPH_MAX_SECONDS): "
                           "not finished") and first.claims == []
    monkeypatch.delenv("CLAIMGRAPH_MAX_SECONDS")
    again, = extractor.extract_documents([slow])
    assert again.error is None and len(again.claims) == 3
    assert second.document.id == "quick"
