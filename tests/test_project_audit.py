"""The audit log is append-only through every SQL path and hash-chained against edits outside.

Through qualkit's own connection nothing may change or remove a row: UPDATE, DELETE,
INSERT OR REPLACE, REPLACE INTO, UPSERT, out-of-order inserts, dropping or altering the
table or its triggers and ``PRAGMA writable_schema`` are all refused. Edits made with
another SQLite connection (after dropping the triggers) are found by
``Project.verify_audit()`` and ``qualkit audit verify``, which name the first bad row.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualkit import _audit, _store
from qualkit.cli import main
from qualkit.errors import IdentifierFoundError
from qualkit.codebook import Code, Codebook
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.project import _SCHEMA, SCHEMA_VERSION, Project

CB = Codebook([Code("trust", "Trust"), Code("cost", "Cost")])

# The schema of version 1 files (qualkit 0.1), to test their upgrade: today's tables without
# the audit hashes, and the two triggers version 1 had.
V1_SCHEMA = _SCHEMA.replace(", prev_hash TEXT, hash TEXT", "") + """
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def _fill(p: Project, n: int = 5) -> Project:
    p.add_corpus(Corpus([Transcript.from_turns("FG1", [Turn("P01", "I trust the regulator."),
                                                       Turn("P02", "Bills are too high.")])]))
    p.set_codebook(CB, who="ana")
    for i in range(n):
        p.code("ana", "FG1", i, i + 5, "trust" if i % 2 else "cost")
    p.add_memo("code", "trust", "About regulators.", "ana")
    return p


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "study.qkproj"
    with Project.create(path) as p:
        _fill(p)
    return path


def _rows(path) -> list[tuple]:
    con = sqlite3.connect(path)
    rows = con.execute("SELECT * FROM audit ORDER BY id").fetchall()
    con.close()
    return rows


def test_project_audit_chain_intact(path):
    with Project.open(path) as p:
        check = p.verify_audit()
        log = p.audit_log()
    assert check.ok and bool(check) and check.first_bad is None and check.problem == ""
    assert check.rows == len(log) == 8  # corpus, codebook, 5 codings, memo
    rows = _rows(path)
    prev = _audit.GENESIS
    for row in rows:  # recomputed by hand: sha256 of the previous hash and the fields
        assert row[7] == prev and row[8] == _audit.row_hash(prev, row[:7])
        prev = row[8]
    assert check.head == prev
    assert str(check) == f"audit log intact: 8 rows, head {prev}"


SQL_PATHS = [
    "UPDATE audit SET who = 'mallory' WHERE id = 3",
    "DELETE FROM audit WHERE id = 3",
    "DELETE FROM audit",
    "INSERT OR REPLACE INTO audit (id, at, who, action, prev_hash, hash) "
    "VALUES (3, 'x', 'mallory', 'code', 'p', 'h')",
    "REPLACE INTO audit (id, at, who, action, prev_hash, hash) "
    "VALUES (3, 'x', 'mallory', 'code', 'p', 'h')",
    "INSERT INTO audit (id, at, who, action, prev_hash, hash) "
    "VALUES (3, 'x', 'mallory', 'code', 'p', 'h') ON CONFLICT(id) DO UPDATE SET who = 'mallory'",
    "INSERT OR IGNORE INTO audit (id, at, who, action, prev_hash, hash) "
    "VALUES (3, 'x', 'mallory', 'code', 'p', 'h')",
    "INSERT INTO audit (at, who, action) VALUES ('x', 'mallory', 'code')",
    "INSERT INTO audit (id, at, who, action) VALUES (100, 'x', 'mallory', 'code')",
    "DROP TRIGGER audit_no_update",
    "DROP TRIGGER audit_append_only",
    "DROP TABLE audit",
    "ALTER TABLE audit RENAME TO old_audit",
    "ALTER TABLE audit ADD COLUMN note TEXT",
    "PRAGMA writable_schema = ON",
    "CREATE TEMP TRIGGER sneak BEFORE UPDATE ON audit BEGIN SELECT 1; END",
    # a TEMP table or view of the same name would take the rows of later writes out of the file
    "CREATE TEMP TABLE audit AS SELECT * FROM main.audit",
    "CREATE TEMP TABLE Audit (id INTEGER PRIMARY KEY)",
    "CREATE TEMP VIEW audit AS SELECT * FROM main.audit",
    "CREATE TEMP TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    "DROP INDEX audit_sealed",
]


@pytest.mark.parametrize("sql", SQL_PATHS)
def test_project_audit_refuses_every_sql_path_through_the_api(path, sql):
    before = _rows(path)
    with Project.open(path) as p:
        with pytest.raises(sqlite3.DatabaseError):
            p._con.execute(sql)  # the connection qualkit writes through
        with pytest.raises(sqlite3.DatabaseError):
            p._con.executescript(f"BEGIN; {sql}; COMMIT;")
        if p._con.in_transaction:
            p._con.execute("ROLLBACK")
        assert p.verify_audit().ok
        p.add_memo("project", None, "still appending", "ana")  # the API still works
    after = _rows(path)
    assert after[:len(before)] == before and len(after) == len(before) + 1


@pytest.mark.parametrize("sql", SQL_PATHS[:9])
def test_project_audit_triggers_refuse_other_connections(path, sql):
    """Another program's connection has no authorizer; the triggers still refuse."""
    before = _rows(path)
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute(sql)
    con.rollback()
    con.close()
    assert _rows(path) == before


@pytest.mark.parametrize("column", ["at", "who", "action", "target", "before", "after",
                                    "prev_hash", "hash"])
def test_project_audit_refuses_blob_writes_also_in_older_files(path, column):
    """Incremental blob I/O runs no trigger; SQLite refuses it on an indexed table."""
    con = sqlite3.connect(path)  # a file written before the index existed
    con.execute("DROP INDEX audit_sealed")
    con.commit()
    con.close()
    before = _rows(path)
    with Project.open(path) as p:  # opened to write: the index is added
        with pytest.raises(sqlite3.OperationalError, match="indexed column"):
            p._con.blobopen("audit", column, 3)
        assert p.verify_audit().ok
    assert _rows(path) == before


def _tamper(path, *sql, params=()):
    con = sqlite3.connect(path)
    for name in _audit.TRIGGERS:
        con.execute(f"DROP TRIGGER {name}")
    for s in sql:
        con.execute(s, params)
    for s in _audit.TRIGGERS.values():
        con.execute(s)
    con.commit()
    con.close()


@pytest.mark.parametrize("sql,bad,problem", [
    (["UPDATE audit SET who = 'mallory' WHERE id = 4"], 4, "content does not match its hash"),
    (["UPDATE audit SET after = replace(after, '\"cost\"', '\"trust\"') WHERE id = 3"], 3,
     "content does not match"),
    (["DELETE FROM audit WHERE id = 5"], 6, "expected row 5 next, found row 6"),
    (["DELETE FROM audit WHERE id = 1"], 2, "expected row 1 next, found row 2"),
    (["DELETE FROM audit WHERE id >= 7"], 7, "the log ends at row 6 but the recorded head is "
                                             "row 8: rows were cut from the end"),
    (["UPDATE audit SET id = id + 100 WHERE id = 8", "UPDATE audit SET id = 8 WHERE id = 7",
      "UPDATE audit SET id = 7 WHERE id = 108"], 7, "link to the previous row does not match"),
    (["INSERT INTO audit VALUES (9, 'x', 'mallory', 'code', NULL, NULL, NULL, 'p', 'h')"], 9,
     "link to the previous row"),
])
def test_project_audit_verify_names_first_bad_row(path, sql, bad, problem):
    _tamper(path, *sql)
    with Project.open(path) as p:
        check = p.verify_audit()
    assert not check.ok and check.first_bad == bad and problem in check.problem, check
    assert main(["audit", "verify", str(path)]) == 1


def test_project_audit_verify_forged_row_with_recomputed_hash(path):
    """A forger who recomputes one row's hash still breaks the link of the next row."""
    rows = _rows(path)
    row = list(rows[3][:7])
    row[2] = "mallory"
    forged = _audit.row_hash(rows[3][7], row)
    _tamper(path, "UPDATE audit SET who = 'mallory', hash = ? WHERE id = 4", params=(forged,))
    with Project.open(path) as p:
        check = p.verify_audit()
    assert (check.ok, check.first_bad) == (False, 5)


def test_project_audit_verify_reports_dropped_trigger(path, capsys):
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER audit_no_delete")
    con.commit()
    con.close()
    with Project.open(path) as p:
        check = p.verify_audit()
    assert not check.ok and "audit_no_delete" in check.problem
    assert main(["audit", "verify", str(path)]) == 1
    assert "audit log NOT intact" in capsys.readouterr().out


def test_project_audit_cli(path, tmp_path, capsys):
    assert main(["audit", "verify", str(path)]) == 0
    out = capsys.readouterr().out
    assert "audit log intact: 8 rows" in out
    assert main(["audit", "export", str(path), "--out", str(tmp_path / "a.jsonl")]) == 0
    recs = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert [r["id"] for r in recs] == list(range(1, 9))
    assert recs[-1]["hash"] in out
    assert main(["audit", "verify", str(tmp_path / "missing.qkproj")]) == 2


def test_project_audit_upgrade_from_schema_1(tmp_path):
    path = tmp_path / "old.qkproj"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.executescript(V1_SCHEMA)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    for i in range(3):
        con.execute("INSERT INTO audit (at, who, action, target, before, after) VALUES "
                    "(?, 'ana', 'add_memo', ?, NULL, '{}')", (f"2024-01-0{i + 1}", f"memo:{i}"))
    con.close()
    assert _store.probe(path) == "sqlite"  # no application id yet
    with Project.open(path, read_only=True) as p:
        check = p.verify_audit()
        assert p.schema_version == 1
    assert not check.ok and "schema version 1" in check.problem
    assert _store.probe(path) == "sqlite"  # read-only: not a byte changed
    with Project.open(path) as p:
        assert p.schema_version == SCHEMA_VERSION
        check = p.verify_audit()
        log = p.audit_log()
    assert check.ok and check.rows == 4
    assert log["action"].tolist() == ["add_memo"] * 3 + ["migrate_schema"]
    assert log["at"].tolist()[:3] == ["2024-01-01", "2024-01-02", "2024-01-03"]
    assert _store.probe(path) == "qualkit"
    with Project.open(path) as p:  # opening again changes nothing more
        assert len(p.audit_log()) == 4


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 12), victim=st.data(), field=st.sampled_from(
    ["at", "who", "action", "target", "before", "after"]))
def test_project_audit_any_edited_row_is_named(n, victim, field):
    p = Project.in_memory()
    _fill(p, n)
    total = len(p.audit_log())
    rid = victim.draw(st.integers(1, total))
    p._con.set_authorizer(None)  # as another program would: no authorizer, no triggers
    p._con.execute("DROP TRIGGER audit_no_update")
    p._con.execute(f"UPDATE audit SET {field} = coalesce({field}, '') || '!' WHERE id = ?",
                   (rid,))
    check = _audit.verify(p._con)
    assert (check.ok, check.first_bad) == (False, rid)


def test_project_audit_export_scans_the_text_it_writes(tmp_path, capsys):
    # the log keeps a coding's memo: an e-mail address in it refuses the export, by
    # method and by command, naming the column and row but never the text
    path = tmp_path / "p.qkproj"
    with Project.create(path) as p:
        _fill(p)
        p.code("ana", "FG1", 0, 9, "trust", memo="ask her: jo.bloggs@example.org")
    out = tmp_path / "audit.jsonl"
    with Project.open(path) as p:
        with pytest.raises(IdentifierFoundError,
                           match=r"\[Q501\] Project.export_audit.*EMAIL in the audit log "
                                 r"column:after row 8") as exc:
            p.export_audit(out)
        assert "bloggs" not in str(exc.value) and not out.exists()
        n = len(p.audit_log())
    assert main(["audit", "export", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Q501" in err and "bloggs" not in err and not out.exists()
    assert main(["audit", "export", str(path), "--out", str(out), "--allow-identifiers"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == n and rows[-1]["after"]["memo"] == "ask her: jo.bloggs@example.org"
