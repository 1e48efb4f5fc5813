"""Codebook-driven coding suggestions that a person accepts or rejects.

Three signals, per sentence of participant talk and per code:

* **cues** — the code's cue phrases matched on lemmas with spaCy's
  ``PhraseMatcher`` (qualkit's default blank-English pipeline with the lookup
  lemmatizer, so "bills" matches the cue "bill");
* **words** — TF-IDF cosine similarity (scikit-learn) between the sentence and the
  code's profile: its name, definition, inclusion rule, examples and cues (lemmas);
* **meaning** — cosine similarity of sentence embeddings (:mod:`qualkit.embeddings`)
  between the sentence and the code's prototype: the mean vector of its name with its
  definition, its inclusion rule, its examples and the extracts already coded with it
  (``examples=``; :meth:`Project.suggest_codings` passes the coder's codings), so the
  suggestions learn from what a coder accepted.

Each similarity is *centred per code*: the code's mean similarity over the sentences
considered is subtracted, so a code whose wording resembles everything (a broad
definition, a common word) does not take every sentence, and a score above 0 means
"more like this code than this corpus's sentences usually are".
``score = CUE_WEIGHT * (a cue matched) + 0.5 * words + 0.5 * meaning`` (both centred;
words alone when the embedding model is not installed). A sentence gets its best code
(``top=1``) when the score reaches ``threshold`` (default :data:`DEFAULT_THRESHOLD` = 0,
chosen on three public human-coded sets with definitions only, where it coded every
item it could: item-level F1 0.35, 0.34 and 0.47 (NHS, CAVES, ArgKP), against 0.002-0.05 for the earlier
absolute rule; see ``benchmarks/THEMES_QUALITY.md``). Raise it for fewer, surer
suggestions. Suggestions are the *sentence* spans, in the corpus's coordinate system.
Use them through :meth:`qualkit.project.Project.suggest_codings`, which records each
decision.

Examples
--------
>>> from qualkit.corpus import Corpus, Transcript, Turn
>>> from qualkit.codebook import Code, Codebook
>>> c = Corpus([Transcript.from_turns("FG1", [Turn("P01", "Our power bills keep rising. "
...                                               "I like the park.")])])
>>> cb = Codebook([Code("cost", "Cost of living", cues=("bill",))])
>>> s = suggest_codings(c, cb)
>>> s[["code_id", "text"]].values.tolist()
[['cost', 'Our power bills keep rising.']]
>>> s["reason"][0].split(";")[0]
"cue 'bill' ('bills')"
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .codebook import Codebook
from .corpus import Corpus

__all__ = ["suggest_codings", "code_similarity", "evaluate_suggestions", "SUGGESTION_COLUMNS",
           "DEFAULT_THRESHOLD", "CUE_WEIGHT", "MEANING_WEIGHT"]

#: Columns of :func:`suggest_codings`.
SUGGESTION_COLUMNS = ["transcript_id", "start", "end", "code_id", "score", "reason", "text"]
#: Default score a suggestion must reach (scores are centred per code; see above).
DEFAULT_THRESHOLD = 0.0
#: Weight of the meaning (embedding) part against the words (TF-IDF) part.
MEANING_WEIGHT = 0.5
#: What a cue match adds to the score.
CUE_WEIGHT = 0.5


def _nlp() -> Any:
    try:
        from .nlp import get_nlp
    except ImportError:  # pragma: no cover - qualkit.nlp ships with qualkit
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize()
        return nlp
    return get_nlp()


def _lemmatised_docs(nlp: Any, texts: list[str]) -> list[Any]:
    """Docs whose ``lemma_`` is the lower-cased lookup lemma (capitals retried lower)."""
    try:
        from .nlp import _lemma, _lookup_table

        table = _lookup_table(nlp)
    except ImportError:  # pragma: no cover
        table = None

        def _lemma(tok: Any, table: Any) -> str:
            return tok.lemma_ or tok.text

    docs = []
    for doc in nlp.pipe(texts):
        for tok in doc:
            tok.lemma_ = _lemma(tok, table).lower()
        docs.append(doc)
    return docs


def suggest_codings(corpus: Corpus, codebook: Codebook, *, codes: Iterable[str] | None = None,
                    threshold: float = DEFAULT_THRESHOLD, roles: Iterable[str] = ("participant",),
                    top: int | None = 1, examples: pd.DataFrame | None = None,
                    cache: Any = None) -> pd.DataFrame:
    """Suggest codings of sentences from the codebook's cues, definitions and examples.

    Parameters
    ----------
    corpus : Corpus
    codebook : Codebook
    codes : iterable of str, optional
        The codes to suggest (default: every code with cues, a definition or examples).
    threshold : float, default :data:`DEFAULT_THRESHOLD`
        Minimum score (centred similarities plus the cue bonus; see the module notes).
    roles : iterable of str, default ("participant",)
        Whose sentences are considered.
    top : int or None, default 1
        Keep at most this many codes per sentence (best first); ``None`` keeps all.
    examples : DataFrame, optional
        More examples per code, columns ``code_id, text`` (for instance a coder's
        codings): they join the code's profile and prototype.
    cache : Project, path or None
        Where sentence vectors are cached (:func:`qualkit.embeddings.embed`).

    Returns
    -------
    DataFrame
        :data:`SUGGESTION_COLUMNS`, in text order.
    """
    from spacy.matcher import PhraseMatcher

    from .nlp import sentences

    ids = list(codes) if codes is not None else [
        c.id for c in codebook if c.cues or c.definition or c.examples]
    for cid in ids:
        codebook.check(cid, where=" (suggest_codings codes)")
    sent = sentences(corpus)
    utt = corpus.utterances[["utterance_id", "role"]]
    sent = sent.merge(utt, on="utterance_id", how="left")
    sent = sent[sent["role"].isin(list(roles))].reset_index(drop=True)
    if sent.empty or not ids:
        return pd.DataFrame(columns=SUGGESTION_COLUMNS)
    nlp = _nlp()
    docs = _lemmatised_docs(nlp, sent["text"].tolist())
    # --- cues
    matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    cue_text: dict[str, str] = {}
    for cid in ids:
        cues = codebook[cid].cues
        if cues:
            pats = _lemmatised_docs(nlp, list(cues))
            for cue, pat in zip(cues, pats, strict=True):
                cue_text[f"{cid}\x1f{len(cue_text)}"] = cue
                matcher.add(f"{cid}\x1f{len(cue_text) - 1}", [pat])
    hits: dict[tuple[int, str], tuple[str, str]] = {}
    for i, doc in enumerate(docs):
        for mid, s, e in matcher(doc):
            key = nlp.vocab.strings[mid]
            cid = key.split("\x1f")[0]
            hits.setdefault((i, cid), (cue_text[key], doc[s:e].text))
    # --- similarity of words (TF-IDF) and of meaning (embeddings), centred per code
    extra = _extra_examples(examples, ids)
    words, meaning, sim = _similarities(sent["text"].tolist(), codebook, ids, extra, cache,
                                        nlp=nlp, docs=docs)
    rows = []
    for i in range(len(sent)):
        cand = []
        for j, cid in enumerate(ids):
            hit = hits.get((i, cid))
            score = (CUE_WEIGHT if hit else 0.0) + float(sim[i, j])
            if score >= threshold:
                parts = []
                if hit:
                    parts.append(f"cue {hit[0]!r} ({hit[1]!r})")
                parts.append(f"words {words[i, j]:.2f}")
                if meaning is not None:
                    parts.append(f"meaning {meaning[i, j]:.2f}")
                cand.append((round(score, 4), cid, "; ".join(parts)))
        cand.sort(key=lambda x: -x[0])
        for score, cid, reason in cand[: top or None]:
            r = sent.iloc[i]
            rows.append((r["transcript_id"], int(r["start"]), int(r["end"]), cid, score, reason,
                         r["text"]))
    out = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    out["score"] = out["score"].astype("float64")
    return out.astype({"start": "int64", "end": "int64"})


def _extra_examples(examples: pd.DataFrame | None, ids: list[str]) -> dict[str, list[str]]:
    """``{code_id: [text, ...]}`` from an ``examples`` frame (codes of ``ids`` only)."""
    extra: dict[str, list[str]] = {}
    if examples is not None and len(examples):
        for cid, txt in zip(examples["code_id"].astype(str), examples["text"].astype(str)):
            if cid in ids and txt.strip():
                extra.setdefault(cid, []).append(txt)
    return extra


def _similarities(texts: list[str], codebook: Codebook, ids: list[str],
                  extra: dict[str, list[str]], cache: Any, *, nlp: Any = None,
                  docs: list[Any] | None = None
                  ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """``words, meaning, sim`` of each text to each code (arrays ``(len(texts), len(ids))``).

    ``words``: TF-IDF cosine to the code's profile; ``meaning``: embedding cosine to its
    prototype (None without the model); ``sim``: the two centred per code (the code's
    mean over ``texts`` subtracted) and mixed with :data:`MEANING_WEIGHT`.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    nlp = nlp if nlp is not None else _nlp()
    docs = docs if docs is not None else _lemmatised_docs(nlp, texts)

    def profile(cid: str) -> str:
        c = codebook[cid]
        return " ".join([c.name, c.definition, c.include, *c.examples, *c.cues,
                         *extra.get(cid, [])])

    lem = [" ".join(t.lemma_ for t in d if not t.is_punct) for d in docs]
    prof = [" ".join(t.lemma_ for t in d if not t.is_punct)
            for d in _lemmatised_docs(nlp, [profile(c) for c in ids])]
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b")
    try:
        m = vec.fit_transform(lem + prof)
        words = (m[: len(lem)] @ m[len(lem):].T).toarray()
    except ValueError:  # empty vocabulary
        words = np.zeros((len(lem), len(ids)))
    meaning = _meaning(texts, codebook, ids, extra, cache)
    sim = words - words.mean(axis=0, keepdims=True)
    if meaning is not None:
        sim = (1 - MEANING_WEIGHT) * sim + MEANING_WEIGHT * (
            meaning - meaning.mean(axis=0, keepdims=True))
    return words, meaning, sim


def code_similarity(texts: list[str], codebook: Codebook, *,
                    codes: Iterable[str] | None = None, examples: pd.DataFrame | None = None,
                    cache: Any = None) -> pd.DataFrame:
    """How much more each text is like each code than the texts usually are.

    The score of :func:`suggest_codings` without its cue bonus: similarity of words
    (TF-IDF) and of meaning (embeddings) to the code's name, definition, inclusion rule
    and examples, each centred per code over ``texts``. Above 0: more like the code
    than these texts on average.

    Parameters
    ----------
    texts : list of str
    codebook : Codebook
    codes : iterable of str, optional
        Default: every code with a definition, cues or examples.
    examples : DataFrame, optional
        More examples per code (``code_id, text``).
    cache : Project, path or None
        Where vectors are cached (:func:`qualkit.embeddings.embed`).

    Returns
    -------
    DataFrame of shape (len(texts), n_codes), columns the code ids.

    Examples
    --------
    >>> from qualkit.codebook import Code, Codebook
    >>> cb = Codebook([Code("cost", "Cost of living", definition="bills and prices"),
    ...                Code("nature", "Nature", definition="parks and green space")])
    >>> s = code_similarity(["My bills and prices went up", "We walk in the park"], cb)
    >>> s.idxmax(axis=1).tolist()
    ['cost', 'nature']
    """
    ids = list(codes) if codes is not None else [
        c.id for c in codebook if c.cues or c.definition or c.examples]
    for cid in ids:
        codebook.check(cid, where=" (code_similarity codes)")
    texts = [str(t) for t in texts]
    if not texts or not ids:
        return pd.DataFrame(np.zeros((len(texts), len(ids))), columns=ids)
    _, _, sim = _similarities(texts, codebook, ids, _extra_examples(examples, ids), cache)
    return pd.DataFrame(sim, columns=ids)


def _meaning(texts: list[str], codebook: Codebook, ids: list[str],
             extra: dict[str, list[str]], cache: Any) -> np.ndarray | None:
    """Cosine of each sentence to each code's prototype; None without the model."""
    from .embeddings import embed, embeddings_available

    if not embeddings_available():
        return None
    from sklearn.preprocessing import normalize

    parts: list[str] = []
    owner: list[int] = []
    for j, cid in enumerate(ids):
        c = codebook[cid]
        head = f"{c.name}. {c.definition}" if c.definition and c.definition != c.name \
            else c.name
        for t in [head, c.include, *c.examples, *extra.get(cid, [])]:
            if t and str(t).strip():
                parts.append(str(t))
                owner.append(j)
    V = embed(parts, cache=cache).astype(np.float64)
    P = np.zeros((len(ids), V.shape[1]))
    np.add.at(P, np.asarray(owner, dtype=int), V)
    P = normalize(P)
    S = embed(texts, cache=cache).astype(np.float64)
    return S @ P.T


def evaluate_suggestions(suggested: pd.DataFrame, gold: pd.DataFrame, *,
                         mapping: dict[str, str] | None = None) -> dict[str, float]:
    """Precision and recall of suggestions against gold spans, matched by overlap.

    A suggestion is correct when it overlaps a gold span of the same label in the same
    transcript; a gold span is found when some suggestion of its label overlaps it.
    ``mapping`` maps code ids to gold labels (e.g. codes to themes) first.

    Examples
    --------
    >>> s = pd.DataFrame({"transcript_id": ["T", "T"], "start": [0, 50], "end": [10, 60],
    ...                   "code_id": ["a", "a"]})
    >>> g = pd.DataFrame({"transcript_id": ["T", "T"], "start": [5, 80], "end": [20, 90],
    ...                   "code_id": ["a", "a"]})
    >>> evaluate_suggestions(s, g)
    {'precision': 0.5, 'recall': 0.5, 'f1': 0.5, 'suggested': 2, 'gold': 2}
    """
    s = suggested.copy()
    if mapping:
        s["code_id"] = s["code_id"].map(lambda c: mapping.get(c, c))
    gs = {k: g for k, g in gold.groupby(["transcript_id", "code_id"])}

    def overlaps(a: pd.DataFrame, b: pd.DataFrame) -> np.ndarray:
        return ((a["start"].to_numpy()[:, None] < b["end"].to_numpy()[None, :])
                & (b["start"].to_numpy()[None, :] < a["end"].to_numpy()[:, None]))

    tp_s = 0
    found: set[Any] = set()
    for key, grp in s.groupby(["transcript_id", "code_id"]):
        g = gs.get(key)
        if g is None:
            continue
        ov = overlaps(grp, g)
        tp_s += int(ov.any(axis=1).sum())
        found.update(g.index[ov.any(axis=0)])
    p = tp_s / len(s) if len(s) else 0.0
    r = len(found) / len(gold) if len(gold) else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "suggested": int(len(s)), "gold": int(len(gold))}
