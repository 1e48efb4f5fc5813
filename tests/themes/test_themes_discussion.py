"""The focus-group path: one discussion of 60 participant turns on six themes.

``data/discussion_fg9.txt`` is our own writing in the shape of a deliberative focus
group on health records (a facilitator's questions, eight participants, turns that
wander between themes); ``discussion_fg9_gold.csv`` gives each participant turn the
theme its author meant. Defaults only: the number of themes is not given.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

import qualkit as qk

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def discussion():
    t = qk.read_transcript(DATA / "discussion_fg9.txt")
    gold = pd.read_csv(DATA / "discussion_fg9_gold.csv")
    u = t.utterances[t.utterances["role"] == "participant"].reset_index(drop=True)
    assert len(u) == len(gold) == 60 and (u["speaker"] == gold["speaker"]).all()
    spans = u[["transcript_id", "start", "end"]].assign(theme_id=gold["theme"])
    return qk.Corpus([t]), spans


def test_themes_discussion_defaults_find_the_themes(discussion):
    corpus, gold = discussion
    cands = qk.suggest_themes(corpus, random_state=0)
    res = qk.evaluate_themes(cands, gold).iloc[0]
    texts = corpus.utterances.set_index("start").loc[gold["start"], "text"].tolist()
    X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    base = adjusted_rand_score(gold["theme_id"],
                               KMeans(6, n_init=10, random_state=0).fit_predict(X))
    assert 3 <= res["n_themes"] <= 12  # six themes written
    assert res["ari"] >= 0.2 and res["ari"] > base + 0.05
    again = qk.suggest_themes(corpus, random_state=0)
    pd.testing.assert_frame_equal(cands.table, again.table)
    pd.testing.assert_frame_equal(cands.assignments, again.assignments)
    pd.testing.assert_frame_equal(cands.quotes(3), again.quotes(3))


def test_themes_discussion_selection_curve(discussion):
    import matplotlib.axes

    corpus, _ = discussion
    cands = qk.suggest_themes(corpus, random_state=0, n_bootstrap=0)
    sel = cands.selection
    assert list(sel.columns) == ["k", "score"]
    assert sel.attrs["chosen"] == len(cands.table)
    assert sel["k"].min() == 2 and sel["k"].max() == 12  # 60 turns: at most 60 // 5
    assert len(cands.table) < sel["k"].max()  # not the top of the range
    ax = sel.plot()
    assert isinstance(ax, matplotlib.axes.Axes)
    assert ax.get_xlabel() == "number of themes (k)"
