"""Conger's kappa against irrCAC/irr (values computed in R, ported as literals), and the
two defects of issue #20: integers beyond 2**53 and negative values in ratio alpha."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualkit import agreement
from qualkit.errors import AgreementError

nan = float("nan")

# x.raw10x4: 10 units x 4 raters (units in rows; transposed below)
RAW10X4 = [[5, 5, 5, 5], [3, 1, 3, 1], [5, 5, 5, 5], [3, 1, 3, 1], [5, 5, 4, 5],
           [1, 2, 3, 3], [3, 1, 1, 1], [1, 1, 1, 3], [3, 3, 4, 4], [1, 3, 1, 1]]
# irrCAC's cac.raw4raters (Krippendorff's 4 coders x 12 units), units in rows
RAW4RATERS = [[1, 1, nan, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2],
              [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [nan, 5, 5, 5],
              [nan, nan, 1, 1], [nan, nan, 3, nan]]
# irr's anxiety: 20 subjects x 3 raters
ANXIETY = [[3, 3, 2], [3, 6, 1], [3, 4, 4], [4, 6, 4], [5, 2, 3], [5, 4, 2], [2, 2, 1],
           [3, 4, 6], [5, 3, 1], [2, 3, 1], [2, 2, 1], [6, 3, 2], [1, 3, 3], [5, 3, 3],
           [2, 2, 1], [2, 2, 1], [1, 1, 3], [2, 3, 3], [4, 3, 2], [3, 4, 2]]
# irrCAC's cac.ben.gerry: two raters, one missing rating
BEN_GERRY = [["a", "b"], ["a", "a"], ["b", "b"], ["b", "b"], ["d", "b"], ["c", "c"],
             ["c", "c"], ["c", "c"], ["e", "e"], ["d", None], ["d", "d"], ["a", "d"]]

# conger.kappa.raw(...)$est in irrCAC (R); kappam.fleiss(exact=TRUE) in irr agrees where
# the data are complete (x.raw10x4 0.334862385321101, anxiety -0.0187110187110187)
CONGER = [
    (RAW10X4, [1, 2, 3, 4, 5], None, 0.334862385321101),
    (RAW10X4, [1, 2, 3, 4, 5], "linear", 0.552238805970149),
    (RAW10X4, [1, 2, 3, 4, 5], "quadratic", 0.723827874116891),
    (RAW4RATERS, [1, 2, 3, 4, 5], None, 0.762817441303306),
    (RAW4RATERS, [1, 2, 3, 4, 5], "linear", 0.813776319966141),
    (RAW4RATERS, [1, 2, 3, 4, 5], "quadratic", 0.857710656222533),
    (ANXIETY, [1, 2, 3, 4, 5, 6], None, -0.0187110187110187),
    (ANXIETY, [1, 2, 3, 4, 5, 6], "linear", 0.0831556503198295),
    (ANXIETY, [1, 2, 3, 4, 5, 6], "quadratic", 0.189979123173278),
]


@pytest.mark.parametrize(("units", "categories", "weights", "expected"), CONGER)
def test_conger_kappa_equals_irrcac(units, categories, weights, expected):
    data = np.array(units, dtype=float).T
    got = agreement.conger_kappa(data, weights=weights, categories=categories)
    assert got == pytest.approx(expected, abs=1e-9)


def test_conger_kappa_two_coders_with_missing_uses_gwet_marginals():
    # irrCAC 0.657142857142857: each coder's shares over every unit that coder rated
    # (complete-case Cohen's kappa is 0.65625)
    data = np.array(BEN_GERRY, dtype=object).T
    assert agreement.conger_kappa(data) == pytest.approx(0.657142857142857, abs=1e-9)
    assert agreement.cohen_kappa(data[0], data[1]) == pytest.approx(0.65625, abs=1e-12)


ratings = st.integers(1, 4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ratings, ratings), min_size=2, max_size=30))
def test_conger_kappa_is_cohen_kappa_for_two_complete_coders(pairs):
    a, b = (np.array(x, dtype=float) for x in zip(*pairs))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", agreement.DegenerateAgreementWarning)
        for w in (None, "linear", "quadratic"):
            c = agreement.conger_kappa(np.vstack([a, b]), weights=w, categories=[1, 2, 3, 4])
            k = agreement.cohen_kappa(a, b, weights=w, categories=[1, 2, 3, 4])
            assert (np.isnan(c) and np.isnan(k)) or c == pytest.approx(k, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(ratings, ratings, ratings), min_size=2, max_size=25),
       st.permutations(range(3)))
def test_conger_kappa_ignores_coder_order(units, order):
    data = np.array(units, dtype=float).T
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", agreement.DegenerateAgreementWarning)
        x = agreement.conger_kappa(data)
        y = agreement.conger_kappa(data[list(order)])
    assert (np.isnan(x) and np.isnan(y)) or x == pytest.approx(y, abs=1e-12)


def test_integer_ids_beyond_2_53_stay_distinct():
    # scikit-learn's cohen_kappa_score on these ids gives 0.375; cast to float64 they
    # collapsed into one category (NaN, "single category" warning)
    big = 2 ** 60
    a = np.array([big + 1, big + 2, big + 1, big + 3, big + 2])
    b = np.array([big + 1, big + 2, big + 2, big + 3, big + 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert agreement.cohen_kappa(a, b) == pytest.approx(0.375, abs=1e-12)
        assert agreement.cohen_kappa(a.tolist(), b.tolist()) == pytest.approx(0.375, abs=1e-12)
        shifted = agreement.krippendorff_alpha(np.vstack([a - big, b - big]))
        assert agreement.krippendorff_alpha(np.vstack([a, b])) == pytest.approx(shifted)


def test_integer_ids_beyond_2_53_with_categories():
    big = 2 ** 60
    a = np.array([big + 1, big + 2, big + 1])
    b = np.array([big + 1, big + 2, big + 2])
    got = agreement.cohen_kappa(a, b, categories=[big + 1, big + 2, big + 3])
    assert got == pytest.approx(agreement.cohen_kappa([1, 2, 1], [1, 2, 2]), abs=1e-12)
    with pytest.raises(AgreementError, match="Q305"):
        agreement.cohen_kappa(a, b, categories=[big + 1])


BIG = 2 ** 62
# the agreement_cases "huge int ids" input: 2**62 and 2**62 - 1 are one float64
HUGE = np.array([[BIG, BIG - 1, BIG], [BIG, BIG - 1, BIG - 1]], dtype=np.int64)
# three coders, ids 2**62 - 1 + (1, 2, 9); the same ratings as 1, 2, 9 in SMALL
HUGE3 = np.array([[2, 1, 2, 9], [2, 1, 1, 9], [9, 1, 2, 2]], dtype=np.int64) + (BIG - 1)
SMALL3 = [[2, 1, 2, 9], [2, 1, 1, 9], [9, 1, 2, 2]]


def test_integer_ids_beyond_2_53_interval_and_ratio_alpha():
    # interval alpha depends only on differences, so the ids shifted down to 1, 2, 9 give
    # it; the krippendorff package (0.9.0) on SMALL3, interval: 0.2849638870650032, and on
    # [[2, 1, 2], [2, 1, 1]]: 0.4444444444444444. Cast to float64 the big ids merged: NaN
    # ("all pairable ratings are equal") for interval, ZeroDivisionError for ratio.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert agreement.krippendorff_alpha(HUGE3, "interval") == pytest.approx(
            0.2849638870650032, abs=1e-12)
        assert agreement.krippendorff_alpha(HUGE, "interval") == pytest.approx(
            0.4444444444444444, abs=1e-12)
        # ratio: differences of 1..8 against sums near 2**63 -- interval alpha to 1e-12
        assert agreement.krippendorff_alpha(HUGE3, "ratio") == pytest.approx(
            0.2849638870650032, abs=1e-12)
        assert agreement.krippendorff_alpha(HUGE, "ratio") == pytest.approx(
            0.4444444444444444, abs=1e-12)
        cats = [BIG, BIG - 1, BIG + 1][::-1]
        assert agreement.krippendorff_alpha(HUGE, "ratio", categories=cats) == pytest.approx(
            0.4444444444444444, abs=1e-12)
        lo = agreement.analytic_ci(agreement.krippendorff_alpha, HUGE3,
                                   func_kwargs={"level": "interval"})
        hi = agreement.analytic_ci(agreement.krippendorff_alpha, SMALL3,
                                   func_kwargs={"level": "interval"})
        assert (lo.estimate, lo.se) == pytest.approx((hi.estimate, hi.se), abs=1e-12)


@pytest.mark.parametrize("scheme", ["linear", "quadratic", "radical", "circular", "bipolar"])
def test_integer_ids_beyond_2_53_weights_by_value(scheme):
    # weights by value on ids 2**62 - 1 + (1, 2, 9) equal those on 1, 2, 9 (the schemes
    # depend on differences only); cast to float64 the scores merged into one (every
    # weight 1: NaN with a "one category" warning). scikit-learn's cohen_kappa_score
    # on HUGE's two rows gives 0.3999999999999999 (linear, by rank).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = agreement.fleiss_kappa(HUGE3, weights=scheme, weight_by="value")
        want = agreement.fleiss_kappa(SMALL3, weights=scheme, weight_by="value")
        assert got == pytest.approx(want, abs=1e-12)
        assert agreement.cohen_kappa(HUGE[0], HUGE[1], "linear", weight_by="value") == \
            pytest.approx(0.3999999999999999, abs=1e-12)
        table = agreement.from_table([[1, 1], [0, 1]], categories=[BIG - 1, BIG],
                                     weights=scheme, weight_by="value")
        assert row(table, "cohen_kappa") == pytest.approx(0.3999999999999999, abs=1e-12)


def test_integer_ids_beyond_2_53_ratio_weights():
    # ratio weights are not shift-invariant: on ids near 2**62 every pair is nearly
    # "the same ratio", so they equal quadratic weights (x_k + x_l ~ hi + lo) to 1e-12
    got = agreement.fleiss_kappa(HUGE3, weights="ratio", weight_by="value")
    want = agreement.fleiss_kappa(HUGE3, weights="quadratic", weight_by="value")
    assert got == pytest.approx(want, abs=1e-12)


def row(frame, coefficient):
    return float(frame.set_index("coefficient").loc[coefficient, "value"])


def test_ratio_alpha_refuses_negative_values():
    with pytest.raises(AgreementError, match=r"Q320.*\(coder 0, unit 0\)"):
        agreement.krippendorff_alpha([[-1, 1, 2], [1, 1, 2]], "ratio")
    with pytest.raises(AgreementError, match="Q320"):
        agreement.krippendorff_alpha([[1, 1, 2], [1, 1, 2]], "ratio", categories=[-1, 1, 2])
    # interval alpha takes the same values
    assert np.isfinite(agreement.krippendorff_alpha([[-1, 1, 2], [1, 1, 2]], "interval"))


def test_summary_reports_conger_kappa_on_request():
    data = np.array(RAW10X4, dtype=float).T
    table = agreement.summary(data, ["conger_kappa"], weights="linear", categories=[1, 2, 3, 4, 5])
    assert table["value"].tolist() == [pytest.approx(0.552238805970149, abs=1e-9)]
