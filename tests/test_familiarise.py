"""Word/phrase frequencies and keyword in context."""

from __future__ import annotations

import pytest

import qualkit as qk
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import InvalidParameterError
from qualkit.familiarise import FREQUENCY_COLUMNS, KWIC_COLUMNS


@pytest.fixture
def corpus():
    a = Transcript.from_turns("fg1", [
        Turn("Facilitator", "Data data data, what about data?", section="Benefits"),
        Turn("P01", "Sharing data helps research. Researchers share data."),
        Turn("P02", "I worry. Hackers worried me; hackers are everywhere.", section="Risks"),
    ], group="FG1", session=1)
    b = Transcript.from_turns("fg2", [
        Turn("Moderator", "Who pays?", section="Benefits"),
        Turn("P03", "Companies should pay for health data."),
        Turn("Guest", "Health data saves lives."),
    ], group="FG2", session=1)
    return Corpus([a, b])


def test_familiarise_word_frequencies_by_group(corpus):
    wf = qk.word_frequencies(corpus)
    assert list(wf.columns) == ["group"] + FREQUENCY_COLUMNS
    fg1 = wf[wf["group"] == "FG1"]
    assert fg1[["term", "count"]].values.tolist()[:3] == [["data", 2], ["hacker", 2],
                                                         ["share", 2]]
    # FG1 participants: 7 + 8 word tokens; facilitator excluded
    assert fg1["per_1000_words"].iloc[0] == pytest.approx(2 / 15 * 1000)
    fg2 = wf[wf["group"] == "FG2"]
    assert fg2["term"].tolist() == ["company", "data", "health", "pay"]
    assert "worry" in set(fg1["term"]) and "worried" not in set(fg1["term"])


def test_familiarise_word_frequencies_options(corpus):
    wf = qk.word_frequencies(corpus, by=None, roles=None, top=2)
    assert list(wf.columns) == FREQUENCY_COLUMNS
    assert wf.values.tolist()[0][:2] == ["data", 4]
    raw = qk.word_frequencies(corpus, by="role", roles=["participant", "facilitator"],
                              lemmas=False, stop_words=False, top=None)
    fac = raw[raw["role"] == "facilitator"].set_index("term")["count"]
    assert fac["data"] == 4 and fac["what"] == 1 and fac["pays"] == 1
    bi = qk.word_frequencies(corpus, by="section", ngram=2, roles=None, top=None)
    assert bi[bi["section"] == "Benefits"].set_index("term")["count"]["health data"] == 2
    assert "data help" in set(bi["term"])
    tri = qk.word_frequencies(corpus, by=None, ngram=3, stop_words=False, top=None)
    assert tri.set_index("term")["count"]["share data help"] == 1
    none = qk.word_frequencies(corpus, roles=["presenter"])
    assert none.empty and list(none.columns) == ["group"] + FREQUENCY_COLUMNS


def test_familiarise_word_frequencies_errors(corpus):
    with pytest.raises(InvalidParameterError, match=r"Q001.*'by'.*'colour'"):
        qk.word_frequencies(corpus, by="colour")
    with pytest.raises(InvalidParameterError, match=r"Q001.*'ngram'.*4"):
        qk.word_frequencies(corpus, ngram=4)
    with pytest.raises(InvalidParameterError, match=r"Q001.*'roles'.*'boss'"):
        qk.word_frequencies(corpus, roles=["boss"])
    with pytest.raises(InvalidParameterError, match=r"Q001.*'top'"):
        qk.word_frequencies(corpus, top=0)
    with pytest.raises(InvalidParameterError, match=r"Q001.*'corpus'.*'DataFrame'"):
        qk.word_frequencies(corpus.utterances)


def test_familiarise_kwic(corpus):
    k = qk.kwic(corpus, "data", window=2)
    assert list(k.columns) == KWIC_COLUMNS
    assert k[["speaker", "left", "keyword", "right"]].values.tolist() == [
        ["P01", "Sharing", "data", "helps research"],
        ["P01", "Researchers share", "data", ""],
        ["P03", "for health", "data", ""],
        ["Guest", "Health", "data", "saves lives"]]
    for r in k.itertuples():
        assert corpus[r.transcript_id].text[r.start:r.end] == r.keyword
    assert qk.kwic(corpus, "data", roles=["facilitator"])["keyword"].tolist() == ["Data"] + [
        "data"] * 3
    lem = qk.kwic(corpus, "worry", lemma=True, window=1)
    assert lem[["keyword", "right"]].values.tolist() == [["worry", ". Hackers"], ["worried", "me"]]
    assert qk.kwic(corpus, "worry")["keyword"].tolist() == ["worry"]
    phrase = qk.kwic(corpus, "Health Data", window=0)
    assert phrase[["left", "keyword", "right"]].values.tolist() == [
        ["", "health data", ""], ["", "Health data", ""]]
    assert qk.kwic(corpus, "absent").empty
    with pytest.raises(InvalidParameterError, match=r"Q001.*'keyword'"):
        qk.kwic(corpus, "  ")
    with pytest.raises(InvalidParameterError, match=r"Q001.*'window'.*-1"):
        qk.kwic(corpus, "data", window=-1)
