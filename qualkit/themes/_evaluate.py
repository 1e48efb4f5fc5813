"""Compare candidate themes with a gold standard (external cluster validity)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, InvalidParameterError

__all__ = ["evaluate_themes", "match_gold", "EVALUATION_COLUMNS"]

#: Columns of :func:`evaluate_themes`.
EVALUATION_COLUMNS = ["ari", "nmi", "v_measure", "homogeneity", "completeness", "n_themes",
                      "n_gold_themes", "n_units", "n_excluded", "n_outliers"]


def match_gold(units: pd.DataFrame, gold: pd.DataFrame) -> pd.Series:
    """The gold ``theme_id`` of each unit: the gold span overlapping it most.

    Ties go to the gold span that starts first. Units overlapping no gold span get NaN.

    Examples
    --------
    >>> units = pd.DataFrame({"transcript_id": ["a", "a", "a"], "start": [0, 10, 50],
    ...                       "end": [10, 30, 60]})
    >>> gold = pd.DataFrame({"transcript_id": ["a", "a"], "start": [0, 12], "end": [12, 40],
    ...                      "theme_id": ["T1", "T2"]})
    >>> match_gold(units, gold).tolist()
    ['T1', 'T2', nan]
    """
    u = units[["transcript_id", "start", "end"]].reset_index(drop=True)
    u = u.assign(_unit=np.arange(len(u)))
    g = gold[["transcript_id", "start", "end", "theme_id"]].rename(
        columns={"start": "g_start", "end": "g_end"})
    m = u.merge(g, on="transcript_id", how="inner")
    m["overlap"] = (np.minimum(m["end"], m["g_end"]) - np.maximum(m["start"], m["g_start"]))
    m = m[m["overlap"] > 0]
    m = m.sort_values(["_unit", "overlap", "g_start"], ascending=[True, False, True],
                      kind="mergesort").drop_duplicates("_unit")
    out = pd.Series(np.nan, index=np.arange(len(u)), dtype=object)
    out.loc[m["_unit"].to_numpy()] = m["theme_id"].to_numpy()
    out.index = units.index
    return out


def evaluate_themes(cands: Any, gold: pd.DataFrame) -> pd.DataFrame:
    """Agreement of candidate themes with gold themes: ARI, NMI and V-measure.

    Each unit of ``cands.assignments`` is matched to the gold span it overlaps most
    (same transcript); units overlapping no gold span are excluded and counted in
    ``n_excluded``. Outliers (theme -1) stay in as one label of their own, so
    leaving extracts unassigned costs the scores what it should.

    Parameters
    ----------
    cands : ThemeCandidates or DataFrame
        The result of :func:`suggest_themes`, or an assignments table
        (``transcript_id, start, end, theme``).
    gold : DataFrame
        ``transcript_id, start, end, theme_id``.

    Returns
    -------
    DataFrame
        One row, columns :data:`EVALUATION_COLUMNS`. ``ari`` is
        :func:`sklearn.metrics.adjusted_rand_score`, ``nmi``
        :func:`~sklearn.metrics.normalized_mutual_info_score` (arithmetic mean) and
        ``v_measure`` :func:`~sklearn.metrics.v_measure_score`; ``n_themes`` counts
        the candidate themes (outliers not counted).

    Examples
    --------
    >>> a = pd.DataFrame({"transcript_id": "t", "start": [0, 10, 20, 30],
    ...                   "end": [10, 20, 30, 40], "theme": [0, 0, 1, 1]})
    >>> gold = pd.DataFrame({"transcript_id": "t", "start": [0, 20], "end": [20, 40],
    ...                      "theme_id": ["A", "B"]})
    >>> evaluate_themes(a, gold)[["ari", "nmi", "n_themes", "n_excluded"]]
       ari  nmi  n_themes  n_excluded
    0  1.0  1.0         2           0
    """
    from sklearn import metrics

    from .._validation import check_columns

    assignments = cands if isinstance(cands, pd.DataFrame) else getattr(cands, "assignments",
                                                                        None)
    if assignments is None:
        raise InvalidParameterError(Errors.Q001.format(
            param="cands", caller="evaluate_themes",
            expected="ThemeCandidates or an assignments DataFrame", found=type(cands).__name__))
    check_columns(assignments, ["transcript_id", "start", "end", "theme"],
                  caller="evaluate_themes(cands)")
    check_columns(gold, ["transcript_id", "start", "end", "theme_id"],
                  caller="evaluate_themes(gold)")
    truth = match_gold(assignments, gold)
    keep = truth.notna().to_numpy()
    if keep.sum() == 0:
        raise InvalidParameterError(Errors.Q602.format(
            caller="evaluate_themes", problem="no unit overlaps any gold span",
            expected="gold spans in the same transcripts and offsets as the units"))
    y_true = truth[keep].astype(str).to_numpy()
    y_pred = assignments["theme"].to_numpy()[keep]
    h, c, v = metrics.homogeneity_completeness_v_measure(y_true, y_pred)
    row = {
        "ari": float(metrics.adjusted_rand_score(y_true, y_pred)),
        "nmi": float(metrics.normalized_mutual_info_score(y_true, y_pred)),
        "v_measure": float(v),
        "homogeneity": float(h),
        "completeness": float(c),
        "n_themes": int(len(set(assignments["theme"].tolist()) - {-1})),
        "n_gold_themes": int(len(set(y_true.tolist()))),
        "n_units": int(keep.sum()),
        "n_excluded": int((~keep).sum()),
        "n_outliers": int((y_pred == -1).sum()),
    }
    return pd.DataFrame([row], columns=EVALUATION_COLUMNS)
