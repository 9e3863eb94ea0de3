"""Drawing the docket costs the UI thread as little as it can, with the same picture.

- The lines above and below the list (summary, "why here", status) change with every page and
  every row the cursor moves to; they are one line high whatever they say, so a change never
  lays the whole screen out again (a second layout and drawing of the screen per page before).
- A new page frees the previous page's drawing at once: Textual's caches link their entries in
  a ring, and a cleared ring waited for a full garbage collection (a 60-80 ms stall every few
  pages); the table breaks the ring when it clears its caches.
"""

from __future__ import annotations

import gc
import weakref

from textual.app import App
from textual.cache import LRUCache
from textual.screen import Screen
from tuikit import CASE_NO, SIZE, docket_ready, settle, table_rows, text_of

from courtscreen.tui.widgets.case_table import unlink
from courtscreen.tui.widgets.status_line import StatusLine


def count_layouts(monkeypatch) -> list[int]:
    layouts = [0]
    original = Screen._refresh_layout

    def counting(self, *args, **kwargs):
        layouts[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return layouts


async def test_a_status_line_shows_new_text_without_a_layout(monkeypatch):
    class OneLine(App):
        CSS = "StatusLine { height: 1; }"

        def compose(self):
            yield StatusLine("first", id="line")

    app = OneLine()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        layouts = count_layouts(monkeypatch)
        line = app.query_one("#line", StatusLine)
        line.update("a much longer second text")
        await pilot.pause()
        assert text_of(line) == "a much longer second text"
        assert "a much longer second text" in "".join(
            s.text for s in app.screen._compositor.render_strips()[0])
        assert layouts[0] == 0
        line.update("a much longer second text")  # the same again: nothing to draw
        assert not line._repaint_required


async def test_a_page_flip_and_a_cursor_move_lay_nothing_out(app, monkeypatch):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        layouts = count_layouts(monkeypatch)
        status = pilot.app.screen.query_one("#status")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert text_of(status).startswith("Cases 101–200 of 300")
        first = table_rows(pilot.app.screen.query_one("#cases"))[0][CASE_NO]
        assert text_of(pilot.app.screen.query_one("#why-here")).startswith(f"Why here ({first})")
        await pilot.press("down")
        await settle(pilot)
        second = table_rows(pilot.app.screen.query_one("#cases"))[1][CASE_NO]
        assert text_of(pilot.app.screen.query_one("#why-here")).startswith(f"Why here ({second})")
        assert layouts[0] == 0


async def test_a_new_page_frees_the_last_pages_drawing_without_the_collector(app):
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        table = pilot.app.screen.query_one("#cases")
        await pilot.pause()
        gone = weakref.ref(table.ordered_rows[0])  # page 1's first row, drawn on screen
        assert table._line_cache
        gc.disable()
        try:
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert text_of(pilot.app.screen.query_one("#status")).startswith("Cases 101–200")
            assert gone() is None, "page 1's drawing is waiting for the cyclic collector"
        finally:
            gc.enable()


def test_an_unlinked_cache_frees_its_values_by_reference_counting():
    class Value:
        pass

    def filled() -> tuple[LRUCache, weakref.ref]:
        cache: LRUCache = LRUCache(10)
        value = Value()
        for key in range(5):
            cache[key] = value if key == 2 else Value()
        return cache, weakref.ref(value)

    gc.disable()
    try:
        plain, kept = filled()
        plain.clear()
        assert kept() is not None  # Textual's own clear leaves a cycle behind
        unlinked, freed = filled()
        unlink(unlinked)
        assert freed() is None and len(unlinked) == 0
        unlinked[1] = "still usable"
        assert unlinked.get(1) == "still usable"
    finally:
        gc.enable()
        gc.collect()
