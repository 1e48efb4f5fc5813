"""``scan_identifiers``: run the detectors over text and return one row per finding."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pandas as pd

from ..corpus import Corpus, Transcript
from ..errors import Errors, InvalidParameterError
from ._detectors import DETECTORS, Detector, Span
from ._ner import load_ner, ner_spans

__all__ = ["scan_identifiers", "FINDING_COLUMNS", "DEFAULT_ALLOW", "KNOWN_NAMES", "NER",
           "resolve_overlaps"]

#: Columns of the findings table, in order.
FINDING_COLUMNS = ["transcript_id", "start", "end", "text", "kind", "score", "detector",
                   "utterance_id"]

#: Words never reported: the study's subject organisations and places.
DEFAULT_ALLOW = (
    "NHS", "NHS England", "NHS Digital", "GP", "GPs", "Kent", "Surrey", "Sussex", "East Sussex",
    "West Sussex", "Medway", "Kent and Medway", "Kent, Surrey and Sussex", "KSS", "England",
    "UK", "Britain", "United Kingdom", "London", "NIHR", "ICB", "ICS", "A&E", "Facilitator",
    "Google", "Facebook", "Amazon",
)
KNOWN_NAMES = "qualkit.known_names.v1"
NER = "qualkit.spacy_ner.v1"
TITLE = "qualkit.title_name.v1"


def _fold(text: str) -> str:
    """The text with accents removed, one character for one (offsets are kept)."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1] if not ch.isascii() else ch
        out.append(base if base else ch)
    return "".join(out)


def _known_names_detector(names: Sequence[str]) -> Detector:
    forms: set[str] = set()
    for n in names:
        n = _fold(" ".join(str(n).split()))
        if not n:
            continue
        forms.add(n)
        forms.update(w for w in n.split() if len(w) > 1)
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    rx = re.compile(rf"(?<![\w'’-])(?:{alts})(?![\w-]|['’](?![sS]\b)\w)", re.I) if alts else None

    def find(text: str) -> Iterator[Span]:
        if rx is not None:
            for m in rx.finditer(_fold(text)):
                yield m.start(), m.end(), 1.0

    return Detector(KNOWN_NAMES, "NAME", find, "names from known_names")


# --------------------------------------------------------------------- units
def _units(data: Any) -> list[tuple[str, str | None, int, str]]:
    """(transcript_id, utterance_id, offset, text) for each piece of text to scan."""
    if isinstance(data, Corpus):
        return [u for t in data for u in _units(t)]
    if isinstance(data, Transcript):
        u = data.utterances
        return list(zip(u["transcript_id"], u["utterance_id"], u["start"].astype(int),
                        u["text"]))
    if isinstance(data, str):
        return [("text", None, 0, data)]
    if isinstance(data, pd.DataFrame):
        if "text" not in data.columns:
            raise InvalidParameterError(Errors.Q504.format(
                caller="scan_identifiers", what="a DataFrame without a 'text' column"))
        tids = (data["transcript_id"].astype(str) if "transcript_id" in data
                else pd.Series([str(i) for i in data.index], index=data.index))
        uids = data["utterance_id"] if "utterance_id" in data else [None] * len(data)
        offs = data["start"].astype(int) if "start" in data else [0] * len(data)
        return [(t, u, int(o), "" if pd.isna(x) else str(x))
                for t, u, o, x in zip(tids, uids, offs, data["text"])]
    if isinstance(data, (list, tuple)) and all(isinstance(x, str) for x in data):
        return [(str(i), None, 0, x) for i, x in enumerate(data)]
    raise InvalidParameterError(Errors.Q504.format(caller="scan_identifiers",
                                                   what=type(data).__name__))


def resolve_overlaps(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop overlapping findings: longest span first, then highest score."""
    out: list[dict[str, Any]] = []
    by_tid: dict[Any, list[dict[str, Any]]] = {}
    for r in rows:
        by_tid.setdefault((r["transcript_id"], r.get("field")), []).append(r)
    for group in by_tid.values():
        taken: list[tuple[int, int]] = []
        for r in sorted(group, key=lambda r: (-(r["end"] - r["start"]), -r["score"], r["start"])):
            if any(r["start"] < e and s < r["end"] for s, e in taken):
                continue
            taken.append((r["start"], r["end"]))
            out.append(r)
    return out


def _name_forms(name: str) -> set[str]:
    """A found name, its words, and their upper- and title-case forms.

    A name written in lower case ("dr patel") is looked for in lower case too,
    unless it is an ordinary English word ("dr live" in a speech-to-text file).
    """
    words = [w for w in name.split() if sum(c.isalpha() for c in w) > 1]
    forms = {name, *words}
    if name.islower():
        from ._ner import common_words

        common = common_words()
        forms = {f for f in forms if f not in common}
    return forms | {f.upper() for f in forms} | {f[:1].upper() + f[1:] for f in forms}


def _spread_names(units: list[tuple[str, Any, int, str]], rows: list[dict[str, Any]],
                  add: Callable[..., None], detector: str, score: float) -> None:
    """A name found after a title ("Dr Patel") is also found alone in that transcript."""
    names: dict[str, set[str]] = {}
    for r in rows:
        if r["detector"] == detector:
            names.setdefault(r["transcript_id"], set()).update(_name_forms(r["text"]))
    if not names:
        return
    rx = {tid: re.compile(r"(?<![\w'’-])(?:" + "|".join(
        re.escape(n) for n in sorted(ns, key=len, reverse=True)) + r")(?![\w-]|['’](?![sS]\b)\w)")
        for tid, ns in names.items()}
    kind = DETECTORS[TITLE].kind
    for tid, uid, off0, text in units:
        if tid in rx:
            for m in rx[tid].finditer(text):
                add(tid, uid, off0, text, m.start(), m.end(), score, kind, detector)


def scan_identifiers(data: Any, *, detectors: Sequence[str] | None = None,
                     known_names: Sequence[str] | None = None,
                     allow: Sequence[str] | None = None, ner: Any = "auto",
                     min_score: float = 0.5, nlp: Any = None,
                     default_allow: bool = True) -> pd.DataFrame:
    """Find identifiers (names, NHS numbers, phones, postcodes ...) in text.

    Parameters
    ----------
    data : Corpus, Transcript, str, list of str or DataFrame
        A DataFrame needs a ``text`` column; with ``transcript_id`` and ``start``
        (an utterance table) offsets are into ``Transcript.text``.
    detectors : list of str, optional
        Names from :data:`DETECTORS` to run (default all of them).
    known_names : list of str, optional
        Names to find case- and accent-insensitively on word boundaries, whole or
        any one word.
    allow : list of str, optional
        Texts never reported (added to :data:`DEFAULT_ALLOW` unless
        ``default_allow=False``); matched case-insensitively on the whole finding.
    ner : {"auto", True, False}
        ``"auto"`` uses ``en_core_web_sm`` when importable; ``True`` requires it.
        The pipeline reads only sentences with a capitalised word that could be a
        name or place (see :mod:`qualkit.privacy._ner`).
    min_score : float
        Findings scoring below are dropped.
    nlp : spaCy Language, optional
        A pipeline with an ``ner`` (or entity ruler) to use instead of ``en_core_web_sm``;
        it reads every unit.

    Returns
    -------
    DataFrame
        Columns :data:`FINDING_COLUMNS`, ordered by transcript and offset, overlapping
        findings resolved (longest, then highest score wins). ``attrs["scan_report"]``
        lists the detectors run and off; ``attrs["detectors_off"]`` the ones off.

    Examples
    --------
    >>> scan_identifiers("Email jo@example.org or see www.example.org", ner=False)["kind"].tolist()
    ['EMAIL', 'URL']
    >>> scan_identifiers("dr mcdonald rang from 0044 7700 900123.", ner=False)["text"].tolist()
    ['mcdonald', '0044 7700 900123']
    """
    if detectors is None:
        chosen = list(DETECTORS.values())
    else:
        chosen = []
        for name in detectors:
            if name not in DETECTORS and name not in (KNOWN_NAMES, NER):
                raise InvalidParameterError(Errors.Q503.format(
                    caller="scan_identifiers", name=name,
                    known=sorted([*DETECTORS, KNOWN_NAMES, NER])))
            if name in DETECTORS:
                chosen.append(DETECTORS[name])
    off: dict[str, str] = {}
    if known_names:
        chosen.append(_known_names_detector(list(known_names)))
    else:
        off[KNOWN_NAMES] = "no known_names given"
    want_ner = detectors is None or NER in detectors
    model = load_ner(ner, nlp) if want_ner else None
    if model is None:
        off[NER] = ("not requested" if not want_ner or ner is False or ner in ("off", None)
                    else "en_core_web_sm is not installed (pip install 'qualkit[ner]')")
    allowed = frozenset(a.casefold() for a in (list(DEFAULT_ALLOW) if default_allow else [])
                        + list(allow or []))

    units = _units(data)
    rows: list[dict[str, Any]] = []

    def add(tid: str, uid: Any, off0: int, text: str, s: int, e: int, score: float,
            kind: str, det: str) -> None:
        frag = text[s:e]
        if score < min_score or frag.casefold() in allowed or not frag.strip():
            return
        rows.append(dict(transcript_id=tid, start=off0 + s, end=off0 + e, text=frag, kind=kind,
                         score=float(score), detector=det, utterance_id=uid))

    for tid, uid, off0, text in units:
        for d in chosen:
            for s, e, score in d.find(text):
                add(tid, uid, off0, text, s, e, score, d.kind, d.name)
    if model is not None:
        spans = ner_spans(model, [u[3] for u in units], allowed, prefilter=nlp is None)
        for (tid, uid, off0, text), found in zip(units, spans):
            for s, e, kind in found:
                add(tid, uid, off0, text, s, e, 0.6, kind, NER)
    if TITLE in {d.name for d in chosen}:
        _spread_names(units, rows, add, TITLE, 0.8)
    rows = resolve_overlaps(rows)
    df = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    df = df.sort_values(["transcript_id", "start"], kind="stable").reset_index(drop=True)
    df["start"] = df["start"].astype("int64")
    df["end"] = df["end"].astype("int64")
    df["score"] = df["score"].astype("float64")
    run = [d.name for d in chosen] + ([NER] if model is not None else [])
    df.attrs["detectors_off"] = off
    df.attrs["scan_report"] = {"detectors_run": run, "detectors_off": off,
                               "units": len(units), "findings": len(df)}
    return df
