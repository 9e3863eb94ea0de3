"""The same people across cases: linking parties after each import, decisions, and queries.

After an import commits, `link_batch` compares the parties of the cases it
added or changed with every person already in the database (blocked by name
keys; see domain.party_matching), stores each likely match in party_link
("linked" or "suggested", with a confidence and reasons), and rebuilds the
groups of linked parties (party_person) and the docket's repeat-party flag.
A user's "confirmed" or "rejected" decision is never changed by later imports.

Reads use tables reflected from the database (as the docket does), so the
case view does not import the ORM.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.names import fold
from courtscreen.domain.party_matching import (
    SUGGEST,
    describe_confidence,
)
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.store.tables import reflected, tables
from courtscreen.store.triage_links import refresh_cross_case

LINKED, SUGGESTED, CONFIRMED, REJECTED = "linked", "suggested", "confirmed", "rejected"
UNSURE = "unsure"  # a person looked and could not tell: kept, and offered again later
SAME = "same"  # one party row: the same name (and date of birth) as written on both dockets
ACCEPTED = (LINKED, CONFIRMED)
DECISIONS = (CONFIRMED, REJECTED)
KEPT = (CONFIRMED, REJECTED, UNSURE)  # a person's word: later linking never changes these
CHUNK = 900


class LinkNotFound(Exception):
    """No such link or party; the message says which."""


@dataclass(frozen=True)
class _PeopleTables:
    link: sa.Table
    person: sa.Table
    incident: sa.Table


def _pt(engine: Engine) -> _PeopleTables:
    return _PeopleTables(*reflected(engine, ("party_link", "party_person", "incident")))


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


# --------------------------------------------------------------------------- linking


@dataclass(frozen=True)
class LinkReport:
    parties_checked: int  # parties of the import compared with everyone
    new_links: int  # linked automatically
    new_suggestions: int  # to be confirmed or rejected
    people: int  # persons now known under more than one party row
    repeat_cases: int  # cases flagged as sharing a person with another case
    seconds: float
    resumed: int = 0  # earlier imports whose linking had not finished (killed?), done now

    def summary(self) -> str:
        text = (f"people: {self.new_links} new links across spellings, {self.new_suggestions} new "
                f"suggestions to check")
        if self.resumed:
            text = (f"linking of {self.resumed} earlier import(s) had not finished (interrupted); "
                    f"done now. " + text)
        if self.new_suggestions:
            text += " (courtscreen people suggestions)"
        return text + f"; {self.repeat_cases} cases share a person with another case"


def _batch_table(engine: Engine) -> sa.Table:
    md = sa.MetaData()
    return sa.Table("import_batch", md, sa.Column("id", sa.Integer), sa.Column("added", sa.Integer),
                    sa.Column("updated", sa.Integer),
                    sa.Column("people_linked_at", sa.DateTime(timezone=True)))


def linking_owed(engine: Engine, conn: Connection | None = None) -> list[int]:
    """Imports whose parties were never linked: the linking was killed, failed, or skipped.

    Linking runs in one transaction that also stamps import_batch.people_linked_at, so an
    interrupted run leaves the stamp empty and is found here, never silently lost."""
    b = _batch_table(engine)
    q = sa.select(b.c.id).where(b.c.people_linked_at.is_(None), (b.c.added + b.c.updated) > 0)
    if conn is not None:
        return list(conn.scalars(q.order_by(b.c.id)))
    with engine.connect() as c:
        return list(c.scalars(q.order_by(b.c.id)))


def link_batch(engine: Engine, batch_id: int) -> LinkReport:
    """Link the parties of the cases an import added or changed, and of any earlier import
    whose linking never finished. One transaction, which also records that they are linked."""
    t = tables(engine)
    with engine.begin() as conn:
        owed = [b for b in linking_owed(engine, conn) if b != batch_id]
        batches = [batch_id, *owed]
        scope = set(conn.scalars(
            sa.select(t.case_party.c.party_id).distinct()
            .join(t.court_case, t.court_case.c.id == t.case_party.c.case_id)
            .where(t.court_case.c.source_batch_id.in_(batches))))
        report = _link(engine, conn, scope)
        _mark_linked(engine, conn, batches)
        return replace(report, resumed=len(owed))


def link_all(engine: Engine) -> LinkReport:
    """Compare every person with every other (by blocking key); for `courtscreen people link`."""
    with engine.begin() as conn:
        owed = linking_owed(engine, conn)
        report = _link(engine, conn, None)
        _mark_linked(engine, conn, None)
        return replace(report, resumed=len(owed))


def _mark_linked(engine: Engine, conn: Connection, batches: list[int] | None) -> None:
    b = _batch_table(engine)
    q = sa.update(b).where(b.c.people_linked_at.is_(None))
    if batches is not None:
        q = q.where(b.c.id.in_(batches))
    conn.execute(q.values(people_linked_at=datetime.now(UTC)))


def _link(engine: Engine, conn: Connection, scope: set[int] | None) -> LinkReport:
    from courtscreen.store.linking import run

    c = run(engine, conn, scope)
    return LinkReport(c.parties_checked, c.new_links, c.new_suggestions, c.people, c.repeat_cases,
                      c.seconds)


def _regroup_around(engine: Engine, conn: Connection, parties: set[int]) -> None:
    """After a person's decision: regroup the people of these parties and refresh the flags of
    their cases (not the whole docket). A decision changes no case's evidence (its type,
    charges, screening), only who is whom: triage's linked-case raise (issue 20) can change
    only in the cases of the people regrouped, as they were and as they are now (`around`
    holds every member of both), as after an incremental linking."""
    from courtscreen.store.linking import cases_of, refresh_repeat_flags, regroup_and_members

    regrouped, around = regroup_and_members(engine, conn, parties)
    refresh_repeat_flags(engine, conn, cases_of(engine, conn, regrouped | parties))
    refresh_cross_case(conn, cases_of(engine, conn, around | parties))


def related_case_ids(conn: Connection, case_ids: list[int]) -> dict[int, set[int]]:
    """case id -> other cases sharing a person (linked or confirmed; organisations never), for
    the export's related-cases column. Each party is its own row, so "the same person" is the
    same group in party_person, not the same party id."""
    if not case_ids:
        return {}
    engine = conn.engine
    t, person = tables(engine), _pt(engine).person
    lk, party = t.case_party, t.party
    ga, gb = person.alias("ga"), person.alias("gb")
    a, b = lk.alias("a"), lk.alias("b")
    q = (sa.select(a.c.case_id, b.c.case_id).distinct()
         .join(party, sa.and_(party.c.id == a.c.party_id, sa.not_(party.c.is_organisation)))
         .join(ga, ga.c.party_id == a.c.party_id)
         .join(gb, gb.c.person_id == ga.c.person_id)
         .join(b, sa.and_(b.c.party_id == gb.c.party_id, b.c.case_id != a.c.case_id))
         .where(a.c.case_id.in_(case_ids)))
    out: dict[int, set[int]] = {}
    for cid, other in conn.execute(q):
        out.setdefault(cid, set()).add(other)
    return out


# --------------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class LinkRow:
    id: int
    party_a: int
    name_a: str
    party_b: int
    name_b: str
    confidence: int
    reasons: str
    status: str
    decided_by: str
    cases_a: int = 0
    cases_b: int = 0

    @property
    def confidence_text(self) -> str:
        return describe_confidence(self.confidence)


def _link_rows(engine: Engine, conn: Connection, where, limit: int | None = None) -> list[LinkRow]:
    t, link = tables(engine), _pt(engine).link
    pa, pb = t.party.alias("pa"), t.party.alias("pb")
    q = (sa.select(link.c.id, link.c.party_a, pa.c.full_name, link.c.party_b, pb.c.full_name,
                   link.c.confidence, link.c.reasons, link.c.status, link.c.decided_by)
         .join(pa, pa.c.id == link.c.party_a).join(pb, pb.c.id == link.c.party_b)
         .where(where).order_by(link.c.confidence.desc(), link.c.id))
    if limit:
        q = q.limit(limit)
    rows = conn.execute(q).all()
    ids = sorted({r[1] for r in rows} | {r[3] for r in rows})
    counts: dict[int, int] = {}
    lk = t.case_party
    for part in _chunks(ids):
        counts.update(conn.execute(sa.select(lk.c.party_id, sa.func.count(sa.distinct(lk.c.case_id)))
                                   .where(lk.c.party_id.in_(part)).group_by(lk.c.party_id)).all())
    return [LinkRow(*r, cases_a=counts.get(r[1], 0), cases_b=counts.get(r[3], 0)) for r in rows]


def suggestions(engine: Engine, limit: int | None = 50) -> list[LinkRow]:
    """Links waiting for a person to confirm or reject them, surest first.

    A suggestion between two parties already grouped as one person (through other
    links) is settled and not listed.
    """
    pt = _pt(engine)
    link, pa, pb = pt.link, pt.person.alias("ga"), pt.person.alias("gb")
    same_group = sa.exists().where(pa.c.party_id == link.c.party_a, pb.c.party_id == link.c.party_b,
                                   pa.c.person_id == pb.c.person_id)
    with engine.connect() as conn:
        return _link_rows(engine, conn, sa.and_(link.c.status == SUGGESTED, sa.not_(same_group)), limit)


def get_link(engine: Engine, link_id: int) -> LinkRow:
    link = _pt(engine).link
    with engine.connect() as conn:
        found = _link_rows(engine, conn, link.c.id == link_id)
    if not found:
        raise LinkNotFound(f"there is no link {link_id}; `courtscreen people suggestions` lists them")
    return found[0]


def decide(engine: Engine, link_id: int, decision: str, user: str) -> LinkRow:
    """Confirm or reject a link, or mark it "not sure" (unsure); kept through later imports.
    Regroups the people concerned and their cases' flags. A not-sure link stays out of the
    groups and comes back at the end of the review queue."""
    if decision not in (*DECISIONS, UNSURE):
        raise ValueError(f"a decision is {CONFIRMED!r}, {REJECTED!r} or {UNSURE!r}, not {decision!r}")
    link = _pt(engine).link
    with engine.begin() as conn:
        done = conn.execute(sa.update(link).where(link.c.id == link_id).values(
            status=decision, decided_by=user, decided_at=datetime.now(UTC),
            updated_at=datetime.now(UTC))).rowcount
        if done != 1:
            raise LinkNotFound(f"there is no link {link_id}; `courtscreen people suggestions` lists them")
        a, b = conn.execute(sa.select(link.c.party_a, link.c.party_b).where(link.c.id == link_id)).one()
        if decision == REJECTED:
            _reject_between_groups(engine, conn, link_id, user)
        _regroup_around(engine, conn, {a, b})
    return get_link(engine, link_id)


def _reject_between_groups(engine: Engine, conn: Connection, link_id: int, user: str) -> None:
    """Two people are two people: the other suggestions between their groups are rejected too."""
    pt = _pt(engine)
    link, person = pt.link, pt.person
    a, b = conn.execute(sa.select(link.c.party_a, link.c.party_b).where(link.c.id == link_id)).one()

    def members(pid: int) -> list[int]:
        who = conn.scalar(sa.select(person.c.person_id).where(person.c.party_id == pid))
        if who is None:
            return [pid]
        return list(conn.scalars(sa.select(person.c.party_id).where(person.c.person_id == who)))

    ga, gb = members(a), members(b)
    if set(ga) & set(gb):
        return  # split inside one group: only this link is rejected
    now = datetime.now(UTC)
    conn.execute(sa.update(link).where(
        link.c.status == SUGGESTED,
        sa.or_(sa.and_(link.c.party_a.in_(ga), link.c.party_b.in_(gb)),
               sa.and_(link.c.party_a.in_(gb), link.c.party_b.in_(ga))),
    ).values(status=REJECTED, decided_by=user, decided_at=now, updated_at=now,
             reasons=sa.func.substr(link.c.reasons + f"; rejected with link {link_id}", 1, 500)))


def decide_pair(engine: Engine, party_a: int, party_b: int, decision: str, user: str) -> LinkRow:
    """Confirm (link by hand) or reject two parties, whether or not matching suggested them."""
    if party_a == party_b:
        raise ValueError("a party is always the same person as itself; name two different parties")
    if decision not in DECISIONS:
        raise ValueError(f"a decision is {CONFIRMED!r} or {REJECTED!r}, not {decision!r}")
    a, b = sorted((party_a, party_b))
    t, link = tables(engine), _pt(engine).link
    with engine.begin() as conn:
        known = set(conn.scalars(sa.select(t.party.c.id).where(t.party.c.id.in_([a, b]),
                                                                 sa.not_(t.party.c.is_organisation))))
        missing = [str(p) for p in (a, b) if p not in known]
        if missing:
            raise LinkNotFound(f"no person with party id {', '.join(missing)} (organisations are "
                               "never linked); party ids are shown by `courtscreen people`")
        lid = conn.scalar(sa.select(link.c.id).where(link.c.party_a == a, link.c.party_b == b))
        now = datetime.now(UTC)
        if lid is None:
            conn.execute(sa.insert(link).values(party_a=a, party_b=b, confidence=0,
                                                reasons="linked by hand", status=decision,
                                                decided_by=user, decided_at=now, updated_at=now))
        else:
            conn.execute(sa.update(link).where(link.c.id == lid).values(
                status=decision, decided_by=user, decided_at=now, updated_at=now))
    lid = lid or _pair_id(engine, a, b)
    return decide(engine, lid, decision, user)


def _pair_id(engine: Engine, a: int, b: int) -> int:
    link = _pt(engine).link
    with engine.connect() as conn:
        return conn.scalar(sa.select(link.c.id).where(link.c.party_a == a, link.c.party_b == b))


# --------------------------------------------------------------------------- related cases


@dataclass(frozen=True)
class SharedParty:
    """How a party of this case is a party of the other case."""

    here_party_id: int
    here_name: str
    here_role: str
    there_party_id: int
    there_name: str
    there_role: str
    status: str  # same, linked, confirmed, suggested
    confidence: int
    reasons: str
    link_id: int | None = None  # for confirming or rejecting

    @property
    def describe(self) -> str:
        if self.status == SAME:
            return f"{self.here_role} here is {self.there_role} there"
        return (f"{self.here_role} here may be {self.there_role} {self.there_name} there "
                f"({self.status}, {describe_confidence(self.confidence)}: {self.reasons})")


@dataclass(frozen=True)
class RelatedCase:
    case_id: int
    court: str
    case_number: str
    case_type: CaseType
    filing_date: date | None
    hearing_date: date | None
    screening: ScreeningStatus
    screening_result: str
    incidents: int
    connections: tuple[SharedParty, ...]

    @property
    def when(self) -> date | None:
        return self.filing_date or self.hearing_date

    @property
    def same_pair(self) -> bool:
        """Two different people of this case are both in that case."""
        return len({c.here_party_id for c in self.connections}) > 1

    @property
    def best(self) -> SharedParty:
        rank = {SAME: 0, CONFIRMED: 1, LINKED: 2, SUGGESTED: 3}
        return min(self.connections, key=lambda c: (rank.get(c.status, 9), -c.confidence))

    @property
    def confidence(self) -> int:
        return 100 if self.best.status in (SAME, CONFIRMED) else self.best.confidence

    @property
    def suggested_only(self) -> bool:
        return all(c.status == SUGGESTED for c in self.connections)

    @property
    def relation(self) -> str:
        if self.same_pair:
            return "same pair of parties"
        c = self.best
        if c.here_role in ("respondent", "defendant") and c.there_role in ("respondent", "defendant"):
            return "same respondent"
        return f"{c.here_role} here, {c.there_role} there"


def _equivalents(engine: Engine, conn: Connection, party_ids: list[int], suggested: bool
                 ) -> dict[int, list[tuple[int, str, int, str, int | None]]]:
    """here party -> [(other party, status, confidence, reasons, link id)], itself included."""
    pt = _pt(engine)
    link, person = pt.link, pt.person
    out: dict[int, list] = {p: [(p, SAME, 100, "same name as written", None)] for p in party_ids}
    direct: dict[tuple[int, int], tuple] = {}
    statuses = [LINKED, CONFIRMED, SUGGESTED] if suggested else [LINKED, CONFIRMED]
    rows = conn.execute(sa.select(link.c.id, link.c.party_a, link.c.party_b, link.c.status,
                                  link.c.confidence, link.c.reasons)
                        .where(sa.or_(link.c.party_a.in_(party_ids), link.c.party_b.in_(party_ids)),
                               link.c.status.in_(statuses))).all()
    for lid, a, b, status, conf, why in rows:
        for here, there in ((a, b), (b, a)):
            if here in out:
                direct[(here, there)] = (status, conf, why, lid)
    group_of = dict(conn.execute(sa.select(person.c.party_id, person.c.person_id)
                                 .where(person.c.party_id.in_(party_ids))).all())
    members: dict[int, list[int]] = defaultdict(list)
    if group_of:
        for pid, who in conn.execute(sa.select(person.c.party_id, person.c.person_id)
                                     .where(person.c.person_id.in_(set(group_of.values())))):
            members[who].append(pid)
    suggested_to = sorted({there for (_, there), v in direct.items() if v[0] == SUGGESTED})
    theirs: dict[int, list[int]] = defaultdict(list)
    if suggested_to:
        group_there = dict(conn.execute(sa.select(person.c.party_id, person.c.person_id)
                                        .where(person.c.party_id.in_(suggested_to))).all())
        if group_there:
            rows_ = conn.execute(sa.select(person.c.party_id, person.c.person_id)
                                 .where(person.c.person_id.in_(set(group_there.values())))).all()
            by_group: dict[int, list[int]] = defaultdict(list)
            for pid, who in rows_:
                by_group[who].append(pid)
            for there, who in group_there.items():
                theirs[there] = [m for m in by_group[who] if m != there]
    for here in party_ids:
        seen = {here}
        for there in members.get(group_of.get(here, -1), []):
            if there in seen:
                continue
            seen.add(there)
            status, conf, why, lid = direct.get((here, there), (LINKED, SUGGEST, "linked through "
                                                                "another spelling", None))
            if status == SUGGESTED:  # a suggestion inside an accepted group is accepted by the group
                status, why = LINKED, why + "; linked through another spelling"
            out[here].append((there, status, conf, why, lid))
        for (h, there), (status, conf, why, lid) in direct.items():
            if h == here and there not in seen and status == SUGGESTED:
                # a suggestion to one row of a person is a suggestion to all their rows
                for member in [there, *theirs.get(there, ())]:
                    if member not in seen:
                        seen.add(member)
                        out[here].append((member, status, conf, why, lid))
    return out


def related_cases(engine: Engine, case_id: int, include_suggested: bool = True) -> list[RelatedCase]:
    """Every other case with a person of this one (any linked spelling), oldest first.

    Organisations (the State, an agency) never relate cases. With include_suggested,
    cases reached only through a suggested link are listed too, marked as such.
    """
    t, pt = tables(engine), _pt(engine)
    lk, party, cases = t.case_party, t.party, t.court_case
    with engine.connect() as conn:
        here = conn.execute(sa.select(lk.c.party_id, lk.c.role, party.c.full_name)
                            .join(party, party.c.id == lk.c.party_id)
                            .where(lk.c.case_id == case_id, sa.not_(party.c.is_organisation))).all()
        if not here:
            return []
        roles = {pid: (role, name) for pid, role, name in here}
        equiv = _equivalents(engine, conn, list(roles), include_suggested)
        via: dict[int, list[tuple[int, str, int, str, int | None]]] = defaultdict(list)
        for h, others in equiv.items():
            for other in others:
                via[other[0]].append((h, *other[1:]))
        found = conn.execute(sa.select(lk.c.case_id, lk.c.party_id, lk.c.role, party.c.full_name)
                             .join(party, party.c.id == lk.c.party_id)
                             .where(lk.c.party_id.in_(list(via)), lk.c.case_id != case_id)).all()
        conns: dict[int, list[SharedParty]] = defaultdict(list)
        for cid, there, there_role, there_name in found:
            for h, status, conf, why, lid in via[there]:
                conns[cid].append(SharedParty(h, roles[h][1], roles[h][0], there, there_name,
                                              there_role, status, conf, why, lid))
        ids = sorted(conns)
        rows, incidents = {}, {}
        inc = pt.incident
        for part in _chunks(ids):
            rows.update({r["id"]: r for r in conn.execute(sa.select(cases).where(cases.c.id.in_(part)))
                         .mappings()})
            incidents.update(conn.execute(
                sa.select(inc.c.case_id, sa.func.count()).where(inc.c.case_id.in_(part),
                                                                sa.not_(inc.c.withdrawn))
                .group_by(inc.c.case_id)).all())
    out = [RelatedCase(case_id=cid, court=r["court"], case_number=r["case_number"],
                       case_type=CaseType(r["case_type"]), filing_date=r["filing_date"],
                       hearing_date=r["hearing_date"],
                       screening=ScreeningStatus(r["screening_status"]),
                       screening_result=r["screening_result"], incidents=incidents.get(cid, 0),
                       connections=tuple(conns[cid]))
           for cid, r in rows.items()]
    out.sort(key=lambda c: (c.when or date.max, c.case_number))
    return out


def related_by_party(engine: Engine, conn: Connection, case_id: int, party_ids: list[int]
                     ) -> dict[int, list[tuple[int, str, CaseType]]]:
    """For the case view: party id -> other cases (id, number, type) of the same person, accepted
    links only (suggestions are shown by the related-cases panel). Organisations are left out."""
    t = tables(engine)
    party, lk, cases = t.party, t.case_party, t.court_case
    if not party_ids:
        return {}
    people = list(conn.scalars(sa.select(party.c.id).where(party.c.id.in_(party_ids),
                                                           sa.not_(party.c.is_organisation))))
    if not people:
        return {}
    equiv = _equivalents(engine, conn, people, suggested=False)
    back: dict[int, list[int]] = defaultdict(list)
    for h, others in equiv.items():
        for other in others:
            back[other[0]].append(h)
    q = (sa.select(lk.c.party_id, cases.c.id, cases.c.case_number, cases.c.case_type)
         .join(cases, cases.c.id == lk.c.case_id)
         .where(lk.c.party_id.in_(list(back)), lk.c.case_id != case_id)
         .order_by(cases.c.hearing_date, cases.c.id))
    related: dict[int, list[tuple[int, str, CaseType]]] = {}
    for pid, cid, number, ctype in conn.execute(q):
        for h in back[pid]:
            lst = related.setdefault(h, [])
            if all(c[0] != cid for c in lst):
                lst.append((cid, number, CaseType(ctype)))
    return related


# --------------------------------------------------------------------------- people in several cases


@dataclass(frozen=True)
class PersonCase:
    case_id: int
    case_number: str
    court: str
    case_type: CaseType
    role: str
    name: str  # as this case names the person
    filing_date: date | None
    hearing_date: date | None
    screening: ScreeningStatus
    incidents: int
    screening_result: str = ""

    @property
    def when(self) -> date | None:
        return self.filing_date or self.hearing_date


@dataclass(frozen=True)
class Person:
    key: int  # person id of a linked group, or the party id
    name: str
    other_names: tuple[str, ...]
    dob: date | None
    party_ids: tuple[int, ...]
    cases: tuple[PersonCase, ...]  # timeline: oldest first

    @property
    def first_seen(self) -> date | None:
        return next((c.when for c in self.cases if c.when), None)

    @property
    def last_seen(self) -> date | None:
        return next((c.when for c in reversed(self.cases) if c.when), None)


def people_in_several_cases(engine: Engine, min_cases: int = 2, limit: int | None = 200,
                            offset: int = 0) -> list[Person]:
    """Persons (all linked spellings together) named in at least min_cases cases, most cases first."""
    t, pt = tables(engine), _pt(engine)
    lk, party, person = t.case_party, t.party, pt.person
    who = sa.func.coalesce(person.c.person_id, lk.c.party_id).label("who")
    base = (sa.select(who, lk.c.case_id).join(party, party.c.id == lk.c.party_id)
            .join(person, person.c.party_id == lk.c.party_id, isouter=True)
            .where(sa.not_(party.c.is_organisation)).subquery())
    n = sa.func.count(sa.distinct(base.c.case_id))
    q = (sa.select(base.c.who, n).group_by(base.c.who).having(n >= max(1, min_cases))
         .order_by(n.desc(), base.c.who).offset(offset))
    if limit:
        q = q.limit(limit)
    with engine.connect() as conn:
        keys = [k for k, _ in conn.execute(q)]
        if not keys:
            return []
        return _persons(engine, conn, keys)


def person_of(engine: Engine, party_id: int) -> Person | None:
    """The person a party row belongs to (all linked or confirmed rows together), with every
    case of theirs on one timeline; None if there is no such party in any case."""
    pt = _pt(engine)
    with engine.connect() as conn:
        in_case = conn.scalar(sa.select(sa.func.count()).select_from(tables(engine).case_party)
                              .where(tables(engine).case_party.c.party_id == party_id))
        if not in_case:
            return None
        key = conn.scalar(sa.select(pt.person.c.person_id).where(pt.person.c.party_id == party_id))
        found = _persons(engine, conn, [key if key is not None else party_id])
    return found[0] if found else None


def find_parties(engine: Engine, text: str, limit: int = 20) -> list[tuple[int, str, str, str]]:
    """(party id, name, case number, role) of people whose name contains text (folded)."""

    t = tables(engine)
    key = fold(text)
    if not key:
        return []
    words = key.split()
    q = (sa.select(t.party.c.id, t.party.c.full_name, t.court_case.c.case_number, t.case_party.c.role)
         .join(t.case_party, t.case_party.c.party_id == t.party.c.id)
         .join(t.court_case, t.court_case.c.id == t.case_party.c.case_id)
         .where(sa.not_(t.party.c.is_organisation), *[t.party.c.name_key.contains(w) for w in words])
         .order_by(t.party.c.id).limit(limit))
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(q)]


def _persons(engine: Engine, conn: Connection, keys: list[int]) -> list[Person]:
    t, pt = tables(engine), _pt(engine)
    lk, party, cases, person, inc = t.case_party, t.party, t.court_case, pt.person, pt.incident
    members: dict[int, set[int]] = {k: {k} for k in keys}
    for part in _chunks(keys):
        for pid, k in conn.execute(sa.select(person.c.party_id, person.c.person_id)
                                   .where(person.c.person_id.in_(part))):
            members[k].add(pid)
    owner = {pid: k for k, pids in members.items() for pid in pids}
    rows = []
    for part in _chunks(sorted(owner)):
        rows += conn.execute(
            sa.select(lk.c.party_id, lk.c.role, party.c.full_name, party.c.dob, cases.c.id,
                      cases.c.case_number, cases.c.court, cases.c.case_type, cases.c.filing_date,
                      cases.c.hearing_date, cases.c.screening_status, cases.c.screening_result)
            .join(party, party.c.id == lk.c.party_id).join(cases, cases.c.id == lk.c.case_id)
            .where(lk.c.party_id.in_(part))).all()
    case_ids = sorted({r[4] for r in rows})
    incidents: dict[int, int] = {}
    for part in _chunks(case_ids):
        incidents.update(conn.execute(
            sa.select(inc.c.case_id, sa.func.count()).where(inc.c.case_id.in_(part),
                                                            sa.not_(inc.c.withdrawn))
            .group_by(inc.c.case_id)).all())
    by_key: dict[int, list] = defaultdict(list)
    for r in rows:
        by_key[owner[r[0]]].append(r)
    out = []
    for k in keys:
        rs = by_key.get(k, [])
        names: dict[str, int] = defaultdict(int)
        for r in rs:
            names[r[2]] += 1
        ordered = sorted(names, key=lambda s: (-names[s], -len(s), s))
        seen_cases: dict[int, PersonCase] = {}
        for _pid, role, name, _dob, cid, number, court, ctype, filed, hearing, status, result in rs:
            seen_cases.setdefault(cid, PersonCase(cid, number, court, CaseType(ctype), role, name, filed,
                                                  hearing, ScreeningStatus(status), incidents.get(cid, 0),
                                                  result or ""))
        timeline = sorted(seen_cases.values(), key=lambda c: (c.when or date.max, c.case_number))
        dob = next((r[3] for r in rs if r[3]), None)
        out.append(Person(key=k, name=ordered[0] if ordered else "", other_names=tuple(ordered[1:]),
                          dob=dob, party_ids=tuple(sorted(members[k])), cases=tuple(timeline)))
    return out


def count_people(engine: Engine, min_cases: int = 2) -> int:
    t, pt = tables(engine), _pt(engine)
    lk, party, person = t.case_party, t.party, pt.person
    who = sa.func.coalesce(person.c.person_id, lk.c.party_id).label("who")
    base = (sa.select(who, lk.c.case_id).join(party, party.c.id == lk.c.party_id)
            .join(person, person.c.party_id == lk.c.party_id, isouter=True)
            .where(sa.not_(party.c.is_organisation)).subquery())
    n = sa.func.count(sa.distinct(base.c.case_id))
    grouped = sa.select(base.c.who).group_by(base.c.who).having(n >= max(1, min_cases)).subquery()
    with engine.connect() as conn:
        return conn.scalar(sa.select(sa.func.count()).select_from(grouped))


# --------------------------------------------------------------------------- for the screener


@dataclass(frozen=True)
class RelatedPattern:
    """A related case's screening and findings, read-only, for whoever screens this case."""

    case: RelatedCase
    screening: object | None  # store.screenings.ScreeningRecord
    incidents: tuple  # domain.findings.Incident, live ones only
    conclusion: object | None  # domain.findings.Conclusion


def related_screenings(engine: Engine, case_id: int, include_suggested: bool = False
                       ) -> list[RelatedPattern]:
    """The screenings and recorded incidents of the related cases, oldest case first.

    Suggested (unconfirmed) links are left out unless asked for: a screener should not
    read another person's record as this respondent's until someone has confirmed it.
    """
    from courtscreen.store.findings import get_conclusion, list_incidents
    from courtscreen.store.screenings import get_screening

    out = []
    for rc in related_cases(engine, case_id, include_suggested=include_suggested):
        incidents = tuple(i for i in list_incidents(engine, rc.case_id) if not i.withdrawn)
        out.append(RelatedPattern(rc, get_screening(engine, rc.case_id), incidents,
                                  get_conclusion(engine, rc.case_id)))
    return out
