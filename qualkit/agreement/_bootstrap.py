"""Bootstrap confidence intervals and a tidy summary of every coefficient."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_option
from ._coefficients import (
    DegenerateAgreementWarning, brennan_prediger, fleiss_kappa, gwet_ac1, krippendorff_alpha,
    percent_agreement, scott_pi,
)

__all__ = ["bootstrap_ci", "summary", "COEFFICIENTS"]

#: Multi-coder coefficients by name, as used by :func:`summary`.
COEFFICIENTS: dict[str, Callable[..., float]] = {
    "percent_agreement": percent_agreement,
    "scott_pi": scott_pi,
    "fleiss_kappa": fleiss_kappa,
    "gwet_ac1": gwet_ac1,
    "brennan_prediger": brennan_prediger,
    "krippendorff_alpha": krippendorff_alpha,
}


def _as_array(data: Any) -> np.ndarray:
    arr = np.asarray(data, dtype=object)
    try:
        return np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        return arr


def bootstrap_ci(func: Callable[..., float], data: Any, *, n_boot: int = 1000,
                 confidence: float = 0.95, random_state: int | None = 0,
                 method: str = "percentile", **kwargs: Any) -> tuple[float, float, float]:
    """Estimate and bootstrap confidence interval of a coefficient, resampling units.

    Parameters
    ----------
    func : callable
        A coefficient taking ratings shaped (n_coders, n_units), e.g.
        :func:`krippendorff_alpha`; ``kwargs`` are passed on.
    data : array-like of shape (n_coders, n_units)
        The ratings; np.nan marks a missing rating.
    n_boot : int, default=1000
        Number of resamples.
    confidence : float, default=0.95
        Coverage of the interval.
    random_state : int, default=0
        Seed: the same seed gives the same interval.
    method : {"percentile", "kalpha"}, default="percentile"
        ``"percentile"``: units resampled with replacement, percentile interval.
        ``"kalpha"``: Hayes and Krippendorff's (2007) KALPHA variant, which resamples
        *pairs of values* within units; Gwet has shown its intervals are too narrow
        because it ignores the sampling of units, so prefer ``"percentile"`` for
        reporting and use ``"kalpha"`` only to compare with KALPHA output.

    Returns
    -------
    (estimate, ci_low, ci_high) : tuple of float

    Examples
    --------
    >>> est, lo, hi = bootstrap_ci(krippendorff_alpha, [[1, 2, 3, 3, 2, 1, 4, 1, 2],
    ...                                                 [1, 2, 3, 3, 2, 2, 4, 1, 2]], n_boot=200)
    >>> round(est, 3), lo <= est <= hi
    (0.852, True)
    """
    check_option(method, ["percentile", "kalpha"], param="method", caller="bootstrap_ci")
    arr = _as_array(data)
    est = float(func(arr, **kwargs))
    rng = np.random.default_rng(random_state)
    n_units = arr.shape[1]
    stats = np.empty(n_boot)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateAgreementWarning)
        for i in range(n_boot):
            if method == "percentile":
                sample = arr[:, rng.integers(0, n_units, size=n_units)]
            else:
                sample = _kalpha_resample(arr, rng)
            try:
                stats[i] = func(sample, **kwargs)
            except ValueError:
                stats[i] = np.nan
    stats = stats[np.isfinite(stats)]
    if len(stats) == 0:
        return est, float("nan"), float("nan")
    tail = (1 - confidence) / 2 * 100
    lo, hi = np.percentile(stats, [tail, 100 - tail])
    return est, float(lo), float(hi)


def _kalpha_resample(arr: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Resample the pairable values of each unit among themselves (KALPHA-style)."""
    out = arr.copy()
    for u in range(arr.shape[1]):
        col = arr[:, u]
        ok = np.flatnonzero(~pd.isna(col))
        if len(ok) >= 2:
            out[ok, u] = col[rng.choice(ok, size=len(ok), replace=True)]
    return out


def summary(data: Any, coefficients: Sequence[str] | None = None, *, ci: bool = False,
            n_boot: int = 1000, confidence: float = 0.95, random_state: int | None = 0,
            categories: Sequence[Any] | None = None, alpha_level: str = "nominal") -> pd.DataFrame:
    """Every coefficient for one set of ratings, one row each.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings; np.nan marks a missing rating.
    coefficients : sequence of str, optional
        Names from :data:`COEFFICIENTS`; all by default.
    ci : bool, default=False
        Add bootstrap intervals (units resampled, seeded).
    categories : sequence, optional
        The full category set (it changes Brennan-Prediger and AC1).
    alpha_level : str, default="nominal"
        Level of measurement for Krippendorff's alpha.

    Returns
    -------
    DataFrame
        Columns ``coefficient, value, ci_low, ci_high, n_units, n_coders``.

    Examples
    --------
    >>> summary([[1, 2, 2, 1], [1, 2, 1, 1]], ["percent_agreement", "scott_pi"])
             coefficient     value  ci_low  ci_high  n_units  n_coders
    0  percent_agreement  0.750000     NaN      NaN        4         2
    1           scott_pi  0.466667     NaN      NaN        4         2
    """
    names = list(coefficients or COEFFICIENTS)
    for n in names:
        check_option(n, list(COEFFICIENTS), param="coefficients", caller="agreement.summary")
    arr = _as_array(data)
    rows = []
    for name in names:
        func = COEFFICIENTS[name]
        kw: dict[str, Any] = {"categories": categories}
        if name == "krippendorff_alpha":
            kw["level"] = alpha_level
        if ci:
            est, lo, hi = bootstrap_ci(func, arr, n_boot=n_boot, confidence=confidence,
                                       random_state=random_state, **kw)
        else:
            est, lo, hi = float(func(arr, **kw)), float("nan"), float("nan")
        rows.append((name, est, lo, hi, arr.shape[1], arr.shape[0]))
    return pd.DataFrame(rows, columns=["coefficient", "value", "ci_low", "ci_high", "n_units",
                                       "n_coders"])
