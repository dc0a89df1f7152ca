"""The JSON endpoints (``/api``): the queries of ``claimgraph.query.Graph`` and the
documents and reviews of the store.  Every list comes in pages (``limit``, ``offset``,
and the ``total``; claims and timelines also by ``cursor``, a page's ``next_cursor``), and
every fan-out has a ceiling (evidence per edge, paths, intermediaries, counterparts
followed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import func, or_, select

from claimgraph.model import EVENT_TYPES
from claimgraph.query import ClaimFilter, UnknownActor
from claimgraph.query.graph import BadCursor
from claimgraph.query.results import Edge, StoredClaim, actor_dict
from claimgraph.store import ReviewError
from claimgraph.store.schema import (
    actor_claims,
    actor_months,
    affiliations,
    attributions,
    claims,
    documents,
    edge_reporters,
    edge_summaries,
    entities,
    mentions,
)
from claimgraph.web.app import Services, has_token

router = APIRouter()

Event = Literal[EVENT_TYPES]  # type: ignore[valid-type]
Certainty = Literal["certain", "probable", "possible"]
Polarity = Literal["affirmed", "negated"]
Direction = Literal["both", "out", "in"]
ReviewFilter = Literal["all", "unreviewed", "reviewed", "confirmed", "corrected", "rejected"]
Name = Annotated[str, Query(min_length=1, max_length=200, description="An actor: id, name or any alias.")]
Limit = Annotated[int, Query(ge=1, le=200, description="Items a page (at most 200).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Skip this many (the next page).")]
Date = Annotated[str | None, Query(max_length=10, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                   description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive).")]
Text = Annotated[str | None, Query(max_length=200)]
Cursor = Annotated[str | None, Query(max_length=400, description="The page after this one: a page's next_cursor "
                                                                  "(claims of a named actor, timelines, "
                                                                  "contradictions).")]
Order = Annotated[Literal["oldest", "newest"], Query(description="By date, oldest or newest first (the undated "
                                                                 "last either way).")]
EvidenceOrder = Annotated[Literal["strongest", "newest", "oldest"],
                          Query(description="Evidence: certain affirmed claims first, or by date.")]
# row ids are 32-bit integers on PostgreSQL: a larger one names nothing (and must not reach SQL)
MAX_PK = 2**31 - 1


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


Svc = Annotated[Services, Depends(services)]


def claim_json(c: StoredClaim) -> dict[str, Any]:
    """A claim's record with its row id (``pk``: what reviews and the document view use)
    and its document's row id."""
    return {**c.to_record(), "pk": c.pk, "document": c.document, "title": c.title}


def edge_json(e: Edge) -> dict[str, Any]:
    return {**e.to_dict(0), "evidence": [claim_json(c) for c in e.claims]}


@router.get("/actors", tags=["actors"], summary="Search actors by name or alias")
def search_actors(svc: Svc, q: Annotated[str, Query(min_length=1, max_length=200)], limit: Limit = 20
                  ) -> dict[str, Any]:
    """Actors whose name or an alias contains ``q`` (case, accents and punctuation
    aside), those with most claims first, with their claims in (as recipient) and out (as
    actor); ``suggestions`` are near spellings when nothing matches."""
    from claimgraph.resolve.gazetteer import normalize_name

    index = svc.graph.actors
    key = normalize_name(q)
    found: dict[str, int] = {}
    if key:
        for actor_id, actor in index.stored.items():
            names = [actor.name, actor_id, *index.aliases.get(actor_id, ())]
            keys = [normalize_name(n) for n in names]
            if key in keys:
                found[actor_id] = 0
            elif any(k.startswith(key) for k in keys):
                found[actor_id] = 1
            elif any(key in k for k in keys):
                found[actor_id] = 2
    counts: dict[str, dict[str, int]] = {i: {"actor": 0, "recipient": 0} for i in found}
    ac = actor_claims.c
    ids = list(found)
    with svc.store.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            for actor_id, role, n in conn.execute(
                    select(ac.entity_id, ac.role, func.sum(ac.claims)).where(
                        ac.entity_id.in_(ids[i:i + 500]), ac.role.in_(("actor", "recipient")))
                    .group_by(ac.entity_id, ac.role)):
                counts[actor_id][role] = int(n)
    ranked = sorted(found, key=lambda i: (found[i], -(counts[i]["actor"] + counts[i]["recipient"]),
                                          index.stored[i].name.lower()))
    items = [{**actor_dict(index.stored[i]), "claims_out": counts[i]["actor"], "claims_in": counts[i]["recipient"]}
             for i in ranked[:limit]]
    return {"query": q, "total": len(found), "items": items,
            "suggestions": [] if items else index.suggest(q)}


def _unknown(err: UnknownActor) -> HTTPException:
    return HTTPException(404, detail={"message": str(err), "suggestions": err.suggestions})


@router.get("/actors/{name}", tags=["actors"], summary="An actor's profile")
def actor_profile(svc: Svc, name: str, top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    """Aliases, country, sector, affiliations, claims in and out by event type, the
    counterparts with most claims (each with ``events``: the claims of its edges with the
    actor by event type, most first) and the publishers that report on the actor."""
    try:
        profile: dict[str, Any] = svc.graph.actor(name, top=top).to_dict()
    except UnknownActor as err:
        raise _unknown(err) from None
    events = svc.graph.counterpart_events(profile["actor"]["id"], [c["id"] for c in profile["counterparts"]])
    for c in profile["counterparts"]:
        c["events"] = dict(sorted(events[c["id"]].items(), key=lambda kv: (-kv[1], kv[0])))
    return profile


@router.get("/actors/{name}/activity", tags=["actors"], summary="An actor's claims by month")
def actor_activity(svc: Svc, name: str) -> dict[str, Any]:
    """How many claims (not rejected) name the actor as actor or recipient, by month of the
    date they refer to, else of publication: the timeline chart of the actor page."""
    try:
        who = svc.graph.find(name)
    except UnknownActor as err:
        raise _unknown(err) from None
    m = actor_months.c
    with svc.store.engine.connect() as conn:
        rows = conn.execute(select(m.month, m.claims).where(m.entity_id == who.id).order_by(m.month)).all()
    return {"actor": actor_dict(who), "months": [{"month": m, "claims": int(n)} for m, n in rows if m]}


@router.get("/links", tags=["links"], summary="What links two actors")
def links(svc: Svc, a: Name, b: Name, via: Annotated[int, Query(ge=0, le=3)] = 0, direction: Direction = "both",
          event: Event | None = None, certainty: Certainty | None = None, polarity: Polarity | None = None,
          since: Date = None, until: Date = None, publisher: Text = None, review: ReviewFilter | None = None,
          evidence: Annotated[int, Query(ge=0, le=50)] = 5, offset: Offset = 0, order: EvidenceOrder = "strongest",
          limit: Annotated[int, Query(ge=1, le=20, description="Most paths.")] = 5,
          fanout: Annotated[int, Query(ge=1, le=50)] = 20,
          max_degree: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """The direct edges between ``a`` and ``b``, strongest first, each with a page of its
    evidence in ``order``, and with ``via`` > 0 paths through up to ``via`` intermediaries.  Filters on
    certainty, polarity, dates, publisher or review status build every edge, direct or on a
    path, from the claims that pass them: a path is shown only when each of its hops has
    such claims.  Review filters that take in rejected claims (``rejected``, ``reviewed``,
    ``all``) tally at most 5,000 claims a pair of actors; ``truncated`` says when more passed."""
    g = svc.graph
    try:
        x, y = g.find(a), g.find(b)
        if not any((certainty, polarity, since, until, publisher, review)):
            found = g.links(x, y, via=via, direction=direction, event=event, fanout=fanout, max_degree=max_degree,
                            limit=limit, evidence=evidence, offset=offset, order=order)
            truncated = False
        else:
            f = ClaimFilter(event=event, certainty=certainty, polarity=polarity, since=since, until=until,
                            publisher=publisher, review=review)
            found, truncated = g.filtered_links(x, y, f, via=via, direction=direction, fanout=fanout,
                                                max_degree=max_degree, limit=limit, evidence=evidence, offset=offset,
                                                order=order)
    except UnknownActor as err:
        raise _unknown(err) from None
    return {"a": actor_dict(found.a), "b": actor_dict(found.b), "filtered": any(
        (certainty, polarity, since, until, publisher, review)), "truncated": truncated,
            "edges": [edge_json(e) for e in found.edges], "paths": [_path_json(p) for p in found.paths]}


def _path_json(p: Any) -> dict[str, Any]:
    return {"actors": [actor_dict(a) for a in p.actors], "strength": p.strength,
            "hops": [{"a": actor_dict(h.a), "b": actor_dict(h.b), "strength": h.strength, "relation": h.relation,
                      "edges": [edge_json(e) for e in h.edges]} for h in p.hops]}


@router.get("/claims", tags=["claims"], summary="Claims that match filters")
def list_claims(svc: Svc, event: Event | None = None, actor: Text = None, recipient: Text = None,
                involving: Text = None, since: Date = None, until: Date = None, certainty: Certainty | None = None,
                polarity: Polarity | None = None, mode: Annotated[str | None, Query(max_length=32)] = None,
                publisher: Text = None, review: ReviewFilter | None = None, limit: Limit = 50,
                offset: Offset = 0, cursor: Cursor = None, order: Order = "oldest") -> dict[str, Any]:
    """A page of claims by date (referred to, else published), oldest or newest first, with
    the number of all.
    Rejected claims are left out unless ``review`` asks for them (``rejected``, ``all``)."""
    try:
        page = svc.graph.claims(ClaimFilter(event=event, actor=actor, recipient=recipient, involving=involving,
                                            since=since, until=until, certainty=certainty, polarity=polarity,
                                            mode=mode, publisher=publisher, review=review, limit=limit,
                                            offset=offset, cursor=cursor, order=order))
    except UnknownActor as err:
        raise _unknown(err) from None
    except BadCursor as err:
        raise HTTPException(422, detail=str(err)) from None
    return {"total": page.total, "offset": page.offset, "next_cursor": page.next_cursor,
            "items": [claim_json(c) for c in page.claims]}


@router.get("/claims/{pk}", tags=["claims"], summary="One claim, with its review")
def one_claim(svc: Svc, pk: int) -> dict[str, Any]:
    found = svc.graph.load([pk]) if 0 < pk <= MAX_PK else []
    if not found:
        raise HTTPException(404, detail=f"no claim {pk}")
    out = claim_json(found[0])
    out["reviewed"] = _review_of(svc, pk)
    return out


def _review_of(svc: Services, pk: int) -> dict[str, Any] | None:
    from claimgraph.store.schema import reviews

    with svc.store.engine.connect() as conn:
        row = conn.execute(select(reviews).join(claims, claims.c.review_id == reviews.c.id)
                           .where(claims.c.id == pk)).mappings().first()
    return _review_json(dict(row)) if row is not None else None


def _review_json(r: dict[str, Any]) -> dict[str, Any]:
    when = r.get("reviewed_at")
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # SQLite hands times back without their zone
    return {"id": r["id"], "doc_id": r["doc_id"], "verdict": r["verdict"], "changes": r["changes"],
            "original": r.get("original"), "reviewer": r["reviewer"],
            "reviewed_at": when.isoformat() if when is not None else None, "note": r.get("note"),
            "claim": r.get("claim")}


@router.get("/timeline", tags=["claims"], summary="Claims between two actors (or of one) in date order")
def timeline(svc: Svc, a: Name, b: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
             by: Literal["refers", "published"] = "refers", event: Event | None = None, limit: Limit = 50,
             offset: Offset = 0, cursor: Cursor = None, order: Order = "oldest") -> dict[str, Any]:
    try:
        t = svc.graph.timeline(a, b, by=by, event=event, limit=limit, offset=offset, cursor=cursor, order=order)
    except UnknownActor as err:
        raise _unknown(err) from None
    except BadCursor as err:
        raise HTTPException(422, detail=str(err)) from None
    return {"total": t.total, "offset": t.offset, "next_cursor": t.next_cursor,
            "items": [{"date": e.date, "dated_by": e.dated_by, "claim": claim_json(e.claim)} for e in t.entries]}


@router.get("/contradictions", tags=["claims"], summary="Claims that cannot all hold")
def contradictions(svc: Svc, actor: Text = None, other: Text = None, event: Event | None = None,
                   limit: Annotated[int, Query(ge=1, le=50)] = 10, offset: Offset = 0,
                   evidence: Annotated[int, Query(ge=0, le=20)] = 3, cursor: Cursor = None) -> dict[str, Any]:
    """Affirmed against negated claims of one event type between two actors, and claims
    against denials by one of them, with the first ``evidence`` claims of each side; a
    page from ``offset`` on or after ``cursor`` (a page's ``next_cursor``)."""
    try:
        found = svc.graph.contradictions(actor, other, event, limit=limit, offset=offset, evidence=evidence,
                                         cursor=cursor)
    except UnknownActor as err:
        raise _unknown(err) from None
    except BadCursor as err:
        raise HTTPException(422, detail=str(err)) from None
    items = []
    for x in found.items:
        d = x.to_dict()
        d["affirmed"] = [claim_json(c) for c in x.affirmed]
        d["against"] = [claim_json(c) for c in x.against]
        items.append(d)
    return {"total": found.total, "offset": found.offset, "next_cursor": found.next_cursor, "items": items}


@router.get("/corroboration", tags=["claims"], summary="Edges reported by independent sources")
def corroboration(svc: Svc, actor: Text = None, other: Text = None, event: Event | None = None,
                  min_sources: Annotated[int, Query(ge=1, le=100, description="Fewest independent sources.")] = 2,
                  limit: Annotated[int, Query(ge=1, le=50)] = 10, offset: Offset = 0,
                  evidence: Annotated[int, Query(ge=0, le=20)] = 3) -> dict[str, Any]:
    """Edges whose affirmed claims come from at least ``min_sources`` independent sources
    (publishers of distinct stories, a near-duplicate copy counted as its first copy's),
    most sources first, each with those sources (and how many of its affirmed claims each
    gave) and the first ``evidence`` claims; of ``actor`` (and ``other``) when named.  Read
    from the summaries: rejected claims are not counted."""
    s = edge_summaries.c
    where: list[Any] = [s.affirmed_sources >= min_sources]
    if event:
        where.append(s.event == event)
    try:
        for name in (actor, other):
            if name:
                who = svc.graph.find(name).id
                where.append(or_(s.source_id == who, s.target_id == who))
    except UnknownActor as err:
        raise _unknown(err) from None
    er = edge_reporters.c
    with svc.store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(edge_summaries).where(*where)).scalar_one())
        keys = [(r.source_id, r.target_id, r.event, bool(r.mutual)) for r in conn.execute(
            select(s.source_id, s.target_id, s.event, s.mutual).where(*where)
            .order_by(s.affirmed_sources.desc(), s.strength.desc(), s.claims.desc(), s.source_id, s.target_id,
                      s.event).limit(limit).offset(offset))]
        behind = {key: [{"publisher": name, "claims": int(n)} for name, n in conn.execute(
            select(er.name, er.claims).where(er.source_id == key[0], er.target_id == key[1], er.event == key[2],
                                             er.mutual == key[3], er.kind == "affirmed_story")
            .order_by(er.claims.desc(), er.name))] for key in keys}
    # the page's edges read together, each with its own reporters only (not its pair's)
    found = {(e.source.id, e.target.id, e.event, e.mutual): e for e in svc.graph.edges_by_key(keys, evidence)}
    items = [{**edge_json(found[key]), "independent_sources": behind[key]} for key in keys]
    return {"total": total, "offset": offset, "items": items}


@router.get("/stats", tags=["store"], summary="What the store holds")
def stats(svc: Svc, top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    """``claimgraph stats --format json`` without the database's address: documents, claims
    by event type (rejected claims left out of every count but ``rejected`` and
    ``reviewed``, as links and exports leave them out), actors in most claims, sources,
    failures and ingest runs."""
    found = svc.store.stats(top)
    found.pop("database", None)
    return found


@router.get("/documents", tags=["documents"], summary="Stored documents")
def list_documents(svc: Svc, q: Annotated[str | None, Query(max_length=200, description="Part of the id or title.")]
                   = None, publisher: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """A page of documents by row id, each with its claims (``claims``: those not rejected;
    ``rejected``: those a reviewer rejected)."""
    d = documents.c
    where: list[Any] = []
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(d.doc_id.like(pattern, escape="\\") | d.title.like(pattern, escape="\\"))
    if publisher:
        where.append(d.site == publisher)
    with svc.store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(documents).where(*where)).scalar_one())
        rows = conn.execute(select(d.id, d.doc_id, d.title, d.site, d.url, d.published, d.status)
                            .where(*where).order_by(d.id).limit(limit).offset(offset)).mappings().all()
        # claims counted as links count them: the rejected ones apart
        counts: dict[tuple[int, bool], int] = {}
        if rows:
            rejected = func.coalesce(claims.c.review, "") == "rejected"
            for doc_pk, is_rejected, n in conn.execute(
                    select(claims.c.document_id, rejected, func.count()).where(
                        claims.c.document_id.in_([r["id"] for r in rows])).group_by(claims.c.document_id, rejected)):
                counts[(doc_pk, bool(is_rejected))] = int(n)
    return {"total": total, "offset": offset,
            "items": [{**dict(r), "claims": counts.get((r["id"], False), 0), "rejected": counts.get((r["id"], True), 0)}
                      for r in rows]}


@router.get("/documents/{pk}", tags=["documents"], summary="A document with everything read from it")
def one_document(svc: Svc, pk: int) -> dict[str, Any]:
    """The text, and every claim (rejected ones too, marked), attribution and affiliation
    with offsets into it: what the document view highlights."""
    return document_json(svc, pk)


def document_json(svc: Services, pk: int) -> dict[str, Any]:
    d = documents.c
    if not 0 < pk <= MAX_PK:
        raise HTTPException(404, detail=f"no document {pk}")
    with svc.store.engine.connect() as conn:
        doc = conn.execute(select(d.id, d.doc_id, d.title, d.site, d.url, d.published, d.language, d.status,
                                  d.text, d.near_duplicate_of).where(d.id == pk)).mappings().first()
        if doc is None:
            raise HTTPException(404, detail=f"no document {pk}")
        c = claims.c
        claim_pks = list(conn.execute(select(c.id).where(c.document_id == pk)
                                      .order_by(c.evidence_start, c.trigger_start, c.id)).scalars())
        a = attributions.c
        src = mentions.alias("src")
        attrs = [dict(r) for r in conn.execute(
            select(a.source_start, a.source_end, a.source_text, a.cue_text, a.cue_start, a.cue_end, a.content_start,
                   a.content_end, src.c.entity_id.label("source_id"))
            .outerjoin(src, src.c.id == a.source_mention_id).where(a.document_id == pk).order_by(a.id)).mappings()]
        f = affiliations.c
        pm, om = mentions.alias("pm"), mentions.alias("om")
        affs = [dict(r) for r in conn.execute(
            select(pm.c.text.label("person"), pm.c.start.label("person_start"), pm.c.end.label("person_end"),
                   om.c.text.label("organization"), om.c.start.label("organization_start"),
                   om.c.end.label("organization_end"), f.role, f.former, f.evidence_start, f.evidence_end)
            .join(pm, pm.c.id == f.person_mention_id).join(om, om.c.id == f.organization_mention_id)
            .where(f.document_id == pk).order_by(f.id)).mappings()]
        names = dict(conn.execute(select(entities.c.id, entities.c.name).where(entities.c.id.in_(
            select(mentions.c.entity_id).where(mentions.c.document_id == pk)))).all())
    for x in attrs:
        x["source_name"] = names.get(x.pop("source_id")) if x.get("source_start") is not None else None
    loaded = svc.graph.load(claim_pks)
    return {**{k: v for k, v in doc.items()}, "claims": [claim_json(c) for c in loaded], "attributions": attrs,
            "affiliations": affs}


@router.get("/reviews", tags=["reviews"], summary="Stored reviews, newest first")
def list_reviews(svc: Svc, verdict: Literal["confirmed", "rejected", "corrected"] | None = None,
                 doc_id: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    total, found = svc.store.reviews(verdict, doc_id, limit, offset)
    return {"total": total, "offset": offset, "items": [_review_json(r) for r in found]}


def _no_nul(value: Any) -> Any:
    for text in _strings(value):
        if "\x00" in text:
            raise ValueError("NUL characters are not allowed")
    return value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


class Corrections(BaseModel):
    """The fields a correction changes; those left out stay as extracted.  Actors,
    recipients and the speaker are named as written in the document."""

    event: Event | None = None
    mode: str | None = Field(None, max_length=32)
    actor: list[Annotated[str, Field(max_length=200)]] | None = Field(None, max_length=10)
    recipient: list[Annotated[str, Field(max_length=200)]] | None = Field(None, max_length=10)
    asserted_by: str | None = Field(None, max_length=200)
    polarity: Polarity | None = None

    _check = field_validator("mode", "actor", "recipient", "asserted_by")(_no_nul)


class ReviewIn(BaseModel):
    verdict: Literal["confirmed", "rejected", "corrected"]
    reviewer: str = Field(min_length=1, max_length=200)
    note: str | None = Field(None, max_length=2000)
    changes: Corrections | None = None

    _check = field_validator("reviewer", "note")(_no_nul)


@router.post("/claims/{pk}/review", tags=["reviews"], summary="Confirm, reject or correct a claim",
             responses={401: {"description": "no valid token"}, 404: {"description": "no such claim"},
                        422: {"description": "the review cannot be applied"}})
def review_claim(svc: Svc, request: Request, pk: int, body: Annotated[ReviewIn, Body()]) -> dict[str, Any]:
    """Needs ``Authorization: Bearer TOKEN``.  The review is kept with reviewer and time,
    keyed by the document's text and the claim's evidence (it survives storing and
    extracting the document again); the summaries follow it at once."""
    if not has_token(request, svc.config):
        raise HTTPException(401, detail="writes need the token (Authorization: Bearer TOKEN)")
    if not 0 < pk <= MAX_PK or not svc.graph.load([pk]):
        raise HTTPException(404, detail=f"no claim {pk}")
    changes = body.changes.model_dump(exclude_unset=True) if body.changes is not None else {}
    try:
        done = svc.store.review(pk, body.verdict, body.reviewer, changes, body.note)
    except ReviewError as err:
        raise HTTPException(422, detail=str(err)) from None
    svc.refresh_actors()
    return {"review": _review_json(done), "claim": claim_json(svc.graph.load([pk])[0])}


@router.delete("/claims/{pk}/review", tags=["reviews"], summary="Undo a claim's review",
               responses={401: {"description": "no valid token"},
                          404: {"description": "no such claim, or the claim has no review"}})
def undo_review(svc: Svc, request: Request, pk: int) -> dict[str, Any]:
    """Needs ``Authorization: Bearer TOKEN``.  The claim is as extracted again (what the
    review corrected is put back, the verdict cleared) and the review is deleted, so storing
    the document again applies nothing; the summaries follow at once.  Returns the review
    that was undone and the claim as it is now."""
    if not has_token(request, svc.config):
        raise HTTPException(401, detail="writes need the token (Authorization: Bearer TOKEN)")
    if not 0 < pk <= MAX_PK or not svc.graph.load([pk]):
        raise HTTPException(404, detail=f"no claim {pk}")
    try:
        undone = svc.store.undo_review(pk)
    except ReviewError as err:
        raise HTTPException(404, detail=str(err)) from None
    svc.refresh_actors()
    return {"undone": _review_json(undone) if "verdict" in undone else None,
            "claim": claim_json(svc.graph.load([pk])[0])}
