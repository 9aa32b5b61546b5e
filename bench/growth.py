"""Growing past one server, measured here on throwaway clusters (2 cores):

1. a streaming replica for read-only wall consoles: how far it lags the primary under
   1,000 incidents/s, and the follower that listens on the primary and reads the replica;
2. incidents partitioned by month (24 months, 50,000 a month) against one table: the wall's
   queries (this month's open incidents of one street; the last 30 days by day) and
   retiring a month;
3. the single server's write ceiling (1,000-incident batches back to back, with the change
   log and NOTIFY), from which a city of ten districts on Citus is sized — simulated, since
   Citus is not in Debian.

    python bench/growth.py [--seconds 20]

Last line: one JSON object.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "data" / "demo_small.gpkg"
sys.path.insert(0, str(ROOT))

from geodata.incidents.records import Batch, IncidentRecord  # noqa: E402
from geodata.localtime import utc_now  # noqa: E402


def records(prefix: str, start: int, n: int) -> list[IncidentRecord]:
    t = utc_now()
    return [IncidentRecord(f"{prefix}-{k:08d}", "sanitation", 1 + k % 4, "reported", "hotline", t,
                           114.02 + 0.00001 * (k % 1000), 22.66 + 0.00001 * (k % 700), None, 0,
                           t + timedelta(hours=2), "tcp") for k in range(start, start + n)]


def replica_lag(cluster, url: str, seconds: float) -> dict:
    """A hot standby made with pg_basebackup; a follower listens on the primary and reads the
    replica. Lag: a change's commit on the primary → its rows read on the replica."""
    from geodata.store import open_store
    from geodata.store.follow import Follower
    from tools.pg_cluster import Cluster
    replica = Cluster(port=cluster.port + 1)
    replica.root.mkdir(parents=True, exist_ok=True)
    replica.socket.mkdir(exist_ok=True)
    if replica.as_root:
        import os
        for p in (replica.root, replica.socket):
            os.chown(p, 65534, 65534)
    replica._run("pg_basebackup", "-h", str(cluster.socket), "-p", str(cluster.port), "-U", "gridtwin",
                 "-D", str(replica.data), "-R", "-X", "stream")
    with open(replica.data / "postgresql.conf", "a") as conf:
        conf.write(f"\nunix_socket_directories = '{replica.socket}'\nport = {replica.port}\nhot_standby = on\n")
    replica._run("pg_ctl", "-D", str(replica.data), "-l", str(replica.root / "server.log"), "-w", "start")
    replica_url = url.replace(f"host={cluster.socket}", f"host={replica.socket}").replace(
        f"port={cluster.port}", f"port={replica.port}")
    try:
        try:
            import psycopg
            with psycopg.connect(replica_url, autocommit=True) as con:
                con.execute("LISTEN gridtwin_changes")
            listen_on_standby = "accepted"
        except Exception as exc:  # noqa: BLE001 — what the standby says is the finding
            listen_on_standby = str(exc).strip().splitlines()[0]
        follower = Follower(open_store(replica_url, readonly=True), listen_url=url)
        follower.poll(0.1)
        lags: list[float] = []
        stop = threading.Event()

        def follow():
            while not stop.is_set():
                lags.extend(follower.poll(0.5).lag_ms)
        th = threading.Thread(target=follow, daemon=True)
        th.start()
        writer = open_store(url)
        k, start = 0, time.monotonic()
        while time.monotonic() - start < seconds:  # 100 incidents every 100 ms
            writer.commit(Batch(incidents=records("REPL", k, 100), received=100))
            k += 100
            time.sleep(max(0.0, start + k / 1000 - time.monotonic()))
        time.sleep(1.0)
        stop.set()
        th.join(5)
        v = np.asarray(lags)
        return {"replica_listen": listen_on_standby, "replica_changes": int(len(v)),
                "replica_lag_p50_ms": round(float(np.percentile(v, 50)), 1),
                "replica_lag_p99_ms": round(float(np.percentile(v, 99)), 1),
                "replica_lag_max_ms": round(float(v.max()), 1)}
    finally:
        replica.stop("immediate")
        replica.remove()


PARTITION_SQL = """
CREATE TABLE inc_plain (incident_id text, grid_id text, status text, reported_at timestamptz NOT NULL,
                        geom geometry(Point, 4326));
CREATE TABLE inc_part (LIKE inc_plain) PARTITION BY RANGE (reported_at);
"""


def timed(con, sql: str, runs: int = 15) -> dict:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        con.execute(sql).fetchall()
        times.append((time.perf_counter() - t) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2)}


def partitions(url: str, months: int = 24, per_month: int = 50_000) -> dict:
    import psycopg
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(PARTITION_SQL)
        for m in range(months - 1, -1, -1):  # one partition a month, the current one last
            con.execute(f"CREATE TABLE inc_part_{m} PARTITION OF inc_part FOR VALUES"
                        f" FROM (date_trunc('month', now()) - interval '{m} months')"
                        f" TO (date_trunc('month', now()) - interval '{m - 1} months')")
        t = time.perf_counter()
        for table in ("inc_plain", "inc_part"):
            con.execute(f"""INSERT INTO {table} SELECT 'P-' || g, 'G' || (g % 3000), CASE WHEN g % 10 = 0 THEN
                'reported' ELSE 'closed' END,
                date_trunc('month', now()) - interval '{months - 1} months'
                    + (g::double precision / {months * per_month}) * (now() - (date_trunc('month', now())
                    - interval '{months - 1} months')),
                ST_SetSRID(ST_MakePoint(114 + (g % 1000) * 0.0001, 22.6 + (g % 777) * 0.0001), 4326)
                FROM generate_series(1, {months * per_month}) g""")
        fill_s = time.perf_counter() - t
        for table in ("inc_plain", "inc_part"):
            con.execute(f"CREATE INDEX ON {table} (reported_at)")
            con.execute(f"CREATE INDEX ON {table} (grid_id)")
            con.execute(f"ANALYZE {table}")
        this_month = ("SELECT incident_id FROM {t} WHERE reported_at >= date_trunc('month', now())"
                      " AND status = 'reported' AND grid_id IN ('G1','G2','G3','G4','G5','G6','G7','G8','G9','G10')")
        by_day = ("SELECT date_trunc('day', reported_at) d, count(*) FROM {t}"
                  " WHERE reported_at >= now() - interval '30 days' GROUP BY d")
        out = {"partition_rows": months * per_month, "partition_fill_s": round(fill_s, 1)}
        for name, sql in (("this_month_open", this_month), ("last_30_days_by_day", by_day)):
            plain = timed(con, sql.format(t="inc_plain"))
            part = timed(con, sql.format(t="inc_part"))
            out[f"{name}_plain_ms"] = plain["median_ms"]
            out[f"{name}_partitioned_ms"] = part["median_ms"]
            out[f"{name}_ratio"] = round(part["median_ms"] / plain["median_ms"], 2)
        t = time.perf_counter()
        con.execute(f"DELETE FROM inc_plain WHERE reported_at < date_trunc('month', now()) - interval '{months - 2} months'")
        out["retire_month_delete_ms"] = round((time.perf_counter() - t) * 1000, 1)
        t = time.perf_counter()
        con.execute(f"ALTER TABLE inc_part DETACH PARTITION inc_part_{months - 1}")
        con.execute(f"DROP TABLE inc_part_{months - 1}")
        out["retire_month_detach_ms"] = round((time.perf_counter() - t) * 1000, 1)
        return out


def write_ceiling(url: str, seconds: float = 10.0) -> dict:
    from geodata.store import open_store
    store = open_store(url)
    k, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        store.commit(Batch(incidents=records("CEIL", k, 1000), received=1000))
        k += 1000
    rate = k / (time.perf_counter() - start)
    return {"write_ceiling_incidents_per_s": round(rate)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=20.0)
    args = p.parse_args()
    from geodata import load_district
    from geodata.store import postgis
    from tools.pg_cluster import Cluster
    cluster = Cluster(port=5440)
    cluster.start()
    try:
        url = cluster.fresh_database("gridtwin_growth")
        postgis.init(url)
        postgis.load(url, load_district(DEMO))
        result = {}
        result.update(replica_lag(cluster, url, args.seconds))
        print(f"replica: {json.dumps(result)}", flush=True)
        result.update(partitions(url))
        print(f"partitions: {json.dumps(result)}", flush=True)
        result.update(write_ceiling(url))
        # Citus, simulated from the measured ceiling: ten districts at Longhua's peak rate each.
        peak_per_district = 1000
        city = 10 * peak_per_district
        ceiling = result["write_ceiling_incidents_per_s"]
        result.update({"city_peak_incidents_per_s": city, "single_server_headroom": round(ceiling / city, 2),
                       "citus_workers_for_3x_headroom": int(np.ceil(3 * city / ceiling))})
    finally:
        cluster.remove()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
