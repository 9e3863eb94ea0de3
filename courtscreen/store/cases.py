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
from courtscreen.store.models import CaseParty, CourtCase, ImportBatch, Party

cases_t = CourtCase.__table__
party_t = Party.__table__
link_t = CaseParty.__table__


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

    def names(self, *roles: str) -> str:
        return "; ".join(p.name for p in self.parties if not roles or p.role in roles)


@dataclass(frozen=True)
class CaseFilter:
    case_type: CaseType | None = None
    search: str = ""  # case number or party name, substring, case-insensitive


def _where(f: CaseFilter):
    conds = []
    if f.case_type:
        conds.append(cases_t.c.case_type == f.case_type.value)
    if f.search.strip():
        like = f"%{f.search.strip().lower()}%"
        in_party = sa.select(link_t.c.case_id).join(party_t, party_t.c.id == link_t.c.party_id).where(
            sa.func.lower(party_t.c.full_name).like(like)
        )
        conds.append(sa.or_(sa.func.lower(cases_t.c.case_number).like(like),
                            cases_t.c.id.in_(in_party)))
    return sa.and_(sa.true(), *conds)


def count_cases(engine: Engine, f: CaseFilter = CaseFilter()) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(cases_t).where(_where(f))).scalar_one()


def list_cases(engine: Engine, f: CaseFilter = CaseFilter(), limit: int = 50,
               offset: int = 0) -> list[CaseRow]:
    """One page of cases ordered by hearing date (no date last), then case number."""
    q = (sa.select(cases_t).where(_where(f))
         .order_by(cases_t.c.hearing_date.is_(None), cases_t.c.hearing_date,
                   cases_t.c.hearing_time, cases_t.c.case_number)
         .limit(limit).offset(offset))
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
        parties = _parties_for(conn, [r["id"] for r in rows])
    return [_case_row(r, parties.get(r["id"], ())) for r in rows]


def _parties_for(conn, case_ids: list[int]) -> dict[int, tuple[PartyRow, ...]]:
    if not case_ids:
        return {}
    q = (sa.select(link_t.c.case_id, link_t.c.role, party_t.c.id, party_t.c.full_name, party_t.c.dob)
         .join(party_t, party_t.c.id == link_t.c.party_id)
         .where(link_t.c.case_id.in_(case_ids)).order_by(link_t.c.case_id, party_t.c.full_name))
    out: dict[int, list[PartyRow]] = {}
    for cid, role, pid, name, dob in conn.execute(q):
        out.setdefault(cid, []).append(PartyRow(pid, role, name, dob))
    order = {"petitioner": 0, "victim": 1, "respondent": 2, "defendant": 2, "child": 3}
    return {cid: tuple(sorted(ps, key=lambda p: order.get(p.role, 9))) for cid, ps in out.items()}


def _case_row(r, parties) -> CaseRow:
    return CaseRow(id=r["id"], court=r["court"], case_number=r["case_number"],
                   case_type=CaseType(r["case_type"]), nature=r["nature"],
                   hearing_date=r["hearing_date"], hearing_time=r["hearing_time"], judge=r["judge"],
                   courtroom=r["courtroom"], status=r["status"], parties=tuple(parties))


def counts_by_type(engine: Engine) -> dict[CaseType, int]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(cases_t.c.case_type, sa.func.count()).group_by(cases_t.c.case_type))
        return {CaseType(t): n for t, n in rows}


def last_batch_with_hash(engine: Engine, sha256: str, before_id: int | None = None):
    """The previous import of the same file, if any (id, when, who)."""
    t = ImportBatch.__table__
    q = sa.select(t.c.id, t.c.imported_at, t.c.imported_by).where(t.c.file_sha256 == sha256)
    if before_id is not None:
        q = q.where(t.c.id < before_id)
    with engine.connect() as conn:
        return conn.execute(q.order_by(t.c.id.desc()).limit(1)).first()
