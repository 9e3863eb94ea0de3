"""The docket summary: counts by case type and screening result, for the 'Summary' sheet.

Counted while the rows stream past, so it describes exactly what was
exported (the filtered docket), not the whole database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.store.worklist import WorklistFilter

RESULTS = (ScreeningStatus.NOT_SCREENED, ScreeningStatus.IN_PROGRESS, ScreeningStatus.INDICATED,
           ScreeningStatus.POSSIBLE, ScreeningStatus.NOT_INDICATED)


@dataclass
class DocketCounts:
    by_type_result: Counter = field(default_factory=Counter)  # (CaseType, ScreeningStatus) -> n
    total: int = 0

    def add(self, case_type: CaseType, status: ScreeningStatus) -> None:
        self.by_type_result[(case_type, status)] += 1
        self.total += 1

    def types(self) -> list[CaseType]:
        """Case types present, in the vocabulary's order."""
        present = {t for t, _ in self.by_type_result}
        return [t for t in CaseType if t in present]

    def table(self) -> list[list]:
        """Header row, one row per case type, a total row: the summary sheet's table."""
        rows: list[list] = [["Case type", *(s.label for s in RESULTS), "Total"]]
        for t in self.types():
            counts = [self.by_type_result.get((t, s), 0) for s in RESULTS]
            rows.append([t.label, *counts, sum(counts)])
        totals = [sum(self.by_type_result.get((t, s), 0) for t in CaseType) for s in RESULTS]
        rows.append(["Total", *totals, self.total])
        return rows


def describe_filter(f: WorklistFilter) -> str:
    """The docket filter in words, for the summary sheet and the CLI."""
    parts = []
    if f.case_types:
        parts.append("type " + " or ".join(sorted(t.label for t in f.case_types)))
    if f.date_from or f.date_to:
        parts.append(f"hearing {f.date_from or '…'} to {f.date_to or '…'}")
    if f.judge:
        parts.append(f"judge {f.judge}")
    if f.screening:
        parts.append(f"screening {f.screening.label}")
    if f.flagged_only:
        parts.append("flagged cases only")
    if f.tier is not None:
        parts.append(f"tier {f.tier.words}")
    if f.court.strip():
        parts.append(f"court {f.court.strip()}")
    if f.search.strip():
        parts.append(f"search {f.search.strip()!r}")
    return "; ".join(parts) or "the whole docket"


def header_lines(f: WorklistFilter, user: str, at: datetime, total: int,
                 include_confidential: bool) -> list[tuple[str, object]]:
    return [
        ("Exported", at.replace(tzinfo=None, microsecond=0)),
        ("Exported by", user),
        ("Cases", total),
        ("Filter", describe_filter(f)),
        ("Confidential details", "included (this export is recorded in the audit log)"
         if include_confidential else "left out: protected details, screening notes and "
         "confidential docket columns are redacted"),
    ]
