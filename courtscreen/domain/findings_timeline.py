"""The incident timeline as a grid: SLII areas down, months (or weeks) across.

Escalation shows as cells filling up towards the right; frequency as the
numbers in them. Pure data so the TUI, the CLI and tests read the same grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from courtscreen.domain.findings import Incident, area_labels

UNSORTED = "other"  # incidents recorded without an SLII area


@dataclass(frozen=True)
class Cell:
    proven: int = 0
    other: int = 0  # alleged or disputed

    @property
    def total(self) -> int:
        return self.proven + self.other


@dataclass(frozen=True)
class TimelineGrid:
    columns: tuple[str, ...]  # "2026-03" or "03-02" (week starting)
    unit: str  # "month" or "week"
    rows: tuple[tuple[str, str, tuple[Cell, ...]], ...]  # (area id, label, cells)
    totals: tuple[Cell, ...]
    undated: int

    def column_totals(self) -> list[int]:
        return [c.total for c in self.totals]


def timeline_grid(incidents, max_columns: int = 24) -> TimelineGrid:
    """Bucket the live incidents by area and period (weeks for a short span, months otherwise).

    An incident dated as a range is placed at its start; it counts once in
    every area it was tagged with, once in the totals row.
    """
    live = [i for i in incidents if not i.withdrawn]
    dated = [i for i in live if i.when.start]
    labels = dict(area_labels())
    labels[UNSORTED] = "No area"
    if not dated:
        return TimelineGrid((), "month", tuple((a, lab, ()) for a, lab in labels.items()
                                               if a != UNSORTED), (), len(live))
    first = min(i.when.start for i in dated)
    last = max((i.when.end if i.is_series and i.when.end else i.when.start) for i in dated)
    if (last - first).days <= 7 * 12:
        unit = "week"
        start = first - timedelta(days=first.weekday())
        n = (last - start).days // 7 + 1
        keys = [start + timedelta(weeks=k) for k in range(n)]
        columns = tuple(f"{k:%m-%d}" for k in keys)

        def col(d: date) -> int:
            return (d - start).days // 7
    else:
        unit = "month"
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        columns = tuple(f"{(first.year * 12 + first.month - 1 + k) // 12:04d}-"
                        f"{(first.month - 1 + k) % 12 + 1:02d}" for k in range(months))

        def col(d: date) -> int:
            return (d.year - first.year) * 12 + d.month - first.month
    cut = max(0, len(columns) - max_columns)  # keep the newest periods: escalation is at the right
    columns = columns[cut:]
    width = len(columns)
    grid: dict[str, list[list[int]]] = {a: [[0, 0] for _ in range(width)] for a in labels}
    totals = [[0, 0] for _ in range(width)]
    for inc in dated:
        k = 0 if inc.finding == "proven" else 1
        # A series is drawn across every period it ran over; a single act in the period it started.
        last_col = col(inc.when.end) if inc.is_series and inc.when.end else col(inc.when.start)
        for c in range(col(inc.when.start) - cut, last_col - cut + 1):
            if not 0 <= c < width:
                continue
            for area in (inc.areas or (UNSORTED,)):
                grid.setdefault(area, [[0, 0] for _ in range(width)])[c][k] += 1
            totals[c][k] += 1
    rows = tuple((a, labels.get(a, a), tuple(Cell(*v) for v in grid[a])) for a in labels
                 if a != UNSORTED or any(sum(v) for v in grid[a]))
    return TimelineGrid(columns, unit, rows, tuple(Cell(*v) for v in totals), len(live) - len(dated))


def summary_lines(incidents: list[Incident], coc) -> list[str]:
    """The course-of-conduct summary in plain lines (CLI, case view, tests)."""
    labels = area_labels()
    span = ""
    single = [i for i in incidents if i.counts]
    if coc.proven == 1 and single[0].when.start:
        span = f" ({single[0].when.short()})"
    elif coc.first:
        span = (f" over {coc.span_days} days ({coc.first:%Y-%m-%d} to {coc.last:%Y-%m-%d})"
                if coc.span_days else f" on {coc.first:%Y-%m-%d}")
    lines = [f"{coc.proven} act(s) found proven{span}; {coc.alleged} alleged, {coc.disputed} disputed, "
             f"{coc.withdrawn} withdrawn.",
             "Areas: " + (", ".join(labels[a] for a in coc.areas) or "none found yet") + "."]
    for e in coc.needed:  # the court's decisions only; the tool proposes, never decides
        mark = {True: "✓", False: "✗", None: "?"}[e.met]
        lines.append(f"{mark} {e.name}: {e.detail}")
    threat = {"yes": "found", "no": "not found", "": "not decided"}[coc.credible_threat]
    lines.append(f"{'?' if coc.credible_threat == '' else '•'} Credible threat to physical safety: {threat}")
    for todo in coc.missing:
        lines.append(f"  → {todo}")
    return lines
