"""Queries and analysis-ready exports: co-occurrence, matrix coding, quote tables, presence.

These answer the questions every QDA tool answers -- which codes go together
(NVivo's matrix coding and ATLAS.ti's co-occurrence table), who said it, and
does it differ by county, age or willingness to share -- and write the tables
people take on to R or Stata.

Each function takes a :class:`~qualkit.project.Project`, or a codings DataFrame
with ``corpus=`` (and optionally ``codebook=``), and returns a DataFrame.

Examples
--------
>>> import pandas as pd
>>> from qualkit.corpus import Corpus, Transcript, Turn
>>> t = Transcript.from_turns("t1", [Turn("P01", "Hackers and sale."), Turn("P02", "Sale only.")],
...                           group="FG1")
>>> u = t.utterances
>>> codings = pd.DataFrame([("A", "t1", u.start[0], u.end[0], "breaches"),
...                         ("A", "t1", u.start[0], u.end[0], "commercial"),
...                         ("A", "t1", u.start[1], u.end[1], "commercial")],
...                        columns=["coder", "transcript_id", "start", "end", "code_id"])
>>> cooccurrence(codings, corpus=Corpus([t]))
            breaches  commercial
breaches           1           1
commercial         1           2
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._units import merge_intervals, presence, project_inputs, units_table
from ._validation import check_option
from .corpus import Corpus
from .errors import Errors, InvalidParameterError

__all__ = ["cooccurrence", "matrix_coding", "quote_table", "presence_matrix",
           "plot_cooccurrence", "plot_matrix_coding", "suppress_small_cells"]


# --------------------------------------------------------------------- inputs
def _inputs(data: Any, coder: str | Sequence[str] | None, corpus: Corpus | None,
            codebook: Any, caller: str) -> tuple[pd.DataFrame, Corpus, Any]:
    codings, corpus, codebook = project_inputs(data, corpus, codebook, caller)
    if corpus is None:
        raise InvalidParameterError(Errors.Q001.format(
            param="corpus", caller=caller, expected="a Corpus (needed with a codings DataFrame)",
            found=None))
    if coder is not None:
        wanted = [coder] if isinstance(coder, str) else list(coder)
        present = sorted(set(codings["coder"]))
        missing = [c for c in wanted if c not in present]
        if missing:
            raise InvalidParameterError(Errors.Q001.format(
                param="coder", caller=caller, expected=f"one of the coders {present}",
                found=missing[0]))
        codings = codings[codings["coder"].isin(wanted)]
    codings = codings.copy()
    codings["start"] = codings["start"].astype("int64")
    codings["end"] = codings["end"].astype("int64")
    return codings, corpus, codebook


def _code_order(codings: pd.DataFrame, codebook: Any) -> list[str]:
    used = set(codings["code_id"])
    if codebook is not None:
        try:
            order = [c.id if hasattr(c, "id") else str(c) for c in codebook]
            return [c for c in order if c in used] + sorted(used - set(order))
        except TypeError:
            pass
    return sorted(used)


def _roll(codings: pd.DataFrame, codebook: Any, level: int | None) -> pd.DataFrame:
    if level is None:
        return codings
    if codebook is None:
        raise InvalidParameterError(Errors.Q001.format(
            param="level", caller="queries", expected="a codebook to roll codes up",
            found=level))
    from ._units import roll_up

    return roll_up(codings, codebook, level)


def _unit_frame(corpus: Corpus, unit: str) -> pd.DataFrame:
    units = units_table(corpus, unit)
    if unit == "utterance":
        u = corpus.utterances.set_index("utterance_id")
        extra = u.loc[units["unit_id"], ["group", "session", "section", "speaker", "role"]]
        units = pd.concat([units.reset_index(drop=True), extra.reset_index(drop=True)], axis=1)
    else:
        utt = corpus.utterances
        rows = []
        for tid, g in units.groupby("transcript_id", sort=False):
            ug = utt[utt["transcript_id"] == tid]
            idx = np.searchsorted(ug["start"].to_numpy(), g["start"].to_numpy(), side="right") - 1
            idx = np.clip(idx, 0, len(ug) - 1)
            rows.append(ug.iloc[idx][["group", "session", "section", "speaker", "role"]]
                        .set_axis(g.index))
        units = pd.concat([units, pd.concat(rows).loc[units.index]], axis=1)
    return units


# --------------------------------------------------------------------- co-occurrence
def cooccurrence(data: Any, *, coder: str | Sequence[str] | None = None,
                 unit: Literal["utterance", "sentence", "overlap"] = "utterance",
                 normalise: Literal["jaccard", "row"] | None = None,
                 significance: bool = False, correction: Literal["holm", "fdr_bh"] = "holm",
                 corpus: Corpus | None = None, codebook: Any = None,
                 level: int | None = None) -> pd.DataFrame:
    """Codes x codes: how many units carry both codes.

    Parameters
    ----------
    data : Project or DataFrame
        Codings (``coder, transcript_id, start, end, code_id``).
    coder : str or list of str, optional
        Whose codings; all coders pooled when omitted (a unit counts once).
    unit : {"utterance", "sentence", "overlap"}, default="utterance"
        Count units carrying both codes; ``"overlap"`` counts pairs of codings whose
        spans overlap in the same transcript (the diagonal is then the number of
        codings).
    normalise : {"jaccard", "row"}, optional
        ``"jaccard"``: both / either; ``"row"``: both / units of the row code.
    significance : bool, default=False
        Return a long table with a one-sided hypergeometric test of each pair
        (more co-occurrence than chance) and adjusted p-values instead of the matrix.
    correction : {"holm", "fdr_bh"}, default="holm"
        Multiple-comparison correction (Holm's step-down, or Benjamini-Hochberg).
    corpus, codebook : optional
        Needed with a codings DataFrame; taken from a project otherwise.
    level : int, optional
        Roll codes up to this codebook depth first (0 = topics, 1 = themes).

    Returns
    -------
    DataFrame
        Square, indexed and columned by code id, diagonal = units carrying the code;
        or with ``significance=True`` one row per pair: ``code_a, code_b, both, n_a,
        n_b, n_units, expected, p_value, p_adjusted, correction``.
    """
    caller = "cooccurrence"
    check_option(unit, ["utterance", "sentence", "overlap"], param="unit", caller=caller)
    check_option(normalise, [None, "jaccard", "row"], param="normalise", caller=caller)
    check_option(correction, ["holm", "fdr_bh"], param="correction", caller=caller)
    codings, corpus, codebook = _inputs(data, coder, corpus, codebook, caller)
    codings = _roll(codings, codebook, level)
    codes = _code_order(codings, codebook)
    if unit == "overlap":
        counts = _overlap_counts(codings, codes)
        n_units = len(codings)
    else:
        units = units_table(corpus, unit)
        pres = presence(codings, units, codes).astype(np.int64)
        counts = pres.T @ pres
        n_units = len(units)
    mat = pd.DataFrame(counts, index=pd.Index(codes, name=None), columns=codes)
    if significance:
        return _significance(mat, n_units, correction)
    mat.attrs = _describe(codes, codebook, level, unit=unit, normalise=normalise)
    if normalise == "jaccard":
        d = np.diag(counts).astype(float)
        union = d[:, None] + d[None, :] - counts
        with np.errstate(invalid="ignore", divide="ignore"):
            mat = pd.DataFrame(np.where(union > 0, counts / union, np.nan), index=codes,
                               columns=codes)
    elif normalise == "row":
        d = np.diag(counts).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            mat = pd.DataFrame(np.where(d[:, None] > 0, counts / d[:, None], np.nan),
                               index=codes, columns=codes)
    mat.attrs = _describe(codes, codebook, level, unit=unit, normalise=normalise)
    return mat


def _describe(codes: list[str], codebook: Any, level: int | None, **more: Any) -> dict[str, Any]:
    """What a table's rows are, for its figure: ``what`` (codes, themes, topics), names."""
    names = {}
    for c in codes:
        try:
            names[c] = codebook[c].name if codebook is not None else c
        except Exception:  # noqa: BLE001 - a code outside the codebook keeps its id
            names[c] = c
    return {"what": {0: "topics", 1: "themes"}.get(level, "codes") if level is not None else "codes",
            "names": names, **more}


def _overlap_counts(codings: pd.DataFrame, codes: list[str]) -> np.ndarray:
    idx = {c: i for i, c in enumerate(codes)}
    k = len(codes)
    counts = np.zeros((k, k), dtype=np.int64)
    for _, g in codings.groupby("transcript_id", sort=False):
        g = g.sort_values("start")
        s = g["start"].to_numpy()
        e = g["end"].to_numpy()
        c = g["code_id"].map(idx).to_numpy()
        for i in range(len(g)):
            counts[c[i], c[i]] += 1
            j = i + 1
            while j < len(g) and s[j] < e[i]:
                if c[i] != c[j]:
                    counts[c[i], c[j]] += 1
                    counts[c[j], c[i]] += 1
                j += 1
    return counts


def _significance(mat: pd.DataFrame, n_units: int, correction: str) -> pd.DataFrame:
    from scipy.stats import hypergeom

    codes = list(mat.index)
    rows = []
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            both = int(mat.loc[a, b])
            na, nb = int(mat.loc[a, a]), int(mat.loc[b, b])
            p = float(hypergeom.sf(both - 1, n_units, na, nb)) if n_units else np.nan
            rows.append((a, b, both, na, nb, n_units, na * nb / n_units if n_units else np.nan, p))
    out = pd.DataFrame(rows, columns=["code_a", "code_b", "both", "n_a", "n_b", "n_units",
                                      "expected", "p_value"])
    out["p_adjusted"] = _adjust(out["p_value"].to_numpy(), correction)
    out["correction"] = {"holm": "Holm", "fdr_bh": "Benjamini-Hochberg"}[correction]
    return out


def _adjust(p: np.ndarray, method: str) -> np.ndarray:
    """Holm or Benjamini-Hochberg adjusted p-values (NaN kept).

    >>> _adjust(np.array([0.01, 0.04, 0.03]), "holm").round(3).tolist()
    [0.03, 0.06, 0.06]
    >>> _adjust(np.array([0.01, 0.04, 0.03]), "fdr_bh").round(3).tolist()
    [0.03, 0.04, 0.04]
    """
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = len(q)
    if m == 0:
        return out
    order = np.argsort(q, kind="stable")
    ranked = q[order]
    if method == "holm":
        adj = np.maximum.accumulate((m - np.arange(m)) * ranked)
    else:
        adj = ranked * m / np.arange(1, m + 1)
        adj = np.minimum.accumulate(adj[::-1])[::-1]
    res = np.empty(m)
    res[order] = np.minimum(adj, 1.0)
    out[ok] = res
    return out


# --------------------------------------------------------------------- presence
def presence_matrix(data: Any, *, coder: str | Sequence[str] | None = None,
                    unit: Literal["utterance", "sentence"] = "utterance",
                    corpus: Corpus | None = None, codebook: Any = None,
                    level: int | None = None, attributes: bool = True) -> pd.DataFrame:
    """One row per unit with its identifiers and attributes, one 0/1 column per code.

    Returns
    -------
    DataFrame
        ``transcript_id, unit_id, group, session, section, speaker, role, start, end``,
        the participant attributes (``attributes=True``), then one integer column per code.
    """
    caller = "presence_matrix"
    check_option(unit, ["utterance", "sentence"], param="unit", caller=caller)
    codings, corpus, codebook = _inputs(data, coder, corpus, codebook, caller)
    codings = _roll(codings, codebook, level)
    codes = _code_order(codings, codebook)
    units = _unit_frame(corpus, unit)
    pres = presence(codings, units, codes).astype(np.int8)
    base = units[["transcript_id", "unit_id", "group", "session", "section", "speaker", "role",
                  "start", "end"]].reset_index(drop=True)
    if attributes:
        base = _join_participants(base, corpus)
    return pd.concat([base, pd.DataFrame(pres, columns=codes)], axis=1)


def _join_participants(frame: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    parts = corpus.participants
    attrs = [c for c in parts.columns if c != "participant_id" and c not in frame.columns]
    if not attrs:
        return frame
    p = parts[["participant_id"] + attrs].drop_duplicates("participant_id")
    out = frame.merge(p, how="left", left_on="speaker", right_on="participant_id", sort=False)
    return out.drop(columns=["participant_id"])


# --------------------------------------------------------------------- matrix coding
def matrix_coding(data: Any, by: str | Sequence[str], *, coder: str | Sequence[str] | None = None,
                  count: Literal["units", "participants", "groups", "characters"] = "units",
                  unit: Literal["utterance", "sentence"] = "utterance",
                  corpus: Corpus | None = None, codebook: Any = None, level: int | None = None,
                  suppress_below: int | None = None) -> pd.DataFrame:
    """Codes (rows) x values of participant attributes or of group/session/section (columns).

    Parameters
    ----------
    data : Project or DataFrame
        Codings.
    by : str or list of str
        Participant attribute(s) (``"county"``) or utterance columns (``"group"``,
        ``"session"``, ``"section"``, ``"role"``, ``"speaker"``).
    count : {"units", "participants", "groups", "characters"}, default="units"
        Units carrying the code; distinct participants (speakers) who were coded
        with it; distinct groups; or coded characters (each coder's overlapping
        spans merged; spans split at unit boundaries).
    level : int, optional
        Roll sub-codes up to their ancestor at this codebook depth (1 = themes).
    suppress_below : int, optional
        Replace counts from 1 to ``suppress_below - 1``, and the counts they could be
        worked out from with the row and column totals, by NaN for export (see
        :func:`suppress_small_cells`).

    Returns
    -------
    DataFrame
        Index ``code_id``; one column per value (a MultiIndex with several ``by``).
    """
    caller = "matrix_coding"
    check_option(count, ["units", "participants", "groups", "characters"], param="count",
                 caller=caller)
    by_cols = [by] if isinstance(by, str) else list(by)
    codings, corpus, codebook = _inputs(data, coder, corpus, codebook, caller)
    codings = _roll(codings, codebook, level)
    codes = _code_order(codings, codebook)
    units = _join_participants(_unit_frame(corpus, unit).reset_index(drop=True), corpus)
    missing = [b for b in by_cols if b not in units.columns]
    if missing:
        raise InvalidParameterError(Errors.Q001.format(
            param="by", caller=caller,
            expected="participant attributes or utterance columns among "
                     + ", ".join(sorted(c for c in units.columns if c not in ("start", "end", "text"))),
            found=missing[0]))
    if count == "characters":
        long = _coded_characters(codings, units, codes)
    else:
        pres = presence(codings, units, codes)
        ui, ci = np.nonzero(pres)
        keep = list(dict.fromkeys(by_cols + ["speaker", "group"]))
        long = units.iloc[ui][keep].reset_index(drop=True)
        long["code_id"] = np.asarray(codes, dtype=object)[ci]
    if long.empty:
        return pd.DataFrame(index=pd.Index(codes, name="code_id"))
    keys = ["code_id"] + by_cols
    if count == "units":
        tab = long.groupby(keys, dropna=False).size()
    elif count == "participants":
        tab = long.groupby(keys, dropna=False)["speaker"].nunique()
    elif count == "groups":
        tab = long.groupby(keys, dropna=False)["group"].nunique()
    else:
        tab = long.groupby(keys, dropna=False)["chars"].sum()
    out = tab.unstack(by_cols, fill_value=0).reindex(codes, fill_value=0)
    out.index.name = "code_id"
    out = out.sort_index(axis=1)
    if suppress_below is not None:
        out = suppress_small_cells(out, suppress_below)
    out.attrs = _describe(codes, codebook, level, by=by_cols, count=count, unit=unit)
    return out


def _coded_characters(codings: pd.DataFrame, units: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    rows = []
    for (tid, code, _), g in codings.groupby(["transcript_id", "code_id", "coder"], sort=False):
        merged = merge_intervals(g["start"].to_numpy(), g["end"].to_numpy())
        ug = units[units["transcript_id"] == tid]
        us, ue = ug["start"].to_numpy(), ug["end"].to_numpy()
        for s, e in merged:
            lo = np.searchsorted(ue, s, side="right")
            hi = np.searchsorted(us, e, side="left")
            for k in range(lo, hi):
                n = min(e, ue[k]) - max(s, us[k])
                if n > 0:
                    rows.append((ug.index[k], code, int(n)))
    if not rows:
        return pd.DataFrame(columns=["code_id", "chars"])
    r = pd.DataFrame(rows, columns=["row", "code_id", "chars"])
    out = units.loc[r["row"]].reset_index(drop=True)
    out["code_id"] = r["code_id"].to_numpy()
    out["chars"] = r["chars"].to_numpy()
    return out


def suppress_small_cells(table: pd.DataFrame, threshold: int = 5, *,
                         secondary: bool = True) -> pd.DataFrame:
    """Hide counts from 1 to ``threshold - 1``, and those they could be worked out from.

    Small-cell suppression for export: zero stays zero; hidden cells become NaN.
    With ``secondary=True`` (the default) every row and column, and the row and
    column totals a reader can add up, is made safe too: where one count is
    hidden, or the hidden counts of a line add up to less than ``threshold``,
    the smallest further counts are hidden (see :func:`qualkit.privacy.suppress_table`).
    ``table.attrs["suppressed"]`` holds how many were hidden, ``"suppression_rule"``
    the rule and ``"disclosure_rules"`` the sentences for a footnote.

    >>> t = pd.DataFrame({"a": [0, 3, 12], "b": [6, 7, 9]})
    >>> suppress_small_cells(t, 5).to_numpy().tolist()
    [[0.0, nan], [nan, nan], [nan, nan]]
    >>> suppress_small_cells(t, 5, secondary=False)["a"].tolist()
    [0.0, nan, 12.0]
    """
    from .privacy import suppress_table

    out = suppress_table(table, threshold, margins=secondary)
    out.attrs["suppression_rule"] = (f"counts from 1 to {threshold - 1} suppressed"
                                     + (", and those they could be worked out from"
                                        if secondary else ""))
    return out


# --------------------------------------------------------------------- quotes
def quote_table(data: Any, *, coder: str | Sequence[str] | None = None,
                corpus: Corpus | None = None, codebook: Any = None,
                allow_identifiers: bool = False, attributes: Sequence[str] | None = None,
                k: int = 5, bands: Sequence[float] | None = None) -> pd.DataFrame:
    """One row per coding, ready for ``.to_csv()`` or ``.to_excel()``.

    Columns: ``coder, code_id, code_name``, one ``level_<k>`` column per ancestor
    (root first, names), ``transcript_id, group, session, section, speaker, start,
    end, quote, t_start``, then the participant attributes asked for.

    Parameters
    ----------
    attributes : list of str, optional
        Participant attributes to put beside each quote. None (the default) puts
        none: a quote beside a speaker's sex, age and county can tell who said it.
        A numeric attribute (age) is shown in bands (``bands``, default 18, 35,
        55, 75 and over), never exactly. When a combination of the attributes is
        held by fewer than ``k`` participants of the study a
        :class:`~qualkit.errors.QualkitWarning` (W501) says how many (never
        which).
    k : int, default 5
        The k of k-anonymity for that warning.
    allow_identifiers : bool, default False
        Every column passes the identifier scan first; with findings an
        :class:`~qualkit.errors.IdentifierFoundError` lists them, unless true.
    """
    caller = "quote_table"
    k_anonymity = k
    codings, corpus, codebook = _inputs(data, coder, corpus, codebook, caller)
    texts = {t.id: t.text for t in corpus}
    utt = corpus.utterances
    rows = []
    for tid, g in codings.groupby("transcript_id", sort=False):
        ug = utt[utt["transcript_id"] == tid]
        idx = np.searchsorted(ug["start"].to_numpy(), g["start"].to_numpy(), side="right") - 1
        idx = np.clip(idx, 0, max(len(ug) - 1, 0))
        info = ug.iloc[idx][["group", "session", "section", "speaker", "t_start"]].reset_index(drop=True)
        part = g.reset_index(drop=True)
        info["quote"] = [texts[tid][s:e] for s, e in zip(part["start"], part["end"])]
        rows.append(pd.concat([part[["coder", "code_id", "transcript_id", "start", "end"]], info],
                              axis=1))
    if rows:
        df = pd.concat(rows, ignore_index=True)
    else:
        df = pd.DataFrame(columns=["coder", "code_id", "transcript_id", "start", "end", "group",
                                   "session", "section", "speaker", "t_start", "quote"])
    names, paths = {}, {}
    depth = 0
    for code in df["code_id"].unique():
        chain: list[str] = []
        name = ""
        if codebook is not None:
            try:
                name = codebook[code].name
                chain = [codebook[a].name if isinstance(a, str) else a.name
                         for a in codebook.ancestors(code)]
            except Exception:  # noqa: BLE001 - codes outside the codebook keep blanks
                chain = []
        names[code] = name
        paths[code] = chain
        depth = max(depth, len(chain))
    df.insert(2, "code_name", df["code_id"].map(names))
    for k in range(depth):
        df.insert(3 + k, f"level_{k}", df["code_id"].map(
            lambda c, k=k: paths[c][k] if k < len(paths[c]) else ""))
    cols = (["coder", "code_id", "code_name"] + [f"level_{k}" for k in range(depth)]
            + ["transcript_id", "group", "session", "section", "speaker", "start", "end", "quote",
               "t_start"])
    df = df[cols]
    if attributes:
        df = _quote_attributes(df, corpus, list(attributes), k_anonymity, bands, caller)
    if not allow_identifiers and len(df):
        _guard(df)  # every column it holds: speaker, section, attributes, quote
    return df


def _quote_attributes(df: pd.DataFrame, corpus: Corpus, attributes: list[str], k: int,
                      bands: Sequence[float] | None, caller: str) -> pd.DataFrame:
    """The asked-for attributes beside each quote, numbers banded; warns below k-anonymity."""
    from .privacy._disclosure import DEFAULT_BANDS, band, warn_small_combinations

    parts = corpus.participants
    missing = [a for a in attributes if a not in parts.columns or a == "participant_id"]
    if missing:
        raise InvalidParameterError(Errors.Q001.format(
            param="attributes", caller=caller,
            expected="participant attributes among " + ", ".join(
                c for c in parts.columns if c != "participant_id"),
            found=missing[0]))
    p = parts[["participant_id"] + attributes].drop_duplicates("participant_id").copy()
    for a in attributes:
        num = pd.to_numeric(p[a], errors="coerce")
        if p[a].notna().any() and num.notna().sum() == p[a].notna().sum() and \
                num.nunique() > 2:
            p[a] = band(num, bands or DEFAULT_BANDS).to_numpy()
    warn_small_combinations(p, attributes, k, caller=caller)
    out = df.drop(columns=[a for a in attributes if a in df.columns]).merge(
        p, how="left", left_on="speaker", right_on="participant_id", sort=False)
    return out.drop(columns=["participant_id"])


def _guard_table(df: pd.DataFrame) -> None:
    """The identifier guard over a table's cells, index and column labels, by their names."""
    flat = df.reset_index() if not isinstance(df.index, pd.RangeIndex) else df
    names = [" ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in flat.columns]
    names = [n if names.index(n) == i else f"{n}.{i}" for i, n in enumerate(names)]
    flat = flat.set_axis(names, axis=1)
    _guard(flat.astype(object).where(flat.notna(), None))
    # column labels are values of what the columns are named by ("speaker", "county")
    levels = df.columns.names if isinstance(df.columns, pd.MultiIndex) else [df.columns.name]
    for k, level in enumerate(levels):
        values = (df.columns.get_level_values(k) if isinstance(df.columns, pd.MultiIndex)
                  else df.columns)
        _guard(pd.DataFrame({str(level) if level is not None else "column":
                             [str(v) for v in dict.fromkeys(values)]}))


def _guard(texts: Any) -> None:
    try:
        from .privacy import check_export
    except ImportError:  # pragma: no cover - privacy is part of the package
        return
    check_export(texts, allow_identifiers=False)


# --------------------------------------------------------------------- plots
def _labels(m: pd.DataFrame, axis: str, width: int = 28) -> list[str]:
    import textwrap

    names = m.attrs.get("names", {})
    keys = m.index if axis == "index" else m.columns
    return [textwrap.fill(str(names.get(k, k)), width) for k in keys]


_UNIT_WORDS = {"utterance": "utterances", "sentence": "sentences", "overlap": "overlapping codings"}


def plot_cooccurrence(matrix: pd.DataFrame, *, ax: Any = None, order: bool = True,
                      title: str | None = "auto") -> Any:
    """Heatmap of a co-occurrence matrix, rows ordered by hierarchical clustering.

    Rows and columns are labelled with the codes' names (from the matrix's ``attrs``,
    which :func:`cooccurrence` fills), and the title says what is counted, e.g.
    "Co-occurrence of themes: utterances coded with both" (``title="auto"``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    m = matrix.astype(float)
    m.attrs = dict(matrix.attrs)
    if order and len(m) > 2:
        from scipy.cluster.hierarchy import leaves_list, linkage

        d = m.to_numpy()
        diag = np.diag(d).copy()
        with np.errstate(invalid="ignore", divide="ignore"):
            sim = d / np.sqrt(np.outer(np.maximum(diag, 1), np.maximum(diag, 1)))
        leaves = leaves_list(linkage(np.nan_to_num(sim), method="average"))
        m = m.iloc[leaves, leaves]
        m.attrs = dict(matrix.attrs)
    what = m.attrs.get("what", "codes")
    units = _UNIT_WORDS.get(m.attrs.get("unit", "utterance"), "units")
    if ax is None:
        size = max(4.0, 0.34 * len(m) + 3.2)
        _, ax = plt.subplots(figsize=(size + 1.2, size), constrained_layout=True)
    off = m.to_numpy().copy()
    np.fill_diagonal(off, np.nan)
    im = ax.imshow(np.ma.masked_invalid(off), cmap="Blues", aspect="equal")
    ax.set_xticks(range(len(m)), _labels(m, "columns", 24), rotation=90, fontsize=7)
    ax.set_yticks(range(len(m)), _labels(m, "index"), fontsize=7)
    if len(m) <= 25:
        for i in range(len(m)):
            for j in range(len(m)):
                v = m.iat[i, j]
                if np.isfinite(v) and v:
                    ax.text(j, i, f"{v:g}", ha="center", va="center", fontsize=6,
                            color="black" if i != j else "grey")
    ax.set_xlabel(what.capitalize()[:-1], fontsize=9)
    ax.set_ylabel(what.capitalize()[:-1], fontsize=9)
    if title == "auto":
        title = f"Co-occurrence of {what}: {units} coded with both"
    if title:
        ax.set_title(title, fontsize=10)
    label = {"jaccard": "Jaccard index (both / either)", "row": "Share of the row's units"}.get(
        m.attrs.get("normalise"), f"{units.capitalize()} coded with both")
    ax.figure.colorbar(im, ax=ax, shrink=0.8, label=label + "\n(grey on the diagonal: all coded with it)")
    return ax


def plot_matrix_coding(matrix: pd.DataFrame, *, ax: Any = None, title: str | None = "auto") -> Any:
    """Heatmap of a :func:`matrix_coding` table (codes x attribute values); returns the Axes.

    Rows carry the codes' names; the title and colour bar say what each cell counts;
    "\u2013" marks a suppressed (small) cell.
    """
    import matplotlib.pyplot as plt

    m = matrix.astype(float)
    m.attrs = dict(matrix.attrs)
    what = m.attrs.get("what", "codes")
    by = m.attrs.get("by", [])
    count = {"units": "coded " + _UNIT_WORDS.get(m.attrs.get("unit", "utterance"), "units"),
             "participants": "participants coded", "groups": "groups coded",
             "characters": "coded characters"}.get(m.attrs.get("count", "units"), "count")
    if ax is None:
        _, ax = plt.subplots(figsize=(max(5.0, 0.8 * m.shape[1] + 4.5), max(3.0, 0.34 * len(m) + 2)),
                             constrained_layout=True)
    im = ax.imshow(np.ma.masked_invalid(m.to_numpy()), cmap="Purples", aspect="auto")
    labels = [" / ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in m.columns]
    ax.set_xticks(range(m.shape[1]), labels, rotation=90 if max(map(len, labels), default=0) > 8 else 0,
                  fontsize=8)
    ax.set_yticks(range(len(m)), _labels(m, "index"), fontsize=8)
    hi = np.nanmax(m.to_numpy()) if np.isfinite(m.to_numpy()).any() else 0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            v = m.iat[i, j]
            ax.text(j, i, "\u2013" if not np.isfinite(v) else f"{v:g}", ha="center", va="center",
                    fontsize=7, color="white" if np.isfinite(v) and v > 0.6 * hi else "black")
    ax.set_xlabel(" / ".join(map(str, by)).capitalize() or "Attribute", fontsize=9)
    ax.set_ylabel(what.capitalize()[:-1], fontsize=9)
    if title == "auto":
        title = f"{what.capitalize()} by {' and '.join(map(str, by)) or 'attribute'}: {count}"
    if title:
        ax.set_title(title, fontsize=10)
    ax.figure.colorbar(im, ax=ax, shrink=0.8, label=count.capitalize() + " (\u2013: suppressed)")
    return ax


def write_table(df: pd.DataFrame, path: str | Path, *, allow_identifiers: bool = False) -> Path:
    """Write a table to .csv or .xlsx by the file's suffix, after scanning all it writes.

    Every cell, the index and the column labels (a matrix by speaker has speakers
    as columns) pass the identifier scan first; with findings an
    :class:`~qualkit.errors.IdentifierFoundError` names their places and nothing
    is written, unless ``allow_identifiers=True``.
    """
    from ._export import write_csv, write_xlsx

    if not allow_identifiers:
        _guard_table(df)
    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        return write_xlsx(df, p)
    return write_csv(df, p)
