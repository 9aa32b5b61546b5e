"""Plan versions in the district's store (its GeoPackage, or the shared PostGIS): save, list,
diff, activate, export.

Every save appends a new version (``gridtwin_plan_versions`` + the grids in
``gridtwin_plan_grids``, a GeoPackage feature table QGIS can open and filter by
``version``); nothing is overwritten in place. Making a version active copies its
grids into the ``grids`` layer the console loads. Each of these is one SQLite
transaction: a crash mid-save leaves the previous versions and the active plan as they
were. A plan with coverage problems can be kept as a draft but never made active.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geodata.errors import DistrictDataError
from geodata.plan.balance import population_points
from geodata.schema import OPEN_INCIDENT_STATUSES
from geodata.spatial_index import CityIndex, GridIndex
from geodata.store import Store, open_store
from geodata.store.base import PLAN_ATTRS as ATTRS
from geodata.store.base import PlanStoreError, PlanVersion

__all__ = ["PlanStore", "PlanStoreError", "PlanVersion", "diff_versions", "versions_json"]


class PlanStore:
    """The plan versions of one district store (a GeoPackage, or the shared PostGIS store)."""

    def __init__(self, where: str | Path | Store, *, writable: bool = True) -> None:
        """``writable=False`` for reading only: the file is never created, changed or given
        the version tables (a file without them simply has no versions yet). Given a path or a
        URL, each call opens its own connection and closes it: GDAL reading the same file in
        this process must not find a connection of ours open (see geodata.store.gpkg_layer)."""
        self._given = where if isinstance(where, Store) else None
        self._where = where
        self.writable = writable
        with self._open() as store:
            self.path = store.where
            if getattr(store, "_grids_srs", 0) is None:
                raise DistrictDataError(self.path, "has no grids layer, so it holds no grid plan", layer="grids")

    @contextmanager
    def _open(self):
        if self._given is not None:
            yield self._given
            return
        store = open_store(self._where, readonly=not self.writable)
        try:
            yield store
        finally:
            store.close()

    # -- reading
    def versions(self) -> list[PlanVersion]:
        with self._open() as store:
            return store.plan_versions()

    def active_version(self) -> int | None:
        return next((v.version for v in self.versions() if v.active), None)

    def grids(self, version: int, crs=None) -> gpd.GeoDataFrame:
        """The grids of ``version``, in ``crs`` (default: the storage CRS)."""
        with self._open() as store:
            rows = store.plan_grids(version)
            storage = store.storage_crs()
        if not rows:
            raise PlanStoreError(f"{self.path}: there is no plan version {version}")
        frame = gpd.GeoDataFrame([dict(zip(ATTRS, r[1:])) for r in rows], geometry=[r[0] for r in rows],
                                 crs=storage)
        return frame if crs is None else frame.to_crs(crs)

    # -- writing
    def save(self, grids: gpd.GeoDataFrame, *, author: str, note: str, problems: int,
             activate: bool = False, parent: int | None = None, _fail_after: int | None = None) -> PlanVersion:
        """Append ``grids`` (any CRS; stored in the store's) as a new version, in one transaction.

        ``problems`` is the number of coverage problems: a plan with any is a draft and
        ``activate=True`` is refused. The first save also records the plan the store held
        before (version 1, "as loaded") so every later version can be compared with it.
        ``_fail_after`` (tests only) makes the database refuse a grid after that many were
        written, so the whole version must roll back.
        """
        if activate and problems:
            raise PlanStoreError(f"this plan has {problems} coverage problem(s): save it as a draft, "
                                 "fix the problems, then make it active")
        if not author.strip():
            raise PlanStoreError("a plan version needs an author")
        with self._open() as store:
            stored = grids.to_crs(store.storage_crs())
            rows = [(row.geometry, *[_plain(row.get(a)) for a in ATTRS]) for _, row in stored.iterrows()]
            try:
                number = store.save_plan(rows, author=author, note=note, problems=problems, activate=activate,
                                         parent=parent, _fail_after=_fail_after)
            except store.permanent as exc:  # the database refused the rows (a duplicate id, a missing one)
                raise PlanStoreError(f"the plan was not saved: the store refused it ({exc})") from exc
        return next(v for v in self.versions() if v.version == number)

    def activate(self, version: int) -> None:
        """Make ``version`` the plan every console loads (refused for a draft)."""
        with self._open() as store:
            store.activate_plan(version)

    def export_geojson(self, version: int, out: str | Path) -> Path:
        """Write ``version`` as RFC 7946 GeoJSON (WGS84 lon/lat), atomically."""
        out = Path(out)
        frame = self.grids(version).to_crs("EPSG:4326")
        tmp = out.with_suffix(out.suffix + ".part")
        tmp.write_text(frame.to_json(ensure_ascii=False, drop_id=True), encoding="utf-8")
        tmp.replace(out)
        return out


@dataclass(frozen=True)
class GridDiff:
    """How one grid differs between two versions."""

    grid_id: str
    change: str  # added, removed, reshaped, unchanged
    area_before_km2: float
    area_after_km2: float
    moved_m2: float
    counts_before: dict
    counts_after: dict


def diff_versions(store: PlanStore, a: int, b: int, district) -> list[GridDiff]:
    """Which grids changed between versions ``a`` and ``b`` and how their workloads moved.

    Workloads are recounted by locating the district's points in each version's grids.
    """
    frames = {v: store.grids(v, district.storage_crs).to_crs(district.metric_crs) for v in (a, b)}
    index = CityIndex(district.grids.geometry.values, district.grids["grid_id"].to_numpy(), {})
    px, py, pw = population_points(district, index)
    coords = {name: (district.layer(name).geometry.x.to_numpy(), district.layer(name).geometry.y.to_numpy())
              for name in ("sensors", "cameras", "incidents")}
    is_open = np.isin(district.incidents["status"].to_numpy(), OPEN_INCIDENT_STATUSES)
    counts = {}
    for v, frame in frames.items():
        gi = GridIndex(frame.geometry.values, frame["grid_id"].to_numpy())
        n = len(frame)

        def count(layer, mask=None, weights=None, gi=gi, n=n):
            x, y = (px, py) if layer == "people" else coords[layer]
            where = gi.locate(x, y)
            w = weights
            if mask is not None:
                where, w = where[mask], None if w is None else w[mask]
            ok = where >= 0
            return np.bincount(where[ok], weights=None if w is None else w[ok], minlength=n)

        table = {"population": np.round(count("people", weights=pw)).astype(int),
                 "open_incidents": count("incidents", is_open), "past_incidents": count("incidents", ~is_open),
                 "sensors": count("sensors"), "cameras": count("cameras")}
        counts[v] = {gid: {k: int(t[i]) for k, t in table.items()} for i, gid in enumerate(frame["grid_id"])}
    ga = dict(zip(frames[a]["grid_id"], frames[a].geometry.values))
    gb = dict(zip(frames[b]["grid_id"], frames[b].geometry.values))
    out = []
    for gid in sorted(set(ga) | set(gb)):
        before, after = ga.get(gid), gb.get(gid)
        if before is None:
            change, moved = "added", shapely.area(after)
        elif after is None:
            change, moved = "removed", shapely.area(before)
        elif shapely.equals_exact(before, after, tolerance=1e-6):
            change, moved = "unchanged", 0.0
        else:
            moved = shapely.area(shapely.symmetric_difference(before, after))
            change = "reshaped" if moved > 0.01 else "unchanged"
        out.append(GridDiff(gid, change, _km2(before), _km2(after), float(moved),
                            counts[a].get(gid, {}), counts[b].get(gid, {})))
    return out


def _km2(geom) -> float:
    return 0.0 if geom is None else float(shapely.area(geom)) / 1e6


def _plain(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def versions_json(store: PlanStore) -> str:
    return json.dumps([v.__dict__ for v in store.versions()], ensure_ascii=False, indent=1)
