"""Read-only: what other cases of the same people already hold — screenings and incidents.

Opened from the screening wizard (r), so the screener sees the whole pattern
(a PO petition here, a criminal mischief charge there) before answering.
Suggested, unconfirmed links are left out: another person's record is never
shown as this respondent's until someone has confirmed the link.
"""

from __future__ import annotations

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from courtscreen.domain.findings import FINDINGS
from courtscreen.tui.from_thread import update_from_thread


def pattern_markup(patterns) -> str:
    if not patterns:
        return ("No other case in the database shares a person with this one "
                "(confirmed or automatically linked).")
    out = []
    for p in patterns:
        c = p.case
        when = f"{c.when:%Y-%m-%d}" if c.when else "no date"
        out.append(f"[b]{escape(c.case_number)}[/b]  {escape(c.case_type.label)}  ·  {escape(c.court)}  ·  "
                   f"{when}")
        how = "; ".join(f"{escape(s.here_name)}: {escape(s.describe)}" for s in c.connections)
        if how:
            out.append(f"  [dim]{how}[/dim]")
        if p.screening is None:
            out.append("  Not screened.")
        else:
            a = p.screening.assessment()
            state = a.headline if p.screening.is_complete else "Screening in progress (draft)"
            out.append(f"  Screening: [b]{escape(state)}[/b] ({escape(p.screening.updated_by)}, "
                       f"{p.screening.updated_at:%Y-%m-%d})")
            out += [f"    • {escape(r)}" for r in a.reasons[:4]]
        if p.incidents:
            out.append(f"  {len(p.incidents)} incident(s) recorded:")
            for i in p.incidents[:8]:
                out.append(f"    {i.when.short()}  {FINDINGS[i.finding]}: {escape(i.description[:70])}")
        out.append("")
    return "\n".join(out)


class RelatedPatternScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, case_id: int, case_number: str = "") -> None:
        super().__init__()
        self.case_id = case_id
        self.case_number = case_number

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="pattern-body"):
            yield Static("Reading the related cases…", id="pattern-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Related cases · {self.case_number}" if self.case_number else "Related cases"
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        from courtscreen.store.people import related_screenings

        try:
            patterns = related_screenings(self.app.engine, self.case_id)
        except Exception as exc:
            update_from_thread(self, "#pattern-text",
                               f"[b red]Could not read the related cases: {escape(str(exc))}[/]")
            return
        update_from_thread(self, "#pattern-text", pattern_markup(patterns))
