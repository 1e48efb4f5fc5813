"""Agreement from counts: 2x2 tables (vectorised), q x q tables and subject x category counts.

:func:`from_counts` is the building block for per-code coder comparison: for each
code, count the units (characters, utterances, segments ...) that both coders coded,
only one of them coded, or neither coded; one call then gives every coefficient for
every code. :func:`from_table` takes one q x q contingency table of two coders, and
:func:`from_distribution` the subjects x categories counts Fleiss' kappa is often
published as; both return the coefficients with their analytic inference.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_option
from ..errors import AgreementError, Errors
from . import _weights as _w
from ._benchmark import SCALES
from ._bootstrap import SUMMARY_COLUMNS, _interpretation
from ._coefficients import DegenerateAgreementWarning, _outside_stacklevel

__all__ = ["from_counts", "from_table", "from_distribution", "FROM_COUNTS_COLUMNS"]

#: Columns of :func:`from_counts`, in order.
FROM_COUNTS_COLUMNS: tuple[str, ...] = (
    "n", "percent_agreement", "cohen_kappa", "scott_pi", "brennan_prediger", "gwet_ac1",
    "krippendorff_alpha",
)


def _counts_array(x: Any, what: str) -> np.ndarray:
    arr = np.asarray(x.to_numpy() if isinstance(x, pd.Series) else x)
    try:
        arr = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise AgreementError(Errors.Q311.format(caller="from_counts", what=what,
                                                found=f"values of type {arr.dtype}",
                                                where="(any)")) from None
    if arr.ndim > 1:
        raise AgreementError(Errors.Q312.format(caller="from_counts",
                                                shapes=f"{what} {arr.shape}"))
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        k = int(np.flatnonzero(np.atleast_1d(bad))[0])
        raise AgreementError(Errors.Q311.format(caller="from_counts", what=what,
                                                found=np.atleast_1d(arr)[k], where=k))
    return arr


def from_counts(both: Any, a_only: Any, b_only: Any, neither: Any) -> pd.DataFrame:
    """Two-coder binary coefficients from 2x2 counts, one row per table.

    Parameters
    ----------
    both, a_only, b_only, neither : int, float or array-like of shape (n_tables,)
        Units coded by both coders, by coder A only, by coder B only, and by neither.
        Scalars broadcast; a pandas Series lends its index to the result.

    Returns
    -------
    DataFrame
        One row per table, columns ``n, percent_agreement, cohen_kappa, scott_pi,
        brennan_prediger, gwet_ac1, krippendorff_alpha`` (all float). With N units,
        ``p_o = (both + neither) / N`` and the coders' "coded" shares ``p_A``, ``p_B``:

        - Cohen's kappa: ``p_e = p_A p_B + (1 - p_A)(1 - p_B)``;
        - Scott's pi: ``p_e = pi^2 + (1 - pi)^2`` with ``pi = (p_A + p_B) / 2``;
        - Brennan-Prediger: ``p_e = 1/2``;
        - Gwet's AC1: ``p_e = 2 pi (1 - pi)``;
        - Krippendorff's alpha over the 2N pairable values, ``n_1 = 2 both + a_only +
          b_only`` of them "coded": ``1 - D_o / D_e`` with ``D_o = (a_only + b_only) / N``
          and ``D_e = 2 n_1 n_0 / (2N (2N - 1))``.

        These equal the array functions on the two 0/1 rating vectors. Cohen's kappa,
        Scott's pi and alpha are NaN when both coders coded every unit or none (no
        variance), and every column is NaN for an empty table; one
        :class:`DegenerateAgreementWarning` then says how many rows are affected. AC1
        and Brennan-Prediger stay defined there (1 when the coders agree on every unit).

    See Also
    --------
    from_table : one q x q table of two coders, with standard errors and intervals.
    from_distribution : subjects x categories counts (Fleiss' layout).
    cohen_kappa, scott_pi, brennan_prediger, gwet_ac1, krippendorff_alpha

    Examples
    --------
    NVivo's coding-comparison example: 1,000 characters, 50 coded by both, 800 by
    neither, 75 by each coder alone (agreement 85 %, kappa 0.06875 / 0.21875):

    >>> row = from_counts(50, 75, 75, 800).iloc[0]
    >>> print(row.round(6).to_string())
    n                     1000.000000
    percent_agreement        0.850000
    cohen_kappa              0.314286
    scott_pi                 0.314286
    brennan_prediger         0.700000
    gwet_ac1                 0.808000
    krippendorff_alpha       0.314629

    Per-code tables in one call:

    >>> from_counts([50, 0], [75, 0], [75, 3], [800, 997])[["cohen_kappa", "gwet_ac1"]].round(4)
       cohen_kappa  gwet_ac1
    0       0.3143     0.808
    1       0.0000     0.997
    """
    arrays = [_counts_array(x, what) for x, what in
              zip((both, a_only, b_only, neither), ("both", "a_only", "b_only", "neither"))]
    try:
        a, b, c, d = np.broadcast_arrays(*(np.atleast_1d(x) for x in arrays))
    except ValueError:
        raise AgreementError(Errors.Q312.format(
            caller="from_counts", shapes=", ".join(str(np.shape(x)) for x in arrays))) from None
    index = next((x.index for x in (both, a_only, b_only, neither)
                  if isinstance(x, pd.Series) and len(x) == len(a)), None)
    n = a + b + c + d
    empty = n == 0
    safe_n = np.where(empty, 1.0, n)
    po = (a + d) / safe_n
    p_a, p_b = (a + b) / safe_n, (a + c) / safe_n
    pi = (p_a + p_b) / 2.0

    def corrected(pe: np.ndarray, undefined: np.ndarray) -> np.ndarray:
        return np.where(undefined, np.nan, (po - pe) / np.where(undefined, 1.0, 1.0 - pe))

    pe_kappa = p_a * p_b + (1 - p_a) * (1 - p_b)
    pe_pi = pi ** 2 + (1 - pi) ** 2
    pe_ac1 = 2 * pi * (1 - pi)
    no_variance = (b + c == 0) & ((a == 0) | (d == 0))  # one category only
    n1 = 2 * a + b + c
    n0 = 2 * d + b + c
    d_e = 2 * n1 * n0 / (2 * safe_n * np.maximum(2 * safe_n - 1, 1))
    alpha = np.where(d_e > 0, 1 - ((b + c) / safe_n) / np.where(d_e > 0, d_e, 1.0), np.nan)
    out = pd.DataFrame({
        "n": n,
        "percent_agreement": np.where(empty, np.nan, po),
        "cohen_kappa": corrected(pe_kappa, no_variance | empty),
        "scott_pi": corrected(pe_pi, no_variance | empty),
        "brennan_prediger": np.where(empty, np.nan, (po - 0.5) / 0.5),
        "gwet_ac1": corrected(pe_ac1, empty),
        "krippendorff_alpha": np.where(empty, np.nan, alpha),
    }, index=index)
    n_bad = int((no_variance | empty).sum())
    if n_bad:
        warnings.warn(Errors.Q309.format(
            caller="from_counts", coefficient="Cohen's kappa, Scott's pi and Krippendorff's "
            f"alpha (in {n_bad} of {len(out)} table(s))",
            reason="both coders coded every unit or none (no variance), or the table is "
            "empty"), DegenerateAgreementWarning, stacklevel=_outside_stacklevel())
    return out


# ------------------------------------------------------------------ k x k and n x q counts
def _count_matrix(x: Any, caller: str, what: str) -> tuple[np.ndarray, list[Any] | None]:
    """A 2-D array of finite, non-negative whole counts, and its column labels if any."""
    labels = list(x.columns) if isinstance(x, pd.DataFrame) else None
    try:
        arr = np.asarray(x.to_numpy() if isinstance(x, pd.DataFrame) else x, dtype=np.float64)
    except (TypeError, ValueError):
        raise AgreementError(Errors.Q327.format(
            caller=caller, what=f"{what} of numbers", found=type(x).__name__)) from None
    if arr.ndim != 2 or 0 in arr.shape:
        raise AgreementError(Errors.Q327.format(caller=caller, what=what,
                                                found=f"an array of shape {arr.shape}"))
    bad = ~np.isfinite(arr) | (arr < 0) | (arr != np.round(arr))
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise AgreementError(Errors.Q326.format(caller=caller, what=what, found=float(arr[i, j]),
                                                row=i, col=j))
    return arr, labels


def _table_categories(categories: Any, labels: list[Any] | None, q: int,
                      caller: str) -> list[Any]:
    if categories is None:
        return labels if labels is not None else list(range(1, q + 1))
    cats = list(categories)
    if len(cats) != q:
        raise AgreementError(Errors.Q327.format(
            caller=caller, what=f"categories= with one entry per category ({q})",
            found=f"{len(cats)} entries"))
    return cats


def _weights_for(weights: Any, weight_by: Any, cats: list[Any], caller: str) -> np.ndarray:
    weights = _w.check_weights(weights, caller)
    wb = _w.check_weight_by(weight_by, caller)
    x = None
    if isinstance(weights, str) and weights != "ordinal":
        x = _w.scores(len(cats), _w.numeric_values(cats), wb, cats, caller)
    return _w.weight_matrix(weights, len(cats), x, caller)


def _frame(rows: list[tuple[Any, ...]], caller: str) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    undefined = out.loc[out["value"].isna(), "coefficient"].tolist()
    if undefined:
        warnings.warn(Errors.Q309.format(
            caller=caller, coefficient=", ".join(undefined),
            reason="chance agreement is 1 (every rating in one category) or nothing was "
            "rated twice"), DegenerateAgreementWarning, stacklevel=_outside_stacklevel())
    return out


def from_table(table: Any, *, categories: Sequence[Any] | None = None, weights: Any = None,
               weight_by: str = "position", level: float = 0.95,
               benchmark: str = "auto") -> pd.DataFrame:
    """Two-coder coefficients with their inference from a q x q contingency table.

    Parameters
    ----------
    table : array-like or DataFrame of shape (q, q)
        Counts of units: row k, column l holds the units coder A put in category k
        and coder B in category l (the form Cohen's kappa is usually published in).
        A DataFrame's columns name the categories.
    categories : sequence, optional
        The categories of the rows (and columns), in scale order; by default the
        DataFrame's columns, or 1..q.
    weights : str, array-like of shape (q, q) or None, default=None
        A scheme name (see :data:`WEIGHT_SCHEMES`) or a q x q matrix of agreement weights.
    weight_by : {"position", "value"}, default="position"
        What named weights measure distance on (values need numeric ``categories``).
    level : float, default=0.95
        Confidence level.
    benchmark : {"auto", "landis-koch", "altman", "fleiss", "krippendorff"}, default="auto"
        Scale for ``interpretation`` (see :func:`summary`).

    Returns
    -------
    DataFrame
        The columns of :func:`summary` (:data:`SUMMARY_COLUMNS`), one row each for
        ``percent_agreement``, ``cohen_kappa``, ``scott_pi``, ``gwet_ac1`` (``gwet_ac2``
        when weighted), ``brennan_prediger`` and ``krippendorff_alpha``. Values equal
        the array functions on the table's ratings; standard errors, intervals and
        p-values are Gwet's two-rater formulas, as irrCAC's ``kappa2.table``,
        ``scott2.table``, ``gwet.ac1.table``, ``bp2.table``, ``krippen2.table`` and
        ``pa2.table`` print them (they differ slightly from the raw-data formulas of
        :func:`analytic_ci`). The bootstrap columns are NaN.

    See Also
    --------
    from_counts : the same for 2 x 2 tables, vectorised over many tables.
    from_distribution : subjects x categories counts (Fleiss' layout).

    Examples
    --------
    irrCAC's README, ``cont3x3abstractors``: kappa 0.7964094 (se 0.05891072), pi
    0.7962397, AC1 0.8493305 (se 0.04321747), BP 0.835, alpha 0.7972585, agreement 0.89:

    >>> t = from_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]])
    >>> t[["coefficient", "value", "se", "ci_low", "ci_high"]].round(5)
              coefficient    value       se   ci_low  ci_high
    0   percent_agreement  0.89000  0.03129  0.82792  0.95208
    1         cohen_kappa  0.79641  0.05891  0.67952  0.91330
    2            scott_pi  0.79624  0.05905  0.67906  0.91342
    3            gwet_ac1  0.84933  0.04322  0.76358  0.93508
    4    brennan_prediger  0.83500  0.04693  0.74187  0.92813
    5  krippendorff_alpha  0.79726  0.05905  0.68008  0.91444
    """
    from ._inference import _check_level, table_inference

    caller = "from_table"
    arr, labels = _count_matrix(table, caller, "a square table of counts")
    if arr.shape[0] != arr.shape[1]:
        raise AgreementError(Errors.Q327.format(caller=caller, what="a square q x q table",
                                                found=f"shape {arr.shape}"))
    lvl = _check_level(level, caller)
    check_option(benchmark, ("auto", *SCALES), param="benchmark", caller=caller)
    cats = _table_categories(categories, labels, arr.shape[0], caller)
    w = _weights_for(weights, weight_by, cats, caller)
    how = f"{_w.describe(weights, weight_by)}; a {len(cats)} x {len(cats)} table"
    rows = []
    for kind, name in (("pa", "percent_agreement"), ("cohen", "cohen_kappa"),
                       ("scott", "scott_pi"),
                       ("gwet", "gwet_ac1" if weights is None else "gwet_ac2"),
                       ("bp", "brennan_prediger"), ("alpha", "krippendorff_alpha")):
        res = table_inference(kind, arr, w, lvl)
        rows.append((name, res.estimate, res.se, res.ci_low, res.ci_high, res.p_value,
                     np.nan, np.nan, int(arr.sum()), 2, how,
                     _interpretation(name, res.estimate, res.se, benchmark)))
    return _frame(rows, caller)


def from_distribution(counts: Any, *, categories: Sequence[Any] | None = None,
                      weights: Any = None, weight_by: str = "position", level: float = 0.95,
                      benchmark: str = "auto") -> pd.DataFrame:
    """Multi-coder coefficients with their inference from subjects x categories counts.

    Parameters
    ----------
    counts : array-like or DataFrame of shape (n_subjects, q)
        How many coders put each subject in each category (the form Fleiss' kappa is
        often published in, and irrCAC's ``*.dist`` functions take). Subjects may have
        different numbers of ratings; subjects nobody rated are dropped. A DataFrame's
        columns name the categories.
    categories : sequence, optional
        The categories of the columns, in scale order; by default the DataFrame's
        columns, or 1..q.
    weights : str, array-like of shape (q, q) or None, default=None
        A scheme name (see :data:`WEIGHT_SCHEMES`) or a q x q matrix of agreement weights.
    weight_by : {"position", "value"}, default="position"
        What named weights measure distance on.
    level : float, default=0.95
        Confidence level.
    benchmark : {"auto", "landis-koch", "altman", "fleiss", "krippendorff"}, default="auto"
        Scale for ``interpretation``.

    Returns
    -------
    DataFrame
        The columns of :func:`summary`, one row each for ``percent_agreement``,
        ``fleiss_kappa``, ``gwet_ac1`` (``gwet_ac2`` when weighted),
        ``brennan_prediger`` and ``krippendorff_alpha`` (coefficients that need to know
        which coder gave which rating, such as Cohen's or Conger's kappa, cannot be
        computed from counts). Values and standard errors are those of the same
        functions on raw ratings (:func:`analytic_ci`): they need only the counts.
        ``n_coders`` is the largest number of ratings of a subject.

    Notes
    -----
    irrCAC's ``krippen.alpha.dist`` prints a different standard error for alpha (0.08243
    on ``distrib.6raters``, where this gives 0.08119): its linearisation multiplies the
    chance-term correction by 1, where ``krippen.alpha.raw`` and every other coefficient
    multiply it by 2. qualkit gives the same ratings the same standard error whether
    they come as raw ratings or as counts.

    Examples
    --------
    irrCAC's README, ``distrib.6raters`` (15 psychiatric patients, 6 raters, Fleiss
    1971): Fleiss' kappa 0.4139265 (se 0.08119291), AC1 0.4448007 (se 0.08418757),
    BP 0.4388889 (se 0.08312142), alpha 0.4204384:

    >>> counts = [[0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6],
    ...           [0, 3, 0, 3, 0], [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0],
    ...           [2, 0, 0, 4, 0], [0, 0, 0, 0, 6], [1, 0, 0, 5, 0], [1, 1, 0, 4, 0],
    ...           [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1]]
    >>> d = from_distribution(counts)
    >>> d[["coefficient", "value", "se"]].round(5)
              coefficient    value       se
    0   percent_agreement  0.55111  0.06650
    1        fleiss_kappa  0.41393  0.08119
    2            gwet_ac1  0.44480  0.08419
    3    brennan_prediger  0.43889  0.08312
    4  krippendorff_alpha  0.42044  0.08119
    """
    from ._inference import _check_level, alpha_from_counts, raw_from_counts

    caller = "from_distribution"
    arr, labels = _count_matrix(counts, caller, "subjects x categories counts")
    lvl = _check_level(level, caller)
    check_option(benchmark, ("auto", *SCALES), param="benchmark", caller=caller)
    cats = _table_categories(categories, labels, arr.shape[1], caller)
    w = _weights_for(weights, weight_by, cats, caller)
    m = arr.sum(1)
    arr, m = arr[m > 0], m[m > 0]
    block = max(256, (1 << 15) // arr.shape[1])

    def blocks() -> Any:
        for start in range(0, len(arr), block):
            yield arr[start:start + block], m[start:start + block]

    how = f"{_w.describe(weights, weight_by)}; subjects x categories counts"
    n_pairable = int((m >= 2).sum())
    n_coders = int(m.max()) if len(m) else 0
    rows = []
    for kind, name in (("pa", "percent_agreement"), ("fleiss", "fleiss_kappa"),
                       ("gwet", "gwet_ac1" if weights is None else "gwet_ac2"),
                       ("bp", "brennan_prediger"), ("alpha", "krippendorff_alpha")):
        if kind == "gwet" and len(cats) < 2:
            res = alpha_from_counts(lambda: iter(()), w, lvl)  # all NaN
        elif kind == "alpha":
            res = alpha_from_counts(blocks, w, lvl)
        else:
            res = raw_from_counts(kind, blocks, w, lvl)
        rows.append((name, res.estimate, res.se, res.ci_low, res.ci_high, res.p_value,
                     np.nan, np.nan, n_pairable, n_coders, how,
                     _interpretation(name, res.estimate, res.se, benchmark)))
    return _frame(rows, caller)
