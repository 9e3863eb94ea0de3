"""The tamper-evident audit trail (table audit_trail): who did what, when, from where, with what outcome.

Every row carries `row_hash` = sha256 of its own fields and the previous row's
hash. On PostgreSQL the database computes it (trigger courtscreen_trail_seal,
store/security.py) under one lock, so no client can forge a hash or insert out
of order, and the records' triggers write a row for every INSERT, UPDATE and
DELETE, whoever makes it. On SQLite courtscreen computes the same hash itself
when it writes a row; the file's owner can rewrite the whole file, so there the
chain only shows edits made without recomputing every later hash.

`verify_trail` recomputes the chain and names the first row that breaks it: a
changed field, a deleted row (the next row's prev_hash no longer matches) or a
row inserted out of chain.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.store.models import AuditTrail, utc_now

trail_t = AuditTrail.__table__
SEP = "\x1f"  # the unit separator: cannot be confused with text inside a field
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The SQL twin of trail_text, used by the PostgreSQL trigger: keep the two identical.
TRAIL_TEXT_SQL = (
    "concat_ws(E'\\x1f', {p}id::text, ((extract(epoch from {p}at) * 1000000)::bigint)::text, {p}db_login, "
    "{p}user_name, {p}client_addr, {p}event, {p}table_name, {p}row_id, coalesce({p}case_id::text, ''), "
    "{p}detail, {p}outcome, {p}prev_hash)")


def _micros(at: datetime) -> int:
    if at.tzinfo is None:  # SQLite hands back naive UTC
        at = at.replace(tzinfo=UTC)
    return (at - _EPOCH) // timedelta(microseconds=1)


def trail_text(row) -> str:
    return SEP.join([str(row["id"]), str(_micros(row["at"])), row["db_login"], row["user_name"],
                     row["client_addr"], row["event"], row["table_name"], row["row_id"],
                     "" if row["case_id"] is None else str(row["case_id"]), row["detail"], row["outcome"],
                     row["prev_hash"]])


def row_hash(row) -> str:
    return hashlib.sha256(trail_text(row).encode("utf-8")).hexdigest()


def record_event(conn: Connection, event: str, user: str, *, table: str = "", row_id: str | int = "",
                 case_id: int | None = None, detail: dict | str = "", outcome: str = "ok") -> None:
    """Append one row to the trail in the caller's transaction.

    PostgreSQL: through the SECURITY DEFINER function courtscreen_log_event, so any login (even one
    refused by courtscreen) can be logged but none can choose its own session_user, time or hash.
    """
    text = detail if isinstance(detail, str) else json.dumps(detail, sort_keys=True, ensure_ascii=False)
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT courtscreen_log_event(:event, :user, :tbl, :rid, :case_id, :detail, "
                             ":outcome)"),
                     {"event": event, "user": user, "tbl": table, "rid": str(row_id), "case_id": case_id,
                      "detail": text, "outcome": outcome})
        return
    prev = conn.execute(sa.select(trail_t.c.id, trail_t.c.row_hash).order_by(trail_t.c.id.desc())
                        .limit(1)).first()
    row = {"id": (prev[0] + 1) if prev else 1, "at": utc_now(), "db_login": "", "user_name": user,
           "client_addr": f"local:{socket.gethostname()}"[:100], "event": event, "table_name": table,
           "row_id": str(row_id), "case_id": case_id, "detail": text, "outcome": outcome,
           "prev_hash": prev[1] if prev else ""}
    row["row_hash"] = row_hash(row)
    conn.execute(sa.insert(trail_t), row)


def log_event(engine: Engine, event: str, user: str, **fields) -> None:
    """record_event in a transaction of its own (reads and refusals: nothing else is being saved)."""
    with engine.begin() as conn:
        record_event(conn, event, user, **fields)


def log_refusal(engine: Engine, user: str, what: str, reason: str = "") -> None:
    """Who tried what and was refused. Never raises: the refusal itself must still reach the user."""
    with contextlib.suppress(sa.exc.SQLAlchemyError):
        log_event(engine, "refused", user, detail={"action": what, "reason": reason}, outcome="refused")


def log_read(engine: Engine, user: str, case_id: int | None, what: str, via: str) -> None:
    """A read of confidential details (what: e.g. "protected details"; via: the screen or command)."""
    log_event(engine, "read", user, table="protected_detail", case_id=case_id,
              detail={"read": what, "via": via})


@dataclass(frozen=True)
class TrailRow:
    id: int
    at: datetime
    db_login: str
    user_name: str
    client_addr: str
    event: str
    table_name: str
    row_id: str
    case_id: int | None
    detail: str
    outcome: str


@dataclass(frozen=True)
class Verdict:
    rows: int
    broken_at: int | None  # the id of the first row that breaks the chain
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_trail(engine: Engine) -> Verdict:
    """Walk the whole trail oldest first; stop at the first row whose hash or link is wrong."""
    prev, n = "", 0
    with engine.connect() as conn:
        q = sa.select(trail_t).order_by(trail_t.c.id)
        for row in conn.execution_options(stream_results=True).execute(q).mappings():
            n += 1
            if row["prev_hash"] != prev:
                return Verdict(n, row["id"], "its link to the row before does not match: a row before it "
                                             "was deleted or changed, or this one was inserted out of chain")
            if row_hash(row) != row["row_hash"]:
                return Verdict(n, row["id"], "its contents do not match its hash: the row was changed "
                                             "after it was written")
            prev = row["row_hash"]
    return Verdict(n, None)


def trail_rows(engine: Engine, *, event: str | None = None, limit: int | None = None) -> list[TrailRow]:
    q = sa.select(trail_t).order_by(trail_t.c.id)
    if event:
        q = q.where(trail_t.c.event == event)
    if limit:
        q = q.limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    return [TrailRow(r["id"], r["at"], r["db_login"], r["user_name"], r["client_addr"], r["event"],
                     r["table_name"], r["row_id"], r["case_id"], r["detail"], r["outcome"]) for r in rows]
