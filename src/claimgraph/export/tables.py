"""Claims as JSON lines (the claims contract, with publisher, publication date and URL
added) and as CSV, one row a claim."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from claimgraph.query.results import StoredClaim

CSV_FIELDS = ("claim_id", "doc_id", "event", "mode", "actor", "actor_id", "recipient", "recipient_id", "polarity",
              "certainty", "tense", "time_start", "time_end", "time_text", "source", "cue", "trigger", "evidence",
              "evidence_start", "evidence_end", "publisher", "published", "url", "confidence")


def write_jsonl(claims: Iterable[StoredClaim], path: str | Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for c in claims:
            fh.write(json.dumps(c.to_record(), ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(claims: Iterable[StoredClaim], path: str | Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for c in claims:
            writer.writerow(c.to_row())
            n += 1
    return n
