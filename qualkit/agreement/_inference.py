"""Analytic standard errors, confidence intervals and p-values, as Gwet's irrCAC gives them.

Every variance is Gwet's (2008, 2014) linearisation: each unit i gets a term ``x_i``
(its own agreement, corrected for how it moves the chance term), and the variance of
the coefficient is ``sum_i (x_i - kappa)^2 / (n (n - 1))`` over the n units rated at
least once. The terms need only the per-unit value counts, so they are summed in the
same blocks of units as the coefficients (two passes: the coefficient, then the
terms): time O(n_coders x n_units + n_units x q^2), memory O(block x q). Conger's
kappa needs each coder's rating as well (one gather per coder).

Intervals are ``kappa +/- t_{1 - (1 - level) / 2, n - 1} se`` with the upper bound
capped at 1 (irrCAC caps the upper bound only), and the p-value is one-sided,
``P(T > kappa / se)`` with n - 1 degrees of freedom, testing "no agreement beyond
chance" (for percent agreement, "no agreement at all"). Two-coder contingency tables
use Gwet's two-rater formulas (irrCAC's ``kappa2.table``, ``scott2.table``,
``gwet.ac1.table``, ``bp2.table``, ``krippen2.table``, ``pa2.table``), which differ
slightly from the raw-data formulas on the same ratings.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from .._validation import check_option
from ..errors import AgreementError, Errors, InvalidParameterError
from . import _coefficients as _c
from ._coefficients import (
    DegenerateAgreementWarning,
    _alpha_values,
    _coincidences,
    _distances,
    _encode,
    _encode_weighted,
    _Parts,
    _parts,
    _parts_from_counts,
    _Ratings,
    _unit_counts,
    bp_pe,
    coder_shares,
    conger_pe,
    fleiss_pe,
    gwet_pe,
)

__all__ = ["analytic_ci", "AnalyticResult"]


class AnalyticResult(NamedTuple):
    """A coefficient with its analytic standard error, interval and p-value."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n_units: int


_NAN_RESULT = AnalyticResult(float("nan"), float("nan"), float("nan"), float("nan"),
                             float("nan"), 0)


def _check_level(level: Any, caller: str) -> float:
    if not (isinstance(level, (int, float)) and not isinstance(level, bool) and 0 < level < 1):
        raise InvalidParameterError(Errors.Q001.format(
            param="level", caller=caller, found=level,
            expected="a confidence level strictly between 0 and 1"))
    return float(level)


def _result(estimate: float, var: float, n: int, df: int, level: float) -> AnalyticResult:
    """Interval and p-value as irrCAC: t with ``df`` degrees of freedom, upper bound <= 1."""
    if not np.isfinite(estimate):
        return AnalyticResult(estimate, float("nan"), float("nan"), float("nan"), float("nan"),
                              n)
    if df < 1 or not np.isfinite(var):
        return AnalyticResult(estimate, float("nan"), float("nan"), float("nan"), float("nan"),
                              n)
    se = float(np.sqrt(max(var, 0.0)))
    t = float(stats.t.ppf(1.0 - (1.0 - level) / 2.0, df))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = float(stats.t.sf(estimate / se, df)) if se > 0 else (
            0.0 if estimate > 0 else (1.0 if estimate < 0 else float("nan")))
    return AnalyticResult(float(estimate), se, float(estimate - t * se),
                          float(min(1.0, estimate + t * se)), p, n)


# ------------------------------------------------------------------ raw ratings
def _unit_terms(blocks: Iterable[tuple[np.ndarray, np.ndarray]], parts: _Parts, kind: str,
                estimate: float, pe: float) -> float:
    """Sum over units rated at least once of ``(x_i - estimate)^2`` (Gwet's linearisation).

    ``kind`` is ``"pa"``, ``"fleiss"``, ``"gwet"`` or ``"bp"``.
    """
    w = parts.w
    q = len(w)
    n, n2 = parts.n_rated, parts.n_pairable
    identity = _c._is_identity(w)
    pi_w = ((w + w.T) / 2.0) @ parts.pi
    gwet_scale = w.sum() / (q * (q - 1)) if q > 1 else 0.0
    total = 0.0
    for c, m in blocks:
        rated = m > 0
        c, m = c[rated], m[rated]
        agree = (c * ((c if identity else c @ w.T) - 1.0)).sum(1)
        two = m >= 2
        pa_i = np.where(two, agree / np.maximum(m * (m - 1.0), 1.0), 0.0)
        if kind == "pa":
            x = (n / n2) * pa_i
        else:
            x = (n / n2) * (pa_i - pe * two) / (1.0 - pe)
            if kind in ("fleiss", "gwet"):
                if kind == "fleiss":
                    pe_i = (c @ pi_w) / m
                else:
                    pe_i = gwet_scale * (c @ (1.0 - parts.pi)) / m
                x = x - 2.0 * (1.0 - estimate) * (pe_i - pe) / (1.0 - pe)
        total += float(((x - estimate) ** 2).sum())
    return total


Blocks = Callable[[], Iterable[tuple[np.ndarray, np.ndarray]]]


def _raw(kind: str, r: _Ratings, w: np.ndarray, level: float) -> AnalyticResult:
    """Estimate and analytic inference of a Gwet-family coefficient on raw ratings."""
    return raw_from_counts(kind, lambda: _unit_counts(r.codes, r.q), w, level)


def raw_from_counts(kind: str, blocks: Blocks, w: np.ndarray, level: float) -> AnalyticResult:
    """The same from per-unit value counts: ``blocks()`` yields ``(vc, m)`` afresh."""
    parts = _parts_from_counts(blocks(), w)
    n, n2 = parts.n_rated, parts.n_pairable
    if not n2:
        return _NAN_RESULT
    if kind == "pa":
        estimate, pe = parts.pa, 0.0
    else:
        pe = {"fleiss": fleiss_pe, "gwet": gwet_pe, "bp": bp_pe}[kind](parts)
        if pe >= 1.0 - _c._PE_ONE:
            return _NAN_RESULT._replace(n_units=n)
        estimate = (parts.pa - pe) / (1.0 - pe)
    if n < 2:
        return _result(estimate, float("nan"), n, 0, level)
    ss = _unit_terms(blocks(), parts, kind, estimate, pe)
    return _result(estimate, ss / (n * (n - 1.0)), n, n - 1, level)


def _alpha(r: _Ratings, w: np.ndarray, level: float,
           estimate: float | None = None) -> AnalyticResult:
    return alpha_from_counts(lambda: _unit_counts(r.codes, r.q), w, level, estimate)


def alpha_from_counts(blocks: Blocks, w: np.ndarray, level: float,
                      estimate: float | None = None) -> AnalyticResult:
    """Krippendorff's alpha as Gwet (2014) and irrCAC's ``krippen.alpha.raw`` write it.

    ``p_a = (1 - eps) p_a' + eps`` with ``eps = 1 / sum r_i`` over pairable units; the
    variance linearises ``alpha' = (p_a' - p_e) / (1 - p_e)``. ``estimate`` replaces the
    estimate (alpha from the coincidence matrix, equal up to rounding) around which the
    interval is drawn.
    """
    q = len(w)
    identity = _c._is_identity(w)
    s_pa, s_c, s_m, n, n0 = 0.0, np.zeros(q), 0.0, 0, 0
    for c, m in blocks():
        n0 += int(np.count_nonzero(m))
        two = m >= 2
        c, m = c[two], m[two]
        agree = (c * ((c if identity else c @ w.T) - 1.0)).sum(1)
        s_pa += float((agree / (m - 1.0)).sum())
        s_c += c.sum(0)
        s_m += float(m.sum())
        n += int(two.sum())
    if not n:
        return _NAN_RESULT
    r_bar = s_m / n
    eps = 1.0 / s_m
    pa_prime = s_pa / (r_bar * n)
    pi = s_c / (n * r_bar)
    pe = float(pi @ w @ pi)
    if pe >= 1.0 - _c._PE_ONE:
        return _NAN_RESULT._replace(n_units=n)
    if estimate is None:
        estimate = ((1.0 - eps) * pa_prime + eps - pe) / (1.0 - pe)
    prime = (pa_prime - pe) / (1.0 - pe)
    if n < 2:
        return _result(estimate, float("nan"), n, 0, level)
    pi_w = ((w + w.T) / 2.0) @ pi
    total = 0.0
    for c, m in blocks():
        two = m >= 2
        c, m = c[two], m[two]
        agree = (c * ((c if identity else c @ w.T) - 1.0)).sum(1)
        pa_i = agree / (r_bar * (m - 1.0)) - pa_prime * (m - r_bar) / r_bar
        pe_i = (c @ pi_w) / r_bar - pe * (m - r_bar) / r_bar
        x = (pa_i - pe) / (1.0 - pe) - 2.0 * (1.0 - prime) * (pe_i - pe) / (1.0 - pe)
        total += float(((x - prime) ** 2).sum())
    return _result(estimate, total / (n * (n - 1.0)), n, n0 - 1, level)


def _conger(r: _Ratings, w: np.ndarray, level: float) -> AnalyticResult:
    """Conger's kappa with irrCAC's ``conger.kappa.raw`` variance (units nobody rated dropped)."""
    codes = r.codes[:, (r.codes >= 0).any(0)]
    r = _Ratings(codes, r.categories, r.values, r.declared)
    parts = _parts(r, w)
    n, n2 = parts.n_rated, parts.n_pairable
    if not n2:
        return _NAN_RESULT
    shares, rated = coder_shares(codes, r.q)
    pe = conger_pe(shares, w)
    if pe >= 1.0 - _c._PE_ONE:
        return _NAN_RESULT._replace(n_units=n)
    estimate = (parts.pa - pe) / (1.0 - pe)
    if n < 2:
        return _result(estimate, float("nan"), n, 0, level)
    n_coders = codes.shape[0]
    s = shares.sum(0)[None, :] - shares          # S_g: the other coders' shares, summed
    a = s @ w                                    # A_g[c] = sum_k w[k, c] S_gk
    b = np.einsum("gk,kl,gl->g", s, w, shares)   # B_g = S_g' W p_g
    pe_i = np.zeros(n)
    for g in range(n_coders):
        if rated[g] == 0:
            continue
        ok = codes[g] >= 0
        lam = np.where(ok, a[g][np.maximum(codes[g], 0)], 0.0) - (ok - rated[g] / n) * b[g]
        pe_i += (n / rated[g]) * lam
    pe_i /= n_coders * (n_coders - 1)
    total = 0.0
    start = 0
    for c, m in _unit_counts(codes, r.q):
        stop = start + len(m)
        agree = (c * ((c @ w.T) - 1.0)).sum(1)
        two = m >= 2
        pa_i = np.where(two, agree / np.maximum(m * (m - 1.0), 1.0), 0.0)
        x = (n / n2) * (pa_i - pe * two) / (1.0 - pe)
        x = x - 2.0 * (1.0 - estimate) * (pe_i[start:stop] - pe) / (1.0 - pe)
        total += float(((x - estimate) ** 2).sum())
        start = stop
    return _result(estimate, total / (n * (n - 1.0)), n, n - 1, level)


# ------------------------------------------------------------------ 2 x 2 .. q x q tables
def table_inference(kind: str, table: np.ndarray, w: np.ndarray,
                    level: float) -> AnalyticResult:
    """Gwet's two-rater formulas on one q x q table of counts (rows coder A, columns B).

    ``kind``: ``"pa"``, ``"cohen"``, ``"scott"``, ``"gwet"``, ``"bp"`` or ``"alpha"``.
    """
    out = tables_inference(kind, np.asarray(table, dtype=np.float64)[None], w, level)
    return AnalyticResult(*(float(v[0]) for v in out[:5]), int(out[5][0]))


def tables_inference(kind: str, tables: np.ndarray, w: np.ndarray,
                     level: float) -> tuple[np.ndarray, ...]:
    """:func:`table_inference` for a stack of tables, shape (n_tables, q, q), vectorised.

    Returns arrays ``(estimate, se, ci_low, ci_high, p_value, n)``; NaN where the
    coefficient is undefined (an empty table, or chance agreement 1).
    """
    n = tables.sum(axis=(1, 2))
    q = tables.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = tables / n[:, None, None]
        pa = (w * p).sum(axis=(1, 2))
        row, col = p.sum(2), p.sum(1)
        pi = (row + col) / 2.0
        if kind == "pa":
            var = ((w ** 2 * p).sum(axis=(1, 2)) - pa ** 2) / n
            return _results(pa, var, n, level)
        if kind == "bp":
            pe = np.full(len(n), w.sum() / q ** 2)
        elif kind == "cohen":
            pe = np.einsum("tk,kl,tl->t", row, w, col)
        elif kind == "gwet":
            pe = w.sum() * (pi * (1.0 - pi)).sum(1) / (q * (q - 1)) if q > 1 else np.ones(len(n))
        else:  # scott, alpha
            pe = np.einsum("tk,kl,tl->t", pi, w, pi)
        undefined = (n <= 0) | (pe >= 1.0 - _c._PE_ONE)
        coef = (pa - pe) / (1.0 - pe)
        estimate = coef
        if kind == "alpha":
            eps = 1.0 / (2.0 * n)
            estimate = ((1.0 - eps) * pa + eps - pe) / (1.0 - pe)
        lin = (1.0 - coef)[:, None, None]
        if kind == "bp":
            s1 = (p * w ** 2).sum(axis=(1, 2))
        elif kind == "gwet":
            term = 2.0 * lin * w.sum() * (1.0 - (pi[:, :, None] + pi[:, None, :]) / 2.0) / (
                q * (q - 1))
            s1 = (p * (w - term) ** 2).sum(axis=(1, 2))
        else:
            if kind == "cohen":
                bk, bl = col @ w.T, row @ w  # (w p_+.)_k and (w' p_.+)_l
            else:  # scott, alpha: pooled margins
                bk = bl = (col @ w.T + row @ w) / 2.0
            s1 = (p * (w - lin * (bk[:, :, None] + bl[:, None, :])) ** 2).sum(axis=(1, 2))
        if kind == "bp":
            var = (s1 - pa ** 2) / (n * (1.0 - pe) ** 2)
        else:
            var = (s1 - (pa - 2.0 * (1.0 - coef) * pe) ** 2) / (n * (1.0 - pe) ** 2)
        var = np.maximum(var, 1e-100)
    estimate = np.where(undefined, np.nan, estimate)
    return _results(estimate, var, n, level)


def _results(estimate: np.ndarray, var: np.ndarray, n: np.ndarray,
             level: float) -> tuple[np.ndarray, ...]:
    """Vectorised :func:`_result` with n - 1 degrees of freedom."""
    df = n - 1.0
    ok = np.isfinite(estimate) & np.isfinite(var) & (df >= 1)
    se = np.where(ok, np.sqrt(np.where(ok, np.maximum(var, 0.0), 0.0)), np.nan)
    safe_df = np.where(ok, df, 1.0)
    t = stats.t.ppf(1.0 - (1.0 - level) / 2.0, safe_df)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = stats.t.sf(estimate / np.where(se > 0, se, 1.0), safe_df)
    p = np.where(se > 0, p, np.where(estimate > 0, 0.0, np.where(estimate < 0, 1.0, np.nan)))
    low = np.where(ok, estimate - t * se, np.nan)
    high = np.where(ok, np.minimum(1.0, estimate + t * se), np.nan)
    return (estimate, se, low, high, np.where(ok, p, np.nan), n)


# ------------------------------------------------------------------ per category
def category_inference(r: _Ratings, level: float, caller: str) -> pd.DataFrame:
    """Fleiss' kappa per category with Gwet's SE and irr's null test (see category_kappa).

    Each category j is judged against the rest: with ``x`` the coders who put a unit in
    j and ``m`` its ratings, all categories are done at once from the per-unit counts
    (two passes over the blocks of units, as the other coefficients).
    """
    level = _check_level(level, caller)
    q = r.q
    s_share, s_pa, n, n2 = np.zeros(q), np.zeros(q), 0, 0
    m_seen: set[float] = set()
    for c, m in _unit_counts(r.codes, q):
        rated = m > 0
        c, m = c[rated], m[rated]
        m_seen.update(np.unique(m).tolist())
        n += len(m)
        s_share += (c / m[:, None]).sum(0)
        two = m >= 2
        c2, m2 = c[two], m[two, None]
        s_pa += ((c2 * (c2 - 1.0) + (m2 - c2) * (m2 - c2 - 1.0)) / (m2 * (m2 - 1.0))).sum(0)
        n2 += int(two.sum())
    share = s_share / n if n else np.full(q, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        pa = s_pa / n2 if n2 else np.full(q, np.nan)
        pe = share ** 2 + (1.0 - share) ** 2
        kappa = np.where(pe < 1.0 - _c._PE_ONE, (pa - pe) / (1.0 - pe), np.nan)
        total = np.zeros(q)
        if n >= 2 and n2:
            for c, m in _unit_counts(r.codes, q):
                rated = m > 0
                c, m = c[rated], m[rated, None]
                two = m >= 2
                pa_i = np.where(two, (c * (c - 1.0) + (m - c) * (m - c - 1.0))
                                / np.maximum(m * (m - 1.0), 1.0), 0.0)
                pe_i = ((m - c) * (1.0 - share) + c * share) / m
                x = (n / n2) * (pa_i - pe * two) / (1.0 - pe)
                x = x - 2.0 * (1.0 - kappa) * (pe_i - pe) / (1.0 - pe)
                total += ((x - kappa) ** 2).sum(0)
        var = total / (n * (n - 1.0)) if n >= 2 else np.full(q, np.nan)
    estimate, se, low, high, p, _ = _results(kappa, var, np.full(q, float(n)), level)
    z = p_null = np.full(q, np.nan)
    if len(m_seen) == 1 and n:
        m_all = next(iter(m_seen))
        if m_all >= 2:
            z = kappa / np.sqrt(2.0 / (n * m_all * (m_all - 1.0)))
            p_null = 2.0 * stats.norm.sf(np.abs(z))
    return pd.DataFrame({"category": r.categories, "share": share, "kappa": estimate,
                         "se": se, "ci_low": low, "ci_high": high, "p_value": p,
                         "z_null": z, "p_null": p_null, "n_units": n2},
                        columns=list(_c.CATEGORY_KAPPA_COLUMNS))


# ------------------------------------------------------------------ public entry
def _unwrap(func: Callable[..., float]) -> tuple[Callable[..., float], dict[str, Any]]:
    """The underlying function of a ``functools.partial`` and its bound keywords."""
    kwargs: dict[str, Any] = {}
    while isinstance(func, functools.partial):
        kwargs = {**func.keywords, **kwargs}
        func = func.func
    return func, kwargs


#: coefficient function -> how its inference is computed
_KINDS: dict[Callable[..., float], str] = {
    _c.percent_agreement: "pa", _c.fleiss_kappa: "fleiss", _c.gwet_ac1: "gwet",
    _c.gwet_ac2: "gwet", _c.brennan_prediger: "bp", _c.conger_kappa: "conger",
    _c.hubert_kappa: "conger", _c.krippendorff_alpha: "alpha", _c.cohen_kappa: "cohen",
    _c.scott_pi: "scott",
}


def analytic_ci(func: Callable[..., float], data: Any, level: float = 0.95, *,
                func_kwargs: Mapping[str, Any] | None = None) -> AnalyticResult:
    """A coefficient with its analytic standard error, confidence interval and p-value.

    Parameters
    ----------
    func : callable
        One of :func:`percent_agreement`, :func:`cohen_kappa`, :func:`scott_pi`,
        :func:`fleiss_kappa`, :func:`conger_kappa`, :func:`hubert_kappa`,
        :func:`gwet_ac1`, :func:`gwet_ac2`, :func:`brennan_prediger` or
        :func:`krippendorff_alpha` (or a ``functools.partial`` of one).
    data : array-like of shape (n_coders, n_units)
        Ratings; ``np.nan`` or ``None`` marks a missing rating. For
        :func:`cohen_kappa`, the two coders' rows.
    level : float, default=0.95
        Confidence level of the interval.
    func_kwargs : mapping, optional
        Keyword arguments for ``func`` (``weights``, ``categories``, ``weight_by``,
        ``level`` of alpha as ``{"level": "ordinal"}``, ``missing`` of Cohen's kappa).

    Returns
    -------
    AnalyticResult
        Named tuple ``(estimate, se, ci_low, ci_high, p_value, n_units)``. The estimate
        equals ``func(data, **func_kwargs)``; ``n_units`` is the number of units the
        variance averages over. Everything but the estimate is NaN when fewer than two
        units are rated.

    Notes
    -----
    Which formula, coefficient by coefficient (Gwet 2014; irrCAC 1.4):

    - percent agreement, Fleiss' kappa, AC1/AC2, Brennan-Prediger: ``pa.coeff.raw``,
      ``fleiss.kappa.raw``, ``gwet.ac1.raw``, ``bp.coeff.raw``;
    - Krippendorff's alpha: ``krippen.alpha.raw`` (alpha written as ``(1 - eps) p_a' +
      eps`` against ``p_e``; the variance is that of ``alpha'``, with ``n`` pairable
      units, and the interval and p-value use every rated unit's count for the degrees
      of freedom); levels other than nominal use the weights ``1 - delta / max delta``
      of their difference function, which leave alpha unchanged;
    - Conger's and Hubert's kappa: ``conger.kappa.raw``;
    - Cohen's kappa: with ``missing="complete"``, the two-rater formula of
      ``kappa2.table`` on the units both coders rated; with ``missing="gwet"``,
      ``conger.kappa.raw`` (two raters);
    - Scott's pi: ``scott2.table`` on the complete units for two coders, and
      ``fleiss.kappa.raw`` on them for more.

    The interval is ``estimate +/- t se`` (t with n - 1 degrees of freedom), upper bound
    capped at 1 as irrCAC does; the p-value is one-sided, ``P(T > estimate / se)``.
    Compare :func:`bootstrap_ci`, which resamples units.

    References
    ----------
    Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the
    presence of high agreement. *British Journal of Mathematical and Statistical
    Psychology*, 61(1), 29-48. https://doi.org/10.1348/000711006X126600

    Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.), ch. 5.

    Examples
    --------
    irrCAC's README, ``gwet.ac1.raw(cac.raw4raters)``: AC1 0.77544, standard error
    0.14295, interval (0.461, 1), p-value 0.0001043605:

    >>> from qualkit.agreement import gwet_ac1
    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> res = analytic_ci(gwet_ac1, data)
    >>> round(res.estimate, 5), round(res.se, 5), round(res.ci_low, 3), res.ci_high
    (0.77544, 0.14295, 0.461, 1.0)
    >>> f"{res.p_value:.7g}"
    '0.0001043605'
    """
    caller = "analytic_ci"
    lvl = _check_level(level, caller)
    base, bound = _unwrap(func)
    kind = _KINDS.get(base)
    if kind is None:
        raise InvalidParameterError(Errors.Q001.format(
            param="func", caller=caller, found=getattr(base, "__name__", repr(base)),
            expected="one of " + ", ".join(f.__name__ for f in _KINDS)))
    kw = {**bound, **dict(func_kwargs or {})}
    arr = _c._as_array(data, caller) if kind != "cohen" else None
    if kind == "cohen":
        rows = np.asarray(data, dtype=object) if not isinstance(data, np.ndarray) else data
        if len(rows) != 2:
            raise AgreementError(Errors.Q316.format(caller=caller, found=len(rows)))
        return _cohen(rows[0], rows[1], kw, lvl)
    inspect.signature(base).bind(arr, **kw)  # a keyword func does not take: TypeError
    categories = kw.get("categories")
    weight_by = kw.get("weight_by", "position")
    weights = kw.get("weights", "quadratic" if base is _c.gwet_ac2 else None)
    if kind in ("pa", "fleiss", "gwet", "bp", "conger"):
        # the estimate comes out of the same parts as func's: encode and count once
        r, w = _encode_weighted(arr, categories, weights, weight_by, caller)
        if kind != "gwet" or r.q >= 2:
            res = _conger(r, w, lvl) if kind == "conger" else _raw(kind, r, w, lvl)
            if np.isfinite(res.estimate):
                return res
    estimate = float(func(arr, **kw))  # undefined: func's warning says why
    if not np.isfinite(estimate):
        return _NAN_RESULT._replace(estimate=estimate)
    if kind == "alpha":
        return _alpha_inference(arr, kw, lvl, estimate, caller)
    # Scott's pi: the complete units, two coders as a table, more as Fleiss' kappa
    r, w = _encode_weighted(arr, categories, weights, weight_by, caller)
    complete = (r.codes >= 0).all(0)
    sub = _Ratings(r.codes[:, complete], r.categories, r.values, r.declared)
    if sub.codes.shape[0] == 2:
        res = table_inference("scott", _table(sub), w, lvl)
    else:
        res = _raw("fleiss", sub, w, lvl)
    return res._replace(estimate=estimate)


def _table(r: _Ratings) -> np.ndarray:
    """The q x q table of counts of two coders over the units both rated."""
    q = r.q
    both = (r.codes >= 0).all(0)
    ca, cb = r.codes[0, both], r.codes[1, both]
    return np.bincount(ca * q + cb, minlength=q * q).reshape(q, q).astype(np.float64)


def _cohen(a: Any, b: Any, kw: dict[str, Any], level: float) -> AnalyticResult:
    caller = "analytic_ci"
    estimate = float(_c.cohen_kappa(a, b, **kw))
    if not np.isfinite(estimate):
        return _NAN_RESULT._replace(estimate=estimate)
    rule = check_option(kw.get("missing", "complete"), _c.MISSING_RULES, param="missing",
                        caller=caller)
    r, w = _c._cohen_ratings(a, b, kw.get("categories"), kw.get("weights"),
                             kw.get("weight_by", "position"), caller)
    if rule == "gwet":
        res = _conger(r, w, level)
    else:
        res = table_inference("cohen", _table(r), w, level)
    return res._replace(estimate=estimate)


def _alpha_inference(arr: np.ndarray, kw: dict[str, Any], level: float, estimate: float,
                     caller: str) -> AnalyticResult:
    weights = kw.get("weights")
    alpha_level = kw.get("level", "nominal")
    if weights is not None:
        r, w = _encode_weighted(arr, kw.get("categories"), weights,
                                kw.get("weight_by", "position"), caller)
    else:
        r = _encode(arr, kw.get("categories"), caller,
                    ordered_for=None if alpha_level == "nominal" else f"level={alpha_level!r}")
        if r.q > _c._DENSE_MAX:
            warnings.warn(Errors.Q309.format(
                caller=caller, coefficient="the standard error of alpha",
                reason=f"it needs a {r.q} x {r.q} weight matrix, and the limit is "
                f"{_c._DENSE_MAX} distinct values"), DegenerateAgreementWarning,
                stacklevel=_c._outside_stacklevel())
            return _NAN_RESULT._replace(estimate=estimate)
        co = _coincidences(r.codes, r.q)
        d = _distances(alpha_level, co.n_v, _alpha_values(r, alpha_level, caller))
        w = 1.0 - d / d.max() if d.max() > 0 else np.eye(r.q)
    return _alpha(r, w, level, estimate)


def inference_or_nan(func: Callable[..., float], data: Any, level: float,
                     kwargs: Mapping[str, Any]) -> AnalyticResult:
    """:func:`analytic_ci`, with a coefficient it has no formula for giving NaNs."""
    if _unwrap(func)[0] not in _KINDS:
        return _NAN_RESULT._replace(estimate=float(func(data, **kwargs)))
    return analytic_ci(func, data, level, func_kwargs=kwargs)
