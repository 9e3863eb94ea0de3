"""The draft findings text, read-only: what the documents will place into the findings form."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from courtscreen.domain.findings_text import DraftFindings


def draft_markup(draft: DraftFindings) -> str:
    parts = ["[b reverse] DRAFT: elements not yet decided [/b reverse]"] if draft.draft else []
    parts += ["[b]Findings of fact[/b]"]
    if not draft.incidents:
        parts.append("[dim]No incident is found proven yet.[/dim]")
    parts += [f"{n}. {escape(p)}" for n, p in enumerate(draft.incidents, 1)]
    parts += ["", "[b]Conclusions[/b]"] + [escape(p) for p in draft.conclusions]
    if draft.not_found:
        parts += ["", "[b]Alleged or disputed, not found[/b]"] + [f"[dim]{escape(p)}[/dim]"
                                                                 for p in draft.not_found]
    if draft.missing:  # on the screen only: a document never carries working notes
        parts += ["", "[b]Still to do (not printed in any document)[/b]"]
        parts += [f"• {escape(m)}" for m in draft.missing]
    parts += ["", f"[dim]{escape(draft.summary)} Confidential locations are withheld.[/dim]"]
    return "\n".join(parts)


class DraftFindingsScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, case_number: str, draft: DraftFindings) -> None:
        super().__init__()
        self.case_number = case_number
        self.draft = draft

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="draft-body"):
            yield Static(draft_markup(self.draft), id="draft-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Draft findings · {self.case_number}"
