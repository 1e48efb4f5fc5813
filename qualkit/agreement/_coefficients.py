"""Agreement coefficients on ratings shaped (n_coders, n_units); np.nan marks a missing rating."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import AgreementError, Errors, InvalidParameterError, QualkitWarning

__all__ = ["percent_agreement", "cohen_kappa", "scott_pi", "fleiss_kappa", "gwet_ac1",
           "gwet_ac2", "brennan_prediger", "krippendorff_alpha", "from_counts",
           "DegenerateAgreementWarning"]

Level = Literal["nominal", "ordinal", "interval", "ratio"]


class DegenerateAgreementWarning(QualkitWarning):
    """A coefficient is undefined for these ratings (no variance, too few units)."""


def _warn(coefficient: str, reason: str) -> float:
    """Warn that ``coefficient`` is undefined and why; return NaN."""
    warnings.warn(Errors.Q309.format(caller="qualkit.agreement", coefficient=coefficient,
                                     reason=reason), DegenerateAgreementWarning, stacklevel=3)
    return float("nan")


def _codes(data: Any, categories: Sequence[Any] | None, caller: str,
           need_order: bool = False) -> tuple[np.ndarray, list[Any]]:
    """Integer codes (-1 = missing) shaped like ``data`` and the category list."""
    arr = np.asarray(data, dtype=object)
    if arr.ndim != 2:
        raise AgreementError(Errors.Q301.format(caller=caller, ndim=arr.ndim, shape=arr.shape))
    if arr.shape[0] < 2:
        raise AgreementError(Errors.Q302.format(caller=caller, found=arr.shape[0]))
    flat = arr.ravel()
    missing = np.array([v is None or (isinstance(v, float) and np.isnan(v)) for v in flat])
    present = flat[~missing]
    if categories is None:
        try:
            cats = sorted(set(present.tolist()))
        except TypeError:
            raise AgreementError(Errors.Q303.format(
                caller=caller, found=sorted({type(v).__name__ for v in present}))) from None
        if need_order and any(isinstance(c, str) for c in cats):
            raise AgreementError(Errors.Q304.format(
                caller=caller, what="a weighted or non-nominal coefficient", found=cats[:10]))
    else:
        cats = list(categories)
        unknown = set(present.tolist()) - set(cats)
        if unknown:
            raise AgreementError(Errors.Q305.format(
                caller=caller, found=sorted(map(str, unknown))[:5], categories=cats))
    index = {c: i for i, c in enumerate(cats)}
    codes = np.full(flat.shape, -1, dtype=np.int64)
    codes[~missing] = [index[v] for v in present.tolist()]
    return codes.reshape(arr.shape), cats


def _fast_codes(data: Any, categories: Sequence[Any] | None, caller: str,
                need_order: bool = False) -> tuple[np.ndarray, list[Any]]:
    """Vectorised path for numeric arrays; falls back to :func:`_codes` otherwise."""
    try:
        arr = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        return _codes(data, categories, caller, need_order)
    if arr.ndim != 2 or arr.shape[0] < 2:
        return _codes(data, categories, caller, need_order)
    miss = np.isnan(arr)
    if categories is None:
        fast = _small_integer_codes(arr, miss)
        if fast is not None:
            return fast
        cats_arr = np.unique(arr[~miss])
    else:
        cats_arr = np.asarray(list(categories), dtype=float)
        if np.any(~np.isin(arr[~miss], cats_arr)):
            return _codes(data, categories, caller, need_order)
    codes = np.searchsorted(np.sort(cats_arr), np.where(miss, cats_arr[0] if len(cats_arr) else 0, arr))
    if categories is not None:
        order = np.argsort(cats_arr)
        codes = order[codes] if len(cats_arr) else codes
        cats = list(categories)
    else:
        cats = cats_arr.tolist()
    codes = np.where(miss, -1, codes).astype(np.int64)
    return codes, cats


def _small_integer_codes(arr: np.ndarray, miss: np.ndarray
                         ) -> tuple[np.ndarray, list[Any]] | None:
    """Codes for whole-number ratings in a small range, without sorting (None otherwise)."""
    present = arr[~miss]
    if present.size == 0:
        return None
    lo, hi = float(present.min()), float(present.max())
    if hi - lo > 100_000 or not np.array_equal(present, np.floor(present)):
        return None
    idx = np.where(miss, 0, arr - lo).astype(np.int64)
    used = np.bincount(idx[~miss], minlength=int(hi - lo) + 1) > 0
    lut = np.cumsum(used) - 1
    codes = np.where(miss, -1, lut[idx])
    cats = (np.flatnonzero(used) + lo).tolist()
    return codes, cats


def _coincidences(codes: np.ndarray, q: int) -> np.ndarray:
    """Krippendorff's coincidence matrix o (q x q) from integer codes (-1 = missing).

    Each unit with m >= 2 ratings adds every ordered pair of its values with weight
    1 / (m - 1). With few coders the pairs are counted directly (one weighted
    bincount per pair of coders, O(n_units) memory); with many, through per-unit
    value counts and one matrix product.
    """
    valid = codes >= 0
    m = valid.sum(0)
    w = np.where(m >= 2, 1.0 / np.maximum(m - 1, 1), 0.0)
    n_coders = codes.shape[0]
    if n_coders <= 8:
        o = np.zeros(q * q)
        for i in range(n_coders):
            for j in range(i + 1, n_coders):
                ok = valid[i] & valid[j]
                o += np.bincount(codes[i, ok] * q + codes[j, ok], weights=w[ok], minlength=q * q)
        o = o.reshape(q, q)
        return o + o.T
    counts = _counts(codes, q)
    keep = m >= 2
    counts, wk = counts[keep], w[keep]
    o = counts.T @ (counts * wk[:, None])
    o -= np.diag((counts * wk[:, None]).sum(0))
    return o


def _counts(codes: np.ndarray, q: int) -> np.ndarray:
    """(n_units, q) number of coders who put each unit in each category."""
    n_units = codes.shape[1]
    ok = codes >= 0
    unit = np.broadcast_to(np.arange(n_units), codes.shape)[ok]
    flat = unit * q + codes[ok]
    return np.bincount(flat, minlength=n_units * q).reshape(n_units, q).astype(np.float64)


def _weights(q: int, weights: str | None, values: np.ndarray | None = None) -> np.ndarray:
    if weights is None:
        return np.eye(q)
    i = np.arange(q)[:, None].astype(float)
    j = np.arange(q)[None, :].astype(float)
    if q == 1:
        return np.ones((1, 1))
    if weights == "linear":
        return 1 - np.abs(i - j) / (q - 1)
    if weights == "quadratic":
        return 1 - (i - j) ** 2 / (q - 1) ** 2
    raise InvalidParameterError(Errors.Q001.format(
        param="weights", caller="agreement", expected="one of None, 'linear', 'quadratic'",
        found=weights))


def _gwet_parts(data: Any, categories: Sequence[Any] | None, weights: str | None,
                caller: str) -> tuple[float, np.ndarray, np.ndarray, int]:
    """Observed agreement and the category shares, as Gwet's irrCAC computes them."""
    codes, cats = _fast_codes(data, categories, caller, need_order=weights is not None)
    q = len(cats)
    counts = _counts(codes, q)
    r = counts.sum(1)
    counts, r = counts[r > 0], r[r > 0]
    if len(r) == 0:
        raise AgreementError(Errors.Q306.format(caller=caller))
    w = _weights(q, weights)
    two = r >= 2
    if not two.any():
        raise AgreementError(Errors.Q307.format(caller=caller, n_units=len(r)))
    weighted = counts @ w.T
    pa = float(np.mean((counts[two] * (weighted[two] - 1)).sum(1) / (r[two] * (r[two] - 1))))
    pi = (counts / r[:, None]).mean(0)
    return pa, pi, w, q


def _chance_corrected(pa: float, pe: float, name: str) -> float:
    if np.isclose(pe, 1.0):
        return _warn(name, "chance agreement is 1 (every rating falls in one category), so "
                           "there is no variance to agree on")
    return (pa - pe) / (1 - pe)


def percent_agreement(data: Any, *, categories: Sequence[Any] | None = None) -> float:
    """Share of agreeing coder pairs, averaged over units rated by two or more coders.

    For two coders with complete data this is the share of units on which they agree.

    >>> percent_agreement([[1, 2, 3, 3], [1, 2, 3, 1]])
    0.75
    """
    return _gwet_parts(data, categories, None, "percent_agreement")[0]


def fleiss_kappa(data: Any, *, categories: Sequence[Any] | None = None) -> float:
    """Fleiss' kappa (Fleiss 1971), with missing ratings as in Gwet's irrCAC.

    Observed agreement uses units rated by two or more coders; the category shares
    of the chance term average every rated unit, including units rated by one coder.

    References: Fleiss, J. L. (1971). Psychological Bulletin, 76(5), 378.
    https://doi.org/10.1037/h0031619
    """
    pa, pi, w, _ = _gwet_parts(data, categories, None, "fleiss_kappa")
    return _chance_corrected(pa, float(pi @ w @ pi), "Fleiss' kappa")


def scott_pi(data: Any, *, categories: Sequence[Any] | None = None) -> float:
    """Scott's pi (1955); for more than two coders, Fleiss' generalisation.

    >>> round(scott_pi([[1, 1, 2, 2], [1, 2, 2, 2]]), 6)
    0.466667
    """
    pa, pi, w, _ = _gwet_parts(data, categories, None, "scott_pi")
    return _chance_corrected(pa, float(pi @ w @ pi), "Scott's pi")


def gwet_ac1(data: Any, *, categories: Sequence[Any] | None = None) -> float:
    """Gwet's AC1 (Gwet 2008), with missing ratings as in irrCAC.

    References: Gwet, K. L. (2008). British Journal of Mathematical and Statistical
    Psychology, 61(1), 29-48. https://doi.org/10.1348/000711006X126600
    """
    pa, pi, _, q = _gwet_parts(data, categories, None, "gwet_ac1")
    if q < 2:
        return _warn("Gwet's AC1", "fewer than two categories (pass categories=)")
    pe = float((pi * (1 - pi)).sum() / (q - 1))
    return _chance_corrected(pa, pe, "Gwet's AC1")


def gwet_ac2(data: Any, *, weights: str = "quadratic",
             categories: Sequence[Any] | None = None) -> float:
    """Gwet's AC2: AC1 with agreement weights over ordered ``categories``."""
    pa, pi, w, q = _gwet_parts(data, categories, weights, "gwet_ac2")
    if q < 2:
        return _warn("Gwet's AC2", "fewer than two categories (pass categories=)")
    tw = w.sum()
    pe = float(tw * (pi * (1 - pi)).sum() / (q * (q - 1)))
    return _chance_corrected(pa, pe, "Gwet's AC2")


def brennan_prediger(data: Any, *, categories: Sequence[Any] | None = None) -> float:
    """Brennan and Prediger's (1981) coefficient: chance agreement 1/q, q categories.

    Pass ``categories`` to fix q; otherwise q is the number of categories observed.
    """
    pa, _, _, q = _gwet_parts(data, categories, None, "brennan_prediger")
    if q < 2:
        return _warn("Brennan-Prediger", "one category only (pass categories=)")
    return _chance_corrected(pa, 1.0 / q, "Brennan-Prediger")


def cohen_kappa(a: Any, b: Any, weights: str | None = None, *,
                categories: Sequence[Any] | None = None) -> float:
    """Cohen's kappa for two coders (1960), unweighted or with linear/quadratic weights (1968).

    Units where either rating is missing are dropped. Weighted kappa weighs by the
    position of each category in ``categories``; without it, the sorted observed
    values are used, so an unused category silently changes the weights -- pass the
    full ordered scale.

    >>> round(cohen_kappa([0, 1, 1, 0, 1], [0, 1, 0, 0, 1]), 6)
    0.615385
    """
    a_arr = np.asarray(a, dtype=object).ravel()
    b_arr = np.asarray(b, dtype=object).ravel()
    if a_arr.shape != b_arr.shape:
        raise AgreementError(Errors.Q308.format(caller="cohen_kappa", n_a=len(a_arr),
                                                n_b=len(b_arr)))
    codes, cats = _codes(np.vstack([a_arr, b_arr]), categories, "cohen_kappa",
                         need_order=weights is not None)
    ok = (codes >= 0).all(0)
    ca, cb = codes[0, ok], codes[1, ok]
    if len(ca) == 0:
        raise AgreementError(Errors.Q307.format(caller="cohen_kappa", n_units=len(a_arr)))
    q = len(cats)
    w = _weights(q, weights)
    m = np.bincount(ca * q + cb, minlength=q * q).reshape(q, q) / len(ca)
    po = float((w * m).sum())
    pe = float((w * np.outer(m.sum(1), m.sum(0))).sum())
    return _chance_corrected(po, pe, "Cohen's kappa")


def _distances(level: str, values: np.ndarray, n_v: np.ndarray) -> np.ndarray:
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    if level == "ordinal":
        cum = np.cumsum(n_v)
        lo = np.minimum.outer(np.arange(len(n_v)), np.arange(len(n_v)))
        hi = np.maximum.outer(np.arange(len(n_v)), np.arange(len(n_v)))
        between = cum[hi] - np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0)
        return (between - (n_v[lo] + n_v[hi]) / 2.0) ** 2
    v = values.astype(float)
    if level == "interval":
        return np.subtract.outer(v, v) ** 2
    s = np.add.outer(v, v)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where(s == 0, 0.0, (np.subtract.outer(v, v) / s) ** 2)
    return d


def krippendorff_alpha(data: Any, level: Level = "nominal", *,
                       categories: Sequence[Any] | None = None) -> float:
    """Krippendorff's alpha for any number of coders, missing data and four levels.

    Units with fewer than two ratings are not pairable and are dropped. The
    coincidence matrix is counted pair by pair of coders with weighted bincounts
    (or, with many coders, from value counts per unit and one matrix product), so
    no units x values x values array is ever built: O(n_coders^2 x n_units) time
    and O(n_units + n_values^2) memory.

    Examples
    --------
    Krippendorff's reliability data example (4 coders, 12 units):

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(krippendorff_alpha(data, "nominal"), 6), round(krippendorff_alpha(data, "interval"), 6)
    (0.743421, 0.849107)
    """
    if level not in ("nominal", "ordinal", "interval", "ratio"):
        raise InvalidParameterError(Errors.Q001.format(
            param="level", caller="krippendorff_alpha",
            expected="one of 'nominal', 'ordinal', 'interval', 'ratio'", found=level))
    codes, cats = _fast_codes(data, categories, "krippendorff_alpha",
                              need_order=level != "nominal")
    q = len(cats)
    if not ((codes >= 0).sum(0) >= 2).any():
        raise AgreementError(Errors.Q307.format(caller="krippendorff_alpha",
                                                n_units=codes.shape[1]))
    o = _coincidences(codes, q)
    n_v = o.sum(1)
    n = n_v.sum()
    if level in ("interval", "ratio"):
        try:
            values = np.asarray(cats, dtype=float)
        except (TypeError, ValueError):
            raise AgreementError(Errors.Q304.format(
                caller="krippendorff_alpha", what=f"{level} alpha (numeric values)",
                found=cats[:10])) from None
    else:
        values = np.arange(q, dtype=float)
    d = _distances(level, values, n_v)
    e = (np.outer(n_v, n_v) - np.diag(n_v)) / (n - 1)
    de = float((e * d).sum())
    if de == 0:
        return _warn("Krippendorff's alpha", "all pairable ratings fall in one category, so "
                     "there is no variance to agree on")
    return 1.0 - float((o * d).sum()) / de


def from_counts(both: Any, a_only: Any, b_only: Any, neither: Any) -> pd.DataFrame:
    """Two-coder binary coefficients from 2x2 counts, vectorised over rows.

    Returns a DataFrame with ``n, percent_agreement, cohen_kappa, scott_pi,
    brennan_prediger, gwet_ac1, krippendorff_alpha``; undefined values are NaN.

    NVivo's worked example (1,000 characters; 50 coded by both, 800 by neither):

    >>> from_counts(50, 75, 75, 800).round(6).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'n': 1000.0, 'percent_agreement': 0.85, 'cohen_kappa': 0.314286, 'scott_pi': 0.314286,
     'brennan_prediger': 0.7, 'gwet_ac1': 0.808, 'krippendorff_alpha': 0.314629}
    """
    a, b, c, d = (np.atleast_1d(np.asarray(x, dtype=float)) for x in (both, a_only, b_only, neither))
    n = a + b + c + d
    with np.errstate(invalid="ignore", divide="ignore"):
        po = (a + d) / n
        pa, pb = (a + b) / n, (a + c) / n
        pe_k = pa * pb + (1 - pa) * (1 - pb)
        pi1 = (pa + pb) / 2
        pe_s = pi1 ** 2 + (1 - pi1) ** 2
        pe_g = 2 * pi1 * (1 - pi1)

        def cc(pe: np.ndarray) -> np.ndarray:
            return np.where(np.isclose(pe, 1.0), np.nan, (po - pe) / (1 - pe))

        n1 = 2 * a + b + c
        n0 = 2 * n - n1
        de = 2 * n1 * n0 / (2 * n * (2 * n - 1))
        alpha = np.where(de > 0, 1 - ((b + c) / n) / de, np.nan)
        out = pd.DataFrame({"n": n, "percent_agreement": po, "cohen_kappa": cc(pe_k),
                            "scott_pi": cc(pe_s), "brennan_prediger": (po - 0.5) / 0.5,
                            "gwet_ac1": cc(pe_g), "krippendorff_alpha": alpha})
    out.loc[n == 0, :] = np.nan
    return out
