"""Analysis on the district's history: the space-time query (against brute force and true
ground distances), the hierarchy's totals, the governance index, Gi* hotspots, the early
warning and plan comparison in a replay, on hand-made histories whose answers are known."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import box

from geodata.analysis import governance, hierarchy, replay
from geodata.analysis.history import IncidentHistory
from geodata.analysis.hotspots import grid_weights, hotspots
from geodata.analysis.query import IndexedReadings, SpaceTimeQuery, StoreReadings, cameras_covering
from geodata.analysis.spacetime import Place, SpaceTimeIndex, brute_force
from geodata.analysis.warning import WarningRule, hourly_counts, scan, shares
from geodata.incidents.records import Batch, Reading
from geodata.incidents.store import IncidentStore
from geodata.loader import load_district
from geodata.localtime import CST
from geodata.spatial_index import CityIndex
from tests import handmade

ROOT = Path(__file__).resolve().parents[2]
GEOD = Geod(ellps="WGS84")
UTC = timezone.utc


def history(n: int, *, x=None, y=None, lon=None, lat=None, t=None, grid=None, category=None, closed=None,
            deadline=None, escalated=None, satisfaction=None, source=None, status=None) -> IncidentHistory:
    """A hand-made history: anything not given is neutral."""
    nan = np.full(n, np.nan)
    z = np.zeros(n)
    return IncidentHistory(
        np.array([f"H{i}" for i in range(n)], dtype=object),
        np.asarray(category if category is not None else ["sanitation"] * n, dtype=object), np.full(n, 2),
        np.asarray(source if source is not None else ["hotline"] * n, dtype=object),
        np.asarray(status if status is not None else ["closed"] * n, dtype=object),
        np.asarray(x if x is not None else z, float), np.asarray(y if y is not None else z, float),
        np.asarray(lon if lon is not None else z, float), np.asarray(lat if lat is not None else z, float),
        np.asarray(t if t is not None else z, float), np.asarray(closed if closed is not None else nan, float),
        np.asarray(deadline if deadline is not None else nan, float),
        np.asarray(escalated if escalated is not None else np.zeros(n, bool), bool),
        np.asarray(satisfaction if satisfaction is not None else nan, float),
        np.asarray(grid if grid is not None else np.zeros(n, int), np.int64))


# ---------------------------------------------------------------------------- space-time query
def test_index_answers_what_a_scan_of_every_row_answers(demo_district):
    d = demo_district
    rng = np.random.default_rng(3)
    sx, sy = d.point_xy("sensors")
    n = 40_000
    pick = rng.integers(len(sx), size=n)
    x, y = sx[pick] + rng.normal(0, 80, n), sy[pick] + rng.normal(0, 80, n)
    lon, lat = (np.asarray(v) for v in d.to_lonlat(x, y))
    t = rng.uniform(0, 90 * 86400, n)
    index = SpaceTimeIndex(x, y, t, lon, lat)
    for k in range(25):
        s = int(rng.integers(len(sx)))
        plon, plat = (float(v) for v in d.to_lonlat(sx[s], sy[s]))
        place = Place.circle(d, plon, plat, float(rng.choice([30, 150, 600])))
        t1 = float(rng.uniform(0, 80 * 86400))
        t2 = t1 + float(rng.choice([3600, 86400, 10 * 86400]))
        got = index.query(place, t1, t2)
        assert np.array_equal(np.sort(got), brute_force(place, t1, t2, x, y, t, lon, lat)), k
        d_got = GEOD.inv(np.full(len(got), plon), np.full(len(got), plat), lon[got], lat[got])[2]
        assert np.all(np.diff(d_got) >= -1e-6), "nearest first"


def test_radius_is_true_ground_metres(demo_district):
    d = demo_district
    lon0, lat0 = 114.03, 22.65
    az = np.array([0.0, 45.0, 90.0, 180.0, 270.0, 300.0])
    inside = GEOD.fwd(np.full(6, lon0), np.full(6, lat0), az, np.full(6, 99.5))[:2]
    outside = GEOD.fwd(np.full(6, lon0), np.full(6, lat0), az, np.full(6, 100.5))[:2]
    lon = np.r_[inside[0], outside[0]]
    lat = np.r_[inside[1], outside[1]]
    x, y = d.from_lonlat(lon, lat)
    t = np.full(12, 1000.0)
    index = SpaceTimeIndex(x, y, t, lon, lat)
    got = index.query(Place.circle(d, lon0, lat0, 100.0), 0, 2000)
    assert sorted(got.tolist()) == list(range(6))
    assert len(index.query(Place.circle(d, lon0, lat0, 100.0), 1000.5, 2000)) == 0, "the period is kept"


def test_cameras_whose_cone_covers_the_place(tmp_path):
    path = handmade.write(tmp_path / "h.gpkg", handmade.layers())
    d = load_district(path)
    cam = d.cameras.geometry.iloc[0]  # C1 looks east (90°), 60° wide, 100 m
    clon, clat = (float(v) for v in d.to_lonlat(cam.x, cam.y))
    east = GEOD.fwd(clon, clat, 90, 50)[:2]
    west = GEOD.fwd(clon, clat, 270, 50)[:2]
    far_east = GEOD.fwd(clon, clat, 90, 150)[:2]
    assert [c["camera_id"] for c in cameras_covering(d, Place.circle(d, *east, 0))] == ["C1"]
    assert cameras_covering(d, Place.circle(d, *west, 0)) == []
    assert cameras_covering(d, Place.circle(d, *far_east, 0)) == []
    assert [c["camera_id"] for c in cameras_covering(d, Place.circle(d, *far_east, 60))] == ["C1"], \
        "a circle reaching into the cone"


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geodata.query", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_cli_lists_the_incidents_a_brute_force_scan_finds(demo_path, demo_district):
    f = demo_district.incidents
    ilon, ilat = (np.asarray(v) for v in demo_district.to_lonlat(f.geometry.x.to_numpy(), f.geometry.y.to_numpy()))
    lon0, lat0 = float(ilon[1234]), float(ilat[1234])
    since, until = datetime(2026, 8, 1, tzinfo=CST), datetime(2026, 11, 1, tzinfo=CST)
    dist = GEOD.inv(np.full(len(f), lon0), np.full(len(f), lat0), ilon, ilat)[2]
    when = f["reported_at"]
    expect = set(f["incident_id"][(dist <= 400) & (when >= since) & (when <= until)])
    assert 2 <= len(expect) < 200
    run = _cli(demo_path, "--at", f"{lon0},{lat0}", "--radius", 400, "--from", since.isoformat(),
               "--to", until.isoformat(), "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert set(out["incidents"]) == expect
    assert len(out["incidents"]) == len(expect), "each once"
    assert out["workers"] and out["workers"][0]["grid_worker"], "the responsible grid workers"
    assert all(c["distance_m"] <= 400 + 300 for c in out["cameras"])
    assert [d["incident_id"] for d in out["incident_details"]] == out["incidents"]


def test_cli_area_from_another_tool(tmp_path, demo_path, demo_district):
    """An area drawn in another GIS: GeoJSON in lon/lat, as ogr2ogr or geopandas writes it."""
    g = demo_district.grids
    target = g.iloc[[10]].to_crs(4326)
    area = tmp_path / "area.geojson"
    target[["geometry"]].to_file(area, driver="GeoJSON")
    run = _cli(demo_path, "--area", area, "--from", "2026-01-01T00:00:00+08:00", "--to", "2026-12-31T00:00:00+08:00",
               "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    f = demo_district.incidents
    inside = shapely.contains_xy(g.geometry.iloc[10], f.geometry.x.to_numpy(), f.geometry.y.to_numpy())
    assert set(out["incidents"]) == set(f["incident_id"][inside])
    assert out["workers"][0]["grid_id"] == str(g["grid_id"].iloc[10])


@pytest.mark.parametrize("args, says", [
    (["--at", "north", "--radius", "10"], "not LON,LAT"),
    (["--at", "114.03,22.65", "--radius", "-5"], "between 0 and"),
    (["--at", "114.03,22.65", "--radius", "10", "--to", "2026-01-01T00:00:00+08:00"], "ends"),
])
def test_cli_says_what_is_wrong(demo_path, args, says):
    base = ["--from", "2026-06-01T00:00:00+08:00"]
    if "--to" not in args:
        base += ["--to", "2026-07-01T00:00:00+08:00"]
    run = _cli(demo_path, *args, *base)
    assert run.returncode == 2
    assert says in run.stderr
    assert "Traceback" not in run.stderr


def test_readings_and_alarms_come_from_the_store(district_store, demo_district):
    d = load_district(district_store)
    s = d.sensors
    k = int(np.flatnonzero(s["threshold"].to_numpy(dtype=float, na_value=np.nan) > 0)[0])
    sid, thr = str(s["sensor_id"].iloc[k]), float(s["threshold"].iloc[k])
    t0 = datetime(2026, 11, 1, 8, tzinfo=CST)
    readings = [Reading(sid, thr * 0.5, t0), Reading(sid, thr * 1.4, t0 + timedelta(minutes=5)),
                Reading(sid, thr * 0.4, t0 + timedelta(days=3))]
    store = IncidentStore(district_store)
    try:
        store.commit(Batch(readings=readings, received=3))
        sx, sy = d.point_xy("sensors")
        lon, lat = (float(v) for v in d.to_lonlat(sx[k], sy[k]))
        query = SpaceTimeQuery(d, history(0), StoreReadings(d, store.store))
        result = query.ask(Place.circle(d, lon, lat, 5), t0 - timedelta(hours=1), t0 + timedelta(days=1))
    finally:
        store.close()
    assert sorted(result.readings.value.tolist()) == [thr * 0.5, thr * 1.4]
    assert [(a["sensor_id"], a["readings"], a["peak"]) for a in result.alarms] == [(sid, 1, thr * 1.4)]
    # the same readings held in memory give the same answer
    mem = IndexedReadings(d, np.array([k, k, k]), np.array([r.at.timestamp() for r in readings]),
                          np.array([r.value for r in readings]))
    again = SpaceTimeQuery(d, history(0), mem).ask(Place.circle(d, lon, lat, 5), t0 - timedelta(hours=1),
                                                   t0 + timedelta(days=1))
    assert sorted(again.readings.value.tolist()) == sorted(result.readings.value.tolist())


def test_times_must_carry_their_zone(demo_district):
    q = SpaceTimeQuery(demo_district, history(0))
    with pytest.raises(ValueError, match="zone"):
        q.ask(Place.circle(demo_district, 114.03, 22.65, 10), datetime(2026, 1, 1), datetime(2026, 2, 1))


# ---------------------------------------------------------------------------- hierarchy
def test_tree_totals_add_up(demo_district):
    d = demo_district
    idx = CityIndex.from_district(d)
    h = IncidentHistory.of(d, idx)
    root = hierarchy.build_tree(d.grids, d.name)
    n = len(d.grids)
    now = datetime(2026, 11, 20, 18, tzinfo=CST)
    open_ = h.open
    overdue = open_ & (h.deadline < now.timestamp())
    figures = hierarchy.grid_figures(n, d.grids["population"], h, open_, overdue, idx.assignment["sensors"],
                                     d.sensors["status"].to_numpy() == "alarm", now)
    hierarchy.add_totals(root, figures)
    assert root.totals["population"] == d.grids["population"].sum()
    assert root.totals["open"] == open_.sum()
    assert root.totals["alarms"] == (d.sensors["status"] == "alarm").sum()
    for node in root.walk():
        if node.children:
            for key in ("population", "open", "overdue", "incidents", "alarms", "closed"):
                assert node.totals[key] == pytest.approx(sum(c.totals[key] for c in node.children)), (node.key, key)
    assert len([n for n in root.walk() if n.level == "grid"]) == len(d.grids)
    assert 0 < root.totals["on_time_rate"] < 1
    community = root.children[0].children[0]
    fill = hierarchy.unit_values(root, "community", n, "population")
    assert np.all(fill[community.grids] == community.totals["population"])


# ---------------------------------------------------------------------------- governance index
def _two_communities() -> gpd.GeoDataFrame:
    g = handmade.grid_frame(2, 1).to_crs(32650)
    g["community"] = ["North", "South"]
    g["population"] = [1000, 1000]
    return g


def test_index_follows_the_history_it_is_given():
    """North closes everything on time with happy callers; South is late on half and has
    repeats: North ranks first, by the documented weights, and moves up when South improves."""
    g = _two_communities()
    oct_ = datetime(2026, 10, 5, tzinfo=CST).timestamp()
    nov = datetime(2026, 11, 5, tzinfo=CST).timestamp()
    t = np.array([oct_, oct_ + 3600, oct_, oct_ + 60, oct_ + 120, oct_ + 180, nov, nov + 60])
    grid = np.array([0, 0, 1, 1, 1, 1, 0, 1])
    deadline = t + 86400
    closed = np.array([t[0] + 3600, t[1] + 3600, t[2] + 3600, t[3] + 3600, t[4] + 2 * 86400, t[5] + 2 * 86400,
                       t[6] + 3600, t[7] + 3600])
    x = np.where(grid == 0, 100.0 + 300 * np.arange(8), 5000.0 + np.arange(8))  # South's: within metres
    h = history(8, x=x, y=np.zeros(8), t=t, grid=grid, closed=closed, deadline=deadline,
                satisfaction=[5, 5, np.nan, np.nan, 2, 2, 4, 4])
    cfg = governance.IndexConfig.load()
    table = governance.governance_index(h, g, cfg, now=datetime(2026, 12, 1, tzinfo=CST))
    octo = governance.ranking(table, "community", "2026-10").set_index("unit")
    north, south = octo.loc["S1/North"], octo.loc["S1/South"]
    assert north["on_time_rate"] == 1.0 and south["on_time_rate"] == 0.5
    assert north["incidents_per_1000"] == 2.0 and south["incidents_per_1000"] == 4.0
    assert south["repeat_share"] == 0.75 and north["repeat_share"] == 0.0
    assert south["overdue_share"] == 0.5 and south["satisfaction"] == 2.0
    assert north["rank"] == 1 and south["rank"] == 2
    weights = {i.key: i.weight for i in cfg.indicators}
    tied = weights["alarms_per_1000"] + weights["escalated_share"]  # both have none: 50 each
    total = sum(weights.values())
    assert north["index"] == pytest.approx((100 * (total - tied) + 50 * tied) / total)
    assert south["index"] == pytest.approx(50 * tied / total)
    novo = governance.ranking(table, "community", "2026-11").set_index("unit")
    # November: both close their one incident on time with the same satisfaction: a tie at 50
    assert novo.loc["S1/South", "rank"] == 1 and novo.loc["S1/South", "rank_change"] == 1
    assert novo.loc["S1/South", "index_change"] == pytest.approx(50 - south["index"])
    assert list(governance.trend(table, "community", "S1/North")["month"]) == ["2026-10", "2026-11"]


def test_index_file_errors_name_the_file_and_the_fault(tmp_path):
    bad = tmp_path / "index.toml"
    bad.write_text('[[indicator]]\nkey = "happiness"\nweight = 1\n', encoding="utf-8")
    with pytest.raises(governance.IndexConfigError, match="index.toml.*happiness"):
        governance.IndexConfig.load(bad)
    bad.write_text('[[indicator]]\nkey = "on_time_rate"\nweight = -1\n', encoding="utf-8")
    with pytest.raises(governance.IndexConfigError, match="negative"):
        governance.IndexConfig.load(bad)


def test_index_exports_escape_names(tmp_path):
    g = _two_communities()
    g["community"] = ["<script>alert(1)</script>", "=HYPERLINK(\"x\")"]
    t = np.full(2, datetime(2026, 10, 5, tzinfo=CST).timestamp())
    h = history(2, x=[0.0, 5000.0], t=t, grid=[0, 1], closed=t + 10, deadline=t + 100)
    cfg = governance.IndexConfig.load()
    table = governance.governance_index(h, g, cfg, now=datetime(2026, 12, 1, tzinfo=CST))
    page = governance.to_html(governance.ranking(table, "community", "2026-10"), "<b>ranking</b>", cfg, "zh_CN")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>ranking" not in page
    assert "按期办结率" in page
    out = tmp_path / "r.csv"
    governance.to_csv(table, out)
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


# ---------------------------------------------------------------------------- hotspots
def _lattice(n: int = 10) -> gpd.GeoDataFrame:
    rows = [{"grid_id": f"{i}-{j}", "geometry": box(i * 100, j * 100, (i + 1) * 100, (j + 1) * 100)}
            for j in range(n) for i in range(n)]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=32650)


def test_gi_star_finds_the_planted_cluster_and_not_a_lone_busy_grid():
    g = _lattice()
    busy = [r for r, (i, j) in enumerate((i, j) for j in range(10) for i in range(10)) if i <= 2 and j <= 2]
    lone = 77  # (7, 7): busy itself, quiet neighbours
    rng = np.random.default_rng(0)
    counts = rng.poisson(2, 100)
    counts[busy] += 12
    counts[lone] += 12
    grid = np.repeat(np.arange(100), counts)
    h = history(len(grid), t=np.full(len(grid), 10.0), grid=grid)
    w = grid_weights(g)
    assert w.n == 100 and w.cardinalities[11] == 8 and w.cardinalities[0] == 3, "Queen: edges and corners"
    hs = hotspots(h, g, since=0, until=100, weights=w, permutations=499)
    assert set(hs.hot(2)) >= {0, 1, 10, 11}
    assert lone not in set(hs.hot(2))
    assert np.all(hs.classes[hs.p > 0.1] == 0)
    only = hotspots(h, g, since=0, until=100, category="fire_hazard", weights=w)
    assert only.counts.sum() == 0 and not only.hot(1).size


# ---------------------------------------------------------------------------- early warning
def test_warning_fires_on_a_local_surge_and_not_on_a_district_wide_one():
    rng = np.random.default_rng(1)
    n_grids, hours = 200, 24 * 60
    rate = rng.uniform(0.02, 0.2, n_grids)
    counts = rng.poisson(np.outer(rate, np.ones(hours))).astype(np.int32)
    counts[:, 24 * 50: 24 * 51] = rng.poisson(np.outer(3 * rate, np.ones(24)))  # a storm day: every grid x3
    counts[17, 24 * 55 + 5: 24 * 55 + 11] += np.array([1, 2, 3, 3, 2, 1])  # 12 extra in 6 h, one grid
    share = shares(counts[:, : 24 * 40].sum(axis=1))
    found = scan(counts, share, range(24 * 40, hours), WarningRule())
    assert [w.grid for w in found] == [17]
    w = found[0]
    assert 24 * 55 + 5 < (w.at / 3600) <= 24 * 55 + 11, "warned inside the surge"
    assert w.observed >= 4 and w.strength > 6


def test_hourly_counts_place_incidents_in_their_hour():
    c = hourly_counts(np.array([0, 0, 1, -1]), np.array([10.0, 3700.0, 7300.0, 20.0]), 2, 0.0, 3)
    assert c.tolist() == [[1, 1, 0], [0, 0, 1]]


# ---------------------------------------------------------------------------- replay
def test_replay_clock_and_what_it_shows():
    clock = replay.ReplayClock(0.0, 36_000.0, speed=3600)
    assert clock.advance(2.0) and clock.at == 7200.0
    assert not clock.advance(100.0) and clock.at == 36_000.0
    with pytest.raises(ValueError):
        replay.ReplayClock(0.0, 10.0, speed=10)
    h = history(4, t=[100.0, 5000.0, 9000.0, 50_000.0])
    rows = replay.period_rows(h, 0, 36_000)
    seen, new = replay.shown_at(h, rows, 8000.0)
    assert seen.tolist() == [0, 1] and new.tolist() == [False, True]


def test_the_same_period_under_two_plans():
    active = gpd.GeoDataFrame({"grid_id": ["A", "B"], "name": ["a", "b"], "grid_worker": ["w1", "w2"]},
                              geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100)], crs=32650)
    proposed = gpd.GeoDataFrame({"grid_id": ["A", "B"], "name": ["a", "b"], "grid_worker": ["w1", "w2"]},
                                geometry=[box(0, 0, 150, 100), box(150, 0, 200, 100)], crs=32650)
    x = np.array([10.0, 20.0, 30.0, 120.0, 130.0, 160.0, 170.0, 400.0])
    t = np.arange(8) * 100.0
    h = history(8, x=x, y=np.full(8, 50.0), t=t, closed=t + 3600)
    a, b, s = replay.compare(h, 0, 10_000, active, proposed)
    assert a.set_index("grid_id")["incidents"].to_dict() == {"A": 3, "B": 4}
    assert b.set_index("grid_id")["incidents"].to_dict() == {"A": 5, "B": 2}
    assert s["active"]["incidents"] == 7, "the point outside both plans is counted in neither"
    assert a.set_index("grid_id")["open_hours"]["A"] == 3.0
    assert s["proposed"]["max_over_mean"] == pytest.approx(5 / 3.5)
