"""ClaimStore on SQLite and PostgreSQL alike: a document and its records go in and come back
as the same contract records; the same text twice is stored once; a copy of a story is
linked to the first; a write that fails leaves nothing behind; failures and runs are kept."""

from __future__ import annotations

import socket
import subprocess
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from claimgraph.model import Document, Extraction, Span
from claimgraph.store import ClaimStore, Provenance, StoreError
from claimgraph.store.schema import (
    claim_entities,
    claims,
    document_bands,
    documents,
    entity_aliases,
    ingest_runs,
    mentions,
)

TEXT = ("Iran armed Hezbollah last year, officials said. "
        "Turkish troops shelled Kurdish fighters in Afrin on Tuesday. "
        "Russia attacked Ukrainian forces in Donetsk, the ministry said. "
        "The IRGC ex-spokesman Said Qasemi announced that Tehran sends agents to Bosnia to train members "
        "of al-Qaeda.")

STORY = (
    "The United Nations Security Council voted on Thursday to extend the peacekeeping mission in South Sudan "
    "for another year, after weeks of negotiations between Washington and Beijing over the size of the force. "
    "Diplomats said the compromise keeps the number of troops at seventeen thousand but adds a new mandate to "
    "protect aid convoys travelling between Juba and the northern provinces. The government in Juba welcomed the "
    "vote, while opposition leaders accused the council of ignoring attacks on civilians in Upper Nile. Aid "
    "agencies have warned that more than seven million people face severe hunger this year, and that fighting "
    "along the main roads has cut off markets in several districts.")
COPY = ("JUBA (Reuters) - " + STORY.replace("on Thursday", "late on Thursday")
        + " The mission was first deployed in 2011.")
OTHER = (
    "Farmers in northern France blocked motorways around Paris for a third day on Wednesday, demanding lower fuel "
    "taxes and fewer environmental rules. Police cleared two of the blockades overnight, and the agriculture "
    "minister promised to meet union leaders before the end of the week to discuss subsidies and import quotas.")


@pytest.fixture(scope="module")
def extraction(extractor) -> Extraction:
    return next(extractor.extract_documents([Document("news-1", TEXT, published="2019-05-12",
                                                      title="Round-up", url="https://example.org/a", site="example.org",
                                                      author="A. Writer")]))


def _count(store: ClaimStore, table, *where) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def test_records_come_back_as_extracted(store: ClaimStore, extraction: Extraction) -> None:
    kinds = {r["kind"] for r in extraction.records("all")}
    assert kinds == {"claim", "attribution", "affiliation"}, "the text must exercise every record kind"
    assert any(c.location for c in extraction.claims) and any(c.attribution for c in extraction.claims)
    run = store.start_run(["news.txt"])
    stored = store.add_extraction(extraction, Provenance("news.txt", language_score=0.99), run)
    assert stored is not None and stored.claims == len(extraction.claims)
    assert store.records("news-1") == extraction.records("all")
    with store.engine.connect() as conn:
        doc = conn.execute(select(documents).where(documents.c.doc_id == "news-1")).mappings().one()
    assert (doc["text"], doc["title"], doc["url"], doc["site"], doc["author"], doc["published"]) == (
        TEXT, "Round-up", "https://example.org/a", "example.org", "A. Writer", "2019-05-12")
    assert doc["content_hash"] == extraction.document.content_hash
    assert doc["source"] == "news.txt" and doc["status"] == "extracted" and doc["run_id"] == run
    assert doc["ingested_at"] is not None and doc["extractor_version"]
    # evidence is stored as offsets into the stored text
    for c in extraction.claims:
        assert doc["text"][c.evidence.start:c.evidence.end] == c.evidence.text
    with store.engine.connect() as conn:
        aliases = set(conn.execute(select(entity_aliases.c.alias)
                                   .where(entity_aliases.c.entity_id == "iran")).scalars())
    assert {"Iran", "Tehran"} <= aliases
    finished = store.finish_run(run)
    assert (finished["status"], finished["documents"], finished["claims"], finished["attributions"],
            finished["affiliations"]) == ("finished", 1, len(extraction.claims), len(extraction.attributions),
                                          len(extraction.affiliations))
    assert finished["finished_at"].tzinfo is not None


def test_a_pronoun_is_no_alias_of_the_actor_it_stands_for(store: ClaimStore, extractor) -> None:
    text = "Vladimir Putin arrived in Ankara on Monday. He praised Turkey for its help."
    ex = next(extractor.extract_documents([Document("putin-1", text)]))
    assert any(e.text == "He" and e.id == "vladimir-putin" for c in ex.claims for e in c.actor)
    store.add_extraction(ex, Provenance("putin.txt"), store.start_run(["putin.txt"]))
    with store.engine.connect() as conn:
        aliases = set(conn.execute(select(entity_aliases.c.alias)
                                   .where(entity_aliases.c.entity_id == "vladimir-putin")).scalars())
    assert aliases == {"Vladimir Putin"}


def test_the_same_text_is_stored_once(store: ClaimStore, extraction: Extraction) -> None:
    run = store.start_run(["a", "b"])
    assert store.add_extraction(extraction, Provenance("a.txt"), run) is not None
    renamed = Extraction(replace(extraction.document, id="news-1-again"), extraction.claims)
    assert store.add_extraction(renamed, Provenance("b.txt"), run) is None
    assert store.has_content(extraction.document.content_hash)
    assert store.has_url("https://example.org/a") and not store.has_url("https://example.org/b")
    assert _count(store, documents) == 1
    assert store.finish_run(run)["duplicates"] == 1


def test_a_copy_of_a_story_is_linked_to_the_first(store: ClaimStore) -> None:
    run = store.start_run(["wire"])
    first = store.add_extraction(Extraction(Document("site-a", STORY, site="a.example")), Provenance("a"), run)
    other = store.add_extraction(Extraction(Document("site-c", OTHER, site="c.example")), Provenance("c"), run)
    copy = store.add_extraction(Extraction(Document("site-b", COPY, site="b.example")), Provenance("b"), run)
    assert first is not None and other is not None and copy is not None
    assert first.near_duplicate_of is None and other.near_duplicate_of is None
    assert copy.near_duplicate_of == first.id and copy.similarity is not None and copy.similarity >= 0.5
    stats = store.stats()
    assert stats["documents"]["near_duplicates"] == 1 and stats["documents"]["stories"] == 2
    assert store.finish_run(run)["near_duplicates"] == 1


def test_a_failed_write_leaves_nothing(store: ClaimStore, extraction: Extraction) -> None:
    run = store.start_run(["x"])
    # a claim the database refuses (NOT NULL), written after the document and its mentions
    broken = Extraction(extraction.document, [replace(extraction.claims[0], polarity=None)])  # type: ignore[arg-type]
    with pytest.raises(IntegrityError):
        store.add_extraction(broken, Provenance("x.txt"), run)
    assert (_count(store, documents), _count(store, mentions), _count(store, document_bands)) == (0, 0, 0)
    # offsets that do not index the text are refused before anything is written
    shifted = replace(extraction.claims[0], evidence=Span("not in the text", 0, 15))
    with pytest.raises(StoreError):
        store.add_extraction(Extraction(extraction.document, [shifted]), Provenance("x.txt"), run)
    assert _count(store, documents) == 0
    # the same document, whole, is then stored with all its records
    assert store.add_extraction(extraction, Provenance("x.txt"), run) is not None
    assert _count(store, claims) == len(extraction.claims)
    assert _count(store, claim_entities) >= 2 * len(extraction.claims)


def test_a_document_can_be_stored_without_extraction(store: ClaimStore) -> None:
    run = store.start_run(["fr.txt"])
    doc = Document("fr.txt", "Le gouvernement a annoncé de nouvelles sanctions.", language="fr")
    stored = store.add_extraction(Extraction(doc), Provenance("fr.txt", language_score=1.0), run,
                                  skip_reason="language fr (1.00); extraction reads English")
    assert stored is not None and stored.claims == 0
    with store.engine.connect() as conn:
        row = conn.execute(select(documents.c.status, documents.c.language, documents.c.skip_reason)).one()
    assert tuple(row) == ("not_extracted", "fr", "language fr (1.00); extraction reads English")
    stats = store.stats()
    assert stats["documents"]["not_extracted"] == 1 and stats["documents"]["languages"] == {"fr": 1}


def test_failures_are_kept_once_per_input_and_resolved_when_read(store: ClaimStore) -> None:
    run = store.start_run(["corpus"])
    store.add_failure("corpus/a.jsonl", "malformed JSON (Expecting value)", run, line=3)
    store.add_failure("corpus/b.txt", "empty file", run)
    later = store.start_run(["corpus"])
    store.add_failure("corpus/b.txt", "empty file", later)
    rows = store.failures()
    assert [(r["source"], r["line"], r["reason"], r["times"]) for r in rows] == [
        ("corpus/b.txt", None, "empty file", 2), ("corpus/a.jsonl", 3, "malformed JSON (Expecting value)", 1)]
    assert [r["source"] for r in store.failures(run_id=run)] == ["corpus/a.jsonl"]
    # the file was fixed: the next run reads it, and its failure is resolved
    store.add_extraction(Extraction(Document("corpus/b.txt", "Iran armed Hezbollah.")), Provenance("corpus/b.txt"),
                         later)
    assert [r["source"] for r in store.failures()] == ["corpus/a.jsonl"]
    assert {r["source"] for r in store.failures(include_resolved=True)} == {"corpus/a.jsonl", "corpus/b.txt"}
    assert store.finish_run(later)["failures"] == 1
    assert store.stats()["failures"] == {"open": 1, "resolved": 1}


def test_runs_whose_process_died_are_marked_interrupted(store: ClaimStore) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    with store.engine.begin() as conn:
        conn.execute(insert(ingest_runs).values(
            started_at=datetime.now(UTC), status="running", inputs=["x"], workers=1, version="0",
            host=socket.gethostname(), pid=dead.pid, documents=0, duplicates=0, near_duplicates=0,
            not_extracted=0, failures=0, claims=0, attributions=0, affiliations=0))
    store.start_run(["y"])
    with store.engine.connect() as conn:
        statuses = list(conn.execute(select(ingest_runs.c.status).order_by(ingest_runs.c.id)).scalars())
    assert statuses == ["interrupted", "running"]


def test_stats_count_what_is_stored(store: ClaimStore, extraction: Extraction) -> None:
    run = store.start_run(["news.txt"])
    store.add_extraction(extraction, Provenance("news.txt"), run)
    store.finish_run(run)
    stats = store.stats(top=3)
    assert stats["documents"]["total"] == 1 and stats["documents"]["extracted"] == 1
    assert stats["claims"]["total"] == len(extraction.claims)
    by_event: dict[str, int] = {}
    for c in extraction.claims:
        by_event[c.event] = by_event.get(c.event, 0) + 1
    assert stats["claims"]["by_event"] == by_event
    assert stats["attributions"] == len(extraction.attributions)
    assert stats["affiliations"] == len(extraction.affiliations)
    top = stats["actors"]["top"]
    assert len(top) == 3 and top[0]["id"] == "iran" and top[0]["claims"] == sum(
        1 for c in extraction.claims if any(e.id == "iran" for e in (*c.actor, *c.recipient)))
    assert stats["sources"]["top"] == [{"site": "example.org", "documents": 1, "stories": 1}]
    assert stats["runs"]["total"] == 1 and stats["runs"]["last"]["status"] == "finished"
