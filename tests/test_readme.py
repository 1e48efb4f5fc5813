"""The README's examples run as written, in order, in a fresh folder.

Every ``python`` block of README.md is executed in one namespace, top to bottom, in an
empty temporary folder (the first block copies the bundled synthetic study there, as a
reader would); every ``qualkit ...`` line of the shell blocks is run through
:func:`qualkit.cli.main` at its place in the order. Lines that install packages, start
JupyterLab, run the test suite or run the demo (tested in ``tests/test_cli.py``) are the
only ones not run, and they are listed here so that nothing is skipped silently.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
#: shell lines a test cannot or need not run, and why
NOT_RUN = {
    "python -m pip install -e . && qualkit demo --out demo_out":
        "installs qualkit; the demo runs in tests/test_cli.py",
    'python -m pip install -e ".[test]" && python -m pytest': "this test suite itself",
    'pip install -e ".[notebooks]" && jupyter lab notebooks/':
        "starts JupyterLab; the notebooks run in tests/test_notebooks.py",
}


def readme_blocks() -> list[tuple[str, str, int]]:
    """``(language, code, first line)`` of every fenced block in README.md, in order."""
    out, lang, start, buf = [], None, 0, []
    for i, line in enumerate((ROOT / "README.md").read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("```"):
            if lang is None:
                lang, start, buf = line[3:].strip(), i + 1, []
            else:
                out.append((lang, "\n".join(buf), start))
                lang = None
        elif lang is not None:
            buf.append(line)
    return out


def test_readme_blocks_are_found():
    langs = [b[0] for b in readme_blocks()]
    assert langs.count("python") >= 8 and "bash" in langs


def test_readme_runs_in_order_in_a_fresh_folder(tmp_path, monkeypatch, capsys):
    from qualkit.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUALKIT_PROGRESS", "0")
    ns: dict[str, object] = {"__name__": "readme"}
    ran_shell = 0
    for lang, code, line in readme_blocks():
        if lang == "python":
            exec(compile(code, f"README.md:{line}", "exec"), ns)  # noqa: S102
            continue
        for k, cmd in enumerate(code.splitlines()):
            cmd = cmd.strip()
            if not cmd or cmd in NOT_RUN or not cmd.startswith(("qualkit ", "python ", "pip ")):
                continue  # a layout sketch, not commands
            assert cmd.startswith("qualkit "), f"README.md:{line + k}: not run and not listed: {cmd}"
            rc = main(shlex.split(cmd, comments=True)[1:])
            err = capsys.readouterr().err
            assert rc in (0, 1) and "error" not in err, f"README.md:{line + k}: {cmd}: {err}"
            ran_shell += 1
    assert ran_shell >= 6
    # what the examples promise holds in the folder they ran in
    project = ns["project"]
    u = project.corpus.utterances
    mine = project.codings(coder="KS")
    mine = mine[mine["provenance"].astype(str).str.startswith("import") == False]  # noqa: E712
    assert len(mine) >= 2
    for c in mine.itertuples():
        turn = u[(u.transcript_id == c.transcript_id) & (u.start <= c.start) & (u.end >= c.end)]
        assert len(turn) == 1 and turn["role"].iloc[0] == "participant", c
    rep = ns["rep"]
    assert rep.by_code["kappa"].notna().sum() >= 10
    assert (rep.by_code["kappa"] > 0.4).sum() >= 10  # KS's codings are in: real agreement
    assert isinstance(ns["gold"], pd.DataFrame)
    for name in ("study.qkproj", "agreement.docx", "report.docx", "theme_to_principle.docx",
                 "agreement.xlsx", "matrix.csv", "imported.qkproj", "exported.qdpx"):
        assert (tmp_path / name).exists(), name


@pytest.mark.parametrize("cmd", sorted(NOT_RUN))
def test_readme_lines_not_run_are_still_in_the_readme(cmd):
    assert cmd in (ROOT / "README.md").read_text(encoding="utf-8")
