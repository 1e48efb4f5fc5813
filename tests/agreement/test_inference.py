"""Analytic standard errors, intervals and p-values (issue #20), per-category kappa, tables.

Peer values, ported as literals:

- irrCAC 1.4 (R), computed on the datasets of ``irr_datasets.py``: ``coeff.se`` of
  ``gwet.ac1.raw``, ``fleiss.kappa.raw``, ``krippen.alpha.raw``, ``conger.kappa.raw``
  and ``kappa2.table`` (equal to 1e-9); irr's ``kappam.fleiss(detail=TRUE)``
  per-category kappas (1e-9).
- irrCAC's README (published): ``*.raw(cac.raw4raters)`` standard errors, intervals and
  p-values; ``*.table(cont3x3abstractors)``; ``*.dist(distrib.6raters)`` (half a unit
  in the last printed digit).
- irrCAC's benchmarking vignette: AC1 0.775 with standard error 0.14295 is "Moderate"
  on Landis and Koch's and Altman's scales and "Intermediate to Good" on Fleiss'.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from irr_datasets import DATASETS, DIAGNOSES, GENDER, RAW4, X10X4

from qualkit import agreement as ag
from qualkit.errors import AgreementError, InvalidParameterError

FUNCS = {"gwet.ac1.raw": ag.gwet_ac1, "fleiss.kappa.raw": ag.fleiss_kappa,
         "krippen.alpha.raw": ag.krippendorff_alpha, "conger.kappa.raw": ag.conger_kappa,
         "kappa2.table": ag.cohen_kappa}

# (dataset, irrCAC function, coefficient, standard error), computed in R
IRRCAC_SE = [
    ("cac.raw4raters", "gwet.ac1.raw", 0.775444068126995, 0.142949950640765),
    ("cac.raw4raters", "fleiss.kappa.raw", 0.761169275422411, 0.153019203469492),
    ("cac.raw4raters", "krippen.alpha.raw", 0.743421052631579, 0.145478717222199),
    ("cac.raw4raters", "conger.kappa.raw", 0.762817441303306, 0.149168152480174),
    ("cac.raw5obser", "gwet.ac1.raw", 0.496622054872614, 0.121973368005297),
    ("cac.raw5obser", "fleiss.kappa.raw", 0.45762168677217, 0.120450071940065),
    ("cac.raw5obser", "krippen.alpha.raw", 0.48053024026512, 0.113560323201291),
    ("cac.raw5obser", "conger.kappa.raw", 0.469274278592656, 0.116663454859817),
    ("cac.raw.g1g2", "gwet.ac1.raw", 0.684603818747768, 0.133533173469305),
    ("cac.raw.g1g2", "fleiss.kappa.raw", 0.657245283843749, 0.149918557033983),
    ("cac.raw.g1g2", "krippen.alpha.raw", 0.63180571876224, 0.149581254688152),
    ("cac.raw.g1g2", "conger.kappa.raw", 0.658588993673152, 0.145997488296626),
    ("cac.raw.gender", "gwet.ac1.raw", 0.208080808080808, 0.0906968159433176),
    ("cac.raw.gender", "fleiss.kappa.raw", 0.128888888888889, 0.140501334670144),
    ("cac.raw.gender", "krippen.alpha.raw", 0.143407407407407, 0.140501334670144),
    ("cac.raw.gender", "conger.kappa.raw", 0.16572077185017, 0.12120596165007),
    ("x.raw10x4", "gwet.ac1.raw", 0.410569105691057, 0.107898026020238),
    ("x.raw10x4", "fleiss.kappa.raw", 0.328703703703704, 0.121722152578112),
    ("x.raw10x4", "krippen.alpha.raw", 0.345486111111111, 0.121722152578112),
    ("x.raw10x4", "conger.kappa.raw", 0.334862385321101, 0.118893537000245),
    ("irr.anxiety", "gwet.ac1.raw", 0.0313653136531365, 0.0466820625919674),
    ("irr.anxiety", "fleiss.kappa.raw", -0.0410764872521247, 0.0474132682396915),
    ("irr.anxiety", "krippen.alpha.raw", -0.0237252124645893, 0.0474132682396915),
    ("irr.anxiety", "conger.kappa.raw", -0.0187110187110187, 0.0445772629465869),
    ("irr.video", "gwet.ac1.raw", 0.524560339599757, 0.0980541701170868),
    ("irr.video", "fleiss.kappa.raw", 0.0356703567035661, 0.0509553366452642),
    ("irr.video", "krippen.alpha.raw", 0.0477244772447716, 0.0509553366452642),
    ("irr.video", "conger.kappa.raw", 0.0951061865189288, 0.0371160507794143),
    ("irr.diagnoses", "gwet.ac1.raw", 0.447884515844564, 0.0556621416816179),
    ("irr.diagnoses", "fleiss.kappa.raw", 0.430244520060141, 0.0541989355153328),
    ("irr.diagnoses", "krippen.alpha.raw", 0.433409828282029, 0.0541989355153328),
    ("irr.diagnoses", "conger.kappa.raw", 0.441808540329333, 0.0507944060130783),
    ("irr.diagnoses.r2r3", "gwet.ac1.raw", 0.626491440428843, 0.105489451364833),
    ("irr.diagnoses.r2r3", "fleiss.kappa.raw", 0.618913196894848, 0.110386768892958),
    ("irr.diagnoses.r2r3", "krippen.alpha.raw", 0.625264643613267, 0.110386768892958),
    ("irr.diagnoses.r2r3", "conger.kappa.raw", 0.631147540983606, 0.100036239815085),
    ("irr.diagnoses.r2r3", "kappa2.table", 0.631147540983606, 0.0983548387241991),
    ("irr.anxiety.r1r2", "gwet.ac1.raw", 0.171597633136095, 0.126009268732858),
    ("irr.anxiety.r1r2", "fleiss.kappa.raw", 0.0967741935483871, 0.131073254521848),
    ("irr.anxiety.r1r2", "krippen.alpha.raw", 0.119354838709677, 0.131073254521848),
    ("irr.anxiety.r1r2", "conger.kappa.raw", 0.119496855345912, 0.122369768914503),
    ("irr.anxiety.r1r2", "kappa2.table", 0.119496855345912, 0.119271297163146),
    ("irr.anxiety.r2r3", "gwet.ac1.raw", 0.011201235998455, 0.116901497557802),
    ("irr.anxiety.r2r3", "fleiss.kappa.raw", -0.0474631751227496, 0.112959318336442),
    ("irr.anxiety.r2r3", "krippen.alpha.raw", -0.0212765957446808, 0.112959318336442),
    ("irr.anxiety.r2r3", "conger.kappa.raw", -0.00628930817610064, 0.104211533240557),
    ("irr.anxiety.r2r3", "kappa2.table", -0.00628930817610064, 0.101572838285293),
    ("psych.tim", "gwet.ac1.raw", 0.00432152117545375, 0.127307388789846),
    ("psych.tim", "fleiss.kappa.raw", -0.0359712230215827, 0.109778134564448),
    ("psych.tim", "krippen.alpha.raw", 0.0215827338129496, 0.109778134564448),
    ("psych.tim", "conger.kappa.raw", 0, 0.0999131567356817),
    ("psych.tim", "kappa2.table", 0, 0.0941990275434065),
]


@pytest.mark.parametrize(("name", "func", "value", "se"), IRRCAC_SE,
                         ids=[f"{r[0]}-{r[1]}" for r in IRRCAC_SE])
def test_inference_standard_errors_equal_irrcac(name, func, value, se):
    res = ag.analytic_ci(FUNCS[func], DATASETS[name])
    assert res.estimate == pytest.approx(value, abs=1e-9)
    assert res.se == pytest.approx(se, abs=1e-9)


# irrCAC README, raw ratings cac.raw4raters: (se, ci_low, p-value) as printed
README_RAW = [
    (ag.percent_agreement, 0.8181818, 0.12561, 0.542, 2.172686e-05),
    (ag.gwet_ac1, 0.77544, 0.14295, 0.461, 0.0001043605),
    (ag.fleiss_kappa, 0.76117, 0.15302, 0.424, 0.0002095865),
    (ag.krippendorff_alpha, 0.74342, 0.14548, 0.423, 0.0001693123),
    (ag.conger_kappa, 0.76282, 0.14917, 0.435, 0.0001683533),
    (ag.brennan_prediger, 0.77273, 0.14472, 0.454, 0.0001187804),
]


def _half_unit(printed: float, digits: int) -> float:
    return 0.5 * 10.0 ** -digits + 1e-12


@pytest.mark.parametrize("row", README_RAW, ids=[r[0].__name__ for r in README_RAW])
def test_inference_reproduces_irrcac_readme_raw(row):
    func, value, se, low, p = row
    res = ag.analytic_ci(func, RAW4)
    assert res.estimate == pytest.approx(value, abs=_half_unit(value, 5))
    assert res.se == pytest.approx(se, abs=_half_unit(se, 5))
    assert res.ci_low == pytest.approx(low, abs=_half_unit(low, 3))
    assert res.ci_high == 1.0  # irrCAC caps the upper bound at 1
    assert f"{res.p_value:.7g}" == f"{p:.7g}"


def test_inference_reproduces_irrcac_readme_table():
    # kappa2.table(cont3x3abstractors) ... : value, se, (ci) as printed
    out = ag.from_table([[13, 0, 0], [0, 20, 7], [0, 4, 56]]).set_index("coefficient")
    printed = {
        "cohen_kappa": (0.7964094, 0.05891072, 0.68, 0.913),
        "scott_pi": (0.7962397, 0.05905473, 0.679, 0.913),
        "gwet_ac1": (0.8493305, 0.04321747, 0.764, 0.935),
        "brennan_prediger": (0.835, 0.04693346, 0.742, 0.928),
        "krippendorff_alpha": (0.7972585, 0.05905473, 0.68, 0.914),
        "percent_agreement": (0.89, 0.03128898, 0.828, 0.952),
    }
    for name, (value, se, low, high) in printed.items():
        row = out.loc[name]
        assert row["value"] == pytest.approx(value, abs=5e-8)
        assert row["se"] == pytest.approx(se, abs=5e-9)
        assert row["ci_low"] == pytest.approx(low, abs=5e-4)
        assert row["ci_high"] == pytest.approx(high, abs=5e-4)
        assert row["p_value"] < 1e-20  # printed 0e+00
    assert (out["n_units"] == 100).all() and (out["n_coders"] == 2).all()


DISTRIB_6RATERS = [[0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6],
                   [0, 3, 0, 3, 0], [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0],
                   [2, 0, 0, 4, 0], [0, 0, 0, 0, 6], [1, 0, 0, 5, 0], [1, 1, 0, 4, 0],
                   [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1]]


def test_inference_reproduces_irrcac_readme_distribution():
    out = ag.from_distribution(DISTRIB_6RATERS).set_index("coefficient")
    printed = {  # coeff, stderr, conf.int, p.value
        "gwet_ac1": (0.4448007, 0.08418757, 0.264, 0.625, 5.779637e-05),
        "fleiss_kappa": (0.4139265, 0.08119291, 0.24, 0.588, 8.113618e-05),
        "brennan_prediger": (0.4388889, 0.08312142, 0.261, 0.617, 5.814998e-05),
    }
    for name, (value, se, low, high, p) in printed.items():
        row = out.loc[name]
        assert row["value"] == pytest.approx(value, abs=5e-8)
        assert row["se"] == pytest.approx(se, abs=5e-9)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), abs=5e-4)
        assert row["p_value"] == pytest.approx(p, rel=1e-6)
    # alpha: irrCAC's krippen.alpha.dist prints 0.4204384 with se 0.08243228; its
    # linearisation corrects for the chance term once where krippen.alpha.raw corrects
    # twice. qualkit uses the raw formula for both inputs (here equal to Fleiss' se).
    alpha = out.loc["krippendorff_alpha"]
    assert alpha["value"] == pytest.approx(0.4204384, abs=5e-8)
    assert alpha["se"] == pytest.approx(0.08119291, abs=5e-9)
    assert alpha["se"] != pytest.approx(0.08243228, abs=5e-9)


def test_inference_distribution_equals_raw_ratings():
    counts = np.array(DISTRIB_6RATERS)
    raw = np.array([np.repeat(np.arange(1, 6), row) for row in counts], dtype=float).T
    out = ag.from_distribution(counts).set_index("coefficient")
    for name in ("percent_agreement", "fleiss_kappa", "gwet_ac1", "brennan_prediger",
                 "krippendorff_alpha"):
        res = ag.analytic_ci(getattr(ag, name), raw)
        assert out.loc[name, "value"] == pytest.approx(res.estimate, abs=1e-12)
        assert out.loc[name, "se"] == pytest.approx(res.se, abs=1e-12)


def test_inference_benchmarking_vignette():
    res = ag.analytic_ci(ag.gwet_ac1, RAW4)
    assert ag.interpret(res.estimate, res.se) == "moderate (Landis & Koch 1977, 95% benchmark)"
    assert ag.interpret(res.estimate, res.se, "altman") == "moderate (Altman 1991, 95% benchmark)"
    assert ag.interpret(res.estimate, res.se, "fleiss") == (
        "intermediate to good (Fleiss 1981, 95% benchmark)")
    assert ag.interpret(res.estimate) == "substantial (Landis & Koch 1977)"
    assert ag.interpret(1.0, 0.0) == "almost perfect (Landis & Koch 1977, 95% benchmark)"
    assert ag.interpret(float("nan"), 0.1) == "undefined"
    b = ag.benchmark(res.estimate, res.se)
    assert list(b.columns) == list(ag.BENCHMARK_COLUMNS)
    assert b["probability"].sum() == pytest.approx(1.0, abs=1e-12)
    assert b["cumulative_probability"].is_monotonic_increasing


# irr's kappam.fleiss(detail=TRUE)$detail[, "Kappa"], computed in R
PER_CATEGORY = [
    ("irr.diagnoses", [1, 2, 3, 4, 5], [0.244755244755245, 0.244755244755245, 0.52,
                                        0.471127272727273, 0.566117806823969]),
    ("irr.anxiety", [1, 2, 3, 4, 5, 6], [-0.08, -0.0227272727272727, -0.111111111111111,
                                         0.134615384615385, -0.0714285714285714,
                                         -0.0714285714285714]),
    ("irr.video", [2, 3, 4, 5], [-0.0256410256410256, -0.0103329506314581,
                                 0.0314769975786924, 0.159159159159159]),
    ("x.raw10x4", [1, 2, 3, 4, 5], [0.267399267399267, -0.0256410256410256,
                                    -0.0449320794148381, 0.159159159159159,
                                    0.874608150470219]),
    ("cac.raw.gender", ["a", "b", "c"], [0.0666666666666667, 0.2, 0.140740740740741]),
]


@pytest.mark.parametrize(("name", "cats", "kappas"), PER_CATEGORY, ids=[r[0] for r in PER_CATEGORY])
def test_inference_category_kappa_equals_irr_detail(name, cats, kappas):
    out = ag.category_kappa(DATASETS[name])
    assert list(out.columns) == list(ag.CATEGORY_KAPPA_COLUMNS)
    assert out["category"].tolist() == cats
    np.testing.assert_allclose(out["kappa"], kappas, atol=1e-9)
    # each is Fleiss' kappa on the category against the rest, with its analytic se
    data = DATASETS[name]
    for cat, row in zip(cats, out.itertuples()):
        binary = np.where(data == cat, 1.0, 0.0)
        res = ag.analytic_ci(ag.fleiss_kappa, binary)
        assert row.se == pytest.approx(res.se, abs=1e-12)
        n, m = data.shape[1], data.shape[0]
        assert row.z_null == pytest.approx(row.kappa / np.sqrt(2 / (n * m * (m - 1))))


def test_inference_category_kappa_with_labels_and_missing_ratings():
    labels = np.where(DIAGNOSES == 1, "1. Depression", np.where(
        DIAGNOSES == 2, "2. Personality Disorder", np.where(
            DIAGNOSES == 3, "3. Schizophrenia", np.where(DIAGNOSES == 4, "4. Neurosis",
                                                         "5. Other")))).astype(object)
    out = ag.category_kappa(labels)
    np.testing.assert_allclose(out["kappa"], PER_CATEGORY[0][2], atol=1e-9)
    # with missing ratings the z test of irr does not apply; Gwet's rule does
    out = ag.category_kappa(RAW4, categories=[1, 2, 3, 4, 5, 6])
    assert out["z_null"].isna().all()
    assert np.isnan(out["kappa"].iloc[-1])  # category 6: nobody used it
    binary = np.where(np.isnan(RAW4), np.nan, (RAW4 == 1).astype(float))
    assert out["kappa"].iloc[0] == pytest.approx(ag.fleiss_kappa(binary), abs=1e-12)


ratings = st.integers(1, 4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ratings, ratings, ratings), min_size=3, max_size=30))
def test_inference_fleiss_is_the_weighted_mean_of_category_kappas(units):
    data = np.array(units, dtype=float).T
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        out = ag.category_kappa(data)
        overall = ag.fleiss_kappa(data)
    p = out["share"].to_numpy()
    pq = p * (1 - p)
    if pq.sum() > 1e-12 and np.isfinite(overall):
        k = np.nan_to_num(out["kappa"].to_numpy())
        assert (pq * k).sum() / pq.sum() == pytest.approx(overall, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(ratings, ratings), min_size=4, max_size=40))
def test_inference_table_formulas_and_raw_formulas_agree_on_the_estimate(pairs):
    data = np.array(pairs, dtype=float).T
    q = 4
    table = np.zeros((q, q))
    np.add.at(table, (data[0].astype(int) - 1, data[1].astype(int) - 1), 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        out = ag.from_table(table).set_index("coefficient")["value"]
        cats = [1, 2, 3, 4]
        expected = {"percent_agreement": ag.percent_agreement(data, categories=cats),
                    "cohen_kappa": ag.cohen_kappa(data[0], data[1], categories=cats),
                    "scott_pi": ag.scott_pi(data, categories=cats),
                    "gwet_ac1": ag.gwet_ac1(data, categories=cats),
                    "brennan_prediger": ag.brennan_prediger(data, categories=cats),
                    "krippendorff_alpha": ag.krippendorff_alpha(data, categories=cats)}
    for name, value in expected.items():
        assert (np.isnan(value) and np.isnan(out[name])) or out[name] == pytest.approx(
            value, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(ratings, ratings, ratings), min_size=4, max_size=30),
       st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_inference_alpha_estimate_matches_at_every_level(units, level):
    data = np.array(units, dtype=float).T
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        res = ag.analytic_ci(ag.krippendorff_alpha, data, func_kwargs={"level": level})
        direct = ag.krippendorff_alpha(data, level)
    assert (np.isnan(direct) and np.isnan(res.estimate)) or res.estimate == direct
    if np.isfinite(res.se):
        assert res.se >= 0 and res.ci_low - 1e-12 <= res.estimate <= res.ci_high + 1e-12


def test_inference_summary_columns_are_the_analytic_ones():
    s = ag.summary(X10X4, ["fleiss_kappa", "gwet_ac1", "krippendorff_alpha",
                           "conger_kappa"]).set_index("coefficient")
    for name, func in (("fleiss_kappa", "fleiss.kappa.raw"), ("gwet_ac1", "gwet.ac1.raw"),
                       ("krippendorff_alpha", "krippen.alpha.raw"),
                       ("conger_kappa", "conger.kappa.raw")):
        se = next(r[3] for r in IRRCAC_SE if r[0] == "x.raw10x4" and r[1] == func)
        assert s.loc[name, "se"] == pytest.approx(se, abs=1e-9)
    assert s.loc["krippendorff_alpha", "interpretation"].endswith(
        "(Krippendorff 2004, 95% benchmark)")
    assert "Landis & Koch 1977" in s.loc["fleiss_kappa", "interpretation"]
    lk = ag.summary(X10X4, ["krippendorff_alpha"], benchmark="landis-koch")
    assert "Landis & Koch" in lk["interpretation"].iloc[0]


def test_inference_bad_arguments_raise_coded_errors():
    with pytest.raises(InvalidParameterError, match=r"'func' parameter of analytic_ci"):
        ag.analytic_ci(len, RAW4)
    with pytest.raises(InvalidParameterError, match=r"'level' parameter of analytic_ci"):
        ag.analytic_ci(ag.fleiss_kappa, RAW4, level=95)
    with pytest.raises(AgreementError, match=r"\[Q316\]"):
        ag.analytic_ci(ag.cohen_kappa, RAW4)
    with pytest.raises(AgreementError, match=r"\[Q327\].*square q x q table"):
        ag.from_table([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(AgreementError, match=r"\[Q326\].*found 1.5 at row 0, column 1"):
        ag.from_table([[1, 1.5], [0, 2]])
    with pytest.raises(AgreementError, match=r"\[Q326\].*found -1.0 at row 1, column 0"):
        ag.from_distribution([[1, 1], [-1, 2]])
    with pytest.raises(AgreementError, match=r"\[Q327\].*categories= with one entry"):
        ag.from_table([[1, 0], [0, 1]], categories=[1, 2, 3])
    with pytest.raises(InvalidParameterError, match=r"'se' parameter of benchmark"):
        ag.benchmark(0.5, 0.0)
    with pytest.raises(InvalidParameterError, match=r"'scale' parameter of interpret"):
        ag.interpret(0.5, scale="cicchetti")


def test_inference_degenerate_tables_warn_and_give_nan():
    with pytest.warns(ag.DegenerateAgreementWarning, match="cohen_kappa, scott_pi"):
        out = ag.from_table(pd.DataFrame([[5, 0], [0, 0]], columns=["yes", "no"]))
    row = out.set_index("coefficient")
    assert np.isnan(row.loc["cohen_kappa", "value"])
    assert row.loc["percent_agreement", "value"] == 1.0


def test_inference_single_unit_has_no_standard_error():
    res = ag.analytic_ci(ag.fleiss_kappa, [[1, 2, 2], [1, 1, np.nan]])
    assert res.n_units == 3 and np.isfinite(res.se)
    res = ag.analytic_ci(ag.percent_agreement, [[1], [2]])
    assert res.estimate == 0.0 and np.isnan(res.se) and np.isnan(res.p_value)
    res = ag.analytic_ci(ag.gwet_ac1, GENDER[:, :1])
    assert np.isnan(res.se)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ratings, ratings, st.one_of(ratings, st.just(np.nan))),
                min_size=2, max_size=30),
       st.sampled_from([ag.percent_agreement, ag.fleiss_kappa, ag.gwet_ac1, ag.gwet_ac2,
                        ag.brennan_prediger, ag.conger_kappa, ag.hubert_kappa, ag.scott_pi,
                        ag.krippendorff_alpha]))
def test_inference_estimate_is_the_coefficient(units, func):
    data = np.array(units, dtype=float).T
    kw = {"categories": [1, 2, 3, 4]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        res = ag.analytic_ci(func, data, func_kwargs=kw)
        direct = func(data, **kw)
    assert (np.isnan(direct) and np.isnan(res.estimate)) or res.estimate == direct
    if np.isfinite(res.se) and res.se > 0:  # (se 0 and estimate 0: p is 0/0, as irrCAC)
        assert res.ci_low <= res.estimate + 1e-12 and res.ci_high <= 1.0
        assert 0.0 <= res.p_value <= 1.0


def test_inference_passes_func_keywords_on_as_func_would():
    with pytest.raises(TypeError):
        ag.analytic_ci(ag.gwet_ac1, RAW4, func_kwargs={"weights": "linear"})
    with pytest.warns(ag.DegenerateAgreementWarning, match="no unit was rated by two"):
        res = ag.analytic_ci(ag.fleiss_kappa, [[1, np.nan], [np.nan, 2]])
    assert np.isnan(res.estimate) and np.isnan(res.se)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=3, max_size=25))
def test_inference_distribution_is_raw_ratings_with_unequal_raters(counts):
    counts = np.array(counts)
    raw = np.full((max(2, int(counts.sum(1).max())), len(counts)), np.nan)
    for j, row in enumerate(counts):
        r = np.repeat([1.0, 2.0, 3.0], row)
        raw[: len(r), j] = r
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.DegenerateAgreementWarning)
        out = ag.from_distribution(counts, categories=[1, 2, 3]).set_index("coefficient")
        for name in ("percent_agreement", "fleiss_kappa", "gwet_ac1", "brennan_prediger",
                     "krippendorff_alpha"):
            res = ag.analytic_ci(getattr(ag, name), raw, func_kwargs={"categories": [1, 2, 3]})
            for col, value in (("value", res.estimate), ("se", res.se)):
                got = out.loc[name, col]
                assert (np.isnan(got) and np.isnan(value)) or got == pytest.approx(
                    value, abs=1e-9), (name, col)


@pytest.mark.parametrize(("value", "scale", "label"), [
    # Landis & Koch (1977): <0 poor, .00-.20 slight, .21-.40 fair ... .81-1.00 almost perfect
    (-0.01, "landis-koch", "poor"), (0.0, "landis-koch", "slight"),
    (0.2, "landis-koch", "slight"), (0.21, "landis-koch", "fair"),
    (0.8, "landis-koch", "substantial"), (0.81, "landis-koch", "almost perfect"),
    # Altman (1991): <=.20 poor ... .61-.80 good, .81-1.00 very good
    (0.2, "altman", "poor"), (0.8, "altman", "good"), (0.81, "altman", "very good"),
    # Fleiss (1981): <.40 poor, .40-.75 fair to good, >.75 excellent
    (0.39, "fleiss", "poor"), (0.4, "fleiss", "intermediate to good"),
    (0.75, "fleiss", "intermediate to good"), (0.76, "fleiss", "excellent"),
    # Krippendorff (2004): >= .800 reliable, >= .667 tentative
    (0.666, "krippendorff", "unreliable"), (0.667, "krippendorff", "tentative"),
    (0.8, "krippendorff", "reliable"),
])
def test_inference_point_levels_follow_each_scales_boundaries(value, scale, label):
    name = ag.SCALES[scale][0]
    assert ag.interpret(value, scale=scale) == f"{label} ({name})"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(
    st.one_of(st.floats(-1, 1), st.just(float("nan")), st.sampled_from([0.0, 0.2, 0.4, 0.667,
                                                                        0.8, -1.0, 1.0])),
    st.one_of(st.none(), st.floats(0, 2), st.just(float("nan")), st.just(0.0))),
    max_size=30), st.sampled_from(["landis-koch", "altman", "fleiss", "krippendorff"]))
def test_interpret_many_equals_interpret_element_by_element(pairs, scale):
    # compare_coders interprets thousands of rows (codes x transcripts) at once
    from qualkit.agreement._benchmark import interpret_many

    values = [v for v, _ in pairs]
    ses = [s for _, s in pairs]
    assert interpret_many(values, ses, scale) == [ag.interpret(v, s, scale) for v, s in pairs]
