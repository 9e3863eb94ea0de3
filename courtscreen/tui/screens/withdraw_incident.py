"""Withdraw an incident: it stays in the record, struck through, with the reason and who did it."""

from __future__ import annotations

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from courtscreen.domain.findings import Incident
from courtscreen.store import findings as store
from courtscreen.tui.from_thread import update_from_thread


class WithdrawIncident(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, incident: Incident) -> None:
        super().__init__()
        self.incident = incident

    def compose(self) -> ComposeResult:
        inc = self.incident
        with Vertical(id="withdraw-box", classes="dialog"):
            yield Label(f"[b]Withdraw incident {inc.number}[/b] ({escape(inc.when.short())}: "
                        f"{escape(inc.description[:60])})")
            yield Label("It stays in the record, marked withdrawn, and no longer counts as a finding.")
            yield Input(placeholder="Why? e.g. entered on the wrong case; petitioner withdrew it",
                        id="reason")
            yield Static("", id="withdraw-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Withdraw", id="withdraw", variant="error")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#withdraw")
    def _withdraw(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#withdraw-problem", Static).update("[b red]Give the reason: it is kept with "
                                                               "the incident.[/]")
            return
        self.save(reason)

    @work(thread=True, exclusive=True)
    def save(self, reason: str) -> None:
        try:
            store.withdraw_incident(self.app.engine, self.incident, reason, self.app.settings.user)
        except Exception as exc:
            update_from_thread(self, "#withdraw-problem",
                               f"[b red]Nothing was changed: {escape(str(exc))}[/]")
            return
        self.app.call_from_thread(self.dismiss, f"Incident {self.incident.number} withdrawn.")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
