"""Issue 15: an unfinished linking is said at start-up, on the docket, with how to resume it
from the app; the line goes once the linking is done."""

from __future__ import annotations

from helpers.dockets import FAMILY, HEADER, docket_csv
from tuikit import settle, wait_until

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.store import people
from courtscreen.tui.widgets import linking_owed

ROWS = [
    ["2026-CU-00110", FAMILY, "Custody", "Modify parenting time", "2026-12-05", "", "",
     "Quill, Anna", "Quill, Robert J."],
    ["2026-PFA-00102", FAMILY, "", "Relief from abuse", "2026-12-02", "10:30 AM", "",
     "QUILL, ANNA", "Bob J. Quill"],
]


def _line(app) -> str:
    found = app.screen.query("#linking-owed")
    return str(found.first().render()) if found else ""


async def test_owed_linking_is_a_line_on_the_docket_until_it_is_done(empty_engine, make_app, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setattr(linking_owed, "RECHECK_SECONDS", 0.2)
    import_docket(empty_engine, docket_csv(tmp_path / "d.csv", ROWS, HEADER), ImportOptions(),
                  CaseTypeRules.load(), "clerk", link=False)  # as a killed linking leaves it
    assert people.linking_owed(empty_engine)
    app = make_app(empty_engine)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: "Linking people is owed for 1 import(s)" in _line(app),
                         what="the owed-linking line")
        assert "ctrl+p → “Link people across cases”" in _line(app)
        people.link_all(empty_engine)  # as the palette's "Link people across cases" does
        await wait_until(pilot, lambda: not app.screen.query("#linking-owed"), what="the line to go")
    assert people.linking_owed(empty_engine) == []


async def test_no_line_when_linking_is_up_to_date(empty_engine, make_app, tmp_path):
    import_docket(empty_engine, docket_csv(tmp_path / "d.csv", ROWS, HEADER), ImportOptions(),
                  CaseTypeRules.load(), "clerk")
    app = make_app(empty_engine)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: app.screen.query("#cases"), what="the docket")
        await settle(pilot)
        await pilot.pause(0.3)
        assert not app.screen.query("#linking-owed")
