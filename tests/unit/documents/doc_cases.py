"""Fictional cases for document tests: plain CaseRecords, no database. Every name is invented."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from docx import Document

from courtscreen.documents.context import CaseRecord, ProtectedPlace
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.findings import Conclusion, Evidence, Incident, When

HOME = "27 Wrenfield Close, Harlan"
SCHOOL = "Brackenridge Primary School"


def incident(n: int, day: date, description: str, finding: str = "proven", **kw) -> Incident:
    return Incident(When(day, day, f"{day:%-d %B %Y}"), description, finding, number=n, **kw)


def minimal() -> CaseRecord:
    return CaseRecord(case_id=1, case_number="2026-PO-1", court="", case_type=CaseType.PROTECTION_ORDER)


def maximal(case_type: CaseType = CaseType.PROTECTION_ORDER) -> CaseRecord:
    d = date(2026, 3, 2)
    incidents = (
        incident(1, d, "sent 14 text messages between midnight and 3 a.m.", methods=("text",),
                 areas=("life_invasion",), reactions=("fear",), behaviours=("repeated_calls_texts",),
                 evidence=(Evidence("screenshot", "screenshots of 14 texts", "petition"),)),
        incident(2, d + timedelta(days=7), "waited in a car outside the petitioner's home",
                 methods=("in_person",),
                 areas=("surveillance",), location=HOME, location_confidential=True,
                 behaviours=("showing_up",), reactions=("changed_routine",)),
        incident(3, d + timedelta(days=20), "hid a GPS tracker under the petitioner's car",
                 methods=("gps_tracker",), areas=("surveillance",), behaviours=("gps_tracker",),
                 evidence=(Evidence("police_report", "report 26-0412", "police_report"),)),
        incident(4, d + timedelta(days=30), "posted photographs of the petitioner", "alleged",
                 methods=("social_media",), areas=("life_invasion",), behaviours=("social_media_posts",)),
        incident(5, d + timedelta(days=40), "threatened to burn the house down", "disputed",
                 areas=("intimidation",), behaviours=("explicit_threats",)),
    )
    return CaseRecord(
        case_id=2, case_number="2026-PFA-00102", court="Harlan County Family Court", case_type=case_type,
        division="Family Division", title="Quill v. Quill", nature="Relief from abuse",
        hearing_date=date(2026, 12, 2), judge="Hon. Desmond Hale", courtroom="4B", petitioner="Anna Quill",
        respondent="Robert J. Quill", victim="Anna Quill" if case_type == CaseType.DOMESTIC_VIOLENCE else "",
        incidents=incidents,
        conclusion=Conclusion("the petitioner, Anna Quill", "yes", "threats while holding a firearm"),
        protected=(ProtectedPlace("home", "Home address", HOME), ProtectedPlace("school", "School", SCHOOL)),
        behaviours=frozenset({"gps_tracker", "weapons"}), risk_markers=frozenset({"firearm_access"}),
    )


def with_names(record: CaseRecord, petitioner: str, respondent: str, **kw) -> CaseRecord:
    from dataclasses import replace

    return replace(record, petitioner=petitioner, respondent=respondent, **kw)


def many_incidents(n: int = 60) -> CaseRecord:
    from dataclasses import replace

    base = date(2025, 1, 1)
    incs = tuple(incident(i, base + timedelta(days=3 * i), f"sent unwanted message number {i}",
                          methods=("text",), areas=("life_invasion",), reactions=("distress",))
                 for i in range(1, n + 1))
    return replace(maximal(), incidents=incs)


def docx_paragraphs(data: bytes) -> list[str]:
    """Every paragraph's text (body, tables, headers, footers), read with python-docx."""
    doc = Document(io.BytesIO(data))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    for section in doc.sections:
        out += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return out


def make_docx(path: Path, paragraphs: list[str], footer: str = "") -> Path:
    """A template written by python-docx: one paragraph per string (each a single run)."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if footer:
        doc.sections[0].footer.paragraphs[0].text = footer
    doc.save(path)
    return path
