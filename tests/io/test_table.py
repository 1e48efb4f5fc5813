"""Table reader (.csv, .tsv, .xlsx) and the folder filter for data tables."""

from __future__ import annotations

import datetime as dt
import warnings

import openpyxl
import pytest

import qualkit as qk
from qualkit.errors import QualkitWarning, TranscriptFormatError
from qualkit.io._table import is_transcript_table

from test_txt import check_invariant


def test_table_csv_columns_case_insensitive(tmp_path):
    p = tmp_path / "fg1_session1.csv"
    p.write_bytes("Speaker_Name,Utterance,Start,End,Section\r\n"
                  "Facilitator,\u201cWelcome\u201d,00:00:05,00:00:09,Intro\r\n"
                  "P01,It costs \u00a35.,10,12.5,Intro\r\n"
                  ",And more.,13,14,Intro\r\n"
                  "P02,\"Commas, inside\",,,Risks\r\n".encode("cp1252"))
    t = qk.read_transcript(p)
    u = t.utterances
    assert u[["speaker", "role", "text", "section"]].values.tolist() == [
        ["Facilitator", "facilitator", "\u201cWelcome\u201d", "Intro"],
        ["P01", "participant", "It costs \u00a35. And more.", "Intro"],
        ["P02", "participant", "Commas, inside", "Risks"]]
    assert u["t_start"].tolist()[:2] == [5.0, 10.0]
    assert u["t_end"].tolist()[:2] == [9.0, 14.0]
    check_invariant(t)


def test_table_tsv_and_xlsx(tmp_path):
    p = tmp_path / "a.tsv"
    p.write_text("name\ttext\nP01\tHello\nP02\tBye\n", encoding="utf-8")
    assert qk.read_transcript(p).utterances["text"].tolist() == ["Hello", "Bye"]
    x = tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Participant", "Message", "Time"])
    ws.append(["Moderator", "Welcome", dt.time(0, 1, 5)])
    ws.append(["P07", "Hi \U0001F600", 70])
    wb.save(x)
    t = qk.read_transcript(x)
    assert t.utterances[["speaker", "role", "text", "t_start"]].values.tolist() == [
        ["Moderator", "facilitator", "Welcome", 65.0], ["P07", "participant", "Hi \U0001F600", 70.0]]
    check_invariant(t)


def test_table_errors_name_row(tmp_path):
    p = tmp_path / "nocols.csv"
    p.write_text("code,count\nP01,hi\n")
    # the first row may be data, not a header: its cells are described by shape
    with pytest.raises(TranscriptFormatError, match=r"Q108.*nocols\.csv.*2 cells shaped 'xxxx'"):
        qk.read_transcript(p)
    q = tmp_path / "badtime.csv"
    q.write_text("speaker,text,start\nP01,hi,00:00:01\nP02,yo,soon\n")
    with pytest.raises(TranscriptFormatError, match=r"Q109.*badtime\.csv: row 3.*'start'.*shape 'xxxx'"):
        qk.read_transcript(q)
    r = tmp_path / "nospeaker.csv"
    r.write_text("speaker,text\n,orphan text\n")
    with pytest.raises(TranscriptFormatError, match=r"Q109.*nospeaker\.csv: row 2.*shape 'xxxx"
                                                      r" xxxx' \(11 characters\)") as ei:
        qk.read_transcript(r)
    assert "orphan" not in str(ei.value)
    x = tmp_path / "bad.xlsx"
    x.write_bytes(b"not a workbook")
    with pytest.raises(TranscriptFormatError, match=r"Q109.*bad\.xlsx"):
        qk.read_transcript(x)


def test_table_folder_skips_data_tables(tmp_path):
    (tmp_path / "fg1_s1.csv").write_text("speaker,text\nP01,Hi\nP02,Hello\n")
    (tmp_path / "fg2_s1.txt").write_text("Facilitator: Hi\nP03: Hello\n")
    (tmp_path / "scores.csv").write_text("a,b\n1,2\n")
    (tmp_path / "participants.csv").write_text("participant_id,age\nP01,30\nP02,40\nP03,50\n")
    assert is_transcript_table(tmp_path / "fg1_s1.csv")
    assert not is_transcript_table(tmp_path / "scores.csv")
    assert not is_transcript_table(tmp_path / "missing.csv")
    c = qk.read_transcripts(tmp_path)
    assert c.ids == ["fg1_s1", "fg2_s1"]
    assert c.participants["age"].tolist() == [30, 40, 50]
    # a corrupt workbook is not skipped silently: reading it reports it
    (tmp_path / "fg9_s1.xlsx").write_bytes(b"PK\x03\x04 broken")
    assert is_transcript_table(tmp_path / "fg9_s1.xlsx")
    with pytest.raises(TranscriptFormatError, match=r"Q109.*fg9_s1\.xlsx: row 1"):
        qk.read_transcripts(tmp_path)
    with pytest.warns(QualkitWarning, match=r"fg9_s1\.xlsx"):
        assert qk.read_transcripts(tmp_path, errors="warn").ids == ["fg1_s1", "fg2_s1"]


# ----------------------------------------------------------------------- every sheet, formulas
def _patch_xlsx(path, sheet, fn):
    """Rewrite one worksheet's XML in a saved workbook (what other tools write)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts[sheet] = fn(parts[sheet].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _workbook(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _quiet_read(p, **kw):
    import warnings

    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        t = qk.read_transcript(p, **kw)
    check_invariant(t)
    return t, [str(x.message) for x in w]


def test_table_xlsx_every_sheet_and_notes_sheet(tmp_path):
    p = _workbook(tmp_path / "wb.xlsx", [
        ("Session 1", [["Speaker", "Text"], ["Facilitator", "Welcome to the first of two."],
                       ["P01", "Hello."]]),
        ("Notes", [["Recorded in the community hall"], ["two late arrivals"]]),
        ("Session 2", [["Speaker", "Text"], ["Facilitator", "Back again."], ["P02", "Yes."]])])
    t, said = _quiet_read(p)
    assert t.utterances[["speaker", "text", "section"]].values.tolist() == [
        ["Facilitator", "Welcome to the first of two.", "Session 1"], ["P01", "Hello.", "Session 1"],
        ["Facilitator", "Back again.", "Session 2"], ["P02", "Yes.", "Session 2"]]
    # a sheet without speaker and text columns keeps its words (and its name) as notes
    assert t.notes["text"].tolist() == ["# Notes", "Recorded in the community hall",
                                        "two late arrivals"]
    assert t.reading["status"] == "read" and not said
    assert is_transcript_table(_workbook(tmp_path / "second.xlsx", [
        ("Cover", [["About this file"]]), ("Data", [["name", "message"], ["P01", "hi"]])]))


def test_table_xlsx_sheet_option_warns_naming_the_rest(tmp_path):
    p = _workbook(tmp_path / "wb.xlsx", [
        ("S1", [["speaker", "text"], ["P01", "One."]]),
        ("S2", [["speaker", "text"], ["P02", "Two."]]), ("S3", [["x"], ["y"]])])
    t, said = _quiet_read(p, sheet="S2")
    assert t.utterances["text"].tolist() == ["Two."]
    assert any("W124" in m and "position 1" in m and "positions [0, 2]" in m
               and "S1" not in m for m in said)  # sheet names are the file's words
    assert t.reading["status"] == "partial"
    assert _quiet_read(p, sheet=0)[0].utterances["text"].tolist() == ["One."]
    with pytest.raises(TranscriptFormatError, match=r"Q109.*no sheet shape 'Xd'.*3 sheet"):
        qk.read_transcript(p, sheet="S9")
    with pytest.raises(qk.errors.InvalidParameterError, match=r"Q001.*sheet"):
        qk.read_transcript(tmp_path / "wb.xlsx", format=".csv", sheet="S1")


def test_table_xlsx_dimension_is_not_trusted(tmp_path):
    rows = [["speaker", "text"]] + [[f"P{i % 3 + 1:02d}", f"turn {i}"] for i in range(49)]
    p = _workbook(tmp_path / "dim.xlsx", [("Sheet", rows)])
    _patch_xlsx(p, "xl/worksheets/sheet1.xml",
                lambda x: x.replace('<dimension ref="A1:B50"/>', '<dimension ref="A1:B2"/>'))
    t, _ = _quiet_read(p)
    assert " ".join(t.utterances["text"]).count("turn") == 49


def test_table_xlsx_formulas_cached_values_or_their_text(tmp_path):
    p = _workbook(tmp_path / "f.xlsx", [("Sheet", [
        ["speaker", "text"], ["P01", "=UPPER(\"yes\")"], ["P02", "=I agree"], ["P03", "=1+"],
        ["P01", "'=literal"]])])

    def cache(x):
        x = x.replace('<c r="B2"><f>UPPER("yes")</f><v></v>',
                      '<c r="B2" t="str"><f>UPPER("yes")</f><v>YES</v>')
        return x.replace("<f>I agree</f><v></v>", '<f>I agree</f><v>#NAME?</v>').replace(
            '<c r="B3">', '<c r="B3" t="e">')
    _patch_xlsx(p, "xl/worksheets/sheet1.xml", cache)
    t, _ = _quiet_read(p)
    assert t.utterances["text"].tolist() == ["YES", "=I agree", "=1+", "'=literal"]


def test_table_csv_row_that_does_not_fit_the_header(tmp_path):
    p = tmp_path / "cut.csv"
    p.write_text("speaker,text,start\nP01,I think so,1\nP02,yes, but not always,2\n")
    with pytest.raises(TranscriptFormatError, match=r"Q109.*cut\.csv: row 3: 4 fields, but the "
                                                    r"header has 3.*quoted field"):
        qk.read_transcript(p)
    q = tmp_path / "ok.csv"
    q.write_text('speaker,text,start\nP01,"yes, but not always",1\nP02,=SUM(A1) is text\n'
                 'P03,"two\nlines"\n')
    t = qk.read_transcript(q)
    assert t.utterances["text"].tolist() == ["yes, but not always", "=SUM(A1) is text",
                                             "two lines"]
    r = tmp_path / "short.csv"
    r.write_text("text,speaker\nHello,P01\nOnly text\n")
    with pytest.raises(TranscriptFormatError, match=r"Q109.*short\.csv: row 3: 1 field\(s\)"):
        qk.read_transcript(r)


def test_table_csv_cell_longer_than_the_csv_modules_limit(tmp_path):
    import csv

    # a whole interview in one cell (one row per interview) is longer than csv's 128 KB default
    long = " ".join(f"word{i}" for i in range(40_000))
    p = tmp_path / "whole.csv"
    p.write_text(f'speaker,text\nP01,"{long}"\nP02,short\n')
    before = csv.field_size_limit()
    t = qk.read_transcript(p)
    assert t.utterances["text"].tolist() == [long, "short"]
    assert csv.field_size_limit() == before


@pytest.mark.parametrize("header", [
    "Speaker Label,Start Time (s),End Time (s),Transcript Text",
    "Who,Timecode In,Timecode Out,Said", "speaker_id,begin,end,sentence",
    "Author,Offset,Stop,Message"])
def test_table_column_names_as_tools_write_them_and_a_title_above(tmp_path, header):
    p = tmp_path / "tool.csv"
    p.write_text(f"Interview 4 export,,,\n,,,\n{header}\nP01,1.5,3,Shall we start?\n"
                 "P02,00:00:04,6,Yes.\n")
    assert is_transcript_table(p)
    t = qk.read_transcript(p)
    assert t.utterances[["speaker", "text", "t_start", "t_end"]].values.tolist() == [
        ["P01", "Shall we start?", 1.5, 3.0], ["P02", "Yes.", 4.0, 6.0]]
    assert t.notes["text"].tolist() == ["Interview 4 export"]
    assert t.reading["layout"] == "table rows: time | speaker | text"


def test_oral_history_csv_layout(tmp_path):
    """An oral-history table as transcribers keep it: a description row with no speaker
    first, 'AB:' speakers with a colon, times in brackets (one with a remark after it),
    and rows with no speaker that go on with the same speaker's answer."""
    p = tmp_path / "oh1.csv"
    p.write_text(
        "timestamp,speaker,words,tags\n"
        ",,(Talk about the garden before the recording starts),\n"
        "[00:01:05] interview begins,IV:,Could you tell me where we are?,place\n"
        ",NK:,In the old library on Mill Road.,place\n"
        ",,It used to be a school before that.,\n"
        "[00:02:10],IV:,And when did you first come here?,\n"
        "(0:02:30),NK,\"In spring, I think.\",\n", encoding="utf-8")
    # the tags column holds words that are not speech: not read, and said so (by letter
    # and name, never its cells), the reading report "partial"
    with pytest.warns(QualkitWarning, match=r"W126.*oh1\.csv: 1 column\(s\) with words were "
                      r"not read: D \('tags'\) \(2 cell\(s\) with text\)") as rec:
        t = qk.read_transcript(p)
    assert not any("place" in str(w.message) for w in rec)
    assert t.reading["status"] == "partial"
    u = t.utterances
    assert list(u.speaker) == ["IV", "NK", "IV", "NK"]
    assert list(t.notes.text) == ["(Talk about the garden before the recording starts)",
                                  "interview begins"]
    assert u.text[1] == "In the old library on Mill Road. It used to be a school before that."
    assert list(u.t_start[[0, 2, 3]]) == [65.0, 130.0, 150.0]
    check_invariant(t)


def test_table_orphan_rows_alone_are_still_an_error(tmp_path):
    p = tmp_path / "orphans.csv"
    p.write_text("speaker,text\n,first words\n,more words\n")
    with pytest.raises(TranscriptFormatError, match=r"Q109.*orphans\.csv: row 2") as ei:
        qk.read_transcript(p)
    assert "words" not in str(ei.value)


def test_table_column_names_in_other_languages(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["start", "stop", "speaker", "טקסט", "English translation"])
    ws.append([0, 4, "1", "שלום לכולם", "Hello everyone"])
    ws.append([4, 9, "2 (Noa)", "תודה", "Thanks"])
    p = tmp_path / "he.xlsx"
    wb.save(p)
    with pytest.warns(QualkitWarning, match=r"W126.*E \('English translation'\)"):
        t = qk.read_transcript(p)
    assert list(t.utterances.speaker) == ["1", "2 (Noa)"]
    assert list(t.utterances.text) == ["שלום לכולם", "תודה"]
    q = tmp_path / "de.csv"
    q.write_text("Sprecher;Zeit;Inhalt\nModeration;00:00:03;Willkommen.\nB1;00:00:07;Danke.\n",
                 encoding="utf-8")
    u = qk.read_transcript(q).utterances
    assert list(u.speaker) == ["Moderation", "B1"] and list(u.t_start) == [3.0, 7.0]


def test_table_columns_of_words_not_read_are_reported_numbers_are_not(tmp_path):
    # a workbook with the speech, its translation and a confidence score: the translation
    # is named in W126 and the reading report; ids and numbers are not words
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Interview"
    ws.append(["id", "Speaker", "Text", "Translation", "confidence"])
    ws.append([1, "Moderadora", "¿Quién debería decidir?", "Who should decide?", 0.91])
    ws.append([2, "P01", "Las personas afectadas.", "The people affected.", 0.88])
    p = tmp_path / "int1.xlsx"
    wb.save(p)
    with pytest.warns(QualkitWarning, match=r"W126.*int1\.xlsx: 1 column\(s\) with words were "
                      r"not read: D \('Translation'\) \(2 cell") as rec:
        t = qk.read_transcript(p)
    assert [str(w.message).count("W126") for w in rec if "W126" in str(w.message)] == [1]
    assert not any("decide" in str(w.message) for w in rec)
    assert t.reading["status"] == "partial"
    assert list(t.utterances.text) == ["¿Quién debería decidir?", "Las personas afectadas."]
    # without the translation column: nothing to report
    ws.delete_cols(4)
    wb.save(p)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert qk.read_transcript(p).reading["status"] == "read"
