"""Conflict and protest reports in the wire style of ACLED-derived sets: 128 sentences
written for this project (conflict_reports.tsv, CASE 2021 task 2 format), each labelled with
the ACLED sub-event class it reports.  Each class stands for one PLOVER type
(claimgraph.eval.scoring.CASE_CLASSES); a sentence counts when extraction yields a claim
of that type.  The floor below guards the constructions of this genre as a whole (battles,
shelling, bombs, abductions, riots, arrests, seizures, territory taken); the misses are
listed in the failure message."""

from __future__ import annotations

import csv
from pathlib import Path

from claimgraph.eval.scoring import CASE_CLASSES

REPORTS = Path(__file__).resolve().parent / "conflict_reports.tsv"
FLOOR = 0.80


def test_conflict_reports_get_the_type_their_class_stands_for(extractor):
    with REPORTS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) == 128
    misses = []
    for row in rows:
        want = CASE_CLASSES[row["SubType"]]
        got = {c.event for c in extractor.extract(row["EventSnippet"], doc_id=row["id"]).claims}
        if want not in got:
            misses.append(f"{row['SubType']} wants {want}, got {sorted(got)}: {row['EventSnippet'][:70]}")
    share = 1 - len(misses) / len(rows)
    assert share >= FLOOR, f"{share:.2f} < {FLOOR}:\n" + "\n".join(misses)
