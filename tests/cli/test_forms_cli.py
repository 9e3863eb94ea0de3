"""courtscreen forms list / forms check / generate, run as a user would (CliRunner, temporary SQLite)."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from helpers.dockets import docket_csv

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.findings import Conclusion, parse_incident
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import findings as store
from courtscreen.store.database import make_engine
from courtscreen.store.migrate import upgrade

PO = "2026-PFA-00102"
HOME = "3 Quince Court, Harlan"


@pytest.fixture
def docket(cli_db, tmp_path):
    engine = make_engine(cli_db)
    upgrade(engine)
    import_docket(engine, docket_csv(tmp_path / "d.csv"), ImportOptions(), CaseTypeRules.load(), "clerk")
    with engine.connect() as conn:
        cid = conn.exec_driver_sql(f"select id from court_case where case_number = '{PO}'").scalar_one()
    store.add_incidents(engine, cid, [
        parse_incident({"when": "2026-05-01", "description": "sent 20 texts", "finding": "proven",
                        "methods": ["text"], "areas": ["life_invasion"]}, date(2026, 11, 1)),
        parse_incident({"when": "2026-05-04", "description": "followed the petitioner to work",
                        "finding": "proven",
                        "methods": ["in_person"], "areas": ["surveillance"], "behaviours": ["following"],
                        "location": HOME, "location_confidential": True}, date(2026, 11, 1))], "clerk")
    store.save_conclusion(engine, cid, Conclusion(), Conclusion("the petitioner"), "clerk")
    store.add_protected(engine, cid, "home", HOME, "clerk")
    engine.dispose()
    return cid


def test_forms_list_shows_the_four_forms_with_jurisdiction_names(courtscreen, config_path):
    config_path.write_text('[jurisdiction]\nstate = "State of Franklin"\n'
                           '[jurisdiction.order_names]\n'
                           'protection_addendum = "Stalking Order Addendum"\n', "utf-8")
    result = courtscreen("forms", "list")
    assert result.exit_code == 0, result.output
    for form_id in ("findings_of_fact", "protection_addendum", "custody_safety", "supervision_conditions"):
        assert form_id in result.output
    assert "Stalking Order Addendum" in result.output


def test_forms_check_passes_the_bundled_forms(courtscreen):
    result = courtscreen("forms", "check")
    assert result.exit_code == 0, result.output
    assert "4 of 4 template(s) passed." in result.output


def test_forms_check_names_the_problems_of_a_broken_template(courtscreen, tmp_path):
    doc = Document()
    doc.add_paragraph("{{ case.number }")
    doc.save(tmp_path / "mine.docx")
    result = courtscreen("forms", "check", tmp_path / "mine.docx")
    assert result.exit_code == 3
    assert "FAIL" in result.output and "mine.docx" in result.output and "Jinja syntax error" in result.output
    missing = courtscreen("forms", "check", tmp_path / "nope.docx")
    assert missing.exit_code == 2 and "no such file or folder" in missing.output


def test_bad_jurisdiction_config_is_a_clear_error(courtscreen, config_path):
    config_path.write_text("[jurisdiction]\nacts_required = 0\n", "utf-8")
    result = courtscreen("forms", "list")
    assert result.exit_code == 2
    assert "[jurisdiction].acts_required must be a whole number from 1 to 10" in result.output


def test_generate_one_case_then_again_makes_version_two(courtscreen, docket, tmp_path):
    out = tmp_path / "out"
    first = courtscreen("generate", PO, "--form", "protection_addendum", "--out", out)
    assert first.exit_code == 0, first.output
    assert "version 1" in first.output
    second = courtscreen("generate", PO, "--form", "protection_addendum", "--out", out,
                         "--provision", "po_stay_away:distance=750", "--provision", "po_firearms")
    assert second.exit_code == 0, second.output
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 2 and files[1].endswith("_protection_addendum_v2.docx")
    text = "\n".join(p.text for p in Document(out / files[1]).paragraphs)
    assert "at least 750 feet" in text and "Firearms and ammunition" in text and HOME not in text


def test_preview_prints_the_document_and_saves_nothing(courtscreen, docket, tmp_path):
    result = courtscreen("generate", PO, "--form", "findings_of_fact", "--preview", "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    assert "FINDINGS OF FACT" in result.output and "followed the petitioner to work" in result.output
    assert HOME not in result.output
    assert not (tmp_path / "o").exists()
    included = courtscreen("generate", PO, "--form", "findings_of_fact", "--preview",
                           "--include-confidential")
    assert HOME in included.output


def test_list_provisions_marks_unsupported_ones(courtscreen, docket):
    result = courtscreen("generate", PO, "--form", "protection_addendum", "--list-provisions")
    assert result.exit_code == 0, result.output
    assert "[x] po_no_contact" in result.output
    assert "[ ] po_firearms" in result.output and "NO SUPPORT: no supporting finding" in result.output


@pytest.mark.parametrize("args, message", [
    (("--form", "nosuch"), "there is no form 'nosuch'"),
    (("--form", "protection_addendum", "--provision", "sv_curfew"), "'sv_curfew' is not a provision"),
    (("--form", "protection_addendum", "--provision", "po_stay_away:distance"), "name=value"),
    (("--form", "protection_addendum", "--provision", "po_stay_away:distance=near"), "not a whole number"),
])
def test_bad_usage_is_named(courtscreen, docket, args, message):
    result = courtscreen("generate", PO, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_unknown_case_and_missing_arguments(courtscreen, docket):
    assert "no case numbered 'X-1'" in courtscreen("generate", "X-1", "--form", "findings_of_fact").output
    assert courtscreen("generate", "--form", "findings_of_fact").exit_code == 2
    both = courtscreen("generate", PO, "--form", "findings_of_fact", "--type", "custody")
    assert both.exit_code == 2 and "not both" in both.output


def test_batch_reports_each_case_and_exits_3_when_some_fail(courtscreen, docket, tmp_path):
    result = courtscreen("generate", "--form", "protection_addendum", "--type", "po", "--type", "custody",
                         "--out", tmp_path / "batch")
    assert result.exit_code == 3, result.output
    assert f"ok    {PO}: version 1" in result.output
    assert "FAIL  2026-CU-00104: no provision of protection_addendum is supported" in result.output
    assert "1 generated, 1 failed, of 2 case(s)." in result.output
    none = courtscreen("generate", "--form", "protection_addendum", "--screening", "indicated")
    assert none.exit_code == 0 and "No cases match" in none.output
    bad = courtscreen("generate", "--form", "protection_addendum", "--screening", "maybe")
    assert bad.exit_code == 2 and "unknown screening status 'maybe'" in bad.output


def test_roles_decide_which_forms_and_whether_confidential_details_go_in(courtscreen, docket, tmp_path):
    assert courtscreen("--user", "Ada", "users", "add", "Ada", "--role", "administrator").exit_code == 0
    assert courtscreen("--user", "Ada", "users", "add", "Cleo", "--role", "clerk").exit_code == 0
    out = tmp_path / "out"
    ok = courtscreen("--user", "Cleo", "generate", PO, "--form", "protection_addendum", "--out", out)
    assert ok.exit_code == 0, ok.output
    refused = courtscreen("--user", "Cleo", "generate", "26-CADV-0103", "--form", "supervision_conditions",
                          "--provision", "sv_no_contact", "--out", out)
    assert refused.exit_code == 7 and "may not generate the form supervision_conditions" in refused.output
    secret = courtscreen("--user", "Cleo", "generate", PO, "--form", "protection_addendum", "--preview",
                         "--include-confidential")
    assert secret.exit_code == 7 and "may not include confidential details" in secret.output
    assert HOME not in secret.output
    assert len(list(out.iterdir())) == 1
