"""Loads the word lists in ``data/`` once: event triggers, attribution cues, modality words,
role words and group nouns (each file documents its own format at its top), and reads the
shipped model weights in ``data/models/``."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class TriggerSense:
    event: str
    mode: str | None
    context: tuple[str, ...]


@dataclass(frozen=True)
class GroupNoun:
    sector: str
    type: str


@dataclass
class Lexicons:
    # (lemma, pos) -> senses; phrasal entries are keyed by their full "verb particle" lemma
    triggers: dict[tuple[str, str], list[TriggerSense]] = field(default_factory=dict)
    phrasal_heads: dict[str, set[str]] = field(default_factory=dict)  # verb/noun -> particles/modifiers
    cue_verbs: set[str] = field(default_factory=set)  # speech and belief verbs
    cue_particles: dict[str, set[str]] = field(default_factory=dict)  # "point" -> {"out"}
    belief_verbs: set[str] = field(default_factory=set)
    cue_phrases: list[tuple[str, ...]] = field(default_factory=list)
    cue_nouns: set[str] = field(default_factory=set)
    passive_cues: set[str] = field(default_factory=set)
    stance_verbs: set[str] = field(default_factory=set)
    source_nouns: set[str] = field(default_factory=set)
    modality: dict[str, set[str]] = field(default_factory=dict)
    roles: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    former_markers: set[str] = field(default_factory=set)
    group_nouns: dict[str, GroupNoun] = field(default_factory=dict)
    grammar: dict[str, set[str]] = field(default_factory=dict)
    frame_events: dict[str, str] = field(default_factory=dict)

    def senses(self, lemma: str, pos: str) -> list[TriggerSense]:
        return self.triggers.get((lemma, pos), [])

    def words(self, key: str) -> set[str]:
        return self.modality.get(key, set())

    def gram(self, key: str) -> set[str]:
        return self.grammar.get(key, set())


def _data_text(name: str) -> str:
    return (resources.files("claimgraph") / "data" / name).read_text(encoding="utf-8")


def model_weights(name: str) -> dict | None:
    """A shipped model's weights (``data/models/NAME``), or None when the file is absent."""
    try:
        data = json.loads((resources.files("claimgraph") / "data" / "models" / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return data if isinstance(data, dict) else None


def _yaml(name: str) -> dict:
    data = yaml.load(_data_text(name), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data if isinstance(data, dict) else {}


def _tsv(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in _data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _lower_set(values: object) -> set[str]:
    if not isinstance(values, list):
        return set()
    return {str(v).lower().strip() for v in values if str(v).strip()}


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    lex = Lexicons()
    for row in _tsv("triggers.tsv"):
        lemma = (row.get("lemma") or "").strip().lower()
        pos = (row.get("pos") or "").strip().upper()
        event = (row.get("event") or "").strip().upper()
        if not lemma or not event:
            continue
        ctx = tuple(c.strip() for c in (row.get("context") or "").split(",") if c.strip())
        sense = TriggerSense(event, (row.get("mode") or "").strip() or None, ctx)
        lex.triggers.setdefault((lemma, pos), [])
        if sense not in lex.triggers[(lemma, pos)]:
            lex.triggers[(lemma, pos)].append(sense)
        if " " in lemma:
            # "pull out" is keyed by its head: the verb (first word) or the noun (last word)
            words = lemma.split()
            head, rest = (words[0], " ".join(words[1:])) if pos == "VERB" else (words[-1], " ".join(words[:-1]))
            lex.phrasal_heads.setdefault(f"{head}/{pos}", set()).add(rest)
    cues = _yaml("cues.yaml")
    lex.belief_verbs = _lower_set(cues.get("belief_verbs"))
    lex.cue_verbs = _lower_set(cues.get("verbs")) | lex.belief_verbs
    for entry in [v for v in lex.cue_verbs if " " in v]:
        # "point out": the verb with that particle or preposition among its children
        head, rest = entry.split(" ", 1)
        lex.cue_particles.setdefault(head, set()).add(rest)
    lex.cue_phrases = [tuple(p.split()) for p in sorted(_lower_set(cues.get("phrases")), key=len, reverse=True)]
    lex.cue_nouns = _lower_set(cues.get("nouns"))
    lex.passive_cues = _lower_set(cues.get("passive_cues"))
    lex.stance_verbs = {v.split()[0] for v in _lower_set(cues.get("stance_verbs"))}
    lex.source_nouns = _lower_set(cues.get("source_nouns"))
    lex.modality = {k: _lower_set(v) for k, v in _yaml("modality.yaml").items()}
    roles = _yaml("roles.yaml")
    for word, spec in (roles.get("roles") or {}).items():
        if isinstance(spec, dict):
            lex.roles[str(word).lower()] = (str(spec.get("role") or word), spec.get("sector"))
        else:
            lex.roles[str(word).lower()] = (str(spec or word), None)
    lex.former_markers = _lower_set(roles.get("former_markers"))
    for row in _tsv("sectors.tsv"):
        lemma = (row.get("lemma") or "").strip().lower()
        if lemma:
            lex.group_nouns[lemma] = GroupNoun((row.get("sector") or "UNK").strip(),
                                               (row.get("type") or "group").strip())
    grammar = _yaml("grammar.yaml")
    lex.grammar = {k: {str(v).strip() for v in vs} for k, vs in grammar.items() if isinstance(vs, list)}
    lex.frame_events = {str(k).lower(): str(v).upper() for k, v in (grammar.get("frame_events") or {}).items()}
    return lex
