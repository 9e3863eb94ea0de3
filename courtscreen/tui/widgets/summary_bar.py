"""One line that tells a clerk the state of the docket at a glance."""

from __future__ import annotations

from rich.text import Text

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.store.worklist import DocketSummary
from courtscreen.tui.widgets.status_line import StatusLine

BAR = "▁▂▃▄▅▆▇█"


def _bar(n: int, most: int) -> str:
    if most <= 0 or n <= 0:
        return " "
    return BAR[min(len(BAR) - 1, round((len(BAR) - 1) * n / most))]


def summary_text(s: DocketSummary) -> Text:
    # Completed screenings only: a draft is in progress, not screened.
    completed = sum(n for status, n in s.by_screening.items() if status.is_complete)
    drafts = s.by_screening.get(ScreeningStatus.IN_PROGRESS, 0)
    text = Text()
    text.append(f"{s.total:,} cases", style="bold")
    text.append(" ")
    text.append(f"⚑{s.flagged:,} flagged", style="bold yellow")
    text.append(f" screened {completed:,}/{s.total:,}")
    if drafts:
        text.append(f" · {drafts:,} in progress", style="cyan")
    text.append(" ")
    most = max(s.by_type.values(), default=0)
    # Stalking-relevant types first, so a narrow terminal still shows them.
    for ct in sorted(CaseType, key=lambda t: not t.stalking_relevant):
        n = s.by_type.get(ct, 0)
        style = "bold" if ct.stalking_relevant else "dim"
        text.append(f" {ct.short}", style=style)
        text.append(_bar(n, most), style="cyan")
        text.append(f"{n:,}", style=style)
    return text


class SummaryBar(StatusLine):
    """One line high at every width (app.tcss #summary): new counts need no layout."""

    def show(self, summary: DocketSummary) -> None:
        self.update(summary_text(summary))
