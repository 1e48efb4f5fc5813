"""Table reader (.csv, .tsv, .xlsx) and the folder filter for data tables."""

from __future__ import annotations

import datetime as dt

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
    p.write_text("name\ttext\nP01\tHello\tthere\nP02\tBye\n", encoding="utf-8")
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
    p.write_text("who,said\nP01,hi\n")
    with pytest.raises(TranscriptFormatError, match=r"Q108.*nocols\.csv.*\['who', 'said'\]"):
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
