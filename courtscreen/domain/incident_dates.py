"""When an incident happened, as people say it: exact days, ranges and approximate months.

Victims rarely remember the day of every act, and findings may say "in early
March 2026". The user's words are kept for the document; the earliest and
latest possible days are kept for sorting, the timeline and the span of the
course of conduct.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
PARTS = {"early": (1, 10), "mid": (11, 20), "middle of": (11, 20), "late": (21, 31), "end of": (21, 31),
         "beginning of": (1, 10), "start of": (1, 10)}
APPROX = re.compile(r"^(on or about|about|around|approximately|approx\.?|circa|c\.)\s+", re.I)
RANGE = re.compile(r"^(?:between\s+(?P<a1>.+?)\s+and\s+(?P<b1>.+)|(?:from\s+)?(?P<a2>.+?)\s*"
                   r"(?:\s+to\s+|\s+until\s+|\s+through\s+|\s*[–—]\s*|\s+-\s+)(?P<b2>.+))$", re.I)
PRESENT = ("present", "the present", "now", "today", "ongoing", "date")
PARTS_WORDS = ("early", "mid", "middle", "late", "end", "beginning", "start")
DATE_STYLES = ("us", "day_month")
EXAMPLES = "e.g. 2026-03-05, 03/05/2026, 5 March 2026, early March 2026, 2026-03-01 to 2026-03-15"


class DateProblem(ValueError):
    pass


def format_date(d: date, style: str = "us") -> str:
    """One date style per document: 'August 20, 2026' (US, the default) or '20 August 2026'."""
    return f"{d:%B} {d.day}, {d.year}" if style == "us" else f"{d.day} {d:%B %Y}"


def span_phrase(whens, style: str = "us") -> str:
    """From the earliest start to the latest end of several dates, each end in its own words."""
    dated = [w for w in whens if w.start is not None]
    if not dated:
        return ""
    first = min(dated, key=lambda w: (w.start, w.end))
    last = max(dated, key=lambda w: (w.end, w.start))
    if last.vague:  # "about August" ends on the 31st only on paper: a dated act inside it reads better
        inside = [w for w in dated if not w.vague and last.start <= w.end <= last.end]
        if inside:
            last = max(inside, key=lambda w: (w.end, w.start))
    start, end = first.start_words(style), last.end_words(style)
    if first.start == last.end and start == end:
        return f"on {start}"
    if start == end:
        return f"in {start}"
    return f"from {start} to {end}"


@dataclass(frozen=True)
class When:
    start: date | None
    end: date | None
    text: str  # as the user wrote it

    @property
    def exact(self) -> bool:
        return self.start is not None and self.start == self.end

    def phrase(self, style: str = "us") -> str:
        """For a findings sentence: 'on March 5, 2026', 'in early March 2026', 'from … to …'.

        Approximate dates stay approximate; `style` is the jurisdiction's date style
        ("us": March 5, 2026; "day_month": 5 March 2026).
        """
        if self.start is None:
            return "on a date not recorded"
        if self.exact:
            return f"{'on or about' if self._approx() else 'on'} {format_date(self.start, style)}"
        start, end = self.start_words(style), self.end_words(style)
        if start == end:
            return f"in {start}"
        return f"from {start} to {end}"

    @property
    def vague(self) -> bool:
        """A period given as a month or part of one ('about August 2026'), not a day or a range."""
        return self.start is not None and not self.exact and self._parts() is None

    def _approx(self) -> bool:
        return bool(APPROX.match(self.text.strip()))

    def _parts(self) -> tuple[str, str] | None:
        """The user's words for each end of a range ('early March', 'late April 2026'), if a range."""
        bare = APPROX.sub("", self.text.strip())
        m = RANGE.match(bare)
        if m and not _single(bare):
            return ((m["a1"], m["b1"]) if m["a1"] else (m["a2"], m["b2"]))
        return None

    def _words(self, part: str, day: date, style: str) -> str:
        """One end as words: an exact day as a date, an approximate one in the user's words."""
        part = part.strip().rstrip(".,")
        if part.lower() in PRESENT:
            return format_date(day, style)
        try:
            a, b = _span(part, part, default_year=day.year)
        except DateProblem:
            return format_date(day, style)
        if a == b:
            return format_date(a, style)
        if not re.search(r"\d{4}", part):
            part = f"{part} {day.year}"
        return part[0].lower() + part[1:] if part.split(" ", 1)[0].lower() in PARTS_WORDS else part

    def start_words(self, style: str = "us") -> str:
        """How the first day reads: 'August 12, 2026', 'about August 2026', 'early March 2026'."""
        prefix = "about " if self._approx() else ""
        parts = self._parts()
        if parts:
            return prefix + self._words(parts[0], self.start, style)
        if self.exact:
            return prefix + format_date(self.start, style)
        return prefix + self._words(APPROX.sub("", self.text.strip()), self.start, style)

    def end_words(self, style: str = "us") -> str:
        """How the last day reads (a range's end, or the same approximate words)."""
        prefix = "about " if self._approx() else ""
        parts = self._parts()
        if parts:
            return prefix + self._words(parts[1], self.end, style)
        if self.exact:
            return prefix + format_date(self.end, style)
        return prefix + self._words(APPROX.sub("", self.text.strip()), self.end, style)

    def short(self) -> str:
        """For a table: 2026-03-05, or 2026-03-01…03-10 for a range."""
        if self.start is None:
            return "?"
        if self.exact:
            return f"{self.start:%Y-%m-%d}"
        end = f"{self.end:%m-%d}" if self.end.year == self.start.year else f"{self.end:%Y-%m-%d}"
        return f"{self.start:%Y-%m-%d}…{end}"


def parse_when(text: str, today: date) -> When:
    """Parse what the user wrote; refuse future dates and ranges that end before they start."""
    raw = " ".join(text.split())
    if not raw:
        raise DateProblem(f"give the date or an approximate date ({EXAMPLES})")
    bare = APPROX.sub("", raw)
    m = RANGE.match(bare)
    if m and not _single(bare):
        a, b = (m["a1"], m["b1"]) if m["a1"] else (m["a2"], m["b2"])
        try:
            start, _ = _span(a.strip(), raw)
            _, end = (today, today) if b.strip().lower() in PRESENT else _span(
                b.strip(), raw, default_year=start.year)
        except DateProblem:  # "5 March to 9 March 2026": the year is given once, at the end
            _, end = _span(b.strip(), raw)
            start, _ = _span(a.strip(), raw, default_year=end.year)
    else:
        start, end = _span(bare, raw)
    if end < start:
        raise DateProblem(f"{raw!r} ends ({end:%Y-%m-%d}) before it starts ({start:%Y-%m-%d})")
    if start > today:
        raise DateProblem(f"{raw!r} is in the future (today is {today:%Y-%m-%d}); check the year")
    return When(start, min(end, today), raw)


def _single(s: str) -> bool:
    """An ISO date or a plain day is not a range, though it contains hyphens."""
    try:
        _span(s, s)
        return True
    except DateProblem:
        return False


def _span(s: str, original: str, default_year: int | None = None) -> tuple[date, date]:
    s = s.strip().rstrip(".,").lower()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", s):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            d = date(year, int(m[1]), int(m[2]))
            return d, d
        if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? ?(\d{4})?", s):
            d = date(_year(m[3], default_year, original), _month(m[2], original), int(m[1]))
            return d, d
        m = re.fullmatch(r"([a-z]+) (\d{1,2})(?:st|nd|rd|th)?,? ?(\d{4})?", s)
        if m and m[1] in MONTHS:
            d = date(_year(m[3], default_year, original), _month(m[1], original), int(m[2]))
            return d, d
        for part, (lo, hi) in PARTS.items():
            if s.startswith(part + " "):
                first, last = _month_span(s[len(part) + 1:], original, default_year)
                return first.replace(day=lo), last.replace(day=min(hi, last.day))
        if re.fullmatch(r"(\d{4})", s):
            return date(int(s), 1, 1), date(int(s), 12, 31)
        return _month_span(s, original, default_year)
    except ValueError as exc:
        if isinstance(exc, DateProblem):
            raise
        raise DateProblem(f"{original!r} is not a real date ({exc})") from None


def _month_span(s: str, original: str, default_year: int | None) -> tuple[date, date]:
    m = re.fullmatch(r"([a-z]+),? ?(\d{4})?", s.strip())
    if not m or m[1] not in MONTHS:
        raise DateProblem(f"{original!r} is not a date this understands ({EXAMPLES})")
    year, month = _year(m[2], default_year, original), MONTHS[m[1]]
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month(name: str, original: str) -> int:
    if name not in MONTHS:
        raise DateProblem(f"{original!r}: {name!r} is not a month ({EXAMPLES})")
    return MONTHS[name]


def _year(value: str | None, default_year: int | None, original: str) -> int:
    if value:
        return int(value)
    if default_year:
        return default_year
    raise DateProblem(f"{original!r} has no year; add one (e.g. 'March 2026')")
