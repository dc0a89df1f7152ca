"""Documents from files: plain text, HTML (article text found by trafilatura), JSON lines
corpora, and folders of them.  A file that cannot be read yields an ``InputFailure`` with a
one-line reason, and reading goes on with the next."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimgraph.ingest.html import html_document
from claimgraph.model import Document

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_BYTES = int(os.environ.get("CLAIMGRAPH_MAX_BYTES", 20 * 1024 * 1024))


@dataclass(frozen=True)
class InputFailure:
    """An input that yielded no document, and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else the encoding the bytes show."""
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("undecodable bytes: not UTF-8 and no other text encoding fits")
    return str(best)


def read_paths(paths: list[str]) -> Iterator[Document | InputFailure]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file()
                           and f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES)
            if not files:
                yield InputFailure(p, "folder holds no .txt, .html or .jsonl files")
            for f in files:
                yield from read_file(f)
        else:
            yield from read_file(path)


def read_file(path: Path) -> Iterator[Document | InputFailure]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield InputFailure(name, f"file too large ({size / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB limit)")
            return
        data = path.read_bytes()
    except OSError as err:
        yield InputFailure(name, f"cannot read: {err.strerror or err}")
        return
    if not data.strip():
        yield InputFailure(name, "empty file")
        return
    suffix = path.suffix.lower()
    try:
        text = decode(data)
    except ValueError as err:
        yield InputFailure(name, str(err))
        return
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(name, text)
    elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.lstrip()[:1] == "<"):
        yield _html_or_failure(name, text, url=None, published=None)
    else:
        yield Document(id=name, text=text)


def _html_or_failure(doc_id: str, html: str, url: str | None, published: str | None,
                     line: int | None = None) -> Document | InputFailure:
    doc = html_document(doc_id, html, url=url, published=published)
    if doc is None:
        return InputFailure(doc_id, "no article text found in the HTML", line)
    return doc


def _read_jsonl(name: str, text: str) -> Iterator[Document | InputFailure]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as err:
            yield InputFailure(name, f"malformed JSON ({err.msg})", n)
            continue
        if not isinstance(rec, dict):
            yield InputFailure(name, "a line must be a JSON object", n)
            continue
        doc_id = str(rec.get("id") if rec.get("id") is not None else f"{name}:{n}")
        published = rec.get("published") or rec.get("date")
        if isinstance(rec.get("text"), str) and rec["text"].strip():
            yield Document(id=doc_id, text=rec["text"], published=published, url=rec.get("url"),
                           title=rec.get("title"), site=rec.get("site"), author=rec.get("author"))
        elif isinstance(rec.get("html"), str) and rec["html"].strip():
            yield _html_or_failure(doc_id, rec["html"], rec.get("url"), published, n)
        else:
            yield InputFailure(name, f"record {doc_id!r} has neither 'text' nor 'html'", n)
