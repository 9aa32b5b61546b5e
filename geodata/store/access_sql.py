"""The permission table of :mod:`geodata.access` as PostgreSQL enforces it.

Each GridTwin user is a database role (LOGIN, its password kept by PostgreSQL as SCRAM),
member of one group role per GridTwin role (``gridtwin_viewer`` ...). Grants say what each
group may write; row-level security on incidents, their events and the dead letters keeps a
street or community user to the rows of its own grids, whatever SQL it sends. The audit table
is insert-only for every group, and a trigger chains each row's SHA-256 over the previous
one, so the store — not the client — writes the chain. The database owner (the URL that ran
``init``) stays outside all this: it is the service account that sets the store up.
"""
from __future__ import annotations

from geodata.access import ROLES

GROUPS = {role: f"gridtwin_{role}" for role in ROLES}
AUDIT_LOCK = 0x61756469  # one writer of the chain at a time

_WRITE = {
    "dispatcher": [
        "INSERT, UPDATE ON incidents", "INSERT ON gridtwin_incident_events", "INSERT, DELETE ON gridtwin_dead_letters",
        "INSERT, DELETE ON gridtwin_sensor_readings", "INSERT, UPDATE ON gridtwin_sensor_state", "UPDATE ON sensors",
        "INSERT, DELETE ON gridtwin_changes", "INSERT ON gridtwin_alarm_acks"],
    "duty_officer": ["INSERT, UPDATE ON gridtwin_emergencies", "INSERT ON gridtwin_emergency_log"],
    "planner": ["INSERT, UPDATE ON gridtwin_plan_versions", "INSERT ON gridtwin_plan_grids", "INSERT, DELETE ON grids",
                "INSERT, DELETE ON gridtwin_changes",
                "UPDATE (grid_id) ON incidents",  # activation: open incidents go to the grid now covering them
                "INSERT, UPDATE, DELETE ON gridtwin_point_grids"],  # the points' grids under the plan
}
_INHERITS = {"admin": ["dispatcher", "duty_officer", "planner"], "duty_officer": ["dispatcher"]}

FUNCTIONS = r"""
CREATE TABLE IF NOT EXISTS gridtwin_users (
    name text PRIMARY KEY, role text NOT NULL, jurisdiction_kind text NOT NULL DEFAULT 'district',
    jurisdiction_name text, created_at timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL DEFAULT session_user,
    CHECK (jurisdiction_kind IN ('district', 'street', 'community')),
    CHECK ((jurisdiction_kind = 'district') = (jurisdiction_name IS NULL)));
CREATE OR REPLACE FUNCTION gridtwin_is_district() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public AS $$
    SELECT COALESCE((SELECT jurisdiction_kind = 'district' FROM gridtwin_users WHERE name = session_user), false) $$;
CREATE OR REPLACE FUNCTION gridtwin_sees_grid(g text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public AS $$
    SELECT CASE
        WHEN u.jurisdiction_kind IS NULL THEN false
        WHEN u.jurisdiction_kind = 'district' THEN true
        WHEN g IS NULL THEN false
        ELSE EXISTS (SELECT 1 FROM grids WHERE grid_id = g AND
                     CASE u.jurisdiction_kind WHEN 'street' THEN street ELSE community END = u.jurisdiction_name)
    END FROM (SELECT (SELECT jurisdiction_kind FROM gridtwin_users WHERE name = session_user) AS jurisdiction_kind,
                     (SELECT jurisdiction_name FROM gridtwin_users WHERE name = session_user) AS jurisdiction_name) u $$;
CREATE OR REPLACE FUNCTION gridtwin_sees_incident(i text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public AS $$
    SELECT CASE WHEN gridtwin_is_district() THEN true
                ELSE COALESCE((SELECT gridtwin_sees_grid(grid_id) FROM incidents WHERE incident_id = i), false) END $$;
ALTER TABLE gridtwin_audit ADD COLUMN IF NOT EXISTS n bigint;
ALTER TABLE gridtwin_audit ADD COLUMN IF NOT EXISTS db_user text;
ALTER TABLE gridtwin_audit ADD COLUMN IF NOT EXISTS console text NOT NULL DEFAULT '';
ALTER TABLE gridtwin_audit ADD COLUMN IF NOT EXISTS prev_hash text;
ALTER TABLE gridtwin_audit ADD COLUMN IF NOT EXISTS hash text;
CREATE OR REPLACE FUNCTION gridtwin_audit_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public AS $$
DECLARE last_n bigint; last_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(%(lock)s);
    SELECT n, hash INTO last_n, last_hash FROM gridtwin_audit WHERE n IS NOT NULL ORDER BY n DESC LIMIT 1;
    NEW.n := COALESCE(last_n, 0) + 1;
    NEW.prev_hash := COALESCE(last_hash, '');
    NEW.db_user := session_user;
    NEW.hash := encode(sha256(convert_to(concat_ws('|', NEW.n::text,
        to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), NEW.who, NEW.db_user, NEW.console,
        NEW.action, NEW.detail, NEW.prev_hash), 'UTF8')), 'hex');
    RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION gridtwin_set_user(u text, r text, jk text, jn text, verifier text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE g text;
BEGIN
    IF r NOT IN (%(roles)s) THEN
        RAISE EXCEPTION 'unknown role %%', r USING ERRCODE = 'check_violation'; END IF;
    IF u LIKE 'pg\_%%' OR u LIKE 'gridtwin%%' OR u = current_user THEN
        RAISE EXCEPTION 'user name %% is reserved', u USING ERRCODE = 'check_violation'; END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = u) THEN
        EXECUTE format('ALTER ROLE %%I LOGIN PASSWORD %%L', u, verifier);
    ELSE
        EXECUTE format('CREATE ROLE %%I LOGIN PASSWORD %%L', u, verifier);
    END IF;
    FOREACH g IN ARRAY ARRAY[%(groups)s] LOOP
        IF pg_has_role(u, g, 'MEMBER') THEN EXECUTE format('REVOKE %%I FROM %%I', g, u); END IF;
    END LOOP;
    EXECUTE format('GRANT %%I TO %%I', 'gridtwin_' || r, u);
    EXECUTE format('GRANT CONNECT ON DATABASE %%I TO %%I', current_database(), u);
    INSERT INTO gridtwin_users (name, role, jurisdiction_kind, jurisdiction_name) VALUES (u, r, jk, jn)
        ON CONFLICT (name) DO UPDATE SET role = excluded.role, jurisdiction_kind = excluded.jurisdiction_kind,
        jurisdiction_name = excluded.jurisdiction_name;
END $$;
REVOKE ALL ON FUNCTION gridtwin_set_user(text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gridtwin_set_user(text, text, text, text, text) TO gridtwin_admin;
DROP TRIGGER IF EXISTS gridtwin_audit_chain ON gridtwin_audit;
CREATE TRIGGER gridtwin_audit_chain BEFORE INSERT ON gridtwin_audit FOR EACH ROW EXECUTE FUNCTION gridtwin_audit_chain();
""" % {"lock": AUDIT_LOCK, "roles": ", ".join(f"'{r}'" for r in ROLES),
       "groups": ", ".join(f"'gridtwin_{r}'" for r in ROLES)}

POLICIES = """
ALTER TABLE incidents ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS gridtwin_jurisdiction ON incidents;
CREATE POLICY gridtwin_jurisdiction ON incidents USING (gridtwin_sees_grid(grid_id))
    WITH CHECK (gridtwin_sees_grid(grid_id));
ALTER TABLE gridtwin_incident_events ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS gridtwin_jurisdiction ON gridtwin_incident_events;
CREATE POLICY gridtwin_jurisdiction ON gridtwin_incident_events USING (gridtwin_sees_incident(incident_id))
    WITH CHECK (gridtwin_sees_incident(incident_id));
ALTER TABLE gridtwin_dead_letters ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS gridtwin_jurisdiction ON gridtwin_dead_letters;
CREATE POLICY gridtwin_jurisdiction ON gridtwin_dead_letters USING (gridtwin_is_district())
    WITH CHECK (gridtwin_is_district());
"""


def group_roles_sql() -> list[str]:
    """Create the group roles once per server (roles are cluster-wide)."""
    out = []
    for role, group in GROUPS.items():
        attrs = "NOLOGIN CREATEROLE" if role == "admin" else "NOLOGIN"
        out.append(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN "
                   f"CREATE ROLE {group} {attrs}; END IF; END $$")
    for role, parents in _INHERITS.items():
        for parent in parents:
            out.append(f"GRANT {GROUPS[parent]} TO {GROUPS[role]}")
    return out


def grants_sql(tables: list[str]) -> list[str]:
    """What each group may read and write in this database (run after the layers exist)."""
    everyone = ", ".join(GROUPS.values())
    out = [f"REVOKE ALL ON {', '.join(tables)} FROM PUBLIC",
           f"GRANT SELECT ON {', '.join(tables)} TO {everyone}",
           f"GRANT INSERT ON gridtwin_audit TO {everyone}",
           f"REVOKE UPDATE, DELETE, TRUNCATE ON gridtwin_audit FROM {everyone}",
           f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}",
           f"REVOKE ALL ON gridtwin_users FROM {everyone}",
           f"GRANT SELECT ON gridtwin_users TO {everyone}",
           f"GRANT INSERT, UPDATE, DELETE ON gridtwin_users TO {GROUPS['admin']}"]
    for role, grants in _WRITE.items():
        for grant in grants:
            table = grant.split(" ON ")[1]
            if table in tables:
                out.append(f"GRANT {grant} TO {GROUPS[role]}")
    return out
