""".xls and .ods checked before they are read, and NUL bytes in workbook cells (issue 16).

The files are made by the tests (tests/helpers/old_workbooks.py, openpyxl): a 5 KB .xls
with one cell at the last row and column made python-calamine take 1.2 GB; an .ods row
repeated a hundred thousand times makes as many rows.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers.old_workbooks import ods, ods_cell, ods_row, xls

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportFailed, ImportOptions, prepare
from courtscreen.importing.workbook_guard import ReadLimits

ROWS = [["Case No.", "Petitioner", "Respondent"],
        ["2026-DR-000101", "Lune, Ada", "Lune, Bo"],
        ["2026-CU-000102", "Kay, Cy", "Kay, Di"]]


def run(path: Path, **options):
    return prepare(path, ImportOptions(**options), CaseTypeRules.load())


def cases(report) -> list[tuple[str, str]]:
    return [(r.case_number, r.parties[0].name.full) for r in report.records]


def test_an_xls_docket_reads(tmp_path):
    report = run(xls(tmp_path / "docket.xls", ROWS))
    assert cases(report) == [("2026-DR-000101", "Ada Lune"), ("2026-CU-000102", "Cy Kay")]


def test_an_xls_with_one_cell_at_the_last_row_and_column_is_refused_before_it_is_read(tmp_path):
    path = xls(tmp_path / "bomb.xls", ROWS, far=(65535, 255))
    assert path.stat().st_size < 10_000
    with pytest.raises(ImportFailed) as err:
        run(path)
    assert (err.value.code, err.value.limit) == ("over_limit", "cells")
    assert ("bomb.xls [Docket]: the sheet's cells reach row 65,536 and column 256, 16,777,216 "
            "cells, over the limit of 6,000,000 cells") in str(err.value)


def test_an_xls_past_the_column_limit_is_refused_naming_that_limit(tmp_path):
    with pytest.raises(ImportFailed) as err:
        run(xls(tmp_path / "wide.xls", ROWS, far=(3, 200)), limits=ReadLimits(max_columns=50))
    assert (err.value.code, err.value.limit) == ("over_limit", "columns")
    assert "a cell in column 201 is past the limit of 50 columns" in str(err.value)


def test_an_xls_whose_declared_extent_lies_is_judged_by_its_cells(tmp_path):
    report = run(xls(tmp_path / "liar.xls", ROWS, declared=(65536, 256)))
    assert [c for c, _ in cases(report)] == ["2026-DR-000101", "2026-CU-000102"]


def _ods_rows(rows: list[list[str]]) -> str:
    return "".join(ods_row("".join(ods_cell(v) for v in row)) for row in rows)


def test_an_ods_docket_with_the_empty_area_libreoffice_writes_after_it_reads(tmp_path):
    body = _ods_rows(ROWS) + ods_row(ods_cell("", 1024), 1_048_573)
    report = run(ods(tmp_path / "docket.ods", body))
    assert cases(report) == [("2026-DR-000101", "Ada Lune"), ("2026-CU-000102", "Cy Kay")]


def test_an_ods_row_repeated_past_the_cell_limit_is_refused(tmp_path):
    body = _ods_rows(ROWS) + ods_row(ods_cell("2026-DR-9") + ods_cell("x", 99), 100_000)
    path = ods(tmp_path / "repeated.ods", body)
    assert path.stat().st_size < 10_000
    with pytest.raises(ImportFailed) as err:
        run(path)
    assert (err.value.code, err.value.limit) == ("over_limit", "cells")
    assert ("repeated.ods [Docket]: the sheet's cells reach row 100,003 and column 100, "
            "10,000,300 cells, over the limit of 6,000,000 cells") in str(err.value)


def test_an_ods_past_the_column_limit_is_refused(tmp_path):
    body = _ods_rows(ROWS) + ods_row(ods_cell("2026-DR-9") + ods_cell("", 3000) + ods_cell("x"))
    with pytest.raises(ImportFailed) as err:
        run(ods(tmp_path / "wide.ods", body))
    assert "a cell in column 3,002 is past the limit of 1,000 columns" in str(err.value)


def _xlsx_with_nul_bytes(path: Path) -> Path:
    """openpyxl refuses control characters, so its shared strings are patched afterwards."""
    wb = openpyxl.Workbook()
    for row in [ROWS[0], ["2026-DR-0NUL00101", "Lune, AdaNUL", "Lune, Bo"], ROWS[2]]:
        wb.active.append(row)
    wb.save(tmp := path.with_suffix(".tmp.xlsx"))
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info.filename).replace(b"NUL", b"\x00"))
    return path


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_nul_bytes_in_workbook_cells_are_removed_and_reported_by_row_and_column(tmp_path, kind):
    rows = [ROWS[0], ["2026-DR-0\x0000101", "Lune, Ada\x00", "Lune, Bo"], ROWS[2]]
    if kind == "xlsx":
        path = _xlsx_with_nul_bytes(tmp_path / "nul.xlsx")
    elif kind == "xls":
        path = xls(tmp_path / "nul.xls", rows)
    else:
        path = ods(tmp_path / "nul.ods", _ods_rows(rows))
    report = run(path)
    assert cases(report) == [("2026-DR-000101", "Ada Lune"), ("2026-CU-000102", "Cy Kay")]
    assert [(p.row, p.column, p.code, p.message) for p in report.problems] == [
        (2, "A 'Case No.'", "nul_bytes",
         "held NUL bytes (invisible control characters); they were removed"),
        (2, "B 'Petitioner'", "nul_bytes",
         "held NUL bytes (invisible control characters); they were removed")]


def test_an_ods_whose_content_cannot_be_checked_is_not_read(tmp_path):
    path = ods(tmp_path / "broken.ods", _ods_rows(ROWS) + "<table:table-row>")
    with pytest.raises(ImportFailed) as err:
        run(path)
    assert err.value.code == "unreadable"
    assert "broken.ods: not a readable spreadsheet: its content.xml is not well-formed" in str(
        err.value)
