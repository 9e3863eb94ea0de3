"""Add or edit one incident: when, what, how, where, SLII areas, evidence, the victim's reaction.

Problems are listed at the top, each naming the field, and the form stays
open with everything typed, so nothing is lost. A save that collides with
someone else's keeps the form open too, with what they changed.
Dismisses with a message for the findings screen, or None when cancelled.
"""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from courtscreen.domain.findings import (
    EVIDENCE_KINDS,
    FINDINGS,
    IF_NOT_PROVEN,
    METHODS,
    REACTIONS,
    SOURCES,
    Incident,
    IncidentError,
    area_labels,
    parse_incident,
)
from courtscreen.store import findings as store
from courtscreen.tui.screens.confirm_leave import ConfirmLeave
from courtscreen.tui.widgets.choice_row import ChoiceRow

WHEN_HELP = "e.g. 2026-03-05 · 03/05/2026 · early March 2026 · 2026-03-01 to 2026-03-15 · about May 2026"


class IncidentForm(Screen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, case_id: int, incident: Incident | None,
                 start_from: tuple[str, str, str] | None = None) -> None:
        """start_from: (area id, behaviour id, label) ticked in the screening, to prefill a new incident."""
        super().__init__()
        self.case_id = case_id
        self.incident = incident
        self.start_from = start_from
        self._initial: dict | None = None
        self._saving = False
        self._hidden_location = False  # a confidential location this user's role may not see

    def _start(self) -> dict:
        if self.incident:
            return self.incident.to_dict()
        data = {"when": "", "finding": "alleged", "description": "", "methods": [], "areas": [],
                "location": "", "location_confidential": False, "evidence": [], "reactions": [],
                "reaction_text": "", "behaviours": [], "actor": "", "series_count": 0,
                "series_frequency": "", "acts_counted": 1, "if_not_proven": "omit"}
        if self.start_from:
            area, behaviour, label = self.start_from
            data.update(areas=[area], behaviours=[behaviour], description=label[0].lower() + label[1:])
        return data

    def compose(self) -> ComposeResult:
        data = self._start()
        self._hidden_location = bool(data["location"] and data["location_confidential"]
                                     and not self.app.access.allows("view_confidential"))
        title = (f"Edit incident {self.incident.number}" if self.incident else "New incident")
        yield Header()
        yield Static(f"[b]{title}[/b]  [dim]ctrl+s saves · escape cancels[/dim]", id="inc-title")
        yield Static("", id="inc-problems")
        with VerticalScroll(id="inc-body"):
            yield Label("When did it happen?  [dim]" + WHEN_HELP + "[/dim]")
            yield Input(data["when"], placeholder="date or approximate date", id="when")
            yield Label("Finding")
            yield ChoiceRow([(k, v.capitalize()) for k, v in FINDINGS.items()], value=data["finding"],
                            id="finding")
            yield Label("What did the respondent do?  [dim](start with a verb: 'followed her to work')[/dim]")
            yield TextArea(data["description"], id="description", soft_wrap=True)
            yield Label("How (methods)")
            yield SelectionList(*[(v, k, k in data["methods"]) for k, v in METHODS.items()], id="methods")
            yield Label("SLII area(s)")
            yield SelectionList(*[(v, k, k in data["areas"]) for k, v in area_labels().items()], id="areas")
            yield Label("Where")
            with Horizontal(classes="inc-row"):
                if self._hidden_location:
                    yield Input("", placeholder="confidential: hidden for your role (kept as recorded)",
                                id="location", disabled=True)
                else:
                    yield Input(data["location"], placeholder="place, or leave empty", id="location")
                yield Checkbox("Confidential (victim's home, work, school, shelter)",
                               data["location_confidential"], id="location-confidential",
                               disabled=self._hidden_location)
            yield Label("Evidence  [dim](kind · details such as report numbers or witnesses · source)[/dim]")
            evidence = list(data["evidence"])
            for n in range(max(2, len(evidence) + 1)):
                item = evidence[n] if n < len(evidence) else {}
                with Horizontal(classes="inc-row evidence-row"):
                    kinds = [(v, k) for k, v in EVIDENCE_KINDS.items()]
                    yield Select(kinds, value=item.get("kind", Select.NULL), prompt="kind",
                                 id=f"ev-kind-{n}", classes="ev-kind")
                    yield Input(item.get("detail", ""), placeholder="details", id=f"ev-detail-{n}",
                                classes="ev-detail")
                    sources = [(v, k) for k, v in SOURCES.items()]
                    yield Select(sources, value=item.get("source") or Select.NULL, prompt="source",
                                 id=f"ev-source-{n}", classes="ev-source")
            yield Label("The victim's reaction")
            yield SelectionList(*[(v, k, k in data["reactions"]) for k, v in REACTIONS.items()],
                                id="reactions")
            yield Input(data["reaction_text"], placeholder="in words, e.g. 'stopped taking the bus to work'",
                        id="reaction-text")
            yield Label("A repeated behaviour over the period (a series), if it is one")
            yield Input(data.get("series_frequency", ""), id="series-frequency",
                        placeholder="how often, e.g. 'about 40 texts a day'")
            yield Input(str(data.get("series_count") or ""), placeholder="how many times in all (optional)",
                        id="series-count")
            yield Input(str(data.get("acts_counted", 1) or 1), placeholder="acts the court counts it as",
                        id="acts-counted")
            yield Label("Whose act (mutual cases only)")
            yield ChoiceRow([("", "The case's conduct party"), ("respondent", "Respondent"),
                             ("petitioner", "Petitioner")], value=data.get("actor", ""), id="actor")
            yield Label("If not found proven, the document")
            yield ChoiceRow([(k, v.split(" …")[0]) for k, v in IF_NOT_PROVEN.items()],
                            value=data.get("if_not_proven", "omit"), id="if-not-proven")
            with Horizontal(id="inc-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self._initial = self.collect()
        self.query_one("#when", Input).focus()

    def collect(self) -> dict:
        """The form as the plain dict parse_incident checks."""
        evidence = []
        for row in self.query(".evidence-row"):
            kind = row.query_one(".ev-kind", Select).value
            detail = row.query_one(".ev-detail", Input).value.strip()
            source = row.query_one(".ev-source", Select).value
            if kind == Select.NULL and not detail:
                continue
            evidence.append({"kind": "other" if kind == Select.NULL else kind, "detail": detail,
                             "source": "" if source == Select.NULL else source})
        return {
            "when": self.query_one("#when", Input).value,
            "finding": self.query_one("#finding", ChoiceRow).value,
            "description": self.query_one("#description", TextArea).text,
            "methods": list(self.query_one("#methods", SelectionList).selected),
            "areas": list(self.query_one("#areas", SelectionList).selected),
            "location": (self.incident.location if self._hidden_location
                         else self.query_one("#location", Input).value),
            "location_confidential": self.query_one("#location-confidential", Checkbox).value,
            "evidence": evidence,
            "reactions": list(self.query_one("#reactions", SelectionList).selected),
            "reaction_text": self.query_one("#reaction-text", Input).value,
            "behaviours": list(self.incident.behaviours if self.incident
                               else [self.start_from[1]] if self.start_from else []),
            "series_frequency": self.query_one("#series-frequency", Input).value,
            "series_count": self.query_one("#series-count", Input).value,
            "acts_counted": self.query_one("#acts-counted", Input).value,
            "actor": self.query_one("#actor", ChoiceRow).value,
            "if_not_proven": self.query_one("#if-not-proven", ChoiceRow).value,
        }

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self._saving:
            return
        try:
            incident = parse_incident(self.collect(), date.today())
        except IncidentError as exc:
            self._problems(exc.problems)
            return
        self._saving = True
        self.save(incident)

    @work(thread=True, exclusive=True, group="save")
    def save(self, incident: Incident) -> None:
        user = self.app.settings.user
        try:
            if self.incident:
                saved = store.update_incident(self.app.engine, self.incident, incident, user)
                message = f"Incident {saved.number} saved."
            else:
                saved = store.add_incident(self.app.engine, self.case_id, incident, user)
                message = f"Incident {saved.number} recorded."
        except store.StaleRecord as exc:
            self.app.call_from_thread(self._refused, str(exc))
            return
        except Exception as exc:
            self.app.call_from_thread(self._refused, f"Nothing was saved: {exc}")
            return
        self.app.call_from_thread(self.dismiss, message)

    def _refused(self, message: str) -> None:
        self._saving = False
        self.query_one("#inc-problems", Static).update(f"[b red]{escape(message)}[/]")
        self.notify(message, title="Not saved", severity="error", timeout=10)

    def _problems(self, problems: list[str]) -> None:
        text = "\n".join(f"• {escape(p)}" for p in problems)
        self.query_one("#inc-problems", Static).update(f"[b red]Please fix before saving:[/]\n{text}")
        first = problems[0].split(":", 1)[0].split("[", 1)[0].split(".", 1)[0]
        target = {"when": "#when", "description": "#description", "methods": "#methods", "areas": "#areas",
                  "reactions": "#reactions", "location": "#location"}.get(first)
        if target:
            self.query_one(target).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self._initial is None or self.collect() == self._initial:
            self.dismiss(None)
            return

        def decided(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
            elif choice == "discard":
                self.dismiss(None)

        self.app.push_screen(ConfirmLeave(message="This incident has changes that are not saved."), decided)
