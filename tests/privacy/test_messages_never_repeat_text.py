"""No error, warning, log line or command output repeats transcript text.

A unique marker word (random consonants such as ``Zqxvbnkt``, drawn by
hypothesis) is planted in speech, speaker labels, participant attributes,
memos, codebook examples and file contents; then each path drives qualkit into
an error or a warning (malformed files of every format, quotes not found,
codebooks and codings that do not read, REFI-QDA archives, agreement input,
refused exports, the command line). Every exception message, warning message,
log record and everything written to stdout/stderr is captured, and the marker
must not be in any of it. Each path also names the code it expects to reach,
so a path that stops reaching its error fails instead of passing vacuously.
"""

from __future__ import annotations

import contextlib
import io
import logging
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit import agreement
from qualkit.cli import main
from qualkit.corpus import Corpus, Transcript, Turn

#: Random consonants after 'Zq': a word no template, path or option name holds.
MARKERS = st.from_regex(r"Zq[bcdfghjklmnpstvwxz]{6}", fullmatch=True)

SETTINGS = settings(max_examples=3, deadline=None, derandomize=True,
                    phases=[Phase.explicit, Phase.generate],  # any marker shows a leak
                    suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Path_:
    """One way into an error or warning: ``run(marker, folder)`` and the code it reaches."""

    name: str
    run: Callable[[str, Path], object]
    expect: str  # a catalogue code ("Q104"), or text every capture of the path holds

    def __repr__(self) -> str:
        return self.name


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def observe(fn: Callable[[], object]) -> str:
    """Everything a user could see from ``fn``: messages, warnings, log lines, output."""
    seen: list[str] = []
    out, err = io.StringIO(), io.StringIO()
    handler = _Records()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        with warnings.catch_warnings(record=True) as caught, \
                contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            warnings.simplefilter("always")
            try:
                fn()
            except SystemExit as exc:
                seen.append(f"exit {exc.code}")
            except Exception as exc:  # noqa: BLE001 - every error is observed
                e: BaseException | None = exc
                while e is not None:  # the message, and the errors a traceback shows
                    seen += [str(e), repr(e.args)]
                    e = e.__cause__ or (None if e.__suppress_context__ else e.__context__)
        seen += [str(w.message) for w in caught]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    seen += handler.lines + [out.getvalue(), err.getvalue()]
    return "\n".join(seen)


def check(path: Path_, marker: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="qk-leak-"))
    seen = observe(lambda: path.run(marker, folder))
    assert path.expect in seen, f"{path.name} did not reach {path.expect}:\n{seen}"
    assert marker.lower() not in seen.lower(), f"{path.name} repeats the text:\n{seen}"


# ----------------------------------------------------------------------------- helpers
def _write(folder: Path, name: str, data: str | bytes) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        p.write_text(data, encoding="utf-8")
    else:
        p.write_bytes(data)
    return p


def _zip(folder: Path, name: str, members: dict[str, str | bytes]) -> Path:
    p = folder / name
    with zipfile.ZipFile(p, "w") as z:
        for k, v in members.items():
            z.writestr(k, v)
    return p


def _docx(folder: Path, name: str, paragraphs: list[str]) -> Path:
    import docx

    d = docx.Document()
    for par in paragraphs:
        d.add_paragraph(par)
    p = folder / name
    d.save(str(p))
    return p


def _xlsx(folder: Path, name: str, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    p = folder / name
    wb.save(p)
    return p


_ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def _odt(folder: Path, name: str, body: str) -> Path:
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS}>'
               f"<office:body>{body}</office:body></office:document-content>")
    return _zip(folder, name, {"mimetype": "application/vnd.oasis.opendocument.text",
                               "content.xml": content})


def _read(p: Path, **kw: object) -> object:
    return qk.read_transcript(p, **kw)


def _turns(m: str) -> list[Turn]:
    return [Turn("Facilitator", "Welcome, everyone."),
            Turn(f"P01 {m}", f"I told {m} about it, {m} knows."),
            Turn("P02", "Me too, and I said it twice.")]


def _corpus(m: str) -> Corpus:
    t = Transcript.from_turns("fg1", _turns(m), group="G1")
    parts = pd.DataFrame({"participant_id": ["P01", "P02"], "job": [m, f"{m} nurse"]})
    return Corpus([t], parts)


def _project(m: str) -> qk.Project:
    p = qk.Project.in_memory()
    p.add_corpus(_corpus(m))
    p.set_codebook(qk.Codebook([qk.Code("risk", "Risk", examples=(f"{m} said so",)),
                                qk.Code("trust", "Trust")]))
    p.code("KS", "fg1", 0, 10, "risk", memo=f"memo about {m}")
    return p


#: An identifier the export scan finds, so that exports of a project holding it are refused.
IDENT = "07700 900123 or jo@example.org"


def _project_file(m: str, folder: Path) -> Path:
    path = folder / "study.qkproj"
    p = qk.Project.create(path)
    p.add_corpus(_corpus(m))
    p.set_codebook(qk.Codebook([qk.Code("risk", "Risk", examples=(f"{m} said so",)),
                                qk.Code("trust", "Trust")]))
    p.add_corpus(Corpus([Transcript.from_turns("fg2", [
        Turn("Facilitator", "Welcome."), Turn(f"P01 {m}", f"{m} says ring {IDENT}."),
        Turn("P02", f"Yes {m}, {IDENT}.")])]))
    text = p.corpus["fg2"].text
    s = text.index(m)
    p.code("KS", "fg2", s, len(text), "risk", memo=f"memo about {m} {IDENT}")
    p.code("KG", "fg2", s, len(text), "trust", memo=f"{m} again")
    p.close()
    return path


def _cli(*argv: object) -> Callable[[], object]:
    return lambda: main([str(a) for a in argv])


# ----------------------------------------------------------------------------- readers
def _txt_paths() -> list[Path_]:
    return [
        Path_("txt without speaker labels", lambda m, d: _read(_write(
            d, "a.txt", f"{m} spoke without a label\nand {m} went on\n")), "Q104"),
        Path_("txt with control characters", lambda m, d: _read(_write(
            d, "a.txt", f"P01: {m} said\x07 it\nP02: yes {m}\x01\n")), "W122"),
        Path_("txt mixed encodings", lambda m, d: _read(_write(
            d, "a.txt", f"P01: {m} caf\u00e9\nP02: na\u00efve {m}\n".encode()
            + f"P03: {m} \u00e9\n".encode("cp1252"))), "W121"),
        Path_("txt binary", lambda m, d: _read(_write(
            d, "a.txt", (f"P01: {m}" + "\x00\x01\x02\x03" * 30).encode())), "Q105"),
    ]


def _cue_paths() -> list[Path_]:
    return [
        Path_("vtt without header", lambda m, d: _read(_write(
            d, "a.vtt", f"{m} WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v {m}>hi\n")), "Q116"),
        Path_("vtt bad timing", lambda m, d: _read(_write(
            d, "a.vtt", f"WEBVTT\n\n00:00:01.000 -> {m}\n<v {m}>{m} spoke\n")), "Q10"),
        Path_("vtt timing with words", lambda m, d: _read(_write(
            d, "a.vtt", f"WEBVTT\n\n00:00:01.000 --> 00:00:0x {m}\n<v P01>{m} spoke\n")),
            "Q1"),
        Path_("srt bad cue number", lambda m, d: _read(_write(
            d, "a.srt", f"{m}\n00:00:01,000 --> 00:00:02,000\n{m}: hello\n")), "Q116"),
        Path_("srt bad timing", lambda m, d: _read(_write(
            d, "a.srt", f"1\n00:00:01,000 => {m}\n{m}: hello\n")), "Q1"),
    ]


def _table_paths() -> list[Path_]:
    return [
        Path_("csv without header", lambda m, d: _read(_write(
            d, "a.csv", f"{m},said {m} things\nP02,{m} agreed\n")), "Q108"),
        Path_("csv row too long", lambda m, d: _read(_write(
            d, "a.csv", f"speaker,text\nP01,{m} said,yes,{m}\n")), "Q109"),
        Path_("csv row too short", lambda m, d: _read(_write(
            d, "a.csv", f"start,speaker,text\n1,P01,{m} said\n{m} only\n")), "Q109"),
        Path_("csv no speaker", lambda m, d: _read(_write(
            d, "a.csv", f"speaker,text\n,{m} spoke first\n")), "Q109"),
        Path_("csv bad time", lambda m, d: _read(_write(
            d, "a.csv", f"start,speaker,text\n{m},P01,{m} said\n")), "Q109"),
        Path_("csv NUL", lambda m, d: _read(_write(
            d, "a.csv", f"speaker,text\nP01,{m}\x00 said\n")), "W122"),
        Path_("xlsx without header", lambda m, d: _read(_xlsx(
            d, "a.xlsx", {"S": [[m, f"said {m}"], ["P02", f"{m} too"]]})), "Q108"),
        Path_("xlsx sheet names", lambda m, d: _read(_xlsx(
            d, "a.xlsx", {f"{m} one": [["speaker", "text"], ["P01", "hi"]],
                          f"{m} two": [["speaker", "text"], ["P02", "yo"]]}), sheet=0),
            "W124"),
        Path_("xlsx no such sheet", lambda m, d: _read(_xlsx(
            d, "a.xlsx", {f"{m} one": [["speaker", "text"], ["P01", "hi"]]}), sheet="other"),
            "Q109"),
        Path_("xlsx not a workbook", lambda m, d: _read(_write(
            d, "a.xlsx", f"{m} is not a workbook")), "Q109"),
    ]


def _document_paths() -> list[Path_]:
    return [
        Path_("docx without labels", lambda m, d: _read(_docx(
            d, "a.docx", [f"{m} spoke", f"and {m} again"])), "Q104"),
        Path_("docx not a zip", lambda m, d: _read(_write(
            d, "a.docx", f"{m} plain text")), "Q106"),
        Path_("docx broken xml", lambda m, d: _read(_zip(
            d, "a.docx", {"word/document.xml": f"<w:document><w:body><{m}>{m}</w:body>"})),
            "Q106"),
        Path_("docx entity", lambda m, d: _read(_zip(d, "a.docx", {
            "word/document.xml": f'<!DOCTYPE d [<!ENTITY {m} "{m}">]><d>&{m};</d>'})),
            "Q106"),
        Path_("odt without labels", lambda m, d: _read(_odt(
            d, "a.odt", f"<office:text><text:p>{m} spoke</text:p><text:p>{m} on</text:p>"
            "</office:text>")), "Q104"),
        Path_("odt broken", lambda m, d: _read(_zip(
            d, "a.odt", {"content.xml": f"<office:document-content><{m}>"})), "Q120"),
        Path_("odt no text", lambda m, d: _read(_odt(d, "a.odt", f"<{m}/>")), "Q120"),
        Path_("rtf not rtf", lambda m, d: _read(_write(d, "a.rtf", f"{m} plain")), "Q120"),
        Path_("rtf without labels", lambda m, d: _read(_write(
            d, "a.rtf", f"{{\\rtf1 {m} spoke\\par and {m} again\\par}}")), "Q104"),
        Path_("rtf control escapes", lambda m, d: _read(_write(
            d, "a.rtf", f"{{\\rtf1 P01: {m}\\'07 said\\par P02: {m}\\par}}")), "W122"),
    ]


def _folder_paths() -> list[Path_]:
    def sidecar(m: str, d: Path, side: str) -> object:
        _write(d, "fg1_session1.txt", f"P01: {m} said\nP02: yes\n")
        _write(d, "fg1_session1.yaml", side)
        return qk.read_transcript(d / "fg1_session1.txt")

    def folder(m: str, d: Path, files: dict[str, str], errors: str = "raise") -> object:
        _write(d, "fg1.txt", f"P01: {m} said\nP02: yes\n")
        for k, v in files.items():
            _write(d, k, v)
        return qk.read_transcripts(d, errors=errors)

    return [
        Path_("sidecar session not a number", lambda m, d: sidecar(
            m, d, f"session: {m} two\n"), "Q111"),
        Path_("sidecar not YAML", lambda m, d: sidecar(
            m, d, f"group: [{m}\nnotes: '{m}\n"), "Q111"),
        Path_("sidecar YAML tab", lambda m, d: sidecar(
            m, d, f"group: G1\n\t{m}: x\n"), "Q111"),
        Path_("sidecar YAML tag", lambda m, d: sidecar(m, d, f"group: !{m} x\n"), "Q111"),
        Path_("sidecar not a mapping", lambda m, d: sidecar(m, d, f"- {m}\n"), "Q111"),
        Path_("participants without header", lambda m, d: qk.read_participants(_write(
            d, "participants.csv", f"P01,{m},45\nP02,{m} nurse,50\n")), "Q108"),
        Path_("participants duplicate id", lambda m, d: qk.read_participants(_write(
            d, "participants.csv", f"participant_id,job\nP01,{m}\nP01,{m} nurse\n")), "Q109"),
        Path_("participants bad csv", lambda m, d: qk.read_participants(_write(
            d, "participants.csv", f'participant_id,job\nP01,"{m}\nP02,{m}\n')), "Q1"),
        Path_("participants xlsx without header", lambda m, d: qk.read_participants(_xlsx(
            d, "participants.xlsx", {"S": [["P01", m], ["P02", f"{m} nurse"]]})), "Q108"),
        Path_("folder participants warned", lambda m, d: folder(
            m, d, {"participants.csv": f"P01,{m},45\n"}, errors="warn"), "W101"),
        Path_("folder bad file raised", lambda m, d: folder(
            m, d, {"b.txt": f"{m} without a label\n{m}\n"}), "Q104"),
        Path_("folder bad file warned", lambda m, d: folder(
            m, d, {"b.vtt": f"{m}\n"}, errors="warn"), "W101"),
        Path_("folder metadata not YAML", lambda m, d: folder(
            m, d, {"metadata.yaml": f"fg1: [{m}\n"}), "Q111"),
    ]


# ----------------------------------------------------------------------------- project
def _project_paths() -> list[Path_]:
    def batch(m: str) -> pd.DataFrame:
        return pd.DataFrame({"coder": ["KS", "KS", "KS"], "transcript_id": ["fg1", "fg1", "fg1"],
                             "start": [0, f"{m} said", 3], "end": [5, 9, f"{m}"],
                             "code_id": ["risk", "risk", "trust"],
                             "memo": [m, f"{m} again", None]})

    def imported(m: str, d: Path, body: str | bytes) -> object:
        return _project(m).import_codings(_write(d, "codings.csv", body))

    return [
        Path_("code_quote not found", lambda m, d: _project(m).code_quote(
            "KS", "fg1", f"{m} never said this", "risk"), "Q205"),
        Path_("code_quote twice", lambda m, d: _project(m).code_quote(
            "KS", "fg1", m, "risk"), "Q205"),
        Path_("code_quote unknown code", lambda m, d: _project(m).code_quote(
            "KS", "fg1", f"I told {m} about", "nope"), "Q202"),
        Path_("code out of range", lambda m, d: _project(m).code(
            "KS", "fg1", 5, 10**6, "risk", memo=m), "Q203"),
        Path_("code_many bad rows", lambda m, d: _project(m).code_many(batch(m)), "Q207"),
        Path_("set_coding_memo not text", lambda m, d: _project(m).set_coding_memo(
            1, [m]), "Q001"),
        Path_("add_corpus changed text", lambda m, d: _project(m).add_corpus(Corpus(
            [Transcript.from_turns("fg1", [Turn("P01", f"{m} something else")])])), "Q210"),
        Path_("import_codings shifted memo", lambda m, d: imported(
            m, d, f"coder,transcript_id,start,end,code_id,memo\nKS,fg1,{m} said,5,risk,x\n"
            f"KS,fg1,0,{m},risk,{m}\n"), "Q207"),
        Path_("import_codings unquoted memo", lambda m, d: imported(
            m, d, f"coder,transcript_id,start,end,code_id\nKS,fg1,0,5,risk,{m} said, a lot\n"),
            "Q207"),
        Path_("import_codings not UTF-8", lambda m, d: imported(
            m, d, f"coder,transcript_id,start,end,code_id,memo\nKS,fg1,0,5,risk,{m}\u00e9"
            .encode("cp1252")), "Q207"),
        Path_("import_codings missing columns", lambda m, d: imported(
            m, d, f"{m},said\nKS,fg1\n"), "Q002"),
        Path_("import_codings bad quoting", lambda m, d: imported(
            m, d, f'coder,transcript_id,start,end,code_id,memo\nKS,fg1,0,5,risk,"{m}\n'), "Q207"),
    ]


# ----------------------------------------------------------------------------- codebooks
def _codebook_paths() -> list[Path_]:
    def read(d: Path, name: str, body: str | bytes) -> object:
        return qk.Codebook.read(_write(d, name, body))

    return [
        Path_("codebook YAML syntax", lambda m, d: read(
            d, "cb.yaml", f"codes:\n  - id: risk\n    name: Risk\n    examples: [\"{m} said\"\n"
            f"  - id: {m}: x: y\n"), "Q201"),
        Path_("codebook YAML tab", lambda m, d: read(
            d, "cb.yaml", f"codes:\n  - id: risk\n\t examples: {m}\n"), "Q201"),
        Path_("codebook YAML tag", lambda m, d: read(
            d, "cb.yaml", f"codes:\n  - id: risk\n    examples: [!{m} said]\n"), "Q201"),
        Path_("codebook example not a mapping", lambda m, d: read(
            d, "cb.yaml", f"codes:\n  - id: risk\n    name: Risk\n  - \"{m} said it\"\n"),
            "Q201"),
        Path_("codebook children not a list", lambda m, d: read(
            d, "cb.yaml", f"codes:\n  - id: risk\n    name: Risk\n    children: {m} said\n"),
            "Q201"),
        Path_("codebook YAML not UTF-8", lambda m, d: read(
            d, "cb.yaml", f"codes:\n  - id: risk\n    examples: [{m}\u00e9]\n".encode("cp1252")),
            "Q201"),
        Path_("codebook csv without header", lambda m, d: read(
            d, "cb.csv", f"risk,Risk,{m} said so\n"), "Q201"),
        Path_("codebook csv bad quoting", lambda m, d: read(
            d, "cb.csv", f'id,name,examples\nrisk,Risk,"{m}\n'), "Q201"),
        Path_("codebook csv duplicate", lambda m, d: read(
            d, "cb.csv", f"id,name,examples\nrisk,Risk,{m} said\nrisk,Risk,{m}\n"), "Q201"),
        Path_("codebook xlsx without header", lambda m, d: qk.Codebook.read(_xlsx(
            d, "cb.xlsx", {"S": [["risk", "Risk", f"{m} said"]]})), "Q201"),
        Path_("codebook xlsx broken", lambda m, d: read(d, "cb.xlsx", f"{m}"), "Q201"),
        Path_("codebook qdc broken", lambda m, d: read(
            d, "cb.qdc", f"<CodeBook><{m}>{m}</CodeBook>"), "Q406"),
        Path_("codebook qdc wrong root", lambda m, d: read(
            d, "cb.qdc", f"<{m}>{m} said</{m}>"), "Q408"),
        Path_("codebook qdc entity", lambda m, d: read(
            d, "cb.qdc", f'<!DOCTYPE c [<!ENTITY {m} "{m}">]><c>&{m};</c>'), "Q405"),
        Path_("Codebook of text", lambda m, d: qk.Codebook([f"{m} said so"]), "Q001"),
        Path_("Codebook duplicate code", lambda m, d: qk.Codebook([
            qk.Code("risk", "Risk", examples=(m,)), qk.Code("risk", "Risk2")]), "Q201"),
        Path_("framework YAML bad", lambda m, d: qk.load_framework(_write(
            d, "fw.yaml", f"id: x\nname: y\ntenets:\n  - \"{m} said\"\n")), "Q702"),
        Path_("framework cues not a list", lambda m, d: qk.load_framework(_write(
            d, "fw.yaml", f"id: x\nname: y\ntenets:\n  - id: a\n    name: A\n"
            f"    description: d\n    cues: {{{m}: 1}}\n")), "Q702"),
        Path_("framework YAML tag", lambda m, d: qk.load_framework(_write(
            d, "fw.yaml", f"id: x\nname: !{m} y\n")), "Q703"),
        Path_("framework YAML syntax", lambda m, d: qk.load_framework(_write(
            d, "fw.yaml", f"id: x\nname: [{m}\n")), "Q703"),
    ]


# ----------------------------------------------------------------------------- REFI-QDA
_QDE = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
        'name="p" origin="test"><CodeBook><Codes><Code guid="{g1}" name="Risk" '
        'isCodable="true"/></Codes></CodeBook><Sources>{sources}</Sources></Project>')
_G1 = "11111111-1111-1111-1111-111111111111"


def _qdpx(m: str, d: Path, sources: str, members: dict[str, str | bytes] | None = None) -> object:
    qde = _QDE.replace("{g1}", _G1).replace("{sources}", sources)
    return qk.read_qdpx(_zip(d, "p.qdpx", {"project.qde": qde, **(members or {})}))


def _refi_paths() -> list[Path_]:
    sel = ('<PlainTextSelection guid="22222222-2222-2222-2222-22222222222{i}" '
           'startPosition="{a}" endPosition="{b}" name="{m}"><Description>{m} memo'
           '</Description><Coding guid="33333333-3333-3333-3333-33333333333{i}">'
           f'<CodeRef targetGUID="{_G1}"/></Coding></PlainTextSelection>')

    def source(m: str, body: str, sels: str = "") -> str:
        return ('<TextSource guid="44444444-4444-4444-4444-444444444444" name="fg1" '
                f'plainTextPath="internal://{body}">{sels}</TextSource>')

    return [
        Path_("qdpx not a zip", lambda m, d: qk.read_qdpx(_write(d, "p.qdpx", m)), "Q407"),
        Path_("qdpx bad selections", lambda m, d: _qdpx(m, d, source(m, "s.txt", "".join(
            sel.format(i=i, a=a, b=b, m=m) for i, (a, b) in enumerate([(5, 2), (0, 999), (
                f"{m}", 3)]))), {"sources/s.txt": f"P01: {m} said a thing"}), "W401"),
        Path_("qdpx source bad bytes", lambda m, d: _qdpx(m, d, source(m, "s.txt"), {
            "sources/s.txt": f"P01: {m} said \u00e9\u00e9".encode("cp1252") + b"\xff\xfe"}),
            "W401"),
        Path_("qdpx source missing", lambda m, d: _qdpx(m, d, source(m, "gone.txt")), "W402"),
        Path_("qdpx entity", lambda m, d: qk.read_qdpx(_zip(d, "p.qdpx", {
            "project.qde": f'<!DOCTYPE p [<!ENTITY {m} "{m}">]><Project>&{m};</Project>'})),
            "Q405"),
        Path_("qdpx broken xml", lambda m, d: qk.read_qdpx(_zip(d, "p.qdpx", {
            "project.qde": f"<Project><{m}>{m} said</Project>"})), "Q406"),
        Path_("qdpx wrong root", lambda m, d: qk.read_qdpx(_zip(d, "p.qdpx", {
            "project.qde": f"<{m}>{m}</{m}>"})), "Q408"),
    ]


# ----------------------------------------------------------------------------- agreement
def _agreement_paths() -> list[Path_]:
    def units(m: str) -> pd.DataFrame:
        return pd.DataFrame({"coder": ["A", "A", "B"], "start": [0, 2, 0], "end": [5, 4, 5],
                             "category": ["risk", "trust", "risk"], "memo": [m, m, m],
                             "text": [f"{m} said"] * 3})

    return [
        Path_("unitizing overlapping", lambda m, d: agreement.unitizing_alphas(
            units(m), length=10), "W301"),
        Path_("unitizing bad span", lambda m, d: agreement.unitizing_alpha(
            units(m).assign(start=[0, 4, 9], end=[5, 2, 30]), length=10), "Q317"),
        Path_("kwic empty keyword", lambda m, d: qk.kwic(_corpus(m), f"!! {m[:0]} !!"), "Q001"),
        Path_("scan_identifiers of bytes", lambda m, d: qk.scan_identifiers(
            m.encode()), "Q504"),
    ]


# ----------------------------------------------------------------------------- exports
def _export_paths() -> list[Path_]:
    ident = f"Ring {IDENT}"

    def with_identifier(m: str) -> qk.Project:
        p = qk.Project.in_memory()
        t = Transcript.from_turns("fg1", [Turn("Facilitator", "Welcome."),
                                          Turn(f"P01 {m}", f"{m} says {ident}."),
                                          Turn("P02", f"Yes {m}.")])
        p.add_corpus(Corpus([t], pd.DataFrame({"participant_id": ["P01"], "job": [m]})))
        p.set_codebook(qk.Codebook([qk.Code("risk", "Risk", examples=(f"{m}: {ident}",))]))
        s = t.text.index(ident)
        p.code("KS", "fg1", s, s + len(ident), "risk", memo=f"{m} {ident}")
        p.code("KG", "fg1", s, s + len(ident), "risk", memo=f"{m} agreed")
        return p

    return [
        Path_("check_export refuses", lambda m, d: qk.check_export(
            [f"{m} told me: {ident}"]), "Q501"),
        Path_("export_codings refused", lambda m, d: with_identifier(m).export_codings(
            d / "c.csv"), "Q501"),
        Path_("export_audit refused", lambda m, d: with_identifier(m).export_audit(
            d / "a.csv"), "Q501"),
        Path_("share refused", lambda m, d: with_identifier(m).share(d / "s.qkproj"), "Q501"),
        Path_("write_qdpx refused", lambda m, d: qk.write_qdpx(
            with_identifier(m), d / "x.qdpx"), "Q501"),
        Path_("quote_table refused", lambda m, d: qk.quote_table(
            with_identifier(m)).to_csv(d / "q.csv"), "Q501"),
    ]


# ----------------------------------------------------------------------------- command line
def _cli_paths() -> list[Path_]:
    def read_folder(m: str, d: Path) -> object:
        _write(d, "t/fg1.txt", f"P01: {m} said\nP02: {m}?\n")
        _write(d, "t/fg2.txt", f"{m} without labels\n{m}\n")
        _write(d, "t/fg3.vtt", f"{m}\n")
        _write(d, "t/fg4.csv", f"{m},{m} said\n")
        _write(d, "t/participants.csv", f"P01,{m}\n")
        _write(d, "t/fg1.yaml", f"session: {m}\n")
        return main(["read", str(d / "t"), "--out", str(d / "r.csv")])

    return [
        Path_("cli read folder", read_folder, "skipped"),
        Path_("cli read file", lambda m, d: main(["read", str(_write(
            d, "a.txt", f"{m} without labels\n"))]), "Q104"),
        Path_("cli codebook validate", lambda m, d: main(["codebook", "validate", str(_write(
            d, "cb.yaml", f"codes:\n  - id: risk\n    examples: [\"{m}\"\n  - {m}: x: y\n"))]),
            "Q201"),
        Path_("cli codebook validate csv", lambda m, d: main(["codebook", "validate", str(
            _write(d, "cb.csv", f"risk,{m} said\n"))]), "Q201"),
        Path_("cli code import", lambda m, d: _cli("code", "import", _write(
            d, "c.csv", f"coder,transcript_id,start,end,code_id\nKS,fg1,{m} x,5,risk\n"),
            "--project", _project_file(m, d))(), "Q207"),
        Path_("cli code export refused", lambda m, d: _cli(
            "code", "export", "--project", _project_file(m, d), "--out", d / "o.csv")(),
            "Q501"),
        Path_("cli agree", lambda m, d: _cli("agree", _write(
            d, "a.csv", f"coder,transcript_id,start,end,code_id,memo\nKS,fg1,{m},5,r,{m}\n"))(),
            "qualkit"),
        Path_("cli import qdpx", lambda m, d: _cli("import", _zip(d, "p.qdpx", {
            "project.qde": f"<Project><{m}>{m}</Project>"}), "--to", d / "n.qkproj")(),
            "Q406"),
        Path_("cli export", lambda m, d: _cli("export", _project_file(m, d), "--to",
                                              d / "x.qdpx")(), "Q501"),
        Path_("cli backup share", lambda m, d: _cli("backup", _project_file(m, d),
                                                    d / "s.qkproj", "--share")(), "Q501"),
        Path_("cli audit export", lambda m, d: _cli("audit", "export", _project_file(m, d),
                                                    "--out", d / "a.csv")(), "Q501"),
        Path_("cli query quotes", lambda m, d: _cli("query", "quotes", _project_file(m, d),
                                                    "--out", d / "q.csv")(), "Q501"),
        Path_("cli report", lambda m, d: _cli("report", _project_file(m, d),
                                              "--out", d / "r.docx")(), "wrote"),
    ]


PATHS = (_txt_paths() + _cue_paths() + _table_paths() + _document_paths() + _folder_paths()
         + _project_paths() + _codebook_paths() + _refi_paths() + _agreement_paths()
         + _export_paths() + _cli_paths())


def test_messages_paths_are_many_and_distinct():
    assert len({p.name for p in PATHS}) == len(PATHS) >= 100


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
@SETTINGS
@given(marker=MARKERS)
def test_messages_never_repeat_text(path: Path_, marker: str) -> None:
    check(path, marker)
