"""What qualkit's notebook widgets share: anywidget, colours, the code tree, a live project.

A widget outlives the cell that made it: after "Run All" a notebook may have closed
its project while the widget is still on screen. :func:`live_project` hands back an
open project for the same file (the widget's own connection), so a click still writes.

Examples
--------
>>> from qualkit import Codebook
>>> cb = Codebook([{"id": "risks", "name": "Risks"},
...                {"id": "hack", "name": "Hacking", "parent": "risks", "colour": "#aa0000"}])
>>> [(c["id"], c["depth"], c["colour"]) for c in code_tree(cb)]
[('risks', 0, '#4e79a7'), ('hack', 1, '#aa0000')]
"""

from __future__ import annotations

import sqlite3
from importlib import resources
from typing import Any

from .errors import Errors, ProjectError

__all__ = ["PALETTE", "colours", "code_tree", "live_project", "anywidget_module", "esm",
           "widget_class"]

#: Tableau 10, the colours of codes that have none in the codebook
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#bab0ac"]


def palette_colour(i: int) -> str:
    """The ``i``-th colour for a code with none of its own: :data:`PALETTE`, then hues a
    golden angle apart (so no two of the first few hundred codes share a colour).

    >>> palette_colour(0), palette_colour(10), len({palette_colour(i) for i in range(300)})
    ('#4e79a7', '#cfa86e', 300)
    """
    if i < len(PALETTE):
        return PALETTE[i]
    import colorsys

    j = i - len(PALETTE)
    hue = (0.1 + j * 0.381966) % 1.0  # golden-angle steps around the wheel
    light = (0.62, 0.5, 0.72)[(j // 3) % 3]
    sat = (0.5, 0.6, 0.42)[(j // 9) % 3]
    r, g, b = colorsys.hls_to_rgb(hue, light, sat)
    return "#{:02x}{:02x}{:02x}".format(*(round(x * 255) for x in (r, g, b)))


def colours(codebook: Any) -> dict[str, str]:
    """Each code's colour: its own from the codebook, else :func:`palette_colour` in
    codebook order."""
    out = {}
    for i, c in enumerate(codebook.ids):
        col = getattr(codebook[c], "colour", None)
        out[c] = col if isinstance(col, str) and col.startswith("#") else palette_colour(i)
    return out


def code_tree(codebook: Any) -> list[dict[str, Any]]:
    """The codebook as a depth-first list of nodes, as the widgets draw it.

    Each node: ``id, name, parent, depth, colour, definition, children`` (number of
    child codes). Iterative, so a deep tree does not exhaust the stack.
    """
    cols = colours(codebook)
    out: list[dict[str, Any]] = []
    stack = [(c, 0) for c in reversed(codebook.roots)]
    while stack:
        c, depth = stack.pop()
        code = codebook[c]
        kids = codebook.children(c)
        out.append({"id": c, "name": code.name or c, "parent": code.parent, "depth": depth,
                    "colour": cols[c], "definition": code.definition or "",
                    "children": len(kids)})
        stack.extend((k, depth + 1) for k in reversed(kids))
    return out


def _closed(project: Any) -> bool:
    flag = getattr(project, "closed", None)
    if isinstance(flag, bool):
        return flag
    con = getattr(project, "_con", None)
    if con is None:
        return False
    try:
        con.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def live_project(project: Any, caller: str) -> Any:
    """``project`` if it is open; else the same project file opened anew.

    Raises
    ------
    ProjectError
        The project was in memory only and has been closed (what it held is gone).
    """
    if not _closed(project):
        return project
    path = str(getattr(project, "path", ":memory:"))
    if path == ":memory:":
        raise ProjectError(Errors.Q902.format(caller=caller))
    return type(project).open(path)


def anywidget_module(feature: str) -> Any:
    """Import anywidget, or say how to install it."""
    try:
        import anywidget
    except ImportError as exc:  # pragma: no cover - anywidget is in the test extra
        raise ImportError(Errors.Q005.format(feature=feature, package="anywidget",
                                             extra="notebooks")) from exc
    return anywidget


def _static(name: str) -> str:
    return resources.files("qualkit").joinpath("_static", name).read_text(encoding="utf-8")


def esm(name: str) -> str:
    """A widget's ES module from ``qualkit/_static``, after the helpers all widgets share."""
    return _static("common.js") + _static(name)


def widget_class(feature: str, script: str, traits: Any) -> type:
    """An anywidget class drawing with ``script``; ``traits(tl)`` gives its synced traits.

    Every widget also has ``page``, ``pages``, ``keymap``, ``status`` and ``error``.
    """
    anywidget = anywidget_module(feature)
    import traitlets as tl

    every = {"page": tl.Int(0), "pages": tl.Int(1), "keymap": tl.List(),
             "status": tl.Unicode(""), "error": tl.Unicode("")}
    body: dict[str, Any] = {"_esm": esm(script), "_css": _static("widgets.css")}
    body.update({k: v.tag(sync=True) for k, v in {**every, **traits(tl)}.items()})
    return type(f"_{feature}Widget", (anywidget.AnyWidget,), body)
