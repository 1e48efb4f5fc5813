"""TranscriptCoder (span coding), its UTF-16 mapping, and the static HTML view."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualkit import Codebook, Corpus, Project, Transcript, Turn
from qualkit.errors import IdentifierFoundError
from qualkit.widgets import TranscriptCoder, transcript_html
from qualkit._coder import codepoint_to_utf16, snap_to_words, utf16_to_codepoint


@given(st.text(), st.data())
def test_utf16_round_trip(text, data):
    i = data.draw(st.integers(0, len(text)))
    u = codepoint_to_utf16(text, i)
    assert u == len(text[:i].encode("utf-16-le")) // 2
    assert utf16_to_codepoint(text, u) == i


def test_snap_to_words_accented():
    text = "Les données réutilisées"
    assert snap_to_words(text, 5, 8) == (4, 11)
    assert text[4:11] == "données"


@pytest.fixture
def project():
    t = Transcript.from_turns("fg1", [
        Turn("Facilitator", "Who should decide? 🤔"),
        Turn("P01", "Les données 😀 should be paid for."),
        Turn("P02", "I trust the NHS with my records."),
    ], group="FG1")
    p = Project.in_memory()
    p.add_corpus(Corpus([t]))
    p.set_codebook(Codebook([{"id": "pay", "name": "Paying contributors"},
                             {"id": "trust", "name": "Trust"}]))
    return p


def test_select_and_apply_exact_codepoints(project):
    view = TranscriptCoder(project, "KS")
    turn = view.turns[1]
    js = turn["text"]  # what the browser holds, counted in UTF-16
    u16 = codepoint_to_utf16(js, js.index("should"))
    s, e = view.select_utf16(turn["start"], u16 + 1, turn["start"], u16 + 4)
    cid = view.apply("pay")
    c = project.codings()
    assert len(c) == 1 and c.loc[0, "coding_id"] == cid
    assert c.loc[0, "text"] == "should"
    assert (c.loc[0, "start"], c.loc[0, "end"]) == (s, e)
    assert project.corpus["fg1"].text[s:e] == "should"
    assert len(view.widget.stripes) == 1 and view.widget.stripes[0]["code"] == "pay"
    assert view.recent == ["pay"]


def test_across_turns_and_no_snap(project):
    view = TranscriptCoder(project, "KS", snap=False)
    a, b = view.turns[1], view.turns[2]
    s, e = view.select_utf16(b["start"], 3, a["start"], 1)   # backwards selection
    assert (s, e) == (a["start"] + 1, b["start"] + 3)
    view.apply("trust")
    assert project.codings().loc[0, "end"] == b["start"] + 3


def test_failed_write_shows_error_and_changes_nothing(project):
    view = TranscriptCoder(project, "KS")
    assert view.apply("pay") is None and "Q900" in view.widget.error
    view.select_utf16(view.turns[1]["start"], 0, view.turns[1]["start"], 3)
    assert view.apply("no_such_code") is None
    assert view.widget.error and len(project.codings()) == 0


def test_uncode_recode_memo_progress_next_uncoded(project):
    view = TranscriptCoder(project, "KS")
    start = view.next_uncoded()
    assert start == view.turns[1]["start"]
    cid = view.apply("pay")
    new = view.recode(cid, "trust", memo="on reflection")
    c = project.codings()
    assert list(c["coding_id"]) == [new] and c.loc[0, "code_id"] == "trust"
    assert c.loc[0, "memo"] == "on reflection"
    assert view.select_coding(new) == (c.loc[0, "start"], c.loc[0, "end"])
    p = view.progress()
    assert p.loc[0, "codings"] == 1 and p.loc[0, "share_coded"] == 0.5
    assert view.next_uncoded() == view.turns[2]["start"]
    view.uncode(new)
    assert len(project.codings()) == 0 and view.widget.stripes == []


def test_messages_from_browser(project):
    view = TranscriptCoder(project, "KS")
    t = view.turns[2]
    view._on_msg(view.widget, {"type": "select", "a": {"start": t["start"], "u16": 0},
                               "b": {"start": t["start"], "u16": 7}}, [])
    view._on_msg(view.widget, {"type": "apply", "code": "trust"}, [])
    assert project.codings().loc[0, "text"] == "I trust"


def test_long_transcript_is_paged():
    t = Transcript.from_turns("big", [Turn(f"P{i % 9:02d}", f"turn {i} text") for i in range(2000)])
    p = Project.in_memory()
    p.add_corpus(Corpus([t]))
    p.set_codebook(Codebook([{"id": "x", "name": "X"}]))
    view = TranscriptCoder(p, "KS", page_size=200)
    assert len(view.widget.turns) == 200


def test_transcript_html_self_contained(project, tmp_path):
    view = TranscriptCoder(project, "KS")
    view.select_utf16(view.turns[2]["start"], 2, view.turns[2]["start"], 7)
    view.apply("trust")
    out = tmp_path / "fg1.html"
    page = transcript_html(project, "fg1", coders=["KS"], path=out)
    assert out.read_text(encoding="utf-8") == page
    assert page.count('class="bar"') == 1
    assert "http" not in page and "<script" not in page and "😀" in page


def test_transcript_html_guard_runs_first(tmp_path):
    t = Transcript.from_turns("fg9", [Turn("P01", "Call me on 07700 900123 please.")])
    p = Project.in_memory()
    p.add_corpus(Corpus([t]))
    p.set_codebook(Codebook([{"id": "x", "name": "X"}]))
    with pytest.raises(IdentifierFoundError):
        transcript_html(p, "fg9", path=tmp_path / "x.html")
    assert not (tmp_path / "x.html").exists()
