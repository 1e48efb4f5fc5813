"""Agreement coefficients: published worked examples, peer packages, properties, errors.

Published values come from tests/agreement/reference/ (see its README for sources):
Krippendorff (2011), Fleiss (1971), Artstein and Poesio (2008), Wikipedia's worked
examples, and Gwet's irrCAC README and weighting vignette. Peers: the ``krippendorff``
package (alpha, all levels), scikit-learn (Cohen's kappa, three weightings) and
statsmodels (Fleiss' kappa), to 1e-9 on random data.
"""

from __future__ import annotations

import tracemalloc
import warnings

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from published import dataset, published_values
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from qualkit import agreement as ag
from qualkit.agreement import _coefficients
from qualkit.errors import AgreementError, InvalidParameterError

NAN = np.nan
K2011 = dataset("krippendorff_2011")
MULTI = [ag.percent_agreement, ag.scott_pi, ag.fleiss_kappa, ag.gwet_ac1, ag.brennan_prediger,
         ag.krippendorff_alpha]


def _call(name: str, data: np.ndarray, **kw):
    func = getattr(ag, name)
    return func(data[0], data[1], **kw) if name == "cohen_kappa" else func(data, **kw)


def _random(rng: np.random.Generator, missing: float = 0.2, max_coders: int = 6,
            max_values: int = 7) -> np.ndarray:
    m, n, v = rng.integers(2, max_coders + 1), rng.integers(5, 80), rng.integers(2, max_values)
    d = rng.integers(1, v + 1, size=(m, n)).astype(float)
    d[rng.random((m, n)) < missing] = NAN
    return d


# ------------------------------------------------------------------ published values
PUBLISHED = published_values()


@pytest.mark.parametrize("row", [r for _, r in PUBLISHED.iterrows()],
                         ids=[f"{r.dataset}-{r.coefficient}-{r.weights}-{r.level}-{r.value}"
                              for _, r in PUBLISHED.iterrows()])
def test_agreement_reproduces_published_values(row):
    kw = {}
    if isinstance(row.weights, str):
        kw["weights"] = row.weights
    if isinstance(row.level, str):
        kw["level"] = row.level
    if isinstance(row.categories, str):
        kw["categories"] = [int(c) for c in row.categories.split(";")]
    value = _call(row.coefficient, dataset(row.dataset), **kw)
    assert value == pytest.approx(row.value, abs=0.5 * 10.0 ** -row.decimals + 1e-12)


def test_agreement_irrcac_chance_terms_on_raw4raters():
    # irrCAC README: gwet.ac1.raw pe 0.1903212, fleiss.kappa.raw pe 0.2387153; units rated
    # by one coder (unit 12) count in pe, and p_a = 0.8181818 over the other 11 units
    pa = ag.percent_agreement(K2011)
    for func, pe in ((ag.gwet_ac1, 0.1903212), (ag.fleiss_kappa, 0.2387153)):
        assert func(K2011) == pytest.approx((pa - pe) / (1 - pe), abs=1e-7)


def test_agreement_docstring_examples_reproduce_krippendorff_canonical_data():
    data = dataset("krippendorff_wikipedia")
    assert ag.krippendorff_alpha(data) == pytest.approx(0.691358, abs=5e-7)
    assert ag.krippendorff_alpha(data, "interval") == pytest.approx(0.810845, abs=5e-7)


# ------------------------------------------------------------------ peers
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_agreement_alpha_equals_krippendorff_package(level):
    rng = np.random.default_rng(7)
    checked = 0
    for _ in range(40):
        d = _random(rng)
        try:
            peer = krippendorff.alpha(d, level_of_measurement=level)
        except ValueError:  # the package refuses one-value data; qualkit warns (tested below)
            continue
        assert ag.krippendorff_alpha(d, level) == pytest.approx(peer, abs=1e-9)
        checked += 1
    assert checked >= 30


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_agreement_alpha_equals_package_with_many_coders_and_real_values(level):
    rng = np.random.default_rng(17)
    d = np.round(rng.normal(10, 3, size=(12, 40)), 1)  # about 100 distinct values
    d[rng.random(d.shape) < 0.3] = NAN
    assert ag.krippendorff_alpha(d, level) == pytest.approx(
        krippendorff.alpha(d, level_of_measurement=level), abs=1e-9)


@pytest.mark.parametrize("level", ["nominal", "ordinal"])
def test_agreement_alpha_many_values_path_equals_package(level, monkeypatch):
    # above _DENSE_MAX distinct values, nominal counts agreeing pairs of coders and
    # ordinal uses mid-ranks with the variance identity: no V x V matrix
    monkeypatch.setattr(_coefficients, "_DENSE_MAX", 3)
    rng = np.random.default_rng(3)
    for _ in range(10):
        d = _random(rng, max_values=9)
        d[0, :3] = [1, 2, 3]
        d[1, :3] = [4, 5, 6]
        assert ag.krippendorff_alpha(d, level) == pytest.approx(
            krippendorff.alpha(d, level_of_measurement=level), abs=1e-9)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "ratio"])
def test_agreement_alpha_coincidences_by_coder_pairs_equal_package(level, monkeypatch):
    # above _MATMUL_MAX categories the coincidences are counted pair by pair of coders
    monkeypatch.setattr(_coefficients, "_MATMUL_MAX", 1)
    rng = np.random.default_rng(21)
    for _ in range(10):
        d = _random(rng)
        d[0, :2] = [1, 2]
        assert ag.krippendorff_alpha(d, level) == pytest.approx(
            krippendorff.alpha(d, level_of_measurement=level), abs=1e-9)
    assert ag.bootstrap_ci(ag.krippendorff_alpha, K2011, method="kalpha", n_boot=50).ci_low < 1


def test_agreement_alpha_block_counting_is_exact(monkeypatch):
    rng = np.random.default_rng(9)
    d = _random(rng)
    expected = {f.__name__: f(d) for f in MULTI}
    monkeypatch.setattr(_coefficients, "_BLOCK_CELLS", 7)  # a few units per block
    for f in MULTI:
        assert f(d) == pytest.approx(expected[f.__name__], abs=1e-12)


@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_agreement_cohen_equals_sklearn(weights):
    rng = np.random.default_rng(11)
    for _ in range(30):
        a = rng.integers(0, 5, 60)
        b = np.where(rng.random(60) < 0.6, a, rng.integers(0, 5, 60))
        cats = sorted(set(a) | set(b))  # scikit-learn weights by rank of observed labels
        assert ag.cohen_kappa(a, b, weights, categories=cats) == pytest.approx(
            cohen_kappa_score(a, b, weights=weights), abs=1e-9)


def test_agreement_fleiss_and_scott_equal_statsmodels_on_complete_data():
    rng = np.random.default_rng(5)
    for _ in range(30):
        d = _random(rng, missing=0.0)
        table, _ = aggregate_raters(d.T.astype(int))
        peer = sm_fleiss_kappa(table)
        assert ag.fleiss_kappa(d) == pytest.approx(peer, abs=1e-9)
        assert ag.scott_pi(d) == pytest.approx(peer, abs=1e-9)
        # statsmodels' "randolph" kappa is Brennan-Prediger with q = observed categories
        assert ag.brennan_prediger(d) == pytest.approx(
            sm_fleiss_kappa(table, method="randolph"), abs=1e-9)


def test_agreement_weighted_kappa_depends_on_the_declared_scale():
    a, b = [1, 2, 2, 4], [1, 2, 4, 4]
    declared = ag.cohen_kappa(a, b, "linear", categories=[1, 2, 3, 4])
    by_rank = cohen_kappa_score(a, b, weights="linear")  # 3 unused: ranks 1, 2, 4 -> 0, 1, 2
    assert ag.cohen_kappa(a, b, "linear") == pytest.approx(by_rank, abs=1e-12)
    # by hand: declared positions 0, 1, 1, 3 and 0, 1, 3, 3 of 4, weights 1 - |i - j| / 3:
    # p_o = 10/12, p_e = 13/24, kappa = 7/11; by rank q = 3: p_o = 7/8, p_e = 9/16, kappa = 5/7
    assert declared == pytest.approx(7 / 11, abs=1e-12)
    assert by_rank == pytest.approx(5 / 7, abs=1e-12)


# ------------------------------------------------------------------ properties
@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2 ** 32 - 1))
def test_agreement_symmetric_in_coders_and_units(seed):
    rng = np.random.default_rng(seed)
    d = _random(rng, missing=0.1)
    perm = d[rng.permutation(d.shape[0])][:, rng.permutation(d.shape[1])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        for f in MULTI:
            assert f(perm) == pytest.approx(f(d), abs=1e-9, nan_ok=True)
        for level in ("ordinal", "interval", "ratio"):
            assert ag.krippendorff_alpha(perm, level) == pytest.approx(
                ag.krippendorff_alpha(d, level), abs=1e-9, nan_ok=True)
        assert ag.cohen_kappa(d[0], d[1]) == pytest.approx(ag.cohen_kappa(d[1], d[0]),
                                                           abs=1e-12, nan_ok=True)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2 ** 32 - 1))
def test_agreement_nominal_coefficients_ignore_category_names(seed):
    rng = np.random.default_rng(seed)
    d = _random(rng, missing=0.1)
    values = np.unique(d[~np.isnan(d)])
    names = rng.permutation([f"code {k}" for k in range(len(values))])
    relabelled = np.full(d.shape, None, dtype=object)
    for v, name in zip(values, names):
        relabelled[d == v] = name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        for f in MULTI:
            assert f(relabelled) == pytest.approx(f(d), abs=1e-9, nan_ok=True)
        assert ag.cohen_kappa(relabelled[0], relabelled[1]) == pytest.approx(
            ag.cohen_kappa(d[0], d[1]), abs=1e-9, nan_ok=True)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2 ** 32 - 1))
def test_agreement_ranges_and_identities(seed):
    rng = np.random.default_rng(seed)
    d = _random(rng, missing=0.15)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        pa = ag.percent_agreement(d)
        assert np.isnan(pa) or 0 <= pa <= 1
        for f in MULTI[1:]:
            value = f(d)
            assert np.isnan(value) or value <= 1 + 1e-12
        for level in ("ordinal", "interval", "ratio"):
            value = ag.krippendorff_alpha(d, level)
            assert np.isnan(value) or value <= 1 + 1e-12
        # two coders, complete units, nominal: alpha = 1 - (1 - pi) (2N - 1) / (2N)
        both = ~np.isnan(d[:2]).any(0)
        pair = d[:2, both]
        pi, alpha = ag.scott_pi(pair), ag.krippendorff_alpha(pair)
        if np.isfinite(pi):
            n = 2 * pair.shape[1]
            assert alpha == pytest.approx(1 - (1 - pi) * (n - 1) / n, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2 ** 32 - 1), st.integers(2, 6))
def test_agreement_identical_coders_with_variance_give_one(seed, n_coders):
    rng = np.random.default_rng(seed)
    row = rng.integers(1, 6, size=int(rng.integers(3, 40))).astype(float)
    if len(np.unique(row)) < 2:
        row[:2] = [1, 2]
    d = np.tile(row, (n_coders, 1))
    for f in MULTI:
        assert f(d) == pytest.approx(1.0, abs=1e-12)
    for level in ("ordinal", "interval", "ratio"):
        assert ag.krippendorff_alpha(d, level) == pytest.approx(1.0, abs=1e-12)
    for weights in ("linear", "quadratic"):
        assert ag.gwet_ac2(d, weights) == pytest.approx(1.0, abs=1e-12)
        assert ag.cohen_kappa(row, row, weights) == pytest.approx(1.0, abs=1e-12)


# ------------------------------------------------------------------ inputs
def test_agreement_accepts_lists_labels_objects_and_frames():
    nominal = ag.krippendorff_alpha(K2011)
    names = np.char.add("v", np.nan_to_num(K2011).astype(int).astype(str))
    labels = np.where(np.isnan(K2011), None, names)
    assert ag.krippendorff_alpha(labels) == pytest.approx(nominal, abs=1e-12)
    assert ag.krippendorff_alpha(K2011.tolist()) == pytest.approx(nominal, abs=1e-12)
    assert ag.krippendorff_alpha(pd.DataFrame(K2011)) == pytest.approx(nominal, abs=1e-12)
    as_objects = pd.DataFrame(K2011).astype(object).where(~np.isnan(K2011), pd.NA)
    assert ag.krippendorff_alpha(as_objects) == pytest.approx(nominal, abs=1e-12)
    assert ag.percent_agreement([[True, False, True], [True, True, True]]) == pytest.approx(2 / 3)


def test_agreement_labels_take_their_order_from_categories():
    scale = ["very low", "low", "mid", "high", "very high"]
    labels = np.where(np.isnan(K2011), None,
                      np.array(scale, dtype=object)[np.nan_to_num(K2011, nan=1).astype(int) - 1])
    assert ag.krippendorff_alpha(labels, "ordinal", categories=scale) == pytest.approx(
        ag.krippendorff_alpha(K2011, "ordinal"), abs=1e-12)
    # labels on an interval scale are scored by position; 1..5 here
    assert ag.krippendorff_alpha(labels, "interval", categories=scale) == pytest.approx(
        ag.krippendorff_alpha(K2011, "interval"), abs=1e-12)
    assert ag.gwet_ac2(labels, "quadratic", categories=scale) == pytest.approx(
        ag.gwet_ac2(K2011, "quadratic", categories=[1, 2, 3, 4, 5]), abs=1e-12)
    a, b = labels[1], labels[3]
    assert ag.cohen_kappa(a, b, "linear", scale) == pytest.approx(
        ag.cohen_kappa(K2011[1], K2011[3], "linear", [1, 2, 3, 4, 5]), abs=1e-12)


def test_agreement_categories_change_the_chance_terms_that_depend_on_them():
    d = np.array([[1, 2, 3, 3], [1, 2, 3, 2]], dtype=float)
    assert ag.brennan_prediger(d) == pytest.approx((0.75 - 1 / 3) / (2 / 3))
    assert ag.brennan_prediger(d, categories=[1, 2, 3, 4, 5]) == pytest.approx((0.75 - 0.2) / 0.8)
    assert ag.gwet_ac1(d, categories=[1, 2, 3, 4, 5]) != pytest.approx(ag.gwet_ac1(d))
    # unused categories change nothing for kappa, pi and alpha
    for f in (ag.fleiss_kappa, ag.scott_pi, ag.krippendorff_alpha):
        assert f(d, categories=[0, 1, 2, 3, 4]) == pytest.approx(f(d), abs=1e-12)


def test_agreement_missing_data_rules():
    d = np.array([[1, 2, 2, NAN, 3], [1, 2, 1, 3, NAN], [NAN, 2, 2, NAN, NAN]])
    # percent agreement: units 1-3 have two or more ratings: 1, 1, 1/3
    assert ag.percent_agreement(d) == pytest.approx((1 + 1 + 1 / 3) / 3)
    # Scott's pi and Cohen's kappa use complete units only
    assert ag.scott_pi(d) == pytest.approx(ag.scott_pi(d[:, 1:3]))
    assert ag.cohen_kappa(d[0], d[1]) == pytest.approx(ag.cohen_kappa(d[0, :3], d[1, :3]))
    # Fleiss/AC1 count units rated once in the chance term; alpha drops them
    assert ag.fleiss_kappa(d) != pytest.approx(ag.fleiss_kappa(d[:, :3]))
    assert ag.krippendorff_alpha(d) == pytest.approx(ag.krippendorff_alpha(d[:, :3]))


def test_agreement_large_alpha_stays_small_in_memory(monkeypatch):
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 50, 200_000)
    d = np.where(rng.random((3, 200_000)) < 0.8, truth, rng.integers(0, 50, (3, 200_000)))
    d = d.astype(float)
    d[rng.random(d.shape) < 0.05] = NAN
    tracemalloc.start()
    value = ag.krippendorff_alpha(d)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # a units x categories^2 array would be 200,000 x 2,500 x 8 bytes = 4 GB
    assert peak < 100 * 2 ** 20
    # the same value by the independent pair-counting path (no coincidence matrix)
    monkeypatch.setattr(_coefficients, "_DENSE_MAX", 10)
    assert value == pytest.approx(ag.krippendorff_alpha(d), abs=1e-12)


# ------------------------------------------------------------------ degenerate cases
@pytest.mark.parametrize("func", [ag.scott_pi, ag.fleiss_kappa, ag.krippendorff_alpha,
                                  lambda d: ag.cohen_kappa(d[0], d[1]), ag.gwet_ac1,
                                  ag.brennan_prediger])
def test_agreement_one_category_for_everyone_is_nan_with_a_reason(func):
    d = np.ones((2, 5))
    with pytest.warns(ag.DegenerateAgreementWarning, match=r"\[Q309\].*undefined"):
        assert np.isnan(func(d))


def test_agreement_one_category_is_defined_where_the_formula_is():
    d = np.ones((3, 5))
    assert ag.percent_agreement(d) == 1.0
    # with the scale declared, AC1 and Brennan-Prediger have p_e < 1 and give 1
    assert ag.gwet_ac1(d, categories=[0, 1]) == 1.0
    assert ag.brennan_prediger(d, categories=[0, 1]) == 1.0
    with pytest.warns(ag.DegenerateAgreementWarning, match="no variance"):
        assert np.isnan(ag.krippendorff_alpha(d, "interval"))


def test_agreement_single_unit_and_no_pairable_unit():
    assert ag.krippendorff_alpha([[1], [2]]) == 0.0  # D_o = D_e for one disagreeing pair
    assert ag.fleiss_kappa([[1], [2]]) == -1.0
    with pytest.warns(ag.DegenerateAgreementWarning, match="Cohen's kappa is undefined"):
        assert np.isnan(ag.cohen_kappa([1], [1]))
    sparse = [[1, NAN, NAN], [NAN, 2, NAN], [NAN, NAN, 1]]
    for f in MULTI:
        with pytest.warns(ag.DegenerateAgreementWarning, match="no unit was rated by"):
            assert np.isnan(f(sparse))
    with pytest.warns(ag.DegenerateAgreementWarning, match="rated by both coders"):
        assert np.isnan(ag.cohen_kappa([1, NAN], [NAN, 2]))
    with pytest.warns(ag.DegenerateAgreementWarning, match="no unit was rated"):
        assert np.isnan(ag.krippendorff_alpha(np.full((3, 4), NAN)))


def test_agreement_degenerate_warning_points_at_the_caller():
    with pytest.warns(ag.DegenerateAgreementWarning) as record:
        ag.gwet_ac1(np.ones((2, 3)))
    assert record[0].filename == __file__


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("call,error,match", [
    (lambda: ag.fleiss_kappa([1, 2, 3]), AgreementError,
     r"\[Q301\] fleiss_kappa: expected ratings shaped \(n_coders, n_units\), found an array "
     r"with 1 dimension"),
    (lambda: ag.krippendorff_alpha(np.ones((2, 2, 2))), AgreementError,
     r"\[Q301\].*shape \(2, 2, 2\)"),
    (lambda: ag.scott_pi([[1, 2, 3], [1, 2]]), AgreementError, r"\[Q301\].*different lengths"),
    (lambda: ag.fleiss_kappa([[1, 2, 3]]), AgreementError,
     r"\[Q302\].*at least two coders; found 1"),
    (lambda: ag.gwet_ac1([[1, "a"], ["b", 2]]), AgreementError, r"\[Q303\].*int, str"),
    (lambda: ag.krippendorff_alpha([["lo", "hi"], ["hi", "hi"]], "ordinal"), AgreementError,
     r"\[Q304\] krippendorff_alpha: level='ordinal' needs an explicit ordered categories="),
    (lambda: ag.cohen_kappa(["lo", "hi"], ["hi", "hi"], "linear"), AgreementError,
     r"\[Q304\].*weights='linear'"),
    (lambda: ag.scott_pi([[1, 2], [1, 9]], categories=[1, 2]), AgreementError,
     r"\[Q305\] scott_pi: the rating 9 at \(coder 1, unit 1\) is not among the categories"),
    (lambda: ag.fleiss_kappa([["a", "b"], ["a", "c"]], categories=["a", "b"]), AgreementError,
     r"\[Q305\].*'c' at \(coder 1, unit 1\)"),
    (lambda: ag.fleiss_kappa([[1, 2], [1, 2]], categories=["a", "b"]), AgreementError,
     r"\[Q305\].*rating 1 at \(coder 0, unit 0\)"),
    (lambda: ag.fleiss_kappa([[1, 2], [1, 2]], categories=["1", "2"]), AgreementError,
     r"\[Q305\].*rating 1 at \(coder 0, unit 0\) is not among the categories \['1', '2'\]"),
    (lambda: ag.gwet_ac2([[1, 2], [1, 2]], categories=[1, 2, 2]), AgreementError,
     r"\[Q306\].*repeats 2"),
    (lambda: ag.gwet_ac2([[1, 2], [1, 2]], categories=[]), AgreementError, r"\[Q306\].*empty"),
    (lambda: ag.cohen_kappa([[1, 2]], [1, 2]), AgreementError,
     r"\[Q307\] cohen_kappa: expected a as a 1-D sequence"),
    (lambda: ag.cohen_kappa([1, 2], [1, 2, 3]), AgreementError, r"\[Q308\].*\(2 and 3\)"),
    (lambda: ag.percent_agreement([[1, np.inf], [1, 2]]), AgreementError,
     r"\[Q310\].*inf at \(coder 0, unit 1\)"),
    (lambda: ag.krippendorff_alpha([["a", "b"], ["b", "b"]], "ratio", categories=["a", "b"]),
     AgreementError, r"\[Q313\] krippendorff_alpha: ratio alpha needs numeric values"),
    (lambda: ag.krippendorff_alpha([[1, 2], [2, 2]], "cardinal"), InvalidParameterError,
     r"\[Q001\] The 'level' parameter of krippendorff_alpha must be one of"),
    (lambda: ag.cohen_kappa([1, 2], [1, 2], "cubic"), InvalidParameterError,
     r"\[Q001\] The 'weights' parameter of cohen_kappa"),
    (lambda: ag.gwet_ac2([[1, 2], [1, 2]], weights="nominal"), InvalidParameterError,
     r"'weights' parameter of gwet_ac2"),
])
def test_agreement_bad_input_raises_coded_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_agreement_ratio_refuses_too_many_values(monkeypatch):
    monkeypatch.setattr(_coefficients, "_DENSE_MAX", 3)
    with pytest.raises(AgreementError, match=r"\[Q314\].*ratio alpha on 4 distinct values"):
        ag.krippendorff_alpha([[1, 2, 3, 4], [1, 2, 3, 3]], "ratio")


def test_agreement_errors_are_builtin_exceptions():
    with pytest.raises(ValueError):
        ag.fleiss_kappa([[1, 2, 3]])
    with pytest.raises(ValueError):
        ag.cohen_kappa([1], [1], "cubic")
