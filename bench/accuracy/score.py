#!/usr/bin/env python3
"""Score a secret scanner against the labelled corpus written by generate.py.

    python3 bench/accuracy/score.py [--dir DIR] [--scanner launchgate|kingfisher] [--bin PATH]
                                    [--by-service] [--by-context]

A positive case is *hit* when the scanner reports any finding in its file; a negative case is a
*false hit* when it does. Prints recall per family for positives and the false-hit rate per
family for negatives, then the totals. Missed positives and false hits go to DIR/misses.txt and
DIR/false-hits.txt with their file contents (fake values); stdout shows only file names,
services and finding ids.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DIR = os.path.join(ROOT, "bench", "work", "accuracy")
DEFAULT_BIN = os.path.join(ROOT, "target", "release", "launchgate")
CASE = re.compile(r"(?:^|[/\\])((?:pos|neg)/case-\d+\.[^/\\]+)$")


def case_key(path: str):
    m = CASE.search(path.replace("\\", "/"))
    return m.group(1) if m else None


def run_launchgate(bin_, corpus):
    policy = os.path.join(os.path.dirname(corpus.rstrip("/")), os.path.basename(corpus.rstrip("/")) + ".policy.yml")
    with open(policy, "w") as fh:
        fh.write("version: 1\nextends: launch-ready\n")
    p = subprocess.run([bin_, "scan", corpus, "--no-history", "--format", "json", "--no-fail", "--policy", policy],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"launchgate exited {p.returncode}: {p.stderr.strip()[-2000:]}")
    rep = json.loads(p.stdout)
    hits = collections.defaultdict(list)
    for f in rep.get("findings", []):
        k = case_key(((f.get("location") or {}).get("path")) or "")
        if k:
            hits[k].append(f.get("id", "?"))
    info = []
    for e in rep.get("engines", []):
        if e.get("engine") == "scan":
            info.append(f"files scanned: {e.get('files_scanned')}, binary skipped: {e.get('binary_files_skipped')}")
    for key in ("suppressed", "skipped", "errors"):
        if rep.get(key):
            info.append(f"{key}: {len(rep[key])}")
    return hits, info


def _walk(o, out):
    if isinstance(o, dict):
        path = next((o[k] for k in ("path", "file_path", "file", "filename") if isinstance(o.get(k), str)), None)
        rid = next((str(o[k]) for k in ("rule_id", "id", "rule_name", "name") if isinstance(o.get(k), (str, int))), None)
        if isinstance(o.get("rule"), dict):
            rid = str(o["rule"].get("id") or o["rule"].get("name") or rid)
        if path and case_key(path):
            out.append((case_key(path), rid or "?"))
        for v in o.values():
            if isinstance(v, (dict, list)):
                sub = []
                _walk(v, sub)
                out += [(k, rid if r_ == "?" and rid else r_) for k, r_ in sub]
    elif isinstance(o, list):
        for v in o:
            _walk(v, out)


def run_kingfisher(bin_, corpus):
    with tempfile.TemporaryDirectory() as td:
        out = os.path.join(td, "kf.json")
        p = subprocess.run([bin_, "scan", corpus, "--git-history", "none", "--no-validate", "--no-update-check",
                            "--format", "json", "-o", out], capture_output=True, text=True)
        if not os.path.exists(out):
            sys.exit(f"kingfisher wrote no report (exit {p.returncode}): {p.stderr.strip()[-2000:]}")
        raw = open(out, encoding="utf-8").read()
    try:
        docs = [json.loads(raw)]
    except json.JSONDecodeError:
        docs = [json.loads(ln) for ln in raw.splitlines() if ln.strip().startswith(("{", "["))]
    pairs = []
    for d in docs:
        _walk(d, pairs)
    hits = collections.defaultdict(list)
    for k, rid in pairs:
        if rid not in hits[k]:
            hits[k].append(rid)
    return hits, []


def table(title, rows, col="family"):
    w = max([len(col)] + [len(r[0]) for r in rows])
    print(f"\n{title}\n{col.ljust(w)} | cases |  hit |   rate\n{'-' * w}-+-------+------+-------")
    for fam, n, h in rows:
        print(f"{fam.ljust(w)} | {n:5d} | {h:4d} | {100.0 * h / n:5.1f} %")


def group(cases, hits, key):
    c, h = collections.Counter(), collections.Counter()
    for x in cases:
        c[x[key]] += 1
        h[x[key]] += bool(hits.get(x["file"]))
    return c, h


def dump(path, cases, hits, corpus, header):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(header + "\n\n")
        for x in cases:
            ids = ",".join(hits.get(x["file"], [])) or "-"
            fh.write(f"== {x['file']} | {x['service']} | {x['family']} | {x['context']} | ids={ids}"
                     + (f" | {x['note']}" if x.get("note") else "") + "\n")
            try:
                body = open(os.path.join(corpus, x["file"]), encoding="utf-8").read()
            except OSError:
                body = "(unreadable)\n"
            fh.write("".join("    " + ln + "\n" for ln in body.rstrip("\n").split("\n")) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", default=DEFAULT_DIR)
    ap.add_argument("--scanner", choices=["launchgate", "kingfisher"], default="launchgate")
    ap.add_argument("--bin", help="scanner binary (default: target/release/launchgate, or kingfisher on PATH)")
    ap.add_argument("--by-service", action="store_true", help="list the 40 services with the lowest recall")
    ap.add_argument("--by-context", action="store_true", help="recall per context renderer")
    a = ap.parse_args()
    corpus = os.path.abspath(a.dir)
    labels = json.load(open(os.path.join(corpus, "labels.json"), encoding="utf-8"))
    if a.scanner == "launchgate":
        bin_ = a.bin or DEFAULT_BIN
        if not os.path.exists(bin_):
            sys.exit(f"{bin_} not found: build it with `cargo build --release`")
        hits, info = run_launchgate(bin_, corpus)
    else:
        bin_ = a.bin or shutil.which("kingfisher")
        if not bin_:
            sys.exit("kingfisher not found on PATH")
        hits, info = run_kingfisher(bin_, corpus)
    pos = [x for x in labels if x["label"] == "secret"]
    neg = [x for x in labels if x["label"] == "benign"]
    print(f"scanner: {a.scanner} ({bin_})\ncorpus:  {corpus} ({len(pos)} positives, {len(neg)} negatives)")
    for ln in info:
        print("         " + ln)
    c, h = group(pos, hits, "family")
    table("positives: recall per family", sorted(((f, c[f], h[f]) for f in c), key=lambda t: (t[2] / t[1], t[0])))
    cn, hn = group(neg, hits, "family")
    table("negatives: false hits per family", sorted(((f, cn[f], hn[f]) for f in cn), key=lambda t: (-t[2] / t[1], t[0])))
    if a.by_context:
        cc, hc = group(pos, hits, "context")
        table("positives: recall per context", sorted(((f, cc[f], hc[f]) for f in cc), key=lambda t: (t[2] / t[1], t[0])), col="context")
    if a.by_service:
        cs, hs = group(pos, hits, "service")
        worst = sorted(cs, key=lambda s: (hs[s] / cs[s], s))[:40]
        table("positives: the 40 services with the lowest recall", [(s, cs[s], hs[s]) for s in worst], col="service")
        zero = sum(1 for s in cs if not hs[s])
        full = sum(1 for s in cs if hs[s] == cs[s])
        print(f"services: {len(cs)}; all cases found in {full}, none found in {zero}")
    missed = [x for x in pos if not hits.get(x["file"])]
    false = [x for x in neg if hits.get(x["file"])]
    dump(os.path.join(corpus, "misses.txt"), missed, hits, corpus, f"{len(missed)} missed positives ({a.scanner})")
    dump(os.path.join(corpus, "false-hits.txt"), false, hits, corpus, f"{len(false)} false hits ({a.scanner})")
    fid = collections.Counter(i for x in false for i in hits[x["file"]])
    if fid:
        print("\nfinding ids on negatives: " + ", ".join(f"{k} {v}" for k, v in fid.most_common(15)))
    hp, hn_ = len(pos) - len(missed), len(false)
    print(f"\nrecall {100.0 * hp / len(pos):.1f} % ({hp}/{len(pos)}), false hits {100.0 * hn_ / len(neg):.1f} % ({hn_}/{len(neg)})")
    print(f"details: {os.path.join(corpus, 'misses.txt')}, {os.path.join(corpus, 'false-hits.txt')}")


if __name__ == "__main__":
    main()
