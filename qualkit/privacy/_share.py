"""The guard on a project file meant to be shared: every text it holds is scanned.

A project file carries more than its transcripts: speaker labels, sections,
participants' attributes, codebook definitions and examples, memos, theme
definitions, suggestion reasons and the audit log's before/after values (which
keep text as it was before a redaction). :func:`check_project_file` reads every
text cell of every table of a (closed) project file and passes them through
:func:`~qualkit.privacy.check_export`, so a shared copy is refused while any of
them still carries an identifier.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

from ..errors import Errors, IdentifierFoundError
from ._redact import check_export, describe_findings

#: Columns that hold machine values only (times, hashes, colours, vectors); a
#: digest such as a SHA-256 would otherwise read as a run of digits.
MACHINE_COLUMNS = frozenset({"created_at", "decided_at", "at", "hash", "prev_hash", "colour",
                             "vector", "key", "text_hash", "model"})


def project_texts(path: str | Path) -> pd.DataFrame:
    """Every text cell of every table of the project file at ``path``, one column per
    ``table.column`` (machine columns left out), as one long DataFrame.

    Examples
    --------
    >>> import tempfile, pathlib, qualkit as qk
    >>> dest = pathlib.Path(tempfile.mkdtemp()) / "p.qkproj"
    >>> with qk.Project.create(dest) as p:
    ...     _ = p.add_memo("project", None, "Started.", "ana")
    >>> t = project_texts(dest)
    >>> t.loc[t["column"] == "memos.text", "text"].tolist()
    ['Started.']
    """
    con = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        parts = []
        for table in tables:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')
                    if r[1] not in MACHINE_COLUMNS]
            for col in cols:
                rows = con.execute(f'SELECT rowid, "{col}" FROM "{table}" '
                                   f'WHERE typeof("{col}") = \'text\' AND "{col}" != \'\'').fetchall()
                if rows:
                    parts.append(pd.DataFrame({"column": f"{table}.{col}",
                                               "row": [r[0] for r in rows],
                                               "text": [r[1] for r in rows]}))
    finally:
        con.close()
    if not parts:
        return pd.DataFrame({"column": pd.Series(dtype=str), "row": pd.Series(dtype=int),
                             "text": pd.Series(dtype=str)})
    return pd.concat(parts, ignore_index=True)


def check_project_file(path: str | Path, allow_identifiers: bool = False) -> pd.DataFrame:
    """Scan every text a project file holds; refuse (Q501) when any carries an identifier.

    Findings name the table, column and row (never the text). Returns the findings
    (empty, or allowed with ``allow_identifiers=True``).

    Examples
    --------
    >>> import tempfile, pathlib, qualkit as qk
    >>> dest = pathlib.Path(tempfile.mkdtemp()) / "p.qkproj"
    >>> with qk.Project.create(dest) as p:
    ...     _ = p.add_memo("project", None, "Ring 07700 900123 after.", "ana")
    >>> check_project_file(dest)
    Traceback (most recent call last):
    ...
    qualkit.errors.IdentifierFoundError: [Q501] share: 2 identifier finding(s) ...
    """
    texts = project_texts(path)
    found = []
    for column, part in texts.groupby("column", sort=False):
        frame = pd.DataFrame({column: part["text"].to_numpy()}, index=part["row"].to_numpy())
        f = check_export(frame, allow_identifiers=True)
        if len(f):  # name the place as table and rowid
            f = f.assign(utterance_id=f["transcript_id"].astype(str),
                         transcript_id="table " + column.split(".", 1)[0])
        found.append(f)
    findings = pd.concat(found, ignore_index=True) if found else check_export([])
    if len(findings) and not allow_identifiers:
        raise IdentifierFoundError(Errors.Q501.format(
            caller="share", n=len(findings), found=describe_findings(findings)))
    return findings
