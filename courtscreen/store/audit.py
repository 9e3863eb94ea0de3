"""The append-only audit log: one row per changed field, with who and when.

courtscreen only ever inserts here. Screenings, incidents, conclusions and
protected details all write through `write_audit`, so the case view and the
audit export read one history.

Entries that record confidential details leaving the database (a document or
an export that includes them) are also appended to the hash-chained audit trail
(store/trail.py) as reads, in the same transaction. On SQLite, which has no
row triggers writing the trail, every call is also appended to the trail as one
"change" row (the same field-by-field entries), so the app's changes are under
the hash chain there too; on PostgreSQL the database's triggers do that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.store.models import AuditEntry
from courtscreen.store.trail import record_event

audit_t = AuditEntry.__table__


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    user: str
    action: str
    field: str
    old: str
    new: str
    record: str = "screening"
    record_id: int = 0


def write_audit(conn: Connection, now: datetime, user: str, case_id: int | None, record: str, record_id: int,
                entries) -> None:
    """entries: (action, field, old, new) tuples; nothing is written for none."""
    if not entries:
        return
    entries = list(entries)
    for _action, field, _old, new in entries:
        if ((record == "export" and field == "confidential")
                or (record == "document" and "(confidential details included)" in new)):
            record_event(conn, "read", user, table=record, row_id=record_id, case_id=case_id,
                         detail={"read": "confidential details", "via": record, "what": new[:500]})
    if conn.dialect.name == "sqlite":
        record_event(conn, "change", user, table=record, row_id=record_id, case_id=case_id,
                     detail={"entries": [list(e) for e in entries]})
    conn.execute(sa.insert(audit_t), [
        {"at": now, "user_name": user, "case_id": case_id, "record": record, "record_id": record_id,
         "action": action, "field_name": field, "old_value": old, "new_value": new}
        for action, field, old, new in entries
    ])


def audit_log(engine: Engine, case_id: int, record: str | None = None,
              record_id: int | None = None) -> list[AuditRow]:
    q = sa.select(audit_t).where(audit_t.c.case_id == case_id)
    if record:
        q = q.where(audit_t.c.record == record)
    if record_id is not None:
        q = q.where(audit_t.c.record_id == record_id)
    with engine.connect() as conn:
        rows = conn.execute(q.order_by(audit_t.c.id)).mappings().all()
    return [AuditRow(r["at"], r["user_name"], r["action"], r["field_name"], r["old_value"],
                     r["new_value"], r["record"], r["record_id"]) for r in rows]
