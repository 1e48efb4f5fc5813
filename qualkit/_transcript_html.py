"""A transcript with its coding stripes as one self-contained HTML page.

For sending to a supervisor or attaching to an audit trail: no script, no network,
no external asset (fonts, styles and colours are inline). The identifier guard
(:func:`qualkit.privacy.check_export`) runs on everything the page would show before
anything is written.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._coder import _transcript, blocks
from ._widgetkit import colours

__all__ = ["transcript_html"]

_CSS = """
body{font:14px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f1f1f;margin:24px auto;
max-width:60em;padding:0 16px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
h1{font-size:20px;margin:0 0 4px}.meta{color:#555;margin:0 0 10px}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 14px;font-size:13px}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
h2{font-size:14px;color:#555;margin:14px 0 2px}
.row{display:flex;gap:10px;padding:3px 0;border-top:1px solid #eee}
.who{flex:none;width:7em;font-weight:600;color:#444;overflow:hidden;text-overflow:ellipsis}
.note .who,.note .body{font-style:italic;color:#666}
.body{flex:1;white-space:pre-wrap;overflow-wrap:anywhere}
.bars{flex:none;display:flex}
.grp{display:flex;gap:3px;border-left:1px solid #ddd;padding-left:4px;box-sizing:border-box}
.bar{display:block;width:6px;border-radius:2px}.lane{display:block;width:6px}
.head{border-top:none;padding:0}.head .grp{font-size:11px;font-weight:600;color:#555;
border-left-color:transparent;padding-left:3px}
"""


def _esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _lanes(codings: Any) -> dict[int, int]:
    """A lane per coding such that overlapping codings never share one."""
    ends: list[int] = []
    out = {}
    for r in codings.sort_values(["start", "end"]).itertuples(index=False):
        k = next((i for i, e in enumerate(ends) if e <= r.start), len(ends))
        if k == len(ends):
            ends.append(0)
        ends[k] = int(r.end)
        out[int(r.coding_id)] = k
    return out


def transcript_html(project: Any, transcript_id: str, coders: Iterable[str] | None = None,
                    path: str | Path | None = None) -> str:
    """One self-contained HTML page of a transcript with its coding stripes.

    Each turn is drawn with its speaker; coded text is underlined in its code's
    colour (one line per code), and a margin beside it holds one bar per coding, as
    NVivo draws coding stripes, in a column per coder headed by the coder's name
    (hover a bar or a passage for code, coder and memo).
    The identifier guard (:func:`qualkit.privacy.check_export`) runs on the text,
    speaker labels, memos and code names first; nothing is written if it finds one.

    Parameters
    ----------
    project : qualkit.Project
    transcript_id : str
    coders : str or list of str, optional
        Whose codings are drawn (default: everyone's).
    path : str or Path, optional
        Where to write the page (UTF-8).

    Returns
    -------
    str
        The page.

    Raises
    ------
    IdentifierFoundError
        Something on the page looks like an identifier (its place and kind are named).
    ProjectError
        No such transcript.

    Examples
    --------
    >>> from qualkit import Codebook, Corpus, Project, Transcript, Turn
    >>> p = Project.in_memory()
    >>> p.add_corpus(Corpus([Transcript.from_turns("fg1", [Turn("P01", "Pay us, I say.")])]))
    >>> _ = p.set_codebook(Codebook([{"id": "pay", "name": "Paying"}]))
    >>> _ = p.code("KS", "fg1", 0, 6, "pay")
    >>> page = transcript_html(p, "fg1")
    >>> page.count('class="bar"'), "<script" in page, "http" in page
    (1, False, False)
    """
    from . import __version__
    from .privacy import check_export

    t = _transcript(project.corpus, transcript_id, "transcript_html")
    if isinstance(coders, str):
        coders = [coders]
    codings = project.codings(coder=list(coders) if coders else None,
                              transcript_id=transcript_id)
    cb = project.codebook
    names = {c: cb[c].name or c for c in cb.ids}
    cols = colours(cb)
    b = blocks(t)
    # the guard first: everything this page would show
    check_export(b.assign(transcript_id=transcript_id,
                          text=[t.text[int(x):int(y)] for x, y in zip(b["start"], b["end"])]))
    extra = ([m for m in codings["memo"] if isinstance(m, str) and m]
             + sorted(set(b["speaker"])) + [names.get(c, c) for c in set(codings["code_id"])])
    if extra:
        check_export(extra)

    # one group of lanes per coder, in the order asked for, so a reader sees whose is whose
    order = [c for c in (coders or []) if c in set(codings["coder"])]
    order += sorted(set(codings["coder"]) - set(order))
    lanes = {}
    groups = []                      # (coder, number of lanes)
    for who in order:
        mine_c = _lanes(codings[codings["coder"] == who])
        lanes.update(mine_c)
        groups.append((who, max(mine_c.values(), default=-1) + 1))
    widths = {who: max(9 * n + 4, 8 * len(who) + 8) for who, n in groups}
    stripes = [(int(r.coding_id), int(r.start), int(r.end), r.code_id, r.coder, r.memo or "")
               for r in codings.itertuples(index=False)]
    rows = []
    for blk in b.itertuples(index=False):
        s0, e0 = int(blk.start), int(blk.end)
        if blk.heading:
            rows.append(f"<h2>{_esc(blk.heading)}</h2>")
        mine = [x for x in stripes if x[1] < e0 and x[2] > s0]
        cuts = sorted({s0, e0} | {max(x[1], s0) for x in mine} | {min(x[2], e0) for x in mine})
        parts = []
        for a, z in zip(cuts, cuts[1:]):
            on = [x for x in mine if x[1] <= a and x[2] >= z]
            piece = _esc(t.text[a:z])
            if on:
                shadow = ", ".join(f"inset 0 -{2 * (k + 1)}px 0 {cols.get(x[3], '#888')}"
                                   for k, x in enumerate(on[:4]))
                tip = "&#10;".join(_esc(f"{names.get(x[3], x[3])} ({x[4]})") for x in on)
                parts.append(f'<span style="box-shadow:{shadow}" title="{tip}">{piece}</span>')
            else:
                parts.append(piece)
        bar_html = []
        for coder, n in groups:
            by_lane = {lanes[x[0]]: x for x in mine if x[4] == coder}
            cells = []
            for k in range(n):
                x = by_lane.get(k)
                if x is None:
                    cells.append('<span class="lane"></span>')
                    continue
                tip = f"{names.get(x[3], x[3])} ({x[4]})" + (f": {x[5]}" if x[5] else "")
                cells.append(f'<span class="bar" style="background:{cols.get(x[3], "#888")}"'
                             f' title="{_esc(tip)}"></span>')
            bar_html.append(f'<span class="grp" style="width:{widths[coder]}px">'
                            f'{"".join(cells)}</span>')
        who = "note" if blk.kind == "note" else blk.speaker
        bars = f'<div class="bars">{"".join(bar_html)}</div>' if groups else ""
        rows.append(f'<div class="row {blk.kind}"><div class="who">{_esc(who)}</div>'
                    f'<div class="body">{"".join(parts)}</div>{bars}</div>')
    if groups:                       # the coders' names above their columns of stripes
        heads = "".join(f'<span class="grp" style="width:{widths[c]}px">{_esc(c)}</span>'
                        for c, _ in groups)
        rows.insert(0, '<div class="row head"><div class="who"></div><div class="body"></div>'
                       f'<div class="bars">{heads}</div></div>')
    used = [c for c in names if c in set(codings["code_id"])]
    legend = "".join(f'<span><span class="sw" style="background:{cols[c]}"></span>'
                     f"{_esc(names[c])}</span>" for c in used)
    who_coded = ", ".join(sorted(set(codings["coder"]))) or "nobody yet"
    meta = [f"group {t.group}" if t.group else "", f"session {t.session}" if t.session else "",
            f"codings by {who_coded}",
            f"written by qualkit {__version__} on {datetime.now(timezone.utc):%Y-%m-%d}"]
    page = ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_esc(transcript_id)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{_esc(transcript_id)}</h1><p class='meta'>"
            + " · ".join(_esc(m) for m in meta if m) + "</p>"
            + (f"<div class='legend'>{legend}</div>" if legend else "")
            + "\n".join(rows) + "</body></html>\n")
    if path is not None:
        from ._export import atomic_output

        with atomic_output(path) as tmp:
            tmp.write_text(page, encoding="utf-8")
    return page
