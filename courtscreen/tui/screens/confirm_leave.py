"""Asked when leaving a form (a screening step, an incident) with changes not yet saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmLeave(ModalScreen[str]):
    BINDINGS = [Binding("escape", "stay", "Stay")]

    def __init__(self, revising: bool = False, message: str | None = None) -> None:
        super().__init__()
        self.revising = revising
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            if self.message:
                yield Label(self.message)
            elif self.revising:
                yield Label("You changed this completed screening but have not saved the "
                            "revision.\nThe screening as last saved is unchanged.")
            else:
                yield Label("This step has answers that are not saved yet.\n"
                            "Everything before this step is already saved as a draft.")
            with Horizontal(id="confirm-buttons"):
                yield Button("Save revision and leave" if self.revising else "Save and leave",
                             id="save", variant="primary")
                yield Button("Leave without saving" if self.revising or self.message
                             else "Leave without saving this step", id="discard", variant="error")
                yield Button("Stay", id="stay")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_stay(self) -> None:
        self.dismiss("stay")
