"""RSS and Atom feeds, read by feedparser.  Each item becomes a document: from the full
content the feed carries (Atom ``content``, RSS ``content:encoded``), or, when the feed
gives only a summary, from the page the item links to."""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

FEED_START = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: ``id`` its link, else its guid, else None.  ``content`` is the
    full text as HTML when the feed carries it; ``summary`` its teaser, used only for an item
    without a link."""

    id: str | None
    link: str | None
    title: str | None
    author: str | None
    published: str | None
    content: str | None
    summary: str | None


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes start like an RSS or Atom document (first 2 KB)."""
    return FEED_START.search(data[:2048]) is not None


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).date().isoformat()


def parse_feed(data: bytes, base_url: str | None = None) -> tuple[str | None, list[FeedEntry]]:
    """The feed's title and its entries, in feed order; relative links are resolved against
    ``base_url``.  Raises ValueError when the bytes are no RSS or Atom feed."""
    # a stream, never a string: feedparser would take a string for a URL or a file name
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=True,
                              response_headers={"content-location": base_url} if base_url else None)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise ValueError(f"not an RSS or Atom feed{f' ({problem})' if problem else ''}")
    out = []
    for e in parsed.entries:
        contents = [c.get("value", "") for c in e.get("content", []) if c.get("value", "").strip()]
        link = e.get("link") or None
        out.append(FeedEntry(
            id=link or e.get("id") or None, link=link, title=e.get("title") or None,
            author=e.get("author") or None, published=_published(e),
            content="\n".join(contents) or None, summary=e.get("summary") or None))
    return parsed.feed.get("title") or None, out
