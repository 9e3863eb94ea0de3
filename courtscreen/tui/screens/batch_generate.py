"""Generate one form for every case a docket filter matches, with progress and a per-case report.

Each case gets the provisions its own findings support; a case that cannot
have the document (no supporting finding, a bad template) is reported and the
batch goes on. Generation is a job in its own process (courtscreen.jobs, like the import and
the export): progress, one structured problem per case that cannot have the document, and one
final result come back through the app's job handler, at most ten progress lines a second.
Escape or Close while it runs asks: keep generating in the background (a notice says when it is
done), cancel (it stops after the document it is making: each document made is complete and
kept, none is half-written), or stay.

    BatchGenerateScreen(docket_filter=None, form_id=None)
        -> dismisses with the outcomes (dicts: case_id, case_number, ok, version, path, error),
           or None if nothing was run or it went on in the background
"""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, ProgressBar, Select, Static, Switch

from courtscreen.exporting.summary import describe_filter


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
    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self, docket_filter=None, form_id: str | None = None) -> None:
        from courtscreen.store.worklist import WorklistFilter

        super().__init__()
        self.filter = docket_filter or WorklistFilter()
        self.initial_form = form_id
        self.cases: list[tuple[int, str]] | None = None
        self.outcomes: list[dict] | None = None  # the batch job's outcomes, in case order
        self.running = False
        self.job = None  # tui.jobs.RunningJob while generating
        self._leave_when_done = False  # Cancel chosen on leaving: close once the job says so

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
        from courtscreen.jobs.settings_json import settings_to_json

        self._set_running(True)
        self.outcomes = None
        self.query_one("#batch-report", DataTable).clear()
        self.query_one("#batch-progress", ProgressBar).update(total=len(self.cases), progress=0)
        self._status(f"Generating {escape(form_id)} for {len(self.cases):,} case(s)… (Escape asks "
                     "whether to keep going)")
        params = {"settings": settings_to_json(self.app.settings), "form_id": form_id,
                  "case_ids": [c for c, _ in self.cases], "include_confidential": confidential}
        self.job = self.app.jobs.start("batch", params, f"{form_id} for {len(self.cases):,} cases",
                                       listener=self)

    def on_job_message(self, job, message) -> None:
        """Progress, one problem per case that cannot have the document, then one final message."""
        if job is not self.job:
            return
        if message.type == "progress":
            self.query_one("#batch-progress", ProgressBar).update(progress=message.done)
        elif message.type == "problem":
            number = str(message.values.get("case_number", ""))
            self.query_one("#batch-report", DataTable).add_row(
                Text(number), Text("failed", style="bold red"), Text(message.message))
        elif message.type == "result":
            self._finished(message.data)
        elif message.type == "cancelled":
            self._set_running(False)
            self._status("[b]Cancelled before the first document: nothing was made.[/b]")
            self._after_cancel("Batch cancelled; nothing was made.")
        elif message.type == "failed":
            self._set_running(False)
            self._status(f"[b red]Stopped by a problem: {escape(message.message)}[/] "
                         "Documents already made are kept.")
            self.notify(message.message[:200], title="Batch stopped", severity="error", timeout=8)

    def _finished(self, data: dict) -> None:
        self._set_running(False)
        self.outcomes = data["outcomes"]
        table = self.query_one("#batch-report", DataTable)
        table.clear()  # the whole report in case order (failures were shown as they came)
        for o in self.outcomes:
            # Text cells: a case number or a message is never read as markup.
            if o["ok"]:
                table.add_row(Text(o["case_number"]), Text(f"v{o['version']}", style="green"),
                              Text(Path(o["path"]).name))
            else:
                table.add_row(Text(o["case_number"]), Text("failed", style="bold red"), Text(o["error"]))
        ok = sum(1 for o in self.outcomes if o["ok"])
        folder = next((Path(o["path"]).parent for o in self.outcomes if o["ok"]), None)
        done = f" — in {escape(str(folder))}" if folder else ""
        if data["cancelled"]:
            self._status(f"[b]Cancelled after {data['done']:,} of {data['total']:,} case(s): {ok} "
                         f"generated, {data['done'] - ok} failed[/b]{done}. Each document made is "
                         "complete; none is half-written.")
            self._after_cancel(f"Batch cancelled after {data['done']:,} of {data['total']:,} case(s); "
                               + (f"the {ok} document(s) made are kept, each complete." if ok
                                  else "no document was made."))
        else:
            self._status(f"[b]{ok} generated, {len(self.outcomes) - ok} failed[/b]{done}")

    def _after_cancel(self, notice: str) -> None:
        if self._leave_when_done:
            self.notify(notice, title="Documents")
            self.dismiss(self.outcomes)

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.query_one("#batch-start", Button).disabled = running
        self.query_one("#batch-close", Button).label = "Cancel" if running else "Close"
        self.query_one("#batch-progress", ProgressBar).display = running or bool(self.outcomes)

    def _status(self, markup: str) -> None:
        self.query_one("#batch-status", Static).update(markup)

    # ----- leaving ----------------------------------------------------------------------------

    @on(Button.Pressed, "#batch-close")
    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.outcomes)
            return
        from courtscreen.tui.screens.confirm_leave import ask_to_leave_job

        ask_to_leave_job(self, "Keep generating in the background", "Cancel the batch",
                         f"{self.job.label}: still generating.\n• Keep generating: it goes on in the "
                         "background; a notice says when it is done.\n• Cancel: it stops after the "
                         "document it is making; every document made is complete and kept.",
                         self._leave_choice)

    def _leave_choice(self, choice: str | None) -> None:
        if not self.running:  # it ended while the question was open: the screen says how
            if choice == "background":
                self.dismiss(self.outcomes)
            return
        if choice == "background":
            self.app.jobs.to_background(self.job)
            self.notify(f"Generating {self.job.label} in the background.", title="Documents")
            self.dismiss(None)
        elif choice == "cancel":
            self._leave_when_done = True
            self._status("Cancelling after the current document…")
            self.job.cancel()
