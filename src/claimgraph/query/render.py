"""Readable output of the query commands: rich tables and evidence sentences with the
trigger and the actor mentions highlighted (trigger bold red, actors cyan, recipients
magenta, the speaker yellow)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimgraph.query.results import (
    HOP_EVIDENCE,
    ClaimList,
    Contradictions,
    Edge,
    Links,
    Path,
    Profile,
    StoredClaim,
    Timeline,
)

STYLES = {"trigger": "bold red", "actor": "bold cyan", "recipient": "bold magenta", "source": "yellow"}


def evidence_text(c: StoredClaim) -> Text:
    """The evidence sentence with the trigger, actors, recipients and speaker highlighted."""
    text = Text(c.evidence.text)
    base = c.evidence.start
    spans = [("source", c.source)] if c.source else []
    spans += [("actor", a) for a in c.actor] + [("recipient", r) for r in c.recipient]
    for role, e in spans:
        if e is not None and base <= e.start and e.end <= c.evidence.end:
            text.stylize(STYLES[role], e.start - base, e.end - base)
    if base <= c.trigger.start and c.trigger.end <= c.evidence.end:
        text.stylize(STYLES["trigger"], c.trigger.start - base, c.trigger.end - base)
    return text


def claim_line(c: StoredClaim) -> Text:
    marks = [c.polarity if c.negated else "", c.certainty if c.hedged else "", c.tense]
    head = Text(f"  {c.doc_id} [{c.publisher}, {c.published or 'undated'}] ", style="dim")
    head.append(f"{c.speaker}", style=STYLES["source"])
    head.append(f" ({', '.join(m for m in marks if m)}): ", style="dim")
    return head + evidence_text(c)


def _reported(earliest: str | None, latest: str | None) -> str:
    if earliest is None and latest is None:
        return "publication dates unknown"
    if earliest == latest or latest is None:
        return f"reported {earliest}"
    return f"reported {earliest or '?'} to {latest}"


def print_edge(console: Console, e: Edge, evidence: int) -> None:
    arrow = "<->" if e.mutual else "->"
    s = e.strength
    console.print(Text.assemble((f"{e.source.name} {arrow} {e.target.name}  ", "bold"), (e.event, "bold green"),
                                f"  strength {s.score:.2f}", (f"  = corroboration {s.corroboration:.2f} "
                                                              f"({s.sources} sources) x certainty {s.certainty:.2f}"
                                                              f" x (1 - negated {s.negated:.2f})", "dim")))
    console.print(Text(f"  {e.count} claims in {e.documents} documents, {e.sources} independent sources; "
                       f"{_reported(e.earliest, e.latest)}; hedged {e.hedged_share:.0%}, "
                       f"negated {e.negated_share:.0%}; according to: {', '.join(e.speakers)}", style="dim"))
    shown = e.claims[:evidence]
    for c in shown:
        console.print(claim_line(c))
    more = e.count - e.offset - len(shown)
    if more > 0:
        console.print(Text(f"  … {more} more (--offset {e.offset + len(shown)})", style="dim"))


def print_path(console: Console, p: Path, evidence: int) -> None:
    console.print(Text.assemble(("path ", "bold"), (" → ".join(a.name for a in p.actors), "bold"),
                                f"  strength {p.strength:.2f}"))
    for h in p.hops:
        if h.relation:
            console.print(Text(f"  {h.a.name} is {'part of' if h.relation == 'part of' else 'over'} {h.b.name} "
                               f"(actor list)", style="dim"))
        for e in h.edges[:HOP_EVIDENCE]:
            print_edge(console, e, evidence)


def print_links(console: Console, links: Links, evidence: int = 3) -> None:
    if not links.edges:
        console.print(Text(f"No claims between {links.a.name} and {links.b.name}."))
    for e in links.edges:
        print_edge(console, e, evidence)
        console.print()
    for p in links.paths:
        print_path(console, p, evidence)
        console.print()


def print_profile(console: Console, p: Profile) -> None:
    a = p.actor
    console.print(Text.assemble((a.name, "bold"), f"  ({a.id}; {a.type}; country {a.country or '-'}; "
                                                  f"sector {a.sector or '-'})"))
    if p.part_of:
        console.print(Text(f"part of: {p.part_of.name}"))
    if p.aliases:
        console.print(Text("aliases: " + ", ".join(p.aliases), style="dim"))
    for f in p.affiliations:
        role = f"former {f.role}" if f.former else f.role
        console.print(Text(f"affiliation: {f.person.name}, {role} of {f.organization.name} [{f.doc_id}]"))
    table = Table("event", "as actor", "as recipient", title="claims by event type")
    for ev in sorted(set(p.claims_out) | set(p.claims_in)):
        table.add_row(ev, str(p.claims_out.get(ev, 0)), str(p.claims_in.get(ev, 0)))
    console.print(table)
    console.print(Text(f"speaker of {p.as_speaker} claims"))
    if p.counterparts:
        console.print(Text("top counterparts: " + ", ".join(f"{x.name} ({n})" for x, n in p.counterparts)))
    if p.publishers:
        console.print(Text("reported by: " + ", ".join(f"{x} ({n})" for x, n in p.publishers)))


def _page(console: Console, shown: int, offset: int, total: int, what: str, cursor: str | None = None,
          next_cursor: str | None = None) -> None:
    if cursor:
        # read after a cursor: where the page starts is not counted
        more = f"; --cursor {next_cursor} for more" if next_cursor else ""
        console.print(Text(f"{shown} {what} of {total}{more}", style="dim"))
    elif offset or shown < total:
        more = f"; --offset {offset + shown} (or --cursor {next_cursor}) for more" if next_cursor else \
            f"; --offset {offset + shown} for more" if offset + shown < total else ""
        console.print(Text(f"{what} {offset + 1}-{offset + shown} of {total}{more}" if shown
                           else f"no {what} from {offset + 1} on, of {total}", style="dim"))
    else:
        console.print(Text(f"{what}: {total}", style="dim"))


def print_claims(console: Console, claims: ClaimList) -> None:
    for c in claims.claims:
        head = Text.assemble((c.event, "bold green"), f" {', '.join(a.name for a in c.actor)} -> "
                                                     f"{', '.join(r.name for r in c.recipient) or '-'}")
        console.print(head)
        console.print(claim_line(c))
    _page(console, len(claims.claims), claims.offset, claims.total, "claims", claims.cursor, claims.next_cursor)


def print_timeline(console: Console, t: Timeline) -> None:
    for e in t.entries:
        c = e.claim
        console.print(Text.assemble((e.date or "undated", "bold"), (f" ({e.dated_by}) ", "dim"),
                                    (c.event, "bold green"), f" {', '.join(a.name for a in c.actor)} -> "
                                                             f"{', '.join(r.name for r in c.recipient) or '-'}"))
        console.print(claim_line(c))
    _page(console, len(t.entries), t.offset, t.total, "entries", t.cursor, t.next_cursor)


def print_contradictions(console: Console, found: Contradictions) -> None:
    if not found.total:
        console.print("No contradictions.")
    for x in found:
        what = x.event or "any link"
        console.print(Text.assemble((f"{x.actor.name} -> {x.recipient.name}  {what}", "bold"),
                                    (f"  {x.kind}", "bold red")))
        table = Table(f"affirmed ({x.affirmed_count})", f"against ({x.against_count + len(x.denials)})",
                      show_lines=True, expand=True)
        left = Text("\n").join(claim_line(c) for c in x.affirmed)
        right_parts = [claim_line(c) for c in x.against]
        right_parts += [Text.assemble((f"  {d.doc_id} [{d.publisher}, {d.published or 'undated'}] ", "dim"),
                                      (d.speaker.name, STYLES["source"]), " ", (d.cue.text, STYLES["trigger"]),
                                      f": {d.content.text}") for d in x.denials]
        table.add_row(left, Text("\n").join(right_parts))
        console.print(table)
    if found.total:
        _page(console, len(found.items), found.offset, found.total, "contradictions", found.cursor,
              found.next_cursor)
