"""Tests for qualkit.codebook: reading, validation, tree, edits, round trips."""

from __future__ import annotations


import subprocess
import sys

import docx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualkit.codebook import CODE_COLUMNS, Code, Codebook
from qualkit.errors import CodebookError, UnknownCodeError

YAML = """\
name: Test codebook
version: "1.2"
description: For tests.
codes:
  - id: trust
    name: Trust
    definition: Confidence in actors.
    colour: "#1F77B4"
    children:
      - id: trust.gov
        name: Trust in government
        include: Statements about regulators.
        exclude: Trust in companies.
        examples: ["I trust the regulator", "they keep us safe"]
        cues: [regulator, government]
      - id: trust.co
        name: Trust in the company
        cues: [company]
  - id: cost
    name: Cost
    cues: [price, bill]
"""


@pytest.fixture
def cb(tmp_path):
    p = tmp_path / "cb.yaml"
    p.write_text(YAML, encoding="utf-8")
    return Codebook.read(p)


def test_codebook_read_yaml_nested(cb):
    assert len(cb) == 4
    assert cb.name == "Test codebook" and cb.version == "1.2"
    assert [c.id for c in cb] == ["trust", "trust.gov", "trust.co", "cost"]
    assert cb["trust.gov"] == Code("trust.gov", "Trust in government", parent="trust",
                                   include="Statements about regulators.",
                                   exclude="Trust in companies.",
                                   examples=("I trust the regulator", "they keep us safe"),
                                   cues=("regulator", "government"))
    assert cb["trust"].colour == "#1F77B4"
    assert "cost" in cb and "nope" not in cb


def test_codebook_tree(cb):
    assert cb.roots == ["trust", "cost"]
    assert cb.children("trust") == ["trust.gov", "trust.co"]
    assert cb.descendants("trust") == ["trust.gov", "trust.co"]
    assert cb.ancestors("trust.gov") == ["trust"]
    assert cb.ancestors("trust") == []
    assert cb.depth("trust.co") == 1
    assert cb.path("trust.gov") == ["Trust", "Trust in government"]


def test_codebook_table_columns(cb):
    t = cb.table
    assert list(t.columns) == CODE_COLUMNS
    row = t.set_index("id").loc["trust.gov"]
    assert row["examples"] == "I trust the regulator; they keep us safe"
    assert row["cues"] == "regulator; government"
    assert row["parent"] == "trust"


def test_codebook_unknown_code_close_matches(cb):
    with pytest.raises(UnknownCodeError, match=r"\[Q202\] Unknown code 'trust.gv'.*'trust.gov'"):
        cb["trust.gv"]
    with pytest.raises(KeyError):
        cb["zzz"]


def test_codebook_flat_yaml_with_parent(tmp_path):
    p = tmp_path / "flat.yml"
    p.write_text("- {id: a, name: A}\n- {id: b, name: B, parent: a}\n", encoding="utf-8")
    cb = Codebook.read(p)
    assert cb.ancestors("b") == ["a"]


def test_codebook_validation_gathers_all_problems_with_lines(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("""\
name: bad
codes:
  - id: a
    name: A
  - id: a
    name: Again
  - id: b
    name: ""
    colour: red
  - id: c
    name: C
    parent: ghost
  - id: ""
    name: Nameless
""", encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        Codebook.read(p)
    msg = str(info.value)
    assert msg.startswith(f"[Q201] {p}: 5 problem(s)")
    assert "line 5: duplicate id 'a' (first at line 3)" in msg
    assert "line 7: code 'b' has an empty name" in msg
    assert "line 7: code 'b' has colour 'red'" in msg
    assert "line 10: code 'c' has parent 'ghost', which is not in the codebook" in msg
    assert "line 13: empty id (name 'Nameless')" in msg


def test_codebook_cycle_reported():
    with pytest.raises(CodebookError, match=r"code 1: cycle of parents 'a' -> 'b' -> 'a'"):
        Codebook([Code("a", "A", parent="b"), Code("b", "B", parent="a")])


def test_codebook_csv_rows_in_errors(tmp_path):
    p = tmp_path / "bad.csv"
    pd.DataFrame({"id": ["a", "b", "a"], "name": ["A", "B", "C"],
                  "parent": ["", "x", ""]}).to_csv(p, index=False)
    with pytest.raises(CodebookError, match=r"bad\.csv: 2 problem\(s\)") as info:
        Codebook.read(p)
    assert "row 4: duplicate id 'a' (first at row 2)" in str(info.value)
    assert "row 3: code 'b' has parent 'x'" in str(info.value)


def test_codebook_xlsx_rows_in_errors(tmp_path):
    p = tmp_path / "bad.xlsx"
    pd.DataFrame({"id": ["a", "b"], "name": ["A", ""]}).to_excel(p, index=False)
    with pytest.raises(CodebookError, match=r"row 3: code 'b' has an empty name"):
        Codebook.read(p)


def test_codebook_invalid_yaml_names_line(tmp_path):
    p = tmp_path / "broken.yaml"
    p.write_text("codes:\n  - id: a\n    name: [unclosed\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"(?s)broken\.yaml.*line \d+: not valid YAML"):
        Codebook.read(p)


def test_codebook_unsupported_suffix(tmp_path):
    with pytest.raises(CodebookError, match=r"\[Q208\] .*cb\.json: unsupported codebook format "
                                            r"'\.json'"):
        Codebook.read(tmp_path / "cb.json")
    with pytest.raises(FileNotFoundError, match=r"\[Q003\] No such file"):
        Codebook.read(tmp_path / "missing.yaml")


@pytest.mark.parametrize("suffix", [".yaml", ".csv", ".xlsx"])
def test_codebook_round_trip(cb, tmp_path, suffix):
    out = cb.write(tmp_path / f"out{suffix}")
    back = Codebook.read(out)
    assert back == cb
    pd.testing.assert_frame_equal(back.table, cb.table)


def test_codebook_round_trip_qdc(cb, tmp_path):
    if ".qdc" not in Codebook.formats()["write"]:
        pytest.fail("the .qdc writer is not registered")
    back = Codebook.read(cb.write(tmp_path / "out.qdc"))
    assert [back.path(c.id) for c in back] == [cb.path(c.id) for c in cb]


def test_codebook_write_docx_table(cb, tmp_path):
    d = docx.Document(str(cb.write(tmp_path / "appendix.docx")))
    rows = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert rows[0] == ["Code", "Definition", "Include", "Exclude", "Examples"]
    assert rows[2][0] == "    Trust in government (trust.gov)"
    assert rows[2][4] == "\u201cI trust the regulator\u201d\n\u201cthey keep us safe\u201d"
    assert len(rows) == 5


def test_codebook_edits_record_history(cb):
    cb2 = cb.rename("cost", "Costs").move("trust.co", None).add(
        Code("fair", "Fairness")).merge("trust.gov", "trust")
    assert cb2["cost"].name == "Costs"
    assert "trust.gov" not in cb2
    assert cb2["trust"].cues == ("regulator", "government")
    assert cb2.roots == ["trust", "trust.co", "cost", "fair"]
    h = cb2.history
    assert list(h.columns) == ["version", "op", "code_id", "detail"]
    assert h.values.tolist() == [
        [1, "rename", "cost", "'Cost' -> 'Costs'"],
        [2, "move", "trust.co", "from 'trust' to None"],
        [3, "add", "fair", "as a root"],
        [4, "merge", "trust.gov", "into 'trust'"],
    ]
    assert cb.history.empty and len(cb) == 4  # the original is untouched


def test_codebook_split_and_bad_edits(cb):
    cb2 = cb.split("cost", [Code("cost.bill", "Bills"), {"id": "cost.tax", "name": "Tax"}])
    assert cb2.children("cost") == ["cost.bill", "cost.tax"]
    assert cb2.history["detail"].tolist() == ["into 'cost.bill', 'cost.tax'"]
    with pytest.raises(CodebookError, match=r"Codebook\.move\('trust'\): 'trust\.gov' is the "
                                            r"code itself or one of its descendants"):
        cb.move("trust", "trust.gov")
    with pytest.raises(CodebookError, match=r"Codebook\.merge\('trust'\)"):
        cb.merge("trust", "trust.co")
    with pytest.raises(CodebookError, match=r"(?s)Codebook\.add\('cost'\).*code 5: duplicate id 'cost' \(first at code 4\)"):
        cb.add(Code("cost", "Cost again"))
    with pytest.raises(UnknownCodeError, match=r"Unknown code 'nope'"):
        cb.rename("nope", "x")


def test_codebook_cli_validate(tmp_path, cb):
    good = cb.write(tmp_path / "good.yaml")
    r = subprocess.run([sys.executable, "-m", "qualkit", "codebook", "validate", str(good)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "4 codes" in r.stdout
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"id": ["a", "a"], "name": ["A", "B"]}).to_csv(bad, index=False)
    r = subprocess.run([sys.executable, "-m", "qualkit", "codebook", "validate", str(bad)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "row 3: duplicate id 'a' (first at row 2)" in r.stdout + r.stderr


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters=";\r\n\x00",
                                       exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
                min_size=1, max_size=8)


@st.composite
def codebooks(draw):
    n = draw(st.integers(1, 8))
    ids = draw(st.lists(_text, min_size=n, max_size=n, unique=True))
    codes = []
    for i, cid in enumerate(ids):
        parent = draw(st.sampled_from([None, *ids[:i]]))
        codes.append(Code(cid, draw(_text), parent=parent, definition=draw(_text),
                          examples=tuple(draw(st.lists(_text, max_size=3))),
                          cues=tuple(draw(st.lists(_text, max_size=3))),
                          colour=draw(st.sampled_from([None, "#A0B1C2"]))))
    return Codebook(codes)


@settings(max_examples=40, deadline=None)
@given(codebooks())
def test_codebook_table_round_trip_property(cb):
    back = Codebook.from_table(cb.table)
    assert back == cb
    assert [back.ancestors(c.id) for c in back] == [cb.ancestors(c.id) for c in cb]

