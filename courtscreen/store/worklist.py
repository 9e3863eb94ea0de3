"""The docket worklist: filtered, sorted pages of cases straight from SQL.

A 50,000-case docket never lives in memory or in a widget: the TUI asks for
the page it shows. Filters map to indexed columns; free-text search uses the
FTS5 trigram table on SQLite and a pg_trgm-indexed column on PostgreSQL.

This is THE docket filter: the app's worklist, `courtscreen cases`, the export and
batch generation all use WorklistFilter and _where/_order here, so the same filter
gives the same cases everywhere (and `%` or `_` in a search are literal characters).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen import clock
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening_status import AWAITING_SCREENING, ScreeningStatus
from courtscreen.domain.triage import PRIORITY_NONE, Tier, priority_range, tier_of_priority
from courtscreen.store.cases import CaseRow, case_row, parties_for
from courtscreen.store.tables import tables

SORTS = ("priority", "hearing", "case_number")


@dataclass(frozen=True)
class WorklistFilter:
    case_types: frozenset[CaseType] = frozenset()
    date_from: date | None = None
    date_to: date | None = None
    judge: str = ""
    screening: ScreeningStatus | None = None
    flagged_only: bool = False
    tier: Tier | None = None  # cases whose priority puts them in this triage tier
    court: str = ""  # one court (case-insensitive), when the database holds several
    search: str = ""
    sort: str = "priority"
    today: date = field(default_factory=clock.today)

    def with_(self, **changes) -> WorklistFilter:
        return replace(self, **changes)


@dataclass(frozen=True)
class WorklistRow:
    case: CaseRow
    flags: tuple[str, ...]
    repeat_party: bool
    screening: ScreeningStatus
    priority: int = PRIORITY_NONE
    cross_case: bool = False

    @property
    def flagged(self) -> bool:
        return bool(self.flags) or self.repeat_party

    @property
    def tier(self) -> Tier:
        return tier_of_priority(self.priority)


@dataclass(frozen=True)
class DocketSummary:
    total: int
    by_type: dict[CaseType, int]
    flagged: int
    by_screening: dict[ScreeningStatus, int]


def _search_condition(cases_t: sa.Table, conn_dialect: str, text: str, in_order: bool = False):
    q = text.strip().lower()
    if conn_dialect == "sqlite" and len(q) >= 3:
        phrase = '"' + q.replace('"', '""') + '"'  # an FTS5 string: no query syntax from users
        matches = (sa.select(sa.column("rowid")).select_from(sa.table("case_search"))
                   .where(sa.text("case_search MATCH :fts").bindparams(fts=phrase)))
        # For a page (in_order), "+id" keeps SQLite from fetching every match by id and sorting
        # them all: it walks the order index and checks each case against the matches instead.
        key = sa.literal_column(f"+{cases_t.name}.id", sa.Integer) if in_order else cases_t.c.id
        return key.in_(matches)
    like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return cases_t.c.search_text.like(like, escape="\\")


def _where(f: WorklistFilter, dialect: str, cases_t: sa.Table, in_order: bool = False):
    conds = []
    if f.case_types:
        conds.append(cases_t.c.case_type.in_(sorted(t.value for t in f.case_types)))
    if f.date_from:
        conds.append(cases_t.c.hearing_date >= f.date_from)
    if f.date_to:
        conds.append(cases_t.c.hearing_date <= f.date_to)
    if f.judge:
        conds.append(cases_t.c.judge == f.judge)
    if f.screening:
        conds.append(cases_t.c.screening_status == f.screening.value)
    if f.flagged_only:
        conds.append(sa.or_(cases_t.c.flag_count > 0, cases_t.c.repeat_party))
    if f.tier is not None:
        low, high = priority_range(f.tier)
        conds.append(cases_t.c.priority.between(low, high))
    if f.court.strip():
        conds.append(sa.func.upper(cases_t.c.court) == f.court.strip().upper())
    if f.search.strip():
        conds.append(_search_condition(cases_t, dialect, f.search, in_order))
    return sa.and_(sa.true(), *conds)


# Cases awaiting a screener (untouched or in progress) first. Literal SQL, the same text as the
# index of migration i19b: SQLite and PostgreSQL use an expression index only for a query that
# spells the expression the same way (bound parameters in its place would not match).
AWAITING_FIRST_SQL = ("CASE WHEN screening_status IN ("
                      + ", ".join(f"'{s.value}'" for s in sorted(AWAITING_SCREENING, key=lambda s: s.value))
                      + ") THEN 0 ELSE 1 END")


def _hearing_keys(cases_t: sa.Table) -> list:
    # the case id last: cases with the same hearing and number (two courts) keep their pages
    return [cases_t.c.hearing_date, cases_t.c.hearing_time, cases_t.c.case_number, cases_t.c.id]


def _hearing_classes(f: WorklistFilter, cases_t: sa.Table) -> list:
    """Upcoming hearings first, then past ones, then cases without a date."""
    d = cases_t.c.hearing_date
    return [d >= f.today, d < f.today, d.is_(None)]


def _order(f: WorklistFilter, cases_t: sa.Table):
    upcoming_last = sa.case((cases_t.c.hearing_date.is_(None), 2),
                            (cases_t.c.hearing_date < f.today, 1), else_=0)
    by_hearing = [upcoming_last, *_hearing_keys(cases_t)]
    if f.sort == "hearing":
        return by_hearing
    if f.sort == "case_number":
        return [cases_t.c.case_number, cases_t.c.court]
    # Drafts keep the place of the untouched cases they were among (domain.screening_status); then
    # the strongest flag first (stalking-specific, linked, pattern-relevant, case type), then the
    # nearest hearing: see domain.triage and docs/triage.md.
    unscreened_first = sa.literal_column(AWAITING_FIRST_SQL, sa.Integer)
    return [unscreened_first, cases_t.c.priority, *by_hearing]


def count(engine: Engine, f: WorklistFilter) -> int:
    cases_t = tables(engine).court_case
    with engine.connect() as conn:
        q = sa.select(sa.func.count()).select_from(cases_t).where(_where(f, conn.dialect.name, cases_t))
        return conn.execute(q).scalar_one()


def page(engine: Engine, f: WorklistFilter, offset: int = 0, limit: int = 100) -> list[WorklistRow]:
    """One page of the worklist. The ids come first, read in the order of an index (migration
    i19b) so the database stops after the page instead of sorting every match; then those
    cases' rows and parties."""
    t = tables(engine)
    cases_t = t.court_case
    with engine.connect() as conn:
        where = _where(f, conn.dialect.name, cases_t, in_order=True)
        if f.sort == "hearing":
            ids = _hearing_page_ids(conn, f, cases_t, where, offset, limit)
        else:
            ids = [i for (i,) in conn.execute(sa.select(cases_t.c.id).where(where)
                                               .order_by(*_order(f, cases_t)).limit(limit).offset(offset))]
        if not ids:
            return []
        by_id = {r["id"]: r for r in conn.execute(
            sa.select(cases_t).where(cases_t.c.id.in_(ids))).mappings()}
        parties = parties_for(conn, t, ids)
    return [worklist_row(by_id[i], parties.get(i, ())) for i in ids if i in by_id]


def _hearing_page_ids(conn, f: WorklistFilter, cases_t: sa.Table, where, offset: int, limit: int):
    """The "Hearing date" order as three ranges of the hearing index, one after the other
    (upcoming, past, none): each is read in index order, never sorted."""
    ids: list[int] = []
    for cls in _hearing_classes(f, cases_t):
        got = [i for (i,) in conn.execute(
            sa.select(cases_t.c.id).where(where, cls).order_by(*_hearing_keys(cases_t))
            .limit(limit - len(ids)).offset(offset))]
        ids += got
        if len(ids) >= limit:
            break
        if got or offset == 0:
            offset = 0  # this range ended on this page: the next one starts at its beginning
        else:  # the page starts after this range: skip the whole of it
            offset -= conn.execute(sa.select(sa.func.count()).select_from(cases_t)
                                   .where(where, cls)).scalar_one()
            offset = max(offset, 0)
    return ids


def worklist_row(r, parties) -> WorklistRow:
    return WorklistRow(case=case_row(r, parties), flags=tuple(c for c in r["flags"].split(",") if c),
                       repeat_party=bool(r["repeat_party"]),
                       screening=ScreeningStatus(r["screening_status"]),
                       priority=int(r["priority"]), cross_case=bool(r["cross_case"]))


def courts(engine: Engine) -> list[str]:
    """The courts the database holds cases of (the court column shows when there are several)."""
    cases_t = tables(engine).court_case
    with engine.connect() as conn:
        return [c for (c,) in conn.execute(
            sa.select(cases_t.c.court).distinct().order_by(cases_t.c.court))]


def summary(engine: Engine) -> DocketSummary:
    cases_t = tables(engine).court_case
    with engine.connect() as conn:
        by_type = {CaseType(t): n for t, n in conn.execute(
            sa.select(cases_t.c.case_type, sa.func.count()).group_by(cases_t.c.case_type))}
        by_screening = {ScreeningStatus(s): n for s, n in conn.execute(
            sa.select(cases_t.c.screening_status, sa.func.count())
            .group_by(cases_t.c.screening_status))}
        flagged = conn.execute(sa.select(sa.func.count()).select_from(cases_t).where(
            sa.or_(cases_t.c.flag_count > 0, cases_t.c.repeat_party))).scalar_one()
    return DocketSummary(total=sum(by_type.values()), by_type=by_type, flagged=flagged,
                         by_screening=by_screening)


def judges(engine: Engine) -> list[str]:
    cases_t = tables(engine).court_case
    with engine.connect() as conn:
        return [j for (j,) in conn.execute(
            sa.select(cases_t.c.judge).where(cases_t.c.judge != "").distinct().order_by(cases_t.c.judge))]


@dataclass(frozen=True)
class CaseDetail:
    row: WorklistRow
    court: str
    division: str
    case_title: str
    case_type_reason: str
    filing_date: date | None
    notes: str
    source: dict
    source_file: str
    source_row: int | None
    related: dict[int, list[tuple[int, str, CaseType]]]  # party id -> other cases (id, number, type)
    entries: tuple = ()  # store.docket_entries.DocketEntryRow: every charge / hearing row


def case_detail(engine: Engine, case_id: int) -> CaseDetail | None:
    import json

    from courtscreen.store.docket_entries import entries_for

    t = tables(engine)
    cases_t, batch_t = t.court_case, t.import_batch
    with engine.connect() as conn:
        r = conn.execute(
            sa.select(cases_t, batch_t.c.file_name)
            .join(batch_t, batch_t.c.id == cases_t.c.source_batch_id, isouter=True)
            .where(cases_t.c.id == case_id)
        ).mappings().first()
        if r is None:
            return None
        parties = parties_for(conn, t, [case_id]).get(case_id, ())
        # The same person under any linked spelling (store.people); organisations (the State,
        # an agency) appear in hundreds of cases and never make a case "related".
        from courtscreen.store.people import related_by_party  # rapidfuzz: not needed for the list

        related = related_by_party(engine, conn, case_id, [p.party_id for p in parties])
    row = worklist_row(r, parties)
    try:
        source = json.loads(r["source_json"] or "{}")
    except ValueError:
        source = {}
    return CaseDetail(row=row, court=r["court"], division=r["division"], case_title=r["case_title"],
                      case_type_reason=r["case_type_reason"], filing_date=r["filing_date"],
                      notes=r["notes"], source=source, source_file=r["file_name"] or "",
                      source_row=r["source_row"], related=related,
                      entries=tuple(entries_for(engine, case_id)))
