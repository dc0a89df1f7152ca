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


def by_cue(found: list[Attribution], cue: str) -> Attribution:
    """The first attribution whose cue is ``cue``, failing with the cues there are."""
    matches = [a for a in found if a.cue.text == cue]
    assert matches, f"no attribution with cue {cue!r} in {[a.cue.text for a in found]}"
    return matches[0]
