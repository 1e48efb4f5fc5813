"""qualkit.widgets: the coding session's logic against a real project file, and the panel."""

from __future__ import annotations

import pytest

from qualkit import Codebook, Project
from qualkit.errors import ProjectError, UnknownCodeError
from qualkit.widgets import CodingPanel, CodingSession

CODES = [
    {"id": "benefits", "name": "Benefits"},
    {"id": "eff", "name": "Efficiency", "parent": "benefits", "definition": "Saving time"},
    {"id": "risks", "name": "Risks"},
    {"id": "hack", "name": "Hacking", "parent": "risks", "definition": "Breaches"},
    {"id": "pay", "name": "Paying contributors", "parent": "risks"},
]


@pytest.fixture
def project(tmp_path, tiny_corpus):
    p = Project.create(tmp_path / "study.qkproj")
    p.add_corpus(tiny_corpus)
    p.set_codebook(Codebook(CODES))
    yield p
    p.close()


def test_widgets_session_offers_leaf_codes_and_walks_utterances(project):
    s = CodingSession(project, "KS")
    assert s.codes == ["eff", "hack", "pay"]
    assert len(s) == 5 and s.index == 0 and s.position == "1 of 5"
    assert s.current["speaker"] == "Facilitator"
    assert s.previous()["speaker"] == "Facilitator"          # stays on the first
    assert s.next()["speaker"] == "P01"
    assert s.go(99)["utterance_id"] == s.utterances["utterance_id"].iloc[-1]
    assert s.next()["speaker"] == "P03"                      # stays on the last
    assert s.go(-5).name == 0


def test_widgets_session_filters_transcript_and_roles(project):
    s = CodingSession(project, "KS", transcript_id="fg1_session1", roles=["participant"])
    assert list(s.utterances["speaker"]) == ["P01", "P02"]
    s2 = CodingSession(project, "KS", roles="facilitator")
    assert list(s2.utterances["speaker"]) == ["Facilitator", "Facilitator"]


def test_widgets_toggle_writes_and_removes_codings(project, tmp_path):
    s = CodingSession(project, "KS", transcript_id="fg1_session1")
    r = s.next()
    assert s.toggle("eff") is True
    assert s.toggle("hack") is True
    assert s.applied() == ["eff", "hack"]
    # written to the file: another connection sees exactly the utterance's span
    other = Project.open(tmp_path / "study.qkproj")
    c = other.codings()
    other.close()
    assert sorted(c["code_id"]) == ["eff", "hack"]
    assert set(c["coder"]) == {"KS"}
    assert (c["start"] == r["start"]).all() and (c["end"] == r["end"]).all()
    assert c["text"].iloc[0] == r["text"]
    assert s.toggle("eff") is False
    assert list(project.codings()["code_id"]) == ["hack"]
    log = project.audit_log()
    assert "uncode" in set(log["action"])


def test_widgets_applied_is_per_coder_and_per_utterance(project):
    ks = CodingSession(project, "KS")
    kg = CodingSession(project, "KG")
    ks.go(1)
    kg.go(1)
    ks.toggle("eff")
    assert kg.applied() == [] and ks.applied() == ["eff"]
    kg.toggle("pay")
    assert ks.applied() == ["eff"] and kg.applied() == ["pay"]
    ks.next()
    assert ks.applied() == []


def test_widgets_overlapping_spans_are_shown_not_toggled(project):
    s = CodingSession(project, "KS", transcript_id="fg1_session1")
    r = s.go(1)
    text = project.corpus["fg1_session1"].text
    start = text.index("saving time")
    project.code("KS", "fg1_session1", start, start + len("saving time"), "eff")
    assert s.applied() == []
    ov = s.overlapping()
    assert list(ov.columns) == ["coding_id", "code_id", "start", "end", "text"]
    assert list(ov["text"]) == ["saving time"]
    assert r["start"] <= ov["start"][0] < ov["end"][0] <= r["end"]
    # toggling the code writes a whole-utterance coding and leaves the span alone
    assert s.toggle("eff") is True
    assert len(project.codings(code_id="eff")) == 2


def test_widgets_set_codes_and_next_uncoded_and_progress(project):
    s = CodingSession(project, "KS", roles="participant")
    assert s.set_codes(["hack", "pay"]) == ["hack", "pay"]
    assert s.set_codes(["pay"]) == ["pay"]
    assert s.next_uncoded()["speaker"] == "P02"
    s.toggle("hack")
    assert s.next_uncoded()["speaker"] == "P03"
    p = s.progress()
    assert list(p.columns) == ["transcript_id", "utterances", "coded"]
    assert p.set_index("transcript_id").to_dict("index") == {
        "fg1_session1": {"utterances": 2, "coded": 2},
        "fg2_session1": {"utterances": 1, "coded": 0},
    }


def test_widgets_session_errors_name_what_is_wrong(project, tiny_corpus):
    with pytest.raises(ProjectError, match=r"Q204.*'fg9'"):
        CodingSession(project, "KS", transcript_id="fg9")
    with pytest.raises(UnknownCodeError, match=r"Q202.*'nope'"):
        CodingSession(project, "KS", codes=["eff", "nope"])
    with pytest.raises(UnknownCodeError, match=r"Q202.*'nope'"):
        CodingSession(project, "KS").toggle("nope")
    with pytest.raises(TypeError, match=r"Q001.*'coder'"):
        CodingSession(project, 7)  # type: ignore[arg-type]
    bare = Project.in_memory()
    bare.add_corpus(tiny_corpus)
    with pytest.raises(ProjectError, match=r"Q211"):
        CodingSession(bare, "KS")


def test_widgets_panel_builds_and_writes_through_buttons(project):
    panel = CodingPanel(project, "KS", codes=["eff", "hack"], roles="participant")
    assert list(panel.buttons) == ["eff", "hack"]
    assert panel.buttons["eff"].description == "Efficiency"
    assert "Saving time" in panel.buttons["eff"].tooltip
    assert "P01" in panel.text.value and "1 of 3" in panel.header.value
    assert panel.prev_button.disabled and not panel.next_button.disabled
    panel.buttons["hack"].value = True                      # a click
    c = project.codings(coder="KS")
    assert list(c["code_id"]) == ["hack"] and c["text"][0].startswith("Um, saving")
    assert panel.buttons["hack"].button_style == "success"
    panel.next_button.click()
    assert "P02" in panel.text.value and panel.buttons["hack"].value is False
    panel.prev_button.click()
    assert panel.buttons["hack"].value is True
    panel.buttons["hack"].value = False
    assert project.codings(coder="KS").empty
    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_widgets_panel_groups_buttons_by_parent_and_names_overlaps(project):
    panel = CodingPanel(project, "KS", transcript_id="fg1_session1")
    rows = panel.widget.children[2].children
    labels = [r.children[0].value for r in rows]
    assert ["Benefits" in labels[0], "Risks" in labels[1]] == [True, True]
    assert [b.description for b in rows[1].children[1].children] == ["Hacking",
                                                                     "Paying contributors"]
    panel.session.go(1)
    text = project.corpus["fg1_session1"].text
    start = text.index("saving time")
    project.code("KS", "fg1_session1", start, start + len("saving time"), "eff")
    panel.refresh()
    assert "Efficiency on “saving time”" in panel.others.value
    panel.buttons["pay"].value = True
    assert "Paying contributors applied" in panel.status.value
