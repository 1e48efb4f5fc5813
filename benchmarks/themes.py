"""Theme-search speed: a scale curve at 1k, 10k and 100k utterances (default features).

Utterances are made by recombining the synthetic study's participant utterances
(sentences shuffled across utterances, seeded) when the data set is installed, else
from a small topic vocabulary. The clock covers what ``suggest_themes`` does after
reading the utterance table: lemmas, TF-IDF, SVD, choosing k, clustering, labels and
bootstrap stability (``ThemeSearch(random_state=0).fit(extracts)``).

Usage::

    python benchmarks/themes.py                       # 1000, 10000, 100000
    python benchmarks/themes.py --sizes 1000 10000 --json out.json
    python benchmarks/themes.py --bertopic            # also BERTopic, if installed
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


def time_qualkit(df: pd.DataFrame) -> dict:
    from qualkit.themes import ThemeSearch

    t0 = time.perf_counter()
    ts = ThemeSearch(random_state=0).fit(df)
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--json", dest="json_out", help="write the results to this JSON file")
    ap.add_argument("--bertopic", action="store_true", help="also time BERTopic if installed")
    args = ap.parse_args(argv)
    results = []
    from qualkit.themes import ThemeSearch

    ThemeSearch(n_themes=2, n_bootstrap=0).fit(make_utterances(50))  # warm-up: imports, tables
    print(f"theme search, default features (tfidf) and algorithm; {os.cpu_count()} cores; "
          f"python {platform.python_version()}")
    print(f"{'n':>8} {'seconds':>8} {'per s':>8} {'themes':>6}  bertopic")
    for n in args.sizes:
        df = make_utterances(n)
        r = {"n": n, "qualkit": time_qualkit(df)}
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
