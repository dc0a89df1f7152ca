"""Fetching over HTTP from a server on 127.0.0.1: pages kept as fetched; robots.txt obeyed;
one request per interval per host; retries of 5xx and timeouts; redirects followed within a
limit and only to http(s); responses cut at a size cap; other schemes refused."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from claimgraph.ingest.fetch import Fetcher, FetchError, FetchPolicy

from .web import LocalWeb, flaky, page, redirect, slow, stream

ARTICLE = "<html><body><article><p>Iran armed Hezbollah last year, officials said.</p></article></body></html>"
ROBOTS = "User-agent: *\nDisallow: /private\n"


def test_a_page_is_kept_as_fetched(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/robots.txt"] = page(ROBOTS, "text/plain")
    web.routes["/article"] = page(ARTICLE, headers={"X-Seen": "yes"})
    with Fetcher(quick) as fetcher:
        got = fetcher.fetch(web.url("/article"))
        again = fetcher.fetch(web.url("/article"))
    assert got.body == ARTICLE.encode() and got.status == 200
    assert got.url == got.final_url == web.url("/article") and got.redirects == ()
    assert got.headers["content-type"] == "text/html; charset=utf-8" and got.headers["x-seen"] == "yes"
    assert got.media_type == "text/html" and got.charset == "utf-8"
    assert abs(datetime.now(UTC) - got.fetched_at) < timedelta(seconds=10)
    assert again.body == got.body
    assert len(web.requests("/robots.txt")) == 1, "robots.txt is read once per host"
    assert "claimgraph/" in fetcher.policy.user_agent


def test_robots_txt_is_obeyed(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/robots.txt"] = page(ROBOTS, "text/plain")
    web.routes["/private/report"] = page(ARTICLE)
    with Fetcher(quick) as fetcher, pytest.raises(FetchError, match="disallowed by robots.txt"):
        fetcher.fetch(web.url("/private/report"))
    assert web.requests("/private/report") == []


def test_a_missing_robots_txt_allows_and_an_unreachable_one_forbids(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/article"] = page(ARTICLE)
    with Fetcher(quick) as fetcher:
        assert fetcher.fetch(web.url("/article")).status == 200  # robots.txt is a 404 here
    web.routes["/robots.txt"] = page("down", status=503)
    with Fetcher(quick) as fetcher, pytest.raises(FetchError, match=r"robots.txt unreachable \(HTTP 503"):
        fetcher.fetch(web.url("/article"))
    assert len(web.requests("/robots.txt")) == 1 + 3, "the robots.txt request was retried"


def test_each_host_is_asked_once_per_interval(web: LocalWeb, quick: FetchPolicy) -> None:
    for n in range(3):
        web.routes[f"/a{n}"] = page(ARTICLE)
    with Fetcher(replace(quick, host_interval=0.3)) as fetcher:
        for n in range(3):
            fetcher.fetch(web.url(f"/a{n}"))
    times = [t for _, t in web.log]  # robots.txt, /a0, /a1, /a2
    assert len(times) == 4
    # the server sees each request a little after the client sent it: allow for that
    assert all(b - a >= 0.25 for a, b in zip(times, times[1:], strict=False))


def test_a_robots_crawl_delay_slows_the_pace(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/robots.txt"] = page("User-agent: claimgraph\nCrawl-delay: 1\n", "text/plain")
    web.routes["/a"] = page(ARTICLE)
    web.routes["/b"] = page(ARTICLE)
    with Fetcher(quick) as fetcher:
        fetcher.fetch(web.url("/a"))
        fetcher.fetch(web.url("/b"))
    assert web.requests("/b")[0] - web.requests("/a")[0] >= 0.95


def test_server_errors_are_retried(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/flaky"] = flaky(2, page(ARTICLE))
    web.routes["/down"] = page("broken", status=500)
    web.routes["/gone"] = page("gone", status=404)
    with Fetcher(quick) as fetcher:
        assert fetcher.fetch(web.url("/flaky")).body == ARTICLE.encode()
        with pytest.raises(FetchError, match=r"^HTTP 500 Internal Server Error \(after 3 tries\)$"):
            fetcher.fetch(web.url("/down"))
        with pytest.raises(FetchError, match=r"^HTTP 404 Not Found$") as err:
            fetcher.fetch(web.url("/gone"))
    assert err.value.status == 404
    assert (len(web.requests("/flaky")), len(web.requests("/down")), len(web.requests("/gone"))) == (3, 3, 1)


def test_retry_after_is_honoured(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/busy"] = flaky(1, page(ARTICLE), status=429, retry_after="1")
    with Fetcher(quick) as fetcher:
        fetcher.fetch(web.url("/busy"))
    first, second = web.requests("/busy")
    assert second - first >= 0.95


def test_a_slow_server_times_out(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/slow"] = slow(3, page(ARTICLE))
    started = time.monotonic()
    with Fetcher(replace(quick, timeout=0.3, retries=1)) as fetcher:
        with pytest.raises(FetchError, match=r"^timed out \(no answer within 0.3 s\) \(after 2 tries\)$"):
            fetcher.fetch(web.url("/slow"))
    assert time.monotonic() - started < 2.5


def test_redirects_are_followed_within_limits(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/old"] = redirect("/moved", 301)
    web.routes["/moved"] = redirect(web.url("/article"))
    web.routes["/article"] = page(ARTICLE)
    web.routes["/loop"] = redirect("/loop")
    web.routes["/elsewhere"] = redirect("ftp://files.example/report.html")
    with Fetcher(quick) as fetcher:
        got = fetcher.fetch(web.url("/old"))
        assert got.final_url == web.url("/article") and got.url == web.url("/old")
        assert got.redirects == (web.url("/old"), web.url("/moved"))
        with pytest.raises(FetchError, match="more than 5 redirects"):
            fetcher.fetch(web.url("/loop"))
        with pytest.raises(FetchError, match="redirected to a URL that is not http"):
            fetcher.fetch(web.url("/elsewhere"))
    assert len(web.requests("/loop")) == 6


def test_responses_over_the_size_cap_are_refused(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/declared"] = page(b"<p>" + b"x" * 300_000)
    web.routes["/streamed"] = stream(5_000_000)
    with Fetcher(quick) as fetcher:
        with pytest.raises(FetchError, match=r"response too large \(0.3 MB > 0.2 MB limit\)"):
            fetcher.fetch(web.url("/declared"))
        with pytest.raises(FetchError, match=r"response too large \(over the 0.2 MB limit\)"):
            fetcher.fetch(web.url("/streamed"))


def test_only_http_urls_are_fetched(quick: FetchPolicy) -> None:
    with Fetcher(quick) as fetcher:
        for url in ("ftp://files.example/a.html", "file:///etc/passwd", "javascript:alert(1)"):
            with pytest.raises(FetchError, match="only http"):
                fetcher.fetch(url)
