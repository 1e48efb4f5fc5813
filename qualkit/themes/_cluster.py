"""Clustering of extracts into candidate themes: :class:`ThemeSearch`.

Examples
--------
>>> import pandas as pd
>>> from qualkit.themes import ThemeSearch
>>> texts = ["privacy of my records worries me", "my records and my privacy",
...          "privacy matters for records", "research saves lives", "research for cures",
...          "lives saved by research"] * 3
>>> ts = ThemeSearch(n_themes=2, random_state=0).fit(pd.DataFrame({"text": texts}))
>>> sorted(ts.themes_["n_extracts"].tolist())
[9, 9]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, InvalidParameterError, NotFittedError
from ._features import default_features, embedding_features, term_counts, tfidf_features

__all__ = ["ThemeSearch", "SelectionCurve", "SELECTION_COLUMNS", "label_phrase", "THEME_COLUMNS",
           "AGGLOMERATIVE_MAX_N", "LABEL_SAMPLE"]

#: Columns of ``ThemeSearch.themes_`` (and of ``ThemeCandidates.table`` before counts).
THEME_COLUMNS = ["theme", "label", "label_terms", "n_extracts", "stability", "merge_with"]

#: Above this many extracts ``algorithm="agglomerative"`` builds the Ward tree on a seeded
#: sample of this many and gives every other extract the theme of the nearest centroid
#: (Ward linkage needs O(n^2) memory); k-means switches to mini-batch k-means above 20,000.
AGGLOMERATIVE_MAX_N = 5000
_MINIBATCH_N = 20_000
_SELECT_SAMPLE = 3000
#: Above this many extracts the labels' words are counted on a seeded sample of this many.
LABEL_SAMPLE = 10_000
_STABILITY_MAX_N = 3000


def _cluster(X: np.ndarray, algorithm: str, k: int | None, random_state: int,
             min_cluster_size: int | None = None, refine: bool = False) -> np.ndarray:
    from sklearn.cluster import HDBSCAN

    n = X.shape[0]
    if algorithm == "hdbscan":
        mcs = min_cluster_size or max(5, n // 100)
        return HDBSCAN(min_cluster_size=min(mcs, max(2, n // 2)),
                       copy=True).fit_predict(X).astype(int)
    k = max(1, min(k if k is not None else 2, n))
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        # duplicate texts can leave fewer distinct clusters than k: not an error here
        warnings.simplefilter("ignore", ConvergenceWarning)
        labels = _cluster_k(X, algorithm, k, random_state)
        if refine and algorithm == "agglomerative":
            labels = _refine(X, labels, random_state)
        return labels


def _centroids(X: np.ndarray, labels: np.ndarray, ids: Any) -> np.ndarray:
    """The mean row of each theme in ``ids`` (one row per theme; none: shape (0, d)).

    >>> _centroids(np.array([[0.0], [2.0], [5.0]]), np.array([0, 0, 1]), [0, 1]).tolist()
    [[1.0], [5.0]]
    """
    if len(ids) == 0:
        return np.zeros((0, X.shape[1]))
    return np.vstack([X[labels == t].mean(axis=0) for t in ids])


def _refine(X: np.ndarray, labels: np.ndarray, random_state: int = 0) -> np.ndarray:
    """k-means started from the centroids of ``labels``: each extract moves to the theme
    whose centre is nearest.

    Ward never moves an extract once merged, so an early merge can leave it in a theme
    whose centre lies farther from it than another's; on the real sets, moving them
    raised the agreement with the human themes (``benchmarks/THEMES_QUALITY.md``).

    Examples
    --------
    >>> X = np.array([[0.0], [0.1], [0.2], [0.9], [1.0], [1.1]])
    >>> _refine(X, np.array([0, 0, 0, 0, 1, 1])).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    from sklearn.cluster import KMeans

    ids = np.unique(labels[labels >= 0])
    if len(ids) < 2 or len(ids) >= X.shape[0]:
        return labels
    C = _centroids(X, labels, ids)
    out = KMeans(n_clusters=len(ids), init=C, n_init=1,
                 random_state=random_state).fit_predict(X)
    return ids[out].astype(int)


def _cluster_k(X: np.ndarray, algorithm: str, k: int, random_state: int) -> np.ndarray:
    from sklearn.cluster import KMeans, MiniBatchKMeans

    n = X.shape[0]
    if algorithm == "agglomerative":
        if n <= AGGLOMERATIVE_MAX_N:
            return _ward_cut(_ward(X), k)
        return _ward_sample(X, k, random_state)
    if n > _MINIBATCH_N:
        return MiniBatchKMeans(n_clusters=k, random_state=random_state, n_init=3,
                               batch_size=4096).fit_predict(X).astype(int)
    return KMeans(n_clusters=k, random_state=random_state, n_init=4).fit_predict(X).astype(int)


def _ward_sample(X: np.ndarray, k: int, random_state: int,
                 sample: int | None = None) -> np.ndarray:
    """Ward on a seeded sample of :data:`AGGLOMERATIVE_MAX_N` rows; every other row takes
    the theme of the nearest of the sample's centroids (euclidean).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, .1, (300, 2)) + c for c in ([0, 0], [3, 0], [0, 3])])
    >>> lab = _ward_sample(X, 3, 0, sample=60)
    >>> [len(set(lab[i * 300:(i + 1) * 300].tolist())) for i in range(3)], len(set(lab))
    ([1, 1, 1], 3)
    """
    n = X.shape[0]
    m = min(n, sample or AGGLOMERATIVE_MAX_N)
    idx = np.sort(np.random.default_rng(random_state).choice(n, m, replace=False))
    lab_s = _ward_cut(_ward(X[idx]), k)
    ids = np.unique(lab_s)
    C = _centroids(X[idx], lab_s, ids)
    d = (X ** 2).sum(axis=1)[:, None] - 2 * X @ C.T + (C ** 2).sum(axis=1)[None, :]
    out = ids[np.argmin(d, axis=1)].astype(int)
    out[idx] = lab_s
    return out


def _ward(X: np.ndarray) -> np.ndarray:
    """Ward linkage tree (computed once, cut at every k)."""
    from scipy.cluster.hierarchy import linkage

    return linkage(X, method="ward")


def _ward_cut(Z: np.ndarray, k: int) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster

    return fcluster(Z, t=k, criterion="maxclust").astype(int) - 1


class SelectionCurve(pd.DataFrame):
    """``k, score, silhouette, stability`` of each number of themes tried, with ``.plot()``.

    ``score`` is the product of the silhouette (how well the themes are separated) and
    the stability (how alike the themes come out on resamples of the extracts).
    ``attrs["chosen"]`` is the number chosen: among the interior local maxima of the
    curve, the smallest k scoring at least 90% of the best of them (never the top of the
    range unless the curve rises all the way), else the highest score.
    """

    @property
    def _constructor(self) -> type:
        return SelectionCurve

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
        """Draw the score (and its two parts, faintly) against k and mark the chosen k.

        Returns the Axes.
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3.5), constrained_layout=True)
        for part, style in (("silhouette", ":"), ("stability", "--")):
            if part in self and self[part].notna().any():
                ax.plot(self["k"], self[part], ls=style, lw=1, color="grey", label=part)
        ax.plot(self["k"], self["score"], marker="o", ms=3, label="score", **kwargs)
        chosen = self.attrs.get("chosen")
        if chosen is not None and (self["k"] == chosen).any():
            y = float(self.loc[self["k"] == chosen, "score"].iloc[0])
            ax.axvline(chosen, color="grey", ls="--", lw=1)
            ax.annotate(f"chosen: {chosen}", (chosen, y), xytext=(6, 6),
                        textcoords="offset points", fontsize=8)
        ax.set_xlabel("number of themes (k)")
        ax.set_ylabel(self.attrs.get("criterion", "score"))
        ax.set_title("Choosing the number of themes")
        if len(self):
            ax.legend(fontsize=7, frameon=False)
        return ax


SELECTION_COLUMNS = ["k", "score", "silhouette", "stability"]
#: Resamples (80% of the extracts, without replacement) behind the stability of each k.
_SELECT_RESAMPLES = 10


def _empty_selection() -> SelectionCurve:
    return SelectionCurve({c: pd.Series(dtype="int64" if c == "k" else "float64")
                           for c in SELECTION_COLUMNS})


#: A smaller k is preferred to the best peak when its peak scores at least this share of it.
_PARSIMONY = 0.9


def _choose(sel: pd.DataFrame) -> int:
    """The fewest themes among the interior local maxima of the curve that score at least
    :data:`_PARSIMONY` of the best of them; the global best if there is none.

    On the real sets the best peak alone went beyond 2k on 5 of 31 ArgKP topics (high
    k, stable small clusters); preferring the first near-best peak kept 30 of 31 within
    [k/2, 2k] and raised the mean ARI (``benchmarks/THEMES_QUALITY.md``).
    """
    k, s = sel["k"].to_numpy(), sel["score"].to_numpy()
    if len(k) == 0:
        return 1
    inner = [i for i in range(1, len(k) - 1) if s[i] >= s[i - 1] and s[i] >= s[i + 1]]
    if len(k) <= 2 or not inner:
        return int(k[int(np.argmax(s))])
    top = max(s[i] for i in inner)
    return int(k[min(i for i in inner if s[i] >= _PARSIMONY * top)])


def _codes(lab: np.ndarray) -> np.ndarray:
    """Labels as small non-negative ints (empty ids in between change no pair count)."""
    lab = np.asarray(lab).ravel()
    if lab.dtype.kind in "iu" and len(lab):
        lo, hi = int(lab.min()), int(lab.max())
        if hi - lo <= 4 * len(lab):
            return (lab - lo).astype(np.int64)
    return np.unique(lab, return_inverse=True)[1].ravel().astype(np.int64)


def _ari(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index of two labelings, as :func:`sklearn.metrics.adjusted_rand_score`
    (the same pair counts and formula, in integers) without its checks: the selection
    compares thousands of pairs.

    Examples
    --------
    >>> from sklearn.metrics import adjusted_rand_score
    >>> a, b = [0, 0, 1, 1, 2, 2], [1, 1, 0, 0, 0, 2]
    >>> _ari(np.array(a), np.array(b)) == adjusted_rand_score(a, b)
    True
    """
    a, b = _codes(a), _codes(b)
    n, kb = len(a), int(b.max()) + 1 if len(b) else 1
    C = np.bincount(a * kb + b, minlength=(int(a.max()) + 1 if len(a) else 1) * kb)
    C = C.reshape(-1, kb).astype(np.int64)
    nc, nk = C.sum(axis=1), C.sum(axis=0)
    ss = int((C ** 2).sum())
    tp, fp, fn = ss - n, int((C @ nk).sum()) - ss, int((C.T @ nc).sum()) - ss
    tn = n * n - fp - fn - ss
    if fn == 0 and fp == 0:
        return 1.0
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))


def _silhouettes(X: np.ndarray, labelings: list[np.ndarray], metric: str) -> np.ndarray:
    """Mean silhouette of each labeling of ``X``, as :func:`sklearn.metrics.silhouette_score`
    (a single-member cluster scores 0; -1 for fewer than two clusters), from one distance
    matrix and one product per labeling instead of the distances again for each.

    Examples
    --------
    >>> from sklearn.metrics import silhouette_score
    >>> X = np.random.default_rng(0).normal(size=(40, 3))
    >>> lab = np.arange(40) % 3
    >>> bool(abs(_silhouettes(X, [lab], "euclidean")[0] - silhouette_score(X, lab)) < 1e-12)
    True
    """
    from sklearn.metrics import pairwise_distances

    D = pairwise_distances(X, metric=metric)
    n = X.shape[0]
    rows = np.arange(n)
    out = []
    for lab in labelings:
        lab = np.unique(lab, return_inverse=True)[1].ravel()
        k = int(lab.max()) + 1 if n else 0
        if k < 2:
            out.append(-1.0)
            continue
        M = np.zeros((n, k))
        M[rows, lab] = 1.0
        S = D @ M
        size = M.sum(axis=0)
        a = S[rows, lab] / np.maximum(size[lab] - 1, 1)
        mean = S / size
        mean[rows, lab] = np.inf
        b = mean.min(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            s = (b - a) / np.maximum(a, b)
        s[size[lab] == 1] = 0.0
        out.append(float(np.nan_to_num(s).mean()))
    return np.asarray(out)


def _stability_curve(X: np.ndarray, ks: list[int], cut: Any, random_state: int,
                     n_resamples: int = _SELECT_RESAMPLES) -> np.ndarray:
    """Mean ARI between the k-theme partitions of pairs of 80% resamples (on the
    extracts both hold), for every k of ``ks``; ``cut(X_sub, ks)`` partitions."""
    n = X.shape[0]
    rng = np.random.default_rng(random_state + 7919)
    m = max(2, int(0.8 * n))
    runs = []
    for _ in range(n_resamples):
        idx = np.sort(rng.choice(n, m, replace=False))
        full = np.full((len(ks), n), -1)
        for j, lab in enumerate(cut(X[idx], ks)):
            full[j, idx] = lab
        runs.append(full)
    out = np.zeros(len(ks))
    for j in range(len(ks)):
        vals = []
        for a in range(n_resamples):
            for b in range(a + 1, n_resamples):
                both = (runs[a][j] >= 0) & (runs[b][j] >= 0)
                vals.append(_ari(runs[a][j][both], runs[b][j][both]))
        out[j] = float(np.mean(vals)) if vals else np.nan
    return out


def _select_k(X: np.ndarray, algorithm: str, k_range: range, random_state: int,
              metric: str = "cosine", stability: bool = True) -> tuple[int, SelectionCurve]:
    """Choose k by silhouette x stability on a seeded sample of at most 3,000 extracts.

    The silhouette alone often peaks at a small k on real talk (its scores are close
    together); the stability, alone, at the smallest or the largest. Their product
    chose the number within [k/2, 2k] on every real set and raised ARI over the
    silhouette alone (``benchmarks/THEMES_QUALITY.md``).
    """
    rng = np.random.default_rng(random_state)
    n = X.shape[0]
    idx = np.sort(rng.choice(n, _SELECT_SAMPLE, replace=False)) if n > _SELECT_SAMPLE \
        else np.arange(n)
    Xs = X[idx]
    ks = [k for k in k_range if k < len(idx)]
    ward = algorithm == "agglomerative" and len(idx) <= AGGLOMERATIVE_MAX_N

    def cut(Y: np.ndarray, kk: list[int]) -> list[np.ndarray]:
        if ward:
            Z = _ward(Y)
            return [_ward_cut(Z, k) for k in kk]
        return [_cluster(Y, algorithm, k, random_state) for k in kk]

    if not ks:
        sel = _empty_selection()
        sel.attrs.update(criterion="silhouette x stability", chosen=1)
        return 1, sel
    labs = cut(Xs, ks)
    sil = _silhouettes(Xs, labs, metric)
    stab = _stability_curve(Xs, ks, cut, random_state) if stability \
        else np.full(len(ks), np.nan)
    # a negative silhouette times a stability would rank a worse k higher
    score = np.where(sil > 0, sil, 0.0) * np.clip(stab, 0.0, None) if stability else sil
    sel = SelectionCurve({"k": np.asarray(ks, dtype="int64"), "score": score,
                          "silhouette": sil, "stability": stab}, columns=SELECTION_COLUMNS)
    sel.attrs["criterion"] = "silhouette x stability" if stability else "silhouette"
    best = _choose(sel)
    sel.attrs["chosen"] = best
    return best, sel


def _ctfidf_terms(counts: Any, vocab: np.ndarray, labels: np.ndarray, themes: list[int],
                  n_terms: int = 6, exclude: set[str] | frozenset[str] = frozenset()
                  ) -> dict[int, list[str]]:
    """Class-based TF-IDF (BERTopic's c-TF-IDF): top terms of each theme.

    Terms are left out when they hold a word of ``exclude`` (names), an apostrophe
    (contractions) or anything but letters, and, with three themes or more, when every
    theme uses them (they tell the themes apart from nothing).
    """
    import scipy.sparse as sp

    if counts is None or vocab is None or counts.shape[1] == 0:
        return {t: [] for t in themes}
    rows = []
    for t in themes:
        rows.append(np.asarray(counts[labels == t].sum(axis=0)).ravel())
    C = np.vstack(rows) if rows else np.zeros((0, counts.shape[1]))
    if sp.issparse(C):  # pragma: no cover
        C = C.toarray()
    tf = C / np.maximum(C.sum(axis=1, keepdims=True), 1e-12)
    avg = C.sum() / max(len(themes), 1)
    idf = np.log(1 + avg / np.maximum(C.sum(axis=0), 1e-12))
    score = tf * idf
    shared = (C > 0).all(axis=0) if len(themes) >= 3 else np.zeros(C.shape[1], bool)
    ok = np.array([not shared[j] and all(w.isalpha() and w not in exclude
                                         for w in str(v).split())
                   for j, v in enumerate(vocab)], dtype=bool)
    out = {}
    for i, t in enumerate(themes):
        order = np.lexsort((vocab.astype(str), -score[i]))
        picked: list[str] = []
        for j in order:
            if score[i, j] <= 0 or len(picked) >= n_terms:
                break
            if not ok[j]:
                continue
            term = str(vocab[j])
            # a bigram whose words are both picked already adds nothing; a unigram inside
            # a picked bigram neither
            have = {w for p in picked for w in p.split()}
            if any(term in p.split() for p in picked) or (" " in term
                                                          and set(term.split()) <= have):
                continue
            picked.append(term)
        out[t] = picked
    return out


def label_phrase(terms: list[str]) -> str:
    """A short name for a theme from its terms: its first two-word term, else its first
    two terms joined with " / ".

    Examples
    --------
    >>> label_phrase(["consent", "opt out", "ask"])
    'opt out'
    >>> label_phrase(["profit", "company", "sell"])
    'profit / company'
    """
    two = [t for t in terms if " " in t]
    return two[0] if two else " / ".join(terms[:2])


class ThemeSearch:
    """Search for candidate themes by clustering extracts (estimator-style).

    Parameters
    ----------
    n_themes : int or None, default=None
        Number of themes. ``None`` chooses it over ``k_range`` by the silhouette times
        the stability across resamples (on the spectral map when there is one): the
        first interior peak of the curve within 90% of its best, else its maximum (the
        scores are in ``selection_``); ignored by ``"hdbscan"``.
    features : {"embeddings", "tfidf"}, ndarray or None, default=None
        ``"embeddings"``: all-MiniLM-L6-v2 sentence embeddings (:mod:`qualkit.embeddings`,
        offline). ``"tfidf"``: TF-IDF on lemmas (uni- and bigrams), truncated SVD to 100
        dimensions, L2-normalised. An array of shape (n_extracts, d): your own vectors.
        None: embeddings, or TF-IDF with a warning (W601) if the model's packages are
        missing.
    algorithm : {"agglomerative", "kmeans", "hdbscan"}, default="agglomerative"
        Ward agglomerative clustering (above :data:`AGGLOMERATIVE_MAX_N` extracts, on a
        seeded sample of that many, the rest to the nearest centroid), k-means
        (mini-batch above 20,000) or
        HDBSCAN (outliers get theme -1).
    reduce : {"auto", "spectral", None}, default="auto"
        ``"spectral"``: cluster on the spectral map of the extracts' nearest-neighbour
        graph (:func:`qualkit.themes._reduce.spectral_map`); ``"auto"`` does so for
        ``"embeddings"`` and ``"tfidf"`` (not for your own array); None clusters the
        vectors as they are.
    k_range : tuple of int, default=(2, 30)
        Smallest and largest k tried when ``n_themes`` is None (on a map, at most
        ``n // 5``).
    n_bootstrap : int, default=20
        Bootstrap resamples for ``stability_`` (0 to skip).
    random_state : int, default=0
        Seed of every random step; the same input and seed give the same output.
    cache : EmbeddingCache or None, default=None
        Where embeddings of texts already seen are kept (a project passes its own).
    refine : bool, default=True
        After Ward, move each extract to the theme whose centre is nearest (k-means
        started from the Ward themes' centroids, one run); on the real sets this raised
        the agreement with human themes (``benchmarks/THEMES_QUALITY.md``). False keeps
        Ward's cut as it is. Ignored by ``"kmeans"`` and ``"hdbscan"``.
    context : float, default=0.3
        With ``"embeddings"`` and a ``context`` column in the extracts (the text each
        was said in answer to: :func:`suggest_themes` gives a participant's turn the
        facilitator's latest question), each extract's vector is its own plus
        ``context`` times its context's, normalised. In a discussion the question
        frames the answer; on four 60-turn discussions (two written after this was
        chosen) this raised the agreement with the themes meant from a mean ARI of
        0.19 to 0.42 (``benchmarks/THEMES_QUALITY.md``). 0 leaves the vectors as they
        are; extracts with an empty context are unchanged.

    Notes
    -----
    Large inputs are handled on seeded samples, so 100,000 extracts with cached
    embeddings take about a minute on 2 cores (``benchmarks/themes.py``): the spectral
    map is fitted on 3,000 extracts and extended to the rest by their nearest sampled
    neighbours; k is chosen on 3,000; the stability is measured on 3,000; the labels'
    words are counted on :data:`LABEL_SAMPLE` and names looked for in 5,000. Every
    extract gets a theme (Ward on a sample of :data:`AGGLOMERATIVE_MAX_N` and the nearest
    centroid for the rest).

    Attributes
    ----------
    labels_ : ndarray of shape (n_extracts,)
        Theme of each extract (0 is the largest theme; -1 an outlier).
    themes_ : DataFrame
        One row per theme, columns ``theme, label_terms, n_extracts, stability,
        merge_with``, ordered by size, then label.
    stability_ : ndarray of shape (n_themes,)
        Mean Jaccard similarity of each theme to its best match in bootstrap refits.
    selection_ : SelectionCurve
        ``k, score, silhouette, stability`` of each k tried (``score`` is the product),
        ``.plot()``, ``attrs["chosen"]``; empty when ``n_themes`` was given.
    features_ : ndarray
        The feature vectors used (``features_used_`` names them).
    embedding_ : ndarray
        What was clustered: the spectral map (``reduce_used_ == "spectral"``) or
        ``features_``.
    """

    def __init__(self, n_themes: int | None = None, *,
                 features: str | np.ndarray | None = None, algorithm: str = "agglomerative",
                 reduce: str | None = "auto", k_range: tuple[int, int] = (2, 30),
                 n_bootstrap: int = 20, random_state: int = 0, cache: Any = None,
                 refine: bool = True, context: float = 0.3) -> None:
        self.n_themes = n_themes
        self.features = features
        self.algorithm = algorithm
        self.reduce = reduce
        self.k_range = k_range
        self.n_bootstrap = n_bootstrap
        self.random_state = random_state
        self.cache = cache
        self.refine = refine
        self.context = context

    # ------------------------------------------------------------------ helpers
    def _validate(self, n: int) -> None:
        from .._validation import check_option

        check_option(self.algorithm, ["agglomerative", "kmeans", "hdbscan"],
                     param="algorithm", caller="ThemeSearch")
        check_option(self.reduce, ["auto", "spectral", None], param="reduce",
                     caller="ThemeSearch")
        if not isinstance(self.features, np.ndarray):
            check_option(self.features, [None, "tfidf", "embeddings"], param="features",
                         caller="ThemeSearch")
        elif self.features.ndim != 2 or self.features.shape[0] != n:
            raise InvalidParameterError(Errors.Q602.format(
                caller="ThemeSearch.fit", problem=f"features has shape {self.features.shape}",
                expected=f"an array of shape ({n}, d), one row per extract"))
        if self.n_themes is not None and (not isinstance(self.n_themes, (int, np.integer))
                                          or self.n_themes < 1):
            raise InvalidParameterError(Errors.Q001.format(
                param="n_themes", caller="ThemeSearch", expected="None or an int >= 1",
                found=self.n_themes))
        if n < 2:
            raise InvalidParameterError(Errors.Q602.format(
                caller="ThemeSearch.fit", problem=f"only {n} extract(s) to cluster",
                expected="at least 2 extracts with text"))

    def _with_context(self, extracts: pd.DataFrame, X: np.ndarray) -> np.ndarray:
        """Add ``context`` times the vector of each extract's context (see the class)."""
        self.context_used_ = False
        if not self.context or "context" not in extracts.columns:
            return X
        ctx = extracts["context"].fillna("").astype(str).str.strip().to_numpy()
        has = ctx != ""
        if not has.any():
            return X
        from sklearn.preprocessing import normalize

        uniq, inverse = np.unique(ctx[has], return_inverse=True)
        C = embedding_features(uniq.tolist(), cache=self.cache)
        X = np.array(X, dtype=np.float64, copy=True)
        X[has] += float(self.context) * C[inverse]
        self.context_used_ = True
        return normalize(X)

    def _check_fitted(self, attr: str) -> None:
        if not hasattr(self, "labels_"):
            raise NotFittedError(Errors.Q601.format(name=type(self).__name__, attr=attr))

    def __getattr__(self, name: str) -> Any:
        if name.endswith("_") and not name.startswith("_"):
            raise NotFittedError(Errors.Q601.format(name=type(self).__name__, attr=name))
        raise AttributeError(name)

    # ------------------------------------------------------------------ fit
    def fit(self, extracts: pd.DataFrame, y: Any = None) -> ThemeSearch:
        """Cluster ``extracts`` (a DataFrame with a ``text`` column); return ``self``."""
        from .._validation import check_columns

        check_columns(extracts, ["text"], caller="ThemeSearch.fit")
        texts = extracts["text"].fillna("").astype(str).tolist()
        self._texts = texts
        n = len(texts)
        self._validate(n)
        counts = vocab = None
        feats = self.features
        if feats is None:
            feats = default_features()
        self.features_used_ = "array" if isinstance(feats, np.ndarray) else feats
        if isinstance(feats, np.ndarray):
            from sklearn.preprocessing import normalize

            X = normalize(np.asarray(feats, dtype=np.float64))
        elif feats == "embeddings":
            X = self._with_context(extracts, embedding_features(texts, cache=self.cache))
        else:
            X, counts, vocab = tfidf_features(texts, random_state=self.random_state)
        self._count_rows = None
        if counts is None:  # words for the labels, from a seeded sample of large inputs
            if n > LABEL_SAMPLE:
                self._count_rows = np.sort(np.random.default_rng(self.random_state).choice(
                    n, LABEL_SAMPLE, replace=False))
                counts, vocab = term_counts([texts[i] for i in self._count_rows])
            else:
                counts, vocab = term_counts(texts)
        self.features_ = X
        self._counts, self._vocab = counts, vocab
        reduce = self.reduce
        if reduce == "auto":
            # TF-IDF too: on the real sets and the synthetic study its map chose fewer,
            # truer themes than its vectors (benchmarks/THEMES_QUALITY.md)
            reduce = "spectral" if isinstance(feats, str) else None
        self.reduce_used_ = reduce
        if reduce == "spectral":
            from ._reduce import spectral_map

            R = spectral_map(X, random_state=self.random_state)
        else:
            R = X
        self.embedding_ = R
        self.selection_ = _empty_selection()
        k = self.n_themes
        if self.algorithm != "hdbscan" and k is None:
            lo, hi = self.k_range
            from ._reduce import unique_rows

            n_distinct = unique_rows(X, decimals=9)[0]
            hi = min(hi, n - 1, n_distinct)
            if reduce:  # themes of at least five extracts on average
                hi = min(hi, max(lo, n // 5))
            # suggest_themes(unit="coding") turns the stability off: resampling a few
            # dozen codes drops whole codes, and every small k looks unstable
            k, self.selection_ = _select_k(R, self.algorithm, range(lo, hi + 1),
                                           self.random_state,
                                           metric="euclidean" if reduce else "cosine",
                                           stability=getattr(self, "_k_stability", True))
        # suggest_themes(unit="coding") sets 2: a theme of codes can be two codes
        self._mcs = getattr(self, "_min_cluster_size", None)
        raw = _cluster(R, self.algorithm, k, self.random_state, self._mcs, self.refine)
        self._k = k
        self._finish(raw, counts, vocab)
        return self

    def _finish(self, raw: np.ndarray, counts: Any, vocab: Any) -> None:
        X = self.features_
        ids = sorted(set(raw.tolist()) - {-1})
        from ._features import name_like_words

        names = name_like_words(self._texts) if getattr(self, "_texts", None) else set()
        rows = getattr(self, "_count_rows", None)
        terms = _ctfidf_terms(counts, vocab, raw if rows is None else raw[rows], ids,
                              exclude=names)
        # deterministic order: by size (descending), then by label terms
        order = sorted(ids, key=lambda t: (-(raw == t).sum(), " ".join(terms[t]), t))
        remap = {old: new for new, old in enumerate(order)}
        labels = np.array([remap.get(v, -1) for v in raw.tolist()], dtype=int)
        self.labels_ = labels
        self.stability_ = self._stability(X, labels)
        cents = _centroids(X, labels, range(len(order)))
        self.centroids_ = cents
        rows = []
        term_lists = [terms[old] for old in order]
        for t, old in enumerate(order):
            rows.append((t, label_phrase(terms[old]), ", ".join(terms[old]),
                         int((labels == t).sum()),
                         float(self.stability_[t]) if len(self.stability_) else np.nan,
                         _near_duplicates(t, cents, term_lists)))
        self.themes_ = pd.DataFrame(rows, columns=THEME_COLUMNS)

    def _stability(self, X: np.ndarray, labels: np.ndarray) -> np.ndarray:
        X = getattr(self, "embedding_", X)
        """Bootstrap: refit on resamples, Jaccard of each theme to its best match."""
        themes = sorted(set(labels.tolist()) - {-1})
        if not themes or self.n_bootstrap <= 0:
            return np.full(len(themes), np.nan)
        rng = np.random.default_rng(self.random_state)
        n = X.shape[0]
        base = np.arange(n)
        if n > _STABILITY_MAX_N:  # stability on a seeded sample for large inputs
            base = np.sort(rng.choice(n, _STABILITY_MAX_N, replace=False))
        n_boot = self.n_bootstrap if n <= _STABILITY_MAX_N else max(5, self.n_bootstrap // 4)
        scores = np.zeros((n_boot, len(themes)))
        for b in range(n_boot):
            idx = np.unique(rng.choice(base, len(base), replace=True))
            k = self._k if self._k is not None else len(themes)
            lab_b = _cluster(X[idx], self.algorithm, k, self.random_state + b + 1, self._mcs,
                             self.refine)
            orig = labels[idx]
            for i, t in enumerate(themes):
                a = orig == t
                if not a.any():
                    scores[b, i] = np.nan
                    continue
                best = 0.0
                for c in set(lab_b.tolist()) - {-1}:
                    m = lab_b == c
                    j = (a & m).sum() / (a | m).sum()
                    best = max(best, j)
                scores[b, i] = best
        with np.errstate(all="ignore"):
            out = np.nanmean(np.where(np.isnan(scores), np.nan, scores), axis=0) \
                if not np.isnan(scores).all() else np.full(len(themes), np.nan)
        return np.round(out, 6)

    # ------------------------------------------------------------------ use
    def transform(self, extracts: pd.DataFrame | None = None) -> np.ndarray:
        """Cosine similarity of each fitted extract to each theme centroid."""
        self._check_fitted("transform")
        from sklearn.preprocessing import normalize

        return self.features_ @ normalize(self.centroids_).T

    def fit_predict(self, extracts: pd.DataFrame, y: Any = None) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(extracts).labels_

    def __repr__(self) -> str:
        feats = "array" if isinstance(self.features, np.ndarray) else repr(self.features)
        return (f"ThemeSearch(n_themes={self.n_themes!r}, features={feats}, "
                f"algorithm={self.algorithm!r}, random_state={self.random_state!r})")


def _near_duplicates(t: int, cents: np.ndarray, term_lists: list[list[str]],
                     cos_min: float = 0.9, terms_min: float = 0.5) -> str:
    """Themes that look like the same theme: centroid cosine >= 0.9 or label-term Jaccard >= 0.5."""
    from sklearn.preprocessing import normalize

    if len(cents) < 2:
        return ""
    C = normalize(cents)
    out = []
    for u in range(len(cents)):
        if u == t:
            continue
        a, b = set(term_lists[t]), set(term_lists[u])
        jac = len(a & b) / len(a | b) if a | b else 0.0
        if float(C[t] @ C[u]) >= cos_min or jac >= terms_min:
            out.append(str(u))
    return ",".join(out)
