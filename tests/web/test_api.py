"""The HTTP API on a real store, on SQLite and PostgreSQL: every endpoint answers what the
queries say, pages and limits hold, reads are open on loopback and need the token from
elsewhere, writes always need it, CORS is off unless configured, large bodies are refused,
and a review through the API changes what links and claims show."""

from __future__ import annotations

from fastapi.testclient import TestClient

from claimgraph.store import ClaimStore
from claimgraph.web.app import WebConfig, create_app

from .conftest import AUTH, LOOPBACK, TOKEN, make_db


def test_search_and_profile(client):
    found = client.get("/api/actors", params={"q": "qaeda"}).json()
    assert found["items"][0]["id"] == "al-qaeda" and found["items"][0]["claims_in"] >= 7
    # by an alias stored with a mention: "Tehran" names Iran
    assert client.get("/api/actors", params={"q": "Tehran"}).json()["items"][0]["id"] == "iran"
    misspelt = client.get("/api/actors", params={"q": "Hezbolah"}).json()
    assert misspelt["items"] == [] and "Hezbollah" in misspelt["suggestions"]
    profile = client.get("/api/actors/IRGC").json()
    assert profile["actor"]["id"] == "irgc" and profile["claims_out"]["AID"] == 2
    assert any(a["role"] == "spokesman" for a in profile["affiliations"])
    # counterparts by event type: Iran funds al-Qaeda (five claims, one negated) and says it did
    # not cooperate with it; it funds Hezbollah
    iran = {c["id"]: c["events"] for c in client.get("/api/actors/Iran").json()["counterparts"]}
    assert iran["al-qaeda"] == {"AID": 5, "COOPERATE": 1} and iran["hezbollah"] == {"AID": 1}
    page = client.get("/actor/Iran").text
    assert 'href="/links?a=iran&b=al-qaeda&event=COOPERATE"' in page
    missing = client.get("/api/actors/Narnia")
    assert missing.status_code == 404 and "no actor named" in missing.json()["detail"]["message"]
    months = client.get("/api/actors/Iran/activity").json()["months"]
    assert {"month": "2010-01", "claims": 2} in months or any(m["month"].startswith("2010") for m in months)


def test_links_paths_and_filters(client):
    links = client.get("/api/links", params={"a": "Iran", "b": "al-Qaeda", "via": 1, "evidence": 2}).json()
    aid = next(e for e in links["edges"] if e["event"] == "AID" and not e["mutual"])
    assert aid["claims"] == 5 and len(aid["evidence"]) == 2 and all(c["pk"] > 0 for c in aid["evidence"])
    assert any([a["id"] for a in p["actors"]] == ["iran", "hezbollah", "al-qaeda"] for p in links["paths"])
    page2 = client.get("/api/links", params={"a": "Iran", "b": "al-Qaeda", "evidence": 2, "offset": 2}).json()
    aid2 = next(e for e in page2["edges"] if e["event"] == "AID" and not e["mutual"])
    assert not {c["pk"] for c in aid2["evidence"]} & {c["pk"] for c in aid["evidence"]}
    hedged = client.get("/api/links", params={"a": "Iran", "b": "al-Qaeda", "certainty": "possible"}).json()
    assert hedged["filtered"] and [e["claims"] for e in hedged["edges"]] == [1]
    assert hedged["edges"][0]["evidence"][0]["doc_id"] == "hedge"
    negated = client.get("/api/links", params={"a": "Iran", "b": "al-Qaeda", "polarity": "negated",
                                               "event": "AID"}).json()
    assert [c["doc_id"] for e in negated["edges"] for c in e["evidence"]] == ["denial"]
    for bad in ({"evidence": 51}, {"via": 4}, {"since": "yesterday"}, {"event": "FLY"}):
        assert client.get("/api/links", params={"a": "Iran", "b": "al-Qaeda", **bad}).status_code == 422


def _path_hops(found: dict) -> dict[tuple[str, ...], list[list[tuple[str, int, list[str]]]]]:
    """Each path's actors -> its hops' edges as (event, claims, documents of the evidence)."""
    return {tuple(a["id"] for a in p["actors"]): [[(e["event"], e["claims"], [c["doc_id"] for c in e["evidence"]])
                                                   for e in h["edges"]] for h in p["hops"]] for p in found["paths"]}


def test_filters_apply_to_paths_through_intermediaries(client):
    """Iran reaches al-Qaeda through Hezbollah (a Beirut paper's two claims, of 2016 and
    2015) and through the IRGC (part of Iran; its claims from The Ledger and the Gulf
    Dispatch): a filter that leaves a hop without evidence removes the path, and the
    figures of the hops it keeps count only the claims that pass."""
    params = {"a": "Iran", "b": "al-Qaeda", "via": 1, "evidence": 3}
    plain = client.get("/api/links", params=params).json()
    assert set(_path_hops(plain)) == {("iran", "hezbollah", "al-qaeda"), ("iran", "irgc", "al-qaeda")}
    # a filter every claim passes builds the same edges and paths as the summaries, figures and evidence alike
    everything = client.get("/api/links", params={**params, "since": "1900"}).json()
    assert everything["filtered"] and not everything["truncated"]
    assert (everything["edges"], everything["paths"]) == (plain["edges"], plain["paths"])
    # the path through Hezbollah has only the Beirut paper's evidence
    ledger = client.get("/api/links", params={**params, "publisher": "theledger.example"}).json()
    assert _path_hops(ledger) == {("iran", "irgc", "al-qaeda"): [[], [("AID", 1, ["ledger-1"])]]}
    assert [(e["event"], e["claims"]) for e in ledger["edges"]] == [("AID", 1)]
    beirut = client.get("/api/links", params={**params, "publisher": "beirutnews.example"}).json()
    assert beirut["edges"] == [] and _path_hops(beirut) == {
        ("iran", "hezbollah", "al-qaeda"): [[("AID", 1, ["hezbollah"])], [("AID", 1, ["hezbollah"])]]}
    # dates: Hezbollah's claims refer to years before 2017
    later = client.get("/api/links", params={**params, "since": "2017"}).json()
    assert set(_path_hops(later)) == {("iran", "irgc", "al-qaeda")}
    assert set(_path_hops(client.get("/api/links", params={**params, "until": "2016"}).json())) == {
        ("iran", "hezbollah", "al-qaeda")}
    # review status: rejecting Iran -> Hezbollah's only claim takes the path away, except from
    # the filters that ask for rejected claims, which build it from them
    pk = client.get("/api/claims", params={"actor": "Iran", "recipient": "Hezbollah"}).json()["items"][0]["pk"]
    assert client.post(f"/api/claims/{pk}/review", json={"verdict": "rejected", "reviewer": "ann"},
                       headers=AUTH).status_code == 200
    assert set(_path_hops(client.get("/api/links", params=params).json())) == {("iran", "irgc", "al-qaeda")}
    rejected = client.get("/api/links", params={**params, "review": "rejected"}).json()
    assert rejected["edges"] == [] and set(_path_hops(rejected)) == set()  # Hezbollah -> al-Qaeda stands
    assert set(_path_hops(client.get("/api/links", params={**params, "review": "all"}).json())) == {
        ("iran", "hezbollah", "al-qaeda"), ("iran", "irgc", "al-qaeda")}
    assert set(_path_hops(client.get("/api/links", params={**params, "review": "reviewed"}).json())) == set()
    # the page draws the paths under the filters, and a path edge's evidence follows them
    page = client.get("/links", params={"a": "Iran", "b": "al-Qaeda", "via": 1, "publisher": "theledger.example"})
    assert '"irgc"' in page.text and '"hezbollah"' not in page.text and "event type filter only" not in page.text
    evidence = client.get("/links/evidence", params={"edge": "irgc|al-qaeda|AID|0", "publisher": "theledger.example"})
    assert "claims 1–1 of 1" in evidence.text and "theledger.example, 2019-06-10" in evidence.text


def test_claims_timeline_contradictions_documents(client):
    page = client.get("/api/claims", params={"involving": "Iran", "event": "AID", "limit": 2}).json()
    rest = client.get("/api/claims", params={"involving": "Iran", "event": "AID", "limit": 2, "offset": 2}).json()
    assert page["total"] == rest["total"] == 6 and len(page["items"]) == 2
    assert not {c["pk"] for c in page["items"]} & {c["pk"] for c in rest["items"]}
    assert client.get("/api/claims", params={"limit": 201}).status_code == 422
    timeline = client.get("/api/timeline", params={"a": "Iran", "b": "al-Qaeda"}).json()
    dates = [e["date"] for e in timeline["items"]]
    assert timeline["total"] == 6 and dates == sorted(dates) and timeline["next_cursor"] is None
    # the same by cursor, four then two
    first = client.get("/api/timeline", params={"a": "Iran", "b": "al-Qaeda", "limit": 4}).json()
    second = client.get("/api/timeline", params={"a": "Iran", "b": "al-Qaeda", "limit": 4,
                                                 "cursor": first["next_cursor"]}).json()
    assert [e["claim"]["pk"] for e in first["items"] + second["items"]] == \
        [e["claim"]["pk"] for e in timeline["items"]]
    assert second["total"] == 6 and second["next_cursor"] is None
    by_cursor = client.get("/api/claims", params={"involving": "Iran", "event": "AID", "limit": 2,
                                                  "cursor": page["next_cursor"]}).json()
    assert by_cursor["items"] == rest["items"] and by_cursor["total"] == 6
    bad = client.get("/api/timeline", params={"a": "Iran", "cursor": first["next_cursor"]})
    assert bad.status_code == 422 and "not a cursor of this list" in bad.json()["detail"]
    found = client.get("/api/contradictions", params={"actor": "Iran"}).json()
    assert any(x["kind"] == "negated" and x["event"] == "AID" for x in found["items"])
    one = client.get("/api/contradictions", params={"actor": "Iran", "limit": 1}).json()
    after = client.get("/api/contradictions", params={"actor": "Iran", "limit": 1,
                                                      "cursor": one["next_cursor"]}).json()
    assert [x["kind"] for x in one["items"] + after["items"]] == [x["kind"] for x in found["items"]] == \
        ["negated", "denied"] and after["next_cursor"] is None and after["total"] == 2
    docs = client.get("/api/documents", params={"q": "ledger"}).json()
    assert docs["total"] == 2 and {d["doc_id"] for d in docs["items"]} == {"ledger-1", "ledger-2"}
    doc = client.get(f"/api/documents/{docs['items'][0]['id']}").json()
    claim = doc["claims"][0]
    assert doc["text"][claim["evidence"]["start"]:claim["evidence"]["end"]] == claim["evidence"]["text"]
    assert doc["attributions"] and doc["attributions"][0]["cue_text"] == "show"
    assert client.get("/api/documents/999999").status_code == 404
    # beyond PostgreSQL's integer: no such row, not a server error
    assert client.get("/api/claims/3000000000").status_code == 404
    assert client.get("/api/documents/3000000000").status_code == 404
    one = client.get(f"/api/claims/{claim['pk']}").json()
    assert one["claim_id"] == claim["claim_id"] and one["reviewed"] is None


def _date(claim: dict) -> str:
    return (claim["time"] or {}).get("start") or claim["published"]


def test_lists_newest_first(client):
    pair = {"a": "Iran", "b": "al-Qaeda"}
    oldest = [e["claim"]["pk"] for e in client.get("/api/timeline", params=pair).json()["items"]]
    newest = client.get("/api/timeline", params={**pair, "order": "newest"}).json()
    # every claim of the pair has a date (referred to or published): newest first is the reverse
    assert [e["claim"]["pk"] for e in newest["items"]] == oldest[::-1] and newest["total"] == len(oldest) == 6
    first = client.get("/api/timeline", params={**pair, "order": "newest", "limit": 4}).json()
    second = client.get("/api/timeline", params={**pair, "order": "newest", "limit": 4,
                                                 "cursor": first["next_cursor"]}).json()
    assert [e["claim"]["pk"] for e in first["items"] + second["items"]] == oldest[::-1]
    # a cursor of the list oldest first is not one of the list newest first
    bad = client.get("/api/timeline", params={**pair, "order": "newest", "cursor": client.get(
        "/api/timeline", params={**pair, "limit": 4}).json()["next_cursor"]})
    assert bad.status_code == 422 and "ordered by" in bad.json()["detail"]
    claims = {"involving": "Iran", "event": "AID"}
    by_date = [c["pk"] for c in client.get("/api/claims", params=claims).json()["items"]]
    latest = client.get("/api/claims", params={**claims, "order": "newest", "limit": 2}).json()
    assert [c["pk"] for c in latest["items"]] == by_date[::-1][:2] and latest["total"] == 6
    # an edge's evidence by date: from the summaries, from the summaries' claims under a
    # filter, and from the claims tallied one by one under a review filter taking in rejected ones
    for extra in ({}, {"certainty": "certain"}, {"review": "all"}):
        for order, step in (("newest", -1), ("oldest", 1)):
            found = client.get("/api/links", params={**pair, "evidence": 10, "order": order, **extra}).json()
            aid = next(e for e in found["edges"] if e["event"] == "AID" and not e["mutual"])
            dates = [_date(c) for c in aid["evidence"]]
            assert len(dates) >= 2 and dates == sorted(dates)[::step], (order, extra)
    for bad_order in ({"order": "latest"},):
        assert client.get("/api/timeline", params={**pair, **bad_order}).status_code == 422
        assert client.get("/api/links", params={**pair, **bad_order}).status_code == 422


def test_reviews_need_the_token_and_change_links(client):
    claims = client.get("/api/claims", params={"involving": "Iran", "event": "AID", "limit": 50}).json()["items"]
    ledger = next(c for c in claims if c["doc_id"] == "ledger-2")
    body = {"verdict": "rejected", "reviewer": "ann", "note": "misread"}
    assert client.post(f"/api/claims/{ledger['pk']}/review", json=body).status_code == 401
    wrong = client.post(f"/api/claims/{ledger['pk']}/review", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    done = client.post(f"/api/claims/{ledger['pk']}/review", json=body, headers=AUTH)
    assert done.status_code == 200 and done.json()["claim"]["review"] == "rejected"
    aid = next(e for e in client.get("/api/links", params={"a": "Iran", "b": "al-Qaeda"}).json()["edges"]
               if e["event"] == "AID" and not e["mutual"])
    assert aid["claims"] == 4
    shown = client.get("/api/links", params={"a": "Iran", "b": "al-Qaeda", "review": "rejected"}).json()
    assert [c["doc_id"] for e in shown["edges"] for c in e["evidence"]] == ["ledger-2"]
    reviews = client.get("/api/reviews").json()
    assert reviews["total"] == 1 and reviews["items"][0]["reviewer"] == "ann"
    assert client.get(f"/api/claims/{ledger['pk']}").json()["reviewed"]["verdict"] == "rejected"
    bad = client.post(f"/api/claims/{ledger['pk']}/review", headers=AUTH,
                      json={"verdict": "corrected", "reviewer": "ann", "changes": {"actor": ["Narnia"]}})
    assert bad.status_code == 422 and "Narnia" in bad.json()["detail"]
    assert client.post("/api/claims/999999/review", json=body, headers=AUTH).status_code == 404


def test_a_review_undone_needs_the_token_and_puts_the_claim_back(client):
    claims = client.get("/api/claims", params={"involving": "Iran", "event": "AID", "limit": 50}).json()["items"]
    ledger = next(c for c in claims if c["doc_id"] == "ledger-2")
    url = f"/api/claims/{ledger['pk']}/review"
    assert client.delete(url, headers=AUTH).status_code == 404  # nothing to undo yet
    client.post(url, headers=AUTH, json={"verdict": "corrected", "reviewer": "ann",
                                         "changes": {"event": "ACCUSE", "polarity": "negated"}})
    assert client.get("/api/stats").json()["claims"]["reviewed"]["corrected"] == 1
    assert client.delete(url).status_code == 401
    assert client.delete(url, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get(f"/api/claims/{ledger['pk']}").json()["event"] == "ACCUSE"
    undone = client.delete(url, headers=AUTH)
    assert undone.status_code == 200
    assert undone.json()["undone"]["verdict"] == "corrected" and undone.json()["undone"]["reviewer"] == "ann"
    back = client.get(f"/api/claims/{ledger['pk']}").json()
    assert back["reviewed"] is None and "review" not in back
    assert {k: back[k] for k in ("event", "polarity", "actor", "recipient")} == {
        k: ledger[k] for k in ("event", "polarity", "actor", "recipient")}
    aid = next(e for e in client.get("/api/links", params={"a": "Iran", "b": "al-Qaeda"}).json()["edges"]
               if e["event"] == "AID" and not e["mutual"])
    assert aid["claims"] == 5
    assert client.get("/api/reviews").json()["total"] == 0
    assert client.get("/api/stats").json()["claims"]["reviewed"] == {"confirmed": 0, "corrected": 0, "rejected": 0}
    assert client.delete("/api/claims/999999/review", headers=AUTH).status_code == 404


def test_stats_leave_rejected_claims_out(client):
    before = client.get("/api/stats").json()
    assert "database" not in before and before["documents"]["total"] == 8
    assert before["claims"]["total"] == client.get("/api/claims", params={"limit": 1}).json()["total"]
    claims = client.get("/api/claims", params={"involving": "Iran", "event": "AID", "limit": 50}).json()["items"]
    ledger = next(c for c in claims if c["doc_id"] == "ledger-2")
    client.post(f"/api/claims/{ledger['pk']}/review", headers=AUTH, json={"verdict": "rejected", "reviewer": "ann"})
    after = client.get("/api/stats", params={"top": 2}).json()
    assert after["claims"]["total"] == before["claims"]["total"] - 1
    assert after["claims"]["total"] == client.get("/api/claims", params={"limit": 1}).json()["total"]
    assert after["claims"]["by_event"]["AID"] == before["claims"]["by_event"]["AID"] - 1
    assert after["claims"]["rejected"] == 1 and len(after["actors"]["top"]) == 2
    docs = client.get("/api/documents", params={"q": "ledger-2"}).json()["items"]
    shown = client.get(f"/api/documents/{docs[0]['id']}").json()["claims"]  # the document view shows all
    assert docs[0]["claims"] + docs[0]["rejected"] == len(shown)
    assert docs[0]["rejected"] == 1


def test_corroboration_lists_the_independent_sources(client):
    found = client.get("/api/corroboration").json()
    assert [(e["source"]["id"], e["target"]["id"], e["event"]) for e in found["items"]] == [
        ("iran", "al-qaeda", "AID"), ("irgc", "al-qaeda", "AID")]
    iran = found["items"][0]
    links = client.get("/api/links", params={"a": "Iran", "b": "al-Qaeda", "event": "AID"}).json()["edges"]
    edge = next(e for e in links if not e["mutual"])
    # the sources behind the strength: the denial (presstv) and the copy (coastalherald, a
    # copy of a gulfdispatch story) do not count
    sources = {s["publisher"]: s["claims"] for s in iran["independent_sources"]}
    assert sources == {"gulfdispatch.example": 2, "analysis.example": 1, "theledger.example": 1}
    assert len(sources) == edge["strength"]["sources"] and set(sources) <= set(edge["publishers"])
    assert len(iran["evidence"]) == 3 and all(c["event"] == "AID" for c in iran["evidence"])
    assert client.get("/api/corroboration", params={"min_sources": 3}).json()["total"] == 1
    assert client.get("/api/corroboration", params={"actor": "IRGC"}).json()["items"][0]["source"]["id"] == "irgc"
    assert client.get("/api/corroboration", params={"actor": "Narnia"}).status_code == 404
    # a rejected claim leaves the count of its source at once
    ledger = next(c for c in edge["evidence"] + client.get("/api/claims", params={
        "actor": "Iran", "recipient": "al-Qaeda", "event": "AID", "limit": 50}).json()["items"]
        if c["doc_id"] == "ledger-2")
    client.post(f"/api/claims/{ledger['pk']}/review", headers=AUTH, json={"verdict": "rejected", "reviewer": "ann"})
    after = client.get("/api/corroboration", params={"actor": "Iran"}).json()["items"][0]
    assert {s["publisher"] for s in after["independent_sources"]} == {"gulfdispatch.example", "analysis.example"}
    page = client.get("/corroboration", params={"actor": "Iran"}).text
    assert "gulfdispatch.example (2 affirmed claims)" in page and "theledger.example" not in page.split("sources:")[1]


def test_access_cors_and_body_limits(web_db):
    with ClaimStore.open(web_db) as store:
        app = create_app(store, WebConfig(token=TOKEN, max_body=2000))
        remote = TestClient(app, client=("203.0.113.7", 40000))
        assert remote.get("/api/actors", params={"q": "Iran"}).status_code == 401
        assert remote.get("/api/actors", params={"q": "Iran"}, headers=AUTH).status_code == 200
        assert remote.get("/static/cytoscape.min.js").status_code == 200
        local = TestClient(app, client=LOOPBACK)
        preflight = local.options("/api/actors", headers={"Origin": "https://elsewhere.example",
                                                          "Access-Control-Request-Method": "GET"})
        assert "access-control-allow-origin" not in preflight.headers
        big = local.post("/api/claims/1/review", headers=AUTH, content=b"{" + b" " * 5000 + b"}")
        assert big.status_code == 413
        assert local.get("/api/actors", params={"q": "Ir\x00an"}).status_code == 422
        # no token configured: writes are refused even from loopback
        open_app = TestClient(create_app(store, WebConfig()), client=LOOPBACK)
        assert open_app.post("/api/claims/1/review", json={"verdict": "confirmed", "reviewer": "x"},
                             headers=AUTH).status_code == 401
        cors = TestClient(create_app(store, WebConfig(cors_origins=["https://team.example"])), client=LOOPBACK)
        allowed = cors.get("/api/actors", params={"q": "Iran"}, headers={"Origin": "https://team.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://team.example"


def test_pages_render_what_the_store_holds(client):
    search = client.get("/", params={"q": "qaeda"})
    assert search.status_code == 200 and 'href="/actor/al-qaeda"' in search.text
    assert "Did you mean" in client.get("/", params={"q": "Hezbolah"}).text
    links = client.get("/links", params={"a": "Iran", "b": "al-Qaeda", "event": "AID"}).text
    assert "/static/cytoscape.min.js" in links and 'data-edge="iran|al-qaeda|AID|0"' in links
    assert "cdn" not in links.lower()
    # an edge's evidence comes when it is opened, a page at a time, under the page's filters
    evidence = client.get("/links/evidence", params={"edge": "iran|al-qaeda|AID|0"}).text
    assert " for a decade, " in evidence and "may have" in evidence
    hedged = client.get("/links/evidence", params={"edge": "iran|al-qaeda|AID|0", "certainty": "possible"}).text
    assert "may have" in hedged and " for a decade, " not in hedged
    later = client.get("/links/evidence", params={"edge": "iran|al-qaeda|AID|0", "offset": 4}).text
    assert later.count('class="claim') == 1 and "claims 5–5 of 5" in later
    assert client.get("/links/evidence", params={"edge": "iran|al-qaeda|NOPE|0"}).status_code == 404
    doc = client.get("/api/documents", params={"q": "spokesman"}).json()["items"][0]
    page = client.get(f"/document/{doc['id']}").text
    assert '<span class="hl-person"' in page and "hl-trigger" in page


def test_the_serve_command(request, extractor, tmp_path_factory, tmp_path):
    """The command itself, in a process of its own (on SQLite: the app's backend behaviour
    is covered above on both)."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    web_db = make_db(request, extractor, tmp_path_factory, "sqlite")
    token_file = tmp_path / "token.txt"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    cmd = [sys.executable, "-c", "from claimgraph.cli import main; main()", "--db", web_db, "serve"]
    empty = subprocess.run([*cmd, "--token-file", str(tmp_path / "empty.txt")], capture_output=True, text=True,
                           timeout=120)
    assert empty.returncode == 2 and "the token file is empty" in empty.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([*cmd, "--port", str(port), "--token-file", str(token_file)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                schema = httpx.get(f"{base}/api/openapi.json", timeout=10).json()
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "claimgraph serve did not start"
                time.sleep(0.3)
        assert "/api/links" in schema["paths"] and "/api/claims/{pk}/review" in schema["paths"]
        pk = httpx.get(f"{base}/api/claims", params={"limit": 1}).json()["items"][0]["pk"]
        body = {"verdict": "confirmed", "reviewer": "ann"}
        assert httpx.post(f"{base}/api/claims/{pk}/review", json=body).status_code == 401
        done = httpx.post(f"{base}/api/claims/{pk}/review", json=body, headers=AUTH)
        assert done.status_code == 200 and done.json()["review"]["verdict"] == "confirmed"
    finally:
        server.terminate()
        server.wait(timeout=30)
