"""Write converted case records to the database in one transaction.

Idempotent upsert keyed by (court, case number): a new case is inserted, a
changed one is updated in place (keeping its id, so everything recorded
against it later stays attached), an unchanged one is not touched. Bulk Core
statements, not ORM objects: `session.add` per row takes ~7 s for 50,000
cases where executemany takes ~1 s.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from courtscreen.domain.names import fold
from courtscreen.importing.records import CaseRecord, PartyRecord, Problem, Progress
from courtscreen.store.models import CaseParty, CourtCase, ImportBatch, ImportProblem, Party, utc_now

CHUNK = 900  # below SQLite's default limit on bound parameters per IN list
cases_t = CourtCase.__table__
party_t = Party.__table__
link_t = CaseParty.__table__


@dataclass
class WriteCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def bulk_insert(conn: Connection, table: sa.Table, names: Sequence[str],
                rows: list[tuple]) -> None:
    """INSERT many rows (tuples of the columns `names`) through the driver's executemany.

    SQLAlchemy's per-row parameter handling costs ~3 s for 200,000 rows; here
    each column's bind processor (dates to text on SQLite, nothing on
    PostgreSQL) is applied in one tight loop instead.
    """
    if not rows:
        return
    dialect = conn.dialect
    procs = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    prep = dialect.identifier_preparer
    sql = (f"INSERT INTO {prep.format_table(table)} ({', '.join(prep.quote(n) for n in names)}) "
           f"VALUES ({', '.join([mark] * len(names))})")
    active = [(i, p) for i, p in enumerate(procs) if p is not None]
    if active:
        # Dates, times and the import's own timestamp repeat thousands of times:
        # convert each distinct value once.
        seen: list[dict] = [{} for _ in active]
        converted_rows = []
        for row in rows:
            values = list(row)
            for (i, proc), cache in zip(active, seen, strict=True):
                value = values[i]
                if value is not None:
                    converted = cache.get(value)
                    if converted is None:
                        converted = cache[value] = proc(value)
                    values[i] = converted
            converted_rows.append(tuple(values))
        rows = converted_rows
    conn.exec_driver_sql(sql, rows)


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def create_batch(conn: Connection, *, file_name: str, sha256: str, sheet: str, user: str,
                 mapping: dict) -> int:
    result = conn.execute(
        sa.insert(ImportBatch.__table__).returning(ImportBatch.__table__.c.id),
        {"file_name": file_name, "file_sha256": sha256, "sheet": sheet, "imported_at": utc_now(),
         "imported_by": user, "mapping_json": json.dumps(mapping, ensure_ascii=False),
         "rows_read": 0, "added": 0, "updated": 0, "unchanged": 0, "merged": 0, "rejected": 0},
    )
    return result.scalar_one()


def finish_batch(conn: Connection, batch_id: int, counts: WriteCounts, *, rows_read: int,
                 merged: int, problems: list[Problem]) -> None:
    conn.execute(
        sa.update(ImportBatch.__table__).where(ImportBatch.__table__.c.id == batch_id).values(
            rows_read=rows_read, added=counts.added, updated=counts.updated,
            unchanged=counts.unchanged, merged=merged,
            rejected=sum(1 for p in problems if p.severity == "rejected"),
        )
    )
    if problems:
        conn.execute(sa.insert(ImportProblem.__table__), [
            {"batch_id": batch_id, "row_number": p.row, "column_name": p.column[:200],
             "severity": p.severity, "message": p.message} for p in problems
        ])


def write_records(conn: Connection, records: list[CaseRecord], batch_id: int,
                  progress: Progress | None = None) -> WriteCounts:
    counts = WriteCounts()
    existing = _existing_cases(conn, records)
    new, changed = [], []
    for rec in records:
        digest = rec.content_hash()
        found = existing.get(rec.key)
        if found is None:
            new.append((rec, digest))
        elif found[1] != digest:
            changed.append((rec, digest, found[0]))
        else:
            counts.unchanged += 1
    counts.added, counts.updated = len(new), len(changed)
    total = len(new) + len(changed)
    if not total:
        return counts
    if progress:
        progress("Saving", 0, total)
    touched = [rec for rec, _ in new] + [rec for rec, _, _ in changed]
    changed_ids = {cid for _, _, cid in changed}
    parties = _PartyIds(conn, touched)
    repeat, others = _repeat_parties(conn, touched, parties, changed_ids)
    now = utc_now()
    max_before = conn.execute(sa.select(sa.func.max(cases_t.c.id))).scalar() or 0
    for i, part in enumerate(chunks(new, 5000)):
        # Plain executemany, then read the ids back by key: RETURNING with ordered
        # executemany falls back to one statement per row on SQLite (10x slower).
        bulk_insert(conn, cases_t, NEW_CASE_COLUMNS,
                    [(*_case_row(rec, digest, batch_id, now, rec.key in repeat), now,
                      "not_screened", "") for rec, digest in part])
        if progress:
            progress("Saving", min((i + 1) * 5000, len(new)), total)
    case_ids: list[tuple[int, CaseRecord]] = []
    if new:
        by_key = {rec.key: rec for rec, _ in new}
        # New rows have ids above the old maximum: a primary-key range, read through the
        # driver (SQLAlchemy's per-row result handling doubles the time for 50,000 rows).
        rows = conn.exec_driver_sql(
            f"SELECT id, court, case_number FROM court_case WHERE id > {int(max_before)}").fetchall()
        for cid, court, number in rows:
            rec = by_key.get((court.upper(), number.upper()))
            if rec is not None:
                case_ids.append((cid, rec))
    if changed:
        values = [dict(zip(CASE_COLUMNS, _case_row(rec, digest, batch_id, now, rec.key in repeat),
                           strict=True), b_id=cid) for rec, digest, cid in changed]
        conn.execute(
            sa.update(cases_t).where(cases_t.c.id == sa.bindparam("b_id")).values(
                {k: sa.bindparam(k) for k in CASE_COLUMNS}),
            values,
        )
        for part in chunks(sorted(changed_ids)):
            conn.execute(sa.delete(link_t).where(link_t.c.case_id.in_(part)))
        case_ids += [(cid, rec) for rec, _, cid in changed]
    _write_parties(conn, case_ids, parties)
    _refresh_search(conn, batch_id, sorted(changed_ids))
    for part in chunks(sorted(others)):
        conn.execute(sa.update(cases_t).where(cases_t.c.id.in_(part), cases_t.c.repeat_party.is_(False))
                     .values(repeat_party=True))
    if progress:
        progress("Saving", total, total)
    return counts


def _existing_cases(conn: Connection, records: list[CaseRecord]) -> dict[tuple[str, str], tuple[int, str]]:
    """(COURT, CASE NUMBER) -> (id, row hash) of the cases already in the database."""
    courts = sorted({r.court.upper() for r in records})  # "Harlan County" == "HARLAN COUNTY"
    existing: dict[tuple[str, str], tuple[int, str]] = {}
    for part in chunks(courts):
        rows = conn.execute(sa.select(cases_t.c.id, cases_t.c.court, cases_t.c.case_number,
                                      cases_t.c.row_hash)
                            .where(sa.func.upper(cases_t.c.court).in_(part)))
        for cid, court, number, row_hash in rows:
            existing[(court.upper(), number.upper())] = (cid, row_hash)
    return existing


def _refresh_search(conn: Connection, batch_id: int, changed_ids: list[int]) -> None:
    """Keep SQLite's FTS5 trigram table in step with court_case.search_text."""
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL indexes the column itself (pg_trgm)
    for part in chunks(changed_ids):
        conn.execute(sa.text(f"DELETE FROM case_search WHERE rowid IN ({','.join(map(str, part))})"))
    conn.execute(sa.text("INSERT INTO case_search(rowid, search_text) SELECT id, search_text "
                         "FROM court_case WHERE source_batch_id = :b"), {"b": batch_id})


PartyKey = tuple[str, object]  # PartyRecord.identity: one party row


class _PartyIds:
    """The party rows an import needs: those already in the database, found by identity
    (name, middle initial, suffix, date of birth), and the ones it must create."""

    def __init__(self, conn: Connection, records: list[CaseRecord]):
        self.wanted: dict[PartyKey, PartyRecord] = {
            p.identity: p for rec in records for p in rec.parties}
        self.known: dict[PartyKey, int] = {}
        keys = sorted({p.name.key for p in self.wanted.values()})
        if len(keys) > 20 * CHUNK:  # a big docket: one scan beats hundreds of IN queries
            self._collect(conn, sa.true())
        else:
            for part in chunks(keys):
                self._collect(conn, party_t.c.name_key.in_(part))
        self.existing = dict(self.known)  # before this import created any

    def _collect(self, conn: Connection, where) -> None:
        q = sa.select(party_t.c.id, party_t.c.name_key, party_t.c.middle_name, party_t.c.suffix,
                      party_t.c.dob).where(where)
        for pid, key, middle, suffix, dob in conn.execute(q):
            self.known.setdefault((f"{key}|{fold(middle)[:1]}|{fold(suffix)}", dob), pid)

    def insert_missing(self, conn: Connection) -> None:
        missing = [k for k in self.wanted if k not in self.known]
        if not missing:
            return
        max_before = conn.execute(sa.select(sa.func.max(party_t.c.id))).scalar() or 0
        for part in chunks(missing, 5000):
            bulk_insert(conn, party_t, PARTY_COLUMNS, [_party_row(self.wanted[k]) for k in part])
        self._collect(conn, party_t.c.id > max_before)


def _repeat_parties(conn: Connection, records: list[CaseRecord], parties: _PartyIds,
                    replaced: set[int]) -> tuple[set[tuple[str, str]], set[int]]:
    """The docket's repeat-party flag, worked out before writing (an UPDATE over every case of
    a 50,000-row import costs a third of a second): a case is flagged when one of its people
    (not organisations) is a party to another case, in this import or already in the database.

    Returns the keys of this import's cases to flag, and the ids of cases already in the
    database that share a person with them. `replaced`: cases whose party links this import
    rewrites, so their old links do not count.
    """
    cases_of: dict[PartyKey, set[tuple[str, str]]] = defaultdict(set)
    for rec in records:
        for p in rec.parties:
            if not p.name.is_organisation:
                cases_of[p.identity].add(rec.key)
    before: dict[PartyKey, set[int]] = defaultdict(set)
    by_id = {pid: k for k, pid in parties.existing.items() if k in cases_of}
    for part in chunks(sorted(by_id)):
        for pid, cid in conn.execute(sa.select(link_t.c.party_id, link_t.c.case_id)
                                     .where(link_t.c.party_id.in_(part))):
            if cid not in replaced:
                before[by_id[pid]].add(cid)
    shared = {k for k, keys in cases_of.items() if len(keys) + len(before.get(k, ())) > 1}
    flagged = {key for k in shared for key in cases_of[k]}
    others = {cid for k in shared for cid in before.get(k, ())}
    return flagged, others


CASE_COLUMNS = (
    "court", "case_number", "case_type", "case_type_reason", "division", "nature", "case_title",
    "filing_date", "hearing_date", "hearing_time", "judge", "courtroom", "status", "notes",
    "source_json", "source_batch_id", "source_row", "row_hash", "updated_at", "flags",
    "flag_count", "search_text", "repeat_party",
)
NEW_CASE_COLUMNS = (*CASE_COLUMNS, "created_at", "screening_status", "screening_result")


def _case_row(rec: CaseRecord, digest: str, batch_id: int, now, repeat: bool) -> tuple:
    """The CASE_COLUMNS values of a record (a tuple: 50,000 dicts cost half a second)."""
    return (rec.court, rec.case_number, rec.case_type.value, rec.case_type_reason[:300],
            rec.division, rec.nature, rec.case_title, rec.filing_date, rec.hearing_date,
            rec.hearing_time, rec.judge, rec.courtroom, rec.status, rec.notes, rec.source_json(),
            batch_id, rec.row, digest, now, rec.flags_text[:500], len(rec.flags),
            rec.search_text(), repeat)


def _write_parties(conn: Connection, case_ids: list[tuple[int, CaseRecord]],
                   parties: _PartyIds) -> None:
    """Create the parties not yet in the database and link every party to its cases."""
    parties.insert_missing(conn)
    known = parties.known
    links = sorted({
        (cid, known[p.identity], p.role) for cid, rec in case_ids for p in rec.parties
    })
    bulk_insert(conn, link_t, ("case_id", "party_id", "role"), links)


PARTY_COLUMNS = ("full_name", "first_name", "middle_name", "last_name", "suffix",
                 "is_organisation", "dob", "name_key")


def _party_row(p: PartyRecord) -> tuple:
    n = p.name
    return (n.full[:300], n.first[:100], n.middle[:100], n.last[:200], n.suffix[:20],
            n.is_organisation, p.dob, n.key[:300])
