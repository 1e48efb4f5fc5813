"""The thematic map: candidate themes placed by similarity, labelled with their codes or terms."""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

__all__ = ["plot_theme_map"]


def _spread(want: np.ndarray, heights: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Label centres near ``want`` (sorted ascending) with no two closer than their half-heights.

    Pushes up from the bottom, then down from the top, so the labels keep their order
    and stay within ``[lo, hi]`` whenever they fit there at all.
    """
    y = want.astype(float).copy()
    n = len(y)
    if n == 0:
        return y
    y[0] = max(y[0], lo + heights[0] / 2)
    for i in range(1, n):
        y[i] = max(y[i], y[i - 1] + (heights[i - 1] + heights[i]) / 2)
    y[-1] = min(y[-1], hi - heights[-1] / 2)
    for i in range(n - 2, -1, -1):
        y[i] = min(y[i], y[i + 1] - (heights[i] + heights[i + 1]) / 2)
    return y


def _slots(idx: np.ndarray, fx: np.ndarray, fy: np.ndarray, heights: np.ndarray, x_col: float,
           aspect: float) -> tuple[np.ndarray, np.ndarray]:
    """Order of one column's labels and their heights (axes fractions), lines uncrossed.

    Labels start in the order of their bubbles' heights; then each label is given the
    slot nearest its bubble by a minimum-length matching (``linear_sum_assignment``),
    whose lines never cross, and the slots are spread again for the new order.
    """
    from scipy.optimize import linear_sum_assignment

    idx = idx[np.argsort(fy[idx], kind="stable")]
    ys = _spread(fy[idx], heights[idx], 0.0, 1.0)
    for _ in range(4):
        cost = np.hypot((fx[idx, None] - x_col) * aspect, fy[idx, None] - ys[None, :])
        _, slot = linear_sum_assignment(cost)
        new = idx[np.argsort(slot, kind="stable")]
        if np.array_equal(new, idx):
            break
        idx = new
        ys = _spread(ys, heights[idx], 0.0, 1.0)
    return idx, ys


def _labels(cands: Any, n_terms: int, width: int) -> list[str]:
    """``T<k>: names`` of each theme's codes (the codebook's names), else its top terms."""
    table = cands.table
    cb = getattr(getattr(cands, "project", None), "codebook", None)
    out = []
    for _, r in table.iterrows():
        codes = [c for c in str(r.get("codes") or "").split(", ") if c]
        if codes:
            words = []
            for c in codes[:n_terms]:
                try:
                    words.append(cb[c].name if cb is not None else c)
                except Exception:  # noqa: BLE001 - a code not in the codebook keeps its id
                    words.append(c)
            more = len(codes) - n_terms
            text = "; ".join(words) + (f" (+{more})" if more > 0 else "")
        else:
            text = ", ".join(str(r["label_terms"]).split(", ")[:n_terms])
        out.append(textwrap.fill(f"T{r['theme']}: {text}", width, break_long_words=False))
    return out


def _measure(labels: list[str], fontsize: float) -> np.ndarray:
    """(width, height) in inches of each label as drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 4), dpi=100)
    r = FigureCanvasAgg(fig).get_renderer()
    out = []
    for s in labels:
        t = fig.text(0, 0, s, fontsize=fontsize)
        b = t.get_window_extent(r)
        out.append((b.width / 100, b.height / 100))
        t.remove()
    return np.array(out).reshape(-1, 2)


def plot_theme_map(cands: Any, ax: Any = None, *, n_terms: int = 3, width: int = 34) -> Any:
    """Draw candidate themes as bubbles (area ~ extracts), coloured by dominant section.

    Themes are placed by a 2-D projection (PCA) of their centroids, so similar themes
    sit close together. Each bubble's label (``T<theme>``, its codes by name or its top
    terms, wrapped at ``width`` characters) stands in a column beside the plot, joined
    to its bubble by a thin line, so labels never cover each other or the bubbles; the
    figure is made tall enough for every label.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    table = cands.table
    cents = cands.search.centroids_
    if len(cents) == 0:
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3))
        ax.set_title("No candidate themes")
        ax.axis("off")
        return ax
    if len(cents) >= 3:
        from sklearn.decomposition import PCA

        pca = PCA(n_components=2, random_state=0).fit(cents)
        xy = pca.transform(cents)
        share = pca.explained_variance_ratio_
        axis_names = [f"Component {k + 1} ({100 * share[k]:.0f}% of the variance)" for k in (0, 1)]
    else:
        xy = np.array([[-1.0, 0.0], [1.0, 0.0]])[: len(cents)] if len(cents) == 2 else np.zeros((1, 2))
        axis_names = ["Similarity", "(two themes or fewer)"]
    fs = 8
    labels = _labels(cands, n_terms, width)
    size = _measure(labels, fs)
    gap = 0.07  # inches between labels
    x_span = np.ptp(xy[:, 0]) or 1.0
    left = xy[:, 0] <= np.median(xy[:, 0])
    sections = table["section"].fillna("(none)").astype(str).tolist()
    uniq = sorted(set(sections))
    if ax is None:
        # left of the axes: the y-axis label (at the figure's edge, clear of the leader
        # lines), then the left column of labels
        lw = size[left, 0].max(initial=0) + 0.12 + 0.45
        rw = size[~left, 0].max(initial=0) + 0.35
        need = max(size[m, 1].sum() + gap * m.sum() for m in (left, ~left))
        h_ax = max(4.5, need + 0.2)
        w_ax = 5.5
        leg_h = 0.45 + 0.2 * int(np.ceil(len(uniq) / 3))
        bottom, top = 0.45 + leg_h, 0.45
        W, H = lw + w_ax + rw + 0.2, bottom + h_ax + top
        fig = plt.figure(figsize=(W, H))
        ax = fig.add_axes([lw / W, bottom / H, w_ax / W, h_ax / H])
        legend_anchor = (0.5, 0.1 / H)
        label_gap = 0.12
    else:
        legend_anchor = None
        label_gap = 0.38  # room for the y-axis label between the labels and the axes
    cmap = plt.get_cmap("tab10" if len(uniq) <= 10 else "tab20")
    colour = {s: cmap(i % cmap.N) for i, s in enumerate(uniq)}
    sizes = 300 * table["n_extracts"].to_numpy() / max(table["n_extracts"].max(), 1) + 40
    for s in uniq:
        m = np.array([x == s for x in sections])
        ax.scatter(xy[m, 0], xy[m, 1], s=sizes[m], color=colour[s], alpha=0.6, edgecolor="k",
                   label=textwrap.fill(s, 40))
    pad_x = 0.08 * x_span
    pad_y = 0.08 * (np.ptp(xy[:, 1]) or 1.0)
    ax.set_xlim(xy[:, 0].min() - pad_x, xy[:, 0].max() + pad_x)
    ax.set_ylim(xy[:, 1].min() - pad_y, xy[:, 1].max() + pad_y)
    y0, y1 = ax.get_ylim()
    fy = (xy[:, 1] - y0) / (y1 - y0)
    h_in = ax.get_position().height * ax.figure.get_figheight()
    w_in = ax.get_position().width * ax.figure.get_figwidth()
    off_l, off_r = label_gap / w_in, 0.12 / w_in
    fx = (xy[:, 0] - ax.get_xlim()[0]) / (ax.get_xlim()[1] - ax.get_xlim()[0])
    for side, mask in (("left", left), ("right", ~left)):
        idx = np.flatnonzero(mask)
        idx, ys = _slots(idx, fx, fy, (size[:, 1] + gap) / h_in,
                         -off_l if side == "left" else 1 + off_r, w_in / h_in)
        for i, y in zip(idx, ys):
            ax.annotate(labels[i], xy=(xy[i, 0], xy[i, 1]), xycoords="data",
                        xytext=(-off_l if side == "left" else 1 + off_r, y), textcoords="axes fraction",
                        ha="right" if side == "left" else "left", va="center", fontsize=fs,
                        annotation_clip=False,
                        arrowprops=dict(arrowstyle="-", color="0.6", lw=0.6, shrinkA=3, shrinkB=4,
                                        relpos=(1.0, 0.5) if side == "left" else (0.0, 0.5)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(axis_names[0], fontsize=9)
    ax.set_ylabel(axis_names[1], fontsize=9, labelpad=2)
    if legend_anchor is not None:  # our own figure: the label left of the label column
        ax.yaxis.set_label_coords(-(label_gap + size[left, 0].max(initial=0) + 0.08) / w_in, 0.5)
    ax.set_title("Candidate themes: similar themes sit close together\n(bubble area ~ coded "
                 "extracts)", fontsize=10)
    leg_kw = dict(title="Section most of the theme's extracts come from", fontsize=8,
                  title_fontsize=8, frameon=False, ncols=min(len(uniq), 3))
    if legend_anchor is not None:
        ax.figure.legend(loc="lower center", bbox_to_anchor=legend_anchor, **leg_kw)
    else:
        ax.legend(loc="best", **leg_kw)
    return ax
