"""Incidents from a file: a JSON list, or a spreadsheet with one incident per row.

Judges' staff often keep the incident list from a petition in Excel. The
sheet's header row names the fields (see INCIDENT_COLUMNS); each row becomes
the plain dict that domain.findings.parse_incident checks, and each is
labelled with its row number so every problem can be reported by row.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from courtscreen.importing.readers import WORKBOOK_SUFFIXES, ReadError, check_file, read_text, read_workbook
from courtscreen.importing.readers import workbook_sheet_names as sheet_names

INCIDENT_COLUMNS = ("when", "description", "finding", "methods", "areas", "location",
                    "location_confidential", "evidence", "evidence_kind", "evidence_source", "reactions",
                    "reaction_text", "behaviours", "actor", "series_count", "series_frequency",
                    "acts_counted", "if_not_proven")
YES = {"yes", "y", "true", "1", "x", "confidential"}
NO = {"no", "n", "false", "0", ""}


class SheetError(Exception):
    """The file cannot be read as incidents; the message names the file and what to do."""


def read_incident_rows(path: Path) -> list[tuple[str, dict]]:
    """(where, data) pairs: where is "item 3" for JSON or "row 4" for a sheet."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise SheetError(f"{path}: cannot be read ({exc.strerror}).") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SheetError(f"{path}: not valid JSON ({exc}).") from exc
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list):
            raise SheetError(f"{path}: expected a list of incident objects.")
        return [(f"item {i}", item) for i, item in enumerate(data, 1)]
    try:
        kind = check_file(path)
        if kind == "workbook" or path.suffix.lower() in WORKBOOK_SUFFIXES:
            sheet = read_workbook(path, sheet_names(path)[0])
        else:
            sheet = read_text(path)
    except ReadError as exc:
        raise SheetError(str(exc)) from exc
    rows = [r for r in sheet.rows]
    if not rows:
        raise SheetError(f"{path}: the sheet is empty.")
    header = [_key(c) for c in rows[0]]
    unknown = [c for c in header if c and c not in INCIDENT_COLUMNS]
    if unknown or "description" not in header:
        raise SheetError(f"{path}: row 1 must name the columns ({', '.join(INCIDENT_COLUMNS)}); "
                         + (f"not known: {', '.join(unknown)}" if unknown else "no 'description' column"))
    out = []
    for n, row in enumerate(rows[1:], 2):
        cells = {h: _cell(v) for h, v in zip(header, row, strict=False) if h}
        if not any(cells.values()):
            continue  # blank line at the end of a sheet
        data = {k: v for k, v in cells.items() if v != "" and k not in ("evidence_source", "evidence_kind")}
        if "location_confidential" in data:
            flag = data["location_confidential"].lower()
            # anything but yes/no is left as text, so parse_incident names the field and the row
            data["location_confidential"] = True if flag in YES else False if flag in NO else flag
        if "evidence" in data or cells.get("evidence_kind") or cells.get("evidence_source"):
            data["evidence"] = [{"kind": cells.get("evidence_kind", "") or "other",
                                 "detail": data.get("evidence", ""),
                                 "source": cells.get("evidence_source", "")}]
        out.append((f"row {n}", data))
    return out


def _key(cell) -> str:
    return str(cell or "").strip().lower().replace(" ", "_")


def _cell(value) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()
