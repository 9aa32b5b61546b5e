"""Small hand-made districts for tests: a few square grids near Longhua, in lon/lat."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point, box

LON0, LAT0 = 114.03, 22.65
STEP = 0.01  # ~1 km


def grid_frame(nx: int = 2, ny: int = 2) -> gpd.GeoDataFrame:
    rows = []
    for j in range(ny):
        for i in range(nx):
            rows.append({
                "grid_id": f"G{j}{i}", "name": f"grid {j}{i}", "community": f"C{j}", "street": "S1",
                "district": "Test", "population": 100 * (i + 1), "grid_worker": "worker",
                "geometry": box(LON0 + i * STEP, LAT0 + j * STEP, LON0 + (i + 1) * STEP, LAT0 + (j + 1) * STEP),
            })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def layers(nx: int = 2, ny: int = 2) -> dict[str, gpd.GeoDataFrame]:
    grids = grid_frame(nx, ny)
    p = lambda fx, fy: Point(LON0 + fx * STEP, LAT0 + fy * STEP)  # noqa: E731
    sensors = gpd.GeoDataFrame({
        "sensor_id": ["S1", "S2"], "kind": ["gas", "smoke"], "status": ["normal", "alarm"],
        "value": [1.0, 9.0], "unit": ["%LEL", "%obs/m"], "threshold": [20.0, 4.0],
    }, geometry=[p(0.5, 0.5), p(1.5, 1.5)], crs="EPSG:4326")
    cameras = gpd.GeoDataFrame({
        "camera_id": ["C1"], "heading_deg": [90.0], "fov_deg": [60.0], "range_m": [100.0], "status": ["online"],
    }, geometry=[p(0.2, 0.2)], crs="EPSG:4326")
    incidents = gpd.GeoDataFrame({
        "incident_id": ["E1", "E2"], "category": ["sanitation", "fire_hazard"], "severity": [1, 4],
        "status": ["reported", "closed"], "source": ["hotline", "sensor"],
        "reported_at": ["2026-05-01T08:30:00+08:00", "2026-05-02T09:00:00+08:00"], "grid_id": ["G00", None],
    }, geometry=[p(0.5, 0.5), p(1.5, 0.5)], crs="EPSG:4326")
    return {"grids": grids, "sensors": sensors, "cameras": cameras, "incidents": incidents}


def write(path: Path, frames: dict[str, gpd.GeoDataFrame]) -> Path:
    for name, frame in frames.items():
        frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
    return path
