"""The docket worklist: every case, narrowed by filters, highest priority first."""

from __future__ import annotations

import time
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Footer, Header, Input, Select, Static

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.memory import freeze_long_lived
from courtscreen.store import worklist
from courtscreen.store.worklist import WorklistFilter
from courtscreen.tui.docket_loader import PageLoader
from courtscreen.tui.footer_keys import WidthAwareFooter
from courtscreen.tui.from_thread import show_from_thread
from courtscreen.tui.screens.docket_why_here import WhyHereLine
from courtscreen.tui.widgets.case_table import CaseTable
from courtscreen.tui.widgets.late_select import LateSelect
from courtscreen.tui.widgets.status_line import StatusLine
from courtscreen.tui.widgets.summary_bar import SummaryBar

PAGE_SIZE = 100
# Keys typed closer together than this (fast typing, a paste) are one search: the page is read
# and drawn for the last of them, this long after it. A key after a pause is searched at once.
SEARCH_BURST = 0.08
SORT_LABELS = {"priority": "Priority", "hearing": "Hearing date", "case_number": "Case number"}


def parse_day(text: str) -> date | None:
    """'2026-12-01' -> date; '' -> None; anything else raises ValueError."""
    text = text.strip()
    return date.fromisoformat(text) if text else None


class DocketScreen(WhyHereLine, WidthAwareFooter, Screen):
    """The worklist. Queries run in a thread; only the newest result is shown."""

    BINDINGS = [
        Binding("enter", "open_case", "Open", show=True),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("f", "toggle_flagged", "Flagged"),
        Binding("s", "cycle_sort", "Sort", show=False),  # the Sort list is on screen; s is in ?
        Binding("i", "app.import", "Import"),
        # Footer: the keys for working the list; People, Export and Documents show from 100
        # columns on (FOOTER_WIDE_ONLY), so an 80-column footer keeps paging, Clear and Help.
        Binding("p", "app.people", "People"),
        Binding("e", "export", "Export"),
        Binding("g", "batch_generate", "Documents"),
        Binding("right_square_bracket", "next_page", "Next", key_display="]"),
        Binding("left_square_bracket", "prev_page", "Prev", key_display="["),
        Binding("c", "clear_filters", "Clear"),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("escape", "focus_table", "To list", show=False),
    ]

    FOOTER_WIDE_ONLY = frozenset({"app.people", "export", "batch_generate"})

    def __init__(self) -> None:
        super().__init__()
        self.criteria = WorklistFilter()  # "today" is set from the app on mount
        self.page_offset = 0
        self.total_cases: int | None = 0  # None while counting
        self._page_rows = 0
        self.pages = PageLoader(self, PAGE_SIZE)
        self._generation = 0
        self._ready_reported = False
        self.filters_ready = False
        self._last_opened: int | None = None  # the case opened last
        self._follow_case: int | None = None  # ...kept under the cursor by the next reload
        self._last_search_key = 0.0  # when the search box last changed (monotonic)
        self._search_timer = None  # the search of a burst of keys, waiting for its last key

    def compose(self) -> ComposeResult:
        yield Header()
        yield SummaryBar("Loading the docket…", id="summary")
        # The filter rows keep their place from the start but get their widgets
        # right after the first page of cases is shown: the list a clerk came for
        # appears ~150 ms sooner, with nothing moving on screen.
        yield Horizontal(id="filters-1", classes="filter-row")
        yield Horizontal(id="filters-2", classes="filter-row")
        yield CaseTable(id="cases")
        yield StatusLine("", id="why-here")
        yield StatusLine("", id="status")
        yield Footer()

    def _filter_widgets(self):
        first = [
            Input(placeholder="/ search case no. or party", id="search", compact=True),
            LateSelect([("All types", None)] + [(t.label, t) for t in CaseType], value=None,
                   allow_blank=False, id="type", compact=True),
            LateSelect([("Any status", None)] + [(s.label, s) for s in ScreeningStatus], value=None,
                   allow_blank=False, id="screening", compact=True),
            LateSelect([(v, k) for k, v in SORT_LABELS.items()], value=self.criteria.sort,
                   allow_blank=False, id="sort", compact=True),
        ]
        second = [
            LateSelect([("Any judge", "")], value="", allow_blank=False, id="judge", compact=True),
            Input(placeholder="from yyyy-mm-dd", id="date-from", compact=True, max_length=10),
            Input(placeholder="to yyyy-mm-dd", id="date-to", compact=True, max_length=10),
            Checkbox("Flagged only", value=self.criteria.flagged_only, id="flagged", compact=True),
            LateSelect([("Any court", "")], value="", allow_blank=False, id="court", compact=True),
        ]
        return first, second

    async def _mount_filters(self) -> None:
        first, second = self._filter_widgets()
        await self.query_one("#filters-1").mount_all(first)
        await self.query_one("#filters-2").mount_all(second)
        self.filters_ready = True
        self.load_summary()  # after the first page is drawn: its thread would slow the drawing
        self.load_judges()
        self.call_after_refresh(freeze_long_lived)  # start-up is over (courtscreen/memory.py)

    def on_mount(self) -> None:
        self.criteria = WorklistFilter(today=self.app.today)
        self.query_one(CaseTable).focus()
        self.reload()  # the summary and judge list follow the first page

    # ----- loading --------------------------------------------------------------------------

    def reload(self, keep_offset: bool = False, summary: bool = False, fresh: bool = False,
               count: bool = True) -> None:
        """Show the page for the current filters (docket_loader: off the UI thread, newest
        first). fresh: the cases changed, read again; summary: and the counts above the list
        (they do not depend on the filters, so typing never re-reads them)."""
        if not keep_offset:
            self.page_offset = 0
        if fresh:
            self.pages.forget()
        self._generation += 1
        if count:
            self.total_cases = None  # until the count arrives (the page comes first)
        self.pages.request(self.criteria, self.page_offset, self._generation, count=count,
                           read_ahead=keep_offset or fresh)
        if summary:
            self.load_summary()

    def show_page(self, rows, total: int | None, offset: int, generation: int) -> None:
        if generation != self._generation:
            return  # a newer filter is on its way
        if total is not None:
            self.total_cases = total
        table = self.query_one(CaseTable)
        table.show_rows(rows)
        # Back from a case: the cursor stays on that case even if the list re-sorted around it,
        # so Enter opens the case just worked on, not whichever case took its row.
        ids = [r.case.id for r in rows]
        if self._follow_case in ids:
            table.move_cursor(row=ids.index(self._follow_case))
        self._follow_case = None
        self._page_rows = len(rows)
        self.update_status()
        self.show_why_here()
        self._report_ready()

    def _report_ready(self) -> None:
        """Once, when the first page is on screen or could not be read: then the filter row
        mounts and the app's follow-up checks run. A first read that fails (the database went
        away for a moment) must not leave the docket without its filters, the clerk without a
        way to change what failed, or linking owed unreported."""
        if not self._ready_reported:
            self._ready_reported = True
            if getattr(self.app, "first_page_shown", None):
                self.app.first_page_shown()
            self.call_after_refresh(self._mount_filters)

    def show_total(self, total: int, generation: int) -> None:
        if generation == self._generation:
            self.total_cases = total
            self.update_status()

    @work(thread=True, exclusive=True, group="summary")
    def load_summary(self) -> None:
        try:
            summary = worklist.summary(self.app.engine)
        except Exception as exc:
            self.app.call_from_thread(self.show_error, f"Could not read the docket summary: {exc}")
            return
        show_from_thread(self, SummaryBar, "show", summary)

    @work(thread=True, exclusive=True, group="judges")
    def load_judges(self) -> None:
        try:
            names = worklist.judges(self.app.engine)
            courts = worklist.courts(self.app.engine)
        except Exception:
            return  # the page load reports database trouble; the judge list can stay short
        self.app.call_from_thread(self._set_names, names, courts)

    def _set_names(self, judges: list[str], courts: list[str]) -> None:
        self.query_one(CaseTable).set_names(judges, courts)
        self._set_judges(judges)
        self._set_courts(courts)

    def _set_courts(self, names: list[str]) -> None:
        """Several courts: a Court column and a court filter (one case number can be two cases)."""
        table = self.query_one(CaseTable)
        several = len(names) > 1
        table.set_show_court(several)  # the rows on screen already carry their court
        select = self.query_one("#court", Select)
        select.display = several
        chosen = self.criteria.court
        with select.prevent(Select.Changed):
            select.set_options([("Any court", "")] + [(n, n) for n in names if n])
            if chosen in names:
                select.value = chosen

    def _set_judges(self, names: list[str]) -> None:
        select = self.query_one("#judge", Select)
        chosen = self.criteria.judge
        if chosen and chosen not in names:
            names = [chosen, *names]  # keep the user's choice even if no case has that judge now
        with select.prevent(Select.Changed):
            select.set_options([("Any judge", "")] + [(n, n) for n in names])
            if chosen:
                select.value = chosen

    def show_error(self, message: str) -> None:
        self.query_one("#status", Static).update(f"[b red]{message}[/]")
        self.notify(message, title="Problem", severity="error", timeout=8)
        self._report_ready()

    def update_status(self) -> None:
        status = self.query_one("#status", Static)
        total = self.total_cases
        if total == 0 or (total is None and self._page_rows == 0 and self.page_offset == 0):
            filtered = self.criteria.with_(sort="priority") != WorklistFilter(today=self.criteria.today)
            empty = ("No cases match these filters (c clears them)." if filtered
                     else "No cases yet. Press i to import a docket.")
            status.update(empty)
            return
        first, last = self.page_offset + 1, self.page_offset + self._page_rows
        sort = SORT_LABELS[self.criteria.sort].lower()
        if total is None:  # the page is there, the count of all matches follows
            status.update(f"Cases {first:,}–{last:,} of … (counting) · sorted by {sort} · "
                          "Enter opens a case")
            return
        pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
        status.update(f"Cases {first:,}–{last:,} of {total:,} · page "
                      f"{self.page_offset // PAGE_SIZE + 1}/{pages} · sorted by {sort} · "
                      "Enter opens a case")

    @on(DataTable.RowHighlighted, "#cases")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_why_here()

    # ----- filters ---------------------------------------------------------------------------

    def set_filter(self, **changes) -> None:
        new = self.criteria.with_(**changes)
        if new != self.criteria:
            self.criteria = new
            self.reload()

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        """Debounced: drawing a page of cases costs the screen ~100 ms or more on a busy
        machine, so the pages for the keys of a burst are never read or drawn, only the last."""
        now = time.monotonic()
        burst = now - self._last_search_key < SEARCH_BURST
        self._last_search_key = now
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        if not burst:
            self.set_filter(search=event.value)
            return
        value = event.value

        def search_now() -> None:
            self._search_timer = None
            self.set_filter(search=value)

        self._search_timer = self.set_timer(SEARCH_BURST, search_now)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.query_one(CaseTable).focus()

    @on(Input.Changed, "#date-from, #date-to")
    def _dates(self, event: Input.Changed) -> None:
        try:
            day = parse_day(event.value)
        except ValueError:
            event.input.add_class("-invalid")
            return
        event.input.remove_class("-invalid")
        if event.input.id == "date-from":
            self.set_filter(date_from=day)
        else:
            self.set_filter(date_to=day)

    @on(Select.Changed)
    def _select(self, event: Select.Changed) -> None:
        value = event.value
        if event.select.id == "type":
            self.set_filter(case_types=frozenset() if value is None else frozenset({value}))
        elif event.select.id == "screening":
            self.set_filter(screening=value)
        elif event.select.id == "judge":
            self.set_filter(judge=value or "")
        elif event.select.id == "sort":
            self.set_filter(sort=value)
        elif event.select.id == "court":
            self.set_filter(court=value or "")

    @on(Checkbox.Changed, "#flagged")
    def _flagged(self, event: Checkbox.Changed) -> None:
        self.set_filter(flagged_only=event.value)

    # ----- actions ---------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        if self.filters_ready:
            self.query_one("#search", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one(CaseTable).focus()

    def action_toggle_flagged(self) -> None:
        if self.filters_ready:
            box = self.query_one("#flagged", Checkbox)
            box.value = not box.value
        else:
            self.set_filter(flagged_only=not self.criteria.flagged_only)

    def action_sort(self, how: str) -> None:
        if self.filters_ready:
            self.query_one("#sort", Select).value = how
        else:
            self.set_filter(sort=how)

    def action_cycle_sort(self) -> None:
        keys = list(SORT_LABELS)
        self.action_sort(keys[(keys.index(self.criteria.sort) + 1) % len(keys)])

    def action_clear_filters(self) -> None:
        if not self.filters_ready:
            return
        for selector in ("#search", "#date-from", "#date-to"):
            self.query_one(selector, Input).value = ""
        self.query_one("#type", Select).value = None
        self.query_one("#screening", Select).value = None
        self.query_one("#judge", Select).value = ""
        self.query_one("#court", Select).value = ""
        self.query_one("#flagged", Checkbox).value = False
        self.criteria = WorklistFilter(sort=self.criteria.sort, today=self.app.today)
        self.reload()

    def action_next_page(self) -> None:
        more = (self._page_rows == PAGE_SIZE if self.total_cases is None
                else self.page_offset + PAGE_SIZE < self.total_cases)
        if more:
            self.page_offset += PAGE_SIZE
            self.reload(keep_offset=True, count=False)

    def action_prev_page(self) -> None:
        if self.page_offset > 0:
            self.page_offset = max(0, self.page_offset - PAGE_SIZE)
            self.reload(keep_offset=True, count=False)

    def action_refresh(self) -> None:
        self.reload(keep_offset=True, fresh=True, summary=True)
        self.load_judges()

    def action_open_case(self) -> None:
        table = self.query_one(CaseTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self._open(int(key))

    @on(DataTable.RowSelected, "#cases")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(int(event.row_key.value))

    def _open(self, case_id: int) -> None:
        from courtscreen.tui.screens.case_view import CaseScreen

        self._last_opened = case_id
        self.app.push_screen(CaseScreen(case_id))

    def action_export(self) -> None:
        """Export what the docket shows now (its filters) to .xlsx or CSV."""
        from courtscreen.tui.screens.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(self.criteria))

    def action_batch_generate(self) -> None:
        """One form for every case the current filters match."""
        from courtscreen.tui.screens.batch_generate import BatchGenerateScreen

        self.app.push_screen(BatchGenerateScreen(self.criteria))

    def on_screen_resume(self) -> None:
        if self._ready_reported:
            self._follow_case = self._last_opened
            self.reload(keep_offset=True, fresh=True, summary=True)
            self.load_judges()  # an import may have brought the first (or new) judges
