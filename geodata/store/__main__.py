"""``python -m geodata.store init URL`` sets up a PostgreSQL/PostGIS store;
``python -m geodata.store load URL FILE.gpkg`` fills it from a district file;
``python -m geodata.store info URL`` says what it holds. Errors are one line, exit 2."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geodata.access import ROLES, AccessDenied, Jurisdiction
from geodata.errors import DistrictDataError
from geodata.store import StoreError, is_url, open_store


def _url(text: str) -> str:
    if not is_url(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a postgresql:// URL")
    return text


def _jurisdiction(text: str) -> Jurisdiction:
    try:
        return Jurisdiction.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _user(args) -> int:
    where = args.where if is_url(args.where) else Path(args.where)
    if args.user_command == "list":
        store = open_store(where, readonly=True)
        print(json.dumps([{"name": u.name, "role": u.role, "jurisdiction": str(u.jurisdiction)}
                          for u in store.users()], ensure_ascii=False))
        return 0
    lines = sys.stdin.read().splitlines()
    if not lines or not lines[0]:
        raise ValueError("no password on standard input")
    store = open_store(where)
    if args.admin:
        if len(lines) < 2:
            raise ValueError(f"--as {args.admin}: their password goes on the second line of standard input")
        store = store.login(args.admin, lines[1])
    store.add_user(args.name, args.role, args.jurisdiction, lines[0], by=args.admin or "")
    print(f"{args.name}: {args.role} of {args.jurisdiction} in {store.where}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m geodata.store", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create PostGIS and the live tables (safe to run again)").add_argument("url", type=_url)
    load = sub.add_parser("load", help="fill the store with a district GeoPackage's layers")
    load.add_argument("url", type=_url)
    load.add_argument("file", type=Path)
    load.add_argument("--replace", action="store_true", help="replace the district the store already holds")
    load.add_argument("--no-repair", dest="repair", action="store_false",
                      help="refuse invalid geometry instead of repairing it")
    sub.add_parser("info", help="what the store holds, as JSON").add_argument("where")
    user = sub.add_parser("user", help="the store's users: add (or change) one, list them")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    add = user_sub.add_parser("add", help="add a user, or change its role, jurisdiction and password")
    add.add_argument("where", help="a postgresql:// URL (run as its owner or an admin) or a district .gpkg")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--jurisdiction", required=True, type=_jurisdiction, metavar="district|street:NAME|community:NAME")
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the new password from the first line of standard input (never an argument: "
                          "arguments are visible to every user of the machine)")
    add.add_argument("--as", dest="admin", metavar="ADMIN",
                     help="the admin who adds the user; their password is the second line of standard input")
    user_sub.add_parser("list", help="the users and their roles, as JSON").add_argument("where")
    args = p.parse_args(argv)
    try:
        if args.command == "init":
            from geodata.store import redact
            from geodata.store.postgis import init
            init(args.url)
            print(f"store ready at {redact(args.url)}")
        elif args.command == "load":
            from geodata.loader import load_district
            from geodata.store import redact
            from geodata.store.postgis import init, load
            district = load_district(args.file, repair=args.repair)
            for warning in district.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            init(args.url)
            counts = load(args.url, district, replace=args.replace)
            print(f"loaded {district.name} into {redact(args.url)}: "
                  + ", ".join(f"{n} {k}" for k, n in counts.items()))
            # Each point's grid, kept for the district as consoles read it back, so that none
            # of them computes it at start-up (the service account may write it).
            from geodata.point_grids import index_district
            store = open_store(args.url)
            try:
                _, how = index_district(load_district(store), store)
            finally:
                store.close()
            print("points' grids: " + ", ".join(f"{k} {v}" for k, v in how.items()))
        elif args.command == "user":
            return _user(args)
        else:
            store = open_store(args.where, readonly=True)
            print(json.dumps({"store": store.where, "kind": store.kind, "incidents": store.incident_count(),
                              "events": store.event_count(), "last_change": store.last_change(),
                              "plan_versions": len(store.plan_versions())}, ensure_ascii=False))
    except (StoreError, DistrictDataError, AccessDenied, ValueError) as exc:
        print(f"python -m geodata.store {args.command}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
