"""Identifier scan, redaction and the export guard.

:func:`scan_identifiers` runs a registry of named detectors (regular expressions
with validation for structured identifiers, title-plus-name patterns, a list of
known names, and a trained spaCy NER pipeline when one is installed) over the
utterances of a corpus and returns one row per finding, with offsets into
``Transcript.text``. :func:`redact` replaces the findings with consistent
placeholders (``[NAME_1]``, ``[NHS_NUMBER_1]`` ...) and rebuilds each transcript
with :meth:`Transcript.from_turns`; :func:`check_export` is the guard other
modules call before text leaves the toolkit.

Examples
--------
>>> from qualkit.privacy import scan_identifiers
>>> f = scan_identifiers("Ring Dr Patel on 07700 900123, NHS number 943 476 5919.", ner=False)
>>> f[["text", "kind"]].values.tolist()
[['Patel', 'NAME'], ['07700 900123', 'PHONE'], ['943 476 5919', 'NHS_NUMBER']]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .corpus import Corpus, Transcript, Turn
from .errors import Errors, IdentifierFoundError, InvalidParameterError

__all__ = [
    "scan_identifiers", "redact", "redact_with_log", "check_export", "nhs_number_valid",
    "DETECTORS", "Detector", "DEFAULT_ALLOW", "FINDING_COLUMNS", "LOG_COLUMNS",
]

#: Columns of the findings table, in order.
FINDING_COLUMNS = ["transcript_id", "start", "end", "text", "kind", "score", "detector",
                   "utterance_id"]
#: Columns of the redaction log (no identifier text), in order.
LOG_COLUMNS = ["transcript_id", "utterance_id", "kind", "placeholder", "start", "end",
               "detector"]

#: Words never reported: the study's subject organisations and places.
DEFAULT_ALLOW = (
    "NHS", "NHS England", "NHS Digital", "GP", "GPs", "Kent", "Surrey", "Sussex", "East Sussex",
    "West Sussex", "Medway", "Kent and Medway", "Kent, Surrey and Sussex", "KSS", "England",
    "UK", "Britain", "United Kingdom", "London", "NIHR", "ICB", "ICS", "A&E", "Facilitator",
    "Google", "Facebook", "Amazon",
)

Span = tuple[int, int, float]


@dataclass(frozen=True)
class Detector:
    """A named identifier detector: ``find(text)`` yields ``(start, end, score)``."""

    name: str
    kind: str
    find: Callable[[str], Iterable[Span]]
    description: str = ""


# --------------------------------------------------------------------- helpers
def nhs_number_valid(digits: str) -> bool:
    """Return whether a 10-digit string passes the NHS modulus-11 check.

    >>> nhs_number_valid("9434765919"), nhs_number_valid("9434765918")
    (True, False)
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _near(text: str, start: int, end: int, pattern: re.Pattern[str], width: int = 40) -> bool:
    return bool(pattern.search(text[max(0, start - width):start])
                or pattern.search(text[end:end + 15]))


_NHS_RE = re.compile(r"(?<![\d+])(?<!\d[ -])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d])(?![ -]\d)")
_NHS_CUE = re.compile(r"\b(?:nhs|number|no\.?|num|hospital|patient|chi)\b", re.I)


def _find_nhs(text: str) -> Iterator[Span]:
    for m in _NHS_RE.finditer(text):
        if nhs_number_valid(m.group(1) + m.group(3) + m.group(4)):
            yield m.start(), m.end(), 0.99 if _near(text, m.start(), m.end(), _NHS_CUE) else 0.92


_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)\d[\d\s\-()]{7,14}\d(?!\d)")


def _find_phone(text: str) -> Iterator[Span]:
    for m in _PHONE_RE.finditer(text):
        s = m.group(0)
        while s:
            if _phone_ok(s):
                yield m.start(), m.start() + len(s), 0.9
                break
            # trim a trailing group that makes the number too long (a following number)
            cut = max(s.rfind(" "), s.rfind("-"))
            s = s[:cut].rstrip(" -(") if cut > 0 else ""


def _phone_ok(s: str) -> bool:
    digits = re.sub(r"\D", "", s)
    if digits.startswith("44"):
        digits = digits[2:]
        if not digits.startswith("0"):
            digits = "0" + digits
    return digits[:2] in ("01", "02", "03", "07", "08") and len(digits) in (10, 11)


#: The UK postcode areas (the letters that start every postcode).
POSTCODE_AREAS = (
    "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
    "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L "
    "LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA "
    "SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV "
    "YO ZE").split()
_AREAS = frozenset(POSTCODE_AREAS)
_INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
_OUTWARD = r"([A-Z]{1,2})\d[A-Z\d]?"
_POSTCODE_RE = re.compile(rf"\b{_OUTWARD}\s?{_INWARD}\b", re.I)
_OUTWARD_RE = re.compile(
    rf"\b(?:near|in|around|postcode|post code|from|at|area)\s+(?:the\s+)?({_OUTWARD})\b"
    r"(?!\s?\d)")
_POSTCODE_CUE_RE = re.compile(rf"\b(?:postcode|post code)\s*(?:is|was|:)?\s*({_OUTWARD})\b",
                              re.I)


def _find_postcode(text: str) -> Iterator[Span]:
    for m in _POSTCODE_RE.finditer(text):
        if m.group(1).upper() in _AREAS:
            yield m.start(), m.end(), 0.95
    for rx, score in ((_OUTWARD_RE, 0.7), (_POSTCODE_CUE_RE, 0.8)):
        for m in rx.finditer(text):
            if m.group(2).upper() in _AREAS:
                yield m.start(1), m.end(1), score


_EMAIL_RE = re.compile(r"\b[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:co\.uk|org\.uk|nhs\.uk|"
    r"gov\.uk|ac\.uk|com|org|net|io)\b(?:/[^\s<>\"]*)?", re.I)


def _find_email(text: str) -> Iterator[Span]:
    for m in _EMAIL_RE.finditer(text):
        yield m.start(), m.end(), 0.99


def _find_url(text: str) -> Iterator[Span]:
    for m in _URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)'":
            end -= 1
        if text[m.start() - 1:m.start()] == "@" or "@" in text[max(0, m.start() - 1):end]:
            continue
        yield m.start(), end, 0.9


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH},?\s+\d{{4}}|"
         rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}})")
_DOB_RE = re.compile(
    rf"\b(?:born(?:\s+on)?|d\.?o\.?b\.?|date\s+of\s+birth|birthday)(?:\s+(?:is|was))?\s*[:\-]?\s*"
    rf"(?:the\s+)?({_DATE})", re.I)


def _find_dob(text: str) -> Iterator[Span]:
    for m in _DOB_RE.finditer(text):
        yield m.start(1), m.end(1), 0.95


_AGE_RE = re.compile(
    r"\b(?:I'm|I’m|I am|i'm|aged|age|he's|she's|he is|she is|who's|who is|turned|turning|"
    r"now)\s+(9\d|1[0-1]\d)\b(?!\s*(?:%|per|pounds|p\b|minutes|mins|miles|quid|k\b))|"
    r"\b(9\d|1[0-1]\d)[\s-]years?[\s-]old\b|\b(9\d|1[0-1]\d)-year-old\b", re.I)


def _find_age(text: str) -> Iterator[Span]:
    for m in _AGE_RE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i))
        end = m.end() if g > 1 else m.end(1)
        yield m.start(g), end, 0.85


_TITLES = (r"(?:Dr|Doctor|Mrs|Mr|Ms|Mx|Miss|Nurse|Sister|Prof|Professor|Matron|Rev|Reverend|"
           r"Father|Sir|Dame|Lady|Lord)")
_CAP = r"[A-Z](?:['’][A-Z])?[a-z]+(?:-[A-Z][a-z]+)?"
_TITLE_RE = re.compile(rf"\b{_TITLES}\.?\s+((?:{_CAP})(?:\s+{_CAP})?)")
_NOT_NAMES = {"The", "And", "Or", "But", "If", "So", "I", "We", "You", "They", "He", "She", "It",
              "NHS", "GP", "Who", "What", "When", "Where", "Why", "How", "Yes", "No", "Well",
              "Practitioner", "Practitioners", "Foster", "Christmas", "Google"}


def _find_title_name(text: str) -> Iterator[Span]:
    for m in _TITLE_RE.finditer(text):
        words = m.group(1).split()
        while words and words[-1] in _NOT_NAMES:
            words.pop()
        if not words or words[0] in _NOT_NAMES:
            continue
        start = m.start(1)
        yield start, start + len(" ".join(words)), 0.85


#: The detector registry, by name.
DETECTORS: dict[str, Detector] = {d.name: d for d in [
    Detector("qualkit.nhs_number.v1", "NHS_NUMBER", _find_nhs,
             "10 digits (3-3-4, spaces or hyphens) with a valid modulus-11 check digit"),
    Detector("qualkit.phone_uk.v1", "PHONE", _find_phone,
             "UK telephone numbers, national or +44"),
    Detector("qualkit.postcode_uk.v1", "POSTCODE", _find_postcode,
             "full UK postcodes; outward codes after a cue word"),
    Detector("qualkit.email.v1", "EMAIL", _find_email, "e-mail addresses"),
    Detector("qualkit.url.v1", "URL", _find_url, "web addresses"),
    Detector("qualkit.date_of_birth.v1", "DATE_OF_BIRTH", _find_dob,
             "dates after born / DOB / date of birth"),
    Detector("qualkit.age_over_89.v1", "AGE", _find_age, "ages of 90 and over"),
    Detector("qualkit.title_name.v1", "NAME", _find_title_name,
             "a title (Dr, Mrs, Nurse ...) and capitalised words"),
]}
KNOWN_NAMES = "qualkit.known_names.v1"
NER = "qualkit.spacy_ner.v1"
_NER_KINDS = {"PERSON": "NAME", "GPE": "PLACE", "FAC": "PLACE", "LOC": "PLACE",
              "ORG": "ORGANISATION"}


def _known_names_detector(names: Sequence[str]) -> Detector:
    forms: set[str] = set()
    for n in names:
        n = " ".join(str(n).split())
        if not n:
            continue
        forms.add(n)
        forms.update(w for w in n.split() if len(w) > 1)
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    rx = re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.I) if alts else None

    def find(text: str) -> Iterator[Span]:
        if rx is not None:
            for m in rx.finditer(text):
                yield m.start(), m.end(), 1.0

    return Detector(KNOWN_NAMES, "NAME", find, "names from known_names")


def _load_nlp(ner: Any, nlp: Any) -> Any:
    if nlp is not None:
        return nlp
    if ner is False or ner in ("off", None):
        return None
    from .nlp import trained_model_name

    name = trained_model_name()  # cheap: spaCy's import is slow
    if name is None:
        if ner is True or ner == "on":
            raise InvalidParameterError(Errors.Q502.format(caller="scan_identifiers", ner=ner))
        return None
    try:
        import spacy

        return spacy.load(name, exclude=["lemmatizer", "parser", "tagger", "attribute_ruler"])
    except (ImportError, OSError):
        if ner is True or ner == "on":
            raise InvalidParameterError(Errors.Q502.format(caller="scan_identifiers", ner=ner))
        return None


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


def _resolve(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop overlapping findings: longest span first, then highest score."""
    out: list[dict[str, Any]] = []
    by_tid: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_tid.setdefault(r["transcript_id"], []).append(r)
    for group in by_tid.values():
        taken: list[tuple[int, int]] = []
        for r in sorted(group, key=lambda r: (-(r["end"] - r["start"]), -r["score"], r["start"])):
            if any(r["start"] < e and s < r["end"] for s, e in taken):
                continue
            taken.append((r["start"], r["end"]))
            out.append(r)
    return out


def _spread_titled_names(units: list[tuple[str, Any, int, str]], rows: list[dict[str, Any]],
                         add: Callable[..., None]) -> None:
    """A name found after a title ("Dr Patel") is also found alone in that transcript."""
    det = DETECTORS["qualkit.title_name.v1"]
    names: dict[str, set[str]] = {}
    for r in rows:
        if r["detector"] == det.name:
            names.setdefault(r["transcript_id"], set()).update([r["text"], *r["text"].split()])
    if not names:
        return
    rx = {tid: re.compile(r"(?<!\w)(?:" + "|".join(
        re.escape(n) for n in sorted(ns, key=len, reverse=True)) + r")(?!\w)")
        for tid, ns in names.items()}
    for tid, uid, off0, text in units:
        if tid in rx:
            for m in rx[tid].finditer(text):
                add(tid, uid, off0, text, m.start(), m.end(), 0.8, det.kind, det.name)


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
        Names to find case-insensitively on word boundaries, whole or any one word.
    allow : list of str, optional
        Texts never reported (added to :data:`DEFAULT_ALLOW` unless
        ``default_allow=False``); matched case-insensitively on the whole finding.
    ner : {"auto", True, False}
        ``"auto"`` uses ``en_core_web_sm`` when importable; ``True`` requires it.
    min_score : float
        Findings scoring below are dropped.
    nlp : spaCy Language, optional
        A pipeline with an ``ner`` (or entity ruler) to use instead of ``en_core_web_sm``.

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
    model = _load_nlp(ner, nlp) if want_ner else None
    if model is None:
        off[NER] = ("not requested" if not want_ner or ner is False or ner in ("off", None)
                    else "en_core_web_sm is not installed (pip install 'qualkit[ner]')")
    allowed = {a.casefold() for a in (list(DEFAULT_ALLOW) if default_allow else [])
               + list(allow or [])}

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
        docs = model.pipe((u[3] for u in units), batch_size=64)
        for (tid, uid, off0, text), doc in zip(units, docs):
            for ent in doc.ents:
                kind = _NER_KINDS.get(ent.label_)
                if kind is not None:
                    add(tid, uid, off0, text, ent.start_char, ent.end_char, 0.6, kind, NER)
    _spread_titled_names(units, rows, add)
    rows = _resolve(rows)
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


# --------------------------------------------------------------------- redaction
def _placeholders(findings: pd.DataFrame) -> list[str]:
    """Consistent numbered placeholders per transcript and kind."""
    out: list[str] = []
    maps: dict[tuple[str, str], dict[str, int]] = {}
    # multi-word names first, so "Smith" alone reuses "Jane Smith"'s number
    order = sorted(range(len(findings)),
                   key=lambda i: (-len(str(findings["text"].iat[i]).split()), i))
    assigned: dict[int, str] = {}
    for i in order:
        tid, kind = findings["transcript_id"].iat[i], findings["kind"].iat[i]
        key = " ".join(str(findings["text"].iat[i]).casefold().split())
        m = maps.setdefault((tid, kind), {})
        if key not in m:
            if kind == "NAME" and " " not in key:
                hit = next((v for k, v in m.items() if key in k.split()), None)
                if hit is not None:
                    m[key] = hit
            if key not in m:
                m[key] = len(set(m.values())) + 1
        assigned[i] = f"[{kind}_{m[key]}]"
    for i in range(len(findings)):
        out.append(assigned[i])
    return out


def redact_with_log(corpus: Corpus, findings: pd.DataFrame | None = None,
                    **scan_kwargs: Any) -> tuple[Corpus, pd.DataFrame]:
    """Return ``(redacted corpus, redaction log)``; see :func:`redact`.

    Examples
    --------
    >>> from qualkit.corpus import Corpus, Transcript, Turn
    >>> c = Corpus([Transcript.from_turns("t", [Turn("P01", "Dr Okafor said so."),
    ...                                         Turn("P02", "Okafor? Call 07700 900123.")])])
    >>> clean, log = redact_with_log(c, known_names=["Okafor"], ner=False)
    >>> clean["t"].utterances["text"].tolist()
    ['Dr [NAME_1] said so.', '[NAME_1]? Call [PHONE_1].']
    >>> log.columns.tolist()
    ['transcript_id', 'utterance_id', 'kind', 'placeholder', 'start', 'end', 'detector']
    """
    if not isinstance(corpus, Corpus):
        raise InvalidParameterError(Errors.Q001.format(
            param="corpus", caller="redact", expected="a Corpus", found=type(corpus).__name__))
    if findings is None:
        findings = scan_identifiers(corpus, **scan_kwargs)
    f = pd.DataFrame(_resolve(findings.to_dict("records")), columns=findings.columns)
    f = f[f["transcript_id"].isin(corpus.ids)].sort_values(["transcript_id", "start"])
    f = f.reset_index(drop=True)
    for r in f.itertuples():
        row = corpus[r.transcript_id].utterance_at(int(r.start))
        if row is None or r.end > row["end"]:
            raise InvalidParameterError(Errors.Q505.format(
                caller="redact", tid=r.transcript_id, start=r.start, end=r.end, kind=r.kind))
    f["placeholder"] = _placeholders(f)
    log_rows: list[dict[str, Any]] = []
    new: list[Transcript] = []
    for t in corpus:
        ft = f[f["transcript_id"] == t.id]
        u = t.utterances
        turns: list[Turn] = []
        for row in u.itertuples(index=False):
            inside = ft[(ft["start"] >= row.start) & (ft["end"] <= row.end)]
            text = row.text
            for fr in inside.sort_values("start", ascending=False).itertuples(index=False):
                s, e = fr.start - row.start, fr.end - row.start
                text = text[:s] + fr.placeholder + text[e:]
            for fr in inside.itertuples(index=False):
                log_rows.append(dict(transcript_id=t.id, utterance_id=row.utterance_id,
                                     kind=fr.kind, placeholder=fr.placeholder,
                                     start=int(fr.start), end=int(fr.end),
                                     detector=fr.detector))
            turns.append(Turn(row.speaker, text, row.t_start, row.t_end,
                              section=row.section if isinstance(row.section, str) else None,
                              role=row.role))
        rebuilt = Transcript.from_turns(t.id, turns, group=t.group, session=t.session,
                                        source=t.source, metadata=t.metadata,
                                        merge_consecutive=False)
        new.append(rebuilt)
    out = Corpus(new, participants=corpus.participants)
    log = pd.DataFrame(log_rows, columns=LOG_COLUMNS)
    out.redaction_log = log  # type: ignore[attr-defined]
    return out, log


def redact(corpus: Corpus, findings: pd.DataFrame | None = None, **scan_kwargs: Any) -> Corpus:
    """Return a new corpus with every finding replaced by a placeholder.

    Placeholders are numbered per kind and consistent within a transcript
    (``[NAME_1]`` is the same name everywhere; a surname alone reuses the full
    name's number). Each transcript is rebuilt from its utterances with
    :meth:`Transcript.from_turns`, so offsets are recomputed and the utterance
    table stays consistent. ``result.redaction_log`` holds one row per replacement
    (:data:`LOG_COLUMNS`, offsets in the original text, no identifier text).

    Parameters
    ----------
    corpus : Corpus
    findings : DataFrame, optional
        From :func:`scan_identifiers`; scanned with ``scan_kwargs`` if omitted.

    Examples
    --------
    >>> from qualkit.corpus import Corpus, Transcript, Turn
    >>> c = Corpus([Transcript.from_turns("t", [Turn("P01", "Mrs Hughes lives in ME14 2LX.")])])
    >>> redact(c, ner=False)["t"].utterances["text"].iat[0]
    'Mrs [NAME_1] lives in [POSTCODE_1].'
    """
    return redact_with_log(corpus, findings, **scan_kwargs)[0]


def check_export(texts_or_df: Any, allow_identifiers: bool = False, *, ner: Any = False,
                 **scan_kwargs: Any) -> pd.DataFrame:
    """Refuse to export text that carries identifiers.

    The guard report and query exports call. NER is off by default here (a
    statistical model's guesses should not block an export); pass ``ner="auto"``
    to include it.

    Returns
    -------
    DataFrame
        The (empty, or allowed) findings.

    Raises
    ------
    IdentifierFoundError
        Listing each finding's place and kind (never its text).

    Examples
    --------
    >>> check_export(["We should be asked first."]).empty
    True
    >>> check_export(["Call me on 07700 900123"])
    Traceback (most recent call last):
    ...
    qualkit.errors.IdentifierFoundError: [Q501] check_export: 1 identifier finding(s) ...
    """
    findings = scan_identifiers(texts_or_df, ner=ner, **scan_kwargs)
    if len(findings) and not allow_identifiers:
        shown = "; ".join(f"{r.kind} in {r.transcript_id!s} at [{r.start}, {r.end})"
                          for r in findings.head(10).itertuples(index=False))
        if len(findings) > 10:
            shown += f"; and {len(findings) - 10} more"
        raise IdentifierFoundError(Errors.Q501.format(caller="check_export", n=len(findings),
                                                      found=shown))
    return findings
