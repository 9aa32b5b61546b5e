"""Plan versions inside the district GeoPackage: save, list, diff, activate, export.

Every save appends a new version (``gridtwin_plan_versions`` + the grids in
``gridtwin_plan_grids``, a GeoPackage feature table QGIS can open and filter by
``version``); nothing is overwritten in place. Making a version active copies its
grids into the ``grids`` layer the console loads. Each of these is one SQLite
transaction: a crash mid-save leaves the previous versions and the active plan as they
were. A plan with coverage problems can be kept as a draft but never made active.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geodata.errors import DistrictDataError
from geodata.loader import check_is_geopackage
from geodata.sqlite_wal import connect_readonly
from geodata.plan.balance import population_points
from geodata.plan.gpkg_blob import from_blob, register_functions, to_blob
from geodata.schema import OPEN_INCIDENT_STATUSES
from geodata.spatial_index import CityIndex, GridIndex

VERSIONS = "gridtwin_plan_versions"
GRIDS = "gridtwin_plan_grids"
ATTRS = ("grid_id", "name", "community", "street", "district", "population", "grid_worker")


class PlanStoreError(ValueError):
    """A plan cannot be saved, found or activated (the message says why)."""


@dataclass(frozen=True)
class PlanVersion:
    version: int
    created_at: str
    author: str
    note: str
    problems: int
    grids: int
    parent: int | None
    active: bool = False

    @property
    def is_draft(self) -> bool:
        return self.problems > 0


class PlanStore:
    """The plan versions of one district GeoPackage."""

    def __init__(self, path: str | Path, *, writable: bool = True) -> None:
        """``writable=False`` for reading only: the file is never created, changed or given
        the version tables (a file without them simply has no versions yet)."""
        self.path = Path(path)
        self.writable = writable
        check_is_geopackage(self.path)
        with self._reading() as con:
            row = con.execute(
                "SELECT srs_id, column_name FROM gpkg_geometry_columns WHERE table_name = 'grids'").fetchone()
        if row is None:
            raise DistrictDataError(self.path, "has no grids layer, so it holds no grid plan", layer="grids")
        self._srs_id, self._geom_col = row
        if writable:
            self._ensure_schema()

    # -- sqlite plumbing
    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        register_functions(con)
        return con

    @contextmanager
    def _transaction(self):
        """One write transaction: all of it lands, or (on any error, or a crash) none of it."""
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            yield con
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    @contextmanager
    def _reading(self):
        con = self._connect() if self.writable else connect_readonly(self.path)
        if not self.writable:
            register_functions(con)
        try:
            yield con
        finally:
            con.close()

    def _ensure_schema(self) -> None:
        with self._reading() as con:
            if con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (VERSIONS,)).fetchone():
                return
        with self._transaction() as con:
            con.execute(f"""CREATE TABLE IF NOT EXISTS {VERSIONS} (
                version INTEGER PRIMARY KEY, created_at TEXT NOT NULL, author TEXT NOT NULL,
                note TEXT NOT NULL, problems INTEGER NOT NULL, grids INTEGER NOT NULL,
                parent INTEGER, active INTEGER NOT NULL DEFAULT 0)""")
            con.execute(f"""CREATE TABLE IF NOT EXISTS {GRIDS} (
                fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY, version INTEGER NOT NULL,
                grid_id TEXT NOT NULL, name TEXT, community TEXT, street TEXT, district TEXT,
                population INTEGER, grid_worker TEXT, UNIQUE (version, grid_id))""")
            con.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, "
                        "last_change, srs_id) VALUES (?, 'features', ?, 'GridTwin plan versions', ?, ?)",
                        (GRIDS, GRIDS, _now(), self._srs_id))
            con.execute("INSERT OR IGNORE INTO gpkg_geometry_columns VALUES (?, 'geom', 'GEOMETRY', ?, 0, 0)",
                        (GRIDS, self._srs_id))

    # -- reading
    def versions(self) -> list[PlanVersion]:
        with self._reading() as con:
            if not con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (VERSIONS,)).fetchone():
                return []
            rows = con.execute(f"SELECT version, created_at, author, note, problems, grids, parent, active "
                               f"FROM {VERSIONS} ORDER BY version").fetchall()
        return [PlanVersion(*r[:7], active=bool(r[7])) for r in rows]

    def active_version(self) -> int | None:
        return next((v.version for v in self.versions() if v.active), None)

    def grids(self, version: int, crs) -> gpd.GeoDataFrame:
        """The grids of ``version`` in the storage CRS ``crs``."""
        with self._reading() as con:
            rows = con.execute(f"SELECT geom, {', '.join(ATTRS)} FROM {GRIDS} WHERE version = ? ORDER BY grid_id",
                               (version,)).fetchall()
        if not rows:
            raise PlanStoreError(f"{self.path}: there is no plan version {version}")
        frame = gpd.GeoDataFrame([dict(zip(ATTRS, r[1:])) for r in rows],
                                 geometry=[from_blob(r[0]) for r in rows], crs=crs)
        return frame

    # -- writing
    def save(self, grids: gpd.GeoDataFrame, *, author: str, note: str, problems: int,
             activate: bool = False, parent: int | None = None, _fail_after: int | None = None) -> PlanVersion:
        """Append ``grids`` (any CRS; stored in the layer's) as a new version.

        ``problems`` is the number of coverage problems: a plan with any is a draft and
        ``activate=True`` is refused. The first save also records the plan the file held
        before (version 1, "as loaded") so every later version can be compared with it.
        ``_fail_after`` (tests only) aborts mid-write after that many grids, like a crash.
        """
        if activate and problems:
            raise PlanStoreError(f"this plan has {problems} coverage problem(s): save it as a draft, "
                                 "fix the problems, then make it active")
        if not author.strip():
            raise PlanStoreError("a plan version needs an author")
        stored = grids.to_crs(_crs_of(self.path, self._srs_id, grids))
        with self._transaction() as con:
            if con.execute(f"SELECT COUNT(*) FROM {VERSIONS}").fetchone()[0] == 0:
                self._record_loaded(con)
            number = con.execute(f"SELECT COALESCE(MAX(version), 0) + 1 FROM {VERSIONS}").fetchone()[0]
            if parent is None:
                parent = con.execute(f"SELECT version FROM {VERSIONS} WHERE active = 1").fetchone()
                parent = parent[0] if parent else None
            con.execute(f"INSERT INTO {VERSIONS} (version, created_at, author, note, problems, grids, parent) "
                        f"VALUES (?, ?, ?, ?, ?, ?, ?)", (number, _now(), author, note, problems, len(stored), parent))
            for k, (_, row) in enumerate(stored.iterrows()):
                if _fail_after is not None and k >= _fail_after:
                    raise RuntimeError("simulated crash during save")
                con.execute(f"INSERT INTO {GRIDS} (geom, version, {', '.join(ATTRS)}) VALUES (?, ?{', ?' * len(ATTRS)})",
                            (to_blob(row.geometry, self._srs_id), number, *[_plain(row.get(a)) for a in ATTRS]))
            if activate:
                self._activate(con, number)
        return next(v for v in self.versions() if v.version == number)

    def activate(self, version: int) -> None:
        """Make ``version`` the plan the console loads (refused for a draft)."""
        with self._transaction() as con:
            self._activate(con, version)

    def _activate(self, con: sqlite3.Connection, version: int) -> None:
        row = con.execute(f"SELECT problems FROM {VERSIONS} WHERE version = ?", (version,)).fetchone()
        if row is None:
            raise PlanStoreError(f"{self.path}: there is no plan version {version}")
        if row[0]:
            raise PlanStoreError(f"version {version} is a draft with {row[0]} coverage problem(s); "
                                 "only a plan without problems can be made active")
        columns = [r[1] for r in con.execute("PRAGMA table_info(grids)")]
        attrs = [a for a in ATTRS if a in columns]
        geom = self._geom_col
        con.execute("DELETE FROM grids")
        con.execute(f'INSERT INTO grids ("{geom}", {", ".join(attrs)}) '
                    f"SELECT geom, {', '.join(attrs)} FROM {GRIDS} WHERE version = ? ORDER BY grid_id", (version,))
        env = con.execute(f"SELECT MIN(ST_MinX(geom)), MIN(ST_MinY(geom)), MAX(ST_MaxX(geom)), MAX(ST_MaxY(geom)) "
                          f"FROM {GRIDS} WHERE version = ?", (version,)).fetchone()
        con.execute("UPDATE gpkg_contents SET last_change = ?, min_x = ?, min_y = ?, max_x = ?, max_y = ? "
                    "WHERE table_name = 'grids'", (_now(), *env))
        con.execute(f"UPDATE {VERSIONS} SET active = (version = ?)", (version,))

    def _record_loaded(self, con: sqlite3.Connection) -> None:
        columns = [r[1] for r in con.execute("PRAGMA table_info(grids)")]
        attrs = [a for a in ATTRS if a in columns]
        n = con.execute("SELECT COUNT(*) FROM grids").fetchone()[0]
        con.execute(f"INSERT INTO {VERSIONS} (version, created_at, author, note, problems, grids, parent, active) "
                    f"VALUES (1, ?, 'import', 'the plan as loaded, before any saved edit', 0, ?, NULL, 1)",
                    (_now(), n))
        con.execute(f'INSERT INTO {GRIDS} (geom, version, {", ".join(attrs)}) '
                    f'SELECT "{self._geom_col}", 1, {", ".join(attrs)} FROM grids')

    def export_geojson(self, version: int, out: str | Path) -> Path:
        """Write ``version`` as RFC 7946 GeoJSON (WGS84 lon/lat), atomically."""
        out = Path(out)
        frame = self.grids(version, _crs_of(self.path, self._srs_id, None)).to_crs("EPSG:4326")
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


def _crs_of(path: Path, srs_id: int, fallback):
    from pyproj import CRS
    with closing(connect_readonly(path)) as con:
        row = con.execute("SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys "
                          "WHERE srs_id = ?", (srs_id,)).fetchone()
    if row is None:
        return fallback.crs if fallback is not None else CRS.from_epsg(4326)
    org, code, wkt = row
    if org and str(org).upper() == "EPSG":
        return CRS.from_epsg(int(code))
    return CRS.from_wkt(wkt)


def _plain(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def versions_json(store: PlanStore) -> str:
    return json.dumps([v.__dict__ for v in store.versions()], ensure_ascii=False, indent=1)
