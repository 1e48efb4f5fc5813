"""Plain-text reader: encodings, labels, timestamps, sections, errors, round trips."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit.errors import QualkitWarning, TranscriptEncodingError, TranscriptFormatError


def _rows(t):
    return [tuple(r) for r in t.utterances[["speaker", "role", "text"]].itertuples(index=False)]


def check_invariant(t):
    for r in t.utterances.itertuples():
        assert t.text[r.start:r.end] == r.text


def test_txt_reads_labels_timestamps_and_sections(tmp_path):
    p = tmp_path / "fg2_session3.txt"
    p.write_text("# Benefits\n[00:00:05] Facilitator: What could it be used for?\n"
                 "P01: Saving time.\nFor GPs.\n\nP02 (00:01:10): Research.\n"
                 "[Section: Risks]\nP01: Hackers.\n", encoding="utf-8")
    t = qk.read_transcript(p)
    assert (t.group, t.session) == ("FG2", 3)
    u = t.utterances
    assert _rows(t) == [("Facilitator", "facilitator", "What could it be used for?"),
                        ("P01", "participant", "Saving time. For GPs."),
                        ("P02", "participant", "Research."),
                        ("P01", "participant", "Hackers.")]
    assert u["section"].tolist() == ["Benefits", "Benefits", "Benefits", "Risks"]
    assert u["t_start"].iloc[0] == 5.0 and u["t_start"].iloc[2] == 70.0
    assert math.isnan(u["t_start"].iloc[1])
    check_invariant(t)


@pytest.mark.parametrize("encoding,bom", [("cp1252", b""), ("utf-8", b"\xef\xbb\xbf"),
                                          ("utf-16-le", b"\xff\xfe"), ("utf-8", b"")])
def test_txt_encodings(tmp_path, encoding, bom):
    text = "Facilitator: Is \u201cfree\u201d care worth \u00a35?\r\nP01: It\u2019s caf\u00e9 money.\r\n"
    p = tmp_path / "enc.txt"
    p.write_bytes(bom + text.encode(encoding))
    t = qk.read_transcript(p)
    assert t.utterances["text"].tolist() == ["Is \u201cfree\u201d care worth \u00a35?",
                                             "It\u2019s caf\u00e9 money."]
    check_invariant(t)


def test_txt_errors_name_the_file(tmp_path):
    p = tmp_path / "nolabels.txt"
    p.write_text("just some words\nand more words\n")
    with pytest.raises(TranscriptFormatError, match=r"Q104.*nolabels\.txt.*'xxxx xxxx xxxx'"):
        qk.read_transcript(p)
    e = tmp_path / "empty.txt"
    e.write_text("")
    with pytest.raises(TranscriptFormatError, match=r"Q103.*empty\.txt"):
        qk.read_transcript(e)
    b = tmp_path / "binary.txt"
    b.write_bytes(b"P01: hi\n" + bytes(range(256)) * 4)
    with pytest.raises(TranscriptEncodingError, match=r"Q105.*binary\.txt: line 2, column 1.*"
                                                      r"control characters: a binary file"):
        qk.read_transcript(b)
    with pytest.raises(TranscriptFormatError, match=r"Q003.*missing\.txt"):
        qk.read_transcript(tmp_path / "missing.txt")
    x = tmp_path / "notes.xyz"
    x.write_text("P01: hi")
    with pytest.raises(TranscriptFormatError, match=r"Q102.*notes\.xyz.*'\.xyz'"):
        qk.read_transcript(x)


def test_txt_folder_with_one_bad_file(tmp_path):
    (tmp_path / "fg1_s1.txt").write_text("Facilitator: Hello.\nP01: Hi.\n")
    (tmp_path / "fg2_s1.txt").write_text("Facilitator: Hello.\nP02: Yo.\n")
    (tmp_path / "fg3_s1.txt").write_text("no labels at all\n")
    with pytest.raises(TranscriptFormatError, match=r"fg3_s1\.txt"):
        qk.read_transcripts(tmp_path)
    with pytest.warns(QualkitWarning, match=r"W101.*fg3_s1\.txt.*skipped"):
        c = qk.read_transcripts(tmp_path, errors="warn")
    assert c.ids == ["fg1_s1", "fg2_s1"]
    assert c.participants["participant_id"].tolist() == ["P01", "P02"]


# ---------------------------------------------------------------- hypothesis round trips
_alphabet = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                          blacklist_characters=":<>&#[]\u2028\u2029\u0085\x1c\x1d\x1e\x1f")
_words = st.text(_alphabet, min_size=1, max_size=12).map(lambda s: "".join(s.split())).filter(bool)
_emoji = st.sampled_from(["\U0001F600", "\U0001F44D\U0001F3FD", "\u00e9", "\u00a3", "\u201c"])
_text = st.lists(st.one_of(_words, _emoji), min_size=1, max_size=10).map(" ".join)
_speaker = st.sampled_from(["Facilitator", "P01", "P02", "P13", "Moderator"])
TURNS = st.lists(st.tuples(_speaker, _text), min_size=1, max_size=8)


def merged(turns):
    out = []
    for sp, tx in turns:
        tx = " ".join(tx.split())
        if out and out[-1][0] == sp:
            out[-1] = (sp, out[-1][1] + " " + tx)
        else:
            out.append((sp, tx))
    return out


def _safe(tx):
    # a leading word that looks like a label or a section would be read as one
    return "x " + tx


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=TURNS)
def test_txt_roundtrip_property(tmp_path, turns):
    turns = [(sp, _safe(tx)) for sp, tx in turns]
    p = tmp_path / "rt.txt"
    p.write_text("".join(f"{sp}: {tx}\n" for sp, tx in turns), encoding="utf-8")
    t = qk.read_transcript(p)
    got = list(zip(t.utterances["speaker"], t.utterances["text"]))
    assert got == merged(turns)
    check_invariant(t)


def test_txt_webvtt_voice_tags_saved_as_text(tmp_path):
    """Captions saved as .txt keep '<v Name>' tags: the tag names the speaker; a second
    tag of the same voice in a line is markup; one of another voice starts its turn."""
    p = tmp_path / "ep12.txt"
    p.write_text(
        "00:00:00 <v Mara Quint>Welcome back to the garden hour, I'm Mara.\n\n"
        "00:00:05 <v Mara Quint>Today we talk about <v Mara Quint>compost and worms.\n\n"
        "00:00:09 <v Olu Badmus>And I'm Olu. Worms first, then.\n\n"
        "00:00:12 <v Olu Badmus>They like the dark. <v Mara Quint>They do.</v>\n\n"
        "00:00:15 <v Speaker 3>Can I ask something?\n", encoding="utf-8")
    t = qk.read_transcript(p)
    u = t.utterances
    assert list(u.speaker) == ["Mara Quint", "Olu Badmus", "Mara Quint", "Speaker 3"]
    assert u.text[0] == ("Welcome back to the garden hour, I'm Mara. Today we talk about "
                         "compost and worms.")
    assert list(u.t_start) == [0.0, 9.0, 12.0, 15.0]
    assert "<v" not in t.text and "</v>" not in t.text
    check_invariant(t)
    rep = qk.read_transcripts([p]).reading_report
    assert rep.layout[0] == "<v Name> voice lines (captions saved as text)"
