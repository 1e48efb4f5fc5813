"""REFI-QDA import loses nothing silently (issue #18, items 7 and 8).

Hand-written fixtures in the styles real tools write: every selection that cannot be
placed is reported with W401 and the rest kept; users of one name stay apart; sources
are decoded by evidence with a warning; NULs are stripped with a warning and positions
mapped around them; the position map is sparse; archives are bounded by total text and
member count; code trees thousands of levels deep read and write; code ids survive a
round trip, and other tools' codes get readable ids.
"""

from __future__ import annotations

import codecs
import re
import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import UnsafeArchiveError
from qualkit.io._qdc import read_qdc_table, write_qdc
from qualkit.io._safe import SafeArchive
from qualkit.io.qdpx import (QdpxWarning, _load_text, _PositionMap, _utf16_codec,
                              normalise_newlines)

NS = "urn:QDA-XML:project:1.0"
G = "{:08X}-0000-4000-8000-000000000000".format


def _qdpx(tmp_path, body: str, files=None, origin="SomeTool 1.0", name="p.qdpx"):
    qde = f'<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="{NS}" name="p" ' \
          f'origin="{origin}">{body}</Project>'
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", qde.encode("utf-8"))
        for member, data in (files or {}).items():
            z.writestr(member, data)
    return path


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        proj = qk.read_qdpx(path)
    return proj, [str(w.message) for w in caught if issubclass(w.category, QdpxWarning)]


def _sel(i, a, b, code=10, user=1):
    return (f'<PlainTextSelection guid="{G(100 + i)}" name="" startPosition="{a}" '
            f'endPosition="{b}" creatingUser="{G(user)}"><Coding guid="{G(200 + i)}" '
            f'creatingUser="{G(user)}"><CodeRef targetGUID="{G(code)}"/></Coding>'
            f'</PlainTextSelection>')


CODES = f'<CodeBook><Codes><Code guid="{G(10)}" name="Trust" isCodable="true"/></Codes></CodeBook>'
USERS = f'<Users><User guid="{G(1)}" name="Ann"/></Users>'


@pytest.mark.parametrize("crlf", [False, True])
def test_qdpx_reports_every_unplaceable_selection_and_keeps_the_rest(tmp_path, crlf):
    text = "Ann: one two three\nBob: four five six\n"
    raw = text.replace("\n", "\r\n") if crlf else text
    n = len(raw)
    four = raw.index("four")  # positions count code points of the file as it is
    sels = [_sel(0, 5, 8), _sel(1, 12, 5), _sel(2, -3, 4), _sel(3, 4, n + 40),
            _sel(4, n + 5, n + 9), _sel(5, 9, 9), _sel(6, four, four + 4)]
    sels.append('<PlainTextSelection guid="' + G(107) + '" startPosition="a" endPosition="3">'
                f'<Coding guid="{G(207)}"><CodeRef targetGUID="{G(10)}"/></Coding>'
                '</PlainTextSelection>')
    body = (USERS + CODES + f'<Sources><TextSource guid="{G(50)}" name="fg.txt" '
            f'plainTextPath="internal://{G(50)}.txt">{"".join(sels)}</TextSource></Sources>')
    proj, warned = _read(_qdpx(tmp_path, body, {f"sources/{G(50)}.txt": raw.encode()}))
    c = proj.codings()
    assert len(c) == 2  # the two placeable selections are kept
    t = proj.corpus["fg"].text
    assert [t[s:e] for s, e in zip(c.start, c.end)] == ["one", "four"]
    (msg,) = [w for w in warned if "cannot be placed" in w]
    assert "6 of 8 selections cannot be placed in the text and were skipped (the other 2 were " \
           "kept)" in msg
    for i, why in ((1, r"\[12, 5\): reversed"), (2, r"\[-3, 4\): negative"),
                   (3, r"\[4, \d+\): outside the text"), (4, r"\[\d+, \d+\): outside the text"),
                   (5, r"\[9, 9\): empty"),
                   (7, r"\[shape 'x' \(1 character\), 3\): positions are not whole numbers")):
        assert re.search(G(100 + i).lower() + r" " + why, msg), (i, msg)
    assert "one two" not in msg and "four" not in msg  # no transcript text in messages


def test_qdpx_users_with_one_name_stay_apart(tmp_path):
    users = (f'<Users><User guid="{G(1)}" name="Sam"/><User guid="{G(2)}" name="Sam"/>'
             f'<User guid="{G(3)}" name="Sam (2)"/><User guid="{G(4)}" name="Sam"/></Users>')
    text = "a b c d e f g h"
    sels = "".join(_sel(i, 2 * i, 2 * i + 1, user=i + 1) for i in range(4))
    body = users + CODES + (f'<Sources><TextSource guid="{G(50)}" name="s">'
                            f'<PlainTextContent>{text}</PlainTextContent>{sels}'
                            '</TextSource></Sources>')
    proj, _ = _read(_qdpx(tmp_path, body))
    assert proj.codings()["coder"].tolist() == ["Sam", "Sam (2)", "Sam (2) (2)", "Sam (3)"]
    assert len(set(proj.codings()["coder"])) == 4


@pytest.mark.parametrize("encoding,raw,expect", [
    ("cp1252", "Caf\u00e9 talk: na\u00efve \u2013 fine".encode("cp1252"),
     r"not UTF-8 \(byte 3 and \d+ other\(s\) fit no UTF-8 sequence, and 0 do\): read as "
     r"Windows-1252"),
    ("utf-16-le", "Caf\u00e9 talk: fine \U0001F600 ok".encode("utf-16-le"),
     r"no byte-order mark, but \d+ of \d+ odd bytes are 0: read as UTF-16-LE"),
    ("utf-16-be", "Caf\u00e9 talk: fine ok".encode("utf-16-be"),
     r"no byte-order mark, but \d+ of \d+ even bytes are 0: read as UTF-16-BE"),
])
def test_qdpx_decodes_by_evidence_and_warns(tmp_path, encoding, raw, expect):
    body = USERS + CODES + (f'<Sources><TextSource guid="{G(50)}" name="s" plainTextPath='
                            f'"internal://{G(50)}.txt">{_sel(0, 0, 4)}</TextSource></Sources>')
    proj, warned = _read(_qdpx(tmp_path, body, {f"sources/{G(50)}.txt": raw}))
    text = proj.corpus["s"].text
    assert text == raw.decode(encoding)
    assert proj.codings()["text"].tolist() == ["Caf\u00e9"]
    assert any(re.search(expect, w) for w in warned), warned


def test_qdpx_mostly_utf8_with_bad_bytes_is_repaired_and_reported(tmp_path):
    good = "Caf\u00e9 \u2013 na\u00efve \u00fcber ".encode("utf-8") * 20
    cut = good.index(b" ", 48) + 1  # between characters
    raw = good[:cut] + b"\xff\xfe" + good[cut:] + b"\x80"
    body = USERS + CODES + (f'<Sources><TextSource guid="{G(50)}" name="s" plainTextPath='
                            f'"internal://{G(50)}.txt">{_sel(0, 0, 4)}</TextSource></Sources>')
    proj, warned = _read(_qdpx(tmp_path, body, {f"sources/{G(50)}.txt": raw}))
    text = proj.corpus["s"].text
    assert text.count("\ufffd") == 3 and text.startswith("Caf\u00e9")
    assert any(f"not valid UTF-8: 3 byte(s) (the first at byte {cut}) fit no UTF-8 sequence"
               in w for w in warned), warned


def test_qdpx_nul_characters_are_stripped_with_a_warning(tmp_path):
    raw = "P01: first\x00 part\nP02: after \x00\x00the nul"
    norm = "P01: first part\nP02: after the nul"
    a = raw.index("after")
    b = raw.index("nul", a) + 3
    body = USERS + CODES + (f'<Sources><TextSource guid="{G(50)}" name="s" plainTextPath='
                            f'"internal://{G(50)}.txt">{_sel(0, a, b)}{_sel(1, 5, 16)}'
                            '</TextSource></Sources>')
    path = _qdpx(tmp_path, body, {f"sources/{G(50)}.txt": raw.encode("utf-8")})
    proj, warned = _read(path)
    assert proj.corpus["s"].text == norm
    assert proj.codings()["text"].tolist() == ["after the nul", "first part"]
    assert any("3 NUL character(s) (U+0000; the first at character 10) were removed" in w
               for w in warned), warned
    with pytest.warns(QdpxWarning, match="NUL"):  # and it can be stored
        stored = qk.read_qdpx(path, project_path=tmp_path / "s.qkproj")
    assert stored.corpus["s"].text == norm
    stored.close()


# ---------------------------------------------------------------------------- positions
def _reference(raw: str, convention: str, pos: int) -> int | None:
    """The dense map (one entry per character) the sparse one must agree with."""
    widths, norm_w = [], []
    for i, ch in enumerate(raw):
        lf_after_cr = ch == "\n" and i and raw[i - 1] == "\r"
        u16 = 2 if ord(ch) > 0xFFFF else 1
        lf = 0 if lf_after_cr else 1
        widths.append({"codepoint": 1, "codepoint_lf": lf, "utf16": u16,
                       "utf16_lf": u16 * lf}[convention])
        norm_w.append(0 if lf_after_cr or ch == "\x00" else 1)
    cum = np.concatenate([[0], np.cumsum(widths)]).astype(int)
    ncum = np.concatenate([[0], np.cumsum(norm_w)]).astype(int)
    if pos < 0 or pos > cum[-1]:
        return None
    idx = int(np.searchsorted(cum, pos, side="left"))
    return None if cum[idx] != pos else int(ncum[idx])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \r\n\x00\u00e9\U0001F600\U0001F389")),
               max_size=30),
       st.sampled_from(["codepoint", "codepoint_lf", "utf16", "utf16_lf"]),
       st.integers(-2, 70))
def test_qdpx_sparse_position_map_equals_dense_reference(raw, convention, pos):
    pm = _PositionMap(raw)
    got = pm.to_norm(convention, pos)
    assert got == _reference(raw, convention, pos)
    if got is not None:
        assert 0 <= got <= len(normalise_newlines(raw))


def test_qdpx_position_map_is_proportional_to_special_characters():
    plain = "word " * 1_000_000
    pm = _PositionMap(plain)
    assert pm.trivial and pm.lf.nbytes == pm.astral.nbytes == pm.dropped.nbytes == 0
    assert pm.to_norm("utf16_lf", 123_456) == 123_456
    mixed = ("line one\r\n" * 1000 + "x" * 1_000_000 + "\U0001F600" * 10)
    pm = _PositionMap(mixed)
    held = pm.lf.nbytes + pm.astral.nbytes + pm.dropped.nbytes + pm.astral_lf.nbytes
    assert held == 8 * (1000 + 10 + 1000 + 10)  # eight bytes per special character only
    assert pm.to_norm("utf16", len(mixed.encode("utf-16-le")) // 2) == len(
        normalise_newlines(mixed))


# ---------------------------------------------------------------------------- archives
def test_qdpx_archive_of_many_exact_megabyte_members_is_refused_before_reading(tmp_path):
    path = tmp_path / "many.qdpx"
    block = b"\x00" * 1_000_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("project.qde", f'<Project xmlns="{NS}" name="p"/>')
        for i in range(1000):
            z.writestr(f"sources/{i}.txt", block)
    with pytest.raises(UnsafeArchiveError, match=r"\[Q403\] .*many\.qdpx: member '\*': total "
                                                 r"uncompressed size of the text members "
                                                 r"\(\.qde, \.txt, \.xml\) 10000000\d\d bytes"):
        SafeArchive(path, max_ratio=10**6)  # the total alone refuses it
    with pytest.raises(UnsafeArchiveError, match=r"\[Q403\] .*many\.qdpx: "):
        qk.read_qdpx(path)


def test_qdpx_archive_limits_count_text_and_ratio(tmp_path):
    path = tmp_path / "a.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", "<x/>")
        z.writestr("sources/zeros.txt", b"\x00" * 70_000)          # ratio far above 200
        z.writestr("sources/video.mp4", np.random.default_rng(0).bytes(300_000))
    with pytest.raises(UnsafeArchiveError, match=r"zeros\.txt': compression ratio \d+:1"):
        SafeArchive(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", "<x/>")
        for i in range(30):
            z.writestr(f"sources/{i}.txt", np.random.default_rng(i).bytes(20_000))
        z.writestr("sources/video.mp4", np.random.default_rng(0).bytes(300_000))
    with SafeArchive(path, max_text_bytes=700_000) as arc:  # media do not count as text
        assert len(arc.names) == 32
    with pytest.raises(UnsafeArchiveError, match=r"text members .* 600004 bytes; expected at "
                                                 r"most 500000 bytes"):
        SafeArchive(path, max_text_bytes=500_000)
    with pytest.raises(UnsafeArchiveError, match=r"holds 32 members, more than the limit of 31"):
        SafeArchive(path, max_members=31)
    with SafeArchive(path, max_text_bytes=700_000) as arc:
        arc.read("sources/0.txt")
        arc._budget = 10_000  # what is left of the text budget is checked before reading
        with pytest.raises(UnsafeArchiveError, match=r"more than the 10000 bytes left"):
            arc.read("sources/1.txt")


# ---------------------------------------------------------------------------- deep trees
def _deep(n: int) -> Codebook:
    return Codebook([Code(f"level{i}", f"Level {i}", parent=f"level{i - 1}" if i else None)
                     for i in range(n)])


def test_qdpx_deep_code_trees_read_and_write_without_recursion(tmp_path):
    cb = _deep(3000)
    write_qdc(cb, tmp_path / "deep.qdc")
    back = read_qdc_table(tmp_path / "deep.qdc")
    assert back["id"].tolist() == cb.ids and back["parent"].tolist()[-1] == "level2998"
    assert Codebook.read(tmp_path / "deep.qdc").depth("level2999") == 2999
    p = qk.Project.in_memory()
    p.add_corpus(Corpus([Transcript.from_turns("FG1", [Turn("P01", "deep thoughts here")])]))
    p.set_codebook(cb)
    p.code("ann", "FG1", 5, 9, "level2999")
    qk.write_qdpx(p, tmp_path / "deep.qdpx")
    again = qk.read_qdpx(tmp_path / "deep.qdpx")
    assert again.codebook.ids == cb.ids and again.codings()["code_id"].tolist() == ["level2999"]
    # YAML: a tree this deep is written flat (with parent fields) and reads back the same
    cb.write(tmp_path / "deep.yaml")
    assert Codebook.read(tmp_path / "deep.yaml") == cb
    assert "children:" not in (tmp_path / "deep.yaml").read_text()[:2000]


def test_qdpx_deep_csv_codebook_reads(tmp_path):
    pd.DataFrame({"id": [f"c{i}" for i in range(4000)], "name": [f"C {i}" for i in range(4000)],
                  "parent": [""] + [f"c{i - 1}" for i in range(1, 4000)]}).to_csv(
        tmp_path / "deep.csv", index=False)
    cb = Codebook.read(tmp_path / "deep.csv")
    assert len(cb) == 4000 and cb.depth("c3999") == 3999
    assert cb.descendants("c0")[-1] == "c3999" and cb.ancestors("c3")[0] == "c0"


# ---------------------------------------------------------------------------- code ids
def test_qdpx_round_trip_keeps_our_code_ids(tmp_path):
    cb = Codebook([Code("c01", "Trust", definition="Faith in others.", examples=("we trust",),
                        cues=("trust", "rely")),
                   Code("c01.a", "Trust in NHS", parent="c01", include="the NHS"),
                   Code("x-9", "Profit")])
    p = qk.Project.in_memory()
    p.add_corpus(Corpus([Transcript.from_turns("FG1", [Turn("P01", "I trust the NHS a lot")])]))
    p.set_codebook(cb)
    p.code("ann", "FG1", 5, 12, "c01.a")
    p.code("bob", "FG1", 5, 10, "x-9")
    qk.write_qdpx(p, tmp_path / "a.qdpx")
    back = qk.read_qdpx(tmp_path / "a.qdpx")
    assert back.codebook == cb  # ids, names, parents, definitions, examples and cues
    assert sorted(back.codings()["code_id"]) == ["c01.a", "x-9"]
    write_qdc(cb, tmp_path / "cb.qdc")
    assert Codebook.read(tmp_path / "cb.qdc") == cb


def test_qdpx_other_tools_codes_get_readable_unique_ids(tmp_path):
    codes = (f'<CodeBook><Codes><Code guid="{G(10)}" name="Trust in NHS" isCodable="true">'
             f'<Code guid="{G(11)}" name="Positive" isCodable="true"/></Code>'
             f'<Code guid="{G(12)}" name="Risk" isCodable="true">'
             f'<Code guid="{G(13)}" name="Positive" isCodable="true"/></Code>'
             f'<Code guid="{G(14)}" name="positive!" isCodable="true"/>'
             f'<Code guid="{G(15)}" name="Marked" isCodable="true"><Description>Means x.\n\n'
             f'qualkit id: c99</Description></Code>'
             f'<Code guid="{G(17)}" name="Again" isCodable="true"><Description>qualkit id: '
             f'c99</Description></Code>'
             f'<Code guid="{G(16)}" name="???" isCodable="true"/></Codes></CodeBook>')
    body = USERS + codes + (f'<Sources><TextSource guid="{G(50)}" name="s"><PlainTextContent>'
                            f'abc def</PlainTextContent>{_sel(0, 0, 3, code=13)}'
                            '</TextSource></Sources>')
    proj, _ = _read(_qdpx(tmp_path, body))
    cb = proj.codebook
    assert cb.ids == ["trust_in_nhs", "positive", "risk", "positive_2", "positive_3", "c99",
                      "again", "code"]
    assert cb["positive_2"].parent == "risk" and cb["c99"].definition == "Means x."
    assert proj.codings()["code_id"].tolist() == ["positive_2"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \r\n\x00\u00e9\u20ac\U0001F600\U0001F389")),
               max_size=40), st.booleans())
def test_qdpx_utf8_bytes_path_equals_the_string_path(raw, bom):
    """Large UTF-8 sources are normalised as bytes; the result must be the same."""
    data = bytearray((codecs.BOM_UTF8 if bom else b"") + raw.encode("utf-8"))
    assume(bom or _utf16_codec(data) is None)  # zero bytes in every other place read as UTF-16
    text, pm = _load_text(data, "a.qdpx", "s")
    ref = _PositionMap(raw)
    assert text == normalise_newlines(raw)
    assert (pm.n, pm.lf.tolist(), pm.astral.tolist(), pm.nul.tolist()) == (
        ref.n, ref.lf.tolist(), ref.astral.tolist(), ref.nul.tolist())


def test_qdpx_utf8_bytes_path_over_many_megabytes_counts_characters():
    line = "P01: caf\u00e9 \U0001F600 ok\r\n"
    raw = line * 200_000  # 3.8 MB, crosses the one-megabyte counting blocks
    text, pm = _load_text(bytearray(raw.encode("utf-8")), "a.qdpx", "s")
    assert pm.n == len(raw) and len(pm.lf) == len(pm.astral) == 200_000
    assert pm.lf[-1] == len(raw) - 1 and pm.astral[-1] == len(raw) - len(line) + 10
    assert text == raw.replace("\r\n", "\n")
