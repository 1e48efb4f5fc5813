"""Word tables a journal accepts: fitted columns, landscape for wide tables, repeated headers."""

from __future__ import annotations

import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from qualkit.errors import InvalidParameterError
from qualkit.report._docx import _CELL_PAD, add_table, fit_columns, new_document, text_width_cm

WORDS = ["accountability", "re-identification", "data", "we", "linked", "guard-rails",
         "out-of-hospital", "Non-exploitation", "a", "records", "sold", "(FG3, P14)"]


def _quote(i: int, n: int) -> str:
    return " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(n)) + "."


def _longest_word(text: str, size: float, bold: bool = False) -> float:
    return max((text_width_cm(w, size, bold) for w in text.split()), default=0.0)


def _grid_cm(table) -> list[float]:
    return [int(g.get(qn("w:w"))) / 567 for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40)
                         .map(" ".join), min_size=4, max_size=4), min_size=1, max_size=8),
       st.floats(min_value=8.0, max_value=26.0))
def test_report_layout_fit_columns_never_breaks_a_word(rows, available):
    header = ["theme", "definition", "n", "quotes"]
    widths, fits = fit_columns(rows, header, 9, available)
    assert len(widths) == 4
    pad = _CELL_PAD + 0.05
    need = [max(_longest_word(h, 9, True), *(_longest_word(r[j], 9) for r in rows)) + pad
            for j, h in enumerate(header)]
    natural = [max(text_width_cm(h, 9, True), *(text_width_cm(r[j], 9) for r in rows)) + pad
               for j, h in enumerate(header)]
    if fits:
        assert all(w >= n - 1e-9 for w, n in zip(widths, need))       # no word is broken
        assert all(w <= m + 1e-9 for w, m in zip(widths, natural))  # no column wider than its text
        assert sum(widths) <= available + 1e-9
        if sum(natural) > available:
            assert sum(widths) == pytest.approx(available)             # the page width is used
    else:
        assert sum(need) > available
        assert sum(widths) == pytest.approx(available)


def test_report_layout_wide_table_gets_its_own_landscape_section(tmp_path):
    doc = new_document("t")
    doc.add_paragraph("Text before the table. " * 80)  # a report, not a table alone
    df = pd.DataFrame({"theme": [f"Theme {i}" for i in range(15)],
                       "definition": [_quote(i, 12) for i in range(15)],
                       "groups": [5] * 15, "participants": [38] * 15,
                       "quotes": [_quote(i, 45) + "\n" + _quote(i + 1, 40) for i in range(15)]})
    t = add_table(doc, df, title="Table 2. Wide", notes=["A note."])
    doc.add_paragraph("Text after the table.")
    path = tmp_path / "wide.docx"
    doc.save(str(path))
    d = docx.Document(str(path))
    assert [s.page_width > s.page_height for s in d.sections] == [False, True, False]
    land = d.sections[1]
    room = (land.page_width - land.left_margin - land.right_margin) / 360000
    widths = _grid_cm(d.tables[0])
    assert sum(widths) <= room + 0.01
    header = d.tables[0].rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None  # repeated on every page
    for j, w in enumerate(widths):
        for row in t.rows:
            assert _longest_word(row.cells[j].text, 9, bold=True) + _CELL_PAD <= w + 0.01
    # long rows may break across pages; short ones may not
    flags = [r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None
             for r in d.tables[0].rows[1:]]
    assert all(flags)  # every row here is shorter than a quarter page in landscape


def test_report_layout_small_table_stays_portrait_and_fills_no_more_than_it_needs():
    doc = new_document("t")
    df = pd.DataFrame({"principle": ["Reciprocity, autonomy and justice", "Service of the public good"],
                       "themes": [4, 5], "extracts": [189, 344]})
    t = add_table(doc, df)
    assert len(doc.sections) == 1 and doc.sections[0].page_width < doc.sections[0].page_height
    widths = _grid_cm(t)
    assert widths[0] == pytest.approx(text_width_cm("Reciprocity, autonomy and justice", 9) + _CELL_PAD + 0.05,
                                      abs=0.01)
    assert sum(widths) < 10
    assert [c.text for c in t.rows[0].cells] == ["Principle", "Themes", "Extracts"]


def test_report_layout_table_alone_turns_the_page_not_a_new_section(tmp_path):
    from qualkit.report import ReportTable

    df = pd.DataFrame({"theme": [f"T{i}" for i in range(12)], "definition": [_quote(i, 15) for i in range(12)],
                       "tenets": ["Non-exploitation and prevention of harm"] * 12,
                       "evidence": ["5 groups, 38 participants, 65 extracts"] * 12,
                       "quotes": [_quote(i, 60) for i in range(12)]})
    d = docx.Document(str(ReportTable(df, title="Themes").to_docx(tmp_path / "t.docx")))
    assert len(d.sections) == 1 and d.sections[0].page_width > d.sections[0].page_height
    assert round(d.sections[0].page_height.cm, 1) == 21.0  # A4 turned
    assert d.core_properties.title == "Themes"
    with pytest.raises(InvalidParameterError, match="Q001.*orientation"):
        ReportTable(df).to_docx(tmp_path / "u.docx", orientation="sideways")


def test_report_layout_agreement_table_names_not_ids(tmp_path):
    import qualkit as qk
    from qualkit.compare import compare_coders
    from qualkit.corpus import Corpus, Transcript, Turn

    turns = [Turn(f"P0{i}", f"Turn number {i} says something about linked records.") for i in range(1, 7)]
    pr = qk.Project.in_memory()
    pr.add_corpus(Corpus([Transcript.from_turns("fg1", turns, group="FG1")]))
    pr.set_codebook(qk.Codebook([{"id": "risks", "name": "Risks and concerns"},
                                 {"id": "commercial", "name": "Commercial use and selling on",
                                  "parent": "risks"}]))
    u = pr.corpus["fg1"].utterances
    for coder, rows in (("KS", [0, 1, 2]), ("KG", [0, 1, 3])):
        for i in rows:
            pr.code(coder, "fg1", int(u.start[i]), int(u.end[i]), "commercial")
    rep = compare_coders(pr, ("KS", "KG"), unit="utterance", level=1)
    t = docx.Document(str(rep.to_docx(tmp_path / "a.docx"))).tables[0]
    assert [c.text for c in t.rows[0].cells] == [
        "Theme", "Coded by KS", "Coded by KG", "Agreement", "Cohen's kappa",
        "Krippendorff's alpha", "Gwet's AC1", "Kappa 95% CI", "Interpretation"]
    # 6 utterances: both coded 2, KS only 1, KG only 1, neither 2 -> po 4/6, kappa 1/3
    assert [c.text for c in t.rows[1].cells][:5] == ["Commercial use and selling on", "3", "3", "67%", "0.33"]
    ax = rep.plot()
    assert [x.get_text() for x in ax.get_yticklabels()] == ["Commercial use and selling on"]
    assert ax.get_ylabel() == "Theme"
