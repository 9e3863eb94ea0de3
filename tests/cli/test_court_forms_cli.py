"""A court's own template adopted without rewriting it, generated for a case from the CLI (issue 18)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from docx import Document
from test_forms_cli import HOME, PO, docket  # noqa: F401  (the fixture: one PO case with findings)

from courtscreen.documents import isolation
from courtscreen.domain import clauses as clause_rules

PROBATION = """title = "Entry: terms of probation (Harlan County)"
template = "Terms_Of_Probation_Template.docx"
kind = "order"
provisions = ["po_no_contact"]

[map]
defendant_first_name = "respondent.first_name"
defendant_last_name = "respondent.last_name"
case_no = "case.number"
hearing_line = "hearing.date ~ ' at ' ~ hearing.time"

[questions.probation_term]
label = "Term of probation"
type = "choice"
choices = ["6 months", "12 months", "24 months"]

[questions.reporting_frequency]
label = "Reporting frequency"
type = "choice"
choices = ["weekly", "monthly"]
default = "monthly"

[questions.bond_amount]
label = "Bond amount"
type = "money"
required = false
"""

TEMPLATE = [
    "{{ order.title }}",
    "Case {{ case_no }} - heard {{ hearing_line }}",
    "{{ defendant_first_name }} {{ defendant_last_name }} is placed on probation for {{ probation_term }}, "
    "reporting {{ reporting_frequency }}.",
    "{% if bond_amount %}Bond is set at {{ bond_amount|money }}.{% endif %}",
    "{%p for p in provisions %}",
    "{{ p.number|ordinal }} condition: {{ p.heading }}. {{ p.text }}",
    "{%p endfor %}",
    "{% if confidential.included %}Home: {{ protected_person.address }}{% endif %}",
]


@pytest.fixture
def court_dir(tmp_path, config_path):
    folder = tmp_path / "court_forms"
    folder.mkdir()
    (folder / "terms_of_probation_template.toml").write_text(PROBATION, "utf-8")
    doc = Document()
    for text in TEMPLATE:
        doc.add_paragraph(text)
    doc.save(folder / "Terms_Of_Probation_Template.docx")
    config_path.write_text(f'[jurisdiction]\nforms_dir = "{folder.as_posix()}"\n', "utf-8")
    yield folder
    clause_rules.court_catalogue = None


@pytest.mark.usefixtures("docket")
def test_court_form_is_listed_with_its_own_title_and_generated_with_answers(courtscreen, court_dir, tmp_path):
    listed = courtscreen("forms", "list")
    assert listed.exit_code == 0, listed.output
    assert "terms_of_probation_template" in listed.output
    assert "Entry: terms of probation (Harlan County)" in listed.output
    assert "asks 3 question(s)" in listed.output
    out = tmp_path / "out"
    missing = courtscreen("generate", PO, "--form", "terms_of_probation_template", "--out", out)
    assert missing.exit_code == 2 and "probation_term: no answer given" in missing.output
    bad = courtscreen("generate", PO, "--form", "terms_of_probation_template",
                      "--set", "probation_term=forever")
    assert bad.exit_code == 2 and "'forever' is not one of: 6 months, 12 months, 24 months" in bad.output
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"probation_term": "12 months", "bond_amount": "2500"}), "utf-8")
    made = courtscreen("generate", PO, "--form", "terms_of_probation_template", "--answers", answers,
                       "--set", "reporting_frequency=weekly", "--provision",
                       "po_no_contact:household=Ann Lee, Bo Lee", "--out", out)
    assert made.exit_code == 0, made.output
    (path,) = out.iterdir()
    assert str(path) in made.output and path.is_absolute()
    text = [p.text for p in Document(path).paragraphs]
    assert text[0] == "Entry: terms of probation (Harlan County)"
    assert "Case 2026-PFA-00102 - heard December 2, 2026 at 10:30 AM" in text
    assert "Robert Quill is placed on probation for 12 months, reporting weekly." in text
    assert "Bond is set at $2,500.00." in text
    assert any(t.startswith("1st condition: No contact by any means.") and "namely Ann Lee, Bo Lee" in t
               for t in text)
    assert not any(HOME in t for t in text)


def test_forms_check_reports_a_mismatched_id_and_writes_a_sample(courtscreen, court_dir, tmp_path):
    (court_dir / "bond_conditions.toml").write_text(
        'id = "bond"\ntitle = "Bond"\ntemplate = "Terms_Of_Probation_Template.docx"\n', "utf-8")
    result = courtscreen("forms", "check", court_dir, "--sample-dir", tmp_path / "samples")
    assert result.exit_code == 3, result.output
    assert "id: 'bond' differs from the file name 'bond_conditions.toml'" in result.output
    assert 'write id = "bond_conditions"' in result.output
    assert "ok   " in result.output and "1 of 2 template(s) passed." in result.output
    sample = tmp_path / "samples" / "terms_of_probation_template_sample.docx"
    assert f"sample: {sample}" in result.output
    text = [p.text for p in Document(sample).paragraphs]
    assert "Sam Example is placed on probation for 6 months, reporting monthly." in text


def test_forms_check_gives_an_id_a_file_without_manifest_can_take(courtscreen, tmp_path):
    doc = Document()
    doc.add_paragraph("{{ case.number }}")
    doc.save(tmp_path / "Bond Conditions (2024).docx")
    result = courtscreen("forms", "check", tmp_path, "--no-sample")
    assert result.exit_code == 0, result.output
    assert "add bond_conditions_2024.toml beside it" in result.output
    assert 'template = "Bond Conditions (2024).docx"' in result.output


@pytest.mark.usefixtures("docket")
def test_a_runaway_court_template_leaves_the_bundled_forms_working(courtscreen, court_dir, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setattr(isolation, "SECONDS", 4.0)
    (court_dir / "runaway.toml").write_text('title = "R"\ntemplate = "runaway.docx"\n', "utf-8")
    doc = Document()
    doc.add_paragraph("{% for a in range(99999) %}{% for b in range(99999) %}{{ a }}{% endfor %}{% endfor %}")
    doc.save(court_dir / "runaway.docx")
    listed = courtscreen("forms", "list")
    assert listed.exit_code == 0
    assert "rejected: " in listed.output and "runaway.docx" in listed.output
    assert "did not finish within 4 s" in listed.output
    made = courtscreen("generate", PO, "--form", "protection_addendum", "--out", tmp_path / "o")
    assert made.exit_code == 0, made.output


def test_forms_fields_prints_the_reference_and_a_forms_questions(courtscreen, court_dir):
    result = courtscreen("forms", "fields")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["NAME", "TYPE", "CONFIDENTIAL", "EXAMPLE"]
    dob = next(line for line in lines if line.startswith("respondent.dob "))
    assert "CONFIDENTIAL" in dob and "3 March 1988" in dob
    assert any(line.startswith("provisions ") for line in lines)
    assert "comma_and_list" in result.output
    form = courtscreen("forms", "fields", "terms_of_probation_template")
    assert form.exit_code == 0, form.output
    assert "defendant_first_name" in form.output and "= respondent.first_name" in form.output
    term = next(line for line in form.output.splitlines() if line.startswith("probation_term "))
    assert "question: choice" in term and "6 months" in term
    assert courtscreen("forms", "fields", "nosuch").exit_code == 2


@pytest.mark.usefixtures("docket")
def test_documents_list_and_status_steps(courtscreen, tmp_path):
    made = courtscreen("generate", PO, "--form", "protection_addendum", "--out", tmp_path / "o")
    assert made.exit_code == 0, made.output
    listed = courtscreen("documents", "list", PO)
    assert listed.exit_code == 0, listed.output
    first = listed.output.splitlines()[0]
    assert "protection_addendum v1  draft" in first
    doc_id = first.split()[0].lstrip("#")
    assert str(tmp_path / "o") in listed.output and "sha256 " in listed.output
    future = courtscreen("documents", "status", doc_id, "signed", "--date", "2999-01-01")
    assert future.exit_code == 2 and "is in the future" in future.output
    today = date.today().isoformat()
    signed = courtscreen("documents", "status", doc_id, "signed", "--date", today, "--note", "in chambers")
    assert signed.exit_code == 0, signed.output
    again = courtscreen("documents", "status", doc_id, "signed")
    assert again.exit_code == 2 and "already signed" in again.output
    assert courtscreen("documents", "status", doc_id, "entered").exit_code == 0
    listed = courtscreen("documents", "list", PO).output
    assert "entered in the registry" in listed.splitlines()[0]
    assert f"signed on {today} (recorded by" in listed and "in chambers" in listed


def test_a_court_form_lists_every_charge_row_of_the_case(courtscreen, tmp_path, config_path, request):
    """One row per charge (a criminal docket): the form lists both charges with their statute,
    not only the first row's or the columns whose header says "charge" (issue 18 with issue 20)."""
    request.addfinalizer(lambda: setattr(clause_rules, "court_catalogue", None))
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "charges_list.toml").write_text('title = "Charges"\ntemplate = "charges_list.docx"\n', "utf-8")
    doc = Document()
    for text in ("{%p for c in charges %}", "Count {{ c.number }}: {{ c.description }} "
                 "({{ c.statute }}, {{ c.severity }}) - {{ c.disposition }}", "{%p endfor %}"):
        doc.add_paragraph(text)
    doc.save(folder / "charges_list.docx")
    config_path.write_text(f'[jurisdiction]\nforms_dir = "{folder.as_posix()}"\n', "utf-8")
    charge_rows = tmp_path / "charges.csv"
    charge_rows.write_text(
        "Case No.,Court,Case Type,Charge Description,Statute,Severity,Disposition,Hearing Date,"
        "Petitioner/Plaintiff,Respondent/Defendant\n"
        "24-CR-0001,Alder Court,Criminal,STALKING,76-5-106.5,MA,GUILTY,2026-12-01,State,\"Fenwick, Ada\"\n"
        "24-CR-0001,Alder Court,Criminal,CRIMINAL MISCHIEF,76-6-106,MB,DISMISSED,2026-12-01,State,"
        "\"Fenwick, Ada\"\n", "utf-8")
    assert courtscreen("import", charge_rows).exit_code == 0
    out = tmp_path / "out"
    made = courtscreen("generate", "24-CR-0001", "--form", "charges_list", "--out", out)
    assert made.exit_code == 0, made.output
    (path,) = out.iterdir()
    text = [p.text for p in Document(path).paragraphs if p.text.strip()]
    assert text == ["Count 1: STALKING (76-5-106.5, MA) - GUILTY",
                    "Count 2: CRIMINAL MISCHIEF (76-6-106, MB) - DISMISSED"]


@pytest.mark.usefixtures("docket")
def test_only_who_may_make_a_form_records_that_it_was_signed_or_served(courtscreen, tmp_path):
    """A probation officer (supervision conditions only) cannot mark a protection order served."""
    assert courtscreen("--user", "Ada", "users", "add", "Ada", "--role", "administrator").exit_code == 0
    assert courtscreen("--user", "Ada", "users", "add", "Pip", "--role", "probation_officer").exit_code == 0
    made = courtscreen("--user", "Ada", "generate", PO, "--form", "protection_addendum", "--out", tmp_path)
    assert made.exit_code == 0, made.output
    doc_id = courtscreen("--user", "Ada", "documents", "list", PO).output.split()[0].lstrip("#")
    refused = courtscreen("--user", "Pip", "documents", "status", doc_id, "served")
    assert refused.exit_code == 7, refused.output
    assert "record that protection_addendum document" in refused.output
    assert "draft" in courtscreen("--user", "Ada", "documents", "list", PO).output.splitlines()[0]
    assert courtscreen("--user", "Ada", "documents", "status", doc_id, "signed").exit_code == 0
