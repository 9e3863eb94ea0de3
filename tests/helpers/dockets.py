"""Small fictional dockets written into a test's tmp_path (csv via the csv module, xlsx via openpyxl).

Every name here is invented. Rows are lists of cells; row 1 of the file is the
first list, so spreadsheet row numbers are list index + 1.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

HEADER = ["Case No.", "Court", "Case Type", "Nature of Action", "Hearing Date", "Hearing Time",
          "Judge", "Petitioner/Plaintiff", "Respondent/Defendant"]
FAMILY = "Harlan County Family Court"
SUPERIOR = "Bexley County Superior Court"

# Five good cases. Robert J. Quill is the respondent/defendant in three of them,
# written three ways; criminal case 26-CADV-0103 makes him a defendant.
GOOD_ROWS = [
    ["2026-DR-000101", FAMILY, "Divorce", "Contested dissolution", "2026-12-01", "9:00 AM",
     "Hon. Miriam Okafor", "Quill, Anna", "Quill, Robert J."],
    ["2026-PFA-00102", FAMILY, "", "Relief from abuse", "12/02/2026", "10:30 AM",
     "Hon. Desmond Hale", "QUILL, ANNA", "QUILL, ROBERT J."],
    ["26-CADV-0103", SUPERIOR, "Criminal", "Domestic assault", "Dec 3, 2026", "2:00 PM",
     "Hon. Roland Easterbrook", "State of Franklin", "Robert J. Quill"],
    ["2026-CU-00104", FAMILY, "Custody", "Modify parenting time", "2026-12-04", "3:00 pm",
     "Hon. Miriam Okafor", "Marlowe, Odette", "Marlowe, Silas"],
    ["2026-CV-00105", SUPERIOR, "Civil", "Breach of contract", "2026-12-07", "",
     "Hon. Tobias Renwick", "Ridgeview Property Management LLC", "Pryce, Wren"],
]
# Three rows that must be rejected: spreadsheet rows 7, 8 and 9 after GOOD_ROWS.
BAD_ROWS = [
    ["", FAMILY, "Custody", "Parenting plan", "2026-12-08", "", "", "Ashdown, Celeste", "Ashdown, Dorian"],
    ["2026-CV-00107", SUPERIOR, "Civil", "Collection", "02/30/2026", "", "",
     "Lindqvist, Petra", "Oberlin, Ansel"],
    ["26-CADV-0108", SUPERIOR, "Criminal", "Domestic assault", "next week", "9:00 AM", "",
     "State of Franklin", "Vantongeren, Evander"],
]


def write_csv(path: Path, rows: Iterable[Sequence], *, encoding: str = "utf-8",
              delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, sheets: dict[str, Iterable[Sequence]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def docket_csv(path: Path, rows: Iterable[Sequence] = GOOD_ROWS, header: Sequence = HEADER) -> Path:
    return write_csv(path, [list(header), *[list(r) for r in rows]])
