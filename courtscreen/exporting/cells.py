"""Cell text that a spreadsheet can never run as a formula, and that Excel can store.

Formula injection (CSV injection): a docket cell such as ``=HYPERLINK(...)``
or ``+cmd|...`` typed by anyone upstream must reach the judge's staff as
text. OWASP's rule is to treat a value as dangerous when it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return.

- CSV has no cell types, so a dangerous value gets a leading single quote
  (OWASP's recommendation): Excel shows the text and never evaluates it.
- .xlsx does have types: the value is kept exactly and written as a string
  cell with Excel's "quote prefix" style (the stored form of a typed
  apostrophe), so Excel neither evaluates it on opening nor after the user
  edits the cell. openpyxl alone would turn any text starting with ``=``
  into a formula, so those cells are built here, never left to openpyxl.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_TEXT = 32_767  # characters in one cell
TRUNCATED = " …[cut: Excel holds at most 32,767 characters in a cell]"
# Control characters the xlsx format cannot hold (openpyxl raises IllegalCharacterError on them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_dangerous(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """A CSV field Excel opens as text: dangerous values get a leading single quote."""
    return "'" + text if is_dangerous(text) else text


def xlsx_text(text: str) -> str:
    """Text an .xlsx cell can hold: no illegal control characters, at most 32,767 characters."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(" ", text)
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - len(TRUNCATED)] + TRUNCATED
    return text
