"""Large inputs: the selection's fast metrics equal scikit-learn's; the labels' words are
counted on a seeded sample above LABEL_SAMPLE extracts while every extract is clustered.
(Speed itself is measured in ``benchmarks/themes.py``, never asserted here.)"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score, silhouette_score

from qualkit.themes import ThemeSearch
from qualkit.themes import _cluster
from qualkit.themes._features import name_like_words

labelings = st.integers(2, 60).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 6), min_size=n, max_size=n),
    st.lists(st.integers(0, 9), min_size=n, max_size=n)))


@settings(max_examples=300, deadline=None)
@given(labelings)
def test_themes_fast_ari_equals_scikit_learn(pair):
    a, b = (np.asarray(x) for x in pair)
    assert _cluster._ari(a, b) == adjusted_rand_score(a, b)
    assert _cluster._ari(a * 7 + 3, b) == adjusted_rand_score(a, b)  # any label values


@settings(max_examples=150, deadline=None)
@given(st.integers(3, 40), st.integers(2, 6), st.integers(0, 10_000),
       st.sampled_from(["euclidean", "cosine"]))
def test_themes_fast_silhouettes_equal_scikit_learn(n, k, seed, metric):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    labs = [rng.integers(0, k, n), rng.integers(0, 2, n), np.zeros(n, int)]
    got = _cluster._silhouettes(X, labs, metric)
    for g, lab in zip(got, labs):
        n_labels = len(set(lab.tolist()))
        if n_labels < 2:
            assert g == -1.0
        elif n_labels < n:  # scikit-learn's range (k is always below n in the selection)
            assert g == pytest.approx(silhouette_score(X, lab, metric=metric), abs=1e-12)


def _blobs(n_per: int, seed: int = 0) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    words = [["harbour", "boats", "fishing"], ["library", "books", "reading"],
             ["buses", "timetable", "fares"]]
    X, texts = [], []
    for i, ws in enumerate(words):
        X.append(rng.normal(0, 0.05, (n_per, 6)) + np.eye(6)[i])
        texts += [f"the {ws[j % 3]} and the {ws[(j + 1) % 3]} near us" for j in range(n_per)]
    return np.vstack(X), texts


def test_themes_labels_of_large_inputs_are_counted_on_a_seeded_sample(monkeypatch):
    X, texts = _blobs(150)
    df = pd.DataFrame({"text": texts})
    full = ThemeSearch(n_themes=3, features=X, n_bootstrap=0).fit(df)
    assert full._count_rows is None and full._counts.shape[0] == 450
    monkeypatch.setattr(_cluster, "LABEL_SAMPLE", 120)
    a = ThemeSearch(n_themes=3, features=X, n_bootstrap=0).fit(df)
    b = ThemeSearch(n_themes=3, features=X, n_bootstrap=0).fit(df)
    assert a._counts.shape[0] == len(a._count_rows) == 120
    assert len(set(a._count_rows.tolist())) == 120
    np.testing.assert_array_equal(a._count_rows, b._count_rows)  # seeded
    # every extract is clustered; the sample only names the themes, and names them alike
    assert adjusted_rand_score(a.labels_, full.labels_) == 1.0
    pd.testing.assert_frame_equal(a.themes_, b.themes_)
    got = {frozenset(t.split(", ")[:3]) for t in a.themes_["label_terms"]}
    want = {frozenset(t.split(", ")[:3]) for t in full.themes_["label_terms"]}
    assert got == want


def test_themes_names_are_looked_for_in_a_sample_of_large_inputs():
    texts = [f"I rang Okafor about the {w}." for w in ("bins", "bus", "park")] * 40
    assert name_like_words(texts) == name_like_words(texts, max_texts=50) == {"okafor"}
    assert name_like_words(texts, max_texts=len(texts)) == name_like_words(texts)


def test_themes_ward_on_a_sample_gives_every_extract_a_theme(monkeypatch):
    X, texts = _blobs(150, seed=1)
    df = pd.DataFrame({"text": texts})
    full = ThemeSearch(n_themes=3, features=X, n_bootstrap=0).fit(df)
    monkeypatch.setattr(_cluster, "AGGLOMERATIVE_MAX_N", 90)
    calls = []
    ward = _cluster._ward
    monkeypatch.setattr(_cluster, "_ward", lambda Y: calls.append(len(Y)) or ward(Y))
    part = ThemeSearch(n_themes=3, features=X, n_bootstrap=0).fit(df)
    assert calls and max(calls) == 90  # the tree is built on the sample only
    assert len(part.labels_) == 450 and (part.labels_ >= 0).all()
    assert adjusted_rand_score(full.labels_, part.labels_) == 1.0
    again = ThemeSearch(n_themes=3, features=X, n_bootstrap=0).fit(df)
    np.testing.assert_array_equal(part.labels_, again.labels_)
