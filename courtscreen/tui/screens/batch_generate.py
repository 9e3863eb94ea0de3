"""Generate one form for every case a docket filter matches, with progress and a per-case report.

Each case gets the provisions its own findings support; a case that cannot
have the document (no supporting finding, a bad template) is reported and the
batch goes on. Generation runs in a thread worker; progress reaches the screen
at most ten times a second; Escape stops after the current case.

    BatchGenerateScreen(docket_filter=None, form_id=None)
        -> dismisses with the list of documents.service.Outcome, or None if nothing was run
"""

from __future__ import annotations

import threading
import time

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, ProgressBar, Select, Static, Switch

from courtscreen.exporting.summary import describe_filter

PROGRESS_INTERVAL = 0.1


class BatchGenerateScreen(Screen):
    """One form for every case matching the docket's filter."""

    DEFAULT_CSS = """
    BatchGenerateScreen #batch-top { height: auto; padding: 0 1; }
    BatchGenerateScreen #batch-row { height: auto; }
    BatchGenerateScreen #batch-row Select { width: 1fr; }
    BatchGenerateScreen #batch-row Label { padding: 1 1 0 2; }
    BatchGenerateScreen #batch-buttons { height: auto; }
    BatchGenerateScreen #batch-buttons Button { margin: 0 1 0 0; }
    BatchGenerateScreen #batch-progress { margin: 1 0 0 0; }
    BatchGenerateScreen #batch-report { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", "Back / stop")]

    def __init__(self, docket_filter=None, form_id: str | None = None) -> None:
        from courtscreen.store.worklist import WorklistFilter

        super().__init__()
        self.filter = docket_filter or WorklistFilter()
        self.initial_form = form_id
        self.cases: list[tuple[int, str]] | None = None
        self.outcomes = None
        self.running = False
        self._stop = threading.Event()
        self._last = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="batch-top"):
            yield Static(f"[b]Cases:[/b] {escape(describe_filter(self.filter))}", id="batch-filter")
            with Horizontal(id="batch-row"):
                yield Select([], prompt="Loading forms…", id="batch-form")
                yield Switch(value=False, id="batch-confidential")
                yield Label("Include confidential addresses")
            with Horizontal(id="batch-buttons"):
                yield Button("Generate", id="batch-start", variant="primary", disabled=True)
                yield Button("Close", id="batch-close")
            yield Static("Counting the cases…", id="batch-status")
            yield ProgressBar(id="batch-progress", show_eta=True)
        yield DataTable(id="batch-report", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "generate for many cases"
        self.query_one("#batch-report", DataTable).add_columns("Case no.", "Result", "File or reason")
        self.query_one("#batch-progress", ProgressBar).display = False
        self.load()

    @work(thread=True, exclusive=True, group="batch")
    def load(self) -> None:
        from courtscreen.documents.registry import load_registry
        from courtscreen.documents.service import matching_cases

        try:
            registry = load_registry(self.app.settings.jurisdiction.forms_dir)
            cases = matching_cases(self.app.engine, self.filter)
        except Exception as exc:
            message = f"[b red]Could not read the docket: {escape(str(exc))}[/]"
            self.app.call_from_thread(self._status, message)
            return
        self.app.call_from_thread(self._loaded, registry, cases)

    def _loaded(self, registry, cases) -> None:
        self.registry, self.cases = registry, cases
        names = self.app.settings.jurisdiction.order_names
        select = self.query_one("#batch-form", Select)
        select.prompt = "Choose a form"  # not "Loading forms…" once they are loaded
        select.set_options([(names.get(f.id, f.title), f.id) for f in registry.forms.values()])
        if self.initial_form in registry.forms:
            select.value = self.initial_form
        elif registry.forms:
            select.value = next(iter(registry.forms))
        self.query_one("#batch-start", Button).disabled = not cases or not registry.forms
        self._status(f"{len(cases):,} case(s) match. Each gets the provisions its own findings support."
                     if cases else "No case matches this filter; change the docket filter first.")

    @on(Button.Pressed, "#batch-start")
    def start(self) -> None:
        form_id = self.query_one("#batch-form", Select).value
        if self.running or not self.cases or not isinstance(form_id, str):
            return
        allowed = getattr(self.app, "allowed", None)
        confidential = self.query_one("#batch-confidential", Switch).value
        if allowed and not allowed(f"generate:{form_id}", f"generate the form {form_id}"):
            return
        if allowed and confidential and not allowed("include_confidential",
                                                    "include confidential details in a document"):
            return
        self.running = True
        self._stop.clear()
        self.query_one("#batch-start", Button).disabled = True
        self.query_one("#batch-report", DataTable).clear()
        bar = self.query_one("#batch-progress", ProgressBar)
        bar.display = True
        bar.update(total=len(self.cases), progress=0)
        self._status(f"Generating {escape(form_id)} for {len(self.cases):,} case(s)… (Escape stops)")
        self.run_batch(self.registry.forms[form_id], confidential)

    @work(thread=True, exclusive=True, group="batch")
    def run_batch(self, form, include_confidential: bool) -> None:
        from courtscreen.documents.service import generate_batch

        pending: list = []

        def progress(n: int, total: int, outcome) -> None:
            pending.append(outcome)
            now = time.monotonic()
            if n == total or not outcome.ok or now - self._last >= PROGRESS_INTERVAL:
                self._last = now
                rows, pending[:] = list(pending), []
                self.app.call_from_thread(self._progress, n, rows)

        try:
            outcomes = generate_batch(self.app.engine, self.app.settings, form, [c for c, _ in self.cases],
                                      include_confidential=include_confidential, progress=progress,
                                      cancelled=self._stop.is_set)
        except Exception as exc:  # the database went away mid-batch: say so, keep what was done
            self.app.call_from_thread(self._finished, None, f"{type(exc).__name__}: {exc}")
            return
        if pending:
            self.app.call_from_thread(self._progress, len(outcomes), list(pending))
        self.app.call_from_thread(self._finished, outcomes, "")

    def _progress(self, done: int, outcomes) -> None:
        self.query_one("#batch-progress", ProgressBar).update(progress=done)
        table = self.query_one("#batch-report", DataTable)
        for o in outcomes:
            # Text cells: a case number or a message is never read as markup.
            if o.ok:
                table.add_row(Text(o.case_number), Text(f"v{o.document.version}", style="green"),
                              Text(o.document.path.name))
            else:
                table.add_row(Text(o.case_number), Text("failed", style="bold red"), Text(o.error))

    def _finished(self, outcomes, error: str) -> None:
        self.running = False
        self.query_one("#batch-start", Button).disabled = False
        if outcomes is None:
            self._status(f"[b red]Stopped by a problem: {escape(error)}[/] Documents already made are kept.")
            self.notify(error[:200], title="Batch stopped", severity="error", timeout=8)
            return
        self.outcomes = outcomes
        ok = sum(1 for o in outcomes if o.ok)
        stopped = len(outcomes) < len(self.cases or [])
        folder = next((o.document.path.parent for o in outcomes if o.ok), None)
        self._status(f"[b]{ok} generated, {len(outcomes) - ok} failed[/b]"
                     + (f" (stopped after {len(outcomes)} of {len(self.cases)})" if stopped else "")
                     + (f" — in {escape(str(folder))}" if folder else ""))

    def _status(self, markup: str) -> None:
        self.query_one("#batch-status", Static).update(markup)

    @on(Button.Pressed, "#batch-close")
    def action_close(self) -> None:
        if self.running:
            self._stop.set()
            self._status("Stopping after the current case…")
            return
        self.dismiss(self.outcomes)
