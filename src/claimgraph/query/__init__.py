"""Read queries over the claim store: what links two actors and on what evidence, paths
through intermediaries, actor profiles, claim lists, timelines and contradictions.
``Graph.open(db)`` is the entry point; results are the dataclasses of ``results``."""

from __future__ import annotations

from claimgraph.query.actors import ActorIndex, UnknownActor
from claimgraph.query.graph import ClaimFilter, Graph
from claimgraph.query.results import (
    AffiliationView,
    ClaimList,
    Contradiction,
    Contradictions,
    Denial,
    Edge,
    Hop,
    Links,
    Path,
    Profile,
    StoredClaim,
    Strength,
    Timeline,
    TimelineEntry,
)

__all__ = [
    "ActorIndex", "AffiliationView", "ClaimFilter", "ClaimList", "Contradiction", "Contradictions", "Denial", "Edge",
    "Graph", "Hop", "Links", "Path", "Profile", "StoredClaim", "Strength", "Timeline", "TimelineEntry", "UnknownActor",
]
