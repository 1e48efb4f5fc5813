"""bootstrap_ci (units resampled; KALPHA) and summary."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from published import dataset

from qualkit import agreement as ag
from qualkit.errors import AgreementError, InvalidParameterError

K2011 = dataset("krippendorff_2011")  # 4 coders x 12 units, alpha .743 (Krippendorff 2011)
NAN = np.nan


def test_agreement_bootstrap_resamples_units_with_the_given_seed():
    res = ag.bootstrap_ci(ag.krippendorff_alpha, K2011, n_boot=300, random_state=4)
    # the same resamples by hand: columns drawn with replacement from one seeded generator
    rng = np.random.default_rng(4)
    stats = [ag.krippendorff_alpha(K2011[:, rng.integers(0, 12, size=12)]) for _ in range(300)]
    lo, hi = np.quantile(stats, [0.025, 0.975])
    assert isinstance(res, ag.BootstrapResult)
    assert res == (pytest.approx(0.743421, abs=1e-6), pytest.approx(lo), pytest.approx(hi))
    assert ag.bootstrap_ci(ag.krippendorff_alpha, K2011, n_boot=300, random_state=4) == res
    assert ag.bootstrap_ci(ag.krippendorff_alpha, K2011, n_boot=300, random_state=5) != res


def test_agreement_bootstrap_level_sets_the_width():
    wide = ag.bootstrap_ci(ag.fleiss_kappa, K2011, n_boot=300, level=0.95)
    narrow = ag.bootstrap_ci(ag.fleiss_kappa, K2011, n_boot=300, level=0.5)
    assert wide.ci_low <= narrow.ci_low <= narrow.ci_high <= wide.ci_high
    assert narrow.ci_high - narrow.ci_low < wide.ci_high - wide.ci_low


def test_agreement_bootstrap_passes_options_by_kwargs_or_partial():
    by_kwargs = ag.bootstrap_ci(ag.krippendorff_alpha, K2011, n_boot=100,
                                func_kwargs={"level": "ordinal"})
    by_partial = ag.bootstrap_ci(functools.partial(ag.krippendorff_alpha, level="ordinal"),
                                 K2011, n_boot=100)
    assert by_kwargs == by_partial
    assert by_kwargs.estimate == pytest.approx(0.815388, abs=1e-6)


def test_agreement_bootstrap_cohen_kappa_takes_the_two_rows():
    a = [1, 2, 3, 1, 2, 3, 1, 2, 3, 3]
    b = [1, 2, 3, 1, 2, 2, 1, 3, 3, 3]
    res = ag.bootstrap_ci(ag.cohen_kappa, [a, b], n_boot=200)
    assert res.estimate == ag.cohen_kappa(a, b)
    assert res.ci_low <= res.estimate <= res.ci_high


def test_agreement_kalpha_is_seeded_centred_on_alpha_and_narrower():
    kal = ag.bootstrap_ci(ag.krippendorff_alpha, K2011, method="kalpha", n_boot=2000)
    assert kal == ag.bootstrap_ci(ag.krippendorff_alpha, K2011, method="kalpha", n_boot=2000)
    assert kal.estimate == pytest.approx(0.743421, abs=1e-6)
    # pairs are drawn from the coincidence matrix with D_e fixed: E[D_o*] = D_o, so the
    # distribution's middle sits at alpha
    centre = ag.bootstrap_ci(ag.krippendorff_alpha, K2011, method="kalpha", n_boot=4000,
                             level=0.05)
    assert centre.ci_low - 0.03 <= kal.estimate <= centre.ci_high + 0.03
    # ...and, ignoring that units are sampled, it is narrower than resampling units
    units = ag.bootstrap_ci(ag.krippendorff_alpha, K2011, n_boot=2000)
    assert kal.ci_high - kal.ci_low < units.ci_high - units.ci_low
    assert -1 <= kal.ci_low <= kal.ci_high <= 1


@pytest.mark.parametrize("level", ["ordinal", "interval", "ratio"])
def test_agreement_kalpha_runs_at_every_level(level):
    res = ag.bootstrap_ci(ag.krippendorff_alpha, K2011, method="kalpha", n_boot=500,
                          func_kwargs={"level": level})
    assert res.estimate == ag.krippendorff_alpha(K2011, level)
    assert -1 <= res.ci_low <= res.ci_high <= 1


def test_agreement_bootstrap_leaves_out_degenerate_resamples_with_a_warning():
    d = [[1, 1, 1, 1, 2], [1, 1, 1, 1, 2]]  # many resamples miss the only 2
    with pytest.warns(ag.DegenerateAgreementWarning, match=r"resamples.*no variance"):
        res = ag.bootstrap_ci(ag.cohen_kappa, d, n_boot=100)
    assert res == (1.0, 1.0, 1.0)


def test_agreement_bootstrap_of_an_undefined_estimate_is_nan():
    with pytest.warns(ag.DegenerateAgreementWarning, match="no variance"):
        res = ag.bootstrap_ci(ag.krippendorff_alpha, np.ones((2, 6)), n_boot=10)
    assert all(np.isnan(res))


@pytest.mark.parametrize("kwargs,error,match", [
    ({"n_boot": 0}, InvalidParameterError,
     r"'n_boot' parameter of bootstrap_ci must be an integer"),
    ({"level": 1.0}, InvalidParameterError, r"'level' parameter of bootstrap_ci must be a "
                                            r"confidence level strictly between 0 and 1"),
    ({"level": "ordinal"}, InvalidParameterError, r"'level' parameter.*Got 'ordinal'"),
    ({"method": "bca"}, InvalidParameterError, r"'method' parameter of bootstrap_ci"),
    ({"func": ag.fleiss_kappa, "method": "kalpha"}, AgreementError,
     r"\[Q315\].*krippendorff_alpha only; found func=fleiss_kappa"),
    ({"func": 3}, InvalidParameterError, r"'func' parameter"),
    ({"data": [1, 2, 3]}, AgreementError, r"\[Q301\] bootstrap_ci"),
])
def test_agreement_bootstrap_bad_arguments_raise(kwargs, error, match):
    args = {"func": ag.krippendorff_alpha, "data": K2011, **kwargs}
    with pytest.raises(error, match=match):
        ag.bootstrap_ci(args.pop("func"), args.pop("data"), **args)


def test_agreement_summary_rows_values_and_unit_counts():
    s = ag.summary(K2011)
    assert list(s.columns) == list(ag.SUMMARY_COLUMNS)
    assert list(s.coefficient) == ["percent_agreement", "scott_pi", "fleiss_kappa", "gwet_ac1",
                                   "brennan_prediger", "krippendorff_alpha"]  # no Cohen: 4 coders
    values = s.set_index("coefficient")["value"]
    for name, value in values.items():
        assert value == getattr(ag, name)(K2011)
    assert s.boot_ci_low.isna().all() and s.boot_ci_high.isna().all()  # no bootstrap asked
    # the analytic intervals are always there (irrCAC README, cac.raw4raters: (0.542, 1),
    # (0.461, 1), (0.424, 1), (0.454, 1), (0.423, 1))
    lows = s.set_index("coefficient")["ci_low"]
    for name, low in [("percent_agreement", 0.542), ("gwet_ac1", 0.461), ("fleiss_kappa", 0.424),
                      ("brennan_prediger", 0.454), ("krippendorff_alpha", 0.423)]:
        assert lows[name] == pytest.approx(low, abs=5e-4)
    assert (s.ci_high == 1.0).all()
    units = s.set_index("coefficient")["n_units"]
    assert units["scott_pi"] == 8  # units 2-9: rated by all four coders
    assert units["krippendorff_alpha"] == units["fleiss_kappa"] == 11  # unit 12 rated once
    assert (s.n_coders == 4).all()


def test_agreement_summary_two_coders_weights_and_intervals():
    pair = K2011[[1, 3]]
    s = ag.summary(pair, ci=True, n_boot=200, categories=[1, 2, 3, 4, 5], weights="quadratic",
                   alpha_level="interval").set_index("coefficient")
    assert s.loc["cohen_kappa", "value"] == ag.cohen_kappa(pair[0], pair[1], "quadratic",
                                                           [1, 2, 3, 4, 5])
    assert s.loc["krippendorff_alpha", "value"] == ag.krippendorff_alpha(pair, "interval")
    assert (s.ci_low <= s.value + 1e-12).all() and (s.value <= s.ci_high + 1e-12).all()
    assert (s.boot_ci_low <= s.value + 1e-12).all() and (s.value <= s.boot_ci_high + 1e-12).all()
    assert s.loc["cohen_kappa", "method"] == ("quadratic weights by position; missing ratings: "
                                              "complete cases")
    ac2 = ag.summary(pair, "gwet_ac2", categories=[1, 2, 3, 4, 5]).value.iloc[0]
    assert ac2 == ag.gwet_ac2(pair, "quadratic", [1, 2, 3, 4, 5])


def test_agreement_summary_kalpha_applies_to_the_alpha_row_only():
    s = ag.summary(K2011, ["fleiss_kappa", "krippendorff_alpha"], ci=True, n_boot=300,
                   method="kalpha").set_index("coefficient")
    kal = ag.bootstrap_ci(ag.krippendorff_alpha, K2011, n_boot=300, method="kalpha",
                          func_kwargs={"level": "nominal", "categories": None})
    fleiss = ag.bootstrap_ci(ag.fleiss_kappa, K2011, n_boot=300,
                             func_kwargs={"weights": None, "categories": None})
    cols = ["value", "boot_ci_low", "boot_ci_high"]
    assert tuple(s.loc["krippendorff_alpha", cols]) == tuple(kal)
    assert tuple(s.loc["fleiss_kappa", cols]) == tuple(fleiss)


@pytest.mark.parametrize("kwargs,error,match", [
    ({"coefficients": ["kappa"]}, InvalidParameterError, r"'coefficients' parameter"),
    ({"coefficients": ["cohen_kappa"]}, AgreementError, r"\[Q316\].*found ratings from 4 coders"),
    ({"method": "bca"}, InvalidParameterError, r"'method' parameter of agreement.summary"),
    ({"ci": True, "n_boot": -5}, InvalidParameterError, r"'n_boot' parameter"),
])
def test_agreement_summary_bad_arguments_raise(kwargs, error, match):
    with pytest.raises(error, match=match):
        ag.summary(K2011, **kwargs)


def test_agreement_summary_is_a_plain_frame_with_unrounded_values():
    s = ag.summary(pd.DataFrame(K2011), ["krippendorff_alpha"])
    assert s.value.iloc[0] == ag.krippendorff_alpha(K2011)  # no rounding
    assert s.dtypes["value"] == float and s.dtypes["n_units"] == np.int64
