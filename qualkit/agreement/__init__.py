"""Agreement between coders: coefficients, weights, inference, tables and tidy summaries.

Multi-coder functions take ratings shaped ``(n_coders, n_units)`` -- coders in rows,
units in columns, the shape of the ``krippendorff`` package (irrCAC and statsmodels
want the transpose) -- with ``np.nan`` (or ``None``) for a missing rating. Ratings may
be numbers or labels. Each coefficient returns a float; :func:`from_counts`,
:func:`from_table`, :func:`from_distribution`, :func:`category_kappa` and
:func:`summary` return DataFrames. Nothing is rounded.

Weighted coefficients (``weights=``, and the ordinal, interval and ratio levels of
alpha) depend on the order and the number of the categories, so they take an explicit
``categories=`` list in scale order: deriving the scale from the values that happen
to be used would let an unused category silently change the answer. Without
``categories`` the sorted distinct observed values are used. ``weights`` is one of
Gwet's (irrCAC) schemes in :data:`WEIGHT_SCHEMES` -- linear, quadratic, ordinal,
radical, ratio, circular, bipolar -- or a q x q matrix of agreement weights;
``weight_by="position"`` (the default) measures distances between categories by their
positions 1..q in ``categories``, ``weight_by="value"`` by their numeric values, as
irrCAC does for numbers (the same for 1, 2, ..., q; different for an unevenly spaced
scale such as 1, 2, 3, 4, 6). The formulas are in :mod:`qualkit.agreement._weights`.

:func:`analytic_ci` gives the standard error, interval and p-value of Gwet's variance
formulas (irrCAC's), :func:`bootstrap_ci` a bootstrap interval; :func:`summary` shows
both, names the missing-data rule and weights each row used, and benchmarks each
coefficient on a named scale (:func:`interpret`, :func:`benchmark`). Which convention
each coefficient follows, and where the peer packages differ, is set out in
``docs/agreement.md``.

Undefined results (no variance, no unit with two ratings) are NaN with a
:class:`DegenerateAgreementWarning` saying why; bad input raises
:class:`qualkit.errors.AgreementError` or :class:`qualkit.errors.InvalidParameterError`.

Examples
--------
>>> from qualkit import agreement
>>> round(agreement.cohen_kappa([1, 2, 3, 1], [1, 2, 3, 2]), 4)
0.6364
>>> out = agreement.summary([[1, 2, 3, 1], [1, 2, 3, 2]], ["percent_agreement", "scott_pi"])
>>> out[["coefficient", "value", "se", "n_units", "n_coders"]].round(4)
         coefficient   value      se  n_units  n_coders
0  percent_agreement  0.750  0.2500        4         2
1           scott_pi  0.619  0.3417        4         2
"""

from ._unitizing import OverlappingUnitsWarning, unitizing_alpha, unitizing_alphas
from ._bootstrap import COEFFICIENTS, SUMMARY_COLUMNS, BootstrapResult, bootstrap_ci, summary
from ._coefficients import (
    CATEGORY_KAPPA_COLUMNS,
    DegenerateAgreementWarning,
    brennan_prediger,
    category_kappa,
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
from ._counts import FROM_COUNTS_COLUMNS, from_counts, from_distribution, from_table
from ._benchmark import BENCHMARK_COLUMNS, SCALES, benchmark, interpret
from ._inference import AnalyticResult, analytic_ci
from ._weights import WEIGHT_SCHEMES

__all__ = [
    "percent_agreement",
    "cohen_kappa",
    "conger_kappa",
    "hubert_kappa",
    "scott_pi",
    "fleiss_kappa",
    "gwet_ac1",
    "gwet_ac2",
    "brennan_prediger",
    "krippendorff_alpha",
    "category_kappa",
    "unitizing_alpha",
    "unitizing_alphas",
    "OverlappingUnitsWarning",
    "from_counts",
    "from_table",
    "from_distribution",
    "bootstrap_ci",
    "analytic_ci",
    "summary",
    "benchmark",
    "interpret",
    "BootstrapResult",
    "AnalyticResult",
    "DegenerateAgreementWarning",
    "COEFFICIENTS",
    "FROM_COUNTS_COLUMNS",
    "CATEGORY_KAPPA_COLUMNS",
    "WEIGHT_SCHEMES",
    "SCALES",
    "BENCHMARK_COLUMNS",
    "SUMMARY_COLUMNS",
]
