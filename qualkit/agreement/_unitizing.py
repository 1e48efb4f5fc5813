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
``alpha_c = 1 - D_o / D_e``: Krippendorff's (2004) discrete form, which reproduces his
2004 worked example and is what DKPro Statistics implements. The denominator leaves
out each unit's pairing with itself (a unit is indivisible), as the 2019 unitizing
coincidences do; with one-position units it is binary alpha. On the 1995 example at
L = 24 it gives D_e .0700 for category C (DKPro's .0549 is its L = 12 variant, where
this gives .0549 too); stretched towards a continuum it reaches the 1995 paper's printed
A and D, while the paper's B and C carry slips of its hand computation (the tests work
both out).

References
----------
Krippendorff, K. (1995). On the reliability of unitizing continuous data.
Sociological Methodology, 25, 47-76. https://doi.org/10.2307/271061

Krippendorff, K. (2004). Measuring the reliability of qualitative text analysis data.
Quality & Quantity, 38, 787-800. https://doi.org/10.1007/s11135-004-8107-7
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_columns
from ..errors import AgreementError, Errors, QualkitWarning, Warnings
from ._coefficients import DegenerateAgreementWarning

__all__ = ["unitizing_alpha", "unitizing_alphas", "OverlappingUnitsWarning"]

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


def _prepare(units: pd.DataFrame, begin: int, length: int | None,
             coders: Sequence[str] | None, caller: str) -> tuple[pd.DataFrame, int, int, list]:
    """Check a units table; return it with int spans, the continuum's ends and the coders."""
    check_columns(units, ["coder", "start", "end", "category"], caller=caller)
    u = units.copy()
    u["start"] = u["start"].astype("int64")
    u["end"] = u["end"].astype("int64")
    bad = u[(u["end"] <= u["start"]) | (u["start"] < begin)]
    if len(bad):
        r = bad.iloc[0]
        raise AgreementError(Errors.Q317.format(caller=caller, row=int(bad.index[0]),
                                                start=int(r.start), end=int(r.end), begin=begin))
    end = begin + int(length) if length is not None else int(u["end"].max(initial=begin))
    if len(u) and int(u["end"].max()) > end:
        raise AgreementError(Errors.Q317.format(caller=caller,
                                                row=int(u["end"].idxmax()),
                                                start=int(u["start"][u["end"].idxmax()]),
                                                end=int(u["end"].max()), begin=f"{begin}..{end}"))
    coder_list = list(coders) if coders is not None else list(dict.fromkeys(u["coder"]))
    if len(coder_list) < 2:
        raise AgreementError(Errors.Q302.format(caller=caller, found=len(coder_list)))
    return u, begin, end, coder_list


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
    u, begin, end, coder_list = _prepare(units, begin, length, coders, "unitizing_alpha")
    L = end - begin
    m = len(coder_list)
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


# --- the alpha family of Krippendorff (2019, sec. 12.6) --------------------------

FAMILY_COLUMNS = ["coefficient", "category", "alpha", "d_o", "d_e", "coverage", "n_units"]


class OverlappingUnitsWarning(QualkitWarning):
    """A coder marked one stretch of the continuum with more than one category.

    The alpha family assumes each coder's units of the compared categories do not
    overlap (ATLAS.ti asks for mutually exclusive codes in a semantic domain). The
    stretch is counted once for each category and the message names the first one.
    """


def _coincidences(u: pd.DataFrame, begin: int, end: int, coders: list, cats: list,
                  caller: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Observed coincidences by intersection length, and the self-pairing corrections.

    Returns ``ell`` ((V+1) x (V+1), row/column 0 the gaps), ``corr`` (V+1) for it,
    ``corr_star`` (V) for the sub-matrix of categorised matter, and ``n_units`` per
    category. The continuum is cut at every unit boundary into elementary stretches
    of length ``d``; ``X[i]`` says which categories coder ``i`` gave each stretch.
    """
    m, V = len(coders), len(cats)
    coder_ix = {c: i for i, c in enumerate(coders)}
    cat_ix = {c: k for k, c in enumerate(cats)}
    u = u[u["coder"].isin(coder_ix) & u["category"].isin(cat_ix)]
    segs = []  # (coder, category, start, end) after merging a coder's own overlaps
    for (c, k), grp in u.groupby(["coder", "category"], sort=False):
        own = _own_units(grp["start"].to_numpy(), grp["end"].to_numpy())
        segs.append(np.column_stack([np.full(len(own), coder_ix[c]),
                                     np.full(len(own), cat_ix[k]), own]))
    seg = np.concatenate(segs) if segs else np.zeros((0, 4), dtype=np.int64)
    cuts = np.unique(np.concatenate([[begin, end], seg[:, 2], seg[:, 3]]))
    d = np.diff(cuts).astype(float)
    a = np.searchsorted(cuts, seg[:, 2])
    b = np.searchsorted(cuts, seg[:, 3])
    X = np.zeros((m, len(d) + 1, V + 1), dtype=np.int32)
    np.add.at(X, (seg[:, 0], a, seg[:, 1] + 1), 1)
    np.add.at(X, (seg[:, 0], b, seg[:, 1] + 1), -1)
    X = np.cumsum(X, axis=1)[:, :-1, :]
    X[:, :, 0] = (X[:, :, 1:].sum(axis=2) == 0)
    for i, c in enumerate(coders):
        multi = np.flatnonzero(X[i, :, 1:].sum(axis=1) > 1)
        if len(multi):
            t = multi[0]
            found = " and ".join(repr(cats[k - 1]) for k in np.flatnonzero(X[i, t, 1:]) + 1)
            warnings.warn(Warnings.W301.format(caller=caller, coder=c, n=len(multi),
                                               start=int(cuts[t]), end=int(cuts[t + 1]),
                                               found=found),
                          OverlappingUnitsWarning, stacklevel=3)
    Xf = X.astype(float)
    ell = np.zeros((V + 1, V + 1))
    for i in range(m):
        for j in range(m):
            if i != j:
                ell += Xf[i].T @ (d[:, None] * Xf[j])
    ell /= (m - 1)
    n_all = Xf.sum(axis=2)            # categories (or the gap) per stretch, per coder
    n_cat = Xf[:, :, 1:].sum(axis=2)  # categories only
    corr = np.zeros(V + 1)
    corr_star = np.zeros(V)
    for i in range(m):
        # what one unit of coder i pairs with per unit length: the other coders' values
        q = (n_all.sum(axis=0) - n_all[i]) / (m - 1)
        q_star = (n_cat.sum(axis=0) - n_cat[i]) / (m - 1)
        corr[0] += float((Xf[i, :, 0] * d * q ** 2).sum())  # gaps pair character by character
        mine = seg[:, 0] == i
        for w, out, shift in ((q, corr, 1), (q_star, corr_star, 0)):
            cum = np.concatenate([[0.0], np.cumsum(d * w)])
            contrib = cum[b[mine]] - cum[a[mine]]   # a unit's share of the coincidences
            np.add.at(out, seg[mine, 1] + shift, contrib ** 2)
    n_units = np.bincount(seg[:, 1], minlength=V) if len(seg) else np.zeros(V, dtype=int)
    return ell, corr, corr_star, n_units, seg


def _expected(ell: np.ndarray, corr: np.ndarray) -> np.ndarray:
    """Expected coincidences: marginal products less each unit's pairing with itself."""
    t = ell.sum()
    r = ell.sum(axis=1)
    den = t * t - corr.sum()
    if t == 0 or den <= 0:
        return np.zeros_like(ell)
    return t * (np.outer(r, r) - np.diag(corr)) / den


def unitizing_alphas(units: pd.DataFrame, *, begin: int = 0, length: int | None = None,
                     coders: Sequence[str] | None = None,
                     categories: Sequence[Any] | None = None) -> pd.DataFrame:
    """Krippendorff's alpha family for unitizing a continuum with categories.

    The coefficients Krippendorff (2019, sec. 12.6) defines for coders who both cut
    a continuum into units and give each unit a category, without pre-segmentation,
    and that ATLAS.ti reports for a semantic domain:

    - ``u_alpha``: units and their categories at once; all matter counts, marked
      or not (the gaps between units are a category of their own);
    - ``|u_alpha``: the binary version: do the coders mark the same stretches as
      relevant at all, whatever the category (ATLAS.ti's alpha-binary);
    - ``cu_alpha``: do the coders give the same category where both marked units
      (ATLAS.ti's cu-alpha; its Cu-alpha is this with semantic domains as the
      categories);
    - ``(k)u_alpha``: ``cu_alpha`` for one category ``k``, with its ``coverage``,
      the share of the category's marked matter that another coder also marked.

    Observed coincidences are the lengths of the intersections of every coder's
    units (and gaps) with every other coder's, divided by ``m - 1``; they sum to
    ``m L``. Expected coincidences are the products of their margins less, on the
    diagonal, each unit's pairing with itself: its share of the coincidences
    squared (a unit is indivisible), or, for gaps, character by character. The
    difference function is nominal.

    Parameters
    ----------
    units : DataFrame
        One row per unit: ``coder, start, end, category`` (half-open spans). A
        coder's overlapping units of one category are merged; overlapping units of
        different categories raise an :class:`OverlappingUnitsWarning` and count
        once for each category.
    begin : int, default=0
        Where the continuum starts.
    length : int, optional
        Its length; by default up to the last unit's end.
    coders : sequence of str, optional
        The coders; by default those in ``units``.
    categories : sequence, optional
        The categories to compare; by default every category in ``units``. Units of
        other categories are left out (their stretches count as unmarked).

    Returns
    -------
    DataFrame
        ``coefficient, category, alpha, d_o, d_e, coverage, n_units``: the rows
        ``u_alpha``, ``|u_alpha`` and ``cu_alpha`` (category empty), then one
        ``(k)u_alpha`` row per category. ``d_o`` and ``d_e`` are the observed and
        expected disagreement (proportions); an undefined alpha is NaN with a
        :class:`DegenerateAgreementWarning` saying why.

    References
    ----------
    Krippendorff, K. (2019). Content Analysis: An Introduction to Its Methodology
    (4th ed.), sec. 12.6. Sage. Krippendorff, K., Mathet, Y., Bouvry, S. and
    Widloecher, A. (2016). On the reliability of unitizing textual continua: further
    developments. Quality & Quantity, 50, 2347-2364.

    Examples
    --------
    Two coders agree on where the units are and on one of two categories.

    >>> u = pd.DataFrame({"coder": ["a", "a", "b", "b"], "start": [0, 20, 0, 20],
    ...                   "end": [10, 30, 10, 30], "category": ["x", "y", "x", "x"]})
    >>> out = unitizing_alphas(u, length=40).set_index(["coefficient"])
    >>> round(float(out.loc["|u_alpha", "alpha"]), 3), round(float(out.loc["cu_alpha", "alpha"]), 3)
    (1.0, 0.0)
    """
    caller = "unitizing_alphas"
    u, begin, end, coder_list = _prepare(units, begin, length, coders, caller)
    cats = list(categories) if categories is not None else list(dict.fromkeys(u["category"]))
    ell, corr, corr_star, n_units, _ = _coincidences(u, begin, end, coder_list, cats, caller)
    eps = _expected(ell, corr)
    t = ell.sum()

    def _alpha(name: str, d_o: float, d_e: float, why: str) -> float:
        if not d_e > 0:
            warnings.warn(Errors.Q309.format(caller=caller, coefficient=name, reason=why),
                          DegenerateAgreementWarning, stacklevel=3)
            return float("nan")
        return 1.0 - d_o / d_e

    rows = []
    d_o = (t - np.trace(ell)) / t if t else 0.0
    d_e = (t - np.trace(eps)) / t if t else 0.0
    rows.append(("u_alpha", None, _alpha("u_alpha", d_o, d_e, "every coder gave all the "
                                         "matter one and the same category"),
                 d_o, d_e, np.nan, int(n_units.sum())))
    d_o = 2 * ell[0, 1:].sum() / t if t else 0.0
    d_e = 2 * eps[0, 1:].sum() / t if t else 0.0
    rows.append(("|u_alpha", None, _alpha("|u_alpha", d_o, d_e, "nothing, or everything, "
                                          "was marked"), d_o, d_e, np.nan, int(n_units.sum())))
    star = ell[1:, 1:]
    eps_star = _expected(star, corr_star)
    ts = star.sum()
    d_o = (ts - np.trace(star)) / ts if ts else 0.0
    d_e = (ts - np.trace(eps_star)) / ts if ts else 0.0
    rows.append(("cu_alpha", None, _alpha("cu_alpha", d_o, d_e, "no two coders' units overlap"
                                          if ts == 0 else "one category covers all the "
                                          "matter both coders marked"),
                 d_o, d_e, ts / ell[1:, :].sum() if ell[1:, :].sum() else np.nan,
                 int(n_units.sum())))
    rk, ek = star.sum(axis=1), eps_star.sum(axis=1)
    for k, cat in enumerate(cats):
        full = ell[k + 1].sum()
        cov = rk[k] / full if full else np.nan
        if rk[k] == 0:
            d_o = d_e = np.nan
            why = ("no unit of it overlaps another coder's unit" if full else
                   "no coder marked it")
            alpha = _alpha(f"(k)u_alpha for {cat!r}", 0.0, 0.0, why)
        else:
            d_o = (rk[k] - star[k, k]) / rk[k]
            d_e = (ek[k] - eps_star[k, k]) / ek[k] if ek[k] else 0.0
            alpha = _alpha(f"(k)u_alpha for {cat!r}", d_o, d_e,
                           "it is the only category where the coders' units overlap")
        rows.append(("(k)u_alpha", cat, alpha, d_o, d_e, cov, int(n_units[k])))
    return pd.DataFrame(rows, columns=FAMILY_COLUMNS)
