"""The ``claimgraph`` command: parses arguments, calls the library, prints."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from claimgraph.model import Document, Extraction
from claimgraph.query_cli import register as register_queries
from claimgraph.review_cli import register as register_reviews

if TYPE_CHECKING:
    from claimgraph.ingest.readers import InputFailure
    from claimgraph.store import ClaimStore

# Modules that take time to import (spaCy, trafilatura, numpy) are imported by the commands
# that need them, so that `claimgraph --help`, `stats` and the queries start fast.

WHAT = click.Choice(["claims", "attributions", "affiliations", "all"])


def _set_accurate(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        os.environ["CLAIMGRAPH_ACCURATE"] = "1"  # read by every extractor, workers included
    return value


ACCURATE = click.option("--accurate", is_flag=True, expose_value=False, callback=_set_accurate,
                        help="Accurate mode: the learned extractor runs on a transformer encoder tuned on "
                             "coded news (slower; also CLAIMGRAPH_ACCURATE=1).")
COMBINATIONS = ["fill", "union", "learned", "rules"]


def _set_combine(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        os.environ["CLAIMGRAPH_COMBINE"] = value  # read by every extractor, workers included
    return value


COMBINE = click.option("--combine", type=click.Choice(COMBINATIONS), expose_value=False, callback=_set_combine,
                       help="How the parse rules' claims and the learned extractor's meet: fill (the default), "
                            "union, learned (best on real news with --accurate), rules "
                            "(also CLAIMGRAPH_COMBINE).")


FOLLOW = click.option("--follow-symlinks", is_flag=True,
                      help="Follow symbolic links inside folders to anywhere (default: only to places "
                           "inside the paths named).")
ALLOW_PRIVATE = click.option("--allow-private", is_flag=True,
                             help="Fetch URLs on private, loopback and link-local addresses too (refused "
                                  "by default, also after redirects).")


def _err(message: str) -> None:
    click.echo(f"claimgraph: {message}", err=True)


class _Commands(click.Group):
    """Commands whose unexpected errors end in one line on stderr (exit status 2), not a
    traceback; ``--debug`` (or CLAIMGRAPH_DEBUG=1) shows the traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as err:
            if os.environ.get("CLAIMGRAPH_DEBUG"):
                raise
            _err(f"internal error: {type(err).__name__}: {str(err)[:300]} (--debug shows where)")
            sys.exit(2)


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        os.environ["CLAIMGRAPH_DEBUG"] = "1"
    return value


@click.group(cls=_Commands)
@click.version_option(package_name="claimgraph")
@click.option("--db", envvar="CLAIMGRAPH_DB", default="claimgraph.db", show_default=True,
              help="Claim store of ingest, stats and failures: a SQLite file, or a postgresql:// URL "
                   "(also CLAIMGRAPH_DB).")
@click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug, is_eager=True,
              help="Show the traceback of an unexpected error (also CLAIMGRAPH_DEBUG=1).")
@click.pass_context
def main(ctx: click.Context, db: str) -> None:
    """Claims about who did what to whom, from news text."""
    ctx.obj = db
    pool_log = logging.getLogger("sqlalchemy.pool")
    if not os.environ.get("CLAIMGRAPH_DEBUG") and not pool_log.handlers:
        # the store's own one-line message says what failed; the pool's log of a connection it
        # could not reset after the server went away would add a traceback
        pool_log.addHandler(logging.NullHandler())


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--what", type=WHAT, default="claims", show_default=True, help="Which records to print.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--workers", type=int, default=1, show_default=True, help="Extraction processes.")
@click.option("--model", default=None, help="Installed spaCy model to use (default: en_core_web_sm).")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor file (YAML, like data/actors.yaml); repeatable.")
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) for inputs that lack one.")
@FOLLOW
@ALLOW_PRIVATE
@ACCURATE
@COMBINE
def extract(paths: tuple[str, ...], what: str, fmt: str, workers: int, model: str | None,
            actor_files: tuple[str, ...], published: str | None, follow_symlinks: bool,
            allow_private: bool) -> None:
    """Extract claims from text, HTML or JSON lines files, feeds, lists of URLs, URLs (or
    folders of them), read as ``ingest`` reads them.

    Prints JSON lines (the claims contract) on stdout; unreadable inputs are reported on
    stderr, one line each, and make the exit status 1.
    """
    from collections import deque

    from claimgraph.ingest.fetch import FetchPolicy
    from claimgraph.ingest.readers import InputFailure
    from claimgraph.ingest.sources import Found, Sources
    from claimgraph.limits import oversize_note
    from claimgraph.nlp import ModelError
    from claimgraph.pipeline import extract_documents

    failures: list[InputFailure] = []
    # where each document in extraction came from, for its failure record
    origin: deque[tuple[str, int | None]] = deque()
    sources = Sources(FetchPolicy(allow_private=allow_private), guess=True, follow_symlinks=follow_symlinks)

    def documents():
        for item in sources.read(list(paths)):
            if isinstance(item, InputFailure):
                failures.append(item)
                _err(str(item))
                continue
            if not isinstance(item, Found):
                continue
            doc = item.document
            if published and not doc.published:
                doc.published = published
            note = oversize_note(doc.text)
            if note:
                _err(f"{doc.id}: {note}")
            origin.append((item.source, item.line))
            yield doc

    def failed(r: Extraction) -> bool:
        source, line = origin.popleft()
        if r.error is None:
            return False
        failure = InputFailure(source, f"{r.document.id}: {r.error}" if r.document.id != source else r.error, line)
        failures.append(failure)
        _err(str(failure))
        return True

    files = actor_files or tuple(p for p in os.environ.get("CLAIMGRAPH_ACTORS", "").split(os.pathsep) if p)
    try:
        results = extract_documents(documents(), workers=workers, model=model, actor_files=files)
        if fmt == "table":
            from claimgraph.render import print_tables

            def reported(items):
                for r in items:
                    if not failed(r):
                        yield r

            print_tables(reported(results), what)
        else:
            out = sys.stdout
            for r in results:
                if failed(r):
                    continue
                for rec in r.records(what):
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                out.flush()
    except ModelError as err:
        _err(str(err))
        sys.exit(2)
    finally:
        sources.close()
    if failures:
        sys.exit(1)


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--text", "text_path", type=click.Path(exists=True), default=None,
              help="For an article gold file (seed): the article text; for a list of documents: their folder.")
@click.option("--model", default=None)
@click.option("--no-classifier", is_flag=True, help="The rules type events by lexicon only (ablation).")
@click.option("--combine", type=click.Choice(COMBINATIONS), default="fill", show_default=True,
              help="How the parse rules' claims and the learned extractor's meet (ablations: rules, learned).")
@ACCURATE
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def evaluate(gold: str, text_path: str | None, model: str | None, no_classifier: bool, combine: str, fmt: str) -> None:
    """Score extraction on a gold set: PLOVER sentences (.jsonl), an article annotated like
    the seed (.json), a list of such documents (.json, texts in --text DIR as <id>.txt),
    event snippets in the CASE 2021 format (.tsv), or a PolNeAR folder (text/ and
    attributions/)."""
    from claimgraph.eval.scoring import run_eval

    result = run_eval(gold, text_path=text_path, model=model, use_classifier=not no_classifier, combine=combine)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        from claimgraph.render import print_eval

        print_eval(result)


FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)


def _open_store(db: str, create: bool) -> ClaimStore:
    """The store at ``db``; exits with status 2 and a one-line message when it cannot be opened."""
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    from claimgraph.store import ClaimStore, database_url
    from claimgraph.store.claim_store import store_problem

    url = database_url(db)
    if not create and url.get_backend_name() == "sqlite" and url.database and not os.path.exists(url.database):
        _err(f"no claim store at {url.database} (claimgraph ingest creates it; --db or CLAIMGRAPH_DB choose another)")
        sys.exit(2)
    try:
        return ClaimStore.open(db)
    except (SQLAlchemyError, OSError, CommandError) as err:  # CommandError: a schema newer than this claimgraph
        _err(f"cannot open the claim store {url.render_as_string(hide_password=True)}: "
             f"{store_problem(err)}")
        sys.exit(2)


@contextmanager
def _writing(db: str) -> Iterator[ClaimStore]:
    """The store at ``db`` (created if need be) for a command that writes; an error of the
    database exits with status 2 and a one-line message."""
    from sqlalchemy.exc import SQLAlchemyError

    store = _open_store(db, create=True)
    try:
        yield store
    except SQLAlchemyError as err:
        _err(f"claim store error: {str(err).splitlines()[0]}")
        sys.exit(2)
    finally:
        store.close()


def _print_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=lambda v: v.isoformat()))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--workers", type=int, default=1, show_default=True, help="Extraction processes (one writer).")
@click.option("--model", default=None, help="Installed spaCy model to use (default: en_core_web_sm).")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor file (YAML, like data/actors.yaml); repeatable.")
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) for inputs that lack one.")
@click.option("--encoding", default=None, help="Encoding of inputs that are not UTF-8 and do not declare one "
                                                "(e.g. cp1252); without it they fail.")
@click.option("--delay", type=float, default=1.0, show_default=True, help="Seconds between two requests to one host.")
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds to wait for a server.")
@click.option("--max-size", type=float, default=10.0, show_default=True, help="Largest page to fetch, in MB.")
@FOLLOW
@ALLOW_PRIVATE
@ACCURATE
@COMBINE
@FORMAT
@click.pass_obj
def ingest(db: str, inputs: tuple[str, ...], workers: int, model: str | None, actor_files: tuple[str, ...],
           published: str | None, encoding: str | None, delay: float, timeout: float, max_size: float,
           follow_symlinks: bool, allow_private: bool, fmt: str) -> None:
    """Read INPUTS into the claim store: folders (recursively), .txt/.html/.jsonl files, RSS or Atom
    feeds (files or URLs), lists of URLs, and URLs.

    Each new document is stored with everything extracted from it in one transaction; texts
    already stored are skipped, so a second run adds nothing and an interrupted run continues
    where it stopped.  Inputs that cannot be read are reported on stderr, one line each, and
    make the exit status 1.
    """
    from rich.console import Console
    from sqlalchemy.exc import SQLAlchemyError

    from claimgraph.ingest.fetch import FetchPolicy
    from claimgraph.ingest.run import run_ingest
    from claimgraph.nlp import ModelError
    from claimgraph.render_store import IngestProgress, print_ingest_report
    from claimgraph.store.claim_store import store_problem

    policy = FetchPolicy(host_interval=delay, timeout=timeout, deadline=max(60.0, 3 * timeout),
                         max_bytes=int(max_size * 1024 * 1024), allow_private=allow_private)
    store = _open_store(db, create=True)
    try:
        with IngestProgress(Console(stderr=True)) as progress:
            report = run_ingest(store, list(inputs), workers=workers, model=model, actor_files=actor_files,
                                encoding=encoding, published=published, policy=policy, listener=progress,
                                follow_symlinks=follow_symlinks)
    except ModelError as err:
        _err(str(err))
        sys.exit(2)
    except SQLAlchemyError as err:
        _err(f"{store_problem(err)}; what was stored before is kept, and a rerun continues from there")
        sys.exit(2)
    except OSError as err:  # a full disk met outside the store (a temporary file)
        _err(f"{store_problem(err)}; what was stored before is kept, and a rerun continues from there")
        sys.exit(2)
    finally:
        store.close()
    if fmt == "json":
        _print_json(report.to_dict())
    else:
        print_ingest_report(report, store.url)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.option("--top", type=int, default=10, show_default=True, help="How many actors and sources to list.")
@FORMAT
@click.pass_obj
def stats(db: str, top: int, fmt: str) -> None:
    """What the claim store holds: documents, claims by event type, actors, sources, failures."""
    store = _open_store(db, create=False)
    with store:
        result = store.stats(top)
    if fmt == "json":
        _print_json(result)
    else:
        from claimgraph.render_store import print_stats

        print_stats(result)


@main.command()
@click.option("--run", "run_id", type=int, default=None, help="Only the failures of this ingest run.")
@click.option("--all", "include_resolved", is_flag=True, help="Also inputs that a later run read after all.")
@click.option("--limit", type=int, default=None, help="At most this many, newest first.")
@FORMAT
@click.pass_obj
def failures(db: str, run_id: int | None, include_resolved: bool, limit: int | None, fmt: str) -> None:
    """Inputs that could not be read, and why."""
    store = _open_store(db, create=False)
    with store:
        rows = store.failures(run_id=run_id, include_resolved=include_resolved, limit=limit)
    if fmt == "json":
        _print_json(rows)
    else:
        from claimgraph.render_store import print_failures

        print_failures(rows)


@main.group()
def spark() -> None:
    """Extraction on Apache Spark, for corpora past one machine (docs/spark.md)."""


@spark.command(name="extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", required=True, help="Folder (or URI) for the Parquet tables.")
@click.option("--master", default=None, help="Spark master (default: spark-submit's, else local[*]).")
@click.option("--partitions", type=int, default=None, help="Ranges of documents extracted as tasks "
                                                             "(default: twice Spark's parallelism).")
@click.option("--batch-size", type=int, default=32, show_default=True, help="Documents parsed together.")
@click.option("--model", default=None, help="Installed spaCy model to use (default: en_core_web_sm).")
@click.option("--actors", "actor_files", multiple=True, help="Extra actor file (YAML) every executor can read; "
                                                               "repeatable.")
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) for inputs that lack one.")
@click.option("--encoding", default=None, help="Encoding of inputs that are not UTF-8 and do not declare one.")
@click.option("--accurate", is_flag=True, help="Accurate mode (see claimgraph extract --accurate).")
@FORMAT
def spark_extract(inputs: tuple[str, ...], output: str, master: str | None, partitions: int | None,
                  batch_size: int, model: str | None, actor_files: tuple[str, ...], published: str | None,
                  encoding: str | None, accurate: bool, fmt: str) -> None:
    """Extract claims from INPUTS (folders or globs of .txt/.html/.jsonl files, or Parquet with a
    text or html column) on Spark, into Parquet tables under --output: documents, claims,
    attributions, affiliations, failures, duplicates.  `claimgraph load` stores them."""
    from claimgraph.spark.job import (
        ExtractOptions,
        InputError,
        local_session,
        run_extract,
        spark_missing,
        stop_session,
    )

    missing = spark_missing()
    if missing:
        _err(missing)
        sys.exit(2)
    options = ExtractOptions(model, tuple(actor_files), accurate, encoding, published, batch_size)
    session = local_session(master, extract=options, make_class_archive=True)
    try:
        summary = run_extract(session, list(inputs), output, options, partitions)
    except InputError as err:
        _err(str(err))
        sys.exit(2)
    finally:
        stop_session(session)
    if fmt == "json":
        _print_json(summary.to_dict())
    else:
        from claimgraph.render_store import print_counts

        print_counts(f"spark extract into {output} ({summary.seconds:.1f} s)", summary.rows)
    if summary.rows.get("failures"):
        sys.exit(1)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--batch", type=int, default=500, show_default=True, help="Documents a transaction.")
@FORMAT
@click.pass_obj
def load(db: str, folder: str, batch: int, fmt: str) -> None:
    """Store the Parquet tables of `claimgraph spark extract` (FOLDER) in the claim store (--db),
    as `claimgraph ingest` stores documents: texts stored already are skipped, so a rerun adds
    nothing.  Failures the job recorded are reported and make the exit status 1."""
    from claimgraph.store.load import LoadError, check_folder, load_folder

    try:
        check_folder(folder)  # before the store is created
    except LoadError as err:
        _err(str(err))
        sys.exit(2)
    with _writing(db) as store:
        try:
            report = load_folder(store, folder, batch=batch)
        except LoadError as err:
            _err(str(err))
            sys.exit(2)
    if fmt == "json":
        _print_json(report.to_dict())
    else:
        from claimgraph.render_store import print_counts

        for source, line, reason in report.failures:
            _err(f"{source}:{line}: {reason}" if line else f"{source}: {reason}")
        run = report.run
        rate = report.rows / report.seconds if report.seconds else 0.0
        print_counts(f"load run {run['id']} ({run['status']}) into {store.url}",
                     {**{k: run[k] for k in ("documents", "near_duplicates", "not_extracted", "duplicates",
                                             "failures", "claims", "attributions", "affiliations")},
                      "parquet_rows_read": report.rows, "rows_per_second": round(rate)})
    if report.failures:
        sys.exit(1)


def extract_records(documents: list[Document], what: str = "claims") -> list[dict]:
    """The records ``claimgraph extract`` prints, for callers in Python."""
    from claimgraph.pipeline import extract_documents

    out: list[dict] = []
    for r in extract_documents(documents):
        out += r.records(what)
    return out


# links, actor, claims, timeline, contradictions, export
register_queries(main)
register_reviews(main)

__all__ = ["main", "extract_records", "Extraction"]
