"""Readable output of the store commands for people: the progress of an ingest run on
stderr, its summary, the store's statistics and its failures as rich tables."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from claimgraph.ingest.run import IngestListener, IngestReport


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = f"{task.completed / elapsed:.1f}" if elapsed > 0 and task.completed else "-"
        return Text(f"{rate} docs/s", style="progress.data.speed")


class IngestProgress(IngestListener):
    """A progress bar (documents, docs/s, claims, failures so far, time left) on the console, drawn only
    when the console is a terminal; notes are printed above it, one line each.  When it is not
    (stderr sent to a log), a line of the same figures is printed every ``every`` seconds
    instead, so that a long run can still be followed."""

    def __init__(self, console: Console, every: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.console = console
        self.claims = 0
        self.failures = 0
        self.every, self.clock = every, clock
        self.started = self.last = clock()
        self.progress = Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("docs"), _Rate(),
            TextColumn("{task.fields[claims]} claims"), TextColumn("{task.fields[failures]} failed"),
            TextColumn("ETA"), TimeRemainingColumn(), console=console, disable=not console.is_terminal)
        self.task = self.progress.add_task("ingest", total=0, claims=0, failures=0)

    def __enter__(self) -> IngestProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def expect(self, n: int) -> None:
        total = self.progress.tasks[0].total or 0
        self.progress.update(self.task, total=max(total + n, self.progress.tasks[0].completed))

    def handled(self, what: str, claims: int = 0) -> None:
        self.claims += claims
        self.failures += what == "failed"
        task = self.progress.tasks[0]
        if task.total is not None and task.completed + 1 > task.total:
            self.progress.update(self.task, total=task.completed + 1)
        self.progress.update(self.task, advance=1, claims=self.claims, failures=self.failures)
        now = self.clock()
        if not self.console.is_terminal and now - self.last >= self.every:
            self.last = now
            done, total = self.progress.tasks[0].completed, self.progress.tasks[0].total
            self.note(f"ingest: {done:,.0f} of {total or 0:,.0f} documents done, {done / (now - self.started):.1f} "
                      f"docs/s, {self.claims:,} claims, {self.failures:,} failed so far")

    def note(self, message: str) -> None:
        self.console.print(message, markup=False, highlight=False, soft_wrap=True)


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else "-"


def _measures(title: str, rows: list[tuple[str, Any]]) -> Table:
    """A table of named numbers, one a line."""
    t = Table(title=title, title_justify="left", show_header=False)
    t.add_column("measure")
    t.add_column("value", justify="right")
    for name, value in rows:
        t.add_row(name, str(value))
    return t


def _table(title: str, columns: str, rows: list[tuple[Any, ...]]) -> Table:
    """A titled table; ``columns`` are names separated by '|', a name ending in '>' is
    right-aligned (numbers)."""
    t = Table(title=title, title_justify="left")
    for name in columns.split("|"):
        t.add_column(name.rstrip(">"), justify="right" if name.endswith(">") else "left", overflow="fold")
    for row in rows:
        t.add_row(*("-" if v is None else str(v) for v in row))
    return t


def print_ingest_report(report: IngestReport, database: str, console: Console | None = None) -> None:
    console = console or Console()
    run = report.run
    rate = f" ({run['documents'] / report.seconds:.2f} docs/s)" if report.seconds else ""
    console.print(_measures(f"ingest run {run['id']} ({run['status']}) into {database}", [
        ("documents stored", run["documents"]),
        ("  of them near-duplicates (linked)", run["near_duplicates"]),
        ("  of them stored without extraction", run["not_extracted"]),
        ("already stored (skipped)", run["duplicates"]),
        ("failed inputs", run["failures"]),
        ("claims", run["claims"]),
        ("attributions", run["attributions"]),
        ("affiliations", run["affiliations"]),
        ("time", f"{report.seconds:.1f} s{rate}"),
    ]))
    if report.not_extracted:
        console.print(_table("stored without extraction", "document|reason", report.not_extracted))
    if report.failures:
        console.print(_table("failed inputs", "source|line>|reason",
                             [(f.path, f.line or "", f.reason) for f in report.failures]))


def print_counts(title: str, counts: dict[str, int], console: Console | None = None) -> None:
    """Named counts under a title (rows written by spark extract, stored by load)."""
    (console or Console()).print(_measures(title, [(k.replace("_", " "), v) for k, v in counts.items()]))


def print_stats(stats: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    docs = stats["documents"]
    langs = ", ".join(f"{k} {v}" for k, v in docs["languages"].items()) or "-"
    console.print(_measures(f"claim store {stats['database']}", [
        ("documents", docs["total"]),
        ("  extracted", docs["extracted"]),
        ("  stored without extraction", docs["not_extracted"]),
        ("  near-duplicates of another", docs["near_duplicates"]),
        ("  distinct stories", docs["stories"]),
        ("  fetched over HTTP", docs["fetched"]),
        ("  languages", langs),
        ("claims", stats["claims"]["total"]),
        ("  confirmed, corrected", "{confirmed}, {corrected}".format(**stats["claims"]["reviewed"])),
        ("  rejected (not in counts)", stats["claims"]["rejected"]),
        ("attributions", stats["attributions"]),
        ("affiliations", stats["affiliations"]),
        ("actors", stats["actors"]["total"]),
        ("sources (sites)", stats["sources"]["total"]),
        ("open failures", stats["failures"]["open"]),
        ("ingest runs", stats["runs"]["total"]),
    ]))
    if stats["claims"]["by_event"]:
        console.print(_table("claims by event type", "event|claims>", list(stats["claims"]["by_event"].items())))
    if stats["actors"]["top"]:
        console.print(_table("actors in most claims", "actor|type|country|claims>|as actor>", [
            (a["name"], a["type"], a["country"], a["claims"], a["as_actor"]) for a in stats["actors"]["top"]]))
    if stats["sources"]["top"]:
        console.print(_table("sources", "site|documents>|stories>", [
            (s["site"], s["documents"], s["stories"]) for s in stats["sources"]["top"]]))
    last = stats["runs"]["last"]
    if last:
        console.print(f"last run: {last['id']} {last['status']}, started {_when(last['started_at'])}, "
                      f"{last['documents']} documents, {last['failures']} failures", highlight=False)


def print_failures(rows: list[dict[str, Any]], console: Console | None = None) -> None:
    console = console or Console()
    if not rows:
        console.print("no failures")
        return
    console.print(_table(f"{len(rows)} failed inputs", "source|line>|reason|times>|last seen|run>", [
        (r["source"], r["line"] or "", r["reason"], r["times"], _when(r["last_seen"]), r["run_id"]) for r in rows]))
