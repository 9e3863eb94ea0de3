"""Saving findings: incidents, the case conclusion and protected (confidential) details.

Incidents are never deleted. An edit names the version it read and is refused
if someone saved in between (nothing lost, the message says what they
changed); a withdrawal needs a reason. Every change goes to the audit log
field by field, so the history of a finding can be read back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.domain.findings import Conclusion, Incident, conclusion_from_dict, incident_from_record
from courtscreen.domain.screening import changes
from courtscreen.store.access import can_read_confidential_values
from courtscreen.store.audit import write_audit
from courtscreen.store.models import ConductConclusion, CourtCase, ProtectedDetail, utc_now
from courtscreen.store.models import Incident as IncidentRow

incident_t = IncidentRow.__table__
conclusion_t = ConductConclusion.__table__
protected_t = ProtectedDetail.__table__
cases_t = CourtCase.__table__

PROTECTED_KINDS = {"home": "Home address", "workplace": "Workplace", "phone": "Phone number",
                   "email": "Email address", "school": "Children's school", "childcare": "Childcare",
                   "shelter": "Shelter", "vehicle": "Vehicle", "other": "Other"}


class StaleRecord(Exception):
    """Someone else saved this record since it was opened; nothing was saved."""


class RecordNotFound(Exception):
    pass


@dataclass(frozen=True)
class Protected:
    id: int
    kind: str
    label: str
    value: str

    @property
    def title(self) -> str:
        return self.label or PROTECTED_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class CaseFindings:
    """Everything recorded about the conduct in one case: what documents and exports read."""

    case_id: int
    incidents: tuple[Incident, ...]
    conclusion: Conclusion
    protected: tuple[Protected, ...]
    cross_conclusion: Conclusion = Conclusion()  # mutual case: the conclusions on the other party's conduct

    @property
    def live_incidents(self) -> tuple[Incident, ...]:
        return tuple(i for i in self.incidents if not i.withdrawn)


def _incident(row) -> Incident:
    return incident_from_record(
        id=row["id"], number=row["number"], date_start=row["date_start"], date_end=row["date_end"],
        date_text=row["date_text"], finding=row["finding"], details=json.loads(row["details_json"] or "{}"),
        withdrawn=bool(row["withdrawn"]), withdrawn_reason=row["withdrawn_reason"], version=row["version"])


def list_incidents(engine: Engine, case_id: int) -> list[Incident]:
    """The case's incidents in date order (undated last), withdrawn ones included."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(incident_t).where(incident_t.c.case_id == case_id)
                            .order_by(incident_t.c.date_start.is_(None), incident_t.c.date_start,
                                      incident_t.c.number)).mappings().all()
    return [_incident(r) for r in rows]


def get_incident(engine: Engine, incident_id: int) -> Incident:
    with engine.connect() as conn:
        row = conn.execute(sa.select(incident_t).where(incident_t.c.id == incident_id)).mappings().first()
    if row is None:
        raise RecordNotFound(f"there is no incident with id {incident_id}")
    return _incident(row)


def _audited(inc: Incident) -> dict:
    """What the audit log keeps of an incident: a confidential location is never copied there."""
    data = inc.to_dict()
    if inc.location_confidential and inc.location:
        data["location"] = "(confidential)"
    return data


def _columns(inc: Incident) -> dict:
    return {"date_start": inc.when.start, "date_end": inc.when.end, "date_text": inc.when.text,
            "finding": inc.finding, "details_json": json.dumps(inc.details(), ensure_ascii=False)}


def add_incidents(engine: Engine, case_id: int, incidents: list[Incident], user: str) -> list[Incident]:
    """Record new incidents, numbered after the case's last one, all or none."""
    now = utc_now()
    added = []
    with engine.begin() as conn:
        if not _lock_case(conn, case_id):
            raise RecordNotFound(f"there is no case with id {case_id}")
        number = conn.execute(sa.select(sa.func.coalesce(sa.func.max(incident_t.c.number), 0))
                              .where(incident_t.c.case_id == case_id)).scalar_one()
        for inc in incidents:
            number += 1
            iid = conn.execute(sa.insert(incident_t).returning(incident_t.c.id), {
                "case_id": case_id, "number": number, **_columns(inc), "withdrawn": False,
                "withdrawn_reason": "", "version": 1, "created_at": now, "created_by": user,
                "updated_at": now, "updated_by": user}).scalar_one()
            entries = [("created", f, "", new) for f, _, new in changes({}, _audited(inc))]
            write_audit(conn, now, user, case_id, "incident", iid, entries or [("created", "", "", "")])
            added.append(iid)
    return [get_incident(engine, i) for i in added]


def _lock_case(conn: Connection, case_id: int) -> bool:
    """Hold the case until commit so two clerks adding incidents at once get numbers one after the other
    (issue 17: the second used to fail on the unique number). False: no such case."""
    if conn.dialect.name == "sqlite":  # take the write lock before reading the last number
        return conn.execute(sa.update(cases_t).where(cases_t.c.id == case_id)
                            .values(id=cases_t.c.id)).rowcount == 1
    return conn.execute(sa.select(cases_t.c.id).where(cases_t.c.id == case_id)
                        .with_for_update()).first() is not None


def add_incident(engine: Engine, case_id: int, incident: Incident, user: str) -> Incident:
    return add_incidents(engine, case_id, [incident], user)[0]


def update_incident(engine: Engine, old: Incident, new: Incident, user: str) -> Incident:
    """Save an edit of `old` (as the user opened it). Refused if it changed meanwhile."""
    if old.withdrawn:
        raise StaleRecord(f"incident {old.number} was withdrawn; it can no longer be edited")
    if old.to_dict() == new.to_dict():
        return old
    diff = changes(_audited(old), _audited(new))
    if old.location != new.location and (old.location_confidential or new.location_confidential):
        diff.append(("location", "(confidential)", "(confidential, changed)"))
    now = utc_now()
    with engine.begin() as conn:
        done = conn.execute(
            sa.update(incident_t).where(incident_t.c.id == old.id, incident_t.c.version == old.version,
                                        sa.not_(incident_t.c.withdrawn))
            .values(**_columns(new), version=old.version + 1, updated_at=now, updated_by=user)).rowcount
        if done != 1:
            raise StaleRecord(_stale_incident(conn, old))
        case_id = _case_of(conn, old.id)
        write_audit(conn, now, user, case_id, "incident", old.id, [("edited", f, a, b) for f, a, b in diff])
    return get_incident(engine, old.id)


def withdraw_incident(engine: Engine, old: Incident, reason: str, user: str) -> Incident:
    """Strike an incident from the findings, keeping it (and why) in the record."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValueError("reason: say why the incident is withdrawn (e.g. 'entered on the wrong case')")
    now = utc_now()
    with engine.begin() as conn:
        done = conn.execute(
            sa.update(incident_t).where(incident_t.c.id == old.id, incident_t.c.version == old.version,
                                        sa.not_(incident_t.c.withdrawn))
            .values(withdrawn=True, withdrawn_reason=reason, version=old.version + 1, updated_at=now,
                    updated_by=user)).rowcount
        if done != 1:
            raise StaleRecord(_stale_incident(conn, old))
        write_audit(conn, now, user, _case_of(conn, old.id), "incident", old.id,
                    [("withdrawn", "reason", "", reason)])
    return get_incident(engine, old.id)


def _case_of(conn: Connection, incident_id: int) -> int:
    return conn.execute(sa.select(incident_t.c.case_id).where(incident_t.c.id == incident_id)).scalar_one()


def _stale_incident(conn: Connection, old: Incident) -> str:
    row = conn.execute(sa.select(incident_t).where(incident_t.c.id == old.id)).mappings().first()
    if row is None:
        return f"incident {old.number} no longer exists; nothing was saved"
    newer = _incident(row)
    if newer.withdrawn:
        return (f"{row['updated_by']} withdrew incident {old.number} at {row['updated_at']:%H:%M} UTC "
                f"({newer.withdrawn_reason}). Nothing of yours was saved.")
    diff = changes(_audited(old), _audited(newer))
    what = "; ".join(f"{f}: {a or '—'} → {b or '—'}" for f, a, b in diff[:6]) or "nothing visible"
    return (f"{row['updated_by']} saved incident {old.number} at {row['updated_at']:%H:%M} UTC after you "
            f"opened it (they changed {what}). Nothing of yours was saved: reopen it to see their "
            "version, then make your changes again.")


# ----- the conclusion -----------------------------------------------------------------------

def _conclusion_row(engine: Engine, case_id: int):
    with engine.connect() as conn:
        return conn.execute(sa.select(conclusion_t)
                            .where(conclusion_t.c.case_id == case_id)).mappings().first()


def get_conclusion(engine: Engine, case_id: int, side: str = "") -> Conclusion:
    """The conclusions on the case's conduct party; side "cross": on the other party (mutual case)."""
    row = _conclusion_row(engine, case_id)
    if row is None:
        return Conclusion()
    data = json.loads(row["details_json"] or "{}")
    if side == "cross":
        data = data.get("cross") or {}
    return conclusion_from_dict(data, row["version"])


def save_conclusion(engine: Engine, case_id: int, old: Conclusion, new: Conclusion, user: str,
                    side: str = "") -> Conclusion:
    """Save the case conclusion; `old.version` 0 means the user saw none yet.

    side "cross" saves the conclusions on the other party's conduct in a mutual
    case (kept in the same record, so one version guards both)."""
    diff = changes(old.to_dict(), new.to_dict())
    if not diff:
        return old
    now = utc_now()
    row = _conclusion_row(engine, case_id)
    stored = json.loads(row["details_json"] or "{}") if row is not None else {}
    if side == "cross":
        payload = json.dumps({**stored, "cross": new.to_dict()}, ensure_ascii=False)
        diff = [(f"cross.{f}", a, b) for f, a, b in diff]
    else:
        payload = json.dumps({**new.to_dict(), **({"cross": stored["cross"]} if "cross" in stored else {})},
                             ensure_ascii=False)
    with engine.begin() as conn:
        if old.version == 0:
            try:
                with conn.begin_nested():
                    cid = conn.execute(sa.insert(conclusion_t).returning(conclusion_t.c.id), {
                        "case_id": case_id, "details_json": payload, "version": 1, "updated_at": now,
                        "updated_by": user}).scalar_one()
            except sa.exc.IntegrityError:
                raise StaleRecord("someone else recorded the conclusions for this case after you opened "
                                  "it; nothing of yours was saved. Reopen to see theirs.") from None
        else:
            cid = conn.execute(sa.update(conclusion_t).where(
                conclusion_t.c.case_id == case_id, conclusion_t.c.version == old.version)
                .values(details_json=payload, version=old.version + 1, updated_at=now, updated_by=user)
                .returning(conclusion_t.c.id)).scalar()
            if cid is None:
                raise StaleRecord("someone else changed the conclusions for this case after you opened "
                                  "them; nothing of yours was saved. Reopen to see theirs.")
        write_audit(conn, now, user, case_id, "conclusion", cid, [("saved", f, a, b) for f, a, b in diff])
    return get_conclusion(engine, case_id, side)


# ----- protected details --------------------------------------------------------------------

def list_protected(engine: Engine, case_id: int) -> list[Protected]:
    with engine.connect() as conn:
        # PostgreSQL: a role without view_confidential may not read the values (column privilege).
        value = (protected_t.c.value if can_read_confidential_values(conn)
                 else sa.literal("(confidential)").label("value"))
        columns = [c for c in protected_t.c if c.name != "value"]
        rows = conn.execute(sa.select(*columns, value).where(protected_t.c.case_id == case_id,
                                                             sa.not_(protected_t.c.withdrawn))
                            .order_by(protected_t.c.id)).mappings().all()
    return [Protected(r["id"], r["kind"], r["label"], r["value"]) for r in rows]


def add_protected(engine: Engine, case_id: int, kind: str, value: str, user: str,
                  label: str = "") -> Protected:
    if kind not in PROTECTED_KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(PROTECTED_KINDS)}")
    value = value.strip()
    if not value:
        raise ValueError("value: the detail is empty")
    now = utc_now()
    with engine.begin() as conn:
        pid = conn.execute(sa.insert(protected_t).returning(protected_t.c.id), {
            "case_id": case_id, "kind": kind, "label": label.strip(), "value": value, "withdrawn": False,
            "created_at": now, "created_by": user}).scalar_one()
        # The audit says a detail was recorded, not what it is: the log is read more widely.
        write_audit(conn, now, user, case_id, "protected", pid, [("created", kind, "", "(confidential)")])
    return Protected(pid, kind, label.strip(), value)


def withdraw_protected(engine: Engine, case_id: int, detail_id: int, user: str) -> None:
    now = utc_now()
    with engine.begin() as conn:
        done = conn.execute(sa.update(protected_t).where(
            protected_t.c.id == detail_id, protected_t.c.case_id == case_id).values(withdrawn=True)).rowcount
        if done != 1:
            raise RecordNotFound(f"case {case_id} has no protected detail {detail_id}")
        write_audit(conn, now, user, case_id, "protected", detail_id, [("withdrawn", "", "", "")])


def case_findings(engine: Engine, case_id: int) -> CaseFindings:
    return CaseFindings(case_id, tuple(list_incidents(engine, case_id)), get_conclusion(engine, case_id),
                        tuple(list_protected(engine, case_id)), get_conclusion(engine, case_id, "cross"))


def incident_counts(engine: Engine, case_ids=None) -> dict[int, int]:
    """Live (not withdrawn) incidents per case: for the docket, related cases and exports."""
    q = (sa.select(incident_t.c.case_id, sa.func.count()).where(sa.not_(incident_t.c.withdrawn))
         .group_by(incident_t.c.case_id))
    if case_ids is not None:
        q = q.where(incident_t.c.case_id.in_(list(case_ids)))
    with engine.connect() as conn:
        return dict(conn.execute(q).all())
