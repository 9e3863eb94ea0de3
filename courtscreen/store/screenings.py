"""Saving screenings: as the screener goes, resumable, revisable, every change audited.

Each save names the version it read; a save against a newer version is
refused with what changed in between (two clerks on one screening never
overwrite each other). The audit log is append-only: one row per changed
field, with who and when.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.domain.screening import Answers, Assessment, assess, changes, load_catalogue
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.store.audit import AuditRow, audit_log, write_audit  # noqa: F401 (re-exported)
from courtscreen.store.models import CourtCase, Screening, utc_now
from courtscreen.store.triage_links import refresh_linked_to

screening_t = Screening.__table__
cases_t = CourtCase.__table__


class StaleScreening(Exception):
    """Someone else saved this screening since it was opened; nothing was saved."""


class ScreeningNotFound(Exception):
    pass


@dataclass(frozen=True)
class ScreeningRecord:
    id: int
    case_id: int
    catalogue_version: str
    status: str  # draft / complete
    result: ScreeningStatus | None
    step: str
    answers: Answers
    version: int
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime
    completed_at: datetime | None

    @property
    def is_complete(self) -> bool:
        return self.status == "complete"

    def assessment(self) -> Assessment:
        return assess(self.answers)


def _record(row) -> ScreeningRecord:
    return ScreeningRecord(
        id=row["id"], case_id=row["case_id"], catalogue_version=row["catalogue_version"],
        status=row["status"], result=ScreeningStatus(row["result"]) if row["result"] else None,
        step=row["step"], answers=Answers.from_dict(json.loads(row["answers_json"] or "{}")),
        version=row["version"], created_by=row["created_by"], created_at=row["created_at"],
        updated_by=row["updated_by"], updated_at=row["updated_at"], completed_at=row["completed_at"],
    )


def get_screening(engine: Engine, case_id: int) -> ScreeningRecord | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(screening_t).where(screening_t.c.case_id == case_id)).mappings().first()
    return _record(row) if row else None


def start_screening(engine: Engine, case_id: int, user: str, role: str = "") -> ScreeningRecord:
    """Open the case's screening, creating a draft the first time."""
    existing = get_screening(engine, case_id)
    if existing:
        return existing
    now = utc_now()
    answers = Answers(screener_role=role)
    try:
        with engine.begin() as conn:
            if conn.execute(sa.select(cases_t.c.id).where(cases_t.c.id == case_id)).first() is None:
                raise ScreeningNotFound(f"there is no case with id {case_id}")
            sid = conn.execute(sa.insert(screening_t).returning(screening_t.c.id), {
                "case_id": case_id, "catalogue_version": load_catalogue().version, "status": "draft",
                "result": "", "step": "about", "answers_json": json.dumps(answers.to_dict()),
                "version": 1, "created_at": now, "created_by": user, "updated_at": now,
                "updated_by": user, "completed_at": None,
            }).scalar_one()
            _audit(conn, now, user, case_id, sid, [("created", "", "", "")])
            _set_case_status(conn, case_id, ScreeningStatus.IN_PROGRESS)
    except sa.exc.IntegrityError:
        # Someone else opened this case's screening at the same moment: use theirs.
        existing = get_screening(engine, case_id)
        if existing is None:
            raise
        return existing
    return get_screening(engine, case_id)


def save(engine: Engine, record: ScreeningRecord, answers: Answers, user: str, step: str | None = None,
         complete: bool = False) -> ScreeningRecord:
    """Save answers (and where the screener is); complete=True records the result.

    A completed screening stays complete when revised: its result is
    recomputed and the revision is audited field by field.
    """
    now = utc_now()
    new_dict = answers.to_dict()
    diff = changes(record.answers.to_dict(), new_dict)
    finishing = complete or record.is_complete
    assessment = assess(answers) if finishing else None
    values = {"answers_json": json.dumps(new_dict), "step": step or record.step,
              "version": record.version + 1, "updated_at": now, "updated_by": user}
    if finishing:
        values.update(status="complete", result=assessment.status.value)
        if not record.is_complete:
            values["completed_at"] = now
    with engine.begin() as conn:
        done = conn.execute(
            sa.update(screening_t)
            .where(screening_t.c.id == record.id, screening_t.c.version == record.version)
            .values(**values)
        ).rowcount
        if done != 1:
            raise StaleScreening(_stale_message(conn, record))
        action = "revised" if record.is_complete else "saved"
        entries = [(action, f, old, new) for f, old, new in diff]
        if complete and not record.is_complete:
            entries.append(("completed", "result", "", assessment.status.value))
        elif finishing and record.result and assessment.status != record.result:
            entries.append(("revised", "result", record.result.value, assessment.status.value))
        _audit(conn, now, user, record.case_id, record.id, entries)
        _set_case_status(conn, record.case_id,
                         assessment.status if finishing else ScreeningStatus.IN_PROGRESS)
    return get_screening(engine, record.case_id)


def _stale_message(conn: Connection, record: ScreeningRecord) -> str:
    row = conn.execute(sa.select(screening_t).where(screening_t.c.id == record.id)).mappings().first()
    if row is None:
        return "this screening no longer exists; nothing was saved"
    newer = _record(row)
    diff = changes(record.answers.to_dict(), newer.answers.to_dict())
    what = "; ".join(f"{f}: {old or '—'} → {new or '—'}" for f, old, new in diff[:8]) or "no answers"
    return (f"{newer.updated_by} saved this screening at {newer.updated_at:%H:%M} UTC after you opened "
            f"it (they changed {what}). Nothing of yours was saved: reopen the screening to see "
            "their answers, then make your changes again.")


def _audit(conn: Connection, now, user: str, case_id: int, sid: int, entries) -> None:
    write_audit(conn, now, user, case_id, "screening", sid, entries)


def _set_case_status(conn: Connection, case_id: int, status: ScreeningStatus) -> None:
    conn.execute(sa.update(cases_t).where(cases_t.c.id == case_id).values(
        screening_status=status.value,
        screening_result=status.value if status not in (ScreeningStatus.IN_PROGRESS,) else ""))
    refresh_linked_to(conn, case_id)  # a stalking-indicated result raises the linked cases



def find_case_id(engine: Engine, case_number: str, court: str | None = None) -> int:
    """Case id by number (and court when the number is used by several courts)."""
    q = sa.select(cases_t.c.id, cases_t.c.court).where(
        sa.func.upper(cases_t.c.case_number) == case_number.strip().upper())
    if court:
        q = q.where(sa.func.upper(cases_t.c.court) == court.strip().upper())
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    if not rows:
        raise ScreeningNotFound(f"no case numbered {case_number!r}"
                                + (f" in {court!r}" if court else "") + " is in the database")
    if len(rows) > 1:
        courts = ", ".join(repr(c) for _, c in rows)
        raise ScreeningNotFound(f"case number {case_number!r} is used by several courts ({courts}); "
                                "name one with --court")
    return rows[0][0]
