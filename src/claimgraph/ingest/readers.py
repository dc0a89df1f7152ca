"""Documents from files: plain text, HTML (article text found by trafilatura), JSON lines
corpora, and folders of them.  A file that cannot be read yields an ``InputFailure`` with a
one-line reason, and reading goes on with the next.

Text is UTF-8 unless it says otherwise (a byte-order mark, an HTML or XML charset
declaration).  Other bytes are decoded by the encoding named by the caller, else by a guess
when ``guess`` is true (``claimgraph extract``), else not at all: the claim store refuses
guesses, whose mistakes would stay in it."""

from __future__ import annotations

import codecs
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
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


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# control characters that text does not contain (tab, newlines, form feed and escape aside)
CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27})
DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
                      re.IGNORECASE)


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first 4 KB, if a known one."""
    m = DECLARED.search(data[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def binary_reason(data: bytes) -> str | None:
    """Why bytes (their first 8 KB) are not text, or None when they may be."""
    head = data[:8192]
    if b"\x00" in head:
        return "binary file (NUL bytes), not text"
    if len(head.translate(None, CONTROL_BYTES)) < len(head) * 0.99:
        return "binary file (control bytes), not text"
    return None


def decode(data: bytes, declared: str | None = None, encoding: str | None = None, guess: bool = True) -> str:
    """Text from bytes: by byte-order mark, as UTF-8, by the ``declared`` charset (what the
    document or the server says), by the caller's ``encoding``, else (with ``guess``) by
    the encoding the bytes look like.  Raises ValueError with a one-line reason."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name)
            except UnicodeDecodeError as err:
                raise ValueError(f"invalid {name.upper()} after its byte-order mark (byte {err.start})") from None
    binary = binary_reason(data)
    if binary:
        raise ValueError(binary)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = err
    for named in (declared, encoding):
        if named:
            try:
                return data.decode(named)
            except (UnicodeDecodeError, LookupError):
                continue
    if not guess:
        # guesses are often wrong on short texts (Latin-1 German read as cp775): ask instead
        tried = f" nor {encoding}" if encoding else ""
        raise ValueError(f"not UTF-8{tried} (byte 0x{data[bad.start]:02X} at offset {bad.start}): "
                         f"name its encoding with --encoding (e.g. cp1252), or convert it to UTF-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("undecodable bytes: not UTF-8 and no other text encoding fits")
    return str(best)


def read_paths(paths: list[str], encoding: str | None = None, guess: bool = True) -> Iterator[Document | InputFailure]:
    """Documents of files and folders (recursively: .txt, .html, .jsonl files), in order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file()
                           and f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES)
            if not files:
                yield InputFailure(p, "folder holds no .txt, .html or .jsonl files")
            for f in files:
                yield from read_file(f, encoding, guess)
        else:
            yield from read_file(path, encoding, guess)


def read_file(path: Path, encoding: str | None = None, guess: bool = True) -> Iterator[Document | InputFailure]:
    """The documents of one file (one, or one a line for JSON lines), or why there are none.
    ``encoding`` and ``guess`` are those of ``decode``."""
    for _line, item in read_numbered(path, encoding, guess):
        yield item


def read_numbered(path: Path, encoding: str | None = None, guess: bool = True
                  ) -> Iterator[tuple[int | None, Document | InputFailure]]:
    """``read_file``, each item with the line of a JSON lines file it comes from (None for
    other files)."""
    name = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            # a corpus can be larger than memory: read a line at a time, each under the size limit
            with path.open("rb") as lines:
                binary = binary_reason(lines.read(8192))
                if binary:
                    yield None, InputFailure(name, binary)
                    return
                lines.seek(0)
                yield from _read_jsonl(name, lines, encoding, guess)
            return
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield None, InputFailure(name, f"file too large ({size / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB limit)")
            return
        data = path.read_bytes()
    except OSError as err:
        yield None, InputFailure(name, f"cannot read: {err.strerror or err}")
        return
    yield from read_bytes(name, data, encoding, guess)


def read_bytes(name: str, data: bytes, encoding: str | None = None, guess: bool = True
               ) -> Iterator[tuple[int | None, Document | InputFailure]]:
    """``read_numbered`` on the bytes of a file already read (from remote storage): what
    ``name``'s suffix says it holds, with the same ids, documents and failures."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in JSONL_SUFFIXES:
        binary = binary_reason(data[:8192])
        if binary:
            yield None, InputFailure(name, binary)
            return
        yield from _read_jsonl(name, io.BytesIO(data), encoding, guess)
        return
    if len(data) > MAX_BYTES:
        yield None, InputFailure(name, f"file too large ({len(data) / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB limit)")
        return
    if not data.strip():
        yield None, InputFailure(name, "empty file")
        return
    markup = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and data.lstrip()[:1] == b"<")
    try:
        text = decode(data, declared_encoding(data) if markup else None, encoding, guess)
    except ValueError as err:
        yield None, InputFailure(name, str(err))
        return
    if markup:
        yield None, _html_or_failure(name, name, text, url=None, published=None)
    else:
        yield None, Document(id=name, text=text)


def _html_or_failure(path: str, doc_id: str, html: str, url: str | None, published: str | None,
                     line: int | None = None) -> Document | InputFailure:
    doc = html_document(doc_id, html, url=url, published=published)
    if doc is None:
        what = "the HTML" if doc_id == path else f"the HTML of record {doc_id!r}"
        return InputFailure(path, f"no article text found in {what}", line)
    return doc


def _read_jsonl(name: str, lines: Iterable[bytes], encoding: str | None, guess: bool
                ) -> Iterator[tuple[int | None, Document | InputFailure]]:
    seen_any = False
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        seen_any = True
        if len(raw) > MAX_BYTES:
            yield n, InputFailure(name, f"line too long ({len(raw) / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB limit)", n)
            continue
        try:
            rec = json.loads(decode(raw.rstrip(b"\r\n"), None, encoding, guess))
        except ValueError as err:
            reason = f"malformed JSON ({err.msg})" if isinstance(err, json.JSONDecodeError) else str(err)
            yield n, InputFailure(name, reason, n)
            continue
        yield n, document_of_record(name, rec, n)
    if not seen_any:
        yield None, InputFailure(name, "empty file")


def document_of_record(name: str, rec: object, n: int) -> Document | InputFailure:
    """The document of one record of a corpus (a JSON lines object, a Parquet row):
    ``id``, ``text`` or ``html``, and ``url``, ``published`` (or ``date``), ``title``,
    ``site``, ``author``; without an id it is ``name:n``."""
    if not isinstance(rec, dict):
        return InputFailure(name, "a line must be a JSON object", n)
    doc_id = str(rec.get("id") if rec.get("id") is not None else f"{name}:{n}")
    published = rec.get("published") or rec.get("date")
    if isinstance(rec.get("text"), str) and rec["text"].strip():
        return Document(id=doc_id, text=rec["text"], published=published, url=rec.get("url"),
                        title=rec.get("title"), site=rec.get("site"), author=rec.get("author"))
    if isinstance(rec.get("html"), str) and rec["html"].strip():
        return _html_or_failure(name, doc_id, rec["html"], rec.get("url"), published, n)
    return InputFailure(name, f"record {doc_id!r} has neither 'text' nor 'html'", n)
