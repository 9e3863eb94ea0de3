"""Write converted case records to the database in one transaction.

Idempotent upsert keyed by (court, case number): a new case is inserted, a
changed one is updated in place (keeping its id, so everything recorded
against it later stays attached), an unchanged one is not touched. Bulk
statements, not ORM objects: `session.add` per row takes ~7 s for 50,000
cases where executemany takes ~1 s. The statements run on a thread of their
own while the import converts the next chunk of rows (see DocketWriter).
"""

from __future__ import annotations

import json
import queue
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from courtscreen.domain.names import fold
from courtscreen.importing.records import CaseRecord, PartyRecord, Problem, Progress, source_json
from courtscreen.store.docket_entries import OWN_ROW
from courtscreen.store.models import (
    CaseParty,
    CourtCase,
    DocketEntry,
    ImportBatch,
    ImportProblem,
    Party,
    utc_now,
)

CHUNK = 900  # below SQLite's default limit on bound parameters per IN list
QUEUED_STATEMENTS = 24  # about three chunks of statements waiting for the database
SWITCH_INTERVAL = 0.0005  # seconds; see _Statements
PARAMETERS_PER_STATEMENT = 9000  # a multi-row INSERT: well below SQLite's 32,766 and PostgreSQL's 65,535
cases_t = CourtCase.__table__
party_t = Party.__table__
link_t = CaseParty.__table__
entry_t = DocketEntry.__table__


@dataclass
class WriteCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


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


class DocketWriter:
    """Saves an import's case records, chunk by chunk, inside the caller's transaction.

    Each record it is given is final (importing.stream finishes a case before yielding
    it), so each chunk is written at once and let go: new cases are inserted with ids
    handed out here (no reading back), with their parties, party links, docket entries and
    (SQLite) search-index rows; cases already in the database are compared with what is
    stored and updated in place if they changed. The statements run on a thread of their
    own (`_Statements`), so that the database works on one chunk while Python builds the
    next. Between chunks only the keys of the courts' cases are kept (case number -> id).

    Use as a context manager: leaving it waits for the statements still queued (skipping
    them after an error), so the caller's commit or rollback sees everything.
    """

    def __init__(self, conn: Connection, batch_id: int, *, expected_rows: int = 0,
                 progress: Progress | None = None):
        self.conn, self.batch_id, self.progress = conn, batch_id, progress
        self.sqlite = conn.dialect.name == "sqlite"
        self.now = utc_now()
        self.counts = WriteCounts()
        # COURT -> CASE NUMBER -> id of the cases already in the database, for the courts met
        self.existing: dict[str, dict[str, int]] = {}
        self.case_ids, self.party_ids = _Ids(conn, cases_t), _Ids(conn, party_t)
        self.parties = _CaseParties()
        self.sql = _Statements(conn)
        self.case_ids.statements = self.party_ids.statements = self.sql

    def __enter__(self) -> DocketWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.sql.close(cancel=exc_type is not None)

    def add(self, records: list[CaseRecord]) -> None:
        """Save the cases of one chunk: insert the new ones, update those already in the
        database that have changed."""
        self._look_up(records)
        fresh, known = [], []
        for rec in records:
            cid = self.existing[rec.key[0]].get(rec.key[1])
            if cid is None:
                fresh.append(rec)
            else:
                known.append((cid, rec))
        for part in chunks(fresh, 5000):
            self._insert_cases(part)
        self.counts.added += len(fresh)
        if known:
            self._update_known(known)

    def finish(self) -> WriteCounts:
        """Wait for the statements still queued, then work out triage's cross-case evidence.

        The repeat-party flag is not set here: it follows the links between people, which
        the linker (store.people) works out after the import commits. A new case starts
        unflagged; a rewritten one keeps its flag until then."""
        total = self.counts.added + self.counts.updated
        if self.progress and total:  # also a point where the app's cancel is taken
            self.progress("Saving", 0, total)
        self.sql.wait()
        if not total:
            return self.counts
        # Triage's cross-case evidence (a party's other case) now that every link is written.
        from courtscreen.store.triage_links import refresh_cross_case

        refresh_cross_case(self.conn)
        if self.progress:
            self.progress("Saving", total, total)
        return self.counts

    # ----- steps ---------------------------------------------------------------------------

    def _look_up(self, records: list[CaseRecord]) -> None:
        """The ids of the cases the database already holds in these records' courts, read
        once per court. Reads, so it waits for the queued statements first, if it must."""
        courts = {r.key[0] for r in records} - self.existing.keys()  # "Harlan" == "HARLAN"
        if not courts:
            return
        self.sql.wait()
        for court in courts:
            self.existing[court] = {}
        for part in chunks(sorted(courts)):
            rows = self.conn.execute(sa.select(cases_t.c.id, cases_t.c.court, cases_t.c.case_number)
                                     .where(sa.func.upper(cases_t.c.court).in_(part)))
            for cid, court, number in rows:
                upper = number.upper()
                self.existing[court.upper()][upper if upper != number else number] = cid

    def _update_known(self, known: list[tuple[int, CaseRecord]]) -> None:
        """Cases already in the database: left alone if unchanged, else updated in place."""
        self.sql.wait()  # the chunks before are written: their rows can be read
        stored: dict[int, tuple[str, bool]] = {}
        for part in chunks(sorted(cid for cid, _ in known)):
            q = sa.select(cases_t.c.id, cases_t.c.row_hash, cases_t.c.repeat_party).where(
                cases_t.c.id.in_(part))
            stored.update((cid, (row_hash, bool(repeat))) for cid, row_hash, repeat
                          in self.conn.execute(q))
        rewrite = [(cid, rec) for cid, rec in known if rec.content_hash() != stored[cid][0]]
        self.counts.unchanged += len(known) - len(rewrite)
        self.counts.updated += len(rewrite)
        if not rewrite:
            return
        self.parties = _CaseParties()
        self.parties.collect(self.conn, [cid for cid, _ in rewrite])
        self._rewrite_cases(rewrite, {cid: stored[cid][1] for cid, _ in rewrite})
        self._drop_parties(self.parties.dropped())

    def _insert_cases(self, records: list[CaseRecord]) -> None:
        ids = self.case_ids.take(len(records))
        rows = []
        for cid, rec in zip(ids, records, strict=True):
            rows.append((cid, *_case_row(rec, rec.content_hash(), self.batch_id, self.now, False),
                         self.now, "not_screened", "", False))
        self._execute(cases_t, ("id", *NEW_CASE_COLUMNS), rows)
        _write_parties(self, list(zip(ids, records, strict=True)))
        _write_entries(self, list(zip(ids, records, strict=True)))
        if self.sqlite:  # ids of one take() are consecutive on SQLite
            self.sql.submit("INSERT INTO case_search(rowid, search_text) SELECT id, search_text "
                            f"FROM court_case WHERE id BETWEEN {int(ids[0])} AND {int(ids[-1])}")

    def _rewrite_cases(self, rewrite: list[tuple[int, CaseRecord]],
                       repeat: dict[int, bool]) -> None:
        """Update cases in place (same id: whatever is recorded against them stays) and
        write their party links, docket entries and search text again."""
        ids = sorted(cid for cid, _ in rewrite)
        listed_parts = [",".join(map(str, map(int, part))) for part in chunks(ids)]
        if self.sqlite:
            # The search index reads its text from court_case (migration i20c): it takes a
            # case out by the tokens of the text stored now, so before that text changes.
            for listed in listed_parts:
                self.sql.submit(f"DELETE FROM case_search WHERE rowid IN ({listed})")
        rows = [(*_case_row(rec, rec.content_hash(), self.batch_id, self.now, repeat[cid]), cid)
                for cid, rec in rewrite]
        self._execute(cases_t, (*CASE_COLUMNS, "id"), rows, self._update_sql(cases_t, CASE_COLUMNS))
        for listed in listed_parts:
            self.sql.submit(f"DELETE FROM case_party WHERE case_id IN ({listed})")
            self.sql.submit(f"DELETE FROM docket_entry WHERE case_id IN ({listed})")
            if self.sqlite:
                self.sql.submit("INSERT INTO case_search(rowid, search_text) SELECT id, "
                                f"search_text FROM court_case WHERE id IN ({listed})")
        _write_parties(self, rewrite)
        _write_entries(self, rewrite)

    def _drop_parties(self, party_ids: list[int]) -> None:
        """Party rows no case names any more (a corrected name): with their links and groups,
        which were about a party that is gone."""
        for part in chunks(party_ids):
            listed = ",".join(map(str, map(int, part)))
            self.sql.submit(f"DELETE FROM party_person WHERE party_id IN ({listed})")
            self.sql.submit(f"DELETE FROM party_link WHERE party_a IN ({listed}) "
                            f"OR party_b IN ({listed})")
            self.sql.submit(f"DELETE FROM party WHERE id IN ({listed})")

    # ----- statements ----------------------------------------------------------------------

    def _execute(self, table: sa.Table, names: Sequence[str], rows: list[tuple],
                 sql: str | None = None) -> None:
        """Queue an executemany of `rows` (tuples of the columns `names`); INSERT unless `sql`.

        SQLAlchemy's per-row parameter handling costs ~3 s for 200,000 rows; here each
        column's bind processor (dates to text on SQLite, nothing on PostgreSQL) is applied
        once per distinct value instead.
        """
        if not rows:
            return
        dialect = self.conn.dialect
        procs = [(i, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
                 for i, name in enumerate(names)]
        procs = [(i, proc) for i, proc in procs if proc is not None]
        if procs:
            # Column by column: dates and times repeat thousands of times, so each distinct
            # value is converted once and the rest is a dictionary look-up.
            columns = list(zip(*rows, strict=True))
            for i, proc in procs:
                converted = {value: proc(value) for value in set(columns[i]) if value is not None}
                converted[None] = None
                columns[i] = map(converted.__getitem__, columns[i])
            rows = list(zip(*columns, strict=True))
        if sql is not None:
            self.sql.submit(sql, rows)
            return
        # Many rows per statement: executemany takes the GIL back for every statement, and
        # with the importing thread busy each take waits its turn (~5 ms), so one row per
        # statement would starve the writing thread.
        per = max(1, PARAMETERS_PER_STATEMENT // len(names))
        head = (f"INSERT INTO {self._quote_table(table)} ({', '.join(map(self._quote, names))}) "
                "VALUES ")
        one = f"({', '.join([self._mark] * len(names))})"
        full = len(rows) // per * per
        if full:
            self.sql.submit(head + ", ".join([one] * per),
                            [tuple(chain.from_iterable(rows[i : i + per]))
                             for i in range(0, full, per)])
        if full < len(rows):
            self.sql.submit(head + ", ".join([one] * (len(rows) - full)),
                            [tuple(chain.from_iterable(rows[full:]))])

    def _update_sql(self, table: sa.Table, names: Sequence[str]) -> str:
        """UPDATE of the columns `names` by id (the id is the last parameter)."""
        sets = ", ".join(f"{self._quote(n)} = {self._mark}" for n in names)
        return f"UPDATE {self._quote_table(table)} SET {sets} WHERE id = {self._mark}"

    @property
    def _mark(self) -> str:
        return "?" if self.conn.dialect.paramstyle == "qmark" else "%s"

    def _quote(self, name: str) -> str:
        return self.conn.dialect.identifier_preparer.quote(name)

    def _quote_table(self, table: sa.Table) -> str:
        return self.conn.dialect.identifier_preparer.format_table(table)


class _Statements:
    """An import's INSERTs, UPDATEs and DELETEs, run in order on a thread of their own.

    sqlite3 and psycopg let go of Python's GIL while a statement runs, so the database
    writes one chunk of cases (B-trees, indexes, the search index) while Python converts
    and prepares the next: on a 50,000-row docket that hides most of the database's time.
    The connection is used by that thread only while statements are queued: whoever wants
    to read calls wait() first. An error stops the queue; wait() or close() raise it.
    """

    def __init__(self, conn: Connection):
        self.dialect = conn.dialect
        self.cursor = conn.connection.dbapi_connection.cursor()
        # Bounded: when the database falls behind, the importing thread waits instead of
        # queueing the rows of every chunk in memory (a few chunks are in flight at most).
        self._jobs: queue.Queue = queue.Queue(maxsize=QUEUED_STATEMENTS)
        self._failed: tuple[str, BaseException] | None = None
        self._cancelled = False
        self._thread = threading.Thread(target=self._run, name="courtscreen-import-writer",
                                        daemon=True)
        # The writing thread needs the GIL back after every statement; with the importing
        # thread busy it waits up to the switch interval (5 ms) each time. A shorter interval
        # while the import writes saves ~0.2 s on 50,000 rows; close() restores it.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, SWITCH_INTERVAL))
        self._thread.start()

    def submit(self, sql: str, rows: list[tuple] | None = None) -> None:
        """Queue one statement, run once (rows None) or for each row."""
        self._jobs.put((sql, rows))

    def wait(self) -> None:
        """Return once every queued statement has run; raise the error if one failed."""
        done = threading.Event()
        self._jobs.put(done)
        done.wait()
        self._raise()

    def close(self, cancel: bool = False) -> None:
        """Stop the thread after the queued statements (skipping them if cancel)."""
        self._cancelled = cancel
        self._jobs.put(None)
        self._thread.join()
        sys.setswitchinterval(self._switch_interval)
        self.cursor.close()
        if not cancel:
            self._raise()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            if isinstance(job, threading.Event):
                job.set()
                continue
            if self._failed is not None or self._cancelled:
                continue
            sql, rows = job
            try:
                if rows is None:
                    self.cursor.execute(sql)
                else:
                    self.cursor.executemany(sql, rows)
            except BaseException as exc:  # raised again in the importing thread
                self._failed = (sql, exc)

    def _raise(self) -> None:
        if self._failed is not None:
            sql, exc = self._failed
            raise sa.exc.DBAPIError.instance(sql, None, exc, self.dialect.loaded_dbapi.Error,
                                             dialect=self.dialect) from exc


class _Ids:
    """Primary keys for new rows, handed out before the rows are written, so that a chunk's
    party links can be written at once instead of reading the new ids back.

    SQLite: counting on from the highest id (the import's transaction holds the write lock,
    so nobody else can take them). PostgreSQL: from the column's own sequence.
    """

    statements: _Statements | None = None  # the import's writing thread, whose failure explains ours

    def __init__(self, conn: Connection, table: sa.Table):
        if conn.dialect.name == "sqlite":
            self.next = (conn.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0) + 1
            self.cursor = None
        else:
            self.sequence = conn.exec_driver_sql(
                f"SELECT pg_get_serial_sequence('{table.name}', 'id')").scalar()
            # psycopg connections are thread-safe: this may run while _Statements writes
            self.cursor = conn.connection.dbapi_connection.cursor()

    def take(self, n: int) -> list[int]:
        if self.cursor is None:
            first, self.next = self.next, self.next + n
            return list(range(first, first + n))
        try:
            self.cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", (self.sequence, n))
        except Exception:
            # A statement that failed on the writing thread aborted the transaction, so this one
            # fails too ("current transaction is aborted"): report the statement that caused it.
            if self.statements is not None:
                self.statements._raise()
            raise
        return [row[0] for row in self.cursor.fetchall()]


class _CaseParties:
    """Party rows of this import: one row per party of each case, never shared by two cases.

    Identity (is this the same person as in that case?) is not the import's to decide: a
    docket's "WILLIAMS" is many people, and in "AKWAR VS AKWAR" the petitioner is not the
    respondent. The linker (store.people) links rows on evidence, or a person does. A case
    that a re-import rewrites keeps the party rows whose name (and date of birth) and role
    are unchanged, so the links and decisions recorded on them stay attached.
    """

    def __init__(self) -> None:
        self.reuse: dict[int, dict[tuple, list[int]]] = {}  # case id -> (identity, role) -> ids
        self.old: dict[int, set[int]] = {}  # case id -> its party ids before the rewrite
        self.kept: set[int] = set()  # of those, the ones the rewrite keeps

    def collect(self, conn: Connection, case_ids: list[int]) -> None:
        """The party rows of cases this import rewrites (before their links are deleted)."""
        for part in chunks(sorted(case_ids)):
            q = (sa.select(link_t.c.case_id, link_t.c.party_id, link_t.c.role, party_t.c.name_key,
                           party_t.c.middle_name, party_t.c.suffix, party_t.c.dob)
                 .join(party_t, party_t.c.id == link_t.c.party_id)
                 .where(link_t.c.case_id.in_(part)).order_by(link_t.c.party_id))
            for cid, pid, role, key, middle, suffix, dob in conn.execute(q):
                identity = (f"{key}|{fold(middle)[:1]}|{fold(suffix)}", dob)
                self.reuse.setdefault(cid, {}).setdefault((identity, role), []).append(pid)
                self.old.setdefault(cid, set()).add(pid)

    def take(self, cid: int, p: PartyRecord) -> int | None:
        """A party row of this case to keep for p, if the case had one with p's name and role."""
        ids = self.reuse.get(cid, {}).get((p.identity, p.role))
        if not ids:
            return None
        self.kept.add(ids[0])
        return ids.pop(0)

    def dropped(self) -> list[int]:
        """Party rows of rewritten cases that no case names any more (a party row belongs to
        one case only, so a row its case does not keep is named by none)."""
        return sorted(set().union(*self.old.values()) - self.kept) if self.old else []


CASE_COLUMNS = (
    "court", "case_number", "case_type", "case_type_reason", "division", "nature", "case_title",
    "filing_date", "hearing_date", "hearing_time", "judge", "courtroom", "status", "notes",
    "source_json", "source_batch_id", "source_row", "row_hash", "updated_at", "flags",
    "flag_count", "search_text", "repeat_party", "triage_rank", "priority",
)
NEW_CASE_COLUMNS = (*CASE_COLUMNS, "created_at", "screening_status", "screening_result",
                    "cross_case")


def _case_row(rec: CaseRecord, digest: str, batch_id: int, now, repeat: bool) -> tuple:
    """The CASE_COLUMNS values of a record (a tuple: 50,000 dicts cost half a second)."""
    return (rec.court, rec.case_number, rec.case_type.value, rec.case_type_reason[:300],
            rec.division, rec.nature, rec.case_title, rec.filing_date, rec.hearing_date,
            rec.hearing_time, rec.judge, rec.courtroom, rec.status, rec.notes, rec.source_json(),
            batch_id, rec.row, digest, now, rec.flags_text[:500], len(rec.flags),
            rec.search_text(), repeat, rec.triage_rank, rec.triage_rank)


def _write_parties(out: DocketWriter, case_ids: list[tuple[int, CaseRecord]]) -> None:
    """One party row per party of each case (a rewritten case keeps its own rows where the
    name and role are unchanged), each linked to its case. Never a row shared by two cases."""
    parties = out.parties
    links: list[list] = []
    fresh: list[tuple[int, PartyRecord]] = []
    if not parties.reuse:  # new cases (nothing to keep): every party is a new row
        for cid, rec in case_ids:
            for p in rec.parties:
                fresh.append((len(links), p))
                links.append([cid, None, p.role])
    else:
        for cid, rec in case_ids:
            for p in rec.parties:
                pid = parties.take(cid, p)
                if pid is None:
                    fresh.append((len(links), p))
                links.append([cid, pid, p.role])
    if fresh:
        ids = out.party_ids.take(len(fresh))
        out._execute(party_t, ("id", *PARTY_COLUMNS),
                     [(pid, *_party_row(p)) for pid, (_, p) in zip(ids, fresh, strict=True)])
        for pid, (i, _) in zip(ids, fresh, strict=True):
            links[i][1] = pid
    out._execute(link_t, ("case_id", "party_id", "role"),
                 sorted({(cid, pid, role) for cid, pid, role in links}))


ENTRY_COLUMNS = ("case_id", "seq", "kind", "text", "code", "severity", "disposition",
                 "disposition_date", "entry_date", "entry_time", "judge", "source_batch_id",
                 "source_row", "source_json")


def _write_entries(out: DocketWriter, case_ids: list[tuple[int, CaseRecord]]) -> None:
    """Every docket row of these cases (charges, hearings), each with its own fields."""
    batch = out.batch_id
    rows = []
    encode = source_json
    for cid, rec in case_ids:
        for seq, e in enumerate(rec.entries, start=1):
            if isinstance(e.source, str):  # encoded when the row was merged into its case
                source = e.source
            elif e.source is rec.source:  # the case's own row: court_case.source_json has it
                source = OWN_ROW
            else:
                source = encode(e.source)
            rows.append((cid, seq, e.kind, e.text, e.code[:200], e.severity[:100],
                         e.disposition[:300], e.disposition_date, e.entry_date, e.entry_time,
                         e.judge[:200], batch, e.row, source))
    out._execute(entry_t, ENTRY_COLUMNS, rows)



PARTY_COLUMNS = ("full_name", "first_name", "middle_name", "last_name", "suffix",
                 "is_organisation", "dob", "name_key")


def _party_row(p: PartyRecord) -> tuple:
    n = p.name
    return (n.full[:300], n.first[:100], n.middle[:100], n.last[:200], n.suffix[:20],
            n.is_organisation, p.dob, n.key[:300])
