"""suggest_themes: from a corpus or project to candidate themes with quotes and a map."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, InvalidParameterError
from ._cluster import ThemeSearch

__all__ = ["suggest_themes", "ThemeCandidates", "TABLE_COLUMNS", "ASSIGNMENT_COLUMNS",
           "QUOTE_COLUMNS", "QUOTE_MIN_WORDS"]

#: Columns of ``ThemeCandidates.table``.
TABLE_COLUMNS = ["theme", "label", "label_terms", "codes", "code_match", "code_match_score",
                 "n_extracts", "n_groups", "n_participants", "stability", "merge_with",
                 "section"]
#: Columns of ``ThemeCandidates.assignments``.
ASSIGNMENT_COLUMNS = ["transcript_id", "start", "end", "theme"]
#: Columns of ``ThemeCandidates.quotes()``.
QUOTE_COLUMNS = ["theme", "rank", "transcript_id", "start", "end", "group", "speaker", "text",
                 "attribution", "similarity"]

_EXTRACT_COLUMNS = ["transcript_id", "start", "end", "group", "section", "speaker", "role",
                    "text"]


def _is_project(obj: Any) -> bool:
    return hasattr(obj, "codings") and hasattr(obj, "corpus") and hasattr(obj, "add_theme")


def _with_speakers(spans: pd.DataFrame, utt: pd.DataFrame) -> pd.DataFrame:
    """Add group, section, speaker, role of the utterance where each span starts."""
    u = utt[["transcript_id", "start", "group", "section", "speaker", "role"]].rename(
        columns={"start": "u_start"}).sort_values("u_start", kind="mergesort")
    s = spans.drop(columns=[c for c in ("group", "section", "speaker", "role") if c in spans])
    s = s.assign(_order=np.arange(len(s))).sort_values("start", kind="mergesort")
    s["start"] = s["start"].astype("int64")
    u["u_start"] = u["u_start"].astype("int64")
    m = pd.merge_asof(s, u, left_on="start", right_on="u_start", by="transcript_id",
                      direction="backward")
    return m.sort_values("_order", kind="mergesort").drop(columns=["_order", "u_start"]) \
        .reset_index(drop=True)


def _extracts(obj: Any, unit: str, roles: Sequence[str] | None, coder: Any
              ) -> tuple[pd.DataFrame, Any, pd.DataFrame]:
    """The extracts to cluster, the Project (or None) and the corpus's utterance table."""
    from ..corpus import Corpus, Transcript

    project = obj if _is_project(obj) else None
    if project is not None:
        corpus = project.corpus
    elif isinstance(obj, Transcript):
        corpus = Corpus([obj])
    elif isinstance(obj, Corpus):
        corpus = obj
    else:
        raise InvalidParameterError(Errors.Q001.format(
            param="corpus_or_project", caller="suggest_themes",
            expected="a Corpus, Transcript or Project", found=type(obj).__name__))
    utt = corpus.utterances
    if unit == "coding":
        if project is None:
            raise InvalidParameterError(Errors.Q602.format(
                caller="suggest_themes", problem="unit='coding' was given a corpus",
                expected="a Project with codings (and coder= to pick one coder's)"))
        cod = project.codings(coder=coder)
        if cod.empty:
            raise InvalidParameterError(Errors.Q602.format(
                caller="suggest_themes", problem=f"the project has no codings for coder={coder!r}",
                expected=f"codings by one of {project.coders}"))
        ex = _with_speakers(cod[["transcript_id", "start", "end", "code_id", "text"]], utt)
    elif unit == "sentence":
        from ..nlp import sentences

        sen = sentences(corpus)
        keep = utt[["utterance_id", "group", "section", "speaker", "role"]]
        ex = sen.merge(keep, on="utterance_id", how="left")
    else:
        ex = utt.copy()
    if roles is not None and unit != "coding":
        ex = ex[ex["role"].isin(list(roles))]
    ex = ex[ex["text"].fillna("").str.strip().astype(bool)].reset_index(drop=True)
    cols = _EXTRACT_COLUMNS + (["code_id"] if "code_id" in ex else [])
    return ex[cols].copy(), project, utt


def _question_context(ex: pd.DataFrame, utt: pd.DataFrame) -> pd.Series:
    """For each extract, the text of the facilitator's latest utterance before it in its
    transcript (the question it answers); empty for facilitators' own extracts and
    where no facilitator has spoken yet. ``utt`` is the corpus's utterance table.

    Examples
    --------
    >>> from qualkit.corpus import Corpus, Transcript, Turn
    >>> t = Transcript.from_turns("fg", [Turn("P01", "Hello."), Turn("Facilitator", "Why?"),
    ...                                  Turn("P01", "Because."), Turn("P02", "Yes.")])
    >>> u = Corpus([t]).utterances
    >>> _question_context(u, u).tolist()
    ['', '', 'Why?', 'Why?']
    """
    fac = utt[utt["role"] == "facilitator"].sort_values("start")
    out = pd.Series("", index=ex.index, dtype=object)
    by_transcript = dict(tuple(fac.groupby("transcript_id", sort=False)))
    for tid, rows in ex.groupby("transcript_id", sort=False):
        f = by_transcript.get(tid)
        if f is None:
            continue
        at = np.searchsorted(f["start"].to_numpy(), rows["start"].to_numpy(), side="right") - 1
        texts = f["text"].astype(str).to_numpy()
        got = np.where(at >= 0, texts[np.maximum(at, 0)], "")
        got[(rows["role"] == "facilitator").to_numpy()] = ""
        out.loc[rows.index] = got
    return out


def _code_features(ex: pd.DataFrame, utt: pd.DataFrame, project: Any, random_state: int,
                   semantic_weight: float = 0.7, features: str = "tfidf"
                   ) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per code: semantic centroid (extracts + codebook text) and co-occurrence.

    The vector is ``[sqrt(w) * semantic, sqrt(1 - w) * cooccurrence]`` with both parts
    unit-length, so the cosine of two codes is ``w * cos_semantic + (1 - w) * cos_cooc``.
    """
    from sklearn.preprocessing import normalize

    from ._features import tfidf_features

    codes = sorted(ex["code_id"].astype(str).unique())
    cb = None
    try:
        cb = project.codebook
    except Exception:  # noqa: BLE001 - a project without a codebook still clusters
        cb = None

    def describe(c: str) -> str:
        if cb is None or c not in cb:
            return ""
        code = cb[c]
        cues = " ".join(getattr(code, "cues", ()) or ())
        return f"{code.name}. {code.definition or ''} {cues}"

    texts = ex["text"].astype(str).tolist() + [describe(c) for c in codes]
    if features == "embeddings":
        from ._features import embedding_features

        X = embedding_features(texts, cache=project)
    else:
        X, _, _ = tfidf_features(texts, random_state=random_state)
    Xe, Xd = X[: len(ex)], X[len(ex):]
    pos = {c: i for i, c in enumerate(codes)}
    ci = ex["code_id"].astype(str).map(pos).to_numpy()
    sem = np.zeros((len(codes), X.shape[1]))
    np.add.at(sem, ci, Xe)
    sem = normalize(normalize(sem) + 0.5 * Xd)
    # co-occurrence: codes applied within the same utterance
    u = utt[["transcript_id", "start", "end"]].assign(_u=np.arange(len(utt)))
    loc = _with_speakers(ex[["transcript_id", "start", "end"]].assign(_i=np.arange(len(ex))),
                         u.assign(group=None, section=None, speaker=u["_u"], role=None))
    unit_of = pd.to_numeric(loc["speaker"], errors="coerce").fillna(-1).astype(int).to_numpy()
    inc = np.zeros((len(codes), len(utt) + 1))
    np.add.at(inc, (ci, unit_of), 1.0)
    inc = (inc[:, :-1] > 0).astype(float)
    cooc = normalize(inc @ inc.T)
    w = semantic_weight
    feats = np.hstack([np.sqrt(w) * sem, np.sqrt(1 - w) * cooc])
    joined = ex.groupby(ex["code_id"].astype(str))["text"].apply(lambda s: " ".join(s))
    code_df = pd.DataFrame({"code_id": codes, "text": [joined[c] for c in codes]})
    return code_df, feats


def _code_descriptions(project: Any) -> list[str]:
    """Name, definition, cues and examples of each leaf code of the project's codebook."""
    if project is None:
        return []
    try:
        codes = list(project.codebook)
    except Exception:  # noqa: BLE001 - a project without a codebook
        return []
    parents = {getattr(c, "parent", None) for c in codes}
    out = []
    for c in codes:
        if getattr(c, "id", None) in parents:
            continue
        text = " ".join([str(getattr(c, "name", "") or ""),
                         str(getattr(c, "definition", "") or ""),
                         " ".join(getattr(c, "cues", ()) or ()),
                         " ".join(getattr(c, "examples", ()) or ())]).strip()
        if text:
            out.append(text)
    return out


#: Fewest words of a sentence quoted on its own (shorter ones are passed over when the
#: utterance has a longer sentence).
QUOTE_MIN_WORDS = 6
_WORDS = re.compile(r"[^\W\d_]+")


def normalize_rows(V: np.ndarray) -> np.ndarray:
    from sklearn.preprocessing import normalize

    return normalize(np.asarray(V, dtype=np.float64))


def _sentence_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, sentence)`` of each sentence of ``text`` (spaCy's sentencizer of
    qualkit's default pipeline, :func:`qualkit.nlp.sentences`), offsets into ``text``."""
    from ..nlp import get_nlp

    nlp = get_nlp()
    disable = [p for p in nlp.pipe_names if p in ("lemmatizer", "ner", "tagger",
                                                   "attribute_ruler")]
    out = []
    with nlp.select_pipes(disable=disable):
        doc = nlp(text)
    for sent in doc.sents:
        raw = text[sent.start_char:sent.end_char]
        body = raw.strip()
        if body:
            s = sent.start_char + len(raw) - len(raw.lstrip())
            out.append((s, s + len(body), body))
    return out


def _quote_words(text: str) -> set[str]:
    """Lower-case words of a quote, links and handles left out (for likeness of quotes)."""
    from ._features import _NOT_WORDS

    return set(_WORDS.findall(_NOT_WORDS.sub(" ", text).lower()))


def _overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller word set found in the other (1.0 for two empty sets)."""
    if not a or not b:
        return float(a == b)
    return len(a & b) / min(len(a), len(b))


class ThemeCandidates:
    """Candidate themes from :func:`suggest_themes`: a table, assignments, quotes, a map.

    Attributes
    ----------
    table : DataFrame
        One row per candidate theme, columns :data:`TABLE_COLUMNS`: ``label_terms``
        (class-based TF-IDF terms and phrases), ``codes`` (the codes in the theme, most
        used first, when built from codes), ``n_extracts``, ``n_groups``,
        ``n_participants``, ``stability`` (bootstrap Jaccard, 0-1), ``merge_with``
        (near-duplicate themes to consider merging) and the dominant ``section``.
    assignments : DataFrame
        One row per unit: ``transcript_id, start, end, theme`` (-1 = outlier).
    extracts : DataFrame
        The units clustered, with ``group, section, speaker, role, text`` (and
        ``code_id`` for codings), in the order of ``assignments``.
    code_scores : DataFrame or None
        With a codebook (a Project's, or ``codebook=``) and utterances or sentences: one
        row per theme, one column per code with a definition, cues or examples, the
        mean over the theme's extracts of how much more like the code they are than the
        extracts usually are (:func:`qualkit.suggest.code_similarity`). The table's
        ``code_match`` is each row's best code when its score is above 0 (else empty),
        ``code_match_score`` that score.
    selection : SelectionCurve
        ``k, score, silhouette, stability`` of each number of themes tried (score =
        silhouette x stability); ``.plot()`` draws the curve, ``.attrs["chosen"]`` is
        the number used.
    search : ThemeSearch
        The fitted estimator.
    """

    def __init__(self, search: ThemeSearch, extracts: pd.DataFrame, labels: np.ndarray,
                 table: pd.DataFrame, project: Any = None, unit: str = "utterance",
                 code_scores: pd.DataFrame | None = None) -> None:
        self.search = search
        self.code_scores = code_scores
        self.extracts = extracts
        self.table = table
        self.project = project
        self.unit = unit
        self.assignments = pd.DataFrame({
            "transcript_id": extracts["transcript_id"].to_numpy(),
            "start": extracts["start"].astype("int64").to_numpy(),
            "end": extracts["end"].astype("int64").to_numpy(),
            "theme": labels.astype("int64")}, columns=ASSIGNMENT_COLUMNS)
        self.selection = search.selection_

    def __repr__(self) -> str:
        n_out = int((self.assignments["theme"] == -1).sum())
        return (f"<ThemeCandidates: {len(self.table)} themes over {len(self.assignments)} "
                f"{self.unit}s, {n_out} outliers>")

    def _check_theme(self, theme: Any, caller: str) -> int:
        known = self.table["theme"].tolist()
        if not isinstance(theme, (int, np.integer)) or int(theme) not in known:
            raise InvalidParameterError(Errors.Q604.format(caller=caller, theme=theme,
                                                           known=known))
        return int(theme)

    def quotes(self, n: int = 3) -> pd.DataFrame:
        """Up to ``n`` representative quotes per theme: whole sentences, distinct, from
        different groups first.

        Extracts are taken in order of similarity to the theme's centroid, first one
        per focus group, then the rest, so quotes come from different groups where
        possible. From an utterance of several sentences the quote is its sentence
        nearest the theme (by embedding when the themes were found on embeddings, else
        the sentence holding most of the theme's label terms), among its sentences of
        at least :data:`QUOTE_MIN_WORDS` words when it has any; the span is the
        sentence's place in the transcript. A quote whose words (letters only, any
        order) are 80% or more those of a quote already taken is left out, so a
        sentence repeated by another speaker or a copy with another link is quoted once.
        Codings are quoted as coded. ``attribution`` reads like ``"(FG2, P14)"``;
        ``similarity`` is the extract's cosine to the theme's centroid.

        Returns
        -------
        DataFrame
            Columns :data:`QUOTE_COLUMNS`.
        """
        if not isinstance(n, (int, np.integer)) or n < 1:
            raise InvalidParameterError(Errors.Q001.format(
                param="n", caller="ThemeCandidates.quotes", expected="an int >= 1", found=n))
        from sklearn.preprocessing import normalize

        X = self._unit_vectors()
        labels = self.assignments["theme"].to_numpy()
        ex = self.extracts
        rows = []
        for t in self.table["theme"]:
            idx = np.flatnonzero(labels == t)
            if len(idx) == 0:
                continue
            c = normalize(X[idx].mean(axis=0, keepdims=True))[0]
            sim = X[idx] @ c
            order = idx[np.lexsort((idx, -np.round(sim, 12)))]
            simd = dict(zip(idx.tolist(), sim.tolist()))
            picked: list[tuple[int, int, int, str]] = []
            groups: set[Any] = set()
            said: list[set[str]] = []
            spans: dict[int, tuple[int, int, str]] = {}
            # first distinct words from groups not yet quoted, then distinct words from any
            # group: the same words under another speaker are quoted once
            for new_group_only in (True, False):
                for i in order:
                    if len(picked) >= n:
                        break
                    g = ex.at[i, "group"] if pd.notna(ex.at[i, "group"]) \
                        else ex.at[i, "transcript_id"]
                    if (new_group_only and g in groups) or any(p[0] == i for p in picked):
                        continue
                    if i not in spans:
                        spans[i] = self._quote_span(int(i), int(t), c)
                    s, e, text = spans[i]
                    words = _quote_words(text)
                    if any(_overlap(words, w) >= 0.8 for w in said):
                        continue
                    picked.append((int(i), s, e, text))
                    said.append(words)
                    groups.add(g)
            for rank, (i, s, e, text) in enumerate(picked[:n], start=1):
                r = ex.loc[i]
                grp = r["group"] if pd.notna(r["group"]) else r["transcript_id"]
                rows.append((int(t), rank, r["transcript_id"], s, e, r["group"], r["speaker"],
                             text, f"({grp}, {r['speaker']})", float(simd[i])))
        return pd.DataFrame(rows, columns=QUOTE_COLUMNS)

    def _quote_span(self, i: int, theme: int, centroid: np.ndarray) -> tuple[int, int, str]:
        """``start, end, text`` of the sentence of extract ``i`` that best quotes ``theme``."""
        r = self.extracts.loc[i]
        text, start = str(r["text"]), int(r["start"])
        if self.unit != "utterance":
            return start, int(r["end"]), text
        every = _sentence_spans(text)
        if len(every) <= 1:  # one sentence: the extract itself
            return start, int(r["end"]), text
        sents = [sp for sp in every if len(_WORDS.findall(sp[2])) >= QUOTE_MIN_WORDS] \
            or every
        if len(sents) == 1:
            s, e, txt = sents[0]
            return start + s, start + e, txt
        if self.search.features_used_ == "embeddings":
            from ..embeddings import embed

            V = normalize_rows(embed([sp[2] for sp in sents], cache=self.search.cache))
            score = V @ normalize_rows(centroid[None, :])[0]
        else:
            terms = {w for term in str(self.table.set_index("theme").at[theme, "label_terms"])
                     .split(", ") for w in term.split() if w}
            from ._features import lemma_strings

            score = np.array([len(set(lem.split()) & terms) for lem in
                              lemma_strings([sp[2] for sp in sents])], dtype=float)
        j = int(np.argmax(np.round(score, 9)))  # first of equals: earliest sentence
        s, e, txt = sents[j]
        return start + s, start + e, txt

    def _unit_vectors(self) -> np.ndarray:
        if getattr(self, "_vectors", None) is None:
            if self.unit == "coding":
                from ._features import tfidf_features

                self._vectors = tfidf_features(self.extracts["text"].astype(str).tolist(),
                                               random_state=self.search.random_state)[0]
            else:
                self._vectors = self.search.features_
        return self._vectors

    def plot(self, ax: Any = None) -> Any:
        """Thematic map: themes placed by similarity, labelled with top terms or codes,
        coloured by the section (topic) they mostly come from. Returns the Axes."""
        from ._plot import plot_theme_map

        return plot_theme_map(self, ax=ax)

    def accept(self, theme: int, name: str, definition: str | None = None, project: Any = None,
               *, who: str) -> int:
        """Promote a candidate theme to a project theme (``project.add_theme``, audit-logged).

        The theme's codes go with it; the definition defaults to its label terms.
        Returns the new theme's id in the project.
        """
        t = self._check_theme(theme, "ThemeCandidates.accept")
        project = project if project is not None else self.project
        if project is None or not hasattr(project, "add_theme"):
            raise InvalidParameterError(Errors.Q602.format(
                caller="ThemeCandidates.accept", problem="no project to add the theme to",
                expected="project=<Project> (or candidates built from a Project)"))
        row = self.table.set_index("theme").loc[t]
        codes = [c for c in str(row["codes"]).split(", ") if c]
        if definition is None:
            definition = f"Candidate theme {t}: {row['label_terms']}"
        return project.add_theme(name, definition, codes, who=who)


def suggest_themes(corpus_or_project: Any, *, unit: str | None = None,
                   roles: Sequence[str] | None = ("participant",), coder: Any = None,
                   features: str | np.ndarray | None = None,
                   algorithm: str = "agglomerative",
                   n_themes: int | None = None, n_bootstrap: int = 20,
                   random_state: int = 0, codebook: Any = None,
                   context: float = 0.3) -> ThemeCandidates:
    """Suggest candidate themes (Braun & Clarke phase 3) by clustering extracts or codes.

    Parameters
    ----------
    corpus_or_project : Corpus, Transcript or Project
    unit : {"utterance", "sentence", "coding"} or None, default=None
        What is clustered. ``"coding"`` (a Project) clusters the *codes*: each code is
        represented by the semantic centroid of its extracts plus its codebook name,
        definition and cues (weight 0.7), combined with its co-occurrence with other
        codes in the same utterances (0.3); each coded extract gets its code's theme.
        None (the default) means ``"coding"`` when a Project is given with ``coder=``
        and ``"utterance"`` otherwise: when codes exist, clustering them is far closer
        to the gold themes of the synthetic study (ARI 0.49 on the consensus codes and
        0.73 on KS's against 0.09 for participant utterances;
        ``benchmarks/THEMES_QUALITY.md``).
    roles : sequence of str or None, default=("participant",)
        Speaker roles kept (None keeps all); not used for codings.
    coder : str or list of str, optional
        Whose codings (``unit="coding"``, and the codes listed per utterance theme);
        None takes everyone's. Giving it with a Project selects ``unit="coding"``
        unless ``unit`` is given.
    features : {"tfidf", "tfidf+codebook", "embeddings"}, ndarray or None, default=None
        See :class:`ThemeSearch`. ``"tfidf+codebook"`` (utterances or sentences of a
        Project with a codebook) adds to TF-IDF each unit's similarity to every leaf
        code's name, definition, cues and examples (weight 0.7; codes guide the
        clustering, units need not be coded). None: sentence embeddings for utterances
        and sentences (TF-IDF with a warning, W601, if the model's packages are
        missing), TF-IDF of their extracts for codes (``benchmarks/THEMES_QUALITY.md``).
    algorithm, n_themes, random_state
        See :class:`ThemeSearch`.
    n_bootstrap : int, default=20
        Resamples for the stability score.
    codebook : Codebook, optional
        Codes to match the themes to (default: the Project's codebook, if any). For
        utterances and sentences the table's ``code_match`` names the code each theme's
        extracts are most like (``code_match_score`` > 0: more like it than the extracts
        usually are; ``ThemeCandidates.code_scores`` has every code). The codes do not
        change the clustering: on three public human-coded sets, guiding it by the codes
        (their similarity profile appended to the vectors, or k-means seeded with them)
        scored no better than the default (``benchmarks/THEMES_QUALITY.md``).
    context : float, default=0.3
        Utterances and sentences on embeddings: each extract's vector gets ``context``
        times the vector of the facilitator's latest question before it in its
        transcript (see :class:`ThemeSearch`); 0 clusters the extracts alone. A set
        with no facilitator (comments, survey answers) is unchanged.

    Returns
    -------
    ThemeCandidates

    Examples
    --------
    >>> import qualkit as qk
    >>> from qualkit.corpus import Corpus, Transcript, Turn
    >>> say = ["I worry about privacy of my records", "research with records saves lives",
    ...        "privacy and consent worry me", "lives saved by medical research"] * 4
    >>> t = Transcript.from_turns("fg1", [Turn(f"P{i % 5 + 1:02d}", s) for i, s in
    ...                                   enumerate(say)], group="FG1", merge_consecutive=False)
    >>> cands = qk.suggest_themes(Corpus([t]), n_themes=2, n_bootstrap=0)
    >>> cands.table[["theme", "n_extracts"]].values.tolist()
    [[0, 8], [1, 8]]
    >>> bool(cands.quotes(1)["attribution"].str.match(r"\\(FG1, P\\d\\d\\)").all())
    True
    """
    from .._validation import check_option

    if unit is None:
        unit = "coding" if coder is not None and _is_project(corpus_or_project) else "utterance"
    check_option(unit, ["utterance", "sentence", "coding"], param="unit", caller="suggest_themes")
    if isinstance(features, str) or features is None:
        check_option(features, [None, "tfidf", "tfidf+codebook", "embeddings"],
                     param="features", caller="suggest_themes")
    if codebook is not None and not hasattr(codebook, "check"):
        raise InvalidParameterError(Errors.Q001.format(
            param="codebook", caller="suggest_themes", expected="a Codebook or None",
            found=type(codebook).__name__))
    ex, project, utt = _extracts(corpus_or_project, unit, roles, coder)
    descriptions = _code_descriptions(project) if unit != "coding" else []
    if features is None:
        from ._features import default_features

        # codes are clustered on TF-IDF of their extracts (synthetic study: ARI 0.45 against
        # 0.39 on embeddings); extracts on sentence embeddings
        features = "tfidf" if unit == "coding" else default_features()
    if isinstance(features, str) and features == "tfidf+codebook":
        if unit == "coding" or len(descriptions) < 2:
            raise InvalidParameterError(Errors.Q602.format(
                caller="suggest_themes",
                problem=f"features='tfidf+codebook' with unit={unit!r} and "
                        f"{len(descriptions)} code description(s)",
                expected="utterances or sentences of a Project whose codebook has at "
                         "least 2 codes"))
        from ._features import cue_features, tfidf_features

        texts = ex["text"].astype(str).tolist()
        features = cue_features(texts, descriptions,
                                tfidf_features(texts, random_state=random_state)[0])
    search = ThemeSearch(n_themes=n_themes, features=features, algorithm=algorithm,
                         n_bootstrap=n_bootstrap, random_state=random_state, cache=project,
                         context=context)
    if unit == "coding":
        if isinstance(features, np.ndarray):
            raise InvalidParameterError(Errors.Q602.format(
                caller="suggest_themes", problem="unit='coding' clusters codes",
                expected="features='tfidf' or 'embeddings' (vectors per code are built "
                         "from the codings)"))
        check_option(features, ["tfidf", "embeddings"], param="features",
                     caller="suggest_themes")
        code_df, feats = _code_features(ex, utt, project, random_state, features=features)
        search.reduce = None  # a few dozen codes: clustered as they are
        search.features = feats
        search._min_cluster_size = 2  # HDBSCAN: a theme of codes can be two codes
        search._k_stability = False  # k by the silhouette: a few dozen codes
        search.fit(code_df)
        code_theme = dict(zip(code_df["code_id"], search.labels_.tolist()))
        labels = ex["code_id"].astype(str).map(code_theme).to_numpy().astype(int)
    else:
        search.fit(ex.assign(context=_question_context(ex, utt)))
        labels = search.labels_
    if unit != "coding" and project is not None:
        ex = _attach_codes(ex, project, coder)
    code_scores = None
    if unit != "coding":
        cb = codebook if codebook is not None else _project_codebook(project)
        code_scores = _code_scores(ex, labels, cb, project)
    table = _table(search, ex, labels, code_scores)
    return ThemeCandidates(search, ex, labels, table, project=project, unit=unit,
                           code_scores=code_scores)


def _project_codebook(project: Any) -> Any:
    if project is None:
        return None
    try:
        return project.codebook
    except Exception:  # noqa: BLE001 - a project without a codebook
        return None


def _code_scores(ex: pd.DataFrame, labels: np.ndarray, codebook: Any, cache: Any
                 ) -> pd.DataFrame | None:
    """Theme x code: mean centred similarity of the theme's extracts to each code."""
    if codebook is None:
        return None
    from ..suggest import code_similarity

    parents = {c.parent for c in codebook if c.parent}
    ids = [c.id for c in codebook
           if (c.definition or c.cues or c.examples) and c.id not in parents]
    if not ids:
        return None
    S = code_similarity(ex["text"].astype(str).tolist(), codebook, codes=ids, cache=cache)
    themes = sorted(set(labels.tolist()) - {-1})
    rows = [S.to_numpy()[labels == t].mean(axis=0) for t in themes]
    out = pd.DataFrame(np.round(np.vstack(rows), 6) if rows else np.zeros((0, len(ids))),
                       index=pd.Index(themes, name="theme"), columns=ids)
    return out


def _attach_codes(ex: pd.DataFrame, project: Any, coder: Any) -> pd.DataFrame:
    """Add ``code_ids`` (codes of codings overlapping each unit) so themes list top codes."""
    try:
        cod = project.codings(coder=coder)
    except Exception:  # noqa: BLE001 - a project without codings still has themes
        return ex
    if cod.empty:
        return ex
    u = ex[["transcript_id", "start", "end"]].assign(_i=np.arange(len(ex)))
    c = cod[["transcript_id", "start", "end", "code_id"]].rename(
        columns={"start": "c_start", "end": "c_end"})
    m = u.merge(c, on="transcript_id")
    m = m[(np.minimum(m["end"], m["c_end"]) - np.maximum(m["start"], m["c_start"])) > 0]
    codes = m.groupby("_i")["code_id"].apply(lambda s: sorted(set(map(str, s))))
    out = ex.copy()
    out["code_ids"] = [codes.get(i, []) for i in range(len(ex))]
    return out


def _table(search: ThemeSearch, ex: pd.DataFrame, labels: np.ndarray,
           code_scores: pd.DataFrame | None = None) -> pd.DataFrame:
    base = search.themes_.set_index("theme")
    rows = []
    for t in base.index:
        match, match_score = "", np.nan
        if code_scores is not None and t in code_scores.index and code_scores.shape[1]:
            sc = code_scores.loc[t]
            j = int(np.argmax(sc.to_numpy()))  # first of equal scores: codebook order
            match_score = float(sc.iloc[j])
            match = str(sc.index[j]) if match_score > 0 else ""
        m = labels == t
        sub = ex[m]
        codes = ""
        if "code_id" in sub:
            vc = sub["code_id"].astype(str).value_counts()
            vc = vc.sort_index(kind="mergesort").sort_values(ascending=False, kind="mergesort")
            codes = ", ".join(vc.index.tolist())
        elif "code_ids" in sub:  # units clustered, codings overlapping them: top 5 codes
            vc = pd.Series([c for cs in sub["code_ids"] for c in cs], dtype=object)
            vc = vc.value_counts().sort_index(kind="mergesort").sort_values(
                ascending=False, kind="mergesort")
            codes = ", ".join(vc.index.tolist()[:5])
        grp = sub["group"].where(sub["group"].notna(), sub["transcript_id"])
        parts = sub.loc[sub["role"] == "participant"] if "role" in sub else sub
        pgrp = parts["group"].where(parts["group"].notna(), parts["transcript_id"])
        sec = sub["section"].dropna().astype(str)
        section = (sec.value_counts().sort_index().sort_values(ascending=False,
                                                                 kind="mergesort").index[0]
                   if len(sec) else None)
        rows.append((int(t), base.at[t, "label"], base.at[t, "label_terms"], codes, match,
                     match_score, int(m.sum()),
                     int(grp.nunique()),
                     int(len(set(zip(pgrp, parts["speaker"])))), base.at[t, "stability"],
                     base.at[t, "merge_with"], section))
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)
