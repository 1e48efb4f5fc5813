"""Coding in JupyterLab: span coding, whole-utterance coding, and reconciling two coders.

- :class:`TranscriptCoder` (an anywidget): one transcript with its coding stripes;
  select any stretch of text with the mouse or the keys and apply a code from the
  codebook's tree; filters, jumps, memos and progress. :func:`transcript_html` writes
  the same view as one self-contained page (``project.to_html`` calls it).
- :class:`Reconciler` (an anywidget): two coders side by side, unit by unit or on the
  character continuum; accept one side, both or neither, written as the consensus
  coder with provenance (the store :func:`qualkit.reconcile` writes).

Whole utterances, one at a time, in two layers:

- :class:`CodingSession` holds the state and does the work: the utterances to go
  through, the current position, the codes on offer, and :meth:`CodingSession.toggle`,
  which writes to the project (``project.code_utterance`` / ``project.uncode``). It
  needs nothing beyond qualkit and is what the tests drive.
- :class:`CodingPanel` draws a session with ipywidgets (``pip install
  'qualkit[notebooks]'``): the utterance with its speaker, section and position, one
  toggle button per code (the tooltip is the code's definition), *previous* / *next*,
  and the coder's other codings that overlap the utterance (spans coded elsewhere,
  e.g. in NVivo or with ``project.code``).

Every change goes straight to the project file (and its audit trail); nothing is held
back in the widget, so a kernel restart loses nothing. A widget whose project the
notebook has closed opens the file again, so a click after "Run All" still writes.

Examples
--------
>>> from qualkit import Codebook, Corpus, Project, Transcript, Turn
>>> t = Transcript.from_turns("fg1", [Turn("Facilitator", "Who should decide?"),
...                                   Turn("P01", "People like us, and we should be paid.")],
...                           group="FG1")
>>> project = Project.in_memory()
>>> project.add_corpus(Corpus([t]))
>>> _ = project.set_codebook(Codebook([{"id": "voice", "name": "Public voice"},
...                                    {"id": "pay", "name": "Paying contributors"}]))
>>> s = CodingSession(project, "KS", roles=["participant"])
>>> s.current["speaker"], s.position
('P01', '1 of 1')
>>> s.toggle("pay")
True
>>> s.applied()
['pay']
>>> s.toggle("pay")
False
>>> len(project.codings())
0
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ._coder import KEYS, TranscriptCoder
from ._reconciler import RECONCILER_KEYS, Reconciler
from ._transcript_html import transcript_html
from ._validation import check_type
from ._widgetkit import live_project
from .errors import Errors, ProjectError

__all__ = ["CodingSession", "CodingPanel", "TranscriptCoder", "Reconciler", "transcript_html",
           "KEYS", "RECONCILER_KEYS"]


class CodingSession:
    """A coder's pass through a project's utterances, one at a time (no widgets needed).

    Parameters
    ----------
    project : qualkit.Project
        A project with a corpus and a codebook.
    coder : str
        Whose codings are shown and written.
    transcript_id : str or None
        Only this transcript; ``None`` goes through every transcript in order.
    codes : iterable of str or None
        The codes offered (ids from the codebook); ``None`` offers every code that has
        no children (the leaves), or all codes when the codebook is flat.
    roles : iterable of str or None
        Only utterances by these speaker roles (e.g. ``["participant"]``); ``None`` keeps all.

    Attributes
    ----------
    utterances : DataFrame
        The utterances gone through (``corpus.utterances`` rows, renumbered from 0).
    index : int
        Position of the current utterance in :attr:`utterances`.

    Raises
    ------
    ProjectError
        The project has no corpus or codebook, or ``transcript_id`` is not in it.
    UnknownCodeError
        A code in ``codes`` is not in the codebook.
    """

    def __init__(self, project: Any, coder: str, transcript_id: str | None = None,
                 codes: Iterable[str] | None = None, *,
                 roles: Iterable[str] | None = None) -> None:
        caller = "CodingSession"
        check_type(coder, str, param="coder", caller=caller)
        self._project = project
        self.coder = coder
        codebook = project.codebook          # raises Q211 when there is none
        u = project.corpus.utterances
        if transcript_id is not None:
            known = list(dict.fromkeys(u["transcript_id"]))
            if transcript_id not in known:
                raise ProjectError(Errors.Q204.format(
                    tid=transcript_id, where=f" in {caller}", n=len(known),
                    close=", ".join(map(repr, known[:5])) or "none"))
            u = u[u["transcript_id"] == transcript_id]
        if roles is not None:
            roles = [roles] if isinstance(roles, str) else list(roles)
            u = u[u["role"].isin(roles)]
        self.utterances: pd.DataFrame = u.reset_index(drop=True)
        if codes is None:
            ids = codebook.ids
            leaves = [c for c in ids if not codebook.children(c)]
            self.codes: list[str] = leaves or list(ids)
        else:
            codes = [codes] if isinstance(codes, str) else list(codes)
            for c in codes:
                codebook.check(c, where=f" ({caller} codes)")
            self.codes = codes
        self.names = {c: codebook[c].name for c in self.codes}
        self.definitions = {c: codebook[c].definition for c in self.codes}
        self.index = 0

    @property
    def project(self) -> Any:
        """The project written to (reopened from its file if the notebook closed it)."""
        self._project = live_project(self._project, "CodingSession")
        return self._project

    # -------------------------------------------------------------- position
    def __len__(self) -> int:
        return len(self.utterances)

    @property
    def current(self) -> pd.Series:
        """The current utterance (a row of :attr:`utterances`)."""
        if not len(self):
            raise ProjectError(Errors.Q211.format(caller="CodingSession.current",
                                                  what="utterances to code",
                                                  fix="project.add_corpus (or wider roles)"))
        return self.utterances.iloc[self.index]

    @property
    def position(self) -> str:
        """``"3 of 120"``."""
        return f"{self.index + 1 if len(self) else 0} of {len(self)}"

    def go(self, index: int) -> pd.Series:
        """Move to utterance ``index`` (clipped to the first/last); return it."""
        check_type(index, int, param="index", caller="CodingSession.go")
        self.index = max(0, min(int(index), len(self) - 1))
        return self.current

    def next(self) -> pd.Series:
        """Move to the next utterance (stays on the last); return it."""
        return self.go(self.index + 1)

    def previous(self) -> pd.Series:
        """Move to the previous utterance (stays on the first); return it."""
        return self.go(self.index - 1)

    def next_uncoded(self) -> pd.Series:
        """Move to the next utterance this coder has not coded at all (or the last)."""
        done = self._coded_spans()
        for i in range(self.index + 1, len(self)):
            r = self.utterances.iloc[i]
            if not any(s < r["end"] and e > r["start"]
                       for s, e in done.get(r["transcript_id"], ())):
                return self.go(i)
        return self.go(len(self) - 1)

    # -------------------------------------------------------------- codings
    def _mine(self) -> pd.DataFrame:
        r = self.current
        c = self.project.codings(coder=self.coder, transcript_id=r["transcript_id"])
        return c[(c["start"] < r["end"]) & (c["end"] > r["start"])]

    def _coded_spans(self) -> dict[str, list[tuple[int, int]]]:
        c = self.project.codings(coder=self.coder)
        out: dict[str, list[tuple[int, int]]] = {}
        for tid, s, e in zip(c["transcript_id"], c["start"], c["end"]):
            out.setdefault(tid, []).append((int(s), int(e)))
        return out

    def applied(self) -> list[str]:
        """Codes this coder has applied to the whole current utterance (in offer order)."""
        r = self.current
        m = self._mine()
        whole = set(m.loc[(m["start"] == r["start"]) & (m["end"] == r["end"]), "code_id"])
        return [c for c in self.codes if c in whole] + sorted(whole - set(self.codes))

    def overlapping(self) -> pd.DataFrame:
        """This coder's codings that touch the utterance without covering exactly it.

        Columns ``coding_id, code_id, start, end, text`` (spans coded with
        ``project.code`` or imported from another tool).
        """
        r = self.current
        m = self._mine()
        m = m[(m["start"] != r["start"]) | (m["end"] != r["end"])]
        return m[["coding_id", "code_id", "start", "end", "text"]].reset_index(drop=True)

    def toggle(self, code_id: str, memo: str | None = None) -> bool:
        """Apply ``code_id`` to the whole current utterance, or remove it if applied.

        Returns
        -------
        bool
            ``True`` if the code is now applied, ``False`` if it was removed.
        """
        self.project.codebook.check(code_id, where=" (CodingSession.toggle)")
        r = self.current
        m = self._mine()
        hits = m[(m["start"] == r["start"]) & (m["end"] == r["end"])
                 & (m["code_id"] == code_id)]
        if len(hits):
            for cid in hits["coding_id"]:
                self.project.uncode(int(cid), who=self.coder)
            return False
        self.project.code_utterance(self.coder, r["utterance_id"], code_id, memo)
        return True

    def set_codes(self, code_ids: Iterable[str]) -> list[str]:
        """Make exactly ``code_ids`` the applied codes of the current utterance; return them."""
        want = [code_ids] if isinstance(code_ids, str) else list(code_ids)
        have = self.applied()
        for c in have:
            if c not in want:
                self.toggle(c)
        for c in want:
            if c not in have:
                self.toggle(c)
        return self.applied()

    def progress(self) -> pd.DataFrame:
        """Per transcript: utterances gone through, how many this coder has coded."""
        done = self._coded_spans()
        coded = [any(s < e2 and e > s2 for s, e in done.get(t, ()))
                 for t, s2, e2 in zip(self.utterances["transcript_id"],
                                      self.utterances["start"], self.utterances["end"])]
        df = self.utterances[["transcript_id"]].assign(coded=coded)
        out = df.groupby("transcript_id", sort=False)["coded"].agg(["size", "sum"])
        return out.rename(columns={"size": "utterances", "sum": "coded"}).reset_index()

    def __repr__(self) -> str:
        return (f"<CodingSession coder={self.coder!r} utterance {self.position}, "
                f"{len(self.codes)} codes>")


def _ipywidgets() -> Any:
    try:
        import ipywidgets
    except ImportError as exc:
        raise ImportError(Errors.Q005.format(feature="CodingPanel", package="ipywidgets",
                                             extra="notebooks")) from exc
    return ipywidgets


class CodingPanel:
    """An ipywidgets panel for coding one utterance at a time.

    Parameters are those of :class:`CodingSession` (``roles`` keyword included). Display
    the panel as the last expression of a cell. ``panel.session`` is the logic;
    ``panel.widget`` the ipywidgets box; ``panel.buttons`` maps code ids to their toggle
    buttons.

    Raises
    ------
    ImportError
        ipywidgets is not installed (``pip install 'qualkit[notebooks]'``).
    """

    def __init__(self, project: Any, coder: str, transcript_id: str | None = None,
                 codes: Iterable[str] | None = None, *,
                 roles: Iterable[str] | None = None) -> None:
        w = _ipywidgets()
        self.session = CodingSession(project, coder, transcript_id, codes, roles=roles)
        self._w = w
        self._refreshing = False
        self.header = w.HTML()
        self.text = w.HTML(layout=w.Layout(border="1px solid #ccc", padding="6px 10px",
                                           max_height="14em", overflow="auto"))
        self.buttons: dict[str, Any] = {}
        for c in self.session.codes:
            b = w.ToggleButton(description=self.session.names[c] or c,
                               tooltip=f"{c}: {self.session.definitions[c]}".strip(": "),
                               layout=w.Layout(width="auto"))
            b.observe(self._on_toggle(c), names="value")
            self.buttons[c] = b
        self.prev_button = w.Button(description="◀ previous", layout=w.Layout(width="auto"))
        self.next_button = w.Button(description="next ▶", layout=w.Layout(width="auto"))
        self.skip_button = w.Button(description="next uncoded ▶▶",
                                    layout=w.Layout(width="auto"))
        self.prev_button.on_click(lambda _: self._move(self.session.previous))
        self.next_button.on_click(lambda _: self._move(self.session.next))
        self.skip_button.on_click(lambda _: self._move(self.session.next_uncoded))
        self.others = w.HTML()
        self.status = w.HTML()
        # one row of buttons per parent code (a theme or topic), labelled with its name
        codebook = project.codebook
        groups: dict[str | None, list[Any]] = {}
        for c, btn in self.buttons.items():
            groups.setdefault(codebook[c].parent, []).append(btn)
        rows = []
        for parent, btns in groups.items():
            wrap = w.HBox(btns, layout=w.Layout(flex_flow="row wrap"))
            if parent is None or len(groups) == 1:
                rows.append(wrap)
            else:
                label = w.HTML(f"<small><b>{html.escape(codebook[parent].name)}</b></small>",
                               layout=w.Layout(width="11em", flex="0 0 auto"))
                rows.append(w.HBox([label, wrap]))
        self.widget = w.VBox([
            self.header, self.text,
            w.VBox(rows),
            self.others,
            w.HBox([self.prev_button, self.next_button, self.skip_button, self.status]),
        ])
        self.refresh()

    # ------------------------------------------------------------- callbacks
    def _on_toggle(self, code_id: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if self._refreshing:
                return
            try:
                now = self.session.toggle(code_id)
                self.status.value = (f"<i>{html.escape(self.session.names[code_id] or code_id)} "
                                     f"{'applied' if now else 'removed'}</i>")
            except Exception as exc:  # show the error in the panel, keep the panel alive
                self.status.value = f"<b style='color:#b00'>{html.escape(str(exc))}</b>"
            self.refresh(keep_status=True)
        return handler

    def _move(self, step: Any) -> None:
        step()
        self.refresh()

    def refresh(self, keep_status: bool = False) -> None:
        """Redraw the panel from the project (e.g. after coding elsewhere)."""
        s = self.session
        if not len(s):
            self.header.value = "<b>No utterances to code.</b>"
            return
        r = s.current
        esc = html.escape
        self.header.value = (
            f"<b>{esc(str(r['transcript_id']))}</b> · {esc(str(r['group']))} · "
            f"section <i>{esc(str(r['section']))}</i> · utterance {esc(s.position)} · "
            f"coder <b>{esc(s.coder)}</b>")
        self.text.value = (f"<b>{esc(str(r['speaker']))}</b> ({esc(str(r['role']))}): "
                           f"{esc(str(r['text']))}")
        applied = set(s.applied())
        self._refreshing = True
        try:
            for c, b in self.buttons.items():
                b.value = c in applied
                b.button_style = "success" if c in applied else ""
        finally:
            self._refreshing = False
        codebook = s.project.codebook
        extra = sorted(applied - set(self.buttons))
        other = s.overlapping()
        bits = []
        if extra:
            bits.append("also applied (not offered here): " + ", ".join(
                esc(codebook[c].name if c in codebook else c) for c in extra))
        for row in other.itertuples():
            name = codebook[row.code_id].name if row.code_id in codebook else row.code_id
            bits.append(f"{esc(name)} on “{esc(str(row.text)[:80])}”")
        self.others.value = ("<small>" + "<br>".join(bits) + "</small>") if bits else ""
        self.prev_button.disabled = s.index == 0
        self.next_button.disabled = s.index >= len(s) - 1
        if not keep_status:
            self.status.value = ""

    # ------------------------------------------------------------- display
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return f"<CodingPanel {self.session!r}>"
