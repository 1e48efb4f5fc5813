"""Layouts met in real files: a renamed main document part, and the other cases below.

Every sentence and name here is our own invention, written in the layout of the
real file; none is copied from a third-party transcript.
"""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

import qualkit as qk
from qualkit.errors import TranscriptFormatError


def check_invariant(t):
    for r in t.utterances.itertuples():
        assert t.text[r.start:r.end] == r.text


def _save(d, path):
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def _rename_main_part(src, dst, new="word/document2.xml"):
    """Rewrite a .docx so that its body lives in ``new``, as Word for the web writes it."""
    base = new.rsplit("/", 1)[-1]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            name = item.filename
            if name == "word/document.xml":
                name = new
            elif name == "word/_rels/document.xml.rels":
                name = f"word/_rels/{base}.rels"
            elif name in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"/word/document.xml", b"/" + new.encode())
                data = data.replace(b'"word/document.xml"', b'"' + new.encode() + b'"')
            zout.writestr(name, data)
    return dst


def test_docx_main_part_not_named_document_xml_is_found_from_package_rels(tmp_path):
    d = docx.Document()
    d.add_heading("Audio file", level=1)
    d.add_paragraph("walk_interview.mp4")
    d.add_heading("Transcript", level=1)
    d.add_paragraph("00:00:02 Speaker 1")
    d.add_paragraph("Shall we begin with the allotment?")
    d.add_paragraph("00:00:06 Speaker 2")
    d.add_paragraph("The beans failed again this year.")
    src = _save(d, tmp_path / "plain.docx")
    path = _rename_main_part(src, tmp_path / "web.docx")
    assert "word/document.xml" not in zipfile.ZipFile(path).namelist()
    t = qk.read_transcript(path)
    check_invariant(t)
    u = t.utterances
    assert list(u.speaker.iloc[:2]) == ["Speaker 1", "Speaker 2"]
    assert list(u.t_start.iloc[:2]) == [2.0, 6.0]
    assert "beans failed" in t.text and "walk_interview" in t.text
    # the same reading as the file with the usual part name
    assert qk.read_transcript(src).text == t.text


def test_docx_with_no_main_part_at_all_is_refused_naming_the_file(tmp_path):
    d = docx.Document()
    d.add_paragraph("Speaker 1: hello")
    src = _save(d, tmp_path / "plain.docx")
    dst = tmp_path / "gutted.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            if item.filename != "word/document.xml":
                zout.writestr(item.filename, zin.read(item.filename))
    with pytest.raises(TranscriptFormatError, match="gutted.docx"):
        qk.read_transcript(dst)


def test_f4transkript_closing_stamps_give_each_turn_its_end_and_start(tmp_path):
    d = docx.Document()
    d.add_paragraph("Begrüßung und Einverständnis #00:00:40-2#")
    d.add_paragraph("")
    d.add_paragraph("I: Wie kommen Sie morgens zur Arbeit? #00:00:44-0#")
    d.add_paragraph("")
    d.add_paragraph("B: Meistens mit dem Rad, im Winter mit der Bahn. #00:01:02-5#")
    d.add_paragraph("")
    d.add_paragraph("I: Und bei Regen? #00:01:05-1#")
    d.add_paragraph("")
    d.add_paragraph("B: Dann bleibe ich oft zu Hause. #00:01:09-9#")
    t = qk.read_transcript(_save(d, tmp_path / "f4.docx"))
    check_invariant(t)
    u = t.utterances
    assert list(u.speaker) == ["I", "B", "I", "B"]
    assert list(u.t_start) == [40.2, 44.0, 62.5, 65.1]
    assert list(u.t_end) == [44.0, 62.5, 65.1, 69.9]
    assert "#00:01:09-9#" in t.text          # the stamps stay as written
    assert "Begrüßung" in t.text


def test_f4_stamp_going_backwards_leaves_that_start_unknown(tmp_path):
    p = tmp_path / "f4.txt"
    p.write_text("I: Erste Frage. #00:00:10-0#\nB: Antwort. #00:00:30-0#\n"
                 "I: Zweite Frage. #00:00:20-0#\nB: Noch eine. #00:00:40-0#\n", encoding="utf-8")
    u = qk.read_transcript(p).utterances
    assert list(u.t_end) == [10.0, 30.0, 20.0, 40.0]
    assert u.t_start.isna().tolist() == [True, False, True, False]


def test_bracketed_start_time_written_at_the_end_of_each_turn(tmp_path):
    p = tmp_path / "tail.txt"
    p.write_text("Speaker 1: Welcome to the tenants' evening. (00:00)\n"
                 "Speaker 2: Thanks, glad the heating is fixed. (00:41)\n"
                 "Speaker 1: Mostly fixed. (01:15)\n", encoding="utf-8")
    t = qk.read_transcript(p)
    check_invariant(t)
    assert list(t.utterances.t_start) == [0.0, 41.0, 75.0]


def test_bracketed_times_not_starting_at_zero_are_left_in_the_text(tmp_path):
    p = tmp_path / "tail.txt"
    p.write_text("Speaker 1: We met at the depot. (05:00)\n"
                 "Speaker 2: It was cold. (06:10)\n", encoding="utf-8")
    assert qk.read_transcript(p).utterances.t_start.isna().all()


def _otter_names_alone(d, pairs):
    d.add_paragraph("Interview Three").runs[0].bold = True
    for name, said in pairs:
        d.add_paragraph("")
        d.add_paragraph(name + "  ")
        d.add_paragraph(said)


def test_otter_word_export_without_times_name_alone_above_text(tmp_path):
    d = docx.Document()
    _otter_names_alone(d, [
        ("Researcher", "First, how long have you kept bees?"),
        ("Unknown Speaker", "Eleven summers, give or take."),
        ("Researcher", "And the hardest part?"),
        ("Unknown Speaker", "Wasps in August, every single year."),
        ("Researcher", "Thank you."),
    ])
    t = qk.read_transcript(_save(d, tmp_path / "otter.docx"))
    check_invariant(t)
    u = t.utterances
    assert list(u.speaker) == ["Researcher", "Unknown Speaker"] * 2 + ["Researcher"]
    assert u.text.iloc[3] == "Wasps in August, every single year."
    assert "Interview Three" in t.text


def test_names_alone_need_two_recurring_names(tmp_path):
    # headings that recur ("Summary") above text are not speakers
    d = docx.Document()
    for said in ("The roof leaks.", "The lift is broken.", "Bins are late."):
        d.add_paragraph("Summary")
        d.add_paragraph(said)
    with pytest.raises(TranscriptFormatError, match="headings.docx"):
        qk.read_transcript(_save(d, tmp_path / "headings.docx"))


@pytest.mark.parametrize("suffix", [".docx", ".vtt", ".txt"])
def test_git_lfs_pointer_is_refused_with_a_clear_error(tmp_path, suffix):
    p = tmp_path / f"session3{suffix}"
    p.write_text("version https://git-lfs.github.com/spec/v1\n"
                 "oid sha256:" + "ab" * 32 + "\nsize 48211\n", encoding="ascii")
    with pytest.raises(TranscriptFormatError, match=r"Q121.*session3.*LFS"):
        qk.read_transcript(p)


def test_docx_holding_only_a_heading_says_what_its_first_line_is(tmp_path):
    d = docx.Document()
    d.add_heading("Notes from the walk", level=1)
    with pytest.raises(TranscriptFormatError) as e:
        qk.read_transcript(_save(d, tmp_path / "heading_only.docx"))
    msg = str(e.value)
    assert "heading_only.docx" in msg and "has empty" not in msg
    assert "Notes from the walk" not in msg       # the shape, never the words
