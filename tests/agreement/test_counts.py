"""from_counts: two-coder binary coefficients in closed form from 2x2 tables.

Published: NVivo's coding-comparison example (help, "Coding Comparison query": 1,000
characters, 50 coded by both users and 800 by neither, agreement 85 %); its kappa
follows NVivo's EF formulas. See tests/agreement/reference/README.md.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from published import REFERENCE

from qualkit import agreement as ag
from qualkit.errors import AgreementError

NVIVO = pd.read_csv(REFERENCE / "nvivo_coding_comparison.csv").iloc[0]


def _nvivo_kappa(both, a_only, b_only, neither):
    """NVivo help: EF1 = A x B / T, EF2 = (T - A)(T - B) / T, K = (TA - EF) / (TU - EF)."""
    total = both + a_only + b_only + neither
    a, b = both + a_only, both + b_only
    ef = a * b / total + (total - a) * (total - b) / total
    return (both + neither - ef) / (total - ef)


def test_agreement_from_counts_nvivo_example():
    row = ag.from_counts(NVIVO.both, NVIVO.a_only, NVIVO.b_only, NVIVO.neither).iloc[0]
    assert row.n == 1000
    assert row.percent_agreement == pytest.approx(0.85, abs=1e-12)  # NVivo: 85 %
    assert row.cohen_kappa == pytest.approx(0.06875 / 0.21875, abs=1e-12)  # 0.3142857
    assert row.cohen_kappa == pytest.approx(_nvivo_kappa(50, 75, 75, 800), abs=1e-12)
    # D_o = 150 / 1000, D_e = 2 x 250 x 1750 / (2000 x 1999)
    assert row.krippendorff_alpha == pytest.approx(1 - 0.15 / (2 * 250 * 1750 / (2000 * 1999)),
                                                   abs=1e-12)
    assert row.krippendorff_alpha == pytest.approx(0.314629, abs=5e-7)
    assert row.gwet_ac1 == pytest.approx((0.85 - 0.21875) / 0.78125, abs=1e-12)  # 0.808
    assert row.brennan_prediger == pytest.approx(0.7, abs=1e-12)
    assert row.scott_pi == pytest.approx(row.cohen_kappa, abs=1e-12)  # equal marginals


def test_agreement_from_counts_kappa_depends_on_the_split_of_disagreement_pi_does_not():
    even, lopsided = ag.from_counts([50, 50], [75, 150], [75, 0], [800, 800]).to_dict("records")
    assert lopsided["cohen_kappa"] == pytest.approx(0.08 / 0.23, abs=1e-12)  # 0.348
    assert even["cohen_kappa"] != pytest.approx(lopsided["cohen_kappa"], abs=1e-3)
    for col in ("percent_agreement", "scott_pi", "gwet_ac1", "brennan_prediger",
                "krippendorff_alpha"):
        assert even[col] == pytest.approx(lopsided[col], abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_agreement_from_counts_equals_the_array_functions(both, a_only, b_only, neither):
    n = both + a_only + b_only + neither
    if n == 0:
        return
    a = np.repeat([1, 1, 0, 0], [both, a_only, b_only, neither])
    b = np.repeat([1, 0, 1, 0], [both, a_only, b_only, neither])
    d = np.array([a, b], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        row = ag.from_counts(both, a_only, b_only, neither).iloc[0]
        expected = {
            "percent_agreement": ag.percent_agreement(d),
            "cohen_kappa": ag.cohen_kappa(a, b),
            "scott_pi": ag.scott_pi(d),
            "brennan_prediger": ag.brennan_prediger(d, categories=[0, 1]),
            "gwet_ac1": ag.gwet_ac1(d, categories=[0, 1]),
            "krippendorff_alpha": ag.krippendorff_alpha(d),
        }
    assert row.n == n
    for col, value in expected.items():
        assert row[col] == pytest.approx(value, abs=1e-12, nan_ok=True), col
    if np.isfinite(row.cohen_kappa):
        assert row.cohen_kappa == pytest.approx(_nvivo_kappa(both, a_only, b_only, neither),
                                                abs=1e-12)


def test_agreement_from_counts_is_vectorised_and_keeps_a_series_index():
    both = pd.Series([50, 3, 10], index=["code_a", "code_b", "code_c"])
    out = ag.from_counts(both, [75, 1, 0], [75, 2, 5], [800, 94, 85])
    assert list(out.columns) == list(ag.FROM_COUNTS_COLUMNS)
    assert list(out.index) == ["code_a", "code_b", "code_c"]
    for code, row in out.iterrows():
        k = list(out.index).index(code)
        one = ag.from_counts(both.iloc[k], [75, 1, 0][k], [75, 2, 5][k], [800, 94, 85][k])
        pd.testing.assert_series_equal(row, one.iloc[0], check_names=False)
    # scalars broadcast against arrays
    assert len(ag.from_counts(1, [1, 2], 0, 10)) == 2


def test_agreement_from_counts_degenerate_rows_are_nan_with_one_warning():
    with pytest.warns(ag.DegenerateAgreementWarning,
                      match=r"\[Q309\] from_counts: .*in 2 of 3 table\(s\).*no variance") as rec:
        out = ag.from_counts([0, 0, 5], [0, 0, 1], [0, 0, 1], [10, 0, 5])
    assert len(rec) == 1
    none_coded, empty = out.iloc[0], out.iloc[1]
    assert none_coded.percent_agreement == 1.0
    assert np.isnan(none_coded.cohen_kappa) and np.isnan(none_coded.scott_pi)
    assert np.isnan(none_coded.krippendorff_alpha)
    assert none_coded.gwet_ac1 == 1.0 and none_coded.brennan_prediger == 1.0
    assert empty.n == 0 and empty.drop("n").isna().all()
    assert out.iloc[2].notna().all()


def test_agreement_from_counts_one_coder_coded_nothing_gives_kappa_zero():
    # NVivo: K = 0 when one user coded nothing and the other coded something
    row = ag.from_counts(0, 0, 30, 970).iloc[0]
    assert row.cohen_kappa == 0.0
    assert row.percent_agreement == pytest.approx(0.97)


@pytest.mark.parametrize("args,match", [
    ((-1, 0, 0, 10), r"\[Q311\] from_counts: both must hold finite, non-negative counts; "
                     r"found -1.0 at position 0"),
    ((1, [0, np.nan], 0, 10), r"\[Q311\].*a_only.*nan at position 1"),
    ((1, 0, "x", 10), r"\[Q311\].*b_only"),
    (([1, 2], [0, 1, 2], 0, 10), r"\[Q312\].*\(2,\), \(3,\)"),
    ((np.ones((2, 2)), 0, 0, 10), r"\[Q312\].*both \(2, 2\)"),
])
def test_agreement_from_counts_bad_counts_raise(args, match):
    with pytest.raises(AgreementError, match=match):
        ag.from_counts(*args)
