"""Bootstrap confidence intervals and a tidy one-row-per-coefficient summary."""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._validation import check_option
from ..errors import AgreementError, Errors, InvalidParameterError
from ._coefficients import (
    _DENSE_MAX,
    LEVELS,
    DegenerateAgreementWarning,
    _alpha_values,
    _as_array,
    _coincidences,
    _distances,
    _encode,
    _encode_weighted,
    _outside_stacklevel,
    brennan_prediger,
    cohen_kappa,
    conger_kappa,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    hubert_kappa,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
)
from . import _weights as _w
from ._benchmark import SCALES, interpret
from ._inference import _unwrap, inference_or_nan

__all__ = ["bootstrap_ci", "summary", "BootstrapResult", "COEFFICIENTS", "SUMMARY_COLUMNS"]

#: Coefficients by name, as :func:`summary` knows them.
COEFFICIENTS: dict[str, Callable[..., float]] = {
    "percent_agreement": percent_agreement,
    "cohen_kappa": cohen_kappa,
    "scott_pi": scott_pi,
    "fleiss_kappa": fleiss_kappa,
    "conger_kappa": conger_kappa,
    "hubert_kappa": hubert_kappa,
    "gwet_ac1": gwet_ac1,
    "gwet_ac2": gwet_ac2,
    "brennan_prediger": brennan_prediger,
    "krippendorff_alpha": krippendorff_alpha,
}

#: Columns of :func:`summary`, in order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "coefficient", "value", "se", "ci_low", "ci_high", "p_value", "boot_ci_low",
    "boot_ci_high", "n_units", "n_coders", "method", "interpretation")

_METHODS = ("percentile", "kalpha")


class BootstrapResult(NamedTuple):
    """A coefficient's estimate on the data and the bounds of its confidence interval."""

    estimate: float
    ci_low: float
    ci_high: float


def _apply(func: Callable[..., float], data: np.ndarray, kwargs: Mapping[str, Any]) -> float:
    """Call a coefficient on (n_coders, n_units) ratings; Cohen's kappa gets two rows."""
    if _unwrap(func)[0] is cohen_kappa:
        if data.shape[0] != 2:
            raise AgreementError(Errors.Q316.format(caller="agreement", found=data.shape[0]))
        return float(func(data[0], data[1], **kwargs))
    return float(func(data, **kwargs))


def _check_number(value: Any, param: str, caller: str, expected: str, ok: bool) -> None:
    if not ok:
        raise InvalidParameterError(Errors.Q001.format(param=param, caller=caller,
                                                       expected=expected, found=value))


def _check_bootstrap_args(n_boot: Any, level: Any, caller: str) -> None:
    _check_number(n_boot, "n_boot", caller, "an integer >= 1",
                  isinstance(n_boot, numbers.Integral) and not isinstance(n_boot, bool)
                  and n_boot >= 1)
    _check_number(level, "level", caller, "a confidence level strictly between 0 and 1",
                  isinstance(level, numbers.Real) and not isinstance(level, bool)
                  and 0 < level < 1)


def bootstrap_ci(func: Callable[..., float], data: Any, n_boot: int = 1000,
                 level: float = 0.95, random_state: int | np.random.Generator | None = 0,
                 method: str = "percentile", *,
                 func_kwargs: Mapping[str, Any] | None = None) -> BootstrapResult:
    """Estimate and bootstrap confidence interval of an agreement coefficient.

    Parameters
    ----------
    func : callable
        A coefficient taking ratings shaped (n_coders, n_units), such as
        :func:`krippendorff_alpha`, or :func:`cohen_kappa` (given the two rows). Bind
        its options with ``func_kwargs`` or ``functools.partial``.
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating.
    n_boot : int, default=1000
        Number of bootstrap resamples.
    level : float, default=0.95
        Confidence level of the interval (``level`` here is *not* alpha's level of
        measurement: pass that as ``func_kwargs={"level": "ordinal"}``).
    random_state : int, numpy Generator or None, default=0
        Seed: the same seed gives the same interval.
    method : {"percentile", "kalpha"}, default="percentile"
        ``"percentile"`` resamples units (columns) with replacement, keeping each unit's
        ratings together, recomputes the coefficient and takes the percentile interval.
        ``"kalpha"`` (Krippendorff's alpha only) is Hayes and Krippendorff's KALPHA
        algorithm: draw M pairs of values from the observed coincidence matrix, with
        M = min(25 x the number of non-empty coincidence cells, (n_coders - 1) n / 2),
        and compute ``1 - D_o* / D_e`` with the expected disagreement held fixed (values
        below -1 are set to -1, as KALPHA does). Because it treats pairs of values as
        independent draws and ignores that units, not pairs, are sampled, its intervals
        are known to be too narrow (Gwet 2015; Zapf et al. 2016); use it to reproduce
        KALPHA output, and ``"percentile"`` to report.
    func_kwargs : mapping, optional
        Keyword arguments for ``func``.

    Returns
    -------
    BootstrapResult
        Named tuple ``(estimate, ci_low, ci_high)``: the coefficient on ``data`` and the
        interval's bounds. Resamples on which the coefficient is undefined (e.g. a
        resample where every rating is the same) are left out with one
        :class:`DegenerateAgreementWarning`; if the estimate itself is undefined,
        everything is NaN.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman &
    Hall. https://doi.org/10.1201/9780429246593

    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard
    reliability measure for coding data. *Communication Methods and Measures*, 1(1),
    77-89. https://doi.org/10.1080/19312450709336664

    Gwet, K. L. (2015). Standard error of Krippendorff's alpha coefficient. *K. Gwet's
    Inter-Rater Reliability Blog*, August 2015.

    Zapf, A., Castell, S., Morawietz, L., & Karch, A. (2016). Measuring inter-rater
    reliability for nominal data -- which coefficients and confidence intervals are
    appropriate? *BMC Medical Research Methodology*, 16, 93.
    https://doi.org/10.1186/s12874-016-0200-9

    Examples
    --------
    >>> res = bootstrap_ci(krippendorff_alpha, [[1, 2, 3, 3, 2, 1, 4, 1, 2, 4],
    ...                                         [1, 2, 3, 3, 2, 2, 4, 1, 2, 4]], n_boot=200)
    >>> round(res.estimate, 4), res.ci_low <= res.estimate <= res.ci_high
    (0.8707, True)
    """
    caller = "bootstrap_ci"
    if not callable(func):
        raise InvalidParameterError(Errors.Q001.format(
            param="func", caller=caller, expected="a coefficient function", found=func))
    _check_bootstrap_args(n_boot, level, caller)
    check_option(method, _METHODS, param="method", caller=caller)
    kwargs = dict(func_kwargs or {})
    arr = _as_array(data, caller)
    rng = np.random.default_rng(random_state)
    if method == "kalpha":
        base, bound = _unwrap(func)
        if base is not krippendorff_alpha:
            raise AgreementError(Errors.Q315.format(caller=caller, found=getattr(
                base, "__name__", repr(base))))
        return _kalpha(arr, {**bound, **kwargs}, n_boot, level, rng)
    estimate = _apply(func, arr, kwargs)
    if np.isnan(estimate):
        return BootstrapResult(estimate, float("nan"), float("nan"))
    n_units = arr.shape[1]
    stats = np.empty(n_boot)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateAgreementWarning)
        for k in range(n_boot):
            stats[k] = _apply(func, arr[:, rng.integers(0, n_units, size=n_units)], kwargs)
    return _interval(estimate, stats, level)


def _interval(estimate: float, stats: np.ndarray, level: float) -> BootstrapResult:
    ok = np.isfinite(stats)
    if not ok.all():
        warnings.warn(Errors.Q309.format(
            caller="bootstrap_ci", coefficient=f"the coefficient on {int((~ok).sum())} of "
            f"{len(stats)} resamples", reason="those resamples have no variance or no "
            "pairable unit; the interval uses the others"), DegenerateAgreementWarning,
            stacklevel=_outside_stacklevel())
    if not ok.any():
        return BootstrapResult(estimate, float("nan"), float("nan"))
    tail = (1.0 - level) / 2.0
    lo, hi = np.quantile(stats[ok], [tail, 1.0 - tail])
    return BootstrapResult(estimate, float(lo), float(hi))


def _kalpha(arr: np.ndarray, kwargs: dict[str, Any], n_boot: int, level: float,
            rng: np.random.Generator) -> BootstrapResult:
    """Hayes and Krippendorff's KALPHA bootstrap of alpha (see :func:`bootstrap_ci`)."""
    alpha_level = kwargs.get("level", "nominal")
    check_option(alpha_level, LEVELS, param="level", caller="bootstrap_ci")
    estimate = float(krippendorff_alpha(arr, **kwargs))
    if np.isnan(estimate):
        return BootstrapResult(estimate, float("nan"), float("nan"))
    weights = kwargs.get("weights")
    if weights is not None:
        r, w = _encode_weighted(arr, kwargs.get("categories"), weights,
                                kwargs.get("weight_by", "position"), "bootstrap_ci")
    else:
        r = _encode(arr, kwargs.get("categories"), "bootstrap_ci",
                    ordered_for=None if alpha_level == "nominal" else f"level={alpha_level!r}")
    if r.q > _DENSE_MAX:
        raise AgreementError(Errors.Q314.format(caller="bootstrap_ci", level="KALPHA",
                                                n_values=r.q, gib=f"{r.q ** 2 * 8 / 2 ** 30:.1f}",
                                                limit=_DENSE_MAX))
    co = _coincidences(r.codes, r.q)
    n = float(co.n_v.sum())
    if weights is not None:
        delta = 1.0 - w
    else:
        delta = _distances(alpha_level, co.n_v, _alpha_values(r, alpha_level, "bootstrap_ci"))
    expected = (np.outer(co.n_v, co.n_v) - np.diag(co.n_v)) / (n - 1.0)
    d_e = float((expected * delta).sum()) / n
    upper = np.triu_indices(r.q)
    # each unordered cell once: diagonal o_cc / n, off-diagonal 2 o_ck / n
    p = np.where(upper[0] == upper[1], 1.0, 2.0) * co.o[upper] / n
    p = np.clip(p, 0.0, None)
    p /= p.sum()
    cell_delta = delta[upper]
    n_cells = int(np.count_nonzero(co.o > 1e-12))
    m_draws = max(1, int(min(25 * n_cells, (arr.shape[0] - 1) * n / 2.0)))
    stats = np.empty(n_boot)
    batch = max(1, (1 << 22) // max(len(p), 1))
    for start in range(0, n_boot, batch):
        size = min(batch, n_boot - start)
        draws = rng.multinomial(m_draws, p, size=size)
        stats[start:start + size] = 1.0 - (draws @ cell_delta) / (d_e * m_draws)
    stats = np.maximum(stats, -1.0)
    diag = np.diag(co.o)
    n_used = int(np.count_nonzero(diag > 1e-12))
    perfect = stats >= 1.0 - 1e-12
    if n_used == 1:
        stats[perfect] = 0.0
    elif perfect.any():
        # KALPHA's correction: about n_boot * sum_c (o_cc / n) ** pairs resamples agree
        # perfectly by chance alone; that many perfect resamples are set to 0
        chance = float(np.sum((diag / n) ** co.n_pairs))
        n_zero = min(int(round(n_boot * chance)), int(perfect.sum()))
        stats[np.flatnonzero(perfect)[:n_zero]] = 0.0
    return _interval(estimate, stats, level)


def _missing(arr: np.ndarray) -> np.ndarray:
    return np.isnan(arr) if arr.dtype.kind == "f" else np.asarray(pd.isna(arr), dtype=bool)


#: How each coefficient treats missing ratings, in words for :func:`summary`'s ``method``.
_MISSING_RULE = {
    "percent_agreement": "units rated by two or more coders",
    "cohen_kappa": "complete cases",
    "scott_pi": "complete cases",
    "fleiss_kappa": "Gwet's rule (shares over every rated unit)",
    "gwet_ac1": "Gwet's rule (shares over every rated unit)",
    "gwet_ac2": "Gwet's rule (shares over every rated unit)",
    "brennan_prediger": "units rated by two or more coders",
    "conger_kappa": "Gwet's rule (each coder's shares over the units it rated)",
    "hubert_kappa": "Gwet's rule (each coder's shares over the units it rated)",
    "krippendorff_alpha": "pairable values (units rated by two or more coders)",
}
_WEIGHTED = ("percent_agreement", "cohen_kappa", "scott_pi", "fleiss_kappa", "conger_kappa",
             "hubert_kappa", "brennan_prediger", "gwet_ac2")


def _method(name: str, kw: Mapping[str, Any]) -> str:
    """Words for the weights (or level) and the missing-data rule a row used."""
    weights = kw.get("weights")
    weight_by = kw.get("weight_by", "position")
    if name == "krippendorff_alpha" and weights is None:
        how = f"{kw.get('level', 'nominal')} differences"
    elif name == "gwet_ac1":
        how = "unweighted"
    else:
        how = _w.describe(weights, weight_by)
    rule = _MISSING_RULE[name]
    if name == "cohen_kappa" and kw.get("missing") == "gwet":
        rule = "Gwet's rule (each coder's marginals over the units it rated)"
    return f"{how}; missing ratings: {rule}"


def _interpretation(name: str, value: float, se: float, scale: str) -> str:
    if name == "percent_agreement":
        return "not benchmarked (no chance correction)"
    if scale == "auto":
        scale = "krippendorff" if name == "krippendorff_alpha" else "landis-koch"
    return interpret(value, se if np.isfinite(se) else None, scale)


def summary(data: Any, coefficients: Sequence[str] | None = None, ci: bool = False, *,
            n_boot: int = 1000, level: float = 0.95,
            random_state: int | np.random.Generator | None = 0, method: str = "percentile",
            categories: Sequence[Any] | None = None, weights: Any = None,
            weight_by: str = "position", alpha_level: str = "nominal",
            missing: str = "complete", benchmark: str = "auto") -> pd.DataFrame:
    """Several agreement coefficients on one set of ratings, one row each, with inference.

    Parameters
    ----------
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating.
    coefficients : sequence of str, optional
        Names from :data:`COEFFICIENTS`. By default ``percent_agreement``,
        ``cohen_kappa`` (two coders only), ``scott_pi``, ``fleiss_kappa``, ``gwet_ac1``,
        ``brennan_prediger`` and ``krippendorff_alpha``.
    ci : bool, default=False
        Add bootstrap confidence intervals (``boot_ci_low``, ``boot_ci_high``; see
        :func:`bootstrap_ci`) beside the analytic ones; without it they are NaN.
    n_boot, level, random_state : see :func:`bootstrap_ci`
        ``level`` is the confidence level of both intervals.
    method : {"percentile", "kalpha"}, default="percentile"
        Bootstrap method. ``"kalpha"`` applies to the alpha row only (KALPHA is defined
        for alpha); the other rows use ``"percentile"``.
    categories : sequence, optional
        Every category in scale order, passed to every coefficient (it changes
        Brennan-Prediger's and AC1's chance terms, and every weight).
    weights : str, array-like of shape (q, q) or None, default=None
        Passed to every coefficient that takes weights (``gwet_ac2`` defaults to
        quadratic when this is None); a scheme name or a q x q matrix.
    weight_by : {"position", "value"}, default="position"
        What named weights measure distance on.
    alpha_level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        Level of measurement for Krippendorff's alpha (when ``weights`` is None).
    missing : {"complete", "gwet"}, default="complete"
        Missing-data rule of Cohen's kappa (see :func:`cohen_kappa`); named in
        ``method``.
    benchmark : {"auto", "landis-koch", "altman", "fleiss", "krippendorff"}, default="auto"
        Scale for ``interpretation``: ``"auto"`` uses Krippendorff's (2004) for alpha and
        Landis and Koch's (1977) for the kappa-like coefficients.

    Returns
    -------
    DataFrame
        One row per coefficient, unrounded, columns :data:`SUMMARY_COLUMNS`:
        ``coefficient, value``; ``se, ci_low, ci_high, p_value``, the analytic standard
        error, interval and one-sided p-value of :func:`analytic_ci` (Gwet's variance
        formulas, as irrCAC prints them); ``boot_ci_low, boot_ci_high`` (with
        ``ci=True``); ``n_units``, the units whose agreement the coefficient observes
        (units every coder rated for ``scott_pi`` and for ``cohen_kappa``, units rated
        by at least two coders for the others); ``n_coders``; ``method``, the weights
        (or alpha's level) and the missing-data rule used; and ``interpretation``, the
        level on the benchmark scale, named, by Gwet's 95 % benchmarking with the
        standard error (see :func:`interpret`).

    Examples
    --------
    >>> out = summary([[1, 2, 2, 1, 3, 3, 1, 2], [1, 2, 1, 1, 3, 3, 1, 2]],
    ...               ["percent_agreement", "cohen_kappa", "krippendorff_alpha"])
    >>> out[["coefficient", "value", "se", "ci_low"]].round(4)
              coefficient   value      se  ci_low
    0   percent_agreement  0.8750  0.1250  0.5794
    1         cohen_kappa  0.8095  0.1764  0.3923
    2  krippendorff_alpha  0.8193  0.1955  0.3570
    >>> print(out[["coefficient", "interpretation"]].to_string(index=False))
           coefficient                                interpretation
     percent_agreement        not benchmarked (no chance correction)
           cohen_kappa  moderate (Landis & Koch 1977, 95% benchmark)
    krippendorff_alpha unreliable (Krippendorff 2004, 95% benchmark)
    """
    caller = "agreement.summary"
    arr = _as_array(data, caller)
    n_coders = arr.shape[0]
    if coefficients is None:
        names = [n for n in COEFFICIENTS
                 if n not in ("gwet_ac2", "conger_kappa", "hubert_kappa")
                 and (n != "cohen_kappa" or n_coders == 2)]
    else:
        names = [check_option(n, list(COEFFICIENTS), param="coefficients", caller=caller)
                 for n in ([coefficients] if isinstance(coefficients, str) else coefficients)]
    check_option(method, _METHODS, param="method", caller=caller)
    check_option(benchmark, ("auto", *SCALES), param="benchmark", caller=caller)
    check_option(missing, ("complete", "gwet"), param="missing", caller=caller)
    _check_number(level, "level", caller, "a confidence level strictly between 0 and 1",
                  isinstance(level, numbers.Real) and not isinstance(level, bool)
                  and 0 < level < 1)
    if ci:
        _check_bootstrap_args(n_boot, level, caller)
    rated = (~_missing(arr)).sum(0)
    rows = []
    for name in names:
        kw: dict[str, Any] = {"categories": categories}
        if name in _WEIGHTED and (name != "gwet_ac2" or weights is not None):
            kw["weights"] = weights
        if name not in ("gwet_ac1", "krippendorff_alpha") or (
                name == "krippendorff_alpha" and weights is not None):
            kw["weight_by"] = weight_by
        if name == "krippendorff_alpha":
            if weights is None:
                kw["level"] = alpha_level
            else:
                kw["weights"] = weights
        if name == "cohen_kappa":
            kw["missing"] = missing
        func = COEFFICIENTS[name]
        complete_case = name == "scott_pi" or (name == "cohen_kappa")
        n_units = int((rated == n_coders).sum() if complete_case else (rated >= 2).sum())
        res = inference_or_nan(func, arr, level, kw)
        lo = hi = float("nan")
        if ci:
            how = method if name == "krippendorff_alpha" else "percentile"
            _, lo, hi = bootstrap_ci(func, arr, n_boot=n_boot, level=level,
                                     random_state=random_state, method=how, func_kwargs=kw)
        rows.append((name, res.estimate, res.se, res.ci_low, res.ci_high, res.p_value, lo, hi,
                     n_units, n_coders, _method(name, kw),
                     _interpretation(name, res.estimate, res.se, benchmark)))
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
