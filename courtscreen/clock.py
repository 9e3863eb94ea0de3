"""Today's date for the worklist's "nearest hearing first".

COURTSCREEN_TODAY=YYYY-MM-DD makes courtscreen order the worklist as on that day: for training
on an old docket, for reproducing what a clerk saw on a given morning, and for tests whose
sample hearings would otherwise fall into the past as the calendar moves on. Unset (the normal
case): the computer's date.
"""

from __future__ import annotations

import os
from datetime import date

ENV = "COURTSCREEN_TODAY"


class ClockError(ValueError):
    pass


def today() -> date:
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ClockError(f"{ENV}={raw!r} is not a date; write it as YYYY-MM-DD, or unset it") from None
