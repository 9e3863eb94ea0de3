"""A fictional case used to trial-fill templates (validation) and to show what a form looks like."""

from __future__ import annotations

from datetime import date

from courtscreen.config import Jurisdiction
from courtscreen.documents.context import CaseRecord, Choice, ProtectedPlace, build_context, choose
from courtscreen.documents.manifest import Manifest
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.findings import Conclusion, Evidence, Incident, When


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
        hearing_date=date(2026, 1, 15), judge="Hon. Sample Judge", courtroom="2A",
        petitioner="Pat Example", respondent="Sam Example", incidents=incidents,
        conclusion=Conclusion("the petitioner, Pat Example", "yes", "threats with a weapon"),
        protected=(ProtectedPlace("home", "Home address", "1 Example Road"),),
        risk_markers=frozenset({"firearm_access"}),
    )


def sample_context(manifest: Manifest, today: date | None = None, jurisdiction: Jurisdiction | None = None,
                   include_confidential: bool = False) -> dict:
    record = sample_record()
    from courtscreen.documents.provisions import case_facts
    from courtscreen.domain.clauses import supports

    every = [Choice(s.clause.id) for s in supports(manifest.id, case_facts(record)) if s.offered]
    provisions = choose(manifest, record, every, include_confidential)
    return build_context(manifest, record, provisions, jurisdiction or Jurisdiction(),
                         include_confidential=include_confidential, user="Sample Clerk",
                         today=today, version=1)
