"""The actor gazetteer (src/claimgraph/data/actors.yaml), checked on its own: field
shapes, the vocabularies of docs/ontology.md, ISO codes, surface forms claimed by one
actor only, part_of links, coverage, and lookups the resolver relies on."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml


def _read_actors_text() -> str:
    try:
        from importlib.resources import files

        resource = files("claimgraph") / "data" / "actors.yaml"
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pass
    return (Path(__file__).parents[2] / "src/claimgraph/data/actors.yaml").read_text(encoding="utf-8")


# --- vocabularies, written out so that the data is checked against the documents
# (docs/ontology.md and the field comments of actors.yaml), not against itself
TYPES = {"state", "organization", "armed_group", "person", "group", "location"}
SECTORS = {
    "GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "PTY", "SPY", "UAF", "UNK", "CVL", "BUS",
    "CRM", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "REL", "SOC", "AGR", "IGO", "NGO", "IMG", "MNC",
}
REQUIRED = ("id", "name", "type", "country", "sector", "aliases")
OPTIONAL = ("case_sensitive_aliases", "demonyms", "shared_demonyms", "capital", "capital_is_metonym",
            "metonyms", "part_of", "dissolved", "note")
LIST_FIELDS = ("aliases", "case_sensitive_aliases", "demonyms", "shared_demonyms", "metonyms")
STATE_ONLY = ("demonyms", "shared_demonyms", "capital", "capital_is_metonym")
ID_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# ISO 3166-1 alpha-3 codes of the 193 UN member states
UN_MEMBERS = set("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split())

# lower-case English words: a form written like one of these would match ordinary text
# unless it is case-sensitive
ORDINARY_WORDS = {
    "us", "is", "it", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "me", "my", "no", "of",
    "on", "or", "so", "to", "up", "we", "am", "aq", "who", "raw", "fed", "diet", "quad", "let", "ice",
    "isa", "aman", "amal", "commons", "treasury", "commonwealth", "car", "pa", "ap", "app", "sac",
    "bin", "ana", "ira", "eta", "milf", "nam", "gam", "sas", "mod", "guardian", "economist",
}


def normalize(form: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "the U.N." -> "un", "Al-Qa'ida" -> "al qaida"."""
    text = unicodedata.normalize("NFKD", form)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"['’‘`´.]", "", text)
    text = re.sub(r"[^\w+]+", " ", text).strip()  # keep "+": "OPEC+" is not "OPEC"
    return re.sub(r"^the ", "", text)


def surface_forms(actor: dict[str, Any]) -> list[str]:
    """Every form that names the actor: name, aliases, demonyms, metonyms, and the capital
    unless it is marked as no metonym. Shared demonyms are recorded, not claimed."""
    forms = [actor["name"], *actor.get("aliases", []), *actor.get("case_sensitive_aliases", []),
             *actor.get("demonyms", []), *actor.get("metonyms", [])]
    if actor.get("capital") and actor.get("capital_is_metonym", True):
        forms.append(actor["capital"])
    return forms


@pytest.fixture(scope="module")
def actors() -> list[dict[str, Any]]:
    data = yaml.safe_load(_read_actors_text())
    assert isinstance(data, list) and data, "actors.yaml is a non-empty YAML list"
    return data


@pytest.fixture(scope="module")
def by_id(actors: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in actors}


@pytest.fixture(scope="module")
def index(actors: list[dict[str, Any]]) -> dict[str, str]:
    """normalized surface form -> actor id"""
    out: dict[str, str] = {}
    for a in actors:
        for form in surface_forms(a):
            out.setdefault(normalize(form), a["id"])
    return out


def test_every_entry_has_the_documented_fields_only(actors):
    for a in actors:
        assert isinstance(a, dict), a
        missing = [f for f in REQUIRED if f not in a]
        assert not missing, f"{a.get('id')}: missing {missing}"
        unknown = set(a) - set(REQUIRED) - set(OPTIONAL)
        assert not unknown, f"{a['id']}: unknown fields {sorted(unknown)}"


def test_ids_are_unique_slugs(actors):
    seen: set[str] = set()
    for a in actors:
        assert isinstance(a["id"], str) and ID_SHAPE.fullmatch(a["id"]), f"bad id {a['id']!r}"
        assert a["id"] not in seen, f"duplicate id {a['id']}"
        seen.add(a["id"])


def test_types_and_sectors_come_from_the_ontology(actors):
    for a in actors:
        assert a["type"] in TYPES, f"{a['id']}: type {a['type']!r}"
        assert a["type"] != "person", f"{a['id']}: persons do not belong in the gazetteer"
        if a["sector"] is None:
            assert a["type"] == "location", f"{a['id']}: only places may have no sector"
        else:
            assert a["sector"] in SECTORS, f"{a['id']}: sector {a['sector']!r}"
    assert all(a["sector"] == "GOV" for a in actors if a["type"] == "state")


def test_countries_are_alpha3_codes_or_null(actors):
    for a in actors:
        c = a["country"]
        assert c is None or (isinstance(c, str) and re.fullmatch(r"[A-Z]{3}", c)), f"{a['id']}: country {c!r}"


def test_names_and_lists_are_clean(actors):
    for a in actors:
        assert isinstance(a["name"], str) and a["name"] == a["name"].strip() and a["name"], a["id"]
        for field in LIST_FIELDS:
            values = a.get(field, [])
            assert isinstance(values, list), f"{a['id']}.{field} is a list"
            for v in values:
                assert isinstance(v, str) and v and v == v.strip(), f"{a['id']}.{field}: {v!r}"
                if field != "demonyms":
                    assert not v.casefold().startswith("the "), f"{a['id']}.{field}: leading 'the' in {v!r}"
        plain = [a["name"].casefold()] + [v.casefold() for v in a["aliases"]]
        assert len(plain) == len(set(plain)), f"{a['id']}: an alias repeats the name or another alias"
        if "capital" in a:
            assert isinstance(a["capital"], str) and a["capital"].strip() == a["capital"] != ""
        if "dissolved" in a:
            assert isinstance(a["dissolved"], int) and 1900 < a["dissolved"] <= 2030, a["id"]
        if "capital_is_metonym" in a:
            assert a["capital_is_metonym"] is False, f"{a['id']}: capital_is_metonym is only ever false"


def test_ordinary_words_are_only_case_sensitive(actors):
    for a in actors:
        for form in [a["name"], *a["aliases"], *a.get("metonyms", [])]:
            assert form.casefold() not in ORDINARY_WORDS, f"{a['id']}: {form!r} must be a case_sensitive_alias"


def test_states_have_demonyms_and_a_capital(actors):
    for a in actors:
        if a["type"] == "state":
            assert a.get("demonyms") or a.get("shared_demonyms"), f"{a['id']}: no demonym"
            assert a.get("capital"), f"{a['id']}: no capital"
        else:
            present = [f for f in STATE_ONLY if f in a]
            assert not present, f"{a['id']}: {present} are for states only"


def test_no_surface_form_names_two_actors(actors):
    owners: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        for form in surface_forms(a):
            key = normalize(form)
            assert key, f"{a['id']}: form {form!r} normalizes to nothing"
            owners[key].add(a["id"])
    clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert not clashes, f"forms claimed by more than one actor: {clashes}"


def test_shared_demonyms_belong_to_another_state(actors, index, by_id):
    for a in actors:
        for form in a.get("shared_demonyms", []):
            owner = index.get(normalize(form))
            assert owner and owner != a["id"] and by_id[owner]["type"] == "state", f"{a['id']}: {form}"
            assert form in by_id[owner].get("demonyms", []), f"{form} is a demonym of {owner}"


def test_capitals_that_are_no_metonym_are_explained(actors):
    for a in actors:
        if a.get("capital_is_metonym") is False:
            assert a.get("note"), f"{a['id']}: say why the capital is not a metonym"


def test_part_of_links_exist_without_cycles(by_id):
    for aid, a in by_id.items():
        parent = a.get("part_of")
        if parent is None:
            continue
        assert parent in by_id, f"{aid}: part_of {parent!r} is not an id"
        assert parent != aid, f"{aid} is part of itself"
        seen = {aid}
        while parent is not None:
            assert parent not in seen, f"cycle through {aid}"
            seen.add(parent)
            parent = by_id[parent].get("part_of")


def test_parts_share_their_parents_country(by_id):
    """A body belongs to its parent's country; territories keep ISO codes of their own, and
    parts of international bodies may be based anywhere."""
    for aid, a in by_id.items():
        parent = by_id.get(a.get("part_of") or "")
        if parent is None or parent["country"] is None or a["type"] == "location":
            continue
        assert a["country"] == parent["country"], f"{aid}: {a['country']} but {parent['id']} is {parent['country']}"


def test_every_un_member_and_the_other_states_are_present(actors, by_id):
    state_codes = {a["country"] for a in actors if a["type"] == "state" and "dissolved" not in a}
    assert UN_MEMBERS <= state_codes, f"missing UN members: {sorted(UN_MEMBERS - state_codes)}"
    current = [a for a in actors if a["type"] == "state" and "dissolved" not in a]
    assert len(current) >= 193 + 6
    for aid, code in [("palestine", "PSE"), ("kosovo", "XKX"), ("taiwan", "TWN"), ("vatican", "VAT"),
                      ("western-sahara", "ESH"), ("northern-cyprus", "CYP"), ("soviet-union", "SUN"),
                      ("yugoslavia", "YUG"), ("czechoslovakia", "CSK"), ("east-germany", "DDR"),
                      ("west-germany", "DEU")]:
        assert by_id[aid]["type"] == "state" and by_id[aid]["country"] == code, aid


def test_coverage_of_each_kind(actors, by_id):
    def root_state(aid: str) -> str | None:
        while aid:
            if by_id[aid]["type"] == "state":
                return aid
            aid = by_id[aid].get("part_of") or ""
        return None

    armed = [a for a in actors if a["type"] == "armed_group"]
    international = [a for a in actors if a["country"] is None and a["sector"] in {"IGO", "NGO"}]
    parties = [a for a in actors if a["type"] == "organization" and a["sector"] in {"PTY", "OPP"}]
    assert len(armed) >= 80, len(armed)
    assert len(international) >= 50, len(international)
    assert len(parties) >= 30, len(parties)
    bodies: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        if a["type"] == "organization" and a.get("part_of"):
            state = root_state(a["id"])
            if state:
                bodies[state].add(a["sector"])
    # states with their armed forces and at least one more kind of body on file
    covered = [s for s, sectors in bodies.items() if "MIL" in sectors and len(sectors) >= 2]
    assert len(covered) >= 30, sorted(covered)


@pytest.mark.parametrize("form, actor_id", [
    ("Hizbullah", "hezbollah"),
    ("Hizballah", "hezbollah"),
    ("U.S.", "united-states"),
    ("US", "united-states"),
    ("United States of America", "united-states"),
    ("the U.N. Security Council", "un-security-council"),
    ("UNSC", "un-security-council"),
    ("Tehran", "iran"),
    ("Iranian", "iran"),
    ("Iranians", "iran"),
    ("Islamic Republic of Iran", "iran"),
    ("IRGC", "irgc"),
    ("Revolutionary Guards", "irgc"),
    ("Pasdaran", "irgc"),
    ("Qods Force", "quds-force"),
    ("Jerusalem Force", "quds-force"),
    ("VAJA", "mois"),
    ("al Qaeda", "al-qaeda"),
    ("Al-Qaida", "al-qaeda"),
    ("Daesh", "islamic-state"),
    ("ISIL", "islamic-state"),
    ("IS", "islamic-state"),
    ("Ansar Allah", "houthis"),
    ("Kremlin", "russia"),
    ("Pentagon", "us-defense-department"),
    ("Foggy Bottom", "us-state-department"),
    ("Downing Street", "united-kingdom"),
    ("Britons", "united-kingdom"),
    ("U.K.", "united-kingdom"),
    ("Pyongyang", "north-korea"),
    ("DPRK", "north-korea"),
    ("Zaire", "dr-congo"),
    ("Burma", "myanmar"),
    ("USSR", "soviet-union"),
    ("Doctors Without Borders", "msf"),
    ("Tamil Tigers", "ltte"),
    ("Zapatistas", "ezln"),
    ("Shin Bet", "shin-bet"),
    ("Brussels", "eu"),
    ("Moscow", "russia"),
])
def test_lookups(index, form, actor_id):
    assert index.get(normalize(form)) == actor_id


def test_forms_that_must_keep_their_case(by_id):
    assert "US" in by_id["united-states"]["case_sensitive_aliases"]
    assert "IS" in by_id["islamic-state"]["case_sensitive_aliases"]
    assert "WHO" in by_id["who"]["case_sensitive_aliases"]
    assert by_id["iran"]["capital"] == "Tehran"
    assert by_id["irgc"]["part_of"] == "iranian-armed-forces"
    assert by_id["quds-force"]["part_of"] == "irgc"
    assert by_id["belgium"]["capital"] == "Brussels" and by_id["belgium"]["capital_is_metonym"] is False
