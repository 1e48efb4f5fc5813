"""Journal-style Word tables (python-docx): three rules, no vertical lines, small type."""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

__all__ = ["add_table", "fit_columns", "new_document", "number_words", "percent", "text_width_cm"]

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


def new_document(title: str = "", author: str = "", paper: str = "A4", margin_cm: float = 2.0,
                 font: str = "Calibri", font_size: float = 10.5) -> Any:
    """A Word document with the page size, margins and core properties a journal expects.

    Parameters
    ----------
    title, author : str
        Written to the document's core properties (File > Properties).
    paper : {"A4", "Letter"}
        Page size; A4 by default.
    font, font_size : str, float
        The Normal style's typeface and size in points.

    Examples
    --------
    >>> d = new_document("Report", "KS", paper="A4")
    >>> round(d.sections[0].page_width.cm, 1), d.core_properties.author
    (21.0, 'KS')
    """
    import datetime as _dt

    import docx
    from docx.shared import Cm, Pt

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
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(font_size)
    return doc


# Advance widths of Calibri (metric-compatible Carlito), per mille of the em, for ' '..'~'.
_CALIBRI = (226, 326, 401, 498, 507, 714, 683, 220, 303, 303, 498, 497, 249, 306, 252, 386, 507,
            507, 507, 507, 507, 507, 507, 507, 507, 507, 268, 268, 498, 498, 498, 464, 895, 579,
            543, 534, 615, 488, 459, 631, 622, 252, 319, 519, 420, 856, 645, 662, 517, 674, 543,
            459, 488, 641, 567, 890, 519, 487, 468, 307, 386, 307, 498, 498, 291, 479, 525, 424,
            525, 498, 306, 471, 526, 230, 240, 454, 230, 799, 525, 528, 526, 525, 349, 391, 336,
            525, 452, 715, 433, 453, 394, 314, 461, 315, 498)
_PT_CM = 2.54 / 72
#: Word's default cell margins (left + right), in cm.
_CELL_PAD = 0.38


def text_width_cm(text: str, font_size: float, bold: bool = False) -> float:
    """Printed width of ``text`` in Calibri at ``font_size`` points, in centimetres.

    Examples
    --------
    >>> round(text_width_cm("accountability", 10), 2)
    2.02
    """
    em = sum(_CALIBRI[o - 32] if 32 <= (o := ord(ch)) < 127 else 560 for ch in text) / 1000
    return em * font_size * _PT_CM * (1.04 if bold else 1.0)


def _wrapped_lines(text: str, width_cm: float, font_size: float, bold: bool = False) -> int:
    """Lines ``text`` takes when wrapped greedily at spaces in a column ``width_cm`` wide."""
    space = text_width_cm(" ", font_size, bold)
    n = 0
    for para in text.split("\n"):
        n += 1
        used = 0.0
        for w in para.split():
            ww = text_width_cm(w, font_size, bold)
            if used and used + space + ww > width_cm:
                n += 1
                used = ww
            else:
                used += (space if used else 0.0) + ww
            while used > width_cm > 0:  # a word wider than the column breaks
                n += 1
                used -= width_cm
    return n


def fit_columns(cells: Sequence[Sequence[str]], header: Sequence[str], font_size: float,
                available_cm: float) -> tuple[list[float], bool]:
    """Column widths fitted to content, as a browser lays out an automatic table.

    Every column is at least as wide as its longest word (so no word is broken) and at
    most as wide as its longest line. When not everything fits on one line, the room
    left after the minimums goes first to the body's cells, in proportion to how much
    more they would take (a header wraps once, a body column on every row), and only
    what is left over to the headers.

    Returns
    -------
    widths : list of float
        Centimetres, cell margins included.
    fits : bool
        False when even the longest words do not fit side by side (the widths are then
        the minimums scaled down to the room available).

    Examples
    --------
    >>> w, fits = fit_columns([["1", "a long definition of the theme in many words"]],
    ...                       ["n", "definition"], 9, 6.0)
    >>> fits, round(sum(w), 1), w[0] < w[1]
    (True, 6.0, True)
    """
    ncol = len(header)
    lo = [0.0] * ncol
    body = [0.0] * ncol
    head = [0.0] * ncol
    for j, h in enumerate(header):
        for w in str(h).split():
            lo[j] = max(lo[j], text_width_cm(w, font_size, bold=True))
        head[j] = text_width_cm(str(h), font_size, bold=True)
    for row in cells:
        for j, v in enumerate(row):
            for line in str(v).split("\n"):
                for w in line.split():
                    lo[j] = max(lo[j], text_width_cm(w, font_size))
                body[j] = max(body[j], text_width_cm(line, font_size))
    pad = _CELL_PAD + 0.05
    lo = [x + pad for x in lo]
    body = [max(x + pad, l) for x, l in zip(body, lo)]
    hi = [max(h + pad, b) for h, b in zip(head, body)]
    if sum(hi) <= available_cm:
        return hi, True
    if sum(lo) > available_cm:
        return [x * available_cm / sum(lo) for x in lo], False

    def share(base: list[float], top: list[float]) -> list[float]:
        room = available_cm - sum(base)
        want = [t - b for t, b in zip(top, base)]
        return [b + room * w / sum(want) for b, w in zip(base, want)]

    if sum(body) <= available_cm:
        return share(body, hi), True
    return share(lo, body), True


def _row_heights_cm(cells: Sequence[Sequence[str]], header: Sequence[str], widths: Sequence[float],
                    font_size: float) -> list[float]:
    line = font_size * 1.22 * _PT_CM
    out = []
    for k, row in enumerate([header, *cells]):
        n = max(_wrapped_lines(str(v), max(w - _CELL_PAD, 0.1), font_size, bold=k == 0)
                for v, w in zip(row, widths))
        paras = max(str(v).count("\n") + 1 for v in row)
        out.append(n * line + paras * 1.0 * _PT_CM + 0.1)
    return out


def _set_orientation(section: Any, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT

    w, h = section.page_width, section.page_height
    if (w > h) != landscape:
        section.page_width, section.page_height = h, w
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


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


def _row_flag(row: Any, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _cell_paragraph(para: Any, font_size: float) -> None:
    """A table cell's paragraph: single spacing, 1 pt after, and its mark in the table's
    size, so an empty cell is no taller than a filled one."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    para.paragraph_format.space_after = Pt(1)
    para.paragraph_format.space_before = Pt(0)
    para.paragraph_format.line_spacing = 1.0
    ppr = para._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = ppr.makeelement(qn("w:rPr"), {})
        ppr.append(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.makeelement(qn(tag), {qn("w:val"): str(int(round(2 * font_size)))})
        rpr.append(el)


def _cell_text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def add_table(doc: Any, df: pd.DataFrame, title: str = "", notes: Sequence[str] = (),
              font_size: float = 9, widths: Sequence[float] | None = None,
              orientation: str = "auto", italic: Sequence[str] = ("quotes", "quote")) -> Any:
    """Append ``df`` as a journal-style Word table (three rules) with caption and footnotes.

    Columns are as wide as their content needs (:func:`fit_columns`), words are never
    broken, the header row repeats on every page, and a long table that runs shorter on
    landscape pages, has five or more columns, or whose words do not fit side by side
    in portrait gets a landscape section of its own.

    Parameters
    ----------
    doc : docx.Document
    df : DataFrame
        Column names are the headers (first letter capitalised); ``\\n`` in a cell
        starts a new paragraph. Repeated values in a first column named
        ``characteristic`` or ``topic`` are shown once.
    widths : list of float, optional
        Column widths in cm instead of fitted ones.
    orientation : {"auto", "portrait", "landscape"}
    italic : list of str
        Columns set in italics (quotes).

    Returns
    -------
    docx.table.Table

    Examples
    --------
    >>> import pandas as pd
    >>> d = new_document()
    >>> df = pd.DataFrame({"theme": ["Trust"], "quotes": ["Tell us. " * 60]})
    >>> t = add_table(d, df, title="Table 1. Quotes")
    >>> d.sections[0].page_width < d.sections[0].page_height, t.rows[0].cells[0].text
    (True, 'Theme')
    """
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm, Pt

    from ..errors import Errors, InvalidParameterError

    if orientation not in ("auto", "portrait", "landscape"):
        raise InvalidParameterError(Errors.Q001.format(
            param="orientation", caller="add_table", expected="'auto', 'portrait' or 'landscape'",
            found=orientation))
    cols = [str(c) for c in df.columns]
    header = [c[:1].upper() + c[1:] for c in cols]
    grouped = len(cols) > 2 and cols[0] in ("characteristic", "topic")
    cells: list[list[str]] = []
    prev_first = None
    for row in df.itertuples(index=False):
        vals = [_cell_text(v) for v in row]
        first = vals[0] if vals else None
        if grouped and first == prev_first:
            vals[0] = ""  # grouped rows: show the group label once
        prev_first = first
        cells.append(vals)

    sec = doc.sections[-1]
    landscape_now = sec.page_width > sec.page_height
    short, long_ = sorted((sec.page_width / 360000, sec.page_height / 360000))
    lr = (sec.left_margin + sec.right_margin) / 360000
    tb = (sec.top_margin + sec.bottom_margin) / 360000
    pw, ph, lw, lh = short - lr, long_ - tb, long_ - lr, short - tb

    def layout(avail: float) -> tuple[list[float], bool, float]:
        if widths is not None:
            ws = [float(w) for w in widths]
            return ws, True, sum(_row_heights_cm(cells, header, ws, font_size))
        ws, fits = fit_columns(cells, header, font_size, avail)
        return ws, fits, sum(_row_heights_cm(cells, header, ws, font_size))

    wp, fits_p, hp = layout(pw)
    wl, fits_l, hl = layout(lw)
    if orientation == "auto":
        pages_p, pages_l = hp / ph, hl / lh
        landscape = (not fits_p and (fits_l or sum(wl) > sum(wp))) or (pages_p > 0.6 and (
            pages_l <= 0.85 * pages_p or (len(cols) >= 5 and pages_l <= 1.1 * pages_p)))
    else:
        landscape = orientation == "landscape"
    ws = wl if landscape else wp
    restore = None
    if landscape != landscape_now:
        # a document holding only a heading and a few lines turns its one section
        short = (len(doc.sections) == 1 and not doc.tables and not doc.inline_shapes
                 and sum(len(p.text) for p in doc.paragraphs) < 1500)
        if short:
            _set_orientation(sec, landscape)
        else:
            new = doc.add_section(WD_SECTION.NEW_PAGE)
            _set_orientation(new, landscape)
            restore = landscape_now

    if title:
        p = doc.add_paragraph()
        r = p.add_run(title)
        r.bold = True
        r.font.size = Pt(font_size + 1)
        p.paragraph_format.keep_with_next = True
    t = doc.add_table(rows=1, cols=len(cols))
    t.autofit = False
    _row_flag(t.rows[0], "w:tblHeader")  # repeat the header row on every page
    _row_flag(t.rows[0], "w:cantSplit")
    for j, c in enumerate(header):
        cell = t.rows[0].cells[j]
        cell.text = ""  # (replaces the cell's paragraph: format it afterwards)
        para = cell.paragraphs[0]
        para.paragraph_format.keep_with_next = True
        _cell_paragraph(para, font_size)
        run = para.add_run(c)
        run.bold = True
        run.font.size = Pt(font_size)
        _borders(cell, top=True, bottom=True)
    heights = _row_heights_cm(cells, header, ws, font_size)
    page_h = lh if landscape else ph
    n = len(cells)
    for i, vals in enumerate(cells):
        new_row = t.add_row()
        if heights[i + 1] < page_h / 4:  # long rows may break across pages
            _row_flag(new_row, "w:cantSplit")
        for j, txt in enumerate(vals):
            cell = new_row.cells[j]
            cell.text = ""
            for k, line in enumerate(txt.split("\n")):
                para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                _cell_paragraph(para, font_size)
                run = para.add_run(line)
                run.font.size = Pt(font_size)
                if cols[j] in italic:
                    run.italic = True
            _borders(cell, bottom=(i == n - 1))
    for j, w in enumerate(ws):
        t.columns[j].width = Cm(w)
        for r in t.rows:
            r.cells[j].width = Cm(w)
    for note in notes:
        p = doc.add_paragraph()
        run = p.add_run(note)
        run.font.size = Pt(font_size - 1)
    if restore is not None:
        _set_orientation(doc.add_section(WD_SECTION.NEW_PAGE), restore)
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
        if n == n_tr:
            text += f"; a {nth} coder, {c}, also coded {'both' if n_tr == 2 else 'all ' + _WORDS[n] if n < len(_WORDS) else 'all'}"
        else:
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
