"""Turn docket cells into clean values: text, dates and times.

Dockets arrive with Excel serial numbers, ISO and US dates, "Dec 1, 2013",
and daily calendars that give only a day and month name. Every parser either
returns a value or raises ValueError with a message a clerk can act on.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

EXCEL_EPOCH = date(1899, 12, 30)
YEARLESS_WINDOW_BEFORE = timedelta(days=61)  # a docket looks ahead: at most ~2 months back

_DATE_FORMATS = (
    "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%m-%d-%Y", "%Y/%m/%d", "%d.%m.%Y",
    "%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y",
    "%a %b %d %Y", "%A %B %d %Y",
)
_YEARLESS_FORMATS = ("%d %b", "%d %B", "%b %d", "%B %d", "%m/%d", "%m-%d")
_TIME_FORMATS = ("%I:%M %p", "%I:%M%p", "%I %p", "%I%p", "%H:%M", "%H:%M:%S", "%I:%M:%S %p", "%H%M")


_SHOWN: dict = {None: "None"}  # see shown
_SHOWN_LIMIT = 20_000


def shown(value: date | time | None) -> str:
    """str(value) of a date, time or None, remembered: an import writes each case's dates
    and each charge row's into its content hash (130,000 rows of a charge file share a few
    hundred dates), and str() of a date is several times slower than a dictionary look-up."""
    known = _SHOWN.get(value)
    if known is None:
        known = str(value)
        # dates and naive times only: 1 == True, and equal aware times print differently
        if type(value) is date or (type(value) is time and value.tzinfo is None):
            if len(_SHOWN) > _SHOWN_LIMIT:
                _SHOWN.clear()
                _SHOWN[None] = "None"
            _SHOWN[value] = known
    return known


def text(value: object) -> str:
    """Cell -> trimmed single-spaced text ('' for empty); floats like 12.0 -> '12'.

    Called for every cell of every row, so plain strings take a fast path.
    """
    if type(value) is str:
        s = value.strip()
        if "  " in s or "\n" in s or "\t" in s or "\r" in s:
            s = " ".join(s.split())
        return s
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return " ".join(str(value).split())


class YearPolicy:
    """How to give a year to dates printed without one (daily calendars).

    Either a fixed year or inferred from an 'as of' date: the year
    that puts the date between two months before and ten months after it.
    Counts how often it had to guess, so the report can say so.
    """

    def __init__(self, year: int | None = None, as_of: date | None = None):
        self.year, self.as_of = year, as_of or date.today()
        self.inferred = 0

    def apply(self, month: int, day: int) -> date:
        if self.year is not None:
            return date(self.year, month, day)
        self.inferred += 1
        for year in (self.as_of.year - 1, self.as_of.year, self.as_of.year + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if self.as_of - YEARLESS_WINDOW_BEFORE <= candidate < (
                self.as_of - YEARLESS_WINDOW_BEFORE + timedelta(days=366)
            ):
                return candidate
        return date(self.as_of.year, month, day)

    def describe(self) -> str:
        if self.year is not None:
            return f"dates without a year were given the year {self.year}, as asked"
        start = self.as_of - YEARLESS_WINDOW_BEFORE
        return (
            f"{self.inferred} dates had no year; each was placed in the year that puts it between "
            f"{start:%d %b %Y} and twelve months later (as of {self.as_of:%d %b %Y}). "
            "Give the year or the 'as of' date if that is wrong."
        )


def parse_date(value: object, years: YearPolicy | None = None) -> date | None:
    """A date from a cell; None for an empty cell; ValueError for nonsense."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value)
    s = text(value)
    if not s:
        return None
    years = years or YearPolicy()
    found, month_day, error = _parse_date_text(s)
    if error:
        raise ValueError(error)
    if found:
        return found
    if years.year is not None:
        try:
            return date(years.year, *month_day)
        except ValueError:
            raise ValueError(f"{s!r}: 29 February does not exist in {years.year}") from None
    try:
        return years.apply(*month_day)
    except ValueError:
        raise ValueError(f"{s!r}: 29 February does not exist in the year it falls in "
                         "(give the year or the 'as of' date)") from None


@lru_cache(maxsize=8192)
def _parse_date_text(s: str) -> tuple[date | None, tuple[int, int] | None, str | None]:
    """(full date, None, None) or (None, (month, day), None) for a date with no year, or an error.

    Cached: a docket repeats the same few dozen dates thousands of times, and
    trying strptime formats one by one is the slow part of an import.
    """
    if re.fullmatch(r"\d{5}(\.\d+)?", s):
        try:
            return _excel_serial(float(s)), None, None
        except ValueError as exc:
            return None, None, str(exc)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", s.replace(",", " ")).strip()
    cleaned = " ".join(cleaned.split())
    cleaned = re.sub(r"[T ]\d{1,2}:\d\d(:\d\d(\.\d+)?)?$", "", cleaned)  # '2026-12-01 00:00:00'
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date(), None, None
        except ValueError:
            continue
    for fmt in _YEARLESS_FORMATS:
        try:
            parsed = datetime.strptime(f"2000 {cleaned}", f"%Y {fmt}")  # 2000: a leap year
        except ValueError:
            continue
        return None, (parsed.month, parsed.day), None
    reason = _real_date_problem(cleaned)
    if reason:
        return None, None, f"{s!r} is not a real date ({reason})"
    return None, None, (f"{s!r} is not a date courtscreen understands "
                        "(use e.g. 2026-12-01 or 12/01/2026)")


def _real_date_problem(s: str) -> str:
    """'02/30/2026' parses structurally but the day does not exist: say which part."""
    m = re.fullmatch(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})", s)
    if not m:
        return ""
    a, b, c = (int(x) for x in m.groups())
    y, mo, d = (a, b, c) if a > 31 else (c, a, b)  # ISO when it starts with a year, else US
    if not 1 <= mo <= 12:
        return f"there is no month {mo}"
    try:
        date(y if y > 99 else 2000 + y, mo, d)
    except ValueError:
        return f"{date(2000, mo, 1):%B} has no day {d}"
    return ""


def _excel_serial(n: float) -> date:
    if not 1 <= n < 2958466:
        raise ValueError(f"{n!r} is not a date (not a valid Excel date number)")
    return EXCEL_EPOCH + timedelta(days=int(n))


def parse_time(value: object) -> time | None:
    """A time of day: '9:00 AM', '13:30', '3:00 pm', an Excel fraction of a day."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if isinstance(value, timedelta):
        return (datetime.min + value).time()
    if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(value * 86400)
        return time(seconds // 3600 % 24, seconds // 60 % 60)
    parsed = _parse_time_text(text(value))
    if parsed is None:
        raise ValueError(f"{text(value)!r} is not a time of day (use e.g. 9:30 AM or 14:00)")
    return parsed


@lru_cache(maxsize=4096)
def _parse_time_text(raw: str) -> time | None:
    s = raw.upper().replace(".", "")
    s = re.sub(r"\s+(AM|PM)$", r" \1", s)
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(s, fmt).time()
        except ValueError:
            continue
    return None
