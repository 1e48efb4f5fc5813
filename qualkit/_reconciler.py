"""Two coders side by side: :class:`Reconciler` (an anywidget) and its logic.

Where two coders coded the same text, the reconciler lists what they did, item by
item: on the character continuum (each stretch where they differ, with the codes
each gave it) or unit by unit (each turn or note whose codes differ). A person
accepts one side, both or neither; each decision is written at once as codings of
the consensus coder, with provenance, in the store :func:`qualkit.reconcile` writes
(``reconciled (manual: KS) from KS and KG: only KS``). A decision that writes nothing
is recorded as a memo on the transcript, so reopening the reconciler shows every
decision made. What both coders agree on is written with one action
(:meth:`Reconciler.keep_agreements`).

Examples
--------
>>> from qualkit import Codebook, Corpus, Project, Transcript, Turn
>>> t = Transcript.from_turns("t1", [Turn("P01", "Selling our records is wrong."),
...                                  Turn("P02", "It could save GPs time.")])
>>> p = Project.in_memory(); p.add_corpus(Corpus([t]))
>>> _ = p.set_codebook(Codebook([{"id": "sell", "name": "Selling"},
...                              {"id": "time", "name": "Saving time"}]))
>>> u = t.utterances
>>> for coder, i, code in [("KS", 0, "sell"), ("KG", 0, "sell"), ("KS", 1, "time")]:
...     _ = p.code(coder, "t1", int(u.start[i]), int(u.end[i]), code)
>>> rec = Reconciler(p, coders=("KS", "KG"))
>>> rec.items[["kind", "status", "codes_a", "codes_b", "text"]].values.tolist()
[['agree', 'to keep', ['sell'], ['sell'], 'Selling our records is wrong.'], ['differ', 'pending', ['time'], [], 'It could save GPs time.']]
>>> rec.keep_agreements(), rec.decide(1, "KS")
([4], [5])
>>> p.codings(coder="consensus")[["code_id", "provenance"]].values.tolist()
[['sell', 'reconciled (manual) from KS and KG: agreed'], ['time', 'reconciled (manual: KS) from KS and KG: only KS']]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._coder import blocks
from ._units import intersect, merge_intervals, subtract
from ._validation import check_option
from ._widgetkit import colours, live_project, widget_class
from .errors import Errors, InvalidParameterError, ProjectError

__all__ = ["Reconciler", "ITEM_COLUMNS", "RECONCILER_KEYS"]

#: Columns of :attr:`Reconciler.items`.
ITEM_COLUMNS = ["item", "transcript_id", "start", "end", "kind", "status", "codes_a", "codes_b",
                "codes_both", "speakers", "text"]

#: The reconciler's keyboard (key, what it does).
RECONCILER_KEYS = [
    ("j / ↓", "next item"),
    ("k / ↑", "previous item"),
    ("1", "accept the first coder's codes here"),
    ("2", "accept the second coder's codes here"),
    ("3", "accept both"),
    ("0", "accept neither"),
    ("n", "next undecided difference"),
    ("g", "keep every agreement (write it to the consensus)"),
    ("a", "show or hide the agreements"),
    ("PageDown / PageUp", "next / previous page"),
]

_EMPTY = np.empty((0, 2), dtype=np.int64)
_MANUAL = re.compile(r"^reconciled \(manual: (.+?)\) from ")
_MEMO = re.compile(r"^Reconciliation of (.+) and (.+) at \[(\d+), (\d+)\): (.+)\.$")


def _group(pieces: list[tuple[int, int, str, str]]) -> list[list[tuple[int, int, str, str]]]:
    """Pieces ``(start, end, code, side)`` grouped into runs that overlap or touch."""
    out: list[list[tuple[int, int, str, str]]] = []
    end = -1
    for p in sorted(pieces):
        if out and p[0] <= end:
            out[-1].append(p)
            end = max(end, p[1])
        else:
            out.append([p])
            end = p[1]
    return out


class Reconciler:
    """Reconcile two coders' codings, side by side, into a consensus coder.

    Parameters
    ----------
    project : qualkit.Project
        A project with both coders' codings (reopened from its file if the notebook
        closes it while the widget is shown).
    coders : pair of str
        The two coders, e.g. ``("KS", "KG")``.
    transcript_id : str or list of str, optional
        The transcripts to reconcile (default: all).
    unit : {"character", "utterance"}, default="character"
        ``"character"``: each stretch of text where the coders differ (the character
        continuum, as NVivo compares coders); ``"utterance"``: each turn or note whose
        codes differ (a code counts for a unit when a coding overlaps it).
    consensus : str, default="consensus"
        The coder the decisions are written as.
    who : str, optional
        Who reconciles, for the audit log (default: ``consensus``).
    show_agreements : bool, default=False
        List the agreements beside the differences.
    page_size : int, default=100
        Items drawn at once.

    Attributes
    ----------
    items : DataFrame
        One row per item, columns :data:`ITEM_COLUMNS`: ``kind`` is ``differ`` or
        ``agree``; ``status`` is ``pending``, a coder's name, ``both``, ``neither`` or
        ``mixed`` for a difference, ``kept``, ``to keep`` or ``dropped`` (decided
        ``neither``) for an agreement;
        ``codes_a``/``codes_b`` the codes each coder gave the stretch, ``codes_both``
        those they share; ``text`` the stretch's text.
    pieces : DataFrame
        What a decision writes: ``item, transcript_id, start, end, code_id, side``
        (``agreed`` or the coder who alone coded it), ``covered`` (in the consensus
        already) and ``label`` (the decision that wrote it).
    """

    def __init__(self, project: Any, coders: Sequence[str], transcript_id: Any = None, *,
                 unit: str = "character", consensus: str = "consensus", who: str | None = None,
                 show_agreements: bool = False, page_size: int = 100) -> None:
        caller = "Reconciler"
        pair = [coders] if isinstance(coders, str) else list(coders)
        if len(pair) != 2 or not all(isinstance(c, str) and c for c in pair) or pair[0] == pair[1]:
            raise InvalidParameterError(Errors.Q001.format(
                param="coders", caller=caller, expected="two different coder names, e.g. "
                "('KS', 'KG')", found=coders))
        check_option(unit, ["character", "utterance"], param="unit", caller=caller)
        self._project = project
        self.coders = tuple(pair)
        known = list(project.coders)
        for c in pair:
            if c not in known:
                raise ProjectError(Errors.Q903.format(caller=caller, what="coder", found=c,
                                                      where="the project's codings",
                                                      known=known or "nobody yet"))
        if consensus in pair:
            raise InvalidParameterError(Errors.Q001.format(
                param="consensus", caller=caller, expected="a coder name other than the two "
                "being reconciled", found=consensus))
        corpus = project.corpus
        ids = [t.id for t in corpus]
        if transcript_id is None:
            tids = ids
        else:
            tids = [transcript_id] if isinstance(transcript_id, str) else list(transcript_id)
            for tid in tids:
                if tid not in ids:
                    raise ProjectError(Errors.Q204.format(
                        tid=tid, where=f" in {caller}", n=len(ids),
                        close=", ".join(map(repr, ids[:5])) or "none"))
        self.transcript_ids = tids
        self.unit = unit
        self.consensus = consensus
        self.who = who or consensus
        self.show_agreements = bool(show_agreements)
        self.page_size = max(1, int(page_size))
        self.page = 0
        self.current: int | None = None
        self._texts = {t: corpus[t].text for t in tids}
        self._blocks = {t: blocks(corpus[t]) for t in tids}
        cb = project.codebook
        self.names = {c: cb[c].name or c for c in cb.ids}
        self.colours = colours(cb)
        self._build()
        self.widget = _widget_class()()
        w = self.widget
        w.coders = list(self.coders)
        w.unit = unit
        w.consensus = consensus
        w.keymap = [list(k) for k in RECONCILER_KEYS]
        w.title = (f"{self.coders[0]} and {self.coders[1]} on "
                   + (tids[0] if len(tids) == 1 else f"{len(tids)} transcripts"))
        w.on_msg(self._on_msg)
        self.current = self._first(pending=True)
        self._draw()

    @property
    def project(self) -> Any:
        """The project written to (reopened from its file if it was closed)."""
        self._project = live_project(self._project, "Reconciler")
        return self._project

    # ------------------------------------------------------------------ items
    def _build(self) -> None:
        a, b = self.coders
        codings = self.project.codings(coder=list(self.coders), transcript_id=self.transcript_ids)
        rows, pieces = [], []
        for tid in self.transcript_ids:
            g = codings[codings["transcript_id"] == tid]
            if g.empty:
                continue
            groups = self._char_groups(g) if self.unit == "character" else self._unit_groups(g, tid)
            text = self._texts[tid]
            blk = self._blocks[tid]
            for grp in groups:
                s = min(p[0] for p in grp)
                e = max(p[1] for p in grp)
                k = len(rows)
                codes = {side: list(dict.fromkeys(p[2] for p in grp if p[3] == side))
                         for side in ("agreed", a, b)}
                both = codes["agreed"]
                differ = bool(codes[a] or codes[b])
                sp = blk[(blk["start"] < e) & (blk["end"] > s)]["speaker"]
                rows.append({"item": k, "transcript_id": tid, "start": s, "end": e,
                             "kind": "differ" if differ else "agree", "status": "",
                             "codes_a": both + [c for c in codes[a] if c not in both],
                             "codes_b": both + [c for c in codes[b] if c not in both],
                             "codes_both": both,
                             "speakers": ", ".join(dict.fromkeys(x or "note" for x in sp)),
                             "text": text[s:e]})
                pieces.extend((k, tid, p[0], p[1], p[2], p[3]) for p in grp)
        self.items = pd.DataFrame(rows, columns=ITEM_COLUMNS)
        self.pieces = pd.DataFrame(pieces, columns=["item", "transcript_id", "start", "end",
                                                    "code_id", "side"])
        for col in ("start", "end"):
            self.items[col] = self.items[col].astype("int64")
            self.pieces[col] = self.pieces[col].astype("int64")
        self._item_pieces: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for k, ps, pe, side in zip(self.pieces["item"], self.pieces["start"], self.pieces["end"],
                                   self.pieces["side"]):
            self._item_pieces[int(k)].append((int(ps), int(pe), side))
        self._rows: dict[int, dict[str, Any]] = {}      # what an item shows, but its status
        self._statuses()

    def _char_groups(self, g: pd.DataFrame) -> list[list[tuple[int, int, str, str]]]:
        a, b = self.coders
        out = []
        for code, gc in g.groupby("code_id", sort=False):
            iv = {}
            for c in (a, b):
                x = gc[gc["coder"] == c]
                iv[c] = merge_intervals(x["start"].to_numpy(), x["end"].to_numpy()) \
                    if len(x) else _EMPTY
            out += [(int(s), int(e), code, "agreed") for s, e in intersect(iv[a], iv[b])]
            out += [(int(s), int(e), code, a) for s, e in subtract(iv[a], iv[b])]
            out += [(int(s), int(e), code, b) for s, e in subtract(iv[b], iv[a])]
        return _group(out)

    def _unit_groups(self, g: pd.DataFrame, tid: str) -> list[list[tuple[int, int, str, str]]]:
        a, b = self.coders
        blk = self._blocks[tid]
        bs, be = blk["start"].to_numpy(), blk["end"].to_numpy()
        per: dict[int, dict[tuple[str, str], list[tuple[int, int]]]] = defaultdict(
            lambda: defaultdict(list))
        for r in g.itertuples(index=False):
            lo = int(np.searchsorted(be, r.start, side="right"))
            hi = int(np.searchsorted(bs, r.end, side="left"))
            for k in range(lo, hi):
                per[k][(r.code_id, r.coder)].append((max(int(r.start), int(bs[k])),
                                                     min(int(r.end), int(be[k]))))
        out = []
        for k in sorted(per):
            spans = per[k]
            codes = list(dict.fromkeys(code for code, _ in spans))
            grp = []
            for code in codes:
                sa, sb = spans.get((code, a), []), spans.get((code, b), [])
                if sa and sb:
                    side, mine = "agreed", sa + sb
                else:
                    side, mine = (a, sa) if sa else (b, sb)
                iv = merge_intervals(np.array([s for s, _ in mine]), np.array([e for _, e in mine]))
                grp += [(int(s), int(e), code, side) for s, e in iv]
            out.append(grp)
        return out

    def _reconciled(self, transcript_id: Any) -> pd.DataFrame:
        """The consensus coder's codings that a reconciliation wrote."""
        cons = self.project.codings(coder=self.consensus, transcript_id=transcript_id)
        return cons[cons["provenance"].fillna("").str.startswith("reconciled")]

    def _statuses(self) -> None:
        """Each item's status, read from the consensus codings and reconciliation memos."""
        a, b = self.coders
        cons = self._reconciled(self.transcript_ids)
        # plain lists: this runs after every decision, over every piece of every item
        by: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
        for tid, code, cs, ce, prov in zip(cons["transcript_id"], cons["code_id"],
                                           cons["start"], cons["end"], cons["provenance"]):
            by[(tid, code)].append((int(cs), int(ce), str(prov)))
        pieces = self.pieces
        covered, labels = [], []
        per: dict[int, list[tuple[str, bool, str | None]]] = defaultdict(list)
        for item, tid, code, ps, pe, side in zip(pieces["item"], pieces["transcript_id"],
                                                  pieces["code_id"], pieces["start"],
                                                  pieces["end"], pieces["side"]):
            hits = [prov for cs, ce, prov in by.get((tid, code), ()) if cs < pe and ce > ps]
            found = {m[1] for m in map(_MANUAL.match, hits) if m}
            label = found.pop() if len(found) == 1 else None
            covered.append(bool(hits))
            labels.append(label)
            per[int(item)].append((side, bool(hits), label))
        pieces["covered"] = pd.Series(covered, dtype=bool, index=pieces.index)
        pieces["label"] = pd.Series(labels, dtype=object, index=pieces.index)
        memos = {}
        for m in self.project.memos("transcript").itertuples(index=False):
            hit = _MEMO.match(str(m.text))
            if hit and (hit[1], hit[2]) == (a, b):
                memos[(m.target_id, int(hit[3]), int(hit[4]))] = hit[5]
        status = []
        for it in self.items.itertuples(index=False):
            mine = per[int(it.item)]
            if it.kind == "agree":
                dropped = memos.get((it.transcript_id, it.start, it.end)) == "neither"
                status.append("kept" if all(c for _, c, _ in mine) else
                              "dropped" if dropped else "to keep")
                continue
            said = {lab for sd, c, lab in mine if sd != "agreed" and c}
            if len(said) == 1 and None not in said:      # written by a person's decision
                status.append(said.pop())
                continue
            side = {c: [cv for sd, cv, _ in mine if sd == c] for c in (a, b)}
            got = {c: any(side[c]) for c in (a, b)}
            full = {c: all(side[c]) for c in (a, b)}
            if not got[a] and not got[b]:
                status.append(memos.get((it.transcript_id, it.start, it.end), "pending"))
            elif got[a] and got[b]:
                status.append("both" if full[a] and full[b] else "mixed")
            else:
                c = a if got[a] else b
                status.append(c if full[c] else "mixed")
        self.items["status"] = pd.Series(status, dtype=object, index=self.items.index)

    # ------------------------------------------------------------------ decisions
    def _item(self, item: int) -> pd.Series:
        if not isinstance(item, (int, np.integer)) or not 0 <= int(item) < len(self.items):
            raise InvalidParameterError(Errors.Q903.format(
                caller="Reconciler", what="item", found=item, where="the items",
                known=f"0 to {len(self.items) - 1}" if len(self.items) else "none"))
        return self.items.iloc[int(item)]

    def decide(self, item: int, choice: str) -> list[int]:
        """Accept one coder's codes, ``"both"`` or ``"neither"`` on an item; return ids written.

        The item's earlier decision (consensus codings of its disputed stretches) is
        replaced. A decision that writes nothing is recorded as a memo on the
        transcript. On an agreement, any choice but ``"neither"`` keeps it.
        """
        a, b = self.coders
        it = self._item(item)
        label = choice if choice in (a, b) else str(choice).lower()
        check_option(label, [a, b, "both", "neither"], param="choice", caller="Reconciler.decide")
        mine = self.pieces[self.pieces["item"] == it["item"]]
        if it["kind"] == "agree":
            chosen = mine if label != "neither" else mine.iloc[0:0]
            prov = f"reconciled (manual) from {a} and {b}: agreed"
            provs = [prov] * len(chosen)
            disputed = mine
        else:
            disputed = mine[mine["side"] != "agreed"]
            chosen = disputed if label == "both" else disputed[disputed["side"] == label] \
                if label in (a, b) else disputed.iloc[0:0]
            provs = [f"reconciled (manual: {label}) from {a} and {b}: only {s}"
                     for s in chosen["side"]]
        project = self.project
        cons = self._reconciled(it["transcript_id"])
        old = [int(r.coding_id) for r in cons.itertuples(index=False)
               if ((disputed["code_id"] == r.code_id) & (disputed["start"] < r.end)
                   & (disputed["end"] > r.start)).any()]
        ids: list[int] = []
        with project.transaction():  # the new decision replaces the old one, all or nothing
            if len(chosen):
                batch = chosen[["transcript_id", "start", "end", "code_id"]].assign(
                    provenance=provs)
                ids = project.code_many(batch, coder=self.consensus, who=self.who)
            for cid in old:
                project.uncode(cid, who=self.who)
            if not ids:
                project.add_memo("transcript", it["transcript_id"],
                                 f"Reconciliation of {a} and {b} at [{it['start']}, "
                                 f"{it['end']}): {label}.", author=self.who)
        self._statuses()
        return ids

    def keep_agreements(self) -> list[int]:
        """Write every agreed stretch not yet in the consensus; return the ids written."""
        a, b = self.coders
        self._statuses()
        dropped = set(self.items[self.items["status"] == "dropped"]["item"])
        p = self.pieces
        todo = p[(p["side"] == "agreed") & ~p["item"].isin(dropped) & ~p["covered"]]
        if todo.empty:
            return []
        batch = todo[["transcript_id", "start", "end", "code_id"]].copy()
        batch["provenance"] = f"reconciled (manual) from {a} and {b}: agreed"
        ids = self.project.code_many(batch, coder=self.consensus, who=self.who)
        self._statuses()
        return ids

    def summary(self) -> dict[str, Any]:
        """Counts of differences (decided, pending), agreed stretches (kept), share agreed.

        ``share_agreed`` is, on the character continuum, the agreed characters over
        all characters either coder coded (code by code); unit by unit, the units
        that agree over all units either coder coded.
        """
        it = self.items
        diff = it[it["kind"] == "differ"]
        agree = it[it["kind"] == "agree"]
        kept = self.pieces.loc[self.pieces["side"] == "agreed", "covered"]
        if self.unit == "character":
            n = (self.pieces["end"] - self.pieces["start"])
            agreed = int(n[self.pieces["side"] == "agreed"].sum())
            total = int(n.sum())
        else:
            agreed, total = len(agree), len(it)
        return {"differences": len(diff), "decided": int((diff["status"] != "pending").sum()),
                "pending": int((diff["status"] == "pending").sum()),
                "agreements": int(len(kept)), "agreements_kept": int(kept.sum()),
                "share_agreed": agreed / total if total else float("nan")}

    # ------------------------------------------------------------------ moving
    def _shown(self) -> pd.DataFrame:
        it = self.items
        return it if self.show_agreements else it[it["kind"] == "differ"]

    def _first(self, pending: bool = False) -> int | None:
        shown = self._shown()
        if pending:
            p = shown[shown["status"] == "pending"]
            if len(p):
                return int(p["item"].iloc[0])
        return int(shown["item"].iloc[0]) if len(shown) else None

    def go(self, item: int) -> int:
        """Make ``item`` the current one (and show its page)."""
        self._item(item)
        self.current = int(item)
        order = list(self._shown()["item"])
        if self.current in order:
            self.page = order.index(self.current) // self.page_size
        self._draw()
        return self.current

    def next(self, step: int = 1) -> int | None:
        """Move to the next (``step=1``) or previous (``-1``) item shown."""
        order = list(self._shown()["item"])
        if not order:
            return None
        if self.current not in order:
            return self.go(order[0])
        k = max(0, min(len(order) - 1, order.index(self.current) + step))
        return self.go(order[k])

    def next_pending(self) -> int | None:
        """Move to the next undecided difference (wrapping around); None when none is left."""
        it = self.items
        p = list(it[(it["kind"] == "differ") & (it["status"] == "pending")]["item"])
        if not p:
            self.widget.status = "Every difference is decided."
            self._draw()
            return None
        after = [k for k in p if self.current is None or k > self.current]
        return self.go(after[0] if after else p[0])

    def set_show_agreements(self, show: bool) -> None:
        """List the agreements too (or only the differences)."""
        self.show_agreements = bool(show)
        order = list(self._shown()["item"])
        if self.current not in order:
            self.current = order[0] if order else None
        self.page = order.index(self.current) // self.page_size if self.current in order else 0
        self._draw()

    @property
    def pages(self) -> int:
        """Number of pages of items shown."""
        return max(1, -(-len(self._shown()) // self.page_size))

    def go_page(self, page: int) -> int:
        """Show page ``page`` (0-based, clipped)."""
        self.page = max(0, min(int(page), self.pages - 1))
        self._draw()
        return self.page

    # ------------------------------------------------------------------ drawing
    def _segments(self, item: int, s: int, e: int, text: str) -> list[list[str]]:
        """The item's text cut where the coders agree (``agree``) or differ (``differ``)."""
        mine = self._item_pieces.get(int(item), [])
        cuts = sorted({s, e} | {p[0] for p in mine} | {p[1] for p in mine})
        out: list[list[str]] = []
        for a, z in zip(cuts, cuts[1:]):
            on = [p[2] for p in mine if p[0] < z and p[1] > a]
            kind = "differ" if any(x != "agreed" for x in on) else "agree" if on else ""
            piece = text[a:z]
            if len(piece) > 300:
                piece = piece[:140] + " … " + piece[-140:]
            if out and out[-1][1] == kind:
                out[-1][0] += piece
            else:
                out.append([piece, kind])
        return out

    def _side(self, codes: list[str], both: list[str]) -> list[dict[str, Any]]:
        return [{"code": c, "name": self.names.get(c, c), "colour": self.colours.get(c, "#888"),
                 "disputed": c not in both} for c in codes]

    def refresh(self) -> None:
        """Read both coders' codings and the decisions from the project file again; redraw.

        For codings made elsewhere since the reconciler was opened (items are numbered
        anew).
        """
        self._build()
        if self.current is None or self.current >= len(self.items):
            self.current = self._first(pending=True)
        self._draw()

    def _row(self, it: Any) -> dict[str, Any]:
        """What the widget shows of an item (its text in context, each side's codes)."""
        text = self._texts[it.transcript_id]
        blk = self._blocks[it.transcript_id]
        starts, ends = blk["start"].to_numpy(), blk["end"].to_numpy()
        i = int(np.searchsorted(ends, it.start, side="right"))      # block holding the start
        bs = int(starts[i]) if i < len(starts) and starts[i] <= it.start else it.start
        j = int(np.searchsorted(ends, it.end, side="left"))         # block holding the end
        be = int(ends[j]) if j < len(ends) and starts[j] < it.end else it.end
        before = text[max(bs, it.start - 140):it.start]
        after = text[it.end:min(be, it.end + 140)]
        return {"item": int(it.item), "tid": it.transcript_id, "start": int(it.start),
                "end": int(it.end), "kind": it.kind, "speakers": it.speakers,
                "before": ("…" if max(bs, it.start - 140) > bs else "") + before,
                "mark": self._segments(it.item, it.start, it.end, text),
                "after": after + ("…" if min(be, it.end + 140) < be else ""),
                "a": self._side(it.codes_a, it.codes_both),
                "b": self._side(it.codes_b, it.codes_both)}

    def _draw(self) -> None:
        with self.widget.hold_sync():
            self._draw_items()

    def _draw_items(self) -> None:
        w = self.widget
        shown = self._shown()
        lo = self.page * self.page_size
        rows = []
        for it in shown.iloc[lo:lo + self.page_size].itertuples(index=False):
            if int(it.item) not in self._rows:
                self._rows[int(it.item)] = self._row(it)
            rows.append({**self._rows[int(it.item)], "status": it.status})
        w.items = rows
        w.current = -1 if self.current is None else int(self.current)
        w.page, w.pages = self.page, self.pages
        w.show_agreements = self.show_agreements
        w.summary = self.summary()

    # ------------------------------------------------------------------ browser
    def _on_msg(self, _widget: Any, msg: dict[str, Any], _buffers: Any) -> None:
        try:
            self._handle(msg)
            self.widget.error = ""
        except Exception as exc:  # show the qualkit error; the widget stays alive
            self.widget.error = str(exc)
            self._draw()

    def _handle(self, msg: dict[str, Any]) -> None:
        kind = msg.get("type")
        if kind == "decide":
            item = int(msg["item"]) if msg.get("item") is not None else self.current
            if item is None:
                return
            choice = msg["choice"]
            if choice in ("1", "2"):
                choice = self.coders[int(choice) - 1]
            ids = self.decide(item, choice)
            label = self.items.iloc[item]["status"]
            self.widget.status = (f"Item {item}: {label} ({len(ids)} consensus coding(s) "
                                  "written).")
            if item == self.current and msg.get("advance", True):
                if self.next_pending() is None:
                    self._draw()
            else:
                self._draw()
        elif kind == "go":
            self.go(int(msg["item"]))
        elif kind == "move":
            self.next(int(msg.get("step", 1)))
        elif kind == "next_pending":
            self.next_pending()
        elif kind == "keep_agreements":
            ids = self.keep_agreements()
            self.widget.status = f"{len(ids)} agreed stretch(es) written to {self.consensus}."
            self._draw()
        elif kind == "show_agreements":
            self.set_show_agreements(bool(msg.get("show", not self.show_agreements)))
        elif kind == "page":
            self.go_page(int(msg["page"]))

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        s = self.summary()
        return (f"<Reconciler {self.coders[0]} and {self.coders[1]} ({self.unit}): "
                f"{s['differences']} differences, {s['pending']} pending, "
                f"{s['agreements']} agreements>")


def _widget_class() -> Any:
    return widget_class("Reconciler", "reconciler.js", lambda tl: {
        "title": tl.Unicode(""), "coders": tl.List(), "unit": tl.Unicode(""),
        "consensus": tl.Unicode(""), "items": tl.List(), "current": tl.Int(-1),
        "show_agreements": tl.Bool(False), "summary": tl.Dict()})
