"""Rating datasets of irrCAC, irr and psych (public example data), as coders x units arrays.

Units are in columns and coders in rows (qualkit's shape); irrCAC, irr and psych print
them transposed. NaN or None marks a missing rating. Used by the tests that compare
qualkit with values those packages computed (see each test module's docstring).
"""

from __future__ import annotations

import numpy as np

nan = float("nan")


def units_by_raters(rows: list[list[object]]) -> np.ndarray:
    """A units x raters listing (as the peers print it) as coders x units."""
    arr = np.array(rows, dtype=object).T
    try:
        return np.where(arr == None, nan, arr).astype(float)  # noqa: E711
    except (TypeError, ValueError):
        return arr


# irrCAC: cac.raw4raters (Krippendorff's 4 coders x 12 units; also kripp.nmm)
RAW4 = units_by_raters([[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3],
                        [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2],
                        [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None]])
# irrCAC: cac.raw5obser
RAW5 = units_by_raters([[1, 1, 2, None, 2], [1, 1, 0, 1, None], [2, 3, 3, 3, None],
                        [None, 0, 0, None, 0], [0, 0, 0, None, 0], [0, 0, 0, None, 0],
                        [1, 0, 2, None, 1], [1, None, 2, 0, None], [2, 2, 2, None, 2],
                        [2, 1, 1, 1, None], [None, 1, 0, 0, None], [0, 0, 0, 0, None],
                        [1, 2, 2, 2, None], [3, 3, 2, 2, 3], [1, 1, 1, None, 1]])
# irrCAC: cac.raw.g1g2 and cac.raw.gender (labels)
G1G2 = units_by_raters([["a", "a", None, "a"], ["b", "b", "c", "b"], ["c", "c", "c", "c"],
                        ["c", "c", "c", "c"], ["b", "b", "b", "b"], ["a", "b", "c", "d"],
                        ["d", "d", "d", "d"], ["a", "a", "b", "a"], ["b", "b", "b", "b"],
                        [None, "e", "e", "e"], [None, None, "a", "a"], [None, None, "c", None],
                        ["b", "b", "c", "b"], ["b", "a", "c", "b"]])
GENDER = units_by_raters([["a", "a", "a", "c"], ["a", "a", "b", "c"], ["a", "a", "b", "c"],
                          ["a", "a", "c", "c"], ["a", "b", "a", "a"], ["b", "a", "a", "a"],
                          ["b", "b", "b", "b"], ["b", "c", "b", "b"], ["c", "c", "c", "c"],
                          ["a", "a", "a", "c"], ["a", "a", "b", "c"], ["a", "a", "b", "c"],
                          ["a", "a", "c", "c"], ["a", "b", "a", "a"], ["b", "a", "a", "a"]])
# irrCAC: x.raw10x4
X10X4 = units_by_raters([[5, 5, 5, 5], [3, 1, 3, 1], [5, 5, 5, 5], [3, 1, 3, 1], [5, 5, 4, 5],
                         [1, 2, 3, 3], [3, 1, 1, 1], [1, 1, 1, 3], [3, 3, 4, 4], [1, 3, 1, 1]])
# irr: anxiety (20 subjects x 3 raters), video (20 x 4), diagnoses (30 x 6)
ANXIETY = units_by_raters([[3, 3, 2], [3, 6, 1], [3, 4, 4], [4, 6, 4], [5, 2, 3], [5, 4, 2],
                           [2, 2, 1], [3, 4, 6], [5, 3, 1], [2, 3, 1], [2, 2, 1], [6, 3, 2],
                           [1, 3, 3], [5, 3, 3], [2, 2, 1], [2, 2, 1], [1, 1, 3], [2, 3, 3],
                           [4, 3, 2], [3, 4, 2]])
VIDEO = units_by_raters([[4, 4, 3, 4], [4, 4, 4, 5], [4, 4, 5, 5], [4, 4, 4, 4], [4, 3, 2, 4],
                         [4, 4, 3, 4], [4, 3, 2, 5], [4, 4, 3, 4], [4, 3, 3, 4], [4, 3, 3, 4],
                         [4, 4, 3, 4], [4, 3, 3, 4], [4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 3, 4],
                         [4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 4, 4], [4, 5, 5, 4]])
DIAGNOSES = units_by_raters([
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5]])
# psych: the cohen.kappa examples tim (9 x 2)
TIM = units_by_raters([[1, 1], [2, 3], [3, 1], [4, 6], [5, 1], [6, 5], [7, 5], [8, 6], [9, 7]])
TWINS = units_by_raters([[1, 2], [2, 3], [3, 4], [5, 6], [6, 7]])

#: name -> coders x units, for the tables of peer values
DATASETS = {
    "cac.raw4raters": RAW4, "cac.raw5obser": RAW5, "cac.raw.g1g2": G1G2,
    "cac.raw.gender": GENDER, "x.raw10x4": X10X4, "irr.anxiety": ANXIETY, "irr.video": VIDEO,
    "irr.diagnoses": DIAGNOSES, "irr.diagnoses.r2r3": DIAGNOSES[1:3],
    "irr.anxiety.r1r2": ANXIETY[0:2], "irr.anxiety.r2r3": ANXIETY[1:3], "psych.tim": TIM,
    "psych.twins": TWINS,
}
