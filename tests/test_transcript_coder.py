"""TranscriptCoder (span coding), its UTF-16 mapping, and the static HTML view."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualkit import Code, Codebook, Corpus, Project, Transcript, Turn
from qualkit.errors import IdentifierFoundError
from qualkit.widgets import TranscriptCoder, transcript_html
from qualkit._coder import (_word_step, codepoint_to_utf16, snap_to_words,
                            utf16_to_codepoint)


@given(st.text(), st.data())
def test_utf16_round_trip(text, data):
    i = data.draw(st.integers(0, len(text)))
    u = codepoint_to_utf16(text, i)
    assert u == len(text[:i].encode("utf-16-le")) // 2
    assert utf16_to_codepoint(text, u) == i


_TOKEN = st.one_of(
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=6),
    st.tuples(st.sampled_from(["", "[", "(", "\"", "‘"]),
              st.text(st.characters(categories=["L"]), min_size=1, max_size=5),
              st.sampled_from(["", ".", "!?", "]", ",", "…", "’s", "'t", "-up"])).map("".join),
    st.sampled_from(["—", "-", "...", "😀"]))


@given(st.lists(_TOKEN, min_size=1, max_size=12), st.data())
def test_every_word_edge_is_reachable_by_keys(tokens, data):
    """From a whole turn, start+ then end- (as move_edge steps them) reach any span of
    whole words one step at a time, never passing it; end+ and start- come back."""
    text = " ".join(tokens)
    spans, pos = [], 0
    for tok in tokens:
        spans.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    i = data.draw(st.integers(0, len(tokens) - 1))
    j = data.draw(st.integers(i, len(tokens) - 1))
    want = (spans[i][0], spans[j][1])
    s, e = 0, len(text)

    def step(edge, direction):
        nonlocal s, e
        before = (s, e)
        if edge == "end":
            e = _word_step(text, e, direction, "end", lo=s + 1)
        else:
            s = _word_step(text, s, direction, "start", hi=e - 1)
        assert s < e and (s, e) != before
    while s < want[0]:
        step("start", 1)
    while e > want[1]:
        step("end", -1)
    assert (s, e) == want
    while e < len(text):
        step("end", 1)
    while s > 0:
        step("start", -1)
    assert (s, e) == (0, len(text))


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
    view = TranscriptCoder(project, "KS")
    view._on_msg(view.widget, {"type": "snap", "on": False}, [])     # the widget's checkbox
    assert view.snap is False and view.widget.snap is False
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


# --------------------------------------------------------------------------- the rest of #21
import numpy as np  # noqa: E402
import sqlite3  # noqa: E402

from qualkit.errors import ProjectError  # noqa: E402
from qualkit._coder import blocks, covered, sentence_spans  # noqa: E402
from qualkit._widgetkit import PALETTE, code_tree  # noqa: E402

TREE = [{"id": "benefits", "name": "Benefits"},
        {"id": "eff", "name": "Efficiency", "parent": "benefits", "definition": "Saving time"},
        {"id": "risks", "name": "Risks"},
        {"id": "hack", "name": "Hacking", "parent": "risks"},
        {"id": "pay", "name": "Paying contributors", "parent": "risks", "colour": "#123456"}]


@pytest.fixture
def study(tmp_path):
    t = Transcript.from_turns("fg2", [
        Turn("", "Recorded on a weekday.", role="note"),
        Turn("Facilitator", "What could it be used for?", section="Benefits"),
        Turn("P01", "Saving time. Fewer repeat tests! Maybe research?"),
        Turn("P02", "Hackers worry me."),
        Turn("Facilitator", "Who should be paid?", section="Risks"),
        Turn("P03", "Les entreprises 💷 should pay us."),
    ], group="FG2")
    p = Project.create(tmp_path / "study.qkproj")
    p.add_corpus(Corpus([t]))
    p.set_codebook(Codebook(TREE))
    yield p
    p.close()


def test_code_tree_depth_first_with_colours():
    tree = code_tree(Codebook(TREE))
    assert [(c["id"], c["depth"], c["children"]) for c in tree] == [
        ("benefits", 0, 1), ("eff", 1, 0), ("risks", 0, 2), ("hack", 1, 0), ("pay", 1, 0)]
    assert tree[4]["colour"] == "#123456" and tree[1]["definition"] == "Saving time"

    # codes without a colour of their own: 40 codes get 40 different colours (Tableau 10
    # repeated after ten before)
    many = Codebook([Code(f"c{i}", f"Code {i}") for i in range(40)])
    cols = [c["colour"] for c in code_tree(many)]
    assert len(set(cols)) == 40 and all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in cols)
    assert cols[:10] == PALETTE


def test_blocks_hold_notes_turns_and_section_headings(study):
    t = study.corpus["fg2"]
    b = blocks(t)
    assert list(b["kind"]) == ["note", "turn", "turn", "turn", "turn", "turn"]
    assert [t.text[s:e] for s, e in zip(b["start"], b["end"])][:2] == [
        "Recorded on a weekday.", "What could it be used for?"]
    assert list(b["heading"].fillna("")) == ["", "Benefits", "", "", "Risks", ""]
    view = TranscriptCoder(study, "KS")
    assert [x["kind"] for x in view.turns] == list(b["kind"])


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)), max_size=12),
       st.lists(st.tuples(st.integers(0, 80), st.integers(1, 30)), max_size=12))
def test_covered_equals_the_pairwise_overlap(turns, spans):
    # disjoint sorted turns from (gap, length) pairs
    starts, ends, pos = [], [], 0
    for gap, n in turns:
        pos += gap
        starts.append(pos)
        ends.append(pos + n)
        pos += n
    cs = [s for s, _ in spans]
    ce = [s + n for s, n in spans]
    want = [any(a < e and b > s for a, b in zip(cs, ce)) for s, e in zip(starts, ends)]
    got = covered(np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64),
                  np.array(cs, dtype=np.int64), np.array(ce, dtype=np.int64))
    assert got.tolist() == want


def test_sentences_and_word_moves(study):
    view = TranscriptCoder(study, "KS")
    text = view.text
    p01 = view.turns[2]
    assert [text[s:e] for s, e in sentence_spans(text, p01["start"], p01["end"])] == [
        "Saving time.", "Fewer repeat tests!", "Maybe research?"]
    assert view.select_turn(2) == (p01["start"], p01["end"])
    s, e = view.next_sentence()
    assert text[s:e] == "Saving time."
    s, e = view.next_sentence()
    assert text[s:e] == "Fewer repeat tests!"
    s, e = view.move_edge("end", -1)               # the punctuation is a step of its own
    assert text[s:e] == "Fewer repeat tests"
    s, e = view.move_edge("end", -1)
    assert text[s:e] == "Fewer repeat"
    s, e = view.move_edge("start", 1)
    assert text[s:e] == "repeat"
    assert view.move_edge("start", 1) == (s, e)      # never empty
    s, e = view.move_edge("end", 1)
    assert text[s:e] == "repeat tests"
    s, e = view.move_edge("start", -1)
    assert text[s:e] == "Fewer repeat tests"
    view.apply("eff")
    assert study.codings().loc[0, "text"] == "Fewer repeat tests"
    # Shift+S: to the end of the sentence the selection ends in, then sentence by sentence,
    # on into the next turn
    view._key("extend_sentence")
    assert text[slice(*view.selection)] == "Fewer repeat tests!"
    view._key("extend_sentence")
    assert text[slice(*view.selection)] == "Fewer repeat tests! Maybe research?"
    view._key("extend_sentence")
    s, e = view.selection
    nxt = view.turns[3]
    assert (s, e) == (text.index("Fewer"), sentence_spans(text, nxt["start"], nxt["end"])[0][1])
    last = view.blocks.iloc[-1]
    view.select(int(last.start), int(last.end))
    assert view.extend_sentence() == (int(last.start), int(last.end))


def test_turn_keys_move_and_extend(study):
    view = TranscriptCoder(study, "KS")
    text = view.text
    view._on_msg(view.widget, {"type": "key", "key": "next_turn"}, [])
    assert text[slice(*view.selection)] == "Recorded on a weekday."
    view._key("next_turn")
    view._key("next_turn")
    assert text[slice(*view.selection)].startswith("Saving time.")
    view._key("extend_turn")
    assert text[slice(*view.selection)].endswith("Hackers worry me.")
    view._key("prev_turn")
    assert text[slice(*view.selection)] == "What could it be used for?"
    view._key("clear")
    assert view.selection is None and view.widget.selection == []


def test_recent_codes_by_number_and_errors(study):
    view = TranscriptCoder(study, "KS")
    view.select_turn(3)
    view._on_msg(view.widget, {"type": "recent", "k": 1}, [])
    assert "Q903" in view.widget.error and len(study.codings()) == 0
    view.apply("hack")
    view.select_turn(5)
    view.apply("pay")
    assert view.recent == ["pay", "hack"]
    view.select_turn(2)
    view._on_msg(view.widget, {"type": "recent", "k": 2}, [])
    c = study.codings()
    assert list(c["code_id"]) == ["hack", "pay", "hack"]
    assert c.loc[2, "text"] == "Saving time. Fewer repeat tests! Maybe research?"


def test_filters_stripes_and_next_coding(study):
    u = study.corpus["fg2"].utterances
    for coder, i, code in [("KS", 1, "eff"), ("KG", 1, "eff"), ("KS", 2, "hack"),
                           ("KS", 4, "pay"), ("KG", 4, "hack")]:
        study.code(coder, "fg2", int(u.start[i]), int(u.end[i]), code)
    view = TranscriptCoder(study, "KS")
    assert [s["coder"] for s in view.widget.stripes] == ["KS", "KS", "KS"]
    assert view.widget.coders == ["KG", "KS"]
    view.set_filter(coders=["KS", "KG"])
    assert len(view.widget.stripes) == 5 == len(view.codings())
    view._on_msg(view.widget, {"type": "filter", "code": "hack"}, [])
    assert [(s["coder"], s["code"]) for s in view.widget.stripes] == [("KS", "hack"),
                                                                      ("KG", "hack")]
    assert view.widget.used_codes == ["eff", "hack", "pay"]
    first = view.next_coding()
    assert view.selection == (int(u.start[2]), int(u.end[2]))
    second = view.next_coding()
    assert view.selection == (int(u.start[4]), int(u.end[4])) and second != first
    assert view.next_coding() == first                       # wraps around
    assert view.next_coding(step=-1) == second               # and back
    view.set_filter(code="")
    assert len(view.widget.stripes) == 5
    view.set_filter(coders="KG")
    assert {s["coder"] for s in view.widget.stripes} == {"KG"}
    with pytest.raises(Exception, match="Q202"):
        view.set_filter(code="no_such_code")


def test_only_own_codings_change_and_memo(study):
    u = study.corpus["fg2"].utterances
    theirs = study.code("KG", "fg2", int(u.start[1]), int(u.end[1]), "eff")
    view = TranscriptCoder(study, "KS", coders=["KS", "KG"])
    view.select_coding(theirs)
    assert view.widget.selected_coding["own"] is False
    view.uncode()
    assert "Q901" in view.widget.error and len(study.codings()) == 1
    assert view.set_memo("mine now") is None and study.codings().loc[0, "memo"] is None
    view.select_turn(2)
    mine = view.apply("eff")
    new = view.set_memo("too broad?")
    c = study.codings(coder="KS")
    assert list(c["coding_id"]) == [new] and c.loc[0, "memo"] == "too broad?"
    # a memo is written in place: the coding keeps its id, the log keeps the memo before
    assert new == mine and view.selected_coding == new
    assert view.widget.selected_coding["memo"] == "too broad?"
    last = study.audit_log().iloc[-1]
    assert (last["action"], last["target"], last["who"]) == ("memo", f"coding:{mine}", "KS")
    assert last["before"] == {"memo": None} and last["after"] == {"memo": "too broad?"}
    # the same memo again writes nothing
    assert view.set_memo("too broad?") == mine and study.audit_log().iloc[-1]["id"] == last["id"]
    view._on_msg(view.widget, {"type": "recode", "id": new, "code": "hack"}, [])
    c = study.codings(coder="KS")
    assert list(c["code_id"]) == ["hack"] and c.loc[0, "memo"] == "too broad?"
    view._on_msg(view.widget, {"type": "uncode", "id": int(c.loc[0, "coding_id"])}, [])
    assert study.codings(coder="KS").empty
    log = study.audit_log()
    assert list(log["action"]).count("uncode") == 2  # the recode's and the last one's


def test_progress_counts_participant_turns(study):
    u = study.corpus["fg2"].utterances
    parts = u[u.role == "participant"]
    view = TranscriptCoder(study, "KS")
    study.code("KG", "fg2", int(parts.start.iloc[0]) + 2, int(parts.start.iloc[0]) + 8, "eff")
    view.select(int(parts.start.iloc[1]), int(parts.end.iloc[2]))   # across two turns
    view.apply("hack")
    p = view.progress().set_index("coder")
    assert p.loc["KS", "coded_turns"] == 2 and p.loc["KG", "coded_turns"] == 1
    assert p.loc["KS", "share_coded"] == pytest.approx(2 / 3)
    assert [(x["coder"], x["codings"]) for x in view.widget.progress] == [("KG", 1), ("KS", 1)]
    assert view.next_uncoded() is None          # nothing after the selection
    view.clear()
    assert view.next_uncoded() == int(parts.start.iloc[0])


def test_pages_and_page_keys():
    t = Transcript.from_turns("big", [Turn(f"P{i % 9:02d}", f"turn {i} text") for i in range(2000)])
    p = Project.in_memory()
    p.add_corpus(Corpus([t]))
    p.set_codebook(Codebook([{"id": "x", "name": "X"}]))
    view = TranscriptCoder(p, "KS", page_size=200)
    assert len(view.widget.turns) == 200
    assert view.pages == 10 and view.widget.pages == 10
    view._key("page+")
    assert view.page == 1 and view.turns[0]["text"] == "turn 200 text"
    view.select_turn(1999)
    assert view.page == 9 and view.widget.page == 9
    view.apply("x")
    assert len(view.widget.stripes) == 1
    view.go_page(0)
    assert view.widget.stripes == []                 # stripes are sent for the page shown
    assert view.next_coding() is not None and view.page == 9


def test_widget_reopens_a_closed_project_file(study, tmp_path):
    from qualkit.widgets import CodingSession

    view = TranscriptCoder(study, "KS")
    qk_session = CodingSession(study, "KS", roles=["participant"])
    study.close()                                   # what the notebook's last cell did
    view.select_turn(3)
    cid = view.apply("hack")
    assert cid is not None and view.widget.error == ""
    assert qk_session.toggle("eff") is True
    with sqlite3.connect(tmp_path / "study.qkproj") as con:
        rows = con.execute('SELECT coder, code_id, start, "end" FROM codings ORDER BY id').fetchall()
    t = view.transcript
    u = t.utterances
    assert rows == [("KS", "hack", int(u.start[2]), int(u.end[2])),
                    ("KS", "eff", int(u.start[1]), int(u.end[1]))]
    view.project.close()
    qk_session.project.close()


def test_closed_in_memory_project_is_an_error_in_the_widget(project):
    view = TranscriptCoder(project, "KS")
    view.select_turn(1)
    project.close()
    assert view.apply("pay") is None
    assert "Q902" in view.widget.error


def test_project_to_html_delegates_and_guards(study, tmp_path):
    u = study.corpus["fg2"].utterances
    study.code("KS", "fg2", int(u.start[1]), int(u.end[2]), "eff", memo="spans two turns")
    study.code("KG", "fg2", int(u.start[4]) + 4, int(u.end[4]), "pay")
    page = study.to_html("fg2", path=tmp_path / "fg2.html")
    assert page == (tmp_path / "fg2.html").read_text(encoding="utf-8")
    assert page.count('class="bar"') == 3            # the KS coding crosses two turns
    assert "Recorded on a weekday." in page and "<h2>Risks</h2>" in page
    assert "spans two turns" in page and "💷" in page
    assert "<script" not in page and "http" not in page and "src=" not in page
    only = study.to_html("fg2", coders="KG")
    assert only.count('class="bar"') == 1 and "spans two turns" not in only
    # a column of stripes per coder, in the order asked for, headed by the coder's name
    both = study.to_html("fg2", coders=["KG", "KS"])
    head = re.search(r'<div class="row head">.*?</div></div>', both).group(0)
    assert re.findall(r'class="grp"[^>]*>(\w+)</span>', head) == ["KG", "KS"]
    rows = re.findall(r'<div class="bars">(.*?)</div>', both)[1:]
    kg, ks = zip(*(re.findall(r'<span class="grp"[^>]*>(.*?)</span>(?=<span class="grp"|$)', r)
                   for r in rows))
    assert sum(g.count("(KG)") for g in kg) == 1 and sum(g.count("(KS)") for g in ks) == 2
    assert sum(g.count("(KS)") for g in kg) == 0 == sum(g.count("(KG)") for g in ks)
    study.code("KS", "fg2", int(u.start[2]), int(u.end[2]), "hack",
               memo="she gave her number, 07700 900123")
    with pytest.raises(IdentifierFoundError):
        study.to_html("fg2", path=tmp_path / "leak.html")
    assert not (tmp_path / "leak.html").exists()
    with pytest.raises(ProjectError, match="Q204"):
        study.to_html("nope")


def test_selection_ends_between_turns_move_onto_the_text(study):
    view = TranscriptCoder(study, "KS")
    a, b = view.turns[2], view.turns[3]
    # pressed in "time", released on P02's label (the browser reports its text's start)
    s, e = view.select_utf16(a["start"], 8, b["start"], 0)
    assert view.text[s:e] == "time. Fewer repeat tests! Maybe research?"
    s, e = view.select_utf16(b["start"], 5, a["end"], 0)     # backwards, from a gap
    assert view.text[s:e] == "Hackers"


def test_open_another_transcript_keeps_filters_and_recent(tmp_path):
    fg2 = Transcript.from_turns("fg2", [
        Turn("", "Recorded on a weekday.", role="note"),
        Turn("Facilitator", "What could it be used for?", section="Benefits"),
        Turn("P01", "Saving time. Fewer repeat tests! Maybe research?")], group="FG2")
    fg1 = Transcript.from_turns("fg1", [Turn("P04", "Ça dépend 😀 des gens."),
                                        Turn("P05", "Who pays, then?")], group="FG1")
    study = Project.create(tmp_path / "two.qkproj")
    study.add_corpus(Corpus([fg1, fg2]))
    study.set_codebook(Codebook(TREE))
    view = TranscriptCoder(study, "KS", "fg1", coders=["KS", "KG"])
    assert [t["id"] for t in view.widget.transcripts] == [t.id for t in study.corpus]
    view.select_turn(1)
    view.apply("eff")
    view.set_filter(code="eff")
    view._on_msg(view.widget, {"type": "transcript", "id": "fg2"}, [])
    assert view.transcript_id == view.widget.transcript == "fg2"
    assert view.selection is None and view.page == 0
    assert view.recent == ["eff"] and view.show_coders == ["KS", "KG"]
    assert all(t["text"] == view.text[t["start"]:t["end"]] for t in view.widget.turns)
    view.select_turn(2)
    view._on_msg(view.widget, {"type": "recent", "k": 1}, [])   # the recent code, in fg2
    c = study.codings(coder="KS")
    assert sorted(c["transcript_id"]) == ["fg1", "fg2"]
    assert c.loc[c["transcript_id"] == "fg2", "text"].iloc[0] == view.text[slice(*view.selection)]
    assert [s["id"] for s in view.widget.stripes] == list(c.loc[c["transcript_id"] == "fg2",
                                                                "coding_id"])
    view._on_msg(view.widget, {"type": "transcript", "id": "nope"}, [])
    assert "Q204" in view.widget.error and view.transcript_id == "fg2"
