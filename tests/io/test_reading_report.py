"""The reading report, unreadable files, encodings with evidence, and `qualkit read`.

Fixtures are our own synthetic text.
"""

from __future__ import annotations

import io
import math
import warnings
import zipfile

import pandas as pd
import pytest

import qualkit as qk
from qualkit.cli import main
from qualkit.corpus import READING_COLUMNS
from qualkit.errors import QualkitWarning, TranscriptEncodingError, TranscriptFormatError

GOOD_TXT = "Facilitator: Shall we begin?\nP01: Yes, the records worry me.\nP02: Me too.\n"
GOOD_VTT = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Facilitator>Hello all.</v>\n\n"
            "00:00:02.500 --> 00:00:04.000\n<v P07>Hello back.</v>\n")
SECRET = "Marjorie Quill lives at nine Orchard Row"


def _quiet(fn, *a, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QualkitWarning)
        return fn(*a, **kw)


def _folder(tmp_path):
    (tmp_path / "fg1_s1.txt").write_text(GOOD_TXT, encoding="utf-8")
    (tmp_path / "fg2_s1.vtt").write_text(GOOD_VTT, encoding="utf-8")
    (tmp_path / "fg3_s1.txt").write_text(f"{SECRET}\nand nothing else\n", encoding="utf-8")
    return tmp_path


def test_reading_report_one_row_per_file(tmp_path):
    c = _quiet(qk.read_transcripts, _folder(tmp_path), errors="warn")
    rep = c.reading_report
    assert list(rep.columns) == READING_COLUMNS
    rows = {r.path.rsplit("/", 1)[-1]: r for r in rep.itertuples(index=False)}
    assert set(rows) == {"fg1_s1.txt", "fg2_s1.vtt", "fg3_s1.txt"}
    a, b, bad = rows["fg1_s1.txt"], rows["fg2_s1.vtt"], rows["fg3_s1.txt"]
    assert (a.status, a.format, a.encoding, a.n_turns, a.n_speakers, a.labelled_share,
            a.n_notes, a.warnings) == ("read", "txt", "utf-8", 3, 3, 1.0, 0, "")
    assert a.layout == "Speaker: text lines" and a.transcript_id == "fg1_s1"
    assert (b.status, b.n_turns, b.n_speakers) == ("read", 2, 2)
    assert bad.status == "skipped" and pd.isna(bad.transcript_id) and bad.n_turns == 0
    assert math.isnan(bad.labelled_share)
    assert bad.warnings.startswith("[Q104] ")
    # the report never repeats transcript text, nor the path
    assert "Marjorie" not in bad.warnings and "Orchard" not in bad.warnings
    assert str(tmp_path) not in bad.warnings


def test_reading_report_names_the_table_layout_of_every_table_format(tmp_path):
    import docx
    import openpyxl

    rows = [("Time", "Speaker", "Text"), ("00:00:01", "P01", "Hello there."),
            ("00:00:04", "P02", "Hi.")]
    doc = docx.Document()
    table = doc.add_table(rows=0, cols=2)
    for _, sp, tx in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = sp, tx
    doc.save(tmp_path / "a.docx")
    doc = docx.Document()
    table = doc.add_table(rows=0, cols=3)
    for row in rows[1:]:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value
    doc.save(tmp_path / "b.docx")
    (tmp_path / "c.csv").write_text("\n".join(",".join(r[1:]) for r in rows) + "\n")
    (tmp_path / "d.csv").write_text("\n".join(",".join(r) for r in rows) + "\n")
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / "e.xlsx")
    rep = _quiet(qk.read_transcripts, tmp_path).reading_report
    assert rep["layout"].tolist() == [
        "table rows: speaker | text", "table rows: time | speaker | text",
        "table rows: speaker | text", "table rows: time | speaker | text",
        "spreadsheet rows: time | speaker | text"]
    assert rep["labelled_share"].tolist() == [1.0] * 5


def test_reading_report_in_memory_and_low_share(tmp_path):
    t = qk.Transcript.from_turns("m", [qk.Turn("P01", "one two"), qk.Turn("unknown", "three")])
    rep = qk.Corpus([t]).reading_report
    assert rep[["status", "labelled_share"]].values.tolist() == [["read", 2 / 3]]
    assert pd.isna(rep["path"].iloc[0])
    p = tmp_path / "fg9.txt"
    p.write_text("[00:01] : so we start here\n[00:05] : and go on a while\nP01: fine\n")
    with pytest.warns(QualkitWarning, match=r"W120.*fg9\.txt"):
        c = qk.read_transcripts(p)
    w = c.reading_report["warnings"].iloc[0]
    assert w.startswith("[W120] only 10% of the words") and "fg9" not in w


@pytest.mark.parametrize("name", ["x.txt", "x.vtt", "x.srt", "x.csv", "x.xlsx", "x.docx",
                                  "x.rtf", "x.odt", "x.tsv"])
def test_reading_report_unreadable_file_is_a_qualkit_error(tmp_path, monkeypatch, name):
    _folder(tmp_path)
    (tmp_path / "fg3_s1.txt").unlink()
    bad = tmp_path / name
    bad.write_bytes(b"not really read")
    real_open = io.open

    def locked(file, *a, **kw):
        if str(file).endswith(name):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr(io, "open", locked)
    with pytest.raises(TranscriptFormatError, match=rf"Q119.*{name}: cannot read the file "
                                                    r"\(Permission denied\)"):
        qk.read_transcript(bad)
    with pytest.raises(TranscriptFormatError, match=rf"Q119.*{name}"):
        qk.read_transcripts(tmp_path)
    with pytest.warns(QualkitWarning, match=rf"W101.*{name}.*Q119"):
        c = qk.read_transcripts(tmp_path, errors="warn")
    assert c.ids == ["fg1_s1", "fg2_s1"]
    rep = c.reading_report.set_index("path")
    assert rep.loc[str(bad), "status"] == "skipped"
    assert rep.loc[str(bad), "warnings"].startswith("[Q119] cannot read the file")


def test_reading_report_duplicate_ids_skip_the_second_with_warn(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_TXT)
    (tmp_path / "a.vtt").write_text(GOOD_VTT)
    with pytest.raises(qk.errors.InvalidParameterError, match="Q113"):
        qk.read_transcripts(tmp_path)
    with pytest.warns(QualkitWarning, match=r"W101.*a\.vtt.*Q113"):
        c = qk.read_transcripts(tmp_path, errors="warn")
    assert c.reading_report["status"].tolist() == ["read", "skipped"]


# ----------------------------------------------------------------------- encodings
def _read_bytes(tmp_path, data, name="enc.txt"):
    p = tmp_path / name
    p.write_bytes(data)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        t = qk.read_transcript(p)
    return t, [str(x.message) for x in w]


def test_encoding_mixed_utf8_and_cp1252_is_read_line_by_line_with_a_warning(tmp_path):
    data = ("Facilitator: Caf\u00e9 first?\n".encode("utf-8")
            + "P01: It\u2019s fine.\n".encode("cp1252")
            + "P02: Na\u00efve \u2014 yes.\n".encode("utf-8"))
    t, said = _read_bytes(tmp_path, data)
    assert t.utterances["text"].tolist() == ["Caf\u00e9 first?", "It\u2019s fine.",
                                             "Na\u00efve \u2014 yes."]
    assert t.reading["encoding"] == "utf-8 and windows-1252 (mixed)"
    assert any("W121" in m and "line 2)" in m for m in said)


def test_encoding_lone_cp1252_byte_before_utf8(tmp_path):
    data = "P01: \u00a35 a week\n".encode("cp1252") + "P02: \u00fcber \u00e9t\u00e9\n".encode()
    t, said = _read_bytes(tmp_path, data)
    assert t.utterances["text"].tolist() == ["\u00a35 a week", "\u00fcber \u00e9t\u00e9"]
    assert [m for m in said if "W121" in m]


def test_encoding_pure_cp1252_has_no_warning(tmp_path):
    t, said = _read_bytes(tmp_path, "P01: \u201cna\u00efve\u201d \u20ac5\nP02: ok\n".encode("cp1252"))
    assert t.reading["encoding"] == "windows-1252" and not said
    assert t.utterances["text"].iloc[0] == "\u201cna\u00efve\u201d \u20ac5"


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b""), ("utf-16-be", b""),
                                       ("utf-32", b""), ("utf-16", b"")])
def test_encoding_utf16_and_32(tmp_path, codec, bom):
    t, said = _read_bytes(tmp_path, bom + "P01: \u00e9 \u4e2d\nP02: ok\n".encode(codec))
    assert t.utterances["text"].tolist() == ["\u00e9 \u4e2d", "ok"] and not said


def test_encoding_control_characters_removed_with_the_place(tmp_path):
    t, said = _read_bytes(tmp_path, b"P01: fine\nP02: one\x00two\x0bthree\x07\nP01: end\x00")
    assert t.utterances["text"].tolist() == ["fine", "onetwo three", "end"]
    assert "\x00" not in t.text
    (msg,) = [m for m in said if "W122" in m]
    assert "removed 4 control character(s) (U+0000, U+0007, U+000B)" in msg
    assert "line 2, column 9" in msg


def test_control_characters_in_rtf_are_removed_naming_the_paragraph(tmp_path):
    data = (rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}P01: fine\par "
            rb"P02: one\'00two\u7?three\u8?four\par P01: end\par}")
    t, said = _read_bytes(tmp_path, data, "ctl.rtf")
    assert [(r.speaker, r.text) for r in t.utterances.itertuples()] == [
        ("P01", "fine"), ("P02", "onetwothreefour"), ("P01", "end")]
    (msg,) = [m for m in said if "W122" in m]
    assert "removed 3 control character(s) (U+0000, U+0007, U+0008)" in msg
    assert msg.endswith("the first at paragraph 2.")
    assert t.reading["warnings"] == ["[W122] " + msg.split("ctl.rtf: ", 1)[1]]


def test_control_characters_in_xlsx_escapes_are_removed_naming_the_cell(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Panel"
    for row in (["Speaker", "Text"], ["P01", "bell here"], ["P02", "UNDERSCORE"], ["P01", "tab"]):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    # Excel writes a character XML cannot hold as _xHHHH_, and a literal "_x" as "_x005F_x"
    src, out = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in src.namelist():
            part = (src.read(name).replace(b"bell here", b"bell_x0007_ here_x0000_")
                    .replace(b"UNDERSCORE", b"keep _x005F_x0041_ as typed")
                    .replace(b">tab<", b">a_x0009_tab<"))
            z.writestr(name, part)
    t, said = _read_bytes(tmp_path, out.getvalue(), "ctl.xlsx")
    assert t.utterances["text"].tolist() == ["bell here", "keep _x0041_ as typed", "a tab"]
    (msg,) = [m for m in said if "W122" in m]
    assert "removed 2 control character(s) (U+0000, U+0007)" in msg
    assert msg.endswith("the first at sheet 'Panel', cell B2.")


def test_control_characters_any_reader_lets_through_are_removed(tmp_path):
    from test_docx_parts import P, _package

    data = _package(P("Ana: Before.") + '<w:altChunk r:id="r1"/>' + P("Ana: After."),
                    parts={"word/c.rtf": r"{\rtf1\ansi Ben: nul\'00 here\par}"},
                    rels=[("r1", "aFChunk", "c.rtf")])
    t, said = _read_bytes(tmp_path, data, "ctl.docx")
    assert t.utterances["text"].tolist() == ["Before.", "nul here", "After."]
    assert "\x00" not in t.text
    (msg,) = [m for m in said if "W122" in m]
    assert "removed 1 control character(s) (U+0000)" in msg and "block 2 of the text" in msg


def test_encoding_binary_file_refused(tmp_path):
    p = tmp_path / "pic.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(32)) * 20)
    with pytest.raises(TranscriptEncodingError, match=r"Q105.*pic\.txt: line \d+, column \d+"):
        qk.read_transcript(p)


# ----------------------------------------------------------------------- qualkit read
def test_cli_read_prints_the_report(tmp_path, capsys):
    d = _folder(tmp_path)
    (d / "codes.csv").write_text("code,count\nA,2\n")
    out = tmp_path / "rep.csv"
    assert main(["read", str(d), "--out", str(out)]) == 1
    text = capsys.readouterr().out
    assert "fg1_s1.txt" in text and "skipped" in text and "[Q104]" in text
    assert "codes.csv: data table (no speaker and text columns)" in text
    assert "3 file(s): 2 read, 0 partly read, 1 skipped" in text
    assert SECRET not in text
    assert pd.read_csv(out)["status"].tolist() == ["read", "read", "skipped"]
    (d / "fg3_s1.txt").unlink()
    assert main(["read", str(d)]) == 0


# ----------------------------------------------------------------------- metadata YAML
def _bomb(levels=9):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


def test_metadata_sidecar_and_folder_yaml(tmp_path):
    (tmp_path / "fg1_s1.txt").write_text(GOOD_TXT)
    (tmp_path / "fg1_s1.yaml").write_text("group: FG7\nsession: 2\ndate: 2024-05-01\n")
    (tmp_path / "fg2_s1.txt").write_text(GOOD_TXT)
    (tmp_path / "transcripts.yaml").write_text("fg2_s1.txt: {group: FG9, venue: hall}\n")
    c = qk.read_transcripts(tmp_path)
    a, b = c["fg1_s1"], c["fg2_s1"]
    assert (a.group, a.session, str(a.metadata["date"])) == ("FG7", 2, "2024-05-01")
    assert (b.group, b.metadata["venue"]) == ("FG9", "hall")


@pytest.mark.parametrize("where", ["sidecar", "folder"])
def test_metadata_yaml_alias_bombs_refused(tmp_path, where):
    (tmp_path / "fg1_s1.txt").write_text(GOOD_TXT)
    name = "fg1_s1.yaml" if where == "sidecar" else "transcripts.yaml"
    (tmp_path / name).write_text(_bomb())
    with pytest.raises(TranscriptFormatError, match=rf"Q111.*{name}: metadata sidecar: line \d+: "
                                                    r"YAML aliases expand to more than"):
        qk.read_transcripts(tmp_path)
    (tmp_path / name).write_text("a: &a [x, *a]\n")
    with pytest.raises(TranscriptFormatError, match=r"Q111.*line 1: a YAML alias refers to itself"):
        qk.read_transcripts(tmp_path)
    # with errors="warn" the transcripts load, the bad file named in a warning
    (tmp_path / name).write_text(_bomb())
    (tmp_path / "fg2_s1.txt").write_text(GOOD_TXT)
    skipped = "fg1_s1.txt" if where == "sidecar" else name
    with pytest.warns(QualkitWarning, match=rf"W101.*{skipped}: skipped: \[Q111\].*{name}"):
        c = qk.read_transcripts(tmp_path, errors="warn")
    assert c.ids == (["fg2_s1"] if where == "sidecar" else ["fg1_s1", "fg2_s1"])
    (tmp_path / "fg2_s1.txt").unlink()
    # a few honest aliases are fine
    (tmp_path / name).write_text("base: &b {venue: hall}\n" + (
        "group: FG3\nextra: *b\n" if where == "sidecar" else "fg1_s1.txt: *b\n"))
    assert qk.read_transcripts(tmp_path)["fg1_s1"].metadata["venue" if where == "folder"
                                                             else "extra"] is not None


def test_documents_qualkit_does_not_read_are_named_not_passed_over(tmp_path):
    (tmp_path / "fg1_s1.txt").write_text(GOOD_TXT)
    (tmp_path / "fg2_s1.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    (tmp_path / "consent.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "~$fg1_s1.doc").write_bytes(b"a Word lock file")
    (tmp_path / "notes.md").write_text("# notes\n")
    with pytest.warns(QualkitWarning) as rec:
        c = qk.read_transcripts(tmp_path)
    said = [str(w.message) for w in rec if "W125" in str(w.message)]
    assert len(said) == 2 and "consent.pdf: not read: PDF is not a format" in said[0]
    assert "fg2_s1.doc: not read: Word 97-2003 (.doc)" in said[1]
    rep = c.reading_report.set_index("path")
    assert rep.loc[str(tmp_path / "fg2_s1.doc"), "status"] == "skipped"
    assert rep.loc[str(tmp_path / "fg2_s1.doc"), "warnings"].startswith("[W125] not read: Word")
    assert rep["status"].tolist() == ["read", "skipped", "skipped"]
    # one file read on its own says nothing of its neighbours
    with warnings.catch_warnings():
        warnings.simplefilter("error", QualkitWarning)
        assert qk.read_transcripts(tmp_path / "fg1_s1.txt").ids == ["fg1_s1"]
