"""WebVTT and SRT subtitle transcripts, parsed by the WebVTT rules and strictly enough that
every error names its line.

Our own parser rather than webvtt-py (0.6.0), which this reader had to go around in four
places: it deletes everything between ``<`` and ``>`` as a tag (``<50% trust them and
>30%`` becomes ``30%``), it drops a cue block that holds a second timing line (YouTube's
captions) instead of starting a new cue there, it gives a cue one voice however many
``<v>`` spans it holds, and its errors name no line. What is followed here:

- blocks are separated by blank lines; a line of only white space is blank where a new
  block follows it (a timing line, a cue number or identifier above one, a ``NOTE``),
  and inside a cue otherwise, as the WebVTT rules have it (only an empty line ends a
  block: tools write a cue's two speakers around a line holding one space); a
  line holding ``-->`` starts a cue wherever it stands (the WebVTT parsing rules), so a
  timing line inside a cue block ends that cue and starts the next; text with no timing
  line before it is an error naming its line [Q101]/[Q116], never silently dropped;
- timings as written by the tools: ``00:01:02.500``, ``01:02.500``, Microsoft Teams'
  short ``0:0:0.570``, SRT's ``00:00:01,000``, a missing fraction; cue settings
  (``align:start position:0%``) are ignored;
- only WebVTT's own tags are markup (``<c.class>``, ``<i>``, ``<b>``, ``<u>``, ``<ruby>``,
  ``<rt>``, ``<lang en>``, ``<v Name>``, ``<00:00:01.000>``) and SRT's ``<font>`` and
  ``{\\an8}``; any other ``<`` or ``>`` is text; entities (``&amp;``) are decoded;
- speakers: each ``<v Name>`` span is a turn of its own (several voices in one cue are
  several turns); a ``Name: text`` label at the start of a cue is a speaker by the trust
  rules of :func:`~qualkit.io._common.classify_lines` (it names a role, recurs and looks
  like a name, or is seen once in a file whose speakers are labelled);
- a file whose cues mostly carry a speaker (a Zoom or Teams transcript, an SRT with
  names) continues the previous speaker in a cue with none; a caption file (cues
  mostly unlabelled: films, lectures, YouTube) reads every unlabelled cue as speaker
  ``unknown`` and carries no speaker forward;
- a ``NOTE`` block is a note of the transcript, unless it names a section (``NOTE
  Section: Risks``), which then names the section of the cues after it, as a cue
  whose whole text is a bracketed marker (``[Section: Risks]``) does; ``STYLE`` and
  ``REGION`` blocks and the header's metadata (``Kind: captions``) are not text.

Cue times become ``t_start`` / ``t_end``; consecutive cues of one speaker are merged
into one turn by ``Transcript.from_turns``.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from pathlib import Path

from ..corpus import NOTE_ROLE, Turn
from ..errors import Errors, TranscriptFormatError
from .._hint import text_hint
from ._common import (
    UNKNOWN_SPEAKER, accepted_labels, is_content_label, is_name_like, match_section,
    read_text_file, split_label,
)

__all__ = ["parse_cues", "cue_text"]

_TS = r"(?:\d{1,5}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"^\s*({_TS})\s*-->\s*({_TS})(?=\s|$)")
_TS_PARTS = re.compile(r"^(?:(\d{1,5}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]{0,64})?[ \t]+([^>\n]{1,200})>")
# WebVTT's own tags (and SRT's <font>); anything else between < and > is text
_MARKUP = re.compile(r"</?(?:c|i|b|u|ruby|rt|lang|v|font)(?:[.\s][^<>]*)?>"
                     r"|<\d{1,2}(?::\d{2}){1,2}\.\d{3}>|\{\\[^{}]*\}", re.IGNORECASE)
_LOOKS_TIMED = re.compile(r"\d+:\d{2}|->")
# a dialogue dash or the broadcast speaker-change mark before a label: "- Ana: ", ">> ANA: "
_DIALOGUE = re.compile(r"^\s*(?:>>|-)\s*(?=\S)")
_BRACKETED = re.compile(r"^\s*\[[^\]]+\]\s*$")
_SPECIAL = re.compile(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)")
# "(Ana Lima)" alone on the first line of a cue, or after a "-" line: who speaks next
_PAREN_LINE = re.compile(r"(?:^|(?<=^-\n)|(?<=\n-\n))\(([^()\n<>]{1,80})\)[ \t]*(?=\n|$)")
_DASH_LINE = re.compile(r"(?m)^-[ \t]*\n(?=<v )")
#: A file is a transcript with speakers when at least this share of its cues name one.
LABELLED_CUES = 0.1


def _seconds(ts: str) -> float:
    m = _TS_PARTS.match(ts.strip())
    if not m:
        return math.nan
    h, mi, s, frac = m.groups()
    v = int(h or 0) * 3600 + int(mi) * 60 + int(s)
    return v + (int(frac) / 10 ** len(frac) if frac else 0.0)


def cue_text(raw: str) -> list[tuple[str | None, str]]:
    """Split a cue's text at each ``<v Name>`` tag and strip the markup: ``[(voice, text)]``.

    >>> cue_text("<v Ann>Yes, <i>mostly</i>.</v><v Bo>No &amp; never")
    [('Ann', 'Yes, mostly.'), ('Bo', 'No & never')]
    >>> cue_text("<50% trust them and >30% do not")
    [(None, '<50% trust them and >30% do not')]
    """
    out: list[tuple[str | None, str]] = []
    pos, voice = 0, None
    for m in _VOICE.finditer(raw):
        if m.start() > pos:
            out.append((voice, raw[pos:m.start()]))
        voice, pos = m.group(1).strip(), m.end()
    out.append((voice, raw[pos:]))
    clean = [(v, html.unescape(_MARKUP.sub("", t))) for v, t in out]
    return [(v, t) for v, t in clean if t.strip()]


def _blocks(lines: list[str], start: int) -> list[list[tuple[int, str]]]:
    """Blocks of (line number, line); a ``-->`` line after a block's first two lines, or
    a second one, starts a new block."""
    blocks: list[list[tuple[int, str]]] = []
    cur: list[tuple[int, str]] = []
    arrow = False
    for i in range(start, len(lines)):
        ln = lines[i].rstrip()
        if not ln and (lines[i] == "" or not cur or _starts_block(lines, i + 1)):
            if cur:
                blocks.append(cur)
            cur, arrow = [], False
            continue
        if not ln:
            continue  # white space inside a cue: no text, and no end of the cue
        if "-->" in ln:
            if cur and (arrow or len(cur) >= 2):
                blocks.append(cur)
                cur = []
            arrow = True
        cur.append((i + 1, ln))
    if cur:
        blocks.append(cur)
    return blocks


def _starts_block(lines: list[str], j: int) -> bool:
    """Whether a new block starts at line ``j``: after a line of white space inside a cue,
    the cue goes on unless a timing line, a cue number or identifier above one, a NOTE,
    a blank line or the end of the file follows (WebVTT: only an empty line ends a block)."""
    if j >= len(lines) or not lines[j].strip() or "-->" in lines[j]:
        return True
    return bool(_SPECIAL.match(lines[j])) or (j + 1 < len(lines) and "-->" in lines[j + 1])


def _timing_error(path: Path, kind: str, line: int, found: str,
                  problem: str | None = None) -> TranscriptFormatError:
    if kind == "vtt" and problem is None:
        return TranscriptFormatError(Errors.Q101.format(path=path, line=line,
                                                        found=text_hint(found)))
    example = ("'00:01:02.500 --> 00:01:05.000'" if kind == "vtt"
               else "'00:01:02,500 --> 00:01:05,000'")
    expected = f"a cue timing like {example}" + (f" ({problem})" if problem else "")
    return TranscriptFormatError(Errors.Q116.format(path=path, line=line, expected=expected,
                                                    found=text_hint(found)))


def _header(lines: list[str], path: Path) -> int:
    """Check the WEBVTT signature; return the index of the first line after the header."""
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise TranscriptFormatError(Errors.Q103.format(path=path))
    sig = lines[first].lstrip("\ufeff")
    if not (sig.startswith("WEBVTT") and (len(sig) == 6 or sig[6] in " \t")):
        raise TranscriptFormatError(Errors.Q116.format(
            path=path, line=first + 1, expected="the header 'WEBVTT'",
            found=text_hint(sig)))
    i = first + 1
    while i < len(lines) and lines[i].strip() and "-->" not in lines[i]:
        i += 1
    return i


def parse_cues(path: Path, kind: str) -> tuple[list[Turn], dict]:
    """Parse a .vtt (``kind="vtt"``) or .srt (``kind="srt"``) file into turns and notes."""
    text = read_text_file(path)
    lines = text.split("\n")
    blocks = _blocks(lines, _header(lines, path) if kind == "vtt" else 0)
    # ("cue", t0, t1, segments, section) | ("note", text, section)
    items: list[tuple] = []
    section: str | None = None
    for block in blocks:
        head = block[0][1].strip()
        if kind == "vtt" and _SPECIAL.match(head) and "-->" not in head and not (
                len(block) > 1 and "-->" in block[1][1]):
            if head.startswith("NOTE"):
                note = " ".join([head[4:].strip()] + [ln.strip() for _, ln in block[1:]]).strip()
                sec = match_section(note)
                if sec is not None:
                    section = sec
                elif note:
                    items.append(("note", note, section))
            continue
        idx = next((k for k, (_, ln) in enumerate(block[:2]) if "-->" in ln), None)
        if idx is None:
            # no timing line where one must be: name the line that should hold it
            cands = [(n, ln) for n, ln in block[:2] if _LOOKS_TIMED.search(ln)]
            lineno, found = cands[0] if cands else block[0]
            raise _timing_error(path, kind, lineno, found)
        if kind == "srt" and idx == 1 and not head.isdigit():
            raise TranscriptFormatError(Errors.Q116.format(
                path=path, line=block[0][0], expected="a cue number such as '12'",
                found=text_hint(head)))
        lineno, timing = block[idx]
        m = _TIMING.match(timing)
        if not m:
            raise _timing_error(path, kind, lineno, timing)
        t0, t1 = _seconds(m.group(1)), _seconds(m.group(2))
        if t1 < t0:
            raise _timing_error(path, kind, lineno, timing, "the end is before the start")
        raw = "\n".join(ln.strip() for _, ln in block[idx + 1:])
        if _BRACKETED.match(raw) and match_section(raw) is not None:
            section = match_section(raw)
            continue
        items.append(("raw", t0, t1, raw, section))
    items, parens = _paren_voices(items)
    turns, layout = _speakers(items, "WebVTT" if kind == "vtt" else "SRT")
    if parens:
        layout = f"{'WebVTT' if kind == 'vtt' else 'SRT'} cues with '(Name)' speaker lines"
    if not any(t.role != NOTE_ROLE for t in turns):
        raise TranscriptFormatError(Errors.Q103.format(path=path))
    return turns, {"_layout": layout, "_encoding": text.encoding}


def _paren_voices(items: list[tuple]) -> tuple[list[tuple], bool]:
    """Cues as segments; a name in parentheses on a line of its own at the start of a cue,
    or after a line holding only '-' (the next speaker in the cue), is that part's voice
    (``(Ana Lima)`` then her words) where such names open most cues and each recurs; a
    sound in parentheses (``(laughs)``) never is."""
    raws = [it[3] for it in items if it[0] == "raw"]
    heads: Counter[str] = Counter()
    opened = 0
    for raw in raws:
        names = [m.group(1).strip() for m in _PAREN_LINE.finditer(raw)]
        heads.update(names)
        first = _PAREN_LINE.match(raw)
        opened += first is not None and first.start() == 0
    voices = {n for n, c in heads.items() if c >= 2 and is_name_like(n, strict=False)}
    use = bool(voices) and opened >= 0.5 * len(raws)
    out: list[tuple] = []
    for it in items:
        if it[0] != "raw":
            out.append(it)
            continue
        raw = it[3]
        if use:
            raw = _PAREN_LINE.sub(
                lambda m: f"<v {m.group(1).strip()}>" if m.group(1).strip() in voices
                else m.group(0), raw)
            raw = _DASH_LINE.sub("", raw)
        segments = cue_text(raw)
        if segments:
            out.append(("cue", it[1], it[2], segments, it[4]))
    return out, use


def _label(segments: list[tuple[str | None, str]]) -> tuple[str, str] | None:
    """A 'Name: text' label at the start of an unvoiced cue."""
    voice, txt = segments[0]
    if voice is not None:
        return None
    first, _, rest = txt.strip().partition("\n")
    sp = split_label(_DIALOGUE.sub("", first))
    if sp is None or not sp[0] or is_content_label(sp[0]):
        return None
    body = (sp[1] + ("\n" + rest if rest else "")).strip()
    return sp[0], body


def _full_name(lab: tuple[str, str], counts: Counter[str]) -> bool:
    """A label seen once, with words after it, written as a full name: two to four words,
    each capitalised ("Ana Lima: So we began"), not a colon sentence ("Une chose en sa
    faveur:") nor one capitalised word ("Digo:").

    >>> _full_name(("Ana Lima", "So we began."), Counter({"Ana Lima": 1}))
    True
    >>> _full_name(("Digo", "que no."), Counter({"Digo": 1}))
    False
    """
    return (counts[lab[0]] == 1 and bool(lab[1]) and len(lab[0].split()) >= 2
            and is_name_like(lab[0]))


def _speakers(items: list[tuple], name: str) -> tuple[list[Turn], str]:
    """Turns from cues by the trust rules; the layout recognised."""
    labels = [_label(it[3]) if it[0] == "cue" else None for it in items]
    counts = Counter(lab[0] for lab in labels if lab is not None)
    trusted = accepted_labels([lab[0] for lab in labels if lab is not None])
    cues = [it for it in items if it[0] == "cue"]
    voiced = sum(1 for it in cues if any(v is not None for v, _ in it[3]))
    candidates = sum(1 for lab in labels if lab is not None)
    good = sum(1 for lab in labels if lab is not None and lab[0] in trusted)
    # a full name seen once ("Ana Lima: ...") where names stand only at speaker changes
    # (each guest named once, the hosts by first name): a label, for the share below
    full = sum(1 for lab in labels if lab is not None and lab[0] not in trusted
               and _full_name(lab, counts))
    # names on most cues (Zoom, Teams), or on fewer when nearly every label is a name
    # (names only where the speaker changes); film captions' colon sentences and
    # bracketed sounds ("[laughs]") are labels that are mostly not trusted
    labelled = bool(cues) and (voiced + good >= 0.5 * len(cues) or (
        voiced + good >= LABELLED_CUES * len(cues) and good + full >= 0.75 * candidates))
    turns: list[Turn] = []
    speaker: str | None = None
    for it, lab in zip(items, labels):
        if it[0] == "note":
            turns.append(Turn("", it[1], section=it[2], role=NOTE_ROLE))
            continue
        _, t0, t1, segments, section = it
        if lab is not None:
            ok = lab[0] in trusted or (labelled and counts[lab[0]] == 1 and bool(lab[1])
                                       and is_name_like(lab[0])
                                       and (speaker is not None or _full_name(lab, counts)))
            if ok and not lab[1] and len(segments) == 1:
                # a label with nothing after it: its words stay, as a note
                turns.append(Turn("", segments[0][1], section=section, role=NOTE_ROLE))
                speaker = lab[0] if labelled else speaker
                continue
            if ok:
                segments = [(lab[0], lab[1])] + segments[1:]
        for voice, txt in segments:
            if voice is not None:
                who = voice
            else:
                who = speaker if labelled and speaker is not None else UNKNOWN_SPEAKER
            if voice is not None or labelled:
                speaker = who
            if txt.strip():
                turns.append(Turn(who, txt, t_start=t0, t_end=t1, section=section))
    if voiced:
        layout = f"{name} cues with <v> voices (Teams)"
    elif labelled:
        layout = f"{name} cues with 'Name: text' labels (Zoom)"
    else:
        layout = f"{name} captions without speakers"
    return turns, layout
