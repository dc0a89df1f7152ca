"""A seeded generator of hostile inputs, byte by byte: files of every kind claimgraph reads
(text, HTML, JSON lines, feeds), good ones and bad ones, and bad ones made by damaging good
ones.  The same seed gives the same files.  Used by the fuzz tests (a few thousand inputs)
and by ``bench/fuzz_inputs.py`` (tens of thousands, with figures).

Long inputs are a few KB: run them with small paragraph and sentence limits
(``FUZZ_LIMITS``) so that they cross those limits as a long article crosses the defaults.

Each input is written as one file; ``Case.good`` is the number of documents it must yield
(None when a damaged input may or may not still be readable)."""

from __future__ import annotations

import codecs
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SENTENCES = [
    "Iran has supplied rifles to the Houthi rebels in Yemen, officials in Riyadh said on Monday.",
    "The Saudi foreign minister accused Tehran of arming the group.",
    "Russia denied that its troops attacked Ukrainian positions near Kharkiv last week.",
    "Turkish troops shelled Kurdish fighters in Afrin on Tuesday, the monitor said.",
    "Hamas fired rockets at Israel on Monday, the army said in a statement.",
    "The European Union imposed sanctions on Belarus after the disputed election.",
    "Egypt and Jordan agreed to cooperate on border security, according to a joint statement.",
    "China criticized the United States over its arms sales to Taiwan.",
    "Protesters marched in Baghdad to demand the withdrawal of foreign forces.",
    "The United Nations called on both sides to allow aid convoys into the city.",
]
WORDS = "the of and to in said officials army attack rebels government forces city sanctions talks".split()


# the limits the generated inputs are read under: the long ones cross them
FUZZ_LIMITS = {"CLAIMGRAPH_MAX_PARAGRAPH": "600", "CLAIMGRAPH_MAX_SENTENCE": "250"}


@dataclass(frozen=True)
class Case:
    name: str  # the file name (its suffix says its kind)
    data: bytes
    good: int | None  # documents it must yield; None: a damaged input, readable or not
    kind: str  # what it is, for the figures


def _prose(rng: random.Random, sentences: int) -> str:
    paras = []
    for _ in range(max(1, sentences // 3)):
        paras.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3))))
    return "\n\n".join(paras) + "\n"


def _damage(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(4)
        at = rng.randrange(len(b) + 1)
        if op == 0 and b:
            b[min(at, len(b) - 1)] = rng.randrange(256)
        elif op == 1:
            b[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 2:
            del b[at:at + rng.randint(1, 32)]
        else:
            b[at:at] = rng.choice([b"\x00", b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\r",
                                   "\u2028".encode(), b"{", b"]", b"<", b"&#0;"])
    return bytes(b)


def _record(rng: random.Random, n: int) -> dict:
    return {"id": f"r{n}", "text": _prose(rng, rng.randint(1, 6)), "url": f"https://news.example/{n}",
            "title": "Report", "published": "2024-03-12"}


BAD_FIELDS = [
    ("url", {"href": "x"}), ("title", ["a", "b"]), ("site", {"name": 1}), ("published", 20240312),
    ("author", 3.5), ("text", ["x"]), ("id", {"a": 1}), ("text", "Iran \ud800 armed Hezbollah."),
    ("id", "bad\x00id"), ("title", "T\x00"), ("text", ""), ("text", None), ("html", 7),
]


def _jsonl(rng: random.Random, n: int) -> tuple[bytes, int | None, str]:
    good = rng.randint(0, 4)
    lines = [json.dumps(_record(rng, f"{n}-{k}")) for k in range(good)]
    bad = rng.randrange(7)
    if bad == 0:
        depth = rng.choice([101, 1000, 100_000])
        lines.insert(rng.randint(0, len(lines)), "[" * depth + "]" * depth)
    elif bad == 1:
        rec = _record(rng, f"{n}-bad")
        key, value = rng.choice(BAD_FIELDS)
        rec[key] = value
        lines.insert(rng.randint(0, len(lines)), json.dumps(rec))
    elif bad == 2:
        lines.insert(rng.randint(0, len(lines)), rng.choice(['{"id": "x", "text": "unterminated', "[1, 2]", "null",
                                                             "42", '"a string"', "{}", "{,}"]))
    elif bad == 3:
        return _damage(rng, ("\n".join(lines) + "\n").encode()), None, "jsonl damaged"
    elif bad == 4 and lines:
        # "utf-16" and "utf-8-sig" write the byte-order mark
        return ("\n".join(lines) + "\n").encode(rng.choice(["utf-16", "utf-8-sig"])), good, "jsonl with a BOM"
    return ("\n".join(lines) + "\n").encode(), good, "jsonl"


def _html(rng: random.Random) -> tuple[bytes, int | None, str]:
    body = "".join(f"<p>{p}</p>" for p in _prose(rng, rng.randint(3, 9)).split("\n\n"))
    shape = rng.randrange(5)
    if shape == 0:
        return f"<html><body><article>{body}</article></body></html>".encode(), None, "html"
    if shape == 1:
        depth = rng.choice([500, 5000])
        return ("<div>" * depth + body + "</div>" * depth).encode(), None, "html nested deep"
    if shape == 2:
        return f"<html><head><script>{'x' * 5000}</script></head><body><div class=\"".encode(), None, "html broken"
    if shape == 3:
        return _damage(rng, f"<html><body><article>{body}</article></body></html>".encode()), None, "html damaged"
    return f'<html><head><meta charset="x-nonsense"></head><body><p>{body}</p></body></html>'.encode(), None, \
        "html odd charset"


def _feed(rng: random.Random) -> tuple[bytes, int | None, str]:
    items = rng.randint(0, 5)
    shape = rng.randrange(4)
    entries = "".join(f"<item><title>Item {k}</title><description>&lt;p&gt;{rng.choice(SENTENCES)}&lt;/p&gt;"
                      f"</description></item>" for k in range(items))
    if shape == 0:
        laughs = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' \
                 '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        return f'<?xml version="1.0"?>{laughs}<rss version="2.0"><channel><title>&d;</title>{entries}' \
               "</channel></rss>".encode(), None, "feed with entity expansion"
    if shape == 1:
        xxe = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        return f'<?xml version="1.0"?>{xxe}<rss version="2.0"><channel><title>&x;</title>{entries}' \
               "</channel></rss>".encode(), None, "feed with an external entity"
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}</channel></rss>'.encode()
    if shape == 2:
        return _damage(rng, feed), None, "feed damaged"
    return feed, (items if items else None), "feed"


def _text(rng: random.Random) -> tuple[bytes, int | None, str]:
    shape = rng.randrange(10)
    if shape == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 3000))), None, "random bytes"
    if shape == 1:
        return rng.choice([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\n\n  \t\n"]), 0, "empty"
    if shape == 2:
        line = " ".join(rng.choice(SENTENCES).rstrip(".") for _ in range(rng.randint(8, 30)))
        return line.encode(), 1, "one long line"
    if shape == 3:
        run = "".join(rng.choice("abcdefghij") for _ in range(rng.randint(500, 3000)))
        return f"Iran said {run} on Monday.\n".encode(), 1, "one long word"
    if shape == 4:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(100, 400))).encode(), 1, "no sentence end"
    if shape == 5:
        return _prose(rng, 6).encode(rng.choice(["utf-16", "utf-32", "utf-8-sig"])), 1, "text with a BOM"
    if shape == 6:
        return _damage(rng, _prose(rng, 6).encode()), None, "text damaged"
    if shape == 7:
        return (_prose(rng, 3) + "\x00" * rng.randint(1, 4) + _prose(rng, 2)).encode(), 0, "text with NUL"
    return _prose(rng, rng.randint(1, 12)).encode(), 1, "text"


def cases(seed: int, n: int) -> Iterator[Case]:
    """``n`` inputs, the same for the same seed."""
    rng = random.Random(seed)
    for k in range(n):
        kind = rng.choices(["txt", "html", "jsonl", "xml"], weights=[5, 2, 3, 1])[0]
        if kind == "txt":
            data, good, what = _text(rng)
        elif kind == "html":
            data, good, what = _html(rng)
        elif kind == "jsonl":
            data, good, what = _jsonl(rng, k)
        else:
            data, good, what = _feed(rng)
        yield Case(f"in{k:05d}.{kind}", data, good, what)


def write(folder: Path, seed: int, n: int) -> list[Case]:
    """The cases, each written as a file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = list(cases(seed, n))
    for c in out:
        (folder / c.name).write_bytes(c.data)
    return out
