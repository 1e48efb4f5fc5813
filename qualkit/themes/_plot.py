"""The thematic map: candidate themes placed by similarity, labelled with top terms."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["plot_theme_map"]


def plot_theme_map(cands: Any, ax: Any = None, *, n_terms: int = 3) -> Any:
    """Draw candidate themes as bubbles (area ~ extracts), coloured by dominant section.

    Themes are placed by a 2-D projection (PCA) of their centroids, so similar themes
    sit close together; each is labelled ``T<theme>`` with its top terms (or codes).

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6))
    table = cands.table
    cents = cands.search.centroids_
    if len(cents) == 0:
        ax.set_title("No candidate themes")
        return ax
    if len(cents) >= 3:
        from sklearn.decomposition import PCA

        xy = PCA(n_components=2, random_state=0).fit_transform(cents)
    elif len(cents) == 2:
        xy = np.array([[-1.0, 0.0], [1.0, 0.0]])
    else:
        xy = np.zeros((1, 2))
    sections = table["section"].fillna("(none)").astype(str).tolist()
    uniq = sorted(set(sections))
    cmap = plt.get_cmap("tab10" if len(uniq) <= 10 else "tab20")
    colour = {s: cmap(i % cmap.N) for i, s in enumerate(uniq)}
    sizes = 300 * table["n_extracts"].to_numpy() / max(table["n_extracts"].max(), 1) + 40
    for s in uniq:
        m = np.array([x == s for x in sections])
        ax.scatter(xy[m, 0], xy[m, 1], s=sizes[m], color=colour[s], alpha=0.6,
                   edgecolor="k", label=s)
    for (x, y), (_, r) in zip(xy, table.iterrows()):
        words = r["codes"] if r.get("codes") else r["label_terms"]
        words = ", ".join(str(words).split(", ")[:n_terms])
        ax.annotate(f"T{r['theme']}: {words}", (x, y), fontsize=8, ha="center", va="bottom",
                    xytext=(0, 6), textcoords="offset points")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("Candidate themes (bubble area ~ extracts)")
    ax.legend(title="section", fontsize=7, title_fontsize=8, loc="best")
    return ax
