"""Reading REFI-QDA projects in the styles real tools write (hand-written fixtures)."""

from __future__ import annotations

import codecs
import zipfile

import pytest

import qualkit as qk
from qualkit.errors import QdpxError
from qualkit.io._qdc import codebook_table
from qualkit.io.qdpx import QdpxWarning
from qualkit.io.qdpx import _read_bundle as read_qdpx  # the bundle, whatever Project becomes

NS = "urn:QDA-XML:project:1.0"
G = "{:08X}-0000-4000-8000-000000000000".format  # readable GUIDs: G(1), G(2) ...


def make_qdpx(tmp_path, qde: str, files: dict[str, bytes] | None = None,
              qde_name: str = "project.qde", name: str = "p.qdpx"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(qde_name, qde.encode("utf-8"))
        for member, data in (files or {}).items():
            z.writestr(member, data)
    return path


def utf16_crlf(norm: str, p: int) -> int:
    """NVivo's position for normalised offset ``p``: UTF-16 units over CRLF text."""
    return len(norm[:p].replace("\n", "\r\n").encode("utf-16-le")) // 2


def code_points_crlf(norm: str, p: int) -> int:
    return len(norm[:p].replace("\n", "\r\n"))


# ---------------------------------------------------------------------------- NVivo
NVIVO_TEXT = "Interviewer: Welcome “everyone”.\nP01: I’d trust a café 😀 more than 🎉 them\n\nP02: Fine."


def nvivo_qde(text: str, spans: list[tuple[str, str]], origin="NVivo 12 Windows"):
    sels = []
    for i, (quote, code) in enumerate(spans):
        s = text.index(quote)
        a, b = utf16_crlf(text, s), utf16_crlf(text, s + len(quote))
        sels.append(f'<PlainTextSelection guid="{{{G(100 + i)}}}" name="" startPosition="{a}" '
                    f'endPosition="{b}" creatingUser="{G(1)}"><Coding guid="{G(200 + i)}" '
                    f'creatingUser="{G(1)}"><CodeRef targetGUID="{code}"/></Coding>'
                    f'</PlainTextSelection>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="{NS}" name="nv" origin="{origin}">
<Users><User guid="{G(1)}" id="AB" name="Alice B"/><User guid="{G(2)}" id="CD"/></Users>
<CodeBook><Codes><Code guid="{{{G(10)}}}" name="Trust" isCodable="true" color="#F0A">
<Code guid="{G(11)}" name="Emoji" isCodable="true"/></Code></Codes></CodeBook>
<Sources><TextSource guid="{G(50)}" name="Interview 1.docx" plainTextPath="internal://{G(50)}.txt">
{''.join(sels)}</TextSource></Sources></Project>"""


def test_qdpx_reads_nvivo_utf16_crlf_positions(tmp_path):
    spans = [("café 😀 more than 🎉 them", G(11)), ("Fine.", G(10)), ("“everyone”", G(10))]
    raw = codecs.BOM_UTF8 + NVIVO_TEXT.replace("\n", "\r\n").encode("utf-8")
    path = make_qdpx(tmp_path, nvivo_qde(NVIVO_TEXT, spans), {f"Sources/{G(50)}.txt": raw},
                     qde_name="project.qde")
    proj = read_qdpx(path)
    t = proj.corpus["Interview 1"]
    assert t.text == NVIVO_TEXT
    got = [t.text[r.start:r.end] for r in proj.codings().itertuples()]
    assert got == [q for q, _ in spans]
    assert set(proj.codings()["coder"]) == {"Alice B"}
    assert proj.coders == ["Alice B", "CD"]
    cb = codebook_table(proj.codebook)
    emoji = cb[cb.name == "Emoji"].iloc[0]
    # codes from another tool keep their names as readable ids, not GUIDs
    assert cb["id"].tolist() == ["trust", "emoji"] and emoji.parent == "trust"
    assert cb.colour.iloc[0] == "#FF00AA"
    assert sorted(proj.codings()["code_id"]) == ["emoji", "trust", "trust"]
    # paragraphs became utterances, speakers detected
    u = t.utterances
    assert u["speaker"].tolist() == ["Interviewer", "P01", "P02"]
    assert (u.apply(lambda r: t.text[r.start:r.end] == r.text, axis=1)).all()


def test_qdpx_nvivo_positions_without_origin_found_by_alignment(tmp_path):
    # Unknown origin, but the quoted text in @name only lines up under UTF-16 + CRLF.
    text = "A: x 😀 y\nB: 😀😀 quoted bit here"
    quote = "quoted bit here"
    s = text.index(quote)
    a, b = utf16_crlf(text, s), utf16_crlf(text, s + len(quote))
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.2" name="x" origin="SomeTool 3">
<CodeBook><Codes><Code guid="{G(10)}" name="c" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{G(50)}" name="s"><PlainTextContent>{text.replace(chr(10), '&#13;&#10;')}</PlainTextContent>
<PlainTextSelection guid="{G(1)}" name="{quote}" startPosition="{a}" endPosition="{b}">
<Coding guid="{G(2)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>"""
    proj = read_qdpx(make_qdpx(tmp_path, qde))
    r = proj.codings().iloc[0]
    assert proj.corpus["s"].text[r.start:r.end] == quote
    assert r.coder == "unknown"


# ---------------------------------------------------------------------------- ATLAS.ti
ATLAS_TEXT = ("Mabel: I have Coke for breakfast.\nInterviewer: Really? Every day?\n"
              "Mabel: Every single day, it’s my café au lait.")


def atlas_qde(text):
    q1 = "I have Coke for breakfast."
    q2 = "Really? Every day?\nMabel: Every single day"
    s1, s2 = text.index(q1), text.index(q2)
    # ATLAS.ti: code points, a CR LF line break counted once; @name truncated with "…"
    return f"""<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" origin="ATLAS.ti 9.1 Windows" name="breakfast" creatingUserGUID="{G(1)}">
<Users><User guid="{G(1)}" name="Friedrich"/></Users>
<CodeBook><Codes>
<Code color="#966450" isCodable="true" name="Coke::diet Coke" guid="{G(11)}"><Description>non sucré</Description></Code>
<Code color="rgb(150, 100, 80)" isCodable="true" name="Coke" guid="{G(10)}"/>
<Code isCodable="true" name="Drinks::Hot::Coffee" guid="{G(12)}"/>
</Codes></CodeBook>
<Sources><TextSource guid="{G(50)}" name="Mabel.txt" plainTextPath="internal://{G(60)}.txt" richTextPath="internal://{G(61)}.docx">
<PlainTextSelection startPosition="{s1}" endPosition="{s1 + len(q1)}" guid="{G(100)}" name="{q1}" creatingUser="{G(1)}">
<Coding creatingUser="{G(1)}" guid="{G(200)}"><CodeRef targetGUID="{G(11)}"/></Coding></PlainTextSelection>
<PlainTextSelection startPosition="{s2}" endPosition="{s2 + len(q2)}" guid="{G(101)}" name="Really? Every day? Mabel: Every…" creatingUser="{G(1)}">
<Description>Mabel is not the only one</Description>
<Coding creatingUser="{G(1)}" guid="{G(201)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>
<PlainTextSelection startPosition="0" endPosition="5" guid="{G(102)}" name="Mabel" creatingUser="{G(1)}">
<Description>just a comment</Description></PlainTextSelection>
</TextSource>
<PDFSource guid="{G(51)}" name="Kellogg.pdf" path="internal://{G(62)}.pdf"/>
</Sources>
<Notes><Note guid="{G(300)}" name="Research Plan" creatingUser="{G(1)}" creationDateTime="2018-03-27T19:38:46Z"><PlainTextContent>A log.</PlainTextContent></Note></Notes>
<Sets><Set guid="{G(400)}" name="gender: female"><MemberSource targetGUID="{G(50)}"/></Set>
<Set guid="{G(401)}" name="Text files"><MemberSource targetGUID="{G(50)}"/></Set></Sets>
</Project>"""


def test_qdpx_reads_atlas_style(tmp_path):
    raw = ATLAS_TEXT.replace("\n", "\r\n").encode("utf-8")
    path = make_qdpx(tmp_path, atlas_qde(ATLAS_TEXT), {f"sources/{G(60)}.txt": raw},
                     qde_name="Project.qde")
    with pytest.warns(QdpxWarning, match=r"\[W402\].*PDFSource 'Kellogg.pdf' was skipped"):
        proj = read_qdpx(path)
    t = proj.corpus["Mabel"]
    c = proj.codings()
    assert [t.text[r.start:r.end] for r in c.itertuples()] == [
        "I have Coke for breakfast.", "Really? Every day?\nMabel: Every single day"]
    assert c["memo"].tolist() == [None, "Mabel is not the only one"]
    cb = codebook_table(proj.codebook)
    by_name = dict(zip(cb["name"], cb["id"]))
    parent = dict(zip(cb["name"], cb["parent"]))
    # a::b names become a hierarchy; missing intermediate codes are created
    assert parent["diet Coke"] == by_name["Coke"] and parent["Coffee"] == by_name["Hot"]
    assert parent["Hot"] == by_name["Drinks"] and len(cb) == 5
    assert cb.set_index("name").loc["Coke", "colour"] == "#966450"
    # Sets "key: value" → transcript metadata; a commented quotation → a span memo
    assert t.metadata["gender"] == "female"
    m = proj.memos()
    assert set(m["target_kind"]) == {"span", "project"}
    assert m.set_index("target_kind").loc["span", "text"] == "just a comment"
    assert m.set_index("target_kind").loc["project", "author"] == "Friedrich"


def test_qdpx_warns_when_positions_cannot_agree(tmp_path):
    text = "A: one two three 😀\nB: four five six"
    qde = f"""<Project xmlns="{NS}" name="x" origin="MAXQDA 2022">
<CodeBook><Codes><Code guid="{G(10)}" name="c" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{G(50)}" name="s"><PlainTextContent>{text}</PlainTextContent>
<PlainTextSelection guid="{G(1)}" name="nothing like the text" startPosition="3" endPosition="9">
<Coding guid="{G(2)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>"""
    with pytest.warns(QdpxWarning, match=r"\[W401\].*source 's'.*1 of 1 selections"):
        proj = read_qdpx(make_qdpx(tmp_path, qde))
    assert proj.codings()[["start", "end"]].values.tolist() == [[3, 9]]


# ---------------------------------------------------------------------------- MAXQDA
def test_qdpx_reads_maxqda_style_cases_and_trial_qde(tmp_path):
    text = "Moderator: Hello\nP01: Hi there"
    qde = f"""<Project xmlns="{NS}" name="mx" origin="MAXQDA 2020 (Release 20.4.1)">
<Users><User guid="{G(1)}" name="Coder One"/></Users>
<CodeBook><Codes><Code guid="{G(10)}" name="greeting" isCodable="true"/></Codes></CodeBook>
<Variables><Variable guid="{G(20)}" name="age" typeOfVariable="Integer"/>
<Variable guid="{G(21)}" name="site" typeOfVariable="Text"/>
<Variable guid="{G(22)}" name="consented" typeOfVariable="Boolean"/></Variables>
<Cases><Case guid="{G(30)}"><VariableValue><VariableRef targetGUID="{G(21)}"/><TextValue>Leeds</TextValue></VariableValue><SourceRef targetGUID="{G(50)}"/></Case>
<Case guid="{G(31)}" name="P01"><VariableValue><VariableRef targetGUID="{G(20)}"/><IntegerValue>42</IntegerValue></VariableValue>
<VariableValue><VariableRef targetGUID="{G(22)}"/><BooleanValue>true</BooleanValue></VariableValue></Case></Cases>
<Sources><TextSource guid="{G(50)}" name="FG one" plainTextPath="internal://{G(50)}.txt">
<PlainTextSelection guid="{G(100)}" startPosition="11" endPosition="16"><Coding guid="{G(200)}" creatingUser="{G(1)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>
</TextSource><TextSource guid="{G(51)}" name="FG one" plainTextPath="internal://{G(51)}.txt"/>
<AudioSource guid="{G(52)}" name="rec.mp3" path="internal://{G(52)}.mp3"/></Sources></Project>"""
    files = {f"sources/{G(50)}.txt": text.encode(), f"sources/{G(51)}.txt": b"Other: text"}
    path = make_qdpx(tmp_path, qde, files, qde_name="Trial.qde")
    with pytest.warns(QdpxWarning, match=r"AudioSource 'rec.mp3' was skipped"):
        proj = read_qdpx(path)
    assert proj.corpus.ids == ["FG one", f"FG one_{G(51)[:8].lower()}"]  # duplicate names
    assert proj.corpus["FG one"].metadata["site"] == "Leeds"
    parts = proj.corpus.participants
    assert parts.to_dict("records") == [{"participant_id": "P01", "age": 42, "consented": True}]
    r = proj.codings().iloc[0]
    assert (proj.corpus["FG one"].text[r.start:r.end], r.coder) == ("Hello", "Coder One")


def test_qdpx_reads_nvivo_mac_like_empty_sources(tmp_path):
    qde = f"""<?xml version="1.0" encoding="UTF-8" standalone="no" ?><Project name="qc" origin="NVivo for Mac 15.0.0" xmlns="{NS}"><Users><User guid="{G(1)}" id="CP" name="chrisp"/></Users><CodeBook><Codes><Code guid="{G(10)}" isCodable="true" name="rq1"><Code guid="{G(11)}" isCodable="true" name="competencies"/></Code></Codes></CodeBook><Sources><TextSource guid="{G(50)}" name="{G(60)}" plainTextPath="internal://{G(50)}.txt" richTextPath="internal://{G(50)}.docx"/></Sources></Project>"""
    files = {f"sources/{G(50)}.txt": b" ", "sources/.root": b"", f"sources/{G(50)}.docx": b"PK"}
    proj = read_qdpx(make_qdpx(tmp_path, qde, files))
    assert len(codebook_table(proj.codebook)) == 2 and len(proj.corpus) == 1 and len(proj.codings()) == 0


def test_qdpx_missing_source_text_warns_and_skips(tmp_path):
    qde = f"""<Project xmlns="{NS}" name="x"><Sources>
<TextSource guid="{G(50)}" name="gone.txt" plainTextPath="internal://{G(50)}.txt"/>
<TextSource guid="{G(51)}" name="far.txt" plainTextPath="absolute:///home/u/far.txt"/>
</Sources></Project>"""
    with pytest.warns(QdpxWarning) as rec:
        proj = read_qdpx(make_qdpx(tmp_path, qde))
    msgs = " ".join(str(w.message) for w in rec)
    assert "[W402]" in msgs and "gone.txt" in msgs and "not in the archive" in msgs and "outside the archive" in msgs
    assert len(proj.corpus) == 0


def test_qdpx_not_a_project_root(tmp_path):
    path = make_qdpx(tmp_path, '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')
    with pytest.raises(QdpxError, match=r"\[Q408\].*'project.qde'.*expected 'Project'"):
        qk.read_qdpx(path)


def test_qdpx_missing_file(tmp_path):
    with pytest.raises(QdpxError, match=r"\[Q003\]"):
        qk.read_qdpx(tmp_path / "nope.qdpx")


def test_qdpx_unknown_origin_unnamed_selections_aligned_on_line_breaks(tmp_path):
    # No @name to check and an unknown producer: the convention under which the
    # selections start and end on line/word boundaries wins (here UTF-16 + CRLF).
    text = "P01: 😀😀 first line here\nP02: 🎉 second line\nP03: third 😀 line"
    lines = ["P01: 😀😀 first line here", "P02: 🎉 second line", "P03: third 😀 line"]
    sels = []
    for i, ln in enumerate(lines):
        s = text.index(ln)
        a, b = utf16_crlf(text, s), utf16_crlf(text, s + len(ln))
        sels.append(f'<PlainTextSelection guid="{G(100 + i)}" startPosition="{a}" endPosition="{b}">'
                    f'<Coding guid="{G(200 + i)}"><CodeRef targetGUID="{G(10)}"/></Coding>'
                    f'</PlainTextSelection>')
    qde = f"""<Project xmlns="{NS}" name="x" origin="Unknown QDA 1.0">
<CodeBook><Codes><Code guid="{G(10)}" name="c" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{G(50)}" name="s" plainTextPath="internal://s.txt">{''.join(sels)}
</TextSource></Sources></Project>"""
    path = make_qdpx(tmp_path, qde, {"sources/s.txt": text.replace("\n", "\r\n").encode()})
    proj = read_qdpx(path)
    t = proj.corpus["s"]
    assert [t.text[r.start:r.end] for r in proj.codings().itertuples()] == lines


def test_qdpx_text_sources_use_the_readers_trust_rules(tmp_path):
    paper = ("Abstract: We asked residents about linked records.\n"
             "Methods: Six focus groups met online.\n\nThe groups were mixed.\n")
    talk = "Facilitator: Shall we start?\nP03: Yes.\nNote: the camera was off.\nP03: Fine.\n"
    qde = f"""<Project xmlns="{NS}" name="x" origin="MAXQDA 2022">
<Sources><TextSource guid="{G(50)}" name="paper"><PlainTextContent>{paper}</PlainTextContent>
</TextSource><TextSource guid="{G(51)}" name="talk"><PlainTextContent>{talk}</PlainTextContent>
</TextSource></Sources></Project>"""
    proj = read_qdpx(make_qdpx(tmp_path, qde))
    texts = {t.text: t for t in proj.corpus}
    p, k = texts[paper], texts[talk]
    assert set(p.utterances["speaker"]) == {"unknown"}  # "Abstract:" is no speaker
    assert k.utterances[["speaker", "text"]].values.tolist() == [
        ["Facilitator", "Shall we start?"], ["P03", "Yes."],
        ["unknown", "Note: the camera was off."], ["P03", "Fine."]]
