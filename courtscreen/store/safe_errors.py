"""Error text that is safe to show and to log: no SQL parameters, no row values from the server.

A database error carries the statement's parameters (SQLAlchemy's "[parameters: …]"
unless the engine hides them, see store.database) and PostgreSQL's DETAIL lines
repeat the values of the failing row ("Failing row contains (…, 14 Larkspur Row, …)",
"Key (value)=(…)"). Those values are often the very details the court withholds
(a protected address typed into `findings protect`), so every message that reaches
the screen or courtscreen-error.log goes through `safe_error_text` first.
"""

from __future__ import annotations

import re

_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$|\s*\(Background)", re.DOTALL)
_DETAIL = re.compile(r"^(\s*)(DETAIL|HINT|CONTEXT|WHERE):.*$", re.MULTILINE)
_KEY_VALUES = re.compile(r"(Key \([^)]*\))=\(.*?\)")
_FAILING_ROW = re.compile(r"Failing row contains \(.*?\)(?=\.?\s*$)", re.MULTILINE)


def safe_error_text(text: str) -> str:
    text = _PARAMETERS.sub("[parameters withheld]", text)
    text = _FAILING_ROW.sub("Failing row withheld", text)
    text = _KEY_VALUES.sub(r"\1=(withheld)", text)
    return _DETAIL.sub(r"\1\2: (withheld)", text)


def safe_error(exc: BaseException) -> str:
    """One line for the user: the exception type and its first line, scrubbed."""
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {safe_error_text(first)}" if first else type(exc).__name__
