"""A small news corpus with known claims, ingested through the real pipeline into a real
SQLite store: Iran is said to fund al-Qaeda by a court (a wire story, copied nearly word
for word by a second site), by investigators (a second publisher) and, hedged, by analysts
(a third); the Iranian foreign ministry says it did not (a negated claim) and Tehran
"has always denied any links" (a reported denial); the Revolutionary Guards (part of Iran's
forces) and Hezbollah arm or train al-Qaeda; IRGC ex-spokesman Said Qasemi speaks."""

from __future__ import annotations

from claimgraph.model import Document
from claimgraph.store import ClaimStore, Provenance

COURT = ("Iran funded al-Qaeda in 2010, a court in New York ruled on Tuesday. "
         "The judgment runs to more than two hundred pages and cites bank records, witness statements "
         "and intercepted letters. Lawyers for the families of the victims welcomed the decision and said "
         "they would now seek to collect damages from frozen assets held in several countries. "
         "The hearing lasted four days and drew a large crowd of reporters.")

CORPUS = [
    Document("gulf-1", COURT, published="2021-03-02", site="gulfdispatch.example",
             url="https://gulfdispatch.example/iran-court"),
    Document("wire-copy", COURT.replace("reporters.", "reporters on Tuesday."), published="2021-03-03",
             site="coastalherald.example", url="https://coastalherald.example/world/court"),
    Document("ledger-1", "The Revolutionary Guards supplied weapons to al-Qaeda, the documents show.",
             published="2019-06-10", site="theledger.example"),
    Document("ledger-2", "Iran funded al-Qaeda for a decade, the investigators said.",
             published="2020-01-15", site="theledger.example"),
    Document("denial", "Iran did not fund al-Qaeda, the Iranian foreign ministry said. "
                       "Tehran has always denied any links to the group.",
             published="2021-03-04", site="presstv.example"),
    Document("hedge", "Iran may have funded al-Qaeda, according to analysts.", published="2018-05-01",
             site="analysis.example"),
    Document("hezbollah", "Iran has funded Hezbollah for years, the US State Department said. "
                          "Hezbollah trained al-Qaeda fighters in Lebanon in 2015, according to a United Nations "
                          "report.", published="2016-02-01", site="beirutnews.example"),
    Document("spokesman", "IRGC ex-spokesman Said Qasemi said the Revolutionary Guards trained al-Qaeda "
                          "fighters in Bosnia.", published="2020-07-07", site="gulfdispatch.example"),
]


def build_corpus_store(extractor, db: str) -> str:
    """Extracts ``CORPUS`` with ``extractor`` and stores it in ``db`` (a path or a database
    URL); returns ``db``."""
    with ClaimStore.open(db) as store:
        run = store.start_run(["corpus"])
        for ex in extractor.extract_documents(CORPUS):
            store.add_extraction(ex, Provenance(source=f"corpus:{ex.document.id}"), run)
        store.finish_run(run)
    return db
