"""The graph as networkx builds it, written as GraphML or GEXF.

Nodes are actors (label, type, country, sector); edges are the edges of ``query`` (one
per source, target, event type and direction) with their counts, strength and its parts,
speakers and publishers (from the edge summaries), and the document ids, claim ids and
sentences of the first page of their evidence.  GraphML and GEXF take no
lists or nulls, so lists are joined with `` | `` and missing values left out.  In GEXF
an edge lives from its earliest to its latest report (Gephi's timeline)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from claimgraph.model import Actor
from claimgraph.query.results import Edge

EVIDENCE_PER_EDGE = 5
SEP = " | "
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _date(value: str | None) -> str | None:
    match = _DATE.match(value or "")
    return match.group(0) if match else None


def _node(g: nx.MultiDiGraph, a: Actor) -> None:
    if a.id not in g:
        g.add_node(a.id, **{k: v for k, v in {"label": a.name, "type": a.type, "country": a.country,
                                              "sector": a.sector}.items() if v is not None})


def edge_attributes(e: Edge) -> dict[str, Any]:
    shown = e.claims[:EVIDENCE_PER_EDGE]
    attrs: dict[str, Any] = {
        "label": e.event, "event": e.event, "mutual": e.mutual, "claims": e.count, "sources": e.sources,
        "weight": e.strength.score, "strength": e.strength.score, "corroboration": e.strength.corroboration,
        "certainty": e.strength.certainty, "negated_share": e.negated_share, "hedged_share": e.hedged_share,
        "earliest": e.earliest, "latest": e.latest, "speakers": SEP.join(e.speakers),
        "publishers": SEP.join(e.publishers), "doc_ids": SEP.join(dict.fromkeys(c.doc_id for c in e.claims)),
        "claim_ids": SEP.join(c.claim_id for c in e.claims),
        "evidence": SEP.join(f"{c.evidence.text} [{c.doc_id} {c.evidence.start}-{c.evidence.end}, "
                             f"{c.publisher}]" for c in shown),
    }
    return {k: v for k, v in attrs.items() if v is not None}


def build_networkx(edges: Iterable[Edge]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for e in edges:
        _node(g, e.source)
        _node(g, e.target)
        key = f"{e.event}{'~mutual' if e.mutual else ''}"
        g.add_edge(e.source.id, e.target.id, key=key, **edge_attributes(e))
    return g


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> None:
    nx.write_graphml(g, path)


def write_gexf(g: nx.MultiDiGraph, path: str | Path) -> None:
    timed = g.copy()
    first_seen: dict[str, str] = {}
    for u, v, data in timed.edges(data=True):
        start, end = _date(data.get("earliest")), _date(data.get("latest"))
        if start and end:
            data["start"], data["end"] = start, end
            for n in (u, v):
                if n not in first_seen or start < first_seen[n]:
                    first_seen[n] = start
    for n, start in first_seen.items():
        timed.nodes[n]["start"] = start
    nx.write_gexf(timed, path)
