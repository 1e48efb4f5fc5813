"""The project's audit log: append-only in SQLite, hash-chained, and checked.

Every row of the ``audit`` table carries ``prev_hash`` (the previous row's hash) and
``hash`` = SHA-256 of ``prev_hash`` and the row's own fields, so that any row
changed, removed, reordered or forged outside qualkit breaks the chain at that
row. ``meta.audit_head`` keeps the last row's id and hash, so rows cut from the
end are noticed too. Inside SQLite, triggers refuse UPDATE, DELETE and every
insert that is not the next row with its hash (``INSERT OR REPLACE``, ``REPLACE
INTO``, UPSERT); an index on an expression (``audit_sealed``) makes SQLite refuse
incremental blob writes into its columns; on qualkit's own connection an authorizer
refuses dropping or altering the table, its triggers or its indexes, a TEMP table or
view that would shadow it, and ``PRAGMA writable_schema``.

Examples
--------
>>> h1 = row_hash(GENESIS, (1, "2024-01-01T00:00:00", "ana", "code", "coding:1", None, "{}"))
>>> len(h1), h1 == row_hash(GENESIS, (1, "2024-01-01T00:00:00", "ana", "code", "coding:1",
...                                   None, "{}"))
(64, True)
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["GENESIS", "TRIGGERS", "row_hash", "AuditCheck", "verify", "append",
           "authorizer"]

#: The ``prev_hash`` of the first row.
GENESIS = "0" * 64
#: Columns that enter a row's hash, in order.
FIELDS = ("id", "at", "who", "action", "target", "before", "after")

#: The triggers that keep the audit table append-only (name -> SQL).
TRIGGERS = {
    "audit_no_update": "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
                       "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    "audit_no_delete": "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
                       "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    "audit_append_only": (
        "CREATE TRIGGER audit_append_only BEFORE INSERT ON audit\n"
        "WHEN NEW.id IS NULL OR NEW.id <= coalesce((SELECT max(id) FROM audit), 0)\n"
        "  OR NEW.hash IS NULL OR NEW.prev_hash IS NULL\n"
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: a new row must come after "
        "the last one and carry its hash'); END;"),
}


def row_hash(prev: str, row: Sequence[Any]) -> str:
    """SHA-256 (hex) of the previous hash and one row's :data:`FIELDS`."""
    body = json.dumps([prev, *row], ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(con: sqlite3.Connection, at: str, who: str | None, action: str,
           target: str | None, before: str | None, after: str | None) -> int:
    """Append one row (inside the caller's write transaction); return its id."""
    last = con.execute("SELECT id, hash FROM main.audit ORDER BY id DESC LIMIT 1").fetchone()
    rid, prev = (1, GENESIS) if last is None else (int(last[0]) + 1, last[1] or GENESIS)
    h = row_hash(prev, (rid, at, who, action, target, before, after))
    con.execute("INSERT INTO main.audit (id, at, who, action, target, before, after, "
                "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rid, at, who, action, target, before, after, prev, h))
    con.execute("INSERT INTO main.meta VALUES ('audit_head', ?) ON CONFLICT(key) DO UPDATE "
                "SET value = excluded.value", (f"{rid} {h}",))
    return rid


def chain(rows: Iterable[Sequence[Any]]) -> list[tuple[str, str]]:
    """``(prev_hash, hash)`` for rows of :data:`FIELDS` in id order (to build a chain)."""
    out, prev = [], GENESIS
    for row in rows:
        h = row_hash(prev, row)
        out.append((prev, h))
        prev = h
    return out


@dataclass(frozen=True)
class AuditCheck:
    """The result of :meth:`qualkit.Project.verify_audit`.

    Attributes
    ----------
    ok : bool
        Whether the whole log is intact.
    rows : int
        How many rows were checked.
    first_bad : int or None
        The id of the first row that fails (``None`` if none does).
    problem : str
        What is wrong there (empty when ``ok``).
    head : str
        The last row's hash: note it down to prove later that the log is unchanged.
    """

    ok: bool
    rows: int
    first_bad: int | None
    problem: str
    head: str

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        if self.ok:
            return f"audit log intact: {self.rows} rows, head {self.head}"
        where = f"row {self.first_bad}" if self.first_bad is not None else "the log"
        return f"audit log NOT intact: {where}: {self.problem} ({self.rows} rows checked)"


def verify(con: sqlite3.Connection) -> AuditCheck:
    """Check the chain, the head and the triggers of the audit log on ``con``."""
    cols = {r[1] for r in con.execute("PRAGMA main.table_info(audit)")}
    if "hash" not in cols:
        n = con.execute("SELECT count(*) FROM main.audit").fetchone()[0]
        return AuditCheck(False, n, None, "the file has schema version 1, whose audit rows "
                          "carry no hashes; open it once with write access to add the chain",
                          "")
    prev, n, last_id = GENESIS, 0, 0
    cur = con.execute("SELECT id, at, who, action, target, before, after, prev_hash, hash "
                      "FROM main.audit ORDER BY id")
    for *row, stored_prev, stored in cur:
        n += 1
        rid = row[0]
        if rid != last_id + 1:
            return AuditCheck(False, n, rid, f"expected row {last_id + 1} next, found row "
                              f"{rid}: rows between them were removed or renumbered", "")
        if stored_prev != prev:
            return AuditCheck(False, n, rid, "its link to the previous row does not match "
                              "(a row before it was removed, inserted or changed)", "")
        if row_hash(prev, row) != stored:
            return AuditCheck(False, n, rid, "its content does not match its hash (the row "
                              "was changed after it was written)", "")
        prev, last_id = stored, rid
    head = con.execute("SELECT value FROM main.meta WHERE key = 'audit_head'").fetchone()
    want = f"{last_id} {prev}" if n else None
    if (head[0] if head else None) != want:
        found = head[0].split(" ")[0] if head else "none"
        return AuditCheck(False, n, last_id + 1 if head else None,
                          f"the log ends at row {last_id} but the recorded head is row "
                          f"{found}: rows were cut from the end", prev)
    have = dict(con.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' "
                            "AND tbl_name = 'audit'").fetchall())
    for name, sql in TRIGGERS.items():
        if have.get(name) != sql.rstrip(";"):
            return AuditCheck(False, n, None, f"the trigger {name} that keeps the log "
                              "append-only was removed or changed", prev)
    return AuditCheck(True, n, None, "", prev)


# sqlite3 authorizer action codes
_DENY = {
    sqlite3.SQLITE_DROP_TRIGGER, sqlite3.SQLITE_DROP_TEMP_TRIGGER,
    sqlite3.SQLITE_CREATE_TRIGGER, sqlite3.SQLITE_CREATE_TEMP_TRIGGER,
}


# creating these under a name of qualkit's tables would shadow the table (a TEMP table
# named ``audit`` takes the audit rows of every later write out of the file)
_SHADOW = {sqlite3.SQLITE_CREATE_TEMP_TABLE, sqlite3.SQLITE_CREATE_TEMP_VIEW}


def authorizer(allow_schema: list[bool], tables: Iterable[str] = ("audit", "meta")) -> Any:
    """An authorizer for qualkit's connection that protects the audit table.

    ``allow_schema[0]`` is set while qualkit itself creates or migrates the schema;
    ``tables`` are qualkit's table names, which no TEMP table or view may take (it
    would shadow the real one).
    """
    taken = {str(t).lower() for t in tables} | {"audit", "meta"}

    def check(action: int, arg1: Any, arg2: Any, db: Any, source: Any) -> int:
        if allow_schema[0]:
            return sqlite3.SQLITE_OK
        if (action in _SHADOW or (action == sqlite3.SQLITE_CREATE_VTABLE and db == "temp")
                ) and str(arg1).lower() in taken:
            return sqlite3.SQLITE_DENY
        if action in _DENY and (arg2 == "audit" or str(arg1).startswith("audit")):
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_DROP_TABLE and arg1 in ("audit", "meta"):
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_ALTER_TABLE and arg2 in ("audit", "meta"):
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_PRAGMA and str(arg1).lower() == "writable_schema":
            return sqlite3.SQLITE_DENY
        if action in (sqlite3.SQLITE_DROP_INDEX, sqlite3.SQLITE_DROP_TEMP_INDEX) and \
                arg2 == "audit":
            return sqlite3.SQLITE_DENY
        if action in (sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE) and arg1 == "audit":
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    return check
