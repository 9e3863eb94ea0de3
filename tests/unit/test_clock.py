"""COURTSCREEN_TODAY orders the worklist as on a given day (training, reproducing, tests)."""

from __future__ import annotations

from datetime import date

import pytest

from courtscreen import clock
from courtscreen.store.worklist import WorklistFilter


def test_the_worklist_day_follows_courtscreen_today(monkeypatch):
    monkeypatch.setenv("COURTSCREEN_TODAY", "2026-12-09")
    assert clock.today() == date(2026, 12, 9) and WorklistFilter().today == date(2026, 12, 9)
    monkeypatch.delenv("COURTSCREEN_TODAY")
    assert clock.today() == date.today()


def test_a_today_that_is_not_a_date_says_how_to_write_it(monkeypatch):
    monkeypatch.setenv("COURTSCREEN_TODAY", "next monday")
    with pytest.raises(clock.ClockError, match="COURTSCREEN_TODAY='next monday' is not a date; write it as "
                                               "YYYY-MM-DD"):
        clock.today()
