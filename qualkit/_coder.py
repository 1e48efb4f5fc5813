"""Span coding in JupyterLab: :class:`TranscriptCoder` (an anywidget) and its logic.

The browser counts offsets in UTF-16 code units; ``Transcript.text`` counts Unicode
code points. :func:`utf16_to_codepoint` maps one onto the other; :func:`snap_to_words`
widens a selection to whole words. Every write goes through the :class:`~qualkit.Project`
API (``project.code`` / ``project.uncode``); a failed write is shown in the widget's
``error`` trait and changes nothing.

All the logic lives in Python (selection, keys, filters, paging, progress), so the
browser only draws and reports what the person did; the tests drive the same methods.

Examples
--------
>>> utf16_to_codepoint("a😀b", 3)
2
>>> snap_to_words("We should be paid.", 4, 8)
(3, 9)
>>> sentence_spans("Yes. We should be paid! Fine", 0, 28)
[(0, 4), (5, 23), (24, 28)]
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ._widgetkit import code_tree, colours, live_project, widget_class
from .errors import Errors, ProjectError

__all__ = ["utf16_to_codepoint", "codepoint_to_utf16", "snap_to_words", "sentence_spans",
           "TranscriptCoder", "KEYS"]

_WORD = re.compile(r"\w", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'’”)\]]*(?=\s|$)")

#: The coder's keyboard, as its help box shows it (key, what it does).
KEYS = [
    ("j / ↓", "select the next turn"),
    ("k / ↑", "select the previous turn"),
    ("Shift+J / Shift+↓", "extend the selection over the next turn"),
    ("s", "select the next sentence"),
    ("Shift+S", "extend the selection to the end of its sentence, then the next"),
    ("Shift+→ / Shift+←", "move the selection's end one word (or its punctuation) later / "
     "earlier"),
    ("Alt+Shift+→ / Alt+Shift+←", "move the selection's start one word (or its punctuation) "
     "later / earlier"),
    ("n", "select the next participant turn this coder has not coded"),
    ("1 … 9", "apply a recent code (numbered in the list)"),
    ("/", "search codes: type, ↓ ↑ to choose, Enter applies, Esc returns"),
    ("] / [", "next / previous coding (of the code filtered on, else any)"),
    ("m", "write a memo on the selected coding (Enter saves)"),
    ("c", "change the selected coding's code (search, Enter)"),
    ("x / Delete", "uncode the selected coding"),
    ("PageDown / PageUp", "next / previous page of turns"),
    ("Esc", "clear the selection"),
]


def utf16_to_codepoint(text: str, offset: int) -> int:
    """Map a UTF-16 code-unit offset into ``text`` to a code-point offset.

    An offset inside a surrogate pair counts the whole character.

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


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as code-point spans (blanks trimmed).

    A sentence ends after ``.``, ``!``, ``?`` or ``…`` (and any closing quote or
    bracket) followed by a blank or the end.
    """
    out = []
    pos = start
    piece = text[start:end]
    for m in _SENTENCE_END.finditer(piece):
        out.append((pos, start + m.end()))
        pos = start + m.end()
    out.append((pos, end))
    spans = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


def _is_stop(text: str, p: int, edge: str) -> bool:
    """Whether ``p`` is where a selection's ``edge`` may rest when moved word by word.

    Words are the blank-separated tokens of ``text``; a token's punctuation is a stop
    of its own, so ``sooner.`` gives the ends ``sooner`` and ``sooner.``, ``[laughs]``
    the starts ``[laughs]`` and ``laughs]``, and ``don't`` is one word.
    """
    n = len(text)
    if edge == "end":
        if p <= 0 or p > n or text[p - 1].isspace():
            return False
        if p == n or text[p].isspace():
            return True
        if not _WORD.match(text[p - 1]):
            return False
        q = p                         # only punctuation from here to the token's end
        while q < n and not text[q].isspace():
            if _WORD.match(text[q]):
                return False
            q += 1
        return True
    if p < 0 or p >= n or text[p].isspace():
        return False
    if p == 0 or text[p - 1].isspace():
        return True
    if not _WORD.match(text[p]):
        return False
    q = p - 1                         # only punctuation from the token's start to here
    while q >= 0 and not text[q].isspace():
        if _WORD.match(text[q]):
            return False
        q -= 1
    return True


def _word_step(text: str, pos: int, direction: int, edge: str, lo: int = 0,
               hi: int | None = None) -> int:
    """The next place after (``direction=1``) or before (``-1``) ``pos`` where a
    selection's ``edge`` (``"start"`` or ``"end"``) may rest, within ``[lo, hi]``;
    ``pos`` itself when there is none.

    >>> t = "Kids get spotted sooner. [laughs] Don't they?"
    >>> e = _word_step(t, 16, 1, "end"); t[:e]
    'Kids get spotted sooner'
    >>> e = _word_step(t, e, 1, "end"); t[:e]
    'Kids get spotted sooner.'
    >>> t[_word_step(t, 24, 1, "start"):]
    "[laughs] Don't they?"
    >>> t[:_word_step(t, 33, 1, "end")]
    "Kids get spotted sooner. [laughs] Don't"
    """
    hi = len(text) if hi is None else hi
    p = pos + direction
    while lo <= p <= hi:
        if _is_stop(text, p, edge):
            return p
        p += direction
    return pos


def covered(starts: np.ndarray, ends: np.ndarray, cs: np.ndarray, ce: np.ndarray) -> np.ndarray:
    """Which of the sorted, disjoint spans ``[starts, ends)`` any span ``[cs, ce)`` overlaps.

    >>> covered(np.array([0, 10, 20]), np.array([5, 15, 25]), np.array([12]), np.array([21])).tolist()
    [False, True, True]
    """
    n = len(starts)
    if n == 0 or len(cs) == 0:
        return np.zeros(n, dtype=bool)
    lo = np.searchsorted(ends, cs, side="right")
    hi = np.searchsorted(starts, ce, side="left")
    ok = lo < hi
    diff = np.zeros(n + 1, dtype=np.int64)
    np.add.at(diff, lo[ok], 1)
    np.add.at(diff, hi[ok], -1)
    return np.cumsum(diff[:n]) > 0


def blocks(transcript: Any) -> pd.DataFrame:
    """The blocks of a transcript in text order: its turns and its notes.

    Columns ``start, end, speaker, role, kind`` (``turn`` or ``note``), ``section``
    and ``heading`` (the section's name on the first block of a new section).
    """
    u = transcript.utterances
    turns = pd.DataFrame({"start": u["start"].astype("int64"), "end": u["end"].astype("int64"),
                          "speaker": u["speaker"].astype(str), "role": u["role"].astype(str),
                          "kind": "turn", "section": u["section"]})
    n = transcript.notes
    notes = pd.DataFrame({"start": n["start"].astype("int64"), "end": n["end"].astype("int64"),
                          "speaker": "", "role": "note", "kind": "note",
                          "section": n["section"]})
    parts = [p for p in (turns, notes) if len(p)]
    if not parts:
        return turns.assign(heading=pd.Series(dtype=object))
    df = pd.concat(parts, ignore_index=True).sort_values("start", kind="stable",
                                                         ignore_index=True)
    sec = [s if isinstance(s, str) else None for s in df["section"]]
    heading, last = [], None
    for s in sec:
        heading.append(s if s is not None and s != last else None)
        last = s if s is not None else last
    df["section"] = pd.Series(sec, dtype=object)
    df["heading"] = pd.Series(heading, dtype=object)
    return df


def _transcript(corpus: Any, transcript_id: Any, caller: str) -> Any:
    """``corpus[transcript_id]``, or Q204 naming the caller and the ids there are."""
    ids = [t.id for t in corpus]
    if transcript_id not in ids:
        raise ProjectError(Errors.Q204.format(tid=transcript_id, where=f" in {caller}",
                                              n=len(ids),
                                              close=", ".join(map(repr, ids[:5])) or "none"))
    return corpus[transcript_id]


def _widget_class() -> Any:
    return widget_class("TranscriptCoder", "coder.js", lambda tl: {
        "transcript": tl.Unicode(""), "turns": tl.List(), "stripes": tl.List(),
        "codes": tl.List(), "recent": tl.List(), "selection": tl.List(), "transcripts": tl.List(),
        "selected_coding": tl.Dict(), "coder": tl.Unicode(""), "coders": tl.List(),
        "show_coders": tl.List(), "show_code": tl.Unicode(""), "used_codes": tl.List(),
        "progress": tl.List(), "scroll": tl.Int(0), "snap": tl.Bool(True)})


class TranscriptCoder:
    """Code spans of one transcript with the mouse or the keyboard, in JupyterLab.

    The transcript's turns (and notes) are drawn with their codings as coloured
    stripes in a margin beside the text, as NVivo draws them (hover: code, coder,
    memo; click: select the coding's span). Select text with the mouse, within or
    across turns, or with the keys (turn, sentence, word), and apply a code by
    clicking it in the code list (the codebook's tree, collapsible and searchable) or
    by a number key for a recent code. Each coding is written to the project at once
    with its exact code-point offsets into ``Transcript.text``. Stripes can be
    filtered by coder and by code; ``]`` jumps to the next coding of a code, ``n`` to
    the next uncoded participant turn. Progress (codings per coder, share of
    participant turns coded) is shown above the text. :data:`KEYS` lists the keys.

    Parameters
    ----------
    project : qualkit.Project
        A project with a corpus and a codebook. If the notebook closes it while the
        widget is shown, the widget reopens the file.
    coder : str
        Whose codings are written.
    transcript_id : str, optional
        The transcript shown first (default: the first); the widget's list (or
        :meth:`open_transcript`) shows the others.
    coders : list of str, optional
        Whose stripes are drawn (default: ``[coder]``); the others can be switched on
        in the widget.
    snap : bool, default=True
        Widen selections to whole words.
    page_size : int, default=200
        Turns drawn at once: a 2,000-turn transcript is drawn a page at a time, so
        nothing freezes.

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
    >>> view.progress()[["coder", "codings", "share_coded"]].values.tolist()
    [['KS', 1, 1.0]]
    """

    def __init__(self, project: Any, coder: str, transcript_id: str | None = None, *,
                 coders: list[str] | None = None, snap: bool = True,
                 page_size: int = 200) -> None:
        from ._validation import check_type

        check_type(coder, str, param="coder", caller="TranscriptCoder")
        self._project = project
        self.coder = coder
        self.snap = bool(snap)
        self.page_size = max(1, int(page_size))
        self.page = 0
        corpus = project.corpus
        if transcript_id is None and len(corpus):
            transcript_id = next(iter(corpus)).id
        self._load(_transcript(corpus, transcript_id, "TranscriptCoder"))
        cb = project.codebook
        self.colours = colours(cb)
        self.names = {c: cb[c].name or c for c in cb.ids}
        self.show_coders: list[str] = list(coders) if coders else [coder]
        self.show_code: str | None = None
        self.selection: tuple[int, int] | None = None
        self.selected_coding: int | None = None
        self.recent: list[str] = []
        self._every: pd.DataFrame | None = None
        self.widget = _widget_class()()
        w = self.widget
        w.transcripts = [{"id": t.id, "label": " · ".join(
            str(x) for x in (t.id, t.group, f"session {t.session}" if t.session else None) if x)}
            for t in corpus]
        w.coder = coder
        w.codes = code_tree(cb)
        w.keymap = [list(k) for k in KEYS]
        w.on_msg(self._on_msg)
        self.refresh()

    # ---------------------------------------------------------------- state
    def _load(self, transcript: Any) -> None:
        self.transcript_id = transcript.id
        self.transcript = transcript
        self.text = transcript.text
        self.utterances = transcript.utterances.reset_index(drop=True)
        self.blocks = blocks(transcript)
        self._bstart = self.blocks["start"].to_numpy()
        self._bend = self.blocks["end"].to_numpy()
        self.page = 0
        self.selection = None
        self.selected_coding = None

    def open_transcript(self, transcript_id: str) -> str:
        """Show another transcript of the project (what the widget's transcript list does).

        The filters, the recent codes and the coder stay; the selection is cleared.
        """
        self._load(_transcript(self.project.corpus, transcript_id,
                               "TranscriptCoder.open_transcript"))
        self.widget.scroll += 1
        self.refresh()
        return self.transcript_id

    @property
    def project(self) -> Any:
        """The project written to (reopened from its file if it was closed)."""
        self._project = live_project(self._project, "TranscriptCoder")
        return self._project

    @property
    def pages(self) -> int:
        """Number of pages of turns."""
        return max(1, -(-len(self.blocks) // self.page_size))

    @property
    def turns(self) -> list[dict[str, Any]]:
        """The blocks drawn on the current page (code-point ``start``/``end``)."""
        lo = self.page * self.page_size
        b = self.blocks.iloc[lo:lo + self.page_size]
        return [{"i": lo + k, "start": int(r.start), "end": int(r.end), "speaker": r.speaker,
                 "role": r.role, "kind": r.kind, "heading": r.heading or "",
                 "text": self.text[int(r.start):int(r.end)]}
                for k, r in enumerate(b.itertuples(index=False))]

    def _read(self) -> pd.DataFrame:
        """This transcript's codings, read from the project file and kept for drawing."""
        self._every = self.project.codings(transcript_id=self.transcript_id)
        return self._every

    @property
    def _all(self) -> pd.DataFrame:
        return self._every if self._every is not None else self._read()

    def codings(self) -> pd.DataFrame:
        """The codings drawn as stripes: this transcript, the coders and code shown.

        As read at the last write or :meth:`refresh` (moving about reads nothing, so a
        long transcript stays quick).
        """
        c = self._all
        c = c[c["coder"].isin(self.show_coders)]
        if self.show_code:
            c = c[c["code_id"] == self.show_code]
        return c.reset_index(drop=True)

    def _page_span(self) -> tuple[int, int]:
        lo = self.page * self.page_size
        hi = min(len(self.blocks), lo + self.page_size) - 1
        if hi < lo:
            return 0, 0
        return int(self._bstart[lo]), int(self._bend[hi])

    def refresh(self) -> None:
        """Read the codings from the project file again and redraw (e.g. after coding elsewhere)."""
        self._read()
        self._draw()

    def _draw(self) -> None:
        with self.widget.hold_sync():
            self._draw_all()

    def _draw_all(self) -> None:
        w = self.widget
        shown = self.codings()
        s, e = self._page_span()
        on_page = shown[(shown["start"] < e) & (shown["end"] > s)]
        w.stripes = [{"id": int(r.coding_id), "coder": r.coder, "code": r.code_id,
                      "name": self.names.get(r.code_id, r.code_id), "start": int(r.start),
                      "end": int(r.end), "memo": r.memo or "",
                      "colour": self.colours.get(r.code_id, "#888888"),
                      "own": r.coder == self.coder}
                     for r in on_page.itertuples(index=False)]
        w.transcript = self.transcript_id
        w.turns = self.turns
        w.page, w.pages = self.page, self.pages
        every = self._all
        w.coders = sorted(set(every["coder"]) | {self.coder} | set(self.show_coders))
        w.show_coders = list(self.show_coders)
        w.show_code = self.show_code or ""
        used = set(every["code_id"])
        w.used_codes = [c for c in self.names if c in used] + sorted(used - set(self.names))
        w.recent = list(self.recent)
        w.snap = self.snap
        w.selection = list(self.selection) if self.selection else []
        w.selected_coding = self._coding_info(self.selected_coding, every)
        w.progress = [{"coder": r.coder, "codings": int(r.codings),
                       "share": float(r.share_coded)} for r in self._progress(every).itertuples()]

    def _coding_info(self, coding_id: int | None, every: pd.DataFrame) -> dict[str, Any]:
        if coding_id is None:
            return {}
        row = every[every["coding_id"] == coding_id]
        if row.empty:
            self.selected_coding = None
            return {}
        r = row.iloc[0]
        return {"id": int(r["coding_id"]), "coder": r["coder"], "code": r["code_id"],
                "name": self.names.get(r["code_id"], r["code_id"]), "start": int(r["start"]),
                "end": int(r["end"]), "memo": r["memo"] or "", "own": r["coder"] == self.coder,
                "colour": self.colours.get(r["code_id"], "#888888")}

    def _progress(self, every: pd.DataFrame) -> pd.DataFrame:
        part = self.utterances[self.utterances["role"] == "participant"]
        ps, pe = part["start"].to_numpy(), part["end"].to_numpy()
        rows = []
        for who in sorted(set(every["coder"]) | {self.coder}):
            cc = every[every["coder"] == who]
            hit = covered(ps, pe, cc["start"].to_numpy(), cc["end"].to_numpy())
            rows.append({"coder": who, "codings": len(cc), "participant_turns": len(part),
                         "coded_turns": int(hit.sum()),
                         "share_coded": float(hit.mean()) if len(part) else 0.0})
        return pd.DataFrame(rows, columns=["coder", "codings", "participant_turns",
                                           "coded_turns", "share_coded"])

    def progress(self) -> pd.DataFrame:
        """Per coder of this transcript: codings, participant turns coded and their share.

        Columns ``coder, codings, participant_turns, coded_turns, share_coded``.
        """
        return self._progress(self._read())

    def progress_text(self) -> str:
        """One line of progress, as the widget shows it."""
        return "; ".join(f"{r.coder}: {r.codings} codings, {r.share_coded:.0%} of participant "
                         "turns coded" for r in self.progress().itertuples())

    # ---------------------------------------------------------------- selecting
    def _block_of(self, offset: int) -> int:
        """Index of the block holding ``offset`` (or the next one after a gap)."""
        i = int(np.searchsorted(self._bend, offset, side="right"))
        return min(i, len(self.blocks) - 1)

    def _show(self, start: int) -> None:
        if len(self.blocks):
            self.page = self._block_of(start) // self.page_size

    def select(self, start: int, end: int, *, snap: bool | None = None) -> tuple[int, int]:
        """Select ``text[start:end]`` (code points; snapped to words unless told not to)."""
        s, e = sorted((max(0, int(start)), min(len(self.text), int(end))))
        if self.snap if snap is None else snap:
            s, e = snap_to_words(self.text, s, e)
        self.selection = (s, e) if e > s else None
        self.selected_coding = None
        self.widget.selection = list(self.selection) if self.selection else []
        self.widget.selected_coding = {}
        return (s, e)

    def select_utf16(self, a_start: int, a_u16: int, b_start: int, b_u16: int) -> tuple[int, int]:
        """Select from a UTF-16 offset counted from code point ``a_start`` to one from ``b_start``.

        What the browser reports: each end of a selection as the code-point offset
        where a run of drawn text starts and the UTF-16 offset into that run.
        Returns the selection in code points of ``Transcript.text`` (snapped to
        words unless ``snap=False``). An end that falls between turns (on a speaker
        label or the blank line before it) moves onto the nearest turn's text inside
        the selection.
        """
        def cp(start: int, u16: int) -> int:
            start, u16 = int(start), max(0, int(u16))
            return start + utf16_to_codepoint(self.text[start:start + u16], u16)
        s, e = sorted((cp(a_start, a_u16), cp(b_start, b_u16)))
        return self.select(*self._on_text(s, e))

    def _on_text(self, s: int, e: int) -> tuple[int, int]:
        """Move ends that fall between blocks (separators, speaker labels) onto the text."""
        bs, be = self._bstart, self._bend
        i = int(np.searchsorted(be, s, side="right"))     # first block ending after s
        if i < len(bs) and s < bs[i]:
            s = int(bs[i])
        j = int(np.searchsorted(bs, e, side="left")) - 1  # last block starting before e
        if j >= 0 and e > be[j]:
            e = int(be[j])
        return s, e

    def _set(self, s: int, e: int, *, move: bool = True) -> tuple[int, int] | None:
        self.selection = (s, e) if e > s else None
        self.selected_coding = None
        if move and self.selection:
            self._show(s)
            self.widget.scroll += 1
        self._draw()
        return self.selection

    def select_turn(self, index: int) -> tuple[int, int] | None:
        """Select block ``index`` (a turn or a note) whole."""
        if not len(self.blocks):
            return None
        i = max(0, min(int(index), len(self.blocks) - 1))
        return self._set(int(self._bstart[i]), int(self._bend[i]))

    def next_turn(self, step: int = 1) -> tuple[int, int] | None:
        """Select the next (``step=1``) or previous (``-1``) block after the selection."""
        if not self.selection:
            return self.select_turn(self.page * self.page_size if step > 0 else
                                    min(len(self.blocks), (self.page + 1) * self.page_size) - 1)
        s, e = self.selection
        if step > 0:
            i = self._block_of(e - 1) + 1
        else:
            i = int(np.searchsorted(self._bstart, s, side="left")) - 1
        if i < 0 or i >= len(self.blocks):
            return self.selection
        return self.select_turn(i)

    def extend_turn(self) -> tuple[int, int] | None:
        """Extend the selection to the end of the next block."""
        if not self.selection:
            return self.next_turn()
        s, e = self.selection
        i = self._block_of(e - 1) + 1
        if i >= len(self.blocks):
            return self.selection
        return self._set(s, int(self._bend[i]))

    def next_sentence(self) -> tuple[int, int] | None:
        """Select the next sentence: in the selected turn, else in the turns after it."""
        pos = self.selection[0] if self.selection else (self._page_span()[0])
        i = self._block_of(pos)
        if self.selection:
            s, e = self.selection
            spans = sentence_spans(self.text, int(self._bstart[i]), int(self._bend[i]))
            whole = (int(self._bstart[i]), int(self._bend[i])) == (s, e)
            for a, b in spans:
                if (whole and a >= s) or a >= e:
                    return self._set(a, b)
            i += 1
        for j in range(i, len(self.blocks)):
            spans = sentence_spans(self.text, int(self._bstart[j]), int(self._bend[j]))
            if spans:
                return self._set(*spans[0])
        return self.selection

    def extend_sentence(self) -> tuple[int, int] | None:
        """Extend the selection's end to the end of its sentence, or of the next one.

        A selection ending inside a sentence (after word moves) ends at that sentence's
        end; one ending at a sentence's end takes in the next sentence, in the next
        turn when the turn has no more.
        """
        if not self.selection:
            return self.next_sentence()
        s, e = self.selection
        i = self._block_of(e - 1)
        for j in range(i, len(self.blocks)):
            for _a, b in sentence_spans(self.text, int(self._bstart[j]), int(self._bend[j])):
                if b > e:
                    return self._set(s, b, move=False)
        return self.selection

    def move_edge(self, edge: str, direction: int) -> tuple[int, int] | None:
        """Move the selection's ``"start"`` or ``"end"`` one word later (1) or earlier (-1).

        Words are blank-separated; the punctuation at a word's edge is a step of its
        own (``sooner`` then ``sooner.``), so every end a coder may want is reachable.
        The selection never becomes empty.
        """
        if not self.selection:
            return None
        s, e = self.selection
        if edge == "end":
            e = _word_step(self.text, e, direction, "end", lo=s + 1)
        else:
            s = _word_step(self.text, s, direction, "start", hi=e - 1)
        return self._set(s, e, move=False)

    def clear(self) -> None:
        """Clear the selection."""
        self.selection = None
        self.selected_coding = None
        self._draw()

    # ---------------------------------------------------------------- writing
    def _try(self, fn: Any, done: str | None = None) -> Any:
        """Run a write; on success read the codings again, on failure show the error."""
        try:
            out = fn()
        except Exception as exc:  # show the qualkit error in the widget; nothing changed
            self.widget.error = str(exc)
            return None
        self.widget.error = ""
        self.widget.status = done or ""
        self._read()
        return out

    def _own(self, coding_id: int, caller: str) -> pd.Series:
        c = self._read()
        row = c[c["coding_id"] == int(coding_id)]
        if row.empty:
            raise ProjectError(Errors.Q213.format(caller=caller, what="coding in this transcript",
                                                  found=coding_id, known="the stripes shown"))
        r = row.iloc[0]
        if r["coder"] != self.coder:
            raise ProjectError(Errors.Q901.format(caller=caller, coding_id=int(coding_id),
                                                  owner=r["coder"], coder=self.coder))
        return r

    def apply(self, code_id: str, memo: str | None = None) -> int | None:
        """Code the selection with ``code_id``; return the coding id (None on error)."""
        if not self.selection:
            self.widget.error = Errors.Q900.format(action="apply a code")
            return None
        s, e = self.selection
        out = self._try(lambda: self.project.code(self.coder, self.transcript_id, s, e,
                                                  code_id, memo),
                        f"Coded [{s}, {e}) with {self.names.get(code_id, code_id)}.")
        if out is not None:
            self.recent = [code_id] + [c for c in self.recent if c != code_id][:8]
            self.selected_coding = out
            self._draw()
        return out

    def apply_recent(self, k: int) -> int | None:
        """Apply the ``k``-th recent code (1-based, as the number keys do)."""
        if not 1 <= k <= len(self.recent):
            self.widget.error = Errors.Q903.format(
                caller="TranscriptCoder", what="number key", found=k,
                where="the recent codes", known=f"1 to {len(self.recent)}"
                if self.recent else "none yet (apply a code from the list first)")
            return None
        return self.apply(self.recent[k - 1])

    def uncode(self, coding_id: int | None = None) -> None:
        """Remove a coding of this coder (default: the selected coding)."""
        cid = self.selected_coding if coding_id is None else coding_id
        if cid is None:
            self.widget.error = Errors.Q900.format(action="uncode")
            return

        def go() -> None:
            self._own(int(cid), "TranscriptCoder.uncode")
            self.project.uncode(int(cid), who=self.coder)
            self.selected_coding = None
        self._try(go, f"Removed coding {cid}.")
        self._draw()

    def recode(self, coding_id: int | None = None, code_id: str | None = None,
               memo: str | None = None) -> int | None:
        """Change a coding's code and/or memo.

        A new code writes a new coding and removes the old (one transaction); a memo
        alone is written in place (:meth:`Project.set_coding_memo`: the coding keeps
        its id). Returns the coding's id (None on error). Only this coder's codings
        change.
        """
        cid = self.selected_coding if coding_id is None else coding_id
        if cid is None:
            self.widget.error = Errors.Q900.format(action="change a coding")
            return None

        def go() -> int:
            r = self._own(int(cid), "TranscriptCoder.recode")
            if code_id is None or code_id == r["code_id"]:
                old = r["memo"] if isinstance(r["memo"], str) else ""
                if memo is not None and memo != old:
                    self.project.set_coding_memo(int(cid), memo or None, who=self.coder)
                self.selected_coding = int(cid)
                return int(cid)
            with self.project.transaction():  # the new coding replaces the old, all or nothing
                new = self.project.code(self.coder, self.transcript_id, int(r["start"]),
                                        int(r["end"]), code_id or r["code_id"],
                                        memo if memo is not None else r["memo"])
                self.project.uncode(int(cid), who=self.coder)
            self.selected_coding = new
            return new
        out = self._try(go, f"Changed coding {cid}.")
        self._draw()
        return out

    def set_memo(self, memo: str, coding_id: int | None = None) -> int | None:
        """Write ``memo`` on a coding (default: the selected one), in place; return its id."""
        return self.recode(coding_id, memo=memo)

    def select_coding(self, coding_id: int) -> tuple[int, int] | None:
        """Select the span of a coding (what clicking its stripe does)."""
        c = self._all
        row = c[c["coding_id"] == int(coding_id)]
        if row.empty:
            return None
        s, e = int(row.iloc[0]["start"]), int(row.iloc[0]["end"])
        self.selection = (s, e)
        self.selected_coding = int(coding_id)
        self._show(s)
        self.widget.scroll += 1
        self._draw()
        return self.selection

    # ---------------------------------------------------------------- moving
    def next_coding(self, code_id: str | None = None, step: int = 1) -> int | None:
        """Select the next (or, ``step=-1``, previous) shown coding of ``code_id``.

        ``code_id`` defaults to the code filtered on, then to the selected coding's
        code; with neither, any shown coding. Wraps around the transcript. Returns
        the coding id, or None when there is none.
        """
        c = self.codings()
        code = code_id or self.show_code
        if code is None and self.selected_coding is not None:
            hit = c[c["coding_id"] == self.selected_coding]
            code = hit.iloc[0]["code_id"] if len(hit) else None
        if code:
            c = c[c["code_id"] == code]
        if c.empty:
            self.widget.error = Errors.Q903.format(
                caller="TranscriptCoder", what="code", found=code or "any",
                where="the stripes shown", known="a code with codings (check the filters)")
            return None
        c = c.sort_values(["start", "end", "coding_id"], ignore_index=True)
        keys = list(zip(c["start"], c["end"], c["coding_id"]))
        here = (-1, -1, -1)
        if self.selected_coding is not None and self.selection:
            here = (*self.selection, self.selected_coding)
        elif self.selection:
            here = (self.selection[0], -1 if step > 0 else 10**18, -1)
        if step > 0:
            later = [k for k in keys if k > here]
            pick = later[0] if later else keys[0]
        else:
            earlier = [k for k in keys if k < here]
            pick = earlier[-1] if earlier else keys[-1]
        self.widget.error = ""
        self.select_coding(int(pick[2]))
        return int(pick[2])

    def next_uncoded(self) -> int | None:
        """Select the next participant turn this coder has not coded; return its start."""
        c = self._all[self._all["coder"] == self.coder]
        part = self.utterances[self.utterances["role"] == "participant"]
        done = covered(part["start"].to_numpy(), part["end"].to_numpy(),
                       c["start"].to_numpy(), c["end"].to_numpy())
        after = self.selection[1] if self.selection else -1
        todo = part[~done & (part["start"].to_numpy() >= after)]
        if todo.empty:
            self.widget.status = "No uncoded participant turn after the selection."
            return None
        s, e = int(todo["start"].iloc[0]), int(todo["end"].iloc[0])
        self._set(s, e)
        return s

    def go_page(self, page: int) -> int:
        """Show page ``page`` (0-based, clipped); return it."""
        self.page = max(0, min(int(page), self.pages - 1))
        self._draw()
        return self.page

    def set_filter(self, coders: list[str] | None = None, code: str | None = None) -> None:
        """Show the stripes of ``coders`` only and of ``code`` only (``""``: every code).

        ``None`` leaves that filter as it is.
        """
        if coders is not None:
            self.show_coders = [coders] if isinstance(coders, str) else list(coders)
        if code is not None:
            if code:
                self.project.codebook.check(code, where=" (TranscriptCoder filter)")
            self.show_code = code or None
        self._draw()

    # ---------------------------------------------------------------- browser
    def _on_msg(self, _widget: Any, msg: dict[str, Any], _buffers: Any) -> None:
        try:
            self._handle(msg)
        except Exception as exc:  # a bad message never kills the widget
            self.widget.error = str(exc)

    def _handle(self, msg: dict[str, Any]) -> None:
        kind = msg.get("type")
        if kind == "select":
            self.select_utf16(msg["a"]["start"], msg["a"]["u16"], msg["b"]["start"],
                              msg["b"]["u16"])
            self.widget.error = ""
        elif kind == "apply":
            self.apply(msg["code"])
        elif kind == "recent":
            self.apply_recent(int(msg["k"]))
        elif kind == "select_coding":
            self.select_coding(int(msg["id"]))
        elif kind == "uncode":
            self.uncode(msg.get("id"))
        elif kind == "recode":
            self.recode(msg.get("id"), code_id=msg.get("code"), memo=msg.get("memo"))
        elif kind == "transcript":
            self.open_transcript(str(msg["id"]))
        elif kind == "page":
            self.go_page(int(msg["page"]))
        elif kind == "snap":
            self.snap = bool(msg.get("on", True))
            self._draw()
        elif kind == "filter":
            self.set_filter(msg.get("coders"), msg.get("code"))
        elif kind == "key":
            self._key(str(msg.get("key")))

    def _key(self, key: str) -> None:
        actions = {
            "next_turn": lambda: self.next_turn(1), "prev_turn": lambda: self.next_turn(-1),
            "extend_turn": self.extend_turn, "sentence": self.next_sentence,
            "extend_sentence": self.extend_sentence,
            "end+": lambda: self.move_edge("end", 1), "end-": lambda: self.move_edge("end", -1),
            "start+": lambda: self.move_edge("start", 1),
            "start-": lambda: self.move_edge("start", -1),
            "next_uncoded": self.next_uncoded,
            "next_coding": lambda: self.next_coding(step=1),
            "prev_coding": lambda: self.next_coding(step=-1),
            "page+": lambda: self.go_page(self.page + 1),
            "page-": lambda: self.go_page(self.page - 1),
            "clear": self.clear,
        }
        if key in actions:
            actions[key]()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return (f"<TranscriptCoder {self.transcript_id!r} coder={self.coder!r}, "
                f"{len(self.blocks)} blocks, page {self.page + 1} of {self.pages}>")
