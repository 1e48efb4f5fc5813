"""The focus-group path: discussions of 60 participant turns on five or six themes each.

``data/discussion_fg9.txt`` (health records for research), ``discussion_fg10.txt``
(records shared with social care and read by software), ``discussion_fg11.txt`` (genomic
data) and ``discussion_fg12.txt`` (records used to train AI tools; conversational, short
agreeing turns, long turns that drift, five themes) are our own writing in the shape of a
deliberative focus group (a facilitator's questions, eight participants, turns that
wander between themes; in fg11 and fg12 the sections do not follow the themes);
``*_gold.csv`` gives each participant turn the theme its author meant. fg10 was written
after the pipeline was chosen and measured once; fg11 and fg12 were written by another
engineer after the k-means refinement and measured once before the question context
was added (0.184 and 0.115 then). Defaults only: the number of themes is not given.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

import qualkit as qk

DATA = Path(__file__).parent / "data"
NAMES = ["discussion_fg9", "discussion_fg10", "discussion_fg11", "discussion_fg12"]


def _discussion(name: str):
    t = qk.read_transcript(DATA / f"{name}.txt")
    gold = pd.read_csv(DATA / f"{name}_gold.csv")
    u = t.utterances[t.utterances["role"] == "participant"].reset_index(drop=True)
    assert len(u) == len(gold) == 60 and (u["speaker"] == gold["speaker"]).all()
    spans = u[["transcript_id", "start", "end"]].assign(theme_id=gold["theme"])
    return qk.Corpus([t]), spans


@pytest.fixture(scope="module")
def discussion():
    return _discussion("discussion_fg9")


@pytest.fixture(scope="module")
def results():
    out = {}
    for name in NAMES:
        corpus, gold = _discussion(name)
        cands = qk.suggest_themes(corpus, random_state=0)
        res = qk.evaluate_themes(cands, gold).iloc[0]
        texts = corpus.utterances.set_index("start").loc[gold["start"], "text"].tolist()
        X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
        base = adjusted_rand_score(gold["theme_id"],
                                   KMeans(gold["theme_id"].nunique(), n_init=10,
                                          random_state=0).fit_predict(X))
        out[name] = (corpus, cands, res, base)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_themes_discussion_defaults_find_the_themes(results, name):
    corpus, cands, res, base = results[name]
    assert 3 <= res["n_themes"] <= 12  # five or six themes written
    # measured: fg9 0.775 (baseline 0.009), fg10 0.344 (0.026), fg11 0.307 (0.053),
    # fg12 0.249 (-0.008); without the question context 0.247, 0.202, 0.184, 0.115
    assert res["ari"] > base + 0.1
    again = qk.suggest_themes(corpus, random_state=0)
    pd.testing.assert_frame_equal(cands.table, again.table)
    pd.testing.assert_frame_equal(cands.assignments, again.assignments)
    pd.testing.assert_frame_equal(cands.quotes(3), again.quotes(3))


def test_themes_discussions_mean_ari_reaches_the_goal(results):
    # issue #17: held-out discussions >= 0.2 ARI with every default
    assert np.mean([r[2]["ari"] for r in results.values()]) >= 0.2
    assert min(r[2]["ari"] for r in results.values()) >= 0.2


def test_themes_discussion_context_is_the_facilitators_question(results):
    # each participant turn's vector is its own plus 0.3 times the facilitator's latest
    # question's; context=0 clusters the turns alone (the mean ARI was 0.19 then)
    from sklearn.preprocessing import normalize

    from qualkit.embeddings import embed
    from qualkit.themes import ThemeSearch

    corpus, cands, res, _ = results["discussion_fg11"]
    u = corpus.utterances
    part = u[u["role"] == "participant"]
    first = part.index[0]
    question = u.loc[:first][u.loc[:first, "role"] == "facilitator"]["text"].iloc[-1]
    ex = part[["text"]].assign(context=question)
    ts = ThemeSearch(n_themes=6, n_bootstrap=0).fit(ex.iloc[:12])
    want = normalize(embed(ex["text"].iloc[:12].tolist()) + 0.3 * embed([question]))
    np.testing.assert_allclose(ts.features_, want, atol=1e-6)
    assert ts.context_used_
    alone = ThemeSearch(n_themes=6, n_bootstrap=0, context=0).fit(ex.iloc[:12])
    assert not alone.context_used_
    np.testing.assert_allclose(alone.features_, normalize(embed(ex["text"].iloc[:12].tolist())),
                               atol=1e-6)
    plain = qk.suggest_themes(corpus, random_state=0, context=0)
    assert qk.evaluate_themes(plain, _discussion("discussion_fg11")[1]).iloc[0]["ari"] < res["ari"]


def test_themes_discussion_selection_curve(discussion):
    import matplotlib.axes

    corpus, _ = discussion
    cands = qk.suggest_themes(corpus, random_state=0, n_bootstrap=0)
    sel = cands.selection
    assert list(sel.columns) == ["k", "score", "silhouette", "stability"]
    assert sel.attrs["chosen"] == len(cands.table)
    assert sel["k"].min() == 2 and sel["k"].max() == 12  # 60 turns: at most 60 // 5
    assert len(cands.table) < sel["k"].max()  # not the top of the range
    ax = sel.plot()
    assert isinstance(ax, matplotlib.axes.Axes)
    assert ax.get_xlabel() == "number of themes (k)"
