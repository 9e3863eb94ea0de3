"""What the PostgreSQL server itself enforces: group roles, privileges, audit triggers, the hash chain.

Applied by migration i17 and again by `courtscreen db secure` (after a court
changes its roles, or when the migration ran as a login that could not create
roles). Everything here is idempotent.

- One group role per courtscreen role (courtscreen_clerk, ...). Each person's
  login is a member of exactly one (store/users.py). The groups get exactly the
  privileges their role needs: only roles with "view_confidential" may read
  protected_detail.value; only the administrator group may change app_user or
  read the audit trail; no group may UPDATE, DELETE or TRUNCATE audit rows.
- courtscreen_row_audit(): an AFTER trigger that writes every INSERT, UPDATE
  and DELETE of a record into audit_trail with session_user, time, table, row
  and old -> new of each changed column; the columns named when the trigger is
  attached are logged as "(confidential)". A table added later gets it with
  one call in its migration:  SELECT courtscreen_audit_table('charge');  (or
  courtscreen_audit_table('x', ARRAY['secret_column'])).
- courtscreen_trail_seal(): a BEFORE INSERT trigger on audit_trail that takes
  one lock, numbers the row, stamps session_user, time and client address, and
  chains its hash to the previous row. It and the logging functions are
  SECURITY DEFINER: a clerk can cause audit rows, never read or change them.
- A superuser can still switch triggers off (session_replication_role) and edit
  rows; the hash chain is what shows that afterwards (courtscreen audit verify).
"""

from __future__ import annotations

import sqlalchemy as sa

from courtscreen.domain.roles import load_roles
from courtscreen.store.trail import TRAIL_TEXT_SQL

GROUP_PREFIX = "courtscreen_"
ADMIN_GROUP = "courtscreen_administrator"
# The records whose every change the database logs, with the columns logged as "(confidential)".
AUDITED_TABLES = {
    "screening": ["answers_json"],  # the narrative and notes live in the answers
    "incident": [],
    "conduct_conclusion": [],
    "case_roles": [],  # issue 21: who did what to whom
    "protected_detail": ["value"],
    "generated_document": [],
    "app_user": [],
    "import_batch": [],
    # The app's field-by-field history: a row inserted with plain SQL shows the real login here.
    "audit_entry": [],
}
APPEND_ONLY = ("audit_trail", "audit_entry")
PROTECTED_PUBLIC_COLUMNS = ("id", "case_id", "kind", "label", "withdrawn", "created_at", "created_by")
TRAIL_LOCK = 1717001  # pg_advisory_xact_lock key serialising the chain


def group_for(role_id: str) -> str:
    return GROUP_PREFIX + role_id


FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION courtscreen_user_name() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT name FROM app_user WHERE login = session_user
$$;

CREATE OR REPLACE FUNCTION courtscreen_trail_seal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  prev text;
BEGIN
  PERFORM pg_advisory_xact_lock({TRAIL_LOCK});
  NEW.id := nextval(pg_get_serial_sequence('audit_trail', 'id'));
  NEW.at := date_trunc('microseconds', clock_timestamp());
  NEW.db_login := session_user;
  NEW.user_name := coalesce(courtscreen_user_name(), NEW.user_name, '');
  NEW.client_addr := coalesce(host(inet_client_addr()), 'local socket');
  NEW.event := coalesce(NEW.event, '');
  NEW.table_name := coalesce(NEW.table_name, '');
  NEW.row_id := coalesce(NEW.row_id, '');
  NEW.detail := coalesce(NEW.detail, '');
  NEW.outcome := coalesce(NEW.outcome, 'ok');
  SELECT row_hash INTO prev FROM audit_trail ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := coalesce(prev, '');
  NEW.row_hash := encode(sha256(convert_to({TRAIL_TEXT_SQL.format(p="NEW.")}, 'UTF8')), 'hex');
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION courtscreen_log_event(event text, user_name text, table_name text,
    row_id text, case_id integer, detail text, outcome text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO audit_trail (at, event, user_name, table_name, row_id, case_id, detail, outcome)
  VALUES (now(), event, user_name, table_name, row_id, case_id, detail, outcome)
$$;

CREATE OR REPLACE FUNCTION courtscreen_row_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  o jsonb;
  n jsonb;
  d jsonb := '{{}}'::jsonb;
  k text;
BEGIN
  IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW); END IF;
  FOR k IN SELECT jsonb_object_keys(coalesce(n, o)) LOOP
    CONTINUE WHEN o IS NOT NULL AND n IS NOT NULL AND (o -> k) IS NOT DISTINCT FROM (n -> k);
    IF k = ANY (TG_ARGV) THEN
      d := d || jsonb_build_object(k, jsonb_build_array(
             CASE WHEN o IS NULL THEN NULL ELSE '(confidential)' END,
             CASE WHEN n IS NULL THEN NULL ELSE '(confidential)' END));
    ELSE
      d := d || jsonb_build_object(k, jsonb_build_array(o -> k, n -> k));
    END IF;
  END LOOP;
  IF TG_OP = 'UPDATE' AND d = '{{}}'::jsonb THEN RETURN NULL; END IF;
  INSERT INTO audit_trail (at, event, table_name, row_id, case_id, detail, outcome)
  VALUES (now(), lower(TG_OP), TG_TABLE_NAME, coalesce(n ->> 'id', o ->> 'id', ''),
          CASE WHEN TG_TABLE_NAME = 'court_case' THEN coalesce(n ->> 'id', o ->> 'id')
               ELSE coalesce(n ->> 'case_id', o ->> 'case_id') END::integer,
          d::text, 'ok');
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION courtscreen_audit_table(tbl regclass, confidential text[] DEFAULT '{{}}')
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  args text;
BEGIN
  SELECT coalesce(string_agg(quote_literal(c), ', '), '') INTO args FROM unnest(confidential) AS c;
  EXECUTE format('DROP TRIGGER IF EXISTS courtscreen_audit ON %s', tbl);
  EXECUTE format('CREATE TRIGGER courtscreen_audit AFTER INSERT OR UPDATE OR DELETE ON %s '
                 'FOR EACH ROW EXECUTE FUNCTION courtscreen_row_audit(%s)', tbl, args);
END
$$;

-- Deactivating a user (NOLOGIN) does not close the connections already open: end them. Only for a
-- courtscreen user who is deactivated and may no longer log in, never a superuser; -1 when the
-- owner of this function may not signal that login's sessions.
CREATE OR REPLACE FUNCTION courtscreen_end_sessions(who text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  ended integer := 0;
  session record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM app_user u JOIN pg_roles r ON r.rolname = u.login
                 WHERE u.login = who AND NOT u.active AND NOT r.rolcanlogin AND NOT r.rolsuper) THEN
    RETURN 0;
  END IF;
  FOR session IN SELECT pid FROM pg_stat_activity WHERE usename = who AND pid <> pg_backend_pid() LOOP
    BEGIN
      IF pg_terminate_backend(session.pid) THEN
        ended := ended + 1;
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RETURN -1;
    END;
  END LOOP;
  RETURN ended;
END
$$;

CREATE OR REPLACE FUNCTION courtscreen_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def _q(conn, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def can_manage_roles(conn) -> bool:
    return bool(conn.execute(sa.text(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar())


def install(conn, role_overrides: dict | None = None) -> list[str]:
    """Functions, triggers, and (when this login may create roles) groups and grants.

    Returns what could not be done, for the caller to tell the user ([] when all was)."""
    if conn.dialect.name != "postgresql":
        return []
    with conn.connection.dbapi_connection.cursor() as cur:  # raw: the functions hold % (format, RAISE)
        cur.execute(FUNCTIONS)
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS courtscreen_seal ON audit_trail")
    conn.exec_driver_sql("CREATE TRIGGER courtscreen_seal BEFORE INSERT ON audit_trail FOR EACH ROW "
                         "EXECUTE FUNCTION courtscreen_trail_seal()")
    for table in APPEND_ONLY:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS courtscreen_append_only ON {table}")
        conn.exec_driver_sql(f"CREATE TRIGGER courtscreen_append_only BEFORE UPDATE OR DELETE ON {table} "
                             "FOR EACH ROW EXECUTE FUNCTION courtscreen_append_only()")
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS courtscreen_no_truncate ON {table}")
        conn.exec_driver_sql(f"CREATE TRIGGER courtscreen_no_truncate BEFORE TRUNCATE ON {table} "
                             "FOR EACH STATEMENT EXECUTE FUNCTION courtscreen_append_only()")
    present = set(sa.inspect(conn).get_table_names())
    for table, secret in AUDITED_TABLES.items():
        if table in present:
            conn.execute(sa.text("SELECT courtscreen_audit_table(CAST(:t AS regclass), "
                                 "CAST(:c AS text[]))"), {"t": table, "c": secret})
    if not can_manage_roles(conn):
        return ["the group roles and their privileges (this login has neither SUPERUSER nor CREATEROLE): "
                "run `courtscreen db secure` as the database owner with CREATEROLE"]
    apply_grants(conn, role_overrides)
    return []


def apply_grants(conn, role_overrides: dict | None = None) -> None:
    roles = load_roles(role_overrides)
    groups = {rid: group_for(rid) for rid in roles}
    for group in groups.values():
        conn.exec_driver_sql(
            "DO $$ BEGIN CREATE ROLE " + _q(conn, group) + " NOLOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    everyone = ", ".join(_q(conn, g) for g in groups.values())
    tables = [t for t in sa.inspect(conn).get_table_names()]
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {everyone}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {everyone}")
    conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {everyone}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}")
    # Tables a later migration creates (the migrating login's own) get the ordinary privileges too.
    conn.exec_driver_sql("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE "
                         f"ON TABLES TO {everyone}")
    conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "
                         f"{everyone}")
    conn.exec_driver_sql("REVOKE EXECUTE ON FUNCTION courtscreen_audit_table(regclass, text[]) FROM PUBLIC")
    admin = _q(conn, groups.get("administrator", ADMIN_GROUP))
    conn.exec_driver_sql("REVOKE EXECUTE ON FUNCTION courtscreen_end_sessions(text) FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION courtscreen_end_sessions(text) TO {admin}")
    if "alembic_version" in tables:
        conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {everyone}")
    # The audit: written through triggers and courtscreen_log_event; audit_entry rows inserted by the
    # app; never changed. Only administrators read the trail.
    conn.exec_driver_sql(f"REVOKE ALL ON audit_trail FROM {everyone}")
    conn.exec_driver_sql(f"GRANT SELECT ON audit_trail TO {admin}")
    conn.exec_driver_sql(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM {everyone}")
    # Users: everyone reads (names and roles, to know who they are); administrators change them.
    conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE ON app_user FROM {everyone}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE ON app_user TO {admin}")
    # Confidential details: the value column only for roles that may see them.
    conn.exec_driver_sql(f"REVOKE ALL ON protected_detail FROM {everyone}")
    for rid, group in groups.items():
        g = _q(conn, group)
        if roles[rid].allows("view_confidential"):
            conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE ON protected_detail TO {g}")
        else:
            conn.exec_driver_sql(f"GRANT SELECT ({', '.join(PROTECTED_PUBLIC_COLUMNS)}) ON protected_detail "
                                 f"TO {g}")
    # Records are withdrawn, never deleted: no group deletes them.
    for table in ("screening", "incident", "conduct_conclusion", "case_roles", "generated_document",
                  "import_batch"):
        if table in tables:
            conn.exec_driver_sql(f"REVOKE DELETE ON {table} FROM {everyone}")
