"""Agreement between coders: coefficients, intervals and tidy summaries.

Multi-coder functions take ratings shaped ``(n_coders, n_units)`` with ``np.nan``
for a missing rating (the shape of the ``krippendorff`` package; irrCAC and
statsmodels want the transpose). Coefficients return a float; :func:`summary`
returns a DataFrame. Coder comparison on a project lives in
:func:`qualkit.compare_coders`.

Examples
--------
>>> from qualkit import agreement
>>> round(agreement.cohen_kappa([1, 2, 3, 1], [1, 2, 3, 2]), 4)
0.6364
"""

from ._bootstrap import COEFFICIENTS, bootstrap_ci, summary
from ._coefficients import (
    DegenerateAgreementWarning, brennan_prediger, cohen_kappa, fleiss_kappa, from_counts,
    gwet_ac1, gwet_ac2, krippendorff_alpha, percent_agreement, scott_pi,
)

__all__ = [
    "percent_agreement", "cohen_kappa", "scott_pi", "fleiss_kappa", "gwet_ac1", "gwet_ac2",
    "brennan_prediger", "krippendorff_alpha", "from_counts", "bootstrap_ci", "summary",
    "COEFFICIENTS", "DegenerateAgreementWarning",
]
