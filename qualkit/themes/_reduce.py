"""Reduction before clustering: a spectral map of the extracts' nearest-neighbour graph.

Sentence embeddings of a few hundred to a few thousand short turns cluster poorly as
they are (384 dimensions, every distance alike). As UMAP does, qualkit first builds
the graph of each extract's nearest neighbours (cosine; the mean of that graph and the
graph of the vectors less their mean, :func:`center_vectors`), with fuzzy weights
``exp(-(d - d_nearest) / sigma)`` joined by the fuzzy union ``a + b - ab``, and
then places the extracts by the leading eigenvectors of that graph's normalised
Laplacian (:func:`sklearn.manifold.spectral_embedding`, UMAP's own starting layout),
L2-normalised. It needs no numba and is deterministic for a seed. On the three real
sets and the synthetic study (``benchmarks/THEMES_QUALITY.md``) Ward on this map
matched Ward on a 5-dimensional UMAP (ArgKP ARI 0.22 against 0.16 for the raw
embeddings at the true number of themes).

Below :data:`MIN_N` distinct extracts the vectors are returned unchanged (normalised).
Above :data:`SPECTRAL_MAX_N` extracts the map is fitted on a seeded sample and every
other extract is placed at the weighted mean of its nearest sampled neighbours
(searched in a 50-dimensional PCA of the vectors), so 100,000 extracts cost little more
than the sample.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> X = np.vstack([rng.normal(0, .1, (30, 8)) + np.eye(8)[i] for i in range(3)])
>>> E = spectral_map(X, random_state=0)
>>> E.shape
(90, 5)
>>> from scipy.cluster.hierarchy import fcluster, linkage
>>> lab = fcluster(linkage(E, "ward"), 3, "maxclust")
>>> sorted(np.bincount(lab)[1:].tolist())
[30, 30, 30]
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = ["spectral_map", "center_vectors", "unique_rows", "n_neighbours", "SPECTRAL_DIMENSIONS",
           "SPECTRAL_MAX_N", "MIN_N"]

#: Dimensions of the spectral map.
SPECTRAL_DIMENSIONS = 5
#: Below this many distinct extracts the vectors are used as they are (a graph of ten
#: neighbours each would be nearly complete).
MIN_N = 50
#: Above this many extracts the map is fitted on a sample and extended (the eigensolver
#: factorises the graph: about 4 s for 3,000 extracts, 20 s for 5,000, on 2 cores).
SPECTRAL_MAX_N = 3000


def n_neighbours(n: int) -> int:
    """Neighbours per extract in the graph: ``max(10, round(sqrt(n) / 2))``, below ``n``."""
    return int(min(max(10, round(np.sqrt(n) / 2)), n - 1))


def _fuzzy_graph(X: np.ndarray, k: int):
    import scipy.sparse as sp
    from sklearn.neighbors import NearestNeighbors

    n = X.shape[0]
    d, idx = NearestNeighbors(n_neighbors=k + 1, metric="cosine").fit(X).kneighbors(X)
    d, idx = d[:, 1:], idx[:, 1:]
    d = np.maximum(d, 0.0)
    rho = d[:, :1]
    sigma = np.maximum(d.mean(axis=1, keepdims=True) - rho, 1e-6)
    w = np.exp(-(d - rho) / sigma)
    A = sp.csr_matrix((w.ravel(), (np.repeat(np.arange(n), k), idx.ravel())), shape=(n, n))
    return A + A.T - A.multiply(A.T)


def _connect(A, X: np.ndarray):
    """Join the graph's components by a weak edge at their closest pair of extracts.

    A map of a disconnected graph puts the components' indicator vectors among noise;
    joined weakly, the components stay apart on the map's first axes.
    """
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    n_comp, comp = connected_components(A, directed=False)
    if n_comp <= 1:
        return A
    weak = 1e-3 * float(A.data.min()) if A.nnz else 1e-3
    rows, cols = [], []
    for c in range(n_comp):
        inside, outside = np.flatnonzero(comp == c), np.flatnonzero(comp != c)
        sim = X[inside] @ X[outside].T
        i, j = np.unravel_index(int(np.argmax(sim)), sim.shape)
        rows.append(inside[i])
        cols.append(outside[j])
    B = sp.csr_matrix((np.full(len(rows), weak), (rows, cols)), shape=A.shape)
    return (A + B + B.T).tocsr()


def _spectral(X: np.ndarray, Xc: np.ndarray | None, dims: int, random_state: int
              ) -> np.ndarray:
    from sklearn.manifold import spectral_embedding
    from sklearn.preprocessing import normalize

    n = X.shape[0]
    if n < MIN_N:
        return X
    k = n_neighbours(n)
    A = _fuzzy_graph(X, k)
    if Xc is not None:  # the two views, equally weighted
        A = 0.5 * A + 0.5 * _fuzzy_graph(Xc, k)
    A = _connect(A.tocsr(), X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "graph is not fully connected": still usable
        E = spectral_embedding(A, n_components=dims, random_state=random_state,
                               drop_first=True)
    return normalize(E)


def unique_rows(X: np.ndarray, decimals: int = 6) -> tuple[int, np.ndarray]:
    """How many distinct rows ``X`` has once rounded, and each row's group id.

    As ``np.unique(np.round(X, decimals), axis=0, return_inverse=True)`` groups rows,
    without sorting whole rows (which took most of a minute for 100,000 x 384): rows are
    grouped by two random projections, and each row is checked against its group's
    first row; a collision falls back to ``np.unique``. Group ids follow the first
    occurrence of each row.

    Examples
    --------
    >>> unique_rows(np.array([[1.0, 2.0], [0.5, 0.5], [1.0, 2.0000000001]]))
    (2, array([0, 1, 0]))
    """
    R = np.round(np.asarray(X, dtype=np.float64), decimals)
    if len(R) == 0:
        return 0, np.zeros(0, dtype=np.int64)
    P = np.random.default_rng(12345).normal(size=(R.shape[1], 2))
    h = R @ P
    _, first, inv = np.unique(h, axis=0, return_index=True, return_inverse=True)
    inv = inv.ravel()
    if not np.array_equal(R, R[first[inv]]):  # two different rows, one projection
        _, first, inv = np.unique(R, axis=0, return_index=True, return_inverse=True)
        inv = inv.ravel()
    order = np.argsort(first, kind="stable")  # ids by first occurrence
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return int(len(first)), rank[inv].astype(np.int64)


def center_vectors(X: np.ndarray) -> np.ndarray:
    """The vectors less their mean, L2-normalised (rows that become zero stay zero).

    Extracts of one discussion share its topic: every sentence embedding leans the same
    way (a mean vector of length 0.4-0.8 on the real sets), so cosine neighbours are
    chosen partly by how strongly an extract speaks to the shared topic, and some
    extracts become everyone's neighbours ("hubs"). Removing the mean is the standard
    remedy (Hara et al. 2015; Mu & Viswanath 2018). :func:`spectral_map` joins the
    graph of these vectors with the graph of the vectors as they are.

    Examples
    --------
    >>> import numpy as np
    >>> C = center_vectors(np.array([[1.0, 0.1], [1.0, -0.1]]))
    >>> C.round(3).tolist()
    [[0.0, 1.0], [0.0, -1.0]]
    """
    from sklearn.preprocessing import normalize

    X = np.asarray(X, dtype=np.float64)
    return normalize(X - X.mean(axis=0, keepdims=True))


def spectral_map(X: np.ndarray, *, dims: int = SPECTRAL_DIMENSIONS, random_state: int = 0,
                 max_n: int = SPECTRAL_MAX_N, center: bool = True,
                 _centred: np.ndarray | None = None) -> np.ndarray:
    """The extracts' places on the spectral map of their nearest-neighbour graph.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        Vectors (compared by cosine).
    dims : int, default 5
    random_state : int, default 0
    max_n : int, default :data:`SPECTRAL_MAX_N`
        Above this, fit on a seeded sample of ``max_n`` and extend to the rest.
    center : bool, default True
        The graph is the mean of the neighbour graph of the vectors and that of the
        vectors less their mean (:func:`center_vectors`): on the real sets the centred
        graph alone did better on tweets and patient comments and worse on discussions,
        the two together about as well as the better of them on each
        (``benchmarks/THEMES_QUALITY.md``). False: the vectors' graph alone.

    Returns
    -------
    ndarray of shape (n, dims), rows L2-normalised.
    """
    from sklearn.decomposition import PCA
    from sklearn.neighbors import NearestNeighbors
    from sklearn.preprocessing import normalize

    X = normalize(np.asarray(X, dtype=np.float64))
    Xc = _centred if _centred is not None else (center_vectors(X) if center else None)
    # repeated texts would form cliques that the map separates instead of the topics:
    # map each distinct vector once (centred with every repeat counted)
    n_uniq, inverse = unique_rows(X, decimals=6)
    if n_uniq < len(X):
        first = np.full(n_uniq, -1)
        for i, u in enumerate(inverse.ravel()):
            if first[u] < 0:
                first[u] = i
        keep = np.sort(first)
        pos = {int(u): j for j, u in enumerate(inverse.ravel()[keep])}
        E = spectral_map(X[keep], dims=dims, random_state=random_state, max_n=max_n,
                         center=False, _centred=None if Xc is None else Xc[keep])
        return E[[pos[int(u)] for u in inverse.ravel()]]
    n = X.shape[0]
    if n <= max_n:
        return _spectral(X, Xc, dims, random_state)
    rng = np.random.default_rng(random_state)
    sample = np.sort(rng.choice(n, max_n, replace=False))
    Es = _spectral(X[sample], None if Xc is None else Xc[sample], dims, random_state)
    P = PCA(n_components=min(50, X.shape[1]), random_state=random_state).fit(X[sample])
    Ps, Pa = normalize(P.transform(X[sample])), normalize(P.transform(X))
    k = 10
    d, idx = NearestNeighbors(n_neighbors=k).fit(Ps).kneighbors(Pa)
    w = np.exp(-(d - d[:, :1]) / np.maximum(d.mean(axis=1, keepdims=True) - d[:, :1], 1e-6))
    E = normalize(np.einsum("nk,nkd->nd", w, Es[idx]))
    E[sample] = Es
    return E
