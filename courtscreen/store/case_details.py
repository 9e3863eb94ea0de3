"""What court templates read beyond documents.case_record: parties' name parts and dates of birth,
the filing date and hearing time, the docket row as imported (its own columns by header) and every
charge / hearing row of the case (docket_entry), so a form lists all the charges, not the first row's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.store.docket_entries import DocketEntryRow, entries_for
from courtscreen.store.tables import tables


@dataclass(frozen=True)
class PartyDetail:
    role: str
    full_name: str
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    dob: date | None = None
    is_organisation: bool = False


@dataclass(frozen=True)
class CaseDetails:
    parties: tuple[PartyDetail, ...] = ()
    filing_date: date | None = None
    hearing_time: time | None = None
    status: str = ""
    docket: tuple[tuple[str, str], ...] = ()  # (header, text) in the file's order
    entries: tuple[DocketEntryRow, ...] = ()  # every charge / hearing row the docket gave


def case_details(engine: Engine, case_id: int) -> CaseDetails:
    t = tables(engine)
    cc, party, link = t.court_case, t.party, t.case_party
    with engine.connect() as conn:
        row = conn.execute(sa.select(cc.c.filing_date, cc.c.hearing_time, cc.c.status, cc.c.source_json)
                           .where(cc.c.id == case_id)).mappings().first()
        if row is None:
            return CaseDetails()
        people = conn.execute(
            sa.select(link.c.role, party.c.full_name, party.c.first_name, party.c.middle_name,
                      party.c.last_name, party.c.suffix, party.c.dob, party.c.is_organisation)
            .join(party, party.c.id == link.c.party_id).where(link.c.case_id == case_id)
            .order_by(party.c.id)).all()
    try:
        source = json.loads(row["source_json"] or "{}")
    except ValueError:
        source = {}
    docket = tuple((str(k), "" if v is None else str(v)) for k, v in source.items()) \
        if isinstance(source, dict) else ()
    return CaseDetails(tuple(PartyDetail(*p) for p in people), row["filing_date"], row["hearing_time"],
                       row["status"] or "", docket, tuple(entries_for(engine, case_id)))
