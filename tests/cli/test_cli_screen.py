"""`courtscreen screen`: recording, showing and bulk-entering screenings without the app.

Uses the `courtscreen` / `cli_db` fixtures of tests/cli/conftest.py (a temporary SQLite file).
The user recorded is COURTSCREEN_USER, "Test Clerk", from the shared settings isolation.
"""

from __future__ import annotations

import json
import re

import pytest
from helpers import db
from helpers.dockets import FAMILY, GOOD_ROWS, SUPERIOR, docket_csv

from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.store import worklist
from courtscreen.store.database import make_engine
from courtscreen.store.worklist import WorklistFilter

CUSTODY = "2026-CU-00104"
PO = "2026-PFA-00102"
DIVORCE = "2026-DR-000101"
CIVIL = "2026-CV-00105"
USER = "Test Clerk"

INDICATED = {
    "info_sources": ["petition"], "screener_role": "clerk",
    "areas": {"surveillance": "yes", "life_invasion": "yes", "intimidation": "unknown", "interference": "no"},
    "behaviours": {"surveillance": ["showing_up", "location_app"]},
    "questions": {"exchanges_used": "yes"}, "incidents": "two_or_more", "fear": "yes",
    "narrative": "Turned up at every exchange; tracked her phone.", "risk_markers": ["intimate_partner"],
    "instruments": {"sharp": "completed 2026-11-20"},
}
ONE_INCIDENT = {"areas": {"intimidation": "yes"}, "incidents": "one", "fear": "yes"}
ALL_NO = {"areas": {"surveillance": "no", "life_invasion": "no", "intimidation": "no", "interference": "no"},
          "incidents": "none", "fear": "no"}


@pytest.fixture
def imported(courtscreen, tmp_path):
    result = courtscreen("import", docket_csv(tmp_path / "docket.csv"))
    assert result.exit_code == 0, result.output


@pytest.fixture
def engine(cli_db):
    eng = make_engine(cli_db)
    yield eng
    eng.dispose()


def write_json(path, data) -> str:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return str(path)


def status_of(engine, number: str, court: str | None = None) -> tuple[str, str]:
    t = db.table("court_case")
    where = [t.c.case_number == number] + ([t.c.court == court] if court else [])
    (row,) = db.select(engine, "court_case", *where)
    return row["screening_status"], row["screening_result"]


def screening_of(engine, number: str) -> dict:
    case_id = db.case_by_number(engine, number)["id"]
    (row,) = db.select(engine, "screening", db.table("screening").c.case_id == case_id)
    return row


def nothing_saved(engine) -> bool:
    return (db.count(engine, "screening") == 0 and db.count(engine, "audit_entry") == 0
            and {c["screening_status"] for c in db.select(engine, "court_case")} == {"not_screened"})


# --------------------------------------------------------------------------- one case


def test_complete_prints_the_result_and_the_reasons(courtscreen, imported, engine, tmp_path):
    answers = write_json(tmp_path / "a.json", INDICATED)
    result = courtscreen("screen", CUSTODY, "--answers", answers, "--complete")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{CUSTODY}: Stalking indicated",
        "  - behaviour reported in Surveillance, Life invasion (2 specific behaviour(s) ticked)",
        "  - two or more separate incidents described",
        "  - fear or substantial emotional distress described",
        "  - 1 risk marker(s) present: Current or former intimate partner",
    ]
    row = screening_of(engine, CUSTODY)
    assert (row["status"], row["result"], row["updated_by"]) == ("complete", "indicated", USER)
    assert json.loads(row["answers_json"]) == {**INDICATED, "area_notes": {}}
    assert status_of(engine, CUSTODY) == ("indicated", "indicated")


def test_without_complete_it_is_saved_as_a_draft(courtscreen, imported, engine, tmp_path):
    result = courtscreen("screen", CUSTODY, "--answers", write_json(tmp_path / "a.json", ONE_INCIDENT))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{CUSTODY}: saved as a draft"
    assert screening_of(engine, CUSTODY)["status"] == "draft"
    assert status_of(engine, CUSTODY) == ("in_progress", "")


def test_user_option_is_recorded(courtscreen, imported, engine, tmp_path):
    answers = write_json(tmp_path / "a.json", ALL_NO)
    result = courtscreen("--user", "Perpetua Lindgren", "screen", PO, "--answers", answers, "--complete")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{PO}: Not indicated", "  - every SLII area was answered no and no behaviour was recorded"]
    assert screening_of(engine, PO)["created_by"] == "Perpetua Lindgren"
    assert {r["user_name"] for r in db.select(engine, "audit_entry")} == {"Perpetua Lindgren"}


def test_screen_shows_a_completed_screening(courtscreen, imported, tmp_path):
    courtscreen("screen", CUSTODY, "--answers", write_json(tmp_path / "a.json", INDICATED), "--complete")
    result = courtscreen("screen", CUSTODY)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.fullmatch(rf"{CUSTODY}: Stalking indicated — catalogue 2026\.12, last saved by {USER} "
                        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", lines[0]), lines[0]
    assert "  - two or more separate incidents described" in lines
    (marker,) = [x for x in lines if "risk marker:" in x]
    assert marker.startswith("  risk marker: Current or former intimate partner [Spencer & Stith (2020)")
    assert "Audit log:" not in result.stdout


def test_screen_shows_a_draft_with_its_step(courtscreen, imported, tmp_path):
    courtscreen("screen", CUSTODY, "--answers", write_json(tmp_path / "a.json", ONE_INCIDENT))
    result = courtscreen("screen", CUSTODY)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{CUSTODY}: draft (at step about) — catalogue 2026.12")


def test_screen_of_an_unscreened_case(courtscreen, imported):
    result = courtscreen("screen", DIVORCE)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{DIVORCE}: not screened."


def test_log_prints_the_audit_lines(courtscreen, imported, tmp_path):
    courtscreen("screen", CUSTODY, "--answers", write_json(tmp_path / "a.json", ONE_INCIDENT))
    courtscreen("--user", "Perpetua Lindgren", "screen", CUSTODY, "--answers",
                write_json(tmp_path / "b.json", {**ONE_INCIDENT, "incidents": "two_or_more"}), "--complete")
    result = courtscreen("screen", CUSTODY, "--log")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    audit = lines[lines.index("Audit log:") + 1:]
    stamp = r"  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC "
    expected = [
        f"{USER} created",
        f"{USER} saved areas.intimidation: — → yes",
        f"{USER} saved fear: unknown → yes",
        f"{USER} saved incidents: unknown → one",
        "Perpetua Lindgren saved incidents: one → two_or_more",
        "Perpetua Lindgren completed result: — → indicated",
    ]
    assert len(audit) == len(expected), audit
    for line, want in zip(audit, expected, strict=True):
        assert re.fullmatch(stamp + re.escape(want), line), (line, want)


def test_revising_from_the_command_line_is_audited(courtscreen, imported, tmp_path):
    courtscreen("screen", CUSTODY, "--answers", write_json(tmp_path / "a.json", INDICATED), "--complete")
    result = courtscreen("screen", CUSTODY, "--answers",
                         write_json(tmp_path / "b.json", {**INDICATED, "fear": "no"}))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"{CUSTODY}: Possible: needs follow-up"
    log = courtscreen("screen", CUSTODY, "--log").stdout
    assert "revised fear: yes → no" in log
    assert "revised result: indicated → possible" in log


# --------------------------------------------------------------------------- errors


def test_invalid_json_is_a_usage_error_naming_line_and_column(courtscreen, imported, engine, tmp_path):
    bad = tmp_path / "a.json"
    bad.write_text('{\n  "fear": "yes",\n  "incidents" "one"\n}\n', encoding="utf-8")
    result = courtscreen("screen", CUSTODY, "--answers", bad)

    assert result.exit_code == 2, result.output
    assert f"Error: {bad}: not valid JSON at line 3, column 15: Expecting ':' delimiter." in result.output
    assert nothing_saved(engine)


def test_unreadable_answers_file_is_a_usage_error(courtscreen, imported, tmp_path):
    result = courtscreen("screen", CUSTODY, "--answers", tmp_path / "missing.json")
    assert result.exit_code == 2, result.output
    assert "missing.json: cannot be read (No such file or directory)." in result.output


def test_invalid_values_name_the_field_and_save_nothing(courtscreen, imported, engine, tmp_path):
    answers = write_json(tmp_path / "a.json", {**INDICATED, "areas": {"surveillance": "maybe"},
                                               "behaviours": {"life_invasion": ["gps_tracker"]}})
    result = courtscreen("screen", CUSTODY, "--answers", answers, "--complete")

    assert result.exit_code == 3, result.output
    assert "areas.surveillance: 'maybe' is not yes, no or unknown" in result.output
    assert "behaviours.life_invasion: 'gps_tracker' is not one of" in result.output
    assert result.output.rstrip().endswith("Not saved.")
    assert result.stdout == ""
    assert nothing_saved(engine)


def test_unknown_top_level_field_is_named(courtscreen, imported, engine, tmp_path):
    result = courtscreen("screen", CUSTODY, "--answers", write_json(tmp_path / "a.json", {"score": 9}))
    assert result.exit_code == 3, result.output
    assert "unknown field(s) score" in result.output
    assert nothing_saved(engine)


def test_a_list_for_incidents_is_reported_with_the_field(courtscreen, imported, engine, tmp_path):
    result = courtscreen("screen", CUSTODY, "--answers",
                         write_json(tmp_path / "a.json", {"incidents": ["two_or_more"]}))
    assert result.exit_code == 3, result.output
    assert nothing_saved(engine)
    message = result.output.replace(str(tmp_path), "")  # the tmp path holds the test's name
    assert "incidents" in message, message


def test_bad_area_notes_are_reported_and_nothing_is_saved(courtscreen, imported, engine, tmp_path):
    result = courtscreen("screen", CUSTODY, "--answers",
                         write_json(tmp_path / "a.json", {"area_notes": "Followed her to work"}))
    assert nothing_saved(engine), "a draft was created for answers that were never saved"
    assert result.exit_code == 3, (result.exit_code, result.exception)
    assert "area_notes" in result.output.replace(str(tmp_path), "")


def test_unknown_case_is_exit_4_with_a_clear_message(courtscreen, imported, engine):
    result = courtscreen("screen", "2026-ZZ-00999")
    assert result.exit_code == 4, result.output
    assert result.output.strip() == "Error: no case numbered '2026-ZZ-00999' is in the database"
    assert nothing_saved(engine)


def test_unknown_case_with_answers_is_reported_and_nothing_saved(courtscreen, imported, engine, tmp_path):
    # Recording answers treats each case as an item: a missing case is a rejected item (3), like a bad value.
    result = courtscreen("screen", "2026-ZZ-00999", "--answers", write_json(tmp_path / "a.json", ALL_NO))
    # One case named on the command line: exit 4, the same as `screen UNKNOWN` without answers.
    assert result.exit_code == 4, result.output
    assert "no case numbered '2026-ZZ-00999' is in the database" in result.output
    assert nothing_saved(engine)


def test_no_case_number_is_a_usage_error(courtscreen, imported, tmp_path):
    result = courtscreen("screen")
    assert result.exit_code == 2
    assert "give a CASE_NUMBER" in result.output
    result = courtscreen("screen", "--answers", write_json(tmp_path / "a.json", ALL_NO))
    assert result.exit_code == 2
    assert "give the CASE_NUMBER, or a JSON list" in result.output


def test_a_number_used_by_two_courts_needs_court(courtscreen, engine, tmp_path):
    twin = ["2026-CU-00104", SUPERIOR, "Custody", "Parenting plan", "2026-12-09", "", "",
            "Fenwick, Clementine", "Fenwick, Horatio"]
    assert courtscreen("import", docket_csv(tmp_path / "d.csv", [*GOOD_ROWS, twin])).exit_code == 0

    result = courtscreen("screen", CUSTODY)
    assert result.exit_code == 4, result.output
    assert "used by several courts" in result.output and "name one with --court" in result.output

    answers = write_json(tmp_path / "a.json", INDICATED)
    result = courtscreen("screen", CUSTODY, "--court", SUPERIOR, "--answers", answers, "--complete")
    assert result.exit_code == 0, result.output
    assert status_of(engine, CUSTODY, SUPERIOR) == ("indicated", "indicated")
    assert status_of(engine, CUSTODY, FAMILY) == ("not_screened", "")


# --------------------------------------------------------------------------- bulk


def test_bulk_saves_the_good_items_and_reports_the_bad_one(courtscreen, imported, engine, tmp_path):
    bulk = write_json(tmp_path / "bulk.json", [
        {"case_number": CUSTODY, "answers": INDICATED, "complete": True},
        {"case_number": PO, "answers": {**ONE_INCIDENT, "fear": "sometimes"}, "complete": True},
        {"case_number": DIVORCE, "court": FAMILY, "answers": ONE_INCIDENT},
        {"case_number": CIVIL, "answers": ALL_NO, "complete": True},
    ])
    result = courtscreen("screen", "--answers", bulk)

    assert result.exit_code == 3, result.output
    assert result.stdout.splitlines()[0] == f"{CUSTODY}: Stalking indicated"
    assert f"{DIVORCE}: saved as a draft" in result.stdout
    assert f"{CIVIL}: Not indicated" in result.stdout
    assert PO not in result.stdout
    assert f"{bulk} item 2: fear: 'sometimes' is not yes, no or unknown. Not saved." in result.output
    assert "item 1" not in result.output and "item 3" not in result.output
    assert status_of(engine, CUSTODY) == ("indicated", "indicated")
    assert status_of(engine, DIVORCE) == ("in_progress", "")
    assert status_of(engine, CIVIL) == ("not_indicated", "not_indicated")
    assert status_of(engine, PO) == ("not_screened", "")
    assert db.count(engine, "screening") == 3


def test_bulk_reports_items_without_a_case_and_unknown_cases(courtscreen, imported, engine, tmp_path):
    bulk = write_json(tmp_path / "bulk.json", [
        "not an object",
        {"answers": ALL_NO},
        {"case_number": "2026-ZZ-00999", "answers": ALL_NO},
        {"case_number": PO, "answers": ALL_NO, "complete": True},
    ])
    result = courtscreen("screen", "--answers", bulk)

    assert result.exit_code == 3, result.output
    assert f"{bulk} item 1: no case_number. Not saved." in result.output
    assert f"{bulk} item 2: no case_number. Not saved." in result.output
    assert f"{bulk} item 3: no case numbered '2026-ZZ-00999' is in the database. Not saved." in result.output
    assert result.stdout.splitlines() == [f"{PO}: Not indicated",
                                          "  - every SLII area was answered no and no behaviour was recorded"]
    assert db.count(engine, "screening") == 1


def test_bulk_all_good_is_exit_0(courtscreen, imported, tmp_path):
    bulk = write_json(tmp_path / "bulk.json", [
        {"case_number": CUSTODY, "answers": INDICATED, "complete": True},
        {"case_number": PO, "answers": ONE_INCIDENT, "complete": True},
    ])
    result = courtscreen("screen", "--answers", bulk)
    assert result.exit_code == 0, result.output
    assert f"{PO}: Possible: needs follow-up" in result.stdout
    assert "  - only one incident described so far: a course of conduct needs two or more" in result.stdout


# --------------------------------------------------------------------------- the docket afterwards


def test_the_worklist_shows_the_screening_status_afterwards(courtscreen, imported, engine, tmp_path):
    bulk = write_json(tmp_path / "bulk.json", [
        {"case_number": CUSTODY, "answers": INDICATED, "complete": True},
        {"case_number": PO, "answers": ONE_INCIDENT, "complete": True},
        {"case_number": DIVORCE, "answers": ONE_INCIDENT},
    ])
    assert courtscreen("screen", "--answers", bulk).exit_code == 0

    statuses = {c["case_number"]: c["screening_status"] for c in db.select(engine, "court_case")}
    assert statuses == {CUSTODY: "indicated", PO: "possible", DIVORCE: "in_progress",
                        "26-CADV-0103": "not_screened", CIVIL: "not_screened"}
    # what the docket screen shows: the Screening column, the status filter, the summary line
    rows = worklist.page(engine, WorklistFilter())
    shown = {r.case.case_number: r.screening for r in rows}
    assert shown == {n: ScreeningStatus(s) for n, s in statuses.items()}
    # cases awaiting screening come first; the draft (in progress) keeps its place among them
    assert {r.case.case_number for r in rows[:3]} == {"26-CADV-0103", CIVIL, DIVORCE}
    assert {r.case.case_number for r in rows[3:]} == {CUSTODY, PO}
    indicated = worklist.page(engine, WorklistFilter(screening=ScreeningStatus.INDICATED))
    assert [r.case.case_number for r in indicated] == [CUSTODY]
    summary = worklist.summary(engine)
    assert summary.by_screening == {ScreeningStatus.INDICATED: 1, ScreeningStatus.POSSIBLE: 1,
                                    ScreeningStatus.IN_PROGRESS: 1, ScreeningStatus.NOT_SCREENED: 2}
    # `courtscreen cases` still lists every case after screening
    listed = courtscreen("cases")
    assert listed.exit_code == 0 and listed.stdout.splitlines()[-1] == "5 of 5 cases"
