"""The column mapping of a docket file, in the app: see it, change it, preview it, save it.

Opened from the import dialog ("Edit mapping"). It shows the mapping the import
proposes with its confidence per field, and lets the user give any field its
column (a letter, a header or a number; several joined with "+"), say the file
has no header row, give the year or "as of" date for dates printed without a
year, preview the first rows as they would be imported, and save the mapping as
a profile: everything the command line's options do. "Use this mapping" hands
the options back to the import dialog, which previews and imports with them.

Reading and previewing run in a thread worker; only the screen's own handlers
touch its widgets. Messages come from the core's structured results, worded here
in terms of this screen's controls (never a command-line flag).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RichLog

from courtscreen.importing.mapping import FIELDS, column_letter

HINT = "letter, header or number; join with +"


class MappingEditor(ModalScreen):
    """Returns the ImportOptions to import with, or None when the user cancels."""

    DEFAULT_CSS = """
    MappingEditor { align: center middle; }
    #me-box { width: 96%; max-width: 130; height: 96%; border: thick $primary;
              background: $surface; padding: 0 1; }
    #me-columns { height: auto; max-height: 3; color: $text-muted; }
    #me-settings { height: auto; }
    #me-settings Input { width: 1fr; }
    #me-settings Checkbox { width: auto; }
    #me-fields { height: 1fr; min-height: 4; border: round $panel; layout: grid;
                 grid-size: 2; grid-columns: 32 1fr; grid-rows: 1; }
    #me-buttons { height: auto; }
    #me-buttons Button { margin-right: 1; min-width: 8; }
    #me-buttons Input { width: 18; }
    #me-log { height: 1fr; min-height: 4; border: round $panel; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, path: Path, options) -> None:
        super().__init__()
        self.path, self.options = Path(path), options
        self.report = None  # the last successful preview
        self.columns = None  # service.Columns of the file

    def compose(self) -> ComposeResult:
        with Vertical(id="me-box"):
            yield Label(f"[b]Column mapping[/b] for {escape(self.path.name)}", id="me-title")
            yield Label("Reading the file…", id="me-columns")
            with Horizontal(id="me-settings"):
                yield Checkbox("No header row", value=self.options.has_header is False,
                               id="me-no-header", compact=True)
                yield Input(value=str(self.options.year or ""), placeholder="year (dates without one)",
                            id="me-year", compact=True)
                yield Input(value=self.options.as_of.isoformat() if self.options.as_of else "",
                            placeholder="as of YYYY-MM-DD", id="me-as-of", compact=True)
            with VerticalScroll(id="me-fields"):  # two columns: field (confidence), column(s)
                for spec in FIELDS:
                    yield Label(spec.label, id=f"me-label-{spec.name}")
                    yield Input(placeholder=HINT, id=f"me-field-{spec.name}", compact=True)
            with Horizontal(id="me-buttons"):
                yield Button("Preview", id="me-preview", variant="primary", compact=True)
                yield Button("Use this mapping", id="me-use", variant="success", compact=True,
                             disabled=True)
                yield Input(placeholder="profile name", id="me-profile-name", compact=True)
                yield Button("Save as profile", id="me-save", compact=True, disabled=True)
                yield Button("Cancel", id="me-cancel", compact=True)
            yield RichLog(id="me-log", wrap=True, markup=True, highlight=False, min_width=1)

    def on_mount(self) -> None:
        self.run_preview(self.options, first=True)

    # ----- what the user set ------------------------------------------------------------------

    def edited_options(self):
        """ImportOptions from the screen's controls; ValueError naming the control if wrong."""
        from courtscreen.importing.mapping import MappingError, parse_map_spec

        explicit, unmapped = {}, set()
        for spec in FIELDS:
            value = self.query_one(f"#me-field-{spec.name}", Input).value.strip()
            if not value:
                unmapped.add(spec.name)
                continue
            try:
                explicit.update(parse_map_spec(f"{spec.name}={value}"))
            except MappingError as exc:
                raise ValueError(f"{spec.label}: {exc}") from None
        year_text = self.query_one("#me-year", Input).value.strip()
        as_of_text = self.query_one("#me-as-of", Input).value.strip()
        if year_text and not (year_text.isdigit() and 1900 <= int(year_text) <= 2200):
            raise ValueError(f"Year {year_text!r}: write four digits, e.g. 2026")
        try:
            as_of = date.fromisoformat(as_of_text) if as_of_text else None
        except ValueError:
            raise ValueError(f"'As of' date {as_of_text!r}: write it as YYYY-MM-DD") from None
        no_header = self.query_one("#me-no-header", Checkbox).value
        return replace(self.options, explicit_map=explicit, unmapped=frozenset(unmapped),
                       has_header=False if no_header else None,
                       year=int(year_text) if year_text else None, as_of=as_of)

    # ----- preview ----------------------------------------------------------------------------

    @on(Button.Pressed, "#me-preview")
    @on(Input.Submitted)
    def preview(self, event=None) -> None:
        if event is not None and getattr(event, "input", None) is not None \
                and event.input.id == "me-profile-name":
            self.save_profile()
            return
        try:
            options = self.edited_options()
        except ValueError as exc:
            self._say_error(str(exc))
            return
        self.query_one("#me-use", Button).disabled = True
        self.query_one("#me-save", Button).disabled = True
        self.query_one(RichLog).clear()
        self.query_one(RichLog).write("Previewing…")
        self.run_preview(options)

    @work(thread=True, exclusive=True, group="mapping-preview")
    def run_preview(self, options, first: bool = False) -> None:
        from courtscreen.domain.case_types import CaseTypeRules
        from courtscreen.domain.triage import TriageRules
        from courtscreen.importing.report import preview_lines
        from courtscreen.importing.service import ImportFailed, peek, prepare

        settings = self.app.settings
        try:
            columns = peek(self.path, options)
        except ImportFailed as exc:
            self.app.call_from_thread(self._failed, exc, None, first)
            return
        try:
            report = prepare(self.path, options, CaseTypeRules.load(settings.case_type_rules),
                             triage=TriageRules.load(settings.triage_rules))
        except Exception as exc:  # worded for the user in _failed; never a traceback
            self.app.call_from_thread(self._failed, exc, columns, first)
            return
        self.app.call_from_thread(self._previewed, report, columns, options,
                                  preview_lines(report, rows=8), first)

    def _show_columns(self, columns) -> None:
        self.columns = columns
        where = f"header on row {columns.header_row}" if columns.header_row else "no header row"
        listed = "  ".join(f"{column_letter(i)} {h!r}" for i, h in enumerate(columns.headers))
        self.query_one("#me-columns", Label).update(escape(f"{columns.label} ({where}): {listed}"))

    def _previewed(self, report, columns, options, lines: list[str], first: bool) -> None:
        # The mapping's own view of the columns: it may have found a header the peek did not
        columns.headers, columns.header_row = report.mapping.headers, report.mapping.header_row
        self._show_columns(columns)
        self.report, self.options = report, options
        mapping = report.mapping
        for spec in FIELDS:
            cols = mapping.fields.get(spec.name, [])
            box = self.query_one(f"#me-field-{spec.name}", Input)
            if first or not box.value.strip() or cols:
                box.value = "+".join(column_letter(c) for c in cols)
            conf = mapping.confidence.get(spec.name) if cols else None
            self.query_one(f"#me-label-{spec.name}", Label).update(
                f"{spec.label:<24} {conf:>4.0%}" if conf is not None else spec.label)
        self.query_one("#me-no-header", Checkbox).value = mapping.header_row is None
        log = self.query_one(RichLog)
        log.clear()
        log.write("\n".join([escape(line) for line in lines] + [
            "[b]Change any field's column above and press Preview, or press Use this mapping.[/]"]))
        self.query_one("#me-use", Button).disabled = False
        self.query_one("#me-save", Button).disabled = False

    def _failed(self, exc: Exception, columns, first: bool) -> None:
        if columns is not None:
            self._show_columns(columns)
        code = getattr(exc, "code", "")
        advice = {
            "no_case_numbers": "Type the case-number column in the Case number field (a letter "
                               "from the list above), then press Preview.",
            "bad_column": "Check the columns typed above against the list of columns.",
            "over_limit": "This file is over a safety limit for imports; it cannot be opened here.",
        }.get(code, "")
        known = code or isinstance(exc, ValueError | OSError)
        text = str(exc) if known else f"Unexpected problem: {type(exc).__name__}: {exc}"
        self._say_error(text + (f"\n{advice}" if advice else ""))

    def _say_error(self, text: str) -> None:
        log = self.query_one(RichLog)
        log.clear()
        log.write(f"[b red]{escape(text)}[/]")

    # ----- saving and leaving -----------------------------------------------------------------

    @on(Button.Pressed, "#me-save")
    def save_profile(self) -> None:
        from courtscreen.importing.mapping import MappingError
        from courtscreen.importing.profiles import Profile, save_profile

        name = self.query_one("#me-profile-name", Input).value.strip()
        log = self.query_one(RichLog)
        if self.report is None:
            self._say_error("Preview the mapping first; a profile saves a mapping that works.")
            return
        if not name:
            self._say_error("Type a name for the profile first (letters, digits, - _ .).")
            return
        mapping = self.report.mapping
        try:
            saved = save_profile(Profile(
                name=name, description=f"saved from {self.path.name} in the app",
                map=mapping.to_profile_map(), has_header=mapping.header_row is not None,
                court=self.options.court, year=self.options.year), self.app.settings.profiles_dir)
        except (MappingError, OSError) as exc:
            self._say_error(str(exc))
            return
        log.write(f"[b green]Saved as profile {escape(name)!s}[/] ({escape(str(saved))}); type "
                  "its name in the import dialog's profile box to use it again.")

    @on(Button.Pressed, "#me-use")
    def use_mapping(self) -> None:
        if self.report is not None:
            self.dismiss(self.options)

    @on(Button.Pressed, "#me-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def open_from_dialog(dialog, path: Path | None) -> None:
    """The import dialog's hook: open the editor on its file and options; on "Use this
    mapping" the dialog keeps the options and previews with them."""
    if path is None:
        dialog.query_one(RichLog).write("[b red]Type the path of a docket file first.[/]")
        return
    as_of_text, profile = dialog._option_texts()
    try:
        options = dialog.edited_options or dialog._options_for_editor(as_of_text, profile)
    except Exception as exc:  # a wrong "as of" date or an unknown profile
        dialog.query_one(RichLog).write(f"[b red]{escape(str(exc))}[/]")
        return

    def done(options) -> None:
        if options is not None:
            dialog.edited_options = options
            dialog.start_preview()

    dialog.app.push_screen(MappingEditor(path, options), done)
