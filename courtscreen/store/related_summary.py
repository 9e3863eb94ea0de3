"""What the linked cases of a case hold, in words, for the top of the case view.

Stalking is a pattern that each case sees only a piece of: the custody case must say,
before anything else, that the same pair's PO case has "stalking indicated" with four
proven incidents. Only accepted links (linked or confirmed) count as the same person here;
cases reached only through a suggestion are counted, not described, until someone
confirms the link. No incident text is shown (it may hold a protected address): case
numbers, types, roles, screening results and counts only.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from courtscreen.store.people import _chunks, _pt, related_cases


@dataclass(frozen=True)
class LinkedCaseLine:
    case_id: int
    case_number: str
    text: str  # "linked PO case 2026-PFA-00102 (same pair of parties): stalking indicated, ..."
    screened_indicated: bool


@dataclass(frozen=True)
class PatternSummary:
    lines: tuple[LinkedCaseLine, ...]
    suggested_only: int  # related only through a suggestion: not described until confirmed

    def text(self) -> str:
        if not self.lines and not self.suggested_only:
            return ""
        out = [line.text for line in self.lines]
        if self.suggested_only:
            out.append(f"{self.suggested_only} more case(s) may involve these people (suggested "
                       "links: check them in Related cases below)")
        return "\n".join(out)


def pattern_summary(engine: Engine, case_id: int) -> PatternSummary:
    related = related_cases(engine, case_id, include_suggested=True)
    accepted = [r for r in related if not r.suggested_only]
    proven = _proven_counts(engine, [r.case_id for r in accepted])
    lines = []
    # What matters most first: an indicated screening, then PO/DV cases, then the newest.
    ranked = sorted(accepted, key=lambda r: (r.screening.value != "indicated",
                                             r.case_type.short not in ("PO", "DV"),
                                             -(r.when.toordinal() if r.when else 0)))
    for r in ranked:
        facts = [r.screening.label.lower() if r.screening.value != "not_screened" else "not screened"]
        n = proven.get(r.case_id, 0)
        facts.append(f"{n} proven incident{'s' if n != 1 else ''}")
        if r.incidents > n:
            facts.append(f"{r.incidents - n} other recorded")
        status = "confirmed" if r.best.status == "confirmed" else "linked"
        when = f", {r.when:%Y-%m-%d}" if r.when else ""
        text = (f"{status} {r.case_type.short} case {r.case_number} ({r.relation}{when}): "
                + ", ".join(facts))
        lines.append(LinkedCaseLine(r.case_id, r.case_number, text, r.screening.value == "indicated"))
    return PatternSummary(tuple(lines), sum(1 for r in related if r.suggested_only))


def _proven_counts(engine: Engine, case_ids: list[int]) -> dict[int, int]:
    inc = _pt(engine).incident
    out: dict[int, int] = {}
    with engine.connect() as conn:
        for part in _chunks(sorted(case_ids)):
            out.update(conn.execute(sa.select(inc.c.case_id, sa.func.count())
                                    .where(inc.c.case_id.in_(part), sa.not_(inc.c.withdrawn),
                                           inc.c.finding == "proven")
                                    .group_by(inc.c.case_id)).all())
    return out
