"""`courtscreen users`, `audit export` and `db copy`, and what a role allows on the command line."""

from __future__ import annotations

import csv
import json

import pytest
import sqlalchemy as sa
from helpers import db
from helpers.dockets import docket_csv

from courtscreen.store import worklist
from courtscreen.store.database import make_engine
from courtscreen.store.worklist import WorklistFilter

PO = "2026-PFA-00102"


@pytest.fixture
def shared(courtscreen, tmp_path):
    """A docket, an administrator (Ada), a clerk (Cleo) and a probation officer (Pip)."""
    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    assert courtscreen("--user", "Ada", "users", "add", "Ada", "--role", "administrator").exit_code == 0
    assert courtscreen("--user", "Ada", "users", "add", "Cleo", "--role", "clerk").exit_code == 0
    assert courtscreen("--user", "Ada", "users", "add", "Pip", "--role", "probation_officer").exit_code == 0
    return courtscreen


def test_users_list_and_single_user_message(courtscreen):
    assert "single-user database" in courtscreen("users", "list").output


def test_a_stranger_is_stopped_before_reading_a_case(shared):
    result = shared("--user", "Mallory", "cases")
    assert result.exit_code == 7
    assert "'Mallory' is not a registered user of this database" in result.output
    assert "2026-PFA-00102" not in result.output
    assert shared("--user", "cleo", "cases").exit_code == 0  # names match regardless of case


def test_roles_decide_what_each_may_do(shared, tmp_path):
    path = tmp_path / "i.json"
    path.write_text(json.dumps([{"when": "2026-05-01", "description": "followed her"}]))
    assert shared("--user", "Cleo", "findings", "add", PO, path).exit_code == 0
    refused = shared("--user", "Cleo", "findings", "protect", PO, "--kind", "home", "--value", "1 Elm Row")
    assert refused.exit_code == 7
    assert "Cleo (clerk) may not record confidential details; that needs the role of probation officer, " \
           "judicial staff, administrator" in " ".join(refused.output.split())
    assert shared("--user", "Pip", "findings", "protect", PO, "--kind", "home", "--value", "1 Elm Row"
                  ).exit_code == 0
    again = shared("--user", "Pip", "import", docket_csv(tmp_path / "d2.csv"))
    assert again.exit_code == 7 and "may not import dockets" in again.output


def test_deactivate_and_last_administrator(shared):
    assert shared("--user", "Cleo", "users", "deactivate", "Pip").exit_code == 7
    assert shared("--user", "Ada", "users", "deactivate", "Pip").output == "Pip is deactivated.\n"
    assert "has been deactivated" in shared("--user", "Pip", "cases").output
    last = shared("--user", "Ada", "users", "set-role", "Ada", "clerk")
    assert last.exit_code == 2 and "last active administrator" in last.output
    listed = shared("--user", "Ada", "users", "list").output
    assert "Pip" in listed and "deactivated" in listed


def test_audit_export_is_for_administrators_and_neutralises_formulas(shared, tmp_path, cli_db):
    path = tmp_path / "i.json"
    path.write_text(json.dumps([{"when": "2026-05-01", "description": "=HYPERLINK(\"x\")"}]))
    assert shared("--user", "Cleo", "findings", "add", PO, path).exit_code == 0
    out = tmp_path / "audit.csv"
    assert shared("--user", "Cleo", "audit", "export", out).exit_code == 7
    result = shared("--user", "Ada", "audit", "export", out)
    assert result.exit_code == 0 and result.output.startswith("Wrote ")
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert rows[0]["record"] == "user" and rows[0]["case"] == "" and rows[0]["new"] == "administrator"
    described = [r for r in rows if r["field"] == "description"]
    assert described[0]["case"] == PO and described[0]["new"] == "'=HYPERLINK(\"x\")"
    assert shared("--user", "Ada", "audit", "export", out).exit_code == 2  # exists: needs --force
    only = shared("--user", "Ada", "audit", "export", out, "--case", PO, "--force")
    assert only.exit_code == 0
    assert {r["case"] for r in csv.DictReader(out.open(encoding="utf-8-sig"))} == {PO}


def test_db_copy_into_an_empty_sqlite_file(shared, tmp_path, cli_db):
    target = f"sqlite:///{tmp_path / 'copy.sqlite'}"
    result = shared("--user", "Ada", "db", "copy", "--to", target)
    assert result.exit_code == 0, result.output
    assert "court_case" in result.output and "every table's count checked" in result.output
    assert db.count(make_engine(target), "court_case") == db.count(make_engine(cli_db), "court_case") == 5
    assert db.count(make_engine(target), "app_user") == 3
    # SQLite's search index is rebuilt from the copied cases: every case is found by its number
    copied = make_engine(target)
    for row in db.select(copied, "court_case"):
        found = worklist.page(copied, WorklistFilter(search=row["case_number"]))
        assert [r.case.id for r in found] == [row["id"]]
    with copied.begin() as conn:  # FTS5 compares its index with court_case; raises on a difference
        conn.execute(sa.text("INSERT INTO case_search(case_search, rank) VALUES ('integrity-check', 1)"))
    again = shared("--user", "Ada", "db", "copy", "--to", target)
    assert again.exit_code == 5 and "already holds data" in again.output
    assert "Nothing was copied" in again.output
