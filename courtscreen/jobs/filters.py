"""A docket filter as JSON, for the job that exports (or generates for) the cases it matches.

The app sends the filter the user is looking at to the job's process; the process rebuilds the
same store.worklist.WorklistFilter, so the job works on exactly the cases the screen showed.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

from courtscreen import clock
from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.domain.triage import Tier
from courtscreen.store.worklist import WorklistFilter


def filter_to_json(f: WorklistFilter) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in fields(f):
        value = getattr(f, spec.name)
        if isinstance(value, frozenset):
            value = sorted(v.value for v in value)
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, ScreeningStatus | Tier):
            value = value.value
        out[spec.name] = value
    return out


def filter_from_json(data: dict[str, Any]) -> WorklistFilter:
    def day(text):
        return date.fromisoformat(text) if text else None

    return WorklistFilter(
        case_types=frozenset(CaseType(v) for v in data.get("case_types", ())),
        date_from=day(data.get("date_from")), date_to=day(data.get("date_to")),
        judge=data.get("judge", ""),
        screening=ScreeningStatus(data["screening"]) if data.get("screening") else None,
        flagged_only=bool(data.get("flagged_only")),
        tier=Tier(data["tier"]) if data.get("tier") is not None else None,
        court=data.get("court", ""), search=data.get("search", ""),
        sort=data.get("sort", "priority"), today=day(data.get("today")) or clock.today())
