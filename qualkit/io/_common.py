"""Pieces every transcript reader shares: decoding, speaker labels, timestamps, sections."""

from __future__ import annotations

import codecs
import dataclasses
import math
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any
from pathlib import Path

from ..corpus import NOTE_ROLE, Turn
from ..errors import (Errors, QualkitWarning, TranscriptEncodingError, TranscriptFormatError,
                      Warnings)
from .._hint import text_hint
from ..roles import infer_role

__all__ = [
    "decode_bytes", "read_text_file", "parse_timestamp", "match_section", "split_label",
    "split_voices",
    "turns_from_lines", "line_speakers", "MAX_TRANSCRIPT_BYTES",
]

#: Transcripts larger than this are refused (a focus-group transcript is < 1 MB).
MAX_TRANSCRIPT_BYTES = 200 * 1024 * 1024

_ENCODINGS_TRIED = ["utf-8", "utf-8-sig", "utf-16/32 (with BOM)", "windows-1252"]

# Control characters are not text: C0 and C1 controls and DEL, except tab and line ends.
# Those that separate lines or pages (VT, FF, FS..US, NEL) become a line end, so that the
# words on either side stay apart; the rest are removed.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_LIKE = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")
#: A "text" with more than this share of control characters is refused as binary.
MAX_CONTROL_SHARE = 0.05


class Decoded(str):
    """A decoded transcript: the text, plus ``.encoding`` (how it was decoded)."""

    encoding: str


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


# Windows-1252, with its five undefined bytes read as the C1 controls Windows maps them to.
_CP1252 = {b: (bytes([b]).decode("cp1252", errors="ignore") or chr(b)) for b in range(256)}
_CP1252_TABLE = {b: c for b, c in _CP1252.items() if c != chr(b)}


def _cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate(_CP1252_TABLE)


def _utf8_then_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: a byte that is not UTF-8 is read as Windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):  # pragma: no cover - only registered for decoding
        raise exc
    return _CP1252[exc.object[exc.start]], exc.start + 1


codecs.register_error("qualkit-utf8-cp1252", _utf8_then_cp1252)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL (UTF-16 saved without a BOM)."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode_error(data: bytes, path: str | Path, pos: int, why: str) -> TranscriptEncodingError:
    line = data.count(b"\n", 0, pos) + 1
    return TranscriptEncodingError(Errors.Q105.format(
        path=path, place=f"line {line} (byte {pos})", encodings=_ENCODINGS_TRIED, problem=why))


def decode_bytes(data: bytes, path: str | Path) -> Decoded:
    """Decode a text transcript by the evidence of its bytes.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); then UTF-16 without a BOM if
    every other byte is NUL; then UTF-8 if the bytes are valid UTF-8; else
    Windows-1252. A file that holds both UTF-8 characters and bytes that are not
    UTF-8 is decoded line by line (each stray byte as Windows-1252) with a warning
    [W121] naming the lines. Control characters (U+0000 ...) are removed with a
    warning [W122] naming the first place; a file made mostly of them is refused as
    binary [Q105]. Line endings are normalised to ``\\n``. The result is a ``str``
    whose ``.encoding`` names what was used.

    >>> decode_bytes("caf\\u00e9 \\u00a35".encode("cp1252"), "x.txt")
    'café £5'
    >>> t = decode_bytes(b"\\xef\\xbb\\xbfhi\\r\\n", "x.txt"); t, t.encoding
    ('hi\\n', 'utf-8-sig')
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _utf16_without_bom(data) or "utf-8"
    if encoding != "utf-8":
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _decode_error(data, path, exc.start, f"not valid {encoding}") from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, encoding = _decode_8bit(data, path)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _remove_controls(text, path)
    out = Decoded(text)
    out.encoding = encoding
    return out


def _decode_8bit(data: bytes, path: str | Path) -> tuple[str, str]:
    """Bytes that are not all UTF-8: Windows-1252, or line by line when UTF-8 is there too."""
    lines = data.split(b"\n")
    n_utf8 = 0
    bad: list[int] = []
    for i, ln in enumerate(lines, start=1):
        if ln.isascii():
            continue
        try:
            ln.decode("utf-8")
            n_utf8 += 1
        except UnicodeDecodeError:
            bad.append(i)
    if not n_utf8:
        return _cp1252(data), "windows-1252"
    shown = ", ".join(str(x) for x in bad[:5]) + (f" and {len(bad) - 5} more"
                                                 if len(bad) > 5 else "")
    warnings.warn(Warnings.W121.format(path=path, n=len(bad), lines=shown), QualkitWarning,
                  stacklevel=4)
    return data.decode("utf-8", errors="qualkit-utf8-cp1252"), "utf-8 and windows-1252 (mixed)"


def _remove_controls(text: str, path: str | Path) -> str:
    first = _CONTROL_RE.search(text)
    if first is None:
        return text
    found = _CONTROL_RE.findall(text)
    line, col = _line_col(text, first.start())
    if len(found) > MAX_CONTROL_SHARE * len(text) and len(found) > 8:
        raise TranscriptEncodingError(Errors.Q105.format(
            path=path, place=f"line {line}, column {col}", encodings=_ENCODINGS_TRIED,
            problem=f"{len(found)} of its {len(text)} characters are control characters: "
                    f"a binary file?"))
    warn_controls(path, found, f"line {line}, column {col}", stacklevel=4)
    return strip_controls(text)


def strip_controls(text: str) -> str:
    """``text`` without control characters; those that separate lines become a line end.

    >>> strip_controls("one\\x00two\\x0bthree")
    'onetwo\\nthree'
    """
    return _CONTROL_RE.sub(lambda m: "\n" if m.group() in _LINE_LIKE else "", text)


def controls_in(text: str) -> list[str]:
    """The control characters (not text) in ``text``, in order."""
    return _CONTROL_RE.findall(text)


def warn_controls(path: str | Path, found: Sequence[str], place: str, stacklevel: int = 3) -> None:
    """Warn [W122] that ``found`` control characters were removed, the first at ``place``."""
    kinds = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(found))[:6])
    warnings.warn(Warnings.W122.format(path=path, n=len(found), kinds=kinds, place=place),
                  QualkitWarning, stacklevel=stacklevel)


def read_text_file(path: Path) -> Decoded:
    """Read and decode a text file with the size and emptiness checks readers need."""
    size = path.stat().st_size
    if size > MAX_TRANSCRIPT_BYTES:
        raise TranscriptFormatError(Errors.Q115.format(path=path, size=size,
                                                       limit=MAX_TRANSCRIPT_BYTES))
    text = decode_bytes(path.read_bytes(), path)
    if not text.strip():
        raise TranscriptFormatError(Errors.Q103.format(path=path))
    return text


# HH:MM:SS, MM:SS, with a fraction, or a video timecode HH:MM:SS:FF / HH:MM:SS;FF (frames)
_TS = r"\d{1,2}:\d{2}(?::\d{2}(?:[:;]\d{2}(?!\d))?)?(?:[.,]\d{1,3})?"
_TS_RE = re.compile(r"^(?:(\d+):(\d{1,2}):(\d{1,2})(?:[:;]\d{2})?|(\d{1,2}):(\d{1,2}))"
                    r"(?:[.,](\d{1,3}))?$")


def parse_timestamp(value: str) -> float:
    """Seconds from ``HH:MM:SS(.mmm)`` or ``MM:SS``; NaN if it is not a timestamp.

    A video timecode's frames (``01:00:03:12``, ``;12`` drop-frame) are left out: the
    frame rate is not written, so the time is the whole second.

    >>> parse_timestamp("01:02:03.5"), parse_timestamp("02:03"), parse_timestamp("x")
    (3723.5, 123.0, nan)
    >>> parse_timestamp("00:00:08:21"), parse_timestamp("01:00:00;05")
    (8.0, 3600.0)
    """
    m = _TS_RE.match(value.strip())
    if not m:
        return math.nan
    h, mnt, s, m2, s2, frac = m.groups()
    secs = int(h) * 3600 + int(mnt) * 60 + int(s) if h is not None else int(m2) * 60 + int(s2)
    if frac:
        secs += int(frac) / (10 ** len(frac))
    return float(secs)


_SECTION_RES = [
    re.compile(r"^\s*#{1,6}\s*(?P<name>\S.*?)\s*#*\s*$"),
    re.compile(r"^\s*\[\s*(?:section|topic|part)\s*[:\-]?\s*(?P<name>[^\]]+?)\s*\]\s*$", re.I),
    re.compile(r"^\s*(?:section|topic|part)\s*\d*\s*[:.\-\u2013]\s*(?P<name>\S.*?)\s*$", re.I),
]


def match_section(line: str) -> str | None:
    """Return the section name if ``line`` is a section marker.

    >>> match_section("# Topic 2: Risks"), match_section("[Section: Benefits]")
    ('Topic 2: Risks', 'Benefits')
    >>> match_section("TOPIC 3 - Involving the public"), match_section("P01: hi")
    ('Involving the public', None)
    """
    for rx in _SECTION_RES:
        m = rx.match(line)
        if m:
            return m.group("name").strip()
    return None


# A speaker label as people write it: Unicode letters ("Émilie", "李雷"), initials
# ("J.D."), "Surname, Given", numbers ("Participant #3", "Speaker 2"), a parenthesis
# ("Jane Doe (she/her)", "Ashlee Kupor (SL)"), up to six words; optional timestamps
# before it, after it (in brackets) or right after the colon.
_LETTER = r"[^\W\d_]"
_WORD = rf"(?:{_LETTER}[\w.'\u2019\-&]*|#?\d+{_LETTER}?)"
_PAREN = r"\([^()\n:]{1,60}\)"
_NAME = (rf"{_LETTER}[\w.'\u2019\-&]*(?:(?:[ \t\u00a0]+|,[ \t]*){_WORD}){{0,5}}"
         rf"(?:[ \t]*{_PAREN})?")
_LABEL_RE = re.compile(
    rf"^\s*(?:[\[(]?(?P<ts1>{_TS})[\])]?\s*[-\u2013|]?\s*)?"
    rf"(?P<label>{_NAME})"
    rf"[ \t]*(?:[\[(](?P<ts2>{_TS})[\])])?[ \t]*:(?!//|\d)\s*"
    rf"(?:[\[(]?(?P<ts3>{_TS})[\])]?(?:\s+|$))?"
    r"(?P<text>.*)$"
)
# "[m1] text", "[00:00] [m1] text", "[id1] text": a code in square brackets.
_BRACKET_RE = re.compile(
    rf"^\s*(?:[\[(]?(?P<ts1>{_TS})[\])]?\s*[-\u2013]?\s*)?"
    r"\[(?P<label>[^\[\]\n:]{1,40})\][ \t]*:?[ \t]*(?P<text>.*)$")
# "00:00:04 <v Ana Lima>text": a WebVTT voice span written into a text file (captions
# saved as .txt); the tag names the speaker, "</v>" closes it.
_VOICE_RE = re.compile(
    rf"^\s*(?:[\[(]?(?P<ts1>{_TS})[\])]?[ \t]*[-\u2013|]?[ \t]*)?"
    r"<v(?:\.[^\s>]{0,64})?[ \t]+(?P<label>[^<>\n]{1,80}?)[ \t]*>(?P<text>.*)$")
_VOICE_TAG = re.compile(r"<v(?:\.[^\s>]{0,64})?[ \t]+([^<>\n]{1,80}?)[ \t]*>|</v>")
# "[00:41] : text", "00:41 - text": a timestamp and no speaker.
_TS_WIDE = r"\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TS_ONLY_RE = re.compile(
    rf"^\s*[\[(]?(?P<ts1>{_TS_WIDE})[\])]?[ \t]*(?:[:\-\u2013|][ \t]*)?(?P<text>.*)$")
# A header line naming the speaker of the lines below it: "@0:05 - Tom Baker" (tl;dv),
# "Speaker 1  0:00" (Otter), "Jane Doe (00:01:02):" (Rev), "Jane Doe [00:01]".
_HEADER_TS_FIRST = re.compile(
    rf"^\s*(?P<at>@)?[\[(]?(?P<ts1>{_TS})[\])]?[ \t]*(?P<sep>[-\u2013|])?[ \t]*"
    rf"(?P<label>{_LETTER}[^\n:]{{0,80}}?)[ \t]*:?[ \t]*$")
_HEADER_TS_AFTER = re.compile(
    rf"^\s*(?P<label>{_NAME})[ \t]+(?:[-\u2013|][ \t]+)?[\[(]?(?P<ts2>{_TS})[\])]?[ \t]*:?[ \t]*$")
# A time range before a line or on a line of its own: "[00:00.000 --> 00:04.000]" (Whisper),
# "0:0:0.0 --> 0:0:4.200" (Teams' Word export, with the name on the next line).
# "[00:00:03:18 - 00:00:08:08]" (DaVinci Resolve, video editors): a range with a dash, bracketed.
_TS_LENIENT = r"\d{1,3}(?::\d{1,2}){1,2}(?:[:;]\d{2})?(?:[.,]\d{1,3})?"
_RANGE_PREFIX = re.compile(
    rf"^\s*(?:[\[(]?(?P<a>{_TS_LENIENT})[ \t]*-->[ \t]*(?P<b>{_TS_LENIENT})[\])]?"
    rf"|[\[(](?P<a2>{_TS_LENIENT})[ \t]*[-\u2013][ \t]*{_TS_LENIENT}[\])])[ \t]*")


def _range_start(m: re.Match) -> float:
    """The start of a time range matched by ``_RANGE_PREFIX``, in seconds."""
    return parse_timestamp(m.group("a") or m.group("a2"))


# Zoom's saved chat: "10:02:11 From Jane Doe to Everyone: text" (also "... : text")
_ZOOM_CHAT_RE = re.compile(
    rf"^\s*[\[(]?(?P<ts1>{_TS})[\])]?[ \t]+From[ \t]+(?P<label>{_LETTER}[^\n:]{{0,80}}?)"
    r"[ \t]+to[ \t]+(?P<to>[^\n:]{1,80}?)[ \t]*:[ \t]*(?P<text>.*)$")
# Tab-separated: "00:00:05<TAB>Jane Doe<TAB>text" (NVivo's import layout), "Jane<TAB>text".
_TAB_RE = re.compile(
    rf"^\s*(?:[\[(]?(?P<ts1>{_TS})[\])]?\t+)?(?P<label>{_LETTER}[^\t:\n]{{0,80}}?)[ \t]*:?"
    rf"\t+(?:[\[(]?(?P<ts2>{_TS})[\])]?\t+)?(?P<text>[^\t\n].*)$")
# Markdown bold or italics around a label: "**Jane:** text", "__Jane__: text", "*Jane:* text"
_MD_BOLD = re.compile(r"^(\s*)(\*\*|__|\*|_)([^*_\n]{1,80}?)(:?)\2[ \t]*(:?)")
# ... or around a whole header line: "*Jane Doe (01:02)*", "**Speaker 1  0:03**"
_MD_WRAPPED = re.compile(r"^\s*(\*\*|__|\*|_)([^*_\n]{1,100}?)\1[ \t]*(:?)[ \t]*$")
_TS_LINE = re.compile(rf"^\s*[\[(]?({_TS})[\])]?\s*$")

#: Labels that head content, not speech ("ACTION ITEM: ...", "Date: ...", "[laughter]").
CONTENT_LABELS = frozenset({
    "action item", "action items", "note", "notes", "comment", "comments", "summary",
    "agenda", "decision", "decisions", "next steps", "key points", "discussion points",
    "topic", "topics", "title", "subject", "date", "time", "venue", "location", "place",
    "duration", "recording", "transcript", "transcription", "participants", "attendees",
    "present", "absent", "apologies", "positive reaction", "negative reaction", "reaction",
    "highlight", "todo", "to do", "follow up", "follow-up", "task", "tasks", "outcome",
    "outcomes", "objective", "objectives", "purpose", "background", "context", "theme",
    "themes", "keywords", "key words", "source", "link", "url", "email", "e-mail", "phone",
    "tel", "laughter", "laughs", "laughing", "inaudible", "unintelligible", "crosstalk",
    "cross talk", "music", "applause", "silence", "pause", "noise", "overlapping",
    "coughs", "sighs", "watch", "view recording", "meeting", "meeting notes", "minutes",
    "session", "group", "interviewer notes", "observations", "observer notes", "n.b",
    "nb", "ps", "p.s", "re", "fwd", "cc", "to", "from", "http", "https", "www",
    "timespan", "timestamp", "timecode", "content", "utterance", "start time", "end time",
    # the parts of a paper or report
    "abstract", "introduction", "methods", "method", "methodology", "results", "findings",
    "discussion", "conclusion", "conclusions", "references", "bibliography", "aim", "aims",
    "design", "setting", "limitations", "implications", "acknowledgements",
    "acknowledgments", "funding", "appendix", "table", "figure", "fig", "box", "chapter",
    "abbreviations", "author", "authors", "affiliation", "affiliations", "doi", "citation",
})

#: The speaker of a turn whose speaker no label names.
UNKNOWN_SPEAKER = "unknown"
# labels that name nobody (Zoom writes "Unknown Speaker")
_NO_SPEAKERS = frozenset({"", "unknown", "unknown speaker"})

# Words that start sentences and are never a name (for a label seen only once).
_NOT_NAMES = frozenset({
    "i", "i'm", "i'll", "i've", "i'd", "it", "it's", "this", "that", "that's", "there",
    "there's", "here", "here's", "what", "what's", "so", "and", "but", "well", "yes", "no",
    "okay", "ok", "now", "then", "also", "edit", "update", "answer", "question", "example",
    "let's", "we're", "you're", "they're", "he's", "she's", "we", "you", "they", "he", "she",
    "remember", "anyway", "basically", "first", "second", "finally", "result", "results",
})

_PARTICLES = frozenset({"de", "da", "di", "du", "del", "der", "den", "van", "von", "le", "la",
                        "al", "el", "bin", "bint", "ibn", "y", "e", "on", "of", "the", "and",
                        "dos", "das", "zu", "ter", "ten", "st"})


def _clean_label(label: str) -> str:
    return " ".join(label.split())


def split_label(line: str) -> tuple[str, str, float] | None:
    """Split ``"[00:01:23] P01: text"`` into ``(label, text, t_start)``; ``None`` if no label.

    Labels are written as people write them: any Unicode letters, initials,
    "Surname, Given", "Participant #3", a parenthesis after the name, or a code in
    square brackets (``[m1] text``).

    >>> split_label("[00:01:23] P01: I agree.")
    ('P01', 'I agree.', 83.0)
    >>> split_label("Facilitator (00:02:00): Welcome back")
    ('Facilitator', 'Welcome back', 120.0)
    >>> split_label("Émilie (she/her): Oui.")[:2], split_label("Smith, John: Yes.")[:2]
    (('Émilie (she/her)', 'Oui.'), ('Smith, John', 'Yes.'))
    >>> split_label("[00:03] [m1] Shall we begin?")
    ('m1', 'Shall we begin?', 3.0)
    >>> split_label("10:02:11 From Ana Lima to Everyone: Hello"), split_label("**Ben:** Yes")
    (('Ana Lima', 'Hello', 36131.0), ('Ben', 'Yes', nan))
    >>> split_label("00:00:05\\tOkoro, Ben (Student)\\tFine.")
    ('Okoro, Ben (Student)', 'Fine.', 5.0)
    >>> split_label("[00:03.000 --> 00:05.500]  SPEAKER_01: Go on.")
    ('SPEAKER_01', 'Go on.', 3.0)
    >>> split_label("00:00:04 <v Ana Lima>So we began.</v>")
    ('Ana Lima', 'So we began.', 4.0)
    >>> split_label("just some words without a label") is None
    True
    """
    r = _RANGE_PREFIX.match(line)
    if r and r.end() < len(line):  # "[00:01.000 --> 00:04.000] Jane: text"
        sp = split_label(line[r.end():])
        t0 = _range_start(r)
        return None if sp is None else (sp[0], sp[1], sp[2] if math.isnan(t0) else t0)
    if "*" in line[:4] or "_" in line[:4]:
        line = _MD_BOLD.sub(r"\1\3\4\5 ", line, count=1)
    if line.lstrip().startswith(">>"):  # captions' speaker-change mark: ">> ANA: text"
        line = line.lstrip()[2:].lstrip()
    if "<v" in line:
        m = _VOICE_RE.match(line)
        if m and m.group("label").strip():
            ts = m.group("ts1")
            return (_clean_label(m.group("label")), m.group("text").replace("</v>", "").strip(),
                    parse_timestamp(ts) if ts else math.nan)
    m = _ZOOM_CHAT_RE.match(line)
    if m:
        to = m.group("to").strip()
        text = m.group("text").strip()
        if to.lower() not in ("everyone", "all"):
            text = f"(to {to}) {text}".strip()
        return _clean_label(m.group("label")), text, parse_timestamp(m.group("ts1"))
    m = _LABEL_RE.match(line)
    if m:
        label = _clean_label(m.group("label"))
        if label[-1] not in ".'\u2019-,&":
            ts = m.group("ts1") or m.group("ts2") or m.group("ts3")
            return label, m.group("text").strip(), parse_timestamp(ts) if ts else math.nan
    if "\t" in line:
        m = _TAB_RE.match(line)
        if m:
            label = _clean_label(m.group("label"))
            if label and label[-1] not in ".,;!?" and len(label.split()) <= 6:
                ts = m.group("ts1") or m.group("ts2")
                return label, m.group("text").strip(), parse_timestamp(ts) if ts else math.nan
    m = _BRACKET_RE.match(line)
    if m:
        label = _clean_label(m.group("label"))
        if (label and label[0].isalnum() and math.isnan(parse_timestamp(label))
                and match_section(f"[{label}]") is None and len(label.split()) <= 3):
            ts = m.group("ts1")
            return label, m.group("text").strip(), parse_timestamp(ts) if ts else math.nan
    return None


def split_voices(lines: Sequence[str]) -> list[str]:
    """Lines holding WebVTT voice tags (``<v Name>``), one voice a line.

    Captions saved as text keep their ``<v Name>`` tags, sometimes two in a line:
    a tag naming the line's voice again is markup and goes; a tag naming another
    voice starts a line of its own, with the line's time (the time of the caption the
    words come from). Lines without tags are unchanged.

    >>> split_voices(["00:01 <v Ana>Yes. <v Ana>Quite.", "00:03 <v Ana>So. <v Ben>No.</v>"])
    ['00:01 <v Ana>Yes. Quite.', '00:03 <v Ana>So.', '00:03 <v Ben>No.']
    """
    out: list[str] = []
    for ln in lines:
        first = _VOICE_TAG.search(ln) if "<v" in ln else None
        if first is None:
            out.append(ln)
            continue
        stamp = ln[:first.start()].strip()
        stamp = stamp + " " if _TS_LINE.match(stamp) else ""
        pos, cur, voice = 0, "", None
        for m in _VOICE_TAG.finditer(ln):
            cur += ln[pos:m.start()]
            pos = m.end()
            name = m.group(1)
            if name is None:  # "</v>"
                continue
            name = _clean_label(name)
            if voice is None:
                voice = name
                cur += f"<v {name}>"
            elif name != voice:
                out.append(cur.rstrip())
                cur, voice = f"{stamp}<v {name}>", name
            elif cur and not cur.endswith((" ", ">")):
                cur += " "
        cur += ln[pos:]
        out.append(cur.rstrip() if voice else cur)
    return out


def split_header(line: str) -> tuple[str, float, bool] | None:
    """A header line that names the speaker of the lines below it, or ``None``.

    Returns ``(label, t_start, strong)``; a header written as a time, a space and a
    name ("00:00:00 Speaker 1", Word's Transcribe) is not strong: it counts only where
    its label recurs or names a role.

    >>> split_header("@1:05 - Tom Baker"), split_header("Speaker 1  0:00")
    (('Tom Baker', 65.0, True), ('Speaker 1', 0.0, True))
    >>> split_header("Jane Doe (00:01:02):"), split_header("We met at 10:00")
    (('Jane Doe', 62.0, True), None)
    >>> split_header("00:00:07 Speaker 2"), split_header("Ana Lima - 02:10")
    (('Speaker 2', 7.0, False), ('Ana Lima', 130.0, True))
    >>> split_header("*Ana Lima (1:02:43)*")
    ('Ana Lima', 3763.0, True)
    """
    w = _MD_WRAPPED.match(line) if line[:4].lstrip()[:1] in ("*", "_") else None
    if w:
        line = w.group(2) + w.group(3)
    for rx, key in ((_HEADER_TS_FIRST, "ts1"), (_HEADER_TS_AFTER, "ts2")):
        m = rx.match(line)
        if m:
            label = _clean_label(m.group("label"))
            if label and label[-1] not in ".,;!?" and is_name_like(label, strict=False):
                strong = key == "ts2" or bool(m.group("sep") or m.group("at"))
                return label, parse_timestamp(m.group(key)), strong
    return None


def split_timestamp_only(line: str) -> tuple[str, float] | None:
    """``"[00:41] : text"`` -> ``("text", 41.0)``: a timestamped line with no speaker.

    >>> split_timestamp_only(" [01:02] : So we start."), split_timestamp_only("P01: hi")
    (('So we start.', 62.0), None)
    >>> split_timestamp_only("[00:07.500 --> 00:09.000]  and then")
    ('and then', 7.5)
    """
    r = _RANGE_PREFIX.match(line)
    if r:  # "[00:00.000 --> 00:04.000]  text" (Whisper), or the range alone
        t0 = _range_start(r)
        return (line[r.end():].strip(), t0) if not math.isnan(t0) else None
    m = _TS_ONLY_RE.match(line)
    if not m:
        return None
    t = parse_timestamp(m.group("ts1"))
    if math.isnan(t):
        # minutes past 59 ("[111:58]") are still a stamp of the recording
        mm = re.match(r"^(\d+):(\d{2})$", m.group("ts1"))
        if not mm:
            return None
        t = float(int(mm.group(1)) * 60 + int(mm.group(2)))
    return m.group("text").strip(), t


def is_content_label(label: str) -> bool:
    """True for labels that head content ("ACTION ITEM", "Date") rather than name a speaker.

    >>> is_content_label("ACTION ITEM"), is_content_label("Jane Doe")
    (True, False)
    """
    low = label.strip().lower().rstrip(".:")
    return low in CONTENT_LABELS


def is_name_like(label: str, *, strict: bool = True) -> bool:
    """True if ``label`` looks like a name or a speaker code, not words of a sentence.

    ``strict`` (for a label seen once) asks every word to start with a capital (or
    be a number, a name particle or a parenthesis), at most four words.

    >>> is_name_like("Sarah"), is_name_like("Dominik Böhler"), is_name_like("Une chose en sa faveur")
    (True, True, False)
    >>> is_name_like("李雷"), is_name_like("Participant #3"), is_name_like("Smith, John")
    (True, True, True)
    """
    if is_content_label(label):
        return False
    core = re.sub(_PAREN, " ", label).replace(",", " ")
    words = core.split()
    if not words or len(words) > (4 if strict else 6):
        return False
    if all(w.lower() in _PARTICLES for w in words):
        return False
    if strict and len(words) == 1 and words[0].lower().replace("\u2019", "'") in _NOT_NAMES:
        return False
    for w in words:
        c = w[0]
        if c.isdigit() or c == "#" or w.lower() in _PARTICLES:
            continue
        if c.isalpha() and (c.isupper() or not c.islower()):  # also scripts without case
            continue
        if not strict and len(words) == 1 and re.fullmatch(r"[a-z]{1,3}\d+", w):
            continue  # speaker codes such as "m1", "id2"
        if not strict and c.islower() and any(x.isupper() for x in w[1:]):
            continue  # device and brand names: "Sam's iPad", "eBay Support"
        if re.fullmatch(r"[a-z]{1,4}\d+", w):
            continue
        return False
    return True


def accepted_labels(candidates: Iterable[str]) -> set[str]:
    """Labels to trust: those that name a known role, or recur at least twice, and head speech.

    >>> sorted(accepted_labels(["P01", "P01", "Moderator", "ACTION ITEM", "ACTION ITEM", "Sarah"]))
    ['Moderator', 'P01']
    """
    counts = Counter(candidates)
    return {lab for lab, n in counts.items()
            if not is_content_label(lab)
            and ((n >= 2 and is_name_like(lab, strict=False)) or infer_role(lab) != "unknown")}


def assemble_turns(events: Iterable[tuple]) -> tuple[list[Turn], list[str]]:
    """Build turns and note blocks from a reader's events, in document order.

    Events are ``("section", name)`` (applies to the next turn), ``("turn", speaker,
    text, t_start[, line])`` (starts a turn; a turn that gets no text at all becomes a
    note holding ``line``, the label as written), ``("text", line)`` (continues the current turn or
    note; before the first turn it is preamble) and ``("note", line)`` (a block of its
    own that is nobody's turn: a heading, a label with no body, a line that cannot be
    placed; lines after it continue it). Blank lines are skipped; a block's lines are
    joined with spaces. Nothing is dropped: the preamble is a note block too, and a
    section marker that no turn follows is kept as a note.

    Returns
    -------
    (turns, preamble)
        The turns (notes are turns with ``role="note"``) and the preamble's lines
        (a copy, for ``metadata['preamble']``).

    Examples
    --------
    >>> turns, pre = assemble_turns([("text", "Recorded 3 May"), ("turn", "P01", "Hi.", 1.0),
    ...                              ("note", "Topic one:"), ("turn", "P02", "Yes.", 2.0)])
    >>> [(t.speaker, t.text, t.role) for t in turns], pre
    ([('', 'Recorded 3 May', 'note'), ('P01', 'Hi.', None), ('', 'Topic one:', 'note'), ('P02', 'Yes.', None)], ['Recorded 3 May'])
    """
    turns: list[Turn] = []
    preamble: list[str] = []
    speaker: str | None = None
    is_note = True
    texts: list[str] = []
    t_start = math.nan
    section: str | None = None
    pending: str | None = None
    raw: str = ""

    def note(text: str) -> None:
        turns.append(Turn("", text, section=section, role=NOTE_ROLE))

    def take_pending() -> None:
        nonlocal section, pending
        if pending is not None:
            if pending == section:  # the same marker again: no new heading, keep its words
                note(f"# {pending}")
            section, pending = pending, None

    def flush() -> None:
        nonlocal texts, section, pending, raw
        if not texts and not is_note and raw:
            # a label nothing followed ("Topic one:"): its words stay, as a note
            take_pending()
            note(raw)
            raw = ""
            return
        raw = ""
        if texts:
            take_pending()
            if is_note:
                note(" ".join(texts))
            else:
                turns.append(Turn(speaker or UNKNOWN_SPEAKER, " ".join(texts), t_start=t_start,
                                  section=section))
        texts = []

    for ev in events:
        kind = ev[0]
        if kind == "section":
            flush()
            if pending is not None:  # a marker no turn followed: keep its words
                note(f"# {pending}")
            pending = ev[1]
            # whatever follows a section marker is not the previous speaker's turn
            speaker, is_note, t_start = None, True, math.nan
        elif kind == "turn":
            flush()
            speaker, is_note, t_start = ev[1], False, ev[3]
            texts = [ev[2].strip()] if ev[2].strip() else []
            raw = ev[4] if len(ev) > 4 else ""
        elif kind == "note":
            flush()
            speaker, is_note, t_start = None, True, math.nan
            if ev[1].strip():
                texts = [ev[1].strip()]
        elif ev[1].strip():
            if is_note and not turns and speaker is None:
                preamble.append(ev[1].strip())
            texts.append(ev[1].strip())
    flush()
    if pending is not None:
        note(f"# {pending}")
    return turns, preamble


def labelled_share(turns: Sequence[Turn]) -> float:
    """The share of words that sit under turns with a named speaker (notes count as unlabelled).

    >>> labelled_share([Turn("P01", "one two three"), Turn("", "four", role="note")])
    0.75
    """
    total = lab = 0
    for t in turns:
        txt = t.text.strip()
        n = (txt.count(" ") + txt.count("\n") + 1) if txt else 0  # no split: linear, no copies
        total += n
        if t.role != NOTE_ROLE and t.speaker and t.speaker.lower() not in _NO_SPEAKERS:
            lab += n
    return lab / total if total else 0.0


def _is_comment_run(lines: Sequence[str], i: int, secs: Sequence[str | None]) -> bool:
    """True when line ``i`` is a '#' marker next to another: a comment header, not a section."""
    if secs[i] is None or not lines[i].lstrip().startswith("#"):
        return False
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not lines[j].strip():
            j += step
        if 0 <= j < len(lines) and secs[j] is not None and lines[j].lstrip().startswith("#"):
            return True
    return False


def _next_line(lines: Sequence[str], kind: Sequence[str], i: int) -> int | None:
    """The index of the next non-blank plain line after ``i`` (``None`` at an event)."""
    j = i + 1
    while j < len(lines) and kind[j] == "line" and not lines[j].strip():
        j += 1
    return j if j < len(lines) and kind[j] in ("line", "bold") else None


def classify_lines(items: Sequence[Any], *,
                   collect: dict[int, tuple[str, str]] | None = None) -> tuple[list[tuple], str]:
    """Reader events from lines, with the trust rules for speaker labels.

    ``items`` are lines (str), ``("bold", line, label)`` for a line whose leading bold
    run is ``label``, or ready events (``("row", speaker, text, t_start)`` from a table,
    ``("section", name)``, ``("note", text)``). The rules:

    - a label that names a role, or recurs and looks like a name or code, is trusted;
      so is one with a timestamp on its line, or a bold one;
    - a label seen once counts once the transcript has begun (after a trusted label),
      when its line has a body and the label is written like a name ("Sarah: I disagree");
    - labels that head content ("ACTION ITEM:", "Date:") are never speakers;
    - a label with no body that is not trusted is a note (a topic heading), and so is a
      run of '#' comment lines; lines before the first turn are the preamble (a note);
    - header lines ("@0:05 - Name", "Name  0:00", "Name" above a bare "HH:MM:SS" line)
      start the turn of the lines under them; "[00:41] : text" lines are turns of an
      unknown speaker with their time.

    ``collect``, when given, receives ``{line index: (speaker, body)}`` for every line
    whose label was taken as a speaker.

    Returns
    -------
    (events, layout)
        Events for :func:`assemble_turns` and a short name of the layout recognised.
    """
    n = len(items)
    kind: list[str] = []
    lines: list[str] = []
    for it in items:
        if isinstance(it, str):
            kind.append("line")
            lines.append(it)
        elif it[0] == "bold":
            kind.append("bold")
            lines.append(it[1])
        else:
            kind.append("event")
            lines.append("")
    secs = [match_section(ln) if kind[i] != "event" else None for i, ln in enumerate(lines)]
    split: list[Any] = [None] * n
    header: list[Any] = [None] * n
    tsonly: list[Any] = [None] * n
    for i, ln in enumerate(lines):
        if kind[i] == "event" or secs[i] is not None or not ln.strip():
            continue
        if kind[i] == "bold":
            lab = items[i][2]
            pos = ln.find(lab)
            rest = ln[pos + len(lab):] if pos >= 0 else ln
            sp = split_label(f"{lab.rstrip(':').strip()}: {rest.lstrip(' :')}")
            split[i] = sp if sp is not None else (lab.rstrip(":").strip(), rest.strip(), math.nan)
            continue
        split[i] = split_label(ln)
        if split[i] is None:
            header[i] = split_header(ln)
            if header[i] is None:
                tsonly[i] = split_timestamp_only(ln)
    # a header written "time name" counts where its label recurs or names a role
    # and, seen once, where such headers stand: a name in the layout of at least two
    # recurring ones, with text under it ("00:00:09 Tom Hale" between two "Riya Patel")
    weak = Counter(h[0] for h in header if h is not None and not h[2])
    sure = sum(c for lab, c in weak.items() if c >= 2 or infer_role(lab) != "unknown")
    for i, h in enumerate(header):
        if h is not None and not h[2] and weak[h[0]] < 2 and infer_role(h[0]) == "unknown":
            j = _next_line(lines, kind, i)
            if (sure >= 2 and is_name_like(h[0]) and j is not None and header[j] is None
                    and split[j] is None):
                continue
            header[i] = None
            tsonly[i] = split_timestamp_only(lines[i])
    # Teams' Word export: a time range line, then the name line, then the text
    range_pairs = []
    for i, ln in enumerate(lines):
        if kind[i] == "line" and (r := _RANGE_PREFIX.match(ln)) and not ln[r.end():].strip():
            j = _next_line(lines, kind, i)
            if (j is not None and split[j] is None and header[j] is None
                    and is_name_like(lines[j].strip(), strict=False)
                    and not lines[j].strip().endswith((".", "?", "!", ","))):
                range_pairs.append((i, j, _range_start(r)))
    if len(range_pairs) >= 2:
        for i, j, t0 in range_pairs:
            header[j] = (lines[j].strip(), t0, True)
            tsonly[j] = None
            tsonly[i] = None
            kind[i] = "skip"
    else:
        range_pairs = []
    # Zoom's web transcript: a name line, then a line holding only the time.
    zoom_pairs = []
    for i, ln in enumerate(lines):
        if kind[i] == "line" and _TS_LINE.match(ln):
            j = i - 1
            while j >= 0 and kind[j] == "line" and not lines[j].strip():
                j -= 1
            if (j >= 0 and kind[j] == "line" and split[j] is None and header[j] is None
                    and is_name_like(lines[j].strip(), strict=False)
                    and not lines[j].strip().endswith((".", "?", "!", ","))):
                zoom_pairs.append((j, i))
    zoom = len(zoom_pairs) >= 2
    if zoom:
        for j, i in zoom_pairs:
            header[j] = (lines[j].strip(), parse_timestamp(lines[i]), True)
            tsonly[i] = None
            kind[i] = "skip"
    # Otter's Word export without times: a name alone on its line above the text. Taken
    # only where no other layout names the speakers and at least two such names recur
    # (each at least twice, together a fifth of the lines), so a heading is no speaker.
    alone_pairs: list[tuple[int, str]] = []
    if (not zoom and not range_pairs and all(h is None for h in header)
            and sum(1 for sp in split if sp is not None and sp[1]) < 2):
        cand: list[tuple[int, str]] = []
        for i, ln in enumerate(lines):
            name = ln.strip()
            if (kind[i] == "line" and name and split[i] is None and tsonly[i] is None
                    and secs[i] is None and len(name.split()) <= 4
                    and not name.endswith((".", "?", "!", ",", ":", ";"))
                    and is_name_like(name)):
                j = _next_line(lines, kind, i)
                if j is not None and lines[j].strip():
                    cand.append((i, name))
        seen = Counter(name for _, name in cand)
        names = {name for name, c in seen.items() if c >= 2}
        alone_pairs = [(i, name) for i, name in cand if name in names]
        # a name line's text is not itself a name line
        alone_pairs = [(i, name) for i, name in alone_pairs
                       if _next_line(lines, kind, i) not in {k for k, _ in alone_pairs}]
        n_text = sum(1 for i, ln in enumerate(lines) if kind[i] != "event" and ln.strip())
        if len(names) >= 2 and len(alone_pairs) >= max(4, 0.2 * n_text):
            for i, name in alone_pairs:
                header[i] = (name, math.nan, True)
        else:
            alone_pairs = []
    # a time alone on its line, just above a labelled line, is that turn's time
    # (Google Meet's export); above other text it starts a turn of speaker unknown
    pending_at: dict[int, float] = {}
    for i, x in enumerate(tsonly):
        if x is not None and not x[0]:
            j = _next_line(lines, kind, i)
            if j is not None and (split[j] is not None or header[j] is not None):
                pending_at[j] = x[1]
                tsonly[i] = None
                kind[i] = "skip"
    n_tsonly = sum(1 for x in tsonly if x is not None)
    n_header = sum(1 for x in header if x is not None)
    labels = [sp[0] for sp in split if sp is not None]
    counts = Counter(labels)
    trusted = accepted_labels(labels)
    bold: set[str] = set()
    for i, sp in enumerate(split):
        if sp is None or is_content_label(sp[0]):
            continue
        if kind[i] == "bold" and is_name_like(sp[0], strict=False):
            bold.add(sp[0])
        elif not math.isnan(sp[2]) and is_name_like(sp[0], strict=False):
            trusted.add(sp[0])
    # a label seen once is a speaker only where inline labels are how the file names its
    # speakers, not in a file whose turns start with header lines (Zoom web, Otter, Rev)
    n_inline = sum(1 for sp in split if sp is not None and sp[0] in trusted)
    once_ok = n_inline >= n_header + len(zoom_pairs)
    # ... and from the first line on when most lines start with a name-like label
    n_lines = sum(1 for i, ln in enumerate(lines) if kind[i] != "event" and ln.strip()
                  and secs[i] is None)
    n_named = sum(1 for sp in split if sp is not None and sp[1] and is_name_like(sp[0]))
    labelled_layout = n_named >= 2 and n_named >= 0.5 * n_lines
    events: list[tuple] = []
    started = False
    comment = [_is_comment_run(lines, i, secs) for i in range(n)]
    for i, it in enumerate(items):
        k = kind[i]
        if k == "skip":
            continue
        if k == "event":
            ev = it
            if ev[0] == "row":
                started = True
                # a row with a speaker and no text keeps the speaker's cell, as a note
                events.append(("turn", ev[1], ev[2], ev[3], ev[1]) if ev[1] else ("text", ev[2]))
            else:
                events.append(ev)
            continue
        ln = lines[i]
        if secs[i] is not None:
            events.append(("note", ln.strip()) if comment[i] else ("section", secs[i]))
            continue
        sp = split[i]
        if sp is not None:
            lab, body, ts = sp
            ok = lab in trusted or (started and lab in bold and body != "")
            if (not ok and once_ok and (started or labelled_layout) and body and counts[lab] == 1
                    and is_name_like(lab)):
                ok = True
            if ok:
                started = True
                if math.isnan(ts):
                    ts = pending_at.get(i, ts)
                events.append(("turn", lab, body, ts, ln.strip()))
                if collect is not None:
                    collect[i] = (lab, body)
            elif not body:
                events.append(("note", ln.strip()))
            else:
                events.append(("text", ln))
            continue
        if header[i] is not None:
            started = True
            events.append(("turn", header[i][0], "", header[i][1], ln.strip()))
            continue
        if tsonly[i] is not None and n_tsonly >= 2:
            started = True
            events.append(("turn", UNKNOWN_SPEAKER, tsonly[i][0], tsonly[i][1]))
            continue
        events.append(("text", ln))
    rows = [it for i, it in enumerate(items) if kind[i] == "event" and it[0] == "row" and it[1]]
    n_line_turns = sum(1 for ev in events if ev[0] == "turn") - len(rows)
    if len(rows) >= 2 and len(rows) >= n_line_turns:
        timed = any(not math.isnan(r[3]) for r in rows)
        layout = f"table rows: {'time | ' if timed else ''}speaker | text"
    elif zoom:
        layout = "name, time and text lines (Zoom web transcript)"
    elif range_pairs:
        layout = "time range, name and text lines (Teams Word export, DaVinci Resolve)"
    elif alone_pairs:
        layout = "a name alone above each turn's text (Otter Word export without times)"
    elif sum(1 for h in header if h is not None and not h[2]) >= 2:
        layout = "time and speaker header lines (Word Transcribe, NVivo Transcription)"
    elif n_header >= 2:
        layout = "speaker header lines with times (Otter, Rev, tl;dv)"
    elif any(sp is not None and sp[0] in trusted and _BRACKET_RE.match(lines[i] or "")
             and not _LABEL_RE.match(lines[i]) for i, sp in enumerate(split)):
        layout = "[speaker] text lines"
    elif trusted:
        layout = "Speaker: text lines"
    elif n_tsonly >= 2:
        layout = "timestamped lines without speakers"
    else:
        layout = "no speaker labels"
    return events, layout


def line_speakers(lines: Sequence[str]) -> dict[int, tuple[str, str]]:
    """The lines whose label the trust rules take as a speaker: ``{index: (speaker, body)}``.

    For readers that keep a text as it is and only mark who speaks on each line
    (REFI-QDA text sources): a paper's "Abstract: ..." is no speaker.

    >>> line_speakers(["Abstract: We study trust.", "Methods: We asked people."])
    {}
    >>> line_speakers(["Ana: Hello.", "Ben: Hi.", "Ana: Shall we?"])
    {0: ('Ana', 'Hello.'), 1: ('Ben', 'Hi.'), 2: ('Ana', 'Shall we?')}
    """
    found: dict[int, tuple[str, str]] = {}
    classify_lines(list(lines), collect=found)
    return found


# f4transkript / f5: "#00:01:22-6#" closes a paragraph (the time it ends, tenths after '-')
_F4_END = re.compile(r"#(\d{1,2}:\d{2}:\d{2})(?:[-.,](\d{1,3}))?#\s*$")
# "text ... (07:12)": a bracketed time closing a turn
_PAREN_END = re.compile(rf"[\[(]({_TS})[\])]\s*$")


def trailing_times(turns: Sequence[Turn]) -> tuple[list[Turn], str]:
    """Times written at the end of each turn, where no turn has a time of its own.

    Two layouts, each taken only when at least two turns and half of all speaker turns
    close with the stamp:

    - f4transkript/f5 ``text #00:01:22-6#``: the stamp is when that paragraph ends, so
      it is the turn's ``t_end`` and the stamp before it (a note's too) its ``t_start``;
    - ``text (07:12)`` or ``[07:12]`` where the first such stamp is 0: the stamp is when
      the turn starts (it is written at its end).

    The stamps stay in the text, as written.

    Parameters
    ----------
    turns : sequence of Turn
        From :func:`assemble_turns`.

    Returns
    -------
    (turns, layout)
        The turns with their times, and a few words naming the layout ("" when none).

    Examples
    --------
    >>> ts, how = trailing_times([Turn("", "Intro. #00:00:10-0#", role=NOTE_ROLE),
    ...                           Turn("I", "First? #00:00:14-5#"), Turn("B", "Yes. #00:00:20-0#")])
    >>> [(t.t_start, t.t_end) for t in ts[1:]], how
    ([(10.0, 14.5), (14.5, 20.0)], 'times closing each paragraph (f4transkript)')
    """
    speech = [t for t in turns if t.role != NOTE_ROLE]
    if not speech or any(not math.isnan(t.t_start) for t in speech):
        return list(turns), ""
    f4 = [_F4_END.search(t.text) for t in turns]
    n_f4 = sum(1 for t, m in zip(turns, f4) if m and t.role != NOTE_ROLE)
    if n_f4 >= 2 and n_f4 >= 0.5 * len(speech):
        out: list[Turn] = []
        last = math.nan
        for t, m in zip(turns, f4):
            end = math.nan
            if m:
                end = parse_timestamp(m.group(1)) + (int(m.group(2)) / 10 ** len(m.group(2))
                                                     if m.group(2) else 0.0)
            if t.role == NOTE_ROLE:
                out.append(t)
            else:
                start = last if math.isnan(end) or math.isnan(last) or last <= end else math.nan
                out.append(dataclasses.replace(t, t_start=start, t_end=end))
            if not math.isnan(end):
                last = end
        return out, "times closing each paragraph (f4transkript)"
    par = [_PAREN_END.search(t.text) if t.role != NOTE_ROLE else None for t in turns]
    stamps = [parse_timestamp(m.group(1)) for m in par if m]
    if len(stamps) >= 2 and len(stamps) >= 0.5 * len(speech) and stamps[0] == 0.0:
        out = []
        for t, m in zip(turns, par):
            out.append(dataclasses.replace(t, t_start=parse_timestamp(m.group(1))) if m else t)
        return out, "start times closing each turn"
    return list(turns), ""


def turns_from_lines(items: Sequence[Any], path: str | Path, *,
                     where: str = "line") -> tuple[list[Turn], list[str], str]:
    """Turn "Speaker: text" lines (see :func:`classify_lines`) into turns and notes.

    Returns
    -------
    (turns, preamble, layout)

    Raises
    ------
    TranscriptFormatError
        [Q104] when no line names a speaker and no layout of timestamps is found.
    """
    events, layout = classify_lines(items)
    turns, preamble = assemble_turns(events)
    turns, stamped = trailing_times(turns)
    if stamped:
        layout = f"{layout}, {stamped}"
    if not any(t.role != NOTE_ROLE for t in turns):
        # a heading counts as a line here: "The first line has empty." said nothing
        strs = [x if isinstance(x, str) else
                (str(x[1]) if x[0] in ("bold", "section", "note") and len(x) > 1 else "")
                for x in items]
        first = next((ln for ln in strs if ln.strip()), "")
        raise TranscriptFormatError(Errors.Q104.format(
            path=path, checked=len(items), found=text_hint(first) if first else "no text"))
    return turns, preamble, layout
