"""The headless intake: take feeds into a store without a console, so that no wall has to be
up for the city's incidents to be kept — every console following the store shows them.

    python -m geodata.feeds.serve --store postgresql://… --feed tcp://HOST:PORT [--inbox DIR]

Each message is acknowledged (TCP) only after its batch is committed; while the store is
away the pump holds the batch and tries again, and the sender waits for its answers.
SIGTERM or Ctrl+C finishes the batch in hand, then stops. ``--stats-every`` prints the
counters as one JSON line.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path

from geodata.errors import DistrictDataError
from geodata.feeds.inbox import Inbox
from geodata.feeds.intake import Intake, SensorTable
from geodata.feeds.messages import FeedError, check_feed_crs
from geodata.feeds.pump import FeedPump
from geodata.feeds.tcp import TcpLines, parse_url
from geodata.incidents.deadlines import DeadlineError, DeadlineTable
from geodata.incidents.store import IncidentStore
from geodata.store import StoreError, open_store

RESTART_FIRST_S, RESTART_MAX_S = 1.0, 30.0


def feed_url_arg(text: str) -> str:
    """An argparse type: a feed URL the intake can read, or the reason it cannot."""
    try:
        parse_url(text)
    except FeedError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def feed_crs_arg(text: str) -> str:
    """An argparse type: the coordinates a feed's messages are in (gcj02, bd09, EPSG:4490)."""
    try:
        return check_feed_crs(text)
    except FeedError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m geodata.feeds.serve", description=__doc__.split("\n")[0])
    p.add_argument("--store", required=True, help="the store to keep incidents in (postgresql://… or a .gpkg)")
    p.add_argument("--feed", action="append", type=feed_url_arg, default=[], metavar="tcp://HOST:PORT",
                   help="a TCP server of newline-delimited GeoJSON Features (repeat for several)")
    p.add_argument("--inbox", type=Path, help="a folder of Open311 (*.json) and CAP 1.2 (*.xml) files")
    p.add_argument("--inbox-crs", type=feed_crs_arg, help="the inbox files' coordinates: gcj02, bd09, EPSG:4490")
    p.add_argument("--deadlines", type=Path, help="deadline table (TOML)")
    p.add_argument("--stats-every", type=float, metavar="SECONDS", help="print the counters as JSON every SECONDS")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.feed and args.inbox is None:
        print("python -m geodata.feeds.serve: give at least one --feed or an --inbox", file=sys.stderr)
        return 2
    try:
        deadlines = DeadlineTable.load(args.deadlines) if args.deadlines else DeadlineTable.load()
        store = IncidentStore(open_store(args.store if "://" in args.store else Path(args.store)))
        from geodata.loader import load_district
        district = load_district(store.store)
    except (StoreError, DistrictDataError, DeadlineError) as exc:
        print(f"python -m geodata.feeds.serve: {exc}", file=sys.stderr)
        return 2
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    known = set(district.incidents["incident_id"].astype(str)) | {r.incident_id for r in store.incidents()}
    pump = run(district, store, deadlines, known, args, stop)
    print(json.dumps({"stopped": True, **pump.counters.as_dict()}), flush=True)
    return 0


class PlanWatch:
    """Places incidents by the plan that governs now: when a plan is made active (at any
    console), the intake takes its grids from the store within a poll interval."""

    def __init__(self, store, metric_crs, intake: Intake, every_s: float = 1.0) -> None:
        self.store, self.metric_crs, self.intake, self.every_s = store, metric_crs, intake, every_s
        self.seen = store.last_change()
        self._next = time.monotonic() + every_s
        self.error: str | None = None  # the last time the store could not be asked

    def poll(self) -> int | None:
        """The version now placed by, if one was made active since the last poll. A store out
        of reach is asked again at the next poll: watching the plan never stops the feed."""
        if time.monotonic() < self._next:
            return None
        self._next = time.monotonic() + self.every_s
        try:
            return self._follow()
        except Exception as exc:  # noqa: BLE001 — the pump says what the store does; this waits
            self.error = f"{type(exc).__name__}: {exc}"
            return None

    def _follow(self) -> int | None:
        changes = self.store.changes_since(self.seen)
        if not changes:
            return None
        self.seen = max(c.seq for c in changes)
        plans = [int(i) for c in changes if c.kind in ("plan", "everything") for i in (c.ids or ("0",))]
        if not plans:
            return None
        from geodata.plan.versions import PlanStore
        version = PlanStore(self.store).active_version()
        if version is None:
            return None
        frame = PlanStore(self.store).grids(version, self.metric_crs)
        self.intake.use_grids(frame.geometry.values, frame["grid_id"].to_numpy())
        print(json.dumps({"plan_active": version, "grids": len(frame)}), flush=True)
        return version


def run(district, store: IncidentStore, deadlines, known: set[str], args, stop: threading.Event) -> FeedPump:
    """Pump until ``stop``; a failure of the worker itself (not of a message) is printed and
    the pump starts again after a pause, on the same counters."""
    pause, pump, last_stats = RESTART_FIRST_S, None, time.monotonic()
    counters = None
    while not stop.is_set():
        try:
            intake = Intake(district.grids.geometry.values, district.grids["grid_id"].to_numpy(),
                            district.metric_crs, deadlines, SensorTable.from_district(district, store.sensor_states()),
                            known)
            sources = [TcpLines(url) for url in args.feed]
            if args.inbox is not None:
                sources.append(Inbox(args.inbox, crs=args.inbox_crs))
            pump = FeedPump(sources, intake, store, counters=counters)
            counters = pump.counters
            pump._stopped = stop.is_set
            plans = PlanWatch(store.store, district.metric_crs, intake)
            try:
                while not stop.is_set():
                    pump.run_once(0.05)
                    plans.poll()
                    if args.stats_every and time.monotonic() - last_stats >= args.stats_every:
                        last_stats = time.monotonic()
                        print(json.dumps({**pump.counters.as_dict(), "store_error": pump.error}), flush=True)
            finally:
                pump.close()
            pause = RESTART_FIRST_S
        except Exception as exc:  # noqa: BLE001 — said, then started again
            print(f"intake restarted after {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            stop.wait(pause)
            pause = min(pause * 2, RESTART_MAX_S)
    return pump


if __name__ == "__main__":
    sys.exit(main())
