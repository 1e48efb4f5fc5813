"""Tests for qualkit.suggest and the project's suggestion decisions."""

from __future__ import annotations

import pandas as pd
import pytest

from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import InvalidParameterError, ProjectError, UnknownCodeError
from qualkit.project import Project
from qualkit.suggest import SUGGESTION_COLUMNS, evaluate_suggestions, suggest_codings

TURNS = [
    Turn("Facilitator", "Tell me about your power bills."),
    Turn("P01", "Our power bills keep rising every winter. I like the park near the river."),
    Turn("P02", "I do not trust the regulator to protect farmland. Jobs at the mine matter."),
]
CB = Codebook([
    Code("cost", "Cost of living", definition="Household costs such as power bills and rent.",
         cues=("bill", "cost of living")),
    Code("trust", "Trust in regulators", definition="Confidence in the regulator and government.",
         cues=("regulator",)),
    Code("jobs", "Employment", definition="Jobs and employment from the mine.",
         cues=("job",)),
    Code("park", "Green space", definition="Parks, rivers and nature close to home."),
])


@pytest.fixture
def corpus():
    return Corpus([Transcript.from_turns("FG1", TURNS)])


def test_suggest_cues_and_similarity(corpus):
    s = suggest_codings(corpus, CB)
    assert list(s.columns) == SUGGESTION_COLUMNS
    text = corpus["FG1"].text
    assert all(text[a:b] == t for a, b, t in zip(s["start"], s["end"], s["text"], strict=True))
    assert s[["code_id", "text"]].values.tolist() == [
        ["cost", "Our power bills keep rising every winter."],
        ["park", "I like the park near the river."],  # no cue: its meaning and words
        ["trust", "I do not trust the regulator to protect farmland."],
        ["jobs", "Jobs at the mine matter."],
    ]
    assert s["reason"][0].startswith("cue 'bill' ('bills'); words 0.")
    assert s["reason"][1].startswith("words 0.") and "; meaning 0." in s["reason"][1]
    assert s["reason"][2].startswith("cue 'regulator' ('regulator'); words")
    assert (s["score"] >= 0).all()
    assert (s.loc[s["reason"].str.startswith("cue"), "score"] > s.loc[1, "score"]).all()
    # the facilitator's question (with "bills") is not suggested
    fac_end = int(corpus.utterances["end"][0])
    assert (s["start"] >= fac_end).all()


def test_suggest_threshold_and_codes(corpus):
    only = suggest_codings(corpus, CB, codes=["jobs"], threshold=0.0, top=None)
    assert set(only["code_id"]) == {"jobs"}
    high = suggest_codings(corpus, CB, threshold=2.0)
    assert high.empty and list(high.columns) == SUGGESTION_COLUMNS
    with pytest.raises(UnknownCodeError, match=r"Unknown code 'job' \(suggest_codings codes\).*"
                                               r"'jobs'"):
        suggest_codings(corpus, CB, codes=["job"])


def test_suggest_project_accept_reject(corpus):
    p = Project.in_memory()
    p.add_corpus(corpus)
    p.set_codebook(CB)
    s = p.suggest_codings(coder="ana")
    assert s["suggestion_id"].tolist() == [1, 2, 3, 4]
    assert s["code_id"].tolist() == ["cost", "park", "trust", "jobs"]
    cid = p.accept_suggestion(1, coder="ana")
    p.reject_suggestion(3, coder="ana")
    c = p.codings()
    assert c[["coding_id", "coder", "code_id", "text", "provenance"]].values.tolist() == [
        [cid, "ana", "cost", "Our power bills keep rising every winter.", "suggestion:1"]]
    dec = p.suggestions().set_index("suggestion_id")
    assert dec.loc[1, "decision"] == "accept" and dec.loc[1, "decided_by"] == "ana"
    assert dec.loc[1, "coding_id"] == cid
    assert dec.loc[3, "decision"] == "reject"
    log = p.audit_log()
    assert log["action"].tolist()[-2:] == ["accept_suggestion", "reject_suggestion"]
    assert log["who"].tolist()[-2:] == ["ana", "ana"]
    again = p.suggest_codings(coder="ana")  # decided ones are not suggested again
    assert again["code_id"].tolist() == ["park", "jobs"]
    with pytest.raises(ProjectError, match=r"suggestion 1 was already decided \(accept\)"):
        p.decide_suggestion(1, "reject", coder="ben")
    with pytest.raises(InvalidParameterError, match=r"'decision' parameter of "
                                                    r"Project.decide_suggestion"):
        p.decide_suggestion(5, "maybe", coder="ben")
    with pytest.raises(ProjectError, match=r"no suggestion with id 999"):
        p.accept_suggestion(999, coder="ben")


def test_suggest_evaluate_overlap():
    s = pd.DataFrame({"transcript_id": ["T", "T", "U"], "start": [0, 30, 0], "end": [10, 40, 5],
                      "code_id": ["a", "b", "a"]})
    g = pd.DataFrame({"transcript_id": ["T", "T", "T"], "start": [9, 40, 100],
                      "end": [12, 45, 110], "code_id": ["A", "B", "A"]})
    r = evaluate_suggestions(s, g, mapping={"a": "A", "b": "B"})
    # [30, 40) does not overlap [40, 45): end is exclusive
    assert r == {"precision": 0.3333, "recall": 0.3333, "f1": 0.3333, "suggested": 3, "gold": 3}


def test_suggest_learns_from_examples_and_accepted_codings():
    turns = [Turn("P01", "The waiting list for my knee went on for two years."),
             Turn("P02", "Nobody told me what was happening with my referral."),
             Turn("P03", "The receptionist never rang back about the appointment.")]
    corpus = Corpus([Transcript.from_turns("FG2", turns)])
    cb = Codebook([Code("delay", "Delays", definition="Waiting for treatment."),
                   Code("contact", "Contact", definition="Being kept informed.")])
    base = suggest_codings(corpus, cb, top=None, threshold=-9)
    ex = pd.DataFrame({"code_id": ["contact", "contact"],
                       "text": ["They never phoned me back.", "No one returned my calls."]})
    taught = suggest_codings(corpus, cb, top=None, threshold=-9, examples=ex)

    def score(df, i, code):
        return float(df.loc[(df["text"] == turns[i].text) & (df["code_id"] == code),
                            "score"].iloc[0])

    # examples of unreturned calls pull the third sentence towards "contact"
    assert score(taught, 2, "contact") - score(taught, 2, "delay") > \
        score(base, 2, "contact") - score(base, 2, "delay")
    p = Project.in_memory()
    p.add_corpus(corpus)
    p.set_codebook(cb)
    p.code_quote("ana", "FG2", "Nobody told me what was happening", "contact")
    s = p.suggest_codings(coder="ana", threshold=-9, top=None)
    direct = suggest_codings(corpus, cb, top=None, threshold=-9, examples=p.codings()[
        ["code_id", "text"]])
    assert s["score"].tolist() == direct["score"].tolist()
