"""Quitting while the docket is still coming up ends the app cleanly, never with a traceback.

The docket shows its first page, then mounts the filter row and reads the summary and judge
list in threads. CI once ended a test at that moment: a Select torn down between compose and
mount (NoMatches: SelectOverlay), and a summary looked up from its thread after the screen was
gone (NoMatches: SummaryBar). Quitting at each of the next few moments covers both.
"""

from __future__ import annotations

import pytest
from helpers.dockets import FAMILY, HEADER, docket_csv
from tuikit import wait_until

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket

ROWS = [["2026-CU-00110", FAMILY, "Custody", "Modify parenting time", "2026-12-05", "", "",
         "Quill, Anna", "Quill, Robert J."]]


@pytest.mark.parametrize("moments", range(12))
async def test_quitting_as_the_docket_comes_up_is_clean(empty_engine, make_app, tmp_path, moments):
    import_docket(empty_engine, docket_csv(tmp_path / "d.csv", ROWS, HEADER), ImportOptions(),
                  CaseTypeRules.load(), "clerk", link=False)
    app = make_app(empty_engine)
    async with app.run_test(size=(100, 30)) as pilot:  # raises the app's error, if any, on leaving
        await wait_until(pilot, lambda: getattr(app.screen, "_ready_reported", False),
                         what="the first page of cases")
        for _ in range(moments):
            await pilot.pause(0)
        assert app.screen.query("#cases")
