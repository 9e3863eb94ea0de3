"""Session lock (issue 17): after the idle time the app hides every case and asks the user to sign in
again; a key press counts as activity; Escape does not uncover the case."""

from __future__ import annotations

import re

from tuikit import SIZE, docket_ready, settle, text_of

from courtscreen.tui.screens.docket import DocketScreen
from courtscreen.tui.screens.session_lock import SessionLock, lock_minutes


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def visible(app) -> str:
    svg = app.export_screenshot()
    return re.sub(r"&#160;|\s+", " ", re.sub(r"<[^>]+>", " ", svg))


async def test_idle_time_hides_the_docket_until_the_user_signs_in_again(app):
    clock = FakeClock()
    app.idle.clock = clock
    async with app.run_test(size=SIZE) as pilot:
        await docket_ready(pilot)
        app.idle.last = clock.now
        number = "2026"  # every sample case number carries the year
        assert number in visible(app)
        clock.now += 29 * 60
        await pilot.press("down")  # activity restarts the count
        clock.now += 29 * 60
        app.idle.check()
        await pilot.pause()
        assert isinstance(app.screen, DocketScreen)
        clock.now += 31 * 60
        app.idle.check()
        await pilot.pause()
        assert isinstance(app.screen, SessionLock)
        shown = visible(app)
        assert "courtscreen is locked" in shown and "Type your name (clerk)" in shown
        assert number not in shown, "case data shows through the lock screen"
        await pilot.press("escape")
        assert isinstance(app.screen, SessionLock)
        await pilot.press(*"someone", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionLock)
        assert "not the name you signed in with" in text_of(app.screen.query_one("#lock-problem"))
        await pilot.press(*"clerk", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DocketScreen) and not app.idle.locked


def test_the_idle_time_is_configurable(monkeypatch):
    assert lock_minutes() == 30
    monkeypatch.setenv("COURTSCREEN_LOCK_MINUTES", "5")
    assert lock_minutes() == 5
    monkeypatch.setenv("COURTSCREEN_LOCK_MINUTES", "0")
    assert lock_minutes() == 0
