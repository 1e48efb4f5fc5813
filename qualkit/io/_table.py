"""Tabular transcripts (.csv, .tsv, .xlsx): one row per turn with speaker and text columns.

Column names are matched case-insensitively: speaker from ``speaker, name,
speaker_name, participant``; text from ``text, utterance, content, transcript,
message``; optional ``start, t_start, time, timestamp`` and ``end, t_end`` (seconds
or ``HH:MM:SS``, also in brackets: ``[00:04:28]``) and ``section``. A row with text
but no speaker continues the previous speaker's turn; rows with text before the first
speaker (a description of the recording) are notes. A speaker cell's trailing colon
(``DB:``) is not part of the name; words written beside a time (``[00:03:43] start of
the interview``) are kept as a note before the row's turn. Errors name the row as a
spreadsheet shows it (the header is row 1).

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
import re
import warnings
from pathlib import Path
from typing import Any

from .._hint import cells_hint, text_hint
from ..corpus import NOTE_ROLE, Turn
from ..errors import Errors, QualkitWarning, TranscriptFormatError, Warnings
from ._common import (
    MAX_TRANSCRIPT_BYTES, controls_in, decode_bytes, parse_timestamp, strip_controls,
    warn_controls,
)
from ._registry import register_reader

__all__ = ["read_table", "is_transcript_table", "SPEAKER_COLUMNS", "TEXT_COLUMNS"]

# Column names as tools write them, compared lower-cased with spaces and punctuation as
# "_" and a unit in parentheses left out ("Speaker Label", "Start Time (s)").
SPEAKER_COLUMNS = ("speaker", "name", "speaker_name", "participant", "speaker_label",
                   "speaker_id", "participant_id", "speaker_tag", "who", "person", "author",
                   "sender",
                   # the same in other languages
                   "sprecher", "sprecherin", "locuteur", "intervenant", "hablante", "orador",
                   "falante", "interlocutor", "spreker", "talare", "taler", "puhuja",
                   "דובר", "المتحدث", "говорящий", "说话人", "发言人", "話者", "発言者", "화자")
TEXT_COLUMNS = ("text", "utterance", "content", "transcript", "message", "transcript_text",
                "utterance_text", "sentence", "speech", "dialogue", "dialog", "caption",
                "words", "said",
                "texte", "texto", "testo", "tekst", "teksti", "inhalt", "äußerung", "transkript",
                "transcription", "transcripción", "transcrição", "trascrizione",
                "טקסט", "תמליל", "نص", "النص", "текст", "文本", "内容", "テキスト", "텍스트")
START_COLUMNS = ("start", "t_start", "time", "timestamp", "start_time", "starttime",
                 "time_start", "begin", "begin_time", "timecode", "timecode_in", "in",
                 "start_timecode", "offset", "zeit", "temps", "tiempo", "tempo", "tijd",
                 "debut", "début", "inicio", "beginn", "anfang")
END_COLUMNS = ("end", "t_end", "end_time", "endtime", "time_end", "stop", "timecode_out",
               "out", "end_timecode")
SECTION_COLUMNS = ("section", "topic")
#: The header is looked for among this many first rows (a title or a date may stand above it).
HEADER_SEARCH = 10


# OOXML's escape for a character XML cannot hold: "_x0007_" is U+0007, "_x005F_" an underscore.
_XML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")

#: What Excel shows for a formula it could not compute: the formula's text is kept instead.
_EXCEL_ERRORS = frozenset({"#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!",
                           "#SPILL!", "#CALC!", "#GETTING_DATA"})


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_TRANSCRIPT_BYTES:
        raise TranscriptFormatError(Errors.Q115.format(path=path, size=size,
                                                       limit=MAX_TRANSCRIPT_BYTES))


def _sheets(path: Path, limit: int | None = None) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of a workbook as (name, rows); ``limit`` rows per sheet at most.

    The ``<dimension>`` a sheet declares is not trusted (it can say A1:B2 over 50 rows).
    A formula gives its cached value; one with no cached value, or an error value
    (``=I agree`` typed into Excel shows ``#NAME?``), gives its own text.
    """
    from openpyxl import load_workbook

    def load(data_only: bool) -> list[tuple[str, list[list[Any]]]]:
        out: list[tuple[str, list[list[Any]]]] = []
        # Open the file here so that it is closed even when openpyxl fails half-way.
        with path.open("rb") as fh:
            try:
                wb = load_workbook(fh, read_only=True, data_only=data_only)
            except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for bad files
                raise TranscriptFormatError(Errors.Q109.format(
                    path=path, row=1, problem=f"not a readable .xlsx workbook ({exc})")) from None
            try:
                for ws in wb.worksheets:
                    rows: list[list[Any]] = []
                    out.append((ws.title, rows))
                    if hasattr(ws, "reset_dimensions"):
                        ws.reset_dimensions()
                    for i, row in enumerate(ws.iter_rows()):
                        if limit is not None and i >= limit:
                            break
                        rows.append([(c.value, getattr(c, "data_type", None)) for c in row])
            except Exception as exc:  # noqa: BLE001 - a corrupt sheet fails while iterating
                raise TranscriptFormatError(Errors.Q109.format(
                    path=path, row=len(out[-1][1]) + 1 if out else 1,
                    problem=f"not a readable .xlsx worksheet ({exc})")) from None
            finally:
                wb.close()
        return out

    raw = load(data_only=False)
    if not any(t == "f" for _, rows in raw for row in rows for _, t in row):
        return [(name, [[v for v, _ in row] for row in rows]) for name, rows in raw]
    cached = load(data_only=True)
    out = []
    for (name, rows), (_, crow) in zip(raw, cached):
        sheet = []
        for r, row in enumerate(rows):
            vals = []
            for c, (v, t) in enumerate(row):
                if t == "f":
                    cv = crow[r][c][0] if r < len(crow) and c < len(crow[r]) else None
                    if cv is not None and not (isinstance(cv, str) and cv in _EXCEL_ERRORS):
                        v = cv
                vals.append(v)
            sheet.append(vals)
        out.append((name, sheet))
    return out


def _csv_rows(path: Path, limit: int | None = None) -> tuple[list[list[Any]], list[int], str]:
    """Rows of a .csv/.tsv (header first), the line each row starts on, the encoding."""
    text = decode_bytes(path.read_bytes(), path)
    if path.suffix.lower() == ".tsv":
        delim = "\t"
    else:
        try:
            delim = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            delim = ","
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    out: list[list[Any]] = []
    lines: list[int] = []
    # a whole interview in one cell is a transcript too: no 128 KB field limit
    old_limit = csv.field_size_limit(max(len(text), 131072))
    try:
        start = 1
        for i, row in enumerate(reader):
            if limit is not None and i >= limit:
                break
            out.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TranscriptFormatError(Errors.Q109.format(
            path=path, row=reader.line_num, problem=f"not valid CSV ({exc})")) from None
    finally:
        csv.field_size_limit(old_limit)
    return out, lines, text.encoding


def _rows(path: Path, limit: int | None = None) -> list[list[Any]]:
    """The first sheet's (or the csv's) rows, header first; ``limit`` rows at most."""
    _check_size(path)
    if path.suffix.lower() == ".xlsx":
        sheets = _sheets(path, limit)
        for _, rows in sheets:
            if any(_str(c) for row in rows for c in row):
                return rows
        return []
    return _csv_rows(path, limit)[0]


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _column_name(h: Any) -> str:
    """``"Start Time (s)"`` -> ``"start_time"``."""
    if h is None:
        return ""
    name = re.sub(r"\([^()]{0,40}\)", " ", str(h)).strip().lower()
    return re.sub(r"[\W_]+", "_", name).strip("_")


def _columns(header_row: list[Any]) -> dict[str, int | None]:
    header = [_column_name(h) for h in header_row]
    return {"speaker": _find(header, SPEAKER_COLUMNS), "text": _find(header, TEXT_COLUMNS),
            "start": _find(header, START_COLUMNS), "end": _find(header, END_COLUMNS),
            "section": _find(header, SECTION_COLUMNS)}


def is_transcript_table(path: str | Path) -> bool:
    """True if the table's header (in a workbook, any sheet's) has a speaker and a text column.

    A file that exists but cannot be read (a corrupt workbook, undecodable bytes)
    also counts, so that reading it reports the problem instead of skipping it.
    """
    p = Path(path)
    if not p.is_file():
        return False
    try:
        _check_size(p)
        if p.suffix.lower() == ".xlsx":
            headers = [_header_row(rows) for _, rows in _sheets(p, limit=20)]
        else:
            headers = [_header_row(_csv_rows(p, limit=HEADER_SEARCH)[0])]
    except (TranscriptFormatError, OSError):
        return True
    for h in headers:
        if h is not None:
            cols = _columns(h[1])
            if cols["speaker"] is not None and cols["text"] is not None:
                return True
    return False


def _header_row(rows: list[list[Any]]) -> tuple[int, list[Any]] | None:
    """The header row and its index: the first of the first rows that names a speaker and a
    text column, else the first row that is not empty."""
    first: tuple[int, list[Any]] | None = None
    seen = 0
    for i, row in enumerate(rows):
        if any(_str(c) for c in row):
            if _has_columns(row):
                return i, row
            first = first or (i, row)
            seen += 1
            if seen >= HEADER_SEARCH:
                break
    return first


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


def _sheet_hint(sheet: Any) -> str:
    """A sheet= argument as a message may show it: a position, or a name's shape."""
    return repr(sheet) if isinstance(sheet, int) else text_hint(sheet)


def _str(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


@register_reader(".csv", ".tsv", ".xlsx")
def read_table(path: Path, *, sheet: str | int | None = None) -> tuple[list[Turn], dict]:
    """Read a .csv, .tsv or .xlsx transcript, one row per turn.

    Every sheet of a workbook is read, in order: a sheet with speaker and text
    columns gives turns (its name is their section when the workbook has several such
    sheets and no section column); any other sheet's rows are kept as note blocks.
    ``sheet`` (a name or a 0-based index) reads that sheet alone and warns [W124]
    naming the sheets left out (the reading report says ``partial``).

    Raises
    ------
    TranscriptFormatError
        [Q108] no speaker or text column; [Q109] a bad row (named by number), a csv row
        with more fields than the header (an unquoted delimiter?).
    """
    path = Path(path)
    _check_size(path)
    meta: dict[str, Any] = {}
    if path.suffix.lower() == ".xlsx":
        sheets = [(name, rows, None) for name, rows in _unescaped(path, _sheets(path))]
        meta["_encoding"] = "utf-8 (xlsx XML)"
        if sheet is not None:
            names = [name for name, _, _ in sheets]
            if isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names):
                pick = sheet
            elif isinstance(sheet, str) and sheet in names:
                pick = names.index(sheet)
            else:
                raise TranscriptFormatError(Errors.Q109.format(
                    path=path, row=1, problem=f"no sheet {_sheet_hint(sheet)}; the workbook has "
                    f"{len(names)} sheet(s): pass sheet= a position from 0 to {len(names) - 1} or "
                    "a sheet's name"))
            others = [n for i, n in enumerate(names) if i != pick]
            if others:
                warnings.warn(Warnings.W124.format(
                    path=path, sheet=pick, others=[i for i in range(len(names)) if i != pick]),
                    QualkitWarning, stacklevel=3)
                meta["_unread"] = [f"sheet {i}" for i in range(len(names)) if i != pick]
            sheets = [sheets[pick]]
    else:
        if sheet is not None:
            raise TranscriptFormatError(Errors.Q109.format(
                path=path, row=1, problem="sheet= applies to .xlsx workbooks only"))
        rows, lines, meta["_encoding"] = _csv_rows(path)
        sheets = [("", rows, lines)]
    layout = {n: _header_row(rows) for n, rows, _ in sheets}
    good = [n for n, h in layout.items() if h is not None and _has_columns(h[1])]
    if not any(h is not None for h in layout.values()):
        raise TranscriptFormatError(Errors.Q103.format(path=path))
    if not good:
        first = next(h for h in layout.values() if h is not None)
        raise TranscriptFormatError(Errors.Q108.format(
            path=path, expected=list(SPEAKER_COLUMNS + TEXT_COLUMNS),
            found=f"a first row of {cells_hint(_str(c) for c in first[1])}"))
    turns: list[Turn] = []
    for name, rows, lines in sheets:
        head = layout[name]
        if head is None:
            continue
        where = f" of sheet {name!r}" if len(sheets) > 1 else ""
        if name not in good:
            for row in rows:  # not a transcript sheet: its words stay, as notes
                cells = [_str(c) for c in row if _str(c)]
                if cells:
                    turns.append(Turn("", " ".join(cells), section=name or None, role=NOTE_ROLE))
            continue
        sec_default = name if len(good) > 1 else None
        for row in rows[:head[0]]:  # a title or date above the header: its words stay
            cells = [_str(c) for c in row if _str(c)]
            if cells:
                turns.append(Turn("", " ".join(cells), section=sec_default, role=NOTE_ROLE))
        turns.extend(_sheet_turns(path, rows, head, lines, where, sec_default))
        unread = _unread_columns(rows, head)
        if unread:
            from openpyxl.utils import get_column_letter

            names = ", ".join(f"{get_column_letter(i + 1)} ({_str(head[1][i])!r})"
                              for i in unread)
            warnings.warn(Warnings.W126.format(
                path=path, n=len(unread), where=f" in sheet {name!r}" if len(sheets) > 1 else "",
                columns=names, cells=sum(unread.values())), QualkitWarning, stacklevel=3)
            meta.setdefault("_unread", []).extend(
                f"column {get_column_letter(i + 1)}{where}" for i in unread)
    if not any(t.text.strip() for t in turns if t.role != NOTE_ROLE):
        raise TranscriptFormatError(Errors.Q103.format(path=path))
    timed = "time | " if any(not math.isnan(t.t_start) for t in turns) else ""
    meta["_layout"] = ("spreadsheet" if path.suffix.lower() == ".xlsx" else "table") + (
        f" rows: {timed}speaker | text")
    return turns, meta


def _unescaped(path: Path, sheets: list[tuple[str, list[list[Any]]]]
               ) -> list[tuple[str, list[list[Any]]]]:
    """Cells as Excel shows them: ``_xHHHH_`` escapes decoded (ECMA-376 ST_Xstring), then
    control characters removed with a warning [W122] naming the first cell."""
    from openpyxl.utils import get_column_letter

    found: list[str] = []
    first = ""
    for name, rows in sheets:
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if not isinstance(v, str):
                    continue
                if "_x" in v:
                    v = row[c] = _XML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), v)
                bad = controls_in(v)
                if bad:
                    found += bad
                    first = first or f"sheet {name!r}, cell {get_column_letter(c + 1)}{r + 1}"
                    row[c] = strip_controls(v)
    if found:
        warn_controls(path, found, first, stacklevel=4)
    return sheets


def _unread_columns(rows: list[list[Any]], head: tuple[int, list[Any]]) -> dict[int, int]:
    """Columns of a transcript sheet that hold words but are none of speaker, text,
    start, end or section (a translation, tags, a comment): position -> cells with text.

    Columns of numbers, times or codes only (ids, durations, confidence) are not words
    and are not reported.

    >>> _unread_columns([["speaker", "text", "id", "english"], ["P01", "Oui.", "7", "Yes."]],
    ...                 (0, ["speaker", "text", "id", "english"]))
    {3: 1}
    """
    h0, header = head
    used = {i for i in _columns(header).values() if i is not None}
    width = max((i + 1 for i, c in enumerate(header) if _str(c)), default=0)
    out: dict[int, int] = {}
    for i in range(width):
        if i in used:
            continue
        n = sum(1 for row in rows[h0 + 1:] if i < len(row)
                and re.search(r"[^\W\d_]{2}", _str(row[i])))
        if n:
            out[i] = n
    return out


def _has_columns(header: list[Any]) -> bool:
    cols = _columns(header)
    return cols["speaker"] is not None and cols["text"] is not None


def _sheet_turns(path: Path, rows: list[list[Any]], head: tuple[int, list[Any]],
                 lines: list[int] | None, where: str,
                 sec_default: str | None) -> list[Turn]:
    h0, header = head
    cols = _columns(header)
    width = max(i + 1 for i, c in enumerate(header) if _str(c))
    needed = max(cols["speaker"], cols["text"]) + 1  # type: ignore[type-var]
    turns: list[Turn] = []
    prev: str | None = None
    # rows with text before the first row that names a speaker (a description of the
    # recording, a stage direction): notes, once a speaker follows; the error otherwise
    orphans: list[tuple[str, str, str | None]] = []
    for k in range(h0 + 1, len(rows)):
        row = rows[k]
        line = f" (line {lines[k]})" if lines is not None and lines[k] != k + 1 else ""
        rowname = f"{k + 1}{where}{line}"
        filled = [i for i, c in enumerate(row) if _str(c)]
        if not filled:
            continue
        if lines is not None and (len(row) > width and max(filled) >= width):
            raise TranscriptFormatError(Errors.Q109.format(
                path=path, row=rowname, problem=f"{len(row)} fields, but the header has {width}; "
                "expected one field per column (a comma or semicolon inside the text must be "
                "in a quoted field, as in \"yes, I agree\")"))
        if lines is not None and len(row) < needed:
            raise TranscriptFormatError(Errors.Q109.format(
                path=path, row=rowname, problem=f"{len(row)} field(s), but the speaker and text "
                f"columns are field {cols['speaker'] + 1} and {cols['text'] + 1} of {width}"))
        speaker, text = _speaker_cell(_cell(row, cols["speaker"])), _str(_cell(row, cols["text"]))
        extra = [_str(row[i]) for i in filled if i >= width]  # cells right of the header
        if extra:
            text = " ".join([text] + extra).strip()
        sec = _str(_cell(row, cols["section"])) or sec_default
        if not speaker and not text:
            continue
        t0, remark = _time_cell(_cell(row, cols["start"]), path, rowname,
                                _str(header[cols["start"]]) if cols["start"] is not None
                                else "start")
        t1, remark_end = _time_cell(_cell(row, cols["end"]), path, rowname,
                                    _str(header[cols["end"]]) if cols["end"] is not None
                                    else "end")
        remarks = " ".join(r for r in (remark, remark_end) if r)
        if not speaker:
            if prev is None:
                orphans.append((rowname, " ".join(x for x in (remarks, text) if x), sec))
                continue
            speaker = prev
        for _, words, osec in orphans:
            turns.append(Turn("", words, section=osec, role=NOTE_ROLE))
        orphans = []
        if remarks:  # words beside the time ("[00:03:43] start of the interview"): a note
            turns.append(Turn("", remarks, section=sec, role=NOTE_ROLE))
        turns.append(Turn(speaker, text, t_start=t0, t_end=t1, section=sec))
        prev = speaker
    if orphans:
        raise TranscriptFormatError(Errors.Q109.format(
            path=path, row=orphans[0][0], problem=f"no speaker for the text "
            f"({text_hint(orphans[0][1])}); expected a speaker in the "
            f"{_str(header[cols['speaker']])!r} column"))
    return turns


# a time cell as transcribers write it: "[00:04:28]", "(0:00)", or a time and a remark
_TIME_CELL = re.compile(r"^\s*[\[(]?\s*(?P<ts>\d{1,3}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\s*[\])]?"
                        r"(?:\s+(?P<rest>\S.*))?$", re.S)


def _time_cell(value: Any, path: Path, row: str, column: str) -> tuple[float, str]:
    """A time column's cell: ``(seconds, remark)``.

    Besides seconds and ``HH:MM:SS``, a time in brackets (``[00:04:28]``) and a time
    followed by words (``[00:03:43] start of the interview``) are read; the words are
    returned as the remark, to be kept as a note.

    >>> _time_cell("[00:04:28]", Path("x.csv"), "2", "timestamp")
    (268.0, '')
    >>> _time_cell("[0:05] (laughs)", Path("x.csv"), "2", "timestamp")
    (5.0, '(laughs)')
    """
    if isinstance(value, str) and value.strip():
        m = _TIME_CELL.match(value)
        if m:
            t = parse_timestamp(m.group("ts"))
            if not math.isnan(t):
                return t, (m.group("rest") or "").strip()
    return _time(value, path, row, column), ""


def _speaker_cell(value: Any) -> str:
    """A speaker cell without the colon some transcribers type after the name ("DB:").

    >>> _speaker_cell("DB:"), _speaker_cell(" Facilitator "), _speaker_cell(":")
    ('DB', 'Facilitator', ':')
    """
    s = _str(value)
    return s[:-1].rstrip() if len(s) > 1 and s.endswith((":", "\uff1a")) else s
