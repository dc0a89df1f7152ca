"""Extraction time and peak memory against text length, in paragraphs and on one line.

    python bench/bench_long_texts.py [--sizes 1e3,1e4,1e5,1e6,5e6] [--shapes paragraphs,one-line]

Each text is made of real-looking news sentences up to the size (in characters); "paragraphs"
puts three sentences a paragraph, "one-line" puts them all on one line (no newline at all).
Each measurement runs in a fresh process, so its peak resident memory is its own; the
figures printed are wall seconds, CPU seconds of the process and characters per CPU second
(the CPU time says more than the wall time on a shared machine), and peak MB (the process
with the model loaded, before extracting, is printed as the baseline).  Time should grow linearly with
length and memory stay bounded: long paragraphs are parsed in parts (docs/hardening.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

SENTENCES = [
    "Iran has supplied rifles to the Houthi rebels in Yemen, officials in Riyadh said on Monday.",
    "The Saudi foreign minister, Adel al-Jubeir, accused Tehran of arming the group.",
    "Russia denied that its troops attacked Ukrainian positions near Kharkiv last week.",
    "Turkish troops shelled Kurdish fighters in Afrin on Tuesday, the monitor said.",
    "Hamas fired rockets at Israel on Monday, the army said in a statement.",
    "China criticized the United States over its arms sales to Taiwan.",
]

CHILD = r"""
import json, resource, sys, time
from claimgraph.pipeline import Extractor
from claimgraph.model import Document
size, shape = int(sys.argv[1]), sys.argv[2]
sentences = json.loads(sys.argv[3])
ex = Extractor()
ex.extract("Iran attacked Iraq, officials said.")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
parts, n, k = [], 0, 0
while n < size:
    s = sentences[k % len(sentences)]
    parts.append(s)
    n += len(s) + 1
    k += 1
if shape == "one-line":
    text = " ".join(parts)[:size]
else:
    text = "\n\n".join(" ".join(parts[i:i + 3]) for i in range(0, len(parts), 3))[:size]
started, cpu = time.perf_counter(), time.process_time()
r = next(ex.extract_documents([Document("bench", text)]))
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({"chars": len(text), "seconds": seconds, "cpu": cpu, "claims": len(r.claims), "error": r.error,
                  "base_mb": base, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1e3,1e4,1e5,1e6,5e6")
    ap.add_argument("--shapes", default="paragraphs,one-line")
    args = ap.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    print(f"{'shape':<11} {'chars':>10} {'seconds':>9} {'CPU s':>9} {'chars/CPU s':>11} {'claims':>7} "
          f"{'base MB':>8} {'peak MB':>8}")
    for shape in args.shapes.split(","):
        for size in sizes:
            # no time budget per document here: the point is to see the time a long text takes
            out = subprocess.run([sys.executable, "-c", CHILD, str(size), shape, json.dumps(SENTENCES)],
                                 capture_output=True, text=True, env={**os.environ, "CLAIMGRAPH_MAX_SECONDS": "1e9"})
            if out.returncode != 0:
                print(f"{shape:<11} {size:>10} failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            error = f"  {r['error']}" if r["error"] else ""
            rate = r["chars"] / r["cpu"]
            print(f"{shape:<11} {r['chars']:>10,} {r['seconds']:>9.2f} {r['cpu']:>9.2f} {rate:>11,.0f} "
                  f"{r['claims']:>7} {r['base_mb']:>8.0f} {r['peak_mb']:>8.0f}{error}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
