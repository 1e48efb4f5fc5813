"""The synthetic study: marginals, coverage, gold spans, codings and reproducibility."""

from __future__ import annotations

import filecmp
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import qualkit as qk
from qualkit import datasets
from qualkit.synthetic import TOPIC_MODULES, build_study, write_study

DATA = datasets.synthetic_path()


@pytest.fixture(scope="module")
def study():
    return build_study(seed=0)


@pytest.fixture(scope="module")
def corpus():
    return qk.read_transcripts(DATA)


def test_synthetic_participants_marginals():
    df = pd.read_csv(DATA / "participants.csv", keep_default_na=False)
    assert len(df) == 79 and df["participant_id"].is_unique
    assert Counter(df["sex"]) == {"Female or non-binary": 53, "Male": 26}
    assert (df["age"].median(), df["age"].min(), df["age"].max()) == (51, 19, 83)
    assert Counter(df["ethnicity"]) == {"Any white": 63, "Asian groups": 11, "Black groups": 5}
    assert Counter(df["county"]) == {"Sussex": 48, "Surrey": 20, "Kent": 11}
    assert Counter(df["willing_before"]) == {"very willing": 31, "fairly willing": 32,
                                             "fairly unwilling": 9, "very unwilling": 6,
                                             "don't know": 1}
    after = Counter(df["willing_after"])
    assert after == {"very willing": 35, "fairly willing": 30, "fairly unwilling": 7,
                     "don't know": 7}
    assert sorted(df["group"].unique()) == ["FG1", "FG2", "FG3", "FG4", "FG5"]


def test_synthetic_participant_turns_and_theme_coverage(study):
    n = sum(1 for turns in study.transcripts.values() for t in turns
            if t.speaker.startswith("P") and t.speaker[1:].isdigit())
    assert 450 <= n <= 650
    groups: dict[str, set[str]] = {}
    for tid, _s, _e, theme, _topic, _i in study.gold:
        groups.setdefault(theme, set()).add(study.meta[tid][0])
    all_themes = {th for m in TOPIC_MODULES.values() for th in m.THEMES}
    assert set(groups) == all_themes and len(all_themes) == 15
    assert all(len(g) >= 3 for g in groups.values())


def test_synthetic_gold_spans_inside_utterances(corpus, study):
    gold = pd.read_csv(DATA / "gold_themes.csv")
    assert len(gold) == len(study.gold)
    utt = corpus.utterances
    texts = {t.id: t.text for t in corpus}
    for row, sent in zip(gold.itertuples(index=False), study.sentences):
        assert texts[row.transcript_id][row.start:row.end] == sent
        u = utt[(utt.transcript_id == row.transcript_id) & (utt.start <= row.start)
                & (utt.end >= row.end)]
        assert len(u) == 1 and u["speaker"].iloc[0].startswith("P")


def test_synthetic_codings_use_codebook_ids(corpus):
    cb = qk.Codebook.read(datasets.synthetic_codebook_path())
    ids = set(cb.ids)
    for coder in ("KS", "KG"):
        df = pd.read_csv(DATA / f"codings_{coder}.csv", keep_default_na=False)
        assert set(df["code_id"]) <= ids
        assert (df["coder"] == coder).all() and (df["end"] > df["start"]).all()
    p = qk.Project.in_memory()
    p.add_corpus(corpus)
    p.set_codebook(cb)
    p.import_codings(DATA / "codings_KS.csv")
    p.import_codings(DATA / "codings_KG.csv")


def test_synthetic_second_coder_under_uses_trust():
    ks = pd.read_csv(DATA / "codings_KS.csv", keep_default_na=False)
    kg = pd.read_csv(DATA / "codings_KG.csv", keep_default_na=False)
    trust_ks = ks["code_id"].str.startswith("trust").sum()
    trust_kg = kg["code_id"].str.startswith("trust").sum()
    assert trust_kg < 0.6 * trust_ks
    assert 0.8 * len(ks) < len(kg) < len(ks)


def test_synthetic_deterministic_and_committed(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_study(a, seed=0)
    write_study(b, seed=0)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in DATA.iterdir() if not p.name.startswith("."))
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert mismatch == [] and errors == []
    _, mismatch, errors = filecmp.cmpfiles(a, DATA, names, shallow=False)
    assert mismatch == [] and errors == []


def test_synthetic_reading_gives_expected_texts(corpus, study):
    assert sorted(t.id for t in corpus) == sorted(study.texts)
    for t in corpus:
        assert t.text == study.texts[t.id]
        assert (t.group, t.session) == study.meta[t.id]


def test_synthetic_other_sizes_and_formats(tmp_path: Path):
    s = write_study(tmp_path, seed=3, groups=2, fmt="txt")
    c = qk.read_transcripts(tmp_path)
    assert sorted(t.id for t in c) == sorted(s.texts)
    assert all(t.text == s.texts[t.id] for t in c)
