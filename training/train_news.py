"""Trains the learned claim extractor (src/claimgraph/extraction/news_model.py) on real news
coded by the annotation guide (training/news/claims.json, standoff over the shared corpora).

    python training/train_news.py                 # train on all coded documents, write the model
    python training/train_news.py --cv 5          # grouped 5-fold claim F1 (the scorer's matching)

Each document is read exactly as at extraction time (prose blocks, one spaCy parse, the same
sentence inputs). Gold claims carry no trigger word, so each is aligned to one: the candidate
whose lexicon readings include the claim's type, nearest in the parse to the claim's actor and
recipient. That word is labelled with the type, other words NONE, except words the lexicon
also reads as a type coded in that sentence (left out: the coders code one claim where several
words say it). Every party of the sentence is then an ACTOR, RECIPIENT or NONE example for the
aligned trigger. Needs the `train` extra (scikit-learn); the shipped model is plain JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training" / "news"))
import sheets  # noqa: E402

DATA = ROOT / "training" / "news" / "claims.json"
OUT = ROOT / "src" / "claimgraph" / "data" / "models" / "news_model.json"


def load_docs() -> list[dict]:
    texts = sheets.load_texts()
    docs = []
    for rec in json.loads(DATA.read_text(encoding="utf-8")):
        text = texts.get(rec["id"])
        if text is None or sheets.checksum(text) != rec["sha256_16"]:
            print(f"{rec['id']}: text missing or changed, skipped", file=sys.stderr)
            continue
        docs.append({"id": rec["id"], "text": text, "claims": rec["claims"]})
    return docs


def heldout_split(n: int) -> set[int]:
    """The 10% of the documents the tuned encoder leaves out of its training, by index into
    load_docs(): they choose the accurate mode's thresholds."""
    order = list(range(n))
    random.Random(3).shuffle(order)
    return set(order[:n // 10])


def _tree_dist(a, b) -> int:
    from claimgraph.extraction.news_model import _path

    up, down = _path(a, b)
    return 99 if up == ["?"] else len(up) + len(down)


def _matches(party, texts: list[str], lenient: bool = False) -> bool:
    """Whether a party is one of the coded mentions, by the scorer's rule; ``lenient`` also
    takes a party whose resolved name shares a word with one ("he" resolved to "Mannix" for a
    coded "Mr. Mannix"): what a label of the role model should say, not what the scorer counts."""
    from claimgraph.eval.scoring import content_words, entity_matches

    return any(entity_matches({"text": e.text, "name": e.name}, g)
               or (lenient and bool(content_words(e.name or "") & content_words(g)))
               for e in party.entities for g in texts)


def parse_vector_extractor(**kwargs):
    """An extractor whose vectors are the spaCy model's own contextual token vectors (the
    tok2vec layer its tagger and parser read, ``doc.tensor``): a representation compared in
    bench/bench_representations.py, not shipped."""
    from claimgraph.pipeline import Extractor

    class ParseVectors(Extractor):
        def __init__(self, **kw) -> None:
            super().__init__(**kw)
            self.encoder = True  # type: ignore[assignment]  # vectors are read for each sentence

        def sentence_vectors(self, docs, owners=None):
            return [{s.start: doc.tensor[s.start:s.end].copy() for s in doc.sents} for doc in docs]

    return ParseVectors(**kwargs)


def read_documents(docs: list[dict], vectors: str = ""):
    """Sentence inputs of every document, with the gold claims that overlap each sentence
    (and, with ``vectors`` "encoder", "static" or "spacy", the encoder's contextual vectors, its
    input embeddings or the spaCy model's tok2vec vectors, cached between runs)."""
    import pickle

    from claimgraph.extraction.attribution import find_attributions
    from claimgraph.pipeline import Extractor
    from claimgraph.resolve.references import References

    ex = parse_vector_extractor(use_news_model=False) if vectors == "spacy" else Extractor(use_news_model=False)
    cache: dict = {}
    accurate = bool(vectors)
    cache_file = Path(f"/tmp/claimgraph-train-vectors-{vectors}.pkl")
    if vectors in ("static", "encoder"):
        from claimgraph.extraction.encoder import StaticEncoder, load_encoder

        ex.encoder = StaticEncoder() if vectors == "static" else load_encoder()
        if cache_file.exists():
            cache = pickle.loads(cache_file.read_bytes())
    jobs = []
    for k, d in enumerate(docs):
        for text, start, _ in ex.blocks(d["text"]):
            jobs.append((text, (k, start)))
    out: list[list[tuple]] = [[] for _ in docs]
    earlier: dict[int, list] = {}
    parsed_blocks = list(ex.nlp.pipe(jobs, as_tuples=True, batch_size=128))
    all_vectors: list[dict] = [{} for _ in parsed_blocks]
    if accurate:
        keys = [(docs[k]["id"], offset, tuple(s.start for s in parsed.sents)) for parsed, (k, offset) in parsed_blocks]
        todo = [n for n, key in enumerate(keys) if key not in cache]
        for a in range(0, len(todo), 200):
            chunk = todo[a:a + 200]
            for n, vec in zip(chunk, ex.sentence_vectors([parsed_blocks[n][0] for n in chunk]), strict=True):
                cache[keys[n]] = vec
        all_vectors = [cache[key] for key in keys]
    for (parsed, (k, offset)), vecs in zip(parsed_blocks, all_vectors, strict=True):
        first_block = k not in earlier
        history = earlier.setdefault(k, [])
        refs = References(ex.resolver, parsed, ex.lex.cue_verbs, history, offset)
        for i, sent in enumerate(parsed.sents):
            found = find_attributions(sent, ex.lex)
            inp = ex.news_inputs(sent, found, refs, first_block and i == 0, vecs.get(sent.start))
            s, e = offset + sent.start_char, offset + sent.end_char
            gold = [c for c in docs[k]["claims"] if c["evidence"]["start"] < e and s < c["evidence"]["end"]]
            out[k].append((inp, gold))
        history += ex.resolver.find_mentions(parsed).mentions
    if accurate:
        cache_file.write_bytes(pickle.dumps(cache))
    return ex, out


def align(ex, inp, gold) -> tuple[dict[int, dict], set[int]]:
    """Which word of the sentence says each gold claim (token index -> claim), and the words left
    out as ambiguous: those the lexicon reads as a type coded in the sentence when another word
    was aligned to that claim, and, when a claim cannot be placed on a word (its actor is no
    party of the sentence and the lexicon knows none of its words, or its word already says
    another type), every word not aligned: one of them says that claim, so none is a sure
    negative."""
    nf = ex.news_features
    labels: dict[int, dict] = {}
    unplaced = False
    for g in gold:
        actors = [a["actorText"] for a in g["actor"]]
        recips = [a["actorText"] for a in g["recipient"]]
        a_heads = [p.head for p in inp.parties if _matches(p, actors, lenient=True)]
        r_heads = [p.head for p in inp.parties if _matches(p, recips, lenient=True)]
        party_heads = {h.i for h in a_heads + r_heads}
        best, best_score = None, -1e9
        for t, _ in inp.triggers:
            if t.i in party_heads:
                continue
            lex = g["event"] in nf.readings(t)
            if not a_heads and not lex:
                continue
            da = min((_tree_dist(h, t) for h in a_heads), default=0)
            dr = min((_tree_dist(h, t) for h in r_heads), default=6) if recips else 0
            score = (8 if lex else 0) - da - dr + (0.5 if t.pos_ == "VERB" else 0)
            if score > best_score:
                best, best_score = t, score
        if best is None or (best.i in labels and labels[best.i]["event"] != g["event"]):
            unplaced = True
            continue
        labels.setdefault(best.i, g)
    gold_types = {g["event"] for g in gold}
    ambiguous = {t.i for t, _ in inp.triggers if t.i not in labels
                 and (unplaced or gold_types & nf.readings(t))}
    return labels, ambiguous


def examples(ex, aligned_doc):
    """Trigger examples (every word: does it say a claim?), type examples (the aligned words),
    and a role example for each party of an aligned trigger."""
    nf = ex.news_features
    trig_x, trig_y, type_x, type_y, role_x, role_y = [], [], [], [], [], []
    trig_v, type_v, role_v = [], [], []
    for inp, labels, ambiguous in aligned_doc:
        for t, feats in inp.triggers:
            if t.i in ambiguous:
                continue
            g = labels.get(t.i)
            trig_x.append(feats)
            trig_v.append(inp.vec(t))
            trig_y.append("YES" if g is not None else "NO")
            if g is None:
                continue
            gold_ev = g["event"]
            type_x.append(feats)
            type_v.append(inp.vec(t))
            type_y.append(gold_ev)
            actors = [a["actorText"] for a in g["actor"]]
            recips = [a["actorText"] for a in g["recipient"]]
            rules = inp.rule_roles(t, gold_ev) if inp.rule_roles else None
            for p in inp.parties:
                if p.head.i == t.i:
                    continue
                lab = ("ACTOR" if _matches(p, actors, lenient=True) else
                       "RECIPIENT" if recips and _matches(p, recips, lenient=True) else "NONE")
                role_x.append(nf.role_features(t, gold_ev, p, inp.sent, inp.speakers, rules))
                role_v.append(inp.pair(p, t))
                role_y.append(lab)
    return (trig_x, trig_v, trig_y), (type_x, type_v, type_y), (role_x, role_v, role_y)


def fit(X: list[list[str]], V: list, y: list[str], C: float) -> dict:
    """A logistic model over sparse binary features, and over dense vectors where given
    (standardised; their weights, mean and scale are stored with the model)."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    M = vec.fit_transform([{f: 1 for f in row} for row in X])
    dense = V and V[0] is not None
    if dense:
        D = np.vstack(V).astype(np.float32)
        mean, scale = D.mean(0), np.maximum(D.std(0), 1e-4)
        M = hstack([M, csr_matrix((D - mean) / scale)]).tocsr()
    clf = LogisticRegression(C=C, max_iter=3000)
    clf.fit(M, y)
    labels = [str(c) for c in clf.classes_]
    names = vec.get_feature_names_out()
    coef = clf.coef_
    if len(labels) == 2:  # binary: the two-class softmax form
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        bias = [-clf.intercept_[0] / 2, clf.intercept_[0] / 2]
    else:
        bias = list(clf.intercept_)
    weights = {}
    for j, name in enumerate(names):
        col = [round(float(coef[k][j]), 4) for k in range(len(labels))]
        if any(abs(v) >= 5e-3 for v in col):  # smaller weights change no decision
            weights[str(name)] = col
    out = {"labels": labels, "bias": [round(float(b), 4) for b in bias], "weights": weights}
    if dense:
        n = len(names)
        out["dense"] = {"weights": [[float(f"{v:.5g}") for v in coef[k][n:]] for k in range(len(labels))],
                        "mean": [float(f"{v:.6g}") for v in mean], "scale": [float(f"{v:.6g}") for v in scale]}
    return out


def train(ex, aligned, idx: list[int], C_t: float, C_r: float) -> dict:
    parts: list[list] = [[[], [], []] for _ in range(3)]
    for k in idx:
        for part, got in zip(parts, examples(ex, aligned[k]), strict=True):
            for lst, more in zip(part, got, strict=True):
                lst += more
    (TX, TV, TY), (YX, YV, YY), (RX, RV, RY) = parts
    return {"trigger": fit(TX, TV, TY, C_t), "type": fit(YX, YV, YY, C_t), "role": fit(RX, RV, RY, C_r),
            "counts": {"trigger_examples": len(TY), "role_examples": len(RY),
                       "type_labels": dict(Counter(YY))}}


def decode_scores(ex, model_data: dict, per_doc, docs, idx, grid) -> dict:
    """Claim precision, recall and F1 (the reference scorer's matching) for each threshold triple."""
    from claimgraph.eval.scoring import claim_matches
    from claimgraph.extraction.news_model import NewsModel

    class Cached(NewsModel):
        """Scores computed once for the whole grid: only the thresholds change."""

        def __init__(self, data):
            super().__init__(data)
            self.ev_cache: dict = {}

        def events(self, feats, vec=None):
            key = id(feats)
            if key not in self.ev_cache:
                keep, self.trigger_threshold = self.trigger_threshold, 0.0
                self.ev_cache[key] = (super().events(feats, vec), feats)
                self.trigger_threshold = keep
            return self.ev_cache[key][0]

    m = Cached(model_data)
    out = {}
    for th in grid:
        m.trigger_threshold, m.actor_threshold, m.recipient_threshold = th
        hit = matched = n_sys = n_gold = 0
        for k in idx:
            gold_all = docs[k]["claims"]
            n_gold += len(gold_all)
            found = set()
            for inp, gold in per_doc[k]:
                for d in m.decode(ex.news_features, inp):
                    n_sys += 1
                    claim = {"event": d.event,
                             "actor": [{"text": e.text, "name": e.name} for p in d.actor for e in p.entities],
                             "recipient": [{"text": e.text, "name": e.name} for p in d.recipient for e in p.entities]}
                    ok = False
                    for g in gold:
                        if claim_matches(claim, g["event"], [a["actorText"] for a in g["actor"]],
                                         [a["actorText"] for a in g["recipient"]]):
                            ok = True
                            found.add(id(g))
                    matched += ok
            hit += len(found)
        p = matched / n_sys if n_sys else 0.0
        r = hit / n_gold if n_gold else 0.0
        out[th] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


GRID = [(t, a, r) for t in (0.15, 0.2, 0.3, 0.4) for a in (0.1, 0.3) for r in (0.15, 0.3)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv", type=int, default=0, help="grouped k-fold claim F1 instead of only training")
    ap.add_argument("--C-trigger", type=float, default=0.5)
    ap.add_argument("--C-role", type=float, default=1.0)
    ap.add_argument("--vectors", choices=["encoder", "static", "spacy"],
                    help="also read the encoder's contextual vectors, its static input embeddings, or "
                         "the spaCy model's tok2vec vectors "
                         "(a comparison; the accurate mode ships the tuned encoder, train_tuned.py)")
    ap.add_argument("--without-heldout", action="store_true",
                    help="leave out the tuned encoder's held-out documents (for training/choose_thresholds.py)")
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    docs = load_docs()
    print(f"{len(docs)} documents, {sum(len(d['claims']) for d in docs)} claims", file=sys.stderr)
    out = args.out or str(OUT.with_name(f"news_model_{args.vectors}.json") if args.vectors else OUT)
    ex, per_doc = read_documents(docs, args.vectors or "")
    aligned = [[(inp, *align(ex, inp, gold)) for inp, gold in sents] for sents in per_doc]
    order = list(range(len(docs)))
    # without --cv: the thresholds the last grouped cross-validation chose, and the rules' veto
    # measured on the held-out documents (training/choose_veto.py)
    thresholds = {"trigger": 0.2, "actor": 0.3, "recipient": 0.15, "fill": 0.0, "veto": 0.1}
    if args.cv:
        random.Random(3).shuffle(order)
        folds = [order[i::args.cv] for i in range(args.cv)]
        totals: dict = {}
        for f, test in enumerate(folds):
            tr = [k for k in order if k not in set(test)]
            data = train(ex, aligned, tr, args.C_trigger, args.C_role)
            for th, prf in decode_scores(ex, data, per_doc, docs, test, GRID).items():
                totals.setdefault(th, []).append(prf)
            print(f"fold {f + 1}/{args.cv} done", file=sys.stderr)
        mean = {th: tuple(sum(x[i] for x in v) / len(v) for i in range(3)) for th, v in totals.items()}
        for th, (p, r, f1) in sorted(mean.items(), key=lambda kv: -kv[1][2])[:8]:
            print(f"thresholds trigger {th[0]} actor {th[1]} recipient {th[2]}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        best = max(mean, key=lambda th: mean[th][2])
        thresholds = {**thresholds, "trigger": best[0], "actor": best[1], "recipient": best[2]}
    if args.without_heldout:
        held = heldout_split(len(docs))
        order = [k for k in order if k not in held]
    data = train(ex, aligned, order, args.C_trigger, args.C_role)
    model = {"about": "claimgraph news claim extractor: trigger and role models "
                      "(claimgraph.extraction.news_model); trained by training/train_news.py",
             "thresholds": thresholds,
             "training": {"documents": len(docs), "claims": sum(len(d["claims"]) for d in docs),
                          "C_trigger": args.C_trigger, "C_role": args.C_role, **data.pop("counts")},
             **data}
    Path(out).write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out}: thresholds {thresholds}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
