"""Tabular transcripts (.csv, .tsv, .xlsx): one row per turn with speaker and text columns.

Column names are matched case-insensitively: speaker from ``speaker, name,
speaker_name, participant``; text from ``text, utterance, content, transcript,
message``; optional ``start, t_start, time, timestamp`` and ``end, t_end`` (seconds
or ``HH:MM:SS``) and ``section``. A row with text but no speaker continues the
previous speaker's turn. Errors name the row as a spreadsheet shows it (the
header is row 1).

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "fg1.csv"
>>> _ = p.write_text("Speaker,Text,Start\\nFacilitator,Welcome.,00:00:05\\nP01,Thanks.,7.5\\n")
>>> [(t.speaker, t.text, t.t_start) for t in read_table(p)[0]]
[('Facilitator', 'Welcome.', 5.0), ('P01', 'Thanks.', 7.5)]
>>> is_transcript_table(p)
True
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
from pathlib import Path
from typing import Any

from ..corpus import Turn
from ..errors import Errors, TranscriptFormatError
from .._hint import text_hint
from ._common import MAX_TRANSCRIPT_BYTES, decode_bytes, parse_timestamp
from ._registry import register_reader

__all__ = ["read_table", "is_transcript_table", "SPEAKER_COLUMNS", "TEXT_COLUMNS"]

SPEAKER_COLUMNS = ("speaker", "name", "speaker_name", "participant")
TEXT_COLUMNS = ("text", "utterance", "content", "transcript", "message")
START_COLUMNS = ("start", "t_start", "time", "timestamp")
END_COLUMNS = ("end", "t_end")
SECTION_COLUMNS = ("section", "topic")


def _rows(path: Path, limit: int | None = None) -> list[list[Any]]:
    """All rows (header first) as lists; ``limit`` rows at most."""
    size = path.stat().st_size
    if size > MAX_TRANSCRIPT_BYTES:
        raise TranscriptFormatError(Errors.Q115.format(path=path, size=size,
                                                       limit=MAX_TRANSCRIPT_BYTES))
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        out = []
        # Open the file here so that it is closed even when openpyxl fails half-way.
        with path.open("rb") as fh:
            try:
                wb = load_workbook(fh, read_only=True, data_only=True)
            except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for bad files
                raise TranscriptFormatError(Errors.Q109.format(
                    path=path, row=1, problem=f"not a readable .xlsx workbook ({exc})")) from None
            try:
                for i, row in enumerate(wb.worksheets[0].iter_rows(values_only=True)):
                    if limit is not None and i >= limit:
                        break
                    out.append(list(row))
            except Exception as exc:  # noqa: BLE001 - a corrupt sheet fails while iterating
                raise TranscriptFormatError(Errors.Q109.format(
                    path=path, row=len(out) + 1,
                    problem=f"not a readable .xlsx worksheet ({exc})")) from None
            finally:
                wb.close()
        return out
    text = decode_bytes(path.read_bytes(), path)
    if path.suffix.lower() == ".tsv":
        delim = "\t"
    else:
        try:
            delim = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            delim = ","
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    out = []
    try:
        for i, row in enumerate(reader):
            if limit is not None and i >= limit:
                break
            out.append(row)
    except csv.Error as exc:
        raise TranscriptFormatError(Errors.Q109.format(
            path=path, row=reader.line_num, problem=f"not valid CSV ({exc})")) from None
    return out


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _columns(header_row: list[Any]) -> dict[str, int | None]:
    header = [str(h).strip().lower().replace(" ", "_") if h is not None else ""
              for h in header_row]
    return {"speaker": _find(header, SPEAKER_COLUMNS), "text": _find(header, TEXT_COLUMNS),
            "start": _find(header, START_COLUMNS), "end": _find(header, END_COLUMNS),
            "section": _find(header, SECTION_COLUMNS)}


def is_transcript_table(path: str | Path) -> bool:
    """True if the table's header has a speaker column and a text column.

    A file that exists but cannot be read (a corrupt workbook, undecodable bytes)
    also counts, so that reading it reports the problem instead of skipping it.
    """
    p = Path(path)
    if not p.is_file():
        return False
    try:
        rows = _rows(p, limit=1)
    except (TranscriptFormatError, OSError):
        return True
    if not rows:
        return False
    cols = _columns(rows[0])
    return cols["speaker"] is not None and cols["text"] is not None


def _cell(row: list[Any], idx: int | None) -> Any:
    if idx is None or idx >= len(row):
        return None
    return row[idx]


def _time(value: Any, path: Path, row: int, column: str) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        return math.nan
    if isinstance(value, bool):
        pass
    elif isinstance(value, (int, float)):
        return float(value)
    elif isinstance(value, _dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    elif isinstance(value, _dt.timedelta):
        return value.total_seconds()
    else:
        s = str(value).strip()
        try:
            return float(s)
        except ValueError:
            t = parse_timestamp(s)
            if not math.isnan(t):
                return t
    raise TranscriptFormatError(Errors.Q109.format(
        path=path, row=row, problem=f"column {column!r}: expected seconds or a time such as "
                                     f"'00:01:23', found {text_hint(value)}"))


def _str(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


@register_reader(".csv", ".tsv", ".xlsx")
def read_table(path: Path) -> tuple[list[Turn], dict]:
    """Read a .csv, .tsv or .xlsx transcript, one row per turn.

    Raises
    ------
    TranscriptFormatError
        [Q108] no speaker or text column; [Q109] a bad row (named by number).
    """
    path = Path(path)
    rows = _rows(path)
    if not rows or not any(_str(c) for c in rows[0]):
        raise TranscriptFormatError(Errors.Q103.format(path=path))
    cols = _columns(rows[0])
    if cols["speaker"] is None or cols["text"] is None:
        raise TranscriptFormatError(Errors.Q108.format(
            path=path, expected=list(SPEAKER_COLUMNS + TEXT_COLUMNS),
            found=[_str(c) for c in rows[0]]))
    turns: list[Turn] = []
    prev: str | None = None
    section: str | None = None
    for n, row in enumerate(rows[1:], start=2):
        speaker, text = _str(_cell(row, cols["speaker"])), _str(_cell(row, cols["text"]))
        sec = _str(_cell(row, cols["section"])) or None
        if not speaker and not text:
            continue
        if not speaker:
            if prev is None:
                raise TranscriptFormatError(Errors.Q109.format(
                    path=path, row=n, problem=f"no speaker for the text ({text_hint(text)}); "
                                              f"expected a speaker in the "
                                              f"{rows[0][cols['speaker']]!r} column"))
            speaker = prev
        t0 = _time(_cell(row, cols["start"]), path, n, str(rows[0][cols["start"]])
                   if cols["start"] is not None else "start")
        t1 = _time(_cell(row, cols["end"]), path, n, str(rows[0][cols["end"]])
                   if cols["end"] is not None else "end")
        if sec is not None and sec != section:
            section = sec
        turns.append(Turn(speaker, text, t_start=t0, t_end=t1, section=sec))
        prev = speaker
    if not any(t.text.strip() for t in turns):  # rows with speakers but no text at all
        raise TranscriptFormatError(Errors.Q103.format(path=path))
    return turns, {}
