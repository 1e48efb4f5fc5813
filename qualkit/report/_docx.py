"""Journal-style Word tables (python-docx): three rules, no vertical lines, small type."""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

__all__ = ["add_table", "new_document", "number_words", "percent"]

#: Page sizes (width, height) in centimetres.
PAPER = {"A4": (21.0, 29.7), "Letter": (21.59, 27.94)}

_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def number_words(n: int, noun: str, plural: str | None = None) -> str:
    """Write a count as a journal would: words up to ten, digits above, noun agreeing.

    Examples
    --------
    >>> number_words(1, "coder"), number_words(2, "coder"), number_words(12, "group")
    ('one coder', 'two coders', '12 groups')
    """
    word = _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"
    return f"{word} {noun if n == 1 else (plural or noun + 's')}"


def percent(x: float) -> str:
    """A proportion as a whole percentage (one decimal below 10%).

    Examples
    --------
    >>> percent(0.99), percent(0.2), percent(0.047)
    ('99%', '20%', '4.7%')
    """
    v = 100 * float(x)
    return f"{v:.1f}%" if 0 < abs(v) < 10 else f"{v:.0f}%"


def new_document(title: str = "", author: str = "", paper: str = "A4", margin_cm: float = 2.0) -> Any:
    """A Word document with the page size, margins and core properties a journal expects.

    Parameters
    ----------
    title, author : str
        Written to the document's core properties (File > Properties).
    paper : {"A4", "Letter"}
        Page size; A4 by default.

    Examples
    --------
    >>> d = new_document("Report", "KS", paper="A4")
    >>> round(d.sections[0].page_width.cm, 1), d.core_properties.author
    (21.0, 'KS')
    """
    import datetime as _dt

    import docx
    from docx.shared import Cm

    from ..errors import Errors, InvalidParameterError

    if paper not in PAPER:
        raise InvalidParameterError(Errors.Q001.format(
            param="paper", caller="new_document", expected=" or ".join(map(repr, PAPER)), found=paper))
    doc = docx.Document()
    w, h = PAPER[paper]
    for sec in doc.sections:
        sec.page_width, sec.page_height = Cm(w), Cm(h)
        sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Cm(margin_cm)
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = now
    cp.modified = now
    cp.revision = 1
    cp.comments = "Written by qualkit"
    return doc


def _borders(cell: Any, top: bool = False, bottom: bool = False) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcPr = cell._tc.get_or_add_tcPr()
    b = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        on = (side == "top" and top) or (side == "bottom" and bottom)
        el.set(qn("w:val"), "single" if on else "nil")
        if on:
            el.set(qn("w:sz"), "8")
            el.set(qn("w:color"), "000000")
        b.append(el)
    tcPr.append(b)


def add_table(doc: Any, df: pd.DataFrame, title: str = "", notes: Sequence[str] = (),
              font_size: float = 9, widths: Sequence[float] | None = None) -> Any:
    """Append ``df`` as a real Word table with a caption and footnotes; returns the table."""
    from docx.shared import Pt, Cm

    if title:
        p = doc.add_paragraph()
        r = p.add_run(title)
        r.bold = True
        r.font.size = Pt(font_size + 1)
        p.paragraph_format.keep_with_next = True
    cols = [str(c) for c in df.columns]
    t = doc.add_table(rows=1, cols=len(cols))
    t.autofit = True
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trPr = t.rows[0]._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):  # repeat the header row on every page
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        trPr.append(el)
    for j, c in enumerate(cols):
        cell = t.rows[0].cells[j]
        cell.paragraphs[0].paragraph_format.keep_with_next = True
        cell.text = ""
        run = cell.paragraphs[0].add_run(c[:1].upper() + c[1:])
        run.bold = True
        run.font.size = Pt(font_size)
        _borders(cell, top=True, bottom=True)
    n = len(df)
    prev_first = None
    for i, row in enumerate(df.itertuples(index=False)):
        new_row = t.add_row()
        el = OxmlElement("w:cantSplit")
        el.set(qn("w:val"), "true")
        new_row._tr.get_or_add_trPr().append(el)
        cells = new_row.cells
        for j, v in enumerate(row):
            txt = "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
            if j == 0 and len(cols) > 2 and txt == prev_first and cols[0] in ("characteristic", "topic"):
                txt = ""  # grouped rows: show the group label once
            cell = cells[j]
            cell.text = ""
            for k, line in enumerate(txt.split("\n")):
                para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                para.paragraph_format.space_after = Pt(1)
                run = para.add_run(line)
                run.font.size = Pt(font_size)
                if cols[j] in ("quotes",):
                    run.italic = True
            _borders(cell, bottom=(i == n - 1))
        prev_first = str(row[0])
    if widths:
        t.autofit = False
        for j, w in enumerate(widths):
            t.columns[j].width = Cm(w)
            for r in t.rows:
                r.cells[j].width = Cm(w)
    for note in notes:
        p = doc.add_paragraph()
        run = p.add_run(note)
        run.font.size = Pt(font_size - 1)
    return t


_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def method_sentences(codings: pd.DataFrame) -> str:
    """The method's sentence on who coded what, written from the codings.

    The coder with most codings is the main coder; every other coder is described
    by the share of coded transcripts they also coded.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"coder": ["KS"] * 4 + ["KG"], "transcript_id": ["a", "b", "c", "d", "a"]})
    >>> method_sentences(c)
    '5 extracts were coded: one coder, KS, coded all four transcripts; a second coder, KG, coded 25% of them (one transcript). '
    """
    if codings is None or not len(codings):
        return ""
    order = list(dict.fromkeys(codings["coder"]))
    per = codings.groupby("coder")["transcript_id"].agg(["size", "nunique"]).reindex(order).sort_values(
        ["size", "nunique"], ascending=False, kind="stable")
    n_tr = codings["transcript_id"].nunique()
    coders = [str(c) for c in per.index]
    main = coders[0]
    m_tr = int(per.iloc[0]["nunique"])
    share = ("both transcripts" if n_tr == 2 else "all " + number_words(n_tr, "transcript")) \
        if m_tr == n_tr and n_tr > 1 else (
        number_words(m_tr, "transcript") if m_tr == n_tr else f"{number_words(m_tr, 'transcript')} of {n_tr}")
    text = f"{len(codings):,} {'extract was' if len(codings) == 1 else 'extracts were'} coded: " \
           f"one coder, {main}, coded {share}"
    for k, c in enumerate(coders[1:], start=1):
        n = int(per.loc[c, "nunique"])
        nth = _ORDINALS[k] if k < len(_ORDINALS) else f"{k + 1}th"
        text += f"; a {nth} coder, {c}, coded {percent(n / n_tr)} of them ({number_words(n, 'transcript')})"
    return text + ". "


def agreement_sentence(agreement: dict) -> str:
    """Agreement figures as a sentence: proportions named "percentage" or "agreement" as percentages.

    Examples
    --------
    >>> agreement_sentence({"percentage agreement": 0.99, "Cohen's kappa": 0.712})
    "Coders agreed on 99% of the text (Cohen's kappa 0.71)."
    """
    pct = [(k, v) for k, v in agreement.items()
           if isinstance(v, float) and "percent" in str(k).lower() and 0 <= v <= 1]
    rest = [(k, v) for k, v in agreement.items() if (k, v) not in pct]
    fmt = [f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in rest]
    if pct:
        head = "Coders agreed on " + " and ".join(percent(v) for _, v in pct) + " of the text"
        return head + (f" ({'; '.join(fmt)})." if fmt else ".")
    return "Agreement between coders: " + "; ".join(fmt) + "."
