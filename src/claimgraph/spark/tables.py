"""The Parquet tables of ``claimgraph spark extract``, and the rows they hold.

One table a record kind of the claims contract (claims, attributions, affiliations), with
the contract's field names and its nested fields (entities, spans, attribution, time) as
structs; one of documents (the text, where it was read, its language and its MinHash
signature for near-duplicates); one of the inputs that failed, with the reason; one of the
inputs whose text repeats an earlier one's.  Fields beyond the contract (added, none
renamed) let ``claimgraph load`` store exactly what ``claimgraph ingest`` would:

- ``seq``: the document's place in the input (file number << 32 | line), the order in
  which ingest would have read it; ``item``: a record's place within its document;
- ``content_hash``: the SHA-256 of the text, the store's identity of a document;
- ``time.offset_start/offset_end``: where a claim's time expression stands in the text;
- ``source_span`` of an attribution: the words naming the source, when ``source`` is the
  actor they resolve to (a pronoun's antecedent stands elsewhere in the text).

The tables are declared here once, as plain data: ``spark_schema`` turns a declaration
into a Spark schema; the rows are plain dicts, which pyarrow hands back as they went in."""

from __future__ import annotations

from typing import Any

from claimgraph.model import (
    Affiliation,
    Attribution,
    AttributionRef,
    Claim,
    Document,
    Entity,
    Extraction,
    Span,
    TimeRef,
)

# A field is (name, type): a type is a name ("string", "int", "long", "double", "boolean",
# "binary"), a list of fields (a struct), or ("array", type).
SPAN = [("text", "string"), ("start", "int"), ("end", "int")]
ENTITY = [*SPAN, ("id", "string"), ("name", "string"), ("type", "string"), ("country", "string"),
          ("sector", "string")]
TIME = [("text", "string"), ("start", "string"), ("end", "string"), ("offset_start", "int"), ("offset_end", "int")]
RECORD_KEY = [("seq", "long"), ("item", "int"), ("doc_id", "string"), ("content_hash", "string")]

TABLES: dict[str, list[tuple[str, Any]]] = {
    "documents": [
        ("seq", "long"), ("doc_id", "string"), ("content_hash", "string"), ("text", "string"),
        ("title", "string"), ("url", "string"), ("site", "string"), ("author", "string"),
        ("published", "string"), ("language", "string"), ("language_score", "double"),
        # extracted, or not_extracted with the reason in skip_reason (a language other than English)
        ("status", "string"), ("skip_reason", "string"), ("source", "string"), ("source_line", "int"),
        ("minhash", "binary"), ("extractor_version", "string")],
    "claims": [
        *RECORD_KEY, ("kind", "string"), ("claim_id", "string"), ("event", "string"), ("mode", "string"),
        ("context", ("array", "string")), ("actor", ("array", ENTITY)), ("recipient", ("array", ENTITY)),
        ("attribution", [("source", ENTITY), ("cue", SPAN)]), ("polarity", "string"),
        ("certainty", "string"), ("tense", "string"), ("time", TIME), ("location", ENTITY),
        ("trigger", SPAN), ("evidence", SPAN), ("confidence", "double")],
    "attributions": [
        *RECORD_KEY, ("kind", "string"), ("source", ENTITY), ("cue", SPAN), ("content", SPAN),
        ("source_span", SPAN)],
    "affiliations": [
        *RECORD_KEY, ("kind", "string"), ("person", ENTITY), ("organization", ENTITY), ("role", "string"),
        ("former", "boolean"), ("evidence", SPAN)],
    # line 0: the whole input; doc_id: set when the input was read but its extraction failed
    "failures": [("seq", "long"), ("source", "string"), ("line", "int"), ("doc_id", "string"),
                 ("reason", "string")],
    "duplicates": [("seq", "long"), ("source", "string"), ("line", "int"), ("doc_id", "string"),
                   ("content_hash", "string"), ("first_seq", "long")],
}
RECORD_TABLES = ("claims", "attributions", "affiliations")


def spark_schema(fields: list[tuple[str, Any]]) -> Any:
    """The Spark ``StructType`` of a declaration (pyspark imported here: only the job needs it)."""
    from pyspark.sql import types as T

    names = {"string": T.StringType(), "int": T.IntegerType(), "long": T.LongType(), "double": T.DoubleType(),
             "boolean": T.BooleanType(), "binary": T.BinaryType()}

    def of(kind: Any) -> Any:
        if isinstance(kind, str):
            return names[kind]
        if isinstance(kind, tuple):
            return T.ArrayType(of(kind[1]), containsNull=False)
        return T.StructType([T.StructField(n, of(k), nullable=True) for n, k in kind])

    return of(fields)


def as_tuple(fields: list[tuple[str, Any]], row: dict[str, Any]) -> tuple:
    """A row as Spark takes it: a tuple in the declaration's order, nested structs too."""

    def value(kind: Any, v: Any) -> Any:
        if v is None or isinstance(kind, str):
            return v
        if isinstance(kind, tuple):
            return [value(kind[1], x) for x in v]
        return tuple(value(k, v.get(n)) for n, k in kind)

    return tuple(value(k, row.get(n)) for n, k in fields)


# ---------------------------------------------------------------------- to rows
def document_row(doc: Document, seq: int, source: str, line: int | None, language_score: float | None,
                 minhash: bytes | None, skip_reason: str | None, version: str | None) -> dict[str, Any]:
    return {"seq": seq, "doc_id": doc.id, "content_hash": doc.content_hash, "text": doc.text, "title": doc.title,
            "url": doc.url, "site": doc.site, "author": doc.author, "published": doc.published,
            "language": doc.language, "language_score": language_score,
            "status": "not_extracted" if skip_reason else "extracted", "skip_reason": skip_reason,
            "source": source, "source_line": line, "minhash": minhash,
            "extractor_version": None if skip_reason else version}


def record_rows(ex: Extraction, seq: int) -> dict[str, list[dict[str, Any]]]:
    """The rows of each record table for one document's extraction."""
    key = {"seq": seq, "doc_id": ex.document.id, "content_hash": ex.document.content_hash}
    claims = []
    for n, c in enumerate(ex.claims):
        row = {**key, "item": n, **c.to_record(), "confidence": c.confidence}
        if c.time is not None:
            row["time"] = {**c.time.to_record(), "offset_start": c.time.offset_start,
                           "offset_end": c.time.offset_end}
        claims.append(row)
    attributions = [{**key, "item": n, **a.to_record(), "source_span": a.source.to_record() if a.source else None}
                    for n, a in enumerate(ex.attributions)]
    affiliations = [{**key, "item": n, **f.to_record()} for n, f in enumerate(ex.affiliations)]
    return {"claims": claims, "attributions": attributions, "affiliations": affiliations}


# ---------------------------------------------------------------------- from rows
def document_of(row: dict[str, Any]) -> Document:
    return Document(row["doc_id"], row["text"], published=row["published"], title=row["title"], url=row["url"],
                    site=row["site"], author=row["author"], language=row["language"])


def _span(r: dict[str, Any]) -> Span:
    return Span(r["text"], r["start"], r["end"])


def _entity(r: dict[str, Any]) -> Entity:
    return Entity(r["text"], r["start"], r["end"], r["id"], r["name"], r["type"], r["country"], r["sector"])


def extraction_of(doc: Document, claims: list[dict[str, Any]], attributions: list[dict[str, Any]],
                  affiliations: list[dict[str, Any]]) -> Extraction:
    """The ``Extraction`` that ``record_rows`` was made from (rows in ``item`` order)."""
    out = Extraction(doc)
    for r in claims:
        t, a = r["time"], r["attribution"]
        out.claims.append(Claim(
            doc_id=r["doc_id"], event=r["event"], actor=[_entity(e) for e in r["actor"]],
            recipient=[_entity(e) for e in r["recipient"]], trigger=_span(r["trigger"]), evidence=_span(r["evidence"]),
            mode=r["mode"], context=list(r["context"]),
            attribution=AttributionRef(_entity(a["source"]), _span(a["cue"])) if a is not None else None,
            polarity=r["polarity"], certainty=r["certainty"], tense=r["tense"],
            time=TimeRef(t["text"], t["start"], t["end"], t["offset_start"], t["offset_end"]) if t else None,
            location=_entity(r["location"]) if r["location"] is not None else None, confidence=r["confidence"]))
    for r in attributions:
        source = r["source"]
        entity = _entity(source) if source is not None and source["id"] is not None else None
        span = r["source_span"]
        out.attributions.append(Attribution(r["doc_id"], _span(span) if span is not None else None, _span(r["cue"]),
                                            _span(r["content"]), entity))
    for r in affiliations:
        out.affiliations.append(Affiliation(r["doc_id"], _entity(r["person"]), _entity(r["organization"]), r["role"],
                                            bool(r["former"]), _span(r["evidence"])))
    return out
