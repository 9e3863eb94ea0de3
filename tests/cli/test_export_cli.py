"""`courtscreen export`: what a clerk types, what lands on disk, and the errors they see."""

from __future__ import annotations

import openpyxl
import pytest
from helpers.dockets import docket_csv

from courtscreen.exporting import redaction

NUMBERS = ["2026-DR-000101", "2026-PFA-00102", "26-CADV-0103", "2026-CU-00104", "2026-CV-00105"]


@pytest.fixture
def imported(courtscreen, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    out = tmp_path / "out"
    out.mkdir()
    return out


def _numbers(path):
    ws = openpyxl.load_workbook(path)["Docket"]
    return [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]


def test_exports_the_whole_docket(courtscreen, imported):
    result = courtscreen("export", imported / "screened.xlsx", "--sort", "hearing")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"Exported 5 cases to {imported / 'screened.xlsx'}"
    assert "Confidential details left out" in result.stdout
    assert "Use --include-confidential to include them." in result.stdout  # the CLI words its flag
    assert _numbers(imported / "screened.xlsx") == NUMBERS
    assert openpyxl.load_workbook(imported / "screened.xlsx").sheetnames == ["Docket", "Summary", "Charges"]


def test_filters_as_in_cases(courtscreen, imported):
    result = courtscreen("export", imported / "f.xlsx", "--type", "divorce", "--type", "po")
    assert result.exit_code == 0, result.output
    assert sorted(_numbers(imported / "f.xlsx")) == ["2026-DR-000101", "2026-PFA-00102"]
    assert courtscreen("export", imported / "s.xlsx", "--search", "marlowe").exit_code == 0
    assert _numbers(imported / "s.xlsx") == ["2026-CU-00104"]
    assert courtscreen("export", imported / "n.xlsx", "--screening", "indicated").exit_code == 0
    assert _numbers(imported / "n.xlsx") == []
    assert courtscreen("export", imported / "d.xlsx", "--from", "2026-12-03", "--to", "2026-12-04",
                       "--sort", "hearing").exit_code == 0
    assert _numbers(imported / "d.xlsx") == ["26-CADV-0103", "2026-CU-00104"]


def test_csv_opens_in_excel(courtscreen, imported):
    result = courtscreen("export", imported / "d.csv")
    assert result.exit_code == 0, result.output
    raw = (imported / "d.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfCase No.,")
    assert raw.count(b"\r\n") == 6


def test_refuses_to_replace_without_force(courtscreen, imported):
    target = imported / "x.xlsx"
    target.write_bytes(b"someone's work")
    result = courtscreen("export", target)
    assert result.exit_code == 6
    assert "already exists" in result.output and "--force" in result.output
    assert target.read_bytes() == b"someone's work"
    result = courtscreen("export", target, "--force")
    assert result.exit_code == 0, result.output
    assert len(_numbers(target)) == 5


@pytest.mark.parametrize("name, message", [
    ("missing/x.xlsx", "the folder"),
    ("x.txt", "must end in .xlsx (Excel) or .csv"),
])
def test_bad_targets_are_named(courtscreen, imported, name, message):
    result = courtscreen("export", imported / name)
    assert result.exit_code == 6 and message in result.output
    assert "Traceback" not in result.output


def test_a_file_open_in_excel_is_reported(courtscreen, imported):
    (imported / "open.xlsx").write_bytes(b"x")
    (imported / "~$open.xlsx").write_bytes(b"lock")
    result = courtscreen("export", imported / "open.xlsx", "--force")
    assert result.exit_code == 6 and "open in Excel" in result.output
    assert (imported / "open.xlsx").read_bytes() == b"x"


def test_bad_filters_are_usage_errors(courtscreen, imported):
    result = courtscreen("export", imported / "x.xlsx", "--type", "nonsense")
    assert result.exit_code == 2 and "unknown case type 'nonsense'" in result.output
    result = courtscreen("export", imported / "x.xlsx", "--screening", "maybe")
    assert result.exit_code == 2 and "not_screened, in_progress" in result.output
    assert not (imported / "x.xlsx").exists()


def test_including_confidential_details_is_audited_and_can_be_refused(courtscreen, imported, monkeypatch):
    result = courtscreen("export", imported / "c.xlsx", "--include-confidential")
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(imported / "c.xlsx")["Docket"]
    header = [c.value for c in ws[1]]
    assert header[-2:] == ["Screening notes (confidential)", "Protected details (confidential)"]
    monkeypatch.setattr(redaction, "may_include_confidential", lambda user, access=None: False)
    result = courtscreen("export", imported / "d.xlsx", "--include-confidential")
    assert result.exit_code == 7 and "Test Clerk may not export confidential details" in result.output
    assert not (imported / "d.xlsx").exists()
    assert courtscreen("export", imported / "d.xlsx").exit_code == 0  # without them: allowed


def test_roles_decide_who_may_include_confidential_details(courtscreen, imported):
    assert courtscreen("--user", "Ada", "users", "add", "Ada", "--role", "administrator").exit_code == 0
    assert courtscreen("--user", "Ada", "users", "add", "Cleo", "--role", "clerk").exit_code == 0
    result = courtscreen("--user", "Cleo", "export", imported / "c.xlsx", "--include-confidential")
    assert result.exit_code == 7, result.output
    assert "Cleo (clerk) may not export confidential details" in result.output
    assert not (imported / "c.xlsx").exists()
    assert courtscreen("--user", "Cleo", "export", imported / "c.xlsx").exit_code == 0
    result = courtscreen("--user", "Ada", "export", imported / "a.xlsx", "--include-confidential")
    assert result.exit_code == 0, result.output
    result = courtscreen("--user", "Nobody", "export", imported / "n.xlsx")
    assert result.exit_code == 7 and not (imported / "n.xlsx").exists()
