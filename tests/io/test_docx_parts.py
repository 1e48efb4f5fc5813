"""Word documents in full: embedded chunks, content controls, custom XML, text boxes, tracked
changes, nested tables, hyperlinks, fields, notes, headers; linear on crafted styles.

Packages are built by hand from our own synthetic wording (the XML Word writes for each
construct, cut down to what the reader looks at).
"""

from __future__ import annotations

import io
import time
import warnings
import zipfile

import docx
import pytest

import qualkit as qk
from qualkit.errors import QualkitWarning, TranscriptFormatError
from qualkit.io._docx import _Styles

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def P(text, style=None):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def _package(body, parts=None, rels=None, styles=None):
    """A .docx as bytes: document.xml with ``body``, extra parts and relationships."""
    doc = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}" xmlns:r="{R}" '
           f'xmlns:mc="{MC}" xmlns:wps="{WPS}" xmlns:v="{V}"><w:body>{body}</w:body></w:document>')
    rel_xml = "".join(f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"/>'
                      for rid, kind, target in (rels or []))
    members = {"[Content_Types].xml": "<Types/>", "word/document.xml": doc,
               "word/_rels/document.xml.rels":
               f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               f'relationships">{rel_xml}</Relationships>'}
    if styles is not None:
        members["word/styles.xml"] = styles
    members.update(parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def read(tmp_path, data, name="d.docx", **kw):
    p = tmp_path / name
    p.write_bytes(data)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        t = qk.read_transcript(p, **kw)
    for r in t.utterances.itertuples():
        assert t.text[r.start:r.end] == r.text
    return t, [str(x.message) for x in w]


def turns(t):
    return t.utterances[["speaker", "text"]].values.tolist()


def test_docx_altchunks_html_rtf_text_and_docx(tmp_path):
    inner = _package(P("Dee: From the merged file.") + P("Cy: And back."))
    body = (P("Ana: Before the chunks.") + '<w:altChunk r:id="h1"/>' + '<w:altChunk r:id="r1"/>'
            + '<w:altChunk r:id="t1"/>' + '<w:altChunk r:id="d1"/>' + P("Ana: After them."))
    data = _package(body, parts={
        "word/chunk1.html": "<html><body><p>Ben: Pasted <b>from</b> a page.</p>"
                            "<p>Cy: Agreed &amp; noted.</p></body></html>",
        "word/chunk2.rtf": r"{\rtf1\ansi{\fonttbl{\f0 Calibri;}}\f0 Ben: Caf\'e9 talk\par}",
        "word/chunk3.txt": "Cy: Plain text part.\n",
        "word/chunk4.docx": inner},
        rels=[("h1", "aFChunk", "chunk1.html"), ("r1", "aFChunk", "chunk2.rtf"),
              ("t1", "aFChunk", "chunk3.txt"), ("d1", "aFChunk", "chunk4.docx")])
    t, said = read(tmp_path, data)
    assert turns(t) == [["Ana", "Before the chunks."], ["Ben", "Pasted from a page."],
                        ["Cy", "Agreed & noted."], ["Ben", "Café talk"], ["Cy", "Plain text part."],
                        ["Dee", "From the merged file."], ["Cy", "And back."],
                        ["Ana", "After them."]]
    assert t.reading["status"] == "read" and not said


def test_docx_altchunk_that_cannot_be_read_is_partial_with_a_warning(tmp_path):
    body = P("Ana: Hello.") + P("Ben: Hi.") + '<w:altChunk r:id="gone"/>'
    t, said = read(tmp_path, _package(body))
    assert turns(t) == [["Ana", "Hello."], ["Ben", "Hi."]]
    assert any("W123" in m and "altChunk" not in m and "gone" in m for m in said)
    assert t.reading["status"] == "partial"
    assert "[W123]" in qk.Corpus([t]).reading_report["warnings"].iloc[0]


def test_docx_content_controls_custom_xml_and_row_controls(tmp_path):
    body = (f'<w:sdt><w:sdtContent>{P("Ana: In a block control.")}</w:sdtContent></w:sdt>'
            f'<w:customXml w:element="answer">{P("Ben: In custom XML.")}</w:customXml>'
            '<w:p><w:r><w:t xml:space="preserve">Ana: Inline </w:t></w:r><w:sdt><w:sdtContent>'
            '<w:r><w:t>control</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t xml:space="preserve">'
            ' text.</w:t></w:r></w:p>'
            '<w:tbl><w:sdt><w:sdtContent><w:tr><w:tc>' + P("Cy") + '</w:tc><w:tc>'
            + P("A row in a control.") + '</w:tc></w:tr></w:sdtContent></w:sdt>'
            '<w:tr><w:customXml w:element="c"><w:tc>' + P("Ben") + '</w:tc></w:customXml><w:tc>'
            + P("A cell in custom XML.") + '</w:tc></w:tr></w:tbl>')
    t, _ = read(tmp_path, _package(body))
    assert turns(t) == [["Ana", "In a block control."], ["Ben", "In custom XML."],
                        ["Ana", "Inline control text."], ["Cy", "A row in a control."],
                        ["Ben", "A cell in custom XML."]]


def test_docx_text_box_read_once_and_tracked_changes_accepted(tmp_path):
    box = (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
           f'<w:txbxContent>{P("Cy: Boxed aside.")}</w:txbxContent></wps:txbx></w:drawing>'
           f'</mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{P("Cy: Boxed aside.")}'
           f'</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    body = ('<w:p><w:r><w:t xml:space="preserve">Ana: We </w:t></w:r>'
            '<w:del w:id="1" w:author="x"><w:r><w:delText>never </w:delText><w:tab/></w:r></w:del>'
            '<w:ins w:id="2" w:author="x"><w:r><w:t xml:space="preserve">always </w:t></w:r></w:ins>'
            '<w:moveFrom w:id="3" w:author="x"><w:r><w:t>moved</w:t></w:r></w:moveFrom>'
            '<w:r><w:t xml:space="preserve">agree</w:t></w:r>'
            '<w:moveTo w:id="4" w:author="x"><w:r><w:t xml:space="preserve"> moved</w:t></w:r>'
            f'</w:moveTo>{box}<w:r><w:t>.</w:t></w:r></w:p>' + P("Ben: Yes."))
    t, _ = read(tmp_path, _package(body))
    assert turns(t) == [["Ana", "We always agree moved."], ["Cy", "Boxed aside."],
                        ["Ben", "Yes."]]
    assert t.text.count("Boxed aside") == 1 and "never" not in t.text


def test_docx_nested_tables_hyperlinks_and_fields(tmp_path):
    nested = ('<w:tbl><w:tr><w:tc>' + P("inner one") + '</w:tc><w:tc>' + P("inner two")
              + '</w:tc></w:tr></w:tbl>')
    link = (f'<w:p><w:r><w:t xml:space="preserve">Ben: See </w:t></w:r><w:hyperlink r:id="x">'
            f'<w:r><w:t>the notice</w:t></w:r></w:hyperlink>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve">'
            ' page 4</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:fldSimple w:instr=" DATE "><w:r><w:t xml:space="preserve"> today</w:t></w:r>'
            '</w:fldSimple><w:r><w:t>.</w:t></w:r></w:p>')
    body = ('<w:tbl><w:tr><w:tc>' + P("Ana") + '</w:tc><w:tc>' + P("Outer text") + nested
            + '</w:tc></w:tr></w:tbl>' + link)
    t, _ = read(tmp_path, _package(body))
    assert turns(t) == [["Ana", "Outer text inner one inner two"],
                        ["Ben", "See the notice page 4 today."]]
    assert t.text.count("inner one") == 1 and "PAGE" not in t.text and "DATE" not in t.text


def test_docx_footnotes_comments_headers_are_notes(tmp_path):
    foot = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
            '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1">'
            + P("Recorded at the library.") + '</w:footnote></w:footnotes>')
    comments = f'<w:comments xmlns:w="{W}"><w:comment w:id="0">{P("Check this turn.")}</w:comment></w:comments>'
    header = f'<w:hdr xmlns:w="{W}">{P("Interview series two")}</w:hdr>'
    footer = f'<w:ftr xmlns:w="{W}">{P("Confidential draft")}</w:ftr>'
    data = _package(P("Ana: Hello.") + P("Ben: Hi."),
                    parts={"word/footnotes.xml": foot, "word/comments.xml": comments,
                           "word/header1.xml": header, "word/header2.xml": header,
                           "word/footer1.xml": footer},
                    rels=[("h1", "header", "header1.xml"), ("h2", "header", "header2.xml"),
                          ("f1", "footer", "footer1.xml")])
    t, _ = read(tmp_path, data)
    assert t.notes["text"].tolist() == ["[header] Interview series two", "[footer] Confidential draft",
                                        "[footnote 1] Recorded at the library.",
                                        "[comment 0] Check this turn."]
    assert turns(t) == [["Ana", "Hello."], ["Ben", "Hi."]]


def test_docx_turn_in_a_heading_style_and_styles_based_on_headings(tmp_path):
    styles = (f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Topic">'
              '<w:name w:val="Topic"/><w:basedOn w:val="Heading2"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/></w:style>'
              '</w:styles>')
    body = (P("Opening", "Topic") + P("Ana: Spoken, but styled as a heading.", "Heading1")
            + P("Ben: A quote style is plain.", "Quote") + P("Risks", "Heading2")
            + P("Ana: Next."))
    t, _ = read(tmp_path, _package(body, styles=styles))
    u = t.utterances
    assert u[["speaker", "text", "section"]].values.tolist() == [
        ["Ana", "Spoken, but styled as a heading.", "Opening"],
        ["Ben", "A quote style is plain.", "Opening"], ["Ana", "Next.", "Risks"]]


def test_docx_crafted_styles_are_linear():
    # a style element that never closes, repeated: the old regex was quadratic on this
    for n in (20_000, 40_000):
        xml = (b'<w:styles xmlns:w="x">' + b'<w:style w:styleId="s" ' * n).replace(b"\n", b"")
        t0 = time.perf_counter()
        assert _Styles(xml).kind("Custom") is None
        took = time.perf_counter() - t0
        assert took < 60  # a hang guard: benchmarks/read_docx.py measures the growth


def test_docx_altchunk_depth_and_bad_inner(tmp_path):
    inner = _package(P("Dee: Deep."))
    for _ in range(4):
        inner = _package('<w:altChunk r:id="d"/>', parts={"word/c.docx": inner},
                         rels=[("d", "aFChunk", "c.docx")])
    t, said = read(tmp_path, _package(P("Ana: Top.") + P("Ben: Yes.") + '<w:altChunk r:id="d"/>',
                                      parts={"word/c.docx": inner},
                                      rels=[("d", "aFChunk", "c.docx")]))
    assert t.reading["status"] == "partial" and any("levels deep" in m for m in said)
    bad = _package(P("Ana: Top.") + '<w:altChunk r:id="d"/>', parts={"word/c.docx": b"PK\x03\x04junk"},
                   rels=[("d", "aFChunk", "c.docx")])
    with pytest.raises(TranscriptFormatError, match=r"Q106.*bad\.docx"):
        read(tmp_path, bad, name="bad.docx")


def test_docx_python_docx_document_reads_as_before(tmp_path):
    d = docx.Document()
    d.add_paragraph("Ana: One.")
    d.add_paragraph("Ben: Two.")
    p = tmp_path / "plain.docx"
    d.save(p)
    t = qk.read_transcript(p)
    assert turns(t) == [["Ana", "One."], ["Ben", "Two."]] and t.notes.empty
