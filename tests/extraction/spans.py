"""Helpers shared by the attribution tests."""

from __future__ import annotations

from claimgraph.model import Attribution
from claimgraph.pipeline import Extractor


def attributions(extractor: Extractor, text: str) -> list[Attribution]:
    """The attributions of ``text``, after checking that every span points at its text."""
    found = extractor.extract(text).attributions
    for a in found:
        for span in (a.source, a.cue, a.content):
            if span is not None:
                assert text[span.start:span.end] == span.text
    return found
