"""Real-world and hostile docket files, made by the tests: imported right, or refused plainly.

Each test builds the file the issue describes (issue 16) and checks what the import
would do with it (service.prepare: read, map, check, convert; no database).
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.report import problem_code
from courtscreen.importing.service import ImportFailed, ImportOptions, prepare
from courtscreen.importing.workbook_guard import ReadLimits

FAMILY = "Harlan County Family Court"


def run(path: Path, **options):
    return prepare(path, ImportOptions(**options), CaseTypeRules.load())


def by_number(report):
    return {r.case_number: r for r in report.records}


def codes(report):
    return [(p.row, problem_code(p)) for p in report.problems]


# ----------------------------------------------------------------- the mapping is judged by content


def test_a_workbook_of_summary_sheets_is_refused_naming_the_sheets_tried(tmp_path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for k in range(10):
        ws = wb.create_sheet(f"Summary {k + 1}")
        ws.append(["Judge", "Cases", "Hearings"])
        for j in range(12):
            ws.append([f"Hon. Judge {j}", j + 3, j * 2 + 1])
        ws.append(["Total", 100, 200])
    wb.save(path := tmp_path / "summary.xlsx")
    with pytest.raises(ImportFailed) as err:
        run(path)
    message = str(err.value)
    assert err.value.code == "no_case_numbers"
    assert "none of its 10 sheets holds a column of case numbers" in message
    assert "'Summary 1', 'Summary 2'" in message and "'Summary 10'" in message
    assert "shaped like docket numbers" in message and "not counts" in message


def test_a_single_sheet_whose_cases_column_holds_counts_is_refused(tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text("Judge,Cases\n" + "".join(f"Hon. Judge {j},{j + 3}\n" for j in range(12)))
    with pytest.raises(ImportFailed) as err:
        run(path)
    assert err.value.code == "no_case_numbers"
    assert "found the column B 'Cases' (0% of its 12 sampled cells" in str(err.value)


def test_the_docket_sheet_is_chosen_over_a_summary_sheet(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Totals"
    ws.append(["Case type", "Cases"])
    ws.append(["Divorce", 12])
    docket = wb.create_sheet("Calendar")
    docket.append(["Case No.", "Petitioner"])
    docket.append(["2026-DR-000101", "Odette Marlowe"])
    wb.save(path := tmp_path / "book.xlsx")
    report = run(path)
    assert report.sheet.name == "Calendar"
    assert list(by_number(report)) == ["2026-DR-000101"]


def test_a_merged_footer_and_a_total_row_are_skipped_and_listed(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Case No.", "Hearing", "Petitioner", "Respondent"])
    ws.append(["2026-DR-000101", datetime(2026, 12, 14, 9, 0), "Odette Marlowe", "Felix Marlowe"])
    ws.append(["2026-PFA-00007", datetime(2026, 12, 14, 13, 30), "Ines Quill", "Robert Quill"])
    ws.append(["Subtotal: 2 cases"])
    ws.merge_cells("A4:D4")
    ws.append(["Total", None, "2 cases", None])
    wb.save(path := tmp_path / "footer.xlsx")
    report = run(path)
    assert sorted(by_number(report)) == ["2026-DR-000101", "2026-PFA-00007"]
    assert codes(report) == [(4, "summary_row"), (5, "summary_row")]
    assert "Subtotal: 2 cases" in report.problems[0].message
    assert report.blank_rows == 0  # skipped rows are listed, not counted as blank


def test_excel_date_times_in_a_hearing_column_keep_their_time(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Case No.", "Hearing"])
    ws.append(["2026-DR-000101", datetime(2026, 12, 14, 9, 0)])
    ws.append(["2026-DR-000102", datetime(2026, 12, 15)])  # midnight: a date with no time
    wb.save(path := tmp_path / "times.xlsx")
    cases = by_number(run(path))
    assert (cases["2026-DR-000101"].hearing_date, cases["2026-DR-000101"].hearing_time) == (
        date(2026, 12, 14), time(9, 0))
    assert (cases["2026-DR-000102"].hearing_date, cases["2026-DR-000102"].hearing_time) == (
        date(2026, 12, 15), None)


# ------------------------------------------------------------------------------ no silent shifts

DAILY = [
    "",
    "9:00 AM\tCourtroom 2A\tFCD-2026-DR-00411\tMARLOWE VS MARLOWE\tHon. Miriam Okafor",
    "9:15 AM\tCourtroom 2A\tFCD-2026-DR-00412\tQUILL VS QUILL\tHon. Miriam Okafor",
    "9:30 AM\tCourtroom 2A\tFCD-2026-CU-00413\tPRYCE\tVS HOLLAND\tHon. Miriam Okafor",
    "9:45 AM\tCourtroom 2B\tFCD-2026-PF-00414\tVANCE v. VANCE\tHon. Desmond Hale",
    "10:00 AM\tCourtroom 2B\tFCD-2026-DR-00415\tBRANDT\tVS THOMAS\tHon. Desmond Hale",
    "10:15 AM\tCourtroom 2B\tFCD-2026-DR-00416\tOKONJO V. OKONJO\tHon. Desmond Hale",
]


def test_a_headerless_daily_docket_is_mapped_from_its_content(tmp_path):
    (path := tmp_path / "daily.tsv").write_text("\n".join(DAILY) + "\n")
    report = run(path)
    m = report.mapping
    assert m.header_row is None
    assert {k: v for k, v in m.fields.items()} == {
        "case_number": [2], "case_title": [3], "hearing_time": [0], "courtroom": [1], "judge": [4]}
    assert m.confidence["case_number"] == 1.0
    cases = by_number(report)
    assert len(cases) == 6
    assert cases["FCD-2026-DR-00411"].courtroom == "Courtroom 2A"
    assert cases["FCD-2026-DR-00411"].hearing_time == time(9, 0)


def test_two_rows_with_an_extra_tab_are_repaired_and_reported(tmp_path):
    (path := tmp_path / "daily.tsv").write_text("\n".join(DAILY) + "\n")
    report = run(path)
    cases = by_number(report)
    pryce = cases["FCD-2026-CU-00413"]
    assert pryce.case_title == "PRYCE VS HOLLAND"
    assert pryce.judge == "Hon. Miriam Okafor" and pryce.courtroom == "Courtroom 2A"
    assert [p.name.full for p in pryce.parties] == ["Pryce", "Holland"]
    assert cases["FCD-2026-DR-00415"].case_title == "BRANDT VS THOMAS"
    assert not any(r.case_number.startswith("VS ") for r in report.records)
    repaired = [p for p in report.problems if p.code == "extra_cell_repaired"]
    assert [(p.row, p.severity) for p in repaired] == [(4, "warning"), (6, "warning")]
    assert "a tab inside 'PRYCE VS HOLLAND' split it" in repaired[0].message
    assert report.row_values[4][3:5] == ["PRYCE", "VS HOLLAND"]  # as read, for the problems file


def test_a_row_with_cells_that_cannot_be_explained_is_a_problem_row(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("Case No.,Petitioner,Respondent\n2026-DR-000101,Ada Lune,Bo Kay\n"
                    "2026-DR-000102,Cy Dee,Di Eve,extra,more\n")
    report = run(path)
    assert list(by_number(report)) == ["2026-DR-000101"]
    assert codes(report) == [(3, "wrong_width")]
    assert report.rejected[0].severity == "rejected"
    assert report.row_values[3] == ["2026-DR-000102", "Cy Dee", "Di Eve", "extra", "more"]


def test_split_time_and_am_pm_are_joined_without_a_profile(tmp_path):
    path = tmp_path / "cal.csv"
    path.write_text("docket,day,month,time,am_pm,hearing_type\n"
                    "92-6-20,12,jul,3:00,pm,contested divorce\n"
                    "51-3-19,13,jul,9:00,am,relief from abuse\n")
    report = run(path, year=2026)
    assert report.mapping.fields["hearing_time"] == [3, 4]
    assert report.mapping.fields["hearing_date"] == [1, 2]
    cases = by_number(report)
    assert (cases["92-6-20"].hearing_date, cases["92-6-20"].hearing_time) == (
        date(2026, 7, 12), time(15, 0))
    assert cases["51-3-19"].hearing_time == time(9, 0)


# ----------------------------------------------------------------------------- case numbers, dates


def test_look_alike_case_numbers_key_as_one_case(tmp_path):
    path = tmp_path / "look.csv"
    path.write_text("Case No.,Petitioner\n"
                    "2026-DR-000123,Ada Lune\n"
                    "2026\u2011DR\u2011000123,Ada Lune\n"  # non-breaking hyphens
                    "\uff12\uff10\uff12\uff16-DR-000124,Bo Kay\n"  # full-width digits
                    "2026-DR-000124\u200b,Bo Kay\n"  # zero-width space
                    "2026\u00a0CV\u00a000125,Cy Dee\n"  # non-breaking spaces
                    "2026-\u0420FA-00009,Di Eve\n"  # Cyrillic Р
                    "2026-PFA-00009,Di Eve\n", encoding="utf-8")
    report = run(path)
    assert sorted(by_number(report)) == ["2026 CV 00125", "2026-DR-000123", "2026-DR-000124",
                                         "2026-PFA-00009"]
    (look,) = [p for p in report.problems if p.code == "lookalike_case_number"]
    assert look.row == 7 and look.severity == "warning"
    assert "'2026-\u0420FA-00009' has Cyrillic letters that look like Latin ones" in look.message
    assert report.row_values[7][0] == "2026-\u0420FA-00009"  # the value as read


def test_implausible_dates_are_warnings_naming_the_row(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("Case No.,Hearing Date\n2026-DR-000001,0001-01-01\n2026-DR-000002,9999-12-31\n"
                    "2026-DR-000003,2026-12-01\n")
    report = run(path)
    assert len(report.records) == 3
    assert codes(report) == [(2, "implausible_date"), (3, "implausible_date")]
    assert "0001-01-01 is implausible" in report.problems[0].message


# ------------------------------------------------------------------------------- hostile files


def _dimension_bomb(path: Path, declared: str) -> Path:
    """A few KB: a header cell and one cell at XFD1048576, with the dimension it declares."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Case No."
    wb.active["A2"] = "2026-DR-000101"
    wb.active["XFD1048576"] = "x"
    wb.save(tmp := path.with_suffix(".tmp.xlsx"))
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<dimension ref="A1:XFD1048576"/>', declared.encode())
            out.writestr(info, data)
    return path


@pytest.mark.parametrize("declared", ['<dimension ref="A1:XFD1048576"/>',
                                      '<dimension ref="A1:A2"/>', ""],
                         ids=["declared", "lying", "absent"])
def test_a_dimension_bomb_is_refused_before_it_is_read(tmp_path, declared):
    path = _dimension_bomb(tmp_path / "bomb.xlsx", declared)
    assert path.stat().st_size < 10_000
    with pytest.raises(ImportFailed) as err:
        run(path)
    assert (err.value.code, err.value.limit) == ("over_limit", "columns")
    assert "a cell in column 16,384 is past the limit of 1,000 columns" in str(err.value)
    assert "--" not in str(err.value)


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Case No."])
    wb.active.append(["2026-DR-000101"])
    wb.save(src := tmp_path / "src.xlsx")
    path = tmp_path / "zipbomb.xlsx"
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in a.infolist():
            out.writestr(info, a.read(info.filename))
        out.writestr("xl/padding.bin", b"\0" * (30 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    with pytest.raises(ImportFailed) as err:
        run(path, limits=ReadLimits(max_unpacked=20 * 1024 * 1024))
    assert (err.value.code, err.value.limit) == ("over_limit", "unpacked")
    assert "unpacks to 30 MB, over the limit of 20 MB" in str(err.value)


def test_a_sheet_over_the_cell_limit_is_refused_and_raising_the_limit_reads_it(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Case No.", "Petitioner"])
    for i in range(300):
        wb.active.append([f"2026-DR-{i:06d}", "Ada Lune"])
    wb.save(path := tmp_path / "d.xlsx")
    with pytest.raises(ImportFailed) as err:
        run(path, limits=ReadLimits(max_cells=500))
    assert err.value.limit == "cells" and "over the limit of 500 cells" in str(err.value)
    assert len(run(path, limits=ReadLimits(max_cells=1000)).records) == 300


def test_a_very_wide_text_file_is_refused_at_once(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(",".join(f"c{j}" for j in range(10_000)) for _ in range(20)))
    with pytest.raises(ImportFailed) as err:
        run(path)
    assert err.value.limit == "columns"
    assert "line 1 has 10,000 cells, over the limit of 1,000 columns" in str(err.value)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_unicode_text_reads(tmp_path, codec):
    path = tmp_path / "unicode.txt"
    text = "Case No.\tPetitioner\tHearing Date\r\n2026-DR-000101\tZoë Ångström\t2026-12-01\r\n"
    path.write_bytes(text.encode(codec))
    report = run(path)
    (rec,) = report.records
    assert rec.parties[0].name.full == "Zoë Ångström" and rec.hearing_date == date(2026, 12, 1)
    assert report.notes[0].startswith("read as UTF-16")


def test_nul_bytes_past_the_first_64_kb_are_removed_and_reported_by_row(tmp_path):
    lines = ["Case No.,Petitioner"] + [f"2026-DR-{i:06d},Person {i}" for i in range(5000)]
    lines[4000] = "2026-DR-00\x008888,Nul Person"
    (path := tmp_path / "nul.csv").write_text("\n".join(lines) + "\n")
    assert path.stat().st_size > 65536
    report = run(path)
    assert "2026-DR-008888" in by_number(report)
    assert not any("\x00" in r.case_number for r in report.records)
    assert codes(report) == [(4001, "nul_bytes")]


def test_mixed_utf8_and_cp1252_lines_are_each_decoded_and_reported(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("Case No.,Petitioner\n2026-DR-000001,Zoë Brontë\n".encode()
                     + "2026-DR-000002,Renée Faÿ\n".encode("cp1252"))
    report = run(path)
    names = {r.case_number: r.parties[0].name.full for r in report.records}
    assert names == {"2026-DR-000001": "Zoë Brontë", "2026-DR-000002": "Renée Faÿ"}
    assert codes(report) == [(3, "mixed_encoding")]
    assert "mixed UTF-8 and cp1252" in report.notes[0]


def test_binary_data_is_still_refused(tmp_path):
    (path := tmp_path / "x.csv").write_bytes(bytes(range(256)) * 64)
    with pytest.raises(ImportFailed, match="contains binary data"):
        run(path)


def test_a_header_of_unknown_names_is_found_above_the_case_numbers(tmp_path):
    path = tmp_path / "cal.csv"
    path.write_text("Ref,Who,When\n2026-DR-000901,Marlowe v. Marlowe,2026-12-14\n"
                    "2026-PFA-00902,Quill v. Quill,2026-12-15\n")
    report = run(path)
    assert report.mapping.header_row == 1
    assert report.mapping.headers == ["Ref", "Who", "When"]
    assert report.mapping.fields == {"case_number": [0], "case_title": [1], "hearing_date": [2]}
    assert report.mapping.confidence["case_number"] == 1.0
    assert sorted(by_number(report)) == ["2026-DR-000901", "2026-PFA-00902"]  # "Ref" is no case


def test_a_row_whose_last_cells_are_empty_is_not_a_wrong_width(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("Case No.,Court,Petitioner,Respondent\n2026-CU-000007,Harlan,\"Doe, Kit\",\n"
                    "2026-CU-000008,Harlan\n")  # all delimiters there / trailing cells left out
    report = run(path)
    assert sorted(by_number(report)) == ["2026-CU-000007", "2026-CU-000008"]
    assert report.problems == []
