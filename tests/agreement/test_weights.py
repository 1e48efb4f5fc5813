"""Weights (issue #20): Gwet's seven schemes by position or by value, custom matrices, and
weighted alpha; Hubert's kappa; Gwet's missing-data rule for Cohen's kappa.

Peer values, ported as literals (the peer files stay outside the repository):

- irrCAC 1.4 (R), computed: ``*.raw(..., weights="linear"|"quadratic")`` on numeric
  ratings weights by category *value*; ``krippen.alpha.raw(weights="linear")``;
  ``krippen2.table(linear.weights(1:q))``; ``conger.kappa.raw`` on two raters with a
  missing rating (Gwet's rule). Equal to 1e-9.
- irrCAC 0.4.4 (Python), computed: the weight matrices of ``irrCAC.weights.Weights``
  (to 1e-12) and its coefficients for the ordinal, radical, ratio, circular and bipolar
  schemes, which it prints to 5 decimals (equal to half a unit in the 5th).
- Published: irr's custom weight vectors in statsmodels' ``test_inter_rater.py``
  (``kappa2(anxiety, c(0,0,0,1,1,1))`` 0.1891892 ...); DKPro Statistics'
  ``ArtsteinPoesio2008Test`` custom distance (alpha .8156, weighted kappa .8163) and
  ``Warrens2010Test``/``Warrens2012Test`` Hubert kappas; Cohen (1968) via psych's
  ``cohen.kappa`` docs (.348 with disagreement weights 0, 1, 3 / 1, 0, 6 / 3, 6, 0).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from irr_datasets import ANXIETY, DATASETS, RAW4, RAW5

from qualkit import agreement as ag
from qualkit.agreement import _weights
from qualkit.errors import AgreementError, InvalidParameterError

nan = float("nan")

ANX_R2R3 = ANXIETY[1:3]  # irr's anxiety, raters 2 and 3: values 1, 2, 3, 4, 6 only
TIM, TWINS = DATASETS["psych.tim"], DATASETS["psych.twins"]

# ------------------------------------------------------------------ by value (irrCAC R)
# (coefficient, weights, irrCAC value) on anxiety raters 2-3, weights by category value
BY_VALUE = [
    ("percent_agreement", "linear", 0.73),
    ("fleiss_kappa", "linear", 0.0633130962705988),
    ("gwet_ac2", "linear", 0.344520984432373),
    ("brennan_prediger", "linear", 0.296875),
    ("krippendorff_alpha", "linear", 0.0867302688638339),
    ("conger_kappa", "linear", 0.12621359223301),
    ("percent_agreement", "quadratic", 0.878),
    ("fleiss_kappa", "quadratic", 0.152483501215699),
    ("gwet_ac2", "quadratic", 0.550450010593903),
    ("brennan_prediger", "quadratic", 0.484797297297297),
    ("conger_kappa", "quadratic", 0.229797979797979),
]
# qualkit's positions 1..5 give what irrCAC gives with categ.labels (also computed in R)
BY_POSITION = {("percent_agreement", "linear"): 0.7, ("brennan_prediger", "linear"): 0.25,
               ("fleiss_kappa", "linear"): 0.07869481765834935,
               ("gwet_ac2", "linear"): 0.29773226042428674}


@pytest.mark.parametrize(("name", "weights", "expected"), BY_VALUE)
def test_weights_by_value_equal_irrcac_on_unevenly_spaced_values(name, weights, expected):
    func = getattr(ag, name)
    got = func(ANX_R2R3, weights=weights, weight_by="value")
    assert got == pytest.approx(expected, abs=1e-9)
    # two complete coders: Conger's kappa is Cohen's
    if name == "conger_kappa":
        assert ag.cohen_kappa(*ANX_R2R3, weights, weight_by="value") == pytest.approx(
            expected, abs=1e-9)


@pytest.mark.parametrize(("key", "expected"), list(BY_POSITION.items()))
def test_weights_by_position_is_qualkits_default(key, expected):
    name, weights = key
    got = getattr(ag, name)(ANX_R2R3, weights=weights)
    assert got == pytest.approx(expected, abs=1e-12)
    assert got != pytest.approx(getattr(ag, name)(ANX_R2R3, weights=weights, weight_by="value"))


# ------------------------------------------------------------------ weighted alpha
# krippen.alpha.raw(weights="linear") in irrCAC (R): numeric ratings, weights by value
ALPHA_LINEAR = [
    (RAW4, 0.800383877159309),
    (RAW5, 0.635208220659816),
    (ANXIETY, 0.070014662756598),
    (ANXIETY[:2], 0.198630136986301),
    (TIM, 0.408695652173913),
    (TWINS, 0.587155963302753),
]


@pytest.mark.parametrize(("data", "expected"), ALPHA_LINEAR)
def test_weights_alpha_with_linear_weights_equals_irrcac(data, expected):
    got = ag.krippendorff_alpha(data, weights="linear", weight_by="value")
    assert got == pytest.approx(expected, abs=1e-9)


# krippen2.table(t, linear.weights(1:q)) in irrCAC (R)
TABLE_ALPHA_LINEAR = [
    ([[13, 0, 0], [0, 20, 7], [0, 4, 56]], 0.843586995355484),
    ([[40, 6, 4, 15], [4, 25, 1, 5], [4, 2, 21, 9], [17, 13, 12, 45]], 0.406883925302087),
    ([[88, 14, 18], [10, 40, 10], [2, 6, 12]], 0.468),
    ([[106, 10, 4], [22, 28, 10], [2, 12, 6]], 0.492601156069364),
    ([[0, 4, 1], [0, 8, 0], [0, 1, 5]], 0.457023060796646),
    ([[20, 20], [10, 50]], 0.343956043956044),
    ([[50, 75], [75, 800]], 0.314628571428572),
]


@pytest.mark.parametrize(("table", "expected"), TABLE_ALPHA_LINEAR)
def test_weights_alpha_from_table_with_linear_weights_equals_irrcac(table, expected):
    out = ag.from_table(table, weights="linear").set_index("coefficient")
    assert out.loc["krippendorff_alpha", "value"] == pytest.approx(expected, abs=1e-9)
    t = np.asarray(table)
    q = len(t)
    a = np.repeat(np.repeat(np.arange(q), q), t.ravel())
    b = np.repeat(np.tile(np.arange(q), q), t.ravel())
    assert ag.krippendorff_alpha([a, b], weights="linear",
                                 categories=list(range(q))) == pytest.approx(expected, abs=1e-9)


def test_weights_alpha_by_value_reproduces_krippendorffs_levels():
    # alpha does not change when every difference is scaled: quadratic weights by value
    # are the interval metric, ratio weights the ratio metric (Krippendorff 2011)
    assert ag.krippendorff_alpha(RAW4, weights="quadratic", weight_by="value") == \
        pytest.approx(ag.krippendorff_alpha(RAW4, "interval"), abs=1e-12)
    assert ag.krippendorff_alpha(RAW4, weights="ratio", weight_by="value") == \
        pytest.approx(ag.krippendorff_alpha(RAW4, "ratio"), abs=1e-12)
    assert ag.krippendorff_alpha(RAW4, weights=np.eye(5), categories=[1, 2, 3, 4, 5]) == \
        pytest.approx(ag.krippendorff_alpha(RAW4), abs=1e-12)


# ------------------------------------------------------------------ the other schemes
# irrCAC.weights.Weights(categories)[scheme] (Python 0.4.4), to 1e-12
WEIGHT_MATRICES = {
    ((1, 2, 3, 4, 6), "ordinal"): [[1.0, 0.9, 0.7, 0.4, 0.0], [0.9, 1.0, 0.9, 0.7, 0.4],
                                   [0.7, 0.9, 1.0, 0.9, 0.7], [0.4, 0.7, 0.9, 1.0, 0.9],
                                   [0.0, 0.4, 0.7, 0.9, 1.0]],
    ((1, 2, 3, 4, 6), "radical"): [
        [1.0, 0.5527864045, 0.367544467966, 0.225403330759, 0.0],
        [0.5527864045, 1.0, 0.5527864045, 0.367544467966, 0.105572809],
        [0.367544467966, 0.5527864045, 1.0, 0.5527864045, 0.225403330759],
        [0.225403330759, 0.367544467966, 0.5527864045, 1.0, 0.367544467966],
        [0.0, 0.105572809, 0.225403330759, 0.367544467966, 1.0]],
    ((1, 2, 3, 4, 6), "ratio"): [
        [1.0, 0.782222222222, 0.51, 0.2944, 0.0], [0.782222222222, 1.0, 0.9216, 0.782222222222,
                                                   0.51],
        [0.51, 0.9216, 1.0, 0.96, 0.782222222222], [0.2944, 0.782222222222, 0.96, 1.0, 0.9216],
        [0.0, 0.51, 0.782222222222, 0.9216, 1.0]],
    ((1, 2, 3, 4, 6), "circular"): [[1.0, 0.75, 0.25, 0.0, 0.75], [0.75, 1.0, 0.75, 0.25, 0.25],
                                    [0.25, 0.75, 1.0, 0.75, 0.0], [0.0, 0.25, 0.75, 1.0, 0.25],
                                    [0.75, 0.25, 0.0, 0.25, 1.0]],
    ((1, 2, 3, 4, 6), "bipolar"): [
        [1.0, 0.888888888889, 0.75, 0.571428571429, 0.0],
        [0.888888888889, 1.0, 0.952380952381, 0.833333333333, 0.333333333333],
        [0.75, 0.952380952381, 1.0, 0.96, 0.571428571429],
        [0.571428571429, 0.833333333333, 0.96, 1.0, 0.75],
        [0.0, 0.333333333333, 0.571428571429, 0.75, 1.0]],
    ((1, 2, 3, 4, 6), "linear"): [[1.0, 0.8, 0.6, 0.4, 0.0], [0.8, 1.0, 0.8, 0.6, 0.2],
                                  [0.6, 0.8, 1.0, 0.8, 0.4], [0.4, 0.6, 0.8, 1.0, 0.6],
                                  [0.0, 0.2, 0.4, 0.6, 1.0]],
    ((1, 2, 3, 4, 6), "quadratic"): [[1.0, 0.96, 0.84, 0.64, 0.0], [0.96, 1.0, 0.96, 0.84, 0.36],
                                     [0.84, 0.96, 1.0, 0.96, 0.64], [0.64, 0.84, 0.96, 1.0, 0.84],
                                     [0.0, 0.36, 0.64, 0.84, 1.0]],
    ((1, 2, 3, 4, 5), "radical"): [
        [1.0, 0.5, 0.292893218813, 0.133974596216, 0.0],
        [0.5, 1.0, 0.5, 0.292893218813, 0.133974596216],
        [0.292893218813, 0.5, 1.0, 0.5, 0.292893218813],
        [0.133974596216, 0.292893218813, 0.5, 1.0, 0.5],
        [0.0, 0.133974596216, 0.292893218813, 0.5, 1.0]],
    ((1, 2, 3, 4, 5), "ratio"): [
        [1.0, 0.75, 0.4375, 0.19, 0.0], [0.75, 1.0, 0.91, 0.75, 0.586734693878],
        [0.4375, 0.91, 1.0, 0.954081632653, 0.859375],
        [0.19, 0.75, 0.954081632653, 1.0, 0.972222222222],
        [0.0, 0.586734693878, 0.859375, 0.972222222222, 1.0]],
    ((1, 2, 3, 4, 5), "circular"): [
        [1.0, 0.61803398875, 0.0, 0.0, 0.61803398875],
        [0.61803398875, 1.0, 0.61803398875, 0.0, 0.0],
        [0.0, 0.61803398875, 1.0, 0.61803398875, 0.0],
        [0.0, 0.0, 0.61803398875, 1.0, 0.61803398875],
        [0.61803398875, 0.0, 0.0, 0.61803398875, 1.0]],
    ((1, 2, 3, 4, 5), "bipolar"): [
        [1.0, 0.857142857143, 0.666666666667, 0.4, 0.0],
        [0.857142857143, 1.0, 0.933333333333, 0.75, 0.4],
        [0.666666666667, 0.933333333333, 1.0, 0.933333333333, 0.666666666667],
        [0.4, 0.75, 0.933333333333, 1.0, 0.857142857143],
        [0.0, 0.4, 0.666666666667, 0.857142857143, 1.0]],
}


@pytest.mark.parametrize(("key", "expected"), list(WEIGHT_MATRICES.items()),
                         ids=[f"{k[1]}-{k[0]}" for k in WEIGHT_MATRICES])
def test_weights_matrices_equal_irrcac(key, expected):
    values, scheme = key
    x = np.asarray(values, dtype=float)
    got = _weights.weight_matrix(scheme, len(x), x, "test")
    np.testing.assert_allclose(got, expected, atol=1e-12)


# irrCAC (Python 0.4.4) coefficients with each scheme, printed to 5 decimals:
# (data, scheme, pa, fleiss, ac2, bp, alpha, conger)
SCHEMES = [
    (RAW4, "ordinal", 0.96818, 0.85021, 0.89894, 0.88636, 0.83364, 0.84366),
    (RAW4, "radical", 0.89727, 0.78992, 0.81981, 0.81263, 0.77198, 0.78834),
    (RAW4, "ratio", 0.95411, 0.82134, 0.85737, 0.84024, 0.79740, 0.81197),
    (RAW4, "circular", 0.90246, 0.80720, 0.83020, 0.82355, 0.78998, 0.80535),
    (RAW4, "bipolar", 0.96836, 0.85307, 0.90037, 0.88815, 0.83499, 0.84487),
    (ANX_R2R3, "ordinal", 0.825, 0.13740, 0.44022, 0.375, 0.15896, 0.21875),
    (ANX_R2R3, "radical", 0.54976, 0.00533, 0.18977, 0.15781, 0.03020, 0.05840),
    (ANX_R2R3, "ratio", 0.78765, 0.04148, 0.32662, 0.24926, 0.06544, 0.14834),
    (ANX_R2R3, "circular", 0.625, 0.07407, 0.25531, 0.21875, 0.09722, 0.13043),
    (ANX_R2R3, "bipolar", 0.83909, 0.08040, 0.47097, 0.40653, 0.10339, 0.16193),
]


@pytest.mark.parametrize("row", SCHEMES, ids=[f"{r[1]}-{len(r[0])}coders" for r in SCHEMES])
def test_weights_schemes_equal_irrcac_python(row):
    data, scheme, *expected = row
    kw = {"weights": scheme, "weight_by": "value"}
    got = [ag.percent_agreement(data, **kw), ag.fleiss_kappa(data, **kw),
           ag.gwet_ac2(data, **kw), ag.brennan_prediger(data, **kw),
           ag.krippendorff_alpha(data, **kw), ag.conger_kappa(data, **kw)]
    np.testing.assert_allclose(got, expected, atol=5e-6 + 1e-12)


# ------------------------------------------------------------------ custom matrices
def _irr_vector(vector, levels):
    """irr's kappa2 custom weight vector: w = 1 - (v - min) / (max - min) by distance."""
    v = np.asarray(vector, dtype=float)
    w = 1 - (v - v.min()) / (v.max() - v.min())
    return np.array([[w[abs(i - j)] for j in range(levels)] for i in range(levels)])


def test_weights_custom_matrix_reproduces_irr_weight_vectors():
    # statsmodels' test_inter_rater.py prints irr's kappa2 results to 7 decimals
    r1r2 = ANXIETY[:2]
    six = [1, 2, 3, 4, 5, 6]
    assert ag.cohen_kappa(*r1r2, _irr_vector([0, 0, 0, 1, 1, 1], 6), six) == \
        pytest.approx(0.1891892, abs=5e-8)
    assert ag.cohen_kappa(*r1r2, _irr_vector([0, 0, 1, 1, 2, 2], 6), six) == \
        pytest.approx(0.2820513, abs=5e-8)
    five = [1, 2, 3, 4, 6]
    assert ag.cohen_kappa(*ANX_R2R3, _irr_vector([0, 0, 1, 1, 2], 5), five) == \
        pytest.approx(0.2391304, abs=5e-8)
    # irr's (0:5)^2 is quadratic weighting (0.29676511954993 in R)
    assert ag.cohen_kappa(*r1r2, _irr_vector([v * v for v in range(6)], 6), six) == \
        pytest.approx(0.29676511954993, abs=1e-9)


def test_weights_custom_matrix_reproduces_cohen_1968():
    # psych's cohen.kappa docs: Cohen's (1968) table (proportions x 200) with disagreement
    # weights 0 1 3 / 1 0 6 / 3 6 0 gives weighted kappa .348
    t = np.array([[88, 14, 18], [10, 40, 10], [2, 6, 12]])
    a = np.repeat(np.repeat([1, 2, 3], 3), t.ravel())
    b = np.repeat(np.tile([1, 2, 3], 3), t.ravel())
    dis = np.array([[0, 1, 3], [1, 0, 6], [3, 6, 0]], dtype=float)
    assert ag.cohen_kappa(a, b, 1 - dis / dis.max(), [1, 2, 3]) == pytest.approx(0.348,
                                                                                 abs=5e-4)


def _artstein_poesio():
    # Artstein & Poesio (2008), example 2, as DKPro Statistics' ArtsteinPoesio2008Test
    pairs = ([("STAT", "STAT")] * 46 + [("IReq", "STAT")] * 6 + [("IReq", "IReq")] * 32
             + [("IReq", "Chck")] * 6 + [("Chck", "Chck")] * 10)
    return np.array(pairs, dtype=object).T


def test_weights_custom_matrix_reproduces_dkpro_distance_function():
    data = _artstein_poesio()
    cats = ["Chck", "IReq", "STAT"]
    dist = np.array([[0, 0.5, 0.5], [0.5, 0, 1], [0.5, 1, 0]])  # "Chck" is half wrong
    assert ag.krippendorff_alpha(data, weights=1 - dist, categories=cats) == \
        pytest.approx(0.8156, abs=5e-5)
    assert ag.cohen_kappa(data[0], data[1], 1 - dist, cats) == pytest.approx(0.8163, abs=5e-5)
    assert ag.cohen_kappa(data[0], data[1]) == pytest.approx(0.8013, abs=5e-5)


def test_weights_bad_weights_raise_coded_errors():
    with pytest.raises(AgreementError, match=r"\[Q324\].*needs categories="):
        ag.cohen_kappa([1, 2], [1, 2], np.eye(2))
    with pytest.raises(AgreementError, match=r"\[Q321\].*shape \(2, 2\) for 3 categories"):
        ag.fleiss_kappa([[1, 2, 3], [1, 2, 3]], weights=np.eye(2), categories=[1, 2, 3])
    with pytest.raises(AgreementError, match=r"\[Q321\].*0.5 on the diagonal at row 1"):
        ag.fleiss_kappa([[1, 2], [1, 2]], weights=[[1, 0], [0, 0.5]], categories=[1, 2])
    with pytest.raises(AgreementError, match=r"\[Q321\].*holds 2.0 at row 0, column 1"):
        ag.fleiss_kappa([[1, 2], [1, 2]], weights=[[1, 2], [0, 1]], categories=[1, 2])
    with pytest.raises(AgreementError, match=r"\[Q321\].*has shape \(3,\)"):
        ag.fleiss_kappa([[1, 2], [1, 2]], weights=[1, 0, 1], categories=[1, 2])
    with pytest.raises(AgreementError, match=r"\[Q322\].*numeric categories"):
        ag.fleiss_kappa([["a", "b"], ["a", "b"]], weights="linear", weight_by="value",
                        categories=["a", "b"])
    with pytest.raises(AgreementError, match=r"\[Q323\].*ratio weights need positive"):
        ag.fleiss_kappa([[0, 2], [0, 2]], weights="ratio", weight_by="value")
    with pytest.raises(AgreementError, match=r"\[Q325\].*either level='interval' or weights"):
        ag.krippendorff_alpha(RAW4, "interval", weights="linear")
    with pytest.raises(InvalidParameterError, match=r"'weight_by' parameter"):
        ag.fleiss_kappa(RAW4, weights="linear", weight_by="rank")


# ------------------------------------------------------------------ properties
ratings = st.integers(1, 5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ratings, ratings, ratings), min_size=3, max_size=30),
       st.sampled_from(_weights.WEIGHT_SCHEMES))
def test_weights_position_equals_value_on_the_scale_1_to_q(units, scheme):
    data = np.array(units, dtype=float).T
    cats = [1, 2, 3, 4, 5]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        for func in (ag.fleiss_kappa, ag.conger_kappa, ag.brennan_prediger, ag.gwet_ac2):
            x = func(data, weights=scheme, categories=cats)
            y = func(data, weights=scheme, categories=cats, weight_by="value")
            assert (np.isnan(x) and np.isnan(y)) or x == pytest.approx(y, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ratings, ratings, ratings), min_size=3, max_size=30),
       st.sampled_from(_weights.WEIGHT_SCHEMES))
def test_weights_named_scheme_equals_the_same_custom_matrix(units, scheme):
    data = np.array(units, dtype=float).T
    cats = [1, 2, 3, 4, 5]
    w = _weights.weight_matrix(scheme, 5, np.arange(1.0, 6.0), "test")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        for func in (ag.percent_agreement, ag.fleiss_kappa, ag.conger_kappa,
                     ag.krippendorff_alpha):
            x = func(data, weights=scheme, categories=cats)
            y = func(data, weights=w, categories=cats)
            assert (np.isnan(x) and np.isnan(y)) or x == pytest.approx(y, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ratings, ratings, ratings, ratings), min_size=2, max_size=25))
def test_weights_hubert_kappa_is_the_mean_pairwise_chance_kappa(units):
    data = np.array(units, dtype=float).T
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        h = ag.hubert_kappa(data)
    # Hubert (1977): pairwise agreement against the mean of each pair's Cohen chance term
    q = 5
    shares = np.array([np.bincount(row.astype(int) - 1, minlength=q) / len(row) for row in data])
    pairs = [(i, j) for i in range(4) for j in range(i + 1, 4)]
    pe = np.mean([shares[i] @ shares[j] for i, j in pairs])
    pa = np.mean([(data[i] == data[j]).mean() for i, j in pairs])
    expected = (pa - pe) / (1 - pe) if pe < 1 - 1e-12 else nan
    assert (np.isnan(h) and np.isnan(expected)) or h == pytest.approx(expected, abs=1e-12)


# ------------------------------------------------------------------ Hubert (DKPro)
def test_weights_hubert_kappa_equals_dkpro_warrens_examples():
    # Warrens (2012) examples in DKPro Statistics: 0.802479, 0.675, 0.564
    ex1 = [[1, 1, 1, 1]] * 10 + [[1, 0, 1, 0]] * 2 + [[1, 0, 0, 0]] * 2 + [[0, 0, 0, 1]] \
        + [[0, 0, 0, 0]] * 15
    ex2a = [[1, 1, 1, 1]] * 6 + [[1, 0, 0, 0]] * 5 + [[0, 0, 0, 0]] * 4
    ex2b = [[1, 1, 1, 1]] * 6 + [[1, 0, 1, 0]] * 5 + [[0, 0, 0, 0]] * 4
    assert ag.hubert_kappa(np.array(ex1).T) == pytest.approx(0.802479, abs=5e-7)
    assert ag.hubert_kappa(np.array(ex2a).T) == pytest.approx(0.675, abs=5e-4)
    assert ag.hubert_kappa(np.array(ex2b).T) == pytest.approx(0.564, abs=5e-4)
    # Warrens (2010), 8 raters, 30 items: 0.8326
    n, a = ["N"] * 8, ["A"] * 8
    rows = ([n] * 14 + [["N", "N", "N", "A", "N", "N", "N", "N"],
                        ["N", "N", "N", "N", "N", "N", "N", "A"]] + [a] * 10
            + [["A", "A", "N", "A", "A", "A", "A", "N"]] * 2
            + [["A", "A", "N", "A", "N", "A", "A", "N"], ["A", "A", "N", "A", "N", "A", "N", "N"]])
    assert ag.hubert_kappa(np.array(rows, dtype=object).T) == pytest.approx(0.8326, abs=5e-5)


# ------------------------------------------------------------------ Gwet's rule for Cohen
BEN_GERRY = np.array([["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"],
                      ["b", "a", "b", "b", "b", "c", "c", "c", "e", None, "d", "d"]],
                     dtype=object)
RAW2 = np.array([["A", "A", "A", "B", "B", "C", "C", "C", "C", "B", None, "A"],
                 ["A", "A", "A", "B", "B", "C", "C", "A", None, "B", "C", "B"]], dtype=object)
R1R2 = np.array([[1, 2, 3, 3, 2, 1, 4, 1, 2, nan], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5]])


@pytest.mark.parametrize(("data", "weights", "complete", "gwet"), [
    # complete cases: irr kappa2 / psych / sklearn; Gwet's rule: irrCAC conger.kappa.raw
    (BEN_GERRY, None, 0.65625, 0.657142857142857),
    (RAW2, None, 0.696969696969697, 0.701234567901235),
    (R1R2, None, 0.844827586206896, 0.850746268656716),
    (R1R2, "linear", 0.8941176470588235, 0.90990990990991),
    (R1R2, "quadratic", 0.939597315436241, 0.957081545064378),
])
def test_weights_cohen_kappa_missing_rule(data, weights, complete, gwet):
    cats = [1, 2, 3, 4, 5] if weights else None
    assert ag.cohen_kappa(data[0], data[1], weights, cats) == pytest.approx(complete, abs=1e-9)
    assert ag.cohen_kappa(data[0], data[1], weights, cats, missing="gwet") == pytest.approx(
        gwet, abs=1e-9)
    assert ag.conger_kappa(data, weights=weights, categories=cats) == pytest.approx(gwet,
                                                                                    abs=1e-9)


def test_weights_cohen_missing_rule_is_checked_and_named():
    with pytest.raises(InvalidParameterError, match=r"'missing' parameter of cohen_kappa"):
        ag.cohen_kappa([1, 2], [1, 2], missing="pairwise")
    s = ag.summary(BEN_GERRY, ["cohen_kappa"], missing="gwet")
    assert s["value"].iloc[0] == pytest.approx(0.657142857142857, abs=1e-9)
    assert "Gwet's rule" in s["method"].iloc[0]
    assert ag.summary(BEN_GERRY, ["cohen_kappa"])["method"].iloc[0].endswith("complete cases")


# Standard errors with each scheme, irrCAC (Python 0.4.4) to its 5 printed decimals:
# (data, scheme, AC2, Fleiss, BP, Conger, alpha). The port's alpha standard error differs
# from irrCAC R's formula with missing ratings (it uses p_a where R uses p_a' in each
# unit's term: raw4raters ordinal 0.13107 there, 0.130988 here and in R's formula), so
# alpha is compared on the complete data only; R's alpha SEs are in test_inference.py.
SCHEME_SE = [
    (RAW4, "ordinal", 0.1069, 0.14704, 0.11391, 0.1441, None),
    (RAW4, "radical", 0.12836, 0.15004, 0.13278, 0.14637, None),
    (RAW4, "ratio", 0.12207, 0.15239, 0.13221, 0.1486, None),
    (RAW4, "circular", 0.13265, 0.14894, 0.13696, 0.14748, None),
    (RAW4, "bipolar", 0.10582, 0.14463, 0.11246, 0.14214, None),
    (RAW4, "linear", 0.11733, 0.1485, 0.12336, 0.14509, None),
    (RAW4, "quadratic", 0.10396, 0.14603, 0.11089, 0.14367, None),
    (ANX_R2R3, "ordinal", 0.18264, 0.20905, 0.17739, 0.16478, 0.20905),
    (ANX_R2R3, "radical", 0.12254, 0.10877, 0.11131, 0.09604, 0.10877),
    (ANX_R2R3, "ratio", 0.19803, 0.17711, 0.19363, 0.14394, 0.17711),
    (ANX_R2R3, "circular", 0.14727, 0.1526, 0.13883, 0.13883, 0.1526),
    (ANX_R2R3, "bipolar", 0.19048, 0.17799, 0.18035, 0.14024, 0.17799),
    (ANX_R2R3, "linear", 0.14738, 0.12915, 0.13238, 0.1062, 0.12915),
    (ANX_R2R3, "quadratic", 0.20561, 0.24791, 0.20487, 0.19584, 0.24791),
]


@pytest.mark.parametrize("row", SCHEME_SE, ids=[f"{r[1]}-{len(r[0])}coders" for r in SCHEME_SE])
def test_weights_standard_errors_equal_irrcac_python(row):
    data, scheme, *expected = row
    kw = {"weights": scheme, "weight_by": "value"}
    funcs = (ag.gwet_ac2, ag.fleiss_kappa, ag.brennan_prediger, ag.conger_kappa,
             ag.krippendorff_alpha)
    for func, se in zip(funcs, expected):
        if se is not None:
            got = ag.analytic_ci(func, data, func_kwargs=kw).se
            assert got == pytest.approx(se, abs=5e-6 + 1e-12), func.__name__


def test_weights_on_labels_need_categories_psych_sorts_them():
    # psych 2.2.9: cohen.kappa(cac.ben.gerry)$weighted.kappa = 0.569832402234637 (quadratic
    # weights on the labels' alphabetical levels); qualkit asks for the order (Q304)
    a = ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"]
    b = ["b", "a", "b", "b", "b", "c", "c", "c", "e", None, "d", "d"]
    with pytest.raises(AgreementError, match="Q304"):
        ag.cohen_kappa(a, b, "quadratic")
    got = ag.cohen_kappa(a, b, "quadratic", categories=["a", "b", "c", "d", "e"])
    assert got == pytest.approx(0.569832402234637, abs=1e-9)


def test_units_nobody_rated_are_dropped_irrcac_needs_them_removed():
    # irrCAC 1.4 returns NA on cac.raw4raters' raters 1-2 with its two units nobody rated;
    # without them fleiss.kappa.raw 0.852832965415747, gwet.ac1.raw 0.863037151172744
    r1 = [1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan]
    r2 = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, np.nan]
    data = np.array([r1, r2], dtype=float)
    assert ag.fleiss_kappa(data) == pytest.approx(0.852832965415747, abs=1e-9)
    assert ag.gwet_ac1(data) == pytest.approx(0.863037151172744, abs=1e-9)
