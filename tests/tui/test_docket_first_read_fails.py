"""A first page that cannot be read still leaves a working docket: the error is on the status
line, the filter row comes up and the linking-owed check runs, and the next read (here, the
clerk pressing c to clear the filters) shows the cases. Before, the filter row and the checks
waited for a first page that never came."""

from __future__ import annotations

from helpers.dockets import FAMILY, HEADER, docket_csv
from tuikit import wait_until

from courtscreen.domain.case_types import CaseTypeRules
from courtscreen.importing.service import ImportOptions, import_docket
from courtscreen.tui.docket_loader import PageLoader

ROWS = [["2026-CU-00120", FAMILY, "Custody", "Modify parenting time", "2026-12-05", "", "",
         "Quill, Anna", "Quill, Robert J."]]


async def test_a_failed_first_read_still_mounts_the_filters(empty_engine, make_app, tmp_path,
                                                            monkeypatch):
    import_docket(empty_engine, docket_csv(tmp_path / "d.csv", ROWS, HEADER), ImportOptions(),
                  CaseTypeRules.load(), "clerk", link=False)
    real, failed = PageLoader._page, []

    def first_read_fails(self, engine, criteria, offset):
        if not failed:
            failed.append(offset)
            raise OSError("disk I/O error")
        return real(self, engine, criteria, offset)

    monkeypatch.setattr(PageLoader, "_page", first_read_fails)
    app = make_app(empty_engine)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.filters_ready, what="the filter row")
        assert failed == [0]
        assert "Could not read the docket: disk I/O error" in str(screen.query_one("#status").render())
        await pilot.press("c")
        await wait_until(pilot, lambda: screen.query_one("#cases").row_count == 1,
                         what="the cases after the next read")
