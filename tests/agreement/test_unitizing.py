"""Krippendorff's unitizing alpha against his 1995 worked example.

Krippendorff (1995), "On the reliability of unitizing continuous data", p. 57: four
pairs of coders (A-D) on a continuum of 24. Published values as reproduced by DKPro
Agreement's Krippendorff1995Test: observed disagreement A 0.03125, B 2.26736,
C 0.02777, D 0.38715; expected disagreement (continuum stretched to make the
small-sample term vanish) A 0.06990, B 1.17731, C 0.08642, D 0.41445; alpha A 0.553,
B -0.926, C 0.679, D 0.066.
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


def test_unitizing_expected_disagreement_and_alpha_krippendorff_1995():
    got = unitizing_alpha(_example(50_000), length=24 * 50_000).set_index("category")
    assert got["d_o"].to_dict() == pytest.approx({"A": 0.03125, "B": 2.26736, "C": 0.02777,
                                                  "D": 0.38715}, abs=1e-5)
    assert got["d_e"].to_dict() == pytest.approx({"A": 0.06990, "B": 1.17731, "C": 0.08642,
                                                  "D": 0.41445}, abs=5e-3)
    assert got["alpha"].to_dict() == pytest.approx({"A": 0.553, "B": -0.926, "C": 0.679,
                                                    "D": 0.066}, abs=2e-2)


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
