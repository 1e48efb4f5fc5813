"""Pieces every transcript reader shares: decoding, speaker labels, timestamps, sections."""

from __future__ import annotations

import codecs
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..corpus import Turn
from ..errors import Errors, TranscriptEncodingError, TranscriptFormatError
from ..roles import infer_role

__all__ = [
    "decode_bytes", "read_text_file", "parse_timestamp", "match_section", "split_label",
    "turns_from_lines", "MAX_TRANSCRIPT_BYTES",
]

#: Transcripts larger than this are refused (a focus-group transcript is < 1 MB).
MAX_TRANSCRIPT_BYTES = 200 * 1024 * 1024

_ENCODINGS_TRIED = ["utf-8", "utf-8-sig", "utf-16 (with BOM)", "windows-1252"]


def decode_bytes(data: bytes, path: str | Path) -> str:
    """Decode a text transcript: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252.

    Line endings are normalised to ``\\n``.

    >>> decode_bytes("caf\\u00e9 \\u00a35".encode("cp1252"), "x.txt")
    'café £5'
    >>> decode_bytes(b"\\xef\\xbb\\xbfhi\\r\\n", "x.txt")
    'hi\\n'
    """
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8", path)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", path)
    else:
        if b"\x00" in data:
            pos = data.index(b"\x00")
            raise TranscriptEncodingError(Errors.Q105.format(
                path=path, position=pos, encodings=_ENCODINGS_TRIED,
                found=data[max(0, pos - 8):pos + 8]))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            # Only fall back to Windows-1252 if the failure is not a lone stray
            # byte in otherwise valid UTF-8 with multibyte characters.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc2:
                raise TranscriptEncodingError(Errors.Q105.format(
                    path=path, position=exc2.start, encodings=_ENCODINGS_TRIED,
                    found=data[max(0, exc2.start - 8):exc2.start + 8])) from None
            if _looks_like_mixed(data, exc.start):
                raise TranscriptEncodingError(Errors.Q105.format(
                    path=path, position=exc.start, encodings=_ENCODINGS_TRIED,
                    found=data[max(0, exc.start - 8):exc.start + 8])) from None
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_mixed(data: bytes, bad: int) -> bool:
    """True if the bytes before ``bad`` hold valid multi-byte UTF-8: mixed encodings."""
    head = data[:bad]
    return any(b >= 0x80 for b in head)


def _strict(data: bytes, encoding: str, path: str | Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise TranscriptEncodingError(Errors.Q105.format(
            path=path, position=exc.start, encodings=_ENCODINGS_TRIED,
            found=data[max(0, exc.start - 8):exc.start + 8])) from None


def read_text_file(path: Path) -> str:
    """Read and decode a text file with the size and emptiness checks readers need."""
    size = path.stat().st_size
    if size > MAX_TRANSCRIPT_BYTES:
        raise TranscriptFormatError(Errors.Q115.format(path=path, size=size,
                                                       limit=MAX_TRANSCRIPT_BYTES))
    text = decode_bytes(path.read_bytes(), path)
    if not text.strip():
        raise TranscriptFormatError(Errors.Q103.format(path=path))
    return text


_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TS_RE = re.compile(rf"^(?:(\d+):)?(\d{{1,2}}):(\d{{2}})(?:[.,](\d{{1,3}}))?$")


def parse_timestamp(value: str) -> float:
    """Seconds from ``HH:MM:SS(.mmm)`` or ``MM:SS``; NaN if it is not a timestamp.

    >>> parse_timestamp("01:02:03.5"), parse_timestamp("02:03"), parse_timestamp("x")
    (3723.5, 123.0, nan)
    """
    m = _TS_RE.match(value.strip())
    if not m:
        return math.nan
    h, mnt, s, frac = m.groups()
    if h is None:
        h, mnt = mnt, None
        secs = int(h) * 60 + int(s)
    else:
        secs = int(h) * 3600 + int(mnt) * 60 + int(s)
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


# A label: up to five words, starting with a letter, no sentence punctuation;
# optional timestamps before it, after it (in brackets) or right after the colon.
_LABEL_RE = re.compile(
    rf"^\s*(?:[\[(]?(?P<ts1>{_TS})[\])]?\s*[-\u2013]?\s*)?"
    r"(?P<label>[A-Za-z][\w.'\u2019\-]*(?:[ \t]+[\w.'\u2019\-]+){0,4}?)"
    rf"\s*(?:[\[(](?P<ts2>{_TS})[\])])?\s*:\s*"
    rf"(?:[\[(]?(?P<ts3>{_TS})[\])]?\s+)?"
    r"(?P<text>.*)$"
)


def split_label(line: str) -> tuple[str, str, float] | None:
    """Split ``"[00:01:23] P01: text"`` into ``(label, text, t_start)``; ``None`` if no label.

    >>> split_label("[00:01:23] P01: I agree.")
    ('P01', 'I agree.', 83.0)
    >>> split_label("Facilitator (00:02:00): Welcome back")
    ('Facilitator', 'Welcome back', 120.0)
    >>> split_label("just some words without a label") is None
    True
    """
    m = _LABEL_RE.match(line)
    if not m:
        return None
    label = m.group("label").strip()
    if label[-1] in ".'\u2019-":
        return None
    ts = m.group("ts1") or m.group("ts2") or m.group("ts3")
    return label, m.group("text").strip(), parse_timestamp(ts) if ts else math.nan


def accepted_labels(candidates: Iterable[str]) -> set[str]:
    """Labels to trust: those that name a known role, or recur at least twice."""
    counts = Counter(candidates)
    return {lab for lab, n in counts.items() if n >= 2 or infer_role(lab) != "unknown"}


def assemble_turns(events: Iterable[tuple]) -> tuple[list[Turn], list[str]]:
    """Build turns from a reader's events, in document order.

    Events are ``("section", name)`` (applies to the next turn), ``("turn", speaker,
    text, t_start)`` (starts a turn) and ``("text", line)`` (continues the current turn,
    or is preamble before the first). Blank lines are skipped; a turn's lines are
    joined with spaces.

    Returns
    -------
    (turns, preamble)
    """
    turns: list[Turn] = []
    preamble: list[str] = []
    speaker: str | None = None
    texts: list[str] = []
    t_start = math.nan
    section: str | None = None
    pending: str | None = None

    def flush() -> None:
        nonlocal texts
        if speaker is not None and texts:
            turns.append(Turn(speaker, " ".join(texts), t_start=t_start, section=section))
        texts = []

    for ev in events:
        if ev[0] == "section":
            flush()
            pending = ev[1]
        elif ev[0] == "turn":
            flush()
            speaker, first, t_start = ev[1], ev[2], ev[3]
            if pending is not None:
                section, pending = pending, None
            texts = [first] if first.strip() else []
        elif ev[1].strip():
            (preamble if speaker is None else texts).append(ev[1].strip())
    flush()
    return turns, preamble


def turns_from_lines(lines: Sequence[str], path: str | Path, *,
                     where: str = "line") -> tuple[list[Turn], list[str]]:
    """Turn "Speaker: text" lines into turns.

    A line with a trusted label starts a turn; a section marker sets the section;
    any other non-blank line continues the current turn. Lines before the first
    label are returned as the preamble.

    Returns
    -------
    (turns, preamble)
    """
    split = [split_label(ln) if match_section(ln) is None else None for ln in lines]
    trusted = accepted_labels(s[0] for s in split if s is not None)
    if not trusted:
        first = next((ln for ln in lines if ln.strip()), "")
        raise TranscriptFormatError(Errors.Q104.format(path=path, checked=len(lines),
                                                       found=first[:80]))
    events: list[tuple] = []
    for ln, sp in zip(lines, split):
        sec = match_section(ln)
        if sec is not None:
            events.append(("section", sec))
        elif sp is not None and sp[0] in trusted:
            events.append(("turn", *sp))
        else:
            events.append(("text", ln))
    turns, preamble = assemble_turns(events)
    if not turns:
        raise TranscriptFormatError(Errors.Q104.format(path=path, checked=len(lines),
                                                       found=next((x for x in lines if x.strip()), "")[:80]))
    return turns, preamble
