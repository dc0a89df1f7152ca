"""What a claim store holds, counted: the numbers behind ``claimgraph stats``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case, distinct, func, select

from claimgraph.store.claim_store import aware
from claimgraph.store.schema import (
    actor_claims,
    affiliations,
    attributions,
    claims,
    documents,
    entities,
    failures,
    ingest_runs,
)


def _count(conn: Connection, *where: Any, table: Any = documents) -> int:
    return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def store_stats(conn: Connection, top: int = 10) -> dict[str, Any]:
    """Documents, claims by event type, actors, sources, failures and runs of the store
    behind ``conn``; ``top`` bounds the actor and source lists.  Claims are counted as
    links and exports count them: rejected claims (store/reviews.py) are left out of the
    total, the event types and the actors, and counted apart, with the other verdicts."""
    d = documents.c
    languages = {lang or "unknown": n for lang, n in conn.execute(
        select(d.language, func.count()).group_by(d.language).order_by(func.count().desc(), d.language))}
    c = claims.c
    # all claims less the rejected ones, which the review index finds without a scan
    verdicts = {v: int(n) for v, n in conn.execute(
        select(c.review, func.count()).where(c.review.is_not(None)).group_by(c.review))}
    rejected = {event: int(n) for event, n in conn.execute(
        select(c.event, func.count()).where(c.review == "rejected").group_by(c.event))}
    counted = [(event, int(n) - rejected.get(event, 0)) for event, n in conn.execute(
        select(c.event, func.count()).group_by(c.event))]
    by_event = dict(sorted(((e, n) for e, n in counted if n), key=lambda x: (-x[1], x[0])))

    # from the summaries: counting claims per actor over claim_entities reads every claim
    ac = actor_claims.c
    in_claims = func.sum(case((ac.role == "either", ac.claims), else_=0))
    as_actor = func.sum(case((ac.role == "actor", ac.claims), else_=0))
    top_actors = [
        {"id": i, "name": name, "type": kind, "country": country, "claims": int(n), "as_actor": int(a)}
        for i, name, kind, country, n, a in conn.execute(
            select(entities.c.id, entities.c.name, entities.c.type, entities.c.country, in_claims, as_actor)
            .join(actor_claims, ac.entity_id == entities.c.id)
            .where(ac.role.in_(("either", "actor")))
            .group_by(entities.c.id, entities.c.name, entities.c.type, entities.c.country)
            .order_by(in_claims.desc(), entities.c.id).limit(top))]

    stories = func.count(distinct(func.coalesce(d.near_duplicate_of, d.id)))
    top_sources = [
        {"site": site, "documents": n, "stories": s}
        for site, n, s in conn.execute(
            select(d.site, func.count(), stories).where(d.site.is_not(None)).group_by(d.site)
            .order_by(func.count().desc(), d.site).limit(top))]

    last = conn.execute(select(ingest_runs).order_by(ingest_runs.c.id.desc()).limit(1)).mappings().first()
    return {
        "documents": {
            "total": _count(conn),
            "extracted": _count(conn, d.status == "extracted"),
            "not_extracted": _count(conn, d.status == "not_extracted"),
            "near_duplicates": _count(conn, d.near_duplicate_of.is_not(None)),
            # copies point at their story's first copy, which points nowhere: one a story
            "stories": _count(conn, d.near_duplicate_of.is_(None)),
            "fetched": _count(conn, d.fetched_page_id.is_not(None)),
            "languages": languages,
        },
        "claims": {"total": _count(conn, table=claims) - verdicts.get("rejected", 0), "by_event": by_event,
                   "rejected": verdicts.get("rejected", 0),
                   "reviewed": {v: verdicts.get(v, 0) for v in ("confirmed", "corrected", "rejected")}},
        "attributions": _count(conn, table=attributions),
        "affiliations": _count(conn, table=affiliations),
        "actors": {"total": _count(conn, table=entities), "top": top_actors},
        "sources": {"total": int(conn.execute(select(func.count(distinct(d.site)))).scalar_one()),
                    "top": top_sources},
        "failures": {"open": _count(conn, failures.c.resolved_at.is_(None), table=failures),
                     "resolved": _count(conn, failures.c.resolved_at.is_not(None), table=failures)},
        "runs": {"total": _count(conn, table=ingest_runs), "last": aware(last) if last else None},
    }
