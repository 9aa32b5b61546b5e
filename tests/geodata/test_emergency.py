"""The emergency picture against independent computations, the record, and the report."""
from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from pyproj import Geod

from geodata.emergency.picture import EmergencyConfig, cameras_seeing, compute
from geodata.emergency.record import EmergencyStore
from geodata.emergency.report import write_report

GEOD = Geod(ellps="WGS84")
FOCUS = (114.0302, 22.6805)


def lonlat(district, layer):
    f = district.layer(layer)
    lon, lat = district.to_lonlat(f.geometry.x.to_numpy(), f.geometry.y.to_numpy())
    return np.asarray(lon), np.asarray(lat)


@pytest.mark.parametrize("etype", ["gas_leak", "flood", "fire", "geological", "public_safety", "epidemic"])
def test_zones_match_a_brute_force_geodesic_count(demo_district, etype):
    d = demo_district
    cfg = EmergencyConfig.load()
    pic = compute(d, etype, 2, *FOCUS, cfg)
    assert [z.radius_m for z in pic.zones] == list(cfg.types[etype].rings_m)
    slon, slat = lonlat(d, "sensors")
    _, _, sdist = GEOD.inv(np.full(len(slon), FOCUS[0]), np.full(len(slon), FOCUS[1]), slon, slat)
    rlon, rlat = lonlat(d, "risk_sites")
    _, _, rdist = GEOD.inv(np.full(len(rlon), FOCUS[0]), np.full(len(rlon), FOCUS[1]), rlon, rlat)
    grids_ll = d.grids.to_crs("EPSG:4326")
    for z in pic.zones:
        assert set(z.sensor_ids) == set(d.sensors["sensor_id"][sdist <= z.radius_m])
        assert set(z.site_ids) == set(d.layer("risk_sites")["site_id"][rdist <= z.radius_m])
        # grids the disc touches: a geodesic circle (polygon of 720 points) intersecting the grid
        az = np.linspace(0, 360, 720, endpoint=False)
        clon, clat, _ = GEOD.fwd(np.full(720, FOCUS[0]), np.full(720, FOCUS[1]), az, np.full(720, z.radius_m))
        import shapely
        disc = shapely.Polygon(np.column_stack([clon, clat]))
        expect = set(grids_ll["grid_id"][shapely.intersects(grids_ll.geometry.values, disc)])
        assert set(z.grid_ids) == expect
        assert z.population == int(d.grids.loc[d.grids["grid_id"].isin(z.grid_ids), "population"].sum())
    # alarms first in each zone's sensor list
    status = dict(zip(d.sensors["sensor_id"], d.sensors["status"]))
    flags = [status[s] == "alarm" for s in pic.zones[-1].sensor_ids]
    assert flags == sorted(flags, reverse=True)


def test_cameras_that_see_the_point_against_a_plain_field_of_view(demo_district):
    d = demo_district
    cams = d.cameras
    clon, clat = lonlat(d, "cameras")
    # aim at a point 40 m in front of an online camera, so the answer is not empty
    k = int(np.flatnonzero(cams["status"].to_numpy() == "online")[0])
    lon, lat, _ = GEOD.fwd(clon[k], clat[k], cams["heading_deg"].iloc[k], 40.0)
    got = cameras_seeing(d, lon, lat)
    expect = []
    for i in range(len(cams)):
        if cams["status"].iloc[i] != "online":
            continue
        az, _, dist = GEOD.inv(clon[i], clat[i], lon, lat)
        off = abs((az - cams["heading_deg"].iloc[i] + 180) % 360 - 180)
        if dist <= cams["range_m"].iloc[i] and off <= cams["fov_deg"].iloc[i] / 2:
            expect.append((cams["camera_id"].iloc[i], dist))
    expect.sort(key=lambda t: t[1])
    assert [c for c, _ in got] == [c for c, _ in expect] and got[0][0] == cams["camera_id"].iloc[k]
    assert all(math.isclose(a[1], b[1], abs_tol=0.01) for a, b in zip(got, expect))


def test_record_survives_reopening_and_report_is_offline(tmp_path, district_store, demo_district):
    data = district_store
    store = EmergencyStore(data)
    pic = compute(demo_district, "flood", 1, *FOCUS, EmergencyConfig.load())
    e = store.declare("flood", 1, *FOCUS, "duty", picture=pic.summary())
    store.log(e.id, "duty", "order", "evacuate the riverside")
    again = EmergencyStore(data)
    assert again.active().id == e.id
    assert [x.kind for x in again.entries(e.id)] == ["declare", "order"]
    store.stand_down(e.id, "duty", "water receded")
    assert EmergencyStore(data).active() is None
    assert EmergencyStore(data).get(e.id).closing_note == "water receded"
    paths = write_report(tmp_path / "rep", pic, demo_district, again.entries(e.id), "Flood · I")
    page = paths["map"].read_text()
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="https?://', page)  # nothing fetched from the net
    assert "L.map" in page or "L.map(" in page or "leaflet" in page.lower()
    summary = json.loads(paths["summary"].read_text())
    assert summary["zones"][0]["radius_m"] == 500 and summary["point"] == list(FOCUS)


def test_ring_outlines_are_geodesic_circles_at_the_configured_distances():
    from geodata.emergency.picture import zone_outlines
    config = EmergencyConfig.load()
    lon, lat = 114.03, 22.65
    rings = zone_outlines("gas_leak", 2, lon, lat, config)
    assert [r for r, _ in rings] == list(config.types["gas_leak"].rings_m)
    geod = Geod(ellps="WGS84")
    for radius, outline in rings:
        xs, ys = np.asarray(outline.exterior.coords).T
        _, _, dist = geod.inv(np.full(len(xs), lon), np.full(len(xs), lat), xs, ys)
        assert outline.is_valid and len(xs) > 100
        assert np.allclose(dist, radius, atol=0.01)
