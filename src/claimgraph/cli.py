"""The ``claimgraph`` command: parses arguments, calls the library, prints."""

from __future__ import annotations

import json
import os
import sys

import click

from claimgraph.ingest.readers import InputFailure, read_paths
from claimgraph.model import Document, Extraction

WHAT = click.Choice(["claims", "attributions", "affiliations", "all"])


def _err(message: str) -> None:
    click.echo(f"claimgraph: {message}", err=True)


@click.group()
@click.version_option(package_name="claimgraph")
def main() -> None:
    """Claims about who did what to whom, from news text."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--what", type=WHAT, default="claims", show_default=True, help="Which records to print.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--workers", type=int, default=1, show_default=True, help="Extraction processes.")
@click.option("--model", default=None, help="Installed spaCy model to use (default: en_core_web_sm).")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor file (YAML, like data/actors.yaml); repeatable.")
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) for inputs that lack one.")
def extract(paths: tuple[str, ...], what: str, fmt: str, workers: int, model: str | None,
            actor_files: tuple[str, ...], published: str | None) -> None:
    """Extract claims from text, HTML or JSON lines files (or folders of them).

    Prints JSON lines (the claims contract) on stdout; unreadable inputs are reported on
    stderr, one line each, and make the exit status 1.
    """
    from claimgraph.nlp import ModelError
    from claimgraph.pipeline import extract_documents

    failures: list[InputFailure] = []

    def documents():
        for item in read_paths(list(paths)):
            if isinstance(item, InputFailure):
                failures.append(item)
                _err(str(item))
                continue
            if published and not item.published:
                item.published = published
            yield item

    files = actor_files or tuple(p for p in os.environ.get("CLAIMGRAPH_ACTORS", "").split(os.pathsep) if p)
    try:
        results = extract_documents(documents(), workers=workers, model=model, actor_files=files)
        if fmt == "table":
            from claimgraph.render import print_tables

            print_tables(results, what)
        else:
            out = sys.stdout
            for r in results:
                for rec in r.records(what):
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                out.flush()
    except ModelError as err:
        _err(str(err))
        sys.exit(2)
    if failures:
        sys.exit(1)


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True))
@click.option("--text", "text_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="For a whole-article gold file (seed): the article text.")
@click.option("--model", default=None)
@click.option("--no-classifier", is_flag=True, help="Type events by lexicon only (ablation).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def evaluate(gold: str, text_path: str | None, model: str | None, no_classifier: bool, fmt: str) -> None:
    """Score extraction on a gold set: PLOVER sentences (.jsonl), the seed article (.json),
    or a PolNeAR folder (text/ and attributions/)."""
    from claimgraph.eval.scoring import run_eval

    result = run_eval(gold, text_path=text_path, model=model, use_classifier=not no_classifier)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        from claimgraph.render import print_eval

        print_eval(result)


def extract_records(documents: list[Document], what: str = "claims") -> list[dict]:
    """The records ``claimgraph extract`` prints, for callers in Python."""
    from claimgraph.pipeline import extract_documents

    out: list[dict] = []
    for r in extract_documents(documents):
        out += r.records(what)
    return out


__all__ = ["main", "extract_records", "Extraction"]
