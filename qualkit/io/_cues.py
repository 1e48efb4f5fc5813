"""WebVTT and SRT subtitle transcripts, parsed strictly so every error names its line.

A small parser of our own rather than webvtt-py: webvtt-py reports malformed
cues without the line number or the text found, and qualkit's errors must name
both. Speakers come from a Microsoft Teams voice tag (``<v Name>text</v>``) or a
Zoom-style ``Name: text`` at the start of the cue; a cue with neither continues
the previous speaker. Cue times become ``t_start`` / ``t_end``; consecutive cues
by one speaker are merged into one turn by ``Transcript.from_turns``.

Sections: in WebVTT a ``NOTE`` block holding a section marker (``NOTE Section:
Risks``, ``NOTE # Topic 2: Risks``) names the section of the cues after it; in either
format a cue whose whole text is a bracketed marker (``[Section: Risks]``) does the
same and is not a turn.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..corpus import Turn
from ..errors import Errors, TranscriptFormatError
from ._common import match_section, read_text_file, split_label

__all__ = ["parse_cues"]

_VTT_TS = r"(?:\d+:)?\d{1,2}:\d{2}\.\d{3}"
_SRT_TS = r"\d+:\d{1,2}:\d{2}[,.]\d{1,3}"
_VTT_TIMING = re.compile(rf"^\s*({_VTT_TS})\s+-->\s+({_VTT_TS})(?:\s+.*)?$")
_SRT_TIMING = re.compile(rf"^\s*({_SRT_TS})\s+-->\s+({_SRT_TS})(?:\s+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_LOOKS_TIMED = re.compile(r"\d+:\d{2}|-->|->")
_BRACKETED = re.compile(r"^\s*\[[^\]]+\]\s*$")


def _seconds(ts: str) -> float:
    ts = ts.replace(",", ".")
    parts = ts.split(":")
    secs = 0.0
    for p in parts[:-1]:
        secs = secs * 60 + int(p)
    return secs * 60 + float(parts[-1])


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = []
    cur: list[tuple[int, str]] = []
    for i, ln in enumerate(lines, start=1):
        if ln.strip():
            cur.append((i, ln.rstrip()))
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _speaker_text(raw: str, prev: str | None) -> tuple[str | None, str]:
    m = _VOICE.search(raw)
    if m:
        speaker = m.group(1).strip()
        text = html.unescape(_TAG.sub("", raw))
        return speaker, text
    text = html.unescape(_TAG.sub("", raw))
    sp = split_label(text)
    if sp is not None:
        return sp[0], sp[1]
    return prev, text


def parse_cues(path: Path, kind: str) -> tuple[list[Turn], dict]:
    """Parse a .vtt (``kind="vtt"``) or .srt (``kind="srt"``) file into turns."""
    text = read_text_file(path)
    lines = text.split("\n")
    blocks = _blocks(lines)
    timing_re = _VTT_TIMING if kind == "vtt" else _SRT_TIMING
    if kind == "vtt":
        first = blocks[0][0] if blocks else (1, "")
        if not first[1].lstrip("\ufeff").startswith("WEBVTT"):
            raise TranscriptFormatError(Errors.Q116.format(
                path=path, line=first[0], expected="the header 'WEBVTT'", found=first[1][:80]))
        blocks = blocks[1:]
    turns: list[Turn] = []
    speaker: str | None = None
    section: str | None = None
    for block in blocks:
        head = block[0][1].strip()
        if kind == "vtt" and re.match(r"^(NOTE|STYLE|REGION)(\s|$)", head):
            if head.startswith("NOTE"):
                note = " ".join([head[4:].strip()] + [ln.strip() for _, ln in block[1:]])
                section = match_section(note.strip()) or section
            continue
        idx = next((k for k, (_, ln) in enumerate(block) if "-->" in ln), None)
        if idx is None or idx > 1:
            # No timing line where one must be: report the line that should hold it.
            cands = [(n, ln) for n, ln in block[:2] if _LOOKS_TIMED.search(ln)]
            lineno, found = cands[0] if cands else (block[1] if idx is not None else block[0])
            raise _timing_error(path, kind, lineno, found)
        if kind == "srt" and idx == 1 and not head.isdigit():
            raise TranscriptFormatError(Errors.Q116.format(
                path=path, line=block[0][0], expected="a cue number such as '12'",
                found=head[:80]))
        lineno, timing = block[idx]
        m = timing_re.match(timing)
        if not m:
            raise _timing_error(path, kind, lineno, timing)
        try:
            t0, t1 = _seconds(m.group(1)), _seconds(m.group(2))
        except (ValueError, OverflowError):  # e.g. thousands of hour digits
            raise _timing_error(path, kind, lineno, timing[:80],
                                "a time out of range") from None
        if t1 < t0:
            raise _timing_error(path, kind, lineno, timing, "the end is before the start")
        raw = " ".join(ln.strip() for _, ln in block[idx + 1:])
        if _BRACKETED.match(raw) and match_section(raw) is not None:
            section = match_section(raw)
            continue
        who, said = _speaker_text(raw, speaker)
        if who is None:
            who = "Unknown"
        speaker = who
        if said.strip():
            turns.append(Turn(who, said, t_start=t0, t_end=t1, section=section))
    if not turns:
        raise TranscriptFormatError(Errors.Q103.format(path=path))
    name = "WebVTT" if kind == "vtt" else "SRT"
    voiced = any(_VOICE.search(ln) for ln in lines)
    named = any(t.speaker != "Unknown" for t in turns)
    layout = (f"{name} cues with <v> voices (Teams)" if voiced else
              f"{name} cues with 'Name: text' (Zoom)" if named else f"{name} captions, no speakers")
    return turns, {"_layout": layout, "_encoding": text.encoding}


def _timing_error(path: Path, kind: str, line: int, found: str,
                  problem: str | None = None) -> TranscriptFormatError:
    if kind == "vtt" and problem is None:
        return TranscriptFormatError(Errors.Q101.format(path=path, line=line, found=found))
    example = ("'00:01:02.500 --> 00:01:05.000'" if kind == "vtt"
               else "'00:01:02,500 --> 00:01:05,000'")
    expected = f"a cue timing like {example}" + (f" ({problem})" if problem else "")
    return TranscriptFormatError(Errors.Q116.format(path=path, line=line, expected=expected,
                                                    found=found))
