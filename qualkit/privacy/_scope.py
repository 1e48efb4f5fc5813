"""What a scan covers: every piece of text a Corpus holds, as units with a place.

A *unit* is a piece of text with where it sits: ``(transcript_id, ref, offset,
text, field)``. ``field`` says which part of the corpus it is:

- parts of ``Transcript.text`` (``offset`` is into it): ``"speech"`` (an
  utterance), ``"speaker"`` (the label before it), ``"note"`` (a preamble, a
  heading kept as text, a label with no body), ``"heading"`` (a ``# Section``
  line) and ``"text"`` (anything else in the text);
- values outside the text (``offset`` 0 is the value's start):
  ``"metadata:<key>"``, ``"transcript_id"``, ``"source"`` (the file name),
  ``"group"``, ``"section"`` (a section name that is not a heading in the text),
  ``"label"`` (a speaker label that is not written in the text), and
  ``"participants:<column>"`` (``transcript_id`` is ``""``, ``ref`` the
  participant's row) and ``"skipped_file"`` (the name of a file a reader could
  not read; ``ref`` its place in the reading report).

Examples
--------
>>> from qualkit.corpus import Transcript, Turn
>>> t = Transcript.from_turns("fg1", [Turn("", "Host: Jane.", role="note"),
...                                   Turn("Jane", "Hello.", section="Intro")],
...                           metadata={"facilitator": "Jane"})
>>> [(u.field, u.text) for u in transcript_units(t)]  # doctest: +NORMALIZE_WHITESPACE
[('note', 'Host: Jane.'), ('heading', 'Intro'), ('speaker', 'Jane'), ('speech', 'Hello.'),
 ('transcript_id', 'fg1'), ('metadata:facilitator', 'Jane')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..corpus import Corpus, Transcript

__all__ = ["Unit", "TEXT_FIELDS", "transcript_units", "participant_units", "corpus_units",
           "table_units", "identifier_column_kind", "PERSON_KEYS"]

#: Fields whose offsets are into ``Transcript.text``.
TEXT_FIELDS = ("speech", "speaker", "note", "heading", "text")


class Unit(NamedTuple):
    """A piece of text to scan and where it sits."""

    transcript_id: str
    ref: Any
    offset: int
    text: str
    field: str


def _label_offset(text: str, speaker: str, start: int) -> int | None:
    """Where the label of an utterance starting at ``start`` is written, if it is."""
    a = start - len(speaker) - 2
    if a >= 0 and text[a:start] == speaker + ": ":
        return a
    return None


def transcript_units(t: Transcript) -> Iterator[Unit]:
    """Every piece of a transcript: its text in parts, then its id, file, group, metadata."""
    text = t.text
    u = t._utterances
    covered: list[tuple[int, int, Unit | None, Unit]] = []
    label_apart: list[Unit] = []
    for r in u.itertuples(index=False):
        s, e = int(r.start), int(r.end)
        a = _label_offset(text, str(r.speaker), s)
        lab = None
        if a is not None:
            lab = Unit(t.id, r.utterance_id, a, str(r.speaker), "speaker")
        elif str(r.speaker).strip():
            label_apart.append(Unit(t.id, r.utterance_id, 0, str(r.speaker), "label"))
        covered.append((a if a is not None else s, e, lab, Unit(t.id, r.utterance_id, s,
                                                                 text[s:e], "speech")))
    headings = {s for s in u["section"] if isinstance(s, str)}
    notes = t.notes
    note_at = dict(zip(notes["start"].astype(int), notes["note_id"]))
    pos = 0
    seen_headings: set[str] = set()

    def gap(a: int, b: int) -> Iterator[Unit]:
        for m in re.finditer(r"[^\n]+", text[a:b]):
            piece, off = m.group(0), a + m.start()
            stripped = piece.strip()
            if not stripped:
                continue
            if piece.startswith("# ") and piece[2:] in headings:
                seen_headings.add(piece[2:])
                yield Unit(t.id, None, off + 2, piece[2:], "heading")
            else:
                ref = note_at.get(off)
                if ref is None:
                    # a note spans several lines in layouts that keep line breaks
                    k = int(np.searchsorted(notes["start"].to_numpy(), off, side="right")) - 1
                    if k >= 0 and off < int(notes["end"].iat[k]):
                        ref = notes["note_id"].iat[k]
                yield Unit(t.id, ref, off, piece, "note" if ref is not None else "text")

    for a, e, lab, speech in sorted(covered, key=lambda x: x[0]):
        if a > pos:
            yield from gap(pos, a)
        if lab is not None:
            yield lab
        yield speech
        pos = max(pos, e)
    if pos < len(text):
        yield from gap(pos, len(text))
    yield from label_apart
    for sec in sorted(headings - seen_headings):
        yield Unit(t.id, None, 0, sec, "section")
    yield Unit(t.id, None, 0, _words(t.id), "transcript_id")
    if t.source:
        yield Unit(t.id, None, 0, _words(_file_name(t.source)), "source")
    if t.group:
        yield Unit(t.id, None, 0, str(t.group), "group")
    for key, value in _leaves(t.metadata):
        yield Unit(t.id, None, 0, value, f"metadata:{key}")


def _file_name(source: str) -> str:
    return re.split(r"[\\/]", str(source))[-1]


def _words(name: str) -> str:
    """A name with its separators as spaces (same length): 'dr_patel-notes' -> 'dr patel notes'."""
    return re.sub(r"[_.+-]", " ", str(name))


def _leaves(meta: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(key path, text) for every string (and number) held in a metadata mapping."""
    for k, v in (meta or {}).items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            yield from _leaves(v, key + ".")
        elif isinstance(v, (list, tuple)):
            for i, x in enumerate(v):
                if isinstance(x, Mapping):
                    yield from _leaves(x, f"{key}.{i}.")
                elif x is not None:
                    yield f"{key}.{i}", str(x)
        elif isinstance(v, str):
            yield key, v
        elif isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
            if v == v:  # not NaN
                yield key, str(int(v)) if float(v).is_integer() else str(v)


#: Metadata keys and table columns whose values are people.
PERSON_KEYS = re.compile(
    r"^(?:(?:co_?)?facilitators?|moderators?|hosts?|interviewers?|interviewees?|note_?takers?|"
    r"transcribers?|authors?|researchers?|names?|full_?name|first_?name|given_?name|forenames?|"
    r"surname|last_?name|family_?name|participants?|speakers?|contacts?|organis[ez]rs?|chairs?|"
    r"observers?|attendees?|person|people|staff|clinicians?|doctors?|nurses?|gp_?name|"
    r"next_?of_?kin|carers?)$", re.I)
_ID_COLUMNS = [
    (re.compile(r"e_?mail", re.I), "EMAIL"),
    (re.compile(r"phone|mobile|tel(?:ephone)?$|^tel_|landline|cell", re.I), "PHONE"),
    (re.compile(r"post_?code|postal_?code|^zip", re.I), "POSTCODE"),
    (re.compile(r"address|street|house_?(?:no|number|name)", re.I), "ADDRESS"),
    (re.compile(r"^nhs(?:_?(?:no|num|number|id))?$|nhs_?number", re.I), "NHS_NUMBER"),
    (re.compile(r"national_?insurance|^ni_?(?:no|number)$|^nino$", re.I), "NI_NUMBER"),
    (re.compile(r"^dob$|date_?of_?birth|birth_?date|^born$", re.I), "DATE_OF_BIRTH"),
]


def _norm_column(name: Any) -> str:
    return re.sub(r"[\s\-./]+", "_", str(name).strip()).strip("_")


def identifier_column_kind(column: Any) -> str | None:
    """The kind of direct identifier a column holds, by its name (None for an attribute).

    >>> identifier_column_kind("E-mail address"), identifier_column_kind("Full name")
    ('EMAIL', 'NAME')
    >>> identifier_column_kind("county") is None
    True
    """
    name = _norm_column(column)
    if name.lower() in ("participant_id", "id", "code", "pseudonym"):
        return None
    for rx, kind in _ID_COLUMNS:
        if rx.search(name):
            return kind
    if PERSON_KEYS.match(name):
        return "NAME"
    return None


def _cell(v: Any) -> str | None:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    s = str(v)
    return s if s.strip() else None


def table_units(df: pd.DataFrame, name: str, field_prefix: str = "") -> Iterator[Unit]:
    """One unit per non-empty cell of every column (numbers included: an NHS number may be one)."""
    for col in df.columns:
        field = f"{field_prefix}{col}"
        for i, v in zip(range(len(df)), df[col].tolist()):
            s = _cell(v)
            if s is not None:
                yield Unit(name, i, 0, s, field)


def participant_units(participants: pd.DataFrame) -> Iterator[Unit]:
    """Every cell of a participants table; ``ref`` is the row number."""
    yield from table_units(participants, "", "participants:")


def corpus_units(data: Corpus | Transcript) -> list[Unit]:
    """Every unit of a transcript or of a corpus (its participants table included)."""
    if isinstance(data, Transcript):
        return list(transcript_units(data))
    out = [x for t in data for x in transcript_units(t)]
    if data._participants is not None:
        out += list(participant_units(data._participants))
    for i, s in enumerate(getattr(data, "_skipped", ()) or ()):
        if s.get("path"):
            out.append(Unit("", i, 0, _words(_file_name(s["path"])), "skipped_file"))
    return out
