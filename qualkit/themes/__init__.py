"""Searching for themes (Braun & Clarke phase 3): candidate themes from extracts or codes.

:func:`suggest_themes` clusters utterances, sentences or codes into candidate themes
with top terms, representative quotes, prevalence across groups and participants and
a bootstrap stability score; :func:`evaluate_themes` compares them with gold themes;
:class:`ThemeSearch` is the estimator underneath. Candidates are suggestions for a
researcher to review, name and accept (``cands.accept(...)``), never themes by
themselves.
"""

from __future__ import annotations

from ._cluster import AGGLOMERATIVE_MAX_N, THEME_COLUMNS, ThemeSearch
from ._evaluate import EVALUATION_COLUMNS, evaluate_themes, match_gold
from ._plot import plot_theme_map
from ._suggest import (ASSIGNMENT_COLUMNS, QUOTE_COLUMNS, TABLE_COLUMNS, ThemeCandidates,
                       suggest_themes)

__all__ = [
    "suggest_themes",
    "evaluate_themes",
    "match_gold",
    "ThemeSearch",
    "ThemeCandidates",
    "plot_theme_map",
    "TABLE_COLUMNS",
    "ASSIGNMENT_COLUMNS",
    "QUOTE_COLUMNS",
    "EVALUATION_COLUMNS",
    "THEME_COLUMNS",
    "AGGLOMERATIVE_MAX_N",
]
