"""Append-only audit trail that proves itself: who did what, when, from which console, each
row chained by SHA-256 over the one before (:mod:`geodata.audit_chain`).

A console keeps it in its store: the district GeoPackage's ``gridtwin_audit`` for a single
seat, the shared store's for a network (where the database writes the chain and no role but
the owner may change or delete a row). ``python -m geodata.audit verify STORE`` checks it.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from geodata.modes import ModeChange
from geodata.store import Store, is_url, open_store
from geodata.store.base import AuditEntry
from geodata.store.sqlite_store import AuditFile

__all__ = ["AuditEntry", "AuditLog"]


class AuditLog:
    """An append-only list of :class:`AuditEntry`: in an audit file (a path) or a store."""

    def __init__(self, where: str | Path | Store) -> None:
        """A store (the district's own trail, or the shared store's), a URL, or the path of a
        seat's separate audit file."""
        if isinstance(where, Store):
            self.store = where
        elif is_url(where):
            self.store = open_store(where)
        else:
            self.store = AuditFile(where)
        self.path = self.store.where

    def record(self, who: str, action: str, detail: dict | None = None, at: datetime | None = None) -> AuditEntry:
        return self.store.audit_record(who, action, detail, at)

    def record_mode_change(self, change: ModeChange) -> AuditEntry:
        return self.record(change.who, "mode_switch",
                           {"from": change.from_mode.value, "to": change.to_mode.value}, at=change.when)

    def entries(self, action: str | None = None) -> list[AuditEntry]:
        return self.store.audit_entries(action)

    def close(self) -> None:
        self.store.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m geodata.audit verify STORE``: check the hash chain; exit 1 naming the first
    altered, inserted or missing row."""
    import argparse
    import sys

    from geodata.audit_chain import verify
    from geodata.store import StoreError
    p = argparse.ArgumentParser(prog="python -m geodata.audit")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="check the audit trail's hash chain")
    v.add_argument("store", help="a district GeoPackage, an audit file, or a postgresql:// URL")
    args = p.parse_args(argv)
    try:
        log = open_audit(args.store)
        verdict = verify(log.store.audit_rows())
    except (StoreError, OSError, ValueError) as exc:
        print(f"python -m geodata.audit verify: {exc}", file=sys.stderr)
        return 2
    where = log.store.where
    if verdict.intact:
        legacy = f" ({verdict.legacy} earlier rows from before the chain)" if verdict.legacy else ""
        print(f"{where}: {verdict.rows} audit rows, the chain is intact{legacy}")
        return 0
    print(f"{where}: the audit trail was tampered with: {verdict.problem}", file=sys.stderr)
    return 1


def open_audit(where: str | Path) -> AuditLog:
    """The trail of a store: a district GeoPackage's own, an audit file's, or the shared store's."""
    if not is_url(where) and Path(where).is_file():
        with open(where, "rb") as fh:
            is_sqlite = fh.read(16) == b"SQLite format 3\x00"
        if is_sqlite:
            from contextlib import closing
            from geodata.store.sqlite import connect_readonly
            with closing(connect_readonly(where)) as con:
                gpkg = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_contents'").fetchone()
            if gpkg:
                return AuditLog(open_store(Path(where), readonly=True))
    return AuditLog(where)


if __name__ == "__main__":
    import sys
    sys.exit(main())
