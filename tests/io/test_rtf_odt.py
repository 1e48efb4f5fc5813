"""RTF and OpenDocument text transcripts: what Word, WordPad and LibreOffice write.

The files are built by hand from our own synthetic wording, in the markup those programs
write (a stylesheet with headings, code-page and Unicode escapes, tables, a header group;
content.xml with lists, tables, notes, comments, tracked changes and text boxes).
"""

from __future__ import annotations

import io
import warnings
import zipfile

import pytest

import qualkit as qk
from qualkit.errors import TranscriptFormatError

RTF = (rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}"
       rb"{\colortbl;\red0\green0\blue0;}"
       rb"{\stylesheet{\s0\snext0 Normal;}{\s1\sbasedon0\snext0\b\fs32 Heading 1;}}"
       rb"{\info{\author Somebody Private}}"
       rb"{\header\pard Interview series two\par}"
       rb"\pard\plain\s1\b Benefits\par"
       rb"\pard\plain\s0{\b Facilitator:} What could it do? Caf\'e9 talk.\par"
       rb"\pard P01: Speed it up\line and \u8220?plan\u8221? better.{\footnote\pard said twice\par}\par"
       rb"\trowd\cellx2000\cellx6000 00:10:05\cell P02\cell I worry\cell\row"
       rb"\pard\plain\s1 Risks\par"
       rb"\pard P01: Nobody asked \u26446?\u38647?.\par}")


def _read(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = qk.read_transcript(p)
    for r in t.utterances.itertuples():
        assert t.text[r.start:r.end] == r.text
    return t


def test_rtf_reads_styles_escapes_tables(tmp_path):
    t = _read(tmp_path, "fg1.rtf", RTF)
    assert t.utterances[["speaker", "text", "section"]].values.tolist()[:3] == [
        ["Facilitator", "What could it do? Café talk.", "Benefits"],
        ["P01", "Speed it up and \u201cplan\u201d better. [footnote] said twice", "Benefits"],
        ["P02", "I worry", "Benefits"]]
    assert t.utterances["t_start"].iloc[2] == 605.0
    assert t.utterances.iloc[3][["speaker", "text", "section"]].tolist() == [
        "P01", "Nobody asked \u674e\u96f7.", "Risks"]
    # the header group is no body text; the document's author is metadata, not text
    assert "Somebody" not in t.text and "Times New Roman" not in t.text
    assert t.reading["format"] == "rtf"


def test_rtf_not_rtf_is_an_error(tmp_path):
    p = tmp_path / "x.rtf"
    p.write_text("P01: plain text with a wrong suffix\n")
    with pytest.raises(TranscriptFormatError, match=r"Q120.*x\.rtf: not a readable RTF"):
        qk.read_transcript(p)


O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
T = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TB = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
D = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
S = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
DC = "http://purl.org/dc/elements/1.1/"


def _odt(body, styles=None, doctype=""):
    content = (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content '
               f'xmlns:office="{O}" xmlns:text="{T}" xmlns:table="{TB}" xmlns:draw="{D}" '
               f'xmlns:dc="{DC}"><office:body><office:text>{body}</office:text></office:body>'
               "</office:document-content>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        if styles:
            z.writestr("styles.xml", f'<office:document-styles xmlns:office="{O}" '
                       f'xmlns:style="{S}" xmlns:text="{T}"><office:master-styles>{styles}'
                       "</office:master-styles></office:document-styles>")
    return buf.getvalue()


def cell(x):
    return f"<table:table-cell><text:p>{x}</text:p></table:table-cell>"


def test_odt_reads_everything_once(tmp_path):
    body = (
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>never said</text:p>"
        "</text:deletion></text:changed-region></text:tracked-changes>"
        '<text:p text:style-name="Title">Panel two</text:p>'
        "<text:h>Benefits</text:h>"
        "<text:p><text:span>Facilitator:</text:span> What could it do?"
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>asked twice</text:p></text:note-body></text:note> Go on.</text:p>"
        "<text:list><text:list-item><text:p>P01: First, speed.<text:tab/>Then"
        '<text:s text:c="3"/>care.</text:p></text:list-item></text:list>'
        "<text:p>P02: See <text:a>the leaflet</text:a>.<office:annotation><dc:creator>Rev"
        "</dc:creator><text:p>check this</text:p></office:annotation></text:p>"
        f"<table:table><table:table-row>{cell('Speaker')}{cell('Text')}</table:table-row>"
        f"<table:table-row>{cell('P03')}{cell('In a table')}</table:table-row></table:table>"
        '<text:p>P01: Boxed <draw:frame><draw:text-box><text:p>P03: In a box.</text:p>'
        "</draw:text-box></draw:frame>end.</text:p>"
        "<text:section><text:h>Risks</text:h><text:p>P01: Hackers.</text:p></text:section>")
    styles = (f'<style:master-page><style:header><text:p>Interview series</text:p></style:header>'
              "</style:master-page>")
    t = _read(tmp_path, "fg1.odt", _odt(body, styles))
    assert t.utterances[["speaker", "text", "section"]].values.tolist() == [
        ["Facilitator", "What could it do? Go on.", "Benefits"],
        ["P01", "First, speed. Then care.", "Benefits"], ["P02", "See the leaflet.", "Benefits"],
        ["P03", "In a table", "Benefits"], ["P01", "Boxed end.", "Benefits"],
        ["P03", "In a box.", "Benefits"], ["P01", "Hackers.", "Risks"]]
    assert t.notes["text"].tolist() == ["[header] Interview series", "Panel two",
                                        "[footnote 1] asked twice", "[comment] check this"]
    assert "never said" not in t.text and t.metadata["title"] == "Panel two"


def test_odt_bad_files(tmp_path):
    p = tmp_path / "x.odt"
    p.write_bytes(b"not a zip")
    with pytest.raises(TranscriptFormatError, match=r"Q120.*x\.odt.*not a ZIP"):
        qk.read_transcript(p)
    p.write_bytes(_odt("<text:p>P01: hi</text:p>",
                       doctype='<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'))
    with pytest.raises(TranscriptFormatError, match=r"Q120.*x\.odt.*DTD or entities"):
        qk.read_transcript(p)
