"""The audit trail, SQLite's protections and the upgrade to schema i17 (issue 17), on SQLite and
PostgreSQL: the hash chain written and verified, a tampered row named, refusals logged, audit rows that
courtscreen's SQL cannot change, concurrent incident numbers, owner-only database files, FULL sync."""

from __future__ import annotations

import os
import stat
import threading
from datetime import date

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from helpers import db
from helpers.dockets import docket_csv

from courtscreen.cli import cli
from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.findings import parse_incident
from courtscreen.domain.roles import load_roles
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import findings
from courtscreen.store.access import access_for
from courtscreen.store.database import make_engine
from courtscreen.store.migrate import upgrade
from courtscreen.store.trail import log_event, trail_rows, verify_trail
from courtscreen.store.users import add_user, list_users, set_login

ROLES = load_roles()
ADMIN, CLERK = "Ottoline Pembury", "Imogen Thistlewood"
PO = "2026-PFA-00102"
TODAY = date(2026, 11, 23)


def incident(description="sent 40 texts in one night"):
    return parse_incident({"when": "2026-04-14", "description": description, "finding": "proven"}, TODAY)


@pytest.fixture
def case_id(engine, tmp_path) -> int:
    import_docket(engine, docket_csv(tmp_path / "docket.csv"), ImportOptions(), CaseTypeRules.load(), "Test")
    return next(c["id"] for c in db.select(engine, "court_case") if c["case_number"] == PO)


def test_the_chain_is_verified_and_a_changed_row_is_named(engine):
    for n in range(5):
        log_event(engine, "read", ADMIN, table="protected_detail", case_id=None, detail={"n": n})
    verdict = verify_trail(engine)
    assert verdict.ok and verdict.rows >= 5
    rows = trail_rows(engine)
    assert [r["prev_hash"] for r in db.select(engine, "audit_trail")][1:] == [
        r["row_hash"] for r in db.select(engine, "audit_trail")][:-1]
    victim = rows[2]
    with engine.begin() as conn:  # the superuser / the file's owner edits behind the triggers' back
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
        else:
            conn.execute(sa.text("DROP TRIGGER audit_trail_no_update"))
        conn.execute(sa.text("UPDATE audit_trail SET detail = '{\"n\": 99}' WHERE id = :i"), {"i": victim.id})
    verdict = verify_trail(engine)
    assert verdict.broken_at == victim.id and "changed after it was written" in verdict.reason


def test_courtscreens_own_connection_cannot_change_audit_rows(engine, case_id):
    findings.add_incident(engine, case_id, incident(), CLERK)
    log_event(engine, "read", CLERK)
    for table in ("audit_entry", "audit_trail"):
        for sql in (f"UPDATE {table} SET user_name = 'x'", f"DELETE FROM {table}"):
            with engine.begin() as conn, pytest.raises(sa.exc.DBAPIError, match="append-only"):
                conn.execute(sa.text(sql))
    assert db.count(engine, "audit_entry") > 0 and trail_rows(engine)


def test_thirty_incidents_added_at_once_all_save_with_numbers_one_to_thirty(engine, case_id):
    if engine.dialect.name == "postgresql":
        engine.pool._pool.maxsize = 35  # noqa: SLF001  (30 simultaneous connections)
    start, errors = threading.Barrier(30), []

    def add(n: int) -> None:
        start.wait()
        try:
            findings.add_incident(engine, case_id, incident(f"message number {n}"), CLERK)
        except Exception as exc:  # noqa: BLE001  (asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(i.number for i in findings.list_incidents(engine, case_id)) == list(range(1, 31))
    # Every one is in the hash-chained trail (PostgreSQL: its trigger; SQLite: courtscreen), chain intact.
    kind = "insert" if engine.dialect.name == "postgresql" else "change"
    logged = [r for r in trail_rows(engine) if r.table_name == "incident" and r.event == kind]
    assert len(logged) == 30 and verify_trail(engine).ok


def test_refusals_are_logged_with_who_tried_what_on_sqlite(cli_url, engine_for_cli):
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", cli_url, "--user", ADMIN, "users", "add", ADMIN, "--role",
                               "administrator"]).exit_code == 0
    result = runner.invoke(cli, ["--db", cli_url, "--user", "Nobody", "db", "copy", "--to",
                                 f"sqlite:///{engine_for_cli}"])
    assert result.exit_code == 7 and "not a registered user" in result.output
    (refusal,) = [r for r in trail_rows(make_engine(cli_url)) if r.event == "refused"]
    assert refusal.user_name == "Nobody" and refusal.outcome == "refused" and "db" in refusal.detail


def test_audit_verify_on_sqlite_names_the_changed_row_and_logins_are_refused(sqlite_url):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, ["--db", sqlite_url, "--user", ADMIN, *args])

    assert run("users", "add", ADMIN, "--role", "administrator").exit_code == 0
    result = run("users", "add", CLERK, "--role", "clerk", "--login", "imogen")
    assert result.exit_code == 2 and "logins exist only on PostgreSQL" in result.output
    assert run("users", "add", CLERK, "--role", "clerk").exit_code == 0
    ok = run("audit", "verify")
    assert ok.exit_code == 0 and "intact: 4 rows" in ok.output, ok.output  # per user: change + user event
    eng = make_engine(sqlite_url)
    with eng.begin() as conn:
        conn.execute(sa.text("DROP TRIGGER audit_trail_no_update"))
        conn.execute(sa.text("UPDATE audit_trail SET user_name = 'Someone' WHERE id = 1"))
    eng.dispose()
    broken = run("audit", "verify")
    assert broken.exit_code == 8 and "BROKEN at row 1" in broken.output
    assert run("--user", CLERK, "audit", "verify").exit_code == 7


@pytest.fixture
def cli_url(sqlite_url):
    return sqlite_url


@pytest.fixture
def engine_for_cli(tmp_path):
    return tmp_path / "copy-target.sqlite"


# ----- SQLite: what it protects ------------------------------------------------------------------------

def test_a_new_sqlite_database_and_its_wal_are_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "new" / "courtscreen.sqlite"
    eng = make_engine(f"sqlite:///{path}")
    upgrade(eng)
    with eng.connect() as conn:
        assert conn.execute(sa.text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()}
    eng.dispose()
    assert modes[path.name] == 0o600
    assert modes.get(path.name + "-wal", 0o600) == 0o600


def test_the_error_log_is_readable_by_the_owner_only(data_dir):
    from courtscreen.cli.base import _write_crash_log

    log = _write_crash_log(RuntimeError("boom"))
    assert log.parent == data_dir and stat.S_IMODE(os.stat(log).st_mode) == 0o600


# ----- upgrading an existing shared database ---------------------------------------------------------

def test_upgrade_from_0005_keeps_users_and_gives_them_logins_on_postgresql(db_url, tmp_path):
    eng = make_engine(db_url)
    upgrade(eng, "0005")
    with eng.begin() as conn:
        for name, role in ((ADMIN, "administrator"), (CLERK, "clerk")):
            conn.execute(sa.text("INSERT INTO app_user (name, role, active, created_at, created_by, "
                                 "updated_at, updated_by) VALUES (:n, :r, true, CURRENT_TIMESTAMP, 'it', "
                                 "CURRENT_TIMESTAMP, 'it')"), {"n": name, "r": role})
    upgrade(eng)
    assert [(u.name, u.role, u.login) for u in list_users(eng)] == [(CLERK, "clerk", None),
                                                                    (ADMIN, "administrator", None)]
    admin = access_for(eng, ADMIN)
    if eng.dialect.name == "sqlite":
        with pytest.raises(ValueError, match="logins exist only on PostgreSQL"):
            set_login(eng, admin, CLERK, "imogen", ROLES)
    else:
        import uuid

        login = f"imogen_{uuid.uuid4().hex[:8]}"
        set_login(eng, admin, CLERK, login, ROLES)
        with eng.connect() as conn:
            assert conn.execute(sa.text("SELECT pg_has_role(:l, 'courtscreen_clerk', 'MEMBER')"),
                                {"l": login}).scalar()
        clerk_eng = make_engine(eng.url.set(username=login).render_as_string(hide_password=False))
        try:
            assert access_for(clerk_eng, "anything").user == CLERK
        finally:
            clerk_eng.dispose()
        with eng.begin() as conn:
            conn.exec_driver_sql(f'DROP OWNED BY "{login}"')
            conn.exec_driver_sql(f'DROP ROLE "{login}"')
    add_user(eng, admin, "Cassius Wren", "probation_officer", ROLES)  # still works without a login
    eng.dispose()
