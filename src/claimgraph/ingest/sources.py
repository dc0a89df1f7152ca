"""What ``claimgraph ingest`` reads, turned into documents with where they came from.

An input is a folder (read recursively: .txt, .html, .jsonl and .xml/.rss/.atom feeds), a
file of one of those kinds, a list of URLs (a file whose lines are all http(s) URLs, or any
``.urls`` file), or a URL (an article page or a feed).  A feed item becomes a document from
the content the feed carries, else from the page it links to.  Text must be UTF-8 or say
what it is; ``encoding`` names the encoding of the rest.

Every input yields ``Found`` documents, ``Known`` URLs (stored before, so not fetched
again), or ``InputFailure`` with a one-line reason, and reading goes on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from claimgraph.ingest.feeds import FeedEntry, looks_like_feed, parse_feed
from claimgraph.ingest.fetch import FetchedPage, Fetcher, FetchError, FetchPolicy, is_http_url
from claimgraph.ingest.html import fragment_text, html_document
from claimgraph.ingest.listing import Listed, list_inputs
from claimgraph.ingest.readers import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    InputFailure,
    Unreadable,
    bad_characters,
    declared_encoding,
    decode,
    read_limited,
    read_numbered,
)
from claimgraph.limits import limits
from claimgraph.model import Document

FEED_SUFFIXES = {".xml", ".rss", ".atom"}
URL_LIST_SUFFIXES = {".urls"}
FOLDER_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}


@dataclass(frozen=True)
class Found:
    """A document read from an input: ``source`` is the path or URL read, ``line`` the
    line of a JSON lines file or the item number of a feed, ``page`` the page as fetched."""

    document: Document
    source: str
    line: int | None = None
    page: FetchedPage | None = None


@dataclass(frozen=True)
class Known:
    """A URL whose document is stored already: it is not fetched again."""

    source: str


Item = Found | Known | InputFailure


def _has_scheme(value: str) -> bool:
    scheme = urlsplit(value).scheme
    # "C:\\corpus" has a one-letter scheme to urlsplit; a URL scheme is longer
    return len(scheme) > 1 and "://" in value


class Sources:
    """Reads inputs in order.  ``known_url`` tells which URLs need no fetching;
    ``on_more`` hears of documents discovered on the way (feed items), for progress;
    ``guess``: text in an unknown encoding is decoded by a guess (``extract``) rather than
    refused (``ingest``); ``follow_symlinks``: links inside folders are followed anywhere."""

    def __init__(self, policy: FetchPolicy | None = None, encoding: str | None = None,
                 known_url: Callable[[str], bool] = lambda url: False,
                 on_more: Callable[[int], None] = lambda n: None, guess: bool = False,
                 follow_symlinks: bool = False) -> None:
        self.policy = policy
        self.encoding = encoding
        self.guess = guess
        self.follow_symlinks = follow_symlinks
        self.known_url = known_url
        self.on_more = on_more
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.policy)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    # ------------------------------------------------------------------ inputs
    def read(self, inputs: list[str]) -> Iterator[Item]:
        """Everything the inputs hold, in order."""
        local = [value for value in inputs if not _has_scheme(value)]
        for value in inputs:
            if _has_scheme(value):
                yield from self._url(value)
                continue
            for listed in self._list([value], local):
                if isinstance(listed, Listed):
                    yield from self._file(listed.path, named=listed.named, name=listed.name)
                else:
                    yield listed

    def _list(self, values: list[str], within: list[str]) -> Iterator[Listed | InputFailure]:
        return list_inputs(values, FOLDER_SUFFIXES, self.follow_symlinks,
                           "folder holds no .txt, .html, .jsonl or feed files", within)

    def estimate(self, inputs: list[str]) -> int:
        """About how many documents the inputs hold, counted without parsing them (a feed
        fetched from a URL counts as one until it is read)."""
        n = 0
        local = [value for value in inputs if not _has_scheme(value)]
        for value in inputs:
            if _has_scheme(value):
                n += 1
                continue
            listed = self._list([value], local)
            n += sum(_count_in_file(f.path, f.named) if isinstance(f, Listed) else 1 for f in listed)
        return n

    def _file(self, path: Path, named: bool, name: str) -> Iterator[Item]:
        suffix = path.suffix.lower()
        if suffix in FEED_SUFFIXES:
            data = _read_small(path, name)
            if isinstance(data, InputFailure):
                yield data
            else:
                yield from self._feed(data, name, page=None)
        elif named and _is_url_list(path):
            yield from self._url_list(path, name)
        else:
            for line, item in read_numbered(path, encoding=self.encoding, guess=self.guess, name=name):
                yield item if isinstance(item, InputFailure) else Found(item, name, line)

    def _url_list(self, path: Path, name: str) -> Iterator[Item]:
        data = _read_small(path, name)
        if isinstance(data, InputFailure):
            yield data
            return
        for url in _urls_in(data):
            yield from self._url(url)

    # ------------------------------------------------------------------ the web
    def _url(self, url: str) -> Iterator[Item]:
        if not is_http_url(url):
            yield InputFailure(url, f"only http(s) URLs are fetched, not {urlsplit(url).scheme}")
            return
        if self.known_url(url):
            yield Known(url)
            return
        try:
            page = self.fetcher.fetch(url)
        except FetchError as err:
            yield InputFailure(url, str(err))
            return
        if page.media_type in FEED_TYPES or (page.media_type not in HTML_TYPES and looks_like_feed(page.body)):
            yield from self._feed(page.body, url, page)
        else:
            yield self._page_document(url, page)

    def _page_document(self, doc_id: str, page: FetchedPage, line: int | None = None) -> Found | InputFailure:
        if page.media_type not in HTML_TYPES | {"text/plain", ""}:
            return InputFailure(doc_id, f"not an HTML page or a feed ({page.media_type})", line)
        try:
            text = decode(page.body, page.charset or declared_encoding(page.body), self.encoding, guess=self.guess)
        except ValueError as err:
            return InputFailure(doc_id, str(err), line)
        if page.media_type == "text/plain":
            if not text.strip():
                return InputFailure(doc_id, "empty page", line)
            doc: Document | None = Document(doc_id, text, url=page.final_url, site=urlsplit(page.final_url).netloc)
        else:
            try:
                doc = html_document(doc_id, text, url=page.final_url)
            except Exception as err:  # a parser's failure on one hostile page must not stop a run
                return InputFailure(doc_id, f"unreadable HTML ({type(err).__name__}: {str(err)[:120]})", line)
        if doc is None:
            return InputFailure(doc_id, "no article text found in the HTML", line)
        bad = bad_characters(doc.text)
        if bad:
            return InputFailure(doc_id, f"text {bad}", line)
        return Found(doc, doc_id, line, page)

    def _feed(self, data: bytes, source: str, page: FetchedPage | None) -> Iterator[Item]:
        try:
            _title, entries = parse_feed(data, base_url=page.final_url if page else None)
        except ValueError as err:
            yield InputFailure(source, str(err))
            return
        except Exception as err:  # a parser's failure on one hostile feed must not stop a run
            yield InputFailure(source, f"unreadable feed ({type(err).__name__}: {str(err)[:120]})")
            return
        if not entries:
            yield InputFailure(source, "feed holds no items")
            return
        most = limits().max_feed_items
        if page is not None:
            # a feed file was counted item by item beforehand; a fetched one as one input
            self.on_more(min(len(entries), most) - 1)
        site = urlsplit(page.final_url).netloc if page else None
        for n, entry in enumerate(entries[:most], start=1):
            yield self._entry(entry, source, n, page, site)
        if len(entries) > most:
            yield InputFailure(source, f"feed has {len(entries)} items: items after the first {most} "
                                       "not read (CLAIMGRAPH_MAX_FEED_ITEMS)", most + 1)

    def _entry(self, entry: FeedEntry, source: str, n: int, page: FetchedPage | None,
               site: str | None) -> Item:
        if entry.content is None and entry.link and is_http_url(entry.link):
            if self.known_url(entry.link):
                return Known(entry.link)
            try:
                linked = self.fetcher.fetch(entry.link)
            except FetchError as err:
                return InputFailure(entry.link, str(err))
            found = self._page_document(entry.link, linked)
            if isinstance(found, InputFailure):
                return found
            doc = found.document
            return replace(found, document=replace(doc, title=doc.title or entry.title,
                                                   author=doc.author or entry.author,
                                                   published=entry.published or doc.published))
        html = entry.content or entry.summary
        # an item without a link or a guid is named by its place in the feed, as a JSON line is
        doc_id = entry.id or f"{source}:{n}"
        item = f"feed item {entry.id[:80]!r}" if entry.id else f"feed item {n}"
        if not html:
            return InputFailure(source, f"{item} has no content and no link", n)
        try:
            text = fragment_text(html)
        except Exception as err:  # lxml's errors on hostile markup are not all ValueErrors
            return InputFailure(source, f"{item}: unreadable content ({err})", n)
        if not text:
            return InputFailure(source, f"{item} has empty content", n)
        for what, value in (("id", doc_id), ("text", text), ("title", entry.title), ("author", entry.author)):
            bad = bad_characters(value) if value else None
            if bad:
                return InputFailure(source, f"{item}: {what} {bad}", n)
        doc = Document(doc_id, text, published=entry.published, title=entry.title, url=entry.link,
                       site=urlsplit(entry.link).netloc if entry.link else site, author=entry.author)
        return Found(doc, source, n, page)


def _read_small(path: Path, name: str) -> bytes | InputFailure:
    try:
        data = read_limited(path)
    except Unreadable as err:
        return InputFailure(name, str(err))
    if not data.strip():
        return InputFailure(name, "empty file")
    return data


def _urls_in(data: bytes) -> list[str]:
    lines = (line.strip() for line in data.decode("utf-8", "replace").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _is_url_list(path: Path) -> bool:
    """A file named on the command line whose lines are all URLs (or a .urls file)."""
    if path.suffix.lower() in URL_LIST_SUFFIXES:
        return True
    if path.suffix.lower() not in TEXT_SUFFIXES | {""}:
        return False
    try:
        urls = _urls_in(read_limited(path))
    except Unreadable:
        return False
    return bool(urls) and all(_has_scheme(u) and " " not in u for u in urls)


def _count_in_file(path: Path, named: bool = False) -> int:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            # newlines counted a block at a time: one line may be larger than memory
            with path.open("rb") as fh:
                return max(1, sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")))
        if suffix in FEED_SUFFIXES:
            data = read_limited(path)
            return max(1, min(data.count(b"<item") + data.count(b"<entry"), limits().max_feed_items))
        if named and _is_url_list(path):
            return len(_urls_in(read_limited(path)))
    except (OSError, Unreadable):
        pass
    return 1
