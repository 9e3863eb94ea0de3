"""A shared database (courtscreen.store.users / access / copy / migrate) on SQLite and PostgreSQL:
registered users and roles, the SQLite-to-PostgreSQL move with nothing lost, upgrading a database
from the first schema with data in it, and an import killed midway leaving nothing partial."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from helpers import db
from helpers.dockets import docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.findings import parse_incident
from courtscreen.domain.roles import Access, PermissionDenied, everything, load_roles
from courtscreen.domain.screening import Answers
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import findings, screenings, worklist
from courtscreen.store.access import access_for
from courtscreen.store.copy import copy_database
from courtscreen.store.database import DatabaseError, make_engine
from courtscreen.store.migrate import upgrade
from courtscreen.store.users import UserError, add_user, list_users, update_user
from courtscreen.store.worklist import WorklistFilter

REPO = Path(__file__).resolve().parents[2]
ROLES = load_roles()
ADMIN, CLERK, PO_OFFICER = "Ottoline Pembury", "Imogen Thistlewood", "Cassius Wren"


def boot(engine) -> Access:
    return access_for(engine, ADMIN)


# ----- users and roles ----------------------------------------------------------------------------

def test_no_users_means_one_person_may_do_everything(engine):
    access = access_for(engine, "anyone at all")
    assert access.role == everything() and access.allows("generate:supervision_conditions")


def test_the_first_user_must_be_an_administrator_then_only_admins_add(engine):
    with pytest.raises(UserError, match="first registered user must be an administrator"):
        add_user(engine, boot(engine), CLERK, "clerk", ROLES)
    add_user(engine, boot(engine), ADMIN, "administrator", ROLES)
    admin = access_for(engine, ADMIN.upper())  # names match regardless of case
    assert admin.user == ADMIN and admin.role.id == "administrator"
    add_user(engine, admin, CLERK, "clerk", ROLES)
    clerk = access_for(engine, CLERK)
    with pytest.raises(PermissionDenied, match=f"{CLERK} \\(clerk\\) may not add users; that needs the "
                                               "role of administrator"):
        add_user(engine, clerk, PO_OFFICER, "probation_officer", ROLES)
    with pytest.raises(UserError, match="already registered"):
        add_user(engine, admin, CLERK.lower(), "judicial_staff", ROLES)
    assert [(u.name, u.role) for u in list_users(engine)] == [(CLERK, "clerk"), (ADMIN, "administrator")]


def test_strangers_and_deactivated_users_are_refused_with_what_to_do(engine):
    add_user(engine, boot(engine), ADMIN, "administrator", ROLES)
    admin = access_for(engine, ADMIN)
    add_user(engine, admin, CLERK, "clerk", ROLES)
    with pytest.raises(PermissionDenied, match="'Zed' is not a registered user of this database.*"
                                               "courtscreen users add \"Zed\" --role clerk"):
        access_for(engine, "Zed")
    update_user(engine, admin, CLERK, ROLES, active=False)
    with pytest.raises(PermissionDenied, match="has been deactivated"):
        access_for(engine, CLERK)
    with pytest.raises(UserError, match="last active administrator"):
        update_user(engine, admin, ADMIN, ROLES, role="clerk")
    log = db.select(engine, "audit_entry")
    assert [(r["record"], r["action"], r["case_id"], r["new_value"]) for r in log] == [
        ("user", "created", None, "administrator"), ("user", "created", None, "clerk"),
        ("user", "deactivated", None, "False")]


def test_roles_decide_forms_and_confidential_details():
    clerk, po, judge = ROLES["clerk"], ROLES["probation_officer"], ROLES["judicial_staff"]
    assert po.allows("generate:supervision_conditions")
    assert not clerk.allows("generate:supervision_conditions")
    assert judge.allows("generate:anything_new") and not clerk.allows("view_confidential")
    court = load_roles({"clerk": {"permissions": ["screen", "generate:supervision_conditions"]}})
    assert court["clerk"].allows("generate:supervision_conditions") and not court["clerk"].allows("import")


# ----- SQLite → PostgreSQL -------------------------------------------------------------------------

def filled(engine, tmp_path) -> int:
    """A database with a docket, a completed screening, incidents and a conclusion; a case id."""
    import_docket(engine, docket_csv(tmp_path / "d.csv"), ImportOptions(), CaseTypeRules.load(), CLERK)
    case_id = screenings.find_case_id(engine, "2026-PFA-00102")
    record = screenings.start_screening(engine, case_id, CLERK)
    screenings.save(engine, record, Answers(areas={"surveillance": "yes"}, incidents="two_or_more",
                                            fear="yes"), CLERK, complete=True)
    findings.add_incidents(engine, case_id, [parse_incident(
        {"when": w, "description": "followed her home", "finding": "proven", "reactions": ["fear"]},
        date(2026, 11, 23)) for w in ("2026-05-01", "early June 2026")], CLERK)
    findings.add_protected(engine, case_id, "home", "7 Quarry Lane", CLERK)
    return case_id


@pytest.mark.postgres
def test_copy_sqlite_to_postgresql_keeps_everything_and_the_target_keeps_working(tmp_path, postgres_url):
    source = make_engine(f"sqlite:///{tmp_path / 'desk.sqlite'}")
    upgrade(source)
    case_id = filled(source, tmp_path)
    before = {t: db.select(source, t) for t in ("court_case", "party", "case_party", "screening",
                                                 "incident", "audit_entry", "protected_detail")}
    target = make_engine(postgres_url)
    report = copy_database(source, target)
    assert report.counts["court_case"] == 5 and report.counts["incident"] == 2
    for name, rows in before.items():
        assert [comparable(r) for r in db.select(target, name)] == [comparable(r) for r in rows], name
    # Search, related cases and new records work on the copy (the id sequences were moved on).
    hits = worklist.page(target, WorklistFilter(search="2026-PFA"))
    assert [r.case.case_number for r in hits] == ["2026-PFA-00102"]
    more = findings.add_incident(target, case_id, parse_incident(
        {"when": "2026-07-01", "description": "called 30 times"}, date(2026, 11, 23)), CLERK)
    assert more.number == 3 and more.id == 3
    with pytest.raises(DatabaseError, match="already holds data"):
        copy_database(source, target)


def comparable(row: dict) -> dict:
    """SQLite hands back stored UTC moments without their zone, PostgreSQL with it: compare in UTC."""
    from datetime import UTC, datetime

    return {k: (v.replace(tzinfo=UTC) if isinstance(v, datetime) and v.tzinfo is None else v)
            for k, v in row.items()}


def test_copy_refuses_an_out_of_date_source(tmp_path, engine):
    old = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    upgrade(old, "0002")
    with pytest.raises(DatabaseError, match="run courtscreen db upgrade on it first"):
        copy_database(old, engine)


# ----- upgrading with data in it -------------------------------------------------------------------

def test_upgrade_from_the_first_schema_keeps_the_docket(bare_url, tmp_path):
    engine = make_engine(bare_url)
    upgrade(engine, "0001")
    import_docket_at_0001(engine, tmp_path)
    cases_before = _as_stored(engine, "court_case")  # the 0001 columns: later ones do not exist yet
    parties_before = _as_stored(engine, "party")
    upgrade(engine)
    cases_after = _as_stored(engine, "court_case", cases_before)
    # i20 rebuilds the search text from every docket row (charges, hearing types): it only grows
    for before, after in zip(cases_before, cases_after, strict=True):
        assert after.pop("search_text").startswith(before.pop("search_text"))
    assert cases_after == cases_before
    assert _as_stored(engine, "party", parties_before) == parties_before
    case_id = cases_before[0]["id"]
    assert findings.add_incident(engine, case_id, parse_incident(
        {"when": "2026-05-01", "description": "x"}, date(2026, 11, 23)), CLERK).number == 1


def _as_stored(engine, name: str, like: list[dict] | None = None) -> list[dict]:
    """The table's rows as the database has them now (reflected, not today's model), limited to the
    columns of `like` when given: what was there before an upgrade must still be there after it."""
    t = sa.Table(name, sa.MetaData(), autoload_with=engine)
    cols = [t.c[c] for c in like[0]] if like else list(t.c)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(*cols).order_by(t.c.id)).mappings()]


def import_docket_at_0001(engine, tmp_path) -> None:
    """Rows as the first schema had them, written with plain SQL (today's import needs today's schema).

    Every NOT NULL column the 0001 tables have gets a value of its type, so this keeps working
    whatever the first migration's columns were.
    """
    from datetime import UTC, datetime

    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    given = {
        "import_batch": {"id": 1, "file_name": "old.csv", "file_sha256": "abc", "imported_at": now,
                         "imported_by": CLERK},
        "court_case": {"id": 1, "case_number": "2025-CU-00001", "court": "Harlan County Family Court",
                       "case_type": "custody", "nature": "Parenting plan", "hearing_date": date(2026, 1, 9),
                       "source_batch_id": 1, "source_row": 2, "source_json": "{}",
                       "search_text": "2025-cu-00001 fenwick", "screening_status": "not_screened"},
        "party": {"id": 1, "last_name": "Fenwick", "first_name": "Horatio", "name_key": "fenwick|horatio"},
        "case_party": {"case_id": 1, "party_id": 1, "role": "respondent"},
    }
    inspector = sa.inspect(engine)
    with engine.begin() as conn:
        for table, values in given.items():
            row = dict(values)
            for col in inspector.get_columns(table):
                if col["name"] in row or col["nullable"] or col.get("default") is not None \
                        or col.get("autoincrement") is True:
                    continue
                kind = col["type"]
                row[col["name"]] = (now if isinstance(kind, sa.DateTime) else date(2026, 1, 1)
                                    if isinstance(kind, sa.Date) else False if isinstance(kind, sa.Boolean)
                                    else 0 if isinstance(kind, sa.Integer | sa.Float | sa.Numeric) else "")
            conn.execute(sa.table(table, *(sa.column(k) for k in row)).insert(), row)


@pytest.fixture
def bare_url(db_url) -> str:
    return db_url


# ----- an import killed midway ------------------------------------------------------------------------

def test_an_import_killed_midway_leaves_nothing_partial(db_url, tmp_path):
    engine = make_engine(db_url)
    upgrade(engine)
    docket = tmp_path / "big.csv"
    subprocess.run([sys.executable, str(REPO / "fixtures" / "make_docket.py"), "--rows", "20000",
                    "--out", str(docket), "--clean"], check=True, capture_output=True)
    env = {**os.environ, "COURTSCREEN_DATABASE_URL": db_url, "COURTSCREEN_USER": CLERK}
    proc = subprocess.Popen([sys.executable, "-m", "courtscreen", "import", str(docket)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:  # wait until the import has started writing
            if db_has_open_import(engine) or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the import finished before it could be killed; use a larger docket"
        time.sleep(0.5)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    engine.dispose()
    engine = make_engine(db_url)
    counts = {t: db.count(engine, t) for t in ("court_case", "party", "case_party", "import_batch")}
    assert counts == {"court_case": 0, "party": 0, "case_party": 0, "import_batch": 0}
    report = import_docket(engine, docket_csv(tmp_path / "small.csv"), ImportOptions(),
                           CaseTypeRules.load(), CLERK)
    assert report.counts.added == 5  # the database is usable, nothing is locked


def db_has_open_import(engine) -> bool:
    """True once the importing process holds the write lock (SQLite) or runs its INSERTs (PostgreSQL)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            return bool(conn.execute(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' "
                "OR query ILIKE 'INSERT INTO%'")).scalar())
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA busy_timeout = 0")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            conn.exec_driver_sql("ROLLBACK")
        return False
    except sa.exc.OperationalError:
        return True
