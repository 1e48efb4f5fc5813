"""The project store at the scale issue #10 asks for.

- 50 times, a process coding large batches is killed with SIGKILL at a random
  moment: the file always opens, passes SQLite's integrity check and holds every
  batch the process had seen committed (and no part of a batch).
- Four processes code 5,000 codings each into one file at the same moment, one
  transaction per coding: all 20,000 are there and no "database is locked" reaches
  the caller.

Workers are forked from the test process (no interpreter start-up per kill), and
each opens its own connection after the fork.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
import warnings

import pandas as pd
import pytest

from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.project import Project

BATCH = 200
KILLS = 50
WRITERS = 4
EACH = 5000


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "load.qkproj"
    t = Transcript.from_turns("FG1", [Turn("P01", "word " * 60)])
    with Project.create(path) as p:
        p.add_corpus(Corpus([t]))
        p.set_codebook(Codebook([Code("a", "A"), Code("b", "B")]))
    return path


def _fork(target, *args) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded parent (3.12+)
        pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            target(*args)
            code = 0
        finally:
            os._exit(code)
    return pid


def _batches_forever(path, coder, ack_fd):
    p = Project.open(path)
    frame = pd.DataFrame({"transcript_id": ["FG1"] * BATCH,
                          "start": [i % 50 for i in range(BATCH)],
                          "end": [i % 50 + 4 for i in range(BATCH)],
                          "code_id": ["a"] * BATCH})
    while True:
        p.code_many(frame, coder=coder)
        os.write(ack_fd, b".")


def test_store_survives_50_sigkills_mid_batch(store):
    rng = random.Random(0)
    lost = partial = 0
    for k in range(KILLS):
        r, w = os.pipe()
        pid = _fork(_batches_forever, store, f"victim{k}", w)
        os.close(w)
        acked = 0
        # wait for at least one acknowledged batch, then kill at a random moment
        while acked == 0:
            acked += len(os.read(r, 1024))
        os.set_blocking(r, False)
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        try:
            while chunk := os.read(r, 4096):
                acked += len(chunk)
        except BlockingIOError:
            pass
        os.close(r)
        con = sqlite3.connect(store)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        with Project.open(store) as p:
            n = len(p.codings(coder=f"victim{k}"))
        # every acknowledged batch is there; the batch in flight is all or nothing
        lost += n < acked * BATCH
        partial += n % BATCH != 0
        assert acked * BATCH <= n <= (acked + 1) * BATCH
    assert lost == 0 and partial == 0


def _writer(path, coder, go):
    p = Project.open(path)
    while not os.path.exists(go):
        pass
    for i in range(EACH):
        p.code(coder, "FG1", i % 50, i % 50 + 5, "a" if i % 2 else "b")
    p.close()


def test_store_four_processes_5000_codings_each(store, tmp_path):
    go = tmp_path / "go"
    pids = [_fork(_writer, store, f"coder{k}", str(go)) for k in range(WRITERS)]
    go.write_text("go")
    codes = [os.waitpid(pid, 0)[1] for pid in pids]
    assert all(os.waitstatus_to_exitcode(c) == 0 for c in codes), codes
    with Project.open(store) as p:
        got = p.codings().groupby("coder").size().to_dict()
        audit = p.audit_log()
    assert got == {f"coder{k}": EACH for k in range(WRITERS)}
    assert (audit["action"] == "code").sum() == WRITERS * EACH
