"""One linking run: compare, store the links, regroup people, refresh the cases' flags.

An incremental run (an import's parties) reads only the blocks of its parties from the
index (store.link_index), compares only pairs with a new party in them, and regroups
only the people those links touch: its cost follows the size of the docket imported, not
of the database. A full run (`courtscreen people link`) compares every block. Both keep
a person's decisions (confirmed / rejected / unsure: not sure) as they are.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.domain.blocking import candidate_pairs
from courtscreen.domain.link_evidence import NameFrequencies, find_matches
from courtscreen.domain.party_matching import Clusters
from courtscreen.memory import paused_gc
from courtscreen.store import link_index
from courtscreen.store.link_index import among
from courtscreen.store.people import (
    ACCEPTED,
    CONFIRMED,
    KEPT,
    LINKED,
    REJECTED,
    SUGGESTED,
    _chunks,
    _pt,
)
from courtscreen.store.tables import tables
from courtscreen.store.triage_links import refresh_cross_case


@dataclass(frozen=True)
class RunCounts:
    parties_checked: int
    new_links: int
    new_suggestions: int
    people: int
    repeat_cases: int
    seconds: float


def run(engine: Engine, conn: Connection, scope: set[int] | None) -> RunCounts:
    with paused_gc():  # many small objects that all live until the end: see memory.paused_gc
        return _run(engine, conn, scope)


def _run(engine: Engine, conn: Connection, scope: set[int] | None) -> RunCounts:
    started = time.perf_counter()
    stored: list[tuple] = []
    added = link_index.sync(engine, conn, scope, stored)
    indexed = link_index.count(engine, conn)
    whole = scope is None or 4 * len(scope) > indexed  # a first import: read it all at once
    if whole:
        # Every person indexed just now (a first run): taken as written, not read back.
        people = (link_index.from_stored(stored) if added == indexed
                  else link_index.load_all(engine, conn))
        freq = NameFrequencies.of(people)
        link_index.store_rates(engine, conn, freq)
        mates = None
        if scope is not None:
            scope &= {p.id for p in people}
        existing = _existing(engine, conn, None)
    else:
        del stored
        near = link_index.neighbourhood(engine, conn, scope)
        people, scope = near.people, near.scope

        def mates(case_ids: set[int]):
            return near.mates(conn, case_ids)

        # The pairs first: SQL is then asked only about the parties they involve. Most block
        # members pair with no new party (a Smith block holds hundreds of Smiths, a new John
        # Smith pairs with its Johns). What is read for the others would weigh nothing:
        # surname counts and known namesakes are looked up for a pair's own two rows, and a
        # link between two parties neither of which is in a pair changes no pair's verdict
        # (demote_ambiguous only demotes pairs this run makes; stale links touch scope).
        pairs = list(candidate_pairs(people, scope, near.blocks))
        ids = scope | {x.id for pair in pairs for x in pair}
        freq = link_index.frequencies(engine, conn, people,
                                      paired=[p for p in people if p.id in ids])
        existing = _existing(engine, conn, ids)
    checked = len(scope) if scope is not None else len(people)
    accepted = [pair for pair, old in existing.items() if old[1] in ACCEPTED]
    # A first run's scope is every party: pairs are then made as for `people link` (the same
    # pairs, in the same order), without a scope test per pair and per block.
    everyone = whole and scope is not None and len(scope) == len(people)
    found = find_matches(people, None if everyone else scope, accepted, freq, mates,
                         None if whole else near.blocks, None if whole else pairs)
    del people
    inserts, touched = _store(engine, conn, found, existing, scope)
    if whole:
        regroup(engine, conn, None)
        refresh_repeat_flags(engine, conn, None)
        refresh_cross_case(conn)  # triage's linked-case raise (issue 20), for every case
    else:
        regrouped, around = regroup_and_members(engine, conn, touched | scope)
        refresh_repeat_flags(engine, conn, cases_of(engine, conn, regrouped | scope))
        # Triage's linked-case raise (issue 20) can change only in the cases of the people
        # regrouped, before or after (`around` holds them all); the import refreshed the rest.
        refresh_cross_case(conn, cases_of(engine, conn, around))
    person = _pt(engine).person
    cases = tables(engine).court_case
    return RunCounts(
        parties_checked=checked,
        new_links=sum(1 for r in inserts if r["status"] == LINKED),
        new_suggestions=sum(1 for r in inserts if r["status"] == SUGGESTED),
        people=conn.scalar(sa.select(sa.func.count(sa.distinct(person.c.person_id)))) or 0,
        repeat_cases=conn.scalar(sa.select(sa.func.count()).select_from(cases)
                                 .where(cases.c.repeat_party)) or 0,
        seconds=time.perf_counter() - started)


def _existing(engine: Engine, conn: Connection, ids: set[int] | None) -> dict:
    """(a, b) -> (link id, status, confidence, reasons): all links, or those touching ids."""
    link = _pt(engine).link
    cols = (link.c.id, link.c.party_a, link.c.party_b, link.c.status, link.c.confidence,
            link.c.reasons)
    out = {}
    if ids is None:
        rows = conn.execute(sa.select(*cols))
        return {(a, b): (lid, status, conf, why) for lid, a, b, status, conf, why in rows}
    for col in (link.c.party_a, link.c.party_b):
        for lid, a, b, status, conf, why in conn.execute(sa.select(*cols).where(among(conn, col, ids))):
            out[(a, b)] = (lid, status, conf, why)
    return out


def _store(engine: Engine, conn: Connection, found: dict, existing: dict,
           scope: set[int] | None) -> tuple[list[dict], set[int]]:
    """Write the run's links (a person's decisions are never changed); the parties touched."""
    link = _pt(engine).link
    now = datetime.now(UTC)
    inserts, updates, stale, touched = [], [], [], set()
    for pair, m in found.items():
        status = LINKED if m.level == "linked" else SUGGESTED
        old = existing.get(pair)
        if old is None:
            inserts.append({"party_a": pair[0], "party_b": pair[1], "confidence": m.confidence,
                            "reasons": m.explanation[:500], "status": status, "decided_by": "",
                            "decided_at": None, "updated_at": now})
            touched.update(pair)
        elif old[1] not in KEPT and (old[1], old[2], old[3]) != (status, m.confidence,
                                                                       m.explanation[:500]):
            updates.append({"b_id": old[0], "b_status": status, "b_conf": m.confidence,
                            "b_why": m.explanation[:500], "b_now": now})
            touched.update(pair)
    for pair, (lid, status, _, _) in existing.items():
        if status in KEPT or pair in found:
            continue
        if scope is None or pair[0] in scope or pair[1] in scope:
            stale.append(lid)  # the names or dates of birth no longer match
            touched.update(pair)
    for part in _chunks(inserts, 5000):
        conn.execute(sa.insert(link), part)
    if updates:
        conn.execute(sa.update(link).where(link.c.id == sa.bindparam("b_id")).values(
            status=sa.bindparam("b_status"), confidence=sa.bindparam("b_conf"),
            reasons=sa.bindparam("b_why"), updated_at=sa.bindparam("b_now")), updates)
    for part in _chunks(stale):
        conn.execute(sa.delete(link).where(link.c.id.in_(part)))
    return inserts, touched


# --------------------------------------------------------------------------- people as groups


def _component(engine: Engine, conn: Connection, start: set[int]) -> set[int]:
    """start, and every party joined to it by an accepted link or a current person group."""
    link, person = _pt(engine).link, _pt(engine).person
    seen: set[int] = set()
    frontier = set(start)
    while frontier:
        seen |= frontier
        reached: set[int] = set()
        for col, other in ((link.c.party_a, link.c.party_b), (link.c.party_b, link.c.party_a)):
            reached.update(conn.scalars(sa.select(other).where(
                among(conn, col, frontier), link.c.status.in_(ACCEPTED))))
        who = sa.select(person.c.person_id).where(among(conn, person.c.party_id, frontier))
        reached.update(conn.scalars(sa.select(person.c.party_id).where(person.c.person_id.in_(who))))
        frontier = reached - seen
    return seen


def regroup(engine: Engine, conn: Connection, touched: set[int] | None) -> set[int]:
    """party_person from the accepted links (confirmed first, then the surest links first),
    for every party (touched None) or for the people the touched parties belong to, before
    and after. Returns the parties regrouped."""
    return regroup_and_members(engine, conn, touched)[0]


def regroup_and_members(engine: Engine, conn: Connection, touched: set[int] | None
             ) -> tuple[set[int], set[int]]:
    """regroup, and the parties it looked at (touched None: those of every link): every
    member of the people regrouped, as they were and as they are now."""
    pt, t = _pt(engine), tables(engine)
    link, person = pt.link, pt.person
    cols = (link.c.party_a, link.c.party_b, link.c.status, link.c.confidence)
    wanted = [LINKED, CONFIRMED, REJECTED]
    if touched is None:
        rows = conn.execute(sa.select(*cols).where(link.c.status.in_(wanted))).all()
        members = None
    else:
        members = _component(engine, conn, touched)
        rows = [r for r in conn.execute(sa.select(*cols).where(
            among(conn, link.c.party_a, members), link.c.status.in_(wanted))) if r[1] in members]
    ids = {x for r in rows for x in r[:2]} if members is None else members
    dobs, middles, cases = {}, {}, {}
    match = link_index.match_table(engine)
    q = sa.select(match.c.party_id, match.c.dob, match.c.middle, match.c.case_id)
    if members is None:
        got = conn.execute(q.where(match.c.party_id.in_(
            sa.union(sa.select(link.c.party_a), sa.select(link.c.party_b)).scalar_subquery()))).all()
    else:
        got = conn.execute(q.where(among(conn, match.c.party_id, ids))).all()
    for pid, dob, middle, cid in got:
        dobs[pid], middles[pid], cases[pid] = dob, middle, cid
    missing = ids - set(cases)  # a party not indexed (an organisation linked by an old import)
    for part in _chunks(sorted(missing)):
        for pid, dob, cid in conn.execute(
                sa.select(t.party.c.id, t.party.c.dob, sa.func.min(t.case_party.c.case_id))
                .join(t.case_party, t.case_party.c.party_id == t.party.c.id)
                .where(t.party.c.id.in_(part)).group_by(t.party.c.id, t.party.c.dob)):
            dobs[pid], cases[pid] = dob, cid
    clusters = Clusters(dobs, [(a, b) for a, b, s, _ in rows if s == REJECTED], cases=cases,
                        middles=middles)
    ordered = sorted((r for r in rows if r[2] != REJECTED), key=lambda r: (r[2] != CONFIRMED, -r[3]))
    for a, b, status, _ in ordered:
        clusters.join(a, b, force=status == CONFIRMED)
    new = clusters.groups()
    if members is None:
        old = dict(conn.execute(sa.select(person.c.party_id, person.c.person_id)).all())
    else:
        old = dict(conn.execute(sa.select(person.c.party_id, person.c.person_id)
                                .where(among(conn, person.c.party_id, members))).all())
    gone = [p for p, who in old.items() if new.get(p) != who]
    for part in _chunks(gone):
        conn.execute(sa.delete(person).where(person.c.party_id.in_(part)))
    added = [{"party_id": p, "person_id": who} for p, who in new.items() if old.get(p) != who]
    for part in _chunks(added, 5000):
        conn.execute(sa.insert(person), part)
    return set(gone) | {r["party_id"] for r in added}, ids


def cases_of(engine: Engine, conn: Connection, parties: set[int]) -> set[int]:
    lk = tables(engine).case_party
    return set(conn.scalars(sa.select(lk.c.case_id).where(among(conn, lk.c.party_id, parties))))


_REPEAT = (
    "EXISTS (SELECT 1 FROM case_party a JOIN party_person ga ON ga.party_id = a.party_id "
    "JOIN party_person gb ON gb.person_id = ga.person_id "
    "JOIN case_party b ON b.party_id = gb.party_id AND b.case_id <> a.case_id "
    "WHERE a.case_id = court_case.id) "
    "OR EXISTS (SELECT 1 FROM case_party a JOIN party p ON p.id = a.party_id "
    "JOIN case_party b ON b.party_id = a.party_id AND b.case_id <> a.case_id "
    "WHERE a.case_id = court_case.id AND p.is_organisation = FALSE)"
)


def refresh_repeat_flags(engine: Engine, conn: Connection, case_ids: set[int] | None) -> None:
    """court_case.repeat_party: a person of the case (by any linked spelling) is in another
    case. For every case, or only for case_ids."""
    sql = (f"UPDATE court_case SET repeat_party = CASE WHEN {_REPEAT} THEN TRUE ELSE FALSE END "
           f"WHERE repeat_party <> CASE WHEN {_REPEAT} THEN TRUE ELSE FALSE END")
    if case_ids is None:
        conn.execute(sa.text(sql))
        return
    for part in _chunks(sorted(case_ids)):
        conn.execute(sa.text(sql + " AND id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
                     {"ids": part})
