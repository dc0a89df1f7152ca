"""Trains the rankers that resolve "he" and "she" to a person named earlier, and "it" and
"they" to a state, body or group (src/claimgraph/resolve/antecedents.py), on the coded real
news of training/news/.

    python training/train_antecedents.py            # held-out accuracy, then train on all, write
    python training/train_antecedents.py --no-write # only the held-out accuracy

A ranker chooses among the actors of earlier sentences, for a pronoun its own sentence does not
resolve (no reporting verb's subject says it, no fitting actor is named before it). The coders
wrote the person a claim is about by name, also where the sentence says "he": such a pronoun,
in a sentence that carries a claim coded with a name the sentence does not contain, points at
the earlier person of that name. Each is one example: its candidate persons (as at run time),
the one named by the coder the right choice. A sentence
with "he" and "she", or a coded name that fits no candidate or several, gives none.
The candidates are scored by a logistic model over the pair features; the held-out documents
(those of training/train_news.py's split) measure it against the nearest-subject rules it
replaces. Needs the `train` extra (scikit-learn); the model ships as plain JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
import train_news  # noqa: E402

OUT = ROOT / "src" / "claimgraph" / "data" / "models" / "antecedents.json"


KINDS = ("person", "body")


def examples(docs: list[dict]) -> dict[str, list[tuple[int, list[list[str]], int, bool]]]:
    """For each kind of pronoun (person: he/she; body: it/they), (document index, the
    candidates' features, the right candidate's index, whether the rules alone chose it) for
    each pronoun the coding resolves."""
    from claimgraph.eval.scoring import content_words
    from claimgraph.pipeline import Extractor
    from claimgraph.resolve.antecedents import pronoun_gender, pronoun_kind
    from claimgraph.resolve.references import References, body, may_be_person, person

    def kind_of(t) -> str | None:
        return pronoun_kind(t.text) if t.pos_ == "PRON" else None

    ex = Extractor(use_news_model=False)
    jobs = [(text, (k, start)) for k, d in enumerate(docs) for text, start, _ in ex.blocks(d["text"])]
    out: dict[str, list] = {kind: [] for kind in KINDS}
    earlier: dict[int, list] = {}
    for parsed, (k, offset) in ex.nlp.pipe(jobs, as_tuples=True, batch_size=64):
        history = earlier.setdefault(k, [])
        refs = References(ex.resolver, parsed, ex.lex.cue_verbs, history, offset)
        for sent in parsed.sents:
            s, e = offset + sent.start_char, offset + sent.end_char
            gold = [c for c in docs[k]["claims"] if c["evidence"]["start"] < e and s < c["evidence"]["end"]]
            pronouns = [t for t in sent if kind_of(t)]
            if not gold or not pronouns:
                continue
            present = content_words(sent.text)
            names = {a["actorText"] for c in gold for side in ("actor", "recipient") for a in c[side]}
            absent = [content_words(n) for n in names if content_words(n) and not content_words(n) & present]
            if not absent:
                continue
            for tok in pronouns:
                kind = kind_of(tok)
                if len({pronoun_gender(t.text) for t in pronouns if kind_of(t) == kind}) > 1:
                    continue  # he and she in one sentence: which name is whose is not known
                fits, own = (may_be_person, person) if kind == "person" else (body, body)
                speaker = [x for x in refs._speaker(tok) if (x.type == "person") == (kind == "person")]
                if speaker or (not refs._opens_sentence(tok) and refs._before_in_sentence(tok, own)):
                    continue  # resolved in its own sentence, without the ranker
                choices = refs.choices(tok, fits)
                right = [n for n, (c, _) in enumerate(choices)
                         if any(content_words(f"{c.last.actor.name} {c.facts.text}") & words for words in absent)]
                if len(right) != 1 or len(choices) < 2:
                    continue
                keep, refs.antecedents = refs.antecedents, None
                try:
                    by_rules = refs.resolve(tok)
                finally:
                    refs.antecedents = keep
                chosen = choices[right[0]][0]
                rules_right = bool(by_rules) and by_rules[0].id == chosen.actor_id or bool(
                    by_rules and content_words(by_rules[0].name or "") & content_words(chosen.last.actor.name))
                out[kind].append((k, [f for _, f in choices], right[0], rules_right))
        history += ex.resolver.find_mentions(parsed).mentions
    return out


def fit(groups: list[tuple[int, list[list[str]], int, bool]], C: float) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X, y = [], []
    for _, feats, right, _ in groups:
        for n, f in enumerate(feats):
            X.append({x: 1 for x in f})
            y.append(int(n == right))
    vec = DictVectorizer()
    clf = LogisticRegression(C=C, max_iter=2000).fit(vec.fit_transform(X), y)
    return {str(name): round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
            if abs(w) >= 1e-3}


def accuracy(weights: dict[str, float], groups) -> float:
    hits = sum(max(range(len(feats)), key=lambda n: sum(weights.get(x, 0.0) for x in feats[n])) == right
               for _, feats, right, _ in groups)
    return hits / len(groups) if groups else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--C", type=float, default=0.5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    docs = train_news.load_docs()
    held = train_news.heldout_split(len(docs))
    groups = examples(docs)
    model: dict = {"about": "claimgraph pronoun antecedent rankers (claimgraph.resolve.antecedents); "
                            "trained by training/train_antecedents.py"}
    for kind in KINDS:
        train = [g for g in groups[kind] if g[0] not in held]
        test = [g for g in groups[kind] if g[0] in held]
        w = fit(train, args.C)
        rules = sum(g[3] for g in test) / len(test) if test else 0.0
        nearest = sum(g[2] == 0 for g in test) / len(test) if test else 0.0
        print(f"{kind}: {len(train)} pronouns to train on, {len(test)} held out: accuracy on the held-out: "
              f"model {accuracy(w, test):.3f}, rules {rules:.3f}, the actor named last {nearest:.3f}")
        model[kind] = {"training": {"pronouns": len(groups[kind]), "C": args.C,
                                    "heldout_pronouns": len(test),
                                    "heldout_accuracy": round(accuracy(w, test), 3),
                                    "heldout_accuracy_rules": round(rules, 3)},
                       "weights": fit(groups[kind], args.C)}
    if not args.no_write:
        OUT.write_text(json.dumps(model, sort_keys=True, indent=0) + "\n", encoding="utf-8")
        print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
