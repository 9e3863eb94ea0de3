"""The screening wizard: one step per SLII area, case-type questions, pattern, risk, result.

Every move between steps saves the answers (a draft), so leaving and coming
back resumes at the same step. Opening a case's first screening writes nothing: the
draft is created with the first answer, so opening and pressing Escape leaves the case
untouched (not "in progress", nothing in the audit trail). A completed screening can be revised here; the
store writes each changed field to the audit log.
"""

from __future__ import annotations

import threading

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, SelectionList, Static, TextArea

from courtscreen.domain.screening import (
    INCIDENT_COUNTS,
    INFO_SOURCES,
    SCREENER_ROLES,
    Answers,
    assess,
    load_catalogue,
    question_words,
    steps_for,
    worded,
)
from courtscreen.store import screenings, worklist
from courtscreen.tui.footer_keys import WidthAwareFooter
from courtscreen.tui.screens.confirm_leave import ConfirmLeave
from courtscreen.tui.widgets.choice_row import ChoiceRow

YES_NO = [("yes", "Yes"), ("no", "No"), ("unknown", "Unknown")]
RESULT_STYLE = {"indicated": "bold red", "possible": "bold yellow", "not_indicated": "bold green"}


def unsaved_screening(case_id: int, user: str) -> screenings.ScreeningRecord:
    """A case's first screening before its first answer: shown, not stored."""
    from courtscreen.store.models import utc_now

    now = utc_now()
    return screenings.ScreeningRecord(
        id=0, case_id=case_id, catalogue_version=load_catalogue().version, status="draft",
        result=None, step="about", answers=Answers(), version=0, created_by=user, created_at=now,
        updated_by=user, updated_at=now, completed_at=None)


class ScreeningScreen(WidthAwareFooter, Screen):
    BINDINGS = [
        Binding("pagedown,ctrl+n", "next", "Next", priority=True),
        Binding("pageup", "back", "Back", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        # The last step's own key (shown only there, where Next has nothing to go to).
        Binding("ctrl+e", "complete", "Complete screening", priority=True),
        Binding("escape", "leave", "Leave"),
        Binding("ctrl+r", "related", "Related cases", priority=True),
        # At 80 columns the footer keeps the keys of this screen; Quit is in ? there.
        Binding("ctrl+q", "app.quit", "Quit"),
    ]
    FOOTER_WIDE_ONLY = frozenset({"related", "app.quit"})

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.record = None
        self.answers = Answers()
        self.steps = []
        self.index = 0
        self.case_type = None
        self._lock = threading.Lock()
        self._queued = 0  # snapshots handed to the save worker, numbered in order
        self._saved = 0  # the newest snapshot number written
        self._completed_here = False  # completed in this visit: the title says so, not "revising"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the screening…", id="wiz-title")
        yield Static("", id="wiz-message")
        yield VerticalScroll(id="wiz-body")
        with Horizontal(id="wiz-buttons"):
            yield Button("◀ Back", id="wiz-back")
            yield Button("Next ▶", id="wiz-next", variant="primary")
            yield Button("Save draft", id="wiz-save")
            yield Button("Complete screening", id="complete", variant="success")
        yield Footer()

    def action_related(self) -> None:
        """Read-only: the screenings and incidents of other cases with the same people."""
        from courtscreen.tui.screens.related_pattern import RelatedPatternScreen

        self.app.push_screen(RelatedPatternScreen(self.case_id, getattr(self, "case_number", "") or ""))

    # ----- loading ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.open_screening()

    @work(thread=True, exclusive=True, group="open")
    def open_screening(self) -> None:
        try:
            detail = worklist.case_detail(self.app.engine, self.case_id)
            record = (screenings.get_screening(self.app.engine, self.case_id)
                      or unsaved_screening(self.case_id, self.app.settings.user))
            from courtscreen.documents.findings_context import protected_people
            from courtscreen.store.case_roles import case_roles

            roles = case_roles(self.app.engine, self.case_id)  # the questions name people by the roles
            people = protected_people(roles, {}, exclude=roles.conduct_of)
            self.roles_words = (roles.conduct_of, people[0][0] if people else "the protected person")
        except Exception as exc:
            self.app.call_from_thread(self._error, f"Could not open the screening: {exc}")
            return
        self.app.call_from_thread(self._opened, detail, record)

    async def _opened(self, detail, record) -> None:
        self.record = record
        self.answers = Answers.from_dict(record.answers.to_dict())
        self.case_type = detail.row.case.case_type
        self.case_number = detail.row.case.case_number
        self.sub_title = f"Screening {self.case_number}"
        self.steps = steps_for(self.case_type, self.answers.screener_role)
        ids = [s.id for s in self.steps]
        self.index = ids.index(record.step) if record.step in ids else 0
        await self.render_step()

    def _error(self, message: str) -> None:
        """Shown above the step until the screener moves on, and as a notification."""
        box = self.query_one("#wiz-message", Static)
        box.update(f"[b red]{escape(message)}[/]")
        box.display = True
        self.notify(message, severity="error", timeout=8)

    # ----- steps ------------------------------------------------------------------------------

    @property
    def step(self):
        return self.steps[self.index]

    def _show_title(self) -> None:
        if self._completed_here:
            state = "completed: changes from here on are kept with Save revision"
        elif self.record.is_complete:
            state = "revising: press Save revision to keep changes"
        elif not self.record.id:
            state = "not started: saved as you go from your first answer"
        else:
            state = "in progress, saved as you go"
        self.query_one("#wiz-title", Static).update(
            f"[b]{escape(self.case_number)}[/b] · {self.case_type.label} · step {self.index + 1} of "
            f"{len(self.steps)}: [b]{escape(self.step.title)}[/b]  [dim]({state})[/dim]")

    async def render_step(self) -> None:
        self._show_title()
        body = self.query_one("#wiz-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(list(self._widgets_for(self.step.id)))
        body.scroll_home(animate=False)
        last = self.index == len(self.steps) - 1
        self.query_one("#wiz-back", Button).disabled = self.index == 0
        self.query_one("#wiz-next", Button).disabled = last
        save = self.query_one("#wiz-save", Button)
        save.label = "Save revision" if self.record.is_complete else "Save draft"
        complete = self.query_one("#complete", Button)
        complete.display = last and not self.record.is_complete
        complete.label = "Complete screening (ctrl+e)"
        self.refresh_bindings()  # Next and Complete show only where they do something
        self.call_after_refresh(self._focus_first)

    def check_action(self, action: str, parameters) -> bool | None:
        last = bool(self.steps) and self.index == len(self.steps) - 1
        if action == "next":
            return not last
        if action == "complete":
            return last and self.record is not None and not self.record.is_complete
        return True

    def _focus_first(self) -> None:
        # scroll_visible=False: scrolling to the focused widget would hide the
        # question above it on an 80x24 terminal.
        for widget in self.query_one("#wiz-body").query("ChoiceRow, SelectionList, Input, TextArea"):
            if widget.focusable:
                widget.focus(scroll_visible=False)
                return
        for button_id in ("#complete", "#wiz-save"):
            button = self.query_one(button_id, Button)
            if button.display:
                button.focus(scroll_visible=False)
                return

    def _words(self) -> dict[str, str]:
        conduct, protected = getattr(self, "roles_words", ("respondent", "the petitioner"))
        return question_words(conduct, protected, self.answers.screener_role)

    def _widgets_for(self, step_id: str):
        a, catalogue = self.answers, load_catalogue()
        if step_id == "about":
            yield Static("Which sources is this screening based on? (space ticks)")
            yield SelectionList(*[(label, key, key in a.info_sources)
                                  for key, label in INFO_SOURCES.items()], id="sources")
            yield Static("Your role:")
            yield ChoiceRow(list(SCREENER_ROLES.items()), a.screener_role, id="role")
        elif step_id in {x.id for x in catalogue.areas}:
            area = catalogue.area(step_id)
            question = area.question_for(a.screener_role, self._words())
            yield Static(f"[b]{escape(question)}[/b]\n[dim]{escape(area.help)}[/dim]")
            yield ChoiceRow(YES_NO, a.areas.get(area.id, ""), label="Answer:", id="area-answer")
            yield Static("Behaviours described (space ticks; 📱 = through technology):")
            ticked = set(a.behaviours.get(area.id, []))
            yield SelectionList(*[(("📱 " if b.tech else "") + b.label, b.id, b.id in ticked)
                                  for b in area.behaviours], id="behaviours")
            yield Input(a.area_notes.get(area.id, ""), placeholder="note: what happened, when (optional)",
                        id="area-note")
        elif step_id == "case_questions":
            for q in catalogue.questions_for(self.case_type, a.screener_role):
                yield Static(escape(worded(q.text, self._words())), classes="question")
                yield ChoiceRow(YES_NO, a.questions.get(q.id, ""), id=f"q-{q.id}")
        elif step_id == "pattern":
            yield Static("[b]How many separate incidents are described?[/b]")
            yield ChoiceRow(list(INCIDENT_COUNTS.items()), a.incidents, id="incidents")
            yield Static("[b]Is fear or substantial emotional distress described?[/b] [dim](changed "
                         "routine, moved, changed number, missed work count)[/dim]")
            yield ChoiceRow(YES_NO, a.fear, id="fear")
            yield Static("Short narrative, in the victim's or the file's words:")
            yield TextArea(a.narrative, id="narrative")
        elif step_id == "risk":
            yield Static("[b]Risk markers present[/b] (cited, not scored; space ticks)")
            yield SelectionList(*[(m.label, m.id, m.id in a.risk_markers) for m in catalogue.risk_markers],
                                id="markers")
            yield Static("[b]Validated instruments[/b]: record one only if it was completed; "
                         "courtscreen does not score them.")
            for inst in catalogue.instruments:
                yield Static(f"{escape(inst.name)} [dim]— {escape(inst.by)}; {escape(inst.where)}[/dim]")
                yield Input(a.instruments.get(inst.id, ""), placeholder="result, if completed",
                            id=f"inst-{inst.id}")
        elif step_id == "result":
            yield Static(self._result_markup(), id="assessment")

    def _result_markup(self) -> str:
        result = assess(self.answers)
        style = RESULT_STYLE.get(result.status.value, "bold")
        lines = [f"[{style}]{escape(result.headline)}[/]", "", "Why:"]
        lines += [f"  • {escape(r)}" for r in result.reasons]
        if result.risk_markers:
            lines += ["", "Risk markers (with their references):"]
            lines += [f"  • {escape(m.label)} [dim]— {escape(m.source)}[/dim]" for m in result.risk_markers]
        done = [i for i in load_catalogue().instruments if self.answers.instruments.get(i.id)]
        if done:
            lines += ["", "Instruments completed:"]
            lines += [f"  • {escape(i.name)}: {escape(self.answers.instruments[i.id])}" for i in done]
        lines += ["", "[dim]An aid to your judgement, not a danger score.[/dim]"]
        return "\n".join(lines)

    def collect(self) -> None:
        """Read the current step's widgets into self.answers."""
        if not self.steps:
            return
        a, step_id, body = self.answers, self.step.id, self.query_one("#wiz-body")
        if step_id == "about":
            a.info_sources = list(body.query_one("#sources", SelectionList).selected)
            a.screener_role = body.query_one("#role", ChoiceRow).value
        elif step_id in {x.id for x in load_catalogue().areas}:
            answer = body.query_one("#area-answer", ChoiceRow).value
            if answer:
                a.areas[step_id] = answer
            a.behaviours[step_id] = list(body.query_one("#behaviours", SelectionList).selected)
            a.area_notes[step_id] = body.query_one("#area-note", Input).value.strip()
            a.behaviours = {k: v for k, v in a.behaviours.items() if v}
            a.area_notes = {k: v for k, v in a.area_notes.items() if v}
        elif step_id == "case_questions":
            for row in body.query(ChoiceRow):
                if row.value:
                    a.questions[row.id.removeprefix("q-")] = row.value
        elif step_id == "pattern":
            a.incidents = body.query_one("#incidents", ChoiceRow).value or "unknown"
            a.fear = body.query_one("#fear", ChoiceRow).value or "unknown"
            a.narrative = body.query_one("#narrative", TextArea).text.strip()
        elif step_id == "risk":
            a.risk_markers = list(body.query_one("#markers", SelectionList).selected)
            a.instruments = {w.id.removeprefix("inst-"): w.value.strip()
                             for w in body.query(Input) if w.value.strip()}

    def dirty(self) -> bool:
        self.collect()
        return self.record is not None and (self.answers.to_dict() != self.record.answers.to_dict())

    # ----- saving -----------------------------------------------------------------------------

    def persist(self, answers: Answers, step: str, complete: bool = False, then=None) -> None:
        self._queued += 1
        self._persist(self._queued, answers, step, complete, then)

    @work(thread=True, group="save")
    def _persist(self, number: int, answers: Answers, step: str, complete: bool, then) -> None:
        with self._lock:  # saves run one after another, each on the version the last one wrote
            if number < self._saved and not complete:
                return  # a newer snapshot is already saved; writing this one would undo it
            try:
                current = self.record
                if not current.id:  # not in the database yet: the first answer creates the draft
                    if answers.to_dict() == current.answers.to_dict() and not complete:
                        return  # moving between steps without an answer records nothing
                    created = screenings.start_screening(self.app.engine, self.case_id,
                                                         self.app.settings.user)
                    if created.version > 1:  # someone else opened and saved it meanwhile:
                        # save on the blank screening this screener saw, so the store refuses
                        # it (StaleScreening, naming them) instead of writing over their answers
                        from dataclasses import replace

                        created = replace(created, answers=current.answers, version=0)
                    current = created
                record = screenings.save(self.app.engine, current, answers, self.app.settings.user,
                                         step=step, complete=complete)
            except screenings.StaleScreening as exc:
                self.app.call_from_thread(self._stale, str(exc))
                return
            except Exception as exc:
                self.app.call_from_thread(self._error, f"Could not save the screening: {exc}")
                return
            first = not self.record.id
            self.record, self._saved = record, number
        if first:  # the draft exists now: the title says "in progress"
            self.app.call_from_thread(self._show_title)
        if then:
            self.app.call_from_thread(then, record)

    def _stale(self, message: str) -> None:
        """Someone else saved first: show their answers rather than keep failing."""
        self._error(message)
        self.open_screening()

    def _snapshot(self) -> Answers:
        return Answers.from_dict(self.answers.to_dict())

    async def go_to(self, index: int) -> None:
        self.query_one("#wiz-message", Static).display = False
        self.collect()
        if self.step.id == "about":  # the role decides which case-type questions apply
            current = self.step.id
            self.steps = steps_for(self.case_type, self.answers.screener_role)
            self.index = [s.id for s in self.steps].index(current)
            index = min(index, len(self.steps) - 1)
        self.index = max(0, min(index, len(self.steps) - 1))
        if not self.record.is_complete:  # a revision is kept only when Save revision is pressed
            self.persist(self._snapshot(), self.step.id)
        await self.render_step()

    async def action_next(self) -> None:
        if self.steps and self.index < len(self.steps) - 1:
            await self.go_to(self.index + 1)

    async def action_back(self) -> None:
        if self.steps and self.index > 0:
            await self.go_to(self.index - 1)

    def action_save(self) -> None:
        if not self.steps:
            return
        self.collect()
        if self.record.is_complete:
            self.persist(self._snapshot(), self.step.id, then=self._revised)
        else:
            self.persist(self._snapshot(), self.step.id,
                         then=lambda _r: self.notify("Draft saved.", timeout=3))

    async def _revised(self, record) -> None:
        self.notify(f"Revision saved: {record.assessment().headline}.", timeout=5)
        await self.render_step()

    @on(Button.Pressed, "#wiz-next")
    async def _next_pressed(self) -> None:
        await self.action_next()

    @on(Button.Pressed, "#wiz-back")
    async def _back_pressed(self) -> None:
        await self.action_back()

    @on(Button.Pressed, "#wiz-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Input.Submitted)
    async def _input_submitted(self) -> None:
        await self.action_next()

    @on(Button.Pressed, "#complete")
    def action_complete(self) -> None:
        if not self.check_action("complete", ()):
            return
        self.collect()
        self.persist(self._snapshot(), "result", complete=True, then=self._completed)

    async def _completed(self, record) -> None:
        self._completed_here = True
        self.notify(f"Screening recorded: {record.assessment().headline}.", timeout=5)
        await self.render_step()

    def action_leave(self) -> None:
        if not self.dirty():
            self.app.pop_screen()
            return

        def decided(choice: str | None) -> None:
            if choice == "save":
                self.persist(self._snapshot(), self.step.id,
                             then=lambda _r: self.app.call_later(self.app.pop_screen))
            elif choice == "discard":
                self.app.pop_screen()

        self.app.push_screen(ConfirmLeave(revising=self.record.is_complete), decided)
