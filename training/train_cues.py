"""Trains the attribution-cue classifier shipped in src/claimgraph/data/models/.

    python training/train_cues.py            # train on training/data/attributions-*.jsonl
    python training/train_cues.py --cv 5     # also print grouped cross-validated figures

Each training sentence is parsed with the project's spaCy pipeline; every candidate word
(a full verb, a predicate adjective, a lexicon cue tagged AUX) is labelled a cue when it
lies inside an annotated cue span, and not one otherwise.  Folds group the words of one
sentence together.  Needs the `train` extra (scikit-learn); the shipped model is plain JSON.

Two kinds of data, one convention.  ``attributions-a`` … ``-g`` are single sentences
written for particular constructions.  ``attributions-news-*`` annotate every paragraph
of 72 real news articles of the unannotated PolNeAR corpus (its ``train`` part, never the
dev set).  The articles are third-party text and stay outside this repository: those
files hold only standoff annotations (the article's file name, the paragraph's character
range in it with a SHA-1 prefix of its text, and span offsets within the paragraph), and
the paragraphs are read from ``--corpus`` (by default ``../shared/corpora/polnear-articles/
text`` beside the project).  Without the corpus they are skipped with a note, and the
model is trained on the written sentences alone.  Cross-validation keeps each article
(or sentence) in one fold.

Annotation convention (the broad notion of PolNeAR and PARC): a cue ascribes content to a
source: a statement or speech act (said, tweeted, attacked in words, likened, pointed to),
a belief, judgment or perception (thinks, sees as, is critical of, rated), an intention,
plan, decision or refusal (wants to, plans to, decided against, refuses to), a stance
(supports, backs, opposes) or evidence (the poll shows, the documents reveal, according
to); nested attributions inside quotations are marked too (the extractor keeps no record
for them, but they teach the model what a cue looks like).  Physical actions and events
with no communicative or mental content are not cues ("troops attacked the town", "the
city lifted a curfew"), nor is a visual "the video shows soldiers marching".  The word
lists in ``cues.yaml`` go further than these annotations in one respect: an authority's
decisions ("imposed sanctions", "lifted a curfew") are listed as stances, as PolNeAR's
broad notion has them, and the model only vetoes a listed word where it is sure the word
reports nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "training" / "data"
OUT = ROOT / "src" / "claimgraph" / "data" / "models" / "cue_classifier.json"
CORPUS = ROOT.parent / "shared" / "corpora" / "polnear-articles" / "text"
SPAN_KEYS = ("source", "cue", "content")


def load_sentences(paths: list[Path], corpus: Path | None = None) -> list[dict[str, Any]]:
    """The annotated sentences and paragraphs of ``paths``, every span checked against its
    text.  Standoff records (``paragraph``) take their text from the article in ``corpus``
    and are left out when the corpus is not there."""
    corpus = corpus or CORPUS
    out = []
    skipped = 0
    for p in paths:
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            where = f"{p.name}:{n}"
            if "paragraph" in rec:
                if not corpus.is_dir():
                    skipped += 1
                    continue
                rec = _from_standoff(rec, corpus, where)
            for att in rec.get("attributions") or []:
                for key in SPAN_KEYS:
                    frag, start = att.get(key), att.get(f"{key}_start")
                    if frag is None:
                        continue
                    if rec["text"][start:start + len(frag)] != frag:
                        raise ValueError(f"{where}: {key} {frag!r} is not at offset {start}")
            rec["_where"] = where
            out.append(rec)
    if skipped:
        print(f"note: {skipped} news paragraphs skipped, their articles are not in {corpus}", file=sys.stderr)
    return out


def _from_standoff(rec: dict[str, Any], corpus: Path, where: str) -> dict[str, Any]:
    """A standoff record with its paragraph read from the article, in the inline form."""
    article = corpus / rec["doc"]
    start, end = rec["paragraph"]
    text = article.read_text(encoding="utf-8")[start:end]
    if hashlib.sha1(text.encode("utf-8")).hexdigest()[:len(rec["sha1"])] != rec["sha1"]:
        raise ValueError(f"{where}: {article} characters {start}-{end} are not the annotated paragraph")
    atts = []
    for a in rec["attributions"]:
        att: dict[str, Any] = {}
        for key in SPAN_KEYS:
            span = a.get(key)
            att[key] = text[span[0]:span[1]] if span else None
            att[f"{key}_start"] = span[0] if span else None
        atts.append(att)
    return {"text": text, "doc": rec["doc"], "attributions": atts}


def cue_spans(rec: dict[str, Any]) -> list[tuple[int, int]]:
    return [(a["cue_start"], a["cue_start"] + len(a["cue"])) for a in rec.get("attributions") or []]


def labelled_candidates(sentences: list[dict[str, Any]], nlp: Any = None,
                        lex: Any = None) -> tuple[list[list[str]], list[int], list[int]]:
    """Features, labels (1 = cue) and fold groups (article or sentence) of every candidate word."""
    from claimgraph.extraction.cue_model import features, is_candidate
    from claimgraph.lexicons import load_lexicons
    from claimgraph.nlp import load_pipeline

    nlp = nlp or load_pipeline()
    lex = lex or load_lexicons()
    X: list[list[str]] = []
    y: list[int] = []
    groups: list[int] = []
    texts = [s["text"] for s in sentences]
    folds: dict[str, int] = {}
    for k, doc in enumerate(nlp.pipe(texts, batch_size=128)):
        spans = cue_spans(sentences[k])
        # one fold per article for the news paragraphs, per sentence for the rest
        group = folds.setdefault(sentences[k].get("doc") or sentences[k]["_where"], len(folds))
        for tok in doc:
            if not is_candidate(tok, lex):
                continue
            end = tok.idx + len(tok.text)
            X.append(features(tok, lex))
            y.append(int(any(s < end and tok.idx < e for s, e in spans)))
            groups.append(group)
    return X, y, groups


def fit(X: list[list[str]], y: list[int], C: float = 3.0, min_weight: float = 0.005) -> dict[str, Any]:
    """A logistic model of ``X`` → ``y`` as the JSON the run-time ``CueModel`` reads."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    M = vec.fit_transform([dict.fromkeys(feats, 1) for feats in X])
    clf = LogisticRegression(C=C, max_iter=5000).fit(M, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, clf.coef_[0], strict=True)
               if abs(w) >= min_weight}
    return {"about": "claimgraph attribution-cue classifier: binary logistic regression over features of a "
                     "candidate word (claimgraph.extraction.cue_model.features); trained by training/train_cues.py",
            "bias": round(float(clf.intercept_[0]), 4), "weights": weights}


def cross_validate(X: list[list[str]], y: list[int], groups: list[int], folds: int, C: float,
                   lexicon_says: list[int]) -> dict[str, float]:
    """Grouped k-fold figures of the model, and of the lexicon alone on the same words."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, precision_recall_fscore_support
    from sklearn.model_selection import GroupKFold, cross_val_predict

    M = DictVectorizer().fit_transform([dict.fromkeys(feats, 1) for feats in X])
    pred = cross_val_predict(LogisticRegression(C=C, max_iter=5000), M, y, groups=groups,
                             cv=GroupKFold(n_splits=folds))
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    lp, lr, lf, _ = precision_recall_fscore_support(y, lexicon_says, average="binary", zero_division=0)
    return {"accuracy": float(accuracy_score(y, pred)), "precision": float(p), "recall": float(r), "f1": float(f),
            "lexicon_accuracy": float(accuracy_score(y, lexicon_says)), "lexicon_precision": float(lp),
            "lexicon_recall": float(lr), "lexicon_f1": float(lf)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--data", nargs="*", type=Path, default=sorted(DATA.glob("attributions-*.jsonl")))
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder of the articles the news paragraphs are in")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--C", type=float, default=3.0, help="inverse regularisation strength")
    ap.add_argument("--cv", type=int, default=0, help="folds of grouped cross-validation to report")
    args = ap.parse_args(argv)

    sentences = load_sentences(args.data, args.corpus)
    X, y, groups = labelled_candidates(sentences)
    print(f"{len(sentences)} sentences, "
          f"{sum(len(s.get('attributions') or []) for s in sentences)} attributions, "
          f"{len(X)} candidate words, {dict(Counter(y))} (1 = cue)")
    if args.cv:
        lexicon_says = [int("lex_verb" in feats or "lex_stance" in feats) for feats in X]
        cv = cross_validate(X, y, groups, args.cv, args.C, lexicon_says)
        print(f"grouped {args.cv}-fold: accuracy {cv['accuracy']:.3f}  cue precision {cv['precision']:.3f}  "
              f"recall {cv['recall']:.3f}  F1 {cv['f1']:.3f}")
        print(f"lexicon alone:   accuracy {cv['lexicon_accuracy']:.3f}  cue precision "
              f"{cv['lexicon_precision']:.3f}  recall {cv['lexicon_recall']:.3f}  F1 {cv['lexicon_f1']:.3f}")
        print(f"majority-label accuracy: {Counter(y).most_common(1)[0][1] / len(y):.3f}")
    model = fit(X, y, args.C)
    model["training"] = {"sentences": len(sentences), "candidates": len(X), "C": args.C}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['weights'])} features, {args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
