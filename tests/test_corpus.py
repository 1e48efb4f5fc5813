"""The data model: Transcript.from_turns, sections, Corpus tables and errors; roles."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from qualkit.corpus import UTTERANCE_COLUMNS, Corpus, Transcript, Turn, normalise_space
from qualkit.errors import InvalidParameterError, SpanError, TranscriptFormatError
from qualkit.roles import infer_role


def test_corpus_from_turns_merges_and_lays_out():
    t = Transcript.from_turns("fg1", [
        Turn("Facilitator", "  Welcome\n back ", t_start=1.0, t_end=2.0, section="Intro"),
        Turn("P01", "First", t_start=3.0, t_end=4.0),
        Turn("P01", "second", t_start=5.0, t_end=6.0),
        Turn("P01", "   "),                              # empty: dropped
        Turn("P01", "new section", section="Risks"),     # same speaker, new section: not merged
        Turn("P02", "x"), Turn("P02", "y", role="presenter"),  # different role: not merged
    ], group="FG1", session=2)
    assert t.text == ("# Intro\n\nFacilitator: Welcome back\n\nP01: First second\n\n# Risks\n\n"
                      "P01: new section\n\nP02: x\n\nP02: y")
    u = t.utterances
    assert list(u.columns) == UTTERANCE_COLUMNS
    assert u[["speaker", "role", "text", "section"]].values.tolist() == [
        ["Facilitator", "facilitator", "Welcome back", "Intro"],
        ["P01", "participant", "First second", "Intro"],
        ["P01", "participant", "new section", "Risks"],
        ["P02", "participant", "x", "Risks"],
        ["P02", "presenter", "y", "Risks"]]
    assert u["t_start"].iloc[1] == 3.0 and u["t_end"].iloc[1] == 6.0
    assert u["utterance_id"].tolist()[:2] == ["fg1:u0001", "fg1:u0002"]
    assert u["session"].tolist() == [2] * 5 and set(u["group"]) == {"FG1"}
    for r in u.itertuples():
        assert t.text[r.start:r.end] == r.text
    assert t.sections == ["Intro", "Risks"]
    assert t.n_words == 8
    assert t.utterance_at(u["start"].iloc[1]).text == "First second"
    assert t.utterance_at(0) is None


def test_corpus_from_turns_no_merge_and_role_map():
    t = Transcript.from_turns("a", [Turn("Dr Who", "one"), Turn("Dr Who", "two")],
                              merge_consecutive=False, role_map={"Dr Who": "presenter"})
    assert t.utterances["role"].tolist() == ["presenter", "presenter"]
    assert len(t) == 2


def test_corpus_transcript_errors():
    with pytest.raises(TranscriptFormatError, match=r"src\.txt: a turn has no speaker label \(its text has shape 'xx' \(2 char"):
        Transcript.from_turns("a", [Turn(" ", "hi")], source="src.txt")
    with pytest.raises(InvalidParameterError, match=r"Q001.*'transcript_id'"):
        Transcript("", "x", pd.DataFrame({"speaker": [], "start": [], "end": [], "text": []}))
    with pytest.raises(InvalidParameterError, match=r"Q002.*missing \['text'\]"):
        Transcript("a", "x", pd.DataFrame({"speaker": ["P01"], "start": [0], "end": [1]}))
    bad = pd.DataFrame({"speaker": ["P01"], "start": [0], "end": [2], "text": ["xy"]})
    with pytest.raises(SpanError, match=r"'a'.*\[0, 2\) \(shape 'xx'.*is not the utterance text"):
        Transcript("a", "ab", bad)
    with pytest.raises(SpanError, match=r"outside the text of length 1"):
        Transcript("a", "a", bad)
    t = Transcript.from_turns("t", [Turn("P01", "Hello there")])
    with pytest.raises(SpanError, match=r"span \[3, 2\)"):
        t.span(3, 2)
    with pytest.raises(SpanError, match=r"integers"):
        t.span(1.0, 2)


def test_corpus_tables_errors_and_summary():
    a = Transcript.from_turns("a", [Turn("Facilitator", "Hi all"), Turn("P02", "Hello there"),
                                    Turn("P01", "Hi")], group="FG1", session=1)
    b = Transcript.from_turns("b", [Turn("P03", "One two three")], group="FG2", session=1)
    c = Corpus([a, b])
    assert c.ids == ["a", "b"] and len(c) == 2 and "a" in c and c["b"] is b
    assert c.participants.values.tolist() == [["P01", "FG1"], ["P02", "FG1"], ["P03", "FG2"]]
    assert c.summary().iloc[0].to_dict() == {
        "transcripts": 2, "groups": 2, "sessions": 2, "sections": 0, "speakers": 4,
        "participants": 3, "utterances": 4, "words": 8}
    assert repr(c) == "Corpus(transcripts=2, utterances=4, participants=3)"
    with pytest.raises(InvalidParameterError, match=r"Q114.*'zz'.*\['a', 'b'\]"):
        c["zz"]
    with pytest.raises(InvalidParameterError, match=r"Q113.*'a'"):
        Corpus([a, a])
    with pytest.raises(InvalidParameterError, match=r"Q001.*Transcript objects.*'str'"):
        Corpus(["a"])
    with pytest.raises(InvalidParameterError, match=r"Q002.*participant_id"):
        Corpus([a], pd.DataFrame({"id": ["P01"]}))
    p = c.with_participants(pd.DataFrame({"participant_id": ["P01"], "age": [30]}))
    assert p.participants.columns.tolist() == ["participant_id", "age"]
    assert c.subset(["b"]).ids == ["b"]
    assert c == Corpus([a, b]) and a.replace(id="z").utterances["utterance_id"].iloc[0] == "z:u0001"
    empty = Corpus([])
    assert list(empty.utterances.columns) == UTTERANCE_COLUMNS and empty.participants.empty


def test_corpus_roles_defaults_and_map():
    assert [infer_role(x) for x in ["Facilitator", "Co-facilitator", "MOD 2", "Interviewer",
                                    "P12", "Participant 3", "Resp-4", "Expert", "Presenter 1",
                                    "Jane", ""]] == [
        "facilitator", "facilitator", "facilitator", "facilitator", "participant", "participant",
        "participant", "presenter", "presenter", "unknown", "unknown"]
    # interview layouts: I / R, Q / A, Interviewee, a bare Respondent
    assert [infer_role(x) for x in ["I", "R", "Q", "A", "Interviewee", "Interviewee 2",
                                    "Respondent", "Participant", "IV"]] == [
        "facilitator", "participant", "facilitator", "participant", "participant",
        "participant", "participant", "participant", "facilitator"]
    assert infer_role("jane", {"Jane": "participant"}) == "participant"
    assert infer_role("Guest 7", {r"guest \d+": "presenter"}) == "presenter"
    assert normalise_space(" a\n\tb ") == "a b"
    assert math.isnan(Turn("P01", "x").t_start)


def test_corpus_timed_turns_without_a_speaker_keep_their_times():
    # captions or timed lines with no speaker: a new utterance where the last ended a
    # sentence, so each keeps its time; a sentence broken over cues stays whole; named
    # speakers' consecutive cues still join
    turns = [Turn("unknown", "We began with", t_start=1.0, t_end=2.0),
             Turn("unknown", "the consent form.", t_start=2.0, t_end=4.0),
             Turn("unknown", "Then came the questions!", t_start=5.0, t_end=9.0),
             Turn("unknown", "\u201cWho sees it?\u201d", t_start=10.0, t_end=12.0),
             Turn("unknown", "No time given.", t_start=math.nan),
             Turn("Ana", "One.", t_start=20.0, t_end=21.0),
             Turn("Ana", "Two.", t_start=22.0, t_end=23.0)]
    u = Transcript.from_turns("cap", turns).utterances
    assert u[["speaker", "text", "t_start", "t_end"]].values.tolist() == [
        ["unknown", "We began with the consent form.", 1.0, 4.0],
        ["unknown", "Then came the questions!", 5.0, 9.0],
        ["unknown", "\u201cWho sees it?\u201d No time given.", 10.0, 12.0],
        ["Ana", "One. Two.", 20.0, 23.0]]
    # without sentence ends (automatic captions), a new utterance every 80 words or so
    words = [Turn("unknown", " ".join(["word"] * 10), t_start=float(i)) for i in range(20)]
    u = Transcript.from_turns("auto", words).utterances
    assert u["text"].str.split().str.len().tolist() == [80, 80, 40]
    assert u["t_start"].tolist() == [0.0, 8.0, 16.0]
