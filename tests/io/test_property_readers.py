"""Nothing is dropped, for every reader: the word multiset of what a file says is contained
in that of ``Transcript.text`` (hypothesis).

A speaker label may become the turn's speaker and a clock time its ``t_start``; nothing
else may leave. The input side is built independently of the readers: the lines we
wrote, the cue texts we wrote, the cells we wrote.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections import Counter

import docx
import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit.errors import QualkitError, QualkitWarning

WORD = re.compile(r"\w+")
CLOCK = re.compile(r"(?<![\w.:])\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?(?![\w:])")
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

# tokens as transcripts hold them: words in several scripts, numbers, clock times, labels,
# brackets, colons and the odd symbol
_token = st.one_of(
    st.text(alphabet=st.sampled_from("abcdeéßλ李xyzMNQ019"), min_size=1, max_size=8),
    st.sampled_from(["P01:", "Ana:", "[00:01]", "00:12:30", "(she/her)", "#3", ":", "-", "[m1]",
                     "Note:", "Speaker 2:", "<", ">", "Q:", "\u00a35", "\U0001F600", "--", "*"]))
_line = st.lists(_token, min_size=0, max_size=9).map(" ".join)
_lines = st.lists(_line, min_size=1, max_size=10)
_speaker = st.sampled_from(["Facilitator", "P01", "P02", "Ana Lima", "Okoro, Ben"])


def words(s: str) -> Counter:
    return Counter(WORD.findall(s.casefold()))


def _read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QualkitWarning)
        try:
            return qk.read_transcript(path)
        except QualkitError:
            return None  # refusing a file (no labels at all) drops nothing silently


def _kept(t, source: str) -> None:
    for r in t.utterances.itertuples():
        assert t.text[r.start:r.end] == r.text
    # labels of the speakers found, where labels stand (line starts), leave; so do times
    found = sorted(set(t.utterances["speaker"]), key=len, reverse=True)
    if found:
        alt = "|".join(re.escape(sp) for sp in found)
        # "P01:", "[m1]", or a header line "[00:01] Name" / "Name  0:03" alone on its line
        ts = r"[\[(]?\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?[\])]?"
        source = re.sub(rf"(?m)^\s*(?:{ts}[ \t]*)?(?:\[(?:{alt})\]|(?:{alt})\s*:|(?:{alt})"
                        rf"(?=[ \t]*(?:{ts})?[ \t]*$))", " ", source)
    lost = words(CLOCK.sub(" ", source)) - words(t.text)
    assert not lost, lost


@SETTINGS
@given(lines=_lines, speakers=st.lists(_speaker, min_size=2, max_size=6))
def test_property_txt(tmp_path, lines, speakers):
    body = [f"{sp}: {ln}" for sp, ln in zip(speakers, lines)] + lines[len(speakers):]
    p = tmp_path / "p.txt"
    p.write_text("\n".join(body), encoding="utf-8")
    t = _read(p)
    if t is not None:
        _kept(t, "\n".join(body))


@SETTINGS
@given(lines=_lines, speakers=st.lists(st.one_of(_speaker, st.none()), min_size=1, max_size=10),
       kind=st.sampled_from(["vtt", "srt"]), voices=st.booleans())
def test_property_vtt_srt(tmp_path, lines, speakers, kind, voices):
    cues, said = [], []
    for i, (ln, sp) in enumerate(zip(lines, speakers)):
        ln = ln.replace("<", " ").replace(">", " ") if voices else ln
        if sp is None:
            text = ln
        elif voices and kind == "vtt":
            text = f"<v {sp}>{ln}</v>"
        else:
            text = f"{sp}: {ln}"
        # a <v Name> tag is markup: its name is no word of the text
        said.append(ln if voices and kind == "vtt" else text)
        sep = "." if kind == "vtt" else ","
        cues.append(f"{i + 1}\n00:00:{i:02d}{sep}000 --> 00:00:{i:02d}{sep}900\n{text}\n")
    head = "WEBVTT\n\n" if kind == "vtt" else ""
    p = tmp_path / f"p.{kind}"
    p.write_text(head + "\n".join(cues), encoding="utf-8")
    t = _read(p)
    if t is not None:
        _kept(t, "\n".join(said))


@SETTINGS
@given(lines=_lines, speakers=st.lists(_speaker, min_size=2, max_size=6), bold=st.booleans(),
       table=st.booleans())
def test_property_docx(tmp_path, lines, speakers, bold, table):
    d = docx.Document()
    said = []
    if table:
        tb = d.add_table(rows=0, cols=2)
        for sp, ln in zip(speakers, lines):
            c = tb.add_row().cells
            c[0].text, c[1].text = sp, ln
            said.append(f"{sp}: {ln}")
    for i, ln in enumerate(lines):
        sp = speakers[i % len(speakers)]
        p = d.add_paragraph()
        if bold:
            p.add_run(f"{sp}:").bold = True
            p.add_run(f" {ln}")
        else:
            p.add_run(f"{sp}: {ln}")
        said.append(f"{sp}: {ln}")
    path = tmp_path / "p.docx"
    d.save(path)
    t = _read(path)
    if t is not None:
        _kept(t, "\n".join(said))


@SETTINGS
@given(lines=_lines, speakers=st.lists(_speaker, min_size=1, max_size=10),
       kind=st.sampled_from(["csv", "xlsx"]))
def test_property_tables(tmp_path, lines, speakers, kind):
    rows = [(sp, ln) for sp, ln in zip(speakers, lines) if ln.strip()]
    path = tmp_path / f"p.{kind}"
    if kind == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["speaker", "text"])
        w.writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
    else:
        wb = openpyxl.Workbook()
        wb.active.append(["speaker", "text"])
        for r in rows:
            wb.active.append(list(r))
        wb.save(path)
    t = _read(path)
    if t is not None:
        _kept(t, "\n".join(f"{sp}: {ln}" for sp, ln in rows))


def _rtf_escape(s: str) -> str:
    out = []
    for ch in s:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) > 127:
            out.extend(f"\\u{u - 65536 if u > 32767 else u}?" for u in
                       [int.from_bytes(ch.encode("utf-16-be")[i:i + 2], "big")
                        for i in range(0, len(ch.encode("utf-16-be")), 2)])
        else:
            out.append(ch)
    return "".join(out)


@SETTINGS
@given(lines=_lines, speakers=st.lists(_speaker, min_size=2, max_size=6),
       kind=st.sampled_from(["rtf", "odt"]))
def test_property_rtf_odt(tmp_path, lines, speakers, kind):
    import html
    import zipfile

    said = [f"{sp}: {ln}" for sp, ln in zip(speakers, lines)] + lines[len(speakers):]
    path = tmp_path / f"p.{kind}"
    if kind == "rtf":
        body = "".join(f"\\pard {_rtf_escape(x)}\\par\n" for x in said)
        path.write_bytes(("{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}" + body + "}").encode("ascii"))
    else:
        t_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
        o_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
        paras = "".join(f"<text:p>{html.escape(x)}</text:p>" for x in said)
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("content.xml", f'<office:document-content xmlns:office="{o_ns}" '
                       f'xmlns:text="{t_ns}"><office:body><office:text>{paras}</office:text>'
                       "</office:body></office:document-content>")
    t = _read(path)
    if t is not None:
        _kept(t, "\n".join(said))
