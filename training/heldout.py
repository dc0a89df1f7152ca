"""The documents the tuned encoder held out, as the threshold scripts read them
(choose_thresholds.py, choose_veto.py): by kind, scored by the scorer's matching, each block
parsed once however many settings are tried."""

from __future__ import annotations

import json

import train_news


def documents() -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """The held-out documents by kind (snippets, articles) and the gold record of each."""
    docs = train_news.load_docs()
    held = [docs[k] for k in sorted(train_news.heldout_split(len(docs)))]
    gold = {d["id"]: d for d in json.loads(train_news.DATA.read_text(encoding="utf-8"))}
    kinds = {"snippets": [d for d in held if d["id"].startswith("agnews-")],
             "articles": [d for d in held if not d["id"].startswith("agnews-")]}
    return kinds, gold


def parse_once() -> None:
    """The parse depends on no threshold: each block is parsed on first sight only."""
    import claimgraph.pipeline

    parsed_of: dict[str, object] = {}
    parse = claimgraph.pipeline.parse_blocks

    def parse_cached(nlp, jobs):
        jobs = list(jobs)
        missing = [(t, c) for t, c in jobs if t not in parsed_of]
        for (doc, _), (t, _) in zip(parse(nlp, missing), missing, strict=True):
            parsed_of[t] = doc
        return [(parsed_of[t], c) for t, c in jobs]

    claimgraph.pipeline.parse_blocks = parse_cached  # type: ignore[assignment]


def score(ex, kinds: dict[str, list[dict]], gold: dict[str, dict]) -> dict[str, tuple[float, float, float]]:
    """(recall, precision, F1) of the extractor on each kind."""
    from claimgraph.eval.scoring import score_documents
    from claimgraph.model import Document

    row = {}
    for kind, group in kinds.items():
        recs = [r for x in ex.extract_documents([Document(d["id"], d["text"]) for d in group])
                for r in x.records("claims")]
        s = score_documents([gold[d["id"]] for d in group], recs)
        row[kind] = (s["recall"], s["precision"], s["f1"])
    return row


def line(row: dict[str, tuple[float, float, float]]) -> str:
    return ("  ".join(f"{k} R {r:.3f} P {p:.3f} F1 {f:.3f}" for k, (r, p, f) in row.items())
            + f"  mean F1 {sum(v[2] for v in row.values()) / len(row):.3f}")
