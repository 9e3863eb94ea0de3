"""The related-cases panel: other cases with the same people, and suggested links to decide.

Mount it in the case view: RelatedCasesPanel(engine, case_id, user=...). It loads in a
thread worker; Enter posts RelatedCasesPanel.OpenCase(case_id); c / x confirm or reject the
suggested link of the highlighted row and post RelatedCasesPanel.LinkDecided. Errors are a
line in the panel, never a traceback.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from sqlalchemy.engine import Engine
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from courtscreen.domain.party_matching import describe_confidence

COLUMNS = ("Date", "Case", "Type", "Screening", "Inc.", "How related", "Link")


class RelatedCasesPanel(Vertical):
    """Related cases of one case, oldest first, with the link confidence and how they relate."""

    DEFAULT_CSS = """
    RelatedCasesPanel { height: auto; max-height: 16; }
    RelatedCasesPanel > #related-cases-title { padding: 0 1; }
    RelatedCasesPanel > DataTable { height: auto; max-height: 12; }
    RelatedCasesPanel > #related-cases-status { padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("enter", "open_case", "Open case", show=True),
        Binding("c", "decide('confirmed')", "Confirm link", show=False),  # the panel says when
        Binding("x", "decide('rejected')", "Reject link", show=False),
    ]

    class OpenCase(Message):
        """The user chose a related case to open."""

        def __init__(self, case_id: int) -> None:
            super().__init__()
            self.case_id = case_id

    class LinkDecided(Message):
        """A suggested link was confirmed or rejected (the docket's flags may have changed)."""

        def __init__(self, link_id: int, decision: str) -> None:
            super().__init__()
            self.link_id = link_id
            self.decision = decision

    def __init__(self, engine: Engine, case_id: int, *, user: str, include_suggested: bool = True,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.engine = engine
        self.case_id = case_id
        self.user = user
        self.include_suggested = include_suggested
        self.rows: list = []

    def compose(self) -> ComposeResult:
        yield Static("[b]Related cases[/b] (same people, any spelling)", id="related-cases-title")
        yield DataTable(id="related-cases-table", cursor_type="row", zebra_stripes=True)
        yield Static("Looking for related cases…", id="related-cases-status")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="related-cases")
    def _load(self) -> None:
        from courtscreen.store.people import related_cases

        try:
            rows = related_cases(self.engine, self.case_id, self.include_suggested)
        except Exception as exc:  # shown in the panel; never a traceback
            self.app.call_from_thread(self._status, f"Could not look up related cases: {exc}")
            return
        self.app.call_from_thread(self._show, rows)

    def _status(self, text: str) -> None:
        self.query_one("#related-cases-status", Static).update(escape(text))

    def _show(self, rows: list) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            b = r.best
            if b.status == "same":
                link = Text("same name")
            elif b.status == "suggested":
                link = Text(f"check {b.confidence} ?", style="bold yellow")
            else:
                link = Text(f"{b.status} {describe_confidence(r.confidence)}")
            screening = r.screening_result or r.screening.value.replace("_", " ")
            table.add_row(f"{r.when:%Y-%m-%d}" if r.when else "—", r.case_number, r.case_type.short,
                          screening, str(r.incidents), r.relation, link, key=str(r.case_id))
        if not rows:
            self._status("No other case names these people.")
        else:
            pending = sum(1 for r in rows if r.suggested_only)
            text = f"{len(rows)} related case(s). Enter opens one."
            if pending:
                text += f" {pending} only through a suggested link: c confirms, x rejects."
            self._status(text)

    def _current(self):
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_open_case(self) -> None:
        row = self._current()
        if row is not None:
            self.post_message(self.OpenCase(row.case_id))

    @on(DataTable.RowSelected, "#related-cases-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_case()

    def action_decide(self, decision: str) -> None:
        row = self._current()
        if row is None:
            return
        pending = [c for c in row.connections if c.status == "suggested" and c.link_id]
        if not pending:
            self._status(f"{row.case_number} is not related through a suggested link; nothing to decide.")
            return
        self._decide(pending[0].link_id, decision)

    @work(thread=True, exclusive=True, group="related-decide")
    def _decide(self, link_id: int, decision: str) -> None:
        from courtscreen.store.people import decide

        try:
            decide(self.engine, link_id, decision, self.user)
        except Exception as exc:  # shown in the panel; never a traceback
            self.app.call_from_thread(self._status, f"Could not record the decision: {exc}")
            return
        self.app.call_from_thread(self._decided, link_id, decision)

    def _decided(self, link_id: int, decision: str) -> None:
        self.post_message(self.LinkDecided(link_id, decision))
        self.reload()
