"""MinHash signatures: a copy of a story with a new dateline and a line added is close to
its original, another story is not, and the bands of two copies meet."""

from __future__ import annotations

from claimgraph.store import near_duplicates as nd

from .test_store import COPY, OTHER, STORY

PINNED = [49067646, 11863500, 671255, 14383047]


def test_copies_are_similar_and_other_stories_are_not() -> None:
    story, copy, other = (nd.signature(t) for t in (STORY, COPY, OTHER))
    assert story is not None and copy is not None and other is not None
    assert len(story) == 4 * nd.PERMUTATIONS
    assert nd.similarity(story, story) == 1.0
    assert nd.similarity(story, copy) >= 0.7
    assert nd.similarity(story, other) < 0.1
    assert set(nd.bands(story)) & set(nd.bands(copy))
    assert not set(nd.bands(story)) & set(nd.bands(other))


def test_signatures_are_case_blind_and_need_a_text_of_some_length() -> None:
    assert nd.signature(STORY) == nd.signature(STORY.upper())
    assert nd.signature(" ... ") is None
    assert nd.signature("Iran attacked Iraq on Monday, officials said.") is None
    words = STORY.split()
    assert nd.signature(" ".join(words[:nd.MIN_WORDS])) is not None
    assert nd.signature(" ".join(words[:nd.MIN_WORDS - 1])) is None


def test_signatures_do_not_change_between_versions() -> None:
    # stored signatures are compared with new ones: a change here orphans every stored story
    sig = nd.signature(STORY)
    assert sig is not None
    assert [int.from_bytes(sig[i:i + 4], "little") for i in range(0, 16, 4)] == PINNED
