"""The docket's "why here" line: why the highlighted case is where it is in the list.

Its tier in words, then the nearest hearing; for a case raised by another case (cross-case
evidence), who links it and to which case, read in a thread. A mixin of DocketScreen
(which calls show_why_here when a row is highlighted: @on handlers must live on the screen).
"""

from __future__ import annotations

from rich.markup import escape
from textual import work
from textual.widgets import Static

from courtscreen.domain.triage import TriageRules, why_here
from courtscreen.tui.widgets.case_table import CaseTable


class WhyHereLine:
    # ----- why here ------------------------------------------------------------------------

    @property
    def triage_rules(self) -> TriageRules:
        rules = getattr(self, "_triage_rules", None)
        if rules is None:
            settings = getattr(self.app, "settings", None)
            try:
                rules = TriageRules.load(getattr(settings, "triage_rules", None))
            except ValueError:
                rules = TriageRules.load()
            self._triage_rules = rules
        return rules

    def show_why_here(self) -> None:
        """Why the highlighted case is where it is: its tier in words, then nearest hearing."""
        table = self.query_one(CaseTable)
        line = self.query_one("#why-here", Static)
        if table.row_count == 0:
            line.update("")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        row = table.rows_by_key.get(key)
        if row is None:
            line.update("")
            return
        line.update(f"[b]Why here[/b] ({escape(row.case.case_number)}): "
                    f"{escape(why_here(self.triage_rules, row.flags, row.priority))}")
        if row.cross_case:
            self.load_linked(row.case.id, row.flags, row.priority, row.case.case_number)

    @work(thread=True, exclusive=True, group="why-here")
    def load_linked(self, case_id: int, flags, priority: int, number: str) -> None:
        from courtscreen.store.triage_links import linked_evidence

        try:
            linked = linked_evidence(self.app.engine, case_id, limit=2)
        except Exception:
            return
        text = why_here(self.triage_rules, flags, priority, linked)
        self.app.call_from_thread(self._show_linked, case_id, number, text)

    def _show_linked(self, case_id: int, number: str, text: str) -> None:
        table = self.query_one(CaseTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key == str(case_id):
            self.query_one("#why-here", Static).update(
                f"[b]Why here[/b] ({escape(number)}): {escape(text)}")

