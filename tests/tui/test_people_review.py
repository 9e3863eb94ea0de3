"""Issue 15 in the TUI: the side-by-side review of suggested links, the person timeline with the
incidents of every case marked by case, and the pattern summary at the top of a case (Pilot)."""

from __future__ import annotations

from datetime import date

import pytest
from helpers.dockets import FAMILY, HEADER, SUPERIOR, docket_csv
from textual.app import App, ComposeResult
from tuikit import settle, wait_until

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.domain.findings import Incident, parse_when
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import people
from courtscreen.store.findings import add_incident
from courtscreen.store.people_report import link_quality
from courtscreen.store.screenings import find_case_id
from courtscreen.tui.screens.link_review import LinkReviewScreen
from courtscreen.tui.screens.people import PeopleScreen
from courtscreen.tui.widgets.pattern_summary import PatternSummaryBox

ROWS = [
    ["2026-CU-00110", FAMILY, "Custody", "Modify parenting time", "2026-12-05", "", "",
     "Quill, Anna", "Quill, Robert J."],
    ["2026-PFA-00102", FAMILY, "", "Relief from abuse", "2026-12-02", "10:30 AM", "",
     "QUILL, ANNA", "Bob J. Quill"],  # the same pair: linked on the co-party
    ["2026-CV-00130", SUPERIOR, "Civil", "Collection", "2026-12-03", "", "",
     "Ridgeview Property Management LLC", "Quill, R. J."],  # an initial only: suggested
    ["2026-PFA-00140", FAMILY, "", "Relief from abuse", "2026-12-04", "", "",
     "Ellery, Tamsin", "Quill, R. J."],  # suggested too; a PO respondent: reviewed first
]


@pytest.fixture
def engine(empty_engine, tmp_path):
    import_docket(empty_engine, docket_csv(tmp_path / "d.csv", ROWS, HEADER), ImportOptions(),
                  CaseTypeRules.load(), "clerk")
    po = find_case_id(empty_engine, "2026-PFA-00102")
    for day, what in (("2026-10-03", "Waited outside the library after closing"),
                      ("2026-10-09", "Sent forty texts overnight")):
        incident = Incident(when=parse_when(day, date(2026, 11, 23)), description=what, finding="proven")
        add_incident(empty_engine, po, incident, "clerk")
    return empty_engine


class ScreenApp(App):
    def __init__(self, engine, make):
        super().__init__()
        self.engine, self.make = engine, make

    def on_mount(self):
        self.push_screen(self.make(self.engine))


def rows(table):
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def text(widget) -> str:
    return str(widget.render())


async def test_review_shows_both_records_side_by_side_and_records_decisions(engine):
    app = ScreenApp(engine, lambda e: LinkReviewScreen(e, user="clerk"))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: "Suggestion 1 of" in text(app.screen.query_one("#review-status")),
                         what="the first suggestion")
        screen = app.screen
        status = text(screen.query_one("#review-status"))
        total = int(status.split("Suggestion 1 of ", 1)[1].split(" ", 1)[0])
        assert total == len(people.suggestions(engine, None)) >= 2
        table = {r[0]: r[1:] for r in rows(screen.query_one("#review-table"))}
        # The PO respondent's suggestion comes first; what agrees and differs is marked.
        assert "PO 2026-PFA-00140 (respondent" in " ".join(table["Cases"])
        assert table["Surname"][0] == "= agrees"
        assert table["Given name"][0] == "= agrees"  # R. is an initial of Robert / Bob
        assert table["Middle"][0] == "= agrees"
        assert table["Born"][0] == "· one side"
        assert "first name given as an initial" in text(screen.query_one("#review-evidence"))
        first = screen.comparison.link.id
        await pilot.press("c")
        status = screen.query_one("#review-status")
        await wait_until(pilot, lambda: f"Suggestion 2 of {total}" in text(status), what="the next one")
        assert people.get_link(engine, first).status == "confirmed"
        second = screen.comparison.link.id
        await pilot.press("n")  # not sure: recorded, offered again later
        await wait_until(pilot, lambda: people.get_link(engine, second).status == "unsure",
                         what="the not-sure decision")
        assert people.get_link(engine, second).decided_by == "clerk"
        while screen.index < len(screen.queue):
            await pilot.press("x")
            await settle(pilot)
        await wait_until(pilot, lambda: "No more suggestions" in text(screen.query_one("#review-status")),
                         what="the end of the queue")
        assert "1 marked not sure (offered again next time)" in text(screen.query_one("#review-status"))
    quality = link_quality(engine)
    assert quality.by_status.get("unsure") == 1
    assert any("1 marked not sure" in line for line in quality.lines())
    # Next time the not-sure link is offered again, last, and shown as such.
    app = ScreenApp(engine, lambda e: LinkReviewScreen(e, user="judge"))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: "Suggestion 1 of" in text(app.screen.query_one("#review-status")),
                         what="the queue again")
        screen = app.screen
        assert screen.queue[-1].id == second
        while screen.index < len(screen.queue) - 1:
            await pilot.press("x")
            await settle(pilot)
        await wait_until(pilot, lambda: "marked not sure by clerk earlier" in text(
            screen.query_one("#review-status")), what="the not-sure link, last")


async def test_person_timeline_lists_every_case_and_the_incidents_marked_by_case(engine):
    app = ScreenApp(engine, PeopleScreen)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        names = [r[0] for r in rows(screen.query_one("#people-table"))]
        screen.query_one("#people-table").move_cursor(row=names.index("Robert J. Quill"))
        await wait_until(pilot, lambda: "Incidents across" in text(screen.query_one("#person-incidents")),
                         what="the incidents")
        cases = rows(screen.query_one("#person-cases"))
        assert [c[1] for c in cases] == ["2026-PFA-00102", "2026-CU-00110"]  # oldest first
        assert [c[5] for c in cases] == ["2", "0"]
        incidents = text(screen.query_one("#person-incidents"))
        assert "[2026-PFA-00102] 2026-10-03 proven: Waited outside the library" in incidents
        assert incidents.index("2026-10-03") < incidents.index("2026-10-09")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, LinkReviewScreen)


class BoxApp(App):
    def __init__(self, engine, case_id):
        super().__init__()
        self.engine, self.case_id = engine, case_id

    def compose(self) -> ComposeResult:
        yield PatternSummaryBox(self.engine, self.case_id)


async def test_custody_case_says_at_the_top_what_the_linked_po_case_holds(engine):
    app = BoxApp(engine, find_case_id(engine, "2026-CU-00110"))
    async with app.run_test(size=(120, 20)) as pilot:
        box = app.query_one(PatternSummaryBox)
        await wait_until(pilot, lambda: box.summary is not None, what="the summary")
        shown = text(box)
        assert "The same people in other cases" in shown
        assert ("linked PO case 2026-PFA-00102 (same pair of parties, 2026-12-02): not screened, "
                "2 proven incidents") in shown
        assert "Waited outside" not in shown  # counts only, never incident text
        # R. J. Quill of the two other cases is only suggested: counted, not described
        assert "2 more case(s) may involve these people (suggested links" in shown
        assert "2026-CV-00130" not in shown
    lone = BoxApp(engine, find_case_id(engine, "2026-CV-00130"))
    async with lone.run_test(size=(120, 20)) as pilot:
        box = lone.query_one(PatternSummaryBox)
        await wait_until(pilot, lambda: box.summary is not None, what="the summary")
        # suggested to Robert J. Quill's two cases; the other R. J. Quill is not a second question
        # (one suggestion per person: SUGGESTIONS_PER_PERSON)
        assert text(box).startswith("The same people in other cases\n2 more case(s) may involve")
