"""Tests for qualkit.themes: suggest_themes, ThemeSearch, evaluate_themes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics

import qualkit as qk
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import InvalidParameterError, NotFittedError
from qualkit.themes import ThemeSearch, evaluate_themes

TOPICS = {
    "privacy": ["I worry about the privacy of my medical records",
                "my records are private and privacy matters to me",
                "who sees my records, privacy is the worry",
                "privacy of health records should be protected"],
    "research": ["research using records could save lives",
                 "medical research saves lives and finds cures",
                 "if research finds new cures I am happy to help",
                 "cures come from research with lots of data"],
    "companies": ["drug companies making profit from our data is wrong",
                  "profit for private companies is not the point",
                  "companies selling data for profit worries people",
                  "I do not want companies to profit from the NHS"],
}


def _corpus() -> tuple[Corpus, pd.DataFrame]:
    transcripts, gold = [], []
    for g in (1, 2):
        turns = [Turn("Facilitator", "What do you think about this?", section="Views")]
        for rep in range(2):
            for topic, says in TOPICS.items():
                for i, s in enumerate(says):
                    turns.append(Turn(f"P{g}{(i + rep) % 4 + 1}", s))
        t = Transcript.from_turns(f"fg{g}_s1", turns, group=f"FG{g}", session=1,
                                  merge_consecutive=False)
        transcripts.append(t)
        u = t.utterances
        u = u[u["role"] == "participant"]
        topic_of = {s: k for k, ss in TOPICS.items() for s in ss}
        gold.append(pd.DataFrame({"transcript_id": u["transcript_id"], "start": u["start"],
                                  "end": u["end"], "theme_id": u["text"].map(topic_of)}))
    return Corpus(transcripts), pd.concat(gold, ignore_index=True)


@pytest.fixture(scope="module")
def corpus_gold():
    return _corpus()


def test_themes_recovers_planted_topics(corpus_gold):
    corpus, gold = corpus_gold
    cands = qk.suggest_themes(corpus, n_themes=3, random_state=0)
    res = qk.evaluate_themes(cands, gold)
    assert res.loc[0, "ari"] == pytest.approx(1.0)
    assert res.loc[0, "n_themes"] == 3
    assert list(cands.table.columns) == ["theme", "label", "label_terms", "codes",
                                         "code_match", "code_match_score",
                                         "n_extracts", "n_groups", "n_participants",
                                         "stability", "merge_with", "section"]
    # no codebook: no code to match
    assert cands.code_scores is None
    assert (cands.table["code_match"] == "").all() and cands.table["code_match_score"].isna().all()
    assert cands.table["n_extracts"].tolist() == [16, 16, 16]
    assert (cands.table["n_groups"] == 2).all()
    assert cands.table["stability"].between(0, 1).all()
    # facilitator turns are not clustered by default
    assert len(cands.assignments) == 48


def test_themes_automatic_k_is_shown(corpus_gold):
    corpus, gold = corpus_gold
    cands = qk.suggest_themes(corpus, random_state=0, n_bootstrap=3)
    sel = cands.selection
    assert list(sel.columns) == ["k", "score", "silhouette", "stability"]
    assert sel.attrs["criterion"] == "silhouette x stability"
    np.testing.assert_allclose(sel["score"], sel["silhouette"].clip(lower=0)
                               * sel["stability"].clip(lower=0))
    assert sel["stability"].between(-1, 1).all() and sel["silhouette"].between(-1, 1).all()
    assert sel.attrs["chosen"] == len(cands.table)
    assert sel["k"].min() < len(cands.table) < sel["k"].max()  # an interior peak
    assert cands.selection["k"].min() == 2
    # exact repeats are not split further than the distinct texts allow
    assert cands.selection["k"].max() <= 12


@pytest.mark.parametrize("algorithm", ["agglomerative", "kmeans", "hdbscan"])
def test_themes_deterministic(corpus_gold, algorithm):
    corpus, _ = corpus_gold
    a = qk.suggest_themes(corpus, algorithm=algorithm, random_state=3, n_bootstrap=5)
    b = qk.suggest_themes(corpus, algorithm=algorithm, random_state=3, n_bootstrap=5)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.assignments, b.assignments)
    pd.testing.assert_frame_equal(a.quotes(2), b.quotes(2))


def test_themes_outliers_kept_as_minus_one():
    rng = np.random.default_rng(0)
    blobs = np.vstack([rng.normal(0, 0.05, (20, 5)) + np.eye(5)[0],
                       rng.normal(0, 0.05, (20, 5)) + np.eye(5)[1]])
    noise = np.eye(5)[2:5]  # three lone points, each in its own direction
    X = np.vstack([blobs, noise])
    df = pd.DataFrame({"text": ["x"] * len(X)})
    ts = ThemeSearch(features=X, algorithm="hdbscan", n_bootstrap=0).fit(df)
    assert (ts.labels_[-3:] == -1).all()
    assert set(ts.labels_[:40].tolist()) == {0, 1}
    assert len(ts.themes_) == 2
    # outliers are reported in assignments and count as their own label in evaluation
    a = pd.DataFrame({"transcript_id": "t", "start": np.arange(43) * 10,
                      "end": np.arange(43) * 10 + 5, "theme": ts.labels_})
    gold = a.assign(theme_id=["A"] * 20 + ["B"] * 20 + ["C"] * 3)[
        ["transcript_id", "start", "end", "theme_id"]]
    res = evaluate_themes(a, gold)
    assert res.loc[0, "n_outliers"] == 3
    assert res.loc[0, "n_themes"] == 2


def test_themes_ward_themes_refined_to_their_nearest_centre():
    # three overlapping groups: Ward's cut leaves some points in a theme whose centre
    # is not their nearest; the refinement (k-means from Ward's centroids) moves them
    rng = np.random.default_rng(17)
    centres = np.array([[0, 0, 0], [1.2, 0, 0], [0.6, 1.0, 0]])
    X = np.vstack([rng.normal(0, 0.45, (60, 3)) + c for c in centres])
    truth = np.repeat([0, 1, 2], 60)
    df = pd.DataFrame({"text": ["x"] * len(X)})

    def nearest_is_own(ts):
        C = np.vstack([ts.features_[ts.labels_ == t].mean(axis=0) for t in range(3)])
        d = ((ts.features_[:, None, :] - C[None]) ** 2).sum(axis=2)
        return d.argmin(axis=1) == ts.labels_

    kw = dict(features=X + 5.0, reduce=None, n_themes=3, n_bootstrap=0, random_state=0)
    ward = ThemeSearch(refine=False, **kw).fit(df)
    refined = ThemeSearch(**kw).fit(df)
    assert (~nearest_is_own(ward)).sum() > 0
    assert nearest_is_own(refined).all()
    # k-means started from Ward's centroids: sklearn gives the same partition
    from sklearn.cluster import KMeans

    Xn = ward.features_
    init = np.vstack([Xn[ward.labels_ == t].mean(axis=0) for t in range(3)])
    km = KMeans(3, init=init, n_init=1).fit_predict(Xn)
    assert metrics.adjusted_rand_score(km, refined.labels_) == pytest.approx(1.0)
    assert (metrics.adjusted_rand_score(truth, refined.labels_)
            >= metrics.adjusted_rand_score(truth, ward.labels_))
    assert refined.themes_["n_extracts"].sum() == len(X)


def test_themes_evaluate_matches_sklearn_by_maximal_overlap():
    # units: 6 spans; gold: 3 spans. Unit 2 overlaps gold A by 3 and gold B by 7 -> B.
    units = pd.DataFrame({"transcript_id": ["t", "t", "t", "t", "u", "u"],
                          "start": [0, 10, 17, 40, 0, 100],
                          "end": [10, 17, 27, 50, 10, 110],
                          "theme": [0, 0, 1, 1, 1, -1]})
    gold = pd.DataFrame({"transcript_id": ["t", "t", "u"], "start": [0, 20, 0],
                         "end": [20, 60, 20], "theme_id": ["A", "B", "A"]})
    res = evaluate_themes(units, gold)
    y_true = ["A", "A", "B", "B", "A"]
    y_pred = [0, 0, 1, 1, 1]
    assert res.loc[0, "ari"] == pytest.approx(metrics.adjusted_rand_score(y_true, y_pred),
                                              abs=1e-12)
    assert res.loc[0, "nmi"] == pytest.approx(
        metrics.normalized_mutual_info_score(y_true, y_pred), abs=1e-12)
    assert res.loc[0, "v_measure"] == pytest.approx(metrics.v_measure_score(y_true, y_pred),
                                                    abs=1e-12)
    assert res.loc[0, "n_excluded"] == 1 and res.loc[0, "n_units"] == 5
    assert res.loc[0, "n_themes"] == 2


def test_themes_quotes_attribution_and_groups(corpus_gold):
    corpus, _ = corpus_gold
    cands = qk.suggest_themes(corpus, n_themes=3, n_bootstrap=0)
    q = cands.quotes(2)
    assert q["attribution"].str.fullmatch(r"\(FG[12], P[12]\d\)").all()
    assert (q.groupby("theme")["group"].nunique() == 2).all()  # different groups first
    for r in q.itertuples():
        assert corpus[r.transcript_id].text[r.start:r.end] == r.text
        assert r.attribution == f"({r.group}, {r.speaker})"


def test_themes_not_fitted_message():
    ts = ThemeSearch()
    with pytest.raises(NotFittedError, match=r"\[Q601\] This ThemeSearch instance is not "
                                             r"fitted yet. Call 'fit'.*'labels_'"):
        ts.labels_
    with pytest.raises(AttributeError, match="Q601"):
        ts.transform()


def test_themes_bad_options(corpus_gold):
    corpus, _ = corpus_gold
    with pytest.raises(InvalidParameterError, match=r"\[Q001\].*'algorithm'.*'kmeans'"):
        qk.suggest_themes(corpus, algorithm="dbscan")
    with pytest.raises(InvalidParameterError, match=r"\[Q602\].*shape"):
        qk.suggest_themes(corpus, features=np.zeros((3, 2)))
    with pytest.raises(InvalidParameterError, match=r"\[Q602\].*unit='coding'"):
        qk.suggest_themes(corpus, unit="coding")


def test_themes_plot_returns_axes(corpus_gold):
    import matplotlib.axes

    corpus, _ = corpus_gold
    cands = qk.suggest_themes(corpus, n_themes=3, n_bootstrap=0)
    ax = cands.plot()
    assert isinstance(ax, matplotlib.axes.Axes)
    assert len(ax.texts) == 3


def test_themes_sentences_unit(corpus_gold):
    corpus, _ = corpus_gold
    cands = qk.suggest_themes(corpus, unit="sentence", n_themes=3, n_bootstrap=0)
    for r in cands.assignments.itertuples():
        assert 0 <= r.start < r.end <= len(corpus[r.transcript_id].text)
    assert len(cands.table) == 3


def _project(corpus):
    from qualkit.codebook import Codebook

    p = qk.Project.in_memory()
    p.add_corpus(corpus)
    p.set_codebook(Codebook([
        {"id": "privacy", "name": "Privacy", "definition": "worry about privacy of records"},
        {"id": "confidential", "name": "Confidentiality", "definition": "who sees records"},
        {"id": "cures", "name": "Cures", "definition": "research finds cures"},
        {"id": "lives", "name": "Saving lives", "definition": "research saves lives"},
        {"id": "profit", "name": "Profit", "definition": "companies profit from data"},
        {"id": "selling", "name": "Selling data", "definition": "companies selling data"},
    ]))
    code_of = {"privacy": ("privacy", "confidential"), "research": ("cures", "lives"),
               "companies": ("profit", "selling")}
    topic_of = {s: k for k, ss in TOPICS.items() for s in ss}
    rows = []
    for t in corpus:
        u = t.utterances
        for i, r in enumerate(u[u["role"] == "participant"].itertuples()):
            rows.append({"transcript_id": t.id, "start": r.start, "end": r.end,
                         "code_id": code_of[topic_of[r.text]][i % 2]})
    p.code_many(pd.DataFrame(rows), coder="KS")
    return p


def test_themes_from_codes_and_accept(corpus_gold):
    corpus, gold = corpus_gold
    p = _project(corpus)
    cands = qk.suggest_themes(p, unit="coding", coder="KS", n_themes=3, random_state=0,
                              n_bootstrap=5)
    groups = sorted(sorted(c.split(", ")) for c in cands.table["codes"])
    assert groups == [["confidential", "privacy"], ["cures", "lives"], ["profit", "selling"]]
    assert evaluate_themes(cands, gold).loc[0, "ari"] == pytest.approx(1.0)
    tid = cands.accept(0, "Named theme", who="KS")
    th = p.themes()
    assert th.loc[th["theme_id"] == tid, "name"].item() == "Named theme"
    assert sorted(th.loc[th["theme_id"] == tid, "codes"].item()) == \
        sorted(cands.table.loc[0, "codes"].split(", "))
    assert (p.audit_log()["action"] == "add_theme").sum() == 1
    with pytest.raises(InvalidParameterError, match=r"\[Q604\]"):
        cands.accept(9, "x", who="KS")


def test_themes_accept_uses_add_theme_of_given_project(corpus_gold):
    corpus, _ = corpus_gold
    cands = qk.suggest_themes(corpus, n_themes=3, n_bootstrap=0)

    class StandIn:
        def __init__(self):
            self.calls = []

        def add_theme(self, name, definition="", codes=(), who=None):
            self.calls.append((name, definition, list(codes), who))
            return 7

    s = StandIn()
    assert cands.accept(1, "Profit", project=s, who="KG") == 7
    assert s.calls[0][0] == "Profit" and s.calls[0][3] == "KG"
    assert s.calls[0][1].startswith("Candidate theme 1: ")
    with pytest.raises(InvalidParameterError, match=r"\[Q602\].*no project"):
        cands.accept(1, "Profit", who="KG")


def test_themes_utterances_of_a_project_list_top_codes(corpus_gold):
    corpus, _ = corpus_gold
    p = _project(corpus)
    cands = qk.suggest_themes(p, n_themes=3, n_bootstrap=0)
    got = sorted(sorted(c.split(", ")) for c in cands.table["codes"])
    assert got == [["confidential", "privacy"], ["cures", "lives"], ["profit", "selling"]]


def _topic_of_themes(cands, gold) -> dict[int, str]:
    a = cands.assignments.merge(gold, on=["transcript_id", "start", "end"])
    return a.groupby("theme")["theme_id"].agg(lambda s: s.mode().iloc[0]).to_dict()


def test_themes_name_the_code_each_theme_matches(corpus_gold):
    from qualkit.codebook import Codebook

    corpus, gold = corpus_gold
    # definitions in other words than the talk; one code nobody talks about
    cb = Codebook([
        {"id": "secrecy", "name": "Secrecy", "definition": "keeping what doctors write private"},
        {"id": "science", "name": "Science", "definition": "studies that find treatments"},
        {"id": "trade", "name": "Trade", "definition": "firms earning money from patients"},
        {"id": "travel", "name": "Travel", "definition": "buses and trains running late"}])
    cands = qk.suggest_themes(corpus, n_themes=3, n_bootstrap=0, codebook=cb)
    topic = _topic_of_themes(cands, gold)
    want = {"privacy": "secrecy", "research": "science", "companies": "trade"}
    assert {int(r.theme): r.code_match for r in cands.table.itertuples()} == \
        {t: want[topic[t]] for t in topic}
    assert (cands.table["code_match_score"] > 0).all()
    sc = cands.code_scores
    assert list(sc.columns) == ["secrecy", "science", "trade", "travel"]
    assert sc.index.tolist() == [0, 1, 2]
    assert (sc["travel"] < sc.max(axis=1)).all()  # the unused code is nobody's best
    # each score is the theme's mean of the extracts' centred similarities
    from qualkit.suggest import code_similarity

    S = code_similarity(cands.extracts["text"].tolist(), cb)
    lab = cands.assignments["theme"].to_numpy()
    np.testing.assert_allclose(sc.loc[1].to_numpy(), S[lab == 1].mean().to_numpy(), atol=1e-6)
    # a Project's codebook is used by default; codes are scored over every extract
    p = _project(corpus)
    pc = qk.suggest_themes(p, n_themes=3, n_bootstrap=0)
    topic = _topic_of_themes(pc, gold)
    own = {"privacy": {"privacy", "confidential"}, "research": {"cures", "lives"},
           "companies": {"profit", "selling"}}
    assert all(r.code_match in own[topic[r.theme]] for r in pc.table.itertuples())
    with pytest.raises(InvalidParameterError, match=r"\[Q001\].*codebook"):
        qk.suggest_themes(corpus, n_themes=3, codebook={"a": "b"})


def test_themes_fall_back_to_tfidf_without_the_embedding_model(corpus_gold, monkeypatch):
    from qualkit import embeddings
    from qualkit.errors import QualkitWarning

    corpus, gold = corpus_gold
    monkeypatch.setattr(embeddings, "missing_packages", lambda: ["onnxruntime"])
    with pytest.warns(QualkitWarning, match=r"\[W601\].*TF-IDF.*onnxruntime"):
        cands = qk.suggest_themes(corpus, n_themes=3, n_bootstrap=0)
    assert cands.search.features_used_ == "tfidf"
    assert qk.evaluate_themes(cands, gold).loc[0, "ari"] == pytest.approx(1.0)
    from qualkit.themes._features import embedding_features

    embeddings._model.cache_clear()
    with pytest.raises(InvalidParameterError, match=r"\[Q603\].*onnxruntime"):
        embedding_features(["a text"])
    monkeypatch.undo()
    embeddings._model.cache_clear()


def test_themes_default_features_are_embeddings_with_a_spectral_map(corpus_gold):
    corpus, _ = corpus_gold
    cands = qk.suggest_themes(corpus, random_state=0, n_bootstrap=0)
    assert cands.search.features_used_ == "embeddings"
    assert cands.search.features_.shape == (48, 384)
    assert cands.search.reduce_used_ == "spectral"
    # twelve distinct texts said four times: fewer than MIN_N, the vectors as they are
    np.testing.assert_allclose(cands.search.embedding_, cands.search.features_)


def test_themes_spectral_map_joins_the_centred_graph_and_keeps_small_sets():
    from scipy.cluster.hierarchy import fcluster, linkage

    from qualkit.themes._reduce import MIN_N, center_vectors, spectral_map

    rng = np.random.default_rng(3)
    shared = np.r_[5.0, np.zeros(7)]  # every vector leans the same way
    X = np.vstack([rng.normal(0, .3, (20, 8)) + shared + 2 * np.eye(8)[i + 1]
                   for i in range(6)])
    C = center_vectors(X)
    np.testing.assert_allclose(np.linalg.norm(C, axis=1), 1.0)
    Xn = X / np.linalg.norm(X, axis=1, keepdims=True)
    assert Xn[:, 0].mean() > 0.8 and abs(C[:, 0].mean()) < 0.01  # the shared lean is gone
    assert len(X) >= MIN_N
    for center in (True, False):
        E = spectral_map(X, random_state=0, center=center)
        lab = fcluster(linkage(E, "ward"), 6, "maxclust")
        assert sorted(np.bincount(lab)[1:].tolist()) == [20] * 6
    assert not np.allclose(spectral_map(X, random_state=0),
                           spectral_map(X, random_state=0, center=False))
    # repeats are mapped once and share a place; the centring still counts them
    Xr = np.vstack([X, X[:5]])
    Er = spectral_map(Xr, random_state=0)
    np.testing.assert_allclose(Er[120:], Er[:5])
    small = X[: MIN_N - 1]
    np.testing.assert_allclose(spectral_map(small),
                               small / np.linalg.norm(small, axis=1, keepdims=True))


def test_themes_labels_leave_out_links_numbers_names_and_shared_words():
    say = {
        "care": ["Nurse Bronwyn was so kind on the hospital ward, see https://example.org/ward",
                 "the nurses on the ward were kind and caring, thanks Bronwyn",
                 "kind caring nurses, Bronwyn and the team, 10 out of 10 care",
                 "the ward care was kind, nurses always caring"],
        "parking": ["the car park costs too much, parking is a nightmare at the hospital",
                    "parking fees at the car park are far too high at the hospital",
                    "could not find parking, the car park was full again",
                    "car park charges are a disgrace, parking costs 10 pounds"],
        "waiting": ["waited four hours in the waiting room at the hospital",
                    "the waiting time for an appointment was months, waiting list too long",
                    "long waiting list and hours waiting in clinic",
                    "waiting times are far too long, waited weeks"],
    }
    turns = [Turn(f"P{i % 6 + 1}", s) for i, s in enumerate(
        [x for rep in range(2) for v in say.values() for x in v])]
    t = Transcript.from_turns("fb", turns, group="FB", merge_consecutive=False)
    cands = qk.suggest_themes(Corpus([t]), n_themes=3, n_bootstrap=0, random_state=0)
    words = {w for terms in cands.table["label_terms"] for term in terms.split(", ")
             for w in term.split()}
    assert not words & {"https", "example", "org", "bronwyn", "10", "hospital"}
    assert {"park", "wait", "nurse"} <= words
    for label, terms in zip(cands.table["label"], cands.table["label_terms"]):
        assert label and label in terms or all(p in terms for p in label.split(" / "))
    q = cands.quotes(3)
    assert not q.duplicated(["theme", "text"]).any()  # each sentence said twice, quoted once


FILLERS = ["Well, I was thinking about it on the way here today.",
           "Sorry, can you say the question again for me?",
           "That is a good point and I had not heard it put that way before."]


def _talky_corpus() -> Corpus:
    """Turns of a filler sentence and a topic sentence; one sentence said again by another
    speaker in the other group, and once more with a link after it."""
    transcripts = []
    for g in (1, 2):
        turns = [Turn("Facilitator", "What do you think about this?")]
        for topic, says in TOPICS.items():
            for i, s in enumerate(says):
                turns.append(Turn(f"P{g}{i + 1}", f"{FILLERS[(i + g) % 3]} {s}."))
        if g == 2:
            turns.append(Turn("P25", f"{TOPICS['privacy'][0]}."))
            turns.append(Turn("P26", f"Yes. {TOPICS['privacy'][0]} https://example.org/x"))
        transcripts.append(Transcript.from_turns(f"fg{g}", turns, group=f"FG{g}",
                                                 merge_consecutive=False))
    return Corpus(transcripts)


@pytest.mark.parametrize("features", [None, "tfidf"])
def test_themes_quotes_are_whole_distinct_sentences_from_other_groups_first(features):
    from qualkit.nlp import sentences

    corpus = _talky_corpus()
    cands = qk.suggest_themes(corpus, n_themes=3, n_bootstrap=0, features=features)
    q = cands.quotes(4)
    sent = {(r.transcript_id, r.start, r.end) for r in sentences(corpus).itertuples()}
    utt = {(r.transcript_id, r.start, r.end) for r in corpus.utterances.itertuples()}
    for r in q.itertuples():
        assert corpus[r.transcript_id].text[r.start:r.end] == r.text
        key = (r.transcript_id, r.start, r.end)
        assert key in sent  # a whole sentence of the transcript ...
        assert key in utt or r.text not in FILLERS  # ... the topic's, not the filler
        assert not r.text.startswith(("Well,", "Sorry,", "That is a good"))
    topic_words = {s: frozenset(s.lower().split()) for ss in TOPICS.values() for s in ss}

    def words(text: str) -> frozenset:
        return frozenset(text.split(" https")[0].lower().rstrip(".").split())

    a = cands.assignments.assign(text=cands.extracts["text"])
    for t, g in q.groupby("theme"):
        w = [words(x) for x in g["text"]]
        assert len(set(w)) == len(w)  # said again, or again with a link: quoted once
        if g["group"].nunique() > 1:
            assert g.iloc[0]["group"] != g.iloc[1]["group"]  # other groups first
        # as many quotes as distinct topic sentences in the theme, up to 4
        mine = {v for x in a.loc[a["theme"] == t, "text"] for v in topic_words.values()
                if v <= words(x.replace("?", "").replace(".", " "))}
        assert len(g) == min(4, len(mine))
    # the privacy sentence said by five people is quoted once
    first = TOPICS["privacy"][0].lower()
    assert (q["text"].str.lower().str.startswith(first)).sum() == 1
