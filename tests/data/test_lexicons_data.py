"""The knowledge files in src/claimgraph/data, checked on their own: formats, the
PLOVER vocabulary of docs/ontology.md, duplicates, minimum coverage, and lookups
the extractor relies on."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "src" / "claimgraph" / "data"

# --- the ontology (docs/ontology.md), written out so that the data is checked
# against the document and not against itself
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
ALLOWED_MODES: dict[str, set[str]] = {
    "AGREE": set(),
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "SUPPORT": set(),
    "CONCEDE": set(),
    "COOPERATE": set(),
    # PLOVER has no AID modes; these are the project's extension
    "AID": {"economic", "arms", "training", "personnel", "logistics", "safe_haven",
            "intelligence", "humanitarian", "asylum"},
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
               "withhold", "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone",
                "heavy-weapons", "crowd-control", "unconventional"},
}
CONTEXTS = {
    "military", "intelligence", "executive", "legislative", "election",
    "political_institutions", "pro_democracy", "pro_autocracy", "economic", "legal",
    "reparations", "human_rights", "rights_freedoms", "repression", "human_security",
    "gender", "lgbt", "religion_ethnicity", "inequality", "diplomatic", "territory",
    "peacekeeping", "health", "asylum", "migration", "disasters", "natural_resource",
    "environment", "technology", "terrorism", "cbrn", "cyber", "misinformation", "crime",
    "corruption", "illegal_drugs", "trafficking",
}
SECTORS = {
    "GOV", "MIL", "REB", "OPP", "COP", "JUD", "LEG", "PTY", "SPY", "UAF", "UNK", "CVL",
    "BUS", "CRM", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "REL", "SOC", "AGR",
    "IGO", "NGO", "IMG", "MNC",
}
GROUP_TYPES = {"state", "organization", "armed_group", "group"}

# a lowercase word or phrase: letters, inner hyphens and apostrophes, single spaces
PHRASE = re.compile(r"^[a-z'][a-z'.]*(?:-[a-z]*)*(?: [a-z'][a-z'.]*(?:-[a-z]*)*)*$")


# --- readers ---------------------------------------------------------------

def read_tsv(name: str, header: list[str]) -> list[dict[str, str]]:
    """Rows of a data TSV; asserts the comment block, the header and the column count."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("#"), f"{name} must open with a comment block"
    n_comment = 0
    while lines[n_comment].startswith("#"):
        n_comment += 1
    body = lines[n_comment:]
    assert body[0].split("\t") == header, f"{name}: header must be {header}"
    rows = []
    for lineno, fields in enumerate(csv.reader(body[1:], delimiter="\t", quoting=csv.QUOTE_NONE),
                                    start=n_comment + 2):
        assert fields, f"{name}:{lineno}: blank line"
        assert not fields[0].startswith("#"), f"{name}:{lineno}: comments only at the top"
        assert len(fields) == len(header), f"{name}:{lineno}: {len(fields)} columns"
        for value in fields:
            assert value == value.strip(), f"{name}:{lineno}: stray whitespace in {value!r}"
            assert '"' not in value, f"{name}:{lineno}: no double quotes (file is unquoted)"
        rows.append(dict(zip(header, fields, strict=True)))
    return rows


class _UniqueKeyLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a mapping with a repeated key (PyYAML keeps the last)."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        assert key not in seen, f"duplicate YAML key {key!r} (line {key_node.start_mark.line + 1})"
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                 _construct_unique_mapping)


def read_yaml(name: str) -> dict[str, Any]:
    text = (DATA / name).read_text(encoding="utf-8")
    assert text.startswith("#"), f"{name} must open with a comment block"
    data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    assert isinstance(data, dict)
    return data


def check_word_list(name: str, key: str, words: Any) -> None:
    """A list of unique, lowercase strings (catches YAML turning no/false into booleans)."""
    assert isinstance(words, list) and words, f"{name}: {key} must be a non-empty list"
    for word in words:
        assert isinstance(word, str), f"{name}: {key} has non-string {word!r}; quote it"
        assert word == word.strip() and word == word.lower(), f"{name}: {key}: {word!r}"
        assert "  " not in word, f"{name}: {key}: double space in {word!r}"
    dupes = [w for w, n in Counter(words).items() if n > 1]
    assert not dupes, f"{name}: {key} repeats {dupes}"


# --- triggers.tsv ----------------------------------------------------------

TRIGGER_HEADER = ["lemma", "pos", "event", "mode", "context", "note"]


@pytest.fixture(scope="module")
def triggers() -> list[dict[str, str]]:
    return read_tsv("triggers.tsv", TRIGGER_HEADER)


@pytest.fixture(scope="module")
def readings(triggers: list[dict[str, str]]) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(lemma, pos) -> {(event, mode)}, the lookup the extractor makes."""
    index: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for row in triggers:
        index[(row["lemma"], row["pos"])].add((row["event"], row["mode"]))
    return index


def test_trigger_comment_block_documents_the_format() -> None:
    head = (DATA / "triggers.tsv").read_text(encoding="utf-8").split("\nlemma\t", 1)[0]
    for column in TRIGGER_HEADER:
        assert f"#   {column}" in head, f"comment block must describe column {column}"
    assert "extractor" in head


def test_trigger_fields_are_well_formed(triggers: list[dict[str, str]]) -> None:
    for row in triggers:
        lemma, pos = row["lemma"], row["pos"]
        assert PHRASE.match(lemma), f"bad lemma {lemma!r}"
        assert pos in {"VERB", "NOUN", "ADJ"}, f"{lemma}: pos {pos!r}"
        assert len(lemma.split()) <= 3, f"{lemma}: at most three words"
        if pos == "ADJ":
            assert " " not in lemma, f"{lemma}: ADJ rows are single words"


def test_every_event_is_a_plover_type(triggers: list[dict[str, str]]) -> None:
    bad = {row["event"] for row in triggers} - set(EVENT_TYPES)
    assert not bad, f"not PLOVER 2.0 types: {bad}"


def test_every_mode_is_allowed_for_its_type(triggers: list[dict[str, str]]) -> None:
    bad = [(row["lemma"], row["event"], row["mode"]) for row in triggers
           if row["mode"] and row["mode"] not in ALLOWED_MODES[row["event"]]]
    assert not bad, f"modes not in the ontology for their type: {bad}"


def test_contexts_come_from_the_ontology(triggers: list[dict[str, str]]) -> None:
    for row in triggers:
        if not row["context"]:
            continue
        contexts = row["context"].split(",")
        assert len(contexts) == len(set(contexts)), row
        bad = set(contexts) - CONTEXTS
        assert not bad, f"{row['lemma']}: unknown contexts {bad}"


def test_no_duplicate_trigger_readings(triggers: list[dict[str, str]]) -> None:
    keys = Counter((r["lemma"], r["pos"], r["event"], r["mode"]) for r in triggers)
    dupes = [k for k, n in keys.items() if n > 1]
    assert not dupes, f"repeated rows: {dupes}"


def test_trigger_coverage(triggers: list[dict[str, str]]) -> None:
    assert len(triggers) >= 600
    per_type = Counter(row["event"] for row in triggers)
    thin = {t: per_type[t] for t in EVENT_TYPES if per_type[t] < 20}
    assert not thin, f"types with fewer than 20 rows: {thin}"
    # verbs and nouns both, for every type
    for event in EVENT_TYPES:
        pos_seen = {row["pos"] for row in triggers if row["event"] == event}
        assert {"VERB", "NOUN"} <= pos_seen, f"{event} needs verb and noun triggers"


def test_triggers_are_lemmas_not_inflected_forms(
        readings: dict[tuple[str, str], set[tuple[str, str]]]) -> None:
    # plural and past forms the extractor would never see as a lemma
    for form in ("talks", "sanctions", "troops", "funds", "forces", "hostilities",
                 "airstrikes", "protests", "attacked", "shelled", "said", "sanctioned"):
        for pos in ("VERB", "NOUN", "ADJ"):
            assert (form, pos) not in readings, f"{form!r} is not a lemma"


@pytest.mark.parametrize(("lemma", "pos", "event", "mode"), [
    ("shell", "VERB", "ASSAULT", "heavy-weapons"),
    ("shelling", "NOUN", "ASSAULT", "heavy-weapons"),
    ("sanction", "NOUN", "SANCTION", ""),
    ("sanction", "VERB", "SANCTION", ""),
    ("fund", "NOUN", "AID", "economic"),
    ("fund", "VERB", "AID", "economic"),
    ("arm", "NOUN", "AID", "arms"),
    ("weapon", "NOUN", "AID", "arms"),
    ("training", "NOUN", "AID", "training"),
    ("troop", "NOUN", "AID", "personnel"),
    ("supply", "NOUN", "AID", "logistics"),
    ("shelter", "NOUN", "AID", "safe_haven"),
    ("passage", "NOUN", "AID", "safe_haven"),
    ("intelligence", "NOUN", "AID", "intelligence"),
    ("food", "NOUN", "AID", "humanitarian"),
    ("asylum", "NOUN", "AID", "asylum"),
    ("strike", "VERB", "ASSAULT", ""),
    ("strike", "NOUN", "PROTEST", "strike"),
    ("strike", "NOUN", "ASSAULT", ""),
    ("support", "VERB", "SUPPORT", ""),
    ("support", "VERB", "AID", ""),
    ("release", "VERB", "RETREAT", "release"),
    ("meet", "VERB", "CONSULT", ""),
    ("visit", "VERB", "CONSULT", "visit"),
    ("pull out", "VERB", "RETREAT", "withdraw"),
    ("step down", "VERB", "RETREAT", "resign"),
    ("hand over", "VERB", "RETREAT", "release"),
    ("lift", "VERB", "RETREAT", "access"),
    ("ceasefire", "NOUN", "RETREAT", "ceasefire"),
    ("crack down", "VERB", "COERCE", "restrict"),
    ("call for", "VERB", "REQUEST", ""),
    ("urge", "VERB", "REQUEST", ""),
    ("shake hand", "VERB", "CONSULT", ""),
    ("peace talk", "NOUN", "CONSULT", ""),
    ("talk", "NOUN", "CONSULT", ""),
    ("hunger strike", "NOUN", "PROTEST", "hunger"),
    ("sit-in", "NOUN", "PROTEST", "demo"),
    ("boycott", "VERB", "PROTEST", "boycott"),
    ("air strike", "NOUN", "ASSAULT", "aerial"),
    ("airstrike", "NOUN", "ASSAULT", "aerial"),
    ("drone strike", "NOUN", "ASSAULT", "drone"),
    ("suicide bombing", "NOUN", "ASSAULT", "suicide-attack"),
    ("assassinate", "VERB", "ASSAULT", "targeted"),
    ("kidnap", "VERB", "ASSAULT", "abduct"),
    ("kidnap", "VERB", "COERCE", "arrest"),
    ("arrest", "VERB", "COERCE", "arrest"),
    ("deport", "VERB", "COERCE", "deport"),
    ("curfew", "NOUN", "COERCE", "curfew"),
    ("martial law", "NOUN", "COERCE", "martial-law"),
    ("critical", "ADJ", "ACCUSE", "disapprove"),
    ("condemn", "VERB", "ACCUSE", "disapprove"),
    ("probe", "VERB", "ACCUSE", "investigate"),
    ("lawsuit", "NOUN", "ACCUSE", "allege"),
    ("accuse", "VERB", "ACCUSE", "allege"),
    ("refuse", "VERB", "REJECT", ""),
    ("veto", "VERB", "REJECT", ""),
    ("threaten", "VERB", "THREATEN", ""),
    ("warning", "NOUN", "THREATEN", ""),
    ("apologise", "VERB", "CONCEDE", ""),
    ("apologize", "VERB", "CONCEDE", ""),
    ("extradite", "VERB", "COOPERATE", ""),
    ("agree", "VERB", "AGREE", ""),
    ("praise", "VERB", "SUPPORT", ""),
    ("expel", "VERB", "SANCTION", "expel"),
    ("sever tie", "VERB", "SANCTION", "discontinue"),
    ("sentence", "VERB", "SANCTION", "convict"),
    ("recall", "VERB", "SANCTION", "withdraw"),
    ("deploy", "VERB", "MOBILIZE", "troops"),
    ("mobilise", "VERB", "MOBILIZE", ""),
])
def test_trigger_lookup(readings: dict[tuple[str, str], set[tuple[str, str]]],
                        lemma: str, pos: str, event: str, mode: str) -> None:
    assert (event, mode) in readings.get((lemma, pos), set()), \
        f"{lemma}/{pos} should read as {event} {mode or '(no mode)'}"


def test_light_verb_objects_have_noun_rows(
        readings: dict[tuple[str, str], set[tuple[str, str]]]) -> None:
    # impose sanctions, provide funds, launch an attack, hold talks, stage a protest,
    # issue a warning, lodge a protest, file a lawsuit, grant asylum, offer
    # assistance, deploy troops: the noun carries the event
    expected = {"sanction": "SANCTION", "fund": "AID", "attack": "ASSAULT", "talk": "CONSULT",
                "protest": "PROTEST", "warning": "THREATEN", "lawsuit": "ACCUSE",
                "asylum": "AID", "assistance": "AID", "troop": "MOBILIZE"}
    for noun, event in expected.items():
        events = {e for e, _ in readings.get((noun, "NOUN"), set())}
        assert event in events, f"{noun}/NOUN should read as {event}"


def test_context_where_the_word_implies_it(triggers: list[dict[str, str]]) -> None:
    context = {(r["lemma"], r["event"]): r["context"].split(",") for r in triggers}
    assert "economic" in context[("embargo", "SANCTION")]
    assert "terrorism" in context[("terror attack", "ASSAULT")]
    assert "cyber" in context[("cyberattack", "COERCE")]
    assert context[("attack", "ASSAULT")] == [""]


# --- cues.yaml -------------------------------------------------------------

CUE_KEYS = {"verbs", "belief_verbs", "addressee_verbs", "audience_nouns", "raising_verbs", "phrases", "nouns",
            "passive_cues", "source_nouns", "stance_verbs", "source_preps",
            "prep_source_nouns", "colon_labels", "message_nouns", "epistemic_adjectives", "effort_verbs",
            "answer_verbs", "stance_nouns", "non_author_verbs"}


@pytest.fixture(scope="module")
def cues() -> dict[str, Any]:
    return read_yaml("cues.yaml")


def test_cue_lists_are_well_formed(cues: dict[str, Any]) -> None:
    assert set(cues) == CUE_KEYS
    for key in CUE_KEYS:
        check_word_list("cues.yaml", key, cues[key])
        for word in cues[key]:
            assert PHRASE.match(word), f"cues.yaml: {key}: {word!r}"


def test_cue_coverage(cues: dict[str, Any]) -> None:
    assert len(cues["verbs"]) >= 80
    assert len(cues["nouns"]) >= 30
    assert len(cues["source_nouns"]) >= 30
    for verb in ("say", "tell", "announce", "claim", "state", "add", "note", "insist",
                 "argue", "warn", "report", "write", "tweet", "confirm", "deny", "admit",
                 "believe", "think", "acknowledge", "explain", "allege", "accuse",
                 "suggest", "reveal", "show", "find", "conclude", "estimate", "predict",
                 "promise"):
        assert verb in cues["verbs"] or verb in cues["belief_verbs"], verb
    for verb in ("believe", "think", "know", "expect", "show", "find"):
        assert verb in cues["belief_verbs"] and verb not in cues["verbs"], verb
    assert {"tell", "inform", "warn"} <= set(cues["addressee_verbs"])
    assert {"seem", "appear"} <= set(cues["raising_verbs"])
    assert {"reporter", "crowd", "audience"} <= set(cues["audience_nouns"])
    for phrase in ("according to", "in the words of", "as reported by", "in the view of"):
        assert phrase in cues["phrases"], phrase
    for noun in ("statement", "report", "claim", "allegation", "announcement", "testimony",
                 "remark"):
        assert noun in cues["nouns"], noun
    for verb in ("say", "believe", "report", "allege", "think"):
        assert verb in cues["passive_cues"], verb
    for noun in ("official", "source", "document", "report", "witness", "analyst",
                 "expert", "spokesman", "statement"):
        assert noun in cues["source_nouns"], noun


def test_cue_lists_that_say_what_is_not_a_cue(cues: dict[str, Any]) -> None:
    # verbs of effort are never cues, so no cue list may name one
    listed = set(cues["verbs"]) | set(cues["belief_verbs"]) | set(cues["stance_verbs"])
    assert not listed & set(cues["effort_verbs"])
    assert {"try", "attempt"} <= set(cues["effort_verbs"])
    assert "respond" in cues["answer_verbs"]
    # a message noun is not also a noun cue: the two lists say different things
    assert not set(cues["message_nouns"]) & set(cues["nouns"])
    assert {"letter", "statement"} <= set(cues["message_nouns"]) | set(cues["nouns"])
    assert {"clear", "unclear", "sure"} <= set(cues["epistemic_adjectives"])
    assert {"opponent", "supporter", "critic"} <= set(cues["stance_nouns"])
    # a light verb's noun is the cue, so no light verb is a cue of its own
    assert {"make", "give", "receive"} <= set(cues["non_author_verbs"])
    assert not set(cues["non_author_verbs"]) & set(cues["stance_verbs"])


def test_cue_verbs_are_lemmas(cues: dict[str, Any]) -> None:
    for form in ("said", "says", "told", "announced", "according", "believed", "thinks"):
        assert form not in cues["verbs"]
        assert form not in cues["belief_verbs"]
        assert form not in cues["passive_cues"]


# --- modality.yaml ---------------------------------------------------------

MODALITY_KEYS = {
    "negation", "negating_verbs", "probable_adverbs", "probable_verbs",
    "probable_adjectives", "possible_modals", "possible_adverbs", "possible_adjectives",
    "possible_phrases", "future_modals", "future_verbs", "future_phrases",
    "conditional_marks", "hypothetical_modals", "certain_boosters",
}


@pytest.fixture(scope="module")
def modality() -> dict[str, Any]:
    return read_yaml("modality.yaml")


def test_modality_lists_are_well_formed(modality: dict[str, Any]) -> None:
    missing = MODALITY_KEYS - set(modality)
    assert not missing, f"modality.yaml lacks {missing}"
    for key, words in modality.items():
        check_word_list("modality.yaml", key, words)


@pytest.mark.parametrize(("key", "word"), [
    ("negation", "not"), ("negation", "n't"), ("negation", "never"), ("negation", "no"),
    ("negation", "without"), ("negation", "neither"), ("negation", "nor"),
    ("negating_verbs", "deny"), ("negating_verbs", "fail"), ("negating_verbs", "refrain"),
    ("negating_verbs", "refute"),
    ("probable_adverbs", "likely"), ("probable_adverbs", "reportedly"),
    ("probable_adverbs", "allegedly"), ("probable_adverbs", "apparently"),
    ("probable_verbs", "believe"), ("probable_verbs", "seem"), ("probable_verbs", "appear"),
    ("probable_verbs", "suspect"),
    ("probable_adjectives", "alleged"), ("probable_adjectives", "suspected"),
    ("possible_modals", "may"), ("possible_modals", "might"), ("possible_modals", "could"),
    ("possible_adverbs", "perhaps"), ("possible_adverbs", "possibly"),
    ("possible_adjectives", "possible"), ("possible_adjectives", "potential"),
    ("possible_phrases", "if confirmed"),
    ("future_modals", "will"), ("future_modals", "shall"), ("future_modals", "'ll"),
    ("future_verbs", "plan"), ("future_verbs", "intend"), ("future_verbs", "vow"),
    ("future_verbs", "threaten"),
    ("future_phrases", "going to"), ("future_phrases", "about to"),
    ("conditional_marks", "if"), ("conditional_marks", "unless"),
    ("conditional_marks", "whether"),
    ("hypothetical_modals", "would"), ("hypothetical_modals", "should"),
    ("hypothetical_modals", "could have"),
    ("certain_boosters", "clearly"), ("certain_boosters", "definitely"),
    ("certain_boosters", "undoubtedly"), ("certain_boosters", "indeed"),
])
def test_modality_lookup(modality: dict[str, Any], key: str, word: str) -> None:
    assert word in modality[key], f"{word!r} should be in {key}"


def test_modality_lists_do_not_contradict(modality: dict[str, Any]) -> None:
    assert not set(modality["possible_modals"]) & set(modality["future_modals"])
    assert not set(modality["future_modals"]) & set(modality["hypothetical_modals"])
    assert "can" not in modality["possible_modals"]
    # ongoing or begun events are not future
    for verb in ("continue", "keep", "try", "attempt", "begin", "start", "resume"):
        assert verb not in modality["future_verbs"], verb
    hedges = (set(modality["probable_adverbs"]) | set(modality["possible_adverbs"]))
    assert not hedges & set(modality["certain_boosters"])
    assert not set(modality["probable_adverbs"]) & set(modality["possible_adverbs"])


# --- roles.yaml ------------------------------------------------------------

@pytest.fixture(scope="module")
def roles_file() -> dict[str, Any]:
    return read_yaml("roles.yaml")


def test_roles_are_well_formed(roles_file: dict[str, Any]) -> None:
    assert set(roles_file) == {"roles", "former_markers"}
    roles = roles_file["roles"]
    assert isinstance(roles, dict) and len(roles) >= 120
    for word, entry in roles.items():
        assert isinstance(word, str) and PHRASE.match(word), f"bad role word {word!r}"
        assert isinstance(entry, dict) and set(entry) == {"role", "sector"}, word
        assert isinstance(entry["role"], str) and entry["role"] == entry["role"].lower(), word
        assert entry["role"].strip() == entry["role"] and entry["role"], word
        assert entry["sector"] is None or entry["sector"] in SECTORS, \
            f"{word}: sector {entry['sector']!r}"
    multiword = [w for w in roles if " " in w]
    assert len(multiword) >= 30


@pytest.mark.parametrize(("word", "role", "sector"), [
    ("president", "president", "GOV"),
    ("prime minister", "prime minister", "GOV"),
    ("premier", "prime minister", "GOV"),
    ("foreign minister", "foreign minister", "GOV"),
    ("spokesman", "spokesman", None),
    ("leader", "leader", None),
    ("commander", "commander", "MIL"),
    ("general", "general", "MIL"),
    ("police chief", "police chief", "COP"),
    ("judge", "judge", "JUD"),
    ("senator", "senator", "LEG"),
    ("lawmaker", "lawmaker", "LEG"),
    ("ambassador", "ambassador", "GOV"),
    ("envoy", "envoy", "GOV"),
    ("official", "official", "GOV"),
    ("cleric", "cleric", "REL"),
    ("ayatollah", "ayatollah", "REL"),
    ("chairman", "chairman", None),
    ("founder", "founder", None),
    ("secretary-general", "secretary-general", None),
])
def test_role_lookup(roles_file: dict[str, Any], word: str, role: str,
                     sector: str | None) -> None:
    assert roles_file["roles"][word] == {"role": role, "sector": sector}


def test_role_words_present(roles_file: dict[str, Any]) -> None:
    for word in ("chief", "head", "director", "emir", "king", "sheikh"):
        assert word in roles_file["roles"], word


def test_former_markers(roles_file: dict[str, Any]) -> None:
    markers = roles_file["former_markers"]
    check_word_list("roles.yaml", "former_markers", markers)
    for word in ("former", "ex", "ex-", "then", "ousted", "deposed", "retired", "late",
                 "erstwhile", "one-time", "onetime"):
        assert word in markers, word
    assert "outgoing" not in markers  # still in office
    assert not set(markers) & set(roles_file["roles"])


# --- sectors.tsv -----------------------------------------------------------

@pytest.fixture(scope="module")
def sectors() -> list[dict[str, str]]:
    return read_tsv("sectors.tsv", ["lemma", "sector", "type", "note"])


def test_sector_rows_are_well_formed(sectors: list[dict[str, str]]) -> None:
    assert len(sectors) >= 120
    for row in sectors:
        assert PHRASE.match(row["lemma"]), f"bad lemma {row['lemma']!r}"
        assert row["sector"] in SECTORS, f"{row['lemma']}: sector {row['sector']!r}"
        assert row["type"] in GROUP_TYPES, f"{row['lemma']}: type {row['type']!r}"
    lemmas = Counter(row["lemma"] for row in sectors)
    dupes = [lemma for lemma, n in lemmas.items() if n > 1]
    assert not dupes, f"repeated lemmas: {dupes}"
    for form in ("troops", "rebels", "protesters", "officials", "authorities"):
        assert form not in lemmas, f"{form!r} is not a lemma"


@pytest.mark.parametrize(("lemma", "sector", "type_"), [
    ("government", "GOV", "state"), ("regime", "GOV", "state"),
    ("authority", "GOV", "state"), ("official", "GOV", "state"),
    ("army", "MIL", "state"), ("military", "MIL", "state"), ("troop", "MIL", "state"),
    ("force", "MIL", "state"), ("soldier", "MIL", "state"),
    ("police", "COP", "state"),
    ("rebel", "REB", "armed_group"), ("insurgent", "REB", "armed_group"),
    ("guerrilla", "REB", "armed_group"), ("militant", "REB", "armed_group"),
    ("fighter", "REB", "armed_group"),
    ("militia", "UAF", "armed_group"), ("gunman", "UAF", "armed_group"),
    ("opposition", "OPP", "group"), ("party", "PTY", "organization"),
    ("court", "JUD", "state"), ("judge", "JUD", "state"), ("prosecutor", "JUD", "state"),
    ("parliament", "LEG", "state"), ("lawmaker", "LEG", "state"),
    ("senate", "LEG", "state"), ("congress", "LEG", "state"),
    ("protester", "CVL", "group"), ("demonstrator", "CVL", "group"),
    ("civilian", "CVL", "group"), ("villager", "CVL", "group"),
    ("resident", "CVL", "group"),
    ("student", "EDU", "group"), ("worker", "LAB", "group"),
    ("union", "LAB", "organization"), ("journalist", "JRN", "group"),
    ("refugee", "REF", "group"), ("cleric", "REL", "group"),
    ("businessman", "BUS", "group"), ("company", "BUS", "organization"),
    ("gang", "CRM", "group"), ("cartel", "CRM", "organization"),
    ("smuggler", "CRM", "group"), ("doctor", "MED", "group"), ("medic", "MED", "group"),
    ("farmer", "AGR", "group"), ("intelligence", "SPY", "state"), ("spy", "SPY", "state"),
])
def test_sector_lookup(sectors: list[dict[str, str]], lemma: str, sector: str,
                       type_: str) -> None:
    row = next((r for r in sectors if r["lemma"] == lemma), None)
    assert row is not None, f"{lemma} missing"
    assert (row["sector"], row["type"]) == (sector, type_)


def test_every_sector_group_is_used(sectors: list[dict[str, str]]) -> None:
    used = {row["sector"] for row in sectors}
    # UNK has no common noun of its own; IMG and MNC have one each
    assert SECTORS - used <= {"UNK"}
