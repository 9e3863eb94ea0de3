"""Exporting the screened docket from SQLite and PostgreSQL, re-read with openpyxl.

The docket is imported through the real import service; screenings, incidents
and protected details are recorded through the store's own functions.
"""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest
import sqlalchemy as sa
from helpers import db
from helpers.dockets import FAMILY, SUPERIOR, write_csv

from courtscreen.domain.case_types import CaseType, CaseTypeRules
from courtscreen.domain.findings import parse_incident
from courtscreen.domain.screening import Answers
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.exporting.redaction import CONFIDENTIAL, REDACTED
from courtscreen.exporting.service import ExportError, ExportOptions, export_docket
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import findings, screenings
from courtscreen.store.audit import audit_log
from courtscreen.store.worklist import WorklistFilter

TODAY = date(2026, 11, 23)
ADDRESS = "41 Larkspur Lane, Apt 3"
HEADER = ["Case No.", "Court", "Case Type", "Nature of Action", "Hearing Date", "Hearing Time", "Judge",
          "Petitioner/Plaintiff", "Respondent/Defendant", "Petitioner Address", "Notes"]
ROWS = [
    ["2026-DR-000101", FAMILY, "Divorce", "Contested dissolution", "2026-12-01", "9:00 AM",
     "Hon. Miriam Okafor", "Quill, Anna", "Quill, Robert J.", ADDRESS, f"moved to {ADDRESS.upper()}"],
    ["2026-PFA-00102", FAMILY, "", "Relief from abuse", "12/02/2026", "10:30 AM", "Hon. Desmond Hale",
     "QUILL, ANNA", "QUILL, ROBERT J.", "", ""],
    ["26-CADV-0103", SUPERIOR, "Criminal", "Domestic assault", "Dec 3, 2026", "2:00 PM",
     "Hon. Roland Easterbrook", "State of Franklin", "Robert J. Quill", "", "=HYPERLINK(\"x\")"],
    ["2026-CV-00105", SUPERIOR, "Civil", "-contract", "2026-12-07", "", "Hon. Tobias Renwick",
     "@Ridgeview LLC", "Pryce, Wren", "", ""],
]
INDICATED = {
    "info_sources": ["petition"], "screener_role": "clerk",
    "areas": {"surveillance": "yes", "life_invasion": "yes", "intimidation": "no", "interference": "no"},
    "behaviours": {"surveillance": ["showing_up"]}, "incidents": "two_or_more", "fear": "yes",
    "narrative": "Waited outside the school at three exchanges.",
}


@pytest.fixture
def docket(engine, tmp_path):
    """The four cases imported; the divorce screened, with an incident and a protected address."""
    path = write_csv(tmp_path / "docket.csv", [HEADER, *ROWS])
    import_docket(engine, path, ImportOptions(), CaseTypeRules.load(), "clerk")
    ids = {r["case_number"]: r["id"] for r in db.select(engine, "court_case")}
    divorce = ids["2026-DR-000101"]
    record = screenings.start_screening(engine, divorce, "Ada Screener")
    screenings.save(engine, record, Answers.from_dict(INDICATED), "Ada Screener", step="result",
                    complete=True)
    findings.add_incident(engine, divorce, parse_incident(
        {"when": "2026-10-01", "description": "waited outside the school"}, TODAY), "Ada Screener")
    findings.add_protected(engine, divorce, "home", ADDRESS, "Ada Screener")
    with engine.begin() as conn:
        conn.execute(sa.insert(db.table("generated_document")), [
            {"case_id": divorce, "form_id": "order", "version": v, "template_sha256": "0" * 64,
             "output_path": f"/tmp/o{v}.docx", "output_sha256": "1" * 64, "provisions_json": "[]",
             "confidential_included": False, "generated_at": datetime(2026, 11, 1), "generated_by": "x"}
            for v in (1, 2)])
    return ids


def _export(engine, path, **options):
    options.setdefault("filter", WorklistFilter(today=TODAY, sort="hearing"))
    return export_docket(engine, path, ExportOptions(**options), "Export Clerk")


def _sheet(path, name="Docket"):
    ws = openpyxl.load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    return ws, rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}


def _exported(folder) -> list[str]:
    """Files an export made or left in the folder (temporary .part files included)."""
    return sorted(p.name for p in folder.iterdir()
                  if p.suffix in (".xlsx", ".csv") and p.name != "docket.csv")


def _all_text(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def test_xlsx_has_the_original_columns_then_screening_columns(engine, docket, tmp_path):
    result = _export(engine, tmp_path / "out.xlsx")
    assert result.cases == 4 and result.format == "xlsx"
    ws, header, rows = _sheet(result.path)
    assert list(header[:len(HEADER)]) == HEADER
    assert list(header[len(HEADER):]) == [
        "Court (courtscreen)", "Case type (courtscreen)", "Screening status", "Screening result",
        "Flags", "Related cases", "Findings (incidents)", "Documents generated", "Screened by",
        "Screened on", "Priority tier", "Charges and hearings"]
    assert list(rows) == ["2026-DR-000101", "2026-PFA-00102", "26-CADV-0103", "2026-CV-00105"]
    div = rows["2026-DR-000101"]
    assert div["Hearing Date"] == datetime(2026, 12, 1) and div["Hearing Time"] == time(9, 0)
    assert ws["E2"].is_date and ws["F2"].is_date
    assert div["Case type (courtscreen)"] == "Divorce"
    assert (div["Screening status"], div["Screening result"]) == ("Complete", "Stalking indicated")
    assert div["Related cases"] == 2 and div["Findings (incidents)"] == 1
    assert div["Documents generated"] == 2
    assert div["Screened by"] == "Ada Screener"
    assert isinstance(div["Screened on"], datetime)  # a real date (openpyxl reads dates as datetimes)
    assert "Divorce case" in div["Flags"] and "a party is in other cases" in div["Flags"]
    po = rows["2026-PFA-00102"]
    assert po["Hearing Date"] == datetime(2026, 12, 2) and po["Screening status"] == "Not screened"
    assert po["Screening result"] is None and po["Screened on"] is None
    civil = rows["2026-CV-00105"]
    assert civil["Related cases"] == 0 and civil["Hearing Time"] is None
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}5"


def test_confidential_details_are_left_out_by_default(engine, docket, tmp_path):
    result = _export(engine, tmp_path / "out.xlsx")
    _, header, rows = _sheet(result.path)
    div = rows["2026-DR-000101"]
    assert div["Petitioner Address"] == REDACTED
    assert div["Notes"] == f"moved to {CONFIDENTIAL}"
    assert "Screening notes (confidential)" not in header
    text = _all_text(result.path)
    assert ADDRESS.lower() not in text.lower()
    assert "Waited outside the school" not in text
    assert result.redacted_columns == ("Petitioner Address",) and result.audited_cases == 0
    assert [a for a in audit_log(engine, docket["2026-DR-000101"]) if a.record == "export"] == []


def test_csv_redacts_too(engine, docket, tmp_path):
    result = _export(engine, tmp_path / "out.csv")
    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and ADDRESS.lower().encode() not in raw.lower()
    with result.path.open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["Case No."]: r for r in csv.DictReader(fh)}
    assert rows["2026-DR-000101"]["Hearing Date"] == "2026-12-01"
    assert rows["2026-DR-000101"]["Hearing Time"] == "09:00"
    assert rows["26-CADV-0103"]["Notes"] == "'=HYPERLINK(\"x\")"
    assert rows["2026-CV-00105"]["Nature of Action"] == "'-contract"


def test_include_confidential_writes_them_and_audits_who(engine, docket, tmp_path):
    result = _export(engine, tmp_path / "out.xlsx", include_confidential=True)
    _, header, rows = _sheet(result.path)
    div = rows["2026-DR-000101"]
    assert div["Petitioner Address"] == ADDRESS and ADDRESS.upper() in div["Notes"]
    assert div["Protected details (confidential)"] == f"Home address: {ADDRESS}"
    assert "Waited outside the school" in div["Screening notes (confidential)"]
    assert result.audited_cases == 1
    entries = [a for a in audit_log(engine, docket["2026-DR-000101"]) if a.record == "export"]
    assert len(entries) == 1
    assert entries[0].user == "Export Clerk" and entries[0].action == "exported"
    assert str(result.path) in entries[0].new and ADDRESS not in entries[0].new
    with engine.connect() as conn:  # and one entry for the export itself, about no case
        (docket_entry,) = conn.execute(sa.select(db.table("audit_entry")).where(
            db.table("audit_entry").c.case_id.is_(None),
            db.table("audit_entry").c.record == "export")).mappings().all()
    assert docket_entry["user_name"] == "Export Clerk"
    assert docket_entry["new_value"] == f"{result.path}: 4 cases, confidential details of 1 included"


def test_a_user_without_permission_gets_nothing(engine, docket, tmp_path):
    with pytest.raises(ExportError, match="may not export confidential"):
        _export(engine, tmp_path / "out.xlsx", include_confidential=True, permission=lambda user: False)
    assert _exported(tmp_path) == []


def test_formulas_in_the_docket_stay_text(engine, docket, tmp_path):
    result = _export(engine, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(result.path)["Docket"]
    notes = HEADER.index("Notes") + 1
    cell = next(ws.cell(r, notes) for r in range(2, 6) if ws.cell(r, 1).value == "26-CADV-0103")
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")
    pet = next(ws.cell(r, 8) for r in range(2, 6) if ws.cell(r, 1).value == "2026-CV-00105")
    assert (pet.value, pet.data_type) == ("@Ridgeview LLC", "s")


def test_the_docket_filters_choose_the_rows_and_the_summary(engine, docket, tmp_path):
    f = WorklistFilter(today=TODAY, case_types=frozenset({CaseType.DIVORCE, CaseType.PROTECTION_ORDER}))
    result = _export(engine, tmp_path / "two.xlsx", filter=f)
    _, _, rows = _sheet(result.path)
    assert sorted(rows) == ["2026-DR-000101", "2026-PFA-00102"]
    ws = openpyxl.load_workbook(result.path)["Summary"]
    table = {r[0]: r[1:7] for r in ws.iter_rows(values_only=True) if r[0]}
    assert table["Cases"][0] == 2
    assert table["Divorce"] == (0, 0, 1, 0, 0, 1)
    assert table["Protection order"] == (1, 0, 0, 0, 0, 1)
    assert table["Total"] == (1, 0, 1, 0, 0, 2)
    assert "Protection order" in table["Filter"][0] and "Divorce" in table["Filter"][0]
    assert len(ws._charts) == 1
    searched = _export(engine, tmp_path / "s.csv", filter=WorklistFilter(today=TODAY, search="pryce"))
    assert searched.cases == 1
    screened = _export(engine, tmp_path / "i.csv",
                       filter=WorklistFilter(today=TODAY, screening=ScreeningStatus.INDICATED))
    assert screened.cases == 1


def test_refuses_to_replace_and_never_leaves_half_a_file(engine, docket, tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"keep me")
    with pytest.raises(ExportError, match="already exists"):
        _export(engine, target)
    assert target.read_bytes() == b"keep me"
    result = _export(engine, target, overwrite=True)
    assert openpyxl.load_workbook(result.path).sheetnames == ["Docket", "Summary", "Charges"]
    (tmp_path / "~$out.xlsx").write_bytes(b"lock")
    with pytest.raises(ExportError, match="open in Excel"):
        _export(engine, target, overwrite=True)
    with pytest.raises(ExportError, match="does not exist"):
        _export(engine, tmp_path / "missing" / "out.xlsx")

    def stop():
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        export_docket(engine, tmp_path / "half.xlsx", ExportOptions(), "u",
                      progress=lambda stage, done, total: stop() if stage == "Writing" else None)
    assert _exported(tmp_path) == ["out.xlsx", "~$out.xlsx"]
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    assert ALL_TEMP_FILES == []  # openpyxl's streamed sheets (docket rows) were deleted, not left in /tmp


def test_an_empty_docket_exports_headers_and_an_empty_summary(engine, tmp_path):
    result = _export(engine, tmp_path / "empty.xlsx")
    assert result.cases == 0
    ws, header, rows = _sheet(result.path)
    assert header[0] == "Case type (courtscreen)" and rows == {}


def test_rows_stream_in_chunks_with_the_same_counts(engine, docket):
    """Chunks smaller than the docket: per-chunk count queries run beside the streaming cursor."""
    from courtscreen.exporting.rows import DocketReader

    f = WorklistFilter(today=TODAY, sort="hearing")
    one = [r.values for r in DocketReader(engine, f, chunk=1000).rows()]
    small = [r.values for r in DocketReader(engine, f, chunk=1).rows()]
    assert small == one and len(one) == 4
