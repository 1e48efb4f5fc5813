"""Tests for qualkit.project: the SQLite project store."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import (CodingMergeConflict, ProjectError, ProjectVersionError, SpanError,
                            UnknownCodeError)
from qualkit.project import CODING_COLUMNS, SCHEMA_VERSION, CodingBatchError, Project

T1 = [Turn("Facilitator", "What do you think of the mine?", section="intro"),
      Turn("P01", "I trust the regulator, but the bills are too high."),
      Turn("P02", "The bills, yes. The bills.", section="costs")]
T2 = [Turn("P03", "Jobs matter here.")]


def make_corpus() -> Corpus:
    parts = pd.DataFrame({"participant_id": ["P01", "P02", "P03"], "age": [34, 51, 29]})
    return Corpus([Transcript.from_turns("FG1", T1, group="G1", session=1),
                   Transcript.from_turns("FG2", T2, group="G2", session=2)], parts)


CB = Codebook([Code("trust", "Trust", cues=("regulator",)),
               Code("trust.gov", "Trust in government", parent="trust"),
               Code("cost", "Cost", cues=("bill",)), Code("jobs", "Jobs")], name="t")


@pytest.fixture
def proj(tmp_path):
    p = Project.create(tmp_path / "study.qkproj")
    p.add_corpus(make_corpus())
    p.set_codebook(CB, who="lead")
    yield p
    p.close()


def test_project_corpus_round_trip(proj, tmp_path):
    c = make_corpus()
    proj.close()
    p2 = Project.open(tmp_path / "study.qkproj")
    back = p2.corpus
    assert [t.id for t in back.transcripts] == ["FG1", "FG2"]
    assert back["FG1"].text == c["FG1"].text
    pd.testing.assert_frame_equal(back.utterances, c.utterances)
    assert back.participants["age"].tolist() == [34, 51, 29]
    assert back["FG2"].group == "G2" and back["FG2"].session == 2
    assert len(p2.codebook) == 4 and p2.codebook == CB
    p2.close()


def test_project_code_and_codings(proj):
    text = proj.corpus["FG1"].text
    s = text.index("I trust")
    cid = proj.code("ana", "FG1", s, s + 21, "trust", memo="clear")
    cid2 = proj.code_quote("ben", "FG1", "too high", "cost")
    uid = proj.corpus["FG2"].utterances["utterance_id"][0]
    cid3 = proj.code_utterance("ana", uid, "jobs")
    df = proj.codings()
    assert list(df.columns) == CODING_COLUMNS
    assert df["coding_id"].tolist() == [cid, cid2, cid3] == [1, 2, 3]
    assert df["text"].tolist() == ["I trust the regulator", "too high", "Jobs matter here."]
    assert df["memo"].tolist() == ["clear", None, None]
    assert df["provenance"].tolist() == ["code", "code", "code"]
    assert df["group"].tolist() == ["G1", "G1", "G2"]
    assert df["session"].tolist() == [1, 1, 2]
    assert df["section"].tolist() == ["intro", "intro", None]
    assert proj.coders == ["ana", "ben"]
    assert proj.codings(coder="ana")["code_id"].tolist() == ["trust", "jobs"]
    assert proj.codings(group="G2")["coding_id"].tolist() == [3]
    assert proj.codings(section="intro", code_id=["cost"])["coding_id"].tolist() == [2]


def test_project_span_and_code_errors(proj):
    n = len(proj.corpus["FG1"].text)
    with pytest.raises(SpanError, match=rf"\[Q203\] FG1: span \[5, {n + 1}\) is outside the "
                                        rf"text; expected 0 <= start < end <= {n}"):
        proj.code("ana", "FG1", 5, n + 1, "trust")
    with pytest.raises(SpanError, match=r"FG1: span \[7, 7\) is empty or reversed"):
        proj.code("ana", "FG1", 7, 7, "trust")
    with pytest.raises(UnknownCodeError, match=r"Unknown code 'trus' \(coding FG1 \[0, 4\)\).*"
                                               r"Close matches: 'trust'"):
        proj.code("ana", "FG1", 0, 4, "trus")
    with pytest.raises(ProjectError, match=r"\[Q204\] Unknown transcript 'FG3' in Project.code.*"
                                           r"'FG1'"):
        proj.code("ana", "FG3", 0, 4, "trust")
    with pytest.raises(SpanError, match=r"FG1: the quote \(shape 'Xxx xxxx' \(9 characters\)\) "
                                        r"occurs 2 times, at offsets \[\d+, \d+\]") as ei:
        proj.code_quote("ana", "FG1", "The bills", "cost")
    assert "bills" not in str(ei.value)  # messages never repeat transcript text
    with pytest.raises(SpanError, match=r"FG1: the quote \(shape 'xxxx'.*does not occur in the text"):
        proj.code_quote("ana", "FG1", "coal", "cost")
    assert proj.codings().empty


def test_project_code_many_all_or_nothing(proj):
    good = pd.DataFrame({"transcript_id": ["FG1", "FG2"], "start": [0, 0], "end": [4, 4],
                         "code_id": ["trust", "jobs"]})
    assert proj.code_many(good, coder="ana") == [1, 2]
    bad = pd.DataFrame({"coder": ["b", "b", "b", "b"],
                        "transcript_id": ["FG1", "FGX", "FG2", "FG1"],
                        "start": [0, 0, 5, 3], "end": [4, 4, 999, 9],
                        "code_id": ["trust", "jobs", "jobs", "nope"]})
    with pytest.raises(CodingBatchError) as info:
        proj.code_many(bad)
    msg = str(info.value)
    assert msg.startswith("[Q207] Project.code_many: 3 bad row(s), nothing was stored")
    assert "row 2: unknown transcript 'FGX' (close matches: 'FG2', 'FG1')" in msg
    assert "row 3: transcript 'FG2': span [5, 999) is not within 0 <= start < end <= 22" in msg
    assert "row 4: Unknown code 'nope'" in msg
    assert isinstance(info.value, SpanError) and isinstance(info.value, UnknownCodeError)
    assert len(proj.codings()) == 2


def test_project_uncode_and_audit_append_only(proj, tmp_path):
    cid = proj.code("ana", "FG1", 0, 4, "trust")
    proj.uncode(cid, who="ana")
    assert proj.codings().empty
    log = proj.audit_log()
    assert list(log.columns) == ["id", "at", "who", "action", "target", "before", "after"]
    assert log["action"].tolist() == ["add_corpus", "set_codebook", "code", "uncode"]
    assert log["before"].iloc[3]["code_id"] == "trust"
    assert log["after"].iloc[2] == {"coder": "ana", "transcript_id": "FG1", "start": 0,
                                    "end": 4, "code_id": "trust", "memo": None}
    con = sqlite3.connect(tmp_path / "study.qkproj")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE audit SET who = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM audit")
    con.close()
    out = proj.export_audit(tmp_path / "audit.csv")
    assert len(pd.read_csv(out)) == 4
    assert len((tmp_path / "a.jsonl").read_text() if proj.export_audit(tmp_path / "a.jsonl")
               else "") > 0
    with pytest.raises(ProjectError, match=r"Project.uncode: no coding with id 99"):
        proj.uncode(99)


def test_project_newer_schema_refused(tmp_path):
    path = tmp_path / "future.qkproj"
    Project.create(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(ProjectVersionError, match=r"future\.qkproj: the project file has schema "
                                                  r"version 7, but this qualkit reads schema "
                                                  r"versions up to 2"):
        Project.open(path)


def test_project_not_sqlite(tmp_path):
    path = tmp_path / "notes.qkproj"
    path.write_text("hello, not a database" * 50)
    with pytest.raises(ProjectError, match=r"notes\.qkproj: not a qualkit project: found a file "
                                           r"that is not an SQLite database"):
        Project.open(path)


def test_project_in_memory_and_no_codebook():
    p = Project.in_memory()
    with pytest.raises(ProjectError, match=r"Project.codebook: the project has no codebook"):
        p.codebook
    assert Project.open(":memory:").schema_version == SCHEMA_VERSION


def test_project_codebook_merge_recodes(proj):
    a = proj.code("ana", "FG1", 0, 4, "trust.gov")
    proj.code("ana", "FG1", 5, 9, "cost")
    v = proj.set_codebook(proj.codebook.rename("cost", "Costs").merge("trust.gov", "trust"),
                          who="lead")
    assert v == 2
    assert proj.codings()["code_id"].tolist() == ["trust", "cost"]
    assert proj.codebook["cost"].name == "Costs"
    rec = proj.audit_log().query("action == 'recode'").iloc[0]
    assert rec["before"] == {"code_id": "trust.gov", "codings": [a]}
    assert rec["after"] == {"code_id": "trust", "reason": "codebook merge (v2)"}
    assert proj.codebook_versions()["codes"].tolist() == [4, 3]
    assert len(proj.codebook_at(1)) == 4
    assert proj.codebook.history["op"].tolist() == ["rename", "merge"]


def test_project_import_export_codings(proj, tmp_path):
    proj.code("ana", "FG1", 0, 4, "trust", memo="m")
    proj.code("ana", "FG2", 0, 4, "jobs")
    out = proj.export_codings(tmp_path / "c.csv")
    p2 = Project.in_memory()
    p2.add_corpus(make_corpus())
    p2.set_codebook(CB)
    assert p2.import_codings(out) == [1, 2]
    a, b = proj.codings(), p2.codings()
    cols = ["coder", "transcript_id", "start", "end", "code_id", "memo", "text"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    assert b["provenance"].tolist() == ["import:c.csv"] * 2
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"transcript_id": ["FG1", "FG1"], "start": [0, 2], "end": [4, 1],
                  "code_id": ["trust", "trust"]}).to_csv(bad, index=False)
    with pytest.raises(CodingBatchError, match=r"(?s)bad\.csv: row 3: transcript 'FG1': span "
                                               r"\[2, 1\)"):
        p2.import_codings(bad, coder="cy")


def test_project_memos_and_themes(proj):
    m = proj.add_memo("code", "trust", "Mostly about regulators.", "ana")
    assert m == 1
    memos = proj.memos()
    assert list(memos.columns) == ["memo_id", "target_kind", "target_id", "text", "author",
                                   "created_at"]
    assert memos[["target_kind", "target_id", "text", "author"]].values.tolist() == [
        ["code", "trust", "Mostly about regulators.", "ana"]]
    t = proj.add_theme("Institutional trust", "Trust in those who regulate.",
                       ["trust", "trust.gov"], who="ana")
    th = proj.themes()
    assert th[["theme_id", "name", "codes", "created_by"]].values.tolist() == [
        [t, "Institutional trust", ["trust", "trust.gov"], "ana"]]
    with pytest.raises(UnknownCodeError, match=r"Unknown code 'trst' \(theme 'Bad'\)"):
        proj.add_theme("Bad", "", ["trst"], who="ana")


def test_project_merge_from(tmp_path):
    def build(name, codings):
        p = Project.create(tmp_path / name)
        p.add_corpus(make_corpus())
        p.set_codebook(CB)
        for coder, s, e, code in codings:
            p.code(coder, "FG1", s, e, code)
        return p

    a = build("a.qkproj", [("ana", 0, 4, "trust")])
    b = build("b.qkproj", [("ben", 0, 4, "trust"), ("ana", 0, 4, "trust")])
    rep = a.merge_from(tmp_path / "b.qkproj")
    assert rep.values.tolist() == [["ana", "FG1", 0, 1, False], ["ben", "FG1", 1, 0, False]]
    assert sorted(a.codings()["coder"]) == ["ana", "ben"]
    assert a.codings()["provenance"].tolist()[1].startswith("merge:b.qkproj#")
    c = build("c.qkproj", [("ana", 5, 9, "cost")])
    with pytest.raises(CodingMergeConflict, match=r"c\.qkproj: merging would conflate work of "
                                                  r"coder 'ana': 'ana' on 'FG1' \(1 codings only "
                                                  r"in c\.qkproj, 1 only here\)"):
        a.merge_from(tmp_path / "c.qkproj")
    assert len(a.codings()) == 2
    rep = a.merge_from(c, on_conflict="report")
    assert rep["clash"].tolist() == [True]
    assert len(a.codings()) == 3
    for p in (a, b, c):
        p.close()


def test_project_cli_import_export(proj, tmp_path):
    csv = tmp_path / "in.csv"
    pd.DataFrame({"transcript_id": ["FG1"], "start": [0], "end": [4],
                  "code_id": ["trust"]}).to_csv(csv, index=False)
    path = proj.path
    text = proj.corpus["FG1"].text
    proj.close()
    r = subprocess.run([sys.executable, "-m", "qualkit", "code", "import", str(csv),
                        "--project", path, "--coder", "cli"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert "imported 1 coding(s)" in r.stdout
    out = tmp_path / "out.csv"
    r = subprocess.run([sys.executable, "-m", "qualkit", "code", "export", "--project", path,
                        "--out", str(out)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert pd.read_csv(out)[["coder", "code_id", "text"]].values.tolist() == [
        ["cli", "trust", text[:4]]]
    r = subprocess.run([sys.executable, "-m", "qualkit", "code", "import", str(csv),
                        "--project", path], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "missing ['coder']" in r.stderr


_PROP = Project.in_memory()
_PROP.add_corpus(make_corpus())
_PROP.set_codebook(CB)
_TEXT = _PROP.corpus["FG1"].text


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(_TEXT) - 1), st.integers(1, 20), st.sampled_from(CB.ids))
def test_project_span_text_property(start, length, code):
    end = min(start + length, len(_TEXT))
    cid = _PROP.code("prop", "FG1", start, end, code)
    row = _PROP.codings(coder="prop").set_index("coding_id").loc[cid]
    assert (row["start"], row["end"], row["code_id"]) == (start, end, code)
    assert row["text"] == _TEXT[start:end]


def test_project_long_text_is_stored_exactly(tmp_path):
    """Texts over a megabyte are written in pieces; they come back character for character."""
    text = ("P01: caf\u00e9 \u201cquoted\u201d \U0001F600 ok\n" * 60_000)[:-1]  # 1.8M chars
    t = Transcript("long", text, pd.DataFrame({"speaker": ["P01"], "start": [5],
                                                "end": [9], "text": [text[5:9]]}))
    with Project.create(tmp_path / "long.qkproj") as p:
        p.add_corpus(Corpus([t]))
        p.set_codebook(CB)
        p.code("ana", "long", len(text) - 7, len(text), "trust")
    with Project.open(tmp_path / "long.qkproj") as p:
        assert p.corpus["long"].text == text
        assert p.codings()["text"].tolist() == [text[-7:]]
        assert p._query("SELECT typeof(text), length(text) FROM transcripts") == [
            ("text", len(text))]
