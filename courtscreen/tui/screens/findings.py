"""Findings of fact for one case: the incident log, its timeline, the course-of-conduct summary.

a adds an incident, Enter edits the one under the cursor, w withdraws it
(with a reason; it stays in the record), b starts one from a behaviour ticked
in the screening, c records the case conclusions, d shows the draft findings.
Every save is checked against the version the user opened.
"""

from __future__ import annotations

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from courtscreen.domain.findings import (
    METHODS,
    course_of_conduct,
    draft_findings,
    party_names,
)
from courtscreen.domain.findings_timeline import summary_lines
from courtscreen.store import findings as store
from courtscreen.store import screenings
from courtscreen.store.cases import get_case
from courtscreen.tui.footer_keys import WidthAwareFooter
from courtscreen.tui.widgets.timeline import Timeline

FINDING_STYLE = {"proven": "bold", "alleged": "yellow", "disputed": "magenta"}
AREA_SHORT = {"surveillance": "Surv.", "life_invasion": "Life inv.", "intimidation": "Intim.",
              "interference": "Interf."}


def names_for_text(case) -> dict:
    return party_names(case.parties) if case else {}


class FindingsScreen(WidthAwareFooter, Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "add", "Add incident"),
        Binding("enter", "edit", "Edit", show=False),
        Binding("w", "withdraw", "Withdraw"),
        Binding("b", "from_screening", "From screening"),
        Binding("c", "conclude", "Conclusions"),
        Binding("o", "roles", "Who did what to whom", show=False),  # in ? (the footer is full)
        Binding("d", "draft", "Draft findings"),
        Binding("p", "protected", "Confidential"),  # the confidential (protected) details
        # The footer keeps this screen's keys; Quit is in ? here.
        Binding("ctrl+q", "app.quit", "Quit", show=False),
    ]
    FOOTER_WIDE_ONLY = frozenset({"withdraw", "from_screening", "protected"})
    FOOTER_WIDE_AT = 120  # eight keys and their words need 120 columns

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.case = None  # store.cases.CaseRow
        self.found = None  # store.CaseFindings
        self.screening = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="findings-body"):
            yield Static("Loading the findings…", id="findings-title")
            yield Timeline(id="timeline")
            yield DataTable(id="incidents", cursor_type="row", zebra_stripes=True)
            yield Static("", id="conduct")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#incidents", DataTable)
        table.add_column("No.", width=3)
        table.add_column("When", width=21)
        table.add_column("Finding", width=9)
        table.add_column("Areas", width=16)
        table.add_column("What the respondent did", width=52)
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        try:
            case = get_case(self.app.engine, self.case_id)
            found = store.case_findings(self.app.engine, self.case_id)
            screening = screenings.get_screening(self.app.engine, self.case_id)
        except Exception as exc:
            self.app.call_from_thread(self.show_error, f"Could not read the findings: {exc}")
            return
        self.app.call_from_thread(self.show, case, found, screening)

    def show_error(self, message: str) -> None:
        self.notify(message, title="Problem", severity="error", timeout=10)
        self.query_one("#findings-title", Static).update(f"[b red]{escape(message)}[/]")

    def show(self, case, found, screening) -> None:
        if case is None:
            self.show_error("This case is no longer in the database.")
            return
        self.case, self.found, self.screening = case, found, screening
        self.sub_title = f"Findings · {case.case_number}"
        live = found.live_incidents
        self.query_one("#findings-title", Static).update(
            f"[b]{escape(case.case_number)}[/b]  {escape(case.case_type.label)}  ·  "
            f"{len(live)} incident(s)" + (f", {len(found.incidents) - len(live)} withdrawn"
                                          if len(found.incidents) > len(live) else ""))
        self.query_one(Timeline).show(found.incidents, self.size.width - 2)
        table = self.query_one("#incidents", DataTable)
        row = table.cursor_row
        table.clear()
        for inc in found.incidents:
            finding = "withdrawn" if inc.withdrawn else inc.finding
            style = "dim strike" if inc.withdrawn else FINDING_STYLE.get(inc.finding, "")
            how = ", ".join(METHODS[m] for m in inc.methods)
            what = inc.description + (f" ({how})" if how else "")
            table.add_row(str(inc.number), inc.when.short(), f"[{style}]{finding}[/]",
                          ", ".join(AREA_SHORT.get(a, a) for a in inc.areas) or "—",
                          escape(what), key=str(inc.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        coc = course_of_conduct(found.incidents, found.conclusion, self.app.settings.acts_required)
        lines = summary_lines(list(found.incidents), coc)
        text = "\n".join(escape(line) for line in lines)
        self.query_one("#conduct", Static).update(f"[b]Course of conduct[/b]\n{text}")
        if not found.incidents:
            table.display = False
            hint = (" Press b to start one from the behaviours ticked in the screening."
                    if self._unrecorded_behaviours() else "")
            self.query_one("#conduct", Static).update(
                f"No incidents recorded yet. Press a to add the first one.{hint}\n\n"
                f"[b]Course of conduct[/b]\n{text}")
        else:
            table.display = True
            table.focus()

    # ----- actions ------------------------------------------------------------------------------

    def _current(self):
        table = self.query_one("#incidents", DataTable)
        if not self.found or not table.row_count or not table.display:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((i for i in self.found.incidents if str(i.id) == key), None)

    def action_add(self) -> None:
        if not self.app.allowed("record_findings", "record findings"):
            return
        if self.found is None:
            return
        from courtscreen.tui.screens.incident_form import IncidentForm

        self.app.push_screen(IncidentForm(self.case_id, None), self._after_save)

    def action_edit(self) -> None:
        if not self.app.allowed("record_findings", "edit findings"):
            return
        inc = self._current()
        if inc is None:
            return
        if inc.withdrawn:
            self.notify(f"Incident {inc.number} was withdrawn ({inc.withdrawn_reason}); it cannot be edited.",
                        severity="warning")
            return
        from courtscreen.tui.screens.incident_form import IncidentForm

        self.app.push_screen(IncidentForm(self.case_id, inc), self._after_save)

    @on(DataTable.RowSelected, "#incidents")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_withdraw(self) -> None:
        if not self.app.allowed("record_findings", "withdraw findings"):
            return
        inc = self._current()
        if inc is None:
            return
        if inc.withdrawn:
            self.notify(f"Incident {inc.number} is already withdrawn.", severity="warning")
            return
        from courtscreen.tui.screens.withdraw_incident import WithdrawIncident

        self.app.push_screen(WithdrawIncident(inc), self._after_save)

    def _unrecorded_behaviours(self) -> list[tuple[str, str, str]]:
        """(area id, behaviour id, label) ticked in the screening with no incident for them yet."""
        if not self.screening or not self.found:
            return []
        used = {b for i in self.found.live_incidents for b in i.behaviours}
        from courtscreen.domain.screening import load_catalogue

        out = []
        for area in load_catalogue().areas:
            for b in area.behaviours:
                if b.id in self.screening.answers.behaviours.get(area.id, ()) and b.id not in used:
                    out.append((area.id, b.id, b.label))
        return out

    def action_from_screening(self) -> None:
        if not self.app.allowed("record_findings", "record findings"):
            return
        if self.found is None:
            return
        choices = self._unrecorded_behaviours()
        if not choices:
            self.notify("No behaviours are ticked in this case's screening that lack an incident. "
                        "Press a to add one by hand.", severity="information")
            return
        from courtscreen.tui.screens.pick_behaviour import PickBehaviour

        def chosen(choice) -> None:
            if choice:
                from courtscreen.tui.screens.incident_form import IncidentForm

                self.app.push_screen(IncidentForm(self.case_id, None, start_from=choice), self._after_save)

        self.app.push_screen(PickBehaviour(choices), chosen)

    def action_conclude(self) -> None:
        if not self.app.allowed("record_findings", "record conclusions"):
            return
        if self.found is None:
            return
        from courtscreen.documents.findings_context import parties_for
        from courtscreen.store.case_roles import case_roles
        from courtscreen.tui.screens.conclusion_form import ConclusionForm

        who = parties_for(case_roles(self.app.engine, self.case_id), names_for_text(self.case))
        protected = who.protected_name
        self.app.push_screen(ConclusionForm(self.case_id, self.found.conclusion, protected), self._after_save)

    def action_draft(self) -> None:
        if self.found is None:
            return
        from courtscreen.documents.findings_context import parties_for
        from courtscreen.store.case_roles import case_roles
        from courtscreen.tui.screens.draft_findings import DraftFindingsScreen

        j = self.app.settings.jurisdiction
        roles = case_roles(self.app.engine, self.case_id)
        draft = draft_findings(self.found.incidents, self.found.conclusion, acts_required=j.acts_required,
                               mental_state=j.mental_state, style=j.date_style,
                               parties=parties_for(roles, names_for_text(self.case)),
                               actor=roles.conduct_of if roles.mutual else None, conduct_of=roles.conduct_of)
        self.app.push_screen(DraftFindingsScreen(self.case.case_number, draft))

    def action_protected(self) -> None:
        if not self.app.allowed("view_confidential", "see confidential details"):
            return
        from courtscreen.tui.screens.protected_details import ProtectedDetails

        self.app.push_screen(ProtectedDetails(self.case_id), self._after_save)

    def action_roles(self) -> None:
        from courtscreen.tui.screens.case_roles_form import open_roles_form

        open_roles_form(self, self.case_id, self._after_save)

    def _after_save(self, message: str | None) -> None:
        if message:
            self.notify(message, timeout=4)
        self.load()
