"""The app writes the audit trail (issue 17): opening the protected-details screen is a logged read, a
refused action is logged with who tried what."""

from __future__ import annotations

from tuikit import settle, wait_until

from courtscreen.domain.roles import load_roles
from courtscreen.store import findings as store
from courtscreen.store.access import access_for
from courtscreen.store.screenings import find_case_id
from courtscreen.store.trail import trail_rows
from courtscreen.store.users import add_user
from courtscreen.tui.screens.findings import FindingsScreen
from courtscreen.tui.screens.protected_details import ProtectedDetails

ROLES = load_roles()
PO = "2026-PFA-00378"


async def open_findings(pilot, case_id):
    pilot.app.push_screen(FindingsScreen(case_id))
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen)
                     and pilot.app.screen.found is not None, what="findings")
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)


async def test_a_clerks_refused_look_at_confidential_details_is_logged(make_app, docket_engine):
    add_user(docket_engine, access_for(docket_engine, "Ada"), "Ada", "administrator", ROLES)
    add_user(docket_engine, access_for(docket_engine, "Ada"), "clerk", "clerk", ROLES)
    app = make_app(docket_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_findings(pilot, find_case_id(docket_engine, PO))
        assert isinstance(pilot.app.screen, FindingsScreen)
    refusals = [r for r in trail_rows(docket_engine) if r.event == "refused"]
    assert [(r.user_name, r.outcome) for r in refusals] == [("clerk", "refused")]
    assert "see confidential details" in refusals[0].detail


async def test_opening_the_protected_details_screen_is_a_logged_read(make_app, docket_engine):
    case_id = find_case_id(docket_engine, PO)
    store.add_protected(docket_engine, case_id, "school", "Fernhill Primary", "clerk")
    app = make_app(docket_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_findings(pilot, case_id)
        assert isinstance(pilot.app.screen, ProtectedDetails)
    (read,) = [r for r in trail_rows(docket_engine) if r.event == "read"]
    assert (read.user_name, read.case_id, read.table_name) == ("clerk", case_id, "protected_detail")
    assert "protected-details screen" in read.detail
