"""Hostile servers, all on loopback: one that never answers, one that trickles bytes, a body
of 10 GB, a gzip bomb, wrong charsets, and addresses that must not be fetched (private,
loopback, link-local), also when a redirect leads there.  Each ends in a FetchError with a
one-line reason, in bounded time and memory, and ``ingest`` goes on with the next URL."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from claimgraph.ingest.fetch import Fetcher, FetchError, FetchPolicy
from claimgraph.ingest.run import run_ingest
from claimgraph.ingest.sources import Found, Sources
from claimgraph.store import ClaimStore

from .web import LocalWeb, page, redirect

ARTICLE = "<html><body><article><p>Iran armed Hezbollah last year, officials said.</p></article></body></html>"
EARLIER = "<html><body><article><p>Russia shelled Kharkiv on Monday, officials said.</p></article></body></html>"
PUBLIC = "93.184.216.34"  # a global address, as a resolver would give for a public host


def _trickle(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    try:
        for _ in range(200):
            h.wfile.write(b"<")
            h.wfile.flush()
            time.sleep(0.1)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _huge_declared(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", str(10 * 1024 ** 3))
    h.end_headers()
    try:
        h.wfile.write(b"<p>" * 1000)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _huge_streamed(h: BaseHTTPRequestHandler) -> None:
    # 10 GB announced by nothing: chunked, as long as the client reads
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    block = b"<p>" + b"x" * 65533
    try:
        for _ in range(10 * 1024 ** 3 // len(block)):
            h.wfile.write(block)
    except (BrokenPipeError, ConnectionResetError):
        pass


def test_a_server_that_never_answers_times_out(quick: FetchPolicy) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)  # connections are accepted by the kernel, and never answered
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/page"
        started = time.monotonic()
        with Fetcher(replace(quick, timeout=0.5, retries=1, obey_robots=False)) as fetcher:
            with pytest.raises(FetchError, match=r"^timed out \(no answer within 0.5 s\) \(after 2 tries\)$"):
                fetcher.fetch(url)
        assert time.monotonic() - started < 30  # bounded, not forever


def test_a_trickling_server_is_cut_at_the_deadline(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/trickle"] = _trickle
    started = time.monotonic()
    with Fetcher(replace(quick, deadline=1.0)) as fetcher:
        with pytest.raises(FetchError, match=r"^response took longer than 1 s$"):
            fetcher.fetch(web.url("/trickle"))
    assert time.monotonic() - started < 30  # bounded, not forever


def test_ten_gigabytes_are_refused_unread(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/declared"] = _huge_declared
    web.routes["/streamed"] = _huge_streamed
    started = time.monotonic()
    with Fetcher(quick) as fetcher:
        with pytest.raises(FetchError, match=r"^response too large \(10737.4 MB > 0.2 MB limit\)$"):
            fetcher.fetch(web.url("/declared"))
        with pytest.raises(FetchError, match=r"^response too large \(over the 0.2 MB limit\)$"):
            fetcher.fetch(web.url("/streamed"))
    assert time.monotonic() - started < 30  # bounded, not forever


def test_a_gzip_bomb_is_refused_before_it_inflates(web: LocalWeb, quick: FetchPolicy) -> None:
    bomb = gzip.compress(b"<p>" + b"\0" * (200 * 1024 * 1024), compresslevel=9)  # 200 MB in about 200 KB
    small = gzip.compress(ARTICLE.encode())
    web.routes["/bomb"] = page(bomb, headers={"Content-Encoding": "gzip"})
    web.routes["/small"] = page(small, headers={"Content-Encoding": "gzip"})
    policy = replace(quick, max_bytes=1024 * 1024)
    with Fetcher(policy) as fetcher:
        with pytest.raises(FetchError, match=r"^response too large \(over the 1.04858 MB limit once decompressed\)$"):
            fetcher.fetch(web.url("/bomb"))
        assert fetcher.fetch(web.url("/small")).body == ARTICLE.encode()


@pytest.mark.parametrize(("body", "content_type", "outcome"), [
    # the server says Latin-1, the bytes are UTF-8: UTF-8 that decodes is read as UTF-8
    ("Kyiv said Moscow’s troops shelled Kharkiv, officials said.".encode(), "text/plain; charset=iso-8859-1",
     "Kyiv said Moscow’s troops shelled Kharkiv, officials said."),
    # the server says UTF-8, the bytes are cp1252: refused, with what to do
    ("Kyiv said Moscow’s troops shelled Kharkiv, officials said.".encode("cp1252"), "text/plain; charset=utf-8",
     "not UTF-8 (byte 0x92 at offset 16): name its encoding with --encoding (e.g. cp1252), or convert it to UTF-8"),
    # a charset nobody knows: the UTF-8 bytes are still read
    (b"Iran armed Hezbollah last year, officials said.", "text/plain; charset=x-klingon",
     "Iran armed Hezbollah last year, officials said."),
])
def test_wrong_charsets(web: LocalWeb, quick: FetchPolicy, body: bytes, content_type: str, outcome: str) -> None:
    web.routes["/page"] = page(body, content_type)
    sources = Sources(quick)
    try:
        (item,) = sources.read([web.url("/page")])
    finally:
        sources.close()
    if isinstance(item, Found):
        assert item.document.text == outcome
    else:
        assert item.reason == outcome and item.path == web.url("/page")


def _resolver(public: set[str]):
    """Resolves the names in ``public`` to a global address (the check passes; the connection
    still goes to loopback), and the rest as the system does."""
    def resolve(host: str, port: int):
        if host in public:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port))]
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)

    return resolve


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.7", "private"),
    ("169.254.169.254", "link-local"), ("::1", "loopback"), ("fe80::1", "link-local"),
    ("::ffff:127.0.0.1", "loopback"), ("0.0.0.0", "private"), ("240.0.0.1", "private"),
])
def test_private_addresses_are_not_fetched(quick: FetchPolicy, address: str, kind: str) -> None:
    asked: list[str] = []

    def resolve(host: str, port: int):
        asked.append(host)
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    policy = replace(quick, allow_private=False)
    with Fetcher(policy, resolve=resolve) as fetcher:
        shown = address.removeprefix("::ffff:")
        with pytest.raises(FetchError, match=rf"^metadata\.example is at a {kind} address \({shown}\): not fetched "
                                             r"\(--allow-private fetches it\)$"):
            fetcher.fetch("http://metadata.example/latest/")
    assert asked == ["metadata.example"]


def test_a_redirect_to_a_private_address_is_refused(web: LocalWeb, quick: FetchPolicy) -> None:
    port = web.url("/").rsplit(":", 1)[1].split("/")[0]
    web.routes["/go"] = redirect(f"http://127.0.0.1:{port}/article")
    web.routes["/article"] = page(ARTICLE)
    policy = replace(quick, allow_private=False)
    with Fetcher(policy, resolve=_resolver({"localhost"})) as fetcher:
        with pytest.raises(FetchError, match=r"^127\.0\.0\.1 is at a loopback address \(127\.0\.0\.1\): not fetched"):
            fetcher.fetch(f"http://localhost:{port}/go")
    assert web.requests("/go") and not web.requests("/article")
    # allowed, the same redirect is followed
    with Fetcher(quick) as fetcher:
        assert fetcher.fetch(f"http://localhost:{port}/go").body == ARTICLE.encode()


def test_ingest_goes_on_past_every_hostile_server(web: LocalWeb, quick: FetchPolicy, tmp_path: Path,
                                                  extractor) -> None:
    web.routes["/trickle"] = _trickle
    web.routes["/huge"] = _huge_streamed
    web.routes["/bomb"] = page(gzip.compress(b"\0" * (50 * 1024 * 1024)), headers={"Content-Encoding": "gzip"})
    web.routes["/loop"] = redirect("/loop")
    web.routes["/busy"] = page("busy", status=429, headers={"Retry-After": "0"})
    web.routes["/article"] = page(ARTICLE)
    web.routes["/earlier"] = page(EARLIER)
    urls = tmp_path / "reading.urls"
    urls.write_text("".join(web.url(p) + "\n"
                            for p in ("/earlier", "/trickle", "/huge", "/bomb", "/loop", "/busy", "/article")))
    done = threading.Event()
    with ClaimStore.open(str(tmp_path / "web.db")) as store:
        report = run_ingest(store, [str(urls)], policy=replace(quick, deadline=1.0),
                            extract=extractor.extract_documents)
        done.set()
        assert [(f.path.rsplit("/", 1)[1], f.reason) for f in report.failures] == [
            ("trickle", "response took longer than 1 s"),
            ("huge", "response too large (over the 0.2 MB limit)"),
            ("bomb", "response too large (over the 0.2 MB limit once decompressed)"),
            ("loop", "more than 5 redirects"),
            ("busy", "HTTP 429 Too Many Requests (after 3 tries)")]
        # the page stored before the hostile servers is kept whole, and the one after them stored
        assert store.has_url(web.url("/earlier")) and store.has_url(web.url("/article"))
        assert report.run["documents"] == 2 and report.run["claims"] >= 2
    # without --allow-private, the same list fetches nothing and says why
    with ClaimStore.open(str(tmp_path / "strict.db")) as store:
        report = run_ingest(store, [str(urls)], policy=replace(quick, allow_private=False),
                            extract=extractor.extract_documents)
        assert {f.reason for f in report.failures} == {
            "127.0.0.1 is at a loopback address (127.0.0.1): not fetched (--allow-private fetches it)"}
        assert len(report.failures) == 7
