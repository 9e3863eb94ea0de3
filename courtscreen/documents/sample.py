"""A fictional case used to trial-fill templates (validation) and to show what a form looks like."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from courtscreen.config import Jurisdiction
from courtscreen.documents.context import CaseRecord, Choice, ProtectedPlace, build_context, choose
from courtscreen.documents.manifest import Manifest
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.clauses import load_clauses
from courtscreen.domain.findings import Conclusion, Evidence, Incident, When
from courtscreen.store.case_details import CaseDetails, PartyDetail

FALLBACK_FORM = "protection_addendum"  # whose clauses a court form without its own shows in a trial


def sample_record() -> CaseRecord:
    incidents = (
        Incident(When(date(2025, 11, 3), date(2025, 11, 3), "3 November 2025"),
                 "sent 41 text messages in one night", "proven", ("text",), ("life_invasion",),
                 evidence=(Evidence("screenshot", "screenshots of the messages", "petition"),),
                 reactions=("fear",), behaviours=("repeated_calls_texts",), number=1),
        Incident(When(date(2025, 11, 20), date(2025, 11, 20), "20 November 2025"),
                 "waited outside the petitioner's workplace", "proven", ("in_person",), ("surveillance",),
                 location="Example Street", location_confidential=True, reactions=("changed_routine",),
                 behaviours=("showing_up",), number=2),
        Incident(When(None, None, ""), "posted photographs of the petitioner", "alleged", ("social_media",),
                 ("life_invasion",), number=3),
    )
    return CaseRecord(
        case_id=0, case_number="2026-SAMPLE-0001", court="Sample County Family Court",
        case_type=CaseType.PROTECTION_ORDER, division="Family Division", nature="Relief from abuse",
        title="Example v. Example",
        hearing_date=date(2026, 1, 15), judge="Hon. Sample Judge", courtroom="2A",
        petitioner="Pat Example", respondent="Sam Example", incidents=incidents,
        conclusion=Conclusion("the petitioner, Pat Example", "yes", "threats with a weapon"),
        protected=(ProtectedPlace("home", "Home address", "1 Example Road"),),
        risk_markers=frozenset({"firearm_access"}),
    )


def sample_details() -> CaseDetails:
    return CaseDetails(
        parties=(PartyDetail("petitioner", "Pat Example", "Pat", "", "Example", "", date(1990, 5, 14)),
                 PartyDetail("respondent", "Sam Q. Example", "Sam", "Q.", "Example", "Jr.", date(1988, 3, 3)),
                 PartyDetail("respondent_attorney", "Lee Counsel", "Lee", "", "Counsel")),
        filing_date=date(2026, 1, 2), hearing_time=time(9, 30), status="Open",
        docket=(("Case Number", "2026-SAMPLE-0001"), ("Charge 1", "Stalking (first offense)"),
                ("Respondent Address", "9 Sample Lane")))


def sample_context(manifest: Manifest, today: date | None = None, jurisdiction: Jurisdiction | None = None,
                   include_confidential: bool = False) -> dict:
    record = sample_record()
    from courtscreen.documents.provisions import case_facts
    from courtscreen.domain.clauses import supports

    catalogue = load_clauses()
    offering = manifest
    if not catalogue.for_form(manifest.id):  # a court form whose clauses this process has not merged
        known = {c.id: c for c in catalogue.clauses}
        first = next((known[c].forms[0] for c in manifest.provisions if c in known and known[c].forms), None)
        offering = replace(manifest, id=first or FALLBACK_FORM)
    offered = {s.clause.id for s in supports(offering.id, case_facts(record), catalogue) if s.offered}
    every = [Choice(c.id) for c in catalogue.for_form(offering.id) if c.id in offered
             and (offering is manifest or not manifest.provisions or c.id in manifest.provisions)]
    provisions = choose(offering, record, every, include_confidential)
    return build_context(manifest, record, provisions, jurisdiction or Jurisdiction(),
                         include_confidential=include_confidential, user="Sample Clerk",
                         today=today, version=1)


def sample_court_context(manifest: Manifest, today: date | None = None, include_confidential: bool = False,
                         jurisdiction: Jurisdiction | None = None) -> dict:
    """The sample context with every court-template name (documents.court_context)."""
    from courtscreen.documents.court_context import extend_context

    base = sample_context(manifest, today, jurisdiction, include_confidential)
    return extend_context(base, sample_record(), sample_details(), include_confidential=include_confidential)


EMPTY_LISTS = {"provisions": [], "incidents": [], "people": [], "attorneys": [], "charges": [],
               "docket_columns": [], "elements": []}


def trial_contexts(manifest: Manifest, today: date | None = None):
    """(what this trial is, context, answers): every branch a real case can take through the template."""
    base_answers = {q.name: q.trial_values()[0] for q in manifest.questions}
    withheld = sample_court_context(manifest, today, False)
    yield "the sample case", withheld, base_answers
    yield "with confidential details included", sample_court_context(manifest, today, True), base_answers
    empty = {**withheld, **EMPTY_LISTS,
             "findings": {**withheld["findings"], "incidents": [], "not_found": [], "conclusions": []}}
    yield "with no provisions, incidents, charges or attorneys", empty, base_answers
    for q in manifest.questions:
        for value in q.trial_values()[1:]:
            yield f"with {q.name} = {value!r}", withheld, {**base_answers, q.name: value}
