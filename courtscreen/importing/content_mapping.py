"""Judge a column by what it holds, not only by its header.

A header "Cases" fuzzily matches the synonym "case", but a column of counts (5,
12, 123) is not a column of case numbers; a daily docket printed with no header
row still shows which column holds docket numbers ("21-FA-00123"), which holds
"SMITH VS JONES" styles, dates, times, courtrooms and judges. These checks look
at a sample of the data rows and give each guess a confidence (the share of
sampled cells that fit).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from courtscreen.importing.case_numbers import normalise_case_number, skeleton
from courtscreen.importing.normalise import parse_date, parse_time, text

SAMPLE_ROWS = 400
MIN_SHAPE_SHARE = 0.6  # of the non-empty cells of a case-number column, shaped like one
MIN_DISTINCT_SHARE = 0.2  # a calendar lists a case at several hearings, not 5 times each
LOOKED_FOR = ("a column of mostly distinct values shaped like docket numbers (letters, digits "
              "and separators with at least three digits, e.g. 2026-DR-000123 or 21-FA-00042), "
              "not counts, dates or words")

_CASE_SHAPE = re.compile(r"[A-Z0-9][A-Z0-9\-/.:_ ]{1,38}[A-Z0-9]")
_STYLE = re.compile(r"\S.*\s(?:VS?\.?|V\.|VERSUS|AGAINST)\s+\S", re.IGNORECASE)
_IN_RE = re.compile(r"^(?:IN RE|IN THE MATTER OF)\b", re.IGNORECASE)
_ROOM = re.compile(r"^(?:COURT ?ROOM|CTRM|ROOM|RM\.?|DEPT\.?|DEPARTMENT|CR)\s*\w+", re.IGNORECASE)
_JUDGE = re.compile(r"^(?:HON\.?|HONORABLE|JUDGE|MAGISTRATE|COMMISSIONER|J\.)\s+\S", re.IGNORECASE)
_DATE_SHAPE = re.compile(r"(?:\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}\.\d{1,2}\.\d{4})"
                         r"(?:[ T]\d{1,2}:\d\d(?::\d\d)?)?")
_AMPM = {"AM", "PM", "A.M.", "P.M.", "A", "P"}
_TIME_TEXT = re.compile(r"^\d{1,2}(:\d\d){1,2}(\s*[AP]\.?M\.?)?$|^\d{1,2}\s*[AP]\.?M\.?$",
                        re.IGNORECASE)


def looks_like_case_number(value: object) -> bool:
    """Docket-number shape: 3-40 letters, digits and separators, a digit, not a count or date."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int | float):
        return float(value).is_integer() and value >= 10000  # all-digit numbers: not counts
    s = text(value).upper()
    if not s.isascii():  # judged as it will be keyed: NFKC, plain dashes, Latin look-alikes
        s = skeleton(normalise_case_number(s))
    if not _CASE_SHAPE.fullmatch(s) or s.count(" ") > 2:
        return False
    digits = sum(c.isdigit() for c in s)
    if digits < 3 or digits < 0.3 * sum(c.isalnum() for c in s):
        return False  # "Hon. Judge 4", "Room 12": words with a number, not a docket number
    if s.isdigit():
        return len(s) >= 5
    if re.fullmatch(r"[\d.,]+", s) or _TIME_TEXT.match(s):
        return False
    # not a date (Vermont's 92-6-20 is a docket number: dashes and no padding pass)
    return not _DATE_SHAPE.fullmatch(s)


@dataclass
class ColumnJudgement:
    column: int
    shape_share: float  # share of non-empty cells shaped like case numbers
    distinct_share: float
    filled: int  # non-empty cells sampled

    @property
    def plausible(self) -> bool:
        return (self.filled > 0 and self.shape_share >= MIN_SHAPE_SHARE
                and (self.distinct_share >= MIN_DISTINCT_SHARE or self.shape_share >= 0.95))

    def describe(self) -> str:
        return (f"{self.shape_share:.0%} of its {self.filled} sampled cells are shaped like case "
                f"numbers, {self.distinct_share:.0%} distinct")


TOTAL_WORDS = re.compile(r"^(?:sub-?\s?totals?|totals?|grand\s+total|count|sum)\b", re.IGNORECASE)


def sample(rows: list[list], start: int) -> list[list]:
    """Data rows to judge columns by: not blank, not a total, not one cell alone (a merged
    footer or section title), when the file has a few columns."""
    out = []
    for r in rows[start:start + SAMPLE_ROWS]:
        filled = [t for t in map(text, r) if t]
        if not filled or (len(filled) == 1 and len(r) >= 3):
            continue
        if any(TOTAL_WORDS.match(t) or "subtotal" in t.lower() for t in filled[:3]):
            continue
        out.append(r)
    return out


def judge_case_column(data: list[list], column: int) -> ColumnJudgement:
    values = [r[column] for r in data if column < len(r) and text(r[column])]
    shaped = sum(1 for v in values if looks_like_case_number(v))
    distinct = len({text(v).upper() for v in values})
    n = len(values)
    return ColumnJudgement(column, shaped / n if n else 0.0, distinct / n if n else 0.0, n)


def best_case_column(data: list[list], width: int, exclude: set[int] = frozenset()
                     ) -> ColumnJudgement | None:
    """The column that looks most like case numbers, if any is plausible."""
    found = [judge_case_column(data, c) for c in range(width) if c not in exclude]
    found = [j for j in found if j.plausible]
    return max(found, key=lambda j: (j.shape_share, j.distinct_share), default=None)


def _share(values: list, test) -> float:
    if not values:
        return 0.0
    hits = 0
    for v in values:
        with contextlib.suppress(ValueError, TypeError):
            hits += bool(test(v))
    return hits / len(values)


def cell_kind(value: object) -> str:
    """What a cell holds, roughly: to tell which column a shifted value belongs in."""
    s = text(value)
    if not s:
        return "empty"
    if looks_like_case_number(s):
        return "case"
    if _TIME_TEXT.match(s):
        return "time"
    if _STYLE.search(s) or _IN_RE.match(s):
        return "style"
    if _ROOM.match(s):
        return "room"
    if _JUDGE.match(s):
        return "judge"
    if re.fullmatch(r"[\d.,/-]+", s):
        return "number"
    return "text"


def _is_date(v) -> bool:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return False  # a bare number is more often a count than an Excel date
    s = text(v)
    return bool(re.search(r"[A-Za-z]{3}|\d[-/.]\d", s)) and parse_date(v) is not None


def _is_time(v) -> bool:
    s = text(v)
    return bool(_TIME_TEXT.match(s)) and parse_time(s) is not None


def propose_by_content(data: list[list], width: int) -> tuple[dict[str, list[int]],
                                                               dict[str, float]]:
    """A mapping for a file with no header row, from the shape of what each column holds."""
    fields: dict[str, list[int]] = {}
    confidence: dict[str, float] = {}
    case = best_case_column(data, width)
    if case is None:
        return fields, confidence
    fields["case_number"], confidence["case_number"] = [case.column], round(case.shape_share, 2)
    used = {case.column}
    columns = {c: [r[c] for r in data if c < len(r) and text(r[c])] for c in range(width)}
    tests = (
        ("case_title", lambda v: _STYLE.search(text(v)) or _IN_RE.match(text(v)), 0.5),
        ("hearing_date", _is_date, 0.8),
        ("hearing_time", _is_time, 0.8),
        ("courtroom", lambda v: _ROOM.match(text(v)), 0.6),
        ("judge", lambda v: _JUDGE.match(text(v)), 0.6),
    )
    rows = max(len(data), 1)
    for name, test, least in tests:
        best, best_cover = None, 0.0
        for c, values in columns.items():
            if c in used:
                continue
            share = _share(values, test)
            cover = share * len(values) / rows  # a column past most rows' end covers few
            if share >= least and cover > best_cover:
                best, best_cover = c, cover
        if best is not None:
            fields[name], confidence[name] = [best], round(best_cover, 2)
            used.add(best)
    meridiem = ampm_column(columns, used)
    if meridiem is not None and "hearing_time" in fields:
        fields["hearing_time"].append(meridiem)
    return fields, confidence


def ampm_column(columns: dict[int, list], used: set[int]) -> int | None:
    """A column holding only AM/PM (a calendar that splits the time from its am/pm)."""
    for c, values in columns.items():
        if c not in used and values and all(text(v).upper() in _AMPM for v in values):
            return c
    return None
