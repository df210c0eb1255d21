#!/usr/bin/env python3
"""BM25 + Snowball Arabic beside khulasa's search, on the same queries, in the same run.

Stores each item's text (no title), then looks for it with the first 3 and
the first 8 words of its headline and the first 8 words of its journalist
summary (words split at white space, as ``khulasa eval search`` splits them).
Reports MRR@10 and hit@10 for both systems. The baseline is Okapi BM25
(``rank_bm25``, k1 = 1.5, b = 0.75) over Python ``\\w+`` tokens stemmed with
Snowball Arabic (``snowballstemmer``); khulasa's figures come from
``khulasa eval search --json`` on the same file.

Setup (once):  pip install rank_bm25 snowballstemmer
               cargo build --release -p khulasa
Run:           python3 scripts/eval_search_bm25.py --data ../shared/data/summarization/ant_bbc.dev.jsonl
"""

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import snowballstemmer
from rank_bm25 import BM25Okapi

TOKEN = re.compile(r"\w+")
STEM = snowballstemmer.stemmer("arabic")


def analyse(text):
    return STEM.stemWords(TOKEN.findall(text.lower()))


def first_words(s, n):
    return " ".join(s.split()[:n])


SETS = [
    ("title3", lambda i: first_words(i.get("title") or "", 3)),
    ("title8", lambda i: first_words(i.get("title") or "", 8)),
    ("summary8", lambda i: first_words(i.get("summary") or "", 8)),
]


def baseline(items):
    # Items with the same text are one article (as in the store).
    key_of, docs, owner = {}, [], []
    for it in items:
        k = it["text"]
        if k not in key_of:
            key_of[k] = len(docs)
            docs.append(analyse(k))
        owner.append(key_of[k])
    t0 = time.time()
    bm25 = BM25Okapi(docs)
    out = {}
    for name, pick in SETS:
        n, rr, hits = 0, 0.0, 0
        for it, want in zip(items, owner):
            q = pick(it)
            if not q:
                continue
            n += 1
            scores = bm25.get_scores(analyse(q))
            top = np.argsort(-scores, kind="stable")[:10]
            top = [d for d in top if scores[d] > 0]
            if want in top:
                k = top.index(want)
                rr += 1.0 / (k + 1)
                hits += 1
        out[name] = {"queries": n, "mrr10": rr / max(n, 1), "hit10": hits / max(n, 1)}
    out["seconds"] = time.time() - t0
    out["articles"] = len(docs)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--khulasa", default="target/release/khulasa")
    ap.add_argument("--stemmer", default="search", help="khulasa's Arabic stemmer: search, light, snowball")
    args = ap.parse_args()

    items = []
    with open(args.data, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                items.append(json.loads(line))
    if args.limit:
        items = items[: args.limit]

    cmd = [args.khulasa, "eval", "search", "--data", args.data, "--json", "--stemmer", args.stemmer]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    ours = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    base = baseline(items)

    print(f"data {args.data}: {len(items)} items, {ours['articles']} articles stored without titles")
    print(f"{'queries':<10} {'n':>6} {'khulasa MRR@10':>15} {'hit@10':>8} {'BM25+Snowball MRR@10':>21} {'hit@10':>8}")
    for s in ours["sets"]:
        b = base[s["name"]]
        print(f"{s['name']:<10} {s['queries']:>6} {s['mrr10']:>15.4f} {s['hit10']:>8.4f} {b['mrr10']:>21.4f} {b['hit10']:>8.4f}")
    print(
        f"khulasa ({args.stemmer} stemmer): search median {ours['p50_ms']:.2f} ms, p99 {ours['p99_ms']:.2f} ms; "
        f"index {ours['index_bytes_per_1000'] / 1024:.0f} KiB per 1,000 articles"
    )
    print(f"baseline: {base['seconds']:.1f} s for all queries (rank_bm25, in memory)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
