"""Quotes (#19 item 4): whole sentences, never twice in a table, on theme, different groups first."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import InvalidParameterError
from qualkit.nlp import sentences
from qualkit.report import principle_table, select_quotes, theme_table
from qualkit.report._quotes import same_sentence, sentence_key

THEMES = pd.DataFrame({
    "theme": ["commercial", "breaches"],
    "name": ["Commercial use and selling on", "Data breaches and hacking"],
    "definition": ["Companies profiting from the data, selling records to insurers or firms.",
                   "Data escaping through hackers, leaks, stolen laptops and cyber attacks."]})

SENTENCES = [
    "They would sell our records to insurance companies for profit.",
    "A drug firm making money from my data is not right.",
    "Hackers could steal everything if it sits in one place.",
    "Somebody left a laptop on a train once, full of patient files.",
    "I walked the dog this morning before the session started.",
    "The weather has been awful all week round here.",
    "Well, they would sell our records to insurance companies for profit!",
    "Profit should never come into it, whoever the company is.",
]


def _corpus(turns_by_group: dict[str, list[str]]) -> Corpus:
    ts = []
    for g, turns in turns_by_group.items():
        ts.append(Transcript.from_turns(g.lower(), [Turn("Facilitator", "What do you think?")]
                                        + [Turn(f"P{g[-1]}{i}", x) for i, x in enumerate(turns)],
                                        group=g))
    return Corpus(ts)


def _code_turns(corpus: Corpus, picks: list[tuple[str, int, str]]) -> pd.DataFrame:
    rows = []
    for tid, i, theme in picks:
        u = corpus[tid].utterances.iloc[i]
        rows.append({"transcript_id": tid, "start": int(u.start), "end": int(u.end), "theme": theme,
                     "group": u.group, "participant": u.speaker})
    return pd.DataFrame(rows)


def test_report_quotes_on_theme_beats_longest():
    off = SENTENCES[4] + " " + SENTENCES[5] + " It rained and rained and the bus was late again."
    c = _corpus({"FG1": [off, SENTENCES[0]]})
    ev = _code_turns(c, [("fg1", 1, "commercial"), ("fg1", 2, "commercial")])
    q = select_quotes(ev, c, THEMES, n=1)
    assert q["text"].tolist() == [SENTENCES[0]]
    assert q["similarity"].iloc[0] > 0


def test_report_quotes_from_different_groups_first():
    c = _corpus({"FG1": [SENTENCES[0], SENTENCES[7]], "FG2": [SENTENCES[1]]})
    ev = _code_turns(c, [("fg1", 1, "commercial"), ("fg1", 2, "commercial"), ("fg2", 1, "commercial")])
    q = select_quotes(ev, c, THEMES, n=2)
    assert q["group"].tolist() == ["FG1", "FG2"]
    assert q["text"].tolist()[1] == SENTENCES[1]
    q3 = select_quotes(ev, c, THEMES, n=3)
    assert q3["group"].tolist() == ["FG1", "FG2", "FG1"]  # then the same group again


def test_report_quotes_never_the_same_sentence_twice():
    # the same sentence in two groups (once after a filler) and coded under both themes
    c = _corpus({"FG1": [SENTENCES[0], SENTENCES[2]], "FG2": [SENTENCES[6], SENTENCES[3]]})
    ev = _code_turns(c, [("fg1", 1, "commercial"), ("fg2", 1, "commercial"), ("fg1", 1, "breaches"),
                         ("fg1", 2, "breaches"), ("fg2", 2, "breaches")])
    q = select_quotes(ev, c, THEMES, n=2)
    keys = [sentence_key(t) for t in q["text"]]
    assert not any(same_sentence(a, b) for i, a in enumerate(keys) for b in keys[i + 1:])
    # the shared sentence goes to the theme it is like, once
    assert q[q.theme == "commercial"]["text"].tolist() == [SENTENCES[0]]
    assert set(q[q.theme == "breaches"]["text"]) == {SENTENCES[2], SENTENCES[3]}
    # tables given quotes with repeats skip them too
    rep = pd.DataFrame({"theme": ["commercial", "breaches"], "text": [SENTENCES[0], SENTENCES[6]],
                        "group": ["FG1", "FG2"], "participant": ["P10", "P20"]})
    tt = theme_table(THEMES, quotes=rep).table
    assert tt["quotes"].tolist() == [f'"{SENTENCES[0]}" (FG1, P10)', ""]


def test_report_quotes_whole_sentences_from_fragments():
    turn = " ".join(SENTENCES[:4])
    c = _corpus({"FG1": [turn]})
    t = c["fg1"]
    u = t.utterances.iloc[1]
    s0 = int(u.start)
    # a coded span from the middle of sentence 1 to just into sentence 3
    a = s0 + t.text[s0:].index("insurance")
    b = s0 + t.text[s0:].index("Hackers") + 8
    ev = pd.DataFrame({"transcript_id": ["fg1"], "start": [a], "end": [b], "theme": ["commercial"],
                       "group": ["FG1"], "participant": [u.speaker]})
    q = select_quotes(ev, c, THEMES, n=1)
    assert q["text"].tolist() == [SENTENCES[0] + " " + SENTENCES[1]]
    assert t.text[q.start.iloc[0]:q.end.iloc[0]] == q.text.iloc[0]


_sentence = st.sampled_from(SENTENCES)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_sentence, min_size=1, max_size=5).map(" ".join), min_size=2, max_size=6),
       st.data())
def test_report_quotes_are_whole_sentences_and_unique(turns, data):
    c = _corpus({"FG1": turns[::2], "FG2": turns[1::2]})
    sents = sentences(c)
    bounds = {(r.transcript_id, r.start) for r in sents.itertuples()}
    ends = {(r.transcript_id, r.end) for r in sents.itertuples()}
    rows = []
    for t in c:
        for u in t.utterances[t.utterances.role == "participant"].itertuples():
            a = data.draw(st.integers(int(u.start), int(u.end) - 1))
            b = data.draw(st.integers(a + 1, int(u.end)))
            rows.append({"transcript_id": t.id, "start": a, "end": b, "group": t.group,
                         "participant": u.speaker,
                         "theme": data.draw(st.sampled_from(["commercial", "breaches"]))})
    q = select_quotes(pd.DataFrame(rows), c, THEMES, n=3, min_chars=1)
    for r in q.itertuples():
        assert (r.transcript_id, r.start) in bounds and (r.transcript_id, r.end) in ends
        assert " ".join(c[r.transcript_id].text[r.start:r.end].split()) == r.text
    keys = [sentence_key(s.text) for s in sents.itertuples()
            for r in q.itertuples() if s.transcript_id == r.transcript_id and r.start <= s.start < r.end]
    assert not any(same_sentence(a, b) for i, a in enumerate(keys) for b in keys[i + 1:])
    assert (q.groupby("theme").size() <= 3).all()


def test_report_quotes_bad_input():
    c = _corpus({"FG1": [SENTENCES[0]]})
    with pytest.raises(InvalidParameterError, match="Q002.*select_quotes"):
        select_quotes(pd.DataFrame({"text": ["x"]}), c)
    ev = _code_turns(c, [("fg1", 1, "commercial")])
    with pytest.raises(InvalidParameterError, match="Q001.*'n'"):
        select_quotes(ev, c, n=0)


def test_report_quotes_roll_up_through_the_codebook():
    cb = qk.Codebook([{"id": "risks", "name": "Risks"},
                      {"id": "money", "name": "Commercial use", "parent": "risks",
                       "definition": "Selling data for profit."},
                      {"id": "insurers", "name": "Insurers", "parent": "money"}])
    c = _corpus({"FG1": [SENTENCES[0]]})
    ev = _code_turns(c, [("fg1", 1, "x")]).drop(columns="theme").assign(code_id="insurers")
    q = select_quotes(ev, c, cb, n=1)
    assert q[["theme", "text"]].values.tolist() == [["money", SENTENCES[0]]]
    m = qk.map_themes(cb, framework="carter2015")
    pt = principle_table(m, quotes=q).table
    assert pt["quotes"].tolist() == [f'"{SENTENCES[0]}" (FG1, P10)']
