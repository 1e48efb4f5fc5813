"""Illustrative quotes: whole sentences, on theme, from different groups, never repeated.

A report's quotes are chosen from the extracts coded with each theme:

1. each coded extract is widened or trimmed to whole sentences of the participant's
   turn (consecutive utterances of one speaker, as caption cues cut them, make one
   turn; a sentence belongs to the extract when at least half of it was coded; an
   extract inside one sentence gives that sentence; transcribers' notes such as
   [laughs] at a sentence's edge are left out), and a turn too long to quote is cut
   into runs of consecutive sentences that fit (the shortest run within 90% of the
   extract's best similarity is its quote);
2. every candidate is scored by its similarity to the theme: the cosine of TF-IDF
   vectors (lemmas) of the candidate and of the theme, where the theme is its
   codebook text (name, definition, cues, and its sub-codes' names, definitions,
   inclusions and examples) together with the centroid of everything coded with it;
3. quotes are taken best first, one theme's first round only from groups it has no
   quote from yet, its second round from new participants, then any; a sentence is
   never used twice in one table (compared without case, spacing and punctuation, and
   counting a sentence inside another or sharing 80% of its words as the same), and it
   goes to the theme it is most similar to.

Examples
--------
>>> import qualkit as qk
>>> from qualkit.corpus import Corpus, Transcript, Turn
>>> t = Transcript.from_turns("fg1", [
...     Turn("P01", "I'd never want my records sold on. Selling them for profit is wrong."),
...     Turn("P02", "Anyway. Keep them safe from hackers, that's all I ask.")], group="FG1")
>>> ev = pd.DataFrame({"transcript_id": ["fg1", "fg1"], "start": [5, 84], "end": [40, 110],
...                    "theme": ["commercial", "breaches"]})
>>> themes = pd.DataFrame({"theme": ["commercial", "breaches"], "name": ["Data sold on", "Hacking"],
...                        "definition": ["records sold for profit", "hackers break in"]})
>>> select_quotes(ev, Corpus([t]), themes)[["theme", "text"]].values.tolist()
[['commercial', "I'd never want my records sold on."], ['breaches', "Keep them safe from hackers, that's all I ask."]]
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, InvalidParameterError

__all__ = ["select_quotes", "QUOTE_COLUMNS"]

#: Columns of :func:`select_quotes`.
QUOTE_COLUMNS = ["theme", "text", "group", "participant", "transcript_id", "start", "end",
                 "similarity"]

_NOT_WORD = re.compile(r"[\W_]+")


def sentence_key(text: str) -> str:
    """A sentence compared without case, spacing or punctuation.

    >>> sentence_key("Sold on -- for PROFIT!") == sentence_key("sold on, for profit")
    True
    """
    return _NOT_WORD.sub(" ", str(text).lower()).strip()


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    from ..themes._features import _stop_words

    return frozenset(_stop_words())


@lru_cache(maxsize=65536)
def _content(key: str) -> frozenset[str]:
    from ..themes._features import lemma_strings

    return frozenset(w for w in lemma_strings([key])[0].split() if w not in _stop())


def same_sentence(a: str, b: str) -> bool:
    """Two sentence keys (:func:`sentence_key`) say the same thing.

    They do when they are equal, when one holds the other (four words or more, e.g.
    after a filler such as "Well,"), or when 80% of the shorter one's content words
    (lemmas, stop words left out; three or more) are in the other (a retelling such as
    "organisations who broke the rules might work more than a fine" and "... that broke
    the rules would work more than fines").

    >>> same_sentence(sentence_key("Well, there should be real consequences."),
    ...               sentence_key("There should be real consequences!"))
    True
    >>> same_sentence(sentence_key("Naming and shaming organisations who broke the rules works."),
    ...               sentence_key("Naming and shaming organisations that broke rules would work."))
    True
    >>> same_sentence("there should be rules", "there should be no sale of data")
    False
    """
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    short, long_ = sorted((wa, wb), key=len)
    if len(short) >= 4 and f" {' '.join(short)} " in f" {' '.join(long_)} ":
        return True
    ca, cb = _content(a), _content(b)
    small = min(len(ca), len(cb))
    return small >= 3 and len(ca & cb) / small >= 0.8


def _seen(keys: Any, used: list[str]) -> bool:
    return any(same_sentence(k, u) for k in keys for u in used)


def _theme_texts(themes: Any, ids: list[str]) -> dict[str, str]:
    """theme id -> its codebook text (with its sub-codes' text when there is a codebook)."""
    from ..frameworks._mapping import _codebook_of, themes_frame

    if themes is None:
        return {t: str(t) for t in ids}
    tf = themes_frame(themes, "select_quotes")
    text = {r.theme: f"{r.name}. {r.definition} {r.cues.replace(';', ' ')}" for r in tf.itertuples()}
    cb = _codebook_of(themes)
    if cb is not None:
        for th in [t for t in text if t in cb]:
            text[th] = " ".join([text[th], *(" ".join([cb[c].name, cb[c].definition, cb[c].include,
                                                        *cb[c].examples, *cb[c].cues])
                                             for c in cb.descendants(th))])
    return text


_OPEN = "([{"
#: A transcriber's note such as [laughs], [inaudible] or (pause) at a sentence's edge.
_NOTE_AT_START = re.compile(r"(?:[\[(][^\])\n]{0,40}[\])]\s*)+")
_NOTE_AT_END = re.compile(r"(?:\s*[\[(][^\])\n]{0,40}[\])])+$")


def _sentences(corpus: Any, turns: list[tuple[str, int, int]]) -> dict[tuple[str, int, int], list[tuple[int, int]]]:
    """Sentence spans (absolute offsets) of each (transcript, start, end) turn.

    An opening bracket the sentencizer leaves at a sentence's end goes to the next
    sentence, and transcribers' notes ([laughs]) at either edge are left out.
    """
    from ..nlp import get_nlp

    nlp = get_nlp()
    off = [p for p in nlp.pipe_names if p not in ("sentencizer", "senter", "parser")]
    texts = [corpus[tid].text[s:e] for tid, s, e in turns]
    out: dict[tuple[str, int, int], list[tuple[int, int]]] = {}
    for key, text, doc in zip(turns, texts, nlp.pipe(texts, disable=off, batch_size=256)):
        bounds = [[sent.start_char, sent.end_char] for sent in doc.sents]
        for k in range(len(bounds) - 1):
            while bounds[k][1] > bounds[k][0] and (text[bounds[k][1] - 1] in _OPEN
                                                   or text[bounds[k][1] - 1].isspace()):
                bounds[k][1] -= 1
                bounds[k + 1][0] = min(bounds[k + 1][0], bounds[k][1])
        spans = []
        for a, b in bounds:
            while a < b and text[a].isspace():
                a += 1
            lead = _NOTE_AT_START.match(text, a, b)
            a = lead.end() if lead else a
            trail = _NOTE_AT_END.search(text[a:b])
            b = a + trail.start() if trail else b
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                spans.append((key[1] + a, key[1] + b))
        out[key] = spans
    return out


def _candidates(ev: pd.DataFrame, corpus: Any, max_chars: int, min_chars: int) -> pd.DataFrame:
    """Whole-sentence candidates: one or more runs of sentences per coded extract."""
    runs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for tid in ev["transcript_id"].unique():
        u = corpus[tid].utterances
        if not len(u):
            continue
        # a speaker's turn may be cut into several utterances (caption cues): join them
        new = (u["speaker"] != u["speaker"].shift()).to_numpy()
        g = np.cumsum(new) - 1
        starts = u["start"].groupby(g).min().to_numpy()
        ends = u["end"].groupby(g).max().to_numpy()
        runs[tid] = (starts, ends)
    turns: dict[int, tuple[str, int, int]] = {}
    for i, r in enumerate(ev.itertuples()):
        if r.transcript_id not in runs:
            continue
        starts, ends = runs[r.transcript_id]
        k = int(np.searchsorted(starts, int(r.start), side="right")) - 1
        if k >= 0 and int(r.start) < ends[k]:
            turns[i] = (r.transcript_id, int(starts[k]), int(ends[k]))
    sents = _sentences(corpus, list(dict.fromkeys(turns.values())))
    rows = []
    for i, r in enumerate(ev.itertuples()):
        if i not in turns:
            continue
        s, e = int(r.start), int(r.end)
        spans = sents[turns[i]]
        ov = [max(0, min(e, b) - max(s, a)) for a, b in spans]
        keep = [k for k, (a, b) in enumerate(spans) if ov[k] >= 0.5 * (b - a)]
        if not keep and max(ov, default=0) > 0:
            keep = [int(np.argmax(ov))]
        text = corpus[r.transcript_id].text
        for x in range(len(keep)):  # every run of consecutive kept sentences that fits
            for y in range(x, len(keep)):
                a, b = spans[keep[x]][0], spans[keep[y]][1]
                if b - a > max_chars and y > x:
                    break
                quote = " ".join(text[a:b].split())
                keys = tuple(sentence_key(text[p:q]) for p, q in spans[keep[x]:keep[y] + 1])
                if len(quote) < min_chars or len(quote) > max_chars or any(
                        same_sentence(k, m) for z, k in enumerate(keys) for m in keys[z + 1:]):
                    continue
                rows.append({"row": i, "theme": r.theme, "transcript_id": r.transcript_id,
                             "start": a, "end": b, "text": quote,
                             "keys": keys,
                             "group": getattr(r, "group", None),
                             "participant": getattr(r, "participant", None)})
    return pd.DataFrame(rows, columns=["row", "theme", "transcript_id", "start", "end", "text",
                                       "keys", "group", "participant"])


def _similarity(cand: pd.DataFrame, ev_text: dict[str, list[str]], theme_text: dict[str, str],
                themes: list[str]) -> np.ndarray:
    """Cosine of every candidate with every theme (codebook text + the theme's extracts)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    from ..themes._features import _stop_words, lemma_strings

    docs = lemma_strings(list(cand["text"]) + [theme_text.get(t, str(t)) for t in themes]
                         + [" ".join(ev_text.get(t, [])) for t in themes])
    vec = TfidfVectorizer(token_pattern=r"\S+", stop_words=_stop_words(), sublinear_tf=True)
    try:
        X = vec.fit_transform(docs)
    except ValueError:  # nothing but stop words
        return np.zeros((len(cand), len(themes)))
    n, k = len(cand), len(themes)
    C = normalize(X[:n])
    T = normalize(normalize(X[n:n + k]) + normalize(X[n + k:]))
    return (C @ T.T).toarray()


def select_quotes(evidence: pd.DataFrame, corpus: Any, themes: Any = None, n: int = 2, *,
                  max_chars: int = 300, min_chars: int = 30) -> pd.DataFrame:
    """Choose up to ``n`` illustrative quotes per theme from its coded extracts.

    Parameters
    ----------
    evidence : DataFrame
        Coded extracts: ``transcript_id, start, end`` and ``theme`` (or ``code_id``,
        rolled up to its theme through the codebook of ``themes``), optional ``group``
        and ``participant`` (quotes come only from rows with a participant when the
        column is there; :func:`evidence_from_codings` gives all of these).
    corpus : Corpus
        The transcripts the spans point into.
    themes : Codebook, DataFrame or Project, optional
        What the themes mean (see :func:`qualkit.map_themes`); without it a theme is
        described only by its extracts.
    n : int
        Quotes per theme.
    max_chars, min_chars : int
        Length of a quote in characters.

    Returns
    -------
    DataFrame
        ``QUOTE_COLUMNS``, best first within each theme; ``start, end`` locate the
        quote (whole sentences) in its transcript and ``similarity`` is its cosine
        with the theme.

    Raises
    ------
    InvalidParameterError
        ``evidence`` lacks the span or theme columns, or ``n`` is not a positive integer.
    """
    if not isinstance(evidence, pd.DataFrame):
        raise InvalidParameterError(Errors.Q001.format(
            param="evidence", caller="select_quotes", expected="a DataFrame of coded extracts",
            found=type(evidence).__name__))
    missing = [c for c in ("transcript_id", "start", "end") if c not in evidence.columns]
    if not ({"theme", "code_id"} & set(evidence.columns)):
        missing.append("theme (or code_id)")
    if missing:
        raise InvalidParameterError(Errors.Q002.format(
            caller="select_quotes", expected=["transcript_id", "start", "end", "theme"],
            missing=missing))
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InvalidParameterError(Errors.Q001.format(param="n", caller="select_quotes",
                                                       expected="a positive integer", found=n))
    ev = evidence.copy()
    if "theme" not in ev:
        ev["theme"] = ev["code_id"]
    ev["theme"] = ev["theme"].astype(str)
    theme_text = _theme_texts(themes, list(dict.fromkeys(ev["theme"])))
    if themes is not None:
        from ..frameworks._mapping import _codebook_of, _roll_up

        ev = _roll_up(ev, list(theme_text), _codebook_of(themes))
    if "participant" in ev:
        ev = ev[ev["participant"].notna() & (ev["participant"].astype(str) != "")]
    ev = ev[ev["transcript_id"].isin([t.id for t in corpus])].reset_index(drop=True)
    cand = _candidates(ev, corpus, max_chars, min_chars)
    if cand.empty:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    order = list(dict.fromkeys([*theme_text, *cand["theme"]]))
    order = [t for t in order if t in set(cand["theme"])]
    coded: dict[str, list[str]] = {t: [] for t in order}
    for r in ev.itertuples():
        if r.theme in coded:
            coded[r.theme].append(corpus[r.transcript_id].text[int(r.start):int(r.end)])
    S = _similarity(cand, coded, theme_text, order)
    col = {t: j for j, t in enumerate(order)}
    cand["similarity"] = [S[i, col[t]] for i, t in enumerate(cand["theme"])]
    # of one extract's runs of sentences, the shortest within 90% of its best is the quote
    best = cand.groupby("row")["similarity"].transform("max")
    cand = cand[cand["similarity"] >= 0.9 * best]
    cand = cand.assign(_n=cand["text"].str.len()).sort_values(["row", "_n"], kind="stable")
    cand = cand.drop_duplicates("row").drop(columns="_n")
    S = S[cand.index.to_numpy()]
    cand = cand.reset_index(drop=True)
    # a sentence goes to the theme it is most similar to: rank by the margin as a tie-break
    cand["_best_here"] = [S[i, col[t]] >= S[i].max() - 1e-12 for i, t in enumerate(cand["theme"])]
    cand = cand.sort_values(["similarity", "_best_here", "start"], ascending=[False, False, True],
                            kind="stable")
    used_keys: list[str] = []
    used_rows: set[int] = set()
    picked: dict[str, list[dict[str, Any]]] = {t: [] for t in order}
    for rnd in ("group", "participant", "any"):
        for r in cand.itertuples():
            got = picked[r.theme]
            if len(got) >= n or r.row in used_rows or _seen(r.keys, used_keys):
                continue
            if rnd == "group" and any(g["group"] == r.group for g in got):
                continue
            if rnd in ("group", "participant") and any(
                    g["participant"] == r.participant and g["group"] == r.group for g in got):
                continue
            got.append({c: getattr(r, c) for c in QUOTE_COLUMNS})
            used_rows.add(r.row)
            used_keys.extend(r.keys)
    rows = [q for t in order for q in picked[t]]
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    out["similarity"] = out["similarity"].astype(float).round(4)
    return out
