"""Agreement coefficients against published worked examples, peer packages and properties.

Published values used here:

- Gwet's irrCAC vignette ("Calculating Chance-corrected Agreement Coefficients"),
  dataset ``cont3x3abstractors`` (2 raters, 100 subjects, 3 categories): Cohen's
  kappa 0.7964094, Scott's pi 0.7962397, Gwet's AC1 0.8493305, Brennan-Prediger
  0.835, Krippendorff's alpha 0.7972585, percent agreement 0.89.
- Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the 4 coders x
  12 units example with missing data (irrCAC's ``cac.raw4raters``): nominal alpha
  0.743; ordinal 0.815 (the krippendorff package gives 0.815388); irrCAC's percent
  agreement 0.8182 and AC1 0.7754 on the same data.
- Fleiss (1971) as worked on Wikipedia's "Fleiss' kappa" page: 10 subjects, 14
  raters, 5 categories, kappa 0.210.
- NVivo's coding-comparison example (1,000 characters, 50 both, 800 neither,
  75 each alone): agreement 0.85, kappa 0.3143, alpha 0.314629, AC1 0.808.
- Artstein and Poesio (2008), Table 1 contingency [[20, 20], [10, 50]]: kappa 0.348
  (as in scikit-learn's tests).
"""

from __future__ import annotations

import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

from qualkit import agreement as ag
from qualkit.errors import AgreementError, InvalidParameterError

NAN = np.nan
K2011 = np.array([[1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
                  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
                  [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
                  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN]])


def _from_table(table):
    a, b = [], []
    for i, row in enumerate(table):
        for j, n in enumerate(row):
            a += [i] * n
            b += [j] * n
    return np.array([a, b], dtype=float)


ABSTRACTORS = _from_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]])


@pytest.mark.parametrize("func,expected", [
    (lambda d: ag.cohen_kappa(d[0], d[1]), 0.7964094),
    (ag.scott_pi, 0.7962397),
    (ag.gwet_ac1, 0.8493305),
    (ag.brennan_prediger, 0.835),
    (ag.krippendorff_alpha, 0.7972585),
    (ag.percent_agreement, 0.89),
])
def test_coefficients_match_irrcac_vignette_cont3x3abstractors(func, expected):
    assert func(ABSTRACTORS) == pytest.approx(expected, abs=5e-8)


@pytest.mark.parametrize("level,expected,tol", [("nominal", 0.743, 5e-4),
                                                ("ordinal", 0.815388, 5e-7)])
def test_coefficients_krippendorff_2011_worked_example(level, expected, tol):
    assert ag.krippendorff_alpha(K2011, level) == pytest.approx(expected, abs=tol)


def test_coefficients_gwet_missing_data_rules_on_raw4raters():
    # irrCAC: pa.coeff.raw 0.8182, gwet.ac1.raw 0.7754 (units rated once count in pe)
    assert ag.percent_agreement(K2011) == pytest.approx(0.8181818, abs=1e-7)
    assert ag.gwet_ac1(K2011) == pytest.approx(0.7754, abs=5e-5)


def test_coefficients_fleiss_wikipedia_example():
    counts = np.array([[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
                       [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
                       [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]])
    ratings = np.array([np.repeat(np.arange(5), row) for row in counts]).T.astype(float)
    assert ag.fleiss_kappa(ratings) == pytest.approx(0.210, abs=5e-4)
    assert ag.fleiss_kappa(ratings) == pytest.approx(sm_fleiss(counts), abs=1e-12)


def test_coefficients_from_counts_nvivo_example():
    row = ag.from_counts(50, 75, 75, 800).iloc[0]
    assert row.percent_agreement == pytest.approx(0.85)
    assert row.cohen_kappa == pytest.approx(0.06875 / 0.21875, abs=1e-12)
    assert row.krippendorff_alpha == pytest.approx(0.314629, abs=1e-6)
    assert row.gwet_ac1 == pytest.approx(0.808, abs=1e-12)
    assert row.brennan_prediger == pytest.approx(0.7)


def test_coefficients_from_counts_equals_the_array_functions():
    rng = np.random.default_rng(3)
    for _ in range(20):
        a = rng.integers(0, 2, 50)
        b = np.where(rng.random(50) < 0.7, a, 1 - a)
        both, ao, bo = int((a & b).sum()), int((a & ~b & 1).sum()), int((~a & 1 & b).sum())
        ne = 50 - both - ao - bo
        row = ag.from_counts(both, ao, bo, ne).iloc[0]
        d = np.array([a, b], dtype=float)
        assert row.cohen_kappa == pytest.approx(ag.cohen_kappa(a, b), abs=1e-12)
        assert row.scott_pi == pytest.approx(ag.scott_pi(d), abs=1e-12)
        assert row.gwet_ac1 == pytest.approx(ag.gwet_ac1(d), abs=1e-12)
        assert row.krippendorff_alpha == pytest.approx(ag.krippendorff_alpha(d), abs=1e-12)


def test_coefficients_artstein_poesio_kappa():
    d = _from_table([[20, 20], [10, 50]])
    assert ag.cohen_kappa(d[0], d[1]) == pytest.approx(0.348, abs=1e-3)
    assert ag.cohen_kappa(d[0], d[1]) == ag.cohen_kappa(d[1], d[0])


def _random(rng, missing=0.2):
    m, n, v = rng.integers(2, 6), rng.integers(5, 80), rng.integers(2, 7)
    d = rng.integers(1, v + 1, size=(m, n)).astype(float)
    d[rng.random((m, n)) < missing] = NAN
    return d


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_coefficients_alpha_equals_krippendorff_package(level):
    rng = np.random.default_rng(7)
    checked = 0
    for _ in range(40):
        d = _random(rng)
        try:
            peer = krippendorff.alpha(d, level_of_measurement=level)
        except ValueError:
            continue
        assert ag.krippendorff_alpha(d, level) == pytest.approx(peer, abs=1e-9)
        checked += 1
    assert checked >= 30


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_coefficients_cohen_equals_sklearn(weights):
    rng = np.random.default_rng(11)
    for _ in range(30):
        a = rng.integers(0, 5, 60)
        b = np.where(rng.random(60) < 0.6, a, rng.integers(0, 5, 60))
        cats = sorted(set(a) | set(b))
        assert ag.cohen_kappa(a, b, weights, categories=cats) == pytest.approx(
            cohen_kappa_score(a, b, weights=weights), abs=1e-9)


def test_coefficients_weighted_kappa_depends_on_the_declared_scale():
    a, b = [1, 2, 2, 4], [1, 2, 4, 4]
    # category 3 unused: by rank (sklearn) the weights differ from the declared 1..4 scale
    declared = ag.cohen_kappa(a, b, "linear", categories=[1, 2, 3, 4])
    by_rank = cohen_kappa_score(a, b, weights="linear")
    assert declared != pytest.approx(by_rank)


def test_coefficients_fleiss_equals_statsmodels_on_complete_data():
    rng = np.random.default_rng(5)
    for _ in range(30):
        d = _random(rng, missing=0.0)
        table, _ = aggregate_raters(d.T.astype(int))
        assert ag.fleiss_kappa(d) == pytest.approx(sm_fleiss(table), abs=1e-9)


def test_coefficients_ac2_and_bp_with_declared_categories():
    d = np.array([[1, 2, 3, 3], [1, 2, 3, 2]], dtype=float)
    assert ag.brennan_prediger(d, categories=[1, 2, 3, 4, 5]) == pytest.approx((0.75 - 0.2) / 0.8)
    assert ag.gwet_ac2(d, weights="quadratic", categories=[1, 2, 3]) > ag.gwet_ac1(d)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2 ** 32 - 1))
def test_coefficients_properties(seed):
    rng = np.random.default_rng(seed)
    d = _random(rng, missing=0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            base = {f.__name__: f(d) for f in (ag.krippendorff_alpha, ag.fleiss_kappa,
                                               ag.gwet_ac1, ag.percent_agreement)}
        except AgreementError:
            return
        # symmetric in coders
        perm = d[rng.permutation(d.shape[0])]
        for f in (ag.krippendorff_alpha, ag.fleiss_kappa, ag.gwet_ac1, ag.percent_agreement):
            assert f(perm) == pytest.approx(base[f.__name__], abs=1e-9, nan_ok=True)
        # nominal coefficients do not care what the categories are called
        relabel = np.where(np.isnan(d), NAN, d * 10 + 7)
        assert ag.krippendorff_alpha(relabel) == pytest.approx(base["krippendorff_alpha"],
                                                               abs=1e-9, nan_ok=True)
    assert 0 <= base["percent_agreement"] <= 1
    if np.isfinite(base["krippendorff_alpha"]):
        assert base["krippendorff_alpha"] <= 1 + 1e-12


def test_coefficients_identical_coders_give_one():
    d = np.array([[1, 2, 3, 1, 2], [1, 2, 3, 1, 2], [1, 2, 3, 1, 2]], dtype=float)
    for f in (ag.krippendorff_alpha, ag.fleiss_kappa, ag.gwet_ac1, ag.scott_pi,
              ag.brennan_prediger, ag.percent_agreement):
        assert f(d) == pytest.approx(1.0)


def test_coefficients_degenerate_is_nan_with_a_reason():
    d = np.array([[1, 1, 1], [1, 1, 1]], dtype=float)
    with pytest.warns(ag.DegenerateAgreementWarning, match="no variance"):
        assert np.isnan(ag.krippendorff_alpha(d))
    with pytest.warns(ag.DegenerateAgreementWarning, match="Cohen's kappa"):
        assert np.isnan(ag.cohen_kappa([1, 1], [1, 1]))
    assert np.isnan(ag.from_counts(0, 0, 0, 10)["cohen_kappa"].iloc[0])


def test_coefficients_strings_need_categories_for_order():
    d = [["low", "high", "mid"], ["low", "mid", "mid"]]
    assert ag.krippendorff_alpha(d) == pytest.approx(
        krippendorff.alpha([[0, 2, 1], [0, 1, 1]], level_of_measurement="nominal"))
    with pytest.raises(AgreementError, match=r"\[Q304\].*categories"):
        ag.krippendorff_alpha(d, "ordinal")
    assert ag.krippendorff_alpha(d, "ordinal", categories=["low", "mid", "high"]) == pytest.approx(
        krippendorff.alpha([[0, 2, 1], [0, 1, 1]], level_of_measurement="ordinal"), abs=1e-12)


@pytest.mark.parametrize("call,match", [
    (lambda: ag.fleiss_kappa([1, 2, 3]), r"\[Q301\].*\(n_coders, n_units\)"),
    (lambda: ag.fleiss_kappa([[1, 2, 3]]), r"\[Q302\].*at least two coders"),
    (lambda: ag.cohen_kappa([1, 2], [1, 2, 3]), r"\[Q308\].*\(2 and 3\)"),
    (lambda: ag.krippendorff_alpha([[1, NAN], [NAN, 2]]), r"\[Q307\]"),
    (lambda: ag.krippendorff_alpha([[1, 2], [2, 1]], "cardinal"), r"'level' parameter"),
    (lambda: ag.cohen_kappa([1, 2], [1, 2], "cubic"), r"'weights' parameter"),
    (lambda: ag.scott_pi([[1, 2], [1, 9]], categories=[1, 2]), r"\[Q305\].*\['9'\]"),
])
def test_coefficients_bad_input_errors(call, match):
    with pytest.raises((AgreementError, InvalidParameterError), match=match):
        call()


def test_coefficients_large_alpha_uses_little_memory():
    import tracemalloc

    rng = np.random.default_rng(0)
    truth = rng.integers(0, 50, 200_000)
    d = np.where(rng.random((3, 200_000)) < 0.8, truth, rng.integers(0, 50, (3, 200_000)))
    d = d.astype(float)
    tracemalloc.start()
    value = ag.krippendorff_alpha(d)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert 0.5 < value < 0.9
    # units x categories^2 would be 200,000 x 2,500 x 8 bytes = 4 GB
    assert peak < 400 * 2 ** 20


def test_coefficients_bootstrap_and_summary():
    est, lo, hi = ag.bootstrap_ci(ag.krippendorff_alpha, K2011, n_boot=300, random_state=1)
    again = ag.bootstrap_ci(ag.krippendorff_alpha, K2011, n_boot=300, random_state=1)
    assert (est, lo, hi) == again
    assert lo <= est <= hi and est == pytest.approx(0.743421, abs=1e-6)
    k = ag.bootstrap_ci(ag.krippendorff_alpha, K2011, n_boot=300, method="kalpha")
    assert k[0] == est
    s = ag.summary(K2011, ci=True, n_boot=100)
    assert list(s.columns) == ["coefficient", "value", "ci_low", "ci_high", "n_units", "n_coders"]
    assert s.set_index("coefficient").loc["krippendorff_alpha", "value"] == pytest.approx(0.743421,
                                                                                           abs=1e-6)
    assert (s.n_units == 12).all() and (s.n_coders == 4).all()


@pytest.mark.parametrize("n_coders", [2, 9, 12])
def test_coefficients_alpha_both_coincidence_paths_equal_the_package(n_coders):
    # up to 8 coders pairs are counted directly; more go through a matrix product
    rng = np.random.default_rng(n_coders)
    d = rng.integers(0, 4, size=(n_coders, 300)).astype(float)
    d[rng.random(d.shape) < 0.3] = NAN
    for level in ("nominal", "ordinal", "interval"):
        assert ag.krippendorff_alpha(d, level) == pytest.approx(
            krippendorff.alpha(d, level_of_measurement=level), abs=1e-9)
