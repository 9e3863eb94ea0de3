"""A one-line choice (Yes / No / Unknown, a role, a count) answered from the keyboard.

Left / right or the option's number picks a value; Enter is left to the
screen (next step), so a screener can answer and move on without the mouse.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ChoiceRow(Widget, can_focus=True):
    DEFAULT_CSS = """
    ChoiceRow { height: 1; width: 1fr; }
    ChoiceRow:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Previous choice", show=False),
        Binding("right", "move(1)", "Next choice", show=False),
        Binding("y", "pick('yes')", show=False),
        Binding("n", "pick('no')", show=False),
        Binding("u", "pick('unknown')", show=False),
    ] + [Binding(str(i), f"nth({i - 1})", show=False) for i in range(1, 10)]

    value: reactive[str] = reactive("", init=False)

    class Changed(Message):
        def __init__(self, row: ChoiceRow, value: str) -> None:
            super().__init__()
            self.row, self.value = row, value

        @property
        def control(self) -> ChoiceRow:
            return self.row

    def __init__(self, options: list[tuple[str, str]], value: str = "", label: str = "", **kwargs):
        super().__init__(**kwargs)
        self.options, self.label = options, label
        self.set_reactive(ChoiceRow.value, value)

    def render(self) -> Text:
        text = Text()
        if self.label:
            text.append(f"{self.label} ", style="bold")
        for i, (value, label) in enumerate(self.options, start=1):
            chosen = value == self.value
            text.append(f" {i} {label} ", style="reverse bold" if chosen else "")
            text.append(" ")
        return text

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def action_move(self, step: int) -> None:
        values = [v for v, _ in self.options]
        index = values.index(self.value) if self.value in values else -1
        self.value = values[(index + step) % len(values)]

    def action_pick(self, value: str) -> None:
        if value in [v for v, _ in self.options]:
            self.value = value

    def action_nth(self, index: int) -> None:
        if index < len(self.options):
            self.value = self.options[index][0]

    def on_click(self, event) -> None:
        # Find which option was clicked from the x offset of the rendered labels.
        x = event.x - (len(self.label) + 1 if self.label else 0)
        for i, (value, label) in enumerate(self.options, start=1):
            width = len(f" {i} {label} ") + 1
            if x < width:
                self.value = value
                return
            x -= width
