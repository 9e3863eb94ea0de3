"""What a role allows in the app: a clerk cannot open the confidential details or see a confidential
location (it is kept as recorded when the clerk saves), and the header says who is working as what."""

from __future__ import annotations

from datetime import date

from tuikit import settle, wait_until

from courtscreen.domain.findings import parse_incident
from courtscreen.domain.roles import load_roles
from courtscreen.store import findings as store
from courtscreen.store.access import access_for
from courtscreen.store.screenings import find_case_id
from courtscreen.store.users import add_user
from courtscreen.tui.screens.findings import FindingsScreen
from courtscreen.tui.screens.incident_form import IncidentForm

ROLES = load_roles()


async def test_a_clerk_cannot_see_confidential_details(make_app, docket_engine):
    add_user(docket_engine, access_for(docket_engine, "Ada"), "Ada", "administrator", ROLES)
    add_user(docket_engine, access_for(docket_engine, "Ada"), "clerk", "clerk", ROLES)
    case_id = find_case_id(docket_engine, "2026-PFA-00378")
    first = store.add_incident(docket_engine, case_id, parse_incident(
        {"when": "2026-05-01", "description": "waited outside her flat", "location": "9 Wren Court",
         "location_confidential": True}, date(2026, 11, 23)), "Ada")
    app = make_app(docket_engine)
    assert app.access.role.id == "clerk"
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        assert pilot.app.sub_title == "clerk · Clerk"
        pilot.app.push_screen(FindingsScreen(case_id))
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen)
                         and pilot.app.screen.found is not None, what="findings")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FindingsScreen)
        assert any("may not see confidential details" in n.message for n in pilot.app._notifications)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, IncidentForm), what="the form")
        form = pilot.app.screen
        location = form.query_one("#location")
        assert location.value == "" and location.disabled and "hidden for your role" in location.placeholder
        form.query_one("#finding").value = "proven"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen), what="saved")
    saved = store.get_incident(docket_engine, first.id)
    assert (saved.finding, saved.location, saved.location_confidential) == ("proven", "9 Wren Court", True)
