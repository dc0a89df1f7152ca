"""The pages: search, actor, link explorer (with the evidence panel), document view,
claim (with its review form), contradictions and corroboration.  Each page is rendered from a Jinja
template with the same data the API returns (the API's functions are called directly);
the link explorer draws its graph with the vendored Cytoscape.js (``static/``)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from claimgraph.model import EVENT_TYPES, MODES
from claimgraph.web import api
from claimgraph.web.app import Services

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("claimgraph.web") / "templates"))
# one colour per event type: the graph's edges and the badges share them
COLOURS = dict(zip(EVENT_TYPES, (
    "#1b9e77", "#7570b3", "#66a61e", "#a6761d", "#1f78b4", "#e6ab02", "#999999", "#17becf",
    "#d95f02", "#8c564b", "#e7298a", "#bcbd22", "#6a3d9a", "#b15928", "#fb9a99", "#e31a1c"), strict=True))


def _svc(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def _page(request: Request, name: str, **context: Any) -> HTMLResponse:
    svc = _svc(request)
    return templates.TemplateResponse(request, name, {
        "events": EVENT_TYPES, "colours": COLOURS, "modes": MODES, "can_write": bool(svc.config.token),
        **context})


def _clean(value: str | None, limit: int = 200) -> str | None:
    value = (value or "").strip()[:limit]
    return value or None


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, q: str | None = None) -> HTMLResponse:
    q = _clean(q)
    found = api.search_actors(_svc(request), q, 50) if q else None
    return _page(request, "search.html", q=q or "", found=found)


@router.get("/actor/{name}", response_class=HTMLResponse)
def actor_page(request: Request, name: str) -> HTMLResponse:
    try:
        profile = api.actor_profile(_svc(request), name, 15)
    except HTTPException as err:
        return _page(request, "missing.html", what=name, detail=err.detail)
    return _page(request, "actor.html", p=profile)


def _links_form(a: str | None, b: str | None, event: str | None, certainty: str | None, polarity: str | None,
                since: str | None, until: str | None, publisher: str | None, review: str | None,
                via: int) -> dict[str, Any]:
    """The link explorer's form with what is not a valid choice dropped."""
    return {"a": _clean(a), "b": _clean(b), "event": event if event in EVENT_TYPES else None,
            "certainty": certainty if certainty in ("certain", "probable", "possible") else None,
            "polarity": polarity if polarity in ("affirmed", "negated") else None,
            "since": _clean(since, 10), "until": _clean(until, 10), "publisher": _clean(publisher),
            "review": review if review in ("all", "unreviewed", "reviewed", "confirmed", "corrected", "rejected")
            else None, "via": via}


def _links(request: Request, form: dict[str, Any], a: str, b: str, **kw: Any) -> dict[str, Any]:
    return api.links(_svc(request), a, b, event=form["event"], certainty=form["certainty"],
                     polarity=form["polarity"], since=form["since"], until=form["until"],
                     publisher=form["publisher"], review=form["review"], **kw)


@router.get("/links", response_class=HTMLResponse)
def links_page(request: Request, a: str | None = None, b: str | None = None, event: str | None = None,
               certainty: str | None = None, polarity: str | None = None, since: str | None = None,
               until: str | None = None, publisher: str | None = None, review: str | None = None,
               via: Annotated[int, Query(ge=0, le=3)] = 1) -> HTMLResponse:
    form = _links_form(a, b, event, certainty, polarity, since, until, publisher, review, via)
    result, error = None, None
    if form["a"] and form["b"]:
        try:
            # the edges' figures only: an edge's evidence is loaded when it is opened (/links/evidence)
            result = _links(request, form, form["a"], form["b"], via=via, evidence=0)
        except HTTPException as err:
            error = err.detail
    graph = _graph_elements(result) if result else None
    return _page(request, "links.html", form=form, result=result, error=error,
                 graph_json=Markup(json.dumps(graph).replace("</", "<\\/")) if graph else None)


EVIDENCE_PAGE = 20


@router.get("/links/evidence", response_class=HTMLResponse)
def edge_evidence(request: Request, edge: Annotated[str, Query(max_length=500)],
                  certainty: str | None = None, polarity: str | None = None, since: str | None = None,
                  until: str | None = None, publisher: str | None = None, review: str | None = None,
                  offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> HTMLResponse:
    """The evidence panel of one edge (``SOURCE|TARGET|EVENT|MUTUAL``, as the graph names
    it), a page of its claims under the link explorer's filters: fetched when the edge is
    opened."""
    parts = edge.split("|")
    if len(parts) != 4 or parts[2] not in EVENT_TYPES or parts[3] not in ("0", "1") or not all(parts[:2]):
        return HTMLResponse('<p class="none">No such edge.</p>', status_code=404)
    source, target, ev, mutual = parts[0], parts[1], parts[2], parts[3] == "1"
    form = _links_form(source, target, ev, certainty, polarity, since, until, publisher, review, 0)
    try:
        found = _links(request, form, source, target, via=0, direction="both" if mutual else "out",
                       evidence=EVIDENCE_PAGE, offset=offset)
    except HTTPException as err:
        return HTMLResponse(f'<p class="none">{escape(str(err.detail))}</p>', status_code=err.status_code)
    chosen = next((e for e in found["edges"] if (e["source"]["id"], e["target"]["id"], e["mutual"]) ==
                   (source, target, mutual)), None)
    return _page(request, "edge_evidence.html", e=chosen, offset=offset, page=EVIDENCE_PAGE)


def _graph_elements(result: dict[str, Any]) -> dict[str, Any]:
    """Nodes (sized by claims) and edges (width by strength, colour by event type) of the
    direct edges and the paths' hops, for Cytoscape."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}

    def node(actor: dict[str, Any], role: str) -> None:
        n = nodes.setdefault(actor["id"], {"id": actor["id"], "label": actor["name"], "claims": 0, "role": role})
        if role == "end":
            n["role"] = "end"

    def edge(e: dict[str, Any]) -> None:
        key = f"{e['source']['id']}|{e['target']['id']}|{e['event']}|{int(e['mutual'])}"
        if key in edges:
            return
        node(e["source"], "via")
        node(e["target"], "via")
        nodes[e["source"]["id"]]["claims"] += e["claims"]
        nodes[e["target"]["id"]]["claims"] += e["claims"]
        edges[key] = {"id": key, "source": e["source"]["id"], "target": e["target"]["id"], "event": e["event"],
                      "mutual": e["mutual"], "claims": e["claims"], "strength": e["strength"]["score"],
                      "colour": COLOURS.get(e["event"], "#666")}

    node(result["a"], "end")
    node(result["b"], "end")
    for e in result["edges"]:
        edge(e)
    for p in result["paths"]:
        for h in p["hops"]:
            for e in h["edges"]:
                edge(e)
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> Markup:
    """``text`` as HTML with ``spans`` (start, end, class, title) marked; spans may nest or
    overlap: the text is cut at every boundary and each piece carries the classes of the
    spans over it."""
    cuts = sorted({0, len(text), *[s for s, _, _, _ in spans], *[e for _, e, _, _ in spans]})
    out = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        over = [(c, t) for s, e, c, t in spans if s <= lo and hi <= e and s < e]
        piece = escape(text[lo:hi])
        if over:
            classes = " ".join(sorted({c for c, _ in over}))
            title = " / ".join(dict.fromkeys(t for _, t in over if t))
            out.append(Markup('<span class="{}" title="{}">{}</span>').format(classes, title, piece))
        else:
            out.append(piece)
    return Markup("").join(out)


def claim_spans(c: dict[str, Any], offset: int = 0) -> list[tuple[int, int, str, str]]:
    spans = [(c["trigger"]["start"] - offset, c["trigger"]["end"] - offset, "hl-trigger", f"trigger ({c['event']})")]
    spans += [(e["start"] - offset, e["end"] - offset, "hl-actor", f"actor: {e['name']}") for e in c["actor"]]
    spans += [(e["start"] - offset, e["end"] - offset, "hl-recipient", f"recipient: {e['name']}")
              for e in c["recipient"]]
    if c.get("attribution"):
        cue, src = c["attribution"]["cue"], c["attribution"]["source"]
        if cue.get("start") is not None:
            spans.append((cue["start"] - offset, cue["end"] - offset, "hl-cue", "attribution cue"))
        spans.append((src["start"] - offset, src["end"] - offset, "hl-source", f"speaker: {src['name']}"))
    return spans


def evidence_html(c: dict[str, Any]) -> Markup:
    """A claim's sentence with its trigger, actors, recipients, cue and speaker marked."""
    ev = c["evidence"]
    n = len(ev["text"])
    return highlight(ev["text"], [(max(0, s), min(n, e), k, t) for s, e, k, t in claim_spans(c, ev["start"])
                                  if e > 0 and s < n])


templates.env.globals["evidence_html"] = evidence_html


@router.get("/document/{pk}", response_class=HTMLResponse)
def document_page(request: Request, pk: int, claim: int | None = None) -> HTMLResponse:
    try:
        doc = api.document_json(_svc(request), pk)
    except HTTPException as err:
        return _page(request, "missing.html", what=f"document {pk}", detail=err.detail)
    spans: list[tuple[int, int, str, str]] = []
    for c in doc["claims"]:
        if c.get("review") == "rejected":
            continue
        spans.append((c["evidence"]["start"], c["evidence"]["end"],
                      "hl-evidence hl-chosen" if c["pk"] == claim else "hl-evidence", ""))
        spans += claim_spans(c)
    for a in doc["attributions"]:
        spans.append((a["cue_start"], a["cue_end"], "hl-cue", "attribution cue"))
        if a["source_start"] is not None:
            spans.append((a["source_start"], a["source_end"], "hl-source", f"speaker: {a['source_text']}"))
    for f in doc["affiliations"]:
        spans.append((f["person_start"], f["person_end"], "hl-person", f"{f['role']} of {f['organization']}"))
    return _page(request, "document.html", doc=doc, text_html=highlight(doc["text"], spans), chosen=claim)


@router.get("/claim/{pk}", response_class=HTMLResponse)
def claim_page(request: Request, pk: int) -> HTMLResponse:
    try:
        c = api.one_claim(_svc(request), pk)
    except HTTPException as err:
        return _page(request, "missing.html", what=f"claim {pk}", detail=err.detail)
    return _page(request, "claim.html", c=c, modes_json=Markup(json.dumps(MODES)))


@router.get("/contradictions", response_class=HTMLResponse)
def contradictions_page(request: Request, actor: str | None = None) -> HTMLResponse:
    actor = _clean(actor)
    found, error = None, None
    try:
        found = api.contradictions(_svc(request), actor, None, None, 20, 0, 3)
    except HTTPException as err:
        error = err.detail
    return _page(request, "contradictions.html", actor=actor or "", found=found, error=error)


@router.get("/corroboration", response_class=HTMLResponse)
def corroboration_page(request: Request, actor: str | None = None,
                       min_sources: Annotated[int, Query(ge=1, le=100)] = 2) -> HTMLResponse:
    actor = _clean(actor)
    found, error = None, None
    try:
        found = api.corroboration(_svc(request), actor, None, None, min_sources, 20, 0, 3)
    except HTTPException as err:
        error = err.detail
    return _page(request, "corroboration.html", actor=actor or "", min_sources=min_sources, found=found, error=error)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return _page(request, "login.html")
