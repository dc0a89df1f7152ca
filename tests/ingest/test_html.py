"""The seed article's page: trafilatura keeps exactly the article, dropping the menu, the
breadcrumbs, the photo caption, the "Check Also" block and the comment form; a feed item's
HTML fragment is read block by block."""

from __future__ import annotations

from claimgraph.ingest.html import fragment_text, html_document

from .pages import seed_page


def test_the_seed_page_yields_exactly_the_article(seed_text: str) -> None:
    page, title, paragraphs = seed_page(seed_text)
    doc = html_document("seed.html", page, url="https://monitor.example/proof-of-cooperation")
    assert doc is not None
    assert doc.text == "\n".join(paragraphs)
    assert doc.title == title == "Proof of cooperation between Iran and Al Qaeda"
    assert doc.site == "monitor.example" and doc.url == "https://monitor.example/proof-of-cooperation"
    for chrome in ("Home", "Image credit", "Check Also", "Why Al-Qaeda Wants", "Leave a Reply", "email address",
                   "Post Comment", "All rights reserved"):
        assert chrome not in doc.text


def test_a_fragment_is_read_block_by_block() -> None:
    fragment = ("<p>Iran armed <b>Hezbollah</b> last year,\n officials said.</p><ul><li>one</li><li>two</li></ul>"
                "<script>var x = 1;</script>tail &amp; end")
    assert fragment_text(fragment) == "Iran armed Hezbollah last year, officials said.\none\ntwo\ntail & end"
    assert fragment_text("Plain text, no markup.") == "Plain text, no markup."
