"""Live incidents live in the GeoPackage's own registered ``incidents`` feature layer, with its
R-tree, so any GIS that opens the file (QGIS, ogrinfo, pyogrio) sees every committed incident
while the console runs. Their history is the related ``gridtwin_incident_events`` table,
registered in ``gpkg_contents`` as an attributes table.

The layer gains the columns live state needs (level, due_at, channel, description, lon, lat);
rows that came with the file keep ``channel`` empty. A file written by the earlier version, with
its private ``gridtwin_incidents`` table, is migrated on open in one transaction.
"""
from __future__ import annotations

import sqlite3
from pyproj import CRS

from geodata.crs import WGS84, transformer
from geodata.store.gpkg_blob import register_functions, to_blob
from geodata.store.sqlite import add_missing_columns, atomic, quoted

LAYER = "incidents"
EVENTS = "gridtwin_incident_events"
LIVE_COLUMNS = {"level": "INTEGER", "due_at": "TEXT", "channel": "TEXT", "description": "TEXT", "lon": "REAL",
                "lat": "REAL"}
RECORD_COLUMNS = ("incident_id", "category", "severity", "status", "source", "reported_at", "lon", "lat", "grid_id",
                  "level", "due_at", "channel", "description")


RTREE_TRIGGERS = {  # the GeoPackage R-tree extension's triggers (GPKG 1.2, F.3), for table t, geometry g, id fid
    "insert": "AFTER INSERT ON {t} WHEN (new.{g} NOT NULL AND NOT ST_IsEmpty(NEW.{g})) BEGIN INSERT OR REPLACE "
              "INTO {r} VALUES (NEW.fid, ST_MinX(NEW.{g}), ST_MaxX(NEW.{g}), ST_MinY(NEW.{g}), ST_MaxY(NEW.{g})); END",
    "update1": "AFTER UPDATE OF {g} ON {t} WHEN OLD.fid = NEW.fid AND (NEW.{g} NOTNULL AND NOT ST_IsEmpty(NEW.{g})) "
               "BEGIN INSERT OR REPLACE INTO {r} VALUES (NEW.fid, ST_MinX(NEW.{g}), ST_MaxX(NEW.{g}), "
               "ST_MinY(NEW.{g}), ST_MaxY(NEW.{g})); END",
    "update2": "AFTER UPDATE OF {g} ON {t} WHEN OLD.fid = NEW.fid AND (NEW.{g} ISNULL OR ST_IsEmpty(NEW.{g})) "
               "BEGIN DELETE FROM {r} WHERE id = OLD.fid; END",
    "update3": "AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND (NEW.{g} NOTNULL AND NOT ST_IsEmpty(NEW.{g})) "
               "BEGIN DELETE FROM {r} WHERE id = OLD.fid; INSERT OR REPLACE INTO {r} VALUES (NEW.fid, "
               "ST_MinX(NEW.{g}), ST_MaxX(NEW.{g}), ST_MinY(NEW.{g}), ST_MaxY(NEW.{g})); END",
    "update4": "AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND (NEW.{g} ISNULL OR ST_IsEmpty(NEW.{g})) "
               "BEGIN DELETE FROM {r} WHERE id IN (OLD.fid, NEW.fid); END",
    "delete": "AFTER DELETE ON {t} WHEN old.{g} NOT NULL BEGIN DELETE FROM {r} WHERE id = OLD.fid; END",
}


def ensure_layer(con: sqlite3.Connection) -> None:
    """Give a district without an ``incidents`` layer an empty one: a registered feature table
    in the grids' CRS with the GeoPackage R-tree index, made with plain SQL. (Not through GDAL:
    GDAL's own SQLite in this process would release this connection's file locks when it
    closes the file — SQLite's "two copies in one process" hazard — and a live WAL database
    then fails with "disk I/O error".)"""
    if con.execute("SELECT 1 FROM gpkg_contents WHERE table_name = ?", (LAYER,)).fetchone():
        return
    row = con.execute("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'grids'").fetchone()
    srs_id = row[0] if row else 4326
    t, g, r = quoted(LAYER), quoted("geom"), quoted(f"rtree_{LAYER}_geom")
    with atomic(con):
        con.execute(f"CREATE TABLE {t} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {g} POINT,"
                    " incident_id TEXT, category TEXT, severity INTEGER, status TEXT, source TEXT, reported_at TEXT,"
                    " grid_id TEXT)")
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)"
                    " VALUES (?, 'features', ?, 'incidents, live and past', ?)", (LAYER, LAYER, srs_id))
        con.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'POINT', ?, 0, 0)", (LAYER, srs_id))
        con.execute(f"CREATE VIRTUAL TABLE {r} USING rtree(id, minx, maxx, miny, maxy)")
        for name, body in RTREE_TRIGGERS.items():
            trigger = quoted(f"rtree_{LAYER}_geom_{name}")
            con.execute(f"CREATE TRIGGER {trigger} " + body.format(t=t, g=g, r=r))
        con.execute("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT,"
                    " extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,"
                    " CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))")
        con.execute("INSERT OR IGNORE INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index',"
                    " 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')", (LAYER,))


class IncidentLayer:
    """Writing and reading the incidents feature layer through one sqlite3 connection."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        register_functions(con)  # GDAL's R-tree triggers call ST_MinX & co.
        row = con.execute("SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?",
                          (LAYER,)).fetchone()
        self.geom, self.srs_id = row
        self.to_layer = None
        definition = con.execute("SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys"
                                 " WHERE srs_id = ?", (self.srs_id,)).fetchone()
        if definition is not None:
            org, code, wkt = definition
            crs = CRS.from_epsg(int(code)) if org and str(org).upper() == "EPSG" else CRS.from_wkt(wkt)
            if not crs.equals(WGS84):
                self.to_layer = transformer(WGS84, crs)

    def prepare(self) -> None:
        """Columns for live state, then in one transaction: an index on the id, the history table
        registered, and the earlier version's private table migrated (all of it or none)."""
        add_missing_columns(self.con, LAYER, LIVE_COLUMNS)
        with atomic(self.con):
            self.con.execute(f"CREATE INDEX IF NOT EXISTS incidents_by_incident_id ON {quoted(LAYER)} (incident_id)")
            self.con.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)"
                             " VALUES (?, 'attributes', ?, 'every state change of every incident')", (EVENTS, EVENTS))
            if self.con.execute("SELECT 1 FROM sqlite_master WHERE name = 'gridtwin_incidents'").fetchone():
                rows = self.con.execute(f"SELECT {', '.join(RECORD_COLUMNS)} FROM gridtwin_incidents ORDER BY rowid")
                self.upsert([dict(zip(RECORD_COLUMNS, r)) for r in rows.fetchall()])
                self.con.execute("DROP TABLE gridtwin_incidents")

    def _blob(self, lon: float, lat: float) -> bytes:
        import shapely
        x, y = self.to_layer.transform(lon, lat) if self.to_layer is not None else (lon, lat)
        return to_blob(shapely.Point(x, y), self.srs_id)

    def upsert(self, rows: list[dict]) -> None:
        """New incidents become features; one already there has its live state updated."""
        for r in rows:
            cur = self.con.execute(
                f"UPDATE {quoted(LAYER)} SET status = ?, level = ?, due_at = ?, grid_id = ?,"
                " channel = COALESCE(channel, ?), lon = COALESCE(lon, ?), lat = COALESCE(lat, ?),"
                " description = COALESCE(description, ?) WHERE incident_id = ?",
                (r["status"], r["level"], r["due_at"], r["grid_id"], r["channel"], r["lon"], r["lat"],
                 r["description"], r["incident_id"]))
            if cur.rowcount:
                continue
            cols = list(RECORD_COLUMNS)
            self.con.execute(
                f"INSERT INTO {quoted(LAYER)} ({quoted(self.geom)}, {', '.join(quoted(c) for c in cols)})"
                f" VALUES (?, {', '.join('?' * len(cols))})",
                (self._blob(r["lon"], r["lat"]), *(r[c] for c in cols)))

    def set_state(self, changes: list[tuple]) -> None:
        """(status, level, due_at or None, incident_id): a decision taken after the report."""
        self.con.executemany(f"UPDATE {quoted(LAYER)} SET status = ?, level = ?, due_at = COALESCE(?, due_at)"
                             " WHERE incident_id = ?", changes)

    def live_rows(self) -> list[tuple]:
        """Incidents with live state (taken in or acted on by a console), in the order first stored."""
        return self.con.execute(f"SELECT {', '.join(RECORD_COLUMNS)} FROM {quoted(LAYER)}"
                                " WHERE channel IS NOT NULL ORDER BY fid").fetchall()


def has_live_columns(con: sqlite3.Connection) -> bool:
    have = {r[0] for r in con.execute("SELECT name FROM pragma_table_info(?)", (LAYER,))}
    return set(LIVE_COLUMNS) <= have
