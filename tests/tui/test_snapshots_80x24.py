"""Every dialog and form at 80x24 and 120x40: buttons on screen, fields wide enough, labels whole.

Regenerate deliberately and LOOK at the SVGs:
    .venv/bin/pytest tests/tui/test_snapshots_80x24.py --snapshot-update
The sample docket and the fixed "today" keep the pictures from drifting.
"""

from __future__ import annotations

import pytest
from tuikit import docket_ready, picture_ready, settle, text_of, wait_until

from courtscreen.tui.screens.case_view import CaseScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _open_case(pilot) -> None:
    await docket_ready(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CaseScreen)
                     and "Why this case is flagged" in text_of(pilot.app.screen.query_one("#case-detail")),
                     what="the case to load")
    await settle(pilot)


async def _findings(pilot) -> None:
    from courtscreen.tui.screens.findings import FindingsScreen

    await _open_case(pilot)
    await pilot.press("f")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FindingsScreen), what="findings")
    await settle(pilot)


def _keys_after(opener, *keys, pause: float = 0.3):
    async def run_before(pilot):
        await opener(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await picture_ready(pilot, pause)

    return run_before


SCREENS = {
    "export": _keys_after(docket_ready, "e"),
    "batch_generate": _keys_after(docket_ready, "g"),
    "people": _keys_after(docket_ready, "p"),
    "generate": _keys_after(_open_case, "g"),
    "incident": _keys_after(_findings, "a"),
    "conclusions": _keys_after(_findings, "c"),
    "protected_details": _keys_after(_findings, "p"),
    "import": _keys_after(docket_ready, "i"),
}


@pytest.fixture(autouse=True)
def fixed_export_folder(monkeypatch):
    """The export dialog proposes the user's Documents folder: a fixed one, so the picture does
    not show this machine's home folder."""
    from pathlib import Path

    from courtscreen.tui.screens import export_dialog

    monkeypatch.setattr(export_dialog, "default_folder", lambda: Path("/home/clerk/Documents"))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_at_size(snap_compare, app, name, size):
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[name])


@pytest.mark.parametrize("name", ["conclusions", "protected_details", "incident", "export",
                                  "batch_generate", "import"])
async def test_every_button_is_on_screen_at_80x24(app, name):
    """Each button of the dialog is drawn where a click reaches it (not clipped or off-screen)."""
    from textual.widgets import Button

    async with app.run_test(size=(80, 24)) as pilot:
        await SCREENS[name](pilot)
        screen = pilot.app.screen
        buttons = [b for b in screen.query(Button) if b.display]
        assert buttons, name
        for button in buttons:
            region = button.region
            assert region.height > 0 and region.right <= 80 and region.bottom <= 24, (name, button)
            x, y = region.x + region.width // 2, region.y + region.height // 2
            hit, _ = screen.get_widget_at(x, y)
            assert hit is button or button in hit.ancestors_with_self, (name, str(button.label), hit)
