"""The learned extractor's representations compared on the real-news dev sets: F1, docs/s and
peak memory of each, one process per representation.

    python bench/bench_representations.py [--static PATH] [--spacy PATH] [--frozen PATH] [--tagger DIR]

Rows: the parse rules alone (the ablation); sparse features of the parse (the default model,
the learned extractor alone and in the default ``fill`` combination); the same with static
word vectors (the encoder's input embeddings), the spaCy model's own tok2vec vectors, or the
frozen encoder's contextual vectors, from models trained by ``training/train_news.py
--vectors static|spacy|encoder`` (not shipped: give their paths); spaCy's own trainable tagger
over the small model's tok2vec, trained by ``training/train_spacy.py`` (not shipped); and the
encoder tuned on the
coded news (the accurate mode). A row whose model
is not given is skipped. Scores are those of ``claimgraph eval`` (the reference scorer's
matching); speed is over the dev documents of both sets, after a warm-up, in the same process
as the scoring.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS_DEV = ROOT.parent / "shared" / "gold" / "news-dev"
SETS = {"snippets": (NEWS_DEV / "agnews.json", NEWS_DEV / "agnews" / "text"),
        "articles": (NEWS_DEV / "articles.json", ROOT.parent / "shared" / "corpora" / "polnear-articles" / "text")}


def build(kind: str, combine: str, path: str | None):
    from claimgraph.extraction.encoder import StaticEncoder, load_encoder
    from claimgraph.extraction.news_model import NewsModel
    from claimgraph.pipeline import Extractor

    if kind == "rules":
        return Extractor(use_news_model=False, accurate=False)
    if kind == "tuned":
        return Extractor(accurate=True, combine=combine)
    if kind in ("tagger", "tagger-avg"):
        sys.path.insert(0, str(ROOT / "training"))
        from train_spacy import tagger_extractor

        return tagger_extractor(str(path), alone=kind == "tagger", combine=combine)
    if kind == "spacy":
        sys.path.insert(0, str(ROOT / "training"))
        from train_news import parse_vector_extractor

        ex = parse_vector_extractor(accurate=False, combine=combine)
        ex.news = NewsModel(json.loads(Path(str(path)).read_text(encoding="utf-8")))
        return ex
    ex = Extractor(accurate=False, combine=combine)
    if kind in ("static", "frozen"):
        assert path is not None
        ex.news = NewsModel(json.loads(Path(path).read_text(encoding="utf-8")))
        ex.encoder = StaticEncoder() if kind == "static" else load_encoder()
    return ex


def run(kind: str, combine: str, path: str | None, out) -> None:
    from claimgraph.eval.scoring import run_eval
    from claimgraph.model import Document

    ex = build(kind, combine, path)
    row: dict = {}
    seconds = 0.0
    n_docs = 0
    for name, (gold, texts) in SETS.items():
        docs = [Document(d["id"], (texts / f"{d['id']}.txt").read_text(encoding="utf-8"))
                for d in json.loads(gold.read_text(encoding="utf-8"))]
        list(ex.extract_documents(docs[:3]))  # warm-up
        t0 = time.perf_counter()
        recs = [r for x in ex.extract_documents(docs) for r in x.records("claims")]
        seconds += time.perf_counter() - t0
        n_docs += len(docs)
        res = run_eval(str(gold), text_path=str(texts), records=recs)
        row[name] = (res["recall"], res["precision"], res["f1"])
    row["docs_per_s"] = n_docs / seconds
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put(row)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--static", help="a news model trained with --vectors static")
    ap.add_argument("--frozen", help="a news model trained with --vectors encoder")
    ap.add_argument("--spacy", help="a news model trained with --vectors spacy")
    ap.add_argument("--tagger", help="a spaCy pipeline trained by training/train_spacy.py")
    ap.add_argument("--only", help="comma-separated row names to run")
    args = ap.parse_args(argv)
    if not all(g.exists() for g, _ in SETS.values()):
        print(f"bench_representations: the news-dev gold is not at {NEWS_DEV}", file=sys.stderr)
        return 2
    rows = [("rules", "parse rules alone", "rules", None),
            ("sparse", "sparse features, learned alone", "sparse", None),
            ("sparse-fill", "sparse features, filling the rules (default)", "sparse", None),
            ("sparse-union", "sparse features, with the rules", "sparse", None),
            ("static", "sparse + static vectors, learned alone", "static", args.static),
            ("spacy", "sparse + spaCy tok2vec vectors, learned alone", "spacy", args.spacy),
            ("frozen", "sparse + frozen encoder, learned alone", "frozen", args.frozen),
            ("tagger", "spaCy tagger on the small model's tok2vec (types), sparse roles", "tagger", args.tagger),
            ("tagger-avg", "the same, averaged with the sparse model", "tagger-avg", args.tagger),
            ("tuned", "encoder tuned, learned alone (accurate)", "tuned", None),
            ("tuned-fill", "encoder tuned, filling the rules", "tuned", None),
            ("tuned-union", "encoder tuned, with the rules", "tuned", None)]
    only = set(args.only.split(",")) if args.only else None
    ctx = multiprocessing.get_context("spawn")
    print("| representation | snippets R / P / F1 | articles R / P / F1 | docs/s | peak MB |")
    print("|---|---|---|---|---|")
    for key, label, kind, path in rows:
        if (only and key not in only) or (kind in ("static", "spacy", "frozen", "tagger", "tagger-avg") and not path):
            continue
        combine = key.split("-")[1] if "-" in key and key.split("-")[1] in ("fill", "union") else "learned"
        q = ctx.Queue()
        p = ctx.Process(target=run, args=(kind, combine, path, q))
        p.start()
        row = q.get()
        p.join()
        s, a = row["snippets"], row["articles"]
        print(f"| {label} | {s[0]:.3f} / {s[1]:.3f} / **{s[2]:.3f}** | {a[0]:.3f} / {a[1]:.3f} / **{a[2]:.3f}** "
              f"| {row['docs_per_s']:.1f} | {row['peak_mb']:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
