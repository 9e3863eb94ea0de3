"""Write the export as .xlsx with openpyxl in write-only (streaming) mode.

Rows go to disk as they are appended, so memory does not grow with the
docket. Sheet 1 "Docket": frozen header row, auto filter over every row,
column widths set up front, dates and times as real Excel dates (the short
date format Excel shows in the user's own locale). Sheet 2 "Summary": who
exported what, counts by case type and screening result, and a chart. Sheet 3
"Charges": one row per charge or hearing row of each exported case.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from courtscreen.exporting.cells import is_dangerous, xlsx_text
from courtscreen.exporting.columns import CHARGE_COLUMNS, Column
from courtscreen.exporting.rows import ExportRow, entry_values
from courtscreen.exporting.summary import DocketCounts

DATE_FORMAT = "mm-dd-yy"  # Excel's built-in format 14: the short date of the reader's own locale
DATETIME_FORMAT = "m/d/yy h:mm"  # built-in 22
TIME_FORMAT = "h:mm AM/PM"  # built-in 18
DOCKET_SHEET, SUMMARY_SHEET, CHARGES_SHEET = "Docket", "Summary", "Charges"
CHART_TITLE = "Cases by type and screening result"
BOLD = Font(bold=True)


class XlsxCells:
    """Turns plain values into what a write-only sheet takes; text never becomes a formula."""

    def __init__(self, ws):
        self.ws = ws

    def __call__(self, value):
        if value is None or isinstance(value, int | float):
            return value
        if isinstance(value, str):
            text = xlsx_text(value)
            if not is_dangerous(text):
                return text
            cell = WriteOnlyCell(self.ws, text)
            cell.data_type = "s"  # openpyxl made "=…" a formula: make it text again
            cell.quotePrefix = True  # Excel's stored apostrophe: stays text even after editing
            return cell
        if isinstance(value, datetime):
            return self._formatted(value, DATETIME_FORMAT)
        if isinstance(value, date):
            return self._formatted(value, DATE_FORMAT)
        if isinstance(value, time):
            return self._formatted(value, TIME_FORMAT)
        return self(str(value))

    def _formatted(self, value, fmt: str):
        cell = WriteOnlyCell(self.ws, value)
        cell.number_format = fmt
        return cell

    def bold(self, value):
        cell = self(value)
        if not isinstance(cell, Cell):
            cell = WriteOnlyCell(self.ws, cell)
        cell.font = BOLD
        return cell


def write_xlsx(path: Path, columns: list[Column], rows: Iterable[ExportRow], counts: DocketCounts,
               header_lines: Callable[[int], list[tuple[str, object]]],
               on_row: Callable[[int], None] | None = None) -> int:
    """Write the workbook to `path`; returns the number of case rows written."""
    wb = Workbook(write_only=True)
    try:
        return _write(wb, path, columns, rows, counts, header_lines, on_row)
    except BaseException:
        _discard(wb)
        raise


def _write(wb, path, columns, rows, counts, header_lines, on_row) -> int:
    ws = wb.create_sheet(DOCKET_SHEET)
    summary = wb.create_sheet(SUMMARY_SHEET)
    charges = wb.create_sheet(CHARGES_SHEET)  # one row per charge / hearing row of each case
    for i, col in enumerate(CHARGE_COLUMNS, 1):
        charges.column_dimensions[get_column_letter(i)].width = col.width
    charges.freeze_panes = "A2"
    charge_cells = XlsxCells(charges)
    charges.append([charge_cells.bold(c.title) for c in CHARGE_COLUMNS])
    charge_rows = 0
    for i, col in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A2"
    cells = XlsxCells(ws)
    ws.append([cells.bold(c.title) for c in columns])
    n = 0
    for row in rows:
        ws.append([cells(v) for v in row.values])
        for e in row.entries:
            charges.append([charge_cells(v) for v in entry_values(row, e)])
            charge_rows += 1
        counts.add(row.case_type, row.status)
        n += 1
        if on_row is not None:
            on_row(n)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    charges.auto_filter.ref = f"A1:{get_column_letter(len(CHARGE_COLUMNS))}{charge_rows + 1}"
    _write_summary(summary, counts, header_lines(n))
    wb.save(path)
    return n


def _discard(wb) -> None:
    """After a failure: close the sheets' streams and delete openpyxl's temporary files now.

    Write-only sheets stream into temporary files (in the system temp folder)
    until the workbook is saved. They hold docket rows, so they must not wait
    for the process to end (the TUI runs for hours). openpyxl has no public
    call for this; these are its own internals, guarded so a change there
    cannot hide the original error.
    """
    for ws in getattr(wb, "_sheets", []):
        with contextlib.suppress(Exception):
            if getattr(ws, "_rows", None) is not None:
                ws._rows.close()
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            writer.xf.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def _write_summary(ws, counts: DocketCounts, lines: list[tuple[str, object]]) -> None:
    ws.column_dimensions["A"].width = 22
    for letter in "BCDEFG":
        ws.column_dimensions[letter].width = 14
    cells = XlsxCells(ws)
    ws.append([cells.bold("Docket summary")])
    for label, value in lines:
        ws.append([cells.bold(label), cells(value)])
    ws.append([])
    table = counts.table()
    first = len(lines) + 3  # the table's header row
    ws.append([cells.bold(v) for v in table[0]])
    for row in table[1:-1]:
        ws.append([cells(v) for v in row])
    ws.append([cells.bold(v) for v in table[-1]])
    types = len(table) - 2
    if types == 0:
        return
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = CHART_TITLE
    chart.y_axis.title = "Cases"
    chart.height, chart.width = 9, 18
    results = len(table[0]) - 2  # not the "Case type" and "Total" columns
    chart.add_data(Reference(ws, min_col=2, max_col=1 + results, min_row=first, max_row=first + types),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first + 1, max_row=first + types))
    ws.add_chart(chart, f"A{first + types + 3}")
