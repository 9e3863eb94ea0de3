"""The pattern across cases, at the top of the case view: what the linked cases hold, in words.

Mount it with PatternSummaryBox(engine, case_id); it loads in a thread worker and hides
itself when no other case is linked. Errors are a line, never a traceback.
"""

from __future__ import annotations

from rich.markup import escape
from sqlalchemy.engine import Engine
from textual import work
from textual.widgets import Static


class PatternSummaryBox(Static):
    DEFAULT_CSS = """
    PatternSummaryBox { padding: 0 1; border-left: thick $warning; margin-bottom: 1; height: auto; }
    PatternSummaryBox.-empty { display: none; }
    """

    def __init__(self, engine: Engine, case_id: int, *, id: str | None = "pattern-summary") -> None:
        super().__init__("", id=id, classes="-empty")
        self.engine = engine
        self.case_id = case_id
        self.summary = None

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="pattern-summary")
    def reload(self) -> None:
        from courtscreen.store.related_summary import pattern_summary

        try:
            summary = pattern_summary(self.engine, self.case_id)
        except Exception as exc:  # a line in the box; never a traceback
            self.app.call_from_thread(self._show_text, f"Could not read the linked cases: {exc}")
            return
        self.app.call_from_thread(self._show, summary)

    def _show(self, summary) -> None:
        self.summary = summary
        text = summary.text()
        if not text:
            self.add_class("-empty")
            self.update("")
            return
        self._show_text(text, title=True)

    def _show_text(self, text: str, title: bool = False) -> None:
        self.remove_class("-empty")
        head = "[b]The same people in other cases[/b]\n" if title else ""
        self.update(head + escape(text))
