"""Reader fidelity: nothing dropped (notes), speaker labels as people write them, trust rules.

Fixtures are our own synthetic text in the layouts transcription tools write.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit.corpus import NOTE_ROLE, Transcript, Turn
from qualkit.errors import QualkitWarning
from qualkit.io._common import split_label

WORD = re.compile(r"\w+")


def words(s: str) -> Counter:
    return Counter(WORD.findall(s.casefold()))


def check_invariant(t):
    for r in t.utterances.itertuples():
        assert t.text[r.start:r.end] == r.text
    for r in t.notes.itertuples():
        assert t.text[r.start:r.end] == r.text


def read(tmp_path, name, text, **kw):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QualkitWarning)
        t = qk.read_transcript(p, **kw)
    check_invariant(t)
    return t


def speakers(t):
    return t.utterances["speaker"].tolist()


# ----------------------------------------------------------------------- notes
def test_fidelity_preamble_is_a_note_block_in_text(tmp_path):
    t = read(tmp_path, "fg1_s1.txt", "Project Kestrel, recorded 4 June\nVenue: Hall B\n\n"
             "Facilitator: Welcome all.\nP01: Thanks.\n")
    assert t.notes["text"].tolist() == ["Project Kestrel, recorded 4 June Venue: Hall B"]
    assert t.text.startswith("Project Kestrel, recorded 4 June Venue: Hall B\n\n")
    assert t.metadata["preamble"] == "Project Kestrel, recorded 4 June Venue: Hall B"
    assert speakers(t) == ["Facilitator", "P01"]
    assert (t.notes["role"] == NOTE_ROLE).all()


def test_fidelity_label_with_empty_body_is_a_note(tmp_path):
    t = read(tmp_path, "topics.txt", "Facilitator: First topic.\nP01: Yes.\n"
             "Garden sharing features:\nP01: I like it.\nFacilitator: Good.\n")
    assert speakers(t) == ["Facilitator", "P01", "P01", "Facilitator"]
    assert t.notes["text"].tolist() == ["Garden sharing features:"]
    assert words("Garden sharing features") <= words(t.text)


def test_fidelity_heading_lines_after_a_note_belong_to_it(tmp_path):
    t = read(tmp_path, "heads.txt", "Moderator: Hello.\nP02: Hi.\nKey points:\n"
             "- reuse of data\nP02: Right.\n")
    assert t.notes["text"].tolist() == ["Key points: - reuse of data"]
    assert t.utterances["text"].tolist() == ["Hello.", "Hi.", "Right."]


def test_fidelity_comment_header_lines_are_notes_not_sections(tmp_path):
    t = read(tmp_path, "hdr.txt", "# Session: pilot 2\n# Recorded by the team\n\n"
             "[00:01] [m1] Shall we begin?\n[00:04] [p1] Sure.\n[00:09] [m1] Great.\n")
    assert speakers(t) == ["m1", "p1", "m1"]
    assert t.notes["text"].tolist() == ["# Session: pilot 2", "# Recorded by the team"]
    assert t.utterances["t_start"].tolist() == [1.0, 4.0, 9.0]
    assert t.utterances["section"].isna().all()


def test_fidelity_transcript_turns_round_trip():
    t = Transcript.from_turns("x", [Turn("", "Intro text.", role="note"),
                                    Turn("P01", "Hi.", section="A"),
                                    Turn("", "Aside.", role="note"), Turn("P02", "Yo.")])
    again = Transcript.from_turns("x", t.turns(), merge_consecutive=False)
    assert again.text == t.text
    assert again.utterances.equals(t.utterances)
    assert t.notes["section"].tolist() == [None, "A"]


# ----------------------------------------------------------------------- labels
@pytest.mark.parametrize("label", ["Émilie", "Łukasz Nowak", "李雷", "Jane Doe (she/her)",
                                   "Ashlee Kemp (SL)", "Smith, John", "Participant #3",
                                   "J.D", "Saoirse O\u2019Neill", "Dominik Böhler"])
def test_fidelity_labels_as_people_write_them(tmp_path, label):
    t = read(tmp_path, "l.txt", f"Facilitator: Question one.\n{label}: My answer.\n"
             f"Facilitator: Thanks.\n{label}: More.\n")
    assert speakers(t) == ["Facilitator", label, "Facilitator", label]


def test_fidelity_label_seen_once_after_the_start_is_a_speaker(tmp_path):
    t = read(tmp_path, "once.txt", "Facilitator: Views?\nP01: Fine.\nFacilitator: Others?\n"
             "P01: Yes.\nSarah: I disagree.\n")
    assert speakers(t)[-1] == "Sarah"


def test_fidelity_recurring_content_label_is_not_a_speaker(tmp_path):
    t = read(tmp_path, "ai.txt", "Facilitator: Start.\nACTION ITEM: send notes\nP01: Ok.\n"
             "ACTION ITEM: book room\nFacilitator: Done.\n")
    assert "ACTION ITEM" not in speakers(t)
    assert words("send notes book room") <= words(t.text)


def test_fidelity_zoom_web_name_time_text_layout(tmp_path):
    t = read(tmp_path, "zoomweb.txt", "Ravi Menon\n00:00:03\nGood morning all.\n\n"
             "Lena Ortiz\n00:00:09\nMorning.\nHappy to be here.\n\nRavi Menon\n00:01:10\n"
             "Let us begin.\n")
    assert speakers(t) == ["Ravi Menon", "Lena Ortiz", "Ravi Menon"]
    assert t.utterances["t_start"].tolist() == [3.0, 9.0, 70.0]
    assert t.utterances["text"].iloc[1] == "Morning. Happy to be here."


def test_fidelity_bracket_id_paragraphs(tmp_path):
    t = read(tmp_path, "ids.txt", "[id1] Where do you live?\n\n[id2] Near the coast.\n\n"
             "[id1] Why there?\n\n[id3] Work.\n")
    assert speakers(t) == ["id1", "id2", "id1", "id3"]


def test_fidelity_timestamp_only_lines_are_unknown_speaker_turns(tmp_path):
    t = read(tmp_path, "ts.txt", "TRANSCRIPT\n [00:05] : We start now.\n [01:12] : Next point.\n"
             " [111:58] : Late point.\n")
    # no speaker named: each timed sentence keeps its own time (one utterance each)
    assert speakers(t) == ["unknown"] * 3
    assert t.utterances["t_start"].tolist() == [5.0, 72.0, 6718.0]
    assert t.utterances["text"].tolist() == ["We start now.", "Next point.", "Late point."]
    assert t.notes["text"].tolist() == ["TRANSCRIPT"]


def test_fidelity_header_lines_otter_and_tldv(tmp_path):
    t = read(tmp_path, "otter.txt", "Speaker 1  0:00\nHello there.\n\nSpeaker 2  0:07\n"
             "Hi.\n\nSpeaker 1  0:12\nShall we?\n")
    assert speakers(t) == ["Speaker 1", "Speaker 2", "Speaker 1"]
    assert t.utterances["t_start"].tolist() == [0.0, 7.0, 12.0]
    t = read(tmp_path, "tldv.txt", "@0:05 - Tom Reyes\nFirst thing.\nACTION ITEM: email - WATCH\n"
             "@1:10 - Ana Silva\nSecond thing.\n")
    assert speakers(t) == ["Tom Reyes", "Ana Silva"]
    assert "ACTION ITEM: email - WATCH" in t.utterances["text"].iloc[0]


def test_fidelity_zoom_chat_tabs_names_seen_once(tmp_path):
    t = read(tmp_path, "chat.txt", "10:01:02\tAmir Haddad:\tHello all\n"
             "10:03:10\tKeiko Ito:\tLink please\nsecond line\n10:04:00\tBen Ode:\tDone\n")
    assert speakers(t) == ["Amir Haddad", "Keiko Ito", "Ben Ode"]
    assert t.utterances["text"].iloc[1] == "Link please second line"


def test_fidelity_low_labelled_share_warns(tmp_path):
    p = tmp_path / "low.txt"
    p.write_text("Facilitator: Hi.\nFacilitator: Go.\n" + "Some notes with many words here "
                 "about nothing in particular.\n" * 0 + "\n" + "Another plain line of "
                 "words that sits in no turn at all and is long.\n", encoding="utf-8")
    p.write_text("A long preamble of words that sits in no turn at all, a dozen words.\n"
                 "Facilitator: Hi.\nFacilitator: Go.\n", encoding="utf-8")
    with pytest.warns(QualkitWarning, match=r"\[W120\].*low.txt.*only \d+%"):
        qk.read_transcript(p)


# ----------------------------------------------------------------------- property
_token = st.text(alphabet=st.sampled_from("abcdeéßλ李xyz019 :#[]()-.,\t"), min_size=0,
                 max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_token, min_size=1, max_size=12))
def test_fidelity_txt_keeps_every_word(tmp_path, lines):
    body = "\n".join(["Facilitator: Start."] + lines + ["P01: End."])
    p = tmp_path / "prop.txt"
    p.write_text(body, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QualkitWarning)
        t = qk.read_transcript(p)
    check_invariant(t)
    # a label may become the turn's speaker and a timestamp its t_start; nothing else leaves
    found = set(t.utterances["speaker"])
    kept = []
    for ln in body.split("\n"):
        sp = split_label(ln)
        kept.append(sp[1] if sp is not None and sp[0] in found else ln)
    src = words(re.sub(r"(?<![\w.:])\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?(?![\w:])", " ",
                       "\n".join(kept)))
    assert not (src - words(t.text)), src - words(t.text)
