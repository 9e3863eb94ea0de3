"""The docket says why each case is where it is (issue 20): the Tier column in words, a
"why here" line for the highlighted case (with the linked case that raised it), and a
Court column and court filter when the database holds several courts."""

from __future__ import annotations

import sqlalchemy as sa
from textual.widgets import Select
from tuikit import (
    CASE_NO,
    FLAGS,
    SIZE,
    column,
    db_rows,
    docket_ready,
    scalar,
    select_options,
    settle,
    table_rows,
    text_of,
    wait_until,
)

from courtscreen.domain.triage import Tier, tier_of_priority


def cases(pilot):
    return pilot.app.screen.query_one("#cases")


def why(pilot) -> str:
    return text_of(pilot.app.screen.query_one("#why-here"))


TIER_CELL = {Tier.STALKING: "⚑stalking", Tier.LINKED: "⚑linked", Tier.PATTERN: "⚑pattern",
             Tier.CASE_TYPE: "⚑type", Tier.NONE: ""}


async def test_why_here_follows_the_highlighted_case(app, docket_engine):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        rows = table_rows(cases(pilot))
        first = rows[0]
        best = scalar(docket_engine, "SELECT min(priority) FROM court_case")
        assert first[FLAGS] == TIER_CELL[tier_of_priority(best)]
        assert why(pilot).startswith(f"Why here ({first[CASE_NO]}): ")
        assert why(pilot).endswith("then nearest hearing first")

        # each row's Tier cell agrees with the database, and the line follows the cursor
        priorities = dict(db_rows(docket_engine, "SELECT case_number, priority FROM court_case"))
        for row in rows[:30]:
            assert row[FLAGS] == TIER_CELL[tier_of_priority(priorities[row[CASE_NO]])] or \
                   row[FLAGS] == "⚑", row
        await pilot.press("down")
        await settle(pilot)
        assert why(pilot).startswith(f"Why here ({rows[1][CASE_NO]}): ")


async def test_a_linked_case_says_which_case_raised_it(app, docket_engine):
    number, name, other = db_rows(docket_engine, """
        SELECT c.case_number, p.full_name, o.case_number FROM court_case c
        JOIN case_party a ON a.case_id = c.id JOIN party p ON p.id = a.party_id
        JOIN party_person ga ON ga.party_id = a.party_id
        JOIN party_person gb ON gb.person_id = ga.person_id
        JOIN case_party b ON b.party_id = gb.party_id AND b.case_id <> c.id
        JOIN court_case o ON o.id = b.case_id
        WHERE c.priority = 25 AND NOT p.is_organisation AND o.case_type = 'protection_order'
        ORDER BY c.case_number LIMIT 1""")[0]
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        pilot.app.screen.query_one("#search").value = number
        await settle(pilot)
        assert column(cases(pilot), CASE_NO)[0] == number
        assert table_rows(cases(pilot))[0][FLAGS] == "⚑linked"
        await wait_until(pilot, lambda: "is a party to" in why(pilot), what="the linked case")
        text = why(pilot)
        assert text.startswith(f"Why here ({number}): raised by a linked case: ")
        assert f"{name} is a party to" in text and "a protection order" in text


async def test_several_courts_show_a_court_column_and_filter(app, docket_engine):
    courts = [c for (c,) in db_rows(docket_engine, "SELECT DISTINCT court FROM court_case ORDER BY 1")]
    assert len(courts) > 1
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await settle(pilot)
        titles = [str(c.label) for c in cases(pilot).ordered_columns]
        assert "Court" in titles
        select = pilot.app.screen.query_one("#court", Select)
        assert select.display
        assert [label for label, _ in select_options(select)] == ["Any court", *courts]
        select.value = courts[0]
        await settle(pilot)
        expected = scalar(docket_engine, "SELECT count(*) FROM court_case WHERE court = :c", c=courts[0])
        assert f"of {expected} " in text_of(pilot.app.screen.query_one("#status"))
        shown = {r["Court"] for r in table_rows(cases(pilot))}
        # "Bexley County Superior Court" reads "Bexley Superior": the words all courts share go
        assert shown == {" ".join(w for w in courts[0].split() if w not in ("County", "Court"))}


async def test_one_court_shows_no_court_column(make_app, empty_engine, tmp_path):
    from helpers.dockets import FAMILY, GOOD_ROWS, docket_csv

    from courtscreen.domain.case_types import CaseTypeRules
    from courtscreen.importing.service import ImportOptions, import_docket

    path = docket_csv(tmp_path / "one.csv", [r for r in GOOD_ROWS if r[1] == FAMILY])
    import_docket(empty_engine, path, ImportOptions(), CaseTypeRules.load(), "clerk")
    with empty_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(DISTINCT court) FROM court_case")).scalar_one() == 1
    async with make_app(empty_engine).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: pilot.app.screen.filters_ready, what="the filters")
        await settle(pilot)
        assert "Court" not in [str(c.label) for c in cases(pilot).ordered_columns]
        assert not pilot.app.screen.query_one("#court", Select).display
