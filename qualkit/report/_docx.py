"""Journal-style Word tables (python-docx): three rules, no vertical lines, small type."""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

__all__ = ["add_table"]


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
