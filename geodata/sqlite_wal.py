"""One way to open the SQLite databases the console writes as things happen."""
from __future__ import annotations

import sqlite3
from pathlib import Path


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
