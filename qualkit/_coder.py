"""Span coding in JupyterLab: :class:`TranscriptCoder` (an anywidget) and its logic.

The browser counts offsets in UTF-16 code units; ``Transcript.text`` counts Unicode
code points. :func:`utf16_to_codepoint` maps one onto the other; :func:`snap_to_words`
widens a selection to whole words. Every write goes through the :class:`~qualkit.Project`
API (``project.code`` / ``project.uncode``); a failed write is shown in the widget's
``error`` trait and changes nothing.

Examples
--------
>>> utf16_to_codepoint("a😀b", 3)
2
>>> snap_to_words("We should be paid.", 4, 8)
(3, 9)
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import Errors, ProjectError

__all__ = ["utf16_to_codepoint", "codepoint_to_utf16", "snap_to_words", "TranscriptCoder",
           "transcript_html"]

_WORD = re.compile(r"\w", re.UNICODE)
_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
            "#ff9da7", "#9c755f", "#bab0ac"]


def utf16_to_codepoint(text: str, offset: int) -> int:
    """Map a UTF-16 code-unit offset into ``text`` to a code-point offset.

    >>> utf16_to_codepoint("é😀", 3)
    2
    """
    if offset <= 0:
        return 0
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def codepoint_to_utf16(text: str, offset: int) -> int:
    """Map a code-point offset into ``text`` to a UTF-16 code-unit offset.

    >>> codepoint_to_utf16("😀a", 1)
    2
    """
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text[:max(0, offset)])


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words and trim surrounding blanks.

    >>> snap_to_words("Linked records help.", 2, 10)
    (0, 14)
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and _WORD.match(text[start]):
        while start > 0 and _WORD.match(text[start - 1]):
            start -= 1
    if start < end and _WORD.match(text[end - 1]):
        while end < len(text) and _WORD.match(text[end]):
            end += 1
    return start, end


def _colours(codebook: Any) -> dict[str, str]:
    out = {}
    for i, c in enumerate(codebook.ids):
        col = getattr(codebook[c], "colour", None)
        out[c] = col if isinstance(col, str) and col.startswith("#") else _PALETTE[i % len(_PALETTE)]
    return out


def _stripes(codings: pd.DataFrame, colours: dict[str, str]) -> list[dict[str, Any]]:
    return [{"id": int(r.coding_id), "coder": r.coder, "code": r.code_id,
             "start": int(r.start), "end": int(r.end), "memo": r.memo or "",
             "colour": colours.get(r.code_id, "#888")}
            for r in codings.itertuples(index=False)]


_ESM = r"""
function render({ model, el }) {
  el.classList.add("qk-coder");
  const style = document.createElement("style");
  style.textContent = `.qk-coder{font:14px sans-serif;display:flex;gap:8px}
  .qk-text{flex:1;max-height:32em;overflow:auto;border:1px solid #ccc;padding:4px 8px}
  .qk-turn{display:flex;margin:4px 0}.qk-bars{width:40px;display:flex;gap:2px}
  .qk-bar{width:5px;cursor:pointer}.qk-body{flex:1;white-space:pre-wrap}
  .qk-codes{width:16em;max-height:32em;overflow:auto}.qk-code{cursor:pointer;padding:1px 4px}
  .qk-code:hover{background:#eef}.qk-err{color:#b00}`;
  el.appendChild(style);
  const text = document.createElement("div"); text.className = "qk-text";
  const side = document.createElement("div"); side.className = "qk-codes";
  el.appendChild(text); el.appendChild(side);
  function draw() {
    text.innerHTML = "";
    const stripes = model.get("stripes");
    for (const t of model.get("turns")) {
      const row = document.createElement("div"); row.className = "qk-turn";
      const bars = document.createElement("div"); bars.className = "qk-bars";
      for (const s of stripes) {
        if (s.start < t.end && s.end > t.start) {
          const b = document.createElement("div"); b.className = "qk-bar";
          b.style.background = s.colour; b.dataset.coding = s.id;
          b.title = `${s.code} (${s.coder})${s.memo ? ": " + s.memo : ""}`;
          b.onclick = () => model.send({ type: "select_coding", id: s.id });
          bars.appendChild(b);
        }
      }
      const body = document.createElement("div"); body.className = "qk-body";
      body.dataset.start = t.start;
      body.textContent = `${t.speaker}: ` ;
      const span = document.createElement("span"); span.dataset.start = t.start;
      span.textContent = t.text; body.appendChild(span);
      row.appendChild(bars); row.appendChild(body); text.appendChild(row);
    }
    side.innerHTML = "";
    const status = document.createElement("div");
    status.className = model.get("error") ? "qk-err" : "";
    status.textContent = model.get("error") || model.get("status");
    side.appendChild(status);
    const search = document.createElement("input"); search.placeholder = "search codes";
    side.appendChild(search);
    const list = document.createElement("div"); side.appendChild(list);
    const codes = model.get("codes");
    function fill() {
      list.innerHTML = "";
      const q = search.value.toLowerCase();
      for (const c of codes) {
        if (q && !c.name.toLowerCase().includes(q) && !c.id.includes(q)) continue;
        const d = document.createElement("div"); d.className = "qk-code";
        d.style.paddingLeft = (4 + 12 * c.depth) + "px"; d.dataset.code = c.id;
        d.innerHTML = `<span style="color:${c.colour}">■</span> `;
        d.appendChild(document.createTextNode(c.name));
        d.onmousedown = (e) => e.preventDefault();
        d.onclick = () => model.send({ type: "apply", code: c.id });
        list.appendChild(d);
      }
    }
    search.oninput = fill;
    search.onkeydown = (e) => { if (e.key === "Enter") { const f = list.querySelector(".qk-code"); if (f) f.click(); } };
    fill();
  }
  function where(node, off) {
    let el2 = node.nodeType === 3 ? node.parentElement : node;
    if (!el2 || !el2.dataset || el2.dataset.start === undefined) return null;
    return { start: Number(el2.dataset.start), u16: off };
  }
  text.addEventListener("mouseup", () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed) return;
    const a = where(sel.anchorNode, sel.anchorOffset), b = where(sel.focusNode, sel.focusOffset);
    if (a && b) model.send({ type: "select", a, b });
  });
  el.tabIndex = 0;
  el.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT") return;
    if (e.key >= "1" && e.key <= "9") {
      const r = model.get("recent")[Number(e.key) - 1];
      if (r) model.send({ type: "apply", code: r });
    } else if (e.key === "n") { model.send({ type: "next_uncoded" }); }
  });
  model.on("change", draw);
  draw();
}
export default { render };
"""


def _anywidget() -> Any:
    try:
        import anywidget
    except ImportError as exc:  # pragma: no cover - anywidget is in the test extra
        raise ImportError(Errors.Q005.format(feature="TranscriptCoder", package="anywidget",
                                             extra="notebooks")) from exc
    return anywidget


def _widget_class() -> Any:
    anywidget = _anywidget()
    import traitlets as tl

    class _CoderWidget(anywidget.AnyWidget):
        _esm = _ESM
        turns = tl.List().tag(sync=True)
        stripes = tl.List().tag(sync=True)
        codes = tl.List().tag(sync=True)
        recent = tl.List().tag(sync=True)
        selection = tl.List().tag(sync=True)
        status = tl.Unicode("").tag(sync=True)
        error = tl.Unicode("").tag(sync=True)

    return _CoderWidget


class TranscriptCoder:
    """Code spans of one transcript with the mouse or the keyboard, in JupyterLab.

    Parameters
    ----------
    project : qualkit.Project
        A project with a corpus and a codebook.
    coder : str
        Whose codings are written (and shown, with ``coders``).
    transcript_id : str, optional
        The transcript shown (default: the first).
    coders : list of str, optional
        Whose stripes are drawn (default: ``[coder]``).
    snap : bool, default=True
        Widen selections to whole words.
    page_size : int, default=200
        Turns drawn at once (long transcripts are paged, so 2,000 turns never freeze).

    Examples
    --------
    >>> from qualkit import Codebook, Corpus, Project, Transcript, Turn
    >>> t = Transcript.from_turns("fg1", [Turn("P01", "Café owners 😀 should be paid.")])
    >>> p = Project.in_memory(); p.add_corpus(Corpus([t]))
    >>> _ = p.set_codebook(Codebook([{"id": "pay", "name": "Paying"}]))
    >>> view = TranscriptCoder(p, "KS")
    >>> s = view.turns[0]["start"]
    >>> view.select_utf16(s, 16, s, 19) == (s + 14, s + 20)   # "hou", after the emoji
    True
    >>> p.codings().loc[0, "text"] if view.apply("pay") else None
    'should'
    """

    def __init__(self, project: Any, coder: str = "KS", transcript_id: str | None = None, *,
                 coders: list[str] | None = None, snap: bool = True,
                 page_size: int = 200) -> None:
        self.project = project
        self.coder = coder
        self.coders = list(coders) if coders else [coder]
        self.snap = snap
        self.page_size = int(page_size)
        self.page = 0
        corpus = project.corpus
        ids = [t.id for t in corpus]
        if transcript_id is None:
            transcript_id = ids[0]
        if transcript_id not in ids:
            raise ProjectError(Errors.Q204.format(tid=transcript_id, where=" in TranscriptCoder",
                                                  n=len(ids), close=", ".join(map(repr, ids[:5]))))
        self.transcript_id = transcript_id
        self.transcript = corpus[transcript_id]
        self.text = self.transcript.text
        self.utterances = self.transcript.utterances.reset_index(drop=True)
        cb = project.codebook
        self.colours = _colours(cb)
        depth = {}
        for c in cb.ids:
            p, d = cb[c].parent, 0
            while p is not None:
                d, p = d + 1, cb[p].parent
            depth[c] = d
        self.selection: tuple[int, int] | None = None
        self.recent: list[str] = []
        self.widget = _widget_class()()
        self.widget.codes = [{"id": c, "name": cb[c].name or c, "depth": depth[c],
                              "colour": self.colours[c]} for c in cb.ids]
        self.widget.on_msg(self._on_msg)
        self.refresh()

    # ---------------------------------------------------------------- state
    @property
    def turns(self) -> list[dict[str, Any]]:
        """The turns drawn on the current page (code-point ``start``/``end``)."""
        u = self.utterances.iloc[self.page * self.page_size:(self.page + 1) * self.page_size]
        return [{"start": int(r.start), "end": int(r.end), "speaker": str(r.speaker),
                 "role": str(r.role), "text": self.text[int(r.start):int(r.end)]}
                for r in u.itertuples(index=False)]

    def codings(self) -> pd.DataFrame:
        """The codings drawn as stripes (this transcript, the shown coders)."""
        return self.project.codings(coder=self.coders, transcript_id=self.transcript_id)

    def refresh(self) -> None:
        """Redraw from the project file."""
        w = self.widget
        w.turns = self.turns
        w.stripes = _stripes(self.codings(), self.colours)
        w.recent = list(self.recent)
        w.selection = list(self.selection) if self.selection else []
        w.status = self.progress_text()

    def progress(self) -> pd.DataFrame:
        """Per coder: codings in this transcript and share of participant turns coded."""
        c = self.project.codings(transcript_id=self.transcript_id)
        part = self.utterances[self.utterances["role"] == "participant"]
        rows = []
        for who in sorted(set(c["coder"]) | {self.coder}):
            cc = c[c["coder"] == who]
            coded = sum(bool(((cc["start"] < e) & (cc["end"] > s)).any())
                        for s, e in zip(part["start"], part["end"]))
            rows.append({"coder": who, "codings": len(cc), "participant_turns": len(part),
                         "share_coded": coded / len(part) if len(part) else 0.0})
        return pd.DataFrame(rows)

    def progress_text(self) -> str:
        """One line of progress, as the widget shows it."""
        return "; ".join(f"{r.coder}: {r.codings} codings, {r.share_coded:.0%} of participant "
                         "turns" for r in self.progress().itertuples())

    # ---------------------------------------------------------------- actions
    def select_utf16(self, a_start: int, a_u16: int, b_start: int, b_u16: int) -> tuple[int, int]:
        """Select from a UTF-16 offset in the turn starting at ``a_start`` to one in ``b_start``.

        Returns the selection in code points of ``Transcript.text`` (snapped to words
        unless ``snap=False``).
        """
        def cp(start: int, u16: int) -> int:
            end = next((int(e) for s, e in zip(self.utterances["start"], self.utterances["end"])
                        if int(s) == int(start)), len(self.text))
            return int(start) + utf16_to_codepoint(self.text[int(start):end], int(u16))
        s, e = sorted((cp(a_start, a_u16), cp(b_start, b_u16)))
        if self.snap:
            s, e = snap_to_words(self.text, s, e)
        self.selection = (s, e)
        self.widget.selection = [s, e]
        return s, e

    def _try(self, fn: Any) -> Any:
        try:
            out = fn()
        except Exception as exc:  # show the qualkit error in the widget; nothing changed
            self.widget.error = str(exc)
            return None
        self.widget.error = ""
        self.refresh()
        return out

    def apply(self, code_id: str, memo: str | None = None) -> int | None:
        """Code the selection with ``code_id``; return the coding id (None on error)."""
        if not self.selection:
            self.widget.error = Errors.Q900.format(action="apply a code")
            return None
        s, e = self.selection
        out = self._try(lambda: self.project.code(self.coder, self.transcript_id, s, e,
                                                  code_id, memo))
        if out is not None:
            self.recent = [code_id] + [c for c in self.recent if c != code_id][:8]
            self.refresh()
        return out

    def uncode(self, coding_id: int) -> None:
        """Remove a coding."""
        self._try(lambda: self.project.uncode(int(coding_id), who=self.coder))

    def recode(self, coding_id: int, code_id: str | None = None,
               memo: str | None = None) -> int | None:
        """Change a coding's code and/or memo (the new coding is written first)."""
        c = self.project.codings()
        row = c[c["coding_id"] == int(coding_id)]
        if row.empty:
            self.widget.error = Errors.Q213.format(caller="TranscriptCoder.recode",
                                                   what="coding", found=coding_id,
                                                   known="project.codings()")
            return None
        r = row.iloc[0]

        def go() -> int:
            new = self.project.code(r["coder"], r["transcript_id"], int(r["start"]), int(r["end"]),
                                    code_id or r["code_id"], memo if memo is not None else r["memo"])
            self.project.uncode(int(coding_id), who=self.coder)
            return new
        return self._try(go)

    def select_coding(self, coding_id: int) -> tuple[int, int] | None:
        """Select the span of a coding (what clicking its stripe does)."""
        c = self.codings()
        row = c[c["coding_id"] == int(coding_id)]
        if row.empty:
            return None
        self.selection = (int(row.iloc[0]["start"]), int(row.iloc[0]["end"]))
        self.widget.selection = list(self.selection)
        return self.selection

    def next_uncoded(self) -> int | None:
        """Select the next participant turn this coder has not coded; return its start."""
        c = self.project.codings(coder=self.coder, transcript_id=self.transcript_id)
        after = self.selection[1] if self.selection else -1
        for r in self.utterances.itertuples(index=False):
            if r.role != "participant" or int(r.start) < after:
                continue
            if not ((c["start"] < r.end) & (c["end"] > r.start)).any():
                self.selection = (int(r.start), int(r.end))
                self.page = int(self.utterances.index[self.utterances["start"] == r.start][0]
                                // self.page_size)
                self.refresh()
                return int(r.start)
        return None

    def _on_msg(self, _widget: Any, msg: dict[str, Any], _buffers: Any) -> None:
        kind = msg.get("type")
        if kind == "select":
            self.select_utf16(msg["a"]["start"], msg["a"]["u16"], msg["b"]["start"],
                              msg["b"]["u16"])
        elif kind == "apply":
            self.apply(msg["code"])
        elif kind == "select_coding":
            self.select_coding(msg["id"])
        elif kind == "next_uncoded":
            self.next_uncoded()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def transcript_html(project: Any, transcript_id: str, coders: list[str] | None = None,
                    path: str | Path | None = None) -> str:
    """One self-contained HTML page of a transcript with its coding stripes.

    The identifier guard (:func:`qualkit.privacy.check_export`) runs first. Returns the
    HTML and writes it to ``path`` when given.
    """
    from .privacy import check_export

    t = project.corpus[transcript_id]
    check_export(t.utterances)
    codings = project.codings(coder=coders, transcript_id=transcript_id) if coders \
        else project.codings(transcript_id=transcript_id)
    colours = _colours(project.codebook)
    names = {c: project.codebook[c].name or c for c in project.codebook.ids}
    rows = []
    for r in t.utterances.itertuples(index=False):
        bars = "".join(
            f'<span class="bar" style="background:{s["colour"]}" '
            f'title="{html.escape(names.get(s["code"], s["code"]))} ({html.escape(s["coder"])})'
            f'{": " + html.escape(s["memo"]) if s["memo"] else ""}"></span>'
            for s in _stripes(codings, colours) if s["start"] < r.end and s["end"] > r.start)
        rows.append(f'<div class="turn"><div class="bars">{bars}</div><div class="body">'
                    f'<b>{html.escape(str(r.speaker))}</b>: '
                    f'{html.escape(t.text[int(r.start):int(r.end)])}</div></div>')
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
            f"{html.escape(transcript_id)}</title><style>body{{font:14px sans-serif}}"
            ".turn{display:flex;margin:4px 0}.bars{width:48px;display:flex;gap:2px}"
            ".bar{width:5px;display:inline-block}.body{flex:1}</style></head><body>"
            f"<h1>{html.escape(transcript_id)}</h1>" + "".join(rows) + "</body></html>")
    if path is not None:
        from ._export import atomic_output

        with atomic_output(path) as tmp:
            tmp.write_text(page, encoding="utf-8")
    return page
