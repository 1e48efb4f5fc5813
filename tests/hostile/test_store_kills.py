"""Every multi-step write is all or nothing under SIGKILL (issue #18, item 1).

For each step (``merge_from``, ``set_codebook``, ``add_corpus``, ``reconcile``,
``import_codings``, ``read_qdpx`` into a new file, writes grouped with
``Project.transaction()``) a forked process runs the step on a
fresh copy of the project and is killed with SIGKILL at a random moment: half the
time by a timer in the parent, half the time by itself at a random point of its SQL
work (a random SQLite VM step, counted with a progress handler). Afterwards the file
opens, passes ``PRAGMA integrity_check``, its audit chain verifies, and it holds
exactly the state before the step or exactly the state after it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pandas as pd
import pytest

import qualkit as qk
from qualkit.codebook import Code, Codebook
from qualkit.compare import reconcile
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.project import Project

KILLS = 8  # per step: 4 by timer, 4 at a random SQL step
WORDS = ("trust regulator bills data consent research benefit risk company public "
         "sharing records hospital privacy").split()


def _corpus(prefix: str, n: int, rng: random.Random) -> Corpus:
    trs = []
    for i in range(n):
        turns = [Turn(f"P{j % 7:02d}", " ".join(rng.choice(WORDS) for _ in range(25)))
                 for j in range(30)]
        trs.append(Transcript.from_turns(f"{prefix}{i:02d}", turns, group=f"G{i % 3}"))
    parts = pd.DataFrame({"participant_id": [f"P{j:02d}" for j in range(7)],
                          "age": [20 + 5 * j for j in range(7)]})
    return Corpus(trs, parts)


def _codebook(n: int, prefix: str = "c") -> Codebook:
    codes = [Code(f"{prefix}{i}", f"Code {i}", parent=f"{prefix}{i // 4}" if i >= 4 else None,
                  definition=f"Talk about {WORDS[i % len(WORDS)]}") for i in range(n)]
    return Codebook(codes, name=prefix)


def _codings(p: Project, coders: list[str], n: int, rng: random.Random) -> None:
    corpus = p.corpus
    ids = p.codebook.ids
    rows = []
    for k in range(n):
        t = corpus.transcripts[k % len(corpus.transcripts)]
        s = rng.randrange(0, len(t.text) - 40)
        rows.append({"coder": coders[k % len(coders)], "transcript_id": t.id, "start": s,
                     "end": s + rng.randrange(5, 40), "code_id": rng.choice(ids)})
    p.code_many(pd.DataFrame(rows))


def _state(path: Path) -> tuple:
    """What the project holds, to compare with the state before and after a step."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(con.execute(sql).fetchone() for sql in (
            "SELECT count(*), total(length(text)) FROM transcripts",
            "SELECT count(*), total(\"end\") FROM utterances",
            "SELECT count(*) FROM participants",
            "SELECT count(*), max(version) FROM codebooks",
            "SELECT count(*) FROM codes",
            "SELECT count(*), total(start), group_concat(DISTINCT coder) FROM codings",
            "SELECT count(*) FROM memos",
            "SELECT count(*) FROM themes",
            "SELECT count(*), max(id) FROM audit"))
    finally:
        con.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    d = tmp_path_factory.mktemp("kills")
    rng = random.Random(18)
    with Project.create(d / "target.qkproj") as p:
        p.add_corpus(_corpus("T", 4, rng))
        p.set_codebook(_codebook(30), who="lead")
        _codings(p, ["KS", "KG"], 1500, rng)
        p.add_memo("project", None, "target memo", "lead")
    with Project.create(d / "source.qkproj") as p:
        p.add_corpus(_corpus("S", 6, rng))
        p.set_codebook(_codebook(40, prefix="s"), who="other")
        _codings(p, ["AB", "CD", "EF"], 3000, rng)
        for i in range(30):
            p.add_memo("code", f"s{i}", f"memo {i}", "other")
        p.add_theme("Source theme", "a theme", ["s1", "s2"], who="other")
    csv = d / "codings.csv"
    with Project.open(d / "target.qkproj", read_only=True) as p:
        frame = p.codings()[["transcript_id", "start", "end", "code_id"]].copy()
    frame["start"] = (frame["start"] + 1).astype(int)
    pd.concat([frame] * 2).to_csv(csv, index=False)
    with Project.open(d / "source.qkproj", read_only=True) as p:
        qk.write_qdpx(p, d / "source.qdpx")
    return d


def _step(name: str, d: Path):
    """The step as a function of the open target project (None: makes its own file)."""
    big_cb = _codebook(400, prefix="c")
    big = _corpus("N", 12, random.Random(1))
    return {
        "merge_from": lambda p: p.merge_from(d / "source.qkproj", on_conflict="report",
                                             who="lead"),
        "set_codebook": lambda p: p.set_codebook(big_cb, who="lead"),
        "add_corpus": lambda p: p.add_corpus(big, who="lead"),
        "reconcile": lambda p: reconcile(p, ("KS", "KG"), rule="union", who="lead"),
        "import_codings": lambda p: p.import_codings(d / "codings.csv", coder="CSV"),
        "transaction": _grouped,
    }.get(name)


def _grouped(p: Project) -> None:
    """Several writes grouped with ``Project.transaction()`` (as the widgets' recode does)."""
    frame = p.codings(coder="KS")
    with p.transaction():
        p.code_many(frame[["transcript_id", "start", "end", "code_id"]].assign(coder="KS2"))
        for cid in frame["coding_id"].tolist()[:300]:
            p.uncode(cid, who="lead")
        p.set_codebook(_codebook(31), who="lead")
        p.add_memo("project", None, "recoded", "lead")


def _child(name: str, d: Path, work: Path, ready: int, kill_at_step: int | None,
           count: int | None) -> None:
    """Run the step once; kill itself at VM-progress call ``kill_at_step`` if given."""
    step = _step(name, d)
    calls = [0]

    def progress() -> int:
        calls[0] += 1
        if kill_at_step is not None and calls[0] >= kill_at_step:
            os.kill(os.getpid(), signal.SIGKILL)
        return 0

    if step is None:  # read_qdpx into a new file: count in every connection it opens
        real = sqlite3.connect

        def connect(*a, **kw):
            con = real(*a, **kw)
            con.set_progress_handler(progress, 500)
            return con

        sqlite3.connect = connect
        os.write(ready, b"r")
        qk.read_qdpx(d / "source.qdpx", project_path=work)
    else:
        p = Project.open(work)
        p._con.set_progress_handler(progress, 500)
        os.write(ready, b"r")
        step(p)
        p._con.set_progress_handler(None, 0)
        p.close()
    if count is not None:
        os.write(count, str(calls[0]).encode())


def _run(fork, name, d, work, kill_at_step=None, delay=None):
    r, w = os.pipe()
    cr, cw = os.pipe()
    pid = fork(lambda: _child(name, d, work, w, kill_at_step, cw))
    os.close(w)
    os.close(cw)
    os.read(r, 1)  # the child is ready
    t0 = time.monotonic()
    if delay is not None:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    status = os.waitpid(pid, 0)[1]
    took = time.monotonic() - t0
    os.close(r)
    calls = os.read(cr, 64)
    os.close(cr)
    return status, took, int(calls) if calls else None


STEPS = ["merge_from", "set_codebook", "add_corpus", "reconcile", "import_codings",
         "read_qdpx", "transaction"]


@pytest.mark.parametrize("name", STEPS)
def test_store_step_is_all_or_nothing_under_sigkill(world, tmp_path, name, fork):
    d = world
    pristine = d / "target.qkproj"
    work = tmp_path / "work.qkproj"
    new_file = name == "read_qdpx"

    def fresh() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(str(work) + suffix).unlink(missing_ok=True)
        if not new_file:
            shutil.copyfile(pristine, work)

    fresh()
    before = None if new_file else _state(work)
    status, took, calls = _run(fork, name, d, work)  # to completion: the state after, its cost
    assert os.waitstatus_to_exitcode(status) == 0
    after = _state(work)
    assert after != before and calls and calls > 10
    rng = random.Random(hash(name) % 1000)
    seen = {"before": 0, "after": 0}
    for k in range(KILLS):
        fresh()
        if k % 2:
            status, _, _ = _run(fork, name, d, work, kill_at_step=rng.randint(1, calls))
        else:
            status, _, _ = _run(fork, name, d, work, delay=rng.uniform(0, took * 1.1))
        killed = os.WIFSIGNALED(status)
        assert killed or os.waitstatus_to_exitcode(status) == 0
        if new_file and not work.exists():
            state = None
        else:
            state = _state(work)  # opens, integrity_check ok
            with Project.open(work) as p:
                check = p.verify_audit()
                assert check.ok, check
        assert state in (before, after), (name, k, state)
        seen["before" if state == before else "after"] += 1
        if new_file:
            leftovers = [q.name for q in tmp_path.iterdir() if q.name.endswith(".partial")]
            assert all(q.startswith(".work.qkproj.") for q in leftovers)
    if new_file:  # partial files of killed imports are removed by the next import
        fresh()
        assert os.waitstatus_to_exitcode(_run(fork, name, d, work)[0]) == 0
        assert not [q for q in tmp_path.iterdir() if q.name.endswith(".partial")]
    # at least one kill landed inside the step (the progress-handler kills always do)
    assert seen["before"] >= KILLS // 2 - 1, seen
