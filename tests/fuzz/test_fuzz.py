"""Fuzzing: generated hostile inputs through what ``extract`` and ``ingest`` do.

- A seeded generator (``hostile.py``) writes 2,000 files of every kind, good, bad and damaged
  (CLAIMGRAPH_FUZZ_N changes the number; ``bench/fuzz_inputs.py`` runs 20,000 with figures).
  Read as ``extract`` reads them and extracted, then ingested into a SQLite store: nothing
  raises, every file yields documents or failures with a reason, every good input is
  extracted and stored, every failure is listed by the store, and the store is intact.
- Hypothesis builds JSON records with fields of any JSON type (and strings with NUL
  characters and lone surrogates), and texts of any characters, for the reader and for
  ``extract_document``."""

from __future__ import annotations

import json
import os
import sqlite3
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph import extract_document
from claimgraph.ingest.readers import InputFailure
from claimgraph.ingest.run import run_ingest
from claimgraph.ingest.sources import Found, Sources
from claimgraph.model import Document
from claimgraph.store import ClaimStore

from .hostile import FUZZ_LIMITS, write

N = int(os.environ.get("CLAIMGRAPH_FUZZ_N", "2000"))
EXAMPLES = int(os.environ.get("CLAIMGRAPH_FUZZ_EXAMPLES", "100"))
SEED = 13


def test_generated_inputs_through_extract_and_ingest(tmp_path: Path, extractor, monkeypatch) -> None:
    for name, value in FUZZ_LIMITS.items():
        monkeypatch.setenv(name, value)
    folder = tmp_path / "in"
    cases = {str(folder / c.name): c for c in write(folder, SEED, N)}
    docs: dict[str, list[Document]] = defaultdict(list)
    failed: dict[str, list[InputFailure]] = defaultdict(list)
    sources = Sources(guess=True)  # as extract reads
    for item in sources.read([str(folder)]):
        if isinstance(item, Found):
            docs[item.source].append(item.document)
        else:
            assert isinstance(item, InputFailure) and item.reason and "\n" not in item.reason
            failed[item.path].append(item)
    assert set(docs) | set(failed) == set(cases), "every input yields documents or a failure"
    for path, case in cases.items():
        if case.good is not None:
            assert len(docs[path]) == case.good, (case.kind, failed[path])
            assert case.good or failed[path], f"{case.kind}: yields nothing and says nothing"
    everything = [d for path in cases for d in docs[path]]
    results = list(extractor.extract_documents(everything))
    assert [r.document.id for r in results] == [d.id for d in everything]
    good_ids = {d.id for path, c in cases.items() if c.good for d in docs[path]}
    errors = [(r.document.id, r.error) for r in results if r.error is not None]
    assert not [e for e in errors if e[0] in good_ids], errors

    # ingest stores what was extracted above (extracted once: the same extractor, the same texts)
    done = {(r.document.id, r.document.text): r for r in results}

    def extract_again(documents):
        for d in documents:
            known = done.get((d.id, d.text))
            yield replace(known, document=d) if known is not None else next(extractor.extract_documents([d]))

    db = str(tmp_path / "claims.db")
    with ClaimStore.open(db) as store:
        report = run_ingest(store, [str(folder)], extract=extract_again)
        assert report.run["status"] == "finished"
        listed = {(f["source"], f["line"] or None, f["reason"]) for f in store.failures()}
        assert {(f.path, f.line, f.reason) for f in report.failures} <= listed
        for path, case in cases.items():
            if case.good:  # ingest reads without guessing encodings; the good inputs are UTF-8 or say what they are
                for d in docs[path]:
                    assert store.has_content(d.content_hash), (case.kind, d.id)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _json_values(strings: st.SearchStrategy[str]) -> st.SearchStrategy[object]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | strings
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(strings, inner, max_size=3), max_leaves=6)


# any characters, lone surrogates and NUL included
ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=300)
PROSE = st.lists(st.sampled_from(["Iran", "armed", "Hezbollah", "said", "the", "army", ".", ",", "\n", "\n\n",
                                  "attacked", "Russia", "on Monday", "\"", "officials"]), max_size=80).map(" ".join)
FIELD = _json_values(ANY_TEXT)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(record=st.fixed_dictionaries({}, optional={"id": FIELD, "text": PROSE | FIELD, "html": FIELD, "url": FIELD,
                                                   "title": FIELD, "site": FIELD, "author": FIELD,
                                                   "published": FIELD, "date": FIELD}))
def test_any_json_record_is_read_or_refused_with_a_reason(tmp_path: Path, extractor, record: dict) -> None:
    corpus = tmp_path / "r.jsonl"
    corpus.write_text(json.dumps(record) + "\n")  # ensure_ascii: surrogates travel as \ud800
    (item,) = Sources().read([str(corpus)])
    if isinstance(item, InputFailure):
        assert item.reason and "\n" not in item.reason and item.line == 1
        return
    doc = item.document
    for value in (doc.id, doc.text, doc.url, doc.title, doc.site, doc.author, doc.published):
        assert value is None or (isinstance(value, str) and "\x00" not in value)
        if value is not None:
            value.encode("utf-8")  # storable: no lone surrogate
    (result,) = extractor.extract_documents([doc])
    assert result.error is None, result.error


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(text=PROSE | ANY_TEXT, published=st.none() | st.text(max_size=12))
def test_extract_document_takes_any_text(text: str, published: str | None) -> None:
    result = extract_document(Document("fuzz", text, published=published))
    assert result.error is None, result.error
    for c in result.claims:
        assert text[c.evidence.start:c.evidence.end] == c.evidence.text
