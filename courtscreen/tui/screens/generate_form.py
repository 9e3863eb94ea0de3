"""Generate a document for one case: pick a form, choose provisions, preview, generate.

Provisions are pre-selected from the findings; each shows the incidents (or the
screening answers, or the court's conclusion) it rests on, and one with no
support says so. Reading the case, previewing and saving run in thread
workers; every failure is a message on screen, never a traceback.

    GenerateFormScreen(case_id, form_id=None)  ->  dismisses with the last Generated, or None
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, Select, SelectionList, Static, Switch
from textual.widgets.selection_list import Selection

from courtscreen.tui.widgets.form_questions import FormQuestions


def provision_prompt(support) -> Text:
    """'Heading — what supports it' on one line (a selection shows one line); unsupported ones stand out.

    A liberty-heavy provision says so (it is never pre-ticked); one the case does not allow is listed,
    disabled, with the reason (e.g. a DV programme when the parties are not intimate partners).
    """
    text = Text(support.clause.heading, style="bold" if support.offered else "dim")
    if not support.offered:
        text.append(f" — not offered: {support.not_offered}", style="dim")
        return text
    style = "dim" if support.preselect else ("yellow" if support.supported else "red")
    text.append(f" — {support.describe() if support.supported else 'NO SUPPORTING FINDING'}", style=style)
    if support.clause.liberty:
        text.append(" [liberty-heavy: never pre-ticked]", style="magenta")
    return text


def provision_details(support, printed_basis: str) -> str:
    """The full story of the highlighted provision: what it rests on, and why it is (not) pre-ticked."""
    head = f"{support.clause.heading}: "
    if not support.offered:
        return head + f"not offered — {support.not_offered}"
    if support.preselect:
        return head + f"pre-selected. {printed_basis or '; '.join(support.record)}"
    found = support.describe() if support.supported else "no supporting finding"
    return head + f"not pre-selected — {support.why_not_preselected()}. Support: {found}"


class GenerateFormScreen(Screen):
    """Fill one of the court's forms for this case."""

    DEFAULT_CSS = """
    GenerateFormScreen #gen-body { height: 1fr; }
    GenerateFormScreen #gen-left { width: 1fr; min-width: 40; padding: 0 1; }
    GenerateFormScreen #gen-support { height: auto; max-height: 4; color: $text-muted; }
    GenerateFormScreen #gen-provisions { height: 1fr; min-height: 6; }
    GenerateFormScreen #gen-confidential-row { height: auto; margin: 1 0 0 0; }
    GenerateFormScreen #gen-confidential-row Label { padding: 1 0 0 1; }
    GenerateFormScreen #gen-pretrial-row { height: auto; display: none; }
    GenerateFormScreen #gen-pretrial-row.conditions { display: block; }
    GenerateFormScreen #gen-pretrial-row Label { padding: 1 0 0 1; }
    GenerateFormScreen #gen-buttons { height: auto; }
    GenerateFormScreen #gen-buttons Button { margin: 0 1 0 0; min-width: 10; }
    GenerateFormScreen #gen-status { height: auto; max-height: 6; }
    GenerateFormScreen #gen-preview-box { width: 1fr; border-left: vkey $foreground 20%; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("ctrl+r", "preview", "Preview", show=True, priority=True),
        Binding("ctrl+g", "generate", "Generate", show=True, priority=True),
    ]

    def __init__(self, case_id: int, form_id: str | None = None) -> None:
        super().__init__()
        self.case_id = case_id
        self.initial_form = form_id
        self.registry = None
        self.record = None  # the frozen CaseRecord, read once in a worker
        self.generated = None  # the last document generated here
        self._supports: dict[str, list] = {}
        self._forms: list = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="gen-body"):
            with Vertical(id="gen-left"):
                yield Label("[b]Form[/b]")
                yield Select([], prompt="Loading forms…", id="gen-form", allow_blank=True)
                yield Label("[b]Provisions[/b] [dim](space toggles; pre-selected from the findings)[/dim]")
                yield SelectionList(id="gen-provisions")
                yield Static("", id="gen-support")
                with Horizontal(id="gen-confidential-row"):
                    yield Switch(value=False, id="gen-confidential")
                    yield Label("Include confidential addresses\n[dim]only for a copy not served on the "
                                "respondent[/dim]")
                with Horizontal(id="gen-pretrial-row"):
                    yield Switch(value=False, id="gen-pretrial")
                    yield Label("Pretrial release\n[dim]conditions of release, not of a sentence[/dim]")
                with Horizontal(id="gen-buttons"):
                    yield Button("Preview", id="gen-preview-button")
                    yield Button("Generate", id="gen-generate", variant="primary")
                    yield Button("Close", id="gen-close")
                yield Static("Reading the case…", id="gen-status")
            with VerticalScroll(id="gen-preview-box"):
                yield FormQuestions(id="gen-questions")  # above the preview: it scrolls, even at 80x24
                yield Static("[dim]The filled document appears here when you press Preview.[/dim]",
                             id="gen-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    # ----- loading -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="generate")
    def load(self) -> None:
        from courtscreen.documents.case_record import load_case_record
        from courtscreen.documents.registry import load_registry

        try:  # a court template's problem is the form's, never the case's (issue 18)
            registry = load_registry(self.app.settings.jurisdiction.forms_dir)
        except Exception as exc:
            self.app.call_from_thread(self._error, f"Could not load the forms: {exc}")
            return
        try:
            record = load_case_record(self.app.engine, self.case_id)
        except Exception as exc:
            self.app.call_from_thread(self._error, f"Could not read this case: {exc}")
            return
        self.app.call_from_thread(self._loaded, registry, record)

    def _compute_supports(self) -> None:
        from courtscreen.documents.provisions import case_facts
        from courtscreen.domain.clauses import supports

        pretrial = self.query_one("#gen-pretrial", Switch).value
        facts = case_facts(self.record, self.app.settings.jurisdiction, pretrial)
        self._supports = {f.id: supports(f.id, facts) for f in self._forms}

    @on(Switch.Changed, "#gen-pretrial")
    def _pretrial_changed(self, event: Switch.Changed) -> None:
        form_id = self.query_one("#gen-form", Select).value
        if self.record is not None and isinstance(form_id, str):
            self._compute_supports()
            self._show_provisions(form_id)

    def _loaded(self, registry, record) -> None:
        self.registry, self.record = registry, record
        self.sub_title = f"{record.case_number} — generate a document"
        names = self.app.settings.jurisdiction.order_names
        access = getattr(self.app, "access", None)  # roles: only the forms this user may generate
        forms = sorted((f for f in registry.forms.values()
                        if access is None or access.allows(f"generate:{f.id}")),
                       key=lambda f: (record.case_type not in f.manifest.case_types, f.id))
        self._forms = forms
        self._compute_supports()
        select = self.query_one("#gen-form", Select)
        select.prompt = "Choose a form"  # not "Loading forms…" once they are loaded
        select.set_options([(f.title if f.origin == "court" else names.get(f.id, f.title), f.id)
                            for f in forms])
        if not forms:
            self._error("No form passed the template checks; ask whoever set courtscreen up "
                        "to check the forms folder."
                        if not registry.forms else "Your role does not allow generating any form.")
            return
        chosen = self.initial_form if self.initial_form in registry.forms else forms[0].id
        select.value = chosen
        self._show_provisions(chosen)
        rejected = len(registry.rejected)
        self._status(f"{len(forms)} form(s)" + (f"; {rejected} rejected by the checks" if rejected else "")
                     + ". Choose provisions, Preview, then Generate.")

    @on(Select.Changed, "#gen-form")
    def _form_changed(self, event: Select.Changed) -> None:
        if self.record is not None and isinstance(event.value, str):
            self._show_provisions(event.value)
            self.query_one("#gen-preview", Static).update("[dim]Press Preview to see this form filled.[/dim]")

    def _show_provisions(self, form_id: str) -> None:
        lst = self.query_one("#gen-provisions", SelectionList)
        lst.clear_options()
        items = self._supports.get(form_id, [])
        form = self.registry.forms.get(form_id) if self.registry else None
        conditions = form is not None and form.manifest.kind == "conditions"
        self.query_one("#gen-pretrial-row").set_class(conditions, "conditions")
        lst.add_options([Selection(provision_prompt(s), s.clause.id, s.preselect, disabled=not s.offered)
                         for s in items])
        self.query_one("#gen-questions", FormQuestions).show(form.manifest.questions if form else ())
        lst.disabled = not items
        if not items:
            lst.border_title = "This form sets out the findings; it has no provisions to choose."
        else:
            unsupported = sum(1 for s in items if s.offered and not s.supported)
            lst.border_title = (f"{sum(1 for s in items if s.preselect)} of {len(items)} pre-selected"
                                + (f"; {unsupported} with no supporting finding" if unsupported else ""))

    @on(SelectionList.SelectionHighlighted, "#gen-provisions")
    def _highlighted(self, event: SelectionList.SelectionHighlighted) -> None:
        """The full basis of the highlighted provision (the list shows one line of it)."""
        form_id = self.query_one("#gen-form", Select).value
        clause_id = event.selection.value
        s = next((s for s in self._supports.get(form_id, []) if s.clause.id == clause_id), None)
        if s is not None:
            from courtscreen.documents.provisions import basis, role_words

            form = self.registry.forms[form_id].manifest
            printed = basis(s, role_words(form, self.record), self.record.conclusion,
                            self.app.settings.jurisdiction)
            self.query_one("#gen-support", Static).update(Text(provision_details(s, printed)))

    # ----- preview and generate ------------------------------------------------------------------

    def _request(self):
        from courtscreen.documents.context import Choice

        form_id = self.query_one("#gen-form", Select).value
        if self.record is None or not isinstance(form_id, str):
            return None
        chosen = [Choice(cid) for cid in self.query_one("#gen-provisions", SelectionList).selected]
        confidential = self.query_one("#gen-confidential", Switch).value
        pretrial = self.query_one("#gen-pretrial", Switch).value and \
            self.registry.forms[form_id].manifest.kind == "conditions"
        allowed = getattr(self.app, "allowed", None)
        if confidential and allowed and not allowed("include_confidential",
                                                    "include confidential details in a document"):
            return None
        answers = self.query_one("#gen-questions", FormQuestions).answers()
        return self.registry.forms[form_id], chosen, confidential, answers, pretrial

    @on(Button.Pressed, "#gen-preview-button")
    def action_preview(self) -> None:
        request = self._request()
        if request:
            self._status("Filling the form…")
            self.run_draft(*request, save=False)

    @on(Button.Pressed, "#gen-generate")
    def action_generate(self) -> None:
        request = self._request()
        if request:
            self._status("Generating…")
            self.query_one("#gen-generate", Button).disabled = True
            self.run_draft(*request, save=True)

    @work(thread=True, exclusive=True, group="generate")
    def run_draft(self, form, choices, include_confidential: bool, answers: dict, pretrial: bool,
                  save: bool) -> None:
        from courtscreen.advice import APP, words_for
        from courtscreen.documents import service

        try:
            d = service.draft(self.app.engine, self.app.settings, form, self.case_id, choices,
                              include_confidential, record=self.record, answers=answers, pretrial=pretrial)
            text = d.text()
            doc = service.save(self.app.engine, self.app.settings, d) if save else None
        except service.GenerationError as exc:  # worded for the app (courtscreen.advice)
            self.app.call_from_thread(self._error, words_for(exc, APP))
            return
        except Exception as exc:  # a database or disk problem: a message, never a traceback
            from courtscreen.store.safe_errors import safe_error

            self.app.call_from_thread(self._error, f"Unexpected problem: {safe_error(exc)}")
            return
        self.app.call_from_thread(self._drafted, text, doc, d.withheld_note)

    def _drafted(self, text: str, doc, withheld: str = "") -> None:
        self.query_one("#gen-generate", Button).disabled = False
        self.query_one("#gen-preview", Static).update(Text(text))
        withheld = f"\n[yellow]{escape(withheld)}.[/yellow]" if withheld else ""
        if doc is None:
            self._status("Preview ready. Nothing is saved until you press Generate." + withheld)
            return
        self.generated = doc
        note = " It includes confidential details: do not serve it on the respondent." \
            if doc.confidential_included else ""
        self._status(f"[green]Saved version {doc.version}:[/green] {escape(str(doc.path))}.{escape(note)}"
                     + withheld)
        self.notify(f"{doc.path.name}", title="Document generated", timeout=6)

    # ----- messages and leaving ------------------------------------------------------------------

    def _status(self, markup: str) -> None:
        self.query_one("#gen-status", Static).update(markup)

    def _error(self, message: str) -> None:
        self.query_one("#gen-generate", Button).disabled = False
        self._status(f"[b red]{escape(message)}[/]")
        self.notify(message.splitlines()[0][:200], title="Not generated", severity="error", timeout=8)

    @on(Button.Pressed, "#gen-close")
    def action_close(self) -> None:
        self.dismiss(self.generated)
