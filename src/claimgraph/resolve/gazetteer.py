"""The actor gazetteer: actors and their names, loaded from YAML files.

The packaged ``data/actors.yaml`` is always loaded; users add their own files in the same
format (``--actors FILE`` or ``CLAIMGRAPH_ACTORS=FILE[:FILE…]``, see examples/).  From each
entry the gazetteer derives the surface forms that name it:

- ``name``, ``aliases`` (matched case-insensitively) and ``case_sensitive_aliases``;
- hyphen/space variants of multiword names ("al-Qaeda" ~ "al Qaeda");
- initialisms of long names ("Islamic Revolutionary Guard Corps" -> "IRGC"), case-sensitive;
- ``capital`` (unless ``capital_is_metonym: false``) and ``metonyms`` name the body itself,
  for a state its government (sector GOV); ``demonyms`` name the state, with the sector
  decided by the noun they modify (see ``mentions``); ``shared_demonyms`` are left to the
  actor that uses them more.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from claimgraph.model import Actor


@dataclass(frozen=True)
class NameEntry:
    """One surface form: which actor it names, and how."""

    actor_id: str
    kind: str  # name | capital | metonym | demonym
    case_sensitive: bool


def normalize_name(text: str) -> str:
    """Case-, accent-, punctuation-insensitive key: "Al-Qa'ida" -> "al qaida"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’‘`´.]", "", text.lower())
    text = re.sub(r"[^\w]+", " ", text)
    return re.sub(r"^(the) ", "", text.strip())


def _initialism(name: str) -> str | None:
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    if len(words) < 3 or not all(w[0].isupper() or w.lower() in ("of", "for", "and", "the") for w in words):
        return None
    return "".join(w[0] for w in words if w[0].isupper())


class Gazetteer:
    """Actors by id, and every surface form that names one of them."""

    def __init__(self, entries: Iterable[dict]) -> None:
        self.actors: dict[str, Actor] = {}
        self.parent: dict[str, str] = {}
        self.names: dict[str, NameEntry] = {}  # surface form (as written) -> entry
        self.keys: dict[str, str] = {}  # normalized key -> actor id (for lookups by any alias)
        initialisms: dict[str, list[str]] = {}
        for e in entries:
            actor = Actor(id=str(e["id"]), name=str(e["name"]), type=str(e.get("type") or "organization"),
                          country=e.get("country"), sector=e.get("sector"))
            self.actors[actor.id] = actor
            if e.get("part_of"):
                self.parent[actor.id] = str(e["part_of"])
            forms = [actor.name, *map(str, e.get("aliases") or [])]
            for form in forms:
                self._add(form, actor.id, "name", False)
            for form in e.get("case_sensitive_aliases") or []:
                self._add(str(form), actor.id, "name", True)
            if e.get("capital") and e.get("capital_is_metonym", True):
                self._add(str(e["capital"]), actor.id, "capital", False)
            for form in e.get("metonyms") or []:
                self._add(str(form), actor.id, "metonym", False)
            for form in e.get("demonyms") or []:
                self._add(str(form), actor.id, "demonym", False)
            # only the canonical name makes an initialism: aliases make too many accidental ones
            ini = _initialism(actor.name)
            if ini:
                initialisms.setdefault(ini, []).append(actor.id)
        for ini, ids in initialisms.items():
            if len(set(ids)) == 1 and ini not in self.names and normalize_name(ini) not in self.keys:
                self._add(ini, ids[0], "name", True)

    def _add(self, form: str, actor_id: str, kind: str, case_sensitive: bool) -> None:
        form = form.strip()
        if not form:
            return
        variants = {form}
        if "-" in form:
            variants.add(form.replace("-", " "))
        for v in variants:
            if v not in self.names:
                self.names[v] = NameEntry(actor_id, kind, case_sensitive)
        key = normalize_name(form)
        if key and key not in self.keys and not case_sensitive:
            self.keys[key] = actor_id

    def lookup(self, text: str) -> Actor | None:
        """The actor any of whose names, case- and accent-insensitively, is ``text``."""
        actor_id = self.keys.get(normalize_name(text))
        return self.actors.get(actor_id) if actor_id else None

    def state_of(self, actor_id: str) -> Actor | None:
        """The state an actor belongs to (itself for a state), following ``part_of``."""
        seen = set()
        while actor_id and actor_id not in seen:
            seen.add(actor_id)
            actor = self.actors.get(actor_id)
            if actor and actor.type == "state":
                return actor
            actor_id = self.parent.get(actor_id, "")
        return None


def _read_yaml(path: Path | str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, list):
        raise ValueError(f"{path}: an actor file is a YAML list of actors")
    for i, e in enumerate(data):
        if not isinstance(e, dict) or "id" not in e or "name" not in e:
            raise ValueError(f"{path}: entry {i + 1} needs at least 'id' and 'name'")
    return data


def extra_actor_files() -> tuple[str, ...]:
    value = os.environ.get("CLAIMGRAPH_ACTORS", "")
    return tuple(p for p in value.split(os.pathsep) if p)


@lru_cache(maxsize=8)
def load_gazetteer(extra_files: tuple[str, ...] = ()) -> Gazetteer:
    """The packaged actors plus ``extra_files`` (later files win on conflicting names)."""
    packaged = resources.files("claimgraph") / "data" / "actors.yaml"
    entries = _read_yaml(str(packaged))
    user: list[dict] = []
    for path in extra_files:
        user += _read_yaml(path)
    # user entries come first so that their names take precedence
    return Gazetteer(user + entries)
