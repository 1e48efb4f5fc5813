"""Every sqlite3 and OS error reaches the user as a qualkit error naming the file and what to do.

(issue #18, item 6): damaged pages, a damaged schema page, a full disk, a file held by
another writer past the timeout, unwritable export paths and unreadable inputs each give
a ProjectError ([Q221]) that names the file and says what to do -- never a bare
``sqlite3.DatabaseError`` or ``OSError`` -- and nothing stored is lost.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import ProjectError
from qualkit.project import Project


def _project(path: Path, n: int = 2000) -> None:
    with Project.create(path) as p:
        p.add_corpus(Corpus([Transcript.from_turns(f"FG{k}", [Turn("P01", "word " * 200)])
                             for k in range(5)]))
        p.set_codebook(Codebook([Code("a", "A"), Code("b", "B")]))
        p.code_many(pd.DataFrame({"transcript_id": [f"FG{k % 5}" for k in range(n)],
                                  "start": [k % 300 for k in range(n)],
                                  "end": [k % 300 + 9 for k in range(n)],
                                  "code_id": ["a", "b"] * (n // 2)}), coder="KS")


def _page_size(path: Path) -> int:
    head = path.read_bytes()[:100]
    size = int.from_bytes(head[16:18], "big")
    return 65536 if size == 1 else size


def _smash(path: Path, first_page: int, pages: int, *, offset: int = 0) -> None:
    ps = _page_size(path)
    with path.open("r+b") as fh:
        fh.seek((first_page - 1) * ps + offset)
        fh.write(b"\xde\xad\xbe\xef" * (pages * ps // 4))


def test_project_damaged_pages_are_named_errors(tmp_path):
    path = tmp_path / "study.qkproj"
    _project(path)
    size = path.stat().st_size // _page_size(path)
    _smash(path, 4, size - 6)
    reads = {"open": lambda: Project.open(path)}
    try:
        p = Project.open(path)
    except ProjectError as exc:
        err = exc
    else:
        reads = {"codings": p.codings, "corpus": lambda: p.corpus, "audit": p.audit_log,
                 "verify": p.verify_audit, "code": lambda: p.code("x", "FG1", 0, 4, "a")}
        err = None
        for name, read in reads.items():
            with pytest.raises(ProjectError) as info:
                read()
            err = err or info.value
            msg = str(info.value)
            assert "[Q221]" in msg and "study.qkproj" in msg, (name, msg)
            assert "restore it from a backup" in msg and "malformed" in msg, (name, msg)
        p.close()
    assert err is not None and not isinstance(err, sqlite3.Error)


def test_project_damaged_schema_page_is_not_called_foreign(tmp_path):
    path = tmp_path / "study.qkproj"
    _project(path, 10)
    _smash(path, 1, 1, offset=100)  # page 1 after the header: the schema table
    path.write_bytes(path.read_bytes()[:_page_size(path)] + path.read_bytes()[
        _page_size(path):])
    with pytest.raises(ProjectError, match=r"\[Q221\] .*study\.qkproj: could not read the "
                                           r"project: .*restore it from a backup"):
        Project.open(path)


def test_project_full_disk_is_a_named_error_and_loses_nothing(tmp_path, fork):
    path = tmp_path / "study.qkproj"
    _project(path, 100)
    with Project.open(path) as p:
        before = p.codings()
    out = tmp_path / "message.txt"

    def child() -> int:
        p = Project.open(path)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        limit = path.stat().st_size + 8192  # the -wal file may not grow past this
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        big = pd.DataFrame({"transcript_id": ["FG1"] * 20000, "start": [0] * 20000,
                            "end": [5] * 20000, "code_id": ["a"] * 20000,
                            "memo": ["m" * 50] * 20000})
        try:
            p.code_many(big, coder="big")
        except ProjectError as exc:
            out.write_text(str(exc))
            return 0
        return 3

    pid = fork(child)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    msg = out.read_text()
    assert msg.startswith("[Q221] ") and "study.qkproj" in msg, msg
    assert "free some space" in msg and "rolled back" in msg, msg
    with Project.open(path) as p:
        pd.testing.assert_frame_equal(p.codings(), before)
        assert p.verify_audit().ok


def test_project_locked_past_timeout_is_a_named_error(tmp_path):
    path = tmp_path / "study.qkproj"
    _project(path, 10)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with Project.open(path, timeout=0.3) as p:
            with pytest.raises(ProjectError, match=r"\[Q221\] .*study\.qkproj: could not "
                                                   r"start writing within 0\.3 s: database is "
                                                   r"locked\. What to do: another program is "
                                                   r"writing to it"):
                p.code("KS", "FG1", 0, 4, "a")
            assert len(p.codings()) == 10  # reading still works
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_project_os_errors_on_files_are_named(tmp_path):
    path = tmp_path / "study.qkproj"
    _project(path, 10)
    with Project.open(path) as p:
        for call, where in ((lambda: p.export_codings(tmp_path / "no" / "c.csv"), "c.csv"),
                            (lambda: p.export_audit(tmp_path / "no" / "a.jsonl"), "a.jsonl"),
                            (lambda: p.import_codings(tmp_path, coder="x"), tmp_path.name)):
            with pytest.raises(ProjectError, match=rf"\[Q221\] .*{where}: could not .*What to "
                                                   r"do: "):
                call()
