"""The page of cases on screen: a DataTable holding only the rows it shows.

Textual's DataTable blocks for ~10 s when handed 50,000 rows, so it only ever
receives one page from the database.

The columns fit the terminal (widgets/docket_columns.py): party names get the room and the
less important columns drop first; a resize lays the page out again. Widths are set, never
measured by DataTable (its idle-time measuring sometimes left headers-only widths), and they
only change with the terminal's width or a longer case number, not from page to page.
"""

from __future__ import annotations

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.renderables.styled import Styled
from textual.widgets import DataTable

from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.domain.triage import Tier
from courtscreen.store.worklist import WorklistRow
from courtscreen.tui.widgets.docket_columns import (
    STATUS,
    ColumnPlan,
    caption_name,
    court_labels,
    fit,
    judge_cell,
    judge_label,
    plan_columns,
)

# "Tier" is the triage tier that puts the case where it is (the docket's "why here" line says
# it in full); "Court" only shows when the database holds several courts.
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
    first = "; ".join(caption_name(p.name) for p in case.parties if p.role == "petitioner")
    both = " v. ".join(x for x in (first, case.names("respondent", "defendant")) if x)
    return fit(both or case.nature or case.court, width)


def screening_text(status: ScreeningStatus) -> Text:
    style = {"indicated": "bold red", "possible": "yellow", "in_progress": "cyan"}.get(status.value, "")
    return Text(status.short, style=style)


def status_text(row: WorklistRow) -> Text:
    """Tier and screening in one narrow column: the screening once there is one (a draft says
    "in progress"), the triage tier while the case awaits its first screener."""
    if row.screening is ScreeningStatus.NOT_SCREENED:
        return flag_text(row) if row.flagged else screening_text(row.screening)
    return screening_text(row.screening)


def hearing_text(row: WorklistRow) -> str:
    c = row.case
    when = f"{c.hearing_date:%Y-%m-%d}" if c.hearing_date else "no date"
    return when + (f" {c.hearing_time:%H:%M}" if c.hearing_time else "")


def _plain(cell: str | Text) -> Text:
    """A cell as Text: DataTable reads a str as Rich markup (parsed again on every page, and a
    name holding "[...]" would lose that part); the docket's cells are never markup."""
    return Text(cell, end="", no_wrap=True) if isinstance(cell, str) else cell


def unlink(cache: LRUCache) -> None:
    """Break the links between a Textual LRUCache's entries (each is [prev, next, key, value])
    so that clearing it leaves no cycle behind; the cache is empty afterwards."""
    for entry in cache._cache.values():
        entry.clear()
    cache.clear()


class CaseTable(DataTable):
    show_court = False
    rows_by_key: dict[str, WorklistRow] = {}

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.rows_by_key = {}
        self._rows: list[WorklistRow] = []
        self._court_labels: dict[str, str] = {}
        self._judge_width = 18
        self._case_width = 8
        self.plan = ColumnPlan(())
        self._cells_drawn: LRUCache[tuple, list[list[Segment]]] = LRUCache(4096)
        self._lay_out()

    # ----- which columns, how wide -------------------------------------------------------

    def _available_width(self) -> int:
        width = self.size.width or self.app.size.width
        return width - self.styles.scrollbar_size_vertical  # 100 rows: the scrollbar is there

    def _new_plan(self) -> ColumnPlan:
        court = max((len(v) for v in self._court_labels.values()), default=0) if self.show_court else 0
        return plan_columns(self._available_width(), case_no=self._case_width, court=min(court, 24),
                            judge=self._judge_width)

    def _lay_out(self, force: bool = False) -> None:
        """Set the columns for the current width; the rows shown are filled in again."""
        plan = self._new_plan()
        if plan == self.plan and not force:
            return
        self.plan = plan
        keep = self.cursor_row
        self.clear(columns=True)
        for key, width in plan.widths:
            self.add_column(key, key=key, width=width)
        self._fill(keep)

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _update_dimensions(self, new_rows) -> None:
        """DataTable measures every cell of every new row when the loop is idle (100 rows x 8
        cells per page: 10-40 ms of the UI loop on each keystroke's page) to widen auto-width
        columns. Every column here has a set width and every row is one line, so the
        measuring changes nothing: only the scrollable size is worked out."""
        if any(column.auto_width for column in self.columns.values()):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width, self._total_row_height + header)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        """DataTable draws each cell through Rich once per row, page and cursor move (a new
        page: 256 cells, most of the ~170 ms of UI work a page costs). Many cells repeat from
        row to row and page to page (dates, tiers, types, courts, judges): the drawing of a
        one-line cell is kept by what it shows, its width and its styles, and only the
        row/column the mouse needs is added to it. The segments are the ones DataTable would
        draw (the same Rich calls; the row/column meta is added last instead of first, and
        style addition is associative)."""
        if min(row_index - self.fixed_rows, column_index - self.fixed_columns, row_index, column_index) < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)
        drawn = self._cell_render_cache.get(cache_key)
        if drawn is not None:
            return drawn
        row = self.rows.get(row_key)
        cell = self._get_row_renderables(row_index).cells[column_index]
        if row is None or row.height != 1 or not isinstance(cell, Text) or base_style.meta:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        shown = (cell.plain, cell.style, tuple(cell.spans), cell.justify, cell.overflow, cell.no_wrap,
                 cell.end, width, base_style, component_style, post_style, self.cell_padding)
        lines = self._cells_drawn.get(shown)
        if lines is None:
            options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
            lines = self.app.console.render_lines(
                Styled(Padding(cell, (0, self.cell_padding)), pre_style=base_style + component_style,
                       post_style=post_style), options)
            self._cells_drawn[shown] = lines
        meta = Style.from_meta({"row": row_index, "column": column_index})
        drawn = [[Segment(text, meta + style if style is not None else style, control)
                  for text, style, control in line] for line in lines]
        self._cell_render_cache[cache_key] = drawn
        return drawn

    def _clear_caches(self) -> None:
        """Every new page clears DataTable's drawing caches. Textual's LRUCache keeps its entries
        in a ring of linked lists, and a cleared ring is a reference cycle: the whole previous
        page's drawing (~4,000 objects) then waited for a full garbage collection, which walked
        them on the UI thread in one 60-80 ms stall every few pages. Breaking the ring first lets
        reference counting free them at once."""
        for cache in (self._row_render_cache, self._cell_render_cache, self._row_renderable_cache,
                      self._line_cache, self._offset_cache, self._ordered_row_cache):
            unlink(cache)
        super()._clear_caches()

    def set_show_court(self, show: bool) -> None:
        """Several courts in the database: show the court of each case (the same case number
        can be a different case in another court)."""
        if show != self.show_court:
            self.show_court = show
            self._lay_out()

    def set_names(self, judges: list[str], courts: list[str]) -> None:
        """The judges and courts of the whole database: the columns are as wide as the longest
        name needs (up to a limit), the same on every page."""
        self._judge_width = max(8, min(18, max((len(judge_label(j)) for j in judges), default=18)))
        self._court_labels = court_labels(courts)
        self._lay_out()

    # ----- rows ----------------------------------------------------------------------------

    def show_rows(self, rows: list[WorklistRow]) -> None:
        keep = self.cursor_row
        self._rows = list(rows)
        self.rows_by_key = {str(r.case.id): r for r in rows}
        longest = max((len(r.case.case_number) for r in rows), default=0)
        if longest > self._case_width:  # only ever grows: columns do not jump between pages
            self._case_width = min(22, longest)
            self._lay_out()  # fills the rows
            return
        self._fill(keep)

    def _cells(self, r: WorklistRow) -> list:
        c, w = r.case, self.plan.width
        cells = {
            "Hearing": lambda: hearing_text(r),
            "Type": lambda: c.case_type.short,
            "Case no.": lambda: fit(c.case_number, w("Case no.")),
            "Tier": lambda: flag_text(r),
            "Screening": lambda: screening_text(r.screening),
            STATUS: lambda: status_text(r),
            "Court": lambda: fit(self._court_labels.get(c.court, c.court.strip()), w("Court")),
            "Parties": lambda: parties_text(r, w("Parties")),
            "Judge": lambda: judge_cell(c.judge, w("Judge")),
        }
        return [_plain(cells[key]()) for key in self.plan.keys]

    def _fill(self, keep: int) -> None:
        self.clear()
        for r in self._rows:
            self.add_row(*self._cells(r), key=str(r.case.id))
        if self._rows:
            self.move_cursor(row=min(keep, len(self._rows) - 1))
