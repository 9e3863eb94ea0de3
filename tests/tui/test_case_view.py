"""One case on screen: opened from the docket with Enter, its details, why it is flagged, related cases."""

from __future__ import annotations

from helpers import db as dbh
from tuikit import (
    CASE_NO,
    FLAGS,
    SIZE,
    column,
    db_rows,
    docket_ready,
    scalar,
    settle,
    table_rows,
    text_of,
    wait_until,
)

from courtscreen.tui.screens.case_view import CaseScreen
from courtscreen.tui.screens.docket import DocketScreen

ROLE = {"petitioner": "Petitioner", "respondent": "Respondent", "defendant": "Defendant"}


def detail(pilot) -> str:
    return text_of(pilot.app.screen.query_one("#case-detail"))


def related(pilot):
    """The related-cases table of the case view's panel."""
    return pilot.app.screen.query_one("#related-cases-table")


async def no_related(pilot) -> bool:
    await wait_until(pilot, lambda: "No other case" in text_of(pilot.app.screen.query_one(
        "#related-cases-status")) or related(pilot).row_count, what="the related cases")
    return related(pilot).row_count == 0 and "No other case names these people." in text_of(
        pilot.app.screen.query_one("#related-cases-status"))


async def case_loaded(pilot, number: str | None = None) -> None:
    await settle(pilot)
    await wait_until(
        pilot, lambda: isinstance(pilot.app.screen, CaseScreen)
        and not detail(pilot).startswith("Loading") and (number is None or number in detail(pilot)),
        what=f"case {number or ''} to load")


async def search_for(pilot, text: str) -> None:
    """/ then the text then Enter (which returns to the list). The text is pasted rather than typed
    key by key: typing is covered by test_docket.py and costs ~80 ms a key."""
    await pilot.press("slash")
    pilot.app.screen.query_one("#search").value = text
    await pilot.press("enter")
    await settle(pilot)


async def open_by_number(pilot, number: str, row: int = 0) -> None:
    """Search the docket for a case number and open the row with Enter, as a clerk would."""
    await search_for(pilot, number)
    table = pilot.app.screen.query_one("#cases")
    assert number in column(table, CASE_NO)
    table.move_cursor(row=row)
    await pilot.press("enter")
    await case_loaded(pilot, number)


def other_cases_sharing_a_person(engine, case_id: int) -> set[str]:
    """Case numbers of the other cases that share a person (not an organisation) with this one:
    each party is its own row, so the same person is the same linked group (party_person)."""
    return {n for (n,) in db_rows(engine, """
        SELECT DISTINCT c.case_number FROM case_party a
        LEFT JOIN party_person ga ON ga.party_id = a.party_id
        JOIN party p ON p.id = a.party_id AND NOT p.is_organisation
        JOIN party_person gb ON gb.person_id = ga.person_id
        JOIN case_party b ON b.party_id = gb.party_id AND b.case_id <> a.case_id
        JOIN court_case c ON c.id = b.case_id
        WHERE a.case_id = :cid""", cid=case_id)}


async def test_enter_opens_the_highlighted_case_and_escape_returns(app, docket_engine):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        table = pilot.app.screen.query_one("#cases")
        table.move_cursor(row=3)
        await pilot.pause()
        number = table_rows(table)[3][CASE_NO]
        case_id = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

        await pilot.press("enter")
        await case_loaded(pilot, number)
        assert len(pilot.app.screen_stack) == 3  # default screen, docket, case
        text = detail(pilot)
        case = scalar(docket_engine, "SELECT case_number FROM court_case WHERE id = :i", i=case_id)
        assert text.startswith(case)
        assert pilot.app.screen.sub_title == number
        assert "Parties" in text
        for role, name in dbh.parties_of(docket_engine, case_id):
            assert f"{ROLE[role]}: {name}" in text
        assert "Why this case is flagged" in text
        source_row = scalar(docket_engine, "SELECT source_row FROM court_case WHERE id = :i", i=case_id)
        assert f"sample_docket.csv, row {source_row}" in text

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DocketScreen)
        assert pilot.app.screen.query_one("#cases").cursor_row == 3  # the clerk's place is kept
        assert text_of(pilot.app.screen.query_one("#status")).startswith("Cases 1–100 of 300")


async def test_a_protection_order_says_why_it_is_flagged(app, docket_engine):
    number = scalar(docket_engine, "SELECT case_number FROM court_case WHERE flags = 'type:protection_order' "
                                   "AND NOT repeat_party ORDER BY case_number LIMIT 1")
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await open_by_number(pilot, number)
        text = detail(pilot)
        assert f"{number}  Protection order" in text
        why = text.split("Why this case is flagged", 1)[1].split("Stalking screening", 1)[0]
        assert "⚑ case type: Protection order case, a kind of case where stalking is often present" in why
        assert "Not screened yet." in text
        assert await no_related(pilot)  # nobody in it is in another case


async def test_an_unflagged_case_says_nothing_flags_it(app, docket_engine):
    number = scalar(docket_engine, """
        SELECT c.case_number FROM court_case c WHERE c.flags = '' AND NOT c.repeat_party
        AND NOT EXISTS (SELECT 1 FROM case_party l JOIN party p ON p.id = l.party_id
                        WHERE l.case_id = c.id AND p.is_organisation)
        ORDER BY c.case_number LIMIT 1""")
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await open_by_number(pilot, number)
        assert "Nothing on the docket flags this case. Screening can still be done." in detail(pilot)
        assert await no_related(pilot)


async def test_related_cases_open_with_enter(app, docket_engine):
    # a family case whose parties are all people, one of them in other cases too
    case_id, number = db_rows(docket_engine, """
        SELECT c.id, c.case_number FROM court_case c
        WHERE c.repeat_party AND c.case_type IN ('protection_order', 'custody', 'divorce')
        AND (SELECT count(*) FROM court_case d WHERE d.case_number = c.case_number) = 1
        ORDER BY c.case_number LIMIT 1""")[0]
    expected = other_cases_sharing_a_person(docket_engine, case_id)
    assert expected

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await open_by_number(pilot, number)
        assert "also in" in detail(pilot)  # "… also in N other case(s)" next to the party
        await wait_until(pilot, lambda: related(pilot).row_count > 0, what="the related cases")
        assert text_of(pilot.app.screen.query_one("#related-cases-title")).startswith("Related cases")
        rows = table_rows(related(pilot))
        assert {r["Case"] for r in rows} == expected
        why = detail(pilot).split("Why this case is flagged", 1)[1]
        assert "other case" in why and "stalking is a pattern" in why

        first_related = rows[0]["Case"]
        await pilot.press("enter")
        await case_loaded(pilot, first_related)
        assert detail(pilot).startswith(first_related)
        assert len(pilot.app.screen_stack) == 4
        # …and the case we came from is related back
        await wait_until(pilot, lambda: related(pilot).row_count > 0, what="the related cases")
        assert number in column(related(pilot), "Case")

        await pilot.press("escape")
        await case_loaded(pilot, number)
        assert detail(pilot).startswith(number)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DocketScreen)


async def test_the_same_case_number_in_two_courts_opens_the_right_case(app, docket_engine):
    number = scalar(docket_engine, "SELECT case_number FROM court_case GROUP BY case_number "
                                   "HAVING count(*) = 2 ORDER BY case_number LIMIT 1")
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await search_for(pilot, number)
        table = pilot.app.screen.query_one("#cases")
        assert column(table, CASE_NO) == [number, number]
        courts = []
        for row in (0, 1):
            table.move_cursor(row=row)
            case_id = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
            court = scalar(docket_engine, "SELECT court FROM court_case WHERE id = :i", i=case_id)
            await pilot.press("enter")
            await case_loaded(pilot, number)
            assert detail(pilot).splitlines()[0].endswith(court)
            courts.append(court)
            await pilot.press("escape")
            await settle(pilot)
        assert len(set(courts)) == 2


async def test_the_prosecuting_state_does_not_make_a_case_related(app, docket_engine):
    number = scalar(docket_engine, """
        SELECT case_number FROM court_case WHERE case_type = 'other_criminal' AND flags = ''
        AND NOT repeat_party ORDER BY case_number LIMIT 1""")
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await search_for(pilot, number)
        assert column(pilot.app.screen.query_one("#cases"), FLAGS) == [""]  # the docket: not flagged
        await pilot.press("enter")
        await case_loaded(pilot, number)
        text = detail(pilot)
        assert "Petitioner: State of Franklin" in text
        assert "State of Franklin also appears" not in text
        assert "Nothing on the docket flags this case." in text
        assert await no_related(pilot)


async def test_no_double_blank_line_when_the_docket_has_no_case_title(app, docket_engine):
    assert scalar(docket_engine, "SELECT count(*) FROM court_case WHERE case_title = ''") == 300
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await pilot.press("enter")
        await case_loaded(pilot)
        lines = detail(pilot).splitlines()
        assert lines[1:3] != ["", ""], lines[:5]
        assert lines[2] == "Hearing"


async def test_a_case_that_cannot_be_read_is_a_message(app, monkeypatch):
    from courtscreen.store import worklist

    def broken(*args, **kwargs):
        raise RuntimeError("database is locked")

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        monkeypatch.setattr(worklist, "case_detail", broken)
        await pilot.press("enter")
        await case_loaded(pilot)
        assert detail(pilot) == "Could not read this case: database is locked"
        assert pilot.app.is_running
        monkeypatch.undo()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, DocketScreen)


async def test_a_deleted_case_is_a_message(app):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        pilot.app.push_screen(CaseScreen(10_000_000))
        await case_loaded(pilot)
        assert detail(pilot) == "This case is no longer in the database."


async def test_the_case_page_scrolls_with_the_keys_from_the_start(app):
    """At 80x24 a case is longer than the screen: PageDown / arrows scroll it at once, no Tab."""
    async with app.run_test(size=(80, 24)) as pilot:
        await docket_ready(pilot)
        await pilot.press("enter")
        await case_loaded(pilot)
        body = pilot.app.screen.query_one("#case-body")
        assert body.scroll_y == 0 and body.max_scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        after_page = body.scroll_y
        await pilot.press("down")
        await pilot.pause()
        assert body.scroll_y > after_page or body.scroll_y == body.max_scroll_y
        await pilot.press("pageup", "pageup")
        await pilot.pause()
        assert body.scroll_y == 0
