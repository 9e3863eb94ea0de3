"""Case numbers already in the database, for an import's look-alike check (importing.row_checks).

A case number with a Cyrillic "Р" where the court typed a Latin "P" keys as another case;
the import reports it when the plain number is a case already stored, and the other way
round (a stored number with such letters, now imported plain).
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.store.models import CourtCase

cases_t = CourtCase.__table__
_IN = 900  # below SQLite's limit on bound parameters per statement


def stored_case_numbers(engine: Engine, numbers: Iterable[str]) -> list[tuple[str, str]]:
    """(court, case number) of the stored cases whose number is one of `numbers`, ignoring
    case."""
    wanted = sorted({n.upper() for n in numbers})
    out: list[tuple[str, str]] = []
    with engine.connect() as conn:
        for i in range(0, len(wanted), _IN):
            q = sa.select(cases_t.c.court, cases_t.c.case_number).where(
                sa.func.upper(cases_t.c.case_number).in_(wanted[i:i + _IN]))
            out += [(court, number) for court, number in conn.execute(q)]
    return out


def stored_non_ascii_case_numbers(engine: Engine) -> list[tuple[str, str]]:
    """(court, case number) of the stored cases whose number has a character outside
    printable ASCII (a look-alike letter of another script). Few or none: the index on the
    case number is not needed for this."""
    col = cases_t.c.case_number
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            cond = sa.text("case_number GLOB '*[^ -~]*'")
        else:
            cond = col.op("~")("[^ -~]")
        q = sa.select(cases_t.c.court, col).where(cond)
        return [(court, number) for court, number in conn.execute(q)]
