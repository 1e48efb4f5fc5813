"""Familiarisation (Braun & Clarke phase 1): word and phrase frequencies, keyword in context.

Facilitator turns are left out by default: what participants say is the data.

Examples
--------
>>> from qualkit.corpus import Corpus, Transcript, Turn
>>> c = Corpus([Transcript.from_turns("fg1", [
...     Turn("Facilitator", "Tell me about data sharing."),
...     Turn("P01", "Sharing data helps research."),
...     Turn("P02", "Data sharing worries me."),
... ], group="FG1")])
>>> word_frequencies(c, by=None, top=2)
   term  count  per_1000_words
0  data      2           250.0
1 share      2           250.0
>>> kwic(c, "data", window=2)[["speaker", "left", "keyword", "right"]]
  speaker     left keyword          right
0     P01  Sharing    data  helps research
1     P02               Data sharing worries
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ._progress import progress
from ._validation import check_option
from .corpus import Corpus, Transcript
from .errors import Errors, InvalidParameterError
from .nlp import _lemma, _lookup_table, get_nlp

__all__ = ["word_frequencies", "kwic", "FREQUENCY_COLUMNS", "KWIC_COLUMNS"]

#: Columns of :func:`word_frequencies` (the ``by`` column comes first when grouping).
FREQUENCY_COLUMNS = ["term", "count", "per_1000_words"]
#: Columns of :func:`kwic`.
KWIC_COLUMNS = ["transcript_id", "utterance_id", "speaker", "left", "keyword", "right", "start",
                "end"]

_NON_FACILITATOR = ("participant", "presenter", "unknown")


def _as_corpus(corpus: Any, caller: str) -> Corpus:
    if isinstance(corpus, Transcript):
        return Corpus([corpus])
    if not isinstance(corpus, Corpus):
        raise InvalidParameterError(Errors.Q001.format(
            param="corpus", caller=caller, expected="a Corpus or Transcript",
            found=type(corpus).__name__))
    return corpus


def _roles(roles: Any, caller: str) -> tuple[str, ...]:
    if roles is None:
        return _NON_FACILITATOR
    if isinstance(roles, str):
        roles = (roles,)
    roles = tuple(roles)
    for r in roles:
        check_option(r, ["facilitator", "participant", "presenter", "unknown"], param="roles",
                     caller=caller)
    return roles


def _tokens(texts: list[str], lemmas: bool, desc: str) -> list[list[tuple[str, int, int, str]]]:
    """Per text: (lower-case word, start, end, lemma) for word tokens."""
    nlp = get_nlp()
    table = _lookup_table(nlp) if lemmas else None
    if lemmas:
        docs = nlp.pipe(texts, batch_size=256, disable=["sentencizer"])
    else:
        docs = nlp.tokenizer.pipe(texts, batch_size=256)
    out = []
    for doc in progress(docs, total=len(texts), desc=desc):
        toks = []
        for t in doc:
            if t.is_punct or t.is_space or not any(ch.isalnum() for ch in t.text):
                continue
            lem = _lemma(t, table).lower() if lemmas else t.lower_
            toks.append((t.lower_, t.idx, t.idx + len(t.text), lem))
        out.append(toks)
    return out


def word_frequencies(corpus: Corpus | Transcript, by: str | None = "group", *,
                     roles: Sequence[str] | str | None = ("participant",), ngram: int = 1,
                     lemmas: bool = True, stop_words: bool = True, top: int | None = 20
                     ) -> pd.DataFrame:
    """The most frequent words or phrases, overall or by group, section or role.

    Parameters
    ----------
    corpus : Corpus or Transcript
    by : {"group", "section", "role", "speaker", "transcript_id", None}, default="group"
        Count separately for each value of this utterance column (None: overall).
    roles : sequence of str, default=("participant",)
        Speaker roles whose turns are counted; None means every role but facilitator.
    ngram : {1, 2, 3}, default=1
        Words, two-word or three-word phrases (within one utterance).
    lemmas : bool, default=True
        Count lemmas ("worries" and "worried" count as "worry").
    stop_words : bool, default=True
        Exclude spaCy's English stop words (an n-gram is dropped if it starts or
        ends with one). False keeps them.
    top : int or None, default=20
        Rows kept per ``by`` value (None keeps all).

    Returns
    -------
    DataFrame
        Columns ``[by,] term, count, per_1000_words``, most frequent first (ties
        alphabetically); ``per_1000_words`` divides by the number of word tokens
        in that ``by`` value's counted turns.
    """
    caller = "word_frequencies"
    c = _as_corpus(corpus, caller)
    check_option(by, ["group", "section", "role", "speaker", "transcript_id", None], param="by",
                 caller=caller)
    check_option(ngram, [1, 2, 3], param="ngram", caller=caller)
    if top is not None and (not isinstance(top, int) or isinstance(top, bool) or top < 1):
        raise InvalidParameterError(Errors.Q001.format(param="top", caller=caller,
                                                       expected="a positive int or None",
                                                       found=top))
    role_set = _roles(roles, caller)
    u = c.utterances
    u = u[u["role"].isin(role_set)].reset_index(drop=True)
    cols = ([by] if by else []) + FREQUENCY_COLUMNS
    if u.empty:
        return pd.DataFrame({k: pd.Series(dtype="object") for k in cols})
    stops = get_nlp().Defaults.stop_words
    toks = _tokens(u["text"].tolist(), lemmas, "counting words")
    keys = u[by].tolist() if by else [None] * len(u)
    counts: dict[Any, Counter] = {}
    totals: Counter = Counter()
    for key, tl in zip(keys, toks):
        terms = [t[3] for t in tl]
        lowers = [t[0] for t in tl]
        totals[key] += len(terms)
        cnt = counts.setdefault(key, Counter())
        for i in range(len(terms) - ngram + 1):
            if stop_words and (lowers[i] in stops or lowers[i + ngram - 1] in stops
                               or terms[i] in stops or terms[i + ngram - 1] in stops):
                continue
            cnt[" ".join(terms[i:i + ngram])] += 1
    rows = []
    order = [k for k in dict.fromkeys(keys)]
    try:
        order = sorted(order, key=lambda k: (k is None or k != k, str(k)))
    except TypeError:  # pragma: no cover
        pass
    for key in order:
        items = sorted(counts.get(key, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))
        if top is not None:
            items = items[:top]
        for term, n in items:
            rate = 1000.0 * n / totals[key] if totals[key] else 0.0
            rows.append(([key] if by else []) + [term, n, rate])
    df = pd.DataFrame(rows, columns=cols)
    df["count"] = df["count"].astype("int64")
    df["per_1000_words"] = df["per_1000_words"].astype("float64")
    return df


def kwic(corpus: Corpus | Transcript, keyword: str, window: int = 8, *,
         roles: Sequence[str] | str | None = None, lemma: bool = False) -> pd.DataFrame:
    """Keyword in context: every occurrence of a word or phrase with the words around it.

    Parameters
    ----------
    corpus : Corpus or Transcript
    keyword : str
        A word or a phrase of several words; matched case-insensitively, token by token.
    window : int, default=8
        Words shown on each side (within the utterance).
    roles : sequence of str, optional
        Roles whose turns are searched; None means every role but facilitator.
    lemma : bool, default=False
        Match lemmas, so "worry" also finds "worried" and "worries".

    Returns
    -------
    DataFrame
        Columns ``transcript_id, utterance_id, speaker, left, keyword, right, start,
        end``; ``start``/``end`` are the keyword's offsets in ``Transcript.text``,
        ``keyword`` is the text as written there.
    """
    caller = "kwic"
    c = _as_corpus(corpus, caller)
    if not isinstance(keyword, str) or not keyword.split():
        raise InvalidParameterError(Errors.Q001.format(param="keyword", caller=caller,
                                                       expected="a non-empty word or phrase",
                                                       found=keyword))
    if not isinstance(window, int) or isinstance(window, bool) or window < 0:
        raise InvalidParameterError(Errors.Q001.format(param="window", caller=caller,
                                                       expected="an int >= 0", found=window))
    role_set = _roles(roles, caller)
    u = c.utterances
    u = u[u["role"].isin(role_set)].reset_index(drop=True)
    q = [t[3] if lemma else t[0] for t in _tokens([keyword], lemma, "kwic")[0]]
    if not q:
        raise InvalidParameterError(Errors.Q001.format(param="keyword", caller=caller,
                                                       expected="at least one word",
                                                       found=keyword))
    texts = u["text"].tolist()
    # Only tokenise utterances that can match (cheap substring prefilter).
    if not lemma:
        needle = q[0]
        cand = [i for i, t in enumerate(texts) if needle in t.lower()]
    else:
        cand = list(range(len(texts)))
    toks = _tokens([texts[i] for i in cand], lemma, "kwic")
    rows = []
    k = len(q)
    for i, tl in zip(cand, toks):
        keys = [t[3] if lemma else t[0] for t in tl]
        text = texts[i]
        base = int(u["start"].iat[i])
        for j in range(len(tl) - k + 1):
            if keys[j:j + k] != q:
                continue
            s, e = tl[j][1], tl[j + k - 1][2]
            lo = tl[max(0, j - window)][1] if window and j > 0 else s
            hi = tl[min(len(tl), j + k + window) - 1][2] if window and j + k < len(tl) else e
            rows.append((u["transcript_id"].iat[i], u["utterance_id"].iat[i],
                         u["speaker"].iat[i], text[lo:s].strip(), text[s:e],
                         text[e:hi].strip(), base + s, base + e))
    df = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    df["start"] = df["start"].astype("int64")
    df["end"] = df["end"].astype("int64")
    return df
