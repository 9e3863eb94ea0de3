"""Pick a behaviour ticked in the screening to start an incident from."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from courtscreen.domain.findings import area_labels


class PickBehaviour(ModalScreen[tuple[str, str, str] | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        labels = area_labels()
        with Vertical(id="pick-box", classes="dialog"):
            yield Label("[b]Start an incident from a behaviour ticked in the screening[/b]")
            yield OptionList(*[Option(f"{labels[a]}: {label}", id=str(n))
                               for n, (a, _, label) in enumerate(self.choices)], id="behaviours")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id)])

    def action_cancel(self) -> None:
        self.dismiss(None)
