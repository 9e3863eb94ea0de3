"""Asked when leaving a screening with answers on this step not yet saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmLeave(ModalScreen[str]):
    BINDINGS = [Binding("escape", "stay", "Stay")]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label("This step has answers that are not saved yet.\n"
                        "Everything before this step is already saved as a draft.")
            with Horizontal(id="confirm-buttons"):
                yield Button("Save and leave", id="save", variant="primary")
                yield Button("Leave without saving this step", id="discard", variant="error")
                yield Button("Stay", id="stay")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_stay(self) -> None:
        self.dismiss("stay")
