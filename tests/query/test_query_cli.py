"""The query commands, called the way a user calls them."""

from __future__ import annotations

import json
import subprocess
import sys

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
    # a page of one after the cursor of the first is the second, and the last
    r = runner.invoke(_cli(), ["--db", corpus_db, "contradictions", "--actor", "Iran", "--limit", "1",
                               "--format", "json"])
    first = json.loads(r.stdout)
    r = runner.invoke(_cli(), ["--db", corpus_db, "contradictions", "--actor", "Iran", "--limit", "1",
                               "--cursor", first["next_cursor"], "--format", "json"])
    second = json.loads(r.stdout)
    assert first["items"] + second["items"] == page["items"] and second["next_cursor"] is None
    # a contradictions cursor is refused by a timeline, and the other way round
    r = runner.invoke(_cli(), ["--db", corpus_db, "timeline", "Iran", "--cursor", first["next_cursor"]])
    assert r.exit_code == 1 and "not a cursor of this list" in r.output
    r = runner.invoke(_cli(), ["--db", corpus_db, "timeline", "Iran", "al-Qaeda"])
    assert r.exit_code == 0 and "2010-01-01 (refers)" in r.output
    # the next page by cursor: the table names it, the JSON carries it
    r = runner.invoke(_cli(), ["--db", corpus_db, "timeline", "Iran", "al-Qaeda", "--limit", "4"])
    cursor = r.output.split("--cursor ")[1].split()[0].rstrip(")")
    r = runner.invoke(_cli(), ["--db", corpus_db, "timeline", "Iran", "al-Qaeda", "--limit", "4", "--cursor",
                               cursor, "--format", "json"])
    rest = json.loads(r.stdout)
    r = runner.invoke(_cli(), ["--db", corpus_db, "timeline", "Iran", "al-Qaeda", "--limit", "4", "--offset", "4",
                               "--format", "json"])
    assert rest["entries"] == json.loads(r.stdout)["entries"] and rest["total"] == 6 and rest["next_cursor"] is None
    r = runner.invoke(_cli(), ["--db", corpus_db, "timeline", "Iran", "--cursor", cursor])
    assert r.exit_code == 1 and "not a cursor of this list" in r.output
    r = runner.invoke(_cli(), ["--db", corpus_db, "contradictions", "--actor", "Iran", "--cursor", cursor])
    assert r.exit_code == 1 and "not a cursor of this list (ordered by contradictions)" in r.output
    r = runner.invoke(_cli(), ["--db", corpus_db, "actor", "IRGC"])
    assert "Said Qasemi, former spokesman" in r.output
    r = runner.invoke(_cli(), ["--db", corpus_db, "export", "--format", "csv", str(tmp_path / "c.csv")])
    assert r.exit_code == 0 and (tmp_path / "c.csv").read_text().startswith("claim_id,")
    r = runner.invoke(_cli(), ["--db", str(tmp_path / "missing.db"), "links", "a", "b"])
    assert r.exit_code == 2 and "no claim store" in r.output


def test_newest_first_on_the_command_line(corpus_db):
    runner = CliRunner()

    def run(*args):
        r = runner.invoke(_cli(), ["--db", corpus_db, *args])
        assert r.exit_code == 0, r.output
        return r.stdout

    def pks(out):
        return [e["claim"]["claim_id"] for e in json.loads(out)["entries"]]

    oldest = pks(run("timeline", "Iran", "al-Qaeda", "--format", "json"))
    assert pks(run("timeline", "Iran", "al-Qaeda", "--order", "newest", "--format", "json")) == oldest[::-1]
    records = [json.loads(line) for line in run("claims", "--involving", "Iran", "--format", "json").splitlines()]
    newest = [json.loads(line)["claim_id"] for line in run("claims", "--involving", "Iran", "--order", "newest",
                                                           "--limit", "3", "--format", "json").splitlines()]
    # each has a date (referred to, else published): newest first is the reverse
    assert len(records) > 6 and all((c["time"] or {}).get("start") or c["published"] for c in records)
    assert newest == [c["claim_id"] for c in records][::-1][:3]
    links = json.loads(run("links", "Iran", "al-Qaeda", "--order", "oldest", "--evidence", "5", "--format", "json"))
    aid = next(e for e in links["edges"] if e["event"] == "AID" and not e["mutual"])
    dates = [(c["time"] or {}).get("start") or c["published"] for c in aid["evidence"]]
    assert len(dates) == 5 and dates == sorted(dates)
    r = runner.invoke(_cli(), ["--db", corpus_db, "timeline", "Iran", "--order", "latest"])
    assert r.exit_code == 2 and "latest" in r.output


def test_query_commands_do_not_import_the_nlp_stack(corpus_db):
    # spaCy, trafilatura and numpy take seconds to import: only extraction and ingest need them
    for args in (["--help"], ["stats"], ["links", "Iran", "al-Qaeda", "--via", "2"], ["actor", "Iran"],
                 ["timeline", "Iran", "al-Qaeda"], ["contradictions", "--actor", "Iran"],
                 ["claims", "--actor", "Iran"]):
        code = ("import sys\nfrom claimgraph.cli import main\n"
                f"try:\n    main({['--db', corpus_db, *args]!r})\nexcept SystemExit as exit:\n"
                "    assert not exit.code, exit.code\n"
                "print('IMPORTED', sorted(m for m in ('spacy', 'trafilatura', 'numpy') if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.splitlines()[-1] == "IMPORTED []", (args, out[-300:])
