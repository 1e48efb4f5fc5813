"""A consistent copy at any time (issue #18, item 4).

``project.backup(path)`` / ``qualkit backup SRC DEST`` go through SQLite's online backup
API: a copy taken while another process has the project open and is still coding holds
every committed coding, passes ``integrity_check`` and verifies its audit chain.
``close()`` checkpoints the write-ahead log, so a closed project is one whole file.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from pathlib import Path

import pytest

from qualkit.cli import main
from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import ProjectError
from qualkit.project import Project


def _new(path: Path) -> None:
    with Project.create(path) as p:
        p.add_corpus(Corpus([Transcript.from_turns("FG1", [Turn("P01", "word " * 60)])]))
        p.set_codebook(Codebook([Code("a", "A"), Code("b", "B")]))


def _coder(path: Path, n: int | None, ack: int) -> None:
    """Code ``n`` codings (forever if None), acknowledging each; then keep the file open."""
    p = Project.open(path)
    i = 0
    while n is None or i < n:
        p.code("KS", "FG1", i % 50, i % 50 + 5, "a")
        i += 1
        os.write(ack, b".")
    os.write(ack, b"!")
    signal.pause()  # still open, never closed: its work may sit in the -wal file


def _count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return con.execute("SELECT count(*) FROM codings").fetchone()[0]
    finally:
        con.close()


def test_project_backup_while_open_elsewhere_holds_everything(tmp_path, fork):
    path = tmp_path / "study.qkproj"
    _new(path)
    r, w = os.pipe()
    pid = fork(lambda: _coder(path, 300, w))
    os.close(w)
    got = b""
    while not got.endswith(b"!"):
        got += os.read(r, 1024)
    try:
        assert Path(str(path) + "-wal").exists()  # the other process's work is in the log
        shutil.copyfile(path, tmp_path / "plain.qkproj")  # what a file manager copies
        with Project.open(path, read_only=True) as p:
            p.backup(tmp_path / "backup.qkproj")
        assert main(["backup", str(path), str(tmp_path / "cli.qkproj")]) == 0
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(r)
    for name in ("backup.qkproj", "cli.qkproj"):
        copy = tmp_path / name
        assert not Path(str(copy) + "-wal").exists()
        assert _count(copy) == 300
        with Project.open(copy) as q:
            assert q.verify_audit().ok and len(q.codings(coder="KS")) == 300
    assert _count(tmp_path / "plain.qkproj") <= 300  # the plain copy may miss some


def test_project_backup_during_writes_is_a_consistent_snapshot(tmp_path, fork):
    path = tmp_path / "study.qkproj"
    _new(path)
    r, w = os.pipe()
    pid = fork(lambda: _coder(path, None, w))
    os.close(w)
    acked = 0
    try:
        for k in range(5):
            while acked < 40 * (k + 1):
                acked += len(os.read(r, 4096))
            with Project.open(path) as p:
                p.backup(tmp_path / f"snap{k}.qkproj")
            before = acked
            os.set_blocking(r, False)
            try:
                acked += len(os.read(r, 65536))
            except BlockingIOError:
                pass
            os.set_blocking(r, True)
            n = _count(tmp_path / f"snap{k}.qkproj")
            assert 40 * (k + 1) <= n and n >= before - 1 and n <= acked + 1
            with Project.open(tmp_path / f"snap{k}.qkproj") as q:
                assert q.verify_audit().ok
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(r)


def test_project_backup_never_replaces_unless_asked(tmp_path, capsys):
    path = tmp_path / "study.qkproj"
    _new(path)
    dest = tmp_path / "copy.qkproj"
    dest.write_text("an older copy")
    with Project.open(path) as p:
        with pytest.raises(ProjectError, match=r"\[Q222\] .*copy\.qkproj: already exists"):
            p.backup(dest)
        assert dest.read_text() == "an older copy"
        with pytest.raises(ProjectError, match=r"\[Q221\] .*the backup would replace the "
                                               r"project itself"):
            p.backup(path, overwrite=True)
        p.code("KS", "FG1", 0, 4, "a")
        assert p.backup(dest, overwrite=True) == dest
    assert _count(dest) == 1
    assert main(["backup", str(tmp_path / "typo.qkproj"), str(tmp_path / "x.qkproj")]) == 2
    assert "[Q220]" in capsys.readouterr().err
    assert not (tmp_path / "x.qkproj").exists()
    assert main(["backup", str(path), str(dest)]) == 2
    assert main(["backup", str(path), str(dest), "--overwrite"]) == 0


def test_project_backup_of_memory_and_read_only(tmp_path):
    m = Project.in_memory()
    m.add_corpus(Corpus([Transcript.from_turns("FG1", [Turn("P01", "hello there")])]))
    m.set_codebook(Codebook([Code("a", "A")]))
    m.code("ana", "FG1", 0, 5, "a")
    saved = m.backup(tmp_path / "saved.qkproj")
    with Project.open(saved, read_only=True) as p:
        assert p.codings()["text"].tolist() == ["P01: "]
        assert p.verify_audit().ok
        p.backup(tmp_path / "again.qkproj")
    with Project.open(tmp_path / "again.qkproj") as q:
        assert len(q.codings()) == 1 and not q.read_only
