"""The page of cases on screen: a DataTable holding only the rows it shows.

Textual's DataTable blocks for ~10 s when handed 50,000 rows, so it only ever
receives one page from the database.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.domain.triage import Tier
from courtscreen.store.worklist import WorklistRow

# The triage columns come before the long ones so an 80-column terminal shows them.
# Fixed widths: columns do not jump from page to page, and the table never waits
# on DataTable's idle-time measuring (which sometimes left headers-only widths).
# "Tier" is the triage tier that puts the case where it is (the docket's "why here" line says
# it in full); "Court" only shows when the database holds several courts.
COLUMNS = (("Hearing", 16), ("Type", 4), ("Case no.", 16), ("Tier", 9), ("Screening", 9),
           ("Parties", None), ("Judge", 18))
COURT_COLUMN = ("Court", 14)
TIER_CELLS = {Tier.STALKING: ("⚑stalking", "bold red"), Tier.LINKED: ("⚑linked", "bold magenta"),
              Tier.PATTERN: ("⚑pattern", "bold yellow"), Tier.CASE_TYPE: ("⚑type", "yellow")}


def flag_text(row: WorklistRow) -> Text:
    """The case's triage tier in a word (stalking, linked, pattern, type), or blank."""
    cell = TIER_CELLS.get(row.tier)
    if cell is None:
        return Text("⚑" if row.flagged else "", style="yellow")
    return Text(*cell)


def parties_text(row: WorklistRow, width: int = 30) -> str:
    case = row.case
    both = " v. ".join(x for x in (case.names("petitioner"), case.names("respondent", "defendant")) if x)
    text = both or case.nature or case.court
    return text if len(text) <= width else text[: width - 1] + "…"


def screening_text(status: ScreeningStatus) -> Text:
    style = {"indicated": "bold red", "possible": "yellow", "in_progress": "cyan"}.get(status.value, "")
    return Text(status.short, style=style)


class CaseTable(DataTable):
    show_court = False
    rows_by_key: dict[str, WorklistRow] = {}

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.rows_by_key = {}
        self._add_columns()

    def _add_columns(self) -> None:
        columns = list(COLUMNS)
        if self.show_court:
            columns.insert(5, COURT_COLUMN)  # after the triage columns (80 wide shows those)
        for name, width in columns:
            self.add_column(name, key=name, width=width or self.parties_width)

    def set_show_court(self, show: bool) -> None:
        """Several courts in the database: show the court of each case (the same case number
        can be a different case in another court)."""
        if show != self.show_court:
            self.show_court = show
            self.clear(columns=True)
            self._add_columns()

    @property
    def parties_width(self) -> int:
        """Parties get what the fixed columns leave, between 18 and 40 characters."""
        return max(18, min(40, self.app.size.width - 66 - (15 if self.show_court else 0)))

    def show_rows(self, rows: list[WorklistRow]) -> None:
        keep = self.cursor_row
        self.clear()
        self.rows_by_key = {str(r.case.id): r for r in rows}
        for r in rows:
            c = r.case
            when = f"{c.hearing_date:%Y-%m-%d}" if c.hearing_date else "no date"
            if c.hearing_time:
                when += f" {c.hearing_time:%H:%M}"
            judge = c.judge if len(c.judge) <= 18 else c.judge[:17] + "…"
            court = [c.court if len(c.court) <= 14 else c.court[:13] + "…"] if self.show_court else []
            self.add_row(when, c.case_type.short, c.case_number, flag_text(r),
                         screening_text(r.screening), *court, parties_text(r, self.parties_width),
                         judge, key=str(c.id))
        if rows:
            self.move_cursor(row=min(keep, len(rows) - 1))
