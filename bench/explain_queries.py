"""The query plans of the statements behind links, paths, actor, timelines (of a pair and
of one actor, in either order), claims and contradictions, on SQLite (EXPLAIN QUERY PLAN)
or PostgreSQL (EXPLAIN ANALYZE), for a store such as bench_query.py builds.  Each distinct
statement is shown once, with its plan: a SCAN of a big table (or a Seq Scan) where a
SEARCH was meant shows a missing index.

    python bench/explain_queries.py --db /tmp/bench-query.db
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from sqlalchemy import event

from claimgraph.query import Graph


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--db", default="/tmp/bench-query.db")
    args = ap.parse_args()
    seen: dict[str, tuple[str, Any]] = {}
    with Graph.open(args.db) as g:
        g.find("Iran")

        @event.listens_for(g.engine, "before_cursor_execute")
        def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
            shape = re.sub(r"\s+", " ", statement)
            if not many and shape.startswith("SELECT") and shape not in seen:
                seen[shape] = (statement, parameters)

        for label, run in (("links", lambda: g.links("Iran", "al-Qaeda", evidence=3)),
                           ("links --via 2", lambda: g.links("Iran", "Hezbollah", via=2, evidence=3)),
                           ("actor", lambda: g.actor("Iran")),
                           ("timeline", lambda: g.timeline("Iran", "al-Qaeda")),
                           ("timeline of one actor", lambda: g.timeline("Iran")),
                           ("timeline of one actor, by publication", lambda: g.timeline("Iran", by="published")),
                           ("claims", lambda: g.claims(actor="Iran", limit=100)),
                           ("claims with other filters", lambda: g.claims(involving="Iran", certainty="certain",
                                                                          since="2019", limit=100)),
                           ("contradictions", lambda: g.contradictions(actor="Iran")),
                           ("contradictions, the last page (denials)", lambda: g.contradictions(
                               actor="Iran", offset=g.contradictions(actor="Iran", limit=1).total - 3)),
                           ("timeline by cursor", lambda: g.timeline("Iran", "al-Qaeda", cursor=g.timeline(
                               "Iran", "al-Qaeda", limit=1).next_cursor)),
                           ("timeline of one actor by cursor", lambda: g.timeline("Iran", cursor=g.timeline(
                               "Iran", limit=1).next_cursor)),
                           ("timeline, newest first", lambda: g.timeline("Iran", "al-Qaeda", order="newest")),
                           ("timeline, newest first, by cursor", lambda: g.timeline(
                               "Iran", "al-Qaeda", order="newest", cursor=g.timeline(
                                   "Iran", "al-Qaeda", limit=1, order="newest").next_cursor)),
                           ("timeline by publication", lambda: g.timeline("Iran", "al-Qaeda", by="published")),
                           ("timeline by publication, newest first, by cursor", lambda: g.timeline(
                               "Iran", "al-Qaeda", by="published", order="newest", cursor=g.timeline(
                                   "Iran", "al-Qaeda", by="published", limit=1, order="newest").next_cursor)),
                           ("timeline of one actor, newest first", lambda: g.timeline("Iran", order="newest")),
                           ("timeline of one actor by publication, newest first",
                            lambda: g.timeline("Iran", by="published", order="newest")),
                           ("claims, newest first", lambda: g.claims(actor="Iran", limit=100, order="newest")),
                           ("links, evidence newest first", lambda: g.links("Iran", "al-Qaeda", evidence=3,
                                                                            order="newest")),
                           ("links, evidence oldest first", lambda: g.links("Iran", "al-Qaeda", evidence=3,
                                                                            order="oldest"))):
            before = set(seen)
            run()
            print(f"==================== {label}")
            for shape in seen:
                if shape in before:
                    continue
                statement, parameters = seen[shape]
                prefix = "EXPLAIN QUERY PLAN " if g.engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE "
                with g.engine.connect() as conn:
                    plan = conn.exec_driver_sql(prefix + statement, parameters).all()
                print(shape[:400] + (" …" if len(shape) > 400 else ""))
                for row in plan:
                    print("    " + (row[-1] if g.engine.dialect.name == "sqlite" else row[0]))
                print()


if __name__ == "__main__":
    main()
