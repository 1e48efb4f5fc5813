"""Publication figures (matplotlib, imported lazily): ``ax=None`` in, Axes out.

Examples
--------
>>> import pandas as pd
>>> from qualkit.report import plot_willingness
>>> p = pd.DataFrame({"willing_before": ["very willing", "don't know"],
...                   "willing_after": ["very willing", "very willing"]})
>>> ax = plot_willingness(p)
>>> [t.get_text() for t in ax.get_legend().get_texts()]
['Before', 'After']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

__all__ = ["plot_willingness", "plot_thematic_map", "plot_prevalence_heatmap",
           "plot_theme_tenet_matrix", "save_figure"]

_WILL = ["very willing", "fairly willing", "fairly unwilling", "very unwilling", "don't know"]
_BLUE, _ORANGE = "#1F4E79", "#E69F00"


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _style(ax: Any) -> None:
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    ax.tick_params(labelsize=9)


def save_figure(ax: Any, path: str | Path, formats: Sequence[str] = ("png", "svg"),
                dpi: int = 300) -> list[Path]:
    """Save the Axes' figure as PNG and SVG (``path`` without or with suffix)."""
    p = Path(path)
    stem = p.with_suffix("") if p.suffix else p
    from .._export import atomic_output

    out = []
    for f in formats:
        q = stem.with_suffix("." + f)
        with atomic_output(q) as tmp:  # all or nothing
            ax.figure.savefig(tmp, dpi=dpi, bbox_inches="tight", format=f)
        out.append(q)
    return out


def plot_willingness(participants: pd.DataFrame, before: str = "willing_before",
                     after: str = "willing_after", ax: Any = None,
                     suppress_below: int = 5) -> Any:
    """Grouped bars of willingness to share records before and after the groups.

    The figure follows the same disclosure-control rules as the participant
    table: a count from 1 to ``suppress_below - 1``, or one from which such a
    count could be worked out, is drawn as no bar, with ``*`` at its foot and a
    note under the axes; the axis ends above the counts shown. 0 disables.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"willing_before": ["very willing"] * 9 + ["don't know"] * 2,
    ...                   "willing_after": ["very willing"] * 11})
    >>> ax = plot_willingness(p)
    >>> [round(b.get_height()) for b in ax.patches]  # before: 9 and 2 both hidden
    [0, 0, 0, 0, 0, 11, 0, 0, 0, 0]
    """
    from ..privacy._disclosure import MARK, disclosure_rules, suppress_counts

    ax = _axes(ax, (6.5, 3.6))
    b = participants[before].astype(str).str.lower().value_counts().reindex(_WILL, fill_value=0)
    a = participants[after].astype(str).str.lower().value_counts().reindex(_WILL, fill_value=0)
    x = np.arange(len(_WILL))
    w = 0.38
    top = 1
    for off, s, lab, col in ((-w / 2, b, "Before", _BLUE), (w / 2, a, "After", _ORANGE)):
        # answers outside the scale still count towards the total a reader can see
        s_all = participants[before if lab == "Before" else after].astype(str).str.lower()
        full = s_all.value_counts()
        hide_all = suppress_counts(full, suppress_below)
        hide = hide_all.reindex(_WILL, fill_value=False).to_numpy()
        shown = np.where(hide, 0, s.to_numpy())
        bars = ax.bar(x + off, shown, w, label=lab, color=col, edgecolor="white")
        ax.bar_label(bars, labels=[MARK if h else f"{v:g}" for v, h in zip(shown, hide)],
                     fontsize=8, padding=1)
        top = max(top, int(shown.max()) if len(shown) else 0)
    ax.set_xticks(x, [w_.capitalize() for w_ in _WILL])
    ax.set_ylabel("Participants (n)")
    ax.set_title("Willingness to share medical records", fontsize=10)
    ax.legend(frameon=False, fontsize=9)
    ax.set_ylim(0, top * 1.15)
    if suppress_below:
        ax.text(0, -0.16, f"{MARK} " + disclosure_rules(suppress_below)[0].replace(
            f" ({MARK})", "") + " Nor is a count from which one could be worked out.",
            transform=ax.transAxes, fontsize=7, va="top")
    _style(ax)
    return ax


def plot_thematic_map(themes: Any, ax: Any = None) -> Any:
    """Thematic map: one column of theme boxes under each topic box.

    Examples
    --------
    >>> import pandas as pd
    >>> th = pd.DataFrame({"theme": ["a", "b"], "name": ["Trust", "Breaches"],
    ...                    "topic": ["values", "risks"]})
    >>> plot_thematic_map(th).axison
    False
    """
    from ..frameworks._mapping import themes_frame

    tf = themes_frame(themes, "plot_thematic_map")
    topics = list(dict.fromkeys(tf.topic.replace("", "themes")))
    tf = tf.assign(topic=tf.topic.replace("", "themes"))
    nmax = max(int((tf.topic == t).sum()) for t in topics)
    ax = _axes(ax, (2.1 * len(topics), 0.42 * nmax + 0.9))
    palette = ["#1F4E79", "#8C2D04", "#3F6F3F", "#5B3F8C", "#6B6B6B"]
    for i, t in enumerate(topics):
        col = palette[i % len(palette)]
        ax.text(i, 0, t.replace("_", " ").capitalize(), ha="center", va="center", fontsize=11,
                color="white", weight="bold",
                bbox=dict(boxstyle="round,pad=0.5", fc=col, ec=col))
        for k, name in enumerate(tf.loc[tf.topic == t, "name"]):
            y = -(k + 1) * 0.9
            ax.plot([i, i], [y + 0.6, y + 0.3], color=col, lw=0.8)
            ax.text(i, y, name if len(name) < 30 else name[:28] + "\u2026", ha="center",
                    va="center", fontsize=9,
                    bbox=dict(boxstyle="round,pad=0.35", fc="white", ec=col))
    ax.set_xlim(-0.6, len(topics) - 0.4)
    ax.set_ylim(-(nmax + 0.6) * 0.9, 0.6)
    ax.axis("off")
    return ax


def plot_prevalence_heatmap(counts: pd.DataFrame, ax: Any = None, label: str = "Extracts") -> Any:
    """Theme x group heatmap; ``counts`` has themes as rows and groups as columns,
    or is a long table ``theme, group`` (one row per extract) which is tabulated.

    Examples
    --------
    >>> import pandas as pd
    >>> ax = plot_prevalence_heatmap(pd.DataFrame({"theme": ["t", "t"], "group": ["FG1", "FG2"]}))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['FG1', 'FG2']
    """
    if {"theme", "group"} <= set(counts.columns) and counts.index.name != "theme":
        counts = pd.crosstab(counts["theme"], counts["group"])
    M = counts.to_numpy(dtype=float)
    if M.size == 0:
        ax = _axes(ax, (4.0, 1.5))
        ax.text(0.5, 0.5, "No coded extracts", ha="center", va="center", transform=ax.transAxes)
        ax.axis("off")
        return ax
    ax = _axes(ax, (1.0 + 0.7 * M.shape[1] + 1.5, 0.32 * M.shape[0] + 1.2))
    im = ax.imshow(M, cmap="Blues", aspect="auto", vmin=0, vmax=max(float(M.max()) if M.size else 1.0, 1.0),
                   extent=(-0.5, M.shape[1] - 0.5, M.shape[0] - 0.5, -0.5))
    ax.set_xticks(range(M.shape[1]), [str(c) for c in counts.columns])
    ax.set_yticks(range(M.shape[0]), [str(c) for c in counts.index])
    hi = M.max() if M.size else 0
    for i in range(M.shape[0]):
        for j in range(M.shape[1]):
            ax.text(j, i, f"{M[i, j]:g}", ha="center", va="center", fontsize=7,
                    color="white" if M[i, j] > hi * 0.6 else "black")
    ax.figure.colorbar(im, ax=ax, label=label, shrink=0.8)
    ax.tick_params(labelsize=8, length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    return ax


def plot_theme_tenet_matrix(mapping: Any, ax: Any = None) -> Any:
    """Theme x tenet matrix: filled squares for manual links (large primary, small
    secondary), open circles for suggestions with their score.

    Examples
    --------
    >>> import pandas as pd
    >>> from qualkit.frameworks import map_themes
    >>> m = map_themes(pd.DataFrame({"theme": ["trust"], "name": ["Trust"], "definition": [""]}))
    >>> len(plot_theme_tenet_matrix(m).get_xticklabels())
    3
    """
    fw = mapping.framework
    themes = mapping.themes
    names = dict(zip(themes.theme, themes.name))
    ax = _axes(ax, (2.2 + 1.5 * len(fw), 0.32 * len(themes) + 1.9))
    ti = {t: i for i, t in enumerate(themes.theme)}
    fi = {t.id: j for j, t in enumerate(fw.tenets)}
    for r in mapping.table.itertuples():
        if r.theme not in ti or r.tenet not in fi:
            continue
        if r.source == "manual":
            ax.scatter(fi[r.tenet], ti[r.theme], marker="s", s=110 if r.strength != "secondary" else 45,
                       color=_BLUE)
        else:
            ax.scatter(fi[r.tenet], ti[r.theme], marker="o", s=90, facecolor="none", edgecolor=_ORANGE)
            ax.text(fi[r.tenet] + 0.12, ti[r.theme], f"{r.score:.2f}", fontsize=6, va="center")
    import textwrap

    ax.set_xticks(range(len(fw)), [textwrap.fill(t.name, 14) for t in fw.tenets], fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(themes)), [names[t] for t in themes.theme], fontsize=8)
    ax.set_xlim(-0.5, len(fw) - 0.5)
    ax.set_ylim(len(themes) - 0.5, -0.5)
    ax.grid(True, color="#DDDDDD", lw=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    return ax
