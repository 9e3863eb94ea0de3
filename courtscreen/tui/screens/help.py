"""? : every key binding of the screen underneath, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

GENERAL = [
    ("ctrl+p", "Command palette: search every action by name"),
    ("tab / shift+tab", "Move between the filters and the list"),
    ("mouse", "Click rows, filters and buttons; scroll with the wheel"),
]


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label("[b]Keys[/b]  (Escape closes this help)")
            yield DataTable(id="help-keys", cursor_type="none", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action")
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        seen = set()
        for source in (below, self.app):
            for binding in getattr(source, "BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                key = binding.key_display or binding.key
                if (key, binding.description) in seen:
                    continue
                seen.add((key, binding.description))
                table.add_row(key, binding.description)
        for key, text in GENERAL:
            table.add_row(key, text)
