"""What ``claimgraph ingest`` reads: folders (feeds included), RSS and Atom feeds whose items
carry their content or link to their page, lists of URLs, and URLs; URLs stored before are
not fetched again."""

from __future__ import annotations

from pathlib import Path

from claimgraph.ingest.feeds import parse_feed
from claimgraph.ingest.fetch import FetchPolicy
from claimgraph.ingest.readers import InputFailure
from claimgraph.ingest.sources import Found, Known, Sources

from .web import LocalWeb, page

ARTICLE = ("<html><head><title>Shelling near Afrin</title></head><body><article><h1>Shelling near Afrin</h1>"
           "<p>Turkish troops shelled Kurdish fighters in Afrin on Tuesday, the army said in a statement.</p>"
           "<p>Kurdish officials said two civilians were wounded in the villages north of the town.</p>"
           "</article></body></html>")


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Monitor</title><link>{base}/</link>
<item><title>Arms for Hezbollah</title><link>{base}/arms</link><pubDate>Sun, 12 May 2019 10:00:00 GMT</pubDate>
<author>desk@monitor.example (Desk)</author>
<description>Teaser only.</description>
<content:encoded><![CDATA[<p>Iran armed Hezbollah last year, officials said.</p>
<p>Israel protested to the United Nations.</p>]]></content:encoded></item>
<item><title>Shelling</title><link>{base}/afrin</link><pubDate>Tue, 14 May 2019 08:00:00 GMT</pubDate>
<description>Turkish troops shelled Afrin.</description></item>
<item><title>Nothing here</title></item>
</channel></rss>"""


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2019-05-12T00:00:00Z</updated>
<entry><title>Rockets</title><id>urn:wire:1</id><updated>2019-05-13T09:00:00Z</updated>
<content type="html">&lt;p&gt;Hamas fired rockets at Israel on Monday, the army said.&lt;/p&gt;</content></entry>
</feed>"""


def _read(sources: Sources, inputs: list[str]) -> list[tuple[str, str | int | None, str]]:
    out: list[tuple[str, str | int | None, str]] = []
    for item in sources.read(inputs):
        if isinstance(item, Found):
            out.append(("found", item.line, item.document.id))
        elif isinstance(item, Known):
            out.append(("known", None, item.source))
        else:
            assert isinstance(item, InputFailure)
            out.append(("failed", item.line, f"{item.path}: {item.reason}"))
    return out


def test_feeds_parse_rss_and_atom() -> None:
    title, entries = parse_feed(rss("https://monitor.example").encode())
    assert title == "Monitor"
    assert [(e.id, e.title, e.published) for e in entries] == [
        ("https://monitor.example/arms", "Arms for Hezbollah", "2019-05-12"),
        ("https://monitor.example/afrin", "Shelling", "2019-05-14"),
        (None, "Nothing here", None)]
    assert entries[0].content and "Iran armed Hezbollah" in entries[0].content and entries[1].content is None
    title, entries = parse_feed(ATOM.encode())
    assert title == "Wire" and entries[0].id == "urn:wire:1" and entries[0].published == "2019-05-13"


def test_a_feed_url_gives_its_items_from_content_or_linked_page(web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/feed"] = page(rss(web.base), "application/rss+xml")
    web.routes["/afrin"] = page(ARTICLE)
    sources = Sources(quick)
    items = list(sources.read([web.url("/feed")]))
    sources.close()
    assert [type(i).__name__ for i in items] == ["Found", "Found", "InputFailure"]
    arms, afrin, nothing = items
    assert isinstance(arms, Found) and isinstance(afrin, Found) and isinstance(nothing, InputFailure)
    assert arms.document.text == ("Iran armed Hezbollah last year, officials said.\n"
                                  "Israel protested to the United Nations.")
    assert (arms.document.id, arms.document.title, arms.document.published, arms.document.site) == (
        web.url("/arms"), "Arms for Hezbollah", "2019-05-12", f"127.0.0.1:{web.server.server_address[1]}")
    assert arms.source == web.url("/feed") and arms.page is not None and arms.page.url == web.url("/feed")
    # the second item has only a summary: its page is fetched, and the feed's date kept
    assert "Turkish troops shelled Kurdish fighters in Afrin on Tuesday" in afrin.document.text
    assert (afrin.document.title, afrin.document.published) == ("Shelling near Afrin", "2019-05-14")
    assert afrin.page is not None and afrin.page.body == ARTICLE.encode()
    assert (nothing.path, nothing.line, nothing.reason) == (web.url("/feed"), 3,
                                                            "feed item 3 has no content and no link")
    assert web.requests("/arms") == [], "an item with its content is not fetched"


def test_a_folder_holds_text_html_json_lines_and_feeds(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Iran armed Hezbollah last year, officials said.")
    (tmp_path / "sub" / "b.htm").write_text(ARTICLE)
    (tmp_path / "sub" / "c.jsonl").write_text('{"id": "c1", "text": "Russia attacked Ukraine."}\n')
    (tmp_path / "wire.xml").write_text(ATOM)
    (tmp_path / "notes.md").write_text("not read")
    (tmp_path / ".hidden.txt").write_text("not read")
    sources = Sources()
    assert sources.estimate([str(tmp_path)]) == 4
    assert _read(sources, [str(tmp_path)]) == [
        ("found", None, str(tmp_path / "a.txt")), ("found", None, str(tmp_path / "sub" / "b.htm")),
        ("found", 1, "c1"), ("found", 1, "urn:wire:1")]


def test_a_list_of_urls_is_fetched_and_known_urls_are_not(tmp_path: Path, web: LocalWeb, quick: FetchPolicy) -> None:
    web.routes["/afrin"] = page(ARTICLE)
    web.routes["/report.pdf"] = page(b"%PDF-1.4", "application/pdf")
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# reading list\n{web.url('/afrin')}\n\n{web.url('/seen')}\n{web.url('/report.pdf')}\n"
                    f"{web.url('/missing')}\nftp://files.example/a.html\n")
    sources = Sources(quick, known_url=lambda url: url.endswith("/seen"))
    assert sources.estimate([str(urls)]) == 5
    assert _read(sources, [str(urls)]) == [
        ("found", None, web.url("/afrin")),
        ("known", None, web.url("/seen")),
        ("failed", None, f"{web.url('/report.pdf')}: not an HTML page or a feed (application/pdf)"),
        ("failed", None, f"{web.url('/missing')}: HTTP 404 Not Found"),
        ("failed", None, "ftp://files.example/a.html: only http(s) URLs are fetched, not ftp")]
    sources.close()
    assert web.requests("/seen") == []


def test_an_xml_file_that_is_no_feed_fails(tmp_path: Path) -> None:
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    [failure] = Sources().read([str(sitemap)])
    assert isinstance(failure, InputFailure) and failure.path == str(sitemap)
    assert failure.reason.startswith("not an RSS or Atom feed")
