"""Agreement weights between categories: Gwet's (irrCAC) seven schemes and custom matrices.

A weight ``w[k, l]`` in [0, 1] is the credit two ratings in categories k and l earn
(1 on the diagonal). Weighted coefficients take ``weights=`` as one of the names in
:data:`WEIGHT_SCHEMES`, a q x q matrix, or None (identity: unweighted).

Every named scheme is a function of the categories' *scores* ``x``. With
``weight_by="position"`` (qualkit's default) the scores are the positions 1, 2, ...,
q of the categories in scale order, so an unevenly spaced scale such as 1, 2, 3, 4, 6
counts as five equally spaced steps; with ``weight_by="value"`` the scores are the
categories' numeric values, so the step from 4 to 6 counts twice, which is what
Gwet's irrCAC does for numeric ratings. The formulas are those of irrCAC 1.4
(``weights.gen.r``), with ``x_min``, ``x_max`` the smallest and largest score:

================  ===================================================================
``linear``        ``1 - |x_k - x_l| / (x_max - x_min)``
``quadratic``     ``1 - (x_k - x_l)^2 / (x_max - x_min)^2``
``ordinal``       ``1 - C(n_kl, 2) / max C(n, 2)`` with ``n_kl = |k - l| + 1`` (positions
                  always)
``radical``       ``1 - sqrt|x_k - x_l| / sqrt(x_max - x_min)``
``ratio``         ``1 - ((x_k - x_l)/(x_k + x_l))^2 / ((x_max - x_min)/(x_max + x_min))^2``
``circular``      ``1 - sin^2(pi (x_k - x_l) / U) / max``, ``U = x_max - x_min + 1``
``bipolar``       ``1 - (x_k - x_l)^2 / ((x_k + x_l - 2 x_min)(2 x_max - x_k - x_l)) / max``
================  ===================================================================
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any, Literal, Union

import numpy as np

from .._validation import check_option
from ..errors import AgreementError, Errors, InvalidParameterError

__all__ = ["WEIGHT_SCHEMES", "WEIGHT_BY", "weight_matrix"]

#: Named agreement weights (irrCAC's), besides None (unweighted).
WEIGHT_SCHEMES: tuple[str, ...] = ("linear", "quadratic", "ordinal", "radical", "ratio",
                                   "circular", "bipolar")
#: What the named weights measure distance on: category positions or category values.
WEIGHT_BY: tuple[str, ...] = ("position", "value")

WeightsLike = Union[str, None, Sequence[Sequence[float]], np.ndarray]
WeightBy = Literal["position", "value"]


def check_weights(weights: Any, caller: str) -> Any:
    """Validate ``weights`` (a scheme name, None or a square matrix) without knowing q."""
    if weights is None or isinstance(weights, str):
        return check_option(weights, (None, *WEIGHT_SCHEMES), param="weights", caller=caller)
    try:
        w = np.asarray(weights, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidParameterError(Errors.Q001.format(
            param="weights", caller=caller, found=type(weights).__name__,
            expected=f"None, one of {list(WEIGHT_SCHEMES)} or a square matrix of numbers"),
        ) from None
    if w.ndim != 2 or w.shape[0] != w.shape[1] or w.shape[0] == 0:
        raise AgreementError(Errors.Q321.format(caller=caller, problem=f"has shape {w.shape}"))
    bad = ~np.isfinite(w) | (w < 0) | (w > 1)
    if bad.any():
        k, j = (int(i) for i in np.argwhere(bad)[0])
        raise AgreementError(Errors.Q321.format(
            caller=caller, problem=f"holds {float(w[k, j])!r} at row {k}, column {j}"))
    off = np.flatnonzero(np.diag(w) != 1.0)
    if off.size:
        k = int(off[0])
        raise AgreementError(Errors.Q321.format(
            caller=caller, problem=f"has {float(w[k, k])!r} on the diagonal at row {k}"))
    return w


def check_weight_by(weight_by: Any, caller: str) -> str:
    return str(check_option(weight_by, WEIGHT_BY, param="weight_by", caller=caller))


def is_custom(weights: Any) -> bool:
    return weights is not None and not isinstance(weights, str)


def describe(weights: Any, weight_by: str) -> str:
    """Short words for the output: 'unweighted', 'quadratic (by position)', 'custom'."""
    if weights is None:
        return "unweighted"
    if is_custom(weights):
        return "custom weights"
    return f"{weights} weights by {'value' if weight_by == 'value' else 'position'}"


def scores(q: int, values: np.ndarray | None, weight_by: str, categories: list[Any],
           caller: str) -> np.ndarray:
    """The scores the named schemes measure distance on: positions 1..q or values."""
    if weight_by == "position":
        return np.arange(1, q + 1, dtype=np.float64)
    if values is None:
        raise AgreementError(Errors.Q322.format(caller=caller, found=categories[:10]))
    if values.dtype == object:  # integers beyond 2**53, kept exact (see shifted)
        return values
    return np.asarray(values, dtype=np.float64)


def weight_matrix(weights: Any, q: int, x: np.ndarray | None, caller: str) -> np.ndarray:
    """The q x q agreement weights for a scheme name (on scores ``x``), a matrix or None."""
    if weights is None or q < 2:
        if is_custom(weights):
            return _custom(weights, q, caller)
        return np.eye(q)
    if is_custom(weights):
        return _custom(weights, q, caller)
    if weights == "ordinal":
        k = np.arange(q, dtype=np.float64)
        n = np.abs(np.subtract.outer(k, k)) + 1.0
        d = n * (n - 1.0) / 2.0
        return 1.0 - d / d.max()
    if x is None:  # a named scheme always comes with scores (see scores())
        x = np.arange(1, q + 1, dtype=np.float64)
    x, base = shifted(x)  # every scheme but ratio depends on differences only
    lo, hi = float(x.min()), float(x.max())
    diff = np.subtract.outer(x, x)
    if hi == lo:  # one distinct score: every pair is the same category
        return np.ones((q, q))
    if weights == "linear":
        return 1.0 - np.abs(diff) / (hi - lo)
    if weights == "quadratic":
        return 1.0 - diff ** 2 / (hi - lo) ** 2
    if weights == "radical":
        return 1.0 - np.sqrt(np.abs(diff)) / np.sqrt(hi - lo)
    if weights == "ratio":
        if lo + base <= 0:
            raise AgreementError(Errors.Q323.format(caller=caller, scheme="ratio",
                                                    found=lo + base))
        total = np.add.outer(x, x) + 2.0 * base
        return 1.0 - (diff / total) ** 2 / ((hi - lo) / (hi + lo + 2.0 * base)) ** 2
    if weights == "circular":
        d = np.sin(np.pi * diff / (hi - lo + 1.0)) ** 2
        return 1.0 - d / d.max()
    # bipolar
    total = np.add.outer(x, x)
    den = (total - 2.0 * lo) * (2.0 * hi - total)
    d = np.zeros((q, q))
    np.divide(diff ** 2, den, out=d, where=den != 0)
    np.fill_diagonal(d, 0.0)
    return 1.0 - d / d.max()


def _custom(weights: Any, q: int, caller: str) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (q, q):
        raise AgreementError(Errors.Q321.format(
            caller=caller, problem=f"has shape {w.shape} for {q} categories"))
    return w


def exact_ints(ints: Sequence[int]) -> np.ndarray:
    """Integers as an object array of Python ints, for values beyond 2**53 (float64
    would merge neighbours such as 2**62 and 2**62 - 1); see :func:`shifted`."""
    out = np.empty(len(ints), dtype=object)
    out[:] = [int(v) for v in ints]
    return out


def shifted(values: np.ndarray) -> tuple[np.ndarray, float]:
    """``(values - base, base)`` as floats, ``base`` the smallest of exact integer values
    (:func:`exact_ints`; 0 for float values, returned as they are).

    Differences of exact ints are taken before the cast, so scores such as 2**62 - 1 and
    2**62 stay 1 apart; a sum is ``shifted + 2 * base`` (rounded, like any float).

    >>> x, base = shifted(exact_ints([2 ** 62, 2 ** 62 - 1]))
    >>> x.tolist(), base == 2.0 ** 62
    ([1.0, 0.0], True)
    """
    if values.dtype != object:
        return values, 0.0
    lo = min(values)
    return np.array([float(v - lo) for v in values], dtype=np.float64), float(lo)


def numeric_values(categories: Sequence[Any]) -> np.ndarray | None:
    """Numeric values of the categories, or None when any is not a number."""
    if all(isinstance(c, numbers.Real) and not isinstance(c, bool) for c in categories):
        if (all(isinstance(c, numbers.Integral) for c in categories)
                and any(abs(int(c)) > 2 ** 53 for c in categories)):
            return exact_ints(categories)
        return np.asarray(categories, dtype=np.float64)
    return None
