"""Krippendorff's unitizing alpha: agreement on where units begin and end on a continuum.

Coders mark stretches of a continuum (characters of a transcript) with categories
(codes), without any pre-segmentation. For each category every coder's continuum
falls into *units* of that category and the *gaps* between them. Krippendorff
(1995) defines, for coders ``i != j`` and their sections ``g`` and ``h``:

- two units that overlap: ``delta^2 = (b_g - b_h)^2 + (e_g - e_h)^2``;
- a unit lying wholly inside the other coder's gap: ``delta^2 = l^2``;
- anything else: 0;

and the observed disagreement ``D_o = sum_{i != j} sum_g sum_h delta^2 / (m (m-1) L^2)``.
The expected disagreement is

``D_e = (2 / L) * sum_units [ (N_c - 1)(2 l^3 - 3 l^2 + l) / 3
        + l^2 * sum_{gaps G >= l} (G - l + 1) ] / (m L (m L - 1) - sum_units l (l - 1))``

with ``N_c`` the number of units of the category over all coders, and
``alpha_c = 1 - D_o / D_e``. This is the per-category alpha ATLAS.ti reports for a
code on the whole text; the values in the tests are those of Krippendorff's (1995)
worked example as reproduced by DKPro Agreement.

References
----------
Krippendorff, K. (1995). On the reliability of unitizing continuous data.
Sociological Methodology, 25, 47-76. https://doi.org/10.2307/271061
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_columns
from ..errors import AgreementError, Errors
from ._coefficients import DegenerateAgreementWarning

__all__ = ["unitizing_alpha"]

UNITIZING_COLUMNS = ["category", "n_units", "d_o", "d_e", "alpha"]


def _own_units(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """One coder's units of one category, sorted; overlapping ones merged (touching
    units stay separate: they are two units)."""
    order = np.argsort(starts, kind="stable")
    s, e = starts[order], ends[order]
    out: list[list[int]] = []
    for a, b in zip(s.tolist(), e.tolist()):
        if out and a < out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def _gaps(units: np.ndarray, begin: int, end: int) -> np.ndarray:
    """Lengths of the stretches of [begin, end) that hold no unit."""
    edges_s = np.concatenate([[begin], units[:, 1]])
    edges_e = np.concatenate([units[:, 0], [end]])
    g = edges_e - edges_s
    return g[g > 0]


def _observed(a: np.ndarray, b: np.ndarray) -> float:
    """sum of delta^2 between coder a's and coder b's sections (one direction)."""
    total = 0.0
    if len(b):
        lo = np.searchsorted(b[:, 1], a[:, 0], side="right")
        hi = np.searchsorted(b[:, 0], a[:, 1], side="left")
    else:
        lo = hi = np.zeros(len(a), dtype=np.int64)
    for (s, e), i, j in zip(a.tolist(), lo.tolist(), hi.tolist()):
        if j > i:
            bs, be = b[i:j, 0].astype(float), b[i:j, 1].astype(float)
            total += float(((s - bs) ** 2 + (e - be) ** 2).sum())
        else:
            total += float(e - s) ** 2  # inside one of b's gaps
    # b's units lying wholly inside a's gaps
    if len(b):
        lo_b = np.searchsorted(a[:, 1], b[:, 0], side="right") if len(a) else None
        hi_b = np.searchsorted(a[:, 0], b[:, 1], side="left") if len(a) else None
        for k, (s, e) in enumerate(b.tolist()):
            if lo_b is None or hi_b[k] <= lo_b[k]:
                total += float(e - s) ** 2
    return total


def unitizing_alpha(units: pd.DataFrame, *, begin: int = 0, length: int | None = None,
                    coders: Sequence[str] | None = None,
                    categories: Sequence[Any] | None = None) -> pd.DataFrame:
    """Krippendorff's unitizing alpha for each category on one continuum.

    Parameters
    ----------
    units : DataFrame
        One row per unit: ``coder, start, end, category`` (half-open ``[start, end)``
        on the continuum). A coder's overlapping units of one category are merged.
    begin : int, default=0
        Where the continuum starts.
    length : int, optional
        Its length ``L``; by default from ``begin`` to the last unit's end.
    coders : sequence of str, optional
        The coders (``m`` of them); by default those in ``units``. A coder listed
        here with no unit of a category counts as having marked none.
    categories : sequence, optional
        Categories to report; by default every category in ``units``.

    Returns
    -------
    DataFrame
        ``category, n_units, d_o, d_e, alpha``; alpha is NaN with a
        :class:`DegenerateAgreementWarning` when ``D_e`` is 0.

    Examples
    --------
    Krippendorff's (1995) example A: two coders on a continuum of 24.

    >>> u = pd.DataFrame({"coder": ["Bertha", "Bertha", "Bill", "Bill"],
    ...                   "start": [2, 14, 4, 15], "end": [10, 20, 8, 17], "category": "A"})
    >>> float(round(unitizing_alpha(u, length=24)["d_o"].iloc[0], 5))
    0.03125
    """
    check_columns(units, ["coder", "start", "end", "category"], caller="unitizing_alpha")
    u = units.copy()
    u["start"] = u["start"].astype("int64")
    u["end"] = u["end"].astype("int64")
    bad = u[(u["end"] <= u["start"]) | (u["start"] < begin)]
    if len(bad):
        r = bad.iloc[0]
        raise AgreementError(Errors.Q317.format(caller="unitizing_alpha", row=int(bad.index[0]),
                                                start=int(r.start), end=int(r.end), begin=begin))
    end = begin + int(length) if length is not None else int(u["end"].max(initial=begin))
    if len(u) and int(u["end"].max()) > end:
        raise AgreementError(Errors.Q317.format(caller="unitizing_alpha",
                                                row=int(u["end"].idxmax()),
                                                start=int(u["start"][u["end"].idxmax()]),
                                                end=int(u["end"].max()), begin=f"{begin}..{end}"))
    L = end - begin
    coder_list = list(coders) if coders is not None else list(dict.fromkeys(u["coder"]))
    m = len(coder_list)
    if m < 2:
        raise AgreementError(Errors.Q302.format(caller="unitizing_alpha", found=m))
    cats = list(categories) if categories is not None else list(dict.fromkeys(u["category"]))
    rows = []
    for cat in cats:
        sub = u[u["category"] == cat]
        per = []
        for c in coder_list:
            cu = sub[sub["coder"] == c]
            per.append(_own_units(cu["start"].to_numpy(), cu["end"].to_numpy()))
        d_o_sum = 0.0
        for i in range(m):
            for j in range(i + 1, m):
                d_o_sum += _observed(per[i], per[j])
        d_o = 2.0 * d_o_sum / (m * (m - 1) * float(L) ** 2)
        lengths = np.concatenate([p[:, 1] - p[:, 0] for p in per]).astype(float)
        gaps = np.sort(np.concatenate([_gaps(p, begin, end) for p in per]).astype(float))
        n_c = len(lengths)
        # sum over gaps G >= l of (G - l + 1), via suffix sums of the sorted gaps
        suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])
        first = np.searchsorted(gaps, lengths, side="left")
        count = len(gaps) - first
        gap_term = suffix[first] - count * (lengths - 1)
        top = ((n_c - 1) * (2 * lengths ** 3 - 3 * lengths ** 2 + lengths) / 3.0
               + lengths ** 2 * gap_term).sum()
        denominator = m * L * (m * L - 1.0) - float((lengths * (lengths - 1)).sum())
        d_e = (2.0 / L) * top / denominator if denominator > 0 else 0.0
        if d_e == 0:
            warnings.warn(Errors.Q309.format(caller="unitizing_alpha",
                                             coefficient=f"unitizing alpha for {cat!r}",
                                             reason="no coder marked a unit of it"),
                          DegenerateAgreementWarning, stacklevel=2)
            alpha = float("nan")
        else:
            alpha = 1.0 - d_o / d_e
        rows.append((cat, n_c, d_o, d_e, alpha))
    return pd.DataFrame(rows, columns=UNITIZING_COLUMNS)
