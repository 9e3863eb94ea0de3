"""Who did what to whom in this case: the person whose conduct is at issue, the protected persons,
the relationship and the hearing (domain.case_roles), recorded per case and audited.

Every finding, caption and provision reads these roles; until someone saves
them the case shows the defaults for its type, marked as not confirmed.
"""

from __future__ import annotations

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from courtscreen.domain.case_roles import (
    ORDER_KINDS,
    RELATIONSHIPS,
    CaseRoles,
    RolesError,
    firearms_note,
    parse_roles,
    protected_spec,
)
from courtscreen.tui.widgets.choice_row import ChoiceRow

YES_NO = [("yes", "Yes"), ("no", "No"), ("", "Not recorded")]


def _yn(value: bool | None) -> str:
    return {True: "yes", False: "no", None: ""}[value]


class CaseRolesForm(ModalScreen[str | None]):
    DEFAULT_CSS = """
    #roles-fields { height: auto; max-height: 9; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self, case_id: int, roles: CaseRoles, version: int, criminal: bool,
                 parties: frozenset[str], credible_threat: str = "") -> None:
        super().__init__()
        self.case_id, self.roles, self.version = case_id, roles, version
        self.criminal, self.parties, self.credible_threat = criminal, parties, credible_threat

    def compose(self) -> ComposeResult:
        r = self.roles
        conduct = [(c, c.capitalize()) for c in ("respondent", "petitioner", "defendant")
                   if c in self.parties or c == r.conduct_of]
        state = "recorded" if r.recorded else "defaults for the case type, not yet confirmed"
        with Vertical(id="roles-box", classes="dialog"):
            yield Static(f"[b]Who did what to whom[/b]  [dim]({escape(state)})[/dim]")
            with VerticalScroll(id="roles-fields"):
                yield Label("Whose conduct is at issue")
                yield ChoiceRow(conduct, value=r.conduct_of, id="conduct-of")
                yield Label("Protected persons (; between them)")
                yield Input("; ".join(protected_spec(p) for p in r.protected), id="protected",
                            tooltip="petitioner, respondent, victim, child:NAME, household:NAME")
                yield Label("The victim's name, as the court gives it (criminal cases)")
                yield Input(r.victim_name, id="victim-name", placeholder="leave empty: 'the victim'")
                yield Label("Relationship")
                yield Select([(label, key) for key, label in RELATIONSHIPS.items() if key],
                             value=r.relationship or Select.NULL, id="relationship", prompt="not recorded")
                yield Label("Have they ever lived together?")
                yield ChoiceRow(YES_NO, value=_yn(r.cohabited), id="cohabited")
                yield Label("The order follows a hearing with actual notice and a chance to take part")
                yield ChoiceRow(YES_NO, value=_yn(r.hearing_with_notice), id="hearing")
                yield Label("Order")
                yield ChoiceRow([(k, v) for k, v in ORDER_KINDS.items()], value=r.order_kind, id="order-kind")
                yield Input(r.order_date.isoformat() if r.order_date else "", id="order-date",
                            placeholder="order date, e.g. 2026-08-20")
                yield Label("Cross-petitions: find each party's conduct separately")
                yield ChoiceRow([("yes", "Mutual"), ("no", "One party")], value="yes" if r.mutual else "no",
                                id="mutual")
                yield Static(f"Federal firearms (18 U.S.C. 922(g)(8)): "
                             f"{escape(firearms_note(r, self.credible_threat))}", id="firearms-note")
            yield Static("", id="roles-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#conduct-of", ChoiceRow).focus()

    def _data(self) -> dict:
        relationship = self.query_one("#relationship", Select).value
        return {
            "conduct_of": self.query_one("#conduct-of", ChoiceRow).value,
            "protected": [p for p in self.query_one("#protected", Input).value.replace(",", ";").split(";")
                          if p.strip()],
            "victim_name": self.query_one("#victim-name", Input).value,
            "relationship": relationship if isinstance(relationship, str) else "",
            "cohabited": self.query_one("#cohabited", ChoiceRow).value,
            "hearing_with_notice": self.query_one("#hearing", ChoiceRow).value,
            "order_kind": self.query_one("#order-kind", ChoiceRow).value,
            "order_date": self.query_one("#order-date", Input).value,
            "mutual": self.query_one("#mutual", ChoiceRow).value,
        }

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            new = parse_roles(self._data(), criminal=self.criminal, parties=self.parties)
        except RolesError as exc:
            self._problem("; ".join(exc.problems))
            return
        self.save(new)

    @work(thread=True, exclusive=True)
    def save(self, new: CaseRoles) -> None:
        from courtscreen.store.case_roles import save_roles

        try:
            save_roles(self.app.engine, self.case_id, self.version, new, self.app.settings.user)
        except Exception as exc:
            self.app.call_from_thread(self._problem, f"Nothing was saved: {exc}")
            return
        self.app.call_from_thread(self.dismiss, "Roles saved.")

    def _problem(self, message: str) -> None:
        self.query_one("#roles-problem", Static).update(f"[b red]{escape(message)}[/]")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def open_roles_form(screen, case_id: int, after=None) -> None:
    """Read the case's roles and open the form (from the case view or the findings screen)."""
    from courtscreen.store.case_roles import CRIMINAL_TYPES, get_roles
    from courtscreen.store.cases import get_case
    from courtscreen.store.findings import get_conclusion

    if not screen.app.allowed("record_findings", "record the roles of a case"):
        return
    engine = screen.app.engine
    case = get_case(engine, case_id)
    roles, version = get_roles(engine, case_id)
    parties = frozenset(p.role for p in case.parties if p.name) if case else frozenset()
    criminal = case is not None and case.case_type.value in CRIMINAL_TYPES
    screen.app.push_screen(CaseRolesForm(case_id, roles, version, criminal, parties,
                                         get_conclusion(engine, case_id).credible_threat), after)
