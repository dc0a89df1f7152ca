"""Finding actors by name: any alias stored with a mention, or any name the gazetteer
knows, case-, accent- and punctuation-insensitively ("al qaida" finds al-Qaeda), and
"did you mean" suggestions for names that match nothing."""

from __future__ import annotations

import difflib
from collections import defaultdict

from sqlalchemy import Connection, select

from claimgraph.model import Actor
from claimgraph.resolve.gazetteer import Gazetteer, load_gazetteer, normalize_name
from claimgraph.store.schema import entities, entity_aliases


class UnknownActor(LookupError):
    """No actor has this name; ``suggestions`` are the nearest names that exist."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no actor named {name!r}{hint}")


class ActorIndex:
    """The actors of one store together with the gazetteer's, by every name."""

    def __init__(self, conn: Connection, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer
        self.stored: dict[str, Actor] = {
            i: Actor(i, name, kind, country, sector)
            for i, name, kind, country, sector in conn.execute(
                select(entities.c.id, entities.c.name, entities.c.type, entities.c.country, entities.c.sector))}
        self.aliases: dict[str, set[str]] = defaultdict(set)
        # normalized key -> actor ids, in order of preference: stored names, gazetteer, stored aliases
        self._names: dict[str, list[str]] = defaultdict(list)
        for actor in self.stored.values():
            self._key(actor.name, actor.id)
            self._key(actor.id, actor.id)
        # a stored name or id is found without the gazetteer, whose loading takes a fifth of a second
        self._stored_names = {k: list(v) for k, v in self._names.items()}
        self._alias_rows = list(conn.execute(select(entity_aliases.c.entity_id, entity_aliases.c.alias)))
        for actor_id, alias in self._alias_rows:
            self.aliases[actor_id].add(alias)
        self._complete = False

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def _all_names(self) -> dict[str, list[str]]:
        """Every name: stored names, then the gazetteer's, then stored aliases."""
        if not self._complete:
            for key, actor_id in self.gazetteer.keys.items():
                if actor_id not in self._names[key]:
                    self._names[key].append(actor_id)
            for actor_id, alias in self._alias_rows:
                self._key(alias, actor_id)
            self._complete = True
        return self._names

    def _key(self, text: str, actor_id: str) -> None:
        key = normalize_name(text)
        if key and actor_id not in self._names[key]:
            self._names[key].append(actor_id)

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id, as stored, else as the gazetteer has it."""
        found = self.stored.get(actor_id)
        if found is None:
            found = self.gazetteer.actors.get(actor_id)
        return found if found is not None else Actor(actor_id, actor_id, "group")

    def find(self, name: str) -> Actor:
        """The actor named ``name`` (an id, a name or an alias); a stored actor is preferred
        to one only the gazetteer knows.  Raises ``UnknownActor`` with suggestions."""
        if name in self.stored:
            return self.stored[name]
        key = normalize_name(name)
        if stored := self._stored_names.get(key):
            return self.stored[stored[0]]
        ids = self._all_names().get(key, [])
        for actor_id in ids:
            if actor_id in self.stored:
                return self.stored[actor_id]
        if ids:
            return self.actor(ids[0])
        raise UnknownActor(name, self.suggest(name))

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Names of existing actors that look like ``name`` (stored actors first)."""
        key = normalize_name(name)
        known = self._all_names()
        keys = list(known)
        close = difflib.get_close_matches(key, keys, n=20, cutoff=0.6)
        if len(key) >= 3:
            close += sorted(k for k in keys if k.startswith(key) or f" {key}" in k)[:20]
        names: list[str] = []
        ranked = sorted(close, key=lambda k: (not any(i in self.stored for i in known[k]),
                                              -difflib.SequenceMatcher(None, key, k).ratio()))
        for k in ranked:
            display = self.actor(known[k][0]).name
            if display not in names:
                names.append(display)
        return names[:n]

    def all_aliases(self, actor_id: str) -> list[str]:
        """Every name of an actor: stored mentions' texts and the gazetteer's names."""
        found = set(self.aliases.get(actor_id, ()))
        found |= {form for form, e in self.gazetteer.names.items() if e.actor_id == actor_id}
        name = self.actor(actor_id).name
        found.discard(name)
        return sorted(found, key=str.lower)

    def ancestors(self, actor_id: str) -> list[str]:
        """The bodies an actor is part of, nearest first (the gazetteer's ``part_of``)."""
        out: list[str] = []
        current = self.gazetteer.parent.get(actor_id)
        while current and current not in out and current != actor_id:
            out.append(current)
            current = self.gazetteer.parent.get(current)
        return out
