"""Which parts of a plain text are article prose: page furniture (breadcrumbs, captions,
"Check Also" blocks, comment forms) is left out of extraction, never out of the text, so
offsets stay those of the document as given."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$|[.!?][\"'”’)\]]*\s+\S")
MAX_BLOCK = 100_000


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


def is_prose(line: str) -> bool:
    min_words, patterns, separators = _rules()
    text = line.strip()
    if not text:
        return False
    words = re.findall(r"[^\W\d_]+", text)
    if len(words) < 3:
        return False
    if any(text.count(sep) >= 2 for sep in separators):
        return False
    if any(p.search(text) for p in patterns):
        return False
    ends = bool(re.search(r"[.!?:][\"'”’)\]]*$", text))
    return ends or (len(words) >= min_words and bool(SENTENCE_END.search(text)))


def prose_blocks(text: str) -> list[Block]:
    """Character ranges of prose, one per paragraph (consecutive prose lines joined)."""
    blocks: list[Block] = []
    pos = 0
    cur_start: int | None = None
    cur_end = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if is_prose(line):
            # a hard-wrapped paragraph continues on the next line
            if cur_start is not None and cur_end == start - 1 and not re.search(r"[.!?:][\"'”’)\]]*$",
                                                                               text[cur_start:cur_end]):
                cur_end = end
            else:
                if cur_start is not None:
                    blocks.append(Block(cur_start, cur_end))
                cur_start, cur_end = start, end
        elif cur_start is not None:
            blocks.append(Block(cur_start, cur_end))
            cur_start = None
    if cur_start is not None:
        blocks.append(Block(cur_start, cur_end))
    out: list[Block] = []
    for b in blocks:
        s = b.start
        while b.end - s > MAX_BLOCK:
            cut = text.rfind(". ", s, s + MAX_BLOCK)
            cut = cut + 1 if cut > s else s + MAX_BLOCK
            out.append(Block(s, cut))
            s = cut
        # leading whitespace is kept out so that spans start at words
        while s < b.end and text[s].isspace():
            s += 1
        if s < b.end:
            out.append(Block(s, b.end))
    return out
