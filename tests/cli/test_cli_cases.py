"""`courtscreen cases`: listing and filtering what was imported."""

from __future__ import annotations

import csv
import re

from helpers.dockets import docket_csv

TYPE_CHOICES = ("custody, divorce, protection_order, domestic_violence, child_welfare, extreme_risk, "
                "other_criminal, civil, other")


def listed_numbers(output: str) -> list[str]:
    """Case numbers in listing order (the court column, shown when there are several
    courts, ends in 'Court')."""
    return re.findall(r"^\d{4}-\d\d-\d\d(?: \d\d:\d\d)?\s+\w+\s+(?:.*? Court\s+)?(\S+)",
                      output, re.M)


def test_empty_database_says_how_to_import(courtscreen):
    result = courtscreen("cases")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "No cases yet. Import a docket: courtscreen import FILE"


def test_lists_cases_nearest_hearing_first(courtscreen, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    result = courtscreen("cases", "--sort", "hearing")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # Two courts in the database: the court is shown, and each case's triage tier.
    assert lines[0] == ("2026-12-01 09:00  DIV   Harlan County Family Court   2026-DR-000101     —"
                        "         linked case       Anna Quill v. Robert J. Quill")
    assert lines[2] == ("2026-12-03 14:00  DV    Bexley County Superior Court 26-CADV-0103       —"
                        "         linked case       State of Franklin v. Robert J. Quill")
    assert listed_numbers(result.stdout) == ["2026-DR-000101", "2026-PFA-00102", "26-CADV-0103",
                                             "2026-CU-00104", "2026-CV-00105"]
    assert lines[-1] == "5 of 5 cases"


def test_type_filter_lists_only_that_type(courtscreen, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    result = courtscreen("cases", "--type", "divorce")
    assert result.exit_code == 0, result.output
    assert listed_numbers(result.stdout) == ["2026-DR-000101"]
    assert result.stdout.splitlines()[-1] == "1 of 1 cases"
    assert listed_numbers(courtscreen("cases", "--type", "po").stdout) == ["2026-PFA-00102"]
    assert listed_numbers(courtscreen("cases", "--type", "Domestic Violence").stdout) == ["26-CADV-0103"]


def test_filter_with_no_match(courtscreen, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    result = courtscreen("cases", "--type", "other")
    assert result.exit_code == 0
    assert result.stdout.strip() == "No cases match."


def test_unknown_type_is_a_usage_error_listing_the_types(courtscreen):
    result = courtscreen("cases", "--type", "nonsense")
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: --type: unknown case type 'nonsense'; use one of: {TYPE_CHOICES}"


def test_search_by_party_name_and_case_number(courtscreen, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    by_party = courtscreen("cases", "--search", "robert j. QUILL", "--sort", "hearing")
    assert listed_numbers(by_party.stdout) == ["2026-DR-000101", "2026-PFA-00102", "26-CADV-0103"]
    by_number = courtscreen("cases", "--search", "cu-001")
    assert listed_numbers(by_number.stdout) == ["2026-CU-00104"]


def test_limit(courtscreen, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    result = courtscreen("cases", "--limit", "2", "--sort", "hearing")
    assert len(listed_numbers(result.stdout)) == 2
    assert result.stdout.splitlines()[-1] == "2 of 5 cases (use --limit 0 for all)"


def test_csv_output(courtscreen, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    result = courtscreen("cases", "--csv", "--type", "dv")
    assert result.exit_code == 0
    (row,) = list(csv.DictReader(result.stdout.splitlines()))
    assert row == {"court": "Bexley County Superior Court", "case_number": "26-CADV-0103",
                   "case_type": "domestic_violence", "hearing_date": "2026-12-03", "hearing_time": "14:00:00",
                   "judge": "Hon. Roland Easterbrook", "petitioner": "State of Franklin",
                   "respondent": "Robert J. Quill", "screening": "not_screened",
                   "priority": "linked case",
                   "why_here": "raised by a linked case; case type: Domestic violence; then nearest "
                               "hearing first",
                   "charges": "Domestic assault"}


# --------------------------------------------------------------------------- issue 20: one search


def _export_numbers(courtscreen, tmp_path, *options) -> list[str]:
    out = tmp_path / f"e{len(list(tmp_path.iterdir()))}.csv"
    result = courtscreen("export", str(out), *options)
    assert result.exit_code == 0, result.output
    return [r["Case No."] for r in csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())]


def _cases_numbers(courtscreen, *options) -> list[str]:
    result = courtscreen("cases", "--csv", "--limit", "0", *options)
    assert result.exit_code == 0, result.output
    return [r["case_number"] for r in csv.DictReader(result.stdout.splitlines())]


def test_cases_and_export_give_the_same_cases_for_the_same_filter(courtscreen, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    for options in ([], ["--search", "%"], ["--search", "_"], ["--search", "quill"],
                    ["--flag", "linked"], ["--court", "harlan county family court"],
                    ["--type", "dv", "--sort", "hearing"], ["--sort", "case"]):
        assert _cases_numbers(courtscreen, *options) == _export_numbers(courtscreen, tmp_path,
                                                                        *options), options
    assert _cases_numbers(courtscreen, "--search", "%") == []  # % is a plain character


def test_sort_flag_and_court_options(courtscreen, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "d.csv")).exit_code == 0
    assert _cases_numbers(courtscreen, "--sort", "case") == sorted(_cases_numbers(courtscreen))
    # priority (the default): linked cases (a party is in a protection-order case) first
    assert _cases_numbers(courtscreen)[:2] == ["2026-DR-000101", "26-CADV-0103"]
    assert _cases_numbers(courtscreen, "--flag", "type") == ["2026-PFA-00102", "2026-CU-00104"]
    assert _cases_numbers(courtscreen, "--court", "Bexley County Superior Court") == [
        "26-CADV-0103", "2026-CV-00105"]
    bad = courtscreen("cases", "--flag", "loud")
    assert bad.exit_code == 2 and "--flag: unknown flag tier 'loud'" in bad.output


def test_search_finds_charge_text(courtscreen, tmp_path):
    rows = [["24-CR-0001", "Alder Court", "Criminal", "STALKING", "2026-12-01", "", "", "State",
             "Fenwick, Ada"],
            ["24-CR-0001", "Alder Court", "Criminal", "CRIMINAL MISCHIEF", "2026-12-01", "", "",
             "State", "Fenwick, Ada"]]
    from helpers.dockets import HEADER

    assert courtscreen("import", docket_csv(tmp_path / "c.csv", rows, HEADER)).exit_code == 0
    result = courtscreen("cases", "--csv", "--search", "stalking")
    (row,) = list(csv.DictReader(result.stdout.splitlines()))
    assert row["case_number"] == "24-CR-0001" and row["priority"] == "stalking-specific"
    assert row["charges"] == "STALKING; CRIMINAL MISCHIEF"  # both rows of the case kept
