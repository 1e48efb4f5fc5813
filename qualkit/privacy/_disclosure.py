"""Statistical disclosure control: the rules every table and figure of people follows.

Three rules, after the usual practice for small-number health statistics:

1. **Primary suppression.** A count of people from 1 to ``threshold - 1`` is not
   shown (zero is shown: nobody is not a person).
2. **Secondary suppression.** Where a total is printed (or every other cell of a
   line is), a suppressed count could be worked out by subtraction. In every such
   line either no count is suppressed, or at least two are and together they hold
   at least ``threshold`` people and more people than cells (else each is 1); the
   smallest further counts are suppressed until that holds. All suppressed counts look alike (:data:`MARK`), so a reader cannot
   tell a small count from one hidden to protect it.
3. **No exact extremes.** A continuous attribute (age) is shown as its median and
   quartiles and in bands whose counts follow rules 1 and 2, the top band open
   ("75 and over"), never as a minimum or maximum that a single person holds.

And for quotes: no attribute stands beside a quote unless asked for, and then a
combination of attributes held by fewer than ``k`` participants is warned about
(k-anonymity).

Examples
--------
>>> import pandas as pd
>>> suppress_counts(pd.Series({"Kent": 3, "Surrey": 9, "Sussex": 12})).tolist()
[True, True, False]
>>> disclosure_rules(5)[0]
'Counts of 1 to 4 people are not shown (*).'
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, InvalidParameterError, QualkitWarning, Warnings

__all__ = ["MARK", "DEFAULT_THRESHOLD", "DEFAULT_BANDS", "suppress_counts", "suppress_table",
           "show_counts", "age_bands", "band", "percentile_summary", "disclosure_rules",
           "small_combinations", "warn_small_combinations"]

#: How a suppressed count is shown, in tables and figures alike.
MARK = "*"
#: The smallest count of people that is shown.
DEFAULT_THRESHOLD = 5
#: Lower edges of the default age bands (the last band is open: "75 and over").
DEFAULT_BANDS = (18, 35, 55, 75)


def _check_threshold(threshold: Any, caller: str) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)) \
            or threshold < 0:
        raise InvalidParameterError(Errors.Q001.format(
            param="threshold", caller=caller, expected="a whole number >= 0 (0 turns it off)",
            found=repr(threshold)))
    return int(threshold)


def _safe(hidden_values: np.ndarray, threshold: int) -> bool:
    """Whether hidden counts of one line with a known total keep each other unknown.

    Their sum is known; each is at least 1 (zeros are shown). Each could be any
    of several values when at least two are hidden, their sum is at least the
    threshold, and it is more than their number (else each is 1).
    """
    n, total = len(hidden_values), float(hidden_values.sum())
    return n >= 2 and total >= threshold and total > n


def _fix_lines(values: np.ndarray, hidden: np.ndarray, lines: list[np.ndarray],
               threshold: int) -> None:
    """Secondary suppression over lines of cells that sum to a known total (in place)."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            h = hidden[line]
            if not h.any():
                continue
            vals = values[line]
            if _safe(vals[h], threshold):
                continue
            free = np.flatnonzero(~h & (vals > 0))
            if free.size == 0:
                continue  # every person of the line is hidden already
            pick = line[free[np.argmin(vals[free])]]
            hidden[pick] = True
            changed = True


def suppress_counts(counts: pd.Series, threshold: int = DEFAULT_THRESHOLD, *,
                    total_shown: bool = True) -> pd.Series:
    """Which counts of one characteristic to hide (primary and secondary suppression).

    Parameters
    ----------
    counts : Series of int
        People per category of one characteristic (they add up to the total).
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` are hidden; 0 turns suppression off.
    total_shown : bool, default True
        Whether the total is printed (or known), so that a single hidden count
        could be worked out by subtraction.

    Returns
    -------
    Series of bool
        True where the count must not be shown.

    Examples
    --------
    >>> import pandas as pd
    >>> suppress_counts(pd.Series([40, 31, 4, 4])).tolist()  # 4 + 4 = 8 hides each
    [False, False, True, True]
    >>> suppress_counts(pd.Series([40, 31, 2, 1])).tolist()  # 2 + 1 = 3 would tell too much
    [False, True, True, True]
    """
    threshold = _check_threshold(threshold, "suppress_counts")
    values = pd.to_numeric(counts, errors="coerce").fillna(0).to_numpy(dtype=float)
    hidden = (values > 0) & (values < threshold)
    if threshold and total_shown and hidden.any():
        _fix_lines(values, hidden, [np.arange(len(values))], threshold)
    return pd.Series(hidden, index=counts.index)


def suppress_table(table: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD, *,
                   margins: bool = True) -> pd.DataFrame:
    """Hide the counts of a two-way table of people so none can be worked out.

    Every row and every column is a line with a known total when ``margins`` is
    true (totals printed, or derivable from the table's other outputs); the row
    and column totals are themselves counts and follow the same rules.

    Returns
    -------
    DataFrame of float
        The table with hidden counts as NaN; ``attrs["suppressed"]`` is how many
        are hidden, ``attrs["hidden_totals"]`` the row and column totals (labels)
        and whether the grand total must not be printed either, and
        ``attrs["disclosure_rules"]`` the rules, to print under it.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"Kent": [3, 20], "Surrey": [9, 15]}, index=["trust", "benefit"])
    >>> suppress_table(t).isna().to_numpy().tolist()
    [[True, True], [True, True]]
    """
    threshold = _check_threshold(threshold, "suppress_table")
    values = table.apply(pd.to_numeric, errors="coerce").fillna(0).to_numpy(dtype=float)
    r, c = values.shape
    hidden = (values > 0) & (values < threshold)
    if threshold and margins and hidden.any():
        # the table with its row totals (last column) and column totals (last row)
        full = np.zeros((r + 1, c + 1))
        full[:r, :c] = values
        full[:r, c] = values.sum(axis=1)
        full[r, :c] = values.sum(axis=0)
        full[r, c] = values.sum()
        fh = np.zeros_like(full, dtype=bool)
        fh[:r, :c] = hidden
        fh[:r, c] = (full[:r, c] > 0) & (full[:r, c] < threshold)
        fh[r, :c] = (full[r, :c] > 0) & (full[r, :c] < threshold)
        idx = np.arange(full.size).reshape(full.shape)
        lines = [idx[i, :] for i in range(r + 1)] + [idx[:, j] for j in range(c + 1)]
        flat_v, flat_h = full.ravel(), fh.ravel()
        _fix_lines_with_totals(flat_v, flat_h, lines, threshold)
        fh = flat_h.reshape(full.shape)
        _audit(full, fh, threshold)
        hidden = fh[:r, :c]
        hidden_totals = {"rows": list(table.index[fh[:r, c]]),
                         "columns": list(table.columns[fh[r, :c]]), "all": bool(fh[r, c])}
    else:
        hidden_totals = {"rows": [], "columns": [], "all": False}
    out = table.astype(float).mask(hidden)
    out.attrs["suppressed"] = int(hidden.sum())
    out.attrs["hidden_totals"] = hidden_totals
    out.attrs["disclosure_rules"] = disclosure_rules(threshold, secondary=margins)
    return out


def _fix_lines_with_totals(values: np.ndarray, hidden: np.ndarray, lines: list[np.ndarray],
                           threshold: int) -> None:
    """Like :func:`_fix_lines` for lines whose last cell is their total.

    A line is safe when no cell is hidden; or when its total is hidden too and at
    least two cells of the line are; or when at least two cells are hidden and
    they hold at least ``threshold`` people.
    """
    changed = True
    while changed:
        changed = False
        for line in lines:
            cells, total = line[:-1], line[-1]
            h = hidden[cells]
            n_hidden = int(h.sum()) + int(hidden[total])
            if n_hidden == 0:
                continue
            if hidden[total] and n_hidden >= 2:
                continue
            vals = values[cells]
            if not hidden[total] and _safe(vals[h], threshold):
                continue
            free = np.flatnonzero(~h & (vals > 0))
            if free.size == 0:
                if not hidden[total] and values[total] > 0:
                    hidden[total] = True
                    changed = True
                continue
            hidden[cells[free[np.argmin(vals[free])]]] = True
            changed = True


def _exposed(full: np.ndarray, fh: np.ndarray, threshold: int) -> list[tuple[int, int]]:
    """Hidden cells (and small hidden totals) that the printed numbers pin to one value.

    A reader knows every shown cell and shown total, and that a hidden cell holds
    at least one person. Each hidden cell's least and greatest possible value
    under those equations is found by linear programming.
    """
    from scipy.optimize import linprog

    r, c = full.shape[0] - 1, full.shape[1] - 1
    cells = [(i, j) for i in range(r) for j in range(c) if fh[i, j]]
    if not cells:
        return []
    pos = {x: k for k, x in enumerate(cells)}
    a_eq, b_eq = [], []
    lines = [([(i, j) for j in range(c)], (i, c)) for i in range(r)]
    lines += [([(i, j) for i in range(r)], (r, j)) for j in range(c)]
    lines.append(([(i, j) for i in range(r) for j in range(c)], (r, c)))
    for members, tot in lines:
        if fh[tot]:
            continue
        row = np.zeros(len(cells))
        known = 0.0
        for x in members:
            if x in pos:
                row[pos[x]] = 1.0
            else:
                known += full[x]
        if row.any():
            a_eq.append(row)
            b_eq.append(full[tot] - known)
    bounds = [(1, None)] * len(cells)
    targets = [(x, np.eye(len(cells))[pos[x]]) for x in cells]
    # a small total that is hidden must not be worked out either
    for members, tot in lines[:-1]:
        if fh[tot] and 0 < full[tot] < threshold:
            v = np.zeros(len(cells))
            for x in members:
                if x in pos:
                    v[pos[x]] = 1.0
            targets.append((tot, v))
    out = []
    for x, v in targets:
        lo = linprog(v, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
        hi = linprog(-v, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
        if lo.status == 0 and hi.status == 0 and (-hi.fun) - lo.fun < 1 - 1e-9:
            out.append(x)
    return out


def _audit(full: np.ndarray, fh: np.ndarray, threshold: int, max_rounds: int = 200) -> None:
    """Hide further cells until no hidden count can be worked out from the rest (in place)."""
    r, c = full.shape[0] - 1, full.shape[1] - 1
    for _ in range(max_rounds):
        bad = _exposed(full, fh, threshold)
        if not bad:
            return
        i, j = bad[0]
        if i == r or j == c:  # a small total: hide a cell of its line
            near = [(i, jj) for jj in range(c)] if j == c else [(ii, j) for ii in range(r)]
        else:
            near = [(i, jj) for jj in range(c)] + [(ii, j) for ii in range(r)]
        free = [x for x in near if not fh[x] and full[x] > 0]
        if not free:
            free = [(ii, jj) for ii in range(r) for jj in range(c) if not fh[ii, jj] and
                    full[ii, jj] > 0]
        if not free:
            tots = [(ii, c) for ii in range(r)] + [(r, jj) for jj in range(c)] + [(r, c)]
            free = [x for x in tots if not fh[x] and full[x] > 0]
            if not free:
                return
        fh[min(free, key=lambda x: full[x])] = True


def show_counts(counts: pd.Series, hidden: pd.Series, total: int | None = None,
                digits: int = 1) -> pd.DataFrame:
    """Counts and percentages as printed text, hidden ones as :data:`MARK`.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.Series({"Kent": 3, "Surrey": 2, "Sussex": 12})
    >>> show_counts(c, suppress_counts(c), total=17).values.tolist()
    [['*', ''], ['*', ''], ['12', '70.6']]
    """
    n = pd.to_numeric(counts, errors="coerce").fillna(0).astype(int)
    total = int(n.sum()) if total is None else int(total)
    text = [MARK if h else str(v) for v, h in zip(n, hidden)]
    pct = ["" if h or not total else f"{100 * v / total:.{digits}f}" for v, h in zip(n, hidden)]
    return pd.DataFrame({"n": text, "%": pct}, index=counts.index)


def _band_labels(edges: Sequence[float]) -> list[str]:
    edges = [int(e) if float(e).is_integer() else e for e in edges]
    labels = [f"Under {edges[0]}"]
    labels += [f"{a}\u2013{(b - 1) if isinstance(b, int) else b}" for a, b in zip(edges, edges[1:])]
    labels.append(f"{edges[-1]} and over")
    return labels


def band(values: Any, edges: Sequence[float] = DEFAULT_BANDS) -> pd.Series:
    """Each value's band ("35–54", "75 and over"); missing values stay missing.

    Examples
    --------
    >>> band([17, 18, 34, 35, 98, None]).tolist()
    ['Under 18', '18–34', '18–34', '35–54', '75 and over', nan]
    """
    edges = sorted(float(e) for e in edges)
    if not edges:
        raise InvalidParameterError(Errors.Q001.format(
            param="bands", caller="band", expected="at least one band edge", found="none"))
    labels = _band_labels(edges)
    s = pd.to_numeric(pd.Series(values), errors="coerce")
    pos = np.searchsorted(np.asarray(edges), s.to_numpy(dtype=float), side="right")
    out = pd.Series([labels[p] if v == v else np.nan for p, v in zip(pos, s)],
                    index=s.index, dtype=object)
    return out


def age_bands(values: Any, edges: Sequence[float] = DEFAULT_BANDS) -> pd.Series:
    """People per band, in band order, bands nobody is in left out below the first held.

    Examples
    --------
    >>> age_bands([19, 40, 41, 60, 97]).to_dict()
    {'18–34': 1, '35–54': 2, '55–74': 1, '75 and over': 1}
    """
    b = band(values, edges)
    labels = _band_labels(sorted(float(e) for e in edges))
    counts = b.value_counts().reindex(labels, fill_value=0)
    held = np.flatnonzero(counts.to_numpy() > 0)
    if held.size == 0:
        return counts.iloc[:0]
    return counts.iloc[held[0]:held[-1] + 1]


def percentile_summary(values: Any, threshold: int = DEFAULT_THRESHOLD) -> str:
    """Median (lower quartile–upper quartile), or :data:`MARK` for fewer than ``threshold`` values.

    Quartiles, not the minimum and maximum: an extreme is one person's exact value.

    Examples
    --------
    >>> percentile_summary([29, 35, 41, 45, 52, 60, 97])
    '45 (38–56)'
    >>> percentile_summary([29, 97])
    '*'
    """
    a = pd.to_numeric(pd.Series(values), errors="coerce").dropna()
    if len(a) == 0 or len(a) < max(threshold, 1):
        return MARK
    q1, med, q3 = np.percentile(a.to_numpy(dtype=float), [25, 50, 75])

    def fmt(x: float) -> str:
        return f"{x:.0f}" if abs(x - round(x)) < 0.05 or abs(x) >= 10 else f"{x:.1f}"

    return f"{fmt(med)} ({fmt(q1)}\u2013{fmt(q3)})"


def disclosure_rules(threshold: int = DEFAULT_THRESHOLD, *, secondary: bool = True,
                     bands: bool = False, k: int | None = None) -> list[str]:
    """The rules a table or figure followed, as sentences for its footnote.

    Examples
    --------
    >>> len(disclosure_rules(5, bands=True, k=5))
    4
    """
    if not threshold:
        return ["Small counts are shown as they are (no suppression was asked for)."]
    out = [f"Counts of 1 to {threshold - 1} people are not shown ({MARK})."]
    if secondary:
        out.append("Where a total is shown, further counts are not shown either, so that no "
                   f"hidden count can be worked out by subtraction ({MARK} marks both alike).")
    if bands:
        out.append("Ages are given as median (interquartile range) and in bands, never as a "
                   "minimum or maximum that one person holds.")
    if k:
        out.append(f"Attributes beside quotes are shown only when asked for, with a warning for "
                   f"any combination held by fewer than {k} participants.")
    return out


def small_combinations(participants: pd.DataFrame, attributes: Sequence[str],
                       k: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Combinations of attribute values held by fewer than ``k`` participants.

    Returns
    -------
    DataFrame
        One row per combination with fewer than ``k`` holders: the attributes and
        ``n`` (how many hold it). Empty when the attributes are k-anonymous.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"sex": ["F"] * 6 + ["M"], "county": ["Kent"] * 7})
    >>> small_combinations(p, ["sex", "county"]).values.tolist()
    [['M', 'Kent', 1]]
    """
    attrs = list(attributes)
    if not attrs or participants.empty:
        return pd.DataFrame(columns=attrs + ["n"])
    g = participants[attrs].astype(object).where(participants[attrs].notna(), "(missing)")
    sizes = g.groupby(attrs, dropna=False).size().rename("n").reset_index()
    return sizes[sizes["n"] < k].reset_index(drop=True)


def warn_small_combinations(participants: pd.DataFrame, attributes: Sequence[str],
                            k: int = DEFAULT_THRESHOLD, *, caller: str = "quote_table") -> int:
    """Warn (W501) when a combination of ``attributes`` is held by fewer than ``k`` people.

    The warning says how many combinations and participants, never their values.
    Returns how many participants hold a rare combination.
    """
    small = small_combinations(participants, attributes, k)
    n_people = int(small["n"].sum()) if len(small) else 0
    if n_people:
        warnings.warn(Warnings.W501.format(caller=caller, attributes=", ".join(attributes),
                                           n=len(small), people=n_people, k=k),
                      QualkitWarning, stacklevel=3)
    return n_people
