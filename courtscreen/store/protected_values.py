"""Every protected value on file for a case and the cases linked to it, for withholding.

Documents and exports withhold these wherever they appear (domain.protected_values).
Linked cases are those sharing a (non-organisation) party, as the case view and
the export count them: the protected person's address recorded on the custody case
is as confidential on the protection-order case of the same parties.

Withdrawn details are included on purpose: a detail withdrawn because it was
entered twice or is no longer current is still somebody's address.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.store.access import can_read_confidential_values
from courtscreen.store.models import Incident, ProtectedDetail
from courtscreen.store.tables import tables

protected_t = ProtectedDetail.__table__
incident_t = Incident.__table__


def linked_case_ids(conn: Connection, case_id: int) -> set[int]:
    t = tables(conn.engine)
    a, b, party = t.case_party.alias("a"), t.case_party.alias("b"), t.party
    q = (sa.select(b.c.case_id).distinct()
         .join(party, sa.and_(party.c.id == a.c.party_id, sa.not_(party.c.is_organisation)))
         .join(b, sa.and_(b.c.party_id == a.c.party_id, b.c.case_id != a.c.case_id))
         .where(a.c.case_id == case_id))
    return set(conn.execute(q).scalars())


class ProtectedValuesUnreadable(PermissionError):
    """This database login may not read the protected values (PostgreSQL, issue 17), so nothing can be
    checked against them; a document must then not be made by this login."""


def protected_values(engine: Engine, case_id: int, linked: bool = True) -> list[str]:
    """Protected-detail values and confidential incident locations of the case (and linked cases).

    Raises ProtectedValuesUnreadable when such details exist but this login may not read them.
    """
    with engine.connect() as conn:
        ids = {case_id} | (linked_case_ids(conn, case_id) if linked else set())
        where = protected_t.c.case_id.in_(ids)
        if not can_read_confidential_values(conn):
            if conn.execute(sa.select(sa.func.count()).select_from(protected_t).where(where)).scalar():
                raise ProtectedValuesUnreadable(
                    "this case (or a case linked to it) has protected details your database login may not "
                    "read, so courtscreen cannot check the document for them; ask a user who may view "
                    "confidential details to generate it")
            values = []
        else:
            values = list(conn.execute(sa.select(protected_t.c.value).where(where)).scalars())
        for raw in conn.execute(sa.select(incident_t.c.details_json).where(incident_t.c.case_id.in_(ids))
                                ).scalars():
            try:
                details = json.loads(raw or "{}")
            except ValueError:
                continue
            if details.get("location_confidential") and details.get("location"):
                values.append(str(details["location"]))
    return [v for v in values if v and v.strip()]


def confidential_locations(engine: Engine) -> dict[int, list[str]]:
    """Confidential incident locations by case, for exports (a small table: cases with findings only)."""
    out: dict[int, list[str]] = {}
    with engine.connect() as conn:
        for case_id, raw in conn.execute(sa.select(incident_t.c.case_id, incident_t.c.details_json)):
            try:
                details = json.loads(raw or "{}")
            except ValueError:
                continue
            if details.get("location_confidential") and str(details.get("location") or "").strip():
                out.setdefault(case_id, []).append(str(details["location"]))
    return out
