"""Read one case for documents: the docket row, parties, findings and screening, as a frozen CaseRecord."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.documents.context import CaseRecord, ProtectedPlace
from courtscreen.store.case_roles import case_roles
from courtscreen.store.cases import case_row, parties_for
from courtscreen.store.findings import case_findings
from courtscreen.store.screenings import get_screening
from courtscreen.store.tables import tables


class CaseNotFound(LookupError):
    pass


def load_case_record(engine: Engine, case_id: int) -> CaseRecord:
    """Two queries for the case and its parties (no related-case search: documents do not need it)."""
    t = tables(engine)
    with engine.connect() as conn:
        row = conn.execute(sa.select(t.court_case).where(t.court_case.c.id == case_id)).mappings().first()
        if row is None:
            raise CaseNotFound(f"there is no case with id {case_id}")
        case = case_row(row, parties_for(conn, t, [case_id]).get(case_id, ()))
    found = case_findings(engine, case_id)
    screening = get_screening(engine, case_id)
    behaviours: set[str] = set()
    markers: set[str] = set()
    if screening is not None:
        for ids in screening.answers.behaviours.values():
            behaviours.update(ids)
        markers.update(screening.answers.risk_markers)
    return CaseRecord(
        case_id=case_id, case_number=case.case_number, court=row["court"], case_type=case.case_type,
        division=row["division"], title=row["case_title"], nature=case.nature,
        hearing_date=case.hearing_date, judge=case.judge, courtroom=case.courtroom,
        petitioner=case.names("petitioner"), respondent=case.names("respondent", "defendant"),
        victim=case.names("victim"), incidents=found.incidents, conclusion=found.conclusion,
        cross_conclusion=found.cross_conclusion,
        protected=tuple(ProtectedPlace(p.kind, p.title, p.value) for p in found.protected),
        behaviours=frozenset(behaviours), risk_markers=frozenset(markers),
        roles=case_roles(engine, case_id),
    )
