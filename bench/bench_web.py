"""Latency of the web app on a synthetic claim store: the link explorer's API call
(``/api/links`` with a path search, without and with filters that the summaries cannot
answer), the link explorer page and the evidence of an edge opened in it, the actor page,
its activity chart and the actor API, the corroboration API, through the ASGI app in
process (FastAPI's test client: routing, validation, queries and JSON or HTML, no network).
The store is built like bench_query.py's when ``--db`` holds none; a store made by an older
version is migrated when opened, so point ``--db`` at a copy of one that must stay as it is.
Prints the load average, and the median and the 95th percentile of each call, in
milliseconds, and the median CPU time of this process (the app's work and SQLite's; not a
PostgreSQL server's), which other work on the machine does not inflate as it does wall times.

    python bench/bench_web.py [--claims 100000] [--db /tmp/bench-query.db] [--repeat 20] [--only corrob,filtered]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_query import build, exists  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from claimgraph.store import ClaimStore  # noqa: E402
from claimgraph.store.schema import claims  # noqa: E402
from claimgraph.web.app import WebConfig, create_app  # noqa: E402

CALLS = [
    ("links API (Iran, al-Qaeda, via 1)", "/api/links?a=Iran&b=al-Qaeda&via=1&evidence=5"),
    ("links API (Hezbollah, IRGC, event AID)", "/api/links?a=Hezbollah&b=IRGC&event=AID&evidence=5"),
    ("link explorer page (Iran, al-Qaeda, via 1)", "/links?a=Iran&b=al-Qaeda&via=1"),
    ("an edge's evidence (Iran -> al-Qaeda AID, 20)", "/links/evidence?edge=iran|al-qaeda|AID|0"),
    ("actor page (Iran)", "/actor/Iran"),
    ("actor activity chart (Iran)", "/api/actors/Iran/activity"),
    ("actor API (al-Qaeda)", "/api/actors/al-Qaeda"),
    ("actor search (qaeda)", "/api/actors?q=qaeda"),
    ("timeline API (Iran, first page)", "/api/timeline?a=Iran"),
    ("corroboration API (all edges, 2 sources)", "/api/corroboration"),
    ("corroboration API (Iran, 3 sources)", "/api/corroboration?actor=Iran&min_sources=3"),
    ("corroboration page (Iran)", "/corroboration?actor=Iran"),
    # filters that the summaries cannot answer: every edge, direct or on a path, built from the claims
    # that pass.  In the synthetic store every actor but a few has more than 100 counterparts, so
    # paths (through intermediaries of at most max_degree) are found with max_degree=1000 only.
    ("links API filtered (Iran, al-Qaeda, via 1, certain)",
     "/api/links?a=Iran&b=al-Qaeda&via=1&evidence=5&certainty=certain"),
    ("links API (Iran, al-Qaeda, via 1, max_degree 1000)",
     "/api/links?a=Iran&b=al-Qaeda&via=1&evidence=5&max_degree=1000"),
    ("links API filtered (Iran, al-Qaeda, via 1, max_degree 1000, certain)",
     "/api/links?a=Iran&b=al-Qaeda&via=1&evidence=5&max_degree=1000&certainty=certain"),
    ("links API filtered (Hezbollah, IRGC, via 1, max_degree 1000, since 2015)",
     "/api/links?a=Hezbollah&b=IRGC&via=1&evidence=5&max_degree=1000&since=2015"),
    ("links API filtered (Iran, al-Qaeda, via 2, max_degree 1000, site7)",
     "/api/links?a=Iran&b=al-Qaeda&via=2&evidence=5&max_degree=1000&publisher=site7.example"),
    ("link explorer page filtered (Iran, al-Qaeda, via 1, certain)",
     "/links?a=Iran&b=al-Qaeda&via=1&certainty=certain"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--db", default="/tmp/bench-query.db")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--only", default="", help="time only the calls whose name holds one of these texts "
                                               "(separated by commas)")
    args = ap.parse_args()
    if not exists(args.db):
        t0 = time.perf_counter()
        build(args.db, args.claims)
        print(f"built {args.claims:,} claims in {time.perf_counter() - t0:.0f} s")
    from fastapi.testclient import TestClient

    with ClaimStore.open(args.db) as store:
        client = TestClient(create_app(store, WebConfig()), client=("127.0.0.1", 50000))
        with store.engine.connect() as conn:
            n = conn.execute(select(func.count()).select_from(claims)).scalar_one()
        print(f"{n:,} claims; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at start")
        print(f"{'call':72} {'median ms':>10} {'p95 ms':>10} {'CPU ms':>10}")
        wanted = [w for w in args.only.split(",") if w] or [""]
        calls = [(name, url) for name, url in CALLS if any(w in name for w in wanted)]
        for name, url in calls:
            assert client.get(url).status_code == 200, url  # the first call also loads the actor index
            times, cpu = [], []
            for _ in range(args.repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                assert response.status_code == 200
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(f"{name:72} {statistics.median(times):10.1f} {p95:10.1f} {statistics.median(cpu):10.1f}")
        print(f"load average {os.getloadavg()[0]:.2f} at the end")
        # what the filtered calls read: the paths they found and whether a pair had more claims than are tallied
        for name, url in calls:
            if url.startswith("/api/links") and "max_degree" in url:
                found = client.get(url).json()
                print(f"{name}: {len(found['edges'])} direct edges, {len(found['paths'])} paths, "
                      f"truncated {found['truncated']}")


if __name__ == "__main__":
    main()
