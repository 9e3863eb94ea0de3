"""Where a case stands in stalking screening, in the words the domain guidance uses.

The status is an aid to the screener's judgement, never a score of danger.
"""

from __future__ import annotations

from enum import StrEnum


class ScreeningStatus(StrEnum):
    NOT_SCREENED = "not_screened"
    IN_PROGRESS = "in_progress"
    INDICATED = "indicated"
    POSSIBLE = "possible"
    NOT_INDICATED = "not_indicated"

    @property
    def label(self) -> str:
        return {
            "not_screened": "Not screened",
            "in_progress": "Screening in progress",
            "indicated": "Stalking indicated",
            "possible": "Possible: needs follow-up",
            "not_indicated": "Not indicated",
        }[self.value]

    @property
    def short(self) -> str:
        return {
            "not_screened": "—", "in_progress": "in progress", "indicated": "INDICATED",
            "possible": "possible", "not_indicated": "not ind.",
        }[self.value]

    @property
    def is_complete(self) -> bool:
        """A screening was completed (a draft is not: it still needs its screener)."""
        return self not in AWAITING_SCREENING


# Cases that still need a screener: untouched and in progress share one place in the priority
# order, so an interrupted screening never falls behind the cases it was among.
AWAITING_SCREENING = frozenset({ScreeningStatus.NOT_SCREENED, ScreeningStatus.IN_PROGRESS})
