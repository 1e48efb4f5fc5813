"""Benchmark scales for agreement coefficients, and Gwet's probabilistic benchmarking.

A coefficient's point estimate can sit above a benchmark that its interval straddles.
Gwet (2014, ch. 6) therefore gives each level of a scale the probability that the true
coefficient lies in it (a normal distribution around the estimate with the standard
error, truncated to [-1, 1]) and retains the first level, from the top, whose
cumulative probability reaches 95 %. irrCAC implements it as ``landis.koch.bf``,
``altman.bf`` and ``fleiss.bf``; Krippendorff's (2004) .667 / .800 thresholds for
alpha are benchmarked the same way here.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import check_option
from ..errors import Errors, InvalidParameterError

__all__ = ["benchmark", "interpret", "interpret_many", "SCALES", "BENCHMARK_COLUMNS"]

#: Benchmark scales: name -> (citation, levels from the top as (lower, upper, label)).
#: A point on a boundary belongs to the level below it (Landis and Koch's .21-.40 is
#: "fair", so .20 is "slight"), except the bounds in :data:`_LOWER_INCLUSIVE`.
SCALES: dict[str, tuple[str, tuple[tuple[float, float, str], ...]]] = {
    "landis-koch": ("Landis & Koch 1977", (
        (0.8, 1.0, "almost perfect"), (0.6, 0.8, "substantial"), (0.4, 0.6, "moderate"),
        (0.2, 0.4, "fair"), (0.0, 0.2, "slight"), (-1.0, 0.0, "poor"))),
    "altman": ("Altman 1991", (
        (0.8, 1.0, "very good"), (0.6, 0.8, "good"), (0.4, 0.6, "moderate"),
        (0.2, 0.4, "fair"), (-1.0, 0.2, "poor"))),
    "fleiss": ("Fleiss 1981", (
        (0.75, 1.0, "excellent"), (0.4, 0.75, "intermediate to good"),
        (-1.0, 0.4, "poor"))),
    "krippendorff": ("Krippendorff 2004", (
        (0.8, 1.0, "reliable"), (0.667, 0.8, "tentative"), (-1.0, 0.667, "unreliable"))),
}

#: Lower bounds that belong to their own level: the bottom of every scale, Landis and
#: Koch's 0 ("slight" is .00-.20), Fleiss' .40 ("fair to good" is .40-.75) and
#: Krippendorff's thresholds (alpha >= .800 is reliable, >= .667 tentative).
_LOWER_INCLUSIVE: dict[str, tuple[float, ...]] = {
    "landis-koch": (0.0, -1.0), "altman": (-1.0,), "fleiss": (0.4, -1.0),
    "krippendorff": (0.8, 0.667, -1.0)}

#: Columns of :func:`benchmark`, in order.
BENCHMARK_COLUMNS: tuple[str, ...] = ("level", "lower", "upper", "probability",
                                      "cumulative_probability")


def _scale(scale: Any, caller: str) -> tuple[str, tuple[tuple[float, float, str], ...]]:
    return SCALES[check_option(scale, list(SCALES), param="scale", caller=caller)]


def benchmark(value: float, se: float, scale: str = "landis-koch") -> pd.DataFrame:
    """Gwet's membership probabilities of a coefficient in each level of a benchmark scale.

    Parameters
    ----------
    value : float
        The coefficient.
    se : float
        Its standard error (e.g. from :func:`analytic_ci`).
    scale : {"landis-koch", "altman", "fleiss", "krippendorff"}, default="landis-koch"
        The benchmark scale (see :data:`SCALES`).

    Returns
    -------
    DataFrame
        One row per level, from the top: ``level, lower, upper, probability,
        cumulative_probability``. The probability of a level is that of a normal
        variable with mean ``value`` and standard deviation ``se`` falling in it,
        truncated to [-1, 1]; the cumulative probability adds the levels above.

    References
    ----------
    Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.), ch. 6.

    Examples
    --------
    irrCAC's benchmarking vignette: AC1 0.775 with standard error 0.14295 is only
    "moderate" on Landis and Koch's scale at 95 %:

    >>> b = benchmark(0.775444, 0.14295)
    >>> b[["level", "cumulative_probability"]].round(4)
                level  cumulative_probability
    0  almost perfect                  0.3968
    1     substantial                  0.8834
    2        moderate                  0.9954
    3            fair                  1.0000
    4          slight                  1.0000
    5            poor                  1.0000
    """
    _, levels = _scale(scale, "benchmark")
    if not (np.isfinite(value) and np.isfinite(se) and se > 0):
        raise InvalidParameterError(Errors.Q001.format(
            param="se", caller="benchmark", found=se,
            expected="a positive, finite standard error with a finite value"))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # tiny se: +-inf
        truncate = stats.norm.cdf((value + 1.0) / se) - stats.norm.cdf((value - 1.0) / se)
        rows, cum = [], 0.0
        for lo, hi, label in levels:
            prob = float((stats.norm.cdf((value - lo) / se) - stats.norm.cdf((value - hi) / se))
                         / truncate)
            cum += prob
            rows.append((label, lo, hi, prob, cum))
    return pd.DataFrame(rows, columns=list(BENCHMARK_COLUMNS))


def interpret(value: float, se: float | None = None, scale: str = "landis-koch",
              probability: float = 0.95) -> str:
    """A coefficient's level on a benchmark scale, naming the scale.

    Parameters
    ----------
    value : float
        The coefficient.
    se : float, optional
        Its standard error. With it, the level is Gwet's benchmark: the first level from
        the top whose cumulative membership probability reaches ``probability`` (see
        :func:`benchmark`); without it, the level the point estimate falls in.
    scale : {"landis-koch", "altman", "fleiss", "krippendorff"}, default="landis-koch"
        The benchmark scale.
    probability : float, default=0.95
        Cumulative probability a level must reach (with ``se``).

    Returns
    -------
    str
        For example ``"substantial (Landis & Koch 1977)"``, or with ``se``
        ``"moderate (Landis & Koch 1977, 95% benchmark)"``; ``"undefined"`` for NaN.

    Examples
    --------
    >>> interpret(0.775444), interpret(0.775444, se=0.14295)
    ('substantial (Landis & Koch 1977)', 'moderate (Landis & Koch 1977, 95% benchmark)')
    >>> interpret(0.72, scale="krippendorff")
    'tentative (Krippendorff 2004)'
    """
    name, levels = _scale(scale, "interpret")
    if value is None or not np.isfinite(value):
        return "undefined"
    if se is None or not np.isfinite(se) or se <= 0:
        label = point_level(value, scale)
        # a standard error of 0 leaves no doubt: the point's level is the benchmark
        how = f", {probability:.0%} benchmark" if se is not None and se == 0 else ""
        return f"{label} ({name}{how})"
    table = benchmark(value, se, scale)
    hit = table[table["cumulative_probability"] >= probability - 1e-12]
    label = hit["level"].iloc[0] if len(hit) else levels[-1][2]
    return f"{label} ({name}, {probability:.0%} benchmark)"


def interpret_many(values: Any, ses: Any = None, scale: str = "landis-koch",
                   probability: float = 0.95) -> list[str]:
    """:func:`interpret` of many coefficients at once (one array computation).

    Gives, element by element, exactly what :func:`interpret` gives; a comparison
    table of thousands of rows (one per code and transcript) needs it.

    Parameters
    ----------
    values : array-like of float
        The coefficients.
    ses : array-like of float, optional
        Their standard errors (NaN or missing: the point's level).
    scale : {"landis-koch", "altman", "fleiss", "krippendorff"}, default="landis-koch"
        The benchmark scale.
    probability : float, default=0.95
        Cumulative probability a level must reach (with a standard error).

    Returns
    -------
    list of str

    Examples
    --------
    >>> interpret_many([0.775444, 0.775444, float("nan")], [None, 0.14295, 0.1])
    ['substantial (Landis & Koch 1977)', 'moderate (Landis & Koch 1977, 95% benchmark)', \
'undefined']
    """
    name, levels = _scale(scale, "interpret_many")
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    if ses is None:
        se = np.full(v.shape, np.nan)
    else:
        se = np.asarray([np.nan if x is None else x for x in np.asarray(ses, dtype=object)
                         .reshape(-1)], dtype=np.float64)
    out: list[str] = [""] * len(v)
    gwet = np.isfinite(v) & np.isfinite(se) & (se > 0)
    idx = np.flatnonzero(gwet)
    if len(idx):
        val, sd = v[idx][:, None], se[idx][:, None]
        lo = np.array([lv[0] for lv in levels])[None, :]
        hi = np.array([lv[1] for lv in levels])[None, :]
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # tiny se: +-inf
            truncate = stats.norm.cdf((val + 1.0) / sd) - stats.norm.cdf((val - 1.0) / sd)
            prob = (stats.norm.cdf((val - lo) / sd) - stats.norm.cdf((val - hi) / sd)) / truncate
        cum = np.cumsum(prob, axis=1)  # the same order of sums as benchmark()
        ok = cum >= probability - 1e-12
        first = np.where(ok.any(axis=1), ok.argmax(axis=1), len(levels) - 1)
        for i, j in zip(idx.tolist(), first.tolist()):
            out[i] = f"{levels[j][2]} ({name}, {probability:.0%} benchmark)"
    for i in np.flatnonzero(~gwet).tolist():
        out[i] = interpret(float(v[i]), None if np.isnan(se[i]) else float(se[i]), scale,
                           probability)
    return out


def point_level(value: float, scale: str = "landis-koch") -> str:
    """The level a point estimate falls in (no standard error), without the scale's name.

    >>> point_level(0.2), point_level(0.21), point_level(0.8, "krippendorff")
    ('slight', 'fair', 'reliable')
    """
    _, levels = _scale(scale, "point_level")
    if value is None or not np.isfinite(value):
        return "undefined"
    closed = _LOWER_INCLUSIVE[scale]
    for lo, _, label in levels:
        if value > lo or (value == lo and lo in closed):
            return label
    return levels[-1][2]
