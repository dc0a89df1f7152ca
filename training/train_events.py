"""Trains the event-type classifier shipped in src/claimgraph/data/models/.

    python training/train_events.py            # train on training/data/*.jsonl, write the model
    python training/train_events.py --cv 5     # also print cross-validated accuracy

Each training sentence is parsed, its trigger candidates are found exactly as at extraction
time, and each candidate is labelled with the event type of the annotated trigger it covers,
or NONE.  Future statements that PLOVER codes as AGREE/THREATEN/REJECT are labelled with
the candidate's own reading: that conversion is a rule applied after classification.
Needs the `train` extra (scikit-learn); the shipped model is plain JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "training" / "data"
OUT = ROOT / "src" / "claimgraph" / "data" / "models" / "event_classifier.json"
CONVERTED = {"AGREE", "THREATEN", "REJECT"}


def load_sentences(paths: list[Path]) -> list[dict]:
    out = []
    for p in paths:
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rec = json.loads(line)
                rec["_where"] = f"{p.name}:{n}"
                out.append(rec)
    return out


def labelled_candidates(sentences: list[dict]):
    from claimgraph.extraction.classifier import NONE, features
    from claimgraph.pipeline import Extractor

    ex = Extractor(use_classifier=False)
    X, y, groups = [], [], []
    texts = [s["text"] for s in sentences]
    from claimgraph.resolve.references import References

    for k, doc in enumerate(ex.nlp.pipe(texts, batch_size=128)):
        refs = References(ex.resolver, doc, ex.lex.cue_verbs)
        gold = sentences[k].get("events") or []
        spans = []
        for e in gold:
            start = e.get("trigger_start")
            if start is None:
                start = texts[k].find(e["trigger"])
            spans.append((start, start + len(e["trigger"]), e["event"]))
        triggers = [t for t in doc if any(s <= t.idx < e for s, e, _ in spans)]
        for sent in doc.sents:
            for c in ex.finder.candidates(sent, skip=set()):
                label = NONE
                for s, e, ev in spans:
                    if c.span.start_char < e and s < c.span.end_char:
                        label = ev
                        if ev in CONVERTED and ev not in {x.event for x in c.senses}:
                            label = c.senses[0].event
                        break
                if label == NONE and any(_linked(c.token, t) for t in triggers):
                    # a word governing or governed by an annotated trigger is part of that event's
                    # expression ("agreed to cooperate"); the annotation does not say it is no event
                    continue
                X.append(features(c, ex.resolver, refs))
                y.append(label)
                groups.append(k)
    return X, y, groups


def _linked(a, b, steps: int = 2) -> bool:
    """Whether one token is within ``steps`` heads above the other."""
    for x, y in ((a, b), (b, a)):
        node = x
        for _ in range(steps):
            if node.head == node:
                break
            node = node.head
            if node == y:
                return True
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", nargs="*", type=Path, default=sorted(DATA.glob("events-*.jsonl")))
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--C", type=float, default=2.0, help="inverse regularisation strength")
    ap.add_argument("--cv", type=int, default=0, help="folds of grouped cross-validation to report")
    ap.add_argument("--min-weight", type=float, default=0.01, help="weights below this are dropped")
    args = ap.parse_args(argv)

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    sentences = load_sentences(args.data)
    X, y, groups = labelled_candidates(sentences)
    print(f"{len(sentences)} sentences, {len(X)} candidates; labels: {dict(Counter(y).most_common())}")
    vec = DictVectorizer()
    M = vec.fit_transform([{f: 1 for f in feats} for feats in X])

    def model():
        return LogisticRegression(C=args.C, max_iter=3000)

    if args.cv:
        from sklearn.model_selection import GroupKFold, cross_val_score

        scores = cross_val_score(model(), M, y, groups=groups, cv=GroupKFold(n_splits=args.cv))
        print(f"grouped {args.cv}-fold accuracy: {scores.mean():.3f} (± {scores.std():.3f})")
        base = Counter(y).most_common(1)[0][1] / len(y)
        print(f"majority-label accuracy: {base:.3f}")
    clf = model().fit(M, y)
    labels = [str(c) for c in clf.classes_]
    names = vec.get_feature_names_out()
    coef = clf.coef_
    weights = {}
    for j, name in enumerate(names):
        col = [round(float(coef[k, j]), 4) for k in range(len(labels))]
        if max(abs(v) for v in col) >= args.min_weight:
            weights[str(name)] = col
    model_json = {"about": "claimgraph event-type classifier: multinomial logistic regression over "
                           "trigger-context features (claimgraph.extraction.classifier.features); "
                           "trained by training/train_events.py",
                  "labels": labels, "bias": [round(float(b), 4) for b in clf.intercept_], "weights": weights,
                  "training": {"sentences": len(sentences), "candidates": len(X), "C": args.C}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model_json, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} features, {args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
