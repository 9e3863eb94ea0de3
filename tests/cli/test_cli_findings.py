"""`courtscreen findings`: adding incidents from JSON or a spreadsheet (all or nothing), the
course-of-conduct summary and draft findings, withdrawal, conclusions and confidential details."""

from __future__ import annotations

import json

from helpers import db
from helpers.dockets import docket_csv

from courtscreen.store.database import make_engine

PO = "2026-PFA-00102"

INCIDENTS = [
    {"when": "early March 2026", "description": "followed the petitioner from work to her home",
     "methods": ["in_person"], "areas": ["surveillance"], "location": "41 Tansy Road",
     "location_confidential": True, "reactions": ["fear"], "finding": "proven"},
    {"when": "2026-04-14", "description": "sent 40 texts in one night", "methods": "text",
     "areas": "intimidation", "finding": "proven",
     "evidence": [{"kind": "screenshot", "detail": "40 texts", "source": "petition"}]},
]


def imported(courtscreen, tmp_path):
    assert courtscreen("import", docket_csv(tmp_path / "docket.csv")).exit_code == 0


def test_add_then_show_the_summary_and_draft(courtscreen, tmp_path, cli_db):
    imported(courtscreen, tmp_path)
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps(INCIDENTS))
    result = courtscreen("findings", "add", PO, path)
    assert result.exit_code == 0, result.output
    assert result.output == f"Recorded 2 incident(s) on {PO}: 1, 2.\n"
    assert courtscreen("findings", "conclude", PO, "--directed-at", "the petitioner").exit_code == 0
    shown = courtscreen("findings", "show", PO)
    assert shown.exit_code == 0
    out = shown.output
    assert "2 act(s) found proven over 44 days (2026-03-01 to 2026-04-14)" in out
    assert "  Directed at a specific person: not decided: the petitioner" in out
    assert "  Credible threat to physical safety: not decided" in out
    assert "Still to do (shown here only, never printed in a document):" in out
    assert "1. In early March 2026," in out and "a confidential location (withheld)" in out
    assert "Draft findings (DRAFT: elements not decided):" in out
    assert "41 Tansy Road" not in out
    assert "41 Tansy Road" in courtscreen("findings", "show", PO, "--include-confidential").output


def test_elements_are_decided_by_the_court_in_its_words(courtscreen, tmp_path, cli_db):
    imported(courtscreen, tmp_path)
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps(INCIDENTS))
    assert courtscreen("findings", "add", PO, path).exit_code == 0
    bad = courtscreen("findings", "conclude", PO, "--element", "colour=found")
    assert bad.exit_code == 2 and "element: 'colour' is not one of" in bad.output
    for name in ("acts", "continuity", "directed", "reasonable_person"):
        assert courtscreen("findings", "conclude", PO, "--element", f"{name}=found").exit_code == 0
    result = courtscreen("findings", "conclude", PO, "--element", "fear_caused=not_found",
                         "--words", "fear_caused=she said she was not afraid")
    assert result.exit_code == 0, result.output
    out = courtscreen("findings", "show", PO).output
    assert ("Fear or substantial emotional distress actually caused: not found: she said she was not "
            "afraid") in out
    assert ("The court does not find that the conduct caused the petitioner fear or substantial emotional "
            "distress: she said she was not afraid.") in out
    assert "On these findings, the court does not find a course of conduct" in out


def test_roles_are_recorded_audited_and_bad_roles_refused(courtscreen, tmp_path, cli_db):
    imported(courtscreen, tmp_path)
    shown = courtscreen("findings", "roles", "2026-CU-00104")
    assert "defaults for the case type, not yet confirmed" in shown.output
    assert "conduct at issue:  the respondent" in shown.output
    bad = courtscreen("findings", "roles", "2026-CU-00104", "--conduct-of", "petitioner",
                      "--protected", "petitioner")
    assert bad.exit_code == 2
    assert "protected: petitioner is the person whose conduct is at issue" in bad.output
    bad = courtscreen("findings", "roles", "2026-CU-00104", "--conduct-of", "defendant")
    assert bad.exit_code == 2 and "conduct_of: this case has no defendant" in bad.output
    ok = courtscreen("findings", "roles", "2026-CU-00104", "--conduct-of", "petitioner", "--protected",
                     "respondent", "--protected", "child:M.M.", "--relationship", "dating",
                     "--cohabited", "no",
                     "--hearing-with-notice", "yes")
    assert ok.exit_code == 0, ok.output
    assert "conduct at issue:  the petitioner" in ok.output
    assert "protected:         the respondent, Silas Marlowe; the child M.M." in ok.output
    assert "not an intimate partner under 18 U.S.C. 921(a)(32)" in ok.output
    crim = courtscreen("findings", "roles", "26-CADV-0103", "--victim-name", "Anna Quill")
    assert crim.exit_code == 0 and "protected:         the victim, Anna Quill" in crim.output


def test_a_spreadsheet_with_bad_rows_records_nothing_and_names_each_row(courtscreen, tmp_path, cli_db):
    imported(courtscreen, tmp_path)
    sheet = tmp_path / "incidents.csv"
    sheet.write_text("when,description,finding,methods,location_confidential\n"
                     "2026-05-01,called 20 times,alleged,phone,no\n"
                     "2026-13-01,,maybe,fax,no\n"
                     ",,,,\n"
                     "May 2026,left a note on her car,proven,mail,yes\n")
    result = courtscreen("findings", "add", PO, sheet)
    assert result.exit_code == 3
    assert "incidents.csv, row 3: when: '2026-13-01' is not a real date" in result.output
    assert "incidents.csv, row 3: description: say what the respondent did" in result.output
    assert "incidents.csv, row 3: methods: 'fax' not known" in result.output
    assert "row 2" not in result.output and "row 5" not in result.output
    assert "nothing was recorded" in result.output
    assert db.count(make_engine(cli_db), "incident") == 0


def test_a_good_spreadsheet_is_recorded(courtscreen, tmp_path, cli_db):
    imported(courtscreen, tmp_path)
    sheet = tmp_path / "incidents.csv"
    sheet.write_text("When,Description,Finding,Methods,Evidence,Evidence source\n"
                     "2026-05-01,called 20 times,alleged,phone,call log from carrier,police_report\n")
    assert courtscreen("findings", "add", PO, sheet).exit_code == 0
    row = db.select(make_engine(cli_db), "incident")[0]
    assert json.loads(row["details_json"])["evidence"] == [
        {"kind": "other", "detail": "call log from carrier", "source": "police_report"}]


def test_unknown_columns_are_refused_before_anything_is_read(courtscreen, tmp_path):
    imported(courtscreen, tmp_path)
    sheet = tmp_path / "incidents.csv"
    sheet.write_text("date,what\n2026-05-01,called\n")
    result = courtscreen("findings", "add", PO, sheet)
    assert result.exit_code == 2
    assert "row 1 must name the columns" in result.output and "not known: date, what" in result.output


def test_withdraw_needs_a_reason_and_keeps_the_incident(courtscreen, tmp_path, cli_db):
    imported(courtscreen, tmp_path)
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps(INCIDENTS[1]))
    courtscreen("findings", "add", PO, path)
    assert courtscreen("findings", "withdraw", PO, "1").exit_code == 2  # --reason is required
    missing = courtscreen("findings", "withdraw", PO, "7", "--reason", "x")
    assert missing.output.endswith("has no incident 7.\n")
    assert courtscreen("findings", "withdraw", PO, "1", "--reason", "duplicate").exit_code == 0
    again = courtscreen("findings", "withdraw", PO, "1", "--reason", "duplicate")
    assert again.exit_code == 2 and "already withdrawn (duplicate)" in again.output
    assert "withdrawn: duplicate" in courtscreen("findings", "show", PO).output
    assert db.count(make_engine(cli_db), "incident") == 1


def test_conclude_checks_the_credible_threat_basis(courtscreen, tmp_path):
    imported(courtscreen, tmp_path)
    result = courtscreen("findings", "conclude", PO, "--credible-threat", "yes")
    assert result.exit_code == 2 and "credible_threat_basis" in result.output
    ok = courtscreen("findings", "conclude", PO, "--credible-threat", "yes", "--basis", "knife threats")
    assert ok.exit_code == 0


def test_unknown_case_and_bad_protected_kind(courtscreen, tmp_path):
    imported(courtscreen, tmp_path)
    assert "no case numbered '2026-XX-1'" in courtscreen("findings", "show", "2026-XX-1").output
    bad = courtscreen("findings", "protect", PO, "--kind", "bank", "--value", "x")
    assert bad.exit_code == 2 and "kind: 'bank' is not one of" in bad.output


def test_an_xlsx_sheet_is_read_like_the_csv(courtscreen, tmp_path, cli_db):
    from datetime import datetime

    from openpyxl import Workbook

    imported(courtscreen, tmp_path)
    book = Workbook()
    sheet = book.active
    sheet.append(["When", "Description", "Finding", "Areas", "Location", "Location confidential"])
    sheet.append([datetime(2026, 5, 1), "left flowers at her door", "proven", "life_invasion",
                  "her flat", "yes"])
    sheet.append(["late May 2026", "posted her photo online", "alleged", "life_invasion", None, None])
    book.save(tmp_path / "incidents.xlsx")
    result = courtscreen("findings", "add", PO, tmp_path / "incidents.xlsx")
    assert result.exit_code == 0, result.output
    rows = db.select(make_engine(cli_db), "incident")
    assert [(r["date_text"], r["finding"]) for r in rows] == [("2026-05-01", "proven"),
                                                              ("late May 2026", "alleged")]
    assert json.loads(rows[0]["details_json"])["location_confidential"] is True


def test_a_sheet_carries_behaviours_evidence_kind_and_series(courtscreen, tmp_path, cli_db):
    imported(courtscreen, tmp_path)
    sheet = tmp_path / "incidents.csv"
    sheet.write_text("when,description,finding,behaviours,evidence,evidence_kind,evidence_source,"
                     "series_frequency,acts_counted,if_not_proven,location_confidential\n"
                     "2026-08-12 to 2026-11-14,sent text messages,proven,repeated_calls_texts,"
                     "212 screenshots,screenshot,petition,about 40 texts a day,14,,no\n"
                     "2026-08-22,came to her workplace,alleged,showing_up,,,,,,no_finding,no\n")
    result = courtscreen("findings", "add", PO, sheet)
    assert result.exit_code == 0, result.output
    out = courtscreen("findings", "show", PO).output
    assert "[series, counted as 14]" in out
    assert "sent text messages, about 40 texts a day." in out
    assert "The court relies on 212 screenshots submitted with the petition." in out
    assert "The court makes no finding on the allegation that on August 22, 2026" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("when,description,behaviours,evidence_kind,series_count,location_confidential\n"
                   "2026-08-12 to 2026-08-20,called,flying,dna,1,maybe\n")
    result = courtscreen("findings", "add", PO, bad)
    assert result.exit_code == 3
    for says in ("row 2: behaviours: 'flying' not known", "row 2: evidence[1].kind: 'dna'",
                 "row 2: series_count: a series is 2 or more acts", "row 2: location_confidential"):
        assert says in result.output
