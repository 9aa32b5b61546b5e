"""One way to open the SQLite databases the console writes as things happen."""
from __future__ import annotations

import re
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote


def connect_wal(path: str | Path, schema: str = "") -> sqlite3.Connection:
    """WAL with ``synchronous=NORMAL``: a committed transaction survives the process being
    killed, and a commit does not wait for the disk. Creates ``schema`` if given."""
    con = sqlite3.connect(Path(path), timeout=10.0)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    if schema:
        con.executescript(schema)
    con.commit()
    return con


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """Open an existing database without the right to write it or to create it. SQLite takes
    read-only only through a URI, so the path is percent-encoded into one: a name holding
    ``#``, ``?`` or ``%`` opens the file it names and nothing else."""
    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def connect_for_reading(path: str | Path, schema: str) -> sqlite3.Connection:
    """Read-only, for commands that only look (a snapshot): the file is never written. A
    table of ``schema`` that the file lacks is made as an empty TEMP table, so reading code
    finds it empty instead of failing; writing to the file's own tables fails."""
    con = connect_readonly(path)
    present = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for statement in schema.split(";"):
        m = re.match(r"\s*CREATE TABLE IF NOT EXISTS (\w+)", statement)
        if m and m.group(1) not in present:
            con.execute(statement.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
    return con


def snapshot_copy(path: str | Path, dest: str | Path) -> Path:
    """A consistent copy of a live database through SQLite's backup API, for readers that use
    another SQLite (GDAL): they must never open the live file inside a process that has it
    open, or closing it would release this process's locks."""
    dest = Path(dest)
    with closing(sqlite3.connect(Path(path), timeout=30)) as src, closing(sqlite3.connect(dest)) as dst:
        src.backup(dst)
    return dest


def quoted(name: str) -> str:
    """An SQL identifier (SQLite binds values, not names): for our own constant names."""
    return '"' + str(name).replace('"', '""') + '"'


def add_missing_columns(con: sqlite3.Connection, table: str, columns: dict[str, str]) -> None:
    """Bring a table written by an earlier version up to date (in one transaction)."""
    have = {row[0] for row in con.execute("SELECT name FROM pragma_table_info(?)", (table,))}
    with atomic(con):
        for name, kind in columns.items():
            if name not in have:
                con.execute(f"ALTER TABLE {quoted(table)} ADD COLUMN {quoted(name)} {kind}")


def json_list(values) -> str:
    """A list bound as one JSON text, read back with ``json_each`` (SQLite has no arrays)."""
    import json
    return json.dumps([str(v) for v in values], ensure_ascii=False)


@contextmanager
def atomic(con: sqlite3.Connection):
    """One transaction on ``con``, whether it is in autocommit (the store's) or not."""
    if con.isolation_level is not None:
        with con:
            yield con
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
