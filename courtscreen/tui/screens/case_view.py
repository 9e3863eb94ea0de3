"""One case: its details, parties, why it was flagged, and the other cases its parties are in."""

from __future__ import annotations

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from courtscreen.domain.findings import course_of_conduct
from courtscreen.domain.findings_timeline import summary_lines
from courtscreen.domain.triage import TriageRules, repeat_party_flag
from courtscreen.store import screenings, worklist
from courtscreen.store.worklist import CaseDetail
from courtscreen.tui.footer_keys import WidthAwareFooter
from courtscreen.tui.widgets.docket_entries import entries_lines
from courtscreen.tui.widgets.pattern_summary import PatternSummaryBox
from courtscreen.tui.widgets.related_cases import RelatedCasesPanel

HISTORY_SHOWN = 15
ROLE_LABELS = {"petitioner": "Petitioner", "respondent": "Respondent", "defendant": "Defendant",
               "victim": "Victim", "child": "Child", "other": "Other"}


def step_label(case_type, screening) -> str:
    """The wizard's own title for the step a draft stopped at, never its internal name."""
    from courtscreen.domain.screening import steps_for

    titles = {s.id: s.title for s in steps_for(case_type, screening.answers.screener_role)}
    return titles.get(screening.step, screening.step.replace("_", " "))


def detail_markup(d: CaseDetail, rules: TriageRules, screening=None, history=(), findings=None,
                  acts_required: int = 2, documents=(), roles=None) -> str:
    """The case as Rich markup; every value from the docket is escaped."""
    c = d.row.case
    e = escape
    when = f"{c.hearing_date:%A %d %B %Y}" if c.hearing_date else "no hearing date on the docket"
    if c.hearing_time:
        when += f" at {c.hearing_time:%H:%M}"
    lines = [
        f"[b]{e(c.case_number)}[/b]  {e(c.case_type.label)}  ·  {e(d.court or 'court not given')}"
        + (f" ({e(d.division)})" if d.division else ""),
        f"[dim]{e(d.case_title)}[/dim]" if d.case_title else None,
        "",
        "[b]Hearing[/b]",
        f"  {when}" + (f", {e(c.courtroom)}" if c.courtroom else "")
        + (f", {e(c.judge)}" if c.judge else ""),
        f"  Nature / hearing type: {e(c.nature) or '—'}",
        f"  Status: {e(c.status) or '—'}    Filed: {d.filing_date or '—'}",
        f"  Classified as {e(c.case_type.label)} because the {e(d.case_type_reason)}.",
    ]
    lines += entries_lines(d.entries, d.source_file)  # every charge and hearing row (issue 20)
    lines += [
        "",
        "[b]Parties[/b]",
    ]
    if not c.parties:
        lines.append("  The docket names no parties for this case.")
    for p in c.parties:
        dob = f", born {p.dob:%Y-%m-%d}" if p.dob else ""
        others = d.related.get(p.party_id, [])
        also = f"  [yellow]also in {len(others)} other case(s)[/yellow]" if others else ""
        lines.append(f"  {ROLE_LABELS.get(p.role, p.role)}: {e(p.name)}{dob}{also}")
    lines += ["", "[b]Why this case is flagged[/b]"]
    flags = rules.flags(c.case_type, c.nature)
    for p in c.parties:
        others = d.related.get(p.party_id, [])
        if others:
            flags.append(repeat_party_flag(p.name, len(others)))
    if flags:
        lines += [f"  [yellow]⚑[/yellow] {e(f.reason)}" for f in flags]
    else:
        lines.append("  Nothing on the docket flags this case. Screening can still be done.")
    lines += ["", "[b]Stalking screening[/b]  [dim](press s to screen, resume or revise)[/dim]"]
    if screening is None:
        lines.append("  Not screened yet.")
    else:
        a = screening.assessment()
        state = a.headline if screening.is_complete else (
            f"In progress: stopped at the step “{step_label(c.case_type, screening)}”")
        lines.append(f"  [b]{e(state)}[/b] — last saved by {e(screening.updated_by)} "
                     f"{screening.updated_at:%Y-%m-%d %H:%M} UTC, catalogue {e(screening.catalogue_version)}")
        if screening.is_complete:
            lines += [f"  • {e(r)}" for r in a.reasons]
    lines += ["", "[b]Findings of fact[/b]  [dim](press f to record or review incidents)[/dim]"]
    lines += roles_lines(roles, findings.conclusion.credible_threat if findings else "")
    if not findings or not findings.incidents:
        lines.append("  No incidents recorded.")
    else:
        coc = course_of_conduct(findings.incidents, findings.conclusion, acts_required)
        lines.append(f"  {e(summary_lines(list(findings.incidents), coc)[0])}")
        state = ("[green]course of conduct found[/green]" if coc.established
                 else "course of conduct not found (decided)" if coc.rejected
                 else "[yellow]elements not all decided: findings are a DRAFT[/yellow]")
        lines.append(f"  {state}" + (f" — next: {e(coc.missing[0])}" if coc.missing else ""))
    lines += ["", "[b]Documents[/b]  [dim](press g to prepare an order, findings or conditions)[/dim]"]
    if not documents:
        lines.append("  None generated yet.")
    for doc in documents[:5]:
        lines.append(f"  {doc['generated_at']:%Y-%m-%d %H:%M} UTC  {e(doc['form_id'])} v{doc['version']}  "
                     f"{e(doc.get('status') or 'draft')}  [dim]{e(doc['output_path'])}[/dim]  "
                     f"by {e(doc['generated_by'])}")
    numbers = {i.id: i.number for i in (findings.incidents if findings else ())}
    if history:
        lines += ["", "[b]History[/b] [dim](append-only audit log, newest last)[/dim]"]
        if len(history) > HISTORY_SHOWN:
            lines.append(f"  [dim]… {len(history) - HISTORY_SHOWN} earlier entries; all of them: "
                         f"courtscreen screen {e(c.case_number)} --log[/dim]")
        for h in history[-HISTORY_SHOWN:]:
            change = f" {e(h.field)}: {e(h.old or '—')} → {e(h.new or '—')}" if h.field else ""
            what = _record_label(h, numbers)
            lines.append(f"  [dim]{h.at:%Y-%m-%d %H:%M} UTC[/dim] {e(h.user)} {e(h.action)}{what}{change}")
    source = ", ".join(f"{e(k)}: {e(str(v))}" for k, v in d.source.items())
    if d.source_file:
        lines += ["", f"[b]From the docket[/b]  [dim]{e(d.source_file)}, row {d.source_row}[/dim]",
                  f"  [dim]{source}[/dim]"]
    return "\n".join(line for line in lines if line is not None)


def roles_lines(roles, credible_threat: str = "") -> list[str]:
    """Who did what to whom, and why the findings do or do not mention federal firearms law."""
    if roles is None:
        return []
    from courtscreen.domain.case_roles import RELATIONSHIPS, firearms_note, protected_spec

    e = escape
    state = "" if roles.recorded else "  [yellow](defaults, not confirmed: press o)[/yellow]"
    protected = ", ".join(protected_spec(p) for p in roles.protected)
    mutual = " (mutual: each party found separately)" if roles.mutual else ""
    return [f"  Conduct of the {e(roles.conduct_of)}{mutual}"
            f"; protected: {e(protected)}; relationship: "
            f"{e(RELATIONSHIPS.get(roles.relationship, roles.relationship))}{state}",
            f"  Federal firearms (18 U.S.C. 922(g)(8)): {e(firearms_note(roles, credible_threat))}"]


def _record_label(entry, incident_numbers: dict[int, int]) -> str:
    """' incident 3' (its number in this case, not its database id), ' conclusion', ''."""
    if entry.record == "screening":
        return ""
    if entry.record == "incident":
        return f" incident {incident_numbers.get(entry.record_id, '?')}"
    if entry.record in ("conclusion", "protected"):
        return " conclusions" if entry.record == "conclusion" else " confidential detail"
    return f" {escape(entry.record)}"


class CaseScreen(WidthAwareFooter, Screen):
    # The page itself has the focus: arrows, PageUp/PageDown, Home/End scroll it from the start.
    # Enter still opens the highlighted related case; r moves into the related cases' table.
    AUTO_FOCUS = "#case-body"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("backspace", "app.pop_screen", "Back", show=False),
        Binding("enter", "open_related", "Open related case", show=False),
        Binding("r", "related", "Related"),
        Binding("s", "screen_case", "Screening"),
        Binding("f", "findings", "Findings"),
        Binding("g", "generate", "Documents"),
        Binding("o", "roles", "Who did what to whom"),
        # At 80 columns the footer keeps the keys of this screen; Quit is in ? there.
        Binding("ctrl+q", "app.quit", "Quit"),
    ]
    FOOTER_WIDE_ONLY = frozenset({"roles", "app.quit"})

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="case-body"):
            yield PatternSummaryBox(self.app.engine, self.case_id)  # issue 15: the pattern, first
            yield Static("Loading the case…", id="case-detail")
            yield RelatedCasesPanel(self.app.engine, self.case_id, user=self.app.settings.user,
                                    id="related-cases")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        try:
            # Imported here, in the worker: they pull in the ORM and docxtpl (~0.6 s), which
            # would otherwise freeze the screen the first time a case is opened.
            from courtscreen.documents.service import documents_for
            from courtscreen.store import findings as findings_store

            detail = worklist.case_detail(self.app.engine, self.case_id)
            rules = TriageRules.load(self.app.settings.triage_rules)
            screening = screenings.get_screening(self.app.engine, self.case_id)
            history = screenings.audit_log(self.app.engine, self.case_id)
            found = findings_store.case_findings(self.app.engine, self.case_id)
            from courtscreen.store.case_roles import case_roles

            roles = case_roles(self.app.engine, self.case_id) if detail is not None else None
            documents = documents_for(self.app.engine, self.case_id)
        except Exception as exc:
            self.app.call_from_thread(self._error, f"Could not read this case: {exc}")
            return
        self.app.call_from_thread(self.show, detail, rules, screening, history, found, documents, roles)

    def _error(self, message: str) -> None:
        self.query_one("#case-detail", Static).update(f"[b red]{escape(message)}[/]")

    def show(self, detail: CaseDetail | None, rules: TriageRules, screening=None, history=(),
             found=None, documents=(), roles=None) -> None:
        if detail is None:
            self._error("This case is no longer in the database.")
            return
        self.sub_title = detail.row.case.case_number
        self.query_one("#case-detail", Static).update(detail_markup(
            detail, rules, screening, history, found, self.app.settings.acts_required, documents, roles))

    @on(RelatedCasesPanel.OpenCase)
    def _open_related(self, event: RelatedCasesPanel.OpenCase) -> None:
        self._open(event.case_id)

    @on(RelatedCasesPanel.LinkDecided)
    def _decided(self, event: RelatedCasesPanel.LinkDecided) -> None:
        self.notify(f"Link {event.decision}.", timeout=3)
        self.load()  # the parties' other cases and the flags may have changed
        self.query_one(PatternSummaryBox).reload()

    def _open(self, case_id: int) -> None:
        self.app.push_screen(CaseScreen(case_id))

    def action_open_related(self) -> None:
        """Enter on the page opens the related case under the table's cursor (the first one)."""
        table = self.query_one("#related-cases-table")
        if table.row_count:
            table.action_select_cursor()

    def action_related(self) -> None:
        table = self.query_one("#related-cases-table")
        table.focus()
        table.scroll_visible()

    def action_screen_case(self) -> None:
        if not self.app.allowed("screen", "screen cases"):
            return
        from courtscreen.tui.screens.screening import ScreeningScreen

        self.app.push_screen(ScreeningScreen(self.case_id))

    def action_generate(self) -> None:
        from courtscreen.tui.screens.generate_form import GenerateFormScreen

        self.app.push_screen(GenerateFormScreen(self.case_id))

    def action_roles(self) -> None:
        from courtscreen.tui.screens.case_roles_form import open_roles_form

        open_roles_form(self, self.case_id, lambda message: message and self.notify(message, timeout=4))

    def action_findings(self) -> None:
        from courtscreen.tui.screens.findings import FindingsScreen

        self.app.push_screen(FindingsScreen(self.case_id))

    def on_screen_resume(self) -> None:
        self.load()
        self.query_one(RelatedCasesPanel).reload()
        self.query_one(PatternSummaryBox).reload()
