"""Opening is explicit: a typo never creates a project, and a file that is not ours is left alone.

- ``Project.open`` of a missing file raises [Q220] naming it and creates nothing;
  ``Project.create`` / ``open(create=True)`` create; ``":memory:"`` is a new in-memory project.
- Files that are not qualkit projects (text, empty, a folder, someone else's SQLite file in
  rollback or WAL mode, another application's id, a bad ``schema_version``) are refused
  ([Q223]) with no byte changed and no ``-wal``/``-shm`` file left beside them.
- A file or folder this process may not write opens read-only; writes then raise [Q224].
- Every CLI command that reads a project refuses a missing one (exit 2, nothing created).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import qualkit as qk
from qualkit import _store
from qualkit.cli import main
from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import ProjectError
from qualkit.project import SCHEMA_VERSION, Project

CB = Codebook([Code("trust", "Trust"), Code("cost", "Cost")])


def _fill(p: Project) -> Project:
    p.add_corpus(Corpus([Transcript.from_turns("FG1", [Turn("P01", "I trust the regulator."),
                                                       Turn("P02", "Bills are too high.")])]))
    p.set_codebook(CB, who="ana")
    p.code("ana", "FG1", 0, 7, "trust")
    return p


def _state(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` with the sha256 of its bytes."""
    return {q.name: hashlib.sha256(q.read_bytes()).hexdigest() if q.is_file() else "dir"
            for q in sorted(folder.iterdir())}


def test_project_open_missing_raises_and_creates_nothing(tmp_path):
    Project.create(tmp_path / "study.qkproj").close()  # a neighbour with a close name
    before = _state(tmp_path)
    with pytest.raises(ProjectError, match=r"\[Q220\] .*stdy\.qkproj: no such file \(close "
                                           r"matches in that folder: study\.qkproj\); "
                                           r"expected an existing qualkit project, so nothing "
                                           r"was created\. Create a new project with "
                                           r"qk\.Project\.create\(path\)"):
        Project.open(tmp_path / "stdy.qkproj")
    with pytest.raises(ProjectError, match=r"\[Q220\] .*the folder .*nowhere does not exist"):
        Project.open(tmp_path / "nowhere" / "study.qkproj")
    assert _state(tmp_path) == before


def test_project_open_missing_is_a_runtime_error(tmp_path):
    with pytest.raises(RuntimeError):
        Project.open(tmp_path / "missing.qkproj")
    assert list(tmp_path.iterdir()) == []


def test_project_create_and_open_create(tmp_path):
    path = tmp_path / "study.qkproj"
    with Project.create(path) as p:
        assert p.schema_version == SCHEMA_VERSION and not p.read_only
        _fill(p)
    assert _store.probe(path) == "qualkit"
    assert sorted(q.name for q in tmp_path.iterdir()) == ["study.qkproj"]  # no partial left
    before = _state(tmp_path)
    with pytest.raises(ProjectError, match=r"\[Q222\] .*study\.qkproj: already exists; "
                                           r"expected a new file name"):
        Project.create(path)
    assert _state(tmp_path) == before
    with Project.open(path, create=True) as p:  # exists: opened, not replaced
        assert p.codings()["code_id"].tolist() == ["trust"]
    other = tmp_path / "other.qkproj"
    with Project.open(other, create=True) as p:
        assert len(p.codings()) == 0
    assert _store.probe(other) == "qualkit"


def test_project_memory_is_new_each_time():
    a = Project.open(":memory:")
    _fill(a)
    b = qk.Project.open(":memory:")
    assert len(a.codings()) == 1 and len(b.codings()) == 0
    assert Project.create(":memory:").schema_version == SCHEMA_VERSION


def _other_sqlite(path: Path, *, wal: bool = False, app_id: int = 0) -> None:
    con = sqlite3.connect(path)
    if wal:
        con.execute("PRAGMA journal_mode = WAL")
    if app_id:
        con.execute(f"PRAGMA application_id = {app_id}")
    con.execute("CREATE TABLE birds (name TEXT, seen INTEGER)")
    con.execute("INSERT INTO birds VALUES ('wren', 3)")
    con.commit()
    con.close()


@pytest.mark.parametrize("kind,found", [
    ("text", "a file that is not an SQLite database"),
    ("empty", r"an empty file \(0 bytes\)"),
    ("folder", "a folder"),
    ("sqlite", r"an SQLite database with the tables birds"),
    ("sqlite-wal", r"an SQLite database with the tables birds"),
    ("other-app", "an SQLite database of another application"),
    ("bad-version", r"a meta table whose schema_version is 'one', not a whole number"),
    ("half-ours", r"an SQLite database with the tables birds, meta"),
])
def test_project_open_refuses_foreign_files_unchanged(tmp_path, kind, found):
    path = tmp_path / "thing.qkproj"
    if kind == "text":
        path.write_text("hello, not a database\n" * 20)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
    elif kind in ("sqlite", "sqlite-wal"):
        _other_sqlite(path, wal=kind == "sqlite-wal")
    elif kind == "other-app":
        _other_sqlite(path, app_id=0x0F055112)
    elif kind == "half-ours":
        _other_sqlite(path)
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        con.commit()
        con.close()
    else:  # a qualkit project whose schema_version someone edited
        with Project.create(path):
            pass
        con = sqlite3.connect(path)
        con.execute("UPDATE meta SET value = 'one' WHERE key = 'schema_version'")
        con.commit()
        con.close()
    before = _state(tmp_path)
    for how in ({}, {"create": True}, {"read_only": True}):
        with pytest.raises(ProjectError, match=rf"\[Q223\] .*thing\.qkproj: not a qualkit "
                                               rf"project: found {found}.*The file was left "
                                               r"unchanged"):
            Project.open(path, **how)
        assert _state(tmp_path) == before
    if kind != "folder":
        with pytest.raises(ProjectError, match=r"\[Q222\]"):
            Project.create(path)
        assert _state(tmp_path) == before


def test_project_read_only_refuses_writes(tmp_path):
    path = tmp_path / "study.qkproj"
    with Project.create(path) as p:
        _fill(p)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with Project.open(path, read_only=True) as p:
        assert p.read_only and "read_only=True" in repr(p)
        assert p.codings()["code_id"].tolist() == ["trust"]
        assert len(p.corpus) == 1 and len(p.codebook) == 2
        for write in (lambda: p.code("ben", "FG1", 0, 7, "cost"),
                      lambda: p.set_codebook(CB), lambda: p.add_memo("project", None, "x"),
                      lambda: setattr(p, "name", "renamed")):
            with pytest.raises(ProjectError, match=r"\[Q224\] .*study\.qkproj: the project is "
                                                   r"open read-only \(opened with read_only="
                                                   r"True\), and Project\.\w+ writes to it"):
                write()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def _as_nobody(fn, *args) -> int:
    """Run ``fn(*args)`` in a child process without root's right to write anywhere."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            fn(*args)
            code = 0
        except BaseException:  # report in the child's exit code
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def _read_only_checks(path: str) -> None:
    p = Project.open(path)
    assert p.read_only, "expected the project to open read-only"
    assert p.codings()["code_id"].tolist() == ["trust"]
    try:
        p.code("ben", "FG1", 0, 7, "cost")
    except ProjectError as exc:
        assert "[Q224]" in str(exc) and "not writable" in str(exc), str(exc)
    else:
        raise AssertionError("a write to a read-only project succeeded")
    p.close()
    try:
        Project.open(path, read_only=False)
    except ProjectError as exc:
        assert "[Q221]" in str(exc) and "read-only" in str(exc), str(exc)
    else:
        raise AssertionError("read_only=False opened an unwritable project")


@pytest.mark.parametrize("what", ["file", "folder"])
def test_project_read_only_file_or_folder_opens_read_only(what):
    root = Path(tempfile.mkdtemp(prefix="qk-ro-"))  # reachable by an unprivileged child
    try:
        root.chmod(0o755)
        path = root / "study.qkproj"
        with Project.create(path) as p:
            _fill(p)
        path.chmod(0o644)
        before = _state(root)
        if what == "file":
            path.chmod(0o444)
        else:
            root.chmod(0o555)
        assert _as_nobody(_read_only_checks, str(path)) == 0
        root.chmod(0o755)
        after = _state(root)
        assert after.get("study.qkproj") == before["study.qkproj"]
    finally:
        root.chmod(0o755)
        shutil.rmtree(root)


def test_project_close_leaves_one_whole_file(tmp_path):
    path = tmp_path / "study.qkproj"
    p = Project.create(path)
    _fill(p)
    for i in range(300):
        p.code("ana", "FG1", i % 10, i % 10 + 5, "cost")
    p.close()
    p.close()  # twice is harmless
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    copy = tmp_path / "copy.qkproj"
    shutil.copyfile(path, copy)  # the file alone, no -wal
    with Project.open(copy) as q:
        assert len(q.codings()) == 301
    with pytest.raises(ProjectError, match=r"\[Q221\] .*could not .*: the project was closed"):
        p.codings()


def test_project_merge_from_missing_raises(tmp_path):
    with Project.create(tmp_path / "a.qkproj") as a:
        _fill(a)
        with pytest.raises(ProjectError, match=r"\[Q220\] .*typo\.qkproj: no such file"):
            a.merge_from(tmp_path / "typo.qkproj")
        assert len(a.codings()) == 1
    assert sorted(q.name for q in tmp_path.iterdir()) == ["a.qkproj"]


def test_project_cli_refuses_missing_project(tmp_path, capsys):
    missing = tmp_path / "nowhere.qkproj"
    csv = tmp_path / "in.csv"
    pd.DataFrame({"transcript_id": ["FG1"], "start": [0], "end": [4],
                  "code_id": ["trust"]}).to_csv(csv, index=False)
    commands = [
        ["query", "quotes", str(missing), "--out", str(tmp_path / "q.csv")],
        ["query", "cooccurrence", str(missing), "--out", str(tmp_path / "c.csv")],
        ["agree", "--coders", "KS", "KG", str(missing)],
        ["export", str(missing), "--to", str(tmp_path / "out.qdpx")],
        ["code", "export", "--project", str(missing), "--out", str(tmp_path / "o.csv")],
        ["code", "import", str(csv), "--project", str(missing), "--coder", "x"],
    ]
    for argv in commands:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "[Q220]" in err and "nowhere.qkproj: no such file" in err, (argv, err)
    assert sorted(q.name for q in tmp_path.iterdir()) == ["in.csv"]


def test_project_read_qdpx_creates_new_file_only(tmp_path):
    src = tmp_path / "in.qdpx"
    with Project.create(tmp_path / "made.qkproj") as p:
        _fill(p)
        qk.write_qdpx(p, src)
        texts = p.codings()["text"].tolist()
    existing = tmp_path / "study.qkproj"
    existing.write_text("my notes")
    before = _state(tmp_path)
    with pytest.raises(ProjectError, match=r"\[Q222\] .*study\.qkproj: already exists"):
        qk.read_qdpx(src, project_path=existing)
    assert _state(tmp_path) == before
    assert main(["import", str(src), "--to", str(existing)]) == 2
    assert _state(tmp_path) == before
    proj = qk.read_qdpx(src, project_path=tmp_path / "new.qkproj")
    assert proj.codings()["text"].tolist() == texts == ["P01: I "]
    proj.close()
    assert sorted(q.name for q in tmp_path.iterdir()) == ["in.qdpx", "made.qkproj",
                                                          "new.qkproj", "study.qkproj"]
