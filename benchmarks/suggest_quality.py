"""Precision and recall of codebook-driven suggestions against the synthetic study's gold.

Reads the bundled synthetic transcripts, ``codebooks/kss_social_licence.yaml`` and
``transcripts_synthetic/gold_themes.csv`` (spans ``transcript_id, start, end`` with a
theme label column: ``theme_id``, ``theme``, ``code_id`` or ``label``), runs
``suggest_codings`` at the default threshold (and a sweep), rolls each suggested code
up to the nearest ancestor that is a gold label, and scores by span overlap.

    python benchmarks/suggest_quality.py [--threshold 0.5] [--label code_id] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import pandas as pd


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--json", default=None)
    ap.add_argument("--label", default=None,
                    help="gold column to score against (default: theme_id; code_id scores "
                         "sub-codes)")
    args = ap.parse_args(argv)

    from qualkit import Codebook
    from qualkit.datasets import example_corpus, synthetic_codebook_path, synthetic_path
    from qualkit.suggest import DEFAULT_THRESHOLD, evaluate_suggestions, suggest_codings

    gold_path = synthetic_path() / "gold_themes.csv"
    cb_path = synthetic_codebook_path()
    if not gold_path.exists() or not cb_path.exists():
        print(f"missing {gold_path if not gold_path.exists() else cb_path}; nothing measured")
        return 1
    cb = Codebook.read(cb_path)
    corpus = example_corpus()
    gold = pd.read_csv(gold_path)
    label = args.label or next(c for c in ("theme_id", "theme", "code_id", "label")
                               if c in gold.columns)
    gold = gold[["transcript_id", "start", "end", label]].rename(columns={label: "code_id"})
    print(f"gold: {len(gold)} spans labelled by {label}")
    labels = set(gold["code_id"])
    mapping = {}
    for c in cb:
        chain = [c.id, *reversed(cb.ancestors(c.id))]
        mapping[c.id] = next((x for x in chain if x in labels), c.id)
    rows = []
    th0 = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    for th in sorted({th0, 0.3, 0.4, 0.5, 0.6, 0.7}):
        t0 = time.perf_counter()
        s = suggest_codings(corpus, cb, threshold=th)
        secs = time.perf_counter() - t0
        r = evaluate_suggestions(s, gold, mapping=mapping)
        print(f"threshold {th:.2f}: precision {r['precision']:.3f} recall {r['recall']:.3f} "
              f"f1 {r['f1']:.3f} ({r['suggested']} suggested, {r['gold']} gold, {secs:.1f} s)"
              + ("  <- default" if th == th0 else ""))
        if th == th0:
            for m in ("precision", "recall"):
                rows.append({"benchmark": "suggest_quality", "measure": f"{m} @ {th}",
                             "qualkit": r[m], "peer": None, "ratio": None,
                             "target": "reported", "pass": None, "unit": ""})
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
