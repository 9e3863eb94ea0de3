"""Saving findings (courtscreen.store.findings) on SQLite and PostgreSQL: incidents numbered per case,
edits checked against the version read, withdrawal instead of deletion, the audit trail, the case
conclusion and confidential details (never copied into the audit log)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from helpers import db
from helpers.dockets import docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.findings import Conclusion, parse_incident
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import findings
from courtscreen.store.findings import RecordNotFound, StaleRecord

TODAY = date(2026, 11, 23)
CLERK, OTHER = "Imogen Thistlewood", "Barnaby Quillfeather"
PO = "2026-PFA-00102"


@pytest.fixture
def case_id(engine, tmp_path) -> int:
    import_docket(engine, docket_csv(tmp_path / "docket.csv"), ImportOptions(), CaseTypeRules.load(), "Test")
    return next(c["id"] for c in db.select(engine, "court_case") if c["case_number"] == PO)


def incident(when="2026-04-14", **extra):
    description = extra.pop("description", "sent 40 texts in one night")
    return parse_incident({"when": when, "description": description, "finding": "proven", **extra}, TODAY)


def audit(engine, record=None):
    t = db.table("audit_entry")
    rows = db.select(engine, "audit_entry", *([t.c.record == record] if record else []))
    return [(r["user_name"], r["record"], r["action"], r["field_name"], r["old_value"], r["new_value"])
            for r in rows]


def test_incidents_are_numbered_per_case_and_listed_in_date_order(engine, case_id):
    added = findings.add_incidents(engine, case_id, [incident("2026-05-01"), incident("early March 2026")],
                                   CLERK)
    assert [(i.number, i.version) for i in added] == [(1, 1), (2, 1)]
    listed = findings.list_incidents(engine, case_id)
    assert [(i.number, i.when.start) for i in listed] == [(2, date(2026, 3, 1)), (1, date(2026, 5, 1))]
    row = db.select(engine, "incident")[1]
    assert (row["date_start"], row["date_end"], row["date_text"]) == (
        date(2026, 3, 1), date(2026, 3, 10), "early March 2026")
    assert row["created_by"] == CLERK
    assert findings.add_incident(engine, case_id, incident(), CLERK).number == 3


def test_adding_to_a_missing_case_records_nothing(engine, case_id):
    with pytest.raises(RecordNotFound):
        findings.add_incidents(engine, case_id + 999, [incident()], CLERK)
    assert db.count(engine, "incident") == 0 and audit(engine) == []


def test_an_edit_is_audited_field_by_field(engine, case_id):
    first = findings.add_incident(engine, case_id, incident(), CLERK)
    edited = findings.update_incident(engine, first, replace(first, finding="disputed",
                                                            methods=("text", "phone")), OTHER)
    assert edited.version == 2 and edited.finding == "disputed"
    assert audit(engine, "incident")[-2:] == [
        (OTHER, "incident", "edited", "finding", "proven", "disputed"),
        (OTHER, "incident", "edited", "methods", "", "text, phone"),
    ]


def test_a_stale_edit_is_refused_naming_who_changed_what_and_nothing_is_lost(engine, case_id):
    opened = findings.add_incident(engine, case_id, incident(), CLERK)
    findings.update_incident(engine, opened, replace(opened, finding="alleged"), OTHER)
    with pytest.raises(StaleRecord) as exc:
        findings.update_incident(engine, opened, replace(opened, description="called 30 times"), CLERK)
    assert f"{OTHER} saved incident 1" in str(exc.value) and "finding: proven → alleged" in str(exc.value)
    now = findings.get_incident(engine, opened.id)
    assert (now.finding, now.description, now.version) == ("alleged", "sent 40 texts in one night", 2)


def test_withdrawn_not_deleted_and_then_frozen(engine, case_id):
    opened = findings.add_incident(engine, case_id, incident(), CLERK)
    with pytest.raises(ValueError, match="reason"):
        findings.withdraw_incident(engine, opened, "   ", CLERK)
    gone = findings.withdraw_incident(engine, opened, "entered on the wrong case", OTHER)
    assert gone.withdrawn and gone.withdrawn_reason == "entered on the wrong case"
    assert db.count(engine, "incident") == 1
    with pytest.raises(StaleRecord, match="withdrawn"):
        findings.update_incident(engine, gone, replace(gone, finding="alleged"), CLERK)
    with pytest.raises(StaleRecord, match=f"{OTHER} withdrew incident 1"):
        findings.withdraw_incident(engine, opened, "again", CLERK)
    assert audit(engine, "incident")[-1] == (OTHER, "incident", "withdrawn", "reason", "",
                                             "entered on the wrong case")
    assert findings.incident_counts(engine) == {}


def test_a_confidential_location_never_reaches_the_audit_log(engine, case_id):
    secret = "27 Quillon Terrace"
    first = findings.add_incident(engine, case_id, incident(location=secret, location_confidential=True),
                                  CLERK)
    findings.update_incident(engine, first, replace(first, location="9 Wren Court"), CLERK)
    findings.add_protected(engine, case_id, "home", "3 Ashgrove Mews", CLERK, "Petitioner's home")
    logged = " ".join(" ".join(map(str, r)) for r in audit(engine))
    assert secret not in logged and "Wren" not in logged and "Ashgrove" not in logged
    assert "(confidential, changed)" in logged
    assert findings.get_incident(engine, first.id).location == "9 Wren Court"


def test_conclusion_saved_once_then_versioned(engine, case_id):
    assert findings.get_conclusion(engine, case_id) == Conclusion()
    first = findings.save_conclusion(engine, case_id, Conclusion(),
                                     Conclusion("the petitioner", "yes", "threats with a rifle"), CLERK)
    assert first.version == 1 and first.credible_threat == "yes"
    with pytest.raises(StaleRecord):  # a second user who also saw "no conclusion yet"
        findings.save_conclusion(engine, case_id, Conclusion(), Conclusion("someone"), OTHER)
    second = findings.save_conclusion(engine, case_id, first, replace(first, credible_threat="no",
                                                                      credible_threat_basis=""), OTHER)
    assert second.version == 2
    with pytest.raises(StaleRecord):
        findings.save_conclusion(engine, case_id, first, replace(first, directed_at="x"), CLERK)
    assert (OTHER, "conclusion", "saved", "credible_threat", "yes", "no") in audit(engine, "conclusion")


def test_protected_details_are_listed_until_withdrawn(engine, case_id):
    with pytest.raises(ValueError, match="kind"):
        findings.add_protected(engine, case_id, "bank", "x", CLERK)
    work = findings.add_protected(engine, case_id, "workplace", "Harbourside Clinic", CLERK)
    findings.add_protected(engine, case_id, "school", "Elmstead Primary", CLERK)
    assert [p.title for p in findings.list_protected(engine, case_id)] == ["Workplace", "Children's school"]
    findings.withdraw_protected(engine, case_id, work.id, CLERK)
    assert [p.value for p in findings.case_findings(engine, case_id).protected] == ["Elmstead Primary"]
    with pytest.raises(RecordNotFound):
        findings.withdraw_protected(engine, case_id + 1, work.id, CLERK)
