"""The project file on disk: recognising it, creating it atomically, opening it safely.

A qualkit project is one SQLite file whose header carries qualkit's application id
(``PRAGMA application_id``). This module decides, *before* SQLite writes anything,
whether a path holds a qualkit project, someone else's SQLite file or no database
at all, so that a file that is not ours is refused with no byte changed. New files
are built under a temporary name in the same folder and linked into place only
when complete, so a process killed while creating (or importing into) a project
never leaves a half-made file under the project's name. A file or folder the
process may not write opens read-only. Every ``sqlite3`` or ``OSError`` leaves
through :func:`store_error` as a :class:`~qualkit.errors.ProjectError` that names
the file and says what to do.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> probe(d / "missing.qkproj")
'missing'
>>> _ = (d / "notes.txt").write_text("hello")
>>> probe(d / "notes.txt")
'not-sqlite'
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

from .errors import Errors, ProjectError

__all__ = ["APPLICATION_ID", "probe", "inspect", "connect", "create_atomically",
           "store_error"]

#: The ``PRAGMA application_id`` of a qualkit project file ("qkpr" in ASCII).
APPLICATION_ID = 0x716B7072
_MAGIC = b"SQLite format 3\x00"
_SIDECARS = ("-wal", "-shm", "-journal")


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except OSError as exc:
        raise store_error(path, exc, "read the file's header") from None


def probe(path: str | Path) -> str:
    """What ``path`` holds, judged from its header without changing it.

    Returns one of ``"missing"``, ``"folder"``, ``"empty"``, ``"not-sqlite"``,
    ``"other-app"`` (an SQLite file of another application), ``"qualkit"`` (the
    header carries qualkit's application id) or ``"sqlite"`` (an SQLite file with
    no application id: a project written before ids were set, or anyone's file).
    """
    p = Path(path)
    if not p.exists():
        return "missing"
    if p.is_dir():
        return "folder"
    head = _header(p)
    if not head:
        return "empty"
    if len(head) < 100 or not head.startswith(_MAGIC):
        return "not-sqlite"
    app = int.from_bytes(head[68:72], "big")
    if app == APPLICATION_ID:
        return "qualkit"
    return "other-app" if app else "sqlite"


def _uri(path: Path, **params: str) -> str:
    from urllib.parse import quote

    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{quote(str(path.resolve()))}?{query}"


def _wal_mode(path: Path) -> bool:
    head = _header(path)
    return len(head) >= 20 and head[18] == 2 and head[19] == 2


def writable(path: Path) -> bool:
    """Whether this process may write the file and create its -wal/-shm beside it."""
    folder = path.resolve().parent
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def connect(path: Path, *, read_only: bool, timeout: float) -> sqlite3.Connection:
    """A connection to an existing file; read-only ones never write to it.

    A read-only open of a file this process could write is an ordinary connection
    with ``PRAGMA query_only`` (so, like any reader, it leaves no ``-wal``/``-shm``
    files behind). Where the file or folder is not writable it is ``mode=ro``, or
    SQLite's ``immutable`` mode in a folder the process cannot write with no
    ``-wal`` file beside it (nothing can change the file there).
    """
    kw = {"timeout": timeout, "isolation_level": None, "check_same_thread": False}
    if not read_only or writable(path):
        con = sqlite3.connect(str(path), **kw)
        if read_only:
            con.execute("PRAGMA query_only = ON")
        return con
    folder_ok = os.access(path.resolve().parent, os.W_OK | os.X_OK)
    wal = Path(str(path) + "-wal")
    if not folder_ok and not wal.exists():
        return sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True, **kw)
    return sqlite3.connect(_uri(path, mode="ro"), uri=True, **kw)


def inspect(path: Path, timeout: float, *, qualkit_id: bool = False
            ) -> tuple[str | None, str]:
    """Read ``schema_version`` from an SQLite file without changing anything.

    A WAL-mode file with no ``-wal`` beside it (no connection has it open) is read in
    ``immutable`` mode, so that no ``-wal``/``-shm`` files are created. Returns
    ``(schema_version, "")`` for a file with qualkit's tables, else ``(None, what
    was found)``. A file carrying qualkit's id that SQLite cannot read raises
    [Q221] (damaged) rather than being called someone else's.
    """
    wal = Path(str(path) + "-wal")
    immutable = _wal_mode(path) and not wal.exists()
    params = {"mode": "ro", **({"immutable": "1"} if immutable else {})}
    try:
        con = sqlite3.connect(_uri(path, **params), uri=True, timeout=timeout)
        try:
            names = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if {"meta", "codings", "transcripts", "audit"} <= names:
                row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'"
                                  ).fetchone()
                if row is not None:
                    return str(row[0]), ""
            shown = ", ".join(sorted(names)[:6]) + (" ..." if len(names) > 6 else "")
            return None, f"an SQLite database with the tables {shown or '(none)'}"
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if qualkit_id:  # ours, but damaged: say so, and what to do
            raise store_error(path, exc, "read the project") from None
        return None, f"an SQLite file that SQLite cannot read ({exc})"


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(path: Path) -> None:
    for suffix in ("", *_SIDECARS):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()


def _stale_partials(folder: Path, name: str) -> None:
    """Remove partial files left by creators that were killed (their process is gone)."""
    for p in folder.glob(f".{name}.*.partial"):
        try:
            pid = int(p.name.rsplit(".", 3)[-3])
        except (ValueError, IndexError):
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            _remove(p)
        except (PermissionError, OSError):
            pass


def create_atomically(path: Path, build: Callable[[Path], None], *,
                      overwrite: bool = False) -> None:
    """Create ``path`` by ``build(tmp)`` on a temporary file, then link it into place.

    ``build`` writes a complete, closed SQLite file at ``tmp`` (in the same folder).
    The file appears under ``path`` only when it is whole; an existing ``path`` is
    never overwritten (:class:`ProjectError`, Q222) unless ``overwrite``, which
    replaces it in one step. A process killed meanwhile leaves at most a hidden
    ``.NAME.PID.ID.partial`` file, removed by the next creation in that folder.
    """
    folder = path.parent
    if not folder.is_dir():
        raise ProjectError(Errors.Q220.format(
            path=path, problem=f"the folder {folder} does not exist",
            fix="create the folder first, or give a path in an existing folder"))
    _stale_partials(folder, path.name)
    tmp = folder / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial"
    try:
        build(tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        if overwrite:
            for suffix in _SIDECARS:  # an old -wal must not be applied to the new file
                with contextlib.suppress(FileNotFoundError):
                    Path(str(path) + suffix).unlink()
            os.replace(tmp, path)
            _fsync_folder(folder)
            return
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise ProjectError(Errors.Q222.format(path=path)) from None
        except OSError:  # a file system without hard links: replace if still absent
            if path.exists():
                raise ProjectError(Errors.Q222.format(path=path)) from None
            os.replace(tmp, path)
        _fsync_folder(folder)
    except OSError as exc:
        raise store_error(path, exc, "create the project file") from None
    finally:
        _remove(tmp)


def store_error(path: str | Path, exc: BaseException, doing: str) -> ProjectError:
    """A :class:`ProjectError` naming ``path``, what failed and what to do about it."""
    msg = str(exc).strip() or type(exc).__name__
    low = msg.lower()
    if isinstance(exc, PermissionError) or "readonly" in low or "read-only" in low \
            or "permission" in low:
        fix = ("the file or its folder is read-only here: open it with read_only=True to "
               "read, or copy it (project.backup) to a folder you can write")
    elif "locked" in low or "busy" in low:
        fix = ("another program is writing to it: wait and try again, or close the other "
               "notebook or program using the file")
    elif "full" in low or isinstance(exc, OSError) and getattr(exc, "errno", None) == 28:
        fix = "the disk is full: free some space and try again (nothing was half-written)"
    elif "disk i/o" in low:
        fix = ("the disk could not be written or read (full, removed, over a size limit, or "
               "failing): free some space or check the drive and try again; what was being "
               "written was rolled back. If it persists, restore the file from a backup")
    elif "malformed" in low or "not a database" in low or "corrupt" in low:
        fix = ("the file is damaged or unreadable: restore it from a backup "
               "(project.backup / qualkit backup make one), and check the disk")
    elif "unable to open" in low or isinstance(exc, FileNotFoundError):
        fix = "check that the path exists and that you may read it"
    elif isinstance(exc, OSError):
        fix = "check the path, its permissions and the disk"
    else:
        fix = "check the file with qualkit audit verify, or restore it from a backup"
    return ProjectError(Errors.Q221.format(path=path, doing=doing, problem=msg, fix=fix))
