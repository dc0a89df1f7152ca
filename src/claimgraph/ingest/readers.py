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
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from claimgraph.ingest.html import html_document
from claimgraph.limits import limits
from claimgraph.model import Document

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


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


def read_paths(paths: list[str], encoding: str | None = None, guess: bool = True,
               follow_symlinks: bool = False) -> Iterator[Document | InputFailure]:
    """Documents of files and folders (recursively: .txt, .html, .jsonl files), in order;
    folders are listed as ``listing.list_inputs`` says."""
    from claimgraph.ingest.listing import Listed, list_inputs

    for listed in list_inputs(paths, TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES, follow_symlinks,
                              "folder holds no .txt, .html or .jsonl files"):
        if isinstance(listed, Listed):
            yield from read_file(listed.path, encoding, guess, name=listed.name)
        else:
            yield listed


class Unreadable(Exception):
    """A file that cannot be read; ``str()`` is the one-line reason."""


def read_limited(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, refusing FIFOs and devices before reading (a FIFO is
    opened without waiting for a writer) and files over ``limit`` bytes (default: the
    bytes-per-document limit) without reading past it.  Raises Unreadable."""
    limit = limits().max_bytes if limit is None else limit
    with _open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise Unreadable(too_large(size, limit))
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise Unreadable(too_large(len(data), limit))
    return data


def too_large(size: int, limit: int, what: str = "file") -> str:
    return f"{what} too large ({size / 1e6:.1f} MB > {limit / 1e6:.0f} MB limit; CLAIMGRAPH_MAX_BYTES)"


def _open_regular(path: Path) -> BinaryIO:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise Unreadable(f"cannot read: {err.strerror or err}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        from claimgraph.ingest.listing import file_kind

        raise Unreadable(f"{file_kind(mode)}, not a file: not read")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_file(path: Path, encoding: str | None = None, guess: bool = True, name: str | None = None
              ) -> Iterator[Document | InputFailure]:
    """The documents of one file (one, or one a line for JSON lines), or why there are none.
    ``encoding`` and ``guess`` are those of ``decode``; ``name`` is the path as shown."""
    for _line, item in read_numbered(path, encoding, guess, name):
        yield item


def read_numbered(path: Path, encoding: str | None = None, guess: bool = True, name: str | None = None
                  ) -> Iterator[tuple[int | None, Document | InputFailure]]:
    """``read_file``, each item with the line of a JSON lines file it comes from (None for
    other files)."""
    from claimgraph.ingest.listing import printable

    name = name or printable(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(name, _lines(path, name, encoding, guess, limits().max_bytes))
        return
    try:
        data = read_limited(path)
    except Unreadable as err:
        yield None, InputFailure(name, str(err))
        return
    yield from _document_of_bytes(name, suffix, data, encoding, guess)


def read_bytes(name: str, data: bytes, encoding: str | None = None, guess: bool = True
               ) -> Iterator[tuple[int | None, Document | InputFailure]]:
    """``read_numbered`` on the bytes of a file already read (from remote storage): what
    ``name``'s suffix says it holds, with the same ids, documents, failures and limits."""
    suffix = os.path.splitext(name)[1].lower()
    limit = limits().max_bytes
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(name, _lines_of(io.BytesIO(data), name, encoding, guess, limit))
        return
    if len(data) > limit:
        yield None, InputFailure(name, too_large(len(data), limit))
        return
    yield from _document_of_bytes(name, suffix, data, encoding, guess)


def _document_of_bytes(name: str, suffix: str, data: bytes, encoding: str | None, guess: bool
                       ) -> Iterator[tuple[int | None, Document | InputFailure]]:
    """The document of a whole file's bytes (text or HTML), or why it has none."""
    if not data.strip():
        yield None, InputFailure(name, "empty file")
        return
    markup = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and data.lstrip()[:1] == b"<")
    try:
        text = decode(data, declared_encoding(data) if markup else None, encoding, guess)
    except ValueError as err:
        yield None, InputFailure(name, str(err))
        return
    if not text.strip():
        yield None, InputFailure(name, "empty file")
        return
    if markup:
        yield None, _html_or_failure(name, name, text, url=None, published=None)
    elif "\x00" in text:
        yield None, InputFailure(name, "text contains NUL characters")
    else:
        yield None, Document(id=name, text=text)


def _html_or_failure(path: str, doc_id: str, html: str, url: str | None, published: str | None,
                     line: int | None = None) -> Document | InputFailure:
    try:
        doc = html_document(doc_id, html, url=url, published=published)
    except Exception as err:  # a parser's failure on one hostile page must not stop a corpus
        return InputFailure(path, f"unreadable HTML ({type(err).__name__}: {str(err)[:120]})", line)
    if doc is None:
        what = "the HTML" if doc_id == path else f"the HTML of record {doc_id!r}"
        return InputFailure(path, f"no article text found in {what}", line)
    bad = bad_characters(doc.text)
    if bad:
        return InputFailure(path, f"text {bad}", line)
    return doc


# ---------------------------------------------------------------------- JSON lines
RECORD_FIELDS = ("url", "title", "site", "author", "published", "date")
BAD_CHARS = re.compile("[\x00\ud800-\udfff]")


def bad_characters(value: str) -> str | None:
    """Why a string cannot be stored (a NUL character, a lone surrogate), or None."""
    m = BAD_CHARS.search(value)
    if m is None:
        return None
    if m.group() == "\x00":
        return f"contains NUL characters (offset {m.start()})"
    return f"holds a lone surrogate (U+{ord(m.group()):04X} at offset {m.start()}): not valid Unicode"


def json_depth(line: str) -> int:
    """How deeply the arrays and objects of one JSON text nest (strings are skipped)."""
    if line.count("[") + line.count("{") < 2:
        return line.count("[") + line.count("{")
    import numpy as np

    brackets = re.sub(r'[^\[\]{}]', "", re.sub(r'"(?:[^"\\]|\\.)*"', "", line))
    if not brackets:
        return 0
    steps = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    depth = np.cumsum(np.where((steps == ord("[")) | (steps == ord("{")), 1, -1))
    return int(depth.max())


def _lines(path: Path, name: str, encoding: str | None, guess: bool, limit: int
           ) -> Iterator[tuple[int | None, str | InputFailure]]:
    """The lines of a JSON lines file as text, each read no further than ``limit`` bytes:
    UTF-8 read a line at a time (a corpus can be larger than memory); UTF-16 or UTF-32 (with
    a byte-order mark) read whole, under the same limit."""
    try:
        fh = _open_regular(path)
    except Unreadable as err:
        yield None, InputFailure(name, str(err))
        return
    with fh:
        yield from _lines_of(fh, name, encoding, guess, limit)


def _lines_of(fh: BinaryIO, name: str, encoding: str | None, guess: bool, limit: int
              ) -> Iterator[tuple[int | None, str | InputFailure]]:
    """``_lines`` of a file already open (or of bytes already read, in a BytesIO)."""
    head = fh.read(8192)
    wide = next((codec for bom, codec in BOMS if head.startswith(bom) and codec != "utf-8-sig"), None)
    fh.seek(0)
    if wide is not None:
        data = fh.read(limit + 1)
        if len(data) > limit:
            yield None, InputFailure(name, too_large(len(data), limit, f"{wide.upper()} file"))
            return
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as err:
            yield None, InputFailure(name, f"invalid {wide.upper()} (byte {err.start})")
            return
        for n, line in enumerate(text.splitlines(), start=1):
            yield n, line
        return
    binary = binary_reason(head)
    if binary:
        yield None, InputFailure(name, binary)
        return
    n = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        n += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line unread
                raw = fh.readline(1 << 20)
            yield n, InputFailure(name, f"line too long (over the {limit / 1e6:.0f} MB limit; "
                                        "CLAIMGRAPH_MAX_BYTES)", n)
            continue
        if n == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw.strip():
            continue
        try:
            yield n, decode(raw.rstrip(b"\r\n"), None, encoding, guess)
        except ValueError as err:
            yield n, InputFailure(name, str(err), n)


def _read_jsonl(name: str, lines: Iterator[tuple[int | None, str | InputFailure]]
                ) -> Iterator[tuple[int | None, Document | InputFailure]]:
    """The documents of the numbered lines of a JSON lines file (from ``_lines``)."""
    lim = limits()
    seen_any = False
    for n, line in lines:
        if isinstance(line, InputFailure):
            seen_any = True
            yield n, line
            continue
        if not line.strip():
            continue
        seen_any = True
        assert n is not None
        yield n, _record(line, name, n, lim.max_depth)
    if not seen_any:
        yield None, InputFailure(name, "empty file")


def _record(line: str, name: str, n: int, max_depth: int) -> Document | InputFailure:
    """The document of one JSON line, or why it has none."""
    depth = json_depth(line)
    if depth > max_depth:
        return InputFailure(name, f"JSON nested {depth} deep (limit {max_depth}; CLAIMGRAPH_MAX_DEPTH)", n)
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as err:
        return InputFailure(name, f"malformed JSON ({err.msg})", n)
    except (ValueError, RecursionError) as err:
        return InputFailure(name, f"malformed JSON ({type(err).__name__})", n)
    return document_of_record(name, rec, n)


def document_of_record(name: str, rec: object, n: int) -> Document | InputFailure:
    """The document of one record of a corpus (a JSON lines object, a Parquet row):
    ``id``, ``text`` or ``html``, and ``url``, ``published`` (or ``date``), ``title``,
    ``site``, ``author``; without an id it is ``name:n``. Fields of the wrong type and
    characters no store keeps are refused by name."""
    if not isinstance(rec, dict):
        return InputFailure(name, "a line must be a JSON object", n)
    raw_id = rec.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        return InputFailure(name, f"field 'id' must be a string or a number, not {_json_type(raw_id)}", n)
    doc_id = str(raw_id) if raw_id is not None and str(raw_id).strip() else f"{name}:{n}"
    fields: dict[str, str | None] = {}
    for key in RECORD_FIELDS:
        value = rec.get(key)
        if value is not None and not isinstance(value, str):
            return InputFailure(name, f"record {_short(doc_id)}: field {key!r} must be a string, "
                                      f"not {_json_type(value)}", n)
        fields[key] = value or None
    for key, value in (("id", doc_id), *fields.items()):
        bad = bad_characters(value) if value else None
        if bad:
            return InputFailure(name, f"field {key!r} {bad}", n)
    published = fields["published"] or fields["date"]
    text, html = rec.get("text"), rec.get("html")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return InputFailure(name, f"record {_short(doc_id)}: field {key!r} must be a string, "
                                      f"not {_json_type(value)}", n)
    if isinstance(text, str) and text.strip():
        bad = bad_characters(text)
        if bad:
            return InputFailure(name, f"record {_short(doc_id)}: text {bad}", n)
        return Document(id=doc_id, text=text, published=published, url=fields["url"],
                        title=fields["title"], site=fields["site"], author=fields["author"])
    if isinstance(html, str) and html.strip():
        return _html_or_failure(name, doc_id, html, fields["url"], published, n)
    return InputFailure(name, f"record {_short(doc_id)} has neither 'text' nor 'html'", n)


def _short(doc_id: str) -> str:
    return repr(doc_id if len(doc_id) <= 80 else doc_id[:77] + "...")


def _json_type(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__)
