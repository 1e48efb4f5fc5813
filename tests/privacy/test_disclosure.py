"""Statistical disclosure control: no small count shown, none derivable, no exact extremes."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

import qualkit as qk
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import QualkitWarning
from qualkit.privacy import (band, percentile_summary, small_combinations, suppress_counts,
                             suppress_table)
from qualkit.report import participant_table, plot_willingness


def _bounds(values: np.ndarray, hidden: np.ndarray, lines: list[tuple[np.ndarray, float]]):
    """The least and greatest value each hidden cell can take, given what is printed.

    An attacker knows every shown cell, every line total that is printed and
    that a hidden cell holds at least one person (zeros are shown).
    """
    idx = np.flatnonzero(hidden)
    pos = {c: i for i, c in enumerate(idx)}
    a_eq, b_eq = [], []
    for cells, total in lines:
        row = np.zeros(len(idx))
        known = 0.0
        for c in cells:
            if hidden[c]:
                row[pos[c]] = 1
            else:
                known += values[c]
        if row.any():
            a_eq.append(row)
            b_eq.append(total - known)
    out = []
    for i in range(len(idx)):
        cost = np.zeros(len(idx))
        cost[i] = 1
        lo = linprog(cost, A_eq=a_eq or None, b_eq=b_eq or None, bounds=[(1, None)] * len(idx))
        hi = linprog(-cost, A_eq=a_eq or None, b_eq=b_eq or None, bounds=[(1, None)] * len(idx))
        out.append((lo.fun, -hi.fun if hi.status == 0 else np.inf))
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=2, max_size=7), st.integers(2, 6))
def test_privacy_one_way_counts_cannot_be_worked_out(counts, k):
    # a total below the threshold is itself a small count; and a total made of ones only
    # tells each count whatever is hidden
    assume(sum(counts) >= k and any(c > 1 for c in counts))
    s = pd.Series(counts)
    hidden = suppress_counts(s, k).to_numpy()
    v = s.to_numpy(dtype=float)
    assert not ((v > 0) & (v < k) & ~hidden).any()  # no small count is shown
    if hidden.any():
        for lo, hi in _bounds(v, hidden, [(np.arange(len(v)), v.sum())]):
            assert hi - lo >= 1  # never a single possible value


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4), st.integers(2, 4), st.data())
def test_privacy_two_way_counts_cannot_be_worked_out(r, c, data):
    cells = data.draw(st.lists(st.integers(0, 25), min_size=r * c, max_size=r * c))
    m = np.array(cells, dtype=float).reshape(r, c)
    out = suppress_table(pd.DataFrame(m), 5)
    hidden = out.isna().to_numpy()
    assert not ((m > 0) & (m < 5) & ~hidden).any()
    # the totals a reader may be shown: all but those the table says to hide
    ht = out.attrs["hidden_totals"]
    idx = np.arange(r * c).reshape(r, c)
    lines = [(idx[i, :], m[i].sum()) for i in range(r) if i not in ht["rows"]]
    lines += [(idx[:, j], m[:, j].sum()) for j in range(c) if j not in ht["columns"]]
    if not ht["all"]:
        lines.append((idx.ravel(), m.sum()))
    for tot in [m[i].sum() for i in range(r) if i not in ht["rows"]] + \
            [m[:, j].sum() for j in range(c) if j not in ht["columns"]]:
        assert not 0 < tot < 5  # no small total is left to print
    if hidden.any():
        for lo, hi in _bounds(m.ravel(), hidden.ravel(), lines):
            assert hi - lo >= 1


def test_privacy_secondary_suppression_of_the_issue():
    # 31 + 32 + 9 + 6 of 79 printed: the one small cell (1) would be 79 minus the rest
    s = pd.Series({"a": 31, "b": 32, "c": 9, "d": 6, "e": 1})
    assert suppress_counts(s).tolist() == [False, False, False, True, True]
    assert suppress_counts(s, total_shown=False).tolist() == [False] * 4 + [True]
    assert suppress_counts(s, 0).tolist() == [False] * 5
    with pytest.raises(qk.errors.InvalidParameterError, match="threshold"):
        suppress_counts(s, -1)


def test_privacy_bands_and_percentiles_not_extremes():
    ages = [19, 25, 33, 40, 45, 51, 52, 60, 61, 70, 75, 97]
    assert band(ages).tolist()[-2:] == ["75 and over", "75 and over"]
    q1, med, q3 = np.percentile(ages, [25, 50, 75])  # 38.25, 51.5, 63.25
    assert percentile_summary(ages) == f"{med:.0f} ({q1:.0f}\u2013{q3:.0f})" == "52 (38\u201363)"
    assert "97" not in percentile_summary(ages) and "19" not in percentile_summary(ages)
    assert percentile_summary(ages[:4]) == "*"  # fewer than 5 people: no summary at all


HAND = pd.DataFrame({
    "participant_id": [f"P{i:02d}" for i in range(1, 14)],
    "sex": ["female"] * 8 + ["male"] * 4 + ["non-binary"],
    "age": [19, 25, 33, 40, 45, 51, 52, 60, 61, 70, 75, 83, 97],
    "county": ["Sussex"] * 7 + ["Surrey"] * 4 + ["Kent"] * 2,
    "willing_before": ["very willing"] * 6 + ["fairly willing"] * 5 + ["don't know"] * 2,
    "willing_after": ["very willing"] * 7 + ["fairly willing"] * 6,
})


def test_privacy_participant_table_shows_no_small_or_derivable_count():
    t = participant_table(HAND).table
    shown = pd.to_numeric(t["n"], errors="coerce").dropna()
    assert not ((shown > 0) & (shown < 5)).any()
    sex = t[t.characteristic == "Sex"]
    assert sex[["category", "n", "%"]].values.tolist() == [
        ["Female", "8", "61.5"], ["Male", "*", ""], ["Non-binary", "*", ""]]
    age = t[t.characteristic == "Age (years)"]
    assert age[["category", "n"]].values.tolist() == [
        ["Median (IQR)", "52 (40\u201370)"], ["18\u201334", "*"], ["35\u201354", "*"],
        ["55\u201374", "*"], ["75 and over", "*"]]
    assert not any("97" in x or "19" in x for x in t["n"])  # no extreme
    notes = " ".join(participant_table(HAND).notes)
    assert "1 to 4 people are not shown" in notes and "worked out" in notes
    assert "median" in notes.lower()


def test_privacy_willingness_figure_follows_the_table():
    import matplotlib.pyplot as plt

    ax = plot_willingness(HAND)
    heights = [round(b.get_height()) for b in ax.patches]
    # before: 6 very, 5 fairly, 2 don't know -> 2 hidden, and 5 with it (2 alone is 13 - 11)
    assert heights[:5] == [6, 0, 0, 0, 0] and heights[5:] == [7, 6, 0, 0, 0]
    labels = [t.get_text() for t in ax.texts]
    assert labels.count("*") == 2 and "2" not in labels
    assert ax.get_ylim()[1] < 7 * 1.2
    plt.close(ax.figure)


def _project():
    turns = [Turn(f"P{i:02d}", f"Turn {i} is about trust.") for i in range(1, 14)]
    t = Transcript.from_turns("fg1", turns, group="FG1", merge_consecutive=False)
    pr = qk.Project.in_memory()
    pr.add_corpus(Corpus([t], participants=HAND))
    pr.set_codebook(qk.Codebook([{"id": "trust", "name": "Trust"}]))
    for r in t.utterances.itertuples():
        pr.code("KS", "fg1", int(r.start), int(r.end), "trust")
    return pr


def test_privacy_quote_table_attributes_only_when_asked():
    pr = _project()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qt = qk.quote_table(pr, coder="KS")
    assert not {"sex", "age", "county", "willing_before"} & set(qt.columns)
    with pytest.warns(QualkitWarning, match=r"W501.*fewer than 5") as rec:
        qt = qk.quote_table(pr, coder="KS", attributes=["sex", "age"])
    assert "Non-binary" not in str(rec[0].message) and "non-binary" not in str(rec[0].message)
    assert set(qt["age"]) == {"18\u201334", "35\u201354", "55\u201374", "75 and over"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qt = qk.quote_table(pr, coder="KS", attributes=["county"], k=2)
    assert qt["county"].tolist()[:1] == ["Sussex"]
    with pytest.raises(qk.errors.InvalidParameterError, match="shoe_size"):
        qk.quote_table(pr, coder="KS", attributes=["shoe_size"])


def test_privacy_small_combinations():
    small = small_combinations(HAND, ["sex", "county"], k=3)
    by_hand = HAND.groupby(["sex", "county"]).size()
    by_hand = by_hand[by_hand < 3]
    assert small.set_index(["sex", "county"])["n"].sort_index().to_dict() == \
        by_hand.sort_index().to_dict()
    assert small_combinations(HAND, ["sex"], k=1).empty


def test_privacy_quote_table_warns_on_the_synthetic_study():
    from qualkit.datasets import synthetic_codebook_path, synthetic_path

    pr = qk.Project.in_memory()
    pr.add_corpus(qk.read_transcripts(synthetic_path()))
    pr.set_codebook(qk.Codebook.read(synthetic_codebook_path()))
    pr.import_codings(synthetic_path() / "codings_KS.csv")
    with pytest.warns(QualkitWarning, match=r"W501.*1 combination\(s\) of county, sex .* \(3 "):
        qk.quote_table(pr, coder="KS", attributes=["county", "sex"])  # 3 men in Kent
