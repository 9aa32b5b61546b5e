"""The embedded back-end: the district's own GeoPackage holds the live tables, for one seat.

Incidents live in the file's registered ``incidents`` feature layer (see
:mod:`geodata.store.gpkg_layer`), sensor states also in the ``sensors`` layer's ``status`` and
``value``, plan versions in a feature table QGIS can filter by ``version``: a GIS opening the
file sees the live picture. Each connection belongs to one thread: the feed worker and the
console each open their own (:meth:`GeoPackageStore.reopen`).
"""
from __future__ import annotations

from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pyogrio
from pyproj import CRS

from geodata.localtime import utc_now
from geodata.store.base import PLAN_ATTRS, LoginRefused, PlanStoreError, Tx
from geodata.store.gpkg_blob import from_blob, register_functions, to_blob
from geodata.store.gpkg_layer import IncidentLayer, ensure_layer, has_live_columns
from geodata.store.sqlite import add_missing_columns, connect_readonly, quoted, snapshot_copy
from geodata.store.sqlite_store import AUDIT_CHAIN_COLUMNS, SqliteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS gridtwin_incident_events (
    id INTEGER PRIMARY KEY, incident_id TEXT NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL,
    action TEXT NOT NULL, from_status TEXT, to_status TEXT NOT NULL, level INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '', due_at TEXT);
CREATE INDEX IF NOT EXISTS gridtwin_incident_events_by_incident ON gridtwin_incident_events (incident_id, id);
CREATE TABLE IF NOT EXISTS gridtwin_dead_letters (
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, channel TEXT NOT NULL, origin TEXT NOT NULL,
    reason TEXT NOT NULL, payload TEXT NOT NULL, payload_sha256 TEXT, payload_bytes INTEGER);
CREATE TABLE IF NOT EXISTS gridtwin_sensor_readings (sensor_id TEXT NOT NULL, at TEXT NOT NULL, value REAL NOT NULL);
CREATE INDEX IF NOT EXISTS gridtwin_sensor_readings_by_sensor ON gridtwin_sensor_readings (sensor_id, at);
CREATE TABLE IF NOT EXISTS gridtwin_sensor_state (
    sensor_id TEXT PRIMARY KEY, status TEXT NOT NULL, value REAL, at TEXT NOT NULL, episode TEXT);
CREATE TABLE IF NOT EXISTS gridtwin_emergencies (
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, level INTEGER NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL,
    area_wkt TEXT, source TEXT NOT NULL DEFAULT '', declared_at TEXT NOT NULL, declared_by TEXT NOT NULL,
    stood_down_at TEXT, stood_down_by TEXT, closing_note TEXT, picture TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS gridtwin_emergency_log (
    id INTEGER PRIMARY KEY, emergency_id INTEGER NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gridtwin_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL, ids TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS gridtwin_audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,
    action TEXT NOT NULL, detail TEXT NOT NULL, n INTEGER, db_user TEXT, console TEXT, prev_hash TEXT, hash TEXT);
CREATE TABLE IF NOT EXISTS gridtwin_alarm_acks (alarm TEXT PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,
    console TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS gridtwin_point_grids (layer TEXT PRIMARY KEY, key TEXT NOT NULL, grids BLOB NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gridtwin_users (name TEXT PRIMARY KEY, role TEXT NOT NULL,
    jurisdiction_kind TEXT NOT NULL DEFAULT 'district', jurisdiction_name TEXT, password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL);
"""
VERSIONS, GRIDS = "gridtwin_plan_versions", "gridtwin_plan_grids"


class GeoPackageStore(SqliteStore):
    kind = "geopackage"

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        """``readonly``: only read the file (a snapshot); it is never created or written."""
        from geodata.loader import check_is_geopackage
        check_is_geopackage(Path(path))
        super().__init__(path, SCHEMA, readonly=readonly)
        con = self.con
        if readonly:
            self._layer = IncidentLayer(con) if _has_layer(con) else None
            self._live = self._layer is not None and has_live_columns(con)
        else:
            register_functions(con)
            ensure_layer(con)
            add_missing_columns(con, "gridtwin_dead_letters", {"payload_sha256": "TEXT", "payload_bytes": "INTEGER"})
            add_missing_columns(con, "gridtwin_audit", AUDIT_CHAIN_COLUMNS)
            self._layer = IncidentLayer(con)
            self._layer.prepare()
            self._live = True
        have = {r[0] for r in con.execute("SELECT name FROM pragma_table_info('sensors')")}
        self._sensor_state_in_layer = {"sensor_id", "status", "value"} <= have
        row = con.execute("SELECT srs_id, column_name FROM gpkg_geometry_columns WHERE table_name = 'grids'").fetchone()
        self._grids_srs, self._grids_geom = row if row else (None, None)
        if not readonly and self._grids_srs is not None:
            self._ensure_plan_tables()

    def reopen(self) -> "GeoPackageStore":
        again = GeoPackageStore(self.path, readonly=self.readonly)
        again.user = self.user  # the same console, the same login
        again.origin = self.origin  # the same console: its own changes are not read back
        return again

    # ------------------------------------------------------------------ users (a single seat's own)
    def has_users(self) -> bool:
        return bool(self.read("SELECT COUNT(*) FROM gridtwin_users")[0][0])

    def users(self):
        from geodata.access import Jurisdiction, User
        return [User(n, r, Jurisdiction(k, j)) for n, r, k, j in
                self.read("SELECT name, role, jurisdiction_kind, jurisdiction_name FROM gridtwin_users ORDER BY name")]

    def add_user(self, name: str, role: str, jurisdiction, password: str, *, by: str = "") -> None:
        """A local user, its password kept only as an scrypt hash. The first user of a file must
        be an admin; after that only an admin adds users."""
        from geodata.access import check_name, check_role, hash_password
        check_name(name)
        check_role(role)
        if self.has_users():
            if self.user is None:
                from geodata.access import AccessDenied
                raise AccessDenied(f"{self.where} has users: log in as an admin to add or change one")
            self.require("manage_users")
        elif role != "admin":
            raise ValueError("the first user of a district file must be an admin (it adds the others)")
        with self.transaction() as tx:
            tx.execute("INSERT INTO gridtwin_users (name, role, jurisdiction_kind, jurisdiction_name, password_hash,"
                       " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                       " role = excluded.role, jurisdiction_kind = excluded.jurisdiction_kind,"
                       " jurisdiction_name = excluded.jurisdiction_name, password_hash = excluded.password_hash",
                       (name, role, jurisdiction.kind, jurisdiction.name, hash_password(password),
                        self._time(utc_now()), by or "geodata.store"))
        self.audit_record(by or "geodata.store", "user_set", {"user": name, "role": role,
                                                              "jurisdiction": str(jurisdiction)})

    def login(self, name: str, password: str) -> "GeoPackageStore":
        """Check ``name``'s password; this store then acts as that user (and is returned, as the
        shared store returns its new connection). A failure is audited."""
        from geodata.access import Jurisdiction, User, check_password
        row = self.read("SELECT role, jurisdiction_kind, jurisdiction_name, password_hash FROM gridtwin_users"
                        " WHERE name = ?", (name,))
        if not row or not check_password(password, row[0][3]):
            if not self.readonly:  # a snapshot only looks
                self.audit_record(name, "login_failed", {"user": name})
            raise LoginRefused(f"{name} may not log in to {self.where}: wrong user name or password")
        role, kind, jname, _ = row[0]
        self.user = User(name, role, Jurisdiction(kind, jname))
        if not self.readonly:
            self.audit_record(name, "login", {"role": role, "jurisdiction": str(self.user.jurisdiction)})
        return self

    # ------------------------------------------------------------------ district layers
    def layer_names(self) -> dict[str, str]:
        """Layer name → geometry type, as GDAL lists them. (GDAL reads a consistent copy: it
        must never open the live file inside a process that has it open.)"""
        return {name: gtype for name, gtype in pyogrio.list_layers(self.path)}

    def snapshot(self, dest: str | Path) -> Path:
        return snapshot_copy(self.path, dest)

    def storage_crs(self) -> CRS:
        return _crs_of(self.con, self._grids_srs)

    # ------------------------------------------------------------------ incidents (feature layer)
    def _upsert_incidents(self, tx: Tx, rows: list[dict]) -> None:
        self._layer.upsert(rows)

    def _sensor_layer_has_state(self) -> bool:
        return self._sensor_state_in_layer

    def _live_rows(self, where: str = "", params=()) -> list:
        return super()._live_rows(where, params) if self._live else []

    def incident_count(self) -> int:
        return super().incident_count() if self._live else 0

    # ------------------------------------------------------------------ plan versions
    def _has_plan_tables(self) -> bool:
        return self.con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (VERSIONS,)).fetchone() is not None

    def _ensure_plan_tables(self) -> None:
        if self._has_plan_tables():
            return
        with self.transaction() as tx:
            tx.execute(f"""CREATE TABLE IF NOT EXISTS {VERSIONS} (
                version INTEGER PRIMARY KEY, created_at TEXT NOT NULL, author TEXT NOT NULL,
                note TEXT NOT NULL, problems INTEGER NOT NULL, grids INTEGER NOT NULL,
                parent INTEGER, active INTEGER NOT NULL DEFAULT 0)""")
            tx.execute(f"""CREATE TABLE IF NOT EXISTS {GRIDS} (
                fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY, version INTEGER NOT NULL,
                grid_id TEXT NOT NULL, name TEXT, community TEXT, street TEXT, district TEXT,
                population INTEGER, grid_worker TEXT, UNIQUE (version, grid_id))""")
            tx.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, "
                       "last_change, srs_id) VALUES (?, 'features', ?, 'GridTwin plan versions', ?, ?)",
                       (GRIDS, GRIDS, _now(), self._grids_srs))
            tx.execute("INSERT OR IGNORE INTO gpkg_geometry_columns VALUES (?, 'geom', 'GEOMETRY', ?, 0, 0)",
                       (GRIDS, self._grids_srs))

    def _geom_bind(self, geom) -> bytes:
        return to_blob(geom, self._grids_srs)

    def _geom_read(self, value):
        return from_blob(value)

    @property
    def grids_geom(self) -> str:
        return quoted(self._grids_geom)

    def _grid_attrs(self, tx: Tx) -> list[str]:
        columns = [r[1] for r in tx.all("PRAGMA table_info(grids)")]
        return [a for a in PLAN_ATTRS if a in columns]

    def _copy_plan_to_grids(self, tx: Tx, version: int) -> None:
        attrs = self._grid_attrs(tx)
        tx.execute("DELETE FROM grids")
        tx.execute(f'INSERT INTO grids ({quoted(self._grids_geom)}, {", ".join(attrs)}) '
                   f"SELECT geom, {', '.join(attrs)} FROM {GRIDS} WHERE version = ? ORDER BY grid_id", (version,))
        env = tx.one(f"SELECT MIN(ST_MinX(geom)), MIN(ST_MinY(geom)), MAX(ST_MaxX(geom)), MAX(ST_MaxY(geom)) "
                     f"FROM {GRIDS} WHERE version = ?", (version,))
        tx.execute("UPDATE gpkg_contents SET last_change = ?, min_x = ?, min_y = ?, max_x = ?, max_y = ? "
                   "WHERE table_name = 'grids'", (_now(), *env))


def _has_layer(con) -> bool:
    return con.execute("SELECT 1 FROM gpkg_geometry_columns WHERE table_name = 'incidents'").fetchone() is not None


def _crs_of(con, srs_id) -> CRS:
    row = con.execute("SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys "
                      "WHERE srs_id = ?", (srs_id,)).fetchone() if srs_id is not None else None
    if row is None:
        return CRS.from_epsg(4326)
    org, code, wkt = row
    if org and str(org).upper() == "EPSG":
        return CRS.from_epsg(int(code))
    return CRS.from_wkt(wkt)


def file_crs(path: str | Path) -> CRS:
    """The CRS of a GeoPackage's grids layer, read without writing the file."""
    with closing(connect_readonly(path)) as con:
        row = con.execute("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'grids'").fetchone()
        if row is None:
            raise PlanStoreError(f"{path}: has no grids layer")
        return _crs_of(con, row[0])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
