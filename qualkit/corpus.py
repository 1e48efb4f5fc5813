"""The data model: a :class:`Transcript` owns its plain text, a :class:`Corpus` holds transcripts.

Every span in qualkit is ``(transcript_id, start, end)``: character offsets into
``Transcript.text`` counted in Unicode code points, end exclusive, so that
``transcript.text[start:end]`` is exactly the span's text. Readers build
transcripts from speaker turns with :meth:`Transcript.from_turns`, which lays the
turns out as readable plain text (a ``# Section`` heading where the section
changes, then one ``Speaker: text`` paragraph per turn) and records where each
turn's text sits.

Examples
--------
>>> from qualkit.corpus import Transcript, Turn
>>> t = Transcript.from_turns("fg1_s1", [
...     Turn("Facilitator", "Shall we start?", section="Benefits"),
...     Turn("P01", "Yes. I think linked records could save time."),
...     Turn("P01", "For GPs especially."),
... ], group="FG1", session=1)
>>> print(t.text)
# Benefits
<BLANKLINE>
Facilitator: Shall we start?
<BLANKLINE>
P01: Yes. I think linked records could save time. For GPs especially.
>>> row = t.utterances.iloc[1]
>>> t.text[row.start:row.end] == row.text, row.role
(True, 'participant')
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import Errors, InvalidParameterError, SpanError, TranscriptFormatError
from ._hint import text_hint
from .roles import ROLES, infer_role

__all__ = ["Turn", "Transcript", "Corpus", "UTTERANCE_COLUMNS", "NOTE_COLUMNS", "NOTE_ROLE",
           "READING_COLUMNS", "normalise_space"]

#: The columns of every utterance table, in order.
UTTERANCE_COLUMNS = [
    "transcript_id", "group", "session", "section", "utterance_id", "speaker", "role",
    "start", "end", "text", "t_start", "t_end",
]

#: The columns of every notes table (:attr:`Transcript.notes`), in order.
NOTE_COLUMNS = ["transcript_id", "section", "note_id", "role", "start", "end", "text"]

#: The role of a block of text that is nobody's turn.
NOTE_ROLE = "note"

#: The columns of :attr:`Corpus.reading_report`, in order.
READING_COLUMNS = ["path", "transcript_id", "format", "layout", "encoding", "status", "n_turns",
                   "n_speakers", "labelled_share", "n_notes", "warnings"]

#: Speakers that name nobody: a turn under one of them is not a labelled turn.
_NO_SPEAKER = frozenset({"", "unknown", "unknown speaker"})
#: A text that ends a sentence (before closing quotes or brackets).
_SENTENCE_END = re.compile(r"[.?!\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*$")
#: Timed turns with no speaker join until a sentence ends or they reach this many words.
_TIMED_MAX_WORDS = 80

_BLOCK_SEP = "\n\n"


def normalise_space(text: str) -> str:
    """Collapse every run of white space (including line breaks) to one space.

    >>> normalise_space("  well,\\n  I think\\tso ")
    'well, I think so'
    """
    # Fast paths that do not split a long text into millions of small strings (a 50 MB
    # one-line file used to take 15x its size in memory here).
    if _MESSY_SPACE.search(text) is None:
        return text
    out = text.translate(_space_table())
    while "  " in out:
        out = out.replace("  ", " ")
    return out.strip(" ")


_MESSY_SPACE = re.compile(r"[^\S ]|  |^ | $")
_SPACE_TABLE: dict[int, str] = {}


def _space_table() -> dict[int, str]:
    """Every white-space character ``str.split`` splits on, mapped to one space."""
    if not _SPACE_TABLE:
        _SPACE_TABLE.update({c: " " for c in range(0x3001) if chr(c).isspace()})
    return _SPACE_TABLE


@dataclass(frozen=True)
class Turn:
    """One speaker turn as a reader finds it, before layout.

    Parameters
    ----------
    speaker : str
        The label as written ("P12", "Facilitator").
    text : str
        What was said; white space is normalised when the transcript is built.
    t_start, t_end : float
        Seconds from the start of the recording, or NaN.
    section : str or None
        The section (topic) the turn belongs to; ``None`` keeps the previous one.
    role : str or None
        An explicit role; ``None`` infers it from the label. ``"note"`` marks a block
        that is nobody's turn (a preamble, a heading, a label with no body, a line a
        reader cannot place): it is laid out as a paragraph of its own in
        ``Transcript.text`` (no speaker prefix) and listed in ``Transcript.notes``,
        not in the utterance table.
    """

    speaker: str
    text: str
    t_start: float = math.nan
    t_end: float = math.nan
    section: str | None = None
    role: str | None = None


@dataclass
class _Block:
    speaker: str
    texts: list[str]
    t_start: float
    t_end: float
    section: str | None
    role: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Transcript:
    """One transcript: its plain text and its speaker turns as views into it.

    Build one with :meth:`from_turns` (readers do) or with the constructor from a
    text and an utterance table already laid out (the project store does).

    Parameters
    ----------
    transcript_id : str
        Identifier, unique in a corpus (by default the file name without suffix).
    text : str
        The plain text, the coordinate system of every span.
    utterances : DataFrame
        One row per turn with at least ``speaker, role, start, end, text``;
        ``text`` must equal ``text[start:end]``.
    group, session : optional
        Focus group ("FG2") and session number.
    source : str, optional
        The file it was read from.
    metadata : mapping, optional
        Anything else known about the transcript (date, facilitator ...).
    """

    def __init__(self, transcript_id: str, text: str, utterances: pd.DataFrame, *,
                 group: str | None = None, session: int | None = None,
                 source: str | None = None, metadata: Mapping[str, Any] | None = None) -> None:
        if not isinstance(transcript_id, str) or not transcript_id:
            raise InvalidParameterError(Errors.Q001.format(
                param="transcript_id", caller="Transcript", expected="a non-empty str",
                found=transcript_id))
        self.id = transcript_id
        self.text = text
        self.group = group
        self.session = session
        self.source = source
        self.metadata = dict(metadata or {})
        #: How a reader read the file (path, format, layout, encoding, status, warnings);
        #: empty for a transcript built in memory. See :attr:`Corpus.reading_report`.
        self.reading: dict[str, Any] = {}
        self._utterances = self._normalise_table(utterances)
        self._notes: pd.DataFrame | None = None

    # ------------------------------------------------------------------ building
    @classmethod
    def from_turns(cls, transcript_id: str, turns: Iterable[Turn], *, group: str | None = None,
                   session: int | None = None, source: str | None = None,
                   metadata: Mapping[str, Any] | None = None,
                   role_map: Mapping[str, str] | None = None,
                   merge_consecutive: bool = True) -> Transcript:
        """Lay turns out as plain text and record each turn's offsets.

        Consecutive turns by the same speaker in the same section are joined with a
        space (``merge_consecutive=True``), except that turns with no speaker named
        ("unknown") that each carry their own start time (captions, timed lines) start
        a new turn where the last ended a sentence (or reached 80 words), so that their
        times are kept; turns whose text is empty after white space is normalised are
        dropped.

        Parameters
        ----------
        transcript_id : str
            The transcript's id.
        turns : iterable of Turn
            In spoken order.
        group, session, source, metadata
            Stored on the transcript and copied into the utterance table.
        role_map : mapping, optional
            Label (or regular expression) to role, tried before the defaults.
        merge_consecutive : bool, default=True
            Join consecutive turns by one speaker.

        Returns
        -------
        Transcript
        """
        blocks: list[_Block] = []
        section: str | None = None
        for turn in turns:
            if turn.section is not None:
                sec = normalise_space(turn.section)
                section = sec or None
            txt = normalise_space(turn.text)
            speaker = normalise_space(turn.speaker)
            if not txt:
                continue
            if turn.role == NOTE_ROLE:
                blocks.append(_Block("", [txt], math.nan, math.nan, section, NOTE_ROLE))
                continue
            if not speaker:
                raise TranscriptFormatError(
                    f"{source or transcript_id}: a turn has no speaker label (its text has "
                    f"{text_hint(txt)}).")
            prev = blocks[-1] if blocks else None
            # with no speaker named, a turn's own time is all that places it (captions,
            # timed lines): a new one starts where the last ended a sentence (or had run
            # to _TIMED_MAX_WORDS words), so the times stay and a caption's broken
            # sentence stays whole
            timed_apart = (speaker.lower() in _NO_SPEAKER and prev is not None
                           and not math.isnan(prev.t_start) and not math.isnan(turn.t_start)
                           and turn.t_start != prev.t_start
                           and (_SENTENCE_END.search(prev.texts[-1]) is not None
                                or sum(len(x.split()) for x in prev.texts) >= _TIMED_MAX_WORDS))
            if (merge_consecutive and prev is not None and prev.speaker == speaker
                    and prev.section == section and prev.role == turn.role
                    and not timed_apart):
                prev.texts.append(txt)
                if not math.isnan(turn.t_end):
                    prev.t_end = float(turn.t_end)
                continue
            blocks.append(_Block(speaker, [txt], float(turn.t_start), float(turn.t_end),
                                 section, turn.role))

        parts: list[str] = []
        pos = 0
        rows: list[tuple[Any, ...]] = []
        current_section: str | None = None

        def emit(piece: str) -> int:
            nonlocal pos
            if parts:
                parts.append(_BLOCK_SEP)
                pos += len(_BLOCK_SEP)
            start = pos
            parts.append(piece)
            pos += len(piece)
            return start

        n_rows = 0
        for b in blocks:
            if b.section is not None and b.section != current_section:
                emit(f"# {b.section}")
            current_section = b.section
            body = " ".join(b.texts)
            if b.role == NOTE_ROLE:
                emit(body)
                continue
            n_rows += 1
            block_start = emit(f"{b.speaker}: {body}")
            start = block_start + len(b.speaker) + 2
            role = b.role if b.role is not None else infer_role(b.speaker, role_map)
            rows.append((b.section, f"{transcript_id}:u{n_rows:04d}", b.speaker, role, start,
                         start + len(body), body, b.t_start, b.t_end))
        text = "".join(parts)
        table = pd.DataFrame(rows, columns=["section", "utterance_id", "speaker", "role", "start",
                                            "end", "text", "t_start", "t_end"])
        return cls(transcript_id, text, table, group=group, session=session, source=source,
                   metadata=metadata)

    def _normalise_table(self, utterances: pd.DataFrame) -> pd.DataFrame:
        need = ["speaker", "start", "end", "text"]
        missing = [c for c in need if c not in utterances.columns]
        if missing:
            raise InvalidParameterError(Errors.Q002.format(
                caller=f"Transcript {self.id!r}", expected=need, missing=missing))
        df = utterances.copy()
        n = len(df)
        df["transcript_id"] = self.id
        df["group"] = self.group
        df["session"] = pd.array([self.session] * n, dtype="Int64")
        if "section" not in df:
            df["section"] = None
        if "role" not in df:
            df["role"] = [infer_role(s) for s in df["speaker"]]
        if "utterance_id" not in df:
            df["utterance_id"] = [f"{self.id}:u{i + 1:04d}" for i in range(n)]
        for col in ("t_start", "t_end"):
            df[col] = pd.to_numeric(df[col], errors="coerce") if col in df else np.nan
            df[col] = df[col].astype("float64")
        df["start"] = df["start"].astype("int64")
        df["end"] = df["end"].astype("int64")
        bad_roles = sorted(set(df["role"]) - set(ROLES))
        if bad_roles:
            raise InvalidParameterError(Errors.Q001.format(
                param="role", caller=f"Transcript {self.id!r}", expected=f"one of {ROLES}",
                found=bad_roles[0]))
        for row in df.itertuples(index=False):
            if not (0 <= row.start <= row.end <= len(self.text)):
                raise SpanError(f"Transcript {self.id!r}: utterance {row.utterance_id} has span "
                                f"[{row.start}, {row.end}) outside the text of length "
                                f"{len(self.text)}.")
            if self.text[row.start:row.end] != row.text:
                raise SpanError(f"Transcript {self.id!r}: utterance {row.utterance_id}: text "
                                f"[{row.start}, {row.end}) ({text_hint(self.text[row.start:row.end])})"
                                f" is not the utterance text ({text_hint(row.text)}).")
        return df[UTTERANCE_COLUMNS].reset_index(drop=True)

    # ------------------------------------------------------------------ views
    @property
    def utterances(self) -> pd.DataFrame:
        """DataFrame: one row per speaker turn, the columns of :data:`UTTERANCE_COLUMNS`."""
        return self._utterances.copy()

    @property
    def notes(self) -> pd.DataFrame:
        """DataFrame: the blocks of ``.text`` that are nobody's turn, columns :data:`NOTE_COLUMNS`.

        A preamble, a heading a reader kept as text, a label with no body, a line
        the reader could not place: each is a paragraph of ``.text`` outside every
        utterance (``role`` is ``"note"``), so it is scanned, redacted and codable
        like speech. Section headings that :meth:`from_turns` writes (``# Name``)
        are not notes.

        >>> from qualkit.corpus import Transcript, Turn
        >>> t = Transcript.from_turns("t", [Turn("", "Recorded 3 May.", role="note"),
        ...                                 Turn("P01", "Hello.")])
        >>> t.notes[["note_id", "start", "end", "text"]].to_dict("records")
        [{'note_id': 't:n0001', 'start': 0, 'end': 15, 'text': 'Recorded 3 May.'}]
        """
        if self._notes is None:
            self._notes = self._find_notes()
        return self._notes.copy()

    def _find_notes(self) -> pd.DataFrame:
        u = self._utterances
        starts = u["start"].to_numpy()
        ends = u["end"].to_numpy()
        headings = {f"# {s}" for s in u["section"] if isinstance(s, str)}
        rows: list[tuple[Any, ...]] = []
        pos, k, section = 0, 0, None
        text = self.text
        n = len(text)
        while pos < n:
            cut = text.find(_BLOCK_SEP, pos)
            end = n if cut < 0 else cut
            piece = text[pos:end]
            # the first utterance ending after the block's start; the block is speech
            # when that utterance starts before the block ends
            idx = int(np.searchsorted(ends, pos, side="right"))
            inside = idx < len(starts) and starts[idx] < end
            if inside:
                section = u["section"].iat[idx]
            if not inside and piece.strip():
                if piece in headings:
                    section = piece[2:]
                else:
                    k += 1
                    rows.append((self.id, section if isinstance(section, str) else None,
                                 f"{self.id}:n{k:04d}", NOTE_ROLE, pos, end, piece))
            pos = end + len(_BLOCK_SEP) if cut >= 0 else n
        df = pd.DataFrame(rows, columns=NOTE_COLUMNS)
        df["section"] = pd.Series([r[1] for r in rows], dtype=object)
        df["start"] = df["start"].astype("int64")
        df["end"] = df["end"].astype("int64")
        return df

    def turns(self) -> list[Turn]:
        """The transcript as :class:`Turn` objects in text order, notes included.

        ``Transcript.from_turns(t.id, t.turns(), merge_consecutive=False)`` lays out
        the same text and utterances again (a redaction rewrites the turns' text and
        rebuilds this way).

        >>> from qualkit.corpus import Transcript, Turn
        >>> t = Transcript.from_turns("t", [Turn("", "Header.", role="note"), Turn("P01", "Hi.")])
        >>> [(x.speaker, x.text, x.role) for x in t.turns()]
        [('', 'Header.', 'note'), ('P01', 'Hi.', 'participant')]
        >>> Transcript.from_turns("t", t.turns(), merge_consecutive=False).text == t.text
        True
        """
        items: list[tuple[int, Turn]] = []
        for r in self._utterances.itertuples(index=False):
            items.append((int(r.start), Turn(r.speaker, r.text, r.t_start, r.t_end,
                                             section=r.section if isinstance(r.section, str)
                                             else None, role=r.role)))
        for r in self.notes.itertuples(index=False):
            items.append((int(r.start), Turn("", r.text, section=r.section
                                             if isinstance(r.section, str) else None,
                                             role=NOTE_ROLE)))
        items.sort(key=lambda x: x[0])
        return [t for _, t in items]

    @property
    def sections(self) -> list[str]:
        """The sections in order of first appearance."""
        return list(dict.fromkeys(s for s in self._utterances["section"] if isinstance(s, str)))

    def span(self, start: int, end: int) -> str:
        """Return ``text[start:end]`` after checking the span is inside the text.

        >>> from qualkit.corpus import Transcript, Turn
        >>> Transcript.from_turns("t", [Turn("P01", "Hello there")]).span(5, 10)
        'Hello'
        """
        if not (isinstance(start, (int, np.integer)) and isinstance(end, (int, np.integer))):
            raise SpanError(f"Transcript {self.id!r}: span offsets must be integers; got "
                            f"start={start!r}, end={end!r}.")
        if not 0 <= start < end <= len(self.text):
            raise SpanError(f"Transcript {self.id!r}: span [{start}, {end}) is not inside the "
                            f"text [0, {len(self.text)}) or is empty.")
        return self.text[start:end]

    def utterance_at(self, offset: int) -> pd.Series | None:
        """Return the utterance row containing ``offset``, or ``None`` (a heading or gap)."""
        u = self._utterances
        idx = int(np.searchsorted(u["start"].to_numpy(), offset, side="right")) - 1
        if idx >= 0 and u["start"].iat[idx] <= offset < u["end"].iat[idx]:
            return u.iloc[idx]
        return None

    @property
    def n_words(self) -> int:
        """Number of white-space separated words in the utterances."""
        return int(self._utterances["text"].str.split().str.len().sum())

    def replace(self, **changes: Any) -> Transcript:
        """Return a copy with ``group``, ``session``, ``source``, ``metadata`` or ``id`` changed."""
        kw = dict(group=self.group, session=self.session, source=self.source,
                  metadata=self.metadata)
        tid = changes.pop("id", changes.pop("transcript_id", self.id))
        unknown = set(changes) - set(kw)
        if unknown:
            raise InvalidParameterError(Errors.Q001.format(
                param=sorted(unknown)[0], caller="Transcript.replace",
                expected=f"one of {sorted(kw) + ['id']}", found=sorted(unknown)[0]))
        kw.update(changes)
        cols = ["section", "utterance_id", "speaker", "role", "start", "end", "text", "t_start",
                "t_end"]
        table = self._utterances[cols].copy()
        if tid != self.id:
            table["utterance_id"] = [u.replace(f"{self.id}:", f"{tid}:", 1)
                                     for u in table["utterance_id"]]
        out = Transcript(tid, self.text, table, **kw)
        out.reading = dict(self.reading)
        return out

    def __len__(self) -> int:
        return len(self._utterances)

    def __repr__(self) -> str:
        return (f"Transcript({self.id!r}, group={self.group!r}, session={self.session!r}, "
                f"utterances={len(self)}, chars={len(self.text)})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Transcript):
            return NotImplemented
        return (self.id == other.id and self.text == other.text
                and self._utterances.equals(other._utterances))

    __hash__ = None  # type: ignore[assignment]


def _n_words(texts: Iterable[str]) -> int:
    return sum(len(x.split()) for x in texts)


def _reading_row(t: Transcript) -> dict[str, Any]:
    """One row of :attr:`Corpus.reading_report` for a transcript."""
    r = t.reading
    u = t._utterances
    named = ~u["speaker"].str.strip().str.lower().isin(_NO_SPEAKER)
    notes = t.notes
    total = _n_words(u["text"]) + _n_words(notes["text"])
    labelled = _n_words(u.loc[named, "text"])
    path = r.get("path", t.source)
    fmt = r.get("format")
    if fmt is None and path:
        fmt = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else None
    return {"path": path, "transcript_id": t.id, "format": fmt, "layout": r.get("layout"),
            "encoding": r.get("encoding"), "status": r.get("status", "read"),
            "n_turns": len(u), "n_speakers": int(u.loc[named, "speaker"].nunique()),
            "labelled_share": labelled / total if total else 0.0, "n_notes": len(notes),
            "warnings": "; ".join(r.get("warnings", ()))}


def participants_of(utterances: pd.DataFrame) -> pd.DataFrame:
    """The participants table of utterances (``speaker``, ``role``, ``group``): who speaks
    as a participant, with the groups they speak in.

    >>> u = pd.DataFrame({"speaker": ["P02", "P01", "F", "P01"], "group": ["G1", "G2", "G1", "G1"],
    ...                   "role": ["participant", "participant", "facilitator", "participant"]})
    >>> participants_of(u).values.tolist()
    [['P01', 'G1;G2'], ['P02', 'G1']]
    """
    u = utterances[utterances["role"] == "participant"]
    if u.empty:
        return pd.DataFrame({"participant_id": pd.Series(dtype="object")})
    g = u.groupby("speaker", sort=True)
    return pd.DataFrame({
        "participant_id": list(g.groups),
        "group": g["group"].agg(lambda s: ";".join(sorted({x for x in s if x}))).to_numpy(),
    })


class Corpus:
    """A set of transcripts and the participants who speak in them.

    Parameters
    ----------
    transcripts : iterable of Transcript
        Ids must be unique.
    participants : DataFrame, optional
        One row per participant with a ``participant_id`` column and attribute
        columns. If omitted, a table is derived from the participant speakers.
    skipped : iterable of mappings, optional
        Files a reader could not read (keys of :data:`READING_COLUMNS`); they are
        rows of :attr:`reading_report` with status ``"skipped"``.

    Examples
    --------
    >>> from qualkit.corpus import Corpus, Transcript, Turn
    >>> c = Corpus([Transcript.from_turns("a", [Turn("P01", "Hi"), Turn("P02", "Hello")])])
    >>> c.utterances[["speaker", "text"]].values.tolist()
    [['P01', 'Hi'], ['P02', 'Hello']]
    >>> c.participants["participant_id"].tolist()
    ['P01', 'P02']
    """

    def __init__(self, transcripts: Iterable[Transcript],
                 participants: pd.DataFrame | None = None, *,
                 skipped: Iterable[Mapping[str, Any]] | None = None) -> None:
        self._transcripts: dict[str, Transcript] = {}
        self._skipped = [dict(s) for s in (skipped or ())]
        for t in transcripts:
            if not isinstance(t, Transcript):
                raise InvalidParameterError(Errors.Q001.format(
                    param="transcripts", caller="Corpus", expected="Transcript objects",
                    found=type(t).__name__))
            if t.id in self._transcripts:
                raise InvalidParameterError(Errors.Q113.format(
                    tid=t.id, first=self._transcripts[t.id].source, second=t.source))
            self._transcripts[t.id] = t
        self._participants = None if participants is None else participants.copy()
        if self._participants is not None and "participant_id" not in self._participants:
            raise InvalidParameterError(Errors.Q002.format(
                caller="Corpus participants", expected=["participant_id"],
                missing=["participant_id"]))
        self._utterances: pd.DataFrame | None = None

    @property
    def transcripts(self) -> list[Transcript]:
        """The Transcript objects, in the order they were added."""
        return list(self._transcripts.values())

    @property
    def ids(self) -> list[str]:
        """Transcript ids in order."""
        return list(self._transcripts)

    def __getitem__(self, transcript_id: str) -> Transcript:
        try:
            return self._transcripts[transcript_id]
        except KeyError:
            shown = self.ids[:10] + (["..."] if len(self) > 10 else [])
            raise InvalidParameterError(Errors.Q114.format(tid=transcript_id,
                                                           available=shown)) from None

    def __contains__(self, transcript_id: object) -> bool:
        return transcript_id in self._transcripts

    def __iter__(self) -> Iterator[Transcript]:
        return iter(self._transcripts.values())

    def __len__(self) -> int:
        return len(self._transcripts)

    def __repr__(self) -> str:
        return (f"Corpus(transcripts={len(self)}, utterances={len(self.utterances)}, "
                f"participants={len(self.participants)})")

    @property
    def utterances(self) -> pd.DataFrame:
        """DataFrame: every transcript's utterances, columns :data:`UTTERANCE_COLUMNS`."""
        if self._utterances is None:
            frames = [t._utterances for t in self._transcripts.values()]
            if frames:
                df = pd.concat(frames, ignore_index=True)
            else:
                df = pd.DataFrame({c: pd.Series(dtype="object") for c in UTTERANCE_COLUMNS})
            self._utterances = df
        return self._utterances.copy()

    @property
    def participants(self) -> pd.DataFrame:
        """DataFrame: one row per participant, ``participant_id`` then attributes."""
        if self._participants is not None:
            return self._participants.copy()
        return participants_of(self.utterances)

    def with_participants(self, participants: pd.DataFrame) -> Corpus:
        """Return a corpus with the same transcripts and a new participants table."""
        return Corpus(self.transcripts, participants, skipped=self._skipped)

    def subset(self, transcript_ids: Sequence[str]) -> Corpus:
        """Return a corpus holding only ``transcript_ids`` (participants kept)."""
        return Corpus([self[t] for t in transcript_ids], self._participants)

    @property
    def reading_report(self) -> pd.DataFrame:
        """DataFrame: how each file was read, one row per file, columns :data:`READING_COLUMNS`.

        ``status`` is ``"read"``, ``"partial"`` (read, but some part of the file was
        not, e.g. sheets left out or a part a reader cannot open; ``warnings`` names
        it) or ``"skipped"`` (not read at all: ``errors="warn"`` let the rest load, or a
        document in a format qualkit does not read, such as .doc or .pdf).
        ``layout`` is the layout the reader recognised, ``encoding`` how a text file
        was decoded, ``labelled_share`` the share of words under turns with a named
        speaker, ``n_notes`` the blocks that are nobody's turn, and ``warnings`` the
        codes and short descriptions of what the reader warned about (never any
        transcript text). A transcript built in memory has no path and status
        ``"read"``.

        >>> from qualkit.corpus import Corpus, Transcript, Turn
        >>> t = Transcript.from_turns("a", [Turn("", "Recorded May.", role="note"),
        ...                                 Turn("P01", "Yes we did"), Turn("unknown", "Hm")])
        >>> Corpus([t]).reading_report[["status", "n_turns", "n_speakers", "labelled_share",
        ...                             "n_notes"]].to_dict("records")
        [{'status': 'read', 'n_turns': 2, 'n_speakers': 1, 'labelled_share': 0.5, 'n_notes': 1}]
        """
        rows = [_reading_row(t) for t in self._transcripts.values()]
        for s in self._skipped:
            row = {c: s.get(c) for c in READING_COLUMNS}
            row.update(status=s.get("status") or "skipped", n_turns=0, n_speakers=0,
                       labelled_share=math.nan, n_notes=0, warnings=s.get("warnings") or "")
            rows.append(row)
        df = pd.DataFrame(rows, columns=READING_COLUMNS)
        for col in ("n_turns", "n_speakers", "n_notes"):
            df[col] = df[col].astype("int64")
        df["labelled_share"] = df["labelled_share"].astype("float64")
        return df

    def summary(self) -> pd.DataFrame:
        """One-row DataFrame: transcripts, groups, sessions, sections, speakers, utterances, words.

        >>> from qualkit.corpus import Corpus, Transcript, Turn
        >>> s = Corpus([Transcript.from_turns("a", [Turn("P01", "Hi there")], group="FG1")]).summary()
        >>> s.iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'transcripts': 1, 'groups': 1, 'sessions': 0, 'sections': 0, 'speakers': 1,
         'participants': 1, 'utterances': 1, 'words': 2}
        """
        u = self.utterances
        sessions = u[["group", "session"]].dropna().drop_duplicates()
        return pd.DataFrame([{
            "transcripts": len(self),
            "groups": u["group"].nunique(),
            "sessions": len(sessions),
            "sections": u["section"].nunique(),
            "speakers": u[["group", "speaker"]].drop_duplicates().shape[0],
            "participants": u.loc[u["role"] == "participant", "speaker"].nunique(),
            "utterances": len(u),
            "words": int(u["text"].str.split().str.len().sum()) if len(u) else 0,
        }])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Corpus):
            return NotImplemented
        return self.transcripts == other.transcripts

    __hash__ = None  # type: ignore[assignment]
