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


def _and(items: list[str]) -> str:
    """``"a, b and c"``.

    >>> _and(["a"]), _and(["a", "b", "c"])
    ('a', 'a, b and c')
    """
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


_UNIT_WORDS = {"utterance": "utterances", "sentence": "sentences", "character": "characters",
               "segment": "coded segments"}


def _comparison_sentence(rep: Any, table: int) -> str:
    """A :func:`qualkit.compare_coders` result in words, pointing to its table.

    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> rep = SimpleNamespace(coders=("KS", "KG"), unit="utterance", _what="theme",
    ...                       by_code=pd.DataFrame({"code_id": ["a", "b"]}),
    ...                       overall=pd.DataFrame([{"percent_agreement": 0.987, "kappa": 0.881,
    ...                                              "alpha": 0.8812, "ac1": 0.99}]))
    >>> _comparison_sentence(rep, 1)
    "KS and KG agreed on 99% of their decisions whether an utterance carried a theme (pooled over the 2 themes: Cohen's kappa 0.88, Krippendorff's alpha 0.88, Gwet's AC1 0.99); Table 1 gives each theme."
    """
    from ..compare import _VALUE_LABELS
    from ._docx import percent

    a, b = rep.coders
    what = rep._what
    o = rep.overall.iloc[0] if len(rep.overall) else pd.Series(dtype=float)
    unit = _UNIT_WORDS.get(rep.unit, rep.unit + "s")[:-1]
    article = "an" if unit[0] in "aeiou" else "a"
    figures = [f"{_VALUE_LABELS[k]} {float(o[k]):.2f}" for k in ("kappa", "alpha", "ac1", "bp")
               if k in o and pd.notna(o[k]) and (k != "bp" or "kappa" not in o)]
    n = len(rep.by_code)
    pooled = f" (pooled over the {n} {what}s: {', '.join(figures)})" if figures else ""
    if "percent_agreement" in o and pd.notna(o["percent_agreement"]):
        head = (f"{a} and {b} agreed on {percent(float(o['percent_agreement']))} of their "
                f"decisions whether {article} {unit} carried a {what}")
    else:
        head = f"{a} and {b} were compared on whether {article} {unit} carried a {what}"
    return f"{head}{pooled}; Table {table} gives each {what}."


def report(project: Any, framework: Any = "ksss2022", out: str | Path = "report.docx",
           agreement: Any = None, *, participants: pd.DataFrame | None = None,
           coder: str | None = None, manual: Any = None, suppress_below: int = 5,
           title: str = "Social licence for linked health data: thematic analysis report",
           author: str | None = None, paper: str = "A4") -> Path:
    """Write one Word document summarising a project.

    Parameters
    ----------
    project : Project
        With a corpus, a codebook and codings.
    framework : str, Framework or list of them
        Framework(s) whose principles the themes are mapped to, one section each (see
        :func:`qualkit.map_themes`: a framework's shipped mapping, such as the study's own
        for ``ksss2022``, else links derived from the data with their strength).
    out : path
        The .docx to write.
    agreement : dict, ComparisonReport or DataFrame, optional
        Agreement figures to quote in the method (e.g. ``{"Krippendorff's alpha": 0.71}``),
        the result of :func:`qualkit.compare_coders` (a sentence and the per-code table,
        by name), or a table of your own.
    participants : DataFrame, optional
        Participant characteristics; default ``project.corpus.participants``.
    coder : str, optional
        Coder whose codings give prevalence and quotes; default all.
    manual : DataFrame or path, optional
        Your own theme-to-principle links for the first framework (see
        :func:`qualkit.map_themes`).
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
    from docx.shared import Cm, Pt

    from ..frameworks import map_themes
    from ..frameworks._mapping import _roll_up, themes_frame
    from ._docx import add_table
    from ._quotes import select_quotes
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
        ev = _roll_up(ev, list(tf.theme), cb)
    parts = participants if participants is not None else corpus.participants
    from ..frameworks import Framework

    fws = [framework] if isinstance(framework, (str, Path, Framework)) else list(framework)
    mappings = [map_themes(project, framework=f, manual=manual if k == 0 else None, evidence=ev)
                for k, f in enumerate(fws)]
    quotes = select_quotes(ev, corpus, project, n=2) if ev is not None else None

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
    fw_names = [m.framework.name for m in mappings]
    text += ("Themes were mapped onto the principles of " + _and(fw_names) + ". Links are the "
             "researchers' own where a mapping was given; otherwise they were derived from the "
             "data and the frameworks' definitions, and each carries the strength of the evidence "
             "behind it and its rationale. Quotes are whole sentences chosen as the extracts most "
             "like their theme, from different groups first, and were checked for identifying "
             "details before inclusion.")
    doc.add_paragraph(text)
    numbers = {"Table": 0, "Figure": 0}

    def number(kind: str) -> str:
        numbers[kind] += 1
        return f"{kind} {numbers[kind]}. "

    if agreement is not None:
        if isinstance(agreement, dict):
            doc.add_paragraph(agreement_sentence(agreement))
        elif hasattr(agreement, "display_table"):  # a compare_coders result
            doc.add_paragraph(_comparison_sentence(agreement, numbers["Table"] + 1))
            a, b = agreement.coders
            add_table(doc, agreement.display_table(), notes=[agreement.display_note()],
                      title=number("Table") + f"Agreement between {a} and {b} by "
                      f"{agreement._what} ({_UNIT_WORDS.get(agreement.unit, agreement.unit)})",
                      font_size=8.5)
        elif isinstance(agreement, pd.DataFrame):
            add_table(doc, agreement.round(3), title=number("Table") + "Agreement between coders")

    figdir = Path(tempfile.mkdtemp(prefix="qk_report_"))

    def figure(ax: Any, name: str, caption: str, width: float = 16.0,
               scale: float | None = None) -> None:
        """``scale``: print at this share of the figure's own size (at most ``width`` cm),
        so figures of one kind share a type size."""
        png = save_figure(ax, figdir / name, formats=("png",), dpi=200)[0]
        plt.close(ax.figure)
        if scale is not None:
            from PIL import Image

            with Image.open(png) as im:
                width = min(width, im.width / 200 * 2.54 * scale)
        doc.add_picture(str(png), width=Cm(width))
        doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the caption stays with it
        p = doc.add_paragraph()
        r = p.add_run(caption)
        r.italic = True
        r.font.size = Pt(9)

    # --- participants ---
    doc.add_heading("Participants", level=1)
    pt = participant_table(parts, suppress_below=suppress_below)
    add_table(doc, pt.table, title=number("Table") + pt.title, notes=pt.notes)
    if {"willing_before", "willing_after"} <= set(parts.columns):
        figure(plot_willingness(parts), "willingness",
               number("Figure") + "Willingness to share medical records before and after the focus groups.", 14)

    # --- themes ---
    doc.add_heading("Themes", level=1)
    figure(plot_thematic_map(project), "thematic_map", number("Figure") + "Thematic map: themes by topic.")
    tt = theme_table(project, evidence=ev, quotes=quotes)
    show = tt.table.drop(columns=["theme"]).rename(columns={"name": "theme"})
    topic_names = {c.id: c.name for c in cb if c.parent is None}
    show["topic"] = show["topic"].map(lambda t: topic_names.get(t, t))
    add_table(doc, show, title=number("Table") + "Themes, prevalence and illustrative quotes",
              notes=["Groups, participants and extracts count coded extracts of the theme and its sub-codes."],
              font_size=8.5)
    if ev is not None:
        names = dict(zip(tf.theme, tf.name))
        counts = pd.crosstab(ev["theme"].map(names), ev["group"].fillna("(no group)")).reindex([names[t] for t in tf.theme]).fillna(0)
        figure(plot_prevalence_heatmap(counts), "heatmap",
               number("Figure") + "Coded extracts per theme and focus group.", 16,
               scale=0.8)

    # --- principles: one section per framework ---
    for m in mappings:
        fw = m.framework
        doc.add_heading(f"Themes and principles: {fw.name}", level=1)
        ptab = principle_table(m)
        add_table(doc, ptab.table, title=number("Table") + ptab.title, notes=ptab.notes,
                  font_size=8.5)
        cov = m.coverage()
        tenet_names = {t.id: t.name for t in fw.tenets}
        theme_names = dict(zip(m.themes.theme, m.themes.name))
        gaps = []
        if cov["unsupported_tenets"]:
            gaps.append("No theme supports " + _and([tenet_names[t] for t in cov["unsupported_tenets"]]) + ".")
        if cov["unmapped_themes"]:
            gaps.append(_and([theme_names.get(t, t) for t in cov["unmapped_themes"]])
                        + (" is" if len(cov["unmapped_themes"]) == 1 else " are")
                        + " mapped to no principle.")
        if gaps:
            doc.add_paragraph(" ".join(gaps))
        add_table(doc, cov["tenets"].drop(columns=["tenet", "themes"]).rename(
                  columns={"name": "principle", "n_themes": "themes"}),
                  title=number("Table") + f"Strength of evidence per principle ({fw.name})",
                  notes=["Counts of distinct focus groups, participants and coded extracts across "
                         "the themes linked to each principle."])
        figure(plot_theme_tenet_matrix(m), f"matrix_{numbers['Figure'] + 1}",
               number("Figure") + f"Themes (rows) mapped to the principles (columns) of {fw.name}.", 16,
               scale=0.8)
    # --- the disclosure-control rules every table and figure above follows ---
    from ..privacy._disclosure import disclosure_rules

    p = doc.add_paragraph()
    r = p.add_run("Note on disclosure control. ")
    r.bold = True
    r.font.size = Pt(9)
    rules = disclosure_rules(suppress_below, bands="age" in parts.columns, k=5)
    rules.append("Counts of coded extracts, and of the participants or groups who spoke to a "
                 "theme, describe the talk rather than the people and are shown in full; quotes "
                 "carry a focus-group label and a participant code only.")
    r = p.add_run(" ".join(rules))
    r.font.size = Pt(9)
    out = Path(out)
    from .._export import atomic_output
    from ..privacy import check_export

    check_export(docx_texts(doc))  # everything the document says, tables and captions included
    with atomic_output(out) as tmp:
        doc.save(str(tmp))
    return out


def docx_texts(doc: Any) -> list[str]:
    """Every paragraph and table cell of a Word document, with its title and author."""
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        for part in (section.header, section.footer):
            texts.extend(p.text for p in part.paragraphs)
    texts += [doc.core_properties.title or "", doc.core_properties.author or ""]
    return [t for t in texts if t and t.strip()]
