"""The audit trail's hash chain (全过程留痕): each row's SHA-256 covers its own fields and the
hash of the row before, so a row altered, inserted or removed breaks the chain from there on.
The same canonical text is hashed by PostgreSQL's trigger and by Python (SQLite, verify)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone


def at_text(at: datetime) -> str:
    """UTC with microseconds: what ``to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`` gives."""
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def chain_hash(n: int, at: datetime, who: str, db_user: str, console: str, action: str, detail: str,
               prev_hash: str) -> str:
    text = "|".join([str(n), at_text(at), who, db_user, console, action, detail, prev_hash])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verdict:
    rows: int
    legacy: int             # rows written before the chain existed (no hash), at the start
    problem: str | None     # the first altered, inserted or missing row, or None

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify(rows) -> Verdict:
    """``rows``: (id, n, at, who, db_user, console, action, detail, prev_hash, hash) in id order."""
    from geodata.store.base import as_datetime
    prev_n, prev_hash, legacy, chained = 0, "", 0, 0
    for rid, n, at, who, db_user, console, action, detail, prev, digest in rows:
        if digest is None and n is None and chained == 0:
            legacy += 1
            continue
        chained += 1
        where = f"row {rid}" + (f" (n={n})" if n is not None else "")
        if n is None or digest is None:
            return Verdict(legacy + chained, legacy, f"{where}: has no place in the chain (inserted by hand)")
        n = int(n)
        if n > prev_n + 1:
            return Verdict(legacy + chained, legacy, f"row n={prev_n + 1} is missing (the chain jumps from n={prev_n} "
                                                     f"to n={n} at row {rid})")
        if n <= prev_n:
            return Verdict(legacy + chained, legacy, f"{where}: inserted (n={n} repeats or goes back after n={prev_n})")
        if (prev or "") != prev_hash:
            return Verdict(legacy + chained, legacy, f"{where}: does not follow the row before (inserted, or the row"
                                                     " before was replaced)")
        if chain_hash(n, as_datetime(at), who, db_user or "", console or "", action, detail, prev or "") != digest:
            return Verdict(legacy + chained, legacy, f"{where}: altered (its fields no longer match its hash)")
        prev_n, prev_hash = n, digest
    return Verdict(legacy + chained, legacy, None)
