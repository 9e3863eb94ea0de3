"""Import a docket from inside the app: path, proposed mapping to confirm, progress, report.

Reading and saving run in a child process (courtscreen.jobs); its progress reaches the
screen at most every 100 ms (PROGRESS_INTERVAL), so a 50,000-row import never stalls the
event loop, and nothing the import does to its own process reaches the app's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, ProgressBar, RichLog

from courtscreen.jobs.child import PROGRESS_INTERVAL
from courtscreen.tui.dimmed_screen import DimmingModalScreen

__all__ = ["PROGRESS_INTERVAL", "ImportDialog", "PathSuggester"]


class PathSuggester(Suggester):
    """Completes file and folder names as the user types a path."""

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        path = Path(value).expanduser()
        folder, stem = (path, "") if value.endswith("/") else (path.parent, path.name)
        try:
            for child in sorted(folder.iterdir()):
                if child.name.startswith(stem) and not child.name.startswith("."):
                    return str(folder / child.name) + ("/" if child.is_dir() else "")
        except OSError:
            return None
        return None


class ImportDialog(DimmingModalScreen[bool]):
    """The preview and the import each run as a job in their own process (courtscreen.jobs):
    the app keeps its own garbage collector and thread settings, and closing the dialog during
    an import asks whether to keep it going in the background, cancel it, or stay."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, initial_path: str = "") -> None:
        super().__init__()
        self.initial_path = initial_path
        self.prepared = None  # (path, options) once the mapping has been shown
        self.imported = False
        self.job = None  # the RunningJob of the preview or import, while it runs
        self._leave_when_cancelled = False
        self.edited_options = None  # set by the mapping editor ("Use this mapping")
        self.edited_path: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box"):
            yield Label("[b]Import a docket[/b] (.xlsx .xls .ods .csv .tsv)")
            yield Input(value=self.initial_path, placeholder="path to the docket file (→ completes)",
                        suggester=PathSuggester(case_sensitive=True), id="import-path")
            with Horizontal(id="import-options"):
                yield Input(placeholder="profile (optional)", id="import-profile", compact=True)
                yield Input(placeholder="dates as of YYYY-MM-DD", id="import-as-of", compact=True)
            with Horizontal(id="import-buttons"):
                yield Button("Preview mapping", id="preview", variant="primary")
                yield Button("Import", id="import", variant="success", disabled=True)
                yield Button("Edit mapping", id="edit-mapping")
                yield Button("Close", id="close")
            yield Label("", id="import-stage")
            # the progress bar (hidden until a preview or an import runs) is mounted here then
            yield RichLog(id="import-log", wrap=True, markup=True, highlight=False, min_width=1)

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()
        if self.initial_path:
            self.start_preview()

    # ----- options ----------------------------------------------------------------------------

    def _options(self) -> dict:
        """What the user typed, checked here; ValueError with the words to show."""
        as_of = self.query_one("#import-as-of", Input).value.strip()
        if as_of:
            try:
                date.fromisoformat(as_of)
            except ValueError:
                raise ValueError(f"'as of' date {as_of!r}: write it as YYYY-MM-DD") from None
        return {"as_of": as_of, "profile": self.query_one("#import-profile", Input).value.strip()}

    def _params(self, path: Path, options: dict) -> dict:
        settings = self.app.settings
        params = {"path": str(path), **options, "profiles_dir": str(settings.profiles_dir),
                  "court": settings.default_court, "case_type_rules": settings.case_type_rules,
                  "triage_rules": settings.triage_rules, "database_url": settings.database_url,
                  "user": settings.user}
        if self.edited_options is not None:  # chosen in the mapping editor: used as they are
            from dataclasses import asdict

            edited = asdict(self.edited_options)  # JSON for the job's process
            edited["as_of"] = edited["as_of"].isoformat() if edited["as_of"] else None
            edited["unmapped"] = sorted(edited.get("unmapped", ()))
            params["options"] = edited
        return params

    # The mapping editor (issue 16) reads what the user typed and the options to start from.
    def _option_texts(self) -> tuple[str, str]:
        return (self.query_one("#import-as-of", Input).value.strip(),
                self.query_one("#import-profile", Input).value.strip())

    def _options_for_editor(self, as_of_text: str, profile: str):
        """ImportOptions from the typed values (the mapping editor starts from them)."""
        from courtscreen.importing.profiles import load_profile
        from courtscreen.importing.service import ImportOptions

        settings = self.app.settings
        try:
            as_of = date.fromisoformat(as_of_text) if as_of_text else None
        except ValueError:
            raise ValueError(f"'as of' date {as_of_text!r}: write it as YYYY-MM-DD") from None
        options = ImportOptions(as_of=as_of, court=settings.default_court)
        if profile:
            options = options.with_profile(load_profile(profile, settings.profiles_dir))
        return options

    def _path(self) -> Path | None:
        text = self.query_one("#import-path", Input).value.strip()
        return Path(text).expanduser() if text else None

    def _start(self, kind: str, path: Path, options: dict) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()  # an older preview: its answer is no longer wanted
        self.job = self.app.jobs.start(kind, self._params(path, options), path.name, listener=self)

    # ----- preview ----------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#preview")
    def start_preview(self) -> None:
        if self._importing():
            return
        path = self._path()
        log = self.query_one(RichLog)
        log.clear()
        self.prepared = None
        self.query_one("#import", Button).disabled = True
        if path != self.edited_path:  # a mapping edited for another file does not apply
            self.edited_options = None
        if path is None:
            log.write("[b red]Type the path of a docket file first.[/]")
            return
        try:
            options = self._options()
        except ValueError as exc:
            log.write(f"[b red]{escape(str(exc))}[/]")
            return
        self._busy("Reading the file…")
        self.prepared = (path, options)
        self._start("preview", path, options)

    def _previewed(self, lines: list[str]) -> None:
        self._idle()
        log = self.query_one(RichLog)
        # One write for the whole report: RichLog renders each write, and forty
        # separate writes of a long report stall the screen for ~100 ms.
        log.write("\n".join([escape(line) for line in lines]
                            + ["[b]Check the mapping above, then press Import to save these cases.[/]"]))
        button = self.query_one("#import", Button)
        button.disabled = False
        button.focus()

    @on(Button.Pressed, "#edit-mapping")
    def edit_mapping(self) -> None:
        if self._importing():
            return
        from courtscreen.tui.screens.mapping_editor import open_from_dialog

        self.edited_path = self._path()
        open_from_dialog(self, self.edited_path)

    # ----- import -----------------------------------------------------------------------------

    @on(Button.Pressed, "#import")
    def start_import(self) -> None:
        if not self.prepared or self._importing():
            return
        path, options = self.prepared
        self.query_one("#import", Button).disabled = True
        self.query_one(RichLog).write(f"Importing {escape(str(path))}…")
        self._busy("Importing…")
        self._start("import", path, options)

    def _importing(self) -> bool:
        return self.job is not None and self.job.running and self.job.kind == "import"

    def _imported(self, data: dict, cancel_too_late: bool) -> None:
        from courtscreen.tui.jobs import link_words

        self._idle()
        self.imported = True
        lines = list(data["lines"])
        if data["batch_id"] and (data["added"] or data["updated"]):
            lines.append(link_words(data.get("link")))
        marked = [f"[b]{escape(line)}[/]" if line.startswith(("Imported", "Nothing changed"))
                  else escape(line) for line in lines]
        if cancel_too_late:
            marked.append("[b yellow]The import had already been saved when you cancelled it; "
                          "the cases above are in the database.[/]")
        log = self.query_one(RichLog)
        log.write("\n".join([*marked, "[b green]Done.[/] Press Close (or Escape) to see the docket."]))
        self.query_one("#close", Button).focus()

    # ----- the job's messages (courtscreen.tui.jobs.JobHandler) -------------------------------

    def on_job_message(self, job, message) -> None:
        if job is not self.job:
            return  # an earlier preview, replaced by a newer one
        kind = message.type
        if kind == "progress":
            self._show_progress(message.stage, message.done, message.total)
        elif kind == "problem":
            self.query_one(RichLog).write(f"[b red]{escape(message.message)}[/]")
        elif kind == "result" and job.kind == "preview":
            self._previewed(message.data["lines"])
        elif kind == "result":
            self._leave_when_cancelled = False
            self._imported(message.data, job.process.cancel_requested)
        elif kind == "cancelled":
            self._idle()
            if job.kind == "import":
                self.query_one(RichLog).write("[b]Import cancelled.[/] Nothing was changed.")
                self.notify(f"Import of {job.label} cancelled; nothing was changed.",
                            title="Import cancelled")
            if self._leave_when_cancelled:
                self.dismiss(False)
        else:
            self._failed(message.code, message.message)

    # ----- progress and errors ----------------------------------------------------------------

    def _show_progress(self, stage: str, done: int, total: int | None) -> None:
        if total is None:
            self._busy(f"{stage}…")
            return
        self.query_one("#import-stage", Label).update(f"{stage}: {done:,} of {total:,}")
        self._progress_bar().update(total=max(total, 1), progress=done)

    def _progress_bar(self) -> ProgressBar:
        """The bar, mounted above the log the first time it is shown. Opening the dialog is one
        stretch of UI work (compose, styles, layouts, the dimmed docket drawn again) that the
        timer of bench_tui.py sees as a stall; a hidden bar and its three parts only added to it."""
        bars = self.query(ProgressBar)
        if bars:
            return bars.first()
        bar = ProgressBar(id="import-progress", show_eta=False)
        self.query_one("#import-box").mount(bar, before=self.query_one(RichLog))
        return bar

    def _busy(self, message: str) -> None:
        self.query_one("#import-stage", Label).update(message)
        bar = self._progress_bar()
        bar.display = True
        bar.update(total=None, progress=0)

    def _idle(self) -> None:
        self.query_one("#import-stage", Label).update("")
        for bar in self.query(ProgressBar):  # none until a preview or an import ran
            bar.display = False

    def _failed(self, code: str, message: str) -> None:
        self._idle()
        text = message if code == "job_failed" else f"Unexpected problem: {message}"
        self.query_one(RichLog).write(f"[b red]{escape(text)}[/]\nNothing was imported.")
        self.notify(text.splitlines()[0], title="Import failed", severity="error", timeout=8)
        if self.prepared is not None and self.job is not None and self.job.kind == "preview":
            self.prepared = None

    # ----- leaving ----------------------------------------------------------------------------

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if not self._importing():
            if self.job is not None and self.job.running:
                self.job.cancel()  # a preview: nothing to keep
            self.dismiss(self.imported)
            return
        from courtscreen.tui.screens.confirm_leave import ask_to_leave_job

        ask_to_leave_job(self, "Keep importing in the background", "Cancel the import",
                         f"{self.job.label} is still being imported.\n• Keep importing: it goes on "
                         "in the background; a notice says when it is done.\n• Cancel: nothing of "
                         "this file is saved.",
                         self._leave_choice)

    def _leave_choice(self, choice: str | None) -> None:
        if not self._importing():  # it ended while the question was open: the log says how
            if choice == "cancel" and self.imported:
                self.query_one(RichLog).write("[b yellow]The import finished before it could be "
                                              "cancelled; the cases above are saved.[/]")
            elif choice == "background":
                self.dismiss(self.imported)
            return
        if choice == "background":
            self.app.jobs.to_background(self.job)
            self.notify(f"Importing {self.job.label} in the background.", title="Import")
            self.dismiss(False)
        elif choice == "cancel":
            self._leave_when_cancelled = True
            self._busy("Cancelling the import…")
            self.job.cancel()
