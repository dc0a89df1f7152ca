"""Hostile inputs, each of which once crashed, hung or was skipped without a word: every one
is now a failure naming the input, its line or item, and the reason, and the good inputs
beside it are read.  ``extract`` and ``ingest`` read through the same ``Sources``; the
command-line tests at the end check both commands on the same folder."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimgraph.ingest.readers import InputFailure, json_depth
from claimgraph.ingest.sources import Found, Sources

GOOD = "Iran armed Hezbollah last year, officials said.\n"


def _read(inputs: list[Path | str], **kw) -> tuple[list[Found], list[InputFailure]]:
    items = list(Sources(**kw).read([str(p) for p in inputs]))
    return [i for i in items if isinstance(i, Found)], [i for i in items if isinstance(i, InputFailure)]


def _line(**record) -> str:
    return json.dumps(record) + "\n"


def test_a_json_line_nested_100000_deep_fails_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.jsonl").write_text(_line(id="ok", text=GOOD) + "[" * 100_000 + "]" * 100_000 + "\n"
                                       + '{"id": "x", "text": ' + "[" * 150 + "]" * 150 + "}\n")
    (folder / "good.txt").write_text(GOOD)
    found, failures = _read([folder])
    assert [f.document.id for f in found] == ["ok", str(folder / "good.txt")]
    assert [(f.line, f.reason) for f in failures] == [
        (2, "JSON nested 100000 deep (limit 100; CLAIMGRAPH_MAX_DEPTH)"),
        (3, "JSON nested 151 deep (limit 100; CLAIMGRAPH_MAX_DEPTH)")]
    # brackets inside strings are text, not nesting
    assert json_depth(json.dumps({"text": "[[[[{{{{" * 100})) == 1


@pytest.mark.parametrize(("record", "reason"), [
    ({"id": "s1", "text": "Iran armed \ud800 Hezbollah."},
     "record 's1': text holds a lone surrogate (U+D800 at offset 11): not valid Unicode"),
    ({"id": "\udc80x", "text": GOOD}, "field 'id' holds a lone surrogate (U+DC80 at offset 0): not valid Unicode"),
    ({"id": "n1\x00", "text": GOOD}, "field 'id' contains NUL characters (offset 2)"),
    ({"id": "n2", "title": "Ti\x00tle", "text": GOOD}, "field 'title' contains NUL characters (offset 2)"),
    ({"id": "n3", "text": "Iran\x00 armed Hezbollah."}, "record 'n3': text contains NUL characters (offset 4)"),
    ({"id": "t1", "url": {"href": "x"}, "text": GOOD}, "record 't1': field 'url' must be a string, not an object"),
    ({"id": "t2", "title": ["a", "b"], "text": GOOD}, "record 't2': field 'title' must be a string, not a list"),
    ({"id": "t3", "site": {"name": "x"}, "text": GOOD}, "record 't3': field 'site' must be a string, not an object"),
    ({"id": "t4", "published": 20240312, "text": GOOD},
     "record 't4': field 'published' must be a string, not a number"),
    ({"id": {"a": 1}, "text": GOOD}, "field 'id' must be a string or a number, not an object"),
    ({"id": "t5", "text": ["Iran armed Hezbollah."]}, "record 't5': field 'text' must be a string, not a list"),
])
def test_a_json_line_with_a_bad_field_fails_alone(tmp_path: Path, record: dict, reason: str) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(_line(id="before", text=GOOD) + json.dumps(record) + "\n" + _line(id="after", text=GOOD + " "))
    found, failures = _read([corpus])
    assert [f.document.id for f in found] == ["before", "after"]
    assert [(f.path, f.line, f.reason) for f in failures] == [(str(corpus), 2, reason)]


def test_a_file_name_that_is_not_utf8_is_read_under_a_printable_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw, "wb") as fh:
        fh.write(GOOD.encode())
    (found,), failures = _read([folder])
    assert failures == []
    assert found.document.id == f"{folder}/caf\ufffd.txt" == found.source
    found.document.id.encode("utf-8")  # storable and printable


def test_devices_fifos_and_sockets_are_refused_unopened(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "alone.jsonl")
    (folder / "good.txt").write_text(GOOD)
    started = time.monotonic()
    found, failures = _read(["/dev/zero", tmp_path / "alone.jsonl", folder])
    assert time.monotonic() - started < 5
    assert [f.document.id for f in found] == [str(folder / "good.txt")]
    assert [str(f) for f in failures] == [
        "/dev/zero: a character device, not a file: not read",
        f"{tmp_path / 'alone.jsonl'}: a FIFO, not a file: not read",
        f"{folder / 'pipe.txt'}: a FIFO, not a file: not read"]


def test_symlinks_are_followed_inside_the_inputs_only(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Russia attacked Ukraine, the ministry said.\n")
    folder = tmp_path / "in"
    (folder / "real").mkdir(parents=True)
    (folder / "real" / "a.txt").write_text(GOOD)
    (folder / "linked").symlink_to(folder / "real")  # a symlinked subfolder inside the input
    (folder / "loop").symlink_to(folder)  # leads back to the folder being read
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "passwd.txt").symlink_to(outside / "secret.txt")
    found, failures = _read([folder])
    assert [f.document.id for f in found] == [str(folder / "linked" / "a.txt"), str(folder / "real" / "a.txt")]
    assert [str(f) for f in failures] == [
        f"{folder / 'dangling.txt'}: dangling symlink (to {tmp_path / 'nowhere.txt'})",
        f"{folder / 'loop'}: symlink loop: leads back to a folder being read",
        f"{folder / 'passwd.txt'}: symlink to {outside / 'secret.txt'}, outside the inputs named: "
        "not followed (--follow-symlinks follows it)"]
    # named on the command line, the outside folder is an input, and the link leads inside it
    found, failures = _read([folder, outside])
    assert str(folder / "passwd.txt") in [f.document.id for f in found]
    found, _ = _read([folder], follow_symlinks=True)
    assert str(folder / "passwd.txt") in [f.document.id for f in found]
    # a link loop of two names
    (tmp_path / "l1.txt").symlink_to(tmp_path / "l2.txt")
    (tmp_path / "l2.txt").symlink_to(tmp_path / "l1.txt")
    assert [f.reason for f in _read([tmp_path / "l1.txt"])[1]] == ["symlink loop"]


def test_a_folder_that_cannot_be_read_is_a_failure_not_an_empty_folder(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":  # chmod cannot stop root, who runs CI
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found, failures = _read([folder])
    assert [f.document.id for f in found] == [str(folder / "good.txt")]
    assert [str(f) for f in failures] == [f"{folder / 'locked'}: cannot read the folder: Permission denied"]


def test_hidden_files_are_left_out_of_folders(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "notes.txt").write_text(GOOD)
    (folder / ".draft.txt").write_text(GOOD)
    (folder / "a.txt").write_text(GOOD)
    found, failures = _read([folder])
    assert [f.document.id for f in found] == [str(folder / "a.txt")] and failures == []
    (named,), _ = _read([folder / ".draft.txt"])  # named, a hidden file is read
    assert named.document.text == GOOD


def test_a_bom_alone_is_an_empty_file_and_utf16_json_lines_are_read(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8)
    (tmp_path / "bom16.txt").write_bytes(codecs.BOM_UTF16_LE)
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes(("\ufeff" + _line(id="u1", text="Kyiv accused Moscow of shelling, officials said.")
                      + _line(id="u2", text=GOOD)).encode("utf-16-le"))
    found, failures = _read([tmp_path / "bom.txt", tmp_path / "bom16.txt", wide])
    assert [(f.document.id, f.line) for f in found] == [("u1", 1), ("u2", 2)]
    assert found[0].document.text == "Kyiv accused Moscow of shelling, officials said."
    assert [f.reason for f in failures] == ["empty file", "empty file"]


def test_limits_are_checked_before_reading(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_MAX_BYTES", "1000")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(_line(id="a", text=GOOD) + _line(id="big", text="word " * 5000) + _line(id="b", text=GOOD + "."))
    found, failures = _read([corpus])
    assert [f.document.id for f in found] == ["a", "b"]
    assert [(f.line, f.reason) for f in failures] == [(2, "line too long (over the 0 MB limit; CLAIMGRAPH_MAX_BYTES)")]


def test_feed_items_without_link_or_guid_get_ids_of_their_own(tmp_path: Path, monkeypatch) -> None:
    items = "".join(f"<item><title>Item {n}</title><description>&lt;p&gt;Iran armed group {n} last year, officials "
                    f"said.&lt;/p&gt;</description></item>" for n in range(1, 5))
    feed = tmp_path / "feed.xml"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>')
    found, failures = _read([feed])
    assert [f.document.id for f in found] == [f"{feed}:{n}" for n in range(1, 5)] and failures == []
    monkeypatch.setenv("CLAIMGRAPH_MAX_FEED_ITEMS", "3")
    found, failures = _read([feed])
    assert len(found) == 3
    assert [(f.line, f.reason) for f in failures] == [
        (4, "feed has 4 items: items after the first 3 not read (CLAIMGRAPH_MAX_FEED_ITEMS)")]


# ---------------------------------------------------------------------- the two commands
def _hostile_folder(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    (folder / "surrogate.jsonl").write_text('{"id": "s", "text": "Iran \\ud800 armed Hezbollah."}\n')
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(b"Russia attacked Ukrainian forces in Donetsk, the ministry said.\n")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop").symlink_to(folder)
    (folder / "types.jsonl").write_text(_line(id="t", url={"a": 1}, text=GOOD) + _line(id="p", published=5, text=GOOD))
    (folder / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>x</title><description>'
        "&lt;p&gt;Hamas fired rockets at Israel on Monday, the army said.&lt;/p&gt;</description></item>"
        "</channel></rss>")
    return folder


def _claimgraph(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from claimgraph.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200"})


def test_extract_and_ingest_report_the_same_failures_and_read_the_rest(tmp_path: Path) -> None:
    folder = _hostile_folder(tmp_path)
    missing = str(tmp_path / "missing.txt")
    extracted = _claimgraph("extract", "--what", "all", missing, str(folder), cwd=tmp_path)
    assert extracted.returncode == 1 and "Traceback" not in extracted.stderr
    failed = sorted(line for line in extracted.stderr.splitlines() if line.startswith("claimgraph: "))
    expected = sorted(f"claimgraph: {x}" for x in [
        f"{missing}: cannot read: No such file or directory",
        f"{folder / 'deep.jsonl'}:1: JSON nested 100000 deep (limit 100; CLAIMGRAPH_MAX_DEPTH)",
        f"{folder / 'loop'}: symlink loop: leads back to a folder being read",
        f"{folder / 'pipe.txt'}: a FIFO, not a file: not read",
        f"{folder / 'surrogate.jsonl'}:1: record 's': text holds a lone surrogate (U+D800 at offset 5): "
        "not valid Unicode",
        f"{folder / 'types.jsonl'}:1: record 't': field 'url' must be a string, not an object",
        f"{folder / 'types.jsonl'}:2: record 'p': field 'published' must be a string, not a number"])
    assert failed == expected
    docs = {json.loads(line)["doc_id"] for line in extracted.stdout.splitlines()}
    # the feed is read as a feed (its item's id is its place in the feed), the odd name with its bytes replaced
    assert docs == {str(folder / "good.txt"), f"{folder}/caf\ufffd.txt", f"{folder / 'feed.xml'}:1"}

    db = str(tmp_path / "claims.db")
    ingested = _claimgraph("--db", db, "ingest", "--format", "json", missing, str(folder), cwd=tmp_path)
    assert ingested.returncode == 1 and "Traceback" not in ingested.stderr
    report = json.loads(ingested.stdout)
    assert sorted(f"claimgraph: {f['source']}{':' + str(f['line']) if f['line'] else ''}: {f['reason']}"
                  for f in report["failures"]) == expected
    assert report["run"]["documents"] == 3 and report["run"]["status"] == "finished"
    listed = json.loads(_claimgraph("--db", db, "failures", "--format", "json", cwd=tmp_path).stdout)
    assert len(listed) == len(expected)
