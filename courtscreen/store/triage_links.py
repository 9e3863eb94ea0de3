"""Cross-case evidence for triage: a case is raised when one of its people is a party to
another case that has a stalking-indicated screening, is a protection order, or carries a
stalking-specific charge (domain.triage). "The same person" is store.people's party_person
groups (each case has its own party rows). Worked out in SQL over the whole docket after
every import and linking (store.people calls refresh_cross_case after the repeat flags), and
for the cases linked to a case whose screening result changes (store.screenings).

Organisations (the State, an agency) are in hundreds of cases and never link cases.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.domain.triage import PRIORITY_LINKED

STALKING_SPECIFIC_MAX = PRIORITY_LINKED - 1

_EVIDENCE = (f"(o.triage_rank <= {STALKING_SPECIFIC_MAX} OR o.case_type = 'protection_order' "
             "OR o.screening_status = 'indicated')")

_LINKED = (
    "SELECT 1 FROM case_party a "
    "JOIN party_person ga ON ga.party_id = a.party_id "
    "JOIN party_person gb ON gb.person_id = ga.person_id "
    "JOIN case_party b ON b.party_id = gb.party_id AND b.case_id <> a.case_id "
    "JOIN party p ON p.id = a.party_id "
    "JOIN court_case o ON o.id = b.case_id "
    f"WHERE a.case_id = court_case.id AND p.is_organisation = FALSE AND {_EVIDENCE}"
)


def refresh_cross_case(conn: Connection, case_ids: set[int] | None = None) -> None:
    """Set every case's cross_case mark and priority from the docket as it is now; or only
    those of case_ids (an incremental linking: the cases of the people it regrouped, the
    only ones whose mark it can change; the import that ran before it refreshed every case)."""
    mark = (f"UPDATE court_case SET cross_case = CASE WHEN EXISTS ({_LINKED}) THEN TRUE ELSE "
            "FALSE END WHERE (repeat_party = TRUE OR cross_case = TRUE)")
    rank = (f"CASE WHEN cross_case = TRUE AND triage_rank > {PRIORITY_LINKED} THEN "
            f"{PRIORITY_LINKED} ELSE triage_rank END")
    raise_ = f"UPDATE court_case SET priority = {rank} WHERE priority <> {rank}"
    if case_ids is None:
        conn.execute(sa.text(mark))
        conn.execute(sa.text(raise_))
        return
    ids = sorted(case_ids)
    for sql in (mark, raise_):
        for i in range(0, len(ids), 900):
            conn.execute(sa.text(sql + " AND court_case.id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)), {"ids": ids[i:i + 900]})


_NEIGHBOURS = (
    "SELECT DISTINCT b.case_id FROM case_party a "
    "JOIN party_person ga ON ga.party_id = a.party_id "
    "JOIN party_person gb ON gb.person_id = ga.person_id "
    "JOIN case_party b ON b.party_id = gb.party_id "
    "WHERE a.case_id = :cid AND b.case_id <> :cid"
)


def refresh_linked_to(conn: Connection, case_id: int) -> None:
    """After a case's own evidence changed (a screening completed as stalking indicated, or
    revised away from it), re-mark the cases that share a person with it: they are the only
    ones whose linked-case raise that case can give or take away. Without this a clerk's
    finding would reach the linked custody case's priority only at the next import."""
    linked = set(conn.scalars(sa.text(_NEIGHBOURS), {"cid": case_id}))
    if linked:
        refresh_cross_case(conn, linked)


def refresh(engine: Engine) -> None:
    with engine.begin() as conn:
        refresh_cross_case(conn)


def linked_evidence(engine: Engine, case_id: int, limit: int = 5) -> list[str]:
    """Why a case is raised, in words: who links it to which case, and what that case has."""
    q = sa.text(
        "SELECT DISTINCT p.full_name, o.court, o.case_number, o.case_type, o.triage_rank, "
        "o.screening_status FROM case_party a "
        "JOIN party_person ga ON ga.party_id = a.party_id "
        "JOIN party_person gb ON gb.person_id = ga.person_id "
        "JOIN case_party b ON b.party_id = gb.party_id AND b.case_id <> a.case_id "
        "JOIN party p ON p.id = a.party_id JOIN court_case o ON o.id = b.case_id "
        f"WHERE a.case_id = :cid AND p.is_organisation = FALSE AND {_EVIDENCE} "
        "ORDER BY o.triage_rank, o.case_number LIMIT :n")
    out = []
    with engine.connect() as conn:
        for name, court, number, case_type, rank, status in conn.execute(q, {"cid": case_id,
                                                                              "n": limit}):
            what = []
            if status == "indicated":
                what.append("stalking indicated by a screening")
            if rank <= STALKING_SPECIFIC_MAX:
                what.append("a stalking-specific charge")
            if case_type == "protection_order":
                what.append("a protection order")
            where = f"{number} ({court})" if court else number
            out.append(f"{name} is a party to {where}: {', '.join(what)}")
    return out
