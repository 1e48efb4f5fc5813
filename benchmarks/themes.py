"""Theme-search speed: a scale curve at 1k, 10k and 100k utterances (default features).

Utterances are made by recombining the synthetic study's participant utterances
(sentences shuffled across utterances, seeded) when the data set is installed, else
from a small topic vocabulary. The default features are sentence embeddings, computed
once and cached per text (``qualkit.embeddings``); the target is the default theme
search *once the embeddings are cached*, so the clock covers what ``suggest_themes``
does after reading the utterance table: reading the cached vectors, the spectral map,
choosing k, clustering, labels (c-TF-IDF, names left out) and bootstrap stability
(``ThemeSearch(random_state=0, cache=...).fit(extracts)``).

The one-off cost of embedding is measured apart, on ``--embed-sample`` (default 2,000)
distinct utterances, and stated per 100,000 texts. Embedding all 100,000 here would take
most of an hour on 2 cores, so the cache for the timed runs is filled with each
utterance's vector composed from its sentences' real model vectors (the normalised
mean): the same shape, the same cache reads, the same clustering work.

Usage::

    python benchmarks/themes.py                       # 1000, 10000, 100000
    python benchmarks/themes.py --sizes 1000 10000 --json out.json
    python benchmarks/themes.py --bertopic            # also BERTopic, if installed
    python benchmarks/themes.py --quality             # qualkit beside BERTopic on the
                                                      # synthetic gold, same embeddings
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import time

import numpy as np
import pandas as pd

os.environ.setdefault("QUALKIT_PROGRESS", "0")

_TOPICS = [
    "privacy of my medical records worries me", "who can see my health data",
    "research using linked records saves lives", "new cures come from research",
    "drug companies should not profit from our data", "selling data to private firms",
    "consent should be asked before records are shared", "an opt out is not enough",
    "the NHS needs data to plan services", "trust in the government and the NHS",
    "hackers and data breaches are a risk", "anonymised data is still identifiable",
    "benefits for the public good matter most", "fairness for poorer communities",
]


def _source_sentences() -> list[str]:
    try:
        import qualkit as qk
        from qualkit.datasets import __file__ as ds

        folder = os.path.join(os.path.dirname(ds), "transcripts_synthetic")
        corpus = qk.read_transcripts(folder)
        u = corpus.utterances
        texts = u.loc[u["role"] == "participant", "text"].tolist()
        sents = [s.strip() for t in texts for s in t.replace("?", ".").split(".") if s.strip()]
        if len(sents) > 50:
            return sents
    except Exception:  # noqa: BLE001 - fall back to the built-in vocabulary
        pass
    return _TOPICS


def make_utterances(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` utterances of 1-3 recombined sentences each, as an extracts table."""
    rng = np.random.default_rng(seed)
    src = _source_sentences()
    k = rng.integers(1, 4, size=n)
    picks = rng.integers(0, len(src), size=int(k.sum()))
    texts, pos = [], 0
    for m in k:
        texts.append(". ".join(src[j] for j in picks[pos:pos + m]) + ".")
        pos += m
    return pd.DataFrame({"transcript_id": [f"t{i // 500}" for i in range(n)],
                         "start": np.arange(n) * 1000, "end": np.arange(n) * 1000 + 900,
                         "text": texts})


def embedding_cost(n: int, seed: int = 1) -> dict:
    """Seconds to embed ``n`` distinct utterances with the model (no cache)."""
    from qualkit.embeddings import embed

    texts = list(dict.fromkeys(make_utterances(n * 2, seed=seed)["text"]))[:n]
    t0 = time.perf_counter()
    embed(texts, cache=False)
    sec = time.perf_counter() - t0
    return {"texts": len(texts), "seconds": round(sec, 1),
            "per_second": round(len(texts) / sec, 1),
            "seconds_per_100k": round(100_000 * sec / len(texts))}


def fill_cache(df: pd.DataFrame, cache_path: str) -> None:
    """Cache a vector for every utterance, composed from its sentences' model vectors."""
    from sklearn.preprocessing import normalize

    from qualkit.embeddings import EmbeddingCache, embed

    src = _source_sentences()
    # the sentences' own vectors are kept beside the caches, so each size reuses them
    shared = os.path.join(os.path.dirname(os.path.abspath(cache_path)), "sentences.sqlite")
    V = dict(zip(src, embed(src, cache=shared)))
    store = EmbeddingCache(cache_path)
    vecs = {}
    for t in df["text"]:
        parts = [p.strip() for p in t.rstrip(".").split(". ") if p.strip()]
        vecs[t] = normalize(np.mean([V[p] for p in parts if p in V] or [V[src[0]]],
                                    axis=0, keepdims=True))[0].astype(np.float32)
    store.put(vecs)


def time_qualkit(df: pd.DataFrame, cache: str | None = None) -> dict:
    from qualkit.themes import ThemeSearch

    t0 = time.perf_counter()
    ts = ThemeSearch(random_state=0, cache=cache).fit(df)
    sec = time.perf_counter() - t0
    return {"seconds": round(sec, 2), "n_themes": int(len(ts.themes_)),
            "per_second": round(len(df) / sec)}


def time_bertopic(df: pd.DataFrame) -> dict | str:
    if importlib.util.find_spec("bertopic") is None:
        return "not installed"
    from bertopic import BERTopic  # pragma: no cover
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline

    emb = make_pipeline(TfidfVectorizer(), TruncatedSVD(100, random_state=0))
    t0 = time.perf_counter()
    BERTopic(embedding_model=emb).fit(df["text"].tolist())
    return {"seconds": round(time.perf_counter() - t0, 2)}


def quality_side_by_side() -> list[dict]:
    """ARI/NMI and wall time of qualkit and BERTopic on the synthetic participant
    utterances, both on the same all-MiniLM-L6-v2 embeddings (computed once, not timed)."""
    import qualkit as qk
    from qualkit.datasets import example_corpus, synthetic_path
    from qualkit.themes import ThemeSearch
    from qualkit.themes._features import embedding_features

    gold = pd.read_csv(synthetic_path() / "gold_themes.csv", dtype={"transcript_id": str})
    n_gold = gold["theme_id"].nunique()
    u = example_corpus().utterances
    u = u[(u["role"] == "participant") & u["text"].str.strip().astype(bool)].reset_index(
        drop=True)
    texts = u["text"].tolist()
    t0 = time.perf_counter()
    emb = embedding_features(texts)
    print(f"embeddings: {len(texts)} utterances in {time.perf_counter() - t0:.1f} s "
          "(shared, not in the times below)")
    rows = []

    def score(name, labels, sec):
        a = u[["transcript_id", "start", "end"]].assign(theme=np.asarray(labels, dtype=int))
        r = qk.evaluate_themes(a, gold).iloc[0]
        rows.append({"method": name, "ari": round(float(r["ari"]), 3),
                     "nmi": round(float(r["nmi"]), 3), "n_themes": int(r["n_themes"]),
                     "outliers": int(r["n_outliers"]), "seconds": round(sec, 2)})
        print(f"{name:<42} ari {r['ari']:.3f}  nmi {r['nmi']:.3f}  themes {int(r['n_themes']):>3}"
              f"  outliers {int(r['n_outliers']):>3}  {sec:.2f} s", flush=True)

    for k in (None, n_gold):
        t0 = time.perf_counter()
        ts = ThemeSearch(n_themes=k, features=emb, n_bootstrap=0, random_state=0).fit(
            pd.DataFrame({"text": texts}))
        score(f"qualkit agglomerative k={'auto' if k is None else k}", ts.labels_,
              time.perf_counter() - t0)
    if importlib.util.find_spec("bertopic") is None:
        print("bertopic: not installed")
        return rows
    from bertopic import BERTopic
    from sklearn.cluster import KMeans
    from umap import UMAP

    def umap():
        return UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                    random_state=0)

    for name, kw in (("BERTopic default (UMAP + HDBSCAN)", {}),
                     (f"BERTopic UMAP + k-means k={n_gold}",
                      {"hdbscan_model": KMeans(n_clusters=n_gold, n_init=4,
                                               random_state=0)})):
        t0 = time.perf_counter()
        topics, _ = BERTopic(umap_model=umap(), **kw).fit_transform(texts, embeddings=emb)
        score(name, topics, time.perf_counter() - t0)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--json", dest="json_out", help="write the results to this JSON file")
    ap.add_argument("--bertopic", action="store_true", help="also time BERTopic if installed")
    ap.add_argument("--embed-sample", type=int, default=2000,
                    help="utterances embedded to measure the one-off embedding cost")
    ap.add_argument("--cache-dir", help="keep the vector caches here (default: a temporary "
                    "folder); a second run then skips filling them")
    ap.add_argument("--quality", action="store_true",
                    help="only: qualkit beside BERTopic on the synthetic gold (ARI, NMI, time)")
    args = ap.parse_args(argv)
    if args.quality:
        rows = quality_side_by_side()
        if args.json_out:
            with open(args.json_out, "w", encoding="utf-8") as fh:
                json.dump(rows, fh, indent=2)
        return 0
    import tempfile

    results = []
    from qualkit.themes import ThemeSearch

    ThemeSearch(n_themes=2, n_bootstrap=0).fit(make_utterances(50))  # warm-up: imports, tables
    print(f"{os.cpu_count()} cores; python {platform.python_version()}")
    cost = embedding_cost(args.embed_sample)
    print(f"one-off embedding cost: {cost['texts']} distinct utterances in {cost['seconds']} s "
          f"({cost['per_second']}/s): about {cost['seconds_per_100k'] / 60:.0f} min per "
          "100,000 texts")
    results.append({"embedding_cost": cost})
    print("theme search, default features (embeddings, cached) and algorithm:")
    print(f"{'n':>8} {'seconds':>8} {'per s':>8} {'themes':>6}  bertopic")
    tmp = args.cache_dir or tempfile.mkdtemp()
    os.makedirs(tmp, exist_ok=True)
    for n in args.sizes:
        df = make_utterances(n)
        cache = os.path.join(tmp, f"vectors_{n}.sqlite")
        if not os.path.exists(cache):
            fill_cache(df, cache)
        r = {"n": n, "qualkit": time_qualkit(df, cache)}
        r["bertopic"] = time_bertopic(df) if args.bertopic else "not run (--bertopic)"
        q = r["qualkit"]
        bt = r["bertopic"] if isinstance(r["bertopic"], str) else f"{r['bertopic']['seconds']} s"
        print(f"{n:>8} {q['seconds']:>8} {q['per_second']:>8} {q['n_themes']:>6}  {bt}")
        results.append(r)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
