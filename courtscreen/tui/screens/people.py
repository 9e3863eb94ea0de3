"""People in several cases: who they are, and their cases on a timeline.

PeopleScreen(engine, min_cases=2). The top table lists persons (any linked spelling) named in
at least min_cases cases, most cases first; the bottom table shows the highlighted person's
cases oldest first (one timeline: type, role, screening result, incidents) and, below it, the
incidents recorded in every one of those cases, each marked with its case. Enter on a case
posts PeopleScreen.OpenCase(case_id); r opens the review of suggested links; Escape closes.
"""

from __future__ import annotations

from rich.markup import escape
from sqlalchemy.engine import Engine
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from courtscreen.tui.from_thread import update_from_thread

PAGE = 200
PEOPLE_COLUMNS = (("Person", 26), ("Born", 10), ("Cases", 5), ("First", 10), ("Latest", 10),
                  ("Also written", 40))
CASE_COLUMNS = (("Date", 10), ("Case", 16), ("Type", 5), ("Role", 11), ("Screening", 14), ("Inc.", 4),
                ("Named as", 26))


class PeopleScreen(Screen):
    """Persons named in several cases, with their cases on a timeline."""

    AUTO_FOCUS = "#people-table"  # the keys (Enter, r, /) work on the list from the start

    DEFAULT_CSS = """
    PeopleScreen #people-table { height: 1fr; }
    PeopleScreen #person-title { padding: 0 1; background: $boost; }
    PeopleScreen #person-cases { height: 1fr; }
    PeopleScreen #people-status { padding: 0 1; color: $text-muted; }
    PeopleScreen #people-search { margin: 0 1; width: 1fr; }
    PeopleScreen #person-incidents { padding: 0 1; height: auto; max-height: 10; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("tab", "focus_next", "Switch table", show=False),
        Binding("enter", "open_case", "Open case", show=True),
        Binding("r", "review", "Review suggested links"),
    ]

    class OpenCase(Message):
        """The user chose a case of a person to open."""

        def __init__(self, case_id: int) -> None:
            super().__init__()
            self.case_id = case_id

    def __init__(self, engine: Engine, min_cases: int = 2) -> None:
        super().__init__()
        self.engine = engine
        self.min_cases = min_cases
        self.people: list = []
        self.search = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ search a name (any spelling)", id="people-search", compact=True)
        yield Static(f"Looking for people in {self.min_cases} or more cases…", id="people-status")
        yield DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="person-title")
        yield DataTable(id="person-cases", cursor_type="row", zebra_stripes=True)
        yield Static("", id="person-incidents")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "People in several cases"
        # Fixed widths: the columns do not jump as lists of different names load, and the layout
        # does not wait for the table's own measuring (a picture or a keystroke in between saw
        # every column at its header's width).
        people = self.query_one("#people-table", DataTable)
        for label, width in PEOPLE_COLUMNS:
            people.add_column(label, width=width)
        cases = self.query_one("#person-cases", DataTable)
        for label, width in CASE_COLUMNS:
            cases.add_column(label, width=width)
        self._load("")

    @work(thread=True, exclusive=True)
    def _load(self, search: str) -> None:
        from courtscreen.store.people import count_people, people_in_several_cases
        from courtscreen.store.people_search import search_people

        try:
            if search.strip():
                people, total = search_people(self.engine, search, self.min_cases, limit=PAGE)
            else:
                total = count_people(self.engine, self.min_cases)
                people = people_in_several_cases(self.engine, self.min_cases, limit=PAGE)
        except Exception as exc:  # a message on screen, never a traceback
            self.app.call_from_thread(self._status, f"Could not list people: {exc}")
            return
        self.app.call_from_thread(self._show, people, total, search)

    @on(Input.Changed, "#people-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value == self.search:
            return  # not a change (the box reports its empty value as it mounts): no second load
        self.search = event.value
        self._load(event.value)

    @on(Input.Submitted, "#people-search")
    def _search_submitted(self) -> None:
        self.query_one("#people-table", DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#people-search", Input).focus()

    def action_back(self) -> None:
        """Escape in the search box goes back to the list; on the list, back to the docket."""
        if self.query_one("#people-search", Input).has_focus:
            self.query_one("#people-table", DataTable).focus()
        else:
            self.app.pop_screen()

    def _status(self, text: str) -> None:
        self.query_one("#people-status", Static).update(escape(text))

    def _show(self, people: list, total: int, search: str = "") -> None:
        if search != self.search:
            return  # the user has typed on; a newer list is coming
        self.people = people
        table = self.query_one("#people-table", DataTable)
        table.clear()
        for i, p in enumerate(people):
            table.add_row(p.name, f"{p.dob:%Y-%m-%d}" if p.dob else "—", str(len(p.cases)),
                          f"{p.first_seen:%Y-%m-%d}" if p.first_seen else "—",
                          f"{p.last_seen:%Y-%m-%d}" if p.last_seen else "—",
                          "; ".join(p.other_names)[:40], key=str(i))
        named = f" whose name contains “{search.strip()}”" if search.strip() else ""
        if not people:
            self._status(f"Nobody{named} is named in {self.min_cases} or more cases.")
            self.query_one("#person-title", Static).update("")
            self.query_one("#person-cases", DataTable).clear()
            self.query_one("#person-incidents", Static).update("")
            return
        shown = f"the {len(people)} with most cases" if total > len(people) else "all"
        who, verb = ("person", "is") if total == 1 else ("people", "are")
        self._status(f"{total} {who}{named} {verb} named in {self.min_cases} or more cases "
                     f"({shown} listed). Enter on a case opens it.")
        self._show_person(0)
        if not self.query_one("#people-search", Input).has_focus:
            table.focus()

    def _show_person(self, index: int) -> None:
        if not 0 <= index < len(self.people):
            return
        p = self.people[index]
        self.query_one("#person-title", Static).update(
            f"[b]{escape(p.name)}[/b]: {len(p.cases)} cases, oldest first")
        cases = self.query_one("#person-cases", DataTable)
        cases.clear()
        for c in p.cases:
            cases.add_row(f"{c.when:%Y-%m-%d}" if c.when else "—", c.case_number, c.case_type.short,
                          c.role, c.screening_result or c.screening.value.replace("_", " "),
                          str(c.incidents), c.name, key=str(c.case_id))
        self.query_one("#person-incidents", Static).update("")
        if any(c.incidents for c in p.cases):
            self._load_incidents(p)

    @work(thread=True, exclusive=True, group="person-incidents")
    def _load_incidents(self, person) -> None:
        from courtscreen.store.findings import list_incidents

        try:
            found = [(c, i) for c in person.cases for i in list_incidents(self.engine, c.case_id)
                     if not i.withdrawn]
        except Exception as exc:  # a line on screen, never a traceback
            update_from_thread(self, "#person-incidents",
                               escape(f"Could not read the incidents: {exc}"))
            return
        self.app.call_from_thread(self._show_incidents, found)

    def _show_incidents(self, found: list) -> None:
        access = getattr(self.app, "access", None)
        full = access is None or access.allows("view_confidential")
        lines = ["[b]Incidents across these cases[/b] (oldest first, marked by case)"]
        for c, i in sorted(found, key=lambda ci: (ci[1].when.start is None, ci[1].when.start or 0)):
            what = i.description[:70] if full else "details need the view_confidential permission"
            lines.append(f"[{escape(c.case_number)}] {escape(i.when.short())} {escape(i.finding)}: "
                         f"{escape(what)}")
        self.query_one("#person-incidents", Static).update("\n".join(lines))

    def action_review(self) -> None:
        from courtscreen.tui.screens.link_review import LinkReviewScreen

        user = getattr(getattr(self.app, "settings", None), "user", "") or "unknown"
        self.app.push_screen(LinkReviewScreen(self.engine, user=user))

    @on(DataTable.RowHighlighted, "#people-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_person(event.cursor_row)

    def _person(self):
        row = self.query_one("#people-table", DataTable).cursor_row
        return self.people[row] if self.people and row is not None and 0 <= row < len(self.people) else None

    def action_open_case(self) -> None:
        p = self._person()
        if p is None:
            return
        cases = self.query_one("#person-cases", DataTable)
        index = cases.cursor_row if cases.has_focus else 0
        if p.cases and index is not None and 0 <= index < len(p.cases):
            self.post_message(self.OpenCase(p.cases[index].case_id))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "people-table":
            self.query_one("#person-cases", DataTable).focus()
        else:
            self.action_open_case()
