"""Publication tables: themes, theme-to-principle, participant characteristics.

Examples
--------
>>> import pandas as pd
>>> from qualkit.report import participant_table
>>> p = pd.DataFrame({"sex": ["female"] * 6 + ["male"] * 2, "age": range(20, 28)})
>>> participant_table(p, suppress_below=3).table["n"].tolist()
['*', '*', '24 (22\u201325)', '8']
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from ..errors import Errors, FrameworkError, IdentifierFoundError
from ..privacy._disclosure import DEFAULT_BANDS

__all__ = ["ReportTable", "theme_table", "principle_table", "participant_table",
           "format_quote", "check_quotes"]

PRINCIPLE_COLUMNS = ["theme", "principles", "rationale", "evidence", "quotes"]
THEME_TABLE_COLUMNS = ["topic", "theme", "name", "definition", "groups", "participants",
                       "extracts", "quotes"]
PARTICIPANT_COLUMNS = ["characteristic", "category", "n", "%"]
WILLINGNESS = ["very willing", "fairly willing", "fairly unwilling", "very unwilling", "don't know"]


class ReportTable:
    """A table with a title and footnotes, exportable to Word, Excel, CSV and Markdown."""

    def __init__(self, table: pd.DataFrame, title: str = "", notes: Sequence[str] = ()) -> None:
        self.table = table
        self.title = title
        self.notes = list(notes)

    def __repr__(self) -> str:
        return f"ReportTable({self.title!r}, {len(self.table)} rows)"

    def _guard(self) -> None:
        """The identifier guard over all the text an export writes: cells, title, notes."""
        from ..privacy import check_export

        check_export(self.table)
        check_export([self.title, *self.notes])

    def to_csv(self, path: str | Path) -> Path:
        """Write CSV (UTF-8, formula-like cells made inert, all or nothing); returns the path."""
        from .._export import write_csv

        self._guard()
        return write_csv(self.table, path, index=False)

    def to_xlsx(self, path: str | Path) -> Path:
        """Write an Excel workbook with the table and its notes below it (no cell a formula)."""
        from .._export import write_xlsx

        self._guard()
        return write_xlsx({"table": self.table}, path, title=self.title or None,
                          notes=self.notes, index=False)

    def to_markdown(self, path: str | Path | None = None) -> str:
        """GitHub-flavoured Markdown (written to ``path`` when given)."""
        def cell(v: Any) -> str:
            return str(v).replace("|", "\\|").replace("\n", "<br>")
        cols = list(self.table.columns)
        lines = ([f"**{self.title}**", ""] if self.title else [])
        lines += ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |"
                  for row in self.table.itertuples(index=False)]
        lines += [""] + [f"_{n}_" for n in self.notes] if self.notes else []
        md = "\n".join(lines) + "\n"
        if path is not None:
            from .._export import atomic_output

            self._guard()
            with atomic_output(path) as tmp:
                tmp.write_text(md, encoding="utf-8")
        return md

    def to_docx(self, path: str | Path | None = None, document: Any = None, *,
                paper: str = "A4", orientation: str = "auto", font_size: float = 9) -> Any:
        """Write a journal-style Word table (three horizontal rules, no vertical lines).

        Columns are fitted to their content and a wide table is set on landscape pages
        (see :func:`qualkit.report._docx.add_table`). Returns the path when ``path`` is
        given, else the python-docx Document.
        """
        from ._docx import add_table, new_document

        doc = document if document is not None else new_document(self.title, paper=paper)
        add_table(doc, self.table, title=self.title, notes=self.notes, orientation=orientation,
                  font_size=font_size)
        if path is not None:
            from .._export import atomic_output

            self._guard()
            with atomic_output(path) as tmp:
                doc.save(str(tmp))
            return Path(path)
        return doc


def check_quotes(texts: Sequence[str], caller: str = "report") -> None:
    """Refuse quotes that still carry identifiers (uses ``qualkit.privacy`` when present)."""
    try:
        from ..privacy import check_export  # type: ignore[import-not-found]
    except ImportError:
        return
    check_export(list(texts), allow_identifiers=False)


def format_quote(text: str, group: Any = None, participant: Any = None) -> str:
    """``'"text" (FG2, P14)'``.

    >>> format_quote("We should be asked.", "FG2", "P14")
    '"We should be asked." (FG2, P14)'
    """
    bits = [str(b) for b in (group, participant) if b is not None and str(b) not in ("", "nan")]
    q = f'"{str(text).strip()}"'
    return q + (f" ({', '.join(bits)})" if bits else "")


def _quotes_by_theme(quotes: pd.DataFrame | None, n: int) -> dict[str, list[str]]:
    """Up to ``n`` formatted quotes per theme; a sentence already quoted in the table is skipped."""
    from ._quotes import _seen, sentence_key

    if quotes is None or not len(quotes):
        return {}
    q = quotes.copy()
    if "theme" not in q.columns and "code_id" in q.columns:
        q["theme"] = q["code_id"]
    part = "participant" if "participant" in q.columns else ("participant_id" if "participant_id" in q.columns else None)
    out: dict[str, list[str]] = {}
    seen: list[str] = []
    for th, sub in q.groupby("theme", sort=False):
        keep = []
        for _, r in sub.iterrows():
            keys = [sentence_key(x) for x in re.split(r"(?<=[.!?])\s+", str(r["text"])) if x.strip()]
            if len(keep) < n and not _seen(keys, seen):
                keep.append(r)
                seen.extend(keys)
        sub = pd.DataFrame(keep)
        if sub.empty:
            continue
        try:
            check_quotes(list(sub["text"].astype(str)))
        except IdentifierFoundError as e:
            where = ", ".join(f"{r.get('group')}/{r.get(part) if part else ''}" for _, r in sub.iterrows())
            raise IdentifierFoundError(Errors.Q706.format(caller="report", theme=th, where=where,
                                                          problem=e)) from None
        out[str(th)] = [format_quote(r["text"], r.get("group"), r.get(part) if part else None)
                        for _, r in sub.iterrows()]
    return out


def _prevalence(evidence: pd.DataFrame | None) -> pd.DataFrame:
    cols = ["theme", "groups", "participants", "extracts"]
    if evidence is None or not len(evidence):
        return pd.DataFrame(columns=cols)
    ev = evidence
    part = "participant" if "participant" in ev.columns else None
    g = ev.groupby("theme")
    out = pd.DataFrame({"groups": g["group"].nunique() if "group" in ev else 0,
                        "participants": g[part].nunique() if part else 0,
                        "extracts": g.size()}).reset_index()
    return out[cols]


def theme_table(themes: Any, evidence: pd.DataFrame | None = None,
                quotes: pd.DataFrame | None = None, n_quotes: int = 2) -> ReportTable:
    """Themes with definitions, prevalence and illustrative quotes.

    Parameters
    ----------
    themes : Codebook, DataFrame or Project
        As for :func:`qualkit.map_themes`.
    evidence : DataFrame, optional
        Extracts with ``theme`` (or ``code_id``; sub-codes roll up), ``group``,
        ``participant``.
    quotes : DataFrame, optional
        ``theme, text, group, participant``; the first ``n_quotes`` per theme are used
        after the identifier scan.

    Returns
    -------
    ReportTable with columns ``THEME_TABLE_COLUMNS``.

    Examples
    --------
    >>> import pandas as pd
    >>> th = pd.DataFrame({"theme": ["trust"], "name": ["Build trust"], "definition": ["..."]})
    >>> ev = pd.DataFrame({"code_id": ["trust_earned"], "group": ["FG1"], "participant": ["P2"]})
    >>> theme_table(th, evidence=ev).table[["theme", "groups", "extracts"]].values.tolist()
    [['trust', 1, 1]]
    """
    from ..frameworks._mapping import _codebook_of, _evidence_frame, _roll_up, themes_frame

    tf = themes_frame(themes, "theme_table")
    ev = _evidence_frame(evidence)
    if ev is not None:
        ev = _roll_up(ev, list(tf.theme), _codebook_of(themes))
    prev = _prevalence(ev).set_index("theme")
    qs = _quotes_by_theme(quotes, n_quotes)
    rows = []
    for r in tf.itertuples():
        p = prev.loc[r.theme] if r.theme in prev.index else None
        rows.append({"topic": r.topic, "theme": r.theme, "name": r.name, "definition": r.definition,
                     "groups": int(p["groups"]) if p is not None else 0,
                     "participants": int(p["participants"]) if p is not None else 0,
                     "extracts": int(p["extracts"]) if p is not None else 0,
                     "quotes": "\n".join(qs.get(r.theme, []))})
    return ReportTable(pd.DataFrame(rows, columns=THEME_TABLE_COLUMNS), title="Themes")


_STRENGTH_NOTE = {
    "manual": "Links are the researchers' own; secondary links are marked.",
    "suggested": ("Links marked strong, moderate or weak were derived from the data and the "
                  "framework's definitions (qualkit.map_themes): strong, a quarter or more of the "
                  "theme's extracts, from at least three groups, are closest in wording to the "
                  "principle; moderate, a tenth from two groups; weak, the definitions alone. "
                  "They are suggestions for the researchers to confirm."),
}


def _link_label(name: str, source: str, strength: str) -> str:
    if source == "manual":
        return name + (" (secondary)" if strength == "secondary" else "")
    return f"{name} ({strength})" if strength else name


def principle_table(mapping: Any, quotes: pd.DataFrame | None = None, n_quotes: int = 2,
                    include_suggested: bool = False, definitions: bool = False) -> ReportTable:
    """Theme-to-principle table: theme, principles, rationale, evidence, quotes.

    Parameters
    ----------
    mapping : ThemeMapping
        From :func:`qualkit.map_themes`.
    quotes : DataFrame, optional
        ``theme, text, group, participant`` (the first ``n_quotes`` per theme are used,
        a sentence never twice).
    include_suggested : bool
        Also list suggested links of themes that have manual ones. Themes with no manual
        link always show their suggested (derived) links, with their strength.
    definitions : bool
        Add the themes' definitions after their names.

    Returns
    -------
    ReportTable with columns ``PRINCIPLE_COLUMNS`` (``definition`` second when asked),
    one row per theme, ordered by the framework's principles; names, not ids.

    Examples
    --------
    >>> import pandas as pd
    >>> from qualkit.frameworks import map_themes
    >>> th = pd.DataFrame({"theme": ["commercial"], "name": ["Commercial use"], "definition": ["..."]})
    >>> q = pd.DataFrame({"theme": ["commercial"], "text": ["Not for sale."], "group": ["FG3"],
    ...                   "participant": ["P7"]})
    >>> principle_table(map_themes(th), quotes=q).table.loc[0, ["principles", "quotes"]].tolist()
    ['Non-exploitation and prevention of harm', '"Not for sale." (FG3, P7)']
    """
    fw = mapping.framework
    t = mapping.table
    manual_themes = set(t.loc[t.source == "manual", "theme"])
    links = t if include_suggested else t[(t.source == "manual") | ~t.theme.isin(manual_themes)]
    names = {x.id: x.name for x in fw.tenets}
    order = {x.id: i for i, x in enumerate(fw.tenets)}
    prev = _prevalence(mapping.evidence).set_index("theme")
    qs = _quotes_by_theme(quotes, n_quotes)
    rank = {"primary": 0, "strong": 0, "secondary": 1, "moderate": 1, "weak": 2}
    rows = []
    for r in mapping.themes.itertuples():
        lk = links[links.theme == r.theme]
        if lk.empty:
            continue
        lk = lk.assign(_m=(lk.source != "manual"), _r=lk.strength.map(rank).fillna(3),
                       _s=-pd.to_numeric(lk.score, errors="coerce").fillna(0))
        lk = lk.sort_values(["_m", "_r", "_s"], kind="stable")
        labels = [_link_label(names[x.tenet], x.source, x.strength) for x in lk.itertuples()]
        whys = [str(x.rationale) for x in lk.itertuples()]
        if len(lk) > 1:
            whys = [f"{names[x.tenet]}: {w}" for x, w in zip(lk.itertuples(), whys) if w]
        if r.theme in prev.index:
            p = prev.loc[r.theme]
            evid = ", ".join(f"{int(p[k])} {k if int(p[k]) != 1 else k[:-1]}"
                             for k in ("groups", "participants", "extracts"))
        else:
            evid = ""
        rows.append({"theme": r.name, "definition": r.definition, "principles": "\n".join(labels),
                     "rationale": "\n".join(w for w in whys if w), "evidence": evid,
                     "quotes": "\n".join(qs.get(r.theme, [])), "_o": order[lk.tenet.iloc[0]]})
    cols = PRINCIPLE_COLUMNS[:1] + (["definition"] if definitions else []) + PRINCIPLE_COLUMNS[1:]
    df = pd.DataFrame(rows, columns=cols + ["_o"])
    df = df.sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)
    if quotes is None:
        df = df.drop(columns="quotes")
    notes = [_STRENGTH_NOTE[s] for s in ("manual", "suggested") if s in set(links.source)]
    return ReportTable(df, title=f"Themes mapped to principles: {fw.name}",
                       notes=notes + [f"Principles: {fw.citation}"])


_LABELS = {"sex": "Sex", "age": "Age (years)", "ethnicity": "Ethnic background", "county": "County",
           "willing_before": "Willingness to share records, before",
           "willing_after": "Willingness to share records, after",
           "education": "Education", "employment": "Employment", "disability": "Disability",
           "group": "Focus group"}


def participant_table(participants: pd.DataFrame, columns: Sequence[str] | None = None,
                      suppress_below: int = 5, combine: dict[str, dict[str, str]] | None = None,
                      how: str = "suppress", age: str = "age",
                      bands: Sequence[float] = DEFAULT_BANDS) -> ReportTable:
    """Participant characteristics (characteristic, category, n, %) with small cells hidden.

    Follows the disclosure-control rules of :mod:`qualkit.privacy` (named in the
    table's notes): counts from 1 to ``suppress_below - 1`` are not shown, nor
    the further counts from which one could be worked out with the total N
    (secondary suppression); all hidden counts read ``*``. Age is given as
    median (interquartile range) and in bands, never as a minimum or maximum.

    Parameters
    ----------
    participants : DataFrame
        One row per participant.
    columns : list of str, optional
        Characteristics in order; default: those of ``sex, age, ethnicity, county,
        willing_before, willing_after, education, employment, disability`` present.
    suppress_below : int
        The threshold: counts from 1 to ``suppress_below - 1`` are hidden
        (``how="suppress"``) or first merged into one "Other (combined)" row
        (``how="combine"``; counts still small after merging are hidden). 0 disables.
    combine : dict, optional
        Explicit category merges per column, e.g. ``{"ethnicity": {"Indian": "Asian"}}``.
    age : str
        Column reported as median (interquartile range) and in bands.
    bands : sequence of number
        Lower edges of the age bands; the last band is open ("75 and over").

    Returns
    -------
    ReportTable with columns ``characteristic, category, n, %`` (n is text so that
    hidden cells read ``*``) and footnotes naming the rules.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"county": ["Sussex"] * 5 + ["Kent"]})
    >>> participant_table(p).table[["category", "n", "%"]].values.tolist()
    [['Sussex', '*', ''], ['Kent', '*', '']]
    >>> p = pd.DataFrame({"county": ["Sussex"] * 9 + ["Kent"] * 7 + ["Surrey"]})
    >>> participant_table(p).table[["category", "n", "%"]].values.tolist()
    [['Sussex', '9', '52.9'], ['Kent', '*', ''], ['Surrey', '*', '']]
    """
    from ..privacy._disclosure import (age_bands, disclosure_rules, percentile_summary,
                                       show_counts, suppress_counts)

    if how not in ("suppress", "combine"):
        raise FrameworkError(Errors.Q704.format(caller="participant_table", row=0,
                                                problem=f"how={how!r}", expected="'suppress' or 'combine'"))
    df = participants
    cols = list(columns) if columns is not None else [c for c in _LABELS if c in df.columns and c != "group"]
    if not cols and "group" in df.columns:
        cols = ["group"]
    N = len(df)
    rows = []
    banded = False
    for c in cols:
        label = _LABELS.get(c, c.replace("_", " ").capitalize())
        s = df[c]
        if c == age:
            banded = True
            rows.append({"characteristic": label, "category": "Median (IQR)",
                         "n": percentile_summary(s, suppress_below), "%": ""})
            a = pd.to_numeric(s, errors="coerce")
            counts = age_bands(a, bands)
            if a.isna().any():
                counts = pd.concat([counts, pd.Series({"Not stated": int(a.isna().sum())})])
        else:
            s = s.fillna("Not stated").astype(str)
            if combine and c in combine:
                s = s.replace(combine[c])
            counts = s.value_counts()
            if c.startswith("willing"):
                known = [w for w in WILLINGNESS if w in counts.index]
                counts = counts.reindex(known + [k for k in counts.index if k not in known])
            else:
                counts = counts.sort_values(ascending=False, kind="stable")
            if how == "combine" and suppress_below:
                small = counts[(counts > 0) & (counts < suppress_below)]
                if len(small) > 1:
                    counts = pd.concat([counts.drop(small.index),
                                        pd.Series({"Other (combined)": small.sum()})])
        shown = show_counts(counts, suppress_counts(counts, suppress_below), total=N)
        for cat, r in shown.iterrows():
            rows.append({"characteristic": label, "category": str(cat)[:1].upper() + str(cat)[1:],
                         "n": r["n"], "%": r["%"]})
    notes = [f"N = {N}. Percentages are of all participants."]
    if how == "combine" and suppress_below:
        notes.append(f"Categories of fewer than {suppress_below} people are first combined "
                     "into 'Other (combined)'.")
    notes += disclosure_rules(suppress_below, bands=banded)
    if combine:
        notes.append("Some categories were combined: " + "; ".join(
            f"{_LABELS.get(k, k)}: {', '.join(sorted(set(v.values())))}" for k, v in combine.items()) + ".")
    return ReportTable(pd.DataFrame(rows, columns=PARTICIPANT_COLUMNS),
                       title="Participant characteristics", notes=notes)
