"""The network back-end: one PostgreSQL/PostGIS database shared by every console of a city.

Same logical schema as the GeoPackage: the district's layers as PostGIS tables in its storage
CRS (``python -m geodata.store load``), and the live tables beside them
(``python -m geodata.store init``). Every write appends to ``gridtwin_changes`` and sends
``NOTIFY gridtwin_changes`` with the change's number, kind and ids, in the same
transaction: PostgreSQL delivers it only if the write commits. A transaction-scoped
advisory lock around the change-log append makes change numbers commit in order, so a
follower that has seen change *n* has seen every change before it.

A lost connection is reopened on the next call; while the server is away every call raises
:class:`StoreUnavailable` (a transient error: the feed pump keeps the batch and tries again).
"""
from __future__ import annotations

import json
import zlib
from contextlib import contextmanager

import psycopg
import psycopg.sql
import shapely
from pyproj import CRS

from geodata.localtime import utc_now
from geodata.schema import ALL_LAYERS, LayerSpec
from geodata.store.base import PLAN_ATTRS, LoginRefused, Store, StoreError, StoreUnavailable, Tx, redact

CHANNEL = "gridtwin_changes"
ANNOUNCE_LOCK = 0x67726964  # pg_advisory_xact_lock key: change numbers are handed out in commit order
NOTIFY_MAX = 7000           # bytes: NOTIFY payloads stop at 8000; a longer change is read from the log
SCHEMA_VERSION = 1
_KIND_SQL = {"str": "text", "int": "bigint", "float": "double precision", "datetime": "timestamptz"}
LIVE_COLUMNS = {"level": "integer NOT NULL DEFAULT 0", "due_at": "timestamptz", "channel": "text",
                "description": "text", "lon": "double precision", "lat": "double precision"}

LIVE_TABLES = """
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE IF NOT EXISTS gridtwin_schema (
    version integer NOT NULL, srid integer, district text, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS gridtwin_incident_events (
    id bigserial PRIMARY KEY, incident_id text NOT NULL, at timestamptz NOT NULL, who text NOT NULL,
    action text NOT NULL, from_status text, to_status text NOT NULL, level integer NOT NULL,
    note text NOT NULL DEFAULT '', due_at timestamptz);
CREATE INDEX IF NOT EXISTS gridtwin_incident_events_by_incident ON gridtwin_incident_events (incident_id, id);
CREATE TABLE IF NOT EXISTS gridtwin_dead_letters (
    id bigserial PRIMARY KEY, at timestamptz NOT NULL, channel text NOT NULL, origin text NOT NULL,
    reason text NOT NULL, payload text NOT NULL, payload_sha256 text, payload_bytes integer);
CREATE TABLE IF NOT EXISTS gridtwin_sensor_readings (
    id bigserial PRIMARY KEY, sensor_id text NOT NULL, at timestamptz NOT NULL, value double precision NOT NULL);
CREATE INDEX IF NOT EXISTS gridtwin_sensor_readings_by_sensor ON gridtwin_sensor_readings (sensor_id, at);
CREATE TABLE IF NOT EXISTS gridtwin_sensor_state (
    sensor_id text PRIMARY KEY, status text NOT NULL, value double precision, at timestamptz NOT NULL, episode text);
CREATE TABLE IF NOT EXISTS gridtwin_emergencies (
    id bigserial PRIMARY KEY, type text NOT NULL, level integer NOT NULL, lon double precision NOT NULL,
    lat double precision NOT NULL, area_wkt text, source text NOT NULL DEFAULT '', declared_at timestamptz NOT NULL,
    declared_by text NOT NULL, stood_down_at timestamptz, stood_down_by text, closing_note text,
    picture text NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS gridtwin_emergency_log (
    id bigserial PRIMARY KEY, emergency_id bigint NOT NULL REFERENCES gridtwin_emergencies (id),
    at timestamptz NOT NULL, who text NOT NULL, kind text NOT NULL, text text NOT NULL);
CREATE TABLE IF NOT EXISTS gridtwin_changes (
    seq bigserial PRIMARY KEY, at timestamptz NOT NULL, kind text NOT NULL, ids text NOT NULL,
    origin text NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS gridtwin_audit (
    id bigserial PRIMARY KEY, at timestamptz NOT NULL, who text NOT NULL, action text NOT NULL, detail text NOT NULL);
CREATE TABLE IF NOT EXISTS gridtwin_alarm_acks (
    alarm text PRIMARY KEY, at timestamptz NOT NULL, who text NOT NULL, console text NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS gridtwin_point_grids (
    layer text PRIMARY KEY, key text NOT NULL, grids bytea NOT NULL, at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS gridtwin_plan_versions (
    version integer PRIMARY KEY, created_at text NOT NULL, author text NOT NULL, note text NOT NULL,
    problems integer NOT NULL, grids integer NOT NULL, parent integer, active integer NOT NULL DEFAULT 0);
"""


def _pg_sql(sql: str) -> str:
    return sql.replace("?", "%s")


def connect(url: str, **kwargs) -> psycopg.Connection:
    """A connection in autocommit (transactions are explicit), or StoreUnavailable saying why."""
    try:
        options = " ".join(filter(None, ["-c TimeZone=UTC", kwargs.pop("options", "")]))
        return psycopg.connect(url, autocommit=True, connect_timeout=5, application_name="gridtwin",
                               options=options, **kwargs)
    except psycopg.OperationalError as exc:
        if "password authentication failed" in str(exc) or "role" in str(exc) and "does not exist" in str(exc):
            raise LoginRefused(f"{kwargs.get('user') or 'this user'} may not log in to {redact(url)}: "
                               "wrong user name or password") from exc
        raise StoreUnavailable(f"cannot reach the store at {redact(url)}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class PostGISStore(Store):
    kind = "postgis"
    insertion_order = "id"
    transient = (StoreUnavailable, psycopg.OperationalError, psycopg.InterfaceError)
    permanent = (psycopg.IntegrityError, psycopg.DataError, psycopg.ProgrammingError, psycopg.InternalError,
                 psycopg.NotSupportedError, ValueError, TypeError, OverflowError)

    def __init__(self, url: str, *, readonly: bool = False, need_district: bool = True,
                 user: str | None = None, password: str | None = None) -> None:
        """``user``/``password``: log in as that GridTwin user (a database role); without them
        the URL's own credentials are used (the service account, or a user named in the URL)."""
        super().__init__(redact(url), readonly=readonly)
        self.url = url
        self.path = None
        self._auth = {k: v for k, v in (("user", user), ("password", password)) if v is not None}
        self.con: psycopg.Connection | None = None
        self._claims: dict[str, psycopg.Connection] = {}
        self._open()
        rows = self.read("SELECT to_regclass('gridtwin_schema') IS NOT NULL")
        if not rows[0][0]:
            raise StoreError(f"the store at {self.where} is not set up: run python -m geodata.store init URL")
        row = self.read("SELECT srid FROM gridtwin_schema LIMIT 1")
        self.srid = int(row[0][0]) if row and row[0][0] is not None else None
        if need_district and self.srid is None:
            raise StoreError(f"the store at {self.where} holds no district yet: "
                             "run python -m geodata.store load URL FILE.gpkg")
        self.user = self._who()

    def has_users(self) -> bool:
        return True  # a shared store is always logged in to: its users are database roles

    def users(self):
        from geodata.access import Jurisdiction, User
        return [User(n, r, Jurisdiction(k, j)) for n, r, k, j in
                self.read("SELECT name, role, jurisdiction_kind, jurisdiction_name FROM gridtwin_users ORDER BY name")]

    def add_user(self, name: str, role: str, jurisdiction, password: str, *, by: str = "") -> None:
        self.require("manage_users")
        add_user(self.url, name, role, jurisdiction, password, by=by or (self.user.name if self.user else ""),
                 **self._auth)

    def login(self, name: str, password: str) -> "PostGISStore":
        """A connection as ``name`` (the database checks the password); its login audited."""
        store = PostGISStore(self.url, readonly=self.readonly, user=name, password=password)
        if store.user is None:
            store.close()
            raise LoginRefused(f"{name} is a database role but not a GridTwin user of {self.where}")
        if not self.readonly:
            store.audit_record(name, "login", {"role": store.user.role,
                                               "jurisdiction": str(store.user.jurisdiction)})
        return store

    def _who(self):
        """The GridTwin user this connection is (None: the service account, outside the roles)."""
        from geodata.access import Jurisdiction, User
        if not self.read("SELECT to_regclass('gridtwin_users') IS NOT NULL")[0][0]:
            return None
        row = self.read("SELECT name, role, jurisdiction_kind, jurisdiction_name FROM gridtwin_users"
                        " WHERE name = session_user")
        if not row:
            return None
        name, role, kind, jname = row[0]
        return User(name, role, Jurisdiction(kind, jname))

    def reopen(self) -> "PostGISStore":
        again = PostGISStore(self.url, readonly=self.readonly, **self._auth)
        again.origin = self.origin  # the same console: its own changes are not read back
        return again

    # ------------------------------------------------------------------ connection
    def _open(self) -> None:
        options = "-c default_transaction_read_only=on" if self.readonly else None
        self.con = connect(self.url, **({"options": options} if options else {}), **self._auth)

    def _connection(self) -> psycopg.Connection:
        if self.con is None or self.con.closed or self.con.broken:
            if self.con is not None:
                self.con.close()
            self._open()
        return self.con

    @contextmanager
    def transaction(self):
        """One transaction. A connection the server dropped while it sat idle is noticed at
        BEGIN, before anything is written, and opened again once."""
        if self.readonly:
            raise StoreError(f"{self.where} is open for reading only")
        for attempt in (1, 2):
            con = self._connection()
            scope = con.transaction()
            try:
                scope.__enter__()
                break
            except psycopg.OperationalError as exc:
                con.close()
                if attempt == 2:
                    raise StoreUnavailable(f"lost the store at {self.where}: {_first_line(exc)}") from exc
        cur = con.cursor()
        try:
            yield Tx(cur, _pg_sql)
        except BaseException as exc:
            try:
                scope.__exit__(type(exc), exc, exc.__traceback__)
            except psycopg.OperationalError:
                pass  # the rollback of a lost connection: the server drops the transaction itself
            if isinstance(exc, psycopg.OperationalError):
                raise StoreUnavailable(f"lost the store at {self.where}: {_first_line(exc)}") from exc
            raise
        else:
            try:
                scope.__exit__(None, None, None)
            except psycopg.OperationalError as exc:  # COMMIT unanswered: the caller tries again
                raise StoreUnavailable(f"lost the store at {self.where} while committing: {_first_line(exc)}") \
                    from exc
        finally:
            cur.close()

    def read(self, sql: str, params=()) -> list:
        """Reading is safe to repeat: a dropped idle connection is opened again once."""
        for attempt in (1, 2):
            con = self._connection()
            try:
                with con.cursor() as cur:
                    cur.execute(_pg_sql(sql), tuple(params))
                    return cur.fetchall()
            except psycopg.OperationalError as exc:
                con.close()
                if attempt == 2:
                    raise StoreUnavailable(f"lost the store at {self.where}: {_first_line(exc)}") from exc

    def close(self) -> None:
        if self.con is not None:
            self.con.close()

    def claim(self, duty: str) -> bool:
        """A session advisory lock: held while this connection lives, so when the console that
        holds it goes away (or loses the server) the next one to ask takes the duty over."""
        try:
            con = self._connection()
            if self._claims.get(duty) is con and not con.broken:
                return True
            got = bool(self.read("SELECT pg_try_advisory_lock(?)", (zlib.crc32(duty.encode()),))[0][0])
        except StoreUnavailable:
            return False
        if got:
            self._claims[duty] = self.con
        return got

    def _append_audit(self, tx: Tx, at, who: str, action: str, detail: str) -> None:
        """The database's trigger numbers the row, names the database user and chains it."""
        tx.execute("INSERT INTO gridtwin_audit (at, who, action, detail, console) VALUES (?, ?, ?, ?, ?)",
                   (at, who, action, detail, self.console))

    # ------------------------------------------------------------------ dialect
    def _time(self, t):
        return t

    def _any(self, column: str) -> str:
        return f"{column} = ANY(?)"

    def _list(self, values) -> list[str]:
        return [str(v) for v in values]

    def _announce(self, tx: Tx, kind: str, ids: list[str]) -> None:
        if not ids:
            return
        ids = sorted(set(ids))
        text = json.dumps(ids, ensure_ascii=False)
        tx.execute("SELECT pg_advisory_xact_lock(?)", (ANNOUNCE_LOCK,))
        at = utc_now()
        seq = tx.one("INSERT INTO gridtwin_changes (at, kind, ids, origin) VALUES (?, ?, ?, ?) RETURNING seq",
                     (at, kind, text, self.origin))[0]
        head = {"seq": seq, "kind": kind, "at": at.isoformat(), "origin": self.origin}
        payload = json.dumps({**head, "ids": ids}, ensure_ascii=False)
        if len(payload.encode()) > NOTIFY_MAX:
            payload = json.dumps({**head, "more": True})
        tx.execute("SELECT pg_notify(?, ?)", (CHANNEL, payload))

    # ------------------------------------------------------------------ incidents
    def _upsert_incidents(self, tx: Tx, rows: list[dict]) -> None:
        """New incidents become features; one already there has its live state updated."""
        if not rows:
            return
        point = "ST_SetSRID(ST_MakePoint(?, ?), 4326)"
        if self.srid != 4326:
            point = f"ST_Transform({point}, {int(self.srid)})"
        tx.executemany(
            "INSERT INTO incidents (geom, incident_id, category, severity, status, source, reported_at, lon, lat,"
            " grid_id, level, due_at, channel, description) VALUES"
            f" ({point}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (incident_id) DO UPDATE SET status = excluded.status, level = excluded.level,"
            " due_at = excluded.due_at, grid_id = excluded.grid_id,"
            " channel = COALESCE(incidents.channel, excluded.channel), lon = COALESCE(incidents.lon, excluded.lon),"
            " lat = COALESCE(incidents.lat, excluded.lat),"
            " description = COALESCE(incidents.description, excluded.description)",
            [(r["lon"], r["lat"], r["incident_id"], r["category"], r["severity"], r["status"], r["source"],
              r["reported_at"], r["lon"], r["lat"], r["grid_id"], r["level"], r["due_at"], r["channel"],
              r["description"]) for r in rows])

    # ------------------------------------------------------------------ geometry and plans
    def _geom_in(self) -> str:
        return f"ST_GeomFromWKB(?, {int(self.srid)})"

    def _geom_bind(self, geom) -> bytes:
        return shapely.to_wkb(geom)

    def _geom_out(self, column: str) -> str:
        return f"ST_AsBinary({column})"

    def _geom_read(self, value):
        return shapely.from_wkb(bytes(value))

    def _grid_attrs(self, tx: Tx) -> list[str]:
        have = {r[0] for r in tx.all("SELECT column_name FROM information_schema.columns WHERE table_name = 'grids'")}
        return [a for a in PLAN_ATTRS if a in have]

    def _copy_plan_to_grids(self, tx: Tx, version: int) -> None:
        attrs = ", ".join(self._grid_attrs(tx))
        tx.execute("DELETE FROM grids")
        tx.execute(f"INSERT INTO grids (geom, {attrs}) SELECT geom, {attrs} FROM gridtwin_plan_grids"
                   " WHERE version = ? ORDER BY grid_id", (version,))

    def storage_crs(self) -> CRS:
        return CRS.from_epsg(self.srid)

    # ------------------------------------------------------------------ district layers
    def layer_names(self) -> dict[str, str]:
        rows = self.read("SELECT f_table_name, type FROM geometry_columns WHERE f_table_schema = current_schema()"
                         " AND f_table_name = ANY(?)", ([s.name for s in ALL_LAYERS],))
        return {name: kind for name, kind in rows}

    def read_layer(self, spec: LayerSpec):
        """One district layer as a GeoDataFrame in the storage CRS, in the order it was loaded."""
        import geopandas as gpd
        import pandas as pd
        have = {r[0] for r in self.read("SELECT column_name FROM information_schema.columns"
                                        " WHERE table_schema = current_schema() AND table_name = ?", (spec.name,))}
        columns = [c.name for c in spec.columns if c.name in have]
        select = ", ".join(["ST_AsBinary(geom)"] + [_q(c) for c in columns])
        rows = self.read(f"SELECT {select} FROM {_q(spec.name)} ORDER BY fid")
        data = pd.DataFrame([r[1:] for r in rows], columns=columns)
        for c in spec.columns:
            if c.name in data and c.kind == "datetime":
                data[c.name] = pd.to_datetime(data[c.name], utc=True)
        geoms = [shapely.from_wkb(bytes(r[0])) if r[0] is not None else None for r in rows]
        return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geoms, crs=self.storage_crs()), crs=self.storage_crs())


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---------------------------------------------------------------------- set-up and loading
def init(url: str) -> None:
    """Create the live tables (and PostGIS) in the database at ``url``; safe to run again."""
    con = connect(url)
    try:
        with con.transaction():
            con.execute(LIVE_TABLES)
            if con.execute("SELECT COUNT(*) FROM gridtwin_schema").fetchone()[0] == 0:
                con.execute("INSERT INTO gridtwin_schema (version) VALUES (%s)", (SCHEMA_VERSION,))
        with con.transaction():
            _apply_access(con)
    finally:
        con.close()


def _apply_access(con: psycopg.Connection) -> None:
    """Group roles, grants, row-level security and the audit chain (again after a load: the
    layers' tables are new). The database is closed to every role not added as a user."""
    from geodata.store import access_sql
    con.execute("SET LOCAL check_function_bodies = off")  # the functions name layers a later load brings
    for statement in access_sql.group_roles_sql():
        con.execute(statement)
    con.execute(access_sql.FUNCTIONS)
    tables = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                                        " AND (tablename LIKE 'gridtwin_%%' OR tablename = ANY(%s))",
                                        ([spec.name for spec in ALL_LAYERS],))]
    if "incidents" in tables:
        con.execute(access_sql.POLICIES)
    for statement in access_sql.grants_sql(tables):
        con.execute(statement)
    con.execute(psycopg.sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(
        psycopg.sql.Identifier(con.info.dbname)))


def load(url: str, district, *, replace: bool = False) -> dict[str, int]:
    """Fill the store with ``district`` (a loaded, validated :class:`District`) in its storage
    CRS, in one transaction. Refuses a store that already holds a district unless ``replace``.
    Returns the rows written per layer."""
    crs = district.storage_crs
    srid = crs.to_epsg()
    if srid is None:
        raise StoreError(f"the district's CRS ({crs.name}) has no EPSG code; PostGIS needs one")
    con = connect(url)
    counts = {}
    try:
        with con.transaction():
            row = con.execute("SELECT srid FROM gridtwin_schema LIMIT 1").fetchone()
            if row is None:
                raise StoreError(f"the store at {redact(url)} is not set up: run python -m geodata.store init URL")
            if row[0] is not None and not replace:
                raise StoreError(f"the store at {redact(url)} already holds a district; use --replace to load "
                                 "another one over it (its live tables are kept)")
            for spec in ALL_LAYERS:
                frame = district.layer(spec.name)
                if spec.name not in ("grids", "sensors", "cameras", "incidents") and spec.name not in district.context:
                    continue
                counts[spec.name] = _write_layer(con, spec, frame.to_crs(crs), srid)
            con.execute("DROP TABLE IF EXISTS gridtwin_plan_grids")
            con.execute(f"CREATE TABLE gridtwin_plan_grids (fid bigserial PRIMARY KEY, geom geometry(Geometry, {srid}),"
                        " version integer NOT NULL, grid_id text NOT NULL, name text, community text, street text,"
                        " district text, population bigint, grid_worker text, UNIQUE (version, grid_id))")
            con.execute("DELETE FROM gridtwin_plan_versions")
            con.execute("UPDATE gridtwin_schema SET srid = %s, district = %s", (srid, district.name))
            con.execute("SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps({"seq": 0, "kind": "everything"})))
            _apply_access(con)
    finally:
        con.close()
    return counts


def add_user(url: str, name: str, role: str, jurisdiction, new_password: str, *, by: str = "", **auth) -> None:
    """Make ``name`` a GridTwin user of this store: a database role that logs in with
    ``new_password`` (sent to the server only as a SCRAM verifier), member of its role's group, with
    its jurisdiction. The owner or an admin user runs it (``auth`` says who): the database's own
    ``gridtwin_set_user`` does the work, and the change is audited."""
    from geodata.access import check_name, check_role
    check_name(name)
    check_role(role)
    con = connect(url, **auth)
    try:
        verifier = con.pgconn.encrypt_password(new_password.encode(), name.encode(), b"scram-sha-256").decode()
        with con.transaction():
            con.execute("SELECT gridtwin_set_user(%s, %s, %s, %s, %s)",
                        (name, role, jurisdiction.kind, jurisdiction.name, verifier))
            con.execute("INSERT INTO gridtwin_audit (at, who, action, detail, console) VALUES (now(), %s, %s, %s, %s)",
                        (by or con.info.user, "user_set", json.dumps({"user": name, "role": role,
                                                                      "jurisdiction": str(jurisdiction)},
                                                                     ensure_ascii=False, sort_keys=True),
                         "geodata.store"))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError(f"{auth.get('user') or 'this user'} may not manage users of {redact(url)}") from exc
    finally:
        con.close()


def access_groups() -> list[str]:
    from geodata.store.access_sql import GROUPS
    return list(GROUPS.values())


def _write_layer(con: psycopg.Connection, spec: LayerSpec, frame, srid: int) -> int:
    import numpy as np
    import pandas as pd
    name = _q(spec.name)
    columns = [c for c in spec.columns]
    defs = [f"{_q(c.name)} {_KIND_SQL[c.kind]}" for c in columns]
    if spec.name == "incidents":
        defs += [f"{_q(k)} {v}" for k, v in LIVE_COLUMNS.items() if k not in {c.name for c in columns}]
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(f"CREATE TABLE {name} (fid bigserial PRIMARY KEY, geom geometry(Geometry, {srid}), {', '.join(defs)})")
    if spec.id_column:
        con.execute(f"ALTER TABLE {name} ADD UNIQUE ({_q(spec.id_column)})")
    con.execute(f"CREATE INDEX ON {name} USING gist (geom)")
    if spec.name == "incidents":
        con.execute(f"CREATE INDEX ON {name} (grid_id)")
    geoms = shapely.set_srid(np.asarray(frame.geometry.values, dtype=object), srid)
    hexes = shapely.to_wkb(geoms, hex=True, include_srid=True)
    names = ", ".join(["geom"] + [_q(c.name) for c in columns])
    values = {}
    for c in columns:
        series = frame[c.name] if c.name in frame else pd.Series([None] * len(frame))
        values[c.name] = [None if _missing(v) else (v.to_pydatetime() if hasattr(v, "to_pydatetime") else
                                                    (v.item() if hasattr(v, "item") else v)) for v in series]
    with con.cursor().copy(f"COPY {name} ({names}) FROM STDIN") as copy:
        for k in range(len(frame)):
            copy.write_row([hexes[k]] + [values[c.name][k] for c in columns])
    return len(frame)


def _missing(value) -> bool:
    import pandas as pd
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

