"""The synthetic study: marginals, coverage, gold spans, codings, varied talk, reproducibility."""

from __future__ import annotations

import filecmp
import random
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit import datasets
from qualkit._synthetic_content import talk
from qualkit._synthetic_content.compose import Composer, sentence_key, split_sentences
from qualkit.synthetic import FORMAT_NAMES, THEME_TOPIC, TOPIC_MODULES, build_study, write_study

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
    for g in study.gold:
        groups.setdefault(g.theme_id, set()).add(study.meta[g.transcript_id][0])
    all_themes = {th for m in TOPIC_MODULES.values() for th in m.THEMES}
    assert set(groups) == all_themes and len(all_themes) == 15
    # every theme is talked about in every one of the five groups
    assert all(g == {"FG1", "FG2", "FG3", "FG4", "FG5"} for g in groups.values())
    codes = {sc for m in TOPIC_MODULES.values() for subs in m.SUBCODES.values()
             for sc, _ in subs}
    assert {g.code_id for g in study.gold} == codes


def test_synthetic_gold_spans_inside_utterances(corpus, study):
    gold = pd.read_csv(DATA / "gold_themes.csv")
    assert list(gold.columns) == ["transcript_id", "start", "end", "theme_id", "topic_id",
                                  "code_id"]
    assert len(gold) == len(study.gold)
    utt = corpus.utterances
    texts = {t.id: t.text for t in corpus}
    for row, extract in zip(gold.itertuples(index=False), study.extracts):
        assert texts[row.transcript_id][row.start:row.end] == extract
        u = utt[(utt.transcript_id == row.transcript_id) & (utt.start <= row.start)
                & (utt.end >= row.end)]
        assert len(u) == 1 and u["role"].iloc[0] == "participant"
        assert THEME_TOPIC[row.theme_id] == row.topic_id


def test_synthetic_no_sentence_is_said_twice(corpus):
    """Every sentence of four words or more, whoever says it, is said once in the study."""
    seen: Counter[str] = Counter()
    for text in corpus.utterances["text"]:
        for sent in split_sentences(text):
            key = sentence_key(sent)
            if len(key.split()) >= 4:
                seen[key] += 1
    assert len(seen) > 1200
    assert [s for s, n in seen.items() if n > 1] == []


def test_synthetic_turns_vary_drift_hesitate_and_overlap(corpus, study):
    utt = corpus.utterances
    part = utt[utt.role == "participant"]
    words = part["text"].str.split().str.len()
    # from a word or two to a few hundred
    assert (words <= 3).sum() >= 40 and (words >= 150).sum() >= 5 and words.max() < 400
    assert 15 <= words.median() <= 60
    # talk drifts: some turns speak to two or more themes, some to another topic's
    per_turn = Counter((tid, lo) for (tid, *_), (lo, _hi) in zip(study.gold,
                                                                 study.utterance_of))
    themes: dict[tuple[str, int], set[str]] = {}
    for g, (lo, _hi) in zip(study.gold, study.utterance_of):
        themes.setdefault((g.transcript_id, lo), set()).add(g.theme_id)
    assert sum(len(v) > 1 for v in themes.values()) >= 50
    assert max(per_turn.values()) >= 3
    section_topic = {name: topic for topic, name in talk.TOPICS.items()}
    off_topic = 0
    for g in study.gold:
        u = utt[(utt.transcript_id == g.transcript_id) & (utt.start <= g.start)
                & (utt.end >= g.end)].iloc[0]
        off_topic += section_topic[u["section"]] != g.topic_id
    assert off_topic >= 20
    text = " ".join(part["text"])
    assert text.count("[crosstalk]") >= 3 and text.count("\u2014") >= 10
    assert "[inaudible]" in text and "[laughs]" in text
    assert len(re.findall(r"\b(\w+), \1\b", text)) >= 30  # "I, I think"
    assert len(re.findall(r", (?:um|er),", text)) >= 20
    # people answer each other by number
    assert part["text"].str.contains(r"\bP\d\d\b").sum() >= 20


def test_synthetic_formats_cover_every_reader():
    suffixes = {p.suffix for p in DATA.iterdir() if p.name.startswith("fg")}
    assert suffixes == {".docx", ".txt", ".vtt", ".srt", ".csv"}


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 60))
def test_synthetic_composer_never_repeats_a_long_sentence(seed, n):
    c = Composer(random.Random(seed), dict(talk.SLOTS))
    templates = ["{kin} [said|told me] {he} [waited|had to wait] [a week|ages] at {place}.",
                 "[Yes.|Mm.]", "I [really|] [think|reckon] so, {hedge}."]
    out = [c.sentence(templates) for _ in range(n)]
    long = [sentence_key(s) for s in out if s and len(sentence_key(s).split()) >= 4]
    assert len(long) == len(set(long))
    assert all(s is None or s[0].isupper() for s in out)


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


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_synthetic_other_sizes_and_formats(tmp_path: Path, fmt):
    s = write_study(tmp_path, seed=3, groups=1, fmt=fmt)
    c = qk.read_transcripts(tmp_path)
    assert sorted(t.id for t in c) == sorted(s.texts)
    assert all(t.text == s.texts[t.id] for t in c)
    assert all(len(t.utterances) == len(s.transcripts[t.id]) for t in c)
