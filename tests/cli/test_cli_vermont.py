"""The real Vermont Superior Court calendar (public data, /work/shared/data) through the CLI.

4,275 hearings with no party names and no year, imported once per module with
the built-in vermont-calendar profile, then inspected with `courtscreen cases`.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from courtscreen.cli import cli

ORIGINAL = Path("/work/shared/data/vt_court_events_2021-06-29.csv")
DOCKET_NUMBER_ROWS = (933, 1788, 2210, 2691, 3789)  # hearing_type holds a docket number

pytestmark = pytest.mark.skipif(not ORIGINAL.exists(), reason=f"{ORIGINAL} is not on this machine")


@pytest.fixture(scope="module")
def vermont(tmp_path_factory):
    """Import a copy once; returns (runner, db args, import result, the CSV's rows)."""
    home = tmp_path_factory.mktemp("vermont")
    copy = shutil.copy(ORIGINAL, home / ORIGINAL.name)
    runner = CliRunner(env={"COURTSCREEN_DATA_DIR": str(home / "data"),
                            "COURTSCREEN_CONFIG": str(home / "config.toml"),
                            "COURTSCREEN_DATABASE_URL": None, "COURTSCREEN_USER": "Test Clerk"})
    db_args = ["--db", f"sqlite:///{home / 'vt.sqlite'}"]
    result = runner.invoke(cli, [*db_args, "import", str(copy), "--profile", "vermont-calendar",
                                 "--as-of", "2021-06-29"])
    with ORIGINAL.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return runner, db_args, result, rows


def cases_csv(vermont, *args) -> list[dict]:
    runner, db_args, _, _ = vermont
    result = runner.invoke(cli, [*db_args, "cases", "--csv", "--limit", "0", *args])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(result.stdout.splitlines()))


def court_of(row: dict) -> str:
    return f"{row['county']} {row['division']}"  # the profile joins county + division


def keys_with_hearing(rows, prefix: str) -> set[tuple[str, str]]:
    return {(court_of(r), r["docket"]) for r in rows if r["hearing_type"].startswith(prefix)}


def test_import_succeeds_and_counts_every_case(vermont):
    _, _, result, rows = vermont
    assert result.exit_code == 0, result.output
    out = result.stdout
    distinct = {(court_of(r).upper(), r["docket"].upper()) for r in rows if r["docket"].strip()}
    assert (f"{len(rows)} rows read: {len(distinct)} cases added, 0 updated, 0 unchanged; "
            "0 rows not imported") in out
    sha = hashlib.sha256(ORIGINAL.read_bytes()).hexdigest()
    assert f"(sha256 {sha[:12]}…)" in out  # the copy imported is byte-for-byte the original
    # a calendar: every row is kept as one of its case's hearing rows, in those words
    assert (f"{len(rows):,} hearing rows for {len(distinct):,} cases: {len(rows) - len(distinct):,} "
            "rows belong to a case listed on an earlier row and are kept as that case's further "
            "hearings") in out
    assert f"{len(rows)} dates had no year" in out and "as of 29 Jun 2021" in out


def test_docket_number_in_hearing_type_rows_are_reported_by_row(vermont):
    _, _, result, rows = vermont
    lines = result.stdout.splitlines()
    for number in DOCKET_NUMBER_ROWS:
        hearing_type = rows[number - 2]["hearing_type"]  # row 1 is the header
        assert hearing_type.startswith(rows[number - 2]["docket"])
        matching = [ln for ln in lines if ln.startswith(f"  row {number}, ")]
        assert len(matching) == 1, f"row {number} not reported once"
        assert f"the hearing type {hearing_type!r} is a docket number" in matching[0]


def test_contested_dissolution_cases_are_divorce(vermont):
    _, _, _, rows = vermont
    expected = keys_with_hearing(rows, "contested dissolution hearing")
    assert len(expected) > 10
    divorce = {(c["court"], c["case_number"]) for c in cases_csv(vermont, "--type", "divorce")}
    assert expected <= divorce


def test_parental_rights_cases_are_custody(vermont):
    _, _, _, rows = vermont
    expected = keys_with_hearing(rows, "parental rights & responsibilities")
    assert len(expected) > 10
    custody = {(c["court"], c["case_number"]) for c in cases_csv(vermont, "--type", "custody")}
    assert expected <= custody


def test_emergency_relief_cases_are_protection_orders(vermont):
    _, _, _, rows = vermont
    expected = keys_with_hearing(rows, "emergency relief hearing")
    assert expected
    po = {(c["court"], c["case_number"]) for c in cases_csv(vermont, "--type", "po")}
    assert expected <= po


def test_type_filter_lists_only_that_type(vermont):
    listed = cases_csv(vermont, "--type", "divorce")
    assert listed and {c["case_type"] for c in listed} == {"divorce"}
    everything = cases_csv(vermont)
    assert len(everything) > len(listed)
    assert {c["case_type"] for c in everything} >= {"divorce", "custody", "protection_order",
                                                     "other_criminal", "civil"}


def test_yearless_dates_run_from_june_2021_into_january_2022(vermont):
    dates = [date.fromisoformat(c["hearing_date"]) for c in cases_csv(vermont)]
    assert min(dates) >= date(2021, 6, 28)
    assert max(dates) <= date(2022, 1, 31)
    assert any(d.year == 2022 and d.month == 1 for d in dates)  # "jan" after a June as-of date
    assert not any(d.year == 2021 and d.month == 1 for d in dates)


def test_times_joined_from_time_and_am_pm(vermont):
    _, _, _, rows = vermont
    first = rows[0]  # 92-6-20 addison civil, 12 jul, 3:00 pm
    (case,) = [c for c in cases_csv(vermont, "--search", first["docket"])
               if c["court"] == court_of(first) and c["case_number"] == first["docket"]]
    assert (case["hearing_date"], case["hearing_time"]) == ("2021-07-12", "15:00:00")
