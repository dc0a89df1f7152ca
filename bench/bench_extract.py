"""Extraction throughput against plain spaCy, on a folder of real articles.

    python bench/bench_extract.py [DIR] [--limit N] [--workers 2]

DIR defaults to ../shared/corpora/polnear-articles/text.  Prints, for the same texts in the
same process: plain `nlp.pipe` with the same spaCy model (the baseline), claimgraph's
extraction on one process, the ratio of the two, extraction in N worker processes, and
peak resident memory of this process and of the largest worker.  The baseline and the
extraction alternate over rounds of documents, so that a slow spell of a shared machine
weighs on both alike; the per-round ratios are printed too.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "corpora" / "polnear-articles" / "text"


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N files")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--model", default=None)
    ap.add_argument("--rounds", type=int, default=8, help="rounds the two runs alternate over")
    args = ap.parse_args(argv)
    if not args.dir.is_dir():
        print(f"bench_extract: no such folder: {args.dir}", file=sys.stderr)
        return 2

    from claimgraph.model import Document
    from claimgraph.pipeline import Extractor, extract_documents

    files = sorted(args.dir.glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    docs = [Document(str(f), f.read_text(encoding="utf-8")) for f in files]
    mb = sum(len(d.text.encode()) for d in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {mb:.1f} MB, from {args.dir}")

    ex = Extractor(args.model)
    nlp = ex.nlp
    list(nlp.pipe([d.text for d in docs[:5]]))  # warm-up
    list(ex.extract_documents(docs[:5]))

    # the two runs alternate over rounds of documents (each round in the opposite order to
    # the last), so that a slow spell of a shared machine weighs on both alike
    rounds = max(1, min(args.rounds, len(docs)))
    size = -(-len(docs) // rounds)
    one = base = 0.0
    claims = attributions = sentences = 0
    ratios = []
    for k in range(rounds):
        chunk = docs[k * size:(k + 1) * size]
        if not chunk:
            break
        t_ex = t_base = 0.0
        for which in (("extract", "base") if k % 2 == 0 else ("base", "extract")):
            t0 = time.perf_counter()
            if which == "extract":
                for r in ex.extract_documents(chunk):
                    claims += len(r.claims)
                    attributions += len(r.attributions)
                t_ex = time.perf_counter() - t0
            else:
                sentences += sum(len(list(d.sents)) for d in nlp.pipe([d.text for d in chunk], batch_size=64))
                t_base = time.perf_counter() - t0
        one += t_ex
        base += t_base
        ratios.append(t_base / t_ex)
    print(f"baseline  nlp.pipe:             {len(docs) / base:7.1f} docs/s  {sentences / base:8.1f} sentences/s")
    print(f"claimgraph 1 process:           {len(docs) / one:7.1f} docs/s  {sentences / one:8.1f} sentences/s  "
          f"({claims} claims, {attributions} attributions)")
    print(f"ratio to baseline:              {base / one:7.2f}  (per round: median {statistics.median(ratios):.2f}, "
          f"min {min(ratios):.2f}, max {max(ratios):.2f}, {len(ratios)} rounds)")
    print(f"peak memory, this process:      {peak_mb():7.0f} MB (the baseline parses whole articles)")

    if args.workers > 1:
        t0 = time.perf_counter()
        n = sum(1 for _ in extract_documents(docs, workers=args.workers, model=args.model))
        many = time.perf_counter() - t0
        print(f"claimgraph {args.workers} processes:         {n / many:7.1f} docs/s  "
              f"{sentences / many:8.1f} sentences/s  (speed-up {one / many:.2f}x)")
        print(f"peak memory, largest worker:    {peak_mb(resource.RUSAGE_CHILDREN):7.0f} MB (extraction alone)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
