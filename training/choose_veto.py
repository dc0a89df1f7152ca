"""Measures the default mode's veto: a claim of the parse rules is dropped when the learned
trigger model gives the word it stands on a P(event) below the veto, and the learned extractor
may then fill the sentence. Over the documents the tuned encoder held out, with a sparse model
trained without them standing in for the shipped one, scored by the scorer's matching:

    python training/train_news.py --without-heldout --out /tmp/news_model_without_heldout.json
    python training/choose_veto.py --sparse /tmp/news_model_without_heldout.json [--write 0.1]

It prints the held-out F1 of each veto on the grid; the dev sets are never read. ``--write V``
stores V in the shipped sparse model (docs/status.md says why the value shipped was chosen).
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
import train_news  # noqa: E402

GRID = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sparse", help="a sparse model trained with --without-heldout")
    ap.add_argument("--write", type=float, help="store this veto in the shipped sparse model")
    args = ap.parse_args(argv)

    from claimgraph.extraction.news_model import NewsModel
    from claimgraph.pipeline import Extractor

    if args.write is not None:
        data = json.loads(train_news.OUT.read_text(encoding="utf-8"))
        data["thresholds"]["veto"] = args.write
        data["training"]["veto_chosen_by"] = "training/choose_veto.py"
        train_news.OUT.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {train_news.OUT}: veto {args.write}")
        return 0
    if not args.sparse:
        ap.error("--sparse is needed to measure")
    kinds, gold = heldout.documents()
    ex = Extractor()
    model = NewsModel(json.loads(Path(args.sparse).read_text(encoding="utf-8")))
    ex.news = model
    heldout.parse_once()
    for veto in GRID:
        model.veto_threshold = veto
        print(f"veto {veto}: {heldout.line(heldout.score(ex, kinds, gold))}", flush=True)
    print(f"{len(kinds['snippets'])} snippets, {len(kinds['articles'])} articles held out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
