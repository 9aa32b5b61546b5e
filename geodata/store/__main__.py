"""``python -m geodata.store init URL`` sets up a PostgreSQL/PostGIS store;
``python -m geodata.store load URL FILE.gpkg`` fills it from a district file;
``python -m geodata.store info URL`` says what it holds. Errors are one line, exit 2."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geodata.errors import DistrictDataError
from geodata.store import StoreError, is_url, open_store


def _url(text: str) -> str:
    if not is_url(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a postgresql:// URL")
    return text


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
        else:
            store = open_store(args.where, readonly=True)
            print(json.dumps({"store": store.where, "kind": store.kind, "incidents": store.incident_count(),
                              "events": store.event_count(), "last_change": store.last_change(),
                              "plan_versions": len(store.plan_versions())}, ensure_ascii=False))
    except (StoreError, DistrictDataError) as exc:
        print(f"python -m geodata.store {args.command}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
