"""Read the docket: plain rows for listing cases, built by paged SQL queries.

Returns frozen dataclasses, never ORM objects, so the CLI, the TUI and the
document builder can hold them without a session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.store.tables import Tables, tables


@dataclass(frozen=True)
class PartyRow:
    party_id: int
    role: str
    name: str
    dob: date | None = None


@dataclass(frozen=True)
class CaseRow:
    id: int
    court: str
    case_number: str
    case_type: CaseType
    nature: str
    hearing_date: date | None
    hearing_time: time | None
    judge: str
    courtroom: str
    status: str
    parties: tuple[PartyRow, ...] = field(default_factory=tuple)
    screening: ScreeningStatus = ScreeningStatus.NOT_SCREENED

    def names(self, *roles: str) -> str:
        return "; ".join(p.name for p in self.parties if not roles or p.role in roles)


@dataclass(frozen=True)
class CaseFilter:
    case_type: CaseType | None = None
    search: str = ""  # case number or party name, substring, case-insensitive
    screening: ScreeningStatus | None = None


def _worklist_filter(f: CaseFilter):
    """The same filter as the worklist's (store.worklist is the one implementation)."""
    from courtscreen.store.worklist import WorklistFilter

    return WorklistFilter(case_types=frozenset({f.case_type}) if f.case_type else frozenset(),
                          screening=f.screening, search=f.search, sort="hearing")


def count_cases(engine: Engine, f: CaseFilter = CaseFilter()) -> int:
    from courtscreen.store import worklist

    return worklist.count(engine, _worklist_filter(f))


def list_cases(engine: Engine, f: CaseFilter = CaseFilter(), limit: int = 50,
               offset: int = 0) -> list[CaseRow]:
    """One page of cases ordered by hearing (upcoming first, no date last), then case number."""
    from courtscreen.store import worklist

    return [r.case for r in worklist.page(engine, _worklist_filter(f), offset, limit)]


def parties_for(conn, t: Tables, case_ids: list[int]) -> dict[int, tuple[PartyRow, ...]]:
    if not case_ids:
        return {}
    party, link = t.party, t.case_party
    q = (sa.select(link.c.case_id, link.c.role, party.c.id, party.c.full_name, party.c.dob)
         .join(party, party.c.id == link.c.party_id)
         .where(link.c.case_id.in_(case_ids)).order_by(link.c.case_id, party.c.full_name))
    out: dict[int, list[PartyRow]] = {}
    for cid, role, pid, name, dob in conn.execute(q):
        out.setdefault(cid, []).append(PartyRow(pid, role, name, dob))
    order = {"petitioner": 0, "victim": 1, "respondent": 2, "defendant": 2, "child": 3}
    return {cid: tuple(sorted(ps, key=lambda p: order.get(p.role, 9))) for cid, ps in out.items()}


def case_row(r, parties) -> CaseRow:
    return CaseRow(id=r["id"], court=r["court"], case_number=r["case_number"],
                   case_type=CaseType(r["case_type"]), nature=r["nature"],
                   hearing_date=r["hearing_date"], hearing_time=r["hearing_time"], judge=r["judge"],
                   courtroom=r["courtroom"], status=r["status"], parties=tuple(parties),
                   screening=ScreeningStatus(r["screening_status"]))


def get_case(engine: Engine, case_id: int) -> CaseRow | None:
    """One case with its parties: two queries, without the related-case search of case_detail."""
    t = tables(engine)
    with engine.connect() as conn:
        r = conn.execute(sa.select(t.court_case).where(t.court_case.c.id == case_id)).mappings().first()
        if r is None:
            return None
        return case_row(r, parties_for(conn, t, [case_id]).get(case_id, ()))


def counts_by_type(engine: Engine) -> dict[CaseType, int]:
    cases = tables(engine).court_case
    with engine.connect() as conn:
        rows = conn.execute(sa.select(cases.c.case_type, sa.func.count()).group_by(cases.c.case_type))
        return {CaseType(t): n for t, n in rows}


def last_batch_with_hash(engine: Engine, sha256: str, before_id: int | None = None):
    """The previous import of the same file, if any (id, when, who)."""
    t = tables(engine).import_batch
    q = sa.select(t.c.id, t.c.imported_at, t.c.imported_by).where(t.c.file_sha256 == sha256)
    if before_id is not None:
        q = q.where(t.c.id < before_id)
    with engine.connect() as conn:
        return conn.execute(q.order_by(t.c.id.desc()).limit(1)).first()
