"""The learned attribution-cue classifier: real sentences in, cues out; the shipped model
widens the cue list ("likened", "pointed to", "is critical of") and narrows it ("sales
showed growth", "he wants a sandwich"); the training script's own functions train a model that
separates a cue from a non-cue."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from claimgraph.extraction.cue_model import is_candidate, load_cue_model
from claimgraph.lexicons import load_lexicons
from claimgraph.pipeline import Extractor

from .spans import attributions

ROOT = Path(__file__).resolve().parents[2]
TRAIN_SCRIPT = ROOT / "training" / "train_cues.py"
TRAIN_DATA = sorted((ROOT / "training" / "data").glob("attributions-*.jsonl"))




def cue_texts(extractor: Extractor, text: str) -> list[str]:
    return [a.cue.text for a in attributions(extractor, text)]


def test_the_model_ships_and_loads() -> None:
    model = load_cue_model()
    assert model is not None
    assert len(model.weights) > 1000
    assert (ROOT / "src" / "claimgraph" / "data" / "models" / "cue_classifier.json").stat().st_size < 1_000_000


def test_unlisted_verb_with_object_content_is_a_cue(extractor: Extractor) -> None:
    found = attributions(extractor, "The governor likened the new tax to highway robbery.")
    a = next(a for a in found if a.cue.text == "likened")
    assert a.source is not None and a.source.text == "The governor"
    assert a.content.text == "the new tax to highway robbery"


def test_unlisted_verb_with_a_preposition_takes_it_into_the_cue(extractor: Extractor) -> None:
    found = attributions(extractor, "The senator pointed to rising grocery prices as proof that the policy failed.")
    a = next(a for a in found if a.cue.text == "pointed to")
    assert a.source is not None and a.source.text == "The senator"
    assert a.content.text.startswith("rising grocery prices")


def test_predicate_adjective_is_a_cue(extractor: Extractor) -> None:
    found = attributions(extractor, "The mayor is critical of the state's plan to close the hospital.")
    a = next(a for a in found if a.cue.text == "critical of")
    assert a.source is not None and a.source.text == "The mayor"
    assert a.content.text == "the state's plan to close the hospital"


def test_unlisted_verb_before_a_clause_is_a_cue(extractor: Extractor) -> None:
    found = attributions(extractor, "The senator groused that the bill was a giveaway to insurers.")
    a = next(a for a in found if a.cue.text == "groused")
    assert a.source is not None and a.source.text == "The senator"
    assert a.content.text == "that the bill was a giveaway to insurers"


def test_listed_verbs_that_report_nothing_are_dropped(extractor: Extractor) -> None:
    assert "showed" not in cue_texts(extractor, "Sales showed strong growth in the fourth quarter.")
    assert "shows" not in cue_texts(extractor, "The video shows soldiers marching through the square.")
    assert "showed" not in cue_texts(extractor, "The storm showed no sign of weakening.")


def test_listed_verb_that_reports_is_kept(extractor: Extractor) -> None:
    found = attributions(extractor, "The poll shows that most voters oppose the war.")
    a = next(a for a in found if a.cue.text == "shows")
    assert a.source is not None and a.source.text == "The poll"
    assert a.content.text == "that most voters oppose the war"


def test_actions_are_not_cues(extractor: Extractor) -> None:
    assert cue_texts(extractor, "The army attacked the town at dawn, killing at least twelve people.") == []
    assert cue_texts(extractor, "Apple unveiled a new iPhone on Tuesday.") == []


def _train_module():
    spec = importlib.util.spec_from_file_location("train_cues", TRAIN_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_cues"] = module
    spec.loader.exec_module(module)
    return module


def test_training_data_offsets_point_at_their_text() -> None:
    train = _train_module()
    sentences = train.load_sentences(TRAIN_DATA)
    assert len(sentences) >= 800
    assert sum(len(s["attributions"]) for s in sentences) >= 500


def test_a_model_trained_on_a_slice_separates_a_cue_from_a_non_cue(extractor: Extractor) -> None:
    pytest.importorskip("sklearn")
    from claimgraph.extraction.cue_model import CueModel

    train = _train_module()
    sentences = train.load_sentences(TRAIN_DATA)[::4]
    X, y, _ = train.labelled_candidates(sentences, extractor.nlp, extractor.lex)
    assert 0 < sum(y) < len(y)
    data = train.fit(X, y, C=3.0)
    model = CueModel(data["weights"], data["bias"])
    lex = load_lexicons()
    doc = extractor.nlp("The foreign minister complained that the sanctions hurt ordinary people.")
    cue = next(t for t in doc if t.text == "complained")
    action = next(t for t in doc if t.text == "hurt")
    assert is_candidate(cue, lex) and is_candidate(action, lex)
    assert model.probability(cue, lex) > 0.5 > model.probability(action, lex)
