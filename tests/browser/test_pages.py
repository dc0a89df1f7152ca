"""The pages in a real headless browser: Debian's chromium (installed by
scripts/test-setup.sh, which ./run.sh test runs), driven by playwright pointed at it (no
browser is downloaded), against `claimgraph serve`'s app on a real store, served by uvicorn
on a loopback port.  Screenshots of the main pages go to tests/browser/screenshots/."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from claimgraph.store import ClaimStore
from claimgraph.web.app import WebConfig, create_app
from query.corpus import build_corpus_store

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).parent / "screenshots"
TOKEN = "browser-test-token"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(),
                                reason=f"{CHROMIUM} is not installed (scripts/test-setup.sh installs it as root)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(extractor, tmp_path_factory):
    import uvicorn

    db = build_corpus_store(extractor, str(tmp_path_factory.mktemp("browser") / "claims.db"))
    port = _free_port()
    with ClaimStore.open(db) as store:
        config = uvicorn.Config(create_app(store, WebConfig(token=TOKEN)), host="127.0.0.1", port=port,
                                log_level="warning")
        srv = uvicorn.Server(config)
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 60
        while not srv.started and time.monotonic() < deadline:
            time.sleep(0.1)
        assert srv.started, "the server did not start"
        yield f"http://127.0.0.1:{port}"
        srv.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def page(server, tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True,
                                                       args=FLAGS, viewport={"width": 1300, "height": 900})
        context.set_default_timeout(60_000)
        pg = context.new_page()
        yield pg
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_actor_links_evidence_document_review(server, page):
    requests_elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else requests_elsewhere.append(r.url))
    # search an actor, misspelt first
    page.goto(f"{server}/?q=Hezbolah")
    assert "Hezbollah" in page.locator("a.suggestion").all_inner_texts()
    page.fill("#search", "qaeda")
    page.press("#search", "Enter")
    page.wait_for_selector("a.actor-link")
    _shot(page, "search")
    page.click("a.actor-link:has-text('al-Qaeda')")
    page.wait_for_selector("#actor-name")
    assert page.inner_text("#actor-name") == "al-Qaeda"
    page.wait_for_selector("#activity svg rect")
    _shot(page, "actor")
    # the link between two actors, filtered by event type
    page.goto(f"{server}/links?a=Iran&b=al-Qaeda&via=1")
    page.select_option("select[name=event]", "AID")
    page.click("#links-form button[type=submit]")
    page.wait_for_selector("#graph canvas")
    assert "event=AID" in page.url
    rows = page.locator("tr.edge-row")
    assert rows.count() >= 1 and all("AID" in rows.nth(i).inner_text() for i in range(rows.count()))
    # nodes sized by claims, edges coloured by type: the graph holds the two actors and their edge
    drawn = page.evaluate("() => [window.claimgraphCy.nodes().map(n => n.id()).sort(), "
                          "window.claimgraphCy.edges().map(e => e.data('colour'))]")
    assert {"iran", "al-qaeda"} <= set(drawn[0]) and drawn[1]
    # the evidence of an edge
    page.click("tr.edge-row >> nth=0 >> a.show-edge")
    page.wait_for_selector("#evidence-list .claim")
    evidence = page.inner_text("#evidence-list")
    assert "Iran funded al-Qaeda" in evidence
    assert page.locator("#evidence-list .hl-trigger").count() >= 1
    _shot(page, "links")
    # the document view, the claim's sentence highlighted in place
    page.click("#evidence-list a.open-document >> nth=0")
    page.wait_for_selector("#document-text .hl-chosen")
    # the sentence is cut where its parts are marked: each piece carries the sentence's class
    assert "Iran funded al-Qaeda" in "".join(page.locator("#document-text .hl-chosen").all_inner_texts())
    assert page.locator("#document-text .hl-actor").count() >= 1
    _shot(page, "document")
    # review: a read-only client (no token) is refused, then the reviewer rejects it
    page.click(".chosen a.open-claim")
    page.wait_for_selector("#review-form")
    claim_url = page.url
    page.fill("#reviewer", "ann")
    page.click("#confirm")
    page.wait_for_function("document.getElementById('review-message').textContent.includes('401')")
    page.fill("#token", TOKEN)
    # once saved, the form reloads the page itself: wait for that reload, or a goto races it
    with page.expect_navigation():
        page.click("#reject")
    page.goto(claim_url)
    page.reload()
    assert page.inner_text("#verdict") == "rejected" and page.inner_text("#reviewer-name") == "ann"
    _shot(page, "review")
    # the rejected claim has left the link
    page.goto(f"{server}/links?a=Iran&b=al-Qaeda&event=AID&via=0")
    page.click("tr.edge-row >> nth=0 >> a.show-edge")
    page.wait_for_selector("#evidence-list .claim")
    assert page.locator("#evidence-list .review-rejected").count() == 0
    shown = page.locator("#evidence-list .claim").evaluate_all("els => els.map(e => e.dataset.pk)")
    assert shown and claim_url.rsplit("/", 1)[1] not in shown
    assert not requests_elsewhere, requests_elsewhere
