"""Reviews on the query corpus, on SQLite and PostgreSQL: a rejected claim leaves links,
claims and exports (a filter shows it), a correction moves the claim in the summaries,
the summaries stay what the claims say, a review survives deleting and ingesting the
document again, and the export is in the annotation guide's format."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from claimgraph.cli import main
from claimgraph.query import ClaimFilter, Graph
from claimgraph.store import ClaimStore, Provenance, ReviewError

from .corpus import CORPUS
from .test_summaries import (  # fresh_db: the fixture
    _edges_from_claims,
    _edges_from_summaries,
    _rebuilt,
    _tables,
    fresh_db,  # noqa: F401
)

GUIDE_KEYS = {"evidence", "actor", "event", "mode", "recipient", "asserted_by", "polarity", "certainty", "tense"}


def _claim(g: Graph, doc_id: str, event: str, review: str = "all", actor: str | None = None):
    found = [c for c in g.claims(ClaimFilter(review=review)).claims if c.doc_id == doc_id and c.event == event
             and (actor is None or actor in {a.id for a in c.actor})]
    assert len(found) == 1, found
    return found[0]


def _aid(g: Graph):
    return next(e for e in g.links("Iran", "al-Qaeda").edges if e.event == "AID" and not e.mutual)


def _consistent(store: ClaimStore, db: str) -> None:
    assert _tables(store) == _rebuilt(store)
    with Graph.open(db) as g:
        assert _edges_from_summaries(g) == _edges_from_claims(g)


def test_a_rejected_claim_leaves_links_and_exports(fresh_db, tmp_path):  # noqa: F811
    with ClaimStore.open(fresh_db) as store:
        with Graph.open(fresh_db) as g:
            assert _aid(g).count == 5
            ledger = _claim(g, "ledger-2", "AID")
        review = store.review(ledger.pk, "rejected", "ann", note="the investigators' report is misquoted")
        assert review["verdict"] == "rejected" and review["reviewer"] == "ann" and review["reviewed_at"]
        _consistent(store, fresh_db)
        with Graph.open(fresh_db) as g:
            aid = _aid(g)
            # four claims left, and theledger is no longer among the sources of the affirmed ones
            assert aid.count == 4 and "ledger-2" not in {c.doc_id for c in aid.claims}
            assert aid.strength.sources == 2
            assert ledger.pk not in {c.pk for c in g.claims().claims}
            assert [c.pk for c in g.claims(ClaimFilter(review="rejected")).claims] == [ledger.pk]
            assert _claim(g, "ledger-2", "AID", review="all").review == "rejected"
            timeline = g.timeline("Iran", "al-Qaeda")
            assert ledger.pk not in {e.claim.pk for e in timeline.entries}
        out = tmp_path / "claims.jsonl"
        runner = CliRunner()
        assert runner.invoke(main, ["--db", fresh_db, "export", "--format", "jsonl", str(out)]).exit_code == 0
        assert "ledger-2" not in {json.loads(line)["doc_id"] for line in out.read_text().splitlines()}
        result = runner.invoke(main, ["--db", fresh_db, "export", "--format", "jsonl", "--review", "rejected",
                                      str(out)])
        assert result.exit_code == 0
        assert [json.loads(line)["doc_id"] for line in out.read_text().splitlines()] == ["ledger-2"]


def test_a_correction_moves_the_claim_and_bad_ones_change_nothing(fresh_db):  # noqa: F811
    with ClaimStore.open(fresh_db) as store:
        with Graph.open(fresh_db) as g:
            # "Lawyers … said they would now seek to collect damages": 'they' was read as al-Qaeda
            seek = _claim(g, "gulf-1", "REQUEST")
            assert {a.id for a in seek.actor} == {"al-qaeda"}  # "they", then where al-Qaeda is named
            before = g.actor("al-Qaeda").claims_out.get("REQUEST", 0)
        before_tables = _tables(store)
        for changes, reason in (({"actor": ["Narnia"]}, "not written"), ({"mode": "arms"}, "not a mode of REQUEST"),
                                ({"event": "FLY"}, "not a PLOVER"), ({"tense": "past"}, "cannot correct"),
                                ({"actor": []}, "needs an actor")):
            with pytest.raises(ReviewError, match=reason):
                store.review(seek.pk, "corrected", "ann", changes)
        with pytest.raises(ReviewError, match="no claim"):
            store.review(10**9, "rejected", "ann")
        assert _tables(store) == before_tables
        store.review(seek.pk, "corrected", "ann", {"actor": ["Lawyers"], "mode": "assist"})
        _consistent(store, fresh_db)
        with Graph.open(fresh_db) as g:
            fixed = _claim(g, "gulf-1", "REQUEST")
            assert [(a.id, a.text) for a in fixed.actor] == [("lawyers", "Lawyers")]
            assert fixed.mode == "assist" and fixed.review == "corrected"
            assert g.actor("al-Qaeda").claims_out.get("REQUEST", 0) == before - 1
            assert g.actor("Lawyers").claims_out["REQUEST"] >= 1
            # a new type moves the claim to another edge: Iran -> Hezbollah funding becomes a pledge
            fund = _claim(g, "hezbollah", "AID", actor="iran")
        store.review(fund.pk, "corrected", "bob", {"event": "AGREE"})
        _consistent(store, fresh_db)
        with Graph.open(fresh_db) as g:
            events = {e.event for e in g.links("Iran", "Hezbollah").edges}
            assert "AGREE" in events and _claim(g, "hezbollah", "AGREE", actor="iran").mode is None
        total, found = store.reviews()
        assert total == 2 and {r["verdict"] for r in found} == {"corrected"}


def test_reviews_survive_deleting_and_ingesting_again(fresh_db, extractor):  # noqa: F811
    with ClaimStore.open(fresh_db) as store:
        with Graph.open(fresh_db) as g:
            rejected = _claim(g, "ledger-2", "AID")
            seek = _claim(g, "gulf-1", "REQUEST")
            confirmed = _claim(g, "wire-copy", "AID")
        store.review(rejected.pk, "rejected", "ann")
        store.review(seek.pk, "corrected", "ann", {"actor": ["Lawyers"], "polarity": "affirmed"})
        store.review(confirmed.pk, "confirmed", "bob")
        for doc_id in ("ledger-2", "gulf-1", "wire-copy"):
            assert store.delete_document(doc_id) == 1
        run = store.start_run(["again"])
        docs = [d for d in CORPUS if d.id in ("ledger-2", "gulf-1", "wire-copy")]
        for ex in extractor.extract_documents(docs):
            assert store.add_extraction(ex, Provenance(source="again"), run) is not None
        store.finish_run(run)
        _consistent(store, fresh_db)
        with Graph.open(fresh_db) as g:
            again = _claim(g, "ledger-2", "AID", review="all")
            assert again.pk != rejected.pk and again.review == "rejected"
            assert [a.id for a in _claim(g, "gulf-1", "REQUEST").actor] == ["lawyers"]
            assert _claim(g, "wire-copy", "AID").review == "confirmed"
            assert _aid(g).count == 4
        # every review reaches its claim again
        total, found = store.reviews()
        assert total == 3 and all(r["claim"] is not None for r in found)


def test_reviews_export_in_the_annotation_guides_format(fresh_db, tmp_path):  # noqa: F811
    runner = CliRunner()
    with Graph.open(fresh_db) as g:
        seek, fund, ledger = (_claim(g, "gulf-1", "REQUEST"), _claim(g, "hezbollah", "AID", actor="iran"),
                              _claim(g, "ledger-2", "AID"))
    for args in (["confirm", "hezbollah", fund.claim_id, "--reviewer", "ann"],
                 ["reject", "ledger-2", ledger.claim_id, "--reviewer", "ann"],
                 ["correct", "gulf-1", seek.claim_id, "--actor", "Lawyers", "--reviewer", "bob"]):
        result = runner.invoke(main, ["--db", fresh_db, "review", *args])
        assert result.exit_code == 0, result.output
    bad = runner.invoke(main, ["--db", fresh_db, "review", "correct", "gulf-1", seek.claim_id, "--actor", "Narnia"])
    assert bad.exit_code == 1 and "'Narnia' is not written in the document" in bad.output
    missing = runner.invoke(main, ["--db", fresh_db, "review", "reject", "gulf-1", "0000"])
    assert missing.exit_code == 1 and "no claim 0000" in missing.output
    out, texts = tmp_path / "reviews.json", tmp_path / "text"
    result = runner.invoke(main, ["--db", fresh_db, "reviews", "export", str(out), "--text", str(texts)])
    assert result.exit_code == 0 and "2 reviewed claims of 2 documents" in result.output
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in exported] == ["gulf-1", "hezbollah"]
    for doc in exported:
        text = (texts / f"{doc['id']}.txt").read_text(encoding="utf-8")
        for c in doc["claims"]:
            assert set(c) == GUIDE_KEYS
            sentence = text[c["evidence"]["start"]:c["evidence"]["end"]]
            assert all(a["actorText"] in sentence for a in c["actor"] + c["recipient"])
    gulf = exported[0]["claims"][0]
    assert gulf["event"] == "REQUEST" and gulf["actor"] == [{"actorText": "Lawyers"}]
    assert gulf["asserted_by"] == "Lawyers for the families of the victims"
    hez = exported[1]["claims"][0]
    assert (hez["event"], hez["mode"], hez["actor"], hez["recipient"]) == (
        "AID", "economic", [{"actorText": "Iran"}], [{"actorText": "Hezbollah"}])
    listed = runner.invoke(main, ["--db", fresh_db, "reviews", "list"])
    assert listed.exit_code == 0 and len(listed.stdout.splitlines()) == 3
    # the correction taken back: the claim is as extracted and leaves the training data
    undone = runner.invoke(main, ["--db", fresh_db, "review", "undo", "gulf-1", seek.claim_id])
    assert undone.exit_code == 0 and "undone: the review (corrected by bob)" in undone.stdout
    again = runner.invoke(main, ["--db", fresh_db, "review", "undo", "gulf-1", seek.claim_id])
    assert again.exit_code == 1 and "has no review to undo" in again.output
    with Graph.open(fresh_db) as g:
        assert [a.id for a in _claim(g, "gulf-1", "REQUEST").actor] == [a.id for a in seek.actor]
    assert runner.invoke(main, ["--db", fresh_db, "reviews", "export", str(out)]).exit_code == 0
    assert [d["id"] for d in json.loads(out.read_text(encoding="utf-8"))] == ["hezbollah"]
    assert len(runner.invoke(main, ["--db", fresh_db, "reviews", "list"]).stdout.splitlines()) == 2


def _as_extracted(g: Graph) -> dict[int, dict]:
    """Every claim's record (rejected ones too) with its parties, by row id."""
    return {c.pk: c.to_record() for c in g.claims(ClaimFilter(review="all")).claims}


def test_undoing_a_review_puts_the_claim_back_as_extracted(fresh_db, extractor):  # noqa: F811
    with ClaimStore.open(fresh_db) as store:
        with Graph.open(fresh_db) as g:
            before = _as_extracted(g)
            ledger = _claim(g, "ledger-2", "AID")
            seek = _claim(g, "gulf-1", "REQUEST")
            fund = _claim(g, "hezbollah", "AID", actor="iran")
        before_tables, before_stats = _tables(store), store.stats()
        with pytest.raises(ReviewError, match="has no review to undo"):
            store.undo_review(ledger.pk)
        with pytest.raises(ReviewError, match="no claim"):
            store.undo_review(10**9)
        store.review(ledger.pk, "rejected", "ann")
        # corrected twice: the parties and the speaker, then the type (its mode dropped)
        store.review(seek.pk, "corrected", "ann", {"actor": ["Lawyers"], "asserted_by": None, "mode": "assist"})
        store.review(seek.pk, "corrected", "bob", {"event": "ACCUSE"})
        store.review(fund.pk, "corrected", "bob", {"event": "AGREE", "polarity": "negated"})
        with Graph.open(fresh_db) as g:
            assert _aid(g).count == 4 and "AGREE" in {e.event for e in g.links("Iran", "Hezbollah").edges}
            changed = _claim(g, "gulf-1", "ACCUSE")
            assert [a.id for a in changed.actor] == ["lawyers"] and changed.source is None and changed.mode is None
        for claim in (ledger, seek, fund):
            undone = store.undo_review(claim.pk)
            assert undone["reviewer"] in ("ann", "bob") and undone["claim"] == claim.pk
            _consistent(store, fresh_db)
        # every claim, every summary and every count as before any review
        with Graph.open(fresh_db) as g:
            assert _as_extracted(g) == before
            assert _aid(g).count == 5 and "AGREE" not in {e.event for e in g.links("Iran", "Hezbollah").edges}
            assert _claim(g, "gulf-1", "REQUEST").source.text == "Lawyers for the families of the victims"
        assert _tables(store) == before_tables
        assert {k: store.stats()["claims"][k] for k in ("total", "by_event", "rejected")} == {
            k: before_stats["claims"][k] for k in ("total", "by_event", "rejected")}
        assert store.reviews() == (0, [])
        # the review is gone for good: storing the text again applies nothing
        assert store.delete_document("ledger-2") == 1
        run = store.start_run(["again"])
        for ex in extractor.extract_documents([d for d in CORPUS if d.id == "ledger-2"]):
            store.add_extraction(ex, Provenance(source="again"), run)
        store.finish_run(run)
        with Graph.open(fresh_db) as g:
            assert _claim(g, "ledger-2", "AID", review="all").review is None and _aid(g).count == 5
        _consistent(store, fresh_db)


def test_stats_count_rejected_claims_apart(fresh_db):  # noqa: F811
    runner = CliRunner()
    with ClaimStore.open(fresh_db) as store:
        before = store.stats()
        with Graph.open(fresh_db) as g:
            ledger = _claim(g, "ledger-2", "AID")
            wire = _claim(g, "wire-copy", "AID")
            iran_before = g.actor("Iran").claims_out["AID"]
        store.review(ledger.pk, "rejected", "ann")
        store.review(wire.pk, "confirmed", "ann")
        after = store.stats()
        with Graph.open(fresh_db) as g:
            # the store's counts and the queries' agree: one claim fewer, counted apart
            assert g.actor("Iran").claims_out["AID"] == iran_before - 1
            assert after["claims"]["total"] == before["claims"]["total"] - 1 == g.claims(ClaimFilter()).total
            assert after["claims"]["total"] + 1 == g.claims(ClaimFilter(review="all")).total
        assert after["claims"]["by_event"]["AID"] == before["claims"]["by_event"]["AID"] - 1
        assert sum(after["claims"]["by_event"].values()) == after["claims"]["total"]
        assert after["claims"]["rejected"] == 1 and before["claims"]["rejected"] == 0
        assert after["claims"]["reviewed"] == {"confirmed": 1, "corrected": 0, "rejected": 1}
        iran = lambda s: next(a for a in s["actors"]["top"] if a["id"] == "iran")  # noqa: E731
        assert iran(after)["claims"] == iran(before)["claims"] - 1
    table = runner.invoke(main, ["--db", fresh_db, "stats"])
    assert table.exit_code == 0, table.output
    assert re.search(r"rejected \(not in counts\)\s*│\s*1\s*│", table.stdout), table.stdout
    assert re.search(r"confirmed, corrected\s*│\s*1, 0\s*│", table.stdout), table.stdout
