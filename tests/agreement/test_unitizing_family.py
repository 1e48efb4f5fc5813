"""Krippendorff's alpha family for unitizing with categories (u, |u, cu, (k)u alpha).

Published worked example: Krippendorff (2019), Content Analysis, 4th ed., sec. 12.6,
Figure 12.11: three observers cut a continuum of 60 into units valued 1-7. The book
gives u-alpha = .510, |u-alpha = .413 and cu-alpha = .724; values 1, 5 and 6 agree
perfectly, 2, 3 and 4 (each used by one observer on a stretch the others valued
differently) not at all, and 7 meets only gaps. The unit boundaries are the figure's
(1-based, inclusive there; half-open and 0-based here).

|u-alpha comes out .4136 here. Its observed disagreement, 2 * 26 / 180, and its
expected disagreement, 2 * 180 * 71 * 109 / (180**2 - 982) / 180, are worked out by
hand below; the book's .413 is consistent with its rounding the expected coincidence
(44.338) to 44.3 before dividing (1 - 26 / 44.3 = .4131).

Peer: with every unit one character long the family reduces to the ordinary nominal
alpha on those characters (gaps a category of their own for u-alpha; gaps missing
for cu-alpha with two coders), checked against the ``krippendorff`` package.
"""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualkit.agreement import (
    DegenerateAgreementWarning, OverlappingUnitsWarning, unitizing_alphas,
)
from qualkit.errors import AgreementError

FIGURE_12_11 = {
    "Alex": [(0, 7, 1), (7, 13, 2), (30, 32, 5), (32, 37, 6), (37, 44, 6), (44, 60, 7)],
    "Paul": [(0, 7, 1), (7, 13, 3), (13, 21, 5), (32, 44, 6)],
    "Suzan": [(0, 7, 1), (7, 13, 4), (13, 21, 5), (32, 37, 6), (37, 41, 6), (41, 44, 6)],
}


def _book() -> pd.DataFrame:
    return pd.DataFrame([(c, s, e, v) for c, segs in FIGURE_12_11.items() for s, e, v in segs],
                        columns=["coder", "start", "end", "category"])


def _family(u: pd.DataFrame, **kw) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateAgreementWarning)
        return unitizing_alphas(u, **kw)


def test_family_reproduces_krippendorff_2019_figure_12_11():
    out = _family(_book(), length=60).set_index("coefficient")
    assert round(out.loc["u_alpha", "alpha"], 3) == 0.510
    assert round(out.loc["cu_alpha", "alpha"], 3) == 0.724
    assert out.loc["|u_alpha", "alpha"] == pytest.approx(0.413, abs=1e-3)
    # by hand: 26 observed gap/unit coincidences out of 180; 71 gap and 109 unit
    # coincidences; self-pairing 71 (gaps, by character) + 911 (units, squared lengths)
    by_hand = 1 - (2 * 26 / 180) / (2 * 180 * 71 * 109 / (180 ** 2 - (71 + 911)) / 180)
    assert out.loc["|u_alpha", "alpha"] == pytest.approx(by_hand, abs=1e-12)
    # u-alpha: 70 of 180 coincidences off the diagonal
    assert out.loc["u_alpha", "d_o"] == pytest.approx(70 / 180, abs=1e-12)


def test_family_per_value_alphas_and_coverage_figure_12_11():
    out = _family(_book(), length=60)
    per = out[out["coefficient"] == "(k)u_alpha"].set_index("category")
    assert per.loc[[1, 5, 6], "alpha"].tolist() == [1.0, 1.0, 1.0]
    assert per.loc[[2, 3, 4], "alpha"].tolist() == [0.0, 0.0, 0.0]
    assert np.isnan(per.loc[7, "alpha"])
    # 5: Alex's unit of 2 meets only gaps; Paul's and Suzan's 8 + 8 overlap
    assert per.loc[5, "coverage"] == pytest.approx(8 / 18, abs=1e-12)
    assert per.loc[7, "coverage"] == 0.0
    # units: Alex's two touching 6s stay two units, Suzan's three
    assert per["n_units"].to_dict() == {1: 3, 2: 1, 5: 3, 6: 6, 7: 1, 3: 1, 4: 1}


def test_family_value_met_only_by_gaps_warns_why():
    with pytest.warns(DegenerateAgreementWarning, match="'7'.*no unit of it overlaps"):
        unitizing_alphas(_book().assign(category=lambda d: d["category"].astype(str)),
                         length=60)


def _one_char_units(values: np.ndarray) -> pd.DataFrame:
    """Ratings (coders x units) as one-character units; NaN = a gap."""
    rows = [(f"c{i}", j, j + 1, int(v)) for i, row in enumerate(values)
            for j, v in enumerate(row) if not np.isnan(v)]
    return pd.DataFrame(rows, columns=["coder", "start", "end", "category"])


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4), st.integers(3, 30), st.integers(2, 5), st.integers(0, 10_000))
def test_u_alpha_on_single_characters_is_nominal_alpha(m, n, v, seed):
    rng = np.random.default_rng(seed)
    data = rng.integers(0, v, size=(m, n)).astype(float)
    data[rng.random((m, n)) < 0.2] = np.nan          # unmarked characters: the gap category
    as_category = np.where(np.isnan(data), -1, data)
    if len(np.unique(as_category)) < 2:
        return
    got = _family(_one_char_units(data), length=n, coders=[f"c{i}" for i in range(m)])
    got = got.set_index("coefficient")
    want = krippendorff.alpha(as_category, level_of_measurement="nominal")
    assert got.loc["u_alpha", "alpha"] == pytest.approx(want, abs=1e-9)
    binary = (as_category >= 0).astype(float)
    if len(np.unique(binary)) > 1:
        want_b = krippendorff.alpha(binary, level_of_measurement="nominal")
        assert got.loc["|u_alpha", "alpha"] == pytest.approx(want_b, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 30), st.integers(2, 5), st.integers(0, 10_000))
def test_cu_alpha_two_coders_single_characters_is_alpha_with_gaps_missing(n, v, seed):
    rng = np.random.default_rng(seed)
    data = rng.integers(0, v, size=(2, n)).astype(float)
    data[rng.random((2, n)) < 0.25] = np.nan
    both = ~np.isnan(data).any(axis=0)
    if both.sum() < 2 or len(np.unique(data[:, both])) < 2:
        return
    got = _family(_one_char_units(data), length=n, coders=["c0", "c1"]).set_index("coefficient")
    want = krippendorff.alpha(data, level_of_measurement="nominal")
    assert got.loc["cu_alpha", "alpha"] == pytest.approx(want, abs=1e-9)


def _random_units(rng: np.random.Generator, coders: list[str], n_cats: int,
                  L: int) -> pd.DataFrame:
    rows = []
    for c in coders:
        pos = int(rng.integers(0, 10))
        while pos < L - 2:
            ln = int(rng.integers(1, 15))
            if rng.random() < 0.7:
                rows.append((c, pos, min(pos + ln, L), f"k{int(rng.integers(0, n_cats))}"))
            pos += ln + int(rng.integers(0, 6))
    return pd.DataFrame(rows, columns=["coder", "start", "end", "category"])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 4))
def test_family_symmetric_in_coders_and_invariant_to_relabelling(seed, m):
    rng = np.random.default_rng(seed)
    coders = [f"c{i}" for i in range(m)]
    u = _random_units(rng, coders, 3, 200)
    one = _family(u, length=200, coders=coders)
    shuffled = _family(u, length=200, coders=coders[::-1])
    relabel = {"k0": "z", "k1": "y", "k2": "x"}
    renamed = _family(u.assign(category=u["category"].map(relabel)), length=200,
                      coders=coders, categories=[relabel[c] for c in
                                                 dict.fromkeys(u["category"])])
    np.testing.assert_allclose(one["alpha"], shuffled["alpha"], atol=1e-12, equal_nan=True)
    np.testing.assert_allclose(one["alpha"], renamed["alpha"], atol=1e-12, equal_nan=True)
    same = pd.concat([u[u["coder"] == "c0"].assign(coder=c) for c in coders])
    ident = _family(same, length=200, coders=coders).set_index("coefficient")
    if len(same):
        assert ident.loc["|u_alpha", "alpha"] == pytest.approx(1.0)
        assert ident.loc["u_alpha", "alpha"] == pytest.approx(1.0)


def test_family_overlapping_categories_warn_with_the_place():
    u = pd.DataFrame({"coder": ["a", "a", "b"], "start": [0, 5, 0], "end": [10, 15, 10],
                      "category": ["x", "y", "x"]})
    with pytest.warns(OverlappingUnitsWarning, match=r"\[W301\].*'a'.*\[5, 10\).*'x' and 'y'"):
        out = unitizing_alphas(u, length=20)
    assert out["coefficient"].tolist()[:3] == ["u_alpha", "|u_alpha", "cu_alpha"]


def test_family_own_overlaps_of_one_category_merge_silently():
    u = pd.DataFrame({"coder": ["a", "a", "b"], "start": [0, 4, 0], "end": [6, 10, 10],
                      "category": "x"})
    with warnings.catch_warnings():
        warnings.simplefilter("error", OverlappingUnitsWarning)
        out = _family(u, length=20).set_index("coefficient")
    assert out.loc["|u_alpha", "alpha"] == pytest.approx(1.0)


def test_family_rejects_bad_spans_and_single_coder():
    bad = pd.DataFrame({"coder": ["a", "b"], "start": [4, 0], "end": [2, 5], "category": "x"})
    with pytest.raises(AgreementError, match=r"\[Q317\]"):
        unitizing_alphas(bad, length=10)
    one = pd.DataFrame({"coder": ["a"], "start": [0], "end": [5], "category": "x"})
    with pytest.raises(AgreementError, match=r"\[Q302\]"):
        unitizing_alphas(one, length=10)
