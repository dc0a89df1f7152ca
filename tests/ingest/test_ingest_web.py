"""Ingesting from the web into a claim store: each fetched page is kept as it came (body,
headers, time, redirects); a second run fetches nothing and adds nothing; the seed
article's page is stored as exactly its article text."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from claimgraph.ingest.fetch import FetchPolicy
from claimgraph.ingest.run import run_ingest
from claimgraph.store import ClaimStore
from claimgraph.store.schema import documents, fetched_pages

from .pages import seed_page
from .test_sources import ARTICLE, rss
from .web import LocalWeb, page, redirect


def test_fetched_pages_are_kept_and_not_fetched_twice(tmp_path: Path, web: LocalWeb, quick: FetchPolicy,
                                                      extractor) -> None:
    web.routes["/feed"] = page(rss(web.base), "application/rss+xml")
    web.routes["/afrin"] = page(ARTICLE, headers={"Last-Modified": "Tue, 14 May 2019 08:00:00 GMT"})
    web.routes["/short"] = redirect("/afrin-2")
    web.routes["/afrin-2"] = page(ARTICLE.replace("Tuesday", "Wednesday"))
    urls = tmp_path / "reading.urls"
    urls.write_text(f"{web.url('/short')}\n{web.url('/feed')}\n{web.url('/missing')}\n")
    with ClaimStore.open(str(tmp_path / "web.db")) as store:
        report = run_ingest(store, [str(urls)], policy=quick, extract=extractor.extract_documents)
        assert [(f.path, f.reason) for f in report.failures] == [
            (web.url("/feed"), "feed item 3 has no content and no link"),
            (web.url("/missing"), "HTTP 404 Not Found")]
        assert report.run["documents"] == 3 and report.run["claims"] > 0
        with store.engine.connect() as conn:
            docs = {r.doc_id: r for r in conn.execute(select(documents))}
            pages = {r.id: r for r in conn.execute(select(fetched_pages))}
        assert set(docs) == {web.url("/short"), web.url("/arms"), web.url("/afrin")}
        short = pages[docs[web.url("/short")].fetched_page_id]
        assert (short.url, short.final_url, short.status, short.redirects) == (
            web.url("/short"), web.url("/afrin-2"), 200, [web.url("/short")])
        assert short.body == ARTICLE.replace("Tuesday", "Wednesday").encode()
        assert short.headers["content-type"] == "text/html; charset=utf-8" and short.fetched_at is not None
        assert docs[web.url("/short")].url == web.url("/afrin-2")
        afrin = pages[docs[web.url("/afrin")].fetched_page_id]
        assert afrin.headers["last-modified"] == "Tue, 14 May 2019 08:00:00 GMT"
        # the item with its content in the feed points at the feed as fetched
        feed = pages[docs[web.url("/arms")].fetched_page_id]
        assert feed.url == web.url("/feed") and b"<rss" in feed.body
        assert (docs[web.url("/arms")].source, docs[web.url("/arms")].source_line) == (web.url("/feed"), 1)

        asked = len(web.log)
        again = run_ingest(store, [str(urls)], policy=quick, extract=extractor.extract_documents)
        assert again.run["documents"] == 0 and again.run["duplicates"] == 3
        with store.engine.connect() as conn:
            assert len(conn.execute(select(fetched_pages.c.id)).all()) == len(pages)
        # only the feed (it may have new items) and the URL that failed were asked again
        assert sorted(p for p, _ in web.log[asked:]) == ["/feed", "/missing", "/robots.txt"]


def test_the_seed_page_is_stored_as_its_article(tmp_path: Path, seed_text: str, extractor) -> None:
    html, title, paragraphs = seed_page(seed_text)
    (tmp_path / "seed.html").write_text(html)
    with ClaimStore.open(str(tmp_path / "seed.db")) as store:
        report = run_ingest(store, [str(tmp_path / "seed.html")], extract=extractor.extract_documents)
        assert report.ok and report.run["documents"] == 1 and report.run["claims"] > 0
        with store.engine.connect() as conn:
            row = conn.execute(select(documents.c.text, documents.c.title, documents.c.language)).one()
    assert row.text == "\n".join(paragraphs)
    assert (row.title, row.language) == (title, "en")
