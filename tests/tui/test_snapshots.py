"""Screenshots of the main screens, compared with the accepted SVGs in __snapshots__/.

After a deliberate change to the screens, regenerate and LOOK at the new images:
    .venv/bin/pytest tests/tui/test_snapshots.py --snapshot-update
The app's "today" is fixed and the database is the bundled sample, so the pictures do not drift.
"""

from __future__ import annotations

import shutil

import pytest
from tuikit import SAMPLE_CSV, docket_ready, log_contains, picture_ready, settle, text_of, wait_until

from courtscreen.tui.screens.case_view import CaseScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _docket(pilot) -> None:
    await docket_ready(pilot)
    await picture_ready(pilot)


async def _case(pilot) -> None:
    await docket_ready(pilot)
    await pilot.press("enter")  # the first case in priority order
    await settle(pilot)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseScreen)
                     and "Why this case is flagged" in text_of(pilot.app.screen.query_one("#case-detail")),
                     what="the case to load")
    await settle(pilot)
    await picture_ready(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_docket_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_docket)


@pytest.mark.parametrize("size", SIZES)
def test_case_view(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=_case)


def test_help_screen(snap_compare, app):
    async def run_before(pilot):
        await docket_ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_import_preview(snap_compare, app, tmp_path, monkeypatch):
    shutil.copy(SAMPLE_CSV, tmp_path / "docket.csv")
    monkeypatch.chdir(tmp_path)  # a relative path, so the picture holds no machine-specific folder

    async def run_before(pilot):
        await docket_ready(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*"docket.csv", "enter")
        await settle(pilot)
        log = pilot.app.screen.query_one("#import-log")
        await wait_until(pilot, lambda: log_contains(log, "press Import"), what="the preview")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
