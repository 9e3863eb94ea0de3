"""Read a case's docket entries: every charge, hearing and event row the docket gave.

Plain frozen rows for the case view, the export and `courtscreen cases --csv`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.store.tables import tables

OWN_ROW = ""  # docket_entry.source_json of the entry that is its case's own source row


@dataclass(frozen=True)
class DocketEntryRow:
    case_id: int
    seq: int
    kind: str  # "charge" | "hearing"
    text: str
    code: str
    severity: str
    disposition: str
    disposition_date: date | None
    entry_date: date | None
    entry_time: time | None
    judge: str
    source_file: str
    source_row: int | None
    source_json: str

    @property
    def source(self) -> dict:
        """What the row's own JSON holds: every cell for the case's first row; for a further
        row the cells that differ from the first (see full_source)."""
        try:
            return json.loads(self.source_json or "{}")
        except ValueError:
            return {}

    def full_source(self, first: DocketEntryRow | None) -> dict:
        """The row as read: the case's first row overlaid with this row's own cells."""
        if first is None or first.seq == self.seq:
            return self.source
        row = dict(first.source)
        row.update(self.source)
        return {k: v for k, v in row.items() if v != ""}

    def summary(self) -> str:
        """The entry in one line: text, code, severity, disposition."""
        bits = [self.text or "(no text)"]
        if self.code:
            bits.append(self.code)
        if self.severity:
            bits.append(self.severity)
        if self.disposition:
            bits.append(self.disposition)
        return " · ".join(bits)


def _query(t):
    e, b, c = t.docket_entry, t.import_batch, t.court_case
    # An entry that is its case's own source row stores "" and reads the case's source_json
    # (the import does not write the same cells twice; see importing.writer._write_entries).
    source = sa.case((e.c.source_json == OWN_ROW, c.c.source_json), else_=e.c.source_json)
    return (sa.select(e.c.case_id, e.c.seq, e.c.kind, e.c.text, e.c.code, e.c.severity,
                      e.c.disposition, e.c.disposition_date, e.c.entry_date, e.c.entry_time,
                      e.c.judge, b.c.file_name, e.c.source_row, source.label("source_json"))
            .join(b, b.c.id == e.c.source_batch_id, isouter=True)
            .join(c, c.c.id == e.c.case_id))


def entries_for(engine: Engine, case_id: int) -> list[DocketEntryRow]:
    t = tables(engine)
    q = _query(t).where(t.docket_entry.c.case_id == case_id).order_by(t.docket_entry.c.seq)
    with engine.connect() as conn:
        return [DocketEntryRow(*(v if v is not None or i in (7, 8, 9, 12) else "" for i, v in
                                 enumerate(r))) for r in conn.execute(q)]


def entries_for_cases(conn: Connection, t, case_ids: list[int]) -> dict[int, list[DocketEntryRow]]:
    """The entries of many cases (one page of an export), in file order."""
    out: dict[int, list[DocketEntryRow]] = {}
    for i in range(0, len(case_ids), 900):
        part = case_ids[i : i + 900]
        q = (_query(t).where(t.docket_entry.c.case_id.in_(part))
             .order_by(t.docket_entry.c.case_id, t.docket_entry.c.seq))
        for r in conn.execute(q):
            row = DocketEntryRow(*(v if v is not None or i in (7, 8, 9, 12) else "" for i, v in
                                   enumerate(r)))
            out.setdefault(row.case_id, []).append(row)
    return out


def charges_for(engine: Engine, case_ids: list[int]) -> dict[int, list[str]]:
    """Each case's entries in one line each (for a CSV cell)."""
    t = tables(engine)
    with engine.connect() as conn:
        return {cid: [e.summary() for e in rows]
                for cid, rows in entries_for_cases(conn, t, case_ids).items()}
