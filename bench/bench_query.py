"""Query latencies on a synthetic claim store of 100,000 claims.

Builds a SQLite store (``ClaimStore.open`` creates the schema, rows are inserted in bulk)
whose claims join real actors of the gazetteer with a Zipf-like popularity, so that a few
actors (the first ones drawn) are hubs, then times ``links``, ``links --via 2``, ``actor``,
``timeline`` and ``contradictions`` through ``claimgraph.query.Graph``.

    python bench/bench_query.py [--claims 100000] [--db /tmp/bench-query.db] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from claimgraph.model import EVENT_TYPES
from claimgraph.query import Graph
from claimgraph.resolve.gazetteer import load_gazetteer
from claimgraph.store import ClaimStore

CLAIMS_PER_DOC = 5
SITES = [f"site{i}.example" for i in range(60)]
SPEAKERS = ["officials", "analysts", "the documents", "court"]


def build(path: str, n_claims: int, seed: int = 7) -> None:
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    rng = random.Random(seed)
    gaz = load_gazetteer()
    actors = [a for a in gaz.actors.values() if a.type != "location"]
    rng.shuffle(actors)
    # the actors of the queries are the biggest hubs
    front = [gaz.actors[i] for i in ("iran", "al-qaeda", "united-states", "hezbollah", "irgc")]
    actors = front + [a for a in actors if a.id not in {f.id for f in front}]
    weights = [1 / (rank + 1) for rank in range(len(actors))]
    store = ClaimStore.open(path)
    raw = store.engine.raw_connection()
    cur = raw.cursor()
    cur.execute("BEGIN")
    now = datetime.now(UTC).isoformat()
    cur.execute("INSERT INTO ingest_runs (id, started_at, status, inputs, workers, version, host, pid, documents, "
                "duplicates, near_duplicates, not_extracted, failures, claims, attributions, affiliations) "
                "VALUES (1, ?, 'finished', '[]', 1, 'bench', 'bench', 0, 0, 0, 0, 0, 0, 0, 0, 0)", (now,))
    cur.executemany("INSERT INTO entities (id, name, type, country, sector) VALUES (?, ?, ?, ?, ?)",
                    [(a.id, a.name, a.type, a.country, a.sector) for a in actors]
                    + [(s, s, "group", None, None) for s in SPEAKERS])
    n_docs = n_claims // CLAIMS_PER_DOC
    day0 = datetime(2010, 1, 1)
    docs, mentions, claims, roles = [], [], [], []
    mention_id = claim_pk = 0
    for d in range(1, n_docs + 1):
        text = " ".join(f"Actor{k} funded Group{k} in the year, officials said." for k in range(CLAIMS_PER_DOC))
        dup = d - 1 if d > 1 and rng.random() < 0.05 else None
        published = (day0 + timedelta(days=rng.randrange(5000))).date().isoformat()
        docs.append((d, f"doc-{d}", f"{d:064x}", text, rng.choice(SITES), published, "extracted", "bench",
                     dup, 1, now))
        pos = 0
        for _k in range(CLAIMS_PER_DOC):
            sentence_len = len("Actor0 funded Group0 in the year, officials said.")
            a, r = rng.choices(actors, weights, k=2)
            while r.id == a.id:
                r = rng.choices(actors, weights)[0]
            claim_pk += 1
            ids = []
            for ent, start, end, kind in ((a, pos, pos + 6, a.type), (r, pos + 14, pos + 20, r.type),
                                          (None, pos + 34, pos + 43, "group")):
                mention_id += 1
                ent_id = ent.id if ent else rng.choice(SPEAKERS)
                mentions.append((mention_id, d, ent_id, text[start:end], start, end, kind))
                ids.append(mention_id)
            year = rng.randrange(1995, 2024)
            claims.append((claim_pk, d, f"{claim_pk:016x}", rng.choice(EVENT_TYPES), None, "[]",
                           "negated" if rng.random() < 0.08 else "affirmed",
                           rng.choices(["certain", "probable", "possible"], [0.7, 0.2, 0.1])[0], "past",
                           0.8, "funded", pos + 7, pos + 13, pos, pos + sentence_len, "said", pos + 44, pos + 48,
                           str(year), f"{year}-01-01", f"{year}-12-31"))
            roles += [(claim_pk, "actor", 0, ids[0]), (claim_pk, "recipient", 0, ids[1]),
                      (claim_pk, "source", 0, ids[2])]
            pos += sentence_len + 1
    cur.executemany("INSERT INTO documents (id, doc_id, content_hash, text, site, published, status, source, "
                    "near_duplicate_of, run_id, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
    cur.executemany('INSERT INTO mentions (id, document_id, entity_id, text, start, "end", type) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", mentions)
    cur.executemany("INSERT INTO claims (id, document_id, claim_id, event, mode, context, polarity, certainty, "
                    "tense, confidence, trigger_text, trigger_start, trigger_end, evidence_start, evidence_end, "
                    "cue_text, cue_start, cue_end, time_text, time_start, time_end) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", claims)
    cur.executemany("INSERT INTO claim_entities (claim_id, role, position, mention_id) VALUES (?, ?, ?, ?)", roles)
    cur.execute("COMMIT")
    cur.execute("ANALYZE")
    raw.close()
    store.close()


def timed(label: str, fn, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    print(f"{label:<40} median {statistics.median(times) * 1000:8.1f} ms   "
          f"min {min(times) * 1000:8.1f} ms   ({result})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--db", default="/tmp/bench-query.db")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    t = time.perf_counter()
    build(args.db, args.claims)
    print(f"built {args.claims:,} claims in {time.perf_counter() - t:.1f} s at {args.db}")
    with Graph.open(args.db) as g:
        t = time.perf_counter()
        g.find("Iran")
        print(f"{'actor index (first lookup)':<40} {(time.perf_counter() - t) * 1000:8.1f} ms")
        timed("links Iran al-Qaeda", lambda: f"{sum(len(e.claims) for e in g.links('Iran', 'al-Qaeda').edges)} "
                                               "claims", args.repeat)
        timed("links Iran Hezbollah --via 2", lambda: f"{len(g.links('Iran', 'Hezbollah', via=2).paths)} paths",
              args.repeat)
        # every actor here is a hub with more than 100 counterparts, so the default cap
        # leaves no intermediary; lifting it times paths with their evidence loaded
        timed("  same, --max-degree 100000", lambda: "{} paths".format(
            len(g.links("Iran", "Hezbollah", via=2, max_degree=100_000).paths)), args.repeat)
        timed("actor Iran", lambda: f"{sum(g.actor('Iran').claims_out.values())} claims out", args.repeat)
        timed("timeline Iran al-Qaeda", lambda: f"{len(g.timeline('Iran', 'al-Qaeda').entries)} entries",
              args.repeat)
        timed("contradictions --actor Iran", lambda: f"{len(g.contradictions(actor='Iran'))} pairs", args.repeat)


if __name__ == "__main__":
    main()
