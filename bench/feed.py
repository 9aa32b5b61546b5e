"""Feed load: the console, as a plain offscreen process on a copy of the demo district, reads
1,000 messages a second for 60 s over loopback TCP, 1 % malformed in many ways.

    python bench/feed.py [--rate 1000] [--seconds 60]

Checks that every message is accounted for (the console's counters and the GeoPackage
agree: sent == stored + rejected) and measures the UI event loop's lateness while the
feed runs, against the same console idle (the baseline, same run). Last line: one JSON
object with sent, stored, rejected, loop_p50_ms, loop_p99_ms, loop_max_ms (the worst stall).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
from contextlib import closing
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "data" / "demo_small.gpkg"
CATEGORIES = ("sanitation", "illegal_parking", "road_damage", "noise_nuisance", "street_vending", "fire_hazard")


def places(n: int, rng: random.Random) -> list[tuple[float, float]]:
    """Points inside the district (so every well-formed message is storable)."""
    sys.path.insert(0, str(ROOT))
    from geodata import load_district
    d = load_district(DEMO)
    pts = d.incidents.geometry.sample(n, replace=True, random_state=rng.randrange(1 << 30))
    lon, lat = d.to_lonlat(pts.x.to_numpy(), pts.y.to_numpy())
    return list(zip(np.round(lon, 6), np.round(lat, 6)))


def good(k: int, lon: float, lat: float, rng: random.Random) -> bytes:
    f = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"incident_id": f"BENCH-{k:07d}", "category": rng.choice(CATEGORIES),
                        "severity": rng.choice((1, 1, 2, 2, 3, 4)), "source": "hotline",
                        "reported_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}}
    return json.dumps(f).encode()


def bad(k: int, lon: float, lat: float, rng: random.Random) -> bytes:
    """One of many malformations."""
    future = (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()
    kinds = [
        b'{"type": "Feature", "geometry": {"type": "Point", "coordinates": [114.0, 22.6]}, "properties": {"categ',
        b"not json at all",
        b"",
        b"\xff\xfe\x00garbage",
        json.dumps({"type": "FeatureCollection", "features": []}).encode(),
        json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"severity": 2}}).encode(),
        json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"category": "alien_landing", "severity": 2}}).encode(),
        json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"category": "sanitation", "severity": 9}}).encode(),
        json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [500000.0, 2500000.0]},
                    "properties": {"category": "sanitation", "severity": 2}}).encode(),
        json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [116.4, 39.9]},
                    "properties": {"category": "sanitation", "severity": 2}}).encode(),
        json.dumps({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[lon, lat], [lon, lat]]},
                    "properties": {"category": "sanitation", "severity": 2}}).encode(),
        json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"category": "sanitation", "severity": 2, "reported_at": future}}).encode(),
        json.dumps({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"category": "sanitation", "severity": 2, "reported_at": "yesterday"}}).encode(),
        json.dumps([1, 2, 3]).encode(),
    ]
    return kinds[k % len(kinds)]


class Console:
    """The console as a subprocess, its JSON stat lines collected as they come."""

    def __init__(self, data: Path, port: int, work: Path) -> None:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRIDTWIN_DATA_HOME=str(work))
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--data", str(data), "--feed", f"tcp://127.0.0.1:{port}",
             "--no-simulate", "--stats-every", "1", "--settings", str(work / "settings.ini"), "--lang", "en"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[dict] = []
        self.errors: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith("{"):
                self.lines.append(json.loads(line))

    def _read_err(self) -> None:
        for line in self.proc.stderr:
            if "propagateSizeHints" not in line:
                self.errors.append(line.rstrip())

    def samples_since(self, k: int) -> list[float]:
        return [v for line in self.lines[k:] for v in line.get("loop_recent_ms", [])]

    def stop(self) -> dict:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=120)
        time.sleep(0.2)
        return self.lines[-1] if self.lines else {}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=int, default=1000, help="messages a second")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--malformed", type=float, default=0.01, help="share of malformed messages")
    ap.add_argument("--idle", type=float, default=5.0, help="seconds of idle baseline")
    args = ap.parse_args()
    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="gridtwin-feed-"))
    data = work / "district.gpkg"
    shutil.copyfile(DEMO, data)
    pts = places(5000, rng)
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    t0 = time.perf_counter()
    console = Console(data, port, work)
    server.settimeout(180)
    conn, _ = server.accept()
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    print(f"console connected after {time.perf_counter() - t0:.1f} s (start-up and loading)")
    while len(console.lines) < 2:
        time.sleep(0.1)
    mark = len(console.lines)
    time.sleep(args.idle)
    idle = console.samples_since(mark)

    total = int(args.rate * args.seconds)
    n_bad = 0
    mark = len(console.lines)
    start = time.perf_counter()
    tick = 0.01
    per_tick = args.rate * tick
    sent = 0
    while sent < total:
        due = min(total, int((time.perf_counter() - start) / tick * per_tick) + int(per_tick))
        chunk = []
        while sent < due:
            lon, lat = pts[sent % len(pts)]
            if rng.random() < args.malformed:
                chunk.append(bad(n_bad, lon, lat, rng))
                n_bad += 1
            else:
                chunk.append(good(sent, lon, lat, rng))
            sent += 1
        conn.sendall(b"\n".join(chunk) + b"\n")
        time.sleep(max(0.0, start + (sent / args.rate) - time.perf_counter()))
    send_s = time.perf_counter() - start
    deadline = time.time() + 60
    while time.time() < deadline and (not console.lines or console.lines[-1]["in"] < sent):
        time.sleep(0.2)
    drained_s = time.perf_counter() - start
    busy = console.samples_since(mark)
    conn.close()
    final = console.stop()
    with closing(sqlite3.connect(data)) as con:
        db_stored = con.execute("SELECT COUNT(*) FROM incidents WHERE channel = 'tcp'").fetchone()[0]
        db_rejected = con.execute("SELECT COUNT(*) FROM gridtwin_dead_letters WHERE channel = 'tcp'").fetchone()[0]
    stalls = [k for k, line in enumerate(console.errors) if line.startswith("stall:")]
    stall_ms = lambda k: float(console.errors[k].split()[3])  # noqa: E731 ("stall: UI thread N ms behind")
    for k in sorted(stalls, key=stall_ms)[-3:]:  # where the UI thread was in the worst stalls
        print("console: " + "\nconsole: ".join(console.errors[k:k + 14]))
    others = [line for line in console.errors if not line.startswith(("stall:", " "))]
    for line in others[-5:]:
        print(f"console: {line}")
    p = lambda a, q: round(float(np.percentile(a, q)), 2) if len(a) else float("nan")  # noqa: E731
    print(f"sent {sent:,} messages ({n_bad:,} malformed) in {send_s:.1f} s; console took all in by {drained_s:.1f} s")
    print(f"console counted in {final.get('in', 0):,} = stored {final.get('stored', 0):,} + rejected "
          f"{final.get('rejected', 0):,}; GeoPackage holds {db_stored:,} incidents and {db_rejected:,} dead letters")
    print(f"event-loop lateness idle:  p50 {p(idle, 50)} ms, p99 {p(idle, 99)} ms ({len(idle)} samples)")
    print(f"event-loop lateness feed:  p50 {p(busy, 50)} ms, p99 {p(busy, 99)} ms, max {max(busy, default=0):.1f} ms "
          f"({len(busy)} samples); p99 ratio feed/idle {p(busy, 99) / max(p(idle, 99), 0.01):.1f}")
    lost = sent - db_stored - db_rejected
    print(f"lost: {lost}" + ("" if final.get("stored") == db_stored and final.get("rejected") == db_rejected
                               else " (console counters and GeoPackage disagree!)"))
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"sent": sent, "stored": int(db_stored), "rejected": int(db_rejected),
                      "loop_p50_ms": p(busy, 50), "loop_p99_ms": p(busy, 99),
                      "loop_max_ms": round(max(busy, default=0.0), 2)}))
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
