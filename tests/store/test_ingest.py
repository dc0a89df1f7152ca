"""``claimgraph ingest`` end to end, on SQLite and PostgreSQL: a corpus with every kind of
bad input is stored but for those, each reported with a reason naming it; a second run adds
nothing; two worker processes store what one does; a run killed with SIGKILL and run again
ends with every document stored once, each with all its claims."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from claimgraph.ingest.run import run_ingest
from claimgraph.model import Document
from claimgraph.store import ClaimStore, database_url
from claimgraph.store.schema import claims, documents, failures, ingest_runs

GOOD = {
    "a.txt": "Iran armed Hezbollah last year, officials said.\n",
    "b.txt": "Turkish troops shelled Kurdish fighters in Afrin on Tuesday.\n",
}
FRENCH = ("Le gouvernement français a annoncé mardi de nouvelles sanctions contre l'Iran, selon le ministère des "
          "Affaires étrangères.\n")


def _corpus(root: Path) -> Path:
    """A folder of good documents and one of each kind of bad input."""
    corpus = root / "corpus"
    (corpus / "wire").mkdir(parents=True)
    for name, body in GOOD.items():
        (corpus / name).write_text(body)
    (corpus / "fr.txt").write_text(FRENCH)
    (corpus / "copy.txt").write_text(GOOD["a.txt"])  # the same text under another name
    (corpus / "wire" / "feed.jsonl").write_text("\n".join([
        json.dumps({"id": "w1", "text": "Russia attacked Ukrainian forces in Donetsk, the ministry said.",
                    "published": "2022-03-01", "url": "https://wire.example/w1"}),
        '{"id": "w2", "text": "unterminated',
        json.dumps({"id": "w3", "html": "<html><body><article><p>Hamas fired rockets at Israel on Monday, the "
                                        "army said in a statement.</p></article></body></html>"}),
    ]) + "\n")
    (corpus / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "latin1.txt").write_bytes("Die Regierung in München hat gesagt.".encode("latin-1"))
    (corpus / "invalid.txt").write_bytes(b"Iran armed \xff\xfe Hezbollah.")
    (corpus / "broken.html").write_text('<html><head><title>t</title></head><body><div class="')
    with (corpus / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    return corpus


EXPECTED_FAILURES = {
    ("binary.txt", None): "binary file (NUL bytes), not text",
    ("broken.html", None): "no article text found in the HTML",
    ("empty.txt", None): "empty file",
    ("huge.txt", None): "file too large (52.4 MB > 21 MB limit; CLAIMGRAPH_MAX_BYTES)",
    ("invalid.txt", None): "not UTF-8 (byte 0xFF at offset 11): name its encoding with --encoding (e.g. cp1252), "
                           "or convert it to UTF-8",
    ("latin1.txt", None): "not UTF-8 (byte 0xFC at offset 18): name its encoding with --encoding (e.g. cp1252), "
                          "or convert it to UTF-8",
    ("wire/feed.jsonl", 2): "malformed JSON (Unterminated string starting at)",
    ("missing.txt", None): "cannot read: No such file or directory",
}


def _rows(store: ClaimStore, *columns, where=()):
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*columns).where(*where).order_by(*columns))]


def test_a_corpus_with_bad_inputs_is_stored_but_for_them(store: ClaimStore, tmp_path: Path, extractor) -> None:
    corpus = _corpus(tmp_path)
    notes: list[str] = []
    listener = _Notes(notes)
    report = run_ingest(store, [str(corpus), str(tmp_path / "missing.txt")], extract=extractor.extract_documents,
                        listener=listener)
    assert not report.ok
    got = {(os.path.relpath(f.path, corpus), f.line): f.reason for f in report.failures}
    assert got == {**{k: v for k, v in EXPECTED_FAILURES.items() if k[0] != "missing.txt"},
                   ("../missing.txt", None): EXPECTED_FAILURES[("missing.txt", None)]}
    # each failure was said on one line naming its input
    for f in report.failures:
        assert str(f) in notes and str(f).startswith(f.path)
    stored = _rows(store, documents.c.doc_id, documents.c.status, documents.c.language)
    assert stored == sorted([
        (str(corpus / "a.txt"), "extracted", "en"), (str(corpus / "b.txt"), "extracted", "en"),
        (str(corpus / "fr.txt"), "not_extracted", "fr"), ("w1", "extracted", "en"), ("w3", "extracted", "en")])
    assert report.not_extracted == [(str(corpus / "fr.txt"), "language fr (1.00); extraction reads English")]
    assert f"{corpus / 'fr.txt'}: stored without extraction: language fr (1.00); extraction reads English" in notes
    run = report.run
    assert (run["status"], run["documents"], run["not_extracted"], run["duplicates"], run["failures"]) == (
        "finished", 5, 1, 1, len(EXPECTED_FAILURES))
    assert run["claims"] == _rows(store, func.count(claims.c.id))[0][0] > 0
    assert _rows(store, documents.c.published, documents.c.url, where=[documents.c.doc_id == "w1"]) == [
        ("2022-03-01", "https://wire.example/w1")]
    assert listener.done == 5 + 1 + len(EXPECTED_FAILURES)

    again = run_ingest(store, [str(corpus), str(tmp_path / "missing.txt")], extract=extractor.extract_documents)
    assert (again.run["documents"], again.run["claims"], again.run["duplicates"]) == (0, 0, 6)
    assert len(_rows(store, documents.c.id)) == 5
    assert len(_rows(store, failures.c.id)) == len(EXPECTED_FAILURES)
    assert {r["times"] for r in store.failures()} == {2}


class _Notes:
    def __init__(self, notes: list[str]) -> None:
        self.notes = notes
        self.done = 0
        self.expected = 0

    def expect(self, n: int) -> None:
        self.expected += n

    def handled(self, what: str, claims: int = 0) -> None:
        self.done += 1

    def note(self, message: str) -> None:
        self.notes.append(message)


def test_two_workers_store_what_one_does(db: str, tmp_path: Path, extractor) -> None:
    corpus = tmp_path / "corpus.jsonl"
    texts = [
        "Iran armed Hezbollah last year, officials said.",
        "Turkish troops shelled Kurdish fighters in Afrin on Tuesday.",
        "Russia attacked Ukrainian forces in Donetsk, the ministry said.",
        "The IRGC ex-spokesman Said Qasemi announced that Tehran sends agents to Bosnia to train members of "
        "al-Qaeda.",
        "Hamas fired rockets at Israel on Monday, the army said.",
    ]
    corpus.write_text("".join(json.dumps({"id": f"d{n}", "text": t}) + "\n" for n, t in enumerate(texts * 8)
                              if n < len(texts) or n % 7 == 0))
    with ClaimStore.open(db) as store:
        report = run_ingest(store, [str(corpus)], workers=2)
        assert report.ok and report.run["documents"] == len(texts) and report.run["workers"] == 2
        for n, t in enumerate(texts):
            expected = next(extractor.extract_documents([Document(f"d{n}", t)])).records("all")
            assert store.records(f"d{n}") == expected


def _kill_corpus(path: Path, n: int = 150) -> list[str]:
    actors = ["Iran", "Russia", "Turkey", "Israel", "Hamas", "Syria", "Egypt", "China", "Iraq", "Saudi Arabia"]
    verbs = ["attacked", "criticized", "threatened", "accused", "sanctioned"]
    texts = [f"{a} {v} {t} on Monday, officials said." for a in actors for v in verbs for t in actors if a != t]
    texts = texts[:n]
    path.write_text("".join(json.dumps({"id": f"k{i:03d}", "text": t}) + "\n" for i, t in enumerate(texts)))
    return texts


def test_a_killed_run_resumes_and_stores_each_document_once(db: str, tmp_path: Path, extractor) -> None:
    corpus = tmp_path / "corpus.jsonl"
    texts = _kill_corpus(corpus)
    engine = create_engine(database_url(db))
    with ClaimStore.open(db):
        pass  # the schema exists before the child starts, so it can be polled
    child = subprocess.Popen([sys.executable, "-c", "from claimgraph.cli import main; main()",
                              "--db", db, "ingest", str(corpus)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "200"})
    deadline = time.monotonic() + 120
    stored_at_kill = 0
    while time.monotonic() < deadline and child.poll() is None:
        with engine.connect() as conn:
            stored_at_kill = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        if stored_at_kill:
            child.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    child.wait()
    child.stderr.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    with engine.connect() as conn:
        stored_at_kill = conn.execute(select(func.count()).select_from(documents)).scalar_one()
    assert 0 < stored_at_kill < len(texts)

    with ClaimStore.open(db) as store:
        report = run_ingest(store, [str(corpus)], extract=extractor.extract_documents)
        assert report.ok and report.run["documents"] == len(texts) - stored_at_kill
        assert report.run["duplicates"] == stored_at_kill
        ids = [r[0] for r in _rows(store, documents.c.doc_id)]
        assert ids == [f"k{i:03d}" for i in range(len(texts))]
        statuses = [r[0] for r in _rows(store, ingest_runs.c.status)]
        assert sorted(statuses) == ["finished", "interrupted"]
        # every document has all its claims: none was cut short by the kill
        with store.engine.connect() as conn:
            per_doc = dict(conn.execute(select(documents.c.doc_id, func.count(claims.c.id))
                                        .join(claims, claims.c.document_id == documents.c.id, isouter=True)
                                        .group_by(documents.c.doc_id)).all())
        expected = {r.document.id: len({c.claim_id for c in r.claims}) for r in extractor.extract_documents(
            Document(f"k{i:03d}", t) for i, t in enumerate(texts))}
        assert per_doc == expected
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()
