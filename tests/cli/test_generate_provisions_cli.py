"""courtscreen generate --list-provisions / --pretrial, as a user runs them (issue 22). Invented people."""

from __future__ import annotations

from datetime import date

import pytest
from helpers.dockets import docket_csv

from courtscreen.config import Jurisdiction
from courtscreen.documents.provisions import date_words
from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.findings import Conclusion, parse_incident
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import findings as store
from courtscreen.store.database import make_engine
from courtscreen.store.migrate import upgrade

PO, DV = "2026-PFA-00102", "26-CADV-0103"
HOME = "14 Larkspur Row"
TODAY = date(2026, 11, 1)


@pytest.fixture
def docket(cli_db, tmp_path):
    engine = make_engine(cli_db)
    upgrade(engine)
    import_docket(engine, docket_csv(tmp_path / "d.csv"), ImportOptions(), CaseTypeRules.load(), "clerk")
    with engine.connect() as conn:
        ids = dict(conn.exec_driver_sql("select case_number, id from court_case").all())
    store.add_incidents(engine, ids[PO], [
        parse_incident({"when": "2026-08-10", "finding": "proven", "methods": ["gps_tracker"],
                        "areas": ["surveillance"], "behaviours": ["gps_tracker"],
                        "description": "hid a GPS tracker on the petitioner's car"}, TODAY),
        parse_incident({"when": "2026-08-20", "finding": "proven", "methods": ["court_filing"],
                        "areas": ["interference"], "behaviours": ["litigation_abuse"],
                        "description": "filed six motions in four weeks"}, TODAY),
        parse_incident({"when": "2026-09-01", "finding": "proven", "methods": ["in_person"],
                        "areas": ["surveillance"], "behaviours": ["showing_up"],
                        "description": "waited outside 14 Larkspur Row at night"}, TODAY),
    ], "clerk")
    store.save_conclusion(engine, ids[PO], Conclusion(), Conclusion("the petitioner"), "clerk")
    store.add_protected(engine, ids[PO], "home", HOME, "clerk")
    store.add_incidents(engine, ids[DV], [parse_incident(
        {"when": "2026-07-01", "finding": "proven", "methods": ["phone"], "areas": ["life_invasion"],
         "behaviours": ["repeated_calls_texts"], "description": "made 212 phone calls in a month"}, TODAY)],
        "clerk")
    engine.dispose()
    return ids


def block(output: str, clause_id: str) -> str:
    """The lines of one provision in the listing."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if f" {clause_id} " in line)
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] == "["), len(lines))
    return "\n".join(lines[start:end])


def test_list_provisions_shows_preselection_basis_and_why_not(courtscreen, docket):
    result = courtscreen("generate", PO, "--form", "protection_addendum", "--list-provisions")
    assert result.exit_code == 0, result.output
    out = result.output
    surveillance = block(out, "po_no_surveillance")
    assert surveillance.startswith("[x] po_no_surveillance")
    assert ("pre-selected: Based on finding 1: the respondent hid a GPS tracker on the petitioner's car on "
            f"{date_words(date(2026, 8, 10), Jurisdiction())}") in surveillance
    assert "incident 3 (same SLII area only, not its trigger)" in surveillance
    leave = block(out, "cu_filing_leave")
    assert leave.startswith("[ ] cu_filing_leave") and "(liberty-heavy)" in leave
    assert "not pre-selected: liberty-heavy (a prefiling order" in leave and "incident 2 (proven)" in leave
    assert block(out, "po_nc_counsel").startswith("[ ] po_nc_counsel")
    assert "an exception for the judge to choose" in block(out, "po_nc_counsel")
    assert "NO SUPPORT" in block(out, "po_firearms")  # nothing about weapons recorded, no rule of law
    assert "Larkspur" not in out  # the listing is withheld like a document
    assert "pre-selected: Based on finding 3: the respondent waited outside [confidential]" in out
    assert "pre-selected: standing provision" in block(out, "po_duration")


def test_list_provisions_for_supervision_shows_the_law_and_not_offered(courtscreen, docket):
    result = courtscreen("generate", DV, "--form", "supervision_conditions", "--list-provisions")
    assert result.exit_code == 0, result.output
    out = result.output
    firearms = block(out, "sv_firearms")
    assert firearms.startswith("[x] sv_firearms") and "NO SUPPORT" not in firearms
    assert "18 U.S.C. 922(g)(9)" in firearms
    assert block(out, "sv_disclose_devices").startswith("[x]")
    assert block(out, "sv_search").startswith("[ ] sv_search") and "liberty-heavy" in block(out, "sv_search")
    assert block(out, "sv_treatment").startswith("[-] sv_treatment")
    assert "not offered: the parties are not recorded as intimate partners" in block(out, "sv_treatment")
    pretrial = courtscreen("generate", DV, "--form", "supervision_conditions", "--list-provisions",
                           "--pretrial")
    assert pretrial.exit_code == 0, pretrial.output
    search = block(pretrial.output, "sv_search")
    assert "not offered: a condition of a sentence, not of pretrial release" in search


def test_generate_pretrial_preview_and_a_provision_not_offered(courtscreen, docket):
    preview = courtscreen("generate", DV, "--form", "supervision_conditions", "--pretrial", "--preview")
    assert preview.exit_code == 0, preview.output
    assert "CONDITIONS OF PRETRIAL RELEASE" in preview.output and "search" not in preview.output.lower()
    refused = courtscreen("generate", DV, "--form", "supervision_conditions", "--pretrial", "--provision",
                          "sv_search", "--preview")
    assert refused.exit_code == 2 and "'sv_search' is not offered for this case" in refused.output
