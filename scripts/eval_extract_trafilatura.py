#!/usr/bin/env python3
"""trafilatura beside khulasa-extract on the same pages, in the same run.

Measures, on the article-extraction-benchmark (AEB) pages, body F1 /
precision / recall with the benchmark's own metric (4-word shingles of
Python ``\\w+`` tokens, case kept; per-document precision and recall,
macro-averaged; F1 of the two averages) and speed; and on trafilatura's own
evaluation set, title / date / author accuracy and the must-have /
must-not-have snippets. khulasa's figures come from ``khulasa eval extract
--json`` run on the same folders, so both columns come from one run on one
machine.

Setup (once):  python3 -m venv .venv && .venv/bin/pip install trafilatura lxml_html_clean
               cargo build --release -p khulasa
Run:           .venv/bin/python scripts/eval_extract_trafilatura.py [--data ../shared/data/extraction]

The comparison rules (folding of titles, author sets, date prefix) are the
ones in ``crates/extract/src/score.rs``.
"""

import argparse
import gzip
import json
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

TOKEN = re.compile(r"\w+")


def shingles(text, n=4):
    toks = TOKEN.findall(text or "")
    if not toks:
        return Counter()
    count = len(toks) - n + 1 if len(toks) >= n else 1
    return Counter(tuple(toks[i : i + n]) for i in range(count))


def precision_recall(gold, pred):
    g, p = shingles(gold), shingles(pred)
    tp = sum(min(c, g.get(k, 0)) for k, c in p.items())
    fp = sum(max(0, c - g.get(k, 0)) for k, c in p.items())
    fn = sum(max(0, c - p.get(k, 0)) for k, c in g.items())
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    prec = 0.0 if tp == 0 and fp == 0 else tp / (tp + fp)
    rec = 0.0 if tp == 0 and fn == 0 else tp / (tp + fn)
    return prec, rec


def f1(p, r):
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def fold(s):
    out = []
    for c in s or "":
        c = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}.get(c, c)
        if unicodedata.category(c) == "Mn" or c == "\u0640":
            continue
        if c.isalnum():
            out.append(c.lower())
        elif out and out[-1] != " ":
            out.append(" ")
    return "".join(out).strip()


def split_names(s):
    parts = re.split(r"[;,،|]", s or "")
    names = {fold(n) for p in parts for n in p.split(" and ")}
    return sorted(n for n in names if n)


def authors_match(gold, found):
    g = split_names(gold)
    return bool(g) and g == split_names(found)


def load(path):
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def khulasa_json(binary, folder):
    out = subprocess.run([binary, "eval", "extract", "--data", str(folder), "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"khulasa failed: {out.stderr}")
    return json.loads(out.stdout)


def aeb(folder, trafilatura):
    gt = json.loads((folder / "ground-truth.json").read_text())
    ps, rs, times = [], [], []
    for pid in sorted(gt):
        path = folder / "html" / f"{pid}.html.gz"
        if not path.exists():
            continue
        html = load(path)
        t = time.perf_counter()
        text = trafilatura.extract(html, url=gt[pid].get("url")) or ""
        times.append((time.perf_counter() - t) * 1e3)
        p, r = precision_recall(gt[pid]["articleBody"], text)
        ps.append(p)
        rs.append(r)
    p, r = statistics.mean(ps), statistics.mean(rs)
    return {"pages": len(ps), "f1": f1(p, r), "precision": p, "recall": r,
            "pages_per_second": len(times) / (sum(times) / 1e3), "median_ms": statistics.median(times)}


def traf_eval(folder, trafilatura):
    data = json.loads((folder / "evaldata.json").read_text())
    tally = {k: [0, 0] for k in ("title", "date", "author")}
    w_ok = w_n = wo_ok = wo_n = 0
    n = 0
    for url, item in data.items():
        path = next((folder / d / (item["file"] + ".gz") for d in ("eval", "cache") if (folder / d / (item["file"] + ".gz")).exists()), None)
        if path is None:
            continue
        n += 1
        html = load(path)
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        get = (lambda k: getattr(doc, k, None)) if doc is not None and not isinstance(doc, dict) else (lambda k: (doc or {}).get(k))
        text = get("text") or ""
        checks = {
            "title": lambda g: fold(get("title") or "") == fold(g),
            "date": lambda g: (get("date") or "")[:10] == g.strip()[:10],
            "author": lambda g: authors_match(g, get("author") or ""),
        }
        for k, ok in checks.items():
            gold = item.get(k) or ""
            if isinstance(gold, list):
                gold = "; ".join(gold)
            if gold.strip():
                tally[k][0] += 1
                tally[k][1] += bool(ok(gold))
        for s in item.get("with", []):
            w_n += 1
            w_ok += s in text
        for s in item.get("without", []):
            wo_n += 1
            wo_ok += s not in text
    acc = lambda k: {"accuracy": tally[k][1] / max(1, tally[k][0]), "pages_with_gold": tally[k][0]}
    return {"pages": n, "title": acc("title"), "date": acc("date"), "author": acc("author"),
            "snippets_with": w_ok / max(1, w_n), "snippets_without": wo_ok / max(1, wo_n)}


def main():
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=root.parent / "shared" / "data" / "extraction")
    ap.add_argument("--khulasa", default=str(root / "target" / "release" / "khulasa"))
    args = ap.parse_args()
    try:
        import trafilatura
    except ImportError:
        sys.exit("trafilatura is not installed: pip install trafilatura lxml_html_clean")

    print(f"trafilatura {trafilatura.__version__} beside khulasa ({args.khulasa}), data {args.data}")
    folder = args.data / "aeb"
    if folder.exists():
        t = aeb(folder, trafilatura)
        k = khulasa_json(args.khulasa, folder)["aeb"]
        print(f"\nAEB ({t['pages']} pages)        F1     P      R      pages/s  median ms")
        for name, v in (("khulasa-extract", k), ("trafilatura", t)):
            print(f"  {name:<18} {v['f1']:.3f}  {v['precision']:.3f}  {v['recall']:.3f}  {v['pages_per_second']:7.0f}  {v['median_ms']:8.2f}")
        b = k["baseline_all_text"]
        print(f"  {'all visible text':<18} {b['f1']:.3f}  {b['precision']:.3f}  {b['recall']:.3f}")
    folder = args.data / "trafilatura-eval"
    if folder.exists():
        t = traf_eval(folder, trafilatura)
        k = khulasa_json(args.khulasa, folder)["trafilatura_eval"]
        print(f"\ntrafilatura eval set ({t['pages']} pages): accuracy on pages with a gold value")
        print(f"  {'':<18} title  date   author  with   without")
        for name, v in (("khulasa-extract", k), ("trafilatura", t)):
            print(f"  {name:<18} {v['title']['accuracy']:.3f}  {v['date']['accuracy']:.3f}  {v['author']['accuracy']:.3f}   "
                  f"{v['snippets_with']:.3f}  {v['snippets_without']:.3f}")


if __name__ == "__main__":
    main()
