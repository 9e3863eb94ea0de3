"""Asked when leaving a form (a screening step, an incident) with changes not yet saved,
or a dialog whose job is still running (an import: keep it going, cancel it, or stay)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmLeave(ModalScreen[str]):
    BINDINGS = [Binding("escape", "stay", "Stay")]

    def __init__(self, revising: bool = False, message: str | None = None,
                 choices: list[tuple[str, str, str]] | None = None) -> None:
        """choices: (id, label, variant) buttons instead of save / discard / stay; the first
        has the focus and dismissing returns its id ("stay" on Escape)."""
        super().__init__()
        self.revising = revising
        self.message = message
        self.choices = choices

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
            if self.choices:
                with Horizontal(id="confirm-buttons"):
                    for ident, label, variant in self.choices:
                        yield Button(label, id=ident, variant=variant)
                return
            with Horizontal(id="confirm-buttons"):
                yield Button("Save revision and leave" if self.revising else "Save and leave",
                             id="save", variant="primary")
                yield Button("Leave without saving" if self.revising or self.message
                             else "Leave without saving this step", id="discard", variant="error")
                yield Button("Stay", id="stay")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_stay(self) -> None:
        self.dismiss("stay")


def ask_to_leave_job(screen, keep: str, cancel: str, message: str, decided) -> None:
    """Ask what to do with the running job of a dialog being left: keep it going in the
    background, cancel it, or stay. decided gets "background", "cancel" or "stay". The import,
    export and batch dialogs ask the same question in their own words."""
    choices = [("background", keep, "primary"), ("cancel", cancel, "error"), ("stay", "Stay", "default")]
    screen.app.push_screen(ConfirmLeave(message=message, choices=choices), decided)
