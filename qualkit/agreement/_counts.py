"""Two-coder binary agreement in closed form from 2x2 tables of counts, vectorised.

This is the building block for per-code coder comparison: for each code, count the
units (characters, utterances, segments ...) that both coders coded, only one of
them coded, or neither coded; one call then gives every coefficient for every code.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..errors import AgreementError, Errors
from ._coefficients import DegenerateAgreementWarning, _outside_stacklevel

__all__ = ["from_counts", "FROM_COUNTS_COLUMNS"]

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
