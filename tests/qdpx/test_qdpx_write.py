"""Writing REFI-QDA: schema validity, stable GUIDs, round trips (incl. hypothesis), .qdc, CLI."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import qualkit as qk
from qualkit.cli import main
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.io._qdc import NS_CODEBOOK, codebook_table, codes_table, read_qdc_table, write_qdc
from qualkit.io.qdpx import QdpxProject, _plain_transcript, write_qdpx
from qualkit.io.qdpx import _read_bundle as read_qdpx  # the bundle, whatever Project becomes

SCHEMAS = Path(__file__).parent / "schemas"


@pytest.fixture(scope="module")
def project_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "Project.xsd")))


@pytest.fixture(scope="module")
def codebook_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "Codebook.xsd")))


def _project() -> QdpxProject:
    t1 = Transcript.from_turns("fg1_s1", [
        Turn("Facilitator", "What do you think about “linked” records?", section="Benefits"),
        Turn("P01", "Café owners 😀 trust the NHS more than 🎉 companies."),
        Turn("P02", "Naïve, maybe — but I’d agree."),
    ], group="FG1", session=1)
    t2 = Transcript.from_turns("fg2_s1", [Turn("P03", "Who profits? That’s my question.")],
                               group="FG2", metadata={"site": "Leeds", "n_present": 5,
                                                      "nested": {"not": "written"}})
    parts = pd.DataFrame({"participant_id": ["P01", "P02", "P03"], "age": [34, 61, 25],
                          "gender": ["f", "m", None], "score": [1.5, 2.25, 3.0],
                          "consented": [True, True, False]})
    cb = codes_table([
        dict(id="trust", name="Trust", definition="Trust in institutions", colour="#00AA00"),
        dict(id="trust_nhs", name="Trust in NHS", parent="trust", include="names the NHS"),
        dict(id="profit", name="Profit", colour="rgb(200,0,0)"),
    ])
    p = QdpxProject(name="Study", corpus=Corpus([t1, t2], parts), codebook=cb)
    for coder in ("ann", "bob"):
        a = t1.text.index("Café")
        p.code(coder, "fg1_s1", a, a + len("Café owners 😀 trust the NHS"), "trust_nhs",
               memo="emoji!" if coder == "ann" else None)
    b = t2.text.index("Who")
    p.code("bob", "fg2_s1", b, b + 12, "profit")
    p.code("ann", "fg1_s1", 0, 10, "trust")
    p.memo_table = pd.DataFrame([
        dict(memo_id="1", target_kind="project", target_id="", text="Reflexive note",
             author="ann", created_at="2024-05-01T09:00:00Z"),
        dict(memo_id="2", target_kind="code", target_id="profit", text="Watch this",
             author="bob", created_at=pd.Timestamp("2024-05-02 10:00", tz="UTC")),
        dict(memo_id="3", target_kind="transcript", target_id="fg2_s1", text="Short group",
             author="carol", created_at=None),
    ])
    return p


def _qde(path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("project.qde")


def test_qdpx_write_is_schema_valid_and_ordered(tmp_path, project_schema):
    path = tmp_path / "study.qdpx"
    write_qdpx(_project(), path)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        xml = z.read("project.qde")
        texts = {n: z.read(n) for n in names if n.startswith("sources/")}
    assert names[0] == "project.qde" and len(texts) == 2
    assert all(b"\r" not in v for v in texts.values())
    doc = etree.fromstring(xml)
    assert project_schema.validate(doc), project_schema.error_log
    assert doc.find("{*}Sets") is not None and len(doc.find("{*}Sets")) == 2
    note = doc.find("{*}Notes/{*}Note")
    assert note.get("creatingUser") and note.get("creationDateTime") == "2024-05-01T09:00:00Z"


def test_qdpx_write_never_writes_empty_sets(tmp_path, project_schema):
    t = Transcript.from_turns("t", [Turn("P01", "hello")])
    path = tmp_path / "min.qdpx"
    write_qdpx(QdpxProject(corpus=Corpus([t]), codebook=codes_table([])), path)
    doc = etree.fromstring(_qde(path))
    assert doc.find("{*}Sets") is None and doc.find("{*}CodeBook") is None
    assert project_schema.validate(doc), project_schema.error_log


def test_qdpx_reexport_is_byte_identical(tmp_path):
    write_qdpx(_project(), tmp_path / "a.qdpx")
    write_qdpx(_project(), tmp_path / "b.qdpx")
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()
    # and after a round trip through the reader, the project XML is the same again
    write_qdpx(read_qdpx(tmp_path / "a.qdpx"), tmp_path / "c.qdpx")
    assert _qde(tmp_path / "a.qdpx") == _qde(tmp_path / "c.qdpx")


def _key(codings, corpus):
    return sorted({(r.coder, r.transcript_id, r.start, r.end, corpus[r.transcript_id].text[r.start:r.end],
                   r.memo or "") for r in codings.itertuples()})


def test_qdpx_round_trip(tmp_path):
    p = _project()
    write_qdpx(p, tmp_path / "rt.qdpx")
    q = read_qdpx(tmp_path / "rt.qdpx")
    public = qk.read_qdpx(tmp_path / "rt.qdpx")  # a Project once the store lands
    cols = ["coder", "transcript_id", "start", "end"]
    assert sorted(map(tuple, public.codings()[cols].values.tolist())) == sorted(
        map(tuple, q.codings()[cols].values.tolist()))
    assert q.name == "Study" and q.origin.startswith("qualkit")
    assert [t.text for t in q.corpus] == [t.text for t in p.corpus]
    assert [t.group for t in q.corpus] == ["FG1", "FG2"]
    assert [t.session for t in q.corpus] == [1, None]
    md = q.corpus["fg2_s1"].metadata
    assert (md["site"], md["n_present"], "nested" in md) == ("Leeds", 5, False)
    assert _key(q.codings(), q.corpus) == _key(p.codings(), p.corpus)
    # codes: same names, hierarchy, definitions and colours
    qcb = codebook_table(q.codebook).set_index("name")
    assert qcb.loc["Trust in NHS", "parent"] == qcb.loc["Trust", "id"]
    assert qcb.loc["Profit", "colour"] == "#C80000"
    assert qcb.loc["Trust in NHS", ["definition", "include"]].tolist() == ["", "names the NHS"]
    name_of = dict(zip(qcb["id"], qcb.index))
    assert sorted(name_of[c] for c in q.codings()["code_id"]) == sorted(
        ["Trust in NHS", "Trust in NHS", "Profit", "Trust"])
    # users and cases
    assert q.coders == ["ann", "bob", "carol"]
    pd.testing.assert_frame_equal(q.corpus.participants, p.corpus.participants,
                                  check_dtype=False)
    # memos keep author, date and target
    m = q.memos().set_index("text")
    assert m.loc["Reflexive note", "author"] == "ann"
    assert m.loc["Watch this", "target_kind"] == "code"
    assert m.loc["Short group", ["target_kind", "target_id"]].tolist() == ["transcript", "fg2_s1"]
    # and a second trip changes nothing
    write_qdpx(q, tmp_path / "rt2.qdpx")
    r = read_qdpx(tmp_path / "rt2.qdpx")
    pd.testing.assert_frame_equal(r.codings(), q.codings())
    assert codebook_table(r.codebook).equals(codebook_table(q.codebook))


_ALPHABET = st.sampled_from(list("ab cdé’“”\n\n\r\t😀🎉𝄞ñ:P0") + ["\r\n"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.lists(_ALPHABET, min_size=1, max_size=60).map("".join), data=st.data())
def test_qdpx_hypothesis_round_trip(tmp_path, raw, data):
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    t = _plain_transcript("t", text, source="mem", metadata={})
    p = QdpxProject(corpus=Corpus([t]), codebook=codes_table([dict(id="c", name="C")]))
    n = len(text)
    spans = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n))
                               .filter(lambda s: s[0] != s[1]), max_size=5))
    for a, b in spans:
        p.code("x", "t", min(a, b), max(a, b), "c")
    path = tmp_path / "h.qdpx"
    write_qdpx(p, path)
    q = read_qdpx(path)
    assert q.corpus["t"].text == text
    assert _key(q.codings(), q.corpus) == _key(p.codings(), p.corpus)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.lists(_ALPHABET, min_size=1, max_size=60).map("".join), data=st.data())
def test_qdpx_hypothesis_nvivo_positions(tmp_path, raw, data):
    """UTF-16 + CRLF positions from an NVivo-like export land on the same characters."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    crlf = text.replace("\n", "\r\n")
    n = len(text)
    a, b = sorted(data.draw(st.tuples(st.integers(0, n), st.integers(0, n))
                            .filter(lambda s: s[0] != s[1])))

    def u16(p):
        return len(text[:p].replace("\n", "\r\n").encode("utf-16-le")) // 2

    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="n" origin="NVivo 14">
<CodeBook><Codes><Code guid="00000000-0000-4000-8000-000000000001" name="c" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="00000000-0000-4000-8000-000000000002" name="s" plainTextPath="internal://s.txt">
<PlainTextSelection guid="00000000-0000-4000-8000-000000000003" name="" startPosition="{u16(a)}" endPosition="{u16(b)}">
<Coding guid="00000000-0000-4000-8000-000000000004"><CodeRef targetGUID="00000000-0000-4000-8000-000000000001"/></Coding>
</PlainTextSelection></TextSource></Sources></Project>"""
    path = tmp_path / "nv.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr("Sources/s.txt", "\ufeff" + crlf)
    q = read_qdpx(path)
    r = q.codings().iloc[0]
    assert (r.start, r.end) == (a, b)
    assert q.corpus["s"].text[r.start:r.end] == text[a:b]


# ---------------------------------------------------------------------------- .qdc
def test_qdpx_qdc_write_is_valid_and_round_trips(tmp_path, codebook_schema):
    table = _project().codebook
    write_qdc(table, tmp_path / "cb.qdc")
    doc = etree.parse(str(tmp_path / "cb.qdc"))
    assert codebook_schema.validate(doc), codebook_schema.error_log
    back = read_qdc_table(tmp_path / "cb.qdc")
    assert back["name"].tolist() == ["Trust", "Trust in NHS", "Profit"]
    assert back["parent"].tolist()[1] == back["id"][0]
    write_qdc(back, tmp_path / "cb2.qdc")
    assert (tmp_path / "cb.qdc").read_bytes().split(b"\n", 2)[2] == \
        (tmp_path / "cb2.qdc").read_bytes().split(b"\n", 2)[2]


def test_qdpx_qdc_reads_taguette_style(tmp_path, codebook_schema):
    # Taguette: upper-case uuid5 GUIDs, "a\\b" flattened names, no colours, empty <Sets/>
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="{NS_CODEBOOK}" origin="Taguette 1.4.1"><Codes>
<Code guid="8B8E8C9A-3F1E-5B0B-9F6A-2C1D3E4F5A6B" name="interesting" isCodable="true"/>
<Code guid="9C9F9DAB-4F2F-5C1C-8F7B-3D2E4F506B7C" name="interesting\\places" isCodable="true"/>
<Code guid="{{0D0F0E1C-5A3A-4D2D-9A8C-4E3F5A617C8D}}" name="people" isCodable="true" color="rgba(10, 20, 30, 0.5)"/>
</Codes><Sets/></CodeBook>"""
    path = tmp_path / "taguette.qdc"
    path.write_text(xml, encoding="utf-8")
    assert not codebook_schema.validate(etree.parse(str(path)))  # invalid, yet readable
    cb = read_qdc_table(path)
    assert cb["name"].tolist() == ["interesting", "places", "people"]
    assert cb["id"].tolist() == ["interesting", "places", "people"]  # readable, not GUIDs
    assert cb["parent"][1] == "interesting"
    assert cb["colour"][2] == "#0A141E"


# ---------------------------------------------------------------------------- CLI
def test_qdpx_cli_export_and_import(tmp_path, capsys):
    write_qdpx(_project(), tmp_path / "in.qdpx")
    assert main(["export", str(tmp_path / "in.qdpx"), "--to", str(tmp_path / "out.qdpx")]) == 0
    out = capsys.readouterr().out
    assert "3 codes, 2 sources, 4 codings by 2 coders" in out
    assert _qde(tmp_path / "in.qdpx") == _qde(tmp_path / "out.qdpx")
    assert main(["import", str(tmp_path / "nope.qdpx"), "--to", str(tmp_path / "x.qkproj")]) == 2
    assert "[Q003]" in capsys.readouterr().err
    # through a project file: import, then export again
    assert main(["import", str(tmp_path / "in.qdpx"), "--to", str(tmp_path / "s.qkproj")]) == 0
    assert "4 codings by 2 coders" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "s.qkproj"), "--to", str(tmp_path / "back.qdpx")]) == 0
    a, b = read_qdpx(tmp_path / "in.qdpx"), read_qdpx(tmp_path / "back.qdpx")
    assert _key(a.codings(), a.corpus) == _key(b.codings(), b.corpus)
    assert [t.text for t in a.corpus] == [t.text for t in b.corpus]


def test_qdpx_qdc_refuses_empty_codebook(tmp_path):
    from qualkit.errors import QdpxError

    with pytest.raises(QdpxError, match=r"\[Q410\] write_qdc: .*no codes"):
        write_qdc(codes_table([]), tmp_path / "empty.qdc")


def test_qdpx_long_selection_names_are_cut_with_ellipsis(tmp_path):
    body = "Linked records 😀 " * 20
    t = Transcript.from_turns("t", [Turn("P01", body)])
    p = QdpxProject(corpus=Corpus([t]), codebook=codes_table([dict(id="c", name="C")]))
    a = t.text.index("Linked")
    p.code("x", "t", a, len(t.text), "c")
    write_qdpx(p, tmp_path / "long.qdpx")
    name = etree.fromstring(_qde(tmp_path / "long.qdpx")).find(".//{*}PlainTextSelection").get("name")
    assert len(name) == 100 and name.endswith("\u2026")
    q = read_qdpx(tmp_path / "long.qdpx")  # no W401: the cut quote still agrees
    assert q.codings()[["start", "end"]].values.tolist() == [[a, len(t.text)]]


def test_qdpx_codebook_read_write_qdc_through_codebook(tmp_path, codebook_schema):
    from qualkit.codebook import Code, Codebook

    cb = Codebook([Code("trust", "Trust", definition="Trust in institutions", colour="#00AA00",
                        cues=("trust", "rely on")),
                   Code("trust.nhs", "Trust in NHS", parent="trust")])
    cb.write(tmp_path / "cb.qdc")
    assert codebook_schema.validate(etree.parse(str(tmp_path / "cb.qdc")))
    back = Codebook.read(tmp_path / "cb.qdc")
    assert len(back) == 2
    t = back.table.set_index("name")
    assert t.loc["Trust in NHS", "parent"] == t.loc["Trust", "id"]
    assert (t.loc["Trust", "definition"], t.loc["Trust", "colour"]) == (
        "Trust in institutions", "#00AA00")


def test_qdpx_read_into_project_file(tmp_path):
    from qualkit.project import Project

    write_qdpx(_project(), tmp_path / "in.qdpx")
    proj = qk.read_qdpx(tmp_path / "in.qdpx", project_path=tmp_path / "study.qkproj")
    assert isinstance(proj, Project)
    proj.close()
    with Project.open(tmp_path / "study.qkproj") as again:
        c = again.codings()
        assert sorted(c["provenance"].unique()) == ["import:in.qdpx"]
        assert sorted(c["text"]) == sorted(["Café owners 😀 trust the NHS"] * 2
                                           + ["Who profits?", "# Benefits"])
        assert again.coders == ["ann", "bob"] and len(again.codebook) == 3
        m = again.memos().set_index("text")
        assert m.loc["Reflexive note", "author"] == "ann"
        assert again.corpus.participants["participant_id"].tolist() == ["P01", "P02", "P03"]
