"""WebVTT and SRT by their specs, and speakers in cue files by the trust rules.

Every fixture is our own synthetic wording, written in the layouts the tools produce
(YouTube auto-captions, Teams, Zoom, subtitle files with colon sentences).
"""

from __future__ import annotations

import math
import warnings

import pytest

import qualkit as qk
from qualkit.io._cues import cue_text


def read(tmp_path, name, text, expect_low=False):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        t = qk.read_transcript(p)
    low = [x for x in w if "W120" in str(x.message)]
    assert bool(low) == expect_low, [str(x.message) for x in w]
    for r in t.utterances.itertuples():
        assert t.text[r.start:r.end] == r.text
    return t


def rows(t, *cols):
    return t.utterances[list(cols)].values.tolist()


def test_cues_timing_line_inside_a_cue_starts_a_new_cue(tmp_path):
    # YouTube's layout: no blank line before the next timing line, inline timestamps, <c>
    t = read(tmp_path, "yt.vtt", "WEBVTT\nKind: captions\nLanguage: en\n\n"
             "00:01:00.000 --> 00:01:02.000 align:start position:0%\nso the\n"
             "<c.colorA0A0A0>plan</c>\n"
             "00:01:02.000 --> 00:01:04.500 align:start position:0%\n"
             "is<00:01:02.300><c> to</c><00:01:02.900><c> share</c>\n\n"
             "00:01:04.500 --> 00:01:06.000\nrecords safely\n", expect_low=True)
    assert rows(t, "speaker", "t_start", "t_end") == [["unknown", 60.0, 66.0]]
    assert t.utterances["text"].iloc[0] == "so the plan is to share records safely"
    assert "-->" not in t.text and "Kind" not in t.text


def test_cues_angle_brackets_that_open_no_tag_are_text(tmp_path):
    t = read(tmp_path, "pct.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n"
             "<v Ana>I read that <50% trust them and >30% do not &amp; a <b>few</b> "
             "are a<b unsure.</v>\n")
    assert rows(t, "speaker", "text") == [
        ["Ana", "I read that <50% trust them and >30% do not & a few are a<b unsure."]]


def test_cues_several_voices_in_one_cue_are_several_turns(tmp_path):
    t = read(tmp_path, "voices.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n"
             "<v Ana>Shall we start?</v>\n<v.loud Ben Okoro>Yes.</v> <v Cy>Fine by me.\n\n"
             "00:00:04.000 --> 00:00:05.000\n<v Ana>Good.\n")
    assert rows(t, "speaker", "text", "t_start", "t_end") == [
        ["Ana", "Shall we start?", 1.0, 4.0], ["Ben Okoro", "Yes.", 1.0, 4.0],
        ["Cy", "Fine by me.", 1.0, 4.0], ["Ana", "Good.", 4.0, 5.0]]
    assert cue_text("<v A>x</v><v B>y") == [("A", "x"), ("B", "y")]


def test_cues_teams_short_timestamps_and_overlaps(tmp_path):
    t = read(tmp_path, "teams.vtt", "WEBVTT\n\n0:0:0.0 --> 0:0:0.570\n<v Rui Costa>Morning.</v>\n\n"
             "0:0:0.210 --> 0:0:1.130\n<v Ida Berg>Morning, Rui.</v>\n\n"
             "0:1:2.5 --> 0:1:3.25\n<v Rui Costa>Right.</v>\n")
    assert rows(t, "speaker", "t_start", "t_end") == [
        ["Rui Costa", 0.0, 0.57], ["Ida Berg", 0.21, 1.13], ["Rui Costa", 62.5, 63.25]]


def test_cues_srt_lenient_timings_and_font_tags(tmp_path):
    t = read(tmp_path, "odd.srt", "1\n00:00:01 --> 00:00:02,5\n<font color=\"#fff\">Ana:</font> "
             "{\\an8}Up here.\n\n2\n00:00:03,000 --> 00:00:04.250\nAna: Mixed marks.\n")
    assert rows(t, "speaker", "text", "t_start", "t_end") == [
        ["Ana", "Up here. Mixed marks.", 1.0, 4.25]]


CAPTIONS = """1
00:00:01,000 --> 00:00:03,000
Here is one rule:

2
00:00:03,500 --> 00:00:05,000
Rule number two: never share.

3
00:00:05,500 --> 00:00:07,000
And I said:
keep it local.

4
00:00:07,500 --> 00:00:09,000
Nobody: nobody disagreed.

5
00:00:09,500 --> 00:00:11,000
Then we left.

6
00:00:11,500 --> 00:00:13,000
It rained.

7
00:00:13,500 --> 00:00:15,000
[Ana] Are you coming?

8
00:00:15,500 --> 00:00:17,000
Yes.

9
00:00:17,500 --> 00:00:19,000
[Ana] Hurry.

10
00:00:19,500 --> 00:00:21,000
Later.

11
00:00:21,500 --> 00:00:23,000
Fine.

12
00:00:23,500 --> 00:00:25,000
The end.
"""


def test_cues_caption_file_invents_no_speakers_and_carries_none_forward(tmp_path):
    t = read(tmp_path, "film.srt", CAPTIONS, expect_low=True)
    u = t.utterances
    # a recurring bracketed name ([Ana], twice) names its own cue only
    assert set(u["speaker"]) == {"unknown", "Ana"}
    assert u.loc[u["speaker"] == "Ana", "text"].tolist() == ["Are you coming?", "Hurry."]
    for phrase in ("Here is one rule:", "Rule number two: never share.", "And I said: keep",
                   "Nobody: nobody disagreed.", "Yes.", "Later."):
        assert phrase in t.text
    assert t.reading["layout"] == "SRT captions without speakers"


def test_cues_zoom_labels_seen_once_and_device_names(tmp_path):
    cues = [("Mayor Reyes", "We begin."), ("Dana Wu\u2019s iPad", "Can you hear me?"),
            ("Mayor Reyes", "Yes."), ("Dana Wu\u2019s iPad", "Good."),
            ("Councillor Obi", "One point from me."), ("Mayor Reyes", "Go on."),
            (None, "and a second cue with no name"), ("Dana Wu\u2019s iPad", "Agreed.")]
    body = "".join(f"{i + 1}\n00:00:{i:02d}.000 --> 00:00:{i:02d}.900\n"
                   + (f"{sp}: {tx}" if sp else tx) + "\n\n" for i, (sp, tx) in enumerate(cues))
    t = read(tmp_path, "zoom.vtt", "WEBVTT\n\n" + body)
    assert t.utterances["speaker"].tolist() == [
        "Mayor Reyes", "Dana Wu\u2019s iPad", "Mayor Reyes", "Dana Wu\u2019s iPad",
        "Councillor Obi", "Mayor Reyes", "Dana Wu\u2019s iPad"]
    # the unnamed cue continues the speaker before it
    assert t.utterances["text"].iloc[5] == "Go on. and a second cue with no name"
    assert t.reading["layout"] == "WebVTT cues with 'Name: text' labels (Zoom)"


def test_cues_note_blocks_are_notes_style_and_header_are_not_text(tmp_path):
    t = read(tmp_path, "n.vtt", "WEBVTT - a title\nKind: captions\n\nSTYLE\n::cue { color: red }\n\n"
             "NOTE recorded in the library,\nroom two\n\nREGION\nid:fred\n\n"
             "00:00:01.000 --> 00:00:02.000\n<v Ana>Hello.\n", expect_low=True)
    assert t.notes["text"].tolist() == ["recorded in the library, room two"]
    assert "color" not in t.text and "fred" not in t.text
    assert rows(t, "speaker", "text") == [["Ana", "Hello."]]


def test_cues_whitespace_only_lines_separate_cues(tmp_path):
    t = read(tmp_path, "ws.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>One.\n  \t\n"
             "00:00:02.000 --> 00:00:03.000\n<v Ben>Two.\n")
    assert rows(t, "speaker", "t_start") == [["Ana", 1.0], ["Ben", 2.0]]
    assert not math.isnan(t.utterances["t_end"].iloc[1])


def test_cues_text_without_a_timing_is_an_error_naming_the_line(tmp_path):
    p = tmp_path / "lost.vtt"
    p.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>One.\n\nstray words here\n")
    with pytest.raises(qk.errors.TranscriptFormatError, match=r"Q101.*lost\.vtt: line 6"):
        qk.read_transcript(p)
    assert len(read(tmp_path, "ok.srt", "00:00:01,000 --> 00:00:02,000\nno index line\n",
                    expect_low=True)) == 1


def test_cues_names_only_where_the_speaker_changes(tmp_path):
    # captioning tools that open a block with "[NAME]:" or ">> NAME:" only at a change
    cues = ["[ANA]: So the first", "question is simple.", "Who holds the records?",
            ">> BEN OKORO: The practice does.", "Every one of them,", "as far as I know.",
            "and nobody else.", "[ANA]: Thanks.", "That helps.", "a lot.", "- BEN OKORO: Good."]
    body = "".join(f"{i + 1}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{c}\n\n"
                   for i, c in enumerate(cues))
    t = read(tmp_path, "cc.srt", body)
    assert rows(t, "speaker", "text") == [
        ["ANA", "So the first question is simple. Who holds the records?"],
        ["BEN OKORO", "The practice does. Every one of them, as far as I know. and nobody else."],
        ["ANA", "Thanks. That helps. a lot."], ["BEN OKORO", "Good."]]


def test_cues_white_space_line_inside_a_cue_and_parenthesised_speakers(tmp_path):
    # a captioning layout: "(Name)" alone on a line opens each speaker's part; a cue holding
    # two speakers puts "-" and a line of one space between them (by the WebVTT rules only
    # an empty line ends a block, so the second part is still the cue's)
    body = ("WEBVTT\n\n00:00:04.000 --> 00:00:09.000\n(Noor Haddad)\nShould the clinic share"
            "\n\n00:00:09.000 --> 00:00:13.000\n(Noor Haddad)\nwhat it holds?\n-\n \n"
            "(Tomasz Wr\u00f3bel)\nOnly with consent (laughs)\n\n00:00:13.000 --> 00:00:16.000\n"
            "(Tomasz Wr\u00f3bel)\nand only for care.\n\n00:00:16.000 --> 00:00:18.000\n"
            "(Noor Haddad)\n(laughs)\nFair.\n\n00:00:18.000 --> 00:00:19.000\n(laughs)\n")
    t = read(tmp_path, "paren.vtt", body)
    assert rows(t, "speaker", "text", "t_start") == [
        ["Noor Haddad", "Should the clinic share what it holds?", 4.0],
        ["Tomasz Wr\u00f3bel", "Only with consent (laughs) and only for care.", 9.0],
        ["Noor Haddad", "(laughs) Fair. (laughs)", 16.0]]
    assert t.reading["layout"] == "WebVTT cues with '(Name)' speaker lines"
    # a sound in parentheses opening most cues is no speaker
    sounds = "WEBVTT\n\n" + "".join(f"00:00:0{i}.000 --> 00:00:0{i}.900\n(Music)\nla la {i}\n\n"
                                    for i in range(1, 5))
    t = read(tmp_path, "music.vtt", sounds, expect_low=True)
    assert set(t.utterances["speaker"]) == {"unknown"}
    assert t.text.count("(Music)") == 4


def test_cues_white_space_line_before_a_cue_number_still_ends_the_cue(tmp_path):
    t = read(tmp_path, "ws.srt", "1\n00:00:01,000 --> 00:00:02,000\nAna: One.\n \n"
             "2\n00:00:02,000 --> 00:00:03,000\nBen: Two.\n \t\n\n"
             "3\n00:00:03,000 --> 00:00:04,000\nAna: Three\n \nstill Ana\n")
    assert rows(t, "speaker", "text") == [["Ana", "One."], ["Ben", "Two."],
                                          ["Ana", "Three still Ana"]]
