"""The questions a court form asks the clerk at generation time (documents.questions), as inputs.

One row per question: a Select for a choice, a Switch for yes/no, an Input for
text, numbers, money and dates (YYYY-MM-DD). `answers()` returns the raw
values; documents.service checks them and the screen shows any problem.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Switch

PLACEHOLDERS = {"date": "YYYY-MM-DD", "money": "e.g. 1500.00", "number": "a number"}


class FormQuestions(Vertical):
    """Rebuilt with `show(questions)` whenever the chosen form changes."""

    DEFAULT_CSS = """
    FormQuestions { height: auto; margin: 0 0 1 0; }
    FormQuestions Label { margin: 1 0 0 0; }
    FormQuestions Input, FormQuestions Select { width: 1fr; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.questions: tuple = ()

    def compose(self) -> ComposeResult:
        yield from ()

    def show(self, questions) -> None:
        self.questions = tuple(questions)
        self.display = bool(self.questions)
        self.run_worker(self._rebuild(self.questions), exclusive=True, group="form-questions")

    async def _rebuild(self, questions) -> None:
        """Old inputs are removed before new ones (the same ids) are mounted."""
        await self.remove_children()
        if questions is not self.questions:
            return
        widgets = [Label("[b]Questions[/b] [dim](this form asks)[/dim]")] if self.questions else []
        for q in self.questions:
            need = "" if (not q.required or q.default not in (None, "")) else " [red]*[/red]"
            widgets.append(Label(f"{q.label}{need}"))
            wid = f"q-{q.name}"
            if q.type == "choice":
                widgets.append(Select([(c, c) for c in q.choices], id=wid, value=q.default or Select.NULL,
                                      allow_blank=True, prompt=f"choose the {q.label.lower()}"))
            elif q.type == "yes_no":
                widgets.append(Switch(value=str(q.default or "").lower() in ("yes", "true"), id=wid))
            else:
                widgets.append(Input(value=q.default or "", placeholder=PLACEHOLDERS.get(q.type, q.help),
                                     id=wid))
        await self.mount_all(widgets)

    def answers(self) -> dict:
        from textual.css.query import NoMatches

        out = {}
        for q in self.questions:
            try:
                widget = self.query_one(f"#q-{q.name}")
            except NoMatches:  # still being built: the defaults apply
                continue
            if isinstance(widget, Select):
                out[q.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Switch):
                out[q.name] = widget.value
            else:
                out[q.name] = widget.value
        return out
