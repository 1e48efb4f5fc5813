"""Load the published reference datasets in tests/agreement/reference/ (see its README)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

REFERENCE = Path(__file__).parent / "reference"


def coders_by_units(name: str) -> np.ndarray:
    """A coders x units CSV (empty cell = missing) as floats with NaN."""
    return pd.read_csv(REFERENCE / f"{name}.csv", index_col=0).to_numpy(dtype=float)


def from_distribution(counts: np.ndarray) -> np.ndarray:
    """Ratings (n_raters, n_subjects) from subjects x categories counts (categories 1..q).

    Each subject's raters are anonymous, as in Fleiss (1971): rater j of a subject gets
    the j-th of its ratings in category order. Every subject needs the same number of
    ratings.
    """
    columns = [np.repeat(np.arange(1, counts.shape[1] + 1), row) for row in counts]
    return np.array(columns, dtype=float).T


def distribution(name: str) -> np.ndarray:
    return pd.read_csv(REFERENCE / f"{name}.csv", index_col=0).to_numpy(dtype=int)


def from_table(table: np.ndarray) -> np.ndarray:
    """Two coders' ratings (2, n_units) from a q x q contingency table (categories 1..q)."""
    q = table.shape[0]
    a = np.repeat(np.repeat(np.arange(1, q + 1), q), table.ravel())
    b = np.repeat(np.tile(np.arange(1, q + 1), q), table.ravel())
    return np.array([a, b], dtype=float)


def contingency(name: str) -> np.ndarray:
    return pd.read_csv(REFERENCE / f"{name}.csv", index_col=0).to_numpy(dtype=int)


def dataset(name: str) -> np.ndarray:
    """Ratings shaped (n_coders, n_units) for a dataset named in published_values.csv."""
    if name in ("krippendorff_2011", "krippendorff_wikipedia"):
        return coders_by_units(name)
    if name == "fleiss_1971_first15":
        return from_distribution(distribution("fleiss_1971")[:15])
    if name in ("fleiss_1971", "fleiss_wikipedia"):
        return from_distribution(distribution(name))
    return from_table(contingency(name))


def published_values() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "published_values.csv", dtype={"categories": str})
