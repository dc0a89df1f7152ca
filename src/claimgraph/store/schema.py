"""The claim store's tables, declared once with SQLAlchemy Core.  The same declaration
serves SQLite and PostgreSQL; migrations (``store/migrations``) create and evolve it, and
docs/schema.md describes it table by table.

Records of the claims contract are split into rows: a claim's actors, recipients,
location and source are rows of ``claim_entities`` that point at ``mentions`` (a stretch
of a document's text resolved to an ``entities`` row).  Offsets index ``documents.text``,
so evidence, content and trigger texts are the stored text's own slices."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Constraint names are fixed so that migrations can refer to them on both backends.
metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    # running, finished, interrupted (the process died), failed (an error stopped it)
    Column("status", String(16), nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("workers", Integer, nullable=False),
    Column("version", String(32), nullable=False),
    Column("host", Text, nullable=False),
    Column("pid", Integer, nullable=False),
    Column("error", Text),
    Column("documents", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("near_duplicates", Integer, nullable=False, default=0),
    Column("not_extracted", Integer, nullable=False, default=0),
    Column("failures", Integer, nullable=False, default=0),
    Column("claims", Integer, nullable=False, default=0),
    Column("attributions", Integer, nullable=False, default=0),
    Column("affiliations", Integer, nullable=False, default=0),
)

fetched_pages = Table(
    "fetched_pages", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("final_url", Text, nullable=False),
    Column("status", SmallInteger, nullable=False),
    Column("headers", JSON, nullable=False),
    Column("redirects", JSON, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("body_hash", String(64), nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("url", "body_hash"),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", Text, nullable=False, index=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("title", Text),
    Column("url", Text, index=True),
    Column("site", Text, index=True),
    Column("author", Text),
    Column("published", Text),
    Column("language", String(16)),
    Column("language_score", Float),
    # extracted, or not_extracted with the reason in skip_reason (a language other than English)
    Column("status", String(16), nullable=False),
    Column("skip_reason", Text),
    Column("source", Text, nullable=False, index=True),
    Column("source_line", Integer),
    Column("fetched_page_id", ForeignKey("fetched_pages.id")),
    # the first stored document of the same story; null for a first or only copy
    Column("near_duplicate_of", ForeignKey("documents.id"), index=True),
    Column("similarity", Float),
    Column("minhash", LargeBinary),
    Column("extractor_version", String(32)),
    Column("run_id", ForeignKey("ingest_runs.id"), nullable=False, index=True),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

document_bands = Table(
    "document_bands", metadata,
    Column("band", SmallInteger, primary_key=True),
    Column("bucket", BigInteger, primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)

entities = Table(
    "entities", metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("country", String(3)),
    Column("sector", String(8)),
)

entity_aliases = Table(
    "entity_aliases", metadata,
    Column("entity_id", ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", Text, primary_key=True),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", ForeignKey("entities.id"), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    # the type as resolved here: a state acted upon as a place is a location in that claim
    Column("type", String(32), nullable=False),
    UniqueConstraint("document_id", "start", "end", "entity_id", "type"),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("claim_id", String(32), nullable=False),
    Column("event", String(16), nullable=False, index=True),
    Column("mode", String(32)),
    Column("context", JSON, nullable=False),
    Column("polarity", String(16), nullable=False),
    Column("certainty", String(16), nullable=False),
    Column("tense", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    # the attribution cue; its source is the claim_entities row of role 'source'
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("time_text", Text),
    Column("time_start", String(32)),
    Column("time_end", String(32)),
    Column("time_offset_start", Integer),
    Column("time_offset_end", Integer),
    # the verdict of the claim's review (confirmed, rejected, corrected), null when unreviewed;
    # a rejected claim is left out of the summaries
    Column("review", String(16)),
    Column("review_id", Integer),
    UniqueConstraint("document_id", "claim_id"),
)

claim_entities = Table(
    "claim_entities", metadata,
    Column("claim_id", ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    # actor, recipient, location or source
    Column("role", String(16), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("mention_id", ForeignKey("mentions.id"), nullable=False, index=True),
)

attributions = Table(
    "attributions", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    # a source resolved to an actor is a mention; one that is not is kept as a bare span
    Column("source_mention_id", ForeignKey("mentions.id")),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("cue_text", Text, nullable=False),
    Column("cue_start", Integer, nullable=False),
    Column("cue_end", Integer, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
)

affiliations = Table(
    "affiliations", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("person_mention_id", ForeignKey("mentions.id"), nullable=False),
    Column("organization_mention_id", ForeignKey("mentions.id"), nullable=False),
    Column("role", Text, nullable=False),
    Column("former", Boolean, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("source", Text, nullable=False),
    # 0 for a whole input; the line number for one line of a JSON lines file
    Column("line", Integer, nullable=False, default=0),
    Column("reason", Text, nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("times", Integer, nullable=False, default=1),
    Column("run_id", ForeignKey("ingest_runs.id"), nullable=False, index=True),
    # set when a later run read the same input successfully
    Column("resolved_at", DateTime(timezone=True)),
    UniqueConstraint("source", "line"),
)

# A person's verdict on an extracted claim.  Keyed by what survives storing the same text
# again and extracting it again (the document's text hash, the evidence and trigger offsets,
# and the actors and recipients as extracted), never by row ids: a document stored anew gets
# its reviews applied to its new claims (store/reviews.py).
reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("doc_id", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    # actor ids, then recipient ids, as extracted: "iran>al-qaeda", "iran,syria>"
    Column("parties", Text, nullable=False),
    # confirmed, rejected or corrected
    Column("verdict", String(16), nullable=False),
    # the corrected fields (event, mode, actor, recipient, asserted_by, polarity); {} otherwise
    Column("changes", JSON, nullable=False),
    # the claim as extracted (the claims contract record)
    Column("original", JSON, nullable=False),
    Column("reviewer", Text, nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
    UniqueConstraint("content_hash", "evidence_start", "evidence_end", "trigger_start", "trigger_end", "parties",
                     name="uq_reviews_key"),
)

Index("ix_claims_document_id", claims.c.document_id)
Index("ix_claims_review", claims.c.review)
Index("ix_mentions_document_id", mentions.c.document_id)

# ---------------------------------------------------------------------------- summaries
# Kept by ``store/summaries.py`` in the transaction that writes or deletes a document, so
# that queries read an edge's figures in one row and page through its evidence by index,
# whatever the number of claims behind it.

EDGE_KEY = ("source_id", "target_id", "event", "mutual")


def _edge_key() -> list[Column]:
    return [Column("source_id", Text, primary_key=True), Column("target_id", Text, primary_key=True),
            Column("event", String(16), primary_key=True),
            # a mutual edge (co-actors) is stored once, source_id < target_id
            Column("mutual", Boolean, primary_key=True)]


edge_summaries = Table(
    "edge_summaries", metadata,
    *_edge_key(),
    Column("claims", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("negated", Integer, nullable=False),
    Column("hedged", Integer, nullable=False),
    # affirmed claims by certainty (the certainty part of the strength)
    Column("certain", Integer, nullable=False),
    Column("probable", Integer, nullable=False),
    Column("possible", Integer, nullable=False),
    # independent sources: publishers of the stories of the claims, and of the affirmed ones
    Column("sources", Integer, nullable=False),
    Column("affirmed_sources", Integer, nullable=False),
    Column("earliest", Text),
    Column("latest", Text),
    Column("strength", Float, nullable=False),
    # claims of the edge both affirmed and negated (not mutual, two different actors): a
    # 'negated' contradiction, found by index (ix_edge_summaries_*_contradicted)
    Column("contradicted", Boolean, nullable=False, default=False),
)

edge_claims = Table(
    "edge_claims", metadata,
    *_edge_key(),
    Column("claim_id", ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("negated", Boolean, nullable=False),
    # certainty as evidence is ordered: 0 certain, 1 probable, 2 possible
    Column("rank", SmallInteger, nullable=False),
    # '' when unknown, so that newest-first puts it last on both backends
    Column("published", Text, nullable=False),
    # the date the claim refers to, else its publication date (timelines)
    Column("date", Text),
)

# (edge, kind, name) -> claims: kind 'publisher', 'speaker' and 'story' (the publisher of
# a claim's story) count the edge's claims, 'affirmed_story' its affirmed claims: the
# independent sources are the names of the last two kinds
edge_reporters = Table(
    "edge_reporters", metadata,
    *_edge_key(),
    Column("kind", String(16), primary_key=True),
    Column("name", Text, primary_key=True),
    Column("claims", Integer, nullable=False),
)

# claims in which an actor takes a role (actor, recipient, source, location, and 'either':
# actor or recipient), by event type
actor_claims = Table(
    "actor_claims", metadata,
    Column("entity_id", Text, primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("event", String(16), primary_key=True),
    Column("claims", Integer, nullable=False),
)

# documents in which an actor takes part in a claim, by publisher
actor_publishers = Table(
    "actor_publishers", metadata,
    Column("entity_id", Text, primary_key=True),
    Column("publisher", Text, primary_key=True),
    Column("documents", Integer, nullable=False),
)

# actor -> other actor: claims of the edges joining them, by direction: 'out' (the actor
# acts on the other), 'in' (the other on it), 'both' (any edge, co-actors too), and
# 'affirmed' (any edge, the claims that are not negated: what a denial contradicts)
actor_pairs = Table(
    "actor_pairs", metadata,
    Column("entity_id", Text, primary_key=True),
    Column("direction", String(8), primary_key=True),
    Column("other_id", Text, primary_key=True),
    Column("claims", Integer, nullable=False),
)

# an actor's claims in date order: one row per actor, role ('actor', 'recipient', or
# 'either': one of the two, a claim once) and claim, so that a page of an actor's timeline
# or claims is read from an index range, not sorted out of all its claims
actor_timeline = Table(
    "actor_timeline", metadata,
    Column("claim_id", ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("entity_id", Text, primary_key=True),
    Column("event", String(16), nullable=False),
    # the date referred to, else the publication date; undated when neither is known (last)
    Column("undated", Boolean, nullable=False),
    Column("date", Text),
    # the publication date, '' when unknown (unpublished: last when ordered by it)
    Column("unpublished", Boolean, nullable=False),
    Column("published", Text, nullable=False),
)

# claims naming an actor (as actor or recipient) by month of their date (referred to, else
# published): the chart of its activity
actor_months = Table(
    "actor_months", metadata,
    Column("entity_id", Text, primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("claims", Integer, nullable=False),
)

# denials (query/denials.yaml) between two actors: a claim whose trigger is one (kind
# 'claim': its actor denies, ref_id the claim's row id) or a reported statement whose cue is
# one, naming the other near the cue (kind 'said': the speaker as stored, ref_id the
# attribution's row id); the contradictions query reads a page of them by pair
denials = Table(
    "denials", metadata,
    Column("denier_id", Text, primary_key=True),
    Column("other_id", Text, primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("ref_id", Integer, primary_key=True),
)

# denials by pair and kind, counted: 'claim' and 'said' as in ``denials``, and 'affirmed'
# (the denial claims that are not negated, which edges count among the affirmed)
denial_pairs = Table(
    "denial_pairs", metadata,
    Column("denier_id", Text, primary_key=True),
    Column("other_id", Text, primary_key=True),
    Column("kind", String(8), primary_key=True),
    Column("refs", Integer, nullable=False),
)

# the trigger texts of claims and the cue texts of attributions in use, with how many use
# them: a query for some words (denials) finds them here, then their rows by index
words = Table(
    "words", metadata,
    Column("kind", String(16), primary_key=True),  # trigger or cue
    Column("text", Text, primary_key=True),
    Column("uses", Integer, nullable=False),
)

# Chosen from the query plans (docs/schema.md): the first page of an edge's evidence is
# read in index order, without sorting the edge's claims
Index("ix_edge_claims_evidence", edge_claims.c.source_id, edge_claims.c.target_id, edge_claims.c.event,
      edge_claims.c.mutual, edge_claims.c.negated, edge_claims.c.rank, edge_claims.c.published.desc(),
      edge_claims.c.claim_id)
# a page of a pair's timeline in date order, one index range each way
Index("ix_edge_claims_pair_date", edge_claims.c.source_id, edge_claims.c.target_id, edge_claims.c.date,
      edge_claims.c.published, edge_claims.c.claim_id)
# an edge's evidence by date (newest or oldest first), and a pair's timeline by publication
# date, one index range each way
Index("ix_edge_claims_edge_date", edge_claims.c.source_id, edge_claims.c.target_id, edge_claims.c.event,
      edge_claims.c.mutual, edge_claims.c.date, edge_claims.c.published, edge_claims.c.claim_id)
Index("ix_edge_claims_pair_published", edge_claims.c.source_id, edge_claims.c.target_id, edge_claims.c.published,
      edge_claims.c.claim_id)
Index("ix_edge_claims_claim_id", edge_claims.c.claim_id)
# a page of an actor's claims in either date order (the key, led by claim_id, serves deletes)
Index("ix_actor_timeline_refers", actor_timeline.c.entity_id, actor_timeline.c.role, actor_timeline.c.undated,
      actor_timeline.c.date, actor_timeline.c.published, actor_timeline.c.claim_id)
Index("ix_actor_timeline_published", actor_timeline.c.entity_id, actor_timeline.c.role,
      actor_timeline.c.unpublished, actor_timeline.c.published, actor_timeline.c.claim_id)
# an actor's edges where it is the target (the key serves the source), and its 'negated'
# contradictions, counted and paged from the index at either end
Index("ix_edge_summaries_source_contradicted", edge_summaries.c.source_id, edge_summaries.c.contradicted,
      edge_summaries.c.event, edge_summaries.c.target_id)
Index("ix_edge_summaries_target_contradicted", edge_summaries.c.target_id, edge_summaries.c.contradicted,
      edge_summaries.c.event, edge_summaries.c.source_id)
# an actor's counterparts with most claims first (a profile, a path's next steps), read in
# index order however many it has
Index("ix_actor_pairs_strongest", actor_pairs.c.entity_id, actor_pairs.c.direction, actor_pairs.c.claims.desc(),
      actor_pairs.c.other_id)
# the denials naming an actor (the key serves the denier)
Index("ix_denial_pairs_other_id", denial_pairs.c.other_id)
# affiliations of an actor are found from its mentions
Index("ix_affiliations_person_mention_id", affiliations.c.person_mention_id)
Index("ix_affiliations_organization_mention_id", affiliations.c.organization_mention_id)
Index("ix_attributions_source_mention_id", attributions.c.source_mention_id)
Index("ix_claims_trigger_text", claims.c.trigger_text)
# stats counts documents by status, language, fetched or not, and stories by site from
# these indexes: without them it reads the documents table, texts and all
Index("ix_documents_status", documents.c.status)
Index("ix_documents_language", documents.c.language)
Index("ix_documents_fetched_page_id", documents.c.fetched_page_id)
Index("ix_documents_site_story", documents.c.site, documents.c.near_duplicate_of)
Index("ix_attributions_cue_text", attributions.c.cue_text)
