"""Exports of the evidence graph for the tools analysts use: JSON lines of claims (the
claims contract), CSV, GraphML and GEXF (Gephi; GEXF with dates for its timeline), and
FollowTheMoney entities (Aleph-compatible tools).  Every exported edge carries its
evidence and sources.  ``export(graph, fmt, path, claim_filter)`` writes any of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from claimgraph.export.ftm import ftm_entities, write_ftm
from claimgraph.export.graphs import build_networkx, write_gexf, write_graphml
from claimgraph.export.tables import write_csv, write_jsonl

if TYPE_CHECKING:
    from claimgraph.query.graph import ClaimFilter, Graph

FORMATS = ("jsonl", "csv", "graphml", "gexf", "ftm")


def export(graph: Graph, fmt: str, path: str | Path, claim_filter: ClaimFilter | None = None) -> int:
    """Writes the claims ``claim_filter`` selects in ``fmt`` to ``path``; returns the number
    of records written (claims, CSV rows, graph edges or FollowTheMoney entities)."""
    if fmt == "jsonl":
        return write_jsonl(graph.iter_claims(claim_filter), path)
    if fmt == "csv":
        return write_csv(graph.iter_claims(claim_filter), path)
    if fmt in ("graphml", "gexf"):
        g = build_networkx(graph.edges(claim_filter))
        (write_graphml if fmt == "graphml" else write_gexf)(g, path)
        return int(g.number_of_edges())
    if fmt == "ftm":
        return write_ftm(ftm_entities(graph.edges(claim_filter), graph), path)
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")


__all__ = ["FORMATS", "build_networkx", "export", "ftm_entities", "write_csv", "write_ftm", "write_gexf",
           "write_graphml", "write_jsonl"]
