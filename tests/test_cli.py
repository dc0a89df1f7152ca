"""The ``claimgraph`` command, run in-process with click's CliRunner: ``extract`` on text,
HTML, JSON lines and folders (and on inputs it cannot read), the example article with its
actor file, and ``eval`` on a small PLOVER-format gold file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import extract_records, main
from claimgraph.ingest.readers import InputFailure, read_paths
from claimgraph.model import Document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_TEXT = ROOT / "examples" / "example-article.txt"
EXAMPLE_ACTORS = ROOT / "examples" / "example-actors.yaml"

CLAIM_FIELDS = {"kind", "doc_id", "claim_id", "event", "mode", "context", "actor", "recipient", "attribution",
                "polarity", "certainty", "tense", "time", "location", "trigger", "evidence", "confidence"}
ENTITY_FIELDS = {"text", "start", "end", "id", "name", "type", "country", "sector"}
SPAN_FIELDS = {"text", "start", "end"}

QATAR = "Qatar provided funds to Hamas last month, according to Western diplomats.\n"

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Qatar sends funds to Hamas | Example News</title>
<meta property="article:published_time" content="2019-05-12"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news and analysis from our correspondents</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Qatar sends funds to Hamas</h1>
<p>Qatar provided funds to Hamas last month, according to Western diplomats who follow the Gaza talks closely.</p>
<p>The European Union imposed sanctions on Russia over its support for separatists in eastern Ukraine.</p>
</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Reader Tomas wrote: Turkey attacked Greece yesterday, and nobody in this comment
section believes otherwise.</p></div>
</section>
<footer><p>Subscribe to our newsletter for the latest headlines delivered every morning.</p></footer>
</body></html>
"""


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def records(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- extract: output
def test_extract_prints_json_lines_of_the_claims_contract(tmp_path):
    path = write(tmp_path / "qatar.txt", QATAR)
    result = run("extract", "--published", "2019-05-12", str(path))
    assert result.exit_code == 0, result.stderr
    (rec,) = records(result)
    assert CLAIM_FIELDS <= set(rec)
    assert rec["kind"] == "claim"
    assert rec["doc_id"] == str(path)
    assert (rec["event"], rec["mode"]) == ("AID", "economic")
    for entity in rec["actor"] + rec["recipient"] + [rec["attribution"]["source"]]:
        assert ENTITY_FIELDS <= set(entity)
    assert [(a["id"], a["country"], a["sector"]) for a in rec["actor"]] == [("qatar", "QAT", "GOV")]
    assert [r["id"] for r in rec["recipient"]] == ["hamas"]
    assert rec["attribution"]["source"]["text"] == "Western diplomats"
    assert SPAN_FIELDS == set(rec["attribution"]["cue"])
    assert rec["time"] == {"text": "last month", "start": "2019-04-01", "end": "2019-04-30"}
    assert (rec["polarity"], rec["certainty"], rec["tense"]) == ("affirmed", "certain", "past")
    for span in (rec["trigger"], rec["evidence"], rec["attribution"]["cue"]):
        assert QATAR[span["start"]:span["end"]] == span["text"]
    assert 0.0 <= rec["confidence"] <= 1.0


def test_claim_ids_are_stable_across_runs(tmp_path):
    path = write(tmp_path / "qatar.txt", QATAR)
    first, second = records(run("extract", str(path))), records(run("extract", str(path)))
    assert [r["claim_id"] for r in first] == [r["claim_id"] for r in second]
    assert len(first) == 1 and len(first[0]["claim_id"]) >= 8


def test_what_all_adds_attributions_and_affiliations(tmp_path):
    text = "US President Donald Trump said that Iran had attacked a Saudi oil tanker.\n"
    path = write(tmp_path / "trump.txt", text)
    result = run("extract", "--what", "all", str(path))
    assert result.exit_code == 0, result.stderr
    recs = records(result)
    by_kind = {k: [r for r in recs if r["kind"] == k] for k in ("claim", "attribution", "affiliation")}
    assert all(by_kind.values()), [r["kind"] for r in recs]
    (att,) = by_kind["attribution"]
    assert {"kind", "doc_id", "source", "cue", "content"} <= set(att)
    assert att["cue"]["text"] == "said"
    assert att["source"]["text"] == "US President Donald Trump"
    for role in ("source", "cue", "content"):
        assert text[att[role]["start"]:att[role]["end"]] == att[role]["text"]
    (aff,) = by_kind["affiliation"]
    assert {"kind", "doc_id", "person", "organization", "role", "former", "evidence"} <= set(aff)
    assert (aff["person"]["id"], aff["role"], aff["organization"]["id"], aff["former"]) == \
        ("donald-trump", "president", "united-states", False)
    assert by_kind["claim"][0]["attribution"]["cue"]["text"] == "said"


def test_what_selects_one_kind(tmp_path):
    path = write(tmp_path / "qatar.txt", QATAR)
    assert {r["kind"] for r in records(run("extract", "--what", "attributions", str(path)))} == {"attribution"}


def test_table_format_prints_the_claims_for_people(tmp_path):
    path = write(tmp_path / "qatar.txt", QATAR)
    result = run("extract", "--format", "table", str(path), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert not out.lstrip().startswith("{")
    for word in ("1 claims", "AID (economic)", "Qatar [GOV]", "Hamas", "Western diplomats", "last month"):
        assert word in out, word


def test_an_unknown_model_is_a_one_line_error(tmp_path):
    path = write(tmp_path / "qatar.txt", QATAR)
    result = run("extract", "--model", "no_such_spacy_model", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "no_such_spacy_model" in result.stderr


def test_extract_records_gives_what_the_command_prints(tmp_path):
    path = write(tmp_path / "qatar.txt", QATAR)
    printed = records(run("extract", "--what", "all", str(path)))
    assert extract_records([Document(str(path), QATAR)], what="all") == printed


# ---------------------------------------------------------------------- extract: inputs
def test_html_page_is_read_as_its_article_text(tmp_path):
    path = write(tmp_path / "page.html", PAGE)
    (doc,) = read_paths([str(path)])
    assert isinstance(doc, Document)
    assert "Qatar provided funds to Hamas last month" in doc.text
    assert "European Union imposed sanctions on Russia" in doc.text
    for furniture in ("World news and analysis", "Turkey attacked Greece", "Subscribe to our newsletter"):
        assert furniture not in doc.text
    assert doc.published == "2019-05-12"

    result = run("extract", str(path))
    assert result.exit_code == 0, result.stderr
    recs = records(result)
    assert sorted(r["event"] for r in recs) == ["AID", "SANCTION"]
    aid = next(r for r in recs if r["event"] == "AID")
    # offsets are into the extracted article text; the page's date resolves "last month"
    assert doc.text[aid["evidence"]["start"]:aid["evidence"]["end"]] == aid["evidence"]["text"]
    assert aid["time"]["start"] == "2019-04-01"


def test_jsonl_records_with_text_or_html(tmp_path):
    lines = [
        {"id": "doc-17", "text": "The European Union imposed sanctions on Russia last month.",
         "published": "2019-05-12"},
        {"id": "doc-18", "html": PAGE, "url": "https://news.example/qatar", "published": "2020-02-03"},
    ]
    path = write(tmp_path / "batch.jsonl", "".join(json.dumps(x) + "\n" for x in lines))
    docs = list(read_paths([str(path)]))
    assert [d.id for d in docs] == ["doc-17", "doc-18"]
    assert docs[1].url == "https://news.example/qatar"
    assert docs[1].published == "2020-02-03"

    recs = records(run("extract", str(path)))
    by_doc = {r["doc_id"]: r for r in recs if r["event"] in ("SANCTION", "AID")}
    assert by_doc["doc-17"]["time"]["start"] == "2019-04-01"
    # the record's own date wins over the page's
    aid = next(r for r in recs if r["doc_id"] == "doc-18" and r["event"] == "AID")
    assert aid["time"]["start"] == "2020-01-01"


def test_a_folder_is_read_file_by_file(tmp_path):
    write(tmp_path / "in" / "a.txt", QATAR)
    write(tmp_path / "in" / "sub" / "b.html", PAGE)
    write(tmp_path / "in" / "c.jsonl", json.dumps({"id": "c-1", "text": "Iran supplied rockets to Hezbollah."}) + "\n")
    write(tmp_path / "in" / "notes.md", "Iran attacked Iraq. This file is not read.\n")
    docs = list(read_paths([str(tmp_path / "in")]))
    assert all(isinstance(d, Document) for d in docs)
    assert [d.id for d in docs] == [str(tmp_path / "in" / "a.txt"), "c-1", str(tmp_path / "in" / "sub" / "b.html")]
    result = run("extract", str(tmp_path / "in"))
    assert result.exit_code == 0, result.stderr
    assert {r["doc_id"] for r in records(result)} == {d.id for d in docs}


def test_an_empty_folder_is_a_failure(tmp_path):
    (tmp_path / "empty").mkdir()
    (failure,) = read_paths([str(tmp_path / "empty")])
    assert isinstance(failure, InputFailure)
    assert str(tmp_path / "empty") in str(failure)


@pytest.mark.parametrize("name, content, reason", [
    ("scan.txt", b"%PDF-1.4\x00\x01\x02\x00\xff\xfe binary", "binary"),
    ("blank.txt", b"", "empty"),
    ("spaces.txt", b"  \n\n ", "empty"),
    ("menu.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
])
def test_unreadable_files_are_one_line_failures_naming_the_file(tmp_path, name, content, reason):
    path = write(tmp_path / name, content)
    (failure,) = read_paths([str(path)])
    assert isinstance(failure, InputFailure)
    message = str(failure)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert reason in message


def test_malformed_jsonl_lines_fail_alone(tmp_path):
    lines = ['{"id": "ok-1", "text": "Qatar provided funds to Hamas."}',
             '{"id": "broken", "text": "Iran attacked',
             '["not", "an", "object"]',
             '{"id": "no-text", "title": "A headline only"}',
             '{"id": "ok-2", "text": "The European Union imposed sanctions on Russia."}']
    path = write(tmp_path / "mixed.jsonl", "\n".join(lines) + "\n")
    items = list(read_paths([str(path)]))
    assert [d.id for d in items if isinstance(d, Document)] == ["ok-1", "ok-2"]
    failures = [f for f in items if isinstance(f, InputFailure)]
    assert [f.line for f in failures] == [2, 3, 4]
    for f in failures:
        assert str(f).startswith(f"{path}:{f.line}: ")
        assert "\n" not in str(f)
    assert "no-text" in str(failures[2])


@pytest.mark.xfail(strict=True, reason="readers.decode guesses the encoding with charset_normalizer, which reads "
                   "these Latin-1 bytes as another code page ('prête' becomes 'pręte') without any failure")
def test_latin1_text_is_read_exactly_or_reported(tmp_path):
    text = ("Le préfet de la Haute-Garonne a déclaré que la Fédération était prête. Kenyan soldiers were "
            "attacked by al-Shabaab militants near the border, the préfet said in Toulouse.\n")
    path = write(tmp_path / "legacy.txt", text.encode("latin-1"))
    (item,) = read_paths([str(path)])
    if isinstance(item, InputFailure):
        assert str(item).startswith(str(path)) and "\n" not in str(item)
    else:
        assert item.text == text


def test_failing_inputs_exit_1_and_the_others_are_extracted(tmp_path):
    good = write(tmp_path / "good.txt", QATAR)
    binary = write(tmp_path / "scan.txt", b"\x00\x01binary\x00")
    empty = write(tmp_path / "empty.txt", b"")
    batch = write(tmp_path / "batch.jsonl", '{"id": "j-1", "text": "Iran supplied rockets to Hezbollah."}\n{oops\n')
    result = run("extract", str(binary), str(good), str(empty), str(batch))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 3, errors
    assert errors[0].startswith(f"claimgraph: {binary}: ")
    assert errors[1].startswith(f"claimgraph: {empty}: ")
    assert errors[2].startswith(f"claimgraph: {batch}:2: ")
    assert {r["doc_id"] for r in records(result)} == {str(good), "j-1"}


# ---------------------------------------------------------------------- the example article
@pytest.fixture(scope="module")
def example_records() -> list[dict]:
    result = run("extract", "--actors", str(EXAMPLE_ACTORS), "--published", "2024-03-12", "--what", "all",
                 str(EXAMPLE_TEXT))
    assert result.exit_code == 0, result.stderr
    return records(result)


def claims_of(recs: list[dict], event: str) -> list[dict]:
    return [r for r in recs if r["kind"] == "claim" and r["event"] == event]


def test_example_fictional_actors_resolve_to_their_ids(example_records):
    (arms,) = [c for c in claims_of(example_records, "AID") if c["mode"] == "arms"]
    assert [(a["id"], a["country"], a["sector"]) for a in arms["actor"]] == [("valdoria-des", "XVA", "SPY")]
    assert [(r["id"], r["country"], r["sector"]) for r in arms["recipient"]] == [("red-ridge-front", "XKE", "REB")]
    assert arms["attribution"]["cue"]["text"] == "according to"
    assert "report" in arms["attribution"]["source"]["text"]


def test_example_hedged_claim_of_two_states(example_records):
    (advisers,) = [c for c in claims_of(example_records, "AID") if c["mode"] == "personnel"]
    assert [a["id"] for a in advisers["actor"]] == ["valdoria", "ostravia"]
    assert [r["id"] for r in advisers["recipient"]] == ["red-ridge-front"]
    assert advisers["certainty"] == "probable"
    assert (advisers["attribution"]["source"]["text"], advisers["attribution"]["source"]["id"]) == \
        ("Keshi officials", "kesh")
    assert advisers["time"] == {"text": "January", "start": "2024-01-01", "end": "2024-01-31"}


def test_example_negated_claim_asserted_by_a_ministry(example_records):
    (attack,) = claims_of(example_records, "ASSAULT")
    assert [a["id"] for a in attack["actor"]] == ["ostravia"]
    assert [r["id"] for r in attack["recipient"]] == ["kesh"]
    assert attack["polarity"] == "negated"
    assert attack["attribution"]["source"]["text"] == "the Ostravian foreign ministry"
    assert attack["attribution"]["source"]["country"] == "XOS"


def test_example_possible_sanctions_by_an_international_body(example_records):
    found = [c for c in claims_of(example_records, "SANCTION") if c["actor"][0]["id"] == "northern-concord"]
    assert len(found) == 1
    (sanction,) = found
    assert sanction["actor"][0]["sector"] == "IGO"
    assert [r["id"] for r in sanction["recipient"]] == ["valdoria"]
    assert sanction["certainty"] == "possible"
    assert "Dana Velt" in sanction["attribution"]["source"]["text"]


def test_example_the_directorate_trained_the_rebels_says_a_former_commander(example_records):
    (training,) = [c for c in claims_of(example_records, "AID") if c["mode"] == "training"]
    assert [a["id"] for a in training["actor"]] == ["valdoria-des"]
    assert [r["id"] for r in training["recipient"]] == ["red-ridge-front"]
    assert training["attribution"]["source"]["name"] == "Ilan Marosk"
    assert training["time"]["start"] == "2023-01-01"


def test_example_affiliation_of_the_former_commander(example_records):
    affs = [r for r in example_records if r["kind"] == "affiliation" and "Marosk" in r["person"]["text"]]
    assert len(affs) == 1, [(r["person"]["text"], r["role"]) for r in example_records if r["kind"] == "affiliation"]
    assert (affs[0]["role"], affs[0]["organization"]["id"], affs[0]["former"]) == ("commander", "valdoria-des", True)


def test_example_expelled_diplomats(example_records):
    found = [c for c in example_records if c["kind"] == "claim" and c["actor"][0]["id"] == "kesh"]
    assert [(c["event"], c["mode"]) for c in found] == [("SANCTION", "expel")]
    assert [r["id"] for r in found[0]["recipient"]] == ["valdoria"]
    assert found[0]["time"] == {"text": "last week", "start": "2024-03-04", "end": "2024-03-10"}


def test_without_the_actor_file_the_fictional_states_are_unknown(tmp_path):
    path = write(tmp_path / "kesh.txt", "Kesh expelled two Valdorian diplomats last week.\n")
    plain = records(run("extract", str(path)))
    assert all(a["country"] is None for c in plain for a in c["actor"])
    with_file = records(run("extract", str(path), env={"CLAIMGRAPH_ACTORS": str(EXAMPLE_ACTORS)}))
    assert [a["country"] for c in with_file for a in c["actor"]] == ["XKE"]


# ---------------------------------------------------------------------- eval
GOLD = [
    {"id": "t-1", "text": "Qatar provided funds to Hamas.", "event": "AID",
     "actor": [{"actorText": "Qatar"}], "recipient": [{"actorText": "Hamas"}]},
    # a second gold event on the same sentence that a right extractor does not produce
    {"id": "t-2", "text": "Qatar provided funds to Hamas.", "event": "ASSAULT",
     "actor": [{"actorText": "Qatar"}], "recipient": [{"actorText": "Hamas"}]},
    {"id": "t-3", "text": "The European Union imposed sanctions on Russia.", "event": "SANCTION",
     "actor": [{"actorText": "European Union"}], "recipient": [{"actorText": "Russia"}]},
    {"id": "t-4", "text": "Kenyan soldiers were attacked by al-Shabaab militants.", "event": "ASSAULT",
     "actor": [{"actorText": "al-Shabaab"}], "recipient": []},
]


def test_eval_scores_a_plover_gold_file(tmp_path):
    gold = write(tmp_path / "gold.jsonl", "".join(json.dumps(g) + "\n" for g in GOLD))
    result = run("eval", str(gold), "--format", "json")
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["task"] == "plover"
    assert (scores["gold_records"], scores["sentences"]) == (4, 3)
    # every sentence yields its one right claim; the invented ASSAULT on t-1 is missed
    assert scores["claims"] == 3
    assert scores["recall"] == pytest.approx(3 / 4)
    assert scores["precision"] == pytest.approx(1.0)
    assert scores["extra_per_sentence"] == pytest.approx(0.0)
    assert scores["f1"] == pytest.approx(2 * 0.75 / 1.75)
    assert scores["per_type"]["ASSAULT"] == {"gold": 2, "hit": 1, "claims": 1, "matched": 1}


def test_eval_prints_a_table(tmp_path):
    gold = write(tmp_path / "gold.jsonl", "".join(json.dumps(g) + "\n" for g in GOLD[:1]))
    result = run("eval", str(gold), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "recall" in result.stdout and "1.000" in result.stdout


def test_table_output_shows_square_brackets_as_written(tmp_path):
    # rich reads "[...]" as markup; text and file names must be shown as they are
    path = tmp_path / "[wire] report.txt"
    path.write_text("The [Reuters] desk reported that Syria attacked Turkey on Monday, officials said.\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--format", "table", "--what", "all", str(path)])
    assert result.exit_code == 0, result.output
    assert "[Reuters]" in result.output
    assert "[wire] report.txt" in result.output


def test_combine_chooses_how_the_rules_and_the_learned_claims_meet(tmp_path):
    from claimgraph.model import Document
    from claimgraph.pipeline import Extractor

    text = ("Syria denied on Tuesday that it had supplied weapons to Hezbollah fighters in Lebanon. "
            "Senator John McCain criticized President Obama for withdrawing troops from Iraq.")
    path = write(tmp_path / "a.txt", text)
    env: dict[str, str | None] = {"CLAIMGRAPH_COMBINE": None}  # what the option sets is undone after
    got = {}
    for combine in ("rules", "learned"):
        result = run("extract", "--combine", combine, str(path), env=env)  # type: ignore[arg-type]
        assert result.exit_code == 0, result.output
        got[combine] = [(r["event"], r["polarity"], r["evidence"]["start"]) for r in records(result)]
        want = next(Extractor(combine=combine).extract_documents([Document("a", text)])).claims
        assert got[combine] == [(c.event, c.polarity, c.evidence.start) for c in want]
    assert got["rules"] != got["learned"]
    assert "CLAIMGRAPH_COMBINE" not in os.environ


def test_the_cli_offers_every_combination_the_extractor_has():
    from claimgraph.cli import COMBINATIONS
    from claimgraph.pipeline import COMBINE

    assert sorted(COMBINATIONS) == sorted(COMBINE)  # listed again so that the CLI starts without spaCy
