"""The docket worklist as a clerk sees it: the list, the summary, filters, search, sort, paging.

Each test drives the real app (Textual's Pilot) on a temporary SQLite database holding the sample
docket, and checks what is on screen (table cells, the status and summary lines) against the
database, read with plain SQL rather than the code under test.
"""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from textual.widgets import Checkbox, Input, Select
from tuikit import (
    CASE_NO,
    FLAGS,
    HEARING,
    JUDGE,
    PARTIES,
    SCREENING,
    SIZE,
    TYPE,
    column,
    db_rows,
    docket_ready,
    scalar,
    screen_lines,
    select_options,
    settle,
    table_rows,
    text_of,
    wait_until,
)

from courtscreen.domain.case_types import CaseType
from courtscreen.domain.screening_status import ScreeningStatus
from courtscreen.store import screenings
from courtscreen.tui.screens.docket import DocketScreen

FLAGGED_SQL = "SELECT count(*) FROM court_case WHERE flag_count > 0 OR repeat_party"


def status(pilot) -> str:
    return text_of(pilot.app.screen.query_one("#status"))


def summary(pilot) -> str:
    return text_of(pilot.app.screen.query_one("#summary"))


def cases(pilot):
    return pilot.app.screen.query_one("#cases")


def row_ids(pilot) -> list[int]:
    return [int(key.value) for key in cases(pilot).rows]


def search_texts(engine) -> dict[int, str]:
    return dict(db_rows(engine, "SELECT id, search_text FROM court_case"))


# --------------------------------------------------------------------------- opening


async def test_opening_shows_the_whole_docket_and_its_summary(app, docket_engine):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        assert isinstance(pilot.app.screen, DocketScreen)
        assert cases(pilot).row_count == 100  # one page
        assert status(pilot).startswith("Cases 1–100 of 300 · page 1/3 · sorted by priority")

        flagged = scalar(docket_engine, FLAGGED_SQL)
        assert 0 < flagged < 300
        text = summary(pilot)
        assert text.startswith("300 cases")
        assert re.search(rf"⚑ ?{flagged} flagged", text), text
        assert re.search(r"screened 0\b", text), text
        # per-type counts from the database, e.g. "PO▆46" (a bar between the type and its count)
        for ctype, n in db_rows(docket_engine, "SELECT case_type, count(*) FROM court_case GROUP BY 1"):
            short = CaseType(ctype).short
            assert re.search(rf"(^|\s){short}.{{0,2}}(?<!\d){n}(\s|$)", text), (short, n, text)

        # the first row is a real case, every column filled in
        first = table_rows(cases(pilot))[0]
        number = first[CASE_NO]
        assert scalar(docket_engine, "SELECT count(*) FROM court_case WHERE case_number = :n", n=number) >= 1
        # the strongest triage tier comes first (then the nearest hearing within it)
        best = scalar(docket_engine, "SELECT min(priority) FROM court_case")
        assert scalar(docket_engine, "SELECT priority FROM court_case WHERE id = :i",
                      i=int(cases(pilot).coordinate_to_cell_key((0, 0)).row_key.value)) == best
        assert first[FLAGS].startswith("⚑")
        assert pilot.app.is_running


async def test_an_empty_database_invites_an_import(make_app, empty_engine):
    async with make_app(empty_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cases(pilot).row_count == 0
        assert status(pilot) == "No cases yet. Press i to import a docket."
        assert "0 cases" in summary(pilot)


async def test_sort_is_not_a_filter_on_an_empty_database(make_app, empty_engine):
    async with make_app(empty_engine).run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: pilot.app.screen.filters_ready, what="the filters")
        await pilot.press("s")
        await settle(pilot)
        assert pilot.app.screen.criteria.sort == "hearing"  # the key press reached the screen
        assert cases(pilot).row_count == 0
        await pilot.press("c")
        await settle(pilot)
        assert status(pilot) == "No cases yet. Press i to import a docket."


async def test_an_80x24_terminal_shows_filters_cases_status_and_footer(app, docket_engine):
    """The smallest supported terminal: everything a clerk needs to triage is on screen, and
    the party names have the room (they used to be pushed off by Tier, Screening and Court)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await docket_ready(pilot)
        lines = screen_lines(pilot.app)
        assert len(lines) == 24
        assert lines[1].startswith(" 300 cases")  # the summary
        assert "search case no. or party" in lines[2] and "All types" in lines[2]
        assert "Any judge" in lines[3] and "Flagged only" in lines[3]
        header = lines[5]
        assert header.split() == ["Hearing", "Case", "no.", "Status", "Parties"], header
        rows = table_rows(cases(pilot))
        shown = [line for line in lines[6:21] if any(r[CASE_NO] in line for r in rows)]
        assert len(shown) >= 10
        # Each visible row carries its parties as the database has them: petitioner v. respondent,
        # at least 24 characters of it ("State of Franklin" is captioned "State").
        ids = row_ids(pilot)
        for number, line in enumerate(lines[6:6 + len(shown)]):
            petitioner, respondent = (db_rows(docket_engine, """
                SELECT group_concat(p.full_name, '; ') FROM case_party c JOIN party p ON p.id = c.party_id
                WHERE c.case_id = :id AND c.role IN (:a, :b)""", id=ids[number], a=a, b=b)[0][0]
                for a, b in (("petitioner", "petitioner"), ("respondent", "defendant")))
            first = "State" if petitioner == "State of Franklin" else petitioner
            caption = f"{first} v. {respondent}"
            assert caption[:23] in line, (caption, line)
            assert line.index(caption[:23]) > line.index(rows[number][CASE_NO])
        # The tier still shows while a case awaits screening ("Status" = tier, then the result)
        assert all("⚑stalking" in line for line in shown[:3]), shown[:3]
        assert "Type" not in header and "Judge" not in header and "Court" not in header
        assert lines[22].startswith(" Cases 1–100 of 300")
        assert "Search" in lines[23] and "Flagged" in lines[23] and "Import" in lines[23]


async def test_a_120x40_terminal_shows_type_tier_screening_court_and_judge(app, docket_engine):
    async with app.run_test(size=(120, 40)) as pilot:
        await docket_ready(pilot)
        lines = screen_lines(pilot.app)
        assert lines[5].split() == ["Hearing", "Type", "Case", "no.", "Tier", "Screening", "Court",
                                    "Parties", "Judge"], lines[5]
        first = lines[6]
        number = table_rows(cases(pilot))[0][CASE_NO]
        court, judge = db_rows(docket_engine, "SELECT court, judge FROM court_case WHERE case_number = :n",
                               n=number)[0]
        # The courts by the words that tell them apart; the judge by name or surname.
        assert court.strip().split()[0] in first, first
        assert judge.split()[-1][:9] in first, (judge, first)  # "Easterbro…" at 10 wide
        assert "⚑stalking" in first and " — " in first
        # the sample's three courts, told apart
        court_cells = {r["Court"] for r in table_rows(cases(pilot))}
        assert court_cells <= {"Bexley Superior", "Harlan District", "Harlan Family"}, court_cells
        assert len(court_cells) == 3


async def test_the_columns_follow_a_resize(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await docket_ready(pilot)
        assert "Judge" in screen_lines(pilot.app)[5]
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        header = screen_lines(pilot.app)[5]
        assert "Judge" not in header and "Parties" in header and "Status" in header, header
        assert cases(pilot).row_count == 100  # the page is still there
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "Judge" in screen_lines(pilot.app)[5]


# --------------------------------------------------------------------------- filters


async def test_filter_by_case_type(app, docket_engine):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        pilot.app.screen.query_one("#type", Select).value = CaseType.PROTECTION_ORDER
        await settle(pilot)

        expected = scalar(docket_engine,
                          "SELECT count(*) FROM court_case WHERE case_type = 'protection_order'")
        assert 0 < expected < 100
        assert status(pilot).startswith(f"Cases 1–{expected} of {expected} · page 1/1")
        assert column(cases(pilot), TYPE) == ["PO"] * expected


async def test_filter_by_case_type_with_the_keyboard(app, docket_engine):
    """Open the Type drop-down from the keyboard, type to find "Divorce", Enter."""
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        pilot.app.screen.query_one("#type", Select).focus()
        await pilot.press("enter")  # opens the list
        await pilot.pause()
        await pilot.press("d", "enter")  # type-to-search: Divorce is the only D…
        await settle(pilot)

        assert pilot.app.screen.query_one("#type", Select).value == CaseType.DIVORCE
        expected = scalar(docket_engine, "SELECT count(*) FROM court_case WHERE case_type = 'divorce'")
        assert f"of {expected} " in status(pilot)
        assert set(column(cases(pilot), TYPE)) == {"DIV"}


async def test_flagged_only_toggles_with_f(app, docket_engine):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        flagged = scalar(docket_engine, FLAGGED_SQL)

        await pilot.press("f")
        await settle(pilot)
        assert pilot.app.screen.query_one("#flagged", Checkbox).value is True
        assert f"of {flagged} " in status(pilot)
        assert all(cell.startswith("⚑") for cell in column(cases(pilot), FLAGS))
        await pilot.press("]", "]")  # the last page is flagged too
        await settle(pilot)
        assert all(cell.startswith("⚑") for cell in column(cases(pilot), FLAGS))

        await pilot.press("f")
        await settle(pilot)
        assert pilot.app.screen.query_one("#flagged", Checkbox).value is False
        assert status(pilot).startswith("Cases 1–100 of 300")
        # unflagged cases exist and show an empty Flags cell
        await pilot.press("]", "]")
        await settle(pilot)
        assert "" in column(cases(pilot), FLAGS)


async def test_filter_by_judge(app, docket_engine):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        judges = [j for (j,) in db_rows(docket_engine, "SELECT DISTINCT judge FROM court_case ORDER BY 1")]
        select = pilot.app.screen.query_one("#judge", Select)
        assert [label for label, _ in select_options(select)] == ["Any judge", *judges]

        judge, n = db_rows(docket_engine, "SELECT judge, count(*) FROM court_case GROUP BY judge "
                                          "ORDER BY 2 DESC, 1 LIMIT 1")[0]
        select.value = judge
        await settle(pilot)
        assert status(pilot).startswith(f"Cases 1–{n} of {n} · page 1/1")
        # The column is narrow: the name without "Hon.", or the surname, cut with "…" if need be
        surname = judge.split()[-1]
        for cell in column(cases(pilot), JUDGE):
            assert cell in (judge.removeprefix("Hon. "), surname) or (
                cell.endswith("…") and surname.startswith(cell[:-1])), cell
        ids = row_ids(pilot)
        assert {j for (j,) in db_rows(docket_engine, f"SELECT DISTINCT judge FROM court_case WHERE id IN "
                                                     f"({','.join(map(str, ids))})")} == {judge}


async def test_filter_by_hearing_date_range(app, docket_engine):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await pilot.click("#date-from")
        await pilot.press(*"2026-12-01")
        await settle(pilot)

        after = scalar(docket_engine, "SELECT count(*) FROM court_case WHERE hearing_date >= '2026-12-01'")
        assert 0 < after < 300
        assert f"of {after} " in status(pilot)
        assert all(cell[:10] >= "2026-12-01" for cell in column(cases(pilot), HEARING))
        assert not pilot.app.screen.query_one("#date-from", Input).has_class("-invalid")

        await pilot.click("#date-to")
        await pilot.press(*"2026-12-31")
        await settle(pilot)
        december = scalar(docket_engine, "SELECT count(*) FROM court_case "
                                         "WHERE hearing_date BETWEEN '2026-12-01' AND '2026-12-31'")
        assert f" of {december} " in status(pilot)
        assert all("2026-12-01" <= cell[:10] <= "2026-12-31" for cell in column(cases(pilot), HEARING))


async def test_an_invalid_date_is_marked_and_leaves_the_list_alone(app):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        before_rows, before_status = table_rows(cases(pilot)), status(pilot)

        await pilot.click("#date-from")
        await pilot.press(*"2026-13")
        await settle(pilot)
        box = pilot.app.screen.query_one("#date-from", Input)
        assert box.value == "2026-13"
        assert box.has_class("-invalid")
        assert status(pilot) == before_status
        assert table_rows(cases(pilot)) == before_rows
        assert pilot.app.screen.criteria.date_from is None

        # correcting it clears the mark and applies the filter
        await pilot.press("backspace", "backspace", *"12-01")
        await settle(pilot)
        assert box.value == "2026-12-01"
        assert not box.has_class("-invalid")
        assert pilot.app.screen.criteria.date_from == date(2026, 12, 1)
        assert "of 300 " not in status(pilot)


async def test_screening_status_filter(app, docket_engine):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        select = pilot.app.screen.query_one("#screening", Select)
        select.value = ScreeningStatus.NOT_SCREENED
        await settle(pilot)
        assert status(pilot).startswith("Cases 1–100 of 300")  # nothing is screened yet

        select.value = ScreeningStatus.IN_PROGRESS
        await settle(pilot)
        assert status(pilot) == "No cases match these filters (c clears them)."
        assert cases(pilot).row_count == 0

        # a screening started elsewhere shows up after a refresh (r)
        case_id = scalar(docket_engine, "SELECT min(id) FROM court_case")
        screenings.start_screening(docket_engine, case_id, "clerk")
        await pilot.press("r")
        await settle(pilot)
        assert status(pilot).startswith("Cases 1–1 of 1 ")
        assert row_ids(pilot) == [case_id]
        assert table_rows(cases(pilot))[0][SCREENING] == "in progress"


async def test_c_clears_every_filter(app):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        screen = pilot.app.screen
        screen.query_one("#type", Select).value = CaseType.CUSTODY
        await pilot.press("f")
        await pilot.click("#date-from")
        await pilot.press(*"2026-12-01", "escape")
        await settle(pilot)
        assert "of 300" not in status(pilot)

        await pilot.press("c")
        await settle(pilot)
        assert status(pilot).startswith("Cases 1–100 of 300")
        assert screen.query_one("#type", Select).value is None
        assert screen.query_one("#flagged", Checkbox).value is False
        assert screen.query_one("#date-from", Input).value == ""


# --------------------------------------------------------------------------- search


def _repeated_surname(engine) -> str:
    """A person's surname that appears in at least two cases (the most frequent one)."""
    return db_rows(engine, """
        SELECT p.last_name, count(DISTINCT l.case_id) AS n FROM party p
        JOIN case_party l ON l.party_id = p.id
        WHERE NOT p.is_organisation AND length(p.last_name) >= 4 AND p.last_name NOT LIKE '%-%'
        GROUP BY p.last_name HAVING n >= 2 ORDER BY n DESC, p.last_name LIMIT 1""")[0][0]


async def _search(pilot, text: str) -> None:
    await pilot.press("slash")
    await pilot.pause()
    assert pilot.app.focused is pilot.app.screen.query_one("#search")
    await pilot.press(*text)
    await settle(pilot)


async def test_search_for_a_party_surname(app, docket_engine):
    surname = _repeated_surname(docket_engine)
    texts = search_texts(docket_engine)
    expected = {cid for cid, t in texts.items() if surname.lower() in t}
    assert len(expected) >= 2

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await _search(pilot, surname)
        assert pilot.app.screen.query_one("#search", Input).value == surname
        assert status(pilot).startswith(f"Cases 1–{len(expected)} of {len(expected)} ")
        assert set(row_ids(pilot)) == expected
        parties = column(cases(pilot), PARTIES)
        # the Parties column is cut at 30 characters; where the name fits, it is there
        assert any(surname.lower() in p.lower() for p in parties)
        for p in parties:
            assert surname.lower() in p.lower() or p.endswith("…"), p

        # Enter leaves the search box for the list; escape does too
        await pilot.press("enter")
        assert pilot.app.focused is cases(pilot)


async def test_search_for_a_case_number(app, docket_engine):
    number = scalar(docket_engine, "SELECT case_number FROM court_case WHERE case_type = 'custody' "
                                   "ORDER BY case_number LIMIT 1")
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await _search(pilot, number)
        numbers = column(cases(pilot), CASE_NO)
        assert number in numbers
        n = sum(number.lower() in t for t in search_texts(docket_engine).values())
        assert len(numbers) == n
        assert f"of {n} " in status(pilot)


@pytest.mark.parametrize("text", ["qu", "QU", "ow", "zz"], ids=["qu", "upper", "ow", "none"])
async def test_two_letter_search_still_works(app, docket_engine, text):
    """Under three characters the trigram index cannot help; the LIKE fallback answers."""
    expected = {cid for cid, t in search_texts(docket_engine).items() if text.lower() in t}
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await _search(pilot, text)
        assert set(row_ids(pilot)) == expected
        if expected:
            assert f"of {len(expected)} " in status(pilot)
        else:
            assert status(pilot) == "No cases match these filters (c clears them)."


@pytest.mark.parametrize("text", ['"ab OR', 'ab*', 'NEAR(ab', "%_", "a'b", "x\\"],
                         ids=["quote-or", "star", "near", "like-wildcards", "apostrophe", "backslash"])
async def test_search_syntax_is_taken_literally(app, docket_engine, text):
    """FTS5 / LIKE syntax in the search box is text to find, never a query: no crash, no error."""
    assert not any(text.lower() in t for t in search_texts(docket_engine).values())
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await _search(pilot, text)
        assert pilot.app.is_running
        assert pilot.app.screen.query_one("#search", Input).value == text
        assert status(pilot) == "No cases match these filters (c clears them)."
        assert cases(pilot).row_count == 0

        await pilot.press("escape", "c")
        await settle(pilot)
        assert status(pilot).startswith("Cases 1–100 of 300")


# --------------------------------------------------------------------------- sort and pages


def _priority_order(engine, today: date) -> list[str]:
    """The case numbers in priority order, computed from the raw rows in Python."""
    rows = db_rows(engine, "SELECT case_number, screening_status, priority, hearing_date, "
                           "hearing_time FROM court_case")

    def key(r):
        number, status_, priority, day, at = r
        day = date.fromisoformat(day) if isinstance(day, str) else day
        at = time.fromisoformat(at) if isinstance(at, str) else at
        upcoming = 2 if day is None else (1 if day < today else 0)
        awaiting = status_ in ("not_screened", "in_progress")  # a draft keeps its place
        return (not awaiting, priority, upcoming, day or date.max,
                at is not None, at or time.min, number)

    return [r[0] for r in sorted(rows, key=key)]


async def test_priority_puts_unscreened_flagged_nearest_hearing_first(make_app, docket_engine):
    today = date(2026, 12, 1)  # a week into the docket: some hearings are already past
    first_upcoming_flagged = scalar(docket_engine, """
        SELECT id FROM court_case WHERE (flag_count > 0 OR repeat_party) AND hearing_date >= '2026-12-01'
        ORDER BY priority, hearing_date, hearing_time, case_number LIMIT 1""")
    screenings.start_screening(docket_engine, first_upcoming_flagged, "clerk")  # now "in progress"
    expected = _priority_order(docket_engine, today)

    async with make_app(docket_engine, today=today).run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        shown = column(cases(pilot), CASE_NO)
        assert shown == expected[:100]
        rows = table_rows(cases(pilot))
        assert rows[0][HEARING][:10] >= "2026-12-01"
        assert rows[0][FLAGS].startswith("⚑")
        # A draft keeps its place among the untouched cases (here: first), not behind all of them.
        assert row_ids(pilot)[0] == first_upcoming_flagged and rows[0][SCREENING] == "in progress"
        assert rows[1][SCREENING] == "—"
        assert "screened 0/300 · 1 in progress" in text_of(pilot.app.screen.query_one("#summary"))

        # the strongest tier's upcoming hearings first, nearest first
        best = scalar(docket_engine, "SELECT min(priority) FROM court_case WHERE screening_status = "
                                     "'not_screened'")
        top_upcoming = scalar(docket_engine, "SELECT count(*) FROM court_case WHERE priority = :p AND "
                                             "hearing_date >= '2026-12-01' AND screening_status = "
                                             "'not_screened'", p=best)
        assert top_upcoming > 0
        hearings = column(cases(pilot), HEARING)[:top_upcoming]
        assert hearings == sorted(hearings)

        await pilot.press("]", "]")
        await settle(pilot)
        assert column(cases(pilot), CASE_NO) == expected[200:]


async def test_s_cycles_the_sort_order(app):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        assert "sorted by priority" in status(pilot)

        await pilot.press("s")
        await settle(pilot)
        assert "sorted by hearing date" in status(pilot)
        assert pilot.app.screen.query_one("#sort", Select).value == "hearing"
        hearings = column(cases(pilot), HEARING)
        assert hearings == sorted(hearings)

        await pilot.press("s")
        await settle(pilot)
        assert "sorted by case number" in status(pilot)
        numbers = column(cases(pilot), CASE_NO)
        assert numbers == sorted(numbers)

        await pilot.press("s")
        await settle(pilot)
        assert "sorted by priority" in status(pilot)


async def test_paging_with_square_brackets(app):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        seen = [row_ids(pilot)]

        await pilot.press("]")
        await settle(pilot)
        assert status(pilot).startswith("Cases 101–200 of 300 · page 2/3")
        seen.append(row_ids(pilot))

        await pilot.press("]")
        await settle(pilot)
        assert status(pilot).startswith("Cases 201–300 of 300 · page 3/3")
        seen.append(row_ids(pilot))

        await pilot.press("]")  # no page 4
        await settle(pilot)
        assert status(pilot).startswith("Cases 201–300 of 300 · page 3/3")

        all_ids = [i for page in seen for i in page]
        assert len(all_ids) == len(set(all_ids)) == 300

        await pilot.press("[")
        await settle(pilot)
        assert status(pilot).startswith("Cases 101–200 of 300 · page 2/3")
        assert row_ids(pilot) == seen[1]

        # a new filter starts again at page 1
        await pilot.press("f")
        await settle(pilot)
        assert status(pilot).startswith("Cases 1–100 of ")


# --------------------------------------------------------------------------- help, palette, theme


async def test_help_lists_the_docket_keys(app):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        from courtscreen.tui.screens.help import HelpScreen

        assert isinstance(pilot.app.screen, HelpScreen)
        rows = {r["Key"]: r["Action"] for r in table_rows(pilot.app.screen.query_one("#help-keys"))}
        assert rows["f"] == "Flagged"
        assert rows["i"] == "Import"
        assert rows["/"] == "Search"
        assert rows["]"] == "Next"
        assert rows["ctrl+p"].startswith("Command palette")

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DocketScreen)


async def test_command_palette_turns_on_flagged_only(app, docket_engine):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"flagged")
        await pilot.pause(0.3)  # the palette searches asynchronously
        await pilot.press("enter")
        await settle(pilot)

        assert isinstance(pilot.app.screen, DocketScreen)
        assert pilot.app.screen.query_one("#flagged", Checkbox).value is True
        assert f"of {scalar(docket_engine, FLAGGED_SQL)} " in status(pilot)


async def palette_offers(pilot, query: str) -> list[str]:
    """What the command palette lists for a query, as text, then closes it."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.5)  # the palette searches asynchronously
    options = pilot.app.screen.query_one(CommandList)
    found = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return found


async def test_the_palette_offers_docket_commands_only_on_the_docket(app):
    from courtscreen.tui.screens.case_view import CaseScreen

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        on_docket = " | ".join(await palette_offers(pilot, "e"))
        assert "Export the docket to a spreadsheet" in on_docket
        assert "Show flagged cases only" in on_docket

        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseScreen), what="the case")
        await settle(pilot)
        on_case = " | ".join(await palette_offers(pilot, "e"))
        for docket_only in ("Export the docket", "Show flagged cases only", "Clear all filters",
                            "Generate a form for every shown case", "Sort by"):
            assert docket_only not in on_case, on_case
        assert "Import a docket file" in on_case and "People in several cases" in on_case


async def test_ctrl_t_switches_to_the_light_theme_and_back(app):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        assert pilot.app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert pilot.app.theme == "textual-light"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert pilot.app.theme == "textual-dark"


# --------------------------------------------------------------------------- database trouble


async def test_database_gone_mid_session_is_a_message(app, tmp_path):
    import sqlalchemy as sa

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        good = pilot.app.engine
        missing = tmp_path / "no-such-folder" / "deeper" / "gone.sqlite"
        pilot.app.engine = sa.create_engine(f"sqlite:///{missing}")  # sqlite cannot open it
        try:
            await pilot.press("r")
            await settle(pilot)
            # the page and the summary both fail; whichever message came last is on the status line
            assert status(pilot).startswith("Could not read the docket")
            assert "unable to open database file" in status(pilot)
            assert pilot.app.is_running
            assert not missing.parent.exists()  # nothing was created on the way

            # still usable: the table keeps the last page, and the database coming back is picked up
            assert cases(pilot).row_count == 100
        finally:
            pilot.app.engine.dispose()
            pilot.app.engine = good
        await pilot.press("r")
        await settle(pilot)
        assert status(pilot).startswith("Cases 1–100 of 300")


async def test_a_failing_query_is_a_message(app, monkeypatch):
    from courtscreen.store import worklist

    def broken(*args, **kwargs):
        raise RuntimeError("disk I/O error")

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        monkeypatch.setattr(worklist, "page", broken)
        await pilot.press("r")
        await settle(pilot)
        assert status(pilot) == "Could not read the docket: disk I/O error"
        assert pilot.app.is_running
        await pilot.press("f")  # keys still work
        await settle(pilot)
        assert pilot.app.screen.query_one("#flagged", Checkbox).value is True
        monkeypatch.undo()
        await pilot.press("r")
        await settle(pilot)
        assert status(pilot).startswith("Cases 1–100 of ")


# --------------------------------------------------------------------------- first page drawn early


async def test_first_page_is_drawn_at_full_column_width(app, monkeypatch):
    """Regression: with auto-sized columns, a frame drawn between CaseTable.show_rows and the
    DataTable's idle-time measuring left the first page cut to the header widths ('2026-11',
    '2026-PFA') until the next key press (seen in about 6 of 10 fresh starts at 108x30, and in the
    first 120x40 snapshot). Fixed by fixed column widths (commit 38091cd). This forces the
    interleaving that happened by chance: a frame drawn right after the rows were added."""
    from courtscreen.tui.widgets.case_table import CaseTable

    show_rows = CaseTable.show_rows

    def show_rows_then_draw(self, rows):
        show_rows(self, rows)
        self.app.export_screenshot()  # draws every widget on the screen, as a refresh does

    monkeypatch.setattr(CaseTable, "show_rows", show_rows_then_draw)
    async with app.run_test(size=(108, 30)) as pilot:
        await docket_ready(pilot)
        first = table_rows(cases(pilot))[0]
        drawn = screen_lines(pilot.app)[6]  # header, summary, two filter rows, gap, column titles
        assert first[HEARING] in drawn, drawn
        assert first[CASE_NO] in drawn, drawn


async def test_opening_a_screening_and_escaping_changes_nothing(app, docket_engine):
    """The reported bug: Escape out of a just-opened screening counted the case as screened and
    sorted it behind every unscreened case. Opening (and paging through steps without an answer)
    now writes nothing; the first answer creates the draft, which reads "in progress" and keeps
    its place."""
    from courtscreen.tui.screens.screening import ScreeningScreen

    def stored() -> tuple[int, int]:
        return (scalar(docket_engine, "SELECT count(*) FROM screening"),
                scalar(docket_engine, "SELECT count(*) FROM audit_entry WHERE record = 'screening'"))

    async def open_screening():
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ScreeningScreen), what="wizard")
        await settle(pilot)

    async def back_to_docket():
        await pilot.press("escape")  # the wizard
        await settle(pilot)
        await pilot.press("escape")  # the case view, back to the docket
        await settle(pilot)
        assert pilot.app.screen is docket

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        docket = pilot.app.screen
        first = row_ids(pilot)[0]
        assert "screened 0/300" in text_of(docket.query_one("#summary"))
        await open_screening()
        await pilot.press("pagedown", "pageup")  # through the steps, nothing answered
        await settle(pilot)
        await back_to_docket()
        summary = text_of(docket.query_one("#summary"))
        assert "screened 0/300" in summary and "in progress" not in summary, summary
        assert row_ids(pilot)[0] == first
        assert table_rows(cases(pilot))[0][SCREENING] == "—"
        assert stored() == (0, 0)  # no draft, nothing audited
        assert scalar(docket_engine, "SELECT screening_status FROM court_case WHERE id = :i",
                      i=first) == "not_screened"

        await open_screening()
        pilot.app.screen.query_one("#role").focus()
        await pilot.press("1")  # the first answer: "Clerk"
        await pilot.press("pagedown")  # saved as the wizard moves on
        await settle(pilot)
        await wait_until(pilot, lambda: stored()[0] == 1, what="the draft")
        await back_to_docket()
        summary = text_of(docket.query_one("#summary"))
        assert "screened 0/300 · 1 in progress" in summary, summary
        assert row_ids(pilot)[0] == first  # still at the top, where the clerk left it
        assert table_rows(cases(pilot))[0][SCREENING] == "in progress"

        select = docket.query_one("#screening", Select)
        select.value = ScreeningStatus.IN_PROGRESS  # the worklist can show just the drafts
        await settle(pilot)
        assert row_ids(pilot) == [first]


async def test_after_the_list_resorts_the_cursor_stays_on_the_case_worked_on(app, docket_engine):
    """Cases above the one being worked on get screened meanwhile and sort away; back on the
    docket, Enter must open the case just worked on, not the one that took its row."""
    from courtscreen.tui.screens.case_view import CaseScreen

    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        docket = pilot.app.screen
        cases(pilot).move_cursor(row=10)
        await pilot.pause()
        before = row_ids(pilot)
        worked_on = before[10]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseScreen), what="the case")
        for other in before[:3]:  # completed in another session: they sort after the unscreened
            record = screenings.start_screening(docket_engine, other, "clerk")
            screenings.save(docket_engine, record, record.answers, "clerk", complete=True)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is docket
        assert row_ids(pilot).index(worked_on) == 7  # re-sorted: three rows up
        assert row_ids(pilot)[cases(pilot).cursor_row] == worked_on
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseScreen), what="the case")
        assert pilot.app.screen.case_id == worked_on


async def test_the_footer_shows_the_docket_keys_at_80x24(make_app, docket_engine):
    """At 80 columns the footer used to stop at "g Docume": ], [ and c were never seen. Now it
    holds the keys for working the list and ? Help; People, Export and Documents join it from
    100 columns on (they are in ? and ctrl+p at every width)."""
    from tuikit import screen_lines

    async with make_app(docket_engine).run_test(size=(80, 24)) as pilot:
        await docket_ready(pilot)
        footer = screen_lines(pilot.app)[-1]
        for key in ("/ Search", "f Flagged", "i Import", "] Next", "[ Prev", "c Clear", "? Help"):
            assert key in footer, footer
        assert "g Documents" not in footer and "e Export" not in footer
        await pilot.press("g")  # still works
        await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == "BatchGenerateScreen",
                         what="the batch screen")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        footer = screen_lines(pilot.app)[-1]
        for key in ("p People", "e Export", "g Documents", "] Next", "? Help", "^q Quit"):
            assert key in footer, footer
