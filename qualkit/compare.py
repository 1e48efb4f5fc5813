"""Comparing two coders' codings, and reconciling them into a consensus.

:func:`compare_coders` measures agreement per code at the unit a study chooses:

- ``unit="utterance"`` or ``"sentence"``: a code is present or absent in each unit
  for each coder (a coding marks every unit it overlaps);
- ``unit="character"``: NVivo's coding comparison query reproduced exactly, per
  code and transcript (both, A only, B only, neither, in characters; percentage
  agreement and kappa), plus pooled counts per code across transcripts (not an
  average of kappas) and alpha, AC1 and Brennan-Prediger from the same counts;
  ``coded_only=True`` measures on coded text only (the union of both coders'
  spans), so that uncoded text does not dominate; and ``u_alpha``, Krippendorff's
  unitizing alpha for the code on the character continuum of all transcripts end
  to end, with no pre-segmentation (Krippendorff 1995); and in ``.unitizing`` the
  alpha family of Krippendorff (2019, sec. 12.6) that ATLAS.ti reports, per
  semantic domain (a codebook root; all codes form one domain without a codebook):
  ``|u_alpha`` (alpha-binary), ``u_alpha``, ``cu_alpha`` and ``(k)u_alpha`` per code
  (also in ``by_code`` as ``ku_alpha``), and across domains ``Cu_alpha``; codes of
  one domain may overlap (ATLAS.ti forbids it), which ``note`` reports;
- ``unit="segment"``: MAXQDA's three criteria -- code present in the document,
  code frequency, and segment agreement (a segment matches when the other coder
  coded the same code over at least ``overlap`` of its length) -- with
  Brennan-Prediger chance correction.

A coder's overlapping spans of one code are merged first, so nothing is counted
twice (QualCoder counts them as "dual coded").

:func:`reconcile` turns two codings into a consensus coder: agreements are kept,
disagreements resolved by a rule or left for a person, and each consensus span
says where it came from.

Examples
--------
>>> import pandas as pd
>>> from qualkit.corpus import Corpus, Transcript, Turn
>>> t = Transcript.from_turns("t1", [Turn("P01", "I worry about hackers."),
...                                  Turn("P02", "Selling data is wrong."),
...                                  Turn("P03", "It could save GPs time.")])
>>> u = t.utterances
>>> rows = [("A", "t1", u.start[0], u.end[0], "breaches"), ("B", "t1", u.start[0], u.end[0], "breaches"),
...         ("A", "t1", u.start[1], u.end[1], "commercial"), ("B", "t1", u.start[2], u.end[2], "commercial")]
>>> codings = pd.DataFrame(rows, columns=["coder", "transcript_id", "start", "end", "code_id"])
>>> rep = compare_coders(codings, coders=("A", "B"), unit="utterance", corpus=Corpus([t]))
>>> rep.by_code[["code_id", "n_units", "both", "a_only", "b_only", "neither", "percent_agreement"]]
      code_id  n_units  both  a_only  b_only  neither  percent_agreement
0    breaches        3     1       0       0        2           1.000000
1  commercial        3     0       1       1        1           0.333333
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._units import (
    intersect, length, merge_intervals, presence, resolve_codings, roll_up, subtract, units_table,
)
from ._validation import check_option
from .corpus import Corpus
from .errors import Errors, InvalidParameterError

__all__ = ["compare_coders", "reconcile", "ComparisonReport", "Reconciliation",
           "interpret_kappa", "interpret_alpha"]

Unit = Literal["utterance", "sentence", "character", "segment"]


# --------------------------------------------------------------------- helpers
def interpret_kappa(value: float) -> str:
    """Landis & Koch (1977) label for a kappa-like coefficient's point estimate.

    >>> interpret_kappa(0.72), interpret_kappa(-0.1), interpret_kappa(float("nan"))
    ('substantial', 'poor', 'undefined')
    """
    from .agreement._benchmark import point_level

    return point_level(value, "landis-koch")


def interpret_alpha(value: float) -> str:
    """Krippendorff's (2004) rule: >= .800 reliable, >= .667 tentative, else unreliable.

    >>> interpret_alpha(0.81), interpret_alpha(0.7), interpret_alpha(0.5)
    ('reliable (>= .800)', 'tentative (>= .667)', 'unreliable (< .667)')
    """
    from .agreement._benchmark import point_level

    label = point_level(value, "krippendorff")
    return {"reliable": "reliable (>= .800)", "tentative": "tentative (>= .667)",
            "unreliable": "unreliable (< .667)"}.get(label, label)


def _binary_coefficients(both, a_only, b_only, neither) -> pd.DataFrame:
    """Closed-form two-coder coefficients; degenerate rows become NaN silently
    (the report's ``note`` column gives the reason instead of a warning per code)."""
    import warnings

    from .agreement import from_counts
    from .errors import QualkitWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QualkitWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        return from_counts(both, a_only, b_only, neither)


# --------------------------------------------------------------------- report
@dataclass
class ComparisonReport:
    """What :func:`compare_coders` returns.

    Attributes
    ----------
    by_code : DataFrame
        One row per code: ``code_id, n_units, n_a, n_b, both, a_only, b_only, neither,
        percent_agreement, kappa, pi, alpha, ac1, bp``; kappa's analytic ``se``,
        ``ci_low``, ``ci_high`` (95 %) and one-sided ``p_value`` and alpha's ``alpha_se``
        (Gwet's two-rater formulas, irrCAC's ``kappa2.table`` and ``krippen2.table``),
        ``[boot_ci_low, boot_ci_high,]`` with ``ci=True``; ``interpretation`` (kappa on
        Landis and Koch's scale) and ``alpha_interpretation`` (Krippendorff's), each
        naming its scale and benchmarked by Gwet's 95 % rule with the standard error
        (see :func:`qualkit.agreement.interpret`); and ``note``. ``pi`` is Scott's pi,
        which for two coders is also Fleiss' (1971) per-category kappa of the code.
    by_transcript : DataFrame
        The same per code and transcript (NVivo's rows at ``unit="character"``).
    overall : DataFrame
        One row pooled over every code.
    unitizing : DataFrame
        At ``unit="character"``: Krippendorff's alpha family per semantic domain
        (``domain, coefficient, category, alpha, d_o, d_e, coverage, n_units, note``):
        for each domain ``|u_alpha`` (ATLAS.ti's alpha-binary), ``u_alpha``,
        ``cu_alpha`` and ``(k)u_alpha`` per code; for ``"(all domains)"`` the same
        with the domains as categories, where ``cu_alpha`` is ATLAS.ti's Cu-alpha
        (named ``Cu_alpha``). Empty at other units.
    by_category : DataFrame
        At ``unit="utterance"`` or ``"sentence"``: per semantic domain (codebook root;
        all codes form one domain without a codebook), Fleiss' (1971) kappa for each
        code of the domain and for ``"(none)"`` (no code of the domain), each judged
        present or absent, so it applies to units that carry several codes; and a row
        ``"(all categories)"`` with the domain's multi-category Fleiss' and Cohen's
        kappa where each coder gave each unit at most one of its codes (otherwise NaN,
        and ``note`` says how many units carry several). Columns
        ``domain, category, n_units, share, kappa, se, ci_low, ci_high, p_value,
        cohen_kappa, interpretation, note``. Empty at other units.
    """

    coders: tuple[str, str]
    unit: str
    by_code: pd.DataFrame
    by_transcript: pd.DataFrame
    overall: pd.DataFrame
    _disagreements: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    unitizing: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    level: int | None = None
    by_category: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    def disagreements(self, code_id: str | None = None) -> pd.DataFrame:
        """Units (or character stretches) where the coders differ, with their text.

        Columns: ``transcript_id, start, end, code_id, text, <coder A>, <coder B>``
        where the coder columns say ``coded`` or ``not coded``.
        """
        d = self._disagreements
        if code_id is not None:
            d = d[d["code_id"] == code_id]
        return d.reset_index(drop=True).copy()

    @property
    def table(self) -> pd.DataFrame:
        """The per-code table (alias of :attr:`by_code`)."""
        return self.by_code

    def _names(self) -> dict[str, str]:
        """code id -> the codebook's name (the id when there is no name)."""
        if "code_name" not in self.by_code:
            return {}
        return {c: (n if isinstance(n, str) and n else c)
                for c, n in zip(self.by_code["code_id"], self.by_code["code_name"])}

    @property
    def _what(self) -> str:
        return {0: "topic", 1: "theme"}.get(self.level, "code") if self.level is not None else "code"

    def plot(self, value: str = "kappa", ax: Any = None) -> Any:
        """Heatmap of ``value`` by code (rows, by name) and transcript (columns).

        Cells where the coefficient is not defined are grey, and the legend says why
        (the reasons of the ``note`` column). Returns the Axes.
        """
        import textwrap

        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch

        label = _VALUE_LABELS.get(value, value.replace("_", " "))
        piv = self.by_transcript.pivot_table(index="code_id", columns="transcript_id",
                                             values=value, aggfunc="mean", dropna=False)
        piv = piv.reindex([c for c in dict.fromkeys(self.by_code["code_id"]) if c in piv.index])
        names = self._names()
        if ax is None:
            h = max(3.0, 0.3 * len(piv) + 2.2)
            w = max(5.0, 0.45 * piv.shape[1] + 5.5)
            _, ax = plt.subplots(figsize=(w, h), constrained_layout=True)
        vals = piv.to_numpy(dtype=float)
        masked = np.ma.masked_invalid(vals)
        cmap = plt.get_cmap("RdYlGn").with_extremes(bad="#d9d9d9")
        im = ax.imshow(masked, cmap=cmap, vmin=-0.2 if value != "percent_agreement" else 0,
                       vmax=1, aspect="auto")
        ax.set_xticks(range(piv.shape[1]), piv.columns, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(len(piv)), [textwrap.fill(names.get(c, c), 34) for c in piv.index],
                      fontsize=8)
        ax.set_xlabel("Transcript", fontsize=9)
        ax.set_ylabel(self._what.capitalize(), fontsize=9)
        ax.set_title(f"{label} between {self.coders[0]} and {self.coders[1]}, "
                     f"by {self._what} and transcript ({self.unit}s)", fontsize=10)
        ax.figure.colorbar(im, ax=ax, label=label, shrink=0.8)
        if masked.mask.any():
            nan = self.by_transcript[self.by_transcript[value].isna()]
            why = [str(n).replace("no variance: ", "").replace("coder A", self.coders[0])
                   .replace("coder B", self.coders[1]) for n in dict.fromkeys(nan["note"]) if n]
            text = "Not defined" + (": " + "; ".join(why) if why else "")
            grey = [Patch(facecolor="#d9d9d9", label=textwrap.fill(text, 70))]
            if type(ax.figure.get_layout_engine()).__name__ == "ConstrainedLayoutEngine":
                ax.figure.legend(handles=grey, loc="outside lower center", frameon=False, fontsize=8)
            else:
                ax.legend(handles=grey, loc="upper center", bbox_to_anchor=(0.5, -0.25),
                          frameon=False, fontsize=8)
        return ax

    def _guard(self, frames: list[pd.DataFrame], allow_identifiers: bool) -> None:
        """The identifier scan over every table a file would hold (cells and labels)."""
        from .privacy import check_export

        for df in frames:
            check_export(df, allow_identifiers=allow_identifiers)
            check_export([str(c) for c in df.columns], allow_identifiers=allow_identifiers)

    def to_csv(self, path: str | Path, *, allow_identifiers: bool = False) -> Path:
        """Write the per-code table to CSV, after the identifier scan (Q501 refuses it)."""
        from ._export import write_csv

        self._guard([self.by_code], allow_identifiers)
        return write_csv(self.by_code, path, index=False)

    def to_xlsx(self, path: str | Path, *, allow_identifiers: bool = False) -> Path:
        """Write per code, per transcript, overall and disagreements to sheets of one workbook.

        The disagreements sheet holds the text of each stretch the coders differ on, so
        every sheet passes the identifier scan first: with findings an
        :class:`~qualkit.errors.IdentifierFoundError` (Q501) names their places and
        nothing is written, unless ``allow_identifiers=True``.
        """
        from ._export import write_xlsx

        sheets = {"by_code": self.by_code, "by_transcript": self.by_transcript,
                  "overall": self.overall, "disagreements": self.disagreements()}
        if len(self.unitizing):
            sheets["unitizing"] = self.unitizing
        if len(self.by_category):
            sheets["by_category"] = self.by_category
        self._guard(list(sheets.values()), allow_identifiers)
        return write_xlsx(sheets, path, index=False)

    def to_docx(self, path: str | Path, digits: int = 2, *, paper: str = "A4",
                allow_identifiers: bool = False) -> Path:
        """Write the per-code table as a journal-style Word table (names, not ids).

        Columns: the code's name, units each coder coded, agreement (%), Cohen's kappa,
        Krippendorff's alpha, Gwet's AC1 and the interpretation; a footnote gives the
        unit and the scales.
        """
        from .report._docx import add_table, new_document

        p = Path(path)
        a, b = self.coders
        title = f"Agreement between {a} and {b} by {self._what} ({self.unit}s)"
        doc = new_document(title, author=f"{a}, {b}", paper=paper)
        add_table(doc, self.display_table(digits), title=title, notes=[self.display_note()])
        from ._export import atomic_output
        from .privacy import check_export
        from .report._document import docx_texts

        check_export(docx_texts(doc), allow_identifiers=allow_identifiers)

        with atomic_output(p) as tmp:
            doc.save(tmp)
        return p

    def display_table(self, digits: int = 2) -> pd.DataFrame:
        """The per-code table as a paper shows it: names, readable headers, percentages.

        Columns: the code's name (``theme`` or ``topic`` when rolled up), units each
        coder coded, agreement (%), Cohen's kappa, Krippendorff's alpha, Gwet's AC1 and
        the interpretation; "\u2013" where a value is not defined.
        """
        from .report._docx import percent

        a, b = self.coders
        names = self._names()
        bc = self.by_code

        def num(v: Any) -> str:
            return f"{v:.{digits}f}" if isinstance(v, (float, np.floating)) and np.isfinite(v) \
                else "\u2013"

        cols = {self._what: bc["code_id"].map(lambda c: names.get(c, c))}
        if "n_a" in bc:
            cols[f"coded by {a}"] = bc["n_a"].astype(int).astype(str)
            cols[f"coded by {b}"] = bc["n_b"].astype(int).astype(str)
        if "percent_agreement" in bc:
            cols["agreement"] = [percent(v) if np.isfinite(v) else "\u2013"
                                 for v in bc["percent_agreement"].astype(float)]
        for key in ("kappa", "alpha", "ac1", "bp"):
            if key in bc and (key != "bp" or "kappa" not in bc):
                cols[_VALUE_LABELS[key]] = bc[key].map(num)
        if "ci_low" in bc:
            cols["kappa 95% CI"] = [
                f"{num(lo)}\u2013{num(hi)}" if np.isfinite(lo) else "\u2013"
                for lo, hi in zip(bc["ci_low"].astype(float), bc["ci_high"].astype(float))]
        if "interpretation" in bc:
            # the scale is named once, in the note
            cols["interpretation"] = bc["interpretation"].fillna("").astype(str).str.replace(
                r" \(.*\)$", "", regex=True)
        return pd.DataFrame(cols)

    def display_note(self) -> str:
        """The footnote of :meth:`display_table`: unit, scales and intervals."""
        unit_word = {"utterance": "utterances", "sentence": "sentences", "character": "characters",
                     "segment": "coded segments"}[self.unit]
        return (f"Units of analysis: {unit_word}. 'Coded by' counts the {unit_word} each coder "
                "coded. Kappa's interpretation is its level on Landis and Koch's (1977) "
                "scale by Gwet's (2014) benchmarking: the highest level it reaches with 95 % "
                "probability given its standard error; the interval is Gwet's. Alpha is judged "
                "against Krippendorff's .667 (tentative) and .800 (reliable). \u2013: not defined.")


_VALUE_LABELS = {"kappa": "Cohen's kappa", "alpha": "Krippendorff's alpha", "ac1": "Gwet's AC1",
                 "pi": "Scott's pi", "bp": "Brennan-Prediger", "percent_agreement": "Agreement",
                 "u_alpha": "Unitizing alpha", "ku_alpha": "(k)u-alpha"}


def _by_unit(codings, units, codes, coders, coded_only, caller, a=None, b=None):
    if a is None:
        a = presence(codings[codings["coder"] == coders[0]], units, codes)
        b = presence(codings[codings["coder"] == coders[1]], units, codes)
    tids = units["transcript_id"].to_numpy()
    rows_t = []
    for tid in pd.unique(tids):
        m = tids == tid
        at, bt = a[m], b[m]
        both = (at & bt).sum(0)
        ao = (at & ~bt).sum(0)
        bo = (~at & bt).sum(0)
        ne = (~at & ~bt).sum(0)
        for k, code in enumerate(codes):
            rows_t.append((code, tid, int(m.sum()), int(both[k]), int(ao[k]), int(bo[k]),
                           int(ne[k])))
    by_t = pd.DataFrame(rows_t, columns=["code_id", "transcript_id", "n_units", "both", "a_only",
                                         "b_only", "neither"])
    both = (a & b).sum(0)
    ao = (a & ~b).sum(0)
    bo = (~a & b).sum(0)
    ne = (~a & ~b).sum(0)
    by_c = pd.DataFrame({"code_id": codes, "n_units": len(units), "both": both, "a_only": ao,
                         "b_only": bo, "neither": ne})
    if coded_only:
        by_c["neither"] = 0
        by_t["neither"] = 0
        by_c["n_units"] = by_c[["both", "a_only", "b_only"]].sum(1)
        by_t["n_units"] = by_t[["both", "a_only", "b_only"]].sum(1)
    # disagreements: units where exactly one coder applied the code
    diff = a ^ b
    ui, ci = np.nonzero(diff)
    dis = pd.DataFrame({
        "transcript_id": units["transcript_id"].to_numpy()[ui],
        "unit_id": units["unit_id"].to_numpy()[ui],
        "start": units["start"].to_numpy()[ui],
        "end": units["end"].to_numpy()[ui],
        "code_id": np.asarray(codes, dtype=object)[ci],
        "text": units["text"].to_numpy()[ui],
        coders[0]: np.where(a[ui, ci], "coded", "not coded"),
        coders[1]: np.where(b[ui, ci], "coded", "not coded"),
    }).sort_values(["code_id", "transcript_id", "start"], kind="stable")
    return by_c, by_t, dis


def _by_character(codings, corpus, codes, coders, coded_only):
    rows = []
    dis_rows = []
    texts = {t.id: t.text for t in corpus} if corpus is not None else {}
    tids = list(texts) if texts else list(pd.unique(codings["transcript_id"]))
    # row positions of each (code, transcript, coder): arrays, not a DataFrame per group
    grouped = codings.groupby(["code_id", "transcript_id", "coder"], sort=False).indices
    starts, ends = codings["start"].to_numpy(), codings["end"].to_numpy()
    empty = np.empty((0, 2), dtype=np.int64)
    for code in codes:
        for tid in tids:
            ga = grouped.get((code, tid, coders[0]))
            gb = grouped.get((code, tid, coders[1]))
            ia = empty if ga is None else merge_intervals(starts[ga], ends[ga])
            ib = empty if gb is None else merge_intervals(starts[gb], ends[gb])
            both_iv = intersect(ia, ib)
            la, lb, lboth = length(ia), length(ib), length(both_iv)
            if tid in texts:
                n = len(texts[tid])
            else:
                n = int(max(ia[:, 1].max(initial=0), ib[:, 1].max(initial=0)))
            if coded_only:
                n = la + lb - lboth
            rows.append((code, tid, n, lboth, la - lboth, lb - lboth, n - la - lb + lboth))
            for who, iv in ((0, subtract(ia, ib)), (1, subtract(ib, ia))):
                for s, e in iv:
                    dis_rows.append((tid, int(s), int(e), code,
                                     texts[tid][s:e] if tid in texts else "",
                                     "coded" if who == 0 else "not coded",
                                     "coded" if who == 1 else "not coded"))
    by_t = pd.DataFrame(rows, columns=["code_id", "transcript_id", "n_units", "both", "a_only",
                                       "b_only", "neither"])
    by_c = by_t.groupby("code_id", sort=False)[["n_units", "both", "a_only", "b_only",
                                                "neither"]].sum().reset_index()
    dis = pd.DataFrame(dis_rows, columns=["transcript_id", "start", "end", "code_id", "text",
                                          coders[0], coders[1]])
    return by_c, by_t, dis


def _by_segment(codings, codes, coders, overlap):
    """MAXQDA's criteria per code and document, with Brennan-Prediger kappa.

    A segment of one coder matches when the other coder coded the same code over at
    least ``overlap`` of its length (with one segment).
    """
    rows = []
    dis_rows = []
    key = codings["code_id"].astype(str) + "\x00" + codings["transcript_id"].astype(str)
    is_a = (codings["coder"] == coders[0]).to_numpy()
    starts = codings["start"].to_numpy()
    ends = codings["end"].to_numpy()
    for _, idx in key.groupby(key, sort=False).indices.items():
        code = codings["code_id"].iat[idx[0]]
        tid = codings["transcript_id"].iat[idx[0]]
        sides = {coders[0]: idx[is_a[idx]], coders[1]: idx[~is_a[idx]]}
        matched = {}
        for me, other in ((coders[0], coders[1]), (coders[1], coders[0])):
            mine, theirs = sides[me], sides[other]
            if len(mine) and len(theirs):
                s1, e1 = starts[mine][:, None], ends[mine][:, None]
                inter = np.clip(np.minimum(e1, ends[theirs]) - np.maximum(s1, starts[theirs]),
                                0, None)
                ok = ((inter > 0) & (inter >= overlap * (e1 - s1))).any(1)
            else:
                ok = np.zeros(len(mine), dtype=bool)
            matched[me] = int(ok.sum())
            dis_rows.extend((tid, int(starts[i]), int(ends[i]), code, me) for i in mine[~ok])
        na, nb = len(sides[coders[0]]), len(sides[coders[1]])
        rows.append((code, tid, int(na > 0), int(nb > 0), na, nb, matched[coders[0]],
                     matched[coders[1]]))
    by_t = pd.DataFrame(rows, columns=["code_id", "transcript_id", "present_a", "present_b", "n_a",
                                       "n_b", "matched_a", "matched_b"])
    q = max(len(codes), 2)
    by_t["agree"] = by_t["matched_a"] + by_t["matched_b"]
    by_t["disagree"] = by_t["n_a"] + by_t["n_b"] - by_t["agree"]
    return by_t, dis_rows, q


def compare_coders(data: Any, coders: Sequence[str] | None = None, *, unit: Unit = "utterance",
                   corpus: Corpus | None = None, codebook: Any = None,
                   codes: Sequence[str] | None = None, level: int | None = None, coded_only: bool = False, overlap: float = 0.9,
                   ci: bool = False, n_boot: int = 500, random_state: int = 0) -> ComparisonReport:
    """Compare two coders' codings code by code.

    Parameters
    ----------
    data : Project or DataFrame
        A project, or a codings table with ``coder, transcript_id, start, end, code_id``.
    coders : pair of str, optional
        The two coders (A, B); may be omitted when the codings hold exactly two.
    unit : {"utterance", "sentence", "character", "segment"}, default="utterance"
        What is rated: see the module notes.
    corpus : Corpus, optional
        Needed with a codings DataFrame for utterance, sentence and character units
        (the project's corpus is used otherwise).
    codebook : Codebook, optional
        For code names and ``level``; the project's codebook is used otherwise.
    codes : sequence of str, optional
        Codes to report; by default every code either coder used plus, with a
        project, every code in the codebook (a code neither used shows with a reason).
    level : int, optional
        Roll codes up to their ancestor at this depth of the codebook (0 = topics,
        1 = themes) before comparing.
    coded_only : bool, default=False
        Count only units (or characters) at least one coder coded with the code.
    overlap : float, default=0.9
        Share of a segment the other coder must cover (``unit="segment"``).
    ci : bool, default=False
        Add a bootstrap interval for kappa, ``boot_ci_low``/``boot_ci_high`` (units
        resampled, seeded; utterance and sentence units), beside the analytic one.
    n_boot : int, default=500
        Bootstrap resamples when ``ci=True``.
    random_state : int, default=0
        Seed for the bootstrap.

    Returns
    -------
    ComparisonReport
        ``.by_code``, ``.by_transcript``, ``.overall``, ``.disagreements()``, ``.plot()``,
        ``.to_csv()``, ``.to_xlsx()``, ``.to_docx()``.

    Notes
    -----
    Kappa is Cohen's, computed from each code's 2x2 table; at ``unit="character"``
    it equals NVivo's coding comparison kappa for each code and transcript. Alpha is
    Krippendorff's for two coders and binary data; AC1 is Gwet's; BP is
    Brennan-Prediger's. A code with no variance (neither coder, or both coders on
    every unit) gets NaN with the reason in ``note``, never a silent 0 or 1.
    """
    caller = "compare_coders"
    check_option(unit, ["utterance", "sentence", "character", "segment"], param="unit",
                 caller=caller)
    codings, corpus, project_codebook, pair = resolve_codings(data, corpus, coders, caller)
    codebook = codebook if codebook is not None else project_codebook
    codings = roll_up(codings, codebook, level)
    if codes is None:
        used = list(dict.fromkeys(sorted(codings["code_id"].unique())))
        if codebook is not None and level is None:
            extra = [c.id if hasattr(c, "id") else c for c in codebook]
            used = used + [c for c in extra if c not in used and _is_leafish(codebook, c, codings)]
        codes = used
    codes = list(codes)
    if unit in ("utterance", "sentence", "character") and corpus is None and unit != "character":
        raise InvalidParameterError(Errors.Q001.format(
            param="corpus", caller=caller, expected=f"a Corpus for unit={unit!r}", found=None))

    if unit == "segment":
        by_t, dis_rows, q = _by_segment(codings, codes, pair, overlap)
        by_c = by_t.groupby("code_id", sort=False)[["present_a", "present_b", "n_a", "n_b",
                                                    "agree", "disagree"]].sum().reindex(codes)
        by_c = by_c.fillna(0).astype(int).reset_index()
        po = by_c["agree"] / (by_c["agree"] + by_c["disagree"]).replace(0, np.nan)
        by_c["percent_agreement"] = po
        by_c["bp"] = (po - 1 / q) / (1 - 1 / q)
        by_c["note"] = np.where(by_c["n_a"] + by_c["n_b"] == 0, "neither coder used the code", "")
        tot = by_c[["agree", "disagree"]].sum()
        po_all = tot["agree"] / max(tot["agree"] + tot["disagree"], 1)
        overall = pd.DataFrame([{"codes": len(codes), "agree": int(tot["agree"]),
                                 "disagree": int(tot["disagree"]), "percent_agreement": po_all,
                                 "bp": (po_all - 1 / q) / (1 - 1 / q), "q": q}])
        texts = {t.id: t.text for t in corpus} if corpus is not None else {}
        dis = pd.DataFrame([(tid, s, e, c, texts.get(tid, "")[s:e],
                             "coded" if who == pair[0] else "no matching segment",
                             "coded" if who == pair[1] else "no matching segment")
                            for tid, s, e, c, who in dis_rows],
                           columns=["transcript_id", "start", "end", "code_id", "text",
                                    pair[0], pair[1]])
        return ComparisonReport(pair, unit, by_c, by_t, overall, dis, level=level)

    family = pd.DataFrame()
    by_cat = pd.DataFrame(columns=BY_CATEGORY_COLUMNS)
    if unit == "character":
        by_c, by_t, dis = _by_character(codings, corpus, codes, pair, coded_only)
        by_c = by_c.merge(_unitizing(codings, corpus, codes, pair), on="code_id", how="left")
        family = _family(codings, corpus, codes, pair, codebook)
        ku = family[(family["coefficient"] == "(k)u_alpha")
                    & (family["domain"] != ALL_DOMAINS)]
        by_c = by_c.merge(ku[["category", "alpha"]].rename(
            columns={"category": "code_id", "alpha": "ku_alpha"}), on="code_id", how="left")
    else:
        units = units_table(corpus, unit)
        a = presence(codings[codings["coder"] == pair[0]], units, codes)
        b = presence(codings[codings["coder"] == pair[1]], units, codes)
        by_c, by_t, dis = _by_unit(codings, units, codes, pair, coded_only, caller, a, b)
        by_cat = _by_category(a, b, codes, codebook, coded_only)

    by_c = _add_coefficients(by_c)
    by_t = _add_coefficients(by_t)
    if ci and unit in ("utterance", "sentence"):
        by_c = _bootstrap_kappa(by_c, a, b, n_boot, random_state)
    tot = by_c[["both", "a_only", "b_only", "neither"]].sum()
    overall = _add_coefficients(pd.DataFrame([{
        "code_id": "(all codes pooled)", "n_units": int(tot.sum()), "both": int(tot["both"]),
        "a_only": int(tot["a_only"]), "b_only": int(tot["b_only"]),
        "neither": int(tot["neither"])}]))
    if codebook is not None:
        names = {}
        for c in codes:
            try:
                names[c] = codebook[c].name
            except Exception:  # noqa: BLE001
                names[c] = ""
        by_c.insert(1, "code_name", by_c["code_id"].map(names))
    return ComparisonReport(pair, unit, by_c, by_t, overall, dis, family, level=level,
                            by_category=by_cat)


def _unitizing(codings: pd.DataFrame, corpus: Corpus | None, codes: list[str],
               pair: tuple[str, str]) -> pd.DataFrame:
    """Krippendorff's unitizing alpha per code, all transcripts end to end as one continuum."""
    import warnings

    from .agreement import unitizing_alpha
    from .agreement._coefficients import DegenerateAgreementWarning

    units, L = _continuum(codings, corpus)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateAgreementWarning)
        ua = unitizing_alpha(units, length=L, coders=pair, categories=codes)
    return ua[["category", "alpha"]].rename(columns={"category": "code_id", "alpha": "u_alpha"})


ALL_DOMAINS = "(all domains)"
FAMILY_TABLE_COLUMNS = ["domain", "coefficient", "category", "alpha", "d_o", "d_e", "coverage",
                        "n_units", "note"]


def _continuum(codings: pd.DataFrame, corpus: Corpus | None,
               with_bases: bool = False) -> Any:
    """Codings placed on one continuum: the transcripts end to end, in corpus order.

    Returns the units and the continuum's length (and, with ``with_bases``, where
    each transcript starts on it)."""
    if corpus is not None:
        lengths = {t.id: len(t.text) for t in corpus}
    else:
        lengths = codings.groupby("transcript_id")["end"].max().to_dict()
    base, pos = {}, 0
    for tid, n in lengths.items():
        base[tid] = pos
        pos += n
    u = codings[codings["transcript_id"].isin(base)]
    offset = u["transcript_id"].map(base).astype("int64")
    units = pd.DataFrame({"coder": u["coder"], "start": u["start"] + offset,
                          "end": u["end"] + offset, "category": u["code_id"]})
    return (units, max(pos, 1), base) if with_bases else (units, max(pos, 1))


def _family(codings: pd.DataFrame, corpus: Corpus | None, codes: list[str],
            pair: tuple[str, str], codebook: Any) -> pd.DataFrame:
    """Krippendorff's alpha family per semantic domain (codebook root) and across domains.

    Without a codebook all codes form one domain. Overlaps of codes within a domain
    are allowed (unlike ATLAS.ti) and reported in ``note``.
    """
    import re
    import warnings

    from .agreement import OverlappingUnitsWarning, unitizing_alphas
    from .agreement._coefficients import DegenerateAgreementWarning

    units, L, bases = _continuum(codings[codings["code_id"].isin(codes)], corpus, True)
    starts = np.array(list(bases.values()), dtype=np.int64)
    tids = list(bases)

    def local(match: Any) -> str:
        """A place on the continuum as transcript and offsets."""
        a, b = int(match.group(1)), int(match.group(2))
        k = int(np.searchsorted(starts, a, side="right")) - 1
        return f"transcript {tids[k]!r} [{a - starts[k]}, {b - starts[k]})"

    groups = {d: [codes[k] for k in ks] for d, ks in _domains(codes, codebook).items()}
    dom = {c: d for d, cs in groups.items() for c in cs}
    parts = []

    def run(name: str, u: pd.DataFrame, cats: list[str]) -> pd.DataFrame:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", OverlappingUnitsWarning)
            warnings.simplefilter("ignore", DegenerateAgreementWarning)
            out = unitizing_alphas(u, length=L, coders=pair, categories=cats)
        notes = [re.sub(r"\[(\d+), (\d+)\)", local,
                        str(w.message).split(": ", 1)[-1].split("; ")[0])
                 for w in caught if issubclass(w.category, OverlappingUnitsWarning)]
        out.insert(0, "domain", name)
        out["note"] = "; ".join(notes)
        return out

    for name, cats in groups.items():
        parts.append(run(name, units[units["category"].isin(cats)], cats))
    if len(groups) > 1 or codebook is not None:
        across = units.assign(category=units["category"].map(dom))
        out = run(ALL_DOMAINS, across, list(groups))
        out["coefficient"] = out["coefficient"].replace({"cu_alpha": "Cu_alpha"})
        parts.append(out)
    return pd.concat(parts, ignore_index=True)[FAMILY_TABLE_COLUMNS]


BY_CATEGORY_COLUMNS = ["domain", "category", "n_units", "share", "kappa", "se", "ci_low",
                       "ci_high", "p_value", "cohen_kappa", "interpretation", "note"]
NO_CODE = "(none)"
ALL_CATEGORIES = "(all categories)"


def _domains(codes: list[str], codebook: Any) -> dict[str, list[int]]:
    """Code positions grouped by semantic domain: codebook root, or one domain."""
    groups: dict[str, list[int]] = {}
    for k, code in enumerate(codes):
        dom = "(all codes)"
        if codebook is not None:
            try:
                anc = codebook.ancestors(code)
                dom = anc[0] if anc else code
            except Exception:  # noqa: BLE001 - a code outside the codebook is its own domain
                dom = code
        groups.setdefault(dom, []).append(k)
    return groups


def _by_category(a: np.ndarray, b: np.ndarray, codes: list[str], codebook: Any,
                 coded_only: bool) -> pd.DataFrame:
    """Fleiss' per-category kappa per domain, and the domain's kappa where codes exclude."""
    import warnings

    from .agreement import (
        DegenerateAgreementWarning, analytic_ci, cohen_kappa, fleiss_kappa, interpret,
    )

    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateAgreementWarning)
        for dom, idx in _domains(codes, codebook).items():
            ca, cb = a[:, idx], b[:, idx]
            if coded_only:
                keep = ca.any(1) | cb.any(1)
                ca, cb = ca[keep], cb[keep]
            n = len(ca)
            cats = [codes[k] for k in idx] + [NO_CODE]
            cols_a = np.column_stack([ca, ~ca.any(1)])
            cols_b = np.column_stack([cb, ~cb.any(1)])
            for j, cat in enumerate(cats):
                x = np.vstack([cols_a[:, j], cols_b[:, j]]).astype(np.float64)
                res = analytic_ci(fleiss_kappa, x) if n else None
                share = float(x.mean()) if n else np.nan
                note = "" if n else "no units"
                if res is not None and not np.isfinite(res.estimate):
                    note = "no variance: " + ("neither coder gave it" if share == 0 else
                                              "both coders gave it to every unit")
                rows.append(_category_row(dom, cat, n, share, res, np.nan, note, interpret))
            multi = int(((ca.sum(1) > 1) | (cb.sum(1) > 1)).sum())
            if multi:
                rows.append(_category_row(
                    dom, ALL_CATEGORIES, n, np.nan, None, np.nan,
                    f"{multi} unit(s) carry two or more of the domain's codes from one coder; "
                    "a kappa over the domain needs one category per unit (see the rows per "
                    "category)", interpret))
                continue
            ra = np.where(ca.any(1), np.argmax(ca, 1), len(idx)).astype(np.float64)
            rb = np.where(cb.any(1), np.argmax(cb, 1), len(idx)).astype(np.float64)
            labels = list(range(len(cats)))
            res = analytic_ci(fleiss_kappa, np.vstack([ra, rb]),
                              func_kwargs={"categories": labels}) if n else None
            ck = cohen_kappa(ra, rb, categories=labels) if n else np.nan
            rows.append(_category_row(dom, ALL_CATEGORIES, n, np.nan, res, ck,
                                      "" if n else "no units", interpret))
    return pd.DataFrame(rows, columns=BY_CATEGORY_COLUMNS)


def _category_row(dom, cat, n, share, res, ck, note, interpret) -> tuple:
    if res is None:
        return (dom, cat, n, share, np.nan, np.nan, np.nan, np.nan, np.nan, ck, "undefined",
                note)
    return (dom, cat, n, share, res.estimate, res.se, res.ci_low, res.ci_high, res.p_value,
            ck, interpret(res.estimate, res.se), note)


def _is_leafish(codebook: Any, code_id: str, codings: pd.DataFrame) -> bool:
    """Report an unused codebook code if it sits where coders code (no children used)."""
    try:
        children = list(codebook.children(code_id))
    except Exception:  # noqa: BLE001
        return True
    return len(children) == 0


def _add_coefficients(df: pd.DataFrame) -> pd.DataFrame:
    from .agreement._benchmark import interpret_many
    from .agreement._inference import tables_inference

    df = df.copy()
    df["n_a"] = df["both"] + df["a_only"]
    df["n_b"] = df["both"] + df["b_only"]
    coef = _binary_coefficients(df["both"].to_numpy(), df["a_only"].to_numpy(),
                                df["b_only"].to_numpy(), df["neither"].to_numpy())
    coef = coef.reset_index(drop=True)
    for ours, theirs in _COEF_COLUMNS.items():
        df[ours] = coef[theirs].to_numpy() if theirs in coef else np.nan
    # analytic inference from each 2 x 2 table (Gwet's two-rater formulas, irrCAC's
    # kappa2.table and krippen2.table): rows coder A coded / not, columns coder B
    tables = np.stack([df["both"], df["a_only"], df["b_only"], df["neither"]], axis=1)
    tables = tables.astype(np.float64).reshape(-1, 2, 2)
    _, se, low, high, p, _ = tables_inference("cohen", tables, np.eye(2), 0.95)
    df["se"], df["ci_low"], df["ci_high"], df["p_value"] = se, low, high, p
    df["alpha_se"] = tables_inference("alpha", tables, np.eye(2), 0.95)[1]
    n = df["n_units"].to_numpy()
    note = np.full(len(df), "", dtype=object)
    note[(df["n_a"] == 0) & (df["n_b"] == 0)] = "no variance: neither coder applied the code"
    note[(df["n_a"] == 0) & (df["n_b"] > 0)] = "coder A never applied the code"
    note[(df["n_b"] == 0) & (df["n_a"] > 0)] = "coder B never applied the code"
    note[(df["neither"] == 0) & (df["a_only"] == 0) & (df["b_only"] == 0) & (n > 0)] = (
        "no variance: both coders applied the code to every unit")
    note[n == 0] = "no units"
    df["interpretation"] = interpret_many(df["kappa"], df["se"])
    df["alpha_interpretation"] = interpret_many(df["alpha"], df["alpha_se"], "krippendorff")
    df["note"] = note
    return df


#: our column -> column of agreement.from_counts
_COEF_COLUMNS = {"percent_agreement": "percent_agreement", "kappa": "cohen_kappa",
                 "pi": "scott_pi", "alpha": "krippendorff_alpha", "ac1": "gwet_ac1",
                 "bp": "brennan_prediger"}


def _bootstrap_kappa(by_c, a, b, n_boot, random_state):
    codes = list(by_c["code_id"])
    rng = np.random.default_rng(random_state)
    n = len(a)
    idx = rng.integers(0, n, size=(n_boot, n))
    kappas = np.empty((n_boot, len(codes)))
    for r in range(n_boot):
        ar, br = a[idx[r]], b[idx[r]]
        both = (ar & br).sum(0)
        ao = (ar & ~br).sum(0)
        bo = (~ar & br).sum(0)
        ne = n - both - ao - bo
        kappas[r] = _binary_coefficients(both, ao, bo, ne)[_COEF_COLUMNS["kappa"]].to_numpy()
    by_c = by_c.copy()
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            by_c["boot_ci_low"] = np.nanpercentile(kappas, 2.5, axis=0)
            by_c["boot_ci_high"] = np.nanpercentile(kappas, 97.5, axis=0)
    return by_c


# --------------------------------------------------------------------- reconcile
@dataclass
class Reconciliation:
    """What :func:`reconcile` returns.

    Attributes
    ----------
    codings : DataFrame
        The consensus codings: ``coder, transcript_id, start, end, code_id, memo, provenance``.
    pending : DataFrame
        Disagreements left for a person (``rule="manual"``), with their text.
    """

    codings: pd.DataFrame
    pending: pd.DataFrame

    @property
    def table(self) -> pd.DataFrame:
        """The consensus codings (alias of :attr:`codings`)."""
        return self.codings


def reconcile(data: Any, coders: Sequence[str] | None = None, *,
              rule: str = "union", consensus: str = "consensus",
              corpus: Corpus | None = None, store: bool = True,
              who: str | None = None) -> Reconciliation:
    """Make a consensus coding from two coders' codings.

    Stretches both coders coded with a code are kept (provenance ``agreed``);
    each disagreement is resolved by ``rule``:

    - ``"union"``: keep what either coder coded (``only <coder>``);
    - ``"intersection"``: keep agreements only;
    - ``"prefer:<coder>"``: keep that coder's codings where they differ;
    - ``"manual"``: keep agreements and list the rest in ``.pending`` for a person.

    Parameters
    ----------
    data : Project or DataFrame
        Codings with ``coder, transcript_id, start, end, code_id``.
    coders : pair of str, optional
        The two coders.
    rule : str, default="union"
        See above.
    consensus : str, default="consensus"
        Coder name of the result.
    corpus : Corpus, optional
        For the text of pending disagreements.
    store : bool, default=True
        With a Project, write the consensus codings into it under ``consensus``
        (replacing nothing: earlier consensus codings stay and are reported).
    who : str, optional
        Who reconciled, for the audit log.

    Returns
    -------
    Reconciliation

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame([("A", "t", 0, 10, "x"), ("B", "t", 5, 15, "x")],
    ...                  columns=["coder", "transcript_id", "start", "end", "code_id"])
    >>> reconcile(c, ("A", "B"), rule="union").codings[["start", "end", "provenance"]].values.tolist()
    [[0, 5, 'only A'], [5, 10, 'agreed'], [10, 15, 'only B']]
    >>> reconcile(c, ("A", "B"), rule="intersection").codings[["start", "end"]].values.tolist()
    [[5, 10]]
    """
    caller = "reconcile"
    codings, corpus, _, pair = resolve_codings(data, corpus, coders, caller)
    if rule.startswith("prefer:"):
        pref = rule.split(":", 1)[1]
        if pref not in pair:
            raise InvalidParameterError(Errors.Q001.format(
                param="rule", caller=caller, expected=f"'prefer:{pair[0]}' or 'prefer:{pair[1]}'",
                found=rule))
    else:
        check_option(rule, ["union", "intersection", "manual"], param="rule", caller=caller)
        pref = None
    texts = {t.id: t.text for t in corpus} if corpus is not None else {}
    out = []
    pending = []
    empty = np.empty((0, 2), dtype=np.int64)
    for (tid, code), g in codings.groupby(["transcript_id", "code_id"], sort=True):
        ivs = {}
        for c in pair:
            gc = g[g["coder"] == c]
            ivs[c] = merge_intervals(gc["start"].to_numpy(), gc["end"].to_numpy()) if len(gc) else empty
        agreed = intersect(ivs[pair[0]], ivs[pair[1]])
        pieces = [(s, e, "agreed") for s, e in agreed]
        for c, other in ((pair[0], pair[1]), (pair[1], pair[0])):
            only = subtract(ivs[c], ivs[other])
            for s, e in only:
                if rule == "union" or (pref == c):
                    pieces.append((s, e, f"only {c}"))
                elif rule == "manual":
                    pending.append((tid, int(s), int(e), code, texts.get(tid, "")[s:e], c))
        for s, e, prov in sorted(pieces):
            out.append((consensus, tid, int(s), int(e), code, None, prov))
    result = pd.DataFrame(out, columns=["coder", "transcript_id", "start", "end", "code_id", "memo",
                                        "provenance"])
    result["memo"] = result["memo"].astype(object)
    pend = pd.DataFrame(pending, columns=["transcript_id", "start", "end", "code_id", "text",
                                          "coded_by"])
    pend = pend.sort_values(["transcript_id", "code_id", "start"], kind="stable",
                            ignore_index=True)
    if store and not isinstance(data, pd.DataFrame) and hasattr(data, "code_many") and len(result):
        batch = result.copy()
        batch["provenance"] = [f"reconciled ({rule}) from {pair[0]} and {pair[1]}: {p}"
                               for p in batch["provenance"]]
        data.code_many(batch, coder=consensus, who=who or consensus)
    return Reconciliation(result, pend)
