"""Social-licence frameworks and theme mapping (issue #8)."""

from __future__ import annotations

import pandas as pd
import pytest

import qualkit as qk
from qualkit.errors import FrameworkError
from qualkit.frameworks import available_frameworks

EXPECTED = {
    "efficiency": ["public_good_service"], "prevention": ["public_good_service"],
    "communication": ["public_good_service"], "community": ["public_good_service"],
    "accuracy": ["nonexploitation_harm"], "breaches": ["nonexploitation_harm"],
    "governance": ["nonexploitation_harm"], "commercial": ["nonexploitation_harm"],
    "stigma": ["nonexploitation_harm"], "public_voice": ["reciprocity_autonomy_justice"],
    "transparency": ["public_good_service", "reciprocity_autonomy_justice"],
    "accountability": ["nonexploitation_harm"], "diversity": ["reciprocity_autonomy_justice"],
    "trust": ["reciprocity_autonomy_justice"], "involvement": ["reciprocity_autonomy_justice"],
}


def themes15() -> pd.DataFrame:
    return pd.DataFrame({"theme": list(EXPECTED), "name": [t.replace("_", " ") for t in EXPECTED],
                         "definition": [f"Talk about {t.replace('_', ' ')}" for t in EXPECTED]})


def test_frameworks_shipped_load_and_validate() -> None:
    assert available_frameworks() == ["carter2015", "kent_medway2025", "ksss2022", "stockdale2019"]
    ids = {n: qk.load_framework(n).ids for n in available_frameworks()}
    assert ids["carter2015"] == ["reciprocity", "non_exploitation", "public_good"]
    assert ids["stockdale2019"] == ["autonomy", "fairness_justice", "harm_prevention", "public_good"]
    assert ids["kent_medway2025"] == ["listening", "honest_clear", "keeping_safe", "your_choice",
                                      "fair_correct"]
    assert ids["ksss2022"] == ["reciprocity_autonomy_justice", "nonexploitation_harm",
                               "public_good_service"]
    for n in available_frameworks():
        tab = qk.load_framework(n).table
        assert list(tab.columns) == ["tenet", "name", "description", "cues", "commitments", "citation"]
        assert (tab.description.str.len() > 40).all() and (tab.cues != "").all()
        assert (tab.citation != "").all()
    km = qk.load_framework("kent_medway2025").table
    assert (km.commitments != "").all()


def test_frameworks_crosswalk_is_table1() -> None:
    cw = qk.load_framework("carter2015").crosswalk
    st = cw[cw.framework == "stockdale2019"]
    got = {k: sorted(v) for k, v in st.groupby("tenet")["related_tenet"]}
    assert got == {"reciprocity": ["autonomy", "fairness_justice"],
                   "non_exploitation": ["harm_prevention"], "public_good": ["public_good"]}
    # the reverse direction in stockdale2019 agrees
    back = qk.load_framework("stockdale2019").crosswalk
    back = back[back.framework == "carter2015"]
    assert dict(zip(back.tenet, back.related_tenet)) == {
        "autonomy": "reciprocity", "fairness_justice": "reciprocity",
        "harm_prevention": "non_exploitation", "public_good": "public_good"}


@pytest.mark.parametrize("text, match", [
    ("id: x\nname: X\n", r"line 1: missing top-level key 'tenets'"),
    ("id: x\nname: X\ntenets:\n  - id: a\n    name: A\n", r"bad\.yaml: line 4: tenet 1 has no 'description'"),
    ("id: x\nname: X\ntenets:\n  - {id: a, name: A, description: d}\n  - {id: a, name: B, description: e}\n",
     r"line 5: duplicate tenet id 'a'"),
    ("id: x\nname: X\ntenets:\n  - {id: a, name: A, description: d, cues: 3}\n", r"line 4: 'cues' is 3"),
    ("id: x\nname: [unclosed\n", r"bad\.yaml: not valid YAML"),
])
def test_frameworks_bad_user_yaml(tmp_path, text: str, match: str) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    with pytest.raises(FrameworkError, match=match):
        qk.load_framework(p)


def test_frameworks_unknown_name() -> None:
    with pytest.raises(FrameworkError, match=r"\[Q701\] Unknown framework 'carter2016'"):
        qk.load_framework("carter2016")


def test_frameworks_user_yaml_roundtrip(tmp_path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text("id: mine\nname: Mine\ncitation: Me 2024\ntenets:\n"
                 "  - {id: safe, name: Safe, description: keep records secure from hackers, cues: 'hack; breach'}\n")
    fw = qk.load_framework(p)
    assert fw.ids == ["safe"] and fw["safe"].cues == ("hack", "breach")
    assert fw["safe"].citation == "Me 2024"


def test_frameworks_default_mapping_reproduces_three_principles() -> None:
    m = qk.map_themes(themes15(), framework="ksss2022")
    assert m.assignments() == EXPECTED
    assert set(m.table.source) == {"manual"}
    cov = m.coverage()
    assert cov["unsupported_tenets"] == [] and cov["unmapped_themes"] == []
    assert cov["tenets"].n_themes.tolist() == [5, 6, 5]
    cw = m.crosswalk()
    row = cw[cw.theme == "commercial"].iloc[0]
    assert (row.carter2015, row.stockdale2019, row.kent_medway2025) == (
        "non_exploitation", "harm_prevention", "keeping_safe; fair_correct")


def test_frameworks_suggestions_ranked_with_scores() -> None:
    themes = pd.DataFrame({
        "theme": ["sold", "opt"],
        "name": ["Data sold on", "Choice"],
        "definition": ["Fear that records are sold to private companies for profit",
                       "Wanting the choice to opt out and control over my data"]})
    m = qk.map_themes(themes, framework="stockdale2019", manual=False, top=3)
    t = m.table
    assert set(t.source) == {"suggested"}
    for th, sub in t.groupby("theme"):
        assert sub.score.is_monotonic_decreasing and (sub.score > 0).all()
    assert t[t.theme == "opt"].iloc[0].tenet == "autonomy"
    assert "opt" in t[t.theme == "opt"].iloc[0].evidence_terms
    s = qk.map_themes(themes, framework="carter2015", manual=False, top=1).table
    assert dict(zip(s.theme, s.tenet))["sold"] == "non_exploitation"


def test_frameworks_coverage_counts_evidence() -> None:
    ev = pd.DataFrame({"code_id": ["breaches_cyber_attack", "commercial", "trust", "trust"],
                       "group": ["FG1", "FG2", "FG1", "FG3"], "participant": ["P1", "P9", "P1", "P20"],
                       "text": ["a", "b", "c", "d"]})
    m = qk.map_themes(themes15(), framework="ksss2022", evidence=ev)
    tab = m.coverage()["tenets"].set_index("tenet")
    assert tab.loc["nonexploitation_harm", ["groups", "participants", "extracts"]].tolist() == [2, 2, 2]
    assert tab.loc["reciprocity_autonomy_justice", ["groups", "participants", "extracts"]].tolist() == [2, 2, 2]
    assert tab.loc["public_good_service", "extracts"] == 0


def test_frameworks_manual_mapping_unknown_tenet() -> None:
    bad = pd.DataFrame({"theme": ["trust"], "tenet": ["kindness"]})
    with pytest.raises(FrameworkError, match=r"row 2: unknown tenet 'kindness'"):
        qk.map_themes(themes15(), framework="ksss2022", manual=bad)


def test_frameworks_carter_mapping_derived_from_study() -> None:
    m = qk.map_themes(themes15(), framework="carter2015")
    to_carter = {"public_good_service": "public_good", "nonexploitation_harm": "non_exploitation",
                 "reciprocity_autonomy_justice": "reciprocity"}
    assert m.assignments() == {k: [to_carter[t] for t in v] for k, v in EXPECTED.items()}
    assert set(m.table.strength) == {"derived"}
    assert m.coverage()["unsupported_tenets"] == []
