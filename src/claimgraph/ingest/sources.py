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
from claimgraph.ingest.readers import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MAX_BYTES,
    TEXT_SUFFIXES,
    InputFailure,
    declared_encoding,
    decode,
    read_numbered,
)
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
    ``on_more`` hears of documents discovered on the way (feed items), for progress."""

    def __init__(self, policy: FetchPolicy | None = None, encoding: str | None = None,
                 known_url: Callable[[str], bool] = lambda url: False,
                 on_more: Callable[[int], None] = lambda n: None) -> None:
        self.policy = policy
        self.encoding = encoding
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
        for value in inputs:
            if _has_scheme(value):
                yield from self._url(value)
                continue
            path = Path(value)
            if path.is_dir():
                files = _folder_files(path)
                if not files:
                    yield InputFailure(value, "folder holds no .txt, .html, .jsonl or feed files")
                for f in files:
                    yield from self._file(f, named=False)
            else:
                yield from self._file(path, named=True)

    def estimate(self, inputs: list[str]) -> int:
        """About how many documents the inputs hold, counted without parsing them (a feed
        fetched from a URL counts as one until it is read)."""
        n = 0
        for value in inputs:
            path = Path(value)
            if _has_scheme(value) or not path.exists():
                n += 1
            elif path.is_dir():
                n += sum(_count_in_file(f) for f in _folder_files(path))
            else:
                n += _count_in_file(path, named=True)
        return n

    def _file(self, path: Path, named: bool) -> Iterator[Item]:
        suffix = path.suffix.lower()
        if suffix in FEED_SUFFIXES:
            data = _read_small(path)
            if isinstance(data, InputFailure):
                yield data
            else:
                yield from self._feed(data, str(path), page=None)
        elif named and _is_url_list(path):
            yield from self._url_list(path)
        else:
            for line, item in read_numbered(path, encoding=self.encoding, guess=False):
                yield item if isinstance(item, InputFailure) else Found(item, str(path), line)

    def _url_list(self, path: Path) -> Iterator[Item]:
        data = _read_small(path)
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
            text = decode(page.body, page.charset or declared_encoding(page.body), self.encoding, guess=False)
        except ValueError as err:
            return InputFailure(doc_id, str(err), line)
        if page.media_type == "text/plain":
            if not text.strip():
                return InputFailure(doc_id, "empty page", line)
            doc: Document | None = Document(doc_id, text, url=page.final_url, site=urlsplit(page.final_url).netloc)
        else:
            doc = html_document(doc_id, text, url=page.final_url)
        if doc is None:
            return InputFailure(doc_id, "no article text found in the HTML", line)
        return Found(doc, doc_id, line, page)

    def _feed(self, data: bytes, source: str, page: FetchedPage | None) -> Iterator[Item]:
        try:
            _title, entries = parse_feed(data, base_url=page.final_url if page else None)
        except ValueError as err:
            yield InputFailure(source, str(err))
            return
        if page is not None:
            # a feed file was counted item by item beforehand; a fetched one as one input
            self.on_more(len(entries) - 1)
        site = urlsplit(page.final_url).netloc if page else None
        for n, entry in enumerate(entries, start=1):
            yield self._entry(entry, source, n, page, site)

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
        if not html:
            return InputFailure(source, f"feed item {entry.id!r} has no content and no link", n)
        try:
            text = fragment_text(html)
        except ValueError as err:
            return InputFailure(source, f"feed item {entry.id!r}: unreadable content ({err})", n)
        if not text:
            return InputFailure(source, f"feed item {entry.id!r} has empty content", n)
        doc = Document(entry.id, text, published=entry.published, title=entry.title, url=entry.link,
                       site=urlsplit(entry.link).netloc if entry.link else site, author=entry.author)
        return Found(doc, source, n, page)


def _folder_files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.rglob("*")
                  if f.suffix.lower() in FOLDER_SUFFIXES and not f.name.startswith(".") and f.is_file())


def _read_small(path: Path) -> bytes | InputFailure:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return InputFailure(str(path), f"file too large ({size / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB limit)")
        data = path.read_bytes()
    except OSError as err:
        return InputFailure(str(path), f"cannot read: {err.strerror or err}")
    if not data.strip():
        return InputFailure(str(path), "empty file")
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
        if path.stat().st_size > MAX_BYTES:
            return False
        urls = _urls_in(path.read_bytes())
    except OSError:
        return False
    return bool(urls) and all(_has_scheme(u) and " " not in u for u in urls)


def _count_in_file(path: Path, named: bool = False) -> int:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as fh:
                return sum(1 for line in fh if line.strip())
        if suffix in FEED_SUFFIXES:
            data = path.read_bytes()[:MAX_BYTES]
            return max(1, data.count(b"<item") + data.count(b"<entry"))
        if named and _is_url_list(path):
            return len(_urls_in(path.read_bytes()))
    except OSError:
        pass
    return 1
