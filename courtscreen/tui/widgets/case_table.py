"""The page of cases on screen: a DataTable holding only the rows it shows.

Textual's DataTable blocks for ~10 s when handed 50,000 rows, so it only ever
receives one page from the database.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.store.worklist import WorklistRow

# The triage columns come before the long ones so an 80-column terminal shows them.
# Fixed widths: columns do not jump from page to page, and the table never waits
# on DataTable's idle-time measuring (which sometimes left headers-only widths).
COLUMNS = (("Hearing", 16), ("Type", 4), ("Case no.", 16), ("Flags", 5), ("Screening", 9),
           ("Parties", None), ("Judge", 18))
FLAG_LETTERS = {"type": "T", "charge": "C", "repeat_party": "R"}


def flag_text(row: WorklistRow) -> Text:
    if not row.flagged:
        return Text("")
    kinds = {code.split(":")[0] for code in row.flags} | ({"repeat_party"} if row.repeat_party else set())
    letters = "".join(FLAG_LETTERS[k] for k in ("type", "charge", "repeat_party") if k in kinds)
    return Text(f"⚑{letters}", style="bold yellow")


def parties_text(row: WorklistRow, width: int = 30) -> str:
    case = row.case
    both = " v. ".join(x for x in (case.names("petitioner"), case.names("respondent", "defendant")) if x)
    text = both or case.nature or case.court
    return text if len(text) <= width else text[: width - 1] + "…"


def screening_text(status: ScreeningStatus) -> Text:
    style = {"indicated": "bold red", "possible": "yellow", "in_progress": "cyan"}.get(status.value, "")
    return Text(status.short, style=style)


class CaseTable(DataTable):
    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for name, width in COLUMNS:
            self.add_column(name, key=name, width=width or self.parties_width)

    @property
    def parties_width(self) -> int:
        """Parties get what the fixed columns leave, between 18 and 40 characters."""
        return max(18, min(40, self.app.size.width - 62))

    def show_rows(self, rows: list[WorklistRow]) -> None:
        keep = self.cursor_row
        self.clear()
        for r in rows:
            c = r.case
            when = f"{c.hearing_date:%Y-%m-%d}" if c.hearing_date else "no date"
            if c.hearing_time:
                when += f" {c.hearing_time:%H:%M}"
            judge = c.judge if len(c.judge) <= 18 else c.judge[:17] + "…"
            self.add_row(when, c.case_type.short, c.case_number, flag_text(r),
                         screening_text(r.screening), parties_text(r, self.parties_width), judge,
                         key=str(c.id))
        if rows:
            self.move_cursor(row=min(keep, len(rows) - 1))
