"""Every figure qualkit draws (#19 item 2), checked as a reader would look at it.

Each figure is drawn with Agg from the synthetic study and must have: no two pieces of
text (or the boxes around them) overlapping, no text leaving the figure, axis labels (or
no axes at all), a title that says what is shown, and a legend or colour bar wherever
colour, grey or marker size carries meaning. A guard finds every ``plot*`` function and
method in the package, so a new figure cannot skip the check.
"""

from __future__ import annotations

import ast
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.text import Text

import qualkit as qk

ROOT = Path(qk.__file__).parent


def drawn_texts(fig) -> list[tuple[Text, object]]:
    """(Text, window extent) of every piece of text actually drawn, box included."""
    seen: list[tuple[Text, object]] = []
    original = Text.draw

    def spy(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            patch = self.get_bbox_patch()
            # the text itself (an annotation's arrow is not text), or the box drawn round it
            box = patch.get_window_extent(renderer) if patch is not None else \
                Text.get_window_extent(self, renderer)
            seen.append((self, box))

    Text.draw = spy
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original
    return seen


def text_problems(fig, slack: float = 0.5) -> list[str]:
    """Overlapping text, and text outside the figure, as readable messages."""
    items = drawn_texts(fig)
    frame = fig.bbox
    out = []
    for t, b in items:
        if b.x0 < frame.x0 - slack or b.y0 < frame.y0 - slack or b.x1 > frame.x1 + slack \
                or b.y1 > frame.y1 + slack:
            out.append(f"leaves the figure: {t.get_text()!r}")
    for i, (t, a) in enumerate(items):
        for u, b in items[i + 1:]:
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > slack and h > slack:
                out.append(f"overlap: {t.get_text()!r} and {u.get_text()!r}")
    return out


def _labelled(ax) -> bool:
    return not ax.axison or (bool(ax.get_xlabel().strip()) and bool(ax.get_ylabel().strip()))


def _keyed(fig) -> bool:
    """A legend or a labelled colour bar somewhere on the figure."""
    if fig.legends or any(a.get_legend() is not None for a in fig.axes):
        return True
    return any(a.get_ylabel().strip() or a.get_xlabel().strip() for a in fig.axes
               if getattr(a, "_colorbar", None) is not None)


# --------------------------------------------------------------------- the study
@pytest.fixture(scope="module")
def study():
    from qualkit.datasets import synthetic_codebook_path, synthetic_path
    from qualkit.frameworks._mapping import _roll_up, themes_frame
    from qualkit.report import evidence_from_codings

    pr = qk.Project.in_memory()
    pr.add_corpus(qk.read_transcripts(synthetic_path()))
    pr.set_codebook(qk.Codebook.read(synthetic_codebook_path()))
    for coder in ("KS", "KG"):
        pr.import_codings(synthetic_path() / f"codings_{coder}.csv", coder=coder)
    ev = evidence_from_codings(pr.codings(coder="KS"), pr.corpus)
    ev = _roll_up(ev.assign(theme=ev.code_id), list(themes_frame(pr.codebook).theme), pr.codebook)
    return pr, ev, {}


def _figures(study):
    """name -> a function drawing that figure; names are the ``plot*`` callables covered."""
    from qualkit.compare import compare_coders
    from qualkit.queries import cooccurrence, matrix_coding, plot_cooccurrence, plot_matrix_coding
    from qualkit.report import (plot_prevalence_heatmap, plot_theme_tenet_matrix,
                                plot_thematic_map, plot_willingness)

    pr, ev, cands = study  # cands: theme searches drawn once per module
    names = dict(zip(themes_frame_ids(pr), themes_frame_names(pr)))

    def themes(coder):
        if coder not in cands:
            cands[coder] = qk.suggest_themes(pr, coder=coder, random_state=0)
        return cands[coder]

    return {
        "plot_willingness": lambda: plot_willingness(pr.corpus.participants),
        "plot_thematic_map": lambda: plot_thematic_map(pr),
        "plot_prevalence_heatmap": lambda: plot_prevalence_heatmap(
            pd.crosstab(ev.theme.map(names), ev.group)),
        "plot_theme_tenet_matrix": lambda: plot_theme_tenet_matrix(
            qk.map_themes(pr, framework="ksss2022", evidence=ev)),
        "plot_theme_tenet_matrix (derived links)": lambda: plot_theme_tenet_matrix(
            qk.map_themes(pr, framework="kent_medway2025", evidence=ev)),
        "ComparisonReport.plot": lambda: compare_coders(pr, ("KS", "KG"), unit="utterance",
                                                        level=1).plot(),
        "plot_cooccurrence": lambda: plot_cooccurrence(cooccurrence(pr, coder="KS", level=1)),
        "plot_cooccurrence (codes)": lambda: plot_cooccurrence(cooccurrence(pr, coder="KS")),
        "plot_matrix_coding": lambda: plot_matrix_coding(
            matrix_coding(pr, by="county", coder="KS", level=1, count="participants")),
        "ThemeCandidates.plot": lambda: themes("KS").plot(),
        "plot_theme_map (utterances)": lambda: themes(None).plot(),
        "SelectionCurve.plot": lambda: themes(None).selection.plot(),
    }


def themes_frame_ids(pr):
    from qualkit.frameworks._mapping import themes_frame

    return list(themes_frame(pr).theme)


def themes_frame_names(pr):
    from qualkit.frameworks._mapping import themes_frame

    return list(themes_frame(pr).name)


FIGURES = ["plot_willingness", "plot_thematic_map", "plot_prevalence_heatmap",
           "plot_theme_tenet_matrix", "plot_theme_tenet_matrix (derived links)",
           "ComparisonReport.plot", "plot_cooccurrence", "plot_cooccurrence (codes)",
           "plot_matrix_coding", "ThemeCandidates.plot", "plot_theme_map (utterances)",
           "SelectionCurve.plot"]


#: Figures where colour, grey or marker size carries meaning: a legend or colour bar says what.
KEYED = {"plot_prevalence_heatmap", "ComparisonReport.plot", "plot_cooccurrence",
         "plot_cooccurrence (codes)", "plot_matrix_coding", "ThemeCandidates.plot",
         "plot_theme_map (utterances)", "plot_willingness", "plot_theme_tenet_matrix",
         "plot_theme_tenet_matrix (derived links)", "SelectionCurve.plot"}


@pytest.mark.parametrize("name", FIGURES)
def test_figures_read_cleanly(study, name):
    ax = _figures(study)[name]()
    fig = ax.figure
    assert text_problems(fig) == [], name
    suptitle = fig._suptitle.get_text() if fig._suptitle is not None else ""
    assert ax.get_title().strip() or suptitle.strip(), f"{name}: no title"
    assert _labelled(ax), f"{name}: axis labels missing ({ax.get_xlabel()!r}, {ax.get_ylabel()!r})"
    if name in KEYED:
        assert _keyed(fig), f"{name}: no legend or colour bar"
    if name == "ComparisonReport.plot":  # its grey cells are in the legend, with the reason
        legend = fig.legends[0] if fig.legends else ax.get_legend()
        assert any("neither coder" in t.get_text() for t in legend.get_texts())
    plt.close(fig)


def test_figures_long_names_wrap_never_cut(study):
    pr = study[0]
    from qualkit.report import plot_thematic_map

    long = pd.DataFrame({"theme": ["a", "b", "c"], "topic": ["t", "t", "u"],
                         "name": ["Values for safeguarding data and including the public in every decision",
                                  "Short", "Prevention and out-of-hospital care in the community"]})
    ax = plot_thematic_map(long)
    shown = [t.get_text() for t in ax.texts]
    assert not any("\u2026" in s or "..." in s for s in shown)
    assert any(s.replace("\n", " ") == long.name[0] for s in shown)
    assert text_problems(ax.figure) == []
    plt.close(ax.figure)
    ax = plot_thematic_map(pr)
    texts = {t.get_text().replace("\n", " ") for t in ax.texts}
    assert set(themes_frame_names(pr)) <= texts
    plt.close(ax.figure)


def test_figures_checker_finds_overlap_and_clipping():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.text(0.5, 0.5, "one label")
    ax.text(0.52, 0.5, "another label")
    ax.text(1.4, 0.5, "far outside the figure on the right")
    problems = text_problems(fig)
    assert any(p.startswith("overlap: 'one label' and 'another label'") for p in problems)
    assert any(p.startswith("leaves the figure") for p in problems)
    plt.close(fig)


def test_figures_every_plot_function_is_checked():
    """Every ``plot*`` function or method in qualkit is drawn by the tests above."""
    found = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for f in node.body:
                    if isinstance(f, ast.FunctionDef) and f.name.startswith("plot") \
                            and not f.name.startswith("_"):
                        found.add(f"{node.name}.{f.name}")
            elif isinstance(node, ast.FunctionDef) and node.name.startswith("plot") \
                    and node.col_offset == 0:
                found.add(node.name)
    covered = {n.split(" (")[0] for n in FIGURES} | {"plot_theme_map"}
    assert found - covered == set(), "figures nobody checks"
