"""Quality of candidate themes on the synthetic study's gold themes (ARI, NMI, V).

For every mode (``inductive``: participant utterances; ``codes KS`` and ``codes
consensus``: ``unit="coding"`` on the codes of coder KS and of the union consensus of
KS and KG, as ``qualkit demo`` builds it), feature set (``embeddings``, the default for
utterances; ``tfidf``; ``tfidf+codebook`` for utterances: TF-IDF plus each utterance's
similarity to the codebook's codes) and algorithm (agglomerative, k-means, HDBSCAN) it
runs ``suggest_themes`` with the number of themes chosen (the default) and fixed at the
gold count (15). Scores are ``evaluate_themes`` against
``transcripts_synthetic/gold_themes.csv``; ARI is the figure to read (NMI and V reward
over-splitting). The table is printed and written into ``benchmarks/THEMES_QUALITY.md``
between its ``<!-- synthetic: begin -->`` and ``<!-- synthetic: end -->`` lines (the
real-set sections around them are written by hand from
``../shared/tools/eval_themes_real.py``).

    python benchmarks/themes_quality.py [--json out.json] [--md benchmarks/THEMES_QUALITY.md]
                                        [--bertopic]

``--bertopic`` adds qualkit beside BERTopic on the same embeddings
(``benchmarks/themes.py --quality``; needs ``bertopic`` and ``umap-learn``, which qualkit
does not depend on).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import pandas as pd

os.environ.setdefault("QUALKIT_PROGRESS", "0")

HERE = Path(__file__).resolve().parent


def _project(corpus):
    import qualkit as qk
    from qualkit.compare import reconcile
    from qualkit.datasets import synthetic_codebook_path, synthetic_path

    p = qk.Project.in_memory()
    p.add_corpus(corpus)
    p.set_codebook(qk.Codebook.read(synthetic_codebook_path()))
    for coder in ("KS", "KG"):
        p.import_codings(synthetic_path() / f"codings_{coder}.csv", coder=coder)
    reconcile(p, ("KS", "KG"), rule="union", who="benchmark")
    return p


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", dest="json_out")
    ap.add_argument("--md", dest="md_out", default=str(HERE / "THEMES_QUALITY.md"),
                    help="markdown table to write ('' to skip)")
    ap.add_argument("--n-bootstrap", type=int, default=0,
                    help="bootstrap resamples for stability (does not change the labels)")
    ap.add_argument("--bertopic", action="store_true",
                    help="also qualkit beside BERTopic on the same embeddings")
    args = ap.parse_args(argv)

    import qualkit as qk
    from qualkit.datasets import example_corpus, synthetic_path

    gold_path = synthetic_path() / "gold_themes.csv"
    if not gold_path.exists():
        print(f"missing {gold_path}; nothing measured")
        return 1
    gold = pd.read_csv(gold_path, dtype={"transcript_id": str})
    corpus = example_corpus()
    project = _project(corpus)
    n_gold = gold["theme_id"].nunique()
    from qualkit.embeddings import missing_packages

    feats = ["tfidf"]
    if not missing_packages():
        feats.append("embeddings")
    else:  # pragma: no cover - the model's packages are qualkit dependencies
        print(f"embeddings: not available (missing {', '.join(missing_packages())})")
    rows = []

    def run(obj, mode, k, **kw):
        t0 = time.perf_counter()
        c = qk.suggest_themes(obj, n_bootstrap=args.n_bootstrap, random_state=0,
                              n_themes=None if k == "auto" else n_gold, **kw)
        sec = time.perf_counter() - t0
        r = qk.evaluate_themes(c, gold).iloc[0].to_dict()
        r.update(mode=mode, features=kw["features"],
                 algorithm=kw.get("algorithm", "agglomerative"), k=k, seconds=round(sec, 2))
        rows.append(r)
        print(f"{mode:>15} {r['features']:>14} {r['algorithm']:>13} {k:>4}  "
              f"ari {r['ari']:.3f}  nmi {r['nmi']:.3f}  v {r['v_measure']:.3f}  "
              f"themes {int(r['n_themes']):>2}  outliers {int(r['n_outliers']):>3}  "
              f"excluded {int(r['n_excluded']):>3}  {sec:.1f} s", flush=True)

    print(f"gold: {n_gold} themes over {len(gold)} spans")
    modes = [("inductive", project, {"unit": "utterance"}),
             ("codes KS", project, {"unit": "coding", "coder": "KS"}),
             ("codes consensus", project, {"unit": "coding", "coder": "consensus"})]
    for mode, obj, kw in modes:
        for f in (feats + ["tfidf+codebook"] if mode == "inductive" else feats):
            for alg in ("agglomerative", "kmeans", "hdbscan"):
                for k in (("auto",) if alg == "hdbscan" else ("auto", str(n_gold))):
                    run(obj, mode, k, features=f, algorithm=alg, **kw)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2, default=float)
    side = None
    if args.bertopic:
        import sys

        sys.path.insert(0, str(HERE))
        from themes import quality_side_by_side

        side = quality_side_by_side()
    if args.md_out:
        _write_md(Path(args.md_out), rows, n_gold, len(gold), side)
        print(f"wrote {args.md_out}")
    return 0


BEGIN, END = "<!-- synthetic: begin -->", "<!-- synthetic: end -->"


def _write_md(path: Path, rows: list[dict], n_gold: int, n_spans: int,
              side: list[dict] | None = None) -> None:
    import qualkit as qk

    lines = [
        BEGIN,
        "## The synthetic study (`python benchmarks/themes_quality.py`)",
        "",
        f"Written by `python benchmarks/themes_quality.py` (qualkit {qk.__version__}, "
        f"Python {platform.python_version()}, random_state=0). Gold: "
        f"`transcripts_synthetic/gold_themes.csv`, {n_gold} themes over {n_spans} spans.",
        "",
        "Modes: *inductive* clusters the participant utterances (`unit=\"utterance\"`); "
        "*embeddings* are the default features for utterances (MiniLM, spectral map); "
        "*tfidf+codebook* adds to TF-IDF each utterance's similarity to the sub-codes' "
        "names, definitions, cues and examples (weight 0.7; an option). "
        "*codes KS* / *codes consensus* cluster the codes of coder KS / of the union "
        "consensus of KS and KG (`unit=\"coding\"`, what `suggest_themes(project, "
        "coder=...)` now does by default) and give each coded extract its code's theme. "
        "`k`: `auto` chooses the number of themes (silhouette x stability on utterances, "
        "the silhouette on codes; HDBSCAN chooses its own), "
        f"`{n_gold}` fixes it at the gold count. Read ARI with "
        "n_themes: NMI and V-measure reward over-splitting. Utterances overlapping no gold "
        "span are excluded (`excluded`); HDBSCAN outliers count as one label of their own.",
        "",
        "| mode | features | algorithm | k | ARI | NMI | V | n_themes | outliers | excluded | s |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(f"| {r['mode']} | {r['features']} | {r['algorithm']} | {r['k']} | "
                     f"{r['ari']:.3f} | {r['nmi']:.3f} | {r['v_measure']:.3f} | "
                     f"{int(r['n_themes'])} | {int(r['n_outliers'])} | {int(r['n_excluded'])} | "
                     f"{r['seconds']:.1f} |")
    if side:
        import importlib.metadata as md

        lines += [
            "", "## Beside BERTopic (inductive, same embeddings)", "",
            f"BERTopic {md.version('bertopic')} on the {n_gold}-theme gold, participant "
            "utterances, both on the same all-MiniLM-L6-v2 vectors (computed once, not in "
            "the times); BERTopic with UMAP(random_state=0) and its default HDBSCAN, or "
            f"k-means with k={n_gold} in place of HDBSCAN (`benchmarks/themes.py --quality`).",
            "", "| method | ARI | NMI | n_themes | outliers | s |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
        lines += [f"| {r['method']} | {r['ari']:.3f} | {r['nmi']:.3f} | {r['n_themes']} | "
                  f"{r['outliers']} | {r['seconds']:.2f} |" for r in side]
    lines.append(END)
    block = "\n".join(lines)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = old + ("\n" if old else "") + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
