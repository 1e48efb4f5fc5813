"""Reading transcripts: one file into a :class:`~qualkit.corpus.Transcript`, a folder into a Corpus.

Supported formats are registered by suffix in :data:`READERS` (.txt, .docx, .odt,
.rtf, .vtt, .srt, .csv, .tsv, .xlsx). Group, session and other metadata come, in order of
precedence, from the call's arguments, a sidecar ``<file stem>.yaml`` next to
the file, a folder-level ``transcripts.yaml`` mapping file names to metadata,
and the file name (``fg2_session1.docx`` -> group ``FG2``, session 1).

Examples
--------
>>> import qualkit as qk, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "fg1_session2.txt").write_text("Facilitator: Welcome.\\nP01: Thanks.\\n")
>>> corpus = qk.read_transcripts(d)
>>> corpus.utterances[["transcript_id", "group", "session", "speaker", "role"]]
  transcript_id group  session      speaker         role
0  fg1_session2   FG1        2  Facilitator  facilitator
1  fg1_session2   FG1        2          P01  participant
"""

from __future__ import annotations

import dataclasses
import glob as _glob
import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..corpus import Corpus, Transcript, Turn
from ..errors import (
    Errors, InvalidParameterError, QualkitError, QualkitWarning, TranscriptFormatError, Warnings,
)
from .._hint import cells_hint, value_hint
from .._progress import progress
from .._validation import check_option
from ._registry import READERS, Reader, register_reader
from ._common import controls_in, labelled_share, strip_controls, warn_controls
from ._txt import read_txt

__all__ = ["read_transcript", "read_transcripts", "read_participants", "READERS",
           "register_reader", "metadata_from_name", "other_files", "describe"]

register_reader(".txt", ".text")(read_txt)

# Other readers register themselves on import; a missing optional one is skipped.
for _mod in ("_docx", "_vtt", "_srt", "_table", "_rtf", "_odt"):
    try:
        __import__(f"{__name__}.{_mod}")
    except ModuleNotFoundError as _exc:  # pragma: no cover - only while a reader is absent
        if _exc.name != f"{__name__}.{_mod}":
            raise

#: Below this share of words under labelled turns, reading a file warns [W120].
LOW_LABELLED_SHARE = 0.5

_PARTICIPANT_FILES = ("participants.csv", "participants.xlsx")
#: Documents a transcript may come as that qualkit does not read: in a folder each is named
#: in a warning [W125] and in the reading report (status "skipped"), never passed over.
UNREAD_DOCUMENTS = {".doc": "Word 97-2003 (.doc)", ".dot": "a Word template (.dot)",
                    ".pdf": "PDF", ".pages": "Apple Pages",
                    ".wps": "Microsoft Works (.wps)", ".wpd": "WordPerfect (.wpd)",
                    ".sxw": "StarOffice text (.sxw)", ".xls": "Excel 97-2003 (.xls)"}
_FOLDER_META = ("transcripts.yaml", "transcripts.yml", "metadata.yaml", "metadata.yml")

_GROUP_RE = re.compile(r"(?:^|[^a-z])(?:fg|group|focus[_ -]?group)[_ -]?(\d+)", re.I)
_SESSION_RE = re.compile(r"(?:^|[^a-z])(?:session|sess|s)[_ -]?(\d+)", re.I)


def metadata_from_name(name: str) -> dict[str, Any]:
    """Group and session from a file name.

    >>> metadata_from_name("FG2_session1.docx")
    {'group': 'FG2', 'session': 1}
    >>> metadata_from_name("interview.txt")
    {}
    """
    stem = Path(name).stem
    meta: dict[str, Any] = {}
    m = _GROUP_RE.search(stem)
    if m:
        meta["group"] = f"FG{int(m.group(1))}"
        rest = stem[:m.start(1)] + "_" + stem[m.end(1):]
    else:
        rest = stem
    m = _SESSION_RE.search(rest)
    if m:
        meta["session"] = int(m.group(1))
    return meta


def _load_yaml(path: Path) -> dict[str, Any]:
    import yaml

    from .._yaml import bounded_load, yaml_problem

    try:
        data, problem = bounded_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "unknown place"
        raise TranscriptFormatError(Errors.Q111.format(
            path=path, problem=f"{where}: not valid YAML ({yaml_problem(exc, place=False)})")
        ) from None
    except UnicodeDecodeError as exc:
        raise TranscriptFormatError(Errors.Q111.format(
            path=path, problem=f"byte {exc.start} is not UTF-8")) from None
    except OSError as exc:
        raise TranscriptFormatError(Errors.Q111.format(
            path=path, problem=f"cannot read the file ({exc.strerror or type(exc).__name__})")
        ) from None
    if problem is not None:
        raise TranscriptFormatError(Errors.Q111.format(path=path, problem=problem))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TranscriptFormatError(Errors.Q111.format(
            path=path, problem=f"expected a mapping of keys to values, found {type(data).__name__}"))
    return data


def _sidecar_metadata(path: Path, folder_meta: Mapping[str, Any] | None) -> dict[str, Any]:
    meta = dict(metadata_from_name(path.name))
    if folder_meta:
        entry = folder_meta.get(path.name) or folder_meta.get(path.stem)
        if isinstance(entry, Mapping):
            meta.update(entry)
    for suffix in (".yaml", ".yml"):
        side = path.with_suffix(suffix)
        if side.exists():
            meta.update(_load_yaml(side))
            break
    return meta


def _without_controls(turns: list[Turn], path: Path) -> list[Turn]:
    """Turns without the control characters a reader let through (a document part that
    embeds them, a new reader), with a warning [W122] naming the first turn: U+0000 and
    its kind are never text, and SQLite would cut a stored text at U+0000."""
    found: list[str] = []
    first = 0
    out = []
    for i, t in enumerate(turns, start=1):
        bad = controls_in(t.text) + controls_in(t.speaker) + controls_in(t.section or "")
        if bad:
            found += bad
            first = first or i
            t = dataclasses.replace(
                t, text=strip_controls(t.text), speaker=strip_controls(t.speaker).strip(),
                section=None if t.section is None else strip_controls(t.section).strip())
        out.append(t)
    if found:
        warn_controls(path, found, f"block {first} of the text (turns and notes in order)")
    return out


def _is_lfs_pointer(p: Path) -> bool:
    """True for a Git LFS pointer file: a few lines naming the stored object, not the file.

    Parameters
    ----------
    p : Path
        The file.

    Returns
    -------
    bool
    """
    if p.stat().st_size > 1024:
        return False
    with p.open("rb") as fh:
        return fh.read(48).startswith(b"version https://git-lfs.github.com/spec/")


def read_transcript(path: str | Path, *, transcript_id: str | None = None,
                    group: str | None = None, session: int | None = None,
                    role_map: Mapping[str, str] | None = None, format: str | None = None,
                    sheet: str | int | None = None,
                    _folder_meta: Mapping[str, Any] | None = None) -> Transcript:
    """Read one transcript file.

    Parameters
    ----------
    path : str or Path
        A .txt, .docx, .odt, .rtf, .vtt, .srt, .csv, .tsv or .xlsx file.
    transcript_id : str, optional
        Defaults to the sidecar's ``transcript_id`` or the file name without suffix.
    group, session : optional
        Override what the sidecar or file name says.
    role_map : mapping, optional
        Speaker label (or regular expression) to role, tried before the defaults.
    format : str, optional
        Reader to use (".docx" ...) regardless of the suffix.
    sheet : str or int, optional
        For a workbook (.xlsx): read this sheet (name or 0-based index) only, with a
        warning naming the sheets left out; by default every sheet is read.

    Returns
    -------
    Transcript

    Raises
    ------
    TranscriptFormatError
        The file is missing, empty, of an unknown format, or has no speaker turns;
        the message names the file and the line, paragraph, cue or row.
    """
    p = Path(path)
    if not p.is_file():
        raise TranscriptFormatError(Errors.Q003.format(path=p))
    suffix = (format or p.suffix).lower()
    if not suffix.startswith("."):
        suffix = "." + suffix
    reader: Reader | None = READERS.get(suffix)
    if reader is None:
        raise TranscriptFormatError(Errors.Q102.format(path=p, suffix=suffix,
                                                       supported=sorted(READERS)))
    if sheet is not None and suffix != ".xlsx":
        raise InvalidParameterError(Errors.Q001.format(
            param="sheet", caller="read_transcript", expected="None for a file that is not an "
            ".xlsx workbook", found=sheet))
    caught: list[warnings.WarningMessage] = []
    try:
        empty = p.stat().st_size == 0
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always")
            caught = rec
            if empty:
                raise TranscriptFormatError(Errors.Q103.format(path=p))
            if _is_lfs_pointer(p):
                raise TranscriptFormatError(Errors.Q121.format(
                    path=p, size=p.stat().st_size, kind=suffix.lstrip(".")))
            turns, inner_meta = reader(p) if sheet is None else reader(p, sheet=sheet)
            turns = _without_controls(turns, p)
    except OSError as exc:  # unreadable: no permission, locked, a folder, gone
        raise TranscriptFormatError(Errors.Q119.format(
            path=p, problem=exc.strerror or type(exc).__name__)) from None
    finally:
        for w in caught:
            warnings.warn(w.message, w.category, stacklevel=2)
    said = [describe(w.message) for w in caught if issubclass(w.category, QualkitWarning)]
    reading = {k[1:]: inner_meta.pop(k) for k in [k for k in inner_meta if k.startswith("_")]}
    meta = {**inner_meta, **_sidecar_metadata(p, _folder_meta)}
    tid = transcript_id or str(meta.pop("transcript_id", "") or p.stem)
    grp = group if group is not None else meta.pop("group", None)
    ses = session if session is not None else meta.pop("session", None)
    if ses is not None:
        try:
            ses = int(ses)
        except (TypeError, ValueError):
            raise TranscriptFormatError(Errors.Q111.format(
                path=p, problem=f"session must be a whole number, found {value_hint(ses)}")
            ) from None
    rmap = dict(meta.pop("roles", {}) or {})
    rmap.update(role_map or {})
    t = Transcript.from_turns(tid, turns, group=None if grp is None else str(grp), session=ses,
                              source=str(p), metadata=meta, role_map=rmap or None)
    share = labelled_share(turns)
    if share < LOW_LABELLED_SHARE:
        msg = Warnings.W120.format(path=p, share=f"{share:.0%}", layout=reading.get("layout", "?"))
        warnings.warn(msg, QualkitWarning, stacklevel=2)
        said.append(describe(msg))
    unread = list(reading.pop("unread", None) or ())
    t.reading = {"path": str(p), "format": suffix.lstrip("."), "layout": reading.get("layout"),
                 "encoding": reading.get("encoding"),
                 "status": "partial" if unread else "read", "warnings": said,
                 "labelled_share": share, **{k: v for k, v in reading.items()
                                             if k not in ("layout", "encoding")}}
    return t


# a quoted piece of the file in a message: "found 'text'", "First line found: 'text'"
_QUOTED = re.compile(r"(\b(?:found|text|line):?\s+)(?:b?'(?:[^'\\\n]|\\.){0,300}'"
                     r'|b?"(?:[^"\\\n]|\\.){0,300}")')


def describe(message: Any) -> str:
    """A warning or error as the reading report shows it: its code and its words, without
    the file's path and with anything quoted from the file left out.

    >>> describe("[W122] /data/fg1.txt: removed 1 control character(s) (U+0000), which are "
    ...          "not text; the first at line 3, column 1.")
    '[W122] removed 1 control character(s) (U+0000), which are not text; the first at line 3, column 1.'
    >>> describe("[Q104] fg1.txt: expected 'P01: text'; first line found: 'Jane said hello'.")
    "[Q104] expected 'P01: text'; first line found: '…'."
    """
    text = str(message)
    m = re.match(r"^(\[[QW]\d{3}\] )?(.*)$", text, re.S)
    code, rest = (m.group(1) or ""), m.group(2)
    # drop the leading "<path>: "
    cut = rest.find(": ")
    if cut > 0 and ("/" in rest[:cut] or "\\" in rest[:cut] or "." in rest[:cut]):
        rest = rest[cut + 2:]
    return code + _QUOTED.sub(r"\1'…'", rest)


def _expand(paths: str | Path | Iterable[str | Path]) -> tuple[list[Path], Path | None]:
    """Files to read, and the folder they came from (for participants and metadata)."""
    if isinstance(paths, (str, Path)):
        p = Path(paths)
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in READERS
                           and not f.name.startswith((".", "~$")))
            return files, p
        if p.is_file():
            return [p], p.parent
        matched = sorted(Path(x) for x in _glob.glob(str(paths)))
        if matched:
            return [m for m in matched if m.is_file()], None
        raise TranscriptFormatError(Errors.Q003.format(path=p))
    files = [Path(x) for x in paths]
    return files, None


def _looks_like_data_table(path: Path) -> bool:
    """True for CSV/XLSX files in a transcript folder that are not transcripts.

    A table is a transcript when its header has a speaker and a text column; a file
    that cannot be opened counts as one, so that reading it reports the problem.
    """
    if path.suffix.lower() not in (".csv", ".xlsx", ".tsv"):
        return False
    if path.name.lower() in _PARTICIPANT_FILES:
        return True
    from ._table import is_transcript_table

    return not is_transcript_table(path)


def other_files(folder: str | Path, corpus: Corpus | None = None) -> pd.DataFrame:
    """The files of a transcript folder that are not read as transcripts, and what each is.

    Returns
    -------
    DataFrame
        Columns ``path`` and ``what``: ``"participants table"``, ``"metadata"``, ``"data
        table (no speaker and text columns)"`` or ``"not a transcript format (.md)"``.
        Files the corpus read (or skipped) are left out.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "fg1.txt").write_text("P01: Hello.\\nP02: Hi.\\n")
    >>> _ = (d / "codes.csv").write_text("code,count\\nA,2\\n")
    >>> _ = (d / "notes.md").write_text("# notes\\n")
    >>> other_files(d)["what"].tolist()
    ['data table (no speaker and text columns)', 'not a transcript format (.md)']
    """
    folder = Path(folder)
    if not folder.is_dir():
        return pd.DataFrame({"path": pd.Series(dtype=object), "what": pd.Series(dtype=object)})
    seen = set()
    if corpus is not None:
        seen = {str(p) for p in corpus.reading_report["path"] if isinstance(p, str)}
    stems = {f.stem for f in folder.iterdir() if f.suffix.lower() in READERS}
    rows = []
    for f in sorted(folder.iterdir()):
        if not f.is_file() or f.name.startswith((".", "~$")) or str(f) in seen:
            continue
        low, suffix = f.name.lower(), f.suffix.lower()
        if low in _PARTICIPANT_FILES:
            what = "participants table"
        elif low in _FOLDER_META or (suffix in (".yaml", ".yml") and f.stem in stems):
            what = "metadata"
        elif suffix in READERS:
            if not _looks_like_data_table(f):
                continue  # a transcript: the corpus lists it
            what = "data table (no speaker and text columns)"
        else:
            what = f"not a transcript format ({suffix or 'no suffix'})"
        rows.append((str(f), what))
    return pd.DataFrame(rows, columns=["path", "what"])


def read_participants(path: str | Path) -> pd.DataFrame:
    """Read a participants table (.csv or .xlsx) with a ``participant_id`` column.

    Returns
    -------
    DataFrame
        One row per participant; ``participant_id`` first, then the attributes.
    """
    p = Path(path)
    try:
        if p.suffix.lower() == ".xlsx":
            df = pd.read_excel(p, dtype={"participant_id": str})
        else:
            df = pd.read_csv(p, dtype={"participant_id": str}, encoding="utf-8-sig")
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise TranscriptFormatError(Errors.Q109.format(path=p, row="?", problem=str(exc))) from None
    if "participant_id" not in df.columns:
        raise TranscriptFormatError(Errors.Q108.format(
            path=p, expected=["participant_id"],
            found=f"a first row of {cells_hint(map(str, df.columns))}"))
    dup = df["participant_id"][df["participant_id"].duplicated()]
    if len(dup):
        row = int(dup.index[0]) + 2
        raise TranscriptFormatError(Errors.Q109.format(
            path=p, row=row, problem="its participant_id appears in an earlier row too"))
    cols = ["participant_id"] + [c for c in df.columns if c != "participant_id"]
    return df[cols]


def _folder_file(folder: Path, names: Iterable[str], read: Any, errors: str) -> Any:
    """The first of ``names`` in ``folder`` read with ``read``, or ``None``; a file that
    cannot be read raises, or with ``errors="warn"`` is left out with a warning [W101]."""
    for name in names:
        if (folder / name).exists():
            try:
                return read(folder / name)
            except QualkitError as exc:
                if errors == "raise":
                    raise
                warnings.warn(Warnings.W101.format(path=folder / name, reason=exc),
                              QualkitWarning, stacklevel=3)
            return None
    return None


def read_transcripts(paths: str | Path | Iterable[str | Path], *,
                     errors: Literal["raise", "warn"] = "raise",
                     role_map: Mapping[str, str] | None = None,
                     participants: str | Path | pd.DataFrame | None = None) -> Corpus:
    """Read a folder, a glob pattern or a list of transcript files into a Corpus.

    In a folder, ``participants.csv`` (or .xlsx) becomes ``corpus.participants``,
    ``transcripts.yaml`` supplies per-file metadata, and CSV/XLSX files that have
    no speaker and text columns (codings, gold labels) are not read as transcripts.

    Parameters
    ----------
    paths : str, Path or iterable of them
        A folder, a glob such as ``"data/*.docx"``, one file, or a list of files.
    errors : {"raise", "warn"}, default="raise"
        On a bad file, raise (naming every bad file) or warn and load the rest; a bad
        ``transcripts.yaml`` or participants table is then left out with a warning.
        Either way a document in a format qualkit does not read (.doc, .pdf ...; see
        :data:`UNREAD_DOCUMENTS`) is named in a warning [W125] and in the reading report.
    role_map : mapping, optional
        Speaker label (or regular expression) to role for every file.
    participants : path or DataFrame, optional
        The participants table; overrides a ``participants.csv`` in the folder.

    Returns
    -------
    Corpus
    """
    check_option(errors, ["raise", "warn"], param="errors", caller="read_transcripts")
    files, folder = _expand(paths)
    folder_meta: dict[str, Any] | None = None
    if folder is not None:
        # a bad folder file with errors="warn": the transcripts still load, with what
        # their names and sidecars say
        folder_meta = _folder_file(folder, _FOLDER_META, _load_yaml, errors)
        files = [f for f in files if not _looks_like_data_table(f)]
    if not files:
        raise TranscriptFormatError(Errors.Q112.format(path=paths, supported=sorted(READERS)))
    transcripts: list[Transcript] = []
    failures: list[tuple[Path, QualkitError]] = []
    seen: dict[str, Transcript] = {}
    for f in progress(files, desc="reading transcripts"):
        try:
            t = read_transcript(f, role_map=role_map, _folder_meta=folder_meta)
        except QualkitError as exc:
            failures.append((f, exc))
            continue
        if t.id in seen:
            failures.append((f, InvalidParameterError(Errors.Q113.format(
                tid=t.id, first=seen[t.id].source, second=t.source))))
            continue
        seen[t.id] = t
        transcripts.append(t)
    if failures:
        if errors == "raise":
            if len(failures) == 1:
                raise failures[0][1]
            details = "; ".join(str(e) for _, e in failures)
            raise TranscriptFormatError(Errors.Q110.format(n=len(failures), total=len(files),
                                                           details=details))
        for f, exc in failures:
            warnings.warn(Warnings.W101.format(path=f, reason=exc), QualkitWarning, stacklevel=2)
    skipped = [{"path": str(f), "format": f.suffix.lower().lstrip("."), "status": "skipped",
                "warnings": describe(exc)} for f, exc in failures]
    if isinstance(paths, (str, Path)) and Path(paths).is_dir():
        for f in sorted(Path(paths).iterdir()):
            kind = UNREAD_DOCUMENTS.get(f.suffix.lower())
            if kind and f.is_file() and not f.name.startswith((".", "~$")):
                msg = Warnings.W125.format(path=f, kind=kind)
                warnings.warn(msg, QualkitWarning, stacklevel=2)
                skipped.append({"path": str(f), "format": f.suffix.lower().lstrip("."),
                                "status": "skipped", "warnings": describe(msg)})
    table: pd.DataFrame | None
    if isinstance(participants, pd.DataFrame):
        table = participants
    elif participants is not None:
        table = read_participants(participants)
    else:
        table = None
        if folder is not None:
            table = _folder_file(folder, _PARTICIPANT_FILES, read_participants, errors)
    return Corpus(transcripts, table, skipped=skipped)
