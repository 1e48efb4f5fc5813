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
