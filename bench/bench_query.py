"""Query latencies on a synthetic claim store, in-process and through the command line.

Builds the store when ``--db`` does not hold one yet (SQLite file or ``postgresql://``
URL): ``--claims`` claims in documents of five, joining real actors of the gazetteer with
a Zipf-like popularity, so that the actors queried (Iran, al-Qaeda, the United States,
Hezbollah, the IRGC) are hubs; one claim in a hundred is a denial.  Rows are inserted in
bulk and the summaries computed once (``store.summaries.rebuild``), as the migration does
for an existing store.  Then it times each query through ``claimgraph.query.Graph`` (in
one process: the first run reads from disk, the others from the cache) and through the
``claimgraph`` command (a new process each time, start-up included), and prints the median
and the 95th percentile of each, and the median CPU time of the in-process runs (which
other work on the machine does not inflate as it does wall times).

    python bench/bench_query.py [--claims 100000] [--db /tmp/bench-query.db] [--repeat 5] [--cli-repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, inspect, select

from claimgraph.model import EVENT_TYPES
from claimgraph.query import Graph
from claimgraph.resolve.gazetteer import load_gazetteer
from claimgraph.store import ClaimStore, database_url
from claimgraph.store.schema import claim_entities, claims, documents, entities, ingest_runs, mentions
from claimgraph.store.summaries import rebuild

CLAIMS_PER_DOC = 5
SITES = [f"site{i}.example" for i in range(60)]
SPEAKERS = ["officials", "analysts", "the documents", "court"]
SENTENCE = "Actor0 funded Group0 in the year, officials said."
BATCH_DOCS = 10_000


def exists(db: str) -> bool:
    url = database_url(db)
    if url.get_backend_name() == "sqlite" and not os.path.exists(url.database or ""):
        return False
    with ClaimStore.open(db) as store, store.engine.connect() as conn:
        return inspect(conn).has_table("claims") and bool(conn.execute(select(func.count()).select_from(claims))
                                                          .scalar_one())


def build(db: str, n_claims: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    gaz = load_gazetteer()
    actors = [a for a in gaz.actors.values() if a.type != "location"]
    rng.shuffle(actors)
    # the actors of the queries are the biggest hubs
    front = [gaz.actors[i] for i in ("iran", "al-qaeda", "united-states", "hezbollah", "irgc")]
    actors = front + [a for a in actors if a.id not in {f.id for f in front}]
    weights = [1 / (rank + 1) for rank in range(len(actors))]
    now = datetime.now(UTC)
    day0 = datetime(2010, 1, 1)
    text = " ".join(SENTENCE.replace("0", str(k)) for k in range(CLAIMS_PER_DOC))
    n_docs = n_claims // CLAIMS_PER_DOC
    with ClaimStore.open(db) as store:
        with store.engine.begin() as conn:
            conn.execute(ingest_runs.insert().values(
                id=1, started_at=now, status="finished", inputs=[], workers=1, version="bench", host="bench", pid=0,
                documents=n_docs, duplicates=0, near_duplicates=0, not_extracted=0, failures=0, claims=n_claims,
                attributions=0, affiliations=0))
            conn.execute(entities.insert(), [{"id": a.id, "name": a.name, "type": a.type, "country": a.country,
                                              "sector": a.sector} for a in actors]
                         + [{"id": s, "name": s, "type": "group", "country": None, "sector": None} for s in SPEAKERS])
        mention_id = claim_pk = 0
        for first in range(1, n_docs + 1, BATCH_DOCS):
            docs, ments, cls, roles = [], [], [], []
            for d in range(first, min(first + BATCH_DOCS, n_docs + 1)):
                dup = d - 1 if d > 1 and rng.random() < 0.05 else None
                published = (day0 + timedelta(days=rng.randrange(5000))).date().isoformat()
                docs.append({"id": d, "doc_id": f"doc-{d}", "content_hash": f"{d:064x}", "text": text,
                             "site": rng.choice(SITES), "published": published, "status": "extracted",
                             "source": "bench", "near_duplicate_of": dup, "run_id": 1, "ingested_at": now})
                pos = 0
                for _k in range(CLAIMS_PER_DOC):
                    a, r = rng.choices(actors, weights, k=2)
                    while r.id == a.id:
                        r = rng.choices(actors, weights)[0]
                    claim_pk += 1
                    ids = []
                    for ent, start, end, kind in ((a, pos, pos + 6, a.type), (r, pos + 14, pos + 20, r.type),
                                                  (None, pos + 34, pos + 43, "group")):
                        mention_id += 1
                        ments.append({"id": mention_id, "document_id": d,
                                      "entity_id": ent.id if ent else rng.choice(SPEAKERS),
                                      "text": text[start:end], "start": start, "end": end, "type": kind})
                        ids.append(mention_id)
                    year = rng.randrange(1995, 2024)
                    denial = rng.random() < 0.01
                    cls.append({"id": claim_pk, "document_id": d, "claim_id": f"{claim_pk:016x}",
                                "event": rng.choice(EVENT_TYPES), "mode": None, "context": [],
                                "polarity": "negated" if rng.random() < 0.08 else "affirmed",
                                "certainty": rng.choices(["certain", "probable", "possible"], [0.7, 0.2, 0.1])[0],
                                "tense": "past", "confidence": 0.8, "trigger_text": "denied" if denial else "funded",
                                "trigger_start": pos + 7, "trigger_end": pos + 13, "evidence_start": pos,
                                "evidence_end": pos + len(SENTENCE), "cue_text": "said", "cue_start": pos + 44,
                                "cue_end": pos + 48, "time_text": str(year), "time_start": f"{year}-01-01",
                                "time_end": f"{year}-12-31"})
                    roles += [{"claim_id": claim_pk, "role": role, "position": 0, "mention_id": m}
                              for role, m in zip(("actor", "recipient", "source"), ids, strict=True)]
                    pos += len(SENTENCE) + 1
            with store.engine.begin() as conn:
                for table, rows in ((documents, docs), (mentions, ments), (claims, cls), (claim_entities, roles)):
                    conn.execute(table.insert(), rows)
        with store.engine.begin() as conn:
            rebuild(conn)
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("ANALYZE")
        if store.engine.dialect.name == "postgresql":
            with store.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")


def figures(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank), in milliseconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return statistics.median(ordered) * 1000, p95 * 1000


def in_process(fn: Callable[[], Any], repeat: int) -> tuple[list[float], list[float], Any]:
    """Wall times and CPU times of this process (SQLite's work, not a server's) of ``repeat``
    runs, and the last result."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return times, cpu, result


def through_cli(db: str, args: list[str], repeat: int) -> tuple[list[float], list[float]]:
    """Wall times and CPU times (user and system) of ``claimgraph --db DB ARGS`` in a new
    interpreter (start-up included)."""
    cmd = [sys.executable, "-c", "from claimgraph.cli import main; main()", "--db", db, *args]
    times, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return times, cpu


DEEP = 100_000
# a far page of Iran's contradictions: among its negated edges at 1,000,000 claims
DEEP_CONTRADICTIONS = 2_000
QUERIES: list[tuple[str, Callable[[Graph], Any], list[str] | None]] = [
    ("links Iran al-Qaeda",
     lambda g: f"{sum(e.count for e in g.links('Iran', 'al-Qaeda', evidence=3).edges)} claims",
     ["links", "Iran", "al-Qaeda"]),
    ("links Iran Hezbollah --via 2",
     lambda g: f"{len(g.links('Iran', 'Hezbollah', via=2, evidence=3).paths)} paths",
     ["links", "Iran", "Hezbollah", "--via", "2"]),
    # every actor here is a hub with more than 100 counterparts, so the default cap leaves
    # no intermediary; lifting it times paths through hubs with their evidence
    ("  same, --max-degree 100000",
     lambda g: f"{len(g.links('Iran', 'Hezbollah', via=2, max_degree=100_000, evidence=3).paths)} paths",
     ["links", "Iran", "Hezbollah", "--via", "2", "--max-degree", "100000"]),
    ("actor Iran", lambda g: f"{sum(g.actor('Iran').claims_out.values())} claims out", ["actor", "Iran"]),
    ("timeline Iran al-Qaeda (first page)",
     lambda g: f"{g.timeline('Iran', 'al-Qaeda').total} entries", ["timeline", "Iran", "al-Qaeda"]),
    ("timeline Iran (first page)", lambda g: f"{g.timeline('Iran').total} entries", ["timeline", "Iran"]),
    ("contradictions --actor Iran (first page)",
     lambda g: f"{g.contradictions(actor='Iran').total} contradictions", ["contradictions", "--actor", "Iran"]),
    ("claims --actor Iran (first page)",
     lambda g: f"{g.claims(actor='Iran', limit=100).total} claims", ["claims", "--actor", "Iran"]),
    # newest first: the same index ranges read backwards
    ("links Iran al-Qaeda --order newest",
     lambda g: f"{sum(len(e.claims) for e in g.links('Iran', 'al-Qaeda', evidence=3, order='newest').edges)} shown",
     ["links", "Iran", "al-Qaeda", "--order", "newest"]),
    ("timeline Iran al-Qaeda --order newest",
     lambda g: f"{g.timeline('Iran', 'al-Qaeda', order='newest').total} entries",
     ["timeline", "Iran", "al-Qaeda", "--order", "newest"]),
    ("timeline Iran al-Qaeda --by published",
     lambda g: f"{g.timeline('Iran', 'al-Qaeda', by='published').total} entries",
     ["timeline", "Iran", "al-Qaeda", "--by", "published"]),
    ("timeline Iran --order newest", lambda g: f"{g.timeline('Iran', order='newest').total} entries",
     ["timeline", "Iran", "--order", "newest"]),
    # a page far in: by offset the index steps over the rows before it, by cursor it does not
    ("timeline Iran --offset 100000",
     lambda g: f"{len(g.timeline('Iran', offset=DEEP).entries)} entries",
     ["timeline", "Iran", "--offset", str(DEEP)]),
    ("timeline Iran --cursor (as far)",
     lambda g: f"{len(g.timeline('Iran', cursor=deep_cursor(g)).entries)} entries",
     ["timeline", "Iran", "--cursor", "{cursor}"]),
    ("timeline Iran al-Qaeda --cursor (10,000 in)",
     lambda g: f"{len(g.timeline('Iran', 'al-Qaeda', cursor=deep_cursor(g, 'al-Qaeda')).entries)} entries",
     ["timeline", "Iran", "al-Qaeda", "--cursor", "{pair_cursor}"]),
    ("claims --actor Iran --order newest",
     lambda g: f"{g.claims(actor='Iran', limit=100, order='newest').total} claims",
     ["claims", "--actor", "Iran", "--order", "newest"]),
    ("contradictions --actor Iran --offset 2000",
     lambda g: f"{len(g.contradictions(actor='Iran', offset=DEEP_CONTRADICTIONS))} contradictions",
     ["contradictions", "--actor", "Iran", "--offset", str(DEEP_CONTRADICTIONS)]),
    ("contradictions --actor Iran --cursor (as far)",
     lambda g: f"{len(g.contradictions(actor='Iran', cursor=deep_contradictions(g)))} contradictions",
     ["contradictions", "--actor", "Iran", "--cursor", "{contradictions_cursor}"]),
]
_cursors: dict[str | None, str | None] = {}


def deep_cursor(g: Graph, other: str | None = None) -> str | None:
    """The cursor of the page ``DEEP`` entries into Iran's timeline (10,000 into its
    timeline with ``other``), or of its last page when it has fewer; read once, by offset."""
    if other not in _cursors:
        depth = DEEP if other is None else DEEP // 10
        t = g.timeline("Iran", other, limit=1, offset=depth - 1)
        if not t.entries:
            t = g.timeline("Iran", other, limit=1, offset=max(0, t.total - 51))
        _cursors[other] = t.next_cursor
    return _cursors[other]


def deep_contradictions(g: Graph) -> str | None:
    """The cursor of the page ``DEEP_CONTRADICTIONS`` into Iran's contradictions, or of its
    last page when it has fewer; read once, by offset."""
    if "contradictions" not in _cursors:
        found = g.contradictions(actor="Iran", limit=1, offset=DEEP_CONTRADICTIONS - 1, evidence=0)
        if not found.items:
            found = g.contradictions(actor="Iran", limit=1, offset=max(0, found.total - 21), evidence=0)
        _cursors["contradictions"] = found.next_cursor
    return _cursors["contradictions"]


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--db", default="/tmp/bench-query.db")
    ap.add_argument("--repeat", type=int, default=5, help="in-process runs of each query")
    ap.add_argument("--cli-repeat", type=int, default=3, help="command-line runs of each query (0: none)")
    args = ap.parse_args()
    shown = database_url(args.db).render_as_string(hide_password=True)
    if exists(args.db):
        print(f"using the store at {shown}")
    else:
        t = time.perf_counter()
        build(args.db, args.claims)
        print(f"built {args.claims:,} claims in {time.perf_counter() - t:.1f} s at {shown}")
    with Graph.open(args.db) as g:
        with g.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(claims)).scalar_one()
        print(f"{n:,} claims; in-process: {args.repeat} runs in one process; command line: {args.cli_repeat} runs, "
              f"a new process each; load average {os.getloadavg()[0]:.2f}")
        t = time.perf_counter()
        g.find("Iran")
        print(f"{'actor index (first lookup)':<42} {(time.perf_counter() - t) * 1000:8.1f} ms")
        print(f"{'':<42} {'in-process ms':>26}   {'command line ms':>26}")
        print(f"{'query':<42} {'median':>8} {'p95':>8} {'CPU':>8}   {'median':>8} {'p95':>8} {'CPU':>8}")
        starts = (("claimgraph --help", ["--help"]), ("claimgraph stats", ["stats"])) if args.cli_repeat else ()
        for label, start in starts:
            times, cpu = through_cli(args.db, start, args.cli_repeat)
            med, p95 = figures(times)
            print(f"{label:<42} {'':>8} {'':>8} {'':>8}   {med:8.0f} {p95:8.0f} {statistics.median(cpu) * 1000:8.0f}")
        for label, query, cli in QUERIES:
            times, cpu, result = in_process(lambda q=query: q(g), args.repeat)
            med, p95 = figures(times)
            line = f"{label:<42} {med:8.1f} {p95:8.1f} {statistics.median(cpu) * 1000:8.1f}"
            if cli is not None and args.cli_repeat:
                cli = [a.format(cursor=deep_cursor(g), pair_cursor=deep_cursor(g, "al-Qaeda"),
                                contradictions_cursor=deep_contradictions(g)) for a in cli]
                times, cpu = through_cli(args.db, cli, args.cli_repeat)
                cmed, cp95 = figures(times)
                line += f"   {cmed:8.0f} {cp95:8.0f} {statistics.median(cpu) * 1000:8.0f}"
            print(f"{line}   ({result})")
        print(f"load average {os.getloadavg()[0]:.2f} at the end; CPU: median CPU time of this process, or of the "
              "command's (on PostgreSQL the server's is not in it)")


if __name__ == "__main__":
    main()
