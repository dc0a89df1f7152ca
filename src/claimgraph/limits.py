"""The limits that keep one hostile input from taking a run down: each is checked before the
work it bounds (a file is read no further than its limit, a paragraph is split before it is
parsed), and an input over a limit becomes a failure with the limit named.

Each default can be changed by an environment variable (in brackets), read when a run
starts; ``docs/hardening.md`` says why each default is what it is.

- bytes per document (CLAIMGRAPH_MAX_BYTES): a file, a JSON line, a fetched page or a feed;
- JSON nesting depth (CLAIMGRAPH_MAX_DEPTH);
- items per feed (CLAIMGRAPH_MAX_FEED_ITEMS);
- characters per paragraph (CLAIMGRAPH_MAX_PARAGRAPH): a longer one is split at sentence
  ends into parts of at most this length, and parsed part by part;
- characters per sentence (CLAIMGRAPH_MAX_SENTENCE): a run without a sentence end longer than
  this is cut at spaces (or anywhere, when it has none);
- seconds per document (CLAIMGRAPH_MAX_SECONDS): a document still being extracted past this
  is recorded as a failure and its remaining paragraphs are not read;
- memory per worker process, in MB (CLAIMGRAPH_MAX_MEMORY_MB): the address space a worker may
  use; a document that needs more fails alone (0: no limit)."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(float(value)) if value else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_depth: int = 100
    max_feed_items: int = 5_000
    max_paragraph: int = 5_000
    max_sentence: int = 2_000
    max_seconds: float = 300.0
    max_memory_mb: int = 4_096

    @classmethod
    def from_env(cls) -> Limits:
        d = cls()
        return cls(max_bytes=_env_int("CLAIMGRAPH_MAX_BYTES", d.max_bytes),
                   max_depth=_env_int("CLAIMGRAPH_MAX_DEPTH", d.max_depth),
                   max_feed_items=_env_int("CLAIMGRAPH_MAX_FEED_ITEMS", d.max_feed_items),
                   max_paragraph=_env_int("CLAIMGRAPH_MAX_PARAGRAPH", d.max_paragraph),
                   max_sentence=_env_int("CLAIMGRAPH_MAX_SENTENCE", d.max_sentence),
                   max_seconds=float(_env_int("CLAIMGRAPH_MAX_SECONDS", int(d.max_seconds))),
                   max_memory_mb=_env_int("CLAIMGRAPH_MAX_MEMORY_MB", d.max_memory_mb))


def limits() -> Limits:
    """The limits in force (the defaults, changed by the environment)."""
    return Limits.from_env()


def oversize_note(text: str, lim: Limits | None = None) -> str | None:
    """A note for a text whose lines are longer than a paragraph may be: they are parsed in
    parts (``extraction.text``), so a claim across a cut may be missed."""
    lim = lim or limits()
    if len(text) <= lim.max_paragraph:
        return None
    longest = max(map(len, text.splitlines()), default=0)
    if longest <= lim.max_paragraph:
        return None
    return (f"a line of {longest:,} characters is parsed in parts of at most {lim.max_paragraph:,} "
            f"(sentences of at most {lim.max_sentence:,}; CLAIMGRAPH_MAX_PARAGRAPH, CLAIMGRAPH_MAX_SENTENCE)")


def extraction_failure(err: BaseException) -> str:
    """The reason recorded for a document whose extraction raised; a MemoryError names the
    limit per worker (it says nothing of its own)."""
    if isinstance(err, MemoryError):
        return "extraction failed: out of memory (MemoryError; the limit per worker is CLAIMGRAPH_MAX_MEMORY_MB)"
    return f"extraction failed: {type(err).__name__}: {err}"
