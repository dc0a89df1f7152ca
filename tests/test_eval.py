"""Scoring (claimgraph.eval.scoring): the matching rules of docs/claims-format.md on
hand-made records, and agreement with the reference scorer (shared/tools/score.py) on the
same saved records: PLOVER sentences, the seed article and a small PolNeAR-style folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimgraph.eval.scoring import (
    claim_matches,
    entity_matches,
    max_matching,
    parse_brat,
    run_eval,
    score_plover,
    score_spans,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "tools" / "score.py"
PLOVER_GOLD = SHARED / "gold" / "plover-gsr-dev.jsonl"
SEED_GOLD = SHARED / "gold" / "seed-article.json"
SEED_TEXT = SHARED / "examples" / "seed-article.txt"

needs_scorer = pytest.mark.skipif(not SCORER.is_file(), reason="the reference scorer (shared/tools) is not there")


def entity(text: str, name: str | None = None) -> dict:
    return {"text": text, "start": 0, "end": len(text), "id": (name or text).lower(), "name": name or text}


def claim(doc_id: str, event: str, actors: list, recipients: list, **extra) -> dict:
    return {"kind": "claim", "doc_id": doc_id, "event": event, "actor": actors, "recipient": recipients, **extra}


def reference(*args: str) -> dict:
    """The figures the reference scorer prints as its last stdout line."""
    done = subprocess.run([sys.executable, str(SCORER), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def save(path: Path, recs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path


# ---------------------------------------------------------------------- matching rules
@pytest.mark.parametrize("system, gold, expected", [
    (entity("U.S."), "US", True),
    (entity("al-Qaeda fighters"), "Al Qaeda", True),
    (entity("Iran's navy"), "Iran", True),
    (entity("Tehran", name="Iran"), "Iran", True),
    (entity("Tehran", name="Iran"), "Iranian", False),
    (entity("the army"), "the police", False),
    (entity("of the"), "the", False),
    ("Hamas militants", "Hamas", True),
    (entity("Hamas"), "", False),
])
def test_entity_matches(system, gold, expected):
    assert entity_matches(system, gold) is expected


def test_claim_matches_type_actor_and_recipient_when_gold_has_one():
    c = claim("d", "aid", [entity("Qatar")], [entity("Hamas")])
    assert claim_matches(c, "AID", ["Qatar"], ["Hamas"])
    assert claim_matches(c, "AID", ["Qatar"], [])
    assert not claim_matches(c, "AID", ["Qatar"], ["Fatah"])
    assert not claim_matches(c, "SANCTION", ["Qatar"], ["Hamas"])
    assert not claim_matches(claim("d", "AID", [entity("Qatar")], []), "AID", ["Qatar"], ["Hamas"])


def test_max_matching_is_one_to_one():
    edges = {0: [0, 1], 1: [0], 2: [1]}
    pairs = max_matching(3, lambda i: edges[i])
    assert len(pairs) == 2
    assert len(set(pairs.values())) == 2


def test_score_plover_by_hand():
    gold = [
        {"id": "s1", "text": "A", "event": "AID", "actor": [{"actorText": "Qatar"}],
         "recipient": [{"actorText": "Hamas"}]},
        {"id": "s1b", "text": "A", "event": "ACCUSE", "actor": [{"actorText": "Israel"}], "recipient": []},
        {"id": "s2", "text": "B", "event": "SANCTION", "actor": [{"actorText": "EU"}], "recipient": []},
    ]
    claims = [
        claim("s1", "AID", [entity("Qatar")], [entity("Hamas")]),  # matches s1
        claim("s1", "ASSAULT", [entity("Qatar")], [entity("Hamas")]),  # matches nothing
        claim("s2", "SANCTION", [entity("European Union", name="EU")], [entity("Russia")]),  # by name
        claim("other", "AID", [entity("Qatar")], [entity("Hamas")]),  # not a sent sentence
    ]
    s = score_plover(gold, claims)
    assert (s["gold_records"], s["sentences"], s["claims"]) == (3, 2, 4)
    assert s["recall"] == pytest.approx(2 / 3)
    assert s["precision"] == pytest.approx(2 / 4)
    assert s["extra_per_sentence"] == pytest.approx(2 / 3)
    assert s["per_type"]["ACCUSE"] == {"gold": 1, "hit": 0}


def test_brat_spans_and_span_scores():
    ann = ("T1\tSource 0 12\tThe Pentagon\n"
           "T2\tCue 13 17\tsaid\n"
           "T3\tContent 18 30;35 40\tthat Russia … jets\n"
           "T4\tSource 0 12\tThe Pentagon\n"
           "E1\tAttribution:T2 Source:T1 Content:T3\n")
    spans = parse_brat(ann)
    assert spans["source"] == [[(0, 12)]]
    assert spans["content"] == [[(18, 30), (35, 40)]]
    scores = score_spans(spans["content"], [(18, 40), (50, 60)])
    assert scores == {"gold": 1, "sys": 2, "exact": 1, "overlap": 1}
    assert score_spans(spans["content"], [(31, 34)])["overlap"] == 0


# ---------------------------------------------------------------------- agreement with the reference scorer
@pytest.fixture(scope="module")
def plover_records(extractor) -> list[dict]:
    if not PLOVER_GOLD.is_file():
        pytest.skip("shared/gold/plover-gsr-dev.jsonl is not there")
    from claimgraph.model import Document

    first: dict[str, str] = {}
    for line in PLOVER_GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            first.setdefault(g["text"], g["id"])
    docs = [Document(doc_id, text) for text, doc_id in first.items()]
    return [rec for r in extractor.extract_documents(docs) for rec in r.records("claims")]


@needs_scorer
def test_plover_scores_agree_with_the_reference(tmp_path, plover_records):
    assert plover_records
    path = save(tmp_path / "claims.jsonl", plover_records)
    ref = reference("plover", str(PLOVER_GOLD), "--claims", str(path))
    ours = run_eval(str(PLOVER_GOLD), records=plover_records)
    for key in ("gold_records", "sentences", "claims"):
        assert ours[key] == ref[key], key
    for key in ("recall", "precision", "f1", "extra_per_sentence", "type_recall"):
        assert round(ours[key], 4) == ref[key], key


@needs_scorer
def test_plover_scores_agree_on_unusual_records(tmp_path, plover_records):
    """Records another tool might write: lower-case types, bare-string entities, matches by
    name only, claims of documents that were not sent, a claim without "kind"."""
    first = plover_records[0]
    extra = [
        {**first, "event": first["event"].lower()},
        {**first, "actor": [a["text"] for a in first["actor"]]},
        {**first, "actor": [{**a, "text": "them", "name": a["name"]} for a in first["actor"]]},
        {**first, "doc_id": "not-a-sentence"},
        {k: v for k, v in first.items() if k != "kind"},
    ]
    recs = plover_records + extra
    path = save(tmp_path / "claims.jsonl", recs)
    ref = reference("plover", str(PLOVER_GOLD), "--claims", str(path))
    ours = run_eval(str(PLOVER_GOLD), records=recs)
    assert ours["claims"] == ref["claims"]
    for key in ("recall", "precision", "extra_per_sentence"):
        assert round(ours[key], 4) == ref[key], key


@needs_scorer
def test_an_attribution_without_kind_is_no_claim_for_either_scorer(tmp_path, plover_records):
    att = {"doc_id": plover_records[0]["doc_id"], "source": None,
           "cue": {"text": "said", "start": 0, "end": 4}, "content": {"text": "x", "start": 5, "end": 6}}
    recs = plover_records + [att]
    path = save(tmp_path / "claims.jsonl", recs)
    ref = reference("plover", str(PLOVER_GOLD), "--claims", str(path))
    ours = run_eval(str(PLOVER_GOLD), records=recs)
    assert ours["claims"] == ref["claims"]
    assert round(ours["precision"], 4) == ref["precision"]


@needs_scorer
def test_seed_scores_agree_with_the_reference(tmp_path, seed_extraction):
    if not SEED_GOLD.is_file():
        pytest.skip("shared/gold/seed-article.json is not there")
    recs = seed_extraction.records("all")
    path = save(tmp_path / "seed.jsonl", recs)
    ref = reference("seed", "--claims", str(path))
    ours = run_eval(str(SEED_GOLD), text_path=str(SEED_TEXT), records=recs)
    assert ours["claims"] == ref["claims"]
    assert ours["matched_pairs"] == ref["matched_pairs"]
    assert ours["matched_pairs"] > 0
    for key in ("recall", "precision", "f1", "attribution_accuracy", "polarity_accuracy", "certainty_accuracy",
                "tense_accuracy", "mode_accuracy"):
        assert round(ours[key], 4) == ref[key], key


@needs_scorer
def test_seed_scores_agree_on_a_claim_without_kind(tmp_path, seed_extraction):
    if not SEED_GOLD.is_file():
        pytest.skip("shared/gold/seed-article.json is not there")
    recs = [{k: v for k, v in r.items() if k != "kind"} if r["kind"] == "claim" else r
            for r in seed_extraction.records("all")]
    path = save(tmp_path / "seed.jsonl", recs)
    ref = reference("seed", "--claims", str(path))
    ours = run_eval(str(SEED_GOLD), text_path=str(SEED_TEXT), records=recs)
    assert ours["claims"] == ref["claims"]
    assert round(ours["recall"], 4) == ref["recall"]


@needs_scorer
def test_polnear_span_scores_agree_with_the_reference(tmp_path):
    text = ("The Pentagon said that Russia had sent fighter jets to Venezuela. "
            "“We will not allow it,” the Israeli prime minister told reporters.\n")
    d = tmp_path / "polnear"
    (d / "text").mkdir(parents=True)
    (d / "attributions").mkdir()
    (d / "text" / "art-1.txt").write_text(text, encoding="utf-8")

    def off(s: str) -> str:
        i = text.index(s)
        return f"{i} {i + len(s)}"

    q = text.index("We will")
    (d / "attributions" / "art-1_annA.ann").write_text(
        f"T1\tSource {off('The Pentagon')}\tThe Pentagon\n"
        f"T2\tCue {off('said')}\tsaid\n"
        f"T3\tContent {off('that Russia had sent fighter jets to Venezuela')}\tx\n"
        f"T4\tSource {off('the Israeli prime minister')}\tx\n"
        f"T5\tCue {off('told')}\ttold\n"
        f"T6\tContent {q} {q + 7};{q + 8} {q + 20}\tx\n", encoding="utf-8")
    # a second annotator is never the gold
    (d / "attributions" / "art-1_annB.ann").write_text(f"T1\tCue {off('told')}\ttold\n", encoding="utf-8")

    def span(s: str, start: int | None = None) -> dict:
        i = text.index(s) if start is None else start
        return {"text": text[i:i + len(s)], "start": i, "end": i + len(s)}

    recs = [
        {"kind": "attribution", "doc_id": "art-1", "source": span("The Pentagon"), "cue": span("said"),
         "content": span("Russia had sent fighter jets to Venezuela")},
        {"kind": "attribution", "doc_id": "art-1", "source": span("Israeli prime minister"), "cue": span("told"),
         "content": span("We will not allow it")},
        {"kind": "attribution", "doc_id": "art-1", "source": None, "cue": span("sent"), "content": span("jets")},
        {"kind": "attribution", "doc_id": "elsewhere", "source": None, "cue": span("said"), "content": span("it")},
    ]
    path = save(tmp_path / "atts.jsonl", recs)
    ref = reference("polnear", str(d), "--claims", str(path))
    ours = run_eval(str(d), records=recs)
    assert ours["articles"] == ref["articles"] == 1
    for role in ("source", "cue", "content"):
        assert (ours[role]["gold"], ours[role]["sys"]) == (ref[role]["gold"], ref[role]["sys"]), role
        for match in ("exact", "overlap"):
            for m in ("p", "r", "f1"):
                assert round(ours[role][f"{match}_{m}"], 4) == ref[role][match][m], (role, match, m)


# ---------------------------------------------------------------------- event snippets (CASE 2021 format)
CONFLICT_REPORTS = Path(__file__).resolve().parent / "extraction" / "conflict_reports.tsv"


def test_snippet_scores_by_hand(tmp_path):
    path = tmp_path / "snippets.tsv"
    path.write_text("id\tEventSnippet\tSubType\n1\tx\tARREST\n2\ty\tARREST\n3\tz\tDIPLO\n", encoding="utf-8")
    recs = [claim("1", "COERCE", [], []), claim("2", "ASSAULT", [], []), claim("3", "SANCTION", [], [])]
    result = run_eval(str(path), records=recs)
    assert (result["mapped_snippets"], result["type_recall"]) == (2, 0.5)
    assert result["per_class"]["DIPLO"]["recall"] is None and result["per_class"]["DIPLO"]["any_claim"] == 1


@needs_scorer
def test_snippet_scores_agree_with_the_reference(tmp_path, extractor):
    from claimgraph.model import Document

    rows = CONFLICT_REPORTS.read_text(encoding="utf-8").splitlines()[1:]
    docs = [Document(r.split("\t")[0], r.split("\t")[1]) for r in rows]
    recs = [rec for ex in extractor.extract_documents(docs) for rec in ex.records("claims")]
    path = save(tmp_path / "claims.jsonl", recs)
    ref = reference("case2021", str(CONFLICT_REPORTS), "--claims", str(path))
    ours = run_eval(str(CONFLICT_REPORTS), records=recs)
    assert ours["mapped_snippets"] == ref["mapped_snippets"] == len(rows)
    assert round(ours["type_recall"], 4) == round(ref["type_recall"], 4)
    assert round(ours["macro_class_recall"], 4) == round(ref["macro_class_recall"], 4)


# ---------------------------------------------------------------------- whole documents (docs mode)
@needs_scorer
def test_document_scores_agree_with_the_reference(tmp_path, seed_extraction, example_extractor, example_text):
    """Two documents: the seed article with its gold claims, and the bundled example with
    two claims annotated here (one the extractor finds, one it cannot)."""
    if not SEED_GOLD.is_file():
        pytest.skip("shared/gold/seed-article.json is not there")
    texts = tmp_path / "text"
    texts.mkdir()
    (texts / "seed-article.txt").write_bytes(SEED_TEXT.read_bytes())
    (texts / "example.txt").write_text(example_text, encoding="utf-8")
    example = example_extractor.extract(example_text, doc_id="example")
    first = example.claims[0]
    gold_example = [
        {"event": first.event, "actor": [{"actorText": a.text} for a in first.actor],
         "recipient": [{"actorText": r.text} for r in first.recipient],
         "evidence": {"text": first.evidence.text, "start": first.evidence.start, "end": first.evidence.end},
         "asserted_by": None, "polarity": "affirmed", "certainty": "certain", "tense": "past"},
        {"event": "CONCEDE", "actor": [{"actorText": "nobody"}], "recipient": [],
         "evidence": {"text": "x", "start": 0, "end": 1}, "asserted_by": None},
    ]
    gold = [{"id": "seed-article", "claims": json.loads(SEED_GOLD.read_text(encoding="utf-8"))["claims"]},
            {"id": "example", "claims": gold_example}]
    gold_path = tmp_path / "docs.json"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    recs = seed_extraction.records("claims") + example.records("claims")
    path = save(tmp_path / "claims.jsonl", recs)
    ref = reference("docs", str(gold_path), "--textdir", str(texts), "--claims", str(path))
    ours = run_eval(str(gold_path), text_path=str(texts), records=recs)
    assert (ours["documents"], ours["gold_claims"], ours["claims"]) == (2, ref["gold_claims"], ref["claims"])
    assert ours["matched_pairs"] == ref["matched_pairs"] > 0
    for key in ("recall", "precision", "f1", "attribution_accuracy", "polarity_accuracy", "certainty_accuracy",
                "tense_accuracy", "mode_accuracy"):
        assert round(ours[key], 4) == ref[key], key
