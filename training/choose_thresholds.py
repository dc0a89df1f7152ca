"""Chooses the accurate mode's trigger threshold, and the weight of the tuned heads against the
sparse model's, on what actually runs: the whole extractor, with the tuned heads'
probabilities averaged with a sparse model's, over the documents the tuned encoder held out,
scored by the scorer's matching.

    python training/train_news.py --without-heldout --out /tmp/news_model_without_heldout.json
    python training/choose_thresholds.py --sparse /tmp/news_model_without_heldout.json [--write]

``train_tuned.py`` chooses its thresholds on its own heads alone, by a simplified decoding. At
run time the heads are averaged with the shipped sparse model, which shifts the probabilities;
the sparse model is trained on every document, so here a sparse model trained without the
held-out documents stands in for it. The threshold kept is the one with the best mean of the
snippets' and the articles' F1, so that both kinds of document count alike. The dev sets are
never read. ``--write`` stores them in the shipped tuned model (or ``--tuned FILE``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT / "src"))
import heldout  # noqa: E402
from train_tuned import OUT as TUNED  # noqa: E402

GRID = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
MIXES = (0.35, 0.5, 0.65, 0.8)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sparse", required=True, help="a sparse model trained with --without-heldout")
    ap.add_argument("--write", action="store_true", help="store the chosen threshold in the tuned model")
    ap.add_argument("--tuned", default=str(TUNED), help="the tuned model to read and write")
    args = ap.parse_args(argv)
    tuned_file = Path(args.tuned)

    from claimgraph.extraction.encoder import Encoder
    from claimgraph.extraction.news_model import NewsModel
    from claimgraph.extraction.tuned import TunedModel, tuned_encoder
    from claimgraph.pipeline import Extractor

    kinds, gold = heldout.documents()
    data = json.loads(tuned_file.read_text(encoding="utf-8"))
    ex = Extractor(accurate=True, combine="learned")
    model: TunedModel = TunedModel(data)
    encoder: Encoder = tuned_encoder(data)
    ex.news, ex.encoder = model, encoder
    model.sparse = NewsModel(json.loads(Path(args.sparse).read_text(encoding="utf-8")))
    # neither the parse nor the encoder's vectors depend on the threshold or the weight: each
    # block is parsed and encoded once
    heldout.parse_once()
    cache: dict[tuple, list] = {}
    vectors_of = ex.sentence_vectors

    def cached(parsed, owners=None):
        # a batch's vectors depend on its blocks and on which document each belongs to (the
        # sentence before is read as context)
        key = (tuple(d.text for d in parsed), tuple(owners or ()))
        if key not in cache:
            cache[key] = vectors_of(parsed, owners)
        return cache[key]

    ex.sentence_vectors = cached  # type: ignore[method-assign]
    results = {}
    for th, mix in [(th, mix) for mix in MIXES for th in GRID]:
        model.trigger_threshold, model.mix = th, mix
        row = heldout.score(ex, kinds, gold)
        results[th, mix] = row
        print(f"trigger {th} mix {mix}: {heldout.line(row)}", flush=True)
    best_th, best_mix = max(results, key=lambda k: sum(v[2] for v in results[k].values()))
    print(f"{len(kinds['snippets'])} snippets, {len(kinds['articles'])} articles held out: "
          f"trigger threshold {best_th}, weight of the tuned heads {best_mix}")
    if args.write:
        data["thresholds"]["trigger"], data["thresholds"]["mix"] = best_th, best_mix
        data["training"]["trigger_threshold_chosen_by"] = "training/choose_thresholds.py"
        tuned_file.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {tuned_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
