"""Redaction of everything a corpus holds, with consistent placeholders, and the export guard."""

from __future__ import annotations

import bisect
import re
from typing import Any

import numpy as np
import pandas as pd

from ..corpus import Corpus, Transcript
from ..errors import Errors, IdentifierFoundError, InvalidParameterError
from ._scan import FINDING_COLUMNS, ID_COLUMN, fold, resolve_overlaps, scan_identifiers
from ._scope import TEXT_FIELDS

__all__ = ["redact", "redact_with_log", "check_export", "LOG_COLUMNS"]

#: Columns of the redaction log (no identifier text), in order.
LOG_COLUMNS = ["transcript_id", "utterance_id", "kind", "placeholder", "start", "end",
               "detector", "field"]

_UTTERANCE_COLS = ["section", "utterance_id", "speaker", "role", "start", "end", "text",
                   "t_start", "t_end"]


class _Placeholders:
    """One placeholder per identifier across the corpus: ``[NAME_1]`` is one name everywhere.

    A single word reuses the number of a longer name it is part of ("Patel" and
    "Dr Patel", "Jane" and "Jane Whitfield"); case and accents do not matter.
    """

    def __init__(self) -> None:
        self.maps: dict[str, dict[str, int]] = {}

    @staticmethod
    def key(text: str) -> str:
        return " ".join(fold(str(text)).casefold().replace("’", "'").split())

    def prepare(self, findings: pd.DataFrame) -> None:
        tids = findings["transcript_id"].tolist()
        order = sorted(range(len(findings)),  # longer names first; the transcripts' own first
                       key=lambda i: (-len(str(findings["text"].iat[i]).split()), tids[i] == "", i))
        for i in order:
            self.number(findings["kind"].iat[i], findings["text"].iat[i])

    def number(self, kind: str, text: str) -> int:
        m = self.maps.setdefault(kind, {})
        k = self.key(text)
        if k not in m:
            if kind == "NAME" and " " not in k:
                hit = next((v for kk, v in m.items() if k in kk.split()), None)
                if hit is not None:
                    m[k] = hit
            if k not in m:
                m[k] = len(set(m.values())) + 1
        return m[k]

    def __call__(self, kind: str, text: str, brackets: bool = True) -> str:
        n = self.number(kind, text)
        return f"[{kind}_{n}]" if brackets else f"{kind}_{n}"


def _apply(value: str, spans: list[tuple[int, int, str]]) -> str:
    for s, e, rep in sorted(spans, reverse=True):
        value = value[:s] + rep + value[e:]
    return value


class _OffsetMap:
    """Old offsets in a text to new ones after replacing spans."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        spans = sorted(spans)
        self.ends = [e for _, e, _ in spans]
        self.starts = [s for s, _, _ in spans]
        shift = 0
        self.shift_after: list[int] = []
        for s, e, rep in spans:
            shift += len(rep) - (e - s)
            self.shift_after.append(shift)
        self.spans = spans

    def __call__(self, pos: int, end: bool = False) -> int:
        k = bisect.bisect_right(self.ends, pos)  # replacements wholly before pos
        base = self.shift_after[k - 1] if k else 0
        if k < len(self.spans) and self.starts[k] < pos:  # pos inside a replacement
            s, e, rep = self.spans[k]
            return s + base + (len(rep) if end else 0)
        return pos + base


def _normalise_findings(findings: pd.DataFrame) -> pd.DataFrame:
    f = findings.copy()
    if "field" not in f:
        f["field"] = "speech"
    f["field"] = f["field"].fillna("speech")
    rows = f.to_dict("records")
    for r in rows:
        r["in_text"] = r["field"] in TEXT_FIELDS
    rows = resolve_overlaps(rows)
    out = pd.DataFrame(rows, columns=[*FINDING_COLUMNS, "in_text"])
    # an empty frame's object column would be read as column labels by ``df[mask]``
    out["in_text"] = out["in_text"].astype(bool)
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
    ['transcript_id', 'utterance_id', 'kind', 'placeholder', 'start', 'end', 'detector', 'field']
    """
    if not isinstance(corpus, Corpus):
        raise InvalidParameterError(Errors.Q001.format(
            param="corpus", caller="redact", expected="a Corpus", found=type(corpus).__name__))
    if findings is None:
        findings = scan_identifiers(corpus, **scan_kwargs)
    f = _normalise_findings(findings)
    f = f[f["transcript_id"].isin(corpus.ids) | (f["transcript_id"] == "")]
    f = f.reset_index(drop=True)
    for r in f.itertuples():
        if r.in_text:
            n = len(corpus[r.transcript_id].text)
            if not 0 <= r.start < r.end <= n:
                raise InvalidParameterError(Errors.Q505.format(
                    caller="redact", tid=r.transcript_id, start=r.start, end=r.end, kind=r.kind,
                    length=n))
    ph = _Placeholders()
    dropped = (f["transcript_id"] == "") & (f["detector"] == ID_COLUMN)
    ph.prepare(f[~dropped])  # numbers for what stays; dropped columns need none
    log: list[dict[str, Any]] = []
    new_ids: dict[str, str] = {}
    transcripts = []
    for t in corpus:
        ft = f[f["transcript_id"] == t.id]
        nt = _redact_transcript(t, ft, ph, log)
        new_ids[t.id] = nt.id
        transcripts.append(nt)
    fp = f[f["transcript_id"] == ""]
    participants = _redact_participants(corpus._participants,
                                        fp[fp["field"].str.startswith("participants:")], ph, log)
    skipped = _redact_skipped(corpus, fp[fp["field"] == "skipped_file"], ph, log)
    out = Corpus(transcripts, participants, skipped=skipped)
    for row in log:
        old_id = row["transcript_id"]
        new_id = new_ids.get(old_id, old_id)
        row["transcript_id"] = new_id
        uid = row["utterance_id"]
        if new_id != old_id and isinstance(uid, str) and uid.startswith(f"{old_id}:"):
            row["utterance_id"] = f"{new_id}:{uid[len(old_id) + 1:]}"
    log_df = pd.DataFrame(log, columns=LOG_COLUMNS)
    out.redaction_log = log_df  # type: ignore[attr-defined]
    return out, log_df


def _log(log: list[dict[str, Any]], r: Any, placeholder: str, utterance_id: Any = None) -> None:
    log.append(dict(transcript_id=r.transcript_id,
                    utterance_id=utterance_id if utterance_id is not None else r.utterance_id,
                    kind=r.kind, placeholder=placeholder, start=int(r.start), end=int(r.end),
                    detector=r.detector, field=r.field))


def _redact_transcript(t: Transcript, ft: pd.DataFrame, ph: _Placeholders,
                       log: list[dict[str, Any]]) -> Transcript:
    text_f = ft[ft["in_text"]]
    spans: list[tuple[int, int, str]] = []
    for r in text_f.sort_values("start").itertuples():
        rep = ph(r.kind, r.text)
        spans.append((int(r.start), int(r.end), rep))
        uid = r.utterance_id
        if r.field not in ("speech", "speaker"):
            row = t.utterance_at(int(r.start))
            uid = row["utterance_id"] if row is not None else uid
        _log(log, r, rep, uid)
    new_text = _apply(t.text, spans)
    shift = _OffsetMap(spans)
    # values outside the text: by field (and utterance for labels written apart)
    apart: dict[tuple[str, Any], list[tuple[int, int, str]]] = {}
    for r in ft[~ft["in_text"]].itertuples():
        brackets = r.field not in ("transcript_id", "source")
        rep = ph(r.kind, r.text, brackets=brackets)
        key = (r.field, r.utterance_id if r.field == "label" else None)
        apart.setdefault(key, []).append((int(r.start), int(r.end), rep))
        _log(log, r, rep)

    def value(field: str, v: Any, ref: Any = None) -> Any:
        spans_v = apart.get((field, ref))
        if not spans_v or not isinstance(v, str):
            return v
        if field in ("transcript_id", "source"):
            return _apply(v, spans_v)
        return _apply(v, spans_v)

    u = t._utterances
    rows = []
    sections: dict[str, str] = {}
    for sec in {s for s in u["section"] if isinstance(s, str)}:
        pos = _heading_at(t.text, sec)
        if pos is not None:
            sections[sec] = new_text[shift(pos):shift(pos + len(sec), end=True)]
        else:
            sections[sec] = value("section", sec)
    for r in u.itertuples(index=False):
        s, e = int(r.start), int(r.end)
        ns, ne = shift(s), shift(e, end=True)
        speaker = str(r.speaker)
        a = s - len(speaker) - 2
        if a >= 0 and t.text[a:s] == speaker + ": ":
            speaker = new_text[shift(a):ns - 2]
        else:
            speaker = value("label", speaker, r.utterance_id)
        rows.append((sections.get(r.section, r.section) if isinstance(r.section, str) else None,
                     r.utterance_id, speaker, r.role, ns, ne, new_text[ns:ne], r.t_start, r.t_end))
    table = pd.DataFrame(rows, columns=_UTTERANCE_COLS)
    new_id = _id_value(t.id, apart.get(("transcript_id", None)))
    if new_id != t.id:
        table["utterance_id"] = [x.replace(f"{t.id}:", f"{new_id}:", 1)
                                 for x in table["utterance_id"]]
    source = None
    if t.source:
        name = re.split(r"[\\/]", str(t.source))[-1]
        source = _id_value(name, apart.get(("source", None)))
    meta = _redact_metadata(t.metadata, apart)
    group = value("group", t.group) if t.group is not None else None
    out = Transcript(new_id, new_text, table, group=group, session=t.session, source=source,
                     metadata=meta)
    reading = dict(getattr(t, "reading", {}) or {})
    if reading:
        reading["path"] = source
        out.reading = reading
    return out


def _id_value(name: str, spans: list[tuple[int, int, str]] | None) -> str:
    return _apply(name, spans) if spans else name


def _heading_at(text: str, section: str) -> int | None:
    i = 0
    head = f"# {section}"
    while True:
        i = text.find(head, i)
        if i < 0:
            return None
        end = i + len(head)
        if (i == 0 or text[i - 1] == "\n") and (end == len(text) or text[end] == "\n"):
            return i + 2
        i = end


def _redact_metadata(meta: dict[str, Any], apart: dict[tuple[str, Any], list]) -> dict[str, Any]:
    def walk(v: Any, key: str) -> Any:
        if isinstance(v, dict):
            return {k: walk(x, f"{key}.{k}" if key else str(k)) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return type(v)(walk(x, f"{key}.{i}") for i, x in enumerate(v))
        spans = apart.get((f"metadata:{key}", None))
        if not spans:
            return v
        s = str(int(v)) if isinstance(v, (int, float, np.integer, np.floating)) and \
            float(v).is_integer() else str(v)
        return _apply(s, spans)

    return walk(dict(meta or {}), "")


def _redact_participants(p: pd.DataFrame | None, fp: pd.DataFrame, ph: _Placeholders,
                         log: list[dict[str, Any]]) -> pd.DataFrame | None:
    """Drop direct-identifier columns; replace what was found in the other cells."""
    if p is None:
        return None
    out = p.reset_index(drop=True).copy()
    drop = sorted({str(x).split(":", 1)[1] for x in fp.loc[fp["detector"] == ID_COLUMN, "field"]})
    for r in fp.itertuples():
        col = str(r.field).split(":", 1)[1]
        if col in drop:
            _log(log, r, "(column dropped)")
            continue
        i = int(r.utterance_id)
        rep = ph(r.kind, r.text)
        cell = out.at[i, col]
        s = str(int(cell)) if isinstance(cell, (float, np.floating, int, np.integer)) and \
            not isinstance(cell, bool) and float(cell).is_integer() else str(cell)
        if col in out.columns and out[col].dtype != object:
            out[col] = out[col].astype(object)
        out.at[i, col] = s[:r.start] + rep + s[r.end:]
        _log(log, r, rep)
    return out.drop(columns=[c for c in drop if c in out.columns and c != "participant_id"])


def _redact_skipped(corpus: Corpus, fs: pd.DataFrame, ph: _Placeholders,
                    log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reading report's rows for files not read, their names redacted like sources."""
    out = []
    for i, s in enumerate(getattr(corpus, "_skipped", ()) or ()):
        row = dict(s)
        if row.get("path"):
            name = re.split(r"[\\/]", str(row["path"]))[-1]
            spans = []
            for r in fs[fs["utterance_id"] == i].itertuples():
                rep = ph(r.kind, r.text, brackets=False)
                spans.append((int(r.start), int(r.end), rep))
                _log(log, r, rep)
            row["path"] = _apply(name, spans)
        out.append(row)
    return out


def redact(corpus: Corpus, findings: pd.DataFrame | None = None, **scan_kwargs: Any) -> Corpus:
    """Return a new corpus with every identifier it holds replaced by a placeholder.

    Everything a corpus holds is covered: speech, notes and preambles, headings
    (section names), speaker labels that are real names, transcript ids, file
    names, groups, metadata values and the participants table. Placeholders are
    numbered per kind and consistent across the corpus (``[NAME_1]`` is the same
    name everywhere; a surname or first name alone reuses the full name's number;
    case and accents do not matter). Ids and file names get them without brackets
    (``NAME_1_interview``). Direct-identifier columns of the participants table
    (name, e-mail, phone, address, postcode, NHS or NI number, date of birth, by
    column name or by content) are dropped; a participant id that is a name is
    replaced like the speaker label it matches. ``result.redaction_log`` holds one
    row per replacement (:data:`LOG_COLUMNS`: offsets in the original value, the
    redacted transcript id, no identifier text).

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
    >>> c = Corpus([Transcript.from_turns("jane_whitfield", [
    ...     Turn("", "Host: Jane Whitfield, 07700 900461", role="note"),
    ...     Turn("Jane Whitfield", "Welcome, all."), Turn("P01", "Thanks Jane.")])])
    >>> r = redact(c, ner=False)
    >>> print(r.transcripts[0].id); print(r.transcripts[0].text)
    NAME_1
    Host: [NAME_1], [PHONE_1]
    <BLANKLINE>
    [NAME_1]: Welcome, all.
    <BLANKLINE>
    P01: Thanks [NAME_1].
    """
    return redact_with_log(corpus, findings, **scan_kwargs)[0]


def check_export(texts_or_df: Any, allow_identifiers: bool = False, *, ner: Any = False,
                 **scan_kwargs: Any) -> pd.DataFrame:
    """Refuse to export text that carries identifiers.

    The guard every export calls before text leaves the toolkit. A DataFrame is
    scanned whole: every cell of every column (a speaker column, a section, the
    participants' attributes), not one column. NER is off by default here (a
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
        raise IdentifierFoundError(Errors.Q501.format(caller="check_export", n=len(findings),
                                                      found=describe_findings(findings)))
    return findings


def describe_findings(findings: pd.DataFrame, limit: int = 10) -> str:
    """Each finding's kind and place, never its text: 'PHONE in 1 at [5, 17)'."""
    def where(r: Any) -> str:
        field = "" if r.field in ("speech", "text", None) else f" {r.field}"
        row = f" row {r.utterance_id}" if str(r.field).startswith(("column:", "participants:")) \
            else ""
        return f"{r.kind} in {r.transcript_id!s}{field}{row} at [{r.start}, {r.end})"

    shown = "; ".join(where(r) for r in findings.head(limit).itertuples(index=False))
    if len(findings) > limit:
        shown += f"; and {len(findings) - limit} more"
    return shown
