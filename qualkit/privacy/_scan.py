"""``scan_identifiers``: run the detectors over everything a corpus holds, one row per finding."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pandas as pd

from ..corpus import Corpus, Transcript
from ..errors import Errors, InvalidParameterError
from ..roles import infer_role
from ._detectors import _STOP, DETECTORS, Detector, Span
from ._ner import load_ner, ner_spans
from ._scope import (PERSON_KEYS, TEXT_FIELDS, Unit, corpus_units, identifier_column_kind,
                     table_units)

__all__ = ["scan_identifiers", "FINDING_COLUMNS", "DEFAULT_ALLOW", "KNOWN_NAMES", "NER",
           "SPEAKER", "ID_COLUMN", "resolve_overlaps", "label_is_name", "scan_units", "fold"]

#: Columns of the findings table, in order.
FINDING_COLUMNS = ["transcript_id", "start", "end", "text", "kind", "score", "detector",
                   "utterance_id", "field"]

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
SPEAKER = "qualkit.speaker_name.v1"
ID_COLUMN = "qualkit.identifier_column.v1"
_NER_FIELDS = ("speech", "note", "heading", "text", "section")

#: Labels and words that name a role or a sound, never a person.
ROLE_WORDS = frozenset("""facilitator facilitators moderator moderators interviewer interviewee
researcher researchers host co-host chair participant participants respondent respondents speaker
speakers presenter expert guest member members citizen note taker notetaker note-taker observer
interpreter translator transcriber audience group everyone everybody all both others other
several multiple various voices voice unknown unidentified unclear inaudible crosstalk laughter
laughs music applause silence pause narrator caller student teacher doctor nurse patient mum dad
child man woman female male gentleman lady question answer comment summary action notes note date
time location attendees agenda q a int mod fac resp system bot assistant admin team panel
panellist panelist clinician""".split())


def fold(text: str) -> str:
    """The text with accents removed, one character for one (offsets are kept)."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1] if not ch.isascii() else ch
        out.append(base if base else ch)
    return "".join(out)


def label_is_name(label: str) -> bool:
    """Whether a speaker label (or a participant id) is a person's name, not a role or code.

    >>> [label_is_name(x) for x in ("Jane Whitfield", "Dr Patel", "P01", "Moderator 2",
    ...                              "Speaker 1", "JW", "Facilitator (Ana)", "unknown")]
    [True, True, False, False, False, False, True, False]
    """
    s = str(label).strip().rstrip(":")
    inner = re.findall(r"\(([^()]*)\)", s)
    core = re.sub(r"\([^()]*\)|\[[^\]]*\]", " ", s)
    if any(label_is_name(x) for x in inner if x.strip()) and infer_role(core) != "unknown":
        return True  # "Facilitator (Ana)"
    words = core.replace(",", " ").split()
    if not words or len(words) > 4 or any(ch.isdigit() for ch in core):
        return False
    if infer_role(core) != "unknown" or any(w.casefold().strip(".") in ROLE_WORDS for w in words):
        return False
    letters = [w for w in words if w.casefold() not in _PARTICLE_WORDS]
    if not letters or all(len(w.strip(".")) <= 3 and w.strip(".").isupper() for w in letters):
        return False  # initials such as "JW" or "K.S." are pseudonyms already
    return all(re.fullmatch(r"[^\W\d_][\w'’.-]*", w) and (w[0].isupper() or
                                                       w.casefold() in _PARTICLE_WORDS)
               for w in words)


_PARTICLE_WORDS = frozenset("van von de der den du da di del della dos das le la bin ibn al el "
                            "ter ten st mac mc ap dr mr mrs ms mx prof".split())


#: A pseudonym code ("P08", "FG2", "R-12", "Participant 8"): never a name, place or body.
_CODE = re.compile(r"(?:[A-Za-z]{1,4}[-_ ]?|(?:participant|respondent|speaker|group|"
                   r"interviewee|person)\s+#?)\d{1,4}[a-z]?", re.I)


def _known_names_detector(names: Sequence[str]) -> Detector:
    forms: set[str] = set()
    for n in names:
        n = fold(" ".join(str(n).split()))
        if not n:
            continue
        forms.add(n)
        forms.update(w for w in n.split() if len(w) > 1)
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    rx = re.compile(rf"(?<![\w'’-])(?:{alts})(?![\w-]|['’](?![sS]\b)\w)", re.I) if alts else None

    def find(text: str) -> Iterator[Span]:
        if rx is not None:
            for m in rx.finditer(fold(text)):
                yield m.start(), m.end(), 1.0

    return Detector(KNOWN_NAMES, "NAME", find, "names from known_names")


# --------------------------------------------------------------------- units
def _units(data: Any) -> list[Unit]:
    """Every piece of text to scan in ``data``, with its place."""
    if isinstance(data, (Corpus, Transcript)):
        return corpus_units(data)
    if isinstance(data, str):
        return [Unit("text", None, 0, data, "text")]
    if isinstance(data, pd.DataFrame):
        return _frame_units(data)
    if isinstance(data, (list, tuple)) and all(isinstance(x, str) for x in data):
        return [Unit(str(i), None, 0, x, "text") for i, x in enumerate(data)]
    raise InvalidParameterError(Errors.Q504.format(caller="scan_identifiers",
                                                   what=type(data).__name__))


def _frame_units(data: pd.DataFrame) -> list[Unit]:
    """Every cell of every column; an utterance table's ``text`` keeps transcript offsets."""
    tids = (data["transcript_id"].astype(str).tolist() if "transcript_id" in data
            else [str(i) for i in data.index])
    uids = data["utterance_id"].tolist() if "utterance_id" in data else [None] * len(data)
    offs = (data["start"].astype(int).tolist() if "start" in data and "text" in data
            and "transcript_id" in data else [0] * len(data))
    out: list[Unit] = []
    for cu in table_units(data.reset_index(drop=True), "", "column:"):
        i = cu.ref
        if cu.field == "column:text":
            out.append(Unit(tids[i], uids[i], offs[i], cu.text, "text"))
        else:
            out.append(Unit(tids[i], uids[i] if uids[i] is not None else i, 0, cu.text,
                            cu.field))
    return out


def resolve_overlaps(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop overlapping findings: longest span first, then highest score."""
    out: list[dict[str, Any]] = []
    groups: dict[Any, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(_place(r), []).append(r)
    for group in groups.values():
        taken: list[tuple[int, int]] = []
        # a whole identifier column wins over the detector that found one of its cells
        for r in sorted(group, key=lambda r: (-(r["end"] - r["start"]),
                                              r["detector"] != ID_COLUMN, -r["score"], r["start"])):
            if any(r["start"] < e and s < r["end"] for s, e in taken):
                continue
            taken.append((r["start"], r["end"]))
            out.append(r)
    return out


def _place(r: dict[str, Any]) -> tuple[Any, ...]:
    """Findings whose offsets share one coordinate system."""
    if r.get("field", "text") in TEXT_FIELDS:
        return (r["transcript_id"], "text")
    return (r["transcript_id"], r.get("field"), r.get("utterance_id"))


def _name_forms(name: str) -> set[str]:
    """A found name's words and their upper- and title-case forms.

    A name written in lower case ("dr patel") is looked for in lower case too,
    unless it is an ordinary English word ("dr live" in a speech-to-text file).
    """
    words = [w.strip(".,") for w in name.split()]
    words = [w for w in words if sum(c.isalpha() for c in w) > 1
             and w.casefold() not in _PARTICLE_WORDS and w.casefold() not in ROLE_WORDS]
    forms = {" ".join(name.split()), *words} if words else set()
    if name.islower():
        from ._ner import common_words

        common = common_words()
        return {f for f in forms if f not in common}
    forms = {f for f in forms if f.casefold() not in _STOP or " " in f}
    return forms | {f.upper() for f in forms} | {f[:1].upper() + f[1:] for f in forms}


def _spread(units: list[Unit], rows: list[dict[str, Any]], add: Callable[..., None],
            origins: dict[str, float]) -> None:
    """A name found once (after a title, as a label, in a name column) is found everywhere."""
    forms: set[str] = set()
    for r in rows:
        if r["detector"] in origins and r["kind"] == "NAME":
            forms.update(_name_forms(r["text"]))
    forms.discard("")
    if not forms:
        return
    pattern = r"(?<![\w'’-])(?:" + "|".join(
        re.escape(n) for n in sorted(forms, key=len, reverse=True)) + r")(?![\w-]|['’](?![sS]\b)\w)"
    rx = re.compile(pattern)
    # file names and ids are written in any case: "jane_whitfield.docx"
    rx_any = re.compile(fold(pattern), re.I)
    for u in units:
        if u.field in ("transcript_id", "source"):
            found = rx_any.finditer(fold(u.text))
        else:
            found = rx.finditer(u.text)
        for m in found:
            add(u, m.start(), m.end(), 0.8, "NAME", TITLE)


def _field_findings(u: Unit, add: Callable[..., None]) -> None:
    """Whole-value findings decided by the field: a named speaker, a person or an id column."""
    field = u.field
    column = field.split(":", 1)[1] if ":" in field else field
    if field in ("speaker", "label") or column in ("speaker", "participant_id", "participant"):
        if label_is_name(u.text):
            add(u, 0, len(u.text), 0.9, "NAME", SPEAKER)
        return
    if field.startswith("metadata:"):
        key = column.split(".")[0]
        if PERSON_KEYS.match(key) and any(c.isalpha() for c in u.text) and \
                not any(c.isdigit() for c in u.text) and u.text.casefold() not in ROLE_WORDS:
            add(u, len(u.text) - len(u.text.lstrip()), len(u.text.rstrip()), 0.9, "NAME", SPEAKER)
        return
    if not field.startswith(("participants:", "column:")):
        return
    kind = identifier_column_kind(column)
    if kind is None:
        return
    if field.startswith("column:") and kind == "NAME":
        # in any other table a "name" is a theme's or a code's, and "participants" a count:
        # a person column's cell is a finding only when it reads as a person's name
        if _norm_key(column) in _AMBIGUOUS_NAME_COLUMNS or not label_is_name(u.text):
            return
    add(u, 0, len(u.text), 1.0, kind, ID_COLUMN)


#: Column names that name people in a participants table but things in other tables.
_AMBIGUOUS_NAME_COLUMNS = frozenset({"name", "names", "participant", "participants", "speakers",
                                     "people", "staff", "person", "attendees", "members"})


def _norm_key(column: str) -> str:
    return re.sub(r"[\s\-./]+", "_", column.strip()).strip("_").casefold()


def _columns_by_content(units: list[Unit], rows: list[dict[str, Any]],
                        add: Callable[..., None]) -> None:
    """A table column where most cells hold an identifier of one kind is an identifier column."""
    cells: dict[tuple[str, str], list[Unit]] = {}
    for u in units:
        if u.field.startswith(("participants:", "column:")):
            cells.setdefault((u.transcript_id, u.field), []).append(u)
    hits: dict[tuple[str, str], dict[str, set[Any]]] = {}
    for r in rows:
        key = (r["transcript_id"], r["field"])
        if key in cells:
            hits.setdefault(key, {}).setdefault(r["kind"], set()).add(r["utterance_id"])
    for key, by_kind in hits.items():
        kind, refs = max(by_kind.items(), key=lambda kv: len(kv[1]))
        if kind == "FRAGMENT" or len(refs) < max(2, 0.5 * len(cells[key])):
            continue
        for u in cells[key]:
            add(u, 0, len(u.text), 0.9, kind, ID_COLUMN)


def scan_units(units: list[Unit], *, detectors: Sequence[str] | None = None,
               known_names: Sequence[str] | None = None, allow: Sequence[str] | None = None,
               ner: Any = "auto", min_score: float = 0.5, nlp: Any = None,
               default_allow: bool = True) -> pd.DataFrame:
    """Run the detectors over units; see :func:`scan_identifiers`."""
    if detectors is None:
        chosen = list(DETECTORS.values())
    else:
        chosen = []
        for name in detectors:
            if name not in DETECTORS and name not in (KNOWN_NAMES, NER, SPEAKER, ID_COLUMN):
                raise InvalidParameterError(Errors.Q503.format(
                    caller="scan_identifiers", name=name,
                    known=sorted([*DETECTORS, KNOWN_NAMES, NER, SPEAKER, ID_COLUMN])))
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
    fields_run = detectors is None or SPEAKER in detectors or ID_COLUMN in detectors
    # speaker codes ("P08", "Facilitator") are pseudonyms: never findings where they are said
    codes = {u.text for u in units if u.field in ("speaker", "label", "column:speaker")
             or u.field in ("participants:participant_id", "column:participant_id")}
    codes = {c for c in codes if not label_is_name(c)} if fields_run else set()
    allowed = frozenset(a.casefold() for a in (list(DEFAULT_ALLOW) if default_allow else [])
                        + list(allow or []) + sorted(codes))
    rows: list[dict[str, Any]] = []

    def add(u: Unit, s: int, e: int, score: float, kind: str, det: str) -> None:
        frag = u.text[s:e]
        if score < min_score or frag.casefold() in allowed or not frag.strip():
            return
        rows.append(dict(transcript_id=u.transcript_id, start=u.offset + s, end=u.offset + e,
                         text=frag, kind=kind, score=float(score), detector=det,
                         utterance_id=u.ref, field=u.field))

    for u in units:
        for d in chosen:
            for s, e, score in d.find(u.text):
                add(u, s, e, score, d.kind, d.name)
        if fields_run:
            _field_findings(u, add)
    if model is not None:
        ner_units = [u for u in units if u.field in _NER_FIELDS or u.field.startswith("metadata:")]
        spans = ner_spans(model, [u.text for u in ner_units], allowed, prefilter=nlp is None)
        for u, found in zip(ner_units, spans):
            for s, e, kind in found:
                if not _CODE.fullmatch(u.text[s:e]):
                    add(u, s, e, 0.6, kind, NER)
    if fields_run:
        _columns_by_content(units, rows, add)
    if any(d.name == TITLE for d in chosen) or fields_run:
        _spread(units, rows, add, {TITLE: 0.8, SPEAKER: 0.8})
    rows = resolve_overlaps(rows)
    df = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    order = {f: i for i, f in enumerate(TEXT_FIELDS)}
    df["_text"] = [0 if f in order else 1 for f in df["field"]]
    df = df.sort_values(["transcript_id", "_text", "field", "start"], kind="stable")
    df = df.drop(columns="_text").reset_index(drop=True)
    df["start"] = df["start"].astype("int64")
    df["end"] = df["end"].astype("int64")
    df["score"] = df["score"].astype("float64")
    run = [d.name for d in chosen] + ([SPEAKER, ID_COLUMN] if fields_run else []) + \
        ([NER] if model is not None else [])
    covered = sorted({u.field.split(":")[0] for u in units})
    df.attrs["detectors_off"] = off
    df.attrs["scan_report"] = {"detectors_run": run, "detectors_off": off, "units": len(units),
                               "fields": covered, "findings": len(df)}
    return df


def scan_identifiers(data: Any, *, detectors: Sequence[str] | None = None,
                     known_names: Sequence[str] | None = None,
                     allow: Sequence[str] | None = None, ner: Any = "auto",
                     min_score: float = 0.5, nlp: Any = None,
                     default_allow: bool = True) -> pd.DataFrame:
    """Find identifiers (names, NHS numbers, phones, postcodes ...) in everything ``data`` holds.

    A Corpus or Transcript is scanned whole: speech, notes and preambles, headings,
    speaker labels (a label that is a person's name is a finding, and so is that
    name wherever it is said), the transcript id, its file name, group and metadata
    values, and the participants table (every cell; a column of names, e-mails,
    phones, addresses, postcodes, NHS or NI numbers or dates of birth, by its name
    or by what most of its cells hold, is a direct identifier throughout).

    Parameters
    ----------
    data : Corpus, Transcript, str, list of str or DataFrame
        A DataFrame is scanned cell by cell, every column; with ``transcript_id`` and
        ``start`` (an utterance table) offsets of its ``text`` are into ``Transcript.text``.
    detectors : list of str, optional
        Names from :data:`DETECTORS` (and ``"qualkit.known_names.v1"``,
        ``"qualkit.spacy_ner.v1"``, ``"qualkit.speaker_name.v1"``,
        ``"qualkit.identifier_column.v1"``) to run; default all of them.
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
        A pipeline with an ``ner`` (or entity ruler) to use instead of
        ``en_core_web_sm``; it reads every unit.

    Returns
    -------
    DataFrame
        Columns :data:`FINDING_COLUMNS`, ordered by transcript, part and offset,
        overlapping findings resolved (longest, then highest score wins). ``field``
        says where a finding is: ``speech``, ``speaker``, ``note``, ``heading`` or
        ``text`` (offsets into ``Transcript.text``), or ``label`` (a speaker label
        not written in the text), ``metadata:<key>``,
        ``transcript_id``, ``source``, ``group``, ``section``,
        ``participants:<column>`` (``transcript_id`` is ``""``, ``utterance_id`` the
        row) and, for a DataFrame, ``column:<name>`` (offsets into the value).
        ``attrs["scan_report"]`` lists the detectors run and off and the fields
        scanned; ``attrs["detectors_off"]`` the detectors off.

    Examples
    --------
    >>> scan_identifiers("Email jo@example.org or see www.example.org", ner=False)["kind"].tolist()
    ['EMAIL', 'URL']
    >>> scan_identifiers("dr mcdonald rang from 0044 7700 900123.", ner=False)["text"].tolist()
    ['mcdonald', '0044 7700 900123']
    >>> from qualkit.corpus import Transcript, Turn
    >>> t = Transcript.from_turns("fg1", [Turn("", "Host: Dr Ana Lima", role="note"),
    ...                                   Turn("Ana Lima", "Welcome.")])
    >>> scan_identifiers(t, ner=False)[["text", "field"]].values.tolist()
    [['Ana Lima', 'note'], ['Ana Lima', 'speaker']]
    """
    return scan_units(_units(data), detectors=detectors, known_names=known_names, allow=allow,
                      ner=ner, min_score=min_score, nlp=nlp, default_allow=default_allow)
