"""The learned claim extractor (extraction/news_model.py) and what it reads: datelines, title-case
headlines, the trigger and role models, the accurate mode's encoder; and the real-news training
data it is trained on (training/news/), checked against the shared corpora when they are there."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from claimgraph.extraction.headline import is_title_case, truecase
from claimgraph.extraction.news_model import datelines, load_news_model
from claimgraph.model import Document

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
NEWS_DEV = SHARED / "gold" / "news-dev"
TRAINING = ROOT / "training" / "news"
needs_shared = pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason="the shared corpora are not there")


def claims_of(extractor, text: str) -> list:
    return next(extractor.extract_documents([Document("t", text)])).claims


def corpus_snippets(*ids: str) -> dict[str, str]:
    """Texts of AG News snippets of the shared corpus (none is in a dev set), by id."""
    out = {}
    with (SHARED / "corpora" / "agnews-world" / "docs.jsonl").open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["id"] in ids:
                out[row["id"]] = row["text"]
    return out


@pytest.fixture(scope="module")
def learned():
    """The learned extractor alone, without the parse rules' claims."""
    from claimgraph.pipeline import Extractor

    return Extractor(combine="learned")


ACCURATE_FLOOR = 0.43  # measured 0.465 (docs/status.md)


def dev_snippets_f1(ex) -> float:
    from claimgraph.eval.scoring import run_eval

    gold = NEWS_DEV / "agnews.json"
    texts = NEWS_DEV / "agnews" / "text"
    docs = [Document(d["id"], (texts / f"{d['id']}.txt").read_text(encoding="utf-8"))
            for d in json.loads(gold.read_text(encoding="utf-8"))]
    recs = [r for x in ex.extract_documents(docs) for r in x.records("claims")]
    return run_eval(str(gold), text_path=str(texts), records=recs)["f1"]


# ---------------------------------------------------------------------- document structure
@pytest.mark.parametrize("text, expected", [
    ("Rebels Seize Town. NAJAF, Iraq (Reuters) - Rebels seized the town.", ["NAJAF, Iraq (Reuters) - "]),
    ("Talks Resume (AP). AP - Negotiators met again on Monday.", ["(AP)", "AP - "]),
    ("Canadian Press - OTTAWA (CP) - The government said.", ["Canadian Press - OTTAWA (CP) - "]),
    ("US Envoy: Iran Must Stop Enrichment. The envoy said so.", []),
    ("Iran denied it. The minister said - twice - that it had not.", []),
    # the date's periods end no sentence
    ("MEXICO CITY, Feb. 8 (UPI) — Count the former president among his critics.", ["MEXICO CITY, Feb. 8 (UPI) — "]),
    ("Envoy Quits. NEW DELHI, Aug. 25. - The envoy resigned.", ["NEW DELHI, Aug. 25. - "]),
    ("Iran denied it. Gen. Smith said so.", []),
])
def test_datelines_are_found_where_wire_copy_puts_them(text, expected):
    found = [text[s:e] for s, e in datelines(text)]
    assert found[:len(expected)] == expected
    if not expected:
        assert found == []


def test_a_dateline_names_no_party(extractor):
    text = ("Troops Pull Out of Border Town (Reuters). MOSCOW (Reuters) - Russian troops withdrew from the "
            "border town on Tuesday after Georgian forces shelled their positions, officials said.")
    for c in claims_of(extractor, text):
        for e in c.actor + c.recipient:
            assert e.text not in ("MOSCOW", "Reuters") and not e.text.startswith(("MOSCOW", "Reuters"))


@needs_shared
def test_a_dated_dateline_names_no_party(extractor):
    """A corpus snippet whose dateline carries the date ("MOSCOW Sept. 17, 2004 -"): the city
    was the actor of the siege and the attacks it reports."""
    text = corpus_snippets("agnews-2012")["agnews-2012"]
    assert "MOSCOW Sept. 17, 2004 - Chechen rebel leader Shamil Basayev" in text
    found = claims_of(extractor, text)
    assert any(c.event == "ASSAULT" for c in found)
    assert not [c for c in found if "MOSCOW" in [e.text for e in c.actor + c.recipient]]


@needs_shared
def test_the_rules_take_the_clause_subject_not_the_datelines():
    """A corpus snippet whose dateline the parser takes for a second subject of the verb: the
    rules read the subject nearest the verb, and keep the claim."""
    from claimgraph.pipeline import Extractor

    text = corpus_snippets("agnews-6626")["agnews-6626"]
    assert "LIMA, Peru (Reuters) - Peruvian authorities on Monday launched" in text
    # "launched an offensive": the noun says the attack
    offensive = [c for c in claims_of(Extractor(combine="rules"), text) if c.trigger and c.trigger.text == "offensive"]
    assert [(c.event, [a.text for a in c.actor]) for c in offensive] == [("ASSAULT", ["Peruvian authorities"])]


def common(word: str) -> bool:
    return word in {"slam", "say", "tell", "price", "talk", "target", "vow"}


@pytest.mark.parametrize("text, expected", [
    ("Kremlin Slams Kiev Over Gas Price. MOSCOW - Russia criticised Ukraine over the price of its gas.",
     "Kremlin slams Kiev over gas price. MOSCOW - Russia criticised Ukraine over the price of its gas."),
    # a capitalised word the body writes as a name stays a name
    ("Downer Tells China to Act. Australian Foreign Minister Alexander Downer said China should act now.",
     "Downer tells China to act. Australian Foreign Minister Alexander Downer said China should act now."),
    # sentence case is left alone, and so is a headline with no body to read names from
    ("Russia slams Ukraine over gas. Moscow said so on Monday in a statement from the Kremlin.",
     "Russia slams Ukraine over gas. Moscow said so on Monday in a statement from the Kremlin."),
    ("Kremlin Slams Kiev Over Gas Price", "Kremlin Slams Kiev Over Gas Price"),
])
def test_title_case_headlines_are_read_in_sentence_case(text, expected):
    out = truecase(text, common, lambda w: w in {"Kremlin", "Kiev", "China", "Russia"})
    assert out == expected and len(out) == len(text)


def test_title_case_detection():
    assert is_title_case("Kremlin Slams Kiev Over Gas Price")
    assert not is_title_case("Kremlin slams Kiev over gas price")
    # a sentence full of names is no headline: its verb is in lower case
    assert not is_title_case("US President Donald Trump praised Saudi Arabia")


def test_a_title_case_headline_keeps_its_own_text_in_the_records(extractor):
    text = ("Kremlin Slams Kiev Over Gas Price. MOSCOW (Reuters) - The Kremlin on Monday accused Ukraine of "
            "stealing Russian gas meant for Europe.")
    claims = claims_of(extractor, text)
    for c in claims:
        assert c.evidence.text == text[c.evidence.start:c.evidence.end]
        for e in c.actor + c.recipient:
            assert e.text == text[e.start:e.end]
            assert "Slams" not in e.text
    assert any(c.event == "ACCUSE" and any(e.id == "ukraine" for e in c.recipient) for c in claims)


@needs_shared
def test_no_learned_claim_takes_a_party_from_a_dateline(learned):
    # wire snippets whose dateline follows the headline: "... (AFP). AFP - Georgian and South
    # Ossetian forces ...", "Britain accuses 8 of terror plot. LONDON - British police ..."
    wanted = {"agnews-131", "agnews-144", "agnews-792", "agnews-1207"}
    docs = corpus_snippets(*wanted)
    assert len(docs) == len(wanted)
    n = 0
    for doc_id, text in docs.items():
        ranges = datelines(text)
        assert ranges, doc_id
        for c in claims_of(learned, text):
            n += 1
            for e in c.actor + c.recipient:
                assert not any(s <= e.start < t for s, t in ranges), (doc_id, e.text)
    assert n >= len(docs)


def test_a_headline_in_a_paragraph_of_its_own_is_cased_by_the_article_below_it():
    head = "Trump Calls On Obama To Resign."
    body = "\n\nDonald Trump called for the president to resign after the attack in Orlando."
    # alone, a headline has no body to tell its names from its words, and stays as written
    verbs = {"call", "resign"}.__contains__
    assert truecase(head, verbs, lambda w: False) == head
    assert truecase(head, verbs, lambda w: False, body) == "Trump calls on Obama to resign."


@needs_shared
def test_a_corpus_headline_standing_alone_gives_its_claim(extractor):
    name = "breitbart_2016-01-10_conservative-icon-morton-blackwe.txt"
    path = SHARED / "corpora" / "polnear-articles" / "text" / name
    text = path.read_text(encoding="utf-8")
    head_end = text.index("\n")
    claims = [c for c in claims_of(extractor, text) if c.evidence.end <= head_end]
    assert any(c.event == "SUPPORT" and any(e.name == "Morton Blackwell" for e in c.actor)
               and any(e.name == "Ted Cruz" for e in c.recipient) for c in claims), claims


# ---------------------------------------------------------------------- the learned extractor
def test_the_shipped_model_is_plain_json_with_its_thresholds():
    model = load_news_model()
    assert model is not None
    assert set(model.trigger.labels) == {"YES", "NO"}
    assert {"ACCUSE", "ASSAULT", "CONSULT", "SUPPORT"} <= set(model.type.labels)
    assert set(model.role.labels) == {"ACTOR", "RECIPIENT", "NONE"}
    assert 0 < model.trigger_threshold < 1


WIRE = [
    ("Iraqi insurgents attacked a police station in Baquba on Sunday, killing six officers.",
     "ASSAULT", "insurgents", None),
    ("French President Jacques Chirac met Russian President Vladimir Putin in Moscow on Friday.",
     "CONSULT", "Chirac", "Putin"),
    ("The United Nations Security Council urged Sudan to disarm the militias in Darfur.",
     "REQUEST", "Security Council", "Sudan"),
    ("Senator John McCain criticized President Obama for withdrawing troops from Iraq.",
     "ACCUSE", "McCain", "Obama"),
]


@pytest.mark.parametrize("mode", ["learned", "accurate"])
@pytest.mark.parametrize("text, event, actor, recipient", WIRE)
def test_wire_sentences_give_the_coded_claim(request, mode, text, event, actor, recipient):
    claims = claims_of(request.getfixturevalue(mode), text)
    hits = [c for c in claims if c.event == event and any(actor in e.text or actor in e.name for e in c.actor)]
    assert hits, [(c.event, [e.text for e in c.actor]) for c in claims]
    if recipient:
        assert any(recipient in e.text or recipient in e.name for c in hits for e in c.recipient)
    for c in claims:
        rec = c.to_record()
        assert rec["evidence"]["text"] == text[rec["evidence"]["start"]:rec["evidence"]["end"]]


def test_a_denial_is_the_denied_event_negated_and_asserted_by_the_denier(learned):
    text = "Syria denied on Tuesday that it had supplied weapons to Hezbollah fighters in Lebanon."
    claims = claims_of(learned, text)
    aid = [c for c in claims if c.event == "AID"]
    assert aid and aid[0].polarity == "negated"


def test_a_party_in_apposition_names_the_same_actor(learned):
    """A sentence of a corpus article: the super PAC is the actor with its name."""
    text = ("Clinton’s allies have long been concerned that the main super PAC supporting her, Priorities "
            "USA Action, will not be able to match the fundraising of big-money conservative groups opposing her.")
    support = [c for c in claims_of(learned, text) if c.event == "SUPPORT"]
    assert support, "the learned extractor reads 'supporting' as SUPPORT"
    for c in support:
        assert [a.text for a in c.actor] == ["Priorities USA Action", "main super PAC"]
        assert [r.name for r in c.recipient] != ["Priorities USA Action"]


@needs_shared
def test_a_rules_claim_on_a_word_the_model_rules_out_leaves_the_sentence_to_it(extractor):
    """A corpus snippet (outside every dev set): the rules read "soldier" as military aid; the
    learned trigger model holds the word unlikely to say an event there, so the default mode
    drops that claim and the learned extractor reads the sentence: the torture."""
    from claimgraph.pipeline import Extractor

    text = corpus_snippets("agnews-1544")["agnews-1544"]
    rules = claims_of(Extractor(combine="rules"), text)
    assert any(c.trigger.text == "soldier" for c in rules)
    claims = claims_of(extractor, text)
    assert not any(c.trigger.text == "soldier" for c in claims)
    assert any(c.event == "ASSAULT" and [e.text for e in c.recipient] == ["detainees"] for c in claims), claims


def test_the_veto_spares_what_the_structure_says(extractor):
    """"allowed al-Qaeda workers to pass": the model gives "allowed" a low P(event), but the
    movement verb under it makes it safe passage (the seed article's claim stays)."""
    model = load_news_model()
    assert model is not None and model.veto_threshold > 0
    text = "Before the attacks, Tehran allowed al-Qaeda workers to pass Iran without a visa or passport."
    c = [c for c in claims_of(extractor, text) if c.event == "AID"]
    assert c and c[0].mode == "safe_haven" and c[0].trigger.text == "allowed"


def test_rules_remain_available_as_the_ablation():
    from claimgraph.pipeline import Extractor

    ex = Extractor(use_news_model=False)
    assert ex.news is None and ex.combine == "rules"
    claims = claims_of(ex, "Iraqi insurgents attacked a police station in Baquba on Sunday.")
    assert any(c.event == "ASSAULT" for c in claims)


@needs_shared
@pytest.mark.slow
def test_news_dev_snippets_score_above_the_rules(extractor, learned):
    """The default extractor and the learned one alone against the parse rules on the real-news
    dev snippets (measured only; never trained on): regression floors under the measured
    figures (0.337 and 0.367, rules 0.272)."""
    from claimgraph.pipeline import Extractor

    f_rules, f_default, f_learned = (dev_snippets_f1(x) for x in (Extractor(combine="rules"), extractor, learned))
    assert f_default >= 0.28 and f_default > f_rules + 0.03
    assert f_learned >= 0.32 and f_learned > f_default


# ---------------------------------------------------------------------- accurate mode
def test_the_encoder_reads_meaning():
    from claimgraph.extraction.encoder import load_encoder

    enc = load_encoder()
    a, b, c = (v.mean(0) for v, _ in enc.encode([
        "Iran trains militants in Iraq.", "Tehran gives training to Iraqi fighters.",
        "The weather was sunny in Paris on Sunday."]))
    cos = [float(np.dot(x, y) / np.linalg.norm(x) / np.linalg.norm(y)) for x, y in ((a, b), (a, c))]
    assert cos[0] > 0.5 > cos[1]


def test_the_encoder_pools_one_vector_per_token_even_past_its_window():
    from claimgraph.extraction.encoder import MAX_PIECES, load_encoder, token_vectors

    enc = load_encoder()
    text = " ".join(["sanctions"] * (MAX_PIECES + 40))
    spans = [(i * 10, i * 10 + 9) for i in range(MAX_PIECES + 40)]
    vecs = token_vectors(enc, text, spans)
    assert vecs.shape == (len(spans), enc.dim)
    assert np.all(np.linalg.norm(vecs, axis=1) > 0)


def test_the_sentence_before_is_read_as_context_only_when_the_encoder_takes_one():
    """A quotation read after its speaker's sentence: the same pieces and offsets come back,
    their vectors changed by the context; an encoder that takes no context ignores it."""
    from claimgraph.extraction.encoder import Encoder

    enc = Encoder()
    quote = "“We will never accept their demands,” it added."
    context = ["The Iranian foreign ministry rejected the sanctions imposed by Washington on Monday."]
    alone = enc.encode([quote])[0]
    ignored = enc.encode([quote], contexts=context)[0]
    assert np.array_equal(alone[0], ignored[0])
    enc.context_pieces = 8
    [(ids, offs, lead)] = enc.windows([quote], context)[0]
    assert offs == alone[1] and lead == 1 + 8 + 1
    assert enc.tokenizer.decode(ids[1:lead - 1]) == "the sanctions imposed by washington on monday."
    read = enc.encode([quote], contexts=context)[0]
    assert read[1] == alone[1] and read[0].shape == alone[0].shape
    assert not np.allclose(read[0], alone[0], atol=1e-3)
    assert np.array_equal(enc.encode([quote], contexts=[""])[0][0], alone[0])  # nothing before: no context


def test_the_context_of_a_sentence_is_the_one_before_it_in_its_own_document(learned):
    """Blocks of one document pass their last sentence on to the next block; a new document
    starts with none."""
    from claimgraph.extraction.encoder import Encoder, pool

    nlp = learned.nlp
    first = nlp("Russia accused Ukraine of shelling the plant. Kyiv denied it.")
    second = nlp("Moscow renewed the accusation on Tuesday.")
    other = nlp("Moscow renewed the accusation on Tuesday.")
    enc = Encoder()
    enc.context_pieces = 16
    saved = learned.encoder
    learned.encoder = enc
    try:
        got = learned.sentence_vectors([first, second, other], owners=[0, 0, 1])
    finally:
        learned.encoder = saved
    spans = [(t.idx, t.idx + len(t)) for t in second]
    alone = pool(*enc.encode([second.text])[0], spans, enc.dim)
    after = pool(*enc.encode([second.text], contexts=["Kyiv denied it."])[0], spans, enc.dim)
    assert not np.allclose(got[1][0], got[2][0], atol=1e-3)
    assert np.allclose(got[2][0], alone, atol=1e-5)  # the other document's: no context
    assert np.allclose(got[1][0], after, atol=1e-5)  # the block before's last sentence


@pytest.fixture(scope="module")
def accurate():
    """The accurate mode: the tuned encoder's extractor alone."""
    from claimgraph.pipeline import Extractor

    return Extractor(accurate=True, combine="learned")


def test_the_tuned_model_is_plain_json_and_changes_the_encoder():
    from claimgraph.extraction.encoder import load_encoder
    from claimgraph.extraction.tuned import TUNED_FILE, load_tuned
    from claimgraph.lexicons import model_weights
    from claimgraph.model import EVENT_TYPES

    data = model_weights(TUNED_FILE)
    assert data is not None and set(data["types"]) == {"NONE", *EVENT_TYPES}
    assert 0 < data["thresholds"]["trigger"] < 1
    tuned = load_tuned()
    assert tuned is not None
    _, enc = tuned
    text = ["Iran trains militants in Iraq, a US general said."]
    base, mine = load_encoder().encode(text)[0][0], enc.encode(text)[0][0]
    assert base.shape == mine.shape
    assert not np.allclose(base, mine, atol=1e-2)  # the adapters are merged in


@needs_shared
@pytest.mark.slow
def test_the_accurate_mode_scores_above_the_default_on_news_dev_snippets(extractor, accurate):
    """Measured only, never trained on: a floor under the measured figure (see docs/status.md)."""
    f_default, f_accurate = dev_snippets_f1(extractor), dev_snippets_f1(accurate)
    assert f_accurate >= ACCURATE_FLOOR and f_accurate > f_default + 0.05


# ---------------------------------------------------------------------- training data
def test_training_data_is_standoff_only_and_large_enough():
    data = json.loads((TRAINING / "claims.json").read_text(encoding="utf-8"))
    assert len(data) >= 600
    assert sum(len(d["claims"]) for d in data) >= 2500
    assert sum(1 for d in data if not d["claims"]) > 0
    for d in data:
        assert set(d) == {"id", "corpus", "sha256_16", "claims", "coder"}
        for c in d["claims"]:
            assert set(c["evidence"]) == {"start", "end"}


def test_no_dev_document_is_in_the_training_data():
    data = {d["id"] for d in json.loads((TRAINING / "claims.json").read_text(encoding="utf-8"))}
    if not NEWS_DEV.is_dir():
        pytest.skip("the shared dev sets are not there")
    dev = {d["id"] for f in ("articles.json", "agnews.json") for d in json.loads((NEWS_DEV / f).read_text())}
    assert not data & dev


@needs_shared
def test_every_coder_file_validates_and_the_checksums_hold():
    sys.path.insert(0, str(TRAINING))
    import sheets

    texts = sheets.load_texts()
    for path in sorted((TRAINING / "codes").glob("*.json")):
        assert sheets.check_codes(json.loads(path.read_text(encoding="utf-8")), texts) == [], path.name
    for d in json.loads((TRAINING / "claims.json").read_text(encoding="utf-8")):
        assert sheets.checksum(texts[d["id"]]) == d["sha256_16"], d["id"]


@needs_shared
def test_the_standoff_is_rebuilt_from_the_codes_exactly(tmp_path):
    sys.path.insert(0, str(TRAINING))
    import sheets

    texts = sheets.load_texts()
    built = {}
    for path in sorted((TRAINING / "codes").glob("*.json")):
        if path.stem.startswith("second"):
            continue
        for d in json.loads(path.read_text(encoding="utf-8")):
            corpus = "agnews-world" if d["id"].startswith("agnews-") else "polnear-articles"
            built.setdefault(d["id"], sheets.to_standoff([d], texts, corpus)[0]["claims"])
    shipped = {d["id"]: d["claims"] for d in json.loads((TRAINING / "claims.json").read_text(encoding="utf-8"))}
    assert built == shipped


@needs_shared
def test_the_recorded_plan_is_what_the_sheet_script_draws():
    """Which documents each coder got is reproducible: every round of plan.json is drawn again."""
    sys.path.insert(0, str(TRAINING))
    import sheets

    plan = json.loads((TRAINING / "plan.json").read_text(encoding="utf-8"))
    first = sheets.make_plan(6, 175, 7, 50, 5)
    assert first["coders"] == plan["rounds"][0] and first["second"] == plan["second"]
    for k in range(1, len(plan["rounds"])):
        params = dict(sheets.ROUNDS[k - 1])
        again = sheets.extend_plan({"rounds": plan["rounds"][:k]}, params.pop("coders"),
                                   params.pop("per_articles"), **params)
        assert again == plan["rounds"][k], k


def test_the_validator_names_each_problem():
    sys.path.insert(0, str(TRAINING))
    import sheets

    texts = {"doc": "Iran attacked Iraq. Iraq protested."}
    codes = [{"id": "doc", "claims": [
        {"sent": 5, "actor": ["Iran"], "event": "ASSAULT", "recipient": [], "polarity": "affirmed",
         "certainty": "certain", "tense": "past"},
        {"sent": 0, "actor": ["Syria"], "event": "ATTACK", "recipient": [], "polarity": "affirmed",
         "certainty": "certain", "tense": "past"},
        {"sent": 1, "actor": ["Iraq"], "event": "PROTEST", "mode": "parade", "recipient": [],
         "polarity": "yes", "certainty": "certain", "tense": "past"},
    ]}]
    errs = sheets.check_codes(codes, texts)
    assert any("sentence number" in e for e in errs)
    assert any("'ATTACK' is not a PLOVER type" in e for e in errs)
    assert any("mode 'parade'" in e for e in errs)
    assert any("polarity 'yes'" in e for e in errs)


@needs_shared
def test_second_coder_agreement_is_reported():
    done = subprocess.run([sys.executable, str(TRAINING / "agreement.py")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("all"))
    f1 = float(line.split("F1")[1])
    assert 0.6 < f1 <= 1.0


# corpus snippets (not in a dev set) where a participle joined to an actor by a hyphen
# modifies a noun: the actor backs what the noun names ("U.S.-backed" split as "US-backed" is)
MODIFIER_SNIPPETS = {"agnews-826": ("Moscow", "police officer"), "agnews-4155": ("Syrian", "president"),
                     "agnews-5201": ("US", "Iraq"), "agnews-6337": ("US", "Karzai"),
                     "agnews-3517": ("U.S.", "Karzai"), "agnews-4590": ("U.S.", "Iraq")}


@needs_shared
@pytest.mark.parametrize("mode", ["extractor", "accurate"])
def test_a_hyphenated_modifier_names_who_backs_whom(request, mode):
    """"the Moscow-backed police officer": SUPPORT by Moscow of the officer, in both modes;
    never the whole phrase as the actor of its own participle."""
    ex = request.getfixturevalue(mode)
    corpus = corpus_snippets(*MODIFIER_SNIPPETS)
    found = 0
    for doc_id, (actor, recipient) in MODIFIER_SNIPPETS.items():
        backed = [c for c in claims_of(ex, corpus[doc_id]) if c.trigger and c.trigger.text == "backed"]
        for c in backed:
            assert c.event == "SUPPORT"
            assert [a.text for a in c.actor] == [actor], doc_id
            assert recipient in " ".join(r.text for r in c.recipient), doc_id
            assert not any("-backed" in e.text for e in c.actor + c.recipient), doc_id
        found += len(backed)
    assert found >= 4


# corpus snippets where a name joined by a hyphen to a participle stood as a party of the
# sentence's other events: the name and the phrase it is inside
INSIDE_MODIFIERS = {"agnews-7208": ("US", "US-led militarycoalition"), "agnews-552": ("Baton", "Baton-wielding")}


@needs_shared
@pytest.mark.parametrize("mode", ["learned", "accurate"])
def test_a_name_inside_a_modifier_is_party_to_its_participle_alone(request, mode):
    """"The US-led military coalition ... has begun a big offensive": the coalition attacks, not
    the United States; "Baton-wielding riot police" are no party "Baton". The learned role
    model took the name for the actor."""
    ex = request.getfixturevalue(mode)
    corpus = corpus_snippets(*INSIDE_MODIFIERS)
    whole = 0
    for doc_id, (name, phrase) in INSIDE_MODIFIERS.items():
        text = corpus[doc_id]
        body = text.index(". ") + 2  # the headline's "US mounts fresh attack" is the United States'
        for c in claims_of(ex, text):
            if c.evidence.start < body:
                continue
            texts = [e.text for e in c.actor + c.recipient]
            assert name not in texts, (doc_id, c.event, texts)
            whole += any(t.startswith(phrase) for t in texts)
    assert whole >= 2


@needs_shared
@pytest.mark.parametrize("mode", ["extractor", "accurate"])
def test_a_natural_hazard_or_an_accident_is_no_actor(request, mode):
    """Corpus snippets of floods, typhoons and crashes: the rules made the flood or the typhoon
    the attacker of the people it killed (the guide codes no claim without an actor)."""
    ex = request.getfixturevalue(mode)
    corpus = corpus_snippets("agnews-1998", "agnews-897", "agnews-2587")
    assert corpus["agnews-1998"].startswith("Panama flooding kills nine people")
    for doc_id, text in corpus.items():
        for c in claims_of(ex, text):
            actors = " ".join(a.text for a in c.actor).lower()
            assert not any(w in actors for w in ("flood", "typhoon", "crash")), (doc_id, c.event, actors)
    # a hazard heads the phrase or titles a name: flood victims are people
    doc = ex.nlp("The UN sent aid to flood victims after Panama flooding killed nine.")
    hazard = {t.text: ex.resolver.hazard(ex.resolver.np_span(t), t) for t in doc if t.text in ("victims", "flooding")}
    assert hazard == {"victims": False, "flooding": True}


@needs_shared
@pytest.mark.parametrize("mode", ["extractor", "accurate"])
def test_a_capital_before_an_event_noun_is_where_it_happened(request, mode):
    """Corpus snippets: "a Bangkok meeting" is no talks held by Thailand, and the "Jakarta
    bombing blamed on Malaysian fugitives" is the fugitives' (the rules made Indonesia the
    bomber); "the Tehran regime" still is the state."""
    ex = request.getfixturevalue(mode)
    corpus = corpus_snippets("agnews-2976", "agnews-1475")
    assert "may change at a Bangkok meeting" in corpus["agnews-2976"]
    for doc_id, text in corpus.items():
        for c in claims_of(ex, text):
            if c.event in ("CONSULT", "ASSAULT"):
                assert not {"thailand", "indonesia"} & {a.id for a in c.actor}, (doc_id, c.event)
    regime = [c for c in claims_of(ex, "The Tehran regime executed two dissidents.") if c.event == "ASSAULT"]
    assert regime and [a.id for a in regime[0].actor] == ["iran"]
