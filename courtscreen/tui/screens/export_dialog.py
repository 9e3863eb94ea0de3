"""Export the docket the user is looking at: where to, which format, confidential or not.

The export runs as a job in its own process (courtscreen.jobs, the same pattern as the
import): progress, the result and failures come back as typed messages through the app's
job handler, and the app's screen never waits on it. Every failure is a message in the
dialog, never a traceback. Escape or Cancel while it runs asks: keep exporting in the
background (a notice says when the file is written), cancel (no file is left), or stay.

Dismisses with the Path of the written file, or None when closed without one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from courtscreen.exporting.summary import describe_filter
from courtscreen.store.worklist import WorklistFilter
from courtscreen.tui.screens.import_dialog import PathSuggester

FORMATS = [("Excel workbook (.xlsx)", ".xlsx"), ("CSV for Excel (.csv)", ".csv")]


def default_folder() -> Path:
    """The user's Documents folder when there is one, else their home folder."""
    import platformdirs

    for candidate in (Path(platformdirs.user_documents_dir()), Path.home()):
        if candidate.is_dir():
            return candidate
    return Path.cwd()


def default_name(today: date, suffix: str = ".xlsx") -> str:
    return f"docket-{today:%Y-%m-%d}{suffix}"


class ExportDialog(ModalScreen[Path | None]):
    """ExportDialog(worklist_filter, folder=None): export what the docket shows."""

    BINDINGS = [Binding("escape", "close", "Close")]
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    #export-box { width: 90%; max-width: 100; height: auto; max-height: 100%; border: thick $accent;
                  background: $surface; padding: 0 1; }
    #export-options { height: auto; margin-bottom: 1; }
    #export-options Checkbox { width: auto; margin-left: 2; }
    #export-format { width: 28; }
    #export-confidential-help { width: 100%; margin-bottom: 1; }
    #export-buttons { height: auto; }
    #export-buttons Button { margin-right: 2; min-width: 10; }
    #export-result { height: auto; margin-top: 1; }
    """

    def __init__(self, worklist_filter: WorklistFilter, folder: Path | None = None) -> None:
        super().__init__()
        self.worklist_filter = worklist_filter
        self.folder = folder
        self.written: Path | None = None
        self.job = None  # tui.jobs.RunningJob while exporting
        self._exporting = False
        self._leave_when_done = False  # Cancel chosen on leaving: close once the job says so

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="export-box"):
            yield Label("[b]Export the docket[/b]")
            yield Label(f"Cases: {escape(describe_filter(self.worklist_filter))}", id="export-filter")
            yield Input(placeholder="file to write (.xlsx or .csv)", id="export-path",
                        suggester=PathSuggester(case_sensitive=True))
            with Horizontal(id="export-options"):
                yield Select(FORMATS, value=".xlsx", allow_blank=False, id="export-format", compact=True)
                yield Checkbox("Replace if it exists", id="export-replace", compact=True)
            yield Checkbox("Include confidential details (audited)", id="export-confidential", compact=True)
            yield Label("[dim]Left out unless ticked: protected addresses, phones and workplaces, screening "
                        "notes, and docket columns such as addresses.[/dim]", id="export-confidential-help")
            with Horizontal(id="export-buttons"):
                yield Button("Export", id="export", variant="primary", compact=True)
                yield Button("Close", id="close", compact=True)
            yield Label("", id="export-stage")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-result")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        today = getattr(self.app, "today", None) or date.today()
        folder = self.folder or default_folder()
        path = self.query_one("#export-path", Input)
        path.value = str(folder / default_name(today))
        path.focus()
        access = getattr(self.app, "access", None)
        if access is not None and not access.allows("include_confidential"):
            box = self.query_one("#export-confidential", Checkbox)
            box.disabled = True
            box.tooltip = "Your role does not include confidential details in exports."

    # ----- choices ----------------------------------------------------------------------------

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input)
        text = path.value.strip()
        if text and event.value in (".xlsx", ".csv") and not text.lower().endswith(event.value):
            stem = text[: -len(Path(text).suffix)] if Path(text).suffix.lower() in (".xlsx", ".csv") else text
            path.value = stem + event.value

    def _path(self) -> Path | None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.suffix:
            path = path.with_name(path.name + str(self.query_one("#export-format", Select).value))
        return path

    # ----- export -----------------------------------------------------------------------------

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export")
    def start_export(self) -> None:
        from courtscreen.domain.triage import TriageRules
        from courtscreen.exporting.service import ExportOptions

        if self._exporting:
            return
        path = self._path()
        if path is None:
            self._show_error("Type the name of the file to write first.")
            return
        settings = self.app.settings
        try:
            triage = TriageRules.load(settings.triage_rules)
        except ValueError as exc:
            self._show_error(f"config: {exc}")
            return
        access = getattr(self.app, "access", None)
        if access is not None and not access.allows("export"):
            self._show_error(f"{settings.user} ({access.role.label.lower()}) may not export the docket; "
                             "ask your courtscreen administrator if your role should change.")
            return
        options = ExportOptions(filter=self.worklist_filter,
                                include_confidential=self.query_one("#export-confidential", Checkbox).value,
                                overwrite=self.query_one("#export-replace", Checkbox).value, triage=triage,
                                access=access)
        if not options.allowed(settings.user):
            from courtscreen.exporting.redaction import not_allowed_message

            self._show_error(not_allowed_message(settings.user))
            return
        self._set_exporting(True)
        self.query_one("#export-result", Static).update(f"Exporting to {escape(str(path))}…")
        from courtscreen.jobs.filters import filter_to_json

        params = {"path": str(path), "filter": filter_to_json(self.worklist_filter),
                  "include_confidential": options.include_confidential,
                  "overwrite": options.overwrite, "triage_rules": settings.triage_rules,
                  "role_overrides": settings.role_overrides,
                  "database_url": settings.database_url, "user": settings.user}
        self.job = self.app.jobs.start("export", params, path.name, listener=self)

    def on_job_message(self, job, message) -> None:
        """Progress, then one of result / cancelled / failed (courtscreen.jobs.protocol)."""
        if job is not self.job:
            return
        if message.type == "progress":
            self._show_progress(message.stage, message.done, message.total or 0)
        elif message.type == "result":
            self._done(message.data)
            if self._leave_when_done:  # Cancel came after the file was written: say so, stay
                self._leave_when_done = False
                self.query_one("#export-stage", Label).update(
                    "[b yellow]The export finished before it could be cancelled; the file is "
                    "written.[/]")
        elif message.type == "cancelled":
            self._set_exporting(False)
            self._show_error("Export cancelled; no file was written.")
            if self._leave_when_done:
                self.notify("Export cancelled; no file was written.", title="Export")
                self.dismiss(self.written)
        elif message.type == "failed":
            self._failed_text(message.message)

    def _done(self, data: dict) -> None:
        self._set_exporting(False)
        self.written = Path(data["path"])
        said = data["lines"]  # the app's words: its own controls, never command-line flags
        lines = [f"[b green]{escape(said[0])}[/]", *map(escape, said[1:])]
        self.query_one("#export-result", Static).update("\n".join(lines))
        self.notify(f"{data['cases']:,} cases written to {self.written.name}", title="Exported")
        self.query_one("#close", Button).focus()

    def _failed_text(self, text: str) -> None:
        self._set_exporting(False)
        self._show_error(text)
        self.notify(text.splitlines()[0], title="Export failed", severity="error", timeout=8)

    def _show_error(self, text: str) -> None:
        self.query_one("#export-result", Static).update(f"[b red]{escape(text)}[/]")

    # ----- progress ---------------------------------------------------------------------------

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        if not self._exporting:
            return
        bar = self.query_one(ProgressBar)
        if total:
            self.query_one("#export-stage", Label).update(f"{stage}: {done:,} of {total:,} cases")
            bar.update(total=total, progress=done)
        else:
            self.query_one("#export-stage", Label).update(f"{stage}…")
            bar.update(total=None)

    def _set_exporting(self, running: bool) -> None:
        self._exporting = running
        self.query_one("#export", Button).disabled = running
        self.query_one("#close", Button).label = "Cancel" if running else "Close"
        bar = self.query_one(ProgressBar)
        bar.display = running
        if running:
            bar.update(total=None, progress=0)
        else:
            self.query_one("#export-stage", Label).update("")

    # ----- leaving ----------------------------------------------------------------------------

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if not self._exporting:
            self.dismiss(self.written)
            return
        from courtscreen.tui.screens.confirm_leave import ask_to_leave_job

        ask_to_leave_job(self, "Keep exporting in the background", "Cancel the export",
                         f"{self.job.label} is still being written.\n• Keep exporting: it goes on in "
                         "the background; a notice says when the file is written.\n• Cancel: no file "
                         "is left behind.",
                         self._leave_choice)

    def _leave_choice(self, choice: str | None) -> None:
        if not self._exporting:  # it ended while the question was open: the dialog says how
            if choice == "background":
                self.dismiss(self.written)
            return
        if choice == "background":
            self.app.jobs.to_background(self.job)
            self.notify(f"Exporting {self.job.label} in the background.", title="Export")
            self.dismiss(None)
        elif choice == "cancel":
            self._leave_when_done = True
            self.query_one("#export-stage", Label).update("Cancelling…")
            self.job.cancel()
