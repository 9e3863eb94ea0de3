"""Typing fast into the docket's search reads and draws the page for the last key only: the
first key of a burst is searched at once, the keys after it once typing pauses."""

from __future__ import annotations

from textual.widgets import Input
from tuikit import SIZE, docket_ready, settle, table_rows, wait_until

from courtscreen.tui import docket_loader
from courtscreen.tui.screens import docket as docket_module


async def test_a_burst_of_keys_is_one_search_for_the_last_key(app, docket_engine, monkeypatch):
    asked: list[str] = []
    original = docket_loader.worklist.page

    def page(engine, f, offset=0, limit=100):
        asked.append(f.search)
        return original(engine, f, offset, limit)

    monkeypatch.setattr(docket_loader.worklist, "page", page)
    monkeypatch.setattr(docket_module, "SEARCH_BURST", 1.0)  # every key below falls in the burst
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        await settle(pilot)
        asked.clear()
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"quill")
        await settle(pilot)
        screen = pilot.app.screen
        await wait_until(pilot, lambda: screen.criteria.search == "quill", what="the search")
        await settle(pilot)
        assert screen.query_one("#search", Input).value == "quill"
        assert [s for s in asked if s] == ["q", "quill"]  # "qu", "qui", "quil" never read
        rows = table_rows(screen.query_one("#cases"))
        expected = original(docket_engine, screen.criteria)
        assert rows and len(rows) == len(expected)  # the table shows the page for "quill"
