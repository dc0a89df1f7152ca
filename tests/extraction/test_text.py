"""Which lines of a plain text are article prose: page furniture is left out of extraction
but never out of the text, so offsets stay those of the document."""

from __future__ import annotations

import pytest

from claimgraph.extraction.text import is_prose, prose_blocks


@pytest.mark.parametrize("line", [
    "Home / World / Middle East / Iran",
    "Kenyan troops patrol the border. Image credit: Reuters",
    "Check Also",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Read more: how the sanctions were drafted",
    "Using the unrest that has shaken the region, the group …",
    "Copyright 2019 Example News. All rights reserved.",
    "Iraqi soldiers patrol a street in Mosul on Monday. (AP Photo/Khalid Mohammed)",
    "FILE - In this photo taken on March 3, 2016, rebels fire a mortar near the city.",
    "By JOHN SMITH, Associated Press Writer",
    "Sport",
    "",
])
def test_page_furniture_is_not_prose(line):
    assert not is_prose(line)


@pytest.mark.parametrize("line", [
    "Qatar provided funds to Hamas last month, according to Western diplomats.",
    "“We will never allow it,” the minister said.",
    "Is Iran arming the Houthis?",
    # a feed item or search snippet cut short after whole sentences
    "Georgian Troops Leave South Ossetia. The soldiers withdrew from the heights above the capital "
    "on Thursday, turning the area over to peacekeepers. Georgia says three of its soldiers died ...",
])
def test_sentences_are_prose(line):
    assert is_prose(line)


def test_blocks_are_offsets_into_the_text_as_given():
    text = ("Home / World / Africa\n"
            "\n"
            "Kenyan soldiers were attacked by al-Shabaab militants near the border.\n"
            "Leave a Reply\n"
            "  Ethiopia condemned the attack on Sunday.\n")
    blocks = prose_blocks(text)
    assert [text[b.start:b.end] for b in blocks] == [
        "Kenyan soldiers were attacked by al-Shabaab militants near the border.",
        "Ethiopia condemned the attack on Sunday.",
    ]


def test_a_wrapped_line_continues_the_paragraph_it_starts():
    text = ("Qatar provided funds to Hamas. Kenyan soldiers were attacked by al-Shabaab militants near the\n"
            "Somali border on Sunday, the army said.\n")
    (block,) = prose_blocks(text)
    assert (block.start, block.end) == (0, len(text) - 1)


def test_a_hard_wrapped_paragraph_is_one_block():
    text = ("Kenyan soldiers were attacked by al-Shabaab militants near the\n"
            "Somali border on Sunday, the army said.\n"
            "\n"
            "Ethiopia condemned the attack.\n")
    blocks = prose_blocks(text)
    assert len(blocks) == 2
    assert text[blocks[0].start:blocks[0].end] == (
        "Kenyan soldiers were attacked by al-Shabaab militants near the\nSomali border on Sunday, the army said.")


def test_windows_line_ends_keep_offsets():
    text = "Menu\r\nQatar provided funds to Hamas last month, diplomats said.\r\nShare\r\n"
    (block,) = prose_blocks(text)
    assert text[block.start:block.end] == "Qatar provided funds to Hamas last month, diplomats said."


def test_boilerplate_lines_yield_no_claims_but_offsets_count_them(extractor):
    text = ("Home / Middle East / Iran attacked Saudi Arabia\n"
            "Iran attacked Saudi Arabia. Image credit: flickr\n"
            "Qatar provided funds to Hamas.\n")
    claims = extractor.extract(text).claims
    assert [c.event for c in claims] == ["AID"]
    c = claims[0]
    assert c.evidence.start == text.index("Qatar")
    assert text[c.evidence.start:c.evidence.end] == "Qatar provided funds to Hamas."


def test_an_opening_headline_without_a_full_stop_is_prose():
    """The guide codes a headline as a sentence; web and wire copy often write it without a
    full stop, in a paragraph of its own above the story."""
    from claimgraph.extraction.text import prose_blocks

    body = "MOSCOW (Reuters) - Russia accused Ukraine on Tuesday of stealing gas meant for Europe."
    for head in ("Kremlin Slams Kiev Over Gas Price", "Putin slams Bush over missile shield"):
        text = f"{head}\n\n{body}\n"
        assert [text[b.start:b.end] for b in prose_blocks(text)] == [head, body]
    # not a byline, not a line glued to the paragraph below, not a line after the story began,
    # not page furniture, not two words
    for text in (f"By John Smith and Jane Doe\n\n{body}\n", f"{body}\n\nRussia and Ukraine at odds\n\n{body}\n",
                 f"Home | World | Europe\n\n{body}\n", f"World News\n\n{body}\n"):
        assert [text[b.start:b.end] for b in prose_blocks(text)] == [body] * text.count(body), text


def test_the_headline_gives_its_claim(extractor):
    text = ("Kremlin Slams Kiev Over Gas Price\n\nMOSCOW (Reuters) - Russia accused Ukraine on Tuesday of "
            "stealing gas meant for Europe.\n")
    claims = extractor.extract(text).claims
    head = [c for c in claims if c.evidence.end <= len("Kremlin Slams Kiev Over Gas Price")]
    assert [(c.event, [a.text for a in c.actor], [r.text for r in c.recipient]) for c in head] == [
        ("ACCUSE", ["Kremlin"], ["Kiev"])]
