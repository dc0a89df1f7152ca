"""The query commands (``links``, ``actor``, ``claims``, ``timeline``, ``contradictions``,
``export``): each parses its arguments, calls ``claimgraph.query.Graph`` or
``claimgraph.export``, and prints.  ``register(main)`` adds them to the main group."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from claimgraph.model import EVENT_TYPES

JSON_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                           show_default=True, help="table: for people; json: for scripts.")
EVENT = click.Choice(EVENT_TYPES, case_sensitive=False)
OFFSET = click.option("--offset", type=click.IntRange(0), default=0, show_default=True,
                      help="Skip this many (the next page).")
CURSOR = click.option("--cursor", default=None,
                      help="The page after this one (printed under a page; read from an index, however far).")
ORDER = click.option("--order", type=click.Choice(["oldest", "newest"]), default="oldest", show_default=True,
                     help="By date, oldest or newest first (the undated last either way).")


def _err(message: str) -> None:
    click.echo(f"claimgraph: {message}", err=True)


@contextmanager
def _graph(db: str) -> Iterator[Any]:
    """The graph of ``db``; exits with status 2 when there is no store, 1 for an unknown actor."""
    from sqlalchemy.exc import SQLAlchemyError

    from claimgraph.query import Graph, UnknownActor
    from claimgraph.query.graph import BadCursor
    from claimgraph.store import database_url

    url = database_url(db)
    if url.get_backend_name() == "sqlite" and url.database and not os.path.exists(url.database):
        _err(f"no claim store at {url.database} (claimgraph ingest creates it; --db or CLAIMGRAPH_DB choose another)")
        sys.exit(2)
    try:
        graph = Graph.open(db)
    except (SQLAlchemyError, OSError) as err:
        _err(f"cannot open the claim store {url.render_as_string(hide_password=True)}: {str(err).splitlines()[0]}")
        sys.exit(2)
    try:
        yield graph
    except (UnknownActor, BadCursor) as err:
        _err(str(err))
        sys.exit(1)
    finally:
        graph.close()


def _json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def _filters(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed([
        click.option("--event", type=EVENT, default=None, help="PLOVER event type."),
        click.option("--actor", default=None, help="Actor (any alias) in the actor role."),
        click.option("--recipient", default=None, help="Actor (any alias) in the recipient role."),
        click.option("--involving", default=None, help="Actor (any alias) in either role."),
        click.option("--since", default=None, help="From this date (YYYY[-MM[-DD]]): referred to, else published."),
        click.option("--until", default=None, help="Up to this date, inclusive."),
        click.option("--certainty", type=click.Choice(["certain", "probable", "possible"]), default=None),
        click.option("--polarity", type=click.Choice(["affirmed", "negated"]), default=None),
        click.option("--mode", default=None, help="Event mode (e.g. economic, arms, training)."),
        click.option("--publisher", default=None, help="Site that published the document."),
        click.option("--review", type=click.Choice(["all", "unreviewed", "reviewed", "confirmed", "corrected",
                                                    "rejected"]), default=None,
                     help="By review (default: every claim but the rejected ones)."),
    ]):
        f = opt(f)
    return f


def _claim_filter(limit: int | None = None, offset: int = 0, **kw: Any) -> Any:
    from claimgraph.query import ClaimFilter

    if kw.get("event"):
        kw["event"] = kw["event"].upper()
    return ClaimFilter(limit=limit, offset=offset, **kw)


def register(group: click.Group) -> None:
    """Adds the query commands to ``group`` (the ``claimgraph`` command)."""

    @group.command()
    @click.argument("a")
    @click.argument("b")
    @click.option("--via", type=click.IntRange(0, 3), default=0, show_default=True,
                  help="Also paths through up to this many intermediaries.")
    @click.option("--direction", type=click.Choice(["both", "out", "in"]), default="both", show_default=True,
                  help="out: A acts on B; in: B acts on A.")
    @click.option("--event", type=EVENT, default=None, help="Only this PLOVER event type.")
    @click.option("--fanout", type=int, default=20, show_default=True,
                  help="Paths continue through at most this many counterparts of each actor.")
    @click.option("--max-degree", type=int, default=100, show_default=True,
                  help="Actors with more counterparts (hubs) are not intermediaries.")
    @click.option("--limit", type=int, default=10, show_default=True, help="Most paths shown.")
    @click.option("--evidence", type=int, default=3, show_default=True, help="Evidence sentences per edge (a page).")
    @click.option("--offset", type=click.IntRange(0), default=0, show_default=True,
                  help="Skip this many evidence sentences of each edge (the next page).")
    @click.option("--order", type=click.Choice(["strongest", "newest", "oldest"]), default="strongest",
                  show_default=True, help="Evidence order: certain affirmed claims first, or by date.")
    @JSON_FORMAT
    @click.pass_obj
    def links(db: str, a: str, b: str, via: int, direction: str, event: str | None, fanout: int,
              max_degree: int, limit: int, evidence: int, offset: int, order: str, fmt: str) -> None:
        """What links actors A and B: claims between them grouped by event type and
        direction, strongest first, with the parts of the strength, speakers and a page of
        evidence (certain affirmed claims first, then the newest; or by date with --order)."""
        with _graph(db) as g:
            result = g.links(a, b, via=via, direction=direction, event=event.upper() if event else None,
                             fanout=fanout, max_degree=max_degree, limit=limit, evidence=evidence, offset=offset,
                             order=order)
            if fmt == "json":
                _json(result.to_dict(evidence))
            else:
                from claimgraph.query.render import print_links

                print_links(_console(), result, evidence)

    @group.command()
    @click.argument("name")
    @click.option("--top", type=int, default=10, show_default=True)
    @JSON_FORMAT
    @click.pass_obj
    def actor(db: str, name: str, top: int, fmt: str) -> None:
        """Profile of an actor: aliases, type, country, sector, affiliations, claims in and out
        by event type, top counterparts, publishers."""
        with _graph(db) as g:
            profile = g.actor(name, top=top)
            if fmt == "json":
                _json(profile.to_dict())
            else:
                from claimgraph.query.render import print_profile

                print_profile(_console(), profile)

    @group.command(name="claims")
    @_filters
    @click.option("--limit", type=int, default=100, show_default=True, help="Most claims (0: all).")
    @OFFSET
    @CURSOR
    @ORDER
    @click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                  show_default=True, help="json: the claims contract, one object a line.")
    @click.pass_obj
    def claims_command(db: str, limit: int, offset: int, cursor: str | None, order: str, fmt: str,
                       **filters: Any) -> None:
        """Claims that match the filters, by date, a page at a time."""
        with _graph(db) as g:
            page = g.claims(_claim_filter(limit=limit or None, offset=offset, cursor=cursor, order=order, **filters))
            found = page.claims
            if fmt == "json":
                for c in found:
                    _json(c.to_record())
            elif fmt == "csv":
                import csv

                from claimgraph.export.tables import CSV_FIELDS

                writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS)
                writer.writeheader()
                for c in found:
                    writer.writerow(c.to_row())
            else:
                from claimgraph.query.render import print_claims

                print_claims(_console(), page)

    @group.command()
    @click.argument("a")
    @click.argument("b", required=False)
    @click.option("--by", type=click.Choice(["refers", "published"]), default="refers", show_default=True,
                  help="refers: the date a claim refers to (else its publication date).")
    @click.option("--event", type=EVENT, default=None)
    @click.option("--limit", type=int, default=50, show_default=True, help="Entries a page (0: all).")
    @OFFSET
    @CURSOR
    @ORDER
    @JSON_FORMAT
    @click.pass_obj
    def timeline(db: str, a: str, b: str | None, by: str, event: str | None, limit: int, offset: int,
                 cursor: str | None, order: str, fmt: str) -> None:
        """Claims between A and B (or all of A's) in date order, a page at a time."""
        with _graph(db) as g:
            result = g.timeline(a, b, by=by, event=event.upper() if event else None, limit=limit or None,
                                offset=offset, cursor=cursor, order=order)
            if fmt == "json":
                _json(result.to_dict())
            else:
                from claimgraph.query.render import print_timeline

                print_timeline(_console(), result)

    @group.command()
    @click.option("--actor", default=None, help="Only pairs with this actor.")
    @click.option("--other", default=None, help="Only pairs with this other actor.")
    @click.option("--event", type=EVENT, default=None)
    @click.option("--limit", type=int, default=20, show_default=True, help="Contradictions a page (0: all).")
    @OFFSET
    @CURSOR
    @click.option("--evidence", type=int, default=5, show_default=True, help="Claims shown on each side.")
    @JSON_FORMAT
    @click.pass_obj
    def contradictions(db: str, actor: str | None, other: str | None, event: str | None, limit: int, offset: int,
                       cursor: str | None, evidence: int, fmt: str) -> None:
        """Affirmed against negated claims of one event type between two actors, and claims
        against denials by one of them, side by side, a page at a time."""
        with _graph(db) as g:
            found = g.contradictions(actor, other, event.upper() if event else None, limit=limit or None,
                                     offset=offset, evidence=evidence, cursor=cursor)
            if fmt == "json":
                _json(found.to_dict())
            else:
                from claimgraph.query.render import print_contradictions

                print_contradictions(_console(), found)

    @group.command()
    @click.argument("out", type=click.Path(dir_okay=False, writable=True))
    @click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "jsonl", "csv", "ftm"]), required=True)
    @_filters
    def export(out: str, fmt: str, **filters: Any) -> None:
        """Write the claims that match the filters to OUT: GraphML or GEXF (Gephi), CSV,
        JSON lines (the claims contract) or FollowTheMoney entities (JSON lines)."""
        from claimgraph.export import export as write

        db = click.get_current_context().obj
        with _graph(db) as g:
            n = write(g, fmt, out, _claim_filter(**filters))
        _err(f"wrote {n} {'records' if fmt in ('jsonl', 'csv') else 'edges' if fmt != 'ftm' else 'entities'}"
             f" to {out}")
