"""Bad and hostile input (#10): every reader and importer against a corpus of hostile files.

Each hostile file is made by the test in ``tmp_path`` (no binary fixtures). Every
(reader, hostile input) pair must end in a :class:`~qualkit.errors.QualkitError`
whose message names the file and the place (line, row, member, position ...) --
never an exception from lxml, zipfile, PyYAML, pandas or openpyxl, never a hang.
"""

from __future__ import annotations

import io
import re
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import qualkit as qk
from qualkit.codebook import Codebook
from qualkit.errors import QualkitError

# ----------------------------------------------------------------------------- building blocks
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
      '</Types>')
GOOD_TXT = "Facilitator: Welcome.\nP01: Thanks for having me.\nP02: Glad to be here.\n"
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                    for i in range(1, 10))
          + "]>")
XXE = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _docx_xml(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{W_NS}">'
            f"<w:body>{body}</w:body></w:document>")


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


GOOD_BODY = "".join(_para(t) for t in ("Facilitator: Welcome.", "P01: Thanks.", "P02: Hello."))


def _zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _docx(path: Path, document_xml: str) -> Path:
    return _zip(path, {"[Content_Types].xml": CT, "word/document.xml": document_xml})


def _bomb_zip(path: Path, member: str, megabytes: int = 300,
              extra: dict[str, str] | None = None) -> Path:
    """A member of ``megabytes`` MB of zeros, streamed (about 1.3 MB on disk, 0.3 s)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in (extra or {}).items():
            z.writestr(name, data)
        with z.open(member, "w", force_zip64=True) as fh:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                fh.write(chunk)
    return path


def _truncate(path: Path, keep: float = 0.6) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


MIXED = "P01: caf\u00e9 is fine\n".encode() + "P02: na\u00efve \u201cquoted\u201d\n".encode("cp1252")


def _qde(body: str = "", doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>{doctype}<Project xmlns="urn:QDA-XML:project:1.0"'
            f' name="p">{body}</Project>')


def _qdc(codes: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>{doctype}<CodeBook '
            f'xmlns="urn:QDA-XML:codebook:1.0" origin="t"><Codes>{codes}</Codes></CodeBook>')


G1, G2 = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"


# ----------------------------------------------------------------------------- the matrix
# (reader, hostile input) -> (file name, builder(path) -> path, regex for the place)
Builder = Callable[[Path], Path]


def _bytes(data: bytes) -> Builder:
    def build(p: Path) -> Path:
        p.write_bytes(data)
        return p
    return build


def _text(s: str) -> Builder:
    return _bytes(s.encode("utf-8"))


def _then_truncate(build: Builder) -> Builder:
    return lambda p: _truncate(build(p))


_good_docx: Builder = lambda p: _docx(p, _docx_xml(GOOD_BODY))  # noqa: E731
_good_xlsx: Builder = lambda p: _xlsx(p, [["speaker", "text"], ["P01", "hi"], ["P02", "yo"]])  # noqa: E731

TRANSCRIPT_CASES: dict[str, tuple[str, Builder, str]] = {
    # --- .txt
    "txt-empty": ("t.txt", _bytes(b""), r"empty"),
    "txt-blank": ("t.txt", _bytes(b" \n\n\t\n"), r"empty"),
    "txt-binary": ("t.txt", _bytes(b"P01: hi\n" + bytes(range(32)) * 8), r"line 2, column 1"),
    "txt-no-labels": ("t.txt", _text("just prose\nwith no speakers at all\n"), r"first \d+ lines"),
    "txt-utf16-odd-bytes": ("t.txt", _bytes(b"\xff\xfeP\x000\x001"), r"line 1 \(byte \d+\)"),
    # --- .docx
    "docx-empty": ("t.docx", _bytes(b""), r"empty"),
    "docx-truncated": ("t.docx", _then_truncate(_good_docx), r"ZIP|archive|corrupt"),
    "docx-zip-not-docx": ("t.docx", lambda p: _zip(p, {"hello.txt": "hi"}), r"word/document\.xml"),
    "docx-plain-text": ("t.docx", _text(GOOD_TXT), r"ZIP"),
    "docx-bomb": ("t.docx", lambda p: _bomb_zip(p, "word/document.xml", extra={
        "[Content_Types].xml": CT}), r"word/document\.xml.*zip bomb"),
    "docx-billion-laughs": ("t.docx", lambda p: _docx(p, _docx_xml(
        GOOD_BODY + _para("P01: &lol9;"), LAUGHS)), r"word/document\.xml.*(DTD|entit)"),
    "docx-xxe": ("t.docx", lambda p: _docx(p, _docx_xml(GOOD_BODY + _para("P01: &xxe;"), XXE)),
                 r"word/document\.xml.*(DTD|entit)"),
    "docx-not-xml": ("t.docx", lambda p: _docx(p, "P01: this is not XML <<<"),
                     r"word/document\.xml.*(line|well-formed)"),
    "docx-no-body": ("t.docx", lambda p: _docx(p, f'<w:document xmlns:w="{W_NS}"/>'),
                     r"word/document\.xml"),
    "docx-crc-mismatch": ("t.docx", lambda p: _corrupt_member(_good_docx(p), "word/document.xml"),
                          r"corrupt|word/document\.xml"),
    # --- .vtt
    "vtt-empty": ("t.vtt", _bytes(b""), r"empty"),
    "vtt-no-header": ("t.vtt", _text("00:00:01.000 --> 00:00:02.000\nP01: hi\n"), r"line 1"),
    "vtt-broken-timestamp": ("t.vtt", _text(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nP01: hi\n\n2\n00:00:3.0 -> 00:00:04\nP02: yo\n"),
        r"line 8"),
    "vtt-end-before-start": ("t.vtt", _text(
        "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nP01: hi\n"), r"line 3"),
    "vtt-huge-hours": ("t.vtt", _text("WEBVTT\n\n" + "9" * 5000 + ":00:01.000 --> 0:00:02.000\n"
                                      "P01: hi\n"), r"line 3"),
    "vtt-no-timing": ("t.vtt", _text("WEBVTT\n\n1\nP01: hi there\n"), r"line \d"),
    # --- .srt
    "srt-empty": ("t.srt", _bytes(b""), r"empty"),
    "srt-broken-timestamp": ("t.srt", _text(
        "1\n00:00:01,000 --> 00:00:02,000\nP01: hi\n\n2\n00:00:03,000 -> 00:00:04,000\nP02: yo\n"),
        r"line 6"),
    "srt-bad-cue-number": ("t.srt", _text("one\n00:00:01,000 --> 00:00:02,000\nP01: hi\n"),
                           r"line 1"),
    "srt-end-before-start": ("t.srt", _text("1\n00:00:09,000 --> 00:00:02,000\nP01: hi\n"),
                             r"line 2"),
    # --- .csv
    "csv-empty": ("t.csv", _bytes(b""), r"empty"),
    "csv-header-only-blank": ("t.csv", _bytes(b",,\n,,\n"), r"empty"),
    "csv-no-speaker-column": ("t.csv", _text("who_knows,what\nP01,hi\n"), r"columns"),
    "csv-bad-time": ("t.csv", _text("speaker,text,start\nP01,hi,soon\n"), r"row 2"),
    # text before the first speaker is a note (tests/io/test_table.py); with no speaker
    # anywhere the table is refused, naming the first row
    "csv-text-without-speaker": ("t.csv", _text("speaker,text\n,orphan text\n,more\n"), r"row 2"),
    # --- .xlsx
    "xlsx-empty": ("t.xlsx", _bytes(b""), r"empty"),
    "xlsx-truncated": ("t.xlsx", _then_truncate(_good_xlsx), r"row 1|xlsx"),
    "xlsx-zip-not-xlsx": ("t.xlsx", lambda p: _zip(p, {"hello.txt": "hi"}), r"row 1|xlsx"),
    "xlsx-bomb": ("t.xlsx", lambda p: _xlsx_bomb(p), r"xl/worksheets/sheet1\.xml|row \d"),
    "xlsx-billion-laughs": ("t.xlsx", lambda p: _xlsx_entities(p, LAUGHS, "&lol9;"),
                            r"row \d|sheet|xml"),
    "xlsx-xxe": ("t.xlsx", lambda p: _xlsx_entities(p, XXE, "&xxe;"), r"row \d|sheet|xml"),
    "xlsx-no-columns": ("t.xlsx", lambda p: _xlsx(p, [["a", "b"], [1, 2]]), r"columns"),
}


def _corrupt_member(path: Path, member: str) -> Path:
    """Flip bytes inside a member's compressed data (bad CRC / bad deflate stream)."""
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 2, min(start + info.compress_size - 2, start + 40)):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def _xlsx_parts(path: Path) -> dict[str, bytes]:
    _good_xlsx(path)
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _xlsx_bomb(path: Path) -> Path:
    parts = _xlsx_parts(path)
    sheet = "xl/worksheets/sheet1.xml"
    return _bomb_zip(path, sheet, extra={k: v for k, v in parts.items() if k != sheet})


def _xlsx_entities(path: Path, doctype: str, ref: str) -> Path:
    parts = _xlsx_parts(path)
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()
    xml = re.sub(r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + doctype, xml, count=1)
    xml = xml.replace("</sheetData>", f'<row r="9"><c r="A9" t="inlineStr"><is><t>{ref}</t></is>'
                                      "</c></row></sheetData>")
    parts[sheet] = xml.encode()
    return _zip(path, parts)


def _assert_qualkit_error(exc: BaseException, path: Path, place: str) -> None:
    assert isinstance(exc, QualkitError), f"{type(exc).__module__}.{type(exc).__name__}: {exc}"
    msg = str(exc)
    assert re.match(r"^\[Q\d{3}\]", msg), msg
    assert path.name in msg, f"message does not name the file {path.name}: {msg}"
    assert re.search(place, msg, re.S | re.I), f"message does not name the place {place!r}: {msg}"


def _run(fn: Callable[[Path], object], path: Path, place: str, seconds: float = 120.0) -> None:
    # A hang guard against exponential blow-ups (bombs), not a speed target: speed lives in benchmarks/.
    t0 = time.perf_counter()
    with pytest.raises(Exception) as info:
        fn(path)
    assert time.perf_counter() - t0 < seconds
    _assert_qualkit_error(info.value, path, place)


@pytest.mark.parametrize("case", sorted(TRANSCRIPT_CASES))
def test_hostile_read_transcript(tmp_path: Path, case: str) -> None:
    name, build, place = TRANSCRIPT_CASES[case]
    path = build(tmp_path / name)
    _run(qk.read_transcript, path, place)


# read_transcripts on a folder: the failing file is named, with its place, among good files.
FOLDER_CASES = ["txt-binary", "docx-truncated", "docx-bomb", "docx-billion-laughs",
                "vtt-broken-timestamp", "srt-broken-timestamp", "csv-bad-time",
                "xlsx-truncated", "docx-empty"]


@pytest.mark.parametrize("case", FOLDER_CASES)
def test_hostile_read_transcripts_folder(tmp_path: Path, case: str) -> None:
    name, build, place = TRANSCRIPT_CASES[case]
    (tmp_path / "fg1_session1.txt").write_text(GOOD_TXT, encoding="utf-8")
    bad = build(tmp_path / f"fg2_bad{Path(name).suffix}")
    _run(qk.read_transcripts, tmp_path, place)
    with pytest.raises(QualkitError) as info:
        qk.read_transcripts(tmp_path)
    assert bad.name in str(info.value)
    # errors="warn" loads the good file and warns, naming the bad one
    with pytest.warns(qk.errors.QualkitWarning, match=re.escape(bad.name)):
        corpus = qk.read_transcripts(tmp_path, errors="warn")
    assert list(corpus.utterances["transcript_id"].unique()) == ["fg1_session1"]


def test_hostile_read_transcripts_several_bad_files(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    for case in ("docx-truncated", "vtt-broken-timestamp", "txt-binary"):
        name, build, _ = TRANSCRIPT_CASES[case]
        build(tmp_path / f"bad_{case}{Path(name).suffix}")
    with pytest.raises(QualkitError, match=r"\[Q110\] 3 of 4") as info:
        qk.read_transcripts(tmp_path)
    for case in ("docx-truncated", "vtt-broken-timestamp", "txt-binary"):
        assert f"bad_{case}" in str(info.value)


# Mixed encodings and control characters are read, with a warning naming the line: each
# stray byte as Windows-1252 (the rest as UTF-8), control characters removed.
WARNED_CASES: dict[str, tuple[str, Builder, str]] = {
    "txt-mixed-encodings": ("t.txt", _bytes(MIXED), r"W121.*line 2\)"),
    "txt-nul-bytes": ("t.txt", _bytes(b"P01: hi\nP02: \x00\x00\x01binary\n"),
                      r"W122.*line 2, column 6"),
    "vtt-mixed-encodings": ("t.vtt", _bytes(b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + MIXED),
                            r"W121.*line 5\)"),
    "srt-mixed-encodings": ("t.srt", _bytes(b"1\n00:00:01,000 --> 00:00:02,000\n" + MIXED),
                            r"W121.*line 4\)"),
    "csv-mixed-encodings": ("t.csv", _bytes(b"speaker,text\n" + MIXED.replace(b": ", b",")),
                            r"W121.*line 3\)"),
    "csv-nul-bytes": ("t.csv", _bytes(b"speaker,text\nP01,hi\x00there\n"),
                      r"W122.*line 2, column 7"),
}


@pytest.mark.parametrize("case", sorted(WARNED_CASES))
def test_hostile_read_transcript_warned(tmp_path: Path, case: str) -> None:
    name, build, place = WARNED_CASES[case]
    path = build(tmp_path / name)
    with pytest.warns(qk.errors.QualkitWarning, match=place) as rec:
        t = qk.read_transcript(path)
    assert all(path.name in str(w.message) for w in rec)
    assert "\x00" not in t.text and "\ufffd" not in t.text
    if "mixed" in case:
        assert "na\u00efve \u201cquoted\u201d" in t.text and "caf\u00e9" in t.text


# ----------------------------------------------------------------------------- codebooks
def _yaml_alias_bomb(p: Path) -> Path:
    """Nested aliases: 9 levels of 10 references each would be 10**9 codes when walked."""
    lines = ["x0: &x0 {id: leaf, name: Leaf}"]
    for i in range(1, 10):
        refs = ", ".join([f"*x{i - 1}"] * 10)
        lines.append(f"x{i}: &x{i} {{id: n{i}, name: N{i}, children: [{refs}]}}")
    lines.append("codes: [*x9]")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


CODEBOOK_CASES: dict[str, tuple[str, Builder, str]] = {
    # --- YAML
    "yaml-empty": ("cb.yaml", _bytes(b""), r"line 1"),
    "yaml-not-yaml": ("cb.yaml", _text("codes:\n  - id: a\n    name: [unclosed\n"), r"line \d"),
    "yaml-cycle": ("cb.yaml", _text(
        "codes:\n  - {id: a, name: A, parent: b}\n  - {id: b, name: B, parent: a}\n"),
        r"line \d.*cycle"),
    "yaml-duplicate-ids": ("cb.yaml", _text(
        "codes:\n  - {id: a, name: A}\n  - {id: a, name: Again}\n"), r"line 3.*duplicate"),
    "yaml-mixed-encodings": ("cb.yaml", _bytes(
        "codes:\n  - {id: a, name: caf\u00e9}\n".encode() + "  - {id: b, name: \u201cb\u201d}\n"
        .encode("cp1252")), r"line \d|position \d+|byte \d+"),
    "yaml-alias-bomb": ("cb.yaml", _yaml_alias_bomb, r"line \d"),
    "yaml-python-tag": ("cb.yaml", _text("codes: !!python/object/apply:os.system ['true']\n"),
                        r"line \d"),
    "yaml-scalar": ("cb.yaml", _text("just a string\n"), r"line 1"),
    # --- CSV
    "csv-empty": ("cb.csv", _bytes(b""), r"row 1|line 1"),
    "csv-cycle": ("cb.csv", _text("id,name,parent\na,A,c\nb,B,a\nc,C,b\n"), r"row \d.*cycle"),
    "csv-duplicate-ids": ("cb.csv", _text("id,name\na,A\nb,B\na,A2\n"), r"row 4.*duplicate"),
    "csv-mixed-encodings": ("cb.csv", _bytes(b"id,name\n" + "a,caf\u00e9\n".encode()
                                             + "b,\u201cb\u201d\n".encode("cp1252")),
                            r"row \d|position \d+|byte \d+"),
    "csv-no-id-column": ("cb.csv", _text("code,label\na,A\n"), r"id"),
    "csv-ragged": ("cb.csv", _text("id,name\na,A\nb,B,extra,more\n"), r"row|line \d"),
    # --- XLSX
    "xlsx-empty": ("cb.xlsx", _bytes(b""), r"row 1|xlsx|empty"),
    "xlsx-truncated": ("cb.xlsx", _then_truncate(lambda p: _xlsx(p, [["id", "name"], ["a", "A"]])),
                       r"row 1|xlsx"),
    "xlsx-zip-not-xlsx": ("cb.xlsx", lambda p: _zip(p, {"hello.txt": "hi"}), r"row 1|xlsx"),
    "xlsx-cycle": ("cb.xlsx", lambda p: _xlsx(p, [["id", "name", "parent"], ["a", "A", "b"],
                                                  ["b", "B", "a"]]), r"row \d.*cycle"),
    "xlsx-duplicate-ids": ("cb.xlsx", lambda p: _xlsx(p, [["id", "name"], ["a", "A"], ["a", "B"]]),
                           r"row 3.*duplicate"),
    # --- QDC
    "qdc-empty": ("cb.qdc", _bytes(b""), r"cb\.qdc.*(line|member)"),
    "qdc-not-xml": ("cb.qdc", _text("<CodeBook><Codes>"), r"line \d"),
    "qdc-billion-laughs": ("cb.qdc", _text(_qdc(
        f'<Code guid="{G1}" name="&lol9;" isCodable="true"/>', LAUGHS)), r"member 'cb\.qdc'"),
    "qdc-xxe": ("cb.qdc", _text(_qdc(f'<Code guid="{G1}" name="&xxe;" isCodable="true"/>', XXE)),
                r"member 'cb\.qdc'"),
    "qdc-wrong-root": ("cb.qdc", _text('<Project xmlns="urn:QDA-XML:project:1.0"/>'),
                       r"member 'cb\.qdc'.*root"),
    "qdc-duplicate-guids": ("cb.qdc", _text(_qdc(
        f'<Code guid="{G1}" name="A" isCodable="true"/><Code guid="{G1}" name="B" '
        'isCodable="true"/>')), r"duplicate"),
    "qdc-bomb-text": ("cb.qdc", _bytes(_qdc("").encode() + b" " * 10 + b"<!--" + b"x" * 10),
                      r"line \d"),
}


@pytest.mark.parametrize("case", sorted(CODEBOOK_CASES))
def test_hostile_codebook_read(tmp_path: Path, case: str) -> None:
    name, build, place = CODEBOOK_CASES[case]
    path = build(tmp_path / name)
    _run(Codebook.read, path, place)


# ----------------------------------------------------------------------------- REFI-QDA projects
def _qdpx(members: dict[str, str | bytes]) -> Builder:
    return lambda p: _zip(p, members)


_GOOD_QDE = _qde()
QDPX_CASES: dict[str, tuple[str, Builder, str]] = {
    "qdpx-empty": ("p.qdpx", _bytes(b""), r"ZIP|zip"),
    "qdpx-not-zip": ("p.qdpx", _text(GOOD_TXT), r"ZIP|zip"),
    "qdpx-truncated": ("p.qdpx", _then_truncate(_qdpx({"project.qde": _GOOD_QDE * 1,
                                                        "sources/a.txt": GOOD_TXT * 50})),
                       r"ZIP|zip|member"),
    "qdpx-dotdot": ("p.qdpx", _qdpx({"project.qde": _GOOD_QDE, "../../evil.txt": "x"}),
                    r"member '\.\./\.\./evil\.txt'"),
    "qdpx-absolute": ("p.qdpx", _qdpx({"project.qde": _GOOD_QDE, "/etc/evil": "x"}),
                      r"member '/etc/evil'"),
    "qdpx-backslash": ("p.qdpx", _qdpx({"project.qde": _GOOD_QDE, "sources\\..\\..\\evil": "x"}),
                       r"member 'sources\\\\\.\.\\\\\.\.\\\\evil'"),
    "qdpx-drive": ("p.qdpx", _qdpx({"project.qde": _GOOD_QDE, "C:/evil": "x"}), r"member 'C:/evil'"),
    "qdpx-no-qde": ("p.qdpx", _qdpx({"sources/a.txt": "x"}), r"sources/a\.txt|project\.qde"),
    "qdpx-billion-laughs": ("p.qdpx", _qdpx({"project.qde": _qde("", LAUGHS)}),
                            r"member 'project\.qde'"),
    "qdpx-xxe": ("p.qdpx", _qdpx({"project.qde": _qde("", XXE)}), r"member 'project\.qde'"),
    "qdpx-not-xml": ("p.qdpx", _qdpx({"project.qde": "<Project"}), r"member 'project\.qde'.*line"),
    "qdpx-bomb": ("p.qdpx", lambda p: _bomb_zip(p, "sources/big.txt",
                                                extra={"project.qde": _GOOD_QDE}),
                  r"member 'sources/big\.txt'"),
    "qdpx-bomb-qde": ("p.qdpx", lambda p: _bomb_zip(p, "project.qde"), r"member 'project\.qde'"),
    "qdpx-qdc-billion-laughs": ("p.qdpx", _qdpx({"project.qde": _qde(
        f'<CodeBook><Codes><Code guid="{G1}" name="&lol9;" isCodable="true"/></Codes></CodeBook>',
        LAUGHS)}), r"member 'project\.qde'"),
}


@pytest.mark.parametrize("case", sorted(QDPX_CASES))
def test_hostile_read_qdpx(tmp_path: Path, case: str) -> None:
    name, build, place = QDPX_CASES[case]
    path = build(tmp_path / name)
    _run(qk.read_qdpx, path, place)
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


# ----------------------------------------------------------------------------- size and memory
def test_hostile_txt_50mb_single_line(tmp_path: Path) -> None:
    """A 50 MB line: refused or read, in bounded time and memory (not a blow-up)."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.write(b"P01: ")
        chunk = b"word " * (1 << 18)  # 1.25 MB
        for _ in range(40):
            fh.write(chunk)
    size = path.stat().st_size
    assert size >= 50 * 1024 * 1024
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        t = qk.read_transcript(path)
    except QualkitError as exc:
        _assert_qualkit_error(exc, path, r"\d+ bytes|line \d")
    else:
        u = t.utterances
        assert len(u) == 1 and u["speaker"].iloc[0] == "P01"
        assert t.text[u["start"].iloc[0]:u["end"].iloc[0]] == u["text"].iloc[0]
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 120, elapsed   # hang guard only; speed is measured in benchmarks/
    assert peak < 6 * size, f"peak {peak / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB file"


def test_hostile_size_limit_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files over the size limit are refused before they are read (limit lowered for speed)."""
    from qualkit.io import _common

    monkeypatch.setattr(_common, "MAX_TRANSCRIPT_BYTES", 1000)
    for suffix in (".txt", ".vtt", ".srt"):
        path = tmp_path / f"big{suffix}"
        path.write_text("P01: " + "x" * 2000 + "\n", encoding="utf-8")
        _run(qk.read_transcript, path, r"2006 bytes.*limit of 1000")


def test_hostile_docx_bomb_lowered_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A member that is small on disk but over the (lowered) size limit is refused."""
    from qualkit.io import _docx as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_XML_BYTES", 10_000)
    path = _docx(tmp_path / "big.docx", _docx_xml(GOOD_BODY * 200))
    _run(qk.read_transcript, path, r"word/document\.xml.*limit of 10000")


def test_hostile_docx_bomb_memory(tmp_path: Path) -> None:
    """The 300 MB bomb is refused from the directory, without decompressing it."""
    path = _bomb_zip(tmp_path / "bomb.docx", "word/document.xml", extra={"[Content_Types].xml": CT})
    tracemalloc.start()
    with pytest.raises(QualkitError):
        qk.read_transcript(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 * 2**20


def test_hostile_qdpx_member_bytes_beyond_declared(tmp_path: Path) -> None:
    """A member whose directory entry understates its size is caught while reading."""
    path = tmp_path / "lying.qdpx"
    src = GOOD_TXT * 2000
    _zip(path, {"project.qde": _qde(), "sources/a.txt": src})
    data = bytearray(path.read_bytes())
    # patch the central directory's uncompressed size of sources/a.txt to 10 bytes
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("sources/a.txt")
    cd = data.rfind(b"PK\x01\x02", 0, data.rfind(b"sources/a.txt"))
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    from qualkit.io._safe import SafeArchive

    with SafeArchive(path) as arc:
        with pytest.raises(QualkitError, match=r"lying\.qdpx.*member 'sources/a\.txt'"):
            arc.read("sources/a.txt")
    assert info.file_size == len(src)
