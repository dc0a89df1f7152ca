"""Language identification decides which documents extraction reads: English, and texts
too short or too mixed to place with confidence; a confident other language is stored
without extraction."""

from __future__ import annotations

import pytest

from claimgraph.ingest.language import identify


@pytest.mark.parametrize(("text", "code"), [
    ("Le gouvernement français a annoncé mardi de nouvelles sanctions contre l'Iran, selon le ministère.", "fr"),
    ("Die Bundesregierung hat am Dienstag neue Sanktionen gegen den Iran angekündigt, teilte das Ministerium mit.",
     "de"),
    ("El gobierno de Colombia anunció el martes nuevas conversaciones de paz con el Ejército de Liberación Nacional.",
     "es"),
])
def test_another_language_is_not_extracted(text: str, code: str) -> None:
    lang = identify(text)
    assert lang.code == code and lang.score >= 0.9 and not lang.extractable


@pytest.mark.parametrize("text", [
    "Iran armed Hezbollah in Lebanon last year, officials said.",
    "Russia sanctioned Ukraine.",  # short: the identifier leans French, without confidence
    "Hamas fired rockets at Israel.",
])
def test_english_and_unsure_texts_are_extracted(text: str) -> None:
    assert identify(text).extractable
