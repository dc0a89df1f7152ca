"""Scores extraction against the gold sets, as docs/claims-format.md defines them.

- PLOVER sentences (JSON lines, one gold event a line): a claim matches a gold event when the
  type is the same, an actor matches a gold actor and, where gold has recipients, a recipient
  matches one.  An entity matches a gold mention when their texts share a content word, or
  when its resolved name equals the gold text (both normalised).
- A whole annotated article (the seed): the same matching plus overlap of the evidence span;
  attribute accuracy (attribution, polarity, certainty, tense, mode) over a one-to-one
  matching of gold and system claims.
- PolNeAR attributions: source, cue and content spans against the first annotator's brat
  spans, exactly and by overlap (one-to-one), micro-averaged over articles.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from claimgraph.model import Document

STOPWORDS = frozenset("the a an of and its their his her on in to for from with by".split())
ROLES = ("source", "cue", "content")


# ---------------------------------------------------------------------- matching
def _tokens(text: str) -> list[str]:
    text = re.sub(r"['’‘`´]s\b", "", text.lower())
    text = re.sub(r"['’‘`´.]", "", text)
    return "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text).split()


def content_words(text: str) -> set[str]:
    return {w for w in _tokens(text) if w not in STOPWORDS}


def entity_matches(entity: Any, gold_text: str) -> bool:
    if not gold_text:
        return False
    text: Any
    name: Any
    if isinstance(entity, str):
        text, name = entity, None
    elif isinstance(entity, dict):
        text, name = entity.get("text"), entity.get("name")
    else:
        return False
    if isinstance(text, str) and content_words(text) & content_words(gold_text):
        return True
    gold = " ".join(_tokens(gold_text))
    return bool(isinstance(name, str) and gold and " ".join(_tokens(name)) == gold)


def claim_matches(claim: dict, event: str, actors: list[str], recipients: list[str]) -> bool:
    if str(claim.get("event") or "").upper() != event.upper():
        return False
    if actors and not any(entity_matches(a, g) for a in claim.get("actor") or [] for g in actors):
        return False
    return not recipients or any(entity_matches(r, g) for r in claim.get("recipient") or [] for g in recipients)


def max_matching(n_left: int, edges: Callable[[int], Sequence[int]]) -> dict[int, int]:
    """Maximum bipartite matching by augmenting paths: left index -> right index."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges(i):
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(n_left):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _prf(tp_sys: int, n_sys: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    p = tp_sys / n_sys if n_sys else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# ---------------------------------------------------------------------- running extraction
def _extract_with(docs: list[Document], what: str, model: str | None, use_classifier: bool,
                  combine: str = "fill") -> list[dict]:
    from claimgraph.pipeline import Extractor

    ex = Extractor(model, use_classifier=use_classifier, combine=combine)
    out: list[dict] = []
    for r in ex.extract_documents(docs):
        out += r.records(what)
    return out


def kind_of(record: dict) -> str | None:
    """A record's kind; without a "kind" field, one with "event" is a claim and one with
    "cue" or "content" an attribution (as the claims contract allows)."""
    if record.get("kind"):
        return str(record["kind"])
    if "event" in record:
        return "claim"
    if "cue" in record or "content" in record:
        return "attribution"
    return None


def _gold_texts(items: list[dict] | None) -> list[str]:
    return [a["actorText"] for a in items or [] if isinstance(a, dict) and a.get("actorText")]


# ---------------------------------------------------------------------- PLOVER sentences
def score_plover(gold: list[dict], claims: list[dict]) -> dict[str, Any]:
    first_id: dict[str, str] = {}
    for g in gold:
        first_id.setdefault(g["text"], g["id"])
    by_doc: dict[str, list[dict]] = defaultdict(list)
    ids = set(first_id.values())
    for c in claims:
        if c.get("doc_id") in ids:
            by_doc[c["doc_id"]].append(c)
    golds_of: dict[str, list[tuple[str, list[str], list[str]]]] = defaultdict(list)
    for g in gold:
        golds_of[first_id[g["text"]]].append((g["event"], _gold_texts(g.get("actor")), _gold_texts(g.get("recipient"))))
    hits = type_hits = 0
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g in gold:
        doc_claims = by_doc.get(first_id[g["text"]], [])
        key = (g["event"], _gold_texts(g.get("actor")), _gold_texts(g.get("recipient")))
        hit = any(claim_matches(c, *key) for c in doc_claims)
        hits += hit
        type_hits += any(str(c.get("event")).upper() == g["event"].upper() for c in doc_claims)
        per[g["event"]]["gold"] += 1
        per[g["event"]]["hit"] += hit
    matched = 0
    for doc_id, cs in by_doc.items():
        for c in cs:
            ok = any(claim_matches(c, *k) for k in golds_of[doc_id])
            matched += ok
            per[str(c.get("event")).upper()]["claims"] += 1
            per[str(c.get("event")).upper()]["matched"] += ok
    n, nc = len(gold), len(claims)
    precision = matched / nc if nc else 0.0
    recall = hits / n if n else 0.0
    return {"task": "plover", "gold_records": n, "sentences": len(first_id), "claims": nc,
            "recall": recall, "precision": precision,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "extra_per_sentence": (nc - matched) / n if n else 0.0, "type_recall": type_hits / n if n else 0.0,
            "per_type": {t: dict(v) for t, v in sorted(per.items())}}


# ---------------------------------------------------------------------- whole articles
def _span(x: Any) -> tuple[int, int] | None:
    if isinstance(x, dict) and isinstance(x.get("start"), int) and isinstance(x.get("end"), int) \
            and x["end"] > x["start"]:
        return x["start"], x["end"]
    return None


def _match_article(gold_claims: list[dict], claims: list[dict]) -> tuple[int, int, int, dict[str, int], list[str]]:
    """Gold claims of one document against its system claims: gold claims found, system
    claims that match one, matched pairs (one-to-one), attributes right over the pairs,
    and a line per gold claim."""
    def matches(g: dict, c: dict) -> bool:
        if not claim_matches(c, g["event"], _gold_texts(g.get("actor")), _gold_texts(g.get("recipient"))):
            return False
        s = _span(c.get("evidence")) or _span(c.get("trigger"))
        ge = g["evidence"]
        return bool(s and max(s[0], ge["start"]) < min(s[1], ge["end"]))

    m = [[matches(g, c) for c in claims] for g in gold_claims]
    pairs = max_matching(len(gold_claims), lambda i: [j for j, ok in enumerate(m[i]) if ok])
    found = sum(any(row) for row in m)
    matched = sum(any(m[i][j] for i in range(len(gold_claims))) for j in range(len(claims)))
    right: dict[str, int] = defaultdict(int)
    details = []
    for i, g in enumerate(gold_claims):
        j = pairs.get(i)
        if j is None:
            details.append(f"miss {g['event']:<9} {_evidence_label(g)}")
            continue
        c = claims[j]
        att = c.get("attribution") if isinstance(c.get("attribution"), dict) else None
        src = att.get("source") if att else None
        if g.get("asserted_by") is None:
            ok_att = not (isinstance(src, dict) and (src.get("text") or src.get("name")))
        else:
            ok_att = bool(src) and entity_matches(src, g["asserted_by"])
        ok = {"attribution": ok_att}
        for k in ("polarity", "certainty", "tense", "mode"):
            ok[k] = str(c.get(k) or "").strip().lower() == str(g.get(k) or "").strip().lower()
        for k, v in ok.items():
            right[k] += v
        wrong = ",".join(k for k, v in ok.items() if not v) or "-"
        details.append(f"HIT  {g['event']:<9} {_evidence_label(g)} wrong: {wrong}")
    return found, matched, len(pairs), right, details


def _evidence_label(g: dict) -> str:
    """The gold evidence for a report line: its text where the gold file copies it, else its
    offsets (the annotation guide's files keep offsets only)."""
    ev = g["evidence"]
    return repr(ev["text"][:70]) if "text" in ev else f"[{ev['start']}:{ev['end']}]"


def _claim_figures(n: int, nc: int, found: int, matched: int, np_: int, right: dict[str, int]) -> dict[str, Any]:
    recall = found / n if n else 0.0
    precision = matched / nc if nc else 0.0
    out: dict[str, Any] = {"gold_claims": n, "claims": nc, "found": found, "recall": recall, "precision": precision,
                           "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
                           "matched_pairs": np_}
    for k in ("attribution", "polarity", "certainty", "tense", "mode"):
        out[f"{k}_accuracy"] = right[k] / np_ if np_ else 0.0
    return out


def score_article(gold_claims: list[dict], claims: list[dict]) -> dict[str, Any]:
    found, matched, np_, right, details = _match_article(gold_claims, claims)
    return {**_claim_figures(len(gold_claims), len(claims), found, matched, np_, right), "details": details}


def score_documents(gold_docs: list[dict], claims: list[dict]) -> dict[str, Any]:
    """Whole documents annotated like the seed article: claims matched per document, the
    figures summed over documents (the reference scorer's ``docs`` mode)."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        by_doc[str(c.get("doc_id"))].append(c)
    found = matched = np_ = n = nc = 0
    right: dict[str, int] = defaultdict(int)
    for d in gold_docs:
        mine = by_doc.get(str(d["id"]), [])
        f, m, p, r, _ = _match_article(d["claims"], mine)
        found, matched, np_ = found + f, matched + m, np_ + p
        n, nc = n + len(d["claims"]), nc + len(mine)
        for k, v in r.items():
            right[k] += v
    return {"task": "docs", "documents": len(gold_docs), **_claim_figures(n, nc, found, matched, np_, right)}


def score_affiliations(gold: list[dict], records: list[dict]) -> dict[str, Any]:
    found = 0
    for g in gold:
        found += any(entity_matches(r.get("person"), g["person"]) and entity_matches(r.get("organization"),
                     g["organization"]) for r in records)
    return {"gold": len(gold), "found": found, "system": len(records)}


# ---------------------------------------------------------------------- PolNeAR
def parse_brat(text: str) -> dict[str, list[list[tuple[int, int]]]]:
    """Gold spans by role; each span a sorted list of fragments; duplicates dropped."""
    spans: dict[str, set[tuple[tuple[int, int], ...]]] = {r: set() for r in ROLES}
    for line in text.splitlines():
        parts = line.split("\t")
        if not line.startswith("T") or len(parts) < 2:
            continue
        label, _, offsets = parts[1].partition(" ")
        role = label.lower()
        if role not in spans:
            continue
        try:
            frags = tuple(sorted((int(a), int(b)) for a, b in (f.split() for f in offsets.split(";"))))
        except ValueError:
            continue
        spans[role].add(frags)
    return {r: [list(f) for f in sorted(v)] for r, v in spans.items()}


def score_spans(gold: list[list[tuple[int, int]]], system: list[tuple[int, int]]) -> dict[str, int]:
    hulls = [(g[0][0], g[-1][1]) for g in gold]
    sys_set: dict[tuple[int, int], int] = defaultdict(int)
    for s in system:
        sys_set[s] += 1
    gold_set: dict[tuple[int, int], int] = defaultdict(int)
    for h in hulls:
        gold_set[h] += 1
    exact = sum(min(v, sys_set.get(k, 0)) for k, v in gold_set.items())

    def edges(i: int) -> list[int]:
        return [j for j, s in enumerate(system) if any(max(a, s[0]) < min(b, s[1]) for a, b in gold[i])]

    overlap = len(max_matching(len(gold), edges))
    return {"gold": len(gold), "sys": len(system), "exact": exact, "overlap": overlap}


def score_polnear(directory: Path, records: list[dict], docs: dict[str, str]) -> dict[str, Any]:
    totals: dict[str, dict[str, int]] = {r: defaultdict(int) for r in ROLES}
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        if kind_of(r) == "attribution":
            by_doc[r.get("doc_id", "")].append(r)
    for article in docs:
        ann = sorted((directory / "attributions").glob(f"{article}_*.ann"))[0]
        gold = parse_brat(ann.read_text(encoding="utf-8"))
        for role in ROLES:
            seen: list[tuple[int, int]] = []
            for rec in by_doc.get(article, []):
                s = _span(rec.get(role))
                if s and s not in seen:
                    seen.append(s)
            for k, v in score_spans(gold[role], seen).items():
                totals[role][k] += v
    out: dict[str, Any] = {"task": "polnear", "dir": str(directory), "articles": len(docs)}
    for role in ROLES:
        t = totals[role]
        out[role] = {"gold": t["gold"], "sys": t["sys"],
                     **{f"exact_{k}": v for k, v in _prf(t["exact"], t["sys"], t["exact"], t["gold"]).items()},
                     **{f"overlap_{k}": v for k, v in _prf(t["overlap"], t["sys"], t["overlap"], t["gold"]).items()}}
    return out


# ---------------------------------------------------------------------- entry point
# CASE 2021 task 2 event classes (ACLED sub-event types) and the PLOVER type each one is;
# None where a class mixes several types.  Battles and territory taken by force are
# ASSAULT, riots and mob violence PROTEST (mode riot), arrests and seized weapons COERCE.
CASE_CLASSES: dict[str, str | None] = {
    "ARMED_CLASH": "ASSAULT", "GOV_REGAINS_TERIT": "ASSAULT", "NON_STATE_ACTOR_OVERTAKES_TER": "ASSAULT",
    "AIR_STRIKE": "ASSAULT", "ART_MISS_ATTACK": "ASSAULT", "CHEM_WEAP": "ASSAULT", "GRENADE": "ASSAULT",
    "REM_EXPLOS": "ASSAULT", "SUIC_BOMB": "ASSAULT", "ATTACK": "ASSAULT", "ABDUCT_DISSAP": "ASSAULT",
    "SEX_VIOL": "ASSAULT", "PEACE_PROTEST": "PROTEST", "PROTEST_WITH_INTER": "PROTEST", "VIOL_DEMONSTR": "PROTEST",
    "MOB_VIOL": "PROTEST", "FORCE_AGAINST_PROTEST": "ASSAULT", "AGREEMENT": "AGREE", "ARREST": "COERCE",
    "DISR_WEAP": "COERCE", "PROPERTY_DISTRUCT": "ASSAULT", "NON_VIOL_TERRIT_TRANSFER": "RETREAT",
    "HQ_ESTABLISHED": "MOBILIZE", "CHANGE_TO_GROUP_ACT": None, "DIPLO": None, "ATTRIB": None, "ORG_CRIME": None,
    "NATURAL_DISASTER": None, "MAN_MADE_DISASTER": None, "OTHER": None,
}


def score_event_snippets(rows: list[dict[str, str]], claims: list[dict]) -> dict[str, Any]:
    """Event-type recall on snippets labelled with a CASE 2021 class: the share of snippets
    of a mapped class with at least one claim of its PLOVER type, overall and per class."""
    events: dict[str, set[str]] = {}
    for c in claims:
        events.setdefault(str(c.get("doc_id")), set()).add(str(c.get("event", "")).upper())
    per: dict[str, dict[str, Any]] = {}
    for r in rows:
        cls = r["SubType"]
        found = events.get(str(r["id"]), set())
        d = per.setdefault(cls, {"type": CASE_CLASSES.get(cls), "n": 0, "hit": 0, "any_claim": 0})
        d["n"] += 1
        d["any_claim"] += bool(found)
        d["hit"] += d["type"] in found if d["type"] else 0
    mapped = [d for d in per.values() if d["type"]]
    n, hit = sum(d["n"] for d in mapped), sum(d["hit"] for d in mapped)
    return {"task": "case2021", "snippets": len(rows), "claims": len(claims), "mapped_snippets": n,
            "type_recall": hit / n if n else 0.0,
            "macro_class_recall": sum(d["hit"] / d["n"] for d in mapped) / len(mapped) if mapped else 0.0,
            "per_class": {k: {**v, "recall": v["hit"] / v["n"] if v["type"] else None} for k, v in sorted(per.items())}}


def run_eval(gold: str, text_path: str | None = None, model: str | None = None,
             use_classifier: bool = True, records: list[dict] | None = None,
             combine: str = "fill") -> dict[str, Any]:
    """Score the extractor (or the given ``records``) on a gold set, chosen by its shape."""
    def _extract(docs: list[Document], what: str, model: str | None, use_classifier: bool) -> list[dict]:
        return _extract_with(docs, what, model, use_classifier, combine)

    path = Path(gold)
    if path.is_dir():
        texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((path / "text").glob("*.txt"))}
        annotated = {p.stem.rsplit("_", 1)[0] for p in (path / "attributions").glob("*.ann")}
        docs = {k: v for k, v in texts.items() if k in annotated}
        recs = records if records is not None else _extract(
            [Document(k, v) for k, v in docs.items()], "attributions", model, use_classifier)
        return score_polnear(path, recs, docs)
    if path.suffix == ".tsv":
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        recs = records if records is not None else _extract(
            [Document(str(r["id"]), r["EventSnippet"]) for r in rows], "claims", model, use_classifier)
        return {**score_event_snippets(rows, [r for r in recs if kind_of(r) == "claim"]), "gold_file": str(path)}
    if path.suffix == ".jsonl":
        gold_recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        seen: dict[str, str] = {}
        for g in gold_recs:
            seen.setdefault(g["text"], g["id"])
        recs = records if records is not None else _extract(
            [Document(i, t) for t, i in seen.items()], "claims", model, use_classifier)
        result = score_plover(gold_recs, [r for r in recs if kind_of(r) == "claim"])
        result["gold_file"] = str(path)
        return result
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        # several whole documents; their texts are DIR/<id>.txt (--text DIR)
        text_dir = Path(text_path) if text_path else path.parent / "text"
        articles: list[Document] = []
        for d in data:
            with open(text_dir / f"{d['id']}.txt", encoding="utf-8", newline="") as fh:
                articles.append(Document(str(d["id"]), fh.read(), published=d.get("published")))
        recs = records if records is not None else _extract(articles, "claims", model, use_classifier)
        return {**score_documents(data, [r for r in recs if kind_of(r) == "claim"]), "gold_file": str(path)}
    text_file = Path(text_path) if text_path else path.parent.parent / data.get("file", "")
    text = text_file.read_text(encoding="utf-8")
    doc_id = data.get("id") or "doc"
    recs = records if records is not None else _extract(
        [Document(doc_id, text, published=data.get("published"))], "all", model, use_classifier)
    claims = [r for r in recs if kind_of(r) == "claim"]
    result = {"task": "article", "gold_file": str(path), **score_article(data.get("claims", []), claims)}
    if data.get("affiliations"):
        aff = score_affiliations(data["affiliations"], [r for r in recs if kind_of(r) == "affiliation"])
        result["affiliations_found"] = aff["found"]
        result["affiliations_gold"] = aff["gold"]
    boiler = [b for b in data.get("boilerplate", []) if b]
    if boiler:
        spans = [(text.find(b), text.find(b) + len(b)) for b in boiler if text.find(b) >= 0]
        result["claims_on_boilerplate"] = sum(
            1 for c in claims if (s := _span(c.get("evidence"))) and any(max(a, s[0]) < min(b, s[1]) for a, b in spans))
    return result
