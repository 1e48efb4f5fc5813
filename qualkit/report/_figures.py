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

import textwrap
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


def figure_texts(fig: Any) -> list[str]:
    """Every text a figure shows: titles, axis and tick labels, legends, annotations."""
    from matplotlib.text import Text

    fig.draw_without_rendering()  # tick labels are only set when the figure is laid out
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def save_figure(ax: Any, path: str | Path, formats: Sequence[str] = ("png", "svg"),
                dpi: int = 300, *, allow_identifiers: bool = False) -> list[Path]:
    """Save the Axes' figure as PNG and SVG (``path`` without or with suffix).

    Labels can carry participants' attributes or words from the transcripts, so every
    text the figure shows passes the identifier scan first: with findings an
    :class:`~qualkit.errors.IdentifierFoundError` (Q501) names their places and
    nothing is written, unless ``allow_identifiers=True``.
    """
    from ..privacy import check_export

    check_export(figure_texts(ax.figure), allow_identifiers=allow_identifiers)
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
    ax.set_xlabel("Answer", fontsize=9)
    ax.set_ylabel("Participants (n)")
    ax.set_title("Willingness to share medical records", fontsize=10)
    ax.legend(frameon=False, fontsize=9, title="Asked", title_fontsize=9)
    ax.set_ylim(0, top * 1.15)
    if suppress_below:
        # under the axis name, as one piece of text the layout makes room for
        note = f"{MARK} " + disclosure_rules(suppress_below)[0].replace(f" ({MARK})", "") + \
            " Nor is a count from which one could be worked out."
        ax.set_xlabel("Answer\n" + textwrap.fill(note, 110), fontsize=9, linespacing=1.4)
    _style(ax)
    return ax


def plot_thematic_map(themes: Any, ax: Any = None, *, width: int = 24) -> Any:
    """Thematic map: one column of theme boxes under each topic box.

    Topic and theme names are wrapped at ``width`` characters, never cut; boxes are
    stacked by their wrapped height so none touches another.

    Examples
    --------
    >>> import pandas as pd
    >>> th = pd.DataFrame({"theme": ["a", "b"], "name": ["Trust", "Breaches"],
    ...                    "topic": ["values", "risks"]})
    >>> plot_thematic_map(th).axison
    False
    """
    import textwrap

    from ..frameworks._mapping import _codebook_of, themes_frame

    tf = themes_frame(themes, "plot_thematic_map")
    cb = _codebook_of(themes)
    tf = tf.assign(topic=tf.topic.replace("", "themes"))
    topics = list(dict.fromkeys(tf.topic))

    def topic_name(t: str) -> str:
        if cb is not None and t in cb:
            return cb[t].name
        return t.replace("_", " ").capitalize()

    def wrap(text: str, w: int) -> str:
        return textwrap.fill(str(text), w, break_long_words=False, break_on_hyphens=False)

    heads = [wrap(topic_name(t), width - 2) for t in topics]
    cols = [[wrap(n, width) for n in tf.loc[tf.topic == t, "name"]] for t in topics]
    gap = 1.1  # lines between boxes (room for the box padding and a connector)
    heights = [h.count("\n") + 1 + gap + sum(n.count("\n") + 1 + gap for n in c)
               for h, c in zip(heads, cols)]
    total = max(heights)
    line_in = 0.19  # inches per line at 9 pt with padding
    ax = _axes(ax, (2.45 * len(topics) + 0.2, line_in * total + 0.7))
    palette = ["#1F4E79", "#8C2D04", "#3F6F3F", "#5B3F8C", "#6B6B6B"]
    for i, (head, names) in enumerate(zip(heads, cols)):
        col = palette[i % len(palette)]
        y = 0.0
        n_head = head.count("\n") + 1
        ax.text(i, y - n_head / 2, head, ha="center", va="center", fontsize=10, color="white",
                weight="bold", linespacing=1.1,
                bbox=dict(boxstyle="round,pad=0.45", fc=col, ec=col))
        prev_bottom = y - n_head - 0.35
        y -= n_head + gap
        for name in names:
            n = name.count("\n") + 1
            ax.plot([i, i], [prev_bottom, y + 0.35], color=col, lw=0.8)
            ax.text(i, y - n / 2, name, ha="center", va="center", fontsize=9, linespacing=1.1,
                    bbox=dict(boxstyle="round,pad=0.35", fc="white", ec=col))
            prev_bottom = y - n - 0.3
            y -= n + gap
    ax.set_xlim(-0.5, len(topics) - 0.5)
    ax.set_ylim(-total, 0.6)
    ax.set_title("Thematic map: themes by topic", fontsize=10)
    ax.axis("off")
    return ax


def plot_prevalence_heatmap(counts: pd.DataFrame, ax: Any = None, label: str = "Coded extracts",
                            title: str | None = None) -> Any:
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
    ax = _axes(ax, (1.0 + 0.7 * M.shape[1] + 3.2, 0.32 * M.shape[0] + 1.6))
    im = ax.imshow(M, cmap="Blues", aspect="auto", vmin=0, vmax=max(float(M.max()) if M.size else 1.0, 1.0),
                   extent=(-0.5, M.shape[1] - 0.5, M.shape[0] - 0.5, -0.5))
    ax.set_xticks(range(M.shape[1]), [str(c) for c in counts.columns])
    import textwrap

    ax.set_yticks(range(M.shape[0]), [textwrap.fill(str(c), 34) for c in counts.index])
    hi = M.max() if M.size else 0
    for i in range(M.shape[0]):
        for j in range(M.shape[1]):
            ax.text(j, i, f"{M[i, j]:g}", ha="center", va="center", fontsize=7,
                    color="white" if M[i, j] > hi * 0.6 else "black")
    ax.figure.colorbar(im, ax=ax, label=label, shrink=0.8)
    ax.tick_params(labelsize=8, length=0)
    def axis_name(n: Any, default: str) -> str:
        n = str(n or default)
        return "Focus group" if n == "group" else n.replace("_", " ").capitalize()

    ax.set_xlabel(axis_name(counts.columns.name, "Focus group"), fontsize=9)
    ax.set_ylabel(axis_name(counts.index.name, "Theme"), fontsize=9)
    ax.set_title(title if title is not None else
                 f"{label} per {ax.get_ylabel().lower()} and {ax.get_xlabel().lower()}", fontsize=10)
    for s in ax.spines.values():
        s.set_visible(False)
    return ax


#: Marker of each kind of link: (marker, size, filled).
_LINKS = {("manual", "primary"): ("s", 120, True), ("manual", "secondary"): ("s", 45, True),
          ("suggested", "strong"): ("o", 130, True), ("suggested", "moderate"): ("o", 70, True),
          ("suggested", "weak"): ("o", 70, False)}
_LINK_LABELS = {("manual", "primary"): "Researchers' link", ("manual", "secondary"): "Researchers' secondary link",
                ("suggested", "strong"): "Derived link, strong evidence",
                ("suggested", "moderate"): "Derived link, moderate evidence",
                ("suggested", "weak"): "Derived link, definitions only"}


def plot_theme_tenet_matrix(mapping: Any, ax: Any = None) -> Any:
    """Theme x principle matrix: squares for the researchers' links (large primary, small
    secondary), circles for links derived from the data (size and fill by strength), with
    a legend saying which is which.

    Examples
    --------
    >>> import pandas as pd
    >>> from qualkit.frameworks import map_themes
    >>> m = map_themes(pd.DataFrame({"theme": ["trust"], "name": ["Trust"], "definition": [""]}))
    >>> len(plot_theme_tenet_matrix(m).get_xticklabels())
    3
    """
    import textwrap

    from matplotlib.lines import Line2D

    fw = mapping.framework
    themes = mapping.themes
    names = dict(zip(themes.theme, themes.name))
    ax = _axes(ax, (2.8 + 1.05 * len(fw), 0.36 * len(themes) + 3.0))
    ti = {t: i for i, t in enumerate(themes.theme)}
    fi = {t.id: j for j, t in enumerate(fw.tenets)}
    used = []
    for r in mapping.table.itertuples():
        if r.theme not in ti or r.tenet not in fi:
            continue
        key = (r.source, r.strength) if (r.source, r.strength) in _LINKS else \
            (("manual", "primary") if r.source == "manual" else ("suggested", "weak"))
        marker, size, filled = _LINKS[key]
        ax.scatter(fi[r.tenet], ti[r.theme], marker=marker, s=size,
                   facecolor=_BLUE if filled else "white", edgecolor=_BLUE, linewidths=1.2)
        used.append(key)
    ax.set_xticks(range(len(fw)), [textwrap.fill(t.name, 14, break_long_words=False)
                                   for t in fw.tenets], fontsize=9)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_yticks(range(len(themes)), [textwrap.fill(str(names[t]), 30) for t in themes.theme],
                  fontsize=9)
    ax.set_xlim(-0.5, len(fw) - 0.5)
    ax.set_ylim(len(themes) - 0.5, -0.5)
    ax.set_xlabel("Principle", fontsize=9, labelpad=8)
    ax.set_ylabel("Theme", fontsize=9)
    title = f"Themes mapped to the principles of {fw.name}"
    if type(ax.figure.get_layout_engine()).__name__ == "ConstrainedLayoutEngine":
        # over the whole figure (the axes sit right of the theme names), wrapped to its width
        ax.figure.suptitle(textwrap.fill(title, int(10 * ax.figure.get_figwidth())), fontsize=10)
    else:
        ax.set_title(textwrap.fill(title, 60), fontsize=10)
    ax.grid(True, color="#DDDDDD", lw=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(length=0)
    for sp in ax.spines.values():
        sp.set_visible(False)
    handles = []
    for key in _LINKS:
        if key in used:
            marker, size, filled = _LINKS[key]
            handles.append(Line2D([], [], linestyle="", marker=marker, markersize=size ** 0.5,
                                  markerfacecolor=_BLUE if filled else "white",
                                  markeredgecolor=_BLUE, label=_LINK_LABELS[key]))
    if handles:
        if type(ax.figure.get_layout_engine()).__name__ == "ConstrainedLayoutEngine":
            ax.figure.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False,
                             fontsize=8)
        else:
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=2,
                      frameon=False, fontsize=8)
    return ax
