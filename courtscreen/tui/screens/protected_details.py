"""The protected person's confidential details: home, workplace, phone, school, shelter.

Recorded once per case so that orders can refer to "the petitioner's
workplace" while the address itself stays out of anything served on the
respondent or exported, unless a user includes it for one document.
"""

from __future__ import annotations

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from courtscreen.store import findings as store


class ProtectedDetails(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "close", "Close"), Binding("delete", "withdraw", "Withdraw detail")]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        with Vertical(id="protected-box", classes="dialog"):
            yield Label("[b]Confidential details of the protected person[/b]")
            yield Label("[dim]Left out of documents served on the respondent and of exports unless "
                        "included for that one document. Delete withdraws the selected one.[/dim]")
            yield DataTable(id="protected", cursor_type="row")
            with Horizontal(classes="inc-row"):
                kinds = [(v, k) for k, v in store.PROTECTED_KINDS.items()]
                yield Select(kinds, prompt="kind", id="protected-kind")
                yield Input(placeholder="the detail, e.g. 14 Larkspur Row, Flat 2", id="protected-value")
            yield Static("", id="protected-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", id="add", variant="primary")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Kind", "Detail")
        self.load()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        try:
            details = store.list_protected(self.app.engine, self.case_id)
            if details:  # issue 17: a read of confidential details is audited
                from courtscreen.store.trail import log_read

                access = getattr(self.app, "access", None)
                log_read(self.app.engine, access.user if access else self.app.settings.user, self.case_id,
                         "protected details", "app: protected-details screen")
        except Exception as exc:
            self.app.call_from_thread(self._problem, f"Could not read the details: {exc}")
            return
        self.app.call_from_thread(self._show, details)

    def _show(self, details) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for d in details:
            table.add_row(escape(d.title), escape(d.value), key=str(d.id))
        table.display = bool(details)

    @on(Input.Submitted, "#protected-value")
    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        kind = self.query_one("#protected-kind", Select).value
        value = self.query_one("#protected-value", Input).value
        if kind == Select.NULL:
            self._problem("Choose the kind of detail (home, workplace, school…).")
            return
        self.save(kind, value)

    @work(thread=True, exclusive=True, group="save")
    def save(self, kind: str, value: str) -> None:
        try:
            store.add_protected(self.app.engine, self.case_id, kind, value, self.app.settings.user)
        except Exception as exc:
            self.app.call_from_thread(self._problem, f"Nothing was recorded: {exc}")
            return
        self.app.call_from_thread(self._added)

    def _added(self) -> None:
        self.query_one("#protected-value", Input).value = ""
        self._problem("")
        self.load()

    def action_withdraw(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        detail_id = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        self._withdraw(detail_id)

    @work(thread=True, exclusive=True, group="save")
    def _withdraw(self, detail_id: int) -> None:
        try:
            store.withdraw_protected(self.app.engine, self.case_id, detail_id, self.app.settings.user)
        except Exception as exc:
            self.app.call_from_thread(self._problem, f"Nothing was changed: {exc}")
            return
        self.app.call_from_thread(self.load)

    def _problem(self, message: str) -> None:
        shown = f"[b red]{escape(message)}[/]" if message else ""
        self.query_one("#protected-problem", Static).update(shown)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
