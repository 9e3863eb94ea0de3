"""Read one case for documents: the docket row, parties, findings and screening, as a frozen CaseRecord."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from courtscreen.documents.context import CaseRecord, ProtectedPlace
from courtscreen.store.findings import case_findings
from courtscreen.store.screenings import get_screening
from courtscreen.store.worklist import case_detail


class CaseNotFound(LookupError):
    pass


def load_case_record(engine: Engine, case_id: int) -> CaseRecord:
    detail = case_detail(engine, case_id)
    if detail is None:
        raise CaseNotFound(f"there is no case with id {case_id}")
    case = detail.row.case
    found = case_findings(engine, case_id)
    screening = get_screening(engine, case_id)
    behaviours: set[str] = set()
    markers: set[str] = set()
    if screening is not None:
        for ids in screening.answers.behaviours.values():
            behaviours.update(ids)
        markers.update(screening.answers.risk_markers)
    return CaseRecord(
        case_id=case_id, case_number=case.case_number, court=detail.court, case_type=case.case_type,
        division=detail.division, title=detail.case_title, nature=case.nature,
        hearing_date=case.hearing_date, judge=case.judge, courtroom=case.courtroom,
        petitioner=case.names("petitioner"), respondent=case.names("respondent", "defendant"),
        victim=case.names("victim"), incidents=found.incidents, conclusion=found.conclusion,
        protected=tuple(ProtectedPlace(p.kind, p.title, p.value) for p in found.protected),
        behaviours=frozenset(behaviours), risk_markers=frozenset(markers),
    )
