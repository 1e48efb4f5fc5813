"""Word reader: labels, bold runs, timestamps, continuation, headings, tables, bad files."""

from __future__ import annotations

import math
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit.errors import TranscriptFormatError
from qualkit.io import _docx

from test_txt import TURNS, _safe, merged


def check_invariant(t):
    for r in t.utterances.itertuples():
        assert t.text[r.start:r.end] == r.text


def _bold(d, label, rest):
    p = d.add_paragraph()
    p.add_run(label).bold = True
    p.add_run(rest)


def test_docx_paragraphs_bold_timestamps_headings_continuation(tmp_path):
    d = docx.Document()
    d.add_heading("FG1 session 2", level=0)
    d.add_heading("Benefits", level=1)
    d.add_paragraph("[00:01:23] Facilitator: What could linked records do?")
    _bold(d, "Dr Jones:", " Speed up care.")            # bold label with colon inside
    _bold(d, "P01", ": I think [00:02:00] research.")   # colon after the bold run
    d.add_paragraph("It would help everyone.")          # continuation
    d.add_heading("Risks", level=2)
    d.add_paragraph("P02 (00:03:05): Caf\u00e9 owners \U0001F600 worry.")
    d.add_paragraph("00:04:00 P01: Me too.")
    p = tmp_path / "fg1_session2.docx"
    d.save(p)
    t = qk.read_transcript(p)
    u = t.utterances
    assert u[["speaker", "role", "text"]].values.tolist() == [
        ["Facilitator", "facilitator", "What could linked records do?"],
        ["Dr Jones", "unknown", "Speed up care."],
        ["P01", "participant", "I think [00:02:00] research. It would help everyone."],
        ["P02", "participant", "Caf\u00e9 owners \U0001F600 worry."],
        ["P01", "participant", "Me too."],
    ]
    assert u["section"].tolist() == ["Benefits"] * 3 + ["Risks"] * 2
    assert u["t_start"].iloc[0] == 83.0 and u["t_start"].iloc[3] == 185.0
    assert u["t_start"].iloc[4] == 240.0 and math.isnan(u["t_start"].iloc[1])
    assert t.metadata == {"title": "FG1 session 2"}
    assert (t.group, t.session) == ("FG1", 2)
    check_invariant(t)


def test_docx_tables_two_and_three_columns_interleaved(tmp_path):
    d = docx.Document()
    d.add_paragraph("Facilitator: First a paragraph.")
    tb = d.add_table(rows=0, cols=2)
    for sp, tx in [("Speaker", "Text"), ("P01", "Row one."), ("", "more from P01"),
                   ("P02:", "Row two.")]:
        c = tb.add_row().cells
        c[0].text, c[1].text = sp, tx
    d.add_paragraph("Facilitator: Between tables.")
    tb3 = d.add_table(rows=0, cols=3)
    for row in [("00:00:10", "P03", "Timed."), ("00:00:20", "P04", "Also timed.")]:
        c = tb3.add_row().cells
        for i, v in enumerate(row):
            c[i].text = v
    p = tmp_path / "tables.docx"
    d.save(p)
    t = qk.read_transcript(p)
    u = t.utterances
    assert u[["speaker", "text"]].values.tolist() == [
        ["Facilitator", "First a paragraph."], ["P01", "Row one. more from P01"],
        ["P02", "Row two."], ["Facilitator", "Between tables."], ["P03", "Timed."],
        ["P04", "Also timed."]]
    assert u["t_start"].tolist()[4:] == [10.0, 20.0]
    check_invariant(t)


def test_docx_not_a_docx(tmp_path):
    p = tmp_path / "fake.docx"
    p.write_bytes(b"P01: this is plain text, not a zip")
    with pytest.raises(TranscriptFormatError, match=r"Q106.*fake\.docx.*not a ZIP"):
        qk.read_transcript(p)
    z = tmp_path / "other.docx"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(TranscriptFormatError, match=r"Q106.*other\.docx.*no word/document\.xml"):
        qk.read_transcript(z)
    bad = tmp_path / "broken.docx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(TranscriptFormatError, match=r"Q106.*broken\.docx.*not well-formed"):
        qk.read_transcript(bad)


def test_docx_corrupt_zip(tmp_path):
    d = docx.Document()
    d.add_paragraph("P01: hello there")
    good = tmp_path / "good.docx"
    d.save(good)
    data = bytearray(good.read_bytes())
    # damage the compressed document.xml payload but keep the central directory
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 2
    data[start:start + 40] = b"\x00" * 40
    bad = tmp_path / "corrupt.docx"
    bad.write_bytes(bytes(data))
    with pytest.raises(TranscriptFormatError, match=r"Q106.*corrupt\.docx"):
        qk.read_transcript(bad)


def test_docx_zip_bomb_refused(tmp_path, monkeypatch):
    p = tmp_path / "bomb.docx"
    body = b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
    body += b" " * (3 * 1024 * 1024) + b"</w:document>"
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", body)
    with pytest.raises(TranscriptFormatError, match=r"Q106.*bomb\.docx.*compressed \d+ times"):
        qk.read_transcript(p)
    monkeypatch.setattr(_docx, "MAX_XML_BYTES", 1000)
    with pytest.raises(TranscriptFormatError, match=r"Q106.*bomb\.docx.*more than the limit of 1000"):
        qk.read_transcript(p)


def test_docx_entities_not_expanded(tmp_path):
    p = tmp_path / "ent.docx"
    xml = ("<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x 'EXPANDED'>]>"
           "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
           "<w:body><w:p><w:r><w:t>P01: hi &x;</w:t></w:r></w:p>"
           "<w:p><w:r><w:t>P01: again</w:t></w:r></w:p></w:body></w:document>")
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("word/document.xml", xml)
    try:
        t = qk.read_transcript(p)
    except TranscriptFormatError as exc:
        assert "ent.docx" in str(exc)
    else:
        assert "EXPANDED" not in t.text


def test_docx_no_labels(tmp_path):
    d = docx.Document()
    d.add_paragraph("Minutes of the meeting")
    d.add_paragraph("Everyone agreed.")
    p = tmp_path / "minutes.docx"
    d.save(p)
    with pytest.raises(TranscriptFormatError,
                       match=r"Q104.*minutes\.docx.*shape 'Xxxxx xx xxx xxxx' \(22 characters\)") as ei:
        qk.read_transcript(p)
    assert "Minutes" not in str(ei.value)  # messages never repeat transcript text


def test_docx_bold_header_fields_and_timestamped_bold_labels(tmp_path):
    d = docx.Document()
    _bold(d, "Date:", " 12 May 2025")                  # header field, not a speaker
    _bold(d, "[00:00:10] Facilitator:", " Welcome: all of you.")
    _bold(d, "Jane", ": Hello.")                        # once, but after the start: trusted
    p = d.add_paragraph()
    p.add_run("Line one")
    p.add_run().add_break()
    p.add_run("P01: line two\tafter a tab")
    p = tmp_path / "header.docx"
    d.save(p)
    t = qk.read_transcript(p)
    assert t.utterances[["speaker", "text"]].values.tolist()[:2] == [
        ["Facilitator", "Welcome: all of you."], ["Jane", "Hello. Line one"]]
    assert t.utterances["t_start"].iloc[0] == 10.0 and math.isnan(t.utterances["t_start"].iloc[1])
    assert t.utterances["text"].iloc[2] == "line two after a tab"
    assert t.metadata == {"preamble": "Date: 12 May 2025"}
    check_invariant(t)


def test_docx_mixed_folder_all_formats(tmp_path):
    d = docx.Document()
    d.add_paragraph("Facilitator: Hello.")
    d.add_paragraph("P01: Hi.")
    d.save(tmp_path / "fg1_s1.docx")
    (tmp_path / "fg2_s1.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.500\nP02: Hi.\n")
    (tmp_path / "fg3_s1.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nP03: Hi.\n")
    (tmp_path / "fg4_s1.csv").write_text("speaker,text\nP04,Hi.\n")
    (tmp_path / "fg5_s1.txt").write_text("Facilitator: Hi.\nP05: Hi.\n")
    c = qk.read_transcripts(tmp_path)
    assert c.ids == ["fg1_s1", "fg2_s1", "fg3_s1", "fg4_s1", "fg5_s1"]
    assert c.participants["participant_id"].tolist() == ["P01", "P02", "P03", "P04", "P05"]
    u = c.utterances
    assert u.loc[u["speaker"] == "P02", ["t_start", "t_end"]].values.tolist() == [[1.0, 2.5]]
    assert u["group"].tolist() == ["FG1", "FG1", "FG2", "FG3", "FG4", "FG5", "FG5"]


def test_docx_heading_style_found_by_name(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    st = d.styles.add_style("Heading Topic", WD_STYLE_TYPE.PARAGRAPH)
    st.style_id = "Berschrift1"          # as a German Word names its heading ids
    other = d.styles.add_style("Quote Block", WD_STYLE_TYPE.PARAGRAPH)
    other.style_id = "QuoteBlock"
    d.add_paragraph("Governance", style="Heading Topic")
    d.add_paragraph("P01: Who decides?", style="Quote Block")
    p = tmp_path / "styled.docx"
    d.save(p)
    t = qk.read_transcript(p)
    assert t.utterances[["section", "speaker", "text"]].values.tolist() == [
        ["Governance", "P01", "Who decides?"]]


def test_docx_three_column_table_without_times(tmp_path):
    d = docx.Document()
    tb = d.add_table(rows=0, cols=3)
    for row in [("P01", "No header here.", "note a"), ("P02", "Second row.", "")]:
        c = tb.add_row().cells
        for i, v in enumerate(row):
            c[i].text = v
    p = tmp_path / "three.docx"
    d.save(p)
    t = qk.read_transcript(p)
    # the third column's words are kept (nothing is dropped)
    assert t.utterances[["speaker", "text"]].values.tolist() == [
        ["P01", "No header here. note a"], ["P02", "Second row."]]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=TURNS, bold=st.booleans())
def test_docx_roundtrip_property(tmp_path, turns, bold):
    turns = [(sp, _safe(tx)) for sp, tx in turns]
    d = docx.Document()
    for sp, tx in turns:
        if bold:
            _bold(d, f"{sp}:", f" {tx}")
        else:
            d.add_paragraph(f"{sp}: {tx}")
    p = tmp_path / "rt.docx"
    d.save(p)
    t = qk.read_transcript(p)
    assert list(zip(t.utterances["speaker"], t.utterances["text"])) == merged(turns)
    check_invariant(t)


def test_docx_macro_enabled_document_read_as_docx(tmp_path):
    # a .docm as Word saves it: the macro-enabled main part's content type and a
    # vbaProject.bin beside it; the text is read exactly as the .docx's, the macros never
    d = docx.Document()
    d.add_paragraph("Facilitator: Who should decide?")
    d.add_paragraph("P01: The people whose records they are.")
    plain = tmp_path / "fg3_session1.docx"
    d.save(plain)
    macro = tmp_path / "fg3_session1.docm"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(macro, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml",
                    b"ms-word.document.macroEnabled.main+xml")
            out.writestr(item, data)
        out.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not run")
    a, b = qk.read_transcript(plain), qk.read_transcript(macro)
    assert b.utterances[["speaker", "role", "text"]].values.tolist() == [
        ["Facilitator", "facilitator", "Who should decide?"],
        ["P01", "participant", "The people whose records they are."]]
    assert a.text == b.text and (b.group, b.session) == ("FG3", 1)
    plain.unlink()  # a folder of .docm files is read too
    assert qk.read_transcripts(tmp_path).utterances["text"].tolist() == b.utterances[
        "text"].tolist()
