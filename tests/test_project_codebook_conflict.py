"""Concurrent codebook edits (issue #18, item 5): a stale codebook never silently wins.

Two handles on one file stand for two coders' notebooks. A codebook remembers the
version it was read from; storing it after someone else stored a newer version raises
CodebookConflict naming the codes that would be lost (or undone, or brought back), and
stores nothing; ``on_conflict="merge"`` keeps both sides' changes.
"""

from __future__ import annotations

import pytest

from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import CodebookConflict, ProjectError
from qualkit.project import Project

CB = Codebook([Code("trust", "Trust"), Code("cost", "Cost"), Code("jobs", "Jobs")])


@pytest.fixture
def two(tmp_path):
    path = tmp_path / "study.qkproj"
    a = Project.create(path)
    a.add_corpus(Corpus([Transcript.from_turns("FG1", [Turn("P01", "I trust the regulator.")])]))
    a.set_codebook(CB, who="ana")
    b = Project.open(path)
    yield a, b
    a.close()
    b.close()


def test_project_stale_codebook_raises_naming_lost_codes(two):
    a, b = two
    stale = b.codebook  # b holds version 1
    a.set_codebook(a.codebook.add(Code("fairness", "Fairness")), who="ana")  # version 2
    a.code("ana", "FG1", 0, 7, "fairness")
    with pytest.raises(CodebookConflict, match=r"\[Q225\] .*study\.qkproj: your codebook is "
                                               r"based on version 1, but version 2 was stored "
                                               r"since \(by ana at .*\); storing yours would "
                                               r"lose codes added in version 2: 'fairness' "
                                               r"\(Fairness\)\."):
        b.set_codebook(stale.add(Code("risk", "Risk")), who="ben")
    assert b.codebook_version == 2 and "fairness" in b.codebook  # nothing stored
    b.code("ben", "FG1", 2, 7, "fairness")  # the new code still works (no Q202)
    assert sorted(a.codings()["code_id"]) == ["fairness", "fairness"]
    assert isinstance(CodebookConflict("x"), ProjectError)


def test_project_stale_codebook_merge_keeps_both_sides(two):
    a, b = two
    stale = b.codebook
    a.set_codebook(a.codebook.add(Code("fairness", "Fairness", parent="trust"))
                   .rename("jobs", "Jobs and income"), who="ana")
    v = b.set_codebook(stale.add(Code("risk", "Risk")), who="ben", on_conflict="merge")
    assert v == 3
    cb = a.codebook
    assert cb.ids == ["trust", "fairness", "cost", "jobs", "risk"]
    assert cb["jobs"].name == "Jobs and income" and cb["fairness"].parent == "trust"
    log = a.audit_log()
    assert log.iloc[-1]["after"]["based_on"] == 1 and log.iloc[-1]["after"]["merged_with"] == 2


def test_project_stale_codebook_would_undo_or_revive(two):
    a, b = two
    stale = b.codebook
    a.code("ana", "FG1", 0, 7, "cost")
    a.set_codebook(a.codebook.rename("trust", "Trust in others").merge("cost", "jobs"))
    assert a.codings()["code_id"].tolist() == ["jobs"]  # recoded by the merge
    with pytest.raises(CodebookConflict, match=r"undo changes made in version 2 to 'trust' "
                                               r"\(Trust in others\); bring back codes "
                                               r"removed in version 2: 'cost' \(Cost\)"):
        b.set_codebook(stale.add(Code("risk", "Risk")))
    b.set_codebook(stale.add(Code("risk", "Risk")), on_conflict="merge")
    cb = a.codebook
    assert cb.ids == ["trust", "jobs", "risk"] and cb["trust"].name == "Trust in others"


def test_project_codebook_changed_on_both_sides_cannot_merge(two):
    a, b = two
    stale = b.codebook
    a.set_codebook(a.codebook.rename("trust", "Trust A"))
    for how in ("raise", "merge"):
        with pytest.raises(CodebookConflict, match=r"\[Q226\] .*both changed the codes "
                                                   r"'trust' \(Trust A\)"):
            b.set_codebook(stale.rename("trust", "Trust B"), on_conflict=how)
    assert a.codebook["trust"].name == "Trust A" and a.codebook_version == 2
    # the same change on both sides is no conflict
    assert b.set_codebook(stale.rename("trust", "Trust A").add(Code("x", "X")),
                          on_conflict="raise") == 3


def test_project_codebook_from_a_file_after_a_newer_version(two, tmp_path):
    """A codebook read from a file counts as based on what this handle last saw."""
    a, b = two
    assert len(b.codebook) == 3  # b has seen version 1
    a.set_codebook(a.codebook.add(Code("fairness", "Fairness")))
    CB.write(tmp_path / "cb.yaml")
    with pytest.raises(CodebookConflict, match=r"lose codes added in version 2: 'fairness'"):
        b.set_codebook(Codebook.read(tmp_path / "cb.yaml"))
    fresh = Project.open(a.path)  # has seen nothing: replacing is what it asks for
    assert fresh.set_codebook(Codebook.read(tmp_path / "cb.yaml")) == 3
    fresh.close()


def test_project_codebook_own_edits_never_conflict(two):
    a, _ = two
    cb = a.codebook
    for i in range(3):
        cb = cb.add(Code(f"c{i}", f"C{i}"))
        a.set_codebook(cb)
    assert a.codebook_version == 4 and len(a.codebook) == 6
