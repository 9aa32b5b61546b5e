"""Network load: one PostGIS store, the headless intake taking a TCP feed of 1,000 incidents a
second for 60 s, and three headless consoles following the store — the district centre
(everything) and two street centres, each logged in as a user of its jurisdiction (the
store's row-level security gives a street centre its own grids only).

    python bench/network.py [--store postgresql://…] [--rate 1000] [--seconds 60]

The store URL comes from --store or GRIDTWIN_BENCH_STORE; otherwise the bench starts its own
throwaway cluster (tools/pg_cluster.py). Each console is the console's own follower
(geodata.store.follow: LISTEN, then read the rows each change names) in a process of its
own; sync latency is from a change's commit to its rows read at another console. A short run
at 20 incidents/s first is the baseline (same run). Every line sent must be acknowledged and
stored: lost = sent - stored; a row a console receives from outside its jurisdiction is
leaked. Last line: one JSON object with sent, stored, lost, leaked, sync_p50_ms and
sync_p99_ms (and the baseline, ratios, p95/max, per console).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "data" / "demo_small.gpkg"
sys.path.insert(0, str(ROOT))


# ---------------------------------------------------------------------- a headless console
def follow(url: str, jurisdiction: str, out: Path, ready: Path) -> None:
    """Follow the store as the user of ``jurisdiction`` until killed (SIGTERM): every change's
    lag goes to ``out``, and every row received from outside the jurisdiction counts as leaked.
    The store's row-level security does the filtering; the console asks for every id."""
    import signal

    from geodata import load_district
    from geodata.store.follow import Follower
    from geodata.store.postgis import PostGISStore
    store = PostGISStore(url, user=user_of(jurisdiction), password=PASSWORD)
    d = load_district(store)
    street_of = dict(zip(d.grids["grid_id"].astype(str), d.grids["street"].astype(str)))
    follower = Follower(store)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    lags, rows, leaked = [], 0, 0
    follower.poll(0.1)  # LISTEN before saying ready
    ready.write_text("ready")
    while not stop:
        update = follower.poll(0.5)
        lags.extend(update.lag_ms)
        rows += len(update.incidents)
        if jurisdiction != "district":
            leaked += sum(street_of.get(str(r.grid_id)) != jurisdiction for r in update.incidents)
    out.write_text(json.dumps({"jurisdiction": jurisdiction, "lags": lags, "rows": rows, "leaked": leaked}))


PASSWORD = "bench-only-password"


def user_of(jurisdiction: str) -> str:
    """The bench's user for a jurisdiction (a district viewer, or a street's)."""
    import hashlib
    return "bench_district" if jurisdiction == "district" else \
        "bench_street_" + hashlib.sha1(jurisdiction.encode()).hexdigest()[:8]


def add_users(url: str, streets: list[str]) -> None:
    from geodata.access import Jurisdiction
    from geodata.store import postgis
    postgis.add_user(url, user_of("district"), "viewer", Jurisdiction("district"), PASSWORD)
    for s in streets:
        postgis.add_user(url, user_of(s), "viewer", Jurisdiction("street", s), PASSWORD)


# ---------------------------------------------------------------------- the feed
def feature(k: int, lon: float, lat: float, prefix: str) -> bytes:
    return json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                       "properties": {"incident_id": f"{prefix}-{k:07d}", "category": "sanitation",
                                      "severity": 1 + k % 4, "source": "hotline"}}).encode()


def run_feed(url: str, rate: float, seconds: float, prefix: str, places, tmp: Path) -> dict:
    """The headless intake on a TCP feed paced at ``rate`` lines/s; returns sent/acked/stored."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    intake = subprocess.Popen([sys.executable, "-m", "geodata.feeds.serve", "--store", url, "--feed",
                               f"tcp://127.0.0.1:{port}"], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=(tmp / f"intake-{prefix}.log").open("w"))
    server.settimeout(120)
    conn, _ = server.accept()
    acked = []

    def read():
        buf = b""
        conn.settimeout(180)
        try:
            while True:
                chunk = conn.recv(1 << 16)
                if not chunk:
                    return
                buf += chunk
                *lines, buf = buf.split(b"\n")
                for line in lines:
                    a = json.loads(line)
                    if a.get("ok"):
                        acked.extend(a.get("incidents", []) + a.get("duplicates", []))
        except OSError:
            return
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    n = int(rate * seconds)
    start = time.monotonic()
    tick = 0.01  # send in 10 ms slices
    sent = 0
    while sent < n:
        due = min(n, int((time.monotonic() - start) * rate) + 1)
        if due > sent:
            conn.sendall(b"\n".join(feature(k, *places[k % len(places)], prefix) for k in range(sent, due)) + b"\n")
            sent = due
        time.sleep(tick)
    deadline = time.monotonic() + 60
    while len(acked) < sent and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.5)  # the followers read the last changes
    intake.terminate()
    intake.wait(30)
    conn.close()
    server.close()
    from geodata.store import open_store
    store = open_store(url)
    stored = int(store.read("SELECT COUNT(*) FROM incidents WHERE incident_id LIKE ?", (f"{prefix}-%",))[0][0])
    store.close()
    return {"sent": sent, "acked": len(set(acked)), "stored": stored, "send_s": round(time.monotonic() - start, 1)}


def percentiles(values) -> dict:
    v = np.asarray(values, dtype=float)
    if not len(v):
        return {"p50": None, "p95": None, "p99": None, "max": None, "n": 0}
    return {"p50": round(float(np.percentile(v, 50)), 1), "p95": round(float(np.percentile(v, 95)), 1),
            "p99": round(float(np.percentile(v, 99)), 1), "max": round(float(v.max()), 1), "n": int(len(v))}


def phase(url: str, rate: float, seconds: float, prefix: str, streets: list[str], places, tmp: Path) -> dict:
    consoles = []
    for j in ["district", *streets]:
        out, ready = tmp / f"{prefix}-{len(consoles)}.json", tmp / f"{prefix}-{len(consoles)}.ready"
        consoles.append((j, out, subprocess.Popen([sys.executable, __file__, "--follower", url, j, str(out),
                                                   str(ready)], cwd=ROOT), ready))
    deadline = time.monotonic() + 120
    while not all(r.exists() for *_, r in consoles) and time.monotonic() < deadline:
        time.sleep(0.1)
    feed = run_feed(url, rate, seconds, prefix, places, tmp)
    per, lags = {}, []
    for j, out, proc, _ in consoles:
        proc.terminate()
        proc.wait(60)
        got = json.loads(out.read_text())
        per[j] = {**percentiles(got["lags"]), "rows": got["rows"], "leaked": got["leaked"]}
        lags.extend(got["lags"])
    return {**feed, "sync": percentiles(lags), "consoles": per}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--store", default=os.environ.get("GRIDTWIN_BENCH_STORE"))
    p.add_argument("--rate", type=float, default=1000.0)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--follower", nargs=4, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.follower:
        url, j, out, ready = args.follower
        follow(url, j, Path(out), Path(ready))
        return 0
    from geodata import load_district
    from geodata.store import postgis
    cluster = None
    url = args.store
    if url is None:
        from tools.pg_cluster import Cluster
        cluster = Cluster()
        cluster.start()
        url = cluster.fresh_database("gridtwin_bench")
    try:
        district = load_district(DEMO)
        postgis.init(url)
        if postgis.PostGISStore(url, need_district=False).srid is None:
            postgis.load(url, district)
        streets = sorted(district.grids["street"].astype(str).unique())[:2]
        add_users(url, streets)
        rng = random.Random(7)
        pts = district.incidents.geometry.sample(2000, replace=True, random_state=rng.randrange(1 << 30))
        lon, lat = district.to_lonlat(pts.x.to_numpy(), pts.y.to_numpy())
        places = list(zip(np.round(lon, 6), np.round(lat, 6)))
        run_id = f"{int(time.time())}"
        with tempfile.TemporaryDirectory() as tmp:
            base = phase(url, 20.0, min(10.0, args.seconds), f"NETBASE{run_id}", streets, places, Path(tmp))
            print(f"baseline (20/s): {json.dumps(base)}", flush=True)
            load = phase(url, args.rate, args.seconds, f"NET{run_id}", streets, places, Path(tmp))
            print(f"load ({args.rate:g}/s for {args.seconds:g} s): {json.dumps(load)}", flush=True)
    finally:
        if cluster is not None:
            cluster.remove()
    s, b = load["sync"], base["sync"]

    def ratio(x, y):
        return round(x / y, 2) if x is not None and y else None
    result = {"sent": load["sent"], "stored": load["stored"], "lost": load["sent"] - load["stored"],
              "acked": load["acked"], "sync_p50_ms": s["p50"], "sync_p99_ms": s["p99"], "sync_p95_ms": s["p95"],
              "sync_max_ms": s["max"], "baseline_sync_p50_ms": b["p50"], "baseline_sync_p99_ms": b["p99"],
              "p50_ratio": ratio(s["p50"], b["p50"]), "p99_ratio": ratio(s["p99"], b["p99"]),
              "leaked": sum(v["leaked"] for v in load["consoles"].values()),
              "consoles": {j: {k: v[k] for k in ("p50", "p99", "max", "rows", "leaked")}
                           for j, v in load["consoles"].items()},
              "rate": args.rate, "seconds": args.seconds}
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["lost"] == 0 and result["leaked"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
