"""Spreadsheets never run a cell; a failed export leaves no file behind."""

from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest

import qualkit as qk
from qualkit._export import FORMULA_START, spreadsheet_safe, unescape_cells, write_csv, write_xlsx
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import IdentifierFoundError
from qualkit.report import ReportTable

HOSTILE = ["=HYPERLINK(\"#a1\",\"click\")", "+44 is the code", "-2+3",
           "@SUM(1,2)", "\tTabbed", "\rReturn", "plain text", "- a dash first"]


def _project():
    t = Transcript.from_turns("fg1", [Turn("P01", text) for text in HOSTILE], group="FG1",
                              merge_consecutive=False)
    pr = qk.Project.in_memory()
    pr.add_corpus(Corpus([t]))
    pr.set_codebook(qk.Codebook([{"id": "x", "name": "X"}]))
    for r in t.utterances.itertuples():
        pr.code("KS", "fg1", int(r.start), int(r.end), "x", memo=r.text)
    return pr


def test_privacy_csv_cells_that_start_a_formula_are_text(tmp_path):
    qt = qk.quote_table(_project(), coder="KS")
    p = qk.queries.write_table(qt, tmp_path / "quotes.csv")
    back = pd.read_csv(p, keep_default_na=False)
    for got, want in zip(back["quote"], qt["quote"]):
        assert got == ("'" + want if want.startswith(FORMULA_START) else want)
    assert unescape_cells(back)["quote"].tolist() == qt["quote"].tolist()


def test_privacy_xlsx_cells_are_never_formulas(tmp_path):
    qt = qk.quote_table(_project(), coder="KS")
    p = qk.queries.write_table(qt, tmp_path / "quotes.xlsx")
    ws = openpyxl.load_workbook(p).active
    col = [c.value for c in ws[1]].index("quote") + 1
    cells = [ws.cell(row=i, column=col) for i in range(2, ws.max_row + 1)]
    assert [c.value for c in cells] == qt["quote"].tolist()  # the text unchanged
    assert all(c.data_type == "s" for c in cells)  # and stored as text, not as formulas
    raw = zipfile.ZipFile(p).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in raw


def test_privacy_report_table_and_codebook_exports(tmp_path):
    rt = ReportTable(pd.DataFrame({"theme": ["=cmd|' /C calc'!A0"], "n": [7]}), title="T")
    rt.to_csv(tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text().splitlines()[1] == "'=cmd|' /C calc'!A0,7"
    ws = openpyxl.load_workbook(rt.to_xlsx(tmp_path / "t.xlsx")).active
    assert ws["A3"].value == "=cmd|' /C calc'!A0" and ws["A3"].data_type == "s"
    cb = qk.Codebook([{"id": "a", "name": "=A", "definition": "@risk of harm"}])
    cb.write(tmp_path / "cb.csv")
    back = qk.Codebook.read(tmp_path / "cb.csv")
    assert (back["a"].name, back["a"].definition) == ("=A", "@risk of harm")


def test_privacy_codings_round_trip_keeps_memos(tmp_path):
    pr = _project()
    p = pr.export_codings(tmp_path / "codings.csv")
    assert "'=HYPERLINK" in p.read_text()
    other = qk.Project.in_memory()
    other.add_corpus(pr.corpus)
    other.set_codebook(pr.codebook)
    other.import_codings(p)
    assert other.codings()["memo"].tolist() == pr.codings()["memo"].tolist()


def test_privacy_spreadsheet_safe_leaves_numbers_alone():
    df = pd.DataFrame({"a": [-1, 2], "b": ["-x", "y"]})
    out = spreadsheet_safe(df)
    assert out["a"].tolist() == [-1, 2] and out["b"].tolist() == ["'-x", "y"]


def test_privacy_failed_qdpx_leaves_nothing(tmp_path, monkeypatch):
    pr = _project()
    target = tmp_path / "out.qdpx"
    calls = {"n": 0}
    real = zipfile.ZipFile.writestr

    def failing(self, *a, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(self, *a, **kw)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing)
    with pytest.raises(OSError, match="disk full"):
        qk.write_qdpx(pr, target)
    assert list(tmp_path.iterdir()) == []
    # an existing file is left as it was
    target.write_bytes(b"old")
    calls["n"] = 0
    with pytest.raises(OSError):
        qk.write_qdpx(pr, target)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.qdpx"]


def test_privacy_refused_export_leaves_nothing(tmp_path):
    rt = ReportTable(pd.DataFrame({"quote": ["Ring me on 07700 900123."]}), title="Quotes")
    for suffix in ("csv", "xlsx", "md", "docx"):
        with pytest.raises(IdentifierFoundError, match="Q501"):
            getattr(rt, f"to_{suffix if suffix != 'md' else 'markdown'}")(tmp_path / f"q.{suffix}")
    assert list(tmp_path.iterdir()) == []


def test_privacy_write_xlsx_several_sheets(tmp_path):
    p = write_xlsx({"a": pd.DataFrame({"x": ["=1"]}), "b": pd.DataFrame({"y": [1]})},
                   tmp_path / "w.xlsx", index=False)
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["a", "b"] and wb["a"]["A2"].data_type == "s"
    assert write_csv(pd.DataFrame({"x": [1]}), tmp_path / "w.csv").read_text() == "x\n1\n"


def test_privacy_qdpx_scans_all_it_writes(tmp_path):
    t = Transcript.from_turns("fg1", [Turn("", "Host: Dr Ana Lima", role="note"),
                                      Turn("P01", "Fine.")], group="FG1")
    pr = qk.Project.in_memory()
    pr.add_corpus(Corpus([t]))
    pr.set_codebook(qk.Codebook([{"id": "x", "name": "X"}]))
    pr.add_memo("transcript", "fg1", "ring 07700 900123 about the room", author="KS")
    with pytest.raises(IdentifierFoundError, match=r"NAME in fg1 .*note"):
        qk.write_qdpx(pr, tmp_path / "a.qdpx")
    assert list(tmp_path.iterdir()) == []
    clean = qk.Project.in_memory()
    clean.add_corpus(qk.redact(pr.corpus, ner=False))
    clean.set_codebook(pr.codebook)
    clean.add_memo("transcript", "fg1", "ring 07700 900123 about the room", author="KS")
    with pytest.raises(IdentifierFoundError, match="PHONE"):  # the memo
        qk.write_qdpx(clean, tmp_path / "a.qdpx")
    qk.write_qdpx(pr, tmp_path / "a.qdpx", allow_identifiers=True)
    assert zipfile.ZipFile(tmp_path / "a.qdpx").namelist()[0] == "project.qde"
