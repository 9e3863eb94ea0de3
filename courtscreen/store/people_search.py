"""Find a person in the people view by any spelling of their name.

The people view lists persons named in several cases, most cases first (store.people); a
court with thousands of them needs to find one by name. A person matches when any party row
of theirs (any linked spelling) has every word of the search in its folded name key, so
"quill ann" finds "QUILL, ANNA" and "Anna Quill", and "%" or "_" are plain characters.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.domain.names import fold
from courtscreen.store.people import Person, _persons, _pt
from courtscreen.store.tables import tables


def _grouped(engine: Engine, text: str, min_cases: int):
    t, pt = tables(engine), _pt(engine)
    lk, party, person = t.case_party, t.party, pt.person
    who = sa.func.coalesce(person.c.person_id, lk.c.party_id).label("who")
    base = (sa.select(who, lk.c.case_id, party.c.name_key).join(party, party.c.id == lk.c.party_id)
            .join(person, person.c.party_id == lk.c.party_id, isouter=True)
            .where(sa.not_(party.c.is_organisation)).subquery())
    words = fold(text).split()
    named = sa.select(base.c.who).where(*[base.c.name_key.contains(w, autoescape=True) for w in words])
    n = sa.func.count(sa.distinct(base.c.case_id))
    return (sa.select(base.c.who, n.label("n")).where(base.c.who.in_(named)).group_by(base.c.who)
            .having(n >= max(1, min_cases)))


def search_people(engine: Engine, text: str, min_cases: int = 2, limit: int = 200
                  ) -> tuple[list[Person], int]:
    """(persons whose name matches, most cases first, at most limit; how many match)."""
    grouped = _grouped(engine, text, min_cases)
    with engine.connect() as conn:
        total = conn.scalar(sa.select(sa.func.count()).select_from(grouped.subquery()))
        g = grouped.subquery()
        keys = [k for (k,) in conn.execute(sa.select(g.c.who).order_by(g.c.n.desc(), g.c.who)
                                           .limit(limit))]
        return (_persons(engine, conn, keys) if keys else []), total
