"""Coding sheets for the real-news training data, and the standoff built from coders' codes.

The texts are third-party (AG News snippets, PolNeAR corpus articles), so the repository keeps
only standoff: document ids, a checksum of each text, and claims whose evidence is given as
character offsets. Coders read numbered sentences on a sheet and refer to them by number; this
module turns those numbers back into offsets with the same deterministic sentence splitter.

    python training/news/sheets.py make --out WORKDIR          # write the sheets (not committed)
    python training/news/sheets.py extend --out WORKDIR        # the next round (rounds 2-5 as ROUNDS records)
    python training/news/sheets.py second --out WORKDIR --rounds 6 7   # a second coder's sample
    python training/news/sheets.py check CODES.json            # validate one coder's file
    python training/news/sheets.py build                       # codes/*.json -> claims.json

The shared corpora are found beside the project (../shared) or through CLAIMGRAPH_SHARED.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
from pathlib import Path
from typing import get_args

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", ROOT.parent / "shared"))
AGNEWS = SHARED / "corpora" / "agnews-world" / "docs.jsonl"
ARTICLES = SHARED / "corpora" / "polnear-articles" / "text"
DEV_ARTICLES = SHARED / "gold" / "news-dev" / "articles.json"
sys.path.insert(0, str(ROOT / "src"))
from claimgraph.model import MODES, Certainty, Polarity, Tense  # noqa: E402

CODES = HERE / "codes"
PLAN = HERE / "plan.json"
OUT = HERE / "claims.json"

EVENTS = MODES
POLARITY, CERTAINTY, TENSE = (set(get_args(t)) for t in (Polarity, Certainty, Tense))

# Words that end with a period without ending a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "gen", "lt", "col", "sgt", "capt", "maj", "st",
    "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "no", "vs", "inc", "corp",
    "co", "jr", "sr", "prof", "rev", "adm", "cmdr", "pres", "ft", "mt", "u.s", "u.n", "u.k", "e.g",
    "i.e", "a.m", "p.m", "d.c", "calif", "fla", "mass", "wash", "ariz", "ill", "pa", "va", "ga",
}
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of a text: lines first, then sentence ends within a line."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lstart, lend = pos, pos + len(line)
        pos = lend + 1
        start = lstart
        for m in _END.finditer(text, lstart, lend):
            word = re.search(r"([\w.]+)[.!?]+[\"'”’)\]]*$", text[start:m.end()])
            w = word.group(1).lower() if word else ""
            if w.rstrip(".") in _ABBREV or (len(w) == 1 and w.isalpha()):
                continue
            spans.append((start, m.end()))
            start = m.end()
            while start < lend and text[start].isspace():
                start += 1
        if start < lend:
            spans.append((start, lend))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    with open(AGNEWS, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            texts[d["id"]] = d["text"]
    for p in sorted(ARTICLES.glob("*.txt")):
        with open(p, encoding="utf-8", newline="") as fh:
            texts[p.stem] = fh.read()
    return texts


_WORLD = re.compile(
    r"\b(militar\w*|troops|army|war|attack\w*|sanction\w*|terror\w*|nuclear|iran\w*|russia\w*|china|"
    r"chinese|syria\w*|iraq\w*|israel\w*|korea\w*|afghan\w*|isis|islamic state|al-qaeda|taliban|"
    r"putin|netanyahu|assad|nato|united nations|refugee\w*|diplomat\w*|allies|ally|missile\w*|"
    r"bomb\w*|saudi|yemen|cuba\w*|mexic\w*|ukrain\w*|europe\w*|treaty|foreign)\b", re.I)


def make_plan(n_coders: int, per_agnews: int, per_articles: int, second_agnews: int,
              second_articles: int, seed: int = 7) -> dict:
    texts = load_texts()
    dev = {d["id"] for d in json.loads(DEV_ARTICLES.read_text(encoding="utf-8"))}
    rng = random.Random(seed)
    agnews = sorted((k for k in texts if k.startswith("agnews-")), key=lambda k: int(k.split("-")[1]))
    rng.shuffle(agnews)
    # Articles about foreign affairs and security, like the documents the product is used on;
    # of a length one coder can code exhaustively.
    arts = []
    for k, t in texts.items():
        if k.startswith("agnews-") or k in dev or not 1500 <= len(t) <= 7000:
            continue
        hits = len(_WORLD.findall(t))
        if hits >= 8:
            arts.append((k, hits))
    arts.sort()
    rng.shuffle(arts)
    coders = []
    a_i = r_i = 0
    for _ in range(n_coders):
        parts = []
        snippets = agnews[a_i:a_i + per_agnews]
        a_i += per_agnews
        articles = [k for k, _ in arts[r_i:r_i + per_articles]]
        r_i += per_articles
        chunks = [snippets[i:i + 25] for i in range(0, len(snippets), 25)]
        for i, ch in enumerate(chunks):
            parts.append(ch)
            if i < len(articles):
                parts.append([articles[i]])
        for art in articles[len(chunks):]:
            parts.append([art])
        coders.append(parts)
    # The second coder codes a sample of documents the first coders have, blind to their codes,
    # drawn from each coder's first parts (the ones sure to be coded).
    early = [d for parts in coders for p in parts[:6] for d in p]
    second_snips = rng.sample([d for d in early if d.startswith("agnews-")], second_agnews)
    second_arts = rng.sample([d for d in early if not d.startswith("agnews-")], second_articles)
    second = [second_snips[i:i + 25] for i in range(0, len(second_snips), 25)] + [[a] for a in second_arts]
    return {"seed": seed, "coders": coders, "second": second}


def extend_plan(plan: dict, n_coders: int, per_articles: int, seed: int = 11, agnews: bool = True,
                min_hits: int = 8, min_len: int = 1500, max_len: int = 7000) -> list[list[list[str]]]:
    """A further round: the snippets no coder has yet (unless ``agnews`` is off), and more
    articles (the filter may be relaxed), split among coders."""
    texts = load_texts()
    dev = {d["id"] for d in json.loads(DEV_ARTICLES.read_text(encoding="utf-8"))}
    taken = {d for rnd in plan["rounds"] for parts in rnd for p in parts for d in p}
    rng = random.Random(seed)
    snippets: list[str] = []
    if agnews:
        snippets = sorted((k for k in texts if k.startswith("agnews-") and k not in taken),
                          key=lambda k: int(k.split("-")[1]))
        rng.shuffle(snippets)
    arts = sorted(k for k, t in texts.items() if not k.startswith("agnews-") and k not in dev and k not in taken
                  and min_len <= len(t) <= max_len and len(_WORLD.findall(t)) >= min_hits)
    rng.shuffle(arts)
    coders: list[list[list[str]]] = [[] for _ in range(n_coders)]
    snip_chunks = [snippets[i:i + 25] for i in range(0, len(snippets), 25)]
    for c in range(n_coders):
        mine = snip_chunks[c::n_coders]
        art = arts[c * per_articles:(c + 1) * per_articles]
        parts: list[list[str]] = []
        while mine or art:
            if art:
                parts.append([art.pop(0)])
            if mine:
                parts.append(mine.pop(0))
        coders[c] = parts
    return coders


# The rounds of training/news/plan.json, as they were made (round 1 by ``make``):
ROUNDS = [
    {"coders": 6, "per_articles": 12, "seed": 11},
    {"coders": 2, "per_articles": 20, "seed": 13, "agnews": False, "min_hits": 4, "min_len": 1200, "max_len": 8000},
    {"coders": 3, "per_articles": 16, "seed": 17, "agnews": False, "min_hits": 4, "min_len": 1200, "max_len": 8000},
    {"coders": 6, "per_articles": 22, "seed": 19, "agnews": False, "min_hits": 2, "min_len": 1000, "max_len": 9000},
    # Round 6 takes articles of any subject: the dev articles are the corpus's own mix of
    # campaign and policy news, and few foreign-affairs articles were left.
    {"coders": 5, "per_articles": 24, "seed": 23, "agnews": False, "min_hits": 0, "min_len": 800, "max_len": 9000},
    {"coders": 6, "per_articles": 30, "seed": 29, "agnews": False, "min_hits": 0, "min_len": 600, "max_len": 12000},
    {"coders": 5, "per_articles": 42, "seed": 31, "agnews": False, "min_hits": 0, "min_len": 400, "max_len": 20000},
]


def render_sheet(ids: list[str], texts: dict[str, str]) -> str:
    out = []
    for d in ids:
        t = texts[d]
        out.append(f"=== DOC {d}")
        for i, (s, e) in enumerate(sentences(t)):
            out.append(f"[{i}] {t[s:e]}")
        out.append("")
    return "\n".join(out)


def cmd_extend(args: argparse.Namespace) -> None:
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    k = len(plan["rounds"]) - 1
    params = ROUNDS[k] if k < len(ROUNDS) else {"coders": args.coders, "per_articles": args.articles}
    rnd = extend_plan(plan, params.pop("coders"), params.pop("per_articles"), **params)
    plan["rounds"].append(rnd)
    PLAN.write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
    texts = load_texts()
    k = len(plan["rounds"])
    for c, parts in enumerate(rnd, 1):
        d = Path(args.out) / f"round{k}-coder{c}"
        d.mkdir(parents=True, exist_ok=True)
        for p, ids in enumerate(parts, 1):
            (d / f"part{p:02d}.txt").write_text(render_sheet(ids, texts), encoding="utf-8")
    print(f"round {k}: {sum(len(p) for parts in rnd for p in parts)} documents for {len(rnd)} coders")


def cmd_second(args: argparse.Namespace) -> None:
    """A second coder's sheets over a sample of the documents of later rounds, recorded in the
    plan (``second_rounds``), to measure the agreement of the coders of those rounds."""
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    pool = sorted(d for k in args.rounds for parts in plan["rounds"][k - 1] for p in parts for d in p)
    ids = random.Random(args.seed).sample(pool, args.n)
    plan.setdefault("second_rounds", []).append({"rounds": args.rounds, "seed": args.seed, "ids": ids})
    PLAN.write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
    texts = load_texts()
    d = Path(args.out) / f"second{len(plan['second_rounds']) + 1}"
    d.mkdir(parents=True, exist_ok=True)
    for p, doc in enumerate(ids, 1):
        (d / f"part{p:02d}.txt").write_text(render_sheet([doc], texts), encoding="utf-8")
    print(f"{len(ids)} documents of rounds {args.rounds} for a second coder -> {d}")


def cmd_make(args: argparse.Namespace) -> None:
    plan = make_plan(args.coders, args.agnews, args.articles, args.second_agnews, args.second_articles)
    plan["rounds"] = [plan["coders"]]
    PLAN.write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
    texts = load_texts()
    out = Path(args.out)
    for c, parts in enumerate(plan["coders"], 1):
        for p, ids in enumerate(parts, 1):
            d = out / f"coder{c}"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"part{p:02d}.txt").write_text(render_sheet(ids, texts), encoding="utf-8")
    for p, ids in enumerate(plan["second"], 1):
        d = out / "second"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"part{p:02d}.txt").write_text(render_sheet(ids, texts), encoding="utf-8")
    n = sum(len(p) for parts in plan["coders"] for p in parts)
    print(f"{n} documents for {len(plan['coders'])} coders, {sum(map(len, plan['second']))} for the second coder")


def _sheet_ids(sheet: Path) -> list[str]:
    return re.findall(r"^=== DOC (\S+)$", sheet.read_text(encoding="utf-8"), re.M)


def check_codes(codes: list, texts: dict[str, str], expect: list[str] | None = None) -> list[str]:
    """Problems with one coder file, one line each (empty when the file is valid)."""
    errs: list[str] = []
    if not isinstance(codes, list):
        return ["the file must hold a JSON list of documents"]
    seen = set()
    for doc in codes:
        if not isinstance(doc, dict) or "id" not in doc or not isinstance(doc.get("claims"), list):
            errs.append(f"entry without id and claims list: {str(doc)[:80]}")
            continue
        did = doc["id"]
        if did in seen:
            errs.append(f"{did}: coded twice")
        seen.add(did)
        if did not in texts:
            errs.append(f"{did}: unknown document")
            continue
        text = texts[did]
        spans = sentences(text)
        low = text.lower()
        for k, c in enumerate(doc["claims"]):
            where = f"{did} claim {k}"
            if not isinstance(c, dict):
                errs.append(f"{where}: not an object")
                continue
            sent = c.get("sent")
            sl = sent if isinstance(sent, list) else [sent]
            if not sl or not all(isinstance(i, int) and 0 <= i < len(spans) for i in sl):
                errs.append(f"{where}: sent must be a sentence number 0..{len(spans) - 1} (or a list)")
                continue
            ev = c.get("event")
            if ev not in EVENTS:
                errs.append(f"{where}: event {ev!r} is not a PLOVER type")
                continue
            mode = c.get("mode")
            if mode is not None and mode not in EVENTS[ev]:
                errs.append(f"{where}: mode {mode!r} is not a mode of {ev} ({sorted(EVENTS[ev])} or null)")
            for f, allowed in (("polarity", POLARITY), ("certainty", CERTAINTY), ("tense", TENSE)):
                if c.get(f) not in allowed:
                    errs.append(f"{where}: {f} {c.get(f)!r} not in {sorted(allowed)}")
            for role in ("actor", "recipient"):
                v = c.get(role)
                if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
                    errs.append(f"{where}: {role} must be a list of strings")
                    continue
                for x in v:
                    if x.lower() not in low:
                        errs.append(f"{where}: {role} {x!r} is not written in the document")
            if not c.get("actor"):
                errs.append(f"{where}: a claim needs an actor")
            ab = c.get("asserted_by")
            if ab is not None and (not isinstance(ab, str) or ab.lower() not in low):
                errs.append(f"{where}: asserted_by {ab!r} must be null or written in the document")
    if expect is not None:
        for d in expect:
            if d not in seen:
                errs.append(f"{d}: missing (every document on the sheet needs an entry, [] when no claim)")
        for d in seen - set(expect):
            errs.append(f"{d}: not on this sheet")
    return errs


def cmd_check(args: argparse.Namespace) -> int:
    texts = load_texts()
    path = Path(args.codes)
    try:
        codes = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        print(f"{path}: {e}")
        return 1
    expect = _sheet_ids(Path(args.sheet)) if args.sheet else None
    errs = check_codes(codes, texts, expect)
    for e in errs:
        print(f"{path}: {e}")
    n = sum(len(d.get("claims", [])) for d in codes if isinstance(d, dict))
    print(f"{path}: {len(codes)} documents, {n} claims, {len(errs)} problems")
    return 1 if errs else 0


def to_standoff(codes: list, texts: dict[str, str], corpus: str) -> list[dict]:
    out = []
    for doc in codes:
        text = texts[doc["id"]]
        spans = sentences(text)
        claims = []
        for c in doc["claims"]:
            sl = c["sent"] if isinstance(c["sent"], list) else [c["sent"]]
            claims.append({
                "evidence": {"start": min(spans[i][0] for i in sl), "end": max(spans[i][1] for i in sl)},
                "actor": [{"actorText": x} for x in c["actor"]],
                "event": c["event"], "mode": c.get("mode"),
                "recipient": [{"actorText": x} for x in c["recipient"]],
                "asserted_by": c.get("asserted_by"), "polarity": c["polarity"],
                "certainty": c["certainty"], "tense": c["tense"],
            })
        out.append({"id": doc["id"], "corpus": corpus, "sha256_16": checksum(text), "claims": claims})
    return out


def cmd_build(args: argparse.Namespace) -> int:
    texts = load_texts()
    docs: dict[str, dict] = {}
    second: list[dict] = []
    bad = 0
    for path in sorted(CODES.glob("*.json")):
        codes = json.loads(path.read_text(encoding="utf-8"))
        errs = check_codes(codes, texts)
        for e in errs:
            print(f"{path}: {e}", file=sys.stderr)
        if errs:
            bad += 1
            continue
        for d in codes:
            corpus = "agnews-world" if d["id"].startswith("agnews-") else "polnear-articles"
            rec = to_standoff([d], texts, corpus)[0]
            rec["coder"] = path.stem.split("-")[0]
            if path.stem.startswith("second"):
                second.append(rec)
            else:
                docs.setdefault(d["id"], rec)
    OUT.write_text(json.dumps(sorted(docs.values(), key=lambda d: d["id"]), indent=None).replace(
        '}, {"id"', '},\n{"id"') + "\n", encoding="utf-8")
    (HERE / "second-coder.json").write_text(json.dumps(second) + "\n", encoding="utf-8")
    n = sum(len(d["claims"]) for d in docs.values())
    print(f"{len(docs)} documents, {n} claims -> {OUT}; second coder {len(second)} documents; {bad} files rejected")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("make")
    p.add_argument("--out", required=True)
    p.add_argument("--coders", type=int, default=6)
    p.add_argument("--agnews", type=int, default=175)
    p.add_argument("--articles", type=int, default=7)
    p.add_argument("--second-agnews", type=int, default=50)
    p.add_argument("--second-articles", type=int, default=5)
    p = sub.add_parser("extend")
    p.add_argument("--out", required=True)
    p.add_argument("--coders", type=int, default=6)
    p.add_argument("--articles", type=int, default=10)
    p = sub.add_parser("second")
    p.add_argument("--out", required=True)
    p.add_argument("--rounds", type=int, nargs="+", required=True)
    p.add_argument("--n", type=int, default=12)
    p.add_argument("--seed", type=int, default=37)
    p = sub.add_parser("check")
    p.add_argument("codes")
    p.add_argument("--sheet")
    sub.add_parser("build")
    args = ap.parse_args(argv)
    if args.cmd == "make":
        cmd_make(args)
        return 0
    if args.cmd == "extend":
        cmd_extend(args)
        return 0
    if args.cmd == "second":
        cmd_second(args)
        return 0
    if args.cmd == "check":
        return cmd_check(args)
    return cmd_build(args)


if __name__ == "__main__":
    sys.exit(main())
