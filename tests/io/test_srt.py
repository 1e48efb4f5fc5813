"""SRT reader: cue numbers, comma timings, multi-line cues, errors with lines."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import qualkit as qk
from qualkit.errors import TranscriptFormatError

from test_txt import TURNS, _safe, check_invariant, merged

SRT = """1
00:00:01,000 --> 00:00:03,000
Facilitator: Shall we begin?

2
00:00:03,500 --> 00:00:05,250
P01: Yes.
I think so.

3
00:00:06,000 --> 00:00:08,000
and more from P01.

4
01:00:00,000 --> 01:00:01,500
P02: \u00a3 and \U0001F44D
"""


def test_srt_reads_cues(tmp_path):
    p = tmp_path / "fg3_session1.srt"
    p.write_text(SRT, encoding="utf-16")
    t = qk.read_transcript(p)
    u = t.utterances
    assert u[["speaker", "role", "text", "t_start", "t_end"]].values.tolist() == [
        ["Facilitator", "facilitator", "Shall we begin?", 1.0, 3.0],
        ["P01", "participant", "Yes. I think so. and more from P01.", 3.5, 8.0],
        ["P02", "participant", "\u00a3 and \U0001F44D", 3600.0, 3601.5],
    ]
    check_invariant(t)


def test_srt_broken_timing_names_line(tmp_path):
    p = tmp_path / "bad.srt"
    p.write_text("1\n00:00:01,000 --> 00:00:02,000\nP01: ok\n\n2\n00:00:03 --> 00:00:04,00x\nP01: x\n")
    with pytest.raises(TranscriptFormatError, match=r"Q116.*bad\.srt: line 6.*'dd:dd:dd --> dd:dd:dd,ddx'"):
        qk.read_transcript(p)
    q = tmp_path / "noarrow.srt"
    q.write_text("1\n00:00:01,000 --> 00:00:02,000\nP01: ok\n\n2\n00:00:03,000 to 00:00:04,000\nP01: x\n")
    with pytest.raises(TranscriptFormatError, match=r"noarrow\.srt: line 6.*'dd:dd:dd,ddd xx dd"):
        qk.read_transcript(q)
    r = tmp_path / "noindex.srt"
    r.write_text("one\n00:00:01,000 --> 00:00:02,000\nP01: ok\n")
    with pytest.raises(TranscriptFormatError, match=r"noindex\.srt: line 1.*cue number.*shape 'xxx'"):
        qk.read_transcript(r)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=TURNS)
def test_srt_roundtrip_property(tmp_path, turns):
    turns = [(sp, _safe(tx)) for sp, tx in turns]
    cues = [f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i + 1:02d},500\n{sp}: {tx}\n"
            for i, (sp, tx) in enumerate(turns)]
    p = tmp_path / "rt.srt"
    p.write_text("\n".join(cues), encoding="utf-8")
    t = qk.read_transcript(p)
    assert list(zip(t.utterances["speaker"], t.utterances["text"])) == merged(turns)
    check_invariant(t)


def test_srt_names_only_at_speaker_changes_with_guests_named_once(tmp_path):
    """Podcast captions name the speaker only where it changes; the hosts recur by first
    name, each guest is named once in full: all are speakers, unnamed cues go on."""
    cues = [("Lena Ortiz", "Hello and welcome"), (None, "to the show about bikes."),
            ("Sam", "I'm Sam."), ("Lena", "Today we hear"), (None, "from two riders."),
            ("Pia Walcott", "I started riding"), (None, "when I was nine."),
            ("Lena", "And next"), ("Jon Ferreira", "Mountain roads,"),
            (None, "mostly."), ("Sam", "Great."), ("Lena", "Thanks, both.")]
    blocks = []
    for i, (name, text) in enumerate(cues, start=1):
        body = f"{name}: {text}" if name else text
        blocks.append(f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{body}\n")
    p = tmp_path / "bikes.srt"
    p.write_text("\n".join(blocks), encoding="utf-8")
    t = qk.read_transcript(p)
    assert list(t.utterances.speaker) == ["Lena Ortiz", "Sam", "Lena", "Pia Walcott", "Lena",
                                          "Jon Ferreira", "Sam", "Lena"]
    assert t.utterances.text[3] == "I started riding when I was nine."
