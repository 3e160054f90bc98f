#!/usr/bin/env python3
"""Generate the labelled secret-detection corpus.

    python3 bench/accuracy/generate.py [--seed N] [--out DIR] [--per-service K]

Writes DIR/pos/case-NNNNN.<ext> (credentials, label "secret"), DIR/neg/case-NNNNN.<ext>
(look-alikes, label "benign") and DIR/labels.json: a list of {file, label, service, family,
context, note}. Everything comes from the seeded RNG, so the same seed gives the same corpus.
Formats follow the providers' public documentation (see formats.py and services_*.py); the
corpus is written without reference to any scanner's rules. No value is a real credential.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # keep bench/accuracy free of __pycache__

import contexts  # noqa: E402,F401  (registers the renderers)
import generic  # noqa: E402
import negatives  # noqa: E402
from choose import Chooser  # noqa: E402
from services import all_services  # noqa: E402
from svc import make_value  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(ROOT, "bench", "work", "accuracy")


def positives(r, per_service):
    ch, out = Chooser(), []
    svcs = all_services()
    for s in svcs:
        for i in range(per_service):
            val = make_value(r, s, i)
            force = s.files[i] if i < len(s.files) else None
            ext, text, ctx = ch.pick(r, val, s, extra=s.files, force=force)
            note = s.notes
            out.append(dict(label="secret", service=s.name, family=s.family, context=ctx, note=note, ext=ext, text=text))
    gen = []
    gen += generic.identifier_cases(r, 200)
    gen += generic.key_cases(r, 18 * 7, ch.render)
    gen += generic.jwt_cases(r, 60, ch.render)
    gen += generic.basic_cases(r, 40)
    for service, fam, ext, text, ctx, note in gen:
        out.append(dict(label="secret", service=service, family=fam, context=ctx, note=note, ext=ext, text=text))
    return out, svcs


def negatives_(r, svcs):
    ch = Chooser()
    return [dict(label="benign", service="-", family=fam, context=ctx, note=note, ext=ext, text=text)
            for fam, ext, text, ctx, note in negatives.cases(r, ch, svcs)]


def write(out_dir, cases, r):
    for sub in ("pos", "neg"):
        p = os.path.join(out_dir, sub)
        if os.path.isdir(p):
            shutil.rmtree(p)
        os.makedirs(p)
    r.shuffle(cases)
    labels = []
    for n, c in enumerate(cases, 1):
        sub = "pos" if c["label"] == "secret" else "neg"
        rel = f"{sub}/case-{n:05d}.{c['ext']}"
        with open(os.path.join(out_dir, rel), "w", encoding="utf-8") as fh:
            fh.write(c["text"])
        labels.append({k: c[k] for k in ("label", "service", "family", "context", "note")} | {"file": rel})
    labels.sort(key=lambda x: x["file"])
    with open(os.path.join(out_dir, "labels.json"), "w", encoding="utf-8") as fh:
        json.dump([{"file": x["file"], **{k: x[k] for k in ("label", "service", "family", "context", "note")}} for x in labels], fh, indent=1)
        fh.write("\n")
    return labels


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--per-service", type=int, default=5)
    a = ap.parse_args()
    r = random.Random(a.seed)
    pos, svcs = positives(r, a.per_service)
    neg = negatives_(r, svcs)
    os.makedirs(a.out, exist_ok=True)
    labels = write(a.out, pos + neg, r)
    npos = sum(1 for x in labels if x["label"] == "secret")
    services = {x["service"] for x in labels if x["label"] == "secret" and x["family"] not in generic_families()}
    print(f"wrote {len(labels)} cases to {a.out}: {npos} positives over {len(services)} services "
          f"(+ generic secrets), {len(labels) - npos} negatives")
    ctxs = collections.Counter(x["context"] for x in labels if x["label"] == "secret")
    print("positive contexts:", ", ".join(f"{k} {v}" for k, v in ctxs.most_common()))


def generic_families():
    return {"generic-password", "generic-secret", "private-key", "jwt", "basic-auth"}


if __name__ == "__main__":
    main()
