"""Every bundled form, filled for many kinds of case, reopened with python-docx and read back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from doc_cases import HOME, SCHOOL, docx_paragraphs, many_incidents, maximal, minimal, with_names

from courtscreen.config import Jurisdiction
from courtscreen.documents.context import Choice, build_context, choose
from courtscreen.documents.provisions import case_facts, date_words
from courtscreen.documents.registry import load_registry
from courtscreen.documents.render import render_docx
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.clauses import load_clauses, supports

FORMS = ["findings_of_fact", "protection_addendum", "custody_safety", "supervision_conditions"]
TODAY = date(2026, 12, 2)
JURISDICTION = Jurisdiction(state="State of Franklin", acts_required=2)


@pytest.fixture(scope="module")
def registry():
    reg = load_registry()
    assert not reg.rejected, [str(p) for r in reg.rejected for p in r.problems]
    return reg


def fill(registry, form_id, record, choices=None, include_confidential=False, jurisdiction=JURISDICTION):
    form = registry.get(form_id)
    if choices is None and form.manifest.kind != "findings":
        # every provision offered for this case (DV intervention only for intimate partners, …)
        choices = [Choice(s.clause.id) for s in supports(form_id, case_facts(record)) if s.offered]
    provisions = choose(form.manifest, record, choices, include_confidential)
    ctx = build_context(form.manifest, record, provisions, jurisdiction,
                        include_confidential=include_confidential,
                        user="Imogen Thistlewood", today=TODAY, version=3)
    data = render_docx(form.template, ctx, form.manifest.template)
    return "\n".join(docx_paragraphs(data))


def test_the_four_forms_of_the_issue_are_offered(registry):
    assert sorted(registry.forms) == sorted(FORMS)


@pytest.mark.parametrize("form_id", FORMS)
def test_maximal_case_reads_like_an_order(registry, form_id):
    text = fill(registry, form_id, maximal())
    assert "STATE OF FRANKLIN" in text
    assert "HARLAN COUNTY FAMILY COURT" in text
    assert "Anna Quill" in text and "Robert J. Quill" in text
    assert "Case No. 2026-PFA-00102" in text
    assert JURISDICTION.order_names[form_id].upper() in text
    assert "Hon. Desmond Hale" in text
    assert "Page" in text and "document version 3" in text
    assert "{{" not in text and "{%" not in text


def test_findings_form_lists_incidents_found_and_the_conclusions(registry):
    text = fill(registry, "findings_of_fact", maximal())
    assert "On March 2, 2026, the respondent sent 14 text messages" in text
    assert "hid a GPS tracker under the petitioner's car" in text
    # The alleged and disputed incidents are left out (the user did not word them); no working notes.
    assert "posted photographs" not in text and "not yet found" not in text
    # Only the directed element is decided (from the older record's words): DRAFT, no course-of-conduct
    # sentence, and no federal statute presented as the governing law.
    assert "DRAFT — NOT FOR SIGNATURE" in text
    assert "course of conduct directed at" not in text
    assert "credible threat to the physical safety of the petitioner: threats while holding a firearm" in text
    assert "2266" not in text and "2261A" not in text


def test_protection_addendum_numbers_provisions_and_cites_their_findings(registry):
    text = fill(registry, "protection_addendum", maximal())
    assert "1.\tNo contact by any means. The respondent shall not contact" in text
    # The basis names the specific finding, not just incident numbers.
    on = [date_words(date(2026, 3, d), JURISDICTION) for d in (2, 9)]
    assert ("(Based on findings 1 and 2: the respondent sent 14 text messages between midnight and 3 a.m. "
            f"on {on[0]}; the respondent waited in a car outside the petitioner's home on {on[1]}.)") in text
    assert "Firearms and ammunition." in text
    assert "the court's finding of a credible threat: threats while holding a firearm" in text
    assert "922(g)(8)" not in text  # relationship and hearing not recorded: no federal firearms language
    assert "Duration." in text
    assert "SO ORDERED." in text


def test_supervision_conditions_speak_of_defendant_and_victim(registry):
    record = maximal(CaseType.DOMESTIC_VIOLENCE)
    text = fill(registry, "supervision_conditions", replace(record, petitioner="State of Franklin"))
    assert "The defendant, Robert J. Quill, is subject to supervision" in text
    assert 'Anna Quill is "the victim"' in text
    assert "reasonably related" not in text  # no boilerplate nexus: each condition states its own
    assert "3563" not in text  # a state court never cites federal probation law by default
    assert "No contact with the victim." in text
    assert "ACKNOWLEDGEMENT" in text and "Supervising officer" in text
    assert "Plaintiff" in text and "Defendant" in text


@pytest.mark.parametrize("form_id", FORMS)
def test_minimal_case_with_nothing_recorded(registry, form_id):
    choices = None if form_id == "findings_of_fact" else [Choice(load_clauses().for_form(form_id)[0].id)]
    text = fill(registry, form_id, minimal(), choices)
    assert "IN THE COURT" in text  # no court on the docket and none configured: a generic caption
    assert "(petitioner not named on the docket)" in text
    assert "Case No. 2026-PO-1" in text
    if form_id == "findings_of_fact":
        assert "The court does not find any act of the respondent proven" in text
        assert "DRAFT — NOT FOR SIGNATURE" in text and "not yet establish" not in text


@pytest.mark.parametrize("form_id", FORMS)
def test_values_are_text_never_markup_or_template_code(registry, form_id):
    record = with_names(maximal(), "Smith & Sons <LLC>", "{{ 7*7 }} {% if 1 %}x{% endif %}",
                        judge="Hon. O'Brien & \"Partners\"", title="A < B > C")
    text = fill(registry, form_id, record)
    assert "Smith & Sons <LLC>" in text
    assert "{{ 7*7 }} {% if 1 %}x{% endif %}" in text
    assert "49" not in text
    assert "Hon. O'Brien & \"Partners\"" in text
    assert "SO ORDERED." in text or "SO FOUND." in text  # the document was not truncated


@pytest.mark.parametrize("form_id", FORMS)
def test_unicode_and_very_long_names(registry, form_id):
    long_name = "Maximiliana Evangelina Theodora Wolkenstein-Rodenegg-Ostrowska de la Fuente y Zúñiga " * 3
    record = with_names(maximal(), "Zoë Ǆurić-Ångström 李小龍", long_name.strip(), judge="Hon. Søren Æbelø")
    text = fill(registry, form_id, record)
    assert "Zoë Ǆurić-Ångström 李小龍" in text
    assert long_name.strip() in text
    assert "Hon. Søren Æbelø" in text


def test_control_characters_in_values_do_not_break_the_document(registry):
    record = with_names(maximal(), "Anna\x00 Quill\x0b", "Robert\aQuill\fJr\tSr")
    text = fill(registry, "protection_addendum", record)
    assert "Anna Quill" in text and "Robert Quill Jr Sr" in text


def test_many_incidents(registry):
    text = fill(registry, "findings_of_fact", many_incidents(60))
    for n in (1, 30, 60):
        assert f"{n}.\tOn " in text
    assert "sent unwanted message number 60" in text
    assert "The court finds 60 acts" in text


@pytest.mark.parametrize("form_id", FORMS)
def test_confidential_details_are_absent_unless_included(registry, form_id):
    record = maximal(CaseType.CUSTODY)
    withheld = fill(registry, form_id, record)
    assert HOME not in withheld and SCHOOL not in withheld
    assert "withheld from this document" in withheld
    included = fill(registry, form_id, record, include_confidential=True)
    if form_id in ("findings_of_fact", "protection_addendum", "supervision_conditions"):
        assert HOME in included  # findings: incident 2's place; orders: the stay-away places
    assert "CONFIDENTIAL" in included and "Do not serve it on the respondent" in included


def test_jurisdiction_profile_changes_names_citations_and_acts(registry):
    j = Jurisdiction(court_name="Commonwealth District Court", state="Commonwealth of Example",
                     acts_required=3,
                     order_names={**JURISDICTION.order_names, "findings_of_fact": "Harassment Findings"},
                     citations={**JURISDICTION.citations, "course_of_conduct": "G.L. c.258E § 1"})
    text = fill(registry, "findings_of_fact", minimal(), jurisdiction=j)
    assert "COMMONWEALTH OF EXAMPLE" in text and "COMMONWEALTH DISTRICT COURT" in text
    assert "HARASSMENT FINDINGS" in text
    assert "2266" not in text  # three acts: the federal two-act definition is never the source
    assert j.findings_citation("course_of_conduct") == "G.L. c.258E § 1"
