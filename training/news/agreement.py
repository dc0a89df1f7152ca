"""Agreement between two coders of the same documents, as the scorer computes extraction F1:
the first coder's claims are the gold, the second coder's the system claims.

    python training/news/agreement.py     # claims.json (first coders) vs second-coder.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from claimgraph.eval.scoring import score_documents  # noqa: E402


def as_system(doc: dict) -> list[dict]:
    return [{"doc_id": doc["id"], "event": c["event"], "evidence": c["evidence"],
             "actor": [{"text": a["actorText"]} for a in c["actor"]],
             "recipient": [{"text": a["actorText"]} for a in c["recipient"]],
             "polarity": c["polarity"], "certainty": c["certainty"], "tense": c["tense"], "mode": c["mode"],
             "attribution": {"source": {"text": c["asserted_by"]}} if c.get("asserted_by") else None}
            for c in doc["claims"]]


def main() -> int:
    first = {d["id"]: d for d in json.loads((HERE / "claims.json").read_text(encoding="utf-8"))}
    second = json.loads((HERE / "second-coder.json").read_text(encoding="utf-8"))
    both = [d for d in second if d["id"] in first]
    kinds = (("snippets", lambda i: i.startswith("agnews-")), ("articles", lambda i: not i.startswith("agnews-")),
             ("all", lambda i: True))
    for name, keep in kinds:
        docs = [d for d in both if keep(d["id"])]
        gold = [first[d["id"]] for d in docs]
        system = [c for d in docs for c in as_system(d)]
        r = score_documents(gold, system)
        print(f"{name:<9} documents {len(docs):>3}  claims {r['gold_claims']:>3} / {r['claims']:>3}  "
              f"P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
