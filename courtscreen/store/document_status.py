"""Where a generated document stands: draft -> signed -> served -> entered in the registry.

Each step is a row of document_status_event (the date it happened, who recorded
it and when, a note); generated_document.status is the latest. Steps go forward
only, one at a time may be skipped (an order entered without service, say),
and every step is in the audit log. The PDF made for a document is recorded
with its hash, so a copy can be checked later.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.store.audit import write_audit
from courtscreen.store.models import DocumentStatusEvent, GeneratedDocument, utc_now

STATUSES = ("draft", "signed", "served", "entered")
LABELS = {"draft": "draft", "signed": "signed", "served": "served", "entered": "entered in the registry"}
documents_t = GeneratedDocument.__table__
events_t = DocumentStatusEvent.__table__


class StatusError(ValueError):
    """The step cannot be recorded; the message says why and what is possible."""


def record_pdf(engine: Engine, document_id: int, pdf: Path) -> str:
    """Record the PDF made for a document (absolute path, SHA-256); returns the hash."""
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    with engine.begin() as conn:
        conn.execute(sa.update(documents_t).where(documents_t.c.id == document_id)
                     .values(pdf_path=str(pdf.absolute()), pdf_sha256=sha))
    return sha


def set_status(engine: Engine, document_id: int, status: str, user: str, on: date | None = None,
               note: str = "") -> None:
    if status not in STATUSES[1:]:
        raise StatusError(f"{status!r} is not a step; use one of: {', '.join(STATUSES[1:])}")
    on = on or date.today()
    if on > date.today():
        raise StatusError(f"{on} is in the future; record a step on the day it happened")
    with engine.begin() as conn:
        doc = conn.execute(sa.select(documents_t.c.case_id, documents_t.c.status, documents_t.c.form_id,
                                     documents_t.c.version, documents_t.c.generated_at)
                           .where(documents_t.c.id == document_id)).mappings().first()
        if doc is None:
            raise StatusError(f"there is no generated document with id {document_id}")
        if STATUSES.index(status) <= STATUSES.index(doc["status"]):
            raise StatusError(f"document {document_id} is already {LABELS[doc['status']]}; a step cannot be "
                              f"recorded twice or go back (next: "
                              f"{', '.join(STATUSES[STATUSES.index(doc['status']) + 1:]) or 'none'})")
        if on < doc["generated_at"].date():
            raise StatusError(f"{on} is before the document was generated ({doc['generated_at']:%Y-%m-%d})")
        now = utc_now()
        conn.execute(sa.insert(events_t), {"document_id": document_id, "status": status, "happened_on": on,
                                           "recorded_at": now, "recorded_by": user, "note": note})
        conn.execute(sa.update(documents_t).where(documents_t.c.id == document_id).values(status=status))
        write_audit(conn, now, user, doc["case_id"], "document", document_id, [
            ("status", f"{doc['form_id']} v{doc['version']}", doc["status"],
             f"{status} on {on:%Y-%m-%d}" + (f" ({note})" if note else ""))])


def form_of(engine: Engine, document_id: int) -> str | None:
    """The form a generated document was made from (None: no such document), for the role check."""
    with engine.connect() as conn:
        return conn.execute(sa.select(documents_t.c.form_id).where(documents_t.c.id == document_id)
                            ).scalar()


def status_history(engine: Engine, document_id: int) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(events_t).where(events_t.c.document_id == document_id)
                            .order_by(events_t.c.id)).mappings()
        return [dict(r) for r in rows]
