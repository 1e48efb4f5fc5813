"""The trained NER pipeline for names and places, run only where a name can be.

A statistical NER pipeline reads a few thousand words a second; rule-based
detectors read hundreds of thousands. Names and places in English are written
with a capital letter, so the pipeline is given only the sentences holding a
capitalised word that is not an ordinary word at the start of a sentence
("Building on that ..."), not a function word ("My", "If"), not "I" and not on
the allow-list. Lower-case names are for ``known_names`` and the title rule.

Examples
--------
>>> needs_ner("Hmm, the data should stay in the NHS.", frozenset({"nhs"}))
False
>>> needs_ner("I asked Jane about it.", frozenset())
True
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Errors, InvalidParameterError
from ._detectors import PLACEHOLDER_RE

__all__ = ["load_ner", "needs_ner", "ner_spans", "common_words", "NER_KINDS"]

#: spaCy entity labels reported, and the kind each becomes.
NER_KINDS = {"PERSON": "NAME", "GPE": "PLACE", "FAC": "PLACE", "LOC": "PLACE",
             "ORG": "ORGANISATION"}

_STOP_MARK = re.compile(r"[.!?]+(?=\s|$)")
_ABBREVIATION = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|Rev|St|Sr|Jr|No|vs|etc|approx)|"
                           r"(?<![\w.])[^\W\d_])$", re.I)


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence): split after . ! ? unless the word before is a title or initial."""
    start = 0
    for m in _STOP_MARK.finditer(text):
        if m.group(0) == "." and _ABBREVIATION.search(text, max(0, m.start() - 6), m.start()):
            continue
        yield start, text[start:m.end()]
        start = m.end()
    if start < len(text):
        yield start, text[start:]
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_FUNCTION = frozenset("""a an and any are as at be but by can could did do does for from had has
have he her here his how i if in is it its just let let's lets maybe me might mm mm-hm hmm must my
no not now of oh ok okay on or our out say see she should so some than that the their them then
there these they this those to too uh um er erm us was we well were what when where which who why
will with would yeah yes yep you your january february march april may june july august september
october november december monday tuesday wednesday thursday friday saturday sunday""".split())


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words written more often in lower case than capitalised (spaCy's lexeme table)."""
    try:
        import spacy_lookups_data

        path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            prob = json.load(fh)
    except (ImportError, OSError, ValueError):  # pragma: no cover - a dependency of qualkit
        return _FUNCTION
    return frozenset(w for w, p in prob.items()
                     if w.islower() and p > -16 and prob.get(w.capitalize(), -30.0) < p - 1.0)


def needs_ner(sentence: str, allowed: frozenset[str], common: frozenset[str] | None = None) -> bool:
    """Whether a sentence holds a capitalised word that could be a name or place."""
    common = _FUNCTION if common is None else common
    sentence = PLACEHOLDER_RE.sub(lambda m: " " * len(m.group(0)), sentence)
    lead = len(sentence) - len(sentence.lstrip(" \t\"'‘“([-–—"))
    for m in _WORD.finditer(sentence):
        w = m.group(0)
        if not w[0].isupper():
            continue
        low = w.casefold()
        if low.endswith(("'s", "’s")):
            low = low[:-2]
        if low in allowed or w == "I" or low.startswith(("i'", "i’")) or low in _FUNCTION:
            continue
        if m.start() <= lead and (low in common or low.split("-")[0] in common):
            continue
        return True
    return False


@lru_cache(maxsize=4)
def _load(name: str) -> Any:
    import spacy

    nlp = spacy.load(name, exclude=["lemmatizer", "parser", "tagger", "attribute_ruler",
                                    "senter"])
    if "tok2vec" in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe("tok2vec"), "listening_components", ["ner"])
        if "ner" not in listeners:
            nlp.remove_pipe("tok2vec")  # the small English NER has its own embedding layer
    return nlp


def load_ner(ner: Any, nlp: Any, caller: str = "scan_identifiers") -> Any:
    """The pipeline to use: ``nlp`` if given, the installed trained one, or None."""
    if nlp is not None:
        return nlp
    if ner is False or ner in ("off", None):
        return None
    from ..nlp import trained_model_name

    name = trained_model_name()  # cheap: spaCy's import is slow
    required = ner is True or ner == "on"
    if name is None:
        if required:
            raise InvalidParameterError(Errors.Q502.format(caller=caller, ner=ner))
        return None
    try:
        return _load(name)
    except (ImportError, OSError):
        if required:
            raise InvalidParameterError(Errors.Q502.format(caller=caller, ner=ner)) from None
        return None


def ner_spans(model: Any, texts: Sequence[str], allowed: frozenset[str],
              prefilter: bool = True) -> Iterator[list[tuple[int, int, str]]]:
    """For each text, the ``(start, end, kind)`` of the entities NER finds in it."""
    common = common_words() if prefilter else frozenset()
    pieces: list[tuple[int, int, str]] = []  # (text index, offset, sentence)
    for i, text in enumerate(texts):
        if not prefilter:
            pieces.append((i, 0, text))
            continue
        for off, s in _sentences(text):
            if s.strip() and needs_ner(s, allowed, common):
                pieces.append((i, off, s))
    found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    docs = model.pipe((p[2] for p in pieces), batch_size=64)
    for (i, off, _), doc in zip(pieces, docs):
        for ent in doc.ents:
            kind = NER_KINDS.get(ent.label_)
            if kind is not None:
                found[i].append((off + ent.start_char, off + ent.end_char, kind))
    yield from found
