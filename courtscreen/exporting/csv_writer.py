"""Write the export as CSV: UTF-8 with a byte-order mark, so Excel reads accents right.

Dates are ISO (2026-12-01), which Excel recognises as dates in every locale;
times are 24-hour HH:MM. Text that Excel would run as a formula gets a
leading single quote (see cells.py).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from pathlib import Path

from courtscreen.exporting.cells import csv_text
from courtscreen.exporting.columns import Column
from courtscreen.exporting.rows import ExportRow
from courtscreen.exporting.summary import DocketCounts

ENCODING = "utf-8-sig"


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def write_csv(path: Path, columns: list[Column], rows: Iterable[ExportRow], counts: DocketCounts,
              on_row: Callable[[int], None] | None = None) -> int:
    n = 0
    with path.open("w", encoding=ENCODING, newline="") as fh:
        w = csv.writer(fh)
        w.writerow([csv_text(c.title) for c in columns])
        for row in rows:
            w.writerow([csv_value(v) for v in row.values])
            counts.add(row.case_type, row.status)
            n += 1
            if on_row is not None:
                on_row(n)
    return n
