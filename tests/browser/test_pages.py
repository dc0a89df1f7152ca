"""The pages in a real headless browser: Debian's chromium (installed by the project's
set-up when absent, see conftest.py), driven by playwright pointed at it (no browser is
downloaded), against `claimgraph serve`'s app on a real store, served by uvicorn on a
loopback port.  Screenshots of the main pages go to tests/browser/screenshots/."""

from __future__ import annotations

from .conftest import TOKEN, shot


def test_search_actor_links_evidence_document_review(server, page):
    requests_elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else requests_elsewhere.append(r.url))
    # search an actor, misspelt first
    page.goto(f"{server}/?q=Hezbolah")
    assert "Hezbollah" in page.locator("a.suggestion").all_inner_texts()
    page.fill("#search", "qaeda")
    page.press("#search", "Enter")
    page.wait_for_selector("a.actor-link")
    shot(page, "search")
    page.click("a.actor-link:has-text('al-Qaeda')")
    page.wait_for_selector("#actor-name")
    assert page.inner_text("#actor-name") == "al-Qaeda"
    page.wait_for_selector("#activity svg rect")
    shot(page, "actor")
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
    shot(page, "links")
    # the document view, the claim's sentence highlighted in place
    page.click("#evidence-list a.open-document >> nth=0")
    page.wait_for_selector("#document-text .hl-chosen")
    # the sentence is cut where its parts are marked: each piece carries the sentence's class
    assert "Iran funded al-Qaeda" in "".join(page.locator("#document-text .hl-chosen").all_inner_texts())
    assert page.locator("#document-text .hl-actor").count() >= 1
    shot(page, "document")
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
    shot(page, "review")
    # the rejected claim has left the link
    page.goto(f"{server}/links?a=Iran&b=al-Qaeda&event=AID&via=0")
    page.click("tr.edge-row >> nth=0 >> a.show-edge")
    page.wait_for_selector("#evidence-list .claim")
    assert page.locator("#evidence-list .review-rejected").count() == 0
    shown = page.locator("#evidence-list .claim").evaluate_all("els => els.map(e => e.dataset.pk)")
    assert shown and claim_url.rsplit("/", 1)[1] not in shown
    assert not requests_elsewhere, requests_elsewhere


def test_correct_a_claim_then_undo_the_review(server, page):
    # a claim of the edge Iran -> al-Qaeda, AID, that no other test reviews
    found = page.request.get(f"{server}/api/claims", params={"actor": "Iran", "recipient": "al-Qaeda",
                                                             "event": "AID", "limit": 50})
    claim = next(c for c in found.json()["items"] if c["doc_id"] == "ledger-2")
    pk = str(claim["pk"])

    def aid_evidence() -> list[str]:
        page.goto(f"{server}/links?a=Iran&b=al-Qaeda&event=AID&via=0")
        page.click("tr.edge-row >> nth=0 >> a.show-edge")
        page.wait_for_selector("#evidence-list .claim")
        return page.locator("#evidence-list .claim").evaluate_all("els => els.map(e => e.dataset.pk)")

    assert pk in aid_evidence()
    page.goto(f"{server}/claim/{pk}")
    assert page.locator("#undo-review").count() == 0  # nothing to undo yet
    page.fill("#reviewer", "bob")
    page.fill("#token", TOKEN)
    page.select_option("select[name=event]", "ACCUSE")
    with page.expect_navigation():
        page.click("#correct")
    assert page.inner_text("#verdict") == "corrected" and "ACCUSE" in page.inner_text(".claim .meta")
    assert pk not in aid_evidence()
    # undo: asked first; a client without the token (no cookie, none saved) is refused and nothing changes
    page.context.clear_cookies()
    page.evaluate("localStorage.removeItem('claimgraph_token')")
    page.goto(f"{server}/claim/{pk}")
    assert page.input_value("#token") == ""
    page.once("dialog", lambda d: d.accept())
    page.click("#undo-review")
    page.wait_for_function("document.getElementById('review-message').textContent.includes('401')")
    page.reload()
    assert page.inner_text("#verdict") == "corrected"
    page.fill("#token", TOKEN)
    page.once("dialog", lambda d: d.dismiss())  # changing one's mind keeps the review
    page.click("#undo-review")
    page.wait_for_timeout(500)
    assert page.inner_text("#review-message") == "" and page.locator("#verdict").count() == 1
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.click("#undo-review")
    page.reload()
    assert "Not reviewed yet." in page.inner_text("#review-state") and page.locator("#undo-review").count() == 0
    meta = page.inner_text(".claim .meta")
    assert "AID" in meta and "ACCUSE" not in meta
    shot(page, "undone")
    assert pk in aid_evidence()


def test_corroboration_and_contradictions(server, page):
    page.goto(f"{server}/")
    page.click("header nav a:has-text('Corroboration')")
    page.wait_for_selector("section.corroborated")
    irgc = page.locator("section.corroborated[data-edge='irgc|al-qaeda|AID|0']")
    assert "2 independent sources" in irgc.inner_text()
    assert set(irgc.locator(".source").all_inner_texts()) == {"gulfdispatch.example (1 affirmed claim)",
                                                               "theledger.example (1 affirmed claim)"}
    shot(page, "corroboration")
    page.fill("input[name=actor]", "Iran")
    page.click("form.row button[type=submit]")
    page.wait_for_selector("section.corroborated")
    assert "actor=Iran" in page.url and page.locator("section.corroborated[data-edge^='iran|']").count() >= 1
    page.goto(f"{server}/contradictions?actor=Iran")
    section = page.locator("section.contradiction").first
    assert "Affirmed" in section.inner_text() and "Against" in section.inner_text()
    shot(page, "contradictions")


def test_filters_reach_the_paths_through_intermediaries(server, page):
    """Iran reaches al-Qaeda through Hezbollah (a Beirut paper's claims only) and through
    the IRGC (The Ledger's and the Gulf Dispatch's): filtered by publisher, the graph keeps
    the path whose hops have claims from it, and a path edge counts and shows only those."""
    page.goto(f"{server}/links?a=Iran&b=al-Qaeda&via=1")
    page.wait_for_selector("#graph canvas")

    def drawn() -> tuple[set[str], set[str]]:
        nodes, edges = page.evaluate("() => [window.claimgraphCy.nodes().map(n => n.id()), "
                                     "window.claimgraphCy.edges().map(e => e.id() + ' ' + e.data('label'))]")
        return set(nodes), set(edges)

    assert {"hezbollah", "irgc"} <= drawn()[0] and "irgc|al-qaeda|AID|0 AID (2)" in drawn()[1]
    page.fill("input[name=publisher]", "theledger.example")
    with page.expect_navigation():
        page.click("#links-form button[type=submit]")
    page.wait_for_selector("#graph canvas")
    assert "publisher=theledger.example" in page.url
    nodes, edges = drawn()
    assert "hezbollah" not in nodes and "irgc" in nodes and "irgc|al-qaeda|AID|0 AID (1)" in edges
    # the path edge opened from the graph: its one claim from that publisher
    page.evaluate("() => window.claimgraphCy.getElementById('irgc|al-qaeda|AID|0').emit('tap')")
    page.wait_for_selector("#evidence-list .claim")
    assert page.locator("#evidence-list .claim").count() == 1
    assert "theledger.example" in page.inner_text("#evidence-list")
    shot(page, "links-filtered")
