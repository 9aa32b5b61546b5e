"""What every SQLite-kept store shares: one connection in autocommit, explicit write
transactions (``BEGIN IMMEDIATE``: a writer waits for the lock instead of failing half-way),
WAL with ``synchronous=NORMAL`` (a committed transaction survives kill -9)."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from geodata.store.base import Store, StoreError, Tx
from geodata.store.sqlite import connect_for_reading, connect_wal, json_list


class SqliteStore(Store):
    transient = (sqlite3.OperationalError,)  # locked, busy, disk full, I/O
    permanent = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, sqlite3.ProgrammingError,
                 ValueError, TypeError, OverflowError)

    def __init__(self, path: str | Path, schema: str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        super().__init__(str(self.path), readonly=readonly)
        self._schema = schema
        con = connect_for_reading(self.path, schema) if readonly else connect_wal(self.path, schema)
        con.isolation_level = None
        self.con = con

    @contextmanager
    def transaction(self):
        if self.readonly:
            raise StoreError(f"{self.where} is open for reading only")
        cur = self.con.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield Tx(cur, _same)
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
        finally:
            cur.close()

    def read(self, sql: str, params=()) -> list:
        return self.con.execute(sql, tuple(params)).fetchall()

    def close(self) -> None:
        self.con.close()

    def _any(self, column: str) -> str:
        return f"{column} IN (SELECT value FROM json_each(?))"

    def _list(self, values) -> str:
        return json_list(values)


def _same(sql: str) -> str:
    return sql


AUDIT_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,
    action TEXT NOT NULL, detail TEXT NOT NULL);
"""
AUDIT_CHAIN_COLUMNS = {"n": "INTEGER", "db_user": "TEXT", "console": "TEXT", "prev_hash": "TEXT", "hash": "TEXT"}


class AuditFile(SqliteStore):
    """A seat's audit trail in its own SQLite file, so that a read-only or bundled district
    file is never written to. (On PostgreSQL the audit table is in the shared database.)"""

    kind = "audit-file"
    audit_table = "audit"

    def __init__(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(path, AUDIT_SCHEMA)
        from geodata.store.sqlite import add_missing_columns
        add_missing_columns(self.con, "audit", AUDIT_CHAIN_COLUMNS)

    def reopen(self) -> "AuditFile":
        return AuditFile(self.path)
