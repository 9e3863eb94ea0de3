"""The export's columns: the docket's own, in their original order, then courtscreen's.

The original columns come from each case's ``source_json`` (header -> text,
as imported). Empty cells were not stored, so one row may lack a column that
the next one has, and dockets imported from different files may have
different headers. The order is rebuilt from every row's headers: a column
goes after the one it followed in the file, and columns only some files have
go in where they were first seen.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_WIDTH, MAX_WIDTH = 6, 50


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    source: str | None = None  # the original header, for a docket column
    redacted: bool = False  # a confidential docket column, written as [redacted]
    number_format: str = ""  # for the whole column (counts); cells with dates carry their own


# What courtscreen adds after the docket's columns, with widths that fit their content.
COURT = Column("Court (courtscreen)", 28)  # only when the database holds several courts
CASE_TYPE = Column("Case type (courtscreen)", 18)
PRIORITY = Column("Priority tier", 17)
CHARGES = Column("Charges and hearings", 50)  # every docket row of the case, in one cell
STATUS = Column("Screening status", 14)
RESULT = Column("Screening result", 24)
FLAGS = Column("Flags", 45)
RELATED = Column("Related cases", 9, number_format="0")
FINDINGS = Column("Findings (incidents)", 11, number_format="0")
DOCUMENTS = Column("Documents generated", 11, number_format="0")
SCREENER = Column("Screened by", 18)
SCREENED_ON = Column("Screened on", 12)
NOTES = Column("Screening notes (confidential)", 50)
PROTECTED = Column("Protected details (confidential)", 50)
ADDED = (CASE_TYPE, STATUS, RESULT, FLAGS, RELATED, FINDINGS, DOCUMENTS, SCREENER, SCREENED_ON,
         PRIORITY, CHARGES)
# The Charges sheet (xlsx): one row per charge / hearing row of each exported case.
CHARGE_COLUMNS = (Column("Court", 28), Column("Case number", 18), Column("Row of case", 6),
                  Column("Kind", 9), Column("Charge / hearing", 45), Column("Statute / code", 16),
                  Column("Severity", 12), Column("Disposition / verdict", 24),
                  Column("Disposition date", 12), Column("Date", 12), Column("Time", 9),
                  Column("Judge", 20), Column("Source file", 24), Column("Source row", 8))
ADDED_CONFIDENTIAL = (NOTES, PROTECTED)


def merge_orders(sequences: Iterable[Sequence[str]]) -> list[str]:
    """One column order agreeing with every sequence's order where they agree.

    A topological sort of "b came right after a" edges; ties (and any
    contradiction between files) go to the column seen first.
    """
    first: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    before_count: dict[str, int] = {}
    for seq in sequences:
        for key in seq:
            if key not in first:
                first[key] = len(first)
                after[key], before_count[key] = set(), 0
        for a, b in zip(seq, seq[1:], strict=False):
            if a != b and b not in after[a]:
                after[a].add(b)
                before_count[b] += 1
    ready = [(first[k], k) for k, n in before_count.items() if n == 0]
    heapq.heapify(ready)
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(first):
        if not ready:  # contradictory orders (a cycle): take the earliest-seen column left
            k = min((k for k in first if k not in placed), key=first.__getitem__)
            ready.append((first[k], k))
        _, key = heapq.heappop(ready)
        if key in placed:
            continue
        placed.add(key)
        order.append(key)
        for nxt in after[key]:
            before_count[nxt] -= 1
            if before_count[nxt] == 0 and nxt not in placed:
                heapq.heappush(ready, (first[nxt], nxt))
    return order


def width_for(header: str, longest: int) -> float:
    """A column width in characters: the header or the longest value, within bounds."""
    return float(max(MIN_WIDTH, min(MAX_WIDTH, max(len(header), longest) + 2)))


def plan(headers: list[str], longest: dict[str, int], redacted: set[str],
         include_confidential: bool, show_court: bool = False) -> list[Column]:
    cols = [Column(h, width_for(h, longest.get(h, 0)), source=h, redacted=h in redacted) for h in headers]
    if show_court:
        cols.append(COURT)
    cols += ADDED
    if include_confidential:
        cols += ADDED_CONFIDENTIAL
    return cols
