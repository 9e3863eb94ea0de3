"""Jinja filters template authors expect (AssemblyLine / docassemble names), registered on every render.

    {{ names|comma_and_list }}          Ann, Bo and Cy     (an Oxford comma with oxford=True)
    {{ case.hearing_iso|date_format }}  January 15, 2026   (any strftime pattern: date_format("%d/%m/%Y"))
    {{ bond|money }}                    $1,500.00
    {{ 3|ordinal }}                     3rd
    {{ x|default("none") }}             Jinja's own

Filters take what the context holds (text, numbers, ISO dates) and never fail on a blank:
an empty value gives an empty string, so a missing optional date does not stop an order.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation


def comma_and_list(values, and_word: str = "and", oxford: bool = False) -> str:
    items = [str(v) for v in (values if isinstance(values, (list, tuple)) else [values]) if str(v).strip()]
    if len(items) <= 2:
        return f" {and_word} ".join(items)
    return ", ".join(items[:-1]) + ("," if oxford else "") + f" {and_word} " + items[-1]


def comma_list(values) -> str:
    return ", ".join(str(v) for v in values if str(v).strip())


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def date_format(value, pattern: str = "%B %-d, %Y") -> str:
    """An ISO date (or a date) in the given strftime pattern; text that is not a date is kept as it is."""
    d = _as_date(value)
    if d is None:
        return str(value or "")
    return d.strftime(pattern)


def money(value, symbol: str = "$", cents: bool = True) -> str:
    text = str(value if value is not None else "").replace(",", "").replace(symbol, "").strip()
    if not text:
        return ""
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return str(value)
    return f"{symbol}{amount:,.2f}" if cents else f"{symbol}{amount:,.0f}"


def ordinal(value) -> str:
    try:
        n = int(str(value).strip())
    except ValueError:
        return str(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


FILTERS = {
    "comma_and_list": comma_and_list, "comma_list": comma_list, "date_format": date_format,
    "format_date": date_format, "money": money, "currency": money, "ordinal": ordinal,
}
