"""People, for analysts and for the clerk who checks the linker: the export of every party
with its person id and link status, and the quality report on the linker's work.

`courtscreen people export FILE.csv` writes one row per party of every case, so a partner
agency (or a precision/recall measurement) sees exactly which docket cells the tool holds
to be one person and on what footing. Plain SQL over the reflected tables (store.tables).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.domain.party_matching import AUTO_LINK
from courtscreen.store.people import (
    CONFIRMED,
    LINKED,
    REJECTED,
    SUGGESTED,
    UNSURE,
    _pt,
    linking_owed,
)
from courtscreen.store.tables import tables

EXPORT_COLUMNS = ("case_number", "court", "role", "name", "dob", "person_id", "link_status",
                  "party_id", "is_organisation")
# The strongest footing a party has: a person's confirmation, then the linker's link, a
# suggestion waiting for someone, one a person could not decide (unsure), a rejection (told
# apart from someone), or nothing.
STATUS_ORDER = (CONFIRMED, LINKED, SUGGESTED, UNSURE, REJECTED)
NONE = "none"


def _statuses(conn, link: sa.Table) -> dict[int, str]:
    best: dict[int, int] = {}
    for a, b, status in conn.execute(sa.select(link.c.party_a, link.c.party_b, link.c.status)):
        if status not in STATUS_ORDER:
            continue
        rank = STATUS_ORDER.index(status)
        for pid in (a, b):
            if rank < best.get(pid, 99):
                best[pid] = rank
    return {pid: STATUS_ORDER[r] for pid, r in best.items()}


def export_people(engine: Engine, path: Path) -> int:
    """Write FILE.csv (UTF-8 with a header row); returns the number of party rows written.

    person_id is the same for parties linked or confirmed as one person (the group's id),
    else the party's own id. link_status: linked / suggested / unsure (a person was not sure) /
    confirmed / rejected / none.
    """
    t, pt = tables(engine), _pt(engine)
    lk, party, cases, person = t.case_party, t.party, t.court_case, pt.person
    q = (sa.select(cases.c.case_number, cases.c.court, lk.c.role, party.c.full_name, party.c.dob,
                   sa.func.coalesce(person.c.person_id, lk.c.party_id), lk.c.party_id,
                   party.c.is_organisation)
         .join(party, party.c.id == lk.c.party_id).join(cases, cases.c.id == lk.c.case_id)
         .join(person, person.c.party_id == lk.c.party_id, isouter=True)
         .order_by(cases.c.court, cases.c.case_number, lk.c.role, lk.c.party_id))
    n = 0
    with engine.connect() as conn, path.open("w", encoding="utf-8", newline="") as out:
        status = _statuses(conn, pt.link)
        w = csv.writer(out)
        w.writerow(EXPORT_COLUMNS)
        for number, court, role, name, dob, who, pid, org in conn.execute(q):
            w.writerow([number, court, role, name, dob.isoformat() if dob else "", who,
                        NONE if org else status.get(pid, NONE), pid, "yes" if org else "no"])
            n += 1
    return n


@dataclass(frozen=True)
class LinkQuality:
    parties: int
    by_status: dict[str, int]
    decided: int
    confident_confirmed: int  # links the linker made on its own that a person confirmed
    confident_rejected: int  # ... and that a person rejected: the linker's visible errors
    decided_by: dict[str, int]
    owed: int  # imports whose linking has not finished

    @property
    def suggestions_per_thousand(self) -> float:
        return 1000 * self.by_status.get(SUGGESTED, 0) / self.parties if self.parties else 0.0

    @property
    def confident_rejection_rate(self) -> float | None:
        seen = self.confident_confirmed + self.confident_rejected
        return self.confident_rejected / seen if seen else None

    def lines(self) -> list[str]:
        s = self.by_status
        out = [f"{self.parties} party rows; links: {s.get(LINKED, 0)} linked automatically, "
               f"{s.get(SUGGESTED, 0)} suggestions waiting ({self.suggestions_per_thousand:.1f} per "
               f"1,000 party rows), {s.get(CONFIRMED, 0)} confirmed, {s.get(REJECTED, 0)} rejected, "
               f"{s.get(UNSURE, 0)} marked not sure (offered again in the review queue)",
               f"decisions by people: {self.decided}"
               + (" (" + ", ".join(f"{u}: {n}" for u, n in sorted(self.decided_by.items())) + ")"
                  if self.decided_by else "")]
        rate = self.confident_rejection_rate
        if rate is None:
            out.append("no automatic link has been checked by a person yet")
        else:
            out.append(f"automatic links checked by a person: {self.confident_confirmed} confirmed, "
                       f"{self.confident_rejected} rejected ({rate:.1%} rejected)")
        if self.owed:
            out.append(f"WARNING: linking of {self.owed} import(s) has not finished "
                       "(interrupted?); run `courtscreen people link`")
        return out


def link_quality(engine: Engine) -> LinkQuality:
    t, link = tables(engine), _pt(engine).link
    with engine.connect() as conn:
        parties = conn.scalar(sa.select(sa.func.count()).select_from(t.case_party))
        by_status = dict(conn.execute(sa.select(link.c.status, sa.func.count())
                                      .group_by(link.c.status)).all())
        decided_rows = conn.execute(sa.select(link.c.status, link.c.confidence, link.c.decided_by)
                                    .where(link.c.status.in_([CONFIRMED, REJECTED, UNSURE]),
                                           link.c.decided_by != "")).all()
    confident: Counter = Counter(s for s, conf, _ in decided_rows if conf >= AUTO_LINK)
    users: dict[str, int] = defaultdict(int)
    for _, _, who in decided_rows:
        users[who] += 1
    return LinkQuality(parties or 0, by_status, len(decided_rows), confident[CONFIRMED],
                       confident[REJECTED], dict(users), len(linking_owed(engine)))
