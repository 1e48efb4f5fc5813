"""Krippendorff's unitizing alpha against his 1995 worked example, and the L = 24 question.

Krippendorff (1995), "On the reliability of unitizing continuous data", p. 57: four
pairs of coders (A-D) on a continuum of 24. Published values (as DKPro Statistics'
Krippendorff1995Test asserts them): observed disagreement A .03125, B 2.26736, C .02777,
D .38715; expected disagreement A .06990, B 1.17731, C .08642, D .41445; alpha A .553,
B -.926, C .679, D .066. qualkit computes D_e by Krippendorff's (2004) discrete formula,

    D_e = (2 / L) sum_units [(N_c - 1) l (l - 1)(2 l - 1) / 3 + l^2 sum_{gaps G >= l} (G - l + 1)]
          / (m L (m L - 1) - sum_units l (l - 1)),

which reproduces his 2004 worked example exactly (D_e .0532 and .0490 below) and is the
formula DKPro implements. The denominator counts the ordered pairs of the m L pairable
positions less those inside one unit: a unit is indivisible and is not paired with
itself (the principle of Krippendorff's 2019 unitizing coincidences, whose denominator
t^2 - sum l^2 - sum gaps is the same number). With every unit one position long it is
ordinary binary alpha. The 1995 paper's D_e values are continuous ones; stretching the
continuum (every offset times s, L times s) gives the formula's limit.

The L = 24 question (issue #20) and its answer, worked by hand in the tests below:

- At L = 24, category C, the formula gives D_e = (2/24)(880 + 5 * 56 + 3 * 224) / 2180
  = .0700 and alpha .603. DKPro's .0549 / .494 is not L = 24: its test builds
  ``createExample(12 / 24.0)``, which halves every offset and length (L = 12), and there
  qualkit gives the same .05494 / .494. The two implement one formula.
- Stretched, D_e tends to the paper's A (.06990) and D (.41445) exactly, but to .0905
  for C, not .08642. The limit of C is (2/24) 2389.33 / (48^2 - 104) = .09051; the
  printed .08642 is 199.11 / 48^2, i.e. the same sum *without* subtracting the units'
  self-pairings (sum l^2 = 104), which the paper subtracts for A (the same sum over 48^2
  would be .0663) and D. B's printed 1.17731 keeps the discrete "+ 1" of the gap term
  (1.17578 without it). So the printed C and B carry slips of the hand computation; the
  formula (Krippendorff 2004) and qualkit stand, and DKPro's test passes only because
  it allows 0.005 on D_e and 0.02 on alpha. qualkit's C alpha is .693 where .679 is
  printed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qualkit.agreement import DegenerateAgreementWarning, unitizing_alpha
from qualkit.errors import AgreementError

# (category, coder, start, length)
EXAMPLE = [
    ("A", 0, 2, 8), ("A", 0, 14, 6), ("A", 1, 4, 4), ("A", 1, 15, 2),
    ("B", 0, 0, 18), ("B", 1, 0, 2), ("B", 1, 2, 1), ("B", 1, 3, 1), ("B", 1, 4, 1),
    ("B", 1, 5, 1), ("B", 1, 6, 3), ("B", 1, 9, 1),
    ("C", 0, 2, 6), ("C", 0, 10, 2), ("C", 0, 14, 4), ("C", 0, 20, 2), ("C", 1, 0, 2),
    ("C", 1, 4, 4), ("C", 1, 10, 4), ("C", 1, 16, 2), ("C", 1, 20, 2),
    ("D", 0, 0, 2), ("D", 0, 2, 8), ("D", 0, 10, 4), ("D", 0, 14, 6), ("D", 0, 20, 4),
    ("D", 1, 0, 4), ("D", 1, 4, 4), ("D", 1, 8, 7), ("D", 1, 15, 2), ("D", 1, 17, 7),
]


def _example(stretch: int) -> pd.DataFrame:
    return pd.DataFrame([(f"c{c}", s * stretch, (s + n) * stretch, cat)
                         for cat, c, s, n in EXAMPLE],
                        columns=["coder", "start", "end", "category"])


def test_unitizing_observed_disagreement_krippendorff_1995():
    got = unitizing_alpha(_example(1), length=24).set_index("category")["d_o"]
    assert got.to_dict() == pytest.approx({"A": 0.03125, "B": 2.26736, "C": 0.02777,
                                           "D": 0.38715}, abs=1e-5)


def test_unitizing_expected_disagreement_in_the_continuous_limit_krippendorff_1995():
    got = unitizing_alpha(_example(50_000), length=24 * 50_000).set_index("category")
    assert got["d_o"].to_dict() == pytest.approx({"A": 0.03125, "B": 2.26736, "C": 0.02777,
                                                  "D": 0.38715}, abs=1e-5)
    # the paper's A and D, to the printed digits
    assert got.loc["A", "d_e"] == pytest.approx(0.06990, abs=5e-6)
    assert got.loc["D", "d_e"] == pytest.approx(0.41445, abs=5e-6)
    assert got.loc["A", "alpha"] == pytest.approx(0.553, abs=5e-4)
    assert got.loc["D", "alpha"] == pytest.approx(0.066, abs=5e-4)
    # B and C: the limits the formula reaches, worked by hand (module docstring)
    c_limit = (2 / 24) * (8 * 2 * (6 ** 3 + 5 * 2 ** 3 + 3 * 4 ** 3) / 3) / (48 ** 2 - 104)
    assert c_limit == pytest.approx(0.090505, abs=5e-7)
    assert got.loc["C", "d_e"] == pytest.approx(c_limit, abs=1e-5)
    b_limit = (2 / 24) * 27682.6667 / (48 ** 2 - 342)
    assert got.loc["B", "d_e"] == pytest.approx(b_limit, abs=1e-5)
    assert got.loc["B", "alpha"] == pytest.approx(-0.926, abs=3e-3)


def test_unitizing_printed_b_and_c_are_slips_of_the_1995_hand_computation():
    # C: the same limit sum over (m L)^2, leaving out the units' self-pairings, is the
    # printed .08642; A computed that way would be .0663, not the printed .06990
    assert (2 / 24) * 2389.3333 / 48 ** 2 == pytest.approx(0.08642, abs=5e-6)
    a_sum = 1024 + 504 + 224 + 80  # the four A units' terms in the limit
    assert (2 / 24) * a_sum / (48 ** 2 - 120) == pytest.approx(0.06990, abs=5e-6)
    assert (2 / 24) * a_sum / 48 ** 2 == pytest.approx(0.06626, abs=5e-6)
    # B: keeping the discrete "+ 1" of the gap term (36 more) gives the printed 1.17731
    assert (2 / 24) * (27682.6667 + 36) / (48 ** 2 - 342) == pytest.approx(1.17731, abs=5e-6)


def test_unitizing_at_l24_is_krippendorffs_2004_formula_and_dkpros_at_l12():
    at24 = unitizing_alpha(_example(1), length=24).set_index("category")
    # category C by hand: ten gaps of 2; units of 6 (one), 4 (three) and 2 (five)
    by_hand = (2 / 24) * (8 * 330 / 3 + 3 * (8 * 84 / 3) + 5 * (8 * 6 / 3 + 4 * 10)) / (
        48 * 47 - (30 + 3 * 12 + 5 * 2))
    assert at24.loc["C", "d_e"] == pytest.approx(by_hand, abs=1e-15)
    assert by_hand == pytest.approx(0.0700306, abs=5e-8)
    assert at24.loc["C", "alpha"] == pytest.approx(0.603348, abs=5e-7)
    # DKPro's "varying lengths" case createExample(12 / 24.0): every offset halved, L = 12
    half = _example(1).assign(start=lambda u: u.start // 2, end=lambda u: u.end // 2)
    c = half[half.category == "C"]
    at12 = unitizing_alpha(c, length=12).set_index("category")
    assert at12.loc["C", "d_o"] == pytest.approx(0.02777, abs=1e-5)
    assert at12.loc["C", "d_e"] == pytest.approx(0.05494, abs=1e-5)
    assert at12.loc["C", "alpha"] == pytest.approx(0.494, abs=5e-4)


def test_unitizing_reproduces_krippendorff_2004_worked_example():
    # Krippendorff (2004), Content Analysis 2nd ed., p. 254 (as DKPro's Krippendorff2004Test):
    # c: D_o .0144, D_e .0532, alpha .7286; k: D_o 0, D_e .0490, alpha 1
    u = pd.DataFrame([("i", 225, 295, "c"), ("i", 370, 400, "c"), ("j", 220, 300, "c"),
                      ("j", 355, 375, "c"), ("j", 400, 420, "c"), ("i", 180, 240, "k"),
                      ("i", 300, 350, "k"), ("j", 180, 240, "k"), ("j", 300, 350, "k")],
                     columns=["coder", "start", "end", "category"])
    got = unitizing_alpha(u, begin=150, length=300).set_index("category")
    assert got.loc["c", ["d_o", "d_e", "alpha"]].tolist() == pytest.approx(
        [0.0144, 0.0532, 0.7286], abs=5e-5)
    assert got.loc["k", ["d_o", "d_e", "alpha"]].tolist() == pytest.approx(
        [0.0, 0.0490, 1.0], abs=5e-5)


def test_unitizing_one_position_units_are_binary_alpha():
    # with every unit one position long the formula is Krippendorff's binary alpha
    # on the positions (a unit of the category = 1, anything else = 0)
    rng = np.random.default_rng(7)
    marks = rng.random((3, 40)) < 0.3
    rows = [(f"c{i}", t, t + 1, "x") for i in range(3) for t in np.flatnonzero(marks[i])]
    u = pd.DataFrame(rows, columns=["coder", "start", "end", "category"])
    got = unitizing_alpha(u, length=40, coders=["c0", "c1", "c2"])["alpha"].iloc[0]
    from qualkit.agreement import krippendorff_alpha
    assert got == pytest.approx(krippendorff_alpha(marks.astype(float)), abs=1e-12)


def test_unitizing_identical_coders_agree_perfectly():
    u = pd.DataFrame({"coder": ["a", "a", "b", "b"], "start": [3, 20, 3, 20],
                      "end": [9, 30, 9, 30], "category": "x"})
    assert unitizing_alpha(u, length=50)["alpha"].iloc[0] == pytest.approx(1.0)


def test_unitizing_symmetric_in_coders_and_merges_own_overlaps():
    rng = np.random.default_rng(2)
    rows = []
    for coder in ("a", "b", "c"):
        for _ in range(12):
            s = int(rng.integers(0, 480))
            rows.append((coder, s, s + int(rng.integers(1, 20)), "x"))
    u = pd.DataFrame(rows, columns=["coder", "start", "end", "category"])
    one = unitizing_alpha(u, length=500)
    two = unitizing_alpha(u.assign(coder=u["coder"].map({"a": "c", "b": "a", "c": "b"})),
                          length=500)
    assert one["alpha"].iloc[0] == pytest.approx(two["alpha"].iloc[0], abs=1e-12)


def test_unitizing_no_units_is_nan_with_reason():
    u = pd.DataFrame({"coder": ["a", "b"], "start": [0, 0], "end": [5, 5], "category": "x"})
    with pytest.warns(DegenerateAgreementWarning, match="no coder marked a unit"):
        out = unitizing_alpha(u, length=10, categories=["y"])
    assert np.isnan(out["alpha"].iloc[0])


@pytest.mark.parametrize("start,end", [(5, 5), (8, 4), (-1, 3)])
def test_unitizing_rejects_bad_spans(start, end):
    u = pd.DataFrame({"coder": ["a", "b"], "start": [start, 0], "end": [end, 5], "category": "x"})
    with pytest.raises(AgreementError, match=r"\[Q317\].*row 0"):
        unitizing_alpha(u, length=10)
