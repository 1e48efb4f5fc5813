"""Bad codings files against a project store (#10): a clear error, and nothing stored."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import qualkit as qk
from qualkit.codebook import Code, Codebook
from qualkit.errors import QualkitError

TEXT = "Facilitator: Welcome.\nP01: I trust the NHS with my data.\nP02: Not me.\n"


@pytest.fixture()
def project(tmp_path: Path) -> qk.Project:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "fg1.txt").write_text(TEXT, encoding="utf-8")
    proj = qk.Project.create(tmp_path / "study.qkproj")
    proj.add_corpus(qk.read_transcripts(tmp_path / "corpus"))
    proj.set_codebook(Codebook([Code("trust", "Trust"), Code("distrust", "Distrust")]))
    proj.code("alice", "fg1", 0, 5, "trust")
    proj.code("bob", "fg1", 5, 12, "distrust", memo="m")
    return proj


GOOD_ROW = "alice,fg1,0,4,trust"
HEAD = "coder,transcript_id,start,end,code_id\n"


def _csv(body: str) -> Callable[[Path], Path]:
    def build(p: Path) -> Path:
        p.write_text(HEAD + body, encoding="utf-8")
        return p
    return build


def _raw(data: bytes) -> Callable[[Path], Path]:
    def build(p: Path) -> Path:
        p.write_bytes(data)
        return p
    return build


# case -> (builder, place regex)
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "unknown-code": (_csv(f"{GOOD_ROW}\nalice,fg1,0,4,nosuchcode\n"), r"row 3.*nosuchcode"),
    "span-past-end": (_csv(f"{GOOD_ROW}\nalice,fg1,10,99999,trust\n"), r"row 3.*99999"),
    "span-negative": (_csv(f"{GOOD_ROW}\nalice,fg1,-5,3,trust\n"), r"row 3"),
    "span-reversed": (_csv(f"{GOOD_ROW}\nalice,fg1,9,3,trust\n"), r"row 3"),
    "span-not-numbers": (_csv(f"{GOOD_ROW}\nalice,fg1,one,two,trust\n"), r"row 3"),
    "span-fraction": (_csv(f"{GOOD_ROW}\nalice,fg1,1.5,3,trust\n"), r"row 3"),
    "span-huge": (_csv(f"{GOOD_ROW}\nalice,fg1,0,{'9' * 40},trust\n"), r"row 3"),
    "unknown-transcript": (_csv(f"{GOOD_ROW}\nalice,fg9,0,4,trust\n"), r"row 3.*fg9"),
    "empty-coder": (_csv(f"{GOOD_ROW}\n,fg1,0,4,trust\n"), r"row 3.*coder"),
    "missing-columns": (_raw(b"coder,transcript_id,start\nalice,fg1,0\n"), r"row 1|column"),
    "empty-file": (_raw(b""), r"row 1|empty"),
    "mixed-encodings": (_raw((HEAD + GOOD_ROW + "\n").encode() + "alice,fg1,0,4,caf\u00e9\n".encode()
                             + "alice,fg1,0,4,\u201ctrust\u201d\n".encode("cp1252")),
                        r"row \d|position \d+|byte \d+"),
    "ragged": (_csv(f"{GOOD_ROW}\nalice,fg1,0,4,trust,extra,more\n"), r"row 3|line 3"),
    "nul-bytes": (_raw((HEAD + GOOD_ROW + "\n").encode() + b"alice,fg1,0,4,tr\x00ust\n"),
                  r"row \d|position \d+|byte \d+"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_import_codings(project: qk.Project, tmp_path: Path, case: str) -> None:
    build, place = CASES[case]
    path = build(tmp_path / "codings.csv")
    before = project.codings()
    with pytest.raises(Exception) as info:
        project.import_codings(path)
    exc = info.value
    assert isinstance(exc, QualkitError), f"{type(exc).__module__}.{type(exc).__name__}: {exc}"
    msg = str(exc)
    assert re.match(r"^\[Q\d{3}\]", msg), msg
    assert path.name in msg, msg
    assert re.search(place, msg, re.S | re.I), msg
    # nothing stored: the codings table is identical, also when the file is reopened
    pd.testing.assert_frame_equal(project.codings(), before)
    again = qk.Project.open(tmp_path / "study.qkproj")
    pd.testing.assert_frame_equal(again.codings(), before)


def test_hostile_import_codings_good_file_still_works(project: qk.Project, tmp_path: Path) -> None:
    path = _csv(f"{GOOD_ROW}\nbob,fg1,5,9,distrust\n")(tmp_path / "ok.csv")
    n0 = len(project.codings())
    project.import_codings(path)
    assert len(project.codings()) == n0 + 2
