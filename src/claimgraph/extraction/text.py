"""Which parts of a plain text are article prose: page furniture (breadcrumbs, captions,
"Check Also" blocks, comment forms) is left out of extraction, never out of the text, so
offsets stay those of the document as given."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from claimgraph.limits import limits

SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$|[.!?][\"'”’)\]]*\s+\S")
ELLIPSIS_END = re.compile(r"\s*(…|\.\.\.)\s*$")


@dataclass(frozen=True)
class Block:
    start: int
    end: int


@lru_cache(maxsize=1)
def _rules() -> tuple[int, list[re.Pattern[str]], list[str]]:
    raw = (resources.files("claimgraph") / "data" / "boilerplate.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw) or {}
    patterns = [re.compile(p, re.IGNORECASE) for p in data.get("patterns") or []]
    return int(data.get("min_words", 6)), patterns, list(data.get("separators") or [])


def _furniture(text: str) -> bool:
    _, patterns, separators = _rules()
    return any(text.count(sep) >= 2 for sep in separators) or any(p.search(text) for p in patterns)


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?:][\"'”’)\]]*$", text.strip()))


def is_prose(line: str) -> bool:
    """Whether a line, alone, reads as article prose."""
    min_words = _rules()[0]
    text = line.strip()
    cut = ELLIPSIS_END.search(text)
    if cut and len(re.findall(r"[^\W\d_]+", text)) >= 2 * min_words \
            and SENTENCE_END.search(text[:cut.start()]):
        # a paragraph cut short after whole sentences (feed items, search snippets) is prose; a
        # short teaser ending in an ellipsis ("Read the full story ...") is not
        text = text[:cut.start()]
    words = re.findall(r"[^\W\d_]+", text)
    if len(words) < 3 or _furniture(text):
        return False
    return _ends_sentence(text) or (len(words) >= min_words and bool(SENTENCE_END.search(text)))


def _next_text_line(lines: list[tuple[int, int, str]], k: int) -> int | None:
    """The index of the first line after ``k`` that is not blank."""
    return next((j for j in range(k + 1, len(lines)) if lines[j][2].strip()), None)


def _headline(lines: list[tuple[int, int, str]], prose: list[bool]) -> int | None:
    """The line of an opening headline written without a full stop ("Kremlin Slams Kiev Over
    Gas Price"), which the guide codes as a sentence: the first line that is neither empty
    nor furniture, before any prose, in a paragraph of its own that prose follows; three to
    25 words, not a byline and not a line that introduces what follows (":")."""
    for k, (_, _, body) in enumerate(lines):
        text = body.strip()
        if not text or _furniture(text):
            continue
        if prose[k]:
            return None
        words = re.findall(r"[^\W\d_]+", text)
        if not 3 <= len(words) <= 25 or text.endswith(":") or re.match(r"(?i)by\s", text):
            return None
        if k + 1 < len(lines) and lines[k + 1][2].strip():
            return None  # not a paragraph of its own
        nxt = _next_text_line(lines, k)
        return k if nxt is not None and prose[nxt] else None
    return None


def prose_blocks(text: str) -> list[Block]:
    """Character ranges of prose, one per paragraph (consecutive prose lines joined)."""
    min_words = _rules()[0]
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((pos, pos + len(body), body))
        pos += len(raw)
    prose = [is_prose(body) for _, _, body in lines]
    # "Caddell continued:" / "He said:" on a line of its own introduces the paragraph after it
    for k in range(len(lines) - 1, -1, -1):
        body = lines[k][2].strip()
        if not prose[k] and body.endswith(":") and len(re.findall(r"[^\W\d_]+", body)) >= 2 \
                and not _furniture(body):
            nxt = _next_text_line(lines, k)
            prose[k] = nxt is not None and prose[nxt]
    head = _headline(lines, prose)
    if head is not None:
        prose[head] = True
    # a hard-wrapped paragraph: a long line without an ending, continued by prose on the next line
    for k in range(len(lines) - 2, -1, -1):
        body = lines[k][2].strip()
        if not prose[k] and prose[k + 1] and lines[k + 1][2].strip() and not _furniture(body) \
                and len(re.findall(r"[^\W\d_]+", body)) >= min_words:
            prose[k] = True
    blocks: list[Block] = []
    cur: list[int] | None = None
    for k, (start, end, _) in enumerate(lines):
        if not prose[k]:
            if cur is not None:
                blocks.append(Block(cur[0], cur[1]))
                cur = None
            continue
        joined = cur is not None and k > 0 and prose[k - 1] and not _ends_sentence(lines[k - 1][2])
        if joined and cur is not None:
            cur[1] = end
        else:
            if cur is not None:
                blocks.append(Block(cur[0], cur[1]))
            cur = [start, end]
    if cur is not None:
        blocks.append(Block(cur[0], cur[1]))
    # a paragraph that ends in a colon and the paragraph it introduces are one block, so that
    # "The governor added:" finds its words
    merged: list[Block] = []
    for b in blocks:
        if merged and text[merged[-1].start:merged[-1].end].rstrip().endswith(":") \
                and not text[merged[-1].end:b.start].strip():
            merged[-1] = Block(merged[-1].start, b.end)
        else:
            merged.append(b)
    lim = limits()
    out: list[Block] = []
    for b in merged:
        s = b.start
        # leading whitespace is kept out so that spans start at words
        while s < b.end and text[s].isspace():
            s += 1
        if s < b.end:
            out += _parts(text, s, b.end, lim.max_paragraph, lim.max_sentence)
    return out


SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+")


def _parts(text: str, start: int, end: int, most: int, sentence: int) -> list[Block]:
    """A block as parsed: whole when short; else in parts of at most ``most`` characters
    that end at sentence ends, and a run of more than ``sentence`` characters without a
    sentence end cut at spaces (anywhere when it has none) into parts parsed alone.  Parsing
    and the stages after it cost more than linear time on one long span."""
    if end - start <= min(most, sentence):
        return [Block(start, end)]
    sentences: list[tuple[int, int, bool]] = []
    prev = start
    for e in [m.end() for m in SENTENCE_BREAK.finditer(text, start, end)] + [end]:
        while e - prev > sentence:
            cut = text.rfind(" ", prev + sentence // 2, prev + sentence)
            cut = cut + 1 if cut > 0 else prev + sentence
            sentences.append((prev, cut, True))
            prev = cut
        if e > prev:
            sentences.append((prev, e, False))
            prev = e
    out: list[Block] = []
    cur: list[int] | None = None
    for s, e, cut in sentences:
        if cut or cur is None or e - cur[0] > most:
            if cur is not None:
                out.append(Block(cur[0], cur[1]))
            cur = None if cut else [s, e]
            if cut:
                out.append(Block(s, e))
        else:
            cur[1] = e
    if cur is not None:
        out.append(Block(cur[0], cur[1]))
    return out
