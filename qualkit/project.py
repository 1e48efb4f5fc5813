"""The project store: one SQLite file holding a study's transcripts, codebook and codings.

A :class:`Project` keeps everything a study produces in one embedded SQLite file
(WAL journal, foreign keys, every write in a transaction): transcripts and their
utterances, participants, every codebook version, codings by named coders, memos,
themes, decisions on codebook-driven suggestions, and an append-only audit log
(SQLite triggers refuse to update or delete it). Two processes can code into the
same file at once; a process killed mid-write leaves every committed coding intact.

Examples
--------
>>> from qualkit.corpus import Corpus, Transcript, Turn
>>> from qualkit.codebook import Code, Codebook
>>> t = Transcript.from_turns("FG1", [Turn("P01", "I trust the regulator."),
...                                   Turn("P02", "Bills are too high.")])
>>> p = Project.in_memory()
>>> p.add_corpus(Corpus([t]))
>>> p.set_codebook(Codebook([Code("trust", "Trust"), Code("cost", "Cost")]), who="ana")
1
>>> cid = p.code_quote("ana", "FG1", "trust the regulator", "trust")
>>> p.codings()[["coder", "code_id", "text"]].values.tolist()
[['ana', 'trust', 'trust the regulator']]
"""

from __future__ import annotations

import ast
import contextlib
import datetime as _dt
import difflib
import json
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import _audit, _store
from ._utf8 import Utf8Text
from .codebook import Code, Codebook
from .corpus import Corpus, Transcript
from ._hint import text_hint, value_hint
from .errors import (CodebookConflict, CodingMergeConflict, Errors, IdentifierFoundError,
                     InvalidParameterError, ProjectError, ProjectVersionError, SpanError,
                     UnknownCodeError)

__all__ = ["Project", "CodingBatchError", "SCHEMA_VERSION", "CODING_COLUMNS", "MEMO_COLUMNS",
           "THEME_COLUMNS", "AUDIT_COLUMNS"]

#: The schema version this qualkit writes and the newest it reads (2: hash-chained audit).
SCHEMA_VERSION = 2
#: Columns of :meth:`Project.codings`.
CODING_COLUMNS = ["coding_id", "coder", "transcript_id", "start", "end", "code_id", "memo",
                  "created_at", "provenance", "group", "session", "section", "text"]
#: Columns of :meth:`Project.memos`.
MEMO_COLUMNS = ["memo_id", "target_kind", "target_id", "text", "author", "created_at"]
#: Columns of :meth:`Project.themes`.
THEME_COLUMNS = ["theme_id", "name", "definition", "codes", "created_by", "created_at"]
#: Columns of :meth:`Project.audit_log`.
AUDIT_COLUMNS = ["id", "at", "who", "action", "target", "before", "after"]


class CodingBatchError(SpanError, UnknownCodeError):
    """A batch of codings has bad rows (bad spans, unknown transcripts or codes)."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transcripts (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, text TEXT NOT NULL, grp TEXT,
    session INTEGER, source TEXT, metadata TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS utterances (
    transcript_id TEXT NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, utterance_id TEXT NOT NULL, section TEXT, speaker TEXT,
    role TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL, t_start REAL, t_end REAL,
    PRIMARY KEY (transcript_id, position));
CREATE INDEX IF NOT EXISTS utterances_uid ON utterances(utterance_id);
CREATE INDEX IF NOT EXISTS utterances_start ON utterances(transcript_id, start);
CREATE TABLE IF NOT EXISTS participants (
    participant_id TEXT PRIMARY KEY, position INTEGER NOT NULL, attrs TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS codebooks (
    version INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, label TEXT, description TEXT,
    history TEXT NOT NULL DEFAULT '[]', created_by TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS codes (
    codebook_version INTEGER NOT NULL REFERENCES codebooks(version), position INTEGER NOT NULL,
    id TEXT NOT NULL, name TEXT NOT NULL, parent TEXT, definition TEXT, include TEXT,
    exclude TEXT, examples TEXT, cues TEXT, colour TEXT,
    PRIMARY KEY (codebook_version, id));
CREATE TABLE IF NOT EXISTS codings (
    id INTEGER PRIMARY KEY AUTOINCREMENT, coder TEXT NOT NULL,
    transcript_id TEXT NOT NULL REFERENCES transcripts(id), start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, code_id TEXT NOT NULL, memo TEXT, created_at TEXT,
    source TEXT, CHECK (start >= 0 AND "end" > start));
CREATE INDEX IF NOT EXISTS codings_tid ON codings(transcript_id, start);
CREATE TABLE IF NOT EXISTS memos (
    id INTEGER PRIMARY KEY AUTOINCREMENT, target_kind TEXT NOT NULL, target_id TEXT,
    author TEXT, text TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS themes (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, definition TEXT,
    codes TEXT NOT NULL DEFAULT '[]', created_by TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS suggestions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, transcript_id TEXT NOT NULL REFERENCES transcripts(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, code_id TEXT NOT NULL, score REAL,
    reason TEXT, created_at TEXT NOT NULL, decision TEXT, decided_by TEXT, decided_at TEXT,
    coding_id INTEGER);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT, action TEXT NOT NULL,
    target TEXT, before TEXT, after TEXT, prev_hash TEXT, hash TEXT);
CREATE INDEX IF NOT EXISTS audit_sealed ON audit(id + 0);
"""
#: Indexes added after files were first written: created when such a file is opened to
#: write. ``audit_sealed`` (an index on an expression) makes SQLite refuse to open any
#: column of the audit log for incremental blob writing, which no trigger would see.
_LATER_INDEXES = {
    "utterances_start": "CREATE INDEX IF NOT EXISTS utterances_start ON utterances("
                        "transcript_id, start)",
    "audit_sealed": "CREATE INDEX IF NOT EXISTS audit_sealed ON audit(id + 0)",
}

#: qualkit's tables (no TEMP table or view may take one of these names and shadow it).
_TABLES = frozenset(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", _SCHEMA)) | {"embeddings"}


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")


def _json(v: Any) -> str | None:
    if v is None:
        return None
    return json.dumps(v, ensure_ascii=False, default=str)


def _read_codings_csv(path: Path) -> pd.DataFrame:
    """A codings CSV as a DataFrame; unreadable files raise naming the file and row."""
    import csv
    import io
    import re

    def bad(row: Any, problem: str) -> ProjectError:
        return ProjectError(Errors.Q207.format(caller=f"Project.import_codings({path})", n=1,
                                               problems=f"  - {path}: row {row}: {problem}"))

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _store.store_error(path, exc, "read the codings CSV") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[:exc.start].count(b"\n") + 1
        raise bad(row, f"byte {exc.start} ({raw[exc.start:exc.start + 1]!r}) is not UTF-8; "
                       "save the file as UTF-8") from None
    if not text.strip():
        raise bad(1, "the file is empty; expected a header transcript_id,start,end,code_id")
    try:
        from ._export import unescape_cells

        return unescape_cells(pd.read_csv(io.StringIO(text), dtype={
            "transcript_id": str, "code_id": str, "coder": str, "memo": str},
            keep_default_na=False, na_values=[""]))
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise bad(m.group(1) if m else "?", f"not valid CSV ({str(exc).strip()})") from None


def _clean(v: Any) -> Any:
    """None for NaN/NA; plain Python scalars otherwise."""
    if v is None:
        return None
    if isinstance(v, (list, tuple, dict)):
        return v
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(v, np.generic):
        return v.item()
    return v


def _locked(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


_CHUNK = 1 << 20


def _insert_text(con: sqlite3.Connection, row: tuple[Any, ...]) -> None:
    """Insert a transcript row; a long text is written in UTF-8 pieces, not bound whole.

    ``row[2]`` is a ``str`` or a :class:`~qualkit._utf8.Utf8Text`. Binding a str makes
    Python keep a UTF-8 copy of it for as long as the str lives and SQLite take
    another; a text over a megabyte is instead written into a ``zeroblob`` a megabyte
    at a time and turned into TEXT in place.
    """
    text = row[2]
    big = hasattr(con, "blobopen")  # Python 3.11+
    if isinstance(text, Utf8Text) and (len(text.data) <= _CHUNK or not big):
        text = str(text)
        row = (*row[:2], text, *row[3:])
    if isinstance(text, str) and (len(text) <= _CHUNK or not big):
        con.execute("INSERT INTO transcripts VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        return
    if isinstance(text, Utf8Text):
        data = memoryview(text.data)
        size = len(data)
        pieces: Iterable[Any] = (data[i:i + _CHUNK] for i in range(0, size, _CHUNK))
    else:
        steps = range(0, len(text), _CHUNK)
        size = sum(len(text[i:i + _CHUNK].encode("utf-8")) for i in steps)
        pieces = (text[i:i + _CHUNK].encode("utf-8") for i in steps)
    cur = con.execute("INSERT INTO transcripts VALUES (?, ?, zeroblob(?), ?, ?, ?, ?)",
                      (*row[:2], size, *row[3:]))
    rowid = cur.lastrowid
    with con.blobopen("transcripts", "text", rowid) as blob:
        for piece in pieces:
            blob.write(piece)
    con.execute("UPDATE transcripts SET text = CAST(text AS TEXT) WHERE rowid = ?", (rowid,))


def _init_schema(con: sqlite3.Connection) -> None:
    """Create qualkit's tables in an empty database (one transaction)."""
    con.execute("BEGIN IMMEDIATE")
    for stmt in _statements(_SCHEMA):
        con.execute(stmt)
    for sql in _audit.TRIGGERS.values():
        con.execute(sql)
    con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    con.execute("INSERT OR IGNORE INTO meta VALUES ('created_at', ?)", (_now(),))
    con.execute("INSERT OR IGNORE INTO meta VALUES ('project_id', ?)", (str(uuid.uuid4()),))
    con.execute("COMMIT")


def _migrate(con: sqlite3.Connection) -> None:
    """Bring a file of an older schema up to :data:`SCHEMA_VERSION` (one transaction)."""
    con.execute("BEGIN IMMEDIATE")
    try:
        found = int(con.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                ).fetchone()[0])
        if found >= SCHEMA_VERSION:  # another process migrated it meanwhile
            con.execute("COMMIT")
            return
        if found < 2:  # 1 -> 2: chain the audit log's rows by hash
            con.execute("ALTER TABLE audit ADD COLUMN prev_hash TEXT")
            con.execute("ALTER TABLE audit ADD COLUMN hash TEXT")
            con.execute("DROP TRIGGER IF EXISTS audit_no_update")
            con.execute("DROP TRIGGER IF EXISTS audit_no_delete")
            rows = con.execute("SELECT id, at, who, action, target, before, after FROM audit "
                               "ORDER BY id").fetchall()
            links = _audit.chain(rows)
            con.executemany("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?",
                            [(pv, h, r[0]) for r, (pv, h) in zip(rows, links, strict=True)])
            if rows:
                con.execute("INSERT INTO meta VALUES ('audit_head', ?) ON CONFLICT(key) DO "
                            "UPDATE SET value = excluded.value",
                            (f"{rows[-1][0]} {links[-1][1]}",))
            for sql in _audit.TRIGGERS.values():
                con.execute(sql)
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                    (str(SCHEMA_VERSION),))
        _audit.append(con, _now(), None, "migrate_schema", None, _json({"version": found}),
                      _json({"version": SCHEMA_VERSION}))
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _build_empty(path: Path) -> None:
    """Write a new, empty, closed project file at ``path`` (WAL mode, qualkit's id)."""
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.execute(f"PRAGMA application_id = {_store.APPLICATION_ID}")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
        _init_schema(con)
    finally:
        con.close()


def _missing_problem(path: Path) -> str:
    """Why ``path`` is missing, with the projects next to it as close matches."""
    folder = path.parent
    if not folder.is_dir():
        return f"no such file (the folder {folder} does not exist either)"
    near = difflib.get_close_matches(path.name, [q.name for q in folder.glob("*.qkproj")],
                                     n=3, cutoff=0.5)
    return "no such file" + (f" (close matches in that folder: {', '.join(near)})"
                             if near else "")


class Project:
    """A qualitative-analysis project stored in one SQLite file.

    Open an existing project with :meth:`open`, make a new one with :meth:`create`
    (or ``open(path, create=True)``), or use :meth:`in_memory` / ``":memory:"``
    for a scratch project. Opening never creates a file unless asked, and never
    changes a file that is not a qualkit project.

    Parameters
    ----------
    path : str or Path, default ":memory:"
        The project file, or ``":memory:"`` for a new in-memory project.
    create : bool, default False
        Create the file (with its schema) if it does not exist. Without it a
        missing file raises :class:`~qualkit.errors.ProjectError` ([Q220]).
    read_only : bool, optional
        Open without writing anything. By default a project whose file or folder
        this process may not write opens read-only; ``read_only=False`` insists on
        writing.
    timeout : float, default 30
        Seconds to wait for another process's write before giving up.

    Raises
    ------
    ProjectError
        The file is missing ([Q220]), not a qualkit project ([Q223]; left unchanged)
        or cannot be read ([Q221]).
    ProjectVersionError
        The file was written with a newer schema than this qualkit reads.
    """

    def __init__(self, path: str | Path = ":memory:", *, create: bool = False,
                 read_only: bool | None = None, timeout: float = 30.0) -> None:
        self.path = str(path)
        self.timeout = float(timeout)
        self._corpus: Corpus | None = None
        self._corpus_key: Any = None
        self._codebook: Codebook | None = None
        self._codebook_version: int | None = None
        self._seen_version: int | None = None  # the codebook version this handle last saw
        self._text_cache: dict[str, str | Utf8Text] = {}
        self._text_key: Any = None
        self._len_cache: dict[str, int] = {}
        self._len_key: Any = None
        self._uid = f"memory:{uuid.uuid4()}"
        self._closed = False
        self._read_only = False
        self._ro_why = ""
        self._schema_ops = [False]
        if self.path == ":memory:":
            self._con = sqlite3.connect(":memory:", isolation_level=None,
                                        check_same_thread=False)
            self._con.execute("PRAGMA foreign_keys = ON")
            _init_schema(self._con)
            self._con.set_authorizer(_audit.authorizer(self._schema_ops, _TABLES))
            self._uid = self._con.execute("SELECT value FROM meta WHERE key = 'project_id'"
                                          ).fetchone()[0]
            return
        file = Path(self.path)
        kind = _store.probe(file)
        if kind == "missing":
            if not create:
                raise ProjectError(Errors.Q220.format(
                    path=self.path, problem=_missing_problem(file),
                    fix="Create a new project with qk.Project.create(path) (or "
                        "Project.open(path, create=True)), or check the path"))
            _store.create_atomically(file, _build_empty)
            kind = "qualkit"
        found = {"folder": "a folder", "empty": "an empty file (0 bytes)",
                 "not-sqlite": "a file that is not an SQLite database",
                 "other-app": "an SQLite database of another application (its "
                              "application_id is not qualkit's)"}.get(kind)
        if found is None:  # qualkit's id, or an SQLite file with none: look inside
            version, found = _store.inspect(file, self.timeout, qualkit_id=kind == "qualkit")
            if version is not None and not version.isdigit():
                found = (f"a meta table whose schema_version is {version!r}, not a whole "
                         "number")
        if found:
            raise ProjectError(Errors.Q223.format(path=self.path, found=found))
        if int(version) > SCHEMA_VERSION:
            raise ProjectVersionError(Errors.Q206.format(path=self.path, found=int(version),
                                                         supported=SCHEMA_VERSION))
        can_write = _store.writable(file)
        if read_only is None:
            read_only = not can_write
            self._ro_why = "" if can_write else "the file or its folder is not writable"
        elif read_only:
            self._ro_why = "opened with read_only=True"
        elif not can_write:
            raise _store.store_error(self.path, PermissionError("the file or its folder is "
                                                                "not writable"), "open it")
        self._read_only = bool(read_only)
        try:
            self._con = _store.connect(file, read_only=self._read_only, timeout=self.timeout)
        except sqlite3.Error as exc:
            raise _store.store_error(self.path, exc, "open the project") from None
        try:
            self._con.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            self._con.execute("PRAGMA foreign_keys = ON")
            if not self._read_only:
                self._retry(lambda: self._con.execute("PRAGMA journal_mode = WAL"))
                self._con.execute("PRAGMA synchronous = FULL")
            if kind == "sqlite" and not self._read_only:  # a project from before ids were set
                self._retry(lambda: self._con.execute(
                    f"PRAGMA application_id = {_store.APPLICATION_ID}"))
            if int(version) < SCHEMA_VERSION and not self._read_only:
                self._retry(lambda: _migrate(self._con), "upgrade the project's schema")
            for index, sql in _LATER_INDEXES.items():  # files from before these indexes
                if not self._read_only and not self._con.execute(
                        "SELECT 1 FROM sqlite_master WHERE name = ?", (index,)).fetchone():
                    self._retry(lambda sql=sql: self._con.execute(sql))
            row = self._retry(lambda: self._con.execute(
                "SELECT value FROM meta WHERE key = 'project_id'").fetchone())
            if row is None and not self._read_only:  # a file from before projects had ids
                self._retry(lambda: self._con.execute(
                    "INSERT OR IGNORE INTO meta VALUES ('project_id', ?)", (str(uuid.uuid4()),)))
                row = self._retry(lambda: self._con.execute(
                    "SELECT value FROM meta WHERE key = 'project_id'").fetchone())
            self._uid = row[0] if row else f"file:{file.resolve()}"
            self._con.set_authorizer(_audit.authorizer(self._schema_ops, _TABLES))
        except BaseException as exc:
            with contextlib.suppress(Exception):
                self._con.close()
            if isinstance(exc, sqlite3.Error):
                raise _store.store_error(self.path, exc, "open the project") from None
            raise

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, read_only: bool | None = None,
             timeout: float = 30.0) -> Project:
        """Open the existing project file at ``path`` (``":memory:"``: a new in-memory one).

        A missing file raises [Q220] (and nothing is created) unless ``create=True``;
        a file that is not a qualkit project raises [Q223] and is left unchanged; a
        file or folder this process may not write opens read-only.

        Examples
        --------
        >>> p = Project.open(":memory:")
        >>> p.schema_version
        2
        >>> Project.open("no/such/study.qkproj")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qualkit.errors.ProjectError: [Q220] no/such/study.qkproj: ...
        """
        return cls(path, create=create, read_only=read_only, timeout=timeout)

    @classmethod
    def create(cls, path: str | Path, *, timeout: float = 30.0) -> Project:
        """Create a new, empty project file at ``path`` and open it.

        The file appears only once it is complete; an existing file is never
        overwritten ([Q222]).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "study.qkproj"
        >>> with Project.create(path) as p:
        ...     p.codings().shape
        (0, 13)
        >>> Project.create(path)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qualkit.errors.ProjectError: [Q222] ...study.qkproj: already exists; ...
        """
        file = Path(path)
        if str(path) == ":memory:":
            return cls(":memory:", timeout=timeout)
        _store.create_atomically(file, _build_empty)
        return cls(file, timeout=timeout)

    @classmethod
    def _create_with(cls, path: str | Path, fill: Any, *, timeout: float = 30.0) -> Project:
        """Create ``path`` holding what ``fill(project)`` stores, all or nothing.

        ``fill`` runs on a hidden temporary project in the same folder; the file
        appears under ``path`` only once ``fill`` has returned and the file is whole.
        """
        def build(tmp: Path) -> None:
            _build_empty(tmp)
            proj = cls(tmp, timeout=timeout)
            try:
                fill(proj)
            finally:
                proj.close()

        _store.create_atomically(Path(path), build)
        return cls(path, timeout=timeout)

    def backup(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write a consistent copy of the whole project to ``path``; return the path.

        Uses SQLite's online backup API, so it is safe while this or other
        processes are coding: the copy is one snapshot of everything committed,
        including what still sits in the ``-wal`` file (which a plain file copy of an
        open project can miss). The copy is a complete, closed project file; it
        appears only once whole, and an existing file is replaced only with
        ``overwrite=True``. Works for read-only and in-memory projects too.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = Project.in_memory()
        >>> p.add_memo("project", None, "Started.", "ana")
        1
        >>> dest = pathlib.Path(tempfile.mkdtemp()) / "copy.qkproj"
        >>> with Project.open(p.backup(dest)) as copy:
        ...     copy.memos()["text"].tolist(), bool(copy.verify_audit())
        (['Started.'], True)
        """
        dest = Path(path)
        if self.path != ":memory:" and dest.exists() and dest.resolve() == Path(
                self.path).resolve():
            raise ProjectError(Errors.Q221.format(
                path=dest, doing="back up the project", problem="the backup would replace the "
                "project itself", fix="give the backup another file name"))

        def build(tmp: Path) -> None:
            dst = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                self._retry(lambda: self._con.backup(dst), "copy the project (backup)")
                dst.execute(f"PRAGMA application_id = {_store.APPLICATION_ID}")
                dst.execute("PRAGMA journal_mode = WAL")
            finally:
                dst.close()

        _store.create_atomically(dest, build, overwrite=overwrite)
        return dest

    def share(self, path: str | Path, *, allow_identifiers: bool = False,
              overwrite: bool = False) -> Path:
        """Write a copy of the project meant to be shared, after scanning all it holds.

        The copy is made as :meth:`backup` makes it (one consistent snapshot), then
        every text cell of every table is scanned for identifiers: transcripts,
        speaker labels, sections, participants' attributes, codebook text, memos,
        themes, suggestion reasons and the audit log's before/after values (the
        audit log keeps text as it was before a redaction, so redact before coding
        or share a project built from redacted transcripts). Any finding refuses
        the copy (:class:`~qualkit.errors.IdentifierFoundError`, Q501, naming
        table, column and row, never the text) and no file is left; pass
        ``allow_identifiers=True`` to write it anyway.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = Project.in_memory()
        >>> p.add_memo("project", None, "Two groups done.", "ana")
        1
        >>> dest = pathlib.Path(tempfile.mkdtemp()) / "shared.qkproj"
        >>> p.share(dest).name
        'shared.qkproj'
        >>> _ = p.add_memo("project", None, "Ring her on 07700 900123.", "ana")
        >>> p.share(dest, overwrite=True)
        Traceback (most recent call last):
        ...
        qualkit.errors.IdentifierFoundError: [Q501] share: 2 identifier finding(s) ...
        """
        from .privacy._share import check_project_file

        dest = Path(path)
        folder = Path(tempfile.mkdtemp(prefix=".qualkit-share-",
                                       dir=dest.parent if dest.parent.is_dir() else None))
        try:
            snapshot = self.backup(folder / dest.name)
            check_project_file(snapshot, allow_identifiers=allow_identifiers)

            def build(tmp: Path) -> None:
                shutil.copyfile(snapshot, tmp)

            _store.create_atomically(dest, build, overwrite=overwrite)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return dest

    @classmethod
    def in_memory(cls) -> Project:
        """A project that lives only in memory (for tests and notebooks)."""
        return cls(":memory:")

    @property
    def read_only(self) -> bool:
        """Whether this handle only reads (asked for, or the file/folder is not writable)."""
        return self._read_only

    def close(self) -> None:
        """Checkpoint the write-ahead log into the file and close the connection.

        After ``close()`` the project file alone is the whole project (no ``-wal``
        file needed), so it can be copied. Closing twice is harmless.
        """
        if self._closed:
            return
        self._closed = True
        if not self._read_only and self.path != ":memory:":
            with contextlib.suppress(sqlite3.Error):
                self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with contextlib.suppress(sqlite3.Error):
            self._con.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._closed:
            return f"Project({self.path!r}, closed)"
        n = self._query("SELECT (SELECT count(*) FROM transcripts), (SELECT count(*) FROM codings)")
        ro = ", read_only=True" if self._read_only else ""
        return f"Project({self.path!r}, transcripts={n[0][0]}, codings={n[0][1]}{ro})"

    @property
    def name(self) -> str | None:
        """The project's name (stored in the file; defaults to the file's stem)."""
        row = self._query("SELECT value FROM meta WHERE key='name'")
        if row:
            return row[0][0]
        return None if self.path == ":memory:" else Path(self.path).stem

    @name.setter
    def name(self, value: str) -> None:
        with self._write() as con:
            con.execute("INSERT INTO meta VALUES ('name', ?) ON CONFLICT(key) DO UPDATE SET "
                        "value = excluded.value", (str(value),))

    @property
    def schema_version(self) -> int:
        """The schema version of the file."""
        return int(self._query("SELECT value FROM meta WHERE key='schema_version'")[0][0])

    # ------------------------------------------------------------------ plumbing
    def _retry(self, fn: Any, doing: str = "read or write the project") -> Any:
        """Run ``fn``, retrying with backoff while the file is locked; errors named."""
        if self._closed:
            raise ProjectError(Errors.Q221.format(
                path=self.path, doing=doing, problem="the project was closed",
                fix="open it again with qk.Project.open(path)"))
        delay = 0.01
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if not _locked(exc) or time.monotonic() > deadline:
                    raise _store.store_error(
                        self.path, exc, doing if not _locked(exc) else
                        f"{doing} within {self.timeout:g} s") from None
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 2, 0.5)
            except sqlite3.Error as exc:
                raise _store.store_error(self.path, exc, doing) from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Project]:
        """Group several writes into one step: all of them are stored, or none.

        Inside the ``with`` block every write (``code``, ``code_many``, ``uncode``,
        ``add_memo``, ``set_codebook`` ...) joins one SQLite transaction, committed when
        the block ends. An exception rolls all of them back, and a process killed
        inside the block leaves the file as it was before it. Blocks nest (the outer
        one commits).

        Examples
        --------
        >>> p = Project.in_memory()
        >>> with p.transaction():
        ...     _ = p.add_memo("project", None, "First thought.", "ana")
        ...     _ = p.add_memo("project", None, "Second thought.", "ana")
        >>> try:
        ...     with p.transaction():
        ...         _ = p.add_memo("project", None, "Never stored.", "ana")
        ...         raise KeyboardInterrupt
        ... except KeyboardInterrupt:
        ...     pass
        >>> p.memos()["text"].tolist()
        ['First thought.', 'Second thought.']
        """
        with self._write():
            yield self

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE, retried with backoff while locked)."""
        if self._read_only:
            caller = sys._getframe(1).f_code.co_name.lstrip("_")
            raise ProjectError(Errors.Q224.format(path=self.path, why=self._ro_why,
                                                  action=f"Project.{caller}"))
        return self._transaction()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        con = self._con
        if not self._closed and con.in_transaction:  # nested: join the outer transaction
            yield con
            return
        self._retry(lambda: con.execute("BEGIN IMMEDIATE"), "start writing")
        try:
            yield con
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            self._forget()  # cached corpus/codebook may hold what was rolled back
            if isinstance(exc, sqlite3.Error):
                raise _store.store_error(self.path, exc, "write to the project (nothing of "
                                         "this step was stored)") from None
            raise
        else:
            self._retry(lambda: con.execute("COMMIT"), "commit the write")

    def _forget(self) -> None:
        self._corpus = self._corpus_key = self._text_key = self._len_key = None
        self._codebook = self._codebook_version = None

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._retry(lambda: self._con.execute(sql, params).fetchall())

    def _frame(self, sql: str, params: Sequence[Any] = (), columns: list[str] | None = None
               ) -> pd.DataFrame:
        cur = self._retry(lambda: self._con.execute(sql, params))
        rows = self._retry(cur.fetchall)
        cols = columns or [d[0] for d in cur.description]
        return pd.DataFrame(rows, columns=cols).astype(object) if not rows else \
            pd.DataFrame(rows, columns=cols)

    @staticmethod
    def _audit(con: sqlite3.Connection, who: str | None, action: str, target: str | None,
               before: Any = None, after: Any = None) -> None:
        _audit.append(con, _now(), who, action, target, _json(before), _json(after))

    # ------------------------------------------------------------------ corpus
    def add_corpus(self, corpus: Corpus, *, who: str | None = None) -> None:
        """Store the transcripts (and participants) of ``corpus``.

        Transcripts already in the project with the same id and text are kept; the
        same id with a different text raises :class:`~qualkit.errors.ProjectError`.
        """
        if not isinstance(corpus, Corpus):
            raise InvalidParameterError(Errors.Q001.format(
                param="corpus", caller="Project.add_corpus", expected="a qualkit Corpus",
                found=type(corpus).__name__))
        self._store_corpus(
            ({"id": t.id, "text": t.text, "group": t.group, "session": t.session,
              "source": t.source, "metadata": t.metadata, "utterances": t._utterances}
             for t in corpus.transcripts), corpus.participants, who=who)

    def _store_corpus(self, transcripts: Iterable[dict[str, Any]],
                      participants: pd.DataFrame | None, *, who: str | None = None) -> None:
        """Store transcripts given as records, and participants, in one transaction.

        Each record has ``id``, ``text`` (a ``str`` or a :class:`~qualkit._utf8.Utf8Text`),
        ``group``, ``session``, ``source``, ``metadata`` and ``utterances``: columns
        ``utterance_id, section, speaker, role, start, end`` (``t_start``, ``t_end``
        optional). The REFI-QDA reader stores large sources this way without ever
        holding their text as one ``str``.
        """
        with self._write() as con:
            pos = con.execute("SELECT coalesce(max(position), -1) + 1 FROM transcripts"
                              ).fetchone()[0]
            added = []
            for t in transcripts:
                tid, text = t["id"], t["text"]
                known = con.execute("SELECT CAST(text AS BLOB) FROM transcripts WHERE id = ?",
                                    (tid,)).fetchone()
                if known is not None:
                    same = known[0] == (text.data if isinstance(text, Utf8Text) else
                                        text.encode("utf-8"))
                    if not same:
                        raise ProjectError(Errors.Q210.format(
                            path=self.path, problem=f"transcript {tid!r} is already stored "
                            "with a different text", expected="unchanged texts (codings point "
                            "into them); give the new version another id"))
                    continue
                _insert_text(con, (tid, pos, text, _clean(t["group"]), _clean(t["session"]),
                                   _clean(t["source"]), _json(t["metadata"]) or "{}"))
                pos += 1
                u = t["utterances"]  # read column by column: no copy of a large table
                n = len(u["start"])
                none = [None] * n
                con.executemany(
                    'INSERT INTO utterances VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                    ((tid, i, uid, _clean(sec), spk, role, int(a), int(b), _clean(ts), _clean(te))
                     for i, (uid, sec, spk, role, a, b, ts, te) in enumerate(zip(
                         u["utterance_id"], u["section"], u["speaker"], u["role"], u["start"],
                         u["end"], u["t_start"] if "t_start" in u else none,
                         u["t_end"] if "t_end" in u else none, strict=True))))
                added.append(tid)
            parts = participants
            if parts is not None and len(parts) and "participant_id" in parts:
                p0 = con.execute("SELECT coalesce(max(position), -1) + 1 FROM participants"
                                 ).fetchone()[0]
                for i, rec in enumerate(parts.to_dict("records")):
                    attrs = {k: _clean(v) for k, v in rec.items()}
                    con.execute("INSERT INTO participants VALUES (?, ?, ?) ON CONFLICT"
                                "(participant_id) DO UPDATE SET attrs = excluded.attrs",
                                (str(rec["participant_id"]), p0 + i, _json(attrs)))
            self._audit(con, who, "add_corpus", None, None, {"transcripts": added})
        self._corpus = None

    @property
    def corpus(self) -> Corpus:
        """The stored transcripts as a :class:`~qualkit.corpus.Corpus` (rebuilt, then cached)."""
        key = self._query("SELECT count(*), coalesce(max(position), -1) FROM transcripts")[0]
        if self._corpus is not None and self._corpus_key == key:
            return self._corpus
        trs = []
        utt = self._frame('SELECT transcript_id, utterance_id, section, speaker, role, start, '
                          '"end", t_start, t_end FROM utterances ORDER BY transcript_id, position')
        by_t = dict(tuple(utt.groupby("transcript_id", sort=False))) if len(utt) else {}
        for tid, text, grp, session, source, meta in self._query(
                "SELECT id, text, grp, session, source, metadata FROM transcripts "
                "ORDER BY position"):
            u = by_t.get(tid)
            if u is None:
                u = pd.DataFrame(columns=["speaker", "role", "start", "end", "text"])
            else:
                u = u.drop(columns="transcript_id").reset_index(drop=True)
                u["text"] = [text[s:e] for s, e in zip(u["start"], u["end"], strict=True)]
                u["section"] = pd.Series([_clean(v) for v in u["section"]], dtype=object)
            trs.append(Transcript(tid, text, u, group=grp, session=session, source=source,
                                  metadata=json.loads(meta or "{}")))
        parts = [json.loads(a) for (a,) in self._query(
            "SELECT attrs FROM participants ORDER BY position")]
        self._corpus = Corpus(trs, pd.DataFrame(parts) if parts else None)
        self._corpus_key = key
        return self._corpus

    def _texts(self, ids: Iterable[str]) -> dict[str, str | Utf8Text]:
        """The texts of transcripts ``ids`` (stored texts never change; cached per corpus).

        A text of more than :data:`_CHUNK` bytes is kept as its UTF-8 bytes
        (:class:`~qualkit._utf8.Utf8Text`, read straight from the file) and sliced from
        them: 100 MB of text with an emoji in it is 400 MB as a ``str``.
        """
        key = self._query("SELECT count(*), coalesce(max(position), -1) FROM transcripts")[0]
        if self._text_key != key:
            self._text_cache, self._text_key = {}, key
        con = self._con
        for tid in ids:
            if tid in self._text_cache:
                continue
            row = self._query("SELECT rowid FROM transcripts WHERE id = ?", (tid,))
            if not row:
                continue
            if hasattr(con, "blobopen"):  # Python 3.11+: the bytes, without a copy in SQLite

                def read(rowid: int = row[0][0]) -> bytes | None:
                    with con.blobopen("transcripts", "text", rowid, readonly=True) as blob:
                        return blob.read() if len(blob) > _CHUNK else None

                data = self._retry(read, "read a transcript's text")
                if data is not None:
                    self._text_cache[tid] = Utf8Text(data)
                    continue
            self._text_cache[tid] = self._query("SELECT text FROM transcripts WHERE id = ?",
                                                (tid,))[0][0]
        return self._text_cache

    def _lengths(self) -> dict[str, int]:
        """Every transcript's length (counted once by SQLite per corpus, not fetched)."""
        key = self._query("SELECT count(*), coalesce(max(position), -1) FROM transcripts")[0]
        if self._len_key != key:
            self._len_cache = dict(self._query("SELECT id, length(text) FROM transcripts"))
            self._len_key = key
        return self._len_cache

    # ------------------------------------------------------------------ codebook
    def set_codebook(self, codebook: Codebook, *, who: str | None = None,
                     on_conflict: str = "raise") -> int:
        """Store ``codebook`` as the current version; return its version number.

        Codings follow the codebook's recorded merges: codings of a merged code are
        moved to the code it was merged into (each move is in the audit log).

        A codebook remembers the version it was read from (``project.codebook``,
        ``codebook_at``, and every edit of those); a codebook from elsewhere counts as
        based on the version this handle last saw. If another handle or process has
        stored a newer version since, storing this one could silently undo that work,
        so the two are compared with their common base version:

        - ``on_conflict="raise"`` (default): if yours would lose codes added since,
          undo changes made since to codes you did not change, or bring back codes
          removed since, :class:`~qualkit.errors.CodebookConflict` ([Q225]) names
          them and nothing is stored.
        - ``on_conflict="merge"``: keep both sides' changes (codes added since are
          kept, their edits are kept where you did not edit, codes removed since stay
          removed) and store the result. Codes changed on both sides cannot be merged
          ([Q226], nothing stored).

        Examples
        --------
        >>> from qualkit.codebook import Code, Codebook
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "study.qkproj"
        >>> mine, theirs = Project.create(path), Project.open(path)
        >>> mine.set_codebook(Codebook([Code("trust", "Trust")]))
        1
        >>> stale = theirs.codebook                       # version 1
        >>> mine.set_codebook(mine.codebook.add(Code("cost", "Cost")))
        2
        >>> theirs.set_codebook(stale.add(Code("jobs", "Jobs")))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qualkit.errors.CodebookConflict: [Q225] ...lose codes added in version 2: 'cost' (Cost)...
        >>> theirs.set_codebook(stale.add(Code("jobs", "Jobs")), on_conflict="merge")
        3
        >>> theirs.codebook.ids
        ['trust', 'jobs', 'cost']
        """
        from ._validation import check_option

        if not isinstance(codebook, Codebook):
            raise InvalidParameterError(Errors.Q001.format(
                param="codebook", caller="Project.set_codebook", expected="a qualkit Codebook",
                found=type(codebook).__name__))
        check_option(on_conflict, ["raise", "merge"], param="on_conflict",
                     caller="Project.set_codebook")
        origin = codebook._origin
        base = origin[1] if origin is not None and origin[0] == self._uid else (
            None if origin is not None else self._seen_version)
        with self._write() as con:
            current = con.execute("SELECT max(version) FROM codebooks").fetchone()[0]
            merged_from = None
            if base is not None and current is not None and base < current:
                codebook = self._rebase_codebook(codebook, base, current, on_conflict)
                merged_from = current
            hist = codebook.history
            cur = con.execute(
                "INSERT INTO codebooks (name, label, description, history, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (codebook.name, codebook.version, codebook.description,
                 hist.to_json(orient="records"), who, _now()))
            version = int(cur.lastrowid)
            con.executemany(
                "INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(version, i, c.id, c.name, c.parent, c.definition, c.include, c.exclude,
                  _json(list(c.examples)), _json(list(c.cues)), c.colour)
                 for i, c in enumerate(codebook)])
            self._audit(con, who, "set_codebook", f"codebook:{version}", None,
                        {"codes": len(codebook), "name": codebook.name,
                         "history": hist.to_dict("records"),
                         **({"based_on": base, "merged_with": merged_from}
                            if merged_from is not None else {})})
            for row in hist.itertuples(index=False):
                if row.op != "merge" or row.code_id in codebook:
                    continue
                target = ast.literal_eval(str(row.detail)[len("into "):])
                while target not in codebook:  # merged again later
                    nxt = [ast.literal_eval(str(r.detail)[5:]) for r in hist.itertuples()
                           if r.op == "merge" and r.code_id == target]
                    if not nxt:
                        break
                    target = nxt[-1]
                ids = [r[0] for r in con.execute("SELECT id FROM codings WHERE code_id = ?",
                                                 (row.code_id,))]
                if ids:
                    con.execute("UPDATE codings SET code_id = ? WHERE code_id = ?",
                                (target, row.code_id))
                    self._audit(con, who, "recode", f"code:{row.code_id}",
                                {"code_id": row.code_id, "codings": ids},
                                {"code_id": target, "reason": f"codebook merge (v{version})"})
        codebook._origin = (self._uid, version)
        self._codebook = codebook
        self._codebook_version = self._seen_version = version
        return version

    def _rebase_codebook(self, mine: Codebook, base: int, current: int,
                         on_conflict: str) -> Codebook:
        """``mine`` (based on ``base``) made consistent with ``current``, or a conflict."""
        old, theirs = self._load_codebook(base), self._load_codebook(current)
        b = {c.id: c for c in old}
        t = {c.id: c for c in theirs}
        m = {c.id: c for c in mine}
        added = [i for i in t if i not in b and i not in m]
        undone = [i for i in t if i in b and i in m and t[i] != b[i] and m[i] == b[i]]
        revived = [i for i in b if i not in t and i in m and m[i] == b[i]]
        both = [i for i in t if i in b and t[i] != b[i] and (i not in m or m[i] not in (b[i], t[i]))]
        both += [i for i in b if i not in t and i in m and m[i] != b[i]]
        both += [i for i in revived if mine.children(i)]
        by = self._query("SELECT created_by, created_at FROM codebooks WHERE version = ?",
                         (current,))[0]
        stored = f"by {by[0]} at {by[1]}" if by[0] else f"at {by[1]}"

        def names(ids: list[str], book: dict[str, Code]) -> str:
            return ", ".join(f"{i!r} ({book[i].name})" for i in ids)

        if both:
            raise CodebookConflict(Errors.Q226.format(
                path=self.path, base=base, current=current, by=stored,
                problem=f"the codes {names(both, {**b, **t})}"))
        if on_conflict == "raise" and (added or undone or revived):
            parts = []
            if added:
                parts.append(f"lose codes added in version {current}: {names(added, t)}")
            if undone:
                parts.append(f"undo changes made in version {current} to {names(undone, t)}")
            if revived:
                parts.append(f"bring back codes removed in version {current}: "
                             f"{names(revived, b)}")
            raise CodebookConflict(Errors.Q225.format(
                path=self.path, base=base, current=current, by=stored,
                problem="; ".join(parts)))
        codes = [t[c.id] if c.id in undone else c for c in mine if c.id not in revived]
        have = {c.id for c in codes}
        for i in added:
            c = t[i]
            codes.append(c if c.parent is None or c.parent in have else c.replace(parent=None))
            have.add(i)
        merged = Codebook(codes, name=mine.name, version=mine.version,
                          description=mine.description, history=mine.history)
        return merged

    @property
    def codebook_version(self) -> int | None:
        """The number of the current codebook version (``None`` before one is set)."""
        return self._query("SELECT max(version) FROM codebooks")[0][0]

    @property
    def codebook(self) -> Codebook:
        """The current codebook.

        Raises
        ------
        ProjectError
            No codebook has been set.
        """
        version = self.codebook_version
        if version is None:
            raise ProjectError(Errors.Q211.format(caller="Project.codebook", what="codebook",
                                                  fix="project.set_codebook(cb)"))
        self._seen_version = version
        if self._codebook is not None and self._codebook_version == version:
            return self._codebook
        self._codebook = self._load_codebook(version)
        self._codebook_version = version
        return self._codebook

    def codebook_versions(self) -> pd.DataFrame:
        """One row per stored codebook version: version, name, label, codes, created_by, created_at."""
        return self._frame(
            "SELECT b.version, b.name, b.label, (SELECT count(*) FROM codes c WHERE "
            "c.codebook_version = b.version) AS codes, b.created_by, b.created_at "
            "FROM codebooks b ORDER BY b.version")

    def _load_codebook(self, version: int) -> Codebook:
        head = self._query("SELECT name, label, description, history FROM codebooks "
                           "WHERE version = ?", (version,))
        if not head:
            raise ProjectError(Errors.Q213.format(caller="Project.codebook_at",
                                                  what="codebook version", found=version,
                                                  known="the versions in codebook_versions()"))
        name, label, desc, hist = head[0]
        rows = self._query("SELECT id, name, parent, definition, include, exclude, examples, "
                           "cues, colour FROM codes WHERE codebook_version = ? ORDER BY position",
                           (version,))
        codes = [Code(i, n, parent=p, definition=d, include=inc, exclude=exc,
                      examples=tuple(json.loads(ex or "[]")), cues=tuple(json.loads(cu or "[]")),
                      colour=col) for i, n, p, d, inc, exc, ex, cu, col in rows]
        h = pd.DataFrame(json.loads(hist or "[]"), columns=["version", "op", "code_id", "detail"])
        cb = Codebook(codes, name=name or "", version=label or "", description=desc or "",
                      history=h)
        cb._origin = (self._uid, int(version))
        return cb

    def codebook_at(self, version: int) -> Codebook:
        """The codebook as stored in ``version``."""
        return self._load_codebook(int(version))

    # ------------------------------------------------------------------ coding
    def _check_rows(self, rows: list[dict[str, Any]], caller: str) -> list[str]:
        lengths = self._lengths()
        cb = self.codebook
        problems = []
        for i, r in enumerate(rows):
            where = r.pop("_where", f"row {i + 1}")
            tid, s, e, code = r["transcript_id"], r["start"], r["end"], r["code_id"]
            if not r.get("coder"):
                problems.append(f"{where}: empty coder")
            if tid not in lengths:
                close = difflib.get_close_matches(str(tid), list(lengths), n=3, cutoff=0.5)
                problems.append(f"{where}: unknown transcript {tid!r} (close matches: "
                                f"{', '.join(map(repr, close)) or 'none'})")
            else:
                try:
                    s, e = int(s), int(e)
                    if float(r["start"]) != s or float(r["end"]) != e:
                        raise ValueError
                except (TypeError, ValueError):
                    problems.append(f"{where}: transcript {tid!r}: start/end "
                                    f"{value_hint(r['start'])}, {value_hint(r['end'])} are not "
                                    "whole numbers")
                else:
                    r["start"], r["end"] = s, e
                    if not (0 <= s < e <= lengths[tid]):
                        problems.append(f"{where}: transcript {tid!r}: span [{s}, {e}) is not "
                                        f"within 0 <= start < end <= {lengths[tid]}")
            if code not in cb:
                problems.append(f"{where}: {cb._unknown(code)[7:]}")
        return problems

    def _insert(self, con: sqlite3.Connection, rows: list[dict[str, Any]], who: str | None,
                action: str) -> list[int]:
        ids = []
        now = _now()
        for r in rows:
            cur = con.execute(
                'INSERT INTO codings (coder, transcript_id, start, "end", code_id, memo, '
                "created_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (r["coder"], r["transcript_id"], r["start"], r["end"], r["code_id"],
                 _clean(r.get("memo")), _clean(r["created_at"]) if "created_at" in r else now,
                 _clean(r.get("provenance")) or action))
            ids.append(int(cur.lastrowid))
        if len(rows) == 1:
            r = rows[0]
            self._audit(con, who or r["coder"], action, f"coding:{ids[0]}", None,
                        {k: r.get(k) for k in ("coder", "transcript_id", "start", "end",
                                               "code_id", "memo")})
        elif rows:
            self._audit(con, who, action, f"codings:{ids[0]}-{ids[-1]}", None,
                        {"n": len(rows), "coders": sorted({r["coder"] for r in rows})})
        return ids

    def code(self, coder: str, transcript_id: str, start: int, end: int, code_id: str,
             memo: str | None = None) -> int:
        """Code ``text[start:end]`` of a transcript with ``code_id``; return the coding id.

        Raises
        ------
        SpanError
            The span is empty, reversed or outside the text (message names it).
        UnknownCodeError
            ``code_id`` is not in the codebook.
        ProjectError
            No such transcript, or no codebook yet.
        """
        lengths = self._lengths()
        if transcript_id not in lengths:
            close = difflib.get_close_matches(str(transcript_id), list(lengths), n=3, cutoff=0.5)
            raise ProjectError(Errors.Q204.format(tid=transcript_id, where=" in Project.code",
                                                  n=len(lengths),
                                                  close=", ".join(map(repr, close)) or "none"))
        n = lengths[transcript_id]
        if not (isinstance(start, (int, np.integer)) and isinstance(end, (int, np.integer))) \
                or not (0 <= start < end <= n):
            problem = ("is empty or reversed" if isinstance(start, (int, np.integer))
                       and isinstance(end, (int, np.integer)) and start >= end
                       else "is outside the text")
            raise SpanError(Errors.Q203.format(tid=transcript_id, start=start, end=end,
                                               problem=problem, length=n))
        self.codebook.check(code_id, where=f" (coding {transcript_id} [{start}, {end}))")
        row = {"coder": coder, "transcript_id": transcript_id, "start": int(start),
               "end": int(end), "code_id": code_id, "memo": memo}
        with self._write() as con:
            return self._insert(con, [row], coder, "code")[0]

    def code_utterance(self, coder: str, utterance_id: str, code_id: str,
                       memo: str | None = None) -> int:
        """Code a whole utterance (its span) with ``code_id``; return the coding id."""
        hit = self._query('SELECT transcript_id, start, "end" FROM utterances '
                          "WHERE utterance_id = ?", (utterance_id,))
        if not hit:
            raise ProjectError(Errors.Q213.format(caller="Project.code_utterance",
                                                  what="utterance", found=utterance_id,
                                                  known="the ids in project.corpus.utterances"))
        tid, s, e = hit[0]
        return self.code(coder, tid, s, e, code_id, memo)

    def code_quote(self, coder: str, transcript_id: str, quote: str, code_id: str,
                   memo: str | None = None) -> int:
        """Code the one place where ``quote`` occurs in a transcript; return the coding id.

        Raises
        ------
        SpanError
            The quote is not in the text, or occurs more than once (offsets listed).
        """
        lengths = self._lengths()
        if transcript_id not in lengths:
            close = difflib.get_close_matches(str(transcript_id), list(lengths), n=3, cutoff=0.5)
            raise ProjectError(Errors.Q204.format(tid=transcript_id,
                                                  where=" in Project.code_quote", n=len(lengths),
                                                  close=", ".join(map(repr, close)) or "none"))
        text = self.corpus[transcript_id].text
        if not quote:
            raise SpanError(Errors.Q205.format(tid=transcript_id, quote=text_hint(quote),
                                               problem="is empty"))
        hits = []
        i = text.find(quote)
        while i >= 0:
            hits.append(i)
            i = text.find(quote, i + 1)
        if not hits:
            raise SpanError(Errors.Q205.format(tid=transcript_id, quote=text_hint(quote),
                                               problem="does not occur in the text"))
        if len(hits) > 1:
            raise SpanError(Errors.Q205.format(
                tid=transcript_id, quote=text_hint(quote),
                problem=f"occurs {len(hits)} times, at offsets {hits[:10]}; quote more "
                "context or use project.code with the offsets"))
        return self.code(coder, transcript_id, hits[0], hits[0] + len(quote), code_id, memo)

    def code_many(self, codings: pd.DataFrame, coder: str | None = None, *,
                  who: str | None = None) -> list[int]:
        """Store a batch of codings in one transaction; return their ids.

        ``codings`` has ``transcript_id, start, end, code_id`` and ``coder`` (unless
        ``coder`` is given), optionally ``memo`` and ``provenance``. Every row is checked
        first; if any is bad, nothing is stored and one :class:`CodingBatchError`
        (a :class:`SpanError` and :class:`UnknownCodeError`) lists every bad row.
        """
        from ._validation import check_columns

        need = ["transcript_id", "start", "end", "code_id"] + ([] if coder else ["coder"])
        check_columns(codings, need, caller="Project.code_many")
        rows = []
        for i, r in enumerate(codings.to_dict("records")):
            row = {k: _clean(v) for k, v in r.items()}
            if coder:
                row["coder"] = coder
            row["_where"] = f"row {i + 1}"
            rows.append(row)
        problems = self._check_rows(rows, "Project.code_many")
        if problems:
            raise CodingBatchError(Errors.Q207.format(
                caller="Project.code_many", n=len(problems),
                problems="\n".join("  - " + p for p in problems)))
        with self._write() as con:
            return self._insert(con, rows, who or coder, "code_many")

    def uncode(self, coding_id: int, *, who: str | None = None) -> None:
        """Remove a coding (the audit log keeps what it was)."""
        row = self._frame('SELECT id, coder, transcript_id, start, "end", code_id, memo '
                          "FROM codings WHERE id = ?", (int(coding_id),))
        if row.empty:
            raise ProjectError(Errors.Q213.format(caller="Project.uncode", what="coding",
                                                  found=coding_id, known="project.codings()"))
        with self._write() as con:
            con.execute("DELETE FROM codings WHERE id = ?", (int(coding_id),))
            self._audit(con, who, "uncode", f"coding:{coding_id}",
                        {k: _clean(v) for k, v in row.iloc[0].items()}, None)

    def set_coding_memo(self, coding_id: int, memo: str | None, *,
                        who: str | None = None) -> None:
        """Write (or with None, clear) the memo of a coding, in place: the coding keeps
        its id, and the audit log keeps the memo it had.

        Examples
        --------
        >>> from qualkit import Corpus, Transcript, Turn, Codebook, Code
        >>> p = Project.in_memory()
        >>> p.add_corpus(Corpus([Transcript.from_turns("fg1", [Turn("P01", "Ask first.")])]))
        >>> _ = p.set_codebook(Codebook([Code("consent", "Consent")]))
        >>> cid = p.code("ana", "fg1", 0, 10, "consent")
        >>> p.set_coding_memo(cid, "too broad?", who="ana")
        >>> p.codings()[["coding_id", "memo"]].values.tolist() == [[cid, "too broad?"]]
        True
        """
        row = self._frame("SELECT id, memo FROM codings WHERE id = ?", (int(coding_id),))
        if row.empty:
            raise ProjectError(Errors.Q213.format(caller="Project.set_coding_memo",
                                                  what="coding", found=coding_id,
                                                  known="project.codings()"))
        if memo is not None and not isinstance(memo, str):
            raise InvalidParameterError(Errors.Q001.format(
                param="memo", caller="Project.set_coding_memo", expected="a str or None",
                found=type(memo).__name__))
        with self._write() as con:
            con.execute("UPDATE codings SET memo = ? WHERE id = ?", (memo, int(coding_id)))
            self._audit(con, who, "memo", f"coding:{int(coding_id)}",
                        {"memo": _clean(row.iloc[0]["memo"])}, {"memo": memo})

    def codings(self, coder: str | Iterable[str] | None = None,
                code_id: str | Iterable[str] | None = None,
                transcript_id: str | Iterable[str] | None = None,
                group: str | Iterable[str] | None = None,
                section: str | Iterable[str] | None = None) -> pd.DataFrame:
        """The codings, one row each, with the columns of :data:`CODING_COLUMNS`.

        ``provenance`` says how a coding came in (``code``, ``code_many``,
        ``import:<file>``, ``merge:<file>``, ``suggestion:<id>`` ...); ``section`` is the
        section of the utterance where the span starts; ``text`` is the span's text.
        """
        where, params = [], []
        for col, val in (("c.coder", coder), ("c.code_id", code_id),
                         ("c.transcript_id", transcript_id), ("t.grp", group)):
            if val is None:
                continue
            vals = [val] if isinstance(val, str) else list(val)
            where.append(f"{col} IN ({', '.join('?' * len(vals))})")
            params.extend(vals)
        # the section comes from the utterance where the span starts (an index lookup);
        # the text is sliced here: SQLite's substr counts characters from the start of
        # the transcript for every row, which is slow for long transcripts
        sql = ('SELECT c.id, c.coder, c.transcript_id, c.start, c."end", c.code_id, c.memo, '
               "c.created_at, c.source, t.grp, t.session, "
               "(SELECT u.section FROM utterances u WHERE u.transcript_id = c.transcript_id "
               '  AND u.start <= c.start ORDER BY u.start DESC LIMIT 1) '
               "FROM codings c JOIN transcripts t ON t.id = c.transcript_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY c.id")
        df = self._frame(sql, params, columns=CODING_COLUMNS[:-1])
        spans: list[Any] = [None] * len(df)
        if len(df):
            texts = self._texts(df["transcript_id"].unique().tolist())
            starts, ends = df["start"].to_numpy(np.int64), df["end"].to_numpy(np.int64)
            for tid, rows in df.groupby("transcript_id", sort=False).indices.items():
                text = texts[tid]
                cut = (text.segments(starts[rows], ends[rows]) if isinstance(text, Utf8Text)
                       else [text[a:b] for a, b in zip(starts[rows].tolist(),
                                                       ends[rows].tolist(), strict=True)])
                for i, piece in zip(rows.tolist(), cut, strict=True):
                    spans[i] = piece
        df["text"] = pd.Series(spans, dtype=object, index=df.index)
        if section is not None:
            secs = [section] if isinstance(section, str) else list(section)
            df = df[df["section"].isin(secs)].reset_index(drop=True)
        for col in ("coding_id", "start", "end"):
            df[col] = df[col].astype("int64")
        df["session"] = pd.array([_clean(v) for v in df["session"]], dtype="Int64")
        for col in ("memo", "group", "section", "provenance"):
            df[col] = pd.Series([_clean(v) for v in df[col]], dtype=object, index=df.index)
        return df

    @property
    def coders(self) -> list[str]:
        """The names of everyone who has coded, sorted."""
        return [r[0] for r in self._query("SELECT DISTINCT coder FROM codings ORDER BY coder")]

    def import_codings(self, path: str | Path, coder: str | None = None) -> list[int]:
        """Add the codings in a CSV file (``transcript_id, start, end, code_id[, coder, memo]``).

        Rows are numbered as in a spreadsheet in errors; nothing is stored if any is bad.
        """
        path = Path(path)
        if not path.exists():
            raise ProjectError(Errors.Q003.format(path=path))
        df = _read_codings_csv(path)
        from ._validation import check_columns

        need = ["transcript_id", "start", "end", "code_id"] + ([] if coder else ["coder"])
        check_columns(df, need, caller=f"Project.import_codings({path.name})")
        keep = [c for c in ("coder", "transcript_id", "start", "end", "code_id", "memo")
                if c in df]
        batch = df[keep].copy()
        batch["provenance"] = f"import:{path.name}"
        rows = []
        for i, r in enumerate(batch.to_dict("records")):
            row = {k: _clean(v) for k, v in r.items()}
            if coder:
                row["coder"] = coder
            row["_where"] = f"{path}: row {i + 2}"
            rows.append(row)
        problems = self._check_rows(rows, "Project.import_codings")
        if problems:
            raise CodingBatchError(Errors.Q207.format(
                caller=f"Project.import_codings({path})", n=len(problems),
                problems="\n".join("  - " + p for p in problems)))
        with self._write() as con:
            return self._insert(con, rows, coder, f"import:{path.name}")

    def export_codings(self, path: str | Path, *, allow_identifiers: bool = False,
                       **filters: Any) -> Path:
        """Write :meth:`codings` (optionally filtered) to a CSV file; return the path.

        Every column (memos included) passes the identifier scan first; with
        findings an :class:`~qualkit.errors.IdentifierFoundError` names their
        places and nothing is written, unless ``allow_identifiers=True``.
        """
        from ._export import write_csv
        from .privacy import check_export

        table = self.codings(**filters)
        check_export(table, allow_identifiers=allow_identifiers)
        try:
            return write_csv(table, path, index=False)
        except OSError as exc:
            raise _store.store_error(Path(path), exc, "write the codings CSV") from None

    def to_html(self, transcript_id: str, coders: Iterable[str] | None = None,
                path: str | Path | None = None) -> str:
        """A transcript with its coding stripes as one self-contained HTML page.

        No script, no network, no external asset: a page to send to a supervisor or
        attach to an audit trail. The identifier guard runs first (nothing is
        written if it finds one). See :func:`qualkit.widgets.transcript_html`.

        Parameters
        ----------
        transcript_id : str
        coders : list of str, optional
            Whose codings are drawn (default: everyone's).
        path : str or Path, optional
            Where to write the page.

        Returns
        -------
        str
            The page.
        """
        from ._transcript_html import transcript_html

        return transcript_html(self, transcript_id, coders=coders, path=path)

    # ------------------------------------------------------------------ memos, themes
    def add_memo(self, target_kind: str, target_id: Any, text: str, author: str | None = None
                 ) -> int:
        """Attach a memo to a ``project``, ``transcript``, ``code``, ``coding`` or ``theme``."""
        with self._write() as con:
            cur = con.execute("INSERT INTO memos (target_kind, target_id, author, text, "
                              "created_at) VALUES (?, ?, ?, ?, ?)",
                              (target_kind, None if target_id is None else str(target_id),
                               author, text, _now()))
            mid = int(cur.lastrowid)
            self._audit(con, author, "add_memo", f"memo:{mid}", None,
                        {"target_kind": target_kind, "target_id": target_id, "text": text})
        return mid

    def memos(self, target_kind: str | None = None) -> pd.DataFrame:
        """The memos, columns :data:`MEMO_COLUMNS`."""
        sql = "SELECT id, target_kind, target_id, text, author, created_at FROM memos"
        params: tuple[Any, ...] = ()
        if target_kind is not None:
            sql += " WHERE target_kind = ?"
            params = (target_kind,)
        df = self._frame(sql + " ORDER BY id", params, columns=MEMO_COLUMNS)
        df["memo_id"] = df["memo_id"].astype("int64")
        return df

    def add_theme(self, name: str, definition: str = "", codes: Iterable[str] = (),
                  who: str | None = None) -> int:
        """Record a theme built from ``codes`` (checked against the codebook); return its id."""
        codes = list(codes)
        if codes:
            cb = self.codebook
            for c in codes:
                cb.check(c, where=f" (theme {name!r})")
        with self._write() as con:
            cur = con.execute("INSERT INTO themes (name, definition, codes, created_by, "
                              "created_at) VALUES (?, ?, ?, ?, ?)",
                              (name, definition, _json(codes), who, _now()))
            tid = int(cur.lastrowid)
            self._audit(con, who, "add_theme", f"theme:{tid}", None,
                        {"name": name, "definition": definition, "codes": codes})
        return tid

    def themes(self) -> pd.DataFrame:
        """The themes, columns :data:`THEME_COLUMNS` (``codes`` a list of code ids)."""
        df = self._frame("SELECT id, name, definition, codes, created_by, created_at "
                         "FROM themes ORDER BY id", columns=THEME_COLUMNS)
        df["theme_id"] = df["theme_id"].astype("int64")
        df["codes"] = [json.loads(c) for c in df["codes"]]
        return df

    # ------------------------------------------------------------------ audit
    def audit_log(self) -> pd.DataFrame:
        """The append-only audit log, columns :data:`AUDIT_COLUMNS` (before/after decoded)."""
        df = self._frame("SELECT id, at, who, action, target, before, after FROM audit "
                         "ORDER BY id", columns=AUDIT_COLUMNS)
        df["id"] = df["id"].astype("int64")
        for col in ("before", "after"):
            df[col] = pd.Series([None if _clean(v) is None else json.loads(v) for v in df[col]],
                                dtype=object, index=df.index)
        return df

    def verify_audit(self) -> _audit.AuditCheck:
        """Check that the audit log is whole: every row's hash chain, its end and its triggers.

        Each row carries the hash of the row before it, so a row changed, removed,
        inserted or reordered outside qualkit (with another SQLite tool) breaks the
        chain there; rows cut from the end no longer match the recorded head.

        Returns
        -------
        AuditCheck
            ``ok`` (also its truth value), ``rows`` checked, ``first_bad`` (the id of
            the first row that fails), ``problem`` and ``head`` (the last row's hash:
            note it down to show later that nothing before it changed).

        Examples
        --------
        >>> p = Project.in_memory()
        >>> p.add_memo("project", None, "Started.", "ana")
        1
        >>> check = p.verify_audit()
        >>> bool(check), check.rows, check.first_bad
        (True, 1, None)
        """
        return self._retry(lambda: _audit.verify(self._con), "check the audit log")

    def export_audit(self, path: str | Path, *, allow_identifiers: bool = False) -> Path:
        """Write the audit log to ``.csv`` or ``.jsonl`` (before/after as JSON); return the path.

        The rows keep their ``prev_hash`` and ``hash``, so an exported log can be
        checked on its own. The log keeps the text of every change (a coding's memo,
        a transcript as it was before a redaction), so its ``who``, ``action``,
        ``target``, ``before`` and ``after`` are scanned first: an identifier refuses
        the export (:class:`~qualkit.errors.IdentifierFoundError`, Q501, naming the
        column and row, never the text) and no file is written, unless
        ``allow_identifiers=True``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = Project.in_memory()
        >>> _ = p.add_memo("project", None, "Ring her on 07700 900123.", "ana")
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "audit.csv"
        >>> p.export_audit(out)
        Traceback (most recent call last):
        ...
        qualkit.errors.IdentifierFoundError: [Q501] Project.export_audit: 1 identifier finding(s) ...
        >>> out.exists(), p.export_audit(out, allow_identifiers=True).exists()
        (False, True)
        """
        path = Path(path)
        df = self._frame("SELECT id, at, who, action, target, before, after, prev_hash, hash "
                         "FROM audit ORDER BY id", columns=[*AUDIT_COLUMNS, "prev_hash", "hash"])
        from ._export import atomic_output
        from .privacy import check_export
        from .privacy._redact import describe_findings

        scanned = df[["who", "action", "target", "before", "after"]].astype(object)
        scanned = scanned.where(scanned.notna(), "").set_axis(df["id"].to_numpy())
        found = check_export(scanned, allow_identifiers=True)
        if len(found) and not allow_identifiers:  # the place: the log's column and row id
            raise IdentifierFoundError(Errors.Q501.format(
                caller="Project.export_audit", n=len(found),
                found=describe_findings(found.assign(transcript_id="the audit log"))))

        try:
            with atomic_output(path) as tmp:  # as stored: cells not escaped, hashes must verify
                if path.suffix.lower() in (".jsonl", ".json"):
                    with tmp.open("w", encoding="utf-8") as fh:
                        for rec in df.to_dict("records"):
                            for k in ("before", "after"):
                                rec[k] = None if _clean(rec[k]) is None else json.loads(rec[k])
                            fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
                else:
                    df.to_csv(tmp, index=False)
        except OSError as exc:
            raise _store.store_error(path, exc, "write the audit log") from None
        return path

    # ------------------------------------------------------------------ merging
    def merge_from(self, other: str | Path | Project, *, on_conflict: str = "raise",
                   who: str | None = None) -> pd.DataFrame:
        """Bring another project's transcripts, codes, codings, memos and themes in.

        Every coding is kept; exact duplicates (same coder, span and code) are stored
        once. A *coder clash* — the same coder name with different codings of the same
        transcript in both projects — raises :class:`~qualkit.errors.CodingMergeConflict`
        (nothing merged) unless ``on_conflict="report"``, which merges everything and
        flags the clash in the returned report.

        Returns
        -------
        DataFrame
            One row per (coder, transcript_id): ``added, duplicates, clash``.
        """
        from ._validation import check_option

        check_option(on_conflict, ["raise", "report"], param="on_conflict",
                     caller="Project.merge_from")
        src = other if isinstance(other, Project) else Project.open(other, read_only=True)
        label = Path(src.path).name
        try:
            theirs = src.codings()
            their_corpus = src.corpus
            their_cb = src.codebook if src.codebook_version is not None else None
            their_memos = src.memos()
            their_themes = src.themes()
        finally:
            if not isinstance(other, Project):
                src.close()
        key = ["coder", "transcript_id", "start", "end", "code_id"]
        with self._write() as con:  # one transaction: all of the merge or none of it
            ours = self.codings()
            ours_keys = set(map(tuple, ours[key].itertuples(index=False, name=None)))
            report = []
            clashes = []
            for (coder, tid), grp in theirs.groupby(["coder", "transcript_id"], sort=True):
                keys = set(map(tuple, grp[key].itertuples(index=False, name=None)))
                mine = {k for k in ours_keys if k[0] == coder and k[1] == tid}
                dup = len(keys & mine)
                clash = bool(mine) and keys != mine
                report.append({"coder": coder, "transcript_id": tid,
                               "added": len(keys - mine), "duplicates": dup, "clash": clash})
                if clash:
                    clashes.append(f"{coder!r} on {tid!r} ({len(keys - mine)} codings only in "
                                   f"{label}, {len(mine - keys)} only here)")
            rep = pd.DataFrame(report, columns=["coder", "transcript_id", "added", "duplicates",
                                                "clash"])
            if clashes and on_conflict == "raise":
                raise CodingMergeConflict(Errors.Q209.format(
                    path=src.path, coder=sorted({c.split("'")[1] for c in clashes})[0],
                    problem="; ".join(clashes)))
            self.add_corpus(their_corpus, who=who)
            if their_cb is not None:
                if self.codebook_version is None:
                    self.set_codebook(their_cb, who=who)
                else:
                    cb = self.codebook
                    extra = [c for c in their_cb if c.id not in cb]
                    if extra:
                        for c in extra:
                            parent = c.parent if c.parent in cb else None
                            cb = cb.add(c.replace(parent=parent))
                        self.set_codebook(cb, who=who)
            new = theirs[[tuple(r) not in ours_keys for r in
                          theirs[key].itertuples(index=False, name=None)]]
            rows = [{"coder": r.coder, "transcript_id": r.transcript_id, "start": int(r.start),
                     "end": int(r.end), "code_id": r.code_id, "memo": _clean(r.memo),
                     "created_at": r.created_at,
                     "provenance": f"merge:{label}#{r.coding_id}"}
                    for r in new.itertuples(index=False)]
            self._insert(con, rows, who, f"merge:{label}")
            have = set(con.execute("SELECT target_kind, target_id, text FROM memos").fetchall())
            for m in their_memos.itertuples(index=False):
                if (m.target_kind, m.target_id, m.text) not in have:
                    con.execute("INSERT INTO memos (target_kind, target_id, author, text, "
                                "created_at) VALUES (?, ?, ?, ?, ?)",
                                (m.target_kind, m.target_id, m.author, m.text, m.created_at))
            names = {r[0] for r in con.execute("SELECT name FROM themes")}
            for t in their_themes.itertuples(index=False):
                if t.name not in names:
                    con.execute("INSERT INTO themes (name, definition, codes, created_by, "
                                "created_at) VALUES (?, ?, ?, ?, ?)",
                                (t.name, t.definition, _json(t.codes), t.created_by,
                                 t.created_at))
            self._audit(con, who, "merge_from", src.path, None,
                        {"codings_added": len(rows), "clashes": clashes})
        return rep

    # ------------------------------------------------------------------ suggestions
    def suggest_codings(self, coder: str | None = None, codes: Iterable[str] | None = None,
                        threshold: float | None = None, **kwargs: Any) -> pd.DataFrame:
        """Codebook-driven suggestions (cue phrases, words and meaning of definitions).

        See :func:`qualkit.suggest.suggest_codings`. The codings already made (by
        ``coder`` when given, else by everyone) join the codebook's examples, so
        suggestions learn from what was accepted. Suggestions are stored (pending)
        with ids so that :meth:`accept_suggestion` / :meth:`reject_suggestion` can
        record the decision. Spans ``coder`` already coded with that code are left out.

        Returns
        -------
        DataFrame
            ``suggestion_id, transcript_id, start, end, code_id, score, reason, text``.
        """
        from .suggest import DEFAULT_THRESHOLD, suggest_codings

        th = DEFAULT_THRESHOLD if threshold is None else threshold
        if "examples" not in kwargs:  # learn from what was coded (by coder, if given)
            done = self.codings(coder=coder) if coder is None or coder in self.coders \
                else self.codings().iloc[:0]
            kwargs["examples"] = done[["code_id", "text"]]
        kwargs.setdefault("cache", self)
        df = suggest_codings(self.corpus, self.codebook, codes=codes, threshold=th, **kwargs)
        if coder is not None and len(df):
            done = self.codings(coder=coder)
            if len(done):
                have = set(zip(done["transcript_id"], done["start"], done["end"],
                               done["code_id"], strict=True))
                mask = [k not in have for k in zip(df["transcript_id"], df["start"], df["end"],
                                                   df["code_id"], strict=True)]
                df = df[mask].reset_index(drop=True)
        decided = set(self._query('SELECT transcript_id, start, "end", code_id FROM suggestions '
                                  "WHERE decision IS NOT NULL"))
        if decided and len(df):
            mask = [k not in decided for k in zip(df["transcript_id"], df["start"], df["end"],
                                                  df["code_id"], strict=True)]
            df = df[mask].reset_index(drop=True)
        now = _now()
        with self._write() as con:
            con.execute("DELETE FROM suggestions WHERE decision IS NULL")
            ids = []
            for r in df.itertuples(index=False):
                cur = con.execute('INSERT INTO suggestions (transcript_id, start, "end", '
                                  "code_id, score, reason, created_at) VALUES (?,?,?,?,?,?,?)",
                                  (r.transcript_id, int(r.start), int(r.end), r.code_id,
                                   float(r.score), r.reason, now))
                ids.append(int(cur.lastrowid))
        df.insert(0, "suggestion_id", pd.array(ids, dtype="int64"))
        return df

    def decide_suggestion(self, suggestion_id: int, decision: str, coder: str,
                          memo: str | None = None) -> int | None:
        """Record ``coder``'s ``decision`` (``"accept"``/``"reject"``) on a suggestion.

        Accepting creates the coding (its id is returned; provenance ``suggestion:<id>``).
        """
        from ._validation import check_option

        check_option(decision, ["accept", "reject"], param="decision",
                     caller="Project.decide_suggestion")
        row = self._query('SELECT transcript_id, start, "end", code_id, decision FROM '
                          "suggestions WHERE id = ?", (int(suggestion_id),))
        if not row:
            raise ProjectError(Errors.Q213.format(caller="Project.decide_suggestion",
                                                  what="suggestion", found=suggestion_id,
                                                  known="the suggestion_id column of "
                                                  "project.suggest_codings()"))
        tid, s, e, code, prior = row[0]
        if prior is not None:
            raise ProjectError(Errors.Q210.format(
                path=self.path, problem=f"suggestion {suggestion_id} was already decided "
                f"({prior})", expected="an undecided suggestion"))
        coding_id = None
        with self._write() as con:
            if decision == "accept":
                self.codebook.check(code)
                coding_id = self._insert(con, [{
                    "coder": coder, "transcript_id": tid, "start": s, "end": e, "code_id": code,
                    "memo": memo, "provenance": f"suggestion:{suggestion_id}"}], coder,
                    "accept_suggestion")[0]
            con.execute("UPDATE suggestions SET decision = ?, decided_by = ?, decided_at = ?, "
                        "coding_id = ? WHERE id = ?",
                        (decision, coder, _now(), coding_id, int(suggestion_id)))
            self._audit(con, coder, f"{decision}_suggestion", f"suggestion:{suggestion_id}",
                        None, {"decision": decision, "coding_id": coding_id})
        return coding_id

    def accept_suggestion(self, suggestion_id: int, coder: str, memo: str | None = None) -> int:
        """Accept a suggestion: create the coding; return its id."""
        return int(self.decide_suggestion(suggestion_id, "accept", coder, memo))  # type: ignore[arg-type]

    def reject_suggestion(self, suggestion_id: int, coder: str) -> None:
        """Reject a suggestion (recorded, and not suggested again)."""
        self.decide_suggestion(suggestion_id, "reject", coder)

    def suggestions(self) -> pd.DataFrame:
        """Every stored suggestion with its decision (``None`` while pending)."""
        return self._frame('SELECT id AS suggestion_id, transcript_id, start, "end", code_id, '
                           "score, reason, decision, decided_by, decided_at, coding_id "
                           "FROM suggestions ORDER BY id")


def _statements(script: str) -> list[str]:
    """Split the schema script into statements (triggers hold inner semicolons)."""
    out, buf = [], []
    for line in script.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    return out

