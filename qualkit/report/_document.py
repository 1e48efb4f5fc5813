"""One Word report from a project: method, participants, themes, principles, figures."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["report", "evidence_from_codings"]


def evidence_from_codings(codings: pd.DataFrame, corpus: Any) -> pd.DataFrame:
    """Attach ``group``, ``participant`` (the speaker) and ``text`` to codings.

    Parameters
    ----------
    codings : DataFrame
        ``coder, transcript_id, start, end, code_id``.
    corpus : Corpus
        Holds the transcripts the spans point into.

    Returns
    -------
    DataFrame with the coding columns plus ``group, participant, text``.
    """
    out = codings.copy()
    groups, parts, texts = [], [], []
    for r in out.itertuples():
        t = corpus[r.transcript_id]
        u = t.utterance_at(int(r.start))
        groups.append(None if u is None else u.get("group"))
        parts.append(None if u is None or u.get("role") != "participant" else u.get("speaker"))
        texts.append(t.text[int(r.start):int(r.end)])
    out["group"], out["participant"], out["text"] = groups, parts, texts
    return out


def _pick_quotes(ev: pd.DataFrame, n: int = 2, max_chars: int = 300) -> pd.DataFrame:
    """Up to ``n`` quotes per theme, from different groups, of readable length."""
    if ev is None or not len(ev) or "text" not in ev:
        return pd.DataFrame(columns=["theme", "text", "group", "participant"])
    e = ev[ev["text"].astype(str).str.len().between(40, max_chars)]
    e = e[e["participant"].notna()] if "participant" in e else e
    rows = []
    for th, sub in e.groupby("theme", sort=False):
        sub = sub.assign(_l=sub["text"].str.len()).sort_values("_l", ascending=False, kind="stable")
        seen: set[Any] = set()
        for r in sub.itertuples():
            if r.group in seen:
                continue
            seen.add(r.group)
            rows.append({"theme": th, "text": " ".join(str(r.text).split()), "group": r.group,
                         "participant": r.participant})
            if len([x for x in rows if x["theme"] == th]) >= n:
                break
    return pd.DataFrame(rows, columns=["theme", "text", "group", "participant"])


def report(project: Any, framework: str = "ksss2022", out: str | Path = "report.docx",
           agreement: Any = None, *, participants: pd.DataFrame | None = None,
           coder: str | None = None, manual: Any = None, suppress_below: int = 5,
           title: str = "Social licence for linked health data: thematic analysis report",
           author: str | None = None, paper: str = "A4") -> Path:
    """Write one Word document summarising a project.

    Parameters
    ----------
    project : Project
        With a corpus, a codebook and codings.
    framework : str
        Framework whose tenets the themes are mapped to (see :func:`qualkit.map_themes`).
    out : path
        The .docx to write.
    agreement : DataFrame or dict, optional
        Agreement figures to quote in the method (e.g. ``{"Krippendorff's alpha": 0.71}``)
        or a table with columns such as ``code_id, kappa``.
    participants : DataFrame, optional
        Participant characteristics; default ``project.corpus.participants``.
    coder : str, optional
        Coder whose codings give prevalence and quotes; default all.
    author : str, optional
        The document's author (core properties); default the project's coders.
    paper : {"A4", "Letter"}
        Page size; A4 by default.

    Returns
    -------
    Path of the document.

    Examples
    --------
    >>> import tempfile, qualkit as qk
    >>> from qualkit.corpus import Corpus, Transcript, Turn
    >>> t = Transcript.from_turns("fg1", [Turn("P01", "Never sell our records to anyone.")],
    ...                           group="FG1")
    >>> pr = qk.Project.in_memory()
    >>> pr.add_corpus(Corpus([t]))
    >>> _ = pr.set_codebook(qk.Codebook([{"id": "risks", "name": "Risks"},
    ...     {"id": "commercial", "name": "Commercial use", "parent": "risks"}]))
    >>> _ = pr.code("KS", "fg1", 5, 38, "commercial")
    >>> report(pr, out=tempfile.mkdtemp() + "/r.docx").suffix
    '.docx'
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    from ..frameworks import map_themes
    from ..frameworks._mapping import _roll_up, themes_frame
    from ._docx import add_table
    from ._figures import (plot_prevalence_heatmap, plot_theme_tenet_matrix, plot_thematic_map,
                           plot_willingness, save_figure)
    from ._tables import participant_table, principle_table, theme_table

    import matplotlib.pyplot as plt

    corpus = project.corpus
    cb = project.codebook
    codings = project.codings(coder=coder) if coder else project.codings()
    ev = evidence_from_codings(codings, corpus) if len(codings) else None
    tf = themes_frame(project)
    if ev is not None:
        ev = ev.assign(theme=ev["code_id"])
        ev = _roll_up(ev, list(tf.theme))
    parts = participants if participants is not None else corpus.participants
    mapping = map_themes(project, framework=framework, manual=manual, evidence=ev)
    quotes = _pick_quotes(ev) if ev is not None else None

    from ._docx import agreement_sentence, method_sentences, new_document

    all_codings = project.codings()
    coders = [c for c in all_codings["coder"].unique() if c != coder] if len(all_codings) else []
    doc = new_document(title, author if author is not None else ", ".join(map(str, coders)), paper)
    doc.add_heading(title, level=0)

    # --- method ---
    doc.add_heading("Method", level=1)
    groups = sorted({str(g) for g in corpus.utterances["group"].dropna() if str(g)})
    n_part = len(parts)
    topics = [c.name for c in cb if c.parent is None]
    text = (f"The analysis covers {len(corpus)} transcripts from {len(groups)} focus groups "
            f"({', '.join(groups)}) with {n_part} participants. Transcripts were coded with a "
            f"codebook of {len(cb)} codes organised under {len(topics)} topics "
            f"({', '.join(topics)}), and {len(tf)} themes were defined. ")
    text += method_sentences(all_codings[all_codings["coder"] != coder] if coder else all_codings)
    if coder:
        text += (f"Prevalence and quotes below come from the {len(codings):,} extracts of the "
                 f"agreed coding ({coder}). ")
    text += (f"Themes were mapped onto the principles of {mapping.framework.name}; links are the "
             "researchers' own unless marked as suggestions. Quotes were checked for identifying "
             "details before inclusion.")
    doc.add_paragraph(text)
    if agreement is not None:
        if isinstance(agreement, dict):
            doc.add_paragraph(agreement_sentence(agreement))
        elif isinstance(agreement, pd.DataFrame):
            add_table(doc, agreement.round(3), title="Agreement between coders")

    figdir = Path(tempfile.mkdtemp(prefix="qk_report_"))

    def figure(ax: Any, name: str, caption: str, width: float = 16.0) -> None:
        png = save_figure(ax, figdir / name, formats=("png",), dpi=200)[0]
        plt.close(ax.figure)
        doc.add_picture(str(png), width=Cm(width))
        p = doc.add_paragraph()
        r = p.add_run(caption)
        r.italic = True
        r.font.size = Pt(9)

    # --- participants ---
    doc.add_heading("Participants", level=1)
    pt = participant_table(parts, suppress_below=suppress_below)
    add_table(doc, pt.table, title="Table 1. " + pt.title, notes=pt.notes)
    if {"willing_before", "willing_after"} <= set(parts.columns):
        figure(plot_willingness(parts), "willingness",
               "Figure 1. Willingness to share medical records before and after the focus groups.", 14)

    # --- themes ---
    doc.add_heading("Themes", level=1)
    figure(plot_thematic_map(project), "thematic_map", "Figure 2. Thematic map: themes by topic.")
    tt = theme_table(project, evidence=ev, quotes=quotes)
    show = tt.table.drop(columns=["theme"]).rename(columns={"name": "theme"})
    topic_names = {c.id: c.name for c in cb if c.parent is None}
    show["topic"] = show["topic"].map(lambda t: topic_names.get(t, t))
    add_table(doc, show, title="Table 2. Themes, prevalence and illustrative quotes",
              notes=["Groups, participants and extracts count coded extracts of the theme and its sub-codes."],
              font_size=8.5)
    if ev is not None:
        names = dict(zip(tf.theme, tf.name))
        counts = pd.crosstab(ev["theme"].map(names), ev["group"].fillna("(no group)")).reindex([names[t] for t in tf.theme]).fillna(0)
        figure(plot_prevalence_heatmap(counts), "heatmap",
               "Figure 3. Coded extracts per theme and focus group.", 10)

    # --- principles ---
    doc.add_heading("Themes and social-licence principles", level=1)
    ptab = principle_table(mapping, quotes=quotes, n_quotes=1)
    add_table(doc, ptab.table, title="Table 3. " + ptab.title, notes=ptab.notes, font_size=8.5)
    cov = mapping.coverage()
    if cov["unsupported_tenets"] or cov["unmapped_themes"]:
        doc.add_paragraph(f"Principles with no supporting theme: {cov['unsupported_tenets'] or 'none'}. "
                          f"Themes mapped to no principle: {cov['unmapped_themes'] or 'none'}.")
    add_table(doc, cov["tenets"].drop(columns=["tenet", "themes"]).rename(
              columns={"name": "principle", "n_themes": "themes"}),
              title="Table 4. Strength of evidence per principle",
              notes=["Counts of distinct focus groups, participants and coded extracts across "
                     "the themes linked to each principle."])
    figure(plot_theme_tenet_matrix(mapping), "matrix",
           "Figure 4. Themes (rows) mapped to principles (columns); large squares primary, "
           "small squares secondary links.", 12)
    out = Path(out)
    doc.save(str(out))
    return out
