"""Reviews: a person confirms, rejects or corrects an extracted claim.

A review is stored in ``reviews`` under a key that does not depend on row ids: the hash of
the document's text, the claim's evidence and trigger offsets, and its actors and
recipients as extracted.  The claim's row carries the verdict (``claims.review``) and its
corrected fields, so every query reads the claim as reviewed.  When the same text is
stored again (deleted and ingested anew, or extracted again by a newer extractor), its
reviews are applied to the new claims in the transaction that stores them.  A review can
be undone: its claims are put back as extracted and the review is deleted.

A rejected claim is left out of the summaries (and so out of links, paths, timelines and
graph exports); the summaries of the claim's document are taken out before a review
changes its claim and put back after, in the review's transaction, so they stay what the
claims say."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from claimgraph.model import EVENT_TYPES, MODES
from claimgraph.store import summaries
from claimgraph.store.schema import (
    claim_entities,
    claims,
    documents,
    entities,
    entity_aliases,
    mentions,
    reviews,
)

VERDICTS = ("confirmed", "rejected", "corrected")
# what a correction may change, as the annotation guide names the fields
CORRECTABLE = ("event", "mode", "actor", "recipient", "asserted_by", "polarity")
POLARITIES = ("affirmed", "negated")


class ReviewError(ValueError):
    """A review that cannot be applied as asked (no such claim, a bad value, a name that is
    not in the text); the message says which, in one line."""


def parties_of(actor_ids: list[str], recipient_ids: list[str]) -> str:
    """The parties part of a review's key: actor ids, then recipient ids."""
    return f"{','.join(actor_ids)}>{','.join(recipient_ids)}"


def _slug(text: str) -> str:
    from claimgraph.resolve.gazetteer import normalize_name

    return re.sub(r"[^a-z0-9]+", "-", normalize_name(text)).strip("-") or "unknown"


# ---------------------------------------------------------------------------- reading
def _roles(conn: Connection, claim_pks: list[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """The parties of some claims by role, in order: mention span and entity."""
    out: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    if not claim_pks:
        return out
    ce, m = claim_entities.c, mentions.c
    for r in conn.execute(select(ce.claim_id, ce.role, m.id, m.text, m.start, m.end, m.entity_id, m.type)
                          .join(mentions, m.id == ce.mention_id).where(ce.claim_id.in_(claim_pks))
                          .order_by(ce.claim_id, ce.role, ce.position)):
        out[r.claim_id][r.role].append({"text": r.text, "start": r.start, "end": r.end, "id": r.entity_id,
                                        "type": r.type, "mention": r.id})
    return out


def _public(entity: dict[str, Any]) -> dict[str, Any]:
    return {k: entity[k] for k in ("text", "start", "end", "id")}


def claim_fields(row: Any, roles: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The reviewable fields of a claim row as they stand."""
    source = roles.get("source", [])
    return {"event": row.event, "mode": row.mode, "polarity": row.polarity,
            "actor": [_public(e) for e in roles.get("actor", [])],
            "recipient": [_public(e) for e in roles.get("recipient", [])],
            "asserted_by": _public(source[0]) if source else None,
            "cue": {"text": row.cue_text, "start": row.cue_start, "end": row.cue_end}
            if row.cue_text is not None else None,
            "certainty": row.certainty, "tense": row.tense,
            "trigger": {"text": row.trigger_text, "start": row.trigger_start, "end": row.trigger_end},
            "evidence": {"start": row.evidence_start, "end": row.evidence_end}}


# ---------------------------------------------------------------------------- corrections
def _find_span(text: str, evidence: tuple[int, int], name: str) -> tuple[int, int] | None:
    """Where ``name`` is written: in the claim's sentence first, then anywhere in the text."""
    start, end = evidence
    for lo, hi in ((start, end), (0, len(text))):
        at = text.find(name, lo, hi)
        if at < 0:
            at = text.lower().find(name.lower(), lo, hi)
        if at >= 0:
            return at, at + len(name)
    return None


def _entity_for(conn: Connection, doc_pk: int, span: tuple[int, int], name: str) -> dict[str, Any]:
    """The actor a corrected name stands for: the mention already at that span, else a
    stored actor with that alias, else the gazetteer's, else a new actor of that name."""
    m = mentions.c
    found = conn.execute(select(m.entity_id, m.type).where(m.document_id == doc_pk, m.start == span[0],
                                                           m.end == span[1]).limit(1)).first()
    if found is not None:
        return {"id": found.entity_id, "type": found.type}
    alias = conn.execute(select(entity_aliases.c.entity_id).where(entity_aliases.c.alias == name).limit(1)).scalar()
    if alias is not None:
        kind = conn.execute(select(entities.c.type).where(entities.c.id == alias)).scalar()
        return {"id": alias, "type": kind or "group"}
    from claimgraph.resolve.gazetteer import load_gazetteer

    actor = load_gazetteer().lookup(name)
    if actor is not None:
        return {"id": actor.id, "type": actor.type, "name": actor.name, "country": actor.country,
                "sector": actor.sector}
    return {"id": _slug(name), "type": "group", "name": name}


def _resolve(conn: Connection, doc_pk: int, text: str, evidence: tuple[int, int], name: str,
             field: str) -> dict[str, Any]:
    name = " ".join(str(name).split())
    if not name:
        raise ReviewError(f"{field}: an empty name")
    span = _find_span(text, evidence, name)
    if span is None:
        raise ReviewError(f"{field}: {name!r} is not written in the document")
    entity = _entity_for(conn, doc_pk, span, name)
    return {"text": text[span[0]:span[1]], "start": span[0], "end": span[1], **entity}


def validate(conn: Connection, doc_pk: int, text: str, current: dict[str, Any],
             changes: dict[str, Any]) -> dict[str, Any]:
    """The changes of a correction checked and resolved: names become spans of the text
    with their actors.  Raises ``ReviewError``."""
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise ReviewError(f"cannot correct {', '.join(unknown)} (only {', '.join(CORRECTABLE)})")
    out: dict[str, Any] = {}
    evidence = (current["evidence"]["start"], current["evidence"]["end"])
    event = current["event"]
    if "event" in changes:
        event = str(changes["event"] or "").upper()
        if event not in EVENT_TYPES:
            raise ReviewError(f"event: {changes['event']!r} is not a PLOVER event type")
        out["event"] = event
    if "mode" in changes or "event" in changes:
        mode = changes.get("mode", current["mode"] if "mode" not in changes else None) or None
        if mode is not None and mode not in MODES[event]:
            if "mode" in changes:
                allowed = ", ".join(MODES[event]) or "none"
                raise ReviewError(f"mode: {mode!r} is not a mode of {event} ({allowed})")
            mode = None  # the old type's mode does not fit the new type
        out["mode"] = mode
    if "polarity" in changes:
        if changes["polarity"] not in POLARITIES:
            raise ReviewError(f"polarity: {changes['polarity']!r} is not affirmed or negated")
        out["polarity"] = changes["polarity"]
    for role in ("actor", "recipient"):
        if role in changes:
            names = changes[role]
            if isinstance(names, str):
                names = names.split(";")
            names = [n for n in (names or []) if str(n).strip()]
            if role == "actor" and not names:
                raise ReviewError("actor: a claim needs an actor")
            out[role] = [_resolve(conn, doc_pk, text, evidence, n, role) for n in names]
    if "asserted_by" in changes:
        who = changes["asserted_by"]
        if who is None or not str(who).strip():
            out["asserted_by"] = None
        else:
            if current["cue"] is None:
                raise ReviewError("asserted_by: the claim has no attribution cue to attach a speaker to")
            out["asserted_by"] = _resolve(conn, doc_pk, text, evidence, who, "asserted_by")
    return out


def _mention(conn: Connection, doc_pk: int, e: dict[str, Any]) -> int:
    m = mentions.c
    if conn.execute(select(entities.c.id).where(entities.c.id == e["id"])).first() is None:
        conn.execute(insert(entities).values(id=e["id"], name=e.get("name") or e["text"], type=e["type"],
                                             country=e.get("country"), sector=e.get("sector")))
    found = conn.execute(select(m.id).where(m.document_id == doc_pk, m.start == e["start"], m.end == e["end"],
                                            m.entity_id == e["id"], m.type == e["type"])).scalar()
    if found is not None:
        return int(found)
    if conn.execute(select(entity_aliases.c.alias).where(entity_aliases.c.entity_id == e["id"],
                                                         entity_aliases.c.alias == e["text"])).first() is None:
        conn.execute(insert(entity_aliases).values(entity_id=e["id"], alias=e["text"]))
    return int(conn.execute(insert(mentions).values(
        document_id=doc_pk, entity_id=e["id"], text=e["text"], start=e["start"], end=e["end"], type=e["type"])
        .returning(m.id)).scalar_one())


def _write(conn: Connection, claim_pk: int, doc_pk: int, values: dict[str, Any], fields: dict[str, Any],
           which: Iterable[str], mention: Callable[[Connection, int, dict[str, Any]], int]) -> None:
    """Writes ``values`` and the reviewable fields named in ``which``, as ``fields`` holds
    them, to a claim's rows; ``mention`` finds or makes the mention of each party."""
    values = {**values, **{k: fields[k] for k in ("event", "mode", "polarity") if k in which}}
    conn.execute(update(claims).where(claims.c.id == claim_pk).values(values))
    ce = claim_entities.c
    for role, key in (("actor", "actor"), ("recipient", "recipient"), ("source", "asserted_by")):
        if key not in which:
            continue
        conn.execute(delete(claim_entities).where(ce.claim_id == claim_pk, ce.role == role))
        ents = fields[key] if role != "source" else [fields[key]] if fields.get(key) else []
        if ents:
            conn.execute(insert(claim_entities), [
                {"claim_id": claim_pk, "role": role, "position": i, "mention_id": mention(conn, doc_pk, e)}
                for i, e in enumerate(ents)])


def _set(conn: Connection, claim_pk: int, doc_pk: int, verdict: str, review_id: int,
         changes: dict[str, Any]) -> None:
    """Writes a verdict and the corrected fields to a claim's rows."""
    values: dict[str, Any] = {"review": verdict, "review_id": review_id}
    if "asserted_by" in changes and changes["asserted_by"] is None:
        values.update(cue_text=None, cue_start=None, cue_end=None)
    _write(conn, claim_pk, doc_pk, values, changes, changes, _mention)


# ---------------------------------------------------------------------------- writing
def review(conn: Connection, claim_pk: int, verdict: str, reviewer: str, changes: dict[str, Any] | None = None,
           note: str | None = None) -> dict[str, Any]:
    """Records a review of the claim with row id ``claim_pk`` and applies it, with the
    summaries of its document taken out and put back; returns the review.  A new review of
    a reviewed claim replaces the verdict; its corrections are added to the earlier ones."""
    changes = dict(changes or {})
    if verdict not in VERDICTS:
        raise ReviewError(f"verdict {verdict!r}: confirmed, rejected or corrected")
    if verdict == "corrected" and not changes:
        raise ReviewError("a correction needs at least one field to change")
    if verdict != "corrected" and changes:
        raise ReviewError(f"a review that is {verdict} changes no field (correct it instead)")
    if not reviewer or not reviewer.strip():
        raise ReviewError("a review needs a reviewer")
    row = conn.execute(select(claims, documents.c.content_hash, documents.c.doc_id.label("doc"),
                              documents.c.text.label("doc_text"))
                       .join(documents, documents.c.id == claims.c.document_id)
                       .where(claims.c.id == claim_pk)).first()
    if row is None:
        raise ReviewError(f"no claim with id {claim_pk}")
    roles = _roles(conn, [claim_pk])[claim_pk]
    current = claim_fields(row, roles)
    resolved = validate(conn, row.document_id, row.doc_text, current, changes)
    previous = conn.execute(select(reviews).where(reviews.c.id == row.review_id)).first() \
        if row.review_id is not None else None
    if previous is not None:
        key = {k: previous._mapping[k] for k in ("content_hash", "evidence_start", "evidence_end", "trigger_start",
                                                 "trigger_end", "parties")}
        original = previous.original
        merged = {**previous.changes, **resolved}
    else:
        key = {"content_hash": row.content_hash, "evidence_start": row.evidence_start,
               "evidence_end": row.evidence_end, "trigger_start": row.trigger_start, "trigger_end": row.trigger_end,
               "parties": parties_of([e["id"] for e in roles.get("actor", [])],
                                     [e["id"] for e in roles.get("recipient", [])])}
        original = current
        merged = resolved
    if verdict == "confirmed" and merged:
        verdict = "corrected"  # the claim as corrected before is confirmed
    values = {**key, "doc_id": row.doc, "verdict": verdict, "changes": merged, "original": original,
              "reviewer": reviewer.strip(), "reviewed_at": datetime.now(UTC), "note": note or None}
    if previous is not None:
        conn.execute(update(reviews).where(reviews.c.id == previous.id).values(values))
        review_id = int(previous.id)
    else:
        existing = conn.execute(select(reviews.c.id).where(*[reviews.c[k] == v for k, v in key.items()])).scalar()
        if existing is not None:
            conn.execute(update(reviews).where(reviews.c.id == existing).values(values))
            review_id = int(existing)
        else:
            review_id = int(conn.execute(insert(reviews).values(values).returning(reviews.c.id)).scalar_one())
    summaries.remove_documents(conn, [row.document_id])
    _set(conn, claim_pk, row.document_id, verdict, review_id, resolved)
    summaries.add_documents(conn, [row.document_id])
    return {"id": review_id, **values, "claim": claim_pk}


def _mention_of(conn: Connection, doc_pk: int, e: dict[str, Any]) -> int:
    """The mention a claim had as extracted (``e`` as ``claim_fields`` gives it): the one
    at that span for that actor, else one made again like a correction's."""
    m = mentions.c
    found = conn.execute(select(m.id).where(m.document_id == doc_pk, m.start == e["start"], m.end == e["end"],
                                            m.entity_id == e["id"]).order_by(m.id).limit(1)).scalar()
    if found is not None:
        return int(found)
    kind = conn.execute(select(entities.c.type).where(entities.c.id == e["id"])).scalar()
    return _mention(conn, doc_pk, {**e, "type": kind or "group"})


def _restore(conn: Connection, claim_pk: int, doc_pk: int, original: dict[str, Any], changed: dict[str, Any]) -> None:
    """Puts back the fields a review changed as they were extracted, and clears its verdict."""
    values: dict[str, Any] = {"review": None, "review_id": None}
    if "asserted_by" in changed:
        cue = original.get("cue") or {}
        values.update(cue_text=cue.get("text"), cue_start=cue.get("start"), cue_end=cue.get("end"))
    _write(conn, claim_pk, doc_pk, values, original, changed, _mention_of)


def undo(conn: Connection, claim_pk: int) -> dict[str, Any]:
    """Takes back the review of the claim with row id ``claim_pk``: every claim it reaches
    is as extracted again (the fields it corrected put back, no verdict), the review is
    deleted (so storing the text again applies nothing), and the summaries of the claims'
    documents are taken out and put back.  Returns the review as it was."""
    c = claims.c
    row = conn.execute(select(c.id, c.review_id).where(c.id == claim_pk)).first()
    if row is None:
        raise ReviewError(f"no claim with id {claim_pk}")
    if row.review_id is None:
        raise ReviewError(f"claim {claim_pk} has no review to undo")
    found = conn.execute(select(reviews).where(reviews.c.id == row.review_id)).mappings().first()
    reached = conn.execute(select(c.id, c.document_id).where(c.review_id == row.review_id).order_by(c.id)).all()
    doc_pks = sorted({r.document_id for r in reached})
    summaries.remove_documents(conn, doc_pks)
    for r in reached:
        if found is None:  # a verdict whose review is gone: only the verdict is left to clear
            conn.execute(update(claims).where(c.id == r.id).values(review=None, review_id=None))
        else:
            _restore(conn, r.id, r.document_id, found["original"], found["changes"])
    if found is not None:
        conn.execute(delete(reviews).where(reviews.c.id == found["id"]))
    summaries.add_documents(conn, doc_pks)
    return {**(dict(found) if found is not None else {"id": row.review_id}), "claim": claim_pk}


def apply_stored(conn: Connection, doc_pk: int, content_hash: str) -> int:
    """Applies the reviews of a text to the claims just stored from it (before its
    summaries are computed); returns how many claims they reached.  A review finds its
    claim by the whole key; failing that, by evidence and trigger when exactly one claim
    and one review stand there (the extractor now names the parties differently)."""
    found = conn.execute(select(reviews).where(reviews.c.content_hash == content_hash)).all()
    if not found:
        return 0
    c = claims.c
    rows = conn.execute(select(c.id, c.evidence_start, c.evidence_end, c.trigger_start, c.trigger_end)
                        .where(c.document_id == doc_pk)).all()
    roles = _roles(conn, [r.id for r in rows])
    by_key: dict[tuple[Any, ...], int] = {}
    by_place: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for r in rows:
        place = (r.evidence_start, r.evidence_end, r.trigger_start, r.trigger_end)
        rr = roles.get(r.id, {})
        by_key[(*place, parties_of([e["id"] for e in rr.get("actor", [])],
                                   [e["id"] for e in rr.get("recipient", [])]))] = r.id
        by_place[place].append(r.id)
    reviews_at: dict[tuple[int, ...], int] = defaultdict(int)
    for rv in found:
        reviews_at[(rv.evidence_start, rv.evidence_end, rv.trigger_start, rv.trigger_end)] += 1
    applied = 0
    for rv in found:
        place = (rv.evidence_start, rv.evidence_end, rv.trigger_start, rv.trigger_end)
        pk = by_key.get((*place, rv.parties))
        if pk is None and len(by_place.get(place, [])) == 1 and reviews_at[place] == 1:
            pk = by_place[place][0]
        if pk is not None:
            _set(conn, pk, doc_pk, rv.verdict, rv.id, rv.changes)
            applied += 1
    return applied


def list_reviews(conn: Connection, verdict: str | None = None, doc_id: str | None = None,
                 limit: int | None = None, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Stored reviews, newest first, with the number of all that match, and for each the
    claim it reaches now (its row id), if any."""
    r = reviews.c
    where = []
    if verdict:
        where.append(r.verdict == verdict)
    if doc_id:
        where.append(r.doc_id == doc_id)
    total = int(conn.execute(select(func.count()).select_from(reviews).where(*where)).scalar_one())
    q = select(reviews).where(*where).order_by(r.reviewed_at.desc(), r.id.desc()).offset(offset)
    rows = conn.execute(q.limit(limit) if limit else q).mappings().all()
    reached = dict(conn.execute(select(claims.c.review_id, claims.c.id)
                                .where(claims.c.review_id.in_([x["id"] for x in rows]))).all()) if rows else {}
    out = []
    for x in rows:
        item = dict(x)
        if item["reviewed_at"] is not None and item["reviewed_at"].tzinfo is None:
            item["reviewed_at"] = item["reviewed_at"].replace(tzinfo=UTC)
        item["claim"] = reached.get(x["id"])
        out.append(item)
    return total, out


# ---------------------------------------------------------------------------- training data
def annotation_claim(fields: dict[str, Any]) -> dict[str, Any]:
    """A reviewed claim in the annotation guide's format (``asserted_by`` as written)."""
    source = fields.get("asserted_by")
    return {"evidence": {"start": fields["evidence"]["start"], "end": fields["evidence"]["end"]},
            "actor": [{"actorText": e["text"]} for e in fields["actor"]], "event": fields["event"],
            "mode": fields["mode"], "recipient": [{"actorText": e["text"]} for e in fields["recipient"]],
            "asserted_by": source["text"] if source else None, "polarity": fields["polarity"],
            "certainty": fields["certainty"], "tense": fields["tense"]}


def reviewed_documents(conn: Connection) -> list[dict[str, Any]]:
    """Every document with confirmed or corrected claims: its id, text, and those claims
    as reviewed (their fields as they stand), in the order of the text."""
    c = claims.c
    rows = conn.execute(select(claims, documents.c.doc_id.label("doc"), documents.c.id.label("doc_pk"))
                        .join(documents, documents.c.id == c.document_id)
                        .where(c.review.in_(("confirmed", "corrected")))
                        .order_by(documents.c.doc_id, documents.c.id, c.evidence_start, c.trigger_start, c.id)).all()
    roles = _roles(conn, [r.id for r in rows])
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        doc = out.setdefault(r.doc_pk, {"id": r.doc, "pk": r.doc_pk, "claims": []})
        doc["claims"].append(annotation_claim(claim_fields(r, roles.get(r.id, {}))))
    if out:
        texts = dict(conn.execute(select(documents.c.id, documents.c.text).where(documents.c.id.in_(list(out)))).all())
        for pk, doc in out.items():
            doc["text"] = texts[pk]
    return list(out.values())


__all__ = ["CORRECTABLE", "VERDICTS", "ReviewError", "annotation_claim", "apply_stored", "claim_fields",
           "list_reviews", "parties_of", "review", "reviewed_documents", "undo", "validate"]
