"""Extraction throughput against plain spaCy, on a folder of real articles.

    python bench/bench_extract.py [DIR] [--limit N] [--workers 2]

DIR defaults to ../shared/corpora/polnear-articles/text.  Prints, for the same texts in the
same process: plain `nlp.pipe` with the same spaCy model (the baseline), claimgraph's
extraction on one process, the ratio of the two, extraction in N worker processes, and
peak resident memory of this process and of the largest worker.
"""

from __future__ import annotations

import argparse
import resource
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

    # extraction first, so that its peak memory is read before the baseline parses whole articles
    t0 = time.perf_counter()
    claims = attributions = 0
    for r in ex.extract_documents(docs):
        claims += len(r.claims)
        attributions += len(r.attributions)
    one = time.perf_counter() - t0
    extract_peak = peak_mb()

    t0 = time.perf_counter()
    sentences = sum(len(list(d.sents)) for d in nlp.pipe([d.text for d in docs], batch_size=64))
    base = time.perf_counter() - t0
    print(f"baseline  nlp.pipe:             {len(docs) / base:7.1f} docs/s  {sentences / base:8.1f} sentences/s")
    print(f"claimgraph 1 process:           {len(docs) / one:7.1f} docs/s  {sentences / one:8.1f} sentences/s  "
          f"({claims} claims, {attributions} attributions)")
    print(f"ratio to baseline:              {base / one:7.2f}")
    print(f"peak memory, after extraction:  {extract_peak:7.0f} MB")
    print(f"peak memory, after baseline:    {peak_mb():7.0f} MB")

    if args.workers > 1:
        t0 = time.perf_counter()
        n = sum(1 for _ in extract_documents(docs, workers=args.workers, model=args.model))
        many = time.perf_counter() - t0
        print(f"claimgraph {args.workers} processes:         {n / many:7.1f} docs/s  "
              f"{sentences / many:8.1f} sentences/s  (speed-up {one / many:.2f}x)")
        print(f"peak memory, largest worker:    {peak_mb(resource.RUSAGE_CHILDREN):7.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
