"""Report tables, figures and the one-document report.

>>> from qualkit.report import format_quote
>>> format_quote("Tell us what it is used for.", "FG1", "P03")
'"Tell us what it is used for." (FG1, P03)'
"""

from __future__ import annotations

from ._document import evidence_from_codings, report
from ._figures import (plot_prevalence_heatmap, plot_theme_tenet_matrix, plot_thematic_map,
                       plot_willingness, save_figure)
from ._quotes import select_quotes
from ._tables import (ReportTable, check_quotes, format_quote, participant_table, principle_table,
                      theme_table)

__all__ = ["ReportTable", "check_quotes", "evidence_from_codings", "format_quote",
           "participant_table", "plot_prevalence_heatmap", "plot_theme_tenet_matrix",
           "plot_thematic_map", "plot_willingness", "principle_table", "report", "save_figure",
           "select_quotes", "theme_table"]
