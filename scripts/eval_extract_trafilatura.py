#!/usr/bin/env python3
"""trafilatura beside khulasa-extract on the same pages, in the same run.

This script only runs trafilatura: on every page of the test sets under
``--data`` (AEB, trafilatura's evaluation set, Readability's fixtures) and
of khulasa's own Arabic fixture pages, it writes what trafilatura found
(title, date, authors, body text, milliseconds; trafilatura gives no photo
caption or credit) as one JSON line a page. ``khulasa eval extract
--baseline FILE`` then scores those lines beside khulasa's own output, by
the same rules (the benchmark's body metric, folded titles, author sets,
dates on the day), and prints both rows.

Setup (once):  python3 -m venv .venv && .venv/bin/pip install trafilatura lxml_html_clean
               cargo build --release -p khulasa
Run:           .venv/bin/python scripts/eval_extract_trafilatura.py [--data ../shared/data/extraction]
Or:            khulasa eval extract --data DIR --trafilatura .venv/bin/python
               (the binary carries this script and runs it with --dump-only)
"""

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def load(path):
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def pages(folder):
    """(set, page id, path, url) of every page of the set in ``folder``, with
    the ids ``khulasa eval extract`` gives them."""
    if (folder / "ground-truth.json").exists():
        gt = json.loads((folder / "ground-truth.json").read_text())
        for pid in sorted(gt):
            yield "aeb", pid, folder / "html" / f"{pid}.html.gz", gt[pid].get("url")
    elif (folder / "evaldata.json").exists():
        data = json.loads((folder / "evaldata.json").read_text())
        for url, item in data.items():
            for d in ("eval", "cache"):
                path = folder / d / (item["file"] + ".gz")
                if path.exists():
                    yield "trafilatura_eval", url, path, url
                    break
    elif (folder / "expected.json").exists():
        for e in json.loads((folder / "expected.json").read_text()):
            yield "fixtures", e["file"], folder / e["file"], e.get("url")
    else:
        for case in sorted(p for p in folder.iterdir() if (p / "expected-metadata.json").exists()):
            yield "readability_test_pages", case.name, case / "source.html", None


def sets(root):
    """The test-set folders at ``root`` or one level below it."""
    def is_set(p):
        return any((p / f).exists() for f in ("ground-truth.json", "evaldata.json", "expected.json")) or \
            any((c / "expected-metadata.json").exists() for c in p.iterdir() if c.is_dir())
    if is_set(root):
        return [root]
    return [p for p in sorted(root.iterdir()) if p.is_dir() and is_set(p)]


def run_trafilatura(trafilatura, html, url):
    t = time.perf_counter()
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    ms = (time.perf_counter() - t) * 1e3
    if doc is None:
        return {"ms": ms, "title": None, "text": None}
    get = (lambda k: getattr(doc, k, None)) if not isinstance(doc, dict) else doc.get
    return {"ms": ms, "title": get("title"), "date": get("date"), "authors": get("author"),
            "text": get("text") or "", "caption": None, "credit": None}


def main():
    # Run from a file, the repository is two folders up; fed on standard
    # input (by `khulasa eval extract --trafilatura`), --data is always given.
    root = Path(__file__).resolve().parent.parent if "__file__" in globals() else Path.cwd()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, nargs="*",
                    default=[root.parent / "shared" / "data" / "extraction", root / "crates" / "extract" / "tests" / "fixtures"])
    ap.add_argument("--khulasa", default=str(root / "target" / "release" / "khulasa"))
    ap.add_argument("--out", type=Path, help="keep trafilatura's output here (JSON Lines) instead of a temporary file")
    ap.add_argument("--dump-only", action="store_true",
                    help="only write --out (how `khulasa eval extract --trafilatura` runs this script)")
    args = ap.parse_args()
    if args.dump_only and not args.out:
        sys.exit("--dump-only needs --out FILE")
    try:
        import trafilatura
    except ImportError:
        sys.exit("trafilatura is not installed: pip install trafilatura lxml_html_clean")

    tool = f"trafilatura {trafilatura.__version__}"
    folders = [s for d in args.data if d.exists() for s in sets(d)]
    if not folders:
        sys.exit(f"no test set under {', '.join(map(str, args.data))}")
    out = args.out or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    with out.open("w") as f:
        for folder in folders:
            n = 0
            for set_name, page, path, url in pages(folder):
                if not path.exists():
                    continue
                line = {"tool": tool, "set": set_name, "page": page, **run_trafilatura(trafilatura, load(path), url)}
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
                n += 1
            print(f"{tool}: {n} pages of {folder}", file=sys.stderr)
    if args.dump_only:
        return
    for folder in folders:
        r = subprocess.run([args.khulasa, "eval", "extract", "--data", str(folder), "--baseline", str(out)])
        if r.returncode != 0:
            sys.exit(f"khulasa eval extract failed on {folder}")
    if not args.out:
        out.unlink()


if __name__ == "__main__":
    main()
