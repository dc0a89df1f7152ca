"""Article text and metadata from an HTML page, through trafilatura: menus, captions,
related-article blocks and comment forms are dropped; title, author, date, site name and
language are kept where the page states them.  ``fragment_text`` reads an HTML fragment that
is all article (a feed item's content) without looking for the article in it."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import lxml.html
import trafilatura

from claimgraph.model import Document

MIN_ARTICLE_WORDS = 5


def html_document(doc_id: str, html: str, url: str | None = None, published: str | None = None) -> Document | None:
    """The page's article as a Document, or None when the page holds no article text."""
    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                             include_tables=False, include_images=False, favor_precision=True,
                                             deduplicate=False)
    except Exception:  # trafilatura raises a variety of parser errors on broken markup
        result = None
    if result is None:
        return None
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip()
    # a page of links only ("Home") yields a word or two of navigation, not an article
    if len(text.split()) < MIN_ARTICLE_WORDS:
        return None
    site = data.get("sitename") or data.get("hostname") or (urlparse(url).netloc if url else None)
    return Document(id=doc_id, text=text, published=published or data.get("date"), title=data.get("title"),
                    url=url or data.get("url"), site=site, author=data.get("author"),
                    language=data.get("language"))


BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section",
          "article", "figure", "figcaption", "ul", "ol", "table", "dd", "dt")


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment that is all article (a feed item's content): one line
    per paragraph or other block, spaces collapsed, scripts and styles dropped."""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for el in root.xpath("//script|//style|//noscript"):
        el.drop_tree()
    for el in root.iter():
        # line breaks in the markup are spaces; lines come from blocks alone
        el.text = re.sub(r"\s+", " ", el.text) if el.text else el.text
        el.tail = re.sub(r"\s+", " ", el.tail) if el.tail else el.tail
    for el in root.iter(*BLOCKS):
        # a block starts and ends a line
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)
