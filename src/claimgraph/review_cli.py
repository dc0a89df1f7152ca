"""The review commands: ``review confirm|reject|correct`` (a person's verdict on a claim),
``review undo`` (takes it back), ``reviews list`` and ``reviews export`` (reviewed claims in
the annotation guide's format, as training data), and ``serve`` (the web app and HTTP API).
``register(main)`` adds them to the main group."""

from __future__ import annotations

import getpass
import json
import os
import re
import sys
from hashlib import sha256
from pathlib import Path
from typing import Any

import click

from claimgraph.model import EVENT_TYPES


def _err(message: str) -> None:
    click.echo(f"claimgraph: {message}", err=True)


def _store(db: str) -> Any:
    from claimgraph.cli import _open_store

    return _open_store(db, create=False)


def file_id(doc_id: str) -> str:
    """A document id usable as a file name (``ID.txt`` beside the annotation file): the id
    itself when it is one, else its safe characters and a short hash."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}", doc_id):
        return doc_id
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", doc_id).strip("._-")[-60:]
    return f"{safe or 'doc'}-{sha256(doc_id.encode('utf-8')).hexdigest()[:8]}"


REVIEWER = click.option("--reviewer", default=lambda: os.environ.get("CLAIMGRAPH_REVIEWER") or getpass.getuser(),
                        show_default="CLAIMGRAPH_REVIEWER, else the login name", help="Who reviews.")
NOTE = click.option("--note", default=None, help="Why (kept with the review).")


def _claim_args(f: Any) -> Any:
    f = click.argument("claim_id")(f)
    return click.argument("doc_id")(f)


def _apply(db: str, doc_id: str, claim_id: str, verdict: str, reviewer: str, changes: dict[str, Any],
           note: str | None) -> None:
    from claimgraph.store import ReviewError

    store = _store(db)
    try:
        pk = store.claim_pk(doc_id, claim_id)
        done = store.review(pk, verdict, reviewer, changes, note)
    except ReviewError as err:
        _err(str(err))
        sys.exit(1)
    finally:
        store.close()
    click.echo(f"{done['verdict']}: claim {claim_id} of {doc_id} by {done['reviewer']}")


def register(group: click.Group) -> None:
    """Adds ``review``, ``reviews`` and ``serve`` to ``group``."""

    @group.group()
    def review() -> None:
        """Confirm, reject or correct a stored claim (DOC_ID CLAIM_ID, as `claimgraph claims
        --format json` prints them).  A rejected claim leaves links, timelines and exports;
        the review is kept when the document is stored or extracted again."""

    def verdict_command(name: str, verdict: str, doc: str) -> None:
        @review.command(name=name, help=doc)
        @_claim_args
        @REVIEWER
        @NOTE
        @click.pass_obj
        def command(db: str, doc_id: str, claim_id: str, reviewer: str, note: str | None) -> None:
            _apply(db, doc_id, claim_id, verdict, reviewer, {}, note)

    verdict_command("confirm", "confirmed", "The claim is right.")
    verdict_command("reject", "rejected", "The text does not say this: the claim leaves links and exports.")

    @review.command()
    @_claim_args
    @click.option("--event", type=click.Choice(EVENT_TYPES, case_sensitive=False), default=None)
    @click.option("--mode", default=None, help="A mode of the event type ('none' for no mode).")
    @click.option("--actor", default=None, help="Actors as written in the sentence, separated by ';'.")
    @click.option("--recipient", default=None, help="Recipients as written, separated by ';' ('' for none).")
    @click.option("--asserted-by", default=None, help="Who asserts it, as written ('' for the publisher's own voice).")
    @click.option("--polarity", type=click.Choice(["affirmed", "negated"]), default=None)
    @REVIEWER
    @NOTE
    @click.pass_obj
    def correct(db: str, doc_id: str, claim_id: str, event: str | None, mode: str | None, actor: str | None,
                recipient: str | None, asserted_by: str | None, polarity: str | None, reviewer: str,
                note: str | None) -> None:
        """Correct some fields of the claim; the others stay as extracted."""
        changes: dict[str, Any] = {}
        if event:
            changes["event"] = event.upper()
        if mode is not None:
            changes["mode"] = None if mode.lower() in ("", "none") else mode
        if actor is not None:
            changes["actor"] = actor
        if recipient is not None:
            changes["recipient"] = recipient
        if asserted_by is not None:
            changes["asserted_by"] = asserted_by or None
        if polarity:
            changes["polarity"] = polarity
        if not changes:
            _err("correct: say what to change (--event, --mode, --actor, --recipient, --asserted-by, --polarity)")
            sys.exit(2)
        _apply(db, doc_id, claim_id, "corrected", reviewer, changes, note)

    @review.command()
    @_claim_args
    @click.pass_obj
    def undo(db: str, doc_id: str, claim_id: str) -> None:
        """Take back the claim's review: the claim is as extracted again (what was corrected
        is put back) and the review is deleted."""
        from claimgraph.store import ReviewError

        store = _store(db)
        try:
            done = store.undo_review(store.claim_pk(doc_id, claim_id))
        except ReviewError as err:
            _err(str(err))
            sys.exit(1)
        finally:
            store.close()
        by = f" by {done['reviewer']}" if done.get("reviewer") else ""
        click.echo(f"undone: the review ({done.get('verdict', 'verdict only')}{by}) of claim {claim_id} of {doc_id}")

    @group.group(name="reviews")
    def reviews_group() -> None:
        """Stored reviews: list them, or export the reviewed claims as training data."""

    @reviews_group.command(name="list")
    @click.option("--verdict", type=click.Choice(["confirmed", "rejected", "corrected"]), default=None)
    @click.option("--limit", type=int, default=50, show_default=True)
    @click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
    @click.pass_obj
    def list_command(db: str, verdict: str | None, limit: int, offset: int) -> None:
        """Reviews, newest first, one JSON object a line."""
        store = _store(db)
        try:
            total, found = store.reviews(verdict, limit=limit or None, offset=offset)
        finally:
            store.close()
        for r in found:
            click.echo(json.dumps({k: v for k, v in r.items() if k != "original"}, ensure_ascii=False,
                                  default=lambda v: v.isoformat()))
        _err(f"{len(found)} of {total} reviews")

    @reviews_group.command(name="export")
    @click.argument("out", type=click.Path(dir_okay=False, writable=True))
    @click.option("--text", "text_dir", type=click.Path(file_okay=False), default=None,
                  help="Also write each document's text to DIR/ID.txt (the files the offsets index).")
    @click.pass_obj
    def export_command(db: str, out: str, text_dir: str | None) -> None:
        """Write the confirmed and corrected claims to OUT in the annotation guide's format:
        a JSON list of {"id", "claims"} with evidence offsets, actors and recipients as
        written, event, mode, asserted_by, polarity, certainty and tense."""
        store = _store(db)
        try:
            docs = store.reviewed_documents()
        finally:
            store.close()
        payload = [{"id": file_id(d["id"]), "claims": d["claims"]} for d in docs]
        Path(out).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if text_dir:
            folder = Path(text_dir)
            folder.mkdir(parents=True, exist_ok=True)
            for d in docs:
                with open(folder / f"{file_id(d['id'])}.txt", "w", encoding="utf-8", newline="") as fh:
                    fh.write(d["text"])
        _err(f"wrote {sum(len(d['claims']) for d in docs)} reviewed claims of {len(docs)} documents to {out}")

    @group.command()
    @click.option("--host", default="127.0.0.1", show_default=True,
                  help="Address to listen on (0.0.0.0: every interface; then read endpoints need the token too).")
    @click.option("--port", type=int, default=8000, show_default=True)
    @click.option("--token-file", type=click.Path(exists=True, dir_okay=False), default=None,
                  help="File holding the token that writes (reviews) must send (also CLAIMGRAPH_TOKEN).")
    @click.option("--cors", "cors_origins", multiple=True,
                  help="An origin allowed to call the API from a browser (repeatable; none by default).")
    @click.pass_obj
    def serve(db: str, host: str, port: int, token_file: str | None, cors_origins: tuple[str, ...]) -> None:
        """The web app and HTTP API on the claim store (http://HOST:PORT/, API under /api,
        its OpenAPI schema at /api/openapi.json)."""
        import uvicorn

        from claimgraph.web.app import WebConfig, create_app

        token = Path(token_file).read_text(encoding="utf-8").strip() if token_file else \
            os.environ.get("CLAIMGRAPH_TOKEN") or None
        if token_file and not token:
            _err(f"{token_file}: the token file is empty")
            sys.exit(2)
        store = _store(db)
        app = create_app(store, WebConfig(token=token, cors_origins=list(cors_origins)))
        _err(f"serving {store.url} on http://{host}:{port}/"
             + ("" if token else " (no token: writes are refused)"))
        uvicorn.run(app, host=host, port=port, log_level="warning")
