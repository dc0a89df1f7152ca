"""The query commands, called the way a user calls them."""

from __future__ import annotations

import json

import click
from click.testing import CliRunner

from claimgraph.query_cli import register


def _cli() -> click.Group:
    @click.group()
    @click.option("--db")
    @click.pass_context
    def main(ctx: click.Context, db: str) -> None:
        ctx.obj = db

    register(main)
    return main


def test_links_table_and_json(corpus_db):
    runner = CliRunner()
    table = runner.invoke(_cli(), ["--db", corpus_db, "links", "iran", "al qaida", "--via", "2"])
    assert table.exit_code == 0, table.output
    assert "Iran -> al-Qaeda  AID" in table.output and "corroboration" in table.output
    assert "path Iran → Hezbollah → al-Qaeda" in table.output
    out = runner.invoke(_cli(), ["--db", corpus_db, "links", "Iran", "al-Qaeda", "--format", "json"])
    data = json.loads(out.stdout)
    assert data["edges"][0]["event"] == "AID" and data["edges"][0]["strength"]["sources"] == 3


def test_unknown_actor_exits_with_suggestion(corpus_db):
    r = CliRunner().invoke(_cli(), ["--db", corpus_db, "actor", "Hizbolah"])
    assert r.exit_code == 1
    assert "did you mean: Hezbollah" in r.output


def test_claims_contradictions_timeline_actor(corpus_db, tmp_path):
    runner = CliRunner()
    r = runner.invoke(_cli(), ["--db", corpus_db, "claims", "--event", "aid", "--polarity", "negated",
                               "--format", "json"])
    assert [json.loads(line)["doc_id"] for line in r.stdout.splitlines()] == ["denial"]
    r = runner.invoke(_cli(), ["--db", corpus_db, "contradictions", "--actor", "Iran", "--format", "json"])
    page = json.loads(r.stdout)
    assert {x["kind"] for x in page["items"]} == {"negated", "denied"} and page["total"] == 2
    r = runner.invoke(_cli(), ["--db", corpus_db, "timeline", "Iran", "al-Qaeda"])
    assert r.exit_code == 0 and "2010-01-01 (refers)" in r.output
    r = runner.invoke(_cli(), ["--db", corpus_db, "actor", "IRGC"])
    assert "Said Qasemi, former spokesman" in r.output
    r = runner.invoke(_cli(), ["--db", corpus_db, "export", "--format", "csv", str(tmp_path / "c.csv")])
    assert r.exit_code == 0 and (tmp_path / "c.csv").read_text().startswith("claim_id,")
    r = runner.invoke(_cli(), ["--db", str(tmp_path / "missing.db"), "links", "a", "b"])
    assert r.exit_code == 2 and "no claim store" in r.output
