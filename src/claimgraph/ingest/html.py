"""Article text and metadata from an HTML page, through trafilatura: menus, captions,
related-article blocks and comment forms are dropped; title, author, date, site name and
language are kept where the page states them."""

from __future__ import annotations

from urllib.parse import urlparse

import trafilatura

from claimgraph.model import Document


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
    if not text:
        return None
    site = data.get("sitename") or data.get("hostname") or (urlparse(url).netloc if url else None)
    return Document(id=doc_id, text=text, published=published or data.get("date"), title=data.get("title"),
                    url=url or data.get("url"), site=site, author=data.get("author"),
                    language=data.get("language"))
