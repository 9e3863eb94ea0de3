"""The related-cases panel and the people screen, mounted in a tiny test App (Pilot)."""

from __future__ import annotations

import pytest
from helpers.dockets import FAMILY, HEADER, SUPERIOR, docket_csv
from textual.app import App, ComposeResult
from tuikit import settle, wait_until

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import people
from courtscreen.store.screenings import find_case_id
from courtscreen.tui.screens.people import PeopleScreen
from courtscreen.tui.widgets.related_cases import RelatedCasesPanel

ROWS = [
    ["2026-DR-000101", FAMILY, "Divorce", "Contested dissolution", "2026-12-01", "9:00 AM", "",
     "Quill, Anna", "Quill, Robert J."],
    ["2026-PFA-00102", FAMILY, "", "Relief from abuse", "2026-12-02", "10:30 AM", "",
     "QUILL, ANNA", "Bob J. Quill"],
    ["26-CADV-0103", SUPERIOR, "Criminal", "Domestic assault", "2026-12-03", "2:00 PM", "",
     "State of Franklin", "Quill, R. J."],
]


@pytest.fixture
def engine(empty_engine, tmp_path):
    import_docket(empty_engine, docket_csv(tmp_path / "d.csv", ROWS, HEADER), ImportOptions(),
                  CaseTypeRules.load(), "clerk")
    return empty_engine


class PanelApp(App):
    def __init__(self, engine, case_id):
        super().__init__()
        self.engine, self.case_id, self.messages = engine, case_id, []

    def compose(self) -> ComposeResult:
        yield RelatedCasesPanel(self.engine, self.case_id, user="clerk")

    def on_related_cases_panel_open_case(self, message):
        self.messages.append(("open", message.case_id))

    def on_related_cases_panel_link_decided(self, message):
        self.messages.append((message.decision, message.link_id))


def table_rows(table):
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_panel_lists_related_cases_and_opens_one(engine):
    case_id = find_case_id(engine, "2026-DR-000101")
    app = PanelApp(engine, case_id)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.query_one("#related-cases-table")
        rows = table_rows(table)
        assert [r[1] for r in rows] == ["2026-PFA-00102", "26-CADV-0103"]  # oldest first
        assert rows[0][5] == "same pair of parties" and "check " in rows[1][6]
        await pilot.press("enter")
        await pilot.pause()
        assert app.messages == [("open", find_case_id(engine, "2026-PFA-00102"))]


@pytest.mark.parametrize(("key", "decision"), [("c", "confirmed"), ("x", "rejected")])
async def test_confirm_or_reject_a_suggested_link(engine, key, decision):
    case_id = find_case_id(engine, "26-CADV-0103")
    app = PanelApp(engine, case_id)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.query_one("#related-cases-table")
        assert table.row_count == 2 and "check" in table_rows(table)[0][6]
        await pilot.press(key)
        await wait_until(pilot, lambda: any(m[0] == decision for m in app.messages), what="decision")
        await settle(pilot)
        rows = table_rows(app.query_one("#related-cases-table"))
        if decision == "confirmed":
            assert len(rows) == 2 and all("confirmed" in r[6] or "linked" in r[6] for r in rows)
        else:
            assert rows == []
            assert "No other case" in str(app.query_one("#related-cases-status").render())
    assert not people.suggestions(engine) or decision == "rejected"


async def test_panel_error_is_a_message_not_a_traceback(engine, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(people, "related_cases", broken)
    app = PanelApp(engine, 1)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "database went away" in str(app.query_one("#related-cases-status").render())


class PeopleApp(App):
    def __init__(self, engine):
        super().__init__()
        self.engine, self.opened = engine, []

    def on_mount(self):
        self.push_screen(PeopleScreen(self.engine))

    def on_people_screen_open_case(self, message):
        self.opened.append(message.case_id)


async def test_people_screen_shows_a_timeline_and_opens_a_case(engine):
    app = PeopleApp(engine)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        people_rows = table_rows(screen.query_one("#people-table"))
        assert {r[0] for r in people_rows} == {"Anna Quill", "Robert J. Quill"}
        assert "2 people are named in 2 or more cases" in str(screen.query_one("#people-status").render())
        await pilot.press("enter")  # into the person's cases
        await pilot.press("down", "enter")
        await pilot.pause()
        cases = table_rows(screen.query_one("#person-cases"))
        assert [c[1] for c in cases] == ["2026-DR-000101", "2026-PFA-00102"]
        assert app.opened == [find_case_id(engine, "2026-PFA-00102")]


async def test_people_screen_search_finds_a_person_by_any_spelling(engine, tmp_path):
    """The people view had no search: / and a name narrow the list to that person."""
    more = [["2026-DR-000201", FAMILY, "Divorce", "Dissolution", "2026-12-04", "9:00 AM", "",
             "Marden, Tess", "Marden, Olek"],
            ["2026-PFA-00202", FAMILY, "", "Relief from abuse", "2026-12-05", "9:30 AM", "",
             "MARDEN, TESS", "Olek Marden"]]
    import_docket(engine, docket_csv(tmp_path / "more.csv", more, HEADER), ImportOptions(),
                  CaseTypeRules.load(), "clerk")
    people.link_all(engine)
    app = PeopleApp(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        names = {r[0] for r in table_rows(screen.query_one("#people-table"))}
        assert {"Anna Quill", "Tess Marden", "Olek Marden"} <= names, names
        await pilot.press("slash")
        await pilot.press(*"quill ann")
        await wait_until(pilot, lambda: "quill ann" in str(screen.query_one("#people-status").render()),
                         what="the search result")
        await settle(pilot)
        assert [r[0] for r in table_rows(screen.query_one("#people-table"))] == ["Anna Quill"]
        status = str(screen.query_one("#people-status").render())
        assert "1 person whose name contains “quill ann” is named in 2 or more cases" in status
        assert "Anna Quill: 2 cases" in str(screen.query_one("#person-title").render())
        for _ in "quill ann":
            await pilot.press("backspace")
        await pilot.press(*"100%")  # a literal character, not a wildcard
        await wait_until(pilot, lambda: "100%" in str(screen.query_one("#people-status").render()),
                         what="the empty result")
        await settle(pilot)
        assert screen.query_one("#people-table").row_count == 0
        assert "Nobody whose name contains “100%” is named in 2 or more cases" in str(
            screen.query_one("#people-status").render())
        await pilot.press("escape")  # out of the search box, onto the list; not off the screen
        assert app.screen is screen
