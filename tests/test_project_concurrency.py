"""The project store under real concurrent processes and a SIGKILL mid-batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.project import Project

N_EACH = 150
BATCH = 2000

WORKER = textwrap.dedent("""
    import sys, time, os
    from qualkit.project import Project
    path, coder, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    p = Project.open(path)
    while not os.path.exists(go):
        time.sleep(0.005)
    for i in range(n):
        p.code(coder, "FG1", i % 50, i % 50 + 5, "a" if i % 2 else "b", memo=f"{coder}-{i}")
    p.close()
    print("done", flush=True)
""")

KILLED = textwrap.dedent("""
    import sys
    import pandas as pd
    from qualkit.project import Project
    path, batch = sys.argv[1], int(sys.argv[2])
    p = Project.open(path)
    k = 0
    while True:
        df = pd.DataFrame({"transcript_id": ["FG1"] * batch,
                           "start": [i % 50 for i in range(batch)],
                           "end": [i % 50 + 3 for i in range(batch)],
                           "code_id": ["a"] * batch, "memo": [f"b{k}"] * batch})
        p.code_many(df, coder="victim")
        k += 1
        print(k, flush=True)
""")


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "shared.qkproj"
    t = Transcript.from_turns("FG1", [Turn("P01", "word " * 40)])
    with Project.create(path) as p:
        p.add_corpus(Corpus([t]))
        p.set_codebook(Codebook([Code("a", "A"), Code("b", "B")]))
    return path


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([p for p in sys.path if p])
    return env


def test_project_concurrency_two_processes_keep_all_work(project_file, tmp_path):
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(project_file), coder,
                               str(N_EACH), str(go)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=_env())
             for coder in ("ana", "ben")]
    time.sleep(0.8)  # both opened and waiting
    t0 = time.perf_counter()
    go.touch()
    outs = [p.communicate(timeout=60) for p in procs]
    elapsed = time.perf_counter() - t0
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert out.strip() == "done"
    with Project.open(project_file) as p:
        c = p.codings()
        assert c.groupby("coder").size().to_dict() == {"ana": N_EACH, "ben": N_EACH}
        assert sorted(c.loc[c["coder"] == "ana", "memo"]) == sorted(
            f"ana-{i}" for i in range(N_EACH))
        assert (p.audit_log()["action"] == "code").sum() == 2 * N_EACH
    print(f"\n2 processes x {N_EACH} single-coding transactions: {elapsed:.2f} s")


def test_project_concurrency_sigkill_mid_batch_keeps_committed(project_file):
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(project_file), str(BATCH)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    seen = 0
    deadline = time.monotonic() + 30
    while seen < 3 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen = int(line)
    assert seen >= 3, proc.stderr.read()
    time.sleep(0.03)  # into the next batch
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    con = sqlite3.connect(project_file)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    with Project.open(project_file) as p:
        c = p.codings(coder="victim")
        n = len(c)
        assert n >= seen * BATCH and n % BATCH == 0  # whole batches only
        counts = c.groupby("memo").size()
        assert set(counts) == {BATCH}
        assert sorted(counts.index) == sorted(f"b{k}" for k in range(n // BATCH))
        assert p.code("after", "FG1", 0, 4, "a") == n + 1  # still writable
    print(f"\nkilled after {seen} acknowledged batches; {n // BATCH} whole batches of "
          f"{BATCH} on disk, none partial")
