"""Readable output for people: rich tables of claims, attributions, affiliations and scores."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from claimgraph.model import Extraction


def _names(ents: list[Any]) -> Text:
    return Text(", ".join(f"{e.name}" + (f" [{e.sector}]" if e.sector else "") for e in ents) or "-")


def _console() -> Console:
    # piped or captured output has no terminal width; tables of evidence need room
    return Console() if sys.stdout.isatty() else Console(width=160)


def print_tables(results: Iterable[Extraction], what: str = "claims", console: Console | None = None) -> None:
    console = console or _console()
    for r in results:
        doc = r.document
        if what in ("claims", "all"):
            t = Table(title=escape(f"{doc.id}: {len(r.claims)} claims"), show_lines=True, expand=True)
            for col in ("event", "actor", "recipient", "asserted by", "polarity / certainty / tense", "time"):
                t.add_column(col, overflow="fold", ratio=1)
            t.add_column("evidence", overflow="fold", ratio=4)
            for c in r.claims:
                event = c.event + (f" ({c.mode})" if c.mode else "")
                src = c.attribution.source.text + f" ({c.attribution.cue.text})" if c.attribution else "-"
                time = c.time.text if c.time else "-"
                ev = Text(c.evidence.text)
                rel = c.trigger.start - c.evidence.start
                if 0 <= rel < len(c.evidence.text):
                    ev.stylize("bold yellow", rel, rel + len(c.trigger.text))
                t.add_row(Text(event), _names(c.actor), _names(c.recipient), Text(src),
                          Text(f"{c.polarity} / {c.certainty} / {c.tense}"), Text(time), ev)
            console.print(t)
        if what in ("attributions", "all"):
            t = Table(title=escape(f"{doc.id}: {len(r.attributions)} attributions"), show_lines=True, expand=True)
            for col in ("source", "cue", "content"):
                t.add_column(col, overflow="fold")
            for att in r.attributions:
                t.add_row(Text(att.source.text if att.source else "-"), Text(att.cue.text), Text(att.content.text))
            console.print(t)
        if what in ("affiliations", "all"):
            t = Table(title=escape(f"{doc.id}: {len(r.affiliations)} affiliations"), expand=True)
            for col in ("person", "role", "organization", "former"):
                t.add_column(col)
            for aff in r.affiliations:
                t.add_row(Text(aff.person.name), Text(aff.role), Text(aff.organization.name),
                          "yes" if aff.former else "no")
            console.print(t)


def print_eval(result: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    t = Table(title=f"{result.get('task')}: {result.get('gold_file') or result.get('dir') or ''}")
    t.add_column("measure")
    t.add_column("value", justify="right")
    for k, v in result.items():
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            t.add_row(k, f"{v:.3f}" if isinstance(v, float) else str(v))
        elif isinstance(v, dict) and all(isinstance(x, (int, float)) for x in v.values()):
            t.add_row(k, "  ".join(f"{a} {b:.3f}" if isinstance(b, float) else f"{a} {b}" for a, b in v.items()))
    console.print(t)
    classes = result.get("per_class")
    if isinstance(classes, dict):
        pc = Table(title="per class")
        for col in ("class", "type", "snippets", "recall", "any claim"):
            pc.add_column(col, justify="left" if col in ("class", "type") else "right")
        for name, d in classes.items():
            recall = d.get("recall")
            pc.add_row(name, str(d.get("type") or "-"), str(d["n"]), f"{recall:.3f}" if recall is not None else "skip",
                       f"{d['any_claim'] / d['n']:.3f}")
        console.print(pc)
    for line in result.get("details", []):
        console.print(line, markup=False, highlight=False)
