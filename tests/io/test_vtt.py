"""WebVTT reader: Zoom and Teams styles, cue times, NOTE/STYLE blocks, errors with lines."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import qualkit as qk
from qualkit.errors import TranscriptFormatError

from test_txt import TURNS, _safe, check_invariant, merged

ZOOM = """WEBVTT

NOTE written by Zoom

STYLE
::cue { color: red }

1
00:00:01.000 --> 00:00:04.500
Facilitator: Welcome everyone.

2
00:00:05.000 --> 00:00:07.000
P01: Thanks for having us.

3
00:00:07.500 --> 00:00:09.000
P01: I have a view.

cue-4
00:01:00.250 --> 00:01:02.000 align:start
P02: Me &amp; my family
worry.
"""

TEAMS = """WEBVTT

00:00:01.000 --> 00:00:02.000
<v Facilitator>Hello.</v>

00:00:02.000 --> 00:00:03.000
<v Jane Smith>Hi, <i>there</i>.</v>

00:00:03.000 --> 00:00:04.000
<v.loud Jane Smith>Again.</v>
"""


def test_vtt_zoom_style(tmp_path):
    p = tmp_path / "zoom.vtt"
    p.write_text(ZOOM, encoding="utf-8")
    t = qk.read_transcript(p)
    u = t.utterances
    assert u[["speaker", "role", "text", "t_start", "t_end"]].values.tolist() == [
        ["Facilitator", "facilitator", "Welcome everyone.", 1.0, 4.5],
        ["P01", "participant", "Thanks for having us. I have a view.", 5.0, 9.0],
        ["P02", "participant", "Me & my family worry.", 60.25, 62.0],
    ]
    check_invariant(t)


def test_vtt_teams_voice_tags(tmp_path):
    p = tmp_path / "teams.vtt"
    p.write_bytes(b"\xef\xbb\xbf" + TEAMS.replace("\n", "\r\n").encode("utf-8"))
    t = qk.read_transcript(p)
    u = t.utterances
    assert u[["speaker", "text", "t_start", "t_end"]].values.tolist() == [
        ["Facilitator", "Hello.", 1.0, 2.0], ["Jane Smith", "Hi, there. Again.", 2.0, 4.0]]
    check_invariant(t)


def test_vtt_broken_timestamp_names_line(tmp_path):
    p = tmp_path / "broken.vtt"
    p.write_text("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nP01: ok\n\n2\n"
                 "00:00:03.000 -> 00:00:04.000\nP01: bad arrow\n")
    with pytest.raises(TranscriptFormatError,
                       match=r"Q101.*broken\.vtt: line 8.*'dd:dd:dd\.ddd -> dd:dd:dd\.ddd'"):
        qk.read_transcript(p)
    q = tmp_path / "badtime.vtt"
    q.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nP01: ok\n")
    with pytest.raises(TranscriptFormatError, match=r"Q101.*badtime\.vtt: line 3.*dd:dd:dx\.ddd"):
        qk.read_transcript(q)
    r = tmp_path / "backwards.vtt"
    r.write_text("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nP01: ok\n")
    with pytest.raises(TranscriptFormatError, match=r"Q116.*backwards\.vtt: line 3.*end is before"):
        qk.read_transcript(r)


def test_vtt_missing_header(tmp_path):
    p = tmp_path / "nohead.vtt"
    p.write_text("00:00:01.000 --> 00:00:02.000\nP01: hi\n")
    with pytest.raises(TranscriptFormatError, match=r"Q116.*nohead\.vtt: line 1.*WEBVTT"):
        qk.read_transcript(p)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=TURNS)
def test_vtt_roundtrip_property(tmp_path, turns):
    turns = [(sp, _safe(tx)) for sp, tx in turns]
    cues = [f"{i + 1}\n00:00:{i:02d}.000 --> 00:00:{i + 1:02d}.000\n{sp}: {tx}\n"
            for i, (sp, tx) in enumerate(turns)]
    p = tmp_path / "rt.vtt"
    p.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    t = qk.read_transcript(p)
    assert list(zip(t.utterances["speaker"], t.utterances["text"])) == merged(turns)
    assert t.utterances["t_start"].iloc[0] == 0.0
    check_invariant(t)


SECTIONED = """WEBVTT

NOTE written by Zoom

NOTE Section: Benefits

1
00:00:01.000 --> 00:00:04.500
Facilitator: Welcome everyone.

2
00:00:05.000 --> 00:00:07.000
P01: It could help.

NOTE
# Topic 2: Risks

3
00:00:08.000 --> 00:00:09.000
P01: Hackers worry me.

4
00:00:09.500 --> 00:00:10.000
[Section: Trust]

5
00:00:10.500 --> 00:00:12.000
P02: I trust my GP.
"""


def test_vtt_sections_from_note_blocks_and_bracketed_cues(tmp_path):
    p = tmp_path / "s.vtt"
    p.write_text(SECTIONED, encoding="utf-8")
    u = qk.read_transcript(p).utterances
    # P01's two cues fall in different sections, so they stay two turns
    assert u[["speaker", "section"]].values.tolist() == [
        ["Facilitator", "Benefits"], ["P01", "Benefits"], ["P01", "Topic 2: Risks"],
        ["P02", "Trust"]]
    assert "Section: Trust" not in " ".join(u["text"])   # a marker is not a turn
    check_invariant(qk.read_transcript(p))


def test_srt_bracketed_cue_sets_section(tmp_path):
    p = tmp_path / "s.srt"
    p.write_text("1\n00:00:01,000 --> 00:00:02,000\n[Topic: Oversight]\n\n"
                 "2\n00:00:02,000 --> 00:00:04,000\nP03: Who checks them?\n", encoding="utf-8")
    u = qk.read_transcript(p).utterances
    assert u[["speaker", "section"]].values.tolist() == [["P03", "Oversight"]]
