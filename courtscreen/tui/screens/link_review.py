"""Review suggested links one by one: both records side by side, what agrees in green and what
differs in red, the linker's evidence in words; c confirms, x rejects, n records "not sure" (kept,
counted by `people quality`, offered again at the end of the queue) and moves on. The queue is
ranked by how much a decision matters (store.link_review).

LinkReviewScreen(engine, user=...). Work runs in thread workers; errors are a line on screen.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from sqlalchemy.engine import Engine
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

STYLE = {"agrees": "bold green", "differs": "bold red", "missing": "dim"}
MARK = {"agrees": "= agrees", "differs": "≠ differs", "missing": "· one side"}


class LinkReviewScreen(Screen):
    DEFAULT_CSS = """
    LinkReviewScreen #review-status { padding: 0 1; background: $boost; }
    LinkReviewScreen #review-table { height: auto; max-height: 14; }
    LinkReviewScreen #review-evidence { padding: 0 1; }
    """
    BINDINGS = [
        Binding("c", "decide('confirmed')", "Confirm: one person"),
        Binding("x", "decide('rejected')", "Reject: two people"),
        Binding("n", "decide('unsure')", "Not sure"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, engine: Engine, *, user: str) -> None:
        super().__init__()
        self.engine, self.user = engine, user
        self.queue: list = []
        self.index = 0
        self.decided = 0
        self.unsure = 0
        self.comparison = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the suggestions…", id="review-status")
        yield DataTable(id="review-table", cursor_type="none", zebra_stripes=True)
        yield Static("", id="review-evidence")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Review suggested links"
        self.query_one(DataTable).add_columns("", "", "This record", "That record")
        self._load_queue()

    @work(thread=True, exclusive=True, group="review")
    def _load_queue(self) -> None:
        from courtscreen.store.link_review import review_queue

        try:
            queue = review_queue(self.engine, limit=500)
        except Exception as exc:  # a line on screen, never a traceback
            self.app.call_from_thread(self._status, f"Could not list the suggestions: {exc}")
            return
        self.app.call_from_thread(self._queue_ready, queue)

    def _queue_ready(self, queue: list) -> None:
        self.queue, self.index = queue, 0
        self._show_current()

    def _show_current(self) -> None:
        if self.index >= len(self.queue):
            left = (f", {self.unsure} marked not sure (offered again next time)" if self.unsure
                    else "")
            self._status(f"No more suggestions to review; {self.decided} decided{left}.")
            self.query_one(DataTable).clear()
            self.query_one("#review-evidence", Static).update("")
            return
        self._load_comparison(self.queue[self.index].id)

    @work(thread=True, exclusive=True, group="review")
    def _load_comparison(self, link_id: int) -> None:
        from courtscreen.store.link_review import compare_link

        try:
            comparison = compare_link(self.engine, link_id)
        except Exception as exc:
            self.app.call_from_thread(self._status, f"Could not read link {link_id}: {exc}")
            return
        self.app.call_from_thread(self._show, comparison)

    def _show(self, comparison) -> None:
        self.comparison = comparison
        link = comparison.link
        earlier = (f"  [marked not sure by {link.decided_by} earlier]" if link.status == "unsure"
                   else "")
        self._status(f"Suggestion {self.index + 1} of {len(self.queue)} (most consequential first): "
                     f"{link.name_a} = {link.name_b}?  {link.confidence_text}{earlier}")
        table = self.query_one(DataTable)
        table.clear()
        for f in comparison.fields():
            style = STYLE[f.verdict] if f.label != "Cases" else ""
            table.add_row(Text(f.label, style="bold"),
                          Text(MARK[f.verdict] if f.label != "Cases" else "", style=style),
                          Text(f.a or "—", style=style), Text(f.b or "—", style=style))
        self.query_one("#review-evidence", Static).update(
            f"[b]Evidence:[/b] {escape(link.reasons)}\n"
            "c: the same person   x: two different people   n: not sure (ask again later)   Esc: back")

    def _status(self, text: str) -> None:
        self.query_one("#review-status", Static).update(escape(text))

    def action_decide(self, decision: str) -> None:
        if self.comparison is None or self.index >= len(self.queue):
            return
        self._decide(self.comparison.link.id, decision)

    @work(thread=True, exclusive=True, group="review-decide")
    def _decide(self, link_id: int, decision: str) -> None:
        from courtscreen.store.people import decide

        try:
            decide(self.engine, link_id, decision, self.user)
        except Exception as exc:
            self.app.call_from_thread(self._status, f"Could not record the decision: {exc}")
            return
        self.app.call_from_thread(self._decided, decision)

    def _decided(self, decision: str) -> None:
        if decision == "unsure":
            self.unsure += 1
        else:
            self.decided += 1
        self.comparison = None
        self.index += 1
        self._show_current()
