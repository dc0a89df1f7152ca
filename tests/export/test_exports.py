"""Each export format, read back: JSON lines against the claims contract, CSV, GraphML and
GEXF with networkx, FollowTheMoney entities validated by followthemoney."""

from __future__ import annotations

import csv
import json

import networkx as nx
from followthemoney import model

from claimgraph.export import export
from claimgraph.export.ftm import read_ftm
from claimgraph.query import ClaimFilter

CONTRACT = {"kind", "doc_id", "claim_id", "event", "mode", "context", "actor", "recipient", "attribution",
            "polarity", "certainty", "tense", "time", "location", "trigger", "evidence", "confidence"}


def test_jsonl_is_the_claims_contract(export_graph, tmp_path):
    n = export(export_graph, "jsonl", tmp_path / "c.jsonl", ClaimFilter(event="AID"))
    records = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert n == len(records) == 9
    for r in records:
        assert CONTRACT <= set(r)
    court = next(r for r in records if r["doc_id"] == "gulf-1")
    assert court["attribution"]["source"]["name"] == "court"
    assert court["time"] == {"text": "2010", "start": "2010-01-01", "end": "2010-12-31"}


def test_csv(export_graph, tmp_path):
    export(export_graph, "csv", tmp_path / "c.csv", ClaimFilter(actor="Hezbollah"))
    rows = list(csv.DictReader(open(tmp_path / "c.csv", encoding="utf-8")))
    assert [(r["actor_id"], r["recipient_id"], r["mode"]) for r in rows] == [("hezbollah", "al-qaeda", "training")]
    assert rows[0]["publisher"] == "beirutnews.example"


def test_graphml(export_graph, tmp_path):
    export(export_graph, "graphml", tmp_path / "g.graphml")
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert g.nodes["iran"]["label"] == "Iran" and g.nodes["iran"]["country"] == "IRN"
    [(_, _, data)] = [e for e in g.edges(data=True) if e[0] == "iran" and e[1] == "al-qaeda"
                      and e[2]["event"] == "AID"]
    assert data["event"] == "AID" and data["claims"] == 5
    assert "Iran funded al-Qaeda for a decade" in data["evidence"]
    assert "theledger.example" in data["publishers"]


def test_gexf_has_dates(export_graph, tmp_path):
    export(export_graph, "gexf", tmp_path / "g.gexf")
    g = nx.read_gexf(tmp_path / "g.gexf")
    [(_, _, data)] = [e for e in g.edges(data=True) if e[0] == "hezbollah" and e[1] == "al-qaeda"]
    assert (data["start"], data["end"]) == ("2016-02-01", "2016-02-01")
    assert data["event"] == "AID" and "United Nations" in data["speakers"]
    assert 'mode="dynamic"' in (tmp_path / "g.gexf").read_text()


def test_followthemoney(export_graph, tmp_path):
    n = export(export_graph, "ftm", tmp_path / "e.ftm.json")
    entities = read_ftm(tmp_path / "e.ftm.json")
    assert n == len(entities)
    for e in entities:
        assert e.schema.validate(e.to_dict()) is None
    by_schema: dict[str, list] = {}
    for e in entities:
        by_schema.setdefault(e.schema.name, []).append(e)
    names = {e.first("name"): e for e in entities if e.schema.is_a("LegalEntity")}
    assert names["Iran"].schema == model.get("PublicBody")
    link = next(e for e in by_schema["UnknownLink"]
                if e.first("subject") == names["Iran"].id and e.first("object") == names["al-Qaeda"].id)
    assert link.first("role") == "AID"
    assert "Iran funded al-Qaeda for a decade" in link.first("description")
    assert len(link.get("proof")) == 5
    [member] = by_schema["Membership"]
    assert member.first("member") == names["Said Qasemi"].id and member.first("role") == "former spokesman"
