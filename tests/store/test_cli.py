"""The store commands as a person and a script use them, on both backends: ``ingest``,
``stats`` and ``failures`` print tables, or JSON with ``--format json``; ``--db`` or
CLAIMGRAPH_DB choose the store; the exit status tells whether some inputs failed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from claimgraph.cli import main
from claimgraph.render_store import IngestProgress


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("CLAIMGRAPH_DB", raising=False)
    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "arms.txt").write_text("Iran armed Hezbollah last year, officials said.\n")
    (folder / "afrin.txt").write_text("Turkish troops shelled Kurdish fighters in Afrin on Tuesday.\n")
    (folder / "empty.txt").write_text("")
    return folder


def test_ingest_prints_a_summary_and_reports_failures(runner: CliRunner, db: str, corpus: Path) -> None:
    result = runner.invoke(main, ["--db", db, "ingest", str(corpus)])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [f"{corpus / 'empty.txt'}: empty file"]
    out = result.stdout
    assert "ingest run 1 (finished)" in out and "documents stored" in out and "failed inputs" in out
    row = next(line for line in out.splitlines() if "documents stored" in line)
    assert row.split("│")[-2].strip() == "2"

    result = runner.invoke(main, ["--db", db, "ingest", "--format", "json", str(corpus / "arms.txt")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["run"]["id"] == 2 and report["run"]["documents"] == 0 and report["run"]["duplicates"] == 1
    assert report["failures"] == []


def test_stats_and_failures_as_tables_and_json(runner: CliRunner, db: str, corpus: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_DB", db)
    assert runner.invoke(main, ["ingest", str(corpus)]).exit_code == 1
    stats = runner.invoke(main, ["stats", "--format", "json"])
    assert stats.exit_code == 0, stats.output
    data = json.loads(stats.stdout)
    assert data["documents"]["total"] == 2 and data["failures"]["open"] == 1
    assert data["claims"]["total"] == sum(data["claims"]["by_event"].values()) > 0
    assert {a["id"] for a in data["actors"]["top"]} >= {"iran", "hezbollah"}
    table = runner.invoke(main, ["stats"]).stdout
    for heading in ("documents", "claims by event type", "actors in most claims", "Hezbollah", "last run: 1"):
        assert heading in table

    failed = runner.invoke(main, ["failures", "--format", "json"])
    rows = json.loads(failed.stdout)
    assert [(r["source"], r["reason"], r["times"], r["run_id"]) for r in rows] == [
        (str(corpus / "empty.txt"), "empty file", 1, 1)]
    table = runner.invoke(main, ["failures"]).stdout
    assert "empty.txt" in table and "empty file" in table and "1 failed inputs" in table
    assert "no failures" in runner.invoke(main, ["failures", "--run", "2"]).stdout


def test_commands_refuse_a_store_that_is_not_there(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    for command in ("stats", "failures"):
        result = runner.invoke(main, ["--db", str(missing), command])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"claimgraph: no claim store at {missing}")
    assert not missing.exists()
    result = runner.invoke(main, ["--db", "postgresql://nobody@127.0.0.1:9/none", "stats"])
    assert result.exit_code == 2 and "cannot open the claim store postgresql+psycopg://" in result.stderr


def test_the_progress_bar_shows_docs_rate_claims_and_eta() -> None:
    out = io.StringIO()
    with IngestProgress(Console(file=out, force_terminal=True, width=120)) as progress:
        progress.expect(4)
        progress.handled("stored", claims=3)
        progress.note("a.txt: empty file")
        progress.handled("failed")
    screen = out.getvalue()
    assert "2/4" in screen and "docs/s" in screen and "3 claims" in screen and "1 failed" in screen and "ETA" in screen
    assert "a.txt: empty file" in screen
    quiet = io.StringIO()
    with IngestProgress(Console(file=quiet, force_terminal=False)) as progress:
        progress.expect(1)
        progress.note("a.txt: empty file")
        progress.handled("failed")
    assert quiet.getvalue() == "a.txt: empty file\n"


def test_a_run_logged_to_a_file_prints_its_progress_every_minute() -> None:
    now = [0.0]
    log = io.StringIO()
    with IngestProgress(Console(file=log, force_terminal=False, width=200), clock=lambda: now[0]) as progress:
        progress.expect(500)
        for i in range(300):
            now[0] = i * 0.5  # two documents a second: a line at 60 s and at 120 s
            if i % 10 == 0:
                progress.handled("failed")
            else:
                progress.handled("stored", claims=2)
    assert log.getvalue().splitlines() == [
        "ingest: 121 of 500 documents done, 2.0 docs/s, 216 claims, 13 failed so far",
        "ingest: 241 of 500 documents done, 2.0 docs/s, 432 claims, 25 failed so far"]
