"""The case conclusions: at whom the conduct was directed, its effect, and the credible-threat finding.

The credible-threat finding is asked in the words that matter for the federal
firearms prohibition (18 U.S.C. 922(g)(8)); "not decided" is a real answer.
"""

from __future__ import annotations

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from courtscreen.domain.findings import Conclusion, IncidentError, parse_conclusion
from courtscreen.store import findings as store
from courtscreen.tui.widgets.choice_row import ChoiceRow

THREAT_CHOICES = [("yes", "Found"), ("no", "Not found"), ("", "Not decided")]
ELEMENT_CHOICES = [("found", "Found"), ("not_found", "Not found"), ("", "Not decided")]
# The elements the court decides here (directed and fear carry their words in the fields above).
DECIDED_HERE = ("acts", "continuity", "directed", "reasonable_person", "fear_caused", "mental_state")


class ConclusionForm(ModalScreen[str | None]):
    DEFAULT_CSS = """
    #conclusion-fields { height: auto; max-height: 9; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self, case_id: int, conclusion: Conclusion, protected_name: str = "") -> None:
        super().__init__()
        self.case_id = case_id
        self.conclusion = conclusion
        self.protected_name = protected_name

    def compose(self) -> ComposeResult:
        from courtscreen.domain.findings_elements import ELEMENTS, Decision

        c = self.conclusion
        directed = c.directed_at or (f"the petitioner, {self.protected_name}" if self.protected_name else "")
        with Vertical(id="conclusion-box", classes="dialog"):
            yield Static("[b]Conclusions[/b] — the court decides each element")
            with VerticalScroll(id="conclusion-fields"):
                for key in DECIDED_HERE:
                    yield Label(ELEMENTS[key])
                    yield ChoiceRow(ELEMENT_CHOICES, value=c.elements.get(key, Decision()).status,
                                    id=f"el-{key}")
                yield Label("Directed at (a specific person), in the court's words")
                yield Input(directed, placeholder="e.g. the petitioner, Jane Roe", id="directed-at")
                yield Label("Fear or substantial emotional distress caused, in the court's words")
                yield Input(c.fear_or_distress, placeholder="what the court finds the effect was", id="fear")
                yield Label("Is the person whose conduct is at issue a credible threat to the physical "
                            "safety of the protected person or a child?")
                yield ChoiceRow(THREAT_CHOICES, value=c.credible_threat, id="threat")
                yield Input(c.credible_threat_basis, id="basis",
                            placeholder="what the finding rests on (needed if found)")
            yield Static("", id="conclusion-problem")
            with Horizontal(classes="dialog-buttons"):  # outside the scroll: reachable at 80x24
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#el-acts", ChoiceRow).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        elements = {k: v.to_dict() for k, v in self.conclusion.elements.items()}
        for key in DECIDED_HERE:
            elements[key] = {**elements.get(key, {"words": ""}),
                             "status": self.query_one(f"#el-{key}", ChoiceRow).value}
        elements["directed"]["words"] = self.query_one("#directed-at", Input).value
        elements["fear_caused"]["words"] = self.query_one("#fear", Input).value
        try:
            new = parse_conclusion({
                "directed_at": self.query_one("#directed-at", Input).value,
                "fear_or_distress": self.query_one("#fear", Input).value,
                "credible_threat": self.query_one("#threat", ChoiceRow).value,
                "credible_threat_basis": self.query_one("#basis", Input).value,
                "elements": elements, "threat_to": self.conclusion.threat_to,
            }, self.app.settings.jurisdiction.words_required)
        except IncidentError as exc:
            self._problem("; ".join(exc.problems))
            return
        self.save(new)

    @work(thread=True, exclusive=True)
    def save(self, new: Conclusion) -> None:
        try:
            store.save_conclusion(self.app.engine, self.case_id, self.conclusion, new, self.app.settings.user)
        except Exception as exc:
            self.app.call_from_thread(self._problem, f"Nothing was saved: {exc}")
            return
        self.app.call_from_thread(self.dismiss, "Conclusions saved.")

    def _problem(self, message: str) -> None:
        self.query_one("#conclusion-problem", Static).update(f"[b red]{escape(message)}[/]")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
