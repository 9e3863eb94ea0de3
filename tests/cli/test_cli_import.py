"""`courtscreen import FILE` as a clerk runs it."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from datetime import date, time
from pathlib import Path

import pytest
from helpers import db
from helpers.dockets import BAD_ROWS, GOOD_ROWS, docket_csv, write_csv

from courtscreen.store.database import make_engine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def read_db(cli_db):
    """Open the CLI's database afterwards (None when the command never created it)."""
    engines = []

    def open_():
        path = Path(cli_db.removeprefix("sqlite:///"))
        if not path.exists():
            return None
        eng = make_engine(cli_db)
        engines.append(eng)
        return eng

    yield open_
    for eng in engines:
        eng.dispose()


def case_count(read_db) -> int:
    eng = read_db()
    return 0 if eng is None else db.count(eng, "court_case")


def test_import_prints_the_counts(courtscreen, read_db, tmp_path):
    path = docket_csv(tmp_path / "docket.csv")
    result = courtscreen("import", path)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert lines[0] == f"Imported docket.csv  (sha256 {sha[:12]}…)"
    assert lines[1] == ("5 rows read: 5 cases added, 0 updated, 0 unchanged; 0 rows not imported; "
                        "0 warnings.")
    assert "  - read as utf-8 text, comma-separated" in lines
    eng = read_db()
    assert db.count(eng, "court_case") == 5
    assert db.select(eng, "import_batch")[0]["imported_by"] == "Test Clerk"  # COURTSCREEN_USER


def test_importing_the_same_file_again_says_so_and_changes_nothing(courtscreen, tmp_path):
    path = docket_csv(tmp_path / "docket.csv")
    assert courtscreen("import", path).exit_code == 0
    result = courtscreen("import", path)

    assert result.exit_code == 0, result.output
    assert re.search(r"^This same file was imported before \(import #1, \d{4}-\d\d-\d\d \d\d:\d\d UTC "
                     r"by Test Clerk\)\.$", result.stdout, re.M)
    assert "5 rows read: 0 cases added, 0 updated, 5 unchanged" in result.stdout
    assert "Nothing changed: every case is already in the database" in result.stdout


def test_rejected_rows_exit_3_and_are_listed_by_row(courtscreen, read_db, tmp_path):
    result = courtscreen("import", docket_csv(tmp_path / "docket.csv", GOOD_ROWS + BAD_ROWS))

    assert result.exit_code == 3, result.output
    out = result.stdout
    assert "8 rows read: 5 cases added, 0 updated, 0 unchanged; 3 rows not imported" in out
    assert "Rows not imported (3):" in out
    assert "  row 7, column A 'Case No.': no case number; fill it in or delete the row" in out
    assert "  row 8, column E 'Hearing Date': Hearing date: '02/30/2026' is not a real date " \
           "(February has no day 30)" in out
    assert "  row 9, column E 'Hearing Date': Hearing date: 'next week' is not a date" in out
    assert case_count(read_db) == 5


def test_problems_csv_lists_every_problem(courtscreen, tmp_path):
    problems = tmp_path / "problems.csv"
    result = courtscreen("import", docket_csv(tmp_path / "docket.csv", GOOD_ROWS + BAD_ROWS),
                         "--problems-csv", problems)
    assert result.exit_code == 3
    assert f"Every problem is listed in {problems}" in result.stdout
    with problems.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["problem_file"], r["problem_row"], r["problem_severity"]) for r in rows] == [
        ("docket.csv", "7", "rejected"), ("docket.csv", "8", "rejected"), ("docket.csv", "9", "rejected")]
    assert rows[1]["problem_column"] == "E 'Hearing Date'"
    assert [r["problem_code"] for r in rows] == ["missing_case_number", "bad_date", "bad_date"]
    assert rows[1]["Case No."] == "2026-CV-00107" and rows[1]["Hearing Date"] == "02/30/2026"


def test_problems_csv_is_written_when_every_row_fails_and_imports_once_fixed(courtscreen, read_db,
                                                                              tmp_path):
    problems = tmp_path / "problems.csv"
    result = courtscreen("import", docket_csv(tmp_path / "docket.csv", BAD_ROWS[1:]),
                         "--problems-csv", problems)
    assert result.exit_code == 4, result.output
    assert "none of the 2 rows could be imported" in result.output
    with problems.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["problem_row"], r["problem_code"], r["Case No."]) for r in rows] == [
        ("2", "bad_date", "2026-CV-00107"), ("3", "bad_date", "26-CADV-0108")]
    # The clerk fixes the dates in Excel and imports just that file
    fixed = [dict(r, **{"Hearing Date": "2026-12-09"}) for r in rows]
    with problems.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(fixed)
    again = courtscreen("import", problems)
    assert again.exit_code == 0, again.output
    assert case_count(read_db) == 2


def test_strict_import_with_bad_rows_imports_nothing(courtscreen, read_db, tmp_path):
    result = courtscreen("import", docket_csv(tmp_path / "docket.csv", GOOD_ROWS + BAD_ROWS), "--strict")
    assert result.exit_code == 4, result.output
    assert "3 rows have problems and the import was to refuse the file" in result.output
    assert "(--strict was given: drop it to import the good rows.)" in result.output
    assert "Nothing was imported." in result.output
    assert case_count(read_db) == 0


def _garbage(tmp_path):
    path = tmp_path / "docket.csv"
    path.write_bytes(bytes(range(256)) * 4)
    return path, "contains binary data"


def _text_as_xlsx(tmp_path):
    path = tmp_path / "docket.xlsx"
    path.write_text("Case No.,Judge\n2026-DR-1,Hon. Miriam Okafor\n")
    return path, "the content is not an Excel or OpenDocument workbook"


def _no_case_number(tmp_path):
    return (write_csv(tmp_path / "docket.csv", [["Hearing Date", "Judge", "Courtroom"],
                                                ["2026-12-01", "Hon. Miriam Okafor", "2A"]]),
            "--map case_number=COLUMN")


def _missing(tmp_path):
    return tmp_path / "nope.csv", "no such file"


@pytest.mark.parametrize("make", [_garbage, _text_as_xlsx, _no_case_number, _missing],
                         ids=["binary-csv", "text-xlsx", "no-case-number", "missing"])
def test_unreadable_file_exits_4_and_imports_nothing(courtscreen, read_db, tmp_path, make):
    assert courtscreen("import", docket_csv(tmp_path / "earlier.csv")).exit_code == 0
    before = db.snapshot(read_db())
    path, reason = make(tmp_path)
    result = courtscreen("import", path)

    assert result.exit_code == 4, result.output
    assert result.output.startswith("Error: ")
    assert reason in result.output
    assert result.output.rstrip().endswith("Nothing was imported.")
    assert "Traceback" not in result.output
    assert db.snapshot(read_db()) == before


def _padded_workbook(path: Path, megabytes: float) -> Path:
    """A small docket padded with a stored (uncompressed) part to the size wanted."""
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Case No.", "Judge"])
    wb.active.append(["2026-DR-000001", "Hon. Miriam Okafor"])
    wb.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr("docProps/padding.bin", b"x" * int(megabytes * 1024 * 1024))
    return path


def test_workbook_over_max_size(courtscreen, tmp_path):
    path = _padded_workbook(tmp_path / "big.xlsx", 1.2)
    result = courtscreen("import", path, "--max-size", "1")
    assert result.exit_code == 4, result.output
    assert f"the workbook is {path.stat().st_size / (1024 * 1024):.1f} MB" in result.output
    assert "over the limit of 1 MB for a workbook" in result.output
    assert "raise the limit with --max-size MB" in result.output


def test_text_files_stream_so_the_mb_limit_does_not_apply(courtscreen, read_db, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("Case No.,Judge\n" + "".join(f"2026-DR-{i:06d},Hon. Miriam Okafor\n"
                                                 for i in range(30_000)))  # ~1 MB
    result = courtscreen("import", path, "--max-size", "0.5", "--no-link")
    assert result.exit_code == 0, result.output
    assert case_count(read_db) == 30_000


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_max_size_must_be_a_positive_number(courtscreen, tmp_path, value):
    path = docket_csv(tmp_path / "docket.csv")
    result = courtscreen("import", path, "--max-size", value)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--max-size'" in result.output and "give a positive number" in result.output


def test_a_limit_that_was_hit_says_which_flag_raises_it(courtscreen, tmp_path):
    path = docket_csv(tmp_path / "docket.csv")
    result = courtscreen("import", path, "--max-cells", "20")
    assert result.exit_code == 4, result.output
    assert "over the limit of 20 cells" in result.output
    assert "raise the limit with --max-cells N" in result.output


def test_preview_shows_the_mapping_with_confidence_and_changes_nothing(courtscreen, read_db, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "earlier.csv")).exit_code == 0
    before = db.snapshot(read_db())
    path = write_csv(tmp_path / "odd.csv", [
        ["Case Numbr", "Hearing Dat", "Petitioner", "Respondant", "Clerk initials"],
        ["2026-DR-000101", "2026-12-01", "Quill, Anna", "Quill, Robert", "MO"],
        ["2026-CV-2", "02/30/2026", "Pryce, Wren", "Marlowe, Silas", "MO"],
    ])
    result = courtscreen("import", path, "--preview")

    assert result.exit_code == 0, result.output  # a preview never fails on bad rows
    out = result.stdout
    assert "Proposed column mapping for odd.csv (header on row 1):" in out
    assert re.search(r"^  Case number +A 'Case Numbr' +95%$", out, re.M)
    assert re.search(r"^  Hearing date +B 'Hearing Dat' +96%$", out, re.M)
    assert re.search(r"^  Petitioner / plaintiff +C 'Petitioner' +100%$", out, re.M)
    assert re.search(r"^  Respondent / defendant +D 'Respondant' +90%$", out, re.M)
    assert "  not used: E 'Clerk initials'" in out
    assert ("  row 2: (no court) 2026-DR-000101 [Divorce] hearing 2026-12-01 — petitioner: Anna Quill; "
            "respondent: Robert Quill") in out
    assert "1 cases from 2 rows; 1 rows would not be imported. Nothing was changed." in out
    assert "row 3, column B 'Hearing Dat'" in out
    assert db.snapshot(read_db()) == before  # no case, party, batch or problem row written


def test_preview_on_a_new_database_creates_nothing(courtscreen, read_db, tmp_path):
    result = courtscreen("import", docket_csv(tmp_path / "d.csv"), "--preview")
    assert result.exit_code == 0, result.output
    assert "5 cases from 5 rows; 0 rows would not be imported. Nothing was changed." in result.stdout
    assert case_count(read_db) == 0


def test_map_with_no_header_on_a_tsv(courtscreen, read_db, tmp_path):
    path = tmp_path / "calendar.tsv"
    path.write_text("2026-DR-7\t12\tjul\t9:00\tam\tQuill, Anna\tQuill, Robert\n"
                    "2026-PFA-8\t13\tjul\t3:00\tpm\tMarlowe, Odette\tMarlowe, Silas\n", encoding="utf-8")
    result = courtscreen("import", path, "--no-header", "--year", "2026",
                         "--court", "Harlan County Family Court",
                         "--map", "case_number=1,hearing_date=2+3,hearing_time=D+E,petitioner=6,respondent=G")

    assert result.exit_code == 0, result.output
    assert "2 rows read: 2 cases added" in result.stdout
    assert "the file has no header row; columns were mapped by position" in result.stdout
    assert "read as utf-8 text, tab-separated" in result.stdout
    eng = read_db()
    dr = db.case_by_number(eng, "2026-DR-7")
    assert (dr["court"], dr["case_type"]) == ("Harlan County Family Court", "divorce")
    assert (dr["hearing_date"], dr["hearing_time"]) == (date(2026, 7, 12), time(9, 0))
    pfa = db.case_by_number(eng, "2026-PFA-8")
    assert (pfa["hearing_date"], pfa["hearing_time"]) == (date(2026, 7, 13), time(15, 0))
    assert db.parties_of(eng, pfa["id"]) == [("petitioner", "Odette Marlowe"),
                                             ("respondent", "Silas Marlowe")]


def test_bad_map_spec_is_a_usage_error(courtscreen, tmp_path):
    result = courtscreen("import", docket_csv(tmp_path / "d.csv"), "--map", "casenumber=A")
    assert result.exit_code == 2
    assert "unknown field 'casenumber'" in result.output


def test_save_profile_then_reuse_it(courtscreen, read_db, data_dir, tmp_path):
    first = tmp_path / "monday.tsv"
    first.write_text("2026-DR-7\t12\tjul\tQuill, Anna\tQuill, Robert\n", encoding="utf-8")
    result = courtscreen("import", first, "--no-header", "--year", "2026",
                         "--map", "case_number=1,hearing_date=2+3,petitioner=4,respondent=5",
                         "--save-profile", "harlan-calendar")
    assert result.exit_code == 0, result.output
    saved = data_dir / "profiles" / "harlan-calendar.toml"
    assert (f"Mapping saved as profile 'harlan-calendar' ({saved}); reuse it with --profile "
            "harlan-calendar") in result.stdout
    assert saved.is_file()

    second = tmp_path / "tuesday.tsv"
    second.write_text("2026-CU-9\t14\tjul\tPryce, Wren\tPryce, Otis\n", encoding="utf-8")
    result = courtscreen("import", second, "--profile", "harlan-calendar", "--year", "2026")
    assert result.exit_code == 0, result.output
    assert "1 rows read: 1 cases added" in result.stdout
    case = db.case_by_number(read_db(), "2026-CU-9")
    assert case["hearing_date"] == date(2026, 7, 14)
    assert db.parties_of(read_db(), case["id"]) == [("petitioner", "Wren Pryce"),
                                                    ("respondent", "Otis Pryce")]


def test_unknown_profile_is_a_usage_error(courtscreen, tmp_path):
    result = courtscreen("import", docket_csv(tmp_path / "d.csv"), "--profile", "no-such-profile")
    assert result.exit_code == 2
    assert "no mapping profile 'no-such-profile'; known profiles: vermont-calendar" in result.output


def test_court_config_rules_change_the_case_type(courtscreen, config_path, read_db, tmp_path):
    config_path.write_text('[[case_types.text]]\ncase_type = "protection_order"\n'
                           'phrases = ["stalking"]\n', encoding="utf-8")
    rows = [["2026-X-1", "Harlan County Family Court", "", "Stalking", "2026-12-01", "", "", "Quill, Anna",
             "Quill, Robert"]]
    assert courtscreen("import", docket_csv(tmp_path / "d.csv", rows)).exit_code == 0
    assert db.case_by_number(read_db(), "2026-X-1")["case_type"] == "protection_order"


def test_bad_config_rule_is_a_usage_error_naming_the_rule(courtscreen, config_path, read_db, tmp_path):
    config_path.write_text('[[case_types.text]]\ncase_type = "stalkingish"\nphrases = ["x"]\n',
                           encoding="utf-8")
    result = courtscreen("import", docket_csv(tmp_path / "d.csv"))
    assert result.exit_code == 2
    assert "config case-type rule text[0]" in result.output
    assert case_count(read_db) == 0


def test_invalid_config_toml_is_a_usage_error(courtscreen, config_path):
    config_path.write_text("database_url = \n", encoding="utf-8")
    result = courtscreen("cases")
    assert result.exit_code == 2
    assert f"Error: {config_path}: not valid TOML" in result.output


@pytest.mark.parametrize("name", ["sample_docket.csv", "sample_docket.xlsx"])
def test_bundled_sample_docket(courtscreen, read_db, tmp_path, name):
    """The sample ends with 3 bad rows (fixtures/README.md).

    Row 302 has no case number, row 303 the date 02/30/2026 and row 304 'next week'.
    """
    source = FIXTURES / name
    if not source.exists():
        pytest.skip(f"{source} has not been generated")
    path = shutil.copy(source, tmp_path / name)
    result = courtscreen("import", path)

    assert result.exit_code == 3, result.output
    out = result.stdout
    assert "Rows not imported (3):" in out
    assert "  row 302, column A 'Case No.': no case number" in out
    assert "  row 303, column F 'Hearing Date': Hearing date: '02/30/2026' is not a real date" in out
    assert "  row 304, column F 'Hearing Date': Hearing date: 'next week' is not a date" in out
    if name.endswith(".xlsx"):
        assert "used sheet 'Docket'" in out
    eng = read_db()
    assert db.count(eng, "court_case") >= 290
    types = {c["case_type"] for c in db.select(eng, "court_case")}
    assert {"divorce", "custody", "protection_order", "domestic_violence"} <= types


def test_no_link_imports_without_linking_and_says_how_to_link_later(courtscreen, read_db, tmp_path):
    result = courtscreen("import", "--no-link", docket_csv(tmp_path / "docket.csv"))

    assert result.exit_code == 0, result.output
    assert ("  - people were not linked across cases (--no-link): run `courtscreen people link` "
            "after the last file") in result.stdout.splitlines()
    eng = read_db()
    assert db.count(eng, "court_case") == 5 and db.count(eng, "party_link") == 0
    # Each party is its own row: the repeat flag follows the linker's links, so it waits for them
    def flagged():
        return {r["case_number"] for r in db.select(eng, "court_case") if r["repeat_party"]}

    assert flagged() == set()

    linked = courtscreen("people", "link")
    assert linked.exit_code == 0, linked.output
    assert "cases share a person with another case" in linked.stdout
    assert flagged() == {"2026-DR-000101", "2026-PFA-00102", "26-CADV-0103"}


def test_a_finished_import_process_leaves_no_write_ahead_log(tmp_path):
    """The command closes its database itself (the process skips its last garbage collections),
    so SQLite folds the write-ahead log into the file: no -wal file is left behind."""
    import os
    import subprocess
    import sys

    path = tmp_path / "cli.sqlite"
    docket = docket_csv(tmp_path / "docket.csv")
    env = dict(os.environ, COURTSCREEN_DATA_DIR=str(tmp_path / "data"), COURTSCREEN_USER="clerk")
    done = subprocess.run([sys.executable, "-m", "courtscreen", "--db", f"sqlite:///{path}", "import",
                           str(docket)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "5 cases added" in done.stdout
    assert path.exists()
    assert not path.with_name("cli.sqlite-wal").exists()


def test_a_dimension_bomb_is_refused_with_exit_4_and_the_flag_to_raise_the_limit(courtscreen,
                                                                                  tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "Case No."
    wb.active["XFD1048576"] = "x"
    wb.save(path := tmp_path / "bomb.xlsx")
    result = courtscreen("import", path, "--preview")
    assert result.exit_code == 4, result.output
    assert "a cell in column 16,384 is past the limit of 1,000 columns" in result.output
    assert "raise the limit with --max-columns N" in result.output


def test_no_message_from_the_importing_package_names_a_command_line_flag():
    """The core words problems without flags; the CLI and the app each say what to do."""
    package = Path(__file__).resolve().parents[2] / "courtscreen" / "importing"
    offenders = [f"{p.name}:{n}" for p in package.glob("*.py")
                 for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
                 if re.search(r"--[a-z]", line)]
    assert offenders == []
