"""Read the database back in tests: plain SELECTs on the tables, never the code under test.

Selecting through the Table objects (not raw SQL text) gives typed values on
both SQLite and PostgreSQL: dates come back as dates, times as times.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import SQLModel

import courtscreen.store.models  # noqa: F401  (registers the tables)

TABLES = ("import_batch", "import_problem", "court_case", "party", "case_party")


def table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def count(engine, name: str) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table(name))).scalar_one()


def counts(engine) -> dict[str, int]:
    return {t: count(engine, t) for t in TABLES}


def select(engine, name: str, *where, order_by=None) -> list[dict]:
    t = table(name)
    q = sa.select(t).where(*where)
    q = q.order_by(*(order_by if order_by is not None else t.primary_key.columns))
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


def snapshot(engine) -> dict[str, list[dict]]:
    """Every row of every courtscreen table: compare before/after to prove nothing changed."""
    return {t: select(engine, t) for t in TABLES}


def case_by_number(engine, number: str) -> dict:
    found = select(engine, "court_case", table("court_case").c.case_number == number)
    assert len(found) == 1, f"expected one case {number!r}, found {len(found)}"
    return found[0]


def parties_of(engine, case_id: int) -> list[tuple[str, str]]:
    """(role, full name) of a case's parties, sorted."""
    link, party = table("case_party"), table("party")
    q = (sa.select(link.c.role, party.c.full_name).join(party, party.c.id == link.c.party_id)
         .where(link.c.case_id == case_id).order_by(link.c.role, party.c.full_name))
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(q)]
