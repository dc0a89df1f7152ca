"""Bad inputs, each reported with a one-line reason naming the file, and reading going on:
binary, empty, not UTF-8 (invalid or a legacy encoding), too large, broken HTML, a
malformed JSON line, a path that cannot be read.  Good inputs around them are read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimgraph.ingest.readers import InputFailure, decode, read_numbered, read_paths
from claimgraph.model import Document

GOOD = "Iran armed Hezbollah last year, officials said.\n"


def _read(paths: list[Path], **kw) -> tuple[list[Document], list[InputFailure]]:
    items = list(read_paths([str(p) for p in paths], **kw))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputFailure)]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file (NUL bytes), not text"),
    ("noise.txt", bytes(b % 31 + 1 for b in range(4000)), "binary file (control bytes), not text"),
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n \t\n", "empty file"),
    ("invalid.txt", GOOD.encode() + b"\xff\xfe then \xc3\x28 more", "not UTF-8 (byte 0xFF at offset 48)"),
    ("latin.txt", "Die Regierung in München hat gesagt.".encode("latin-1"), "not UTF-8 (byte 0xFC at offset 18)"),
    ("broken.html", b"<html><head><title>Page</title></head><body><div class=\"", "no article text found in the HTML"),
])
def test_a_bad_file_is_reported_with_a_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    docs, failures = _read([bad, good], guess=False)
    assert [d.text for d in docs] == [GOOD]
    assert len(failures) == 1 and failures[0].path == str(bad) and failures[0].reason.startswith(reason)
    assert "\n" not in str(failures[0]) and str(failures[0]).startswith(f"{bad}: ")


def test_a_legacy_encoding_is_read_when_named(tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes("Die Regierung in München hat gesagt.".encode("latin-1"))
    docs, failures = _read([f], encoding="latin-1", guess=False)
    assert failures == [] and docs[0].text == "Die Regierung in München hat gesagt."
    # without a name, guessing is left to claimgraph extract; the store never guesses
    docs, failures = _read([f], guess=False)
    assert docs == [] and "--encoding" in failures[0].reason


def test_declared_encodings_and_byte_order_marks_are_honoured(tmp_path: Path) -> None:
    html = tmp_path / "page.html"
    body = "<p>" + "Le président a déclaré que l’armée soutiendrait l’opération au Mali. " * 3 + "</p>"
    html.write_bytes(f'<html><head><meta charset="windows-1252"></head><body><article>{body}</article></body>'
                     f'</html>'.encode("cp1252"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(GOOD.encode("utf-16"))
    docs, failures = _read([html, utf16], guess=False)
    assert failures == []
    assert "président a déclaré que l’armée" in docs[0].text and docs[1].text == GOOD
    assert decode(b"\xef\xbb\xbf" + GOOD.encode(), guess=False) == GOOD


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    docs, failures = _read([big])
    assert docs == [] and failures[0].reason == "file too large (52.4 MB > 21 MB limit; CLAIMGRAPH_MAX_BYTES)"


def test_unreadable_paths_are_reported(tmp_path: Path) -> None:
    dangling = tmp_path / "link.txt"
    os.symlink(tmp_path / "nowhere.txt", dangling)
    docs, failures = _read([tmp_path / "missing.txt", dangling])
    assert docs == []
    assert [str(f) for f in failures] == [f"{tmp_path / 'missing.txt'}: cannot read: No such file or directory",
                                          f"{dangling}: dangling symlink (to {tmp_path / 'nowhere.txt'})"]


def test_json_lines_are_read_line_by_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b"\n".join([
        b'{"id": "a", "text": "Iran armed Hezbollah.", "published": "2019-05-12", "url": "https://x.example/a"}',
        b'{"id": "b", "text": "Hamas fired rockets at Israel."',
        b"",
        b'["not", "an", "object"]',
        b'{"id": "c", "text": "Caf\xe9 owners protested."}',
        b'{"id": "d"}',
        b'{"id": "e", "html": "<html><body><div class=\\""}',
        b'{"id": "f", "text": "Russia attacked Ukraine."}',
    ]) + b"\n")
    items = list(read_numbered(corpus, guess=False))
    got = [(line, item.id if isinstance(item, Document) else item.reason) for line, item in items]
    assert got == [
        (1, "a"),
        (2, "malformed JSON (Expecting ',' delimiter)"),
        (4, "a line must be a JSON object"),
        (5, "not UTF-8 (byte 0xE9 at offset 24): name its encoding with --encoding (e.g. cp1252), "
            "or convert it to UTF-8"),
        (6, "record 'd' has neither 'text' nor 'html'"),
        (7, "no article text found in the HTML of record 'e'"),
        (8, "f"),
    ]
    first = items[0][1]
    assert isinstance(first, Document) and (first.published, first.url) == ("2019-05-12", "https://x.example/a")
    assert all(item.path == str(corpus) for _, item in items if isinstance(item, InputFailure))


def test_binary_and_empty_json_lines_files_fail_once(tmp_path: Path) -> None:
    binary = tmp_path / "dump.jsonl"
    binary.write_bytes(bytes(range(256)) * 100)
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n\n")
    docs, failures = _read([binary, empty])
    assert docs == []
    assert [(f.path, f.reason) for f in failures] == [(str(binary), "binary file (NUL bytes), not text"),
                                                      (str(empty), "empty file")]
