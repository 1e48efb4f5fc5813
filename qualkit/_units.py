"""Units of analysis and span arithmetic shared by agreement, queries and themes.

A *unit* is a stretch of a transcript that is rated or counted as one: an
utterance, a sentence, or (for character counts) the text itself. Codings mark
every unit they overlap. Span lists are half-open ``[start, end)`` intervals.

>>> import numpy as np
>>> merge_intervals(np.array([0, 5, 20]), np.array([10, 12, 30])).tolist()
[[0, 12], [20, 30]]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validation import check_columns
from .corpus import Corpus
from .errors import Errors, InvalidParameterError

__all__ = ["merge_intervals", "intersect", "subtract", "length", "units_table", "presence",
           "project_inputs", "resolve_codings", "roll_up", "CODING_COLUMNS"]

CODING_COLUMNS = ["coder", "transcript_id", "start", "end", "code_id"]


def merge_intervals(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Union of half-open intervals, as an (n, 2) array sorted by start."""
    if len(starts) == 0:
        return np.empty((0, 2), dtype=np.int64)
    order = np.argsort(starts, kind="stable")
    s = np.asarray(starts)[order]
    e = np.asarray(ends)[order]
    run_end = np.maximum.accumulate(e)
    new = np.ones(len(s), dtype=bool)
    new[1:] = s[1:] > run_end[:-1]
    idx = np.flatnonzero(new)
    out_s = s[idx]
    out_e = np.append(run_end[idx[1:] - 1], run_end[-1])
    return np.column_stack([out_s, out_e]).astype(np.int64)


def intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersection of two merged interval lists."""
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo = max(a[i, 0], b[j, 0])
        hi = min(a[i, 1], b[j, 1])
        if lo < hi:
            out.append((lo, hi))
        if a[i, 1] < b[j, 1]:
            i += 1
        else:
            j += 1
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def subtract(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Parts of merged intervals ``a`` not covered by merged intervals ``b``."""
    out = []
    j = 0
    for s, e in a:
        cur = s
        while j < len(b) and b[j, 1] <= cur:
            j += 1
        k = j
        while k < len(b) and b[k, 0] < e:
            if b[k, 0] > cur:
                out.append((cur, b[k, 0]))
            cur = max(cur, b[k, 1])
            k += 1
        if cur < e:
            out.append((cur, e))
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def length(iv: np.ndarray) -> int:
    return int((iv[:, 1] - iv[:, 0]).sum()) if len(iv) else 0


def project_inputs(data: Any, corpus: Corpus | None, codebook: Any,
                   caller: str) -> tuple[pd.DataFrame, Corpus | None, Any]:
    """Codings, corpus and codebook from a Project, or from a codings DataFrame plus
    the ``corpus``/``codebook`` given beside it (explicit arguments win)."""
    if isinstance(data, pd.DataFrame):
        return check_columns(data, CODING_COLUMNS, caller=caller), corpus, codebook
    if hasattr(data, "codings") and hasattr(data, "corpus"):
        codings = data.codings()
        corpus = corpus if corpus is not None else data.corpus
        if codebook is None:
            try:
                codebook = data.codebook
            except Exception:  # noqa: BLE001 - a project may have no codebook yet
                codebook = None
        return codings, corpus, codebook
    raise InvalidParameterError(Errors.Q001.format(
        param="data", caller=caller, expected="a Project or a codings DataFrame",
        found=type(data).__name__))


def resolve_codings(data: Any, corpus: Corpus | None, coders: Sequence[str] | None,
                   caller: str) -> tuple[pd.DataFrame, Corpus | None, Any, tuple[str, str]]:
    """Codings, corpus, codebook and the two coders from a Project or a DataFrame."""
    codings, corpus, codebook = project_inputs(data, corpus, None, caller)
    present = list(dict.fromkeys(codings["coder"]))
    if coders is None:
        if len(present) != 2:
            raise InvalidParameterError(Errors.Q001.format(
                param="coders", caller=caller,
                expected="two coder names (the codings hold " + ", ".join(map(str, present)) + ")",
                found=coders))
        coders = present
    if len(coders) != 2:
        raise InvalidParameterError(Errors.Q001.format(
            param="coders", caller=caller, expected="exactly two coder names", found=coders))
    for c in coders:
        if c not in present:
            raise InvalidParameterError(Errors.Q001.format(
                param="coders", caller=caller,
                expected="coders present in the codings (" + ", ".join(map(str, present)) + ")",
                found=c))
    codings = codings[codings["coder"].isin(coders)].copy()
    codings["start"] = codings["start"].astype("int64")
    codings["end"] = codings["end"].astype("int64")
    return codings, corpus, codebook, (str(coders[0]), str(coders[1]))


def roll_up(codings: pd.DataFrame, codebook: Any, level: int | None) -> pd.DataFrame:
    """Replace each code by its ancestor at ``level`` (0 = root) in the codebook."""
    if level is None or codebook is None:
        return codings
    mapping = {}
    for code in codings["code_id"].unique():
        chain = list(codebook.ancestors(code)) + [code]
        chain = [c if isinstance(c, str) else c.id for c in chain]
        mapping[code] = chain[min(level, len(chain) - 1)]
    out = codings.copy()
    out["code_id"] = out["code_id"].map(mapping)
    return out


def units_table(corpus: Corpus, unit: str) -> pd.DataFrame:
    if unit == "utterance":
        u = corpus.utterances
        return u[["transcript_id", "utterance_id", "start", "end", "text"]].rename(
            columns={"utterance_id": "unit_id"})
    from .nlp import sentences

    s = sentences(corpus)
    s = s.reset_index(drop=True)
    s["unit_id"] = s["transcript_id"] + ":s" + s.groupby("transcript_id").cumcount().add(1).astype(str)
    return s[["transcript_id", "unit_id", "start", "end", "text"]]


def presence(codings: pd.DataFrame, units: pd.DataFrame, codes: list[str]) -> np.ndarray:
    """Boolean (n_units, n_codes): does any coding of the code overlap the unit?

    Units of one transcript must not overlap one another (utterances and sentences
    do not). All transcripts are laid end to end on one axis so that a single
    sorted search places every coding.

    >>> u = pd.DataFrame({"transcript_id": ["a", "a", "b"], "start": [0, 10, 0], "end": [5, 20, 8]})
    >>> c = pd.DataFrame({"transcript_id": ["a", "b"], "start": [3, 1], "end": [12, 2],
    ...                   "code_id": ["x", "y"]})
    >>> presence(c, u, ["x", "y"]).astype(int).tolist()
    [[1, 0], [1, 0], [0, 1]]
    """
    pres = np.zeros((len(units), len(codes)), dtype=bool)
    if len(units) == 0 or len(codings) == 0:
        return pres
    code_idx = {c: i for i, c in enumerate(codes)}
    tids = pd.Index(pd.unique(units["transcript_id"]))
    span = int(max(units["end"].max(), codings["end"].max())) + 1
    u_t = tids.get_indexer(units["transcript_id"])
    ustart = units["start"].to_numpy(dtype=np.int64) + u_t * span
    uend = units["end"].to_numpy(dtype=np.int64) + u_t * span
    order = np.argsort(ustart, kind="stable")
    ustart_s, uend_s = ustart[order], uend[order]
    c_t = tids.get_indexer(codings["transcript_id"])
    ci = codings["code_id"].map(code_idx).to_numpy()
    keep = (c_t >= 0) & ~pd.isna(ci)
    c_t, ci = c_t[keep], ci[keep].astype(np.int64)
    cs = codings["start"].to_numpy(dtype=np.int64)[keep] + c_t * span
    ce = codings["end"].to_numpy(dtype=np.int64)[keep] + c_t * span
    # first unit whose end > coding start, up to the last unit whose start < coding end
    lo = np.searchsorted(uend_s, cs, side="right")
    hi = np.searchsorted(ustart_s, ce, side="left")
    n = hi - lo
    one = n == 1
    pres[order[lo[one]], ci[one]] = True
    for a, b, c in zip(lo[n > 1], hi[n > 1], ci[n > 1]):
        pres[order[a:b], c] = True
    return pres
