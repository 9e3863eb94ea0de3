"""The .xlsx and CSV writers on hand-made rows, re-read with openpyxl and the csv module."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.exporting.columns import Column
from courtscreen.exporting.csv_writer import write_csv
from courtscreen.exporting.rows import ExportRow
from courtscreen.exporting.summary import DocketCounts, header_lines
from courtscreen.exporting.xlsx_writer import CHART_TITLE, write_xlsx
from courtscreen.store.worklist import WorklistFilter

COLUMNS = [Column("Case No.", 16, source="Case No."), Column("Hearing", 12, source="Hearing"),
           Column("Time", 10, source="Time"), Column("Notes", 30, source="Notes"),
           Column("Related cases", 9)]
EVIL = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-3", "@SUM(A1:A2)", "\t=1", "\r=1", "=1"]


def _rows():
    yield ExportRow(1, CaseType.CUSTODY, ScreeningStatus.INDICATED,
                    ["2026-CU-1", date(2026, 12, 1), time(9, 30), "Smith & Sons <b>", 2])
    yield ExportRow(2, CaseType.DIVORCE, ScreeningStatus.NOT_SCREENED,
                    ["2026-DR-2", datetime(2026, 12, 2, 14, 0), None, "ünïcode — ok", 0])
    for i, evil in enumerate(EVIL):
        yield ExportRow(10 + i, CaseType.CIVIL, ScreeningStatus.NOT_SCREENED, [evil, None, None, evil, 0])


def _xlsx(tmp_path):
    path = tmp_path / "out.xlsx"
    counts = DocketCounts()
    at = datetime(2026, 11, 23, 10, 0)
    n = write_xlsx(path, COLUMNS, _rows(), counts,
                   lambda n: header_lines(WorklistFilter(search="=cmd"), "clerk", at, n, False))
    assert n == 2 + len(EVIL)
    return path, counts


def test_xlsx_values_types_header_filter_and_widths(tmp_path):
    path, _ = _xlsx(tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Docket", "Summary", "Charges"]
    ws = wb["Docket"]
    assert [c.value for c in ws[1]] == [c.title for c in COLUMNS]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:E{1 + 2 + len(EVIL)}"
    assert ws.column_dimensions["A"].width == 16 and ws.column_dimensions["D"].width == 30
    first = ws[2]
    assert first[0].value == "2026-CU-1"
    assert first[1].is_date and first[1].value.date() == date(2026, 12, 1)
    assert first[1].number_format == "mm-dd-yy"
    assert first[2].value == time(9, 30) and first[2].is_date
    assert first[3].value == "Smith & Sons <b>" and first[4].value == 2 and first[4].data_type == "n"
    second = ws[3]
    assert second[1].value == datetime(2026, 12, 2, 14, 0)
    assert second[2].value is None and second[3].value == "ünïcode — ok"


def test_xlsx_never_writes_a_formula(tmp_path):
    path, _ = _xlsx(tmp_path)
    ws = openpyxl.load_workbook(path)["Docket"]
    for r, evil in enumerate(EVIL, start=4):
        for cell in (ws.cell(r, 1), ws.cell(r, 4)):
            assert cell.value == evil  # kept exactly, as text
            assert cell.data_type == "s", (evil, cell.data_type)
            assert cell.quotePrefix
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:  # (the chart's series references are <f> elements, rightly)
            assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


def test_xlsx_summary_sheet_counts_and_chart(tmp_path):
    path, counts = _xlsx(tmp_path)
    ws = openpyxl.load_workbook(path)["Summary"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "Docket summary"
    labels = {r[0]: r[1] for r in rows[1:6]}
    assert labels["Exported by"] == "clerk" and labels["Cases"] == 9
    assert labels["Filter"] == "search '=cmd'"
    header = next(i for i, r in enumerate(rows) if r[0] == "Case type")
    table = {r[0]: r[1:7] for r in rows[header + 1:] if r[0]}
    assert rows[header][1:7] == ["Not screened", "Screening in progress", "Stalking indicated",
                                 "Possible: needs follow-up", "Not indicated", "Total"]
    assert table["Custody"] == [0, 0, 1, 0, 0, 1]
    assert table["Civil"] == [len(EVIL), 0, 0, 0, 0, len(EVIL)]
    assert table["Total"] == [1 + len(EVIL), 0, 1, 0, 0, 2 + len(EVIL)]
    assert counts.total == 2 + len(EVIL)
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    assert CHART_TITLE in xml and "'Summary'!$A$" in xml and 'barDir val="bar"' in xml


def test_filter_text_on_the_summary_is_never_a_formula(tmp_path):
    path, _ = _xlsx(tmp_path)
    ws = openpyxl.load_workbook(path)["Summary"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "search '=cmd'")
    assert cell.data_type == "s"


def test_csv_has_a_bom_iso_dates_and_quoted_formulas(tmp_path):
    path = tmp_path / "out.csv"
    counts = DocketCounts()
    assert write_csv(path, COLUMNS, _rows(), counts) == 2 + len(EVIL)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [c.title for c in COLUMNS]
    assert rows[1] == ["2026-CU-1", "2026-12-01", "09:30", "Smith & Sons <b>", "2"]
    assert rows[2] == ["2026-DR-2", "2026-12-02 14:00", "", "ünïcode — ok", "0"]
    for row, evil in zip(rows[3:], EVIL, strict=True):
        assert row[0] == "'" + evil and row[3] == "'" + evil
    assert counts.by_type_result[(CaseType.CIVIL, ScreeningStatus.NOT_SCREENED)] == len(EVIL)


@pytest.mark.parametrize("evil", EVIL)
def test_every_formula_start_survives_a_round_trip(tmp_path, evil):
    path = tmp_path / "one.xlsx"
    rows = [ExportRow(1, CaseType.OTHER, ScreeningStatus.NOT_SCREENED, [evil, None, None, None, 0])]
    write_xlsx(path, COLUMNS, rows, DocketCounts(),
               lambda n: header_lines(WorklistFilter(), "u", datetime(2026, 1, 1), n, False))
    cell = openpyxl.load_workbook(path)["Docket"]["A2"]
    assert (cell.value, cell.data_type) == (evil, "s")
