"""The gazetteer: surface forms derived from actor entries, lookups by any of them, the
packaged actors, and user actor files that take precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.resolve.gazetteer import Gazetteer, load_gazetteer, normalize_name

EXAMPLE_ACTORS = Path(__file__).resolve().parents[2] / "examples" / "example-actors.yaml"
VALDORIA = {"id": "valdoria", "name": "Valdoria", "type": "state", "country": "XVA", "sector": "GOV",
            "aliases": ["Republic of Valdoria"], "demonyms": ["Valdorian"], "capital": "Merel"}


@pytest.mark.parametrize("form, key", [
    ("Al-Qa'ida", "al qaida"),
    ("the U.N.", "un"),
    ("Erdoğan", "erdogan"),
    ("  The  Islamic   State ", "islamic state"),
])
def test_normalize_name(form, key):
    assert normalize_name(form) == key


def test_names_aliases_capital_and_demonyms_are_forms_of_the_actor():
    gaz = Gazetteer([VALDORIA])
    assert (gaz.names["Valdoria"].actor_id, gaz.names["Valdoria"].kind) == ("valdoria", "name")
    assert gaz.names["Republic of Valdoria"].kind == "name"
    assert gaz.names["Merel"].kind == "capital"
    assert gaz.names["Valdorian"].kind == "demonym"
    assert gaz.lookup("REPUBLIC OF VALDORIA").id == "valdoria"
    assert gaz.lookup("Merel").id == "valdoria"


def test_a_capital_can_be_kept_from_standing_for_the_state():
    gaz = Gazetteer([{**VALDORIA, "capital_is_metonym": False}])
    assert "Merel" not in gaz.names
    assert gaz.lookup("Merel") is None


def test_hyphenated_names_also_match_with_a_space():
    gaz = Gazetteer([{"id": "red-ridge", "name": "Red-Ridge Front", "type": "armed_group"}])
    assert gaz.names["Red Ridge Front"].actor_id == "red-ridge"


def test_long_names_make_case_sensitive_initialisms():
    gaz = Gazetteer([{"id": "mend", "name": "Movement for the Emancipation of the Niger Delta",
                      "type": "armed_group"}])
    entry = gaz.names["MEND"]
    assert (entry.actor_id, entry.case_sensitive) == ("mend", True)
    # "mend" is an English word: the initialism is not a case-insensitive key
    assert gaz.lookup("mend") is None


def test_ambiguous_initialisms_are_left_out():
    gaz = Gazetteer([{"id": "a", "name": "Popular Resistance Front", "type": "armed_group"},
                     {"id": "b", "name": "Patriotic Renewal Forum", "type": "organization"}])
    assert "PRF" not in gaz.names


def test_packaged_actors_resolve_common_forms():
    gaz = load_gazetteer()
    assert gaz.lookup("Hizbollah").id == "hezbollah"
    assert gaz.lookup("al Qaeda").id == "al-qaeda"
    assert gaz.lookup("Islamic Revolutionary Guard Corps").id == "irgc"
    assert gaz.lookup("U.S.").id == "united-states"
    assert gaz.names["Tehran"].actor_id == "iran"
    assert gaz.names["Tehran"].kind == "capital"


def test_part_of_leads_to_the_state():
    gaz = load_gazetteer()
    assert gaz.state_of("iranian-armed-forces").id == "iran"
    assert gaz.state_of("iran").id == "iran"
    assert gaz.state_of("al-qaeda") is None


def test_user_actor_files_take_precedence(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("- id: tehran-city-council\n"
                    "  name: Tehran\n"
                    "  type: organization\n"
                    "  country: IRN\n"
                    "  sector: GOV\n", encoding="utf-8")
    gaz = load_gazetteer((str(path),))
    assert gaz.names["Tehran"].actor_id == "tehran-city-council"
    # the packaged actors are still there
    assert gaz.lookup("Hizbollah").id == "hezbollah"


def test_the_example_actor_file_adds_fictional_actors():
    gaz = load_gazetteer((str(EXAMPLE_ACTORS),))
    assert gaz.lookup("Kesh Federation").id == "kesh"
    assert gaz.names["Keshi"].kind == "demonym"
    des = gaz.lookup("External Security Directorate")
    assert (des.id, des.country, des.sector) == ("valdoria-des", "XVA", "SPY")
    assert gaz.state_of("valdoria-des").id == "valdoria"
    assert gaz.names["RRF"].actor_id == "red-ridge-front"


@pytest.mark.parametrize("content, message", [
    ("id: x\nname: X\n", "a YAML list of actors"),
    ("- name: Nameless Front\n", "entry 1 needs at least 'id' and 'name'"),
])
def test_malformed_actor_files_are_refused_with_the_path(tmp_path, content, message):
    path = tmp_path / "bad-actors.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_gazetteer((str(path),))
    assert str(path) in str(err.value)
    assert message in str(err.value)
