"""Agreement coefficients on ratings shaped (n_coders, n_units); np.nan marks a missing rating.

Every multi-coder coefficient works from integer codes (one per rating, -1 for a
missing one) and from per-unit value counts, counted with ``np.bincount`` in blocks
of units so that memory stays O(n_coders x n_units + block x n_categories) whatever
the number of units. Krippendorff's coincidence matrix is the matrix product
``vc.T @ diag(1 / (m_u - 1)) @ vc`` of those counts, accumulated block by block; no
units x categories x categories array is ever built.
"""

from __future__ import annotations

import numbers
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from .._validation import check_option
from ..errors import AgreementError, Errors, QualkitWarning
from . import _weights as _w
from ._weights import WeightBy, WeightsLike

__all__ = [
    "percent_agreement", "cohen_kappa", "scott_pi", "fleiss_kappa", "conger_kappa",
    "hubert_kappa", "gwet_ac1", "gwet_ac2", "brennan_prediger", "krippendorff_alpha",
    "category_kappa", "DegenerateAgreementWarning",
]

Level = Literal["nominal", "ordinal", "interval", "ratio"]

LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

#: units x categories cells counted at once (256 KiB of int64 counts: a block stays in cache)
_BLOCK_CELLS = 1 << 15
#: fewest units per block, so that many categories do not mean many tiny blocks
_BLOCK_UNITS_MIN = 256
#: most categories for which coincidences come from the blocked matrix product; above it,
#: from one weighted bincount per pair of coders (the product costs n_units x V^2)
_MATMUL_MAX = 128
#: largest number of distinct values for which a dense V x V coincidence matrix is built
_DENSE_MAX = 2048
#: pe this close to 1 means every rating falls in one category
_PE_ONE = 1e-12


class DegenerateAgreementWarning(QualkitWarning):
    """A coefficient is undefined for these ratings (no variance, no pairable unit ...).

    The coefficient is returned as NaN and the message says why; it is never a
    ZeroDivisionError or a numpy RuntimeWarning.
    """


def _undefined(caller: str, coefficient: str, reason: str) -> float:
    """Warn that ``coefficient`` is undefined and why (at the caller's line); return NaN."""
    warnings.warn(Errors.Q309.format(caller=caller, coefficient=coefficient, reason=reason),
                  DegenerateAgreementWarning, stacklevel=_outside_stacklevel())
    return float("nan")


def _outside_stacklevel() -> int:
    """Stack level of the first frame outside qualkit.agreement (for warnings)."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith(
            "qualkit.agreement"):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


# ------------------------------------------------------------------ encoding
@dataclass(frozen=True)
class _Ratings:
    """Ratings as integer codes: ``codes[i, u]`` indexes ``categories`` (-1 = missing)."""

    codes: np.ndarray
    categories: list[Any]
    # numeric value of each category, or None for labels; float64, except for integers
    # beyond 2**53, held exactly as Python ints (object dtype) -- see _encode_integers
    values: np.ndarray | None
    declared: bool  # categories came from the caller, in scale order

    @property
    def q(self) -> int:
        return len(self.categories)


def _describe(arr: Any) -> str:
    shape = getattr(arr, "shape", None)
    if shape is None:
        return f"a {type(arr).__name__}"
    return f"an array with {len(shape)} dimension(s) of shape {tuple(shape)}"


def _as_array(data: Any, caller: str) -> np.ndarray:
    """``data`` as a 2-D array: float for numbers, object for labels (keeps np.nan)."""
    if isinstance(data, pd.DataFrame):
        data = data.to_numpy()
    try:
        arr = data if isinstance(data, np.ndarray) else np.asarray(data)
        if arr.dtype.kind in "US" and not isinstance(data, np.ndarray):
            arr = np.asarray(data, dtype=object)  # "nan" must stay a float NaN
    except ValueError:  # ragged nested lists
        raise AgreementError(Errors.Q301.format(
            caller=caller, found="rows of different lengths")) from None
    if arr.ndim != 2:
        raise AgreementError(Errors.Q301.format(caller=caller, found=_describe(arr)))
    if arr.shape[0] < 2:
        raise AgreementError(Errors.Q302.format(caller=caller, found=arr.shape[0]))
    if arr.dtype.kind in "iu" and arr.size and _beyond_float(arr):
        return arr  # whole numbers that float64 cannot hold exactly: kept as integers
    if arr.dtype.kind in "biuf":
        return arr if arr.dtype.kind == "f" else arr.astype(np.float64)
    if arr.dtype.kind in "USO":
        return arr.astype(object)
    raise AgreementError(Errors.Q303.format(caller=caller, found=str(arr.dtype)))


_FLOAT_EXACT = 2 ** 53  # integers up to this magnitude survive a cast to float64


def _beyond_float(arr: np.ndarray) -> bool:
    """Whether an integer array holds a value that float64 would round (above 2**53)."""
    return bool(int(np.abs(arr.astype(object)).max()) > _FLOAT_EXACT
                if arr.dtype.kind == "u" else
                (int(arr.max()) > _FLOAT_EXACT or int(arr.min()) < -_FLOAT_EXACT))


def _encode_integers(present: np.ndarray, miss: np.ndarray, cats: list[Any] | None,
                     caller: str) -> _Ratings:
    """Codes for integer ratings beyond 2**53, compared as integers (never via float64).

    The category values are kept as exact Python ints (an object array): float64 would
    merge neighbouring ids such as 2**62 and 2**62 - 1, so differences between values
    (interval and ratio alpha, weights by value) are taken on the ints
    (:func:`~qualkit.agreement._weights.shifted`).
    """
    codes = np.full(miss.shape, -1, dtype=np.intp)
    if cats is None:
        values, inverse = np.unique(present, return_inverse=True)
        codes[~miss] = inverse.ravel()
        ints = [int(v) for v in values]
        return _Ratings(codes, ints, _w.exact_ints(ints), declared=False)
    if not all(isinstance(c, numbers.Integral) for c in cats):
        return _encode_mixed(_fill(miss, present.astype(object)), miss, cats, caller)
    pos, found = _lookup(present, np.asarray(cats, dtype=present.dtype))
    if not found.all():
        where = np.zeros(miss.shape, dtype=bool)
        where[~miss] = ~found
        i, u = _first(where)
        raise AgreementError(Errors.Q305.format(caller=caller, found=int(present[~found][0]),
                                                coder=i, unit=u, categories=cats))
    codes[~miss] = pos
    return _Ratings(codes, cats, _w.exact_ints(cats), declared=True)


def _first(mask: np.ndarray) -> tuple[int, int]:
    i, u = np.unravel_index(int(np.flatnonzero(mask.ravel())[0]), mask.shape)
    return int(i), int(u)


def _check_categories(categories: Sequence[Any], caller: str) -> list[Any]:
    cats = list(categories)
    if not cats:
        raise AgreementError(Errors.Q306.format(caller=caller, problem="is empty"))
    if any(c is None or (isinstance(c, float) and np.isnan(c)) for c in cats):
        raise AgreementError(Errors.Q306.format(caller=caller, problem="holds a missing value"))
    try:
        distinct = len(set(cats)) == len(cats)
    except TypeError:
        raise AgreementError(Errors.Q306.format(
            caller=caller, problem="holds unhashable values")) from None
    if not distinct:
        dup = sorted({repr(c) for c in cats if cats.count(c) > 1})
        raise AgreementError(Errors.Q306.format(
            caller=caller, problem=f"repeats {', '.join(dup)}"))
    return cats


def _lookup(present: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position of each of ``present`` in ``table`` and whether it was found (sorted search)."""
    order = np.argsort(table, kind="stable")
    ranked = table[order]
    pos = np.clip(np.searchsorted(ranked, present), 0, len(ranked) - 1)
    return order[pos], ranked[pos] == present


def _encode(data: Any, categories: Sequence[Any] | None, caller: str,
            ordered_for: str | None = None) -> _Ratings:
    """Integer codes for ratings of any type.

    ``ordered_for`` names what needs the categories' order (e.g. "weights='linear'");
    labels then need an explicit ``categories`` list.
    """
    arr = _as_array(data, caller)
    cats = None if categories is None else _check_categories(categories, caller)
    if arr.dtype == object:
        miss = np.asarray(pd.isna(arr), dtype=bool)
        present = arr[~miss]
        kinds = {type(v) for v in present.tolist()}
        if (kinds and all(issubclass(k, numbers.Integral) for k in kinds)
                and max(abs(int(v)) for v in present.tolist()) > _FLOAT_EXACT):
            try:
                exact = np.asarray([int(v) for v in present.tolist()], dtype=np.int64)
            except OverflowError:
                exact = np.asarray([int(v) for v in present.tolist()], dtype=np.uint64)
            return _encode_integers(exact, miss, cats, caller)
        if all(issubclass(k, numbers.Real) for k in kinds):
            arr = np.where(miss, np.nan, arr).astype(np.float64)
        elif all(issubclass(k, str) for k in kinds):
            return _encode_labels(present.astype(str), miss, cats, caller, ordered_for)
        elif cats is not None:
            return _encode_mixed(arr, miss, cats, caller)
        else:
            raise AgreementError(Errors.Q303.format(
                caller=caller, found=", ".join(sorted(k.__name__ for k in kinds))))
    if arr.dtype.kind in "iu":  # only integers beyond 2**53 reach here as integers
        return _encode_integers(arr.ravel(), np.zeros(arr.shape, dtype=bool), cats, caller)
    return _encode_numbers(arr, cats, caller)


def _encode_numbers(arr: np.ndarray, cats: list[Any] | None, caller: str) -> _Ratings:
    miss = np.isnan(arr)
    if np.isinf(arr).any():
        i, u = _first(np.isinf(arr))
        raise AgreementError(Errors.Q310.format(caller=caller, found=float(arr[i, u]), coder=i,
                                                unit=u))
    rated = ~miss
    codes = np.full(arr.shape, -1, dtype=np.intp)
    present = arr[rated]
    if cats is None:
        small = _small_integers(present)
        if small is not None:
            lo, index, used = small
            codes[rated] = (np.cumsum(used) - 1)[index]
            values = (np.flatnonzero(used) + lo).astype(np.float64)
        else:
            values, inverse = np.unique(present, return_inverse=True)
            codes[rated] = inverse.ravel()
        return _Ratings(codes, _plain(values), values, declared=False)
    numeric = all(isinstance(c, numbers.Real) for c in cats)
    table = np.asarray(cats, dtype=np.float64) if numeric else None
    if table is None:  # label categories: no number can be among them
        if present.size:
            i, u = _first(rated)
            raise AgreementError(Errors.Q305.format(caller=caller, found=_plain([arr[i, u]])[0],
                                                    coder=i, unit=u, categories=cats))
        return _Ratings(codes, cats, None, declared=True)
    pos, found = _lookup(present, table)
    if not found.all():
        where = np.zeros(arr.shape, dtype=bool)
        where[rated] = ~found
        i, u = _first(where)
        raise AgreementError(Errors.Q305.format(caller=caller, found=_plain([arr[i, u]])[0],
                                                coder=i, unit=u, categories=cats))
    codes[rated] = pos
    return _Ratings(codes, cats, table, declared=True)


def _small_integers(present: np.ndarray) -> tuple[float, np.ndarray, np.ndarray] | None:
    """For whole numbers in a small range: (lowest value, value - lowest, used-value mask).

    Codes then come from a lookup table without sorting; None for other numbers.
    """
    if present.size == 0:
        return None
    lo, hi = float(present.min()), float(present.max())
    span = hi - lo + 1
    if span > max(4 * present.size, 1024) or span > 1 << 24:
        return None
    shifted = present - lo
    index = shifted.astype(np.intp)
    if not np.array_equal(index, shifted):
        return None
    return lo, index, np.bincount(index, minlength=int(span)) > 0


def _plain(values: Any) -> list[Any]:
    """Python numbers for display: whole floats as ints."""
    return [int(v) if float(v).is_integer() else float(v) for v in values]


def _encode_labels(present: np.ndarray, miss: np.ndarray, cats: list[Any] | None, caller: str,
                   ordered_for: str | None) -> _Ratings:
    codes = np.full(miss.shape, -1, dtype=np.intp)
    if cats is None:
        labels, inverse = np.unique(present, return_inverse=True)
        if ordered_for is not None:
            raise AgreementError(Errors.Q304.format(caller=caller, what=ordered_for,
                                                    found=labels[:10].tolist()))
        codes[~miss] = inverse.ravel()
        return _Ratings(codes, labels.tolist(), None, declared=False)
    if not all(isinstance(c, str) for c in cats):
        return _encode_mixed(_fill(miss, present), miss, cats, caller)
    pos, found = _lookup(present, np.asarray(cats, dtype=str))
    if not found.all():
        where = np.zeros(miss.shape, dtype=bool)
        where[~miss] = ~found
        i, u = _first(where)
        raise AgreementError(Errors.Q305.format(caller=caller, found=str(present[~found][0]),
                                                coder=i, unit=u, categories=cats))
    codes[~miss] = pos
    return _Ratings(codes, cats, None, declared=True)


def _fill(miss: np.ndarray, present: np.ndarray) -> np.ndarray:
    out = np.empty(miss.shape, dtype=object)
    out[~miss] = present
    return out


def _encode_mixed(arr: np.ndarray, miss: np.ndarray, cats: list[Any], caller: str) -> _Ratings:
    """Labels of several types, mapped through the caller's ``categories``."""
    index = {c: k for k, c in enumerate(cats)}
    codes = np.full(arr.shape, -1, dtype=np.intp)
    for (i, u), v in np.ndenumerate(arr):
        if miss[i, u]:
            continue
        try:
            codes[i, u] = index[v]
        except (KeyError, TypeError):
            raise AgreementError(Errors.Q305.format(caller=caller, found=v, coder=i, unit=u,
                                                    categories=cats)) from None
    try:
        values = np.asarray(cats, dtype=np.float64)
    except (TypeError, ValueError):
        values = None
    return _Ratings(codes, cats, values, declared=True)


def _unit_counts(codes: np.ndarray, q: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Blocks of the value counts: ``(vc, m)`` with ``vc[u, k]`` the number of coders who put
    unit u in category k (float, shape (block, q)) and ``m[u]`` its number of ratings."""
    n_units = codes.shape[1]
    block = max(_BLOCK_UNITS_MIN, _BLOCK_CELLS // max(q, 1))
    for start in range(0, n_units, block):
        c = codes[:, start:start + block]
        b = c.shape[1]
        ok = c >= 0
        flat = (c + np.arange(b, dtype=np.intp) * q)[ok]
        vc = np.bincount(flat, minlength=b * q).reshape(b, q).astype(np.float64)
        yield vc, ok.sum(0).astype(np.float64)


# ------------------------------------------------------------------ weights
def _check_weights(weights: Any, caller: str) -> Any:
    return _w.check_weights(weights, caller)


def _weights_of(r: _Ratings, weights: Any, weight_by: str, caller: str) -> np.ndarray:
    """The q x q agreement weights for encoded ratings (identity when unweighted)."""
    x = None
    if isinstance(weights, str) and weights != "ordinal":
        x = _w.scores(r.q, r.values, weight_by, r.categories, caller)
    return _w.weight_matrix(weights, r.q, x, caller)


def _ordered(weights: Any) -> str | None:
    if weights is None:
        return None
    return "a weight matrix" if _w.is_custom(weights) else f"weights={weights!r}"


def _encode_weighted(data: Any, categories: Sequence[Any] | None, weights: Any,
                     weight_by: Any, caller: str) -> tuple[_Ratings, np.ndarray]:
    """Check the weights, encode the ratings and build the weight matrix."""
    weights = _check_weights(weights, caller)
    wb = _w.check_weight_by(weight_by, caller)
    if _w.is_custom(weights) and categories is None:
        raise AgreementError(Errors.Q324.format(caller=caller, what="a weight matrix"))
    r = _encode(data, categories, caller, ordered_for=_ordered(weights))
    return r, _weights_of(r, weights, wb, caller)


# ------------------------------------------------------------------ Gwet's family
@dataclass(frozen=True)
class _Parts:
    pa: float  # observed agreement over units with >= 2 ratings
    pi: np.ndarray  # category shares, averaged over units with >= 1 rating
    w: np.ndarray  # agreement weights
    n_pairable: int  # units with >= 2 ratings
    n_rated: int  # units with >= 1 rating


def _is_identity(w: np.ndarray) -> bool:
    return bool(np.array_equal(w, np.eye(len(w))))


def _parts_from_counts(blocks: Any, w: np.ndarray) -> _Parts:
    """Observed agreement and category shares as Gwet (2014) and irrCAC compute them,
    from blocks ``(vc, m)`` of per-unit value counts and numbers of ratings."""
    q = len(w)
    identity = _is_identity(w)
    pa_sum, pi_sum, n1, n2 = 0.0, np.zeros(q), 0, 0
    for c, m in blocks:
        # units rated once weigh 0 in p_a; units nobody rated weigh 0 everywhere
        pi_sum += np.where(m > 0, 1.0 / np.maximum(m, 1.0), 0.0) @ c
        n1 += int(np.count_nonzero(m))
        two = m >= 2
        agree = (c * ((c if identity else c @ w.T) - 1.0)).sum(1)
        pa_sum += float(np.where(two, agree / np.maximum(m * (m - 1.0), 1.0), 0.0).sum())
        n2 += int(np.count_nonzero(two))
    pa = pa_sum / n2 if n2 else float("nan")
    pi = pi_sum / n1 if n1 else np.full(q, np.nan)
    return _Parts(pa, pi, w, n2, n1)


def _parts(r: _Ratings, w: np.ndarray) -> _Parts:
    return _parts_from_counts(_unit_counts(r.codes, r.q), w)


def _chance_corrected(pa: float, pe: float, caller: str, name: str) -> float:
    if pe >= 1.0 - _PE_ONE:
        return _undefined(caller, name, "chance agreement is 1 because every rating falls in "
                          "one category, so there is no variance to agree on")
    return float((pa - pe) / (1.0 - pe))


def _no_pairs(caller: str, name: str) -> float:
    return _undefined(caller, name, "no unit was rated by two or more coders")


def percent_agreement(data: Any, *, weights: WeightsLike = None,
                      categories: Sequence[Any] | None = None,
                      weight_by: WeightBy = "position") -> float:
    """Share of agreeing pairs of coders, averaged over units rated by two or more coders.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings: numbers or labels; ``np.nan`` or ``None`` marks a missing rating.
    weights : str, array-like of shape (q, q) or None, default=None
        Credit partial agreement between nearby categories (Gwet's weighted percent
        agreement): one of ``"linear"``, ``"quadratic"``, ``"ordinal"``, ``"radical"``,
        ``"ratio"``, ``"circular"``, ``"bipolar"`` (see :mod:`qualkit.agreement`), or a
        q x q matrix of agreement weights in ``categories`` order.
    categories : sequence, optional
        Every category in scale order. Without it, the sorted distinct observed values
        are used, which matters only for ``weights``.
    weight_by : {"position", "value"}, default="position"
        Whether named weights measure distance on the categories' positions 1..q in
        ``categories`` or on their numeric values (irrCAC's choice for numbers).

    Returns
    -------
    float
        In [0, 1]; for two coders with complete data, the share of units they agree on.

    Notes
    -----
    Missing ratings: a unit counts when at least two coders rated it, and every such
    unit weighs the same (its agreeing pairs over its pairs), as in Gwet (2014) and
    irrCAC's ``pa.coeff.raw``. Units rated by fewer than two coders are left out; if
    none is left the result is NaN with a :class:`DegenerateAgreementWarning`.

    References
    ----------
    Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.). Advanced
    Analytics. ISBN 978-0970806284.

    Examples
    --------
    >>> percent_agreement([[1, 2, 3, 3], [1, 2, 3, 1]])
    0.75

    irrCAC's ``cac.raw4raters`` (Krippendorff's 4 coders x 12 units), published 0.8181818:

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(percent_agreement(data), 7)
    0.8181818
    """
    caller = "percent_agreement"
    r, parts = _prepare(data, categories, weights, caller, weight_by)
    if not parts.n_pairable:
        return _no_pairs(caller, "percent agreement")
    return parts.pa


def _prepare(data: Any, categories: Sequence[Any] | None, weights: Any,
             caller: str, weight_by: Any = "position") -> tuple[_Ratings, _Parts]:
    """Check the weights, encode the ratings and count their agreement parts."""
    r, w = _encode_weighted(data, categories, weights, weight_by, caller)
    return r, _parts(r, w)


def fleiss_pe(parts: _Parts) -> float:
    """Fleiss' (Gwet's generalised) chance agreement ``sum_kl w_kl pi_k pi_l``."""
    return float(parts.pi @ parts.w @ parts.pi)


def fleiss_kappa(data: Any, *, weights: WeightsLike = None,
                 categories: Sequence[Any] | None = None,
                 weight_by: WeightBy = "position") -> float:
    """Fleiss' kappa for any number of coders, with missing ratings as Gwet defines it.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating.
    weights : str, array-like of shape (q, q) or None, default=None
        Weighted generalised kappa (Gwet 2014, ch. 3): a scheme name or a q x q matrix
        (see :func:`percent_agreement`).
    categories : sequence, optional
        Every category in scale order; without it, the sorted distinct observed values
        (an unused category then shifts the weights -- pass the full scale).
    weight_by : {"position", "value"}, default="position"
        What named weights measure distance on (see :func:`percent_agreement`).

    Returns
    -------
    float
        ``(p_a - p_e) / (1 - p_e)``; NaN with a :class:`DegenerateAgreementWarning` when
        every rating falls in one category or no unit has two ratings.

    Notes
    -----
    Missing ratings follow Gwet (2014) and irrCAC's ``fleiss.kappa.raw``: the observed
    agreement ``p_a`` averages units rated by two or more coders; the category shares
    ``pi_k`` of the chance term ``p_e = sum_kl w_kl pi_k pi_l`` average every unit rated
    at least once, so units rated by a single coder still count in ``p_e``. Units nobody
    rated are dropped. With complete data this is Fleiss' (1971) kappa.

    References
    ----------
    Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
    *Psychological Bulletin*, 76(5), 378-382. https://doi.org/10.1037/h0031619

    Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.).

    Examples
    --------
    irrCAC's ``cac.raw4raters`` (published 0.76117):

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(fleiss_kappa(data), 5)
    0.76117
    """
    caller = "fleiss_kappa"
    r, parts = _prepare(data, categories, weights, caller, weight_by)
    if not parts.n_pairable:
        return _no_pairs(caller, "Fleiss' kappa")
    return _chance_corrected(parts.pa, fleiss_pe(parts), caller, "Fleiss' kappa")


def coder_shares(codes: np.ndarray, q: int) -> tuple[np.ndarray, np.ndarray]:
    """Each coder's category shares over the units that coder rated, and its unit counts."""
    n_coders = codes.shape[0]
    shares = np.zeros((n_coders, q))
    rated = np.zeros(n_coders)
    for g in range(n_coders):
        c = codes[g][codes[g] >= 0]
        rated[g] = c.size
        if c.size:
            shares[g] = np.bincount(c, minlength=q) / c.size
    return shares, rated


def conger_pe(shares: np.ndarray, w: np.ndarray) -> float:
    """Conger's chance agreement from the coders' shares (their mean less their covariance)."""
    n_coders = shares.shape[0]
    mean = shares.mean(0)
    s2 = (shares.T @ shares - n_coders * np.outer(mean, mean)) / (n_coders - 1)
    return float((w * (np.outer(mean, mean) - s2 / n_coders)).sum())


def conger_kappa(data: Any, *, weights: WeightsLike = None,
                 categories: Sequence[Any] | None = None,
                 weight_by: WeightBy = "position") -> float:
    """Conger's (1980) kappa: Cohen's kappa generalised to any number of coders.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating.
    weights : str, array-like of shape (q, q) or None, default=None
        Weighted Conger's kappa: a scheme name or a q x q matrix (see
        :func:`percent_agreement`).
    categories : sequence, optional
        Every category in scale order; without it, the sorted distinct observed values.
    weight_by : {"position", "value"}, default="position"
        What named weights measure distance on (irrCAC weights numbers by value: the
        same as by position when the values are 1, 2, ..., q).

    Returns
    -------
    float
        ``(p_a - p_e) / (1 - p_e)``; NaN with a :class:`DegenerateAgreementWarning` when
        every rating falls in one category or no unit has two ratings.

    Notes
    -----
    Follows Gwet (2014) and irrCAC's ``conger.kappa.raw``: ``p_a`` as in
    :func:`fleiss_kappa`; each coder g has its own category shares ``p_gk`` over the
    units g rated, and ``p_e = sum_kl w_kl (pbar_k pbar_l - s2_kl / r)`` with ``pbar``
    the mean of the coders' shares and ``s2_kl`` their covariance (divisor r - 1). With
    complete data this equals irr's ``kappam.fleiss(exact=TRUE)``, NLTK's
    ``multi_kappa`` (Davies and Fleiss 1982) and DKPro's Hubert kappa; for two coders
    it is Cohen's kappa (with missing data, Gwet's rule: each coder's shares over every
    unit that coder rated). Counts per coder are one ``np.bincount`` each, then q x q
    matrix products.

    References
    ----------
    Conger, A. J. (1980). Integration and generalization of kappas for multiple raters.
    *Psychological Bulletin*, 88(2), 322-328. https://doi.org/10.1037/0033-2909.88.2.322

    Examples
    --------
    irrCAC's ``cac.raw4raters`` (irrCAC 0.7628174):

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, nan],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(conger_kappa(data), 7)
    0.7628174
    """
    return _conger("conger_kappa", "Conger's kappa", data, weights, categories, weight_by)


def _conger(caller: str, name: str, data: Any, weights: Any, categories: Any,
            weight_by: Any) -> float:
    r, parts = _prepare(data, categories, weights, caller, weight_by)
    if not parts.n_pairable:
        return _no_pairs(caller, name)
    shares, _ = coder_shares(r.codes, r.q)
    return _chance_corrected(parts.pa, conger_pe(shares, parts.w), caller, name)


def hubert_kappa(data: Any, *, weights: WeightsLike = None,
                 categories: Sequence[Any] | None = None,
                 weight_by: WeightBy = "position") -> float:
    """Hubert's (1977) kappa: pairwise agreement against pairwise chance, for many coders.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating.
    weights : str, array-like of shape (q, q) or None, default=None
        Weighted form: a scheme name or a q x q matrix (see :func:`percent_agreement`).
    categories : sequence, optional
        Every category in scale order; without it, the sorted distinct observed values.
    weight_by : {"position", "value"}, default="position"
        What named weights measure distance on.

    Returns
    -------
    float
        ``(p_a - p_e) / (1 - p_e)``.

    Notes
    -----
    Hubert's kappa compares the mean agreement over all pairs of coders with the mean,
    over the same pairs, of the chance agreement each pair's own marginals give (as in
    Cohen's kappa): ``p_e = 2 / (r (r - 1)) sum_{g < h} sum_kl w_kl p_gk p_hl``. That
    mean equals Conger's chance term ``sum_kl w_kl (pbar_k pbar_l - s2_kl / r)``
    exactly (expand the covariance), so Hubert's kappa *is* Conger's kappa and Davies
    and Fleiss' (1982) kappa (Warrens 2010); this function returns
    :func:`conger_kappa` under the name DKPro Statistics gives it
    (``HubertKappaAgreement``), with missing ratings by Gwet's rule. DKPro divides each
    coder's counts by all units instead, which differs only when coders skip units.

    References
    ----------
    Hubert, L. (1977). Kappa revisited. *Psychological Bulletin*, 84(2), 289-297.
    https://doi.org/10.1037/0033-2909.84.2.289

    Warrens, M. J. (2010). Inequalities between multi-rater kappas. *Advances in Data
    Analysis and Classification*, 4, 271-286. https://doi.org/10.1007/s11634-010-0073-4

    Examples
    --------
    Four coders, two categories (a DKPro Statistics test case after Warrens 2012;
    DKPro prints 0.675):

    >>> data = [[1] * 11 + [0] * 4, [1] * 6 + [0] * 9, [1] * 6 + [0] * 9, [1] * 6 + [0] * 9]
    >>> round(hubert_kappa(data), 3)
    0.675
    """
    return _conger("hubert_kappa", "Hubert's kappa", data, weights, categories, weight_by)


def scott_pi(data: Any, *, weights: WeightsLike = None,
             categories: Sequence[Any] | None = None,
             weight_by: WeightBy = "position") -> float:
    """Scott's pi on the units every coder rated (Fleiss' kappa for more than two coders).

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating.
    weights : str, array-like of shape (q, q) or None, default=None
        Weighted pi: a scheme name or a q x q matrix (see :func:`percent_agreement`).
    categories : sequence, optional
        Every category in scale order; without it, the sorted distinct observed values.
    weight_by : {"position", "value"}, default="position"
        What named weights measure distance on.

    Returns
    -------
    float
        NaN with a :class:`DegenerateAgreementWarning` when no unit was rated by every
        coder or every rating falls in one category.

    Notes
    -----
    Missing ratings: Scott (1955) assumes complete data, so units that any coder left
    unrated are dropped (complete-case analysis, the same rule as
    :func:`cohen_kappa`) and the chance term uses the pooled category shares of the
    remaining ratings. On complete data this equals Fleiss' kappa, which generalises
    pi to more coders; use :func:`fleiss_kappa` for Gwet's treatment of missing ratings.

    References
    ----------
    Scott, W. A. (1955). Reliability of content analysis: The case of nominal scale
    coding. *Public Opinion Quarterly*, 19(3), 321-325. https://doi.org/10.1086/266577

    Examples
    --------
    >>> round(scott_pi([[1, 1, 2, 2], [1, 2, 2, 2]]), 6)
    0.466667
    """
    caller = "scott_pi"
    r, w = _encode_weighted(data, categories, weights, weight_by, caller)
    complete = (r.codes >= 0).all(0)
    if not complete.any():
        return _undefined(caller, "Scott's pi", "no unit was rated by every coder")
    parts = _parts(_Ratings(r.codes[:, complete], r.categories, r.values, r.declared), w)
    return _chance_corrected(parts.pa, fleiss_pe(parts), caller, "Scott's pi")


def gwet_ac1(data: Any, *, categories: Sequence[Any] | None = None) -> float:
    """Gwet's AC1 for any number of coders, with missing ratings as Gwet defines it.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating.
    categories : sequence, optional
        Every category coders could choose. The chance term depends on their number q;
        without it, q is the number of distinct observed values.

    Returns
    -------
    float
        ``(p_a - p_e) / (1 - p_e)`` with ``p_e = sum_k pi_k (1 - pi_k) / (q - 1)``. When
        every rating falls in one of q >= 2 categories, ``p_e = 0`` and AC1 is ``p_a``
        (1 if the coders agree); with q = 1 it is NaN with a warning.

    Notes
    -----
    Missing ratings follow Gwet (2008, 2014) and irrCAC's ``gwet.ac1.raw``: ``p_a``
    averages units rated by two or more coders, while the shares ``pi_k`` average every
    unit rated at least once (units rated by a single coder still count in ``p_e``).

    References
    ----------
    Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the
    presence of high agreement. *British Journal of Mathematical and Statistical
    Psychology*, 61(1), 29-48. https://doi.org/10.1348/000711006X126600

    Examples
    --------
    irrCAC's ``cac.raw4raters`` (published 0.77544):

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(gwet_ac1(data), 5)
    0.77544
    """
    return _gwet("gwet_ac1", "Gwet's AC1", data, None, categories, "position")


def gwet_ac2(data: Any, weights: WeightsLike = "quadratic",
             categories: Sequence[Any] | None = None,
             weight_by: WeightBy = "position") -> float:
    """Gwet's AC2: AC1 with agreement weights over ordered categories.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating.
    weights : str, array-like of shape (q, q) or None, default="quadratic"
        A scheme name (``"quadratic"``, ``"linear"``, ``"ordinal"``, ``"radical"``,
        ``"ratio"``, ``"circular"``, ``"bipolar"``) or a q x q matrix in ``categories``
        order. None gives AC1.
    categories : sequence, optional
        Every category in scale order. Pass it: without it the sorted distinct observed
        values are used, and a category nobody used silently changes every weight (and
        q, which the chance term divides by).
    weight_by : {"position", "value"}, default="position"
        What named weights measure distance on: positions 1..q in ``categories`` or
        the categories' numeric values (irrCAC's choice for numbers).

    Returns
    -------
    float
        ``p_e = sum(w) / (q (q - 1)) * sum_k pi_k (1 - pi_k)``; missing ratings as in
        :func:`gwet_ac1`.

    References
    ----------
    Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.), ch. 3.

    Examples
    --------
    irrCAC's weighting vignette, ``cac.raw4raters`` with quadratic weights (published
    0.914):

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(gwet_ac2(data, "quadratic", categories=[1, 2, 3, 4, 5]), 5)
    0.914
    """
    return _gwet("gwet_ac2", "Gwet's AC2", data, weights, categories, weight_by)


def gwet_pe(parts: _Parts) -> float:
    """Gwet's chance agreement ``sum(w) / (q (q - 1)) sum_k pi_k (1 - pi_k)``."""
    q = len(parts.pi)
    return float(parts.w.sum() * (parts.pi * (1.0 - parts.pi)).sum() / (q * (q - 1)))


def _gwet(caller: str, name: str, data: Any, weights: Any,
          categories: Sequence[Any] | None, weight_by: Any) -> float:
    r, parts = _prepare(data, categories, weights, caller, weight_by)
    if not parts.n_pairable:
        return _no_pairs(caller, name)
    if r.q < 2:
        return _undefined(caller, name, "only one category is known, so chance agreement "
                          "(which divides by q - 1) is undefined; pass every category with "
                          "categories=")
    return _chance_corrected(parts.pa, gwet_pe(parts), caller, name)


def brennan_prediger(data: Any, *, weights: WeightsLike = None,
                     categories: Sequence[Any] | None = None,
                     weight_by: WeightBy = "position") -> float:
    """Brennan and Prediger's coefficient: chance agreement from the number of categories.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating.
    weights : str, array-like of shape (q, q) or None, default=None
        Weighted form, ``p_e = sum(w) / q**2``: a scheme name or a q x q matrix (see
        :func:`percent_agreement`).
    categories : sequence, optional
        Every category coders could choose: q is its length. Without it, q is the
        number of distinct observed values (MAXQDA's convention is the number of codes).
    weight_by : {"position", "value"}, default="position"
        What named weights measure distance on.

    Returns
    -------
    float
        ``(p_a - 1/q) / (1 - 1/q)`` unweighted; NaN with a warning when q < 2.

    Notes
    -----
    ``p_a`` averages units rated by two or more coders, as in irrCAC's ``bp.coeff.raw``.

    References
    ----------
    Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: Some uses, misuses,
    and alternatives. *Educational and Psychological Measurement*, 41(3), 687-699.
    https://doi.org/10.1177/001316448104100307

    Examples
    --------
    >>> round(brennan_prediger([[1, 2, 3, 3], [1, 2, 3, 2]], categories=[1, 2, 3, 4, 5]), 6)
    0.6875
    """
    caller = "brennan_prediger"
    r, parts = _prepare(data, categories, weights, caller, weight_by)
    if not parts.n_pairable:
        return _no_pairs(caller, "Brennan-Prediger")
    if r.q < 2:
        return _undefined(caller, "Brennan-Prediger", "only one category is known, so chance "
                          "agreement 1/q is 1; pass every category with categories=")
    return _chance_corrected(parts.pa, bp_pe(parts), caller, "Brennan-Prediger")


def bp_pe(parts: _Parts) -> float:
    """Brennan and Prediger's chance agreement ``sum(w) / q**2``."""
    return float(parts.w.sum() / len(parts.w) ** 2)


# ------------------------------------------------------------------ per category
#: Columns of :func:`category_kappa`, in order.
CATEGORY_KAPPA_COLUMNS: tuple[str, ...] = (
    "category", "share", "kappa", "se", "ci_low", "ci_high", "p_value", "z_null", "p_null",
    "n_units")


def category_kappa(data: Any, *, categories: Sequence[Any] | None = None,
                   level: float = 0.95) -> pd.DataFrame:
    """Fleiss' (1971) kappa for each category: how well coders agree on it against the rest.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating.
    categories : sequence, optional
        Categories to report, in order; by default the sorted distinct observed values.
        A declared category nobody used gets NaN.
    level : float, default=0.95
        Confidence level of ``ci_low``/``ci_high``.

    Returns
    -------
    DataFrame
        One row per category: ``category``; ``share``, the mean share of ratings in it;
        ``kappa``, Fleiss' kappa for the category; ``se``, ``ci_low``, ``ci_high`` and
        ``p_value`` from Gwet's (2014) linearised variance of that kappa, as
        :func:`analytic_ci` gives for :func:`fleiss_kappa` on the ratings recoded as
        "this category" or "another" (t with n - 1 degrees of freedom, one-sided
        p-value); ``z_null`` and ``p_null``, the test of kappa = 0 that irr's
        ``kappam.fleiss(detail=TRUE)`` prints (Fleiss, Nee and Landis 1979, variance
        ``2 / (n m (m - 1))`` under the null, two-sided; NaN unless every unit has the
        same number m of ratings); and ``n_units``, the units rated by two or more
        coders.

    Notes
    -----
    Fleiss' kappa for category j is ``1 - sum_i x_ij (m - x_ij) / (n m (m - 1) p_j q_j)``
    with ``x_ij`` the coders who put unit i in j; it equals Fleiss' kappa of the
    ratings recoded j / not j (for two coders, Scott's pi of that 2 x 2 table), which
    is how missing ratings are handled here (Gwet's rule, as in :func:`fleiss_kappa`).
    Fleiss' overall kappa is the average of these weighted by ``p_j q_j``. Because
    each category is judged present or absent on its own, the same computation
    applies to units that carry several codes at once. Time O(n_coders x n_units +
    n_units x q) from per-unit counts, like the other coefficients.

    References
    ----------
    Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
    *Psychological Bulletin*, 76(5), 378-382. https://doi.org/10.1037/h0031619

    Fleiss, J. L., Nee, J. C. M., & Landis, J. R. (1979). Large sample variance of kappa
    in the case of different sets of raters. *Psychological Bulletin*, 86(5), 974-977.
    https://doi.org/10.1037/0033-2909.86.5.974

    Examples
    --------
    >>> out = category_kappa([[1, 1, 2, 2, 3, 3], [1, 1, 2, 3, 3, 2], [1, 2, 2, 3, 3, 3]])
    >>> out[["category", "share", "kappa"]].round(4)
       category   share   kappa
    0         1  0.2778  0.7231
    1         2  0.3333  0.2500
    2         3  0.3889  0.5325
    """
    from ._inference import category_inference

    caller = "category_kappa"
    r = _encode(data, categories, caller)
    return category_inference(r, level, caller)


# ------------------------------------------------------------------ Cohen
def _as_vector(x: Any, what: str, caller: str) -> np.ndarray:
    if isinstance(x, (pd.Series, pd.Index)):
        x = x.to_numpy()
    try:
        arr = x if isinstance(x, np.ndarray) else np.asarray(x, dtype=object)
    except ValueError:
        raise AgreementError(Errors.Q307.format(caller=caller, what=what,
                                                found="a ragged sequence")) from None
    if arr.ndim != 1:
        raise AgreementError(Errors.Q307.format(caller=caller, what=what, found=_describe(arr)))
    return arr


#: How :func:`cohen_kappa` treats a unit one coder left unrated.
MISSING_RULES: tuple[str, ...] = ("complete", "gwet")


def _cohen_ratings(a: Any, b: Any, categories: Any, weights: Any, weight_by: Any,
                   caller: str) -> tuple[_Ratings, np.ndarray]:
    va, vb = _as_vector(a, "a", caller), _as_vector(b, "b", caller)
    if va.shape != vb.shape:
        raise AgreementError(Errors.Q308.format(caller=caller, n_a=len(va), n_b=len(vb)))
    if va.dtype.kind in "biuf" and vb.dtype.kind in "biuf":
        stacked: np.ndarray = np.vstack([va, vb])  # integers beyond 2**53 stay exact
    else:
        stacked = np.empty((2, len(va)), dtype=object)
        stacked[0], stacked[1] = va, vb
    return _encode_weighted(stacked, categories, weights, weight_by, caller)


def cohen_kappa(a: Any, b: Any, weights: WeightsLike = None,
                categories: Sequence[Any] | None = None, *,
                weight_by: WeightBy = "position", missing: str = "complete") -> float:
    """Cohen's kappa for two coders, unweighted or weighted.

    Parameters
    ----------
    a, b : array-like of shape (n_units,)
        The two coders' ratings, numbers or labels; ``np.nan`` or ``None`` is missing.
    weights : str, array-like of shape (q, q) or None, default=None
        Weighted kappa (Cohen 1968): ``"linear"`` and ``"quadratic"`` (disagreement
        ``|k - l|`` or ``(k - l)**2``), or another of irrCAC's schemes (``"ordinal"``,
        ``"radical"``, ``"ratio"``, ``"circular"``, ``"bipolar"``), or a q x q matrix of
        agreement weights in ``categories`` order (rows coder a, columns coder b).
    categories : sequence, optional
        Every category in scale order. Without it, the sorted distinct observed values
        are used: with weights, a category nobody used then shifts every weight
        (scikit-learn and statsmodels weight by the rank of the observed labels, which
        silently changes the answer), so pass the full scale for weighted kappa.
    weight_by : {"position", "value"}, default="position"
        Whether named weights measure distance on the positions 1..q of the categories
        or on their numeric values (irrCAC's choice for numbers: the same for 1, 2, ...,
        q, different for unequally spaced values such as 1, 2, 3, 4, 6).
    missing : {"complete", "gwet"}, default="complete"
        A unit one coder left unrated: ``"complete"`` drops it (complete-case analysis,
        as scikit-learn, irr and psych); ``"gwet"`` keeps it for that coder's marginal
        shares (Gwet 2014: each coder's shares over every unit that coder rated; the
        observed agreement over the units both rated), as irrCAC's
        ``conger.kappa.raw`` with two raters. The two agree on complete data.

    Returns
    -------
    float
        ``(p_o - p_e) / (1 - p_e)``; NaN with a :class:`DegenerateAgreementWarning` when
        every rating falls in one category or no unit was rated by both coders.

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
    Psychological Measurement*, 20(1), 37-46. https://doi.org/10.1177/001316446002000104

    Cohen, J. (1968). Weighted kappa. *Psychological Bulletin*, 70(4), 213-220.
    https://doi.org/10.1037/h0026256

    Examples
    --------
    irrCAC's ``cont3x3abstractors`` table (published 0.7964094 unweighted, 0.8921569
    with quadratic weights):

    >>> import numpy as np
    >>> table = np.array([[13, 0, 0], [0, 20, 7], [0, 4, 56]])
    >>> a = np.repeat([0, 0, 0, 1, 1, 1, 2, 2, 2], table.ravel())
    >>> b = np.repeat([0, 1, 2, 0, 1, 2, 0, 1, 2], table.ravel())
    >>> round(cohen_kappa(a, b), 7), round(cohen_kappa(a, b, "quadratic", [0, 1, 2]), 7)
    (0.7964094, 0.8921569)

    irrCAC's ``cac.ben.gerry`` (one rating missing): complete cases give 0.65625,
    Gwet's rule 0.6571429 (irrCAC's value):

    >>> a = ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"]
    >>> b = ["b", "a", "b", "b", "b", "c", "c", "c", "e", None, "d", "d"]
    >>> round(cohen_kappa(a, b), 7), round(cohen_kappa(a, b, missing="gwet"), 7)
    (0.65625, 0.6571429)
    """
    caller = "cohen_kappa"
    rule = check_option(missing, MISSING_RULES, param="missing", caller=caller)
    r, w = _cohen_ratings(a, b, categories, weights, weight_by, caller)
    both = (r.codes >= 0).all(0)
    if not both.any():
        return _undefined(caller, "Cohen's kappa", "no unit was rated by both coders")
    table, margins = cohen_table(r, rule)
    po = float((w * table).sum())
    pe = float(margins[0] @ w @ margins[1])
    return _chance_corrected(po, pe, caller, "Cohen's kappa")


def cohen_table(r: _Ratings, rule: str) -> tuple[np.ndarray, np.ndarray]:
    """Joint shares over units both coders rated, and the two coders' marginal shares
    (over those units for ``"complete"``, over each coder's rated units for ``"gwet"``)."""
    q = r.q
    both = (r.codes >= 0).all(0)
    ca, cb = r.codes[0, both], r.codes[1, both]
    table = np.bincount(ca * q + cb, minlength=q * q).reshape(q, q) / len(ca)
    if rule == "complete":
        return table, np.vstack([table.sum(1), table.sum(0)])
    shares, _ = coder_shares(r.codes, q)
    return table, shares


# ------------------------------------------------------------------ Krippendorff
@dataclass(frozen=True)
class _Coincidences:
    o: np.ndarray  # (V, V) observed coincidences
    n_v: np.ndarray  # (V,) pairable values per category
    n_pairs: float  # sum over pairable units of m_u (m_u - 1) / 2


def _coincidences(codes: np.ndarray, q: int) -> _Coincidences:
    """Krippendorff's observed coincidences over units with m_u >= 2 ratings.

    ``o = vc.T @ diag(1 / (m_u - 1)) @ vc - diag(vc.T @ (1 / (m_u - 1)))``, accumulated
    over blocks of units from the value counts ``vc``; the subtracted diagonal removes
    each value's pairing with itself. With more than ``_MATMUL_MAX`` categories the same
    matrix is counted pair by pair of coders instead (the product costs n_units x V^2).
    """
    if q > _MATMUL_MAX:
        return _coincidences_by_pairs(codes, q)
    o = np.zeros((q, q))
    diag = np.zeros(q)
    n_pairs = 0.0
    for vc, m in _unit_counts(codes, q):
        # 1 / (m_u - 1) for pairable units, 0 for units with fewer than two ratings
        scaled = vc * np.where(m >= 2, 1.0 / np.maximum(m - 1.0, 1.0), 0.0)[:, None]
        o += scaled.T @ vc
        diag += scaled.sum(0)
        n_pairs += float((m * (m - 1.0)).sum() / 2.0)
    o[np.diag_indices(q)] -= diag
    return _Coincidences(o, o.sum(1), n_pairs)


def _coincidences_by_pairs(codes: np.ndarray, q: int) -> _Coincidences:
    """The same coincidences, one weighted bincount per pair of coders: O(n_coders^2 x n_units)."""
    ok = codes >= 0
    m = ok.sum(0)
    w = np.where(m >= 2, 1.0 / np.maximum(m - 1, 1), 0.0)
    o = np.zeros(q * q)
    for i in range(codes.shape[0]):
        for j in range(i + 1, codes.shape[0]):
            both = ok[i] & ok[j]
            o += np.bincount(codes[i, both] * q + codes[j, both], weights=w[both],
                             minlength=q * q)
    o = o.reshape(q, q)
    o += o.T
    mf = m.astype(np.float64)
    return _Coincidences(o, o.sum(1), float((mf * (mf - 1.0)).sum() / 2.0))


def _midranks(n_v: np.ndarray) -> np.ndarray:
    """t_c = sum_{g <= c} n_g - n_c / 2; the ordinal metric is (t_c - t_k)**2."""
    return np.cumsum(n_v) - n_v / 2.0


def _distances(level: str, n_v: np.ndarray, values: np.ndarray | None) -> np.ndarray:
    """Krippendorff's squared difference function delta^2 between categories (V x V)."""
    q = len(n_v)
    if level == "nominal":
        return 1.0 - np.eye(q)
    if level == "ordinal":
        t = _midranks(n_v)
        return np.subtract.outer(t, t) ** 2
    if values is None:  # labels: equally spaced positions
        values = np.arange(q, dtype=np.float64)
    values, base = _w.shifted(values)  # integers beyond 2**53: their exact differences
    if level == "interval":
        return np.subtract.outer(values, values) ** 2
    total = np.add.outer(values, values) + 2.0 * base
    diff = np.subtract.outer(values, values)
    out = np.zeros((q, q))
    np.divide(diff, total, out=out, where=total != 0)
    return out ** 2


def _alpha_values(r: _Ratings, level: str, caller: str) -> np.ndarray | None:
    """Numeric value of each category for interval and ratio alpha (None otherwise)."""
    if level not in ("interval", "ratio"):
        return None
    if r.values is not None:
        return r.values
    if level == "interval" and r.declared:
        return np.arange(r.q, dtype=np.float64)  # equally spaced, in the declared order
    hint = (", or pass the labels in scale order as categories= to score them 1, 2, 3 ..."
            if level == "interval" else " (a ratio scale needs a true zero)")
    raise AgreementError(Errors.Q313.format(caller=caller, level=level,
                                            found=r.categories[:10], hint=hint))


def _alpha_from_moments(v: np.ndarray) -> tuple[float, float]:
    """(Sum o*delta, sum e*delta) for the interval metric, from per-unit variances.

    ``v`` holds values (n_coders, n_units) with NaN for missing. For the squared
    difference, sum over a unit's ordered pairs of (v_i - v_j)^2 = 2 m SS, so the
    coincidence-weighted observed sum is sum_u 2 m_u SS_u / (m_u - 1) and the expected
    one is 2 n SS_total / (n - 1): no V x V matrix, whatever the number of values.
    """
    ok = ~np.isnan(v)
    m = ok.sum(0)
    keep = m >= 2
    v, ok, m = v[:, keep], ok[:, keep], m[keep].astype(np.float64)
    x = np.where(ok, v, 0.0)
    mean_u = x.sum(0) / m
    ss_u = (np.where(ok, v - mean_u, 0.0) ** 2).sum(0)
    observed = float((2.0 * m * ss_u / (m - 1.0)).sum())
    n = float(m.sum())
    grand = float(x.sum()) / n
    ss = float((np.where(ok, v - grand, 0.0) ** 2).sum())
    return observed, 2.0 * n * ss / (n - 1.0)


def _no_variance(caller: str) -> float:
    return _undefined(caller, "Krippendorff's alpha", "all pairable ratings are equal, so "
                      "expected disagreement is 0 (no variance to agree on)")


def _alpha_by_moments(v: np.ndarray, caller: str) -> float:
    """Alpha for the squared-difference metric on values ``v`` (NaN = missing)."""
    pairable = (~np.isnan(v)).sum(0) >= 2
    vals = v[:, pairable]
    vals = vals[~np.isnan(vals)]
    if vals.min() == vals.max():
        return _no_variance(caller)
    observed, expected = _alpha_from_moments(v)
    return 1.0 - observed / expected


def _pairable_values(codes: np.ndarray, q: int) -> np.ndarray:
    """n_v: how many pairable values (in units with >= 2 ratings) fall in each category."""
    ok = codes >= 0
    keep = ok.sum(0) >= 2
    c = codes[:, keep]
    return np.bincount(c[c >= 0], minlength=q).astype(np.float64)


def _nominal_agreeing_pairs(codes: np.ndarray) -> float:
    """Sum over pairable units of agreeing ordered pairs / (m_u - 1), pair by pair of coders."""
    ok = codes >= 0
    m = ok.sum(0)
    w = np.where(m >= 2, 1.0 / np.maximum(m - 1, 1), 0.0)
    total = 0.0
    for i in range(codes.shape[0]):
        for j in range(i + 1, codes.shape[0]):
            same = ok[i] & ok[j] & (codes[i] == codes[j])
            total += 2.0 * float(w[same].sum())
    return total


def krippendorff_alpha(data: Any, level: Level = "nominal", *,
                       categories: Sequence[Any] | None = None, weights: WeightsLike = None,
                       weight_by: WeightBy = "position") -> float:
    """Krippendorff's alpha for any number of coders, missing ratings and four levels.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings, numbers or labels; ``np.nan`` or ``None`` marks a missing rating.
    level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        Level of measurement: the difference function between two values. (The
        ``krippendorff`` package defaults to interval; qualkit to nominal, the level
        of codes.)
    categories : sequence, optional
        Every value in scale order. Labels need it for ordinal alpha (their sorted
        order is not their scale order); for interval alpha, labels in ``categories``
        are scored 1, 2, 3 ... by position. Ratio alpha needs numbers. Without it, the
        sorted distinct observed values are used (for ordinal alpha an unused value
        changes nothing: the metric counts observed values only).
    weights : str, array-like of shape (q, q) or None, default=None
        Agreement weights instead of a level, as irrCAC's ``krippen.alpha.raw``: the
        difference between two categories is ``1 - w``. A scheme name (``"linear"``,
        ``"quadratic"``, ``"ordinal"``, ``"radical"``, ``"ratio"``, ``"circular"``,
        ``"bipolar"``; see :mod:`qualkit.agreement`) or a q x q matrix in
        ``categories`` order. Leave ``level`` nominal when passing weights. Alpha does
        not change when every difference is multiplied by one constant, so
        ``weights="quadratic", weight_by="value"`` is interval alpha, ``"ratio"`` by
        value is ratio alpha, and ``"circular"`` and ``"bipolar"`` by value are
        Krippendorff's circular and polar metrics.
    weight_by : {"position", "value"}, default="position"
        What named weights measure distance on: positions 1..q in ``categories`` or the
        categories' numeric values (irrCAC's choice for numbers).

    Returns
    -------
    float
        ``1 - D_o / D_e``; NaN with a :class:`DegenerateAgreementWarning` when no unit
        has two ratings or all pairable ratings are equal (``D_e = 0``).

    Notes
    -----
    Units with fewer than two ratings are not pairable and are dropped, as the method
    prescribes (Krippendorff 2011). The coincidence matrix ``o`` is the matrix product
    of the per-unit value counts ``vc`` (counted with ``np.bincount``, block by block),
    ``o = vc.T @ diag(1 / (m_u - 1)) @ vc`` minus its self-pairs; the expected
    coincidences come from ``n_v`` alone and the V x V difference matrix, the ordinal
    one from cumulative sums of ``n_v``. Time O(n_coders x n_units + n_units x V^2),
    memory O(n_coders x n_units + V^2) -- never a units x V x V array. Beyond 128 values
    the product would dominate, so ``o`` is then counted with one weighted bincount per
    pair of coders (O(n_coders^2 x n_units)). Interval alpha uses the identity "sum over
    a unit's ordered pairs of (v_i - v_j)^2 = 2 m SS" and needs no V x V matrix, so it
    handles continuous ratings; with more than 2048 distinct values nominal alpha counts
    agreeing pairs of coders and ordinal alpha applies the same identity to mid-ranks
    (the ordinal difference is the squared difference of mid-ranks), while ratio alpha
    refuses (it needs the V x V matrix).

    References
    ----------
    Krippendorff, K. (2011). *Computing Krippendorff's alpha-reliability*. Annenberg
    School for Communication, University of Pennsylvania.
    https://repository.upenn.edu/asc_papers/43

    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard
    reliability measure for coding data. *Communication Methods and Measures*, 1(1),
    77-89. https://doi.org/10.1080/19312450709336664

    Examples
    --------
    The canonical reliability data of the ``krippendorff`` package and Wikipedia (3
    coders, 15 units; nominal 0.691358, interval 0.810845):

    >>> nan = float("nan")
    >>> data = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
    ...         [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
    ...         [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]
    >>> [round(krippendorff_alpha(data, level), 6) for level in ("nominal", "interval")]
    [0.691358, 0.810845]

    Krippendorff (2011), 4 coders x 12 units (published .743, .815, .849, .797):

    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> levels = ("nominal", "ordinal", "interval", "ratio")
    >>> [round(krippendorff_alpha(data, level), 3) for level in levels]
    [0.743, 0.815, 0.849, 0.797]
    """
    caller = "krippendorff_alpha"
    check_option(level, LEVELS, param="level", caller=caller)
    if weights is not None:
        if level != "nominal":
            raise AgreementError(Errors.Q325.format(caller=caller, level=level))
        return _weighted_alpha(data, categories, weights, weight_by, caller)
    r = _encode(data, categories, caller,
                ordered_for=None if level == "nominal" else f"level={level!r}")
    values = _alpha_values(r, level, caller)
    if level == "ratio" and values is not None and (values < 0).any():
        used = np.zeros(r.codes.shape, dtype=bool)
        used[r.codes >= 0] = values[r.codes[r.codes >= 0]] < 0
        if used.any():
            i, u = _first(used)
            found = _plain([values[r.codes[i, u]]])[0]
        else:  # a declared category below zero that nobody used
            i, u, found = -1, -1, _plain([values[values < 0][0]])[0]
        raise AgreementError(Errors.Q320.format(caller=caller, found=found, coder=i, unit=u))
    pairable = (r.codes >= 0).sum(0) >= 2
    if not pairable.any():
        return _undefined(caller, "Krippendorff's alpha", "no unit was rated by two or more "
                          "coders, so there is no pair of values to compare")
    if level == "interval" and values is not None and values.dtype != object:
        v = np.where(r.codes >= 0, values[np.maximum(r.codes, 0)], np.nan)
        return _alpha_by_moments(v, caller)
    if r.q <= _DENSE_MAX:
        co = _coincidences(r.codes, r.q)
        if np.count_nonzero(co.n_v) < 2:
            return _no_variance(caller)
        return _alpha_from_coincidences(co, _distances(level, co.n_v, values))
    n_v = _pairable_values(r.codes, r.q)
    if np.count_nonzero(n_v) < 2:
        return _no_variance(caller)
    if level == "nominal":
        n = n_v.sum()
        observed = n - _nominal_agreeing_pairs(r.codes)
        expected = (n * n - float((n_v ** 2).sum())) / (n - 1.0)
        return 1.0 - observed / expected
    if level == "ordinal":
        t = _midranks(n_v)
        return _alpha_by_moments(np.where(r.codes >= 0, t[np.maximum(r.codes, 0)], np.nan),
                                 caller)
    raise AgreementError(Errors.Q314.format(caller=caller, level=level, n_values=r.q,
                                            gib=f"{r.q ** 2 * 8 / 2 ** 30:.1f}", limit=_DENSE_MAX))


def _alpha_from_coincidences(co: _Coincidences, d: np.ndarray) -> float:
    """``1 - D_o / D_e`` from coincidences and a V x V difference matrix."""
    n = co.n_v.sum()
    e = (np.outer(co.n_v, co.n_v) - np.diag(co.n_v)) / (n - 1.0)
    return 1.0 - float((co.o * d).sum()) / float((e * d).sum())


def _weighted_alpha(data: Any, categories: Sequence[Any] | None, weights: Any,
                    weight_by: Any, caller: str) -> float:
    """Alpha with the difference ``1 - w`` between categories (irrCAC's weighted alpha)."""
    r, w = _encode_weighted(data, categories, weights, weight_by, caller)
    if not ((r.codes >= 0).sum(0) >= 2).any():
        return _undefined(caller, "Krippendorff's alpha", "no unit was rated by two or more "
                          "coders, so there is no pair of values to compare")
    if r.q > _DENSE_MAX:
        raise AgreementError(Errors.Q314.format(caller=caller, level="weighted", n_values=r.q,
                                                gib=f"{r.q ** 2 * 8 / 2 ** 30:.1f}",
                                                limit=_DENSE_MAX))
    co = _coincidences(r.codes, r.q)
    d = 1.0 - w
    used = co.n_v > 0
    if not (d[np.ix_(used, used)] > 0).any():
        return _no_variance(caller)
    return _alpha_from_coincidences(co, d)

