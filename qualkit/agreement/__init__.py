"""Agreement between coders: coefficients, 2x2 closed forms, intervals and tidy summaries.

Multi-coder functions take ratings shaped ``(n_coders, n_units)`` -- coders in rows,
units in columns, the shape of the ``krippendorff`` package (irrCAC and statsmodels
want the transpose) -- with ``np.nan`` (or ``None``) for a missing rating. Ratings may
be numbers or labels. Each coefficient returns a float; :func:`from_counts` and
:func:`summary` return DataFrames. Nothing is rounded.

Weighted coefficients (``weights=`` and the ordinal, interval and ratio levels of
alpha) depend on the order and the number of the categories, so they take an explicit
``categories=`` list in scale order: deriving the scale from the values that happen
to be used would let an unused category silently change the answer. Without
``categories`` the sorted distinct observed values are used.

Undefined results (no variance, no unit with two ratings) are NaN with a
:class:`DegenerateAgreementWarning` saying why; bad input raises
:class:`qualkit.errors.AgreementError` or :class:`qualkit.errors.InvalidParameterError`.

Examples
--------
>>> from qualkit import agreement
>>> round(agreement.cohen_kappa([1, 2, 3, 1], [1, 2, 3, 2]), 4)
0.6364
>>> agreement.summary([[1, 2, 3, 1], [1, 2, 3, 2]], ["percent_agreement", "scott_pi"])
         coefficient     value  ci_low  ci_high  n_units  n_coders
0  percent_agreement  0.750000     NaN      NaN        4         2
1           scott_pi  0.619048     NaN      NaN        4         2
"""

from ._unitizing import OverlappingUnitsWarning, unitizing_alpha, unitizing_alphas
from ._bootstrap import COEFFICIENTS, SUMMARY_COLUMNS, BootstrapResult, bootstrap_ci, summary
from ._coefficients import (
    DegenerateAgreementWarning,
    brennan_prediger,
    cohen_kappa,
    conger_kappa,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
)
from ._counts import FROM_COUNTS_COLUMNS, from_counts

__all__ = [
    "percent_agreement",
    "cohen_kappa",
    "conger_kappa",
    "scott_pi",
    "fleiss_kappa",
    "gwet_ac1",
    "gwet_ac2",
    "brennan_prediger",
    "krippendorff_alpha",
    "unitizing_alpha",
    "unitizing_alphas",
    "OverlappingUnitsWarning",
    "from_counts",
    "bootstrap_ci",
    "summary",
    "BootstrapResult",
    "DegenerateAgreementWarning",
    "COEFFICIENTS",
    "FROM_COUNTS_COLUMNS",
    "SUMMARY_COLUMNS",
]
