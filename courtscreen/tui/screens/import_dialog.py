"""Import a docket from inside the app: path, proposed mapping to confirm, progress, report.

Reading and saving run in a thread worker; progress reaches the screen at most
every 100 ms, so a 50,000-row import never stalls the event loop.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, ProgressBar, RichLog

from courtscreen.domain.triage import TriageRules

PROGRESS_INTERVAL = 0.1


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


def link_in_another_process(settings, batch_id: int) -> str:
    """Run `courtscreen people link --batch N` as its own process and return its one-line result.

    Matching names is seconds of pure Python; in this process it would hold the GIL against
    the screen (stalls of ~250 ms measured). The database URL goes in the environment, never
    on a command line where other users could read a password.
    """
    import os
    import subprocess
    import sys

    env = {**os.environ, "COURTSCREEN_DATABASE_URL": settings.database_url,
           "COURTSCREEN_USER": settings.user}
    try:
        done = subprocess.run([sys.executable, "-m", "courtscreen", "people", "link", "--batch",
                               str(batch_id)], env=env, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"people: not linked ({exc}); run `courtscreen people link` to link them"
    out = (done.stdout.strip() or done.stderr.strip()).splitlines()
    if done.returncode != 0:
        return (f"people: linking failed ({out[-1] if out else done.returncode}); the cases are "
                "imported; run `courtscreen people link` to retry")
    return out[-1].split("; ", 1)[-1] if out else "people: linked"


class ImportDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, initial_path: str = "") -> None:
        super().__init__()
        self.initial_path = initial_path
        self.prepared = None  # the preview report, once the mapping has been shown
        self._last_progress = 0.0
        self.imported = False
        self.edited_options = None  # set by the mapping editor ("Use this mapping")
        self.edited_path: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box"):
            yield Label("[b]Import a docket[/b] (.xlsx .xls .ods .csv .tsv)")
            yield Input(value=self.initial_path, placeholder="path to the docket file",
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
            yield ProgressBar(id="import-progress", show_eta=False)
            yield RichLog(id="import-log", wrap=True, markup=True, highlight=False, min_width=1)

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#import-path", Input).focus()
        if self.initial_path:
            self.start_preview()

    # ----- options ----------------------------------------------------------------------------

    def _option_texts(self) -> tuple[str, str]:
        """What the user typed for "as of" and the profile (read on the screen's thread)."""
        return (self.query_one("#import-as-of", Input).value.strip(),
                self.query_one("#import-profile", Input).value.strip())

    def _options(self, as_of_text: str, profile: str):
        """ImportOptions from the typed values. Runs in the worker: importing the import
        service loads the ORM (~0.25 s), which must not happen on the screen's thread."""
        from courtscreen.importing.profiles import load_profile
        from courtscreen.importing.service import ImportOptions

        if self.edited_options is not None:  # chosen in the mapping editor
            return self.edited_options
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

    # ----- preview ----------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#preview")
    def start_preview(self) -> None:
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
        self._busy("Reading the file…")
        self.run_preview(path, *self._option_texts())

    @work(thread=True, exclusive=True, group="import")
    def run_preview(self, path: Path, as_of_text: str, profile: str) -> None:
        from courtscreen.domain.case_types import CaseTypeRules
        from courtscreen.importing.report import preview_lines

        try:
            options = self._options(as_of_text, profile)
        except Exception as exc:
            self.app.call_from_thread(self._bad_option, str(exc))
            return
        try:
            report = self._prepare(path, options, CaseTypeRules.load(self.app.settings.case_type_rules))
        except Exception as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._previewed, report, options, preview_lines(report, rows=8))

    def _prepare(self, path, options, rules):
        from courtscreen.importing.service import prepare

        return prepare(path, options, rules, self._progress_from_thread,
                       TriageRules.load(self.app.settings.triage_rules))

    def _bad_option(self, message: str) -> None:
        self._idle()
        self.query_one(RichLog).write(f"[b red]{escape(message)}[/]")

    def _previewed(self, report, options, lines: list[str]) -> None:
        self._idle()
        self.prepared = (report.path, options)
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
        from courtscreen.tui.screens.mapping_editor import open_from_dialog

        self.edited_path = self._path()
        open_from_dialog(self, self.edited_path)

    # ----- import -----------------------------------------------------------------------------

    @on(Button.Pressed, "#import")
    def start_import(self) -> None:
        if not self.prepared:
            return
        path, options = self.prepared
        self.query_one("#import", Button).disabled = True
        self.query_one(RichLog).write(f"Importing {escape(str(path))}…")
        self._busy("Importing…")
        self.run_import(path, options)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path, options) -> None:
        from courtscreen.domain.case_types import CaseTypeRules
        from courtscreen.importing.report import report_lines
        from courtscreen.importing.service import import_docket

        settings = self.app.settings
        try:
            report = import_docket(self.app.engine, path, options,
                                   CaseTypeRules.load(settings.case_type_rules), settings.user,
                                   self._progress_from_thread, TriageRules.load(settings.triage_rules),
                                   link=False)
        except Exception as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        lines = report_lines(report)
        if report.counts and (report.counts.added or report.counts.updated):
            self.app.call_from_thread(self._busy, "Linking people across cases…")
            lines.append(link_in_another_process(settings, report.batch_id))
        self.app.call_from_thread(self._imported, lines)

    def _imported(self, lines: list[str]) -> None:
        self._idle()
        self.imported = True
        log = self.query_one(RichLog)
        marked = [f"[b]{escape(line)}[/]" if line.startswith(("Imported", "Nothing changed"))
                  else escape(line) for line in lines]
        log.write("\n".join([*marked, "[b green]Done.[/] Press Close (or Escape) to see the docket."]))
        self.query_one("#close", Button).focus()

    # ----- progress and errors ----------------------------------------------------------------

    def _progress_from_thread(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last_progress < PROGRESS_INTERVAL:
            return  # coalesce: the screen needs ten updates a second, not thousands
        self._last_progress = now
        self.app.call_from_thread(self._show_progress, stage, done, total)

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        self.query_one("#import-stage", Label).update(f"{stage}: {done:,} of {total:,}")
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def _busy(self, message: str) -> None:
        self.query_one("#import-stage", Label).update(message)
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)

    def _idle(self) -> None:
        self.query_one("#import-stage", Label).update("")
        self.query_one(ProgressBar).display = False

    def _failed(self, exc: Exception) -> None:
        from courtscreen.importing.mapping import MappingError
        from courtscreen.importing.service import ImportFailed
        from courtscreen.store.database import DatabaseError

        self._idle()
        known = (ImportFailed, DatabaseError, MappingError, ValueError, OSError)
        text = str(exc) if isinstance(exc, known) else f"Unexpected problem: {type(exc).__name__}: {exc}"
        self.query_one(RichLog).write(f"[b red]{escape(text)}[/]\nNothing was imported.")
        self.notify(text.splitlines()[0], title="Import failed", severity="error", timeout=8)

    # ----- leaving ----------------------------------------------------------------------------

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(self.imported)
