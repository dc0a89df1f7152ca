"""Fine-tunes the transformer encoder of the accurate mode on real news coded by the annotation
guide, with a trigger-type head and a role head (src/claimgraph/extraction/tuned.py).

    python training/train_tuned.py examples      # parse the coded documents, write the examples
    python training/train_tuned.py fit           # fine-tune, choose thresholds, write the model
    python training/train_tuned.py fit --weights /tmp/news_model_tuned.pt   # the same, from saved weights

The examples are those of training/train_news.py (the same sentence inputs, the same alignment
of gold claims to trigger words and parties): every candidate trigger word is labelled with the
type it says or NONE, and every party of an aligned trigger ACTOR, RECIPIENT or NONE. The
encoder (all-MiniLM-L6-v2, from the pinned package) is tuned through low-rank adapters on its
attention and feed-forward matrices; only the adapters, the layer norms and the heads are
trained and shipped, as plain JSON. Needs the `train` extra (torch); 10% of the training
documents are held out to choose the thresholds. The dev sets are never read.

Each sentence is read after the last ``--context`` word pieces of the sentence before it in its
document (a quotation's speaker, the subject a pronoun continues), as at run time; the number
is stored with the model.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import pickle
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))
import train_news  # noqa: E402

EXAMPLES = Path("/tmp/claimgraph-tuned-examples.pkl")
OUT = ROOT / "src" / "claimgraph" / "data" / "models" / "news_model_tuned.json"
NONE = "NONE"
ROLES = ["NONE", "ACTOR", "RECIPIENT"]


def make_examples() -> None:
    from claimgraph.model import EVENT_TYPES

    docs = train_news.load_docs()
    ex, per_doc = train_news.read_documents(docs)
    out = []
    for d, sents in zip(docs, per_doc, strict=True):
        doc_sents = []
        prev = ""
        for inp, gold in sents:
            # the sentence before, in the document: the encoder reads it as context
            context, prev = prev, inp.sent.text
            if not inp.triggers:
                continue
            labels, ambiguous = train_news.align(ex, inp, gold)
            s0, c0 = inp.sent.start, inp.sent.start_char
            spans = [(t.idx - c0, t.idx - c0 + len(t)) for t in inp.sent]
            trig, roles, lemmas = [], [], []
            for t, _ in inp.triggers:
                if t.i in ambiguous:
                    continue
                g = labels.get(t.i)
                trig.append((t.i - s0, g["event"] if g else NONE))
                lemmas.append(t.lemma_.lower())
                if g is None:
                    continue
                actors = [a["actorText"] for a in g["actor"]]
                recips = [a["actorText"] for a in g["recipient"]]
                for p in inp.parties:
                    if p.head.i == t.i:
                        continue
                    lab = "ACTOR" if train_news._matches(p, actors, lenient=True) else \
                        "RECIPIENT" if recips and train_news._matches(p, recips, lenient=True) else "NONE"
                    roles.append((t.i - s0, p.head.i - s0, lab))
            # what the held-out decoding is scored against: each gold claim's type and the
            # parties that match its actor and recipient texts
            golds = []
            for g in gold:
                actors = [a["actorText"] for a in g["actor"]]
                recips = [a["actorText"] for a in g["recipient"]]
                golds.append((g["event"], bool(actors), bool(recips),
                               [p.head.i - s0 for p in inp.parties if actors and train_news._matches(p, actors)],
                               [p.head.i - s0 for p in inp.parties if recips and train_news._matches(p, recips)]))
            doc_sents.append({"text": inp.sent.text, "context": context, "spans": spans, "trig": trig, "roles": roles,
                              "lemmas": lemmas, "parties": [p.head.i - s0 for p in inp.parties],
                              "conj": {p.head.i - s0: [c.i - s0 for c in p.head.conjuncts] for p in inp.parties},
                              "gold": golds})
        out.append({"id": d["id"], "sents": doc_sents, "n_gold": len(d["claims"])})
    EXAMPLES.write_bytes(pickle.dumps({"types": sorted(EVENT_TYPES), "docs": out}))
    n = sum(len(d["sents"]) for d in out)
    print(f"{len(out)} documents, {n} sentences with candidates -> {EXAMPLES}", file=sys.stderr)


# ---------------------------------------------------------------- the model, in torch

ADAPTED = ("attention.self.query", "attention.self.key", "attention.self.value",
           "attention.output.dense", "intermediate.dense", "output.dense")


def build_model(rank: int, n_types: int):
    import torch
    from torch import nn

    from claimgraph.extraction.encoder import _model_dir, read_safetensors

    d = _model_dir()
    cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    base = {k: torch.tensor(np.array(v)) for k, v in read_safetensors(d / "model.safetensors").items()}

    class Adapted(nn.Module):
        """A frozen dense layer plus a trained low-rank update (B starts at zero)."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name
            w = base[name + ".weight"]  # (out, in)
            self.register_buffer("w", w)
            self.register_buffer("b", base[name + ".bias"])
            self.A = nn.Parameter(torch.randn(rank, w.shape[1]) / math.sqrt(w.shape[1]))
            self.B = nn.Parameter(torch.zeros(w.shape[0], rank))

        def forward(self, x):
            return x @ self.w.T + self.b + (x @ self.A.T) @ self.B.T

    class Norm(nn.Module):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name
            self.weight = nn.Parameter(base[name + ".weight"].clone())
            self.bias = nn.Parameter(base[name + ".bias"].clone())

        def forward(self, x):
            return nn.functional.layer_norm(x, x.shape[-1:], self.weight, self.bias, 1e-12)

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.heads = int(cfg["num_attention_heads"])
            self.dim = int(cfg["hidden_size"])
            self.n_layers = int(cfg["num_hidden_layers"])
            for k in ("word", "position", "token_type"):
                self.register_buffer(k, base[f"embeddings.{k}_embeddings.weight"])
            self.norms = nn.ModuleList([Norm("embeddings.LayerNorm")])
            self.dense = nn.ModuleList()
            for i in range(self.n_layers):
                p = f"encoder.layer.{i}."
                self.dense.extend(Adapted(p + n) for n in ADAPTED)
                self.norms.extend([Norm(p + "attention.output.LayerNorm"), Norm(p + "output.LayerNorm")])
            self.drop = nn.Dropout(0.1)
            self.type_head = nn.Linear(self.dim, n_types)
            self.role_hidden = nn.Linear(3 * self.dim, 256)
            self.role_out = nn.Linear(256, len(ROLES))

        def encode(self, ids, mask):
            B, L = ids.shape
            x = self.word[ids] + self.position[:L] + self.token_type[0]
            x = self.drop(self.norms[0](x))
            bias = (1.0 - mask[:, None, None, :]) * -1e4
            H, dh = self.heads, self.dim // self.heads
            for i in range(self.n_layers):
                q, k, v, o, up, down = self.dense[6 * i:6 * i + 6]
                n1, n2 = self.norms[1 + 2 * i], self.norms[2 + 2 * i]
                qh, kh, vh = (f(x).view(B, L, H, dh).transpose(1, 2) for f in (q, k, v))
                att = torch.softmax(qh @ kh.transpose(-1, -2) / math.sqrt(dh) + bias, -1)
                ctx = (self.drop(att) @ vh).transpose(1, 2).reshape(B, L, self.dim)
                x = n1(x + self.drop(o(ctx)))
                h = nn.functional.gelu(up(x), approximate="tanh")
                x = n2(x + self.drop(down(h)))
            return x

        def role_logits(self, a, b):
            h = self.role_hidden(torch.cat([a, b, a * b], -1))
            return self.role_out(torch.nn.functional.gelu(h, approximate="tanh"))

    return Tagger()


def export(model, rank: int, context: int, types: list[str], lemmas: list[str], thresholds: dict,
           meta: dict) -> dict:
    """The trained parts as JSON: each adapter as its update's two factors in the run-time layout
    ((in, r) and (r, out), so that W += A @ B), the layer norms, the heads."""

    def arr(t) -> dict:
        a = t.detach().cpu().numpy().astype(np.float32)
        return {"shape": list(a.shape), "f32": base64.b64encode(a.tobytes()).decode("ascii")}

    return {
        "about": "claimgraph accurate mode: all-MiniLM-L6-v2 tuned on real news coded by the annotation "
                 "guide (claimgraph.extraction.tuned); trained by training/train_tuned.py",
        "rank": rank, "context_pieces": context, "types": types, "roles": ROLES, "lemmas": lemmas,
        "thresholds": thresholds,
        "training": meta,
        "adapters": {m.name: {"A": arr(m.A.T), "B": arr(m.B.T)} for m in model.dense},
        "norms": {m.name: {"weight": arr(m.weight), "bias": arr(m.bias)} for m in model.norms},
        "type_head": {"weight": arr(model.type_head.weight.T), "bias": arr(model.type_head.bias)},
        "role_head": {"hidden": arr(model.role_hidden.weight.T), "hidden_bias": arr(model.role_hidden.bias),
                      "out": arr(model.role_out.weight.T), "out_bias": arr(model.role_out.bias)},
    }


# ---------------------------------------------------------------- batches

def tokenize(sents: list[dict], context: int) -> None:
    """Word pieces of each sentence (its first window: training sentences are cut there), after
    the last ``context`` pieces of the sentence before, as the run-time encoder makes them."""
    from claimgraph.extraction.encoder import Encoder

    enc = Encoder()
    enc.context_pieces = context
    windows = enc.windows([s["text"] for s in sents], [s.get("context", "") for s in sents])
    for s, w in zip(sents, windows, strict=True):
        s["ids"], s["offs"], s["lead"] = w[0]


def batches(sents: list[dict], size: int, rng: random.Random | None):
    order = sorted(range(len(sents)), key=lambda k: len(sents[k]["ids"]))
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(groups)
    yield from groups


def tensors(group: list[dict]):
    import torch

    L = max(len(s["ids"]) for s in group)
    T = max(len(s["spans"]) for s in group)
    ids = torch.zeros(len(group), L, dtype=torch.long)
    mask = torch.zeros(len(group), L)
    pool = torch.zeros(len(group), T, L)
    for r, s in enumerate(group):
        ids[r, :len(s["ids"])] = torch.tensor(s["ids"])
        mask[r, :len(s["ids"])] = 1
        for k, (a, b) in enumerate(s["spans"]):
            sel = [j + s["lead"] for j, (ps, pe) in enumerate(s["offs"]) if ps < b and pe > a]
            if sel:
                pool[r, k, sel] = 1.0 / len(sel)
    return ids, mask, pool


def forward(model, group: list[dict], type_index: dict[str, int]):
    """Token vectors of a batch, the type logits of its candidate triggers and the role logits
    of its (trigger, party) pairs, with their gold labels."""
    import torch

    ids, mask, pool = tensors(group)
    tokens = pool @ model.encode(ids, mask)  # (B, T, dim)
    tr, tt, ty, ra, rb, rl = [], [], [], [], [], []
    for r, s in enumerate(group):
        for t, lab in s["trig"]:
            tr.append(r)
            tt.append(t)
            ty.append(type_index[lab])
        for t, p, lab in s["roles"]:
            ra.append(tokens[r, t])
            rb.append(tokens[r, p])
            rl.append(ROLES.index(lab))
    type_logits = model.type_head(model.drop(tokens[torch.tensor(tr), torch.tensor(tt)]))
    role_logits = model.role_logits(torch.stack(rb), torch.stack(ra)) if ra else None
    return tokens, type_logits, torch.tensor(ty), role_logits, torch.tensor(rl)


# ---------------------------------------------------------------- held-out decoding

def predict(model, sents: list[dict], types: list[str]) -> None:
    """Per sentence: P(type) of each candidate trigger and P(role) of each (trigger, party)."""
    import torch

    model.eval()
    with torch.no_grad():
        for idx in batches(sents, 32, None):
            group = [sents[k] for k in idx]
            ids, mask, pool = tensors(group)
            tokens = pool @ model.encode(ids, mask)
            for r, s in enumerate(group):
                ts = [t for t, _ in s["trig"]]
                s["p_type"] = torch.softmax(model.type_head(tokens[r, ts]), -1).numpy() if ts else None
                pairs = [(t, p) for t in ts for p in s["parties"] if p != t]
                if pairs:
                    a = tokens[r, [p for _, p in pairs]]
                    b = tokens[r, [t for t, _ in pairs]]
                    probs = torch.softmax(model.role_logits(a, b), -1).numpy()
                    s["p_role"] = {pair: probs[k] for k, pair in enumerate(pairs)}
                else:
                    s["p_role"] = {}
    model.train()


def decode_sentence(s: dict, types: list[str], th_t: float, th_a: float, th_r: float) -> list[tuple]:
    """The run-time decoding (claimgraph.extraction.news_model.NewsModel.decode) over the
    predicted probabilities: (type, actor heads, recipient heads) per claim."""
    best: dict = {}
    none = types.index(NONE)
    for k, (t, _) in enumerate(s["trig"]):
        pt = s["p_type"][k]
        p_ev = 1.0 - pt[none]
        if p_ev < th_t:
            continue
        j = max((j for j in range(len(types)) if j != none), key=lambda j: pt[j])
        scored = [(s["p_role"][(t, p)][1], s["p_role"][(t, p)][2], p) for p in s["parties"] if p != t]
        if not scored:
            continue
        pa, _, ap = max(scored)
        if pa < th_a:
            continue
        actor = {ap, *[c for c in s["conj"].get(ap, []) if c in s["parties"]]}
        rest = [x for x in scored if x[2] not in actor]
        recipient: set[int] = set()
        if rest:
            _, pr, rp = max(rest, key=lambda x: x[1])
            if pr >= th_r:
                recipient = {rp, *[c for c in s["conj"].get(rp, []) if c in s["parties"]]}
        key = (types[j], tuple(sorted(actor)))
        score = (bool(recipient), p_ev * pa)
        if key not in best or score > best[key][0]:
            best[key] = (score, (types[j], actor, recipient))
    return [v[1] for v in best.values()]


def heldout_scores(docs: list[dict], types: list[str], grid) -> dict:
    out = {}
    for th in grid:
        n_sys = matched = hit = n_gold = 0
        for d in docs:
            n_gold += d["n_gold"]
            found = set()
            for si, s in enumerate(d["sents"]):
                for ev, actor, recipient in decode_sentence(s, types, *th):
                    n_sys += 1
                    ok = False
                    for gi, (gev, has_a, has_r, ga, gr) in enumerate(s["gold"]):
                        if gev == ev and (not has_a or actor & set(ga)) and (not has_r or recipient & set(gr)):
                            ok = True
                            found.add((si, gi))
                    matched += ok
            hit += len(found)
        p = matched / n_sys if n_sys else 0.0
        r = min(hit / n_gold, 1.0) if n_gold else 0.0
        out[th] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


GRID = [(t, a, r) for t in (0.2, 0.3, 0.4, 0.5, 0.6) for a in (0.1, 0.2, 0.3, 0.45) for r in (0.1, 0.2, 0.3, 0.45)]


def train(model, params, train_sents: list[dict], type_index: dict[str, int], args, rng: random.Random) -> None:
    import torch

    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(train_sents) / args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / (0.06 * steps)) * max(0.0, 1 - s / steps))
    ce = torch.nn.CrossEntropyLoss()
    step = 0
    t0 = time.time()
    for epoch in range(args.epochs):
        total = 0.0
        for idx in batches(train_sents, args.batch, rng):
            _, type_logits, ty, role_logits, rl = forward(model, [train_sents[k] for k in idx], type_index)
            loss = ce(type_logits, ty)
            if role_logits is not None:
                loss = loss + ce(role_logits, rl)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            total += float(loss.detach())
            if step % 100 == 0:
                print(f"epoch {epoch + 1} step {step}/{steps} loss {total / 100:.3f} "
                      f"({time.time() - t0:.0f} s)", file=sys.stderr)
                total = 0.0


def fit(args) -> int:
    import torch

    torch.manual_seed(7)
    rng = random.Random(7)
    data = pickle.loads(EXAMPLES.read_bytes())
    types = [NONE, *data["types"]]
    type_index = {t: k for k, t in enumerate(types)}
    docs = data["docs"]
    held = train_news.heldout_split(len(docs)) if args.heldout else set()
    train_sents = [s for k, d in enumerate(docs) if k not in held for s in d["sents"]]
    held_docs = [docs[k] for k in sorted(held)]
    tokenize(train_sents + [s for d in held_docs for s in d["sents"]], args.context)
    lemmas = sorted({lem for s in train_sents for (_, lab), lem in zip(s["trig"], s["lemmas"], strict=True)
                     if lab != NONE})
    model = build_model(args.rank, len(types))
    params = [p for p in model.parameters() if p.requires_grad]
    print(f"{len(train_sents)} training sentences, {len(held_docs)} held-out documents, "
          f"{sum(p.numel() for p in params)} trained parameters", file=sys.stderr)
    meta = {"documents": len(docs) - len(held), "sentences": len(train_sents), "heldout_documents": len(held)}
    if args.weights:
        # weights saved by an earlier run: decode the held-out documents and export them
        model.load_state_dict(torch.load(args.weights))
        print(f"read the trained weights of {args.weights}; not training", file=sys.stderr)
    else:
        train(model, params, train_sents, type_index, args, rng)
        meta.update(epochs=args.epochs, lr=args.lr, batch=args.batch)
        # the trained weights first (torch's own format, in the temporary folder, never
        # shipped): if what follows fails, `fit --weights` picks up from here instead of
        # training for three quarters of an hour again
        saved = Path(tempfile.gettempdir()) / (Path(args.out).stem + ".pt")
        torch.save(model.state_dict(), saved)
        print(f"trained weights saved to {saved}", file=sys.stderr)
    thresholds = {"trigger": 0.4, "actor": 0.2, "recipient": 0.2}
    if held_docs:
        predict(model, [s for d in held_docs for s in d["sents"]], types)
        scores = heldout_scores(held_docs, types, GRID)
        for th, (p, r, f1) in sorted(scores.items(), key=lambda kv: -kv[1][2])[:6]:
            print(f"held out: trigger {th[0]} actor {th[1]} recipient {th[2]}: P {p:.3f} R {r:.3f} F1 {f1:.3f}",
                  file=sys.stderr)
        best = max(scores, key=lambda th: scores[th][2])
        thresholds = {"trigger": best[0], "actor": best[1], "recipient": best[2]}
    # at run time the tuned heads' probabilities are averaged with the sparse model's, with
    # this weight (not tuned: equal weights)
    thresholds["mix"] = args.mix
    out = export(model, args.rank, args.context, types, lemmas, thresholds, meta)
    Path(args.out).write_text(json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: thresholds {thresholds}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=["examples", "fit"])
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--context", type=int, default=32,
                    help="word pieces of the sentence before that the encoder reads with each sentence")
    ap.add_argument("--mix", type=float, default=0.5, help="weight of the tuned heads against the sparse model")
    ap.add_argument("--heldout", type=int, default=1, help="hold out 10%% of the documents to choose thresholds")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--weights", help="trained weights saved by an earlier `fit` (.pt): export them, do not train")
    args = ap.parse_args(argv)
    if args.step == "examples":
        make_examples()
        return 0
    return fit(args)


if __name__ == "__main__":
    sys.exit(main())
