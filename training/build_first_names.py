"""Builds the table of first names with the share of male bearers
(src/claimgraph/data/first_names.json), read by pronoun resolution (he/she) in
src/claimgraph/resolve/antecedents.py.

    python training/build_first_names.py

The names are the census-derived first-name lists of the ``faker`` package's person providers
(`train` extra), over every locale written in the Latin alphabet, so that names from across
the world's news are covered, not only English ones. A name listed for both genders (Jean,
Andrea) gets, in each locale that lists it, the share of its weight listed as male, and the
table keeps the mean over those locales (each locale one vote; unweighted lists weigh each
name alike). Only the table ships: faker is not a run-time dependency.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "claimgraph" / "data" / "first_names.json"


def latin(name: str) -> bool:
    return name.isalpha() and all(unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def weighted(names) -> dict[str, float]:
    if isinstance(names, dict):
        return {str(k): float(v) for k, v in names.items()}
    return {str(k): 1.0 for k in names}


def main() -> int:
    import faker.providers.person as person

    votes: dict[str, list[float]] = defaultdict(list)
    locales = []
    for mod in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{mod.name}").Provider
        m = weighted(getattr(provider, "first_names_male", ()))
        f = weighted(getattr(provider, "first_names_female", ()))
        if not m or not f:
            continue
        m_total, f_total = sum(m.values()), sum(f.values())
        names = {n for n in set(m) | set(f) if latin(n)}
        for name in names:
            # within a locale: the share of the name's (relative) weight listed as male
            wm, wf = m.get(name, 0.0) / m_total, f.get(name, 0.0) / f_total
            votes[name.lower()].append(wm / (wm + wf))
        if names:
            locales.append(mod.name)
    # each locale that lists a name has one vote
    table = {name: round(sum(v) / len(v), 2) for name, v in sorted(votes.items())}
    about = ("first names: the mean over locales of the share of their weight listed as male in the "
             "census-derived lists of faker's person providers; built by training/build_first_names.py")
    data = {"about": about, "locales": locales, "male_share": table}
    OUT.write_text(json.dumps(data, sort_keys=True, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(table)} names from {len(locales)} locales", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
