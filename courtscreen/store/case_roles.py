"""Saving who did what to whom per case (domain.case_roles), audited field by field.

A case without a stored row reads as the defaults for its type, marked as not
recorded, so every screen can say "defaults, not confirmed" until someone does.
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.domain.case_roles import CaseRoles, ProtectedPerson, default_roles, roles_to_dict
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening import changes
from courtscreen.store.audit import write_audit
from courtscreen.store.models import CaseRolesRecord, CourtCase, utc_now

roles_t = CaseRolesRecord.__table__
cases_t = CourtCase.__table__
CRIMINAL_TYPES = (CaseType.DOMESTIC_VIOLENCE.value, CaseType.OTHER_CRIMINAL.value)


class RolesNotFound(LookupError):
    pass


class StaleRoles(Exception):
    """Someone saved this case's roles since they were opened; nothing was saved."""


def roles_from_dict(data: dict, *, criminal: bool, recorded: bool) -> CaseRoles:
    """Rebuild stored roles (validated on the way in; tolerant of keys added later)."""
    base = default_roles(criminal)
    victim_name = data.get("victim_name", "")
    protected = []
    for spec in data.get("protected") or [p.kind if p.kind == "victim" else p.role for p in base.protected]:
        kind, _, name = str(spec).partition(":")
        if kind in ("petitioner", "respondent", "defendant"):
            protected.append(ProtectedPerson("party", kind))
        elif kind == "victim":
            protected.append(ProtectedPerson("victim", name=name or victim_name))
        else:
            protected.append(ProtectedPerson(kind, name=name))
    yn = {"yes": True, "no": False}
    raw_date = data.get("order_date", "")
    return CaseRoles(conduct_of=data.get("conduct_of", base.conduct_of), protected=tuple(protected),
                     victim_name=victim_name, relationship=data.get("relationship", ""),
                     cohabited=yn.get(data.get("cohabited", "")),
                     hearing_with_notice=yn.get(data.get("hearing_with_notice", "")),
                     order_kind=data.get("order_kind", ""),
                     order_date=date.fromisoformat(raw_date) if raw_date else None,
                     mutual=data.get("mutual") == "yes", recorded=recorded)


def _case_type(conn, case_id: int) -> str:
    kind = conn.execute(sa.select(cases_t.c.case_type).where(cases_t.c.id == case_id)).scalar()
    if kind is None:
        raise RolesNotFound(f"there is no case with id {case_id}")
    return kind


def get_roles(engine: Engine, case_id: int) -> tuple[CaseRoles, int]:
    """The case's roles and the version read (0: none stored, these are the type's defaults)."""
    with engine.connect() as conn:
        criminal = _case_type(conn, case_id) in CRIMINAL_TYPES
        row = conn.execute(sa.select(roles_t).where(roles_t.c.case_id == case_id)).mappings().first()
    if row is None:
        return default_roles(criminal), 0
    return (roles_from_dict(json.loads(row["details_json"] or "{}"), criminal=criminal,
                            recorded=bool(row["recorded"])), row["version"])


def case_roles(engine: Engine, case_id: int) -> CaseRoles:
    return get_roles(engine, case_id)[0]


def save_roles(engine: Engine, case_id: int, old_version: int, new: CaseRoles, user: str) -> CaseRoles:
    """Save the roles the user confirmed; refused if someone saved in between."""
    old, version = get_roles(engine, case_id)
    if version != old_version:
        raise StaleRoles("someone else saved the roles of this case after you opened them; nothing of "
                         "yours was saved. Reopen to see theirs.")
    diff = changes(roles_to_dict(old) | {"confirmed": "yes" if old.recorded else "no"},
                   roles_to_dict(new) | {"confirmed": "yes"})
    if not diff:
        return old
    now = utc_now()
    payload = json.dumps(roles_to_dict(new), ensure_ascii=False)
    with engine.begin() as conn:
        if version == 0:
            try:
                with conn.begin_nested():
                    rid = conn.execute(sa.insert(roles_t).returning(roles_t.c.id), {
                        "case_id": case_id, "details_json": payload, "recorded": True, "version": 1,
                        "updated_at": now, "updated_by": user}).scalar_one()
            except sa.exc.IntegrityError:
                raise StaleRoles("someone else saved the roles of this case after you opened them; "
                                 "nothing of yours was saved.") from None
        else:
            rid = conn.execute(sa.update(roles_t).where(roles_t.c.case_id == case_id,
                                                        roles_t.c.version == version)
                               .values(details_json=payload, recorded=True, version=version + 1,
                                       updated_at=now, updated_by=user).returning(roles_t.c.id)).scalar()
            if rid is None:
                raise StaleRoles("someone else saved the roles of this case after you opened them; "
                                 "nothing of yours was saved.")
        write_audit(conn, now, user, case_id, "roles", rid, [("saved", f, a, b) for f, a, b in diff])
    return get_roles(engine, case_id)[0]
