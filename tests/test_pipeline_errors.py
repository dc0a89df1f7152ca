"""One document whose extraction fails does not stop the others, and says why."""

from claimgraph.model import Document
from claimgraph.pipeline import Extractor


def test_a_failing_document_is_reported_and_the_rest_extracted(extractor: Extractor, monkeypatch):
    original = Extractor._claims

    def fragile(self, sent, *args, **kwargs):
        if "Atlantis" in sent.text:
            raise ValueError("cannot parse Atlantis")
        return original(self, sent, *args, **kwargs)

    monkeypatch.setattr(Extractor, "_claims", fragile)
    docs = [Document("a", "Iraqi troops shelled Kurdish villages on Monday."),
            Document("b", "Atlantis attacked Lemuria on Monday."),
            Document("c", "Syria attacked Turkey on Monday.")]
    results = list(extractor.extract_documents(docs))
    assert [r.document.id for r in results] == ["a", "b", "c"]
    assert results[1].error == "extraction failed: ValueError: cannot parse Atlantis"
    assert results[1].claims == [] and results[1].attributions == []
    assert results[0].error is None and [c.trigger.text for c in results[0].claims] == ["shelled"]
    assert results[2].error is None and [c.actor[0].id for c in results[2].claims] == ["syria"]
