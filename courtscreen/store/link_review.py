"""The review queue a clerk can finish: suggested links, the ones that matter most first, each
with both records side by side and what agrees or differs.

A decision matters most where a wrong identity does most harm: a respondent or defendant of
a protection-order or DV case, then a party of a custody or divorce case, then the rest;
within a rank, the surest suggestion first (the quickest to decide). Links a person marked
"not sure" come back after the fresh suggestions, shown as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.domain.case_types import CaseType
from courtscreen.store.people import SUGGESTED, UNSURE, LinkNotFound, LinkRow, _link_rows, _pt
from courtscreen.store.tables import tables

CONDUCT_ROLES = ("respondent", "defendant")
PO_TYPES = (CaseType.PROTECTION_ORDER.value, CaseType.DOMESTIC_VIOLENCE.value)
FAMILY_TYPES = (CaseType.CUSTODY.value, CaseType.DIVORCE.value)


def _priority(engine: Engine, party_col):
    """0: respondent/defendant of a PO or DV case; 1: any party of such a case or of a custody
    or divorce case; 2: the rest (lower is reviewed first)."""
    t = tables(engine)
    lk, cases = t.case_party, t.court_case
    rank = sa.case((sa.and_(cases.c.case_type.in_(PO_TYPES), lk.c.role.in_(CONDUCT_ROLES)), 0),
                   (cases.c.case_type.in_(PO_TYPES + FAMILY_TYPES), 1), else_=2)
    return (sa.select(sa.func.min(rank)).select_from(lk).join(cases, cases.c.id == lk.c.case_id)
            .where(lk.c.party_id == party_col).scalar_subquery())


def review_queue(engine: Engine, limit: int | None = 50) -> list[LinkRow]:
    """Suggested links, most consequential first, then those marked not sure (see the module
    docstring)."""
    pt = _pt(engine)
    link, ga, gb = pt.link, pt.person.alias("ga"), pt.person.alias("gb")
    same_group = sa.exists().where(ga.c.party_id == link.c.party_a, gb.c.party_id == link.c.party_b,
                                   ga.c.person_id == gb.c.person_id)
    prio = sa.func.min(_priority(engine, link.c.party_a), _priority(engine, link.c.party_b)) \
        if engine.dialect.name == "sqlite" else sa.func.least(_priority(engine, link.c.party_a),
                                                              _priority(engine, link.c.party_b))
    q = (sa.select(link.c.id).where(link.c.status.in_([SUGGESTED, UNSURE]), sa.not_(same_group))
         .order_by(sa.case((link.c.status == UNSURE, 1), else_=0), prio, link.c.confidence.desc(),
                   link.c.id))
    if limit:
        q = q.limit(limit)
    with engine.connect() as conn:
        ids = list(conn.scalars(q))
        if not ids:
            return []
        rows = {r.id: r for r in _link_rows(engine, conn, link.c.id.in_(ids))}
    return [rows[i] for i in ids if i in rows]


@dataclass(frozen=True)
class SideCase:
    case_number: str
    case_type: CaseType
    role: str
    when: date | None
    coparties: tuple[str, ...]


@dataclass(frozen=True)
class Side:
    party_id: int
    name: str
    first: str
    middle: str
    last: str
    suffix: str
    dob: date | None
    cases: tuple[SideCase, ...]


@dataclass(frozen=True)
class Field:
    label: str
    a: str
    b: str
    verdict: str  # "agrees", "differs", "missing" (on one side or both)


@dataclass(frozen=True)
class LinkComparison:
    link: LinkRow
    a: Side
    b: Side

    def fields(self) -> list[Field]:
        from courtscreen.domain.names import fold
        from courtscreen.domain.party_matching import formal_names

        def verdict(x: str, y: str, same: bool | None = None) -> str:
            if not x or not y:
                return "missing"
            return "agrees" if (fold(x) == fold(y) if same is None else same) else "differs"

        a, b = self.a, self.b
        fa, fb = fold(a.first), fold(b.first)
        first_same = bool(fa and fb and (fa == fb or formal_names(fa) & formal_names(fb)
                                         or (len(fa) == 1 or len(fb) == 1) and fa[0] == fb[0]))
        co_a = {fold(c) for sc in a.cases for c in sc.coparties}
        co_b = {fold(c) for sc in b.cases for c in sc.coparties}
        out = [Field("Surname", a.last, b.last, verdict(a.last, b.last)),
               Field("Given name", a.first, b.first, verdict(a.first, b.first, first_same)),
               Field("Middle", a.middle, b.middle, verdict(a.middle[:1], b.middle[:1])),
               Field("Suffix", a.suffix, b.suffix, verdict(a.suffix, b.suffix)
                     if a.suffix or b.suffix else "agrees"),
               Field("Born", _d(a.dob), _d(b.dob), verdict(_d(a.dob), _d(b.dob))),
               Field("Co-parties", "; ".join(sorted({c for sc in a.cases for c in sc.coparties})),
                     "; ".join(sorted({c for sc in b.cases for c in sc.coparties})),
                     "agrees" if co_a & co_b else verdict("x" if co_a else "", "x" if co_b else "",
                                                          False)),
               Field("Cases", "; ".join(_case(c) for c in a.cases), "; ".join(_case(c) for c in b.cases),
                     "missing")]
        return out


def _d(d: date | None) -> str:
    return f"{d:%Y-%m-%d}" if d else ""


def _case(c: SideCase) -> str:
    when = f" {c.when:%Y-%m-%d}" if c.when else ""
    return f"{c.case_type.short} {c.case_number} ({c.role}{when})"


def compare_link(engine: Engine, link_id: int) -> LinkComparison:
    t, link = tables(engine), _pt(engine).link
    with engine.connect() as conn:
        found = _link_rows(engine, conn, link.c.id == link_id)
        if not found:
            raise LinkNotFound(f"there is no link {link_id}; `courtscreen people suggestions` lists them")
        row = found[0]
        sides = [_side(t, conn, pid) for pid in (row.party_a, row.party_b)]
    return LinkComparison(row, *sides)


def _side(t, conn, party_id: int) -> Side:
    party, lk, cases = t.party, t.case_party, t.court_case
    p = conn.execute(sa.select(party).where(party.c.id == party_id)).mappings().one()
    rows = conn.execute(sa.select(cases.c.id, cases.c.case_number, cases.c.case_type, lk.c.role,
                                  cases.c.filing_date, cases.c.hearing_date)
                        .join(lk, lk.c.case_id == cases.c.id).where(lk.c.party_id == party_id)
                        .order_by(cases.c.id)).all()
    out = []
    for cid, number, ctype, role, filed, hearing in rows:
        others = conn.execute(sa.select(party.c.full_name).join(lk, lk.c.party_id == party.c.id)
                              .where(lk.c.case_id == cid, lk.c.party_id != party_id,
                                     sa.not_(party.c.is_organisation))).scalars().all()
        out.append(SideCase(number, CaseType(ctype), role, filed or hearing, tuple(others)))
    return Side(party_id, p["full_name"], p["first_name"], p["middle_name"], p["last_name"], p["suffix"],
                p["dob"], tuple(out))
